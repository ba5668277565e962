#include "words.h"

#include "utf8.h"

void word_iter_init(word_iter *it, const char *s, size_t n)
{
    it->s = s;
    it->n = n;
    it->pos = 0;
    it->fold_len = 0;
}

int word_next(word_iter *it)
{
    const char *s = it->s;
    size_t n = it->n, i = it->pos;
    uint32_t cp = 0;
    size_t k = 0;
    /* Fast skip of ASCII separators. */
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_')
                break;
            i++;
            continue;
        }
        k = utf8_decode(s + i, n - i, &cp);
        if (uni_is_word(cp))
            break;
        i += k;
    }
    if (i >= n) {
        it->pos = n;
        return 0;
    }
    it->start = i;
    it->fold_len = 0;
    it->unspaced = 0;
    uint64_t h = WORD_HASH_INIT;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        char enc[4];
        size_t elen;
        if (c < 0x80) {
            if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_'))
                break;
            enc[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            elen = 1;
            k = 1;
        } else {
            k = utf8_decode(s + i, n - i, &cp);
            if (!uni_is_word(cp))
                break;
            if (uni_is_unspaced(cp)) {
                if (i > it->start)
                    break; /* ends the spaced word before it */
                it->unspaced = 1;
            }
            elen = utf8_encode(uni_fold(cp), enc);
        }
        for (size_t j = 0; j < elen; j++) {
            h = word_hash_byte(h, (unsigned char)enc[j]);
            if (it->fold_len < WORD_FOLD_MAX)
                it->fold[it->fold_len++] = enc[j];
        }
        i += k;
        if (it->unspaced)
            break;
    }
    it->end = i;
    it->pos = i;
    it->hash = word_hash_end(h);
    return 1;
}

uint64_t word_hash(const char *folded, size_t n)
{
    uint64_t h = WORD_HASH_INIT;
    for (size_t i = 0; i < n; i++)
        h = word_hash_byte(h, (unsigned char)folded[i]);
    return word_hash_end(h);
}
