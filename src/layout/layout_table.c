/*
 * layout_table.c: tables.
 *
 * Column widths come from content, as browsers' automatic table layout:
 * each column's smallest width (its widest word) and largest width (its
 * longest unbroken cell), then the text block is shared out. Too wide a
 * table is set in a smaller size down to the style's floor, after that on
 * landscape pages of its own, and only then are its words broken (TAB-03);
 * nothing runs into the margin. Numbers in typed columns
 * are read as Swedish numerals and printed the Swedish way (no-break space
 * groups, decimal comma, U+2212), set with their units digits on one
 * vertical so that decimal commas line up whatever the decimals, and
 * missing-value marks stand where the units digits do; column heads end
 * at the figures' right edge and sit on the head row's last baseline. A
 * status column prints a symbol of its own shape and the word (status.h).
 * kolumn bredd fixes a column's width or gives it a share. An empty cell in a
 * summa row or in a computed column (kolumn formel) shows the figure the tool
 * computes (calc.h), with the column's decimals. Header rows repeat on every
 * page the table continues on. The table is laid out for its measure into
 * one block of items (caption, rows, rules, source note) with its breaking
 * rules as data, and placed by the paginator's rows mode
 * (layout_paginate.c); nothing here moves the page cursor.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/numfmt.h"
#include "../common/status.h"
#include "../common/utf8.h"
#include "../model/calc.h"
#include "layout_internal.h"

enum { PAD_X = 3000, PAD_Y = 2000 };
enum { CAP_SIZE = 10000, CAP_LEADING = 13000, CAP_AFTER = 2000 };
/* space between a table's bottom rule and its source note */
enum { SOURCE_GAP = 3000 };

typedef enum {
    COL_TEXT,
    COL_BELOPP,
    COL_TAL,
    COL_PROCENT,
    COL_STATUS
} col_type;

typedef struct {
    col_type type;
    int decimals; /* -1: as typed */
    int32_t minw, maxw, w;
    const doc_node *node;
    /* kolumn bredd: a fixed width (mpt, 0: none) or a share ("2*": 2) */
    int32_t fixed;
    int share;
    /* the figures of a numeric column: the widest integer part and the
     * widest tail (decimal comma, fraction, "\u00a0%"); figures are set
     * with their units digits on one vertical, fig_tail from the column's
     * right padding */
    int32_t fig_int, fig_tail;
    bool has_fig;
    int32_t body_max; /* largest natural width of a body cell (labels) */
    int32_t whole;    /* smallest width with its heads' words unhyphenated
                         (>= minw) */
    bool placed;      /* compute_widths: the width is final */
} tcol;

typedef enum { ROW_HEAD, ROW_BODY, ROW_GROUP, ROW_SUM, ROW_VARAV } row_kind;

typedef struct {
    const doc_node *node; /* cell, or the caption for a group row */
    int col, span;
    frag_list fl;
    line_list ll;
    int32_t minw, maxw;
    int align;       /* 0 left, 1 centre, 2 right */
    bool figure;     /* a number or missing-value mark, aligned on the
                        units digit */
    int32_t tail;    /* a figure's tail: from its decimal comma, or after
                        its last digit, to its end (mpt) */
    bool hyph;       /* a column head with hyphenation points: broken by
                        break_head */
    int32_t wordw;   /* the widest word, hyphenation points ignored */
    uint32_t symbol; /* a status cell's symbol (the first glyph), or 0 */
    uint32_t se;     /* its structure element (TH or TD) */
} tcell;

typedef struct {
    row_kind kind;
    tcell *cells;
    int ncells;
    int32_t h;
    int indent;
    uint32_t se; /* its TR */
} trow;

typedef struct {
    tcol *cols;
    int ncols;
    trow *rows;
    size_t nrows, cap;
    int32_t size, leading;
    const calc_table *calc; /* the computed figures */
    /* compute_widths: the size the table was first tried at, for the one
     * smaller size tried before row labels are wrapped */
    int32_t first_size;
} tbl;

static col_type col_type_of(const doc_node *column)
{
    switch (doc_column_type(column)) {
    case DOC_COL_BELOPP:
        return COL_BELOPP;
    case DOC_COL_TAL:
        return COL_TAL;
    case DOC_COL_PROCENT:
        return COL_PROCENT;
    case DOC_COL_STATUS:
        return COL_STATUS;
    case DOC_COL_TEXT:
        break;
    }
    return COL_TEXT;
}

static bool numeric(col_type t)
{
    return t == COL_BELOPP || t == COL_TAL || t == COL_PROCENT;
}

static trow *add_row(tbl *t, row_kind k, int ncells)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->rows = xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    trow *r = &t->rows[t->nrows++];
    memset(r, 0, sizeof *r);
    r->kind = k;
    r->cells = xcalloc((size_t)(ncells > 0 ? ncells : 1), sizeof *r->cells);
    return r;
}

/* The text of a numeric cell as it is printed: a stated figure formatted
 * the Swedish way (into buf, NUMBER_TEXT bytes), a computed one in an
 * empty total or computed cell; raw itself when it is no figure. Only
 * read while the cell's fragments are made (they copy it): no copy in
 * the layout's arena for each of a report's 30 000 cells. */
enum { NUMBER_TEXT = 96 };
static const char *number_text(const tbl *t, const tcol *col,
                               const doc_node *cell, const char *raw, char *buf)
{
    num_value v = num_parse(raw);
    if (v.kind == NUM_EMPTY && calc_fill_text(t->calc, cell, buf, NUMBER_TEXT))
        return buf;
    if (v.kind == NUM_INVALID || v.kind == NUM_EMPTY)
        return raw;
    if (col->type == COL_PROCENT && v.kind == NUM_VALUE)
        v.percent = true;
    num_format_value(&v, col->decimals, buf, NUMBER_TEXT);
    return buf;
}

/* The width of a figure's tail (see tcell.tail): the figure's units digit
 * is its last digit before the decimal comma, or its last digit. A
 * missing-value mark ("-", ".", "..") has no digit and no tail: its right
 * edge stands where the units digits do (as Statistics Sweden sets them). */
static int32_t figure_tail(lctx *c, const frag_list *fl)
{
    size_t k = fl->n, last = fl->n;
    uint32_t at = 0;
    for (size_t i = 0; i < fl->n && k == fl->n; i++) {
        const frag *f = &fl->v[i];
        for (uint32_t q = 0; f->type == FRAG_TEXT && q < f->n; q++)
            if (f->cps[q] == ',') {
                k = i;
                at = q;
                break;
            }
    }
    for (size_t i = fl->n; i-- > 0;) {
        const frag *f = &fl->v[i];
        if (f->type != FRAG_TEXT)
            continue;
        if (last == fl->n)
            last = i;
        for (uint32_t q = f->n; k == fl->n && q-- > 0;)
            if (f->cps[q] >= '0' && f->cps[q] <= '9') {
                k = i;
                at = q + 1;
            }
        if (k != fl->n)
            break;
    }
    if (k == fl->n)
        return 0;
    const frag *f = &fl->v[k];
    int32_t tail = at < f->n ? layout_text_width(c, f->font, f->size,
                                                 f->cps + at, f->n - at)
                             : 0;
    for (size_t i = k + 1; i <= last && i < fl->n; i++)
        tail += fl->v[i].width;
    return tail;
}

/* A status cell: the symbol of its value in the value's colour, a no-break
 * space and the word as the author wrote it. Never colour alone (WCAG 2.1
 * 1.4.1): the shape and the word say it too. An unknown value (TAB-04)
 * is printed as it is, without a symbol. */
static void status_frags(lctx *c, tcell *tc, inline_style is)
{
    status_value sv = status_parse(doc_node_plain_text(c->d, tc->node));
    uint32_t sym = status_symbol(sv);
    font_role f = font_role_style(is.font, is.bold, is.italic);
    if (sym && font_has_glyph(c->fs, f, sym)) {
        char buf[16];
        int n = utf8_encode(sym, buf);
        memcpy(buf + n, "\xC2\xA0", 3);
        frags_from_text(c, buf, is, &tc->fl);
        if (tc->fl.n > 0 && tc->fl.v[0].type == FRAG_TEXT) {
            tc->fl.v[0].color = status_color(sv);
            tc->symbol = sym;
        }
    }
    frags_from_inline(c, tc->node, is, &tc->fl);
}

