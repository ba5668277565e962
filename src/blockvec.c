#include "blockvec.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "features.h"
#include "reader_html.h"

/* See BLOCKVEC_ANCESTORS. */
#define NEAR_LEVELS 4
static const uint32_t span_min[] = {3, 10, 30};
#define N_SPANS (sizeof span_min / sizeof span_min[0])
#define N_ANCESTORS (1 + NEAR_LEVELS + N_SPANS)
/* The walk up the tree for those stops here: past it, deep markup would
 * make every block cost its depth. */
#define ANCESTOR_REACH 64

/* Per element: */
#define A_FEATURES(X, p)                                                                                 \
    X(p "log_blocks") X(p "log_chars") X(p "page_share") X(p "link_share") X(p "stop_ratio")              \
    X(p "good_share") X(p "kept_share") X(p "sentence_share") X(p "boiler") X(p "tag") X(p "position")    \
    X(p "log_repeats") X(p "list_share")

#define NEIGHBOUR_FEATURES(X, p) X(p "log_chars") X(p "link_share") X(p "stop_ratio") X(p "quality") X(p "kept")

#define FEATURES(X)                                                                                       \
    X("log_chars") X("log_words") X("stop_ratio") X("number_ratio") X("unspaced_share") X("ends_sentence")  \
    X("ends_cut") X("link_share") X("kind_paragraph") X("kind_list_item") X("kind_heading") X("kind_quote") \
    X("kind_pre") X("kind_cell") X("kind_caption") X("level") X("ordered") X("log_lines") X("duplicate")   \
    X("teaser") X("dom_boiler") X("dom_comments") X("dom_article_body") X("quality") X("rules_kept")        \
    X("rules_main") X("final") X("upper_share") X("digit_share") X("punct_share") X("commas_per_word")      \
    X("indent") X("log_longest_line") X("separators") X("capitalised_share") X("has_url")                   \
    X("word_length") X("position") X("char_position") X("page_share") X("depth")                           \
    A_FEATURES(X, "own_") A_FEATURES(X, "up1_") A_FEATURES(X, "up2_") A_FEATURES(X, "up3_")                 \
    A_FEATURES(X, "up4_") A_FEATURES(X, "span3_") A_FEATURES(X, "span10_") A_FEATURES(X, "span30_")         \
    NEIGHBOUR_FEATURES(X, "prev1_") NEIGHBOUR_FEATURES(X, "next1_") NEIGHBOUR_FEATURES(X, "prev2_")         \
    NEIGHBOUR_FEATURES(X, "next2_")                                                                        \
    X("page_log_chars") X("page_log_blocks") X("page_link_share") X("page_stop_ratio") X("page_good_share")  \
    X("page_kept_share") X("page_log_nodes") X("page_has_article") X("page_has_main")                      \
    X("page_has_article_body") X("page_headings") X("page_list_share") X("page_cell_share")

#define AS_NAME(s) s,
static const char *const names[] = {FEATURES(AS_NAME)};
#define N_FIXED (sizeof names / sizeof names[0])
#define A_COUNT 13
#define N_COUNT 5
#define BLOCK_COUNT 41
#define PAGE_COUNT 13
_Static_assert(N_FIXED == BLOCK_COUNT + N_ANCESTORS * A_COUNT + 4 * N_COUNT + PAGE_COUNT, "feature names and values");
_Static_assert(N_ANCESTORS == BLOCKVEC_ANCESTORS, "ancestor count");

size_t blockvec_fixed_count(void) { return N_FIXED; }

const char *blockvec_name(size_t i) { return i < N_FIXED ? names[i] : ""; }

static double ratio(double a, double b) { return b > 0 ? a / b : 0; }

/* Running totals over blocks, so that any element's run [first, end) is
 * summed by a difference. */
typedef struct sums {
    double *chars, *links, *words, *stops, *good, *kept, *sentences, *lists;
} sums;

