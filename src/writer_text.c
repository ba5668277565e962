#include "writer.h"

size_t block_text(const doc *d, const block *b, const char **text)
{
    size_t end = b->end;
    if (end > b->start && d->text[end - 1] == '\n')
        end--;
    if (end > b->start && d->text[end - 1] == '\r')
        end--;
    *text = d->text + b->start;
    return end - b->start;
}

void writer_text(const doc *d, buf *out)
{
    const block *last = NULL;
    int blank_between = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        const block *b = &d->blocks[i];
        if (i > 0 && b->start > d->blocks[i - 1].end)
            blank_between = 1; /* lines between blocks are blank lines */
        if (!b->kept)
            continue;
        if (last && blank_between) {
            /* The blank line ends as the lines do: LF, CRLF or a lone CR. */
            char end = d->text[last->end - 1];
            int crlf = end == '\n' && last->end - last->start >= 2 && d->text[last->end - 2] == '\r';
            buf_puts(out, crlf ? "\r\n" : end == '\r' ? "\r" : "\n");
        }
        /* Cells of a table row share a line, tab-separated, as a
         * spreadsheet or cut(1) reads them. */
        const block *next = i + 1 < d->n_blocks ? &d->blocks[i + 1] : NULL;
        if (d->html && b->kind == BLOCK_CELL && next && next->kept && next->kind == BLOCK_CELL &&
            next->group == b->group) {
            buf_put(out, d->text + b->start, b->end - b->start - 1);
            buf_putc(out, '\t');
            last = b;
            blank_between = 0;
            continue;
        }
        buf_put(out, d->text + b->start, b->end - b->start);
        last = b;
        blank_between = 0;
    }
    if (last && d->text[last->end - 1] != '\n' && d->text[last->end - 1] != '\r')
        buf_putc(out, '\n');
}
