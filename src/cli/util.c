/* Small helpers the modes share: failure reports, the site of a URL, the
 * loop over the streams of the record modes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "stream.h"

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

static void report(const cli *c, const char *name, const char *what, const char *why)
{
    if (c->quiet)
        return;
    if (c->progress)
        fputs("\r\033[K", stderr); /* not on top of the progress line */
    fprintf(stderr, "decruft: %s: %s%s\n", name, what, why);
}

void cli_fail(cli *c, const char *name, const char *why)
{
    c->failed++;
    report(c, name, "", why);
}

void cli_warn(cli *c, const char *name, const char *why) { report(c, name, "warning: ", why); }

int cli_run_streams(cli *c, char **paths, int n, void (*read)(cli *, pool *, stream *, const char *))
{
    size_t failed_before = c->failed;
    char *stdin_only[] = {"-"};
    if (n == 0) {
        paths = stdin_only;
        n = 1;
    }
    pool *p = pool_new(c);
    if (!p) {
        cli_fail(c, "decruft", "out of memory");
        return 1;
    }
    for (int i = 0; i < n; i++) {
        const char *src = strcmp(paths[i], "-") ? paths[i] : "(stdin)";
        stream *s = stream_open(paths[i]);
        if (!s) {
            cli_fail(c, src, strerror(errno));
            continue;
        }
        read(c, p, s, src);
        if (stream_error(s))
            cli_fail(c, src, stream_error(s));
        stream_close(s);
    }
    pool_finish(p);
    return c->failed != failed_before;
}
