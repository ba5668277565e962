/* Metadata from a parsed page: one walk over the tree offers every value
 * each source gives (<meta> names and OpenGraph, <link>, JSON-LD,
 * microdata, <time>, byline markup and text) to a collector that keeps the
 * best-ranked one a field; the headline is then weighed among its
 * candidates.  Also what plain text says of itself. */
#include "metadata.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markup.h"
#include "metadata_collect.h"
#include "url.h"

static const char *const field_names[DECRUFT_META_COUNT] = {
    "title", "author", "date", "date_modified", "site_name", "url", "description", "image", "lang_declared",
    "tags",  "categories"};

const char *decruft_meta_name(decruft_meta_field field)
{
    return (unsigned)field < DECRUFT_META_COUNT ? field_names[field] : NULL;
}

static int is_list(decruft_meta_field f)
{
    return f == DECRUFT_META_AUTHOR || f == DECRUFT_META_TAGS || f == DECRUFT_META_CATEGORIES;
}

/* Lists longer than this are a site's keyword soup, not the page's. */
#define META_MAX_ITEMS 20

/* Whether the list (one item a line) holds item. */
static int list_has(const char *list, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t k = end ? (size_t)(end - p) : strlen(p);
        if (meta_same(p, k, item, n))
            return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}

static size_t list_count(const char *list)
{
    size_t k = 1;
    for (; *list; list++)
        k += *list == '\n';
    return k;
}

void meta_offer(meta_collector *c, decruft_meta_field f, const char *value, const char *source, int rank, int group)
{
    meta_slot *s = &c->slot[f];
    if (!value || rank > s->rank || (rank == s->rank && !(is_list(f) && s->source == source && s->group == group)))
        return;
    buf v = BUF_INIT;
    char date[40];
    const char *text = NULL;
    if (f == DECRUFT_META_AUTHOR) {
        /* Bylines from markup and text must read as names; the
         * publisher's fields are names by contract, but hold URLs too. */
        if (meta_person(&v, value, rank >= RANK_TEXT) == 0)
            text = v.data;
    } else if (f == DECRUFT_META_DATE || f == DECRUFT_META_DATE_MODIFIED) {
        if (meta_date(value, date) == 0)
            text = date;
    } else {
        meta_clean(&v, value);
        if (v.len)
            text = v.data;
        if (text && f == DECRUFT_META_LANG) {
            /* og:locale writes en_US. */
            for (char *p = v.data; *p; p++)
                if (*p == '_')
                    *p = '-';
            if (v.len > 35 || strchr(text, ' '))
                text = NULL;
        }
        if (text && (f == DECRUFT_META_URL || f == DECRUFT_META_IMAGE) && strchr(text, ' '))
            text = NULL;
    }
    c->oom |= v.oom;
    if (!text) {
        buf_free(&v);
        return;
    }
    if (rank == s->rank && s->value) {
        /* Another item of the same list. */
        if (!list_has(s->value, text) && list_count(s->value) < META_MAX_ITEMS) {
            size_t old = strlen(s->value), add = strlen(text);
            char *p = realloc(s->value, old + add + 2);
            if (!p) {
                c->oom = 1;
            } else {
                p[old] = '\n';
                memcpy(p + old + 1, text, add + 1);
                s->value = p;
            }
        }
        buf_free(&v);
        return;
    }
    char *copy = strdup(text);
    buf_free(&v);
    if (!copy) {
        c->oom = 1;
        return;
    }
    free(s->value);
    s->value = copy;
    s->source = source;
    s->rank = rank;
    s->group = group;
}

void meta_offer_title(meta_collector *c, int kind, const char *value, const char *source)
{
    if (c->title[kind] || !value)
        return;
    buf v = BUF_INIT;
    meta_clean(&v, value);
    c->oom |= v.oom;
    if (v.len && !(c->title[kind] = strdup(v.data)))
        c->oom = 1;
    c->title_source[kind] = source;
    buf_free(&v);
}

/* ---- the tree -------------------------------------------------------- */

#define TITLE_FIELD(kind) (-1 - (kind))

/* <meta> names and properties (compared without case): what field each
 * gives, from which rank; split: a comma-separated list. */
