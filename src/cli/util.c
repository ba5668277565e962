/* Small helpers the modes share: failure reports, the site of a URL. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

char *site_of_url(const char *url)
{
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    const char *at = host;
    while (*at && *at != '/' && *at != '@')
        at++;
    if (*at == '@')
        host = at + 1; /* user:password@host */
    if (!strncasecmp(host, "www.", 4))
        host += 4;
    size_t n = strcspn(host, "/:?#");
    if (!n)
        return NULL;
    char *s = strndup(host, n);
    for (char *p = s; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    return s;
}

void cli_fail(cli *c, const char *name, const char *why)
{
    c->failed++;
    if (c->quiet)
        return;
    if (c->progress)
        fputs("\r\033[K", stderr); /* not on top of the progress line */
    fprintf(stderr, "decruft: %s: %s\n", name, why);
}
