#include "classify.h"

#include <stdlib.h>
#include <string.h>

#include "content_html.h"
#include "dedup.h"
#include "features.h"
#include "lang.h"
#include "profile.h"
#include "rules.h"
#include "writer.h"

/* Quality thresholds, after jusText (Pomikálek 2011), checked on the lynx
 * renders of the scrapinghub benchmark (`make bench`): length in characters
 * (block_length), stopword density in stopwords per word. */
#define LENGTH_LOW 70
#define LENGTH_HIGH 200
#define STOP_LOW 0.30
#define STOP_HIGH 0.32
/* Function characters per character in Chinese and Japanese run lower than
 * stopwords per word in spaced languages. */
#define STOP_LOW_UNSPACED 0.12
#define STOP_HIGH_UNSPACED 0.15

/* Stopword thresholds follow the document's own prose (prose_density)
 * when it runs thinner than jusText's English-tuned values. */
#define REL_HIGH 0.70
#define REL_LOW 0.60
#define DENSITY_SAMPLE 64

/* Weights of the main-region search (a maximum-sum run of blocks): good
 * text adds its length; everything else costs, so that a run of menu items
 * or a block of low-density text separates the article from teasers and
 * footers, while a subheading or an "Advertisement" line inside the
 * article does not split it. */
#define COST_SHORT 12
#define SHORT_TEXT_WORDS 4
#define SHORT_TEXT_STOP 0.20
#define TABLE_ROW_NUMBERS 3
#define CUT_EXCERPTS_MIN 3
#define COST_RULE 30
#define COST_EMPTY 4
#define COST_BAD_SHARE 0.5 /* of the bad block's length */
#define NEAR_SHARE 0.5     /* near-good text counts for half its length */
#define GAP_GROWTH_CAP 4
#define COMMENTS_SHARE 0.1 /* text after a comments header counts for little */
#define TEASERS_SHARE 0.3  /* text after "Related stories", "Most popular" */

/* HTML: a block whose text is mostly link text is navigation or a teaser
 * title (content_html.h uses the same share). */
#define LINK_HEAVY CONTENT_LINK_HEAVY
#define HTML_BAD_SHARE 0.5

/* A title or heading: two words or more (one is a section label: "News",
 * "Sport"), short, no closing punctuation, right above the text. */
#define HEADING_MAX_LENGTH 160
#define HEADING_REACH 3

static void drop(block *b, const char *reason, int final)
{
    b->kept = 0;
    b->quality = Q_BAD;
    b->reason = reason;
    b->final = final;
}

/* Stage 1a: blocks without words (separator lines, empty bullets). */
static void drop_wordless(doc *d)
{
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].n_words == 0)
            drop(&d->blocks[i], "no words", 1);
}

/* Stage 1a': lines the site repeats on many pages (a profile). */
static decruft_status drop_site_lines(doc *d)
{
    const profile_site *site = profile_find(d->profile, d->site);
    if (!site)
        return DECRUFT_OK;
    for (size_t i = 0; i < d->n_blocks; i++) {
        block *b = &d->blocks[i];
        if (b->final)
            continue;
        const char *text;
        size_t n = block_text(d, b, &text);
        uint32_t pages = profile_lookup(site, profile_key(text, n));
        if (!pages)
            continue;
        const char *why = arena_printf(&d->mem, "repeated across %u pages of %s", pages, d->site);
        if (!why)
            return DECRUFT_ERR_NOMEM;
        drop(b, why, 1);
    }
    return DECRUFT_OK;
}

int classify_rule_text(const doc *d, const block *b, char *norm, size_t *len)
{
    size_t n = 0;
    int space = 0;
    for (size_t k = block_content_start(d, b); k < b->end; k++) {
        unsigned char c = (unsigned char)d->text[k];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = n > 0;
            continue;
        }
        if (n + (space ? 2 : 1) > RULE_MAX_BYTES)
            return -1;
        if (space)
            norm[n++] = ' ';
        space = 0;
        norm[n++] = (char)c;
    }
    memset(norm + n, 0, RULE_TEXT_PAD);
    *len = n;
    return 0;
}

