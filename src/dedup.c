#include "dedup.h"

#include <stdlib.h>

#include "words.h"

uint64_t dedup_key(const char *text, size_t len)
{
    uint64_t key = DEDUP_KEY_INIT;
    word_iter it;
    word_iter_init(&it, text, len);
    while (word_next(&it))
        key = dedup_key_add(key, it.hash);
    return key;
}

int dedup_mark(doc *d)
{
    size_t slots = 16;
    while (slots < 2 * d->n_blocks)
        slots *= 2;
    /* Each slot holds 1 + the index of the first block with that key. */
    size_t *table = calloc(slots, sizeof *table);
    if (!table)
        return -1;
    for (size_t i = 0; i < d->n_blocks; i++) {
        block *b = &d->blocks[i];
        if (b->n_chars < DEDUP_MIN_CHARS || b->n_words == 0)
            continue;
        size_t h = (size_t)b->norm_hash & (slots - 1);
        while (table[h] && d->blocks[table[h] - 1].norm_hash != b->norm_hash)
            h = (h + 1) & (slots - 1);
        if (!table[h]) {
            table[h] = i + 1;
            continue;
        }
        if (!b->final) {
            b->dup_of = (uint32_t)table[h];
            b->final = 1;
            b->kept = 0;
            b->quality = Q_BAD;
            b->reason = arena_printf(&d->mem, "duplicate of block %zu", table[h]);
            if (!b->reason) {
                free(table);
                return -1;
            }
        }
    }
    free(table);
    return 0;
}
