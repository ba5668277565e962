/* The learned model's view of a block: a vector of numbers computed from
 * the block, its neighbours, the elements around it and the page, after
 * the rule-based stages have run (their verdicts are features too).  The
 * trainer (tools/train.py) reads the same vectors from tools/blockdump,
 * so the model sees at run time exactly what it learnt from. */
#ifndef DECRUFT_BLOCKVEC_H
#define DECRUFT_BLOCKVEC_H

#include <stddef.h>

#include "block.h"

/* Element levels whose class and id words count: deeper ones say more
 * about the page than about the block. */
#define BLOCKVEC_WORD_REACH 12

/* The elements a block is described by: its own, the 4 levels above it,
 * and the nearest holding at least 3, 10 and 30 blocks (a card, a list of
 * cards, a column), whatever their depth. */
#define BLOCKVEC_ANCESTORS 8

/* Fills chain with the indexes in d->nodes of the elements around block i,
 * in that order; UINT32_MAX where there is none. */
void blockvec_chain(const doc *d, size_t i, uint32_t chain[BLOCKVEC_ANCESTORS]);

/* The number of fixed features, and the name of each (for --explain and
 * the dump's header). */
size_t blockvec_fixed_count(void);
const char *blockvec_name(size_t i);

/* What the vectors of one document share (running totals, page values),
 * in d's arena.  NULL when out of memory. */
typedef struct blockvec blockvec;
blockvec *blockvec_new(doc *d);

/* Fills out[0 .. blockvec_fixed_count()) for block i.  A value that does
 * not exist (no previous block, no such element) is NAN, which the trees
 * route as missing. */
void blockvec_row(const blockvec *v, size_t i, float *out);

/* Calls visit(ctx, word, len, distance) for every class/id word of the
 * elements around block i, in order of distance (0: the block's own
 * element) up to BLOCKVEC_WORD_REACH, so the first visit of a word is its
 * nearest. */
typedef void (*blockvec_word_fn)(void *ctx, const char *word, size_t len, unsigned distance);
void blockvec_words(const doc *d, size_t i, blockvec_word_fn visit, void *ctx);

#endif
