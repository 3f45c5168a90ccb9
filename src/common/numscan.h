/*
 * numscan.h: the steps of reading a figure that the document's reader
 * (numfmt.c: Swedish typography as typed in a report) and the data files'
 * reader (numread.c: a file's Swedish or English convention) share: the
 * sign, the digits with their significant count and decimals, the three
 * digits a group mark must be followed by, the optional per cent sign at
 * the end, and the limits a value must keep. Each reader keeps its own
 * grammar for group and decimal marks. Internal to src/common.
 */
#ifndef ARSRAPPORT_NUMSCAN_H
#define ARSRAPPORT_NUMSCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "numfmt.h"
#include "utf8.h"

/* The spaces that may separate digit groups (and precede a "%"). */
static inline bool numscan_is_space(uint32_t cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x202F || cp == 0x2009;
}

/* The code point at *p (ASCII without a call: this runs for every
 * character of every figure read). */
static inline uint32_t numscan_next(const char **p, const char *end)
{
    unsigned char ch = (unsigned char)**p;
    if (ch < 0x80) {
        (*p)++;
        return ch;
    }
    return utf8_next(p, end);
}

/* A leading sign at *s ('-', U+2212, U+2013 or '+'), stepped over; true
 * when it is a minus (v->hyphen_minus says whether it was typed as '-').
 * "- 5" is not accepted: the digits must follow at once. */
static inline bool numscan_sign(const char **s, const char *end, num_value *v)
{
    const char *p = *s;
    uint32_t cp = p < end ? numscan_next(&p, end) : 0;
    if (cp == '-' || cp == 0x2212 || cp == 0x2013) {
        v->hyphen_minus = cp == '-';
        *s = p;
        return true;
    }
    if (cp == '+')
        *s = p;
    return false;
}

/* The digits read so far. */
typedef struct {
    int64_t mant;
    int sig, int_sig; /* digits from the first non-zero one on */
    int scale;        /* digits after the decimal mark */
    int total;        /* all digits */
} numscan_digits;

/* One more digit d (0..9), before or after the decimal mark. Past
 * NUM_MAX_DIGITS the mantissa stops growing so that it cannot overflow;
 * numscan_finish refuses the figure then. */
static inline void numscan_digit(numscan_digits *g, int d, bool in_decimals)
{
    if (g->sig > 0 || d != 0) {
        if (g->sig < NUM_MAX_DIGITS)
            g->mant = g->mant * 10 + d;
        g->sig++;
        if (!in_decimals)
            g->int_sig++;
    }
    g->total++;
    if (in_decimals)
        g->scale++;
}

/* How many ASCII digits follow at r (at most 4: a group mark needs
 * exactly three). */
static inline int numscan_group_digits(const char *r, const char *end)
{
    int k = 0;
    while (r < end && *r >= '0' && *r <= '9' && k < 4) {
        r++;
        k++;
    }
    return k;
}

/* After the digits: spaces and one "%" (v->percent). True when that
 * reaches end, false when anything else follows. */
static inline bool numscan_tail(const char *p, const char *end, num_value *v)
{
    while (p < end) {
        const char *q = p;
        uint32_t cp = numscan_next(&q, end);
        if (numscan_is_space(cp) || (cp == '%' && !v->percent)) {
            if (cp == '%')
                v->percent = true;
            p = q;
            continue;
        }
        break;
    }
    return p == end;
}

/* v made a NUM_VALUE from g (negative when neg), or NUM_INVALID with
 * too_large when it passes NUM_MAX_DIGITS, NUM_MAX_INT_DIGITS or
 * NUM_MAX_DECIMALS. */
static inline void numscan_finish(num_value *v, const numscan_digits *g,
                                  bool neg, int groups)
{
    if (g->sig > NUM_MAX_DIGITS || g->int_sig > NUM_MAX_INT_DIGITS ||
        g->scale > NUM_MAX_DECIMALS) {
        v->kind = NUM_INVALID; /* a numeral, but beyond what is handled */
        v->too_large = true;
        return;
    }
    v->kind = NUM_VALUE;
    v->mant = neg ? -g->mant : g->mant;
    v->scale = g->scale;
    v->grouped = groups > 0;
}

/* The common form of a figure in a table, read in one pass: a minus
 * ('-' or U+2212), one to three digits, groups of three after a space or
 * a no-break space, a decimal comma with digits; or digits alone with a
 * decimal comma. True, with *out as both readers' general reading (num_parse,
 * and numread's with the decimal comma) gives it, when all of [s, end) is
 * such a figure; false (nothing set) otherwise, and for a grouped figure
 * that starts with one zero ("0 600"), which the readers differ on. */
static inline bool numscan_common(const char *s, const char *end,
                                  num_value *out)
{
    const unsigned char *p = (const unsigned char *)s,
                        *e = (const unsigned char *)end;
    num_value v = {0};
    bool neg = false;
    if (p < e && p[0] == '-') {
        neg = v.hyphen_minus = true;
        p++;
    } else if (e - p >= 3 && p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) {
        neg = true;
        p += 3;
    }
    numscan_digits g = {0};
    int run = 0, groups = 0;
    bool first_zero = p < e && *p == '0';
    while (p < e && *p >= '0' && *p <= '9') {
        numscan_digit(&g, *p++ - '0', false);
        run++;
    }
    if (run == 0)
        return false;
    if (first_zero && run == 1 && p < e && (*p == ' ' || *p == 0xC2))
        return false;
    for (;;) {
        size_t sep = p < e && *p == ' '                           ? 1
                     : e - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0 ? 2
                                                                  : 0;
        if (!sep)
            break;
        if (run > 3 || (groups > 0 && run != 3))
            return false;
        p += sep;
        run = 0;
        while (p < e && *p >= '0' && *p <= '9') {
            numscan_digit(&g, *p++ - '0', false);
            run++;
        }
        if (run != 3)
            return false;
        groups++;
    }
    if (p < e && *p == ',') {
        p++;
        if (!(p < e && *p >= '0' && *p <= '9'))
            return false;
        while (p < e && *p >= '0' && *p <= '9')
            numscan_digit(&g, *p++ - '0', true);
    }
    if (p != e)
        return false;
    numscan_finish(&v, &g, neg, groups);
    *out = v;
    return true;
}

#endif
