/*
 * html.c: the web edition (html.h).
 *
 * Like cmark's renderers: one enter/exit iterator over the model and one
 * switch on the node's kind, writing into a growing buffer. Every word the
 * tool adds comes from the resolved document (labels, captions, unit
 * notes, reference texts, chart notes, cover lines, words.def); figures
 * are formatted by resolve_cell_figure and numfmt.h, as in the PDF. The parts
 * with a grid of their own (a table, a chart, the contents, the draft's
 * problems) are written by a function each, called from the switch, and
 * their children skipped. Footnotes are kept while a chapter is written
 * and listed after it (WCAG 2.4.4: each reference and note link to each
 * other). Author ids are used as they are; generated ids start with
 * "ar:", which no author id (xsd:ID, an NCName: no colon) can.
 */
#include "html.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../common/arena.h"
#include "../common/numfmt.h"
#include "../common/status.h"
#include "../common/strbuf.h"
#include "../common/utf8.h"
#include "../model/calc.h"
#include "../model/chart.h"
#include "../resolve/chart_axis.h"

/* --- the output buffer ------------------------------------------------- */

typedef strbuf buf; /* strbuf.h */

/* Text or an attribute value: & < > " escaped (HTML 13.1.2.6). */
/* The bytes esc_n replaces: text runs without them are copied whole. */
static const bool html_special[256] = {
    ['&'] = true, ['<'] = true, ['>'] = true, ['"'] = true};

/* The offset of the first byte of s[i..n) that esc_n replaces, or n. */
static size_t next_special(const char *s, size_t i, size_t n)
{
    while (i < n && !html_special[(unsigned char)s[i]])
        i++;
    return i;
}

static void esc_n(buf *b, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = next_special(s, 0, n); i < n;
         i = next_special(s, i + 1, n)) {
        const char *rep = s[i] == '&'   ? "&amp;"
                          : s[i] == '<' ? "&lt;"
                          : s[i] == '>' ? "&gt;"
                                        : "&quot;";
        strbuf_put_n(b, s + from, i - from);
        strbuf_put(b, rep);
        from = i + 1;
    }
    strbuf_put_n(b, s + from, n - from);
}

static void esc(buf *b, const char *s)
{
    if (s)
        esc_n(b, s, strlen(s));
}

/* s escaped, each word with a dash inside ("januari–augusti") in a span
 * that does not wrap: a title never breaks after the dash of a range. */
static void esc_ranges(buf *b, const char *s)
{
    if (!s)
        return;
    while (*s) {
        size_t n = strcspn(s, " ");
        const char *d = NULL;
        for (const char *p = s; p + 3 <= s + n; p++)
            if (!memcmp(p, "\xE2\x80\x93", 3) && p > s && p + 3 < s + n)
                d = p;
        if (d)
            strbuf_put(b, "<span class=\"nw\">");
        esc_n(b, s, n);
        if (d)
            strbuf_put(b, "</span>");
        s += n;
        if (*s)
            strbuf_put(b, " ");
        s += *s != 0;
    }
}

static void put_color(buf *b, uint32_t c)
{
    strbuf_printf(b, "#%06X", (unsigned)(c & 0xFFFFFFu));
}

/* RFC 4648 base64, for data: URIs. */
static void put_base64(buf *b, const unsigned char *s, size_t n)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char out[4];
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        out[0] = tab[(v >> 18) & 63];
        out[1] = tab[(v >> 12) & 63];
        out[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
        out[3] = i + 2 < n ? tab[v & 63] : '=';
        strbuf_put_n(b, out, 4);
    }
}

/* --- the renderer's state ---------------------------------------------- */

typedef struct {
    doc *d;
    const resolved *r;
    const html_options *o;
    diag_list *dl;
    doc_language lang;
    const char *doc_lang;
    buf b;
    /* the footnotes referenced since the last list of them */
    const doc_node **notes;
    size_t nnotes, cap_notes;
    int status;
    /* a draft's marks (draft_marks_make): the blocks with problems, by
     * node, and for each problem its block's mark (1 + its index in
     * marks; 0: none) */
    struct hmark *marks;
    size_t nmarks;
    size_t *mark_of, nmark_of;
} hctx;

static const char *word(const hctx *h, word_key k)
{
    return resolve_word(h->lang, k);
}

/* lang="..." for a node whose xml:lang differs from the page's. */
static void put_lang(hctx *h, const doc_node *n)
{
    const char *l = doc_node_attr(n, "xml:lang");
    if (l && strcmp(l, h->doc_lang) != 0) {
        strbuf_put(&h->b, " lang=\"");
        esc(&h->b, l);
        strbuf_put(&h->b, "\"");
    }
}

/* The id of a section, table, chart or figure: the author's, else one of
 * ours from its kind and number. */
static const char *node_id(hctx *h, const doc_node *n)
{
    const char *id = doc_node_attr(n, "id");
    if (id)
        return id;
    arena *a = doc_arena(h->d);
    switch (doc_node_kind(n)) {
    case DOC_SECTION:
        return arena_printf(a, "ar:s%u-%u", (unsigned)doc_node_line(n),
                            (unsigned)doc_node_col(n));
    case DOC_TABLE:
        return arena_printf(a, "ar:t%d", doc_node_seq(n));
    case DOC_CHART:
        return arena_printf(a, "ar:c%d", doc_node_seq(n));
    default:
        return arena_printf(a, "ar:f%d", doc_node_seq(n));
    }
}

static void put_id_attr(hctx *h, const doc_node *n)
{
    strbuf_put(&h->b, " id=\"");
    esc(&h->b, node_id(h, n));
    strbuf_put(&h->b, "\"");
}

/* --- a draft's marks ------------------------------------------------------
 *
 * In a draft each block a problem is at (resolved_problem_blocks: the
 * paragraph, list item, heading's section, table ... its line is in)
 * carries a visible mark with the problems' rule ids, with an id the
 * problem list links to: inside a paragraph or list item at its start,
 * as a paragraph of its own before any other block (after the opening
 * tag of a section). The mark's number is its first problem's (1-based),
 * so the ids do not depend on where anything is in memory.
 */

struct hmark {
    const doc_node *node;
    size_t num;        /* "ar:mark-NUM" */
    const char *rules; /* the rule ids, each once, space-separated */
    bool written;      /* the page has it: the problem list may link */
};

static int hmark_cmp(const void *x, const void *y)
{
    const struct hmark *a = x, *b = y;
    if (a->node != b->node)
        return (uintptr_t)a->node < (uintptr_t)b->node ? -1 : 1;
    return a->num < b->num ? -1 : a->num > b->num;
}

static void draft_marks_make(hctx *h)
{
    const diag_list *dl = h->o->problems;
    if (!h->o->draft || !dl || diag_count(dl) == 0)
        return;
    arena *a = doc_arena(h->d);
    size_t n = diag_count(dl);
    const doc_node **blk = resolved_problem_blocks(h->r, a, dl);
    struct hmark *v = xmalloc(n * sizeof *v);
    size_t nv = 0;
    for (size_t i = 0; i < n; i++) {
        if (!blk[i] || !diag_is_shown(dl, diag_get(dl, i)))
            continue;
        /* a row's problem at its table: the rows are the table's own */
        const doc_node *at = blk[i];
        for (const doc_node *p = at; p; p = doc_node_parent(p))
            if (doc_node_kind(p) == DOC_TABLE)
                at = p;
        v[nv++] = (struct hmark){at, i + 1, NULL, false};
    }
    qsort(v, nv, sizeof *v, hmark_cmp);
    /* one mark a block: its first problem's number, its rule ids */
    h->mark_of = xcalloc(n, sizeof *h->mark_of);
    h->nmark_of = n;
    size_t nm = 0;
    for (size_t j = 0; j < nv;) {
        /* the rule ids, each once, at most MARK_RULES, then "…" (as the
         * PDF's margin) */
        enum { MARK_RULES = 6 };
        const char *shown[MARK_RULES];
        size_t ns = 0;
        bool more = false;
        strbuf rules = {0};
        size_t e = j;
        for (; e < nv && v[e].node == v[j].node; e++) {
            const diag *d = diag_get(dl, v[e].num - 1);
            const char *r =
                d->rule[0] ? d->rule
                           : word(h, d->severity == DIAG_ERROR ? WORD_ERROR
                                                               : WORD_WARNING);
            h->mark_of[v[e].num - 1] = nm + 1;
            bool seen = false;
            for (size_t q = 0; q < ns && !seen; q++)
                seen = strcmp(shown[q], r) == 0;
            if (seen || more)
                continue;
            if (ns == MARK_RULES) {
                more = true;
                strbuf_put(&rules, " \xE2\x80\xA6"); /* … */
                continue;
            }
            shown[ns++] = r;
            if (rules.n)
                strbuf_put(&rules, " ");
            strbuf_put(&rules, r);
        }
        v[nm++] =
            (struct hmark){v[j].node, v[j].num,
                           arena_strdup(a, rules.s ? rules.s : ""), false};
        free(rules.s);
        j = e;
    }
    h->marks = v;
    h->nmarks = nm;
}

/* The mark of block n: a paragraph of its own (block) or a span at the
 * start of n's text; nothing when no problem is at n. */
