/* decruft: the command-line filter.  A thin client of the library: it reads
 * inputs, calls decruft_clean and writes what decruft_render gives back. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decruft.h"

enum { EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "Usage: decruft [OPTIONS] [FILE...]\n"
    "Strip boilerplate (menus, share bars, \"most popular\", cookie notices, repeated\n"
    "captions, footers) from scraped pages and print the main content.\n"
    "With no FILE, or when FILE is -, read standard input.\n"
    "\n"
    "  -t, --type TYPE      input type: auto (default), text, html\n"
    "  -f, --format FMT     output: text (default), json, markdown, explain\n"
    "      --explain        same as --format explain: every block, + kept / - dropped,\n"
    "                       with the reason (coloured on a terminal unless NO_COLOR)\n"
    "      --rules FILE     add the cruft rules in FILE (repeatable)\n"
    "      --lang CODE      skip language detection (ISO 639 code: en, de, zh...)\n"
    "      --no-captions    leave out figure and table captions (HTML)\n"
    "      --max-bytes N    refuse inputs over N bytes (K, M, G suffixes; default 1G)\n"
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "Exit status: 0 all inputs cleaned; 1 some inputs failed (the others were\n"
    "still processed); 2 usage error.\n";

typedef struct cli {
    decruft_options opts;
    decruft_format format;
    unsigned render_flags;
    decruft_rules *rules;
} cli;

static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "decruft: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'decruft --help' for more information.\n");
    exit(EXIT_USAGE);
}

static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned long long mult = 1;
    if (*end == 'K' || *end == 'k')
        mult = 1ull << 10, end++;
    else if (*end == 'M' || *end == 'm')
        mult = 1ull << 20, end++;
    else if (*end == 'G' || *end == 'g')
        mult = 1ull << 30, end++;
    if (errno || end == s || *end || v == 0 || v > SIZE_MAX / mult)
        usage_error("invalid size '%s'", s);
    return (size_t)(v * mult);
}

/* Reads all of f, refusing more than max bytes.  Returns 0, or an errno
 * value (EFBIG when over max). */
static int read_all(FILE *f, size_t max, char **out, size_t *out_len)
{
    size_t cap = 1 << 16, len = 0;
    char *p = malloc(cap);
    if (!p)
        return ENOMEM;
    for (;;) {
        if (len == cap) {
            if (cap > max) {
                free(p);
                return EFBIG;
            }
            char *q = cap > SIZE_MAX / 2 ? NULL : realloc(p, cap * 2);
            if (!q) {
                free(p);
                return ENOMEM;
            }
            p = q;
            cap *= 2;
        }
        size_t n = fread(p + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(p);
                return e;
            }
            break;
        }
    }
    if (len > max) {
        free(p);
        return EFBIG;
    }
    *out = p;
    *out_len = len;
    return 0;
}

static char *read_file(const char *path, size_t max, size_t *len, const char **why)
{
    int from_stdin = !strcmp(path, "-");
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return NULL;
    }
    struct stat st;
    if (!from_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        *why = "is a directory";
        return NULL;
    }
    char *data = NULL;
    int e = read_all(f, max, &data, len);
    if (!from_stdin)
        fclose(f);
    if (e) {
        *why = e == EFBIG ? "over the --max-bytes limit" : strerror(e);
        return NULL;
    }
    return data;
}

/* Returns 0 on success, 1 when this input failed (reported on stderr). */
static int process(cli *c, const char *path)
{
    const char *name = strcmp(path, "-") ? path : "(stdin)";
    const char *why = NULL;
    size_t len = 0;
    char *data = read_file(path, c->opts.max_bytes, &len, &why);
    if (!data) {
        fprintf(stderr, "decruft: %s: %s\n", name, why);
        return 1;
    }
    decruft_error err;
    decruft_result *res = decruft_clean(c->rules, data, len, &c->opts, &err);
    free(data);
    if (!res) {
        fprintf(stderr, "decruft: %s: %s\n", name, err.message);
        return 1;
    }
    char *out = NULL;
    size_t out_len = 0;
    decruft_status st = decruft_render(res, c->format, c->render_flags, &out, &out_len);
    decruft_result_free(res);
    if (st != DECRUFT_OK) {
        fprintf(stderr, "decruft: %s: %s\n", name, decruft_strerror(st));
        return 1;
    }
    fwrite(out, 1, out_len, stdout);
    decruft_free(out);
    return 0;
}

