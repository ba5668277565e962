/* Block features: counts of characters, words and stopwords, sentence
 * punctuation, the normalised text the rules match and the key duplicates
 * are found by. */
#ifndef DECRUFT_FEATURES_H
#define DECRUFT_FEATURES_H

#include "block.h"

/* Measures every block of d for language lang (-1: unknown).  Returns 0, or
 * -1 when out of memory. */
int features_measure(doc *d, int lang);

/* Length score used by the thresholds: characters and the spaces between
 * words, with Han, kana and Hangul characters counted three times (one
 * carries about as much as a short word). */
uint32_t block_length(const block *b);

/* Offset of the block's first visible character: after the indentation
 * and, for list items, the bullet. */
size_t block_content_start(const doc *d, const block *b);

#endif
