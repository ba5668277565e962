#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "data.h"
#include "errors.h"
#include "model.h"
#include "prefilter.h"

#define RULE_FLAGS (PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF)

typedef struct rule {
    char *name;
    char *pattern;
    /* The rule alone, lead and trail included: matched when its chunk's
     * budget ran out on a block, to tell the slow rule from the others. */
    pcre2_code *alone;
    size_t size; /* compiled bytes of alone, to pack chunks */
} rule;

/* Consecutive rules joined into one pattern whose alternatives carry their
 * index as a (*MARK).  One pattern holds as many as PCRE2's compiled size
 * allows (64 KiB with the usual link size: about 300 short rules), so
 * thousands of rules are a few chunks. */
typedef struct chunk {
    pcre2_code *re;
    size_t first, n;
} chunk;

struct decruft_rules {
    rule *v;
    size_t n, cap;
    chunk *chunks;
    size_t n_chunks;
    prefilter *pf; /* which rules a block could match; NULL: all */
    const struct model *html_model, *text_model; /* the learned stage, or NULL */
    int own_models;                              /* set: the two above, not the built-in */
};

void rules_set_models(decruft_rules *r, const struct model *html_model, const struct model *text_model)
{
    r->html_model = html_model;
    r->text_model = text_model;
    r->own_models = 1;
}

const struct model *rules_model(const decruft_rules *r, int html)
{
    if (!r->own_models)
        return model_builtin(html);
    return html ? r->html_model : r->text_model;
}

struct rule_matcher {
    const decruft_rules *rules;
    pcre2_match_data *md;
    pcre2_match_context *ctx;
    size_t *skipped;  /* per rule: the blocks it ran out of budget on */
    size_t overruns;  /* blocks a whole chunk ran out of budget on */
    int all;          /* bypass the prefilter (tests compare the two) */
};

static void free_rule_array(rule *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].pattern);
        pcre2_code_free(v[i].alone);
    }
}

static void free_chunks(chunk *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pcre2_code_free(c[i].re);
    free(c);
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':';
}

static char *dup_range(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* The leading punctuation may end anywhere (a rule may start with a
 * symbol); the trailing one is taken whole, which matches the same blocks
 * without backtracking into it. */
#define LEAD "\\A[\\W_]*(?:"
#define TRAIL ")[\\W_]*+\\z"

/* Compiles rules first .. first+n-1 as \A<lead>(?:(?:p0)(*MARK:0)|...)<trail>\z.
 * Returns NULL with *code set when PCRE2 refuses. */
static pcre2_code *compile_chunk(const decruft_rules *r, size_t first, size_t n, int *code)
{
    buf b = BUF_INIT;
    buf_puts(&b, LEAD);
    for (size_t i = first; i < first + n; i++) {
        char mark[32];
        snprintf(mark, sizeof mark, ")(*MARK:%zu)", i);
        if (i > first)
            buf_putc(&b, '|');
        buf_puts(&b, "(?:");
        buf_puts(&b, r->v[i].pattern);
        buf_puts(&b, mark);
    }
    buf_puts(&b, TRAIL);
    if (b.oom) {
        *code = PCRE2_ERROR_NOMEMORY;
        return NULL;
    }
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)b.data, b.len, RULE_FLAGS, code, &off, NULL);
    buf_free(&b);
    if (re) /* without JIT matching still works, only slower */
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* Packs every rule into chunks, in order, as many a chunk as PCRE2's
 * compiled size allows: from an estimate (the rules' own sizes, which
 * overestimate since the lead and trail are shared), halved until it
 * compiles, then bisected back up. */
static decruft_status build_chunks(decruft_rules *r, decruft_error *err)
{
    chunk *cs = NULL;
    size_t n_cs = 0;
    int code = 0;
    for (size_t first = 0; first < r->n;) {
        size_t n = 0, bytes = 0;
        while (first + n < r->n && (n == 0 || bytes + r->v[first + n].size <= CHUNK_ESTIMATE_BYTES))
            bytes += r->v[first + n++].size;
        size_t good = 0, bad = n + 1;
        pcre2_code *best = NULL;
        while (!best && code != PCRE2_ERROR_NOMEMORY) {
            best = compile_chunk(r, first, n, &code);
            if (best)
                good = n;
            else if (code != PCRE2_ERROR_PATTERN_TOO_LARGE || n == 1)
                break;
            else
                bad = n, n /= 2;
        }
        while (best && good + 1 < bad) {
            size_t mid = good + (bad - good) / 2;
            pcre2_code *re = compile_chunk(r, first, mid, &code);
            if (re) {
                pcre2_code_free(best);
                best = re;
                good = mid;
            } else if (code == PCRE2_ERROR_PATTERN_TOO_LARGE) {
                bad = mid;
            } else {
                pcre2_code_free(best);
                best = NULL;
            }
        }
        chunk *grown = best ? realloc(cs, (n_cs + 1) * sizeof *cs) : NULL;
        if (!grown) {
            pcre2_code_free(best);
            free_chunks(cs, n_cs);
            if (best || code == PCRE2_ERROR_NOMEMORY)
                return error_set(err, DECRUFT_ERR_NOMEM, NULL);
            /* Each rule compiled alone; together they clash only through
             * group names used twice. */
            char msg[160];
            pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
            return error_setf(err, DECRUFT_ERR_RULES, 0, "rules do not combine: %s (a group name used twice?)",
                              msg);
        }
        cs = grown;
        cs[n_cs++] = (chunk){best, first, good};
        first += good;
    }
    const char **patterns = malloc((r->n ? r->n : 1) * sizeof *patterns);
    for (size_t i = 0; patterns && i < r->n; i++)
        patterns[i] = r->v[i].pattern;
    prefilter *pf = patterns ? prefilter_new(patterns, r->n, RULE_FLAGS) : NULL;
    free(patterns);
    if (!pf) {
        free_chunks(cs, n_cs);
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    }
    free_chunks(r->chunks, r->n_chunks);
    prefilter_free(r->pf);
    r->chunks = cs;
    r->n_chunks = n_cs;
    r->pf = pf;
    return DECRUFT_OK;
}

