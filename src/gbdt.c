#include "gbdt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A model file is data we ship, but a corrupt one must fail to load, not
 * make the walk run off its nodes: every child index is checked. */

static int next_token(const char *text, size_t len, size_t *pos, char *out, size_t cap)
{
    size_t i = *pos;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    size_t k = 0;
    while (i < len && !(text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
        if (k + 1 >= cap)
            return -1;
        out[k++] = text[i++];
    }
    out[k] = '\0';
    *pos = i;
    return k ? 0 : -1;
}

static int read_long(const char *text, size_t len, size_t *pos, long *v)
{
    char tok[64];
    if (next_token(text, len, pos, tok, sizeof tok))
        return -1;
    const char *s = tok + (tok[0] == '-');
    long n = 0;
    for (; *s >= '0' && *s <= '9' && n < 100000000; s++)
        n = n * 10 + (*s - '0');
    if (*s || s == tok + (tok[0] == '-'))
        return -1;
    *v = tok[0] == '-' ? -n : n;
    return 0;
}

/* The trainer writes each float with 9 significant digits, the fewest that
 * give the float back.  Those digits times a power of ten up to 10^22 (exact
 * in a double) round once into a double; the decimal lies far closer to its
 * float than half a float's step, so rounding that double to float gives the
 * float itself.  Anything else goes to strtof.  Ten times faster: the models
 * are parsed at every process start. */
static int fast_float(const char *s, float *v)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int neg = *s == '-';
    s += neg;
    uint64_t digits = 0;
    int n = 0, exp10 = 0, any = 0;
    for (; *s >= '0' && *s <= '9'; s++, any = 1)
        if (digits || *s != '0') {
            if (++n > 17)
                return -1;
            digits = digits * 10 + (uint64_t)(*s - '0');
        }
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++, any = 1, exp10--)
            if (digits || *s != '0') {
                if (++n > 17)
                    return -1;
                digits = digits * 10 + (uint64_t)(*s - '0');
            }
    if (!any)
        return -1;
    if (*s == 'e' || *s == 'E') {
        int eneg = *++s == '-', e = 0;
        s += *s == '-' || *s == '+';
        if (!(*s >= '0' && *s <= '9'))
            return -1;
        for (; *s >= '0' && *s <= '9' && e < 1000; s++)
            e = e * 10 + (*s - '0');
        exp10 += eneg ? -e : e;
    }
    if (*s || exp10 < -22 || exp10 > 22 || digits > ((uint64_t)1 << 53))
        return -1;
    double d = (double)digits;
    d = exp10 < 0 ? d / pow10[-exp10] : d * pow10[exp10];
    *v = (float)(neg ? -d : d);
    return 0;
}

static int read_float(const char *text, size_t len, size_t *pos, float *v)
{
    char tok[64], *end;
    if (next_token(text, len, pos, tok, sizeof tok))
        return -1;
    if (!fast_float(tok, v))
        return 0;
    *v = strtof(tok, &end);
    return *end ? -1 : 0;
}

static int expect(const char *text, size_t len, size_t *pos, const char *word)
{
    char tok[64];
    return next_token(text, len, pos, tok, sizeof tok) || strcmp(tok, word) ? -1 : 0;
}

/* Caps that keep a corrupt file from asking for absurd allocations. */
#define GBDT_MAX_TREES 100000
#define GBDT_MAX_NODES (1L << 24)
#define GBDT_MAX_FEATURES 100000

/* Deeper trees keep the walk by pointers: complete, they would take
 * 2^depth slots whatever their size. */
#define GBDT_FLAT_MAX_DEPTH 10

static unsigned tree_depth(const gbdt *g, size_t t, size_t end, unsigned char *level)
{
    size_t base = g->roots[t];
    unsigned deepest = 0;
    level[0] = 0;
    /* Children come after their parent, so one pass in order finds every
     * node's level. */
    for (size_t k = 0; k < end - base; k++) {
        const gbdt_node *nd = &g->nodes[base + k];
        if (level[k] > deepest)
            deepest = level[k];
        if (nd->feature >= 0 && level[k] < 255) {
            level[nd->yes - base] = (unsigned char)(level[k] + 1);
            level[nd->no - base] = (unsigned char)(level[k] + 1);
        }
    }
    return deepest;
}

