/*
 * validate.c: checks on the model that the schema cannot express.
 */
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/status.h"
#include "../model/calc.h"
#include "rules.h"
#include "validate_internal.h"

typedef struct {
    doc *d;
    diag_list *dl;
    const char *file;
    bool partial; /* the model of a document the schema refused */
} vctx;

static diag *report(vctx *v, diag_severity sev, const doc_node *n,
                    const char *rule, msg_key key, const char *a, const char *b,
                    int i)
{
    return diag_add(v->dl, sev, v->file, n ? doc_node_line(n) : 0,
                    n ? doc_node_col(n) : 0, rule, key, a, b, i);
}

/* TAB-01: every row covers as many columns as the table has. (TAB-02,
 * cells that are not numerals, is reported with the sums, where the
 * table computation parses every cell.) */
static void check_row(vctx *v, const doc_node *row, int ncols)
{
    int width = 0;
    for (const doc_node *c = doc_node_first_child(row); c;
         c = doc_node_next(c)) {
        if (doc_node_kind(c) != DOC_CELL)
            continue;
        width += doc_cell_span(c);
    }
    if (width != ncols) {
        char a[16], b[16];
        snprintf(a, sizeof a, "%d", width);
        snprintf(b, sizeof b, "%d", ncols);
        report(v, DIAG_ERROR, row, "TAB-01", MSG_VAL_CELL_COUNT, a, b, 0);
    }
}

/* TAB-04: a cell of a status column (kolumn typ="status") holds one of
 * the four assessments or nothing; anything else could not be shown with
 * its symbol (status.h). status_col[k] says whether column k is one. */
static void check_status_cells(vctx *v, const doc_node *row,
                               const bool *status_col, int ncols)
{
    int col = 0;
    for (const doc_node *c = doc_node_first_child(row); c && col < ncols;
         c = doc_node_next(c)) {
        if (doc_node_kind(c) != DOC_CELL)
            continue;
        int span = doc_cell_span(c);
        if (span == 1 && status_col[col]) {
            const char *text = doc_node_plain_text(v->d, c);
            if (status_parse(text) == STATUS_UNKNOWN) {
                diag *x = diag_add(v->dl, DIAG_ERROR, v->file, doc_node_line(c),
                                   doc_node_col(c), "TAB-04",
                                   MSG_VAL_BAD_STATUS, text, col + 1);
                diag_hint(v->dl, x, MSG_VAL_BAD_STATUS_HINT);
            }
        }
        col += span;
    }
}

static void check_table(vctx *v, const doc_node *t)
{
    int ncols = 0;
    for (const doc_node *c = doc_node_first_child(t); c; c = doc_node_next(c))
        if (doc_node_kind(c) == DOC_COLUMN)
            ncols++;
    bool *status_col = calloc((size_t)ncols + 1, sizeof *status_col);
    bool any_status = false;
    int k = 0;
    for (const doc_node *c = doc_node_first_child(t); c; c = doc_node_next(c)) {
        if (doc_node_kind(c) != DOC_COLUMN)
            continue;
        status_col[k] = doc_column_type(c) == DOC_COL_STATUS;
        any_status |= status_col[k];
        k++;
    }
    doc_iter it;
    doc_iter_init(&it, (doc_node *)t);
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        doc_kind kind = doc_node_kind(n);
        if (kind == DOC_ROW || kind == DOC_SUMROW || kind == DOC_HEADROW) {
            bool group =
                kind == DOC_ROW && doc_row_type_of(n) == DOC_ROW_RUBRIK;
            if (!group)
                check_row(v, n, ncols);
            if (any_status && kind != DOC_HEADROW && !group)
                check_status_cells(v, n, status_col, ncols);
            doc_iter_skip_children(&it);
        } else if (kind == DOC_CELL || kind == DOC_SOURCE ||
                   kind == DOC_CAPTION) {
            doc_iter_skip_children(&it);
        }
    }
    free(status_col);
}

