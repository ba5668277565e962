/* Looking at the bytes before reading them: binary input, byte order marks,
 * and whether a document is HTML or plain text. */
#ifndef DECRUFT_SNIFF_H
#define DECRUFT_SNIFF_H

#include <stddef.h>

#include "decruft.h"

/* Share of invalid UTF-8 sequences and control bytes above which input is
 * taken for binary.  Text in a legacy 8-bit encoding stays under it (an
 * accented letter every few words), a binary file does not. */
#define SNIFF_BINARY_SHARE 0.10

/* DECRUFT_OK, or DECRUFT_ERR_BINARY / DECRUFT_ERR_UNSUPPORTED with err
 * saying why (NUL byte and its offset, UTF-16, and with need_utf8 mostly
 * invalid UTF-8: HTML may be in a legacy encoding it declares). */
decruft_status sniff_check(const char *s, size_t n, int need_utf8, decruft_error *err);

/* Length of a UTF-8 byte order mark at s, or 0. */
size_t sniff_bom(const char *s, size_t n);

/* HTML when the text opens like a web page. */
decruft_input_type sniff_type(const char *s, size_t n);

#endif
