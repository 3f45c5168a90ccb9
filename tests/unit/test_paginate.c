/* test_paginate.c: pagination rules with the stub font (every glyph
 * 500/1000 em, spaces 250): headings kept with what follows, no widows or
 * orphans, list items, footnotes at the foot of the referencing page,
 * page breaks, spacing, and the statistics that count what was placed.
 *
 * Most tests sweep the amount of text before the block under test, so
 * that the block meets the page foot at every position a line can take,
 * and check the rule at each: a rule that holds only where a fixed test
 * document happens to put the break would pass a fixed test by luck. */
#include <stdlib.h>

#include "../../src/layout/layout.h"
#include "../../src/parse/parse.h"
#include "fixture.h"
#include "harness.h"

typedef laid_doc pfix;

/* Lays out body; page_h > 0 sets a page height (the margins stay). */
static bool play(pfix *f, const char *body, int32_t page_h)
{
    return laid_open(f, NULL, body, page_h);
}

static void unplay(pfix *f)
{
    laid_close(f);
}

/* n words of the given letter ("zzzz zzzz ..."). */
static void put_words(sbuf *b, char letter, int n)
{
    char w[6] = {letter, letter, letter, letter, ' ', '\0'};
    for (int i = 0; i < n; i++) {
        if (i == n - 1)
            w[4] = '\0';
        sbuf_put(b, w);
    }
}

/* k one-line paragraphs of filler (words of 'a'). */
static void put_filler(sbuf *b, int k)
{
    for (int i = 0; i < k; i++)
        sbuf_put(b, "<stycke>aaaa aaaa aaaa</stycke>");
}

/* Filler for step s of a sweep: s/2 one-line paragraphs, after a
 * two-line one when s is odd. A one-line paragraph with its space takes
 * 1.4 lines, so the one-line ones alone would skip some of the room
 * counts left at the page foot; the odd steps fill those in. */
static void put_filler_step(sbuf *b, int s)
{
    if (s % 2) {
        sbuf_put(b, "<stycke>");
        put_words(b, 'a', 20);
        sbuf_put(b, "</stycke>");
    }
    put_filler(b, s / 2);
}

static bool is_body_text(const pfix *f, const lbox *b)
{
    return b->kind == LBOX_TEXT && !b->artifact && b->size == f->st.body_size;
}

/* Lines of the paragraph written in `letter` on each page (one box per
 * line: a line of one style is one run). */
static void lines_per_page(const pfix *f, uint32_t letter, int *per_page,
                           size_t maxpages)
{
    for (size_t p = 0; p < f->ld->npages && p < maxpages; p++) {
        per_page[p] = 0;
        for (size_t i = 0; i < f->ld->pages[p].n; i++) {
            const lbox *b = &f->ld->pages[p].boxes[i];
            if (is_body_text(f, b) && b->n > 0 && b->cps[0] == letter)
                per_page[p]++;
        }
    }
}

/* The page (0-based) of the first box of kind k with this target, or -1;
 * its y in *y. */
static int find_target(const pfix *f, lbox_kind k, const char *target,
                       int32_t *y)
{
    for (size_t p = 0; p < f->ld->npages; p++)
        for (size_t i = 0; i < f->ld->pages[p].n; i++) {
            const lbox *b = &f->ld->pages[p].boxes[i];
            if (b->kind == k && b->target && strcmp(b->target, target) == 0) {
                if (y)
                    *y = b->y;
                return (int)p;
            }
        }
    return -1;
}

/* The baseline of a line box of this leading whose top is at y (as
 * layout places it). */
static int32_t line_baseline(int32_t y, int32_t leading, int32_t size)
{
    return y + leading / 2 + size * 3 / 10;
}

static bool no_violations(const pfix *f)
{
    return f->ld->stats.widows == 0 && f->ld->stats.orphans == 0 &&
           f->ld->stats.stranded_headings == 0;
}

/* A heading met near the page foot goes to the next page with the first
 * two lines of its paragraph; at the top of a page its space before is
 * dropped. */