/* A line break in a cell before a new paragraph (the style's
 * cell_para_space above it). */
static void cell_parbreak(frag_list *fl)
{
    frag_push_break(fl);
    if (fl->n > 0 && fl->v[fl->n - 1].forced)
        fl->v[fl->n - 1].parbreak = true;
}

static void cell_frags(lctx *c, tbl *t, tcell *tc, const tcol *col, bool bold,
                       bool italic)
{
    inline_style is = {c->st->table_font, t->size, c->st->text_color, bold,
                       italic};
    const doc_node *n = tc->node;
    if (!n)
        return;
    if (doc_node_kind(n) == DOC_CAPTION || doc_node_kind(n) == DOC_COLUMN) {
        frags_from_inline(c, n, is, &tc->fl);
        return;
    }
    if (col && numeric(col->type) && tc->span == 1) {
        const char *raw = doc_node_plain_text(c->d, n);
        char buf[NUMBER_TEXT];
        const char *shown = number_text(t, col, n, raw, buf);
        frags_from_text(c, shown, is, &tc->fl);
        num_kind k = num_parse(shown).kind;
        tc->figure = k != NUM_INVALID && k != NUM_EMPTY;
        if (tc->figure)
            tc->tail = figure_tail(c, &tc->fl);
        return;
    }
    if (col && col->type == COL_STATUS && tc->span == 1) {
        status_frags(c, tc, is);
        return;
    }
    bool has_block = false;
    for (const doc_node *ch = doc_node_first_child(n); ch;
         ch = doc_node_next(ch))
        if (doc_node_kind(ch) == DOC_PARA || doc_node_kind(ch) == DOC_LIST)
            has_block = true;
    if (!has_block) {
        frags_from_inline(c, n, is, &tc->fl);
        return;
    }
    /* block content: each paragraph and list item starts a new line */
    bool first = true;
    for (const doc_node *ch = doc_node_first_child(n); ch;
         ch = doc_node_next(ch)) {
        if (doc_node_kind(ch) == DOC_PARA) {
            if (!first)
                cell_parbreak(&tc->fl);
            frags_from_inline(c, ch, is, &tc->fl);
            first = false;
        } else if (doc_node_kind(ch) == DOC_LIST) {
            for (const doc_node *it = doc_node_first_child(ch); it;
                 it = doc_node_next(it)) {
                if (!first && it == doc_node_first_child(ch))
                    cell_parbreak(&tc->fl); /* a list after a paragraph */
                else if (!first)
                    frag_push_break(&tc->fl);
                const layout_style *st = c->st;
                frags_from_text(c,
                                arena_printf(c->a, "%s ",
                                             st->n_list_marks
                                                 ? st->list_marks[0]
                                                 : "\xE2\x80\xA2"),
                                is, &tc->fl);
                frags_from_inline(c, it, is, &tc->fl);
                first = false;
            }
        }
    }
}

/* Smallest (widest word, or widest part of a word hyphenated with its
 * hyphen) and largest (longest line) natural width. */
static void cell_widths(lctx *c, tcell *tc)
{
    int32_t word = 0, line = 0, whole = 0;
    tc->minw = tc->maxw = tc->wordw = 0;
    for (size_t i = 0; i < tc->fl.n; i++) {
        const frag *f = &tc->fl.v[i];
        if (f->type == FRAG_GLUE && f->hyphen && i > 0) {
            static const uint32_t hy = '-';
            const frag *p = &tc->fl.v[i - 1];
            int32_t part =
                word + layout_text_width(c, p->font, p->size, &hy, 1);
            if (part > tc->minw)
                tc->minw = part;
            word = 0;
            continue;
        }
        if (f->type == FRAG_TEXT || f->nobreak) {
            /* a tie joins its neighbours into one unbreakable word */
            word += f->width;
            whole += f->width;
            line += f->width;
        } else {
            if (word > tc->minw)
                tc->minw = word;
            if (whole > tc->wordw)
                tc->wordw = whole;
            word = whole = 0;
            if (f->forced) {
                /* a new paragraph: its own line */
                if (line > tc->maxw)
                    tc->maxw = line;
                line = 0;
            } else {
                line += f->width;
            }
        }
    }
    if (word > tc->minw)
        tc->minw = word;
    if (whole > tc->wordw)
        tc->wordw = whole;
    if (tc->wordw < tc->minw)
        tc->wordw = tc->minw;
    if (line > tc->maxw)
        tc->maxw = line;
}

static void collect_rows(lctx *c, tbl *t, const doc_node *parent, int depth)
{
    for (const doc_node *n = doc_node_first_child(parent); n;
         n = doc_node_next(n)) {
        doc_kind k = doc_node_kind(n);
        if (k == DOC_GROUP) {
            const doc_node *cap = doc_node_child(n, DOC_CAPTION);
            if (cap) {
                trow *r = add_row(t, ROW_GROUP, 1);
                r->ncells = 1;
                r->cells[0] = (tcell){.node = cap, .col = 0, .span = t->ncols};
                r->indent = depth;
            }
            collect_rows(c, t, n, depth + 1);
            continue;
        }
        if (k != DOC_ROW && k != DOC_SUMROW && k != DOC_HEADROW)
            continue;
        int n_cells = 0;
        for (const doc_node *x = doc_node_first_child(n); x;
             x = doc_node_next(x))
            if (doc_node_kind(x) == DOC_CELL)
                n_cells++;
        doc_row_type typ = k == DOC_ROW ? doc_row_type_of(n) : DOC_ROW_DATA;
        row_kind rk = k == DOC_HEADROW        ? ROW_HEAD
                      : k == DOC_SUMROW       ? ROW_SUM
                      : typ == DOC_ROW_VARAV  ? ROW_VARAV
                      : typ == DOC_ROW_RUBRIK ? ROW_GROUP
                                              : ROW_BODY;
        trow *r = add_row(t, rk, n_cells);
        r->indent = depth;
        int col = 0;
        for (const doc_node *x = doc_node_first_child(n); x;
             x = doc_node_next(x)) {
            if (doc_node_kind(x) != DOC_CELL)
                continue;
            int span = doc_cell_span(x);
            if (col >= t->ncols)
                break; /* validate reports the extra cells */
            if (col + span > t->ncols)
                span = t->ncols - col;
            r->cells[r->ncells++] =
                (tcell){.node = x, .col = col, .span = span};
            col += span;
        }
    }
}

static int32_t indent_of(const trow *r, const tcell *tc);

/* The widest integer part and the widest tail of each numeric column's
 * figures: the column is as wide as both together, whichever cells they
 * come from (tcol.fig_int, fig_tail). */
static void measure_figures(tbl *t)
{
    for (int j = 0; j < t->ncols; j++) {
        t->cols[j].fig_int = t->cols[j].fig_tail = 0;
        t->cols[j].has_fig = false;
    }
    for (size_t i = 0; i < t->nrows; i++) {
        const trow *r = &t->rows[i];
        for (int k = 0; k < r->ncells; k++) {
            const tcell *tc = &r->cells[k];
            if (!tc->figure)
                continue;
            tcol *col = &t->cols[tc->col];
            int32_t in = tc->maxw - tc->tail + indent_of(r, tc);
            if (in > col->fig_int)
                col->fig_int = in;
            if (tc->tail > col->fig_tail)
                col->fig_tail = tc->tail;
            col->has_fig = true;
        }
    }
}

static void fl_add(frag_list *fl, const frag *f)
{
    if (fl->n == fl->cap) {
        fl->cap = fl->cap ? fl->cap * 2 : 16;
        fl->v = xrealloc(fl->v, fl->cap * sizeof *fl->v);
    }
    fl->v[fl->n++] = *f;
}

