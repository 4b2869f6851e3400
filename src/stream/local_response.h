// The reactor's own answers (400, 408, 413, 431, 500, 501, 502, 503): one policy for every
// protocol. A short text/plain body saying why, its Content-Length, and the Date; HTTP/1.1
// writes the same fields in its own syntax (with its framing decisions on top).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "trident/core/header_field.h"

namespace trident::stream {

class LocalResponse {
public:
    // lower_case: HTTP/2 and HTTP/3 names; otherwise HTTP/1.1's customary capitals.
    LocalResponse(int status, std::string_view message, std::string_view date, bool lower_case = true)
        : status_(status) {
        body_.assign(message.data(), message.size());
        body_.push_back('\n');
        int n = snprintf(length_, sizeof length_, "%zu", body_.size());
        fields_ = {{lower_case ? "content-type" : "Content-Type", "text/plain"},
                   {lower_case ? "content-length" : "Content-Length", std::string_view(length_, size_t(n))},
                   {lower_case ? "date" : "Date", date}};
    }
    LocalResponse(const LocalResponse&) = delete;
    LocalResponse& operator=(const LocalResponse&) = delete;

    int status() const { return status_; }
    const std::vector<HeaderField>& fields() const { return fields_; }
    std::string_view body() const { return body_; }

private:
    int status_;
    std::string body_;
    char length_[24] = {};
    std::vector<HeaderField> fields_;
};

}  // namespace trident::stream
