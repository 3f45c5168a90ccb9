/* test_table_cols.c: table columns laid out with the stub font (every
 * glyph 500/1000 em, spaces 250): figures on the units digit, fixed and
 * share widths, status cells, hyphenated and bottom-aligned column heads,
 * and the status values themselves. */
#include <stdlib.h>

#include "../../src/common/status.h"
#include "../../src/common/utf8.h"
#include "../../src/layout/layout.h"
#include "fixture.h"
#include "harness.h"

/* The stub's advance of a glyph at the table size (9 pt): 4.5 pt. */
enum { GLYPH = 4500 };

/* The text of a box as UTF-8 (a no-break space as "~"). */
static void box_text(const lbox *b, char *out, size_t size)
{
    size_t n = 0;
    for (uint32_t i = 0; i < b->n && n + 5 < size; i++) {
        if (b->cps[i] == 0xA0)
            out[n++] = '~';
        else
            n += (size_t)utf8_encode(b->cps[i], out + n);
    }
    out[n] = '\0';
}

/* The first text box on any page whose text is s (nbsp as "~"). */
static const lbox *find_box(const laid_doc *l, const char *s)
{
    char buf[256];
    for (size_t p = 0; p < l->ld->npages; p++)
        for (size_t i = 0; i < l->ld->pages[p].n; i++) {
            const lbox *b = &l->ld->pages[p].boxes[i];
            if (b->kind != LBOX_TEXT)
                continue;
            box_text(b, buf, sizeof buf);
            if (strcmp(buf, s) == 0)
                return b;
        }
    return NULL;
}

static bool lay(laid_doc *l, const char *table)
{
    size_t n = strlen(table) + 64;
    char *body = malloc(n);
    snprintf(body, n, "<avsnitt><rubrik>R</rubrik>%s</avsnitt>", table);
    bool ok = laid_open(l, NULL, body, 0) && l->ld;
    free(body);
    return ok;
}

TEST(test_table_cols_units_digits_align)
{
    /* "1 234,5", "12", ".." and "88 %": the units digits (and the right
     * edge of a missing-value mark) on one vertical; right-aligned, "12"
     * would stand a decimal comma and a digit further right */
    laid_doc l;
    CHECK(lay(&l, "<tabell><kolumn typ=\"text\">Rad</kolumn>"
                  "<kolumn typ=\"tal\" summeras=\"nej\">Antal</kolumn>"
                  "<kolumn typ=\"procent\" summeras=\"nej\">Andel</kolumn>"
                  "<rad><cell>a</cell><cell>1 234,5</cell><cell>88</cell></rad>"
                  "<rad><cell>b</cell><cell>12</cell><cell>4,25 %</cell></rad>"
                  "<rad><cell>c</cell><cell>..</cell><cell>-</cell></rad>"
                  "</tabell>"));
    if (!l.ld) {
        laid_close(&l);
        return;
    }
    const lbox *a = find_box(&l, "1~234,5"), *b = find_box(&l, "12");
    const lbox *m = find_box(&l, "..");
    CHECK(a && b && m);
    if (a && b && m) {
        int32_t units = a->x + a->w - 2 * GLYPH; /* less ",5" */
        CHECK_INT(b->x + b->w, units);
        CHECK_INT(m->x + m->w, units);
        CHECK(b->x + b->w < a->x + a->w); /* not simply right-aligned */
    }
    /* procent: the tail is ",25 %" at most; "88 %" and "-" share the
     * units position of "4,25 %" */
    const lbox *p1 = find_box(&l, "88~%"), *p2 = find_box(&l, "4,25~%");
    const lbox *p3 = find_box(&l, "-");
    CHECK(p1 && p2 && p3);
    if (p1 && p2 && p3) {
        int32_t units = p2->x + GLYPH; /* after "4" */
        CHECK_INT(p1->x + 2 * GLYPH, units);
        CHECK_INT(p3->x + p3->w, units);
        /* the column head ends where the widest figure does */
        const lbox *h = find_box(&l, "Andel");
        CHECK(h != NULL);
        if (h)
            CHECK_INT(h->x + h->w, p2->x + p2->w);
    }
    laid_close(&l);
}

