#include "model.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockvec.h"
#include "data.h"

/* Blocks are scored this many at a time, tree after tree, so that a tree's
 * nodes stay in cache while it walks them all. */
#define MODEL_CHUNK 32

static const char *const stage2_names[MODEL_N_STAGE2] = {
    "s1_own",    "s1_prev5",  "s1_prev4",  "s1_prev3",  "s1_prev2",  "s1_prev1",  "s1_next1",  "s1_next2",
    "s1_next3",  "s1_next4",  "s1_next5",  "s1_own_el", "s1_up1",    "s1_up2",    "s1_up3",    "s1_up4",
    "s1_span3",  "s1_span10", "s1_span30", "s1_page_mean", "s1_page_max"};

const char *model_stage2_name(size_t i) { return i < MODEL_N_STAGE2 ? stage2_names[i] : ""; }

const char *model_feature_name(const model *m, size_t f, char *tmp, size_t cap)
{
    if (f < m->n_fixed)
        return blockvec_name(f);
    if (f < m->n_fixed + m->n_words) {
        for (size_t i = 0; i < m->n_words; i++)
            if (m->word_feature[i] == f) {
                snprintf(tmp, cap, "class:%s", m->words[i]);
                return tmp;
            }
        return "";
    }
    f -= m->n_fixed + m->n_words;
    if (f < MODEL_N_STAGE2)
        return model_stage2_name(f);
    if (f - MODEL_N_STAGE2 < m->n_types) {
        snprintf(tmp, cap, "type:%s", m->type_names[f - MODEL_N_STAGE2]);
        return tmp;
    }
    return "";
}

/* Each built-in model is read on first use, and only the one a page
 * needs.  The build packs them (tools/modelpack.c), so that reading one is
 * a check of its indexes, not a parse of 2 MB of text. */
static pthread_once_t html_once = PTHREAD_ONCE_INIT, text_once = PTHREAD_ONCE_INIT;
static model *builtin_html, *builtin_text;

static void load_html(void)
{
    builtin_html = model_view(decruft_model_html_blob, decruft_model_html_blob_len, blockvec_fixed_count());
}

static void load_text(void)
{
    builtin_text = model_view(decruft_model_text_blob, decruft_model_text_blob_len, blockvec_fixed_count());
}

/* Each branch reads only its own model: a conditional over both let the
 * compiler load the other too, while another thread was writing it
 * (ThreadSanitizer caught it, once the models read fast). */
const model *model_builtin(int html)
{
    if (html) {
        pthread_once(&html_once, load_html);
        return builtin_html;
    }
    pthread_once(&text_once, load_text);
    return builtin_text;
}

/* The vocabulary features of each element, found once a page rather than
 * once a block: feats[first[k] .. first[k + 1]) for node k. */
typedef struct node_vocab {
    uint32_t *first, *feats;
} node_vocab;

static int lookup_word(const model *m, const char *word, size_t len)
{
    char key[64];
    if (len >= sizeof key)
        return -1;
    memcpy(key, word, len);
    key[len] = '\0';
    const char *k = key;
    char **hit = bsearch(&k, m->words, m->n_words, sizeof *m->words, model_word_cmp);
    return hit ? (int)m->word_feature[hit - m->words] : -1;
}

static int node_vocab_build(const model *m, doc *d, node_vocab *nv)
{
    size_t n = d->n_nodes, total = 0;
    nv->first = arena_alloc(&d->mem, n + 1, sizeof *nv->first);
    if (!nv->first)
        return -1;
    for (int pass = 0; pass < 2; pass++) {
        total = 0;
        for (size_t k = 0; k < n; k++) {
            if (pass)
                nv->first[k] = (uint32_t)total;
            for (const char *p = d->nodes[k].words; p && *p;) {
                const char *e = strchr(p, ' ');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                int f = m->n_words ? lookup_word(m, p, len) : -1;
                if (f >= 0) {
                    if (pass)
                        nv->feats[total] = (uint32_t)f;
                    total++;
                }
                p += len + (e != NULL);
            }
        }
        if (!pass && !(nv->feats = arena_alloc(&d->mem, total + 1, sizeof *nv->feats)))
            return -1;
    }
    nv->first[n] = (uint32_t)total;
    return 0;
}

/* The word features of block i, as blockvec_words visits the words: the
 * nearest element carrying a word sets it. */
static void first_stage_row(const model *m, const blockvec *v, const doc *d, const node_vocab *nv, size_t i,
                            float *x)
{
    blockvec_row(v, i, x);
    memset(x + m->n_fixed, 0, (m->stage2.n_features - m->n_fixed) * sizeof *x);
    uint32_t at = d->blocks[i].node < d->n_nodes ? d->blocks[i].node : UINT32_MAX;
    for (unsigned dist = 0; at != UINT32_MAX && dist <= BLOCKVEC_WORD_REACH; dist++) {
        for (uint32_t k = nv->first[at]; k < nv->first[at + 1]; k++)
            if (x[nv->feats[k]] == 0)
                x[nv->feats[k]] = (float)(1.0 / (1.0 + dist));
        at = d->nodes[at].parent;
    }
}

static double mean_over(const double *ps, const double *cs, size_t a, size_t b)
{
    double w = cs[b] - cs[a];
    return w > 0 ? (ps[b] - ps[a]) / w : NAN;
}

