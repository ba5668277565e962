#include "reader_html.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "errors.h"
#include "html_bound.h"
#include "signals.h"

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
} frame;

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
    w->cur.len = 0;
    w->cur_link_chars = 0;
}

static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && !strcmp((const char *)a->name, name))
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

static int contains_ci(const char *s, const char *needle)
{
    size_t k = strlen(needle);
    for (; *s; s++) {
        size_t i = 0;
        while (i < k && s[i] && (s[i] | 0x20) == needle[i])
            i++;
        if (i == k)
            return 1;
    }
    return 0;
}

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
}

static void leave(walker *w)
{
    frame *f = &w->stack[w->depth - 1];
    if (f->tag->flags & T_BLOCK)
        flush(w);
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

/* The visible bytes of text under n, without recursion. */
static size_t subtree_text_bytes(xmlNode *top)
{
    size_t k = 0;
    for (xmlNode *n = top->children; n && n != top;) {
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

static htmlDocPtr parse_quietly(const char *html, size_t len, const char *enc, int options, int *oom);
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
    htmlDocPtr sub = parse_quietly(src, len, "UTF-8", parse_options, &oom);
    if (!sub) {
        w->oom |= oom;
        return;
    }
    xmlNode *root = xmlDocGetRootElement(sub);
    if (root && !w->fallback) {
        w->fallback_bytes += subtree_text_bytes(root);
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
    while (n && !w->oom) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            const tag_info *t = tag_lookup(n->name);
            if (t->flags & T_TITLE) {
                if (!w->title)
                    w->title = node_text(n);
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
                w->fallback_bytes += subtree_text_bytes(n);
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
            w->text_bytes += count_text(n->content);
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

/* Trims and collapses the whitespace of a title into the arena. */
static const char *clean_title(doc *d, const char *t)
{
    if (!t)
        return NULL;
    buf b = BUF_INIT;
    int space = 0;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (is_html_space(*p)) {
            space = b.len > 0;
            continue;
        }
        if (space)
            buf_putc(&b, ' ');
        space = 0;
        buf_putc(&b, (char)*p);
    }
    const char *s = b.len ? arena_strndup(&d->mem, b.data, b.len) : NULL;
    buf_free(&b);
    return s;
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
static void repair_end_tag(xmlErrorPtr error)
{
    if (!error || error->code != XML_ERR_TAG_NAME_MISMATCH || !error->str1 || !error->str2 || !error->ctxt)
        return;
    htmlParserCtxtPtr p = error->ctxt;
    const xmlChar *name = (const xmlChar *)error->str1;
    if (!p->name || !xmlStrEqual(p->name, (const xmlChar *)error->str2) || !p->sax || !p->sax->endElement)
        return;
    int i = p->nameNr - 1, blocked = 0, priority = end_priority(name);
    for (; i >= 0 && !xmlStrEqual(p->nameTab[i], name); i--) {
        if (is_scope_boundary(p->nameTab[i]))
            return;
        blocked |= end_priority(p->nameTab[i]) > priority;
    }
    if (i < 0 || !blocked)
        return;
    while (p->nameNr - 1 > i) {
        p->sax->endElement(p->userData, p->name);
        p->nameNr--;
        p->name = p->nameTab[p->nameNr - 1];
    }
}

/* The parse in progress on this thread, for the error handler. */
typedef struct parse_state {
    htmlParserCtxtPtr ctxt;
    int oom;
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
}

static void on_error(void *ctx, xmlErrorPtr error)
{
    parse_state *ps = ctx;
    if (error && error->code == XML_ERR_NO_MEMORY) {
        ps->oom = 1;
        if (ps->ctxt)
            stop_parse(ps->ctxt);
        return;
    }
    repair_end_tag(error);
}

/* Tags past HTML_MAX_ATTRIBUTES lose the excess first.  NULL when libxml2
 * cannot start (an encoding iconv does not know), or with *oom set when
 * memory ran out: a tree cut short by a failed allocation is not given. */
static htmlDocPtr parse_quietly(const char *html, size_t len, const char *enc, int options, int *oom)
{
    char *bounded;
    size_t bounded_len;
    int cut = html_bound_attributes(html, len, &bounded, &bounded_len);
    if (cut < 0) {
        *oom = 1;
        return NULL;
    }
    if (cut)
        html = bounded, len = bounded_len;
    xmlGenericErrorFunc generic = xmlGenericError;
    void *generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc structured = xmlStructuredError;
    void *structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, ignore_error);
    parse_state ps = {NULL, 0};
    xmlSetStructuredErrorFunc(&ps, on_error);
    htmlDocPtr tree = NULL;
    if ((ps.ctxt = htmlNewParserCtxt()))
        tree = htmlCtxtReadMemory(ps.ctxt, html, (int)len, NULL, enc, options);
    xmlSetGenericErrorFunc(generic_ctx, generic);
    xmlSetStructuredErrorFunc(structured_ctx, structured);
    if (!ps.ctxt || ps.oom || ps.ctxt->errNo == XML_ERR_NO_MEMORY) {
        xmlFreeDoc(tree);
        tree = NULL;
        *oom = 1;
    }
    htmlFreeParserCtxt(ps.ctxt);
    free(bounded);
    return tree;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

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
    char enc[40];
    charset_choose(html, len, enc, sizeof enc);
    const int options = parse_options;
    int oom = 0;
    htmlDocPtr tree = parse_quietly(html, len, enc, options, &oom);
    if (!tree && !oom) /* an encoding iconv does not know */
        tree = parse_quietly(html, len, charset_is_utf8(html, len) ? "UTF-8" : "windows-1252", options, &oom);
    if (!tree) /* with recovery on, a page that is not empty always parses */
        return error_setf(err, DECRUFT_ERR_NOMEM, 0, "out of memory while libxml2 parsed the HTML");

    walker w;
    memset(&w, 0, sizeof w);
    w.text = (buf)BUF_INIT;
    w.cur = (buf)BUF_INIT;
    w.signals = signal_cache_new();
    w.mem = &d->mem;
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
        if (w.fallback_bytes > 2 * w.text_bytes && !w.oom) {
            w.fallback = 1;
            w.text.len = w.cur.len = 0;
            w.n_blocks = w.n_nodes = 0;
            w.depth = 1;
            w.pending_space = w.in_link = w.in_pre = 0;
            w.cur_link_chars = w.last_table = w.last_cell = 0;
            walk(&w, xmlDocGetRootElement(tree));
            close_all(&w);
        }
        if (w.oom || w.text.oom || w.cur.oom)
            st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
    }
    xmlFreeDoc(tree);
    signal_cache_free(w.signals);
    free(w.stack);
    buf_free(&w.cur);
    if (st == DECRUFT_OK) {
        d->title = clean_title(d, w.og_title ? w.og_title : w.title);
        d->blocks = arena_alloc(&d->mem, w.n_blocks ? w.n_blocks : 1, sizeof *d->blocks);
        d->nodes = arena_alloc(&d->mem, w.n_nodes ? w.n_nodes : 1, sizeof *d->nodes);
        if (!d->blocks || !d->nodes) {
            st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
        } else {
            if (w.n_blocks)
                memcpy(d->blocks, w.blocks, w.n_blocks * sizeof *d->blocks);
            if (w.n_nodes)
                memcpy(d->nodes, w.nodes, w.n_nodes * sizeof *d->nodes);
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
    free(w.title);
    free(w.og_title);
    return st;
}
