/* test_landscape.c: landscape pages for tables too wide for the portrait
 * text block, with the stub font (every glyph 500/1000 em, spaces 250).
 * A table that fits the portrait measure at some size down to the floor
 * stays portrait; one that does not is set on A4 landscape pages of its
 * own (the page before and after portrait, page numbers going on, header
 * rows repeated on each landscape page); one too wide even there is
 * squeezed and warned about (TAB-03). Whatever the width, no box lies
 * outside the text block of its own page. */
#include <stdlib.h>

#include "../../src/common/utf8.h"
#include "../../src/layout/layout.h"
#include "fixture.h"
#include "harness.h"

/* A table with a text column and ncols - 1 columns of figures such as
 * "12 345,6" (8 glyphs: at the floor size of 7 pt about 32 pt a column
 * with its padding, so 14 columns need more than the 442 pt of the
 * portrait measure and less than the 700 pt of the landscape one), nrows
 * rows; note puts a footnote in the first row's first cell. */
static void put_table(sbuf *b, const char *id, int ncols, int nrows, bool note)
{
    char x[160];
    snprintf(x, sizeof x, "<tabell id=\"%s\"><rubrik>Bred tabell</rubrik>", id);
    sbuf_put(b, x);
    sbuf_put(b, "<kolumn typ=\"text\">Nyckeltal</kolumn>");
    for (int j = 1; j < ncols; j++) {
        snprintf(x, sizeof x, "<kolumn typ=\"tal\" decimaler=\"1\">%d</kolumn>",
                 2000 + j);
        sbuf_put(b, x);
    }
    for (int i = 0; i < nrows; i++) {
        snprintf(x, sizeof x, "<rad><cell>Rad %d", i + 1);
        sbuf_put(b, x);
        /* a note longer than a portrait line: broken to the landscape
         * measure its lines would be wider than the portrait one */
        if (note && i == 0)
            sbuf_put(b,
                     "<fotnot>En not i tabellen. Uppgifterna kommer från "
                     "verksamhetssystemet och avser perioden januari till "
                     "augusti; de har stämts av mot ekonomisystemet och mot "
                     "de sammanställningar som enheterna har lämnat.</fotnot>");
        sbuf_put(b, "</cell>");
        for (int j = 1; j < ncols; j++) {
            snprintf(x, sizeof x, "<cell>%d %03d,%d</cell>", 10 + (i + j) % 89,
                     (i * 37 + j * 11) % 1000, j % 10);
            sbuf_put(b, x);
        }
        sbuf_put(b, "</rad>");
    }
    sbuf_put(b, "</tabell>");
}

/* A section with a paragraph (words of `letter`), the table, and another
 * paragraph. */
static char *doc_with_table(int ncols, int nrows, bool note)
{
    sbuf b = {0};
    sbuf_put(&b, "<avsnitt><rubrik>Före</rubrik>"
                 "<stycke>aaaa aaaa aaaa aaaa aaaa aaaa.</stycke>");
    put_table(&b, "t", ncols, nrows, note);
    sbuf_put(&b, "<stycke>zzzz zzzz zzzz zzzz zzzz zzzz.</stycke></avsnitt>");
    return b.s;
}

static bool is_landscape(const lpage *pg)
{
    return pg->width > pg->height;
}

/* The page's text as one string, its boxes separated by spaces (only the
 * content when furniture is false). */
static char *page_text(const lpage *pg, bool furniture)
{
    sbuf b = {0};
    sbuf_put(&b, "");
    for (size_t i = 0; i < pg->n; i++) {
        const lbox *x = &pg->boxes[i];
        if (x->kind != LBOX_TEXT || (x->artifact && !furniture))
            continue;
        for (uint32_t k = 0; k < x->n; k++) {
            char u[5] = {0};
            utf8_encode(x->cps[k] == 0xA0 ? ' ' : x->cps[k], u);
            sbuf_put(&b, u);
        }
        sbuf_put(&b, " ");
    }
    return b.s;
}

static bool page_has(const lpage *pg, const char *s, bool furniture)
{
    char *t = page_text(pg, furniture);
    bool r = strstr(t, s) != NULL;
    free(t);
    return r;
}

