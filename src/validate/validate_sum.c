/*
 * validate_sum.c: stated totals and computed columns checked against the
 * figures the tool computes (calc.h).
 *
 *   SUM-01  a stated total (summa row) differs from the computed total
 *   SUM-02  a stated value in a computed column (kolumn formel) differs
 *           from the formula; in a summa row the formula is checked first,
 *           and the column's total only when the formula cannot be
 *           computed, so a cell gets at most one error
 *   SUM-03  a formula names an id that is no column (kolumn formel) or no
 *           group or summa row above it (summa formel), names a column
 *           without numbers, or the column formulas form a cycle
 *   SUM-04  a total or formula value beyond the figures arsrapport
 *           computes with (numfmt.h: 15 digits before the comma, 18 in
 *           all), named exactly; it is not printed
 *   TAB-05  a typed figure beyond those limits (TAB-02 for other text)
 *   TAB-06  a table of more than VALIDATE_MAX_TABLE_COLUMNS columns
 *
 * Published tables are rounded (rules.md §5): a difference up to the
 * tolerance is accepted. The tolerance is the tabell's tolerans (in the
 * table's unit), else two units in the last decimal place of the column.
 * Every problem is reported at the cell (or the kolumn or summa element),
 * all of them, not only the first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/numread.h"
#include "../model/calc.h"
#include "validate_internal.h"

typedef struct {
    const calc_table *t;
    diag_list *dl;
    const char *file;
} sctx;

static diag *report(sctx *s, const doc_node *n, const char *rule, msg_key key,
                    const char *a, const char *b, const char *c, const char *e)
{
    return diag_add(s->dl, DIAG_ERROR, s->file, doc_node_line(n),
                    doc_node_col(n), rule, key, a, b, c, e);
}

/* The ids of the table's columns, quoted, for a hint ("" when none). */
static void column_ids(const calc_table *t, char *out, size_t size)
{
    size_t len = 0;
    int shown = 0;
    out[0] = '\0';
    for (int j = 0; j < calc_ncols(t) && len + 1 < size; j++) {
        const char *id = calc_col_id(t, j);
        if (!id)
            continue;
        int k = shown == 8 ? snprintf(out + len, size - len, ", \xE2\x80\xA6")
                           : snprintf(out + len, size - len, "%s\"%s\"",
                                      shown ? ", " : "", id);
        if (k < 0 || (size_t)k >= size - len) {
            out[len] = '\0';
            break;
        }
        len += (size_t)k;
        if (++shown > 8)
            break;
    }
}

static void report_problem(sctx *s, const calc_problem *p)
{
    diag *x;
    char ids[512];
    switch (p->kind) {
    case CALC_PROB_UNKNOWN_COLUMN:
        x = report(s, p->node, "SUM-03", MSG_SUM_UNKNOWN_COLUMN, p->formula,
                   p->name, NULL, NULL);
        column_ids(s->t, ids, sizeof ids);
        if (ids[0])
            diag_hint(s->dl, x, MSG_SUM_UNKNOWN_COLUMN_HINT, ids);
        else
            diag_hint(s->dl, x, MSG_SUM_NO_COLUMN_IDS);
        break;
    case CALC_PROB_TEXT_OPERAND:
        x = report(s, p->node, "SUM-03", MSG_SUM_TEXT_OPERAND, p->formula,
                   p->name, NULL, NULL);
        diag_hint(s->dl, x, MSG_SUM_TEXT_HINT);
        break;
    case CALC_PROB_TEXT_COLUMN:
        x = report(s, p->node, "SUM-03", MSG_SUM_TEXT_COLUMN, p->formula,
                   p->name ? p->name : "text", NULL, NULL);
        diag_hint(s->dl, x, MSG_SUM_TEXT_HINT);
        break;
    case CALC_PROB_CYCLE:
        x = report(s, p->node, "SUM-03", MSG_SUM_CYCLE, p->name, NULL, NULL,
                   NULL);
        diag_hint(s->dl, x, MSG_SUM_CYCLE_HINT);
        break;
    case CALC_PROB_UNKNOWN_TOTAL:
        x = report(s, p->node, "SUM-03", MSG_SUM_UNKNOWN_TOTAL, p->formula,
                   p->name, NULL, NULL);
        diag_hint(s->dl, x, MSG_SUM_UNKNOWN_TOTAL_HINT);
        break;
    }
}