static int sums_build(doc *d, sums *s)
{
    size_t n = d->n_blocks + 1;
    double **cols[] = {&s->chars, &s->links, &s->words, &s->stops, &s->good, &s->kept, &s->sentences, &s->lists};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        *cols[c] = arena_alloc(&d->mem, n, sizeof(double));
        if (!*cols[c])
            return -1;
        (*cols[c])[0] = 0;
    }
    for (size_t i = 0; i < d->n_blocks; i++) {
        const block *b = &d->blocks[i];
        s->chars[i + 1] = s->chars[i] + b->n_chars;
        s->links[i + 1] = s->links[i] + b->n_link_chars;
        s->words[i + 1] = s->words[i] + b->n_words;
        s->stops[i + 1] = s->stops[i] + b->n_stop;
        s->good[i + 1] = s->good[i] + (b->quality >= Q_NEAR && !b->final ? b->n_chars : 0);
        s->kept[i + 1] = s->kept[i] + (b->kept ? b->n_chars : 0);
        s->sentences[i + 1] = s->sentences[i] + (b->ends_sentence ? 1 : 0);
        s->lists[i + 1] = s->lists[i] + (b->kind == BLOCK_LIST_ITEM ? 1 : 0);
    }
    return 0;
}

/* For each element, how many of its siblings share its tag and words: a
 * card in a grid, a post in a thread, an item in a listing. */
static uint32_t *sibling_repeats(doc *d)
{
    size_t n = d->n_nodes;
    uint32_t *count = arena_alloc(&d->mem, n + 1, sizeof *count);
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    uint64_t *keys = arena_alloc(&d->mem, cap, sizeof *keys);
    uint32_t *vals = arena_alloc(&d->mem, cap, sizeof *vals);
    if (!count || !keys || !vals)
        return NULL;
    memset(keys, 0, cap * sizeof *keys);
    uint64_t *key_of = arena_alloc(&d->mem, n + 1, sizeof *key_of);
    if (!key_of)
        return NULL;
    for (size_t k = 0; k < n; k++) {
        const dom_node *nd = &d->nodes[k];
        uint64_t h = 0xcbf29ce484222325ull ^ nd->parent;
        h = (h ^ nd->tag) * 0x100000001b3ull;
        for (const char *p = nd->words; p && *p; p++)
            h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
        h |= 1; /* 0 marks an empty slot */
        key_of[k] = h;
        size_t at = (size_t)(h ^ (h >> 31)) & (cap - 1);
        while (keys[at] && keys[at] != h)
            at = (at + 1) & (cap - 1);
        if (!keys[at]) {
            keys[at] = h;
            vals[at] = 0;
        }
        vals[at]++;
    }
    for (size_t k = 0; k < n; k++) {
        uint64_t h = key_of[k];
        size_t at = (size_t)(h ^ (h >> 31)) & (cap - 1);
        while (keys[at] != h)
            at = (at + 1) & (cap - 1);
        count[k] = vals[at];
    }
    return count;
}

static void element_features(const doc *d, const sums *s, const uint32_t *repeats, size_t i, uint32_t node,
                             float *f)
{
    if (node == UINT32_MAX) {
        for (size_t j = 0; j < A_COUNT; j++)
            f[j] = NAN;
        return;
    }
    const dom_node *nd = &d->nodes[node];
    size_t a = nd->first, b = nd->end;
    double chars = s->chars[b] - s->chars[a], words = s->words[b] - s->words[a];
    double blocks = (double)(b - a);
    f[0] = (float)log1p(blocks);
    f[1] = (float)log1p(chars);
    f[2] = (float)ratio(chars, s->chars[d->n_blocks]);
    f[3] = (float)ratio(s->links[b] - s->links[a], chars);
    f[4] = (float)ratio(s->stops[b] - s->stops[a], words);
    f[5] = (float)ratio(s->good[b] - s->good[a], chars);
    f[6] = (float)ratio(s->kept[b] - s->kept[a], chars);
    f[7] = (float)ratio(s->sentences[b] - s->sentences[a], blocks);
    f[8] = (nd->own & (DOM_BOILER | DOM_COMMENTS)) ? 1.0f : 0.0f;
    f[9] = nd->tag;
    f[10] = (float)ratio((double)(i - a), blocks);
    f[11] = (float)log1p(repeats[node] - 1);
    f[12] = (float)ratio(s->lists[b] - s->lists[a], blocks);
}

static void neighbour_features(const doc *d, size_t i, long off, float *f)
{
    long j = (long)i + off;
    if (j < 0 || (size_t)j >= d->n_blocks) {
        for (size_t k = 0; k < N_COUNT; k++)
            f[k] = NAN;
        return;
    }
    const block *b = &d->blocks[j];
    f[0] = (float)log1p(b->n_chars);
    f[1] = (float)ratio(b->n_link_chars, b->n_chars);
    f[2] = (float)ratio(b->n_stop, b->n_words);
    f[3] = (float)b->quality;
    f[4] = b->kept ? 1.0f : 0.0f;
}