/* The first page (0-based) whose content holds s, or -1. */
static int page_of(const laid_doc *l, const char *s)
{
    for (size_t p = 0; p < l->ld->npages; p++)
        if (page_has(&l->ld->pages[p], s, false))
            return (int)p;
    return -1;
}

/* The text block of a page of either orientation, as the margins of the
 * style turn with the sheet: [x0, x1) x [top, bottom). */
typedef struct {
    int32_t x0, x1, top, bottom;
} block;

static block block_of(const layout_style *st, const lpage *pg)
{
    if (!pg->landscape)
        return (block){st->margin_inner, st->page_w - st->margin_outer,
                       st->margin_top, st->page_h - st->margin_bottom};
    return (block){st->margin_bottom, st->page_h - st->margin_top,
                   st->margin_inner, st->page_w - st->margin_outer};
}

/* Boxes outside the text block of their page: content anywhere outside
 * it, page furniture outside its width (header and footer stand in the
 * margins above and below, across the block). */
static int boxes_outside(const laid_doc *l)
{
    int bad = 0;
    for (size_t p = 0; p < l->ld->npages; p++) {
        const lpage *pg = &l->ld->pages[p];
        block bk = block_of(&l->st, pg);
        for (size_t i = 0; i < pg->n; i++) {
            const lbox *x = &pg->boxes[i];
            int32_t y0 = x->y, y1 = x->y + x->h;
            if (x->kind == LBOX_TEXT) {
                /* y is the baseline: capitals and figures rise about
                 * 0.75 em above it */
                y0 = x->y - x->size * 3 / 4;
                y1 = x->y;
            }
            bool out = x->x < bk.x0 || x->x + x->w > bk.x1;
            if (!x->artifact && x->kind != LBOX_DEST)
                out = out || y0 < bk.top || y1 > bk.bottom;
            if (x->kind == LBOX_DEST)
                out = x->x < bk.x0 || x->x > bk.x1 || x->y < bk.top ||
                      x->y > bk.bottom;
            if (out) {
                if (bad < 5)
                    fprintf(stderr,
                            "  page %zu (%dx%d): box kind %d at x=%d w=%d "
                            "y=%d outside [%d, %d] x [%d, %d]\n",
                            p + 1, (int)pg->width, (int)pg->height,
                            (int)x->kind, (int)x->x, (int)x->w, (int)x->y,
                            (int)bk.x0, (int)bk.x1, (int)bk.top,
                            (int)bk.bottom);
                bad++;
            }
        }
    }
    return bad;
}

static size_t count_rule(const laid_doc *l, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < diag_count(l->dl); i++)
        n += strcmp(diag_get(l->dl, i)->rule, rule) == 0;
    return n;
}

/* A 14-column table: on an A4 landscape page of its own, between portrait
 * pages holding the text before and after it. */
TEST(test_landscape_wide_table_own_page)
{
    char *body = doc_with_table(14, 6, false);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    free(body);
    int pa = page_of(&l, "aaaa"), pt = page_of(&l, "Tabell 1."),
        pz = page_of(&l, "zzzz");
    CHECK_INT(pa, 0);
    CHECK_INT(pt, 1);
    CHECK_INT(pz, 2);
    CHECK_INT(l.ld->npages, 3);
    if (pt == 1 && l.ld->npages == 3) {
        const lpage *pg = &l.ld->pages[1];
        CHECK(is_landscape(pg));
        CHECK(pg->landscape);
        /* A4 turned */
        CHECK_INT(pg->width, l.st.page_h);
        CHECK_INT(pg->height, l.st.page_w);
        CHECK(!is_landscape(&l.ld->pages[0]));
        CHECK(!is_landscape(&l.ld->pages[2]));
        /* its own page: nothing of the text before or after on it */
        CHECK(!page_has(pg, "aaaa", false));
        CHECK(!page_has(pg, "zzzz", false));
        /* the whole table on it, the table's destination too */
        CHECK(page_has(pg, "Rad 6", false));
        bool dest = false;
        for (size_t i = 0; i < pg->n; i++)
            dest = dest || (pg->boxes[i].kind == LBOX_DEST &&
                            strcmp(pg->boxes[i].target, "id-t") == 0);
        CHECK(dest);
        /* the rules of the table run across the landscape measure */
        int32_t widest = 0;
        for (size_t i = 0; i < pg->n; i++)
            if (pg->boxes[i].kind == LBOX_RULE && !pg->boxes[i].artifact &&
                pg->boxes[i].w > widest)
                widest = pg->boxes[i].w;
        CHECK(widest > l.st.page_w - l.st.margin_inner - l.st.margin_outer);
    }
    CHECK_INT(l.ld->stats.landscape_pages, 1);
    CHECK_INT(count_rule(&l, "TAB-03"), 0);
    CHECK_INT(boxes_outside(&l), 0);
    laid_close(&l);
}