TEST(test_paginate_heading_kept_with_paragraph)
{
    int moved = 0;
    for (int k = 40; k < 68; k++) {
        sbuf b = {0};
        /* a subsection: a chapter heading (depth 1) also wants room for
         * six lines, which would hide the keep rule */
        sbuf_put(&b, "<avsnitt><rubrik>Kapitel</rubrik>");
        put_filler_step(&b, k);
        sbuf_put(&b, "<avsnitt><rubrik>Rubrik</rubrik><stycke>");
        put_words(&b, 'z', 80);
        sbuf_put(&b, "</stycke></avsnitt></avsnitt>");
        pfix f;
        CHECK(play(&f, b.s, 0));
        free(b.s);
        if (!f.ld) {
            unplay(&f);
            continue;
        }
        int32_t hy = 0;
        int hp = -1;
        for (size_t p = 0; p < f.ld->npages && hp < 0; p++)
            for (size_t i = 0; i < f.ld->pages[p].n; i++) {
                const lbox *x = &f.ld->pages[p].boxes[i];
                if (x->kind == LBOX_TEXT && x->size == f.st.h_size[1]) {
                    hp = (int)p;
                    hy = x->y;
                    break;
                }
            }
        CHECK(hp >= 0);
        if (hp < 0) {
            unplay(&f);
            continue;
        }
        int zs[16] = {0};
        lines_per_page(&f, 'z', zs, 16);
        CHECK(zs[hp] >= 2); /* two lines of what follows on its page */
        bool first_on_page = true;
        for (size_t i = 0; i < f.ld->pages[hp].n; i++) {
            const lbox *x = &f.ld->pages[hp].boxes[i];
            if (is_body_text(&f, x) && x->y < hy)
                first_on_page = false;
        }
        if (hp > 0 && first_on_page) {
            moved++;
            /* at the top of the page: no space before it */
            CHECK_INT(hy,
                      line_baseline(f.st.margin_top, f.st.h_size[1] * 13 / 10,
                                    f.st.h_size[1]));
        }
        CHECK(no_violations(&f));
        unplay(&f);
    }
    CHECK(moved > 0); /* the sweep did reach the page foot */
}

/* A section heading directly followed by a subsection heading: both stay
 * with the first lines of the text, and neither is counted stranded. */
TEST(test_paginate_consecutive_headings_together)
{
    for (int k = 40; k < 68; k++) {
        sbuf b = {0};
        sbuf_put(&b, "<avsnitt><rubrik>Kapitel</rubrik>");
        put_filler_step(&b, k);
        sbuf_put(&b,
                 "<avsnitt><rubrik>Ett</rubrik><avsnitt><rubrik>Två</rubrik>"
                 "<stycke>");
        put_words(&b, 'z', 60);
        sbuf_put(&b, "</stycke></avsnitt></avsnitt></avsnitt>");
        pfix f;
        CHECK(play(&f, b.s, 0));
        free(b.s);
        if (!f.ld) {
            unplay(&f);
            continue;
        }
        int p1 = -1, p2 = -1;
        for (size_t p = 0; p < f.ld->npages; p++)
            for (size_t i = 0; i < f.ld->pages[p].n; i++) {
                const lbox *x = &f.ld->pages[p].boxes[i];
                if (x->kind != LBOX_TEXT || x->artifact)
                    continue;
                if (x->size == f.st.h_size[1] && p1 < 0)
                    p1 = (int)p;
                if (x->size == f.st.h_size[2] && p2 < 0)
                    p2 = (int)p;
            }
        int zs[16] = {0};
        lines_per_page(&f, 'z', zs, 16);
        CHECK(p1 >= 0 && p1 == p2);
        if (p2 >= 0)
            CHECK(zs[p2] >= 2);
        CHECK(no_violations(&f));
        unplay(&f);
    }
}

/* A heading followed by a table keeps the table's caption, header and
 * first rows on its page. */
