/* What the Markdown and HTML writers share: the elements around a block
 * (list item, table), its inline spans in order, the headline, the base of
 * relative URLs, and the list markers of plain text. */
#include <string.h>

#include "metadata.h"
#include "reader_html.h"
#include "url.h"
#include "writer.h"

/* The nearest ancestor of b (itself included) whose tag is one of codes. */
static uint32_t ancestor(const doc *d, const block *b, const unsigned *codes, size_t n_codes)
{
    for (uint32_t k = b->node; k != UINT32_MAX && k < d->n_nodes; k = d->nodes[k].parent)
        for (size_t i = 0; i < n_codes; i++)
            if (codes[i] && d->nodes[k].tag == codes[i])
                return k;
    return UINT32_MAX;
}

int block_item_tag(const doc *d, const block *b)
{
    if (!d->html)
        return 'l';
    const unsigned codes[] = {reader_html_tag_code("li"), reader_html_tag_code("dt"), reader_html_tag_code("dd")};
    uint32_t k = ancestor(d, b, codes, 3);
    if (k == UINT32_MAX || d->nodes[k].tag == codes[0])
        return 'l';
    return d->nodes[k].tag == codes[1] ? 't' : 'd';
}

uint32_t block_table(const doc *d, const block *b)
{
    const unsigned code = reader_html_tag_code("table");
    return d->html ? ancestor(d, b, &code, 1) : UINT32_MAX;
}

int block_is_header_cell(const doc *d, const block *b)
{
    const unsigned codes[] = {reader_html_tag_code("td"), reader_html_tag_code("th")};
    uint32_t k = d->html ? ancestor(d, b, codes, 2) : UINT32_MAX;
    return k != UINT32_MAX && d->nodes[k].tag == codes[1];
}

size_t table_end(const doc *d, size_t i, int *layout)
{
    uint32_t table = block_table(d, &d->blocks[i]);
    size_t j = i;
    *layout = 1;
    const block *prev = NULL;
    for (; j < d->n_blocks; j++) {
        const block *b = &d->blocks[j];
        if (!b->kept)
            continue;
        if (b->kind != BLOCK_CELL || block_table(d, b) != table)
            break;
        if (prev && prev->group == b->group)
            *layout = 0; /* a row of two cells: data */
        prev = b;
    }
    return j;
}

size_t block_spans(const doc *d, size_t i, size_t *first)
{
    size_t lo = 0, hi = d->n_spans;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->spans[mid].block < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    while (hi < d->n_spans && d->spans[hi].block == i)
        hi++;
    return hi;
}

const char *pre_language(const doc *d, size_t i)
{
    size_t k, end = block_spans(d, i, &k);
    for (; k < end; k++)
        if (d->spans[k].kind == SPAN_CODE && d->spans[k].url)
            return d->spans[k].url;
    return NULL;
}

/* Spans nest at most SPAN_OPEN_MAX deep (reader_html); deeper ones, which
 * cannot occur, are read as text. */
#define INLINE_DEPTH 64

void inline_render(const doc *d, size_t i, const char *s, size_t n, const inline_ops *ops, void *ctx)
{
    struct {
        const inline_span *sp;
        size_t end;
    } stack[INLINE_DEPTH];
    size_t depth = 0, k, end = block_spans(d, i, &k), p = 0;
    for (;;) {
        while (depth && stack[depth - 1].end <= p)
            ops->close(ctx, stack[--depth].sp);
        while (k < end && d->spans[k].start <= p) {
            const inline_span *sp = &d->spans[k++];
            if (sp->kind == SPAN_IMAGE) {
                ops->image(ctx, sp);
            } else if (depth < INLINE_DEPTH && sp->end > p) {
                size_t e = sp->end < n ? sp->end : n;
                if (depth && stack[depth - 1].end < e)
                    e = stack[depth - 1].end;
                stack[depth].sp = sp;
                stack[depth++].end = e;
                ops->open(ctx, sp, s + p, e - p);
            }
        }
        if (p >= n)
            break;
        size_t next = n;
        if (k < end && d->spans[k].start < next)
            next = d->spans[k].start;
        if (depth && stack[depth - 1].end < next)
            next = stack[depth - 1].end;
        ops->text(ctx, s + p, next - p);
        p = next;
    }
    while (depth)
        ops->close(ctx, stack[--depth].sp);
}

