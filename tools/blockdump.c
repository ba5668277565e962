/* blockdump: the training data of the learned model.  For each page, runs
 * the rule-based stages (no model) and prints one line a block, tab
 * separated: the page's path, the block's index, its fixed features
 * (blockvec.h, %.9g so that the float is read back exactly), the node
 * ranges of its elements ("first:end" or "-"), its character count, the
 * class/id words around it ("word@distance"), and its text (tabs and line
 * breaks as spaces).  The first line names the columns.
 *
 * With -m MODEL, prints instead, a line a block, the page, the index and
 * the stage-1 and stage-2 probabilities of that model: the test of the C
 * inference against the trainer's.  With -m MODEL -x DIR, cleans each page
 * with that model in place of the built-in one into DIR/NAME.txt (NAME:
 * the file name up to its first dot): the out-of-fold outputs.
 *
 * usage: blockdump [-t text|html] [-m MODEL [-x DIR]] FILE...   (make train) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockvec.h"
#include "decruft.h"
#include "model.h"
#include "result.h"
#include "rules.h"
#include "writer.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    size_t k;
    while (s && (k = fread(s + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *t = realloc(s, cap *= 2);
            if (!t) {
                free(s);
                s = NULL;
            }
            s = t;
        }
    }
    fclose(f);
    *len = n;
    return s;
}

static void print_words(void *ctx, const char *word, size_t len, unsigned distance)
{
    int *first = ctx;
    printf("%s%.*s@%u", *first ? "" : " ", (int)len, word, distance);
    *first = 0;
}

static void print_float(float v)
{
    if (isnan(v))
        fputs("\tnan", stdout);
    else
        printf("\t%.9g", (double)v);
}

static void dump_page(const char *name, doc *d)
{
    float *x = malloc((blockvec_fixed_count() + 1) * sizeof *x);
    blockvec *v = blockvec_new(d);
    if (!x || !v) {
        fprintf(stderr, "blockdump: %s: out of memory\n", name);
        free(x);
        return;
    }
    for (size_t i = 0; i < d->n_blocks; i++) {
        blockvec_row(v, i, x);
        printf("%s\t%zu", name, i);
        for (size_t j = 0; j < blockvec_fixed_count(); j++)
            print_float(x[j]);
        uint32_t chain[BLOCKVEC_ANCESTORS];
        blockvec_chain(d, i, chain);
        putchar('\t');
        for (size_t k = 0; k < BLOCKVEC_ANCESTORS; k++) {
            if (k)
                putchar(' ');
            if (chain[k] == UINT32_MAX)
                putchar('-');
            else
                printf("%u:%u", d->nodes[chain[k]].first, d->nodes[chain[k]].end);
        }
        printf("\t%u\t", d->blocks[i].n_chars);
        int first = 1;
        blockvec_words(d, i, print_words, &first);
        putchar('\t');
        const char *t;
        size_t n = block_text(d, &d->blocks[i], &t);
        for (size_t k = 0; k < n; k++)
            putchar(t[k] == '\t' || t[k] == '\n' || t[k] == '\r' ? ' ' : t[k]);
        putchar('\n');
    }
    free(x);
}

static void print_scores(const char *name, const model *m, doc *d)
{
    float *p1, *p2, threshold;
    if (model_score(m, d, &p1, &p2, NULL, &threshold)) {
        fprintf(stderr, "blockdump: %s: out of memory\n", name);
        return;
    }
    for (size_t i = 0; i < d->n_blocks; i++)
        printf("%s\t%zu\t%.9g\t%.9g\n", name, i, (double)p1[i], (double)p2[i]);
}

static int write_text(const char *dir, const char *path, const decruft_result *res)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t stem = strcspn(base, ".");
    char out[4096];
    snprintf(out, sizeof out, "%s/%.*s.txt", dir, (int)stem, base);
    FILE *f = fopen(out, "wb");
    size_t n;
    const char *text = decruft_result_text(res, &n);
    int bad = !f || fwrite(text, 1, n, f) != n;
    if ((f && fclose(f)) || bad) {
        fprintf(stderr, "blockdump: %s: cannot write\n", out);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    decruft_options opts;
    decruft_options_init(&opts);
    opts.type = DECRUFT_TYPE_HTML;
    const char *model_path = NULL, *out_dir = NULL;
    int a = 1;
    for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
        if (!strcmp(argv[a], "-t"))
            opts.type = !strcmp(argv[a + 1], "text") ? DECRUFT_TYPE_TEXT : DECRUFT_TYPE_HTML;
        else if (!strcmp(argv[a], "-m"))
            model_path = argv[a + 1];
        else if (!strcmp(argv[a], "-x"))
            out_dir = argv[a + 1];
        else
            break;
    }
    if (a >= argc) {
        fprintf(stderr, "usage: blockdump [-t text|html] [-m MODEL] FILE...\n");
        return 2;
    }
    decruft_error err;
    decruft_rules *rules = decruft_rules_new(&err);
    if (!rules) {
        fprintf(stderr, "blockdump: %s\n", err.message);
        return 1;
    }
    model *m = NULL;
    if (model_path) {
        size_t len;
        char *text = slurp(model_path, &len);
        m = text ? model_parse(text, len, blockvec_fixed_count()) : NULL;
        free(text);
        if (!m) {
            fprintf(stderr, "blockdump: %s: not a model\n", model_path);
            return 1;
        }
    }
    rules_set_models(rules, out_dir ? m : NULL, out_dir ? m : NULL);
    if (!m) {
        printf("page\tblock");
        for (size_t j = 0; j < blockvec_fixed_count(); j++)
            printf("\t%s", blockvec_name(j));
        printf("\tchain\tchars\twords\ttext\n");
    }
    int status = 0;
    for (; a < argc; a++) {
        size_t len;
        char *input = slurp(argv[a], &len);
        if (!input) {
            fprintf(stderr, "blockdump: %s: cannot read\n", argv[a]);
            status = 1;
            continue;
        }
        decruft_result *res = decruft_clean(rules, input, len, &opts, &err);
        free(input);
        if (!res) {
            fprintf(stderr, "blockdump: %s: %s\n", argv[a], err.message);
            status = 1;
            continue;
        }
        if (out_dir)
            status |= write_text(out_dir, argv[a], res);
        else if (m)
            print_scores(argv[a], m, decruft_result_doc(res));
        else
            dump_page(argv[a], decruft_result_doc(res));
        decruft_result_free(res);
    }
    model_free(m);
    decruft_rules_free(rules);
    return status;
}
