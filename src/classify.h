/* The classifier: stages 1-4 of the design (hard drops, duplicates, main
 * content, context), each decision leaving its reason on the block. */
#ifndef DECRUFT_CLASSIFY_H
#define DECRUFT_CLASSIFY_H

#include "block.h"
#include "rules.h"

/* Classifies the measured blocks of d.  Returns DECRUFT_OK or an error
 * (out of memory, a rule over its match budget). */
/* flags: DECRUFT_FLAG_* of the options. */
decruft_status classify(doc *d, int lang, rule_matcher *rules, unsigned flags);

/* Matches the cruft rules on block i once (later calls do nothing) and
 * drops it, for good, when one matches. */
decruft_status classify_rules(doc *d, size_t i, rule_matcher *rules);
/* The text the rules see of block b: whitespace runs as one space, no
 * bullet; into norm (RULE_MAX_BYTES + RULE_TEXT_PAD, the pad zeroed),
 * length in *len.  -1 when longer
 * than RULE_MAX_BYTES: never cruft by rule. */
int classify_rule_text(const doc *d, const block *b, char *norm, size_t *len);

/* For DECRUFT_FLAG_ALL_REASONS, once every stage has decided: the rule a
 * dropped block matches becomes its reason. */
decruft_status classify_name_rules(doc *d, rule_matcher *rules);

/* A line of lynx form controls ("Name ____", "(BUTTON) Go", "[ ] Compare")
 * and their labels: a form, never the page's text.  A line with more
 * words than this a control is a sentence that holds one (a fill-in
 * blank, a task list) and is judged as text.  Applied to the verdicts,
 * after the model: the model's features stay those it learnt from. */
#define CLASSIFY_FORM_LABEL_WORDS 4
int classify_is_form(const doc *d, const block *b);

#endif
