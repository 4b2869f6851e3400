#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "trident/http/multipart.h"

using trident::http::multipart_boundary;
using trident::http::MultipartLimits;
using trident::http::MultipartPart;
using trident::http::parse_multipart;
using trident::http::unquote_param;
using trident::http::upload_basename;

namespace {

// What `curl -F person=anonymous -F secret=@file.txt` sends (curl 7.x/8.x framing).
constexpr std::string_view kCurlBoundary = "------------------------d74496d66958873e";
const std::string kCurlBody =
    "--------------------------d74496d66958873e\r\n"
    "Content-Disposition: form-data; name=\"person\"\r\n"
    "\r\n"
    "anonymous\r\n"
    "--------------------------d74496d66958873e\r\n"
    "Content-Disposition: form-data; name=\"secret\"; filename=\"file.txt\"\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "contents of the file\n"
    "\r\n"
    "--------------------------d74496d66958873e--\r\n";

bool within(std::string_view outer, std::string_view inner) {
    if (inner.empty()) return true;
    return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

// Parses with default limits; on failure returns the error message, on success "".
std::string parse(std::string_view body, std::string_view boundary, std::vector<MultipartPart>& parts,
                  const MultipartLimits& limits = MultipartLimits{}) {
    const char* err = nullptr;
    bool ok = parse_multipart(body, boundary, limits, parts, &err);
    if (ok) {
        for (const MultipartPart& p : parts) {
            REQUIRE(within(body, p.name));
            REQUIRE(within(body, p.filename));
            REQUIRE(within(body, p.content_type));
            REQUIRE(within(body, p.data));
        }
        return "";
    }
    REQUIRE(err != nullptr);
    REQUIRE(parts.empty());
    return err;
}

std::string error_of(std::string_view body, std::string_view boundary = "XyZ",
                     const MultipartLimits& limits = MultipartLimits{}) {
    std::vector<MultipartPart> parts;
    std::string err = parse(body, boundary, parts, limits);
    REQUIRE_FALSE(err.empty());
    return err;
}

}  // namespace

TEST_CASE("multipart_boundary: token and quoted values", "[multipart]") {
    std::string_view b;

    SECTION("curl's unquoted token") {
        std::string ct = "multipart/form-data; boundary=------------------------d74496d66958873e";
        REQUIRE(multipart_boundary(ct, b));
        CHECK(b == kCurlBoundary);
        CHECK(within(ct, b));
    }
    SECTION("quoted, including characters a token cannot hold") {
        std::string ct = "multipart/form-data; boundary=\"a b:c=d?e,(f)/g\"";
        REQUIRE(multipart_boundary(ct, b));
        CHECK(b == "a b:c=d?e,(f)/g");
        CHECK(within(ct, b));
    }
    SECTION("browser style") {
        REQUIRE(multipart_boundary(
            "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", b));
        CHECK(b == "----WebKitFormBoundary7MA4YWxkTrZu0gW");
    }
    SECTION("media type and parameter name are case-insensitive") {
        REQUIRE(multipart_boundary("Multipart/Form-Data; BOUNDARY=abc", b));
        CHECK(b == "abc");
        REQUIRE(multipart_boundary("MULTIPART/FORM-DATA;Boundary=\"abc\"", b));
        CHECK(b == "abc");
    }
    SECTION("boundary value keeps its case") {
        REQUIRE(multipart_boundary("multipart/form-data; boundary=AbC", b));
        CHECK(b == "AbC");
    }
    SECTION("extra parameters before and after") {
        REQUIRE(multipart_boundary("multipart/form-data; charset=utf-8; boundary=abc", b));
        CHECK(b == "abc");
        REQUIRE(multipart_boundary("multipart/form-data; boundary=abc; charset=\"utf-8\"", b));
        CHECK(b == "abc");
        REQUIRE(multipart_boundary(
            "multipart/form-data; foo=\"x;boundary=evil\"; boundary=good", b));
        CHECK(b == "good");
    }
    SECTION("whitespace and empty parameters are tolerated") {
        REQUIRE(multipart_boundary("  multipart/form-data ;  boundary = abc ; ", b));
        CHECK(b == "abc");
        REQUIRE(multipart_boundary("multipart/form-data;;boundary=abc;;", b));
        CHECK(b == "abc");
        REQUIRE(multipart_boundary("multipart/form-data;\tboundary=abc", b));
        CHECK(b == "abc");
    }
    SECTION("length limits: 1..70") {
        std::string seventy(70, 'a');
        REQUIRE(multipart_boundary("multipart/form-data; boundary=" + seventy, b));
        CHECK(b.size() == 70);
        CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=" + seventy + "a", b));
        CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=\"\"", b));
        CHECK(multipart_boundary("multipart/form-data; boundary=x", b));
    }
}

