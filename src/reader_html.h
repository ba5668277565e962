/* The HTML reader: parses a page with libxml2 (no network, recovery on,
 * UTF-8 that charset.c made of it) and walks the tree into the block
 * model, recording for each block its kind, link text and markup signals,
 * and for each element the run of blocks it holds (content_html.c picks
 * the main container from those). */
#ifndef DECRUFT_READER_HTML_H
#define DECRUFT_READER_HTML_H

#include "block.h"
#include "decruft.h"

/* Fills d (blocks, nodes, title, html) from len bytes of HTML in UTF-8
 * (a declared encoding is ignored: charset_to_utf8 read it).  The text
 * the blocks point into is malloc'd into *text, owned by the caller, and
 * also set as d->text. */
decruft_status reader_html(doc *d, const char *html, size_t len, char **text, decruft_error *err);

/* The code dom_node.tag holds for a tag name (0 when unknown). */
unsigned reader_html_tag_code(const char *name);

#endif
