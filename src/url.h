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

/* The host of url, past its scheme and any user:password@, as a pointer
 * into url and its length *n (0 when there is none); without a "://" the
 * whole of url is taken for a host and path.  (The command line, which
 * sees only the public API, keeps its own copy: site_of_url.) */
const char *url_host(const char *url, size_t *n);

#endif
