#include "prefilter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "rules.h"
#include "utf8.h"

/* Sets of strings derived from a pattern stay small: past these sizes a
 * set is given up (a cross product, a long phrase) and the weaker
 * requirement around it is kept, so loading stays fast and the tables
 * small.  The built-in rules need at most 729 strings in a set (a class of
 * 9 characters repeated 3 times). */
#define SET_MAX 1024
#define STR_MAX 255
/* Repetitions {m,M} are expanded into exact sets up to this M. */
#define REPEAT_EXPAND_MAX 8
/* Character classes with more members than this match "anything". */
#define CLASS_MAX 64

typedef struct str {
    const char *p;
    size_t n;
} str;

/* NULL as a set pointer means "no constraint" (unknown, unbounded). */
typedef struct sset {
    str *v;
    size_t n;
} sset;

/* What the matches of a piece of pattern are known to be: exactly one of
 * a finite set of strings; starting with one of a set; ending with one of
 * a set; containing one of a set. */
typedef struct info {
    sset *exact, *pfx, *sfx, *req;
} info;

typedef struct parser {
    const char *s, *end;
    arena *mem;
    int fail;     /* a construct this parser does not know: the rule always runs */
    int nonlocal; /* a construct whose meaning depends on the other rules */
    int oom;
} parser;

enum { T_PREFIX = 1, T_EXACT = 2 };

/* A block with more candidate rules than this runs the combined pattern:
 * one match of it costs about what this many of single rules do. */
#define PICK_MAX 6

typedef struct trie_node {
    uint32_t child, sib, term;
    unsigned char byte;
} trie_node;

typedef struct term {
    uint32_t rule, next;
    unsigned char kind;
} term;

typedef struct trie {
    trie_node *v;
    size_t n, cap;
    uint32_t root[256];
} trie;

struct prefilter {
    size_t n_rules;
    pcre2_code **single; /* each rule alone, wrapped; NULL when it cannot run alone */
    size_t n_always, always[PICK_MAX];
    trie anchored, substr; /* whole-block and leading phrases; substrings */
    /* The first two bytes of the substrings, and the one-byte ones: most
     * positions of a block start none, and are passed without a walk. */
    uint64_t pairs[65536 / 64];
    unsigned char one_byte[256];
    term *terms;
    size_t n_terms, cap_terms;
    /* Caseless folding: every character caseless-equal to another maps
     * to the smallest of its class; others map to themselves. */
    uint32_t ascii[128];
    uint16_t *page;      /* code point >> 8 -> 1 + index into pages, 0: identity */
    uint32_t (*pages)[256];
    size_t n_pages;
    pcre2_code *strip; /* \A[\W_]: what the combined pattern's ends skip */
};

/* ---- sets ---- */

static sset *set_new(parser *p, size_t n)
{
    sset *s = arena_alloc(p->mem, 1, sizeof *s);
    if (s) {
        s->n = 0;
        s->v = n ? arena_alloc(p->mem, n, sizeof *s->v) : NULL;
        if (n && !s->v)
            s = NULL;
    }
    if (!s)
        p->oom = 1;
    return s;
}

static sset *set_one(parser *p, const char *bytes, size_t n)
{
    sset *s = set_new(p, 1);
    if (s) {
        s->v[0].p = bytes;
        s->v[0].n = n;
        s->n = 1;
    }
    return s;
}

static int has_empty(const sset *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!s->v[i].n)
            return 1;
    return 0;
}

/* A set that constrains: known, and without the empty string. */
static sset *constraining(sset *s) { return s && s->n && !has_empty(s) ? s : NULL; }

static size_t min_len(const sset *s)
{
    size_t m = (size_t)-1;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].n < m)
            m = s->v[i].n;
    return m;
}

/* The stronger of two requirements: the longer shortest string, then the
 * fewer strings. */
static sset *better(sset *a, sset *b)
{
    a = constraining(a);
    b = constraining(b);
    if (!a || !b)
        return a ? a : b;
    size_t ma = min_len(a), mb = min_len(b);
    if (ma != mb)
        return ma > mb ? a : b;
    return a->n <= b->n ? a : b;
}

/* Cuts n back to a character boundary at most STR_MAX bytes long. */
static size_t cut(const char *s, size_t n)
{
    if (n <= STR_MAX)
        return n;
    n = STR_MAX;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Every a followed by every b.  exact: NULL when too many or too long;
 * otherwise long strings are cut (a prefix of a prefix or of a substring
 * is one still). */
static sset *set_cross(parser *p, const sset *a, const sset *b, int exact)
{
    if (!a || !b || (b->n && a->n > SET_MAX / b->n))
        return NULL;
    sset *r = set_new(p, a->n * b->n);
    if (!r)
        return NULL;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            size_t n = a->v[i].n + b->v[j].n;
            if (exact && n > STR_MAX)
                return NULL;
            char *q = arena_alloc(p->mem, n + 1, 1);
            if (!q) {
                p->oom = 1;
                return NULL;
            }
            memcpy(q, a->v[i].p, a->v[i].n);
            memcpy(q + a->v[i].n, b->v[j].p, b->v[j].n);
            r->v[r->n].p = q;
            r->v[r->n++].n = exact ? n : cut(q, n);
        }
    return r;
}