/* Stage 1b: the cruft rules, on block i.  The rules see the block with
 * whitespace runs as one space and without its bullet. */
decruft_status classify_rules(doc *d, size_t i, rule_matcher *rules)
{
    block *b = &d->blocks[i];
    if (b->final || b->ruled || b->n_chars > RULE_MAX_BYTES)
        return DECRUFT_OK;
    b->ruled = 1; /* matched once, whichever stage asks first */
    char norm[RULE_MAX_BYTES + RULE_TEXT_PAD];
    size_t n;
    if (classify_rule_text(d, b, norm, &n))
        return DECRUFT_OK; /* too long to be cruft */
    /* Each match is bounded by PCRE2's own budget; this bounds their
     * number and the bytes they read. */
    if (work_add(&d->work, 1 + n))
        return DECRUFT_ERR_WORK;
    const char *name;
    int rc = rule_match(rules, norm, n, &name);
    if (rc < 0)
        return DECRUFT_ERR_MATCH;
    if (rc > 0) {
        const char *reason = arena_printf(&d->mem, "rule:%s", name);
        if (!reason)
            return DECRUFT_ERR_NOMEM;
        drop(b, reason, 1);
    }
    return DECRUFT_OK;
}

int classify_is_form(const doc *d, const block *b)
{
    return !d->html && b->n_controls && b->n_words <= CLASSIFY_FORM_LABEL_WORDS * b->n_controls;
}

/* Sentences long enough to say how the document's language reads. */
static int is_prose(const block *b)
{
    return !b->final && b->ends_sentence && block_length(b) >= LENGTH_LOW;
}

/* Typical stopword density of the document's prose: the length-weighted
 * median over its sentences.  Languages differ (agglutinative ones such as
 * Korean or Finnish reach half the density of English or French, and a
 * capped list covers less of them), so the thresholds are scaled to it. */
static double prose_density(doc *d)
{
    double total = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        const block *b = &d->blocks[i];
        if (is_prose(b))
            total += block_length(b);
    }
    if (total == 0)
        return -1;
    /* Weighted median by selection: few long blocks, quadratic is fine up
     * to a cap, beyond which the first blocks are a fair sample. */
    double best = -1, half = total / 2;
    size_t seen = 0;
    for (size_t i = 0; i < d->n_blocks && seen < DENSITY_SAMPLE; i++) {
        const block *b = &d->blocks[i];
        if (!is_prose(b))
            continue;
        seen++;
        work_add(&d->work, d->n_blocks);
        double di = (double)b->n_stop / b->n_words, below = 0;
        for (size_t j = 0; j < d->n_blocks; j++) {
            const block *c = &d->blocks[j];
            if (is_prose(c) && (double)c->n_stop / c->n_words <= di)
                below += block_length(c);
        }
        if (below >= half && (best < 0 || di < best))
            best = di;
    }
    return best;
}

typedef struct thresholds {
    int lang;
    double low, high; /* stopword density of near-good and good text */
} thresholds;

/* Stage 3a: each block on its own, from length and stopword density. */
static thresholds judge_thresholds(doc *d, int lang)
{
    int unspaced = lang_is_unspaced(lang);
    thresholds t = {lang, unspaced ? STOP_LOW_UNSPACED : STOP_LOW, unspaced ? STOP_HIGH_UNSPACED : STOP_HIGH};
    double ref = prose_density(d);
    if (ref > 0 && REL_HIGH * ref < t.high) {
        t.high = REL_HIGH * ref;
        t.low = REL_LOW * ref;
    }
    return t;
}

