#include "reader_html.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errors.h"
#include "markup.h"
#include "metadata.h"
#include "html_bound.h"
#include "signals.h"
#include "work.h"
#include "xml_memory.h"

/* What an element is to the walk. */
enum {
    T_BLOCK = 1u << 0,     /* starts and ends a block of text */
    T_SKIP = 1u << 1,      /* holds no readable text (script, form controls) */
    T_BOILER = 1u << 2,    /* a semantic container of boilerplate */
    T_LIST = 1u << 4,      /* ul, ol: groups list items */
    T_ORDERED = 1u << 5,
    T_ROW = 1u << 6,       /* tr: groups cells */
    T_LINK = 1u << 7,
    T_BREAK = 1u << 8,     /* br */
    T_TITLE = 1u << 9,
    T_META = 1u << 10,
    T_PRE = 1u << 11,
    T_TABLE = 1u << 12,
    T_FALLBACK = 1u << 13  /* noscript, template: read only when the page has nothing else */
};

typedef struct tag_info {
    const char *name;
    unsigned flags;
    block_kind kind;
    uint8_t level;
} tag_info;

/* Sorted by name for bsearch. */
static const tag_info tags[] = {
    {"a", T_LINK, BLOCK_PARAGRAPH, 0},
    {"address", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"applet", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"area", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"article", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"aside", T_BLOCK | T_BOILER, BLOCK_PARAGRAPH, 0},
    {"audio", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"b", 0, BLOCK_PARAGRAPH, 0},
    {"blockquote", T_BLOCK, BLOCK_QUOTE, 0},
    {"body", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"br", T_BREAK, BLOCK_PARAGRAPH, 0},
    {"button", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"canvas", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"caption", T_BLOCK, BLOCK_CAPTION, 0},
    {"center", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"cite", 0, BLOCK_PARAGRAPH, 0},
    {"code", 0, BLOCK_PARAGRAPH, 0},
    {"datalist", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"dd", T_BLOCK, BLOCK_LIST_ITEM, 0},
    {"details", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"dialog", T_BLOCK | T_BOILER, BLOCK_PARAGRAPH, 0},
    {"dir", T_BLOCK | T_LIST, BLOCK_PARAGRAPH, 0},
    {"div", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"dl", T_BLOCK | T_LIST, BLOCK_PARAGRAPH, 0},
    {"dt", T_BLOCK, BLOCK_LIST_ITEM, 0},
    {"em", 0, BLOCK_PARAGRAPH, 0},
    {"embed", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"fieldset", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"figcaption", T_BLOCK, BLOCK_CAPTION, 0},
    {"figure", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"footer", T_BLOCK | T_BOILER, BLOCK_PARAGRAPH, 0},
    {"form", T_BLOCK | T_BOILER, BLOCK_PARAGRAPH, 0},
    {"frameset", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"h1", T_BLOCK, BLOCK_HEADING, 1},
    {"h2", T_BLOCK, BLOCK_HEADING, 2},
    {"h3", T_BLOCK, BLOCK_HEADING, 3},
    {"h4", T_BLOCK, BLOCK_HEADING, 4},
    {"h5", T_BLOCK, BLOCK_HEADING, 5},
    {"h6", T_BLOCK, BLOCK_HEADING, 6},
    {"head", 0, BLOCK_PARAGRAPH, 0},
    {"header", T_BLOCK | T_BOILER, BLOCK_PARAGRAPH, 0},
    {"hgroup", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"hr", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"html", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"i", 0, BLOCK_PARAGRAPH, 0},
    {"iframe", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"input", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"label", 0, BLOCK_PARAGRAPH, 0},
    {"li", T_BLOCK, BLOCK_LIST_ITEM, 0},
    {"main", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"map", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"math", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"menu", T_BLOCK | T_BOILER | T_LIST, BLOCK_PARAGRAPH, 0},
    {"meta", T_META, BLOCK_PARAGRAPH, 0},
    {"nav", T_BLOCK | T_BOILER, BLOCK_PARAGRAPH, 0},
    {"noscript", T_SKIP | T_FALLBACK, BLOCK_PARAGRAPH, 0},
    {"object", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"ol", T_BLOCK | T_LIST | T_ORDERED, BLOCK_PARAGRAPH, 0},
    {"option", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"p", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"picture", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"pre", T_BLOCK | T_PRE, BLOCK_PRE, 0},
    {"script", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"section", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"select", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"small", 0, BLOCK_PARAGRAPH, 0},
    {"span", 0, BLOCK_PARAGRAPH, 0},
    {"strong", 0, BLOCK_PARAGRAPH, 0},
    {"style", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"summary", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"svg", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"table", T_BLOCK | T_TABLE, BLOCK_PARAGRAPH, 0},
    {"tbody", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"td", T_BLOCK, BLOCK_CELL, 0},
    {"template", T_SKIP | T_FALLBACK, BLOCK_PARAGRAPH, 0},
    {"textarea", T_SKIP, BLOCK_PARAGRAPH, 0},
    {"tfoot", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"th", T_BLOCK, BLOCK_CELL, 0},
    {"thead", T_BLOCK, BLOCK_PARAGRAPH, 0},
    {"time", 0, BLOCK_PARAGRAPH, 0},
    {"title", T_TITLE, BLOCK_PARAGRAPH, 0},
    {"tr", T_BLOCK | T_ROW, BLOCK_PARAGRAPH, 0},
    {"ul", T_BLOCK | T_LIST, BLOCK_PARAGRAPH, 0},
    {"video", T_SKIP, BLOCK_PARAGRAPH, 0},
};

static const tag_info no_tag = {"", 0, BLOCK_PARAGRAPH, 0};

#define N_TAGS (sizeof tags / sizeof tags[0])

unsigned reader_html_tag_code(const char *name)
{
    for (size_t i = 0; i < N_TAGS; i++)
        if (!strcmp(tags[i].name, name))
            return (unsigned)(i + 1);
    return 0;
}

static int tag_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const tag_info *)elem)->name);
}

static const tag_info *tag_lookup(const xmlChar *name)
{
    const tag_info *t = bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);
    return t ? t : &no_tag;
}

/* One open element of the walk. */
typedef struct frame {
    const tag_info *tag;
    uint32_t node;  /* index in nodes, or UINT32_MAX when it holds no block */
    block_kind kind; /* of blocks directly inside */
    uint8_t level;
    uint8_t ordered;
    uint8_t list_depth;
    uint32_t group;
    uint32_t table; /* the table a cell is in */
    uint32_t cell;
    uint8_t has_span; /* opened an inline span (inline_open) */
} frame;

