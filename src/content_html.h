/* Main content for HTML: which markup signals count (content_html_signals)
 * and which element holds the article (content_html_container). */
#ifndef DECRUFT_CONTENT_HTML_H
#define DECRUFT_CONTENT_HTML_H

#include "block.h"

/* An element whose subtree holds more than this share of the page's text
 * wraps the page, whatever its class says ("has-sidebar" on <body>, a
 * <form> around an ASP.NET page): its signals are ignored. */
#define WRAPPER_SHARE 0.6

/* A boilerplate word on an element that holds most of the page's prose is
 * about something else ("field-label-hidden", "no-sidebar"): ignored.  Not
 * for comments, which can outweigh the article. */
#define ARTICLE_SHARE 0.5

/* Sets each block's dom bits and dom_signal from the elements around it.
 * Signals of the elements that wrap the blocks [keep_first, keep_end)
 * (the chosen container and its ancestors) are ignored, as are those of
 * page wrappers.  Returns -1 when out of memory. */
int content_html_signals(doc *d, size_t keep_first, size_t keep_end);

/* The element whose blocks have the largest total weight (weights[i] for
 * block i): text adds, menus, link lists and boilerplate cost, so the best
 * subtree is the article without the page around it.  Sets [*first, *end)
 * and returns 1, or returns 0 when no element has positive weight. */
int content_html_container(const doc *d, const double *weights, size_t *first, size_t *end);

#endif
