/* test_chart.c: charts drawn from table data. The tick algorithm, and
 * the plotted values read back from the laid-out boxes (bar lengths and
 * marker positions against the grid lines' values) compared with the
 * figures typed in the table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/layout/layout.h"
#include "../../src/resolve/chart_axis.h"
#include "fixture.h"
#include "harness.h"

/* --- ticks ------------------------------------------------------------------
 */

static bool axis_ok(double lo, double hi, const chart_axis *ax)
{
    /* covers the values and zero, 1-2-5 step, few intervals */
    int n = chart_axis_nticks(ax) - 1;
    return ax->lo <= lo + 1e-9 && ax->hi >= hi - 1e-9 && ax->lo <= 0 &&
           ax->hi >= 0 && n >= 1 && n <= CHART_MAX_TICKS &&
           (ax->step_mant == 1 || ax->step_mant == 2 || ax->step_mant == 5);
}

static const char *label(const chart_axis *ax, int i, bool pct)
{
    static char buf[64];
    return chart_axis_label(ax, i, pct, buf, sizeof buf);
}

TEST(test_chart_ticks)
{
    chart_axis ax;
    chart_axis_make(0, 240, 5, &ax);
    CHECK(axis_ok(0, 240, &ax));
    CHECK(ax.step == 50 && ax.lo == 0 && ax.hi == 250);
    CHECK_STR(label(&ax, 5, false), "250");
    /* negative range: zero inside, minus sign U+2212 */
    chart_axis_make(-6.8, 3.6, 5, &ax);
    CHECK(axis_ok(-6.8, 3.6, &ax));
    CHECK(ax.step == 2 && ax.lo == -8 && ax.hi == 4);
    CHECK_STR(label(&ax, 0, false), "\xE2\x88\x92"
                                    "8");
    /* all negative: the axis ends at zero */
    chart_axis_make(-120, -30, 5, &ax);
    CHECK(axis_ok(-120, -30, &ax) && ax.hi == 0);
    /* all zero and no data: 0..1 */
    chart_axis_make(0, 0, 5, &ax);
    CHECK(ax.lo == 0 && ax.hi == 1 && axis_ok(0, 0, &ax));
    /* a single value */
    chart_axis_make(7, 7, 5, &ax);
    CHECK(axis_ok(0, 7, &ax) && ax.hi < 10);
    /* a value on a tick needs no extra interval */
    chart_axis_make(0, 100, 5, &ax);
    CHECK(ax.hi == 100);
    /* huge: grouped with no-break spaces */
    chart_axis_make(0, 2.4e9, 5, &ax);
    CHECK(axis_ok(0, 2.4e9, &ax));
    CHECK_STR(label(&ax, 1, false), "500\xC2\xA0"
                                    "000\xC2\xA0"
                                    "000");
    /* tiny: decimal comma, exact decimals */
    chart_axis_make(0, 0.034, 5, &ax);
    CHECK(axis_ok(0, 0.034, &ax) && ax.step_exp < 0);
    CHECK_STR(label(&ax, 1, false), "0,005");
    /* percent */
    chart_axis_make(0, 9.6, 5, &ax);
    CHECK_STR(label(&ax, 1, true), "2\xC2\xA0%");
    /* absurd input is clamped, never loops */
    chart_axis_make(-1e300, NAN, 5, &ax);
    CHECK(chart_axis_nticks(&ax) >= 2 &&
          chart_axis_nticks(&ax) <= CHART_MAX_TICKS + 1);
}

/* --- plotted values ---------------------------------------------------------
 */

/* The boxes of chart fig (its figure number) with what they show. */
typedef struct {
    const lbox *b[1024];
    int n;
} chart_boxes;

static void collect(const layout_doc *ld, int fig, chart_boxes *cb)
{
    cb->n = 0;
    for (size_t p = 0; p < ld->npages; p++)
        for (size_t i = 0; i < ld->pages[p].n; i++)
            if (ld->pages[p].boxes[i].figure == fig && cb->n < 1024)
                cb->b[cb->n++] = &ld->pages[p].boxes[i];
}

/* The value axis: zero's position and mpt per unit, from the zero line
 * and one grid line (vertical: y; horizontal: x). */
