/*
 * calc.h: the figures of one table, computed.
 *
 * A tabell declares what the tool computes (format.md, "Tables"): a summa
 * row inside a grupp totals the data rows of that group (nested groups
 * included), a summa row at table level totals every data row of the
 * table, and a summa with formel ("intakter + kostnader") combines the
 * totals of groups and earlier summa rows. A kolumn with formel
 * ("prognos - budget") is computed in every row from the other columns of
 * that row. "varav" and "rubrik" rows never count in a total.
 *
 * calc_table_new reads one DOC_TABLE node of the model and computes every
 * cell once; the validate stage compares the stated figures with the
 * computed ones (SUM-*), the layout stage prints computed figures in empty
 * cells, and rules that reason about a table (is the full-year deviation
 * negative?) read effective values.
 *
 * Arithmetic is fixed point: a value is mant / 10^scale with an int64
 * mantissa, as num_parse gives it. A sum or difference is computed exactly
 * (in a wide mantissa) at the largest scale of its operands; a result
 * beyond the limits of numfmt.h is "too large" (calc_too_large, reported
 * as SUM-04: never printed, though figures computed from it are computed
 * exactly) and, like a missing operand (an empty cell in a formula, a
 * missing mark -, . or .., a cell that is not a number). Empty cells of data
 * rows add nothing to a total (nor does an empty cell of a computed column
 * whose operands are all empty: a row without figures); a total with
 * nothing to add up is not computed.
 *
 * The effective value of a cell is the stated one when the author typed a
 * valid number, else the computed one. Totals and formulas use effective
 * values, so that one wrong stated total gives one error, not a cascade.
 *
 * Memory: a calc_table is allocated on the heap and freed with
 * calc_table_free. The strings and nodes it hands out belong to the
 * document and live as long as it does.
 */
#ifndef ARSRAPPORT_CALC_H
#define ARSRAPPORT_CALC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/numfmt.h"
#include "model.h"

typedef enum {
    CALC_COL_TEXT,
    CALC_COL_BELOPP,
    CALC_COL_TAL,
    CALC_COL_PROCENT,
    CALC_COL_STATUS
} calc_col_type;

typedef enum {
    CALC_ROW_DATA,   /* rad, rad typ="data" */
    CALC_ROW_VARAV,  /* rad typ="varav": shown, never counted */
    CALC_ROW_RUBRIK, /* rad typ="rubrik": a heading inside the body */
    CALC_ROW_SUM     /* summa */
} calc_row_kind;

/* How the computed value of a summa cell was obtained (for messages). */
typedef enum {
    CALC_SUM_NONE,    /* not a summa cell, or nothing computed */
    CALC_SUM_GROUP,   /* the data rows of the enclosing grupp */
    CALC_SUM_TABLE,   /* every data row of the table */
    CALC_SUM_FORMULA, /* summa formel over group and summa totals */
} calc_sum_source;

/* A formula problem found while reading the table (validate reports them
 * as SUM-03). */
typedef enum {
    CALC_PROB_UNKNOWN_COLUMN, /* kolumn formel names no column */
    CALC_PROB_TEXT_OPERAND,   /* kolumn formel names a text/status column */
    CALC_PROB_TEXT_COLUMN,    /* a text/status column has a formel */
    CALC_PROB_CYCLE,          /* column formulas depend on each other */
    CALC_PROB_UNKNOWN_TOTAL,  /* summa formel names no group or summa row
                                 above it */
} calc_problem_kind;

typedef struct {
    calc_problem_kind kind;
    const doc_node *node; /* the kolumn or summa element */
    const char *formula;  /* the formula as written */
    const char *name;     /* the unknown id; for CYCLE "a → b → a";
                             for TEXT_COLUMN the column's typ */
} calc_problem;

typedef struct calc_table calc_table;

/* Computes the table node t (a DOC_TABLE) of document d. Returns NULL when
 * t is not a table. Never fails otherwise (out of memory aborts). Free with
 * calc_table_free. */
calc_table *calc_table_new(doc *d, const doc_node *t);
void calc_table_free(calc_table *t);

/* The computed table t of d, computed on first use and kept on the table
 * until doc_free: validation, charts and layout read the same figures.
 * NULL when t is not a table. Not for two threads at once on one
 * document (the lints, which run beside the other checks, use none). */
const calc_table *doc_table_calc(doc *d, const doc_node *t);
/* Frees the kept computation of t, if any (layout, once the table is
 * placed); a later doc_table_calc computes it again. */
void doc_table_calc_release(doc *d, const doc_node *t);

/* The tabell element. */
const doc_node *calc_table_node(const calc_table *t);
/* The tabell's tolerans when given (true), as mant/10^scale. */
bool calc_table_tolerance(const calc_table *t, int64_t *mant, int *scale);

/* --- columns (0-based, in declaration order) ----------------------------- */

int calc_ncols(const calc_table *t);
const doc_node *calc_col_node(const calc_table *t, int col);
/* The kolumn's text; when it has none its id, else its 1-based number. */
const char *calc_col_label(const calc_table *t, int col);
const char *calc_col_id(const calc_table *t, int col); /* NULL if none */
calc_col_type calc_col_type_of(const calc_table *t, int col);
bool calc_col_numeric(const calc_table *t, int col); /* belopp/tal/procent */
/* Totalled by summa rows: belopp and tal unless summeras="nej", procent
 * only with summeras="ja", text and status never. */
