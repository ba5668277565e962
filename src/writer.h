/* Writers: one per output format, each rendering a classified document into
 * a buffer. */
#ifndef DECRUFT_WRITER_H
#define DECRUFT_WRITER_H

#include "block.h"
#include "buf.h"

/* Kept lines byte for byte; blank-line runs collapse to one; no leading or
 * trailing blank line; a final newline when anything is kept. */
void writer_text(const doc *d, buf *out);

/* {"lang","title","page_type", the metadata fields,
 * "text","blocks":[{"line","text","kept","reason"}]} */
void writer_json(const doc *d, const char *text, size_t text_len, buf *out);

/* The metadata as YAML front matter ("---" lines around "key: value"
 * lines): the fields of writer_json but text and blocks, in its order,
 * without those the page does not give; nothing at all when it gives none. */
void writer_front_matter(const doc *d, buf *out);

/* One line a block: '+'/'-', its first line number, the reason, the text. */
void writer_explain(const doc *d, int color, buf *out);

/* The kept blocks as Markdown: headings, lists, quotes, code and table
 * rows from the markup; plain paragraphs as they are. */
void writer_markdown(const doc *d, unsigned flags, buf *out);

/* The kept blocks as an HTML fragment (<article>...</article>): headings,
 * paragraphs, lists, quotes, code, tables, figures, links and images with
 * URLs of safe schemes only, resolved against the page's base; nothing of
 * the page's scripts, styles or attributes but href, src, alt and a code
 * language class.  flags: DECRUFT_RENDER_*. */
void writer_html(const doc *d, unsigned flags, buf *out);

/* ---- shared by the Markdown and HTML writers (writer_block.c) ---- */

/* The element of a list item's block: 'l' <li> (and plain text), 't' <dt>,
 * 'd' <dd>. */
int block_item_tag(const doc *d, const block *b);

/* The <table> node holding a cell, UINT32_MAX when none. */
uint32_t block_table(const doc *d, const block *b);

/* Whether a cell is a <th>. */
int block_is_header_cell(const doc *d, const block *b);

/* The end of the run of kept cells of one table starting at block i, and
 * in *layout whether each of its rows has one cell: a table used to lay
 * out a page (a pull quote), written as paragraphs. */
size_t table_end(const doc *d, size_t i, int *layout);

/* The spans of block i are d->spans[*first, return value). */
size_t block_spans(const doc *d, size_t i, size_t *first);

/* The language a <pre> block names in its class or its <code>'s, or NULL. */
const char *pre_language(const doc *d, size_t i);

/* Callbacks of inline_render: text between the spans' bounds, a span
 * opening (with its text, s, n), closing, and an image. */
typedef struct inline_ops {
    void (*text)(void *ctx, const char *s, size_t n);
    void (*open)(void *ctx, const inline_span *sp, const char *s, size_t n);
    void (*close)(void *ctx, const inline_span *sp);
    void (*image)(void *ctx, const inline_span *sp);
} inline_ops;

/* Walks the text s, n of block i with its spans, properly nested. */
void inline_render(const doc *d, size_t i, const char *s, size_t n, const inline_ops *ops, void *ctx);

/* Whether b is a reader's comment (DECRUFT_RENDER_COMMENTS): a block of a
 * comments section that was dropped, not as a duplicate nor by a rule. */
int block_is_comment(const doc *d, const block *b);

/* Whether any block is kept: a page that is all cruft gives empty output
 * in every format, as in text. */
int doc_kept_any(const doc *d);

/* The headline the metadata found, else the title the page declares as
 * it is; NULL when neither is known. */
const char *doc_headline(const doc *d);

/* Whether the output must open with the headline (doc_headline): the first
 * kept block is not it. */
int headline_needed(const doc *d);

/* The base of relative URLs into out (returned), or NULL when the page's
 * address is not known: <base href> resolved against the caller's URL or
 * the canonical link, else that URL. */
const char *doc_base(const doc *d, buf *out);

/* A list marker at the start of a line of plain text ("  * ", "2. "):
 * the bytes it takes with its indentation and the spaces after it (0 when
 * none), whether it numbers, and the indentation in *indent. */
size_t text_marker(const char *s, size_t n, int *ordered, size_t *indent);

/* A block's bytes without the final line terminator. */
size_t block_text(const doc *d, const block *b, const char **text);

#endif
