/* The public API: checks the input, runs reader, language detection,
 * features and classifier, and keeps the result. */
#include "decruft.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "classify.h"
#include "errors.h"
#include "features.h"
#include "gunzip.h"
#include "reader_html.h"
#include "lang.h"
#include "learned.h"
#include "metadata.h"
#include "reader_text.h"
#include "result.h"
#include "sniff.h"
#include "url.h"
#include "writer.h"

struct decruft_result {
    doc d;
    char *input; /* the text blocks point into: a copy of plain text, or
                  * the text the HTML reader made */
    char *text;
    size_t text_len;
    const char **warnings; /* in d.mem */
    size_t n_warnings;
    char charset_note[CHARSET_NOTE]; /* how the encoding was settled, when it was guessed or bytes replaced */
};

void decruft_options_init(decruft_options *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->abi_version = DECRUFT_ABI_VERSION;
    opts->type = DECRUFT_TYPE_AUTO;
    opts->max_bytes = DECRUFT_DEFAULT_MAX_BYTES;
    opts->max_work = DECRUFT_DEFAULT_MAX_WORK;
}

const char *decruft_version(void) { return DECRUFT_VERSION; }

void decruft_free(void *p) { free(p); }

void decruft_result_free(decruft_result *res)
{
    if (!res)
        return;
    arena_free(&res->d.mem);
    free(res->input);
    free(res->text);
    free(res);
}

/* Frees res and reports code, unless a more precise message was set. */
static decruft_result *fail(decruft_result *res, decruft_error *err, decruft_status code)
{
    if (err && err->code == DECRUFT_OK)
        error_set(err, code, NULL);
    decruft_result_free(res);
    return NULL;
}

/* The input as UTF-8 (charset_to_utf8): *utf8 is malloc'd, or NULL when
 * the input is valid UTF-8 already.  What was guessed or replaced goes to
 * the result's warnings. */
static decruft_status to_utf8(decruft_result *res, const char **input, size_t *len, const char *transport, int html,
                              char **utf8, decruft_error *err)
{
    charset_read cr;
    if (charset_to_utf8(*input, *len, transport, html, &cr) != 0)
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    memcpy(res->charset_note, cr.note, sizeof cr.note);
    *utf8 = cr.utf8;
    if (cr.utf8) {
        *input = cr.utf8;
        *len = cr.len;
    }
    return DECRUFT_OK;
}

/* HTML goes to libxml2 as UTF-8 (whatever its encoding, no byte can stop
 * the parse), and without NUL bytes (libxml2 stops at the first). */
static decruft_status read_html(decruft_result *res, const char *input, size_t len, const char *transport,
                                decruft_error *err)
{
    size_t nuls;
    decruft_status st = sniff_check_html(input, len, &nuls, err);
    if (st != DECRUFT_OK)
        return st;
    char *kept = nuls ? malloc(len) : NULL, *utf8 = NULL;
    if (nuls && !kept)
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    if (kept) {
        len = sniff_drop_nul(kept, input, len);
        input = kept;
    }
    st = to_utf8(res, &input, &len, transport, 1, &utf8, err);
    if (st == DECRUFT_OK)
        st = reader_html(&res->d, input, len, &res->input, err);
    free(kept);
    free(utf8);
    return st;
}

/* Reads the (unzipped) input into res->d: the text reader on a UTF-8 copy
 * of the input, the HTML reader on the input itself.  transport is the
 * encoding the input came with, or NULL. */
static decruft_status read_decoded(decruft_result *res, const char *input, size_t len, const decruft_options *opts,
                                   const char *transport, decruft_error *err)
{
    size_t skip = sniff_bom(input, len);
    decruft_input_type type = opts->type;
    if (type == DECRUFT_TYPE_AUTO)
        type = sniff_type(input + skip, len - skip);
    if (type == DECRUFT_TYPE_HTML)
        return read_html(res, input, len, transport, err);
    /* NUL bytes, UTF-16, or control bytes no text has. */
    decruft_status st = sniff_check(input, len, err);
    if (st != DECRUFT_OK)
        return st;
    input += skip;
    len -= skip;
    char *utf8 = NULL;
    if ((st = to_utf8(res, &input, &len, transport, 0, &utf8, err)) != DECRUFT_OK)
        return st;
    res->input = malloc(len + 1);
    if (!res->input) {
        free(utf8);
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    }
    memcpy(res->input, input, len);
    res->input[len] = '\0';
    free(utf8);
    res->d.text = res->input;
    res->d.len = len;
    return reader_text(&res->d) || metadata_text(&res->d) ? error_set(err, DECRUFT_ERR_NOMEM, NULL) : DECRUFT_OK;
}

