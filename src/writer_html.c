/* HTML: the kept content as a fragment a page can show as it is.  Nothing
 * of the page's markup is copied: every element is written here from the
 * block model, so no script, style, event handler or unknown attribute can
 * come through; text and attribute values are escaped; link and image URLs
 * pass url_resolve, which lets only http, https and mailto through. */
#include <string.h>

#include "url.h"
#include "writer.h"

typedef struct html {
    const doc *d;
    buf *out;
    const char *base;
    int one_line; /* line breaks as spaces (headings, cells, terms) */
    int link;     /* a link is open: no other inside */
    int figure;   /* a caption's images at its start are the figure's, written before */
    int links[64]; /* whether each open span wrote its element */
    size_t depth;
} html;

/* Escapes text for an element's content or a quoted attribute value. */
static void put_escaped(buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&':
            buf_puts(out, "&amp;");
            break;
        case '<':
            buf_puts(out, "&lt;");
            break;
        case '>':
            buf_puts(out, "&gt;");
            break;
        case '"':
            buf_puts(out, "&quot;");
            break;
        case '\'':
            buf_puts(out, "&#39;");
            break;
        case '\r':
            break;
        default:
            buf_putc(out, s[i]);
        }
    }
}

static void h_text(void *ctx, const char *s, size_t n)
{
    html *h = ctx;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '\n')
            j++;
        put_escaped(h->out, s + i, j - i);
        if (j < n)
            buf_puts(h->out, h->one_line ? " " : "<br>\n");
        i = j + 1;
    }
}

static const char *span_tag(span_kind k)
{
    switch (k) {
    case SPAN_EM:
        return "em";
    case SPAN_STRONG:
        return "strong";
    case SPAN_CODE:
        return "code";
    case SPAN_DEL:
        return "del";
    case SPAN_SUB:
        return "sub";
    case SPAN_SUP:
        return "sup";
    default:
        return NULL;
    }
}

/* Appends attr="URL", ref resolved; returns -1, writing nothing, when the
 * URL is not safe. */
static int put_url_attr(html *h, const char *attr, const char *ref)
{
    buf u = BUF_INIT;
    int st = url_resolve(&u, h->base, ref);
    if (st == 0) {
        buf_putc(h->out, ' ');
        buf_puts(h->out, attr);
        buf_puts(h->out, "=\"");
        put_escaped(h->out, u.data, u.len);
        buf_putc(h->out, '"');
    }
    buf_free(&u);
    return st;
}

static void h_open(void *ctx, const inline_span *sp, const char *s, size_t n)
{
    (void)s;
    (void)n;
    html *h = ctx;
    int wrote = 0;
    const char *tag = span_tag(sp->kind);
    if (sp->kind == SPAN_LINK && !h->link) {
        size_t mark = h->out->len;
        buf_puts(h->out, "<a");
        if (put_url_attr(h, "href", sp->url) == 0) {
            buf_putc(h->out, '>');
            wrote = h->link = 1;
        } else {
            h->out->len = mark; /* an unsafe link is its text */
        }
    } else if (tag) {
        buf_putc(h->out, '<');
        buf_puts(h->out, tag);
        buf_putc(h->out, '>');
        wrote = 1;
    }
    if (h->depth < sizeof h->links / sizeof h->links[0])
        h->links[h->depth++] = wrote;
}

static void h_close(void *ctx, const inline_span *sp)
{
    html *h = ctx;
    if (!h->depth || !h->links[--h->depth])
        return;
    if (sp->kind == SPAN_LINK) {
        buf_puts(h->out, "</a>");
        h->link = 0;
        return;
    }
    buf_puts(h->out, "</");
    buf_puts(h->out, span_tag(sp->kind));
    buf_putc(h->out, '>');
}

static void h_image(void *ctx, const inline_span *sp)
{
    html *h = ctx;
    if (h->figure && sp->start == 0)
        return;
    size_t mark = h->out->len;
    buf_puts(h->out, "<img");
    if (put_url_attr(h, "src", sp->url) != 0) {
        h->out->len = mark;
        return;
    }
    buf_puts(h->out, " alt=\"");
    if (sp->alt)
        put_escaped(h->out, sp->alt, strlen(sp->alt));
    buf_puts(h->out, "\">");
}

