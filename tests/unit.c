/* Unit tests for the pieces with logic of their own: the rules loader,
 * language detection, duplicate keys, wrap detection and text blocks,
 * stopwords of Traditional Chinese, UTF-8 decoding, the
 * HTML charset choice, markup signals, profile keys, gzip, URLs and YAML
 * front matter.
 * Prints each failure and closes with "N passed, N failed". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlmemory.h>
#include <stdlib.h>
#include <zlib.h>

#include "block.h"
#include "blockvec.h"
#include "charset.h"
#include "decruft.h"
#include "dedup.h"
#include "features.h"
#include "gbdt.h"
#include "gunzip.h"
#include "model.h"
#include "profile.h"
#include "signals.h"
#include "lang.h"
#include "metadata.h"
#include "metadata_collect.h"
#include "reader_text.h"
#include "transcode.h"
#include "url.h"
#include "utf8.h"
#include "writer.h"
#include "work.h"
#include "buf.h"

#include "check.h"

static decruft_status add_rules(decruft_rules *r, const char *text, decruft_error *err)
{
    return decruft_rules_add(r, text, strlen(text), "test.rules", err);
}

static void test_rules_loader(void)
{
    decruft_error err;
    decruft_rules *r = decruft_rules_new(&err);
    CHECK(r != NULL);
    size_t builtin = decruft_rules_count(r);
    CHECK(builtin > 20);

    CHECK(add_rules(r, "# comment\n\n  promo   use code \\w+\r\nsale  big sale\n", &err) == DECRUFT_OK);
    CHECK(decruft_rules_count(r) == builtin + 2);

    /* A bad pattern names the file and line, and adds nothing. */
    CHECK(add_rules(r, "ok  fine\nbroken  (unclosed\n", &err) == DECRUFT_ERR_RULES);
    CHECK(err.line == 2);
    CHECK(strstr(err.message, "test.rules:2") != NULL);
    CHECK(strstr(err.message, "broken") != NULL);
    CHECK(decruft_rules_count(r) == builtin + 2);

    CHECK(add_rules(r, "nopattern\n", &err) == DECRUFT_ERR_RULES);
    CHECK(strstr(err.message, "no pattern") != NULL);
    CHECK(add_rules(r, "bad/name  x\n", &err) == DECRUFT_ERR_RULES);

    /* The added rule drops its block, with its name as the reason. */
    const char *page = "Use code SAVE10\n";
    decruft_result *res = decruft_clean(r, page, strlen(page), NULL, &err);
    CHECK(res != NULL);
    decruft_block_info info;
    CHECK(decruft_result_block(res, 0, &info) == DECRUFT_OK);
    CHECK(!info.kept);
    CHECK(decruft_result_block(res, 1, &info) == DECRUFT_ERR_ARG);
    decruft_result_free(res);
    decruft_rules_free(r);
}

static int detect(const char *text) { return lang_detect(text, strlen(text)); }

