/*
 * test_html.c: the web edition through the engine (issue 20). The page
 * says what the PDF says: the resolved labels and reference texts, the
 * computed totals with the PDF's Swedish figures, footnote numbers linked
 * both ways; and what only a page needs: lang on a passage in another
 * language, headers/id under two header rows, an address escaped. Also: a web
 * edition alone lays nothing out, and the same job twice gives the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/engine/engine.h"
#include "fixture.h"
#include "harness.h"

static const char *const BODY =
    "<avsnitt id=\"eko\"><rubrik>2.1 Ekonomi</rubrik>"
    "<stycke>Se <ref till=\"drift\"/> och avsnitt <ref till=\"eko\"/>."
    "<fotnot>Enligt <kursiv>bokslutet</kursiv>.</fotnot> "
    "<lank href=\"https://example.org/a?b=1&amp;c=2\">säker</lank></stycke>"
    "<stycke xml:lang=\"en\">In English.</stycke>"
    "<tabell id=\"drift\" enhet=\"tkr\"><rubrik>Drift</rubrik>"
    "<kolumn typ=\"text\"/><kolumn id=\"b\" typ=\"belopp\"/>"
    "<kolumn id=\"u\" typ=\"belopp\"/>"
    "<kolumn id=\"a\" typ=\"belopp\" formel=\"u - b\"/>"
    "<huvud><cell/><cell spann=\"3\">2026</cell></huvud>"
    "<huvud><cell>Verksamhet</cell><cell>Budget</cell><cell>Utfall</cell>"
    "<cell>Avvikelse</cell></huvud>"
    "<rad><cell>Skola</cell><cell>-63474</cell><cell>-60 000,5</cell>"
    "<cell/></rad>"
    "<rad><cell>Omsorg</cell><cell>1 000</cell><cell>2 000</cell><cell/></rad>"
    "<summa><cell>Summa</cell><cell/><cell/><cell/></summa>"
    "</tabell></avsnitt>";

static char *build_page(bool pdf_too, char **pdf_out)
{
    const char *home = getenv("ARSRAPPORT_HOME");
    engine_config cfg = {.home = home ? home : ".", .stub_fonts = true};
    diag_list *dl = diag_list_new(LANG_SV);
    engine *e = engine_new(&cfg, dl);
    diag_list_free(dl);
    if (!e)
        return NULL;
    size_t n = strlen(TEST_DOC_HEAD) + strlen(BODY) + 16;
    char *xml = malloc(n);
    snprintf(xml, n, "%s%s</rapport>", TEST_DOC_HEAD, BODY);
    engine_job job = {.task = ENGINE_BUILD,
                      .input = "test.xml",
                      .data = xml,
                      .size = strlen(xml),
                      .lang = LANG_SV,
                      .draft = true,
                      .creator = "test",
                      .outputs = ENGINE_OUT_HTML |
                                 (pdf_too ? (unsigned)ENGINE_OUT_PDF : 0u),
                      .pdf_href = pdf_too ? "test.pdf" : NULL};
    engine_result r;
    engine_run(e, &job, &r);
    char *html = r.html;
    r.html = NULL;
    if (pdf_out)
        *pdf_out = r.pdf ? "pdf" : NULL;
    engine_result_free(&r);
    engine_free(e);
    free(xml);
    return html;
}

void test_html_page_from_resolved(void)
{
    char *pdf = NULL;
    char *h = build_page(false, &pdf);
    CHECK(h != NULL);
    if (!h)
        return;
    CHECK(pdf == NULL); /* the page alone: no layout, no PDF */
    CHECK(strstr(h, "<!DOCTYPE html>\n<html lang=\"sv\">") == h);
    /* the typed "2.1" is replaced by the computed number */
    CHECK(strstr(h, "<h2><span class=\"num\">1</span> Ekonomi</h2>") != NULL);
    CHECK(strstr(h, "<a href=\"#drift\">tabell 1</a>") != NULL);
    CHECK(strstr(h, "<a href=\"#eko\">avsnitt 1</a>") != NULL);
    CHECK(strstr(h, "<span class=\"label\">Tabell 1. </span>Drift"
                    "<span class=\"unit\"> (belopp i tkr)</span>") != NULL);
    /* figures: U+2212, no-break space groups, decimal comma, computed
     * column and total */
    CHECK(strstr(h, ">\xE2\x88\x92"
                    "63\xC2\xA0"
                    "474</td>") != NULL);
    CHECK(strstr(h, ">\xE2\x88\x92"
                    "60\xC2\xA0"
                    "000,5</td>") != NULL);
    CHECK(strstr(h, ">3\xC2\xA0"
                    "473,5</td>") != NULL);
    CHECK(strstr(h, ">\xE2\x88\x92"
                    "62\xC2\xA0"
                    "474</td>") != NULL);
    /* two header rows: headers/id */
    CHECK(strstr(h, "id=\"ar:t1-h0-1\" colspan=\"3\">2026</th>") != NULL);
    CHECK(strstr(h, "headers=\"ar:t1-h0-1 ar:t1-h1-1 ") != NULL);
    /* the footnote, both ways */
    CHECK(strstr(h, "<a id=\"ar:fnref-1\" href=\"#ar:fn-1\"") != NULL);
    CHECK(strstr(h, "<li id=\"ar:fn-1\"><span class=\"fnnum\">1</span> "
                    "Enligt <em>bokslutet</em>.") != NULL);
    CHECK(strstr(h, "href=\"#ar:fnref-1\"") != NULL);
    CHECK(strstr(h, "<p lang=\"en\">In English.</p>") != NULL);
    CHECK(strstr(h, "href=\"https://example.org/a?b=1&amp;c=2\"") != NULL);
    CHECK(strstr(h, "application/pdf") == NULL);
    CHECK(strstr(h, "<script") == NULL);
    free(h);
}

void test_html_beside_pdf_and_repeatable(void)
{
    char *pdf = NULL;
    char *a = build_page(true, &pdf);
    char *b = build_page(true, NULL);
    CHECK(a != NULL && b != NULL);
    CHECK(pdf != NULL);
    if (a && b) {
        CHECK(strcmp(a, b) == 0);
        CHECK(strstr(a, "<link rel=\"alternate\" type=\"application/pdf\" "
                        "href=\"test.pdf\">") != NULL);
    }
    free(a);
    free(b);
}