/* The hyphenation point of a column head's word that makes the longer of
 * its two parts (the first with its hyphen) shortest: a head broken in
 * two balanced lines, as "Budget-/avvikelse" in the printed reports.
 * Returns the index of the last letter before the point, or -1. */
static int head_point(lctx *c, const frag *f)
{
    uint8_t brk[64];
    if (f->n < 5 || f->n > sizeof brk ||
        layout_hyphenate(c, f->cps, f->n, 0, brk) == 0)
        return -1;
    static const uint32_t hy = '-';
    int32_t hyw = layout_text_width(c, f->font, f->size, &hy, 1);
    int best = -1;
    int32_t best_w = f->width;
    for (uint32_t k = 0; k + 1 < f->n; k++) {
        if (!brk[k])
            continue;
        int32_t a = layout_text_width(c, f->font, f->size, f->cps, k + 1) + hyw;
        int32_t b = layout_text_width(c, f->font, f->size, f->cps + k + 1,
                                      f->n - k - 1);
        int32_t w = a > b ? a : b;
        if (w < best_w) {
            best_w = w;
            best = (int)k;
        }
    }
    return best;
}

/* Column heads of numeric columns whose words are wider than the column's
 * figures are hyphenated (one balanced point per word, from the Swedish
 * dictionary, layout_hyph.c), so that a one-word head such as
 * "Budgetavvikelse" does not make its column twice as wide as its
 * figures; whether a head is broken there depends on the width the column
 * gets. Body cells are never hyphenated (README: table cells ragged
 * right). A head with soft hyphens of its own is broken at those. */
static void hyphenate_heads(lctx *c, tbl *t)
{
    for (size_t i = 0; i < t->nrows; i++) {
        trow *r = &t->rows[i];
        if (r->kind != ROW_HEAD)
            continue;
        for (int k = 0; k < r->ncells; k++) {
            tcell *tc = &r->cells[k];
            for (size_t q = 0; q < tc->fl.n; q++)
                if (tc->fl.v[q].type == FRAG_GLUE && tc->fl.v[q].hyphen)
                    tc->hyph = true;
            if (tc->hyph)
                continue; /* the author's soft hyphens, and only those */
            const tcol *col = &t->cols[tc->col];
            /* much wider: a quarter more than the figures ("perioden"
             * over "−79 984" stays whole) */
            int32_t fig = (col->fig_int + col->fig_tail) * 5 / 4;
            if (tc->span != 1 || !numeric(col->type) || !col->has_fig ||
                tc->minw <= fig)
                continue;
            frag_list nl = {0};
            bool changed = false;
            for (size_t q = 0; q < tc->fl.n; q++) {
                const frag *f = &tc->fl.v[q];
                bool word =
                    f->type == FRAG_TEXT && f->width > fig &&
                    (q == 0 || tc->fl.v[q - 1].type == FRAG_GLUE) &&
                    (q + 1 == tc->fl.n || tc->fl.v[q + 1].type == FRAG_GLUE);
                int at = word ? head_point(c, f) : -1;
                if (at < 0) {
                    fl_add(&nl, f);
                    continue;
                }
                frag a = *f, b = *f, g;
                a.n = (uint32_t)at + 1;
                a.width = layout_text_width(c, f->font, f->size, a.cps, a.n);
                b.cps = f->cps + a.n;
                b.n = f->n - a.n;
                b.width = layout_text_width(c, f->font, f->size, b.cps, b.n);
                memset(&g, 0, sizeof g);
                g.type = FRAG_GLUE;
                g.font = f->font;
                g.size = f->size;
                g.color = f->color;
                g.hyphen = true;
                fl_add(&nl, &a);
                fl_add(&nl, &g);
                fl_add(&nl, &b);
                changed = true;
            }
            if (!changed) {
                free(nl.v);
                continue;
            }
            free(tc->fl.v);
            tc->fl = nl;
            tc->hyph = true;
            cell_widths(c, tc);
        }
    }
}

/* A table keeps every cell's fragments and lines until it is placed, and
 * the lists grow by doubling from 32 fragments and 16 lines: a table of
 * 100 000 short rows held most of a gigabyte in unused room. Trimming each
 * list to its length once it is complete keeps such a table in bounded
 * memory (issue 10). */
/* Whether the cell's line li starts a paragraph after another one. */
static bool starts_paragraph(const tcell *tc, const line_info *li)
{
    for (size_t i = li->start; i > 0; i--) {
        const frag *f = &tc->fl.v[i - 1];
        if (f->type != FRAG_GLUE)
            return false;
        if (f->forced)
            return f->parbreak;
    }
    return false;
}

/* The height of the cell's lines with the space between its paragraphs. */
static int32_t cell_lines_h(const tcell *tc, int32_t leading, int32_t ps)
{
    int32_t h = (int32_t)tc->ll.n * leading;
    for (size_t q = 1; q < tc->ll.n; q++)
        if (starts_paragraph(tc, &tc->ll.v[q]))
            h += ps;
    return h;
}

static void trim_cell(tcell *tc)
{
    if (tc->fl.cap > tc->fl.n && tc->fl.n > 0) {
        tc->fl.v = xrealloc(tc->fl.v, tc->fl.n * sizeof *tc->fl.v);
        tc->fl.cap = tc->fl.n;
    }
    if (tc->ll.cap > tc->ll.n && tc->ll.n > 0) {
        tc->ll.v = xrealloc(tc->ll.v, tc->ll.n * sizeof *tc->ll.v);
        tc->ll.cap = tc->ll.n;
    }
}

static void build_cells(lctx *c, tbl *t)
{
    for (size_t i = 0; i < t->nrows; i++) {
        trow *r = &t->rows[i];
        for (int k = 0; k < r->ncells; k++) {
            tcell *tc = &r->cells[k];
            const tcol *col = tc->span == 1 ? &t->cols[tc->col] : NULL;
            bool bold = r->kind == ROW_HEAD || r->kind == ROW_SUM ||
                        r->kind == ROW_GROUP;
            bool italic = r->kind == ROW_VARAV;
            tc->fl.n = 0;
            if (r->kind == ROW_HEAD)
                cell_frags(c, t, tc, NULL, bold, italic);
            else
                cell_frags(c, t, tc, col, bold, italic);
            cell_widths(c, tc);
            trim_cell(tc);
            if (r->kind == ROW_HEAD)
                tc->align = tc->span > 1                     ? 1
                            : numeric(t->cols[tc->col].type) ? 2
                                                             : 0;
            else
                tc->align = col && numeric(col->type) ? 2 : 0;
        }
    }
    measure_figures(t);
    hyphenate_heads(c, t);
}

static void free_cells(tbl *t)
{
    for (size_t i = 0; i < t->nrows; i++) {
        for (int k = 0; k < t->rows[i].ncells; k++) {
            free(t->rows[i].cells[k].fl.v);
            free(t->rows[i].cells[k].ll.v);
        }
        free(t->rows[i].cells);
    }
    free(t->rows);
    t->rows = NULL;
    t->nrows = t->cap = 0;
}

static int32_t indent_of(const trow *r, const tcell *tc)
{
    if (tc->col != 0)
        return 0;
    int32_t ind = r->indent > 0 ? (r->indent - 1) * 6000 : 0;
    if (r->kind == ROW_VARAV)
        ind += 8000;
    if (r->kind == ROW_BODY && r->indent > 0)
        ind += 0;
    return ind;
}

/* kolumn bredd (schema: a number and mm, cm or pt, or a share "2*"). */
static void col_width_spec(tcol *col, const char *v)
{
    if (!v)
        return;
    char *end = NULL;
    double x = strtod(v, &end);
    if (!end || end == v || x < 0 || x > 10000)
        return;
    if (strcmp(end, "*") == 0) {
        col->share = x < 1 ? 1 : (int)(x + 0.5);
        return;
    }
    /* 1 pt = 1/72 in, 1 in = 25.4 mm */
    double mpt = strcmp(end, "mm") == 0   ? x * 72000.0 / 25.4
                 : strcmp(end, "cm") == 0 ? x * 720000.0 / 25.4
                 : strcmp(end, "pt") == 0 ? x * 1000.0
                                          : 0;
    col->fixed = (int32_t)(mpt + 0.5);
}