/* Shares of the block's characters (upper case of the letters, digits,
 * punctuation), commas; and its shape, which is what plain text has
 * instead of markup: indentation, the longest line, separators of menus
 * ("|", "/", ">", "·", "•", "»"), capitalised words, a URL. */
static void shape_features(const doc *d, const block *b, float *f)
{
    size_t upper = 0, letters = 0, digits = 0, punct = 0, commas = 0, all = 0;
    size_t separators = 0, capitalised = 0, word_starts = 0, indent = 0, line = 0, longest = 0;
    int at_word_start = 1, url = 0;
    while (b->start + indent < b->end && (d->text[b->start + indent] == ' ' || d->text[b->start + indent] == '\t'))
        indent++;
    for (size_t i = b->start; i < b->end; i++) {
        unsigned char c = (unsigned char)d->text[i];
        if (c == '\n') {
            longest = line > longest ? line : longest;
            line = 0;
        } else if ((c & 0xC0) != 0x80) {
            line++;
        }
        if (c == ' ' || c == '\n' || c == '\t') {
            at_word_start = 1;
            continue;
        }
        if ((c & 0xC0) == 0x80)
            continue;
        if (at_word_start && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
            word_starts++;
            capitalised += c <= 'Z';
        }
        at_word_start = 0;
        separators += c == '|' || c == '/' || c == '>';
        const unsigned char *u = (const unsigned char *)d->text + i;
        if (c == 0xC2 && i + 1 < b->end) /* a middle dot, a guillemet */
            separators += u[1] == 0xB7 || u[1] == 0xBB;
        else if (c == 0xE2 && i + 2 < b->end) /* a bullet */
            separators += u[1] == 0x80 && u[2] == 0xA2;
        url |= c == ':' && i + 2 < b->end && d->text[i + 1] == '/' && d->text[i + 2] == '/';
        all++;
        if (c >= 'A' && c <= 'Z')
            upper++, letters++;
        else if ((c >= 'a' && c <= 'z') || c >= 0x80)
            letters++;
        else if (c >= '0' && c <= '9')
            digits++;
        else
            punct++;
        commas += c == ',';
    }
    f[0] = (float)ratio((double)upper, (double)letters);
    f[1] = (float)ratio((double)digits, (double)all);
    f[2] = (float)ratio((double)punct, (double)all);
    f[3] = (float)ratio((double)commas, b->n_words);
    longest = line > longest ? line : longest;
    f[4] = (float)indent;
    f[5] = (float)log1p((double)longest);
    f[6] = (float)ratio((double)separators, b->n_words);
    f[7] = (float)ratio((double)capitalised, (double)word_starts);
    f[8] = (float)url;
}

/* The block's own element; plain text has none. */
static uint32_t own_node(const doc *d, size_t i)
{
    uint32_t at = d->blocks[i].node;
    return at < d->n_nodes ? at : UINT32_MAX;
}

void blockvec_chain(const doc *d, size_t i, uint32_t chain[BLOCKVEC_ANCESTORS])
{
    for (size_t k = 0; k < N_ANCESTORS; k++)
        chain[k] = UINT32_MAX;
    uint32_t at = own_node(d, i);
    for (size_t up = 0, spans = 0; at != UINT32_MAX && up < ANCESTOR_REACH; up++) {
        if (up <= NEAR_LEVELS)
            chain[up] = at;
        const dom_node *nd = &d->nodes[at];
        for (; spans < N_SPANS && nd->end - nd->first >= span_min[spans]; spans++)
            chain[1 + NEAR_LEVELS + spans] = at;
        if (up >= NEAR_LEVELS && spans == N_SPANS)
            break;
        at = nd->parent;
    }
}

struct blockvec {
    doc *d;
    sums s;
    uint32_t *repeats;
    float page[PAGE_COUNT];
};

