/*
 * sheet.h: a table file read into memory, whatever its format (internal
 * to src/data).
 *
 * Every reader (CSV, XLSX, ODS) fills a data_book: sheets of cells, each
 * cell empty, text as the file has it, a number as the file stores it (a
 * plain decimal such as "-14600.5": exact, never through a double), or a
 * problem (a formula without a stored result, an error value such as
 * #DIV/0!). The mapping (data_map.c) chooses columns and rows from it and
 * reads text figures strictly (numread.h). SIE files are not sheets; see
 * sie.h.
 *
 * Memory: everything lives in the arena of the read; the book is dropped
 * with it once the table's rows are in the model.
 */
#ifndef ARSRAPPORT_DATA_SHEET_H
#define ARSRAPPORT_DATA_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"
#include "../common/diag.h"

/* Limits on what one file may hold (README, "Tables from files"). */
#define DATA_MAX_FILE_BYTES (64u * 1024 * 1024) /* a file read whole */
#define DATA_MAX_ROWS 200000u                   /* rows of one sheet */
#define DATA_MAX_CELLS 4000000u                 /* cells of one book */
#define DATA_MAX_FIELD 65536u                   /* bytes of one cell */
#define DATA_MAX_COLS 16384u                    /* XLSX's own limit */

typedef enum {
    DCELL_EMPTY,
    DCELL_TEXT,    /* text as in the file */
    DCELL_NUMBER,  /* a stored number: text is a plain decimal */
    DCELL_NOVALUE, /* a formula without a stored (cached) result */
    DCELL_ERROR    /* an error value (#DIV/0!, #REF!): text holds it */
} dcell_kind;

typedef struct {
    const char *text; /* never NULL ("" when empty) */
    uint8_t kind;     /* dcell_kind */
    int8_t shown;     /* decimals the cell's number format shows, -1 if
                         unknown */
    uint32_t line;    /* the file line of a CSV cell (0: none) */
} data_cell;

typedef struct {
    const char *name;
    uint32_t nrows, ncols;
    data_cell *cells; /* nrows * ncols, row after row */
} data_sheet;

typedef struct {
    const char *name; /* the file as the document names it */
    const char *date; /* the file's date (ISO 8601), or NULL */
    data_sheet *sheets;
    size_t nsheets;
    bool positions_are_lines; /* CSV: name a cell by its line */
} data_book;

/* The cell at row r, column c (0-based) of s; NULL outside. */
static inline const data_cell *data_sheet_cell(const data_sheet *s, uint32_t r,
                                               uint32_t c)
{
    if (r >= s->nrows || c >= s->ncols)
        return NULL;
    return &s->cells[(size_t)r * s->ncols + c];
}

/* A cell's name for messages: "D7" (spreadsheet column letters). */
void data_cell_name(uint32_t row, uint32_t col, char *out, size_t size);

/* Where a diagnostic about the file goes: the document's file and the
 * attribute's element, or the data file itself (line = row, col). */
typedef struct {
    diag_list *dl;
    const char *doc_file;
    uint32_t line, col;    /* the element that names the file */
    const char *fil;       /* the file as the document names it */
    const char *data_file; /* its path from the working folder */
} data_where;

/* An error about the data file itself, at its line (0: the file as a
 * whole), with the catalog message key formatted in the list's language. */
diag *data_file_error(const data_where *w, uint32_t line, uint32_t col,
                      const char *rule, msg_key key, ...);

/* Readers. Each returns false (the reasons in w) when the bytes are not a
 * usable file of its kind; the book lives in a. */
bool data_read_csv(const unsigned char *b, size_t n, const char *kodning,
                   char sep, const data_where *w, arena *a, data_book *out);
/* An XLSX (ods false) or ODS (ods true) file: every sheet with the stored
 * values of its cells. */
bool data_read_zip(const unsigned char *b, size_t n, bool ods,
                   const data_where *w, arena *a, data_book *out);

#endif
