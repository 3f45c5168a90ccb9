/*
 * numread.c: a figure read under the Swedish and the English convention
 * (numread.h). The Swedish reading accepts what num_parse accepts plus
 * points as group separators ("1.234.567", "1.234,5": how Swedish
 * spreadsheets and ekonomisystem export); the English one decimal points
 * and comma groups. Both insist on groups of exactly three digits after a
 * first group of one to three, and a first group of "0" never starts a
 * grouped figure ("0,600" can only be a decimal).
 */
#include "numread.h"

#include <stdint.h>
#include <string.h>

#include "numscan.h"

/* Reads [s, end) with decimal mark dec and group marks: any space in
 * numscan_is_space, plus the character grp. */
static num_value read_conv(const char *s, const char *end, char dec, char grp)
{
    num_value v = {0};
    if (dec == ',' && numscan_common(s, end, &v))
        return v; /* the usual table figure, in one pass */
    v.kind = NUM_INVALID;
    bool neg = numscan_sign(&s, end, &v);
    const char *p = s;
    numscan_digits g = {0};
    int groups = 0, in_group = 0, first_group = -1;
    bool first_zero = false, in_dec = false;
    uint32_t group_cp = 0; /* the group mark used, for consistency */
    while (p < end) {
        const char *q = p;
        uint32_t cp = numscan_next(&q, end);
        if (cp >= '0' && cp <= '9') {
            if (g.total == 0)
                first_zero = cp == '0';
            numscan_digit(&g, (int)(cp - '0'), in_dec);
            if (!in_dec)
                in_group++;
            p = q;
            continue;
        }
        if (!in_dec && (numscan_is_space(cp) || cp == (uint32_t)grp)) {
            uint32_t cls = numscan_is_space(cp) ? ' ' : cp;
            if (in_group == 0 || (groups > 0 && in_group != 3) ||
                (groups == 0 && in_group > 3) ||
                (groups > 0 && cls != group_cp))
                break; /* maybe a space before % */
            if (numscan_group_digits(q, end) != 3)
                break; /* exactly three digits follow */
            if (groups == 0)
                first_group = in_group;
            group_cp = cls;
            groups++;
            in_group = 0;
            p = q;
            continue;
        }
        if (!in_dec && cp == (uint32_t)dec && g.total > 0) {
            if (groups > 0 && in_group != 3)
                return v;
            in_dec = true;
            p = q;
            continue;
        }
        break;
    }
    if (g.total == 0 || (in_dec && g.scale == 0))
        return v;
    if (groups > 0 && !in_dec && in_group != 3)
        return v;
    if (groups > 0 && first_zero && first_group == 1)
        return v; /* "0,600" is no grouped figure */
    if (!numscan_tail(p, end, &v))
        return v;
    numscan_finish(&v, &g, neg, groups);
    return v;
}

/* Equal values (1,50 and 1.5 are equal; scale counts as a difference
 * only through the value). */
static bool same_value(const num_value *a, const num_value *b)
{
    if (a->percent != b->percent)
        return false;
    num_wide x = num_rescale(a->mant, a->scale, NUM_MAX_DECIMALS);
    num_wide y = num_rescale(b->mant, b->scale, NUM_MAX_DECIMALS);
    return x == y;
}

num_readings num_read_both(const char *s)
{
    num_readings r;
    memset(&r, 0, sizeof r);
    /* the missing marks and an empty text read the same both ways; a text
     * that starts with a digit or a sign is none of them (the common case:
     * num_parse not needed) */
    const char *q = s;
    while (*q == ' ' || *q == '\t')
        q++;
    bool plain = (*q >= '0' && *q <= '9') || *q == '+' ||
                 (*q == '-' && q[1] >= '0' && q[1] <= '9');
    if (!plain) {
        num_value base = num_parse(s);
        if (base.kind == NUM_EMPTY || base.kind == NUM_MISSING ||
            base.kind == NUM_NA || base.kind == NUM_SECRET) {
            r.sv = r.en = base;
            return r;
        }
    }
    const char *end = s + strlen(s);
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    for (;;) {
        if (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
                        end[-1] == '\r'))
            end--;
        else if (end - s >= 2 && (unsigned char)end[-2] == 0xC2 &&
                 (unsigned char)end[-1] == 0xA0)
            end -= 2;
        else
            break;
    }
    r.sv = read_conv(s, end, ',', '.');
    if (numread_neutral(s)) {
        /* no comma, no point: both conventions read it alike */
        r.en = r.sv;
        if (r.sv.kind != NUM_VALUE && !r.sv.too_large && num_parse(s).too_large)
            r.sv.too_large = r.en.too_large = true;
        return r;
    }
    r.en = read_conv(s, end, '.', ',');
    bool sv = r.sv.kind == NUM_VALUE, en = r.en.kind == NUM_VALUE;
    if (sv && !en)
        r.only = NUMCONV_SV;
    else if (en && !sv)
        r.only = NUMCONV_EN;
    else if (sv && en && !same_value(&r.sv, &r.en))
        r.ambiguous = true;
    if (!sv && !en && !r.en.too_large && num_parse(s).too_large)
        r.sv.too_large = true; /* a numeral, but beyond the limits */
    else if (!sv && r.en.too_large)
        r.sv.too_large = true;
    return r;
}

num_value num_read_value(const num_readings *r, num_conv c)
{
    if (c == NUMCONV_EN)
        return r->en;
    if (c == NUMCONV_SV)
        return r->sv;
    return r->sv.kind == NUM_VALUE || r->en.kind != NUM_VALUE ? r->sv : r->en;
}

bool numread_neutral(const char *s)
{
    for (; *s; s++)
        if (*s == ',' || *s == '.')
            return false;
    return true;
}

num_conv numread_vote(num_conv so_far, const num_readings *r)
{
    return (num_conv)(so_far | r->only);
}

char *numread_describe(const num_value *v, char *out, size_t size)
{
    return num_format(v->mant, v->scale, v->scale, v->percent, out, size);
}
