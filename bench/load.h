/* What the benchmark programs share: reading a page into memory. */
#ifndef DECRUFT_BENCH_LOAD_H
#define DECRUFT_BENCH_LOAD_H

#include <stdlib.h>
#include <zlib.h>

/* The file's bytes, inflated when gzipped (gzread passes plain files
 * through). */
static char *load(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    int got;
    while (p && (got = gzread(f, p + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)got;
        if (n == cap) {
            char *q = realloc(p, cap *= 2);
            if (!q) {
                free(p);
                p = NULL;
            }
            p = q;
        }
    }
    gzclose(f);
    *len = n;
    return p;
}

#endif
