/* Stage 5 (HTML): the learned model's verdict.  After the rule-based stages
 * (whose verdicts the model reads as features), each block not already
 * dropped for good (no words, a site profile line, a duplicate, a cruft
 * rule) is kept when the model's probability reaches its threshold; the
 * rules then run on what it keeps.  The reason gives the probability and,
 * with DECRUFT_FLAG_ALL_REASONS, the features that moved it most. */
#ifndef DECRUFT_LEARNED_H
#define DECRUFT_LEARNED_H

#include "block.h"
#include "model.h"
#include "rules.h"

decruft_status learned_decide(doc *d, const model *m, rule_matcher *rules, unsigned flags);

#endif