TEST(test_paginate_heading_kept_with_table)
{
    for (int k = 40; k < 68; k++) {
        sbuf b = {0};
        sbuf_put(&b, "<avsnitt><rubrik>Kapitel</rubrik>");
        put_filler_step(&b, k);
        sbuf_put(&b, "<avsnitt><rubrik>Tabellen</rubrik><tabell><rubrik>Tt"
                     "</rubrik><kolumn typ=\"text\">Rad</kolumn>"
                     "<kolumn typ=\"belopp\">Budget</kolumn>");
        for (int r = 0; r < 6; r++)
            sbuf_put(&b, "<rad><cell>rad</cell><cell>1 000</cell></rad>");
        sbuf_put(&b, "</tabell></avsnitt></avsnitt>");
        pfix f;
        CHECK(play(&f, b.s, 0));
        free(b.s);
        if (!f.ld) {
            unplay(&f);
            continue;
        }
        int hp = -1, cp = -1, rows_on_cp = 0;
        for (size_t p = 0; p < f.ld->npages; p++)
            for (size_t i = 0; i < f.ld->pages[p].n; i++) {
                const lbox *x = &f.ld->pages[p].boxes[i];
                if (x->kind != LBOX_TEXT || x->artifact)
                    continue;
                if (x->size == f.st.h_size[1] && hp < 0)
                    hp = (int)p;
                if (x->n >= 6 && x->cps[0] == 'T' && x->cps[1] == 'a' && cp < 0)
                    cp = (int)p;
                if (x->n == 3 && x->cps[0] == 'r' && (int)p == cp)
                    rows_on_cp++;
            }
        CHECK(hp >= 0 && hp == cp);
        CHECK(rows_on_cp >= 2);
        CHECK(no_violations(&f));
        unplay(&f);
    }
}

/* A paragraph split by a page break leaves at least two lines on each
 * side; a three-line paragraph that does not fit moves whole. */
TEST(test_paginate_no_widow_no_orphan)
{
    int split = 0, moved3 = 0;
    for (int words = 0; words < 2; words++)
        for (int k = 40; k < 68; k++) {
            int nw = words == 0 ? 100 : 40; /* six lines, three lines */
            sbuf b = {0};
            put_filler_step(&b, k);
            sbuf_put(&b, "<stycke>");
            put_words(&b, 'z', nw);
            sbuf_put(&b, "</stycke>");
            put_filler(&b, 3);
            pfix f;
            CHECK(play(&f, b.s, 0));
            free(b.s);
            if (!f.ld) {
                unplay(&f);
                continue;
            }
            int zs[16] = {0};
            lines_per_page(&f, 'z', zs, 16);
            int pages = 0, total = 0;
            for (size_t p = 0; p < f.ld->npages && p < 16; p++) {
                if (zs[p] > 0) {
                    pages++;
                    CHECK(zs[p] >= 2);
                }
                total += zs[p];
            }
            CHECK_INT(total, words == 0 ? 6 : 3);
            if (words == 1) {
                CHECK_INT(pages, 1);
                /* it did stand at the foot: it starts a page */
                if (zs[0] == 0)
                    moved3++;
            } else if (pages > 1) {
                split++;
            }
            CHECK(no_violations(&f));
            unplay(&f);
        }
    CHECK(split > 0);
    CHECK(moved3 > 0);
}

/* A list item's first two lines stay together, with the label on the
 * first. */
TEST(test_paginate_list_item_first_lines)
{
    int moved = 0;
    for (int k = 40; k < 68; k++) {
        sbuf b = {0};
        put_filler_step(&b, k);
        sbuf_put(&b, "<lista><punkt>");
        put_words(&b, 'z', 60);
        sbuf_put(&b, "</punkt></lista>");
        pfix f;
        CHECK(play(&f, b.s, 0));
        free(b.s);
        if (!f.ld) {
            unplay(&f);
            continue;
        }
        int zs[16] = {0};
        lines_per_page(&f, 'z', zs, 16);
        int first = -1;
        for (size_t p = 0; p < f.ld->npages && p < 16; p++)
            if (zs[p] > 0) {
                if (first < 0)
                    first = (int)p;
                CHECK(zs[p] >= 2);
            }
        /* the bullet is on the page of the first line, on its baseline */
        int32_t zy = -1, by = -2;
        for (size_t i = 0; first >= 0 && i < f.ld->pages[first].n; i++) {
            const lbox *x = &f.ld->pages[first].boxes[i];
            if (!is_body_text(&f, x) || x->n == 0)
                continue;
            if (x->cps[0] == 0x2022 && by == -2)
                by = x->y;
            if (x->cps[0] == 'z' && zy == -1)
                zy = x->y;
        }
        CHECK(by == zy);
        if (first > 0)
            moved++;
        CHECK(no_violations(&f));
        unplay(&f);
    }
    CHECK(moved > 0);
}

/* Footnotes: numbered through the document, each set at the foot of the
 * page that has its reference, under a short rule, below all body text
 * of that page. */
