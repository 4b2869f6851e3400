// The process family of the coroutine hooks (HOOK_PROC): shell_exec() (and its backtick
// operator), exec(), system(), passthru(), the pipes of proc_open(), proc_close(), popen()
// and pclose(), and the refusal of pcntl_fork() inside a coroutine.
//
// shell_exec/exec/system/passthru: inside a coroutine the command runs as PHP runs it
// (/bin/sh -c, stdout to a pipe, stdin and stderr inherited, the worker's environment), but
// the pipe is read on the loop and the child's exit is awaited through a pidfd, so only the
// calling coroutine waits. What the caller sees (return value, $output lines, $result_code,
// the bytes written to PHP's output and when) is what ext/standard/exec.c produces.
//
// proc_open: PHP's own function runs; the pipe streams it returns get a copy of PHP's STDIO
// ops whose read and write first wait on the loop for the fd, then hand over to PHP's op
// (which then does not block). Nonblocking streams (stream_set_blocking false), code outside
// a coroutine and streams used after the family is disabled get PHP's op directly.
// proc_close: the pipes are closed and the exit awaited on a pidfd in the coroutine, then
// PHP's proc_close reaps the child and returns its own value.
//
// popen: PHP's own function runs (its argument and mode checks, its warnings, the stream it
// builds); only the child is started here: while a hooked popen() call runs in a coroutine,
// the main program's import of popen(3) is redirected (core::ImportRedirect) to a spawn of
// /bin/sh -c as glibc's popen does, which keeps the child's pid (glibc's FILE hides it). The
// stream gets the pipe ops above, and the main program's import of pclose(3) (which PHP's
// STDIO close calls for a popen stream) waits for such a child on its pidfd in the coroutine,
// so PHP computes pclose()'s value from the wait status itself.
//
// Outside a coroutine, and for every argument PHP rejects, PHP's own function runs.
#include <fcntl.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>

#include "coroutine_internal.h"
#include "coroutine_io.h"
#include "function_hooks.h"
#include "hooks.h"
#include "php_trident_coroutine.h"
#include "trident/core/import_redirect.h"

extern "C" {
#include "SAPI.h"
#include "ext/standard/proc_open.h"
#include "main/php_output.h"
#include "zend_exceptions.h"
}

extern char** environ;

namespace co = trident::php::co;
using trident::EventLoop;
using trident::coroutine::FdDir;