TEST_CASE("multipart_boundary: rejections", "[multipart]") {
    std::string_view b = "untouched";
    CHECK_FALSE(multipart_boundary("", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data;", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; charset=utf-8", b));
    CHECK_FALSE(multipart_boundary("multipart/mixed; boundary=abc", b));
    CHECK_FALSE(multipart_boundary("application/x-www-form-urlencoded; boundary=abc", b));
    CHECK_FALSE(multipart_boundary("multipart/form-datax; boundary=abc", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data boundary=abc", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; =abc", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=\"abc", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=\"abc\"x", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=abc def", b));
    // Ambiguous: which one a proxy would pick is anybody's guess.
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=a; boundary=b", b));
    // Trailing space cannot be told apart from transport padding.
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=\"abc \"", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=\"a\\\"b\"", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=\"a\\b\"", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=\"a\x01\"", b));
    CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=\"caf\xc3\xa9\"", b));
    CHECK(b == "untouched");
}

TEST_CASE("parse_multipart: curl -F field and file", "[multipart]") {
    std::vector<MultipartPart> parts;
    REQUIRE(parse(kCurlBody, kCurlBoundary, parts) == "");
    REQUIRE(parts.size() == 2);

    CHECK(parts[0].name == "person");
    CHECK_FALSE(parts[0].has_filename);
    CHECK(parts[0].filename.empty());
    CHECK(parts[0].content_type.empty());
    CHECK(parts[0].data == "anonymous");

    CHECK(parts[1].name == "secret");
    CHECK(parts[1].has_filename);
    CHECK(parts[1].filename == "file.txt");
    CHECK(parts[1].content_type == "text/plain");
    CHECK(parts[1].data == "contents of the file\n");
    CHECK_FALSE(parts[1].name_escaped);
    CHECK_FALSE(parts[1].filename_escaped);
}

TEST_CASE("parse_multipart: several files under one array name", "[multipart]") {
    // curl -F 'docs[]=@a.bin' -F 'docs[]=@b.png;type=image/png' -F 'x=1'
    const std::string body =
        "--------------------------3a2b1c\r\n"
        "Content-Disposition: form-data; name=\"docs[]\"; filename=\"a.bin\"\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "AAAA\r\n"
        "--------------------------3a2b1c\r\n"
        "Content-Disposition: form-data; name=\"docs[]\"; filename=\"b.png\"\r\n"
        "Content-Type: image/png\r\n"
        "\r\n"
        "\x89PNG\r\n\x1a\n\r\n"
        "--------------------------3a2b1c\r\n"
        "Content-Disposition: form-data; name=\"x\"\r\n"
        "\r\n"
        "1\r\n"
        "--------------------------3a2b1c--\r\n";
    std::vector<MultipartPart> parts;
    REQUIRE(parse(body, "------------------------3a2b1c", parts) == "");
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].name == "docs[]");
    CHECK(parts[0].filename == "a.bin");
    CHECK(parts[0].content_type == "application/octet-stream");
    CHECK(parts[0].data == "AAAA");
    CHECK(parts[1].filename == "b.png");
    CHECK(parts[1].content_type == "image/png");
    CHECK(parts[1].data == std::string_view("\x89PNG\r\n\x1a\n", 8));
    CHECK(parts[2].name == "x");
    CHECK(parts[2].data == "1");
}

TEST_CASE("parse_multipart: empty part bodies and empty values", "[multipart]") {
    // A browser form with an empty text field and no file chosen.
    const std::string body =
        "------WebKitFormBoundaryQ\r\n"
        "Content-Disposition: form-data; name=\"comment\"\r\n"
        "\r\n"
        "\r\n"
        "------WebKitFormBoundaryQ\r\n"
        "Content-Disposition: form-data; name=\"upload\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "\r\n"
        "------WebKitFormBoundaryQ\r\n"
        "Content-Disposition: form-data; name=\"\"\r\n"
        "\r\n"
        "v\r\n"
        "------WebKitFormBoundaryQ--\r\n";
    std::vector<MultipartPart> parts;
    REQUIRE(parse(body, "----WebKitFormBoundaryQ", parts) == "");
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].name == "comment");
    CHECK(parts[0].data.empty());
    CHECK(parts[1].name == "upload");
    CHECK(parts[1].has_filename);
    CHECK(parts[1].filename.empty());
    CHECK(parts[1].data.empty());
    CHECK(parts[2].name.empty());
    CHECK(parts[2].data == "v");
}

