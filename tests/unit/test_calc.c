/* test_calc.c: the figures of a table computed (model/calc.h) and checked
 * (SUM-01..03 in validate_sum.c). */
#include <stdlib.h>

#include "../../src/model/calc.h"
#include "../../src/parse/parse.h"
#include "../../src/validate/validate_internal.h"
#include "fixture.h"
#include "harness.h"

typedef struct {
    diag_list *dl;
    doc *d;
    calc_table *t;
} fixture;

/* Parses a document whose body is one avsnitt holding the table text and
 * computes its first table. */
static bool load(fixture *f, const char *table)
{
    f->dl = diag_list_new(LANG_SV);
    size_t n = strlen(TEST_DOC_HEAD) + strlen(table) + 64;
    char *x = malloc(n);
    snprintf(x, n, "%s<avsnitt><rubrik>A</rubrik>\n%s</avsnitt></rapport>\n",
             TEST_DOC_HEAD, table);
    f->d = parse_memory(test_schema(), "t.xml", x, strlen(x), f->dl);
    free(x);
    f->t = NULL;
    if (!f->d)
        return false;
    doc_iter it;
    doc_iter_init(&it, doc_root(f->d));
    doc_node *node;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &node)) != DOC_EV_NONE)
        if (ev == DOC_EV_ENTER && doc_node_kind(node) == DOC_TABLE) {
            f->t = calc_table_new(f->d, node);
            break;
        }
    return f->t != NULL;
}

static void unload(fixture *f)
{
    calc_table_free(f->t);
    doc_free(f->d);
    diag_list_free(f->dl);
}

/* The effective (or computed, or formula) figure as text, "-" when none. */
enum { EFF, COMP, FORM, SUM, FILL };
static const char *fig(fixture *f, size_t row, int col, int what)
{
    static char buf[8][96];
    static int k;
    char *out = buf[k++ % 8];
    int64_t m;
    int s;
    bool ok = what == EFF    ? calc_effective(f->t, row, col, &m, &s)
              : what == COMP ? calc_computed(f->t, row, col, &m, &s)
              : what == FORM ? calc_formula_value(f->t, row, col, &m, &s)
              : what == SUM  ? calc_sum_value(f->t, row, col, &m, &s, NULL)
                             : calc_fill(f->t, row, col, &m, &s);
    if (!ok)
        return "-";
    calc_format(m, s, -1, false, out, 96);
    return out;
}

/* The Österåker driftsredovisning, reduced: costs negative, nettokostnad =
 * intakter + kostnader, avvikelse = prognos - budget, a wrong stated total
 * (28 994 where the rows give 21 559). */
static const char *OSTERAKER =
    "<tabell id=\"drift\" enhet=\"tkr\">\n"
    "<kolumn typ=\"text\"/>\n"
    "<kolumn id=\"budget\" typ=\"belopp\">Budget</kolumn>\n"
    "<kolumn id=\"prognos\" typ=\"belopp\">Prognos</kolumn>\n"
    "<kolumn id=\"avv\" typ=\"belopp\" formel=\"prognos - budget\">"
    "Budgetavvikelse</kolumn>\n"
    "<kolumn id=\"fg\" typ=\"belopp\">Utfall fg år</kolumn>\n"
    "<grupp id=\"intakter\"><rubrik>Intäkter</rubrik>\n"
    "<rad><cell>Avgifter</cell><cell>340</cell><cell>340</cell><cell>0</cell>"
    "<cell>305</cell></rad>\n"
    "<rad><cell>Övriga</cell><cell>27 160</cell><cell>27 160</cell><cell/>"
    "<cell>21 254</cell></rad>\n"
    "<rad><cell>Tom</cell><cell/><cell/><cell/><cell/></rad>\n"
    "<summa><cell>Summa intäkter</cell><cell>27 500</cell><cell/><cell/>"
    "<cell>28 994</cell></summa>\n"
    "</grupp>\n"
    "<rad typ=\"varav\"><cell>varav interna</cell><cell>100</cell><cell>"
    "90</cell><cell/><cell/></rad>\n"
    "<grupp id=\"kostnader\"><rubrik>Kostnader</rubrik>\n"
    "<rad><cell>Personal</cell><cell>-63 474</cell><cell>-63 474</cell>"
    "<cell>0</cell><cell>-58 153</cell></rad>\n"
    "<rad><cell>Köp</cell><cell>-71 256</cell><cell>-66 256</cell>"
    "<cell>5 000</cell><cell>-74 081</cell></rad>\n"
    "<summa><cell>Summa kostnader</cell><cell>-134 730</cell>"
    "<cell>-129 730</cell><cell>5 000</cell><cell>-132 234</cell></summa>\n"
    "</grupp>\n"
    "<summa formel=\"intakter + kostnader\"><cell>Nettokostnad</cell>"
    "<cell/><cell>-102 230</cell><cell/><cell>-103 240</cell></summa>\n"
    "</tabell>\n";