/* The rule with lead and trail, for matching it alone. */
static pcre2_code *compile_alone(const char *pattern, size_t len)
{
    buf b = BUF_INIT;
    buf_puts(&b, LEAD);
    buf_put(&b, pattern, len);
    buf_puts(&b, TRAIL);
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = b.oom ? NULL : pcre2_compile((PCRE2_SPTR)b.data, b.len, RULE_FLAGS, &code, &off, NULL);
    buf_free(&b);
    return re;
}

decruft_status decruft_rules_add(decruft_rules *r, const char *text, size_t len, const char *name,
                                 decruft_error *err)
{
    if (!r || (!text && len))
        return error_set(err, DECRUFT_ERR_ARG, NULL);
    if (!name)
        name = "rules";
    rule *add = NULL;
    size_t n_add = 0, cap_add = 0, line_no = 0, pos = 0;
    decruft_status st = DECRUFT_OK;
    while (pos < len && st == DECRUFT_OK) {
        const char *ln = text + pos;
        const char *nl = memchr(ln, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - ln) : len - pos;
        pos += n + (nl ? 1 : 0);
        line_no++;
        while (n && (ln[n - 1] == '\r' || ln[n - 1] == ' ' || ln[n - 1] == '\t'))
            n--;
        size_t i = 0;
        while (i < n && (ln[i] == ' ' || ln[i] == '\t'))
            i++;
        if (i == n || ln[i] == '#')
            continue;
        if (memchr(ln, '\0', n)) {
            st = error_setf(err, DECRUFT_ERR_RULES, line_no, "%s:%zu: NUL byte in rule", name, line_no);
            break;
        }
        size_t name_start = i;
        while (i < n && is_name_char(ln[i]))
            i++;
        size_t name_len = i - name_start;
        if (name_len == 0 || (i < n && ln[i] != ' ' && ln[i] != '\t')) {
            st = error_setf(err, DECRUFT_ERR_RULES, line_no,
                            "%s:%zu: a rule is NAME PATTERN; NAME takes letters, digits and -_.:", name, line_no);
            break;
        }
        while (i < n && (ln[i] == ' ' || ln[i] == '\t'))
            i++;
        if (i == n) {
            st = error_setf(err, DECRUFT_ERR_RULES, line_no, "%s:%zu: rule '%.*s' has no pattern", name, line_no,
                            (int)name_len, ln + name_start);
            break;
        }
        int code;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)(ln + i), n - i, RULE_FLAGS, &code, &off, NULL);
        if (!re) {
            char msg[160];
            pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
            st = error_setf(err, DECRUFT_ERR_RULES, line_no, "%s:%zu: rule '%.*s': %s at pattern offset %zu",
                            name, line_no, (int)name_len, ln + name_start, msg, (size_t)off);
            break;
        }
        pcre2_code_free(re);
        pcre2_code *alone = compile_alone(ln + i, n - i);
        if (!alone) {
            st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
            break;
        }
        if (n_add == cap_add) {
            size_t c = cap_add ? cap_add * 2 : 16;
            rule *v = realloc(add, c * sizeof *v);
            if (!v) {
                pcre2_code_free(alone);
                st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
                break;
            }
            add = v;
            cap_add = c;
        }
        rule *nr = &add[n_add];
        nr->name = dup_range(ln + name_start, name_len);
        nr->pattern = dup_range(ln + i, n - i);
        nr->alone = alone;
        pcre2_pattern_info(alone, PCRE2_INFO_SIZE, &nr->size);
        if (!nr->name || !nr->pattern) {
            free(nr->name);
            free(nr->pattern);
            pcre2_code_free(alone);
            st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
            break;
        }
        n_add++;
    }
    if (st == DECRUFT_OK && n_add) {
        if (r->n + n_add > r->cap) {
            size_t c = (r->n + n_add) * 2;
            rule *v = realloc(r->v, c * sizeof *v);
            if (!v) {
                st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
            } else {
                r->v = v;
                r->cap = c;
            }
        }
        if (st == DECRUFT_OK) {
            memcpy(r->v + r->n, add, n_add * sizeof *add);
            r->n += n_add;
            st = build_chunks(r, err);
            if (st != DECRUFT_OK) {
                /* The previous chunks are still in place: drop the new
                 * rules and the set is as it was. */
                r->n -= n_add;
                free_rule_array(add, n_add);
            }
            free(add);
            return st;
        }
    }
    free_rule_array(add, n_add);
    free(add);
    return st;
}

