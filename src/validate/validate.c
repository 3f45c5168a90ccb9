/*
 * validate.c: checks on the model that the schema cannot express.
 */
#include "validate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/status.h"
#include "../common/timing.h"
#include "rules.h"
#include "validate_internal.h"

typedef struct {
    doc *d;
    diag_list *dl;
    const char *file;
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
        const char *sp = doc_node_attr(c, "spann");
        int span = sp ? atoi(sp) : 1;
        width += span < 1 ? 1 : span;
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
        const char *sp = doc_node_attr(c, "spann");
        int span = sp ? atoi(sp) : 1;
        if (span < 1)
            span = 1;
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
        const char *typ = doc_node_attr(c, "typ");
        status_col[k] = typ && strcmp(typ, "status") == 0;
        any_status |= status_col[k];
        k++;
    }
    doc_iter it;
    doc_iter_init(&it, (doc_node *)t);
    doc_node *n;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        if (ev != DOC_EV_ENTER)
            continue;
        doc_kind kind = doc_node_kind(n);
        if (kind == DOC_ROW || kind == DOC_SUMROW || kind == DOC_HEADROW) {
            const char *typ = doc_node_attr(n, "typ");
            if (!typ || strcmp(typ, "rubrik") != 0)
                check_row(v, n, ncols);
            if (any_status && kind != DOC_HEADROW &&
                (!typ || strcmp(typ, "rubrik") != 0))
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

/* The lints read the model only, and are the longest check: they run in a
 * thread of their own, beside the table and heading checks, into a list of
 * their own that is appended afterwards (so the order of the messages does
 * not depend on the timing). */
typedef struct {
    const doc *d;
    diag_list *dl;
} lint_job;

static void *run_lints(void *arg)
{
    lint_job *j = arg;
    lint_document(j->d, j->dl);
    return NULL;
}

void validate_document(doc *d, const validate_kinds *kinds, diag_list *dl)
{
    vctx v = {d, dl, doc_path(d)};
    doc_number(d);
    lint_prepare(); /* the patterns, compiled before the thread reads them */
    lint_job job = {d, diag_list_new(diag_list_lang(dl))};
    pthread_t lint_thread;
    bool threaded = pthread_create(&lint_thread, NULL, run_lints, &job) == 0;
    if (!threaded)
        run_lints(&job);
    const char *typ = doc_type(d);
    if (!kinds->own) {
        const doc_node *root = doc_root(d);
        diag *x = diag_add(dl, DIAG_ERROR, v.file, doc_node_line(root),
                           doc_node_col(root), "TYP-01", MSG_VAL_UNKNOWN_TYPE,
                           typ ? typ : "", kinds->kinds_list);
        diag_hint(dl, x, MSG_VAL_UNKNOWN_TYPE_HINT);
    }
    check_title(d, kinds, dl);
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    doc_node *n;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        if (ev != DOC_EV_ENTER)
            continue;
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
                report(&v, DIAG_ERROR, n, "REF-01", MSG_VAL_REF_MISSING, id,
                       NULL, 0);
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
                report(&v, DIAG_ERROR, n, "REF-03", MSG_VAL_CHART_TABLE, id,
                       NULL, 0);
            else
                check_chart(d, n, dl);
            break;
        }
        case DOC_TABLE:
            check_table(&v, n);
            check_table_sums(d, n, dl);
            break;
        default:
            break;
        }
    }
    timing_stage("v-tables");
    const doc_node **empty = NULL;
    size_t nempty = 0;
    if (kinds->own)
        check_heading_rules(d, kinds->own, dl, &empty, &nempty);
    timing_stage("v-rules");
    lint_empty_sections(d, dl, empty, nempty);
    free(empty);
    if (threaded)
        pthread_join(lint_thread, NULL);
    timing_stage("v-lint");
    diag_list_take(dl, job.dl);
    diag_list_free(job.dl);
}

void validate_cleanup(void)
{
    lint_cleanup();
}
