/* test_layout.c: line breaking and pagination with the stub font (every
 * glyph 500/1000 em, spaces 250), so the rules are tested without
 * libharu or real fonts. */
#include <stdlib.h>

#include "../../src/layout/layout.h"
#include "../../src/parse/parse.h"
#include "fixture.h"
#include "harness.h"

typedef laid_doc fixture;

static bool lay(fixture *f, const char *body)
{
    laid_open(f, NULL, body, 0);
    return f->d != NULL;
}

static void unlay(fixture *f)
{
    laid_close(f);
}

static char *words(int n)
{
    static const char *w[] = {"kvalitet", "och",          "uppföljning",
                              "av",       "verksamheten", "i",
                              "nämnden",  "under",        "året"};
    size_t cap = (size_t)n * 16 + 1;
    char *s = malloc(cap);
    s[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, w[i % 9]);
    }
    return s;
}

static char *para_doc(int nparas, int nwords)
{
    char *ws = words(nwords);
    size_t cap = (size_t)nparas * (strlen(ws) + 32) + 64;
    char *s = malloc(cap);
    strcpy(s, "<avsnitt><rubrik>R</rubrik>");
    for (int i = 0; i < nparas; i++) {
        strcat(s, "<stycke>");
        strcat(s, ws);
        strcat(s, "</stycke>");
    }
    strcat(s, "</avsnitt>");
    free(ws);
    return s;
}

TEST(test_layout_lines_fit_measure)
{
    fixture f;
    char *body = para_doc(3, 200);
    CHECK(lay(&f, body));
    free(body);
    if (!f.ld) {
        unlay(&f);
        return;
    }
    int32_t right = f.st.page_w - f.st.margin_outer;
    for (size_t p = 0; p < f.ld->npages; p++)
        for (size_t i = 0; i < f.ld->pages[p].n; i++) {
            const lbox *b = &f.ld->pages[p].boxes[i];
            if (b->kind == LBOX_TEXT && !b->artifact)
                CHECK(b->x + b->w <= right + 1);
        }
    unlay(&f);
}

TEST(test_layout_justified_lines_exact)
{
    fixture f;
    char *body = para_doc(1, 120);
    CHECK(lay(&f, body));
    free(body);
    if (!f.ld) {
        unlay(&f);
        return;
    }
    int32_t left = f.st.margin_inner, right = f.st.page_w - f.st.margin_outer;
    /* group body text boxes by baseline; every line but the last of the
     * paragraph must run exactly from the left to the right edge */
    const lpage *pg = &f.ld->pages[0];
    int32_t ys[256];
    int32_t ends[256];
    int nl = 0;
    for (size_t i = 0; i < pg->n; i++) {
        const lbox *b = &pg->boxes[i];
        if (b->kind != LBOX_TEXT || b->artifact || b->size != f.st.body_size)
            continue;
        if (nl == 0 || ys[nl - 1] != b->y) {
            CHECK(b->x == left);
            ys[nl] = b->y;
            ends[nl] = b->x + b->w;
            nl++;
        } else {
            ends[nl - 1] = b->x + b->w;
        }
    }
    CHECK(nl >= 5);
    for (int i = 0; i + 1 < nl; i++)
        CHECK(ends[i] >= right - 1 && ends[i] <= right + 1);
    CHECK(ends[nl - 1] < right);
    unlay(&f);
}

TEST(test_layout_no_break_at_nbsp)
{
    fixture f;
    /* many "88 %" with a no-break space: never split between 88 and % */
    char body[8192] = "<avsnitt><rubrik>R</rubrik><stycke>";
    for (int i = 0; i < 150; i++)
        strcat(body, "ord 88\xC2\xA0% ");
    strcat(body, "</stycke></avsnitt>");
    CHECK(lay(&f, body));
    if (!f.ld) {
        unlay(&f);
        return;
    }
    for (size_t p = 0; p < f.ld->npages; p++)
        for (size_t i = 0; i < f.ld->pages[p].n; i++) {
            const lbox *b = &f.ld->pages[p].boxes[i];
            if (b->kind == LBOX_TEXT && !b->artifact && b->n > 0) {
                CHECK(b->cps[0] != '%');
                /* a heading's number keeps its spaces: the text hangs */
                bool number = b->cps[0] >= '0' && b->cps[0] <= '9' &&
                              b->size > f.st.body_size;
                CHECK(number || b->cps[b->n - 1] != 0xA0);
            }
        }
    unlay(&f);
}

