#include "sniff.h"

#include <string.h>

#include "errors.h"

size_t sniff_bom(const char *s, size_t n)
{
    return n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;
}

/* Text in UTF-16 has a NUL in every other byte (ASCII characters): many
 * of the first bytes, all at odd offsets (little-endian, returns 1) or all
 * at even ones (big-endian, returns 2). */
static int looks_like_utf16(const char *s, size_t n)
{
    size_t even = 0, odd = 0, k = n < 256 ? n : 256;
    for (size_t i = 0; i < k; i++)
        if (!s[i]) {
            if (i % 2)
                odd++;
            else
                even++;
        }
    if (k < 16 || (even && odd))
        return 0;
    return odd * 5 > k * 2 ? 1 : even * 5 > k * 2 ? 2 : 0;
}

/* UTF-16 without a byte order mark (with one, charset_utf16 converted it),
 * told by its NUL bytes, is refused with the command that converts it:
 * which of the two byte orders it is cannot be told from English alone. */
static decruft_status check_utf16(const char *s, size_t n, const char *nul, decruft_error *err)
{
    int utf16 = nul ? looks_like_utf16(s, n) : 0;
    if (utf16)
        return error_setf(err, DECRUFT_ERR_UNSUPPORTED, 0,
                          "input looks like UTF-16 without a byte order mark; convert it to UTF-8 first "
                          "(iconv -f UTF-16%s -t UTF-8)",
                          utf16 == 1 ? "LE" : "BE");
    return DECRUFT_OK;
}

/* A C0 control byte that no text encoding uses for text: not whitespace,
 * not ESC, SO and SI (the ISO 2022 encodings switch with them). */
static int is_stray_control(unsigned char c)
{
    return c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1B && c != 0x0E &&
           c != 0x0F;
}

decruft_status sniff_check_html(const char *s, size_t n, size_t *nuls, decruft_error *err)
{
    *nuls = 0;
    const char *nul = memchr(s, '\0', n);
    decruft_status st = check_utf16(s, n, nul, err);
    if (st != DECRUFT_OK || !nul)
        return st;
    size_t stray = 0;
    for (size_t i = 0; i < n; i++) {
        stray += is_stray_control((unsigned char)s[i]);
        *nuls += !s[i];
    }
    if (stray > 16 && (double)stray > SNIFF_CONTROL_SHARE * (double)n) {
        error_setf(err, DECRUFT_ERR_BINARY, 0, "input is binary: %zu of %zu bytes are control bytes", stray, n);
        if (err)
            err->offset = (size_t)(nul - s);
        return DECRUFT_ERR_BINARY;
    }
    return DECRUFT_OK;
}

size_t sniff_drop_nul(char *dst, const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i])
            dst[k++] = s[i];
    return k;
}

decruft_status sniff_check(const char *s, size_t n, decruft_error *err)
{
    const char *nul = memchr(s, '\0', n);
    decruft_status st = check_utf16(s, n, nul, err);
    if (st != DECRUFT_OK)
        return st;
    if (nul) {
        error_setf(err, DECRUFT_ERR_BINARY, 0, "input is binary: NUL byte at offset %zu", (size_t)(nul - s));
        if (err)
            err->offset = (size_t)(nul - s);
        return DECRUFT_ERR_BINARY;
    }
    size_t stray = 0;
    for (size_t i = 0; i < n; i++)
        stray += is_stray_control((unsigned char)s[i]);
    if (stray > 16 && (double)stray > SNIFF_CONTROL_SHARE * (double)n)
        return error_setf(err, DECRUFT_ERR_BINARY, 0, "input is binary: %zu of %zu bytes are control bytes", stray, n);
    return DECRUFT_OK;
}

static int starts_with_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != prefix[i])
            return 0;
    }
    return 1;
}

/* A tag name at s: '<' and name, then the end of the name. */
static int opens_tag(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name);
    if (n < k + 2 || s[0] != '<' || !starts_with_ci(s + 1, n - 1, name))
        return 0;
    char c = s[k + 1];
    return c == '>' || c == ' ' || c == '/' || c == '\t' || c == '\n' || c == '\r';
}

decruft_input_type sniff_type(const char *s, size_t n)
{
    static const char *const openers[] = {"<!doctype html", "<!--", "<?xml"};
    /* The elements a page or a fragment of one opens with: the document's
     * own, then the body's, down to inline ones (a scraped fragment may
     * start with a link or a line break).  Plain text seldom opens with
     * one of these followed by '>' or a space; a text dump may open with
     * an image tag its page had in <noscript>, so <img> is not one. */
    static const char *const tags[] = {"html", "head", "body", "meta", "title", "link", "script", "style", "div",
                                       "p", "article", "main", "section", "header", "nav", "footer", "aside",
                                       "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "span",
                                       "a", "br", "hr", "form", "figure", "blockquote", "pre", "noscript"};
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i == n || s[i] != '<')
        return DECRUFT_TYPE_TEXT;
    for (size_t k = 0; k < sizeof openers / sizeof openers[0]; k++)
        if (starts_with_ci(s + i, n - i, openers[k]))
            return DECRUFT_TYPE_HTML;
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++)
        if (opens_tag(s + i, n - i, tags[k]))
            return DECRUFT_TYPE_HTML;
    return DECRUFT_TYPE_TEXT;
}
