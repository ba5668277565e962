/* Small helpers the modes share: failure reports, the site of a URL, the
 * loop over the streams of the record modes. */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
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

static void report(cli *c, const char *name, const char *what, const char *why)
{
    if (c->progress)
        fputs("\r\033[K", stderr); /* not on top of the progress line */
    fprintf(stderr, "decruft: %s: %s%s\n", name, what, why);
}

json_t *json_string_lossy(const char *value)
{
    json_t *v = json_string(value);
    if (v)
        return v;
    size_t n = strlen(value), k = 0;
    char *esc = n < SIZE_MAX / 3 ? malloc(3 * n + 1) : NULL;
    for (size_t i = 0; esc && i < n; i++) {
        unsigned char b = (unsigned char)value[i];
        if (b < 0x80)
            esc[k++] = (char)b;
        else
            k += (size_t)sprintf(esc + k, "%%%02X", b);
    }
    if (esc) {
        esc[k] = '\0';
        v = json_string(esc);
    }
    free(esc);
    return v;
}

void cli_fail(cli *c, const char *name, const char *why)
{
    c->failed++;
    if (!c->quiet)
        report(c, name, "", why);
}

void cli_warn(cli *c, const char *name, const char *why)
{
    if (!c->quiet && !c->no_warnings)
        report(c, name, "warning: ", why);
}

void cli_summary(cli *c)
{
    if (c->quiet || c->no_warnings || c->done < 2 || !c->encoding_warned)
        return;
    fprintf(stderr, "decruft: warning: %zu of %zu documents had an encoding warning (guessed, overridden or bytes replaced)\n",
            c->encoding_warned, c->done);
}

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