/* Tree t's leaves, indexed by their slot in the complete tree: a tree of
 * 2^d - 1 splits has 2^d leaves, so they start t past its splits. */
static size_t leaf_base(const gbdt *g, size_t t)
{
    return g->split_at[t] + t - (((size_t)1 << g->depth[t]) - 1);
}

static void fill(gbdt *g, size_t t, uint32_t node, size_t slot, unsigned level)
{
    const gbdt_node *nd = &g->nodes[node];
    unsigned depth = g->depth[t];
    if (level == depth) {
        g->leaves[leaf_base(g, t) + slot] = nd->value;
        return;
    }
    size_t at = g->split_at[t] + slot;
    if (nd->feature < 0) {
        /* Both sides lead to the same leaf: any split will do. */
        g->split_feature[at] = 0;
        g->split_threshold[at] = 0;
        fill(g, t, node, 2 * slot + 1, level + 1);
        fill(g, t, node, 2 * slot + 2, level + 1);
        return;
    }
    g->split_feature[at] = (uint32_t)nd->feature | (nd->missing == nd->no ? UINT32_C(1) << 31 : 0);
    g->split_threshold[at] = nd->threshold;
    fill(g, t, nd->yes, 2 * slot + 1, level + 1);
    fill(g, t, nd->no, 2 * slot + 2, level + 1);
}

static int flatten(gbdt *g)
{
    g->depth = malloc(g->n_trees);
    g->split_at = malloc(g->n_trees * sizeof *g->split_at);
    unsigned char *level = malloc(g->n_nodes);
    if (!g->depth || !g->split_at || !level) {
        free(level);
        return -1;
    }
    size_t n_splits = 0;
    int flat = 1;
    for (size_t t = 0; t < g->n_trees && flat; t++) {
        size_t end = t + 1 < g->n_trees ? g->roots[t + 1] : g->n_nodes;
        unsigned depth = tree_depth(g, t, end, level);
        flat = depth <= GBDT_FLAT_MAX_DEPTH;
        g->depth[t] = (uint8_t)depth;
        g->split_at[t] = (uint32_t)n_splits;
        n_splits += ((size_t)1 << depth) - 1;
    }
    free(level);
    if (!flat || n_splits + g->n_trees > UINT32_MAX) {
        free(g->depth);
        free(g->split_at);
        g->depth = NULL;
        g->split_at = NULL;
        return 0;
    }
    g->n_splits = n_splits;
    g->split_feature = malloc((n_splits ? n_splits : 1) * sizeof *g->split_feature);
    g->split_threshold = malloc((n_splits ? n_splits : 1) * sizeof *g->split_threshold);
    g->leaves = malloc((n_splits + g->n_trees) * sizeof *g->leaves);
    if (!g->split_feature || !g->split_threshold || !g->leaves)
        return -1;
    for (size_t t = 0; t < g->n_trees; t++)
        fill(g, t, g->roots[t], 0, 0);
    return 0;
}

