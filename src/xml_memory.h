/* libxml2's allocations, counted when they fail.  libxml2 2.9 goes on
 * without a word after many failed allocations (a text node without its
 * text, an element's name stack, a node's content cut short), so a tree
 * built or read while memory ran out can look whole.  Each thread counts
 * the allocations libxml2 could not get; a document read while its count
 * moved is out of memory, whatever libxml2 said. */
#ifndef DECRUFT_XML_MEMORY_H
#define DECRUFT_XML_MEMORY_H

/* Wraps the allocator libxml2 has (its default, or one its user set), once
 * per process, before the first parse. */
void xml_memory_init(void);

/* The libxml2 allocations that failed in this thread so far. */
unsigned long xml_memory_failures(void);

#endif
