// Redirecting the calls a loaded shared object makes to one imported function.
//
// The coroutine hooks need libraries that block in poll(2) — libpq (PostgreSQL), libcurl,
// PHP's own OpenSSL stream code — to wait on the scheduler's loop instead, without a fork of
// their code. Each such object calls poll through its own GOT slot (the dynamic linker wrote
// the address of libc's poll there); an ImportRedirect rewrites those slots of one object so
// that its calls reach a replacement, and writes the saved addresses back on restore(). Only
// the chosen objects change: every other caller of poll, this one included, still reaches
// libc.
//
// Linux/glibc ELF on x86-64 and AArch64 (JUMP_SLOT and GLOB_DAT relocations, the latter for
// objects built with -fno-plt). Elsewhere install() finds nothing and returns 0. Slots in the
// RELRO segment (BIND_NOW builds) are made writable for the write and read-only again after.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace trident::core {

class ImportRedirect {
public:
    ImportRedirect() = default;
    ~ImportRedirect() { restore(); }
    ImportRedirect(const ImportRedirect&) = delete;
    ImportRedirect& operator=(const ImportRedirect&) = delete;

    // Points every GOT slot through which the loaded object `object` calls `symbol` at
    // `replacement`. `object` is "" for the main program, otherwise the file name of a
    // shared object ("libpq.so.5"), matched against the last component of its path; every
    // loaded object of that name is patched. Returns the number of slots now redirected
    // (0: the object is not loaded or does not import the symbol). Calling it again adds
    // the slots not yet redirected (an object loaded meanwhile). One object and symbol per
    // instance: a call naming others first restores the slots of the previous ones.
    size_t install(const std::string& object, const char* symbol, void* replacement);
    // Writes back what each redirected slot held before, where its object is still loaded
    // (an object unloaded meanwhile took its slots with it).
    void restore();
    size_t size() const { return slots_.size(); }

    // Whether a loaded object of that name (as for install) exists.
    static bool loaded(const std::string& object);

private:
    struct Slot {
        void** address;
        void* original;
        bool relro;  // read-only after relocation: made writable around each write
    };
    std::vector<Slot> slots_;
    std::string object_;
    std::string symbol_;
};

}  // namespace trident::core
