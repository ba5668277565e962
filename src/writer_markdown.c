#include "writer.h"

/* Puts text with line breaks as spaces and '|' escaped: one table cell. */
static void put_cell(buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n' || s[i] == '\r')
            buf_putc(out, ' ');
        else if (s[i] == '|')
            buf_puts(out, "\\|");
        else
            buf_putc(out, s[i]);
    }
}

/* Whether a line of plain text would read as Markdown syntax. */
static int needs_escape(const char *s, size_t n)
{
    if (!n)
        return 0;
    if (s[0] == '#' || s[0] == '>' || s[0] == '`' || s[0] == '=')
        return 1;
    if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && (n == 1 || s[1] == ' '))
        return 1;
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > 0 && i < n && (s[i] == '.' || s[i] == ')');
}

/* Puts each line of the block after prefix (and a backslash where the line
 * would read as syntax). */
static void put_lines(buf *out, const char *prefix, const char *s, size_t n, int escape)
{
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '\n')
            j++;
        buf_puts(out, prefix);
        if (escape && needs_escape(s + i, j - i))
            buf_putc(out, '\\');
        buf_put(out, s + i, j - i);
        buf_putc(out, '\n');
        i = j + 1;
    }
}

void writer_markdown(const doc *d, buf *out)
{
    const block *prev = NULL;
    int rows = 0;  /* rows written in the current table */
    int cells = 0; /* cells in the current row */
    for (size_t i = 0; i < d->n_blocks; i++) {
        const block *b = &d->blocks[i];
        if (!b->kept)
            continue;
        const char *s;
        size_t n = block_text(d, b, &s);
        int same_row = prev && prev->kind == BLOCK_CELL && b->kind == BLOCK_CELL && prev->group == b->group;
        int same_list = prev && prev->kind == BLOCK_LIST_ITEM && b->kind == BLOCK_LIST_ITEM &&
                        (prev->group == b->group || prev->level != b->level);
        if (same_row) {
            cells++;
            buf_puts(out, " | ");
            put_cell(out, s, n);
            prev = b;
            continue;
        }
        if (prev && prev->kind == BLOCK_CELL) {
            buf_puts(out, " |\n");
            if (rows++ == 0 && b->kind == BLOCK_CELL) {
                /* The first row stands as the header Markdown requires. */
                for (int k = 0; k < cells; k++)
                    buf_puts(out, "| --- ");
                buf_puts(out, "|\n");
            }
        }
        if (prev && !(same_list || (prev->kind == BLOCK_CELL && b->kind == BLOCK_CELL)))
            buf_putc(out, '\n');
        if (b->kind != BLOCK_CELL)
            rows = 0;
        switch (b->kind) {
        case BLOCK_HEADING: {
            static const char hashes[] = "######";
            int level = b->level >= 1 && b->level <= 6 ? b->level : 2;
            buf_put(out, hashes, (size_t)level);
            buf_putc(out, ' ');
            put_cell(out, s, n);
            buf_putc(out, '\n');
            break;
        }
        case BLOCK_LIST_ITEM:
            for (int k = 1; k < b->level; k++)
                buf_puts(out, "  ");
            buf_puts(out, b->ordered ? "1. " : "- ");
            put_cell(out, s, n);
            buf_putc(out, '\n');
            break;
        case BLOCK_QUOTE:
            put_lines(out, "> ", s, n, 0);
            break;
        case BLOCK_PRE:
            buf_puts(out, "```\n");
            buf_put(out, s, n);
            buf_puts(out, "\n```\n");
            break;
        case BLOCK_CELL:
            cells = 1;
            buf_puts(out, "| ");
            put_cell(out, s, n);
            break;
        default:
            put_lines(out, "", s, n, 1);
            break;
        }
        prev = b;
    }
    if (prev && prev->kind == BLOCK_CELL)
        buf_puts(out, " |\n");
}
