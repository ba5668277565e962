/* The document model shared by every reader and the classifier: an ordered
 * list of blocks with their features and, once classified, a verdict and its
 * reason. */
#ifndef DECRUFT_BLOCK_H
#define DECRUFT_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef enum block_kind {
    BLOCK_PARAGRAPH = 0,
    BLOCK_LIST_ITEM
} block_kind;

/* Where the classifier stands on a block.  The order matters: context
 * decisions compare qualities. */
typedef enum block_quality {
    Q_BAD = 0,  /* cruft */
    Q_SHORT,    /* too short to judge alone */
    Q_NEAR,     /* probably text, needs good neighbours */
    Q_GOOD      /* content on its own */
} block_quality;

typedef struct block {
    /* Input bytes: [start, end) spans the block's lines, terminators
     * included; first_line is 1-based. */
    size_t start, end;
    size_t first_line, n_lines;
    block_kind kind;

    /* Features, filled by block_measure. */
    uint32_t n_chars;     /* non-space code points */
    uint32_t n_words;     /* words; unspaced scripts count a character a word */
    uint32_t n_stop;      /* of which stopwords */
    uint32_t n_unspaced;  /* code points of scripts written without spaces */
    uint32_t n_dense;     /* of those and Hangul: characters worth a word */
    unsigned ends_sentence : 1; /* last visible character closes a sentence */

    /* Duplicate key: the case-folded words of the block (dedup.h). */
    uint64_t norm_hash;

    /* Verdict. */
    block_quality quality;
    int kept;
    int final; /* a hard decision later stages must not revisit */
    const char *reason;
} block;

typedef struct doc {
    const char *text; /* the input, owned by the caller of the reader */
    size_t len;
    block *blocks;
    size_t n_blocks;
    char lang[16];
    int lang_unspaced; /* the detected language is written without spaces */
    arena mem;
} doc;

#endif
