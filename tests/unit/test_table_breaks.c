/* test_table_breaks.c: where tables break across pages (layout_table.c's
 * pager), with the stub font on short pages so that a table breaks many
 * times. Each rule is checked while the amount of text before the table
 * is swept, so that the table meets the page foot at every row:
 *  - the header rows and "Tabell N (forts.)" open every continuation page,
 *    unless upprepa-huvud="nej";
 *  - a total row, or a varav row, never starts a continuation page;
 *  - a group heading row never ends a page;
 *  - at least two rows stand on each side of every break;
 *  - the source note stays on the page of the last row;
 *  - a row taller than a page is split, and only then; nothing runs below
 *    the text block;
 *  - a header too tall to repeat is a warning (ARS-22), not a loop;
 *  - a 300-row table paginates with its header on every page. */
#include <stdlib.h>

#include "../../src/layout/layout.h"
#include "fixture.h"
#include "harness.h"

/* k one-line paragraphs of filler before the table */
static void tfiller(sbuf *b, int k)
{
    for (int i = 0; i < k; i++)
        sbuf_put(b, "<stycke>fyll fyll fyll</stycke>");
}

/* A label of letters only (no digits: nothing for the number rules):
 * prefix and two letters for i. */
static void label(char *out, size_t n, char prefix, int i)
{
    snprintf(out, n, "%c%c%c", prefix, 'a' + (i / 26) % 26, 'a' + i % 26);
}

/* Whether the box's text is exactly s (ASCII). */
static bool box_is(const lbox *b, const char *s)
{
    if (b->kind != LBOX_TEXT || b->n != strlen(s))
        return false;
    for (uint32_t i = 0; i < b->n; i++)
        if (b->cps[i] != (unsigned char)s[i])
            return false;
    return true;
}

/* The pages (bit set) on which a text box reads s. */
static unsigned long long pages_of(const laid_doc *l, const char *s)
{
    unsigned long long m = 0;
    for (size_t p = 0; p < l->ld->npages && p < 64; p++)
        for (size_t i = 0; i < l->ld->pages[p].n; i++)
            if (box_is(&l->ld->pages[p].boxes[i], s))
                m |= 1ull << p;
    return m;
}

/* The pages on which a text box starts with s (ASCII). */
static unsigned long long pages_starting(const laid_doc *l, const char *s)
{
    unsigned long long m = 0;
    size_t k = strlen(s);
    for (size_t p = 0; p < l->ld->npages && p < 64; p++)
        for (size_t i = 0; i < l->ld->pages[p].n; i++) {
            const lbox *b = &l->ld->pages[p].boxes[i];
            bool same = b->kind == LBOX_TEXT && b->n >= k;
            for (size_t j = 0; same && j < k; j++)
                same = b->cps[j] == (unsigned char)s[j];
            if (same)
                m |= 1ull << p;
        }
    return m;
}

static int first_page(unsigned long long m)
{
    for (int p = 0; p < 64; p++)
        if (m & (1ull << p))
            return p;
    return -1;
}