static void judge_block(block *b, thresholds t)
{
    uint32_t len = block_length(b);
    double density = (double)b->n_stop / b->n_words;
    if (len < LENGTH_LOW) {
        b->quality = Q_SHORT;
        b->reason = "short";
    } else if (t.lang < 0) {
        /* No stopword list for this text: sentences and length decide. */
        b->quality = !b->ends_sentence ? Q_BAD : len >= LENGTH_HIGH ? Q_GOOD : Q_NEAR;
        b->reason = b->ends_sentence ? "sentences" : "no sentence punctuation";
    } else if (density >= t.high) {
        b->quality = len >= LENGTH_HIGH ? Q_GOOD : Q_NEAR;
        b->reason = "stopword-rich text";
    } else if (density >= t.low) {
        b->quality = Q_NEAR;
        b->reason = "stopword-rich text";
    } else {
        b->quality = Q_BAD;
        b->reason = "few stopwords";
    }
}

static thresholds judge(doc *d, int lang)
{
    thresholds t = judge_thresholds(d, lang);
    for (size_t i = 0; i < d->n_blocks; i++)
        if (!d->blocks[i].final)
            judge_block(&d->blocks[i], t);
    return t;
}

static int any_text(const doc *d)
{
    for (size_t i = 0; i < d->n_blocks; i++)
        if (!d->blocks[i].final && d->blocks[i].quality >= Q_NEAR)
            return 1;
    return 0;
}

/* A comments header ("12 Comments", "Leave a reply", "Jane on May 3 said:")
 * after some article text ends the article: what follows is readers' text,
 * often longer than the article and as rich in stopwords. */
/* An excerpt cut short ("...", "…"): a teaser's blurb.  In HTML its block
 * opens with the linked title: some link text, not most. */
static int is_cut_excerpt(const doc *d, const block *b)
{
    if (!b->ends_cut || b->n_words < 4)
        return 0;
    return !d->html || (b->n_link_chars && b->n_link_chars < LINK_HEAVY * b->n_chars);
}

/* Three or more excerpts cut short in a row are a list of teasers. */
static void mark_cut_excerpts(doc *d)
{
    for (size_t i = 0; i < d->n_blocks;) {
        size_t j = i, cards = 0;
        while (j < d->n_blocks && (d->blocks[j].final || is_cut_excerpt(d, &d->blocks[j]))) {
            cards += !d->blocks[j].final;
            j++;
        }
        if (cards >= CUT_EXCERPTS_MIN)
            for (size_t k = i; k < j; k++)
                d->blocks[k].teaser |= !d->blocks[k].final;
        i = j > i ? j : i + 1;
    }
}

static int has_reason(const block *b, const char *reason) { return b->reason && !strcmp(b->reason, reason); }

/* The nearest block with words at most two blocks before (step -1) or
 * after (+1) block i; NULL when there is none. */
static const block *near_words(const doc *d, size_t i, int step)
{
    for (size_t k = i, n = 0; n < 2 && (step < 0 ? k > 0 : k + 1 < d->n_blocks); n++) {
        k = step < 0 ? k - 1 : k + 1;
        if (d->blocks[k].n_words)
            return &d->blocks[k];
    }
    return NULL;
}

/* "Related stories", "Most popular": what follows is other pages' text. */
static int is_teasers_start(const block *b)
{
    return has_reason(b, "rule:related") || has_reason(b, "rule:most-popular") ||
           has_reason(b, "rule:latest-news") || has_reason(b, "rule:trending");
}

static int is_comments_start(const doc *d, size_t i)
{
    const block *b = &d->blocks[i];
    if (!b->final || !(has_reason(b, "rule:comments") || has_reason(b, "rule:comment-header")))
        return 0;
    /* A "Comments" button between "Facebook" and "Print" is a share bar. */
    const block *prev = near_words(d, i, -1), *next = near_words(d, i, 1);
    return !(prev && has_reason(prev, "rule:share")) && !(next && has_reason(next, "rule:share"));
}

/* A line that is mostly numbers: a score, a row of a results table. */
static int is_figures_row(const block *b)
{
    return !b->final && b->n_numbers >= TABLE_ROW_NUMBERS && b->n_numbers * 3 >= b->n_words;
}

