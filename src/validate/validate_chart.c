/*
 * validate_chart.c: a diagram against its table (DIA-*).
 *
 * The layout draws exactly what chart_read reads; this check reports why
 * it would read nothing, so that a chart is never silently left out.
 */
#include <stdio.h>

#include "../model/chart.h"
#include "validate_internal.h"

void check_chart(doc *d, const doc_node *n, diag_list *dl)
{
    chart_data cd;
    chart_read(d, n, &cd);
    const char *tab = doc_node_attr(n, "tabell");
    const char *file = doc_path(d);
    uint32_t line = doc_node_line(n), col = doc_node_col(n);
    const char *name = cd.problem_name ? cd.problem_name : "";
    diag *x;
    char a[16], b[16];
    switch (cd.problem) {
    case CHART_OK:
    case CHART_PROB_TABLE: /* REF-03 */
        break;
    case CHART_PROB_COLUMN:
        x = diag_add(dl, DIAG_ERROR, file, line, col, "DIA-01",
                     MSG_CHART_COLUMN, name, tab);
        diag_hint(dl, x, MSG_CHART_COLUMN_HINT);
        break;
    case CHART_PROB_NOT_NUMERIC:
        diag_add(dl, DIAG_ERROR, file, line, col, "DIA-02",
                 MSG_CHART_NOT_NUMERIC, name, tab);
        break;
    case CHART_PROB_CATEGORY:
        diag_add(dl, DIAG_ERROR, file, line, col, "DIA-03", MSG_CHART_CATEGORY,
                 name, tab);
        break;
    case CHART_PROB_ROW:
        x = diag_add(dl, DIAG_ERROR, file, line, col, "DIA-04", MSG_CHART_ROW,
                     name, tab);
        diag_hint(dl, x, MSG_CHART_ROW_HINT);
        break;
    case CHART_PROB_NO_TARGET:
        diag_add(dl, DIAG_ERROR, file, line, col, "DIA-05", MSG_CHART_NO_TARGET,
                 tab);
        break;
    case CHART_PROB_NO_DATA:
        diag_add(dl, DIAG_ERROR, file, line, col, "DIA-06", MSG_CHART_NO_DATA,
                 tab);
        break;
    case CHART_PROB_TOO_MANY:
        snprintf(a, sizeof a, "%d", cd.nser);
        snprintf(b, sizeof b, "%d", cd.ncat);
        x = diag_add(dl, DIAG_ERROR, file, line, col, "DIA-07",
                     MSG_CHART_TOO_MANY, a, b, tab);
        diag_hint(dl, x, MSG_CHART_TOO_MANY_HINT);
        break;
    }
}
