#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "trident/http1/parser.h"

using trident::http1::kMaxHeaders;
using trident::http1::Limits;
using trident::http1::parse_request_head;
using trident::http1::ParseError;
using trident::http1::RequestHead;
using trident::http1::TargetForm;

namespace {

// Owns the input because the head's views point into it. RequestHead is a few KiB; on the
// heap it keeps the many sections' frames small.
struct Result {
    long rc = 0;
    std::unique_ptr<std::string> input;
    std::unique_ptr<RequestHead> head = std::make_unique<RequestHead>();
    ParseError err;
};

Result parse(const std::string& s, Limits limits = {}) {
    Result r;
    r.input = std::make_unique<std::string>(s);
    r.rc = parse_request_head(r.input->data(), r.input->size(), limits, *r.head, r.err);
    return r;
}

// 0 for a complete, valid head; kIncomplete; or the error status.
constexpr int kIncomplete = 1;
int status_of(const std::string& s, Limits limits = {}) {
    Result r = parse(s, limits);
    if (r.rc > 0) return 0;
    if (r.rc == 0) return kIncomplete;
    return r.rc == -1 ? r.err.status : -2;
}

bool inside(std::string_view v, const std::string& buf) {
    return v.empty() || (v.data() >= buf.data() && v.data() + v.size() <= buf.data() + buf.size());
}

std::string with_host(const std::string& request_line, const std::string& fields = "") {
    return request_line + "\r\nHost: example.com\r\n" + fields + "\r\n";
}

}  // namespace

TEST_CASE("parser: simple GET", "[http1][parser]") {
    std::string req = "GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t\r\n\r\n";
    Result r = parse(req);
    REQUIRE(r.rc == long(req.size()));
    const RequestHead& h = *r.head;
    CHECK(h.method == "GET");
    CHECK(h.target == "/index.html");
    CHECK(h.path == "/index.html");
    CHECK(h.query.empty());
    CHECK(h.version_minor == 1);
    REQUIRE(h.header_count == 2);
    CHECK(h.headers[0].name == "Host");
    CHECK(h.headers[0].value == "example.com");
    CHECK(h.headers[1].name == "User-Agent");
    CHECK(h.headers[1].value == "t");
    CHECK(h.host == "example.com");
    CHECK(h.content_length == -1);
    CHECK_FALSE(h.chunked);
    CHECK(h.keep_alive);
    CHECK_FALSE(h.expect_continue);
    CHECK_FALSE(h.connection_upgrade);
    const std::string& buf = *r.input;
    CHECK(h.method.data() == buf.data());
    for (size_t i = 0; i < h.header_count; ++i) {
        CHECK(inside(h.headers[i].name, buf));
        CHECK(inside(h.headers[i].value, buf));
    }
    CHECK(inside(h.target, buf));
    CHECK(inside(h.host, buf));
}

