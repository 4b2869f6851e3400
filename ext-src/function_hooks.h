// Replacing internal PHP functions for the coroutine hooks (HOOKS.md section 5): a family
// keeps a table of Replacement rows, one per function, and installs or restores them all
// at once. A function is looked up by name in CG(function_table) each time, never through a
// pointer kept from MINIT: disable_functions removes functions from that table after the
// modules started, and a module loaded after Trident is shut down (its functions gone)
// before Trident's MSHUTDOWN. A function absent from the table is skipped.
#ifndef TRIDENT_FUNCTION_HOOKS_H
#define TRIDENT_FUNCTION_HOOKS_H

#include <cstddef>

#include "php_trident.h"

namespace trident::php::hooks {

struct Replacement {
    const char* name;                // lower case, as in the function table
    zif_handler ours;                // runs in place of the original while installed
    zif_handler original = nullptr;  // saved when ours is installed; ours calls it to block
};

// Installs (on) or restores (!on) every row of the table. Installing saves the handler in
// place as `original`, unless ours already is; restoring puts `original` back only where
// ours is still installed (whoever replaced the handler after us keeps theirs).
void replace_functions(Replacement* table, size_t count, bool on);

template <size_t N>
void replace_functions(Replacement (&table)[N], bool on) {
    replace_functions(table, N, on);
}

}  // namespace trident::php::hooks

#endif
