/* Fuzz target: the command line's record readers on arbitrary bytes, as a
 * file: JSON Lines (--jsonl) or WARC (--warc), gzip or plain, chosen by the
 * first byte, on one thread or two, with or without --field out and
 * --metadata.  Outputs go to /dev/null. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static decruft_rules *rules;
    static int fd = -1;
    if (!rules) {
        if (!(rules = decruft_rules_new(NULL)))
            abort();
        if (!freopen("/dev/null", "w", stdout))
            abort();
        fd = memfd_create("fuzz-input", 0);
        if (fd < 0)
            abort();
    }
    if (size < 1)
        return 0;
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data + 1, size - 1, 0) != (ssize_t)(size - 1))
        abort();
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    char *paths[] = {path};
    cli c;
    memset(&c, 0, sizeof c);
    decruft_options_init(&c.opts);
    c.opts.max_bytes = 1 << 20;
    c.rules = rules;
    c.quiet = 1;
    c.threads = data[0] & 1 ? 2 : 1;
    c.mode = data[0] & 2 ? MODE_WARC : MODE_JSONL;
    if (data[0] & 4)
        c.field_out = "clean";
    if (data[0] & 8) {
        c.metadata = 1; /* each record's metadata object */
        c.render_flags |= DECRUFT_RENDER_METADATA;
    }
    if (c.mode == MODE_WARC)
        warc_run(&c, paths, 1);
    else
        jsonl_run(&c, paths, 1);
    fflush(stdout);
    return 0;
}
