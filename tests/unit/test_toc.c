/* test_toc.c: the table of contents and the draft's problem pages, with
 * the stub font. Every contents entry is checked against the page that
 * carries its heading: the number printed in the entry (the text box
 * before the entry's link) must be the printed number (lpage.number) of
 * the page holding the destination the link goes to, also when the
 * contents run over several pages and push the body down. */
#include <stdlib.h>

#include "../../src/layout/layout.h"
#include "../../src/parse/parse.h"
#include "fixture.h"
#include "harness.h"

/* n chapters, each with a paragraph of lines one-line paragraphs and,
 * when sub > 0, sub subsections (each with a level-3 subsection). */
static char *chapters(int n, int lines, int sub)
{
    sbuf b = {0};
    char t[512];
    for (int i = 0; i < n; i++) {
        snprintf(t, sizeof t, "<avsnitt><rubrik>Kapitel %d</rubrik>", i + 1);
        sbuf_put(&b, t);
        for (int k = 0; k < lines; k++)
            sbuf_put(&b, "<stycke>aaaa aaaa aaaa.</stycke>");
        for (int j = 0; j < sub; j++) {
            snprintf(t, sizeof t,
                     "<avsnitt><rubrik>Del %d.%d</rubrik><stycke>bbbb."
                     "</stycke><avsnitt><rubrik>Djup %d.%d</rubrik><stycke>"
                     "cccc.</stycke></avsnitt></avsnitt>",
                     i + 1, j + 1, i + 1, j + 1);
            sbuf_put(&b, t);
        }
        sbuf_put(&b, "</avsnitt>");
    }
    return b.s;
}

