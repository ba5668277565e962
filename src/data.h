/* Data files compiled into the library by tools/bin2c (see the Makefile). */
#ifndef DECRUFT_DATA_H
#define DECRUFT_DATA_H

#include <stddef.h>

/* The lists of data/stopwords, each introduced by a line "@CODE". */
extern const char decruft_stopwords_blob[];
extern const size_t decruft_stopwords_blob_len;
/* data/rules.txt */
extern const char decruft_rules_blob[];
extern const size_t decruft_rules_blob_len;

/* data/signals.txt */
extern const char decruft_signals_blob[];
extern const size_t decruft_signals_blob_len;

/* data/model-html.txt and data/model-text.txt: the learned block models
 * (model.h) */
extern const char decruft_model_html_blob[];
extern const size_t decruft_model_html_blob_len;
extern const char decruft_model_text_blob[];
extern const size_t decruft_model_text_blob_len;

#endif