static double text_weight(const block *b)
{
    if (b->final)
        return b->n_words ? -COST_RULE : -COST_EMPTY;
    switch (b->quality) {
    case Q_GOOD:
        return block_length(b);
    case Q_NEAR:
        return NEAR_SHARE * block_length(b);
    case Q_BAD:
        return -COST_BAD_SHARE * block_length(b);
    default:
        /* A short sentence (a list item, a line of dialogue, a lyric) reads
         * like the text around it: it neither adds nor opens a gap.  Menu
         * entries and teaser titles have few stopwords and do. */
        if (b->n_words >= SHORT_TEXT_WORDS && (double)b->n_stop / b->n_words >= SHORT_TEXT_STOP)
            return 0;
        /* Nor does a row of figures: a score line, a table of results. */
        if (is_figures_row(b))
            return 0;
        return -COST_SHORT;
    }
}

static double link_share(const block *b)
{
    return b->n_chars ? (double)b->n_link_chars / b->n_chars : 0;
}

/* Markup adjusts the weight of text: boilerplate containers and link text
 * turn it into a cost. */
static double weight(const doc *d, const block *b)
{
    double w = text_weight(b);
    if (!d->html)
        return b->teaser && w > 0 ? -COST_BAD_SHARE * block_length(b) : w;
    double links = link_share(b);
    if ((b->dom & (DOM_BOILER | DOM_COMMENTS)) || links >= LINK_HEAVY || b->teaser) {
        if (w > 0)
            return -COST_BAD_SHARE * block_length(b);
        return w < 0 ? w : -COST_SHORT;
    }
    if (b->final)
        return w;
    /* Markup already told menus, link lists and boilerplate from text:
     * what is left is the page's text, prose or not (a score, an
     * ingredient, a specification), and counts its length; stopwords
     * only halve what reads least like prose. */
    return (b->quality == Q_BAD ? HTML_BAD_SHARE : 1) * block_length(b) * (1 - links);
}

/* Stage 3c: the main region, the run of blocks with the largest total
 * weight.  Returns 0 and no region when nothing is good. */
static int main_region(const doc *d, size_t from, size_t to, size_t *lo, size_t *hi)
{
    double best = 0, run = 0, good_so_far = 0, scale = 1;
    size_t start = from, gap = 0;
    int found = 0;
    for (size_t i = from; i < to; i++) {
        const block *b = &d->blocks[i];
        double w = weight(d, b);
        /* Each block of a gap costs more than the one before: a subheading
         * or a caption inside the article costs little, a menu or a list of
         * teasers between the article and the next blurb costs a lot.
         * Rule matches cost a flat amount: "Advertisement" or a share bar
         * sits inside articles as often as outside. */
        if (w < 0 && b->n_words > 0 && !b->final) {
            gap++;
            w *= gap < GAP_GROWTH_CAP ? gap : GAP_GROWTH_CAP;
        } else if (w > 0) {
            gap = 0;
        }
        if (is_comments_start(d, i) && good_so_far >= LENGTH_HIGH) {
            run = 0;
            scale = COMMENTS_SHARE;
        } else if (is_teasers_start(b) && good_so_far >= LENGTH_HIGH && scale > TEASERS_SHARE) {
            scale = TEASERS_SHARE;
        }
        if (w > 0) {
            good_so_far += w;
            w *= scale;
        }
        if (run <= 0) {
            run = 0;
            start = i;
        }
        run += w;
        if (run > best) {
            best = run;
            *lo = start;
            *hi = i;
            found = 1;
        }
    }
    return found;
}

static int looks_like_heading(const block *b)
{
    if (b->kind == BLOCK_HEADING)
        return !b->final;
    return !b->final && b->n_words >= 2 && !b->ends_sentence && b->kind != BLOCK_LIST_ITEM &&
           block_length(b) <= HEADING_MAX_LENGTH && b->n_lines <= 2;
}

/* Stage 4: the verdict, with the context around the region.  Short blocks
 * inside the region are kept unless a rule matches them; rules run here,
 * on the few blocks that could be kept, rather than on every menu item of
 * the page (matching is most of the cost of a block). */
