/*
 * decruft: strip boilerplate (navigation, share bars, "most popular" lists,
 * cookie notices, repeated captions...) from scraped web pages, keeping the
 * main content.
 *
 * Usage, in short:
 *
 *     decruft_error err;
 *     decruft_rules *rules = decruft_rules_new(&err);          // built-in rules
 *     decruft_result *res = decruft_clean(rules, buf, len, NULL, &err);
 *     size_t n;
 *     const char *text = decruft_result_text(res, &n);         // owned by res
 *     ...
 *     decruft_result_free(res);
 *     decruft_rules_free(rules);
 *
 * Threads: a decruft_rules is immutable once built (decruft_rules_add is the
 * only call that changes it, and must not race with anything else on the same
 * rules).  Any number of threads may then call decruft_clean with the same
 * rules at once.  A decruft_result belongs to the thread that holds it.
 *
 * The library never prints, never exits and never touches the network or the
 * file system (decruft_rules_add takes the rules text, not a path).
 */
#ifndef DECRUFT_H
#define DECRUFT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden visibility: only what carries
 * DECRUFT_API is exported. */
#if defined(__GNUC__) || defined(__clang__)
#define DECRUFT_API __attribute__((visibility("default")))
#else
#define DECRUFT_API
#endif

#define DECRUFT_VERSION "0.1.0"
#define DECRUFT_VERSION_MAJOR 0
#define DECRUFT_VERSION_MINOR 1
#define DECRUFT_VERSION_PATCH 0

/* Bump when decruft_options changes layout; callers set abi_version to it. */
#define DECRUFT_ABI_VERSION 3

typedef enum decruft_status {
    DECRUFT_OK = 0,
    DECRUFT_ERR_NOMEM,      /* an allocation failed */
    DECRUFT_ERR_ARG,        /* a NULL or out-of-range argument */
    DECRUFT_ERR_RULES,      /* a rule did not compile; see line and message */
    DECRUFT_ERR_BINARY,     /* input is not text: NUL bytes (text), more than 1% control
                             * bytes (text, and HTML) */
    DECRUFT_ERR_TOO_LARGE,  /* input over max_bytes, or a size overflow */
    DECRUFT_ERR_MATCH,      /* no longer returned: a rule that exhausts its match
                             * budget on a block is skipped there, with a warning
                             * (decruft_result_warning) */
    DECRUFT_ERR_UNSUPPORTED, /* an input type or format this build cannot handle */
    DECRUFT_ERR_WORK        /* the document cost more work than its budget
                             * (max_work steps a byte) or its time (timeout) */
} decruft_status;

/* An error value.  message points to static storage or into the error itself
 * (detail); it stays valid as long as the decruft_error does.  line is the
 * 1-based line of a rules file or input, offset a byte offset; 0 when
 * unknown. */
typedef struct decruft_error {
    decruft_status code;
    const char *message;
    size_t line;
    size_t offset;
    char detail[256];
} decruft_error;

typedef enum decruft_input_type {
    DECRUFT_TYPE_AUTO = 0, /* sniff the bytes */
    DECRUFT_TYPE_TEXT,     /* already scraped plain text */
    DECRUFT_TYPE_HTML      /* HTML markup, in any encoding it declares */
} decruft_input_type;

typedef enum decruft_format {
    DECRUFT_FORMAT_TEXT = 0, /* the kept content */
    DECRUFT_FORMAT_JSON,     /* {"lang","title","page_type", the metadata fields,
                              * "text","blocks":[{"line","text","kept","reason"}]} */
    DECRUFT_FORMAT_EXPLAIN,  /* one line a block: '+' or '-', the reason, the text */
    DECRUFT_FORMAT_MARKDOWN, /* the kept content with its headings, lists, quotes,
                              * code, tables, emphasis as Markdown; links and
                              * images with DECRUFT_RENDER_LINKS, _IMAGES */
    DECRUFT_FORMAT_HTML      /* the kept content as a safe HTML fragment:
                              * <article> with headings, paragraphs, lists,
                              * quotes, code, tables, figures, links, images;
                              * no script, style or event attribute, URLs of
                              * http, https and mailto only */
} decruft_format;

