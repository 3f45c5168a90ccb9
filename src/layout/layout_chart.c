/*
 * layout_chart.c: charts (diagram) drawn from their table's data.
 *
 * A chart is one unit that never breaks, like a figure (one item the
 * paginator places whole): its caption "Diagram N. Text" above it (as
 * statistics offices set a chart's title, and as tables here are
 * captioned), a legend when there is more than one
 * series or a target, the plot, and under it the table's source note with
 * a sentence that sends the reader to the table ("Uppgifterna finns i
 * tabell 2."), so the figures are there as text too.
 *
 * The plot follows what SCB and Kolada publish: light grid lines at round
 * values (chart_axis.h), a darker zero line with negative bars below it,
 * no frame, no 3-D, no value labels on every bar. Missing values are
 * gaps: no bar, and a line that stops and starts again. Series differ by
 * pattern (solid, hatched, dotted bars) or marker shape (circle, square,
 * triangle, diamond; hollow after four) and dash as well as by colour, so
 * a chart reads in black and white and without colour vision. All text is
 * set at the table text size at least.
 *
 * Everything is boxes: the drawing as PATH boxes, the text as TEXT boxes
 * (so fonts, ToUnicode and text extraction work as for all other text).
 * Every box of a chart carries the chart's number, its part (graphic,
 * caption, note) and the alt text, so the PDF stage can tag the chart as
 * one Figure with its Caption. PATH boxes carry in info what they show
 * ("bar s=1 c=2", "grid v=20") for the layout dump and the tests.
 */
#include <stdlib.h>
#include <string.h>

#include "../model/chart.h"
#include "../resolve/chart_axis.h"
#include "layout_internal.h"

enum {
    CAP_SIZE = 10000, /* the caption, as a figure's and a table's */
    CAP_LEADING = 13000,
    CAP_GAP = 5000,      /* caption to legend or plot */
    LEGEND_GAP = 6000,   /* legend to plot */
    PLOT_H = 62 * 2835,  /* the plot of a vertical chart, 62 mm */
    TICK_GAP = 4000,     /* tick labels to the plot */
    LABEL_GAP = 3000,    /* plot to category labels */
    NOTE_GAP = 5000,     /* labels to the source note */
    SWATCH = 8000,       /* legend swatch of a bar */
    SWATCH_LINE = 18000, /* legend swatch of a line */
    ITEM_GAP = 12000,    /* between legend items */
    HBAR_H = 10000,      /* one bar of a horizontal chart */
    HBAR_PAD = 5000,     /* above and below a category's bars */
    GRID_W = 500,        /* grid line width */
    ZERO_W = 900,        /* the zero line */
    LINE_W = 1600,       /* a series' line */
    MARK_R = 2800,       /* a marker's radius */
    TARGET_W = 2200,     /* the target line */
    TARGET_DASH = 2000,  /* its dashes and gaps, short: the ends show one */
    TARGET_REACH = 6000, /* how far it reaches past a group's outer bars */
    LABEL_LINES = 4,     /* the most lines of a category label: a chart of
                            24 categories still fits on a page */
};

#define GRID_COLOR 0xD9D9D9u
#define AXIS_COLOR 0x404040u
#define TARGET_COLOR 0x1A1A1Au

void layout_chart_style_default(layout_style *st)
{
    /* dark blue, teal, dark orange, purple, dark green, dark red: each at
     * least 3:1 against white (WCAG 1.4.11), the first two 3:1 against
     * each other (the common two-series chart); beyond that no palette can
     * keep 3:1 between every pair on a white page, so the patterns and
     * marker shapes tell the series apart */
    static const uint32_t pal[6] = {0x1B3A6B, 0x2A9D8F, 0xB85C00,
                                    0x6A3D9A, 0x2E7D32, 0xB0243A};
    for (int i = 0; i < 6; i++)
        st->chart_colors[i] = pal[i];
    st->n_chart_colors = 6;
}

/* A block of text broken to a measure, set later. */
typedef struct {
    frag_list fl;
    line_list ll;
    int32_t width; /* the widest line */
} tblock;

