// The process family of the coroutine hooks (HOOK_PROC), so far shell_exec() (and its
// backtick operator): inside a coroutine the command runs as PHP runs it (/bin/sh -c, stdout
// to a pipe, stdin and stderr inherited, the worker's environment), but the pipe is read on
// the loop and the child's exit is awaited through a pidfd, so only the calling coroutine
// waits. Outside a coroutine, and for every argument PHP rejects, PHP's own function runs.
#include <fcntl.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "coroutine_io.h"
#include "function_hooks.h"
#include "hooks.h"
#include "php_trident_coroutine.h"

extern char** environ;

namespace co = trident::php::co;

namespace {

void hooked_shell_exec(INTERNAL_FUNCTION_PARAMETERS);

trident::php::hooks::Replacement g_proc_functions[] = {
    {"shell_exec", hooked_shell_exec},
};

// Waits for the child without blocking the loop where the kernel offers a pidfd (Linux 5.3);
// otherwise (or outside a coroutine) a plain waitpid().
void reap(pid_t pid) {
    int pidfd = int(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) {
        co::wait_fd(pidfd, trident::EventLoop::kReadable, -1);
        close(pidfd);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

void hooked_shell_exec(INTERNAL_FUNCTION_PARAMETERS) {
    if (!trident_coroutine_can_suspend()) {
        g_proc_functions[0].original(INTERNAL_FUNCTION_PARAM_PASSTHRU);
        return;
    }
    char* command;
    size_t command_len;
    // PHP's own parsing and checks (ext/standard/exec.c): a path-like string, not empty.
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_PATH(command, command_len)
    ZEND_PARSE_PARAMETERS_END();
    if (!command_len) {
        zend_argument_value_error(1, "cannot be empty");
        RETURN_THROWS();
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        php_error_docref(nullptr, E_WARNING, "Unable to execute '%s'", command);
        RETURN_FALSE;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);  // dup2 clears CLOEXEC
    char sh[] = "sh", dash_c[] = "-c";
    char* argv[] = {sh, dash_c, command, nullptr};
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        php_error_docref(nullptr, E_WARNING, "Unable to execute '%s'", command);
        RETURN_FALSE;
    }
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    std::string out;
    char buf[8192];
    for (;;) {
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n > 0) {
            out.append(buf, size_t(n));
            continue;
        }
        if (n == 0) break;
        if (errno == EINTR) continue;
        if (errno != EAGAIN) break;
        int w = co::wait_fd(fds[0], trident::EventLoop::kReadable, -1);
        if (w == co::kIoError && errno == ECANCELED) break;  // cancelled: still reap the child
    }
    co::fd_closed(fds[0]);
    close(fds[0]);
    reap(pid);
    if (EG(exception)) return;  // a cancellation is pending
    // As PHP: the whole output, or null when there was none.
    if (!out.empty()) RETURN_STRINGL(out.data(), out.size());
}

}  // namespace

namespace trident::php::hooks {

void proc_family(bool on) { replace_functions(g_proc_functions, on); }

}  // namespace trident::php::hooks
