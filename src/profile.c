#include "profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errors.h"
#include "utf8.h"

#define PROFILE_MAGIC "decruft-profile 1"

typedef struct key_count {
    uint64_t key; /* 0: empty slot */
    uint32_t pages;
} key_count;

typedef struct profile_site site;

struct profile_site {
    char *name;
    uint32_t pages;
    key_count *slot;
    size_t n, cap; /* cap a power of two */
};

/* Sites by name: an open-addressing index into sites (1 + position), so
 * that learning from a web-scale batch does not scan every site a page. */
struct decruft_profile {
    site *sites;
    size_t n, cap;
    size_t *index;
    size_t index_cap; /* a power of two, over twice n */
};

static size_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)(h ^ (h >> 32));
}

uint64_t profile_key(const char *text, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    int in_word = 0;
    size_t words = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(text + i, len - i, &cp);
        if (cp != UTF8_INVALID && uni_is_word(cp)) {
            if (!in_word) {
                words++;
                h = (h ^ ' ') * 1099511628211ull;
            }
            in_word = 1;
            cp = cp >= '0' && cp <= '9' ? '0' : uni_fold(cp);
            h = (h ^ cp) * 1099511628211ull;
        } else {
            in_word = 0;
        }
    }
    return words >= PROFILE_MIN_WORDS ? (h | 1) : 0;
}

decruft_profile *decruft_profile_new(void) { return calloc(1, sizeof(decruft_profile)); }

void decruft_profile_free(decruft_profile *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->sites[i].name);
        free(p->sites[i].slot);
    }
    free(p->sites);
    free(p->index);
    free(p);
}

/* The index slot of name: where it is, or the empty slot it would take. */
static size_t *index_slot(const decruft_profile *p, const char *name)
{
    size_t mask = p->index_cap - 1, i = name_hash(name) & mask;
    while (p->index[i] && strcmp(p->sites[p->index[i] - 1].name, name))
        i = (i + 1) & mask;
    return &p->index[i];
}

static site *find_site(const decruft_profile *p, const char *name)
{
    if (!p->index_cap)
        return NULL;
    size_t at = *index_slot(p, name);
    return at ? &p->sites[at - 1] : NULL;
}

static int grow_index(decruft_profile *p)
{
    size_t cap = p->index_cap ? p->index_cap * 2 : 16;
    size_t *old = p->index, old_cap = p->index_cap;
    p->index = calloc(cap, sizeof *p->index);
    if (!p->index) {
        p->index = old;
        return -1;
    }
    p->index_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i])
            *index_slot(p, p->sites[old[i] - 1].name) = old[i];
    free(old);
    return 0;
}

static site *add_site(decruft_profile *p, const char *name)
{
    site *s = find_site(p, name);
    if (s)
        return s;
    if (2 * (p->n + 1) > p->index_cap && grow_index(p))
        return NULL;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        site *v = realloc(p->sites, cap * sizeof *v);
        if (!v)
            return NULL;
        p->sites = v;
        p->cap = cap;
    }
    s = &p->sites[p->n];
    memset(s, 0, sizeof *s);
    s->name = strdup(name);
    if (!s->name)
        return NULL;
    p->n++;
    *index_slot(p, name) = p->n;
    return s;
}

static key_count *slot_of(const site *s, uint64_t key)
{
    size_t mask = s->cap - 1, i = (size_t)(key ^ (key >> 31)) & mask;
    while (s->slot[i].key && s->slot[i].key != key)
        i = (i + 1) & mask;
    return &s->slot[i];
}

static int grow(site *s)
{
    size_t cap = s->cap ? s->cap * 2 : 256;
    key_count *old = s->slot;
    size_t old_cap = s->cap;
    s->slot = calloc(cap, sizeof *s->slot);
    if (!s->slot) {
        s->slot = old;
        return -1;
    }
    s->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *slot_of(s, old[i].key) = old[i];
    free(old);
    return 0;
}

