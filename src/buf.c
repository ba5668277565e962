#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

char buf_empty[1];

int buf_reserve(buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (extra < b->cap - b->len)
        return 0;
    if (extra > SIZE_MAX / 2 - b->len - 1) {
        b->oom = 1;
        return -1;
    }
    size_t want = b->len + extra + 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap *= 2;
    char *p = realloc(b->cap ? b->data : NULL, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void buf_put(buf *b, const void *p, size_t n)
{
    if (n == 0 || buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(buf *b, char c) { buf_put(b, &c, 1); }

void buf_put_utf8(buf *b, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    while (i < n) {
        uint32_t cp = 0;
        size_t step = (unsigned char)s[i] < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
        if (cp == UTF8_INVALID) {
            buf_put(b, s + i - run, run);
            run = 0;
            buf_puts(b, "\xEF\xBF\xBD");
        } else {
            run += step;
        }
        i += step;
    }
    buf_put(b, s + n - run, run);
}

void buf_put_json(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];
        size_t step = 1;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20 || c == 0x7f) {
            memcpy(u, "\\u00", 4);
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
            u[6] = '\0';
            esc = u;
        } else if (c >= 0x80) {
            uint32_t cp;
            step = utf8_decode(s + i, n - i, &cp);
            if (cp == UTF8_INVALID)
                esc = "\xEF\xBF\xBD";
        }
        if (esc) {
            buf_put(b, s + i - run, run);
            run = 0;
            buf_puts(b, esc);
        } else {
            run += step;
        }
        i += step;
    }
    buf_put(b, s + n - run, run);
}

char *buf_detach(buf *b, size_t *len)
{
    char *p = NULL;
    if (!b->oom) {
        if (b->cap == 0) {
            p = calloc(1, 1);
        } else {
            p = b->data;
            b->data = buf_empty;
        }
        if (len)
            *len = b->len;
    } else {
        buf_free(b);
    }
    b->data = buf_empty;
    b->len = b->cap = 0;
    b->oom = 0;
    return p;
}

void buf_free(buf *b)
{
    if (b->cap)
        free(b->data);
    b->data = buf_empty;
    b->len = b->cap = 0;
}
