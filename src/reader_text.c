#include "reader_text.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

typedef struct line {
    size_t start, end, next; /* content [start,end), next line at next */
    uint32_t indent;         /* leading columns */
    uint32_t width;          /* columns, indent included */
    uint32_t first_word;     /* columns of the first word */
    uint32_t marker;         /* columns of a list marker and its space, 0 if none */
    uint32_t marker_value;   /* the bullet's code point, or 0x110000 + the item's number */
    unsigned blank : 1;
    unsigned rule : 1;       /* a horizontal rule: ____, -----, ===== */
    uint32_t controls;       /* lynx form controls on the line */
} line;

/* Tabs expand to the next multiple of 8, as terminals and lynx do. */
#define TAB_WIDTH 8
/* Widths outside this range are not a wrapping width: below, only menus;
 * above, nobody wraps (and unwrapped paragraphs are that long). */
#define WRAP_MIN 40
#define WRAP_MAX 250
/* Lines in the window [W - WRAP_WINDOW, W] count as wrapped at W.  Lynx and
 * w3m leave lines up to about 10 columns short of the width when the next
 * word does not fit. */
#define WRAP_WINDOW 10
/* A document is wrapped when at least this many lines, and this share of the
 * long lines, reach the wrapping window: unwrapped text has paragraphs of
 * every length, wrapped text piles them up under one width. */
#define WRAP_MIN_LINES 4
#define WRAP_MIN_SHARE 0.25
/* A run of underscores this long inside a line is lynx's text field
 * ("Name ____________________"); html2text's link joins are single. */
#define FIELD_MIN 4

static int is_bullet(uint32_t cp)
{
    return cp == '*' || cp == '-' || cp == '+' || cp == 0x2022 || cp == 0x00B7 || cp == 0x25E6 ||
           cp == 0x25AA || cp == 0x25CF || cp == 0x2013 || cp == 0x2043 || cp == 0x25B8 ||
           cp == 0x25BA || cp == 0x27A2;
}

/* Numbered markers' values, above every code point. */
#define NUMBER_BASE 0x110000u

/* Columns taken by a list marker at s (after the indent) and the space
 * after it, or 0; *value tells one marker from another.  Lynx marks nested
 * levels with 'o', '#' and '@', which are only markers when indented like
 * a nested list. */
static uint32_t list_marker(const char *s, size_t n, uint32_t indent, uint32_t *value)
{
    uint32_t cp;
    size_t k = utf8_decode(s, n, &cp);
    *value = cp;
    if (is_bullet(cp) || (indent >= 5 && (cp == 'o' || cp == '#' || cp == '@'))) {
        if (k < n && (s[k] == ' ' || s[k] == '\t'))
            return 2;
        if (k == n) /* a bare bullet: an empty list item */
            return 1;
        return 0;
    }
    size_t i = 0;
    uint32_t number = 0;
    while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
        number = 10 * number + (uint32_t)(s[i++] - '0');
    if (i == 0 && n >= 2 && ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') && s[1] == ')') {
        number = 1000 + (uint32_t)(s[0] | 0x20); /* a), b): in sequence too */
        i = 1;
    }
    if (i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ') {
        *value = NUMBER_BASE + number;
        return (uint32_t)i + 2;
    }
    return 0;
}

static int is_space_or_edge(const char *s, size_t n, size_t i) { return i >= n || s[i] == ' ' || s[i] == '\t'; }

/* Form controls as lynx -dump draws them: check boxes "[ ]" "[X]", radio
 * buttons "( )" "(*)", "(BUTTON)" and "[BUTTON Label]", text fields as a
 * run of underscores ("____", "[Best Match____]" for a menu).  Markup is
 * gone from a dump, but these are the form, never the page's text. */