static void tb_make(lctx *c, tblock *tb, const char *text, inline_style is,
                    int32_t measure)
{
    memset(tb, 0, sizeof *tb);
    frags_from_text(c, text, is, &tb->fl);
    break_lines_mode(c, &tb->fl, measure, BREAK_HEADING, &tb->ll);
    for (size_t i = 0; i < tb->ll.n; i++)
        if (tb->ll.v[i].width > tb->width)
            tb->width = tb->ll.v[i].width;
}

static void tb_free(tblock *tb)
{
    free(tb->fl.v);
    free(tb->ll.v);
}

/* Sets the block's lines from top y; align 0 left, 1 centre, 2 right
 * within [x, x + measure). Returns the height. */
static int32_t tb_emit(lctx *c, const tblock *tb, int32_t x, int32_t y,
                       int32_t measure, int32_t leading, int32_t size,
                       int align)
{
    for (size_t i = 0; i < tb->ll.n; i++)
        emit_line(c, c->pg, &tb->fl, &tb->ll.v[i], x,
                  layout_baseline(y + (int32_t)i * leading, leading, size),
                  measure, false, align, false);
    return (int32_t)tb->ll.n * leading;
}

/* A text of one line (labels of ticks and of the legend). */
static int32_t text_width(lctx *c, const char *text, inline_style is)
{
    frag_list fl = {0};
    frags_from_text(c, text, is, &fl);
    int32_t w = frags_width(&fl);
    free(fl.v);
    return w;
}

static void text_at(lctx *c, const char *text, inline_style is, int32_t x,
                    int32_t baseline, int align)
{
    tblock tb;
    tb_make(c, &tb, text, is, 1000 * MPT_PER_PT);
    if (tb.ll.n) {
        int32_t w = tb.ll.v[0].width;
        int32_t left = align == 2 ? x - w : align == 1 ? x - w / 2 : x;
        emit_line(c, c->pg, &tb.fl, &tb.ll.v[0], left, baseline, w, false, 0,
                  false);
    }
    tb_free(&tb);
}

/* --- paths ------------------------------------------------------------------
 */

static lbox *add_path(lctx *c, const int32_t *pts, uint32_t n, bool closed,
                      const char *info)
{
    int32_t *p = arena_alloc(c->a, sizeof *p * 2 * n);
    memcpy(p, pts, sizeof *p * 2 * n);
    lbox *b = page_add(c, c->pg, LBOX_PATH);
    int32_t x0 = p[0], x1 = p[0], y0 = p[1], y1 = p[1];
    for (uint32_t i = 1; i < n; i++) {
        x0 = p[2 * i] < x0 ? p[2 * i] : x0;
        x1 = p[2 * i] > x1 ? p[2 * i] : x1;
        y0 = p[2 * i + 1] < y0 ? p[2 * i + 1] : y0;
        y1 = p[2 * i + 1] > y1 ? p[2 * i + 1] : y1;
    }
    b->x = x0;
    b->y = y0;
    b->w = x1 - x0;
    b->h = y1 - y0;
    b->pts = p;
    b->npts = n;
    b->closed = closed;
    b->info = info;
    return b;
}

static void add_rect(lctx *c, int32_t x, int32_t y, int32_t w, int32_t h,
                     uint32_t color, lbox_pattern pat, const char *info)
{
    int32_t p[8] = {x, y, x + w, y, x + w, y + h, x, y + h};
    lbox *b = add_path(c, p, 4, true, info);
    b->fill = true;
    b->color = color;
    b->pattern = (uint8_t)pat;
    if (pat != LPAT_SOLID) {
        b->stroke = color;
        b->line_w = 800;
    }
}

static void add_line(lctx *c, int32_t x1, int32_t y1, int32_t x2, int32_t y2,
                     uint32_t color, int32_t width, int32_t dash,
                     const char *info)
{
    int32_t p[4] = {x1, y1, x2, y2};
    lbox *b = add_path(c, p, 2, false, info);
    b->stroke = color;
    b->line_w = width;
    b->dash = dash;
}

/* Marker shape k at (x, y): circle, square, triangle, diamond; from the
 * fifth series on the same shapes hollow. */
