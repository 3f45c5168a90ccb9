/* test_textpos.c: source positions inside text (the position map of text
 * nodes) and the lints that report at them. */
#include <stdlib.h>

#include "../../src/common/utf8.h"
#include "../../src/model/model.h"
#include "../../src/parse/parse.h"
#include "../../src/validate/validate_internal.h"
#include "fixture.h"
#include "harness.h"

static doc *parse_doc(const char *body, const char *nl, diag_list *dl)
{
    /* the head takes three lines, so the body starts on line 4 */
    const char *head[] = {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<rapport xmlns=\"urn:arsrapport:1\" typ=\"prov\">",
        "<metadata><titel>T</titel><organisation>O</organisation>"
        "<datum>2026-01-01</datum></metadata>",
    };
    size_t n = strlen(body) * 2 + 512;
    char *x = malloc(n);
    size_t len = 0;
    for (int i = 0; i < 3; i++)
        len += (size_t)snprintf(x + len, n - len, "%s%s", head[i], nl);
    for (const char *p = body; *p; p++) {
        if (*p == '\n')
            len += (size_t)snprintf(x + len, n - len, "%s", nl);
        else
            x[len++] = *p;
    }
    len += (size_t)snprintf(x + len, n - len, "</rapport>%s", nl);
    doc *d = parse_memory(test_schema(), "t.xml", x, len, dl);
    free(x);
    return d;
}

/* The k-th text node (0-based) in document order. */
static const doc_node *text_node(doc *d, int k)
{
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    doc_node *n;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE)
        if (ev == DOC_EV_ENTER && doc_node_kind(n) == DOC_TEXT && k-- == 0)
            return n;
    return NULL;
}

/* Line and column of the first occurrence of needle in a text node. */
static void pos_of(const doc_node *t, const char *needle, uint32_t *line,
                   uint32_t *col)
{
    *line = *col = 0;
    if (!t)
        return;
    const char *s = doc_node_text(t);
    const char *p = strstr(s, needle);
    if (p)
        doc_node_text_pos(t, (size_t)(p - s), line, col);
}

#define CHECK_POS(t, needle, l, c)                                             \
    do {                                                                       \
        uint32_t l_, c_;                                                       \
        pos_of(t, needle, &l_, &c_);                                           \
        CHECK_INT(l_, l);                                                      \
        CHECK_INT(c_, c);                                                      \
    } while (0)

static const char *BODY =
    /* line 4 */ "<avsnitt><rubrik>  Ett   två</rubrik>\n"
                 /* line 5 */ "  <stycke>\n"
                 /* line 6 */ "    Första raden,\n"
                 /* line 7 */ "\tandra A &amp; B &#x2212;5 och &lt;p&gt; slut\n"
                 /* line 8 */ "    tredje <!-- en\n"
                 /* line 9 */ "    kommentar --> efter <![CDATA[<x> & y]]> z\n"
                 /* line 10 */ "    Ma\xCC\x88l och \xC3\xA4r</stycke>\n"
                 /* line 11 */ "</avsnitt>";

/* A long paragraph on one line with single spaces (its own collapsed
 * form, anchored only every stride): every byte offset of the text maps
 * to the column its character has in the source. */
TEST(test_textpos_long_single_spaced)
{
    const char *open = "<avsnitt><rubrik>R</rubrik><stycke>";
    const char *words[] = {
        "år",  "ökning", "kostnaden", "x", "förskoleverksamhetsområdesansvar",
        "−12", "345,6"};
    char text[8192];
    size_t n = 0;
    for (int i = 0; n < 5000; i++) {
        const char *w = words[(i * 7 + i / 3) % 7];
        n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", i ? " " : "",
                              w);
    }
    char *body = malloc(n + 128);
    snprintf(body, n + 128, "%s%s</stycke></avsnitt>", open, text);
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_doc(body, "\n", dl);
    CHECK(d != NULL);
    const doc_node *p = d ? text_node(d, 1) : NULL;
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(doc_node_text(p), text);
        uint32_t col = 1 + (uint32_t)utf8_length(open), bad = 0;
        for (size_t o = 0; o < n; o++) {
            if (((unsigned char)text[o] & 0xC0) == 0x80)
                continue;
            uint32_t l, c;
            doc_node_text_pos(p, o, &l, &c);
            if (l != 4 || c != col)
                bad++;
            col++;
        }
        CHECK_INT(bad, 0);
    }
    doc_free(d);
    diag_list_free(dl);
    free(body);
}