TEST_CASE("parse_multipart: binary data with CR, LF, NUL and near-boundaries", "[multipart]") {
    static const char kData[] =
        "\r\n\r\r\n\n\0\xff"
        "\r\n-"
        "\r\n--"
        "\r\n--Xy"
        "--XyZ\r\n"          // no CRLF before it: not a delimiter
        "\r\n--XyZX\r\n"     // longer boundary: not a delimiter
        "\r\n--XyZ x\r\n"    // padding then junk: not a delimiter
        "\r\n--XyZ-\r\n"     // a single dash is not the close marker
        "\r\n--xyz\r\n"      // boundaries are case-sensitive
        "\r\n--XyZ\r"        // CR without LF
        "tail\r\n";
    const std::string data(kData, sizeof(kData) - 1);
    const std::string body =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"f\"; filename=\"blob.bin\"\r\n"
        "\r\n" +
        data +
        "\r\n--XyZ\r\n"
        "Content-Disposition: form-data; name=\"g\"\r\n"
        "\r\n"
        "\r\n\r\n"
        "\r\n--XyZ--";
    std::vector<MultipartPart> parts;
    REQUIRE(parse(body, "XyZ", parts) == "");
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].data == data);
    CHECK(parts[1].data == "\r\n\r\n");
}

TEST_CASE("parse_multipart: preamble, epilogue, padding, close-only", "[multipart]") {
    std::vector<MultipartPart> parts;

    SECTION("preamble and epilogue are ignored") {
        const std::string body =
            "This is the preamble.\r\n--XyZ is mentioned here but not as a line\r\n"
            "--XyZ\r\n"
            "Content-Disposition: form-data; name=\"a\"\r\n"
            "\r\n"
            "1\r\n"
            "--XyZ--\r\n"
            "epilogue\r\n--XyZ\r\nContent-Disposition: garbage\r\n";
        REQUIRE(parse(body, "XyZ", parts) == "");
        REQUIRE(parts.size() == 1);
        CHECK(parts[0].data == "1");
    }
    SECTION("preamble that is only a CRLF") {
        const std::string body =
            "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--";
        REQUIRE(parse(body, "XyZ", parts) == "");
        REQUIRE(parts.size() == 1);
        CHECK(parts[0].data == "1");
    }
    SECTION("transport padding after delimiters") {
        const std::string body =
            "--XyZ \t \r\n"
            "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            "--XyZ\t\r\n"
            "Content-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
            "--XyZ--  \r\n";
        REQUIRE(parse(body, "XyZ", parts) == "");
        REQUIRE(parts.size() == 2);
        CHECK(parts[0].data == "1");
        CHECK(parts[1].data == "2");
    }
    SECTION("a close delimiter alone is zero parts") {
        REQUIRE(parse("--XyZ--\r\n", "XyZ", parts) == "");
        CHECK(parts.empty());
        REQUIRE(parse("--XyZ--", "XyZ", parts) == "");
        CHECK(parts.empty());
    }
    SECTION("boundary at the maximum length") {
        const std::string b(70, 'q');
        const std::string body = "--" + b + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" +
                                 b + "--";
        REQUIRE(parse(body, b, parts) == "");
        REQUIRE(parts.size() == 1);
        CHECK(parts[0].data == "1");
    }
    SECTION("previous contents of parts are replaced") {
        parts.resize(5);
        REQUIRE(parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--XyZ--",
                      "XyZ", parts) == "");
        CHECK(parts.size() == 1);
    }
}

