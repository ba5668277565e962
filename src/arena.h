/* A per-document arena: everything one document needs (blocks, reasons,
 * normalised strings) is carved from a few large chunks and freed with one
 * call, so classification has no per-block ownership to get wrong. */
#ifndef DECRUFT_ARENA_H
#define DECRUFT_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;
    char *ptr;
    size_t left;
    size_t next; /* the size of the next chunk, 0 for the first */
} arena;

#define ARENA_INIT {0, 0, 0, 0}

/* Returns size bytes aligned for any type, or NULL when out of memory or when
 * count * size overflows. */
void *arena_alloc(arena *a, size_t count, size_t size);
char *arena_strndup(arena *a, const char *s, size_t n);
/* printf into the arena, for reasons like "duplicate of block 12". */
char *arena_printf(arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void arena_free(arena *a);

#endif