static const struct meta_name {
    const char *name;
    int field; /* decruft_meta_field, or TITLE_FIELD(kind) */
    int rank;
    int split;
} meta_names[] = {
    {"og:title", TITLE_FIELD(TITLE_OG), 0, 0},
    {"twitter:title", TITLE_FIELD(TITLE_TWITTER), 0, 0},
    {"dc.title", TITLE_FIELD(TITLE_META), 0, 0},
    {"dcterms.title", TITLE_FIELD(TITLE_META), 0, 0},
    {"citation_title", TITLE_FIELD(TITLE_META), 0, 0},
    {"parsely-title", TITLE_FIELD(TITLE_META), 0, 0},
    {"author", DECRUFT_META_AUTHOR, RANK_META, 0},
    {"article:author", DECRUFT_META_AUTHOR, RANK_META, 0},
    {"citation_author", DECRUFT_META_AUTHOR, RANK_META, 0},
    {"dc.creator", DECRUFT_META_AUTHOR, RANK_META + 1, 0},
    {"dcterms.creator", DECRUFT_META_AUTHOR, RANK_META + 1, 0},
    {"parsely-author", DECRUFT_META_AUTHOR, RANK_META + 1, 0},
    {"sailthru.author", DECRUFT_META_AUTHOR, RANK_META + 1, 0},
    {"byl", DECRUFT_META_AUTHOR, RANK_META + 2, 0},
    {"cxenseparse:author", DECRUFT_META_AUTHOR, RANK_META + 2, 0},
    {"article:published_time", DECRUFT_META_DATE, RANK_JSONLD + 2, 0},
    {"article:published", DECRUFT_META_DATE, RANK_JSONLD + 2, 0},
    {"og:published_time", DECRUFT_META_DATE, RANK_JSONLD + 2, 0},
    {"datepublished", DECRUFT_META_DATE, RANK_META, 0},
    {"publish-date", DECRUFT_META_DATE, RANK_META, 0},
    {"publish_date", DECRUFT_META_DATE, RANK_META, 0},
    {"publication_date", DECRUFT_META_DATE, RANK_META, 0},
    {"pubdate", DECRUFT_META_DATE, RANK_META, 0},
    {"citation_publication_date", DECRUFT_META_DATE, RANK_META, 0},
    {"citation_date", DECRUFT_META_DATE, RANK_META + 1, 0},
    {"parsely-pub-date", DECRUFT_META_DATE, RANK_META, 0},
    {"sailthru.date", DECRUFT_META_DATE, RANK_META + 1, 0},
    {"dc.date.issued", DECRUFT_META_DATE, RANK_META + 1, 0},
    {"dcterms.issued", DECRUFT_META_DATE, RANK_META + 1, 0},
    {"dc.date", DECRUFT_META_DATE, RANK_META + 2, 0},
    {"dcterms.date", DECRUFT_META_DATE, RANK_META + 2, 0},
    {"dcterms.created", DECRUFT_META_DATE, RANK_META + 2, 0},
    {"date", DECRUFT_META_DATE, RANK_META + 3, 0},
    {"article:modified_time", DECRUFT_META_DATE_MODIFIED, RANK_JSONLD + 2, 0},
    {"article:modified", DECRUFT_META_DATE_MODIFIED, RANK_JSONLD + 2, 0},
    {"og:updated_time", DECRUFT_META_DATE_MODIFIED, RANK_META, 0},
    {"datemodified", DECRUFT_META_DATE_MODIFIED, RANK_META, 0},
    {"dcterms.modified", DECRUFT_META_DATE_MODIFIED, RANK_META + 1, 0},
    {"og:site_name", DECRUFT_META_SITE_NAME, RANK_JSONLD, 0},
    {"application-name", DECRUFT_META_SITE_NAME, RANK_META + 5, 0},
    {"og:url", DECRUFT_META_URL, RANK_META, 0},
    {"og:description", DECRUFT_META_DESCRIPTION, RANK_JSONLD, 0},
    {"description", DECRUFT_META_DESCRIPTION, RANK_META, 0},
    {"twitter:description", DECRUFT_META_DESCRIPTION, RANK_META + 2, 0},
    {"dc.description", DECRUFT_META_DESCRIPTION, RANK_META + 3, 0},
    {"og:image", DECRUFT_META_IMAGE, RANK_JSONLD, 0},
    {"og:image:url", DECRUFT_META_IMAGE, RANK_JSONLD, 0},
    {"og:image:secure_url", DECRUFT_META_IMAGE, RANK_JSONLD + 1, 0},
    {"twitter:image", DECRUFT_META_IMAGE, RANK_META, 0},
    {"twitter:image:src", DECRUFT_META_IMAGE, RANK_META, 0},
    {"content-language", DECRUFT_META_LANG, RANK_META, 0},
    {"dc.language", DECRUFT_META_LANG, RANK_META + 1, 0},
    {"og:locale", DECRUFT_META_LANG, RANK_META + 5, 0},
    {"article:tag", DECRUFT_META_TAGS, RANK_JSONLD, 0},
    {"news_keywords", DECRUFT_META_TAGS, RANK_META, 1},
    {"parsely-tags", DECRUFT_META_TAGS, RANK_META + 1, 1},
    {"keywords", DECRUFT_META_TAGS, RANK_META + 5, 1},
    {"article:section", DECRUFT_META_CATEGORIES, RANK_JSONLD, 0},
    {"parsely-section", DECRUFT_META_CATEGORIES, RANK_META, 0},
};

static int is_word_byte(char ch)
{
    unsigned char u = (unsigned char)ch;
    return (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') || u >= 0x80;
}


static int eq_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a >= 'A' && *a <= 'Z' ? *a | 0x20 : *a) != *b)
            return 0;
    return !*a && !*b;
}


/* Whether the space-separated list holds word (ASCII case aside). */
static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        size_t k = 0;
        while (p[k] && p[k] != ' ' && p[k] != '\t' && p[k] != '\n')
            k++;
        if (k == n) {
            size_t i = 0;
            while (i < n && (p[i] | 0x20) == (word[i] | 0x20))
                i++;
            if (i == n)
                return 1;
        }
        p += k;
    }
    return 0;
}

/* The text of an element, a space between its elements ("Jane
 * Doe</a><span>Published" is two words, as a browser shows it); NULL past
 * max bytes, as a byline or a headline is short and a container that holds
 * one is not one. */
static char *short_text(const xmlNode *top, size_t max)
{
    buf b = BUF_INIT;
    for (const xmlNode *n = top->children; n && b.len <= max;) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            buf_puts(&b, (const char *)n->content);
        /* Element boundaries as spaces; meta_clean collapses them. */
        if (n->type == XML_ELEMENT_NODE)
            buf_putc(&b, ' ');
        int inside = n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "script") &&
                     strcmp((const char *)n->name, "style");
        n = markup_next(n, top, inside);
    }
    char *s = NULL;
    if (!b.oom && b.len <= max)
        s = strdup(b.data);
    buf_free(&b);
    return s;
}

void meta_offer_split(meta_collector *c, decruft_meta_field f, const char *v, const char *seps, const char *source,
                      int rank, int group)
{
    buf item = BUF_INIT;
    for (const char *p = v;; p++) {
        if (!*p || strchr(seps, *p)) {
            buf_putc(&item, '\0');
            meta_offer(c, f, item.data, source, rank, group);
            item.len = 0;
            if (!*p)
                break;
        } else {
            buf_putc(&item, *p);
        }
    }
    c->oom |= item.oom;
    buf_free(&item);
}

