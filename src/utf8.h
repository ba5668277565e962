/* UTF-8 decoding and the few Unicode properties the classifier needs.
 * decruft does not link a Unicode library: the tables here cover the scripts
 * and case pairs that matter for word counting and stopword lookup. */
#ifndef DECRUFT_UTF8_H
#define DECRUFT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID 0xFFFFFFFFu

/* Decodes the code point at s (n > 0 bytes available) into *cp and returns
 * its length in bytes.  Invalid, overlong or truncated sequences and
 * surrogates give *cp = UTF8_INVALID and length 1, so the caller always
 * advances. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Encodes cp (a valid scalar value) into out (4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);

/* Letters, digits and marks: what makes up words. */
int uni_is_word(uint32_t cp);

/* Scripts written without spaces between words (Han, kana, Thai, Lao,
 * Khmer, Myanmar): there each character counts as a word. */
int uni_is_unspaced(uint32_t cp);

/* Hangul syllables: spaced, but each carries about what a Han character
 * does, so they weigh as much in block lengths. */
int uni_is_hangul(uint32_t cp);

int uni_is_space(uint32_t cp);

/* Simple lower-case mapping for Latin, Greek, Cyrillic and Armenian. */
uint32_t uni_fold(uint32_t cp);

#endif
