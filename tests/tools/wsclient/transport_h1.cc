// RFC 6455 over HTTP/1.1: GET with Upgrade: websocket, a 101 whose Sec-WebSocket-Accept must
// match our key, then the socket is the WebSocket.
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>

#include "tcp_stream.h"
#include "transport.h"
#include "trident/http/token.h"
#include "trident/websocket/handshake.h"

namespace wsclient {

namespace {

constexpr size_t kMaxResponseHead = 64 * 1024;

std::string base64(const unsigned char* p, size_t n) {
    std::string out(4 * ((n + 2) / 3) + 1, '\0');
    int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), p, int(n));
    out.resize(size_t(len));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

class H1 final : public Transport {
public:
    explicit H1(const Options& o) : o_(o) {}

    bool open(uint64_t deadline, OpenResult& r) override {
        if (!tcp_.connect(o_, o_.tls, "\x08http/1.1", deadline, &error)) return false;
        unsigned char raw[16];
        RAND_bytes(raw, sizeof raw);
        const std::string key = base64(raw, sizeof raw);
        std::string req = "GET " + o_.path + " HTTP/1.1\r\nHost: " + o_.authority() +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
                          "\r\nSec-WebSocket-Version: 13\r\n";
        if (o_.deflate) req += std::string("Sec-WebSocket-Extensions: ") + kDeflateOffer + "\r\n";
        if (!o_.subprotocols.empty()) {
            req += "Sec-WebSocket-Protocol: ";
            for (size_t i = 0; i < o_.subprotocols.size(); ++i) req += (i ? ", " : "") + o_.subprotocols[i];
            req += "\r\n";
        }
        for (auto& [n, v] : o_.headers) req += n + ": " + v + "\r\n";
        req += "\r\n";
        tcp_.out = req;

        std::string head;
        size_t end = std::string::npos;
        while ((end = head.find("\r\n\r\n")) == std::string::npos) {
            if (now_ns() >= deadline) {
                error = "timed out waiting for the response head";
                return false;
            }
            if (head.size() > kMaxResponseHead) {
                error = "response head over 64 KiB";
                return false;
            }
            if (!tcp_.io(head, ms_until(deadline, 100), &error)) return false;
            if (tcp_.eof && head.find("\r\n\r\n") == std::string::npos) {
                error = "the server closed the connection before the response head ended";
                return false;
            }
        }
        in = head.substr(end + 4);  // frames the server sent right behind the 101
        head.resize(end + 2);

        // Status line: HTTP/1.1 101 Switching Protocols
        size_t eol = head.find("\r\n");
        std::string_view status_line(head.data(), eol);
        if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/") {
            error = "malformed status line: " + std::string(status_line);
            return false;
        }
        r.status = atoi(std::string(status_line.substr(9, 3)).c_str());
        bool upgrade = false, connection = false;
        std::string accept;
        for (size_t pos = eol + 2; pos < head.size();) {
            size_t next = head.find("\r\n", pos);
            std::string_view line(head.data() + pos, next - pos);
            pos = next + 2;
            size_t colon = line.find(':');
            if (colon == std::string_view::npos) continue;
            std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
            using trident::http::iequals_ascii;
            if (iequals_ascii(name, "upgrade")) upgrade = trident::websocket::has_list_token(value, "websocket");
            else if (iequals_ascii(name, "connection")) connection = trident::websocket::has_list_token(value, "upgrade");
            else if (iequals_ascii(name, "sec-websocket-accept")) accept = value;
            else if (iequals_ascii(name, "sec-websocket-extensions")) r.extensions = value;
            else if (iequals_ascii(name, "sec-websocket-protocol")) r.protocol = value;
        }
        if (r.status != 101) return true;
        if (!upgrade || !connection) {
            error = "101 without Upgrade: websocket and Connection: upgrade";
            return false;
        }
        if (accept != trident::websocket::accept_key(key)) {
            error = "Sec-WebSocket-Accept is \"" + accept + "\", expected \"" + trident::websocket::accept_key(key) + "\"";
            return false;
        }
        return true;
    }

    void send(std::string_view bytes) override { tcp_.out.append(bytes); }
    void end_send() override {}
    bool pump(int timeout_ms) override {
        if (!tcp_.io(in, timeout_ms, &error)) return false;
        peer_ended = tcp_.eof;
        return true;
    }
    void shutdown() override { tcp_.close_notify(); }
    size_t unsent() const override { return tcp_.out.size(); }

private:
    const Options& o_;
    TcpStream tcp_;
};

}  // namespace

std::unique_ptr<Transport> make_h1(const Options& o) { return std::make_unique<H1>(o); }

}  // namespace wsclient
