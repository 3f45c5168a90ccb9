/*
 * chart.c: the data of a diagram, read from its table (see chart.h).
 */
#include "chart.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calc.h"

/* A column named by id or by its 1-based number; -1 when there is none. */
static int find_col(const calc_table *t, const char *tok, size_t len)
{
    int n = calc_ncols(t);
    bool digits = len > 0 && len < 4;
    int num = 0;
    for (size_t i = 0; i < len && digits; i++) {
        if (tok[i] < '0' || tok[i] > '9')
            digits = false;
        else
            num = num * 10 + (tok[i] - '0');
    }
    if (digits)
        return num >= 1 && num <= n ? num - 1 : -1;
    for (int c = 0; c < n; c++) {
        const char *id = calc_col_id(t, c);
        if (id && strlen(id) == len && memcmp(id, tok, len) == 0)
            return c;
    }
    return -1;
}

/* Splits s at white space: *tok and *len the next token, returns the rest or
 * NULL at the end. */
static const char *next_tok(const char *s, const char **tok, size_t *len)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (!*s)
        return NULL;
    const char *e = s;
    while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
        e++;
    *tok = s;
    *len = (size_t)(e - s);
    return e;
}

static void fail(doc *d, chart_data *cd, chart_problem p, const char *tok,
                 size_t len)
{
    if (cd->problem != CHART_OK)
        return;
    cd->problem = p;
    cd->problem_name =
        tok ? arena_printf(doc_arena(d), "%.*s", (int)len, tok) : NULL;
}

/* "4", "2-5": a row number or range, 1-based; false when not one. */
static bool parse_range(const char *tok, size_t len, long *a, long *b)
{
    long x = 0, y = -1;
    size_t i = 0;
    if (len == 0 || len > 12)
        return false;
    for (; i < len && tok[i] >= '0' && tok[i] <= '9'; i++)
        x = x * 10 + (tok[i] - '0');
    if (i == 0)
        return false;
    if (i < len) {
        if (tok[i] != '-' || i + 1 == len)
            return false;
        y = 0;
        for (i++; i < len; i++) {
            if (tok[i] < '0' || tok[i] > '9')
                return false;
            y = y * 10 + (tok[i] - '0');
        }
    }
    *a = x;
    *b = y < 0 ? x : y;
    return *a >= 1 && *b >= *a;
}

static chart_type type_of(const char *typ)
{
    if (!typ || strcmp(typ, "stapel") == 0)
        return CHART_BAR;
    if (strcmp(typ, "liggande-stapel") == 0)
        return CHART_HBAR;
    if (strcmp(typ, "linje") == 0)
        return CHART_LINE;
    return CHART_BAR_TARGET;
}

/* The cell's effective value as a double; false (a gap) when there is
 * none. calc gives only figures within the limits of numfmt.h (under
 * 10^15, so every whole value is exact in a double); one beyond them is
 * refused here too, so that no axis is ever asked to hold it. */
static bool value_of(const calc_table *t, size_t row, int col, double *v)
{
    int64_t m;
    int sc;
    if (!calc_effective(t, row, col, &m, &sc) || !num_fits(m, sc))
        return false;
    double x = (double)m;
    for (int k = 0; k < sc; k++)
        x /= 10;
    *v = x;
    return true;
}

