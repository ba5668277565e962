#define PCRE2_CODE_UNIT_WIDTH 8
#include "signals.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "buf.h"
#include "data.h"

enum { KIND_COMMENTS, KIND_BOILER, N_KINDS };

static const char *const kind_names[N_KINDS] = {"comments", "boilerplate"};
static const uint32_t kind_bits[N_KINDS] = {DOM_COMMENTS, DOM_BOILER};

/* Signal names, in the order of the (*MARK)s of each kind's pattern. */
#define MAX_SIGNALS 64
static char names[MAX_SIGNALS][24];
static int n_names;
static pcre2_code *patterns[N_KINDS];
static int init_failed;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Class strings longer than this are cut: the words that matter come
 * first, and a bound keeps one element's cost small. */
#define CLASS_MAX 256
#define CACHE_SLOTS 256

typedef struct cache_entry {
    uint64_t key;
    uint32_t bits;
    const char *name;
} cache_entry;

struct signal_cache {
    cache_entry e[CACHE_SLOTS];
    pcre2_match_data *md;
};

static void build(void)
{
    buf pat[N_KINDS] = {BUF_INIT, BUF_INIT};
    const char *s = decruft_signals_blob, *end = s + decruft_signals_blob_len;
    while (s < end) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        if (!eol)
            eol = end;
        const char *p = s;
        s = eol + 1;
        if (p == eol || *p == '#')
            continue;
        const char *kind_end = p;
        while (kind_end < eol && *kind_end != ' ')
            kind_end++;
        int kind = -1;
        for (int k = 0; k < N_KINDS; k++)
            if ((size_t)(kind_end - p) == strlen(kind_names[k]) && !memcmp(p, kind_names[k], (size_t)(kind_end - p)))
                kind = k;
        const char *name = kind_end;
        while (name < eol && *name == ' ')
            name++;
        const char *name_end = name;
        while (name_end < eol && *name_end != ' ')
            name_end++;
        const char *re = name_end;
        while (re < eol && *re == ' ')
            re++;
        if (kind < 0 || re == eol || n_names == MAX_SIGNALS || (size_t)(name_end - name) >= sizeof names[0]) {
            init_failed = 1;
            continue;
        }
        memcpy(names[n_names], name, (size_t)(name_end - name));
        char mark[24];
        int n = snprintf(mark, sizeof mark, ")(*MARK:%d)", n_names++);
        buf_puts(&pat[kind], pat[kind].len ? "|(?:" : "(?:");
        buf_put(&pat[kind], re, (size_t)(eol - re));
        buf_put(&pat[kind], mark, (size_t)n);
    }
    for (int k = 0; k < N_KINDS && !init_failed; k++) {
        buf whole = BUF_INIT;
        /* "has-sidebar", "with-nav", "no-ads": a layout modifier of the
         * element, not what it holds. */
        buf_puts(&whole, "(?:^| )(?<!has |with |w |no |and |without |show |is |hide )(?:");
        buf_put(&whole, pat[k].data, pat[k].len);
        buf_puts(&whole, ")(?= |$)");
        int code;
        PCRE2_SIZE off;
        patterns[k] = whole.oom ? NULL
                                : pcre2_compile((PCRE2_SPTR)whole.data, whole.len, PCRE2_CASELESS, &code, &off, NULL);
        if (!patterns[k])
            init_failed = 1;
        else
            (void)pcre2_jit_compile(patterns[k], PCRE2_JIT_COMPLETE);
        buf_free(&whole);
    }
    for (int k = 0; k < N_KINDS; k++)
        buf_free(&pat[k]);
}

int signals_init(void)
{
    pthread_once(&init_once, build);
    return init_failed ? -1 : 0;
}

signal_cache *signal_cache_new(void)
{
    signal_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->md = pcre2_match_data_create(1, NULL);
    if (!c->md) {
        free(c);
        return NULL;
    }
    return c;
}

void signal_cache_free(signal_cache *c)
{
    if (!c)
        return;
    pcre2_match_data_free(c->md);
    free(c);
}

/* Appends attr as lowercase words split at non-letters and camelCase. */
static size_t put_words(char *out, size_t n, const char *attr)
{
    char prev = ' ';
    for (const char *p = attr; *p && n < CLASS_MAX - 1; p++) {
        char c = *p;
        int upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
        if (!upper && !lower && !(c & 0x80)) {
            if (n && out[n - 1] != ' ')
                out[n++] = ' ';
            prev = ' ';
            continue;
        }
        if (upper && prev >= 'a' && prev <= 'z' && n && out[n - 1] != ' ')
            out[n++] = ' ';
        prev = c;
        out[n++] = upper ? (char)(c + 32) : c;
    }
    if (n && out[n - 1] != ' ' && n < CLASS_MAX - 1)
        out[n++] = ' ';
    return n;
}

static const char *match_name(pcre2_match_data *md)
{
    PCRE2_SPTR mark = pcre2_get_mark(md);
    int i = mark ? atoi((const char *)mark) : -1;
    return i >= 0 && i < n_names ? names[i] : "";
}

uint32_t signals_match(signal_cache *c, const char *class_attr, const char *id_attr, const char **name)
{
    char words[CLASS_MAX];
    size_t n = 0;
    *name = NULL;
    if (class_attr)
        n = put_words(words, n, class_attr);
    if (id_attr)
        n = put_words(words, n, id_attr);
    while (n && words[n - 1] == ' ')
        n--;
    if (!n)
        return 0;
    uint64_t key = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        key = (key ^ (unsigned char)words[i]) * 1099511628211ull;
    key |= 1; /* 0 marks an empty slot */
    cache_entry *e = &c->e[key % CACHE_SLOTS];
    if (e->key == key) {
        *name = e->name;
        return e->bits;
    }
    uint32_t bits = 0;
    const char *found = NULL;
    for (int k = 0; k < N_KINDS; k++) {
        if (pcre2_match(patterns[k], (PCRE2_SPTR)words, n, 0, 0, c->md, NULL) < 0)
            continue;
        bits |= kind_bits[k];
        if (!found)
            found = match_name(c->md);
    }
    e->key = key;
    e->bits = bits;
    e->name = found;
    *name = found;
    return bits;
}
