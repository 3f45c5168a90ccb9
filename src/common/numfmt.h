/*
 * numfmt.h: Swedish numerals, read and written.
 *
 * Reading accepts every common form an author types or pastes: grouping
 * with space, no-break space (U+00A0), narrow no-break space (U+202F) or
 * thin space (U+2009); decimal comma (a point only when it cannot be a
 * thousands separator); minus as U+2212, en dash or hyphen; a trailing %
 * with or without a space; the missing-value marks "-" (bortfall),
 * "." (ej tillämplig) and ".." (sekretess). Writing follows the rules of
 * Swedish official documents (rules.md §5): no-break space between groups
 * of three, decimal comma, U+2212 minus, no-break space before %.
 */
#ifndef ARSRAPPORT_NUMFMT_H
#define ARSRAPPORT_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The figures arsrapport handles (README, "Numbers and their limits"): at
 * most NUM_MAX_INT_DIGITS digits before the decimal comma (a magnitude
 * under 10^15, "999 999 999 999 999"), at most NUM_MAX_DECIMALS decimals
 * and at most NUM_MAX_DIGITS digits in all, typed or computed (a total is
 * computed at the most decimals of its terms). A typed figure beyond them
 * is not read (num_value.too_large); a computed one is reported, never
 * printed. 10^15 is also where doubles stop holding every integer of a
 * chart's values exactly (2^53 > 9 * 10^15). */
#define NUM_MAX_INT_DIGITS 15
#define NUM_MAX_DECIMALS 9
#define NUM_MAX_DIGITS 18

/* A wide mantissa for exact intermediate results: 10^18 (the largest
 * mantissa) times 10^9 (the largest rescaling) and sums of many such
 * terms stay far inside its 1.7 * 10^38. */
__extension__ typedef __int128 num_wide;

typedef enum {
    NUM_EMPTY,   /* no text at all */
    NUM_VALUE,   /* a number */
    NUM_MISSING, /* "-": bortfall, uppgift saknas */
    NUM_NA,      /* ".": ej tillämplig */
    NUM_SECRET,  /* "..": sekretess */
    NUM_INVALID  /* text that is not a Swedish numeral */
} num_kind;

typedef struct {
    num_kind kind;
    int64_t mant;      /* value = mant / 10^scale */
    int scale;         /* decimals typed, 0..9 */
    bool percent;      /* a % sign was typed */
    bool hyphen_minus; /* the minus was typed as '-' */
    bool grouped;      /* groups were separated */
    bool too_large;    /* NUM_INVALID only because a limit above is
                          exceeded (too many digits or decimals) */
} num_value;

/* Parses s (UTF-8, NUL-terminated, surrounding white space ignored). */
num_value num_parse(const char *s);

/* mant at scale converted to the given scale (rounding half away from 0),
 * exactly: scales are taken within 0..NUM_MAX_DECIMALS, so for a mantissa
 * under 10^27 the result cannot overflow. */
num_wide num_rescale(num_wide mant, int from_scale, int to_scale);

/* True when mant / 10^scale is within the limits above: at most
 * NUM_MAX_DIGITS digits at that scale and under 10^NUM_MAX_INT_DIGITS. */
bool num_fits(num_wide mant, int scale);

/* Formats mant/10^scale with the given decimals (rounded) the Swedish way
 * into out (size bytes). percent adds "\u00a0%". Returns out. */
char *num_format(int64_t mant, int scale, int decimals, bool percent, char *out,
                 size_t size);
/* The same for a wide mantissa (an exact figure beyond the limits, for a
 * message that names it). */
char *num_format_wide(num_wide mant, int scale, int decimals, bool percent,
                      char *out, size_t size);

/* Formats a parsed value for display in a column with the given decimals
 * (-1: as typed); missing marks print as themselves. */
char *num_format_value(const num_value *v, int decimals, char *out,
                       size_t size);

#endif
