/* Markdown (CommonMark, with GFM tables and strikethrough, and the
 * definition lists of pandoc and PHP Markdown Extra for <dl>): what the
 * reader kept of the markup, escaped so that the text reads back as it
 * was. */
#include <string.h>

#include "url.h"
#include "writer.h"

/* How deep inline markup is tracked: spans nest no deeper (reader_html). */
#define MD_DEPTH 64

typedef struct md {
    const doc *d;
    buf *out;
    unsigned flags;
    const char *base;
    const char *prefix; /* written after each line break: "> ", indentation */
    int one_line;       /* headings and cells: line breaks as spaces */
    int heading;        /* '#' escaped: a trailing one would close the heading */
    int cell;           /* '|' escaped */
    int line_start;     /* the next byte starts a line */
    int code;           /* inside a code span: its text as it is */
    int link;           /* inside a link written as [text](URL): no other */
    char close[MD_DEPTH][24]; /* what ends each open span; "]" for a link */
    size_t depth;
} md;

/* Where a backslash keeps the line s, n from starting a block construct
 * of Markdown that the inline escapes leave alone: 1 before its first byte,
 * k + 1 before byte k (the "." of "1."), 0 when it starts none. */
static size_t starts_block(const char *s, size_t n)
{
    if (!n)
        return 0;
    if (s[0] == '#' || s[0] == '>' || s[0] == '=' || (n >= 3 && !memcmp(s, "~~~", 3)))
        return 1;
    if ((s[0] == '-' || s[0] == '+') && (n == 1 || s[1] == ' ' || s[1] == '\t' || s[1] == '-'))
        return 1;
    size_t i = 0;
    while (i < n && i < 9 && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > 0 && i < n && (s[i] == '.' || s[i] == ')') ? i + 1 : 0;
}

/* Whether s, n starts with an entity reference ("&amp;", "&#38;"), which
 * Markdown would decode. */
static int entity_at(const char *s, size_t n)
{
    size_t i = 1;
    while (i < n && i < 33 && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
                               (i == 1 && s[i] == '#')))
        i++;
    return i > 1 && i < n && s[i] == ';';
}

static void md_break(md *m)
{
    if (m->one_line) {
        buf_putc(m->out, ' ');
        return;
    }
    buf_puts(m->out, "\\\n"); /* a hard line break, as <br> was */
    buf_puts(m->out, m->prefix);
    m->line_start = 1;
}

static void md_text(void *ctx, const char *s, size_t n)
{
    md *m = ctx;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r') {
            if (m->code)
                buf_putc(m->out, ' ');
            else
                md_break(m);
            if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
                i++;
            continue;
        }
        if (m->code) {
            buf_putc(m->out, c);
            continue;
        }
        if (m->line_start) {
            size_t e = i;
            while (e < n && s[e] != '\n')
                e++;
            size_t at = starts_block(s + i, e - i);
            if (at > 1) {
                buf_put(m->out, s + i, at - 1);
                i += at - 1;
                c = s[i];
            }
            if (at)
                buf_putc(m->out, '\\');
            m->line_start = 0;
        }
        if (strchr("\\`*_[]<", c) || (c == '#' && m->heading) || (c == '|' && m->cell) ||
            (c == '~' && i + 1 < n && s[i + 1] == '~') || (c == '&' && entity_at(s + i, n - i)))
            buf_putc(m->out, '\\');
        buf_putc(m->out, c);
    }
}

/* A URL as a Markdown link destination: the bytes that would end it or
 * break it percent-encoded. */
static void put_url(buf *out, const char *u, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)u[i];
        if (c <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '\\') {
            buf_putc(out, '%');
            buf_putc(out, hex[c >> 4]);
            buf_putc(out, hex[c & 15]);
        } else {
            buf_putc(out, (char)c);
        }
    }
}

/* The longest run of backticks in s. */
static size_t backtick_run(const char *s, size_t n)
{
    size_t best = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        best = run > best ? run : best;
    }
    return best;
}