TEST(test_paginate_footnotes_on_reference_page)
{
    int at_foot = 0;
    for (int k = 36; k < 68; k++) {
        sbuf b = {0};
        put_filler_step(&b, k);
        for (int n = 0; n < 3; n++) {
            sbuf_put(&b, "<stycke>");
            put_words(&b, 'z', 30);
            sbuf_put(&b, "<fotnot>");
            put_words(&b, 'n', 40);
            sbuf_put(&b, "</fotnot> ");
            put_words(&b, 'z', 30);
            sbuf_put(&b, "</stycke>");
        }
        pfix f;
        CHECK(play(&f, b.s, 0));
        free(b.s);
        if (!f.ld) {
            unplay(&f);
            continue;
        }
        CHECK_INT(f.ld->stats.footnotes, 3);
        int last_page = -1;
        int32_t last_y = 0;
        for (int n = 1; n <= 3; n++) {
            char name[32];
            snprintf(name, sizeof name, "fotnot-%d", n);
            int32_t ly = 0, dy = 0;
            int lp = find_target(&f, LBOX_LINK, name, &ly);
            int dp = find_target(&f, LBOX_DEST, name, &dy);
            CHECK(lp >= 0);
            CHECK_INT(dp, lp);
            /* numbered in reading order */
            CHECK(dp > last_page || (dp == last_page && dy > last_y));
            last_page = dp;
            last_y = dy;
        }
        /* on every page: body text above the rule, notes below it */
        for (size_t p = 0; p < f.ld->npages; p++) {
            const lpage *pg = &f.ld->pages[p];
            int32_t body_max = 0, note_min = INT32_MAX, rule_y = -1;
            for (size_t i = 0; i < pg->n; i++) {
                const lbox *x = &pg->boxes[i];
                if (x->kind == LBOX_RULE && !x->artifact && x->w < 200000)
                    rule_y = x->y;
                if (x->kind != LBOX_TEXT || x->artifact)
                    continue;
                if (x->size == f.st.body_size && x->y > body_max)
                    body_max = x->y;
                if (x->size == f.st.note_size && x->y < note_min)
                    note_min = x->y;
            }
            if (note_min == INT32_MAX)
                continue;
            CHECK(rule_y > body_max);
            CHECK(note_min > rule_y);
            if (note_min > f.st.page_h - f.st.margin_bottom - 60000)
                at_foot++;
            CHECK(note_min < f.st.page_h - f.st.margin_bottom);
        }
        unplay(&f);
    }
    CHECK(at_foot > 0);
}

/* A note too long for the room left continues at the foot of the next
 * page, before that page's own notes; the line that references it stays
 * on the page where the note starts. */
TEST(test_paginate_long_footnote_continues)
{
    int continued = 0;
    for (int k = 30; k < 68; k++) {
        sbuf b = {0};
        put_filler_step(&b, k);
        /* the reference on the third of six lines: a split note fills
         * the foot, so the page ends after that line and the paragraph
         * still has two lines on each side */
        sbuf_put(&b, "<stycke>");
        put_words(&b, 'z', 40);
        sbuf_put(&b, "<fotnot>");
        put_words(&b, 'n', 400); /* about 18 lines */
        sbuf_put(&b, "</fotnot> ");
        put_words(&b, 'z', 60);
        sbuf_put(&b, "</stycke>");
        put_filler(&b, 30);
        sbuf_put(&b, "<stycke>");
        put_words(&b, 'y', 10);
        sbuf_put(&b, "<fotnot>mmmm mmmm</fotnot></stycke>");
        put_filler(&b, 30);
        pfix f;
        CHECK(play(&f, b.s, 0));
        free(b.s);
        if (!f.ld) {
            unplay(&f);
            continue;
        }
        int lp = find_target(&f, LBOX_LINK, "fotnot-1", NULL);
        int dp = find_target(&f, LBOX_DEST, "fotnot-1", NULL);
        CHECK(lp >= 0 && lp == dp);
        int32_t d2y = 0;
        int d2p = find_target(&f, LBOX_DEST, "fotnot-2", &d2y);
        CHECK_INT(d2p, find_target(&f, LBOX_LINK, "fotnot-2", NULL));
        int per_page[16] = {0}, total = 0, pages = 0;
        for (size_t p = 0; p < f.ld->npages && p < 16; p++) {
            for (size_t i = 0; i < f.ld->pages[p].n; i++) {
                const lbox *x = &f.ld->pages[p].boxes[i];
                if (x->kind == LBOX_TEXT && x->size == f.st.note_size &&
                    x->n > 0 && (x->cps[0] == 'n' || x->cps[0] == '1')) {
                    per_page[p]++;
                    /* the continuation comes before note 2 */
                    if ((int)p == d2p)
                        CHECK(x->y < d2y);
                }
            }
            total += per_page[p];
            pages += per_page[p] > 0;
        }
        CHECK(total >= 15);
        if (pages > 1) {
            continued++;
            CHECK(per_page[dp] >= 2); /* at least two lines where it starts */
            CHECK(per_page[dp + 1] > 0);
        }
        unplay(&f);
    }
    CHECK(continued > 0);
}