/* The row-header column: the first column, when it holds text and the
 * table has figures beside it (a driftsredovisning, nyckeltal). Its
 * labels get room before the other columns share what is left, so that
 * "Generella statsbidrag och utjämning" stays on one line while a head
 * over figures is hyphenated. */
static int row_header_col(const tbl *t)
{
    const tcol *c0 = &t->cols[0];
    if (t->ncols < 2 || c0->type != COL_TEXT || c0->fixed || c0->share)
        return -1;
    for (int j = 1; j < t->ncols; j++)
        if (numeric(t->cols[j].type))
            return 0;
    return -1;
}

/* Natural widths of the columns, as browsers' automatic table layout
 * (CSS 2.1 17.5.2.2): each column's smallest width (its widest word, its
 * figures) and largest (its longest unbroken cell); a spanning cell wider
 * than its columns widens them evenly; a fixed column is its width. */
static void natural_widths(tbl *t)
{
    for (int j = 0; j < t->ncols; j++) {
        tcol *col = &t->cols[j];
        col->minw = col->maxw = 2 * PAD_X + 1000;
        col->body_max = col->whole = 0;
    }
    for (size_t i = 0; i < t->nrows; i++) {
        const trow *r = &t->rows[i];
        for (int k = 0; k < r->ncells; k++) {
            const tcell *tc = &r->cells[k];
            if (tc->span != 1 || tc->figure)
                continue;
            tcol *col = &t->cols[tc->col];
            int32_t ind = indent_of(r, tc);
            if (tc->minw + ind + 2 * PAD_X > col->minw)
                col->minw = tc->minw + ind + 2 * PAD_X;
            if (tc->wordw + ind + 2 * PAD_X > col->whole)
                col->whole = tc->wordw + ind + 2 * PAD_X;
            if (tc->maxw + ind + 2 * PAD_X > col->maxw)
                col->maxw = tc->maxw + ind + 2 * PAD_X;
            if (r->kind != ROW_HEAD &&
                tc->maxw + ind + 2 * PAD_X > col->body_max)
                col->body_max = tc->maxw + ind + 2 * PAD_X;
        }
    }
    for (int j = 0; j < t->ncols; j++) {
        tcol *col = &t->cols[j];
        int32_t fw = col->fig_int + col->fig_tail + 2 * PAD_X;
        if (col->has_fig && fw > col->minw)
            col->minw = fw;
        if (col->has_fig && fw > col->maxw)
            col->maxw = fw;
        if (col->has_fig && fw > col->body_max)
            col->body_max = fw;
        if (col->fixed)
            col->minw = col->maxw = col->fixed;
        if (col->whole < col->minw)
            col->whole = col->minw;
        if (col->whole > col->maxw)
            col->whole = col->maxw;
    }
    /* spanning cells: the smallest width of every one, the largest of the
     * heads (a long group caption may wrap) */
    for (size_t i = 0; i < t->nrows; i++) {
        const trow *r = &t->rows[i];
        for (int k = 0; k < r->ncells; k++) {
            const tcell *tc = &r->cells[k];
            if (tc->span < 2)
                continue;
            int free_cols = 0;
            int64_t smin = 0, smax = 0;
            for (int j = tc->col; j < tc->col + tc->span; j++) {
                smin += t->cols[j].minw;
                smax += t->cols[j].maxw;
                free_cols += t->cols[j].fixed == 0;
            }
            if (free_cols == 0)
                continue;
            int64_t dmin = tc->minw + 2 * PAD_X - smin;
            int64_t dmax =
                r->kind == ROW_HEAD ? tc->maxw + 2 * PAD_X - smax : 0;
            for (int j = tc->col; j < tc->col + tc->span; j++) {
                tcol *col = &t->cols[j];
                if (col->fixed)
                    continue;
                if (dmin > 0)
                    col->minw += (int32_t)(dmin / free_cols);
                if (dmax > 0)
                    col->maxw += (int32_t)(dmax / free_cols);
                if (col->maxw < col->minw)
                    col->maxw = col->minw;
            }
        }
    }
}

/* Shares room out among the share columns (bredd="2*") in proportion to
 * their shares, none narrower than its smallest width. */
static void share_out(tbl *t, int64_t room)
{
    for (int j = 0; j < t->ncols; j++)
        t->cols[j].placed = t->cols[j].share == 0;
    for (int pass = 0; pass <= t->ncols; pass++) {
        int64_t shares = 0, left = room;
        for (int j = 0; j < t->ncols; j++) {
            if (!t->cols[j].share)
                continue;
            if (t->cols[j].placed)
                left -= t->cols[j].w;
            else
                shares += t->cols[j].share;
        }
        if (shares == 0)
            return;
        bool changed = false;
        for (int j = 0; j < t->ncols; j++) {
            tcol *col = &t->cols[j];
            if (col->placed)
                continue;
            if (left * col->share / shares < col->minw) {
                col->w = col->minw;
                col->placed = changed = true;
            }
        }
        if (changed)
            continue;
        for (int j = 0; j < t->ncols; j++) {
            tcol *col = &t->cols[j];
            if (!col->placed) {
                col->w = (int32_t)(left * col->share / shares);
                col->placed = true;
            }
        }
        return;
    }
}

/* Shares the measure out among the columns. Fixed columns get their width;
 * when every other column can have its largest width, share columns split
 * what is left in proportion (without share columns, the text columns
 * take it); otherwise every column gets its smallest width, then the
 * row-header column its labels' width (up to two fifths of the measure)
 * and the column heads their words unhyphenated, and the rest goes to the
 * columns in proportion to what they still want.
 * Returns false when even the smallest widths do not fit, and when the
 * row labels would wrap at the size the table was first tried at or half
 * a point below it (a slightly smaller size reads better than labels on
 * two lines). */