static void add_marker(lctx *c, int k, int32_t x, int32_t y, uint32_t color,
                       const char *info)
{
    int32_t p[32];
    uint32_t n = 0;
    int32_t r = MARK_R;
    switch (k % 4) {
    case 0: { /* a circle as a 16-gon: round at this size */
        static const int32_t cs[16][2] = {
            {1000, 0},  {924, 383},   {707, 707},   {383, 924},
            {0, 1000},  {-383, 924},  {-707, 707},  {-924, 383},
            {-1000, 0}, {-924, -383}, {-707, -707}, {-383, -924},
            {0, -1000}, {383, -924},  {707, -707},  {924, -383}};
        for (int i = 0; i < 16; i++) {
            p[n * 2] = x + cs[i][0] * r / 1000;
            p[n * 2 + 1] = y + cs[i][1] * r / 1000;
            n++;
        }
        break;
    }
    case 1: { /* a square of the circle's area, a little smaller */
        int32_t s = r * 886 / 1000;
        int32_t q[8] = {x - s, y - s, x + s, y - s, x + s, y + s, x - s, y + s};
        memcpy(p, q, sizeof q);
        n = 4;
        break;
    }
    case 2: { /* a triangle pointing up, a little larger to look as big */
        int32_t s = r * 1300 / 1000;
        int32_t q[6] = {
            x,        y - s, x + s * 866 / 1000, y + s / 2, x - s * 866 / 1000,
            y + s / 2};
        memcpy(p, q, sizeof q);
        n = 3;
        break;
    }
    default: { /* a diamond */
        int32_t s = r * 1200 / 1000;
        int32_t q[8] = {x, y - s, x + s, y, x, y + s, x - s, y};
        memcpy(p, q, sizeof q);
        n = 4;
        break;
    }
    }
    lbox *b = add_path(c, p, n, true, info);
    b->fill = true;
    b->stroke = color;
    b->line_w = 900;
    b->color = k >= 4 ? 0xFFFFFF : color;
}

static uint32_t ser_color(const lctx *c, int s)
{
    int n = c->st->n_chart_colors > 0 ? c->st->n_chart_colors : 1;
    return c->st->n_chart_colors > 0 ? c->st->chart_colors[s % n] : 0x1B3A6Bu;
}

static lbox_pattern ser_pattern(int s)
{
    static const lbox_pattern p[3] = {LPAT_SOLID, LPAT_HATCH, LPAT_DOTS};
    return p[s % 3];
}

static int32_t ser_dash(int s)
{
    static const int32_t d[4] = {0, 4000, 1500, 6000};
    return d[s % 4];
}

/* --- the legend ----------------------------------------------------------- */

typedef struct {
    int n;
    const char **label;
    int *ser; /* series index, or -1 for the target */
    int32_t *x, *row, *w;
    int rows;
} legend;

static int32_t swatch_w(const chart_data *cd)
{
    return cd->type == CHART_LINE ? SWATCH_LINE : SWATCH;
}

/* Places the legend's items in rows within measure (measuring only). */
static void legend_plan(lctx *c, const chart_data *cd, inline_style is,
                        int32_t measure, legend *lg)
{
    memset(lg, 0, sizeof *lg);
    bool tgt = cd->type == CHART_BAR_TARGET;
    if (cd->nser < 2 && !tgt)
        return;
    int n = cd->nser + (tgt ? 1 : 0);
    lg->n = n;
    lg->label = arena_alloc(c->a, sizeof(char *) * (size_t)n);
    lg->ser = arena_alloc(c->a, sizeof(int) * (size_t)n);
    lg->x = arena_alloc(c->a, sizeof(int32_t) * (size_t)n);
    lg->row = arena_alloc(c->a, sizeof(int32_t) * (size_t)n);
    lg->w = arena_alloc(c->a, sizeof(int32_t) * (size_t)n);
    int32_t x = 0;
    int row = 0;
    for (int i = 0; i < n; i++) {
        bool t = i == cd->nser;
        lg->ser[i] = t ? -1 : i;
        lg->label[i] =
            t ? (cd->target_label ? cd->target_label
                                  : resolve_word(c->lang, WORD_CHART_TARGET))
              : cd->ser_label[i];
        int32_t w = (t ? SWATCH_LINE : swatch_w(cd)) + 3000 +
                    text_width(c, lg->label[i], is);
        if (x > 0 && x + w > measure) {
            x = 0;
            row++;
        }
        lg->x[i] = x;
        lg->row[i] = row;
        lg->w[i] = w;
        x += w + ITEM_GAP;
    }
    lg->rows = row + 1;
}

