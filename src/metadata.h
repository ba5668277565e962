/* Page metadata (headline, authors, dates, site, canonical URL, image,
 * declared language, tags and categories) read from the page itself, each
 * value with the source it came from.  Where sources disagree the more
 * deliberate one wins (JSON-LD and microdata over <meta>, <meta> over
 * markup, markup over text); where none is sure, the field stays empty. */
#ifndef DECRUFT_METADATA_H
#define DECRUFT_METADATA_H

#include <libxml/tree.h>

#include "block.h"

struct doc_meta {
    const char *value[DECRUFT_META_COUNT];  /* in the doc's arena, NULL: unknown */
    const char *source[DECRUFT_META_COUNT]; /* static */
};

/* Reads the metadata of a parsed page into d->meta (in d's arena).
 * Returns -1 when memory runs out. */
int metadata_html(doc *d, xmlDoc *tree);

/* What the first lines of plain text clearly say: a "By Name" byline,
 * a dateline with a full date.  Returns -1 when memory runs out. */
int metadata_text(doc *d);

#endif