/* Inline elements nested deeper than this in one another are read as plain
 * text: the spans still open when a block ends are carried into the next,
 * a cost per block that must stay bounded. */
#define SPAN_OPEN_MAX 32

/* A span of the block being collected: offsets into walker.cur until the
 * block is flushed; seq orders spans that start and end together (the
 * outer one opened first). */
typedef struct pending_span {
    inline_span s;
    uint32_t seq;
} pending_span;

typedef struct walker {
    buf text;  /* the document text: blocks and the blank lines between */
    buf cur;   /* the block being collected */
    int pending_space;
    uint32_t cur_link_chars;
    int in_link, in_pre;
    frame *stack;
    size_t depth, cap;
    block *blocks;
    size_t n_blocks, blocks_cap;
    dom_node *nodes;
    size_t n_nodes, nodes_cap;
    signal_cache *signals;
    arena *mem;
    int oom;
    uint32_t last_table, last_cell; /* of the last block, when a cell */
    int fallback;          /* read noscript and template elements */
    int in_template;       /* reading the markup of a template script */
    size_t fallback_bytes; /* text bytes in those, when skipped */
    size_t text_bytes;     /* text bytes read */
    char *title, *og_title;
    /* Inline markup (inline_open): spans of the blocks made, spans of the
     * block being collected that have closed, the ones still open. */
    inline_span *spans;
    size_t n_spans, spans_cap;
    pending_span *closed;
    size_t n_closed, closed_cap;
    pending_span open[SPAN_OPEN_MAX];
    size_t n_open;
    uint32_t span_seq;
    int in_figure; /* an image waits there for the caption's block */
    char *base_href, *canonical;
    work *work; /* the document's budget: a step a node, a step a text byte */
} walker;

/* Room for need items of size in v (capacity *cap): v itself, or a larger
 * copy, or NULL when memory runs out (v is then still valid). */
static void *grow(void *v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return v;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *p = realloc(v, n * size);
    if (p)
        *cap = n;
    return p;
}

static int is_html_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Appends text with HTML whitespace collapsed (kept as is inside <pre>),
 * and no-break spaces read as spaces. */
static void put_text(walker *w, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (!w->in_pre) {
            int nbsp = c == 0xC2 && p[1] == 0xA0;
            if (is_html_space(c) || nbsp) {
                p += nbsp;
                w->pending_space = w->cur.len > 0 && w->cur.data[w->cur.len - 1] != '\n';
                continue;
            }
            if (w->pending_space)
                buf_putc(&w->cur, ' ');
            w->pending_space = 0;
        }
        buf_putc(&w->cur, (char)c);
        if (w->in_link && (c & 0xC0) != 0x80 && !is_html_space(c))
            w->cur_link_chars++;
    }
}

/* Orders spans by start, outer ones first. */
static int span_cmp(const void *a, const void *b)
{
    const pending_span *x = a, *y = b;
    if (x->s.start != y->s.start)
        return x->s.start < y->s.start ? -1 : 1;
    if (x->s.end != y->s.end)
        return x->s.end > y->s.end ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The open spans go on into the next block, from its start. */
static void spans_restart(walker *w)
{
    for (size_t i = 0; i < w->n_open; i++)
        w->open[i].s.start = w->open[i].s.end = 0;
}

/* The block being collected came to nothing: its spans go, but for an
 * image of a figure, which belongs to the caption that follows. */
static void spans_discard(walker *w)
{
    size_t k = 0;
    for (size_t i = 0; w->in_figure && i < w->n_closed; i++)
        if (w->closed[i].s.kind == SPAN_IMAGE) {
            w->closed[k] = w->closed[i];
            w->closed[k].s.start = w->closed[k].s.end = 0;
            k++;
        }
    w->n_closed = k;
    spans_restart(w);
}

/* Gives the block just made (its text is the collected bytes [from, n),
 * at text) the spans of what was collected, the open ones cut at its end,
 * each trimmed of the spaces at its ends; empty ones go, but images. */
static void spans_commit(walker *w, const char *text, size_t from, size_t n)
{
    if (!w->n_closed && !w->n_open)
        return;
    pending_span *all = grow(w->closed, &w->closed_cap, w->n_closed + w->n_open, sizeof *w->closed);
    if (!all) {
        w->oom = 1;
        return;
    }
    w->closed = all;
    for (size_t i = 0; i < w->n_open; i++) {
        all[w->n_closed + i] = w->open[i];
        all[w->n_closed + i].s.end = (uint32_t)n;
    }
    size_t count = w->n_closed + w->n_open;
    qsort(all, count, sizeof *all, span_cmp);
    inline_span *out = grow(w->spans, &w->spans_cap, w->n_spans + count, sizeof *w->spans);
    if (!out) {
        w->oom = 1;
        return;
    }
    w->spans = out;
    size_t len = n - from;
    for (size_t i = 0; i < count; i++) {
        inline_span s = all[i].s;
        size_t a = s.start > from ? s.start - from : 0, e = s.end > from ? s.end - from : 0;
        a = a < len ? a : len;
        e = e < len ? e : len;
        if (s.kind == SPAN_IMAGE) {
            e = a;
        } else {
            while (a < e && is_html_space((unsigned char)text[a]))
                a++;
            while (e > a && is_html_space((unsigned char)text[e - 1]))
                e--;
            if (a == e)
                continue;
        }
        s.block = (uint32_t)(w->n_blocks - 1);
        s.start = (uint32_t)a;
        s.end = (uint32_t)e;
        w->spans[w->n_spans++] = s;
    }
    w->n_closed = 0;
    spans_restart(w);
}

/* Ends the block being collected, if it holds any text. */
static void flush(walker *w)
{
    size_t n = w->cur.len;
    while (n && is_html_space((unsigned char)w->cur.data[n - 1]))
        n--;
    size_t from = 0;
    while (from < n && w->cur.data[from] == '\n')
        from++;
    w->pending_space = 0;
    if (from == n) {
        spans_discard(w);
        w->cur.len = 0;
        w->cur_link_chars = 0;
        return;
    }
    const frame *f = &w->stack[w->depth - 1];
    block *blocks = grow(w->blocks, &w->blocks_cap, w->n_blocks + 1, sizeof *w->blocks);
    if (!blocks) {
        w->oom = 1;
        return;
    }
    w->blocks = blocks;
    block *prev = w->n_blocks ? &w->blocks[w->n_blocks - 1] : NULL;
    block_kind kind = f->kind;
    if (kind == BLOCK_CELL && prev && w->last_cell == f->cell && w->last_table == f->table) {
        /* A cell with paragraphs is page layout, not data. */
        kind = BLOCK_PARAGRAPH;
        if (prev->kind == BLOCK_CELL)
            prev->kind = BLOCK_PARAGRAPH;
    }
    /* Items of a list and rows of a table follow each other without a
     * blank line. */
    int same_group = prev && prev->kind == kind &&
                     ((kind == BLOCK_LIST_ITEM && prev->group == f->group) ||
                      (kind == BLOCK_CELL && w->last_table == f->table));
    w->last_table = f->table;
    w->last_cell = f->cell;
    if (prev && !same_group)
        buf_putc(&w->text, '\n');
    block *b = &w->blocks[w->n_blocks++];
    memset(b, 0, sizeof *b);
    b->start = w->text.len;
    buf_put(&w->text, w->cur.data + from, n - from);
    buf_putc(&w->text, '\n');
    b->end = w->text.len;
    b->first_line = w->n_blocks; /* markup has no lines: the block's number */
    b->n_lines = 1;
    for (size_t i = from; i < n; i++)
        b->n_lines += w->cur.data[i] == '\n';
    b->kind = kind;
    b->level = f->kind == BLOCK_LIST_ITEM ? f->list_depth : f->level;
    b->ordered = f->ordered;
    b->group = f->group;
    b->node = f->node;
    b->n_link_chars = w->cur_link_chars;
    spans_commit(w, w->cur.data + from, from, n);
    w->cur.len = 0;
    w->cur_link_chars = 0;
}

static const char *attr(const xmlNode *n, const char *name) { return markup_attr(n, name); }

static int contains_ci(const char *s, const char *needle) { return markup_contains_ci(s, needle); }

/* Hidden by markup: the hidden attribute, aria-hidden, or an inline style
 * that hides it.  Pages hide menus for small screens, copies of the
 * headline and text for screen readers only. */
static int is_hidden(const xmlNode *n)
{
    if (attr(n, "hidden"))
        return 1;
    const char *aria = attr(n, "aria-hidden");
    if (aria && !strcmp(aria, "true"))
        return 1;
    const char *style = attr(n, "style");
    if (!style)
        return 0;
    char squeezed[128];
    size_t k = 0;
    for (const char *p = style; *p && k + 1 < sizeof squeezed; p++)
        if (*p != ' ')
            squeezed[k++] = *p;
    squeezed[k] = '\0';
    return contains_ci(squeezed, "display:none") || contains_ci(squeezed, "visibility:hidden");
}

static char *node_text(const xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent((xmlNode *)n);
    if (!t)
        return NULL;
    char *s = strdup((const char *)t);
    xmlFree(t);
    return s;
}

static void read_meta(walker *w, const xmlNode *n)
{
    const char *prop = attr(n, "property");
    if (!prop)
        prop = attr(n, "name");
    const char *content = attr(n, "content");
    if (prop && content && !strcmp(prop, "og:title") && !w->og_title)
        w->og_title = strdup(content);
}

/* Whether the space-separated list holds word. */
static int has_token(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ' || p[-1] == '\t') && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t'))
            return 1;
    return 0;
}

