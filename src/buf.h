/* A growable byte buffer.  data is never NULL (it points to a static empty
 * string until the first growth), so it can always be printed; a failed
 * growth sets oom and later appends are ignored, so callers check once at
 * the end instead of after every append. */
#ifndef DECRUFT_BUF_H
#define DECRUFT_BUF_H

#include <stddef.h>

typedef struct buf {
    char *data;
    size_t len;
    size_t cap;
    int oom;
} buf;

#define BUF_INIT {buf_empty, 0, 0, 0}
extern char buf_empty[1];

int buf_reserve(buf *b, size_t extra);
void buf_put(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
/* Appends s with each byte that is no part of valid UTF-8 as U+FFFD. */
void buf_put_utf8(buf *b, const char *s, size_t n);
/* Appends s as the body of a JSON string: escapes, and invalid UTF-8 as U+FFFD. */
void buf_put_json(buf *b, const char *s, size_t n);
/* Gives the caller the malloc'd NUL-terminated bytes (or NULL on oom) and
 * resets b. */
char *buf_detach(buf *b, size_t *len);
void buf_free(buf *b);

#endif