int gbdt_parse(gbdt *g, const char *text, size_t len, size_t *pos)
{
    memset(g, 0, sizeof *g);
    long n_trees, n_features;
    if (expect(text, len, pos, "trees") || read_long(text, len, pos, &n_trees) ||
        read_long(text, len, pos, &n_features) || read_float(text, len, pos, &g->base_margin) || n_trees < 1 ||
        n_trees > GBDT_MAX_TREES || n_features < 1 || n_features > GBDT_MAX_FEATURES)
        return -1;
    g->n_features = (size_t)n_features;
    g->roots = malloc((size_t)n_trees * sizeof *g->roots);
    if (!g->roots)
        return -1;
    size_t cap = 0;
    for (long t = 0; t < n_trees; t++) {
        long n;
        if (expect(text, len, pos, "tree") || read_long(text, len, pos, &n) || n < 1 ||
            n > GBDT_MAX_NODES - (long)g->n_nodes)
            goto bad;
        if (g->n_nodes + (size_t)n > cap) {
            size_t want = cap ? cap : 1024;
            while (want < g->n_nodes + (size_t)n)
                want *= 2;
            gbdt_node *p = realloc(g->nodes, want * sizeof *p);
            if (!p)
                goto bad;
            g->nodes = p;
            cap = want;
        }
        size_t base = g->n_nodes;
        g->roots[t] = (uint32_t)base;
        for (long k = 0; k < n; k++) {
            gbdt_node *nd = &g->nodes[base + (size_t)k];
            long f, yes, no, miss;
            if (read_long(text, len, pos, &f) || read_float(text, len, pos, &nd->threshold) ||
                read_float(text, len, pos, &nd->value) || read_long(text, len, pos, &yes) ||
                read_long(text, len, pos, &no) || read_long(text, len, pos, &miss))
                goto bad;
            if (f >= n_features || f < -1)
                goto bad;
            /* Children come after their parent: the walk always ends. */
            if (f >= 0 && (yes <= k || yes >= n || no <= k || no >= n || (miss != yes && miss != no)))
                goto bad;
            nd->feature = (int32_t)f;
            nd->yes = (uint32_t)(base + (size_t)(f >= 0 ? yes : 0));
            nd->no = (uint32_t)(base + (size_t)(f >= 0 ? no : 0));
            nd->missing = (uint32_t)(base + (size_t)(f >= 0 ? miss : 0));
        }
        g->n_nodes += (size_t)n;
        g->n_trees++;
    }
    if (flatten(g))
        goto bad;
    return 0;
bad:
    gbdt_free(g);
    return -1;
}

void gbdt_free(gbdt *g)
{
    if (g->borrowed) {
        memset(g, 0, sizeof *g);
        return;
    }
    free(g->nodes);
    free(g->roots);
    free(g->split_feature);
    free(g->split_threshold);
    free(g->leaves);
    free(g->split_at);
    free(g->depth);
    memset(g, 0, sizeof *g);
}

/* ---- the packed form ---- */

int gbdt_put(FILE *out, const void *p, size_t n)
{
    static const char zero[4];
    return fwrite(p, 1, n, out) != n || fwrite(zero, 1, (4 - n % 4) % 4, out) != (4 - n % 4) % 4 ? -1 : 0;
}

int gbdt_put_u32(FILE *out, size_t v)
{
    uint32_t u = (uint32_t)v;
    return v > UINT32_MAX ? -1 : gbdt_put(out, &u, sizeof u);
}

int gbdt_pack(const gbdt *g, FILE *out)
{
    int flat = g->split_feature != NULL;
    if (gbdt_put_u32(out, g->n_trees) || gbdt_put_u32(out, g->n_features) || gbdt_put_u32(out, g->n_nodes) ||
        gbdt_put_u32(out, flat ? g->n_splits : 0) || gbdt_put_u32(out, (size_t)flat) ||
        gbdt_put(out, &g->base_margin, sizeof g->base_margin) ||
        gbdt_put(out, g->nodes, g->n_nodes * sizeof *g->nodes) ||
        gbdt_put(out, g->roots, g->n_trees * sizeof *g->roots))
        return -1;
    if (flat && (gbdt_put(out, g->split_feature, g->n_splits * sizeof *g->split_feature) ||
                 gbdt_put(out, g->split_threshold, g->n_splits * sizeof *g->split_threshold) ||
                 gbdt_put(out, g->leaves, (g->n_splits + g->n_trees) * sizeof *g->leaves) ||
                 gbdt_put(out, g->split_at, g->n_trees * sizeof *g->split_at) || gbdt_put(out, g->depth, g->n_trees)))
        return -1;
    return 0;
}

const void *gbdt_take(const char *blob, size_t len, size_t *pos, size_t count, size_t size)
{
    if (size && count > (len - *pos) / size)
        return NULL;
    size_t n = count * size, padded = n + (4 - n % 4) % 4;
    if (padded > len - *pos)
        return NULL;
    const void *p = blob + *pos;
    *pos += padded;
    return p;
}

