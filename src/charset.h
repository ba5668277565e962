/* The character encoding of a document, and the document converted to
 * UTF-8 by it: the order a browser decides in (a byte order mark, the
 * transport's charset, the bytes' own UTF-8, the page's declaration, then
 * a detector), with every byte that is no character replaced by U+FFFD so
 * that no page comes out empty or cut short because of its encoding. */
#ifndef DECRUFT_CHARSET_H
#define DECRUFT_CHARSET_H

#include <stddef.h>

/* Bytes scanned for a <meta charset> declaration (the HTML standard's
 * prescan looks at 1024; real pages put long scripts first). */
#define CHARSET_PRESCAN 8192

/* Size of charset_read's note: two labels and an outcome fit. */
#define CHARSET_NOTE 200

typedef struct charset_read {
    char *utf8;             /* malloc'd UTF-8 text, or NULL when the input
                             * is valid UTF-8 as it is (no copy made) */
    size_t len;
    char encoding[40];      /* what the bytes were read as: "UTF-8", "CP1251"... */
    char note[CHARSET_NOTE]; /* what was guessed, overridden or replaced,
                              * for a warning; "" when nothing was */
} charset_read;

/* Reads the n bytes of s as UTF-8 into r.  transport is the encoding the
 * document came with (an HTTP charset, or "UTF-8" for JSON), or NULL;
 * html says whether to look for a <meta> or XML declaration.  Returns 0,
 * or -1 when out of memory.  The caller frees r->utf8. */
int charset_to_utf8(const char *s, size_t n, const char *transport, int html, charset_read *r);

/* UTF-16 by its byte order mark: *out gets the text after the mark as
 * UTF-8 (malloc'd; a lone surrogate or a cut last byte as U+FFFD, counted
 * in *replaced) and 1 is returned; 0 when s has no UTF-16 mark, -1 when
 * out of memory. */
int charset_utf16(const char *s, size_t n, char **out, size_t *out_len, size_t *replaced);

/* Whether s is valid UTF-8. */
int charset_is_utf8(const char *s, size_t n);

#endif
