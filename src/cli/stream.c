/* The inflating is ours rather than zlib's gzread: gzread drops what it
 * had inflated of a read when a corrupt member follows in the same read
 * (the records before the damage were lost), and cannot go past the
 * damage.  Here output reaches the buffer as it is inflated, and a corrupt
 * member stops the stream at the byte where it broke. */
#include "stream.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (1 << 16)
/* zlib counts in uInt: one inflate call fills at most this much. */
#define MAX_INFLATE ((size_t)1 << 30)

struct stream {
    int fd;
    int gzip;           /* inflating members, else passing bytes through */
    z_stream z;
    int in_member;      /* inside a gzip member, else before the next one */
    unsigned long long out_total; /* bytes ever put in buf (by fill) */
    unsigned long long member_out; /* out_total where the member began */
    unsigned long long damaged;   /* where the corrupt member's output began */
    unsigned char *in;  /* raw input: [in_pos, in_len) unread */
    size_t in_pos, in_len;
    unsigned long long in_base; /* offset in the file of in[0] */
    int in_eof;
    char *buf;          /* what the reader gets: [pos, end) unread */
    size_t pos, end, cap;
    char *line;         /* the last line returned */
    size_t line_cap;
    int stopped;        /* fill gives nothing more: the end, or error */
    int resumable;      /* the error is a corrupt member; more may follow */
    const char *error;
    char error_buf[200];
};

static void stop(stream *s, int resumable, const char *fmt, ...)
{
    s->stopped = 1;
    if (s->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error_buf, sizeof s->error_buf, fmt, ap);
    va_end(ap);
    s->error = s->error_buf;
    s->resumable = resumable;
}

static unsigned long long raw_offset(const stream *s) { return s->in_base + s->in_pos; }

/* Reads more raw input after what is unread.  Returns 0 at the end of the
 * file or on a read error (which stops the stream). */
static int more_input(stream *s)
{
    if (s->in_eof)
        return 0;
    if (s->in_pos > 0) {
        memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
        s->in_base += s->in_pos;
        s->in_len -= s->in_pos;
        s->in_pos = 0;
    }
    ssize_t n;
    do
        n = read(s->fd, s->in + s->in_len, CHUNK - s->in_len);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        s->in_eof = 1;
        if (n < 0)
            stop(s, 0, "%s", strerror(errno));
        return 0;
    }
    s->in_len += (size_t)n;
    return 1;
}

/* Moves the raw input to the next gzip member's first bytes (1f 8b 08).
 * Returns 1 when there is one, 0 at the end.  *junk says whether a byte
 * other than zero was passed over (zeros pad some files to a block). */
static int seek_member(stream *s, int *junk)
{
    *junk = 0;
    for (;;) {
        while (s->in_len - s->in_pos >= 3) {
            const unsigned char *p = s->in + s->in_pos;
            if (p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
                return 1;
            *junk |= p[0] != 0;
            s->in_pos++;
        }
        if (!more_input(s)) {
            while (s->in_pos < s->in_len)
                *junk |= s->in[s->in_pos++] != 0;
            return 0;
        }
    }
}

/* Inflates into out, up to room bytes; returns how many it made, 0 when
 * the stream stopped. */
static size_t inflate_some(stream *s, char *out, size_t room)
{
    size_t made = 0;
    while (!made && !s->stopped) {
        if (!s->in_member) {
            unsigned long long at = raw_offset(s);
            int junk, found = seek_member(s, &junk);
            if (junk)
                stop(s, found, "bytes at %llu are not gzip data", at);
            if (!found || junk) {
                s->stopped = 1;
                break;
            }
            if (inflateReset(&s->z) != Z_OK) {
                stop(s, 0, "out of memory");
                break;
            }
            s->in_member = 1;
            s->member_out = s->out_total;
        }
        if (s->in_pos == s->in_len && !more_input(s)) {
            stop(s, 0, "gzip data is truncated at byte %llu", raw_offset(s));
            break;
        }
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)(s->in_len - s->in_pos);
        s->z.next_out = (Bytef *)out;
        s->z.avail_out = (uInt)(room < MAX_INFLATE ? room : MAX_INFLATE);
        uInt before = s->z.avail_out;
        int rc = inflate(&s->z, Z_NO_FLUSH);
        s->in_pos = s->in_len - s->z.avail_in;
        made = before - s->z.avail_out;
        if (rc == Z_STREAM_END)
            s->in_member = 0;
        else if (rc == Z_MEM_ERROR)
            stop(s, 0, "out of memory");
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
        {
            stop(s, 1, "gzip data is corrupt at byte %llu (%s)", raw_offset(s), s->z.msg ? s->z.msg : "bad data");
            s->damaged = s->member_out;
        }
    }
    return made;
}

/* Appends to the buffer what the input gives.  Returns bytes added. */
static size_t fill(stream *s)
{
    if (s->stopped)
        return 0;
    if (s->pos > 0) {
        memmove(s->buf, s->buf + s->pos, s->end - s->pos);
        s->end -= s->pos;
        s->pos = 0;
    }
    size_t room = s->cap - s->end, n = 0;
    if (!room)
        return 0;
    if (s->gzip) {
        n = inflate_some(s, s->buf + s->end, room);
    } else if (s->in_pos < s->in_len || more_input(s)) {
        n = s->in_len - s->in_pos < room ? s->in_len - s->in_pos : room;
        memcpy(s->buf + s->end, s->in + s->in_pos, n);
        s->in_pos += n;
    } else {
        s->stopped = 1;
    }
    s->end += n;
    s->out_total += n;
    return n;
}

