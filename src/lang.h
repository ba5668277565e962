/* Languages: per-document detection and stopword lookup, from the stopword
 * lists in data/stopwords (compiled into the binary).  The tables are built
 * once per process on first use and are read-only afterwards, so any number
 * of threads may use them. */
#ifndef DECRUFT_LANG_H
#define DECRUFT_LANG_H

#include <stddef.h>
#include <stdint.h>

/* Builds the tables; safe to call from many threads.  Returns 0, or -1 when
 * out of memory (later calls then keep failing). */
int lang_init(void);

/* Index of the language with ISO code code, or -1. */
int lang_find(const char *code);
const char *lang_code(int lang);
/* Written without spaces between words (Chinese, Japanese). */
int lang_is_unspaced(int lang);

/* The language of text, or -1 when no list matches enough words. */
int lang_detect(const char *text, size_t len);

/* Is the folded word with this hash (word_hash) a stopword of lang? */
int lang_is_stop(int lang, uint64_t hash);

#endif
