/* The command line's shared state and its parts: main.c (options),
 * input.c (reading files), pool.c (the ordered worker pool), files.c
 * (files and trees, -o, -i), replace.c (writing outputs safely), jsonl.c
 * (--jsonl), warc.c (--warc),
 * progress.c (--progress). */
#ifndef DECRUFT_CLI_H
#define DECRUFT_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "decruft.h"

enum { EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

typedef enum cli_mode { MODE_FILES = 0, MODE_JSONL, MODE_WARC } cli_mode;

typedef struct cli {
    decruft_options opts;
    decruft_format format;
    unsigned render_flags;
    const char *base_url;    /* --base-url: the address of the pages */
    int metadata;            /* --metadata: Markdown's front matter, the
                              * records' metadata field */
    decruft_rules *rules;
    cli_mode mode;
    int threads;
    int recursive;
    const char *out_dir;     /* -o */
    int in_place;            /* -i */
    const char *backup;      /* -iSUFFIX: keep the original under name+SUFFIX */
    int progress;            /* --progress */
    int quiet;               /* count failures without reporting them (fuzzing) */
    int no_warnings;         /* -q: no warnings (what was skipped but did not
                              * fail) and no progress line; failures still */
    const char *field_text;  /* --field text=NAME: JSON Lines field of plain text */
    const char *field_html;  /* --field html=NAME */
    const char *field_out;   /* --field out=NAME: where the cleaned text goes */
    const char *field_meta;  /* --field meta=NAME: where --metadata goes */
    const char *site;        /* --site: the site of files (profiles) */
    decruft_profile *learn;  /* --learn: counting lines across pages */
    decruft_profile *profile; /* --profile: lines to drop */
    /* Counters, main thread only. */
    size_t done, failed, skipped;
    size_t encoding_warned; /* documents cleaned with an encoding warning */
    unsigned long long bytes_in, bytes_total;
} cli;

typedef struct job job;

/* One document in flight: a file, a JSON Lines record or a WARC record.
 * The reader fills the input half; a worker fills the result half; emit
 * runs on the main thread, in input order. */
struct job {
    char *data; /* input, freed once cleaned */
    size_t len;
    char *name; /* for messages: a path, or "FILE: record N" */
    decruft_input_type type;
    void *ctx;  /* the mode's state for this document, freed by free_ctx */
    void (*emit)(cli *c, job *j);
    /* A mode's steps on the worker, each optional: prepare turns what the
     * reader gave (a JSON Lines record's line) into the page in data, or
     * sets error; finish turns the rendered out into line. */
    void (*prepare)(cli *c, job *j);
    void (*finish)(cli *c, job *j);
    void (*free_ctx)(void *ctx);
    char *site; /* for profiles: the page's site, malloc'd, or NULL */
    char *url;  /* the record's URL, where its links resolve; malloc'd or NULL */
    char charset[40]; /* the encoding the record came with (its HTTP charset,
                       * UTF-8 for a JSON string), or "" */
    decruft_result *res; /* kept for --learn instead of rendered */
    char *out;  /* rendered result (decruft_free), or NULL when failed */
    struct json_t *meta; /* --metadata of a record (metadata_object), or NULL */
    size_t out_len;
    char *line; /* a record's output line (malloc'd), or NULL */
    size_t line_len;
    char lang[16];
    char error[256]; /* why it failed, "" when it did not: no allocation
                      * to fail when the failure is out of memory */
    char warning[512]; /* the result's warnings, one a line, or "" */
    int encoding_warned; /* one of them was the encoding's */
};

/* A JSON string of s: a value that is not UTF-8 (a path, a header) has
 * its bytes over 0x7F percent-encoded.  NULL when out of memory. */
struct json_t;
struct json_t *json_string_lossy(const char *s);

/* Reports a failed document on stderr and counts it. */
void cli_fail(cli *c, const char *name, const char *why);
/* Reports on stderr, unless -q, what did not stop a document or a run (a
 * rule skipped on some blocks, a FIFO met in a walk): "NAME: warning:
 * WHY"; the exit status stays as it is. */
void cli_warn(cli *c, const char *name, const char *why);

/* At the end of a run of several documents, unless -q: how many of them
 * had their encoding guessed or repaired, the one warning of a batch that
 * its per-document lines bury in a stream of thousands. */
void cli_summary(cli *c);

/* The site of a URL for profiles: its host, lowercased, without "www.";
 * malloc'd, or NULL when url has none. */
char *site_of_url(const char *url);

/* input.c: reads a whole file ("-": standard input), refusing more than
 * max bytes with *why = too_large, which names that limit.  Returns the
 * bytes (malloc'd) or NULL with *why set. */
char *read_file(const char *path, size_t max, const char *too_large, size_t *len, const char **why);

/* pool.c: cleans jobs on c->threads threads, emitting them in the order
 * they were submitted, with at most a few jobs per thread in flight. */
typedef struct pool pool;
pool *pool_new(cli *c);
void pool_submit(pool *p, job *j); /* takes ownership */
void pool_finish(pool *p);         /* emits the rest and frees the pool */
job *job_new(char *data, size_t len, const char *name);

/* The record modes' loop: opens each path ("-" or none: standard input),
 * gzip or plain, and has read submit its records to one pool.  Returns
 * nonzero when some record failed. */
typedef struct stream stream;
int cli_run_streams(cli *c, char **paths, int n, void (*read)(cli *, pool *, stream *, const char *));

/* The modes: each returns nonzero when some document failed. */
int files_run(cli *c, char **paths, int n);
int jsonl_run(cli *c, char **paths, int n);
int warc_run(cli *c, char **paths, int n);

/* Where --metadata goes in a JSON Lines record, unless --field meta=
 * names another field; a WARC record's is always this. */
#define DEFAULT_META_FIELD "metadata"

/* The metadata of a record for --metadata: an object of the fields of
 * -f json but text and blocks, in its order, null or [] where the page
 * does not say, then the result's warnings (always, [] when none: a
 * fixed set of keys).  A new reference; NULL when out of memory. */
struct json_t *metadata_object(const decruft_result *res);

/* The result's warnings (decruft_result_warning) as a JSON array of
 * strings, [] when none; a byte that is not UTF-8 (a charset label read
 * from the page) percent-encoded.  A new reference; NULL when out of
 * memory. */
struct json_t *warnings_array(const decruft_result *res);

/* On a worker: obj (a jansson object, NULL when building it ran out of
 * memory) as j's line of JSON Lines, fields in order, or j's error. */
void jsonl_line(job *j, const struct json_t *obj);
/* On the main thread: writes j's line, if it has one. */
void jsonl_emit(cli *c, job *j);

/* progress.c */
void progress_tick(cli *c);
void progress_end(cli *c);

#endif