/* The DOM_* signals of an element from its tag, role, itemprop, class and
 * id; *signal names the boilerplate one. */
static uint32_t element_signals(walker *w, const xmlNode *n, const tag_info *t, const char **signal)
{
    static const char *const boiler_roles[] = {"navigation", "banner", "contentinfo", "complementary",
                                               "search", "menu", "menubar", "dialog", "alertdialog"};
    uint32_t bits = 0;
    *signal = NULL;
    if (t->flags & T_BOILER) {
        bits |= DOM_BOILER;
        *signal = t->name;
    }
    const char *role = attr(n, "role");
    if (role) {
        for (size_t i = 0; i < sizeof boiler_roles / sizeof boiler_roles[0]; i++)
            if (!strcmp(role, boiler_roles[i])) {
                bits |= DOM_BOILER;
                *signal = boiler_roles[i];
            }
    }
    const char *itemprop = attr(n, "itemprop");
    if (itemprop && !strcmp(itemprop, "comment")) {
        bits |= DOM_COMMENTS;
        *signal = "comment";
    }
    if (itemprop && has_token(itemprop, "articleBody"))
        bits |= DOM_ARTICLE_BODY;
    const char *cls = attr(n, "class"), *id = attr(n, "id");
    if (cls || id) {
        const char *name;
        uint32_t found = signals_match(w->signals, cls, id, &name);
        if ((found & (DOM_BOILER | DOM_COMMENTS)) && !*signal)
            *signal = name;
        bits |= found;
    }
    return bits;
}

/* Longest class or id word the model reads: longer ones are generated
 * names (hashes of CSS modules), unique to a site. */
#define MARKUP_WORD_MAX 24

/* Appends the words of an attribute value, lower-cased, split at every
 * character that is not a letter ("entry-content" -> "entry content");
 * words with digits are dropped, as generated names carry them. */
static void put_words(buf *out, const char *v)
{
    while (v && *v) {
        while (*v && !((*v | 0x20) >= 'a' && (*v | 0x20) <= 'z') && !(*v >= '0' && *v <= '9'))
            v++;
        const char *w0 = v;
        int digit = 0;
        while ((((*v | 0x20) >= 'a' && (*v | 0x20) <= 'z') || (*v >= '0' && *v <= '9'))) {
            digit |= *v >= '0' && *v <= '9';
            v++;
        }
        size_t k = (size_t)(v - w0);
        if (k < 2 || k > MARKUP_WORD_MAX || digit)
            continue;
        if (out->len)
            buf_putc(out, ' ');
        for (size_t i = 0; i < k; i++)
            buf_putc(out, (char)(w0[i] >= 'A' && w0[i] <= 'Z' ? w0[i] | 0x20 : w0[i]));
    }
}

static const char *markup_words(walker *w, const xmlNode *n)
{
    buf b = BUF_INIT;
    put_words(&b, attr(n, "class"));
    put_words(&b, attr(n, "id"));
    put_words(&b, attr(n, "role"));
    put_words(&b, attr(n, "itemprop"));
    const char *s = NULL;
    if (b.oom)
        w->oom = 1;
    else if (b.len && !(s = arena_strndup(w->mem, b.data, b.len)))
        w->oom = 1;
    buf_free(&b);
    return s;
}

/* A URL attribute copied into the arena as it is (url_resolve reads it as
 * a browser would), or NULL when absent or empty. */