static bool compute_widths(tbl *t, int32_t avail)
{
    if (!t->first_size)
        t->first_size = t->size;
    natural_widths(t);
    int64_t fixed = 0, amin = 0, amax = 0, smin = 0, summin = 0;
    int64_t textmax = 0;
    int last = -1; /* the last column that is not fixed */
    for (int j = 0; j < t->ncols; j++) {
        tcol *col = &t->cols[j];
        summin += col->minw;
        if (col->fixed) {
            col->w = col->fixed;
            fixed += col->fixed;
            continue;
        }
        last = j;
        if (col->share) {
            smin += col->minw;
            continue;
        }
        amin += col->minw;
        amax += col->maxw;
        if (!numeric(col->type))
            textmax += col->maxw;
    }
    int64_t room = avail - fixed;
    if (amin + smin > room) {
        for (int j = 0; j < t->ncols; j++)
            t->cols[j].w = (int32_t)((int64_t)t->cols[j].minw * avail /
                                     (summin ? summin : 1));
        return false;
    }
    if (amax + smin <= room) {
        int64_t extra = room - amax - smin;
        bool shares = smin > 0;
        for (int j = 0; j < t->ncols; j++) {
            tcol *col = &t->cols[j];
            if (col->fixed || col->share)
                continue;
            int64_t add = 0;
            if (!shares && textmax > 0)
                add = !numeric(col->type) ? extra * col->maxw / textmax : 0;
            else if (!shares)
                add = extra * col->maxw / (amax ? amax : 1);
            col->w = col->maxw + (int32_t)add;
        }
        if (shares)
            share_out(t, room - amax);
    } else {
        int64_t rest = room - amin - smin;
        for (int j = 0; j < t->ncols; j++)
            if (!t->cols[j].fixed)
                t->cols[j].w = t->cols[j].minw;
        /* the row labels' room (up to two fifths of the measure) and
         * the heads' whole words: labels first when they fit only with
         * the heads hyphenated (a driftsredovisning), whole words first
         * when the labels wrap anyway (long indicator names) */
        int rh = row_header_col(t);
        int64_t label = 0, words = 0;
        bool capped = false;
        if (rh >= 0) {
            const tcol *col = &t->cols[rh];
            int64_t target =
                col->body_max < col->maxw ? col->body_max : col->maxw;
            capped = target > (int64_t)avail * 2 / 5;
            if (capped)
                target = (int64_t)avail * 2 / 5;
            label = target > col->w ? target - col->w : 0;
            if (!capped && label > rest && t->size > t->first_size - 1000)
                return false; /* labels would wrap: try a smaller size
                                 first (down to 1 pt smaller) */
        }
        for (int j = 0; j < t->ncols; j++)
            if (!t->cols[j].fixed)
                words += t->cols[j].whole - t->cols[j].w;
        bool labels_first = !capped && label + words > rest;
        for (int step = 0; step < 2; step++) {
            if ((step == 0) == labels_first && rh >= 0) {
                int64_t give = label < rest ? label : rest;
                t->cols[rh].w += (int32_t)give;
                rest -= give;
                continue;
            }
            int64_t avail_w = words < rest ? words : rest;
            for (int j = 0; words > 0 && j < t->ncols; j++) {
                tcol *col = &t->cols[j];
                if (col->fixed || col->whole <= col->w)
                    continue;
                int64_t give = avail_w * (col->whole - col->w) / words;
                col->w += (int32_t)give;
                rest -= give;
            }
            words = 0;
        }
        int64_t want = 0;
        for (int j = 0; j < t->ncols; j++)
            if (!t->cols[j].fixed && t->cols[j].maxw > t->cols[j].w)
                want += t->cols[j].maxw - t->cols[j].w;
        for (int j = 0; want > 0 && j < t->ncols; j++) {
            tcol *col = &t->cols[j];
            if (!col->fixed && col->maxw > col->w)
                col->w += (int32_t)(rest * (col->maxw - col->w) / want);
        }
    }
    /* what rounding left over: the table ends at the measure */
    int64_t sum = 0;
    for (int j = 0; j < t->ncols; j++)
        sum += t->cols[j].w;
    if (last >= 0 && sum < avail)
        t->cols[last].w += (int32_t)(avail - sum);
    return true;
}

static int32_t cell_width(const tbl *t, const tcell *tc)
{
    int32_t w = 0;
    for (int j = tc->col; j < tc->col + tc->span && j < t->ncols; j++)
        w += t->cols[j].w;
    return w;
}

static void ll_add(line_list *ll, const line_info *li)
{
    if (ll->n == ll->cap) {
        ll->cap = ll->cap ? ll->cap * 2 : 4;
        ll->v = xrealloc(ll->v, ll->cap * sizeof *ll->v);
    }
    ll->v[ll->n++] = *li;
}

/* A column head with hyphenation points (hyphenate_heads), broken
 * greedily: a head is a word or three, and each line takes what fits,
 * breaking at a space or at a hyphenation point (the line then ends in
 * "-", emit_line adds it and the whole word as ActualText). */
static void break_head(lctx *c, const frag_list *fl, int32_t measure,
                       line_list *out)
{
    static const uint32_t hy = '-';
    out->n = 0;
    size_t n = fl->n, s = 0;
    while (s < n && fl->v[s].type == FRAG_GLUE)
        s++;
    while (s < n) {
        line_info best;
        memset(&best, 0, sizeof best);
        size_t at = n;
        bool have = false;
        int64_t w = 0;
        int nglue = 0;
        for (size_t i = s; i <= n; i++) {
            const frag *f = i < n ? &fl->v[i] : NULL;
            bool brk = !f || (f->type == FRAG_GLUE && !f->nobreak && i > s &&
                              fl->v[i - 1].type == FRAG_TEXT);
            if (brk) {
                int32_t lw = (int32_t)w;
                if (f && f->hyphen)
                    lw += layout_text_width(c, fl->v[i - 1].font,
                                            fl->v[i - 1].size, &hy, 1);
                if (have && lw > measure)
                    break;
                best.start = s;
                best.end = i;
                best.width = lw;
                best.nglue = nglue;
                best.hyphenated = f && f->hyphen;
                best.overfull = lw > measure;
                at = i;
                have = true;
                if (!f || f->forced)
                    break;
            }
            if (!f)
                break;
            w += f->width;
            if (f->type == FRAG_GLUE && f->visible_space)
                nglue++;
        }
        ll_add(out, &best);
        s = at + 1;
        while (s < n && fl->v[s].type == FRAG_GLUE)
            s++;
    }
    if (out->n > 0)
        out->v[out->n - 1].last = true;
}

/* Whether every cell of r but the first is empty. */
static bool rest_empty(const trow *r)
{
    for (int k = 1; k < r->ncells; k++)
        if (r->cells[k].fl.n > 0)
            return false;
    return true;
}

/* Breaks every cell and computes row heights. */
static void break_cells(lctx *c, tbl *t)
{
    for (size_t i = 0; i < t->nrows; i++) {
        trow *r = &t->rows[i];
        int32_t maxh = t->leading;
        for (int k = 0; k < r->ncells; k++) {
            tcell *tc = &r->cells[k];
            int32_t w = cell_width(t, tc) - 2 * PAD_X - indent_of(r, tc);
            if (k == 0 && r->kind == ROW_GROUP && rest_empty(r)) {
                /* a group heading row with its text alone: the width of
                 * the table, not of its first column */
                int32_t all = 0;
                for (int j = 0; j < t->ncols; j++)
                    all += t->cols[j].w;
                w = all - 2 * PAD_X - indent_of(r, tc);
            }
            tc->ll.n = 0;
            if (tc->fl.n > 0 && tc->hyph)
                break_head(c, &tc->fl, w, &tc->ll);
            else if (tc->fl.n > 0)
                break_lines_mode(c, &tc->fl, w, BREAK_RAGGED, &tc->ll);
            trim_cell(tc);
            int32_t ch = cell_lines_h(tc, t->leading, c->st->cell_para_space);
            if (ch > maxh)
                maxh = ch;
        }
        r->h = maxh + 2 * PAD_Y;
    }
}

/* Where a line of a cell starts, the cell at cx, w wide: text from the
 * left after the row's indent, a spanning head centred, a figure with its
 * units digit on the column's units position (the right padding less the
 * column's widest tail), so that decimal commas, the last digits of whole
 * numbers and missing-value marks stand on one vertical; other text of a
 * numeric column (its heads) ends at the right edge of the figures. Never
 * left of the cell's padding. */
static int32_t line_x(const tbl *t, const trow *r, const tcell *tc,
                      const line_info *li, int32_t cx, int32_t w)
{
    int32_t left = cx + PAD_X + indent_of(r, tc), right = cx + w - PAD_X;
    int32_t x = left;
    if (tc->figure && tc->ll.n == 1)
        x = right - t->cols[tc->col].fig_tail - (li->width - tc->tail);
    else if (tc->align == 1)
        x = left + (right - left - li->width) / 2;
    else if (tc->align == 2)
        x = right - li->width;
    return x < left ? left : x;
}

/* emit_line at an explicit x: the line as it is, neither justified nor
 * aligned by emit_line (measure only decides whether it counts as
 * overfull in layout_stats). */
static void emit_line_at(lctx *c, lpage *pg, const frag_list *fl,
                         const line_info *li, int32_t x, int32_t baseline,
                         int32_t measure)
{
    emit_line(c, pg, fl, li, x, baseline, measure, false, 0, false);
}

/* The status symbol, boxes [from, pg->n) of its cell's first line, reads
 * as nothing (an empty ActualText, PDF 32000-1 14.9.4): copied text and a
 * screen reader get the word alone, not "black circle". */
