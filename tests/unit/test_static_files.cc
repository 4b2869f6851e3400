#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "server/static_files.h"

namespace sf = trident::server::static_files;
using sf::PathVerdict;

namespace {

PathVerdict check(const std::string& target, std::string* rel = nullptr, bool* dir = nullptr, bool dotfiles = false,
                  std::vector<std::string> locations = {"/"}) {
    sf::StaticPath p;
    PathVerdict v = sf::resolve_target(target, dotfiles, locations, p);
    if (rel) *rel = p.relative;
    if (dir) *dir = p.directory;
    return v;
}

}  // namespace

TEST_CASE("static: targets become paths relative to the root", "[static]") {
    std::string rel;
    bool dir = false;
    CHECK(check("/a/b.txt", &rel, &dir) == PathVerdict::Ok);
    CHECK(rel == "a/b.txt");
    CHECK_FALSE(dir);
    CHECK(check("/", &rel, &dir) == PathVerdict::Ok);
    CHECK(rel.empty());
    CHECK(dir);
    CHECK(check("//a//./b/?x=1#f", &rel, &dir) == PathVerdict::Ok);
    CHECK(rel == "a/b");
    CHECK(dir);
    CHECK(check("/a%20b%2Fc", &rel, &dir) == PathVerdict::Ok);
    CHECK(rel == "a b/c");
    CHECK(check("/dir/.", &rel, &dir) == PathVerdict::Ok);
    CHECK(rel == "dir");
    CHECK(dir);
    CHECK(check("/q?%00") == PathVerdict::Ok);  // the query is not the path
}

TEST_CASE("static: unsafe targets are refused", "[static]") {
    CHECK(check("/../etc/passwd") == PathVerdict::DotDot);
    CHECK(check("/a/..") == PathVerdict::DotDot);
    CHECK(check("/%2e%2e/x") == PathVerdict::DotDot);
    CHECK(check("/a/%2E%2E%2Fb") == PathVerdict::DotDot);
    CHECK(check("/a/.%2e/b") == PathVerdict::DotDot);
    CHECK(check("/a%00.txt") == PathVerdict::NulByte);
    CHECK(check("/a\\b") == PathVerdict::Backslash);
    CHECK(check("/a%5cb") == PathVerdict::Backslash);
    CHECK(check("/a%zz") == PathVerdict::BadEncoding);
    CHECK(check("/a%2") == PathVerdict::BadEncoding);
    CHECK(check("/a%") == PathVerdict::BadEncoding);
    CHECK(check("*") == PathVerdict::NotAbsolute);
    CHECK(check("http://x/a") == PathVerdict::NotAbsolute);
    CHECK(check("/.env") == PathVerdict::Dotfile);
    CHECK(check("/a/.git/config") == PathVerdict::Dotfile);
    CHECK(check("/%2eenv") == PathVerdict::Dotfile);
    CHECK(check("/.env", nullptr, nullptr, true) == PathVerdict::Ok);
    CHECK(check("/../x", nullptr, nullptr, true) == PathVerdict::DotDot);  // never, whatever the setting
    CHECK(check("/...", nullptr, nullptr, true) == PathVerdict::Ok);       // a name, not a parent
}

TEST_CASE("static: locations match at segment boundaries", "[static]") {
    CHECK(sf::under_location("/anything", "/"));
    CHECK(sf::under_location("/assets", "/assets"));
    CHECK(sf::under_location("/assets/a.css", "/assets"));
    CHECK_FALSE(sf::under_location("/assetsx", "/assets"));
    CHECK(sf::under_location("/assets/", "/assets/"));
    CHECK_FALSE(sf::under_location("/assets", "/assets/"));
    CHECK(check("/img/a.png", nullptr, nullptr, false, {"/css", "/img"}) == PathVerdict::Ok);
    CHECK(check("/php/x", nullptr, nullptr, false, {"/css", "/img"}) == PathVerdict::OutsideLocations);
    // Decoded before matching: an encoded prefix is the same path.
    CHECK(check("/%63ss/a", nullptr, nullptr, false, {"/css"}) == PathVerdict::Ok);
}