static int add_count(site *s, uint64_t key, uint32_t pages)
{
    if (2 * (s->n + 1) > s->cap && grow(s))
        return -1;
    key_count *k = slot_of(s, key);
    if (!k->key) {
        k->key = key;
        s->n++;
    }
    k->pages += pages;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

decruft_status decruft_profile_learn(decruft_profile *p, const char *site_name, const decruft_result *res)
{
    if (!p || !site_name || !res)
        return DECRUFT_ERR_ARG;
    size_t n = decruft_result_block_count(res);
    uint64_t *keys = malloc((n ? n : 1) * sizeof *keys);
    site *s = keys ? add_site(p, site_name) : NULL;
    if (!s) {
        free(keys);
        return DECRUFT_ERR_NOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        decruft_block_info info;
        if (decruft_result_block(res, i, &info) == DECRUFT_OK && (keys[k] = profile_key(info.text, info.len)))
            k++;
    }
    /* A page counts once per line, however often it repeats it. */
    qsort(keys, k, sizeof *keys, cmp_u64);
    decruft_status st = DECRUFT_OK;
    for (size_t i = 0; i < k && st == DECRUFT_OK; i++)
        if (i == 0 || keys[i] != keys[i - 1])
            st = add_count(s, keys[i], 1) ? DECRUFT_ERR_NOMEM : DECRUFT_OK;
    s->pages++;
    free(keys);
    return st;
}

static int is_boilerplate(const site *s, uint32_t pages)
{
    return s->pages >= PROFILE_MIN_SITE_PAGES && pages >= PROFILE_MIN_PAGES &&
           (double)pages >= PROFILE_MIN_SHARE * s->pages;
}

const profile_site *profile_find(const decruft_profile *p, const char *site_name)
{
    return p && site_name ? find_site(p, site_name) : NULL;
}

uint32_t profile_lookup(const profile_site *s, uint64_t key)
{
    if (!s || !s->cap || !key)
        return 0;
    const key_count *k = slot_of(s, key);
    return k->key && is_boilerplate(s, k->pages) ? k->pages : 0;
}

decruft_status decruft_profile_save(const decruft_profile *p, char **out, size_t *out_len)
{
    if (!p || !out)
        return DECRUFT_ERR_ARG;
    buf b = BUF_INIT;
    buf_puts(&b, PROFILE_MAGIC "\n");
    for (size_t i = 0; i < p->n; i++) {
        const site *s = &p->sites[i];
        char line[64];
        buf_puts(&b, "site ");
        buf_puts(&b, s->name);
        snprintf(line, sizeof line, " %u\n", s->pages);
        buf_puts(&b, line);
        for (size_t j = 0; j < s->cap; j++) {
            if (!s->slot[j].key || !is_boilerplate(s, s->slot[j].pages))
                continue;
            snprintf(line, sizeof line, "%016llx %u\n", (unsigned long long)s->slot[j].key, s->slot[j].pages);
            buf_puts(&b, line);
        }
    }
    *out = buf_detach(&b, out_len);
    return *out ? DECRUFT_OK : DECRUFT_ERR_NOMEM;
}

decruft_profile *decruft_profile_load(const char *text, size_t len, const char *name, decruft_error *err)
{
    if (!name)
        name = "profile";
    decruft_profile *p = decruft_profile_new();
    if (!p) {
        error_set(err, DECRUFT_ERR_NOMEM, NULL);
        return NULL;
    }
    site *cur = NULL;
    size_t lineno = 0;
    const char *s = text, *end = text + len;
    while (s < end) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        if (!eol)
            eol = end;
        char line[1024];
        size_t n = (size_t)(eol - s) < sizeof line - 1 ? (size_t)(eol - s) : sizeof line - 1;
        memcpy(line, s, n);
        line[n] = '\0';
        s = eol + 1;
        lineno++;
        unsigned long long key;
        unsigned pages;
        char site_name[1024];
        int ok;
        if (lineno == 1)
            ok = !strcmp(line, PROFILE_MAGIC);
        else if (!strncmp(line, "site ", 5))
            ok = sscanf(line + 5, "%1000s %u", site_name, &pages) == 2 && (cur = add_site(p, site_name)) &&
                 (cur->pages = pages, 1);
        else
            ok = n == 0 || (sscanf(line, "%llx %u", &key, &pages) == 2 && cur && key &&
                            add_count(cur, key, pages) == 0);
        if (!ok) {
            error_setf(err, DECRUFT_ERR_ARG, lineno, "%.200s:%zu: not a decruft profile line", name, lineno);
            decruft_profile_free(p);
            return NULL;
        }
    }
    return p;
}
