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
} rule;

struct decruft_rules {
    rule *v;
    size_t n, cap;
    pcre2_code *combined;
    prefilter *pf; /* which rules a block could match; NULL: all */
    const struct model *html_model, *text_model; /* the learned stage, or NULL */
};

void rules_set_models(decruft_rules *r, const struct model *html_model, const struct model *text_model)
{
    r->html_model = html_model;
    r->text_model = text_model;
}

const struct model *rules_model(const decruft_rules *r, int html) { return html ? r->html_model : r->text_model; }

struct rule_matcher {
    const decruft_rules *rules;
    pcre2_match_data *md;
    pcre2_match_context *ctx;
    int all; /* bypass the prefilter (tests compare the two) */
};

static void free_rule_array(rule *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].pattern);
    }
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

/* Joins every rule into \A<lead>(?:(?:p0)(*MARK:0)|...)<trail>\z. */
static decruft_status build_combined(decruft_rules *r, decruft_error *err)
{
    buf b = BUF_INIT;
    buf_puts(&b, "\\A[\\W_]*(?:");
    for (size_t i = 0; i < r->n; i++) {
        char mark[32];
        snprintf(mark, sizeof mark, ")(*MARK:%zu)", i);
        if (i)
            buf_putc(&b, '|');
        buf_puts(&b, "(?:");
        buf_puts(&b, r->v[i].pattern);
        buf_puts(&b, mark);
    }
    buf_puts(&b, ")[\\W_]*\\z");
    const char **patterns = malloc((r->n ? r->n : 1) * sizeof *patterns);
    if (b.oom || !patterns) {
        buf_free(&b);
        free(patterns);
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    }
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)b.data, b.len, RULE_FLAGS, &code, &off, NULL);
    buf_free(&b);
    if (!re) {
        free(patterns);
        /* Each rule compiled alone; together they clash only through group
         * names used twice. */
        char msg[160];
        pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
        return error_setf(err, DECRUFT_ERR_RULES, 0, "rules do not combine: %s (a group name used twice?)",
                          msg);
    }
    /* Without JIT matching still works, only slower. */
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    for (size_t i = 0; i < r->n; i++)
        patterns[i] = r->v[i].pattern;
    prefilter *pf = prefilter_new(patterns, r->n, RULE_FLAGS);
    free(patterns);
    if (!pf) {
        pcre2_code_free(re);
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    }
    pcre2_code_free(r->combined);
    prefilter_free(r->pf);
    r->combined = re;
    r->pf = pf;
    return DECRUFT_OK;
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
        if (n_add == cap_add) {
            size_t c = cap_add ? cap_add * 2 : 16;
            rule *v = realloc(add, c * sizeof *v);
            if (!v) {
                st = error_set(err, DECRUFT_ERR_NOMEM, NULL);
                break;
            }
            add = v;
            cap_add = c;
        }
        rule *nr = &add[n_add];
        nr->name = dup_range(ln + name_start, name_len);
        nr->pattern = dup_range(ln + i, n - i);
        if (!nr->name || !nr->pattern) {
            free(nr->name);
            free(nr->pattern);
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
            st = build_combined(r, err);
            if (st != DECRUFT_OK) {
                /* The previous combined pattern is still in place: drop the
                 * new rules and the set is as it was. */
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
    /* NULL only when data/model-*.txt does not match the features this
     * build computes: the rule-based stages then decide alone, which is
     * what make train needs to rebuild it (make check fails on it). */
    r->html_model = model_builtin(1);
    r->text_model = model_builtin(0);
    return r;
}

size_t decruft_rules_count(const decruft_rules *r) { return r ? r->n : 0; }

void decruft_rules_free(decruft_rules *r)
{
    if (!r)
        return;
    free_rule_array(r->v, r->n);
    free(r->v);
    pcre2_code_free(r->combined);
    prefilter_free(r->pf);
    free(r);
}

rule_matcher *rule_matcher_new(const decruft_rules *rules)
{
    rule_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->rules = rules;
    if (!rules || !rules->combined)
        return m;
    /* Room for the single rules' patterns of the prefilter too: one group
     * more. */
    uint32_t groups = 0;
    pcre2_pattern_info(rules->combined, PCRE2_INFO_CAPTURECOUNT, &groups);
    m->md = pcre2_match_data_create(groups + 2, NULL);
    m->ctx = pcre2_match_context_create(NULL);
    if (!m->md || !m->ctx) {
        rule_matcher_free(m);
        return NULL;
    }
    pcre2_set_match_limit(m->ctx, RULE_MATCH_LIMIT);
    pcre2_set_depth_limit(m->ctx, RULE_DEPTH_LIMIT);
    return m;
}

void rule_matcher_bypass(rule_matcher *m, int all) { m->all = all; }

void rule_matcher_free(rule_matcher *m)
{
    if (!m)
        return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->ctx);
    free(m);
}

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
    int rc = pcre2_match(m->rules->combined, (PCRE2_SPTR)text, len, 0, 0, m->md, m->ctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0)
        return -1;
    PCRE2_SPTR mark = pcre2_get_mark(m->md);
    size_t idx = mark ? strtoul((const char *)mark, NULL, 10) : 0;
    *name = idx < m->rules->n ? m->rules->v[idx].name : "rule";
    return 1;
}
