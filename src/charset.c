#include "charset.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

int charset_is_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        if (cp == UTF8_INVALID)
            return 0;
    }
    return 1;
}

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

void charset_choose(const char *s, size_t n, char *name, size_t size)
{
    static const char *const western[] = {"iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252",
                                          "cp1252", "x-cp1252", "iso8859-1", "iso_8859-1"};
    char decl[40];
    int utf8 = charset_is_utf8(s, n);
    if (declared(s, n, decl, sizeof decl)) {
        int is_western = 0;
        for (size_t i = 0; i < sizeof western / sizeof western[0]; i++)
            is_western |= equals_ci(decl, western[i]);
        /* A page labelled Latin-1 whose bytes are valid UTF-8 with
         * multi-byte sequences is mislabelled UTF-8: the reverse happens by
         * chance only on a few bytes. */
        /* Bytes we could read the declaration from are not UTF-16. */
        if (lower(decl[0]) == 'u' && lower(decl[1]) == 't' && lower(decl[2]) == 'f' && decl[3] == '-' && decl[4] == '1')
            snprintf(decl, sizeof decl, "%s", utf8 ? "utf-8" : "windows-1252");
        if (equals_ci(decl, "utf-8") || equals_ci(decl, "utf8") || (is_western && utf8)) {
            snprintf(name, size, "UTF-8");
        } else if (is_western) {
            snprintf(name, size, "windows-1252");
        } else {
            snprintf(name, size, "%s", decl);
        }
        return;
    }
    snprintf(name, size, "%s", utf8 ? "UTF-8" : "windows-1252");
}
