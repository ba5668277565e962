#include "content_html.h"

#include <stdint.h>
#include <stdlib.h>

#include "features.h"

int content_html_signals(doc *d, size_t keep_first, size_t keep_end)
{
    size_t n = d->n_blocks;
    uint64_t *chars = arena_alloc(&d->mem, n + 1, sizeof *chars);
    uint32_t *stack = arena_alloc(&d->mem, d->n_nodes + 1, sizeof *stack);
    uint32_t *bits = arena_alloc(&d->mem, d->n_nodes + 1, sizeof *bits);
    const char **signal = arena_alloc(&d->mem, d->n_nodes + 1, sizeof *signal);
    if (!chars || !stack || !bits || !signal)
        return -1;
    uint64_t *prose = arena_alloc(&d->mem, n + 1, sizeof *prose);
    if (!prose)
        return -1;
    chars[0] = prose[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const block *b = &d->blocks[i];
        chars[i + 1] = chars[i] + b->n_chars;
        prose[i + 1] = prose[i] + (!b->final && b->quality >= Q_NEAR ? block_length(b) : 0);
    }
    double wrapper = WRAPPER_SHARE * (double)chars[n], article = ARTICLE_SHARE * (double)prose[n];

    /* Nodes are in document order, parents first, so a sweep over the
     * blocks with a stack of the open nodes gives each block the signals
     * of all its ancestors in one pass. */
    size_t sp = 0, k = 0;
    bits[0] = 0;
    signal[0] = NULL;
    for (size_t i = 0; i < n; i++) {
        while (sp && d->nodes[stack[sp - 1]].end <= i)
            sp--;
        for (; k < d->n_nodes && d->nodes[k].first <= i; k++) {
            const dom_node *nd = &d->nodes[k];
            if (nd->end <= i)
                continue;
            uint32_t own = nd->own;
            int wraps_kept = keep_first < keep_end && nd->first <= keep_first && nd->end >= keep_end;
            if (wraps_kept || (double)(chars[nd->end] - chars[nd->first]) > wrapper)
                own &= ~(uint32_t)(DOM_BOILER | DOM_COMMENTS);
            if ((double)(prose[nd->end] - prose[nd->first]) > article)
                own &= ~(uint32_t)DOM_BOILER;
            sp++;
            stack[sp - 1] = (uint32_t)k;
            bits[sp] = bits[sp - 1] | own;
            signal[sp] = own & (DOM_BOILER | DOM_COMMENTS) ? nd->signal : signal[sp - 1];
        }
        d->blocks[i].dom = bits[sp];
        d->blocks[i].dom_signal = signal[sp];
    }
    return 0;
}

int content_html_container(const doc *d, const double *weights, size_t *first, size_t *end)
{
    size_t n = d->n_blocks;
    double *sum = malloc((n + 1) * sizeof *sum);
    if (!sum)
        return -1;
    /* Paragraphs in a row are an article; one paragraph between links is
     * a teaser: each block of a run of text is worth more the longer the
     * run.  A line a rule or the duplicate check dropped ("Advertisement",
     * a source credit) does not end the run. */
    sum[0] = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, texts = 0;
        while (j < n && (weights[j] >= 0 || d->blocks[j].final))
            texts += weights[j++] > 0;
        double bonus = 1 + RUN_BONUS * (double)(texts > 1 ? texts - 1 : 0);
        if (bonus > RUN_BONUS_MAX)
            bonus = RUN_BONUS_MAX;
        for (size_t k = i; k < j; k++)
            sum[k + 1] = sum[k] + bonus * weights[k];
        if (j == i) {
            sum[i + 1] = sum[i] + weights[i];
            j++;
        }
        i = j;
    }
    /* The heaviest weight, the whole page counting as a candidate (text
     * outside any element), then the smallest element close to it. */
    double best = sum[n];
    for (size_t k = 0; k < d->n_nodes; k++)
        if (d->nodes[k].end > d->nodes[k].first && sum[d->nodes[k].end] - sum[d->nodes[k].first] > best)
            best = sum[d->nodes[k].end] - sum[d->nodes[k].first];
    *first = 0;
    *end = n;
    size_t expand_first = 0, expand_end = 0;
    for (size_t k = 0; best > 0 && k < d->n_nodes; k++) {
        const dom_node *nd = &d->nodes[k];
        if (nd->end > nd->first && sum[nd->end] - sum[nd->first] >= CONTAINER_SHARE * best &&
            nd->end - nd->first < *end - *first) {
            *first = nd->first;
            *end = nd->end;
        }
    }
    /* An article split into blocks of the page (text, image, text) can
     * leave its first paragraphs outside the smallest heavy element; the
     * publisher's articleBody mark around that element takes them in. */
    for (size_t k = 0, span = SIZE_MAX; best > 0 && k < d->n_nodes; k++) {
        const dom_node *nd = &d->nodes[k];
        if ((nd->own & DOM_ARTICLE_BODY) && nd->first <= *first && nd->end >= *end && nd->end - nd->first < span &&
            sum[nd->end] - sum[nd->first] > 0) {
            span = nd->end - nd->first;
            expand_first = nd->first;
            expand_end = nd->end;
        }
    }
    if (expand_end) {
        *first = expand_first;
        *end = expand_end;
    }
    free(sum);
    return best > 0;
}

static int is_link_title(const block *b)
{
    return !b->final && b->n_words >= 2 && b->n_link_chars >= CONTENT_LINK_HEAVY * b->n_chars;
}

/* The next block at or after i that no rule or duplicate check dropped. */
static size_t next_live(const doc *d, size_t i)
{
    while (i < d->n_blocks && d->blocks[i].final)
        i++;
    return i;
}

void content_html_teasers(doc *d)
{
    size_t n = d->n_blocks;
    for (size_t i = 0; i < n;) {
        /* Cards from i on: a title, a blurb, and a title (or the end)
         * right after the blurb. */
        size_t j = i, cards = 0;
        while (j < n && is_link_title(&d->blocks[j])) {
            size_t blurb = next_live(d, j + 1);
            if (blurb >= n || is_link_title(&d->blocks[blurb]) || d->blocks[blurb].n_words < 4)
                break;
            size_t after = next_live(d, blurb + 1);
            if (after < n && !is_link_title(&d->blocks[after]))
                break;
            cards++;
            j = after;
        }
        if (cards >= TEASER_MIN_CARDS)
            for (size_t k = i; k < j; k++)
                if (!d->blocks[k].final && !is_link_title(&d->blocks[k]))
                    d->blocks[k].teaser = 1;
        i = j > i ? j : i + 1;
    }
}