static sset *set_union(parser *p, const sset *a, const sset *b)
{
    if (!a || !b || a->n + b->n > SET_MAX)
        return NULL;
    sset *r = set_new(p, a->n + b->n);
    if (r) {
        if (a->n)
            memcpy(r->v, a->v, a->n * sizeof *a->v);
        if (b->n)
            memcpy(r->v + a->n, b->v, b->n * sizeof *b->v);
        r->n = a->n + b->n;
    }
    return r;
}

/* ---- what a concatenation, an alternation, a repetition match ---- */

static sset *info_pfx(const info *x) { return x->exact ? constraining(x->exact) : x->pfx; }
static sset *info_sfx(const info *x) { return x->exact ? constraining(x->exact) : x->sfx; }
static sset *info_req(const info *x) { return better(x->exact, x->req); }

static info concat(parser *p, info a, info b)
{
    info r = {0, 0, 0, 0};
    if (a.exact && b.exact)
        r.exact = set_cross(p, a.exact, b.exact, 1);
    /* Two known pieces without the empty string, crossed whole: the
     * prefixes, suffixes and strings across are that same set, which the
     * crossings below would build three more times. */
    if (r.exact && constraining(a.exact) && constraining(b.exact)) {
        r.pfx = r.sfx = r.exact;
        r.req = better(better(info_req(&a), info_req(&b)), r.exact);
        return r;
    }
    if (a.exact) {
        sset *pb = info_pfx(&b);
        r.pfx = pb ? constraining(set_cross(p, a.exact, pb, 0)) : NULL;
        if (!r.pfx)
            r.pfx = constraining(a.exact);
    } else {
        r.pfx = a.pfx;
    }
    if (b.exact) {
        /* Exact: a suffix is not cut, it would lose its end. */
        sset *sa = info_sfx(&a);
        r.sfx = sa ? constraining(set_cross(p, sa, b.exact, 1)) : NULL;
        if (!r.sfx)
            r.sfx = constraining(b.exact);
    } else {
        r.sfx = b.sfx;
    }
    sset *sa = info_sfx(&a), *pb = info_pfx(&b);
    sset *across = sa && pb ? set_cross(p, sa, pb, 0) : NULL;
    r.req = better(better(better(info_req(&a), info_req(&b)), better(r.pfx, r.sfx)), across);
    return r;
}

/* x{m,max}, max < 0 for no bound. */
static info repeat(parser *p, info x, long m, long max)
{
    info r = {0, 0, 0, 0};
    if (x.exact && max >= 0 && max <= REPEAT_EXPAND_MAX) {
        sset *power = set_one(p, "", 0), *all = m == 0 ? set_one(p, "", 0) : set_new(p, 0);
        for (long k = 1; k <= max && power && all; k++) {
            power = set_cross(p, power, x.exact, 1);
            if (k >= m)
                all = set_union(p, all, power);
        }
        r.exact = power ? all : NULL;
    }
    if (m == 0)
        return r;
    sset *once = info_pfx(&x), *last = info_sfx(&x), *req = info_req(&x);
    if (x.exact && constraining(x.exact)) {
        /* m copies in a row, as far as the set stays small. */
        sset *run = x.exact;
        for (long k = 1; k < m && run; k++) {
            sset *next = set_cross(p, run, x.exact, 0);
            if (!next)
                break;
            run = next;
        }
        once = last = req = run;
    }
    r.pfx = once;
    r.sfx = last;
    r.req = better(r.exact, req);
    return r;
}

/* ---- the pattern parser ---- */

static info any(void) { return (info){0, 0, 0, 0}; }

static info empty(parser *p)
{
    info r = {set_one(p, "", 0), 0, 0, 0};
    return r;
}

