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
    LocalResponse(int status, std::string_view message, std::string_view date) : status_(status) {
        body_.assign(message.data(), message.size());
        body_.push_back('\n');
        int n = snprintf(length_, sizeof length_, "%zu", body_.size());
        fields_ = {{"content-type", "text/plain"},
                   {"content-length", std::string_view(length_, size_t(n))},
                   {"date", date}};
    }
    LocalResponse(const LocalResponse&) = delete;
    LocalResponse& operator=(const LocalResponse&) = delete;

    int status() const { return status_; }
    // Lower-case names (HTTP/2 and HTTP/3 require them; HTTP/1.1 capitalises them).
    const std::vector<HeaderField>& fields() const { return fields_; }
    std::string_view body() const { return body_; }

private:
    int status_;
    std::string body_;
    char length_[24] = {};
    std::vector<HeaderField> fields_;
};

}  // namespace trident::stream