static void legend_emit(lctx *c, const chart_data *cd, const legend *lg,
                        inline_style is, int32_t x0, int32_t y)
{
    int32_t lead = c->st->table_leading, size = c->st->table_size;
    for (int i = 0; i < lg->n; i++) {
        int32_t x = x0 + lg->x[i], top = y + lg->row[i] * lead;
        int32_t mid = top + lead / 2;
        int s = lg->ser[i];
        const char *info = arena_printf(c->a, "legend s=%d", s + 1);
        int32_t sw;
        if (s < 0) {
            sw = SWATCH_LINE;
            add_line(c, x, mid, x + sw, mid, TARGET_COLOR, TARGET_W,
                     TARGET_DASH, info);
        } else if (cd->type == CHART_LINE) {
            sw = SWATCH_LINE;
            add_line(c, x, mid, x + sw, mid, ser_color(c, s), LINE_W,
                     ser_dash(s), info);
            add_marker(c, s, x + sw / 2, mid, ser_color(c, s), info);
        } else {
            sw = SWATCH;
            add_rect(c, x, mid - SWATCH / 2, SWATCH, SWATCH, ser_color(c, s),
                     ser_pattern(s), info);
        }
        text_at(c, lg->label[i], is, x + sw + 3000,
                layout_baseline(top, lead, size), 0);
    }
}

/* --- the chart ------------------------------------------------------------ */

static double value_range(const chart_data *cd, double *vmax)
{
    double lo = 0, hi = 0;
    size_t n = (size_t)cd->nser * (size_t)cd->ncat;
    for (size_t i = 0; i < n; i++) {
        if (cd->has[i]) {
            lo = cd->val[i] < lo ? cd->val[i] : lo;
            hi = cd->val[i] > hi ? cd->val[i] : hi;
        }
        if (cd->has_target[i] && cd->type == CHART_BAR_TARGET) {
            lo = cd->target[i] < lo ? cd->target[i] : lo;
            hi = cd->target[i] > hi ? cd->target[i] : hi;
        }
    }
    *vmax = hi;
    return lo;
}

/* Position of value v on an axis of length len from the lo end (mpt). */
static int32_t axis_pos(const chart_axis *ax, double v, int32_t len)
{
    double f = (v - ax->lo) / (ax->hi - ax->lo);
    /* every value lies on the axis (chart_axis_make covers them all, and
     * chart_read gives only values under the axis limit, 10^15); a value
     * off it would be drawn over the page, so it stops at the end */
    if (!(f >= 0))
        f = 0;
    else if (f > 1)
        f = 1;
    double p = f * len;
    return (int32_t)(p < 0 ? p - 0.5 : p + 0.5);
}

/* A vertical chart: stapel, stapel-mal, linje. Draws from top y with the
 * plot's left edge at px, right edge at pr; returns the height used. */
