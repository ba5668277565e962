/* Normalising metadata values: entities and whitespace, dates to ISO 8601,
 * bylines to names.  Each check errs towards refusing: a field left empty
 * costs less than a wrong one. */
#include "metadata_collect.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static char lower(char c) { return is_upper(c) ? (char)(c | 0x20) : c; }

static void put_code_point(buf *out, unsigned long cp)
{
    char enc[4];
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    buf_put(out, enc, utf8_encode((uint32_t)cp, enc));
}

/* An entity at s ("&amp;", "&#39;", "&#x2019;"): its code point, and its
 * length in *len; 0 when s starts none.  Values that were escaped twice
 * ("AT&amp;amp;T" in an attribute) and JSON-LD strings that carry HTML
 * entities read as their text. */
static unsigned long entity(const char *s, size_t *len)
{
    const char *semi = memchr(s, ';', strnlen(s, 12));
    if (s[0] != '&' || !semi || semi - s < 3)
        return 0;
    *len = (size_t)(semi - s) + 1;
    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';
        char *end;
        unsigned long cp = strtoul(s + 2 + hex, &end, hex ? 16 : 10);
        return end == semi && end > s + 2 + hex ? cp : 0;
    }
    char name[12];
    size_t k = (size_t)(semi - s) - 1;
    memcpy(name, s + 1, k);
    name[k] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    return e ? e->value : 0;
}

void meta_clean(buf *out, const char *s)
{
    out->len = 0;
    int space = 0;
    for (const char *p = s; *p && out->len < META_VALUE_MAX;) {
        size_t n = 0;
        unsigned long cp = *p == '&' && strnlen(p, 12) >= 3 ? entity(p, &n) : 0;
        if (is_space((unsigned char)*p) || cp == 0xA0 || ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)) {
            space = out->len > 0;
            p += n ? n : (unsigned char)*p == 0xC2 ? 2 : 1;
            continue;
        }
        if (space)
            buf_putc(out, ' ');
        space = 0;
        if (cp) {
            put_code_point(out, cp);
            p += n;
        } else {
            /* Control bytes have no business in a field. */
            buf_putc(out, (unsigned char)*p < 0x20 ? ' ' : *p);
            p++;
        }
    }
    /* Cut at a character boundary. */
    if (out->len >= META_VALUE_MAX) {
        while (out->len && ((unsigned char)out->data[out->len - 1] & 0xC0) == 0x80)
            out->len--;
        if (out->len)
            out->len--;
    }
    while (out->len && out->data[out->len - 1] == ' ')
        out->len--;
    if (out->oom)
        out->len = 0;
    if (out->cap)
        out->data[out->len] = '\0';
}

int meta_same(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < alen && is_space((unsigned char)a[i]))
            i++;
        while (j < blen && is_space((unsigned char)b[j]))
            j++;
        if (i == alen || j == blen)
            return i == alen && j == blen;
        if (lower(a[i]) != lower(b[j]))
            return 0;
        i++, j++;
    }
}

/* Reads n digits at s into *v. */
static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        *v = *v * 10 + (s[i] - '0');
    }
    return 0;
}

static int days_in(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : days[m - 1];
}

/* The web's pages: nothing before 1990, nothing far ahead. */
static int plausible(int y, int m, int d) { return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m); }

/* The month a word names (English, full or three letters, "Sept" too),
 * 0 when none; *len gets the word's length. */