blockvec *blockvec_new(doc *d)
{
    blockvec *v = arena_alloc(&d->mem, 1, sizeof *v);
    if (!v || sums_build(d, &v->s) || !(v->repeats = sibling_repeats(d)))
        return NULL;
    v->d = d;
    const sums *s = &v->s;
    size_t n = d->n_blocks;
    double total = s->chars[n];
    double headings = 0, lists = 0, cells = 0;
    int has_article = 0, has_main = 0, has_body = 0;
    unsigned article = reader_html_tag_code("article"), main_tag = reader_html_tag_code("main");
    for (size_t k = 0; k < d->n_nodes; k++) {
        has_article |= d->nodes[k].tag == article;
        has_main |= d->nodes[k].tag == main_tag;
        has_body |= (d->nodes[k].own & DOM_ARTICLE_BODY) != 0;
    }
    for (size_t i = 0; i < n; i++) {
        headings += d->blocks[i].kind == BLOCK_HEADING;
        lists += d->blocks[i].kind == BLOCK_LIST_ITEM ? d->blocks[i].n_chars : 0;
        cells += d->blocks[i].kind == BLOCK_CELL ? d->blocks[i].n_chars : 0;
    }
    float page[PAGE_COUNT] = {
        (float)log1p(total),
        (float)log1p((double)n),
        (float)ratio(s->links[n], total),
        (float)ratio(s->stops[n], s->words[n]),
        (float)ratio(s->good[n], total),
        (float)ratio(s->kept[n], total),
        (float)log1p((double)d->n_nodes),
        (float)has_article,
        (float)has_main,
        (float)has_body,
        (float)log1p(headings),
        (float)ratio(lists, total),
        (float)ratio(cells, total),
    };
    memcpy(v->page, page, sizeof page);
    return v;
}

void blockvec_row(const blockvec *v, size_t i, float *f)
{
    const doc *d = v->d;
    const sums *s = &v->s;
    size_t n = d->n_blocks;
    double total = s->chars[n];
    const block *b = &d->blocks[i];
    size_t j = 0;
    f[j++] = (float)log1p(b->n_chars);
    f[j++] = (float)log1p(b->n_words);
    f[j++] = (float)ratio(b->n_stop, b->n_words);
    f[j++] = (float)ratio(b->n_numbers, b->n_words);
    f[j++] = (float)ratio(b->n_unspaced, b->n_chars);
    f[j++] = b->ends_sentence;
    f[j++] = b->ends_cut;
    f[j++] = (float)ratio(b->n_link_chars, b->n_chars);
    for (int k = BLOCK_PARAGRAPH; k <= BLOCK_CAPTION; k++)
        f[j++] = b->kind == (block_kind)k;
    f[j++] = b->level;
    f[j++] = b->ordered;
    f[j++] = (float)log1p(b->n_lines);
    f[j++] = b->dup_of != 0;
    f[j++] = b->teaser;
    f[j++] = (b->dom & DOM_BOILER) != 0;
    f[j++] = (b->dom & DOM_COMMENTS) != 0;
    f[j++] = (b->dom & DOM_ARTICLE_BODY) != 0;
    f[j++] = (float)b->quality;
    f[j++] = b->kept != 0;
    f[j++] = b->in_main;
    f[j++] = b->final != 0;
    shape_features(d, b, f + j);
    j += 9;
    f[j++] = (float)ratio(b->n_chars, b->n_words);
    f[j++] = (float)ratio((double)i, (double)n);
    f[j++] = (float)ratio(s->chars[i], total);
    f[j++] = (float)ratio(b->n_chars, total);
    f[j++] = own_node(d, i) == UINT32_MAX ? NAN : (float)d->nodes[b->node].depth;
    uint32_t chain[N_ANCESTORS];
    blockvec_chain(d, i, chain);
    for (size_t k = 0; k < N_ANCESTORS; k++, j += A_COUNT)
        element_features(d, s, v->repeats, i, chain[k], f + j);
    static const long offsets[] = {-1, 1, -2, 2};
    for (size_t k = 0; k < 4; k++, j += N_COUNT)
        neighbour_features(d, i, offsets[k], f + j);
    memcpy(f + j, v->page, sizeof v->page);
}

void blockvec_words(const doc *d, size_t i, blockvec_word_fn visit, void *ctx)
{
    uint32_t at = own_node(d, i);
    for (unsigned dist = 0; at != UINT32_MAX && dist <= BLOCKVEC_WORD_REACH; dist++) {
        const dom_node *nd = &d->nodes[at];
        for (const char *p = nd->words; p && *p;) {
            const char *e = strchr(p, ' ');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            visit(ctx, p, len, dist);
            p += len + (e != NULL);
        }
        at = nd->parent;
    }
}
