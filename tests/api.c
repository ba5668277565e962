/* The public API as an installed program sees it: only decruft.h, linked
 * through pkg-config (tests/install.sh) or against the build tree.  Checks
 * errors, ownership and that threads sharing one rule set get the results
 * one thread gets.
 * usage: api FILE...   (documents to clean; fixtures inputs do) */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <decruft.h>

#define THREADS 4
#define ROUNDS 5

static int passed, failed;

static void check(int ok, const char *what)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
}

typedef struct corpus {
    const decruft_rules *rules;
    char **docs, **expected;
    size_t *lens;
    int n;
    int mismatches;
} corpus;

static char *load(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *p = malloc(cap);
    size_t got;
    while (p && (got = fread(p + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *q = realloc(p, cap *= 2);
            if (!q)
                free(p);
            p = q;
        }
    }
    fclose(f);
    *len = n;
    return p;
}

static char *clean_text(const decruft_rules *rules, const char *doc, size_t len)
{
    decruft_error err;
    decruft_result *res = decruft_clean(rules, doc, len, NULL, &err);
    if (!res)
        return strdup(err.message ? err.message : "?");
    char *out = NULL;
    size_t n;
    if (decruft_render(res, DECRUFT_FORMAT_JSON, 0, &out, &n) != DECRUFT_OK)
        out = NULL;
    char *copy = out ? strdup(out) : NULL;
    decruft_free(out);
    decruft_result_free(res);
    return copy;
}

static void *worker(void *arg)
{
    corpus *c = arg;
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < c->n; i++) {
            char *got = clean_text(c->rules, c->docs[i], c->lens[i]);
            if (!got || strcmp(got, c->expected[i]))
                __atomic_add_fetch(&c->mismatches, 1, __ATOMIC_RELAXED);
            free(got);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    decruft_error err;
    decruft_rules *rules = decruft_rules_new(&err);
    check(rules != NULL && decruft_rules_count(rules) > 0, "built-in rules");
    check(!strcmp(decruft_version(), DECRUFT_VERSION), "version matches the header");

    /* Errors are values. */
    check(decruft_clean(NULL, "x", 1, NULL, &err) == NULL && err.code == DECRUFT_ERR_ARG, "NULL rules");
    decruft_options opts;
    decruft_options_init(&opts);
    opts.abi_version = 999;
    check(decruft_clean(rules, "x", 1, &opts, &err) == NULL && err.code == DECRUFT_ERR_ARG, "wrong ABI version");
    static const char bad[] = "good  hello\nbroken  (unclosed\n";
    check(decruft_rules_add(rules, bad, sizeof bad - 1, "user.rules", &err) == DECRUFT_ERR_RULES && err.line == 2,
          "a bad rule names its line");
    check(decruft_clean(rules, "a\0b", 3, NULL, &err) == NULL && err.code == DECRUFT_ERR_BINARY, "NUL bytes");
    check(decruft_strerror(DECRUFT_ERR_NOMEM) != NULL, "strerror");

    /* An empty document is a document with nothing in it. */
    decruft_result *res = decruft_clean(rules, "", 0, NULL, &err);
    size_t n = 1;
    check(res && !strcmp(decruft_result_text(res, &n), "") && n == 0, "empty input, empty text");
    decruft_result_free(res);
    decruft_result_free(NULL);

    /* Metadata: each field with its source, NULL for what the page does
     * not say and for fields out of range. */
    static const char page[] = "<html lang=\"en\"><head><title>Ferry back | Courier</title>"
                               "<meta property=\"og:site_name\" content=\"Courier\">"
                               "<meta property=\"article:tag\" content=\"ferry\">"
                               "<meta property=\"article:tag\" content=\"harbour\">"
                               "<meta name=\"author\" content=\"Mara Quill\"></head>"
                               "<body><p>The ferry is back in service after a winter in dry dock.</p></body></html>";
    res = decruft_clean(rules, page, sizeof page - 1, NULL, &err);
    check(res && !strcmp(decruft_result_meta(res, DECRUFT_META_TITLE), "Ferry back") &&
              !strcmp(decruft_result_meta_source(res, DECRUFT_META_TITLE), "title"),
          "metadata: the title without the site name, from <title>");
    check(res && !strcmp(decruft_result_meta(res, DECRUFT_META_AUTHOR), "Mara Quill") &&
              !strcmp(decruft_result_meta(res, DECRUFT_META_TAGS), "ferry\nharbour") &&
              !strcmp(decruft_result_meta(res, DECRUFT_META_LANG), "en"),
          "metadata: author, tags one a line, declared language");
    check(res && !decruft_result_meta(res, DECRUFT_META_DATE) && !decruft_result_meta_source(res, DECRUFT_META_DATE) &&
              !decruft_result_meta(res, DECRUFT_META_COUNT) && !decruft_result_meta(NULL, DECRUFT_META_TITLE),
          "metadata: NULL when unknown");
    check(!strcmp(decruft_meta_name(DECRUFT_META_DATE_MODIFIED), "date_modified") && !decruft_meta_name(DECRUFT_META_COUNT),
          "metadata: field names");
    decruft_result_free(res);

    /* The image resolves against the page's address once the caller gives
     * it, as links do; a javascript: image is none. */
    static const char imaged[] = "<html><head><meta property=\"og:image\" content=\"img/a.jpg\">"
                                 "<link rel=\"canonical\" href=\"/story\"></head>"
                                 "<body><p>The ferry is back in service after a winter in dry dock.</p></body></html>";
    res = decruft_clean(rules, imaged, sizeof imaged - 1, NULL, &err);
    check(res && !strcmp(decruft_result_meta(res, DECRUFT_META_IMAGE), "img/a.jpg") &&
              !strcmp(decruft_result_meta(res, DECRUFT_META_URL), "/story"),
          "metadata: a relative image and canonical URL stay as written while no address is known");
    check(res && decruft_result_set_base_url(res, "https://courier.example/news/x.html") == DECRUFT_OK &&
              !strcmp(decruft_result_meta(res, DECRUFT_META_IMAGE), "https://courier.example/news/img/a.jpg") &&
              !strcmp(decruft_result_meta(res, DECRUFT_META_URL), "https://courier.example/story"),
          "metadata: image and canonical URL resolved against decruft_result_set_base_url's");
    check(res && decruft_result_set_base_url(res, NULL) == DECRUFT_OK &&
              !strcmp(decruft_result_meta(res, DECRUFT_META_IMAGE), "img/a.jpg"),
          "metadata: forgetting the address gives the image as written again");
    decruft_result_free(res);
    static const char scripted[] = "<html><head><meta property=\"og:image\" content=\"java&#9;script:alert(1)\">"
                                   "</head><body><p>The ferry is back in service after a winter in dry dock.</p>"
                                   "</body></html>";
    res = decruft_clean(rules, scripted, sizeof scripted - 1, NULL, &err);
    check(res && !decruft_result_meta(res, DECRUFT_META_IMAGE) && !decruft_result_meta_source(res, DECRUFT_META_IMAGE),
          "metadata: a javascript: image is left out");
    decruft_result_free(res);

    /* Threads sharing the rules agree with one thread. */
    corpus c = {rules, calloc((size_t)argc, sizeof(char *)), calloc((size_t)argc, sizeof(char *)),
                calloc((size_t)argc, sizeof(size_t)), 0, 0};
    for (int i = 1; i < argc; i++) {
        c.docs[c.n] = load(argv[i], &c.lens[c.n]);
        if (!c.docs[c.n]) {
            printf("FAIL cannot read %s\n", argv[i]);
            failed++;
            continue;
        }
        c.expected[c.n] = clean_text(rules, c.docs[c.n], c.lens[c.n]);
        c.n++;
    }
    check(c.n > 0, "documents to clean");
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, &c);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    check(c.mismatches == 0, "threads sharing one rule set give the single-thread results");
    for (int i = 0; i < c.n; i++) {
        free(c.docs[i]);
        free(c.expected[i]);
    }
    free(c.docs);
    free(c.expected);
    free(c.lens);
    decruft_rules_free(rules);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