static int month_word(const char *s, size_t *len)
{
    size_t k = 0;
    while (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z'))
        k++;
    *len = k;
    if (k < 3)
        return 0;
    static const char *const full[] = {"january", "february", "march",     "april",   "may",      "june",
                                       "july",    "august",   "september", "october", "november", "december"};
    for (int m = 0; m < 12; m++) {
        size_t fl = strlen(full[m]);
        int ok = 1;
        for (size_t i = 0; i < k && ok; i++)
            ok = i < fl && lower(s[i]) == full[m][i];
        if (ok && (k == 3 || k == fl || (m == 8 && k == 4)))
            return m + 1;
    }
    return 0;
}

/* "HH:MM[:SS[.fff]][Z|+HH:MM|+HHMM]" at s: its length, 0 when not. */
static size_t iso_time(const char *s)
{
    int h, mi, sec;
    if (digits(s, 2, &h) || s[2] != ':' || digits(s + 3, 2, &mi) || h > 23 || mi > 59)
        return 0;
    size_t k = 5;
    if (s[k] == ':' && !digits(s + k + 1, 2, &sec) && sec <= 60) {
        k += 3;
        if (s[k] == '.' && is_digit(s[k + 1]))
            for (k++; is_digit(s[k]); k++)
                ;
    }
    if (s[k] == 'Z') {
        k++;
    } else if (s[k] == '+' || s[k] == '-') {
        int zh, zm;
        if (!digits(s + k + 1, 2, &zh) && s[k + 3] == ':' && !digits(s + k + 4, 2, &zm))
            k += 6;
        else if (!digits(s + k + 1, 2, &zh) && !digits(s + k + 3, 2, &zm))
            k += 5;
        else
            return 0;
    }
    return k;
}

/* "N<sep>N<sep>YYYY" at s, each N of one or two digits: 0 and the three
 * numbers, or -1. */
static int numeric_date(const char *s, char sep, int *a, int *b, int *y)
{
    size_t n1 = strspn(s, "0123456789");
    if (n1 < 1 || n1 > 2 || s[n1] != sep)
        return -1;
    const char *p = s + n1 + 1;
    size_t n2 = strspn(p, "0123456789");
    if (n2 < 1 || n2 > 2 || p[n2] != sep || digits(s, (int)n1, a) || digits(p, (int)n2, b) ||
        digits(p + n2 + 1, 4, y) || is_digit(p[n2 + 5]))
        return -1;
    return 0;
}

int meta_date(const char *s, char out[40])
{
    while (is_space((unsigned char)*s))
        s++;
    int y, m, d;
    size_t k0;
    /* 2025-09-04, 2025/09/04, 2025.09.04, with a time after ISO's. */
    if (!digits(s, 4, &y) && (s[4] == '-' || s[4] == '/' || s[4] == '.') && !digits(s + 5, 2, &m) && s[7] == s[4] &&
        !digits(s + 8, 2, &d) && !is_digit(s[10])) {
        if (!plausible(y, m, d))
            return -1;
        snprintf(out, 40, "%04d-%02d-%02d", y, m, d);
        size_t t = s[4] == '-' && (s[10] == 'T' || s[10] == ' ') ? iso_time(s + 11) : 0;
        /* The time only when nothing but spaces follows it. */
        const char *after = s + 11 + t;
        while (t && is_space((unsigned char)*after))
            after++;
        if (t && !*after && t < 28) {
            out[10] = 'T';
            memcpy(out + 11, s + 11, t);
            out[11 + t] = '\0';
        }
        return 0;
    }
    /* 12.09.2025: with dots, the day comes first wherever it is written.
     * 15/12/2025 and 10/31/2024: with slashes, day and month are told
     * apart only when one of them is over 12 (03/04/2025 stays unread). */
    int a, b;
    if (!numeric_date(s, '.', &a, &b, &y) || (!numeric_date(s, '/', &a, &b, &y) && (a > 12) != (b > 12))) {
        d = s[strspn(s, "0123456789")] == '.' || a > 12 ? a : b;
        m = d == a ? b : a;
        if (!plausible(y, m, d))
            return -1;
        snprintf(out, 40, "%04d-%02d-%02d", y, m, d);
        return 0;
    }
    /* "2023 Jan 7", as citation_publication_date writes it. */
    if (!digits(s, 4, &y) && s[4] == ' ' && (m = month_word(s + 5, &k0))) {
        size_t i0 = 5 + k0;
        while (s[i0] == ' ')
            i0++;
        int n = 0;
        while (is_digit(s[i0 + n]) && n < 3)
            n++;
        if ((n == 1 || n == 2) && !digits(s + i0, n, &d) && plausible(y, m, d)) {
            snprintf(out, 40, "%04d-%02d-%02d", y, m, d);
            return 0;
        }
    }
    /* "March 4, 2025", "Mar. 4 2025", "4 March 2025", "4. März" is not
     * English and stays unread. */
    size_t k, i = 0;
    if ((m = month_word(s, &k))) {
        i = k;
        if (s[i] == '.')
            i++;
        while (s[i] == ' ')
            i++;
        int n = 0;
        while (is_digit(s[i + n]) && n < 3)
            n++;
        if (n < 1 || n > 2 || digits(s + i, n, &d))
            return -1;
        i += n;
        if (s[i] == 's' || s[i] == 'n' || s[i] == 'r' || s[i] == 't')
            i += 2; /* 1st, 2nd, 3rd, 4th */
        if (s[i] == ',')
            i++;
        while (s[i] == ' ')
            i++;
    } else {
        int n = 0;
        while (is_digit(s[n]) && n < 3)
            n++;
        if (n < 1 || n > 2 || digits(s, n, &d))
            return -1;
        i = n;
        if (s[i] == '.')
            i++;
        if (s[i] == 's' || s[i] == 'n' || s[i] == 'r' || s[i] == 't')
            i += 2;
        while (s[i] == ' ')
            i++;
        if (!(m = month_word(s + i, &k)))
            return -1;
        i += k;
        if (s[i] == '.' || s[i] == ',')
            i++;
        while (s[i] == ' ')
            i++;
    }
    if (digits(s + i, 4, &y) || is_digit(s[i + 4]) || !plausible(y, m, d))
        return -1;
    snprintf(out, 40, "%04d-%02d-%02d", y, m, d);
    return 0;
}

int meta_find_date(const char *s, char out[40])
{
    for (const char *p = s; *p; p++) {
        int alnum = is_digit(*p) || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
        int starts = p == s || !(is_digit(p[-1]) || ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z'));
        if (alnum && starts && meta_date(p, out) == 0)
            return 0;
    }
    return -1;
}

/* Words that open a byline before the name. */
static const char *const byline_openers[] = {"written by", "authored by", "posted by", "published by", "reviewed by",
                                             "by",         "author",     "authors",   "von",          "par",
                                             "por"};

/* The end of the name in s: a separator ("|", "•", " - ", " on 12...")
 * ends it, as bylines go on with dates and roles. */
static size_t name_end(const char *s, size_t n)
{
    static const char *const stops[] = {" | ", "|", " \xE2\x80\xA2", "\xE2\x80\xA2", " \xC2\xB7", " - ",
                                        " \xE2\x80\x93 ", " \xE2\x80\x94 ", " on ", "\n"};
    size_t end = n;
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        const char *p = strstr(s, stops[i]);
        if (p && (size_t)(p - s) < end)
            end = (size_t)(p - s);
    }
    return end;
}

/* Words that no person's name holds: what a byline element says when it
 * holds no name, or a label around one. */
static int has_non_name_word(const char *s, size_t n)
{
    static const char *const words[] = {"comment", "share",  "follow", "subscribe", "read more", "minute",
                                        "updated", "posted", "view",   "profile",   "http",      "www.",
                                        "@",       "admin",  "login",  "sign in",   "cookie",    "unknown",
                                        "about the author", "more from", "articles", "contact", "reporter",
                                        "writer",  "contributor", "published"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t k = strlen(words[i]);
        for (size_t j = 0; j + k <= n; j++) {
            size_t t = 0;
            while (t < k && lower(s[j + t]) == words[i][t])
                t++;
            if (t == k)
                return 1;
        }
    }
    return 0;
}

/* Lower-case words that names hold ("Ana de la Cruz", "Jane and John"). */
static int is_particle(const char *w, size_t k)
{
    static const char *const particles[] = {"and", "van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "y", "bin", "al"};
    for (size_t i = 0; i < sizeof particles / sizeof particles[0]; i++)
        if (strlen(particles[i]) == k && !strncmp(w, particles[i], k))
            return 1;
    return 0;
}

/* Words a name does not end with: a label cut short ("Insights from"),
 * not a person. */
static int ends_with_function_word(const char *p, size_t n)
{
    static const char *const words[] = {"from", "by", "of", "at", "the", "and", "with", "to", "in", "for", "on"};
    size_t k = n;
    while (k && p[k - 1] != ' ')
        k--;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (n - k == strlen(words[i]) && !strncmp(p + k, words[i], n - k))
            return 1;
    return 0;
}

/* Titles of jobs that bylines give after the name ("Jane Doe, Senior
 * Director"), capitalised as a name's words are. */
static int is_role(const char *w, size_t k)
{
    static const char *const roles[] = {"director", "editor",     "founder",   "co-founder", "ceo",      "manager",
                                        "writer",   "reporter",   "president", "officer",    "chief",    "columnist",
                                        "correspondent", "professor", "analyst", "specialist", "consultant",
                                        "engineer", "designer",   "developer", "producer",   "strategist", "head"};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        size_t n = strlen(roles[i]), t = 0;
        while (t < n && t < k && lower(w[t]) == roles[i][t])
            t++;
        if (t == n && (k == n || (k == n + 1 && w[n] == 's')))
            return 1;
    }
    return 0;
}

/* Where the names in p end: before the first ", " part that reads as a
 * role or an affiliation (a lower-case word: "Jane Doe, extension
 * educator"; or over four words: "Jane Doe, South Carolina Garden-based
 * Learning Network"), as bylines go on with them after the names. */
static size_t names_end(const char *p, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if (p[i] != ',' || p[i + 1] != ' ')
            continue;
        size_t j = i + 2, words = 0;
        int role = 0;
        while (j < n && p[j] != ',') {
            while (j < n && p[j] == ' ')
                j++;
            size_t w = j;
            while (j < n && p[j] != ' ' && p[j] != ',')
                j++;
            if (j == w)
                continue;
            words++;
            role |= (p[w] >= 'a' && p[w] <= 'z' && !is_particle(p + w, j - w)) || is_role(p + w, j - w);
        }
        if (role || words > 4)
            return i;
    }
    return n;
}