static void add_rules_file(cli *c, const char *path)
{
    size_t len;
    const char *why;
    char *text = read_file(path, (size_t)64 << 20, &len, &why);
    if (!text) {
        fprintf(stderr, "decruft: %s: %s\n", path, why);
        exit(EXIT_USAGE);
    }
    decruft_error err;
    if (decruft_rules_add(c->rules, text, len, path, &err) != DECRUFT_OK) {
        fprintf(stderr, "decruft: %s\n", err.message);
        free(text);
        exit(EXIT_USAGE);
    }
    free(text);
}

static int colour_wanted(void)
{
    const char *no = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !(no && no[0]) && !(term && !strcmp(term, "dumb"));
}

int main(int argc, char **argv)
{
    enum { OPT_EXPLAIN = 256, OPT_RULES, OPT_LANG, OPT_MAX_BYTES, OPT_NO_CAPTIONS };
    static const struct option longopts[] = {
        {"type", required_argument, NULL, 't'},       {"format", required_argument, NULL, 'f'},
        {"explain", no_argument, NULL, OPT_EXPLAIN},  {"rules", required_argument, NULL, OPT_RULES},
        {"lang", required_argument, NULL, OPT_LANG},  {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
        {"no-captions", no_argument, NULL, OPT_NO_CAPTIONS},
        {"help", no_argument, NULL, 'h'},             {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    cli c;
    memset(&c, 0, sizeof c);
    decruft_options_init(&c.opts);
    const char *rules_files[64];
    size_t n_rules_files = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "t:f:hV", longopts, NULL)) != -1) {
        switch (opt) {
        case 't':
            if (!strcmp(optarg, "auto"))
                c.opts.type = DECRUFT_TYPE_AUTO;
            else if (!strcmp(optarg, "text"))
                c.opts.type = DECRUFT_TYPE_TEXT;
            else if (!strcmp(optarg, "html"))
                c.opts.type = DECRUFT_TYPE_HTML;
            else
                usage_error("invalid --type '%s' (auto, text or html)", optarg);
            break;
        case 'f':
            if (!strcmp(optarg, "text"))
                c.format = DECRUFT_FORMAT_TEXT;
            else if (!strcmp(optarg, "json"))
                c.format = DECRUFT_FORMAT_JSON;
            else if (!strcmp(optarg, "explain"))
                c.format = DECRUFT_FORMAT_EXPLAIN;
            else if (!strcmp(optarg, "markdown") || !strcmp(optarg, "md"))
                c.format = DECRUFT_FORMAT_MARKDOWN;
            else
                usage_error("invalid --format '%s' (text, json, markdown or explain)", optarg);
            break;
        case OPT_EXPLAIN:
            c.format = DECRUFT_FORMAT_EXPLAIN;
            break;
        case OPT_RULES:
            if (n_rules_files == sizeof rules_files / sizeof rules_files[0])
                usage_error("too many --rules files (%s)", "64 at most");
            rules_files[n_rules_files++] = optarg;
            break;
        case OPT_LANG:
            c.opts.lang = optarg;
            break;
        case OPT_MAX_BYTES:
            c.opts.max_bytes = parse_size(optarg);
            break;
        case OPT_NO_CAPTIONS:
            c.opts.flags |= DECRUFT_FLAG_NO_CAPTIONS;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return 0;
        case 'V':
            printf("decruft %s\n", decruft_version());
            return 0;
        default:
            fprintf(stderr, "Try 'decruft --help' for more information.\n");
            return EXIT_USAGE;
        }
    }
    decruft_error err;
    c.rules = decruft_rules_new(&err);
    if (!c.rules) {
        fprintf(stderr, "decruft: %s\n", err.message);
        return EXIT_SOME_FAILED;
    }
    for (size_t i = 0; i < n_rules_files; i++)
        add_rules_file(&c, rules_files[i]);
    if (c.format == DECRUFT_FORMAT_EXPLAIN && colour_wanted())
        c.render_flags |= DECRUFT_RENDER_COLOR;
    if (c.format == DECRUFT_FORMAT_JSON || c.format == DECRUFT_FORMAT_EXPLAIN)
        c.opts.flags |= DECRUFT_FLAG_ALL_REASONS;

    int failed = 0;
    if (optind == argc)
        failed |= process(&c, "-");
    for (int i = optind; i < argc; i++)
        failed |= process(&c, argv[i]);
    decruft_rules_free(c.rules);
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "decruft: write error: %s\n", strerror(errno));
        return EXIT_SOME_FAILED;
    }
    return failed ? EXIT_SOME_FAILED : 0;
}