/* TYP-02: the title names another kind than typ. */
static void check_title(doc *d, const validate_kinds *k, diag_list *dl)
{
    const char *title = doc_metadata(d)->titel;
    if (!title || !k->own || rule_set_title_matches(k->own, title))
        return;
    for (size_t i = 0; i < k->nall; i++) {
        if (k->all[i] == k->own || !rule_set_title_matches(k->all[i], title))
            continue;
        const krav_set *other = rule_set_krav(k->all[i]);
        const doc_node *root = doc_root(d);
        diag *x = diag_add(dl, DIAG_WARNING, doc_path(d), doc_node_line(root),
                           doc_node_col(root), "TYP-02", MSG_RULE_TITLE_KIND,
                           title, other->typ, doc_type(d));
        diag_hint(dl, x, MSG_RULE_TITLE_KIND_HINT, other->typ);
        return;
    }
}

static void validate_run(doc *d, const validate_kinds *kinds, diag_list *dl,
                         bool partial)
{
    vctx v = {d, dl, doc_path(d), partial};
    const char *typ = doc_type(d);
    if (!kinds->own) {
        const doc_node *root = doc_root(d);
        diag *x = diag_add(dl, DIAG_ERROR, v.file, doc_node_line(root),
                           doc_node_col(root), "TYP-01", MSG_VAL_UNKNOWN_TYPE,
                           typ ? typ : "", kinds->kinds_list);
        diag_hint(dl, x, MSG_VAL_UNKNOWN_TYPE_HINT);
    }
    check_title(d, kinds, dl);
    check_years(d, dl);
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        if (!partial)
            check_limits(d, n, dl); /* what the PDF cannot hold */
        switch (doc_node_kind(n)) {
        case DOC_SECTION:
            if (doc_node_depth(n) == 7) {
                diag *x = report(&v, DIAG_ERROR, n, "STR-01", MSG_VAL_DEPTH,
                                 NULL, NULL, 0);
                diag_hint(dl, x, MSG_VAL_DEPTH_HINT);
            }
            break;
        case DOC_REF: {
            const char *id = doc_node_attr(n, "till");
            doc_node *t = doc_find_id(d, id);
            doc_kind tk = t ? doc_node_kind(t) : DOC_KIND_COUNT;
            if (!t)
                refs_hint_ids(d, dl,
                              report(&v, DIAG_ERROR, n, "REF-01",
                                     MSG_VAL_REF_MISSING, id, NULL, 0),
                              id, false);
            else if (tk != DOC_SECTION && tk != DOC_TABLE && tk != DOC_CHART &&
                     tk != DOC_IMAGE)
                report(&v, DIAG_ERROR, n, "REF-02", MSG_VAL_REF_KIND, id, NULL,
                       0);
            break;
        }
        case DOC_CHART: {
            const char *id = doc_node_attr(n, "tabell");
            doc_node *t = doc_find_id(d, id);
            if (!t || doc_node_kind(t) != DOC_TABLE)
                refs_hint_ids(d, dl,
                              report(&v, DIAG_ERROR, n, "REF-03",
                                     MSG_VAL_CHART_TABLE, id, NULL, 0),
                              id, true);
            else if (!v.partial)
                check_chart(d, n, dl);
            break;
        }
        case DOC_TABLE:
            if (partial)
                break;
            check_table(&v, n);
            check_table_sums(d, n, dl);
            check_table_numbers(d, n, dl);
            /* the computation the two checks shared, freed: kept, every
             * table's would be alive at once until layout, where each is
             * made again and freed once placed (issue 25) */
            doc_table_calc_release(d, n);
            break;
        default:
            break;
        }
    }
    const doc_node **empty = NULL;
    size_t nempty = 0;
    if (kinds->own)
        check_heading_rules(d, kinds->own, dl, &empty, &nempty);
    /* an element the schema refused is left out of the model: its
     * section is not therefore empty */
    if (!partial)
        lint_empty_sections(d, dl, empty, nempty);
    free(empty);
    check_reader_refs(d, dl);
}

void validate_document(doc *d, const validate_kinds *kinds, diag_list *dl)
{
    validate_run(d, kinds, dl, false);
}

void validate_document_partial(doc *d, const validate_kinds *kinds,
                               diag_list *dl)
{
    validate_run(d, kinds, dl, true);
}

void validate_lints(const doc *d, const lint_patterns *lp, diag_list *dl)
{
    lint_document(d, lp, dl);
}
