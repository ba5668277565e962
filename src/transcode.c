#include "transcode.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Labels whose encoding browsers read as a superset (WHATWG Encoding,
 * "labels"): decoding by the superset loses nothing the label's own
 * encoding has, and reads what servers really send under those labels
 * (Windows-1252 quotes under iso-8859-1, GBK characters under gb2312).
 * The other entries are other names of the same encoding. */
typedef struct label_entry {
    const char *label, *name;
    int superset; /* name is a larger encoding than label's */
} label_entry;

static const label_entry labels[] = {
    {"iso-8859-1", "CP1252", 1},   {"iso8859-1", "CP1252", 1},      {"iso_8859-1", "CP1252", 1},
    {"latin1", "CP1252", 1},       {"l1", "CP1252", 1},             {"ascii", "CP1252", 1},
    {"us-ascii", "CP1252", 1},     {"windows-1252", "CP1252", 0},   {"cp1252", "CP1252", 0},
    {"x-cp1252", "CP1252", 0},     {"iso-8859-9", "CP1254", 1},     {"latin5", "CP1254", 1},
    {"tis-620", "CP874", 1},       {"iso-8859-11", "CP874", 1},     {"windows-874", "CP874", 0},
    {"gb2312", "GB18030", 1},      {"gbk", "GB18030", 1},           {"x-gbk", "GB18030", 1},
    {"gb_2312-80", "GB18030", 1},  {"cp936", "GB18030", 1},         {"euc-cn", "GB18030", 1},
    {"shift_jis", "CP932", 1},     {"shift-jis", "CP932", 1},       {"sjis", "CP932", 1},
    {"x-sjis", "CP932", 1},        {"ms_kanji", "CP932", 1},        {"windows-31j", "CP932", 0},
    {"euc-kr", "CP949", 1},        {"ks_c_5601-1987", "CP949", 1},  {"windows-949", "CP949", 0},
    {"uhc", "CP949", 0},           {"big5", "BIG5-HKSCS", 1},       {"x-x-big5", "BIG5-HKSCS", 1},
    {"utf-8", "UTF-8", 0},         {"utf8", "UTF-8", 0},            {"unicode-1-1-utf-8", "UTF-8", 0},
    {"x-mac-cyrillic", "MAC-CYRILLIC", 0}, {"iso-8859-8-i", "ISO-8859-8", 0}};

/* glibc's iconv_open loads an encoding's converter (a gconv module) with
 * dlopen, and the iconv_close of its last user may unload it: with threads
 * cleaning pages in legacy encodings, a dlopen and a dlclose per page, in
 * parallel (which ThreadSanitizer reports: the loader's own locks are out
 * of its sight).  The first use of each encoding opens one descriptor that
 * is never closed, under a lock: its module then stays loaded, and later
 * iconv_open calls find it without the loader.  Encodings past the table
 * are converted all the same, unpinned. */
#define TRANSCODE_PINS 64

static pthread_mutex_t pin_lock = PTHREAD_MUTEX_INITIALIZER;
static char pinned[TRANSCODE_PINS][TRANSCODE_NAME];
static iconv_t pins[TRANSCODE_PINS];
static size_t n_pins;

/* Opens a descriptor from encoding from to UTF-8, its module pinned. */
static iconv_t open_pinned(const char *from)
{
    pthread_mutex_lock(&pin_lock);
    size_t i = 0;
    /* pins[] is read here so that its stores are not optimised away:
     * what keeps the modules loaded is that the descriptors stay open. */
    while (i < n_pins && (pins[i] == (iconv_t)-1 || strcmp(pinned[i], from)))
        i++;
    if (i == n_pins && n_pins < TRANSCODE_PINS && strlen(from) < TRANSCODE_NAME) {
        iconv_t keep = iconv_open("UTF-8", from);
        if (keep != (iconv_t)-1) {
            snprintf(pinned[n_pins], TRANSCODE_NAME, "%s", from);
            pins[n_pins++] = keep;
        }
    }
    iconv_t cd = iconv_open("UTF-8", from);
    pthread_mutex_unlock(&pin_lock);
    return cd;
}

int transcode_name(const char *label, char *name, size_t size)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (!strcasecmp(label, labels[i].label)) {
            snprintf(name, size, "%s", labels[i].name);
            return labels[i].superset ? 2 : 1;
        }
    /* A UTF-16 or UTF-32 label on bytes that ASCII markup could be read
     * from is wrong (the HTML standard reads it as UTF-8 too). */
    if (!strncasecmp(label, "utf-16", 6) || !strncasecmp(label, "utf-32", 6) || !strncasecmp(label, "ucs", 3)) {
        snprintf(name, size, "UTF-8");
        return 1;
    }
    iconv_t cd = open_pinned(label);
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    snprintf(name, size, "%s", label);
    return 1;
}

/* Output is grown by this much at least: a chunk iconv fills before it
 * returns E2BIG. */
#define TRANSCODE_CHUNK 4096

int transcode(const char *from, const char *s, size_t n, buf *out, size_t *replaced)
{
    iconv_t cd = open_pinned(from);
    if (cd == (iconv_t)-1)
        return -1;
    char *in = (char *)s;
    size_t in_left = n, unit = !strncasecmp(from, "UTF-16", 6) ? 2 : 1;
    int flushed = 0;
    while (!out->oom && (in_left || !flushed)) {
        /* Room for what is left at a byte a byte, at least a chunk: text
         * that grows (Cyrillic doubles, Han grows by half) comes back with
         * E2BIG and the buffer doubles. */
        size_t want = in_left < TRANSCODE_CHUNK ? TRANSCODE_CHUNK : in_left;
        if (buf_reserve(out, want))
            break;
        char *o = out->data + out->len;
        size_t o_left = out->cap - out->len - 1; /* the NUL the buffer keeps */
        size_t r = in_left ? iconv(cd, &in, &in_left, &o, &o_left) : iconv(cd, NULL, NULL, &o, &o_left);
        int e = errno;
        out->len = (size_t)(o - out->data);
        out->data[out->len] = '\0';
        if (r != (size_t)-1) {
            flushed = !in_left;
            continue;
        }
        if (e == E2BIG)
            continue;
        if (e != EILSEQ && e != EINVAL)
            break;
        /* A byte that starts no character (EILSEQ), or a character cut off
         * by the end (EINVAL): one U+FFFD, and on past that byte (that
         * unit in UTF-16, whose characters start at even offsets). */
        buf_put(out, "\xEF\xBF\xBD", 3);
        ++*replaced;
        size_t skip = unit < in_left ? unit : in_left;
        in += skip;
        in_left -= skip;
    }
    iconv_close(cd);
    return 0;
}