static void md_open(void *ctx, const inline_span *sp, const char *s, size_t n)
{
    md *m = ctx;
    char close[24] = "";
    if (m->code || m->depth >= MD_DEPTH) {
        /* inside code: markup would be read as text */
    } else if (sp->kind == SPAN_EM || sp->kind == SPAN_STRONG || sp->kind == SPAN_DEL) {
        strcpy(close, sp->kind == SPAN_EM ? "*" : sp->kind == SPAN_STRONG ? "**" : "~~");
        buf_puts(m->out, close);
        m->line_start = 0; /* "*" or "~~" at a line's start starts no block */
    } else if (sp->kind == SPAN_CODE) {
        /* A run of backticks longer than any inside; a space inside each
         * end when the code starts or ends with one. */
        size_t k = backtick_run(s, n) + 1, w = 0;
        k = k < 20 ? k : 20;
        int pad = n && (s[0] == '`' || s[n - 1] == '`');
        if (pad)
            close[w++] = ' ';
        memset(close + w, '`', k);
        close[w + k] = '\0';
        buf_puts(m->out, close + w);
        if (pad)
            buf_putc(m->out, ' ');
        m->code = 1;
        m->line_start = 0;
    } else if (sp->kind == SPAN_LINK && (m->flags & DECRUFT_RENDER_LINKS) && !m->link) {
        buf u = BUF_INIT;
        if (url_resolve(&u, m->base, sp->url) == 0) {
            buf_putc(m->out, '[');
            strcpy(close, "]");
            m->line_start = 0;
            m->link = 1;
        }
        buf_free(&u);
    }
    if (m->depth < MD_DEPTH)
        strcpy(m->close[m->depth++], close);
}

static void md_close(void *ctx, const inline_span *sp)
{
    md *m = ctx;
    if (!m->depth)
        return;
    const char *close = m->close[--m->depth];
    if (sp->kind == SPAN_CODE && close[0])
        m->code = 0;
    if (sp->kind == SPAN_LINK && close[0]) {
        m->link = 0;
        buf u = BUF_INIT;
        url_resolve(&u, m->base, sp->url);
        buf_puts(m->out, "](");
        put_url(m->out, u.data, u.len);
        buf_putc(m->out, ')');
        buf_free(&u);
        return;
    }
    buf_puts(m->out, close);
}

static void md_image(void *ctx, const inline_span *sp)
{
    md *m = ctx;
    if (!(m->flags & DECRUFT_RENDER_IMAGES) || m->code)
        return;
    buf u = BUF_INIT;
    if (url_resolve(&u, m->base, sp->url) == 0) {
        buf_puts(m->out, "![");
        for (const char *a = sp->alt ? sp->alt : ""; *a; a++) {
            if (*a == '[' || *a == ']' || *a == '\\' || *a == '<')
                buf_putc(m->out, '\\');
            buf_putc(m->out, *a == '\n' ? ' ' : *a);
        }
        buf_puts(m->out, "](");
        put_url(m->out, u.data, u.len);
        buf_puts(m->out, ")");
        m->line_start = 0;
    }
    buf_free(&u);
}

static const inline_ops md_ops = {md_text, md_open, md_close, md_image};

/* Block i's text with its inline markup. */
static void put_inline(md *m, size_t i, const char *prefix, int one_line)
{
    const char *s;
    size_t n = block_text(m->d, &m->d->blocks[i], &s);
    m->prefix = prefix;
    m->one_line = one_line;
    m->line_start = 1;
    m->code = 0;
    m->link = 0;
    m->depth = 0;
    inline_render(m->d, i, s, n, &md_ops, m);
}

static void put_fence(md *m, size_t i)
{
    const char *s;
    size_t n = block_text(m->d, &m->d->blocks[i], &s);
    /* A fence longer than any run of backticks inside: the code cannot
     * close it early. */
    size_t k = backtick_run(s, n) + 1;
    k = k < 3 ? 3 : k;
    const char *lang = pre_language(m->d, i);
    for (size_t j = 0; j < k; j++)
        buf_putc(m->out, '`');
    if (lang)
        buf_puts(m->out, lang);
    buf_putc(m->out, '\n');
    buf_put(m->out, s, n);
    buf_putc(m->out, '\n');
    for (size_t j = 0; j < k; j++)
        buf_putc(m->out, '`');
    buf_putc(m->out, '\n');
}

