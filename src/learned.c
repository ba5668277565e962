#include "learned.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "blockvec.h"
#include "classify.h"

/* The features named in a reason: the strongest few say why. */
#define REASON_FEATURES 3

static const char *explain(doc *d, const model *m, const float *x, double *contrib, float p)
{
    size_t n = m->stage1.n_features;
    for (size_t f = 0; f < n; f++)
        contrib[f] = 0;
    gbdt_contributions(&m->stage1, x, contrib);
    size_t top[REASON_FEATURES];
    size_t k = 0;
    for (; k < REASON_FEATURES; k++) {
        size_t best = n;
        for (size_t f = 0; f < n; f++) {
            int taken = 0;
            for (size_t j = 0; j < k; j++)
                taken |= top[j] == f;
            if (!taken && contrib[f] != 0 && (best == n || fabs(contrib[f]) > fabs(contrib[best])))
                best = f;
        }
        if (best == n)
            break;
        top[k] = best;
    }
    char names[REASON_FEATURES][80], tmp[REASON_FEATURES][80];
    for (size_t j = 0; j < REASON_FEATURES; j++)
        names[j][0] = '\0';
    for (size_t j = 0; j < k; j++)
        snprintf(names[j], sizeof names[j], " %c%s", contrib[top[j]] > 0 ? '+' : '-',
                 model_feature_name(m, top[j], tmp[j], sizeof tmp[j]));
    return arena_printf(&d->mem, "model %.2f:%s%s%s", (double)p, names[0], names[1], names[2]);
}

/* A table row whose cells the model mostly keeps is kept whole: its
 * header or figure cells read like furniture alone (out of fold on the
 * dev pages: WCXB 0.8531 either way, a header row no longer split). */
static void whole_rows(const doc *d, unsigned char *keep)
{
    for (size_t i = 0; i < d->n_blocks;) {
        size_t j = i + 1;
        if (d->blocks[i].kind == BLOCK_CELL)
            while (j < d->n_blocks && d->blocks[j].kind == BLOCK_CELL && d->blocks[j].group == d->blocks[i].group)
                j++;
        size_t kept = 0, cells = 0;
        for (size_t k = i; k < j; k++)
            if (!d->blocks[k].final) {
                cells++;
                kept += keep[k];
            }
        if (cells > 1 && 2 * kept >= cells)
            for (size_t k = i; k < j; k++)
                keep[k] = 1;
        i = j;
    }
}

decruft_status learned_decide(doc *d, const model *m, rule_matcher *rules, unsigned flags)
{
    float *p1, *p2, *vectors = NULL, threshold;
    int why = (flags & DECRUFT_FLAG_ALL_REASONS) != 0;
    /* A step a tree a block: the model is most of the time of a block. */
    uint64_t trees = m->stage1.n_trees + m->stage2.n_trees;
    for (size_t t = 0; t < m->n_types; t++)
        trees += m->types[t].n_trees;
    if (work_add(&d->work, trees * d->n_blocks))
        return DECRUFT_ERR_WORK;
    if (model_score(m, d, &p1, &p2, why ? &vectors : NULL, &threshold))
        return DECRUFT_ERR_NOMEM;
    double *contrib = why ? arena_alloc(&d->mem, m->stage2.n_features, sizeof *contrib) : NULL;
    unsigned char *keep = arena_alloc(&d->mem, d->n_blocks + 1, 1);
    if ((why && !contrib) || !keep)
        return DECRUFT_ERR_NOMEM;
    size_t kept = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        keep[i] = !d->blocks[i].final && p2[i] >= threshold;
        kept += keep[i];
    }
    /* The model keeping nothing of a page where the rule-based stages found
     * text is a page unlike those it learnt from (a three-paragraph page,
     * 10^5 nested elements): their verdict stands, rather than an empty
     * page.  Out of fold on WCXB dev this turns 3 empty outputs into text
     * (one forum thread 0 -> 0.94) and costs 0.004 of the mean, all of it
     * on 7 pages whose gold text is empty, which score 1 only when empty. */
    if (!kept)
        return DECRUFT_OK;
    whole_rows(d, keep);
    for (size_t i = 0; i < d->n_blocks; i++) {
        block *b = &d->blocks[i];
        if (b->final)
            continue;
        if (keep[i]) {
            decruft_status st = classify_rules(d, i, rules);
            if (st != DECRUFT_OK)
                return st;
            if (b->final)
                continue;
        }
        if (keep[i] && classify_is_form(d, b)) {
            b->kept = 0;
            b->reason = "form controls";
            continue;
        }
        if (keep[i] && (flags & DECRUFT_FLAG_NO_CAPTIONS) && b->kind == BLOCK_CAPTION) {
            b->kept = 0;
            b->reason = "caption (--no-captions)";
            continue;
        }
        b->kept = keep[i];
        b->quality = keep[i] ? Q_GOOD : Q_BAD;
        b->reason = why ? explain(d, m, vectors + i * m->stage2.n_features, contrib, p2[i])
                        : arena_printf(&d->mem, "model %.2f", (double)p2[i]);
        if (!b->reason)
            return DECRUFT_ERR_NOMEM;
    }
    return DECRUFT_OK;
}