static const char *attr_url(walker *w, const xmlNode *n, const char *name)
{
    const char *v = attr(n, name);
    if (!v || !*v)
        return NULL;
    const char *s = arena_strndup(w->mem, v, strlen(v));
    if (!s)
        w->oom = 1;
    return s;
}

/* s with its whitespace trimmed and collapsed to single spaces, in mem;
 * NULL when s is NULL or blank.  *oom is set when a copy failed. */
static const char *collapse_space(arena *mem, const char *s, int *oom)
{
    if (!s)
        return NULL;
    buf b = BUF_INIT;
    int space = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (is_html_space(*p)) {
            space = b.len > 0;
            continue;
        }
        if (space)
            buf_putc(&b, ' ');
        space = 0;
        buf_putc(&b, (char)*p);
    }
    const char *out = b.len ? arena_strndup(mem, b.data, b.len) : NULL;
    if (b.oom || (b.len && !out))
        *oom = 1;
    buf_free(&b);
    return out;
}

/* An attribute copied into the arena with its whitespace collapsed, or
 * NULL when absent or blank. */
static const char *attr_copy(walker *w, const xmlNode *n, const char *name)
{
    return collapse_space(w->mem, attr(n, name), &w->oom);
}

/* The language a code element's class names: "language-x" or "lang-x"
 * (highlight.js, Prism, GitHub), into the arena; NULL when none. */
static const char *code_language(walker *w, const xmlNode *n)
{
    const char *cls = attr(n, "class");
    for (const char *p = cls; p && *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *word = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        size_t k = (size_t)(p - word), skip = 0;
        if (k > 9 && !strncmp(word, "language-", 9))
            skip = 9;
        else if (k > 5 && !strncmp(word, "lang-", 5))
            skip = 5;
        if (!skip)
            continue;
        size_t len = 0;
        while (skip + len < k && len < 32 && (isalnum((unsigned char)word[skip + len]) || strchr("+#_.-", word[skip + len])))
            len++;
        if (!len)
            continue;
        const char *s = arena_strndup(w->mem, word + skip, len);
        if (!s)
            w->oom = 1;
        return s;
    }
    return NULL;
}

/* The inline elements the writers render, by name. */
static int inline_kind(const char *name, span_kind *kind)
{
    static const struct {
        const char *name;
        span_kind kind;
    } names[] = {{"a", SPAN_LINK},      {"b", SPAN_STRONG},      {"cite", SPAN_EM},  {"code", SPAN_CODE},
                 {"del", SPAN_DEL},     {"dfn", SPAN_EM},        {"em", SPAN_EM},    {"i", SPAN_EM},
                 {"img", SPAN_IMAGE},   {"kbd", SPAN_CODE},      {"pre", SPAN_CODE}, {"s", SPAN_DEL},
                 {"samp", SPAN_CODE},   {"strike", SPAN_DEL},    {"strong", SPAN_STRONG},
                 {"sub", SPAN_SUB},     {"sup", SPAN_SUP},       {"tt", SPAN_CODE},  {"var", SPAN_EM}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].name[0] == name[0] && !strcmp(names[i].name, name)) {
            *kind = names[i].kind;
            return 1;
        }
    return 0;
}

/* Where relative links resolve: the first <base href> and the canonical
 * <link>, as written. */
static void read_base(walker *w, const xmlNode *n)
{
    const char *name = (const char *)n->name;
    const char *href = attr(n, "href");
    if (!href || !*href)
        return;
    if (!strcmp(name, "base") && !w->base_href) {
        if (!(w->base_href = strdup(href)))
            w->oom = 1;
    } else if (!strcmp(name, "link") && !w->canonical) {
        const char *rel = attr(n, "rel");
        if (rel && contains_ci(rel, "canonical") && !(w->canonical = strdup(href)))
            w->oom = 1;
    }
}

static void push_closed(walker *w, const pending_span *p)
{
    pending_span *c = grow(w->closed, &w->closed_cap, w->n_closed + 1, sizeof *w->closed);
    if (!c) {
        w->oom = 1;
        return;
    }
    w->closed = c;
    w->closed[w->n_closed++] = *p;
}

/* Opens the span an inline element makes (an image: records it), at the
 * next byte of text to come. */
static void inline_open(walker *w, const xmlNode *n, frame *f)
{
    f->has_span = 0;
    span_kind kind;
    if (!inline_kind((const char *)n->name, &kind)) {
        if (!strcmp((const char *)n->name, "figure"))
            w->in_figure++;
        read_base(w, n);
        return;
    }
    pending_span p;
    memset(&p, 0, sizeof p);
    p.s.kind = kind;
    p.s.start = p.s.end = (uint32_t)(w->cur.len + (size_t)w->pending_space);
    p.seq = w->span_seq++;
    if (kind == SPAN_IMAGE) {
        /* Lazy loading keeps the picture in data-src and a placeholder in src. */
        const char *src = attr(n, "src");
        p.s.url = attr_url(w, n, src && *src && strncmp(src, "data:", 5) ? "src" : "data-src");
        if (!p.s.url)
            return;
        p.s.alt = attr_copy(w, n, "alt");
        push_closed(w, &p);
        return;
    }
    if (kind == SPAN_LINK && !(p.s.url = attr_url(w, n, "href")))
        return;
    if (kind == SPAN_CODE)
        p.s.url = code_language(w, n);
    if ((kind == SPAN_CODE && !strcmp((const char *)n->name, "pre") && !p.s.url) || w->n_open == SPAN_OPEN_MAX)
        return;
    w->open[w->n_open++] = p;
    f->has_span = 1;
}

static void inline_close(walker *w, const frame *f)
{
    if (!strcmp(f->tag->name, "figure")) {
        w->in_figure--;
        w->n_closed = 0; /* an image with no caption to hold it */
    }
    if (!f->has_span)
        return;
    pending_span p = w->open[--w->n_open];
    p.s.end = (uint32_t)w->cur.len;
    push_closed(w, &p);
}