/* Flags for decruft_render. */
#define DECRUFT_RENDER_COLOR 1u /* ANSI colours in the explain format */
/* Bytes of text input that are no part of valid UTF-8 as U+FFFD (they pass
 * through unchanged otherwise), for output that must be UTF-8: a JSON
 * string.  JSON output is always valid UTF-8. */
#define DECRUFT_RENDER_UTF8 2u
/* Markdown: links as [text](URL), images as ![alt](URL).  HTML output
 * always has them. */
#define DECRUFT_RENDER_LINKS 4u
#define DECRUFT_RENDER_IMAGES 8u
/* Readers' comments (HTML: the blocks of a comments section the cleaning
 * dropped, but for those a rule names, such as "3 comments" or "Reply"):
 * a "## Comments" section at the end of Markdown, a <section> at the end of
 * HTML, a "comments" array of their texts in JSON.  Other formats ignore
 * it. */
#define DECRUFT_RENDER_COMMENTS 16u
/* Markdown: the metadata first, as YAML front matter ("---" lines around
 * "key: value" lines): the fields of the JSON format but text and blocks,
 * in its order, those the page does not give left out (no block when it
 * gives none); every value a double-quoted string, lists (tags,
 * categories) block sequences of them.  The JSON and explain formats
 * always carry the metadata; text and HTML ignore the flag. */
#define DECRUFT_RENDER_METADATA 32u

typedef struct decruft_profile decruft_profile;

typedef struct decruft_options {
    unsigned abi_version;    /* DECRUFT_ABI_VERSION */
    decruft_input_type type;
    const char *lang;        /* ISO code to skip language detection, or NULL */
    size_t max_bytes;        /* refuse larger inputs; 0 means DECRUFT_DEFAULT_MAX_BYTES */
    unsigned flags;          /* DECRUFT_FLAG_* */
    const decruft_profile *profile; /* lines learnt as boilerplate, or NULL */
    const char *site;        /* the site this page is from, for profile */
    /* The work a document may cost, in steps (a node of the HTML tree, a
     * parser event, a block a stage passes over, a byte a rule reads...):
     * max_work steps a byte of input, plus DECRUFT_WORK_BASE (10 Mi).  Counted,
     * not timed, so a document passes or fails the same way on any machine
     * and under any load.  0 means DECRUFT_DEFAULT_MAX_WORK;
     * DECRUFT_WORK_UNLIMITED turns the bound off. */
    size_t max_work;
    /* Seconds of processor time (of the calling thread) a document may take,
     * a backstop for work no step counts; 0: none.  Unlike max_work it
     * depends on the machine: the same page may pass on one and fail on a
     * slower one. */
    double timeout;
    const char *charset;     /* the encoding the document came with: an HTTP
                              * Content-Type's charset, "UTF-8" for a JSON
                              * string; NULL when unknown.  It outranks the
                              * page's own declaration, as in a browser, but
                              * not a byte order mark, nor UTF-8 too
                              * plentiful to be chance, nor bytes it cannot
                              * decode (see the README, "encodings") */
} decruft_options;

/* Match the cruft rules on every block, so that each dropped block names
 * the rule it matches even where position alone dropped it ("rule:share"
 * rather than "after main content").  The kept text is the same either
 * way; this costs time, and suits --explain and JSON output. */
#define DECRUFT_FLAG_ALL_REASONS 1u

/* Leave out figure and table captions (HTML), as most extractors' gold
 * standards do.  By default a caption is kept once. */
#define DECRUFT_FLAG_NO_CAPTIONS 2u

/* 1 GiB: far above any real page, low enough that a runaway input is refused
 * before the per-block tables (a few times the input) exhaust memory. */
#define DECRUFT_DEFAULT_MAX_BYTES ((size_t)1 << 30)

/* Real pages cost at most about a hundred steps a byte, most a few (the
 * README's limits give the figures): 1000 stops only a page that is
 * quadratic for libxml2 or for decruft, at about 2 microseconds a byte (a
 * 2.4 MB page after 2 s) instead of minutes or hours. */
#define DECRUFT_DEFAULT_MAX_WORK 1000
#define DECRUFT_WORK_BASE ((size_t)10 << 20)
#define DECRUFT_WORK_UNLIMITED ((size_t)-1)

/* Fills opts with the defaults (auto type, detected language). */
DECRUFT_API void decruft_options_init(decruft_options *opts);

/* ---- rules ---------------------------------------------------------- */

