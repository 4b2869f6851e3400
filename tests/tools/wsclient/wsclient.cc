// wsclient: a command-line WebSocket client for Trident's end-to-end tests, over HTTP/1.1
// (RFC 6455), HTTP/2 (RFC 8441) and HTTP/3 (RFC 9220). Debian ships no client for the last two.
//
//   wsclient --h1 [--tls] | --h2 | --h2c | --h3  --host 127.0.0.1 --port N [--path /chat]
//            [--insecure | --cafile F] [--sni NAME] [--deflate] [--subprotocol x]... [--header 'k: v']...
//            [--timeout S] [--expect-status N] [--verbose]  STEP...
//
// The steps run in order (see usage()). One line per event on stdout:
//   open <status> ext=<Sec-WebSocket-Extensions|-> proto=<Sec-WebSocket-Protocol|->
//   text <len> <first 40 bytes>   binary <len>   ping <data>   pong <data>
//   close <code> <reason>         end (the server ended its direction after the close)
// (data and reason are left out with their blank when empty; bytes outside ASCII print as '.')
// Exit status: 0 when every expectation held, 1 when one did not (the reason on stderr), 2 on a
// usage error. --timeout bounds the whole run.
//
// The frames are built and parsed by the project's own codec (src/websocket/), in the client
// role: every frame we send is masked with a fresh random key, every frame the server sends
// must be unmasked.
#include <openssl/rand.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "transport.h"
#include "trident/websocket/deflate_codec.h"
#include "trident/websocket/parser.h"
#include "trident/websocket/permessage_deflate.h"
#include "trident/websocket/writer.h"