/* Appends the letters and digits of s, ASCII lower-cased: what two
 * renderings of a headline share. */
static void put_key(buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || (c >= '0' && c <= '9'))
            buf_putc(out, (char)c);
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            buf_putc(out, (char)(c | 0x20));
    }
}

int block_is_comment(const doc *d, const block *b)
{
    return d->html && !b->kept && (b->dom & DOM_COMMENTS) && b->n_words > 0 && !b->dup_of &&
           !(b->reason && !strncmp(b->reason, "rule:", 5));
}

int doc_kept_any(const doc *d)
{
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].kept)
            return 1;
    return 0;
}

const char *doc_headline(const doc *d)
{
    const char *headline = d->meta ? d->meta->value[DECRUFT_META_TITLE] : NULL;
    return headline ? headline : d->title;
}

int headline_needed(const doc *d)
{
    const char *title = doc_headline(d);
    if (!title || !title[0])
        return 0;
    const block *first = NULL;
    for (size_t i = 0; i < d->n_blocks && !first; i++)
        if (d->blocks[i].kept)
            first = &d->blocks[i];
    if (!first)
        return 1;
    const char *s;
    size_t n = block_text(d, first, &s);
    buf t = BUF_INIT, h = BUF_INIT;
    put_key(&t, title, strlen(title));
    put_key(&h, s, n);
    /* The <title> often carries the site's name after the headline. */
    int same = h.len && (h.len == t.len || first->kind == BLOCK_HEADING) && h.len <= t.len &&
               !memcmp(t.data, h.data, h.len);
    buf_free(&t);
    buf_free(&h);
    return !same;
}

const char *doc_base(const doc *d, buf *out)
{
    const char *page = d->base_url ? d->base_url : d->canonical;
    if (!url_is_base(page))
        page = NULL;
    if (d->base_href && url_resolve(out, page, d->base_href) == 0 && url_is_base(out->data) && !out->oom)
        return out->data;
    out->len = 0;
    if (page)
        buf_puts(out, page);
    return page && !out->oom ? out->data : NULL;
}

/* The bullets plain text uses (reader_text.c's list markers). */
static size_t bullet_len(const char *s, size_t n)
{
    static const char *const bullets[] = {"*", "-", "+", "\xE2\x80\xA2", "\xC2\xB7", "\xE2\x97\xA6", "\xE2\x96\xAA",
                                          "\xE2\x97\x8F", "\xE2\x80\x93", "\xE2\x81\x83", "\xE2\x96\xB8",
                                          "\xE2\x96\xBA", "\xE2\x9E\xA2"};
    for (size_t i = 0; i < sizeof bullets / sizeof bullets[0]; i++) {
        size_t k = strlen(bullets[i]);
        if (k <= n && !memcmp(s, bullets[i], k))
            return k;
    }
    return 0;
}

size_t text_marker(const char *s, size_t n, int *ordered, size_t *indent)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    *indent = i;
    *ordered = 0;
    size_t k = bullet_len(s + i, n - i);
    /* Lynx marks nested levels with 'o', '#' and '@'. */
    if (!k && i >= 5 && i < n && (s[i] == 'o' || s[i] == '#' || s[i] == '@'))
        k = 1;
    if (!k) {
        while (i + k < n && k < 3 && s[i + k] >= '0' && s[i + k] <= '9')
            k++;
        if (!k && i + 1 < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') && s[i + 1] == ')')
            k = 1;
        if (!k || i + k >= n || (s[i + k] != '.' && s[i + k] != ')'))
            return 0;
        k++;
        *ordered = 1;
    }
    if (i + k == n)
        return n; /* a bare bullet */
    if (s[i + k] != ' ' && s[i + k] != '\t')
        return 0;
    k += i;
    while (k < n && (s[k] == ' ' || s[k] == '\t'))
        k++;
    return k;
}