TEST(test_textpos_lines_and_columns)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_doc(BODY, "\n", dl);
    CHECK(d != NULL);
    if (!d) {
        diag_list_free(dl);
        return;
    }
    /* the heading: leading spaces trimmed, a run of spaces collapsed */
    const doc_node *h = text_node(d, 0);
    CHECK_STR(doc_node_text(h), "Ett två");
    CHECK_POS(h, "Ett", 4, 20);
    CHECK_POS(h, "två", 4, 26);
    const doc_node *p = text_node(d, 1);
    CHECK_STR(doc_node_text(p), "Första raden, andra A & B −5 och <p> slut "
                                "tredje efter <x> & y z Mäl och är");
    CHECK_POS(p, "Första", 6, 5);
    CHECK_POS(p, "raden", 6, 12);
    CHECK_POS(p, "andra", 7, 2); /* after a tab */
    CHECK_POS(p, "& B", 7, 10);  /* &amp; */
    CHECK_POS(p, "B", 7, 16);    /* after &amp; */
    CHECK_POS(p, "−5", 7, 18);   /* &#x2212; */
    CHECK_POS(p, "5 och", 7, 26);
    CHECK_POS(p, "<p>", 7, 32);
    CHECK_POS(p, "slut", 7, 42);
    CHECK_POS(p, "tredje", 8, 5);
    CHECK_POS(p, "efter", 9, 19); /* after a comment over two lines */
    CHECK_POS(p, "<x>", 9, 34);   /* inside CDATA */
    CHECK_POS(p, "z", 9, 45);
    CHECK_POS(p, "Mäl", 10, 5); /* decomposed in the source */
    CHECK_POS(p, "och är", 10, 10);
    CHECK_POS(p, "är", 10, 14);
    /* the end of the text: just after the last character */
    uint32_t l, c;
    doc_node_text_pos(p, strlen(doc_node_text(p)) + 10, &l, &c);
    CHECK_INT(l, 10);
    CHECK_INT(c, 16);
    doc_free(d);
    diag_list_free(dl);
}

TEST(test_textpos_crlf)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_doc(BODY, "\r\n", dl);
    CHECK(d != NULL);
    if (d) {
        const doc_node *p = text_node(d, 1);
        CHECK_POS(p, "Första", 6, 5);
        CHECK_POS(p, "B", 7, 16);
        CHECK_POS(p, "efter", 9, 19);
        CHECK_POS(p, "är", 10, 14);
        doc_free(d);
    }
    diag_list_free(dl);
}

TEST(test_textpos_trim_and_no_map)
{
    doc *d = doc_new("x.xml");
    doc_node *t = doc_node_new(d, DOC_TEXT, 3, 5);
    doc_node_set_text(d, t, " ab cd ", 7);
    doc_text_anchor a[] = {{0, 3, 5}, {4, 4, 9}};
    doc_node_set_text_map(d, t, a, 2);
    uint32_t l, c;
    doc_node_text_pos(t, 2, &l, &c);
    CHECK_INT(l, 3);
    CHECK_INT(c, 7);
    doc_node_trim_text(d, t, 1, 5); /* "ab cd" */
    CHECK_STR(doc_node_text(t), "ab cd");
    doc_node_text_pos(t, 0, &l, &c);
    CHECK_INT(l, 3);
    CHECK_INT(c, 6);
    doc_node_text_pos(t, 3, &l, &c); /* 'c', on the next line */
    CHECK_INT(l, 4);
    CHECK_INT(c, 9);
    doc_node_text_pos(t, 4, &l, &c);
    CHECK_INT(l, 4);
    CHECK_INT(c, 10);
    /* new text drops the map: columns count from the node */
    doc_node_set_text(d, t, "xåy", 4);
    doc_node_text_pos(t, 3, &l, &c); /* 'y' */
    CHECK_INT(l, 3);
    CHECK_INT(c, 7);
    doc_free(d);
}

TEST(test_lint_heading_numbers)
{
    static const struct {
        const char *text;
        size_t skip;
    } cases[] = {
        {"2.1 Ekonomi", 4},
        {"3. Resultat", 3},
        {"10 Personal", 3},
        {"1.2.3. Mål", 7},
        {"4) Åtgärder", 3},
        {"2023 i korthet", 0},
        {"3 frågor till", 0},
        {"1 000 nya", 0},
        {"7", 0},
        {"Ekonomi 2023", 0},
        {"123 Tre siffror", 0},
        {"1.2.2023 Datum", 0},
        {"12 Över", 3},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t skip = 99;
        const char *rest = heading_strip_number(cases[i].text, &skip);
        if (skip != cases[i].skip)
            fprintf(stderr, "  heading \"%s\"\n", cases[i].text);
        CHECK_INT(skip, cases[i].skip);
        CHECK(rest == cases[i].text + cases[i].skip);
    }
}