TEST(test_calc_groups_and_formulas)
{
    fixture f;
    CHECK(load(&f, OSTERAKER));
    if (!f.t) {
        unload(&f);
        return;
    }
    CHECK_INT(calc_ncols(f.t), 5);
    CHECK_INT(calc_nrows(f.t), 9);
    CHECK_STR(calc_col_label(f.t, 4), "Utfall fg år");
    CHECK_STR(calc_col_id(f.t, 1), "budget");
    CHECK_INT(calc_col_type_of(f.t, 1), CALC_COL_BELOPP);
    CHECK(!calc_col_summed(f.t, 0));
    CHECK(calc_col_summed(f.t, 3));
    CHECK(calc_col_computed(f.t, 3));
    CHECK_STR(calc_col_formula(f.t, 3), "prognos - budget");
    CHECK_STR(calc_col_formula_text(f.t, 3), "Prognos \xE2\x88\x92 Budget");
    CHECK_INT(calc_nproblems(f.t), 0);
    /* rows: 0-3 intakter, 4 varav, 5-7 kostnader, 8 netto */
    CHECK_INT(calc_row_kind_of(f.t, 3), CALC_ROW_SUM);
    CHECK_INT(calc_row_kind_of(f.t, 4), CALC_ROW_VARAV);
    CHECK(calc_row_group(f.t, 4) == NULL);
    CHECK(calc_row_group(f.t, 0) != NULL);
    CHECK_STR(doc_node_attr(calc_row_group(f.t, 0), "id"), "intakter");
    /* a wrong stated total: computed from the rows, stated one effective */
    CHECK_STR(fig(&f, 3, 4, SUM), "21\xC2\xA0"
                                  "559");
    CHECK_STR(fig(&f, 3, 4, EFF), "28\xC2\xA0"
                                  "994");
    /* the empty row adds nothing; an empty total is computed and filled */
    CHECK_STR(fig(&f, 3, 2, FILL), "27\xC2\xA0"
                                   "500");
    /* computed column: an empty data cell is filled in */
    CHECK_STR(fig(&f, 1, 3, FILL), "0");
    CHECK_STR(fig(&f, 0, 3, FILL), "-"); /* stated: nothing to fill */
    CHECK_STR(fig(&f, 0, 3, FORM), "0");
    /* the empty row: missing operands, nothing computed */
    CHECK_STR(fig(&f, 2, 3, COMP), "-");
    CHECK_STR(fig(&f, 2, 1, EFF), "-");
    /* a varav row is computed across but never counted */
    CHECK_STR(fig(&f, 4, 3, FILL), "\xE2\x88\x92"
                                   "10");
    CHECK_STR(fig(&f, 7, 1, SUM), "\xE2\x88\x92"
                                  "134\xC2\xA0"
                                  "730");
    /* summa row of a computed column: formula first, total too */
    CHECK_STR(fig(&f, 7, 3, FORM), "5\xC2\xA0"
                                   "000");
    CHECK_STR(fig(&f, 7, 3, SUM), "5\xC2\xA0"
                                  "000");
    /* nettokostnad = intakter + kostnader over effective totals */
    CHECK_STR(fig(&f, 8, 4, SUM), "\xE2\x88\x92"
                                  "103\xC2\xA0"
                                  "240");
    CHECK_STR(fig(&f, 8, 1, FILL), "\xE2\x88\x92"
                                   "107\xC2\xA0"
                                   "230");
    /* avvikelse in the netto row: prognos (stated) - budget (computed) */
    CHECK_STR(fig(&f, 8, 3, FORM), "5\xC2\xA0"
                                   "000");
    CHECK_STR(fig(&f, 8, 3, FILL), "5\xC2\xA0"
                                   "000");
    int64_t m;
    int s;
    CHECK(calc_effective(f.t, 8, 3, &m, &s));
    CHECK_INT(m, 5000);
    CHECK_INT(s, 0);
    char out[256];
    CHECK(calc_explain(f.t, 8, 4, true, out, sizeof out));
    CHECK_STR(out, "intakter + kostnader = 28\xC2\xA0"
                   "994 + (\xE2\x88\x92"
                   "132\xC2\xA0"
                   "234)");
    CHECK(calc_explain(f.t, 5, 3, false, out, sizeof out));
    CHECK_STR(out, "Prognos \xE2\x88\x92 Budget = \xE2\x88\x92"
                   "63\xC2\xA0"
                   "474 \xE2\x88\x92 (\xE2\x88\x92"
                   "63\xC2\xA0"
                   "474)");
    /* cells and rows by node */
    size_t row;
    int col;
    const doc_node *cell = calc_cell(f.t, 8, 1);
    CHECK(cell != NULL);
    CHECK(calc_cell_locate(f.t, cell, &row, &col));
    CHECK_INT(row, 8);
    CHECK_INT(col, 1);
    CHECK(calc_fill_text(f.t, cell, out, sizeof out));
    CHECK_STR(out, "\xE2\x88\x92"
                   "107\xC2\xA0"
                   "230");
    CHECK(calc_row_index(f.t, calc_row_node(f.t, 5), &row));
    CHECK_INT(row, 5);
    CHECK(!calc_row_index(f.t, cell, &row));
    CHECK(!calc_cell_locate(f.t, calc_row_node(f.t, 5), &row, &col));
    unload(&f);
}

