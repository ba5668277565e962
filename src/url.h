/* URLs of links and images in the Markdown and HTML output: only the safe
 * schemes, relative ones resolved against the page's address. */
#ifndef DECRUFT_URL_H
#define DECRUFT_URL_H

#include "buf.h"

/* Whether url is absolute with the http or https scheme: a base. */
int url_is_base(const char *url);

/* Appends ref resolved against base (RFC 3986, section 5.2; base NULL or
 * not absolute: ref stays relative).  Tabs and line breaks are removed and
 * spaces at the ends trimmed, as browsers do, before the scheme is read: so
 * "java\tscript:" is a javascript: URL.  Returns -1, appending nothing,
 * when the scheme is not http, https or mailto, or ref is empty. */
int url_resolve(buf *out, const char *base, const char *ref);

#endif
