#include "url.h"

#include <string.h>
#include <strings.h>

/* Length of the scheme of s and its colon, or 0 when s has none. */
static size_t scheme_len(const char *s)
{
    size_t i = 0;
    if (!((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
        return 0;
    while (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
           s[i] == '-' || s[i] == '.')
        i++;
    return s[i] == ':' ? i + 1 : 0;
}

static int scheme_is(const char *s, size_t k, const char *name)
{
    return k == strlen(name) + 1 && !strncasecmp(s, name, k - 1);
}

int url_is_base(const char *url)
{
    if (!url)
        return 0;
    size_t k = scheme_len(url);
    return (scheme_is(url, k, "http") || scheme_is(url, k, "https")) && url[k] == '/' && url[k + 1] == '/' &&
           url[k + 2] && url[k + 2] != '/';
}

/* ref as a browser reads it: without tabs and line breaks, trimmed of
 * control bytes and spaces at both ends, inner spaces as %20. */
static void clean_ref(buf *out, const char *ref)
{
    size_t n = strlen(ref);
    while (n && (unsigned char)ref[n - 1] <= 0x20)
        n--;
    size_t i = 0;
    while (i < n && (unsigned char)ref[i] <= 0x20)
        i++;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)ref[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c <= 0x20)
            buf_puts(out, c == ' ' ? "%20" : "%00"); /* a control byte: harmless as text */
        else
            buf_putc(out, (char)c);
    }
}

/* Appends path with its "." and ".." segments removed (RFC 3986, 5.2.4). */
static void put_path(buf *out, const char *path, size_t n)
{
    size_t root = out->len;
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        while (j < n && path[j] != '/')
            j++;
        /* path[i] is '/', the segment is path[i+1, j) */
        size_t k = j - i - 1;
        const char *seg = path + i + 1;
        if (k == 1 && seg[0] == '.') {
            if (j == n)
                buf_putc(out, '/');
        } else if (k == 2 && seg[0] == '.' && seg[1] == '.') {
            while (out->len > root && out->data[out->len - 1] != '/')
                out->len--;
            if (out->len > root)
                out->len--;
            if (j == n)
                buf_putc(out, '/');
        } else {
            buf_put(out, path + i, j - i);
        }
        i = j;
    }
}

int url_resolve(buf *out, const char *base, const char *ref)
{
    buf r = BUF_INIT;
    clean_ref(&r, ref ? ref : "");
    const char *s = r.data;
    size_t n = r.len, k = scheme_len(s);
    int st = 0;
    if (r.oom || (n == 0 && !url_is_base(base))) {
        st = -1;
    } else if (k) {
        if (scheme_is(s, k, "http") || scheme_is(s, k, "https") || scheme_is(s, k, "mailto"))
            buf_put(out, s, n);
        else
            st = -1;
    } else if (!url_is_base(base)) {
        buf_put(out, s, n);
    } else {
        size_t bk = scheme_len(base);
        const char *auth = base + bk + 2;
        size_t alen = strcspn(auth, "/?#");
        const char *bpath = auth + alen;
        size_t plen = strcspn(bpath, "?#");
        size_t qlen = strcspn(bpath + plen, "#");
        if (s[0] == '/' && s[1] == '/') {
            buf_put(out, base, bk);
            buf_put(out, s, n);
        } else {
            buf_put(out, base, bk + 2 + alen);
            size_t tail = strcspn(s, "?#");
            if (n == 0 || s[0] == '#') {
                buf_put(out, bpath, plen + qlen);
                buf_put(out, s, n);
            } else if (s[0] == '?') {
                buf_put(out, bpath, plen);
                buf_put(out, s, n);
            } else if (s[0] == '/') {
                put_path(out, s, tail);
                buf_put(out, s + tail, n - tail);
            } else {
                /* Merge: the base path up to its last '/', then ref. */
                buf merged = BUF_INIT;
                size_t dir = plen;
                while (dir && bpath[dir - 1] != '/')
                    dir--;
                buf_putc(&merged, '/');
                if (dir > 1)
                    buf_put(&merged, bpath + 1, dir - 1);
                buf_put(&merged, s, tail);
                put_path(out, merged.data, merged.len);
                buf_put(out, s + tail, n - tail);
                if (merged.oom)
                    out->oom = 1;
                buf_free(&merged);
            }
        }
    }
    buf_free(&r);
    return st;
}

const char *url_host(const char *url, size_t *n)
{
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    const char *at = host;
    while (*at && *at != '/' && *at != '@')
        at++;
    if (*at == '@')
        host = at + 1; /* user:password@host */
    *n = strcspn(host, "/:?#");
    return host;
}
