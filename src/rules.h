/* Cruft rules: named PCRE2 patterns that a whole (normalised, short) block
 * must match.  All rules are joined into one JIT-compiled pattern whose
 * alternatives carry (*MARK)s, so a block costs one match, not one per
 * rule; a literal prefilter (src/prefilter.h) skips the blocks no rule
 * can match, and runs a rule's own pattern when only it can. */
#ifndef DECRUFT_RULES_H
#define DECRUFT_RULES_H

#include <stddef.h>

#include "decruft.h"

/* Blocks longer than this (normalised bytes) are never matched: cruft is
 * short, and longer blocks are prose whatever words they hold.  Consent
 * banners, the longest cruft, run to about this length. */
#define RULE_MAX_BYTES 700
/* PCRE2 budget for one block: generous for the built-in rules (they need a
 * few thousand steps), small enough that a catastrophic user pattern fails
 * that document in milliseconds instead of hanging. */
#define RULE_MATCH_LIMIT 200000
#define RULE_DEPTH_LIMIT 2000

/* PCRE2's JIT reads whole 16-byte words around the end of a text when it
 * looks for a character a rule needs (it ignores the bytes past the end,
 * but valgrind sees them read): callers of rule_match keep this many
 * defined bytes after the text. */
#define RULE_TEXT_PAD 32

typedef struct rule_matcher rule_matcher;

/* Per-document (per-thread) state for matching. */
rule_matcher *rule_matcher_new(const decruft_rules *rules);
void rule_matcher_free(rule_matcher *m);
/* all: run the combined pattern on every block, without the prefilter
 * (src/prefilter.h), as tests do to compare the two. */
void rule_matcher_bypass(rule_matcher *m, int all);

/* Matches text against every rule (RULE_TEXT_PAD bytes after it defined).  Returns 1 and sets *name to the rule's
 * name on a match, 0 on none, -1 when the match budget ran out. */
int rule_match(rule_matcher *m, const char *text, size_t len, const char **name);

/* The learned models a rule set carries, one for HTML and one for plain
 * text (rules travel to every thread that cleans, so the models do too):
 * the built-in ones from decruft_rules_new; tools that train or evaluate
 * set others, or NULL for the rule-based stages alone. */
struct model;
void rules_set_models(decruft_rules *r, const struct model *html_model, const struct model *text_model);
const struct model *rules_model(const decruft_rules *r, int html);

#endif
