/*
 * numfmt.c: Swedish numerals.
 */
#include "numfmt.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "numscan.h"
#include "utf8.h"

__extension__ typedef unsigned __int128 num_uwide;

num_value num_parse(const char *s)
{
    num_value v = {0};
    if (numscan_common(s, s + strlen(s), &v))
        return v;
    const char *end = s + strlen(s);
    /* trim */
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\n'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
        end--;
    /* trim no-break spaces too */
    while (end - s >= 2 && (unsigned char)end[-2] == 0xC2 &&
           (unsigned char)end[-1] == 0xA0)
        end -= 2;
    if (s == end) {
        v.kind = NUM_EMPTY;
        return v;
    }
    size_t len = (size_t)(end - s);
    if ((len == 1 && *s == '-') ||
        (len == 3 && memcmp(s, "\xE2\x80\x93", 3) == 0)) {
        v.kind = NUM_MISSING;
        return v;
    }
    if (len == 1 && *s == '.') {
        v.kind = NUM_NA;
        return v;
    }
    if (len == 2 && memcmp(s, "..", 2) == 0) {
        v.kind = NUM_SECRET;
        return v;
    }
    bool neg = numscan_sign(&s, end, &v);
    const char *p = s;
    numscan_digits g = {0};
    int digits_in_group = 0, groups = 0;
    bool in_decimals = false, saw_point = false, saw_space_group = false;
    while (p < end) {
        const char *q = p;
        uint32_t cp = numscan_next(&q, end);
        if (cp >= '0' && cp <= '9') {
            numscan_digit(&g, (int)(cp - '0'), in_decimals);
            if (!in_decimals)
                digits_in_group++;
            p = q;
            continue;
        }
        if (numscan_is_space(cp) && !in_decimals) {
            /* a grouping space must be followed by exactly three digits */
            if (numscan_group_digits(q, end) == 3 &&
                (groups > 0 ? digits_in_group == 3
                            : digits_in_group >= 1 && digits_in_group <= 3)) {
                groups++;
                digits_in_group = 0;
                saw_space_group = true;
                p = q;
                continue;
            }
            break; /* maybe a space before % */
        }
        if (cp == ',' && !in_decimals && g.total > 0) {
            in_decimals = true;
            p = q;
            continue;
        }
        if (cp == '.' && !in_decimals && g.total > 0 && !saw_point &&
            !saw_space_group) {
            /* "1.5" is a decimal point; "1.500" is ambiguous: refuse */
            saw_point = true;
            int point_group_digits = 0;
            const char *r = q;
            while (r < end && *r >= '0' && *r <= '9') {
                r++;
                point_group_digits++;
            }
            if (point_group_digits == 3 || point_group_digits == 0) {
                v.kind = NUM_INVALID;
                return v;
            }
            in_decimals = true;
            p = q;
            continue;
        }
        break;
    }
    if (g.total == 0 || (in_decimals && g.scale == 0) ||
        (groups > 0 && digits_in_group != 3 && !in_decimals) ||
        !numscan_tail(p, end, &v)) {
        v.kind = NUM_INVALID;
        return v;
    }
    numscan_finish(&v, &g, neg, groups);
    return v;
}

static int clamp_scale(int s)
{
    return s < 0 ? 0 : s > NUM_MAX_DECIMALS ? NUM_MAX_DECIMALS : s;
}

num_wide num_rescale(num_wide mant, int from, int to)
{
    from = clamp_scale(from);
    to = clamp_scale(to);
    while (from < to) {
        mant *= 10;
        from++;
    }
    if (from > to) {
        /* one division: rounding digit by digit would round twice
         * (1,49 -> 1,5 -> 2) */
        num_wide p = 1;
        for (int k = to; k < from; k++)
            p *= 10;
        num_wide q = mant / p, r = mant % p;
        if (r >= p / 2)
            q++;
        else if (r <= -(p / 2))
            q--;
        mant = q;
    }
    return mant;
}

bool num_fits(num_wide mant, int scale)
{
    if (scale < 0 || scale > NUM_MAX_DECIMALS)
        return false;
    num_wide lim = 1, max_int = 1;
    for (int k = 0; k < NUM_MAX_DIGITS; k++)
        lim *= 10;
    for (int k = 0; k < NUM_MAX_INT_DIGITS + scale; k++)
        max_int *= 10;
    num_wide a = mant < 0 ? -mant : mant;
    return a < lim && a < max_int;
}

char *num_format(int64_t mant, int scale, int decimals, bool percent, char *out,
                 size_t size)
{
    return num_format_wide(mant, scale, decimals, percent, out, size);
}

char *num_format_wide(num_wide mant, int scale, int decimals, bool percent,
                      char *out, size_t size)
{
    if (decimals < 0)
        decimals = scale;
    decimals = clamp_scale(decimals);
    num_wide m = num_rescale(mant, scale, decimals);
    bool neg = m < 0;
    /* the magnitude as unsigned: -m cannot overflow for a rescaled figure
     * (under 10^38), but the unsigned negation is exact in any case */
    num_uwide u = neg ? (num_uwide)0 - (num_uwide)m : (num_uwide)m;
    /* decimal digits, filled from the end (at most 39 for 2^128; 40
     * kept as before): 64-bit division once the magnitude fits, as
     * nearly every figure of a report does from the start */
    char dig[48];
    int at = 40;
    while (u > UINT64_MAX && at > 0) {
        dig[--at] = (char)('0' + (int)(u % 10));
        u /= 10;
    }
    uint64_t u64 = (uint64_t)u;
    do {
        dig[--at] = (char)('0' + (int)(u64 % 10));
        u64 /= 10;
    } while (u64 != 0 && at > 0);
    const char *digits = dig + at;
    int nd = 40 - at;
    bool nonzero = nd > 1 || digits[0] != '0';
    int zeros = nd <= decimals ? decimals + 1 - nd : 0; /* 0,05 */
    int int_digits = nd + zeros - decimals;
    char buf[128];
    size_t o = 0;
    if (neg && nonzero) {
        memcpy(buf + o, "\xE2\x88\x92", 3); /* U+2212 MINUS SIGN */
        o += 3;
    }
    for (int i = 0; i < nd + zeros; i++) {
        char c = i < zeros ? '0' : digits[i - zeros];
        if (i < int_digits) {
            if (i > 0 && (int_digits - i) % 3 == 0) {
                memcpy(buf + o, "\xC2\xA0", 2); /* U+00A0 */
                o += 2;
            }
        } else if (i == int_digits) {
            buf[o++] = ',';
        }
        buf[o++] = c;
    }
    if (percent) {
        memcpy(buf + o, "\xC2\xA0%", 3);
        o += 3;
    }
    /* as snprintf(out, size, "%s", buf): cut to size - 1 bytes */
    if (size > 0) {
        size_t n = o < size - 1 ? o : size - 1;
        memcpy(out, buf, n);
        out[n] = '\0';
    }
    return out;
}

char *num_format_value(const num_value *v, int decimals, char *out, size_t size)
{
    switch (v->kind) {
    case NUM_VALUE:
        return num_format(v->mant, v->scale, decimals < 0 ? v->scale : decimals,
                          v->percent, out, size);
    case NUM_MISSING:
        snprintf(out, size, "-");
        return out;
    case NUM_NA:
        snprintf(out, size, ".");
        return out;
    case NUM_SECRET:
        snprintf(out, size, "..");
        return out;
    default:
        snprintf(out, size, "%s", "");
        return out;
    }
}