TEST(test_calc_nested_groups_and_table_total)
{
    fixture f;
    CHECK(load(&f, "<tabell><kolumn typ=\"text\"/>"
                   "<kolumn id=\"a\" typ=\"tal\"/>"
                   "<kolumn id=\"p\" typ=\"procent\"/>"
                   "<kolumn id=\"q\" typ=\"procent\" summeras=\"ja\"/>"
                   "<kolumn id=\"n\" typ=\"tal\" summeras=\"nej\"/>"
                   "<grupp id=\"g\">"
                   "<grupp id=\"h\">"
                   "<rad><cell>x</cell><cell>1,5</cell><cell>10 %</cell>"
                   "<cell>10</cell><cell>1</cell></rad>"
                   "<rad typ=\"rubrik\"><cell spann=\"5\">Rubrik</cell></rad>"
                   "<rad><cell>y</cell><cell>2</cell><cell>20</cell>"
                   "<cell>20</cell><cell>2</cell></rad>"
                   "<summa><cell>h</cell><cell/><cell/><cell/><cell/></summa>"
                   "</grupp>"
                   "<rad><cell>z</cell><cell>3</cell><cell>30</cell>"
                   "<cell>30 %</cell><cell>3</cell></rad>"
                   "<summa><cell>g</cell><cell/><cell/><cell/><cell/></summa>"
                   "</grupp>"
                   "<rad><cell>w</cell><cell>4,25</cell><cell/><cell/>"
                   "<cell/></rad>"
                   "<summa><cell>T</cell><cell/><cell/><cell/><cell/></summa>"
                   "</tabell>"));
    if (!f.t) {
        unload(&f);
        return;
    }
    CHECK_INT(calc_nrows(f.t), 8);
    CHECK_INT(calc_row_kind_of(f.t, 1), CALC_ROW_RUBRIK);
    CHECK(calc_cell_spans(f.t, 1, 2));
    CHECK_STR(fig(&f, 3, 1, SUM), "3,5");
    CHECK_STR(fig(&f, 5, 1, SUM), "6,5");   /* nested group included */
    CHECK_STR(fig(&f, 7, 1, SUM), "10,75"); /* every data row */
    CHECK_STR(fig(&f, 3, 2, SUM), "-");     /* procent: not summed */
    CHECK_STR(fig(&f, 3, 3, SUM), "30");    /* summeras="ja" */
    CHECK_STR(fig(&f, 7, 4, SUM), "-");     /* summeras="nej" */
    /* decimals: the most typed in the column */
    CHECK_INT(calc_col_decimals(f.t, 1), 2);
    CHECK_INT(calc_col_declared_decimals(f.t, 1), -1);
    char out[64];
    CHECK(calc_fill_text(f.t, calc_cell(f.t, 3, 1), out, sizeof out));
    CHECK_STR(out, "3,50");
    CHECK(calc_fill_text(f.t, calc_cell(f.t, 3, 3), out, sizeof out));
    CHECK_STR(out, "30\xC2\xA0%");
    CHECK(!calc_fill_text(f.t, calc_cell(f.t, 3, 2), out, sizeof out));
    int64_t m;
    int s;
    calc_col_tolerance(f.t, 1, &m, &s);
    CHECK_INT(m, 2);
    CHECK_INT(s, 2);
    CHECK(!calc_table_tolerance(f.t, &m, &s));
    unload(&f);
}

