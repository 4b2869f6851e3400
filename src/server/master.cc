// The master process: runs the reactor threads and, on its main thread, supervises the
// manager and handles signals (SIGTERM/SIGINT: graceful shutdown, SIGUSR1: reload).
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#ifdef TRIDENT_HAVE_HTTP3
#include "http3/cid.h"
#include "http3/quic_server_config.h"
#endif
#include "server/manager.h"
#include "server/reactor.h"
#include "trident/core/clock.h"
#include "trident/core/log.h"
#include "trident/server/access_log.h"
#include "trident/server/listen_socket.h"
#include "trident/server/runtime.h"
#include "trident/server/settings.h"
#include "trident/server/shared_state.h"
#include "trident/server/stream_registry.h"
#include "trident/tls/tls_context.h"

namespace trident::server {

namespace {
SharedState* g_shared = nullptr;
}  // namespace

SharedState* create_shared_state() {
    if (g_shared) return g_shared;
    void* p = mmap(nullptr, sizeof(SharedState), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    g_shared = new (p) SharedState();
    return g_shared;
}

SharedState* shared_state() { return g_shared; }

namespace {
std::unique_ptr<StreamRegistry> g_registry;
}  // namespace

StreamRegistry* stream_registry() { return g_registry.get(); }

bool request_shutdown() {
    if (!g_shared || g_shared->master_pid.load() <= 0) return false;
    return kill(g_shared->master_pid.load(), SIGTERM) == 0;
}

bool request_reload() {
    if (!g_shared || g_shared->master_pid.load() <= 0) return false;
    return kill(g_shared->master_pid.load(), SIGUSR1) == 0;
}

namespace {

// What a listener speaks besides cleartext HTTP: its TLS context and, with HTTP/3, its QUIC
// credentials. Made from the PEM files before anything is forked, so that a certificate that
// does not load fails start() in the calling process.
struct ListenerProtocols {
    std::unique_ptr<tls::TlsContext> tls;
    // What the reactors read (tls now, a reloaded context later), and the contexts reloads
    // replaced: connections made with them may still be running.
    std::unique_ptr<TlsSlot> tls_slot;
    // Session ticket keys of the listener (rotating), the same for every context it gets.
    std::shared_ptr<tls::TicketKeyRing> ticket_keys;
    std::vector<std::unique_ptr<tls::TlsContext>> retired_tls;
#ifdef TRIDENT_HAVE_HTTP3
    std::unique_ptr<http3::QuicServerConfig> quic;
#endif
    bool http3 = false;
};

// The master's state from start() to the end of the graceful shutdown. Each step of start()
// is one method; a step that fails leaves what the earlier ones opened to the destructor, so
// start() fails with nothing of the server left (run() then returns false with the reason).
class Master {
public:
    Master(ServerConfig config, Hooks& hooks) : config_(std::move(config)), hooks_(hooks) {
        sigemptyset(&handled_);
        for (int sig : {SIGTERM, SIGINT, SIGUSR1, SIGUSR2, SIGCHLD, SIGPIPE}) sigaddset(&handled_, sig);
    }
    ~Master() { release(); }
    Master(const Master&) = delete;
    Master& operator=(const Master&) = delete;

    // Everything up to running reactors and a forked manager (which forks the workers).
    bool start(std::string* error) {
        return open_log(error) && init_shared_state(error) && open_access_log(error) && load_tls(error) &&
               load_quic(error) && open_reactor_sockets(error) && start_manager(error) && start_reactors(error);
    }
    void supervise();
    void stop();

private:
    bool open_log(std::string* error);
    bool init_shared_state(std::string* error);
    bool open_access_log(std::string* error);
    bool load_tls(std::string* error);
    tls::TlsConfig tls_config(const ListenerConfig& l, const ListenerProtocols& p) const;
    void reload_certificates();
    bool load_quic(std::string* error);
    bool open_reactor_sockets(std::string* error);
    bool start_manager(std::string* error);
    bool start_reactors(std::string* error);
    void abort_start(size_t running);
    void attach_new_workers();
    void handle_signals();
    void begin_shutdown(int sig);
    void reap_children();
    void advance_shutdown();
    void release();

    // Reactors keep a reference to it: it lives as long as they do.
    const ServerConfig config_;
    Hooks& hooks_;
    SharedState* shared_ = nullptr;
    std::vector<ListenerProtocols> protocols_;
    // The access_log writer (null without the setting); the reactors append to it.
    std::unique_ptr<AccessLog> access_log_;
    // Per reactor: its TCP listening sockets and its QUIC sockets, one of each per listener.
    std::vector<std::vector<ListenSocket>> reactor_tcp_;
    std::vector<std::vector<QuicListenSocket>> reactor_quic_;
    // Sockets the master opened for the reactors (reactor 0's TCP sockets are the listeners'
    // own, which the binding owns and keeps).
    std::vector<int> owned_fds_;
    sigset_t handled_;
    sigset_t saved_mask_;
    bool mask_saved_ = false;
    int sigfd_ = -1;
    pid_t manager_ = -1;
    int manager_sock_ = -1;  // the master's end of the manager's announcement socket
    std::vector<std::unique_ptr<Reactor>> reactors_;
    std::vector<Reactor*> peers_;
    // Graceful shutdown: SIGTERM/SIGINT start it, the manager's exit ends the main loop.
    bool stopping_ = false;
    bool manager_gone_ = false;
    bool manager_signalled_ = false;
    int64_t drain_deadline_ = 0;
    int64_t kill_deadline_ = 0;
};

// The log is set up first, so every later step can report through it.
bool Master::open_log(std::string* error) {
    log::set_level(config_.log_level);
    if (!log::set_file(config_.log_file.c_str())) {
        *error = "cannot open log_file " + config_.log_file + ": " + strerror(errno);
        return false;
    }
    log::set_role("master");
    return true;
}

// The counters and pids every process of the server shares (mapped before any fork).
bool Master::init_shared_state(std::string* error) {
    shared_ = create_shared_state();
    if (!shared_) {
        *error = std::string("mmap shared state: ") + strerror(errno);
        return false;
    }
    shared_->start_time.store(int64_t(wall_time()));
    shared_->server_stopping.store(false);
    shared_->worker_num = config_.worker_num;
    shared_->reactor_num = config_.reactor_num;
    uint64_t nonce = 0;
    if (getrandom(&nonce, sizeof nonce, 0) != ssize_t(sizeof nonce)) nonce = uint64_t(monotonic_ns()) ^ uint64_t(getpid());
    shared_->request_id_nonce = nonce;
    // The stream registry is mapped here too, before any fork, so every worker (and every
    // successor of one) reads the same tables.
    g_registry = StreamRegistry::create(
        config_.reactor_num, StreamRegistry::per_reactor(config_.max_websocket_connections, config_.reactor_num));
    if (!g_registry) {
        *error = std::string("mmap stream registry: ") + strerror(errno);
        return false;
    }
    return true;
}

// The access log is opened before anything is forked, so a path that cannot be written fails
// start() with its reason; its writer thread starts with the reactors.
bool Master::open_access_log(std::string* error) {
    if (config_.access_log.empty()) return true;
    access_log_ = std::make_unique<AccessLog>();
    if (!access_log_->open(config_.access_log, config_.access_log_format, config_.reactor_num, &shared_->access_log_dropped,
                           error)) {
        access_log_.reset();
        return false;
    }
    // MODE_BASE: each worker opens and writes the file itself (base_worker.cc); opening it here
    // only made a path that cannot be written fail start().
    if (config_.mode == ServerMode::Base) access_log_.reset();
    return true;
}

// TLS contexts before anything is forked: a bad certificate must fail start() here.
tls::TlsConfig Master::tls_config(const ListenerConfig& l, const ListenerProtocols& p) const {
    tls::TlsConfig tc;
    tc.ticket_keys = p.ticket_keys;
    tc.cert_file = l.ssl_cert_file;
    tc.key_file = l.ssl_key_file;
    tc.stapling_file = l.ssl_stapling_file;
    tc.enable_h2 = listener_http2(config_, l);
    for (const auto& sni : l.ssl_sni_certs)
        tc.sni_certs.push_back({sni.hostname, sni.cert_file, sni.key_file, sni.stapling_file});
    return tc;
}

bool Master::load_tls(std::string* error) {
    protocols_.resize(config_.listeners.size());
    for (size_t i = 0; i < config_.listeners.size(); ++i) {
        const ListenerConfig& l = config_.listeners[i];
        if (!l.tls()) continue;
        protocols_[i].ticket_keys = std::make_shared<tls::TicketKeyRing>(config_.ssl_ticket_key_lifetime);
        protocols_[i].tls = tls::TlsContext::create(tls_config(l, protocols_[i]), error);
        if (!protocols_[i].tls) return false;
        for (const std::string& w : protocols_[i].tls->warnings()) TRIDENT_LOG(Warning, "%s", w.c_str());
        protocols_[i].tls_slot = std::make_unique<TlsSlot>();
        protocols_[i].tls_slot->current.store(protocols_[i].tls.get());
    }
    return true;
}

// SIGUSR1 / $server->reload(): every TLS listener's certificates (default and SNI) are read
// again, for TCP and for QUIC. Reading the files happens here, on the master's main thread,
// never in a reactor; the reactors only load the new context's pointer at their next accept.
// A listener whose files do not load keeps serving the certificates it had, and the log says
// why. Session tickets issued before stay valid (the new context takes over the ticket keys).
void Master::reload_certificates() {
    for (size_t i = 0; i < config_.listeners.size(); ++i) {
        const ListenerConfig& l = config_.listeners[i];
        ListenerProtocols& p = protocols_[i];
        if (!l.tls() || !p.tls) continue;
        std::string error;
        std::unique_ptr<tls::TlsContext> next = tls::TlsContext::create(tls_config(l, p), &error);
        if (!next) {
            shared_->tls_reload_failures.fetch_add(1, std::memory_order_relaxed);
            TRIDENT_LOG(Error, "certificate reload for %s:%d failed, the old certificates stay: %s", l.host.c_str(), l.port,
                        error.c_str());
            continue;
        }
        for (const std::string& w : next->warnings()) TRIDENT_LOG(Warning, "%s", w.c_str());
#ifdef TRIDENT_HAVE_HTTP3
        if (p.quic && !p.quic->reload_certificate(l.ssl_cert_file, l.ssl_key_file, l.ssl_stapling_file, &error)) {
            shared_->tls_reload_failures.fetch_add(1, std::memory_order_relaxed);
            TRIDENT_LOG(Error, "certificate reload for %s:%d failed, the old certificates stay: %s", l.host.c_str(), l.port,
                        error.c_str());
            continue;
        }
#endif
        // (Tickets issued before stay valid: both contexts use the listener's TicketKeyRing.)
        p.tls_slot->current.store(next.get(), std::memory_order_release);
        p.retired_tls.push_back(std::move(p.tls));
        p.tls = std::move(next);
        shared_->tls_reloads.fetch_add(1, std::memory_order_relaxed);
        TRIDENT_LOG(Notice, "certificates reloaded for %s:%d (%s)", l.host.c_str(), l.port, l.ssl_cert_file.c_str());
    }
}

// HTTP/3 on the UDP port of each TLS listener that wants it: GnuTLS credentials from the same
// PEM files, and the port checked free (validate() has refused HTTP/3 without TLS already).
bool Master::load_quic(std::string* error) {
#ifdef TRIDENT_HAVE_HTTP3
    for (size_t i = 0; i < config_.listeners.size(); ++i) {
        const ListenerConfig& l = config_.listeners[i];
        if (!l.tls() || !listener_wants_http3(config_, l)) continue;
        http3::QuicLimits lim;
        lim.max_idle_timeout_ms = uint64_t(config_.http_idle_timeout * 1000);
        lim.max_concurrent_streams = config_.max_concurrent_streams;
        lim.max_datagram_frame_size = config_.open_http3_datagram ? 65535 : 0;
        protocols_[i].quic = http3::QuicServerConfig::create(l.ssl_cert_file, l.ssl_key_file, l.ssl_stapling_file, lim, error);
        if (!protocols_[i].quic) return false;
        if (!udp_port_free(l.fd, error)) return false;
        protocols_[i].http3 = true;
    }
#else
    (void)error;
#endif
    return true;
}

// Every reactor gets its own socket on each listener's address (SO_REUSEPORT), so the kernel
// spreads connections across them: reactor 0 uses the listener's socket bound by the
// constructor or listen(), the others get clones. Each reactor also gets one UDP socket per
// HTTP/3 listener, in the same order on every reactor (QuicListenSocket::index).
bool Master::open_reactor_sockets(std::string* error) {
    reactor_tcp_.resize(size_t(config_.reactor_num));
    reactor_quic_.resize(size_t(config_.reactor_num));
    for (size_t i = 0; i < config_.listeners.size(); ++i) {
        const ListenerConfig& l = config_.listeners[i];
        ListenSocket ls;
        ls.fd = l.fd;
        ls.tls = protocols_[i].tls_slot.get();
        ls.h2 = listener_http2(config_, l);
        ls.metrics = l.metrics;
        ls.proxy_protocol = l.proxy_protocol;
        ls.proxy_trusted = &l.proxy_trusted;
        if (protocols_[i].http3) {
            // RFC 7838: browsers learn from this header that the same origin speaks HTTP/3.
            ls.alt_svc = "h3=\":" + std::to_string(local_port(l.fd)) + "\"; ma=86400";
#ifdef TRIDENT_HAVE_HTTP3
            int qindex = int(reactor_quic_[0].size());
            for (int r = 0; r < config_.reactor_num; ++r) {
                int fd = open_quic_socket(l.fd, error);
                if (fd < 0) return false;
                owned_fds_.push_back(fd);
                QuicListenSocket q;
                q.fd = fd;
                q.index = qindex;
                q.config = protocols_[i].quic.get();
                q.retry = config_.http3_retry;
                reactor_quic_[size_t(r)].push_back(q);
            }
            // MODE_BASE: the reactors are in separate processes; the kernel routes each datagram
            // to the socket of the worker its DCID names (http3/cid.h).
            if (config_.mode == ServerMode::Base &&
                !http3::attach_cid_routing(reactor_quic_[0].back().fd, config_.reactor_num, error))
                return false;
#endif
        }
        reactor_tcp_[0].push_back(ls);
        for (int r = 1; r < config_.reactor_num; ++r) {
            int fd = clone_listener(l.fd, config_.backlog, error);
            if (fd < 0) return false;
            owned_fds_.push_back(fd);
            ls.fd = fd;
            reactor_tcp_[size_t(r)].push_back(ls);
        }
    }
    return true;
}

// The manager is forked before any reactor thread exists (forking a threaded process is
// unsafe). The handled signals are blocked first, so every thread inherits the mask and they
// arrive only through the main thread's signalfd.
bool Master::start_manager(std::string* error) {
    sigprocmask(SIG_BLOCK, &handled_, &saved_mask_);
    mask_saved_ = true;
    sigfd_ = signalfd(-1, &handled_, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sigfd_ < 0) {
        *error = std::string("signalfd: ") + strerror(errno);
        return false;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        *error = std::string("socketpair: ") + strerror(errno);
        return false;
    }
    // Before the fork: the manager checks it is still the master's child by this pid.
    shared_->master_pid.store(getpid());
    pid_t pid = fork();
    if (pid < 0) {
        *error = std::string("fork manager: ") + strerror(errno);
        close(sv[0]);
        close(sv[1]);
        shared_->master_pid.store(0);
        return false;
    }
    if (pid == 0) {
        close(sv[0]);
        close(sigfd_);
        // MODE_BASE: the workers accept, each from its slot's sockets (run_manager hands them out).
        if (config_.mode == ServerMode::Base) {
            // The manager's copy of this object reloads the certificates for the workers it forks.
            BaseModeManager base;
            base.listen = &reactor_tcp_;
            base.quic = &reactor_quic_;
            base.reload_certificates = [](void* self) { static_cast<Master*>(self)->reload_certificates(); };
            base.data = this;
            run_manager(config_, config_.reactor_num, sv[1], hooks_, &base);
        }
        // Process mode: the manager and its workers own no listening socket: only reactors accept.
        for (const auto& l : config_.listeners) close(l.fd);
        for (int fd : owned_fds_) close(fd);
        run_manager(config_, config_.reactor_num, sv[1], hooks_);
    }
    close(sv[1]);
    manager_sock_ = sv[0];
    manager_ = pid;
    shared_->manager_pid.store(pid);
    return true;
}

// A server missing a reactor would leave its share of the listeners unserved: if one cannot
// start, start() fails with the reason (abort_start() stops the others and the manager).
bool Master::start_reactors(std::string* error) {
    if (config_.mode == ServerMode::Base) {
        // The workers run the reactors; the master keeps the listening sockets open (a slot's
        // successor takes over its backlog) and supervises.
        TRIDENT_LOG(Info, "server started (MODE_BASE): %d worker(s), each with its own reactor, master pid %d, manager pid %d",
                    config_.worker_num, int(getpid()), int(manager_));
        return true;
    }
    for (int r = 0; r < config_.reactor_num; ++r) {
        reactors_.emplace_back(new Reactor(r, config_, shared_, reactor_tcp_[size_t(r)], reactor_quic_[size_t(r)]));
        reactors_.back()->set_registry(g_registry.get());
        reactors_.back()->set_access_log(access_log_.get());
        peers_.push_back(reactors_.back().get());
    }
    // QUIC datagrams that reach the wrong reactor are posted to the owner: every reactor
    // knows all the others before any of them runs.
    for (auto& r : reactors_) r->set_peers(&peers_);
    if (access_log_) access_log_->start();
    for (size_t started = 0; started < reactors_.size(); ++started) {
        bool ok;
        try {
            ok = reactors_[started]->start(error);
        } catch (const std::system_error& e) {  // std::thread could not be created
            *error = std::string("reactor thread: ") + e.what();
            ok = false;
        }
        if (!ok) {
            TRIDENT_LOG(Error, "reactor #%zu failed to start: %s", started, error->c_str());
            *error = "reactor #" + std::to_string(started) + " failed to start: " + *error;
            abort_start(started);
            return false;
        }
    }
    TRIDENT_LOG(Info, "server started: %d reactor(s), %d worker(s), master pid %d, manager pid %d", config_.reactor_num,
                config_.worker_num, int(getpid()), int(manager_));
    return true;
}

// Undoes a start that got as far as the manager and some reactors: nothing of the server is
// left running. The workers exit on their own once the manager's end of their channels is gone.
void Master::abort_start(size_t running) {
    kill(manager_, SIGKILL);
    waitpid(manager_, nullptr, 0);
    manager_ = -1;
    // Only the first `running` reactors have a thread to stop; join() does nothing for the others.
    for (size_t i = 0; i < running; ++i) reactors_[i]->post_stop();
    for (auto& r : reactors_) r->join();
    reactors_.clear();
    if (access_log_) access_log_->stop();
    release();
}
// The main thread's loop until the manager is gone: it hands each new worker incarnation's
// channels to the reactors, turns signals into shutdown and reload, and drives the shutdown.
void Master::supervise() {
    while (!manager_gone_) {
        pollfd p[2] = {{sigfd_, POLLIN, 0}, {manager_sock_, POLLIN, 0}};
        // While stopping, wake up regularly to watch the connections drain.
        int n = poll(p, 2, stopping_ ? 50 : -1);
        if (n < 0 && errno != EINTR) break;
        if (n > 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) attach_new_workers();
        if (n > 0 && (p[0].revents & POLLIN)) handle_signals();
        advance_shutdown();
    }
}

// The manager announces every worker incarnation with one channel end per reactor (see
// manager.h); each reactor gets its own.
void Master::attach_new_workers() {
    std::vector<int> fds(size_t(config_.reactor_num));
    WorkerAnnounce a;
    while (receive_announce(manager_sock_, a, fds.data(), config_.reactor_num)) {
        for (int r = 0; r < config_.reactor_num; ++r) {
            reactors_[size_t(r)]->post_attach_channel(fds[size_t(r)], int(a.worker_id), a.pid, a.incarnation);
        }
    }
}

// SIGTERM/SIGINT: graceful shutdown. SIGUSR1: reload (the manager rolls the workers over).
// SIGCHLD: the manager exited (the workers are its children, not the master's).
void Master::handle_signals() {
    signalfd_siginfo si;
    while (read(sigfd_, &si, sizeof si) == sizeof si) {
        int sig = int(si.ssi_signo);
        if (sig == SIGTERM || sig == SIGINT) begin_shutdown(sig);
        else if (sig == SIGUSR1 && !stopping_) {
            // MODE_BASE: no reactor here uses the master's contexts; the manager reloads its own.
            if (config_.mode != ServerMode::Base) reload_certificates();
            kill(manager_, SIGUSR1);
        }
        else if (sig == SIGUSR2 && access_log_) access_log_->reopen();  // logrotate moved the file
        else if (sig == SIGUSR2 && config_.mode == ServerMode::Base && !config_.access_log.empty()) kill(manager_, SIGUSR2);
        else if (sig == SIGCHLD) reap_children();
    }
}

// The reactors stop accepting and close idle connections; requests in flight get up to
// max_wait_time to finish before the manager is told to stop the workers.
void Master::begin_shutdown(int sig) {
    if (stopping_) return;
    TRIDENT_LOG(Notice, "shutting down (signal %d)", sig);
    stopping_ = true;
    shared_->server_stopping.store(true, std::memory_order_relaxed);
    for (auto& r : reactors_) r->post_shutdown();
    drain_deadline_ = monotonic_ms() + int64_t(config_.max_wait_time * 1000);
}

void Master::reap_children() {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid != manager_) continue;
        manager_gone_ = true;
        // Without its manager the server has no workers: it shuts down rather than hang.
        if (!stopping_) TRIDENT_LOG(Error, "the manager process exited unexpectedly; shutting down");
    }
}

// Once the connections are gone (or max_wait_time is up) the manager gets SIGTERM and stops
// the workers gracefully; if it has not exited 3 s after its own max_wait_time, SIGKILL.
void Master::advance_shutdown() {
    if (stopping_ && !manager_signalled_) {
        int64_t conns = 0;
        for (auto& r : reactors_) conns += r->connection_count();
        if (conns == 0 || monotonic_ms() >= drain_deadline_) {
            if (conns > 0) TRIDENT_LOG(Warning, "max_wait_time reached with %lld connection(s) open", (long long)conns);
            kill(manager_, SIGTERM);
            manager_signalled_ = true;
            kill_deadline_ = monotonic_ms() + int64_t(config_.max_wait_time * 1000) + 3000;
        }
    }
    if (manager_signalled_ && !manager_gone_ && monotonic_ms() > kill_deadline_) {
        TRIDENT_LOG(Warning, "manager did not stop in time, killing it");
        kill(manager_, SIGKILL);
        kill_deadline_ = INT64_MAX;
    }
}

// After the main loop: the reactors stop and are joined, the master's sockets are closed and
// the signal mask is restored before the Shutdown event runs.
void Master::stop() {
    for (auto& r : reactors_) r->post_stop();
    for (auto& r : reactors_) r->join();
    reactors_.clear();
    // Every line the reactors wrote is on disk before start() returns.
    if (access_log_) access_log_->stop();
    manager_ = -1;
    // Reap whatever is left (workers are the manager's children, not ours), while SIGCHLD is
    // still blocked: a PHP signal handler must not see the server's own children.
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    release();
    TRIDENT_LOG(Info, "server stopped");
}

// Closes what the master opened and restores the signal mask; idempotent. Reactors are gone
// by then (stop() and abort_start() join them first), so no thread uses these sockets.
void Master::release() {
    for (int fd : owned_fds_) close(fd);
    owned_fds_.clear();
    if (manager_sock_ >= 0) close(manager_sock_);
    manager_sock_ = -1;
    if (sigfd_ >= 0) close(sigfd_);
    sigfd_ = -1;
    if (mask_saved_) sigprocmask(SIG_SETMASK, &saved_mask_, nullptr);
    mask_saved_ = false;
    if (shared_) {
        shared_->manager_pid.store(0);
        shared_->master_pid.store(0);
    }
}

}  // namespace

bool run(const ServerConfig& config_in, Hooks& hooks, std::string* error) {
    ServerConfig config = config_in;
    resolve_counts(config, sysconf(_SC_NPROCESSORS_ONLN));
    if (!validate(config, error)) return false;
    Master master(std::move(config), hooks);
    if (!master.start(error)) return false;
    hooks.on_start();
    master.supervise();
    master.stop();
    hooks.on_shutdown();
    return true;
}

}  // namespace trident::server