static uint32_t form_controls(const char *s, size_t n)
{
    uint32_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\t' && s[i] != '_')
            continue;
        if (i + 3 <= n && is_space_or_edge(s, n, i + 3) &&
            (!memcmp(s + i, "[ ]", 3) || !memcmp(s + i, "[X]", 3) || !memcmp(s + i, "( )", 3) ||
             !memcmp(s + i, "(*)", 3))) {
            count++;
            i += 2;
        } else if (i + 8 <= n && (!memcmp(s + i, "(BUTTON)", 8) || !memcmp(s + i, "[BUTTON ", 8))) {
            count++;
            i += 7;
        } else if (s[i] == '_' && (i == 0 || s[i - 1] != '_')) {
            size_t j = i;
            while (j < n && s[j] == '_')
                j++;
            if (j - i >= FIELD_MIN)
                count++;
            i = j - 1;
        }
    }
    return count;
}

static void measure_line(const char *text, line *ln)
{
    const char *s = text + ln->start;
    size_t n = ln->end - ln->start;
    uint32_t col = 0;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')) {
        col = s[i] == '\t' ? (col / TAB_WIDTH + 1) * TAB_WIDTH : col + 1;
        i++;
    }
    ln->indent = col;
    ln->blank = i == n;
    if (ln->blank) {
        ln->width = 0;
        return;
    }
    ln->marker = list_marker(s + i, n - i, col, &ln->marker_value);
    int in_first = 1;
    uint32_t first = 0;
    size_t last_visible = i;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (cp == '\t')
            col = (col / TAB_WIDTH + 1) * TAB_WIDTH;
        else
            col++;
        if (cp == ' ' || cp == '\t' || cp == '\r') {
            if (first)
                in_first = 0;
        } else {
            last_visible = col;
            if (in_first)
                first++;
        }
        i += k;
    }
    ln->width = (uint32_t)last_visible;
    ln->first_word = first;
    ln->rule = 1;
    for (size_t j = ln->start; j < ln->end && ln->rule; j++) {
        char c = text[j];
        ln->rule = c == ' ' || c == '\t' || c == '\r' || c == '_' || c == '-' || c == '=' || c == '*' || c == '~';
    }
    size_t from = ln->start, to = ln->end;
    while (from < to && (text[from] == ' ' || text[from] == '\t'))
        from++;
    while (to > from && (text[to - 1] == ' ' || text[to - 1] == '\t' || text[to - 1] == '\r'))
        to--;
    /* A rule line is a rule, not a text field. */
    ln->controls = ln->rule ? 0 : form_controls(text + from, to - from);
}

/* Splits text into lines.  Returns the array (malloc'd) and its count. */
static line *split_lines(const char *text, size_t len, size_t *count)
{
    size_t cap = 64, n = 0;
    line *v = malloc(cap * sizeof *v);
    if (!v)
        return NULL;
    /* Classic Mac OS files end lines with a lone CR. */
    char eol = !memchr(text, '\n', len) && memchr(text, '\r', len) ? '\r' : '\n';
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, eol, len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (n == cap) {
            line *w = cap > SIZE_MAX / 2 / sizeof *v ? NULL : realloc(v, 2 * cap * sizeof *v);
            if (!w) {
                free(v);
                return NULL;
            }
            v = w;
            cap *= 2;
        }
        line *ln = &v[n++];
        memset(ln, 0, sizeof *ln);
        ln->start = pos;
        ln->end = eol == '\n' && end > pos && text[end - 1] == '\r' ? end - 1 : end;
        ln->next = nl ? end + 1 : len;
        measure_line(text, ln);
        pos = ln->next;
    }
    *count = n;
    return v;
}