static void plot_vertical(lctx *c, const chart_data *cd, const chart_axis *ax,
                          inline_style is, int32_t px, int32_t pr, int32_t ptop,
                          int32_t ph)
{
    int nt = chart_axis_nticks(ax);
    char buf[64];
    /* grid lines and tick labels (the zero line drawn after the bars) */
    for (int i = 0; i < nt; i++) {
        double v = chart_axis_tick(ax, i);
        int32_t y = ptop + ph - axis_pos(ax, v, ph);
        if (v != 0)
            add_line(c, px, y, pr, y, GRID_COLOR, GRID_W, 0,
                     arena_printf(c->a, "grid v=%.10g", v));
        chart_axis_label(ax, i, cd->percent, buf, sizeof buf);
        text_at(c, buf, is, px - TICK_GAP, y + c->st->table_size * 35 / 100, 2);
    }
    int32_t zero = ptop + ph - axis_pos(ax, 0, ph);
    int32_t slot = (pr - px) / cd->ncat;
    if (cd->type == CHART_LINE) {
        add_line(c, px, zero, pr, zero, AXIS_COLOR, ZERO_W, 0, "zero v=0");
        for (int s = 0; s < cd->nser; s++) {
            uint32_t col = ser_color(c, s);
            /* the line in runs of present values: a gap stays a gap */
            int32_t *pts = malloc(sizeof *pts * 2 * (size_t)cd->ncat);
            uint32_t np = 0;
            for (int k = 0; k <= cd->ncat; k++) {
                size_t at = (size_t)s * (size_t)cd->ncat + (size_t)k;
                if (k < cd->ncat && cd->has[at]) {
                    pts[np * 2] = px + slot * k + slot / 2;
                    pts[np * 2 + 1] = ptop + ph - axis_pos(ax, cd->val[at], ph);
                    np++;
                    continue;
                }
                if (np >= 2) {
                    lbox *b = add_path(c, pts, np, false,
                                       arena_printf(c->a, "line s=%d", s + 1));
                    b->stroke = col;
                    b->line_w = LINE_W;
                    b->dash = ser_dash(s);
                }
                np = 0;
            }
            free(pts);
            for (int k = 0; k < cd->ncat; k++) {
                size_t at = (size_t)s * (size_t)cd->ncat + (size_t)k;
                if (cd->has[at])
                    add_marker(
                        c, s, px + slot * k + slot / 2,
                        ptop + ph - axis_pos(ax, cd->val[at], ph), col,
                        arena_printf(c->a, "point s=%d c=%d", s + 1, k + 1));
            }
        }
        return;
    }
    /* bars: a group of adjacent bars in the middle of each slot */
    int32_t group = slot * (cd->nser > 1 ? 78 : 60) / 100;
    int32_t bw = group / cd->nser;
    if (bw > 28 * MPT_PER_PT)
        bw = 28 * MPT_PER_PT; /* no wide slabs for few categories */
    group = bw * cd->nser;
    int32_t gap = bw > 6000 ? 600 : 0; /* a hair between adjacent bars */
    /* the target first, dashed, so the bars cover it: a bar over its
     * målnivå hides the line and a bar under it shows the line above its
     * top, never a line across a bar's top that could be read as part of
     * it; it reaches past the group's outer bars into the gap between
     * groups, where it always shows */
    int32_t reach = (slot - group) / 2 - 2 * MPT_PER_PT;
    if (reach > TARGET_REACH)
        reach = TARGET_REACH;
    if (reach < 0)
        reach = 0;
    for (int k = 0; cd->type == CHART_BAR_TARGET && k < cd->ncat; k++) {
        int32_t gx = px + slot * k + (slot - group) / 2;
        /* one line over the bars of a category that share a target, so
         * its dashes run on evenly */
        for (int s = 0; s < cd->nser;) {
            size_t at = (size_t)s * (size_t)cd->ncat + (size_t)k;
            if (!cd->has_target[at]) {
                s++;
                continue;
            }
            int e = s + 1;
            while (e < cd->nser) {
                size_t an = (size_t)e * (size_t)cd->ncat + (size_t)k;
                if (!cd->has_target[an] || cd->target[an] != cd->target[at])
                    break;
                e++;
            }
            int32_t y = ptop + ph - axis_pos(ax, cd->target[at], ph);
            int32_t x1 = gx + s * bw - (s == 0 ? reach : 0),
                    x2 = gx + e * bw + (e == cd->nser ? reach : 0);
            add_line(
                c, x1, y, x2, y, TARGET_COLOR, TARGET_W, TARGET_DASH,
                arena_printf(c->a, "target s=%d-%d c=%d", s + 1, e, k + 1));
            s = e;
        }
    }
    for (int k = 0; k < cd->ncat; k++) {
        int32_t gx = px + slot * k + (slot - group) / 2;
        for (int s = 0; s < cd->nser; s++) {
            size_t at = (size_t)s * (size_t)cd->ncat + (size_t)k;
            if (!cd->has[at])
                continue; /* a gap, not a zero */
            int32_t y = ptop + ph - axis_pos(ax, cd->val[at], ph);
            int32_t top = y < zero ? y : zero,
                    h = y < zero ? zero - y : y - zero;
            add_rect(c, gx + s * bw + gap / 2, top, bw - gap, h,
                     ser_color(c, s), ser_pattern(s),
                     arena_printf(c->a, "bar s=%d c=%d", s + 1, k + 1));
        }
    }
    add_line(c, px, zero, pr, zero, AXIS_COLOR, ZERO_W, 0, "zero v=0");
}

