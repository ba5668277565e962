/* The rules' matching budget: no block can exhaust it with the built-in
 * rules, and a user rule that does is skipped for that block alone.
 *
 * The blocks are adversarial and generated (a fixed seed): the built-in
 * rules' own words and the symbols around cruft, mixed at random, or one
 * short unit repeated up to the 700-byte limit after a run of leading
 * punctuation (a line of '=' over a paragraph was such a block).  Prints
 * each failure and closes with "N passed, N failed".
 * usage: rules_budget [BLOCKS [SEED]] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "decruft.h"
#include "rules.h"

#include "check.h"

static uint64_t rng = 88172645463325252u;

static size_t pick(size_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (size_t)(rng % n);
}

/* The words of the built-in rules: every run of letters (any byte over
 * 0x7f counts as one) of two or more bytes in their patterns. */
typedef struct words {
    const char **p;
    size_t *len, n;
} words;

static int is_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }

static int collect_words(words *w)
{
    const char *s = decruft_rules_blob, *end = s + decruft_rules_blob_len;
    size_t cap = 0;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *line_end = nl ? nl : end;
        if (*s != '#') {
            for (const char *p = s; p < line_end;) {
                const char *q = p;
                while (q < line_end && is_letter((unsigned char)*q))
                    q++;
                if (q - p >= 2) {
                    if (w->n == cap) {
                        cap = cap ? cap * 2 : 1024;
                        const char **np = realloc(w->p, cap * sizeof *np);
                        if (!np)
                            return -1;
                        w->p = np;
                        size_t *nlen = realloc(w->len, cap * sizeof *nlen);
                        if (!nlen)
                            return -1;
                        w->len = nlen;
                    }
                    w->p[w->n] = p;
                    w->len[w->n++] = (size_t)(q - p);
                }
                p = q < line_end ? q + 1 : q;
            }
        }
        s = line_end + 1;
    }
    return 0;
}

static const char *const symbols[] = {"=", "-", "_", "*", "#", "~", ".", "·", "•", "|", ">", "›", "»", "/",
                                      ":", "(", ")", "[", "]", "©", ",", ";", "!", "?", "+", "'", "&", "(c)",
                                      "...", "…", "(BUTTON)", "[IMG]", "IFRAME:", " on ", " said:", " > ",
                                      ": ", " / ", " ", " "};
#define N_SYMBOLS (sizeof symbols / sizeof symbols[0])

typedef struct block {
    char s[RULE_MAX_BYTES + 1];
    size_t n;
} block;

/* Appends as much of p as fits, never splitting a UTF-8 sequence, and
 * never two spaces in a row (the rules see whitespace runs as one). */
static void put(block *b, const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        size_t seq = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        if (b->n + seq > RULE_MAX_BYTES || i + seq > len)
            return;
        if (c == ' ' && (b->n == 0 || b->s[b->n - 1] == ' '))
            continue;
        memcpy(b->s + b->n, p + i, seq);
        b->n += seq;
        i += seq - 1;
    }
}

static void put_piece(block *b, const words *w)
{
    size_t k = pick(10);
    if (k < 5) {
        size_t i = pick(w->n);
        put(b, w->p[i], w->len[i]);
    } else if (k < 8) {
        static const size_t runs[] = {1, 1, 2, 3, 10, 40, 79, 200};
        const char *s = symbols[pick(N_SYMBOLS)];
        for (size_t r = runs[pick(8)]; r--;)
            put(b, s, strlen(s));
    } else {
        char num[16];
        snprintf(num, sizeof num, "%zu", pick(100000));
        put(b, num, strlen(num));
    }
    if (pick(3))
        put(b, " ", 1);
}

/* A random mix of words and symbols, or a run of punctuation and then one
 * unit of one to four pieces repeated to the end. */