/* The metadata's image and canonical URL resolved against the page's
 * address as links are (doc_base): it changes when the caller gives it. */
static decruft_status resolve_meta_urls(doc *d)
{
    buf base = BUF_INIT;
    int r = metadata_set_base(d, doc_base(d, &base));
    r |= base.oom ? -1 : 0;
    buf_free(&base);
    return r ? DECRUFT_ERR_NOMEM : DECRUFT_OK;
}

/* A UTF-16 byte order mark settles the encoding before anything else looks
 * at the bytes (ASCII text in UTF-16 has a NUL in every other byte): the
 * input is read as the UTF-8 it converts to. */
static decruft_status read_input(decruft_result *res, const char *input, size_t len, const decruft_options *opts,
                                 decruft_error *err)
{
    char *wide;
    size_t wide_len, replaced;
    int utf16 = charset_utf16(input, len, &wide, &wide_len, &replaced);
    if (utf16 < 0)
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    if (!utf16)
        return read_decoded(res, input, len, opts, opts->charset, err);
    decruft_status st = read_decoded(res, wide, wide_len, opts, "UTF-8", err);
    free(wide);
    if (st == DECRUFT_OK && replaced)
        snprintf(res->charset_note, sizeof res->charset_note,
                 "%zu invalid UTF-16 sequence%s replaced by U+FFFD", replaced, replaced == 1 ? "" : "s");
    return st;
}

/* The result's warnings: how the encoding was settled when it was
 * guessed or bytes were replaced, then the rules skipped on some blocks. */
static decruft_status keep_warnings(decruft_result *res, const rule_matcher *m)
{
    size_t pos = 0, n = res->charset_note[0] != '\0', blocks;
    const char *name;
    while (rule_matcher_skipped(m, &pos, &name, &blocks))
        n++;
    if (!n)
        return DECRUFT_OK;
    res->warnings = arena_alloc(&res->d.mem, n, sizeof *res->warnings);
    if (!res->warnings)
        return DECRUFT_ERR_NOMEM;
    if (res->charset_note[0] &&
        !(res->warnings[res->n_warnings++] = arena_printf(&res->d.mem, "encoding: %s", res->charset_note)))
        return DECRUFT_ERR_NOMEM;
    for (pos = 0; rule_matcher_skipped(m, &pos, &name, &blocks); res->n_warnings++) {
        res->warnings[res->n_warnings] =
            arena_printf(&res->d.mem, "rule '%s' ran out of its matching budget on %zu block%s, skipped there",
                         name, blocks, blocks == 1 ? "" : "s");
        if (!res->warnings[res->n_warnings])
            return DECRUFT_ERR_NOMEM;
    }
    return DECRUFT_OK;
}

/* The budget of a document of len bytes: max_work steps a byte and the
 * base, UINT64_MAX for none (or when the product would overflow). */
static uint64_t work_limit(size_t max_work, size_t len)
{
    if (max_work == 0)
        max_work = DECRUFT_DEFAULT_MAX_WORK;
    if (max_work == DECRUFT_WORK_UNLIMITED || (uint64_t)max_work > (UINT64_MAX - DECRUFT_WORK_BASE) / ((uint64_t)len + 1))
        return UINT64_MAX;
    return (uint64_t)max_work * len + DECRUFT_WORK_BASE;
}

/* The stage that stopped over budget reported it; the message says which
 * budget, with the figures to raise it by. */
static decruft_status work_error(const doc *d, size_t len, const decruft_options *opts, decruft_error *err)
{
    if (d->work.state == WORK_OVER_TIME)
        return error_setf(err, DECRUFT_ERR_WORK, 0, "work limit exceeded (the timeout of %g s of processor time)",
                          opts->timeout);
    return error_setf(err, DECRUFT_ERR_WORK, 0,
                      "work limit exceeded (%llu steps for %zu bytes, %zu a byte)",
                      (unsigned long long)d->work.limit, len,
                      opts->max_work ? opts->max_work : (size_t)DECRUFT_DEFAULT_MAX_WORK);
}

