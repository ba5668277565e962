/* The character encoding of an HTML page, chosen before parsing: the
 * declared one when the bytes agree with it, else UTF-8 when they are
 * UTF-8 (a few stray bytes allowed), else Windows-1252 (what browsers
 * assume of undeclared Western pages). */
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

/* libxml2 decodes UTF-8 until the first bad byte and the rest as Latin-1,
 * and iconv stops a Windows-1252 page at a byte that code page leaves
 * undefined (a Cyrillic UTF-8 page with one stray byte came out empty).
 * So when charset_choose would pick one of those two for bytes that would
 * trip it, *out gets the page converted to valid UTF-8 (malloc'd, the bad
 * bytes as U+FFFD), which charset_choose then reads as UTF-8; else *out is
 * NULL.  Returns 0, or -1 when out of memory. */
int charset_prepare(const char *s, size_t n, char **out, size_t *out_len);

#endif
