/* test_resolve.c: Swedish typographic characters (src/resolve/typo.c) and
 * how the resolve stage sets a document's text with them: straight
 * quotes, apostrophes, spaced hyphens and three periods, across the
 * inline elements of one block and never from one block to the next. */
#include <stdlib.h>
#include <string.h>

#include "../../src/model/model.h"
#include "../../src/resolve/resolve.h"
#include "../../src/resolve/typo.h"
#include "fixture.h"
#include "harness.h"

static arena *ta;

/* One block of one piece of text, converted. */
static const char *conv(const char *s)
{
    typo_state ts = {{0, 0}};
    return typo_convert(ta, &ts, s, NULL);
}

TEST(test_resolve_typo_quotes_apostrophes)
{
    ta = arena_new();
    /* Swedish: the right double quote U+201D on both sides */
    CHECK_STR(conv("hon sa \"ja\" till det"),
              "hon sa \xE2\x80\x9Dja\xE2\x80\x9D till det");
    CHECK_STR(conv("\"Ordet\""), "\xE2\x80\x9DOrdet\xE2\x80\x9D");
    /* single quotes and apostrophes: U+2019 */
    CHECK_STR(conv("'ordet', it's"),
              "\xE2\x80\x99ordet\xE2\x80\x99, it\xE2\x80\x99s");
    /* nothing to do: the very same string comes back, also after the
     * slow path found nothing to change */
    const char *plain = "Nämnden följer upp verksamheten.";
    CHECK(conv(plain) == plain);
    const char *minus = "-10 219";
    CHECK(conv(minus) == minus);
    arena_free(ta);
}

TEST(test_resolve_typo_spaced_hyphen)
{
    ta = arena_new();
    /* between words: no-break space, en dash, space */
    CHECK_STR(conv("ekonomi - personal"),
              "ekonomi\xC2\xA0\xE2\x80\x93 personal");
    CHECK_STR(conv("i balans (se ovan) - men"),
              "i balans (se ovan)\xC2\xA0\xE2\x80\x93 men");
    /* left alone: hyphens without spaces, ranges, a leading or trailing
     * hyphen, a minus sign; a hyphen already after a no-break space is
     * converted without a second one */
    const char *same[] = {"covid-19", "2023-2024", "Social- och omsorg",
                          "- punkt",  "ord -5",    "sist -",
                          "a -b",     "ord  -",    "jan-aug"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        CHECK_STR(conv(same[i]), same[i]);
    CHECK_STR(conv("ord\xC2\xA0- ord"), "ord\xC2\xA0\xE2\x80\x93 ord");
    arena_free(ta);
}

TEST(test_resolve_typo_ellipsis)
{
    ta = arena_new();
    CHECK_STR(conv("och så..."), "och så\xE2\x80\xA6");
    CHECK_STR(conv("...och"), "\xE2\x80\xA6och");
    CHECK_STR(conv("a... b... c"), "a\xE2\x80\xA6 b\xE2\x80\xA6 c");
    /* abbreviations and other runs of periods stay */
    const char *same[] = {"t.ex.", "m.m. och s.k.", "..", "vänta....", "1.2.3"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        CHECK_STR(conv(same[i]), same[i]);
    arena_free(ta);
}

TEST(test_resolve_typo_addresses_left_alone)
{
    ta = arena_new();
    const char *same[] = {"https://www.exempel.se/'a'/\"b\"/x...y",
                          "se www.exempel.se/'x'/y", "namn.o'brien@exempel.se",
                          "ftp://x.se/a-b"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        CHECK_STR(conv(same[i]), same[i]);
    /* the words around an address are still set */
    CHECK_STR(
        conv("\"se https://x.se/a\" - nu"),
        "\xE2\x80\x9Dse https://x.se/a\xE2\x80\x9D\xC2\xA0\xE2\x80\x93 nu");
    CHECK_STR(conv("(https://x.se/a'b)."), "(https://x.se/a'b).");
    arena_free(ta);
}

TEST(test_resolve_typo_across_pieces)
{
    ta = arena_new();
    /* "ord <kursiv>- ord</kursiv>": the state carries over, and the
     * caller is told to tie the space that ended the piece before */
    typo_state ts = {{0, 0}};
    bool tie = true;
    CHECK_STR(typo_convert(ta, &ts, "ord ", &tie), "ord ");
    CHECK(!tie);
    CHECK_STR(typo_convert(ta, &ts, "- ord", &tie), "\xE2\x80\x93 ord");
    CHECK(tie);
    /* a new block starts afresh: no dash at its start */
    typo_state fresh = {{0, 0}};
    CHECK_STR(typo_convert(ta, &fresh, "- ord", &tie), "- ord");
    CHECK(!tie);
    /* a newline before the hyphen: a dash, but no space to tie */
    typo_state nl = {{0, 0}};
    (void)typo_convert(ta, &nl, "ord\n", NULL);
    CHECK_STR(typo_convert(ta, &nl, "- ord", &tie), "\xE2\x80\x93 ord");
    CHECK(!tie);
    arena_free(ta);
}

/* The text of the n-th text node (0-based) in document order, as set. */
static const char *nth_text(const resolved *r, doc *d, int n)
{
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    doc_node *x;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &x)) != DOC_EV_NONE)
        if (ev == DOC_EV_ENTER && doc_node_kind(x) == DOC_TEXT && n-- == 0)
            return resolved_text(r, x);
    return NULL;
}