int gbdt_take_u32(const char *blob, size_t len, size_t *pos, size_t *v)
{
    const uint32_t *p = gbdt_take(blob, len, pos, 1, sizeof *p);
    if (p)
        *v = *p;
    return p ? 0 : -1;
}

/* The checks gbdt_parse makes as it reads, made on the packed arrays. */
static int view_valid(const gbdt *g)
{
    if (g->roots[0] != 0)
        return 0;
    for (size_t t = 0; t < g->n_trees; t++) {
        size_t base = g->roots[t], end = t + 1 < g->n_trees ? g->roots[t + 1] : g->n_nodes;
        if (end <= base || end > g->n_nodes)
            return 0;
        for (size_t k = base; k < end; k++) {
            const gbdt_node *nd = &g->nodes[k];
            if (nd->feature < -1 || nd->feature >= (int32_t)g->n_features)
                return 0;
            if (nd->feature >= 0 && (nd->yes <= k || nd->yes >= end || nd->no <= k || nd->no >= end ||
                                     (nd->missing != nd->yes && nd->missing != nd->no)))
                return 0;
        }
        if (!g->split_feature)
            continue;
        if (g->depth[t] > GBDT_FLAT_MAX_DEPTH || g->split_at[t] > g->n_splits)
            return 0;
        size_t n_splits = ((size_t)1 << g->depth[t]) - 1;
        /* The trees' splits one after another inside the array, and so
         * their leaves inside the array of leaves, one a tree longer. */
        if (n_splits > g->n_splits - g->split_at[t] ||
            (t + 1 < g->n_trees && g->split_at[t + 1] != g->split_at[t] + n_splits))
            return 0;
        for (size_t k = 0; k < n_splits; k++)
            if ((g->split_feature[g->split_at[t] + k] & 0x7fffffff) >= g->n_features)
                return 0;
    }
    return 1;
}

int gbdt_view(gbdt *g, const char *blob, size_t len, size_t *pos)
{
    memset(g, 0, sizeof *g);
    size_t flat;
    const float *base;
    if ((uintptr_t)(blob + *pos) % 4 || *pos > len || gbdt_take_u32(blob, len, pos, &g->n_trees) ||
        gbdt_take_u32(blob, len, pos, &g->n_features) || gbdt_take_u32(blob, len, pos, &g->n_nodes) ||
        gbdt_take_u32(blob, len, pos, &g->n_splits) || gbdt_take_u32(blob, len, pos, &flat) ||
        !(base = gbdt_take(blob, len, pos, 1, sizeof *base)))
        return -1;
    g->base_margin = *base;
    if (g->n_trees < 1 || g->n_trees > GBDT_MAX_TREES || g->n_features < 1 || g->n_features > GBDT_MAX_FEATURES ||
        g->n_nodes > (size_t)GBDT_MAX_NODES || flat > 1)
        goto bad;
    /* Cast from the blob: the arrays are never written through. */
    g->borrowed = 1;
    if (!(g->nodes = (gbdt_node *)gbdt_take(blob, len, pos, g->n_nodes, sizeof *g->nodes)) ||
        !(g->roots = (uint32_t *)gbdt_take(blob, len, pos, g->n_trees, sizeof *g->roots)))
        goto bad;
    if (flat && (!(g->split_feature = (uint32_t *)gbdt_take(blob, len, pos, g->n_splits, sizeof *g->split_feature)) ||
                 !(g->split_threshold = (float *)gbdt_take(blob, len, pos, g->n_splits, sizeof *g->split_threshold)) ||
                 !(g->leaves = (float *)gbdt_take(blob, len, pos, g->n_splits + g->n_trees, sizeof *g->leaves)) ||
                 !(g->split_at = (uint32_t *)gbdt_take(blob, len, pos, g->n_trees, sizeof *g->split_at)) ||
                 !(g->depth = (uint8_t *)gbdt_take(blob, len, pos, g->n_trees, 1))))
        goto bad;
    if (!view_valid(g))
        goto bad;
    return 0;
bad:
    gbdt_free(g);
    return -1;
}

