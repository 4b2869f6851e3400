#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "trident/http1/chunked.h"

using trident::http1::ChunkedDecoder;
using Status = trident::http1::ChunkedDecoder::Status;

namespace {

struct Outcome {
    Status status = Status::NeedMore;
    std::string body;
    size_t consumed = 0;  // of the whole input
    std::string error;
    uint64_t body_bytes = 0;
};

// Feeds `input` in pieces that end at the given cut offsets, the way a connection would:
// bytes not consumed stay in the connection's buffer and are passed again with the next read.
Outcome run(const std::string& input, const std::vector<size_t>& cuts,
            size_t max_trailer_bytes = trident::http1::kMaxTrailerBytes) {
    ChunkedDecoder dec(max_trailer_bytes);
    Outcome out;
    std::string pending;  // unconsumed bytes, as the caller's buffer would hold them
    size_t fed = 0;
    std::vector<size_t> ends = cuts;
    ends.push_back(input.size());
    for (size_t cut : ends) {
        if (cut < fed) continue;
        pending += input.substr(fed, cut - fed);
        fed = cut;
        for (;;) {
            // A copy of exactly the pending bytes, so ASan catches reads past them.
            std::vector<char> buf(pending.begin(), pending.end());
            size_t consumed = 999999;
            std::string_view body;
            Status st = dec.decode(buf.data(), buf.size(), consumed, body);
            REQUIRE(consumed <= buf.size());
            if (!body.empty()) {
                REQUIRE(body.data() >= buf.data());
                REQUIRE(body.data() + body.size() <= buf.data() + consumed);
            }
            out.body.append(body.data(), body.size());
            out.consumed += consumed;
            pending.erase(0, consumed);
            out.status = st;
            if (st != Status::NeedMore) {
                out.error = dec.error();
                out.body_bytes = dec.body_bytes();
                return out;
            }
            if (consumed == 0 && body.empty()) break;
        }
    }
    out.body_bytes = dec.body_bytes();
    return out;
}

Outcome run_whole(const std::string& input) { return run(input, {}); }

// Every input is also fed one byte at a time and cut in two at every offset; the result
// must not depend on how the bytes arrived.
void check_all_splits(const std::string& input, const Outcome& expect) {
    std::vector<size_t> every;
    for (size_t i = 1; i < input.size(); ++i) every.push_back(i);
    Outcome bytewise = run(input, every);
    CHECK(bytewise.status == expect.status);
    CHECK(bytewise.body == expect.body);
    CHECK(bytewise.error == expect.error);
    if (expect.status == Status::Done) CHECK(bytewise.consumed == expect.consumed);
    for (size_t i = 1; i < input.size(); ++i) {
        Outcome two = run(input, {i});
        INFO("split at " << i);
        CHECK(two.status == expect.status);
        CHECK(two.body == expect.body);
        CHECK(two.error == expect.error);
        if (expect.status == Status::Done) CHECK(two.consumed == expect.consumed);
    }
}

}  // namespace

TEST_CASE("chunked: one chunk", "[http1][chunked]") {
    std::string in = "5\r\nhello\r\n0\r\n\r\n";
    Outcome o = run_whole(in);
    CHECK(o.status == Status::Done);
    CHECK(o.body == "hello");
    CHECK(o.consumed == in.size());
    CHECK(o.body_bytes == 5);
    CHECK(o.error.empty());
    check_all_splits(in, o);
}

TEST_CASE("chunked: several chunks, hex sizes", "[http1][chunked]") {
    std::string data(0x1a, 'x');
    std::string in = "3\r\nabc\r\n1A\r\n" + data + "\r\n000a\r\n0123456789\r\n1\r\n!\r\n0\r\n\r\n";
    Outcome o = run_whole(in);
    CHECK(o.status == Status::Done);
    CHECK(o.body == "abc" + data + "0123456789!");
    CHECK(o.consumed == in.size());
    CHECK(o.body_bytes == 3 + 0x1a + 10 + 1);
    check_all_splits(in, o);
}

