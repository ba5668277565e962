#include "html_bound.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* The offset just past the first occurrence of what (n bytes, ASCII case
 * ignored) at or after i, or len. */
static size_t skip_past(const char *s, size_t len, size_t i, const char *what, size_t n)
{
    for (; i + n <= len; i++) {
        const char *p = memchr(s + i, what[0], len - i);
        if (!p)
            break;
        i = (size_t)(p - s);
        if (i + n <= len && strncasecmp(s + i, what, n) == 0)
            return i + n;
    }
    return len;
}

/* From just after a start tag's name to just after its end, counting the
 * attributes as libxml2 would parse them: a name, then = and a value,
 * quoted or not.  *cut is where the first attribute past the limit
 * starts, or 0. */
static size_t scan_tag(const char *s, size_t len, size_t i, size_t *cut)
{
    size_t n_attrs = 0;
    *cut = 0;
    for (;;) {
        while (i < len && (is_space(s[i]) || (s[i] == '/' && (i + 1 >= len || s[i + 1] != '>'))))
            i++;
        if (i >= len)
            return len;
        if (s[i] == '>')
            return i + 1;
        if (s[i] == '/')
            return i + 2 <= len ? i + 2 : len; /* "/>" */
        if (++n_attrs > HTML_MAX_ATTRIBUTES && !*cut)
            *cut = i;
        while (i < len && !is_space(s[i]) && s[i] != '>' && s[i] != '=' && s[i] != '/')
            i++;
        while (i < len && is_space(s[i]))
            i++;
        if (i >= len || s[i] != '=')
            continue;
        for (i++; i < len && is_space(s[i]); i++)
            ;
        if (i < len && (s[i] == '"' || s[i] == '\'')) {
            const char *q = memchr(s + i + 1, s[i], len - i - 1);
            i = q ? (size_t)(q - s) + 1 : len;
        } else {
            while (i < len && !is_space(s[i]) && s[i] != '>')
                i++;
        }
    }
}

int html_bound_attributes(const char *s, size_t len, char **out, size_t *out_len)
{
    buf b = BUF_INIT;
    size_t copied = 0, i = 0; /* s[0, copied) is in b, when anything was cut */
    int cut_any = 0;
    *out = NULL;
    while (i < len) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t)(lt - s) + 1;
        if (i >= len)
            break;
        if (s[i] == '!' && i + 2 < len && s[i + 1] == '-' && s[i + 2] == '-') {
            i = skip_past(s, len, i + 3, "-->", 3);
        } else if (s[i] == '!' || s[i] == '?' || s[i] == '/') {
            i = skip_past(s, len, i, ">", 1);
        } else if (is_alpha(s[i])) {
            size_t name = i;
            while (i < len && !is_space(s[i]) && s[i] != '>' && s[i] != '/')
                i++;
            size_t name_len = i - name, cut;
            i = scan_tag(s, len, i, &cut);
            if (cut) {
                /* Keep the tag's end: '>' or "/>", or nothing at the end
                 * of the input. */
                size_t end = i;
                if (end > cut && s[end - 1] == '>')
                    end -= (end - 2 > cut && s[end - 2] == '/') ? 2 : 1;
                buf_put(&b, s + copied, cut - copied);
                copied = end;
                cut_any = 1;
            }
            /* Script and style hold raw text up to their end tag. */
            if (name_len == 6 && strncasecmp(s + name, "script", 6) == 0)
                i = skip_past(s, len, i, "</script", 8);
            else if (name_len == 5 && strncasecmp(s + name, "style", 5) == 0)
                i = skip_past(s, len, i, "</style", 7);
        }
    }
    if (!cut_any)
        return 0;
    buf_put(&b, s + copied, len - copied);
    *out = buf_detach(&b, out_len);
    return *out ? 1 : -1;
}
