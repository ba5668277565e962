/* The two stored forms of a model: the text form that tools/train.py
 * writes (data/model-*.txt), and the packed form the build makes of it
 * (tools/modelpack.c), which the library reads at start-up. */
#include "model.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line of the text form: at most this long. */
#define MODEL_LINE_MAX 256

static int read_line(const char *text, size_t len, size_t *pos, char *out)
{
    size_t i = *pos, k = 0;
    if (i >= len)
        return -1;
    while (i < len && text[i] != '\n') {
        if (k + 1 >= MODEL_LINE_MAX)
            return -1;
        out[k++] = text[i++];
    }
    out[k] = '\0';
    *pos = i < len ? i + 1 : i;
    return 0;
}

/* The next line that is not empty: an ensemble's last number ends
 * without its line break. */
static int skip_to_line(const char *text, size_t len, size_t *pos, char *out)
{
    do {
        if (read_line(text, len, pos, out))
            return -1;
    } while (!out[0]);
    return 0;
}

int model_word_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void model_free(model *m)
{
    if (!m)
        return;
    for (size_t i = 0; !m->borrowed && m->words && i < m->n_words; i++)
        free(m->words[i]);
    free(m->words);
    free(m->word_feature);
    gbdt_free(&m->stage1);
    gbdt_free(&m->stage2);
    for (size_t i = 0; i < m->n_types; i++) {
        if (!m->borrowed)
            free(m->type_names[i]);
        gbdt_free(&m->types[i]);
    }
    free(m->type_names);
    free(m->type_threshold);
    free(m->types);
    free(m);
}

model *model_parse(const char *text, size_t len, size_t fixed_count)
{
    model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    char line[MODEL_LINE_MAX];
    size_t pos = 0;
    unsigned long fixed, words;
    if (read_line(text, len, &pos, line) || strcmp(line, "decruft-model 1"))
        goto bad;
    /* Comment lines after the first say where the model comes from. */
    size_t at;
    do {
        at = pos;
        if (read_line(text, len, &pos, line))
            goto bad;
    } while (line[0] == '#');
    pos = at;
    if (read_line(text, len, &pos, line) || sscanf(line, "fixed %lu", &fixed) != 1 ||
        (fixed_count && fixed != fixed_count))
        goto bad;
    if (read_line(text, len, &pos, line) || sscanf(line, "words %lu", &words) != 1 || words > 100000)
        goto bad;
    m->n_fixed = fixed;
    m->words = calloc(words + 1, sizeof *m->words);
    m->word_feature = calloc(words + 1, sizeof *m->word_feature);
    if (!m->words || !m->word_feature)
        goto bad;
    for (size_t i = 0; i < words; i++) {
        if (read_line(text, len, &pos, line) || !line[0] || !(m->words[i] = strdup(line)))
            goto bad;
        m->n_words++;
    }
    /* Sorted for the lookup; each word keeps its feature index. */
    char **order = malloc((words + 1) * sizeof *order);
    if (!order)
        goto bad;
    memcpy(order, m->words, words * sizeof *order);
    qsort(order, words, sizeof *order, model_word_cmp);
    for (size_t i = 0; i < words; i++)
        for (size_t k = 0; k < words; k++)
            if (order[i] == m->words[k])
                m->word_feature[i] = (uint32_t)(fixed + k);
    memcpy(m->words, order, words * sizeof *order);
    free(order);
    if (read_line(text, len, &pos, line) || sscanf(line, "threshold %f", &m->threshold) != 1)
        goto bad;
    if (skip_to_line(text, len, &pos, line) || strcmp(line, "stage1") || gbdt_parse(&m->stage1, text, len, &pos) ||
        m->stage1.n_features != fixed + words)
        goto bad;
    unsigned long types;
    if (skip_to_line(text, len, &pos, line) || sscanf(line, "types %lu", &types) != 1 || types > 64)
        goto bad;
    m->type_names = calloc(types + 1, sizeof *m->type_names);
    m->types = calloc(types + 1, sizeof *m->types);
    m->type_threshold = calloc(types + 1, sizeof *m->type_threshold);
    if (!m->type_names || !m->types || !m->type_threshold)
        goto bad;
    for (size_t t = 0; t < types; t++) {
        char name[64];
        if (skip_to_line(text, len, &pos, line) || sscanf(line, "type %63s %f", name, &m->type_threshold[t]) != 2)
            goto bad;
        if (!(m->type_names[t] = strdup(name)))
            goto bad;
        m->n_types++;
        if (gbdt_parse(&m->types[t], text, len, &pos) || m->types[t].n_features != fixed + words)
            goto bad;
    }
    if (skip_to_line(text, len, &pos, line) || strcmp(line, "stage2") || gbdt_parse(&m->stage2, text, len, &pos) ||
        m->stage2.n_features != fixed + words + MODEL_N_STAGE2 + m->n_types)
        goto bad;
    return m;
bad:
    model_free(m);
    return NULL;
}


