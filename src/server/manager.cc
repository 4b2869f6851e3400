#include "server/manager.h"

#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <map>
#include <vector>

#include "server/base_worker.h"
#include "trident/core/clock.h"
#include "trident/core/log.h"
#include "trident/server/runtime.h"
#include "trident/server/shared_state.h"
#include "trident/server/worker.h"

namespace trident::server {

namespace {

struct Slot {
    pid_t pid = 0;            // current incarnation, 0 when none runs
    uint32_t incarnation = 0;
    int64_t started_ms = 0;
    int64_t respawn_at_ms = 0;  // > 0: respawn scheduled (crash loop back-off)
};

bool send_announce(int sock, const WorkerAnnounce& a, const int* fds) {
    iovec iov{const_cast<WorkerAnnounce*>(&a), sizeof a};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    std::vector<char> cbuf(CMSG_SPACE(sizeof(int) * a.fd_count));
    msg.msg_control = cbuf.data();
    msg.msg_controllen = cbuf.size();
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * a.fd_count);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * a.fd_count);
    for (;;) {
        ssize_t n = sendmsg(sock, &msg, MSG_NOSIGNAL);
        if (n >= 0) return true;
        if (errno != EINTR) return false;
    }
}

void tune_buffers(int fd) {
    // Bigger socket buffers let a burst of responses queue in the kernel instead of in our
    // user-space queues. SO_SNDBUFFORCE works as root; otherwise the plain call is capped.
    int size = 4 << 20;
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0) {
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    }
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0) {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    }
}

class Manager {
public:
    Manager(const ServerConfig& config, int reactor_num, int master_sock, Hooks& hooks, const BaseModeManager* base)
        : config_(config), reactor_num_(base ? 0 : reactor_num), master_sock_(master_sock), hooks_(hooks), base_(base),
          base_listen_(base ? base->listen : nullptr), slots_(size_t(config.worker_num)) {}

    [[noreturn]] void run() {
        log::set_role("manager");
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGUSR1);
        sigaddset(&set, SIGUSR2);
        sigaddset(&set, SIGCHLD);
        sigaddset(&set, SIGINT);
        sigprocmask(SIG_BLOCK, &set, nullptr);
        sigfd_ = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
        if (getppid() != shared_state()->master_pid.load()) {
            // The master died before we set PDEATHSIG.
            hooks_.exit_process(1);
        }
        shared_state()->manager_pid.store(getpid());
        hooks_.on_manager_start();
        for (size_t i = 0; i < slots_.size(); ++i) spawn(int(i));

        while (true) {
            int timeout = next_timeout();
            pollfd_wait(timeout);
            run_due_respawns();
            if (stopping_ && live_count() == 0) break;
            if (stopping_ && monotonic_ms() > kill_at_ms_) {
                for (auto& [pid, slot] : pids_) {
                    TRIDENT_LOG(Warning, "worker #%d (pid %d) did not stop in time, killing it", slot, int(pid));
                    kill(pid, SIGKILL);
                }
                kill_at_ms_ = INT64_MAX;
            }
        }
        TRIDENT_LOG(Info, "manager stopped");
        hooks_.exit_process(0);
        __builtin_unreachable();
    }

