/* The ASan layer's self-test (scripts/test-asan): built with the same sanitizers as
 * trident.so and called through FFI from PHP under tests/tools/asan/php, it makes one report
 * of each kind the layer must catch. If the reports do not arrive in the log directory, the
 * layer would pass with bugs in it, so it fails instead. */
#include <stdlib.h>
#include <string.h>

/* 1: a heap-buffer-overflow read (ASan); 2: a signed overflow (UBSan, then goes on). */
int trident_asan_selftest(int kind, int n) {
    if (kind == 1) {
        char *p = malloc(n);
        memset(p, 'x', n);
        int c = p[n];
        free(p);
        return c;
    }
    int big = 0x7fffffff - 1 + n;  /* n >= 2 overflows */
    return big + n;
}
