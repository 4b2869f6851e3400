// ImportRedirect: find an object's relocations against one symbol through its dynamic section
// and rewrite the GOT slots they filled. See the header for why.
#include "trident/core/import_redirect.h"

#include <elf.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>

namespace trident::core {

namespace {

#if defined(__x86_64__)
constexpr uint32_t kJumpSlot = R_X86_64_JUMP_SLOT;
constexpr uint32_t kGlobDat = R_X86_64_GLOB_DAT;
constexpr bool kSupported = true;
#elif defined(__aarch64__)
constexpr uint32_t kJumpSlot = R_AARCH64_JUMP_SLOT;
constexpr uint32_t kGlobDat = R_AARCH64_GLOB_DAT;
constexpr bool kSupported = true;
#else
constexpr uint32_t kJumpSlot = 0;
constexpr uint32_t kGlobDat = 0;
constexpr bool kSupported = false;
#endif

// The last component of a loaded object's path; "" for the main program (glibc names it "").
const char* base_name(const char* path) {
    if (!path) return "";
    const char* slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

bool is_main_program(const dl_phdr_info* info) { return !info->dlpi_name || info->dlpi_name[0] == '\0'; }

bool matches(const dl_phdr_info* info, const std::string& object) {
    if (object.empty()) return is_main_program(info);
    if (is_main_program(info)) return false;
    return object == base_name(info->dlpi_name);
}

// glibc rewrites most d_ptr values of a writable dynamic section to run-time addresses;
// where it does not (a read-only dynamic section) they are still offsets from the base.
uintptr_t runtime_address(const dl_phdr_info* info, uintptr_t ptr) {
    return ptr < info->dlpi_addr ? ptr + info->dlpi_addr : ptr;
}

struct Found {
    void** address;
    bool relro;
};

struct Search {
    const std::string* object;
    const char* symbol;
    std::vector<Found> found;
    bool any_object = false;
};

struct DynamicTables {
    const ElfW(Sym)* symtab = nullptr;
    const char* strtab = nullptr;
    size_t strsz = 0;
    const ElfW(Rela)* jmprel = nullptr;
    size_t jmprel_size = 0;
    const ElfW(Rela)* rela = nullptr;
    size_t rela_size = 0;
    bool plt_is_rela = true;
};

bool read_dynamic(const dl_phdr_info* info, const ElfW(Dyn)* dyn, DynamicTables* t) {
    for (; dyn->d_tag != DT_NULL; ++dyn) {
        switch (dyn->d_tag) {
            case DT_SYMTAB:
                t->symtab = reinterpret_cast<const ElfW(Sym)*>(runtime_address(info, dyn->d_un.d_ptr));
                break;
            case DT_STRTAB:
                t->strtab = reinterpret_cast<const char*>(runtime_address(info, dyn->d_un.d_ptr));
                break;
            case DT_STRSZ:
                t->strsz = dyn->d_un.d_val;
                break;
            case DT_JMPREL:
                t->jmprel = reinterpret_cast<const ElfW(Rela)*>(runtime_address(info, dyn->d_un.d_ptr));
                break;
            case DT_PLTRELSZ:
                t->jmprel_size = dyn->d_un.d_val;
                break;
            case DT_PLTREL:
                t->plt_is_rela = dyn->d_un.d_val == DT_RELA;
                break;
            case DT_RELA:
                t->rela = reinterpret_cast<const ElfW(Rela)*>(runtime_address(info, dyn->d_un.d_ptr));
                break;
            case DT_RELASZ:
                t->rela_size = dyn->d_un.d_val;
                break;
            default:
                break;
        }
    }
    return t->symtab && t->strtab && t->plt_is_rela;
}

bool in_relro(const dl_phdr_info* info, uintptr_t addr) {
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_GNU_RELRO) continue;
        uintptr_t start = info->dlpi_addr + ph.p_vaddr;
        if (addr >= start && addr < start + ph.p_memsz) return true;
    }
    return false;
}

void scan(const dl_phdr_info* info, const DynamicTables& t, const ElfW(Rela)* rel, size_t bytes, Search* s) {
    if (!rel) return;
    size_t count = bytes / sizeof(ElfW(Rela));
    for (size_t i = 0; i < count; ++i) {
        uint32_t type = uint32_t(ELF64_R_TYPE(rel[i].r_info));
        if (type != kJumpSlot && type != kGlobDat) continue;
        size_t sym = size_t(ELF64_R_SYM(rel[i].r_info));
        if (sym == 0) continue;
        ElfW(Word) name = t.symtab[sym].st_name;
        if (t.strsz && name >= t.strsz) continue;
        if (strcmp(t.strtab + name, s->symbol) != 0) continue;
        uintptr_t addr = info->dlpi_addr + rel[i].r_offset;
        s->found.push_back({reinterpret_cast<void**>(addr), in_relro(info, addr)});
    }
}

int visit(dl_phdr_info* info, size_t, void* data) {
    auto* s = static_cast<Search*>(data);
    if (!matches(info, *s->object)) return 0;
    s->any_object = true;
    if (!s->symbol) return 0;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_DYNAMIC) continue;
        DynamicTables t;
        if (!read_dynamic(info, reinterpret_cast<const ElfW(Dyn)*>(info->dlpi_addr + ph.p_vaddr), &t)) break;
        scan(info, t, t.jmprel, t.jmprel_size, s);
        scan(info, t, t.rela, t.rela_size, s);  // GLOB_DAT: calls through the GOT without a PLT
        break;
    }
    return 0;
}

