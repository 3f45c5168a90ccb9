/*
 * status.c: the values of a status column.
 *
 * Each assessment gets a shape of its own, so that it reads without colour
 * (a grey-scale print, colour blindness), and a word: a filled circle for
 * uppfyllt, a half-filled one for delvis uppfyllt, an empty one for ej
 * uppfyllt and a dotted one for ej mätt (U+25CF, U+25D0, U+25CB, U+25CC;
 * fc-query shows all four in every Liberation Sans face of fonts.txt).
 * The colours have a contrast of at least 4.5:1 against the white page
 * (WCAG 2.1 1.4.3, relative luminance of sRGB): green 1E7B34 5.33:1,
 * amber 9A5B00 5.43:1, red C62828 5.62:1, grey 666666 5.74:1.
 */
#include "status.h"

#include <stdbool.h>
#include <string.h>

/* Lower case of the letters the four values hold (ASCII and Ä), white
 * space collapsed to one space and trimmed. False when s is longer than
 * any value could be. */
static bool fold(const char *s, char *out, size_t size)
{
    size_t n = 0;
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = n > 0;
            continue;
        }
        if (p[0] == 0xC2 && p[1] == 0xA0) { /* no-break space */
            space = n > 0;
            p++;
            continue;
        }
        if (n + (space ? 1 : 0) + 2 >= size)
            return false;
        if (space)
            out[n++] = ' ';
        space = false;
        if (p[0] == 0xC3 && p[1] == 0x84) { /* Ä -> ä */
            out[n++] = (char)0xC3;
            out[n++] = (char)0xA4;
            p++;
            continue;
        }
        out[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    }
    out[n] = '\0';
    return true;
}

status_value status_parse(const char *s)
{
    char w[32];
    if (!s)
        return STATUS_EMPTY;
    if (!fold(s, w, sizeof w))
        return STATUS_UNKNOWN;
    if (!w[0])
        return STATUS_EMPTY;
    if (strcmp(w, "uppfyllt") == 0)
        return STATUS_MET;
    if (strcmp(w, "delvis uppfyllt") == 0)
        return STATUS_PARTLY;
    if (strcmp(w, "ej uppfyllt") == 0)
        return STATUS_NOT_MET;
    if (strcmp(w, "ej m\xC3\xA4tt") == 0)
        return STATUS_NOT_MEASURED;
    return STATUS_UNKNOWN;
}

uint32_t status_symbol(status_value v)
{
    switch (v) {
    case STATUS_MET:
        return 0x25CF; /* black circle */
    case STATUS_PARTLY:
        return 0x25D0; /* circle with left half black */
    case STATUS_NOT_MET:
        return 0x25CB; /* white circle */
    case STATUS_NOT_MEASURED:
        return 0x25CC; /* dotted circle */
    default:
        return 0;
    }
}

uint32_t status_color(status_value v)
{
    switch (v) {
    case STATUS_MET:
        return 0x1E7B34;
    case STATUS_PARTLY:
        return 0x9A5B00;
    case STATUS_NOT_MET:
        return 0xC62828;
    case STATUS_NOT_MEASURED:
        return 0x666666;
    default:
        return 0;
    }
}
