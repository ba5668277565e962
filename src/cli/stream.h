/* A buffered reader over a file or standard input, gzip (concatenated
 * members) or plain, with the line and block reads that JSON Lines and
 * WARC need.  A corrupt gzip member stops the stream where it broke, as
 * the end would; stream_resume then goes on at the next member, so one bad
 * member costs the records in it and no others. */
#ifndef DECRUFT_STREAM_H
#define DECRUFT_STREAM_H

#include <stddef.h>

typedef struct stream stream;

/* Opens path ("-": standard input) and looks at its first bytes (gzip or
 * plain).  NULL with errno set on failure. */
stream *stream_open(const char *path);
void stream_close(stream *s);

/* Why stream_line skipped a line. */
enum { STREAM_TOO_LONG = 1, STREAM_NOMEM = 2 };

/* The next line without its "\n" (and "\r"), NUL terminated, valid until
 * the next call; *len its length.  A line over max bytes, or one there is
 * no memory for, is skipped whole: an empty line with *skipped saying why
 * (else 0).  Returns NULL at the end, or where the stream stopped
 * (stream_error); a line the stop cut short is dropped. */
const char *stream_line(stream *s, size_t max, size_t *len, int *skipped);

/* Reads up to n bytes into a new malloc'd buffer (NUL terminated); *got
 * says how many were there (fewer where the stream ends or stops).
 * Returns NULL when out of memory; the bytes are consumed all the same. */
char *stream_read(stream *s, size_t n, size_t *got);

/* Skips n bytes; returns how many were there. */
size_t stream_skip(stream *s, size_t n);

/* Looks at the next n bytes without consuming them: 1 if they equal p. */
int stream_peek_is(stream *s, const char *p, size_t n);

/* Whether no byte is left (or the stream stopped). */
int stream_at_end(stream *s);

/* Puts n bytes back in front of what is unread (a record whose length
 * lied swallowed its successors).  0, or -1 when out of memory. */
int stream_unread(stream *s, const char *p, size_t n);

/* Offset of the next unread byte in what the stream gives. */
unsigned long long stream_tell(stream *s);

/* Where the reader has read all the buffer holds, inflates on, so that a
 * member whose last bytes those were is checked: a corrupt member is
 * often found only at its end, by its CRC, after all its bytes were given
 * out. */
void stream_settle(stream *s);

/* Whether a byte before offset upto came from a gzip member found
 * corrupt (the stream then stopped there). */
int stream_damaged(stream *s, unsigned long long upto);

/* Why the stream stopped short of its end (a corrupt or truncated gzip
 * member, a read error), or NULL. */
const char *stream_error(stream *s);

/* After the stream stopped: copies stream_error into why ("" when there
 * was none) with where reading resumed, skipping to the next gzip member
 * when a corrupt one stopped it.  Returns 1 when there is more to read.
 * The error is cleared: the caller reports why. */
int stream_resume(stream *s, char *why, size_t size);

#endif