TEST_CASE("parse_multipart: part headers", "[multipart]") {
    std::vector<MultipartPart> parts;

    SECTION("header names and parameter names are case-insensitive; others are ignored") {
        const std::string body =
            "--XyZ\r\n"
            "content-disposition: Form-Data; NAME=\"a\"; FileName=\"x.txt\"\r\n"
            "CONTENT-TYPE:text/plain; charset=utf-8  \r\n"
            "Content-Transfer-Encoding: binary\r\n"
            "X-Whatever:\r\n"
            "\r\n"
            "1\r\n"
            "--XyZ--";
        REQUIRE(parse(body, "XyZ", parts) == "");
        REQUIRE(parts.size() == 1);
        CHECK(parts[0].name == "a");
        CHECK(parts[0].filename == "x.txt");
        CHECK(parts[0].content_type == "text/plain; charset=utf-8");
    }
    SECTION("token (unquoted) parameter values and filename* ignored") {
        const std::string body =
            "--XyZ\r\n"
            "Content-Disposition: form-data; name=field; filename*=UTF-8''%e2%82%ac.txt\r\n"
            "\r\n"
            "1\r\n"
            "--XyZ--";
        REQUIRE(parse(body, "XyZ", parts) == "");
        REQUIRE(parts.size() == 1);
        CHECK(parts[0].name == "field");
        CHECK_FALSE(parts[0].has_filename);
    }
    SECTION("UTF-8 and a semicolon inside quoted filenames are kept as sent") {
        const std::string body =
            "--XyZ\r\n"
            "Content-Disposition: form-data; name=\"f\"; filename=\"r\xc3\xa9sum\xc3\xa9; v2.pdf\"\r\n"
            "\r\n"
            "%PDF\r\n"
            "--XyZ--";
        REQUIRE(parse(body, "XyZ", parts) == "");
        REQUIRE(parts.size() == 1);
        CHECK(parts[0].filename == "r\xc3\xa9sum\xc3\xa9; v2.pdf");
    }
    SECTION("filename is returned as sent, path included") {
        const std::string body =
            "--XyZ\r\n"
            "Content-Disposition: form-data; name=\"f\"; filename=\"../../etc/passwd\"\r\n"
            "\r\n"
            "x\r\n"
            "--XyZ--";
        REQUIRE(parse(body, "XyZ", parts) == "");
        CHECK(parts[0].filename == "../../etc/passwd");
    }
    SECTION("header block exactly at the limit") {
        const std::string headers = "Content-Disposition: form-data; name=\"a\"\r\n\r\n";
        const std::string body = "--XyZ\r\n" + headers + "1\r\n--XyZ--";
        MultipartLimits limits;
        limits.max_part_header_bytes = headers.size();
        REQUIRE(parse(body, "XyZ", parts, limits) == "");
        limits.max_part_header_bytes = headers.size() - 1;
        CHECK(error_of(body, "XyZ", limits) == "part headers too long");
    }
}

TEST_CASE("parse_multipart: escapes in quoted parameters", "[multipart]") {
    std::vector<MultipartPart> parts;

    SECTION("escaped quote and backslash") {
        const std::string body =
            "--XyZ\r\n"
            "Content-Disposition: form-data; name=\"say \\\"hi\\\"\"; filename=\"a\\\\b.txt\"\r\n"
            "\r\n"
            "1\r\n"
            "--XyZ--";
        REQUIRE(parse(body, "XyZ", parts) == "");
        REQUIRE(parts.size() == 1);
        CHECK(parts[0].name == "say \\\"hi\\\"");
        CHECK(parts[0].name_escaped);
        CHECK(unquote_param(parts[0].name) == "say \"hi\"");
        CHECK(parts[0].filename == "a\\\\b.txt");
        CHECK(parts[0].filename_escaped);
        CHECK(unquote_param(parts[0].filename) == "a\\b.txt");
    }
    SECTION("Windows path as old IE sends it: lone backslashes are literal") {
        const std::string body =
            "--XyZ\r\n"
            "Content-Disposition: form-data; name=\"f\"; filename=\"C:\\Users\\me\\a.txt\"\r\n"
            "\r\n"
            "1\r\n"
            "--XyZ--";
        REQUIRE(parse(body, "XyZ", parts) == "");
        CHECK(parts[0].filename == "C:\\Users\\me\\a.txt");
        CHECK_FALSE(parts[0].filename_escaped);
        CHECK(unquote_param(parts[0].filename) == parts[0].filename);
    }
    SECTION("escaped backslash right before the closing quote") {
        const std::string body =
            "--XyZ\r\n"
            "Content-Disposition: form-data; name=\"a\\\\\"\r\n"
            "\r\n"
            "1\r\n"
            "--XyZ--";
        REQUIRE(parse(body, "XyZ", parts) == "");
        CHECK(parts[0].name == "a\\\\");
        CHECK(unquote_param(parts[0].name) == "a\\");
    }
    SECTION("unquote_param on its own") {
        CHECK(unquote_param("") == "");
        CHECK(unquote_param("plain") == "plain");
        CHECK(unquote_param("\\\"") == "\"");
        CHECK(unquote_param("\\\\") == "\\");
        CHECK(unquote_param("\\n\\") == "\\n\\");
        CHECK(unquote_param("a\\\\\\\"b") == "a\\\"b");
    }
}

