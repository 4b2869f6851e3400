// libFuzzer target for the static file handler's request parsing (server/static_files.h): the
// target path rules, Range, the conditional decision and Accept-Encoding.
//
// Input layout: byte 0 holds flags (bit 0 allow dotfiles, bit 1 HEAD, bits 2-7 the file size's
// magnitude); the rest is split on '\n' into target, Range, If-Range, If-None-Match,
// If-Modified-Since and Accept-Encoding. Properties checked (abort() on violation): an accepted
// path never has a ".." segment, a NUL, a backslash, a leading '/' or (dotfiles off) a segment
// starting with '.'; a satisfiable range lies inside the file; 206 only with one, 416 only when
// the range is unsatisfiable; q-values are within [0, 1].
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "server/static_files.h"

namespace sf = trident::server::static_files;

namespace {

void check(bool ok) {
    if (!ok) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t flags = data[0];
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string_view parts[6];
    for (auto& p : parts) {
        size_t nl = rest.find('\n');
        p = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    }
    const bool dotfiles = flags & 1;
    static const std::vector<std::string> locations{"/", "/assets"};
    sf::StaticPath path;
    if (sf::resolve_target(parts[0], dotfiles, locations, path) == sf::PathVerdict::Ok) {
        const std::string& r = path.relative;
        check(r.empty() || r.front() != '/');
        check(r.find('\0') == std::string::npos && r.find('\\') == std::string::npos);
        size_t pos = 0;
        while (pos <= r.size()) {
            size_t end = r.find('/', pos);
            if (end == std::string::npos) end = r.size();
            std::string_view seg(r.data() + pos, end - pos);
            check(!r.empty() ? !seg.empty() : true);
            check(seg != ".." && seg != ".");
            if (!dotfiles) check(seg.empty() || seg.front() != '.');
            pos = end + 1;
        }
    }
    const uint64_t file_size = (flags >> 2) == 0 ? 0 : (uint64_t(1) << ((flags >> 2) % 40)) + (flags & 3);
    const sf::ByteRange br = sf::parse_range(parts[1], file_size);
    if (br.kind == sf::ByteRange::Kind::Satisfiable) check(br.first <= br.last && br.last < file_size);

    sf::Conditionals c;
    c.range = parts[1];
    c.if_range = parts[2];
    c.if_none_match = parts[3];
    c.if_modified_since = parts[4];
    c.head = flags & 2;
    const sf::Decision d = sf::decide(c, "\"1-2-3\"", 1700000000, file_size);
    check(d.status == 200 || d.status == 206 || d.status == 304 || d.status == 416);
    if (d.status == 206) check(d.range.kind == sf::ByteRange::Kind::Satisfiable && d.range.last < file_size);
    if (d.status == 416) check(d.range.kind == sf::ByteRange::Kind::Unsatisfiable);
    sf::parse_http_date(parts[4]);
    for (sf::Coding cd : sf::kCodings) {
        double q = sf::accept_encoding_q(parts[5], cd);
        check(q >= 0 && q <= 1);
    }
    return 0;
}
