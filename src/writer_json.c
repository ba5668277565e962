#include "writer.h"

#include <stdio.h>
#include <string.h>

void writer_json(const doc *d, const char *title, const char *text, size_t text_len, buf *out)
{
    buf_puts(out, "{\"lang\":");
    if (d->lang[0]) {
        buf_putc(out, '"');
        buf_puts(out, d->lang);
        buf_putc(out, '"');
    } else {
        buf_puts(out, "null");
    }
    buf_puts(out, ",\"title\":");
    if (title) {
        buf_putc(out, '"');
        buf_put_json(out, title, strlen(title));
        buf_putc(out, '"');
    } else {
        buf_puts(out, "null");
    }
    /* The page type only the learned model (HTML) tells. */
    buf_puts(out, ",\"page_type\":");
    if (d->page_type) {
        buf_putc(out, '"');
        buf_puts(out, d->page_type);
        buf_putc(out, '"');
    } else {
        buf_puts(out, "null");
    }
    buf_puts(out, ",\"text\":\"");
    buf_put_json(out, text, text_len);
    buf_puts(out, "\",\"blocks\":[");
    for (size_t i = 0; i < d->n_blocks; i++) {
        const block *b = &d->blocks[i];
        const char *t;
        size_t n = block_text(d, b, &t);
        char line[48];
        snprintf(line, sizeof line, "%s{\"line\":%zu,\"text\":\"", i ? "," : "", b->first_line);
        buf_puts(out, line);
        buf_put_json(out, t, n);
        buf_puts(out, b->kept ? "\",\"kept\":true,\"reason\":\"" : "\",\"kept\":false,\"reason\":\"");
        buf_put_json(out, b->reason ? b->reason : "", b->reason ? strlen(b->reason) : 0);
        buf_puts(out, "\"}");
    }
    buf_puts(out, "]}\n");
}