static decruft_status decide(doc *d, rule_matcher *rules, size_t from, size_t to, unsigned flags)
{
    /* HTML: the container is the region; trimming it by text quality
     * as on plain text loses more article (a product list, a table) than
     * it removes teasers (measured: F1 0.945 against 0.941). */
    size_t lo = from, hi = to ? to - 1 : 0;
    int found = d->html ? from < to : main_region(d, from, to, &lo, &hi);
    if (!found) {
        for (size_t i = 0; i < d->n_blocks; i++)
            if (!d->blocks[i].final)
                drop(&d->blocks[i], "no main content found", 0);
        return DECRUFT_OK;
    }
    for (size_t i = 0; i < d->n_blocks; i++) {
        block *b = &d->blocks[i];
        /* Whatever may be kept is matched: short blocks, and in HTML the
         * low-stopword text the container keeps. */
        if (!b->final && i >= lo && i <= hi && (b->quality == Q_SHORT || (d->html && b->quality == Q_BAD))) {
            decruft_status st = classify_rules(d, i, rules);
            if (st != DECRUFT_OK)
                return st;
        }
        b->in_main = i >= from && i < to && i >= lo && i <= hi;
        if (b->final)
            continue;
        if (i < from || i >= to) {
            drop(b, "outside the main container", 0);
        } else if (i < lo || i > hi) {
            drop(b, i < lo ? "before main content" : "after main content", 0);
        } else if (d->html && (b->dom & (DOM_BOILER | DOM_COMMENTS))) {
            const char *why = arena_printf(&d->mem, "inside %s", b->dom_signal ? b->dom_signal : "boilerplate");
            if (!why)
                return DECRUFT_ERR_NOMEM;
            drop(b, why, 0);
        } else if ((flags & DECRUFT_FLAG_NO_CAPTIONS) && b->kind == BLOCK_CAPTION) {
            drop(b, "caption (--no-captions)", 0);
        } else if (classify_is_form(d, b)) {
            drop(b, "form controls", 0);
        } else if (b->teaser) {
            drop(b, d->html ? "teaser: a blurb under a link, in a list of them" : "teaser: excerpts cut short", 0);
        } else if (d->html && link_share(b) >= LINK_HEAVY && b->quality != Q_GOOD) {
            drop(b, "mostly link text", 0);
        } else if (b->quality == Q_GOOD || b->quality == Q_NEAR) {
            b->kept = 1;
        } else if (d->html) {
            /* Inside the container, what markup did not mark as links or
             * boilerplate is the article's: specifications, ingredients,
             * scores read poorly as prose but belong to it. */
            b->kept = 1;
            b->reason = "inside the main container";
        } else if (b->quality == Q_SHORT) {
            b->kept = 1;
            b->reason = "short, inside main content";
        } else if (b->ends_sentence && !b->teaser) {
            /* Sentences between the article's paragraphs with few
             * stopwords (names, scores, figures) are the article's. */
            b->kept = 1;
            b->reason = "sentences, inside main content";
        } else {
            drop(b, b->reason, 0);
        }
    }
    /* A title or heading just above the region belongs to it. */
    for (size_t i = lo, reach = 0; i > from && reach < HEADING_REACH; reach++) {
        block *b = &d->blocks[--i];
        if (!b->final) {
            decruft_status st = classify_rules(d, i, rules);
            if (st != DECRUFT_OK)
                return st;
        }
        if (b->final && b->n_words > 0)
            continue; /* a cruft line between title and text */
        if (!looks_like_heading(b))
            break;
        b->kept = 1;
        b->quality = Q_SHORT;
        b->reason = "heading above main content";
    }
    return DECRUFT_OK;
}

/* A paragraph repeated inside the article whose first copy lies outside
 * it (a summary in the page head, a teaser) is the article's: the first
 * copy goes with what surrounds it, so the repeat is judged as text. */