static void silence_symbol(lpage *pg, size_t from, uint32_t symbol)
{
    static const uint32_t nothing[1] = {0};
    for (size_t i = from; i < pg->n; i++) {
        lbox *b = &pg->boxes[i];
        if (b->kind == LBOX_TEXT && b->n > 0 && b->cps[0] == symbol) {
            b->actual = nothing;
            b->nactual = 0;
            return;
        }
    }
}

static void draw_row(lctx *c, const tbl *t, const trow *r, int32_t x0,
                     int32_t y0)
{
    lpage *pg = c->pg;
    /* 0: a repeated header row, an artifact (continue_page) */
    uint32_t row_se = c->se;
    if (r->kind == ROW_HEAD) {
        lbox *b = page_add(c, pg, LBOX_RECT);
        b->x = x0;
        b->y = y0;
        b->w = c->measure;
        b->h = r->h;
        b->color = c->st->header_fill;
    }
    if (r->kind == ROW_SUM) {
        layout_add_rule(c, pg, x0, y0, c->measure, 500, c->st->rule_color);
    }
    for (int k = 0; k < r->ncells; k++) {
        const tcell *tc = &r->cells[k];
        int32_t cx = x0;
        for (int j = 0; j < tc->col; j++)
            cx += t->cols[j].w;
        int32_t w = cell_width(t, tc);
        int32_t ind = indent_of(r, tc);
        int32_t y = y0 + PAD_Y;
        c->se = row_se ? tc->se : 0;
        if (r->kind == ROW_HEAD) {
            /* heads stand on the row's last baseline (bottom-aligned):
             * the column heads of a row read as one line */
            int32_t lines =
                t->leading > 0 ? (r->h - 2 * PAD_Y) / t->leading : 0;
            if (lines > (int32_t)tc->ll.n)
                y += (lines - (int32_t)tc->ll.n) * t->leading;
        }
        /* the space between paragraphs where the row has it (not in the
         * parts of a row split across pages) */
        int32_t ps = c->st->cell_para_space;
        bool spaced =
            ps > 0 && r->h - 2 * PAD_Y >= cell_lines_h(tc, t->leading, ps);
        for (size_t q = 0; q < tc->ll.n; q++) {
            const line_info *li = &tc->ll.v[q];
            size_t from = pg->n;
            if (spaced && q > 0 && starts_paragraph(tc, li))
                y += ps;
            emit_line_at(c, pg, &tc->fl, li, line_x(t, r, tc, li, cx, w),
                         y + t->leading / 2 + t->size * 3 / 10,
                         w - 2 * PAD_X - ind);
            if (q == 0 && tc->symbol)
                silence_symbol(pg, from, tc->symbol);
            y += t->leading;
        }
        if (r->kind == ROW_HEAD && tc->span > 1) {
            /* a rule under a spanning header groups its columns */
            layout_add_rule(c, pg, cx + PAD_X, y0 + r->h - 300, w - 2 * PAD_X,
                            300, c->st->rule_color);
        }
    }
    c->se = row_se;
}

/* The structure of the table's rows (ISO 32000-1 14.8.4.3.4, PDF/UA-1
 * 7.5): the header rows in THead, their cells TH with Scope Column; the
 * other rows in TBody, the row label column's cells (and a group's
 * heading) TH with Scope Row, the rest TD; a spanning cell has ColSpan.
 * A table broken over pages stays one Table: its repeated header rows
 * are artifacts. */
enum {
    TBODY_ROWS = 8191
}; /* the longest array of PDF/A-1 (ISO 19005-1 6.1.12) */

static void tag_rows(lctx *c, tbl *t, size_t nhead, uint32_t tab)
{
    int rh = row_header_col(t);
    uint32_t thead = nhead ? layout_se_new(c, "THead", tab) : 0;
    uint32_t tbody = nhead < t->nrows ? layout_se_new(c, "TBody", tab) : 0;
    for (size_t i = 0; i < t->nrows; i++) {
        trow *r = &t->rows[i];
        bool head = i < nhead;
        /* a Table may have several TBody (ISO 32000-1 Table 337): a new
         * one every TBODY_ROWS rows keeps each K array far below
         * libharu's limit of 32767 entries */
        if (!head && i > nhead && (i - nhead) % TBODY_ROWS == 0)
            tbody = layout_se_new(c, "TBody", tab);
        r->se = layout_se_new(c, "TR", head ? thead : tbody);
        for (int k = 0; k < r->ncells; k++) {
            tcell *tc = &r->cells[k];
            bool th =
                head || tc->col == rh || (r->kind == ROW_GROUP && tc->col == 0);
            uint32_t e = layout_se_new(c, th ? "TH" : "TD", r->se);
            lelem *el = layout_elem(c->ld, e);
            if (th)
                el->scope = head ? LSCOPE_COLUMN : LSCOPE_ROW;
            layout_se_set_colspan(c, e, tc->span);
            tc->se = e;
        }
    }
}

/* The caption "Tabell N. Text (belopp i tkr)" broken into lines. */
static void caption_lines(lctx *c, const doc_node *tn, const doc_node *cap,
                          int32_t measure, frag_list *out, line_list *ll)
{
    const layout_style *st = c->st;
    frag_list fl = {0};
    inline_style is = {st->table_font, CAP_SIZE, st->heading_color, true,
                       false};
    /* "Tabell 3. Text (belopp i tkr)"; without a caption text no full
     * stop: "Tabell 3" or "Tabell 3 (belopp i tkr)" */
    bool has_text = resolved_caption(c->res, tn)[0] != '\0';
    frags_from_text(c, resolved_label(c->res, tn), is, &fl);
    is.bold = false;
    if (has_text)
        frags_from_inline(c, cap, is, &fl);
    const char *unit = resolved_unit_note(c->res, tn);
    if (unit)
        frags_from_text(c, unit, is, &fl);
    break_lines_mode(c, &fl, measure, BREAK_HEADING, ll);
    *out = fl;
}

/* --- page breaks -----------------------------------------------------------
 *
 * A table is laid out for its measure into one block of items for the
 * paginator's rows mode (layout_paginate.c): the caption (with the
 * table's top rule under it), the header rows, a rule under them, the
 * rows, the bottom rule and the source note's lines. The rules a
 * typographer sets for breaking it are the items' data:
 *  - a total row (summa, varav) never starts a page, and a page never
 *    ends on a group heading row: the row before is marked avoid_break;
 *  - at least two rows stand after a break (the row before the last is
 *    marked too), and the caption's claim gives the first page its
 *    header and two rows (the whole of a table of up to five rows);
 *  - the source note stays with the last row (its room_after);
 *  - the header rows and a "Tabell N (forts.)" line repeat at the top of
 *    every page the table continues on (unless upprepa-huvud="nej"), under
 *    a bottom rule at the foot of the page before. A header so tall that a
 *    repeated header would leave no room for a row is not repeated, and
 *    ARS-22 says so.
 * A row taller than a page is split by the paginator, line by line
 * (emit_part). Footnotes referenced in a row's cells count as part of
 * the row (its refs). */

enum { HEAD_RULE = 500 };

/* What the table's items draw. */
typedef struct {
    const tbl *t;
    const doc_node *tn;
    size_t nhead;
    frag_list cap_fl, src_fl;
    line_list cap_ll, src_ll;
    uint32_t saved; /* the element the table is in */
    uint32_t tab;   /* its Table element, made when its caption is set */
} table_lay;

static void rule_at(lctx *c, int32_t x, int32_t y, int32_t h)
{
    layout_add_rule(c, c->pg, x, y, c->measure, h, c->st->rule_color);
}

/* The caption at y with the table's top rule under it; the table's
 * structure elements are made here, when it is placed. */
