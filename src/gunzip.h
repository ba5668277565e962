/* gzip input, read transparently: a page saved as .html.gz or piped from
 * curl --compressed-less servers arrives as gzip members. */
#ifndef DECRUFT_GUNZIP_H
#define DECRUFT_GUNZIP_H

#include <stddef.h>

#include "decruft.h"

/* Whether s starts with the gzip magic bytes. */
int gunzip_is_gzip(const char *s, size_t n);

/* Inflates every gzip member of s into a malloc'd buffer (*out, *out_len,
 * NUL terminated), stopping with DECRUFT_ERR_TOO_LARGE once the output
 * passes max bytes, so a gzip bomb costs at most max.  Truncated or
 * corrupt data is DECRUFT_ERR_BINARY with the offset in err. */
decruft_status gunzip(const char *s, size_t n, size_t max, char **out, size_t *out_len, decruft_error *err);

#endif
