#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
    arena_chunk *next;
    max_align_t align[];
};

/* Chunks of 4 KiB, then twice as large each up to 64 KiB: a small page
 * takes little more than it uses, a big one needs few mallocs. */
#define ARENA_FIRST_CHUNK ((size_t)4 * 1024)
#define ARENA_CHUNK_SIZE ((size_t)64 * 1024)
#define ARENA_ALIGN (sizeof(max_align_t))

void *arena_alloc(arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t n = count * size;
    if (n > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    if (n == 0)
        n = ARENA_ALIGN;
    if (n > a->left) {
        size_t standard = a->next ? a->next : ARENA_FIRST_CHUNK;
        size_t body = n > standard ? n : standard;
        if (body > SIZE_MAX - sizeof(arena_chunk))
            return NULL;
        arena_chunk *c = malloc(sizeof(arena_chunk) + body);
        if (!c)
            return NULL;
        c->next = a->head;
        a->head = c;
        /* A chunk bigger than the standard size serves that request alone,
         * keeping the rest of the current chunk usable. */
        if (body > standard && a->left > 0)
            return (void *)c->align;
        a->ptr = (char *)c->align;
        a->left = body;
        a->next = standard < ARENA_CHUNK_SIZE ? 2 * standard : ARENA_CHUNK_SIZE;
    }
    void *p = a->ptr;
    a->ptr += n;
    a->left -= n;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, n + 1, 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    return arena_strndup(a, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void arena_free(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->ptr = NULL;
    a->left = 0;
    a->next = 0;
}
