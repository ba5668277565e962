/* libxml2 out of memory: a parse cut short by a failed allocation must be
 * reported (DECRUFT_ERR_NOMEM), never come out as a shorter or empty page
 * with success, and never loop.  The failures are injected through
 * xmlMemSetup (process-wide, hence a program of its own): the Nth
 * allocation alone fails, for N over every allocation a clean parse makes
 * (sampled on long pages), and then every Nth allocation.  Prints each
 * failure and closes with "N passed, N failed".
 * usage: html_oom PAGE.html... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

#include "check.h"
#include "decruft.h"

static unsigned long calls, fail_at, fail_every;

static int should_fail(void)
{
    calls++;
    return (fail_at && calls == fail_at) || (fail_every && calls % fail_every == 0);
}

static void *failing_malloc(size_t n) { return should_fail() ? NULL : malloc(n); }

static void *failing_realloc(void *p, size_t n) { return should_fail() ? NULL : realloc(p, n); }

static char *failing_strdup(const char *s) { return should_fail() ? NULL : strdup(s); }

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len == cap) {
            char *p = realloc(data, cap = cap ? cap * 2 : 65536);
            if (!p)
                break;
            data = p;
        }
        size_t n = fread(data + *len, 1, cap - *len, f);
        if (n == 0)
            break;
        *len += n;
    }
    fclose(f);
    return data;
}

/* The page as HTML, counting libxml2's allocations from 0. */
static decruft_result *clean_html(const decruft_rules *rules, const char *page, size_t len, decruft_error *err)
{
    decruft_options opts;
    decruft_options_init(&opts);
    opts.type = DECRUFT_TYPE_HTML;
    calls = 0;
    return decruft_clean(rules, page, len, &opts, err);
}

/* Cleans page once; returns 1 when the result is the expected text, 0 when
 * it failed as out of memory, -1 (and says why) otherwise. */
static int clean_once(const decruft_rules *rules, const char *page, size_t len, const char *want, size_t want_len,
                      const char *what)
{
    decruft_error err;
    decruft_result *res = clean_html(rules, page, len, &err);
    if (!res) {
        if (err.code == DECRUFT_ERR_NOMEM)
            return 0;
        printf("FAIL %s: error '%s' instead of out of memory\n", what, err.message);
        return -1;
    }
    size_t n;
    const char *text = decruft_result_text(res, &n);
    int same = want && n == want_len && memcmp(text, want, n) == 0;
    if (want && !same)
        printf("FAIL %s: success with %zu bytes of text, a clean parse gives %zu\n", what, n, want_len);
    decruft_result_free(res);
    return same || !want ? 1 : -1;
}

static void page_under_failures(const decruft_rules *rules, const char *path)
{
    size_t len;
    char *page = slurp(path, &len);
    CHECK(page != NULL);
    if (!page)
        return;
    fail_at = fail_every = 0;
    decruft_error err;
    decruft_result *clean = clean_html(rules, page, len, &err);
    unsigned long total = calls;
    CHECK(clean != NULL);
    if (!clean) {
        free(page);
        return;
    }
    size_t want_len;
    const char *want = decruft_result_text(clean, &want_len);
    unsigned long step = total > 2000 ? total / 2000 : 1, failures = 0, bad = 0, from = 1;
    if (getenv("HTML_OOM_AT")) /* one run, to debug it */
        from = total = strtoul(getenv("HTML_OOM_AT"), NULL, 10);
    char what[300];
    for (fail_at = from; fail_at <= total; fail_at += step) {
        snprintf(what, sizeof what, "%s, allocation %lu of %lu failing", path, fail_at, total);
        int rc = clean_once(rules, page, len, want, want_len, what);
        failures += rc == 0;
        bad += rc < 0;
    }
    fail_at = 0;
    for (fail_every = 2; fail_every <= total && fail_every < 100000; fail_every *= 3) {
        snprintf(what, sizeof what, "%s, every %lu-th allocation failing", path, fail_every);
        int rc = clean_once(rules, page, len, want, want_len, what);
        failures += rc == 0;
        bad += rc < 0;
    }
    fail_every = 0;
    CHECK(bad == 0);
    printf("%s: %lu libxml2 allocations, %lu runs reported out of memory, %lu wrong\n", path, total, failures, bad);
    decruft_result_free(clean);
    free(page);
}

int main(int argc, char **argv)
{
    if (xmlMemSetup(free, failing_malloc, failing_realloc, failing_strdup) != 0) {
        printf("FAIL xmlMemSetup\n");
        return 1;
    }
    decruft_error err;
    decruft_rules *rules = decruft_rules_new(&err);
    CHECK(rules != NULL);
    for (int i = 1; rules && i < argc; i++)
        page_under_failures(rules, argv[i]);
    decruft_rules_free(rules);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
