// The header compiles as C++ and its functions link with C++ callers.
#include <decruft.h>

#include <cstdio>
#include <cstring>

int main()
{
    decruft_error err;
    decruft_rules *rules = decruft_rules_new(&err);
    if (!rules)
        return 1;
    static const char page[] = "<html><body><p>The council met on Tuesday and voted to extend the lanes "
                               "along the river after a long debate that lasted into the evening.</p></body></html>";
    decruft_result *res = decruft_clean(rules, page, sizeof page - 1, nullptr, &err);
    size_t n = 0;
    const char *text = res ? decruft_result_text(res, &n) : "";
    int ok = res && std::strstr(text, "council") != nullptr;
    decruft_result_free(res);
    decruft_rules_free(rules);
    std::printf("%d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
    return ok ? 0 : 1;
}