TEST_CASE("parse_multipart: error cases", "[multipart]") {
    const std::string cd = "Content-Disposition: form-data; name=\"a\"\r\n";

    SECTION("invalid boundary argument") {
        CHECK(error_of("--\r\n", "") == "invalid boundary");
        CHECK(error_of("", std::string(71, 'a')) == "invalid boundary");
        CHECK(error_of("", "ab\r\n") == "invalid boundary");
        CHECK(error_of("", "ab ") == "invalid boundary");
    }
    SECTION("missing boundary line") {
        CHECK(error_of("") == "missing boundary line");
        CHECK(error_of("no delimiter here") == "missing boundary line");
        CHECK(error_of("--XyZZ\r\n" + cd + "\r\n1\r\n--XyZZ--") == "missing boundary line");
        CHECK(error_of("--xyz\r\n" + cd + "\r\n1\r\n--xyz--") == "missing boundary line");
        CHECK(error_of("x--XyZ\r\n" + cd + "\r\n1\n--XyZ--") == "missing boundary line");
        // Everything before the first real delimiter line is preamble, even when that line is
        // the close delimiter.
        std::vector<MultipartPart> parts;
        CHECK(parse("x--XyZ\r\n" + cd + "\r\n1\r\n--XyZ--", "XyZ", parts) == "");
        CHECK(parts.empty());
        CHECK(error_of("--XyZ") == "missing boundary line");
        CHECK(error_of("--XyZ-") == "missing boundary line");
        CHECK(error_of("--XyZ\r") == "missing boundary line");
        CHECK(error_of("--XyZ\n" + cd + "\n1\n--XyZ--") == "missing boundary line");
    }
    SECTION("unterminated body") {
        CHECK(error_of("--XyZ\r\n") == "unterminated body");
        CHECK(error_of("--XyZ\r\n" + cd) == "unterminated body");
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n") == "unterminated body");
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n1") == "unterminated body");
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n1\r\n--XyZ") == "unterminated body");
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n1\r\n--XyZ-") == "unterminated body");
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n1\r\n--XyZ  ") == "unterminated body");
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n1\r\n--XyZ\r\n") == "unterminated body");
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n1\r\n--XyZ\r\n" + cd + "\r\n2") ==
              "unterminated body");
        // The CRLF ending the empty line is not also the CRLF of the next delimiter.
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n--XyZ--") == "unterminated body");
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n1\n--XyZ--") == "unterminated body");
    }
    SECTION("part headers too long") {
        MultipartLimits limits;
        limits.max_part_header_bytes = 64;
        const std::string big = "X-Pad: " + std::string(100, 'p') + "\r\n";
        CHECK(error_of("--XyZ\r\n" + big + cd + "\r\n1\r\n--XyZ--", "XyZ", limits) ==
              "part headers too long");
        // The limit applies even when no line end is in sight.
        CHECK(error_of("--XyZ\r\n" + std::string(1000, 'h'), "XyZ", limits) ==
              "part headers too long");
        limits.max_part_header_bytes = 0;
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n1\r\n--XyZ--", "XyZ", limits) ==
              "part headers too long");
    }
    SECTION("malformed part header") {
        auto with_header = [&](const std::string& h) {
            return error_of("--XyZ\r\n" + h + "\r\n1\r\n--XyZ--");
        };
        CHECK(with_header(cd + "X-Bare-LF: 1\n") == "malformed part header");
        CHECK(with_header("\n" + cd) == "malformed part header");
        CHECK(with_header(cd + "No colon here\r\n") == "malformed part header");
        CHECK(with_header(cd + "X-Space : 1\r\n") == "malformed part header");
        CHECK(with_header(cd + ": empty name\r\n") == "malformed part header");
        CHECK(with_header(cd + "X-Folded: a\r\n b\r\n") == "malformed part header");
        CHECK(with_header(cd + "X-CR: a\rb\r\n") == "malformed part header");
        CHECK(with_header(cd + std::string("X-NUL: a\0b\r\n", 12)) == "malformed part header");
        CHECK(with_header("Content-Disposition: form-data; name=\"a\rb\"\r\n") ==
              "malformed part header");
    }
    SECTION("duplicate part header") {
        CHECK(error_of("--XyZ\r\n" + cd + cd + "\r\n1\r\n--XyZ--") == "duplicate part header");
        CHECK(error_of("--XyZ\r\n" + cd + "Content-Type: a/b\r\ncontent-type: c/d\r\n\r\n1\r\n--XyZ--") ==
              "duplicate part header");
    }
    SECTION("malformed Content-Disposition") {
        auto with_cd = [](const std::string& v) {
            return error_of("--XyZ\r\nContent-Disposition: " + v + "\r\n\r\n1\r\n--XyZ--");
        };
        CHECK(with_cd("") == "malformed Content-Disposition");
        CHECK(with_cd("; name=\"a\"") == "malformed Content-Disposition");
        CHECK(with_cd("form-data; name=\"a") == "malformed Content-Disposition");
        CHECK(with_cd("form-data; name=\"a\\\"") == "malformed Content-Disposition");
        CHECK(with_cd("form-data; name") == "malformed Content-Disposition");
        CHECK(with_cd("form-data; name=") == "malformed Content-Disposition");
        CHECK(with_cd("form-data; name=a b") == "malformed Content-Disposition");
        CHECK(with_cd("form-data name=\"a\"") == "malformed Content-Disposition");
        CHECK(with_cd("form-data; name=\"a\"; name=\"b\"") == "malformed Content-Disposition");
        CHECK(with_cd("form-data; name=\"a\"; filename=\"x\"; FILENAME=\"y\"") ==
              "malformed Content-Disposition");
    }
    SECTION("part without form-data name") {
        CHECK(error_of("--XyZ\r\n\r\n1\r\n--XyZ--") == "part without form-data name");
        CHECK(error_of("--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--") ==
              "part without form-data name");
        CHECK(error_of("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--XyZ--") ==
              "part without form-data name");
        CHECK(error_of("--XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n--XyZ--") ==
              "part without form-data name");
        CHECK(error_of("--XyZ\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\n1\r\n--XyZ--") ==
              "part without form-data name");
        // A bad second part fails the whole body.
        CHECK(error_of("--XyZ\r\n" + cd + "\r\n1\r\n--XyZ\r\n\r\n2\r\n--XyZ--") ==
              "part without form-data name");
    }
    SECTION("a null error pointer is allowed") {
        std::vector<MultipartPart> parts;
        CHECK_FALSE(parse_multipart("", "XyZ", MultipartLimits{}, parts, nullptr));
    }
}

