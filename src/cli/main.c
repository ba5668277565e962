/* decruft: the command-line filter.  A thin client of the library: this
 * file reads the options and hands the inputs to a mode (files.c,
 * jsonl.c, warc.c), which reads documents, has pool.c clean them and
 * writes what decruft_render gives back. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "decruft.h"

static const char usage_text[] =
    "Usage: decruft [OPTIONS] [FILE...]\n"
    "Strip boilerplate (menus, share bars, \"most popular\", cookie notices, repeated\n"
    "captions, footers) from scraped pages and print the main content.\n"
    "With no FILE, or when FILE is -, read standard input.\n"
    "\n"
    "  -t, --type TYPE      input type: auto (default), text, html\n"
    "  -f, --format FMT     output: text (default), json, markdown, html, explain\n"
    "      --links          markdown: links as [text](URL)\n"
    "      --images         markdown: images as ![alt](URL)\n"
    "      --comments       readers' comments too: markdown \"## Comments\", html\n"
    "                       <section>, json \"comments\" (HTML input)\n"
    "      --metadata       the page's metadata too: markdown opens with YAML front\n"
    "                       matter, --jsonl and --warc records get a \"metadata\"\n"
    "                       object (json and explain always have it)\n"
    "      --base-url URL   the pages' address: relative links and images of\n"
    "                       markdown and html resolve against it (default: a\n"
    "                       record's url, else the page's canonical link)\n"
    "      --explain        same as --format explain: every block, + kept / - dropped,\n"
    "                       with the reason (coloured on a terminal unless NO_COLOR)\n"
    "      --rules FILE     add the cruft rules in FILE (repeatable)\n"
    "      --lang CODE      skip language detection (ISO 639 code: en, de, zh...)\n"
    "      --no-captions    leave out figure and table captions (HTML)\n"
    "      --max-bytes N    refuse inputs over N bytes (K, M, G suffixes; default 1G)\n"
    "      --max-work N     fail a document that costs more than N steps of work a\n"
    "                       byte (default 1000, far above any real page; none: no\n"
    "                       limit); the same on every machine\n"
    "      --timeout SECS   fail a document that takes more than SECS seconds of\n"
    "                       processor time (default: none)\n"
    "\n"
    "Batch:\n"
    "  -r, --recursive      clean the files under each FOLDER, in name order\n"
    "  -o, --output DIR     write each output to DIR/PATH, its extension the format's\n"
    "                       (.txt, .md, .json): a.html gives DIR/a.txt\n"
    "  -i[SUFFIX], --in-place[=SUFFIX]\n"
    "                       replace each file by its output (atomically); with\n"
    "                       SUFFIX, keep the original as FILE+SUFFIX\n"
    "  -j, --jobs N         clean on N threads (0: one per CPU); same output as -j 1\n"
    "      --jsonl          input is JSON Lines: {\"html\"|\"text\": PAGE, ...} a line\n"
    "      --field K=NAME   JSON Lines field names: text=, html= (the page), out=\n"
    "                       (where the cleaned text goes; default: the page field),\n"
    "                       meta= (where --metadata goes; default: metadata)\n"
    "      --warc           input is WARC/WET (gzip or plain); output JSON Lines\n"
    "                       {\"url\",\"warc_id\",\"lang\",\"text\"}\n"
    "      --learn FILE     learn the lines that recur across each site's pages\n"
    "                       into FILE (no output)\n"
    "      --profile FILE   drop the lines FILE learnt, for each page's site\n"
    "      --site NAME      the site of the files (default: their first folder\n"
    "                       under the one named; of records: the URL's host)\n"
    "      --progress, --no-progress\n"
    "                       documents, MB/s and ETA on stderr (default: on a\n"
    "                       terminal when cleaning several files or records)\n"
    "  -q, --quiet          no warnings and no progress line (errors still)\n"
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "Exit status: 0 all inputs cleaned; 1 some inputs failed (the others were\n"
    "still processed); 2 usage error.\n";

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

/* --max-work: a count of steps a byte, or none. */
static size_t parse_work(const char *s)
{
    if (!strcmp(s, "none"))
        return DECRUFT_WORK_UNLIMITED;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0 || v >= DECRUFT_WORK_UNLIMITED || s[0] == '-')
        usage_error("invalid --max-work '%s' (steps a byte, or none)", s);
    return (size_t)v;
}

