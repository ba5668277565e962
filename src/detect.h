/* Guessing the encoding of bytes that do not say theirs: uchardet, the
 * detector Mozilla's browsers used (see the README for why this one). */
#ifndef DECRUFT_DETECT_H
#define DECRUFT_DETECT_H

#include <stddef.h>

/* Bytes the detector reads: its answer is settled well before (on our
 * samples it is as right at 1,000 characters as at 10,000), and it reads
 * 7.5 MB/s, so a 64 KiB prefix costs under 10 ms. */
#define DETECT_PREFIX 65536

/* Writes the detector's answer for the first bytes of s into name (a
 * label for transcode_name); returns 0 when it has none (too few non-ASCII
 * bytes to tell, or bytes of no encoding it knows), -1 when out of
 * memory. */
int detect_encoding(const char *s, size_t n, char *name, size_t size);

#endif