stream *stream_open(const char *path)
{
    int from_stdin = !strcmp(path, "-");
    int fd = from_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return NULL;
    }
    stream *s = calloc(1, sizeof *s);
    if (!s || !(s->buf = malloc(CHUNK)) || !(s->in = malloc(CHUNK))) {
        if (s)
            free(s->buf);
        free(s);
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    s->fd = fd;
    s->cap = CHUNK;
    s->damaged = ULLONG_MAX;
    while (s->in_len < 2 && more_input(s))
        ;
    if (s->error) {
        int e = errno;
        stream_close(s);
        errno = e;
        return NULL;
    }
    s->gzip = s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b;
    if (s->gzip && inflateInit2(&s->z, 15 + 16) != Z_OK) { /* +16: gzip framing */
        s->gzip = 0;
        stream_close(s);
        errno = ENOMEM;
        return NULL;
    }
    return s;
}

void stream_close(stream *s)
{
    if (!s)
        return;
    if (s->gzip)
        inflateEnd(&s->z);
    close(s->fd);
    free(s->in);
    free(s->buf);
    free(s->line);
    free(s);
}

/* Makes the line buffer hold at least need bytes.  0 when out of memory. */
static int reserve_line(stream *s, size_t need)
{
    if (need <= s->line_cap)
        return 1;
    size_t cap = s->line_cap ? s->line_cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(s->line, cap);
    if (!p)
        return 0;
    s->line = p;
    s->line_cap = cap;
    return 1;
}

const char *stream_line(stream *s, size_t max, size_t *len, int *skipped)
{
    size_t n = 0;
    *skipped = 0;
    for (;;) {
        char *nl = memchr(s->buf + s->pos, '\n', s->end - s->pos);
        size_t take = nl ? (size_t)(nl - (s->buf + s->pos)) : s->end - s->pos;
        if (!*skipped && n + take > max)
            *skipped = STREAM_TOO_LONG;
        if (!*skipped && !reserve_line(s, n + take + 1))
            *skipped = STREAM_NOMEM;
        if (!*skipped) {
            memcpy(s->line + n, s->buf + s->pos, take);
            n += take;
        }
        s->pos += take;
        if (nl) {
            s->pos++;
            break;
        }
        if (!fill(s)) {
            if (s->error || (n == 0 && !*skipped))
                return NULL;
            break;
        }
    }
    if (*skipped == STREAM_NOMEM) {
        /* What the line buffer holds is given back for the lines after. */
        free(s->line);
        s->line = NULL;
        s->line_cap = 0;
    }
    if (*skipped) {
        *len = 0;
        return "";
    }
    if (n && s->line[n - 1] == '\r')
        n--;
    if (!reserve_line(s, n + 1)) {
        *skipped = STREAM_NOMEM;
        *len = 0;
        return "";
    }
    s->line[n] = '\0';
    *len = n;
    return s->line;
}

char *stream_read(stream *s, size_t n, size_t *got)
{
    char *out = n < SIZE_MAX ? malloc(n + 1) : NULL;
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
    if (out)
        out[have] = '\0';
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

int stream_unread(stream *s, const char *p, size_t n)
{
    size_t have = s->end - s->pos;
    if (n > SIZE_MAX - have)
        return -1;
    if (n + have > s->cap) {
        char *grown = malloc(n + have);
        if (!grown)
            return -1;
        memcpy(grown + n, s->buf + s->pos, have);
        free(s->buf);
        s->buf = grown;
        s->cap = n + have;
    } else {
        memmove(s->buf + n, s->buf + s->pos, have);
    }
    memcpy(s->buf, p, n);
    s->pos = 0;
    s->end = n + have;
    return 0;
}

const char *stream_error(stream *s) { return s->error; }

unsigned long long stream_tell(stream *s) { return s->out_total - (s->end - s->pos); }

void stream_settle(stream *s)
{
    /* Bytes left in the buffer after the reader's are the same member's
     * (its end is still to come) or the next one's (its end is past). */
    if (s->gzip && s->in_member && s->pos == s->end)
        fill(s);
}

int stream_damaged(stream *s, unsigned long long upto) { return s->error && s->damaged < upto; }

int stream_resume(stream *s, char *why, size_t size)
{
    why[0] = '\0';
    if (!s->error)
        return 0;
    snprintf(why, size, "%s", s->error);
    int resumable = s->resumable;
    s->error = NULL;
    s->resumable = 0;
    s->damaged = ULLONG_MAX;
    int junk;
    s->in_member = 0;
    if (!resumable || !seek_member(s, &junk))
        return 0;
    size_t used = strlen(why);
    snprintf(why + used, size - used, "; resumed at the next gzip member, byte %llu", raw_offset(s));
    s->stopped = 0;
    return 1;
}