static info literal(parser *p, uint32_t cp)
{
    char *q = arena_alloc(p->mem, 4, 1);
    if (!q) {
        p->oom = 1;
        return any();
    }
    info r = {set_one(p, q, utf8_encode(cp, q)), 0, 0, 0};
    return r;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alnum(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? 1 : is_digit((char)c); }

/* \xhh or \x{h...} after the \x; returns the code point or UTF8_INVALID. */
static uint32_t parse_hex(parser *p)
{
    uint32_t v = 0;
    int digits = 0, braced = p->s < p->end && *p->s == '{';
    if (braced)
        p->s++;
    while (p->s < p->end && (braced || digits < 2)) {
        char c = *p->s;
        int d = is_digit(c) ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        if (d < 0 || v > 0x10FFFF)
            break;
        v = v * 16 + (uint32_t)d;
        digits++;
        p->s++;
    }
    if (braced) {
        if (p->s >= p->end || *p->s != '}')
            return UTF8_INVALID;
        p->s++;
    }
    if (!digits || !v || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return UTF8_INVALID;
    return v;
}

/* One character of the pattern (not an escape). */
static uint32_t next_char(parser *p)
{
    uint32_t cp;
    p->s += utf8_decode(p->s, (size_t)(p->end - p->s), &cp);
    return cp;
}

/* An escape outside or inside a class (after the backslash): sets *cp to
 * a literal character, or returns 1 for a class of many characters, 2 for
 * a zero-width assertion, -1 for what this parser does not take. */
static int parse_escape(parser *p, uint32_t *cp, int in_class)
{
    if (p->s >= p->end)
        return -1;
    char c = *p->s++;
    switch (c) {
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W': case 'h': case 'H': case 'v': case 'V':
    case 'R': case 'X':
        return 1;
    case 'N':
        return p->s < p->end && *p->s == '{' ? -1 : 1;
    case 'p': case 'P':
        if (p->s < p->end && *p->s == '{') {
            const char *close = memchr(p->s, '}', (size_t)(p->end - p->s));
            if (!close)
                return -1;
            p->s = close + 1;
        } else if (p->s < p->end) {
            p->s++;
        }
        return 1;
    case 'b':
        if (in_class) {
            *cp = 8;
            return 0;
        }
        return 2;
    case 'B': case 'A': case 'z': case 'Z':
        return in_class ? -1 : 2;
    case 'k':
        if (!in_class && p->s < p->end && (*p->s == '<' || *p->s == '\'' || *p->s == '{')) {
            /* A named back reference: matches what its group did. */
            char close = *p->s == '<' ? '>' : *p->s == '{' ? '}' : '\'';
            const char *q = memchr(p->s, close, (size_t)(p->end - p->s));
            if (!q)
                return -1;
            p->s = q + 1;
            return 1;
        }
        return -1;
    case 'n': *cp = '\n'; return 0;
    case 't': *cp = '\t'; return 0;
    case 'r': *cp = '\r'; return 0;
    case 'f': *cp = '\f'; return 0;
    case 'e': *cp = 27; return 0;
    case 'a': *cp = 7; return 0;
    case 'x':
        *cp = parse_hex(p);
        return *cp == UTF8_INVALID ? -1 : 0;
    default:
        if (is_alnum((unsigned char)c) || (unsigned char)c >= 0x80)
            return -1; /* \1, \g, \k, \K, \G, \Q, \c, \o...: not taken */
        *cp = (unsigned char)c;
        return 0;
    }
}

static info parse_class(parser *p)
{
    uint32_t members[CLASS_MAX];
    size_t n = 0;
    int many = 0;
    if (p->s < p->end && *p->s == '^') {
        p->s++;
        many = 1;
    }
    /* A class opening with [: ... :] is an error PCRE2 gave at load time;
     * one inside a class, [[:digit:]], is not taken below. */
    for (int first = 1; p->s < p->end && (first || *p->s != ']'); first = 0) {
        uint32_t lo;
        if (*p->s == '[') {
            p->fail = 1; /* [:alpha:] and the like */
            return any();
        }
        if (*p->s == '\\') {
            p->s++;
            int e = parse_escape(p, &lo, 1);
            if (e < 0) {
                p->fail = 1;
                return any();
            }
            if (e == 1) {
                many = 1;
                continue;
            }
        } else {
            lo = next_char(p);
        }
        uint32_t hi = lo;
        if (p->s + 1 < p->end && *p->s == '-' && p->s[1] != ']') {
            p->s++;
            if (*p->s == '\\') {
                p->s++;
                if (parse_escape(p, &hi, 1) != 0) {
                    p->fail = 1;
                    return any();
                }
            } else {
                hi = next_char(p);
            }
        }
        if (lo == UTF8_INVALID || hi == UTF8_INVALID || hi < lo) {
            p->fail = 1;
            return any();
        }
        for (uint32_t c = lo; c <= hi && !many; c++) {
            if (n == CLASS_MAX)
                many = 1;
            else
                members[n++] = c;
        }
    }
    if (p->s >= p->end) {
        p->fail = 1;
        return any();
    }
    p->s++; /* ] */
    if (many)
        return any();
    info r = {set_new(p, n), 0, 0, 0};
    for (size_t i = 0; i < n && r.exact; i++) {
        char *q = arena_alloc(p->mem, 4, 1);
        if (!q) {
            p->oom = 1;
            return any();
        }
        r.exact->v[i].p = q;
        r.exact->v[i].n = utf8_encode(members[i], q);
        r.exact->n++;
    }
    return r;
}

static info parse_alt(parser *p);

/* After "(": a group, a lookaround, a named reference. */
static info parse_group(parser *p)
{
    int look = 0; /* 1: positive lookaround, -1: negative */
    if (p->s < p->end && *p->s == '*') {
        p->nonlocal = 1; /* (*VERB): changes what other alternatives may do */
        return any();
    }
    if (p->s < p->end && *p->s == '?') {
        p->s++;
        if (p->s >= p->end) {
            p->fail = 1;
            return any();
        }
        char c = *p->s;
        if (c == ':' || c == '>' || c == '|') {
            p->s++;
        } else if (c == '=' || c == '!') {
            look = c == '=' ? 1 : -1;
            p->s++;
        } else if (c == '<' && p->s + 1 < p->end && (p->s[1] == '=' || p->s[1] == '!')) {
            look = p->s[1] == '=' ? 1 : -1;
            p->s += 2;
        } else if (c == '<' || c == '\'' || (c == 'P' && p->s + 1 < p->end && p->s[1] == '<')) {
            char close = c == '\'' ? '\'' : '>';
            const char *q = memchr(p->s, close, (size_t)(p->end - p->s));
            if (!q) {
                p->fail = 1;
                return any();
            }
            p->s = q + 1;
        } else if (c == '&' || (c == 'P' && p->s + 1 < p->end && (p->s[1] == '>' || p->s[1] == '='))) {
            /* A call of a named group of the same rule, or a named back
             * reference: matches something. */
            const char *q = memchr(p->s, ')', (size_t)(p->end - p->s));
            if (!q) {
                p->fail = 1;
                return any();
            }
            p->s = q + 1;
            return any();
        } else {
            /* (?R), (?1), (?C...), option settings (?x)...: not taken. */
            if (c == 'R' || is_digit(c) || c == '+' || c == '-' || c == 'C')
                p->nonlocal = 1;
            p->fail = 1;
            return any();
        }
    }
    info in = parse_alt(p);
    if (p->s >= p->end || *p->s != ')') {
        p->fail = 1;
        return any();
    }
    p->s++;
    if (look) {
        /* Zero width; a positive one's text is in the block all the same. */
        info r = empty(p);
        r.req = look > 0 ? info_req(&in) : NULL;
        return r;
    }
    return in;
}

static info parse_atom(parser *p)
{
    char c = *p->s;
    uint32_t cp;
    switch (c) {
    case '(':
        p->s++;
        return parse_group(p);
    case '[':
        p->s++;
        return parse_class(p);
    case '.':
        p->s++;
        return any();
    case '^':
    case '$':
        p->s++;
        return empty(p);
    case '\\': {
        p->s++;
        int e = parse_escape(p, &cp, 0);
        if (e < 0) {
            const char *q = p->s - 1;
            if (q < p->end && (is_digit(*q) || *q == 'g' || *q == 'K' || *q == 'G'))
                p->nonlocal = 1; /* group numbers, \K and \G mean other things combined */
            p->fail = 1;
            return any();
        }
        return e == 1 ? any() : e == 2 ? empty(p) : literal(p, cp);
    }
    case '*': case '+': case '?': case '{':
        p->fail = 1;
        p->s++;
        return any();
    default:
        cp = next_char(p);
        if (cp == UTF8_INVALID) {
            p->fail = 1;
            return any();
        }
        return literal(p, cp);
    }
}

static long parse_number(parser *p)
{
    long v = 0;
    int digits = 0;
    while (p->s < p->end && is_digit(*p->s) && v < 100000) {
        v = v * 10 + (*p->s++ - '0');
        digits++;
    }
    return digits ? v : -1;
}

static info parse_repeat(parser *p)
{
    info x = parse_atom(p);
    if (p->s >= p->end)
        return x;
    long m, max;
    char c = *p->s;
    if (c == '?' || c == '*' || c == '+') {
        p->s++;
        m = c == '+';
        max = c == '?' ? 1 : -1;
    } else if (c == '{') {
        p->s++;
        m = parse_number(p);
        max = m;
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            max = p->s < p->end && *p->s == '}' ? -1 : parse_number(p);
            if (max == -1 && (p->s >= p->end || *p->s != '}'))
                m = -1;
        }
        if (m < 0 || p->s >= p->end || *p->s != '}' || (max >= 0 && max < m)) {
            p->fail = 1; /* a brace PCRE2 reads as a literal */
            return any();
        }
        p->s++;
    } else {
        return x;
    }
    if (p->s < p->end && (*p->s == '+' || *p->s == '?'))
        p->s++; /* possessive or lazy: the same strings or fewer */
    if (p->s < p->end && (*p->s == '?' || *p->s == '*' || *p->s == '+' || *p->s == '{'))
        p->fail = 1;
    return repeat(p, x, m, max);
}

static info parse_concat(parser *p)
{
    info r = empty(p);
    while (p->s < p->end && *p->s != '|' && *p->s != ')' && !p->fail && !p->nonlocal && !p->oom)
        r = concat(p, r, parse_repeat(p));
    return r;
}

/* The union of an alternation's sets, one branch after another, grown in
 * place: unions taken pair by pair would copy the whole of it at every
 * branch (megabytes for the long word lists of some rules).  NULL, the
 * unknown, once any branch has no set or the union grows past SET_MAX. */
typedef struct set_acc {
    sset *set;
    size_t cap;
    int unknown;
} set_acc;

static void acc_add(parser *p, set_acc *a, const sset *s)
{
    if (a->unknown)
        return;
    if (!s || a->set->n + s->n > SET_MAX) {
        a->unknown = 1;
        return;
    }
    if (a->set->n + s->n > a->cap) {
        size_t cap = a->cap ? a->cap : 8;
        while (cap < a->set->n + s->n)
            cap *= 2;
        str *v = arena_alloc(p->mem, cap, sizeof *v);
        if (!v) {
            p->oom = 1;
            a->unknown = 1;
            return;
        }
        if (a->set->n)
            memcpy(v, a->set->v, a->set->n * sizeof *v);
        a->set->v = v;
        a->cap = cap;
    }
    if (s->n)
        memcpy(a->set->v + a->set->n, s->v, s->n * sizeof *s->v);
    a->set->n += s->n;
}

static info parse_alt(parser *p)
{
    info first = parse_concat(p);
    if (!(p->s < p->end && *p->s == '|'))
        return first;
    set_acc acc[4];
    for (size_t k = 0; k < 4; k++) {
        acc[k].set = set_new(p, 0);
        acc[k].cap = 0;
        acc[k].unknown = !acc[k].set;
    }
    info b = first;
    for (;;) {
        acc_add(p, &acc[0], b.exact);
        acc_add(p, &acc[1], info_pfx(&b));
        acc_add(p, &acc[2], info_sfx(&b));
        acc_add(p, &acc[3], info_req(&b));
        if (!(p->s < p->end && *p->s == '|' && !p->fail && !p->nonlocal && !p->oom))
            break;
        p->s++;
        b = parse_concat(p);
    }
    info r = {acc[0].unknown ? NULL : acc[0].set, acc[1].unknown ? NULL : acc[1].set,
              acc[2].unknown ? NULL : acc[2].set, acc[3].unknown ? NULL : acc[3].set};
    return r;
}

/* ---- folding ---- */

static uint32_t fold_cp(const prefilter *pf, uint32_t cp)
{
    if (cp < 128)
        return pf->ascii[cp];
    uint16_t pg = pf->page ? pf->page[cp >> 8] : 0;
    return pg ? pf->pages[pg - 1][cp & 0xFF] : cp;
}

/* Folds text[0..len) into out (4 * len bytes), and maps the offsets s and
 * e of the text to *fs and *fe of the output. */
static size_t fold_text(const prefilter *pf, const char *text, size_t len, char *out, size_t s, size_t e,
                        size_t *fs, size_t *fe)
{
    size_t o = 0, i = 0;
    *fs = *fe = 0;
    while (i < len) {
        if (i == s)
            *fs = o;
        if (i == e)
            *fe = o;
        unsigned char b = (unsigned char)text[i];
        if (b < 0x80) {
            uint32_t f = pf->ascii[b];
            if (f < 0x80)
                out[o++] = (char)f;
            else
                o += utf8_encode(f, out + o);
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(text + i, len - i, &cp);
        uint32_t f = cp == UTF8_INVALID ? cp : fold_cp(pf, cp);
        if (f == cp || cp == UTF8_INVALID) {
            memcpy(out + o, text + i, n);
            o += n;
        } else {
            o += utf8_encode(f, out + o);
        }
        i += n;
    }
    if (s >= len)
        *fs = o;
    if (e >= len)
        *fe = o;
    return o;
}

static pcre2_code *compile(const char *pat, size_t n, uint32_t flags, int jit)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, n, flags, &code, &off, NULL);
    if (re && jit)
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* Does the one character at s (n bytes) match re, anchored at its start? */
static int char_matches(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t n)
{
    return pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL) >= 0;
}

