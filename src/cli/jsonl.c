/* --jsonl: one JSON object a line in, the same object out with the page
 * replaced by its cleaned text (or the cleaned text added under
 * --field out=NAME).  Other fields pass through, in their order.  A line
 * that is not a JSON object with a string page field is reported with its
 * line number, skipped and counted.  Parsing is jansson's. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stream.h"

/* Bytes jansson may hold at once to parse a line of n bytes, over n: a
 * string is saved in a buffer that doubles (the old half and the new
 * whole at once), then decoded into a copy. */
#define PARSE_MEMORY_FACTOR 3

/* The page fields looked for when --field does not name them. */
#define DEFAULT_HTML_FIELD "html"
#define DEFAULT_TEXT_FIELD "text"

/* Whether one of jansson's allocations in this thread failed since the
 * flag was cleared: jansson 2.14 reports some of them as the text's fault
 * ("invalid token" where a string's buffer could not grow), and a line
 * that fits the check below can still run out while it is parsed. */
static _Thread_local int json_alloc_failed;

static void *json_alloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        json_alloc_failed = 1;
    return p;
}

typedef struct record {
    json_t *obj;
    const char *field; /* where the page was, static or from argv */
} record;

static void free_record(void *p)
{
    record *r = p;
    if (r)
        json_decref(r->obj);
    free(r);
}

/* The library's metadata values are valid UTF-8: json_string takes them. */
static json_t *json_string_or_null(const char *s) { return s ? json_string(s) : json_null(); }

json_t *metadata_object(const decruft_result *res)
{
    json_t *obj = json_object();
    const char *lang = decruft_result_lang(res);
    const char *title = decruft_result_meta(res, DECRUFT_META_TITLE);
    const char *type = decruft_result_page_type(res);
    /* As -f json: the headline, else the title the page declares. */
    int bad = !obj || json_object_set_new(obj, "lang", lang[0] ? json_string(lang) : json_null()) ||
              json_object_set_new(obj, "title", json_string_or_null(title ? title : decruft_result_title(res))) ||
              json_object_set_new(obj, "page_type", json_string_or_null(type));
    for (int f = DECRUFT_META_AUTHOR; !bad && f < DECRUFT_META_COUNT; f++) {
        const char *v = decruft_result_meta(res, (decruft_meta_field)f);
        json_t *value;
        if (f == DECRUFT_META_TAGS || f == DECRUFT_META_CATEGORIES) {
            /* One item a line. */
            value = json_array();
            for (const char *p = v; value && p && *p;) {
                size_t k = strcspn(p, "\n");
                if (json_array_append_new(value, json_stringn(p, k)))
                    json_decref(value), value = NULL;
                p += k + (p[k] == '\n');
            }
        } else {
            value = json_string_or_null(v);
        }
        bad = json_object_set_new(obj, decruft_meta_name((decruft_meta_field)f), value);
    }
    /* Inside the metadata, the one object of a record that is decruft's:
     * a field of its own could replace one the record came with. */
    if (!bad)
        bad = json_object_set_new(obj, "warnings", warnings_array(res));
    if (bad) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

json_t *warnings_array(const decruft_result *res)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < decruft_result_warning_count(res); i++)
        if (json_array_append_new(list, json_string_lossy(decruft_result_warning(res, i))))
            json_decref(list), list = NULL;
    return list;
}

void jsonl_line(job *j, const json_t *obj)
{
    char *line = obj ? json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (!line) {
        snprintf(j->error, sizeof j->error, "out of memory");
        return;
    }
    j->line = line;
    j->line_len = strlen(line);
}

void jsonl_emit(cli *c, job *j)
{
    (void)c;
    if (!j->line)
        return; /* reported by the pool; the record is skipped */
    fwrite(j->line, 1, j->line_len, stdout);
    fputc('\n', stdout);
}

/* Finds the page in obj: the --field names, else "html", else "text". */
static json_t *page_field(cli *c, json_t *obj, const char **field, decruft_input_type *type)
{
    struct {
        const char *name;
        decruft_input_type type;
    } tries[] = {{c->field_html ? c->field_html : DEFAULT_HTML_FIELD, DECRUFT_TYPE_HTML},
                 {c->field_text ? c->field_text : DEFAULT_TEXT_FIELD, DECRUFT_TYPE_TEXT}};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        json_t *v = json_object_get(obj, tries[i].name);
        if (v) {
            *field = tries[i].name;
            *type = c->opts.type != DECRUFT_TYPE_AUTO ? c->opts.type : tries[i].type;
            return v;
        }
    }
    return NULL;
}

/* The worker's first step: the line in j->data becomes its page.  Parsing
 * a record costs about a fifth of cleaning it (its page is one long JSON
 * string to decode); on the main thread it held the workers back. */
