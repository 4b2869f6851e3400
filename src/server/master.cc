// The master process: runs the reactor threads and, on its main thread, supervises the
// manager and handles signals (SIGTERM/SIGINT: graceful shutdown, SIGUSR1: reload).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#ifdef TRIDENT_HAVE_HTTP3
#include "http3/quic_server_config.h"
#endif
#include "server/manager.h"
#include "server/reactor.h"
#include "trident/tls/tls_context.h"
#include "trident/core/clock.h"
#include "trident/core/log.h"
#include "trident/server/runtime.h"
#include "trident/server/shared_state.h"

namespace trident::server {

namespace {
SharedState* g_shared = nullptr;

// Another socket on the same address for reactor i > 0, so the kernel spreads accepts
// across reactors (SO_REUSEPORT) instead of waking every thread for every connection.
int clone_listener(int fd, int backlog, std::string* error) {
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
        *error = std::string("getsockname: ") + strerror(errno);
        return -1;
    }
    int s = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0) {
        *error = std::string("socket: ") + strerror(errno);
        return -1;
    }
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (ss.ss_family == AF_INET6) setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(s, reinterpret_cast<sockaddr*>(&ss), len) != 0 || listen(s, backlog) != 0) {
        *error = std::string("bind/listen for reactor socket: ") + strerror(errno);
        close(s);
        return -1;
    }
    return s;
}

// A UDP socket for QUIC on the address (and port) of TCP listener `tcp_fd`. Every reactor gets
// one (SO_REUSEPORT); the kernel spreads clients across them by their address and port.
int open_quic_socket(int tcp_fd, std::string* error) {
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(tcp_fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
        *error = std::string("getsockname: ") + strerror(errno);
        return -1;
    }
    int s = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0) {
        *error = std::string("QUIC socket: ") + strerror(errno);
        return -1;
    }
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (ss.ss_family == AF_INET6) {
        setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        setsockopt(s, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof one);
    } else {
        setsockopt(s, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
    }
    // Bursts of many connections' datagrams must not be dropped by a small default buffer.
    int buf = 4 << 20;
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    if (bind(s, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
        char host[64] = "?";
        int port = 0;
        if (ss.ss_family == AF_INET6) {
            inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr, host, sizeof host);
            port = ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
        } else {
            inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr, host, sizeof host);
            port = ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
        }
        *error = std::string("cannot bind UDP ") + host + ":" + std::to_string(port) + " for HTTP/3: " + strerror(errno);
        close(s);
        return -1;
    }
    return s;
}

// Whether nothing else holds the UDP port: the reactors' sockets use SO_REUSEPORT, which would
// let them share it silently with another server of the same user.
bool udp_port_free(int tcp_fd, std::string* error) {
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(tcp_fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return true;
    int s = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return true;
    int one = 1;
    if (ss.ss_family == AF_INET6) setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    bool ok = bind(s, reinterpret_cast<sockaddr*>(&ss), len) == 0;
    if (!ok) {
        int port = ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                                            : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
        *error = "cannot use UDP port " + std::to_string(port) + " for HTTP/3: " + strerror(errno);
    }
    close(s);
    return ok;
}

int listener_port(int fd) {
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
    return ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                                    : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}
}  // namespace

