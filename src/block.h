/* The document model shared by every reader and the classifier: an ordered
 * list of blocks with their features and, once classified, a verdict and its
 * reason. */
#ifndef DECRUFT_BLOCK_H
#define DECRUFT_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "decruft.h"
#include "work.h"

typedef enum block_kind {
    BLOCK_PARAGRAPH = 0,
    BLOCK_LIST_ITEM,
    /* Only markup says these. */
    BLOCK_HEADING,
    BLOCK_QUOTE,
    BLOCK_PRE,
    BLOCK_CELL,
    BLOCK_CAPTION
} block_kind;

/* What the markup around a block says (HTML only): semantic containers and
 * class/id signals of the block's ancestors, after content_html has voided
 * the ones that wrap most of the page. */
enum {
    DOM_BOILER = 1u << 0,      /* nav, aside, footer, menu, form, boilerplate class */
    DOM_COMMENTS = 1u << 1,    /* a readers' comments section */
    DOM_ARTICLE_BODY = 1u << 2 /* schema.org articleBody: the publisher's own mark */
};

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
    uint32_t n_numbers;   /* of which numbers: scores, prices, table cells */
    uint32_t n_unspaced;  /* code points of scripts written without spaces */
    uint32_t n_dense;     /* of those and Hangul: characters worth a word */
    unsigned ends_sentence : 1; /* last visible character closes a sentence */
    unsigned ends_cut : 1;      /* ends in an ellipsis: an excerpt cut short */
    uint32_t n_link_chars;  /* of n_chars, inside links (HTML) */
    unsigned teaser : 1;    /* the blurb of a card in a list of teasers */
    unsigned in_main : 1;   /* inside the main region or container the rules chose */
    unsigned ruled : 1;     /* the cruft rules have seen it */
    uint32_t n_controls;    /* text: lynx form controls on its line */
    uint32_t dup_of;        /* 1 + the index of the block it repeats; 0: none */

    /* Markup (HTML): heading level or list depth, the list or table row the
     * block belongs to, and the innermost element that signals why it
     * would be boilerplate, for the reason. */
    uint8_t level;
    uint8_t ordered; /* list item of an <ol> */
    uint32_t group;
    uint32_t node;           /* innermost element holding the block, UINT32_MAX: none */
    uint32_t dom;            /* DOM_* */
    const char *dom_signal; /* static or arena */

    /* Duplicate key: the case-folded words of the block (dedup.h). */
    uint64_t norm_hash;

    /* Verdict. */
    block_quality quality;
    int kept;
    int final; /* a hard decision later stages must not revisit */
    const char *reason;
} block;

/* Inline markup inside a block's text (HTML): links, emphasis, code and
 * images, for the Markdown and HTML writers.  The classifier never reads
 * it; the blocks and their text are the same with or without it. */
typedef enum span_kind {
    SPAN_LINK = 0, /* url: the href as written */
    SPAN_EM,
    SPAN_STRONG,
    SPAN_CODE,     /* url: the language its class names ("language-x"), or NULL */
    SPAN_DEL,
    SPAN_SUB,
    SPAN_SUP,
    SPAN_IMAGE     /* empty (start == end); url: src, alt: its alt text */
} span_kind;

typedef struct span {
    uint32_t block;      /* index in doc.blocks */
    uint32_t start, end; /* bytes of the block's text (block_text) */
    span_kind kind;
    const char *url;     /* arena, or NULL */
    const char *alt;     /* arena, or NULL */
} inline_span;

/* An element of the HTML tree that holds blocks: they are the contiguous
 * run [first, end) because blocks come in document order. */
typedef struct dom_node {
    uint32_t first, end;
    uint32_t parent; /* index in doc.nodes, UINT32_MAX for the root */
    uint32_t own;    /* DOM_* signals of the element itself */
    const char *signal;
    uint16_t tag;       /* reader_html's tag code, 0 for an unknown element */
    uint16_t depth;     /* 1 for the root element */
    /* Its class, id, role and itemprop words, lower-cased, one space
     * between: what the learned model reads of the markup.  In the
     * arena; NULL when it has none. */
    const char *words;
} dom_node;

typedef struct doc {
    const char *text; /* the input, owned by the caller of the reader */
    size_t len;
    block *blocks;
    size_t n_blocks;
    char lang[16];
    int lang_unspaced; /* the detected language is written without spaces */
    int html;          /* blocks come from markup: no bullets in the text */
    const decruft_profile *profile; /* cross-document boilerplate, or NULL */
    const char *site;
    dom_node *nodes;
    size_t n_nodes;
    const char *title;
    const char *page_type; /* the learned model's guess, or NULL */
    struct doc_meta *meta; /* metadata.h: the page's metadata, or NULL */
    /* Inline markup, by block then by start (outer spans first). */
    inline_span *spans;
    size_t n_spans;
    /* Where relative URLs resolve (arena, or NULL): <base href>, the
     * canonical link, and the page's own address when the caller gives
     * it (decruft_result_set_base_url). */
    const char *base_href, *canonical, *base_url;
    work work; /* the steps it cost so far, against its budget */
    arena mem;
} doc;

#endif
