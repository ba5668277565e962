#include "detect.h"

#include <stdio.h>
#include <string.h>
#include <uchardet.h>

int detect_encoding(const char *s, size_t n, char *name, size_t size)
{
    uchardet_t ud = uchardet_new();
    if (!ud)
        return -1;
    /* uchardet fails only when out of memory. */
    if (uchardet_handle_data(ud, s, n < DETECT_PREFIX ? n : DETECT_PREFIX) != 0) {
        uchardet_delete(ud);
        return -1;
    }
    uchardet_data_end(ud);
    const char *cs = uchardet_get_charset(ud);
    /* "" is no answer; "ASCII" says only that the bytes it saw were. */
    int found = cs && cs[0] && strcmp(cs, "ASCII") != 0;
    if (found)
        snprintf(name, size, "%s", cs);
    uchardet_delete(ud);
    return found;
}
