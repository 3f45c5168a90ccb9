/*
 * csv_read.h: CSV and TSV text into a grid of fields (the only user of
 * libcsv).
 *
 * The text is UTF-8 already (src/data converts it from the file's
 * encoding). Fields may be quoted with " (a doubled "" inside is one
 * quote; a quoted field may span lines); unquoted fields lose the spaces
 * around them. The separator is given or sniffed (csv_sniff). Entirely
 * empty lines are skipped. Each row remembers the line it ends on, so a
 * message can name the line of a file.
 *
 * Memory: fields and arrays live in the arena the caller passes; nothing
 * else is allocated past the call.
 */
#ifndef ARSRAPPORT_CSV_READ_H
#define ARSRAPPORT_CSV_READ_H

#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"

typedef struct {
    size_t max_rows;   /* rows past it: CSV_TOO_MANY_ROWS */
    size_t max_fields; /* fields in all past it: CSV_TOO_MANY_FIELDS */
    size_t max_field;  /* bytes of one field past it: CSV_FIELD_TOO_LONG */
} csv_limits;

typedef struct {
    size_t nrows;
    const char **fields; /* every field, NUL-terminated, row after row */
    size_t *row_start;   /* nrows + 1 offsets into fields */
    uint32_t *row_line;  /* the line each row ends on, 1-based */
    size_t max_fields;   /* the most fields of any row */
    char sep;
} csv_grid;

typedef enum {
    CSV_READ_OK,
    CSV_READ_TOO_MANY_ROWS,
    CSV_READ_TOO_MANY_FIELDS,
    CSV_READ_FIELD_TOO_LONG,
    CSV_READ_QUOTE /* a quoted field never closed, or text right after
                      its closing quote */
} csv_status;

/* The separator of text (';', ',' or '\t'): the one that splits the first
 * lines (up to 50, outside quotes) into the same number of fields, more
 * than one, preferring tab, then ';', then ','; without such, the one most
 * frequent on the first line; ';' when there is none. */
char csv_sniff(const char *text, size_t len);

/* Splits text[0..len) with separator sep into g. On failure g is left
 * partly filled and *line holds the line where reading stopped. */
csv_status csv_grid_read(const char *text, size_t len, char sep,
                         const csv_limits *lim, arena *a, csv_grid *g,
                         uint32_t *line);

#endif
