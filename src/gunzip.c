#include "gunzip.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "errors.h"

int gunzip_is_gzip(const char *s, size_t n)
{
    return n >= 3 && (unsigned char)s[0] == 0x1f && (unsigned char)s[1] == 0x8b && s[2] == 8;
}

decruft_status gunzip(const char *s, size_t n, size_t max, char **out, size_t *out_len, decruft_error *err)
{
    *out = NULL;
    *out_len = 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK) /* +16: gzip framing */
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    size_t cap = n < max / 4 ? n * 4 + 64 : max + 1, len = 0;
    char *dst = malloc(cap + 1);
    decruft_status st = DECRUFT_OK;
    if (!dst)
        st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
    size_t in_off = 0;
    while (st == DECRUFT_OK) {
        if (len == cap) {
            if (cap > max) {
                st = error_setf(err, DECRUFT_ERR_TOO_LARGE, 0,
                                "gzip input inflates to more than the limit of %zu bytes", max);
                break;
            }
            size_t grown = cap < max / 2 ? cap * 2 : max + 1;
            char *p = realloc(dst, grown + 1);
            if (!p) {
                st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
                break;
            }
            dst = p;
            cap = grown;
        }
        /* zlib counts in uInt: feed and drain in slices it can hold. */
        size_t in_left = n - in_off, out_left = cap - len;
        z.next_in = (Bytef *)(s + in_off);
        z.avail_in = in_left > 1u << 30 ? 1u << 30 : (uInt)in_left;
        z.next_out = (Bytef *)(dst + len);
        z.avail_out = out_left > 1u << 30 ? 1u << 30 : (uInt)out_left;
        uInt in_before = z.avail_in, out_before = z.avail_out;
        int rc = inflate(&z, Z_NO_FLUSH);
        in_off += in_before - z.avail_in;
        len += out_before - z.avail_out;
        if (rc == Z_STREAM_END) {
            /* Another member may follow (concatenated gzip files). */
            if (in_off < n && gunzip_is_gzip(s + in_off, n - in_off)) {
                inflateReset(&z);
                continue;
            }
            if (len > max)
                st = error_setf(err, DECRUFT_ERR_TOO_LARGE, 0,
                                "gzip input inflates to more than the limit of %zu bytes", max);
            break;
        }
        if (rc == Z_OK || (rc == Z_BUF_ERROR && len == cap))
            continue;
        st = error_setf(err, DECRUFT_ERR_BINARY, 0, "gzip input is %s at byte %zu",
                        rc == Z_BUF_ERROR ? "truncated" : "corrupt", in_off);
        if (err)
            err->offset = in_off;
    }
    inflateEnd(&z);
    if (st != DECRUFT_OK) {
        free(dst);
        return st;
    }
    dst[len] = '\0';
    *out = dst;
    *out_len = len;
    return DECRUFT_OK;
}
