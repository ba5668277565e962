/* Markup signals: what an element's class and id words say it holds
 * (data/signals.txt), matched with PCRE2 and cached per document, since a
 * page repeats a few class strings many times. */
#ifndef DECRUFT_SIGNALS_H
#define DECRUFT_SIGNALS_H

#include <stddef.h>
#include <stdint.h>

/* Compiles the built-in signals once per process.  Returns 0, or -1 when
 * the data does not compile or memory runs out. */
int signals_init(void);

typedef struct signal_cache signal_cache;

signal_cache *signal_cache_new(void);
void signal_cache_free(signal_cache *c);

/* The DOM_* bits (block.h) that class and id (either may be NULL) carry,
 * and in *name the name of the boilerplate or comments signal, static. */
uint32_t signals_match(signal_cache *c, const char *class_attr, const char *id_attr, const char **name);

#endif