static void read_meta(meta_collector *c, const xmlNode *n)
{
    const char *content = markup_attr(n, "content");
    if (!content)
        return;
    const char *keys[] = {markup_attr(n, "property"), markup_attr(n, "name"), markup_attr(n, "http-equiv")};
    for (size_t k = 0; k < 3; k++) {
        if (!keys[k])
            continue;
        /* Slack's unfurl pairs: twitter:label1 "Written by", twitter:data1
         * the name. */
        if (!strncmp(keys[k], "twitter:label", 13) && keys[k][13] && !keys[k][14] &&
            (meta_same(content, strlen(content), "Written by", 10) || meta_same(content, strlen(content), "Author", 6) ||
             meta_same(content, strlen(content), "By", 2)))
            c->author_label = keys[k][13];
        if (!strncmp(keys[k], "twitter:data", 12) && keys[k][12] && keys[k][12] == c->author_label && !keys[k][13])
            meta_offer(c, DECRUFT_META_AUTHOR, content, "twitter:data", RANK_META + 3, 0);
        /* A site's own name for the publication date ("w-published-date"). */
        if (markup_contains_ci(keys[k], "publish") && (markup_contains_ci(keys[k], "date") || markup_contains_ci(keys[k], "time")))
            meta_offer(c, DECRUFT_META_DATE, content, "meta", RANK_META + 4, 0);
        for (size_t i = 0; i < sizeof meta_names / sizeof meta_names[0]; i++) {
            const struct meta_name *m = &meta_names[i];
            if (!eq_ci(keys[k], m->name))
                continue;
            /* Each source's name as --explain shows it. */
            const char *source = m->name;
            if (m->field < 0)
                meta_offer_title(c, -1 - m->field, content, source);
            else if (m->split)
                meta_offer_split(c, (decruft_meta_field)m->field, content, ",;", source, m->rank, 0);
            else
                meta_offer(c, (decruft_meta_field)m->field, content, source, m->rank, 0);
        }
    }
}

/* The nearest itemscope above n, and whether its type holds other
 * people's words (a comment, a review, an answer), whose authors and
 * dates are not the page's. */
static const xmlNode *item_scope(const xmlNode *n, int *foreign)
{
    *foreign = 0;
    for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
        if (!markup_attr(p, "itemscope"))
            continue;
        const char *type = markup_attr(p, "itemtype");
        if (type) {
            const char *t = strrchr(type, '/');
            t = t ? t + 1 : type;
            /* A Question's asker is the page's author: the page is the
             * question, its answers are other people's. */
            *foreign = !strcmp(t, "Comment") || !strcmp(t, "Review") || !strcmp(t, "Answer") ||
                       !strcmp(t, "UserComments");
        }
        return p;
    }
    return NULL;
}

/* The first element under top whose itemprop holds name, by depth-first
 * order, not past max elements. */
static const xmlNode *find_prop(const xmlNode *top, const char *name, int max)
{
    for (const xmlNode *n = top->children; n && max-- > 0; n = markup_next(n, top, 1)) {
        const char *p = n->type == XML_ELEMENT_NODE ? markup_attr(n, "itemprop") : NULL;
        if (p && has_word(p, name))
            return n;
    }
    return NULL;
}

/* A microdata value: its content or datetime attribute, else its text. */
static char *prop_value(const xmlNode *n, size_t max)
{
    const char *v = markup_attr(n, "content");
    if (!v)
        v = markup_attr(n, "datetime");
    return v ? strdup(v) : short_text(n, max);
}

static void read_itemprop(meta_collector *c, const xmlNode *n, const char *props)
{
    int foreign;
    const xmlNode *scope = item_scope(n, &foreign);
    if (foreign)
        return;
    /* Authors are one list when they share their item and their parent
     * (one byline: "By <span>A</span>, <span>B</span>"), not when they
     * are spread over the page (a listing's teasers, each with its own,
     * inside a page-wide item). */
    int group = (int)((((uintptr_t)scope >> 4) ^ ((uintptr_t)n->parent >> 3)) & 0x7fffffff);
    int rank = RANK_MICRODATA + (scope ? 0 : 5);
    char *v = NULL;
    if (has_word(props, "headline")) {
        v = prop_value(n, 600);
        meta_offer_title(c, TITLE_MICRODATA, v, "microdata");
    } else if (has_word(props, "author") || has_word(props, "creator")) {
        const xmlNode *name = markup_attr(n, "itemscope") ? find_prop(n, "name", 200) : NULL;
        v = name ? prop_value(name, 200) : markup_attr(n, "itemscope") ? NULL : prop_value(n, 200);
        meta_offer(c, DECRUFT_META_AUTHOR, v, "microdata", rank, group);
    } else if (has_word(props, "datePublished") || has_word(props, "dateCreated")) {
        v = prop_value(n, 200);
        meta_offer(c, DECRUFT_META_DATE, v, "microdata", rank, group);
    } else if (has_word(props, "dateModified")) {
        v = prop_value(n, 200);
        meta_offer(c, DECRUFT_META_DATE_MODIFIED, v, "microdata", rank, group);
    }
    free(v);
}

/* A class word that marks a byline: "byline", "author", "post-author",
 * "author-name"; not a comment's author nor an author's box or photo. */
static int byline_class(const char *cls)
{
    static const char *const not_name[] = {"comment", "bio", "avatar", "img", "image", "photo", "desc",
                                           "about",   "box", "info",   "list", "social", "link"};
    for (const char *p = cls; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        size_t k = 0;
        char word[48];
        while (p[k] && p[k] != ' ' && p[k] != '\t' && p[k] != '\n') {
            if (k < sizeof word - 1)
                word[k] = (char)(p[k] >= 'A' && p[k] <= 'Z' ? p[k] | 0x20 : p[k]);
            k++;
        }
        word[k < sizeof word ? k : sizeof word - 1] = '\0';
        p += k;
        if (!strstr(word, "byline") && !strstr(word, "author") && !strstr(word, "username") && strcmp(word, "poster"))
            continue;
        int ok = 1;
        for (size_t i = 0; i < sizeof not_name / sizeof not_name[0]; i++)
            ok &= !strstr(word, not_name[i]);
        /* "author-box__name": the name inside the box. */
        if (strstr(word, "name") && !strstr(word, "comment"))
            ok = 1;
        if (ok)
            return 1;
    }
    return 0;
}

