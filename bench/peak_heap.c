/* For bench/memory.c: an LD_PRELOAD library that follows the heap of the
 * process it is loaded in (malloc, calloc, realloc, free, sizes by
 * malloc_usable_size).  peak_heap_mark() starts a new peak from the bytes
 * in use now and returns them; peak_heap_peak() is the highest since.
 * Memory mapped by other means (the rules' JIT code, the binary) is not
 * counted, as the memory target asks. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static atomic_size_t in_use, peak;

/* dlsym may allocate before the real calloc is known: from here. */
static char bootstrap[4096];
static size_t bootstrap_used;

static void resolve(void)
{
    if (real_malloc)
        return;
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
}

static int from_bootstrap(const void *p)
{
    return (const char *)p >= bootstrap && (const char *)p < bootstrap + sizeof bootstrap;
}

static void grew(void *p)
{
    if (!p)
        return;
    size_t now = atomic_fetch_add(&in_use, malloc_usable_size(p)) + malloc_usable_size(p);
    size_t old = atomic_load(&peak);
    while (now > old && !atomic_compare_exchange_weak(&peak, &old, now))
        ;
}

static void shrank(void *p)
{
    if (p)
        atomic_fetch_sub(&in_use, malloc_usable_size(p));
}

void *malloc(size_t n)
{
    resolve();
    void *p = real_malloc(n);
    grew(p);
    return p;
}

void *calloc(size_t k, size_t n)
{
    if (!real_calloc) {
        size_t want = (k * n + 15) & ~(size_t)15;
        if (bootstrap_used + want > sizeof bootstrap)
            return NULL;
        void *p = bootstrap + bootstrap_used;
        bootstrap_used += want;
        return p;
    }
    void *p = real_calloc(k, n);
    grew(p);
    return p;
}

void *realloc(void *q, size_t n)
{
    resolve();
    if (from_bootstrap(q)) {
        void *p = malloc(n);
        if (p)
            memcpy(p, q, n < sizeof bootstrap ? n : sizeof bootstrap);
        return p;
    }
    shrank(q);
    void *p = real_realloc(q, n);
    grew(p ? p : q);
    return p;
}

void free(void *p)
{
    if (!p || from_bootstrap(p))
        return;
    resolve();
    shrank(p);
    real_free(p);
}

size_t peak_heap_mark(void);
size_t peak_heap_peak(void);

size_t peak_heap_mark(void)
{
    size_t now = atomic_load(&in_use);
    atomic_store(&peak, now);
    return now;
}

size_t peak_heap_peak(void) { return atomic_load(&peak); }
