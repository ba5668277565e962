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

int features_measure(doc *d, int lang)
{
    for (size_t bi = 0; bi < d->n_blocks; bi++) {
        block *b = &d->blocks[bi];
        size_t from = block_content_start(d, b);
        const char *s = d->text;
        uint32_t last = 0, before_last = 0, third_last = 0;
        for (size_t i = from; i < b->end;) {
            uint32_t cp = (unsigned char)s[i];
            i += cp < 0x80 ? 1 : utf8_decode(s + i, b->end - i, &cp);
            if (cp != UTF8_INVALID && uni_is_space(cp))
                continue;
            b->n_chars++; /* invalid bytes count as characters */
            third_last = before_last;
            before_last = last;
            last = cp;
            if (cp >= 0x80 && cp != UTF8_INVALID) {
                if (uni_is_unspaced(cp)) {
                    b->n_unspaced++;
                    b->n_dense++;
                } else if (uni_is_hangul(cp)) {
                    b->n_dense++;
                }
            }
        }
        b->ends_sentence = closes_sentence(last) || (closes_quote(last) && closes_sentence(before_last));
        b->ends_cut = last == 0x2026 || (last == '.' && before_last == '.' && third_last == '.');

        uint64_t key = DEDUP_KEY_INIT;
        word_iter it;
        word_iter_init(&it, s + from, b->end - from);
        while (word_next(&it)) {
            b->n_words++;
            if (s[from + it.start] >= '0' && s[from + it.start] <= '9')
                b->n_numbers++;
            if (lang >= 0 && lang_is_stop(lang, it.hash))
                b->n_stop++;
            key = dedup_key_add(key, it.hash);
        }
        b->norm_hash = key;
    }
    return 0;
}