TEST_CASE("parse_multipart: max_parts", "[multipart]") {
    std::string body;
    for (int i = 0; i < 3; ++i) {
        body += "--XyZ\r\nContent-Disposition: form-data; name=\"p" + std::to_string(i) + "\"\r\n\r\nv\r\n";
    }
    body += "--XyZ--\r\n";
    std::vector<MultipartPart> parts;
    MultipartLimits limits;

    limits.max_parts = 3;
    REQUIRE(parse(body, "XyZ", parts, limits) == "");
    CHECK(parts.size() == 3);
    CHECK(parts[2].name == "p2");

    limits.max_parts = 2;
    CHECK(error_of(body, "XyZ", limits) == "too many parts");

    limits.max_parts = 0;
    CHECK(error_of(body, "XyZ", limits) == "too many parts");
    REQUIRE(parse("--XyZ--", "XyZ", parts, limits) == "");
    CHECK(parts.empty());

    // The default limit is reached by a flood of tiny parts.
    std::string flood;
    for (int i = 0; i < 1001; ++i) flood += "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n";
    flood += "--XyZ--";
    CHECK(error_of(flood) == "too many parts");
}

TEST_CASE("parse_multipart: keep_parts_before_limit", "[multipart]") {
    std::string parts4;
    for (int i = 0; i < 4; ++i) {
        parts4 += "--XyZ\r\nContent-Disposition: form-data; name=\"p" + std::to_string(i) + "\"\r\n\r\nv" +
                  std::to_string(i) + "\r\n";
    }
    // Past the limit the body may be anything: it is never read. (The parts point into the body,
    // so each body lives as long as they are looked at.)
    const std::string bad_tail = parts4 + "--XyZ\r\nno colon here\r\n\r\n";
    const std::string closed = parts4 + "--XyZ--";
    MultipartLimits limits;
    limits.keep_parts_before_limit = true;
    std::vector<MultipartPart> parts;
    const char* err = nullptr;

    limits.max_parts = 2;
    CHECK_FALSE(parse_multipart(bad_tail, "XyZ", limits, parts, &err));
    CHECK(std::string(err) == "too many parts");
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].name == "p0");
    CHECK(parts[1].name == "p1");
    CHECK(parts[1].data == "v1");

    // Exactly max_parts parts and a close delimiter is no error at all.
    limits.max_parts = 4;
    err = nullptr;
    CHECK(parse_multipart(closed, "XyZ", limits, parts, &err));
    CHECK(err == nullptr);
    CHECK(parts.size() == 4);

    // Other errors still fail the whole body and keep nothing.
    limits.max_parts = 10;
    CHECK_FALSE(parse_multipart(bad_tail, "XyZ", limits, parts, &err));
    CHECK(std::string(err) == "malformed part header");
    CHECK(parts.empty());

    // Without the flag the limit fails the body as before.
    limits.max_parts = 2;
    limits.keep_parts_before_limit = false;
    CHECK_FALSE(parse_multipart(bad_tail, "XyZ", limits, parts, &err));
    CHECK(std::string(err) == "too many parts");
    CHECK(parts.empty());
}

