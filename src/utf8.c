#include "utf8.h"

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = UTF8_INVALID;
        return 1;
    }
    if (n < len) {
        *cp = UTF8_INVALID;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = UTF8_INVALID;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = UTF8_INVALID;
        return 1;
    }
    *cp = v;
    return len;
}

size_t utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Ranges of non-ASCII code points that are punctuation, symbols, spaces or
 * unassigned-for-text: everything else above U+007F counts as a word
 * character, which is right for letters of every script. */
static const uint32_t nonword_ranges[][2] = {
    {0x0080, 0x00A9}, {0x00AB, 0x00B1}, {0x00B4, 0x00B4}, {0x00B6, 0x00B8},
    {0x00BB, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x02C2, 0x02C5},
    {0x02D2, 0x02DF}, {0x037E, 0x037E}, {0x0387, 0x0387}, {0x055A, 0x055F},
    {0x0589, 0x058A}, {0x05BE, 0x05BE}, {0x05C0, 0x05C0}, {0x05C3, 0x05C3},
    {0x05F3, 0x05F4}, {0x060C, 0x060D}, {0x061B, 0x061F}, {0x066A, 0x066D},
    {0x06D4, 0x06D4}, {0x0964, 0x0965}, {0x0E3F, 0x0E3F}, {0x0E4F, 0x0E4F},
    {0x0E5A, 0x0E5B}, {0x10FB, 0x10FB}, {0x1360, 0x1368}, {0x166D, 0x166E},
    {0x1680, 0x1680}, {0x16EB, 0x16ED}, {0x17D4, 0x17DA}, {0x1800, 0x180A},
    {0x2000, 0x206F}, {0x20A0, 0x20CF}, {0x2100, 0x2101}, {0x2103, 0x2106},
    {0x2108, 0x2109}, {0x2114, 0x2114}, {0x2116, 0x2118}, {0x211E, 0x2123},
    {0x2125, 0x2125}, {0x2127, 0x2127}, {0x2129, 0x2129}, {0x212E, 0x212E},
    {0x213A, 0x213B}, {0x2140, 0x2144}, {0x214A, 0x214D}, {0x214F, 0x214F},
    {0x2190, 0x245F}, {0x2500, 0x2775}, {0x2794, 0x2BFF}, {0x2E00, 0x2E7F},
    {0x3000, 0x3004}, {0x3008, 0x3020}, {0x3030, 0x3030}, {0x303D, 0x303F},
    {0x30A0, 0x30A0}, {0x30FB, 0x30FB}, {0xD800, 0xF8FF}, {0xFD3E, 0xFD3F},
    {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFEFF, 0xFEFF}, {0xFF01, 0xFF0F},
    {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFE0, 0xFFFF},
    {0x1F000, 0x1FAFF}, {0xE0000, 0x10FFFF},
};

int uni_is_word(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || cp == '_';
    if (cp == UTF8_INVALID)
        return 0;
    size_t lo = 0, hi = sizeof nonword_ranges / sizeof nonword_ranges[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < nonword_ranges[mid][0])
            hi = mid;
        else if (cp > nonword_ranges[mid][1])
            lo = mid + 1;
        else
            return 0;
    }
    return 1;
}

int uni_is_unspaced(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF)     /* kana */
           || (cp >= 0x3400 && cp <= 0x4DBF)  /* Han extension A */
           || (cp >= 0x4E00 && cp <= 0x9FFF)  /* Han */
           || (cp >= 0xF900 && cp <= 0xFAFF)  /* Han compatibility */
           || (cp >= 0x20000 && cp <= 0x3134F)
           || (cp >= 0x0E00 && cp <= 0x0EFF)  /* Thai, Lao */
           || (cp >= 0x1000 && cp <= 0x109F)  /* Myanmar */
           || (cp >= 0x1780 && cp <= 0x17FF); /* Khmer */
}

int uni_is_hangul(uint32_t cp) { return cp >= 0xAC00 && cp <= 0xD7A3; }

int uni_is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* Case pairs laid out as alternating upper/lower code points. */
static int in_alternating(uint32_t cp, uint32_t lo, uint32_t hi)
{
    return cp >= lo && cp <= hi && ((cp - lo) & 1) == 0;
}

uint32_t uni_fold(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
        return cp + 32;
    if (cp == 0x130)
        return 'i';
    if (cp == 0x178)
        return 0xFF;
    if ((in_alternating(cp, 0x100, 0x12E) || in_alternating(cp, 0x132, 0x136) ||
         in_alternating(cp, 0x14A, 0x176)))
        return cp + 1;
    if ((cp >= 0x139 && cp <= 0x147 && (cp & 1)) || cp == 0x179 || cp == 0x17B || cp == 0x17D)
        return cp + 1;
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
        return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 80;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 32;
    if (in_alternating(cp, 0x460, 0x480) || in_alternating(cp, 0x48A, 0x4BE) ||
        in_alternating(cp, 0x4D0, 0x52E))
        return cp + 1;
    if (cp >= 0x531 && cp <= 0x556)
        return cp + 48;
    if (in_alternating(cp, 0x1E00, 0x1EFE))
        return cp + 1;
    return cp;
}