/* A class or id word that marks a publication date: "date",
 * "post-date", "published", "dateline"; not an update's, a comment's or a
 * candidate's. */
static int date_class(const char *v)
{
    /* "todays-date", "current-date": the reader's day, in a header. */
    if (!v || markup_contains_ci(v, "update") || markup_contains_ci(v, "modif") || markup_contains_ci(v, "comment") ||
        markup_contains_ci(v, "reply") || markup_contains_ci(v, "candidate") || markup_contains_ci(v, "today") ||
        markup_contains_ci(v, "current"))
        return 0;
    return markup_contains_ci(v, "date") || markup_contains_ci(v, "publish") || markup_contains_ci(v, "posted");
}

/* Where t speaks of an update, whose date is not the publication's:
 * the first such word, NULL when none. */
static const char *update_at(const char *t)
{
    static const char *const words[] = {"updat", "modif", "edited", "aktualisiert", "mis \xC3\xA0 jour"};
    const char *first = NULL;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        for (const char *p = t; *p; p++)
            if ((*p | 0x20) == words[i][0] && !strncasecmp(p, words[i], strlen(words[i]))) {
                if (!first || p < first)
                    first = p;
                break;
            }
    return first;
}

static int says_update(const char *t) { return update_at(t) != NULL; }

/* Keeps the first date shown after an update's label: the date of a
 * page that shows no other (see metadata_html). */
static void note_updated(meta_collector *c, const char *t)
{
    const char *at = c->updated[0] ? NULL : update_at(t);
    if (at && meta_find_date(at, c->updated) != 0)
        c->updated[0] = '\0';
}

/* Dates shown in text are short: a label, the date, maybe a time. */
#define DATE_TEXT_MAX 80
/* An unlabelled dateline: a date, a weekday, a time ("Tuesday,
 * September 30, 2025 10:45 am" is 36 bytes). */
#define DATELINE_MAX 48

static void offer_text_date(meta_collector *c, const xmlNode *n, const char *source, int rank)
{
    char *t = short_text(n, DATE_TEXT_MAX);
    char iso[40];
    if (t) {
        /* "March 3, 2025. Updated: March 7, 2025": the date before the
         * update's is the publication's. */
        char *update = (char *)update_at(t);
        note_updated(c, t);
        if (update)
            *update = '\0';
        if (meta_find_date(t, iso) == 0)
            meta_offer(c, DECRUFT_META_DATE, iso, source, rank, 0);
    }
    free(t);
}

/* Text nodes after the first <h1> in which a date alone is taken as the
 * story's: a dateline sits under the headline. */
#define DATE_AFTER_H1_NODES 30

static int is_blank(const char *t) { return !t || strspn(t, " \t\r\n") == strlen(t); }

/* What a reader sees after the label in text node n: the next element or
 * text that is not blank (past comments), also after the label's own
 * element ("<span>By</span> <a>Jane Doe</a>"); NULL when none. */
static const xmlNode *next_shown(const xmlNode *n)
{
    const xmlNode *at = n;
    for (int up = 0; up < 2 && !at->next && at->parent; up++)
        at = at->parent;
    for (const xmlNode *next = at->next; next; next = next->next)
        if (next->type == XML_ELEMENT_NODE || (next->type == XML_TEXT_NODE && !is_blank((const char *)next->content)))
            return next;
    return NULL;
}

/* Whether a sibling before n shows anything: an element, or text that
 * is not blank. */
static int shown_before(const xmlNode *n)
{
    for (const xmlNode *p = n->prev; p; p = p->prev)
        if (p->type == XML_ELEMENT_NODE || (p->type == XML_TEXT_NODE && !is_blank((const char *)p->content)))
            return 1;
    return 0;
}

/* The length of the byline label s opens with ("By", "Written by",
 * "Text by", "by:"), 0 when none: the name follows it. */
static size_t byline_label(const char *s)
{
    static const char *const labels[] = {"By", "BY", "by:", "By:", "Written by", "Text by", "Words by", "Posted by",
                                         "Story by", "Article by", "Author:", "Authors:", "Contributor:", "Contributors:"};
    size_t best = 0;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t k = strlen(labels[i]);
        if (strncmp(s, labels[i], k))
            continue;
        char after = s[k];
        if ((after == ' ' || after == ':' || after == '\n' || after == '\t' || !after) && k > best)
            best = k;
    }
    return best;
}

/* A text node that opens a byline: "By Jane Doe", or "By" alone before
 * the element with the name. */