TEST_CASE("chunked: empty body", "[http1][chunked]") {
    std::string in = "0\r\n\r\n";
    Outcome o = run_whole(in);
    CHECK(o.status == Status::Done);
    CHECK(o.body.empty());
    CHECK(o.consumed == 5);
    check_all_splits(in, o);
    CHECK(run_whole("000\r\n\r\n").status == Status::Done);
}

TEST_CASE("chunked: extensions are skipped", "[http1][chunked]") {
    std::string in = "5;name=value\r\nhello\r\n6 ; a=\"q;x\" ;b\r\n world\r\n0;last\r\n\r\n";
    Outcome o = run_whole(in);
    CHECK(o.status == Status::Done);
    CHECK(o.body == "hello world");
    CHECK(o.consumed == in.size());
    check_all_splits(in, o);
}

TEST_CASE("chunked: trailers are skipped", "[http1][chunked]") {
    std::string in = "2\r\nhi\r\n0\r\nX-Checksum: abc\r\nX-Other:\tv\r\n\r\n";
    Outcome o = run_whole(in);
    CHECK(o.status == Status::Done);
    CHECK(o.body == "hi");
    CHECK(o.consumed == in.size());
    check_all_splits(in, o);
}

TEST_CASE("chunked: the next pipelined request is left unconsumed", "[http1][chunked]") {
    std::string body = "4\r\nwiki\r\n0\r\nT: v\r\n\r\n";
    std::string next = "GET /next HTTP/1.1\r\nHost: h\r\n\r\n";
    std::string in = body + next;
    Outcome o = run_whole(in);
    CHECK(o.status == Status::Done);
    CHECK(o.body == "wiki");
    CHECK(o.consumed == body.size());
    check_all_splits(in, o);

    // Whatever more arrives after Done is not ours.
    ChunkedDecoder dec;
    size_t consumed = 0;
    std::string_view out;
    REQUIRE(dec.decode(in.data(), in.size(), consumed, out) == Status::NeedMore);
    size_t at = consumed;
    while (true) {
        Status st = dec.decode(in.data() + at, in.size() - at, consumed, out);
        at += consumed;
        if (st == Status::Done) break;
        REQUIRE(st == Status::NeedMore);
    }
    CHECK(at == body.size());
    CHECK(dec.decode(in.data() + at, in.size() - at, consumed, out) == Status::Done);
    CHECK(consumed == 0);
    CHECK(out.empty());
}

TEST_CASE("chunked: body is handed out in pieces without copying", "[http1][chunked]") {
    std::string in = "a\r\n0123456789\r\n0\r\n\r\n";
    ChunkedDecoder dec;
    size_t consumed = 0;
    std::string_view body;
    // Only part of the data has arrived.
    REQUIRE(dec.decode(in.data(), 7, consumed, body) == Status::NeedMore);
    CHECK(consumed == 7);
    CHECK(body == "0123");
    CHECK(body.data() == in.data() + 3);
    REQUIRE(dec.decode(in.data() + 7, in.size() - 7, consumed, body) == Status::NeedMore);
    CHECK(body == "456789");
    CHECK(body.data() == in.data() + 7);
    CHECK(dec.body_bytes() == 10);
    size_t at = 7 + consumed;
    REQUIRE(dec.decode(in.data() + at, in.size() - at, consumed, body) == Status::Done);
    CHECK(body.empty());
    CHECK(at + consumed == in.size());
}

TEST_CASE("chunked: needs more until the final CRLF", "[http1][chunked]") {
    for (std::string in : {"5\r\nhello\r\n0\r\n", "5\r\nhello\r\n0\r\n\r", "5\r\nhello\r\n0\r\nT: v\r\n",
                           "5\r\nhello\r\n", "5\r\nhel", "5", ""}) {
        INFO(in);
        Outcome o = run_whole(in);
        CHECK(o.status == Status::NeedMore);
        CHECK(o.consumed == in.size());
    }
}