static bool scale_of(const chart_boxes *cb, bool horiz, double *zero,
                     double *per)
{
    bool hz = false, hg = false;
    double gpos = 0, gv = 0;
    for (int i = 0; i < cb->n; i++) {
        const lbox *b = cb->b[i];
        if (b->kind != LBOX_PATH || !b->info)
            continue;
        double pos = horiz ? b->x : b->y;
        if (strncmp(b->info, "zero", 4) == 0) {
            *zero = pos;
            hz = true;
        } else if (strncmp(b->info, "grid v=", 7) == 0 &&
                   (!hg || fabs(atof(b->info + 7)) > fabs(gv))) {
            /* the line farthest from zero: the least rounding */
            gv = atof(b->info + 7);
            gpos = pos;
            hg = true;
        }
    }
    if (!hz || !hg || gv == 0)
        return false;
    *per = horiz ? (gpos - *zero) / gv : (*zero - gpos) / gv;
    return true;
}

/* The value a bar shows, read from its geometry. */
static double bar_value(const lbox *b, bool horiz, double zero, double per)
{
    if (horiz)
        return (b->x + 0.5 >= zero ? b->w : -b->w) / per;
    return (b->y + b->h <= zero + 0.5 ? b->h : -b->h) / per;
}

/* What a path shows ("bar s=1 c=2"); NULL for the other kinds of box,
 * which have no info (lbox's union). */
static const char *path_info(const lbox *b)
{
    return b->kind == LBOX_PATH ? b->info : NULL;
}

/* The bar (or point) "kind s=S c=C", NULL when there is none. */
static const lbox *item(const chart_boxes *cb, const char *kind, int s, int c)
{
    char want[64];
    snprintf(want, sizeof want, "%s s=%d c=%d", kind, s, c);
    for (int i = 0; i < cb->n; i++)
        if (path_info(cb->b[i]) && strcmp(path_info(cb->b[i]), want) == 0)
            return cb->b[i];
    /* a target line over a run of series that share it: "s=1-2" */
    for (int i = 0; strcmp(kind, "target") == 0 && i < cb->n; i++) {
        int s0, s1, cc;
        if (path_info(cb->b[i]) &&
            sscanf(path_info(cb->b[i]), "target s=%d-%d c=%d", &s0, &s1, &cc) ==
                3 &&
            s0 <= s && s <= s1 && cc == c)
            return cb->b[i];
    }
    return NULL;
}

static const char *const TABLE =
    "<avsnitt><rubrik>Ekonomi</rubrik>"
    "<tabell id=\"t\"><rubrik>Drift</rubrik>"
    "<kolumn typ=\"text\">Verksamhet</kolumn>"
    "<kolumn id=\"b\" typ=\"belopp\">Budget</kolumn>"
    "<kolumn id=\"u\" typ=\"belopp\">Utfall</kolumn>"
    "<kolumn id=\"m\" typ=\"belopp\">Mål</kolumn>"
    "<rad><cell>A</cell><cell>112,5</cell><cell>118,2</cell><cell>100</cell></"
    "rad>"
    "<rad><cell>B</cell><cell>240</cell><cell>-36,4</cell><cell>200</cell></"
    "rad>"
    "<rad><cell>C</cell><cell>198,3</cell><cell>-</cell><cell>..</cell></rad>"
    "<rad><cell>D</cell><cell>0</cell><cell>81,9</cell><cell>80</cell></rad>"
    "<kalla>Ekonomisystemet</kalla></tabell>";

/* expected [series][category], NAN for a gap */
static const double EXPECT[2][4] = {{112.5, 240, 198.3, 0},
                                    {118.2, -36.4, NAN, 81.9}};

static void check_bars(const char *typ, bool horiz)
{
    char body[4096];
    snprintf(body, sizeof body,
             "%s<diagram tabell=\"t\" typ=\"%s\" kolumner=\"b u\" "
             "mal=\"m\" alt=\"Alt\"><rubrik>R</rubrik></diagram></avsnitt>",
             TABLE, typ);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    chart_boxes cb;
    collect(l.ld, 1, &cb);
    CHECK(cb.n > 0);
    double zero = 0, per = 0;
    CHECK(scale_of(&cb, horiz, &zero, &per));
    for (int s = 0; s < 2; s++) {
        for (int c = 0; c < 4; c++) {
            const lbox *b = item(&cb, "bar", s + 1, c + 1);
            if (isnan(EXPECT[s][c])) {
                CHECK(b == NULL); /* a gap, not a zero bar */
                continue;
            }
            CHECK(b != NULL);
            if (!b)
                continue;
            double v = bar_value(b, horiz, zero, per);
            /* within the rounding of positions to whole mpt */
            if (fabs(v - EXPECT[s][c]) > 2.0 / per)
                printf("  %s s=%d c=%d: %g, table %g\n", typ, s + 1, c + 1, v,
                       EXPECT[s][c]);
            CHECK(fabs(v - EXPECT[s][c]) <= 3.0 / per);
            if (EXPECT[s][c] < 0) /* below (left of) the zero line */
                CHECK(horiz ? b->x < zero : b->y + 0.5 >= zero);
        }
    }
    laid_close(&l);
}

