/* The rules' prefilter (src/prefilter.c) changes no answer: every block of
 * every page named, and variants of it in other cases (ASCII and Latin,
 * Greek and Cyrillic letters swapped to the other case; k and s as the
 * Kelvin sign and the long s, which PCRE2 folds onto them; wrapped in
 * non-ASCII punctuation), is matched with and without the prefilter, and
 * the verdict and the rule must be the same.  Prints the count of blocks
 * and disagreements; exits 1 on any.
 * usage: prefilter [-r RULES]... FILE...   (make check, with the fixtures) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "decruft.h"
#include "result.h"
#include "rules.h"
#include "utf8.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *s = malloc(cap);
    while (s && (k = fread(s + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *t = realloc(s, cap *= 2);
            if (!t)
                free(s);
            s = t;
        }
    }
    fclose(f);
    *len = n;
    return s;
}

static uint32_t other_case(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) ||
        (c >= 0x430 && c <= 0x44F))
        return c - 0x20;
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9) ||
        (c >= 0x410 && c <= 0x42F))
        return c + 0x20;
    if (c >= 0x450 && c <= 0x45F)
        return c - 0x50;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    return c;
}

/* Variant v of s: 0 itself, 1 other case, 2 Kelvin sign and long s, 3
 * wrapped in non-ASCII punctuation. */
static size_t variant(int v, const char *s, size_t n, char *out)
{
    size_t o = 0;
    if (v == 3) {
        memcpy(out, "\xc2\xbb ", 3); /* » */
        memcpy(out + 3, s, n);
        memcpy(out + 3 + n, " \xe2\x80\xa2", 4); /* • */
        return n + 7;
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (cp == UTF8_INVALID) {
            out[o++] = s[i++];
            continue;
        }
        if (v == 1)
            cp = other_case(cp);
        else if (cp == 'k' || cp == 'K')
            cp = 0x212A;
        else if (cp == 's' || cp == 'S')
            cp = 0x17F;
        o += utf8_encode(cp, out + o);
        i += k;
    }
    return o;
}

int main(int argc, char **argv)
{
    decruft_error err;
    decruft_rules *rules = decruft_rules_new(&err);
    if (!rules) {
        fprintf(stderr, "prefilter: %s\n", err.message);
        return 1;
    }
    int first = 1;
    while (first + 1 < argc && !strcmp(argv[first], "-r")) {
        size_t len;
        char *text = slurp(argv[first + 1], &len);
        if (!text || decruft_rules_add(rules, text, len, argv[first + 1], &err) != DECRUFT_OK) {
            fprintf(stderr, "prefilter: %s: %s\n", argv[first + 1], text ? err.message : "cannot read");
            return 1;
        }
        free(text);
        first += 2;
    }
    rule_matcher *with = rule_matcher_new(rules), *without = rule_matcher_new(rules);
    if (!with || !without)
        return 1;
    rule_matcher_bypass(without, 1);
    size_t blocks = 0, matched = 0, bad = 0;
    for (int f = first; f < argc; f++) {
        size_t len;
        char *input = slurp(argv[f], &len);
        decruft_result *res = input ? decruft_clean(rules, input, len, NULL, &err) : NULL;
        if (!res) {
            free(input);
            continue; /* the bad-input fixtures */
        }
        doc *d = decruft_result_doc(res);
        for (size_t i = 0; i < d->n_blocks; i++) {
            char norm[RULE_MAX_BYTES + RULE_TEXT_PAD], var[4 * RULE_MAX_BYTES + 8 + RULE_TEXT_PAD];
            size_t n;
            if (classify_rule_text(d, &d->blocks[i], norm, &n))
                continue;
            for (int v = 0; v < 4; v++) {
                size_t m = variant(v, norm, n, var);
                memset(var + m, 0, RULE_TEXT_PAD);
                const char *a = NULL, *b = NULL;
                int ra = rule_match(with, var, m, &a), rb = rule_match(without, var, m, &b);
                blocks++;
                matched += rb > 0;
                if (ra != rb || (ra > 0 && strcmp(a, b))) {
                    if (bad++ < 20)
                        fprintf(stderr, "%s: block %zu variant %d: %d %s, without the prefilter %d %s: %.*s\n",
                                argv[f], i, v, ra, ra > 0 ? a : "", rb, rb > 0 ? b : "", (int)m, var);
                }
            }
        }
        decruft_result_free(res);
        free(input);
    }
    printf("prefilter: %zu blocks (%zu matched by a rule), %zu disagreements\n", blocks, matched, bad);
    rule_matcher_free(with);
    rule_matcher_free(without);
    decruft_rules_free(rules);
    return bad ? 1 : 0;
}