TEST_CASE("chunked: errors", "[http1][chunked]") {
    auto err = [](const std::string& in) {
        Outcome o = run_whole(in);
        INFO(in);
        CHECK(o.status == Status::Error);
        CHECK_FALSE(o.error.empty());
        return o.error;
    };
    CHECK(err("g\r\n") == "invalid chunk size");
    CHECK(err("\r\n") == "invalid chunk size");
    CHECK(err(";ext\r\n") == "invalid chunk size");
    CHECK(err("-1\r\n") == "invalid chunk size");
    CHECK(err("+1\r\n") == "invalid chunk size");
    CHECK(err("0x5\r\n") == "invalid chunk size");
    CHECK(err("5x\r\n") == "invalid chunk size");
    CHECK(err(" 5\r\n") == "invalid chunk size");
    CHECK(err("5 \r\n") == "invalid chunk size");
    CHECK(err("5 6\r\n") == "invalid chunk size");
    CHECK(err("5\nhello\r\n") == "bare LF in chunk-size line");
    CHECK(err("5;a\nhello\r\n") == "bare LF in chunk-size line");
    CHECK(err("5\rhello\r\n") == "bare CR in chunk-size line");
    CHECK(err(std::string("5;a\0\r\nhello\r\n", 12)) == "invalid character in chunk extension");
    CHECK(err("5\r\nhelloX\r\n") == "missing CRLF after chunk data");
    CHECK(err("5\r\nhello\rX") == "missing CRLF after chunk data");
    CHECK(err("5\r\nhello\n0\r\n\r\n") == "missing CRLF after chunk data");
    CHECK(err("5\r\nhello\r\n0\r\nT: v\n\r\n") == "bare LF in trailer section");
    CHECK(err("5\r\nhello\r\n0\r\n\n") == "bare LF in trailer section");
    CHECK(err("0\r\nT: v\rX") == "bare CR in trailer section");
    CHECK(err("0\r\n\rX") == "bare CR in trailer section");
    CHECK(err("0\r\nT: a\x01\r\n\r\n") == "invalid character in trailer section");
}

TEST_CASE("chunked: every error is the same however the input is split", "[http1][chunked]") {
    for (std::string in : {"5\r\nhelloX\r\n", "5;a\nhello", "5\r\nhello\r\n0\r\nT: v\n\r\n",
                           "1\r\na\r\n2x\r\n", "0\r\n\rX"}) {
        INFO(in);
        Outcome o = run_whole(in);
        REQUIRE(o.status == Status::Error);
        check_all_splits(in, o);
    }
}

TEST_CASE("chunked: size limit 2^62", "[http1][chunked]") {
    // 2^62 itself is allowed; the decoder then waits for that much data.
    Outcome o = run_whole("4000000000000000\r\nabc");
    CHECK(o.status == Status::NeedMore);
    CHECK(o.body == "abc");
    CHECK(run_whole("4000000000000001\r\n").error == "chunk size too large");
    CHECK(run_whole("10000000000000000\r\n").error == "chunk size too large");
    CHECK(run_whole("ffffffffffffffffffff\r\n").error == "chunk size too large");
    // Leading zeros do not count towards the size.
    CHECK(run_whole("00000000000000000000004000000000000000\r\n").status == Status::NeedMore);
}

TEST_CASE("chunked: chunk-size line limit 1024", "[http1][chunked]") {
    std::string at_limit = "5;" + std::string(1022, 'e');
    REQUIRE(at_limit.size() == 1024);
    Outcome o = run_whole(at_limit + "\r\nhello\r\n0\r\n\r\n");
    CHECK(o.status == Status::Done);
    CHECK(o.body == "hello");
    CHECK(run_whole(at_limit + "e\r\nhello\r\n0\r\n\r\n").error == "chunk-size line too long");
    // The limit applies to each line, not to their sum.
    Outcome twice = run_whole(at_limit + "\r\nhello\r\n" + at_limit + "\r\nworld\r\n0\r\n\r\n");
    CHECK(twice.status == Status::Done);
    CHECK(twice.body == "helloworld");
    // Without waiting for the CR.
    CHECK(run_whole(std::string(1025, '0')).error == "chunk-size line too long");
}