TEST_CASE("static: Range forms", "[static]") {
    using K = sf::ByteRange::Kind;
    auto r = sf::parse_range("bytes=0-9", 100);
    CHECK(r.kind == K::Satisfiable);
    CHECK(r.first == 0);
    CHECK(r.last == 9);
    r = sf::parse_range("bytes=90-", 100);
    CHECK((r.kind == K::Satisfiable && r.first == 90 && r.last == 99));
    r = sf::parse_range("bytes=-10", 100);
    CHECK((r.kind == K::Satisfiable && r.first == 90 && r.last == 99));
    r = sf::parse_range("bytes=-1000", 100);
    CHECK((r.kind == K::Satisfiable && r.first == 0 && r.last == 99));
    r = sf::parse_range("bytes=50-1000", 100);
    CHECK((r.kind == K::Satisfiable && r.first == 50 && r.last == 99 && r.length() == 50));
    r = sf::parse_range("BYTES = 1-2 ", 100);
    CHECK(r.kind == K::None);  // "bytes" must be followed by '=' at once
    r = sf::parse_range("Bytes=1-2", 100);
    CHECK(r.kind == K::Satisfiable);
    CHECK(sf::parse_range("bytes=100-", 100).kind == K::Unsatisfiable);
    CHECK(sf::parse_range("bytes=-0", 100).kind == K::Unsatisfiable);
    CHECK(sf::parse_range("bytes=0-", 0).kind == K::Unsatisfiable);
    CHECK(sf::parse_range("bytes=-5", 0).kind == K::Unsatisfiable);
    CHECK(sf::parse_range("bytes=5-1", 100).kind == K::None);
    CHECK(sf::parse_range("bytes=0-1,3-4", 100).kind == K::None);
    CHECK(sf::parse_range("bytes=a-b", 100).kind == K::None);
    CHECK(sf::parse_range("bytes=-", 100).kind == K::None);
    CHECK(sf::parse_range("bytes=+1-2", 100).kind == K::None);
    CHECK(sf::parse_range("bytes=99999999999999999999-", 100).kind == K::None);
    CHECK(sf::parse_range("items=0-1", 100).kind == K::None);
    CHECK(sf::parse_range("", 100).kind == K::None);
}

TEST_CASE("static: conditional requests", "[static]") {
    const std::string etag = "\"a-b-c\"";
    const time_t mtime = 1700000000;
    const std::string lm = sf::http_date(mtime);
    CHECK(lm == "Tue, 14 Nov 2023 22:13:20 GMT");
    CHECK(sf::parse_http_date(lm) == mtime);
    CHECK(sf::parse_http_date("Tuesday, 14-Nov-23 22:13:20 GMT") == mtime);
    CHECK(sf::parse_http_date("Tue Nov 14 22:13:20 2023") == mtime);
    CHECK(sf::parse_http_date("yesterday") == -1);

    sf::Conditionals c;
    CHECK(sf::decide(c, etag, mtime, 100).status == 200);
    c.if_none_match = "\"x\", \"a-b-c\"";
    CHECK(sf::decide(c, etag, mtime, 100).status == 304);
    c.if_none_match = "W/\"a-b-c\"";
    CHECK(sf::decide(c, etag, mtime, 100).status == 304);
    c.if_none_match = "*";
    CHECK(sf::decide(c, etag, mtime, 100).status == 304);
    c.if_none_match = "\"other\"";
    c.if_modified_since = lm;  // ignored beside If-None-Match
    CHECK(sf::decide(c, etag, mtime, 100).status == 200);
    c.if_none_match = {};
    CHECK(sf::decide(c, etag, mtime, 100).status == 304);
    CHECK(sf::decide(c, etag, mtime + 1, 100).status == 200);
    c.if_modified_since = "garbage";
    CHECK(sf::decide(c, etag, mtime, 100).status == 200);
    c.if_modified_since = {};

    c.range = "bytes=0-3";
    auto d = sf::decide(c, etag, mtime, 100);
    CHECK((d.status == 206 && d.range.first == 0 && d.range.last == 3));
    c.if_range = etag;
    CHECK(sf::decide(c, etag, mtime, 100).status == 206);
    c.if_range = "W/\"a-b-c\"";  // If-Range compares strongly
    CHECK(sf::decide(c, etag, mtime, 100).status == 200);
    c.if_range = "\"stale\"";
    CHECK(sf::decide(c, etag, mtime, 100).status == 200);
    c.if_range = lm;
    CHECK(sf::decide(c, etag, mtime, 100).status == 206);
    const std::string earlier = sf::http_date(mtime - 1);
    c.if_range = earlier;
    CHECK(sf::decide(c, etag, mtime, 100).status == 200);
    c.if_range = {};
    c.head = true;  // HEAD answers as the whole GET would
    CHECK(sf::decide(c, etag, mtime, 100).status == 200);
    c.head = false;
    c.range = "bytes=100-";
    CHECK(sf::decide(c, etag, mtime, 100).status == 416);
    c.if_none_match = etag;  // 304 before Range
    CHECK(sf::decide(c, etag, mtime, 100).status == 304);
}

