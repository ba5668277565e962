#include "lang.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "utf8.h"
#include "words.h"

/* Room for the lists in data/stopwords (102 today). */
#define LANG_MAX 128
/* Each list holds at most 400 words; 1024 slots keep probes short. */
#define STOP_SLOTS 1024
/* Detection looks only at the most frequent words of each list: they carry
 * the signal, and a small table stays in cache. */
#define DETECT_TOP 60
#define DETECT_SLOTS 16384
/* Words of the text sampled for detection: plenty to separate close
 * languages, and a bound on the cost for huge documents. */
#define DETECT_SAMPLE_WORDS 3000
/* Below this many stopword hits the guess is noise: say unknown. */
#define DETECT_MIN_HITS 3

typedef struct stop_set {
    char code[12];
    int unspaced;
    uint64_t slot[STOP_SLOTS];
} stop_set;

typedef struct detect_entry {
    uint64_t hash;
    uint64_t langs[LANG_MAX / 64];
} detect_entry;

static stop_set *sets;
static int n_langs;
static detect_entry *detect;
static int init_failed;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void set_add(stop_set *set, uint64_t h)
{
    size_t i = (size_t)h & (STOP_SLOTS - 1);
    while (set->slot[i] && set->slot[i] != h)
        i = (i + 1) & (STOP_SLOTS - 1);
    set->slot[i] = h;
}

static void detect_add(uint64_t h, int lang)
{
    size_t i = (size_t)h & (DETECT_SLOTS - 1);
    while (detect[i].hash && detect[i].hash != h)
        i = (i + 1) & (DETECT_SLOTS - 1);
    detect[i].hash = h;
    detect[i].langs[lang / 64] |= 1ull << (lang % 64);
}

static void build(void)
{
    sets = calloc(LANG_MAX, sizeof *sets);
    detect = calloc(DETECT_SLOTS, sizeof *detect);
    if (!sets || !detect) {
        init_failed = 1;
        return;
    }
    const char *p = decruft_stopwords_blob, *end = p + decruft_stopwords_blob_len;
    int lang = -1, rank = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n > 1 && p[0] == '@') {
            if (n_langs == LANG_MAX)
                break;
            lang = n_langs++;
            size_t c = n - 1 < sizeof sets[lang].code - 1 ? n - 1 : sizeof sets[lang].code - 1;
            memcpy(sets[lang].code, p + 1, c);
            sets[lang].unspaced = !strcmp(sets[lang].code, "zh") || !strcmp(sets[lang].code, "ja");
            rank = 0;
        } else if (n > 0 && lang >= 0) {
            uint64_t h = word_hash(p, n);
            set_add(&sets[lang], h);
            if (rank++ < DETECT_TOP && !sets[lang].unspaced)
                detect_add(h, lang);
        }
        p += n + 1;
    }
}

int lang_init(void)
{
    pthread_once(&init_once, build);
    return init_failed ? -1 : 0;
}

int lang_find(const char *code)
{
    if (lang_init() || !code)
        return -1;
    for (int i = 0; i < n_langs; i++)
        if (!strcmp(sets[i].code, code))
            return i;
    return -1;
}

const char *lang_code(int lang) { return lang >= 0 && lang < n_langs ? sets[lang].code : ""; }

int lang_is_unspaced(int lang) { return lang >= 0 && lang < n_langs && sets[lang].unspaced; }

int lang_is_stop(int lang, uint64_t h)
{
    if (lang < 0 || lang >= n_langs)
        return 0;
    const stop_set *set = &sets[lang];
    size_t i = (size_t)h & (STOP_SLOTS - 1);
    while (set->slot[i]) {
        if (set->slot[i] == h)
            return 1;
        i = (i + 1) & (STOP_SLOTS - 1);
    }
    return 0;
}

static const detect_entry *detect_lookup(uint64_t h)
{
    size_t i = (size_t)h & (DETECT_SLOTS - 1);
    while (detect[i].hash) {
        if (detect[i].hash == h)
            return &detect[i];
        i = (i + 1) & (DETECT_SLOTS - 1);
    }
    return NULL;
}

int lang_detect(const char *text, size_t len)
{
    if (lang_init())
        return -1;
    unsigned hits[LANG_MAX] = {0};
    size_t words = 0, han = 0, kana = 0, hangul = 0;
    word_iter it;
    word_iter_init(&it, text, len);
    while (words < DETECT_SAMPLE_WORDS && word_next(&it)) {
        words++;
        if (it.unspaced) {
            /* Kana are the mark of Japanese; Han alone, of Chinese. */
            unsigned char c0 = (unsigned char)it.fold[0], c1 = (unsigned char)it.fold[1];
            if (c0 == 0xE3 && (c1 == 0x81 || c1 == 0x82 || c1 == 0x83))
                kana++;
            else if (c0 >= 0xE3 && c0 <= 0xE9)
                han++;
            continue;
        }
        uint32_t first;
        utf8_decode(it.fold, it.fold_len, &first);
        if (uni_is_hangul(first))
            hangul++;
        const detect_entry *e = detect_lookup(it.hash);
        if (!e)
            continue;
        for (int w = 0; w < LANG_MAX / 64; w++) {
            uint64_t bits = e->langs[w];
            while (bits) {
                int b = __builtin_ctzll(bits);
                hits[w * 64 + b]++;
                bits &= bits - 1;
            }
        }
    }
    int best = -1;
    unsigned best_hits = 0;
    for (int i = 0; i < n_langs; i++)
        if (hits[i] > best_hits) {
            best_hits = hits[i];
            best = i;
        }
    /* A page in Chinese or Japanese still has Latin menus and brand names:
     * unspaced characters win when they outnumber the stopwords found. */
    if (han + kana > 2 * (size_t)best_hits && han + kana >= 10)
        return lang_find(kana * 10 >= han ? "ja" : "zh");
    /* Korean inflects its function words, so few match the list; Hangul
     * itself says Korean. */
    if (hangul > 2 * (size_t)best_hits && hangul >= 5)
        return lang_find("ko");
    return best_hits >= DETECT_MIN_HITS ? best : -1;
}