namespace {

void hooked_shell_exec(INTERNAL_FUNCTION_PARAMETERS);
void hooked_exec(INTERNAL_FUNCTION_PARAMETERS);
void hooked_system(INTERNAL_FUNCTION_PARAMETERS);
void hooked_passthru(INTERNAL_FUNCTION_PARAMETERS);
void hooked_proc_open(INTERNAL_FUNCTION_PARAMETERS);
void hooked_proc_close(INTERNAL_FUNCTION_PARAMETERS);
void hooked_pcntl_fork(INTERNAL_FUNCTION_PARAMETERS);
void hooked_popen(INTERNAL_FUNCTION_PARAMETERS);

enum ProcFunction : size_t { kShellExec, kExec, kSystem, kPassthru, kProcOpen, kProcClose, kPcntlFork, kPopen };

trident::php::hooks::Replacement g_proc_functions[] = {
    {"shell_exec", hooked_shell_exec}, {"exec", hooked_exec},           {"system", hooked_system},
    {"passthru", hooked_passthru},     {"proc_open", hooked_proc_open}, {"proc_close", hooked_proc_close},
    {"pcntl_fork", hooked_pcntl_fork}, {"popen", hooked_popen},
};

// Whether the family is installed: the pipe ops of streams proc_open() returned earlier
// behave as PHP's once it is not.
bool g_active = false;

void run_original(ProcFunction f, INTERNAL_FUNCTION_PARAMETERS) {
    g_proc_functions[f].original(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

// --- children -------------------------------------------------------------------------------

// A /bin/sh -c child whose stdout is the write end of a pipe; `out` is the read end,
// nonblocking, close-on-exec.
struct ShellChild {
    pid_t pid = -1;
    int out = -1;
};

// popen(command, "r") as glibc does it, without the FILE. False (errno set) when no child.
bool spawn_shell(const char* command, ShellChild* child) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);  // dup2 clears CLOEXEC
    char sh[] = "sh", dash_c[] = "-c";
    char* argv[] = {sh, dash_c, const_cast<char*>(command), nullptr};
    int rc = posix_spawn(&child->pid, "/bin/sh", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        errno = rc;
        return false;
    }
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    child->out = fds[0];
    return true;
}

// Up to n bytes of the child's output, waiting on the loop (or in poll() where the caller
// cannot suspend): > 0 bytes, 0 at the end of the output, -1 on an error or a cancellation
// (then the reading stops; the child is still reaped).
ssize_t read_output(int fd, char* buf, size_t n) {
    for (;;) {
        ssize_t got = read(fd, buf, n);
        if (got >= 0) return got;
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return -1;
        if (co::wait_fd(fd, EventLoop::kReadable, -1) == co::kIoError) return -1;
    }
}

void close_output(ShellChild* child) {
    co::fd_closed(child->out);
    close(child->out);
    child->out = -1;
}

// Waits until the child `pid` of this process has exited (it stays a zombie for the caller
// to reap), suspending only the coroutine: its pidfd (Linux 5.3) is readable then. Returns
// at once when the kernel has no pidfds, when pid is not an unreaped child of ours, and
// where the caller cannot suspend (then its waitpid() blocks as PHP's does). A cancellation
// meanwhile (the worker stops) ends the wait with the graceful exit pending in EG(exception).
void await_exit(pid_t pid) {
    if (!co::io_can_suspend()) return;
    int pidfd = int(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd < 0) return;
    // The pid must still name our child: were it reaped meanwhile (proc_get_status, a
    // SIGCHLD handler) it could be another process's by now.
    siginfo_t info = {};
    if (waitid(P_PIDFD, id_t(pidfd), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0) {
        co::wait_fd(pidfd, EventLoop::kReadable, -1);
    }
    close(pidfd);
}

// Reaps our child: its wait status, or -1 as PHP's pclose() reports when there is none.
// Once the coroutine is being cancelled (the worker stops) a child still running is not
// waited for: the worker leaves at once, and init reaps the child after it.
int reap(pid_t pid) {
    await_exit(pid);
    int options = EG(exception) ? WNOHANG : 0;
    int status;
    pid_t r;
    while ((r = waitpid(pid, &status, options)) < 0 && errno == EINTR) {
    }
    return r == pid ? status : -1;
}

// $result_code as PHP computes it from the wait status: the exit code of a child that
// exited, the raw status otherwise (killed by a signal), -1 for none.
zend_long result_code(int status) {
    if (status != -1 && WIFEXITED(status)) return WEXITSTATUS(status);
    return status;
}

// --- shell_exec -----------------------------------------------------------------------------

void hooked_shell_exec(INTERNAL_FUNCTION_PARAMETERS) {
    if (!trident_coroutine_can_suspend()) return run_original(kShellExec, INTERNAL_FUNCTION_PARAM_PASSTHRU);
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
    ShellChild child;
    if (!spawn_shell(command, &child)) {
        php_error_docref(nullptr, E_WARNING, "Unable to execute '%s'", command);
        RETURN_FALSE;
    }
    std::string out;
    char buf[8192];
    ssize_t n;
    while ((n = read_output(child.out, buf, sizeof buf)) > 0) out.append(buf, size_t(n));
    close_output(&child);
    reap(child.pid);
    if (EG(exception)) return;  // a cancellation is pending
    // As PHP: the whole output, or null when there was none.
    if (!out.empty()) RETURN_STRINGL(out.data(), out.size());
}

// --- exec, system, passthru -----------------------------------------------------------------

// The kinds of php_exec() in ext/standard/exec.c.
enum class ExecMode {
    kLastLine,  // exec() without $output: only the last line is kept
    kSystem,    // system(): each line written to PHP's output as it completes
    kLines,     // exec() with $output: each line, trailing whitespace stripped, collected
    kRaw,       // passthru(): the bytes written to PHP's output as they arrive
};

// The length of line[0, len) without its trailing whitespace (isspace(), as PHP).
size_t stripped_length(const char* line, size_t len) {
    while (len > 0 && isspace(static_cast<unsigned char>(line[len - 1]))) --len;
    return len;
}

// Splits the child's output into lines ending at '\n' (a last line may lack it) and deals
// with each as php_exec() does; keeps the last one for the return value.
class LineSink {
public:
    LineSink(ExecMode mode, zval* lines) : mode_(mode), lines_(lines) {}

    void feed(const char* data, size_t len) {
        while (len > 0) {
            const char* nl = static_cast<const char*>(memchr(data, '\n', len));
            size_t take = nl ? size_t(nl - data) + 1 : len;
            if (!nl) {
                partial_.append(data, take);  // completed by a later read (or the end)
            } else if (partial_.empty()) {
                line(data, take);
            } else {
                partial_.append(data, take);
                line(partial_.data(), partial_.size());
                partial_.clear();
            }
            data += take;
            len -= take;
        }
    }

    // The end of the output: a last line without '\n' counts as a line.
    void finish() {
        if (partial_.empty()) return;
        line(partial_.data(), partial_.size());
        partial_.clear();
    }

    // The return value: the last line without its trailing whitespace, "" for no output.
    void last_line(zval* out) const { ZVAL_STRINGL(out, last_.data(), stripped_length(last_.data(), last_.size())); }

private:
    void line(const char* p, size_t len) {
        if (mode_ == ExecMode::kSystem) {
            PHPWRITE(p, len);
            if (php_output_get_level() < 1) sapi_flush();
        } else if (mode_ == ExecMode::kLines) {
            add_next_index_stringl(lines_, p, stripped_length(p, len));
        }
        last_.assign(p, len);
    }

    ExecMode mode_;
    zval* lines_;
    std::string partial_;
    std::string last_;
};

// Appends the collected lines to the caller's $output. Done at the end, not while the
// coroutine waits: meanwhile another coroutine may have changed or freed the variable.
void append_lines(zval* output_ref, zval* lines) {
    zval* output = Z_REFVAL_P(output_ref);
    if (Z_TYPE_P(output) == IS_ARRAY) {
        SEPARATE_ARRAY(output);
    } else if (!(output = zend_try_array_init(output_ref))) {
        return;  // a typed reference that refuses an array: TypeError thrown
    }
    zval* line;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(lines), line) {
        Z_ADDREF_P(line);
        zend_hash_next_index_insert_new(Z_ARRVAL_P(output), line);
    }
    ZEND_HASH_FOREACH_END();
}

// Runs the command and deals with its output; returns php_exec()'s value for $result_code
// (-1 when no child could be started, with PHP's warning and false returned).
zend_long run_exec(ExecMode mode, const char* command, zval* lines, zval* return_value) {
    ShellChild child;
    if (!spawn_shell(command, &child)) {
        php_error_docref(nullptr, E_WARNING, "Unable to fork [%s]", command);
        RETVAL_FALSE;
        return -1;
    }
    LineSink sink(mode, lines);
    char buf[8192];
    ssize_t n;
    while ((n = read_output(child.out, buf, sizeof buf)) > 0) {
        if (mode == ExecMode::kRaw) {
            PHPWRITE(buf, size_t(n));
        } else {
            sink.feed(buf, size_t(n));
        }
    }
    close_output(&child);
    zend_long code = result_code(reap(child.pid));
    if (mode != ExecMode::kRaw) {
        sink.finish();
        sink.last_line(return_value);
    }
    return code;  // passthru() returns null
}

// exec() (mode kLastLine: kLines when $output is given), system() (kSystem), passthru()
// (kRaw), with the arguments and checks of ext/standard/exec.c's php_exec_ex().
void exec_family(ProcFunction f, ExecMode mode, INTERNAL_FUNCTION_PARAMETERS) {
    if (!trident_coroutine_can_suspend()) return run_original(f, INTERNAL_FUNCTION_PARAM_PASSTHRU);
    char* command;
    size_t command_len;
    zval* output = nullptr;
    zval* code_ref = nullptr;
    if (f == kExec) {
        ZEND_PARSE_PARAMETERS_START(1, 3)
            Z_PARAM_STRING(command, command_len)
            Z_PARAM_OPTIONAL
            Z_PARAM_ZVAL(output)
            Z_PARAM_ZVAL(code_ref)
        ZEND_PARSE_PARAMETERS_END();
    } else {
        ZEND_PARSE_PARAMETERS_START(1, 2)
            Z_PARAM_STRING(command, command_len)
            Z_PARAM_OPTIONAL
            Z_PARAM_ZVAL(code_ref)
        ZEND_PARSE_PARAMETERS_END();
    }
    if (!command_len) {
        zend_argument_value_error(1, "cannot be empty");
        RETURN_THROWS();
    }
    if (strlen(command) != command_len) {
        zend_argument_value_error(1, "must not contain any null bytes");
        RETURN_THROWS();
    }
    // As PHP, $output is made an array before the command runs (a typed reference that
    // cannot hold one throws now).
    if (output && Z_TYPE_P(Z_REFVAL_P(output)) != IS_ARRAY && !zend_try_array_init(output)) RETURN_THROWS();
    zval lines;
    ZVAL_UNDEF(&lines);
    if (output) {
        array_init(&lines);
        mode = ExecMode::kLines;
    }
    zend_long code = run_exec(mode, command, &lines, return_value);
    if (!EG(exception) && output) append_lines(output, &lines);
    if (!EG(exception) && code_ref) ZEND_TRY_ASSIGN_REF_LONG(code_ref, code);
    zval_ptr_dtor(&lines);
    if (EG(exception)) {
        // A cancellation (or a typed $output refusing the array): the call returns nothing,
        // as every throwing internal function.
        zval_ptr_dtor(return_value);
        ZVAL_NULL(return_value);
    }
}

void hooked_exec(INTERNAL_FUNCTION_PARAMETERS) {
    exec_family(kExec, ExecMode::kLastLine, INTERNAL_FUNCTION_PARAM_PASSTHRU);
}
void hooked_system(INTERNAL_FUNCTION_PARAMETERS) {
    exec_family(kSystem, ExecMode::kSystem, INTERNAL_FUNCTION_PARAM_PASSTHRU);
}
void hooked_passthru(INTERNAL_FUNCTION_PARAMETERS) {
    exec_family(kPassthru, ExecMode::kRaw, INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

// --- proc_open pipes ------------------------------------------------------------------------

// The fd of a STDIO stream (PHP's cast for select: no flush, no side effect), or -1.
int stream_fd(php_stream* stream) {
    int fd = -1;  // a php_socket_t, an int on POSIX
    if (php_stream_stdio_ops.cast(stream, PHP_STREAM_AS_FD_FOR_SELECT, reinterpret_cast<void**>(&fd)) != SUCCESS) {
        return -1;
    }
    return fd;
}

// Whether an operation on the stream may wait on the loop: the family is on and the caller
// is a coroutine that may suspend. Then *fd is its fd.
bool may_wait(php_stream* stream, int* fd) {
    if (!g_active || !co::io_can_suspend()) return false;
    *fd = stream_fd(stream);
    return *fd >= 0;
}

// The fd's status flags when it is in blocking mode (stream_set_blocking() not turned off)
// and open for `dir`, else -1: a nonblocking stream gets PHP's op as it is, and so does a
// read of a write end or a write of a read end (it fails at once with EBADF, PHP's notice;
// a wait for readiness there would never end).
int blocking_flags(int fd, FdDir dir) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || (flags & O_NONBLOCK)) return -1;
    int access = flags & O_ACCMODE;
    if (access != O_RDWR && access != (dir == FdDir::Read ? O_RDONLY : O_WRONLY)) return -1;
    return flags;
}

ssize_t pipe_read(php_stream* stream, char* buf, size_t count) {
    int fd;
    // Data (or the end) already there: PHP's read does not block; no switch.
    if (!may_wait(stream, &fd) || co::poll_fd(fd, EventLoop::kReadable, 0) == co::kIoReady ||
        blocking_flags(fd, FdDir::Read) < 0) {
        return php_stream_stdio_ops.read(stream, buf, count);
    }
    co::FdClaim claim;
    if (!claim.acquire(fd, FdDir::Read)) return -1;  // another coroutine reads it: exception thrown
    if (claim.wait(-1) != co::kIoReady) return -1;   // closed meanwhile, or cancelled
    return php_stream_stdio_ops.read(stream, buf, count);  // finds the data (or the end) at once
}

// One write(2) that does not block, on a blocking fd: O_NONBLOCK only for this call. (The
// flag is the open file description's: a process given this very pipe end as a descriptor
// would see it for that moment; PHP's parent ends are close-on-exec, so children do not
// inherit them otherwise.)
ssize_t write_now(int fd, int flags, const char* buf, size_t count) {
    if (fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) return -1;
    ssize_t n = write(fd, buf, count);
    int saved = errno;
    fcntl(fd, F_SETFL, flags);
    errno = saved;
    return n;
}

ssize_t pipe_write(php_stream* stream, const char* buf, size_t count) {
    int fd, flags;
    if (!count || !may_wait(stream, &fd) || (flags = blocking_flags(fd, FdDir::Write)) < 0) {
        return php_stream_stdio_ops.write(stream, buf, count);
    }
    co::FdClaim claim;
    if (!claim.acquire(fd, FdDir::Write)) return -1;  // another coroutine writes it: exception thrown
    for (;;) {
        ssize_t n = write_now(fd, flags, buf, count);
        if (n > 0) return n;  // a partial count is fine: the stream layer writes the rest
        if (n < 0 && errno == EINTR) continue;
        if (n == 0 || errno != EAGAIN) break;
        if (claim.wait(-1) != co::kIoReady) return -1;  // closed meanwhile, or cancelled
    }
    // An error (EPIPE, ...): PHP's write meets it again and reports it in its own words.
    return php_stream_stdio_ops.write(stream, buf, count);
}

int pipe_close(php_stream* stream, int close_handle) {
    int fd = close_handle ? stream_fd(stream) : -1;
    if (fd >= 0) co::fd_closed(fd);
    return php_stream_stdio_ops.close(stream, close_handle);
}

// PHP's STDIO ops with read, write and close wrapped; label ("STDIO"), cast, set_option
// (blocking mode, ...) and stat are PHP's.
const php_stream_ops g_pipe_ops = [] {
    php_stream_ops ops = php_stream_stdio_ops;
    ops.read = pipe_read;
    ops.write = pipe_write;
    ops.close = pipe_close;
    return ops;
}();

void hooked_proc_open(INTERNAL_FUNCTION_PARAMETERS) {
    run_original(kProcOpen, INTERNAL_FUNCTION_PARAM_PASSTHRU);
    if (Z_TYPE_P(return_value) != IS_RESOURCE || ZEND_NUM_ARGS() < 3) return;
    zval* pipes = ZEND_CALL_ARG(execute_data, 3);
    ZVAL_DEREF(pipes);
    if (Z_TYPE_P(pipes) != IS_ARRAY) return;
    zval* entry;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(pipes), entry) {
        if (Z_TYPE_P(entry) != IS_RESOURCE) continue;
        auto* stream = static_cast<php_stream*>(zend_fetch_resource2(Z_RES_P(entry), nullptr, php_file_le_stream(),
                                                                     php_file_le_pstream()));
        // "pipe" and "pty" descriptors are STDIO streams on an fd; "socket" ones are not.
        if (stream && stream->ops == &php_stream_stdio_ops) stream->ops = &g_pipe_ops;
    }
    ZEND_HASH_FOREACH_END();
}