static void caption_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)repeat;
    table_lay *tl = (table_lay *)it->obj;
    tl->saved = layout_se_begin(c, resolved_role(c->res, tl->tn));
    tl->tab = c->se;
    uint32_t cap_se = layout_se_new(c, "Caption", tl->tab);
    tag_rows(c, (tbl *)tl->t, tl->nhead, tl->tab);
    lbox *dest = page_add(c, c->pg, LBOX_DEST);
    dest->x = c->x0;
    dest->y = y;
    dest->target = layout_dest_name(c, tl->tn);
    c->se = cap_se;
    for (size_t i = 0; i < tl->cap_ll.n; i++) {
        emit_line(c, c->pg, &tl->cap_fl, &tl->cap_ll.v[i], c->x0,
                  layout_baseline(y, CAP_LEADING, CAP_SIZE), c->measure, false,
                  0, false);
        y += CAP_LEADING;
    }
    c->se = tl->tab;
    rule_at(c, c->x0, y + CAP_AFTER, 800); /* top rule */
}

/* "Tabell N (forts.)" at the top of a continuation page, the top rule
 * under it. */
static void continued_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)repeat;
    const table_lay *tl = it->obj;
    frag_list fl = {0};
    line_list ll = {0};
    inline_style is = {c->st->table_font, CAP_SIZE, c->st->heading_color, true,
                       false};
    frags_from_text(c, resolved_continued(c->res, tl->tn), is, &fl);
    is.bold = false;
    frags_from_text(c, resolve_word(c->lang, WORD_CONTINUED), is, &fl);
    break_lines_mode(c, &fl, c->measure, BREAK_HEADING, &ll);
    if (ll.n > 0) {
        emit_line(c, c->pg, &fl, &ll.v[0], c->x0,
                  layout_baseline(y, CAP_LEADING, CAP_SIZE), c->measure, false,
                  0, false);
    }
    free(ll.v);
    free(fl.v);
    rule_at(c, c->x0, y + it->h, 800); /* the table's top rule */
}

static void row_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    /* a repeated row is drawn with c->se 0: an artifact */
    const table_lay *tl = it->obj;
    const trow *r = &tl->t->rows[it->idx];
    if (!repeat && r->ncells > 0) /* the row (or group), for a draft */
        layout_mark_node(c, doc_node_parent(r->cells[0].node), y);
    draw_row(c, tl->t, r, c->x0, y);
}

/* Lines [l0, l0 + n) of every cell of a row split across pages. */
static void row_part_emit(lctx *c, const lf_item *it, int32_t y, int32_t l0,
                          int32_t n)
{
    const table_lay *tl = it->obj;
    const tbl *t = tl->t;
    const trow *r = &t->rows[it->idx];
    if (l0 == 0 && r->ncells > 0) /* the row, for a draft */
        layout_mark_node(c, doc_node_parent(r->cells[0].node), y);
    tcell cells[16];
    tcell *pc =
        r->ncells <= 16 ? cells : xcalloc((size_t)r->ncells, sizeof *pc);
    for (int k = 0; k < r->ncells; k++) {
        pc[k] = r->cells[k];
        size_t cn = r->cells[k].ll.n;
        size_t a = (size_t)l0 < cn ? (size_t)l0 : cn;
        size_t e = (size_t)(l0 + n) < cn ? (size_t)(l0 + n) : cn;
        /* an empty cell's list may have no array at all */
        pc[k].ll.v = r->cells[k].ll.v ? r->cells[k].ll.v + a : NULL;
        pc[k].ll.n = e - a;
    }
    trow piece = *r;
    piece.cells = pc;
    piece.h = n * t->leading + 2 * PAD_Y;
    draw_row(c, t, &piece, c->x0, y);
    if (pc != cells)
        free(pc);
}

/* The rule under the header rows (no height of its own). */
static void head_rule_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)it;
    (void)repeat;
    rule_at(c, c->x0, y, HEAD_RULE);
}

/* The bottom rule at the foot of a page the table breaks at. */
static void break_rule_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)it;
    (void)repeat;
    rule_at(c, c->x0, y, 800);
}

/* The table's bottom rule; the source note after it is a paragraph
 * outside the Table. */
static void end_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)repeat;
    const table_lay *tl = it->obj;
    rule_at(c, c->x0, y, 800);
    c->se = tl->saved;
    if (tl->src_ll.n)
        layout_se_begin(c, "P");
}

static void source_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)repeat;
    const table_lay *tl = it->obj;
    const layout_style *st = c->st;
    emit_line(c, c->pg, &tl->src_fl, it->li, c->x0,
              layout_baseline(y, st->note_leading, st->note_size), c->measure,
              false, 0, false);
}

static bool may_break_before(const tbl *t, size_t nhead, size_t b)
{
    const trow *rows = t->rows;
    if (rows[b].kind == ROW_SUM || rows[b].kind == ROW_VARAV)
        return false; /* a total, or a varav row apart from its row */
    if (b > nhead && rows[b - 1].kind == ROW_GROUP)
        return false;
    return t->nrows - b >= 2;
}

/* A row as an item: drawn by row_emit, split by row_part_emit, its
 * cells' footnotes in refs. */
static lf_item row_item(table_lay *tl, const tbl *t, size_t i, lf_noteref *refs)
{
    const trow *r = &t->rows[i];
    for (int k = 0; k < r->ncells; k++)
        refs[k] = (lf_noteref){&r->cells[k].fl, &r->cells[k].ll};
    /* the space between paragraphs counts as padding: the lines of a row
     * split across pages are its most lines */
    size_t maxlines = 1;
    for (int k = 0; k < r->ncells; k++)
        if (r->cells[k].ll.n > maxlines)
            maxlines = r->cells[k].ll.n;
    int32_t pad = r->h - (int32_t)maxlines * t->leading;
    return (lf_item){.h = r->h,
                     .refs = refs,
                     .nrefs = (size_t)r->ncells,
                     .emit = row_emit,
                     .emit_part = row_part_emit,
                     .unit = t->leading,
                     .pad = pad > 2 * PAD_Y ? pad : 2 * PAD_Y,
                     .obj = tl,
                     .idx = i};
}

/* TAB-03: a table too wide for a landscape page at the smallest size:
 * how wide its narrowest setting is against the text block. */
static void warn_too_wide(lctx *c, const tbl *t, const doc_node *tn,
                          int32_t measure)
{
    int64_t need = 0;
    for (int j = 0; j < t->ncols; j++)
        need += t->cols[j].minw;
    diag *d = diag_add(c->dl, DIAG_WARNING, doc_path(c->d), doc_node_line(tn),
                       doc_node_col(tn), "TAB-03", MSG_LAYOUT_TABLE_TOO_WIDE,
                       (int)((need + MPT_PER_MM - 1) / MPT_PER_MM),
                       (int)(measure / MPT_PER_MM), t->ncols);
    diag_hint(c->dl, d, MSG_LAYOUT_TABLE_TOO_WIDE_HINT);
}

