#include "markup.h"

#include <string.h>

const char *markup_attr(const xmlNode *n, const char *name)
{
    /* The first byte tells most names apart without a call: the reader
     * asks each element for a dozen attributes. */
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && a->name[0] == (unsigned char)name[0] && !strcmp((const char *)a->name, name))
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

int markup_contains_ci(const char *s, const char *needle)
{
    size_t k = strlen(needle);
    for (; *s; s++) {
        size_t i = 0;
        while (i < k && s[i] && (s[i] | 0x20) == needle[i])
            i++;
        if (i == k)
            return 1;
    }
    return 0;
}

const xmlNode *markup_next(const xmlNode *n, const xmlNode *top, int descend)
{
    if (descend && n->children)
        return n->children;
    while (n != top && !n->next)
        n = n->parent;
    return n == top ? NULL : n->next;
}
