/* The character encoding of an HTML page, chosen before parsing: the
 * declared one when the bytes agree with it, else UTF-8 when they are
 * valid UTF-8, else Windows-1252 (what browsers assume of undeclared
 * Western pages). */
#ifndef DECRUFT_CHARSET_H
#define DECRUFT_CHARSET_H

#include <stddef.h>

/* Bytes scanned for a <meta charset> declaration (the HTML standard's
 * prescan looks at 1024; real pages put long scripts first). */
#define CHARSET_PRESCAN 8192

/* Writes the encoding name for libxml2 into name (size at least 40). */
void charset_choose(const char *s, size_t n, char *name, size_t size);

/* Whether s is valid UTF-8. */
int charset_is_utf8(const char *s, size_t n);

#endif
