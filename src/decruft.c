/* The public API: checks the input, runs reader, language detection,
 * features and classifier, and keeps the result. */
#include "decruft.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "classify.h"
#include "errors.h"
#include "features.h"
#include "lang.h"
#include "reader_text.h"
#include "sniff.h"
#include "writer.h"

struct decruft_result {
    doc d;
    char *input; /* our copy: blocks point into it */
    char *text;
    size_t text_len;
};

void decruft_options_init(decruft_options *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->abi_version = DECRUFT_ABI_VERSION;
    opts->type = DECRUFT_TYPE_AUTO;
    opts->max_bytes = DECRUFT_DEFAULT_MAX_BYTES;
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

    decruft_status st = sniff_check(input, len, err);
    if (st != DECRUFT_OK)
        return NULL;
    size_t skip = sniff_bom(input, len);
    decruft_input_type type = opts->type;
    if (type == DECRUFT_TYPE_AUTO)
        type = sniff_type(input + skip, len - skip);
    if (type == DECRUFT_TYPE_HTML) {
        error_set(err, DECRUFT_ERR_UNSUPPORTED, "HTML input is not supported yet; use --type text to treat it as text");
        return NULL;
    }

    decruft_result *res = calloc(1, sizeof *res);
    if (!res)
        return fail(NULL, err, DECRUFT_ERR_NOMEM);
    res->input = malloc(len - skip + 1);
    if (!res->input)
        return fail(res, err, DECRUFT_ERR_NOMEM);
    memcpy(res->input, input + skip, len - skip);
    res->input[len - skip] = '\0';
    doc *d = &res->d;
    d->text = res->input;
    d->len = len - skip;

    if (reader_text(d))
        return fail(res, err, DECRUFT_ERR_NOMEM);
    int lang = opts->lang && opts->lang[0] ? lang_find(opts->lang) : lang_detect(d->text, d->len);
    if (lang < 0 && opts->lang && opts->lang[0]) {
        error_setf(err, DECRUFT_ERR_ARG, 0, "unknown language '%.40s' (no stopword list)", opts->lang);
        return fail(res, err, DECRUFT_ERR_ARG);
    }
    if (lang >= 0)
        strncpy(d->lang, lang_code(lang), sizeof d->lang - 1);
    if (features_measure(d, lang))
        return fail(res, err, DECRUFT_ERR_NOMEM);
    rule_matcher *m = rule_matcher_new(rules);
    if (!m)
        return fail(res, err, DECRUFT_ERR_NOMEM);
    st = classify(d, lang, m, (opts->flags & DECRUFT_FLAG_ALL_REASONS) != 0);
    rule_matcher_free(m);
    if (st != DECRUFT_OK)
        return fail(res, err, st);

    buf out = BUF_INIT;
    writer_text(d, &out);
    res->text = buf_detach(&out, &res->text_len);
    if (!res->text)
        return fail(res, err, DECRUFT_ERR_NOMEM);
    return res;
}

const char *decruft_result_text(const decruft_result *res, size_t *len)
{
    if (len)
        *len = res ? res->text_len : 0;
    return res ? res->text : "";
}

const char *decruft_result_lang(const decruft_result *res) { return res ? res->d.lang : ""; }

const char *decruft_result_title(const decruft_result *res)
{
    (void)res; /* plain text declares no title */
    return NULL;
}

size_t decruft_result_block_count(const decruft_result *res) { return res ? res->d.n_blocks : 0; }

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
        writer_json(&res->d, decruft_result_title(res), res->text, res->text_len, &b);
        break;
    case DECRUFT_FORMAT_EXPLAIN:
        writer_explain(&res->d, (flags & DECRUFT_RENDER_COLOR) != 0, &b);
        break;
    default:
        return DECRUFT_ERR_ARG;
    }
    *out = buf_detach(&b, out_len);
    return *out ? DECRUFT_OK : DECRUFT_ERR_NOMEM;
}
