/* Conversion from a legacy encoding to UTF-8 (iconv) that never stops at
 * a bad byte, and the names pages and servers give encodings. */
#ifndef DECRUFT_TRANSCODE_H
#define DECRUFT_TRANSCODE_H

#include <stddef.h>

#include "buf.h"

/* Size of an encoding name buffer. */
#define TRANSCODE_NAME 40

/* The iconv name of the encoding a label (a <meta charset>, an HTTP
 * charset, a detector's answer) means, written into name (size at least
 * TRANSCODE_NAME): the superset a browser decodes it as (the WHATWG
 * Encoding standard: iso-8859-1 and ascii are windows-1252, gb2312 is
 * GB18030, shift_jis is windows-31j...), "UTF-8" for every UTF-8 label.
 * Returns 2 when name is a larger encoding than the label's, 1 when it is
 * the label's own, 0 when iconv knows no such encoding. */
int transcode_name(const char *label, char *name, size_t size);

/* Appends the n bytes of s, in encoding from (a transcode_name), to out as
 * UTF-8.  A byte that starts no character of from becomes U+FFFD and
 * conversion goes on after it; *replaced counts them.  Returns 0, or -1
 * when iconv cannot convert from (nothing appended).  Out of memory sets
 * out->oom. */
int transcode(const char *from, const char *s, size_t n, buf *out, size_t *replaced);

#endif
