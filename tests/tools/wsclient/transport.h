// wsclient's transports: what carries the WebSocket's bytes. One interface, four carriers:
// an HTTP/1.1 Upgrade (RFC 6455, TCP or TLS), an HTTP/2 extended CONNECT stream (RFC 8441, h2c
// with prior knowledge or TLS with ALPN h2) and an HTTP/3 one (RFC 9220, QUIC).
//
// A transport owns its socket and its protocol library; the script runner (wsclient.cc) only
// sees a byte pipe: send() queues frame bytes, pump() does I/O for a while and appends whatever
// the server sent to `in`, end_send() ends our direction once the close handshake is done.
// Everything is single-threaded and bounded by the deadline the runner passes along.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsclient {

enum class Carrier { H1, H2, H2C, H3 };

struct Options {
    Carrier carrier = Carrier::H1;
    bool tls = false;        // --tls (H1); H2 and H3 are always TLS, H2C never
    std::string host = "127.0.0.1";
    uint16_t port = 0;
    std::string path = "/";
    bool insecure = false;   // --insecure: do not verify the server's certificate
    std::string cafile;      // --cafile: trust anchors for the verification (default: the system's)
    std::string sni;         // --sni: name sent and verified (default: --host)
    bool deflate = false;    // --deflate: offer permessage-deflate
    std::vector<std::string> subprotocols;                     // --subprotocol, in order
    std::vector<std::pair<std::string, std::string>> headers;  // --header 'k: v'
    double timeout = 10;     // --timeout seconds, for the whole run
    bool verbose = false;    // --verbose: protocol-level notes on stderr
    std::string authority() const { return host + ":" + std::to_string(port); }
};

// What the opening handshake returned.
struct OpenResult {
    int status = 0;
    std::string extensions;  // the response's Sec-WebSocket-Extensions, "" if none
    std::string protocol;    // the response's Sec-WebSocket-Protocol, "" if none
};

class Transport {
public:
    virtual ~Transport() = default;

    // Connects and runs the opening handshake until the response head arrives (or the
    // deadline, in CLOCK_MONOTONIC nanoseconds, passes). False with `error` set when there was
    // no response at all; a response with another status is true, and the caller decides.
    virtual bool open(uint64_t deadline, OpenResult& r) = 0;
    // Queues WebSocket bytes (frames, or whatever a protocol-violation test wants on the wire).
    virtual void send(std::string_view bytes) = 0;
    // Ends our direction after the close handshake (END_STREAM, QUIC FIN; nothing on HTTP/1.1,
    // where RFC 6455 §7.1.1 lets the server close the TCP connection first).
    virtual void end_send() = 0;
    // Flushes what is queued and reads for at most timeout_ms (returns earlier once something
    // arrived). False on a transport failure, with `error` set.
    virtual bool pump(int timeout_ms) = 0;
    // Leaves politely: TLS close_notify, GOAWAY, CONNECTION_CLOSE.
    virtual void shutdown() = 0;
    // WebSocket bytes send() queued that the carrier has not taken yet (HTTP/1.1: not written to
    // the socket; HTTP/2: not yet in DATA frames, which the stream's flow control paces; HTTP/3:
    // not yet acknowledged): what send-binary-seq watches to see the server push back.
    virtual size_t unsent() const { return 0; }
    // A plain GET of `path` on the same connection, beside the WebSocket (HTTP/2 only): false
    // when the carrier cannot. pump() drives it; request_done() says when its response is in.
    virtual bool start_request(const std::string& path) { (void)path; return false; }
    virtual bool request_done(int& status, std::string& body) const { (void)status, (void)body; return false; }

    std::string in;            // bytes the server sent on the WebSocket, not yet parsed
    bool peer_ended = false;   // the server ended its direction (TCP EOF, END_STREAM, FIN)
    std::string error;
};

std::unique_ptr<Transport> make_h1(const Options& o);
std::unique_ptr<Transport> make_h2(const Options& o);
std::unique_ptr<Transport> make_h3(const Options& o);

// Shared helpers (wsclient.cc).
uint64_t now_ns();
// Milliseconds until `deadline`, at least 0 and at most cap_ms.
int ms_until(uint64_t deadline, int cap_ms = 1000);
void note(const Options& o, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
// The request's Sec-WebSocket-Extensions value when --deflate is given.
constexpr const char* kDeflateOffer = "permessage-deflate; client_max_window_bits";

}  // namespace wsclient
