/* A literal prefilter for the cruft rules.  At load time it reads each
 * rule's pattern and derives what every match of each alternative must
 * hold: the whole block as one of a finite set of phrases, a phrase the
 * block starts with, or a substring somewhere in it.  A block then runs
 * PCRE2 only when some rule could match it, and only that rule's own
 * pattern when exactly one could: the combined pattern costs a few
 * microseconds a block whatever the block, most of it on blocks no rule
 * matches.
 *
 * The answers are those of the combined pattern: a rule is left out only
 * when no match of it can exist, caseless as PCRE2 is (the case classes
 * of the literals' characters are asked of PCRE2 itself), and a pattern
 * whose literals cannot be derived (an unknown construct) always runs. */
#ifndef DECRUFT_PREFILTER_H
#define DECRUFT_PREFILTER_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

typedef struct prefilter prefilter;

/* Builds the prefilter of the n rule patterns (in rule order; flags as
 * the rules are compiled with).  Returns NULL when out of memory. */
prefilter *prefilter_new(const char *const *patterns, size_t n, uint32_t flags);
void prefilter_free(prefilter *pf);

/* Which rules could match the normalised block text: 0 when none can; 1
 * when only one can, with *code its own pattern (wrapped as in the
 * combined pattern, with the same mark), or NULL when it has none; 2 when
 * several may.  md is the caller's (per-thread) match data. */
int prefilter_pick(const prefilter *pf, pcre2_match_data *md, const char *text, size_t len,
                   const pcre2_code **code);

/* Whole-block patterns compiled for prefilter_pick and for the combined
 * pattern: \A[\W_]*(?:(?:p)(*MARK:i)|...)[\W_]*\z. */
struct buf;
void prefilter_wrap_open(struct buf *b);
void prefilter_wrap_rule(struct buf *b, const char *pattern, size_t index, int first);
void prefilter_wrap_close(struct buf *b);

#endif
