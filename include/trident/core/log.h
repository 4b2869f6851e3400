// Process-wide logger shared by reactor threads, the manager and workers.
//
// Each record is formatted into a stack buffer and written with a single write(2) on an
// O_APPEND descriptor, so lines from threads and processes never interleave. The level
// check happens before any formatting: a disabled debug line costs one branch.
#pragma once

#include <cstdarg>

namespace trident {

enum class LogLevel : int { Debug = 0, Info = 1, Notice = 2, Warning = 3, Error = 4, None = 5 };

namespace log {
// Not thread-safe to change while threads run: call before start.
void set_level(LogLevel level);
LogLevel level();
// Opens path for appending (nullptr or "" = stderr). Returns false with errno set on failure.
bool set_file(const char* path);
// Role shown in every line: "master", "reactor#1", "manager", "worker#0".
void set_role(const char* role);
void write(LogLevel level, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void vwrite(LogLevel level, const char* fmt, va_list ap);
}  // namespace log

}  // namespace trident

#define TRIDENT_LOG(lvl, ...)                                                          \
    do {                                                                               \
        if (int(::trident::LogLevel::lvl) >= int(::trident::log::level()))             \
            ::trident::log::write(::trident::LogLevel::lvl, __VA_ARGS__);              \
    } while (0)
