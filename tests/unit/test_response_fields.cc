#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "trident/http/response_fields.h"
#include "trident/ipc/frame.h"

using trident::HeaderField;
using trident::http::ResponseFields;
namespace ipc = trident::ipc;

namespace {

struct Head {
    std::vector<uint8_t> buf = std::vector<uint8_t>(4096);
    ipc::ResponseHeadView view;
    Head(uint16_t status, std::vector<std::pair<std::string, std::string>> headers, std::string body, bool trailers = false) {
        ipc::ResponseHeadWriter w(buf.data(), buf.size(), status);
        for (auto& [n, v] : headers) w.add_header(n, v);
        w.set_body(body);
        REQUIRE_FALSE(w.overflow());
        auto rc = trailers ? ipc::decode_response_trailers(buf.data(), w.size(), view)
                           : ipc::decode_response_head(buf.data(), w.size(), view);
        REQUIRE(rc == ipc::DecodeError::None);
    }
};

std::string dump(const ResponseFields& rf) {
    std::string out;
    for (const HeaderField& f : rf.fields()) out.append(f.name).append(": ").append(f.value).append("\n");
    return out;
}

}  // namespace

TEST_CASE("response fields: names lowered, connection-specific fields and the handler's Date dropped", "[response_fields]") {
    Head h(200, {{"Content-Type", "text/plain"}, {"Connection", "close"}, {"Transfer-Encoding", "chunked"},
                 {"Keep-Alive", "5"}, {"Upgrade", "h2c"}, {"Proxy-Connection", "x"}, {"Date", "yesterday"},
                 {"X-Custom-HEADER", "Value Kept"}, {":reason", "Fine"}},
           "hello");
    ResponseFields rf;
    rf.build(h.view, true, "Sun, 22 Nov 2026 08:00:00 GMT", "");
    CHECK(dump(rf) == "date: Sun, 22 Nov 2026 08:00:00 GMT\ncontent-type: text/plain\nx-custom-header: Value Kept\n"
                      "content-length: 5\n");
}

TEST_CASE("response fields: Content-Length only for a complete response with a body status and none of its own", "[response_fields]") {
    ResponseFields rf;
    Head streamed(200, {}, "part");
    rf.build(streamed.view, false, "D", "");
    CHECK(dump(rf) == "date: D\n");
    Head own(200, {{"Content-Length", "99"}}, "");
    rf.build(own.view, true, "D", "");
    CHECK(dump(rf) == "date: D\ncontent-length: 99\n");
    Head nocontent(204, {}, "");
    rf.build(nocontent.view, true, "D", "");
    CHECK(dump(rf) == "date: D\n");
    Head empty(200, {}, "");
    rf.build(empty.view, true, "D", "");
    CHECK(dump(rf) == "date: D\ncontent-length: 0\n");
    CHECK(ResponseFields::bodyless_status(304));
    CHECK(ResponseFields::bodyless_status(101));
    CHECK_FALSE(ResponseFields::bodyless_status(200));
}

TEST_CASE("response fields: Alt-Svc added unless the handler set one", "[response_fields]") {
    ResponseFields rf;
    Head plain(200, {}, "x");
    rf.build(plain.view, true, "D", "h3=\":443\"; ma=86400");
    CHECK(dump(rf) == "date: D\ncontent-length: 1\nalt-svc: h3=\":443\"; ma=86400\n");
    Head own(200, {{"Alt-Svc", "clear"}}, "x");
    rf.build(own.view, true, "D", "h3=\":443\"; ma=86400");
    CHECK(dump(rf) == "date: D\nalt-svc: clear\ncontent-length: 1\n");
}

TEST_CASE("response fields: many long names keep every view valid (one arena, reserved)", "[response_fields]") {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string want = "date: D\n";
    for (int i = 0; i < 40; ++i) {
        std::string n = "X-Header-Number-" + std::to_string(i) + std::string(20, 'A');
        headers.emplace_back(n, "v" + std::to_string(i));
        std::string lower;
        for (char c : n) lower.push_back((c >= 'A' && c <= 'Z') ? char(c + 32) : c);
        want += lower + ": v" + std::to_string(i) + "\n";
    }
    Head h(200, headers, "");
    ResponseFields rf;
    rf.build(h.view, false, "D", "");
    CHECK(dump(rf) == want);
}

TEST_CASE("response fields: trailers are lowered and kept as they are", "[response_fields]") {
    Head t(0, {{"X-Checksum", "abc"}, {"Grpc-Status", "0"}}, "", true);
    ResponseFields rf;
    rf.build_trailers(t.view);
    CHECK(dump(rf) == "x-checksum: abc\ngrpc-status: 0\n");
}