/* PCRE2's caseless classes (tools/casefold.c, generated at build time):
 * code point, the smallest of its class, whether all of the class are
 * word characters other than _. */
extern const char decruft_casefold_unicode[];
extern const uint32_t decruft_casefold[][3];
extern const size_t decruft_casefold_len;

static int cmp_row(const void *key, const void *row)
{
    uint32_t x = *(const uint32_t *)key, y = *(const uint32_t *)row;
    return (x > y) - (x < y);
}

/* Every character caseless-equal to another maps to the smallest of its
 * class.  Returns 1 when the PCRE2 linked now has another Unicode version
 * than the one the table was made with, -1 when out of memory. */
static int build_fold(prefilter *pf)
{
    for (uint32_t c = 0; c < 128; c++)
        pf->ascii[c] = c;
    char version[64] = "";
    if (pcre2_config(PCRE2_CONFIG_UNICODE_VERSION, version) < 0 || strcmp(version, decruft_casefold_unicode) ||
        !decruft_casefold_len)
        return 1;
    pf->page = calloc(0x1100, sizeof *pf->page);
    if (!pf->page)
        return -1;
    for (size_t i = 0; i < decruft_casefold_len; i++) {
        uint32_t cp = decruft_casefold[i][0], rep = decruft_casefold[i][1];
        if (cp < 128) {
            pf->ascii[cp] = rep;
            continue;
        }
        if (rep == cp)
            continue;
        uint16_t *pg = &pf->page[cp >> 8];
        if (!*pg) {
            void *q = realloc(pf->pages, (pf->n_pages + 1) * sizeof *pf->pages);
            if (!q)
                return -1;
            pf->pages = q;
            uint32_t *fresh = pf->pages[pf->n_pages];
            for (uint32_t j = 0; j < 256; j++)
                fresh[j] = (cp & ~0xFFu) | j;
            *pg = (uint16_t)++pf->n_pages;
        }
        pf->pages[*pg - 1][cp & 0xFF] = rep;
    }
    return 0;
}

