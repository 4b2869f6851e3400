// "200 OK"-style status code + reason phrase for the HTTP/1.x status line.
#pragma once
#include <string_view>

namespace trident::http1 {

// Returns "<code> <reason>" for a known code; an unknown code in 100..999 gets a generic
// reason of its class. The view refers to static storage.
std::string_view status_line(int status);
// Reason phrase alone ("OK"), empty for unknown codes.
std::string_view reason_phrase(int status);

}  // namespace trident::http1
