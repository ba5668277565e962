/* --warc: WARC 1.0/1.1 files (a gzip member per record, or plain) in, JSON
 * Lines out: {"url","warc_id","lang","text"} for each `conversion` record
 * (WET text) and each HTML `response` or `resource` record (the HTTP
 * headers skipped, a chunked body joined).  Other records (warcinfo,
 * request, metadata, non-HTML responses) are skipped silently.  A record
 * whose Content-Length is missing, invalid, over --max-bytes, runs past the
 * end of the file or does not end at a record boundary is reported with
 * its number and skipped, and reading resumes at the next line that starts
 * a record: inside its body, when the length swallowed the records after
 * it.
 *
 * The reader is ours: the format is a header block and a length-counted
 * body; the libraries that exist (libwarc, warcio) are not in Debian or
 * not C. */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "stream.h"

/* A WARC header line longer than this is not a header. */
#define WARC_HEADER_MAX 65536

typedef struct warc_record {
    char *url, *id, *lang;
} warc_record;

static void free_fields(warc_record *r)
{
    free(r->url);
    free(r->id);
    free(r->lang);
}

static void free_warc(void *p)
{
    if (p)
        free_fields(p);
    free(p);
}

/* Sets key to value, when there is one.  A JSON string must be UTF-8: a
 * header value that is not (a URL with raw bytes) has its bytes over 0x7F
 * percent-encoded, as a URL would.  Returns -1 when out of memory. */
static int put_field(json_t *obj, const char *key, const char *value)
{
    if (!obj || !value)
        return obj ? 0 : -1;
    return json_object_set_new(obj, key, json_string_lossy(value));
}

/* The worker's last step: the record's line. */
static void finish_warc(cli *c, job *j)
{
    (void)c;
    warc_record *r = j->ctx;
    json_t *obj = json_object();
    if (put_field(obj, "url", r->url) || put_field(obj, "warc_id", r->id) || put_field(obj, "lang", r->lang) ||
        json_object_set_new(obj, "text", json_stringn_nocheck(j->out, j->out_len)) ||
        (j->meta && json_object_set(obj, DEFAULT_META_FIELD, j->meta))) {
        json_decref(obj);
        obj = NULL; /* reported by jsonl_line */
    }
    jsonl_line(j, obj);
    json_decref(obj);
}

/* The value of "Name: value" when line holds header name, else NULL. */
static const char *header_value(const char *line, const char *name)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) || line[n] != ':')
        return NULL;
    line += n + 1;
    while (*line == ' ' || *line == '\t')
        line++;
    return line;
}

/* Joins the chunks of a chunked HTTP body in place; returns its length,
 * or the input length when the framing does not parse. */
static size_t dechunk(char *body, size_t len)
{
    size_t in = 0, out = 0;
    while (in < len) {
        char *end;
        unsigned long size = strtoul(body + in, &end, 16);
        if (end == body + in)
            return len;
        char *nl = memchr(end, '\n', len - (size_t)(end - body));
        if (!nl)
            return len;
        in = (size_t)(nl - body) + 1;
        if (size == 0)
            return out;
        if (size > len - in)
            return len;
        memmove(body + out, body + in, size);
        out += size;
        in += size;
        while (in < len && (body[in] == '\r' || body[in] == '\n'))
            in++;
    }
    return out;
}

/* The charset parameter of a Content-Type value into charset ("" when it
 * has none): the transport's word on the payload's encoding, which
 * outranks the page's own <meta>. */
static void content_charset(const char *v, char *charset, size_t size)
{
    charset[0] = '\0';
    for (const char *p = v; (p = strchr(p, ';'));) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, "charset=", 8))
            continue;
        p += 8;
        p += *p == '"' || *p == '\'';
        size_t k = 0;
        while (k + 1 < size && p[k] && p[k] != '"' && p[k] != '\'' && p[k] != ';' && p[k] != ' ' && p[k] != '\t' &&
               p[k] != '\r')
            k++;
        memcpy(charset, p, k);
        charset[k] = '\0';
        return;
    }
}

/* Cuts the HTTP headers off a response: the payload moves to the front,
 * and charset gets the Content-Type's charset.  Returns 0 when the payload
 * is not HTML (skip the record). */
