/* Throughput of decruft_clean, single thread, in process: every file named
 * on the command line is loaded (and gunzipped) into memory first, then
 * cleaned PASSES times; the best pass gives MB/s and documents/s (of
 * processor time).  The
 * clock starts after the rules are compiled and the stopword tables built,
 * which a long-running process pays once.  With -t html the same bytes are
 * also parsed bare by libxml2 (htmlReadMemory + xmlFreeDoc, the options
 * decruft uses), the floor of any extractor built on it, and the ratio of
 * the two is printed: both are timed in the same run, so machine noise
 * moves them together.
 * usage: speed [-p PASSES] [-t text|html] FILE... */
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "decruft.h"
#include "rules.h"
#include "load.h"

/* Processor time of this (single-threaded) process, not the wall clock:
 * on a machine shared with other jobs, the time spent waiting for a core
 * is theirs. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct corpus {
    char **docs;
    size_t *lens;
    int n;
    size_t total;
} corpus;

static double time_decruft(const corpus *c, decruft_rules *rules, const decruft_options *opts, int passes,
                           size_t *kept_out, size_t *blocks_out)
{
    double best = 1e30;
    for (int p = 0; p < passes; p++) {
        size_t kept = 0, blocks = 0;
        double t0 = now();
        for (int i = 0; i < c->n; i++) {
            decruft_error err;
            decruft_result *r = decruft_clean(rules, c->docs[i], c->lens[i], opts, &err);
            if (r) {
                size_t k;
                decruft_result_text(r, &k);
                kept += k;
                blocks += decruft_result_block_count(r);
            }
            decruft_result_free(r);
        }
        double t = now() - t0;
        if (t < best)
            best = t;
        *kept_out = kept;
        *blocks_out = blocks;
    }
    return best;
}

static double time_bare_parse(const corpus *c, int passes)
{
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                        HTML_PARSE_COMPACT;
    double best = 1e30;
    for (int p = 0; p < passes; p++) {
        double t0 = now();
        for (int i = 0; i < c->n; i++)
            xmlFreeDoc(htmlReadMemory(c->docs[i], (int)c->lens[i], NULL, NULL, options));
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    int passes = 5, html = 0, first = 1;
    while (first + 1 < argc && argv[first][0] == '-') {
        if (!strcmp(argv[first], "-p"))
            passes = atoi(argv[first + 1]);
        else if (!strcmp(argv[first], "-t"))
            html = !strcmp(argv[first + 1], "html");
        else
            break;
        first += 2;
    }
    corpus c = {0, 0, argc - first, 0};
    if (c.n <= 0 || passes <= 0) {
        fprintf(stderr, "usage: speed [-p PASSES] [-t text|html] FILE...\n");
        return 2;
    }
    c.docs = calloc((size_t)c.n, sizeof *c.docs);
    c.lens = calloc((size_t)c.n, sizeof *c.lens);
    for (int i = 0; i < c.n; i++) {
        c.docs[i] = load(argv[first + i], &c.lens[i]);
        if (!c.docs[i]) {
            perror(argv[first + i]);
            return 1;
        }
        c.total += c.lens[i];
    }
    decruft_error err;
    decruft_rules *rules = decruft_rules_new(&err);
    decruft_options opts;
    decruft_options_init(&opts);
    opts.type = html ? DECRUFT_TYPE_HTML : DECRUFT_TYPE_TEXT;
    /* Warm-up: builds the language tables, compiles the signals. */
    decruft_result_free(decruft_clean(rules, c.docs[0], c.lens[0], &opts, &err));
    size_t kept = 0, blocks = 0;
    double t = time_decruft(&c, rules, &opts, passes, &kept, &blocks);
    const char *type = html ? "html" : "text";
    printf("decruft %s:   %d docs, %.1f MB, best of %d passes: %.3f s, %6.1f MB/s, %5.0f docs/s (kept %.1f%% of "
           "bytes)\n",
           type, c.n, c.total / 1e6, passes, t, c.total / 1e6 / t, c.n / t, 100.0 * kept / c.total);
    if (html) {
        double bare = time_bare_parse(&c, passes);
        printf("libxml2 parse: %d docs, %.1f MB, best of %d passes: %.3f s, %6.1f MB/s, %5.0f docs/s\n", c.n,
               c.total / 1e6, passes, bare, c.total / 1e6 / bare, c.n / bare);
        printf("decruft speed / bare parse speed: %.2fx\n", bare / t);
    }
    /* The same without the learned models: what they cost. */
    const void *html_model = rules_model(rules, 1), *text_model = rules_model(rules, 0);
    rules_set_models(rules, NULL, NULL);
    size_t kept0, blocks0;
    double t0 = time_decruft(&c, rules, &opts, passes, &kept0, &blocks0);
    rules_set_models(rules, html_model, text_model);
    printf("without the model: %.3f s, %6.1f MB/s; the model costs %.0f us a page, %.2f us a block (%zu blocks), "
           "%.0f%% of the time\n",
           t0, c.total / 1e6 / t0, (t - t0) / c.n * 1e6, (t - t0) / (double)blocks * 1e6, blocks,
           100 * (t - t0) / t);
    for (int i = 0; i < c.n; i++)
        free(c.docs[i]);
    free(c.docs);
    free(c.lens);
    decruft_rules_free(rules);
    return 0;
}
