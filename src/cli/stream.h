/* A buffered reader over a file or standard input, gzip or plain (zlib's
 * gzread reads concatenated members and passes plain bytes through), with
 * the line and block reads that JSON Lines and WARC need. */
#ifndef DECRUFT_STREAM_H
#define DECRUFT_STREAM_H

#include <stddef.h>

typedef struct stream stream;

/* Opens path ("-": standard input).  NULL with errno set on failure. */
stream *stream_open(const char *path);
void stream_close(stream *s);

/* The next line without its "\n" (and "\r"), NUL terminated, valid until
 * the next call; *len its length.  A line over max bytes is skipped whole
 * and reported by *too_long.  Returns NULL at the end or on a read error
 * (stream_error). */
const char *stream_line(stream *s, size_t max, size_t *len, int *too_long);

/* Reads exactly n bytes into a new malloc'd buffer (NUL terminated).
 * Returns NULL at a short read (*got says how many were there) or when
 * out of memory. */
char *stream_read(stream *s, size_t n, size_t *got);

/* Skips n bytes; returns how many were there. */
size_t stream_skip(stream *s, size_t n);

/* Looks at the next n bytes without consuming them: 1 if they equal p. */
int stream_peek_is(stream *s, const char *p, size_t n);

/* Whether no byte is left. */
int stream_at_end(stream *s);

/* The zlib or system error that ended the stream, or NULL. */
const char *stream_error(stream *s);

/* Compressed bytes consumed so far, for progress. */
unsigned long long stream_offset(stream *s);

#endif