TEST_CASE("parser: path and query", "[http1][parser]") {
    Result r = parse(with_host("GET /a/b?x=1&y=2 HTTP/1.1"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->path == "/a/b");
    CHECK(r.head->query == "x=1&y=2");

    r = parse(with_host("GET /? HTTP/1.1"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->path == "/");
    CHECK(r.head->query.empty());

    r = parse(with_host("GET /a?b?c HTTP/1.1"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->path == "/a");
    CHECK(r.head->query == "b?c");

    r = parse(with_host("OPTIONS * HTTP/1.1"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->target == "*");
    CHECK(r.head->form == TargetForm::Asterisk);
    CHECK(r.head->origin == "*");

    r = parse(with_host("CONNECT example.com:443 HTTP/1.1"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->method == "CONNECT");
    CHECK(r.head->target == "example.com:443");
    CHECK(r.head->form == TargetForm::Authority);
    CHECK(r.head->host == "example.com:443");

    // The path and query of an absolute-form target are those after its authority.
    r = parse(with_host("GET http://example.com/x?y HTTP/1.1"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->target == "http://example.com/x?y");
    CHECK(r.head->form == TargetForm::Absolute);
    CHECK(r.head->origin == "/x?y");
    CHECK(r.head->path == "/x");
    CHECK(r.head->query == "y");
}

TEST_CASE("parser: absolute-form's authority replaces Host (RFC 9112 §3.2.2)", "[http1][parser]") {
    std::string req = "GET http://evil:8080/x HTTP/1.1\r\nA: 1\r\nHost: good\r\n\r\n";
    Result r = parse(req);
    REQUIRE(r.rc == long(req.size()));
    CHECK(r.head->host == "evil:8080");
    REQUIRE(r.head->header_count == 2);
    CHECK(r.head->headers[1].name == "Host");
    CHECK(r.head->headers[1].value == "evil:8080");
    CHECK(r.head->headers[1].value.data() == r.head->target.data() + 7);
    CHECK(r.head->headers[0].value == "1");

    // HTTP/1.0 without Host: the target's authority is still the request's host.
    r = parse("GET HTTPS://Evil/ HTTP/1.0\r\n\r\n");
    REQUIRE(r.rc > 0);
    CHECK(r.head->host == "Evil");
    CHECK(r.head->header_count == 0);

    // Host is still required in HTTP/1.1, still checked, and still only once.
    CHECK(parse("GET http://evil/ HTTP/1.1\r\n\r\n").err.message == std::string("missing Host"));
    CHECK(parse("GET http://evil/ HTTP/1.1\r\nHost: a b\r\n\r\n").err.message == std::string("invalid Host"));
    CHECK(status_of("GET http://evil/ HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n") == 400);
    CHECK(status_of("GET http://evil/ HTTP/1.1\r\nHost:\r\n\r\n") == 0);
}

TEST_CASE("parser: request-target forms against the method", "[http1][parser]") {
    auto message = [](const std::string& line) {
        Result r = parse(with_host(line));
        return r.rc == -1 && r.err.status == 400 ? std::string(r.err.message) : "status " + std::to_string(r.rc);
    };
    CHECK(message("GET * HTTP/1.1") == "'*' target is only for OPTIONS");
    CHECK(message("options * HTTP/1.1") == "'*' target is only for OPTIONS");
    CHECK(message("GET x/y HTTP/1.1") == "invalid request-target");
    CHECK(message("GET ?x HTTP/1.1") == "invalid request-target");
    CHECK(message("GET ftp://h/ HTTP/1.1") == "invalid request-target");
    CHECK(message("GET http:/h/ HTTP/1.1") == "invalid request-target");
    CHECK(message("GET h:80 HTTP/1.1") == "host:port target is only for CONNECT");
    CHECK(message("GET http://u@h/ HTTP/1.1") == "invalid authority in request-target");
    CHECK(message("GET http:///x HTTP/1.1") == "invalid authority in request-target");
    CHECK(message("CONNECT /x HTTP/1.1") == "CONNECT needs a host:port target");
    CHECK(message("CONNECT h HTTP/1.1") == "CONNECT needs a host:port target");
    // The request line is judged as soon as it is complete.
    CHECK(status_of("GET x/y HTTP/1.1\r\n") == 400);
    CHECK(status_of("GET x/y HTTP/1.1\r") == kIncomplete);
}

TEST_CASE("parser: a long target and value cross the vector loop's edges", "[http1][parser]") {
    for (size_t n : {1, 15, 16, 17, 31, 32, 33, 100}) {
        std::string target = "/" + std::string(n, 'a');
        std::string value(n, 'v');
        std::string req = with_host("GET " + target + " HTTP/1.1", "X: " + value + "\r\n");
        Result r = parse(req);
        REQUIRE(r.rc == long(req.size()));
        CHECK(r.head->target == target);
        CHECK(r.head->headers[1].value == value);
        // The bad byte lands at every position of a 16-byte block.
        std::string bad_target = target;
        bad_target[n] = '\x7f';
        CHECK(status_of(with_host("GET " + bad_target + " HTTP/1.1")) == 400);
        std::string bad_value = value;
        bad_value[n - 1] = '\x01';
        CHECK(status_of(with_host("GET / HTTP/1.1", "X: " + bad_value + "\r\n")) == 400);
    }
}

TEST_CASE("parser: POST with a body leaves the body unconsumed", "[http1][parser]") {
    std::string head = "POST /submit HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n";
    std::string req = head + "hello";
    Result r = parse(req);
    REQUIRE(r.rc == long(head.size()));
    CHECK(r.head->method == "POST");
    CHECK(r.head->content_length == 5);
    CHECK_FALSE(r.head->chunked);
}

TEST_CASE("parser: HTTP/1.0", "[http1][parser]") {
    Result r = parse("GET / HTTP/1.0\r\n\r\n");
    REQUIRE(r.rc == 18);
    CHECK(r.head->version_minor == 0);
    CHECK_FALSE(r.head->keep_alive);
    CHECK(r.head->host.empty());

    r = parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
    REQUIRE(r.rc > 0);
    CHECK(r.head->keep_alive);

    SECTION("100-continue is ignored in 1.0") {
        r = parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n");
        REQUIRE(r.rc > 0);
        CHECK_FALSE(r.head->expect_continue);
    }
}

TEST_CASE("parser: Connection tokens", "[http1][parser]") {
    Result r = parse(with_host("GET / HTTP/1.1", "Connection: close\r\n"));
    REQUIRE(r.rc > 0);
    CHECK_FALSE(r.head->keep_alive);

    r = parse(with_host("GET / HTTP/1.1", "connection: Keep-Alive, UPGRADE\r\n"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->keep_alive);
    CHECK(r.head->connection_upgrade);

    // close wins: a peer that said both will close anyway.
    r = parse(with_host("GET / HTTP/1.1", "Connection: keep-alive\r\nConnection: close\r\n"));
    REQUIRE(r.rc > 0);
    CHECK_FALSE(r.head->keep_alive);

    r = parse(with_host("GET / HTTP/1.1", "Connection: closed, xclose\r\n"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->keep_alive);
}

TEST_CASE("parser: Expect", "[http1][parser]") {
    Result r = parse(with_host("PUT / HTTP/1.1", "Expect: 100-Continue\r\nContent-Length: 3\r\n"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->expect_continue);

    r = parse(with_host("PUT / HTTP/1.1", "Expect: 100-continue-ish\r\n"));
    REQUIRE(r.rc > 0);
    CHECK_FALSE(r.head->expect_continue);
}

TEST_CASE("parser: field names keep their case; semantics ignore it", "[http1][parser]") {
    Result r = parse("GET / HTTP/1.1\r\nhOsT: a\r\ncOnTeNt-LeNgTh: 3\r\n\r\n");
    REQUIRE(r.rc > 0);
    CHECK(r.head->headers[0].name == "hOsT");
    CHECK(r.head->headers[1].name == "cOnTeNt-LeNgTh");
    CHECK(r.head->host == "a");
    CHECK(r.head->content_length == 3);
}

TEST_CASE("parser: field values", "[http1][parser]") {
    Result r = parse(with_host("GET / HTTP/1.1",
                               "A:   a b \t \r\nB:\r\nC: \t\r\nD: caf\xc3\xa9\r\nE:\tx\ty\r\n"));
    REQUIRE(r.rc > 0);
    REQUIRE(r.head->header_count == 6);
    CHECK(r.head->headers[1].value == "a b");
    CHECK(r.head->headers[2].value.empty());
    CHECK(r.head->headers[3].value.empty());
    CHECK(r.head->headers[4].value == "caf\xc3\xa9");
    CHECK(r.head->headers[5].value == "x\ty");
    CHECK(r.head->headers[0].name == "Host");

    // An empty Host is what RFC 9112 §3.2 asks for when the target has no authority.
    r = parse("GET / HTTP/1.1\r\nHost:\r\n\r\n");
    REQUIRE(r.rc > 0);
    CHECK(r.head->host.empty());
}

TEST_CASE("parser: pipelined requests", "[http1][parser]") {
    std::string a = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
    std::string b = "GET /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    std::string both = a + b + "GET /c HT";
    Result r = parse(both);
    REQUIRE(r.rc == long(a.size()));
    CHECK(r.head->target == "/a");
    std::string rest = both.substr(size_t(r.rc));
    r = parse(rest);
    REQUIRE(r.rc == long(b.size()));
    CHECK(r.head->target == "/b");
    CHECK_FALSE(r.head->keep_alive);
    CHECK(parse(rest.substr(size_t(r.rc))).rc == 0);
}

TEST_CASE("parser: leading empty lines", "[http1][parser]") {
    std::string req = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    std::string eight;
    for (int i = 0; i < 8; ++i) eight += "\r\n";
    Result r = parse(eight + req);
    REQUIRE(r.rc == long(eight.size() + req.size()));
    CHECK(r.head->method == "GET");

    CHECK(status_of(eight + "\r\n" + req) == 400);
    CHECK(status_of("\n" + req) == 400);
    CHECK(status_of("\r\r\n" + req) == 400);
    CHECK(parse("\r\n\r\n").rc == 0);
    CHECK(parse("").rc == 0);
}

TEST_CASE("parser: request line errors", "[http1][parser]") {
    CHECK(status_of(with_host("GE(T / HTTP/1.1")) == 400);
    CHECK(status_of(with_host(" / HTTP/1.1")) == 400);
    CHECK(status_of(with_host("GET  / HTTP/1.1")) == 400);
    CHECK(status_of(with_host("GET / /x HTTP/1.1")) == 400);
    CHECK(status_of(with_host("GET /  HTTP/1.1")) == 400);
    CHECK(status_of(with_host("GET\t/ HTTP/1.1")) == 400);
    CHECK(status_of(with_host("GET /\t HTTP/1.1")) == 400);
    CHECK(status_of(with_host("GET /a\x7f HTTP/1.1")) == 400);
    CHECK(status_of(with_host("GET /caf\xc3\xa9 HTTP/1.1")) == 400);
    CHECK(status_of(with_host(std::string("GET /a\0b HTTP/1.1", 17))) == 400);
    CHECK(status_of(with_host("GET /")) == 400);
    CHECK(status_of(with_host("GET / ")) == 400);
    CHECK(status_of("GET /\r\n\r\n") == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1 ")) == 400);
}

TEST_CASE("parser: HTTP version", "[http1][parser]") {
    // RFC 9110 §2.5: a later HTTP/1 minor version is served as HTTP/1.1.
    for (const char* v : {"HTTP/1.2", "HTTP/1.9"}) {
        Result r = parse(with_host(std::string("GET / ") + v));
        REQUIRE(r.rc > 0);
        CHECK(r.head->version_minor == 1);
        CHECK(r.head->keep_alive);
        CHECK(status_of(std::string("GET / ") + v + "\r\n\r\n") == 400);  // Host required
        CHECK(status_of(with_host(std::string("POST / ") + v, "Transfer-Encoding: chunked\r\n")) == 0);
    }
    CHECK(status_of(with_host("GET / HTTP/2.0")) == 505);
    CHECK(status_of(with_host("GET / HTTP/3.0")) == 505);
    CHECK(status_of(with_host("GET / HTTP/0.9")) == 505);
    CHECK(status_of(with_host("GET / HTTP/9.9")) == 505);
    CHECK(status_of(with_host("GET / HTTP/1.1x")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.10")) == 400);
    CHECK(status_of(with_host("GET / HTTP/11.1")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1")) == 400);
    CHECK(status_of(with_host("GET / http/1.1")) == 400);
    CHECK(status_of(with_host("GET / HTTPS/1.1")) == 400);
    CHECK(status_of(with_host("GET / HTTP/a.b")) == 400);
    // A wrong version is known before the line ends; no need to wait for more bytes.
    CHECK(status_of("GET / XTTP") == 400);
    CHECK(status_of("GET / HTTP/1.1") == kIncomplete);
    CHECK(status_of("GET / HTTP/2.0\r") == kIncomplete);
}

TEST_CASE("parser: line endings must be CRLF", "[http1][parser]") {
    CHECK(status_of("GET / HTTP/1.1\nHost: h\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\rHost: h\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: h\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: h\r\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: h\r\n\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: h\r\n\rX") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: a\nb\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost\n: a\r\n\r\n") == 400);
}

TEST_CASE("parser: field syntax errors", "[http1][parser]") {
    CHECK(status_of(with_host("GET / HTTP/1.1", ": v\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X : v\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X\t: v\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X v\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X(y): v\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X\xc3\xa9: v\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X: a\r\n b\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X: a\r\n\tb\r\n")) == 400);
    CHECK(status_of("GET / HTTP/1.1\r\n Host: h\r\n\r\n") == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", std::string("X: a\0b\r\n", 8))) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X: a\x01" "b\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X: a\x1b" "b\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X: a\x7f" "b\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X: a\x7f\r\n")) == 400);
    CHECK(status_of(with_host("GET / HTTP/1.1", "X: a\tb\r\n")) == 0);
}

TEST_CASE("parser: Host", "[http1][parser]") {
    CHECK(status_of("GET / HTTP/1.1\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nX: y\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.0\r\n\r\n") == 0);
    CHECK(status_of("GET / HTTP/1.1\r\nHosts: a\r\n\r\n") == 400);
    // The value must be an authority (RFC 9112 §3.2); the check is made when the field ends.
    Result r = parse("GET / HTTP/1.1\r\nHost: evil.com/x@good\r\n\r\n");
    CHECK(r.rc == -1);
    CHECK(r.err.status == 400);
    CHECK(std::string(r.err.message) == "invalid Host");
    CHECK(status_of("GET / HTTP/1.1\r\nHost: a b\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.0\r\nHost: a:99999x\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n") == 0);
    CHECK(status_of("GET / HTTP/1.1\r\nHost:  a:1  \r\n\r\n") == 0);
}

TEST_CASE("parser: Content-Length", "[http1][parser]") {
    auto cl = [](const std::string& fields) {
        Result r = parse(with_host("POST / HTTP/1.1", fields));
        return r.rc > 0 ? r.head->content_length : -100 - r.err.status;
    };
    CHECK(cl("Content-Length: 0\r\n") == 0);
    CHECK(cl("Content-Length: 42\r\n") == 42);
    CHECK(cl("Content-Length: 007\r\n") == 7);
    CHECK(cl("Content-Length: 9223372036854775807\r\n") == INT64_MAX);
    CHECK(cl("Content-Length: 5, 5\r\n") == 5);
    CHECK(cl("Content-Length: 5,5,5\r\n") == 5);
    CHECK(cl("Content-Length: 5\r\nContent-Length: 5\r\n") == 5);
    CHECK(cl("Content-Length: 5\r\ncontent-length: 5, 5\r\n") == 5);

    const int64_t bad = -100 - 400;
    CHECK(cl("Content-Length: 9223372036854775808\r\n") == bad);
    CHECK(cl("Content-Length: 99999999999999999999999\r\n") == bad);
    CHECK(cl("Content-Length: +5\r\n") == bad);
    CHECK(cl("Content-Length: -1\r\n") == bad);
    CHECK(cl("Content-Length: 5 5\r\n") == bad);
    CHECK(cl("Content-Length: 0x5\r\n") == bad);
    CHECK(cl("Content-Length: 5a\r\n") == bad);
    CHECK(cl("Content-Length: \r\n") == bad);
    CHECK(cl("Content-Length: 5,\r\n") == bad);
    CHECK(cl("Content-Length: ,5\r\n") == bad);
    CHECK(cl("Content-Length: 5, 6\r\n") == bad);
    CHECK(cl("Content-Length: 5\r\nContent-Length: 6\r\n") == bad);
    CHECK(cl("Content-Length: 5\r\nContent-Length: 5, 6\r\n") == bad);
}

TEST_CASE("parser: Transfer-Encoding and smuggling", "[http1][parser]") {
    Result r = parse(with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->chunked);
    CHECK(r.head->content_length == -1);

    r = parse(with_host("POST / HTTP/1.1", "transfer-encoding: ChUnKeD\r\n"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->chunked);

    r = parse(with_host("POST / HTTP/1.1", "Transfer-Encoding: , chunked\r\n"));
    REQUIRE(r.rc > 0);
    CHECK(r.head->chunked);

    auto st = [](const std::string& fields) {
        return status_of(with_host("POST / HTTP/1.1", fields));
    };
    SECTION("Content-Length with Transfer-Encoding, either order") {
        CHECK(st("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") == 400);
        CHECK(st("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n") == 400);
        CHECK(st("Transfer-Encoding: gzip\r\nContent-Length: 5\r\n") == 400);
    }
    SECTION("double Content-Length that differs") {
        CHECK(st("Content-Length: 5\r\nContent-Length: 50\r\n") == 400);
    }
    SECTION("codings we do not implement: 501") {
        CHECK(st("Transfer-Encoding: gzip\r\n") == 400);  // RFC 9112 6.3: chunked not final
        CHECK(st("Transfer-Encoding: gzip, chunked\r\n") == 501);
        CHECK(st("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n") == 501);
        CHECK(st("Transfer-Encoding: chunked;x=1\r\n") == 400);  // an unknown coding, not chunked
    }
    SECTION("chunked not final: 400, even with an unknown coding after it") {
        // RFC 9112 §6.3 makes this a MUST-400 (framing unknowable), outranking the SHOULD-501.
        CHECK(st("Transfer-Encoding: chunked, gzip\r\n") == 400);
        CHECK(st("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n") == 400);
        CHECK(st("Transfer-Encoding: gzip, chunked, gzip\r\n") == 400);
        CHECK(st("Transfer-Encoding: chunked, chunked\r\n") == 400);
        CHECK(st("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n") == 400);
    }
    SECTION("Transfer-Encoding without a coding") {
        CHECK(st("Transfer-Encoding: \r\n") == 400);
        CHECK(st("Transfer-Encoding: ,\r\n") == 400);
    }
    SECTION("lookalike names are plain fields") {
        CHECK(st("Transfer-Encodings: gzip\r\nContent-Length: 1\r\n") == 0);
        CHECK(st("Transfer_Encoding: chunked\r\nContent-Length: 1\r\n") == 0);
    }
    SECTION("HTTP/1.0") {
        CHECK(status_of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);
    }
}

TEST_CASE("parser: header count limit", "[http1][parser]") {
    auto build = [](size_t fields) {
        std::string s = "GET / HTTP/1.1\r\nHost: h\r\n";
        for (size_t i = 1; i < fields; ++i) s += "X-" + std::to_string(i) + ": v\r\n";
        return s + "\r\n";
    };
    Result r = parse(build(kMaxHeaders));
    REQUIRE(r.rc > 0);
    CHECK(r.head->header_count == kMaxHeaders);
    CHECK(r.head->headers[kMaxHeaders - 1].name == "X-99");

    CHECK(status_of(build(kMaxHeaders + 1)) == 431);
    // Detected as soon as the extra field starts, before the head is complete.
    std::string partial = build(kMaxHeaders);
    partial.resize(partial.size() - 2);
    CHECK(status_of(partial + "X") == 431);
}

TEST_CASE("parser: header size limit", "[http1][parser]") {
    std::string base = "GET / HTTP/1.1\r\nHost: h\r\nX: ";
    auto with_len = [&](size_t total) {
        std::string s = base + std::string(total - base.size() - 4, 'a') + "\r\n\r\n";
        REQUIRE(s.size() == total);
        return s;
    };
    Limits small{200};
    CHECK(status_of(with_len(200), small) == 0);
    CHECK(parse(with_len(200), small).rc == 200);
    CHECK(status_of(with_len(201), small) == 431);
    // Bytes after a head that fits (a body, a pipelined request) do not count.
    CHECK(parse(with_len(200) + std::string(1000, 'b'), small).rc == 200);

    SECTION("incomplete heads hit the limit without waiting for the end") {
        std::string s = with_len(300);
        CHECK(parse(s.substr(0, 200), small).rc == 0);
        CHECK(status_of(s.substr(0, 201), small) == 431);
        CHECK(status_of(s.substr(0, 250), small) == 431);
    }
    SECTION("the final CRLF straddling the limit") {
        CHECK(status_of(with_len(201).substr(0, 201), small) == 431);
        CHECK(status_of(with_len(202), small) == 431);
    }
    SECTION("default limit is 16 KiB") {
        CHECK(parse(with_len(16 * 1024)).rc == 16 * 1024);
        CHECK(status_of(with_len(16 * 1024 + 1)) == 431);
        CHECK(status_of(std::string(16 * 1024 + 1, 'G')) == 431);
    }
    SECTION("an earlier error wins over the size") {
        CHECK(status_of("G(T" + std::string(300, 'a'), small) == 400);
    }
}

TEST_CASE("parser: every split gives 0 then the same result", "[http1][parser]") {
    const std::vector<std::string> inputs = {
        "GET /a?b=c HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nConnection: keep-alive, "
        "Upgrade\r\nExpect: 100-continue\r\n\r\n",
        "\r\n\r\nPOST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\n\r\nhello",
        "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\n",
        "GET /0123456789abcdef0123456789abcdef HTTP/1.1\r\nHost: h\r\n"
        "X-Long: 0123456789abcdef0123456789abcdef  \r\n\r\n",
        // invalid ones: prefixes give 0 or the same error
        "GET / HTTP/1.1\r\nHost: h\r\nX : y\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n",
        "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nX: y\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\nb\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
        "GET /x\x01y HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET http://a:1/b?c HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a@b\r\n\r\n",
        "GET x/y HTTP/1.1\r\nHost: h\r\n\r\n",
        "CONNECT h HTTP/1.1\r\nHost: h\r\n\r\n",
    };
    for (const std::string& in : inputs) {
        INFO("input: " << in);
        Result full = parse(in);
        REQUIRE(full.rc != 0);
        for (size_t k = 0; k < in.size(); ++k) {
            // A fresh buffer of exactly k bytes, so ASan sees any read past the end.
            std::vector<char> buf(in.begin(), in.begin() + long(k));
            RequestHead head;
            ParseError err;
            long rc = parse_request_head(buf.data(), buf.size(), Limits{}, head, err);
            INFO("prefix length " << k);
            if (full.rc > 0 && k < size_t(full.rc)) {
                REQUIRE(rc == 0);
            } else if (full.rc > 0) {
                REQUIRE(rc == full.rc);
            } else {
                REQUIRE((rc == 0 || (rc == -1 && err.status == full.err.status &&
                                     std::string(err.message) == full.err.message)));
            }
        }
        if (full.rc > 0) {
            std::vector<char> buf(in.begin(), in.begin() + full.rc);
            RequestHead head;
            ParseError err;
            REQUIRE(parse_request_head(buf.data(), buf.size(), Limits{}, head, err) == full.rc);
            REQUIRE(head.header_count == full.head->header_count);
            for (size_t i = 0; i < head.header_count; ++i) {
                CHECK(head.headers[i].name == full.head->headers[i].name);
                CHECK(head.headers[i].value == full.head->headers[i].value);
            }
            CHECK(head.target == full.head->target);
            CHECK(head.content_length == full.head->content_length);
            CHECK(head.chunked == full.head->chunked);
            CHECK(head.keep_alive == full.head->keep_alive);
            CHECK(head.expect_continue == full.head->expect_continue);
            CHECK(head.connection_upgrade == full.head->connection_upgrade);
        }
    }
}

TEST_CASE("parser: a reused RequestHead does not keep old semantics", "[http1][parser]") {
    RequestHead head;
    ParseError err;
    std::string a = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: "
                    "upgrade, close\r\nExpect: 100-continue\r\n\r\n";
    REQUIRE(parse_request_head(a.data(), a.size(), Limits{}, head, err) > 0);
    std::string b = "GET / HTTP/1.0\r\n\r\n";
    REQUIRE(parse_request_head(b.data(), b.size(), Limits{}, head, err) > 0);
    CHECK_FALSE(head.chunked);
    CHECK_FALSE(head.connection_upgrade);
    CHECK_FALSE(head.expect_continue);
    CHECK(head.host.empty());
    CHECK(head.header_count == 0);
    CHECK(head.content_length == -1);
    CHECK_FALSE(head.keep_alive);
}

TEST_CASE("parser: error messages are set", "[http1][parser]") {
    Result r = parse("GET / HTTP/1.1\r\n\r\n");
    REQUIRE(r.rc == -1);
    CHECK(std::string(r.err.message) == "missing Host");
    r = parse(with_host("GET / HTTP/1.1", "Transfer-Encoding: gzip, chunked\r\n"));
    REQUIRE(r.rc == -1);
    CHECK(std::string(r.err.message) == "unsupported transfer coding");
}
