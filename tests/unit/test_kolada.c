/*
 * test_kolada.c: a nyckeltal becomes an ordinary table, read from a Kolada
 * file (src/kolada/kolada_expand.c), and ids are checked (kolada.h).
 *
 * The Kolada file is written here, at test time, into a temporary folder
 * beside the document (parse_memory names the document there, so the
 * file is found as a path relative to it, like an image).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/kolada/kolada.h"
#include "../../src/parse/parse.h"
#include "fixture.h"
#include "harness.h"

static char kdir[64];

static const char *kpath(const char *name)
{
    static char path[160];
    if (!kdir[0]) {
        snprintf(kdir, sizeof kdir, "/tmp/arsrapport-kolada-XXXXXX");
        if (!mkdtemp(kdir))
            kdir[0] = '\0';
    }
    snprintf(path, sizeof path, "%s/%s", kdir, name);
    return path;
}

static const char *const KFILE =
    "{\"format\": \"arsrapport-kolada\", \"version\": 1, \"hamtat\": "
    "\"2026-11-30\", \"url\": \"http://127.0.0.1/v3\", \"kpi\": [{\"id\": "
    "\"N00001\", \"title\": \"Ett, andel (%)\"}], \"municipality\": "
    "[{\"id\": \"0117\", \"title\": \"Testkommun\"}, {\"id\": \"0000\", "
    "\"title\": \"Riket\"}], \"values\": ["
    "{\"kpi\": \"N00001\", \"municipality\": \"0117\", \"period\": 2024, "
    "\"values\": [{\"gender\": \"T\", \"status\": null, \"value\": "
    "12.345678901}, {\"gender\": \"K\", \"status\": null, \"value\": -3.5}]},"
    "{\"kpi\": \"N00001\", \"municipality\": \"0117\", \"period\": 2025, "
    "\"values\": [{\"gender\": \"T\", \"status\": \"Missing\", \"value\": "
    "null}]},"
    "{\"kpi\": \"N00001\", \"municipality\": \"0000\", \"period\": 2024, "
    "\"values\": [{\"gender\": \"T\", \"status\": null, \"value\": 1e3}]}]}";

static void write_kfile(void)
{
    FILE *f = fopen(kpath("k.json"), "w");
    if (f) {
        fputs(KFILE, f);
        fclose(f);
    }
}

static doc *expand(const char *lang, const char *attrs, diag_list *dl)
{
    char x[2048];
    snprintf(x, sizeof x,
             "<rapport xmlns=\"urn:arsrapport:1\" typ=\"verksamhetsplan\" "
             "xml:lang=\"%s\">\n"
             "<metadata><titel>T</titel><organisation>O</organisation>"
             "<datum>2026-11-30</datum></metadata>\n"
             "<avsnitt><rubrik>Nyckeltal</rubrik>\n"
             "<nyckeltal id=\"n\" fil=\"k.json\" %s/>\n"
             "</avsnitt></rapport>\n",
             lang, attrs);
    write_kfile();
    doc *d = parse_memory(test_schema(), kpath("t.xml"), x, strlen(x), dl);
    if (d)
        kolada_expand_document(d, NULL, dl);
    return d;
}

/* The text of the i-th child of kind k of n (0-based), or NULL. */
static const char *child_text(doc *d, const doc_node *n, doc_kind k, int i)
{
    for (doc_node *c = doc_node_first_child(n); c; c = doc_node_next(c))
        if (doc_node_kind(c) == k && i-- == 0)
            return doc_node_plain_text(d, c);
    return NULL;
}

static doc_node *nth_child(const doc_node *n, doc_kind k, int i)
{
    for (doc_node *c = doc_node_first_child(n); c; c = doc_node_next(c))
        if (doc_node_kind(c) == k && i-- == 0)
            return c;
    return NULL;
}

TEST(test_kolada_ids)
{
    CHECK(kolada_valid_kpi("N00945"));
    CHECK(kolada_valid_kpi("U33400"));
    CHECK(!kolada_valid_kpi("n00945"));
    CHECK(!kolada_valid_kpi("N0094"));
    CHECK(!kolada_valid_kpi("N009450"));
    CHECK(!kolada_valid_kpi(NULL));
    CHECK(kolada_valid_area("0117"));
    CHECK(kolada_valid_area("0000"));
    CHECK(!kolada_valid_area("117"));
    CHECK(!kolada_valid_area("01170"));
    CHECK(!kolada_valid_area("01a7"));
}

