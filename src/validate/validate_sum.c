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
    int64_t tm, dm;
    int ts, ds;
    bool decided;
    calc_col_tolerance(t, col, &tm, &ts);
    if (calc_within(st.mant, st.scale, cm, cs, tm, ts, &decided) || !decided)
        return false;
    if (!calc_add(st.mant, st.scale, cm, cs, -1, &dm, &ds))
        return false;
    if (dm < 0)
        dm = -dm; /* calc_within decided: not INT64_MIN */
    bool percent = calc_col_type_of(t, col) == CALC_COL_PROCENT;
    int dec = calc_col_declared_decimals(t, col);
    if (st.scale > dec)
        dec = st.scale;
    if (cs > dec)
        dec = cs;
    calc_format(st.mant, st.scale, dec, percent, stated, size);
    calc_format(cm, cs, dec, percent, computed, size);
    calc_format(dm, ds, dec > ts ? dec : ts, false, diff, size);
    tol[0] = suggest[0] = '\0';
    if (tm <= INT64_MAX / 5 &&
        calc_within(dm, ds, 0, 0, tm * 5, ts, &decided) && decided) {
        calc_format(tm, ts, ts, false, tol, size);
        attr_decimal(dm, ds, suggest, size);
    }
    return true;
}

static void check_cell(sctx *s, size_t row, int col)
{
    const calc_table *t = s->t;
    num_value st = calc_stated(t, row, col);
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

void check_table_sums(doc *d, const doc_node *table, diag_list *dl)
{
    const calc_table *t = doc_table_calc(d, table);
    if (!t)
        return;
    sctx s = {t, dl, doc_path(d)};
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
                calc_stated(t, r, c).kind == NUM_INVALID) {
                diag *x =
                    diag_add(dl, DIAG_ERROR, s.file, doc_node_line(cell),
                             doc_node_col(cell), "TAB-02", MSG_VAL_BAD_NUMBER,
                             doc_node_plain_text(d, cell), c + 1);
                diag_hint(dl, x, MSG_VAL_BAD_NUMBER_HINT);
            }
            check_cell(&s, r, c);
        }
    }
}