// Stores `value` in a slot; a RELRO slot's page is writable only for the store.
bool store(void** address, void* value, bool relro) {
    if (!relro) {
        __atomic_store_n(address, value, __ATOMIC_SEQ_CST);
        return true;
    }
    const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
    void* start = reinterpret_cast<void*>(uintptr_t(address) & ~(page - 1));
    // A slot never straddles pages (8-byte aligned), but round to two pages to be safe.
    size_t len = (uintptr_t(address) + sizeof(void*) - uintptr_t(start) + page - 1) & ~(page - 1);
    if (mprotect(start, len, PROT_READ | PROT_WRITE) != 0) return false;
    __atomic_store_n(address, value, __ATOMIC_SEQ_CST);
    mprotect(start, len, PROT_READ);
    return true;
}

}  // namespace

size_t ImportRedirect::install(const std::string& object, const char* symbol, void* replacement) {
    if (!kSupported || !symbol || !replacement) return 0;
    if (!slots_.empty() && (object != object_ || symbol_ != symbol)) restore();
    object_ = object;
    symbol_ = symbol;
    Search s{&object, symbol, {}};
    dl_iterate_phdr(visit, &s);
    for (const Found& f : s.found) {
        bool known = false;
        for (const Slot& slot : slots_) known = known || slot.address == f.address;
        if (known) continue;
        void* original = __atomic_load_n(f.address, __ATOMIC_SEQ_CST);
        if (original == replacement) continue;
        if (store(f.address, replacement, f.relro)) slots_.push_back({f.address, original, f.relro});
    }
    return slots_.size();
}

void ImportRedirect::restore() {
    if (slots_.empty()) return;
    Search s{&object_, symbol_.c_str(), {}};
    dl_iterate_phdr(visit, &s);
    for (const Slot& slot : slots_) {
        for (const Found& f : s.found) {
            if (f.address == slot.address) {
                store(slot.address, slot.original, slot.relro);
                break;
            }
        }
    }
    slots_.clear();
}

bool ImportRedirect::loaded(const std::string& object) {
    Search s{&object, nullptr, {}};
    dl_iterate_phdr(visit, &s);
    return s.any_object;
}

}  // namespace trident::core
