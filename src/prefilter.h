/* A literal prefilter for the cruft rules.  At load time it reads each
 * rule's pattern and derives what every match of each alternative must
 * hold: the whole block as one of a finite set of phrases, a phrase the
 * block starts with, or a substring somewhere in it.  A block then runs
 * PCRE2 only when some rule could match it, and only those rules' own
 * patterns: the combined pattern costs a few microseconds a block
 * whatever the block, most of it on blocks no rule matches.
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

/* Matches the normalised block text against the rules it could match:
 * 0 when none matches, 1 when one does (*rule: the one the combined
 * pattern would name), 2 when the combined pattern must decide (many
 * candidates; rules whose meaning reaches beyond their own alternatives;
 * a rule that ran out of the budget of ctx alone).  md is the caller's (one per
 * thread) and must hold two pairs more than the rules' capture groups. */
int prefilter_match(const prefilter *pf, pcre2_match_data *md, pcre2_match_context *ctx, const char *text,
                    size_t len, size_t *rule);

#endif