TEST(test_calc_missing_values)
{
    fixture f;
    CHECK(load(&f, "<tabell tolerans=\"0.05\"><kolumn typ=\"text\"/>"
                   "<kolumn id=\"a\" typ=\"belopp\" decimaler=\"1\"/>"
                   "<kolumn id=\"b\" typ=\"belopp\"/>"
                   "<kolumn id=\"c\" typ=\"belopp\"/>"
                   "<kolumn id=\"d\" typ=\"belopp\" formel=\"a + b\"/>"
                   "<rad><cell>x</cell><cell>1</cell><cell>-</cell>"
                   "<cell/><cell/></rad>"
                   "<rad><cell>y</cell><cell>2</cell><cell>5</cell>"
                   "<cell/><cell/></rad>"
                   "<rad><cell>z</cell><cell>..</cell><cell>1 2</cell>"
                   "<cell/><cell/></rad>"
                   "<summa><cell>S</cell><cell/><cell/><cell/><cell/></summa>"
                   "</tabell>"));
    if (!f.t) {
        unload(&f);
        return;
    }
    /* a missing mark makes the formula and the total missing */
    CHECK_STR(fig(&f, 0, 4, FORM), "-");
    CHECK_STR(fig(&f, 1, 4, FILL), "7");
    CHECK_STR(fig(&f, 3, 1, SUM), "-"); /* ".." in a row */
    CHECK_STR(fig(&f, 3, 2, SUM), "-"); /* "-" and an invalid number */
    CHECK_STR(fig(&f, 3, 3, SUM), "-"); /* nothing to add up */
    CHECK_STR(fig(&f, 3, 4, SUM), "-");
    CHECK_INT(calc_stated(f.t, 2, 2).kind, NUM_INVALID);
    CHECK_INT(calc_stated(f.t, 0, 2).kind, NUM_MISSING);
    int64_t m;
    int s;
    CHECK(calc_table_tolerance(f.t, &m, &s));
    CHECK_INT(m, 5);
    CHECK_INT(s, 2);
    calc_col_tolerance(f.t, 2, &m, &s);
    CHECK_INT(m, 5);
    CHECK_INT(s, 2);
    unload(&f);
}

