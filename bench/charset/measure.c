/* Measures charset detectors on the corpus corpus.py made: a guess is
 * right when the bytes decoded with it equal the bytes decoded with the
 * true encoding (labels read as src/transcode.c reads them).  Prints a row
 * a sample, and each detector's speed (processor time) on stderr.
 * usage: measure MANIFEST.tsv [PASSES] */
#define _POSIX_C_SOURCE 200809L
#include <enca.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <uchardet.h>
#include <unicode/ucsdet.h>

#include "charset.h"

static double now(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }

/* What browsers do with the labels (WHATWG Encoding): supersets. */
static const char *whatwg(const char *n)
{
    static const char *map[][2] = {{"ISO-8859-1", "CP1252"}, {"ASCII", "CP1252"}, {"US-ASCII", "CP1252"},
        {"ISO-8859-9", "CP1254"}, {"TIS-620", "CP874"}, {"ISO-8859-11", "CP874"}, {"EUC-KR", "CP949"},
        {"GB2312", "GB18030"}, {"GBK", "GB18030"}, {"SHIFT_JIS", "CP932"}, {"BIG5", "BIG5-HKSCS"},
        {"UHC", "CP949"}, {"WINDOWS-1252", "CP1252"}, {"ISO-8859-8-I", "ISO-8859-8"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcasecmp(n, map[i][0])) return map[i][1];
    return n;
}

static char *decode(const char *enc, const char *s, size_t n, size_t *outn)
{
    iconv_t cd = iconv_open("UTF-8", whatwg(enc));
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = n * 4 + 16; char *out = malloc(cap), *o = out; size_t left = cap;
    char *in = (char *)s; size_t inleft = n;
    while (inleft) {
        if (iconv(cd, &in, &inleft, &o, &left) == (size_t)-1) { in++; inleft--; memcpy(o, "\xEF\xBF\xBD", 3); o += 3; left -= 3; }
    }
    iconv_close(cd);
    *outn = (size_t)(o - out);
    return out;
}

static int mostly_utf8(const unsigned char *s, size_t n)
{
    size_t multi = 0, bad = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        int k = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
        int ok = k > 0 && i + k < n + 1;
        for (int j = 1; ok && j <= k; j++) ok = i + j < n && (s[i + j] & 0xC0) == 0x80;
        if (ok) { multi++; i += k + 1; } else { bad++; i++; }
    }
    return multi >= 2 * bad;
}

static const char *lang_of(const char *loc)
{
    static const char *enca_langs[] = {"ru", "uk", "bg", "pl", "cs", "hu", "zh", NULL};
    for (int i = 0; enca_langs[i]; i++) if (!strncmp(loc, enca_langs[i], 2)) return enca_langs[i];
    return "__";
}

enum { BASE, UCHARDET, ICU, ICU_FILTER, ENCA, DECRUFT, ND };
static const char *names[ND] = {"decruft 0.1 (UTF-8 else CP1252)", "uchardet 0.0.7", "ICU 72 ucsdet", "ICU 72 ucsdet, input filter", "enca 1.19 (told the language)", "decruft now (charset.c: uchardet, then windows-1252)"};

int main(int argc, char **argv)
{
    FILE *m = fopen(argv[1], "r");
    int reps = argc > 2 ? atoi(argv[2]) : 1;
    char line[1024];
    double t[ND] = {0}; double bytes = 0;
    printf("file\tloc\tenc\tsize\tkind");
    for (int d = 0; d < ND; d++) printf("\t%s", names[d]);
    printf("\n");
    UErrorCode ue = U_ZERO_ERROR;
    UCharsetDetector *icu = ucsdet_open(&ue);
    while (fgets(line, sizeof line, m)) {
        char file[512], loc[32], enc[32], kind[8]; int size;
        if (sscanf(line, "%511s %31s %31s %d %7s", file, loc, enc, &size, kind) != 5) continue;
        FILE *f = fopen(file, "rb"); fseek(f, 0, SEEK_END); long n = ftell(f); rewind(f);
        char *s = malloc(n + 1); fread(s, 1, n, f); fclose(f);
        bytes += n;
        size_t refn; char *ref = decode(enc, s, n, &refn);
        printf("%s\t%s\t%s\t%d\t%s", file, loc, enc, size, kind);
        for (int d = 0; d < ND; d++) {
            char guess[64] = "";
            int decruft_ok = 0;
            double t0 = now();
            for (int r = 0; r < reps; r++) {
                const char *g = "";
                uchardet_t ud; EncaAnalyser ea; const UCharsetMatch *um;
                switch (d) {
                case BASE: g = mostly_utf8((unsigned char *)s, n) ? "UTF-8" : "CP1252"; break;
                case UCHARDET:
                    ud = uchardet_new(); uchardet_handle_data(ud, s, n); uchardet_data_end(ud);
                    snprintf(guess, sizeof guess, "%s", uchardet_get_charset(ud)); uchardet_delete(ud); g = guess; break;
                case ICU: case ICU_FILTER:
                    ue = U_ZERO_ERROR; ucsdet_enableInputFilter(icu, d == ICU_FILTER);
                    ucsdet_setText(icu, s, (int32_t)n, &ue); um = ucsdet_detect(icu, &ue);
                    g = um ? ucsdet_getName(um, &ue) : ""; break;
                case ENCA:
                    ea = enca_analyser_alloc(lang_of(loc));
                    if (ea) { enca_set_threshold(ea, 1.38); enca_set_multibyte(ea, 1); enca_set_ambiguity(ea, 1); enca_set_garbage_test(ea, 1);
                        EncaEncoding e = enca_analyse_const(ea, (unsigned char *)s, n);
                        const char *en = enca_charset_name(e.charset, ENCA_NAME_STYLE_ICONV);
                        g = en ? en : ""; enca_analyser_free(ea); }
                    break;
                }
                if (d == DECRUFT) {
                    /* The whole decision, and its own conversion. */
                    charset_read cr;
                    if (charset_to_utf8(s, (size_t)n, NULL, !strcmp(kind, "html"), &cr) == 0) {
                        snprintf(guess, sizeof guess, "%s", cr.encoding);
                        size_t on = cr.utf8 ? cr.len : (size_t)n;
                        decruft_ok = on == refn && !memcmp(cr.utf8 ? cr.utf8 : s, ref, on);
                        free(cr.utf8);
                    }
                    g = guess;
                }
                if (g != guess) snprintf(guess, sizeof guess, "%s", g);
            }
            t[d] += now() - t0;
            int ok = 0;
            if (d == DECRUFT) ok = decruft_ok;
            else if (guess[0]) { size_t on; char *o = decode(guess, s, n, &on); ok = o && on == refn && !memcmp(o, ref, on); free(o); }
            printf("\t%s:%s", ok ? "ok" : "BAD", guess[0] ? guess : "-");
        }
        printf("\n");
        free(ref); free(s);
    }
    ucsdet_close(icu);
    for (int d = 0; d < ND; d++) fprintf(stderr, "%s\t%.1f MB/s\n", names[d], bytes * reps / t[d] / 1e6);
    return 0;
}