TEST(test_kolada_table_from_file)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = expand("sv", "kpi=\"N00001\" kommun=\"0117\" jamfor=\"0000\"", dl);
    CHECK(d != NULL);
    CHECK_INT(diag_count(dl), 0);
    doc_node *t = d ? doc_find_id(d, "n") : NULL;
    CHECK(t && doc_node_kind(t) == DOC_TABLE);
    if (t) {
        /* caption from the KPI's title; a text column and a column a year */
        CHECK_STR(child_text(d, t, DOC_CAPTION, 0), "Ett, andel (%)");
        CHECK_STR(child_text(d, t, DOC_COLUMN, 0), "Område");
        CHECK_STR(child_text(d, t, DOC_COLUMN, 1), "2024");
        CHECK_STR(child_text(d, t, DOC_COLUMN, 2), "2025");
        CHECK(nth_child(t, DOC_COLUMN, 3) == NULL);
        CHECK_INT(doc_column_type(nth_child(t, DOC_COLUMN, 1)), DOC_COL_TAL);
        /* figures as typed: at most 6 decimals, an exponent written out,
         * ".." where Kolada has no value or no entry */
        doc_node *r1 = nth_child(t, DOC_ROW, 0), *r2 = nth_child(t, DOC_ROW, 1);
        CHECK(r1 && r2 && !nth_child(t, DOC_ROW, 2));
        if (r1 && r2) {
            CHECK_STR(child_text(d, r1, DOC_CELL, 0), "Testkommun");
            CHECK_STR(child_text(d, r1, DOC_CELL, 1), "12,345679");
            CHECK_STR(child_text(d, r1, DOC_CELL, 2), "..");
            CHECK_STR(child_text(d, r2, DOC_CELL, 0), "Riket");
            CHECK_STR(child_text(d, r2, DOC_CELL, 1), "1000");
            CHECK_STR(child_text(d, r2, DOC_CELL, 2), "..");
        }
        CHECK_STR(child_text(d, t, DOC_SOURCE, 0),
                  "Källa: Kolada (RKA), hämtat 2026-11-30. ..: värde saknas i "
                  "Kolada (status Missing, ingen uppgift).");
    }
    doc_free(d);
    diag_list_free(dl);
}

TEST(test_kolada_english_women_years_in_rows)
{
    diag_list *dl = diag_list_new(LANG_EN);
    doc *d = expand("en",
                    "kpi=\"N00001\" kommun=\"0117\" kon=\"K\" ar=\"2024\" "
                    "ar-i=\"rader\" typ=\"procent\"",
                    dl);
    CHECK_INT(diag_count(dl), 0);
    doc_node *t = d ? doc_find_id(d, "n") : NULL;
    if (t) {
        CHECK_STR(child_text(d, t, DOC_COLUMN, 0), "Year");
        CHECK_STR(child_text(d, t, DOC_COLUMN, 1), "Testkommun");
        CHECK_INT(doc_column_type(nth_child(t, DOC_COLUMN, 1)),
                  DOC_COL_PROCENT);
        doc_node *r = nth_child(t, DOC_ROW, 0);
        CHECK(r && !nth_child(t, DOC_ROW, 1));
        if (r) {
            CHECK_STR(child_text(d, r, DOC_CELL, 0), "2024");
            CHECK_STR(child_text(d, r, DOC_CELL, 1), "-3,5");
        }
        CHECK_STR(child_text(d, t, DOC_SOURCE, 0),
                  "Source: Kolada (RKA), retrieved 2026-11-30.");
    }
    doc_free(d);
    diag_list_free(dl);
}

TEST(test_kolada_unknown_ids_at_attribute)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = expand("sv", "kpi=\"N00002\" kommun=\"0117\" jamfor=\"0999\"", dl);
    diag_sort(dl);
    CHECK_INT(diag_count_severity(dl, DIAG_ERROR), 2);
    if (diag_count(dl) == 2) {
        const diag *a = diag_get(dl, 0), *b = diag_get(dl, 1);
        /* line 4: <nyckeltal id="n" fil="k.json" kpi=... at column 32 */
        CHECK_STR(a->rule, "KOLADA-03");
        CHECK_INT(a->line, 4);
        CHECK_INT(a->col, 32);
        CHECK(strstr(a->message, "som har N00001 (Ett, andel (%))") != NULL);
        CHECK_STR(b->rule, "KOLADA-04");
        CHECK_INT(b->col, 59);
        CHECK(strstr(b->message, "0117 (Testkommun), 0000 (Riket)") != NULL);
    }
    /* still a table the later stages can read */
    doc_node *t = d ? doc_find_id(d, "n") : NULL;
    CHECK(t && nth_child(t, DOC_COLUMN, 0) != NULL);
    doc_free(d);
    diag_list_free(dl);
    unlink(kpath("k.json"));
    rmdir(kdir);
    kdir[0] = '\0';
}