TEST(test_calc_overflow_not_computable)
{
    /* eleven rows of 9 * 10^14 (within the limits): the total, 9.9 * 10^15,
     * has 16 digits before the comma; a figure with nine decimals raised
     * to meet 9 * 10^14 has 24 digits in all. Neither is printed: both are
     * too large (SUM-04), with their exact figures */
    char x[4096];
    size_t o = (size_t)snprintf(x, sizeof x,
                                "<tabell><kolumn typ=\"text\"/>"
                                "<kolumn id=\"a\" typ=\"belopp\"/>"
                                "<kolumn id=\"b\" typ=\"belopp\"/>"
                                "<kolumn id=\"c\" typ=\"belopp\" "
                                "formel=\"a - b\"/>"
                                "<rad><cell>x</cell><cell>900 000 000 000 "
                                "000</cell><cell>0,000000001</cell>"
                                "<cell/></rad>");
    for (int i = 0; i < 10; i++)
        o += (size_t)snprintf(x + o, sizeof x - o,
                              "<rad><cell>y</cell><cell>900 000 000 000 "
                              "000</cell><cell/><cell/></rad>");
    snprintf(x + o, sizeof x - o,
             "<summa><cell>S</cell><cell/><cell/><cell/></summa></tabell>");
    fixture f;
    CHECK(load(&f, x));
    if (!f.t) {
        unload(&f);
        return;
    }
    char big[128];
    bool formula = false;
    CHECK_STR(fig(&f, 0, 3, FORM), "-"); /* 24 digits */
    CHECK(calc_too_large(f.t, 0, 3, &formula, big, sizeof big) && formula);
    CHECK_STR(big, "899\xC2\xA0"
                   "999\xC2\xA0"
                   "999\xC2\xA0"
                   "999\xC2\xA0"
                   "999,999999999");
    CHECK_STR(fig(&f, 11, 1, SUM), "-"); /* 16 digits before the comma */
    CHECK(calc_too_large(f.t, 11, 1, &formula, big, sizeof big) && !formula);
    CHECK_STR(big, "9\xC2\xA0"
                   "900\xC2\xA0"
                   "000\xC2\xA0"
                   "000\xC2\xA0"
                   "000\xC2\xA0"
                   "000");
    CHECK_STR(fig(&f, 11, 2, SUM), "0,000000001");
    CHECK_STR(fig(&f, 11, 3, SUM), "-"); /* row x blocks it */
    CHECK_STR(fig(&f, 11, 3, FILL), "-");
    /* the total row's a - b reads the exact total of a: too large too */
    CHECK(calc_too_large(f.t, 11, 3, &formula, big, sizeof big) && formula);
    CHECK(!calc_too_large(f.t, 1, 1, NULL, big, sizeof big));
    int64_t m;
    int s;
    CHECK(calc_add(INT64_MAX, 0, 1, 0, -1, &m, &s));
    CHECK(!calc_add(INT64_MAX, 0, 1, 0, 1, &m, &s));
    CHECK(!calc_add(INT64_MIN, 0, 1, 0, -1, &m, &s));
    CHECK(calc_add(15, 1, 2, 0, -1, &m, &s));
    CHECK_INT(m, -5);
    CHECK_INT(s, 1);
    bool decided;
    CHECK(calc_within(100, 0, 99, 0, 1, 0, &decided) && decided);
    CHECK(!calc_within(100, 0, 98, 0, 1, 0, &decided) && decided);
    CHECK(calc_within(5725, 1, 5726, 1, 1, 1, &decided) && decided);
    /* exact, however far apart: decided */
    CHECK(!calc_within(INT64_MAX, 0, -1, 0, 1, 0, &decided) && decided);
    CHECK(!calc_within(5000000000000, 0, 500000001, 9, 2, 0, &decided) &&
          decided);
    char out[96];
    calc_format(INT64_MAX, 0, 9, false, out, sizeof out);
    CHECK_STR(out, "9\xC2\xA0"
                   "223\xC2\xA0"
                   "372\xC2\xA0"
                   "036\xC2\xA0"
                   "854\xC2\xA0"
                   "775\xC2\xA0"
                   "807,000000000");
    unload(&f);
}

