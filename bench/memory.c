/* Peak heap of decruft_clean on each file, above the heap in use just
 * before it (the rules and the model already loaded), in multiples of the
 * file's bytes: the memory target, page by page.  Run under the
 * heap counter:
 *   LD_PRELOAD=build/peak_heap.so build/memory [-t text|html] FILE...
 * Prints the median, the 90th percentile, the largest multiple, how many
 * files go over 10x, and the three largest. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decruft.h"
#include "load.h"

typedef struct row {
    double ratio;
    size_t bytes, heap;
    const char *name;
} row;

static int by_ratio(const void *a, const void *b)
{
    double x = ((const row *)a)->ratio, y = ((const row *)b)->ratio;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int first = 1, html = 0;
    if (argc > 2 && !strcmp(argv[1], "-t")) {
        html = !strcmp(argv[2], "html");
        first = 3;
    }
    size_t (*mark)(void) = (size_t (*)(void))dlsym(RTLD_DEFAULT, "peak_heap_mark");
    size_t (*peak)(void) = (size_t (*)(void))dlsym(RTLD_DEFAULT, "peak_heap_peak");
    if (!mark || !peak || first >= argc) {
        fprintf(stderr, "usage: LD_PRELOAD=build/peak_heap.so memory [-t text|html] FILE...\n");
        return 2;
    }
    int n = argc - first;
    row *rows = calloc((size_t)n, sizeof *rows);
    decruft_error err;
    decruft_rules *rules = decruft_rules_new(&err);
    if (!rows || !rules)
        return 1;
    decruft_options opts;
    decruft_options_init(&opts);
    opts.type = html ? DECRUFT_TYPE_HTML : DECRUFT_TYPE_TEXT;
    for (int i = 0; i < n; i++) {
        size_t len;
        char *doc = load(argv[first + i], &len);
        if (!doc) {
            perror(argv[first + i]);
            return 1;
        }
        /* The first page loads the model: cleaned once before it counts. */
        if (i == 0)
            decruft_result_free(decruft_clean(rules, doc, len, &opts, &err));
        size_t before = mark();
        decruft_result_free(decruft_clean(rules, doc, len, &opts, &err));
        size_t top = peak();
        free(doc);
        const char *slash = strrchr(argv[first + i], '/');
        rows[i] = (row){len ? (double)(top - before) / (double)len : 0, len, top - before,
                        slash ? slash + 1 : argv[first + i]};
    }
    qsort(rows, (size_t)n, sizeof *rows, by_ratio);
    int over = 0;
    for (int i = 0; i < n; i++)
        over += rows[i].ratio > 10;
    printf("%d files: peak heap a file, in multiples of its bytes: median %.1fx, 90th percentile %.1fx, max %.1fx; "
           "over 10x: %d\n",
           n, rows[n / 2].ratio, rows[(int)(n * 0.9)].ratio, rows[n - 1].ratio, over);
    for (int i = n - 1; i >= 0 && i >= n - 3; i--)
        printf("  %s: %.0f KB, peak heap %.1f MB, %.1fx\n", rows[i].name, rows[i].bytes / 1e3, rows[i].heap / 1e6,
               rows[i].ratio);
    decruft_rules_free(rules);
    free(rows);
    return 0;
}