TEST(test_chart_bars_match_table)
{
    check_bars("stapel", false);
}

TEST(test_chart_hbars_match_table)
{
    check_bars("liggande-stapel", true);
}

TEST(test_chart_target_matches_table)
{
    char body[4096];
    snprintf(body, sizeof body,
             "%s<diagram tabell=\"t\" typ=\"stapel-mal\" kolumner=\"b u\" "
             "mal=\"m\" alt=\"Alt\"/></avsnitt>",
             TABLE);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    chart_boxes cb;
    collect(l.ld, 1, &cb);
    double zero = 0, per = 0;
    CHECK(scale_of(&cb, false, &zero, &per));
    static const double mal[4] = {100, 200, NAN, 80};
    for (int c = 0; c < 4; c++) {
        const lbox *t = item(&cb, "target", 1, c + 1);
        if (isnan(mal[c])) {
            CHECK(t == NULL);
            continue;
        }
        CHECK(t != NULL);
        if (t)
            CHECK(fabs((zero - t->y) / per - mal[c]) <= 3.0 / per);
    }
    laid_close(&l);
}

TEST(test_chart_line_points_and_gaps)
{
    char body[4096];
    snprintf(body, sizeof body,
             "%s<diagram tabell=\"t\" typ=\"linje\" kolumner=\"u\" "
             "alt=\"Alt\"/></avsnitt>",
             TABLE);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    chart_boxes cb;
    collect(l.ld, 1, &cb);
    double zero = 0, per = 0;
    CHECK(scale_of(&cb, false, &zero, &per));
    int lines = 0;
    for (int c = 0; c < 4; c++) {
        const lbox *p = item(&cb, "point", 1, c + 1);
        if (isnan(EXPECT[1][c])) {
            CHECK(p == NULL);
            continue;
        }
        CHECK(p != NULL);
        if (p) /* the marker's centre */
            CHECK(fabs((zero - (p->y + p->h / 2.0)) / per - EXPECT[1][c]) <=
                  3.0 / per);
    }
    for (int i = 0; i < cb.n; i++)
        if (path_info(cb.b[i]) && strcmp(path_info(cb.b[i]), "line s=1") == 0) {
            lines++;
            CHECK(cb.b[i]->npts == 2); /* A-B, then the gap at C */
        }
    CHECK_INT(lines, 1);
    laid_close(&l);
}

/* The chart is one group of consecutive boxes with its alt text, its
 * caption and its note, drawn as paths (no image); series in rows. */
TEST(test_chart_figure_group)
{
    char body[4096];
    laid_doc l;
    chart_boxes cb;
    snprintf(body, sizeof body,
             "%s<diagram id=\"d\" tabell=\"t\" serier-i=\"rader\" rader=\"1 "
             "2\" kolumner=\"2 3\" alt=\"Text för skärmläsare\"/></avsnitt>",
             TABLE);
    CHECK(laid_open(&l, NULL, body, 0));
    collect(l.ld, 1, &cb);
    CHECK(cb.n > 10);
    bool caption = false, note = false, graphic = false, consecutive = true;
    for (int i = 0; i < cb.n; i++) {
        const lbox *b = cb.b[i];
        CHECK(b->kind != LBOX_IMAGE);
        CHECK(b->alt && strcmp(b->alt, "Text för skärmläsare") == 0);
        caption = caption || b->figure_part == LFIG_CAPTION;
        note = note || b->figure_part == LFIG_NOTE;
        graphic = graphic || b->figure_part == LFIG_GRAPHIC;
        if (i > 0 && cb.b[i] != cb.b[i - 1] + 1)
            consecutive = false;
    }
    CHECK(caption && note && graphic && consecutive);
    /* two series (the rows A and B), two categories (the columns) */
    CHECK(item(&cb, "bar", 2, 2) != NULL && item(&cb, "bar", 3, 1) == NULL &&
          item(&cb, "bar", 1, 3) == NULL);
    laid_close(&l);
}
