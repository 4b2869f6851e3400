#include "server/base_worker.h"

#include <unistd.h>

#include <memory>
#include <string>

#include "server/local_channel.h"
#include "trident/server/access_log.h"
#include "server/reactor.h"
#include "trident/core/event_loop.h"
#include "trident/core/log.h"
#include "trident/server/runtime.h"
#include "trident/server/shared_state.h"
#include "trident/server/stream_registry.h"
#include "trident/server/worker.h"

namespace trident::server {

namespace {

// What the worker asks of its reactor when it stops.
class ReactorStop final : public Worker::BaseReactor {
public:
    ReactorStop(Reactor& r, AccessLog* log) : reactor_(r), log_(log) {}
    void begin_shutdown() override { reactor_.shutdown_local(); }
    int64_t connection_count() override { return reactor_.busy_connection_count(); }
    void reopen_logs() override {
        if (log_) log_->reopen();
    }

private:
    Reactor& reactor_;
    AccessLog* log_;
};

// HTTP/3 waits until this incarnation may read the slot's UDP sockets: after a reload the
// predecessor reads them until it exits (see SharedState's quic_incarnation).
struct QuicGate {
    Reactor* reactor;
    EventLoop* loop;
    std::vector<QuicListenSocket> sockets;
    int id;
    uint32_t incarnation;
    EventLoop::TimerId timer = 0;

    bool ready() const { return shared_state()->workers[id].quic_incarnation.load() == incarnation; }
    void open() {
        std::string error;
        if (!reactor->start_quic_local(std::move(sockets), &error))
            TRIDENT_LOG(Error, "worker #%d: HTTP/3 not served: %s", id, error.c_str());
        sockets.clear();
    }
    static void poll(void* self, EventLoop::TimerId) {
        auto* g = static_cast<QuicGate*>(self);
        if (!g->ready()) return;
        g->loop->cancel_timer(g->timer);
        g->timer = 0;
        g->open();
    }
};

}  // namespace

int run_base_worker(int id, uint32_t incarnation, const ServerConfig& config, std::vector<ListenSocket> listen,
                    std::vector<QuicListenSocket> quic, Hooks& hooks) {
    // The access log: each worker has its own writer thread appending whole batches of lines to
    // the file (O_APPEND: the workers' batches do not mix inside a line). Destroyed last, so the
    // lines of the worker's last requests are written before it exits.
    std::unique_ptr<AccessLog> access_log;
    if (!config.access_log.empty()) {
        std::string error;
        access_log = std::make_unique<AccessLog>();
        if (!access_log->open(config.access_log, config.access_log_format, config.reactor_num,
                              &shared_state()->access_log_dropped, &error)) {
            TRIDENT_LOG(Error, "worker #%d: %s", id, error.c_str());
            return 1;
        }
        access_log->start();
    }
    Worker worker(id, incarnation, {}, config, hooks);
    LocalChannel local(worker.loop());
    // The reactor's index is the worker's slot: session ids and stream registry ids name it.
    Reactor reactor(id, config, shared_state(), std::move(listen));
    reactor.set_registry(stream_registry());
    reactor.set_access_log(access_log.get());
    std::string error;
    if (!reactor.start_local(worker.loop(), &error)) {
        TRIDENT_LOG(Error, "worker #%d: cannot start its reactor: %s", id, error.c_str());
        return 1;
    }
    reactor.attach_local(&local, id, int(getpid()), incarnation);
    QuicGate gate{&reactor, &worker.loop(), std::move(quic), id, incarnation};
    if (!gate.sockets.empty()) {
        if (gate.ready()) gate.open();
        else gate.timer = worker.loop().add_timer(50, QuicGate::poll, &gate, 50);
    }
    ReactorStop stop(reactor, access_log.get());
    worker.attach_local(id, &local, &stop);
    return hooks.run_worker(worker);
}

}  // namespace trident::server