static void parse_record(cli *c, job *j)
{
    char *line = j->data;
    size_t len = j->len;
    j->data = NULL;
    /* jansson 2.14 does not check every allocation while it lexes
     * (akheron/jansson#735): a string it cannot save crashes it.  So the
     * memory a line takes to parse is asked for first, and a line too big
     * for what is left is reported rather than parsed. */
    void *room = len < SIZE_MAX / PARSE_MEMORY_FACTOR ? malloc(len * PARSE_MEMORY_FACTOR) : NULL;
    if (!room) {
        free(line);
        snprintf(j->error, sizeof j->error, "out of memory");
        return;
    }
    free(room);
    json_error_t jerr;
    json_alloc_failed = 0;
    json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    free(line);
    if (!obj || !json_is_object(obj)) {
        if (obj)
            snprintf(j->error, sizeof j->error, "not a JSON object");
        else if (json_error_code(&jerr) == json_error_out_of_memory || json_alloc_failed)
            snprintf(j->error, sizeof j->error, "out of memory");
        else
            snprintf(j->error, sizeof j->error, "invalid JSON at column %d: %s", jerr.column, jerr.text);
        json_decref(obj);
        return;
    }
    const char *field = NULL;
    decruft_input_type type = DECRUFT_TYPE_AUTO;
    json_t *page = page_field(c, obj, &field, &type);
    if (!page || !json_is_string(page)) {
        snprintf(j->error, sizeof j->error, page ? "field \"%s\" is not a string" : "no \"%s\" or \"%s\" field",
                 page ? field : (c->field_html ? c->field_html : DEFAULT_HTML_FIELD),
                 c->field_text ? c->field_text : DEFAULT_TEXT_FIELD);
        json_decref(obj);
        return;
    }
    record *r = j->ctx;
    size_t n = json_string_length(page);
    if (!(j->data = malloc(n + 1))) {
        json_decref(obj);
        snprintf(j->error, sizeof j->error, "out of memory");
        return;
    }
    memcpy(j->data, json_string_value(page), n);
    j->data[n] = '\0';
    j->len = n;
    /* When the cleaned text replaces the page, the page need not wait in
     * memory twice; the field keeps its place in the object. */
    if (!c->field_out || !strcmp(c->field_out, field))
        json_object_set_new(obj, field, json_string(""));
    r->obj = obj;
    r->field = field;
    json_t *url = json_object_get(obj, "url");
    if (json_is_string(url)) {
        j->site = site_of_url(json_string_value(url));
        j->url = strdup(json_string_value(url));
    }
    j->type = type;
    /* A JSON string is Unicode: a <meta charset> in it no longer says how
     * its bytes are encoded. */
    snprintf(j->charset, sizeof j->charset, "UTF-8");
}

/* The worker's last step: the record with its cleaned text, as a line. */
static void finish_record(cli *c, job *j)
{
    record *r = j->ctx;
    const char *into = c->field_out ? c->field_out : r->field;
    json_t *text = json_stringn_nocheck(j->out, j->out_len);
    if (!text || json_object_set_new(r->obj, into, text) != 0 ||
        (j->meta && json_object_set(r->obj, c->field_meta ? c->field_meta : DEFAULT_META_FIELD, j->meta) != 0)) {
        snprintf(j->error, sizeof j->error, "out of memory");
        return;
    }
    jsonl_line(j, r->obj);
}

/* The line goes to a worker as it is, with its name and number. */
static void submit_line(cli *c, pool *p, const char *src, size_t recno, const char *line, size_t len)
{
    char name[600];
    snprintf(name, sizeof name, "%.500s: line %zu", src, recno);
    char *data = malloc(len + 1);
    record *r = calloc(1, sizeof *r);
    job *j = data && r ? job_new(data, len, name) : NULL;
    if (!j) {
        free(data);
        free(r);
        cli_fail(c, name, "out of memory");
        return;
    }
    memcpy(data, line, len);
    data[len] = '\0';
    j->ctx = r;
    j->free_ctx = free_record;
    j->prepare = parse_record;
    j->finish = finish_record;
    j->emit = jsonl_emit;
    c->bytes_in += len;
    pool_submit(p, j);
}

static void fail_line(cli *c, const char *src, size_t recno, const char *why)
{
    char name[600];
    snprintf(name, sizeof name, "%.500s: line %zu", src, recno);
    cli_fail(c, name, why);
}

/* Reads the records of one stream.  A line from a gzip member that failed
 * its check is reported in its place; where the damage cut no line, under
 * the file's name.  Reading goes on at the next member (the line numbers
 * after it count the lines read). */
static void read_jsonl(cli *c, pool *p, stream *s, const char *src)
{
    size_t recno = 0, len;
    int skipped;
    const char *line;
    while ((line = stream_line(s, c->opts.max_bytes, &len, &skipped)) || stream_error(s)) {
        if (line)
            stream_settle(s);
        if (!line || stream_damaged(s, stream_tell(s))) {
            char why[300];
            int more = stream_resume(s, why, sizeof why);
            if (line)
                fail_line(c, src, ++recno, why);
            else
                cli_fail(c, src, why);
            if (!more)
                break;
            continue;
        }
        recno++;
        if (skipped)
            fail_line(c, src, recno, skipped == STREAM_NOMEM ? "out of memory" : "over the --max-bytes limit");
        else if (len)
            submit_line(c, p, src, recno, line, len); /* blank lines separate nothing */
    }
}

int jsonl_run(cli *c, char **paths, int n)
{
    json_set_alloc_funcs(json_alloc, free);
    return cli_run_streams(c, paths, n, read_jsonl);
}