static void draft_mark(hctx *h, const doc_node *n, bool block)
{
    if (h->nmarks == 0)
        return;
    struct hmark key = {n, 0, NULL, false};
    size_t lo = 0, hi = h->nmarks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (hmark_cmp(&h->marks[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == h->nmarks || h->marks[lo].node != n)
        return;
    h->marks[lo].written = true;
    strbuf_printf(&h->b, "<%s class=\"draftmark\" id=\"ar:mark-%zu\">",
                  block ? "p" : "span", h->marks[lo].num);
    esc(&h->b, h->marks[lo].rules);
    strbuf_put(&h->b, block ? "</p>\n" : "</span> ");
}

/* A link target the page may open: web and mail addresses, telephone
 * numbers and relative ones; anything else (javascript:, data:) is
 * written as text (the input is untrusted). */
static bool safe_href(const char *href)
{
    if (!href || !*href)
        return false;
    static const char *const ok[] = {"http://", "https://", "mailto:", "tel:"};
    for (size_t i = 0; i < 4; i++)
        if (strncasecmp(href, ok[i], strlen(ok[i])) == 0)
            return true;
    /* no scheme at all: a relative address or a fragment */
    size_t n = strcspn(href, ":/?#");
    return href[n] != ':';
}

static void render(hctx *h, doc_node *root, bool with_root);

/* --- footnotes ------------------------------------------------------------ */

static void note_ref(hctx *h, const doc_node *fn)
{
    int k = doc_node_seq(fn);
    strbuf_printf(
        &h->b,
        "<sup class=\"fnref\"><a id=\"ar:fnref-%d\" href=\"#ar:fn-%d\" "
        "aria-label=\"%s %d\">%d</a></sup>",
        k, k, word(h, WORD_FOOTNOTE), k, k);
    if (h->nnotes == h->cap_notes) {
        h->cap_notes = h->cap_notes ? h->cap_notes * 2 : 16;
        h->notes = xrealloc(h->notes, h->cap_notes * sizeof *h->notes);
    }
    h->notes[h->nnotes++] = fn;
}

/* The footnotes referenced since the last list, as a list of their own
 * (after each chapter), each linking back to its reference. */
static void notes_flush(hctx *h)
{
    if (h->nnotes == 0)
        return;
    strbuf_printf(&h->b, "<section class=\"footnotes\" aria-label=\"%s\"><ul>",
                  word(h, WORD_FOOTNOTES));
    /* a note's own notes, if any, join the list being written */
    for (size_t i = 0; i < h->nnotes; i++) {
        int k = doc_node_seq(h->notes[i]);
        strbuf_printf(&h->b,
                      "<li id=\"ar:fn-%d\"><span class=\"fnnum\">%d</span> ", k,
                      k);
        render(h, (doc_node *)h->notes[i], false);
        strbuf_printf(
            &h->b,
            " <a class=\"back\" href=\"#ar:fnref-%d\" aria-label=\"%s, %s "
            "%d\">\xE2\x86\x91</a></li>",
            k, word(h, WORD_BACK_TO_TEXT), word(h, WORD_FOOTNOTE), k);
    }
    strbuf_put(&h->b, "</ul></section>\n");
    h->nnotes = 0;
}

/* --- tables ----------------------------------------------------------------
 */

typedef struct {
    const doc_node *cell;
    int col, span;
} hcell;

/* The cells of a row with their columns (spans clamped to the table, as
 * layout does; extra cells are TAB-01). Returns the count; *v is
 * malloc'd. */
static int row_cells(const doc_node *row, int ncols, hcell **v)
{
    int n = 0, col = 0;
    for (const doc_node *x = doc_node_first_child(row); x; x = doc_node_next(x))
        if (doc_node_kind(x) == DOC_CELL)
            n++;
    *v = xcalloc((size_t)(n ? n : 1), sizeof **v);
    int k = 0;
    for (const doc_node *x = doc_node_first_child(row); x && col < ncols;
         x = doc_node_next(x)) {
        if (doc_node_kind(x) != DOC_CELL)
            continue;
        int span = doc_cell_span(x);
        if (col + span > ncols)
            span = ncols - col;
        (*v)[k++] = (hcell){x, col, span};
        col += span;
    }
    return k;
}

typedef struct {
    const doc_node *tn;
    const calc_table *calc;
    const doc_node **cols;
    int ncols, nhead;
    bool ids; /* headers/id: two header rows or more */
    /* per header row and column: the index of the header cell covering
     * it (its id "ar:tN-hR-C" by its first column), -1 none */
    int *cover;
    int seq;
    int nrow; /* body rows so far: a row's id is its place (rows made from
                 a data file share their table's line and column) */
} htable;

static void put_cell_content(hctx *h, const htable *t, const doc_node *cell,
                             int col)
{
    const doc_node *column = t->cols[col];
    doc_col_type ct = doc_column_type(column);
    const char *text = doc_node_plain_text(h->d, cell);
    if (doc_col_type_numeric(ct)) {
        char fig[96];
        if (resolve_cell_figure(t->calc, column, cell, text, fig, sizeof fig)) {
            esc(&h->b, fig);
            /* a footnote referenced from the figure's cell */
            doc_iter it;
            doc_iter_init(&it, (doc_node *)cell);
            for (doc_node *x; doc_iter_enter(&it, &x);)
                if (doc_node_kind(x) == DOC_FOOTNOTE) {
                    note_ref(h, x);
                    doc_iter_skip_children(&it);
                }
            return;
        }
    } else if (ct == DOC_COL_STATUS) {
        status_value sv = status_parse(text);
        uint32_t sym = status_symbol(sv);
        if (sym) {
            char u[8];
            int n = utf8_encode(sym, u);
            strbuf_put(
                &h->b,
                "<span class=\"sym\" aria-hidden=\"true\" style=\"color:");
            put_color(&h->b, status_color(sv));
            strbuf_put(&h->b, "\">");
            strbuf_put_n(&h->b, u, (size_t)n);
            strbuf_put(&h->b, "</span>\xC2\xA0");
        }
    }
    render(h, (doc_node *)cell, false);
}

/* headers="..." of a cell in columns [col, col + span): the header cells
 * above it and the row's header. */
static void put_headers(hctx *h, const htable *t, int col, int span,
                        const char *row_head)
{
    if (!t->ids)
        return;
    strbuf_put(&h->b, " headers=\"");
    bool first = true;
    for (int r = 0; r < t->nhead; r++) {
        int last = -1;
        for (int c = col; c < col + span; c++) {
            int k = t->cover[r * t->ncols + c];
            if (k < 0 || k == last)
                continue;
            strbuf_printf(&h->b, "%sar:t%d-h%d-%d", first ? "" : " ", t->seq, r,
                          k);
            first = false;
            last = k;
        }
    }
    if (row_head) {
        strbuf_printf(&h->b, "%s", first ? "" : " ");
        esc(&h->b, row_head);
    }
    strbuf_put(&h->b, "\"");
}

static void put_span(hctx *h, int span)
{
    if (span > 1)
        strbuf_printf(&h->b, " colspan=\"%d\"", span);
}

/* One header row (a huvud, or the columns' labels when there is none). */
static void table_head_row(hctx *h, htable *t, int r, const doc_node *row)
{
    strbuf_put(&h->b, "<tr>");
    hcell *v = NULL;
    int n = 0;
    if (row) {
        n = row_cells(row, t->ncols, &v);
    } else {
        v = xcalloc((size_t)t->ncols, sizeof *v);
        for (int c = 0; c < t->ncols; c++)
            v[n++] = (hcell){t->cols[c], c, 1};
    }
    int col = 0;
    for (int i = 0; i < n; i++) {
        for (; col < v[i].col; col++)
            strbuf_put(&h->b, "<td></td>");
        bool num = doc_col_type_numeric(doc_column_type(t->cols[v[i].col]));
        const char *text = doc_node_plain_text(h->d, v[i].cell);
        if (!text[0]) {
            strbuf_put(&h->b, "<td");
            put_span(h, v[i].span);
            strbuf_put(&h->b, "></td>");
        } else {
            strbuf_printf(&h->b, "<th scope=\"%s\"",
                          v[i].span > 1 ? "colgroup" : "col");
            if (t->ids)
                strbuf_printf(&h->b, " id=\"ar:t%d-h%d-%d\"", t->seq, r,
                              v[i].col);
            if (num && v[i].span == 1)
                strbuf_put(&h->b, " class=\"n\"");
            put_span(h, v[i].span);
            strbuf_put(&h->b, ">");
            render(h, (doc_node *)v[i].cell, false);
            strbuf_put(&h->b, "</th>");
        }
        col = v[i].col + v[i].span;
    }
    for (; col < t->ncols; col++)
        strbuf_put(&h->b, "<td></td>");
    strbuf_put(&h->b, "</tr>\n");
    free(v);
}

static void table_body_row(hctx *h, htable *t, const doc_node *row, int depth)
{
    doc_kind k = doc_node_kind(row);
    doc_row_type typ = k == DOC_ROW ? doc_row_type_of(row) : DOC_ROW_DATA;
    const char *cls = k == DOC_SUMROW         ? "sum"
                      : typ == DOC_ROW_VARAV  ? "varav"
                      : typ == DOC_ROW_RUBRIK ? "grp"
                                              : NULL;
    strbuf_put(&h->b, "<tr");
    if (cls)
        strbuf_printf(&h->b, " class=\"%s\"", cls);
    strbuf_put(&h->b, ">");
    hcell *v = NULL;
    int n = row_cells(row, t->ncols, &v);
    /* the row's label: its first cell, in a text column, not a heading
     * row (which has no figures to head) */
    const char *row_head = NULL;
    bool has_head = typ != DOC_ROW_RUBRIK && n > 0 && v[0].col == 0 &&
                    doc_column_type(t->cols[0]) == DOC_COL_TEXT &&
                    doc_node_plain_text(h->d, v[0].cell)[0];
    t->nrow++;
    if (has_head && t->ids)
        row_head = arena_printf(doc_arena(h->d), "ar:t%d-r%d", t->seq, t->nrow);
    int col = 0;
    for (int i = 0; i < n; i++) {
        for (; col < v[i].col; col++) {
            strbuf_put(&h->b, "<td");
            put_headers(h, t, col, 1, row_head);
            strbuf_put(&h->b, "></td>");
        }
        bool head = i == 0 && has_head;
        bool num = doc_col_type_numeric(doc_column_type(t->cols[v[i].col]));
        strbuf_put(&h->b, head ? "<th scope=\"row\"" : "<td");
        if (head && row_head) {
            strbuf_put(&h->b, " id=\"");
            esc(&h->b, row_head);
            strbuf_put(&h->b, "\"");
        }
        if (!head)
            put_headers(h, t, v[i].col, v[i].span, row_head);
        if (num && v[i].span == 1)
            strbuf_put(&h->b, " class=\"n\"");
        int indent = depth + (typ == DOC_ROW_VARAV ? 1 : 0);
        if (i == 0 && indent > 0)
            strbuf_printf(&h->b, " style=\"padding-left:%.1fem\"",
                          0.4 + 0.9 * (indent > 6 ? 6 : indent));
        put_span(h, v[i].span);
        strbuf_put(&h->b, ">");
        put_cell_content(h, t, v[i].cell, v[i].col);
        strbuf_put(&h->b, head ? "</th>" : "</td>");
        col = v[i].col + v[i].span;
    }
    for (; col < t->ncols; col++) {
        strbuf_put(&h->b, "<td");
        put_headers(h, t, col, 1, row_head);
        strbuf_put(&h->b, "></td>");
    }
    strbuf_put(&h->b, "</tr>\n");
    free(v);
}

/* A group's heading (grupp rubrik): a row of its own over the table's
 * width. */
static void table_group_row(hctx *h, htable *t, const doc_node *cap, int depth)
{
    strbuf_printf(&h->b, "<tr class=\"grp\"><td colspan=\"%d\"", t->ncols);
    if (depth > 0)
        strbuf_printf(&h->b, " style=\"padding-left:%.1fem\"",
                      0.4 + 0.9 * (depth > 6 ? 6 : depth));
    strbuf_put(&h->b, ">");
    render(h, (doc_node *)cap, false);
    strbuf_put(&h->b, "</td></tr>\n");
}

static void render_table(hctx *h, const doc_node *tn)
{
    htable t;
    memset(&t, 0, sizeof t);
    t.tn = tn;
    t.seq = doc_node_seq(tn);
    for (const doc_node *x = doc_node_first_child(tn); x; x = doc_node_next(x))
        if (doc_node_kind(x) == DOC_COLUMN)
            t.ncols++;
    if (t.ncols == 0)
        return;
    t.cols = xcalloc((size_t)t.ncols, sizeof *t.cols);
    bool any_col_text = false;
    int c = 0;
    for (const doc_node *x = doc_node_first_child(tn); x; x = doc_node_next(x))
        if (doc_node_kind(x) == DOC_COLUMN) {
            t.cols[c++] = x;
            if (doc_node_first_child(x))
                any_col_text = true;
        }
    t.calc = doc_table_calc(h->d, tn);
    /* the header rows: the huvud rows, or the columns' labels */
    const doc_node **heads = NULL;
    for (const doc_node *x = doc_node_first_child(tn); x; x = doc_node_next(x))
        if (doc_node_kind(x) == DOC_HEADROW) {
            heads = xrealloc(heads, (size_t)(t.nhead + 1) * sizeof *heads);
            heads[t.nhead++] = x;
        }
    bool synthetic = t.nhead == 0 && any_col_text;
    int nhead = synthetic ? 1 : t.nhead;
    t.ids = nhead >= 2;
    t.nhead = nhead;
    t.cover = xmalloc((size_t)(nhead ? nhead : 1) * (size_t)t.ncols *
                      sizeof *t.cover);
    for (int r = 0; r < nhead; r++) {
        for (int k = 0; k < t.ncols; k++)
            t.cover[r * t.ncols + k] = -1;
        if (synthetic) {
            for (int k = 0; k < t.ncols; k++)
                t.cover[k] = doc_node_first_child(t.cols[k]) ? k : -1;
            continue;
        }
        hcell *v = NULL;
        int n = row_cells(heads[r], t.ncols, &v);
        for (int i = 0; i < n; i++)
            if (doc_node_plain_text(h->d, v[i].cell)[0])
                for (int k = v[i].col; k < v[i].col + v[i].span; k++)
                    t.cover[r * t.ncols + k] = v[i].col;
        free(v);
    }

    const char *id = node_id(h, tn);
    strbuf_put(&h->b,
               "<div class=\"table\" role=\"region\" tabindex=\"0\" id=\"");
    esc(&h->b, id);
    strbuf_printf(&h->b, "\" aria-labelledby=\"ar:t%d-cap\">\n<table>", t.seq);
    strbuf_printf(&h->b, "<caption id=\"ar:t%d-cap\"><span class=\"label\">",
                  t.seq);
    esc(&h->b, resolved_label(h->r, tn));
    strbuf_put(&h->b, "</span>");
    esc(&h->b, resolved_caption(h->r, tn));
    const char *unit = resolved_unit_note(h->r, tn);
    if (unit) {
        strbuf_put(&h->b, "<span class=\"unit\">");
        esc(&h->b, unit);
        strbuf_put(&h->b, "</span>");
    }
    strbuf_put(&h->b, "</caption>\n");
    if (nhead) {
        strbuf_put(&h->b, "<thead>\n");
        for (int r = 0; r < nhead; r++)
            table_head_row(h, &t, r, synthetic ? NULL : heads[r]);
        strbuf_put(&h->b, "</thead>\n");
    }
    strbuf_put(&h->b, "<tbody>\n");
    /* the body rows in document order, groups nested (their depth
     * indents the first column, as in the PDF) */
    doc_iter it;
    doc_node *x;
    doc_event ev;
    int depth = 0;
    doc_iter_init(&it, (doc_node *)tn);
    while ((ev = doc_iter_next(&it, &x)) != DOC_EV_NONE) {
        if (x == tn)
            continue;
        doc_kind k = doc_node_kind(x);
        if (ev == DOC_EV_EXIT) {
            if (k == DOC_GROUP)
                depth--;
            continue;
        }
        switch (k) {
        case DOC_GROUP: {
            const doc_node *cap = doc_node_child(x, DOC_CAPTION);
            if (cap)
                table_group_row(h, &t, cap, depth);
            if (doc_node_first_child(x))
                depth++;
            break;
        }
        case DOC_ROW:
        case DOC_SUMROW:
            table_body_row(h, &t, x, depth);
            doc_iter_skip_children(&it);
            break;
        default: /* columns, header rows, captions, the source */
            doc_iter_skip_children(&it);
            break;
        }
    }
    strbuf_put(&h->b, "</tbody>\n</table>\n</div>\n");
    const doc_node *src = doc_node_child(tn, DOC_SOURCE);
    if (src) {
        strbuf_put(&h->b, "<p class=\"source\">");
        render(h, (doc_node *)src, false);
        strbuf_put(&h->b, "</p>\n");
    }
    free(heads);
    free(t.cover);
    free(t.cols);
}

/* --- charts ----------------------------------------------------------------
 *
 * The same data as the PDF's chart (chart_read) and the same round axis
 * (chart_axis.h); series told apart by pattern or marker shape as well as
 * colour (WCAG 1.4.1), each colour at least 3:1 against the page (1.4.11).
 * The SVG is an image with a name and a description; its figures are in a
 * table in <details> beside it.
 */

#define SVG_W 480
#define SVG_FONT 14
#define SVG_CHAR 7.8 /* an average character at SVG_FONT, for room */

static uint32_t ser_color(const hctx *h, int s)
{
    const html_style *st = h->o->style;
    int n = st && st->n_chart_colors > 0 ? st->n_chart_colors : 0;
    return n ? st->chart_colors[s % n] : 0x1B3A6Bu;
}

/* The fill of series s: solid, hatched or dotted (as the PDF's). */
static void put_fill(hctx *h, int seq, int s)
{
    if (s % 3 == 0)
        put_color(&h->b, ser_color(h, s));
    else
        strbuf_printf(&h->b, "url(#ar:c%d-p%d)", seq, s);
}

static void svg_defs(hctx *h, int seq, int nser)
{
    strbuf_put(&h->b, "<defs>");
    for (int s = 0; s < nser; s++) {
        if (s % 3 == 0)
            continue;
        strbuf_printf(&h->b,
                      "<pattern id=\"ar:c%d-p%d\" width=\"6\" height=\"6\" "
                      "patternUnits=\"userSpaceOnUse\"%s><rect width=\"6\" "
                      "height=\"6\" fill=\"#FFFFFF\"/>",
                      seq, s,
                      s % 3 == 1 ? " patternTransform=\"rotate(45)\"" : "");
        if (s % 3 == 1) {
            strbuf_put(&h->b, "<rect width=\"3\" height=\"6\" fill=\"");
        } else {
            strbuf_put(&h->b, "<circle cx=\"3\" cy=\"3\" r=\"1.8\" fill=\"");
        }
        put_color(&h->b, ser_color(h, s));
        strbuf_put(&h->b, "\"/></pattern>");
    }
    strbuf_put(&h->b, "</defs>");
}

/* A marker of series s at (x, y): circle, square, triangle, diamond,
 * hollow after four (as the PDF's). */
static void svg_marker(hctx *h, int s, double x, double y)
{
    double r = 4.5;
    uint32_t col = ser_color(h, s);
    char fill[16], stroke[16];
    snprintf(stroke, sizeof stroke, "#%06X", (unsigned)col);
    snprintf(fill, sizeof fill, "#%06X", s >= 4 ? 0xFFFFFFu : (unsigned)col);
    switch (s % 4) {
    case 0:
        strbuf_printf(&h->b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", x, y,
                      r);
        break;
    case 1:
        strbuf_printf(
            &h->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"",
            x - r, y - r, 2 * r, 2 * r);
        break;
    case 2:
        strbuf_printf(&h->b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\"", x,
                      y - r * 1.2, x + r * 1.1, y + r * 0.8, x - r * 1.1,
                      y + r * 0.8);
        break;
    default:
        strbuf_printf(
            &h->b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\"", x,
            y - r * 1.3, x + r * 1.3, y, x, y + r * 1.3, x - r * 1.3, y);
        break;
    }
    strbuf_printf(&h->b, " fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>",
                  fill, stroke);
}

/* Text broken at spaces into lines of about max_chars characters (never
 * inside a word), as <tspan>s at x; returns the lines written. */
static int svg_lines(hctx *h, const char *s, double x, double y, int max_chars,
                     const char *anchor, bool count_only)
{
    int lines = 0;
    const char *p = s;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *end = p, *cut = NULL;
        int chars = 0;
        while (*end) {
            if (*end == ' ') {
                if (chars > max_chars && cut)
                    break;
                cut = end;
                if (chars >= max_chars)
                    break;
            }
            if (((unsigned char)*end & 0xC0) != 0x80)
                chars++;
            end++;
        }
        if (*end && chars > max_chars && cut)
            end = cut;
        if (!count_only) {
            strbuf_printf(&h->b,
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x,
                          y + lines * (SVG_FONT + 3), anchor);
            esc_n(&h->b, p, (size_t)(end - p));
            strbuf_put(&h->b, "</text>");
        }
        lines++;
        p = end;
    }
    return lines;
}

static void chart_range(const chart_data *cd, double *lo, double *hi)
{
    double mn = 0, mx = 0;
    for (int i = 0; i < cd->nser * cd->ncat; i++)
        if (cd->has[i]) {
            mn = cd->val[i] < mn ? cd->val[i] : mn;
            mx = cd->val[i] > mx ? cd->val[i] : mx;
        }
    for (int c = 0; cd->type == CHART_BAR_TARGET && cd->target && c < cd->ncat;
         c++)
        if (cd->has_target[c]) {
            mn = cd->target[c] < mn ? cd->target[c] : mn;
            mx = cd->target[c] > mx ? cd->target[c] : mx;
        }
    *lo = mn;
    *hi = mx;
}

/* A value as the data table prints it: the chart's decimals, the Swedish
 * way (num_format). */
static const char *chart_value(const chart_data *cd, double v, char *out,
                               size_t size)
{
    int dec = cd->decimals < 0 ? 0 : cd->decimals > 9 ? 9 : cd->decimals;
    while (dec > 0 && fabs(v) * pow(10, dec) > 9e17)
        dec--;
    double m = round(v * pow(10, dec));
    if (!(fabs(m) < 9e18))
        m = 0;
    return num_format((int64_t)m, dec, dec, cd->percent, out, size);
}

static void svg_vertical(hctx *h, const chart_data *cd, const chart_axis *ax,
                         int seq)
{
    char lab[64];
    int nt = chart_axis_nticks(ax);
    size_t tw = 0;
    for (int i = 0; i < nt; i++) {
        size_t l =
            utf8_length(chart_axis_label(ax, i, cd->percent, lab, sizeof lab));
        tw = l > tw ? l : tw;
    }
    double left = (double)tw * SVG_CHAR + 10, right = SVG_W - 6;
    double top = 10, ph = 220, bottom = top + ph;
    double slot = (right - left) / cd->ncat;
    int max_chars = (int)(slot / SVG_CHAR);
    if (max_chars < 3)
        max_chars = 3;
    int lines = 1;
    for (int c = 0; c < cd->ncat; c++) {
        int l = svg_lines(h, cd->cat_label[c] ? cd->cat_label[c] : "", 0, 0,
                          max_chars, "middle", true);
        lines = l > lines ? l : lines;
    }
    double height = bottom + 8 + lines * (SVG_FONT + 3) + 4;
    strbuf_printf(&h->b, " viewBox=\"0 0 %d %.0f\">", SVG_W, height);
    svg_defs(h, seq, cd->nser);
    double span = ax->hi - ax->lo;
#define YV(v) (top + (ax->hi - (v)) / span * ph)
    strbuf_put(&h->b, "<g font-size=\"14\" fill=\"#1A1A1A\">");
    for (int i = 0; i < nt; i++) {
        double v = chart_axis_tick(ax, i), y = YV(v);
        strbuf_printf(&h->b,
                      "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                      "stroke=\"%s\" stroke-width=\"%s\"/>",
                      left, right, y, y, v == 0 ? "#404040" : "#D9D9D9",
                      v == 0 ? "1.2" : "0.8");
        strbuf_printf(&h->b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                      left - 5, y + 4.5);
        esc(&h->b, chart_axis_label(ax, i, cd->percent, lab, sizeof lab));
        strbuf_put(&h->b, "</text>");
    }
    for (int c = 0; c < cd->ncat; c++)
        svg_lines(h, cd->cat_label[c] ? cd->cat_label[c] : "",
                  left + slot * (c + 0.5), bottom + 8 + SVG_FONT, max_chars,
                  "middle", false);
    strbuf_put(&h->b, "</g>");
    double y0 = YV(0);
    if (cd->type == CHART_LINE) {
        for (int s = 0; s < cd->nser; s++) {
            strbuf_put(&h->b,
                       "<path fill=\"none\" stroke-width=\"2\" stroke=\"");
            put_color(&h->b, ser_color(h, s));
            if (s % 3 == 1)
                strbuf_put(&h->b, "\" stroke-dasharray=\"6 3");
            else if (s % 3 == 2)
                strbuf_put(&h->b, "\" stroke-dasharray=\"2 3");
            strbuf_put(&h->b, "\" d=\"");
            bool pen = false;
            for (int c = 0; c < cd->ncat; c++) {
                int i = s * cd->ncat + c;
                if (!cd->has[i]) {
                    pen = false; /* a gap, never a zero */
                    continue;
                }
                strbuf_printf(&h->b, "%c%.1f %.1f", pen ? 'L' : 'M',
                              left + slot * (c + 0.5), YV(cd->val[i]));
                pen = true;
            }
            strbuf_put(&h->b, "\"/>");
            for (int c = 0; c < cd->ncat; c++)
                if (cd->has[s * cd->ncat + c])
                    svg_marker(h, s, left + slot * (c + 0.5),
                               YV(cd->val[s * cd->ncat + c]));
        }
    } else {
        double gw = slot * 0.72, bw = gw / cd->nser;
        double reach = (slot - gw) / 2 - 2 > 6 ? 6 : (slot - gw) / 2 - 2;
        reach = reach < 0 ? 0 : reach;
        for (int c = 0; c < cd->ncat; c++) {
            double gx = left + slot * c + (slot - gw) / 2;
            /* the target before the bars, dashed, as the PDF's: the bars
             * cover it, it shows above a bar under it and past the group */
            for (int s = 0;
                 cd->type == CHART_BAR_TARGET && cd->target && s < cd->nser;
                 s++) {
                int i = s * cd->ncat + c;
                if (!cd->has_target[i])
                    continue;
                strbuf_printf(
                    &h->b,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                    "stroke=\"#1A1A1A\" stroke-width=\"3\" "
                    "stroke-dasharray=\"3 3\"/>",
                    gx + bw * s - (s == 0 ? reach : 0),
                    gx + bw * (s + 1) + (s == cd->nser - 1 ? reach : 0),
                    YV(cd->target[i]), YV(cd->target[i]));
            }
            for (int s = 0; s < cd->nser; s++) {
                int i = s * cd->ncat + c;
                if (!cd->has[i])
                    continue;
                double y = YV(cd->val[i]);
                double y1 = y < y0 ? y : y0, hgt = fabs(y0 - y);
                strbuf_printf(&h->b,
                              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                              "height=\"%.1f\" fill=\"",
                              gx + bw * s + 0.5, y1, bw - 1, hgt);
                put_fill(h, seq, s);
                strbuf_put(&h->b, "\" stroke=\"");
                put_color(&h->b, ser_color(h, s));
                strbuf_put(&h->b, "\"/>");
            }
        }
    }
#undef YV
}

static void svg_horizontal(hctx *h, const chart_data *cd, const chart_axis *ax,
                           int seq)
{
    char lab[64];
    int nt = chart_axis_nticks(ax);
    size_t lw = 0;
    for (int c = 0; c < cd->ncat; c++) {
        size_t l = utf8_length(cd->cat_label[c] ? cd->cat_label[c] : "");
        lw = l > lw ? l : lw;
    }
    int max_chars = lw > 24 ? 24 : (int)lw;
    if (max_chars < 4)
        max_chars = 4;
    double left = max_chars * SVG_CHAR + 10, right = SVG_W - 24;
    int lines = 1;
    for (int c = 0; c < cd->ncat; c++) {
        int l = svg_lines(h, cd->cat_label[c] ? cd->cat_label[c] : "", 0, 0,
                          max_chars, "end", true);
        lines = l > lines ? l : lines;
    }
    double slot = cd->nser * 14 + 10;
    if (slot < lines * (SVG_FONT + 3) + 6)
        slot = lines * (SVG_FONT + 3) + 6;
    double top = 6, ph = slot * cd->ncat, bottom = top + ph;
    double height = bottom + SVG_FONT + 12;
    strbuf_printf(&h->b, " viewBox=\"0 0 %d %.0f\">", SVG_W, height);
    svg_defs(h, seq, cd->nser);
    double span = ax->hi - ax->lo;
#define XV(v) (left + ((v)-ax->lo) / span * (right - left))
    strbuf_put(&h->b, "<g font-size=\"14\" fill=\"#1A1A1A\">");
    for (int i = 0; i < nt; i++) {
        double v = chart_axis_tick(ax, i), x = XV(v);
        strbuf_printf(&h->b,
                      "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                      "stroke=\"%s\" stroke-width=\"%s\"/>",
                      x, x, top, bottom, v == 0 ? "#404040" : "#D9D9D9",
                      v == 0 ? "1.2" : "0.8");
        strbuf_printf(&h->b,
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x,
                      bottom + SVG_FONT + 6);
        esc(&h->b, chart_axis_label(ax, i, cd->percent, lab, sizeof lab));
        strbuf_put(&h->b, "</text>");
    }
    for (int c = 0; c < cd->ncat; c++) {
        int l = svg_lines(h, cd->cat_label[c] ? cd->cat_label[c] : "", 0, 0,
                          max_chars, "end", true);
        double y =
            top + slot * (c + 0.5) - (l - 1) * (SVG_FONT + 3) / 2.0 + 4.5;
        svg_lines(h, cd->cat_label[c] ? cd->cat_label[c] : "", left - 6, y,
                  max_chars, "end", false);
    }
    strbuf_put(&h->b, "</g>");
    double x0 = XV(0), bh = (slot - 10) / cd->nser;
    for (int c = 0; c < cd->ncat; c++)
        for (int s = 0; s < cd->nser; s++) {
            int i = s * cd->ncat + c;
            if (!cd->has[i])
                continue;
            double x = XV(cd->val[i]);
            strbuf_printf(
                &h->b,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                "fill=\"",
                x < x0 ? x : x0, top + slot * c + 5 + bh * s + 0.5,
                fabs(x - x0), bh - 1);
            put_fill(h, seq, s);
            strbuf_put(&h->b, "\" stroke=\"");
            put_color(&h->b, ser_color(h, s));
            strbuf_put(&h->b, "\"/>");
        }
#undef XV
}

/* The legend: a swatch (the series' fill or marker) and the label. */
static void chart_legend(hctx *h, const chart_data *cd, int seq)
{
    if (cd->nser < 2 && cd->type != CHART_BAR_TARGET)
        return;
    strbuf_put(&h->b, "<ul class=\"legend\" aria-hidden=\"true\">");
    for (int s = 0; s < cd->nser; s++) {
        strbuf_put(&h->b,
                   "<li><svg width=\"16\" height=\"14\" viewBox=\"0 0 16 "
                   "14\" focusable=\"false\">");
        if (cd->type == CHART_LINE) {
            strbuf_put(&h->b, "<line x1=\"0\" x2=\"16\" y1=\"7\" y2=\"7\" "
                              "stroke-width=\"2\" stroke=\"");
            put_color(&h->b, ser_color(h, s));
            strbuf_put(&h->b, "\"/>");
            svg_marker(h, s, 8, 7);
        } else {
            strbuf_put(&h->b,
                       "<rect x=\"1\" y=\"1\" width=\"14\" height=\"12\" "
                       "fill=\"");
            put_fill(h, seq, s);
            strbuf_put(&h->b, "\" stroke=\"");
            put_color(&h->b, ser_color(h, s));
            strbuf_put(&h->b, "\"/>");
        }
        strbuf_put(&h->b, "</svg>");
        esc(&h->b, cd->ser_label[s]);
        strbuf_put(&h->b, "</li>");
    }
    if (cd->type == CHART_BAR_TARGET) {
        strbuf_put(&h->b,
                   "<li><svg width=\"16\" height=\"14\" viewBox=\"0 0 16 14\" "
                   "focusable=\"false\"><line x1=\"0\" x2=\"16\" y1=\"7\" "
                   "y2=\"7\" stroke=\"#1A1A1A\" stroke-width=\"3\" "
                   "stroke-dasharray=\"3 3\"/></svg>");
        esc(&h->b,
            cd->target_label ? cd->target_label : word(h, WORD_CHART_TARGET));
        strbuf_put(&h->b, "</li>");
    }
    strbuf_put(&h->b, "</ul>\n");
}

/* The chart's figures as a table: categories down, series (and the
 * target) across. */
static void chart_data_table(hctx *h, const chart_data *cd, int seq)
{
    char v[96];
    strbuf_printf(
        &h->b,
        "<details><summary>%s</summary>\n<div class=\"table\" "
        "role=\"region\" tabindex=\"0\" aria-labelledby=\"ar:c%d-dcap\">"
        "<table><caption id=\"ar:c%d-dcap\">",
        word(h, WORD_CHART_DATA), seq, seq);
    esc(&h->b, resolved_label(h->r, cd->node));
    esc(&h->b, resolved_caption(h->r, cd->node));
    strbuf_put(&h->b, "</caption>\n<thead><tr><td></td>");
    for (int s = 0; s < cd->nser; s++) {
        strbuf_put(&h->b, "<th scope=\"col\" class=\"n\">");
        esc(&h->b, cd->ser_label[s]);
        strbuf_put(&h->b, "</th>");
    }
    bool target = cd->type == CHART_BAR_TARGET && cd->target;
    if (target) {
        strbuf_put(&h->b, "<th scope=\"col\" class=\"n\">");
        esc(&h->b,
            cd->target_label ? cd->target_label : word(h, WORD_CHART_TARGET));
        strbuf_put(&h->b, "</th>");
    }
    strbuf_put(&h->b, "</tr></thead>\n<tbody>\n");
    for (int c = 0; c < cd->ncat; c++) {
        strbuf_put(&h->b, "<tr><th scope=\"row\">");
        esc(&h->b, cd->cat_label[c]);
        strbuf_put(&h->b, "</th>");
        for (int s = 0; s < cd->nser; s++) {
            int i = s * cd->ncat + c;
            strbuf_put(&h->b, "<td class=\"n\">");
            esc(&h->b,
                cd->has[i] ? chart_value(cd, cd->val[i], v, sizeof v) : "..");
            strbuf_put(&h->b, "</td>");
        }
        if (target) {
            strbuf_put(&h->b, "<td class=\"n\">");
            esc(&h->b, cd->has_target[c]
                           ? chart_value(cd, cd->target[c], v, sizeof v)
                           : "..");
            strbuf_put(&h->b, "</td>");
        }
        strbuf_put(&h->b, "</tr>\n");
    }
    strbuf_put(&h->b, "</tbody></table></div>\n</details>\n");
}

static void render_chart(hctx *h, const doc_node *n)
{
    const chart_data *rcd = resolved_chart(h->r, n);
    if (!rcd || rcd->problem != CHART_OK || rcd->nser < 1 || rcd->ncat < 1)
        return; /* reported by validate (DIA-*); the PDF leaves it out too */
    chart_data cd = *rcd; /* the labels as printed */
    int seq = doc_node_seq(n);
    strbuf_put(&h->b, "<figure class=\"chart\"");
    put_id_attr(h, n);
    strbuf_put(&h->b, ">\n<figcaption><span class=\"label\">");
    esc(&h->b, resolved_label(h->r, n));
    strbuf_put(&h->b, "</span>");
    esc(&h->b, resolved_caption(h->r, n));
    strbuf_put(&h->b, "</figcaption>\n");
    chart_legend(h, &cd, seq);
    strbuf_printf(
        &h->b,
        "<svg role=\"img\" aria-labelledby=\"ar:c%d-title ar:c%d-desc\" "
        "xmlns=\"http://www.w3.org/2000/svg\"",
        seq, seq);
    double lo, hi;
    chart_range(&cd, &lo, &hi);
    chart_axis ax;
    chart_axis_make(lo, hi, 5, &ax);
    /* the <title> and <desc> go first (SVG 1.1 5.4); viewBox and the
     * drawing follow from the helpers, which end the start tag */
    buf saved = h->b;
    memset(&h->b, 0, sizeof h->b);
    if (cd.type == CHART_HBAR)
        svg_horizontal(h, &cd, &ax, seq);
    else
        svg_vertical(h, &cd, &ax, seq);
    buf drawing = h->b;
    h->b = saved;
    /* the start tag's end: up to the first '>' of the drawing */
    char *gt = strchr(drawing.s, '>');
    size_t head = gt ? (size_t)(gt - drawing.s) + 1 : 0;
    strbuf_put_n(&h->b, drawing.s, head);
    strbuf_printf(&h->b, "<title id=\"ar:c%d-title\">", seq);
    esc(&h->b, resolved_label(h->r, n));
    esc(&h->b, resolved_caption(h->r, n));
    strbuf_printf(&h->b, "</title><desc id=\"ar:c%d-desc\">", seq);
    const char *alt = doc_node_attr(n, "alt");
    esc(&h->b, alt ? alt : "");
    strbuf_put(&h->b, "</desc>");
    strbuf_put_n(&h->b, drawing.s + head, drawing.n - head);
    free(drawing.s);
    strbuf_put(&h->b, "</svg>\n");
    const char *note = resolved_chart_note(h->r, n);
    if (note) {
        strbuf_put(&h->b, "<p class=\"note\">");
        const doc_node *t = resolved_chart_table(h->r, n);
        esc(&h->b, note);
        if (t) {
            strbuf_put(&h->b, " <a href=\"#");
            esc(&h->b, node_id(h, t));
            strbuf_put(&h->b, "\">");
            esc(&h->b, resolved_label(h->r, t));
            strbuf_put(&h->b, "</a>");
        }
        strbuf_put(&h->b, "</p>\n");
    }
    chart_data_table(h, &cd, seq);
    strbuf_put(&h->b, "</figure>\n");
}

/* --- images ---------------------------------------------------------------
 */

/* The bytes of an image file, checked before (image_check_document):
 * malloc'd, or NULL when it can no longer be read. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (uint64_t)st.st_size > IMAGE_MAX_BYTES) {
        fclose(f);
        return NULL;
    }
    unsigned char *p = xmalloc((size_t)st.st_size);
    size_t n = fread(p, 1, (size_t)st.st_size, f);
    fclose(f);
    if (n != (size_t)st.st_size) {
        free(p);
        return NULL;
    }
    *len = n;
    return p;
}

/* <img> with the image as a data: URI. The file is the one the checks
 * read (image_cache_get, image_resolve; dir NULL: the path as given, the
 * style's logo). False when it cannot be used (it was reported). */
static bool put_img(hctx *h, const char *fil, const char *dir, const char *alt,
                    const doc_node *at, const char *cls)
{
    diag_list *quiet = diag_list_new(diag_list_lang(h->dl));
    const image *im = NULL;
    const char *path = fil;
    if (dir) {
        uint32_t line = at ? doc_node_line(at) : 0,
                 col = at ? doc_node_col(at) : 0;
        im = h->o->images
                 ? image_cache_get(h->o->images, h->d, fil, quiet, line, col)
                 : NULL;
        path = image_resolve(h->o->paths, dir, fil, doc_arena(h->d), quiet,
                             doc_path(h->d), line, col);
    } else {
        im = image_load(fil, fil, doc_arena(h->d), quiet, fil, 0, 0);
    }
    diag_list_free(quiet);
    size_t len = 0;
    unsigned char *bytes = im && path ? read_file(path, &len) : NULL;
    if (!bytes) {
        if (im) {
            diag *x = diag_add(
                h->dl, DIAG_ERROR, doc_path(h->d), at ? doc_node_line(at) : 0,
                at ? doc_node_col(at) : 0, "WEBB-01", MSG_WEB_IMAGE, fil);
            diag_hint(h->dl, x, MSG_WEB_IMAGE_HINT);
            h->status = 2;
        }
        return false;
    }
    strbuf_printf(&h->b, "<img%s%s%s src=\"data:image/%s;base64,",
                  cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "",
                  im->format == IMAGE_PNG ? "png" : "jpeg");
    put_base64(&h->b, bytes, len);
    free(bytes);
    strbuf_printf(&h->b, "\" width=\"%u\" height=\"%u\" alt=\"",
                  (unsigned)im->width, (unsigned)im->height);
    esc(&h->b, alt ? alt : "");
    strbuf_put(&h->b, "\">");
    return true;
}

static void render_image(hctx *h, const doc_node *n)
{
    const char *fil = doc_node_attr(n, "fil");
    if (!fil)
        return;
    strbuf_put(&h->b, "<figure class=\"image\"");
    put_id_attr(h, n);
    strbuf_put(&h->b, ">");
    put_img(h, fil, doc_dir(h->d), doc_node_attr(n, "alt"), n, NULL);
    strbuf_put(&h->b, "<figcaption><span class=\"label\">");
    esc(&h->b, resolved_label(h->r, n));
    strbuf_put(&h->b, "</span>");
    esc(&h->b, resolved_caption(h->r, n));
    strbuf_put(&h->b, "</figcaption></figure>\n");
}

/* --- the walk: one iterator, one switch ----------------------------------- */

static bool has_para(const doc_node *n)
{
    return doc_node_child(n, DOC_PARA) || doc_node_child(n, DOC_LIST);
}

/* Returns true when the node's children were skipped. */
static bool enter(hctx *h, doc_iter *it, doc_node *n)
{
    buf *b = &h->b;
    switch (doc_node_kind(n)) {
    case DOC_ROOT:
    case DOC_PAGEBREAK:
        break;
    case DOC_SECTION:
        strbuf_put(b, "<section");
        put_id_attr(h, n);
        put_lang(h, n);
        strbuf_put(b, ">\n");
        draft_mark(h, n, true);
        break;
    case DOC_HEADING: {
        const doc_node *sec = doc_node_parent(n);
        int depth = doc_node_depth(sec);
        int lv = depth + 1 > 6 ? 6 : depth + 1;
        strbuf_printf(b, "<h%d>", lv);
        const char *num = doc_node_number(sec);
        if (num) {
            strbuf_put(b, "<span class=\"num\">");
            esc(b, num);
            strbuf_put(b, "</span> ");
        }
        break;
    }
    case DOC_PARA:
        strbuf_put(b, "<p");
        put_lang(h, n);
        strbuf_put(b, ">");
        draft_mark(h, n, false);
        break;
    case DOC_LIST: {
        const char *t = doc_node_attr(n, "typ");
        draft_mark(h, n, true);
        strbuf_put(b, t && strcmp(t, "numrerad") == 0 ? "<ol" : "<ul");
        put_lang(h, n);
        strbuf_put(b, ">\n");
        break;
    }
    case DOC_ITEM:
        strbuf_put(b, "<li");
        put_lang(h, n);
        strbuf_put(b, ">");
        draft_mark(h, n, false);
        break;
    case DOC_QUOTE:
        draft_mark(h, n, true);
        strbuf_put(b, "<blockquote");
        put_lang(h, n);
        strbuf_put(b, has_para(n) ? ">\n" : "><p>");
        break;
    case DOC_TABLE:
        draft_mark(h, n, true);
        render_table(h, n);
        doc_iter_skip_children(it);
        return true;
    case DOC_CHART:
        draft_mark(h, n, true);
        render_chart(h, n);
        doc_iter_skip_children(it);
        return true;
    case DOC_IMAGE:
        draft_mark(h, n, true);
        render_image(h, n);
        doc_iter_skip_children(it);
        return true;
    case DOC_TEXT:
        esc(b, resolved_text(h->r, n)); /* as printed (resolve.h) */
        break;
    case DOC_BOLD:
        strbuf_put(b, "<strong>");
        break;
    case DOC_ITALIC:
        strbuf_put(b, "<em>");
        break;
    case DOC_LINK: {
        const char *href = doc_node_attr(n, "href");
        if (safe_href(href)) {
            strbuf_put(b, "<a href=\"");
            esc(b, href);
            strbuf_put(b, "\"");
            put_lang(h, n);
            strbuf_put(b, ">");
        } else {
            strbuf_put(b, "<span>");
        }
        if (!doc_node_first_child(n))
            esc(b, href); /* a link without text shows its address */
        break;
    }
    case DOC_REF: {
        const char *text = resolved_ref_text(h->r, n);
        const doc_node *t = doc_find_id(h->d, doc_node_attr(n, "till"));
        if (text && t) {
            strbuf_put(b, "<a href=\"#");
            esc(b, node_id(h, t));
            strbuf_put(b, "\">");
            esc(b, text);
            strbuf_put(b, "</a>");
        }
        doc_iter_skip_children(it);
        return true;
    }
    case DOC_FOOTNOTE:
        note_ref(h, n);
        doc_iter_skip_children(it);
        return true;
    default: /* the parts of tables and captions, written by their owner */
        doc_iter_skip_children(it);
        return true;
    }
    return false;
}

static void leave(hctx *h, doc_node *n)
{
    buf *b = &h->b;
    switch (doc_node_kind(n)) {
    case DOC_SECTION:
        if (doc_node_depth(n) == 1)
            notes_flush(h); /* after each chapter */
        strbuf_put(b, "</section>\n");
        break;
    case DOC_HEADING: {
        int depth = doc_node_depth(doc_node_parent(n));
        strbuf_printf(b, "</h%d>\n", depth + 1 > 6 ? 6 : depth + 1);
        break;
    }
    case DOC_PARA:
        strbuf_put(b, "</p>\n");
        break;
    case DOC_LIST: {
        const char *t = doc_node_attr(n, "typ");
        strbuf_put(b, t && strcmp(t, "numrerad") == 0 ? "</ol>\n" : "</ul>\n");
        break;
    }
    case DOC_ITEM:
        strbuf_put(b, "</li>\n");
        break;
    case DOC_QUOTE: {
        strbuf_put(b, has_para(n) ? "</blockquote>\n" : "</p></blockquote>\n");
        const char *src = resolved_quote_source(h->r, n);
        if (src) {
            strbuf_put(b, "<p class=\"qsource\">");
            esc(b, src);
            strbuf_put(b, "</p>\n");
        }
        break;
    }
    case DOC_BOLD:
        strbuf_put(b, "</strong>");
        break;
    case DOC_ITALIC:
        strbuf_put(b, "</em>");
        break;
    case DOC_LINK:
        strbuf_put(b, safe_href(doc_node_attr(n, "href")) ? "</a>" : "</span>");
        break;
    default:
        break;
    }
}

/* Writes the subtree at root (root's own tags only when with_root). */
static void render(hctx *h, doc_node *root, bool with_root)
{
    doc_iter it;
    doc_node *n;
    doc_event ev;
    doc_iter_init(&it, root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        if (n == root && !with_root)
            continue;
        if (ev == DOC_EV_ENTER) {
            /* a node without children, or whose children were written by
             * its own function, gets no exit event */
            if (enter(h, &it, n) || !doc_node_first_child(n))
                leave(h, n);
        } else {
            leave(h, n);
        }
    }
}

/* --- the page around the content ----------------------------------------- */

static const char *font_stack(const char *family, bool sans)
{
    (void)family;
    return sans ? "\"Liberation Sans\", Arimo, Arial, Helvetica, "
                  "\"Helvetica Neue\", sans-serif"
                : "\"Liberation Serif\", Tinos, \"Times New Roman\", Times, "
                  "serif";
}

static void put_family(buf *b, const html_style *st, bool sans)
{
    const char *fam = st ? (sans ? st->sans_family : st->serif_family) : NULL;
    bool liberation = !fam || strncmp(fam, "Liberation", 10) == 0;
    if (!liberation && !strpbrk(fam, "\"\\;{}<>")) {
        strbuf_put(b, "\"");
        strbuf_put(b, fam);
        strbuf_put(b, "\", ");
    }
    strbuf_put(b, font_stack(fam, sans));
}

/* The style file's heading capitals, letter-spacing and list marks, as
 * the PDF sets them (a section of depth d is an h(d + 1)). */
static void put_style_options(buf *b, const html_style *st)
{
    for (int i = 0; i < 5; i++) {
        if (!st->h_caps[i] && st->h_tracking[i] <= 0)
            continue;
        strbuf_printf(b, "section h%d{", i + 2);
        if (st->h_caps[i])
            strbuf_put(b, "text-transform:uppercase;");
        if (st->h_tracking[i] > 0)
            strbuf_printf(b, "letter-spacing:%d.%03dpt",
                          (int)(st->h_tracking[i] / 1000),
                          (int)(st->h_tracking[i] % 1000));
        strbuf_put(b, "}\n");
    }
    for (int i = 0; i < st->n_list_marks && i < 4; i++) {
        strbuf_put(b, "section ul");
        for (int k = 0; k < i; k++)
            strbuf_put(b, " ul");
        strbuf_put(b, "{list-style-type:\"");
        for (const char *p = st->list_marks[i]; p && *p; p++) {
            if (*p == '"' || *p == '\\' || *p == '<')
                strbuf_printf(b, "\\%x ", (unsigned)(unsigned char)*p);
            else
                strbuf_printf(b, "%c", *p);
        }
        strbuf_put(b, " \"}\n");
    }
}

static void put_css(hctx *h)
{
    const html_style *st = h->o->style;
    buf *b = &h->b;
    uint32_t text = st ? st->text_color : 0x1A1A1A;
    uint32_t head = st ? st->heading_color : 0x1F3864;
    uint32_t rule = st ? st->rule_color : 0x808080;
    uint32_t fill = st ? st->header_fill : 0xE8ECF2;
    uint32_t furn = st ? st->furniture_color : 0x404040;
    strbuf_put(b, "<style>\n:root{color-scheme:light;--text:");
    put_color(b, text);
    strbuf_put(b, ";--head:");
    put_color(b, head);
    strbuf_put(b, ";--rule:");
    put_color(b, rule);
    strbuf_put(b, ";--fill:");
    put_color(b, fill);
    strbuf_put(b, ";--furn:");
    put_color(b, furn);
    strbuf_put(b, "}\n");
    strbuf_put(
        b, "html{background:#FFFFFF;color:var(--text);-webkit-text-size-adjust:"
           "100%;text-size-adjust:100%}\nbody{margin:0;font-family:");
    put_family(b, st, st && st->body_sans);
    strbuf_put(
        b, ";font-size:1.0625rem;line-height:1.55;overflow-wrap:break-word}\n"
           "h1,h2,h3,h4,h5,h6,.cover .org,nav,caption,figcaption,.legend{"
           "font-family:");
    put_family(b, st, !st || st->heading_sans);
    strbuf_put(
        b, "}\nh1,h2,h3,h4,h5,h6{color:var(--head);line-height:1.25;"
           "margin:1.6em 0 .5em}\nh1{font-size:2rem;margin-top:.4em}"
           "h2{font-size:1.55rem}h3{font-size:1.25rem}h4{font-size:1.1rem}"
           "h5,h6{font-size:1rem}\n"
           ".wrap{max-width:46rem;margin:0 auto;padding:0 1rem}\n"
           "a{color:#0B4F9C}a:focus-visible,[tabindex]:focus-visible,"
           "summary:focus-visible{outline:3px solid #B85C00;outline-offset:2px}"
           "\n.skip{position:absolute;left:-10000px;top:.5rem;background:"
           "#FFFFFF;padding:.5rem 1rem;z-index:2}\n.skip:focus{left:.5rem}\n"
           "header.cover{border-bottom:2px solid var(--rule);padding:1rem 0 "
           "1rem}\n.cover .org{color:var(--furn);margin:0}"
           ".cover .sub{font-size:1.25rem;margin:.2em 0 .6em}"
           ".cover p{margin:.2em 0}.cover .logo{max-width:12rem;height:auto;"
           "display:block;margin-bottom:.5rem}\n"
           ".draft{border:3px solid #B00020;color:#B00020;font-weight:bold;"
           "padding:.5rem .75rem;margin:1rem 0}\n"
           "nav{border-bottom:1px solid var(--rule);padding-bottom:1rem}"
           "nav ul{list-style:none;padding-left:0}nav ul ul{padding-left:"
           "1.4em}nav li{margin:.25em 0}\n"
           ".num{margin-right:.35em}\n"
           "blockquote{margin:1em 0 .25em 1.25em;font-style:italic}"
           ".qsource{margin:0 0 1em 1.25em;font-size:.92em}\n"
           ".table{overflow-x:auto;margin:1.25em 0 .25em;width:max-content;"
           "max-width:min(calc(100vw - 3rem),calc(50vw + 20rem))}\n"
           "table{border-collapse:collapse;font-family:");
    put_family(b, st, !st || st->table_sans);
    strbuf_put(
        b, ";font-size:.92rem;line-height:1.35}\ncaption{text-align:left;"
           "font-weight:normal;padding-bottom:.4em;color:var(--head);"
           "position:sticky;left:0;max-width:calc(100vw - 2rem)}"
           ".label{font-weight:bold}\nth,td{padding:.3em .55em;vertical-align:"
           "top;text-align:left}\nthead th,thead td{background:var(--fill);"
           "border-bottom:1px solid var(--rule);vertical-align:bottom}\n"
           "tbody tr{border-bottom:1px solid #E2E2E2}tbody th{font-weight:"
           "normal}\n.n{text-align:right;font-variant-numeric:tabular-nums "
           "lining-nums;white-space:nowrap}\ntr.sum{font-weight:bold;"
           "border-top:1px solid var(--rule)}tr.sum th{font-weight:bold}"
           "tr.grp td,tr.grp th{font-weight:bold;padding-top:.7em}"
           "tr.varav{font-style:italic}\n.nw{white-space:nowrap}"
           "h1,h2,h3{text-wrap:balance}\n.source,.note{font-size:.88rem;"
           "margin:.2em 0 1.25em}.source{font-style:italic}\n"
           "figure{margin:1.5em 0}figure img{max-width:100%;height:auto}"
           "figcaption{margin:.4em 0}\nfigure svg[role=img]{display:block;"
           "width:100%;max-width:34rem;height:auto;font-family:"
           "\"Liberation "
           "Sans\",Arimo,Arial,Helvetica,sans-serif}\n.legend{list-style:"
           "none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;gap:.3em "
           "1.2em;font-size:.9rem}.legend svg{vertical-align:-2px;margin-"
           "right:.35em}\ndetails{margin:.5em 0}summary{cursor:pointer;"
           "color:#0B4F9C}\n.fnref{line-height:0}.fnref a{padding:0 .1em}\n"
           ".footnotes{border-top:1px solid var(--rule);margin-top:2em;"
           "font-size:.92rem}.footnotes ul{list-style:none;padding:0}"
           ".fnnum{font-weight:bold;margin-right:.3em}\n"
           ".problems{list-style:none;padding:0}.problems li{margin:.6em 0}"
           ".err{color:#B00020}\nfooter{border-top:2px solid var(--rule);"
           "margin-top:3rem;padding:1rem 0 2rem;color:var(--furn);font-size:"
           ".92rem}\n"
           "@media (min-width:48rem){body{font-size:1.125rem}}\n"
           "@media print{.skip,nav,details{display:none}body{font-size:11pt}"
           ".wrap{max-width:none;padding:0}.table{overflow:visible}"
           "a{color:inherit}h2,h3,h4{break-after:avoid}table,figure{"
           "break-inside:avoid}.footnotes{break-inside:avoid}}\n"
           "@media (forced-colors:active){.sym{forced-color-adjust:none}}\n");
    if (st)
        put_style_options(b, st);
    /* a draft's marks: the problems' rule ids in the UTKAST red */
    if (h->o->draft)
        strbuf_put(b, ".draftmark{color:#B00020;font:bold .8rem "
                      "\"Liberation Sans\",Arimo,Arial,Helvetica,sans-serif;"
                      "letter-spacing:.02em}p.draftmark{margin:.3em 0}\n");
    strbuf_put(b, "</style>\n");
}

static void meta(buf *b, const char *name, const char *content)
{
    if (!content || !*content)
        return;
    strbuf_put(b, "<meta name=\"");
    strbuf_put(b, name);
    strbuf_put(b, "\" content=\"");
    esc(b, content);
    strbuf_put(b, "\">\n");
}

static void toc(hctx *h)
{
    int max =
        h->o->style && h->o->style->toc_depth > 0 ? h->o->style->toc_depth : 2;
    size_t ne;
    const resolved_toc_entry *te =
        resolved_toc(h->r, doc_arena(h->d), max, &ne);
    int prev = 0;
    bool any = false;
    for (size_t i = 0; i < ne; i++) {
        const doc_node *n = te[i].section;
        int d = te[i].depth;
        if (!any) {
            strbuf_printf(&h->b,
                          "<nav aria-labelledby=\"ar:toc\"><h2 id=\"ar:toc\">%s"
                          "</h2>\n",
                          word(h, WORD_CONTENTS));
            any = true;
        }
        if (d > prev) {
            for (int k2 = prev; k2 < d; k2++)
                strbuf_put(&h->b, k2 == prev ? "<ul>" : "<li><ul>");
        } else {
            strbuf_put(&h->b, "</li>\n");
            for (int k2 = d; k2 < prev; k2++)
                strbuf_put(&h->b, "</ul></li>\n");
        }
        strbuf_put(&h->b, "<li><a href=\"#");
        esc(&h->b, node_id(h, n));
        strbuf_put(&h->b, "\">");
        if (te[i].number) {
            esc(&h->b, te[i].number);
            strbuf_put(&h->b, " ");
        }
        esc(&h->b, te[i].title);
        strbuf_put(&h->b, "</a>");
        prev = d;
    }
    if (!any)
        return;
    strbuf_put(&h->b, "</li>\n");
    for (int k2 = 1; k2 < prev; k2++)
        strbuf_put(&h->b, "</ul></li>\n");
    strbuf_put(&h->b, "</ul>\n</nav>\n");
}

/* The draft's problems (as the PDF's last pages: severity, rule id,
 * line:column, the message and the hint), warnings switched off left
 * out. */
static void problems(hctx *h)
{
    const diag_list *dl = h->o->problems;
    if (!h->o->draft || !dl)
        return;
    size_t nerr, nwarn;
    diag_count_shown(dl, &nerr, &nwarn);
    if (nerr + nwarn == 0)
        return;
    strbuf_printf(
        &h->b,
        "<section id=\"ar:problems\" aria-labelledby=\"ar:problems-h\">"
        "<h2 id=\"ar:problems-h\">%s</h2>\n<p>",
        word(h, WORD_DRAFT_PROBLEMS));
    arena *a = doc_arena(h->d);
    esc(&h->b, resolved_problem_summary(h->r, a, nerr, nwarn));
    strbuf_put(&h->b, "</p>\n<ul class=\"problems\">\n");
    for (size_t i = 0; i < diag_count(dl); i++) {
        const diag *d = diag_get(dl, i);
        if (!diag_is_shown(dl, d))
            continue;
        resolved_problem rp; /* the texts as the PDF prints them */
        resolved_problem_texts(h->r, a, d, &rp);
        /* a problem at a block links to its mark there */
        size_t k = i < h->nmark_of ? h->mark_of[i] : 0;
        size_t mk = k && h->marks[k - 1].written ? h->marks[k - 1].num : 0;
        strbuf_put(&h->b, "<li>");
        if (mk)
            strbuf_printf(&h->b, "<a href=\"#ar:mark-%zu\">", mk);
        strbuf_printf(&h->b, "<strong%s>",
                      d->severity == DIAG_ERROR ? " class=\"err\"" : "");
        esc(&h->b, rp.label);
        strbuf_put(&h->b, mk ? "</strong></a> " : "</strong> ");
        esc(&h->b, rp.message);
        if (rp.hint) {
            strbuf_put(&h->b, "<br><em>");
            esc(&h->b, rp.hint);
            strbuf_put(&h->b, "</em>");
        }
        strbuf_put(&h->b, "</li>\n");
    }
    strbuf_put(&h->b, "</ul>\n</section>\n");
}

static void cover(hctx *h, const char *title)
{
    const doc_meta *m = resolved_meta(h->r); /* the texts as printed */
    buf *b = &h->b;
    strbuf_put(b, "<header class=\"cover\"><div class=\"wrap\">\n");
    if (m->logga_fil)
        put_img(h, m->logga_fil, doc_dir(h->d),
                m->logga_alt ? m->logga_alt : m->organisation, NULL, "logo");
    else if (h->o->style && h->o->style->logo)
        put_img(h, h->o->style->logo, NULL, m->organisation, NULL, "logo");
    if (m->organisation) {
        strbuf_put(b, "<p class=\"org\">");
        esc(b, m->organisation);
        strbuf_put(b, "</p>\n");
    }
    strbuf_put(b, "<h1>");
    esc_ranges(b, title);
    strbuf_put(b, "</h1>\n");
    if (m->undertitel) {
        strbuf_put(b, "<p class=\"sub\">");
        esc(b, m->undertitel);
        strbuf_put(b, "</p>\n");
    }
    const char *lines[] = {m->namnd, m->forvaltning, resolved_period(h->r),
                           resolved_date_line(h->r),
                           resolved_reference_line(h->r)};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        if (lines[i]) {
            strbuf_put(b, "<p>");
            esc(b, lines[i]);
            strbuf_put(b, "</p>\n");
        }
    if (h->o->pdf_href) {
        strbuf_put(b, "<p><a href=\"");
        esc(b, h->o->pdf_href);
        strbuf_printf(b, "\" type=\"application/pdf\">%s</a></p>\n",
                      word(h, WORD_PDF_EDITION));
    }
    if (h->o->draft) {
        strbuf_printf(b, "<p class=\"draft\">%s: %s</p>\n", word(h, WORD_DRAFT),
                      word(h, WORD_WEB_DRAFT));
    }
    strbuf_put(b, "</div></header>\n");
}

int html_render(doc *d, const resolved *r, const html_options *o, diag_list *dl,
                char **out, size_t *len)
{
    hctx h;
    memset(&h, 0, sizeof h);
    h.d = d;
    h.r = r;
    h.o = o;
    h.dl = dl;
    h.lang = resolved_language(r);
    h.doc_lang = doc_lang(d) ? doc_lang(d) : "sv";
    const doc_meta *m = resolved_meta(r);
    const char *title = m->titel;
    if (!title || !*title) {
        const char *p = strrchr(doc_path(d), '/');
        title = p ? p + 1 : doc_path(d);
    }
    buf *b = &h.b;
    strbuf_put(b, "<!DOCTYPE html>\n<html lang=\"");
    esc(b, h.doc_lang);
    strbuf_put(b,
               "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
               "content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(b, title);
    if (o->draft)
        strbuf_printf(b, " (%s)", word(&h, WORD_DRAFT));
    strbuf_put(b, "</title>\n");
    meta(b, "description", o->description);
    meta(b, "author", m->namnd ? m->namnd : m->organisation);
    meta(b, "dcterms.date", m->datum);
    meta(b, "generator", "arsrapport");
    if (o->pdf_href) {
        strbuf_put(b,
                   "<link rel=\"alternate\" type=\"application/pdf\" href=\"");
        esc(b, o->pdf_href);
        strbuf_put(b, "\">\n");
    }
    put_css(&h);
    strbuf_put(b, "</head>\n<body>\n");
    strbuf_printf(b, "<a class=\"skip\" href=\"#ar:main\">%s</a>\n",
                  word(&h, WORD_SKIP_TO_CONTENT));
    cover(&h, title);
    strbuf_put(b, "<div class=\"wrap\">\n");
    toc(&h);
    draft_marks_make(&h);
    strbuf_put(b, "<main id=\"ar:main\" tabindex=\"-1\">\n");
    render(&h, doc_root(d), true);
    notes_flush(&h); /* notes outside any chapter */
    problems(&h);
    strbuf_put(b, "</main>\n</div>\n<footer><div class=\"wrap\">");
    const char *who[] = {m->organisation, m->namnd};
    for (size_t i = 0; i < 2; i++)
        if (who[i]) {
            strbuf_put(b, "<p>");
            esc(b, who[i]);
            strbuf_put(b, "</p>");
        }
    if (resolved_date_line(r)) {
        strbuf_put(b, "<p>");
        esc(b, resolved_date_line(r));
        strbuf_put(b, "</p>");
    }
    if (o->pdf_href) {
        strbuf_put(b, "<p><a href=\"");
        esc(b, o->pdf_href);
        strbuf_printf(b, "\" type=\"application/pdf\">%s</a></p>",
                      word(&h, WORD_PDF_EDITION));
    }
    strbuf_put(b, "</div></footer>\n</body>\n</html>\n");
    free(h.notes);
    free(h.marks);
    free(h.mark_of);
    *out = b->s;
    *len = b->n;
    return h.status;
}