/* A non-negative mant/10^scale as an xsd:decimal ("2", "0.3") for a
 * tolerans attribute. */
static void attr_decimal(int64_t m, int scale, char *out, size_t size)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)m);
    int nd = (int)strlen(digits);
    char buf[48];
    size_t o = 0;
    if (nd <= scale) {
        buf[o++] = '0';
    } else {
        memcpy(buf, digits, (size_t)(nd - scale));
        o = (size_t)(nd - scale);
    }
    if (scale > 0) {
        buf[o++] = '.';
        for (int i = 0; i < scale - nd; i++)
            buf[o++] = '0';
        for (int i = nd > scale ? nd - scale : 0; i < nd; i++)
            buf[o++] = digits[i];
        while (buf[o - 1] == '0')
            o--;
        if (buf[o - 1] == '.')
            o--;
    }
    buf[o] = '\0';
    snprintf(out, size, "%s", buf);
}

/* Compares a stated figure with a computed one. Returns true when they
 * disagree beyond the column's tolerance, and then formats both figures,
 * the difference and, when the difference looks like rounding (at most
 * five times the tolerance), the tolerance and a tolerans to suggest
 * (tol[0] is '\0' otherwise). */
static bool differs(sctx *s, int col, num_value st, int64_t cm, int cs,
                    char *stated, char *computed, char *diff, char *tol,
                    char *suggest, size_t size)
{
    const calc_table *t = s->t;
    int64_t tm;
    int ts;
    bool decided;
    calc_col_tolerance(t, col, &tm, &ts);
    if (calc_within(st.mant, st.scale, cm, cs, tm, ts, &decided))
        return false;
    /* not within (or, for a scale outside 0..9, undecided: a difference
     * is reported then rather than a wrong figure accepted) */
    /* the difference, exact: both figures are within the limits, so at
     * the larger scale (at most 9) the wide mantissa holds it */
    int ds = st.scale > cs ? st.scale : cs;
    num_wide dm = num_rescale(st.mant, st.scale, ds) - num_rescale(cm, cs, ds);
    if (dm < 0)
        dm = -dm;
    bool percent = calc_col_type_of(t, col) == CALC_COL_PROCENT;
    int dec = calc_col_declared_decimals(t, col);
    if (st.scale > dec)
        dec = st.scale;
    if (cs > dec)
        dec = cs;
    calc_format(st.mant, st.scale, dec, percent, stated, size);
    calc_format(cm, cs, dec, percent, computed, size);
    num_format_wide(dm, ds, dec > ts ? dec : ts, false, diff, size);
    tol[0] = suggest[0] = '\0';
    if (tm <= INT64_MAX / 5 && dm <= INT64_MAX &&
        calc_within((int64_t)dm, ds, 0, 0, tm * 5, ts, &decided) && decided) {
        calc_format(tm, ts, ts, false, tol, size);
        attr_decimal((int64_t)dm, ds, suggest, size);
    }
    return true;
}

/* SUM-04: a cell whose computed value is too large to compute exactly
 * (calc_too_large), at the cell, else at its row. */
static void check_too_large(sctx *s, size_t row, int col)
{
    const calc_table *t = s->t;
    char fig[128];
    bool formula;
    if (!calc_too_large(t, row, col, &formula, fig, sizeof fig))
        return;
    if (!fig[0])
        snprintf(fig, sizeof fig, "> 10^38");
    const doc_node *at = calc_cell(t, row, col);
    if (!at)
        at = calc_row_node(t, row);
    diag *x = formula ? report(s, at, "SUM-04", MSG_FORMULA_TOO_LARGE,
                               calc_col_label(t, col),
                               calc_col_formula_text(t, col), fig, NULL)
                      : report(s, at, "SUM-04", MSG_SUM_TOO_LARGE,
                               calc_col_label(t, col), fig, NULL, NULL);
    diag_hint(s->dl, x, MSG_TOO_LARGE_HINT);
}