private:
    int live_count() const { return int(pids_.size()); }
    // A process of slot `id` other than its current incarnation is still running (a reload's
    // predecessor draining).
    bool slot_has_process(int id) const {
        for (const auto& [pid, slot] : pids_) {
            if (slot == id) return true;
        }
        return false;
    }
    bool has_live_predecessor(int id) const {
        for (const auto& [pid, slot] : pids_) {
            if (slot == id && pid != slots_[size_t(id)].pid) return true;
        }
        return false;
    }

    int next_timeout() {
        int64_t now = monotonic_ms();
        int64_t best = 1000;
        for (auto& s : slots_) {
            if (s.respawn_at_ms > 0) best = std::min(best, s.respawn_at_ms - now);
        }
        if (stopping_ && kill_at_ms_ != INT64_MAX) best = std::min(best, kill_at_ms_ - now);
        return best < 0 ? 0 : int(best);
    }

    void pollfd_wait(int timeout) {
        pollfd p{sigfd_, POLLIN, 0};
        int r = poll(&p, 1, timeout);
        if (r <= 0) return;
        signalfd_siginfo si;
        while (read(sigfd_, &si, sizeof si) == sizeof si) {
            switch (si.ssi_signo) {
                case SIGCHLD: reap(); break;
                case SIGTERM: begin_stop(); break;
                case SIGUSR1: reload(); break;
                case SIGUSR2:
                    // MODE_BASE: each worker writes its own access log lines (logrotate's reopen).
                    if (base_) for (auto& [pid, slot] : pids_) kill(pid, SIGUSR2);
                    break;
                default: break;  // SIGINT: the master decides (Ctrl-C reaches the whole group)
            }
        }
    }

    void spawn(int id) {
        Slot& s = slots_[size_t(id)];
        std::vector<int> reactor_ends(static_cast<size_t>(reactor_num_)), worker_ends(static_cast<size_t>(reactor_num_));
        for (int r = 0; r < reactor_num_; ++r) {
            int sv[2];
            if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
                TRIDENT_LOG(Error, "socketpair for worker #%d: %s", id, strerror(errno));
                for (int k = 0; k < r; ++k) {
                    close(reactor_ends[size_t(k)]);
                    close(worker_ends[size_t(k)]);
                }
                s.respawn_at_ms = monotonic_ms() + 1000;
                return;
            }
            tune_buffers(sv[0]);
            tune_buffers(sv[1]);
            reactor_ends[size_t(r)] = sv[0];
            worker_ends[size_t(r)] = sv[1];
        }
        uint32_t inc = ++s.incarnation;
        // MODE_BASE: with no predecessor still draining, the new worker reads HTTP/3 at once.
        // (Before the fork every live process of the slot is a predecessor.)
        if (base_listen_ && !slot_has_process(id)) shared_state()->workers[id].quic_incarnation.store(inc);
        pid_t pid = fork();
        if (pid < 0) {
            TRIDENT_LOG(Error, "fork worker #%d: %s", id, strerror(errno));
            for (int r = 0; r < reactor_num_; ++r) {
                close(reactor_ends[size_t(r)]);
                close(worker_ends[size_t(r)]);
            }
            s.respawn_at_ms = monotonic_ms() + 1000;
            return;
        }
        if (pid == 0) {
            for (int fd : reactor_ends) close(fd);
            close(master_sock_);
            close(sigfd_);
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, SIGCHLD);
            sigaddset(&set, SIGUSR2);  // the manager's own (MODE_BASE log reopen); a worker decides for itself
            sigprocmask(SIG_UNBLOCK, &set, nullptr);
            signal(SIGINT, SIG_IGN);  // the master orchestrates Ctrl-C
            char role[24];
            snprintf(role, sizeof role, "worker#%d", id);
            log::set_role(role);
            int code;
            if (base_listen_) {
                // MODE_BASE: the slot's listening sockets are this worker's; the other
                // slots' belong to their own workers.
                for (size_t other = 0; other < base_listen_->size(); ++other) {
                    if (int(other) == id) continue;
                    for (const ListenSocket& ls : (*base_listen_)[other]) close(ls.fd);
                    if (base_->quic && other < base_->quic->size())
                        for (const QuicListenSocket& q : (*base_->quic)[other]) close(q.fd);
                }
                std::vector<QuicListenSocket> quic;
                if (base_->quic && size_t(id) < base_->quic->size()) quic = (*base_->quic)[size_t(id)];
                code = run_base_worker(id, inc, config_, (*base_listen_)[size_t(id)], std::move(quic), hooks_);
            } else {
                Worker w(id, inc, worker_ends, config_, hooks_);
                code = hooks_.run_worker(w);
            }
            hooks_.exit_process(code);
        }
        for (int fd : worker_ends) close(fd);
        s.pid = pid;
        s.started_ms = monotonic_ms();
        s.respawn_at_ms = 0;
        pids_[pid] = id;
        SharedState* st = shared_state();
        st->workers[id].pid.store(pid, std::memory_order_relaxed);
        if (base_listen_) {
            TRIDENT_LOG(Debug, "started worker #%d pid %d (incarnation %u, MODE_BASE)", id, int(pid), inc);
            return;
        }
        WorkerAnnounce a{uint32_t(id), int32_t(pid), inc, uint32_t(reactor_num_)};
        if (!send_announce(master_sock_, a, reactor_ends.data())) {
            TRIDENT_LOG(Error, "cannot hand worker #%d to the master: %s", id, strerror(errno));
        }
        for (int fd : reactor_ends) close(fd);
        TRIDENT_LOG(Debug, "started worker #%d pid %d (incarnation %u)", id, int(pid), inc);
    }

    void reap() {
        for (;;) {
            int status = 0;
            pid_t pid = waitpid(-1, &status, WNOHANG);
            if (pid <= 0) return;
            auto it = pids_.find(pid);
            if (it == pids_.end()) continue;
            int id = it->second;
            pids_.erase(it);
            bool retired = retired_.erase(pid) > 0;
            Slot& s = slots_[size_t(id)];
            int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
            bool abnormal = sig != 0 || code != 0;
            if (abnormal) {
                shared_state()->worker_exits_abnormal.fetch_add(1, std::memory_order_relaxed);
                if (sig) TRIDENT_LOG(Warning, "worker #%d (pid %d) killed by signal %d", id, int(pid), sig);
                else TRIDENT_LOG(Warning, "worker #%d (pid %d) exited with code %d", id, int(pid), code);
                hooks_.on_worker_error(id, pid, code, sig);
            }
            // The drained predecessor is gone: its successor takes over the slot's UDP sockets.
            if (base_listen_ && s.pid != pid && !has_live_predecessor(id))
                shared_state()->workers[id].quic_incarnation.store(s.incarnation);
            if (retired || s.pid != pid) continue;  // replaced already (reload)
            s.pid = 0;
            if (stopping_) continue;
            shared_state()->workers[id].restarts.fetch_add(1, std::memory_order_relaxed);
            // A worker that dies right after starting (fatal error in WorkerStart, say) would
            // otherwise be respawned in a tight loop.
            if (abnormal && monotonic_ms() - s.started_ms < 1000) {
                s.respawn_at_ms = monotonic_ms() + 1000;
            } else {
                spawn(id);
            }
        }
    }

    void run_due_respawns() {
        if (stopping_) return;
        int64_t now = monotonic_ms();
        for (size_t i = 0; i < slots_.size(); ++i) {
            if (slots_[i].respawn_at_ms > 0 && slots_[i].respawn_at_ms <= now && slots_[i].pid == 0) spawn(int(i));
        }
    }

    void begin_stop() {
        if (stopping_) return;
        stopping_ = true;
        TRIDENT_LOG(Info, "manager stopping %d worker(s)", live_count());
        for (auto& [pid, id] : pids_) kill(pid, SIGTERM);
        kill_at_ms_ = monotonic_ms() + int64_t(config_.max_wait_time * 1000) + 1000;
    }

    void reload() {
        if (stopping_) return;
        TRIDENT_LOG(Notice, "reloading %zu worker(s)", slots_.size());
        if (base_ && base_->reload_certificates) base_->reload_certificates(base_->data);
        // Start every successor first, then let the old incarnations drain: there is always
        // a worker to take new requests and nothing in flight is lost.
        for (size_t i = 0; i < slots_.size(); ++i) {
            pid_t old = slots_[i].pid;
            if (old > 0) retired_[old] = true;
            spawn(int(i));
            if (old > 0) kill(old, SIGTERM);
        }
    }

    const ServerConfig& config_;
    int reactor_num_;  // channels per worker (0 in MODE_BASE)
    int master_sock_;
    Hooks& hooks_;
    const BaseModeManager* base_;
    const std::vector<std::vector<ListenSocket>>* base_listen_;
    std::vector<Slot> slots_;
    std::map<pid_t, int> pids_;       // every live worker process -> slot
    std::map<pid_t, bool> retired_;   // draining after a reload
    int sigfd_ = -1;
    bool stopping_ = false;
    int64_t kill_at_ms_ = INT64_MAX;
};

}  // namespace

int Hooks::run_worker(Worker& worker) { return worker.run(); }

void run_manager(const ServerConfig& config, int reactor_num, int master_sock, Hooks& hooks,
                 const BaseModeManager* base) {
    Manager m(config, reactor_num, master_sock, hooks, base);
    m.run();
    __builtin_unreachable();
}

bool receive_announce(int sock, WorkerAnnounce& a, int* fds, int max_fds) {
    iovec iov{&a, sizeof a};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    std::vector<char> cbuf(CMSG_SPACE(sizeof(int) * size_t(max_fds)));
    msg.msg_control = cbuf.data();
    msg.msg_controllen = cbuf.size();
    ssize_t n;
    do {
        n = recvmsg(sock, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        if (n == 0) errno = EPIPE;
        return false;
    }
    if (size_t(n) != sizeof a) {
        errno = EPROTO;
        return false;
    }
    int got = 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int k = int((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            for (int i = 0; i < k && got < max_fds; ++i) memcpy(&fds[got++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
        }
    }
    if (uint32_t(got) != a.fd_count) {
        for (int i = 0; i < got; ++i) close(fds[i]);
        errno = EPROTO;
        return false;
    }
    return true;
}

}  // namespace trident::server
