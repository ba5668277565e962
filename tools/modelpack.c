/* modelpack: packs a model's text form (data/model-*.txt, written by
 * tools/train.py) into the form the library reads at start-up
 * (model_view): the same trees, walked the same way, without a parse.
 * The packed form is in this processor's byte order: the build makes it
 * for the machine it builds for.  usage: modelpack MODEL.txt OUT */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: modelpack MODEL.txt OUT\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    size_t cap = 1 << 20, len = 0, got;
    char *text = malloc(cap);
    while (text && (got = fread(text + len, 1, cap - len, in)) > 0)
        if ((len += got) == cap) {
            char *more = realloc(text, cap *= 2);
            if (!more)
                free(text);
            text = more;
        }
    int failed = ferror(in);
    fclose(in);
    if (!text || failed) {
        fprintf(stderr, "modelpack: cannot read %s\n", argv[1]);
        free(text);
        return 1;
    }
    /* Any count of fixed features: the library checks its own at start-up. */
    model *m = model_parse(text, len, 0);
    free(text);
    if (!m) {
        fprintf(stderr, "modelpack: %s is not a model's text form\n", argv[1]);
        return 1;
    }
    FILE *out = fopen(argv[2], "wb");
    int st = !out || model_pack(m, out);
    if (out && fclose(out))
        st = 1;
    model_free(m);
    if (st) {
        fprintf(stderr, "modelpack: cannot write %s\n", argv[2]);
        remove(argv[2]);
        return 1;
    }
    return 0;
}