static decruft_status revive_repeats(doc *d, rule_matcher *rules, size_t from, size_t to, thresholds t)
{
    for (size_t i = from; i < to; i++) {
        block *b = &d->blocks[i];
        if (!b->dup_of || (b->dup_of - 1 >= from && b->dup_of - 1 < to))
            continue;
        b->final = 0;
        b->dup_of = 0;
        judge_block(b, t);
        decruft_status st = classify_rules(d, i, rules);
        if (st != DECRUFT_OK)
            return st;
    }
    return DECRUFT_OK;
}

/* Stage 3b, HTML: the element that holds the article.  The signals are
 * read twice: to choose, then without those of the chosen element and its
 * ancestors, which wrap the article whatever their class says. */
static decruft_status html_container(doc *d, size_t *from, size_t *to)
{
    content_html_teasers(d);
    if (content_html_signals(d, 0, 0))
        return DECRUFT_ERR_NOMEM;
    double *w = arena_alloc(&d->mem, d->n_blocks + 1, sizeof *w);
    if (!w)
        return DECRUFT_ERR_NOMEM;
    for (size_t i = 0; i < d->n_blocks; i++)
        w[i] = weight(d, &d->blocks[i]);
    int found = content_html_container(d, w, from, to);
    if (found < 0)
        return DECRUFT_ERR_NOMEM;
    if (!found)
        *from = *to = 0; /* nothing but links and boilerplate */
    if (content_html_signals(d, *from, *to))
        return DECRUFT_ERR_NOMEM;
    return DECRUFT_OK;
}

/* The passes of the stages below over the blocks, and of content_html's
 * over the elements, each a step an item; the rules count their own. */
#define CLASSIFY_PASSES 12
#define CONTENT_PASSES 4

decruft_status classify(doc *d, int lang, rule_matcher *rules, unsigned flags)
{
    if (work_add(&d->work, (uint64_t)d->n_blocks * CLASSIFY_PASSES + (uint64_t)d->n_nodes * CONTENT_PASSES))
        return DECRUFT_ERR_WORK;
    drop_wordless(d);
    decruft_status ps = drop_site_lines(d);
    if (ps != DECRUFT_OK)
        return ps;
    if (dedup_mark(d))
        return DECRUFT_ERR_NOMEM;
    thresholds judged = judge(d, lang);
    if (lang >= 0 && !d->html && !any_text(d)) {
        /* Nothing reads like prose: a results table, a list of scores,
         * a specification.  Sentences then tell text from menus, as they
         * do for a language without a stopword list. */
        judged = judge(d, -1);
    }
    mark_cut_excerpts(d);
    /* Rules before the region search, on the blocks that can shape it:
     * those that read like text (a cookie notice must not pull the region
     * its way), and the short ones between the first and the last of those
     * (a comments header ends the article).  Menus outside that span cannot
     * change the region, and matching is most of the cost of a block. */
    size_t first = d->n_blocks, last = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        if (!d->blocks[i].final && d->blocks[i].quality >= Q_NEAR) {
            if (first == d->n_blocks)
                first = i;
            last = i;
        }
    }
    for (size_t i = 0; i < d->n_blocks; i++) {
        if (d->blocks[i].quality >= Q_NEAR || (i > first && i < last)) {
            decruft_status st = classify_rules(d, i, rules);
            if (st != DECRUFT_OK)
                return st;
        }
    }
    size_t from = 0, to = d->n_blocks;
    if (d->html) {
        decruft_status hs = html_container(d, &from, &to);
        if (hs == DECRUFT_OK)
            hs = revive_repeats(d, rules, from, to, judged);
        if (hs != DECRUFT_OK)
            return hs;
    }
    return decide(d, rules, from, to, flags);
}

decruft_status classify_name_rules(doc *d, rule_matcher *rules)
{
    /* Naming the rules of blocks already dropped changes no verdict:
     * drop() keeps them dropped, with the rule as the reason. */
    decruft_status st = DECRUFT_OK;
    for (size_t i = 0; st == DECRUFT_OK && i < d->n_blocks; i++)
        if (!d->blocks[i].kept)
            st = classify_rules(d, i, rules);
    return st;
}