/* A table that fits the portrait measure at some size down to the floor
 * stays on a portrait page: a smaller size is preferred to turning the
 * page. 10 columns fit only below the style's table size. */
TEST(test_landscape_narrow_table_stays_portrait)
{
    for (int ncols = 3; ncols <= 11; ncols++) {
        char *body = doc_with_table(ncols, 4, false);
        laid_doc l;
        CHECK(laid_open(&l, NULL, body, 0));
        free(body);
        CHECK_INT(l.ld->stats.landscape_pages, 0);
        for (size_t p = 0; p < l.ld->npages; p++)
            CHECK(!is_landscape(&l.ld->pages[p]));
        /* the text after the table goes on under it */
        CHECK_INT(page_of(&l, "zzzz"), page_of(&l, "Tabell 1."));
        CHECK_INT(boxes_outside(&l), 0);
        laid_close(&l);
    }
}

/* A long wide table: landscape pages as many as it needs, the header row
 * repeated at the top of each, page numbers going on through the turned
 * pages ("Sida 3 av 6"), the flow back in portrait after it. */
TEST(test_landscape_long_table_repeats_header)
{
    char *body = doc_with_table(14, 70, false);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    free(body);
    const layout_doc *ld = l.ld;
    size_t nland = 0, first = 0, last = 0;
    for (size_t p = 0; p < ld->npages; p++)
        if (is_landscape(&ld->pages[p])) {
            if (nland++ == 0)
                first = p;
            last = p;
        }
    CHECK(nland >= 2);
    CHECK_INT(ld->stats.landscape_pages, nland);
    CHECK_INT(last - first + 1, nland); /* one run of turned pages */
    CHECK_INT(first, 1);
    CHECK_INT(page_of(&l, "zzzz"), (int)last + 1);
    CHECK(!is_landscape(&ld->pages[last + 1]));
    for (size_t p = first; p <= last && nland >= 2; p++) {
        const lpage *pg = &ld->pages[p];
        /* the header row: its fill, then the column headings, first */
        const lbox *fill = NULL, *text = NULL;
        for (size_t i = 0; i < pg->n && !text; i++) {
            const lbox *x = &pg->boxes[i];
            if (x->kind == LBOX_RECT && !fill)
                fill = x;
            /* "Tabell 1 (forts.)" opens a continued page: skip it */
            bool cont_caption = x->kind == LBOX_TEXT && x->n > 0 &&
                                (x->cps[0] == 'T' || x->cps[0] == '(');
            if (x->kind == LBOX_TEXT && !x->artifact && p > first &&
                !cont_caption)
                text = x;
        }
        CHECK(fill != NULL);
        if (p > first && text) {
            /* a continued page starts with the header row, under the
             * "(forts.)" line at the top of the landscape text block */
            CHECK(text->n == 9 && text->cps[0] == 'N' && text->cps[8] == 'l');
            CHECK(fill && fill->y > block_of(&l.st, pg).top &&
                  fill->y <= block_of(&l.st, pg).top + 20000);
        }
        CHECK(page_has(pg, "2013", false));
    }
    /* every row once */
    CHECK(page_of(&l, "Rad 70") == (int)last);
    /* page numbers go on through the turned pages */
    for (size_t p = 0; p < ld->npages; p++) {
        char want[64];
        snprintf(want, sizeof want, "Sida %zu av %zu", p + 1, ld->npages);
        CHECK_INT(ld->pages[p].number, (int)p + 1);
        CHECK(page_has(&ld->pages[p], want, true));
    }
    CHECK_INT(boxes_outside(&l), 0);
    laid_close(&l);
}