static void read_text(meta_collector *c, const xmlNode *n)
{
    const char *s = (const char *)n->content;
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    if (!*s)
        return;
    if (c->h1_count && c->text_after_h1 < DATE_AFTER_H1_NODES)
        c->text_after_h1++;
    char iso[40];
    size_t len = strlen(s);
    if (len <= DATE_TEXT_MAX && c->h1_count && c->text_after_h1 < DATE_AFTER_H1_NODES)
        note_updated(c, s);
    if (len <= DATE_TEXT_MAX && c->slot[DECRUFT_META_DATE].rank > RANK_BYLINE + 1 && !says_update(s)) {
        int labelled = !strncmp(s, "Published", 9) || !strncmp(s, "Posted", 6) || !strncmp(s, "Date:", 5);
        /* Unlabelled, a dateline is the date and little else; a
         * sentence with a date ("Sale ends 03/31/2026") is no dateline. */
        int dateline = c->h1_count && c->text_after_h1 < DATE_AFTER_H1_NODES && len <= DATELINE_MAX;
        if ((labelled || dateline) && meta_find_date(s, iso) == 0)
            meta_offer(c, DECRUFT_META_DATE, iso, "text", labelled ? RANK_BYLINE + 1 : RANK_TEXT, 0);
        else if (labelled && len <= 12) {
            /* "Published" alone: the date is the next thing shown. */
            const xmlNode *next = next_shown(n);
            if (next && next->type == XML_ELEMENT_NODE)
                offer_text_date(c, next, "text", RANK_BYLINE + 1);
        }
    }
    if (c->slot[DECRUFT_META_AUTHOR].rank <= RANK_TEXT || len > 80)
        return;
    size_t label = byline_label(s);
    /* "by" in lower case alone, first in its element, the name in the
     * next, under the headline: a byline's label; "by Jane" in a text
     * node is as often the middle of a sentence, "Design</a> by
     * <a>Studio" a credit, and a "by" of a footer or a product card a
     * maker's. */
    if (!label && !strncmp(s, "by", 2) && s[2 + strspn(s + 2, " \t\r\n")] == '\0' && !shown_before(n) &&
        c->h1_count && c->text_after_h1 < DATE_AFTER_H1_NODES)
        label = 2;
    if (!label)
        return;
    const char *rest = s + label;
    while (*rest == ' ' || *rest == ':' || *rest == '\n' || *rest == '\t' || *rest == '\r')
        rest++;
    if (*rest) {
        meta_offer(c, DECRUFT_META_AUTHOR, rest, "text", RANK_TEXT, 0);
        return;
    }
    /* The label alone: the name is the next thing shown. */
    const xmlNode *next = next_shown(n);
    char *name = !next ? NULL : next->type == XML_ELEMENT_NODE ? short_text(next, 80) : strdup((const char *)next->content);
    meta_offer(c, DECRUFT_META_AUTHOR, name, "text", RANK_TEXT, 0);
    free(name);
}

/* The first text under top that is not blank, past scripts and styles,
 * within a few nodes (a byline's own text comes first). */
static const xmlNode *first_text(const xmlNode *top)
{
    int budget = 20;
    for (const xmlNode *n = top->children; n && budget-- > 0;) {
        if (n->type == XML_TEXT_NODE && !is_blank((const char *)n->content))
            return n;
        int inside = n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "script") &&
                     strcmp((const char *)n->name, "style");
        n = markup_next(n, top, inside);
    }
    return NULL;
}

static void read_element(meta_collector *c, xmlNode *n, int *skip)
{
    const char *name = (const char *)n->name, *cls = markup_attr(n, "class");
    *skip = 0;
    if (!strcmp(name, "meta")) {
        read_meta(c, n);
    } else if (!strcmp(name, "html")) {
        meta_offer(c, DECRUFT_META_LANG, markup_attr(n, "lang"), "html lang", RANK_JSONLD, 0);
        meta_offer(c, DECRUFT_META_LANG, markup_attr(n, "xml:lang"), "html lang", RANK_JSONLD + 1, 0);
    } else if (!strcmp(name, "link")) {
        const char *rel = markup_attr(n, "rel"), *href = markup_attr(n, "href");
        if (rel && href && has_word(rel, "canonical"))
            meta_offer(c, DECRUFT_META_URL, href, "canonical", RANK_JSONLD, 0);
        else if (rel && href && has_word(rel, "image_src"))
            meta_offer(c, DECRUFT_META_IMAGE, href, "image_src", RANK_META + 5, 0);
    } else if (!strcmp(name, "title")) {
        char *t = c->title[TITLE_TAG] ? NULL : short_text(n, 1000);
        meta_offer_title(c, TITLE_TAG, t, "title");
        free(t);
    } else if (!strcmp(name, "script")) {
        const char *type = markup_attr(n, "type");
        const xmlNode *body = n->children;
        if (type && eq_ci(type, "application/ld+json") && body && body->content)
            meta_jsonld(c, (const char *)body->content, strlen((const char *)body->content));
        *skip = 1;
    } else if (!strcmp(name, "style") || !strcmp(name, "svg") || !strcmp(name, "template") ||
               !strcmp(name, "textarea") || !strcmp(name, "select")) {
        *skip = 1;
    } else if (!strcmp(name, "h1") && c->n_h1 < META_MAX_H1) {
        char *t = short_text(n, 600);
        buf v = BUF_INIT;
        if (t)
            meta_clean(&v, t);
        /* Documentation generators end headings with a permalink sign. */
        while (v.len >= 2 && !strcmp(v.data + v.len - 2, "\xC2\xB6")) {
            v.len -= 2;
            while (v.len && v.data[v.len - 1] == ' ')
                v.len--;
            v.data[v.len] = '\0';
        }
        c->h1_count += v.len > 0;
        if (v.len && !(c->h1[c->n_h1++] = strdup(v.data)))
            c->oom = 1;
        c->oom |= v.oom;
        buf_free(&v);
        free(t);
    } else if (!strcmp(name, "date")) {
        /* Not HTML, but some templates write it. */
        offer_text_date(c, n, "time", RANK_MARKUP + 5);
    } else if (!strcmp(name, "time")) {
        const char *dt = markup_attr(n, "datetime");
        int marked = markup_attr(n, "pubdate") || (cls && (strstr(cls, "publish") || strstr(cls, "entry-date") ||
                                                    strstr(cls, "post-date")));
        /* <time datetime=...>Updated April 10</time>: an update's. */
        char *t = dt ? short_text(n, DATE_TEXT_MAX) : NULL;
        if (t && says_update(t))
            note_updated(c, t);
        else
            meta_offer(c, DECRUFT_META_DATE, dt, "time", RANK_MARKUP + (marked ? 0 : 5), 0);
        free(t);
    }
    const char *props = markup_attr(n, "itemprop");
    if (props)
        read_itemprop(c, n, props);
    const char *id = markup_attr(n, "id");
    if (c->slot[DECRUFT_META_DATE].rank > RANK_BYLINE && (date_class(cls) || date_class(id)))
        offer_text_date(c, n, "date markup", RANK_BYLINE);
    const char *rel = markup_attr(n, "rel");
    if (rel && !strcmp(name, "a") && has_word(rel, "author")) {
        char *t = short_text(n, 100);
        meta_offer(c, DECRUFT_META_AUTHOR, t, "rel=author", RANK_MARKUP, 0);
        free(t);
    }
    const char *data_author = markup_attr(n, "data-author");
    if (data_author)
        meta_offer(c, DECRUFT_META_AUTHOR, data_author, "data-author", RANK_BYLINE + 1, 0);
    if (cls && c->slot[DECRUFT_META_AUTHOR].rank > RANK_BYLINE && byline_class(cls)) {
        char *t = short_text(n, 120);
        meta_offer(c, DECRUFT_META_AUTHOR, t, "byline", RANK_BYLINE, 0);
        /* "Jane Doe<br>4 August 2010": the name is the byline's first
         * line, the date after it no part of it. */
        char iso[40];
        const xmlNode *first = c->slot[DECRUFT_META_AUTHOR].rank > RANK_BYLINE && t && meta_find_date(t, iso) == 0
                                   ? first_text(n)
                                   : NULL;
        if (first)
            meta_offer(c, DECRUFT_META_AUTHOR, (const char *)first->content, "byline", RANK_BYLINE, 0);
        free(t);
    }
}

