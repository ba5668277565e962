#include "features.h"

#include <string.h>

#include "dedup.h"
#include "lang.h"
#include "utf8.h"
#include "words.h"

uint32_t block_length(const block *b)
{
    /* n_words stands for the spaces between words, so lengths compare with
     * jusText's, which counts them. */
    uint32_t spaced_words = b->n_words - (b->n_unspaced < b->n_words ? b->n_unspaced : b->n_words);
    return b->n_chars + spaced_words + 2 * b->n_dense;
}

static int closes_sentence(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002 || cp == 0xFF01 ||
           cp == 0xFF1F || cp == 0xFF0E || cp == 0x0964 || cp == 0x061F || cp == 0x06D4;
}

static int closes_quote(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == 0x201D || cp == 0x2019 || cp == 0x00BB ||
           cp == 0x300D || cp == 0x300F || cp == 0xFF09;
}

size_t block_content_start(const doc *d, const block *b)
{
    size_t i = b->start;
    while (i < b->end && (d->text[i] == ' ' || d->text[i] == '\t'))
        i++;
    if (b->kind != BLOCK_LIST_ITEM || d->html)
        return i; /* markup gives list items without their bullets */
    uint32_t cp;
    size_t k = utf8_decode(d->text + i, b->end - i, &cp);
    if (cp >= '0' && cp <= '9') {
        while (i < b->end && d->text[i] >= '0' && d->text[i] <= '9')
            i++;
        if (i < b->end)
            i++; /* '.' or ')' */
    } else {
        i += k;
    }
    while (i < b->end && (d->text[i] == ' ' || d->text[i] == '\t'))
        i++;
    return i;
}

/* The words of a block as they are found: what features_measure counts
 * of each. */
typedef struct word_count {
    int lang;
    uint64_t key, hash;
    unsigned char first;
    int in_word;
} word_count;

static void end_word(block *b, word_count *w)
{
    uint64_t h = word_hash_end(w->hash);
    b->n_words++;
    if (w->first >= '0' && w->first <= '9')
        b->n_numbers++;
    if (w->lang >= 0 && lang_is_stop(w->lang, h))
        b->n_stop++;
    w->key = dedup_key_add(w->key, h);
    w->in_word = 0;
}

/* One pass over each block for its characters and its words: the words
 * are word_next's (words.h), found and hashed the same way, without a
 * second decoding of the text. */
int features_measure(doc *d, int lang)
{
    for (size_t bi = 0; bi < d->n_blocks; bi++) {
        block *b = &d->blocks[bi];
        size_t from = block_content_start(d, b), end = b->end;
        const char *s = d->text;
        uint32_t last = 0, before_last = 0, third_last = 0;
        word_count w = {lang, DEDUP_KEY_INIT, 0, 0, 0};
        for (size_t i = from; i < end;) {
            uint32_t cp = (unsigned char)s[i];
            size_t k = cp < 0x80 ? 1 : utf8_decode(s + i, end - i, &cp);
            int unspaced = 0;
            if (cp == UTF8_INVALID || !uni_is_space(cp)) {
                b->n_chars++; /* invalid bytes count as characters */
                third_last = before_last;
                before_last = last;
                last = cp;
                if (cp >= 0x80 && cp != UTF8_INVALID) {
                    if (uni_is_unspaced(cp)) {
                        unspaced = 1;
                        b->n_unspaced++;
                        b->n_dense++;
                    } else if (uni_is_hangul(cp)) {
                        b->n_dense++;
                    }
                }
            }
            if (!uni_is_word(cp)) {
                if (w.in_word)
                    end_word(b, &w);
                i += k;
                continue;
            }
            if (unspaced && w.in_word)
                end_word(b, &w); /* ends the spaced word before it */
            if (!w.in_word) {
                w.in_word = 1;
                w.hash = WORD_HASH_INIT;
                w.first = (unsigned char)s[i];
            }
            if (cp < 0x80) {
                w.hash = word_hash_byte(w.hash, (unsigned char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
            } else {
                char enc[4];
                size_t n = utf8_encode(uni_fold(cp), enc);
                for (size_t j = 0; j < n; j++)
                    w.hash = word_hash_byte(w.hash, (unsigned char)enc[j]);
            }
            i += k;
            if (unspaced)
                end_word(b, &w);
        }
        if (w.in_word)
            end_word(b, &w);
        b->ends_sentence = closes_sentence(last) || (closes_quote(last) && closes_sentence(before_last));
        b->ends_cut = last == 0x2026 || (last == '.' && before_last == '.' && third_last == '.');
        b->norm_hash = w.key;
    }
    return 0;
}
