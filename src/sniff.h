/* Looking at the bytes before reading them: binary input, byte order marks,
 * and whether a document is HTML or plain text. */
#ifndef DECRUFT_SNIFF_H
#define DECRUFT_SNIFF_H

#include <stddef.h>

#include "decruft.h"

/* Share of control bytes (C0, not whitespace nor ISO 2022's ESC, SO, SI)
 * above which input is taken for binary.  Text in any encoding has none
 * but a stray one or two (a bad template, a truncated form value);
 * compressed or image data has about 11% (28 of 256 byte values).  Bytes
 * that are not UTF-8 do not count: they are text in a legacy encoding,
 * which charset.c detects and converts. */
#define SNIFF_CONTROL_SHARE 0.01

/* DECRUFT_OK, or DECRUFT_ERR_BINARY / DECRUFT_ERR_UNSUPPORTED with err
 * saying why (NUL byte and its offset, UTF-16, control bytes). */
decruft_status sniff_check(const char *s, size_t n, decruft_error *err);

/* The same for HTML, which may be in any legacy encoding it declares and
 * may hold a few NUL bytes (*nuls says how many, for sniff_drop_nul):
 * refused only as UTF-16 or when control bytes make it binary. */
decruft_status sniff_check_html(const char *s, size_t n, size_t *nuls, decruft_error *err);

/* Copies the n bytes of s to dst without their NUL bytes (libxml2 would
 * stop at the first); returns the length.  dst holds n bytes. */
size_t sniff_drop_nul(char *dst, const char *s, size_t n);

/* Length of a UTF-8 byte order mark at s, or 0. */
size_t sniff_bom(const char *s, size_t n);

/* HTML when the text opens like a web page. */
decruft_input_type sniff_type(const char *s, size_t n);

#endif