static void check_cell(sctx *s, size_t row, int col)
{
    const calc_table *t = s->t;
    num_value st = calc_stated(t, row, col);
    check_too_large(s, row, col);
    if (st.kind != NUM_VALUE || calc_cell_spans(t, row, col))
        return;
    const doc_node *cell = calc_cell(t, row, col);
    char stated[96], computed[96], diff[96], tol[96], suggest[64];
    char explain[512];
    int64_t m;
    int sc;
    if (calc_col_computed(t, col) && calc_formula_value(t, row, col, &m, &sc)) {
        if (differs(s, col, st, m, sc, stated, computed, diff, tol, suggest,
                    sizeof suggest)) {
            diag *x =
                report(s, cell, "SUM-02", MSG_SUM_FORMULA, stated, computed,
                       calc_col_label(t, col), calc_col_formula_text(t, col));
            if (tol[0])
                diag_hint(s->dl, x, MSG_SUM_ROUNDING_HINT, diff, tol, suggest);
            else if (calc_explain(t, row, col, false, explain, sizeof explain))
                diag_hint(s->dl, x, MSG_SUM_FORMULA_HINT, diff, explain);
        }
        /* The formula is linear: when it holds for the totals of its
         * operands, the column's total can only differ by wrong data cells,
         * reported already (SUM-02), or by rounding. */
        return;
    }
    calc_sum_source src;
    if (calc_row_kind_of(t, row) != CALC_ROW_SUM ||
        !calc_sum_value(t, row, col, &m, &sc, &src))
        return;
    if (!differs(s, col, st, m, sc, stated, computed, diff, tol, suggest,
                 sizeof suggest))
        return;
    diag *x = report(s, cell, "SUM-01", MSG_SUM_TOTAL, stated, computed,
                     calc_col_label(t, col), NULL);
    if (tol[0])
        diag_hint(s->dl, x, MSG_SUM_ROUNDING_HINT, diff, tol, suggest);
    else if (src == CALC_SUM_FORMULA &&
             calc_explain(t, row, col, true, explain, sizeof explain))
        diag_hint(s->dl, x, MSG_SUM_TOTAL_FORMULA_HINT, diff, explain);
    else if (src == CALC_SUM_GROUP)
        diag_hint(s->dl, x, MSG_SUM_TOTAL_GROUP_HINT, diff);
    else if (src == CALC_SUM_TABLE)
        diag_hint(s->dl, x, MSG_SUM_TOTAL_TABLE_HINT, diff);
}

/* A figure that reads two ways ("1.234") is TAL-01 (validate_numbers.c),
 * not TAB-02. */
static bool ambiguous(const doc_node *cell)
{
    char *text = doc_node_plain_text_dup(cell);
    bool amb = num_read_both(text).ambiguous;
    free(text);
    return amb;
}

void check_table_sums(doc *d, const doc_node *table, diag_list *dl)
{
    const calc_table *t = doc_table_calc(d, table);
    if (!t)
        return;
    sctx s = {t, dl, doc_path(d)};
    if (calc_ncols(t) > VALIDATE_MAX_TABLE_COLUMNS) {
        /* TAB-06: more columns than a page (and libharu) can take */
        diag *x =
            diag_add(dl, DIAG_ERROR, s.file, doc_node_line(table),
                     doc_node_col(table), "TAB-06", MSG_TABLE_TOO_MANY_COLUMNS,
                     calc_ncols(t), VALIDATE_MAX_TABLE_COLUMNS);
        diag_hint(dl, x, MSG_TABLE_TOO_MANY_COLUMNS_HINT);
    }
    for (size_t i = 0; i < calc_nproblems(t); i++)
        report_problem(&s, calc_problem_at(t, i));
    for (size_t r = 0; r < calc_nrows(t); r++) {
        if (calc_row_kind_of(t, r) == CALC_ROW_RUBRIK)
            continue;
        for (int c = 0; c < calc_ncols(t); c++) {
            if (!calc_col_numeric(t, c))
                continue;
            /* TAB-02 here, where the cell is parsed anyway */
            const doc_node *cell = calc_cell(t, r, c);
            if (cell && !calc_cell_spans(t, r, c) &&
                calc_stated(t, r, c).kind == NUM_INVALID && !ambiguous(cell)) {
                /* TAB-05: a numeral beyond what is computed with */
                bool big = calc_stated(t, r, c).too_large;
                diag *x =
                    diag_add(dl, DIAG_ERROR, s.file, doc_node_line(cell),
                             doc_node_col(cell), big ? "TAB-05" : "TAB-02",
                             big ? MSG_NUM_TOO_LARGE : MSG_VAL_BAD_NUMBER,
                             doc_node_plain_text(d, cell), c + 1);
                diag_hint(dl, x,
                          big ? MSG_NUM_TOO_LARGE_HINT
                              : MSG_VAL_BAD_NUMBER_HINT);
            }
            check_cell(&s, r, c);
        }
    }
}
