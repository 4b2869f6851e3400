// A shared object for test_import_redirect.cc: it calls poll(2) through its own GOT slot
// (built twice: with a PLT, and with -fno-plt, where the slot is a GLOB_DAT relocation).
#include <poll.h>

extern "C" int IMPORT_PROBE_FN(int timeout_ms) { return poll(nullptr, 0, timeout_ms); }
