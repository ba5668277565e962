#include "stream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (1 << 16)

struct stream {
    gzFile gz;
    char *buf;     /* buffered bytes: [pos, end) */
    size_t pos, end, cap;
    char *line;    /* the last line returned */
    size_t line_cap;
    int eof;
    const char *error;
};

stream *stream_open(const char *path)
{
    int fd = strcmp(path, "-") ? -1 : dup(STDIN_FILENO);
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : strcmp(path, "-") ? gzopen(path, "rb") : NULL;
    if (!gz) {
        if (fd >= 0)
            close(fd);
        if (!errno)
            errno = ENOMEM;
        return NULL;
    }
    gzbuffer(gz, CHUNK);
    stream *s = calloc(1, sizeof *s);
    if (!s || !(s->buf = malloc(CHUNK))) {
        free(s);
        gzclose(gz);
        errno = ENOMEM;
        return NULL;
    }
    s->gz = gz;
    s->cap = CHUNK;
    return s;
}

void stream_close(stream *s)
{
    if (!s)
        return;
    gzclose(s->gz);
    free(s->buf);
    free(s->line);
    free(s);
}

/* Refills the buffer, keeping unread bytes.  Returns bytes added. */
static size_t fill(stream *s)
{
    if (s->eof)
        return 0;
    if (s->pos > 0) {
        memmove(s->buf, s->buf + s->pos, s->end - s->pos);
        s->end -= s->pos;
        s->pos = 0;
    }
    if (s->end == s->cap)
        return 0;
    int n = gzread(s->gz, s->buf + s->end, (unsigned)(s->cap - s->end));
    if (n <= 0) {
        s->eof = 1;
        if (n < 0) {
            int code;
            const char *msg = gzerror(s->gz, &code);
            s->error = code == Z_ERRNO ? strerror(errno) : msg;
        } else {
            int code;
            gzerror(s->gz, &code);
            /* gzread returns 0 and sets Z_BUF_ERROR on a truncated member */
            if (code == Z_BUF_ERROR)
                s->error = "truncated gzip data";
        }
        return 0;
    }
    s->end += (size_t)n;
    return (size_t)n;
}

const char *stream_line(stream *s, size_t max, size_t *len, int *too_long)
{
    size_t n = 0;
    *too_long = 0;
    for (;;) {
        char *nl = memchr(s->buf + s->pos, '\n', s->end - s->pos);
        size_t take = nl ? (size_t)(nl - (s->buf + s->pos)) : s->end - s->pos;
        if (!*too_long && n + take > max)
            *too_long = 1;
        if (!*too_long) {
            if (n + take + 1 > s->line_cap) {
                size_t cap = s->line_cap ? s->line_cap : 256;
                while (cap < n + take + 1)
                    cap *= 2;
                char *p = realloc(s->line, cap);
                if (!p) {
                    s->error = "out of memory";
                    return NULL;
                }
                s->line = p;
                s->line_cap = cap;
            }
            memcpy(s->line + n, s->buf + s->pos, take);
            n += take;
        }
        s->pos += take;
        if (nl) {
            s->pos++;
            break;
        }
        if (!fill(s)) {
            if (n == 0 && !*too_long)
                return NULL;
            break;
        }
    }
    if (*too_long)
        n = 0;
    if (n && s->line[n - 1] == '\r')
        n--;
    if (!s->line) {
        s->line = malloc(1);
        if (!s->line)
            return NULL;
        s->line_cap = 1;
    }
    s->line[n] = '\0';
    *len = n;
    return s->line;
}

char *stream_read(stream *s, size_t n, size_t *got)
{
    char *out = malloc(n + 1);
    size_t have = 0;
    while (have < n) {
        if (s->pos == s->end && !fill(s))
            break;
        size_t take = s->end - s->pos < n - have ? s->end - s->pos : n - have;
        if (out)
            memcpy(out + have, s->buf + s->pos, take);
        s->pos += take;
        have += take;
    }
    *got = have;
    if (!out || have < n) {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    return out;
}

size_t stream_skip(stream *s, size_t n)
{
    size_t have = 0;
    while (have < n) {
        if (s->pos == s->end && !fill(s))
            break;
        size_t take = s->end - s->pos < n - have ? s->end - s->pos : n - have;
        s->pos += take;
        have += take;
    }
    return have;
}

int stream_peek_is(stream *s, const char *p, size_t n)
{
    while (s->end - s->pos < n && fill(s))
        ;
    return s->end - s->pos >= n && !memcmp(s->buf + s->pos, p, n);
}

int stream_at_end(stream *s)
{
    while (s->pos == s->end && fill(s))
        ;
    return s->pos == s->end;
}

const char *stream_error(stream *s) { return s->error; }

unsigned long long stream_offset(stream *s) { return (unsigned long long)gzoffset(s->gz); }
