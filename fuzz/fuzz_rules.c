/* Fuzz target: a user rules file (decruft_rules_add), then a short page
 * cleaned with it, so a rule that compiles but backtracks is matched. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decruft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    decruft_rules *rules = decruft_rules_new(NULL);
    if (!rules)
        return 0;
    decruft_error err;
    if (decruft_rules_add(rules, (const char *)data, size, "fuzz.rules", &err) == DECRUFT_OK) {
        static const char page[] = "Back To Top\n\nThe council met on Tuesday and voted to extend the lanes along "
                                   "the river after a long debate.\n\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n\nShare\n";
        decruft_result_free(decruft_clean(rules, page, sizeof page - 1, NULL, &err));
    }
    decruft_rules_free(rules);
    return 0;
}
