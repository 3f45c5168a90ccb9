/*
 * rollforward.h: `arsrapport new --fran FJOLARETS.xml` (issue 26, part 4):
 * this year's skeleton made from last year's report.
 */
#ifndef ARSRAPPORT_ROLLFORWARD_H
#define ARSRAPPORT_ROLLFORWARD_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/diag.h"

/* A calendar date, checked (rf_date_parse). */
typedef struct {
    int y, m, d;
} rf_date;

/* Reads "ÅÅÅÅ-MM-DD" (a real date, years 1000-9999) into *out; false when
 * s is not one. */
bool rf_date_parse(const char *s, rf_date *out);

/* Last year's report at path, read as documents are read (size limit, no
 * network, no DOCTYPE) and validated against schema_path, rolled forward
 * into this year's skeleton, returned as UTF-8 XML text (malloc'd, *len
 * bytes; free it). new_start and new_slut give the new period; both NULL:
 * last year's period moved on by one year. Every year in the title,
 * headings, captions, column heads and header cells is moved on by the
 * difference of the periods' first years; the period and datum are moved
 * on; text blocks become one placeholder paragraph per section; figures
 * are emptied, except that a column takes last year's figures of another
 * column where the column heads say so (see rollforward.c and the README).
 * NULL, with the reasons in dl (in dl's language), when the file cannot be
 * read, is not well-formed or does not follow the schema. */
char *rollforward_file(const char *path, const char *schema_path,
                       const rf_date *new_start, const rf_date *new_slut,
                       diag_list *dl, size_t *len);

#endif