TEST(test_layout_long_word_split)
{
    fixture f;
    char body[4096] = "<avsnitt><rubrik>R</rubrik><stycke>";
    for (int i = 0; i < 300; i++)
        strcat(body, "x");
    strcat(body, "</stycke></avsnitt>");
    CHECK(lay(&f, body));
    if (!f.ld) {
        unlay(&f);
        return;
    }
    int32_t right = f.st.page_w - f.st.margin_outer;
    int lines = 0;
    for (size_t i = 0; i < f.ld->pages[0].n; i++) {
        const lbox *b = &f.ld->pages[0].boxes[i];
        if (b->kind == LBOX_TEXT && !b->artifact && b->size == f.st.body_size) {
            CHECK(b->x + b->w <= right);
            lines++;
        }
    }
    CHECK(lines >= 2);
    unlay(&f);
}

TEST(test_layout_widow_orphan)
{
    /* many paragraphs: no page may start or end with a single line of a
     * paragraph that continues across the break */
    fixture f;
    char *body = para_doc(40, 57);
    CHECK(lay(&f, body));
    free(body);
    if (!f.ld) {
        unlay(&f);
        return;
    }
    CHECK(f.ld->npages >= 3);
    /* lines per (page, paragraph) are checked via baselines: each page's
     * first body line block and last one have at least two lines when the
     * paragraph is split; with stub metrics every paragraph has 4+ lines,
     * so a page never holds exactly one line of one */
    for (size_t p = 0; p < f.ld->npages; p++) {
        int count = 0;
        for (size_t i = 0; i < f.ld->pages[p].n; i++) {
            const lbox *b = &f.ld->pages[p].boxes[i];
            if (b->kind == LBOX_TEXT && !b->artifact &&
                b->size == f.st.body_size)
                count++;
        }
        CHECK(count == 0 || count >= 2);
    }
    unlay(&f);
}

TEST(test_layout_table_header_repeats)
{
    fixture f;
    size_t cap = 200 * 96 + 512;
    char *body = malloc(cap);
    strcpy(body, "<avsnitt><rubrik>R</rubrik><tabell><rubrik>Lång</rubrik>"
                 "<kolumn typ=\"text\">Rad</kolumn>"
                 "<kolumn typ=\"belopp\">Budget</kolumn>");
    for (int i = 0; i < 200; i++) {
        char row[96];
        snprintf(row, sizeof row,
                 "<rad><cell>rad %d</cell><cell>%d</cell></rad>", i, i * 1000);
        strcat(body, row);
    }
    strcat(body, "</tabell></avsnitt>");
    CHECK(lay(&f, body));
    free(body);
    if (!f.ld) {
        unlay(&f);
        return;
    }
    CHECK(f.ld->npages >= 3);
    for (size_t p = 0; p < f.ld->npages; p++) {
        int headers = 0;
        for (size_t i = 0; i < f.ld->pages[p].n; i++) {
            const lbox *b = &f.ld->pages[p].boxes[i];
            if (b->kind == LBOX_TEXT && b->n == 6 && b->cps[0] == 'B' &&
                b->cps[1] == 'u')
                headers++;
        }
        CHECK_INT(headers, 1);
    }
    unlay(&f);
}

TEST(test_layout_cell_paragraphs_break)
{
    /* each paragraph and list item of a cell starts a line of its own,
     * at the cell's left edge, and nothing stands between them */
    fixture f;
    CHECK(lay(&f, "<avsnitt><rubrik>R</rubrik><tabell>"
                  "<kolumn typ=\"text\">A</kolumn><kolumn typ=\"text\">B"
                  "</kolumn><rad><cell>x</cell><cell><stycke>Ett</stycke>"
                  "<stycke>Två</stycke><lista><punkt>Tre</punkt></lista>"
                  "</cell></rad></tabell></avsnitt>"));
    if (!f.ld) {
        unlay(&f);
        return;
    }
    int32_t xs[3] = {0};
    int found = 0;
    for (size_t i = 0; i < f.ld->pages[0].n; i++) {
        const lbox *b = &f.ld->pages[0].boxes[i];
        if (b->kind != LBOX_TEXT)
            continue;
        for (uint32_t k = 0; k < b->n; k++)
            CHECK(b->cps[k] != 0xFFFD);
        if (b->n >= 3 && b->cps[0] == 'E' && b->cps[1] == 't')
            xs[0] = b->x, found++;
        if (b->n >= 3 && b->cps[0] == 'T' && b->cps[1] == 'v')
            xs[1] = b->x, found++;
        if (b->n >= 3 && b->cps[0] == 0x2022)
            xs[2] = b->x, found++;
    }
    CHECK_INT(found, 3);
    CHECK(xs[0] == xs[1] && xs[1] == xs[2]);
    unlay(&f);
}