/* Cells [i, end) of one table, rows by their group; the first row stands
 * as the header GFM requires. */
static void put_table(md *m, size_t i, size_t end)
{
    const doc *d = m->d;
    int rows = 0, cells = 0;
    uint32_t row = 0;
    m->cell = 1;
    for (size_t j = i; j < end; j++) {
        const block *b = &d->blocks[j];
        if (!b->kept)
            continue;
        if (cells && b->group != row) {
            buf_puts(m->out, " |\n");
            if (rows++ == 0) {
                for (int c = 0; c < cells; c++)
                    buf_puts(m->out, "| --- ");
                buf_puts(m->out, "|\n");
            }
            cells = 0;
        }
        buf_puts(m->out, cells ? " | " : "| ");
        row = b->group;
        cells++;
        put_inline(m, j, "", 1);
    }
    buf_puts(m->out, " |\n");
    if (rows == 0) {
        for (int c = 0; c < cells; c++)
            buf_puts(m->out, "| --- ");
        buf_puts(m->out, "|\n");
    }
    m->cell = 0;
}

/* Plain text: paragraphs line by line, trimmed of the indentation that
 * Markdown would read as code; list items with their markers as Markdown's,
 * nested by indentation. */
static void put_text_block(md *m, const block *b, size_t *indents, size_t *n_indents)
{
    const char *s;
    size_t n = block_text(m->d, b, &s);
    m->one_line = 0;
    m->code = 0;
    char prefix[64] = "";
    size_t i = 0;
    if (b->kind == BLOCK_LIST_ITEM) {
        int ordered;
        size_t indent, line = 0;
        while (line < n && s[line] != '\n')
            line++;
        size_t k = text_marker(s, line, &ordered, &indent);
        if (k) {
            while (*n_indents && indents[*n_indents - 1] > indent)
                (*n_indents)--;
            if (!*n_indents || indents[*n_indents - 1] < indent) {
                if (*n_indents < 9)
                    indents[(*n_indents)++] = indent;
            }
            size_t level = *n_indents ? *n_indents - 1 : 0, w = 0;
            for (size_t l = 0; l < level && w + 4 < sizeof prefix; l++, w += 4)
                memcpy(prefix + w, "    ", 4);
            prefix[w] = '\0';
            buf_puts(m->out, prefix);
            size_t digits = 0;
            while (digits < k && s[indent + digits] >= '0' && s[indent + digits] <= '9')
                digits++;
            if (ordered && digits) {
                buf_put(m->out, s + indent, digits);
                buf_puts(m->out, ". ");
                memcpy(prefix + w, "    ", 4);
            } else {
                buf_puts(m->out, "- ");
                memcpy(prefix + w, "  ", 3);
                if (ordered) /* "a)": no Markdown list numbers with letters */
                    k = indent;
            }
            prefix[w + (ordered && digits ? 4 : 2)] = '\0';
            i = k;
        }
    }
    int first = 1;
    while (i <= n) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        size_t a = i, z = e;
        while (a < z && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\r'))
            z--;
        if (!first)
            buf_puts(m->out, prefix);
        m->line_start = 1;
        m->prefix = prefix; /* a lone CR inside the line breaks it too */
        md_text(m, s + a, z - a);
        buf_putc(m->out, '\n');
        first = 0;
        i = e + 1;
    }
    m->prefix = ""; /* not left pointing into this frame */
}

static void text_markdown(md *m)
{
    const doc *d = m->d;
    const block *prev = NULL;
    size_t indents[9], n_indents = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        const block *b = &d->blocks[i];
        if (!b->kept)
            continue;
        int same_list = prev && prev->kind == BLOCK_LIST_ITEM && b->kind == BLOCK_LIST_ITEM && b->start == prev->end;
        if (!same_list)
            n_indents = 0;
        if (prev && !same_list)
            buf_putc(m->out, '\n');
        put_text_block(m, b, indents, &n_indents);
        prev = b;
    }
}