static void test_lang_detect(void)
{
    static const struct {
        const char *code, *text;
    } cases[] = {
        {"en", "The committee met on Tuesday and the members said that it was time for a change in the way the city is run."},
        {"de", "Der Ausschuss hat sich am Dienstag getroffen, und die Mitglieder haben gesagt, dass es Zeit für eine Änderung ist."},
        {"fr", "Le comité s'est réuni mardi et les membres ont dit qu'il était temps de changer la façon dont la ville est gérée."},
        {"es", "El comité se reunió el martes y los miembros dijeron que era hora de cambiar la forma en que se gestiona la ciudad."},
        {"it", "Il comitato si è riunito martedì e i membri hanno detto che era ora di cambiare il modo in cui la città è gestita."},
        {"pl", "Komisja zebrała się we wtorek i członkowie powiedzieli, że nadszedł czas na zmianę sposobu zarządzania miastem."},
        {"ru", "Комиссия собралась во вторник, и члены комиссии сказали, что пора изменить то, как управляется город."},
        {"zh", "委员会在星期二开会讨论了这个建议，经过长时间的辩论，成员们决定这个计划应该继续进行。"},
        {"ja", "委員会は火曜日に会合を開き、この提案について話し合った。委員たちは計画を進めることを決めた。"},
        {"ko", "위원회는 화요일에 만나 이 제안에 대해 논의했으며 위원들은 계획을 그대로 진행하기로 결정했다고 밝혔다."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int lang = detect(cases[i].text);
        if (strcmp(lang_code(lang), cases[i].code)) {
            failed++;
            printf("FAIL lang_detect: expected %s, got '%s'\n", cases[i].code, lang_code(lang));
        } else {
            passed++;
        }
    }
    CHECK(detect("") == -1);
    CHECK(detect("12345 67890 !!!") == -1);
    CHECK(lang_find("en") >= 0);
    CHECK(lang_find("xx") == -1);
    CHECK(lang_is_unspaced(lang_find("zh")));
    CHECK(!lang_is_unspaced(lang_find("en")));
}

static uint64_t key(const char *s) { return dedup_key(s, strlen(s)); }

static void test_dedup_key(void)
{
    /* Case, spacing, punctuation and wrapping do not hide a repeat. */
    CHECK(key("Photo: the new bridge, seen from the river.") == key("PHOTO the new   bridge\nseen from the river"));
    CHECK(key("Ärger über die Brücke") == key("ärger ÜBER die brücke"));
    CHECK(key("Привет, мир") == key("ПРИВЕТ МИР"));
    /* Different words, or the same words in another order, differ. */
    CHECK(key("the new bridge") != key("the old bridge"));
    CHECK(key("bridge new the") != key("the new bridge"));
    CHECK(key("") == key("   ...   "));
}

static size_t wrap(const char *s) { return reader_text_wrap_width(s, strlen(s)); }

static void test_wrap_width(void)
{
    const char *lynx = "   The committee met on Tuesday to discuss the proposal, and after a long\n"
                       "   debate the members agreed that the plan should go ahead with some\n"
                       "   changes to the budget, which will now go back to the council for a\n"
                       "   final vote next month, officials said on Wednesday afternoon here.\n"
                       "   Officials said the work would begin in the spring and that the first\n"
                       "   results should be visible by the end of the year.\n";
    size_t w = wrap(lynx);
    CHECK(w >= 70 && w <= 76);
    /* One paragraph a line, of every length: not wrapped. */
    const char *flat = "A short headline\n\nThis paragraph is long enough to be a paragraph and it goes on for quite a "
                       "while longer than any terminal is wide, as unwrapped text does.\n\nAnother one, of another length "
                       "altogether, which also runs on and on past the width of a terminal window.\n";
    CHECK(wrap(flat) == 0);
    CHECK(wrap("") == 0);
}

/* The blocks reader_text makes of s: their first lines, 1-based, as
 * "1 4 6" in out. */
static void text_blocks(const char *s, char *out, size_t cap)
{
    doc d;
    memset(&d, 0, sizeof d);
    d.text = s;
    d.len = strlen(s);
    out[0] = '\0';
    if (reader_text(&d) == 0)
        for (size_t i = 0, n = 0; i < d.n_blocks; i++)
            n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s%zu", i ? " " : "", d.blocks[i].first_line);
    arena_free(&d.mem);
}

static void test_text_blocks(void)
{
    char got[128];
    /* A number or a dash that the wrap puts at the start of a line inside
     * a paragraph does not start a list item. */
    text_blocks("Die Stadtverwaltung hat am Montag bekannt gegeben, dass das neue Museum am\n"
                "23. Juni eroeffnet wird, nachdem die Bauarbeiten fast drei Jahre gedauert\n"
                "haben und die Kosten deutlich ueber dem urspruenglichen Plan lagen, wie der\n"
                "Buergermeister sagte, vor allem wegen der gestiegenen Preise fuer Material\n"
                "- und der Verzoegerungen bei der Lieferung der Fenster aus dem Ausland.\n",
                got, sizeof got);
    CHECK(!strcmp(got, "1"));
    /* A numbered paragraph wraps flush with its number. */
    text_blocks("1. The first numbered paragraph of a legal text runs on for a while and is\n"
                "wrapped flush with its number by the renderer, as plain text files often\n"
                "are, with no hanging indent at all, which is how these texts are kept.\n"
                "\n"
                "2. The second one follows after a blank line and is also wrapped flush with\n"
                "its number, so that it stays one block of two lines in the output here.\n",
                got, sizeof got);
    CHECK(!strcmp(got, "1 5"));
    /* The next item of a list, a list after a colon, a rule line: new blocks. */
    text_blocks("   1. An item of a numbered list that is long enough to need a second line\n"
                "      of its own, aligned with the text of the item as lynx does it here.\n"
                "   2. The next item, which starts a block even after a full line above.\n"
                "\n"
                "   Steps to follow when the renderer wraps a long introduction sentence:\n"
                "   1. Open the box\n"
                "   ____________________________________________________________________\n",
                got, sizeof got);
    CHECK(!strcmp(got, "1 3 5 6 7"));
    /* lynx: a line with a form control never joins a paragraph. */
    text_blocks("   The paragraph before the form runs on to the full width of the text and\n"
                "   its last line is as full as the first one, up to the wrapping width too.\n"
                "   Name ____________________ Email ____________________ (BUTTON) Send it\n"
                "   [ ] Keep me informed about the next issues of this letter by e-mail, yes\n",
                got, sizeof got);
    CHECK(!strcmp(got, "1 3 4"));
}

/* Traditional Chinese reads as stopword-rich as Simplified. */
static void test_traditional_chinese(void)
{
    static const char *const texts[] = {
        "委员会在星期二开会讨论了这个建议，经过长时间的辩论，成员们决定这个计划应该继续进行，并将结果报告给市议会。",
        "委員會在星期二開會討論了這個建議，經過長時間的辯論，成員們決定這個計劃應該繼續進行，並將結果報告給市議會。",
    };
    double share[2];
    for (size_t k = 0; k < 2; k++) {
        doc d;
        memset(&d, 0, sizeof d);
        d.text = texts[k];
        d.len = strlen(texts[k]);
        int lang = lang_find("zh");
        share[k] = 0;
        if (reader_text(&d) == 0 && d.n_blocks == 1 && features_measure(&d, lang) == 0)
            share[k] = (double)d.blocks[0].n_stop / d.blocks[0].n_words;
        arena_free(&d.mem);
    }
    CHECK(share[0] > 0.15);
    CHECK(share[1] >= share[0]);
}

static void test_utf8(void)
{
    uint32_t cp;
    CHECK(utf8_decode("\xC3\xA9", 2, &cp) == 2 && cp == 0xE9);
    CHECK(utf8_decode("\xE2\x82\xAC", 3, &cp) == 3 && cp == 0x20AC);
    CHECK(utf8_decode("\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
    CHECK(utf8_decode("\xC0\xAF", 2, &cp) == 1 && cp == UTF8_INVALID);     /* overlong */
    CHECK(utf8_decode("\xED\xA0\x80", 3, &cp) == 1 && cp == UTF8_INVALID); /* surrogate */
    CHECK(utf8_decode("\xE2\x82", 2, &cp) == 1 && cp == UTF8_INVALID);     /* truncated */
    CHECK(utf8_decode("\xFF", 1, &cp) == 1 && cp == UTF8_INVALID);
    CHECK(uni_fold('A') == 'a' && uni_fold(0xC9) == 0xE9 && uni_fold(0x416) == 0x436);
    CHECK(uni_is_word(0x4E2D) && uni_is_unspaced(0x4E2D) && !uni_is_word(0x3002));
}

static void test_api_errors(void)
{
    decruft_error err;
    decruft_rules *r = decruft_rules_new(NULL);
    CHECK(decruft_clean(NULL, "x", 1, NULL, &err) == NULL && err.code == DECRUFT_ERR_ARG);
    CHECK(decruft_clean(r, "a\0b", 3, NULL, &err) == NULL && err.code == DECRUFT_ERR_BINARY && err.offset == 1);
    decruft_options opts;
    decruft_options_init(&opts);
    opts.max_bytes = 4;
    CHECK(decruft_clean(r, "hello", 5, &opts, &err) == NULL && err.code == DECRUFT_ERR_TOO_LARGE);
    decruft_result *res = decruft_clean(r, "", 0, NULL, &err);
    size_t n = 99;
    CHECK(res != NULL && !strcmp(decruft_result_text(res, &n), "") && n == 0);
    char *out = NULL;
    CHECK(decruft_render(res, DECRUFT_FORMAT_JSON, 0, &out, NULL) == DECRUFT_OK);
    CHECK(out && strstr(out, "\"blocks\":[]"));
    decruft_free(out);
    decruft_result_free(res);
    /* Text input that is not UTF-8 is read in the encoding a detector
     * guesses, and the result says so. */
    static const char latin1[] = "Caf\xe9 owners and residents met on Tuesday to discuss the proposal, and after a "
                                 "long debate the members agreed that the plan should go ahead.\n";
    res = decruft_clean(r, latin1, sizeof latin1 - 1, NULL, &err);
    CHECK(res && decruft_render(res, DECRUFT_FORMAT_TEXT, 0, &out, &n) == DECRUFT_OK &&
          !strncmp(out, "Caf\xc3\xa9 owners ", 13) && n == sizeof latin1);
    decruft_free(out);
    CHECK(decruft_result_warning_count(res) == 1 && strstr(decruft_result_warning(res, 0), "a detector guessed"));
    decruft_result_free(res);
    /* The transport's charset (options.charset) outranks the guess. */
    decruft_options_init(&opts);
    opts.charset = "iso-8859-15";
    static const char euro[] = "Prices rose to 20 \xa4 a ticket on Tuesday, and after a long debate the members "
                               "agreed that the plan should go ahead.\n";
    res = decruft_clean(r, euro, sizeof euro - 1, &opts, &err);
    CHECK(res && strstr(decruft_result_text(res, NULL), "20 \xe2\x82\xac a") && decruft_result_warning_count(res) == 0);
    decruft_result_free(res);
    /* An empty page is an empty result as HTML too (a redirect in a crawl). */
    decruft_options_init(&opts);
    opts.type = DECRUFT_TYPE_HTML;
    res = decruft_clean(r, "", 0, &opts, &err);
    CHECK(res != NULL && !strcmp(decruft_result_text(res, &n), "") && n == 0);
    CHECK(decruft_result_block_count(res) == 0);
    decruft_result_free(res);
    CHECK(strcmp(decruft_strerror(DECRUFT_ERR_NOMEM), "out of memory") == 0);
    decruft_rules_free(r);
}

/* charset_to_utf8 on s: the encoding read, and the text (the input
 * itself when no copy was made). */
static int read_as(const char *s, size_t n, const char *transport, int html, const char *enc, const char *text)
{
    charset_read r;
    if (charset_to_utf8(s, n, transport, html, &r) != 0)
        return 0;
    int ok = !strcmp(r.encoding, enc) && (!text || (r.utf8 ? !strcmp(r.utf8, text) && r.len == strlen(text)
                                                           : n == strlen(text) && !memcmp(s, text, n)));
    if (!ok)
        fprintf(stderr, "read as %s: %s (%s)\n", r.encoding, r.utf8 ? r.utf8 : s, r.note);
    free(r.utf8);
    return ok;
}

#define READ_AS(s, transport, html, enc, text) read_as(s, sizeof s - 1, transport, html, enc, text)

static void test_charset(void)
{
    static const char utf8_latin1[] = "<meta charset=\"iso-8859-1\"><p>caf\xc3\xa9</p>";
    CHECK(READ_AS(utf8_latin1, NULL, 1, "UTF-8", utf8_latin1)); /* labelled Latin-1, bytes UTF-8 */
    static const char latin1[] = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">caf\xe9";
    CHECK(READ_AS(latin1, NULL, 1, "CP1252", NULL));
    static const char sjis[] = "<META CHARSET='Shift_JIS'>\x93\xfa";
    CHECK(READ_AS(sjis, NULL, 1, "CP932", "<META CHARSET='Shift_JIS'>\xe6\x97\xa5"));
    static const char utf16_label[] = "<meta charset=utf-16><p>plain</p>";
    CHECK(READ_AS(utf16_label, NULL, 1, "UTF-8", utf16_label));
    static const char xml_decl[] = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><p>\xc3\xee\xf0\xee\xe4</p>";
    CHECK(READ_AS(xml_decl, NULL, 1, "windows-1251", NULL));
    /* A page labelled UTF-8 whose bytes are not goes to the detector, and
     * a short Western one that it cannot tell to Windows-1252. */
    static const char cp1252_labelled_utf8[] = "<meta charset=utf-8><p>caf\xe9 cr\xe8me \x93" "br\xfbl\xe9" "e\x94</p>";
    CHECK(READ_AS(cp1252_labelled_utf8, NULL, 1, "CP1252", NULL) || READ_AS(cp1252_labelled_utf8, NULL, 1, "ISO-8859-1", NULL) ||
          READ_AS(cp1252_labelled_utf8, NULL, 1, "WINDOWS-1252", NULL));
    /* UTF-8 with a stray byte: U+FFFD, and the rest as it was. */
    static const char stray[] = "<p>\xd0\x93\xd0\xbe\xd1\x80\xff\xd0\xbe\xd0\xb4</p>";
    CHECK(READ_AS(stray, NULL, 1, "UTF-8", "<p>\xd0\x93\xd0\xbe\xd1\x80\xef\xbf\xbd\xd0\xbe\xd0\xb4</p>"));
    /* Windows-1252 and a byte it lacks: iconv would stop there. */
    static const char undefined[] = "<meta charset=windows-1252><p>\x80 \x81 \x92 \x9f \xe9</p>";
    CHECK(READ_AS(undefined, NULL, 1, "CP1252",
                  "<meta charset=windows-1252><p>\xe2\x82\xac \xef\xbf\xbd \xe2\x80\x99 \xc5\xb8 \xc3\xa9</p>"));
    /* UTF-8 throughout outweighs another declaration only when there is
     * enough of it: one GB2312 character can pass for UTF-8. */
    static const char utf8_labelled_gb[] = "<meta charset=gb2312><p>\xe5\xb8\x82\xe8\xae\xae\xe4\xbc\x9a\xe5\xbb\xb6"
                                           "\xe9\x95\xbf\xe8\x87\xaa\xe8\xa1\x8c\xe8\xbd\xa6\xe9\x81\x93</p>";
    CHECK(READ_AS(utf8_labelled_gb, NULL, 1, "UTF-8", utf8_labelled_gb));
    static const char gb_by_chance[] = "<meta charset=gb2312><p>\xc4\xa3\xd6\xb0</p>"; /* valid UTF-8 too */
    CHECK(READ_AS(gb_by_chance, NULL, 1, "GB18030", NULL));
    /* The transport outranks the page's <meta>; "UTF-8" (a JSON string)
     * keeps a few UTF-8 characters from the label. */
    static const char cp1251_meta_latin1[] = "<meta charset=iso-8859-1><p>\xc3\xee\xf0\xee\xe4</p>";
    CHECK(READ_AS(cp1251_meta_latin1, "windows-1251", 1, "windows-1251",
                  "<meta charset=iso-8859-1><p>\xd0\x93\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb4</p>"));
    CHECK(READ_AS(gb_by_chance, "UTF-8", 1, "UTF-8", gb_by_chance));
    /* A label iconv does not know is passed over. */
    static const char unknown[] = "<meta charset=x-no-such><p>plain</p>";
    CHECK(READ_AS(unknown, NULL, 1, "UTF-8", unknown));
    /* Plain text: no <meta> is looked for. */
    static const char text_meta[] = "<meta charset=gb2312> \xc4\xa3";
    CHECK(READ_AS(text_meta, NULL, 0, "UTF-8", text_meta));
    /* A byte order mark settles it. */
    static const char bom[] = "\xef\xbb\xbf<meta charset=windows-1251><p>\xc3\xee</p>";
    CHECK(READ_AS(bom, NULL, 1, "UTF-8", NULL));
    /* UTF-16 by its mark; a lone surrogate costs its own two bytes only. */
    char *wide;
    size_t wide_len, wide_bad;
    CHECK(charset_utf16("\xff\xfe" "C\0\0\xd8t\0", 8, &wide, &wide_len, &wide_bad) == 1 && wide_bad == 1 &&
          !strcmp(wide, "C\xef\xbf\xbdt") && wide_len == 5);
    free(wide);
    CHECK(charset_utf16("\xfe\xff\0C", 4, &wide, &wide_len, &wide_bad) == 1 && !strcmp(wide, "C"));
    free(wide);
    CHECK(charset_utf16("ab", 2, &wide, &wide_len, &wide_bad) == 0 && !wide);
    char name[TRANSCODE_NAME];
    CHECK(transcode_name("ISO-8859-1", name, sizeof name) && !strcmp(name, "CP1252"));
    CHECK(transcode_name("gb2312", name, sizeof name) && !strcmp(name, "GB18030"));
    CHECK(!transcode_name("x-no-such", name, sizeof name));
    /* A byte cut off at the end of a multi-byte encoding is U+FFFD too. */
    buf b = BUF_INIT;
    size_t replaced = 0;
    CHECK(transcode("CP932", "\x93\xfa\x93", 3, &b, &replaced) == 0 && replaced == 1 &&
          !strcmp(b.data, "\xe6\x97\xa5\xef\xbf\xbd"));
    buf_free(&b);
}

static void test_signals(void)
{
    CHECK(signals_init() == 0);
    signal_cache *c = signal_cache_new();
    const char *name;
    CHECK(signals_match(c, "main-nav", NULL, &name) & DOM_BOILER);
    CHECK(name && !strcmp(name, "nav"));
    CHECK(signals_match(c, "mainNav", NULL, &name) & DOM_BOILER); /* camelCase */
    CHECK(signals_match(c, "layout has-sidebar", NULL, &name) == 0);
    CHECK(signals_match(c, "article-body", NULL, &name) == 0); /* content words carry no signal */
    CHECK(signals_match(c, NULL, "comments", &name) & DOM_COMMENTS);
    CHECK(signals_match(c, "navigator2000", NULL, &name) == 0); /* whole words only */
    CHECK(signals_match(c, "main-nav", NULL, &name) & DOM_BOILER); /* cached */
    signal_cache_free(c);
}

static void test_profile_key(void)
{
    static const char a[] = "Subscribe to our daily newsletter today!", b[] = "subscribe TO our  DAILY newsletter today";
    CHECK(profile_key(a, strlen(a)) != 0);
    CHECK(profile_key(a, strlen(a)) == profile_key(b, strlen(b)));
    static const char c[] = "Updated 12:30 on May 3 by the desk", d[] = "Updated 09:45 on May 8 by the desk";
    CHECK(profile_key(c, strlen(c)) != 0 && profile_key(c, strlen(c)) == profile_key(d, strlen(d)));
    /* Too short to learn: recurs by chance, or is the rules' business. */
    CHECK(profile_key("Read more", 9) == 0);
    CHECK(profile_key("Photo by the news desk", 22) == 0);
    static const char e[] = "one two three four five six", f[] = "one two three four five seven";
    CHECK(profile_key(e, strlen(e)) != profile_key(f, strlen(f)));
}

static void test_gunzip(void)
{
    static const char text[] = "The committee met on Tuesday.";
    unsigned char gz[256];
    z_stream z;
    memset(&z, 0, sizeof z);
    CHECK(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    z.next_in = (Bytef *)text;
    z.avail_in = sizeof text - 1;
    z.next_out = gz;
    z.avail_out = sizeof gz;
    CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
    size_t n = sizeof gz - z.avail_out;
    deflateEnd(&z);
    CHECK(gunzip_is_gzip((const char *)gz, n));
    char *out = NULL;
    size_t len = 0;
    decruft_error err;
    CHECK(gunzip((const char *)gz, n, 1000, &out, &len, &err) == DECRUFT_OK && len == sizeof text - 1 &&
          !memcmp(out, text, len));
    free(out);
    CHECK(gunzip((const char *)gz, n, len - 1, &out, &len, &err) == DECRUFT_ERR_TOO_LARGE);
    CHECK(gunzip((const char *)gz, n / 2, 1000, &out, &len, &err) == DECRUFT_ERR_BINARY);
}

/* The margin by the nodes as parsed, one pointer after another: what the
 * complete-tree walk must equal to the last bit. */
static float walk_nodes(const gbdt *g, const float *x)
{
    float m = g->base_margin;
    for (size_t t = 0; t < g->n_trees; t++) {
        const gbdt_node *nd = &g->nodes[g->roots[t]];
        while (nd->feature >= 0) {
            float v = x[nd->feature];
            nd = &g->nodes[isnan(v) ? nd->missing : v < nd->threshold ? nd->yes : nd->no];
        }
        m += nd->value;
    }
    return m;
}

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* Appends a random tree of at most max_depth levels to text: splits on 4
 * features, either missing side, leaves at every depth; as a chain, each
 * split's second child splits again, down to max_depth. */
static void random_tree(char *text, size_t cap, uint32_t *state, unsigned max_depth, int chain)
{
    int feature[64], yes[64], no[64], level[64];
    float value[64];
    int n = 1;
    level[0] = 0;
    for (int k = 0; k < n; k++) {
        value[k] = (float)(next_random(state) % 2001) / 1000.0f - 1.0f;
        if (level[k] < (int)max_depth && n + 2 <= 64 && (chain ? k == 0 || k == n - 1 : next_random(state) % 4 != 0)) {
            feature[k] = (int)(next_random(state) % 4);
            yes[k] = n;
            no[k] = n + 1;
            level[n] = level[n + 1] = level[k] + 1;
            n += 2;
        } else
            feature[k] = -1;
    }
    size_t at = strlen(text);
    at += (size_t)snprintf(text + at, cap - at, "tree %d\n", n);
    for (int k = 0; k < n; k++) {
        float threshold = (float)(next_random(state) % 100) / 10.0f;
        if (feature[k] < 0)
            at += (size_t)snprintf(text + at, cap - at, "-1 0 %.9g 0 0 0\n", value[k]);
        else
            at += (size_t)snprintf(text + at, cap - at, "%d %.9g %.9g %d %d %d\n", feature[k], threshold, value[k],
                                   yes[k], no[k], next_random(state) % 2 ? yes[k] : no[k]);
    }
}

/* Random ensembles, shallow (walked as complete trees) and deep (walked by
 * pointers), over rows with missing values, in groups and alone. */
static void test_gbdt_walks(void)
{
    static char text[200000];
    uint32_t state = 12345;
    for (int deep = 0; deep < 2; deep++) {
        snprintf(text, sizeof text, "trees 40 4 0.125\n");
        for (int t = 0; t < 40; t++)
            random_tree(text, sizeof text, &state, t % 2 ? 7 : 1 + t % 3, 0);
        if (deep)
            random_tree(text, sizeof text, &state, 20, 1);
        memcpy(text, deep ? "trees 41" : "trees 40", 8);
        gbdt g;
        size_t pos = 0;
        CHECK(gbdt_parse(&g, text, strlen(text), &pos) == 0);
        CHECK((g.split_feature == NULL) == deep);
        float x[21 * 4], out[21];
        for (size_t i = 0; i < 21 * 4; i++)
            x[i] = next_random(&state) % 7 == 0 ? NAN : (float)(next_random(&state) % 110) / 10.0f;
        gbdt_margins(&g, x, 21, 4, out);
        int same = 1;
        for (size_t r = 0; r < 21; r++)
            same &= out[r] == walk_nodes(&g, x + r * 4) && gbdt_margin(&g, x + r * 4) == out[r];
        CHECK(same);
        gbdt_free(&g);
    }
}

/* The tree format: a hand-made ensemble gives the sums and routes it
 * should, and malformed or hostile texts are refused. */
static void test_gbdt(void)
{
    /* Tree 1: x0 < 0.5 ? 1 : (x1 < 2 ? -1 : 3), missing x0 goes right.
     * Tree 2: a leaf of 0.25. */
    const char *ok = "trees 2 2 0.5\n"
                     "tree 5\n0 0.5 0 1 2 2\n-1 0 1 0 0 0\n1 2 0.5 3 4 3\n-1 0 -1 0 0 0\n-1 0 3 0 0 0\n"
                     "tree 1\n-1 0 0.25 0 0 0\n";
    gbdt g;
    size_t pos = 0;
    CHECK(gbdt_parse(&g, ok, strlen(ok), &pos) == 0);
    float a[2] = {0.1f, 9}, b[2] = {0.7f, 1}, c[2] = {NAN, 5}, e[2] = {NAN, NAN};
    CHECK(gbdt_margin(&g, a) == 0.5f + 1 + 0.25f);
    CHECK(gbdt_margin(&g, b) == 0.5f - 1 + 0.25f);
    CHECK(gbdt_margin(&g, c) == 0.5f + 3 + 0.25f);
    CHECK(gbdt_margin(&g, e) == 0.5f - 1 + 0.25f); /* missing x1 goes to its yes child */
    double contrib[2] = {0, 0};
    gbdt_contributions(&g, b, contrib);
    CHECK(contrib[0] == 0.5 && contrib[1] == -1.5);
    CHECK(gbdt_probability(0) == 0.5f);
    gbdt_free(&g);
    const char *bad[] = {
        "trees 1 2 0\ntree 2\n0 0.5 0 1 2 1\n-1 0 1 0 0 0\n",   /* a child out of the tree */
        "trees 1 2 0\ntree 2\n0 0.5 0 0 1 1\n-1 0 1 0 0 0\n",   /* a loop back to itself */
        "trees 1 2 0\ntree 1\n5 0.5 0 1 1 1\n",                  /* a feature past the vector */
        "trees 2 2 0\ntree 1\n-1 0 1 0 0 0\n",                   /* a tree missing */
        "trees 1 2 0\ntree 1\n-1 0 x 0 0 0\n",                   /* not a number */
        "trees 99999999 2 0\n",                                      /* absurd counts */
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pos = 0;
        CHECK(gbdt_parse(&g, bad[i], strlen(bad[i]), &pos) == -1);
    }
    /* Thresholds read back as the very floats strtof gives, on the fast
     * path (9 digits) and off it (an exponent past 10^22, many digits). */
    const char *values[] = {"1.00000012", "-0.0078125", "3.40282347e+38", "1.17549435e-38", "0.1",
                            "123456789012345678901", "7"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char text[160];
        snprintf(text, sizeof text, "trees 1 1 0\ntree 3\n0 %s 0 1 2 1\n-1 0 1 0 0 0\n-1 0 2 0 0 0\n", values[i]);
        pos = 0;
        CHECK(gbdt_parse(&g, text, strlen(text), &pos) == 0 && g.nodes[0].threshold == strtof(values[i], NULL));
        gbdt_free(&g);
    }
    CHECK(model_builtin(1) != NULL);
    CHECK(model_builtin(0) != NULL);
    CHECK(model_parse("decruft-model 1\nfixed 1\n", 20, blockvec_fixed_count()) == NULL); /* trained on other features */
}

/* A model in the text form, with one word, one page type and
 * one-leaf trees, packed: what model_pack writes (in a buffer aligned as
 * the compiled-in blobs are) reads back the same, and a form with a bad
 * index, cut short or misaligned is refused. */
static void test_model_pack(void)
{
    char text[600];
    snprintf(text, sizeof text,
             "decruft-model 1\n# a comment\nfixed 2\nwords 1\nfoo\nthreshold 0.5\n"
             "stage1\ntrees 1 3 0.5\ntree 3\n2 0.5 0 1 2 2\n-1 0 0.25 0 0 0\n-1 0 -1 0 0 0\n"
             "types 1\ntype article 0.4\ntrees 1 3 0\ntree 1\n-1 0 1 0 0 0\n"
             "stage2\ntrees 1 %d 0\ntree 1\n-1 0 2 0 0 0\n",
             3 + MODEL_N_STAGE2 + 1);
    model *m = model_parse(text, strlen(text), 0);
    CHECK(m != NULL);
    if (!m)
        return;
    char *packed = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&packed, &n);
    CHECK(out && model_pack(m, out) == 0);
    if (out)
        fclose(out);
    static _Alignas(16) char blob[4096];
    CHECK(packed && n + 1 < sizeof blob);
    if (!packed || n + 1 >= sizeof blob) {
        free(packed);
        model_free(m);
        return;
    }
    memcpy(blob, packed, n);
    model *v = model_view(blob, n, 2);
    CHECK(v && v->n_words == 1 && !strcmp(v->words[0], "foo") && v->word_feature[0] == 2 && v->n_types == 1 &&
          !strcmp(v->type_names[0], "article") && v->type_threshold[0] == 0.4f && v->threshold == 0.5f);
    float x[3] = {0, 0, 1}, y[3] = {0, 0, NAN};
    CHECK(v && gbdt_margin(&v->stage1, x) == gbdt_margin(&m->stage1, x) &&
          gbdt_margin(&v->stage1, y) == gbdt_margin(&m->stage1, y) && gbdt_margin(&v->stage1, x) == 0.5f - 1);
    model_free(v);
    CHECK(model_view(blob, n, 3) == NULL);     /* trained on other features */
    CHECK(model_view(blob, n - 4, 2) == NULL); /* cut short */
    memmove(blob + 1, blob, n);
    CHECK(model_view(blob + 1, n, 2) == NULL); /* misaligned */
    memcpy(blob, packed, n);
    /* Every byte changed in turn: refused, or read as a model whose every
     * walk stays inside its arrays (a changed threshold or leaf value;
     * the sanitizer builds check the reads). */
    size_t accepted = 0;
    for (size_t i = 0; i < n; i++) {
        blob[i] ^= 0x5a;
        model *bad = model_view(blob, n, 0);
        if (bad) {
            float *row = calloc(bad->stage2.n_features, sizeof *row);
            if (row) {
                (void)gbdt_margin(&bad->stage1, row);
                for (size_t t = 0; t < bad->n_types; t++)
                    (void)gbdt_margin(&bad->types[t], row);
                (void)gbdt_margin(&bad->stage2, row);
            }
            free(row);
            accepted++;
        }
        model_free(bad);
        blob[i] ^= 0x5a;
    }
    CHECK(accepted < n / 2);
    free(packed);
    model_free(m);
}

/* libxml2's allocator for test_html_nomem: every call fails. */
static void *no_malloc(size_t n)
{
    (void)n;
    return NULL;
}

static void *no_realloc(void *p, size_t n)
{
    (void)p;
    (void)n;
    return NULL;
}

static char *no_strdup(const char *s)
{
    (void)s;
    return NULL;
}

/* When libxml2 cannot allocate, the page fails as out of memory, not as
 * HTML that does not parse. */
static void test_html_nomem(void)
{
    static const char page[] = "<html><body><p>The committee met on Tuesday.</p></body></html>";
    decruft_rules *r = decruft_rules_new(NULL);
    decruft_error err;
    decruft_result *res = decruft_clean(r, page, sizeof page - 1, NULL, &err); /* libxml2 initialised */
    CHECK(res != NULL);
    decruft_result_free(res);
    xmlFreeFunc free_fn;
    xmlMallocFunc malloc_fn;
    xmlReallocFunc realloc_fn;
    xmlStrdupFunc strdup_fn;
    CHECK(xmlMemGet(&free_fn, &malloc_fn, &realloc_fn, &strdup_fn) == 0);
    CHECK(xmlMemSetup(free_fn, no_malloc, no_realloc, no_strdup) == 0);
    res = decruft_clean(r, page, sizeof page - 1, NULL, &err);
    CHECK(xmlMemSetup(free_fn, malloc_fn, realloc_fn, strdup_fn) == 0);
    CHECK(res == NULL && err.code == DECRUFT_ERR_NOMEM && strstr(err.message, "out of memory"));
    decruft_result_free(res);
    decruft_rules_free(r);
}

/* Dates and names as metadata fields take them: a wrong value is worse
 * than none, so each reading that would guess is refused. */
static void test_meta_values(void)
{
    /* A date as the page writes it, and as the field holds it (NULL:
     * refused). */
    static const struct {
        const char *text, *iso;
    } dates[] = {
        {"2024-03-05T08:30:00+00:00", "2024-03-05T08:30:00+00:00"},
        {" 2024-03-05 ", "2024-03-05"},
        {"2024/03/05", "2024-03-05"},
        {"2024-03-05T08:30 and more", "2024-03-05"},
        {"March 4, 2025", "2025-03-04"},
        {"Sept. 21st 2019", "2019-09-21"},
        {"7 October 2020", "2020-10-07"},
        {"12.09.2025", "2025-09-12"},
        {"2023-02-29", NULL}, /* no such day */
        {"1970-01-01", NULL}, /* a zero timestamp, not a web page's date */
        {"03/04/2025", NULL}, /* March 4 or 3 April */
        {"March 2025", NULL},
        {"15/12/2025", "2025-12-15"}, /* only a day is over 12 */
        {"10/31/2024", "2024-10-31"},
        {"13/31/2024", NULL},
        {"2023 Jan 7", "2023-01-07"},
    };
    char d[40];
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        int got = meta_date(dates[i].text, d);
        int ok = dates[i].iso ? got == 0 && !strcmp(d, dates[i].iso) : got == -1;
        CHECK(ok);
        if (!ok)
            printf("  meta_date(\"%s\")\n", dates[i].text);
    }
    CHECK(meta_find_date("Published on July 8, 2025 by the desk", d) == 0 && !strcmp(d, "2025-07-08"));
    CHECK(meta_find_date("no date here", d) == -1);
    /* A byline as the page writes it, whether it is read strictly (1:
     * capitalised words only, as for a byline found in text), and the name
     * it gives (NULL: refused).  Roles and affiliations after the names
     * are cut; labels, credits, prices and signatures are no names. */
    static const struct {
        const char *text;
        int strict;
        const char *name;
    } people[] = {
        {"By Jane Doe | Staff", 1, "Jane Doe"},
        {"  Written by  Ana de la Cruz ", 1, "Ana de la Cruz"},
        {"lulug30", 0, "lulug30"},
        {"lulug30", 1, NULL},
        {"By the way, the council met", 1, NULL},
        {"https://example.org/staff/jane", 0, NULL},
        {"By", 0, NULL},
        {"Jane Doe, March 3 2024", 0, NULL},
        {"Ann Lee and Bo Park, extension educators", 0, "Ann Lee and Bo Park"},
        {"Rex Du, Senior Director, Analytics", 0, "Rex Du"},
        {"Ana Ruiz, Coastal Valley Garden-based Learning Network", 0, "Ana Ruiz"},
        {"Mara Quill, Tobias Wren", 0, "Mara Quill, Tobias Wren"},
        {"By: Jane Doe", 1, "Jane Doe"},
        {"Byron Lee", 1, "Byron Lee"},
        {"Insights from", 0, NULL},
        {"content: Jane Doe, design: John Roe", 0, NULL},
        {"billed annually, or $15 a month", 0, NULL},
        {"\xE2\x80\x93 Linda", 0, NULL},
    };
    buf b = BUF_INIT;
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
        int got = meta_person(&b, people[i].text, people[i].strict);
        int ok = people[i].name ? got == 0 && !strcmp(b.data, people[i].name) : got == -1;
        CHECK(ok);
        if (!ok)
            printf("  meta_person(\"%s\", %d)\n", people[i].text, people[i].strict);
    }
    meta_clean(&b, "AT&amp;T&#39;s  new\n\tplan&nbsp;");
    CHECK(!strcmp(b.data, "AT&T's new plan"));
    buf_free(&b);
}

/* ref against base as url_resolve gives it, or "(unsafe)". */
static int resolves(const char *base, const char *ref, const char *want)
{
    buf out = BUF_INIT;
    int st = url_resolve(&out, base, ref);
    int ok = !strcmp(st ? "(unsafe)" : out.data, want);
    if (!ok)
        printf("  %s + %s = %s, not %s\n", base ? base : "(none)", ref, st ? "(unsafe)" : out.data, want);
    buf_free(&out);
    return ok;
}

static void test_url(void)
{
#define B "https://example.org/a/b/c.html?q=1#top"
    /* base, ref, what it resolves to; the schemes that run code or carry
     * content are out however disguised. */
    static const char *const cases[][3] = {
        {B, "d.html", "https://example.org/a/b/d.html"},
        {B, "../d.html", "https://example.org/a/d.html"},
        {B, "../../../d.html", "https://example.org/d.html"},
        {B, "./x/./y/../z", "https://example.org/a/b/x/z"},
        {B, "/d?x=1#f", "https://example.org/d?x=1#f"},
        {B, "//cdn.example.net/i.png", "https://cdn.example.net/i.png"},
        {B, "?p=2", "https://example.org/a/b/c.html?p=2"},
        {B, "#s", "https://example.org/a/b/c.html?q=1#s"},
        {"http://example.org", "d", "http://example.org/d"},
        {B, "HTTP://Other.example/x", "HTTP://Other.example/x"},
        {B, "mailto:a@example.org", "mailto:a@example.org"},
        {B, " a b.html ", "https://example.org/a/b/a%20b.html"},
        {NULL, "d.html", "d.html"},
        {"not a base", "d.html", "d.html"},
        {B, "javascript:alert(1)", "(unsafe)"},
        {B, " JavaScript:alert(1)", "(unsafe)"},
        {B, "java\tscr\nipt:alert(1)", "(unsafe)"},
        {B, "\x01javascript:alert(1)", "(unsafe)"},
        {B, "data:text/html,<script>", "(unsafe)"},
        {B, "vbscript:x", "(unsafe)"},
        {B, "file:///etc/passwd", "(unsafe)"},
        {NULL, "", "(unsafe)"},
    };
#undef B
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(resolves(cases[i][0], cases[i][1], cases[i][2]));
    CHECK(url_is_base("https://example.org/") && !url_is_base("https:///x") && !url_is_base("ftp://x/"));
}

/* Front matter: every value double-quoted, with what YAML would read as
 * a line break, cannot hold in a stream or may take for a byte order mark
 * escaped; invalid UTF-8 as U+FFFD; lists as sequences; empty fields and
 * an empty block left out. */
static void test_front_matter(void)
{
    doc d;
    struct doc_meta m;
    memset(&d, 0, sizeof d);
    memset(&m, 0, sizeof m);
    buf out = BUF_INIT;
    writer_front_matter(&d, &out);
    CHECK(out.len == 0);
    d.meta = &m;
    writer_front_matter(&d, &out);
    CHECK(out.len == 0);
    d.title = "Declared: title";
    m.value[DECRUFT_META_AUTHOR] = "a\x01" "b\x7f" "c\xc2\x85" "d\xe2\x80\xa8" "e\xef\xbb\xbf" "f\xff" "g\"\\\t\r\n";
    m.value[DECRUFT_META_SITE_NAME] = "";
    m.value[DECRUFT_META_TAGS] = "no\n- x: y\n\xe6\x96\xb0";
    writer_front_matter(&d, &out);
    const char *want = "---\n"
                       "title: \"Declared: title\"\n"
                       "author: \"a\\x01b\\x7Fc\\Nd\\Le\\uFEFFf\xef\xbf\xbdg\\\"\\\\\\t\\r\\n\"\n"
                       "tags:\n"
                       "  - \"no\"\n"
                       "  - \"- x: y\"\n"
                       "  - \"\xe6\x96\xb0\"\n"
                       "---\n";
    CHECK(!out.oom && !strcmp(out.data, want));
    if (strcmp(out.data, want))
        printf("front matter:\n%s", out.data);
    buf_free(&out);
}

/* The work budget: counted steps, over at one past the limit and for
 * good; the deadline; and through the API, a page quadratic for libxml2
 * (stray end tags under open elements) whose cost is counted, the same on
 * every run, and fails with DECRUFT_ERR_WORK under a small budget. */
static void test_work_budget(void)
{
    work w;
    work_start(&w, 100, 0);
    CHECK(!work_add(&w, 60) && !work_add(&w, 40) && w.state == WORK_GOING);
    CHECK(work_add(&w, 1) && w.state == WORK_OVER_STEPS && work_over(&w));
    CHECK(work_add(&w, 0) && work_over(&w));
    work_start(&w, UINT64_MAX, 0);
    CHECK(!work_add(&w, (uint64_t)1 << 62) && !work_add(&w, (uint64_t)1 << 62));
    work_start(&w, UINT64_MAX, 0.02);
    uint64_t spins = 0;
    while (!work_add(&w, 1) && spins < ((uint64_t)1 << 40))
        spins++;
    CHECK(w.state == WORK_OVER_TIME);

    enum { DEPTH = 4000 };
    buf page = BUF_INIT;
    buf_puts(&page, "<html><body>");
    for (int i = 0; i < DEPTH; i++)
        buf_puts(&page, "<div>");
    buf_puts(&page, "<p>The committee met on Tuesday to discuss the proposal, and the members agreed.</p>");
    for (int i = 0; i < DEPTH; i++)
        buf_puts(&page, "</span>");
    CHECK(!page.oom);
    decruft_rules *r = decruft_rules_new(NULL);
    decruft_options opts;
    decruft_options_init(&opts);
    decruft_error err;
    decruft_result *res = decruft_clean(r, page.data, page.len, &opts, &err);
    unsigned long long steps = decruft_result_work(res);
    CHECK(res && steps > (unsigned long long)DEPTH * DEPTH && strstr(decruft_result_text(res, NULL), "committee"));
    decruft_result_free(res);
    res = decruft_clean(r, page.data, page.len, &opts, &err);
    CHECK(res && decruft_result_work(res) == steps);
    decruft_result_free(res);
    opts.max_work = 1; /* the base alone, 10 Mi steps: under DEPTH^2 */
    CHECK(decruft_clean(r, page.data, page.len, &opts, &err) == NULL && err.code == DECRUFT_ERR_WORK &&
          strstr(err.message, "work limit exceeded ("));
    CHECK(!strcmp(decruft_strerror(DECRUFT_ERR_WORK), "work limit exceeded"));
    opts.max_work = DECRUFT_WORK_UNLIMITED;
    opts.timeout = 1e-9; /* over at the first look at the clock */
    CHECK(decruft_clean(r, page.data, page.len, &opts, &err) == NULL && err.code == DECRUFT_ERR_WORK &&
          strstr(err.message, "timeout"));
    /* A plain page stays far inside the default budget. */
    static const char text[] = "The committee met on Tuesday to discuss the proposal.\n\nShare on Facebook\n";
    decruft_options_init(&opts);
    res = decruft_clean(r, text, sizeof text - 1, &opts, &err);
    CHECK(res && decruft_result_work(res) > 0 && decruft_result_work(res) < DECRUFT_WORK_BASE);
    decruft_result_free(res);
    decruft_rules_free(r);
    buf_free(&page);
}

int main(void)
{
    test_rules_loader();
    test_lang_detect();
    test_dedup_key();
    test_wrap_width();
    test_text_blocks();
    test_traditional_chinese();
    test_utf8();
    test_api_errors();
    test_charset();
    test_signals();
    test_profile_key();
    test_gunzip();
    test_gbdt();
    test_gbdt_walks();
    test_model_pack();
    test_html_nomem();
    test_meta_values();
    test_url();
    test_front_matter();
    test_work_budget();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