static decruft_status run_stages(decruft_result *res, const decruft_rules *rules, const char *input, size_t len,
                                 const decruft_options *opts, decruft_error *err)
{
    doc *d = &res->d;
    d->profile = opts->profile;
    d->site = opts->site;
    decruft_status st = read_input(res, input, len, opts, err);
    if (st != DECRUFT_OK || work_add(&d->work, d->len))
        return st != DECRUFT_OK ? st : DECRUFT_ERR_WORK;
    int lang = opts->lang && opts->lang[0] ? lang_find(opts->lang) : lang_detect(d->text, d->len);
    if (lang < 0 && opts->lang && opts->lang[0])
        return error_setf(err, DECRUFT_ERR_ARG, 0, "unknown language '%.40s' (no stopword list)", opts->lang);
    if (lang >= 0)
        strncpy(d->lang, lang_code(lang), sizeof d->lang - 1);
    if (features_measure(d, lang))
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    if (work_over(&d->work))
        return DECRUFT_ERR_WORK;
    rule_matcher *m = rule_matcher_new(rules);
    if (!m)
        return error_set(err, DECRUFT_ERR_NOMEM, NULL);
    st = classify(d, lang, m, opts->flags);
    const model *learned = rules_model(rules, d->html);
    if (st == DECRUFT_OK && learned)
        st = learned_decide(d, learned, m, opts->flags);
    if (st == DECRUFT_OK && (opts->flags & DECRUFT_FLAG_ALL_REASONS))
        st = classify_name_rules(d, m);
    if (st == DECRUFT_OK)
        st = keep_warnings(res, m);
    if (st == DECRUFT_OK)
        st = resolve_meta_urls(d);
    rule_matcher_free(m);
    if (st != DECRUFT_OK)
        return st == DECRUFT_ERR_WORK ? st : error_set(err, st, NULL);
    buf out = BUF_INIT;
    writer_text(d, &out);
    res->text = buf_detach(&out, &res->text_len);
    if (res->text && work_add(&d->work, d->n_blocks + res->text_len))
        return DECRUFT_ERR_WORK;
    return res->text ? DECRUFT_OK : error_set(err, DECRUFT_ERR_NOMEM, NULL);
}

/* The stages under the document's budget: a stage over it returns
 * DECRUFT_ERR_WORK, which becomes the message here. */
static decruft_status run(decruft_result *res, const decruft_rules *rules, const char *input, size_t len,
                          const decruft_options *opts, decruft_error *err)
{
    work_start(&res->d.work, work_limit(opts->max_work, len), opts->timeout > 0 ? opts->timeout : 0);
    decruft_status st = run_stages(res, rules, input, len, opts, err);
    if (st == DECRUFT_ERR_WORK)
        return work_error(&res->d, len, opts, err);
    return st;
}

decruft_result *decruft_clean(const decruft_rules *rules, const char *input, size_t len,
                              const decruft_options *opts, decruft_error *err)
{
    decruft_options defaults;
    if (!opts) {
        decruft_options_init(&defaults);
        opts = &defaults;
    }
    if (err)
        error_set(err, DECRUFT_OK, NULL);
    if ((!input && len) || !rules || opts->abi_version != DECRUFT_ABI_VERSION)
        return fail(NULL, err, DECRUFT_ERR_ARG);
    size_t max = opts->max_bytes ? opts->max_bytes : DECRUFT_DEFAULT_MAX_BYTES;
    if (len > max) {
        error_setf(err, DECRUFT_ERR_TOO_LARGE, 0, "input of %zu bytes is over the limit of %zu bytes", len, max);
        return NULL;
    }
    if (lang_init())
        return fail(NULL, err, DECRUFT_ERR_NOMEM);
    char *inflated = NULL;
    if (gunzip_is_gzip(input, len)) {
        if (gunzip(input, len, max, &inflated, &len, err) != DECRUFT_OK)
            return NULL;
        input = inflated;
    }
    decruft_result *res = calloc(1, sizeof *res);
    decruft_status st = res ? run(res, rules, input ? input : "", len, opts, err) : DECRUFT_ERR_NOMEM;
    free(inflated);
    if (st != DECRUFT_OK)
        return fail(res, err, st);
    return res;
}

const char *decruft_result_text(const decruft_result *res, size_t *len)
{
    if (len)
        *len = res ? res->text_len : 0;
    return res ? res->text : "";
}