typedef struct decruft_rules decruft_rules;

/* A rule set holding the built-in rules.  Returns NULL and fills err (if not
 * NULL) on failure.  Free with decruft_rules_free. */
DECRUFT_API decruft_rules *decruft_rules_new(decruft_error *err);

/* Adds the rules in text (the rules-file format, see data/rules.txt) to rules.
 * name is used in error messages only (may be NULL).  On a bad rule nothing is
 * added and err names the line.  Not thread safe with concurrent use of the
 * same rules. */
DECRUFT_API decruft_status decruft_rules_add(decruft_rules *rules, const char *text, size_t len,
                                 const char *name, decruft_error *err);

/* Number of rules in the set. */
DECRUFT_API size_t decruft_rules_count(const decruft_rules *rules);

DECRUFT_API void decruft_rules_free(decruft_rules *rules);

/* ---- cleaning ------------------------------------------------------- */

typedef struct decruft_result decruft_result;

/* Cleans one document of len bytes (not NUL terminated).  rules may be
 * shared by threads; opts may be NULL for defaults.  Returns NULL and fills
 * err on failure.  The input is not retained: the result holds its own copy.
 * Free with decruft_result_free. */
DECRUFT_API decruft_result *decruft_clean(const decruft_rules *rules, const char *input, size_t len,
                              const decruft_options *opts, decruft_error *err);

/* The cleaned text, NUL terminated, owned by res.  len (if not NULL) gets its
 * length.  Empty (never NULL) when nothing was kept. */
DECRUFT_API const char *decruft_result_text(const decruft_result *res, size_t *len);

/* ISO 639 code of the detected (or given) language, "" when unknown. */
DECRUFT_API const char *decruft_result_lang(const decruft_result *res);

/* The document title when the input declares one (its og:title, else its
 * <title>, as it is), else NULL.  decruft_result_meta(res,
 * DECRUFT_META_TITLE) is the headline without the site name. */
DECRUFT_API const char *decruft_result_title(const decruft_result *res);

/* The kind of page, as the learned model judges it: "article",
 * "documentation", "service", "forum", "product", "collection" or
 * "listing"; NULL for an empty document.  Static storage. */
DECRUFT_API const char *decruft_result_page_type(const decruft_result *res);

/* The page's metadata, read from the page itself: <meta> names and
 * OpenGraph, JSON-LD, microdata, <time>, byline markup and text (HTML);
 * for plain text, a byline or dateline the first lines clearly hold.  A
 * field is left unknown rather than guessed. */
typedef enum decruft_meta_field {
    DECRUFT_META_TITLE = 0,     /* the headline, without the site name */
    DECRUFT_META_AUTHOR,        /* the author, several joined by ", " */
    DECRUFT_META_DATE,          /* published: ISO 8601, YYYY-MM-DD or with the time */
    DECRUFT_META_DATE_MODIFIED, /* last modified, same form */
    DECRUFT_META_SITE_NAME,
    DECRUFT_META_URL,           /* canonical URL; it and the image are resolved
                                 * against the page's address as links are
                                 * (decruft_result_set_base_url), relative
                                 * while none is known, NULL when their
                                 * scheme is not http or https */
    DECRUFT_META_DESCRIPTION,
    DECRUFT_META_IMAGE,         /* URL of the main image */
    DECRUFT_META_LANG,          /* the language the page declares (BCP 47), not the detected one */
    DECRUFT_META_TAGS,          /* tags, one a line ('\n' between) */
    DECRUFT_META_CATEGORIES,    /* sections or categories, one a line */
    DECRUFT_META_COUNT
} decruft_meta_field;

/* The value of a metadata field, NUL terminated, valid UTF-8 (bytes of
 * the input that are not are U+FFFD) and owned by res; NULL when the page
 * does not say (or field is out of range). */
DECRUFT_API const char *decruft_result_meta(const decruft_result *res, decruft_meta_field field);

/* Where that value came from, e.g. "json-ld", "og:title", "meta:author",
 * "microdata", "time", "byline", "text"; NULL when the value is NULL.  Static
 * storage. */
DECRUFT_API const char *decruft_result_meta_source(const decruft_result *res, decruft_meta_field field);

/* The field's name as -f json writes it ("title", "author", "date",
 * "date_modified", "site_name", "url", "description", "image", "lang_declared",
 * "tags", "categories"); NULL out of range.  Static storage. */