static int count_pages(unsigned long long m)
{
    int n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

/* No box below the text block or above it (furniture aside). */
static bool inside_block(const laid_doc *l)
{
    for (size_t p = 0; p < l->ld->npages; p++) {
        const lpage *pg = &l->ld->pages[p];
        for (size_t i = 0; i < pg->n; i++) {
            const lbox *b = &pg->boxes[i];
            if (b->artifact || b->kind != LBOX_TEXT)
                continue;
            if (b->y > pg->height - l->st.margin_bottom ||
                b->y < l->st.margin_top)
                return false;
        }
    }
    return true;
}

/* The row kinds of the test table, in order. */
typedef enum { K_GROUP, K_DATA, K_VARAV, K_SUM, K_TOTAL } rk;

typedef struct {
    rk kind;
    char name[8];
} trow_info;

/* A table of three groups, each a heading, data rows (a varav row after
 * the second) and a total, then a table total and a source note. */
static int build_table(sbuf *b, trow_info *rows, int per_group,
                       const char *attrs)
{
    int n = 0;
    char buf[160];
    snprintf(buf, sizeof buf,
             "<tabell%s><rubrik>Brytning</rubrik><kolumn typ=\"text\">Huvud"
             "</kolumn><kolumn typ=\"belopp\">Belopp</kolumn>",
             attrs);
    sbuf_put(b, buf);
    for (int g = 0; g < 3; g++) {
        rows[n].kind = K_GROUP;
        label(rows[n].name, sizeof rows[n].name, 'g', g);
        snprintf(buf, sizeof buf, "<grupp><rubrik>%s</rubrik>", rows[n].name);
        sbuf_put(b, buf);
        n++;
        for (int r = 0; r < per_group; r++) {
            rows[n].kind = K_DATA;
            label(rows[n].name, sizeof rows[n].name, 'r', g * 26 + r);
            snprintf(buf, sizeof buf,
                     "<rad><cell>%s</cell><cell>10</cell></rad>", rows[n].name);
            sbuf_put(b, buf);
            n++;
            if (r == 1) {
                rows[n].kind = K_VARAV;
                label(rows[n].name, sizeof rows[n].name, 'v', g);
                snprintf(buf, sizeof buf,
                         "<rad typ=\"varav\"><cell>%s</cell><cell>1</cell>"
                         "</rad>",
                         rows[n].name);
                sbuf_put(b, buf);
                n++;
            }
        }
        rows[n].kind = K_SUM;
        label(rows[n].name, sizeof rows[n].name, 's', g);
        snprintf(buf, sizeof buf,
                 "<summa><cell>%s</cell><cell/></summa></grupp>", rows[n].name);
        sbuf_put(b, buf);
        n++;
    }
    rows[n].kind = K_TOTAL;
    snprintf(rows[n].name, sizeof rows[n].name, "tot");
    sbuf_put(b, "<summa><cell>tot</cell><cell/></summa>"
                "<kalla>kk</kalla></tabell>");
    n++;
    return n;
}

/* Checks every break rule on one laid-out table; returns the number of
 * continuation pages. */
static int check_breaks(const laid_doc *l, const trow_info *rows, int n,
                        bool repeat)
{
    int page[128];
    for (int i = 0; i < n; i++) {
        unsigned long long m = pages_of(l, rows[i].name);
        CHECK_INT(count_pages(m), 1); /* one-line rows are never split */
        page[i] = first_page(m);
    }
    unsigned long long forts = pages_of(l, "(forts.)");
    unsigned long long head = pages_of(l, "Huvud");
    int conts = 0;
    int seg = 1;
    for (int i = 1; i < n; i++) {
        if (page[i] == page[i - 1]) {
            seg++;
            continue;
        }
        CHECK_INT(page[i], page[i - 1] + 1);
        conts++;
        /* the rows on each side */
        if (seg < 2)
            fprintf(stderr, "  only %d row(s) before %s\n", seg, rows[i].name);
        CHECK(seg >= 2);
        seg = 1;
        if (rows[i].kind == K_SUM || rows[i].kind == K_TOTAL ||
            rows[i].kind == K_VARAV)
            fprintf(stderr, "  %s starts a page\n", rows[i].name);
        CHECK(rows[i].kind != K_SUM && rows[i].kind != K_TOTAL &&
              rows[i].kind != K_VARAV);
        CHECK(rows[i - 1].kind != K_GROUP);
        CHECK(forts & (1ull << page[i]));
        if (repeat)
            CHECK(head & (1ull << page[i]));
        else
            CHECK(!(head & (1ull << page[i])));
    }
    if (conts > 0)
        CHECK(seg >= 2);
    CHECK_INT(count_pages(pages_of(l, "kk")), 1);
    CHECK_INT(first_page(pages_of(l, "kk")), page[n - 1]);
    CHECK_INT(l->ld->stats.table_breaks, (size_t)conts);
    CHECK_INT(l->ld->stats.lone_table_rows, 0);
    CHECK(inside_block(l));
    return conts;
}

/* A plain table of data rows and a source note. */
static int build_plain(sbuf *b, trow_info *rows, int nrows)
{
    char buf[160];
    sbuf_put(b, "<tabell><rubrik>Enkel</rubrik><kolumn typ=\"text\">Huvud"
                "</kolumn><kolumn typ=\"belopp\">Belopp</kolumn>");
    for (int r = 0; r < nrows; r++) {
        rows[r].kind = K_DATA;
        label(rows[r].name, sizeof rows[r].name, 'p', r);
        snprintf(buf, sizeof buf, "<rad><cell>%s</cell><cell>10</cell></rad>",
                 rows[r].name);
        sbuf_put(b, buf);
    }
    sbuf_put(b, "<kalla>kk</kalla></tabell>");
    return nrows;
}

/* Two rows or more after every break, also where no total holds the
 * last rows together. */
TEST(test_table_breaks_two_rows_after)
{
    int total_breaks = 0;
    for (int k = 0; k < 40; k++) {
        sbuf b = {0};
        trow_info rows[128];
        tfiller(&b, k);
        int n = build_plain(&b, rows, 17);
        laid_doc l;
        CHECK(laid_open(&l, NULL, b.s, 400 * MPT_PER_PT));
        free(b.s);
        if (l.ld)
            total_breaks += check_breaks(&l, rows, n, true);
        laid_close(&l);
    }
    CHECK(total_breaks >= 20);
}

static void sweep(const char *attrs, bool repeat)
{
    int total_breaks = 0;
    for (int k = 0; k < 40; k++) {
        sbuf b = {0};
        trow_info rows[128];
        tfiller(&b, k);
        int n = build_table(&b, rows, 6, attrs);
        laid_doc l;
        CHECK(laid_open(&l, NULL, b.s, 400 * MPT_PER_PT));
        free(b.s);
        if (l.ld)
            total_breaks += check_breaks(&l, rows, n, repeat);
        laid_close(&l);
    }
    CHECK(total_breaks >= 40); /* the sweep did make the table break */
}

TEST(test_table_breaks_rules)
{
    sweep("", true);
}

TEST(test_table_breaks_no_repeat)
{
    sweep(" upprepa-huvud=\"nej\"", false);
}

/* A row taller than a page is split over pages, under the repeated
 * header; a row that fits a page is never split. */
TEST(test_table_breaks_tall_row_split)
{
    for (int k = 0; k < 12; k += 3) {
        sbuf b = {0};
        tfiller(&b, k);
        sbuf_put(&b, "<tabell><kolumn typ=\"text\">Huvud</kolumn><kolumn "
                     "typ=\"text\">Text</kolumn><rad><cell>fore</cell><cell>x"
                     "</cell></rad><rad><cell>lang</cell><cell>");
        for (int w = 0; w < 1500; w++)
            sbuf_put(&b, w == 1499 ? "slut" : "ord ");
        sbuf_put(&b, "</cell></rad><rad><cell>efter</cell><cell>y</cell></rad>"
                     "</tabell>");
        laid_doc l;
        CHECK(laid_open(&l, NULL, b.s, 400 * MPT_PER_PT));
        free(b.s);
        if (l.ld) {
            unsigned long long ord = pages_starting(&l, "ord");
            CHECK(count_pages(ord) >= 2);
            CHECK(inside_block(&l));
            /* every page the row runs onto has the header */
            unsigned long long head = pages_of(&l, "Huvud");
            CHECK((ord & ~head) == 0);
            CHECK(first_page(pages_starting(&l, "ord")) ==
                  first_page(pages_of(&l, "fore")));
            CHECK(l.ld->stats.lone_table_rows == 0);
        }
        laid_close(&l);
    }
}

/* A header taller than a page: a warning and no endless repetition; the
 * header itself is split like a tall row. */
TEST(test_table_breaks_header_taller_than_page)
{
    sbuf b = {0};
    sbuf_put(&b, "<tabell><kolumn typ=\"text\"/><kolumn typ=\"belopp\"/><huvud>"
                 "<cell>");
    for (int w = 0; w < 600; w++)
        sbuf_put(&b, "rubrik ");
    sbuf_put(&b, "</cell><cell>Belopp</cell></huvud>");
    for (int r = 0; r < 30; r++)
        sbuf_put(&b, "<rad><cell>rad</cell><cell>1</cell></rad>");
    sbuf_put(&b, "</tabell>");
    laid_doc l;
    CHECK(laid_open(&l, NULL, b.s, 400 * MPT_PER_PT));
    free(b.s);
    if (l.ld) {
        bool warned = false;
        for (size_t i = 0; i < diag_count(l.dl); i++)
            warned = warned || strcmp(diag_get(l.dl, i)->rule, "ARS-22") == 0;
        CHECK(warned);
        CHECK(l.ld->npages < 20);
        CHECK(inside_block(&l));
        /* the header appears once: on as many pages as it needs */
        CHECK(count_pages(pages_of(&l, "Belopp")) == 1);
        CHECK(count_pages(pages_starting(&l, "rubrik")) >= 2);
    }
    laid_close(&l);
}

/* A 300-row table on A4: the header on every page, two rows or more on
 * each side of every break, no total row alone. */
TEST(test_table_breaks_300_rows)
{
    sbuf b = {0};
    sbuf_put(&b, "<tabell><rubrik>Lång</rubrik><kolumn typ=\"text\">Huvud"
                 "</kolumn><kolumn typ=\"belopp\">Belopp</kolumn>");
    char buf[96];
    for (int r = 0; r < 300; r++) {
        char name[8];
        label(name, sizeof name, 'r', r);
        snprintf(buf, sizeof buf, "<rad><cell>%s</cell><cell>%d</cell></rad>",
                 name, r);
        sbuf_put(&b, buf);
    }
    sbuf_put(&b, "<summa><cell>tot</cell><cell/></summa></tabell>");
    laid_doc l;
    CHECK(laid_open(&l, NULL, b.s, 0));
    free(b.s);
    if (l.ld) {
        CHECK(l.ld->npages >= 5);
        unsigned long long head = pages_of(&l, "Huvud");
        CHECK_INT(count_pages(head), (int)l.ld->npages);
        CHECK_INT(l.ld->stats.table_breaks, l.ld->npages - 1);
        CHECK_INT(l.ld->stats.lone_table_rows, 0);
        /* the last page has the two last data rows and the total */
        unsigned long long last = 1ull << (l.ld->npages - 1);
        char name[8];
        label(name, sizeof name, 'r', 298);
        CHECK(pages_of(&l, name) & last);
        CHECK(pages_of(&l, "tot") & last);
        CHECK(inside_block(&l));
    }
    laid_close(&l);
}