/* The running header and footer of a landscape page run across its long
 * side: the header rule is as wide as the landscape measure, and the
 * footer is centred on the landscape page. */
TEST(test_landscape_furniture_across_long_side)
{
    char *body = doc_with_table(14, 6, false);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    free(body);
    for (size_t p = 0; p < l.ld->npages; p++) {
        const lpage *pg = &l.ld->pages[p];
        block bk = block_of(&l.st, pg);
        bool rule = false, footer = false;
        for (size_t i = 0; i < pg->n; i++) {
            const lbox *x = &pg->boxes[i];
            if (!x->artifact)
                continue;
            if (x->kind == LBOX_RULE) {
                rule = x->x == bk.x0 && x->w == bk.x1 - bk.x0 && x->y < bk.top;
            }
            if (x->kind == LBOX_TEXT && x->n > 0 && x->cps[0] == 'S') {
                int32_t mid = x->x + x->w / 2;
                footer = x->y > bk.bottom && x->y < pg->height &&
                         abs(mid - (bk.x0 + bk.x1) / 2) < 3000;
            }
        }
        CHECK(rule);
        CHECK(footer);
    }
    laid_close(&l);
}

/* A heading directly before a wide table goes with it to the landscape
 * page (kept with its table), and its bookmark points there. */
TEST(test_landscape_heading_goes_with_table)
{
    sbuf b = {0};
    sbuf_put(&b, "<avsnitt><rubrik>Före</rubrik><stycke>aaaa aaaa.</stycke>"
                 "</avsnitt><avsnitt><rubrik>Bred</rubrik>");
    put_table(&b, "t", 14, 5, false);
    sbuf_put(&b, "</avsnitt><avsnitt><rubrik>Efter</rubrik>"
                 "<stycke>zzzz zzzz.</stycke></avsnitt>");
    laid_doc l;
    CHECK(laid_open(&l, NULL, b.s, 0));
    free(b.s);
    int pt = page_of(&l, "Tabell 1.");
    CHECK_INT(pt, 1);
    CHECK_INT(page_of(&l, "Bred"), pt);
    CHECK_INT(page_of(&l, "Efter"), pt + 1);
    CHECK_INT(l.ld->npages, 3);
    bool found = false;
    for (size_t i = 0; i < l.ld->noutline; i++)
        if (strstr(l.ld->outline[i].title, "Bred")) {
            found = true;
            CHECK_INT(l.ld->outline[i].page, pt);
            /* at the top of the landscape text block */
            CHECK_INT(l.ld->outline[i].y, l.st.margin_inner);
        }
    CHECK(found);
    CHECK_INT(boxes_outside(&l), 0);
    laid_close(&l);
}

/* No empty page: a wide table first in the document turns the first page,
 * and two wide tables in a row share nothing but need no portrait page
 * between them. */
TEST(test_landscape_no_empty_pages)
{
    sbuf b = {0};
    put_table(&b, "a", 14, 4, false);
    put_table(&b, "b", 15, 4, false);
    laid_doc l;
    CHECK(laid_open(&l, NULL, b.s, 0));
    free(b.s);
    CHECK_INT(l.ld->npages, 2);
    CHECK_INT(l.ld->stats.landscape_pages, 2);
    for (size_t p = 0; p < l.ld->npages; p++)
        CHECK(is_landscape(&l.ld->pages[p]));
    CHECK_INT(page_of(&l, "Tabell 1."), 0);
    CHECK_INT(page_of(&l, "Tabell 2."), 1);
    laid_close(&l);
}

/* A footnote referenced in a cell of a landscape table is set at the foot
 * of the landscape page, inside its text block, at the portrait measure
 * (so that a note continued onto the next, portrait, page fits there). */