/* An explicit page break starts a new page: the next text at its top
 * (the space before it dropped); two breaks in a row, a break on an
 * empty page and a break at the end make no empty page. */
TEST(test_paginate_page_breaks)
{
    pfix f;
    CHECK(play(&f,
               "<stycke>Ett</stycke><sidbrytning/><stycke>Två</stycke>"
               "<sidbrytning/><sidbrytning/><stycke>Tre</stycke>"
               "<sidbrytning/>",
               0));
    if (f.ld) {
        CHECK_INT(f.ld->npages, 3);
        for (size_t p = 0; p < f.ld->npages && p < 3; p++) {
            int lines = 0;
            for (size_t i = 0; i < f.ld->pages[p].n; i++) {
                const lbox *x = &f.ld->pages[p].boxes[i];
                if (is_body_text(&f, x)) {
                    lines++;
                    CHECK_INT(x->y,
                              line_baseline(f.st.margin_top, f.st.body_leading,
                                            f.st.body_size));
                }
            }
            CHECK_INT(lines, 1);
        }
    }
    unplay(&f);
    CHECK(play(&f,
               "<sidbrytning/><avsnitt><rubrik>R</rubrik><stycke>x"
               "</stycke></avsnitt>",
               0));
    if (f.ld)
        CHECK_INT(f.ld->npages, 1);
    unplay(&f);
}

/* Spacing is the same wherever the same blocks meet: between two
 * paragraphs on a page the gap is the style's, whatever the position. */
TEST(test_paginate_consistent_spacing)
{
    pfix f;
    sbuf b = {0};
    put_filler(&b, 80);
    CHECK(play(&f, b.s, 0));
    free(b.s);
    if (f.ld) {
        CHECK(f.ld->npages >= 2);
        for (size_t p = 0; p < f.ld->npages; p++) {
            int32_t prev = -1;
            for (size_t i = 0; i < f.ld->pages[p].n; i++) {
                const lbox *x = &f.ld->pages[p].boxes[i];
                if (!is_body_text(&f, x))
                    continue;
                if (prev < 0) /* no space at the top of a page */
                    CHECK_INT(x->y,
                              line_baseline(f.st.margin_top, f.st.body_leading,
                                            f.st.body_size));
                else
                    CHECK_INT(x->y - prev, f.st.body_leading + f.st.para_space);
                prev = x->y;
            }
        }
    }
    unplay(&f);
}

/* A block quotation is indented on both sides, its source after it. */
TEST(test_paginate_block_quote)
{
    pfix f;
    sbuf b = {0};
    sbuf_put(&b, "<stycke>före</stycke><citat kalla=\"Källan\"><stycke>");
    put_words(&b, 'q', 60);
    sbuf_put(&b, "</stycke></citat><stycke>efter</stycke>");
    CHECK(play(&f, b.s, 0));
    free(b.s);
    if (f.ld) {
        int32_t ind = 10 * MPT_PER_MM;
        int32_t left = f.st.margin_inner + ind;
        int32_t right = f.st.page_w - f.st.margin_outer - ind;
        int qlines = 0;
        int32_t qlast = 0, src_y = 0, after_y = 0;
        const lpage *pg = &f.ld->pages[0];
        for (size_t i = 0; i < pg->n; i++) {
            const lbox *x = &pg->boxes[i];
            if (x->kind != LBOX_TEXT || x->artifact || x->n == 0)
                continue;
            if (x->cps[0] == 'q') {
                qlines++;
                CHECK_INT(x->x, left);
                CHECK(x->x + x->w <= right + 1);
                qlast = x->y;
            }
            if (x->cps[0] == 0x2014) { /* "— Källan", right-aligned */
                src_y = x->y;
                CHECK(x->x + x->w >= right - 1 && x->x + x->w <= right + 1);
            }
            if (x->cps[0] == 'e')
                after_y = x->y;
        }
        CHECK(qlines >= 3);
        CHECK(src_y > qlast);
        CHECK(after_y > src_y);
    }
    unplay(&f);
}

