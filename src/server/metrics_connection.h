// A connection to the `metrics` listener: the reactor answers it without PHP, so a scrape or a
// health probe works while every worker is busy (or gone). GET (or HEAD) /metrics: the
// Prometheus text exposition (server/metrics.h); /health: 200 "ok", or 503 "draining" once
// the server is shutting down; anything else 404, a method other than GET/HEAD 405, a request
// with a body or a head past 8 KiB 400. HTTP/1.1 keep-alive (scrapers reuse connections);
// HTTP/1.0 and "Connection: close" close after the answer.
#pragma once

#include <sys/socket.h>

#include <memory>
#include <string>

#include "server/connection.h"
#include "server/loop.h"
#include "server/transport.h"

namespace trident::server {

class MetricsConnection final : public Connection {
public:
    MetricsConnection(Loop& loop, int fd);

    void on_event(uint32_t events) override;
    void on_timeout(int kind) override;
    void on_shutdown() override;

private:
    // Reading requests, or (after an answer that closes) writing out before the close.
    enum class Phase { Reading, Closing };
    // Answers every complete request head in in_; false once the connection should close.
    bool answer_requests();
    void respond(int status, const char* reason, const char* content_type, const std::string& body, bool head_only,
                 bool close);
    // Writes what out_ holds; false on a broken socket.
    bool write_out();
    void finish();

    Loop& loop_;
    std::unique_ptr<PlainTransport> transport_;
    int fd_;
    std::string in_;
    std::string out_;
    size_t out_pos_ = 0;
    uint32_t events_ = 0;
    Phase phase_ = Phase::Reading;
    bool done_ = false;
};

}  // namespace trident::server