/* Is every character caseless-equal to the folded character f a word
 * character other than _? */
static int word_class(const pcre2_code *isword, pcre2_match_data *md, uint32_t f)
{
    const uint32_t *row = bsearch(&f, decruft_casefold, decruft_casefold_len, sizeof *decruft_casefold, cmp_row);
    if (row)
        return (int)row[2];
    char u[4];
    return char_matches(isword, md, u, utf8_encode(f, u));
}

/* ---- tries ---- */

static int grow_nodes(trie *t)
{
    if (t->n < t->cap)
        return 0;
    size_t c = t->cap ? t->cap * 2 : 1024;
    trie_node *q = realloc(t->v, c * sizeof *q);
    if (!q)
        return -1;
    t->v = q;
    t->cap = c;
    if (!t->n)
        t->n = 1; /* node 0 is "none" */
    return 0;
}

static int trie_add(trie *t, prefilter *pf, const char *s, size_t n, uint32_t rule, unsigned char kind)
{
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        uint32_t next = i ? t->v[node].child : t->root[b];
        while (i && next && t->v[next].byte != b)
            next = t->v[next].sib;
        if (!next) {
            if (grow_nodes(t))
                return -1;
            next = (uint32_t)t->n++;
            t->v[next] = (trie_node){0, 0, 0, b};
            if (i) {
                t->v[next].sib = t->v[node].child;
                t->v[node].child = next;
            } else {
                t->root[b] = next;
            }
        }
        node = next;
    }
    for (uint32_t k = t->v[node].term; k; k = pf->terms[k].next)
        if (pf->terms[k].rule == rule && pf->terms[k].kind == kind)
            return 0;
    if (pf->n_terms == pf->cap_terms) {
        size_t c = pf->cap_terms ? pf->cap_terms * 2 : 1024;
        term *q = realloc(pf->terms, c * sizeof *q);
        if (!q)
            return -1;
        pf->terms = q;
        pf->cap_terms = c;
        if (!pf->n_terms)
            pf->n_terms = 1; /* term 0 is "none" */
    }
    pf->terms[pf->n_terms] = (term){rule, t->v[node].term, kind};
    t->v[node].term = (uint32_t)pf->n_terms++;
    return 0;
}