/* Where the rules cannot hold (a page with room for two lines after the
 * heading, a three-line paragraph), the statistics count what was placed:
 * a widow; with room for one line, an orphan. */
TEST(test_paginate_statistics_count_constructed)
{
    /* the text block: the heading (18 pt x 1.3 = 23.4 pt), the space
     * after it (6 pt) and room for n lines of 15 pt, plus 5 pt */
    int32_t margins = 2 * 25 * MPT_PER_MM;
    pfix f;
    sbuf b = {0};
    sbuf_put(&b, "<avsnitt><rubrik>R</rubrik><stycke>");
    put_words(&b, 'z', 40); /* three lines */
    sbuf_put(&b, "</stycke></avsnitt>");

    CHECK(play(&f, b.s, margins + 23400 + 6000 + 2 * 15000 + 5000));
    if (f.ld) {
        int zs[16] = {0};
        lines_per_page(&f, 'z', zs, 16);
        CHECK_INT(zs[0], 2);
        CHECK_INT(zs[1], 1);
        CHECK_INT(f.ld->stats.widows, 1);
        CHECK_INT(f.ld->stats.orphans, 0);
        CHECK_INT(f.ld->stats.stranded_headings, 0);
    }
    unplay(&f);

    CHECK(play(&f, b.s, margins + 23400 + 6000 + 15000 + 5000));
    if (f.ld) {
        int zs[16] = {0};
        lines_per_page(&f, 'z', zs, 16);
        CHECK_INT(zs[0], 1);
        CHECK_INT(f.ld->stats.orphans, 1);
        CHECK_INT(f.ld->stats.widows, 0);
    }
    unplay(&f);

    /* a heading with nothing of its section after it on its page (the
     * author's page break): stranded, counted; an empty section's heading
     * has nothing to keep and is not */
    CHECK(play(&f,
               "<avsnitt><rubrik>R</rubrik><sidbrytning/><stycke>x</stycke>"
               "</avsnitt><avsnitt><rubrik>Tom</rubrik></avsnitt>"
               "<sidbrytning/><stycke>y</stycke>",
               0));
    if (f.ld) {
        CHECK_INT(f.ld->npages, 3);
        CHECK_INT(f.ld->stats.stranded_headings, 1);
    }
    unplay(&f);
    /* many empty sections, then one with text: its heading is kept with
     * the text */
    sbuf e = {0};
    for (int i = 0; i < 120; i++)
        sbuf_put(&e, "<avsnitt><rubrik>Tom</rubrik></avsnitt>");
    sbuf_put(&e, "<avsnitt><rubrik>Sist</rubrik><stycke>");
    put_words(&e, 'z', 40);
    sbuf_put(&e, "</stycke></avsnitt>");
    CHECK(play(&f, e.s, 0));
    free(e.s);
    if (f.ld) {
        CHECK(f.ld->npages >= 2);
        CHECK_INT(f.ld->stats.stranded_headings, 0);
        /* nothing runs past the foot */
        for (size_t p = 0; p < f.ld->npages; p++)
            for (size_t i = 0; i < f.ld->pages[p].n; i++) {
                const lbox *x = &f.ld->pages[p].boxes[i];
                if (x->kind == LBOX_TEXT && !x->artifact)
                    CHECK(x->y < f.st.page_h - f.st.margin_bottom);
            }
    }
    unplay(&f);

    /* and an ordinary document counts nothing */
    sbuf c = {0};
    put_filler(&c, 30);
    sbuf_put(&c, "<avsnitt><rubrik>S</rubrik><stycke>");
    put_words(&c, 'z', 300);
    sbuf_put(&c, "</stycke></avsnitt>");
    CHECK(play(&f, c.s, 0));
    if (f.ld) {
        CHECK(f.ld->npages >= 2);
        CHECK(no_violations(&f));
    }
    unplay(&f);
    free(c.s);
    free(b.s);
}

