/* Markup bounded before libxml2 sees it: libxml2 checks each attribute of
 * a tag against all the earlier ones, so one tag with 40,000 attributes
 * took 10 s and 200,000 did not finish. */
#ifndef DECRUFT_HTML_BOUND_H
#define DECRUFT_HTML_BOUND_H

#include <stddef.h>

/* Attributes kept per tag; the rest of the tag up to its '>' is dropped.
 * Real elements carry a few dozen at most (framework data-* attributes,
 * SVG presentation attributes); 256 cost libxml2 about a millisecond. */
#define HTML_MAX_ATTRIBUTES 256

/* Scans html as libxml2's HTML parser tokenises it (comments, the raw text
 * of script and style, quoted values) for start tags with more than
 * HTML_MAX_ATTRIBUTES attributes.  Returns 0 when there are none (*out is
 * NULL), 1 with a malloc'd copy without the attributes past the limit in
 * *out and *out_len, -1 when out of memory. */
int html_bound_attributes(const char *html, size_t len, char **out, size_t *out_len);

#endif