static void enter(walker *w, const xmlNode *n, const tag_info *t)
{
    if (t->flags & T_BLOCK)
        flush(w);
    frame *stack = grow(w->stack, &w->cap, w->depth + 1, sizeof *w->stack);
    if (stack)
        w->stack = stack;
    dom_node *nodes = stack ? grow(w->nodes, &w->nodes_cap, w->n_nodes + 1, sizeof *w->nodes) : NULL;
    if (!nodes) {
        w->oom = 1;
        return;
    }
    w->nodes = nodes;
    const frame *parent = &w->stack[w->depth - 1];
    frame *f = &w->stack[w->depth++];
    *f = *parent;
    f->tag = t;
    f->node = (uint32_t)w->n_nodes;
    dom_node *dn = &w->nodes[w->n_nodes++];
    dn->first = dn->end = (uint32_t)w->n_blocks;
    dn->parent = parent->node;
    dn->own = element_signals(w, n, t, &dn->signal);
    dn->tag = t == &no_tag ? 0 : (uint16_t)(t - tags + 1);
    dn->depth = (uint16_t)(w->depth < UINT16_MAX ? w->depth - 1 : UINT16_MAX);
    dn->words = markup_words(w, n);
    if (t->flags & T_LIST) {
        f->group = f->node;
        f->ordered = (t->flags & T_ORDERED) != 0;
        f->list_depth = (uint8_t)(f->list_depth < 9 ? f->list_depth + 1 : 9);
    }
    if (t->flags & T_ROW)
        f->group = f->node;
    if (t->flags & T_TABLE)
        f->table = f->node;
    if (t->kind == BLOCK_CELL)
        f->cell = f->node;
    /* A paragraph inside a list item, quote or cell is part of it: plain
     * containers inherit the kind around them. */
    if (t->kind != BLOCK_PARAGRAPH) {
        f->kind = t->kind;
        f->level = t->level;
    }
    if (t->flags & T_LINK)
        w->in_link++;
    if (t->flags & T_PRE)
        w->in_pre++;
    inline_open(w, n, f);
}

static void leave(walker *w)
{
    frame *f = &w->stack[w->depth - 1];
    if (f->tag->flags & T_BLOCK)
        flush(w);
    inline_close(w, f);
    if (f->tag->flags & T_LINK)
        w->in_link--;
    if (f->tag->flags & T_PRE)
        w->in_pre--;
    w->nodes[f->node].end = (uint32_t)w->n_blocks;
    w->depth--;
}

static size_t count_text(const xmlChar *s)
{
    size_t k = 0;
    for (; *s; s++)
        k += !is_html_space(*s);
    return k;
}

/* The visible bytes of text under n, without recursion; a step a node. */
static size_t subtree_text_bytes(xmlNode *top, work *budget)
{
    size_t k = 0;
    for (xmlNode *n = top->children; n && n != top && !work_add(budget, 1);) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            k += count_text(n->content);
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != top && !n->next)
            n = n->parent;
        if (n == top)
            break;
        n = n->next;
    }
    return k;
}

static htmlDocPtr parse_quietly(const char *html, size_t len, int options, work *budget, int *oom);
static void walk(walker *w, xmlNode *root);

/* The walk stops on its root without leaving it: the elements still open
 * end with the document. */
static void close_all(walker *w)
{
    while (w->depth > 1 && !w->oom)
        leave(w);
    flush(w);
}

/* No default DOCTYPE node: nothing reads it, and it is one allocation
 * less to fail. */
static const int parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                 HTML_PARSE_NODEFDTD |
                                 HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;

/* A script that holds markup to be rendered later (Blogger's posts). */
static int is_template_script(const xmlNode *n)
{
    if (strcmp((const char *)n->name, "script"))
        return 0;
    const char *type = attr(n, "type");
    return type && (contains_ci(type, "template") || contains_ci(type, "text/html"));
}

/* Its markup is parsed as a page of its own: counted as hidden text on the
 * first walk, read in place on the fallback walk. */
static void read_template(walker *w, const xmlNode *n)
{
    const xmlNode *c = n->children;
    if (!c || !c->content || (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE))
        return;
    const char *src = (const char *)c->content;
    size_t len = strlen(src);
    if (len > INT_MAX)
        return;
    int oom = 0;
    htmlDocPtr sub = parse_quietly(src, len, parse_options, w->work, &oom);
    if (!sub) {
        w->oom |= oom;
        return;
    }
    xmlNode *root = xmlDocGetRootElement(sub);
    if (root && !w->fallback) {
        w->fallback_bytes += subtree_text_bytes(root, w->work);
    } else if (root) {
        w->in_template = 1;
        size_t depth = w->depth;
        walk(w, root);
        while (w->depth > depth && !w->oom)
            leave(w);
        w->in_template = 0;
    }
    xmlFreeDoc(sub);
}

/* Walks the tree without recursion: deep markup costs no stack. */
static void walk(walker *w, xmlNode *root)
{
    xmlNode *n = root;
    while (n && !w->oom && !work_add(w->work, 1)) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            const tag_info *t = tag_lookup(n->name);
            if (t->flags & T_TITLE) {
                if (!w->title && !(w->title = node_text(n)))
                    w->oom = 1;
            } else if (t->flags & T_META) {
                read_meta(w, n);
            } else if (t->flags & T_BREAK) {
                /* Two line breaks in a row separate paragraphs. */
                if (w->cur.len && w->cur.data[w->cur.len - 1] == '\n')
                    flush(w);
                else if (w->cur.len)
                    buf_putc(&w->cur, '\n');
                w->pending_space = 0;
            } else if ((t->flags & T_FALLBACK) && !w->fallback) {
                w->fallback_bytes += subtree_text_bytes(n, w->work);
            } else if (is_template_script(n) && !w->in_template) {
                read_template(w, n);
            } else if ((!(t->flags & T_SKIP) || (t->flags & T_FALLBACK)) && !is_hidden(n)) {
                enter(w, n, t);
                if (w->oom)
                    break;
                if (n->children)
                    descend = 1;
                else
                    leave(w);
            }
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            size_t k = count_text(n->content);
            w->text_bytes += k;
            work_add(w->work, k);
            put_text(w, (const char *)n->content);
        }
        if (descend) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n && n->type == XML_ELEMENT_NODE)
                leave(w);
        }
        if (!n || n == root)
            break;
        n = n->next;
    }
}

/* libxml2 reports some errors (a byte the declared encoding cannot
 * convert) on stderr even with HTML_PARSE_NOERROR; a library must not
 * print.  The handlers are per thread in libxml2: they are swapped for
 * the parse and given back, so a program's own libxml2 use is untouched. */
static void ignore_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Elements an end tag does not close past, as in HTML5's "has an element
 * in scope": a stray </div> in a cell leaves the table alone. */
static int is_scope_boundary(const xmlChar *name)
{
    static const char *const boundary[] = {"applet", "body",   "caption", "html",     "object",
                                           "table",  "td",     "th",      "template", "marquee"};
    for (size_t i = 0; i < sizeof boundary / sizeof boundary[0]; i++)
        if (!strcmp((const char *)name, boundary[i]))
            return 1;
    return 0;
}

