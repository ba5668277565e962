/* JSON-LD (<script type="application/ld+json">): schema.org entities,
 * alone, in arrays or in an @graph.  Parsing is jansson's (already the
 * command line's JSON library): JSON-LD on real pages is large, nested and
 * often escaped in every way JSON allows, which a small parser of our own
 * would have to get right too.  The article entity gives the headline,
 * authors, dates, section and keywords; WebPage, WebSite and the publisher
 * fill in what it lacks. */
#include "metadata_collect.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Entities read from one script, at most: a page's JSON-LD holds a few;
 * more is a catalogue whose items are no metadata of the page. */
#define LD_MAX_ENTITIES 64
/* @graph and arrays nest this deep at most on the pages seen. */
#define LD_MAX_DEPTH 6

/* What an entity is to the page, by its @type: the lower, the more it
 * speaks for the page itself. */
enum { KIND_ARTICLE, KIND_WORK, KIND_PAGE, KIND_SITE, KIND_ORG, KIND_OTHER };

static int type_is(const char *t, const char *const *names, size_t n)
{
    /* "http://schema.org/NewsArticle" and "schema:NewsArticle" too. */
    const char *slash = strrchr(t, '/'), *colon = strrchr(t, ':');
    if (slash && slash[1])
        t = slash + 1;
    else if (colon && colon[1])
        t = colon + 1;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t, names[i]))
            return 1;
    return 0;
}

static int kind_of_type(const char *t)
{
    static const char *const article[] = {
        "Article",         "NewsArticle",          "BlogPosting",          "Report",
        "ScholarlyArticle", "TechArticle",         "AnalysisNewsArticle",  "OpinionNewsArticle",
        "ReportageNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting",
        "SocialMediaPosting", "DiscussionForumPosting", "Posting",         "AdvertiserContentArticle",
        "SatiricalArticle", "MedicalScholarlyArticle", "Blog"};
    static const char *const work[] = {"Recipe", "HowTo", "Product", "Event", "Course", "VideoObject",
                                       "JobPosting", "Book", "Movie", "Question", "Review", "SoftwareApplication",
                                       "Dataset", "PodcastEpisode", "Guide"};
    static const char *const page[] = {"WebPage",        "ItemPage",     "CollectionPage", "AboutPage",
                                       "ContactPage",    "FAQPage",      "QAPage",         "ProfilePage",
                                       "SearchResultsPage", "MedicalWebPage", "CheckoutPage", "RealEstateListing"};
    static const char *const site[] = {"WebSite"};
    static const char *const org[] = {"Organization", "NewsMediaOrganization", "Corporation", "LocalBusiness",
                                      "EducationalOrganization", "Store", "OnlineStore"};
#define IS(list) type_is(t, list, sizeof list / sizeof list[0])
    if (IS(article))
        return KIND_ARTICLE;
    if (IS(work))
        return KIND_WORK;
    if (IS(page))
        return KIND_PAGE;
    if (IS(site))
        return KIND_SITE;
    if (IS(org))
        return KIND_ORG;
#undef IS
    return KIND_OTHER;
}

static int entity_kind(json_t *o)
{
    json_t *t = json_object_get(o, "@type");
    int best = KIND_OTHER;
    if (json_is_string(t))
        return kind_of_type(json_string_value(t));
    size_t i;
    json_t *v;
    json_array_foreach(t, i, v) if (json_is_string(v))
    {
        int k = kind_of_type(json_string_value(v));
        if (k < best)
            best = k;
    }
    return best;
}

typedef struct ld_entity {
    json_t *obj; /* borrowed from the parsed root */
    int kind;
} ld_entity;

typedef struct ld_walk {
    ld_entity e[LD_MAX_ENTITIES];
    size_t n;
} ld_walk;

static void collect(ld_walk *w, json_t *v, int depth)
{
    if (depth > LD_MAX_DEPTH || w->n == LD_MAX_ENTITIES)
        return;
    size_t i;
    json_t *item;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item) collect(w, item, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    if (json_object_get(v, "@type")) {
        w->e[w->n].obj = v;
        w->e[w->n].kind = entity_kind(v);
        w->n++;
    }
    json_t *graph = json_object_get(v, "@graph");
    if (graph)
        collect(w, graph, depth + 1);
}

/* A string, or the "name" (key) of an object, or the first of an array. */
static const char *text_of(json_t *v, const char *key)
{
    if (json_is_array(v))
        v = json_array_get(v, 0);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_object(v)) {
        json_t *k = json_object_get(v, key);
        if (json_is_string(k))
            return json_string_value(k);
    }
    return NULL;
}

/* An organisation named as an author is the publisher, not a byline. */
static int is_org(json_t *v) { return json_is_object(v) && entity_kind(v) == KIND_ORG; }

/* Each item of a string or an array of them (or of objects with key) as
 * one offer; a comma-separated string is split when split is set
 * ("keywords"). */
static void offer_items(meta_collector *c, decruft_meta_field f, json_t *v, const char *key, int rank, int group,
                        int split)
{
    size_t i;
    json_t *item;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            const char *s = is_org(item) ? NULL : text_of(item, key);
            if (s)
                meta_offer(c, f, s, "json-ld", rank, group);
        }
        return;
    }
    const char *s = is_org(v) ? NULL : text_of(v, key);
    if (!s)
        return;
    if (!split) {
        meta_offer(c, f, s, "json-ld", rank, group);
        return;
    }
    meta_offer_split(c, f, s, ",", "json-ld", rank, group);
}