TEST(test_landscape_footnote_on_landscape_page)
{
    char *body = doc_with_table(14, 6, true);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    free(body);
    int pt = page_of(&l, "Tabell 1.");
    CHECK_INT(pt, 1);
    CHECK_INT(page_of(&l, "En not i tabellen."), pt);
    CHECK_INT(page_of(&l, "lämnat."), pt);
    CHECK_INT(l.ld->stats.footnotes, 1);
    const lpage *pg = &l.ld->pages[pt >= 0 ? pt : 0];
    int32_t portrait = l.st.page_w - l.st.margin_inner - l.st.margin_outer;
    for (size_t i = 0; i < pg->n; i++) {
        const lbox *x = &pg->boxes[i];
        if (x->kind == LBOX_TEXT && x->size == l.st.note_size && !x->artifact)
            CHECK(x->x + x->w <= block_of(&l.st, pg).x0 + portrait);
    }
    CHECK_INT(boxes_outside(&l), 0);
    laid_close(&l);
}

/* Tables of every width from 2 to 60 columns, short and long: portrait,
 * landscape or squeezed, nothing is ever drawn into a margin. Beyond what
 * a landscape page holds at the floor size, TAB-03 warns once, at the
 * tabell element, with a hint. */
TEST(test_landscape_never_into_margin)
{
    int warned_from = 0;
    for (int ncols = 2; ncols <= 60; ncols += 2) {
        for (int rows = 3; rows <= 45; rows += 42) {
            char *body = doc_with_table(ncols, rows, ncols % 4 == 0);
            laid_doc l;
            CHECK(laid_open(&l, NULL, body, 0));
            free(body);
            int bad = boxes_outside(&l);
            if (bad)
                fprintf(stderr, "  %d columns, %d rows\n", ncols, rows);
            CHECK_INT(bad, 0);
            size_t w = count_rule(&l, "TAB-03");
            CHECK(w <= 1);
            if (w && !warned_from)
                warned_from = ncols;
            if (warned_from && ncols >= warned_from) {
                CHECK_INT(w, 1); /* wider still: still warned */
                CHECK(l.ld->stats.landscape_pages >= 1);
            }
            laid_close(&l);
        }
    }
    /* 14 columns fit a landscape page; 60 do not */
    CHECK(warned_from > 14 && warned_from <= 60);
}

/* TAB-03: where and what. */
TEST(test_landscape_too_wide_warning)
{
    sbuf b = {0};
    put_table(&b, "t", 40, 3, false);
    laid_doc l;
    CHECK(laid_open(&l, NULL, b.s, 0));
    free(b.s);
    CHECK_INT(count_rule(&l, "TAB-03"), 1);
    for (size_t i = 0; i < diag_count(l.dl); i++) {
        const diag *d = diag_get(l.dl, i);
        if (strcmp(d->rule, "TAB-03") != 0)
            continue;
        CHECK_INT(d->severity, DIAG_WARNING);
        CHECK_STR(d->file, "t.xml");
        CHECK_INT(d->line, 4); /* the body starts on line 4 */
        CHECK_INT(d->col, 1);
        CHECK(strstr(d->message, "40 kolumner") != NULL);
        CHECK(d->hint && strstr(d->hint, "dela tabellen"));
    }
    CHECK(is_landscape(&l.ld->pages[0]));
    CHECK_INT(boxes_outside(&l), 0);
    laid_close(&l);
}

/* A page too short to be turned usefully (its landscape measure no wider
 * than the portrait one) is never turned: the table is squeezed in
 * portrait, with the warning. */
TEST(test_landscape_not_when_no_wider)
{
    char *body = doc_with_table(14, 3, false);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 500000));
    free(body);
    CHECK_INT(l.ld->stats.landscape_pages, 0);
    for (size_t p = 0; p < l.ld->npages; p++)
        CHECK(!l.ld->pages[p].landscape);
    CHECK_INT(count_rule(&l, "TAB-03"), 1);
    CHECK_INT(boxes_outside(&l), 0);
    laid_close(&l);
}
