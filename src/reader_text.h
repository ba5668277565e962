/* Plain-text reader: turns scraped text (lynx, w3m, html2text, copy-paste)
 * into blocks.  A block is a paragraph when the text is hard-wrapped (lines
 * broken at a fixed width, detected per document), otherwise a line; list
 * items always start a block. */
#ifndef DECRUFT_READER_TEXT_H
#define DECRUFT_READER_TEXT_H

#include "block.h"

/* Fills d->blocks from d->text.  Returns 0, or -1 when out of memory. */
int reader_text(doc *d);

/* Width in columns the text is wrapped at, 0 if it is not wrapped.
 * Exposed for the unit tests. */
size_t reader_text_wrap_width(const char *text, size_t len);

#endif