bool calc_col_summed(const calc_table *t, int col);
/* The formel as written, or NULL. */
const char *calc_col_formula(const calc_table *t, int col);
/* The formula with column labels and U+2212, "Prognos − Budget"; NULL if
 * the column has none. */
const char *calc_col_formula_text(const calc_table *t, int col);
/* True when the column's formula is usable (every operand a numeric
 * column, no cycle) and so computed in every row. */
bool calc_col_computed(const calc_table *t, int col);
/* Decimals the column's figures are shown with: decimaler when given, else
 * the most decimals typed in the column's cells (computed ones when no cell
 * holds a typed number). */
int calc_col_decimals(const calc_table *t, int col);
/* The decimaler attribute, or -1. */
int calc_col_declared_decimals(const calc_table *t, int col);
/* The tolerance a check of this column allows, as mant/10^scale: the
 * tabell's tolerans, else two units in the last decimal place of the
 * column (decimaler, else the most decimals typed in its cells). */
void calc_col_tolerance(const calc_table *t, int col, int64_t *mant,
                        int *scale);

/* --- body rows (0-based, document order; header rows excluded) ----------- */

size_t calc_nrows(const calc_table *t);
const doc_node *calc_row_node(const calc_table *t, size_t row);
calc_row_kind calc_row_kind_of(const calc_table *t, size_t row);
/* The innermost grupp the row is in, or NULL. */
const doc_node *calc_row_group(const calc_table *t, size_t row);
/* The index of a rad or summa node of the table (false when it is not
 * one of its body rows). */
bool calc_row_index(const calc_table *t, const doc_node *row_node, size_t *row);

/* --- cells ------------------------------------------------------------------
 */

/* The cell node covering column col of the row (a spanning cell covers
 * several), or NULL when the row has no cell there. */
const doc_node *calc_cell(const calc_table *t, size_t row, int col);
/* True when the cell at row/col spans several columns. */
bool calc_cell_spans(const calc_table *t, size_t row, int col);
/* Where a cell node of the table is: its row and first column. */
bool calc_cell_locate(const calc_table *t, const doc_node *cell, size_t *row,
                      int *col);
/* The stated value of the cell (num_parse of its text; NUM_EMPTY for an
 * empty or absent cell and for text columns; NUM_INVALID for text in a
 * spanning cell over a numeric column). */
num_value calc_stated(const calc_table *t, size_t row, int col);

/* The value the column's formula gives in this row (false when the column
 * has no usable formula or an operand is missing). */
bool calc_formula_value(const calc_table *t, size_t row, int col, int64_t *mant,
                        int *scale);
/* The total of a summa cell (false when not a summa row, the column is not
 * summed, or the total cannot be computed); *src says how it was formed. */
bool calc_sum_value(const calc_table *t, size_t row, int col, int64_t *mant,
                    int *scale, calc_sum_source *src);
/* The computed value: the formula value when there is one, else the
 * total. */
bool calc_computed(const calc_table *t, size_t row, int col, int64_t *mant,
                   int *scale);
/* The effective value: the stated number when valid, else the computed
 * value. False when there is neither. */
bool calc_effective(const calc_table *t, size_t row, int col, int64_t *mant,
                    int *scale);
/* True when the cell's own computed value (its formula, else its total)
 * is beyond the limits of numfmt.h (15 digits before the decimal comma, 18
 * in all): nothing is computed or printed for it then. *formula says which
 * (may be NULL); fig gets the exact figure the Swedish way ("" when even
 * the wide arithmetic overflowed). Figures computed from such a cell are
 * computed exactly all the same: they are printed when within the limits
 * and too large themselves otherwise. */
bool calc_too_large(const calc_table *t, size_t row, int col, bool *formula,
                    char *fig, size_t size);
/* The value the tool prints in an empty cell: true only when the cell
 * exists, spans one column, is empty, lies in a summa row or a computed
 * column, and a computed value exists. */
bool calc_fill(const calc_table *t, size_t row, int col, int64_t *mant,
               int *scale);
/* calc_fill for a cell node, formatted the Swedish way with the column's
 * decimals (and " %" in a procent column) into out. */
bool calc_fill_text(const calc_table *t, const doc_node *cell, char *out,
                    size_t size);

/* The computation behind the formula value (total false) or the summa
 * formel total (total true) of a cell, written out with its figures:
 * "Prognos − Budget = −102 230 − (−107 230)",
 * "intakter + kostnader = 28 994 + (−132 234)". False when the cell has no
 * such value. */
bool calc_explain(const calc_table *t, size_t row, int col, bool total,
                  char *out, size_t size);

/* --- formula problems (document order of the elements) ----------------- */

size_t calc_nproblems(const calc_table *t);
const calc_problem *calc_problem_at(const calc_table *t, size_t i);

/* --- helpers ---------------------------------------------------------------
 */

/* num_format (exact at any decimals, kept for its callers). */
char *calc_format(int64_t mant, int scale, int decimals, bool percent,
                  char *out, size_t size);
/* a - b (sign < 0) or a + b at the larger scale; false on overflow. */
bool calc_add(int64_t am, int as, int64_t bm, int bs, int sign, int64_t *mant,
              int *scale);
/* |a - b| <= tolerance, computed exactly (*decided is false only for a
 * scale outside 0..9). */
bool calc_within(int64_t am, int as, int64_t bm, int bs, int64_t tm, int ts,
                 bool *decided);

#endif