/* Without recursion: deep markup costs no stack. */
static void walk(meta_collector *c, xmlNode *root)
{
    for (xmlNode *n = root; n && !c->oom;) {
        int skip = 1;
        if (n->type == XML_ELEMENT_NODE)
            read_element(c, n, &skip);
        else if (n->type == XML_TEXT_NODE && n->content)
            read_text(c, n);
        if (n == root && (skip || !n->children))
            break;
        n = (xmlNode *)markup_next(n, root, !skip);
    }
}

/* ---- the headline ---------------------------------------------------- */

/* Separators between a headline and the site's name in a <title>. */
static const char *const title_seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ",
                                         " \xC2\xBB ", " \xE2\x80\xA2 ", " / ", ": "};

/* Whether part names the site: equal to its name, or one holds the other
 * (a site "The River Gazette" and a title part "River Gazette"). */
static int names_site(const char *part, size_t n, const char *site)
{
    if (!site || !n)
        return 0;
    size_t k = strlen(site);
    if (meta_same(part, n, site, k))
        return 1;
    /* A short site name inside a part, or a part inside the site name,
     * with at least four characters on the shorter side. */
    const char *small = n < k ? part : site, *big = n < k ? site : part;
    size_t sn = n < k ? n : k, bn = n < k ? k : n;
    if (sn < 4)
        return 0;
    for (size_t i = 0; i + sn <= bn; i++) {
        size_t j = 0;
        while (j < sn && (big[i + j] | 0x20) == (small[j] | 0x20))
            j++;
        if (j == sn)
            return 1;
    }
    return 0;
}

/* s folded for comparing with a host name: ASCII letters lower-cased,
 * digits kept, the rest of ASCII dropped ("Arch Linux" as "archlinux"),
 * bytes of other scripts kept.  At most cap - 1 bytes. */
static size_t fold_name(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80 || (ch >= '0' && ch <= '9'))
            out[k++] = (char)ch;
        else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
            out[k++] = (char)(ch | 0x20);
    }
    out[k] = '\0';
    return k;
}

/* Whether part names the site its host names (folded, the host's name
 * inside the part): the name and a word or two ("Arch Linux Forums" for
 * "archlinux"), not a headline that mentions the site. */
static int names_host(const char *part, size_t n, const char *host)
{
    char a[256];
    size_t an = fold_name(part, n, a, sizeof a), hn = strlen(host);
    size_t most = 2 * hn + 4 < hn + 12 ? 2 * hn + 4 : hn + 12;
    return an >= hn && an <= most && strstr(a, host) != NULL;
}

/* The name a site's host gives it when the page states none: the label
 * before the public suffix ("news.rivergazette.co.uk": "rivergazette"),
 * the suffix taken as the last label and, when that is a country code, a
 * short label before it. */
static int host_name(const char *url, char *out, size_t cap)
{
    if (!url || !strstr(url, "://"))
        return 0;
    size_t n;
    const char *h = url_host(url, &n);
    const char *dots[8];
    size_t nd = 0;
    for (size_t i = 0; i < n; i++)
        if (h[i] == '.' && nd < 8)
            dots[nd++] = h + i;
    if (nd == 0 || nd == 8)
        return 0;
    const char *end = dots[nd - 1];
    if (nd >= 2 && (size_t)(h + n - end) == 3 && end - dots[nd - 2] <= 4)
        end = dots[--nd - 1]; /* co.uk, com.au */
    const char *start = nd >= 2 ? dots[nd - 2] + 1 : h;
    size_t len = (size_t)(end - start);
    if (len < 4 || len >= cap)
        return 0;
    return fold_name(start, len, out, cap) >= 4;
}

/* t without a site name before or after a separator, in place. */
static void strip_site(char *t, const char *site)
{
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof title_seps / sizeof title_seps[0]; i++) {
            size_t sl = strlen(title_seps[i]);
            /* After the last separator. */
            char *last = NULL;
            for (char *p = strstr(t, title_seps[i]); p; p = strstr(p + 1, title_seps[i]))
                last = p;
            if (last && last > t && names_site(last + sl, strlen(last + sl), site)) {
                *last = '\0';
                continue;
            }
            char *first = strstr(t, title_seps[i]);
            if (first && first > t && first[sl] && names_site(t, (size_t)(first - t), site))
                memmove(t, first + sl, strlen(first + sl) + 1);
        }
}

/* t without what follows its last separator when that names the site
 * its host names, in place.  Only after: a brand before the headline is
 * often the headline of a home or service page ("Brand - What it does"). */
static void strip_host(char *t, const char *host)
{
    if (!host)
        return;
    for (size_t i = 0; i < sizeof title_seps / sizeof title_seps[0]; i++) {
        char *last = NULL;
        for (char *p = strstr(t, title_seps[i]); p; p = strstr(p + 1, title_seps[i]))
            last = p;
        const char *tail = last ? last + strlen(title_seps[i]) : NULL;
        if (last && last > t && names_host(tail, strlen(tail), host))
            *last = '\0';
    }
}