static const inline_ops html_ops = {h_text, h_open, h_close, h_image};

static void put_inline(html *h, size_t i, int one_line)
{
    const char *s;
    size_t n = block_text(h->d, &h->d->blocks[i], &s);
    h->one_line = one_line;
    h->link = 0;
    h->depth = 0;
    if (!h->d->html) {
        /* Plain text: the lines of a paragraph as they wrapped. */
        size_t k = 0;
        while (k <= n) {
            size_t e = k;
            while (e < n && s[e] != '\n')
                e++;
            size_t a = k, z = e;
            while (a < z && (s[a] == ' ' || s[a] == '\t'))
                a++;
            while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\r'))
                z--;
            if (k)
                buf_putc(h->out, '\n');
            put_escaped(h->out, s + a, z - a);
            k = e + 1;
        }
        return;
    }
    inline_render(h->d, i, s, n, &html_ops, h);
}

static void put_element(html *h, const char *tag, size_t i, int one_line)
{
    buf_putc(h->out, '<');
    buf_puts(h->out, tag);
    buf_putc(h->out, '>');
    put_inline(h, i, one_line);
    buf_puts(h->out, "</");
    buf_puts(h->out, tag);
    buf_puts(h->out, ">\n");
}

/* The open lists: their kind ('u', 'o', 'd') and depth, closed as the
 * items leave them. */
typedef struct lists {
    char kind[16];
    int level[16];
    size_t n;
    int item_open[16];
} lists;

static void close_lists(html *h, lists *l, size_t keep)
{
    while (l->n > keep) {
        l->n--;
        if (l->item_open[l->n])
            buf_puts(h->out, l->kind[l->n] == 'd' ? "" : "</li>\n");
        buf_puts(h->out, l->kind[l->n] == 'u' ? "</ul>\n" : l->kind[l->n] == 'o' ? "</ol>\n" : "</dl>\n");
    }
}

static void put_item(html *h, lists *l, size_t i)
{
    const block *b = &h->d->blocks[i];
    int tag = block_item_tag(h->d, b);
    char kind = tag == 'l' ? (b->ordered ? 'o' : 'u') : 'd';
    int level = b->level;
    const char *s;
    size_t n = block_text(h->d, b, &s);
    size_t skip = 0;
    if (!h->d->html) {
        int ordered;
        size_t indent;
        skip = text_marker(s, n, &ordered, &indent);
        kind = ordered ? 'o' : 'u';
        level = (int)indent;
    }
    /* Close deeper lists and lists of another kind at the same depth. */
    while (l->n && (l->level[l->n - 1] > level || (l->level[l->n - 1] == level && l->kind[l->n - 1] != kind)))
        close_lists(h, l, l->n - 1);
    if (!l->n || l->level[l->n - 1] < level) {
        if (l->n == sizeof l->kind) {
            close_lists(h, l, l->n - 1);
        }
        if (l->n && l->item_open[l->n - 1])
            buf_putc(h->out, '\n'); /* a list inside the item */
        buf_puts(h->out, kind == 'u' ? "<ul>\n" : kind == 'o' ? "<ol>\n" : "<dl>\n");
        l->kind[l->n] = kind;
        l->level[l->n] = level;
        l->item_open[l->n] = 0;
        l->n++;
    } else if (l->item_open[l->n - 1] && kind != 'd') {
        buf_puts(h->out, "</li>\n");
        l->item_open[l->n - 1] = 0;
    }
    if (kind == 'd') {
        put_element(h, tag == 't' ? "dt" : "dd", i, tag == 't');
        return;
    }
    buf_puts(h->out, "<li>");
    if (skip) {
        put_escaped(h->out, s + skip, n - skip);
    } else {
        put_inline(h, i, 0);
    }
    l->item_open[l->n - 1] = 1;
}

