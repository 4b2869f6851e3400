// core::ImportRedirect against two small shared objects that call poll(2): one with a PLT and
// BIND_NOW + RELRO (the slot is read-only after relocation, as in Debian's PHP and libpq),
// one built with -fno-plt (a GLOB_DAT slot).
#include <poll.h>

#include <catch2/catch.hpp>

#include "trident/core/import_redirect.h"

extern "C" int import_probe_plt(int timeout_ms);
extern "C" int import_probe_noplt(int timeout_ms);

using trident::core::ImportRedirect;

namespace {

int g_calls = 0;
int fake_poll(struct pollfd*, nfds_t, int timeout_ms) {
    ++g_calls;
    return 4000 + timeout_ms;
}

}  // namespace

TEST_CASE("ImportRedirect sends one object's calls to the replacement and restores them", "[import_redirect]") {
    g_calls = 0;
    REQUIRE(import_probe_plt(0) == 0);
    ImportRedirect r;
    REQUIRE(r.install("libimport_probe_plt.so", "poll", reinterpret_cast<void*>(fake_poll)) == 1);
    CHECK(import_probe_plt(7) == 4007);
    CHECK(g_calls == 1);
    // Nobody else is redirected: the other object, and this program's own calls.
    CHECK(import_probe_noplt(0) == 0);
    CHECK(poll(nullptr, 0, 0) == 0);
    CHECK(g_calls == 1);
    // A second install finds nothing new.
    CHECK(r.install("libimport_probe_plt.so", "poll", reinterpret_cast<void*>(fake_poll)) == 1);
    r.restore();
    CHECK(r.size() == 0);
    CHECK(import_probe_plt(0) == 0);
    CHECK(g_calls == 1);
}

TEST_CASE("ImportRedirect patches GLOB_DAT slots of -fno-plt objects", "[import_redirect]") {
    g_calls = 0;
    {
        ImportRedirect r;
        REQUIRE(r.install("libimport_probe_noplt.so", "poll", reinterpret_cast<void*>(fake_poll)) >= 1);
        CHECK(import_probe_noplt(3) == 4003);
        CHECK(import_probe_plt(0) == 0);
    }  // the destructor restores
    CHECK(import_probe_noplt(0) == 0);
    CHECK(g_calls == 1);
}

TEST_CASE("ImportRedirect finds nothing where the object or the import is absent", "[import_redirect]") {
    ImportRedirect r;
    CHECK(r.install("libnot-loaded-here.so.9", "poll", reinterpret_cast<void*>(fake_poll)) == 0);
    CHECK(r.install("libimport_probe_plt.so", "no_such_function_imported", reinterpret_cast<void*>(fake_poll)) == 0);
    CHECK(ImportRedirect::loaded("libimport_probe_plt.so"));
    CHECK_FALSE(ImportRedirect::loaded("libnot-loaded-here.so.9"));
    CHECK(ImportRedirect::loaded(""));  // the main program
    CHECK(import_probe_plt(0) == 0);
}