/* t without the trail of its sections after the first " / " when it has
 * two or more ("Topic / Board / Forum name", as forum software writes
 * them), in place. */
static void strip_trail(char *t)
{
    char *first = strstr(t, " / ");
    if (first && first > t && strstr(first + 3, " / "))
        *first = '\0';
}

/* t without a label of the page's kind before its headline
 * ("Thread: ...", "Collection: ...", "Blog: ..."), as forum, shop and
 * blog software write them, in place; a label alone stays. */
static void strip_kind(char *t)
{
    static const char *const kinds[] = {"thread",   "topic", "view topic", "collection", "category", "tag",
                                        "archives", "archive", "blog",     "forum",      "news"};
    static const char *const seps[] = {": ", " - ", " | "};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t k = strlen(kinds[i]);
        if (strncasecmp(t, kinds[i], k))
            continue;
        for (size_t j = 0; j < sizeof seps / sizeof seps[0]; j++) {
            size_t sl = strlen(seps[j]);
            if (!strncmp(t + k, seps[j], sl) && t[k + sl]) {
                memmove(t, t + k + sl, strlen(t + k + sl) + 1);
                return;
            }
        }
    }
}

/* Words of a that b holds too, over the words of a (ASCII case aside;
 * bytes of other scripts are word characters). */
static double word_overlap(const char *a, const char *b)
{
    size_t words = 0, shared = 0, blen = strlen(b);
    for (const char *p = a; *p;) {
        while (*p && !is_word_byte(*p))
            p++;
        const char *w = p;
        while (is_word_byte(*p))
            p++;
        size_t k = (size_t)(p - w);
        if (!k)
            continue;
        words++;
        for (size_t i = 0; i + k <= blen; i++)
            if ((i == 0 || !is_word_byte(b[i - 1])) && !is_word_byte(b[i + k]) && meta_same(b + i, k, w, k)) {
                shared++;
                break;
            }
    }
    return words ? (double)shared / (double)words : 0.0;
}

/* Whether h names the site rather than the page: the site's name, or
 * what a stated title has after its last separator. */
static int h1_names_site(const meta_collector *c, const char *h, const char *site)
{
    size_t n = strlen(h);
    if (names_site(h, n, site))
        return 1;
    for (int k = 0; k < TITLE_N; k++) {
        const char *t = c->raw_title[k];
        for (size_t i = 0; t && i < sizeof title_seps / sizeof title_seps[0]; i++) {
            const char *last = NULL;
            for (const char *p = strstr(t, title_seps[i]); p; p = strstr(p + 1, title_seps[i]))
                last = p;
            if (!last)
                continue;
            const char *tail = last + strlen(title_seps[i]);
            if (names_site(h, n, tail))
                return 1;
        }
    }
    return 0;
}

/* The visible headline of a page with one <h1> is what a reader calls
 * its title more often than the stated one, which publishers write for
 * search engines (on WCXB dev, half A: 603 titles right instead of 587);
 * unless it names the site or shares under half its words with the
 * stated title, which then names something else on the page. */
#define H1_MIN_OVERLAP 0.5
#define H1_MAX_BYTES 150

/* The headline: an <h1> that agrees with a stated title is the surest;
 * then the publisher's JSON-LD headline, the OpenGraph, Twitter,
 * microdata and Dublin Core titles, the <title> without the site name;
 * a lone <h1> that agrees enough with that one, or stands alone. */
static void choose_title(meta_collector *c)
{
    const char *site = c->slot[DECRUFT_META_SITE_NAME].value;
    for (int k = 0; k < TITLE_N; k++)
        if (c->title[k] && !(c->raw_title[k] = strdup(c->title[k])))
            c->oom = 1;
    char host[64];
    const char *host_site = host_name(c->slot[DECRUFT_META_URL].value, host, sizeof host) ? host : NULL;
    for (int k = 0; k < TITLE_N; k++)
        if (c->title[k] && k != TITLE_LD) {
            strip_trail(c->title[k]);
            strip_site(c->title[k], site);
            strip_host(c->title[k], host_site);
            strip_kind(c->title[k]);
        }
    for (size_t h = 0; h < c->n_h1; h++)
        strip_kind(c->h1[h]);
    int pick = -1;
    for (size_t h = 0; h < c->n_h1 && pick < 0; h++)
        for (int k = 0; k < TITLE_N && pick < 0; k++)
            if (c->title[k] && meta_same(c->h1[h], strlen(c->h1[h]), c->title[k], strlen(c->title[k])))
                pick = k;
    int agreed = pick >= 0;
    for (int k = 0; k < TITLE_N && pick < 0; k++)
        if (c->title[k] && c->title[k][0])
            pick = k;
    const char *h1 = c->h1_count == 1 && c->n_h1 == 1 ? c->h1[0] : NULL;
    if (!agreed && h1 && strlen(h1) <= H1_MAX_BYTES && !h1_names_site(c, h1, site) &&
        (pick < 0 || word_overlap(h1, c->title[pick]) >= H1_MIN_OVERLAP)) {
        free(c->title[TITLE_H1]);
        c->title[TITLE_H1] = c->h1[0];
        c->h1[0] = NULL;
        c->n_h1 = 0;
        c->title_source[TITLE_H1] = "h1";
        pick = TITLE_H1;
    }
    if (pick < 0)
        return;
    meta_slot *s = &c->slot[DECRUFT_META_TITLE];
    s->value = c->title[pick];
    s->source = c->title_source[pick];
    c->title[pick] = NULL;
}

/* A date the canonical URL holds (/2025/09/04/, /2025-09-04-): the
 * last resort, as news sites file stories by day. */