void chart_read(doc *d, const doc_node *n, chart_data *cd)
{
    memset(cd, 0, sizeof *cd);
    arena *a = doc_arena(d);
    cd->node = n;
    cd->type = type_of(doc_node_attr(n, "typ"));
    const char *tid = doc_node_attr(n, "tabell");
    doc_node *tn = tid ? doc_find_id(d, tid) : NULL;
    if (!tn || doc_node_kind(tn) != DOC_TABLE) {
        fail(d, cd, CHART_PROB_TABLE, tid, tid ? strlen(tid) : 0);
        return;
    }
    cd->table = tn;
    const calc_table *t = doc_table_calc(d, tn);
    if (!t) {
        fail(d, cd, CHART_PROB_TABLE, tid, strlen(tid));
        return;
    }
    int ncols = calc_ncols(t);
    size_t nrows = calc_nrows(t);
    const char *tok;
    size_t len;

    /* the mal column */
    int mal = -1;
    const char *ms = doc_node_attr(n, "mal");
    if (ms && next_tok(ms, &tok, &len)) {
        mal = find_col(t, tok, len);
        if (mal < 0)
            fail(d, cd, CHART_PROB_COLUMN, tok, len);
        else if (!calc_col_numeric(t, mal))
            fail(d, cd, CHART_PROB_NOT_NUMERIC, tok, len);
    }
    if (cd->type == CHART_BAR_TARGET && !ms)
        fail(d, cd, CHART_PROB_NO_TARGET, NULL, 0);

    /* the value columns */
    int *cols = arena_alloc(a, sizeof *cols * (size_t)(ncols + 1));
    int ncol = 0;
    const char *ks = doc_node_attr(n, "kolumner");
    if (!ks)
        ks = doc_node_attr(n, "serier");
    if (ks) {
        for (const char *s = ks; (s = next_tok(s, &tok, &len)) != NULL;) {
            int c = find_col(t, tok, len);
            if (c < 0)
                fail(d, cd, CHART_PROB_COLUMN, tok, len);
            else if (!calc_col_numeric(t, c))
                fail(d, cd, CHART_PROB_NOT_NUMERIC, tok, len);
            else if (ncol < ncols)
                cols[ncol++] = c;
        }
    } else {
        for (int c = 0; c < ncols; c++)
            if (calc_col_numeric(t, c) && c != mal)
                cols[ncol++] = c;
    }

    /* the column naming the rows */
    int catcol = -1;
    const char *cs = doc_node_attr(n, "kategorier");
    if (cs && next_tok(cs, &tok, &len)) {
        catcol = find_col(t, tok, len);
        if (catcol < 0 || calc_col_numeric(t, catcol))
            fail(d, cd, CHART_PROB_CATEGORY, tok, len);
    } else {
        for (int c = 0; c < ncols && catcol < 0; c++)
            if (calc_col_type_of(t, c) == CALC_COL_TEXT)
                catcol = c;
    }

    /* the rows */
    size_t *rows = arena_alloc(a, sizeof *rows * (nrows + 1));
    size_t nrow = 0;
    const char *rs = doc_node_attr(n, "rader");
    if (rs) {
        for (const char *s = rs; (s = next_tok(s, &tok, &len)) != NULL;) {
            long x, y;
            if (!parse_range(tok, len, &x, &y) || (size_t)y > nrows) {
                fail(d, cd, CHART_PROB_ROW, tok, len);
                continue;
            }
            for (long r = x; r <= y && nrow < nrows; r++)
                rows[nrow++] = (size_t)r - 1;
        }
    } else {
        for (size_t r = 0; r < nrows; r++)
            if (calc_row_kind_of(t, r) == CALC_ROW_DATA)
                rows[nrow++] = r;
    }
    if (cd->problem != CHART_OK)
        return;

    /* row labels: the category column's text, else "Rad N" */
    const char **rlab = arena_alloc(a, sizeof *rlab * (nrow + 1));
    for (size_t i = 0; i < nrow; i++) {
        const doc_node *cell =
            catcol >= 0 ? calc_cell(t, rows[i], catcol) : NULL;
        const char *s = cell ? doc_node_plain_text(d, cell) : "";
        rlab[i] = s[0] ? s : arena_printf(a, "%zu", rows[i] + 1);
    }

    bool by_rows = doc_node_attr(n, "serier-i") &&
                   strcmp(doc_node_attr(n, "serier-i"), "rader") == 0;
    cd->nser = by_rows ? (int)nrow : ncol;
    cd->ncat = by_rows ? ncol : (int)nrow;
    size_t cells = (size_t)cd->nser * (size_t)cd->ncat + 1;
    cd->ser_label = arena_alloc(a, sizeof(char *) * ((size_t)cd->nser + 1));
    cd->cat_label = arena_alloc(a, sizeof(char *) * ((size_t)cd->ncat + 1));
    cd->val = arena_alloc(a, sizeof(double) * cells);
    cd->has = arena_alloc(a, sizeof(bool) * cells);
    cd->target = arena_alloc(a, sizeof(double) * cells);
    cd->has_target = arena_alloc(a, sizeof(bool) * cells);
    cd->percent = ncol > 0;
    for (int k = 0; k < ncol; k++) {
        if (calc_col_type_of(t, cols[k]) != CALC_COL_PROCENT)
            cd->percent = false;
        int dec = calc_col_decimals(t, cols[k]);
        if (dec > cd->decimals)
            cd->decimals = dec;
    }
    for (int k = 0; k < ncol; k++) {
        const char *l = calc_col_label(t, cols[k]);
        if (by_rows)
            cd->cat_label[k] = l;
        else
            cd->ser_label[k] = l;
    }
    for (size_t i = 0; i < nrow; i++) {
        if (by_rows)
            cd->ser_label[i] = rlab[i];
        else
            cd->cat_label[i] = rlab[i];
    }
    if (mal >= 0)
        cd->target_label = calc_col_label(t, mal);
    bool any = false;
    for (size_t i = 0; i < nrow; i++) {
        double tv = 0;
        bool ht = mal >= 0 && value_of(t, rows[i], mal, &tv);
        for (int k = 0; k < ncol; k++) {
            int s = by_rows ? (int)i : k, c = by_rows ? k : (int)i;
            size_t at = (size_t)s * (size_t)cd->ncat + (size_t)c;
            cd->has[at] = value_of(t, rows[i], cols[k], &cd->val[at]);
            any = any || cd->has[at];
            cd->has_target[at] = ht;
            cd->target[at] = tv;
        }
    }
    if (!any)
        fail(d, cd, CHART_PROB_NO_DATA, NULL, 0);
    else if (cd->nser > CHART_MAX_SERIES || cd->ncat > CHART_MAX_CATEGORIES)
        fail(d, cd, CHART_PROB_TOO_MANY, NULL, 0);
}
