#include "trident/core/log.h"

#include <fcntl.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace trident::log {

namespace {
LogLevel g_level = LogLevel::Warning;
int g_fd = 2;
// Per thread, because reactor threads name themselves.
thread_local char t_role[24] = "master";

const char* level_name(LogLevel l) {
    switch (l) {
        case LogLevel::Debug: return "DEBUG";
        case LogLevel::Info: return "INFO";
        case LogLevel::Notice: return "NOTICE";
        case LogLevel::Warning: return "WARNING";
        case LogLevel::Error: return "ERROR";
        default: return "NONE";
    }
}
}  // namespace

void set_level(LogLevel level) { g_level = level; }
LogLevel level() { return g_level; }

bool set_file(const char* path) {
    if (path == nullptr || *path == '\0') {
        if (g_fd > 2) close(g_fd);
        g_fd = 2;
        return true;
    }
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    if (g_fd > 2) close(g_fd);
    g_fd = fd;
    return true;
}

void set_role(const char* role) {
    snprintf(t_role, sizeof t_role, "%s", role);
}

void vwrite(LogLevel level, const char* fmt, va_list ap) {
    char buf[2048];
    struct timeval tv;
    gettimeofday(&tv, nullptr);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    int n = snprintf(buf, sizeof buf, "[%04d-%02d-%02d %02d:%02d:%02d.%03d] %s %s pid=%d: ", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(tv.tv_usec / 1000),
                     level_name(level), t_role, int(getpid()));
    if (n < 0) return;
    size_t used = size_t(n);
    int m = vsnprintf(buf + used, sizeof buf - used - 1, fmt, ap);
    if (m < 0) return;
    used += size_t(m);
    if (used > sizeof buf - 2) used = sizeof buf - 2;
    buf[used++] = '\n';
    int saved = errno;
    ssize_t w = ::write(g_fd, buf, used);
    (void)w;
    errno = saved;
}

void write(LogLevel level, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vwrite(level, fmt, ap);
    va_end(ap);
}

}  // namespace trident::log