TEST(test_calc_formula_problems)
{
    fixture f;
    CHECK(load(&f, "<tabell><kolumn id=\"t\" typ=\"text\"/>"
                   "<kolumn id=\"a\" typ=\"belopp\" formel=\"b + c\"/>"
                   "<kolumn id=\"b\" typ=\"belopp\" formel=\"a - d\"/>"
                   "<kolumn id=\"c\" typ=\"belopp\" formel=\"c\"/>"
                   "<kolumn id=\"d\" typ=\"belopp\" formel=\"a + x\"/>"
                   "<kolumn id=\"e\" typ=\"belopp\" formel=\"t\"/>"
                   "<kolumn id=\"f\" typ=\"belopp\" formel=\"a + d\"/>"
                   "<grupp id=\"g\"><rad><cell>r</cell><cell>1</cell>"
                   "<cell>2</cell><cell>3</cell><cell>4</cell><cell>5</cell>"
                   "<cell/></rad>"
                   "<summa formel=\"g + h\"><cell>s</cell><cell/><cell/>"
                   "<cell/><cell/><cell/><cell/></summa></grupp>"
                   "<summa id=\"h\" formel=\"g\"><cell>s</cell><cell/><cell/>"
                   "<cell/><cell/><cell/><cell/></summa>"
                   "</tabell>"));
    if (!f.t) {
        unload(&f);
        return;
    }
    /* d names x (unknown), e names a text column, c reads itself, a and b
     * read each other; the summa inside g names g (not closed) and h
     * (below it) */
    CHECK_INT(calc_nproblems(f.t), 6);
    const calc_problem *p;
    if ((p = calc_problem_at(f.t, 0))) {
        CHECK_INT(p->kind, CALC_PROB_CYCLE);
        CHECK_STR(p->name, "a \xE2\x86\x92 b \xE2\x86\x92 a");
    }
    if ((p = calc_problem_at(f.t, 1))) {
        CHECK_INT(p->kind, CALC_PROB_CYCLE);
        CHECK_STR(p->name, "c \xE2\x86\x92 c");
    }
    if ((p = calc_problem_at(f.t, 2))) {
        CHECK_INT(p->kind, CALC_PROB_UNKNOWN_COLUMN);
        CHECK_STR(p->name, "x");
    }
    if ((p = calc_problem_at(f.t, 3))) {
        CHECK_INT(p->kind, CALC_PROB_TEXT_OPERAND);
        CHECK_STR(p->name, "t");
    }
    if ((p = calc_problem_at(f.t, 4))) {
        CHECK_INT(p->kind, CALC_PROB_UNKNOWN_TOTAL);
        CHECK_STR(p->name, "g");
    }
    if ((p = calc_problem_at(f.t, 5))) {
        CHECK_INT(p->kind, CALC_PROB_UNKNOWN_TOTAL);
        CHECK_STR(p->name, "h");
    }
    CHECK(!calc_col_computed(f.t, 1));
    CHECK(!calc_col_computed(f.t, 3));
    CHECK(!calc_col_computed(f.t, 4));
    /* f reads a and d, whose formulas are dropped: their stated figures */
    CHECK(calc_col_computed(f.t, 6));
    CHECK_STR(fig(&f, 0, 6, FILL), "5");
    /* the table-level summa names the closed group g, whose own summa
     * could not be computed: the total of its rows stands in */
    CHECK_STR(fig(&f, 2, 1, SUM), "1");
    CHECK_STR(fig(&f, 1, 1, SUM), "-");
    unload(&f);
}

/* The diagnostics of one table, in the order of the list. */
static void check_diags(const char *table, msg_lang lang, diag_list **out)
{
    fixture f;
    CHECK(load(&f, table));
    *out = diag_list_new(lang);
    if (f.t) {
        check_table_sums(f.d, calc_table_node(f.t), *out);
        diag_sort(*out);
    }
    unload(&f);
}