/* The candidate rules found so far. */
typedef struct pick {
    size_t v[PICK_MAX];
    int n, overflow;
} pick;

static void pick_add(pick *k, size_t rule)
{
    for (int i = 0; i < k->n; i++)
        if (k->v[i] == rule)
            return;
    if (k->n == PICK_MAX)
        k->overflow = 1;
    else
        k->v[k->n++] = rule;
}

/* Walks t from s[from]; a match must end by len, an exact one at end. */
static void trie_walk(const prefilter *pf, const trie *t, const char *s, size_t from, size_t len, size_t end,
                      pick *k)
{
    uint32_t node = t->root[(unsigned char)s[from]];
    for (size_t i = from + 1; node; i++) {
        for (uint32_t j = t->v[node].term; j; j = pf->terms[j].next)
            if (pf->terms[j].kind != T_EXACT || i == end)
                pick_add(k, pf->terms[j].rule);
        if (k->overflow || i >= len)
            return;
        unsigned char b = (unsigned char)s[i];
        node = t->v[node].child;
        while (node && t->v[node].byte != b)
            node = t->v[node].sib;
    }
}

/* ---- building ---- */

/* A top-level alternative of a rule: its exact strings, its leading
 * strings, its required substrings (each NULL when unknown). */
typedef struct alt_info {
    uint32_t rule;
    sset *exact, *pfx, *req;
} alt_info;

static int first_last_word(const prefilter *pf, const sset *s, const pcre2_code *isword, pcre2_match_data *md,
                           int last)
{
    for (size_t i = 0; i < s->n; i++) {
        const char *p = s->v[i].p;
        size_t n = s->v[i].n;
        if (last) {
            size_t k = n - 1;
            while (k && ((unsigned char)p[k] & 0xC0) == 0x80)
                k--;
            p += k;
            n -= k;
        }
        uint32_t cp;
        utf8_decode(p, n, &cp);
        if (cp == UTF8_INVALID || !word_class(isword, md, fold_cp(pf, cp)))
            return 0;
    }
    return 1;
}

