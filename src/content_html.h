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

/* A block with this share of link text is navigation or a title. */
#define CONTENT_LINK_HEAVY 0.5
/* This many cards (a link title, then one block of text) in a row make a
 * list of teasers ("More stories", a blog's front page). */
#define TEASER_MIN_CARDS 3

/* Marks the blurbs of teaser lists (block.teaser). */
void content_html_teasers(doc *d);

/* Sets each block's dom bits and dom_signal from the elements around it.
 * Signals of the elements that wrap the blocks [keep_first, keep_end)
 * (the chosen container and its ancestors) are ignored, as are those of
 * page wrappers.  Returns -1 when out of memory. */
int content_html_signals(doc *d, size_t keep_first, size_t keep_end);

/* Text in a run of n paragraphs weighs 1 + RUN_BONUS * (n - 1) times its
 * length, up to RUN_BONUS_MAX. */
#define RUN_BONUS 0.5
#define RUN_BONUS_MAX 3.0
/* The smallest element holding this share of the best total wins: the
 * article body rather than the column that also holds its teasers. */
#define CONTAINER_SHARE 0.8

/* The element that holds the article: the smallest one whose blocks weigh
 * at least CONTAINER_SHARE of the heaviest element (weights[i] for block
 * i, runs of text boosted): text adds, menus, link lists and boilerplate
 * cost, so it is the article without the page around it.  Sets
 * [*first, *end) and returns 1; returns 0 when nothing weighs more than
 * nothing, -1 when out of memory. */
int content_html_container(const doc *d, const double *weights, size_t *first, size_t *end);

#endif
