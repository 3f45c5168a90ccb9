/*
 * numread.h: figures read strictly, a column at a time.
 *
 * A figure such as "1,234", "-14,600" or "1.234" means one thing to a
 * Swedish reader (decimal comma, groups of three with space or point) and
 * another to a spreadsheet set to English (decimal point, groups with
 * comma). num_read_both reads a figure under both conventions; a column's
 * figures then settle the convention (numread_column): a figure that only
 * one convention can read ("12,5", "1 234,5", "1.234.567" are Swedish;
 * "1.5", "1,234,567", "1,234.5" are English) votes for it. Figures valid
 * under both with different values are ambiguous: read by the column's
 * convention when it is settled, an error naming both readings when not.
 * Figures of both conventions in one column are an error too. Used for the
 * cells of a tabell typed in the XML (validate) and for text cells read
 * from CSV, XLSX and ODS files (src/data).
 *
 * Everything here is pure computation on the caller's strings; nothing is
 * allocated.
 */
#ifndef ARSRAPPORT_NUMREAD_H
#define ARSRAPPORT_NUMREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "numfmt.h"

typedef enum {
    NUMCONV_NONE = 0, /* not settled */
    NUMCONV_SV = 1,   /* decimal comma; groups with space or point */
    NUMCONV_EN = 2,   /* decimal point; groups with comma */
    NUMCONV_MIXED = 3 /* figures of both in one column */
} num_conv;

typedef struct {
    num_value sv, en; /* the reading under each convention; NUM_INVALID
                         when that convention cannot read it. Empty and
                         missing marks come out the same in both. */
    num_conv only;    /* the one convention that can read it (a vote), or
                         NUMCONV_NONE (neutral, ambiguous or neither) */
    bool ambiguous;   /* both can read it, with different values */
} num_readings;

/* Reads s (UTF-8, NUL-terminated, surrounding white space ignored) under
 * both conventions. Never fails. */
num_readings num_read_both(const char *s);

/* The value of r under convention c (NUMCONV_NONE and NUMCONV_MIXED: the
 * Swedish reading when valid, else the English one). */
num_value num_read_value(const num_readings *r, num_conv c);

/* True when s has no comma and no point: it reads the same both ways and
 * votes for neither (a quick test before num_read_both). */
bool numread_neutral(const char *s);

/* Accumulates the votes of a column: start with NUMCONV_NONE and fold
 * every figure's readings in. */
num_conv numread_vote(num_conv so_far, const num_readings *r);

/* A figure written the way the Swedish reading shows it, for messages:
 * num_format of the value with its own decimals ("−14,6", "−14 600"). */
char *numread_describe(const num_value *v, char *out, size_t size);

#endif
