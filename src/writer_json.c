#include "writer.h"

#include <stdio.h>
#include <string.h>

#include "metadata.h"

static void put_string_or_null(buf *out, const char *s)
{
    if (!s) {
        buf_puts(out, "null");
        return;
    }
    buf_putc(out, '"');
    buf_put_json(out, s, strlen(s));
    buf_putc(out, '"');
}

/* A list field (one item a line) as a JSON array, [] when unknown. */
static void put_list(buf *out, const char *s)
{
    buf_putc(out, '[');
    for (const char *p = s; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (p != s)
            buf_putc(out, ',');
        buf_putc(out, '"');
        buf_put_json(out, p, n);
        buf_putc(out, '"');
        p = end ? end + 1 : NULL;
    }
    buf_putc(out, ']');
}

void writer_json(const doc *d, const char *text, size_t text_len, buf *out)
{
    buf_puts(out, "{\"lang\":");
    put_string_or_null(out, d->lang[0] ? d->lang : NULL);
    buf_puts(out, ",\"title\":");
    put_string_or_null(out, doc_headline(d));
    /* The page type only the learned model tells. */
    buf_puts(out, ",\"page_type\":");
    put_string_or_null(out, d->page_type);
    for (int f = DECRUFT_META_AUTHOR; f < DECRUFT_META_COUNT; f++) {
        const char *v = d->meta ? d->meta->value[f] : NULL;
        buf_puts(out, ",\"");
        buf_puts(out, decruft_meta_name((decruft_meta_field)f));
        buf_puts(out, "\":");
        if (f == DECRUFT_META_TAGS || f == DECRUFT_META_CATEGORIES)
            put_list(out, v);
        else
            put_string_or_null(out, v);
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