/* A chart laid out for the measure: what chart_emit draws. */
struct chart_lay {
    const doc_node *n;
    chart_data cd;
    chart_axis ax;
    legend lg;
    inline_style is;
    tblock capb, noteb, *labs;
    int nt;
    bool horiz;
    int32_t size, lead, cap_h, leg_h, top_pad, plot_h, lab_h, px, pr, lab_w;
};

/* Frees a chart_lay made by layout_chart (its owner's release). */
static void chart_lay_free(void *p)
{
    struct chart_lay *L = p;
    for (int k = 0; k < L->cd.ncat; k++)
        tb_free(&L->labs[k]);
    free(L->labs);
    tb_free(&L->capb);
    tb_free(&L->noteb);
    free(L);
}

/* Draws the chart with its top at y0: caption, legend, plot, labels and
 * the source note, all on the current page. */
static void chart_emit(lctx *c, const lf_item *it, int32_t y0, bool repeat)
{
    (void)repeat;
    const struct chart_lay *L = it->obj;
    const doc_node *n = L->n;
    chart_data cd = L->cd;
    chart_axis ax = L->ax;
    legend lg = L->lg;
    inline_style is = L->is;
    tblock capb = L->capb, noteb = L->noteb, *labs = L->labs;
    int nt = L->nt;
    bool horiz = L->horiz;
    int32_t size = L->size, lead = L->lead, cap_h = L->cap_h;
    int32_t leg_h = L->leg_h, top_pad = L->top_pad, plot_h = L->plot_h;
    int32_t lab_h = L->lab_h, px = L->px, pr = L->pr, lab_w = L->lab_w;
    char buf[64];
    lpage *pg = c->pg;
    lbox *dest = page_add(c, pg, LBOX_DEST);
    dest->x = c->x0;
    dest->y = y0;
    dest->target = layout_dest_name(c, n);
    size_t b0 = pg->n; /* the chart's boxes: caption, graphic, note */
    /* PDF/UA: one Figure with the author's alt text, its caption a
     * Caption inside it; the drawing (paths, axis and legend text) is the
     * Figure's own content, read as the Alt; the note is a P after it */
    const char *alt = doc_node_attr(n, "alt");
    uint32_t saved = layout_se_begin(c, resolved_role(c->res, n));
    uint32_t fig = c->se;
    /* read when the structure tree is written, after the model is freed
     * (engine.c): a copy in layout's arena */
    layout_se_set_alt(c, fig, alt);
    c->se = layout_se_new(c, "Caption", fig);
    tb_emit(c, &capb, c->x0, y0, c->measure, CAP_LEADING, CAP_SIZE, 0);
    c->se = fig;
    size_t b_graphic = pg->n;
    int32_t y = y0 + cap_h;
    if (lg.rows) {
        legend_emit(c, &cd, &lg, is, c->x0, y);
        y += leg_h;
    }
    int32_t ptop = y + top_pad;
    if (!horiz) {
        plot_vertical(c, &cd, &ax, is, px, pr, ptop, plot_h);
        int32_t slot = (pr - px) / cd.ncat;
        for (int k = 0; k < cd.ncat; k++)
            tb_emit(c, &labs[k], px + slot * k + (slot - lab_w) / 2,
                    ptop + plot_h + LABEL_GAP, lab_w, lead, size, 1);
    } else {
        int32_t pw = pr - px;
        for (int i = 0; i < nt; i++) {
            double v = chart_axis_tick(&ax, i);
            int32_t x = px + axis_pos(&ax, v, pw);
            if (v != 0)
                add_line(c, x, ptop, x, ptop + plot_h, GRID_COLOR, GRID_W, 0,
                         arena_printf(c->a, "grid v=%.10g", v));
            text_at(c, chart_axis_label(&ax, i, cd.percent, buf, sizeof buf),
                    is, x,
                    layout_baseline(ptop + plot_h + TICK_GAP, lead, size), 1);
        }
        int32_t zero = px + axis_pos(&ax, 0, pw);
        int32_t yy = ptop;
        for (int k = 0; k < cd.ncat; k++) {
            int32_t bars = cd.nser * HBAR_H + 2 * HBAR_PAD;
            int32_t text = (int32_t)labs[k].ll.n * lead + 2 * HBAR_PAD / 2;
            int32_t band = bars > text ? bars : text;
            int32_t by = yy + (band - cd.nser * HBAR_H) / 2;
            tb_emit(c, &labs[k], c->x0,
                    yy + (band - (int32_t)labs[k].ll.n * lead) / 2, lab_w, lead,
                    size, 0);
            for (int s = 0; s < cd.nser; s++) {
                size_t at = (size_t)s * (size_t)cd.ncat + (size_t)k;
                if (!cd.has[at])
                    continue;
                int32_t x = px + axis_pos(&ax, cd.val[at], pw);
                int32_t left = x < zero ? x : zero;
                int32_t w = x < zero ? zero - x : x - zero;
                add_rect(c, left, by + s * HBAR_H + 300, w, HBAR_H - 600,
                         ser_color(c, s), ser_pattern(s),
                         arena_printf(c->a, "bar s=%d c=%d", s + 1, k + 1));
            }
            yy += band;
        }
        add_line(c, zero, ptop, zero, ptop + plot_h, AXIS_COLOR, ZERO_W, 0,
                 "zero v=0");
    }
    size_t b_note = pg->n;
    c->se = saved;
    layout_se_begin(c, "P");
    tb_emit(c, &noteb, c->x0, ptop + plot_h + lab_h + NOTE_GAP, c->measure,
            lead, size, 0);
    c->se = saved;

    /* the chart as one figure: its number, part and alt text on every
     * box (the dump and the tests read them) */
    for (size_t i = b0; i < pg->n; i++) {
        lbox *b = &pg->boxes[i];
        b->figure = doc_node_seq(n);
        b->figure_part = (uint8_t)(i < b_graphic ? LFIG_CAPTION
                                   : i < b_note  ? LFIG_GRAPHIC
                                                 : LFIG_NOTE);
        b->alt = alt;
    }
}