TEST(test_lint_positions)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_doc("<avsnitt><rubrik>2.1 Ekonomi</rubrik>\n"
                       "  <stycke>Det blev\n"
                       "    -5 mkr &amp; 88% av <fet>63474</fet>.</stycke>\n"
                       "  <avsnitt><rubrik>Tomt</rubrik></avsnitt>\n"
                       "  <avsnitt><rubrik>Hoppas över</rubrik></avsnitt>\n"
                       "</avsnitt>",
                       "\n", dl);
    CHECK(d != NULL);
    if (!d) {
        diag_list_free(dl);
        return;
    }
    /* the second empty section counts as already reported */
    const doc_node *skip[1] = {NULL};
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    doc_node *n;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE)
        if (ev == DOC_EV_ENTER && doc_node_kind(n) == DOC_SECTION)
            skip[0] = n;
    lint_document(d, test_lints(), dl);
    lint_empty_sections(d, dl, skip, 1);
    diag_sort(dl);
    static const struct {
        const char *rule;
        uint32_t line, col;
    } want[] = {
        {"STR-03", 4, 18},  {"TYPO-01", 6, 5},  {"TYPO-02", 6, 8},
        {"TYPO-05", 6, 18}, {"TYPO-04", 6, 30}, {"STR-02", 7, 12},
    };
    size_t nw = sizeof want / sizeof *want;
    CHECK_INT(diag_count(dl), nw);
    for (size_t i = 0; i < nw && i < diag_count(dl); i++) {
        const diag *g = diag_get(dl, i);
        CHECK_STR(g->rule, want[i].rule);
        CHECK_INT(g->line, want[i].line);
        CHECK_INT(g->col, want[i].col);
        CHECK(g->severity == DIAG_WARNING);
        CHECK(g->hint != NULL);
    }
    /* the same with patterns compiled anew (no state kept between runs) */
    lint_patterns *lp = lint_patterns_new();
    diag_clear(dl);
    lint_document(d, lp, dl);
    lint_empty_sections(d, dl, NULL, 0);
    CHECK_INT(diag_count(dl), nw + 1);
    lint_patterns_free(lp);
    doc_free(d);
    diag_list_free(dl);
}

TEST(test_lint_section_has_content)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_doc("<avsnitt><rubrik>A</rubrik>\n"
                       "  <avsnitt><rubrik>A1</rubrik><stycke> </stycke>"
                       "</avsnitt>\n"
                       "  <avsnitt><rubrik>A2</rubrik><lista><punkt>x</punkt>"
                       "</lista></avsnitt>\n"
                       "</avsnitt>\n"
                       "<avsnitt><rubrik>B</rubrik><avsnitt><rubrik>B1"
                       "</rubrik></avsnitt></avsnitt>",
                       "\n", dl);
    CHECK(d != NULL);
    if (d) {
        const doc_node *a = doc_node_first_child(doc_root(d));
        const doc_node *a1 = doc_node_next(doc_node_child(a, DOC_HEADING));
        const doc_node *a2 = doc_node_next(a1);
        const doc_node *b = doc_node_next(a);
        CHECK(section_has_content(a));
        CHECK(!section_has_content(a1));
        CHECK(section_has_content(a2));
        CHECK(!section_has_content(b));
        doc_free(d);
    }
    diag_list_free(dl);
}

/* The one-anchor map at the node's own place, which is not stored, gives
 * the positions a stored one gives, also after trimming. */
TEST(test_textpos_implied_anchor)
{
    doc *d = doc_new("x.xml");
    doc_node *t = doc_node_new(d, DOC_TEXT, 7, 4);
    doc_node *u = doc_node_new(d, DOC_TEXT, 7, 4);
    doc_node_set_text(d, t, " åb c ", 7);
    doc_node_set_text(d, u, " åb c ", 7);
    doc_text_anchor one[] = {{0, 7, 4}};
    doc_text_anchor two[] = {{0, 7, 4}, {6, 7, 9}}; /* the same, spelt out */
    doc_node_set_text_map(d, t, one, 1);
    doc_node_set_text_map(d, u, two, 2);
    uint32_t l1, c1, l2, c2;
    for (size_t off = 0; off <= 7; off++) {
        doc_node_text_pos(t, off, &l1, &c1);
        doc_node_text_pos(u, off, &l2, &c2);
        CHECK_INT(l1, l2);
        CHECK_INT(c1, c2);
    }
    doc_node_trim_text(d, t, 1, 5); /* "åb c" */
    doc_node_trim_text(d, u, 1, 5);
    CHECK_STR(doc_node_text(t), "åb c");
    for (size_t off = 0; off <= 5; off++) {
        doc_node_text_pos(t, off, &l1, &c1);
        doc_node_text_pos(u, off, &l2, &c2);
        CHECK_INT(l1, l2);
        CHECK_INT(c1, c2);
    }
    doc_node_text_pos(t, 0, &l1, &c1); /* 'å', the source's column 5 */
    CHECK_INT(l1, 7);
    CHECK_INT(c1, 5);
    /* the text starting a column after the node (after its tag's '>') */
    doc_node *v = doc_node_new(d, DOC_TEXT, 7, 4);
    doc_node_set_text(d, v, "xyz", 3);
    doc_text_anchor after[] = {{0, 7, 5}};
    doc_node_set_text_map(d, v, after, 1);
    doc_node_text_pos(v, 2, &l1, &c1); /* 'z' */
    CHECK_INT(l1, 7);
    CHECK_INT(c1, 7);
    CHECK_INT(doc_node_col(v), 4);
    doc_node_trim_text(d, v, 1, 2); /* "yz" */
    doc_node_text_pos(v, 1, &l1, &c1);
    CHECK_INT(c1, 7);
    doc_free(d);
}