namespace wsclient {

uint64_t now_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

int ms_until(uint64_t deadline, int cap_ms) {
    uint64_t now = now_ns();
    if (deadline <= now) return 0;
    uint64_t ms = (deadline - now + 999999) / 1000000;
    return ms > uint64_t(cap_ms) ? cap_ms : int(ms);
}

void note(const Options& o, const char* fmt, ...) {
    if (!o.verbose) return;
    va_list ap;
    va_start(ap, fmt);
    fputs("wsclient: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

}  // namespace wsclient

namespace {

using namespace wsclient;
namespace ws = trident::websocket;

void usage() {
    fputs(
        "usage: wsclient --h1 [--tls] | --h2 | --h2c | --h3  --host ADDR --port N [--path /p]\n"
        "                [--insecure | --cafile FILE] [--sni NAME] [--deflate] [--subprotocol NAME]...\n"
        "                [--header 'name: value']... [--timeout SECONDS] [--expect-status N] [--verbose] STEP...\n"
        "steps:\n"
        "  send-text:STR            send-text-file:PATH       send-text-size:N[:FRAG]\n"
        "  send-binary-size:N[:FRAG] (bytes i%251; FRAG: split into frames of FRAG bytes)\n"
        "  send-raw-hex:HEX         raw bytes on the stream (protocol-violation tests)\n"
        "  expect-text:STR          expect-text-size:N        expect-binary-size:N\n"
        "  expect-echo              the last data message sent, back byte-exact with its opcode\n"
        "  ping:DATA                sends a ping, expects the pong with DATA\n"
        "  close:CODE[:REASON]      sends a close (CODE 1005: empty), waits for the server's, ends\n"
        "  expect-close:CODE        waits for the server's close with CODE, answers it, ends\n"
        "  sleep:SECONDS            keeps the connection without reading messages\n"
        "  pause-read:SECONDS       reads nothing at all (the socket, TCP or QUIC windows fill up)\n"
        "  expect-binary-seq:N:SIZE N binary messages of SIZE bytes, message i byte j = (i+j)%251,\n"
        "                           in order; prints one line: binary-seq N SIZE\n"
        "  echo-loop:N:SIZE         N binary messages of SIZE bytes, each echo checked; prints round trips/s\n"
        "  send-binary-seq:N:SIZE[:PATH]  N binary messages of SIZE bytes (message i: bytes (j+i)%251)\n"
        "                           sent without waiting; prints the time they took to leave and the\n"
        "                           longest stall; with PATH (HTTP/2), a GET on the same connection once\n"
        "                           the sending stalled, printed with whether the stall lasted through it\n",
        stderr);
}

std::string pattern(size_t n, bool text) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = text ? char('a' + i % 26) : char(i % 251);
    return s;
}

bool parse_size(const std::string& s, size_t& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    unsigned long long v = strtoull(s.c_str(), &end, 10);
    if (*end != '\0') return false;
    out = size_t(v);
    return true;
}

std::string printable(std::string_view s, size_t max) {
    std::string out;
    for (size_t i = 0; i < s.size() && i < max; ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        out += (c >= 0x20 && c < 0x7f) ? char(c) : '.';
    }
    return out;
}

// " <printable prefix>", or "" for empty data: no trailing blank on an event line.
std::string tail(std::string_view s, size_t max) { return s.empty() ? std::string() : " " + printable(s, max); }

class Runner {
public:
    Runner(const Options& o, Transport& t) : o_(o), t_(t), parser_(ws::Role::Client, limits()) {
        deadline_ = now_ns() + uint64_t(o.timeout * 1e9);
    }

    // The opening handshake; false on failure (reported).
    bool open(int expect_status) {
        OpenResult r;
        if (!t_.open(deadline_, r)) return fail("opening handshake: " + t_.error);
        printf("open %d ext=%s proto=%s\n", r.status, r.extensions.empty() ? "-" : r.extensions.c_str(),
               r.protocol.empty() ? "-" : r.protocol.c_str());
        fflush(stdout);
        int want = expect_status ? expect_status : o_.carrier == Carrier::H1 ? 101 : 200;
        if (r.status != want) return fail("expected status " + std::to_string(want));
        opened_ = r.status == 101 || r.status == 200;
        if (!opened_) return true;
        if (!r.extensions.empty() && !setup_deflate(r.extensions)) return false;
        return true;
    }
    bool opened() const { return opened_; }

    bool run(const std::string& step) {
        size_t colon = step.find(':');
        std::string verb = step.substr(0, colon);
        std::string arg = colon == std::string::npos ? "" : step.substr(colon + 1);
        size_t n = 0;
        if (verb == "send-text") return send_message(ws::Opcode::Text, arg, 0);
        if (verb == "send-text-file") {
            std::ifstream f(arg, std::ios::binary);
            if (!f) return fail("cannot read " + arg);
            std::stringstream ss;
            ss << f.rdbuf();
            return send_message(ws::Opcode::Text, ss.str(), 0);
        }
        if (verb == "send-text-size" || verb == "send-binary-size") {
            size_t frag = 0;
            size_t c2 = arg.find(':');
            if (!parse_size(arg.substr(0, c2), n) || (c2 != std::string::npos && !parse_size(arg.substr(c2 + 1), frag))) {
                return bad_step(step);
            }
            bool text = verb == "send-text-size";
            return send_message(text ? ws::Opcode::Text : ws::Opcode::Binary, pattern(n, text), frag);
        }
        if (verb == "send-raw-hex") {
            std::string raw;
            if (arg.size() % 2 != 0) return bad_step(step);
            for (size_t i = 0; i < arg.size(); i += 2) {
                char* end = nullptr;
                std::string byte = arg.substr(i, 2);
                long v = strtol(byte.c_str(), &end, 16);
                if (*end != '\0') return bad_step(step);
                raw += char(v);
            }
            t_.send(raw);
            return flush();
        }
        if (verb == "expect-text") return expect_message(ws::Opcode::Text, arg);
        if (verb == "expect-text-size" || verb == "expect-binary-size") {
            if (!parse_size(arg, n)) return bad_step(step);
            bool text = verb == "expect-text-size";
            return expect_message(text ? ws::Opcode::Text : ws::Opcode::Binary, pattern(n, text));
        }
        if (verb == "expect-echo") {
            if (!sent_any_) return fail("expect-echo before any message was sent");
            return expect_message(last_op_, last_sent_);
        }
        if (verb == "ping") return ping(arg);
        if (verb == "close") {
            size_t c2 = arg.find(':');
            if (!parse_size(arg.substr(0, c2), n) || n > 65535) return bad_step(step);
            return close(uint16_t(n), c2 == std::string::npos ? "" : arg.substr(c2 + 1));
        }
        if (verb == "expect-close") {
            if (!parse_size(arg, n) || n > 65535) return bad_step(step);
            return expect_close(uint16_t(n));
        }
        if (verb == "sleep") {
            double s = atof(arg.c_str());
            uint64_t until = now_ns() + uint64_t(s * 1e9);
            while (now_ns() < until) {
                if (!t_.pump(ms_until(until, 50))) return fail(t_.error);
            }
            return true;
        }
        if (verb == "pause-read") {
            // No pump: nothing is read from the socket (nor acknowledged over QUIC, nor credited
            // back over HTTP/2), so the server's sends really stall, unlike sleep.
            double s = atof(arg.c_str());
            if (s < 0) return bad_step(step);
            uint64_t until = now_ns() + uint64_t(s * 1e9);
            while (now_ns() < until) {
                int ms = ms_until(until, 50);
                timespec ts{ms / 1000, long(ms % 1000) * 1000000L};
                nanosleep(&ts, nullptr);
            }
            return true;
        }
        if (verb == "expect-binary-seq") {
            size_t size = 0, c2 = arg.find(':');
            if (c2 == std::string::npos || !parse_size(arg.substr(0, c2), n) || !parse_size(arg.substr(c2 + 1), size)) {
                return bad_step(step);
            }
            std::string base(size + 251, '\0');
            for (size_t j = 0; j < base.size(); ++j) base[j] = char(j % 251);
            for (size_t i = 0; i < n; ++i) {
                if (!expect_message(ws::Opcode::Binary, base.substr(i % 251, size), false)) {
                    return fail("message " + std::to_string(i) + " of the sequence");
                }
            }
            printf("binary-seq %zu %zu\n", n, size);
            fflush(stdout);
            return true;
        }
        if (verb == "echo-loop") {
            size_t size = 0, c2 = arg.find(':');
            if (c2 == std::string::npos || !parse_size(arg.substr(0, c2), n) || !parse_size(arg.substr(c2 + 1), size)) {
                return bad_step(step);
            }
            return echo_loop(n, size);
        }
        if (verb == "send-binary-seq") {
            size_t size = 0;
            std::vector<std::string> parts;
            for (size_t from = 0;;) {
                size_t c = arg.find(':', from);
                parts.push_back(arg.substr(from, c == std::string::npos ? std::string::npos : c - from));
                if (c == std::string::npos || parts.size() == 3) break;
                from = c + 1;
            }
            if (parts.size() < 2 || !parse_size(parts[0], n) || !parse_size(parts[1], size)) return bad_step(step);
            return send_seq(n, size, parts.size() == 3 ? parts[2] : std::string());
        }
        return bad_step(step);
    }

    // After the script: leave (close handshake not required; the server sees the transport go).
    void finish() { t_.shutdown(); }

    bool fail(const std::string& why) {
        fflush(stdout);
        fprintf(stderr, "wsclient: %s\n", why.c_str());
        return false;
    }

private:
    static ws::Limits limits() {
        ws::Limits l;
        l.max_frame_size = 64u << 20;
        l.max_message_size = 64u << 20;
        return l;
    }

    bool bad_step(const std::string& step) { return fail("bad step: " + step); }

    // The server's answer to our permessage-deflate offer (RFC 7692 §7.1): the client's codecs.
    bool setup_deflate(const std::string& ext) {
        std::string_view v = ext;
        const std::string_view name = "permessage-deflate";
        if (!o_.deflate || v.substr(0, name.size()) != name) return fail("unexpected Sec-WebSocket-Extensions: " + ext);
        ws::DeflateOffer ans;
        if (ws::parse_deflate_params(v.substr(name.size()), ans) != ws::OfferParse::Ok) {
            return fail("malformed permessage-deflate response: " + ext);
        }
        if (ans.client_max_window_bits < 0) return fail("client_max_window_bits without a value in the response");
        ws::DeflateParams p;
        p.server_no_context_takeover = ans.server_no_context_takeover;
        p.client_no_context_takeover = ans.client_no_context_takeover;
        p.server_max_window_bits = ans.server_max_window_bits ? ans.server_max_window_bits : 15;
        p.client_max_window_bits = ans.client_max_window_bits ? ans.client_max_window_bits : 15;
        if (!ws::init_client_codecs(p, comp_, decomp_)) return fail("cannot set up zlib for " + ext);
        parser_.set_decompressor(&decomp_);
        deflate_ = true;
        return true;
    }

    ws::MaskKey key() {
        ws::MaskKey k;
        RAND_bytes(k.data(), int(k.size()));
        return k;
    }

    bool flush() {
        // One pump without waiting: the bytes go out now, what arrived is kept for later steps.
        if (!t_.pump(0)) return fail(t_.error);
        return true;
    }

    bool send_message(ws::Opcode op, std::string payload, size_t frag) {
        ws::MaskKey k = key();
        std::string wire;
        if (deflate_) {
            std::string z;
            if (!comp_.compress(payload, z)) return fail("deflate failed");
            ws::append_message(wire, op, z, frag, true, &k);
        } else {
            ws::append_message(wire, op, payload, frag, false, &k);
        }
        t_.send(wire);
        last_op_ = op;
        last_sent_ = std::move(payload);
        sent_any_ = true;
        return flush();
    }

    bool send_control(ws::Opcode op, std::string_view payload) {
        ws::MaskKey k = key();
        std::string wire;
        if (!ws::append_control(wire, op, payload, &k)) return fail("control payload over 125 bytes");
        t_.send(wire);
        return flush();
    }

    struct Got {
        ws::EventKind kind = ws::EventKind::NeedMore;
        ws::Opcode opcode = ws::Opcode::Continuation;
        uint16_t code = 0;
        std::string data;
    };

    // The next message, pong or close from the server (pings are answered and printed on the
    // way). False at the deadline, on a transport failure, a parse error or the stream's end.
    bool next(Got& g, const char* waiting_for, bool print = true) {
        for (;;) {
            std::string_view v(t_.in.data() + in_off_, t_.in.size() - in_off_);
            ws::Event ev = parser_.feed(v);
            in_off_ = t_.in.size() - v.size();
            if (in_off_ == t_.in.size() || in_off_ > (1u << 20)) {
                t_.in.erase(0, in_off_);
                in_off_ = 0;
            }
            if (ev.kind == ws::EventKind::NeedMore) {
                if (!transport_error_.empty()) return fail(transport_error_);
                if (t_.peer_ended) return fail(std::string("the server ended the stream while waiting for ") + waiting_for);
                if (now_ns() >= deadline_) return fail(std::string("timed out waiting for ") + waiting_for);
                // After a transport failure, what arrived before it is still parsed first.
                if (!t_.pump(ms_until(deadline_, 100))) transport_error_ = t_.error;
                continue;
            }
            g.kind = ev.kind;
            g.opcode = ev.opcode;
            g.code = ev.close_code;
            g.data.assign(ev.data);
            switch (ev.kind) {
            case ws::EventKind::Message:
                if (print) {
                    if (ev.opcode == ws::Opcode::Text) printf("text %zu%s\n", g.data.size(), tail(g.data, 40).c_str());
                    else printf("binary %zu\n", g.data.size());
                }
                break;
            case ws::EventKind::Ping:
                printf("ping%s\n", tail(g.data, 125).c_str());
                if (!send_control(ws::Opcode::Pong, g.data)) return false;
                continue;
            case ws::EventKind::Pong: printf("pong%s\n", tail(g.data, 125).c_str()); break;
            case ws::EventKind::Close: printf("close %u%s\n", unsigned(g.code), tail(g.data, 125).c_str()); break;
            case ws::EventKind::Error:
                printf("error %u %s\n", unsigned(ev.close_code), g.data.c_str());
                return fail("the server's frames broke RFC 6455: " + g.data);
            case ws::EventKind::NeedMore: break;
            }
            fflush(stdout);
            return true;
        }
    }

    static std::string describe(const Got& g) {
        switch (g.kind) {
        case ws::EventKind::Message:
            return std::string(g.opcode == ws::Opcode::Text ? "text" : "binary") + " of " + std::to_string(g.data.size()) +
                   " bytes";
        case ws::EventKind::Pong: return "a pong";
        case ws::EventKind::Close: return "a close " + std::to_string(g.code);
        default: return "something else";
        }
    }

    bool expect_message(ws::Opcode op, const std::string& want, bool print = true) {
        Got g;
        const char* what = op == ws::Opcode::Text ? "a text message" : "a binary message";
        if (!next(g, what, print)) return false;
        if (g.kind != ws::EventKind::Message || g.opcode != op) return fail(std::string("expected ") + what + ", got " + describe(g));
        if (g.data != want) {
            size_t i = 0;
            while (i < g.data.size() && i < want.size() && g.data[i] == want[i]) ++i;
            return fail("message differs: " + std::to_string(g.data.size()) + " bytes, expected " +
                        std::to_string(want.size()) + ", first difference at byte " + std::to_string(i));
        }
        return true;
    }

    bool ping(const std::string& data) {
        if (!send_control(ws::Opcode::Ping, data)) return false;
        Got g;
        if (!next(g, "the pong")) return false;
        if (g.kind != ws::EventKind::Pong) return fail("expected a pong, got " + describe(g));
        if (g.data != data) return fail("the pong carries \"" + printable(g.data, 125) + "\", expected \"" + data + "\"");
        return true;
    }

    // After both close frames: our direction ends, then the server's must (RFC 6455 §7.1.1).
    bool finish_close() {
        t_.end_send();
        while (!t_.peer_ended) {
            if (now_ns() >= deadline_) return fail("timed out waiting for the server to end the stream after the close");
            if (!t_.pump(ms_until(deadline_, 100))) return fail(t_.error);
        }
        printf("end\n");
        fflush(stdout);
        return true;
    }

    bool close(uint16_t code, const std::string& reason) {
        ws::MaskKey k = key();
        std::string wire;
        if (!ws::append_close(wire, code, reason, &k)) return fail("close code " + std::to_string(code) + " is not sendable");
        t_.send(wire);
        if (!flush()) return false;
        // Messages the server sent before it saw our close may still arrive: printed, skipped.
        for (;;) {
            Got g;
            if (!next(g, "the server's close frame")) return false;
            if (g.kind == ws::EventKind::Close) break;
        }
        return finish_close();
    }

    bool expect_close(uint16_t code) {
        Got g;
        if (!next(g, "the server's close frame")) return false;
        if (g.kind != ws::EventKind::Close) return fail("expected a close " + std::to_string(code) + ", got " + describe(g));
        if (g.code != code) return fail("the close code is " + std::to_string(g.code) + ", expected " + std::to_string(code));
        // Echo the code (RFC 6455 §5.5.1); 1005 means the server's close had none.
        ws::MaskKey k = key();
        std::string wire;
        ws::append_close(wire, ws::is_wire_close_code(code) ? code : ws::close_code::kNoStatusReceived, {}, &k);
        t_.send(wire);
        if (!flush()) return false;
        return finish_close();
    }

    bool echo_loop(size_t n, size_t size) {
        const std::string payload = pattern(size, false);
        uint64_t start = now_ns();
        for (size_t i = 0; i < n; ++i) {
            if (!send_message(ws::Opcode::Binary, payload, 0)) return false;
            if (!expect_message(ws::Opcode::Binary, payload, false)) {
                return fail("echo-loop: round trip " + std::to_string(i) + " failed");
            }
        }
        double secs = double(now_ns() - start) / 1e9;
        printf("echo-loop %zu x %zu bytes: %.0f round trips/s\n", n, size, secs > 0 ? double(n) / secs : 0.0);
        fflush(stdout);
        return true;
    }

    // Sends n messages without waiting for anything, keeping about 1 MiB queued in the carrier,
    // and watches how fast the carrier takes them: a server that pushes back (TCP, or the
    // stream's flow-control window) shows as a stall. With `path`, a GET on the same connection
    // once sending stalled for 0.5 s: its response shows whether sibling streams still flow.
    bool send_seq(size_t n, size_t size, const std::string& path) {
        std::string base = pattern(size + 251, false);
        const uint64_t start = now_ns();
        uint64_t last_progress = start, longest = 0;
        size_t queued = 0, taken_before = 0, taken_at_request = 0, i = 0;
        bool requested = false, reported = path.empty();
        auto taken = [&] { return queued - t_.unsent(); };
        while (i < n || t_.unsent() > 0 || !reported) {
            while (i < n && t_.unsent() < (1u << 20)) {
                ws::MaskKey k = key();
                std::string wire;
                std::string_view payload(base.data() + i % 251, size);
                if (deflate_) {
                    std::string z;
                    if (!comp_.compress(payload, z)) return fail("deflate failed");
                    ws::append_message(wire, ws::Opcode::Binary, z, 0, true, &k);
                } else {
                    ws::append_message(wire, ws::Opcode::Binary, payload, 0, false, &k);
                }
                t_.send(wire);
                queued += wire.size();
                ++i;
            }
            if (now_ns() >= deadline_) {
                return fail("send-binary-seq: timed out with " + std::to_string(n - i) + " messages unqueued and " +
                            std::to_string(t_.unsent()) + " bytes unsent");
            }
            if (!t_.pump(ms_until(deadline_, 20))) return fail(t_.error);
            const uint64_t now = now_ns();
            if (taken() > taken_before) {
                longest = std::max(longest, now - last_progress);
                last_progress = now;
                taken_before = taken();
            } else if (!requested && !path.empty() && now - last_progress >= 500000000ull) {
                if (!t_.start_request(path)) return fail("send-binary-seq: this carrier cannot send a request beside");
                requested = true;
                taken_at_request = taken();
            }
            int status = 0;
            std::string body;
            if (requested && !reported && t_.request_done(status, body)) {
                reported = true;
                printf("request %s %d %s %s\n", path.c_str(), status, printable(body, 40).c_str(),
                       taken() == taken_at_request ? "while-stalled" : "after-progress");
                fflush(stdout);
            }
            if (!requested && i == n && t_.unsent() == 0 && !reported) {
                return fail("send-binary-seq: everything was sent without a stall to send " + path + " in");
            }
        }
        longest = std::max(longest, now_ns() - last_progress);
        printf("sent %zu x %zu in %.2f s, longest stall %.2f s\n", n, size, double(now_ns() - start) / 1e9,
               double(longest) / 1e9);
        fflush(stdout);
        return true;
    }

    const Options& o_;
    Transport& t_;
    uint64_t deadline_ = 0;
    ws::Parser parser_;
    ws::Compressor comp_;
    ws::Decompressor decomp_;
    bool deflate_ = false;
    bool opened_ = false;
    std::string transport_error_;  // the transport failed; reported once its input is parsed
    size_t in_off_ = 0;
    ws::Opcode last_op_ = ws::Opcode::Text;
    std::string last_sent_;
    bool sent_any_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    int expect_status = 0;
    bool carrier_set = false;
    std::vector<std::string> steps;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        std::string v;
        if (a == "--h1" || a == "--h2" || a == "--h2c" || a == "--h3") {
            o.carrier = a == "--h1" ? Carrier::H1 : a == "--h2" ? Carrier::H2 : a == "--h2c" ? Carrier::H2C : Carrier::H3;
            carrier_set = true;
        } else if (a == "--tls") {
            o.tls = true;
        } else if (a == "--insecure") {
            o.insecure = true;
        } else if (a == "--deflate") {
            o.deflate = true;
        } else if (a == "--verbose") {
            o.verbose = true;
        } else if (a == "--host" && value(v)) {
            o.host = v;
        } else if (a == "--port" && value(v)) {
            o.port = uint16_t(atoi(v.c_str()));
        } else if (a == "--path" && value(v)) {
            o.path = v;
        } else if (a == "--cafile" && value(v)) {
            o.cafile = v;
        } else if (a == "--sni" && value(v)) {
            o.sni = v;
        } else if (a == "--subprotocol" && value(v)) {
            o.subprotocols.push_back(v);
        } else if (a == "--timeout" && value(v)) {
            o.timeout = atof(v.c_str());
        } else if (a == "--expect-status" && value(v)) {
            expect_status = atoi(v.c_str());
        } else if (a == "--header" && value(v)) {
            size_t c = v.find(':');
            if (c == std::string::npos || c == 0) {
                fprintf(stderr, "wsclient: --header wants 'name: value'\n");
                return 2;
            }
            std::string name = v.substr(0, c), val = v.substr(c + 1);
            while (!val.empty() && val[0] == ' ') val.erase(0, 1);
            o.headers.emplace_back(name, val);
        } else if (a.rfind("--", 0) == 0) {
            usage();
            return 2;
        } else {
            steps.push_back(a);
        }
    }
    if (!carrier_set || o.port == 0 || o.timeout <= 0) {
        usage();
        return 2;
    }
    // HTTP/2 and HTTP/3 field names are lower case on the wire (RFC 9113 §8.2.1, RFC 9114 §4.2).
    if (o.carrier != Carrier::H1) {
        for (auto& h : o.headers) {
            for (char& ch : h.first) ch = char(tolower(static_cast<unsigned char>(ch)));
        }
    }
    if (o.carrier == Carrier::H3) o.tls = true;
    if (o.carrier == Carrier::H2) o.tls = true;

    std::unique_ptr<Transport> t = o.carrier == Carrier::H1   ? make_h1(o)
                                   : o.carrier == Carrier::H3 ? make_h3(o)
                                                              : make_h2(o);
    Runner r(o, *t);
    if (!r.open(expect_status)) return 1;
    if (!r.opened()) return 0;  // the refusal the test asked for (--expect-status)
    for (const std::string& s : steps) {
        if (!r.run(s)) {
            r.finish();
            return 1;
        }
    }
    r.finish();
    return 0;
}