static void offer_string(meta_collector *c, decruft_meta_field f, json_t *o, const char *key, int rank)
{
    const char *s = text_of(json_object_get(o, key), key);
    if (s)
        meta_offer(c, f, s, "json-ld", rank, 0);
}

/* The fields of one entity; rank grows with how indirectly it speaks
 * for the page. */
static void read_entity(meta_collector *c, const ld_entity *e, int group, int listing)
{
    json_t *o = e->obj;
    int rank = RANK_JSONLD + e->kind;
    if (e->kind <= KIND_PAGE && !listing) {
        const char *headline = text_of(json_object_get(o, "headline"), "headline");
        if (!headline && e->kind != KIND_PAGE)
            headline = text_of(json_object_get(o, "name"), "name");
        if (headline && (!c->title[TITLE_LD] || rank < c->title_ld_rank)) {
            free(c->title[TITLE_LD]);
            c->title[TITLE_LD] = NULL;
            meta_offer_title(c, TITLE_LD, headline, "json-ld");
            c->title_ld_rank = rank;
        }
        if (e->kind == KIND_ARTICLE)
            meta_offer_title(c, TITLE_LD_NAME, text_of(json_object_get(o, "name"), "name"), "json-ld");
        /* An author of a WebPage is rarer and less often the article's. */
        int author_rank = e->kind == KIND_PAGE ? RANK_META + 5 : rank;
        json_t *author = json_object_get(o, "author");
        if (!author)
            author = json_object_get(o, "creator");
        offer_items(c, DECRUFT_META_AUTHOR, author, "name", author_rank, group, 0);
        int date_rank = e->kind == KIND_PAGE ? RANK_META + 5 : rank;
        offer_string(c, DECRUFT_META_DATE, o, "datePublished", date_rank);
        offer_string(c, DECRUFT_META_DATE, o, "dateCreated", date_rank + 1);
        offer_string(c, DECRUFT_META_DATE, o, "uploadDate", date_rank + 1);
        offer_string(c, DECRUFT_META_DATE_MODIFIED, o, "dateModified", date_rank);
        offer_items(c, DECRUFT_META_CATEGORIES, json_object_get(o, "articleSection"), "name", RANK_JSONLD, group, 0);
        offer_items(c, DECRUFT_META_TAGS, json_object_get(o, "keywords"), "name", RANK_JSONLD, group, 1);
        /* <meta> and <link> say these for the page as well as JSON-LD. */
        offer_string(c, DECRUFT_META_DESCRIPTION, o, "description", RANK_META + 10 + e->kind);
        json_t *image = json_object_get(o, "image");
        const char *img = text_of(image, "url");
        if (img)
            meta_offer(c, DECRUFT_META_IMAGE, img, "json-ld", RANK_META + 10 + e->kind, 0);
        offer_string(c, DECRUFT_META_LANG, o, "inLanguage", RANK_META + 10 + e->kind);
        json_t *publisher = json_object_get(o, "publisher");
        const char *pub = text_of(publisher, "name");
        if (pub)
            meta_offer(c, DECRUFT_META_SITE_NAME, pub, "json-ld", RANK_META + 15, 0);
    } else if (e->kind == KIND_SITE) {
        offer_string(c, DECRUFT_META_SITE_NAME, o, "name", RANK_META + 10);
        offer_string(c, DECRUFT_META_LANG, o, "inLanguage", RANK_META + 20);
    } else if (e->kind == KIND_ORG) {
        offer_string(c, DECRUFT_META_SITE_NAME, o, "name", RANK_META + 20);
    }
}

/* Pages put a raw line break or tab inside a JSON string, which JSON
 * forbids and browsers' JSON-LD readers forgive; and wrap the script in
 * HTML comments or CDATA.  The copy has those as spaces and starts at the
 * first bracket. */
static char *tidy(const char *text, size_t len, size_t *out_len)
{
    size_t from = 0, to = len;
    while (from < len && text[from] != '{' && text[from] != '[')
        from++;
    while (to > from && text[to - 1] != '}' && text[to - 1] != ']')
        to--;
    if (from >= to)
        return NULL;
    char *s = malloc(to - from);
    if (!s)
        return NULL;
    for (size_t i = from; i < to; i++)
        s[i - from] = (unsigned char)text[i] < 0x20 ? ' ' : text[i];
    *out_len = to - from;
    return s;
}

void meta_jsonld(meta_collector *c, const char *text, size_t len)
{
    size_t n;
    char *s = tidy(text, len, &n);
    if (!s)
        return;
    json_error_t error;
    json_t *root = json_loadb(s, n, 0, &error);
    free(s);
    if (!root)
        return;
    ld_walk *w = malloc(sizeof *w);
    if (!w) {
        c->oom = 1;
        json_decref(root);
        return;
    }
    w->n = 0;
    collect(w, root, 0);
    /* Several articles of different headlines: a listing of teasers,
     * whose authors and dates are not the page's. */
    const char *first = NULL;
    int listing = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (w->e[i].kind != KIND_ARTICLE)
            continue;
        const char *h = text_of(json_object_get(w->e[i].obj, "headline"), "headline");
        if (h && first && strcmp(h, first))
            listing = 1;
        if (h && !first)
            first = h;
    }
    /* The entities in the order of their kind: the article's fields first. */
    for (int kind = KIND_ARTICLE; kind <= KIND_ORG; kind++)
        for (size_t i = 0; i < w->n; i++)
            if (w->e[i].kind == kind)
                read_entity(c, &w->e[i], (int)i + 1, listing && kind == KIND_ARTICLE);
    free(w);
    json_decref(root);
}
