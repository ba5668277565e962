/* Gradient-boosted trees: the learned model, read from its text form
 * (data/model-html.txt, written by tools/train.py from xgboost's trees)
 * and evaluated on float feature vectors exactly as xgboost does: a split
 * sends x < threshold to its first child, a missing value (NAN) to its
 * default child, and the leaves of the trees add up in float. */
#ifndef DECRUFT_GBDT_H
#define DECRUFT_GBDT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct gbdt_node {
    int32_t feature; /* -1 for a leaf */
    float threshold;
    float value;     /* a leaf's output; an inner node's weight (xgboost's base_weight) */
    uint32_t yes, no, missing; /* children, indexes into the ensemble's nodes */
} gbdt_node;

typedef struct gbdt {
    gbdt_node *nodes;
    uint32_t *roots;
    size_t n_nodes, n_trees;
    /* The same trees made complete to their depth, the children of split
     * k at 2k + 1 and 2k + 2, so that the walk takes no branch: tree t has
     * 2^depth[t] - 1 splits from split_at[t], and its 2^depth[t] leaves
     * follow those of the trees before it (split_at[t] + t).  A split is
     * its feature (in the low 31 bits; the top bit set when a missing
     * value goes to the second child) and threshold, in two arrays.  A
     * leaf above the last level is copied into every leaf below it.  NULL
     * when a tree is too deep. */
    uint32_t *split_feature;
    float *split_threshold;
    float *leaves; /* n_splits + n_trees */
    uint32_t *split_at;
    uint8_t *depth;
    size_t n_splits;
    int borrowed; /* the arrays lie in a packed form (gbdt_view), not on the heap */
    size_t n_features; /* the vector length the trees index into */
    float base_margin;
} gbdt;

/* Parses an ensemble from lines "trees N FEATURES BASE_MARGIN", then for
 * each tree "tree NODES" and one line a node: "FEATURE THRESHOLD VALUE YES
 * NO MISSING" (children relative to the tree's first node; FEATURE -1 for
 * a leaf).  *pos is the offset to read from and is advanced past the
 * ensemble.  Returns 0, or -1 on a malformed text or out of memory (g is
 * then empty). */
int gbdt_parse(gbdt *g, const char *text, size_t len, size_t *pos);

void gbdt_free(gbdt *g);

/* The packed form, which the build makes of the text form so that a
 * process starts without parsing it: the ensemble's arrays as they lie in
 * memory, in this processor's byte order, each padded to 4 bytes.
 * gbdt_pack writes it; returns 0, or -1 on a write error. */
int gbdt_pack(const gbdt *g, FILE *out);

/* Reads an ensemble from the packed form at blob + *pos, 4-byte aligned,
 * without copying: g's arrays point into blob, which must outlive g.
 * Every index is checked as gbdt_parse checks it.  *pos is advanced past
 * the ensemble.  Returns 0, or -1 on a malformed form (g is then empty). */
int gbdt_view(gbdt *g, const char *blob, size_t len, size_t *pos);

/* What the packed forms are made of (model_form.c packs the rest of a
 * model with them): n bytes padded to 4 with zeros, and a count as 4
 * bytes; 0, or -1 on a write error or a count past 32 bits. */
int gbdt_put(FILE *out, const void *p, size_t n);
int gbdt_put_u32(FILE *out, size_t v);

/* count items of size bytes at blob + *pos, padded to 4, and *pos moved
 * past them; NULL when they run past len.  gbdt_take_u32 reads a count. */
const void *gbdt_take(const char *blob, size_t len, size_t *pos, size_t count, size_t size);
int gbdt_take_u32(const char *blob, size_t len, size_t *pos, size_t *v);

/* The margin (log-odds) for the feature vector x of g->n_features values. */
float gbdt_margin(const gbdt *g, const float *x);

/* The margins of rows vectors, row r at x + r * stride, into out[r]: the
 * same sums as gbdt_margin, computed tree after tree over all the rows. */
void gbdt_margins(const gbdt *g, const float *x, size_t rows, size_t stride, float *out);

/* The probability of the positive class for a margin. */
float gbdt_probability(float margin);

/* Adds to contrib[f] what feature f moved the margin for x, summed over the
 * path of x through each tree (the change of node weight at each split:
 * Saabas' attribution).  contrib has g->n_features slots. */
void gbdt_contributions(const gbdt *g, const float *x, double *contrib);

#endif