DECRUFT_API const char *decruft_meta_name(decruft_meta_field field);

/* What the caller should hear of although the document was cleaned: how
 * its encoding was settled when that was a guess or overrode a declaration,
 * and bytes that were no character of it ("encoding: no charset declared:
 * read as WINDOWS-1251, which a detector guessed"), first; a rule that ran
 * out of its matching budget on some blocks and was skipped for them
 * ("rule 'promo' ran out of its matching budget on 3 blocks, skipped
 * there"), one warning per rule.  Owned by res; NULL when i is out
 * of range. */
DECRUFT_API size_t decruft_result_warning_count(const decruft_result *res);
DECRUFT_API const char *decruft_result_warning(const decruft_result *res, size_t i);

/* One block of the document, as the classifier saw it.  The pointers are
 * owned by the result. */
typedef struct decruft_block_info {
    const char *text; /* the block's bytes as they came (lines joined by '\n') */
    size_t len;
    int kept;         /* 1 kept, 0 dropped */
    const char *reason; /* why, e.g. "rule:back-to-top", "duplicate of block 3" */
    size_t line;      /* 1-based first line in the input */
} decruft_block_info;

DECRUFT_API size_t decruft_result_block_count(const decruft_result *res);

/* The steps cleaning res took (see decruft_options.max_work): divided by
 * the input's size, how close a page came to its budget. */
DECRUFT_API unsigned long long decruft_result_work(const decruft_result *res);

/* Fills info for block i (0-based).  Returns DECRUFT_ERR_ARG when out of range. */
DECRUFT_API decruft_status decruft_result_block(const decruft_result *res, size_t i, decruft_block_info *info);

/* Renders res in format into a new NUL-terminated buffer stored in *out (and
 * its length in *out_len if not NULL).  The caller frees *out with
 * decruft_free. */
DECRUFT_API decruft_status decruft_render(const decruft_result *res, decruft_format format, unsigned flags,
                              char **out, size_t *out_len);

/* The page's own address, against which relative links and images resolve
 * in Markdown and HTML output, and so do the metadata's image and canonical
 * URL (values decruft_result_meta gave before stay valid, as they were,
 * until decruft_result_free) (the page's <base href> resolves against it;
 * without it, the page's canonical link is used).  Copied; url NULL forgets
 * it.  DECRUFT_ERR_ARG when url is not an absolute http or https URL. */
DECRUFT_API decruft_status decruft_result_set_base_url(decruft_result *res, const char *url);

DECRUFT_API void decruft_result_free(decruft_result *res);

/* Frees memory the library handed to the caller (decruft_render). */
/* ---- cross-document boilerplate --------------------------------------- */

/* A profile counts, for each site, on how many of its pages each line
 * (normalised: case, digits, punctuation) appears.  Learn from a batch,
 * save, load in later runs and pass as options.profile with options.site:
 * lines that recur on enough pages of that site are dropped with the reason
 * "repeated across N pages of SITE".  Never applied across sites.  A
 * profile is read-only once loaded: threads may share it. */
DECRUFT_API decruft_profile *decruft_profile_new(void);

/* Counts the lines of one cleaned page of site (every block, kept or not).
 * Not thread safe on the same profile. */
DECRUFT_API decruft_status decruft_profile_learn(decruft_profile *profile, const char *site,
                                                 const decruft_result *res);

/* The profile as text (the lines that pass the thresholds), into a buffer
 * to free with decruft_free. */
DECRUFT_API decruft_status decruft_profile_save(const decruft_profile *profile, char **out, size_t *out_len);

/* Reads what decruft_profile_save wrote; name is for messages.  NULL and
 * err (with the line) when the text is not a profile. */
DECRUFT_API decruft_profile *decruft_profile_load(const char *text, size_t len, const char *name,
                                                  decruft_error *err);

DECRUFT_API void decruft_profile_free(decruft_profile *profile);

DECRUFT_API void decruft_free(void *p);

/* A static, human-readable description of code. */
DECRUFT_API const char *decruft_strerror(decruft_status code);

/* The library version, DECRUFT_VERSION of the built library. */
DECRUFT_API const char *decruft_version(void);

#ifdef __cplusplus
}
#endif

#endif /* DECRUFT_H */
