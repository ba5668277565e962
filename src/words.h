/* Word iteration: the one tokeniser behind language detection, stopword
 * density and duplicate keys, so they all agree on what a word is.  A word
 * is a run of letters, digits and marks; in scripts written without spaces
 * each character is a word of its own. */
#ifndef DECRUFT_WORDS_H
#define DECRUFT_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* Longer words are never stopwords; their fold is truncated, hash kept whole. */
#define WORD_FOLD_MAX 48

typedef struct word_iter {
    const char *s;
    size_t n, pos;
    /* The current word: its bytes in the input, its case-folded form and a
     * hash of that form. */
    size_t start, end;
    char fold[WORD_FOLD_MAX];
    size_t fold_len;
    uint64_t hash;
    int unspaced;
} word_iter;

void word_iter_init(word_iter *it, const char *s, size_t n);
/* Advances to the next word; returns 0 at the end. */
int word_next(word_iter *it);

/* The hash word_next computes, for a folded word given whole. */
uint64_t word_hash(const char *folded, size_t n);

/* The same hash byte by byte, for passes that find the words themselves
 * (features_measure): FNV-1a, 0 never returned. */
#define WORD_HASH_INIT 0xcbf29ce484222325ull
static inline uint64_t word_hash_byte(uint64_t h, unsigned char c) { return (h ^ c) * 0x100000001b3ull; }
static inline uint64_t word_hash_end(uint64_t h) { return h ? h : 1; }

#endif
