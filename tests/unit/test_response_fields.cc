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

ResponseFields::Head head(bool complete, std::string_view date = "D", std::string_view alt_svc = {},
                          bool head_method = false, bool lower = true) {
    ResponseFields::Head h;
    h.complete = complete;
    h.head_method = head_method;
    h.date = date;
    h.alt_svc = alt_svc;
    h.names = lower ? ResponseFields::NameCase::Lower : ResponseFields::NameCase::AsGiven;
    return h;
}

TEST_CASE("response fields: names lowered, connection-specific fields and the handler's Date dropped", "[response_fields]") {
    Head h(200, {{"Content-Type", "text/plain"}, {"Connection", "close"}, {"Transfer-Encoding", "chunked"},
                 {"Keep-Alive", "5"}, {"Upgrade", "h2c"}, {"Proxy-Connection", "x"}, {"Date", "yesterday"},
                 {"X-Custom-HEADER", "Value Kept"}, {":reason", "Fine"}},
           "hello");
    ResponseFields rf;
    rf.build(h.view, head(true, "Sun, 22 Nov 2026 08:00:00 GMT"));
    CHECK(dump(rf) == "content-type: text/plain\nx-custom-header: Value Kept\ndate: Sun, 22 Nov 2026 08:00:00 GMT\n"
                      "content-length: 5\n");
    CHECK(rf.close_requested());
    CHECK(rf.content_length() == "5");
}

TEST_CASE("response fields: HTTP/1.1 keeps the handler's spelling and the same policy", "[response_fields]") {
    Head h(200, {{"X-Custom-HEADER", "v"}, {"connection", "Keep-Alive, Close"}, {"CONTENT-LENGTH", "3"}}, "hello");
    ResponseFields rf;
    rf.build(h.view, head(true, "D", "h3=\":443\"", false, /*lower=*/false));
    // A complete body's length is the server's, whatever the handler claimed.
    CHECK(dump(rf) == "X-Custom-HEADER: v\nDate: D\nAlt-Svc: h3=\":443\"\nContent-Length: 5\n");
    CHECK(rf.close_requested());
    Head keep(200, {{"Connection", "keep-alive"}}, "");
    rf.build(keep.view, head(false, "D", {}, false, false));
    CHECK(dump(rf) == "Date: D\n");
    CHECK_FALSE(rf.close_requested());
    CHECK(rf.content_length().empty());
}

TEST_CASE("response fields: Content-Length by status, completeness and method", "[response_fields]") {
    ResponseFields rf;
    Head streamed(200, {}, "part");
    rf.build(streamed.view, head(false));
    CHECK(dump(rf) == "date: D\n");
    Head streamed_own(200, {{"Content-Length", "10"}}, "part");
    rf.build(streamed_own.view, head(false));
    CHECK(dump(rf) == "date: D\ncontent-length: 10\n");
    Head own(200, {{"Content-Length", "99"}}, "");
    rf.build(own.view, head(true));
    CHECK(dump(rf) == "date: D\ncontent-length: 0\n");
    rf.build(own.view, head(true, "D", {}, /*head_method=*/true));
    CHECK(dump(rf) == "date: D\ncontent-length: 99\n");  // HEAD: the length GET would have
    Head nocontent(204, {{"Content-Length", "0"}}, "");
    rf.build(nocontent.view, head(true));
    CHECK(dump(rf) == "date: D\n");
    Head notmodified(304, {{"Content-Length", "12"}}, "");
    rf.build(notmodified.view, head(true));
    CHECK(dump(rf) == "date: D\n");
    Head empty(200, {}, "");
    rf.build(empty.view, head(true));
    CHECK(dump(rf) == "date: D\ncontent-length: 0\n");
    // A handler's length that is not a number is not sent: the body is framed without it.
    for (const char* bad : {"abc", "-1", " 10", "10 ", "1,2", "0x10", "12345678901234567890"}) {
        Head bogus(200, {{"Content-Length", bad}}, "part");
        rf.build(bogus.view, head(false));
        CHECK(dump(rf) == "date: D\n");
        CHECK(rf.content_length().empty());
        rf.build(bogus.view, head(true, "D", {}, /*head_method=*/true));
        CHECK(dump(rf) == "date: D\ncontent-length: 4\n");
    }
    CHECK(ResponseFields::bodyless_status(304));
    CHECK(ResponseFields::bodyless_status(101));
    CHECK_FALSE(ResponseFields::bodyless_status(200));
}

TEST_CASE("response fields: Alt-Svc added unless the handler set one", "[response_fields]") {
    ResponseFields rf;
    Head plain(200, {}, "x");
    rf.build(plain.view, head(true, "D", "h3=\":443\"; ma=86400"));
    CHECK(dump(rf) == "date: D\nalt-svc: h3=\":443\"; ma=86400\ncontent-length: 1\n");
    Head own(200, {{"Alt-Svc", "clear"}}, "x");
    rf.build(own.view, head(true, "D", "h3=\":443\"; ma=86400"));
    CHECK(dump(rf) == "alt-svc: clear\ndate: D\ncontent-length: 1\n");
}

TEST_CASE("response fields: many long names keep every view valid (one arena, reserved)", "[response_fields]") {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string want;
    for (int i = 0; i < 40; ++i) {
        std::string n = "X-Header-Number-" + std::to_string(i) + std::string(20, 'A');
        headers.emplace_back(n, "v" + std::to_string(i));
        std::string lower;
        for (char c : n) lower.push_back((c >= 'A' && c <= 'Z') ? char(c + 32) : c);
        want += lower + ": v" + std::to_string(i) + "\n";
    }
    want += "date: D\n";
    Head h(200, headers, "");
    ResponseFields rf;
    rf.build(h.view, head(false));
    CHECK(dump(rf) == want);
}

TEST_CASE("response fields: trailers are lowered and kept as they are", "[response_fields]") {
    Head t(0, {{"X-Checksum", "abc"}, {"Grpc-Status", "0"}}, "", true);
    ResponseFields rf;
    rf.build_trailers(t.view);
    CHECK(dump(rf) == "x-checksum: abc\ngrpc-status: 0\n");
}
