#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* Reads all of f, refusing more than max bytes.  Returns 0, or an errno
 * value (EFBIG when over max). */
static int read_all(FILE *f, size_t max, char **out, size_t *out_len)
{
    size_t cap = 1 << 16, len = 0;
    char *p = malloc(cap);
    if (!p)
        return ENOMEM;
    for (;;) {
        if (len == cap) {
            if (cap > max) {
                free(p);
                return EFBIG;
            }
            char *q = cap > SIZE_MAX / 2 ? NULL : realloc(p, cap * 2);
            if (!q) {
                free(p);
                return ENOMEM;
            }
            p = q;
            cap *= 2;
        }
        size_t n = fread(p + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(p);
                return e;
            }
            break;
        }
    }
    if (len > max) {
        free(p);
        return EFBIG;
    }
    *out = p;
    *out_len = len;
    return 0;
}

char *read_file(const char *path, size_t max, const char *too_large, size_t *len, const char **why)
{
    int from_stdin = !strcmp(path, "-");
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return NULL;
    }
    struct stat st;
    if (!from_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        *why = "is a directory (use -r to clean the files in it)";
        return NULL;
    }
    char *data = NULL;
    int e = read_all(f, max, &data, len);
    if (!from_stdin)
        fclose(f);
    if (e) {
        *why = e == EFBIG ? too_large : strerror(e);
        return NULL;
    }
    return data;
}
