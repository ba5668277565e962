/* The page's metadata as YAML front matter, the block that static site
 * generators (Jekyll, Hugo), pandoc and Markdown-to-corpus tools read
 * before a Markdown body:
 *
 *     ---
 *     title: "Council: \"No\" to the bypass"
 *     tags:
 *       - "roads"
 *     ---
 *
 * Every value is a double-quoted string, whatever it holds.  Plain YAML
 * scalars are typed by their look: `no`, `on` and `~` read as booleans and
 * null, `2024-03-05` as a date but `2024-03-05T08:30` (no seconds) as a
 * string, `1e3` as a number, and a value opening with `-`, `*`, `&`, `!`,
 * `[`, `{`, `|`, `>`, `%`, `@` or a backquote, or holding ": " or " #",
 * is markup or an error.  Quoting all of them gives every loader (YAML 1.1
 * and 1.2) the strings -f json gives, with one rule instead of a list of
 * exceptions to get wrong. */
#include "writer.h"

#include <stdint.h>
#include <string.h>

#include "metadata.h"
#include "utf8.h"

/* s as the body of a YAML double-quoted scalar, on one line.  Escaped:
 * the quote and the backslash; every character YAML does not allow in a
 * stream (C0 and C1 controls, DEL, U+FFFE, U+FFFF) and those it reads as
 * a line break inside a quoted scalar, where they would fold to a space
 * (line feed, carriage return, U+0085, U+2028, U+2029); U+FEFF, which a
 * reader may take for a byte order mark.  Other characters pass as UTF-8;
 * bytes that are no part of valid UTF-8 become U+FFFD. */
static void put_yaml_string(buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s), i = 0;
    buf_putc(out, '"');
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        size_t step = c < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
        char esc[8] = "";
        if (cp == '"' || cp == '\\') {
            esc[0] = '\\';
            esc[1] = (char)cp;
        } else if (cp == '\n') {
            memcpy(esc, "\\n", 3);
        } else if (cp == '\r') {
            memcpy(esc, "\\r", 3);
        } else if (cp == '\t') {
            memcpy(esc, "\\t", 3);
        } else if (cp == 0x85) {
            memcpy(esc, "\\N", 3);
        } else if (cp == 0x2028) {
            memcpy(esc, "\\L", 3);
        } else if (cp == 0x2029) {
            memcpy(esc, "\\P", 3);
        } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            memcpy(esc, "\\x", 2);
            esc[2] = hex[cp >> 4];
            esc[3] = hex[cp & 15];
        } else if (cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF) {
            memcpy(esc, "\\u", 2);
            for (int k = 0; k < 4; k++)
                esc[2 + k] = hex[(cp >> (12 - 4 * k)) & 15];
        } else if (cp == UTF8_INVALID) {
            memcpy(esc, "\xEF\xBF\xBD", 4);
        }
        if (esc[0])
            buf_puts(out, esc);
        else
            buf_put(out, s + i, step);
        i += step;
    }
    buf_putc(out, '"');
}

/* key: "value", or for a list (one item a line) a block sequence. */
static void put_field(buf *out, const char *key, const char *value, int list)
{
    buf_puts(out, key);
    buf_putc(out, ':');
    if (!list) {
        buf_putc(out, ' ');
        put_yaml_string(out, value);
        buf_putc(out, '\n');
        return;
    }
    buf_putc(out, '\n');
    buf item = BUF_INIT;
    for (const char *p = value; *p;) {
        size_t k = strcspn(p, "\n");
        item.len = 0;
        buf_put(&item, p, k);
        buf_putc(&item, '\0');
        buf_puts(out, "  - ");
        put_yaml_string(out, item.data);
        buf_putc(out, '\n');
        p += k + (p[k] == '\n');
    }
    if (item.oom)
        out->oom = 1;
    buf_free(&item);
}

void writer_front_matter(const doc *d, buf *out)
{
    buf fields = BUF_INIT;
    /* The fields of -f json, in its order. */
    const char *fixed[][2] = {{"lang", d->lang[0] ? d->lang : NULL},
                              {"title", doc_headline(d)},
                              {"page_type", d->page_type}};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (fixed[i][1] && fixed[i][1][0])
            put_field(&fields, fixed[i][0], fixed[i][1], 0);
    for (int f = DECRUFT_META_AUTHOR; d->meta && f < DECRUFT_META_COUNT; f++) {
        const char *v = d->meta->value[f];
        if (v && v[0])
            put_field(&fields, decruft_meta_name((decruft_meta_field)f), v,
                      f == DECRUFT_META_TAGS || f == DECRUFT_META_CATEGORIES);
    }
    /* Nothing known: no block at all, rather than an empty one. */
    if (fields.len) {
        buf_puts(out, "---\n");
        buf_put(out, fields.data, fields.len);
        buf_puts(out, "---\n");
    }
    if (fields.oom)
        out->oom = 1;
    buf_free(&fields);
}