static int http_payload(char *body, size_t *len, char *charset, size_t charset_size)
{
    char *end = NULL;
    size_t skip = 0;
    for (size_t i = 0; i + 1 < *len; i++) {
        if (body[i] == '\n' && body[i + 1] == '\n') {
            end = body + i;
            skip = 2;
            break;
        }
        if (i + 3 < *len && !memcmp(body + i, "\r\n\r\n", 4)) {
            end = body + i;
            skip = 4;
            break;
        }
    }
    if (!end)
        return 0;
    int html = 1, chunked = 0;
    for (char *line = body; line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        if (!nl)
            nl = end;
        char saved = *nl;
        *nl = '\0';
        const char *v;
        if ((v = header_value(line, "Content-Type"))) {
            html = strstr(v, "html") != NULL;
            content_charset(v, charset, charset_size);
        }
        if ((v = header_value(line, "Transfer-Encoding")))
            chunked = strstr(v, "chunked") != NULL;
        *nl = saved;
        line = nl + 1;
    }
    size_t head = (size_t)(end - body) + skip;
    memmove(body, body + head, *len - head);
    *len -= head;
    body[*len] = '\0';
    if (chunked)
        *len = dechunk(body, *len);
    return html;
}

typedef struct reader {
    cli *c;
    pool *p;
    stream *s;
    const char *src;
    size_t recno;
} reader;

static void record_name(const reader *r, char *name, size_t size)
{
    snprintf(name, size, "%.500s: record %zu", r->src, r->recno);
}

static void fail_record(reader *r, const char *why)
{
    char name[600];
    record_name(r, name, sizeof name);
    cli_fail(r->c, name, why);
}

/* The stream came up short inside the record: at its end (why_end says
 * so, or NULL when that is no failure) or at a corrupt gzip member, read
 * on from the next one.  Reports the record; returns -1 when reading goes
 * on, 0 at the end. */
static int cut_short(reader *r, const char *why_end)
{
    char why[300];
    int more = stream_resume(r->s, why, sizeof why);
    if (why[0] || why_end)
        fail_record(r, why[0] ? why : why_end);
    return more ? -1 : 0;
}

/* A Content-Length: digits, with spaces around them (they are not part
 * of a header's value).  -2 for anything else. */
static long long content_length(const char *v)
{
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    return *v < '0' || *v > '9' || *end || errno ? -2 : n;
}

static int is_version_line(const char *p, size_t n) { return n >= 5 && !memcmp(p, "WARC/", 5); }

/* A Content-Length that lied swallowed what follows: the bytes from the
 * first version line inside the body on go back to the stream, so that
 * the records there are read.  Returns whether any went back. */
static int give_back(reader *r, const char *body, size_t got)
{
    const char *p = body, *end = body + got;
    while (p && !is_version_line(p, (size_t)(end - p))) {
        p = memchr(p, '\n', (size_t)(end - p));
        p = p ? p + 1 : NULL;
    }
    if (!p)
        return 0;
    if (stream_unread(r->s, p, (size_t)(end - p)) == 0)
        return 1;
    fail_record(r, "out of memory: the records its length swallowed are lost");
    return 0;
}

/* Whether what was read of the record came from a gzip member that failed
 * its check: then that is what is wrong with the record.  A record is out
 * only once its member has passed. */
static int member_damaged(reader *r)
{
    stream_settle(r->s);
    return stream_damaged(r->s, stream_tell(r->s));
}

/* Reads the body of length bytes and what ends it.  Returns the body, or
 * NULL when there is none to clean (*more then says how reading goes on,
 * as read_record returns). */
static char *read_body(reader *r, size_t length, int wanted, int *more)
{
    size_t got;
    char *body = stream_read(r->s, length, &got);
    int framed = 1;
    if (got < length || stream_peek_is(r->s, "\r\n\r\n", 4))
        stream_skip(r->s, got < length ? 0 : 4);
    else if (stream_peek_is(r->s, "\n\n", 2))
        stream_skip(r->s, 2);
    else
        framed = stream_at_end(r->s) || stream_peek_is(r->s, "WARC/", 5);
    int damaged = member_damaged(r);
    if (damaged) {
        *more = cut_short(r, NULL);
    } else if (got < length) {
        char truncated[160];
        snprintf(truncated, sizeof truncated, "truncated: Content-Length %zu, %zu bytes left", length, got);
        *more = cut_short(r, truncated);
    } else if (!framed) {
        fail_record(r, "Content-Length does not end at a record boundary; skipped to the next record");
        *more = -1;
    }
    if (damaged || got < length || !framed) {
        if (body && give_back(r, body, got))
            *more = -1;
        free(body);
        return NULL;
    }
    if (!body && wanted)
        fail_record(r, "out of memory");
    if (!wanted)
        free(body), body = NULL;
    return body;
}

/* Reads one record whose version line is already read.  Returns 1, 0 at
 * the end of the stream, or -1 when the record's end was lost and reading
 * must resume at the next version line. */