/* Content taller than a page still gets placed, and the layout ends. */
TEST(test_paginate_taller_than_page)
{
    pfix f;
    sbuf b = {0};
    sbuf_put(&b, "<avsnitt><rubrik>R</rubrik><avsnitt><rubrik>S</rubrik>"
                 "<stycke>");
    put_words(&b, 'z', 200);
    sbuf_put(&b, "<fotnot>");
    put_words(&b, 'n', 200);
    sbuf_put(&b, "</fotnot></stycke></avsnitt></avsnitt>");
    /* a page with room for barely more than the two headings */
    CHECK(play(&f, b.s, 2 * 25 * MPT_PER_MM + 50000));
    if (f.ld) {
        int zs[256] = {0};
        lines_per_page(&f, 'z', zs, 256);
        int total = 0;
        for (int p = 0; p < 256; p++)
            total += zs[p];
        CHECK(total >= 10);
        CHECK(find_target(&f, LBOX_DEST, "fotnot-1", NULL) >= 0);
    }
    unplay(&f);
    free(b.s);
}

/* A footnote referenced in a table row is set at the foot of the page
 * that row is on, also when the table runs over several pages. */
TEST(test_paginate_table_footnote_on_row_page)
{
    for (int at = 10; at < 120; at += 7) {
        sbuf b = {0};
        sbuf_put(&b, "<tabell><rubrik>Lång</rubrik><kolumn typ=\"text\">Rad"
                     "</kolumn><kolumn typ=\"belopp\">Budget</kolumn>");
        for (int r = 0; r < 120; r++) {
            char row[160];
            snprintf(row, sizeof row,
                     "<rad><cell>rad %d%s</cell><cell>%d</cell></rad>", r,
                     r == at ? "<fotnot>Not i tabellen.</fotnot>" : "", r * 10);
            sbuf_put(&b, row);
        }
        sbuf_put(&b, "</tabell>");
        pfix f;
        CHECK(play(&f, b.s, 0));
        free(b.s);
        if (f.ld) {
            CHECK(f.ld->npages >= 2);
            int lp = find_target(&f, LBOX_LINK, "fotnot-1", NULL);
            CHECK(lp >= 0);
            CHECK_INT(find_target(&f, LBOX_DEST, "fotnot-1", NULL), lp);
        }
        unplay(&f);
    }
}

/* The source of a quotation, and of a table, is never alone at the top of
 * a page: it stays with the last lines or the last row. */
TEST(test_paginate_source_kept_with_what_it_names)
{
    for (int k = 50; k < 70; k++) {
        for (int kind = 0; kind < 2; kind++) {
            sbuf b = {0};
            put_filler_step(&b, k);
            if (kind == 0) {
                sbuf_put(&b, "<citat kalla=\"Lagen\"><stycke>");
                put_words(&b, 'q', 60);
                sbuf_put(&b, "</stycke></citat>");
            } else {
                sbuf_put(&b, "<tabell><kolumn typ=\"text\">Rad</kolumn>");
                for (int r = 0; r < 4; r++)
                    sbuf_put(&b, "<rad><cell>qqqq</cell></rad>");
                sbuf_put(&b, "<kalla>Källa: Kolada</kalla></tabell>");
            }
            put_filler(&b, 2);
            pfix f;
            CHECK(play(&f, b.s, 0));
            free(b.s);
            if (!f.ld) {
                unplay(&f);
                continue;
            }
            /* the page of the last 'q' line and of the source */
            int qp = -1, sp = -1;
            for (size_t p = 0; p < f.ld->npages; p++)
                for (size_t i = 0; i < f.ld->pages[p].n; i++) {
                    const lbox *x = &f.ld->pages[p].boxes[i];
                    if (x->kind != LBOX_TEXT || x->artifact || x->n == 0)
                        continue;
                    if (x->cps[0] == 'q')
                        qp = (int)p;
                    if (x->cps[0] == 0x2014 || x->cps[0] == 'K')
                        sp = (int)p;
                }
            CHECK(sp >= 0);
            CHECK_INT(sp, qp);
            CHECK(no_violations(&f));
            unplay(&f);
        }
    }
}
