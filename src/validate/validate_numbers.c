/*
 * validate_numbers.c: figures typed in a table read strictly (issue 22),
 * column by column, with numread.h:
 *
 *   TAL-01  a figure that reads two ways ("1,234", "-14,600", "1.234") in
 *           a column whose other figures do not settle the convention (a
 *           figure only the Swedish convention reads, such as "12,5", or a
 *           declared decimaler above 0, settles it): an error naming both
 *           readings
 *   TAL-02  figures of both conventions in one column ("12,5" and "1.5")
 *   TAL-03  a figure with more decimals than its column's decimaler: a
 *           warning (it is printed rounded)
 *   TYPO-02 a table whose enhet is "mkr", like "mkr" in the text
 *
 * Columns that a data file fills (kolumn fran in a tabell with data) are
 * left out: their figures were read from the file, just as strictly, with
 * messages that name the file's cells (src/data).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/numread.h"
#include "../model/calc.h"
#include "validate_internal.h"

static void check_enhet(doc *d, const doc_node *table, diag_list *dl)
{
    const char *u = doc_node_attr(table, "enhet");
    if (!u)
        return;
    for (const char *p = u; *p; p++) {
        bool start = p == u || !((p[-1] | 32) >= 'a' && (p[-1] | 32) <= 'z');
        if (start && strncasecmp(p, "mkr", 3) == 0 &&
            !((p[3] | 32) >= 'a' && (p[3] | 32) <= 'z')) {
            diag *x =
                diag_add(dl, DIAG_WARNING, doc_path(d), doc_node_line(table),
                         doc_node_col(table), "TYPO-02", MSG_LINT_MKR, u);
            diag_hint(dl, x, MSG_LINT_MKR_HINT);
            return;
        }
    }
}

/* One column's figures: each cell read once under both conventions
 * (rd[r], valid where read[r]); the column's convention is settled from
 * them, then the same readings are judged, and a figure's value against
 * decimaler is the table's stated value (num_parse of the same text).
 * Cell texts come from doc_node_plain_text: no copy for a cell that is
 * one text node. */
void check_table_numbers(doc *d, const doc_node *table, diag_list *dl)
{
    check_enhet(d, table, dl);
    const calc_table *t = doc_table_calc(d, table);
    if (!t)
        return;
    bool data = doc_node_attr(table, "data") != NULL;
    size_t nrows = calc_nrows(t);
    num_readings *rd = nrows ? xmalloc(nrows * sizeof *rd) : NULL;
    bool *read = nrows ? xmalloc(nrows * sizeof *read) : NULL;
    for (int c = 0; c < calc_ncols(t); c++) {
        if (!calc_col_numeric(t, c) ||
            (data && doc_node_attr(calc_col_node(t, c), "fran")))
            continue;
        const char *label = calc_col_label(t, c);
        int declared = calc_col_declared_decimals(t, c);
        num_conv conv = NUMCONV_NONE;
        const doc_node *sv_cell = NULL, *en_cell = NULL;
        bool any_ambiguous = false;
        for (size_t r = 0; r < nrows; r++) {
            const doc_node *cell = calc_cell(t, r, c);
            read[r] = cell && !calc_cell_spans(t, r, c) &&
                      calc_row_kind_of(t, r) != CALC_ROW_RUBRIK;
            if (!read[r])
                continue;
            rd[r] = num_read_both(doc_node_plain_text(d, cell));
            if (rd[r].only == NUMCONV_SV && !sv_cell)
                sv_cell = cell;
            if (rd[r].only == NUMCONV_EN && !en_cell)
                en_cell = cell;
            any_ambiguous |= rd[r].ambiguous;
            conv = numread_vote(conv, &rd[r]);
        }
        if (declared > 0 && conv == NUMCONV_NONE)
            conv = NUMCONV_SV; /* decimaler="2" says a comma is decimal */
        if (conv == NUMCONV_MIXED) {
            const doc_node *later =
                doc_node_line(sv_cell) > doc_node_line(en_cell) ||
                        (doc_node_line(sv_cell) == doc_node_line(en_cell) &&
                         doc_node_col(sv_cell) > doc_node_col(en_cell))
                    ? sv_cell
                    : en_cell;
            char *a = doc_node_plain_text_dup(sv_cell);
            char *b = doc_node_plain_text_dup(en_cell);
            diag *x = diag_add(dl, DIAG_ERROR, doc_path(d),
                               doc_node_line(later), doc_node_col(later),
                               "TAL-02", MSG_NUM_MIXED_XML, label, a, b);
            diag_hint(dl, x, MSG_NUM_MIXED_HINT);
            free(a);
            free(b);
        }
        if (!any_ambiguous && declared < 0)
            continue;
        for (size_t r = 0; r < nrows; r++) {
            if (!read[r])
                continue;
            const doc_node *cell = calc_cell(t, r, c);
            if (rd[r].ambiguous && conv != NUMCONV_SV) {
                char a[64], b[64];
                numread_describe(&rd[r].sv, a, sizeof a);
                numread_describe(&rd[r].en, b, sizeof b);
                const char *text = doc_node_plain_text(d, cell);
                diag *x =
                    diag_add(dl, DIAG_ERROR, doc_path(d), doc_node_line(cell),
                             doc_node_col(cell), "TAL-01",
                             MSG_NUM_AMBIGUOUS_COL, text, label, a, b);
                diag_hint(dl, x, MSG_NUM_AMBIGUOUS_HINT);
            } else if (declared >= 0) {
                num_value v = calc_stated(t, r, c);
                if (v.kind == NUM_VALUE && v.scale > declared) {
                    char shown[64];
                    num_format(v.mant, v.scale, declared, v.percent, shown,
                               sizeof shown);
                    const char *text = doc_node_plain_text(d, cell);
                    diag *x = diag_add(dl, DIAG_WARNING, doc_path(d),
                                       doc_node_line(cell), doc_node_col(cell),
                                       "TAL-03", MSG_NUM_DECIMALS_XML, text,
                                       label, declared, shown);
                    diag_hint(dl, x, MSG_NUM_DECIMALS_HINT);
                }
            }
        }
    }
    free(rd);
    free(read);
}
