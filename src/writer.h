/* Writers: one per output format, each rendering a classified document into
 * a buffer. */
#ifndef DECRUFT_WRITER_H
#define DECRUFT_WRITER_H

#include "block.h"
#include "buf.h"

/* Kept lines byte for byte; blank-line runs collapse to one; no leading or
 * trailing blank line; a final newline when anything is kept. */
void writer_text(const doc *d, buf *out);

/* {"lang","title","page_type","text","blocks":[{"line","text","kept","reason"}]} */
void writer_json(const doc *d, const char *title, const char *text, size_t text_len, buf *out);

/* One line a block: '+'/'-', its first line number, the reason, the text. */
void writer_explain(const doc *d, int color, buf *out);

/* The kept blocks as Markdown: headings, lists, quotes, code and table
 * rows from the markup; plain paragraphs as they are. */
void writer_markdown(const doc *d, buf *out);

/* A block's bytes without the final line terminator. */
size_t block_text(const doc *d, const block *b, const char **text);

#endif