static int fold_set(const prefilter *pf, parser *p, sset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        char *q = arena_alloc(p->mem, 4 * s->v[i].n + 1, 1);
        if (!q)
            return -1;
        size_t fs, fe;
        s->v[i].n = fold_text(pf, s->v[i].p, s->v[i].n, q, 0, 0, &fs, &fe);
        s->v[i].p = q;
    }
    return 0;
}

static void always_add(prefilter *pf, uint32_t rule)
{
    if (pf->n_always < PICK_MAX)
        pf->always[pf->n_always] = rule;
    if (pf->n_always <= PICK_MAX)
        pf->n_always++;
}

/* Reads every top-level alternative of every rule into alts; the rules
 * this cannot derive anything for go to pf->always. */
static int read_rules(prefilter *pf, parser *p, const char *const *patterns, size_t n, alt_info **alts,
                      size_t *n_alts, int *nonlocal)
{
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) {
        size_t first_alt = *n_alts;
        p->s = patterns[i];
        p->end = p->s + strlen(p->s);
        p->fail = p->nonlocal = 0;
        int whole = 1;
        for (;;) {
            info a = parse_concat(p);
            if (p->oom)
                return -1;
            if (p->fail || p->nonlocal)
                break;
            sset *e = constraining(a.exact), *x = info_pfx(&a), *r = info_req(&a);
            if (!e && !x && !r)
                whole = 0;
            if (*n_alts == cap) {
                cap = cap ? cap * 2 : 256;
                alt_info *q = realloc(*alts, cap * sizeof *q);
                if (!q)
                    return -1;
                *alts = q;
            }
            (*alts)[(*n_alts)++] = (alt_info){(uint32_t)i, e, x, better(r, x)};
            if (p->s >= p->end)
                break;
            if (*p->s != '|') {
                p->fail = 1; /* an unbalanced ")" */
                break;
            }
            p->s++;
        }
        if (p->nonlocal)
            *nonlocal = 1;
        if (p->fail || p->nonlocal || !whole) {
            *n_alts = first_alt;
            always_add(pf, (uint32_t)i);
        }
    }
    return 0;
}

static int compile_singles(prefilter *pf, const char *const *patterns, size_t n, uint32_t flags)
{
    pf->single = calloc(n ? n : 1, sizeof *pf->single);
    if (!pf->single)
        return -1;
    for (size_t i = 0; i < n; i++) {
        /* As in the combined pattern, with the punctuation skipped before
         * the rule captured: of several rules matching, the combined
         * pattern's answer is the one after the longest run of it, the
         * first of them on a tie. */
        buf b = BUF_INIT;
        buf_puts(&b, "\\A([\\W_]*)(?:");
        buf_puts(&b, patterns[i]);
        buf_puts(&b, ")[\\W_]*\\z");
        if (b.oom) {
            buf_free(&b);
            return -1;
        }
        pf->single[i] = compile(b.data, b.len, flags, 1);
        buf_free(&b);
    }
    return 0;
}

prefilter *prefilter_new(const char *const *patterns, size_t n, uint32_t flags)
{
    prefilter *pf = calloc(1, sizeof *pf);
    if (!pf)
        return NULL;
    pf->n_rules = n;
    arena mem = ARENA_INIT;
    parser p = {0, 0, &mem, 0, 0, 0};
    alt_info *alts = NULL;
    size_t n_alts = 0;
    int nonlocal = 0, ok = 0;
    pcre2_code *isword = NULL;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md || read_rules(pf, &p, patterns, n, &alts, &n_alts, &nonlocal))
        goto out;
    int folded = build_fold(pf);
    if (folded < 0)
        goto out;
    if (folded > 0) {
        /* Not the PCRE2 the case table was made with: every rule runs. */
        pf->n_always = PICK_MAX + 1;
        ok = 1;
        goto out;
    }
    pf->strip = compile("\\A[\\W_]", PCRE2_ZERO_TERMINATED, flags, 1);
    isword = compile("\\A[^\\W_]", PCRE2_ZERO_TERMINATED, flags, 0);
    if (!pf->strip || !isword)
        goto out;
    for (size_t a = 0; a < n_alts; a++) {
        alt_info *x = &alts[a];
        /* Leading and whole-block phrases are told from the punctuation
         * around them only when their ends are word characters. */
        int kind = 0;
        sset *set = x->req;
        if (x->exact && first_last_word(pf, x->exact, isword, md, 0) && first_last_word(pf, x->exact, isword, md, 1)) {
            kind = T_EXACT;
            set = x->exact;
        } else if (x->pfx && first_last_word(pf, x->pfx, isword, md, 0)) {
            kind = T_PREFIX;
            set = x->pfx;
        }
        if (fold_set(pf, &p, set))
            goto out;
        for (size_t i = 0; i < set->n; i++) {
            const unsigned char *b = (const unsigned char *)set->v[i].p;
            if (trie_add(kind ? &pf->anchored : &pf->substr, pf, set->v[i].p, set->v[i].n, x->rule,
                         (unsigned char)kind))
                goto out;
            if (kind)
                continue;
            if (set->v[i].n == 1)
                pf->one_byte[b[0]] = 1;
            else
                pf->pairs[(b[0] << 8 | b[1]) >> 6] |= 1ull << (b[1] & 63);
        }
    }
    if (!nonlocal && compile_singles(pf, patterns, n, flags))
        goto out;
    ok = 1;
