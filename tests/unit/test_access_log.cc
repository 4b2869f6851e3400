// The access log (trident/server/access_log.h): line formats and their escaping, request ids,
// the bounded per-reactor buffers, the writer thread and reopen.
#include <arpa/inet.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "trident/ipc/frame.h"
#include "trident/server/access_log.h"

using namespace trident;
using namespace trident::server;

namespace {

std::vector<uint8_t> head(const std::vector<HeaderField>& headers, ipc::Protocol proto = ipc::Protocol::Http11,
                          std::string_view target = "/p?q=1") {
    ipc::RequestHeadIn in;
    in.conn.protocol = proto;
    in.conn.family = AF_INET;
    inet_pton(AF_INET, "192.0.2.5", in.conn.remote_addr);
    in.method = "GET";
    in.target = target;
    in.authority = "example.test";
    in.headers = headers.data();
    in.header_count = headers.size();
    std::vector<uint8_t> out(ipc::request_head_size(in));
    REQUIRE(ipc::encode_request_head(in, out.data(), out.size()) == out.size());
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("access log: combined and JSON lines, escaped", "[access_log]") {
    auto h = head({{"user-agent", "Agent \"x\"\\1"}, {"referer", "http://r.test/\x01\xc3\xa9"}, {"x-request-id", "req-42"}});
    AccessRequest r;
    r.capture(h.data(), h.size(), 7, 1, 2);
    AccessEntry e;
    e.request = &r;
    e.status = 201;
    e.bytes = 1234;
    e.duration_us = 1500;
    e.wall_time = 1764633600.25;  // 2025-12-02T00:00:00.250Z
    std::string out;
    format_access_line(e, AccessLogFormat::Combined, out);
    CHECK(out ==
          "192.0.2.5 - - [02/Dec/2025:00:00:00 +0000] \"GET /p?q=1 HTTP/1.1\" 201 1234 "
          "\"http://r.test/\\x01\\xC3\\xA9\" \"Agent \\x22x\\x22\\x5C1\"\n");
    out.clear();
    format_access_line(e, AccessLogFormat::Json, out);
    CHECK(out ==
          "{\"time\":\"2025-12-02T00:00:00.250Z\",\"remote_addr\":\"192.0.2.5\",\"method\":\"GET\",\"target\":\"/p?q=1\","
          "\"protocol\":\"HTTP/1.1\",\"host\":\"example.test\",\"status\":201,\"bytes\":1234,\"duration\":0.001500,"
          "\"referer\":\"http://r.test/\\u0001\\u00c3\\u00a9\",\"user_agent\":\"Agent \\\"x\\\"\\\\1\",\"request_id\":\"req-42\"}\n");

    // HTTP/2 and HTTP/3 as nginx names them; no Referer/User-Agent: "-".
    auto h3 = head({}, ipc::Protocol::Http3, "/");
    AccessRequest r3;
    r3.capture(h3.data(), h3.size(), 7, 1, 2);
    e.request = &r3;
    out.clear();
    format_access_line(e, AccessLogFormat::Combined, out);
    CHECK(out == "192.0.2.5 - - [02/Dec/2025:00:00:00 +0000] \"GET / HTTP/3.0\" 201 1234 \"-\" \"-\"\n");
    // Answered before a head was read.
    e.request = nullptr;
    out.clear();
    format_access_line(e, AccessLogFormat::Combined, out);
    CHECK(out == "- - - [02/Dec/2025:00:00:00 +0000] \"-\" 201 1234 \"-\" \"-\"\n");
    // Answered before a head was read, the client's address known.
    ipc::ConnectionInfo ci;
    ci.family = AF_INET;
    inet_pton(AF_INET, "198.51.100.9", ci.remote_addr);
    AccessRequest peer;
    peer.capture_peer(ci, 7, 1, 2);
    e.request = &peer;
    e.status = 400;
    e.bytes = 11;
    out.clear();
    format_access_line(e, AccessLogFormat::Combined, out);
    CHECK(out == "198.51.100.9 - - [02/Dec/2025:00:00:00 +0000] \"-\" 400 11 \"-\" \"-\"\n");
}

TEST_CASE("access log: request ids", "[access_log]") {
    CHECK(usable_request_id("abc-123"));
    CHECK(usable_request_id(std::string(128, 'a')));
    CHECK_FALSE(usable_request_id(std::string(129, 'a')));
    CHECK_FALSE(usable_request_id(""));
    CHECK_FALSE(usable_request_id("a b"));
    CHECK_FALSE(usable_request_id("a\"b"));
    CHECK_FALSE(usable_request_id("a\\b"));
    CHECK_FALSE(usable_request_id("caf\xc3\xa9"));
    // Generated ids: 32 hex digits, distinct for distinct (session, stream), stable for the same.
    std::set<std::string> seen;
    char id[32];
    for (uint64_t s = 1; s <= 100; ++s) {
        for (int64_t st = 0; st < 100; ++st) {
            generated_request_id(0x1234, s, st, id);
            seen.insert(std::string(id, 32));
        }
    }
    CHECK(seen.size() == 10000);
    generated_request_id(0x1234, 5, 6, id);
    std::string a(id, 32);
    generated_request_id(0x1234, 5, 6, id);
    CHECK(a == std::string(id, 32));
    CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    generated_request_id(0x1235, 5, 6, id);
    CHECK(a != std::string(id, 32));  // another server (nonce): another id
    // The client's id when it sent one usable id; generated when it sent two.
    auto one = head({{"x-request-id", "given"}});
    auto two = head({{"x-request-id", "a"}, {"X-Request-Id", "b"}});
    AccessRequest r1, r2;
    r1.capture(one.data(), one.size(), 1, 2, 3);
    r2.capture(two.data(), two.size(), 1, 2, 3);
    CHECK(r1.field(AccessRequest::RequestId) == "given");
    generated_request_id(1, 2, 3, id);
    CHECK(r2.field(AccessRequest::RequestId) == std::string(id, 32));
}

TEST_CASE("access log: writer, bounded buffers, reopen", "[access_log]") {
    char dir[] = "/tmp/trident_alog_XXXXXX";
    REQUIRE(mkdtemp(dir));
    std::string path = std::string(dir) + "/a.log";
    std::atomic<uint64_t> dropped{0};
    {
        AccessLog log;
        std::string error;
        REQUIRE(log.open(path, AccessLogFormat::Combined, 2, &dropped, &error));
        // Before the writer runs nothing leaves the buffers: past 4 MiB a reactor's lines drop.
        std::string line(1000, 'x');
        line.back() = '\n';
        size_t accepted = 0;
        for (int i = 0; i < 5000; ++i) accepted += log.append(0, line) ? 1 : 0;
        CHECK(accepted == AccessLog::kMaxBuffered / 1000);
        CHECK(dropped.load() == 5000 - accepted);
        CHECK(log.append(1, "other reactor\n"));
        CHECK_FALSE(log.append(2, "no such reactor\n"));
        log.start();
        for (int i = 0; i < 100 && read_file(path).size() < accepted * 1000; ++i) usleep(20000);
        CHECK(read_file(path).size() == accepted * 1000 + 14);
        // logrotate: moved away, reopened, the next lines go to a new file at the path.
        REQUIRE(rename(path.c_str(), (path + ".1").c_str()) == 0);
        log.reopen();
        usleep(300000);
        log.append(0, "after\n");
        log.stop();  // flushes
        CHECK(read_file(path) == "after\n");
        CHECK(read_file(path + ".1").size() == accepted * 1000 + 14);
    }
    AccessLog bad;
    std::string error;
    CHECK_FALSE(bad.open(std::string(dir) + "/missing/x.log", AccessLogFormat::Json, 1, &dropped, &error));
    CHECK(error == "cannot open access_log \"" + std::string(dir) + "/missing/x.log\": No such file or directory");
    unlink((path + ".1").c_str());
    unlink(path.c_str());
    rmdir(dir);
}