TEST_CASE("chunked: trailer section limit 8 KiB", "[http1][chunked]") {
    auto trailers = [](size_t bytes) {
        // Lines of "T: vvv...\r\n"; the last line sized so the section totals `bytes`.
        std::string s;
        while (s.size() + 100 < bytes) s += "T: " + std::string(95, 'v') + "\r\n";
        s += "T: " + std::string(bytes - s.size() - 5, 'v') + "\r\n";
        REQUIRE(s.size() == bytes);
        return s;
    };
    Outcome ok = run_whole("0\r\n" + trailers(8 * 1024 - 2) + "\r\n");
    CHECK(ok.status == Status::Done);
    Outcome bad = run_whole("0\r\n" + trailers(8 * 1024 - 1) + "\r\n");
    CHECK(bad.error == "trailer section too large");
    CHECK(run_whole("0\r\n" + std::string(9000, 'x')).error == "trailer section too large");

    // The connection passes its request head limit instead.
    CHECK(run("0\r\n" + trailers(1022) + "\r\n", {}, 1024).status == Status::Done);
    CHECK(run("0\r\n" + trailers(1023) + "\r\n", {}, 1024).error == "trailer section too large");
    CHECK(run("0\r\n" + trailers(20000) + "\r\n", {}, 32 * 1024).status == Status::Done);
}

TEST_CASE("chunked: trailer lines must be field lines", "[http1][chunked]") {
    auto err = [](const std::string& trailers) {
        std::string in = "5\r\nhello\r\n0\r\n" + trailers;
        Outcome o = run_whole(in);
        INFO(trailers);
        CHECK(o.status == Status::Error);
        CHECK(o.body == "hello");
        check_all_splits(in, o);
        return o.error;
    };
    // A pipelined request after a body that lacks its final CRLF is not swallowed as trailers:
    // its request line is no field line.
    CHECK(err("GET /smug HTTP/1.1\r\nHost: x\r\n\r\n") == "invalid trailer field name");
    CHECK(err("X: v\r\nGET /smug HTTP/1.1\r\n\r\n") == "invalid trailer field name");
    CHECK(err("X: a\r\n b\r\n\r\n") == "obsolete line folding in trailer section");
    CHECK(err("X: a\r\n\tb\r\n\r\n") == "obsolete line folding in trailer section");
    CHECK(err(" X: a\r\n\r\n") == "obsolete line folding in trailer section");
    CHECK(err(": v\r\n\r\n") == "invalid trailer field name");
    CHECK(err("X : v\r\n\r\n") == "invalid trailer field name");
    CHECK(err("X\t: v\r\n\r\n") == "invalid trailer field name");
    CHECK(err("X\r\n\r\n") == "invalid trailer field name");
    CHECK(err("X\n\r\n") == "invalid trailer field name");
    CHECK(err("X(y): v\r\n\r\n") == "invalid trailer field name");
    CHECK(err("X\xc3\xa9: v\r\n\r\n") == "invalid trailer field name");
    CHECK(err("\x7f: v\r\n\r\n") == "invalid trailer field name");
    CHECK(err("X: a\x7f" "b\r\n\r\n") == "invalid character in trailer section");
    CHECK(err(std::string("X: a\0b\r\n\r\n", 10)) == "invalid character in trailer section");
    // Detected at the first byte that proves it, without waiting for the line's end.
    Outcome early = run_whole("0\r\nGET ");
    CHECK(early.status == Status::Error);

    // Valid field lines: empty values, OWS, obs-text, ':' in the value, any tchar name.
    std::string ok = "0\r\nX-A:\r\nx-b: \t\r\nC:v:w\r\nD: caf\xc3\xa9 \r\n!#$%&'*+-.^_`|~09az:1\r\n\r\n";
    Outcome o = run_whole(ok);
    CHECK(o.status == Status::Done);
    CHECK(o.consumed == ok.size());
    check_all_splits(ok, o);
}

TEST_CASE("chunked: errors are sticky", "[http1][chunked]") {
    ChunkedDecoder dec;
    size_t consumed = 0;
    std::string_view body;
    std::string bad = "zz";
    REQUIRE(dec.decode(bad.data(), bad.size(), consumed, body) == Status::Error);
    std::string good = "0\r\n\r\n";
    CHECK(dec.decode(good.data(), good.size(), consumed, body) == Status::Error);
    CHECK(consumed == 0);
    CHECK(std::string(dec.error()) == "invalid chunk size");
}