void writer_markdown(const doc *d, unsigned flags, buf *out)
{
    /* The metadata does not depend on what was kept: a page that is all
     * cruft still says who wrote it. */
    size_t front = out->len;
    if (flags & DECRUFT_RENDER_METADATA)
        writer_front_matter(d, out);
    if (!doc_kept_any(d))
        return;
    if (out->len > front)
        buf_putc(out, '\n');
    buf base = BUF_INIT;
    md m;
    memset(&m, 0, sizeof m);
    m.d = d;
    m.out = out;
    m.flags = flags;
    m.base = doc_base(d, &base);
    if (!d->html) {
        text_markdown(&m);
        buf_free(&base);
        return;
    }
    int any = 0;
    if (headline_needed(d)) {
        buf_puts(out, "# ");
        m.heading = m.one_line = 1;
        m.line_start = 1;
        md_text(&m, doc_headline(d), strlen(doc_headline(d)));
        m.heading = 0;
        buf_putc(out, '\n');
        any = 1;
    }
    const block *prev = NULL;
    int list_base = 1;
    for (size_t i = 0; i < d->n_blocks;) {
        const block *b = &d->blocks[i];
        if (!b->kept) {
            i++;
            continue;
        }
        int item = b->kind == BLOCK_LIST_ITEM ? block_item_tag(d, b) : 0;
        int same_list = prev && prev->kind == BLOCK_LIST_ITEM && item && item != 't' &&
                        (prev->group == b->group || prev->level != b->level);
        if (any && !same_list)
            buf_putc(out, '\n');
        any = 1;
        if (b->kind == BLOCK_CELL) {
            int layout;
            size_t end = table_end(d, i, &layout);
            if (!layout) {
                put_table(&m, i, end);
            } else {
                /* A table of one cell a row lays out the page: its cells
                 * are paragraphs. */
                int first = 1;
                for (size_t j = i; j < end; j++) {
                    if (!d->blocks[j].kept)
                        continue;
                    if (!first)
                        buf_putc(out, '\n');
                    put_inline(&m, j, "", 0);
                    buf_putc(out, '\n');
                    first = 0;
                }
            }
            prev = &d->blocks[end - 1];
            i = end;
            continue;
        }
        switch (b->kind) {
        case BLOCK_HEADING: {
            static const char hashes[] = "######";
            int level = b->level >= 1 && b->level <= 6 ? b->level : 2;
            buf_put(out, hashes, (size_t)level);
            buf_putc(out, ' ');
            m.heading = 1;
            put_inline(&m, i, "", 1);
            m.heading = 0;
            break;
        }
        case BLOCK_LIST_ITEM:
            if (item == 't') {
                put_inline(&m, i, "", 1);
            } else if (item == 'd') {
                buf_puts(out, ": ");
                put_inline(&m, i, "  ", 0);
            } else {
                /* Nested by the depth of the lists, from the first item
                 * of the run: an item whose parent list was dropped must
                 * not read as code. */
                if (!same_list || b->level < list_base)
                    list_base = b->level;
                char indent[40] = "";
                size_t w = 0;
                for (int k = list_base; k < b->level && w + 4 < sizeof indent - 4; k++, w += 4)
                    memcpy(indent + w, "    ", 4);
                indent[w] = '\0';
                buf_puts(out, indent);
                buf_puts(out, b->ordered ? "1. " : "- ");
                memcpy(indent + w, "    ", 4);
                indent[w + (b->ordered ? 3 : 2)] = '\0';
                put_inline(&m, i, indent, 0);
            }
            break;
        case BLOCK_QUOTE:
            buf_puts(out, "> ");
            put_inline(&m, i, "> ", 0);
            break;
        case BLOCK_PRE:
            put_fence(&m, i);
            break;
        default:
            put_inline(&m, i, "", 0);
            break;
        }
        if (b->kind != BLOCK_PRE)
            buf_putc(out, '\n');
        prev = b;
        i++;
    }
    if (flags & DECRUFT_RENDER_COMMENTS) {
        int header = 0;
        for (size_t i = 0; i < d->n_blocks; i++) {
            if (!block_is_comment(d, &d->blocks[i]))
                continue;
            if (!header)
                buf_puts(out, "\n## Comments\n");
            header = 1;
            buf_putc(out, '\n');
            put_inline(&m, i, "", 0);
            buf_putc(out, '\n');
        }
    }
    buf_free(&base);
}