static size_t wrap_width(const line *lines, size_t n)
{
    size_t hist[WRAP_MAX + 1] = {0};
    size_t long_lines = 0;
    for (size_t i = 0; i < n; i++) {
        if (lines[i].blank || lines[i].width < 30)
            continue;
        long_lines++;
        if (lines[i].width <= WRAP_MAX)
            hist[lines[i].width]++;
    }
    size_t best = 0, best_w = 0, sum = 0;
    for (size_t w = WRAP_MIN - WRAP_WINDOW; w <= WRAP_MAX; w++) {
        sum += hist[w];
        if (w >= WRAP_MIN - WRAP_WINDOW + WRAP_WINDOW + 1)
            sum -= hist[w - WRAP_WINDOW - 1];
        if (w >= WRAP_MIN && sum > best) {
            best = sum;
            best_w = w;
        }
    }
    if (best < WRAP_MIN_LINES || (double)best < WRAP_MIN_SHARE * (double)long_lines)
        return 0;
    /* The window's top edge may sit above the real width; take the widest
     * line actually in the window. */
    while (best_w > WRAP_MIN && hist[best_w] == 0)
        best_w--;
    return best_w;
}

size_t reader_text_wrap_width(const char *text, size_t len)
{
    size_t n = 0;
    line *lines = split_lines(text, len, &n);
    if (!lines)
        return 0;
    size_t w = wrap_width(lines, n);
    free(lines);
    return w;
}

/* A marker that the renderer's wrap put at the start of b, in the middle
 * of a paragraph: a German date ("23. Juni"), a number, a dash used as
 * punctuation.  Only the next item of the list that head opens, or a list
 * that a colon introduces, starts a block there. */
static int marker_at_wrap(const char *text, const line *head, const line *a, const line *b)
{
    size_t e = a->end;
    while (e > a->start && (text[e - 1] == ' ' || text[e - 1] == '\t'))
        e--;
    if (e > a->start && text[e - 1] == ':')
        return 0;
    if (!head->marker)
        return 1;
    if (b->marker_value >= NUMBER_BASE && head->marker_value >= NUMBER_BASE)
        return b->marker_value != head->marker_value + 1;
    return b->marker_value != head->marker_value;
}

/* Does line b carry on the paragraph that line a (the block's last line)
 * belongs to?  head is the block's first line. */
static int continues(const char *text, const line *head, const line *a, const line *b, size_t width)
{
    /* a is full: the first word of b would not have fitted on it. */
    if (width == 0 || a->rule || b->rule || a->controls || b->controls ||
        (size_t)a->width + 1 + b->first_word + 1 <= width)
        return 0;
    /* Hanging indent: continuation lines of a list item align with its
     * text; a numbered paragraph wraps flush with its number. */
    uint32_t body = head->marker ? head->indent + head->marker : head->indent;
    if (b->marker)
        return b->indent == head->indent && marker_at_wrap(text, head, a, b);
    return b->indent == body || (head->marker && b->indent == head->indent);
}

int reader_text(doc *d)
{
    size_t n = 0;
    line *lines = split_lines(d->text, d->len, &n);
    if (!lines)
        return d->len ? -1 : 0;
    size_t width = wrap_width(lines, n);
    block *blocks = n ? arena_alloc(&d->mem, n, sizeof *blocks) : NULL;
    if (n && !blocks) {
        free(lines);
        return -1;
    }
    size_t nb = 0;
    const line *head = NULL, *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        const line *ln = &lines[i];
        if (ln->blank) {
            head = prev = NULL;
            continue;
        }
        if (head && continues(d->text, head, prev, ln, width)) {
            block *b = &blocks[nb - 1];
            b->end = ln->next;
            b->n_lines++;
            prev = ln;
            continue;
        }
        block *b = &blocks[nb++];
        memset(b, 0, sizeof *b);
        b->start = ln->start;
        b->end = ln->next;
        b->first_line = i + 1;
        b->n_lines = 1;
        b->kind = ln->marker ? BLOCK_LIST_ITEM : BLOCK_PARAGRAPH;
        b->n_controls = ln->controls; /* a line of its own (continues) */
        head = prev = ln;
    }
    free(lines);
    d->blocks = blocks;
    d->n_blocks = nb;
    return 0;
}