static const gbdt_node *step(const gbdt *g, const gbdt_node *nd, const float *x)
{
    float v = x[nd->feature];
    uint32_t next = isnan(v) ? nd->missing : v < nd->threshold ? nd->yes : nd->no;
    return &g->nodes[next];
}

float gbdt_margin(const gbdt *g, const float *x)
{
    float m;
    gbdt_margins(g, x, 1, g->n_features, &m);
    return m;
}

/* Rows walked side by side through one tree: their loads overlap. */
#define GBDT_LANES 8

/* One level of the walk, without a branch on the data: a split sends
 * x < threshold to 2k + 1, a missing value where its top bit says,
 * anything else to 2k + 2. */
static inline uint32_t descend(const uint32_t *feature, const float *threshold, uint32_t at, const float *row)
{
    uint32_t f = feature[at];
    float v = row[f & 0x7fffffff];
    /* v >= threshold is false when v is missing. */
    uint32_t second = (uint32_t)(v >= threshold[at]) | ((uint32_t)(v != v) & (f >> 31));
    return 2 * at + 1 + second;
}

/* Tree t as the walk reads it. */
typedef struct flat_tree {
    const uint32_t *feature;
    const float *threshold, *leaf;
    unsigned depth;
} flat_tree;

static flat_tree flat_tree_of(const gbdt *g, size_t t)
{
    flat_tree f = {g->split_feature + g->split_at[t], g->split_threshold + g->split_at[t],
                   g->leaves + leaf_base(g, t), g->depth[t]};
    return f;
}

/* A full group of rows: the constant count lets the compiler keep every
 * row's position in a register. */
static void flat_walk_group(const flat_tree *f, const float *x, size_t stride, float *out)
{
    uint32_t at[GBDT_LANES] = {0};
    for (unsigned level = 0; level < f->depth; level++) {
#pragma GCC unroll 8
        for (size_t r = 0; r < GBDT_LANES; r++)
            at[r] = descend(f->feature, f->threshold, at[r], x + r * stride);
    }
    for (size_t r = 0; r < GBDT_LANES; r++)
        out[r] += f->leaf[at[r]];
}

static void flat_walk(const flat_tree *f, const float *x, size_t rows, size_t stride, float *out)
{
    for (size_t r = 0; r < rows; r++) {
        uint32_t at = 0;
        for (unsigned level = 0; level < f->depth; level++)
            at = descend(f->feature, f->threshold, at, x + r * stride);
        out[r] += f->leaf[at];
    }
}

/* xgboost starts from the base margin and adds the trees in order, in
 * float: the same sums to the last bit. */
void gbdt_margins(const gbdt *g, const float *x, size_t rows, size_t stride, float *out)
{
    for (size_t r = 0; r < rows; r++)
        out[r] = g->base_margin;
    for (size_t t = 0; t < g->n_trees; t++) {
        if (g->split_feature) {
            flat_tree f = flat_tree_of(g, t);
            size_t r = 0;
            for (; r + GBDT_LANES <= rows; r += GBDT_LANES)
                flat_walk_group(&f, x + r * stride, stride, out + r);
            flat_walk(&f, x + r * stride, rows - r, stride, out + r);
            continue;
        }
        const gbdt_node *root = &g->nodes[g->roots[t]];
        for (size_t r = 0; r < rows; r++) {
            const gbdt_node *nd = root;
            const float *row = x + r * stride;
            while (nd->feature >= 0)
                nd = step(g, nd, row);
            out[r] += nd->value;
        }
    }
}

float gbdt_probability(float margin) { return (float)(1.0 / (1.0 + exp(-(double)margin))); }

void gbdt_contributions(const gbdt *g, const float *x, double *contrib)
{
    for (size_t t = 0; t < g->n_trees; t++) {
        const gbdt_node *nd = &g->nodes[g->roots[t]];
        while (nd->feature >= 0) {
            const gbdt_node *next = step(g, nd, x);
            contrib[nd->feature] += (double)next->value - (double)nd->value;
            nd = next;
        }
    }
}
