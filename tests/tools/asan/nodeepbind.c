/* Preloaded into PHP by tests/tools/asan/php (with the ASan runtime) for the ASan phpt layer.
 *
 * 1. Debian's PHP dlopen()s extensions with RTLD_DEEPBIND, which the ASan runtime refuses
 *    ("incompatible with sanitizer runtime"): a deep-bound library would call libc's malloc
 *    and free instead of ASan's. This dlopen() drops the flag and calls the next dlopen in
 *    the lookup order (ASan's interceptor, then libc's). Trident and the PHP extensions the
 *    tests load export no symbol that clashes with another library's, so deep binding buys
 *    nothing for them.
 * 2. It removes LD_PRELOAD from the environment before PHP starts, so the programs this PHP
 *    runs (curl, nghttp, gtlsclient, sh ...) start without the ASan runtime: clients do not run
 *    under ASan (some hang there) and need not. A PHP child that should run under ASan is
 *    started through the wrapper again (tests/support/php_command.inc). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>

void *dlopen(const char *file, int mode) {
    static void *(*next_dlopen)(const char *, int);
    if (!next_dlopen) next_dlopen = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
    return next_dlopen(file, mode & ~RTLD_DEEPBIND);
}

__attribute__((constructor)) static void trident_asan_unexport_preload(void) {
    unsetenv("LD_PRELOAD");
}
