/* Fuzz target: decruft_clean and every renderer on arbitrary bytes (HTML
 * and Markdown with links and images on every input).  The
 * first byte chooses the code path: input type (auto, text, html), output
 * format, flags and a forced language; the rest is the document.  Built as
 * fuzz_text (type forced to text), fuzz_html (forced to HTML) and
 * fuzz_clean (chosen by the byte). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "decruft.h"

#ifndef FORCE_TYPE
#define FORCE_TYPE -1
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static decruft_rules *rules;
    if (!rules && !(rules = decruft_rules_new(NULL)))
        abort();
    if (size < 1)
        return 0;
    unsigned pick = data[0];
    decruft_options opts;
    decruft_options_init(&opts);
    opts.type = FORCE_TYPE >= 0 ? (decruft_input_type)FORCE_TYPE : (decruft_input_type)(pick % 3);
    if (pick & 0x04)
        opts.flags |= DECRUFT_FLAG_ALL_REASONS;
    if (pick & 0x08)
        opts.flags |= DECRUFT_FLAG_NO_CAPTIONS;
    if (pick & 0x10)
        opts.lang = (pick & 0x20) ? "zh" : "en";
    opts.max_bytes = 1 << 22;
    decruft_error err;
    decruft_result *res = decruft_clean(rules, (const char *)data + 1, size - 1, &opts, &err);
    if (!res)
        return 0;
    static const decruft_format formats[] = {DECRUFT_FORMAT_TEXT, DECRUFT_FORMAT_JSON, DECRUFT_FORMAT_EXPLAIN,
                                             DECRUFT_FORMAT_MARKDOWN};
    char *out;
    size_t len;
    if (decruft_render(res, formats[(pick >> 6) & 3], DECRUFT_RENDER_COLOR, &out, &len) == DECRUFT_OK)
        decruft_free(out);
    /* The writers of inline markup and URLs, on every input: HTML, and
     * Markdown with links and images, against a base. */
    if (decruft_result_set_base_url(res, "https://example.org/a/b.html") != DECRUFT_OK)
        abort();
    if (decruft_render(res, DECRUFT_FORMAT_HTML, 0, &out, &len) == DECRUFT_OK)
        decruft_free(out);
    unsigned md = DECRUFT_RENDER_LINKS | DECRUFT_RENDER_IMAGES | DECRUFT_RENDER_METADATA;
    if (decruft_render(res, DECRUFT_FORMAT_MARKDOWN, md, &out, &len) == DECRUFT_OK)
        decruft_free(out);
    for (size_t i = 0; i < decruft_result_block_count(res); i++) {
        decruft_block_info info;
        decruft_result_block(res, i, &info);
    }
    decruft_result_free(res);
    return 0;
}