decruft_rules *decruft_rules_new(decruft_error *err)
{
    decruft_rules *r = calloc(1, sizeof *r);
    if (!r) {
        error_set(err, DECRUFT_ERR_NOMEM, NULL);
        return NULL;
    }
    if (decruft_rules_add(r, decruft_rules_blob, decruft_rules_blob_len, "built-in rules", err) != DECRUFT_OK) {
        decruft_rules_free(r);
        return NULL;
    }
    /* The built-in models load on first use (rules_model), NULL only when
     * data/model-*.txt does not match the features this build computes:
     * the rule-based stages then decide alone, which is what make train
     * needs to rebuild it (make check fails on it). */
    return r;
}

size_t decruft_rules_count(const decruft_rules *r) { return r ? r->n : 0; }

void decruft_rules_free(decruft_rules *r)
{
    if (!r)
        return;
    free_rule_array(r->v, r->n);
    free(r->v);
    free_chunks(r->chunks, r->n_chunks);
    prefilter_free(r->pf);
    free(r);
}

rule_matcher *rule_matcher_new(const decruft_rules *rules)
{
    rule_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->rules = rules;
    if (!rules || !rules->n_chunks)
        return m;
    /* The match data serves every chunk and rule; the prefilter's single
     * rules need two pairs more than the rules' groups. */
    uint32_t groups = 0;
    for (size_t k = 0; k < rules->n_chunks; k++) {
        uint32_t g = 0;
        pcre2_pattern_info(rules->chunks[k].re, PCRE2_INFO_CAPTURECOUNT, &g);
        groups = g > groups ? g : groups;
    }
    m->md = pcre2_match_data_create(groups + 2, NULL);
    m->ctx = pcre2_match_context_create(NULL);
    m->skipped = calloc(rules->n, sizeof *m->skipped); /* matching never fails */
    if (!m->md || !m->ctx || !m->skipped) {
        rule_matcher_free(m);
        return NULL;
    }
    pcre2_set_match_limit(m->ctx, RULE_MATCH_LIMIT);
    pcre2_set_depth_limit(m->ctx, RULE_DEPTH_LIMIT);
    return m;
}

void rule_matcher_free(rule_matcher *m)
{
    if (!m)
        return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->ctx);
    free(m->skipped);
    free(m);
}

/* 1 on a match, 0 on none, -1 when the budget ran out.  An
 * ovector too small for the captures (0) is still a match. */
static int match_one(rule_matcher *m, const pcre2_code *re, const char *text, size_t len)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, m->md, m->ctx);
    return rc == PCRE2_ERROR_NOMATCH ? 0 : rc >= 0 ? 1 : -1;
}

/* A chunk ran out of budget on the block: its rules one by one, each with
 * the whole budget, so that only the slow one is skipped (and counted). */
static int match_each(rule_matcher *m, const chunk *c, const char *text, size_t len, const char **name)
{
    const decruft_rules *r = m->rules;
    for (size_t i = c->first; i < c->first + c->n; i++) {
        int rc = match_one(m, r->v[i].alone, text, len);
        if (rc > 0) {
            *name = r->v[i].name;
            return 1;
        }
        if (rc < 0)
            m->skipped[i]++;
    }
    return 0;
}

void rule_matcher_bypass(rule_matcher *m, int all) { m->all = all; }

int rule_match(rule_matcher *m, const char *text, size_t len, const char **name)
{
    if (!m->md || len > RULE_MAX_BYTES)
        return 0;
    if (m->rules->pf && !m->all) {
        size_t idx;
        int k = prefilter_match(m->rules->pf, m->md, m->ctx, text, len, &idx);
        if (k == 1)
            *name = m->rules->v[idx].name;
        if (k < 2)
            return k;
    }
    for (size_t k = 0; k < m->rules->n_chunks; k++) {
        const chunk *c = &m->rules->chunks[k];
        int rc = match_one(m, c->re, text, len);
        if (rc < 0) {
            m->overruns++;
            rc = match_each(m, c, text, len, name);
        } else if (rc > 0) {
            PCRE2_SPTR mark = pcre2_get_mark(m->md);
            size_t idx = mark ? strtoul((const char *)mark, NULL, 10) : 0;
            *name = idx < m->rules->n ? m->rules->v[idx].name : "rule";
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

int rule_matcher_skipped(const rule_matcher *m, size_t *pos, const char **name, size_t *blocks)
{
    for (; m->skipped && *pos < m->rules->n; ++*pos) {
        if (m->skipped[*pos]) {
            *name = m->rules->v[*pos].name;
            *blocks = m->skipped[(*pos)++];
            return 1;
        }
    }
    return 0;
}

size_t rule_matcher_overruns(const rule_matcher *m) { return m->overruns; }
