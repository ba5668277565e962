/* What the metadata sources share: a collector that keeps, for each
 * field, the value of the most trusted source seen so far, and the
 * normalisers every source's values go through (dates to ISO 8601, names
 * without "By", text without markup entities). */
#ifndef DECRUFT_METADATA_COLLECT_H
#define DECRUFT_METADATA_COLLECT_H

#include <stddef.h>

#include "buf.h"
#include "decruft.h"

/* Ranks: lower wins.  The publisher's structured data (JSON-LD,
 * microdata) states the article's own fields; <meta> tags are often
 * shared by every page of a site; markup and text are guesses. */
enum {
    RANK_JSONLD = 10,
    RANK_MICRODATA = 20,
    RANK_META = 30,
    RANK_MARKUP = 40,
    RANK_BYLINE = 50,
    RANK_TEXT = 60,
    RANK_URL = 70,
    RANK_NONE = 1000
};

typedef struct meta_slot {
    char *value; /* malloc'd; lists hold one item a line */
    const char *source;
    int rank;
    int group; /* list items append only within one group (one JSON-LD entity) */
} meta_slot;

/* Headline candidates, weighed against each other at the end. */
enum {
    TITLE_LD,
    TITLE_OG,
    TITLE_TWITTER,
    TITLE_MICRODATA,
    TITLE_META,
    TITLE_TAG,
    TITLE_LD_NAME, /* an article's JSON-LD name: some sites' headline is its summary */
    TITLE_H1,
    TITLE_N
};
#define META_MAX_H1 4

typedef struct meta_collector {
    meta_slot slot[DECRUFT_META_COUNT];
    char *title[TITLE_N];
    const char *title_source[TITLE_N];
    int title_ld_rank;
    char *raw_title[TITLE_N]; /* as stated, before the site name was cut */
    char *h1[META_MAX_H1];
    size_t n_h1, h1_count; /* kept, and seen */
    size_t text_after_h1;  /* text nodes seen since the first <h1> */
    char author_label;     /* N of a twitter:labelN that says "Written by" */
    char updated[40];      /* the first date shown as an update's, "" if none */
    int oom;
} meta_collector;

/* Offers a value for a field from source at rank: it is cleaned
 * (entities, whitespace), checked (a date must parse, a name must look
 * like one) and kept if no better-ranked source gave one.  For authors,
 * tags and categories, a value of the same rank, source and group is
 * added to the list instead. */
void meta_offer(meta_collector *c, decruft_meta_field f, const char *value, const char *source, int rank,
                int group);

/* Offers each item of the list v, split at any byte of seps. */
void meta_offer_split(meta_collector *c, decruft_meta_field f, const char *v, const char *seps, const char *source,
                      int rank, int group);

/* Sets a headline candidate (the first of each kind stays). */
void meta_offer_title(meta_collector *c, int kind, const char *value, const char *source);

/* s with entities decoded and whitespace collapsed and trimmed, into out
 * (emptied first).  Values longer than META_VALUE_MAX are cut at a
 * character boundary. */
void meta_clean(buf *out, const char *s);
#define META_VALUE_MAX 2000

/* The date s gives, as "YYYY-MM-DD" or, when s holds a valid time too,
 * "YYYY-MM-DDTHH:MM[:SS][zone]", into out (40 bytes).  Reads ISO 8601,
 * YYYY/MM/DD, and English "March 4, 2025", "4 March 2025".  0 when it
 * holds a date, -1 when not (or an implausible one). */
int meta_date(const char *s, char out[40]);

/* The first date anywhere in s ("Published on July 8, 2025 by"), as
 * meta_date gives it; -1 when none. */
int meta_find_date(const char *s, char out[40]);

/* The person named by s ("By Jane Doe | Staff" -> "Jane Doe") into out; -1
 * when s does not read as a name (a URL, a sentence, a date).  strict asks
 * for capitalised words, for bylines found in text. */
int meta_person(buf *out, const char *s, int strict);

/* Case- and space-insensitive equality of two UTF-8 strings (ASCII case). */
int meta_same(const char *a, size_t alen, const char *b, size_t blen);

/* JSON-LD: the entities of one <script type="application/ld+json">. */
void meta_jsonld(meta_collector *c, const char *text, size_t len);

#endif
