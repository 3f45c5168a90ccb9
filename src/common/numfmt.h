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
} num_value;

/* Parses s (UTF-8, NUL-terminated, surrounding white space ignored). */
num_value num_parse(const char *s);

/* mant at scale converted to the given scale (rounding half away from 0). */
int64_t num_rescale(int64_t mant, int from_scale, int to_scale);

/* Formats mant/10^scale with the given decimals (rounded) the Swedish way
 * into out (size bytes). percent adds "\u00a0%". Returns out. */
char *num_format(int64_t mant, int scale, int decimals, bool percent, char *out,
                 size_t size);

/* Formats a parsed value for display in a column with the given decimals
 * (-1: as typed); missing marks print as themselves. */
char *num_format_value(const num_value *v, int decimals, char *out,
                       size_t size);

#endif
