/*
 * sie.h: an SIE 4 file (types 1 to 4; SIE-gruppen's format for accounting
 * data) read for a table (internal to src/data).
 *
 * Kept: the accounts (#KONTO), dimensions (#DIM) and objects (#OBJEKT),
 * the year's results (#RES), period balances and budgets (#PSALDO,
 * #PBUDGET, with their object lists), the company (#FNAMN) and the date
 * the file was made (#GEN). Everything else (#VER, #TRANS, #IB, #UB, ...)
 * is skipped. Amounts are exact (mant / 10^scale). The text is CP437 as
 * "#FORMAT PC8" says (the SIE standard's only encoding), unless the
 * document names another with kodning.
 *
 * Memory: in the arena of the read.
 */
#ifndef ARSRAPPORT_DATA_SIE_H
#define ARSRAPPORT_DATA_SIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sheet.h"

typedef enum { SIE_RES, SIE_PSALDO, SIE_PBUDGET } sie_kind;

typedef struct {
    const char *nr; /* the account number as written ("3010") */
    const char *namn;
} sie_account;

typedef struct {
    int dim;
    const char *id, *namn;
} sie_object;

typedef struct {
    sie_kind kind;
    int year;        /* årsnr: 0 this year, -1 the year before */
    uint32_t period; /* YYYYMM; 0 for #RES */
    const char *konto;
    const char *objs; /* the object list, canonical: "" or "1:120 6:P1"
                         (sorted by dimension) */
    int64_t mant;
    int scale;
    uint32_t line;
} sie_amount;

typedef struct {
    sie_account *accounts;
    size_t naccounts;
    sie_object *objects;
    size_t nobjects;
    sie_amount *amounts;
    size_t namounts;
    const char *gen_date; /* ISO 8601, or NULL */
    const char *fnamn;
} sie_file;

/* Reads b[0..n) into out. False (the reasons in w) when it is not an SIE
 * file this can use: a line that cannot be read names its line. */
bool sie_read(const unsigned char *b, size_t n, const char *kodning,
              const data_where *w, arena *a, sie_file *out);

/* True when account nr lies in the ranges of spec ("30-39", "3010",
 * "3000-3999 4010", "30-39,41"); spec has been checked by
 * sie_range_valid. Ranges compare on the leading digits: "30-39" takes
 * every account whose first two digits are 30 to 39. */
bool sie_in_range(const char *spec, const char *nr);
bool sie_range_valid(const char *spec);

/* The canonical object list of an objekt attribute ("1:120", several
 * separated by space) into out; false when it is not one. */
bool sie_objs_canonical(const char *spec, char *out, size_t size);

#endif