// --- proc_close -----------------------------------------------------------------------------

int process_resource_type() {
    static int type = zend_fetch_list_dtor_id("process");
    return type;
}

void hooked_proc_close(INTERNAL_FUNCTION_PARAMETERS) {
    zval* arg = ZEND_NUM_ARGS() == 1 ? ZEND_CALL_ARG(execute_data, 1) : nullptr;
    if (arg && trident_coroutine_can_suspend() && Z_TYPE_P(arg) == IS_RESOURCE &&
        Z_RES_TYPE_P(arg) == process_resource_type() && process_resource_type() > 0) {
        auto* proc = static_cast<php_process_handle*>(Z_RES_P(arg)->ptr);
        // As PHP's proc_close does before it waits: close our ends of the pipes, so that a
        // child reading its stdin sees the end of it (the same steps, so that PHP's own
        // close below finds nothing left to close).
        for (int i = 0; i < proc->npipes; i++) {
            if (proc->pipes[i]) {
                GC_DELREF(proc->pipes[i]);
                zend_list_close(proc->pipes[i]);
                proc->pipes[i] = nullptr;
            }
        }
        await_exit(proc->child);
        // Cancelled meanwhile (the worker stops): no blocking wait now; the resource, left
        // open, is freed at the end of the request, where PHP does not wait for the child.
        if (EG(exception)) RETURN_THROWS();
    }
    // PHP's proc_close: its waitpid() finds the child exited, reaps it and returns PHP's value.
    run_original(kProcClose, INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

// --- popen / pclose ------------------------------------------------------------------------

// The children started for popen() streams, by their FILE (an fdopen() of our pipe end).
std::unordered_map<FILE*, pid_t> g_popen_children;
// Set while a hooked popen() call in a coroutine runs PHP's popen: its popen(3) is ours.
bool g_spawn_popen = false;
// Set by our popen(3) when it made the FILE of that call.
bool g_spawned = false;

trident::core::ImportRedirect g_popen_import;
trident::core::ImportRedirect g_pclose_import;

// Whether the running coroutine is being cancelled (the worker stops): a child that still
// runs is then not waited for.
bool being_cancelled() {
    co::Coro* c = co::current();
    return c && c->cancelling;
}

// popen(3) for PHP's popen() in a coroutine: /bin/sh -c `command` with the pipe as its
// stdout ("r") or stdin ("w"), as glibc's popen starts it (posix_spawn, the environment,
// the signal mask and dispositions inherited). Our end is close-on-exec, so later children
// never hold it (glibc closes its earlier popen pipes in each new popen child for the same
// reason). Any other mode (PHP only passes these two) goes to libc.
FILE* co_popen(const char* command, const char* mode) {
    bool reading = strcmp(mode, "r") == 0;
    if (!g_spawn_popen || (!reading && strcmp(mode, "w") != 0)) return popen(command, mode);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return nullptr;
    int ours = reading ? fds[0] : fds[1];
    int theirs = reading ? fds[1] : fds[0];
    FILE* f = fdopen(ours, mode);
    if (!f) {
        int saved = errno;
        close(fds[0]);
        close(fds[1]);
        errno = saved;
        return nullptr;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // dup2 clears close-on-exec on the child's copy (also when theirs already is that fd).
    posix_spawn_file_actions_adddup2(&actions, theirs, reading ? STDOUT_FILENO : STDIN_FILENO);
    char sh[] = "sh", dash_c[] = "-c";
    char* argv[] = {sh, dash_c, const_cast<char*>(command), nullptr};
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(theirs);
    if (rc != 0) {
        fclose(f);
        errno = rc;
        return nullptr;
    }
    g_popen_children[f] = pid;
    g_spawned = true;
    return f;
}

// pclose(3) for every pclose the main program makes: for one of our children, glibc's steps
// (close the stream, then wait for the child, retried on EINTR) with the wait on the pidfd
// in a coroutine; the wait status, or -1 (errno ECHILD) when there is none to reap. Any
// other FILE is libc's.
void update_pclose_import();

int co_pclose(FILE* f) {
    auto it = g_popen_children.find(f);
    if (it == g_popen_children.end()) return pclose(f);
    pid_t pid = it->second;
    g_popen_children.erase(it);
    if (g_popen_children.empty()) update_pclose_import();
    fclose(f);
    await_exit(pid);
    int options = being_cancelled() ? WNOHANG : 0;
    int status;
    pid_t r;
    while ((r = waitpid(pid, &status, options)) < 0 && errno == EINTR) {
    }
    if (r != pid) {
        if (r == 0) errno = ECHILD;
        return -1;
    }
    return status;
}

// The pclose import stays redirected while one of our children may still be closed (the
// family was turned off with a popen() stream open): libc's pclose would not reap it.
void update_pclose_import() {
    if (g_active || !g_popen_children.empty()) {
        g_pclose_import.install("", "pclose", reinterpret_cast<void*>(co_pclose));
    } else {
        g_pclose_import.restore();
    }
}

void hooked_popen(INTERNAL_FUNCTION_PARAMETERS) {
    if (!trident_coroutine_can_suspend() || g_popen_import.size() == 0 || g_pclose_import.size() == 0) {
        return run_original(kPopen, INTERNAL_FUNCTION_PARAM_PASSTHRU);
    }
    g_spawn_popen = true;
    g_spawned = false;
    run_original(kPopen, INTERNAL_FUNCTION_PARAM_PASSTHRU);
    g_spawn_popen = false;
    if (!g_spawned || Z_TYPE_P(return_value) != IS_RESOURCE) return;
    auto* stream = static_cast<php_stream*>(
        zend_fetch_resource2(Z_RES_P(return_value), nullptr, php_file_le_stream(), php_file_le_pstream()));
    if (stream && stream->ops == &php_stream_stdio_ops) stream->ops = &g_pipe_ops;
}

// --- pcntl_fork -----------------------------------------------------------------------------

void hooked_pcntl_fork(INTERNAL_FUNCTION_PARAMETERS) {
    if (ZEND_NUM_ARGS() == 0 && trident_coroutine_in_coroutine()) {
        zend_throw_exception(trident_ce_coroutine_exception,
                             "pcntl_fork() is not supported inside a coroutine: the child process would inherit "
                             "a copy of the coroutine scheduler and its event loop (the other coroutines, their "
                             "timers and sockets), which it cannot run; fork outside Trident\\Coroutine\\run() and "
                             "the server's callbacks, or start a program with proc_open()",
                             0);
        RETURN_THROWS();
    }
    run_original(kPcntlFork, INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

}  // namespace

namespace trident::php::hooks {

void proc_family(bool on) {
    replace_functions(g_proc_functions, on);
    g_active = on;
    if (on) {
        g_popen_import.install("", "popen", reinterpret_cast<void*>(co_popen));
    } else {
        g_popen_import.restore();
    }
    update_pclose_import();
}

void proc_shutdown() {
    // Module shutdown: every stream is gone, and the redirect must not outlive our code.
    g_popen_children.clear();
    g_pclose_import.restore();
}

}  // namespace trident::php::hooks
