#include "charset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

/* Counts the valid multi-byte sequences of s and its bytes that are no
 * part of a valid sequence. */
static void utf8_census(const char *s, size_t n, size_t *multi, size_t *invalid)
{
    *multi = *invalid = 0;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        if (cp == UTF8_INVALID)
            ++*invalid;
        else
            ++*multi;
    }
}

int charset_is_utf8(const char *s, size_t n)
{
    size_t multi, invalid;
    utf8_census(s, n, &multi, &invalid);
    return !invalid;
}

/* UTF-8 with a few stray bytes (a byte of another encoding pasted in, a
 * sequence cut by a truncation) has at least twice as many valid
 * multi-byte sequences as bad bytes.  A page in Windows-1252 has next to
 * none: its accented letters are followed by ASCII, not by the symbols of
 * 0x80-0xBF a valid sequence needs. */
static int mostly_utf8(size_t multi, size_t invalid) { return multi >= 2 * invalid; }

/* Valid multi-byte sequences, and no invalid byte, that outweigh any other
 * declared encoding.  Text in the legacy encodings makes a valid sequence
 * by chance at about one character in ten (GB2312 and EUC: a lead byte
 * C2-DF and a trail A1-BF; Windows-1251 less), so eight in a row without
 * one invalid byte happen by chance about once in 10^8 pages. */
#define CHARSET_UTF8_OUTWEIGHS 8

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static int equals_ci(const char *a, const char *b)
{
    while (*a && *b && lower(*a) == lower(*b))
        a++, b++;
    return !*a && !*b;
}

/* Finds charset=NAME inside the first <meta ...> tags. */
static int declared(const char *s, size_t n, char *name, size_t size)
{
    if (n > CHARSET_PRESCAN)
        n = CHARSET_PRESCAN;
    for (size_t i = 0; i + 5 < n; i++) {
        if (s[i] != '<' || lower(s[i + 1]) != 'm' || lower(s[i + 2]) != 'e' || lower(s[i + 3]) != 't' ||
            lower(s[i + 4]) != 'a')
            continue;
        const char *tag = s + i, *end = memchr(tag, '>', n - i);
        if (!end)
            return 0;
        for (const char *p = tag; p + 8 < end; p++) {
            static const char key[] = "charset";
            size_t k = 0;
            while (k < 7 && lower(p[k]) == key[k])
                k++;
            if (k < 7)
                continue;
            const char *v = p + 7;
            while (v < end && (*v == ' ' || *v == '='))
                v++;
            while (v < end && (*v == '"' || *v == '\''))
                v++;
            size_t len = 0;
            while (v + len < end && len + 1 < size &&
                   ((v[len] >= 'a' && v[len] <= 'z') || (v[len] >= 'A' && v[len] <= 'Z') ||
                    (v[len] >= '0' && v[len] <= '9') || v[len] == '-' || v[len] == '_' || v[len] == ':' ||
                    v[len] == '.'))
                len++;
            if (!len)
                continue;
            memcpy(name, v, len);
            name[len] = '\0';
            return 1;
        }
        i = (size_t)(end - s);
    }
    return 0;
}

typedef enum chosen { CHOSEN_UTF8, CHOSEN_CP1252, CHOSEN_DECLARED } chosen;

/* The choice, with the census it was made from. */
static chosen choose(const char *s, size_t n, char *name, size_t size, size_t *invalid)
{
    static const char *const western[] = {"iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252",
                                          "cp1252", "x-cp1252", "iso8859-1", "iso_8859-1"};
    char decl[40];
    size_t multi;
    utf8_census(s, n, &multi, invalid);
    int utf8 = mostly_utf8(multi, *invalid);
    chosen c = utf8 ? CHOSEN_UTF8 : CHOSEN_CP1252;
    if (declared(s, n, decl, sizeof decl)) {
        int is_western = 0;
        for (size_t i = 0; i < sizeof western / sizeof western[0]; i++)
            is_western |= equals_ci(decl, western[i]);
        /* Bytes we could read the declaration from are not UTF-16. */
        int is_utf = equals_ci(decl, "utf-8") || equals_ci(decl, "utf8") ||
                     (lower(decl[0]) == 'u' && lower(decl[1]) == 't' && lower(decl[2]) == 'f' && decl[3] == '-' &&
                      decl[4] == '1');
        /* A page labelled Latin-1 whose bytes are UTF-8 with multi-byte
         * sequences is mislabelled UTF-8: the reverse happens by chance
         * only on a few bytes; so is one labelled in another encoding
         * whose bytes are UTF-8 throughout.  A page labelled UTF-8 whose
         * bytes are not is in the Western code page its CMS wrote. */
        if (!is_utf && !is_western && (*invalid || multi < CHARSET_UTF8_OUTWEIGHS))
            c = CHOSEN_DECLARED;
    }
    snprintf(name, size, "%s", c == CHOSEN_UTF8 ? "UTF-8" : c == CHOSEN_CP1252 ? "windows-1252" : decl);
    return c;
}

void charset_choose(const char *s, size_t n, char *name, size_t size)
{
    size_t invalid;
    choose(s, n, name, size, &invalid);
}

/* Windows-1252's 0x80-0x9F (the rest is Latin-1).  The five bytes it
 * leaves undefined, at which iconv stops converting the page, are U+FFFD. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

static int cp1252_undefined(unsigned char b) { return b >= 0x80 && b < 0xA0 && cp1252_high[b - 0x80] == 0xFFFD; }

int charset_prepare(const char *s, size_t n, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    char name[40];
    size_t invalid, undefined = 0;
    chosen c = choose(s, n, name, sizeof name, &invalid);
    if (c == CHOSEN_CP1252)
        for (size_t i = 0; i < n; i++)
            undefined += cp1252_undefined((unsigned char)s[i]);
    if ((c == CHOSEN_UTF8 && !invalid) || (c == CHOSEN_CP1252 && !undefined) || c == CHOSEN_DECLARED)
        return 0;
    buf b = BUF_INIT;
    if (c == CHOSEN_UTF8) {
        buf_put_utf8(&b, s, n);
    } else {
        for (size_t i = 0; i < n; i++) {
            unsigned char byte = (unsigned char)s[i];
            char u[4];
            buf_put(&b, u, utf8_encode(byte < 0x80 || byte >= 0xA0 ? byte : cp1252_high[byte - 0x80], u));
        }
    }
    *out = buf_detach(&b, out_len);
    return *out ? 0 : -1;
}
