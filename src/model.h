/* The learned block model: which blocks of a page are its main content.
 * Two stages of gradient-boosted trees (gbdt.h).  Stage 1 reads a block's
 * vector (blockvec.h) and the class and id words of the elements around it
 * (one feature a word of the model's vocabulary: 1 / (1 + distance) of
 * its nearest element carrying it).  Stage 2 reads the same and stage 1's
 * probabilities around the block: of the 5 blocks before and after, and
 * the character-weighted mean over each element of its chain and over the
 * page (a post among posts, a card among cards), and the probabilities of
 * the page's type (article, forum, product...).  Plain text has no
 * elements: its model is trained on the same vectors, where the markup
 * values are missing.  The text forms are data/model-html.txt and
 * data/model-text.txt, written by tools/train.py; the build packs them
 * (model_form.c) and the library compiles the packed forms in. */
#ifndef DECRUFT_MODEL_H
#define DECRUFT_MODEL_H

#include <stddef.h>
#include <stdio.h>

#include "block.h"
#include "blockvec.h"
#include "gbdt.h"

/* Stage 2's own features: the block's stage-1 probability, its 2 *
 * MODEL_REACH neighbours', the means over its BLOCKVEC_ANCESTORS elements
 * and the page's mean and maximum. */
#define MODEL_REACH 5

/* Stage 2's own features, their count: the block's, its neighbours', its
 * elements' means, the page's mean and maximum. */
#define MODEL_N_STAGE2 (1 + 2 * MODEL_REACH + BLOCKVEC_ANCESTORS + 2)

typedef struct model {
    size_t n_fixed; /* blockvec_fixed_count() when it was trained */
    size_t n_words;
    char **words;   /* sorted, for bsearch */
    uint32_t *word_feature; /* feature index of words[i] */
    float threshold; /* a block is kept at this stage-2 probability */
    gbdt stage1, stage2;
    /* Page types, one ensemble a type (one against the rest) over the
     * page's mean stage-1 vector; their probabilities feed stage 2. */
    size_t n_types;
    char **type_names;
    float *type_threshold; /* the threshold on pages of that type */
    gbdt *types;
    int borrowed; /* strings and trees lie in a packed form (model_view) */
} model;

/* Parses the text form, trained on fixed_count fixed features (0: any).
 * Returns NULL on a malformed text, another feature count or out of
 * memory. */
model *model_parse(const char *text, size_t len, size_t fixed_count);

/* Writes m in the packed form (model_form.c: a few counts, the strings,
 * then each ensemble's arrays as gbdt_pack writes them), in this
 * processor's byte order.  Returns 0, or -1 on a write error. */
int model_pack(const model *m, FILE *out);

/* Reads the packed form at blob (4-byte aligned, outliving the model)
 * without copying its arrays, checking every index.  NULL on a malformed
 * form, another feature count (fixed_count, 0: any) or out of memory. */
model *model_view(const char *blob, size_t len, size_t fixed_count);

void model_free(model *m);

/* strcmp for bsearch and qsort over an array of strings. */
int model_word_cmp(const void *a, const void *b);

/* The built-in model for HTML (data/model-html.txt) or plain text
 * (data/model-text.txt), parsed once per process; NULL if it does not
 * parse (a build error the tests catch). */
const model *model_builtin(int html);

/* The names of stage 2's own features, past the vocabulary. */
const char *model_stage2_name(size_t i);

/* The name of feature f of the model (fixed, word or stage 2). */
const char *model_feature_name(const model *m, size_t f, char *tmp, size_t cap);

/* Scores every block of d: p1[i] and p2[i], the stage-1 and final
 * probabilities (arrays of d->n_blocks, in d's arena), and, when vectors
 * is not NULL, the stage-2 vectors (n_blocks * stage2.n_features floats).
 * Sets d->page_type to the most probable type (static while m lives) and
 * *threshold to the probability a block of such a page is kept at.
 * Returns 0, or -1 when out of memory. */
int model_score(const model *m, doc *d, float **p1, float **p2, float **vectors, float *threshold);

#endif