TEST(test_table_cols_fixed_and_share_widths)
{
    /* bredd="30mm" is 30 mm exactly (72/25.4 pt a mm); "2*" and "1*"
     * split what is left 2:1 */
    laid_doc l;
    CHECK(lay(&l, "<tabell>"
                  "<kolumn typ=\"text\" bredd=\"30mm\">Fast</kolumn>"
                  "<kolumn typ=\"text\" bredd=\"2*\">Dubbel</kolumn>"
                  "<kolumn typ=\"text\" bredd=\"1*\">Enkel</kolumn>"
                  "<rad><cell>a</cell><cell>b</cell><cell>c</cell></rad>"
                  "</tabell>"));
    if (!l.ld) {
        laid_close(&l);
        return;
    }
    const lbox *f = find_box(&l, "Fast"), *d = find_box(&l, "Dubbel");
    const lbox *e = find_box(&l, "Enkel");
    CHECK(f && d && e);
    if (f && d && e) {
        int32_t w0 = d->x - f->x; /* left-aligned: same padding in each */
        CHECK(abs(w0 - 85039) <= 1);
        int32_t w1 = e->x - d->x;
        int32_t right = l.st.page_w - l.st.margin_outer;
        int32_t x0 = f->x - 3000; /* the cell padding */
        int32_t w2 = right - (e->x - 3000);
        CHECK(abs(w1 - 2 * w2) <= 2);
        CHECK(abs((w0 + w1 + w2) - (right - x0)) <= 2);
    }
    laid_close(&l);
}

TEST(test_table_cols_status_symbol_and_word)
{
    /* a status cell: a symbol of its own shape in front of the word; the
     * symbol reads as nothing (empty ActualText); an unknown value gets no
     * symbol */
    laid_doc l;
    CHECK(lay(&l, "<tabell><kolumn typ=\"text\">Mål</kolumn>"
                  "<kolumn typ=\"status\">Bedömning</kolumn>"
                  "<rad><cell>a</cell><cell>Delvis uppfyllt</cell></rad>"
                  "<rad><cell>b</cell><cell>EJ MÄTT</cell></rad>"
                  "<rad><cell>c</cell><cell>okänt</cell></rad>"
                  "</tabell>"));
    if (!l.ld) {
        laid_close(&l);
        return;
    }
    const lbox *s1 = find_box(&l, "\xE2\x97\x90~"); /* U+25D0 */
    const lbox *w1 = find_box(&l, "Delvis uppfyllt");
    const lbox *s2 = find_box(&l, "\xE2\x97\x8C~"); /* U+25CC */
    const lbox *w2 = find_box(&l, "EJ MÄTT");
    CHECK(s1 && w1 && s2 && w2);
    if (s1 && w1) {
        CHECK(s1->actual != NULL && s1->nactual == 0);
        CHECK_INT(s1->y, w1->y);
        CHECK_INT(s1->x + s1->w, w1->x);
        CHECK(w1->actual == NULL); /* the word reads as itself */
    }
    if (s2 && w2)
        CHECK_INT(s2->x + s2->w, w2->x);
    const lbox *w3 = find_box(&l, "okänt");
    CHECK(w3 != NULL);
    if (w3 && s1)
        CHECK_INT(w3->x, s1->x); /* no symbol before it */
    laid_close(&l);
}