TEST_CASE("static: ETag shape", "[static]") {
    timespec ts{0x10, 5};  // 16 s + 5 ns = 0x3b9aca005 ns
    CHECK(sf::make_etag(0xabc, 0x400, ts) == "\"abc-400-3b9aca005\"");
}

TEST_CASE("static: MIME types", "[static]") {
    sf::MimeTypes m;
    CHECK(m.lookup("a.html") == "text/html");
    CHECK(m.lookup("dir.d/A.CSS") == "text/css");
    CHECK(m.lookup("app.js") == "text/javascript");
    CHECK(m.lookup("x.woff2") == "font/woff2");
    CHECK(m.lookup("noext") == "application/octet-stream");
    CHECK(m.lookup("trailing.") == "application/octet-stream");
    CHECK(m.lookup("a.odt") == "application/octet-stream");
    m.add_mime_types_text("# comment\napplication/vnd.oasis.opendocument.text\t\todt\n"
                          "application/x-javascript js\n"  // the table wins
                          "nonsense\n  \ntext/x-a a1 A2 # trailing comment\n");
    CHECK(m.lookup("a.odt") == "application/vnd.oasis.opendocument.text");
    CHECK(m.lookup("app.js") == "text/javascript");
    CHECK(m.lookup("f.a1") == "text/x-a");
    CHECK(m.lookup("f.a2") == "text/x-a");
}

TEST_CASE("static: Accept-Encoding q-values", "[static]") {
    using sf::Coding;
    CHECK(sf::accept_encoding_q("", Coding::Brotli) == 0);
    CHECK(sf::accept_encoding_q("gzip, br", Coding::Brotli) == 1);
    CHECK(sf::accept_encoding_q("gzip;q=0.5, br;q=0", Coding::Brotli) == 0);
    CHECK(sf::accept_encoding_q("gzip;q=0.5, br;q=0", Coding::Gzip) == 0.5);
    CHECK(sf::accept_encoding_q("*;q=0.2, br;q=0", Coding::Zstd) == Approx(0.2));
    CHECK(sf::accept_encoding_q("*;q=0.2, br;q=0", Coding::Brotli) == 0);
    CHECK(sf::accept_encoding_q("identity", Coding::Gzip) == 0);
    CHECK(sf::accept_encoding_q("x-gzip", Coding::Gzip) == 1);
    CHECK(sf::accept_encoding_q("GZIP ; Q=1", Coding::Gzip) == 1);
    CHECK(sf::accept_encoding_q("gzip;q=2", Coding::Gzip) == 0);
    CHECK(sf::accept_encoding_q("gzip;q=abc", Coding::Gzip) == 0);
    CHECK(sf::accept_encoding_q("zstd;level=3;q=0.9", Coding::Zstd) == Approx(0.9));
    CHECK(sf::accept_encoding_q(",,, ;", Coding::Gzip) == 0);
}