/* libxml2's end-tag priorities (HTMLparser.c, htmlEndPriority): an end
 * tag closes the elements above its own only if none of them has a higher
 * priority than it. */
static int end_priority(const xmlChar *name)
{
    static const struct {
        const char *name;
        int priority;
    } table[] = {{"div", 150},   {"td", 160},    {"th", 160},   {"tr", 170},   {"thead", 180}, {"tbody", 180},
                 {"tfoot", 180}, {"table", 190}, {"head", 200}, {"body", 200}, {"html", 220}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp((const char *)name, table[i].name))
            return table[i].priority;
    return 100;
}

/* libxml2 2.9 ignores an end tag whose element is open under one of
 * higher priority (</button> or </noscript> over an unclosed <div>), so
 * the rest of the page lands inside a button or a noscript and is lost.
 * Browsers close up to the element.  libxml2 reports the mismatch before it
 * looks at the stack again: closing the elements above it here (through
 * the tree builder's own endElement) lets it close the element itself, as
 * HTML5 does.  Where the priorities let libxml2 close them itself, it
 * reports the same mismatch while it does: nothing is done then.  Any
 * other error is ignored: a library must not print. */
#define REPAIR_STEP_WEIGHT 16

/* What the last scan found: libxml2 closing the elements above name's
 * own itself (htmlAutoCloseOnClose), one error each.  The elements still
 * above it are some of those already scanned, so the next error of that
 * loop needs no scan: without this, an end tag under 10^5 open inline
 * elements cost 10^10 comparisons. */
typedef struct repair_memo {
    htmlParserCtxtPtr ctxt;
    int nr, at; /* the stack's depth then, and name's place in it */
} repair_memo;

/* Returns the steps the end tag cost libxml2 and this: libxml2 looked for
 * name from the top of its stack (htmlParseEndTag), this looks again,
 * each entry against the priority and scope tables (about 20 string
 * comparisons: REPAIR_STEP_WEIGHT). */
static uint64_t repair_end_tag(xmlErrorPtr error, repair_memo *memo)
{
    if (!error || error->code != XML_ERR_TAG_NAME_MISMATCH || !error->str1 || !error->str2 || !error->ctxt)
        return 0;
    htmlParserCtxtPtr p = error->ctxt;
    const xmlChar *name = (const xmlChar *)error->str1;
    if (!p->name || !xmlStrEqual(p->name, (const xmlChar *)error->str2) || !p->sax || !p->sax->endElement)
        return 0;
    if (memo->ctxt == p && p->nameNr < memo->nr && memo->at < p->nameNr - 1 &&
        xmlStrEqual(p->nameTab[memo->at], name)) {
        memo->nr = p->nameNr;
        return 1;
    }
    memo->ctxt = NULL;
    int i = p->nameNr - 1, blocked = 0, priority = end_priority(name);
    for (; i >= 0 && !xmlStrEqual(p->nameTab[i], name); i--) {
        if (is_scope_boundary(p->nameTab[i])) {
            uint64_t steps = REPAIR_STEP_WEIGHT * (uint64_t)(p->nameNr - i);
            while (i >= 0 && !xmlStrEqual(p->nameTab[i], name))
                i--, steps++;
            return steps;
        }
        blocked |= end_priority(p->nameTab[i]) > priority;
    }
    uint64_t steps = REPAIR_STEP_WEIGHT * (uint64_t)(p->nameNr - i);
    if (i >= 0 && !blocked) {
        memo->ctxt = p;
        memo->nr = p->nameNr;
        memo->at = i;
    }
    if (i < 0 || !blocked)
        return steps;
    while (p->nameNr - 1 > i) {
        p->sax->endElement(p->userData, p->name);
        p->nameNr--;
        p->name = p->nameTab[p->nameNr - 1];
    }
    return steps;
}

/* The parse in progress on this thread, for the error handler and the
 * SAX handlers (through ctxt->_private, which libxml2 leaves to its
 * user): the tree builder's own handlers, called by ours. */
typedef struct parse_state {
    htmlParserCtxtPtr ctxt;
    int oom;
    unsigned long failures; /* xml_memory_failures() when it began */
    work *work;
    startElementSAXFunc start_element;
    endElementSAXFunc end_element;
    charactersSAXFunc characters, ignorable, cdata;
    commentSAXFunc comment;
    startDocumentSAXFunc start_document;
    repair_memo memo;
} parse_state;

/* libxml2 2.9 marks a parse that ran out of memory as ended but leaves its
 * input where it was: xmlNextChar then no longer moves and a loop waiting
 * for the next '<' spins forever (an allocation failed at the right place
 * hung the parse).  Each input is put at its end (its terminating NUL),
 * which every loop stops at; nothing is freed under the parser's feet. */
static void stop_parse(htmlParserCtxtPtr p)
{
    p->instate = XML_PARSER_EOF;
    p->disableSAX = 1;
    for (int i = 0; i < p->inputNr; i++)
        if (p->inputTab[i] && p->inputTab[i]->end)
            p->inputTab[i]->cur = p->inputTab[i]->end;
    /* htmlnamePush stores realloc's NULL over the stack of open element
     * names it failed to grow, and closing those elements at the end of
     * the page would read it: none is left open. */
    if (!p->nameTab)
        p->nameNr = 0;
}

/* Over its budget, the parse is halted as xmlStopParser would, but with
 * its input left where it is: every loop of the parser then ends where it
 * would have anyway, at the end of the token it is reading (a text run, a
 * tag), and the main loop stops at the next token on XML_PARSER_EOF.
 * Moving the input to its end, as stop_parse does, would let a loop that
 * steps past the current character run beyond the buffer.  The tree is
 * dropped: the document fails. */
static void halt_parse(htmlParserCtxtPtr p)
{
    p->instate = XML_PARSER_EOF;
    p->disableSAX = 1;
}

/* A step an event; the handlers run libxml2's tree builder.  A parse
 * stops at the first event after an allocation failed, reported or not:
 * what libxml2 2.9 does next with what it lost is where it crashes. */
static int parse_step(void *ctx, uint64_t n)
{
    htmlParserCtxtPtr p = ctx;
    parse_state *ps = p->_private;
    if (xml_memory_failures() != ps->failures) {
        ps->oom = 1;
        stop_parse(p);
        return 0;
    }
    if (!work_add(ps->work, n))
        return 1;
    halt_parse(p);
    return 0;
}

/* The attributes some stage reads (the reader, the metadata, the
 * writers' links and images), sorted.  The tree keeps no other: an
 * attribute costs libxml2 two nodes and its strings, and framework data-*
 * and event attributes are a good part of a page's tree. */