/* The text of a box as UTF-8 (ASCII and å/ä/ö are enough here). */
static void box_text(const lbox *b, char *out, size_t cap)
{
    size_t k = 0;
    for (uint32_t i = 0; i < b->n && k + 3 < cap; i++) {
        uint32_t cp = b->cps[i];
        if (cp < 0x80) {
            out[k++] = (char)cp;
        } else {
            out[k++] = (char)(0xC0 | (cp >> 6));
            out[k++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[k] = '\0';
}

static bool page_has(const lpage *pg, const char *s)
{
    char t[512];
    for (size_t i = 0; i < pg->n; i++)
        if (pg->boxes[i].kind == LBOX_TEXT) {
            box_text(&pg->boxes[i], t, sizeof t);
            if (strstr(t, s))
                return true;
        }
    return false;
}

static int dest_page(const layout_doc *ld, const char *name)
{
    for (size_t p = 0; p < ld->npages; p++)
        for (size_t i = 0; i < ld->pages[p].n; i++) {
            const lbox *b = &ld->pages[p].boxes[i];
            if (b->kind == LBOX_DEST && strcmp(b->target, name) == 0)
                return (int)p;
        }
    return -1;
}

/* A contents entry as set: its page, link and printed number. */
typedef struct {
    int page;
    const lbox *link, *number, *leader;
} toc_ent;

/* The contents entries of ld: internal links on pages that carry no
 * outline heading, before the first one that does. */
static size_t toc_entries(const layout_doc *ld, toc_ent *v, size_t cap)
{
    int first_body = ld->noutline ? ld->outline[0].page : (int)ld->npages;
    size_t n = 0;
    for (int p = 0; p < first_body; p++) {
        const lpage *pg = &ld->pages[p];
        for (size_t i = 2; i < pg->n; i++) {
            const lbox *b = &pg->boxes[i];
            if (b->kind != LBOX_LINK || b->uri || n == cap)
                continue;
            v[n++] = (toc_ent){p, b, &pg->boxes[i - 1], &pg->boxes[i - 2]};
        }
    }
    return n;
}

/* Every entry prints the number of the page its link goes to; returns
 * the number of entries. */
static size_t check_entries(const layout_doc *ld)
{
    toc_ent v[512];
    size_t n = toc_entries(ld, v, 512);
    for (size_t i = 0; i < n; i++) {
        char t[32];
        CHECK(v[i].number->kind == LBOX_TEXT && !v[i].number->artifact);
        box_text(v[i].number, t, sizeof t);
        int p = dest_page(ld, v[i].link->target);
        CHECK(p >= 0);
        if (p >= 0)
            CHECK_INT(atoi(t), ld->pages[p].number);
        /* the number right-aligned at the measure, the leaders clear of
         * it */
        CHECK_INT(v[i].number->x + v[i].number->w, v[i].link->x + v[i].link->w);
        if (v[i].leader->n > 0)
            CHECK(v[i].leader->x + v[i].leader->w < v[i].number->x);
    }
    return n;
}

/* 80 chapters: the contents take two pages and push the body down by
 * two, and every entry still points at its heading's page. */
TEST(test_toc_two_pages_exact)
{
    char *body = chapters(80, 6, 0);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    free(body);
    const layout_doc *ld = l.ld;
    CHECK(page_has(&ld->pages[0], "Innehåll"));
    size_t n = check_entries(ld);
    CHECK_INT(n, 80);
    /* the contents take the pages before the first heading */
    int ntoc = ld->outline[0].page;
    CHECK(ntoc >= 2);
    CHECK_INT(ld->pages[ntoc].number, ntoc + 1);
    /* the first entry prints the first body page's number, which counts
     * the contents pages */
    toc_ent v[512];
    toc_entries(ld, v, 512);
    char t[32];
    box_text(v[0].number, t, sizeof t);
    CHECK_INT(atoi(t), ntoc + 1);
    /* the entries are the headings, in order */
    for (size_t i = 0; i < n && i < ld->noutline; i++)
        CHECK_STR(v[i].link->target, ld->outline[i].dest);
    /* pages numbered on without a gap, outline pages shifted with them */
    for (size_t p = 0; p < ld->npages; p++)
        CHECK_INT(ld->pages[p].number, (int)p + 1);
    for (size_t i = 0; i < ld->noutline; i++)
        CHECK_INT(dest_page(ld, ld->outline[i].dest), ld->outline[i].page);
    laid_close(&l);
}

/* Sweeping the number of chapters sweeps where the contents break: at
 * every count each entry is exact and no entry is split over two pages
 * (its link lies within one page's text block). */
TEST(test_toc_sweep_exact)
{
    for (int k = 30; k <= 130; k += 7) {
        char *body = chapters(k, 4, 1);
        laid_doc l;
        CHECK(laid_open(&l, NULL, body, 0));
        free(body);
        size_t n = check_entries(l.ld);
        CHECK_INT(n, (size_t)k * 2); /* chapters and their level 2 */
        toc_ent v[512];
        n = toc_entries(l.ld, v, 512);
        for (size_t i = 0; i < n; i++)
            CHECK(v[i].link->y + v[i].link->h <=
                  l.st.page_h - l.st.margin_bottom);
        laid_close(&l);
    }
}

/* The contents never end with a page of one or two entries: less space
 * above the chapter entries takes them back onto the page before. Swept
 * over every chapter count from one page of contents to three, and each
 * entry stays exact. */
TEST(test_toc_no_short_last_page)
{
    for (int k = 30; k <= 130; k++) {
        char *body = chapters(k, 2, 0);
        laid_doc l;
        CHECK(laid_open(&l, NULL, body, 0));
        free(body);
        CHECK_INT(check_entries(l.ld), (size_t)k);
        toc_ent v[512];
        size_t n = toc_entries(l.ld, v, 512);
        size_t last = 0;
        for (size_t i = 0; i < n; i++)
            last += v[i].page == v[n - 1].page;
        if (v[n - 1].page > 0 && last < 3)
            printf("  %d chapters: %zu entries on the last contents page\n", k,
                   last);
        CHECK(v[n - 1].page == 0 || last >= 3);
        laid_close(&l);
    }
}

/* Default depth two: level-3 headings are in the outline, not in the
 * contents; level 2 is indented under level 1. */
TEST(test_toc_depth_two)
{
    char *body = chapters(6, 20, 2);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    free(body);
    toc_ent v[64];
    size_t n = toc_entries(l.ld, v, 64);
    CHECK_INT(n, 6 * 3);
    bool deep = false;
    for (size_t p = 0; p < (size_t)l.ld->outline[0].page; p++)
        deep = deep || page_has(&l.ld->pages[p], "Djup");
    CHECK(!deep);
    CHECK(v[1].link->x > v[0].link->x); /* "1.1" under "1" */
    CHECK_INT(v[2].link->x, v[1].link->x);
    check_entries(l.ld);
    laid_close(&l);
}

/* The leaders stand on one grid: every dot of every entry is a whole
 * number of pitches (half an em) from the text block's left edge. */
TEST(test_toc_leaders_on_grid)
{
    char *body = chapters(6, 20, 2);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    free(body);
    toc_ent v[64];
    size_t n = toc_entries(l.ld, v, 64);
    int32_t pitch = l.st.body_size / 2;
    int32_t dotw = l.st.body_size / 2; /* the stub's glyphs: half an em */
    size_t with_dots = 0;
    for (size_t i = 0; i < n; i++) {
        const lbox *b = v[i].leader;
        CHECK(b->artifact);
        if (b->n == 0)
            continue;
        with_dots++;
        CHECK_INT((b->x - (pitch - dotw) / 2 - l.st.margin_inner) % pitch, 0);
        CHECK_INT(b->cps[0], '.');
    }
    CHECK(with_dots == n);
    laid_close(&l);
}

/* No contents where they would not help: a short body, or one chapter. */
TEST(test_toc_none_when_short)
{
    char *body = chapters(3, 2, 0);
    laid_doc l;
    CHECK(laid_open(&l, NULL, body, 0));
    free(body);
    CHECK(!page_has(&l.ld->pages[0], "Innehåll"));
    CHECK_INT(l.ld->outline[0].page, 0);
    laid_close(&l);
    body = chapters(1, 200, 3);
    CHECK(laid_open(&l, NULL, body, 0));
    free(body);
    CHECK(l.ld->npages >= 4);
    CHECK_INT(l.ld->outline[0].page, 0);
    laid_close(&l);
}

/* --- the problem pages of a draft ----------------------------------------
 */

static layout_doc *draft_layout(doc *d, diag_list *dl, arena *a, font_set *fs,
                                bool draft)
{
    layout_style st;
    layout_style_default(&st);
    st.hyph = test_hyph();
    st.cover = false; /* the problem pages, not the cover */
    st.draft = draft;
    return layout_document(d, fs, &st, a, dl);
}

TEST(test_problems_last_page)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = test_doc_parse("<avsnitt><rubrik>Ett</rubrik><stycke>aaaa."
                            "</stycke></avsnitt>",
                            dl);
    CHECK(d != NULL);
    diag *e = diag_add(dl, DIAG_ERROR, "t.xml", 7, 3, "SUM-01", MSG_SUM_TOTAL,
                       "1 200", "1 100", "Budget");
    diag_hint(dl, e, MSG_SUM_TOTAL_GROUP_HINT, "100");
    diag_add(dl, DIAG_WARNING, "t.xml", 9, 1, "TYPO-02", MSG_SUM_TOTAL, "1",
             "2", "x");
    diag_add(dl, DIAG_WARNING, "t.xml", 9, 5, "TYPO-04", MSG_SUM_TOTAL, "1",
             "2", "x");
    diag_suppress(dl, "TYPO-04");
    font_set *fs = font_set_stub();
    arena *a = arena_new();
    layout_doc *ld = draft_layout(d, dl, a, fs, true);
    CHECK_INT(ld->npages, 2);
    const lpage *last = &ld->pages[ld->npages - 1];
    CHECK(page_has(last, "Problem i utkastet"));
    CHECK(page_has(last, "fel SUM-01 7:3"));
    CHECK(page_has(last, "1\xC2\xA0"
                         "200"));
    CHECK(page_has(last, "tips: skillnaden"));
    CHECK(page_has(last, "varning TYPO-02 9:1"));
    CHECK(!page_has(last, "TYPO-04")); /* switched off by the document */
    CHECK(page_has(last, "UTKAST"));   /* marked like every page */
    CHECK_INT(last->number, 2);
    arena_free(a);
    /* not a draft: no problem page */
    a = arena_new();
    ld = draft_layout(d, dl, a, fs, false);
    CHECK_INT(ld->npages, 1);
    arena_free(a);
    font_set_free(fs);
    doc_free(d);
    diag_list_free(dl);
}

/* Many problems continue over pages, each kept whole; a document in
 * English (xml:lang) gets an English list whatever the messages' language
 * (issue 19: --lang chooses the messages only). */
TEST(test_problems_many_pages_english)
{
    diag_list *dl = diag_list_new(LANG_SV);
    static const char english[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rapport xmlns=\"urn:arsrapport:1\" typ=\"delarsrapport\" "
        "xml:lang=\"en\">\n"
        "<metadata><titel>T</titel><organisation>O</organisation>"
        "<datum>2023-09-12</datum></metadata>\n"
        "<avsnitt><rubrik>One</rubrik><stycke>aaaa.</stycke></avsnitt>"
        "</rapport>\n";
    doc *d = parse_memory(test_schema(), "t.xml", english, strlen(english), dl);
    /* and a Swedish one with English messages: a Swedish list */
    diag_list *dl_en = diag_list_new(LANG_EN);
    doc *sv = test_doc_parse("<avsnitt><rubrik>Ett</rubrik><stycke>aaaa."
                             "</stycke></avsnitt>",
                             dl_en);
    diag *w = diag_add(dl_en, DIAG_ERROR, "t.xml", 3, 2, "SUM-01",
                       MSG_SUM_TOTAL, "1", "2", "c");
    diag_hint(dl_en, w, MSG_SUM_TOTAL_GROUP_HINT, "1");
    {
        font_set *fs = font_set_stub();
        arena *a = arena_new();
        layout_doc *ld = draft_layout(sv, dl_en, a, fs, true);
        const lpage *last = &ld->pages[ld->npages - 1];
        CHECK(page_has(last, "Problem i utkastet"));
        CHECK(page_has(last, "fel SUM-01"));
        CHECK(!page_has(last, "Problems in the draft"));
        arena_free(a);
        font_set_free(fs);
        doc_free(sv);
        diag_list_free(dl_en);
    }
    for (int i = 0; i < 150; i++) {
        diag *e = diag_add(dl, DIAG_ERROR, "t.xml", (uint32_t)(10 + i), 2,
                           "SUM-01", MSG_SUM_TOTAL, "1", "2", "c");
        diag_hint(dl, e, MSG_SUM_TOTAL_GROUP_HINT, "1");
    }
    font_set *fs = font_set_stub();
    arena *a = arena_new();
    layout_doc *ld = draft_layout(d, dl, a, fs, true);
    CHECK(ld->npages >= 3);
    CHECK(page_has(&ld->pages[1], "Problems in the draft"));
    /* (the space after "SUM-01" is a digit group's no-break space) */
    CHECK(page_has(&ld->pages[ld->npages - 1], "error SUM-01"));
    CHECK(page_has(&ld->pages[ld->npages - 1], "159:2"));
    /* nothing below the text block, and a problem's hint never opens a
     * page (kept with its message) */
    layout_style st;
    layout_style_default(&st);
    st.hyph = test_hyph();
    st.cover = false; /* the problem pages, not the cover */
    for (size_t p = 1; p < ld->npages; p++) {
        const lpage *pg = &ld->pages[p];
        for (size_t i = 0; i < pg->n; i++)
            if (!pg->boxes[i].artifact)
                CHECK(pg->boxes[i].y <= st.page_h - st.margin_bottom);
        for (size_t i = 0; i < pg->n; i++) {
            const lbox *b = &pg->boxes[i];
            if (b->kind != LBOX_TEXT || b->artifact)
                continue;
            char t[64];
            box_text(b, t, sizeof t);
            CHECK(strncmp(t, "hint", 4) != 0);
            break;
        }
    }
    arena_free(a);
    font_set_free(fs);
    doc_free(d);
    diag_list_free(dl);
}