void layout_chart(lctx *c, const doc_node *n)
{
    /* the data with its labels as printed (resolve.h) */
    const chart_data *rcd = resolved_chart(c->res, n);
    if (!rcd)
        return;
    chart_data cd = *rcd;
    if (cd.problem != CHART_OK)
        return; /* reported by the validate stage (DIA-*) */
    if (cd.nser < 1 || cd.ncat < 1)
        return;
    const layout_style *st = c->st;
    int32_t size = st->table_size, lead = st->table_leading;
    inline_style is = {FONT_SANS, size, st->text_color, false, false};

    /* the caption: "Diagram N. Rubrik" (the table's caption when the
     * chart has none) */
    const char *ct = resolved_caption(c->res, n);
    inline_style cs = {FONT_SANS, CAP_SIZE, st->heading_color, true, false};
    tblock capb;
    memset(&capb, 0, sizeof capb);
    frags_from_text(c, resolved_label(c->res, n), cs, &capb.fl);
    cs.bold = false;
    if (ct[0])
        frags_from_text(c, ct, cs, &capb.fl);
    break_lines_mode(c, &capb.fl, c->measure, BREAK_HEADING, &capb.ll);
    int32_t cap_h = (int32_t)capb.ll.n * CAP_LEADING + CAP_GAP;

    /* the source note and the way to the data as text */
    const char *note = resolved_chart_note(c->res, n);
    tblock noteb;
    inline_style nis = is; /* italic, as a table's source note */
    nis.italic = true;
    tb_make(c, &noteb, note, nis, c->measure);
    int32_t note_h = NOTE_GAP + (int32_t)noteb.ll.n * lead;

    legend lg;
    legend_plan(c, &cd, is, c->measure, &lg);
    int32_t leg_h = lg.rows ? lg.rows * lead + LEGEND_GAP : 0;

    double vmax, vmin = value_range(&cd, &vmax);
    chart_axis ax;
    chart_axis_make(vmin, vmax, 5, &ax);
    int nt = chart_axis_nticks(&ax);
    int32_t tick_w = 0;
    char buf[64];
    for (int i = 0; i < nt; i++) {
        int32_t w = text_width(
            c, chart_axis_label(&ax, i, cd.percent, buf, sizeof buf), is);
        tick_w = w > tick_w ? w : tick_w;
    }

    /* the category labels, and the plot's size */
    tblock *labs = calloc((size_t)cd.ncat, sizeof *labs);
    int32_t plot_h, lab_h = 0, px, pr, lab_w;
    bool horiz = cd.type == CHART_HBAR;
    if (horiz) {
        /* labels in a column at the left, at most 38 % of the measure */
        int32_t natural = 0;
        for (int k = 0; k < cd.ncat; k++) {
            int32_t w = text_width(c, cd.cat_label[k], is);
            natural = w > natural ? w : natural;
        }
        lab_w = c->measure * 38 / 100;
        if (natural < lab_w)
            lab_w = natural;
        px = c->x0 + lab_w + 6000;
        pr = c->x0 + c->measure - tick_w / 2;
        plot_h = 0;
        for (int k = 0; k < cd.ncat; k++) {
            tb_make(c, &labs[k], cd.cat_label[k], is, lab_w);
            if (labs[k].ll.n > LABEL_LINES)
                labs[k].ll.n = LABEL_LINES; /* the table has it in full */
            int32_t bars = cd.nser * HBAR_H + 2 * HBAR_PAD;
            int32_t text = (int32_t)labs[k].ll.n * lead + 2 * HBAR_PAD / 2;
            plot_h += bars > text ? bars : text;
        }
        lab_h = TICK_GAP + lead; /* the tick labels under the plot */
    } else {
        px = c->x0 + tick_w + TICK_GAP;
        pr = c->x0 + c->measure;
        lab_w = (pr - px) / cd.ncat - 2000;
        int lines = 0;
        for (int k = 0; k < cd.ncat; k++) {
            tb_make(c, &labs[k], cd.cat_label[k], is, lab_w);
            if (labs[k].ll.n > LABEL_LINES)
                labs[k].ll.n = LABEL_LINES; /* the table has it in full */
            lines = (int)labs[k].ll.n > lines ? (int)labs[k].ll.n : lines;
        }
        plot_h = PLOT_H;
        lab_h = LABEL_GAP + lines * lead;
    }
    int32_t top_pad = size / 2; /* room for the top tick label */
    int32_t total = cap_h + leg_h + top_pad + plot_h + lab_h + note_h;

    /* all of it on one page (with a heading held for it): one item the
     * paginator places whole */
    struct chart_lay *L = xmalloc(sizeof *L);
    *L = (struct chart_lay){.n = n,
                            .cd = cd,
                            .ax = ax,
                            .lg = lg,
                            .is = is,
                            .capb = capb,
                            .noteb = noteb,
                            .labs = labs,
                            .nt = nt,
                            .horiz = horiz,
                            .size = size,
                            .lead = lead,
                            .cap_h = cap_h,
                            .leg_h = leg_h,
                            .top_pad = top_pad,
                            .plot_h = plot_h,
                            .lab_h = lab_h,
                            .px = px,
                            .pr = pr,
                            .lab_w = lab_w};
    /* it may float to the next page's top: the paginator frees it */
    lf_block blk = {
        .flags = LF_WHOLE | LF_FLOAT, .release = chart_lay_free, .owner = L};
    lf_push(&blk, (lf_item){.h = total, .emit = chart_emit, .obj = L});
    pag_place(c, &blk);
    lf_block_free(&blk);
}

void layout_dump_path(const lbox *b, FILE *out)
{
    static const char *const pats[] = {"solid", "hatch", "dots"};
    fprintf(out, " w=%d h=%d", (int)b->w, (int)b->h);
    if (b->fill)
        fprintf(out, " fill=%06X/%s", (unsigned)b->color,
                pats[b->pattern < 3 ? b->pattern : 0]);
    if (b->line_w > 0)
        fprintf(out, " stroke=%06X lw=%d", (unsigned)b->stroke, (int)b->line_w);
    if (b->dash)
        fprintf(out, " dash=%d", (int)b->dash);
    fprintf(out, " %s n=%u", b->closed ? "closed" : "open", (unsigned)b->npts);
    if (b->info)
        fprintf(out, " \"%s\"", b->info);
    fprintf(out, " fig=%d", b->figure);
}