int model_score(const model *m, doc *d, float **p1_out, float **p2_out, float **vectors, float *threshold)
{
    size_t n = d->n_blocks, width = m->stage2.n_features;
    float *p1 = arena_alloc(&d->mem, n + 1, sizeof *p1);
    float *p2 = arena_alloc(&d->mem, n + 1, sizeof *p2);
    /* A small page needs fewer rows than a chunk: 2.4 KB a row on HTML. */
    size_t chunk_rows = n < MODEL_CHUNK ? (n ? n : 1) : MODEL_CHUNK;
    float *x = arena_alloc(&d->mem, chunk_rows, width * sizeof *x);
    float *margin = arena_alloc(&d->mem, chunk_rows, sizeof *margin);
    double *ps = arena_alloc(&d->mem, n + 1, sizeof *ps);
    double *cs = arena_alloc(&d->mem, n + 1, sizeof *cs);
    blockvec *v = blockvec_new(d);
    node_vocab nv;
    if (node_vocab_build(m, d, &nv))
        return -1;
    size_t n1 = m->n_fixed + m->n_words;
    double *col_sum = arena_alloc(&d->mem, n1, sizeof *col_sum);
    double *col_count = arena_alloc(&d->mem, n1, sizeof *col_count);
    float *page = arena_alloc(&d->mem, n1, sizeof *page);
    float *type_p = arena_alloc(&d->mem, m->n_types + 1, sizeof *type_p);
    float *all = NULL;
    if (vectors && !(all = arena_alloc(&d->mem, n ? n : 1, width * sizeof *all)))
        return -1;
    if (!p1 || !p2 || !x || !margin || !ps || !cs || !v || !col_sum || !col_count || !page || !type_p)
        return -1;
    memset(col_sum, 0, n1 * sizeof *col_sum);
    memset(col_count, 0, n1 * sizeof *col_count);
    for (size_t c = 0; c < n; c += MODEL_CHUNK) {
        size_t rows = n - c < MODEL_CHUNK ? n - c : MODEL_CHUNK;
        for (size_t r = 0; r < rows; r++) {
            float *row = x + r * width;
            first_stage_row(m, v, d, &nv, c + r, row);
            for (size_t f = 0; f < n1; f++)
                if (!isnan(row[f])) {
                    col_sum[f] += (double)row[f];
                    col_count[f] += 1;
                }
        }
        gbdt_margins(&m->stage1, x, rows, width, margin);
        for (size_t r = 0; r < rows; r++)
            p1[c + r] = gbdt_probability(margin[r]);
    }
    /* The page: the mean of each feature over the blocks that have it. */
    for (size_t f = 0; f < n1; f++)
        page[f] = col_count[f] > 0 ? (float)(col_sum[f] / col_count[f]) : NAN;
    size_t best = 0;
    for (size_t t = 0; t < m->n_types; t++) {
        type_p[t] = gbdt_probability(gbdt_margin(&m->types[t], page));
        if (type_p[t] > type_p[best])
            best = t;
    }
    d->page_type = m->n_types && n ? m->type_names[best] : NULL;
    *threshold = m->n_types ? m->type_threshold[best] : m->threshold;
    /* Character-weighted sums of stage 1, so that any element's mean is a
     * difference; summed in double in block order, as the trainer does. */
    ps[0] = cs[0] = 0;
    double page_max = n ? p1[0] : NAN;
    for (size_t i = 0; i < n; i++) {
        ps[i + 1] = ps[i] + (double)p1[i] * (double)d->blocks[i].n_chars;
        cs[i + 1] = cs[i] + (double)d->blocks[i].n_chars;
        if (p1[i] > page_max)
            page_max = p1[i];
    }
    float page_mean = (float)mean_over(ps, cs, 0, n);
    /* Stage 2 needs stage 1's probabilities on both sides of a block, so
     * the rows are computed again rather than kept: kept, they would cost
     * 2 KB a block (2 GB for a page of 10^6 paragraphs). */
    for (size_t c = 0; c < n; c += MODEL_CHUNK) {
        size_t rows = n - c < MODEL_CHUNK ? n - c : MODEL_CHUNK;
        for (size_t r = 0; r < rows; r++) {
            size_t i = c + r;
            float *row = x + r * width;
            first_stage_row(m, v, d, &nv, i, row);
            float *s = row + m->n_fixed + m->n_words;
            size_t j = 0;
            s[j++] = p1[i];
            for (long off = -MODEL_REACH; off <= MODEL_REACH; off++) {
                if (off == 0)
                    continue;
                long k = (long)i + off;
                s[j++] = k >= 0 && (size_t)k < n ? p1[k] : NAN;
            }
            uint32_t chain[BLOCKVEC_ANCESTORS];
            blockvec_chain(d, i, chain);
            for (size_t k = 0; k < BLOCKVEC_ANCESTORS; k++)
                s[j++] = chain[k] == UINT32_MAX
                             ? NAN
                             : (float)mean_over(ps, cs, d->nodes[chain[k]].first, d->nodes[chain[k]].end);
            s[j++] = page_mean;
            s[j++] = (float)page_max;
            for (size_t t = 0; t < m->n_types; t++)
                s[j++] = type_p[t];
        }
        gbdt_margins(&m->stage2, x, rows, width, margin);
        for (size_t r = 0; r < rows; r++)
            p2[c + r] = gbdt_probability(margin[r]);
        if (all)
            memcpy(all + c * width, x, rows * width * sizeof *x);
    }
    *p1_out = p1;
    *p2_out = p2;
    if (vectors)
        *vectors = all;
    return 0;
}
