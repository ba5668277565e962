/* Duplicates: a block whose words repeat an earlier block's is dropped, the
 * first occurrence stays.  The key is the sequence of case-folded words, so
 * spacing, punctuation, case and wrapping do not hide a repeat. */
#ifndef DECRUFT_DEDUP_H
#define DECRUFT_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "block.h"

/* Blocks shorter than this (characters) are never dropped as duplicates:
 * natural repetition is short (a song's refrain line, "Yes.", "Why?" in a
 * dialogue), while the repeats scrapers produce (captions, teasers, pull
 * quotes) are full sentences. */
#define DEDUP_MIN_CHARS 40

#define DEDUP_KEY_INIT 0x9e3779b97f4a7c15ull

static inline uint64_t dedup_key_add(uint64_t key, uint64_t word_hash)
{
    key = (key ^ word_hash) * 0x100000001b3ull;
    return key ^ (key >> 29);
}

/* The key of a whole text, as features_measure computes it per block. */
uint64_t dedup_key(const char *text, size_t len);

/* Marks repeats in d as dropped (final).  Returns 0, or -1 when out of
 * memory. */
int dedup_mark(doc *d);

#endif