TEST_CASE("upload_basename: last '/' or '\\' wins, as PHP's php_ap_basename", "[multipart]") {
    CHECK(upload_basename("a.txt") == "a.txt");
    CHECK(upload_basename("") == "");
    CHECK(upload_basename("../../etc/passwd") == "passwd");
    CHECK(upload_basename("..\\..\\win.ini") == "win.ini");
    CHECK(upload_basename("C:\\Users\\me\\a.txt") == "a.txt");
    CHECK(upload_basename("\\\\server\\share\\f.txt") == "f.txt");
    CHECK(upload_basename("a/b\\c") == "c");
    CHECK(upload_basename("a\\b/c") == "c");
    // A trailing separator leaves nothing (PHP's basename() would say "dir"; uploads do not).
    CHECK(upload_basename("dir/") == "");
    CHECK(upload_basename("x\\") == "");
    CHECK(upload_basename("/") == "");
    // Nothing else is touched: spaces, quotes, dots, UTF-8.
    CHECK(upload_basename("  spaced name.txt  ") == "  spaced name.txt  ");
    CHECK(upload_basename("a\\'b.txt") == "'b.txt");
    CHECK(upload_basename("q\"uo.txt") == "q\"uo.txt");
    CHECK(upload_basename("..") == "..");
    CHECK(upload_basename("r\xc3\xa9sum\xc3\xa9.pdf") == "r\xc3\xa9sum\xc3\xa9.pdf");
    // The result is a view into the argument.
    const std::string path = "dir\\file";
    CHECK(upload_basename(path).data() == path.data() + 4);
}

TEST_CASE("parse_multipart: 10 MiB file part with many CRs and near-delimiters", "[multipart]") {
    const std::string boundary = "------------------------d74496d66958873e";
    std::string data;
    data.reserve(10u << 20);
    static const char kChunk[] = "\r\n--------------------------d74496d66958873\r\r\n\r\n-- \0\xff";
    const std::string chunk(kChunk, sizeof(kChunk) - 1);
    while (data.size() + chunk.size() <= (10u << 20)) data += chunk;
    data.resize(10u << 20, '\r');
    const std::string body = "--" + boundary +
                             "\r\nContent-Disposition: form-data; name=\"big\"; filename=\"big.bin\"\r\n"
                             "Content-Type: application/octet-stream\r\n\r\n" +
                             data + "\r\n--" + boundary + "--\r\n";

    std::vector<MultipartPart> parts;
    auto t0 = std::chrono::steady_clock::now();
    REQUIRE(parse(body, boundary, parts) == "");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].data.size() == data.size());
    CHECK(parts[0].data.data() == body.data() + (body.size() - data.size() - boundary.size() - 8));
    CHECK(parts[0].data == data);
    // Generous so a sanitizer build on a busy machine passes; a quadratic scan would not.
    CHECK(ms.count() < 2000);
}
