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
    /* The image and canonical URL as the page writes them: value[] holds
     * them resolved against the page's address, which the caller may give
     * only after cleaning (decruft_result_set_base_url). */
    const char *image_written, *url_written;
};

/* Reads the metadata of a parsed page into d->meta (in d's arena).
 * Returns -1 when memory runs out. */
int metadata_html(doc *d, xmlDoc *tree);

/* What the first lines of plain text clearly say: a "By Name" byline,
 * a dateline with a full date.  Returns -1 when memory runs out. */
int metadata_text(doc *d);

/* Resolves the image and the canonical URL against base (NULL: they stay
 * as written, relative or not), as links are in the HTML output; one
 * whose scheme is not http or https is left out, as no image or page a
 * reader can fetch (javascript:, a data: placeholder of a lazy loader).
 * Returns -1 when memory runs out. */
int metadata_set_base(doc *d, const char *base);

#endif