/* --timeout: seconds, more than none and at most a year. */
static double parse_seconds(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v > 0) || v > 365 * 86400.0)
        usage_error("invalid --timeout '%s' (seconds of processor time)", s);
    return v;
}

static void add_rules_file(cli *c, const char *path)
{
    size_t len;
    const char *why;
    /* 64 MiB of rules is about two million: past what loads in a minute. */
    char *text = read_file(path, (size_t)64 << 20, "over the limit of 64 MiB for a rules file", &len, &why);
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

static void load_profile(cli *c, const char *path)
{
    size_t len;
    const char *why;
    char *text = read_file(path, (size_t)1 << 30, "over the limit of 1 GiB for a profile", &len, &why);
    if (!text) {
        fprintf(stderr, "decruft: %s: %s\n", path, why);
        exit(EXIT_USAGE);
    }
    decruft_error err;
    c->profile = decruft_profile_load(text, len, path, &err);
    free(text);
    if (!c->profile) {
        fprintf(stderr, "decruft: %s\n", err.message);
        exit(EXIT_USAGE);
    }
}

/* Writes the learnt profile next to path and renames it into place. */
static void save_profile(cli *c, const char *path)
{
    char *text = NULL, tmp[4096];
    size_t len = 0;
    snprintf(tmp, sizeof tmp, "%s.decruft-tmp", path);
    FILE *f = decruft_profile_save(c->learn, &text, &len) == DECRUFT_OK ? fopen(tmp, "wb") : NULL;
    int ok = f && fwrite(text, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok) {
        if (f)
            unlink(tmp);
        cli_fail(c, path, text ? strerror(errno) : "out of memory");
    }
    decruft_free(text);
}

/* An unknown --lang is the command's error, not each document's: the
 * library, which knows its languages, is asked once on a line of text. */
static void check_lang(cli *c)
{
    decruft_options opts = c->opts;
    opts.type = DECRUFT_TYPE_TEXT;
    decruft_error err;
    decruft_result *res = decruft_clean(c->rules, "x\n", 2, &opts, &err);
    if (!res && err.code == DECRUFT_ERR_ARG)
        usage_error("invalid --lang: %s", err.message);
    decruft_result_free(res);
}

static int colour_wanted(void)
{
    const char *no = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !(no && no[0]) && !(term && !strcmp(term, "dumb"));
}

int main(int argc, char **argv)
{
    enum {
        OPT_EXPLAIN = 256,
        OPT_RULES,
        OPT_LANG,
        OPT_MAX_BYTES,
        OPT_MAX_WORK,
        OPT_TIMEOUT,
        OPT_NO_CAPTIONS,
        OPT_JSONL,
        OPT_WARC,
        OPT_FIELD,
        OPT_PROGRESS,
        OPT_NO_PROGRESS,
        OPT_LEARN,
        OPT_PROFILE,
        OPT_SITE,
        OPT_LINKS,
        OPT_IMAGES,
        OPT_BASE_URL,
        OPT_COMMENTS,
        OPT_METADATA
    };
    static const struct option longopts[] = {
        {"type", required_argument, NULL, 't'},       {"format", required_argument, NULL, 'f'},
        {"explain", no_argument, NULL, OPT_EXPLAIN},  {"rules", required_argument, NULL, OPT_RULES},
        {"lang", required_argument, NULL, OPT_LANG},  {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
        {"no-captions", no_argument, NULL, OPT_NO_CAPTIONS},
        {"max-work", required_argument, NULL, OPT_MAX_WORK}, {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"recursive", no_argument, NULL, 'r'},        {"output", required_argument, NULL, 'o'},
        {"in-place", optional_argument, NULL, 'i'},   {"jobs", required_argument, NULL, 'j'},
        {"jsonl", no_argument, NULL, OPT_JSONL},      {"warc", no_argument, NULL, OPT_WARC},
        {"field", required_argument, NULL, OPT_FIELD}, {"progress", no_argument, NULL, OPT_PROGRESS},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"learn", required_argument, NULL, OPT_LEARN}, {"profile", required_argument, NULL, OPT_PROFILE},
        {"site", required_argument, NULL, OPT_SITE},
        {"quiet", no_argument, NULL, 'q'},
        {"links", no_argument, NULL, OPT_LINKS},      {"images", no_argument, NULL, OPT_IMAGES},
        {"base-url", required_argument, NULL, OPT_BASE_URL}, {"comments", no_argument, NULL, OPT_COMMENTS},
        {"metadata", no_argument, NULL, OPT_METADATA},
        {"help", no_argument, NULL, 'h'},             {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    cli c;
    memset(&c, 0, sizeof c);
    decruft_options_init(&c.opts);
    const char *rules_files[64];
    size_t n_rules_files = 0;
    int opt, progress = -1;
    const char *learn_path = NULL, *profile_path = NULL;
    c.threads = 1;
    while ((opt = getopt_long(argc, argv, "t:f:hVqro:i::j:", longopts, NULL)) != -1) {
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
            else if (!strcmp(optarg, "html"))
                c.format = DECRUFT_FORMAT_HTML;
            else
                usage_error("invalid --format '%s' (text, json, markdown, html or explain)", optarg);
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
        case OPT_MAX_WORK:
            c.opts.max_work = parse_work(optarg);
            break;
        case OPT_TIMEOUT:
            c.opts.timeout = parse_seconds(optarg);
            break;
        case OPT_NO_CAPTIONS:
            c.opts.flags |= DECRUFT_FLAG_NO_CAPTIONS;
            break;
        case 'r':
            c.recursive = 1;
            break;
        case 'o':
            c.out_dir = optarg;
            break;
        case 'i':
            c.in_place = 1;
            c.backup = optarg && optarg[0] ? optarg : NULL;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || end == optarg || n < 0 || n > 1024)
                usage_error("invalid --jobs '%s' (0 to 1024)", optarg);
            c.threads = (int)n;
            break;
        }
        case OPT_JSONL:
            c.mode = MODE_JSONL;
            break;
        case OPT_WARC:
            c.mode = MODE_WARC;
            break;
        case OPT_FIELD:
            if (!strncmp(optarg, "text=", 5) && optarg[5])
                c.field_text = optarg + 5;
            else if (!strncmp(optarg, "html=", 5) && optarg[5])
                c.field_html = optarg + 5;
            else if (!strncmp(optarg, "out=", 4) && optarg[4])
                c.field_out = optarg + 4;
            else if (!strncmp(optarg, "meta=", 5) && optarg[5])
                c.field_meta = optarg + 5;
            else
                usage_error("invalid --field '%s' (text=NAME, html=NAME, out=NAME or meta=NAME)", optarg);
            break;
        case OPT_PROGRESS:
            progress = 1;
            break;
        case OPT_NO_PROGRESS:
            progress = 0;
            break;
        case OPT_LEARN:
            learn_path = optarg;
            break;
        case OPT_PROFILE:
            profile_path = optarg;
            break;
        case OPT_SITE:
            c.site = optarg;
            break;
        case 'q':
            c.no_warnings = 1;
            progress = 0;
            break;
        case OPT_LINKS:
            c.render_flags |= DECRUFT_RENDER_LINKS;
            break;
        case OPT_IMAGES:
            c.render_flags |= DECRUFT_RENDER_IMAGES;
            break;
        case OPT_COMMENTS:
            c.render_flags |= DECRUFT_RENDER_COMMENTS;
            break;
        case OPT_METADATA:
            c.metadata = 1;
            c.render_flags |= DECRUFT_RENDER_METADATA;
            break;
        case OPT_BASE_URL:
            if (strncasecmp(optarg, "http://", 7) && strncasecmp(optarg, "https://", 8))
                usage_error("invalid --base-url '%s' (an absolute http or https URL)", optarg);
            c.base_url = optarg;
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
    if (c.opts.lang)
        check_lang(&c);
    if (c.format == DECRUFT_FORMAT_EXPLAIN && colour_wanted())
        c.render_flags |= DECRUFT_RENDER_COLOR;
    if (c.format == DECRUFT_FORMAT_JSON || c.format == DECRUFT_FORMAT_EXPLAIN)
        c.opts.flags |= DECRUFT_FLAG_ALL_REASONS;

    char *stdin_only[] = {"-"};
    char **inputs = optind < argc ? argv + optind : stdin_only;
    int n_inputs = optind < argc ? argc - optind : 1;
    if (c.in_place && optind == argc)
        usage_error("%s needs files to replace", "-i");
    if (c.in_place && c.out_dir)
        usage_error("%s: choose one of -i and -o", "-i");
    if ((c.in_place || c.out_dir) && c.mode != MODE_FILES)
        usage_error("%s: -i and -o are for files; --jsonl and --warc write to standard output",
                    c.mode == MODE_JSONL ? "--jsonl" : "--warc");
    /* Asked for where it has no place, the metadata would be dropped
     * without a word: a plain text output cannot hold it apart from the
     * text (a header block would read as the page's first lines), nor can
     * an HTML fragment meant to be embedded. */
    if (c.metadata && c.mode == MODE_FILES && !learn_path &&
        (c.format == DECRUFT_FORMAT_TEXT || c.format == DECRUFT_FORMAT_HTML))
        usage_error("--metadata: -f %s has no place for the metadata (-f markdown writes it as YAML front matter, "
                    "-f json and -f explain always hold it, --jsonl and --warc records get a \"metadata\" field)",
                    c.format == DECRUFT_FORMAT_TEXT ? "text" : "html");
    if (c.field_meta && !c.metadata)
        usage_error("--field meta=%s names where --metadata goes: add --metadata", c.field_meta);
    /* The metadata written over the cleaned text, or over the page it is
     * cleaned from, would lose one of them without a word. */
    const char *meta_field = c.field_meta ? c.field_meta : DEFAULT_META_FIELD;
    if (c.metadata && c.mode == MODE_JSONL &&
        ((c.field_out && !strcmp(meta_field, c.field_out)) ||
         !strcmp(meta_field, c.field_html ? c.field_html : "html") ||
         !strcmp(meta_field, c.field_text ? c.field_text : "text")))
        usage_error("--field meta=%s: the page or the cleaned text goes there", meta_field);
    if (progress < 0)
        progress = isatty(STDERR_FILENO) && (c.mode != MODE_FILES || c.recursive || n_inputs > 1);
    c.progress = progress;
    if (learn_path && (c.in_place || c.out_dir))
        usage_error("%s writes a profile, not outputs: no -i or -o", "--learn");
    if (learn_path && !(c.learn = decruft_profile_new())) {
        fprintf(stderr, "decruft: out of memory\n");
        return EXIT_SOME_FAILED;
    }
    if (profile_path)
        load_profile(&c, profile_path);
    if (c.threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        c.threads = n > 0 ? (int)n : 1;
    }
    if (c.mode == MODE_JSONL)
        jsonl_run(&c, optind < argc ? inputs : NULL, optind < argc ? n_inputs : 0);
    else if (c.mode == MODE_WARC)
        warc_run(&c, optind < argc ? inputs : NULL, optind < argc ? n_inputs : 0);
    else
        files_run(&c, inputs, n_inputs);
    progress_end(&c);
    cli_summary(&c);
    if (learn_path)
        save_profile(&c, learn_path);
    decruft_profile_free(c.learn);
    decruft_profile_free(c.profile);
    int failed = c.failed != 0;
    decruft_rules_free(c.rules);
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "decruft: write error: %s\n", strerror(errno));
        return EXIT_SOME_FAILED;
    }
    return failed ? EXIT_SOME_FAILED : 0;
}
