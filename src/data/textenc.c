/*
 * textenc.c: bytes in a Swedish export's encoding to UTF-8 (textenc.h).
 * The code page tables give the Unicode code point of each byte from 0x80
 * (IBM code pages 437 and 850; Windows-1252 as the WHATWG Encoding
 * Standard has it, with its five unassigned bytes refused).
 */
#include "textenc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/arena.h"
#include "../common/utf8.h"

static const uint16_t cp437_high[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA,
    0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6,
    0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC,
    0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA,
    0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC,
    0x00A1, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561,
    0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B,
    0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567, 0x2568,
    0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518,
    0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580, 0x03B1, 0x00DF, 0x0393,
    0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4,
    0x221E, 0x03C6, 0x03B5, 0x2229, 0x2261, 0x00B1, 0x2265, 0x2264, 0x2320,
    0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2,
    0x25A0, 0x00A0,
};
static const uint16_t cp850_high[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA,
    0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6,
    0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC,
    0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA,
    0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC,
    0x00A1, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1,
    0x00C2, 0x00C0, 0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5,
    0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4, 0x00F0,
    0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x0131, 0x00CD, 0x00CE, 0x00CF, 0x2518,
    0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580, 0x00D3, 0x00DF, 0x00D4,
    0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE, 0x00DE, 0x00DA, 0x00DB, 0x00D9,
    0x00FD, 0x00DD, 0x00AF, 0x00B4, 0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6,
    0x00A7, 0x00F7, 0x00B8, 0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2,
    0x25A0, 0x00A0,
};
/* 0x80..0x9F; 0xA0..0xFF are Latin-1; 0 = no character */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

bool textenc_from_name(const char *name, textenc *out)
{
    static const struct {
        const char *name;
        textenc e;
    } names[] = {
        {"utf-8", TEXTENC_UTF8},          {"utf8", TEXTENC_UTF8},
        {"windows-1252", TEXTENC_CP1252}, {"cp1252", TEXTENC_CP1252},
        {"latin1", TEXTENC_CP1252},       {"iso-8859-1", TEXTENC_CP1252},
        {"ansi", TEXTENC_CP1252},         {"cp437", TEXTENC_CP437},
        {"ibm437", TEXTENC_CP437},        {"pc8", TEXTENC_CP437},
        {"cp850", TEXTENC_CP850},         {"ibm850", TEXTENC_CP850},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].e;
            return true;
        }
    return false;
}

const char *textenc_name(textenc e)
{
    switch (e) {
    case TEXTENC_UTF8:
        return "UTF-8";
    case TEXTENC_CP1252:
        return "Windows-1252";
    case TEXTENC_CP437:
        return "CP437";
    case TEXTENC_CP850:
        return "CP850";
    case TEXTENC_AUTO:
        break;
    }
    return "?";
}

static uint32_t decode_byte(unsigned char c, textenc e)
{
    if (c < 0x80)
        return c;
    switch (e) {
    case TEXTENC_CP437:
        return cp437_high[c - 0x80];
    case TEXTENC_CP850:
        return cp850_high[c - 0x80];
    case TEXTENC_CP1252:
        return c < 0xA0 ? cp1252_c1[c - 0x80] : c;
    default:
        return 0;
    }
}

static bool swedish_letter(uint32_t cp)
{
    return cp == 0xE5 || cp == 0xE4 || cp == 0xF6 || cp == 0xC5 || cp == 0xC4 ||
           cp == 0xD6 || cp == 0xE9;
}

textenc textenc_detect(const unsigned char *b, size_t n)
{
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        return TEXTENC_UTF8;
    if (utf8_valid((const char *)b, n))
        return TEXTENC_UTF8;
    /* the first 64 Ki bytes above ASCII decide (a file's letters do not
     * change their code page half-way; a large export need not be read
     * twice to the end for this) */
    size_t win = 0, dos = 0, high = 0;
    for (size_t i = 0; i < n && high < 65536; i++) {
        if (b[i] < 0x80)
            continue;
        high++;
        win += swedish_letter(decode_byte(b[i], TEXTENC_CP1252));
        dos += swedish_letter(decode_byte(b[i], TEXTENC_CP437));
    }
    return dos > win ? TEXTENC_CP437 : TEXTENC_CP1252;
}

char *textenc_to_utf8(const unsigned char *b, size_t n, textenc e,
                      size_t *outlen, size_t *bad_off)
{
    *bad_off = 0;
    if (e == TEXTENC_UTF8 || e == TEXTENC_AUTO) {
        size_t skip =
            n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0;
        const char *s = (const char *)b + skip, *end = (const char *)b + n;
        /* find the first bad byte, for the message */
        for (const char *p = s; p < end;) {
            const char *q = p;
            uint32_t cp = utf8_next(&q, end);
            if (cp == 0xFFFD &&
                !(end - p >= 3 && memcmp(p, "\xEF\xBF\xBD", 3) == 0)) {
                *bad_off = (size_t)(p - (const char *)b);
                return NULL;
            }
            if (cp == 0) {
                *bad_off = (size_t)(p - (const char *)b);
                return NULL;
            }
            p = q;
        }
        if (!utf8_valid(s, (size_t)(end - s))) {
            *bad_off = skip;
            return NULL;
        }
        char *out = xmalloc((size_t)(end - s) + 1);
        memcpy(out, s, (size_t)(end - s));
        out[end - s] = '\0';
        *outlen = (size_t)(end - s);
        return out;
    }
    /* at most three UTF-8 bytes per byte */
    if (n > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = xmalloc(n * 3 + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (b[i] < 0x80 && b[i] != 0) {
            *o++ = (char)b[i]; /* ASCII, the bulk of any export */
            continue;
        }
        uint32_t cp = decode_byte(b[i], e);
        if (cp == 0) {
            *bad_off = i;
            free(out);
            return NULL;
        }
        o += utf8_encode(cp, o);
    }
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;
}