static const char *const kept_attributes[] = {
    "alt",      "aria-hidden", "class",    "content",   "data-author", "data-src", "datetime", "hidden",
    "href",     "http-equiv",  "id",       "itemprop",  "itemscope",   "itemtype", "lang",     "name",
    "property", "pubdate",     "rel",      "role",      "src",         "style",    "type",     "xml:lang"};

static int name_cmp(const void *key, const void *elem) { return strcmp(key, *(const char *const *)elem); }

static int attribute_kept(const xmlChar *name)
{
    return bsearch(name, kept_attributes, sizeof kept_attributes / sizeof kept_attributes[0],
                   sizeof kept_attributes[0], name_cmp) != NULL;
}

static void on_start_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    parse_state *ps = ((htmlParserCtxtPtr)ctx)->_private;
    ps->memo.ctxt = NULL; /* an element above what it scanned */
    if (!parse_step(ctx, 1))
        return;
    /* html_bound_attributes left at most HTML_MAX_ATTRIBUTES a tag. */
    const xmlChar *kept[2 * HTML_MAX_ATTRIBUTES + 2];
    size_t k = 0;
    for (size_t i = 0; atts && atts[i] && k + 2 < sizeof kept / sizeof kept[0]; i += 2)
        if (attribute_kept(atts[i])) {
            kept[k++] = atts[i];
            kept[k++] = atts[i + 1];
        }
    kept[k] = NULL;
    ps->start_element(ctx, name, atts ? kept : NULL);
}

static void on_end_element(void *ctx, const xmlChar *name)
{
    if (parse_step(ctx, 1))
        ((parse_state *)((htmlParserCtxtPtr)ctx)->_private)->end_element(ctx, name);
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
    if (parse_step(ctx, 1))
        ((parse_state *)((htmlParserCtxtPtr)ctx)->_private)->characters(ctx, ch, len);
}

static void on_ignorable(void *ctx, const xmlChar *ch, int len)
{
    if (parse_step(ctx, 1))
        ((parse_state *)((htmlParserCtxtPtr)ctx)->_private)->ignorable(ctx, ch, len);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
    if (parse_step(ctx, 1))
        ((parse_state *)((htmlParserCtxtPtr)ctx)->_private)->cdata(ctx, ch, len);
}

/* Before the first character is read.  The page is UTF-8 already, and is
 * read as such: told "UTF-8", libxml2 2.9 would convert the whole page
 * into a second buffer first (a copy as large as the page, and when that
 * allocation fails, a crash), and told nothing, it would go by the page's
 * <meta charset> on the first byte over 0x7F.
 * htmlCtxtReadMemory copies the whole page into the parser's input, yet
 * libxml2 still grows that buffer near its end, for a read that can only
 * return nothing; when the growth fails, the input is left pointing into
 * the failed buffer's NULL content and the parser crashes on it.  Without
 * a read callback the input is never grown (nor read again). */
static void on_start_document(void *ctx)
{
    htmlParserCtxtPtr p = ctx;
    ((parse_state *)p->_private)->start_document(ctx);
    p->charset = XML_CHAR_ENCODING_UTF8;
    for (int i = 0; i < p->inputNr; i++)
        if (p->inputTab[i] && p->inputTab[i]->buf)
            p->inputTab[i]->buf->readcallback = NULL;
}

static void on_comment(void *ctx, const xmlChar *value)
{
    if (parse_step(ctx, 1))
        ((parse_state *)((htmlParserCtxtPtr)ctx)->_private)->comment(ctx, value);
}

/* Counts every event of the tree builder: the handlers the context holds
 * (its own copy of the default ones) are wrapped, those it has not are
 * left as they are. */
static void count_events(parse_state *ps)
{
    htmlParserCtxtPtr p = ps->ctxt;
    xmlSAXHandlerPtr sax = p->sax;
    p->_private = ps;
    if ((ps->start_element = sax->startElement))
        sax->startElement = on_start_element;
    if ((ps->end_element = sax->endElement))
        sax->endElement = on_end_element;
    if ((ps->characters = sax->characters))
        sax->characters = on_characters;
    if ((ps->ignorable = sax->ignorableWhitespace))
        sax->ignorableWhitespace = on_ignorable;
    if ((ps->cdata = sax->cdataBlock))
        sax->cdataBlock = on_cdata;
    if ((ps->comment = sax->comment))
        sax->comment = on_comment;
    if ((ps->start_document = sax->startDocument))
        sax->startDocument = on_start_document;
}

/* An end tag that closes nothing ("Unexpected end tag", no str2), or is
 * blocked, and a misplaced <body> cost libxml2 a scan of its stack of
 * open elements (htmlParseEndTag, htmlParseStartTag): 10^5 of them under
 * 10^5 open elements is quadratic without any event to count.  They
 * report an error, which counts the stack; a blocked one repair_end_tag
 * counts.  An end tag that closes elements costs one event each. */
static void on_error(void *ctx, xmlErrorPtr error)
{
    parse_state *ps = ctx;
    if (error && error->code == XML_ERR_NO_MEMORY) {
        ps->oom = 1;
        if (ps->ctxt)
            stop_parse(ps->ctxt);
        return;
    }
    if (work_over(ps->work))
        return; /* halted: the end of the token costs no repair */
    uint64_t steps = 1;
    if (error && ps->ctxt && ps->ctxt->nameNr > 0 &&
        ((error->code == XML_ERR_TAG_NAME_MISMATCH && !error->str2) || error->code == XML_HTML_STRUCURE_ERROR))
        steps += (uint64_t)ps->ctxt->nameNr;
    steps += repair_end_tag(error, &ps->memo);
    if (ps->ctxt && work_add(ps->work, steps))
        halt_parse(ps->ctxt);
}

/* Tags past HTML_MAX_ATTRIBUTES lose the excess first.  NULL when libxml2
 * cannot start, with *oom set when memory ran out (a tree cut short by a
 * failed allocation is not given), or with the budget over (the parse was
 * halted). */
