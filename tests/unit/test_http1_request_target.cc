#include <catch2/catch.hpp>

#include <string>

#include "trident/http1/parser.h"
#include "trident/http1/request_target.h"

using trident::http1::origin_form;
using trident::http1::parse_request_target;
using trident::http1::RequestHead;
using trident::http1::RequestTarget;
using trident::http1::TargetForm;
using trident::http1::valid_authority;
using trident::http1::valid_host;

TEST_CASE("request-target: valid authorities", "[http1][target]") {
    for (const char* a : {"example.com", "EXAMPLE.COM.", "a", "a:80", "a:0", "a:65535", "a:00080", "a:",
                          "127.0.0.1", "127.0.0.1:8080", "999.1.1.1", "xn--bcher-kva.example",
                          "a-b_c~d.e", "!$&'()*+,;=", "a%20b", "%7E", "[::1]", "[::1]:443",
                          "[::]", "[::1]:", "[2001:db8::1]", "[1:2:3:4:5:6:7:8]", "[::ffff:1.2.3.4]:1",
                          "[fe80::1:2]", "[v1.x]", "[V7F.a:b+c]", "[vA.fe80::a+en1]"}) {
        INFO(a);
        CHECK(valid_authority(a, false));
        CHECK(valid_host(a));
    }
}

TEST_CASE("request-target: invalid authorities", "[http1][target]") {
    for (const char* a : {"", ":80", ":", "a b", " a", "a ", "<script>", "evil.com/x@good", "u@h", "u:p@h",
                          "a:99999x", "a:65536", "a:99999999999999999999999", "a:-1", "a:+1", "a: 1",
                          "a:1:2", "a::1", "a%", "a%4", "a%4g", "a%%41", "a\\b", "a\"b", "a#b", "a?b",
                          "a/b", "a[b", "a]b", "a|b", "a{b", "a^b", "a`b", "caf\xc3\xa9", "a\tb",
                          "[::1", "::1", "[::1]x", "[::1]:x", "[::1]]", "[[::1]]", "[1:2:3]",
                          "[1:2:3:4:5:6:7:8:9]", "[::1%25eth0]", "[12345::]", "[1.2.3.4]", "[]",
                          "[v]", "[v1]", "[v1.]", "[vx.a]", "[v1.a b]", "[v1.a/b]", "[::1]@h"}) {
        INFO(a);
        CHECK_FALSE(valid_authority(a, false));
        CHECK_FALSE(valid_authority(a, true));
    }
    // A NUL inside an IPv6 literal must not end the address early (found by fuzz_http1).
    using namespace std::string_literals;
    for (const std::string& a : {"[::\0?::\0]"s, "[::1\0]"s, "[\0::1]"s, "[::1\0x]:80"s}) {
        INFO(a.size());
        CHECK_FALSE(valid_authority(a, false));
        CHECK_FALSE(valid_authority(a, true));
    }
    // Only the Host field may be empty.
    CHECK(valid_host(""));
    CHECK_FALSE(valid_host(" "));
    CHECK_FALSE(valid_host(":80"));
}

TEST_CASE("request-target: CONNECT's host:port needs the port", "[http1][target]") {
    CHECK(valid_authority("h:443", true));
    CHECK(valid_authority("[::1]:443", true));
    CHECK(valid_authority("h:0", true));
    CHECK_FALSE(valid_authority("h", true));
    CHECK_FALSE(valid_authority("h:", true));
    CHECK_FALSE(valid_authority("[::1]", true));
    CHECK_FALSE(valid_authority("[::1]:", true));
}

namespace {

std::string check(std::string_view method, std::string_view target, RequestTarget& t) {
    const char* message = "";
    int status = parse_request_target(method, target, t, &message);
    if (status == 0) return "ok";
    CHECK(status == 400);
    return message;
}

}  // namespace

TEST_CASE("request-target: origin-form", "[http1][target]") {
    RequestTarget t;
    REQUIRE(check("GET", "/a/b?x=1?y", t) == "ok");
    CHECK(t.form == TargetForm::Origin);
    CHECK(t.origin == "/a/b?x=1?y");
    CHECK(t.path == "/a/b");
    CHECK(t.query == "x=1?y");
    CHECK(t.authority.empty());
    REQUIRE(check("POST", "//x", t) == "ok");
    CHECK(t.path == "//x");
    REQUIRE(check("OPTIONS", "/", t) == "ok");
    CHECK(check("CONNECT", "/", t) == "CONNECT needs a host:port target");
}