TEST(test_resolve_document_text)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = test_doc_parse(
        "<avsnitt><rubrik>2.1 Om \"kvalitet\"</rubrik>"
        "<stycke>ord <kursiv>- ord</kursiv></stycke>"
        "<stycke>- ny rad med fotnot<fotnot>- not</fotnot></stycke>"
        "</avsnitt>",
        dl);
    CHECK(d != NULL);
    if (d) {
        resolved *r = resolve_document(d);
        /* the typed heading number left out (the computed one is 1) */
        CHECK_STR(nth_text(r, d, 0), "Om \xE2\x80\x9Dkvalitet\xE2\x80\x9D");
        /* the space before the italic dash tied */
        CHECK_STR(nth_text(r, d, 1), "ord\xC2\xA0");
        CHECK_STR(nth_text(r, d, 2), "\xE2\x80\x93 ord");
        /* a new paragraph does not continue the one before */
        CHECK_STR(nth_text(r, d, 3), "- ny rad med fotnot");
        /* a footnote's text follows its number ("1 - not"), as printed */
        CHECK_STR(nth_text(r, d, 4), "\xE2\x80\x93 not");
        /* the heading as the contents list it */
        arena *a = arena_new();
        doc_iter it;
        doc_iter_init(&it, doc_root(d));
        doc_node *x;
        doc_event ev;
        const doc_node *h = NULL;
        while ((ev = doc_iter_next(&it, &x)) != DOC_EV_NONE)
            if (ev == DOC_EV_ENTER && doc_node_kind(x) == DOC_HEADING && !h)
                h = x;
        CHECK_STR(resolved_plain_text(r, a, h),
                  "Om \xE2\x80\x9Dkvalitet\xE2\x80\x9D");
        arena_free(a);
        resolved_free(r);
        doc_free(d);
    }
    diag_list_free(dl);
}

/* A draft's problems matched to the block their line is in (the
 * paragraph, the list item, the list before its first item, the section
 * at its heading); nothing for a problem before the body, in another
 * file or without a line. */
TEST(test_resolve_problem_blocks)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = test_doc_parse("<avsnitt><rubrik>A</rubrik>\n" /* h + 1 */
                            "<stycke>ett</stycke>\n"        /* h + 2 */
                            "<lista><punkt>x</punkt>\n"     /* h + 3 */
                            "<punkt>y</punkt></lista>\n"    /* h + 4 */
                            "</avsnitt>\n",                 /* h + 5 */
                            dl);
    CHECK(d != NULL);
    if (!d) {
        diag_list_free(dl);
        return;
    }
    uint32_t h = 0; /* the lines of the head: the body starts on its last */
    for (const char *p = TEST_DOC_HEAD; *p; p++)
        h += *p == '\n';
    resolved *r = resolve_document(d);
    diag_list *pl = diag_list_new(LANG_SV);
    static const struct {
        const char *file;
        uint32_t line, col;
    } at[] = {
        {"t.xml", 2, 1},    /* the root: the whole document */
        {"t.xml", 0, 0},    /* no line */
        {"krav.xml", 3, 1}, /* another file */
        {"t.xml", 3, 1},    /* the section, at its start */
        {"t.xml", 4, 5},    /* the paragraph */
        {"t.xml", 5, 3},    /* the list, before its first item */
        {"t.xml", 5, 0},    /* no column: the last block on the line */
        {"t.xml", 6, 9},    /* the second item */
        {"t.xml", 7, 1},    /* after the last block: the last one */
    };
    size_t n = sizeof at / sizeof *at;
    for (size_t i = 0; i < n; i++)
        diag_add(pl, DIAG_WARNING, at[i].file,
                 at[i].line ? at[i].line + h - 2 : 0, at[i].col, "X-01",
                 MSG_SH_ELEM_MEAN, "x");
    arena *a = arena_new();
    const doc_node **b = resolved_problem_blocks(r, a, pl);
    doc_kind want[] = {DOC_KIND_COUNT, DOC_KIND_COUNT, DOC_KIND_COUNT,
                       DOC_SECTION,    DOC_PARA,       DOC_LIST,
                       DOC_ITEM,       DOC_ITEM,       DOC_ITEM};
    for (size_t i = 0; i < n; i++) {
        if (want[i] == DOC_KIND_COUNT)
            CHECK(b[i] == NULL);
        else
            CHECK(b[i] && doc_node_kind(b[i]) == want[i]);
    }
    /* the two items told apart: the line's last, then the second */
    CHECK(b[6] && b[7] && b[6] != b[7] && b[7] == b[8]);
    CHECK(b[6] && doc_node_line(b[6]) == h + 3);
    /* the page words of the list, in the document's language */
    CHECK_STR(resolved_problem_page(r, a, 12), "s.\xC2\xA0"
                                               "12");
    CHECK_STR(resolved_problem_page(r, a, 0), "ingen sida");
    arena_free(a);
    diag_list_free(pl);
    resolved_free(r);
    doc_free(d);
    diag_list_free(dl);
}