static htmlDocPtr parse_quietly(const char *html, size_t len, int options, work *budget, int *oom)
{
    char *bounded;
    size_t bounded_len;
    int cut = html_bound_attributes(html, len, &bounded, &bounded_len);
    if (cut < 0) {
        *oom = 1;
        return NULL;
    }
    if (cut) {
        html = bounded, len = bounded_len;
    } else if (len < 2 * INPUT_CHUNK) {
        /* libxml2 grows the input of a page this short before any handler
         * can stop it (see on_start_document): blank lines after it
         * leave no text. */
        if (!(bounded = malloc(2 * INPUT_CHUNK))) {
            *oom = 1;
            return NULL;
        }
        memcpy(bounded, html, len);
        memset(bounded + len, '\n', 2 * INPUT_CHUNK - len);
        html = bounded, len = 2 * INPUT_CHUNK;
    }
    xmlGenericErrorFunc generic = xmlGenericError;
    void *generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc structured = xmlStructuredError;
    void *structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, ignore_error);
    parse_state ps;
    memset(&ps, 0, sizeof ps);
    ps.work = budget;
    ps.failures = xml_memory_failures();
    xmlSetStructuredErrorFunc(&ps, on_error);
    htmlDocPtr tree = NULL;
    if (!work_over(budget) && (ps.ctxt = htmlNewParserCtxt())) {
        count_events(&ps);
        tree = htmlCtxtReadMemory(ps.ctxt, html, (int)len, NULL, NULL, options);
    }
    xmlSetGenericErrorFunc(generic_ctx, generic);
    xmlSetStructuredErrorFunc(structured_ctx, structured);
    if (work_over(budget)) {
        xmlFreeDoc(tree);
        tree = NULL;
    } else if (!ps.ctxt || ps.oom || ps.ctxt->errNo == XML_ERR_NO_MEMORY || xml_memory_failures() != ps.failures) {
        xmlFreeDoc(tree);
        tree = NULL;
        *oom = 1;
    }
    htmlFreeParserCtxt(ps.ctxt);
    free(bounded);
    return tree;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void)
{
    xml_memory_init();
    xmlInitParser();
}

decruft_status reader_html(doc *d, const char *html, size_t len, char **text, decruft_error *err)
{
    *text = NULL;
    /* libxml2 refuses an empty buffer; a blank one parses to the empty
     * tree an empty page is (a 301, a 204 in a WARC). */
    if (len == 0)
        html = " ", len = 1;
    if (len > INT_MAX)
        return error_setf(err, DECRUFT_ERR_TOO_LARGE, 0, "HTML input of %zu bytes is over libxml2's limit", len);
    if (signals_init())
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    pthread_once(&xml_once, xml_init);
    unsigned long failures = xml_memory_failures();
    int oom = 0;
    htmlDocPtr tree = parse_quietly(html, len, parse_options, &d->work, &oom);
    if (!tree && work_over(&d->work))
        return DECRUFT_ERR_WORK;
    if (!tree) /* with recovery on, a page that is not empty always parses */
        return error_setf(err, DECRUFT_ERR_NOMEM, 0, "out of memory while libxml2 parsed the HTML");

    walker w;
    memset(&w, 0, sizeof w);
    w.text = (buf)BUF_INIT;
    w.cur = (buf)BUF_INIT;
    w.signals = signal_cache_new();
    w.mem = &d->mem;
    w.work = &d->work;
    decruft_status st = DECRUFT_OK;
    w.stack = grow(NULL, &w.cap, 1, sizeof *w.stack);
    if (!w.signals || !w.stack) {
        st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
    } else {
        static const tag_info root_tag = {"", T_BLOCK, BLOCK_PARAGRAPH, 0};
        memset(&w.stack[0], 0, sizeof w.stack[0]);
        w.stack[0].tag = &root_tag;
        w.stack[0].node = UINT32_MAX;
        w.depth = 1;
        walk(&w, xmlDocGetRootElement(tree));
        close_all(&w);
        /* Pages that render with scripts give crawlers their text in
         * <noscript> (forum software) or keep it in a <template>: when
         * those hold more text than the rest of the page, they are the
         * page. */
        if (w.fallback_bytes > 2 * w.text_bytes && !w.oom && !work_over(&d->work)) {
            w.fallback = 1;
            w.text.len = w.cur.len = 0;
            w.n_blocks = w.n_nodes = 0;
            w.depth = 1;
            w.pending_space = w.in_link = w.in_pre = 0;
            w.n_spans = w.n_closed = w.n_open = 0;
            w.in_figure = 0;
            w.cur_link_chars = w.last_table = w.last_cell = 0;
            walk(&w, xmlDocGetRootElement(tree));
            close_all(&w);
        }
        if (w.oom || w.text.oom || w.cur.oom)
            st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
        else if (work_over(&d->work))
            st = DECRUFT_ERR_WORK;
    }
    if (st == DECRUFT_OK && metadata_html(d, tree))
        st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
    /* The walks read the tree through libxml2 too (a title's content). */
    if (st == DECRUFT_OK && xml_memory_failures() != failures)
        st = error_setf(err, DECRUFT_ERR_NOMEM, 0, "out of memory while libxml2 parsed the HTML");
    xmlFreeDoc(tree);
    signal_cache_free(w.signals);
    free(w.stack);
    buf_free(&w.cur);
    if (st == DECRUFT_OK) {
        d->title = collapse_space(&d->mem, w.og_title ? w.og_title : w.title, &w.oom);
        d->blocks = arena_alloc(&d->mem, w.n_blocks ? w.n_blocks : 1, sizeof *d->blocks);
        d->nodes = arena_alloc(&d->mem, w.n_nodes ? w.n_nodes : 1, sizeof *d->nodes);
        d->spans = arena_alloc(&d->mem, w.n_spans ? w.n_spans : 1, sizeof *d->spans);
        d->base_href = w.base_href ? arena_strndup(&d->mem, w.base_href, strlen(w.base_href)) : NULL;
        d->canonical = w.canonical ? arena_strndup(&d->mem, w.canonical, strlen(w.canonical)) : NULL;
        if (w.oom || !d->blocks || !d->nodes || !d->spans || (w.base_href && !d->base_href) ||
            (w.canonical && !d->canonical)) {
            st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
        } else {
            if (w.n_blocks)
                memcpy(d->blocks, w.blocks, w.n_blocks * sizeof *d->blocks);
            if (w.n_nodes)
                memcpy(d->nodes, w.nodes, w.n_nodes * sizeof *d->nodes);
            if (w.n_spans)
                memcpy(d->spans, w.spans, w.n_spans * sizeof *d->spans);
            d->n_spans = w.n_spans;
            d->n_blocks = w.n_blocks;
            d->n_nodes = w.n_nodes;
            d->html = 1;
            *text = buf_detach(&w.text, &d->len);
            d->text = *text;
            if (!*text)
                st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
        }
    }
    buf_free(&w.text);
    free(w.blocks);
    free(w.nodes);
    free(w.spans);
    free(w.closed);
    free(w.base_href);
    free(w.canonical);
    free(w.title);
    free(w.og_title);
    return st;
}