static void put_table(html *h, size_t i, size_t end)
{
    const doc *d = h->d;
    buf_puts(h->out, "<table>\n<tr>");
    int cells = 0;
    uint32_t row = 0;
    for (size_t j = i; j < end; j++) {
        const block *b = &d->blocks[j];
        if (!b->kept)
            continue;
        if (cells && b->group != row)
            buf_puts(h->out, "</tr>\n<tr>");
        row = b->group;
        cells++;
        const char *tag = block_is_header_cell(d, b) ? "th" : "td";
        buf_putc(h->out, '<');
        buf_puts(h->out, tag);
        buf_putc(h->out, '>');
        put_inline(h, j, 1);
        buf_puts(h->out, "</");
        buf_puts(h->out, tag);
        buf_putc(h->out, '>');
    }
    buf_puts(h->out, "</tr>\n</table>\n");
}

void writer_html(const doc *d, unsigned flags, buf *out)
{
    if (!doc_kept_any(d))
        return;
    buf base = BUF_INIT;
    html h;
    memset(&h, 0, sizeof h);
    h.d = d;
    h.out = out;
    h.base = doc_base(d, &base);
    lists l;
    memset(&l, 0, sizeof l);
    buf_puts(out, "<article>\n");
    if (d->html && headline_needed(d)) {
        buf_puts(out, "<h1>");
        put_escaped(out, doc_headline(d), strlen(doc_headline(d)));
        buf_puts(out, "</h1>\n");
    }
    int in_quote = 0;
    for (size_t i = 0; i < d->n_blocks;) {
        const block *b = &d->blocks[i];
        if (!b->kept) {
            i++;
            continue;
        }
        if (b->kind != BLOCK_LIST_ITEM)
            close_lists(&h, &l, 0);
        if (b->kind != BLOCK_QUOTE && in_quote) {
            buf_puts(out, "</blockquote>\n");
            in_quote = 0;
        }
        switch (b->kind) {
        case BLOCK_HEADING: {
            char tag[3] = {'h', (char)('0' + (b->level >= 1 && b->level <= 6 ? b->level : 2)), '\0'};
            put_element(&h, tag, i, 1);
            break;
        }
        case BLOCK_LIST_ITEM:
            put_item(&h, &l, i);
            break;
        case BLOCK_QUOTE:
            if (!in_quote)
                buf_puts(out, "<blockquote>\n");
            in_quote = 1;
            put_element(&h, "p", i, 0);
            break;
        case BLOCK_PRE: {
            const char *s;
            size_t n = block_text(d, b, &s);
            const char *lang = pre_language(d, i);
            buf_puts(out, "<pre><code");
            if (lang) {
                buf_puts(out, " class=\"language-");
                put_escaped(out, lang, strlen(lang));
                buf_putc(out, '"');
            }
            buf_putc(out, '>');
            put_escaped(out, s, n);
            buf_puts(out, "</code></pre>\n");
            break;
        }
        case BLOCK_CAPTION: {
            buf_puts(out, "<figure>");
            size_t k, end = block_spans(d, i, &k);
            for (; k < end && d->spans[k].start == 0; k++)
                if (d->spans[k].kind == SPAN_IMAGE)
                    h_image(&h, &d->spans[k]);
            h.figure = 1;
            put_element(&h, "figcaption", i, 0);
            h.figure = 0;
            out->len--;
            buf_puts(out, "</figure>\n");
            break;
        }
        case BLOCK_CELL: {
            int layout;
            size_t end = table_end(d, i, &layout);
            if (!layout) {
                put_table(&h, i, end);
            } else {
                for (size_t j = i; j < end; j++)
                    if (d->blocks[j].kept)
                        put_element(&h, "p", j, 0);
            }
            i = end;
            continue;
        }
        default:
            put_element(&h, "p", i, 0);
            break;
        }
        i++;
    }
    close_lists(&h, &l, 0);
    if (in_quote)
        buf_puts(out, "</blockquote>\n");
    int comments = 0;
    for (size_t i = 0; (flags & DECRUFT_RENDER_COMMENTS) && i < d->n_blocks; i++) {
        if (!block_is_comment(d, &d->blocks[i]))
            continue;
        if (!comments)
            buf_puts(out, "<section>\n<h2>Comments</h2>\n");
        comments = 1;
        put_element(&h, "p", i, 0);
    }
    if (comments)
        buf_puts(out, "</section>\n");
    buf_puts(out, "</article>\n");
    buf_free(&base);
}
