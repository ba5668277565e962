#include "charset.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "detect.h"
#include "transcode.h"
#include "utf8.h"

/* What the bytes say of themselves as UTF-8: the valid multi-byte
 * sequences, the bytes that are no part of one, and the bytes over 0x7F. */
typedef struct census {
    size_t multi, invalid, high;
} census;

static census utf8_census(const char *s, size_t n)
{
    census c = {0, 0, 0};
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        c.high += k;
        if (cp == UTF8_INVALID)
            c.invalid++;
        else
            c.multi++;
        i += k;
    }
    return c;
}

int charset_is_utf8(const char *s, size_t n) { return utf8_census(s, n).invalid == 0; }

/* UTF-8 with a few stray bytes (a byte of another encoding pasted in, a
 * sequence cut by a truncation) has at least twice as many valid
 * multi-byte sequences as bad bytes.  Text in a legacy encoding has far
 * fewer: a Windows-1252 page's accented letters are followed by ASCII, not
 * by the 0x80-0xBF a sequence needs, and GB2312 or EUC text makes a valid
 * sequence by chance at about one character in ten. */
static int stray_utf8(census c) { return c.multi && c.multi >= 2 * c.invalid; }

/* UTF-8 that outweighs any declaration: eight valid sequences, and at
 * most one bad byte in 16 of them.  Legacy text makes eight sequences in a
 * row by chance about once in 10^8 pages (one in ten characters each), and
 * never that share of them. */
#define CHARSET_UTF8_OUTWEIGHS 8
static int strong_utf8(census c) { return c.multi >= CHARSET_UTF8_OUTWEIGHS && c.multi >= 16 * c.invalid; }

/* A declared legacy encoding is wrong when at least this many bytes, and
 * one in 20 of the bytes over 0x7F, are no character of it: a page in
 * the encoding it declares has none but a stray byte or two. */
#define CHARSET_WRONG_MIN 4
#define CHARSET_WRONG_SHARE 20

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == ':' || c == '.';
}

/* Copies the encoding name at v (after optional '=', spaces and quotes)
 * into name; returns its length. */
static size_t copy_name(const char *v, const char *end, char *name, size_t size)
{
    while (v < end && (*v == ' ' || *v == '='))
        v++;
    while (v < end && (*v == '"' || *v == '\''))
        v++;
    size_t len = 0;
    while (v + len < end && len + 1 < size && is_name_char(v[len]))
        len++;
    memcpy(name, v, len);
    name[len] = '\0';
    return len;
}

/* The value of key inside [p, end), case aside, or 0. */
static int find_key(const char *p, const char *end, const char *key, char *name, size_t size)
{
    size_t k = strlen(key);
    for (; p + k < end; p++) {
        size_t i = 0;
        while (i < k && lower(p[i]) == key[i])
            i++;
        if (i == k && copy_name(p + k, end, name, size))
            return 1;
    }
    return 0;
}

/* The page's own declaration: charset=NAME inside the first <meta ...>
 * tags, or the encoding of an XML declaration (XHTML). */
static int declared(const char *s, size_t n, char *name, size_t size)
{
    if (n > CHARSET_PRESCAN)
        n = CHARSET_PRESCAN;
    if (n > 5 && !memcmp(s, "<?xml", 5)) {
        const char *end = memchr(s, '>', n);
        if (end && find_key(s, end, "encoding", name, size))
            return 1;
    }
    for (size_t i = 0; i + 5 < n; i++) {
        if (s[i] != '<' || lower(s[i + 1]) != 'm' || lower(s[i + 2]) != 'e' || lower(s[i + 3]) != 't' ||
            lower(s[i + 4]) != 'a')
            continue;
        const char *tag = s + i, *end = memchr(tag, '>', n - i);
        if (!end)
            return 0;
        if (find_key(tag, end, "charset", name, size))
            return 1;
        i = (size_t)(end - s);
    }
    return 0;
}

static void note_add(charset_read *r, const char *fmt, ...)
{
    size_t used = strlen(r->note);
    if (used + 3 >= sizeof r->note)
        return;
    if (used)
        memcpy(r->note + used, "; ", 3), used += 2;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->note + used, sizeof r->note - used, fmt, ap);
    va_end(ap);
}

/* Reads s as UTF-8, stray bytes as U+FFFD; no copy when it is valid. */
static int read_utf8(const char *s, size_t n, census c, charset_read *r)
{
    snprintf(r->encoding, sizeof r->encoding, "UTF-8");
    if (!c.invalid)
        return 0;
    buf b = BUF_INIT;
    buf_put_utf8(&b, s, n);
    r->utf8 = buf_detach(&b, &r->len);
    note_add(r, "%zu byte%s that %s not UTF-8 replaced by U+FFFD", c.invalid, c.invalid == 1 ? "" : "s",
             c.invalid == 1 ? "is" : "are");
    return r->utf8 ? 0 : -1;
}

/* Reads s in encoding name into r, *replaced counting the bytes that are
 * no character of it, unless that is too many for a declaration to be
 * right (wrong_ok 0): then returns 1 and leaves r as it was. */