static void url_date(meta_collector *c)
{
    const char *url = c->slot[DECRUFT_META_URL].value;
    if (!url || c->slot[DECRUFT_META_DATE].value)
        return;
    for (const char *p = strchr(url, '/'); p; p = strchr(p + 1, '/')) {
        char d[11];
        int ok = 1;
        for (int i = 0; i < 10 && ok; i++)
            ok = p[1 + i] != '\0';
        if (!ok)
            return;
        memcpy(d, p + 1, 10);
        d[10] = '\0';
        char sep = d[4];
        if ((sep == '/' || sep == '-') && d[7] == sep && (p[11] == '/' || p[11] == '-')) {
            d[4] = d[7] = '-';
            meta_offer(c, DECRUFT_META_DATE, d, "url", RANK_URL, 0);
            if (c->slot[DECRUFT_META_DATE].value)
                return;
        }
    }
}

static void collector_init(meta_collector *c)
{
    memset(c, 0, sizeof *c);
    for (int f = 0; f < DECRUFT_META_COUNT; f++)
        c->slot[f].rank = RANK_NONE;
}

static void collector_free(meta_collector *c)
{
    for (int f = 0; f < DECRUFT_META_COUNT; f++)
        free(c->slot[f].value);
    for (int k = 0; k < TITLE_N; k++)
        free(c->title[k]);
    for (int k = 0; k < TITLE_N; k++)
        free(c->raw_title[k]);
    for (size_t h = 0; h < c->n_h1; h++)
        free(c->h1[h]);
}

/* The chosen values into d's arena; authors joined by ", ". */
static int finish(doc *d, meta_collector *c)
{
    struct doc_meta *m = arena_alloc(&d->mem, 1, sizeof *m);
    if (!m)
        return -1;
    memset(m, 0, sizeof *m);
    for (int f = 0; f < DECRUFT_META_COUNT; f++) {
        const char *v = c->slot[f].value;
        if (!v)
            continue;
        /* Valid UTF-8 whatever the input was (a byline of plain text may
         * hold any bytes): every output format and caller can take it. */
        buf b = BUF_INIT;
        for (const char *p = v; *p;) {
            size_t k = f == DECRUFT_META_AUTHOR ? strcspn(p, "\n") : strlen(p);
            buf_put_utf8(&b, p, k);
            p += k;
            if (*p) {
                buf_puts(&b, ", ");
                p++;
            }
        }
        m->value[f] = b.oom ? NULL : arena_strndup(&d->mem, b.data, b.len);
        buf_free(&b);
        if (!m->value[f])
            return -1;
        m->source[f] = c->slot[f].source;
    }
    m->image_written = m->value[DECRUFT_META_IMAGE];
    m->url_written = m->value[DECRUFT_META_URL];
    d->meta = m;
    return metadata_set_base(d, NULL);
}

/* written resolved against base into the arena, or NULL when it is not a
 * page or an image one can fetch; *oom when memory ran out. */
static const char *resolved(doc *d, const char *base, const char *written, int *oom)
{
    buf b = BUF_INIT;
    const char *r = NULL;
    if (written && url_resolve(&b, base, written) == 0 && strncasecmp(b.data, "mailto:", 7)) {
        r = b.oom ? NULL : arena_strndup(&d->mem, b.data, b.len);
        *oom |= !r;
    }
    buf_free(&b);
    return r;
}

int metadata_set_base(doc *d, const char *base)
{
    struct doc_meta *m = d->meta;
    if (!m)
        return 0;
    int oom = 0;
    m->value[DECRUFT_META_IMAGE] = resolved(d, base, m->image_written, &oom);
    m->value[DECRUFT_META_URL] = resolved(d, base, m->url_written, &oom);
    return oom ? -1 : 0;
}

int metadata_html(doc *d, xmlDoc *tree)
{
    meta_collector *c = malloc(sizeof *c);
    if (!c)
        return -1;
    collector_init(c);
    walk(c, xmlDocGetRootElement(tree));
    choose_title(c);
    url_date(c);
    /* A page that shows only when it was updated is dated by it, as
     * citation styles date such a page (APA: the update date when no
     * other is given). */
    if (c->updated[0])
        meta_offer(c, DECRUFT_META_DATE, c->updated, "updated", RANK_URL + 1, 0);
    int r = c->oom ? -1 : finish(d, c);
    collector_free(c);
    free(c);
    return r;
}

/* ---- plain text ------------------------------------------------------ */

/* Lines of plain text searched for a byline or dateline: they open a
 * story, under the headline. */
#define TEXT_HEAD_LINES 12

int metadata_text(doc *d)
{
    meta_collector *c = malloc(sizeof *c);
    if (!c)
        return -1;
    collector_init(c);
    const char *p = d->text, *end = d->text + d->len;
    buf line = BUF_INIT;
    for (int lines = 0; p < end && lines < TEXT_HEAD_LINES && !c->oom;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line.len = 0;
        buf_put(&line, p, n);
        buf_putc(&line, '\0');
        p += n + 1;
        const char *s = line.data;
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '\r')
            continue;
        lines++;
        /* "By Jane Doe" alone on its line, capitalised; a date alone on
         * its line, or after "Published". */
        if (s[0] == 'B' && (s[1] == 'y' || s[1] == 'Y') && s[2] == ' ' && n < 80)
            meta_offer(c, DECRUFT_META_AUTHOR, s, "text", RANK_TEXT, 0);
        const char *date = s;
        static const char *const labels[] = {"Published: ", "Published ", "Posted: ", "Posted on ", "Date: "};
        for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
            if (!strncmp(s, labels[i], strlen(labels[i])))
                date = s + strlen(labels[i]);
        char iso[40];
        size_t k = strlen(date);
        while (k && (date[k - 1] == ' ' || date[k - 1] == '\r'))
            k--;
        if (n < 60 && meta_date(date, iso) == 0 && k <= 30) {
            /* The whole rest of the line is the date: nothing after it but
             * its own words ("March 4, 2025"), checked by reading it back. */
            int digits_end = k && date[k - 1] >= '0' && date[k - 1] <= '9';
            if (digits_end)
                meta_offer(c, DECRUFT_META_DATE, date, "text", RANK_TEXT, 0);
        }
    }
    c->oom |= line.oom;
    buf_free(&line);
    int r = c->oom ? -1 : finish(d, c);
    collector_free(c);
    free(c);
    return r;
}