/* ---- the packed form ---- */

#define PACK_MAGIC "DCRFTPK1"

/* A string as its length and its bytes with their NUL, padded. */
static int put_string(FILE *out, const char *s)
{
    size_t n = strlen(s);
    return gbdt_put_u32(out, n) || gbdt_put(out, s, n + 1);
}

int model_pack(const model *m, FILE *out)
{
    if (gbdt_put(out, PACK_MAGIC, 8) || gbdt_put_u32(out, m->n_fixed) || gbdt_put_u32(out, m->n_words) ||
        gbdt_put_u32(out, m->n_types) || gbdt_put(out, &m->threshold, sizeof m->threshold))
        return -1;
    for (size_t i = 0; i < m->n_words; i++)
        if (put_string(out, m->words[i]))
            return -1;
    if (gbdt_put(out, m->word_feature, m->n_words * sizeof *m->word_feature) || gbdt_pack(&m->stage1, out))
        return -1;
    for (size_t t = 0; t < m->n_types; t++)
        if (put_string(out, m->type_names[t]) || gbdt_put(out, &m->type_threshold[t], sizeof m->type_threshold[t]) ||
            gbdt_pack(&m->types[t], out))
            return -1;
    return gbdt_pack(&m->stage2, out);
}

static const char *take_string(const char *blob, size_t len, size_t *pos)
{
    size_t n;
    if (gbdt_take_u32(blob, len, pos, &n) || n >= len)
        return NULL;
    const char *s = gbdt_take(blob, len, pos, 1, n + 1);
    return s && !s[n] && strlen(s) == n ? s : NULL;
}

model *model_view(const char *blob, size_t len, size_t fixed_count)
{
    model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->borrowed = 1;
    size_t pos = 0, words, types;
    const float *threshold;
    if ((uintptr_t)blob % 4 || len < 8 || memcmp(blob, PACK_MAGIC, 8))
        goto bad;
    pos = 8;
    if (gbdt_take_u32(blob, len, &pos, &m->n_fixed) || gbdt_take_u32(blob, len, &pos, &words) ||
        gbdt_take_u32(blob, len, &pos, &types) || !(threshold = gbdt_take(blob, len, &pos, 1, sizeof *threshold)) ||
        (fixed_count && m->n_fixed != fixed_count) || words > 100000 || types > 64)
        goto bad;
    m->threshold = *threshold;
    m->words = calloc(words + 1, sizeof *m->words);
    m->type_names = calloc(types + 1, sizeof *m->type_names);
    m->types = calloc(types + 1, sizeof *m->types);
    m->type_threshold = calloc(types + 1, sizeof *m->type_threshold);
    m->word_feature = calloc(words + 1, sizeof *m->word_feature);
    if (!m->words || !m->type_names || !m->types || !m->type_threshold || !m->word_feature)
        goto bad;
    for (size_t i = 0; i < words; i++) {
        /* The strings stay in the blob: the cast drops a const never
         * written through (model_free frees only the array). */
        if (!(m->words[i] = (char *)take_string(blob, len, &pos)))
            goto bad;
        if (i && strcmp(m->words[i - 1], m->words[i]) >= 0)
            goto bad; /* bsearch needs them sorted */
        m->n_words++;
    }
    const uint32_t *features = gbdt_take(blob, len, &pos, 1, words * sizeof *features);
    if (!features)
        goto bad;
    size_t n1 = m->n_fixed + m->n_words;
    for (size_t i = 0; i < words; i++) {
        if (features[i] < m->n_fixed || features[i] >= n1)
            goto bad;
        m->word_feature[i] = features[i];
    }
    if (gbdt_view(&m->stage1, blob, len, &pos) || m->stage1.n_features != n1)
        goto bad;
    for (size_t t = 0; t < types; t++) {
        const float *tt;
        if (!(m->type_names[t] = (char *)take_string(blob, len, &pos)) ||
            !(tt = gbdt_take(blob, len, &pos, 1, sizeof *tt)))
            goto bad;
        m->type_threshold[t] = *tt;
        m->n_types++;
        if (gbdt_view(&m->types[t], blob, len, &pos) || m->types[t].n_features != n1)
            goto bad;
    }
    if (gbdt_view(&m->stage2, blob, len, &pos) || m->stage2.n_features != n1 + MODEL_N_STAGE2 + m->n_types ||
        pos != len)
        goto bad;
    return m;
bad:
    model_free(m);
    return NULL;
}