void layout_table(lctx *c, const doc_node *tn)
{
    const layout_style *st = c->st;
    tbl t;
    memset(&t, 0, sizeof t);
    int ncols = 0;
    for (const doc_node *x = doc_node_first_child(tn); x; x = doc_node_next(x))
        if (doc_node_kind(x) == DOC_COLUMN)
            ncols++;
    if (ncols == 0)
        return;
    t.ncols = ncols;
    t.cols = xcalloc((size_t)ncols, sizeof *t.cols);
    t.calc = doc_table_calc(c->d, tn);
    int j = 0;
    bool has_head = doc_node_child(tn, DOC_HEADROW) != NULL;
    bool any_col_text = false;
    for (const doc_node *x = doc_node_first_child(tn); x;
         x = doc_node_next(x)) {
        if (doc_node_kind(x) != DOC_COLUMN)
            continue;
        tcol *col = &t.cols[j++];
        col->type = col_type_of(x);
        const char *dec = doc_node_attr(x, "decimaler");
        col->decimals = dec ? atoi(dec) : -1;
        col->node = x;
        col_width_spec(col, doc_node_attr(x, "bredd"));
        if (doc_node_first_child(x))
            any_col_text = true;
    }
    /* try sizes from the style's table size down to the floor on the
     * portrait text block; a table that fits nowhere there is set on
     * landscape pages of its own, tried again from the style's size down
     * to the floor. A smaller size is preferred to a turned page, which
     * the reader must turn the document for and which breaks the flow;
     * the floor is the smallest size still comfortable to read. A table
     * too wide even for that is squeezed on landscape pages (its words
     * broken, nothing runs into the margin) and warned about (TAB-03). */
    int32_t measure = c->measure;
    int32_t land = layout_page_measure(c, true);
    bool turn = false, squeezed = false;
    int32_t size = st->table_size;
    for (;;) {
        t.size = size;
        t.leading = size * 128 / 100;
        free_cells(&t);
        if (!has_head && any_col_text) {
            trow *r = add_row(&t, ROW_HEAD, ncols);
            for (int k = 0; k < ncols; k++)
                r->cells[r->ncells++] =
                    (tcell){.node = t.cols[k].node, .col = k, .span = 1};
        }
        collect_rows(c, &t, tn, 0);
        build_cells(c, &t);
        bool fits = compute_widths(&t, measure);
        if (fits)
            break;
        if (size - 500 >= st->table_min_size) {
            size -= 500;
            continue;
        }
        if (!turn && land > measure) {
            turn = true;
            measure = land;
            size = st->table_size;
            continue;
        }
        squeezed = true;
        break;
    }
    if (squeezed)
        warn_too_wide(c, &t, tn, measure);
    break_cells(c, &t);

    /* header rows: the leading ROW_HEAD rows */
    size_t nhead = 0;
    while (nhead < t.nrows && t.rows[nhead].kind == ROW_HEAD)
        nhead++;
    int32_t head_h = 0;
    for (size_t i = 0; i < nhead; i++)
        head_h += t.rows[i].h;
    const char *rep = doc_node_attr(tn, "upprepa-huvud");
    bool repeat = !(rep && strcmp(rep, "nej") == 0);

    /* the source note, measured first: the last row keeps it on its page */
    const doc_node *src = doc_node_child(tn, DOC_SOURCE);
    frag_list src_fl = {0};
    line_list src_ll = {0};
    if (src) {
        inline_style is = {st->table_font, st->note_size, st->text_color, false,
                           true};
        frags_from_inline(c, src, is, &src_fl);
        break_lines_mode(c, &src_fl, measure, BREAK_RAGGED, &src_ll);
    }
    /* the note stands clear of the bottom rule (issue 24: it sat 1 pt
     * under it) */
    int32_t src_gap = src_ll.n ? SOURCE_GAP : 0;
    int32_t src_h = 1000 + src_gap + (int32_t)src_ll.n * st->note_leading;
    /* the caption stays with the header and the first two rows, and a
     * heading held for the table with all of them (the block's claim; the
     * space before the table is the block flow's) */
    const doc_node *cap = doc_node_child(tn, DOC_CAPTION);
    table_lay tl = {.t = &t, .tn = tn, .nhead = nhead};
    caption_lines(c, tn, cap, measure, &tl.cap_fl, &tl.cap_ll);
    tl.src_fl = src_fl;
    tl.src_ll = src_ll;
    /* two rows, or the whole of a table of up to five rows (with its
     * source note) when that takes at most a quarter of the page: a
     * taller one may be split rather than leave the space above it
     * empty (issue 24) */
    page_frame fr = layout_page_frame(st, turn);
    size_t keep = t.nrows - nhead <= 5 ? t.nrows - nhead : 2;
    int32_t whole = src_h;
    for (size_t i = nhead; i < t.nrows; i++)
        whole += t.rows[i].h;
    if (keep > 2 && whole * 4 > fr.bottom - fr.top)
        keep = 2;
    int32_t first_rows = 0;
    for (size_t i = nhead; i < t.nrows && i < nhead + keep; i++)
        first_rows += t.rows[i].h;
    if (src && nhead + keep == t.nrows)
        first_rows += src_h;
    /* a repeated header would leave no room for two lines of a row */
    int32_t capacity = fr.bottom - fr.top - CAP_LEADING - CAP_AFTER;
    if (repeat && head_h + HEAD_RULE + 2 * t.leading + 2 * PAD_Y > capacity) {
        diag *d =
            diag_add(c->dl, DIAG_WARNING, doc_path(c->d), doc_node_line(tn),
                     doc_node_col(tn), "ARS-22", MSG_LAYOUT_TABLE_HEAD_TALL);
        diag_hint(c->dl, d, MSG_LAYOUT_TABLE_HEAD_TALL_HINT);
        repeat = false;
    }

    /* the items: caption, header rows, the rule under them, the rows,
     * the bottom rule, the source note's lines */
    size_t ncells = 0;
    for (size_t i = 0; i < t.nrows; i++)
        ncells += (size_t)t.rows[i].ncells;
    lf_noteref *refs = xcalloc(ncells ? ncells : 1, sizeof *refs);
    size_t nref = 0;
    /* a turned table: on landscape pages of its own */
    lf_block b = {.flags = LF_ROWS | (turn ? LF_LANDSCAPE : 0)};
    b.claim = (int32_t)tl.cap_ll.n * CAP_LEADING + CAP_AFTER + 800 + head_h +
              first_rows;
    lf_push(&b, (lf_item){.h = (int32_t)tl.cap_ll.n * CAP_LEADING + CAP_AFTER,
                          .emit = caption_emit,
                          .obj = &tl});
    b.head_from = b.n;
    for (size_t i = 0; i < nhead; i++) {
        lf_push(&b, row_item(&tl, &t, i, refs + nref));
        nref += (size_t)t.rows[i].ncells;
    }
    b.head_to = b.n;
    b.head_whole = repeat;
    if (nhead)
        lf_push(&b, (lf_item){.emit = head_rule_emit, .obj = &tl});
    b.rows_from = b.n;
    for (size_t i = nhead; i < t.nrows; i++) {
        lf_item *it = lf_push(&b, row_item(&tl, &t, i, refs + nref));
        nref += (size_t)t.rows[i].ncells;
        it->avoid_break =
            i + 1 < t.nrows && !may_break_before(&t, nhead, i + 1);
        it->lone_first = t.rows[i].kind == ROW_SUM;
        if (i + 1 == t.nrows && src)
            it->room_after = src_h;
    }
    b.rows_to = b.n;
    for (size_t k = 0; k < b.n; k++)
        b.v[k].keep_next = true; /* the bottom rule follows the last row */
    lf_push(&b, (lf_item){.h = 1000 + src_gap, .emit = end_emit, .obj = &tl});
    for (size_t i = 0; i < src_ll.n; i++)
        lf_push(&b, (lf_item){.h = st->note_leading,
                              .li = &src_ll.v[i],
                              .emit = source_emit,
                              .obj = &tl});
    /* what every continuation page repeats, and the rule at a break */
    lf_block cont = {0};
    lf_push(&cont, (lf_item){.h = CAP_LEADING + CAP_AFTER,
                             .emit = continued_emit,
                             .obj = &tl});
    if (repeat) {
        for (size_t i = 0; i < nhead; i++)
            lf_push(&cont, (lf_item){.h = t.rows[i].h,
                                     .emit = row_emit,
                                     .obj = &tl,
                                     .idx = i});
        lf_push(&cont, (lf_item){.emit = head_rule_emit, .obj = &tl});
    }
    lf_item brk = {.emit = break_rule_emit, .obj = &tl};
    b.rep = cont.v;
    b.nrep = cont.n;
    b.brk = &brk;
    b.cont_top_h = CAP_LEADING + CAP_AFTER + (repeat ? head_h + HEAD_RULE : 0);
    pag_place(c, &b);
    c->se = tl.saved;
    lf_block_free(&b);
    lf_block_free(&cont);
    free(refs);
    free(tl.cap_ll.v);
    free(tl.cap_fl.v);
    free(src_ll.v);
    free(src_fl.v);
    free_cells(&t);
    free(t.cols);
    /* placed: its figures are not needed again (a chart of it later in
     * the document computes them anew), so memory does not grow with the
     * number of tables */
    doc_table_calc_release(c->d, tn);
}