static int read_legacy(const char *s, size_t n, census c, const char *name, int wrong_ok, charset_read *r,
                       size_t *replaced)
{
    buf b = BUF_INIT;
    *replaced = 0;
    int st = transcode(name, s, n, &b, replaced);
    if (b.oom || st != 0 || (!wrong_ok && *replaced >= CHARSET_WRONG_MIN && *replaced * CHARSET_WRONG_SHARE > c.high)) {
        int oom = b.oom;
        buf_free(&b);
        return oom ? -1 : 1;
    }
    r->utf8 = buf_detach(&b, &r->len);
    if (!r->utf8)
        return -1;
    snprintf(r->encoding, sizeof r->encoding, "%s", name);
    return 0;
}

static void note_replaced(charset_read *r, size_t replaced)
{
    if (replaced)
        note_add(r, "%zu byte%s that %s no %s character replaced by U+FFFD", replaced, replaced == 1 ? "" : "s",
                 replaced == 1 ? "is" : "are", r->encoding);
}

/* 7-bit text that switches to a double-byte set with ISO 2022 escapes
 * (ESC $ B and ESC $ @ in ISO-2022-JP, Japanese mail and old pages; ESC $ ) C
 * in ISO-2022-KR): valid UTF-8 as bytes, mojibake as text.  The detector
 * knows these. */
static int iso2022(const char *s, size_t n, census c)
{
    if (c.high)
        return 0;
    for (const char *p = s, *end = s + n; (p = memchr(p, 0x1B, (size_t)(end - p))) && end - p >= 3; p++)
        if (p[1] == '$' && (p[2] == 'B' || p[2] == '@' || p[2] == ')' || p[2] == '('))
            return 1;
    return 0;
}

/* Tries one declaration: 0 when the bytes were read by it (or as the
 * UTF-8 they are), 1 when it does not fit them, -1 when out of memory. */
static int try_label(const char *s, size_t n, census c, const char *label, const char *whose, charset_read *r)
{
    char name[TRANSCODE_NAME];
    if (!transcode_name(label, name, sizeof name)) {
        note_add(r, "%s '%s', an encoding iconv does not know", whose, label);
        return 1;
    }
    if (!strcmp(name, "UTF-8")) {
        if (!c.invalid || stray_utf8(c))
            return read_utf8(s, n, c, r);
        note_add(r, "%s UTF-8 but the bytes are not", whose);
        return 1;
    }
    /* A Western label on UTF-8 is the usual mislabelling (a CMS's
     * default); another label yields only to UTF-8 too plentiful to be
     * chance. */
    if (strong_utf8(c) || (!strcmp(name, "CP1252") && !c.invalid && c.multi)) {
        note_add(r, "%s %s but the bytes are UTF-8: read as UTF-8", whose, label);
        return read_utf8(s, n, c, r);
    }
    size_t replaced;
    int st = read_legacy(s, n, c, name, 0, r, &replaced);
    if (st == 1)
        note_add(r, "%s %s but the bytes are not", whose, label);
    else if (st == 0)
        note_replaced(r, replaced);
    return st;
}

int charset_utf16(const char *s, size_t n, char **out, size_t *out_len, size_t *replaced)
{
    *out = NULL;
    *replaced = 0;
    int le = n >= 2 && !memcmp(s, "\xFF\xFE", 2), be = n >= 2 && !memcmp(s, "\xFE\xFF", 2);
    if (!le && !be)
        return 0;
    buf b = BUF_INIT;
    if (transcode(le ? "UTF-16LE" : "UTF-16BE", s + 2, n - 2, &b, replaced) != 0 || b.oom) {
        buf_free(&b);
        return -1;
    }
    *out = buf_detach(&b, out_len);
    return *out ? 1 : -1;
}

int charset_to_utf8(const char *s, size_t n, const char *transport, int html, charset_read *r)
{
    memset(r, 0, sizeof *r);
    census c = utf8_census(s, n);
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) /* a byte order mark settles it */
        return read_utf8(s, n, c, r);
    int st;
    char meta[TRANSCODE_NAME];
    if (transport && transport[0] && (st = try_label(s, n, c, transport, "the transport says", r)) <= 0)
        return st;
    if (html && declared(s, n, meta, sizeof meta) && (st = try_label(s, n, c, meta, "the page declares", r)) <= 0)
        return st;
    if ((!c.invalid && !iso2022(s, n, c)) || stray_utf8(c))
        return read_utf8(s, n, c, r);
    /* Neither declared nor UTF-8: guessed. */
    char guess[TRANSCODE_NAME], name[TRANSCODE_NAME];
    int found = detect_encoding(s, n, guess, sizeof guess);
    if (found < 0)
        return -1;
    size_t replaced = 0;
    int known = found ? transcode_name(guess, name, sizeof name) : 0;
    if (known && (st = read_legacy(s, n, c, name, 1, r, &replaced)) <= 0) {
        if (st == 0) {
            note_add(r, "%sa detector guessed %s", r->note[0] ? "" : "no charset declared: ", guess);
            if (known == 2)
                note_add(r, "read as its superset %s", name);
            note_replaced(r, replaced);
        }
        return st;
    }
    /* Windows-1252 reads every byte (but five, which become U+FFFD). */
    if ((st = read_legacy(s, n, c, "CP1252", 1, r, &replaced)) == 0) {
        note_add(r, "%sno encoding detected: read as windows-1252", r->note[0] ? "" : "no charset declared: ");
        note_replaced(r, replaced);
    }
    return st < 0 ? -1 : 0;
}
