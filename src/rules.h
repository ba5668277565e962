/* Cruft rules: named PCRE2 patterns that a whole (normalised, short) block
 * must match.  Rules are joined into a few JIT-compiled patterns (chunks)
 * whose alternatives carry (*MARK)s, so a block costs one match a chunk,
 * not one per rule; a literal prefilter (src/prefilter.h) skips the blocks
 * no rule can match, and runs a rule's own pattern when only it can. */
#ifndef DECRUFT_RULES_H
#define DECRUFT_RULES_H

#include <stddef.h>

#include "decruft.h"

/* Blocks longer than this (normalised bytes) are never matched: cruft is
 * short, and longer blocks are prose whatever words they hold.  Consent
 * banners, the longest cruft, run to about this length. */
#define RULE_MAX_BYTES 700
/* PCRE2 budget for one block and chunk, and again for each rule alone
 * when a chunk runs out: the built-in rules need at most a few thousand
 * steps on any block (make check tries adversarial ones); a catastrophic
 * user pattern is stopped in about a millisecond. */
#define RULE_MATCH_LIMIT 200000
#define RULE_DEPTH_LIMIT 2000
/* Upper bound on the compiled bytes of one chunk, for the first try: PCRE2
 * refuses patterns over 64 KiB (link size 2), and the chunk is then
 * halved. */
#define CHUNK_ESTIMATE_BYTES ((size_t)128 << 10)

/* PCRE2's JIT reads whole 16-byte words around the end of a text when it
 * looks for a character a rule needs (it ignores the bytes past the end,
 * but valgrind sees them read): callers of rule_match keep this many
 * defined bytes after the text. */
#define RULE_TEXT_PAD 32

typedef struct rule_matcher rule_matcher;

/* Per-document (per-thread) state for matching. */
rule_matcher *rule_matcher_new(const decruft_rules *rules);
void rule_matcher_free(rule_matcher *m);
/* all: run the chunks' patterns on every block, without the prefilter
 * (src/prefilter.h), as tests do to compare the two. */
void rule_matcher_bypass(rule_matcher *m, int all);

/* Matches text against every rule (RULE_TEXT_PAD bytes after it defined).  Returns 1 and sets *name to the rule's
 * name on a match, else 0: a rule that runs out of its budget on the block
 * is skipped for it and counted, so matching never fails. */
int rule_match(rule_matcher *m, const char *text, size_t len, const char **name);

/* The rules skipped on some blocks, in rule order: from *pos = 0, each call
 * gives the next one's name and number of blocks and returns 1; 0 at the
 * end. */
int rule_matcher_skipped(const rule_matcher *m, size_t *pos, const char **name, size_t *blocks);

/* Blocks on which a whole chunk ran out of budget (and its rules were
 * matched one by one): 0 with the built-in rules, whatever the block. */
size_t rule_matcher_overruns(const rule_matcher *m);

/* The learned models a rule set carries, one for HTML and one for plain
 * text (rules travel to every thread that cleans, so the models do too):
 * the built-in ones from decruft_rules_new; tools that train or evaluate
 * set others, or NULL for the rule-based stages alone. */
struct model;
void rules_set_models(decruft_rules *r, const struct model *html_model, const struct model *text_model);
const struct model *rules_model(const decruft_rules *r, int html);

#endif
