#include "xml_memory.h"

#include <libxml/xmlmemory.h>

static _Thread_local unsigned long failures;

/* What libxml2 allocated with before: its user's functions are kept, so
 * that memory from either side is freed by the same free. */
static xmlFreeFunc base_free;
static xmlMallocFunc base_malloc;
static xmlReallocFunc base_realloc;
static xmlStrdupFunc base_strdup;

static void *counting_malloc(size_t n)
{
    void *p = base_malloc(n);
    failures += !p;
    return p;
}

static void *counting_realloc(void *p, size_t n)
{
    void *q = base_realloc(p, n);
    failures += !q && n;
    return q;
}

static char *counting_strdup(const char *s)
{
    char *d = base_strdup(s);
    failures += !d;
    return d;
}

void xml_memory_init(void)
{
    if (xmlMemGet(&base_free, &base_malloc, &base_realloc, &base_strdup) != 0 || !base_free || !base_malloc ||
        !base_realloc || !base_strdup)
        return;
    xmlMemSetup(base_free, counting_malloc, counting_realloc, counting_strdup);
}

unsigned long xml_memory_failures(void) { return failures; }