TEST(test_table_cols_heads_hyphenated_bottom_aligned)
{
    /* eight columns of figures: "Budgetavvikelse" is much wider
     * than its figures, and the row label keeps its line only when the
     * head is hyphenated (at the balanced point of the Swedish
     * dictionary, the line ending in "-" and carrying the whole word as
     * ActualText); the one-line heads stand on the last baseline */
    laid_doc l;
    char t[4096];
    strcpy(t, "<tabell><kolumn typ=\"text\">Rad</kolumn>");
    for (int j = 0; j < 6; j++)
        strcat(t, "<kolumn typ=\"belopp\">Utfall</kolumn>");
    strcat(t, "<kolumn typ=\"belopp\">Budgetavvikelse</kolumn>");
    strcat(t, "<rad><cell>Personalkostnader och arvoden</cell>");
    for (int j = 0; j < 7; j++)
        strcat(t, "<cell>-134 550</cell>");
    strcat(t, "</rad></tabell>");
    CHECK(lay(&l, t));
    if (!l.ld) {
        laid_close(&l);
        return;
    }
    CHECK(find_box(&l, "Budgetavvikelse") == NULL);
    const lbox *u = find_box(&l, "Utfall");
    const lbox *first = NULL, *second = NULL;
    const lpage *pg = &l.ld->pages[0];
    for (size_t i = 0; i + 1 < pg->n; i++) {
        const lbox *b = &pg->boxes[i];
        if (b->kind == LBOX_TEXT && b->n > 1 && b->cps[0] == 'B' &&
            b->cps[b->n - 1] == '-') {
            first = b;
            for (size_t k = i + 1; k < pg->n && !second; k++)
                if (pg->boxes[k].kind == LBOX_TEXT && pg->boxes[k].y > b->y)
                    second = &pg->boxes[k];
        }
    }
    CHECK(first && second && u);
    if (first && second && u) {
        CHECK_INT(first->nactual, 15); /* "Budgetavvikelse" */
        CHECK_INT(u->y, second->y);    /* bottom-aligned heads */
        CHECK(first->y < second->y);
        /* two balanced parts: neither more than 10 of the 16 glyphs of
         * the word and its hyphen (the stub's glyphs are all as wide) */
        CHECK(first->w * 16 <= 10 * (first->w + second->w));
        CHECK(second->w * 16 <= 10 * (first->w + second->w));
    }
    laid_close(&l);
}

TEST(test_table_cols_status_values)
{
    CHECK_INT(status_parse("uppfyllt"), STATUS_MET);
    CHECK_INT(status_parse("  Delvis\n uppfyllt "), STATUS_PARTLY);
    CHECK_INT(status_parse("EJ UPPFYLLT"), STATUS_NOT_MET);
    CHECK_INT(status_parse("Ej M\xC3\x84TT"), STATUS_NOT_MEASURED);
    CHECK_INT(status_parse(""), STATUS_EMPTY);
    CHECK_INT(status_parse("uppnått"), STATUS_UNKNOWN);
    CHECK_INT(status_parse("uppfyllt!"), STATUS_UNKNOWN);
    /* four distinct shapes */
    uint32_t s[4] = {status_symbol(STATUS_MET), status_symbol(STATUS_PARTLY),
                     status_symbol(STATUS_NOT_MET),
                     status_symbol(STATUS_NOT_MEASURED)};
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            CHECK(s[i] && s[i] != s[j]);
}

TEST(test_table_cols_heads_whole_when_labels_wrap)
{
    /* the same columns beside row labels too long for two fifths of the
     * measure: the labels wrap anyway, so the heads keep their words */
    laid_doc l;
    char t[4096];
    strcpy(t, "<tabell><kolumn typ=\"text\">Rad</kolumn>");
    for (int j = 0; j < 6; j++)
        strcat(t, "<kolumn typ=\"belopp\">Utfall</kolumn>");
    strcat(t, "<kolumn typ=\"belopp\">Budgetavvikelse</kolumn>");
    strcat(t, "<rad><cell>Personalkostnader och arvoden till familjehem och "
              "kontaktpersoner</cell>");
    for (int j = 0; j < 7; j++)
        strcat(t, "<cell>-134 550</cell>");
    strcat(t, "</rad></tabell>");
    CHECK(lay(&l, t));
    if (l.ld)
        CHECK(find_box(&l, "Budgetavvikelse") != NULL);
    laid_close(&l);
}