static int read_record(reader *r)
{
    cli *c = r->c;
    warc_record h = {NULL, NULL, NULL};
    char *type = NULL, *content_type = NULL;
    long long length = -1;
    size_t len;
    int skipped;
    const char *line;
    r->recno++;
    while ((line = stream_line(r->s, WARC_HEADER_MAX, &len, &skipped)) && (len || skipped)) {
        const char *v;
        if (skipped)
            continue;
        if ((v = header_value(line, "WARC-Type")))
            free(type), type = strdup(v);
        else if ((v = header_value(line, "WARC-Target-URI")))
            free(h.url), h.url = strdup(v);
        else if ((v = header_value(line, "WARC-Record-ID")))
            free(h.id), h.id = strdup(v);
        else if ((v = header_value(line, "WARC-Identified-Content-Language")))
            free(h.lang), h.lang = strdup(v);
        else if ((v = header_value(line, "Content-Type")))
            free(content_type), content_type = strdup(v);
        else if ((v = header_value(line, "Content-Length")))
            length = content_length(v);
    }
    int more = line != NULL;
    int wanted = type && (!strcmp(type, "conversion") || !strcmp(type, "response") || !strcmp(type, "resource"));
    decruft_input_type input_type = type && !strcmp(type, "conversion") ? DECRUFT_TYPE_TEXT : DECRUFT_TYPE_HTML;
    if (!strcmp(type ? type : "", "resource") && !(content_type && strstr(content_type, "html")))
        wanted = 0;
    char *body = NULL, charset[40] = "";
    if (!more) {
        more = cut_short(r, type || length >= 0 ? "truncated: the file ends inside the record's header" : NULL);
    } else if (member_damaged(r)) {
        more = cut_short(r, NULL);
    } else if (length < 0) {
        /* The body's end is unknown: the next version line ends it. */
        fail_record(r, length == -1 ? "no Content-Length; skipped to the next record"
                                    : "invalid Content-Length; skipped to the next record");
        more = -1;
    } else if ((unsigned long long)length > c->opts.max_bytes) {
        /* Nor is a length trusted that will not be read and checked. */
        fail_record(r, "over the --max-bytes limit; skipped to the next record");
        more = -1;
    } else {
        /* Read even when not wanted: a length that lied is recovered from
         * the bytes it swallowed. */
        body = read_body(r, (size_t)length, wanted, &more);
    }
    if (body && input_type == DECRUFT_TYPE_HTML && type && strcmp(type, "resource")) {
        size_t n = (size_t)length;
        if (!http_payload(body, &n, charset, sizeof charset)) {
            free(body);
            body = NULL;
            c->skipped++;
        } else {
            length = (long long)n;
        }
    }
    free(type);
    free(content_type);
    if (!body) {
        free_fields(&h);
        return more;
    }
    char name[600];
    record_name(r, name, sizeof name);
    warc_record *w = malloc(sizeof *w);
    job *j = w ? job_new(body, (size_t)length, name) : NULL;
    if (!j) {
        free(body);
        free(w);
        free_fields(&h);
        cli_fail(c, name, "out of memory");
        return more;
    }
    *w = h;
    c->bytes_in += (unsigned long long)length;
    j->type = c->opts.type != DECRUFT_TYPE_AUTO ? c->opts.type : input_type;
    j->site = w->url ? site_of_url(w->url) : NULL;
    j->url = w->url ? strdup(w->url) : NULL;
    snprintf(j->charset, sizeof j->charset, "%s", charset);
    j->ctx = w;
    j->free_ctx = free_warc;
    j->finish = finish_warc;
    j->emit = jsonl_emit;
    pool_submit(r->p, j);
    return more;
}

/* Reads the records of one stream.  Lines outside records are skipped up
 * to the next version line: that is also how a record whose length lied
 * is recovered from, and where reading goes on after a corrupt gzip member
 * that held no record's start (named by the file alone: which record it
 * held is not known). */
static void read_warc(cli *c, pool *p, stream *s, const char *src)
{
    reader r = {c, p, s, src, 0};
    const char *line;
    size_t len;
    int skipped, junk = 0, more = 1;
    while (more) {
        while ((line = stream_line(s, WARC_HEADER_MAX, &len, &skipped))) {
            if (!skipped && is_version_line(line, len)) {
                more = read_record(&r);
                if (more == 0)
                    break;
                junk = more < 0; /* already reported */
                continue;
            }
            if (len && !junk++)
                fail_record(&r, "not a WARC record: skipped to the next \"WARC/\" line");
        }
        if (more) {
            char why[300];
            more = stream_resume(s, why, sizeof why);
            if (why[0])
                cli_fail(c, src, why);
            junk = 1;
        }
    }
}

int warc_run(cli *c, char **paths, int n) { return cli_run_streams(c, paths, n, read_warc); }