static void make_block(block *b, const words *w)
{
    b->n = 0;
    size_t limit = (size_t[]){60, 200, 450, RULE_MAX_BYTES - 4}[pick(4)];
    if (pick(2)) {
        while (b->n < limit)
            put_piece(b, w);
    } else {
        static const char *const heads[] = {"", "(c) ", "© ", "> ", "[IMG] "};
        if (pick(2))
            for (int i = 0; i < 79; i++)
                put(b, "=", 1);
        put(b, " ", 1);
        const char *h = heads[pick(5)];
        put(b, h, strlen(h));
        block unit = {.n = 0};
        for (size_t i = 1 + pick(4); i--;)
            put_piece(&unit, w);
        while (b->n < limit && unit.n) {
            size_t before = b->n;
            put(b, unit.s, unit.n);
            if (b->n == before)
                break;
        }
    }
    if (b->n > limit)
        b->n = limit;
    while (b->n && ((unsigned char)b->s[b->n - 1] & 0xc0) == 0x80)
        b->n--; /* no sequence cut in two */
    if (b->n && (unsigned char)b->s[b->n - 1] >= 0xc0)
        b->n--;
    static const char *const tails[] = {"", " qzv", " x", "!", " 42"};
    const char *t = tails[pick(5)];
    put(b, t, strlen(t));
}

static void builtin_rules_never_run_out(size_t n_blocks)
{
    decruft_error err;
    decruft_rules *r = decruft_rules_new(&err);
    words w = {0};
    CHECK(r != NULL && collect_words(&w) == 0 && w.n > 100);
    rule_matcher *m = r ? rule_matcher_new(r) : NULL;
    CHECK(m != NULL);
    if (!m || !w.n) {
        free(w.p);
        free(w.len);
        decruft_rules_free(r);
        return;
    }
    size_t matched = 0;
    block b;
    for (size_t i = 0; i < n_blocks; i++) {
        make_block(&b, &w);
        const char *name;
        matched += (size_t)rule_match(m, b.s, b.n, &name);
        if (rule_matcher_overruns(m)) {
            printf("FAIL: the built-in rules ran out of budget on: %.*s\n", (int)b.n, b.s);
            break;
        }
    }
    CHECK(rule_matcher_overruns(m) == 0);
    size_t pos = 0, blocks;
    const char *name;
    CHECK(!rule_matcher_skipped(m, &pos, &name, &blocks));
    printf("%zu adversarial blocks, %zu matched by a rule, none over budget\n", n_blocks, matched);
    rule_matcher_free(m);
    free(w.p);
    free(w.len);
    decruft_rules_free(r);
}

/* A slow user rule on a block: skipped there, counted once, and the
 * rules after it (in the same chunk) still match that block. */
static void slow_user_rule_is_skipped(void)
{
    decruft_error err;
    decruft_rules *r = decruft_rules_new(&err);
    const char *user = "slow (a|aa)+$\nlater a+b\n";
    CHECK(r && decruft_rules_add(r, user, strlen(user), "user.rules", &err) == DECRUFT_OK);
    rule_matcher *m = r ? rule_matcher_new(r) : NULL;
    CHECK(m != NULL);
    if (!m) {
        decruft_rules_free(r);
        return;
    }
    char as[602];
    memset(as, 'a', 600);
    as[600] = 'b';
    const char *name = NULL;
    CHECK(rule_match(m, as, 601, &name) == 1 && name && !strcmp(name, "later"));
    CHECK(rule_match(m, "Back to top", 11, &name) == 1 && !strcmp(name, "back-to-top"));
    CHECK(rule_match(m, as, 601, &name) == 1);
    size_t pos = 0, blocks = 0;
    CHECK(rule_matcher_skipped(m, &pos, &name, &blocks) == 1 && !strcmp(name, "slow") && blocks == 2);
    CHECK(rule_matcher_skipped(m, &pos, &name, &blocks) == 0);
    rule_matcher_free(m);
    decruft_rules_free(r);
}

int main(int argc, char **argv)
{
    if (argc > 2)
        rng ^= strtoull(argv[2], NULL, 10);
    builtin_rules_never_run_out(argc > 1 ? strtoul(argv[1], NULL, 10) : 100000);
    slow_user_rule_is_skipped();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
