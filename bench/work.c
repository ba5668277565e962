/* The work decruft_clean counts for each page (decruft_result_work), per
 * byte of the page: the headroom of the default budget
 * (DECRUFT_DEFAULT_MAX_WORK steps a byte) on real pages.  Prints the
 * pages with the most steps a byte, the maximum, the 99th percentile and
 * the median, and the processor time a step took over all pages (a
 * step should cost about the same whatever the stage counts it).
 * usage: work [-t text|html|auto] [-n TOP] FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decruft.h"
#include "load.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct page {
    const char *path;
    double per_byte;
} page;

/* The budget a page of len bytes gets by default. */
static double budget(size_t len) { return (double)DECRUFT_DEFAULT_MAX_WORK * (double)len + (double)DECRUFT_WORK_BASE; }

static int by_cost(const void *a, const void *b)
{
    double x = ((const page *)a)->per_byte, y = ((const page *)b)->per_byte;
    return x < y ? 1 : x > y ? -1 : 0;
}

int main(int argc, char **argv)
{
    int first = 1, top = 5;
    decruft_options opts;
    decruft_options_init(&opts);
    opts.max_work = DECRUFT_WORK_UNLIMITED;
    while (first + 1 < argc && argv[first][0] == '-') {
        if (!strcmp(argv[first], "-t"))
            opts.type = !strcmp(argv[first + 1], "html")   ? DECRUFT_TYPE_HTML
                        : !strcmp(argv[first + 1], "text") ? DECRUFT_TYPE_TEXT
                                                           : DECRUFT_TYPE_AUTO;
        else if (!strcmp(argv[first], "-n"))
            top = atoi(argv[first + 1]);
        first += 2;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: work [-t text|html|auto] [-n TOP] FILE...\n");
        return 2;
    }
    decruft_error err;
    decruft_rules *rules = decruft_rules_new(&err);
    page *pages = calloc((size_t)(argc - first), sizeof *pages);
    if (!rules || !pages)
        return 1;
    size_t n = 0, failed = 0;
    unsigned long long steps = 0;
    double seconds = 0, most = 0; /* the largest share of its budget a page used */
    const char *most_path = NULL;
    for (int i = first; i < argc; i++) {
        size_t len;
        char *doc = load(argv[i], &len);
        if (!doc) {
            perror(argv[i]);
            return 1;
        }
        double t0 = now();
        decruft_result *r = decruft_clean(rules, doc, len, &opts, &err);
        seconds += now() - t0;
        if (r) {
            unsigned long long w = decruft_result_work(r);
            steps += w;
            if ((double)w / budget(len) > most) {
                most = (double)w / budget(len);
                most_path = argv[i];
            }
            pages[n].path = argv[i];
            pages[n++].per_byte = len ? (double)w / (double)len : 0;
        } else {
            failed++;
        }
        decruft_result_free(r);
        free(doc);
    }
    qsort(pages, n, sizeof *pages, by_cost);
    for (size_t i = 0; i < n && i < (size_t)top; i++)
        printf("%10.1f steps a byte  %s\n", pages[i].per_byte, pages[i].path);
    if (n)
        printf("%zu pages (%zu failed): max %.1f, p99 %.1f, median %.1f steps a byte; %.2f ns a step; "
               "default budget %d a byte: %.0fx the max\n",
               n, failed, pages[0].per_byte, pages[n / 100].per_byte, pages[n / 2].per_byte,
               steps ? seconds * 1e9 / (double)steps : 0, DECRUFT_DEFAULT_MAX_WORK,
               DECRUFT_DEFAULT_MAX_WORK / pages[0].per_byte);
    if (most_path)
        printf("the most of its default budget a page used: %.4f (%.0fx headroom), %s\n", most, 1 / most, most_path);
    free(pages);
    decruft_rules_free(rules);
    return 0;
}