TEST(test_calc_sum_diagnostics)
{
    diag_list *dl;
    check_diags(OSTERAKER, LANG_SV, &dl);
    CHECK_INT(diag_count(dl), 1);
    if (diag_count(dl) == 1) {
        const diag *g = diag_get(dl, 0);
        CHECK_STR(g->rule, "SUM-01");
        CHECK_INT(g->severity, DIAG_ERROR);
        CHECK_INT(g->line, 15);
        CHECK_STR(g->message, "Angiven summa 28\xC2\xA0"
                              "994 stämmer inte med beräknad summa 21\xC2\xA0"
                              "559 (kolumn \"Utfall fg år\")");
        CHECK_STR(g->hint, "skillnaden är 7\xC2\xA0"
                           "435; den beräknade summan är summan av gruppens "
                           "datarader (varav-rader räknas inte)");
    }
    diag_list_free(dl);

    /* a difference of 3 in whole tkr; a computed column wrong by 1 000;
     * the tolerance: 2 passes by default */
    const char *t = "<tabell><kolumn typ=\"text\"/>"
                    "<kolumn id=\"b\" typ=\"belopp\">Budget</kolumn>"
                    "<kolumn id=\"p\" typ=\"belopp\">Prognos</kolumn>"
                    "<kolumn id=\"v\" typ=\"belopp\" formel=\"p - b\">"
                    "Avvikelse</kolumn>\n"
                    "<rad><cell>x</cell><cell>10</cell><cell>12</cell>"
                    "<cell>3</cell></rad>\n"
                    "<rad><cell>y</cell><cell>20</cell><cell>21</cell>"
                    "<cell>1 001</cell></rad>\n"
                    "<summa><cell>S</cell><cell>33</cell><cell>33</cell>"
                    "<cell>5</cell></summa>\n"
                    "</tabell>";
    check_diags(t, LANG_EN, &dl);
    CHECK_INT(diag_count(dl), 3);
    if (diag_count(dl) == 3) {
        const diag *g = diag_get(dl, 0);
        CHECK_STR(g->rule, "SUM-02");
        CHECK_INT(g->line, 7);
        CHECK_STR(g->message, "The stated value 1\xC2\xA0"
                              "001 does not match the computed value 1 "
                              "(column \"Avvikelse\" = Prognos \xE2\x88\x92 "
                              "Budget)");
        CHECK_STR(g->hint, "the difference is 1\xC2\xA0"
                           "000; the value is computed as Prognos "
                           "\xE2\x88\x92 Budget = 21 \xE2\x88\x92 20");
        g = diag_get(dl, 1);
        CHECK_STR(g->rule, "SUM-01");
        CHECK_INT(g->line, 8);
        CHECK_STR(g->message, "The stated total 33 does not match the "
                              "computed total 30 (column \"Budget\")");
        CHECK_STR(g->hint, "the difference 3 is larger than the tolerance 2; "
                           "if it comes from rounding, give the table "
                           "tolerans=\"3\"");
        /* the summa of the computed column: formula 33 - 33 = 0, stated 5:
         * one error (SUM-02), not two */
        g = diag_get(dl, 2);
        CHECK_STR(g->rule, "SUM-02");
        CHECK_INT(g->line, 8);
    }
    diag_list_free(dl);

    /* a summa row whose formula cannot be computed (a secret prognos):
     * the computed column is checked as a total instead */
    check_diags("<tabell><kolumn typ=\"text\"/>"
                "<kolumn id=\"b\" typ=\"belopp\"/>"
                "<kolumn id=\"p\" typ=\"belopp\"/>"
                "<kolumn id=\"v\" typ=\"belopp\" formel=\"p - b\"/>"
                "<rad><cell>x</cell><cell>10</cell><cell>12</cell>"
                "<cell/></rad>"
                "<rad><cell>y</cell><cell>20</cell><cell>21</cell>"
                "<cell>1</cell></rad>"
                "<summa><cell>S</cell><cell>30</cell><cell>..</cell>"
                "<cell>6</cell></summa></tabell>",
                LANG_SV, &dl);
    CHECK_INT(diag_count(dl), 1);
    if (diag_count(dl) == 1) {
        CHECK_STR(diag_get(dl, 0)->rule, "SUM-01");
        CHECK_STR(diag_get(dl, 0)->message,
                  "Angiven summa 6 stämmer inte med beräknad summa 3 (kolumn "
                  "\"v\")");
    }
    diag_list_free(dl);

    /* the same table with tolerans="3": a difference equal to it passes */
    check_diags("<tabell tolerans=\"3\"><kolumn typ=\"text\"/>"
                "<kolumn id=\"b\" typ=\"belopp\"/>"
                "<rad><cell>x</cell><cell>10</cell></rad>"
                "<rad><cell>y</cell><cell>20</cell></rad>"
                "<summa><cell>S</cell><cell>33</cell></summa></tabell>",
                LANG_SV, &dl);
    CHECK_INT(diag_count(dl), 0);
    diag_list_free(dl);
}
