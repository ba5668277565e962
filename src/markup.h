/* Small questions about libxml2 elements that the HTML reader and the
 * metadata reader both ask. */
#ifndef DECRUFT_MARKUP_H
#define DECRUFT_MARKUP_H

#include <libxml/tree.h>

/* The value of attribute name of n, "" when it has no value, NULL when n
 * has no such attribute.  The HTML reader keeps in the tree only the
 * attributes of its kept_attributes list: a new one read here goes there
 * too (tests/attributes.sh checks). */
const char *markup_attr(const xmlNode *n, const char *name);

/* Whether s holds needle (lower case), ASCII case aside. */
int markup_contains_ci(const char *s, const char *needle);

/* The node after n in document order inside top: its first child when
 * descend is set and it has one, else its next sibling or an ancestor's;
 * NULL past the end of top.  Walks without recursion. */
const xmlNode *markup_next(const xmlNode *n, const xmlNode *top, int descend);

#endif