SharedState* create_shared_state() {
    if (g_shared) return g_shared;
    void* p = mmap(nullptr, sizeof(SharedState), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    g_shared = new (p) SharedState();
    return g_shared;
}

SharedState* shared_state() { return g_shared; }

bool request_shutdown() {
    if (!g_shared || g_shared->master_pid.load() <= 0) return false;
    return kill(g_shared->master_pid.load(), SIGTERM) == 0;
}

bool request_reload() {
    if (!g_shared || g_shared->master_pid.load() <= 0) return false;
    return kill(g_shared->master_pid.load(), SIGUSR1) == 0;
}

bool run(const ServerConfig& config_in, Hooks& hooks, std::string* error) {
    ServerConfig config = config_in;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 1) cpus = 1;
    if (config.worker_num <= 0) config.worker_num = int(cpus);
    if (config.reactor_num <= 0) config.reactor_num = int(cpus);
    if (config.worker_num > kMaxWorkers) {
        *error = "worker_num must be at most " + std::to_string(kMaxWorkers);
        return false;
    }
    if (config.reactor_num > kMaxReactors) config.reactor_num = kMaxReactors;
    if (config.listeners.empty()) {
        *error = "no listener";
        return false;
    }
    log::set_level(config.log_level);
    if (!log::set_file(config.log_file.c_str())) {
        *error = "cannot open log_file " + config.log_file + ": " + strerror(errno);
        return false;
    }
    log::set_role("master");

    SharedState* st = create_shared_state();
    if (!st) {
        *error = std::string("mmap shared state: ") + strerror(errno);
        return false;
    }
    st->master_pid.store(getpid());
    st->start_time.store(int64_t(wall_time()));
    st->worker_num = config.worker_num;
    st->reactor_num = config.reactor_num;

    // TLS contexts first: a bad certificate must fail start() before anything is forked.
    std::vector<std::unique_ptr<tls::TlsContext>> tls_contexts(config.listeners.size());
    for (size_t i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig& l = config.listeners[i];
        if (!l.tls()) {
            if (!l.ssl_key_file.empty()) {
                *error = "ssl_cert_file is required with ssl_key_file \"" + l.ssl_key_file + "\"";
                return false;
            }
            if (!l.ssl_sni_certs.empty()) {
                *error = "ssl_sni_certs needs ssl_cert_file and ssl_key_file for the default certificate";
                return false;
            }
            continue;
        }
        if (l.ssl_key_file.empty()) {
            *error = "ssl_key_file is required with ssl_cert_file \"" + l.ssl_cert_file + "\"";
            return false;
        }
        tls::TlsConfig tc;
        tc.cert_file = l.ssl_cert_file;
        tc.key_file = l.ssl_key_file;
        tc.enable_h2 = l.open_http2_protocol == -1 ? config.open_http2_protocol : l.open_http2_protocol == 1;
        for (const auto& sni : l.ssl_sni_certs) tc.sni_certs.push_back({sni.hostname, sni.cert_file, sni.key_file});
        tls_contexts[i] = tls::TlsContext::create(tc, error);
        if (!tls_contexts[i]) return false;
    }

    // HTTP/3 (QUIC) listeners: GnuTLS credentials from the same PEM files, one UDP socket per
    // reactor on the TLS listener's port.
    std::vector<bool> http3(config.listeners.size(), false);
#ifdef TRIDENT_HAVE_HTTP3
    std::vector<std::unique_ptr<http3::QuicServerConfig>> quic_configs(config.listeners.size());
#endif
    for (size_t i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig& l = config.listeners[i];
        bool want = l.open_http3_protocol == -1 ? config.open_http3_protocol : l.open_http3_protocol == 1;
        if (!want) continue;
        if (!l.tls()) {
            // The server-wide setting applies to the TLS listeners; a listener of its own
            // that asks for HTTP/3 without a certificate is a mistake worth stopping for.
            if (l.open_http3_protocol == 1) {
                *error = "open_http3_protocol needs ssl_cert_file and ssl_key_file on the same listener (QUIC always uses TLS)";
                return false;
            }
            continue;
        }
#ifdef TRIDENT_HAVE_HTTP3
        http3::QuicLimits lim;
        lim.max_idle_timeout_ms = uint64_t(config.http_idle_timeout * 1000);
        lim.max_concurrent_streams = config.max_concurrent_streams;
        lim.max_datagram_frame_size = config.open_http3_datagram ? 65535 : 0;
        quic_configs[i] = http3::QuicServerConfig::create(l.ssl_cert_file, l.ssl_key_file, lim, error);
        if (!quic_configs[i]) return false;
        if (!udp_port_free(l.fd, error)) return false;
        http3[i] = true;
#else
        *error = "open_http3_protocol: this Trident was built without HTTP/3 (install libngtcp2-dev, "
                 "libngtcp2-crypto-gnutls-dev, libnghttp3-dev and libgnutls28-dev, then rebuild)";
        return false;
#endif
    }

    if (config.open_http3_protocol && std::find(http3.begin(), http3.end(), true) == http3.end()) {
        // Otherwise the setting would do nothing, silently.
        *error = "open_http3_protocol needs a TLS listener: set ssl_cert_file and ssl_key_file (QUIC always uses TLS)";
        return false;
    }

    // Listening sockets: reactor 0 uses the ones bound in the constructor, others get clones.
    std::vector<std::vector<ListenSocket>> reactor_fds(size_t(config.reactor_num));
    std::vector<std::vector<QuicListenSocket>> reactor_quic(size_t(config.reactor_num));
    std::vector<int> owned;
    for (size_t i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig& l = config.listeners[i];
        ListenSocket ls;
        ls.fd = l.fd;
        ls.tls = tls_contexts[i].get();
        ls.h2 = l.open_http2_protocol == -1 ? config.open_http2_protocol : l.open_http2_protocol == 1;
        if (http3[i]) {
            // RFC 7838: browsers learn from this header that the same origin speaks HTTP/3.
            ls.alt_svc = "h3=\":" + std::to_string(listener_port(l.fd)) + "\"; ma=86400";
#ifdef TRIDENT_HAVE_HTTP3
            int qindex = int(reactor_quic[0].size());
            for (int r = 0; r < config.reactor_num; ++r) {
                int fd = open_quic_socket(l.fd, error);
                if (fd < 0) {
                    for (int o : owned) close(o);
                    return false;
                }
                owned.push_back(fd);
                QuicListenSocket q;
                q.fd = fd;
                q.index = qindex;
                q.config = quic_configs[i].get();
                q.retry = config.http3_retry;
                reactor_quic[size_t(r)].push_back(q);
            }
#endif
        }
        reactor_fds[0].push_back(ls);
        for (int r = 1; r < config.reactor_num; ++r) {
            int fd = clone_listener(l.fd, config.backlog, error);
            if (fd < 0) {
                for (int o : owned) close(o);
                return false;
            }
            owned.push_back(fd);
            ls.fd = fd;
            reactor_fds[size_t(r)].push_back(ls);
        }
    }

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        *error = std::string("socketpair: ") + strerror(errno);
        for (int o : owned) close(o);
        return false;
    }
    // Block the signals we handle before any thread exists, so every thread inherits the
    // mask and they arrive only through the main thread's signalfd.
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGPIPE);
    sigprocmask(SIG_BLOCK, &set, &old);

    pid_t manager = fork();
    if (manager < 0) {
        *error = std::string("fork manager: ") + strerror(errno);
        sigprocmask(SIG_SETMASK, &old, nullptr);
        close(sv[0]);
        close(sv[1]);
        for (int o : owned) close(o);
        return false;
    }
    if (manager == 0) {
        close(sv[0]);
        for (const auto& l : config.listeners) close(l.fd);
        for (int o : owned) close(o);
        run_manager(config, config.reactor_num, sv[1], hooks);
    }
    close(sv[1]);
    int msock = sv[0];
    st->manager_pid.store(manager);
    int sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);

    // The config must outlive the reactors: they keep a reference.
    auto cfg = std::make_unique<ServerConfig>(config);
    std::vector<std::unique_ptr<Reactor>> reactors;
    std::vector<Reactor*> peers;
    for (int r = 0; r < config.reactor_num; ++r) {
        reactors.emplace_back(new Reactor(r, *cfg, st, reactor_fds[size_t(r)], reactor_quic[size_t(r)]));
        peers.push_back(reactors.back().get());
    }
    // QUIC datagrams that reach the wrong reactor are posted to the owner: every reactor
    // knows all the others before any of them runs.
    for (auto& r : reactors) r->set_peers(&peers);
    size_t started = 0;
    for (; started < reactors.size(); ++started) {
        bool ok;
        try {
            ok = reactors[started]->start(error);
        } catch (const std::system_error& e) {  // std::thread could not be created
            *error = std::string("reactor thread: ") + e.what();
            ok = false;
        }
        if (!ok) break;
    }
    if (started < reactors.size()) {
        // A server missing a reactor would leave its share of the listeners unserved: start()
        // fails with the reason instead, and nothing of the server is left running (the
        // workers exit on their own once the manager's end of their channels is gone).
        TRIDENT_LOG(Error, "reactor #%zu failed to start: %s", started, error->c_str());
        *error = "reactor #" + std::to_string(started) + " failed to start: " + *error;
        kill(manager, SIGKILL);
        waitpid(manager, nullptr, 0);
        for (size_t i = 0; i < started; ++i) reactors[i]->post_stop();
        for (auto& r : reactors) r->join();
        reactors.clear();
        for (int o : owned) close(o);
        close(msock);
        if (sigfd >= 0) close(sigfd);
        sigprocmask(SIG_SETMASK, &old, nullptr);
        st->manager_pid.store(0);
        st->master_pid.store(0);
        return false;
    }
    TRIDENT_LOG(Info, "server started: %d reactor(s), %d worker(s), master pid %d, manager pid %d", config.reactor_num,
                config.worker_num, int(getpid()), int(manager));
    hooks.on_start();

    bool stopping = false;
    bool manager_gone = false;
    bool manager_signalled = false;
    int64_t drain_deadline = 0;
    int64_t kill_deadline = 0;
    std::vector<int> fds(size_t(config.reactor_num));
    while (!manager_gone) {
        pollfd p[2] = {{sigfd, POLLIN, 0}, {msock, POLLIN, 0}};
        int timeout = stopping ? 50 : -1;
        int n = poll(p, 2, timeout);
        if (n < 0 && errno != EINTR) break;
        if (n > 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
            WorkerAnnounce a;
            while (receive_announce(msock, a, fds.data(), config.reactor_num)) {
                for (int r = 0; r < config.reactor_num; ++r) {
                    reactors[size_t(r)]->post_attach_channel(fds[size_t(r)], int(a.worker_id), a.pid, a.incarnation);
                }
            }
        }
        if (n > 0 && (p[0].revents & POLLIN)) {
            signalfd_siginfo si;
            while (read(sigfd, &si, sizeof si) == sizeof si) {
                if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
                    if (!stopping) {
                        TRIDENT_LOG(Notice, "shutting down (signal %d)", int(si.ssi_signo));
                        stopping = true;
                        for (auto& r : reactors) r->post_shutdown();
                        drain_deadline = monotonic_ms() + int64_t(config.max_wait_time * 1000);
                    }
                } else if (si.ssi_signo == SIGUSR1) {
                    if (!stopping) kill(manager, SIGUSR1);
                } else if (si.ssi_signo == SIGCHLD) {
                    int status;
                    pid_t pid;
                    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
                        if (pid == manager) {
                            manager_gone = true;
                            if (!stopping) {
                                TRIDENT_LOG(Error, "the manager process exited unexpectedly; shutting down");
                            }
                        }
                    }
                }
            }
        }
        if (stopping && !manager_signalled) {
            int64_t conns = 0;
            for (auto& r : reactors) conns += r->connection_count();
            if (conns == 0 || monotonic_ms() >= drain_deadline) {
                if (conns > 0) TRIDENT_LOG(Warning, "max_wait_time reached with %lld connection(s) open", (long long)conns);
                kill(manager, SIGTERM);
                manager_signalled = true;
                kill_deadline = monotonic_ms() + int64_t(config.max_wait_time * 1000) + 3000;
            }
        }
        if (manager_signalled && !manager_gone && monotonic_ms() > kill_deadline) {
            TRIDENT_LOG(Warning, "manager did not stop in time, killing it");
            kill(manager, SIGKILL);
            kill_deadline = INT64_MAX;
        }
    }
    for (auto& r : reactors) r->post_stop();
    for (auto& r : reactors) r->join();
    reactors.clear();
    for (int o : owned) close(o);
    close(msock);
    close(sigfd);
    // Reap whatever is left (workers are the manager's children, not ours).
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    sigprocmask(SIG_SETMASK, &old, nullptr);
    st->master_pid.store(0);
    TRIDENT_LOG(Info, "server stopped");
    hooks.on_shutdown();
    return true;
}

}  // namespace trident::server