doc *decruft_result_doc(decruft_result *res) { return &res->d; }

decruft_status decruft_result_set_base_url(decruft_result *res, const char *url)
{
    if (!res || (url && !url_is_base(url)))
        return DECRUFT_ERR_ARG;
    res->d.base_url = url ? arena_strndup(&res->d.mem, url, strlen(url)) : NULL;
    return url && !res->d.base_url ? DECRUFT_ERR_NOMEM : resolve_meta_urls(&res->d);
}

const char *decruft_result_lang(const decruft_result *res) { return res ? res->d.lang : ""; }

const char *decruft_result_title(const decruft_result *res) { return res ? res->d.title : NULL; }

const char *decruft_result_meta(const decruft_result *res, decruft_meta_field field)
{
    return res && res->d.meta && (unsigned)field < DECRUFT_META_COUNT ? res->d.meta->value[field] : NULL;
}

const char *decruft_result_meta_source(const decruft_result *res, decruft_meta_field field)
{
    return decruft_result_meta(res, field) ? res->d.meta->source[field] : NULL;
}

const char *decruft_result_page_type(const decruft_result *res) { return res ? res->d.page_type : NULL; }

size_t decruft_result_warning_count(const decruft_result *res) { return res ? res->n_warnings : 0; }

const char *decruft_result_warning(const decruft_result *res, size_t i)
{
    return res && i < res->n_warnings ? res->warnings[i] : NULL;
}

size_t decruft_result_block_count(const decruft_result *res) { return res ? res->d.n_blocks : 0; }

unsigned long long decruft_result_work(const decruft_result *res) { return res ? res->d.work.steps : 0; }

decruft_status decruft_result_block(const decruft_result *res, size_t i, decruft_block_info *info)
{
    if (!res || !info || i >= res->d.n_blocks)
        return DECRUFT_ERR_ARG;
    const block *b = &res->d.blocks[i];
    info->len = block_text(&res->d, b, &info->text);
    info->kept = b->kept;
    info->reason = b->reason ? b->reason : "";
    info->line = b->first_line;
    return DECRUFT_OK;
}

/* The "comments" field, the object's last: the texts of the readers'
 * comments, in order. */
static void put_json_comments(const doc *d, buf *b)
{
    if (b->len < 2 || b->data[b->len - 2] != '}')
        return;
    b->len -= 2; /* the closing "}\n" */
    buf_puts(b, ",\"comments\":[");
    int first = 1;
    for (size_t i = 0; i < d->n_blocks; i++) {
        if (!block_is_comment(d, &d->blocks[i]))
            continue;
        const char *s;
        size_t n = block_text(d, &d->blocks[i], &s);
        buf_puts(b, first ? "\"" : ",\"");
        buf_put_json(b, s, n);
        buf_putc(b, '"');
        first = 0;
    }
    buf_puts(b, "]}\n");
}

decruft_status decruft_render(const decruft_result *res, decruft_format format, unsigned flags, char **out,
                              size_t *out_len)
{
    if (!res || !out)
        return DECRUFT_ERR_ARG;
    buf b = BUF_INIT;
    switch (format) {
    case DECRUFT_FORMAT_TEXT:
        buf_put(&b, res->text, res->text_len);
        break;
    case DECRUFT_FORMAT_JSON:
        writer_json(&res->d, res->text, res->text_len, &b);
        if (flags & DECRUFT_RENDER_COMMENTS)
            put_json_comments(&res->d, &b);
        break;
    case DECRUFT_FORMAT_MARKDOWN:
        writer_markdown(&res->d, flags, &b);
        break;
    case DECRUFT_FORMAT_HTML:
        writer_html(&res->d, flags, &b);
        break;
    case DECRUFT_FORMAT_EXPLAIN:
        writer_explain(&res->d, (flags & DECRUFT_RENDER_COLOR) != 0, &b);
        break;
    default:
        return DECRUFT_ERR_ARG;
    }
    if ((flags & DECRUFT_RENDER_UTF8) && !b.oom && !charset_is_utf8(b.data, b.len)) {
        buf valid = BUF_INIT;
        buf_put_utf8(&valid, b.data, b.len);
        buf_free(&b);
        b = valid;
    }
    *out = buf_detach(&b, out_len);
    return *out ? DECRUFT_OK : DECRUFT_ERR_NOMEM;
}