TEST_CASE("request-target: absolute-form", "[http1][target]") {
    RequestTarget t;
    std::string target = "http://evil:81/p/q?r=s";
    REQUIRE(check("GET", target, t) == "ok");
    CHECK(t.form == TargetForm::Absolute);
    CHECK(t.authority == "evil:81");
    CHECK(t.authority.data() == target.data() + 7);
    CHECK(t.origin == "/p/q?r=s");
    CHECK(t.path == "/p/q");
    CHECK(t.query == "r=s");

    REQUIRE(check("GET", "HTTPS://[::1]", t) == "ok");
    CHECK(t.authority == "[::1]");
    CHECK(t.origin.empty());
    CHECK(t.path.empty());
    REQUIRE(check("GET", "hTtP://h?q", t) == "ok");
    CHECK(t.authority == "h");
    CHECK(t.origin == "?q");
    CHECK(t.path.empty());
    CHECK(t.query == "q");
    REQUIRE(check("DELETE", "https://h/", t) == "ok");
    CHECK(t.origin == "/");

    for (const char* bad : {"http://", "http:///x", "http://:1/", "http://u@h/", "http://h#@g/", "http://h#f",
                            "http://h:99999/", "http://h\\@g/", "http://a b/", "http://[::1/", "https://h:x/"}) {
        INFO(bad);
        CHECK(check("GET", bad, t) == "invalid authority in request-target");
    }
    for (const char* bad : {"ftp://h/", "httpx://h/", "http:/h/", "http:h", "http", "htt://h/", "://h/",
                            "x/y", "?x", "#x", "*x", "**", "h:80/x", "h:x"}) {
        INFO(bad);
        CHECK(check("GET", bad, t) == "invalid request-target");
    }
    CHECK(check("GET", "h:80", t) == "host:port target is only for CONNECT");
    CHECK(check("GET", "[::1]:80", t) == "host:port target is only for CONNECT");
    CHECK(check("CONNECT", "http://h:80/", t) == "CONNECT needs a host:port target");
}

TEST_CASE("request-target: asterisk-form is for OPTIONS", "[http1][target]") {
    RequestTarget t;
    REQUIRE(check("OPTIONS", "*", t) == "ok");
    CHECK(t.form == TargetForm::Asterisk);
    CHECK(t.origin == "*");
    // Methods are case-sensitive (RFC 9110 §9.1).
    for (const char* m : {"GET", "POST", "options", "HEAD", "CONNECT"}) {
        INFO(m);
        CHECK(check(m, "*", t) == (std::string(m) == "CONNECT" ? "CONNECT needs a host:port target"
                                                                 : "'*' target is only for OPTIONS"));
    }
}

TEST_CASE("request-target: authority-form is CONNECT's", "[http1][target]") {
    RequestTarget t;
    REQUIRE(check("CONNECT", "h:443", t) == "ok");
    CHECK(t.form == TargetForm::Authority);
    CHECK(t.authority == "h:443");
    CHECK(t.origin.empty());
    for (const char* bad : {"h", "h:", "u@h:443", "h:443/", "*", "h:65536", "[::1]"}) {
        INFO(bad);
        CHECK(check("CONNECT", bad, t) == "CONNECT needs a host:port target");
    }
}

TEST_CASE("request-target: origin_form() is what the application sees", "[http1][target]") {
    auto origin = [](const std::string& line, std::string& scratch) {
        static std::string req;
        static RequestHead head;
        req = line + "\r\nHost: h\r\n\r\n";
        trident::http1::ParseError err;
        REQUIRE(trident::http1::parse_request_head(req.data(), req.size(), {}, head, err) > 0);
        return std::string(origin_form(head, scratch));
    };
    std::string scratch = "untouched";
    CHECK(origin("GET /a?b HTTP/1.1", scratch) == "/a?b");
    CHECK(origin("OPTIONS * HTTP/1.1", scratch) == "*");
    CHECK(origin("GET http://x/a?b HTTP/1.1", scratch) == "/a?b");
    CHECK(origin("GET http://x HTTP/1.1", scratch) == "/");
    CHECK(origin("GET http://x/ HTTP/1.1", scratch) == "/");
    CHECK(scratch == "untouched");
    CHECK(origin("GET http://x?b=c HTTP/1.1", scratch) == "/?b=c");
    CHECK(scratch == "/?b=c");
    CHECK(origin("GET http://x? HTTP/1.1", scratch) == "/?");
}
