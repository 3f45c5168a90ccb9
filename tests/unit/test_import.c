/* test_import.c: the import builder (src/import/import_build.c) fed by
 * hand, as the readers feed it: sections from heading levels with typed
 * numbers removed, nested lists, and a table typed from its cells. */
#include <string.h>

#include "../../src/import/import_internal.h"
#include "harness.h"

static const char *const kinds[] = {"delarsrapport", "verksamhetsplan"};

static char *finish(ib *b, import_result *r)
{
    ib_file_end(b);
    CHECK_INT(ib_finish(b, r), 0);
    return r->xml ? r->xml : "";
}

static void cells(ib *b, bool header, const char *const *c, size_t n,
                  const unsigned *span)
{
    ib_row_begin(b, header);
    for (size_t i = 0; i < n; i++) {
        ib_cell_begin(b, span ? span[i] : 1, false);
        ib_par_begin(b, IB_PARA, 0, false);
        ib_run(b, c[i], 0, NULL);
        ib_par_end(b);
        ib_cell_end(b);
    }
    ib_row_end(b);
}

TEST(test_import_sections_and_lists)
{
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    import_options o = {.image_dir = "x-bilder", .kinds = kinds, .nkinds = 2};
    ib *b = ib_new(a, dl, &o);
    ib_file(b, "a.docx", false, 0);
    ib_meta m = {.title = "Verksamhetsplan 2027", .date = "2026-11-02T08:00"};
    ib_meta_set(b, &m);
    ib_par_begin(b, IB_HEADING, 1, false);
    ib_run(b, "1. Inledning", 0, NULL);
    ib_par_end(b);
    ib_par_begin(b, IB_HEADING, 3, false); /* a level skipped */
    ib_run(b, "1.1.1 Bakgrund", IB_BOLD, NULL);
    ib_par_end(b);
    ib_par_begin(b, IB_ITEM, 0, false);
    ib_run(b, "Ett", 0, NULL);
    ib_par_end(b);
    ib_par_begin(b, IB_ITEM, 2, false); /* two levels down at once */
    ib_run(b, "Djup", IB_ITALIC, "javascript:alert(1)");
    ib_par_end(b);
    ib_par_begin(b, IB_HEADING, 1, false);
    ib_run(b, "2023 i korthet", 0, NULL); /* a year, not a number */
    ib_par_end(b);
    import_result r;
    const char *x = finish(b, &r);
    CHECK(strstr(x, "typ=\"verksamhetsplan\"") != NULL);
    CHECK(strstr(x, "<datum>2026-11-02</datum>") != NULL);
    CHECK(strstr(x, "<rubrik>Inledning</rubrik>") != NULL);
    CHECK(strstr(x, "<rubrik>Bakgrund</rubrik>") != NULL);
    CHECK(strstr(x, "<rubrik>2023 i korthet</rubrik>") != NULL);
    CHECK(strstr(x, "<punkt>Ett\n") != NULL);
    CHECK(strstr(x, "<punkt>\n") != NULL); /* the empty level between */
    CHECK(strstr(x, "<punkt><kursiv>Djup</kursiv></punkt>") != NULL);
    CHECK(strstr(x, "javascript") == NULL);
    /* sections close in order: Bakgrund inside Inledning, then 2023 */
    const char *in = strstr(x, "Inledning"), *bg = strstr(x, "Bakgrund"),
               *y = strstr(x, "2023 i korthet");
    CHECK(in && bg && y && in < bg && bg < y);
    bool link_warned = false, typ_warned = false;
    for (size_t i = 0; i < diag_count(dl); i++) {
        link_warned |= strcmp(diag_get(dl, i)->rule, "IMP-18") == 0;
        typ_warned |= strcmp(diag_get(dl, i)->rule, "IMP-31") == 0;
    }
    CHECK(link_warned);
    CHECK(typ_warned);
    import_result_free(&r);
    ib_free(b);
    diag_list_free(dl);
    arena_free(a);
}

TEST(test_import_table_typing)
{
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    import_options o = {.typ = "delarsrapport", .image_dir = "x-bilder"};
    ib *b = ib_new(a, dl, &o);
    ib_file(b, "a.odt", false, 0);
    ib_meta m = {.title = "T", .date = "2026-01-31", .organisation = "K"};
    ib_meta_set(b, &m);
    ib_par_begin(b, IB_PARA, 0, false);
    ib_run(b, "Tabell 4: Nyckeltal, mnkr", 0, NULL);
    ib_par_end(b);
    ib_table_begin(b);
    const char *h1[] = {"Mått", "2026"};
    const unsigned s1[] = {1, 3};
    cells(b, false, h1, 2, s1);
    const char *h2[] = {"", "Utfall", "Andel", "Antal"};
    cells(b, false, h2, 4, NULL);
    const char *r1[] = {"A", "1 200,5", "12 %", "3"};
    cells(b, false, r1, 4, NULL);
    const char *r2[] = {"B", "-63 474", "..", "x"};
    cells(b, false, r2, 4, NULL);
    const char *sum[] = {"Totalt", "", "", ""};
    cells(b, false, sum, 4, NULL);
    ib_table_end(b);
    import_result r;
    const char *x = finish(b, &r);
    CHECK(strstr(x, "<tabell enhet=\"mnkr\">") != NULL);
    CHECK(strstr(x, "<rubrik>Nyckeltal, mnkr</rubrik>") != NULL);
    CHECK(strstr(x, "<kolumn typ=\"text\"/>") != NULL);
    CHECK(strstr(x, "<kolumn typ=\"belopp\">Utfall</kolumn>") != NULL);
    CHECK(strstr(x, "<kolumn typ=\"procent\">Andel</kolumn>") != NULL);
    CHECK(strstr(x, "<kolumn typ=\"text\">Antal</kolumn>") != NULL); /* "x" */
    CHECK(strstr(x, "<huvud><cell>Mått</cell><cell spann=\"3\">2026</cell>"
                    "</huvud>") != NULL);
    CHECK(strstr(x, "<huvud><cell></cell><cell>Utfall</cell>") != NULL);
    CHECK(strstr(x, "<summa><cell>Totalt</cell>") != NULL);
    CHECK(strstr(x, "Tabell 4") == NULL);
    import_result_free(&r);
    ib_free(b);
    diag_list_free(dl);
    arena_free(a);
}