int meta_person(buf *out, const char *s, int strict)
{
    meta_clean(out, s);
    const char *p = out->data;
    for (int again = 0; again < 2; again++)
        for (size_t i = 0; i < sizeof byline_openers / sizeof byline_openers[0]; i++) {
            size_t k = strlen(byline_openers[i]), t = 0;
            while (t < k && lower(p[t]) == byline_openers[i][t])
                t++;
            /* A word of its own: "By: Jane", "by Jane", not "Byron". */
            if (t == k && (p[k] == ' ' || p[k] == ':')) {
                p += k;
                while (*p == ' ' || *p == ':')
                    p++;
                break;
            }
        }
    size_t n = name_end(p, strlen(p));
    while (n && (p[n - 1] == ' ' || p[n - 1] == ',' || p[n - 1] == ';'))
        n--;
    if (n > 100 || has_non_name_word(p, n))
        return -1;
    for (size_t i = 0; i < n; i++)
        /* Digits inside a word are a user name's ("lulug30"); a word of
         * digits is a date or a count.  Checked before a role is cut, so
         * that what follows a comma still tells a byline from a price. */
        if ((is_digit(p[i]) && (strict || i == 0 || p[i - 1] == ' ' || p[i - 1] == ',')) || p[i] == '/' ||
            p[i] == '=' || p[i] == '<' || p[i] == '>' || p[i] == '{' || p[i] == '?' || p[i] == '!' || p[i] == '$')
            return -1;
    n = names_end(p, n);
    while (n && p[n - 1] == ' ')
        n--;
    if (ends_with_function_word(p, n))
        return -1;
    /* Labels where a name would go. */
    static const char *const labels[] = {"by", "author", "the author", "username", "anonymous", "guest", "user"};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (meta_same(p, n, labels[i], strlen(labels[i])))
            return -1;
    /* "– Linda" under a quote: a testimonial's signature. */
    if (n < 2 || *p == '-' || *p == '~' || !strncmp(p, "\xE2\x80\x93", 3) || !strncmp(p, "\xE2\x80\x94", 3))
        return -1;
    int words = 1, letters = 0;
    for (size_t i = 0; i < n; i++) {
        letters += ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z') || (unsigned char)p[i] >= 0x80;
        /* "content: Jane", "design: John": labelled credits, not names. */
        if (p[i] == ':')
            return -1;
        if (p[i] == ' ') {
            words++;
            /* Text bylines: each word capitalised, but for the particles
             * of names ("and", "van", "de"). */
            if (strict && i + 1 < n && !is_upper(p[i + 1]) && (unsigned char)p[i + 1] < 0x80) {
                static const char *const particles[] = {"and ", "van ", "von ", "de ", "der ", "da ", "di ", "la ", "le "};
                int ok = 0;
                for (size_t j = 0; j < sizeof particles / sizeof particles[0] && !ok; j++)
                    ok = !strncmp(p + i + 1, particles[j], strlen(particles[j]));
                if (!ok)
                    return -1;
            }
        }
    }
    if (!letters || words > (strict ? 8 : 12) || (strict && !is_upper(p[0]) && (unsigned char)p[0] < 0x80))
        return -1;

    memmove(out->data, p, n);
    out->len = n;
    out->data[n] = '\0';
    return 0;
}
