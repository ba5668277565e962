#include "writer.h"

#include "features.h"
#include "metadata.h"

#include <stdio.h>
#include <string.h>

/* Reasons are padded to this width so the texts line up. */
#define REASON_COLUMN 30

/* Each metadata field the page gives, with its source, on a line of its
 * own above the blocks: "# author: Jane Doe (json-ld)". */
static void put_meta(const doc *d, buf *out)
{
    for (int f = 0; d->meta && f < DECRUFT_META_COUNT; f++) {
        const char *v = d->meta->value[f];
        if (!v)
            continue;
        buf_puts(out, "# ");
        buf_puts(out, decruft_meta_name((decruft_meta_field)f));
        buf_puts(out, ": ");
        for (const char *p = v; *p; p++) {
            if (*p == '\n')
                buf_puts(out, ", ");
            else
                buf_putc(out, (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
        }
        buf_puts(out, " (");
        buf_puts(out, d->meta->source[f]);
        buf_puts(out, ")\n");
    }
}

void writer_explain(const doc *d, int color, buf *out)
{
    put_meta(d, out);
    for (size_t i = 0; i < d->n_blocks; i++) {
        const block *b = &d->blocks[i];
        const char *reason = b->reason ? b->reason : "";
        char head[64];
        snprintf(head, sizeof head, "%c %5zu ", b->kept ? '+' : '-', b->first_line);
        if (color)
            buf_puts(out, b->kept ? "\033[32m" : "\033[31m");
        buf_puts(out, head);
        if (color)
            buf_puts(out, "\033[2m");
        buf_puts(out, reason);
        for (size_t pad = strlen(reason); pad < REASON_COLUMN; pad++)
            buf_putc(out, ' ');
        /* The measurements behind the verdict: length and stopword share. */
        char stats[48];
        snprintf(stats, sizeof stats, "%6u %3.0f%% ", (unsigned)block_length(b),
                 b->n_words ? 100.0 * b->n_stop / b->n_words : 0.0);
        buf_puts(out, stats);
        buf_puts(out, color ? "\033[0m| " : "| ");
        /* The block on one line: its line breaks and indentation as single
         * spaces, so each block is one line of the explanation. */
        const char *t;
        size_t n = block_text(d, b, &t);
        int space = 0, started = 0;
        for (size_t k = 0; k < n; k++) {
            char c = t[k];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                space = started;
                continue;
            }
            if (space)
                buf_putc(out, ' ');
            space = 0;
            started = 1;
            /* Control bytes from the input must not drive the terminal. */
            buf_putc(out, (unsigned char)c < 0x20 || c == 0x7f ? '?' : c);
        }
        buf_putc(out, '\n');
    }
}
