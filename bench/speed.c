/* Throughput of decruft_clean on plain text, single thread, in process:
 * every file named on the command line is loaded into memory first, then
 * cleaned PASSES times; the best pass gives MB/s and documents/s.  The
 * clock starts after the rules are compiled and the stopword tables built,
 * which a long-running process pays once.
 * usage: speed [-p PASSES] FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decruft.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *load(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return p;
}

int main(int argc, char **argv)
{
    int passes = 5, first = 1;
    if (argc > 2 && !strcmp(argv[1], "-p")) {
        passes = atoi(argv[2]);
        first = 3;
    }
    int n = argc - first;
    if (n <= 0 || passes <= 0) {
        fprintf(stderr, "usage: speed [-p PASSES] FILE...\n");
        return 2;
    }
    char **docs = calloc((size_t)n, sizeof *docs);
    size_t *lens = calloc((size_t)n, sizeof *lens);
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        docs[i] = load(argv[first + i], &lens[i]);
        if (!docs[i]) {
            perror(argv[first + i]);
            return 1;
        }
        total += lens[i];
    }
    decruft_error err;
    decruft_rules *rules = decruft_rules_new(&err);
    decruft_options opts;
    decruft_options_init(&opts);
    opts.type = DECRUFT_TYPE_TEXT;
    /* Warm-up: builds the language tables. */
    decruft_result_free(decruft_clean(rules, docs[0], lens[0], &opts, &err));
    double best = 1e30;
    size_t kept = 0;
    for (int p = 0; p < passes; p++) {
        double t0 = now();
        kept = 0;
        for (int i = 0; i < n; i++) {
            decruft_result *r = decruft_clean(rules, docs[i], lens[i], &opts, &err);
            if (r) {
                size_t k;
                decruft_result_text(r, &k);
                kept += k;
            }
            decruft_result_free(r);
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    printf("decruft text: %d docs, %.1f MB, best of %d passes: %.3f s, %.1f MB/s, %.0f docs/s (kept %.1f%% of bytes)\n",
           n, total / 1e6, passes, best, total / 1e6 / best, n / best, 100.0 * kept / total);
    for (int i = 0; i < n; i++)
        free(docs[i]);
    free(docs);
    free(lens);
    decruft_rules_free(rules);
    return 0;
}