out:
    free(alts);
    arena_free(&mem);
    pcre2_code_free(isword);
    pcre2_match_data_free(md);
    if (!ok) {
        prefilter_free(pf);
        return NULL;
    }
    return pf;
}

void prefilter_free(prefilter *pf)
{
    if (!pf)
        return;
    if (pf->single)
        for (size_t i = 0; i < pf->n_rules; i++)
            pcre2_code_free(pf->single[i]);
    free(pf->single);
    free(pf->anchored.v);
    free(pf->substr.v);
    free(pf->terms);
    free(pf->page);
    free(pf->pages);
    pcre2_code_free(pf->strip);
    free(pf);
}

/* ---- matching ---- */

/* The block without the [\W_] characters the combined pattern skips at
 * its ends: [*s, *e). */
static void strip_ends(const prefilter *pf, pcre2_match_data *md, const char *t, size_t len, size_t *s, size_t *e)
{
    size_t a = 0, b = len;
    while (a < len) {
        unsigned char c = (unsigned char)t[a];
        if (c < 0x80) {
            if (is_alnum(c))
                break;
            a++;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(t + a, len - a, &cp);
        if (cp == UTF8_INVALID || !char_matches(pf->strip, md, t + a, n))
            break;
        a += n;
    }
    while (b > a) {
        unsigned char c = (unsigned char)t[b - 1];
        if (c < 0x80) {
            if (is_alnum(c))
                break;
            b--;
            continue;
        }
        size_t k = b - 1;
        while (k > a && b - k < 4 && ((unsigned char)t[k] & 0xC0) == 0x80)
            k--;
        uint32_t cp;
        size_t n = utf8_decode(t + k, b - k, &cp);
        if (cp == UTF8_INVALID || n != b - k || !char_matches(pf->strip, md, t + k, n))
            break;
        b = k;
    }
    *s = a;
    *e = b;
}

int prefilter_match(const prefilter *pf, pcre2_match_data *md, pcre2_match_context *ctx, const char *text,
                    size_t len, size_t *rule)
{
    pick k = {{0}, 0, 0};
    if (pf->n_always > PICK_MAX)
        return 2;
    for (size_t i = 0; i < pf->n_always; i++)
        pick_add(&k, pf->always[i]);
    size_t s = 0;
    if (len) {
        char folded[4 * RULE_MAX_BYTES + 4];
        if (len > (sizeof folded - 4) / 4)
            return 2;
        size_t e, fs, fe;
        strip_ends(pf, md, text, len, &s, &e);
        size_t n = fold_text(pf, text, len, folded, s, e, &fs, &fe);
        if (fs < n && fe > fs)
            trie_walk(pf, &pf->anchored, folded, fs, n, fe, &k);
        for (size_t i = 0; i < n && !k.overflow; i++) {
            unsigned char c = (unsigned char)folded[i], d = i + 1 < n ? (unsigned char)folded[i + 1] : 0;
            if (pf->one_byte[c] || (i + 1 < n && (pf->pairs[(c << 8 | d) >> 6] >> (d & 63) & 1)))
                trie_walk(pf, &pf->substr, folded, i, n, (size_t)-1, &k);
        }
    }
    if (k.overflow || (k.n && !pf->single))
        return 2;
    /* In rule order, as the combined pattern tries them; a match after
     * all the leading punctuation (s bytes) cannot be beaten by a later
     * rule, and ends the search as it ends the combined pattern's. */
    for (int i = 1; i < k.n; i++)
        for (int j = i; j > 0 && k.v[j - 1] > k.v[j]; j--) {
            size_t t = k.v[j];
            k.v[j] = k.v[j - 1];
            k.v[j - 1] = t;
        }
    int found = 0;
    PCRE2_SIZE best_skip = 0;
    for (int i = 0; i < k.n; i++) {
        const pcre2_code *code = pf->single[k.v[i]];
        if (!code)
            return 2;
        int rc = pcre2_match(code, (PCRE2_SPTR)text, len, 0, 0, md, ctx);
        if (rc == PCRE2_ERROR_NOMATCH)
            continue;
        if (rc < 0)
            return 2; /* over its budget alone: the combined pattern, with its own budget, decides */
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md), skip = ov[3] - ov[2];
        if (!found || skip > best_skip) {
            *rule = k.v[i];
            best_skip = skip;
            found = 1;
        }
        if (skip >= s)
            break;
    }
    return found;
}
