#include "server/base_worker.h"

#include <unistd.h>

#include <string>

#include "server/local_channel.h"
#include "server/reactor.h"
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
    explicit ReactorStop(Reactor& r) : reactor_(r) {}
    void begin_shutdown() override { reactor_.shutdown_local(); }
    int64_t connection_count() override { return reactor_.busy_connection_count(); }

private:
    Reactor& reactor_;
};

}  // namespace

int run_base_worker(int id, uint32_t incarnation, const ServerConfig& config, std::vector<ListenSocket> listen,
                    Hooks& hooks) {
    Worker worker(id, incarnation, {}, config, hooks);
    LocalChannel local(worker.loop());
    // The reactor's index is the worker's slot: session ids and stream registry ids name it.
    Reactor reactor(id, config, shared_state(), std::move(listen));
    reactor.set_registry(stream_registry());
    std::string error;
    if (!reactor.start_local(worker.loop(), &error)) {
        TRIDENT_LOG(Error, "worker #%d: cannot start its reactor: %s", id, error.c_str());
        return 1;
    }
    reactor.attach_local(&local, id, int(getpid()), incarnation);
    ReactorStop stop(reactor);
    worker.attach_local(id, &local, &stop);
    return hooks.run_worker(worker);
}

}  // namespace trident::server
