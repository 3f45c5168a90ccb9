/* test_pdfmeta.c: the document-level parts of the PDF (src/pdf/pdf_meta.c):
 * dates from the document and SOURCE_DATE_EPOCH, page label ranges, the
 * XMP packet (escaped, agreeing with the information dictionary), and
 * whole renderings: byte-identical twice, a file identifier derived from
 * the content, the header version of each conformance, and a clear error
 * when the colour profile is missing. */
#include <stdlib.h>
#include <string.h>

#include "../../src/common/diag.h"
#include "../../src/pdf/pdf.h"
#include "../../src/pdf/pdf_internal.h"
#include "fixture.h"
#include "harness.h"
#include "pdfread.h"

TEST(test_pdfmeta_dates)
{
    pdfmeta_time t;
    char a[32], b[32];
    CHECK(pdfmeta_time_from_iso("2023-08-31", &t));
    pdfmeta_pdf_date(&t, a);
    pdfmeta_iso_date(&t, b);
    /* midnight UTC, written with Z in both forms */
    CHECK_STR(a, "D:20230831000000Z");
    CHECK_STR(b, "2023-08-31T00:00:00Z");
    CHECK(pdfmeta_time_from_iso("2024-02-29", &t));
    CHECK(!pdfmeta_time_from_iso("2023-02-29", &t));
    CHECK(!pdfmeta_time_from_iso("2023-13-01", &t));
    CHECK(!pdfmeta_time_from_iso("2023-8-31", &t));
    CHECK(!pdfmeta_time_from_iso("31/08/2023", &t));
    CHECK(!pdfmeta_time_from_iso(NULL, &t));
    /* a date with a time zone (xs:date allows one): midnight there */
    CHECK(pdfmeta_time_from_iso("2023-08-31+02:00", &t));
    pdfmeta_pdf_date(&t, a);
    pdfmeta_iso_date(&t, b);
    CHECK_STR(a, "D:20230831000000+02'00'");
    CHECK_STR(b, "2023-08-31T00:00:00+02:00");
    CHECK(pdfmeta_time_from_iso("2023-08-31-05:30", &t));
    pdfmeta_pdf_date(&t, a);
    pdfmeta_iso_date(&t, b);
    CHECK_STR(a, "D:20230831000000-05'30'");
    CHECK_STR(b, "2023-08-31T00:00:00-05:30");
    CHECK(pdfmeta_time_from_iso("2023-08-31Z", &t));
    pdfmeta_iso_date(&t, b);
    CHECK_STR(b, "2023-08-31T00:00:00Z");
    CHECK(pdfmeta_time_from_iso(" 2023-08-31+14:00 ", &t));
    CHECK(!pdfmeta_time_from_iso("2023-08-31+15:00", &t));
    CHECK(!pdfmeta_time_from_iso("2023-08-31+02", &t));
    CHECK(!pdfmeta_time_from_iso("2023-08-31+", &t));
    CHECK(!pdfmeta_time_from_iso("2023-08-31+0", &t));
    CHECK(!pdfmeta_time_from_iso("2023-08-31+02:", &t));
    CHECK(!pdfmeta_time_from_iso("2023-08-31+02:0", &t));
    CHECK(!pdfmeta_time_from_iso("2023-08-31+02:60", &t));
    CHECK(!pdfmeta_time_from_iso("2023-08-31x", &t));
    CHECK(!pdfmeta_time_from_iso("12023-08-31", &t));
    CHECK(pdfmeta_time_from_epoch(1700000000LL, &t));
    pdfmeta_pdf_date(&t, a);
    pdfmeta_iso_date(&t, b);
    CHECK_STR(a, "D:20231114221320Z");
    CHECK_STR(b, "2023-11-14T22:13:20Z");
    CHECK(pdfmeta_time_from_epoch(0, &t));
    pdfmeta_iso_date(&t, b);
    CHECK_STR(b, "1970-01-01T00:00:00Z");
    CHECK(!pdfmeta_time_from_epoch(300000000000LL, &t));
}

static size_t ranges_for(const int *numbers, size_t n, pdfmeta_label_range *r)
{
    lpage pages[16];
    memset(pages, 0, sizeof pages);
    for (size_t i = 0; i < n; i++)
        pages[i].number = numbers[i];
    layout_doc ld;
    memset(&ld, 0, sizeof ld);
    ld.pages = pages;
    ld.npages = n;
    return pdfmeta_label_ranges(&ld, r);
}

TEST(test_pdfmeta_label_ranges)
{
    pdfmeta_label_range r[16];
    /* no cover: one decimal range from 1 */
    static const int plain[] = {1, 2, 3};
    CHECK_INT(ranges_for(plain, 3, r), 1);
    CHECK_INT(r[0].start, 0);
    CHECK(!r[0].cover);
    CHECK_INT(r[0].first, 1);
    /* a cover (printed number 0), then "Sida 1" on the next page */
    static const int cover[] = {0, 1, 2, 3};
    CHECK_INT(ranges_for(cover, 4, r), 2);
    CHECK(r[0].cover);
    CHECK_INT(r[1].start, 1);
    CHECK(!r[1].cover);
    CHECK_INT(r[1].first, 1);
    /* two cover pages share one range */
    static const int two[] = {0, 0, 1};
    CHECK_INT(ranges_for(two, 3, r), 2);
    CHECK_INT(r[1].start, 2);
    /* a jump in the printed numbers starts a new range */
    static const int jump[] = {1, 2, 5, 6};
    CHECK_INT(ranges_for(jump, 4, r), 2);
    CHECK_INT(r[1].start, 2);
    CHECK_INT(r[1].first, 5);
    CHECK_INT(ranges_for(jump, 0, r), 0);
}

TEST(test_pdfmeta_xmp_escaped_and_identified)
{
    pdf_meta m = {.title = "Budget <2024> & \"plan\"",
                  .author = "Kultur- & fritidsnämnden",
                  .subject = "Delårsrapport",
                  .creator = "arsrapport 0.1.0",
                  .lang = "sv-SE"};
    size_t len;
    char *x = pdfmeta_xmp(&m, "a<b", "2023-08-31T00:00:00Z", "p", &len);
    CHECK_INT(strlen(x), len);
    CHECK(strstr(x, "Budget &lt;2024&gt; &amp; &quot;plan&quot;") != NULL);
    CHECK(strstr(x, "Kultur- &amp; fritidsnämnden") != NULL);
    CHECK(strstr(x, "<pdf:Keywords>a&lt;b</pdf:Keywords>") != NULL);
    CHECK(strstr(x, "<2024>") == NULL);
    CHECK(strstr(x, "<xmp:CreateDate>2023-08-31T00:00:00Z</xmp:CreateDate>") !=
          NULL);
    CHECK(strstr(x, "<pdfaid:part>2</pdfaid:part>") != NULL);
    /* the default: level A (the file is tagged) */
    CHECK(strstr(x, "<pdfaid:conformance>A</pdfaid:conformance>") != NULL);
    CHECK(strncmp(x, "<?xpacket begin=\"\xEF\xBB\xBF\"", 20) == 0);
    CHECK(strstr(x, "<?xpacket end=\"w\"?>") != NULL);
    free(x);
    m.pdfa = PDF_A_1B;
    x = pdfmeta_xmp(&m, NULL, NULL, "p", &len);
    CHECK(strstr(x, "<pdfaid:part>1</pdfaid:part>") != NULL);
    CHECK(strstr(x, "<pdfaid:conformance>B</pdfaid:conformance>") != NULL);
    /* no date: no date properties, rather than a made-up one */
    CHECK(strstr(x, "CreateDate") == NULL);
    CHECK(strstr(x, "Keywords") == NULL);
    free(x);
    m.pdfa = PDF_A_NONE;
    x = pdfmeta_xmp(&m, NULL, NULL, "p", &len);
    CHECK(strstr(x, "pdfaid") == NULL);
    free(x);
    char *c = pdfmeta_clean("a\x01"
                            "b\tc\x1f");
    CHECK_STR(c, "ab\tc");
    free(c);
    /* a string cut at a byte limit inside a character ("å" is C3 A5, "€"
     * E2 82 AC): the partial character goes, the whole ones stay */
    c = pdfmeta_clean("Delårsrapport, \xC3\xA5\xC3");
    CHECK_STR(c, "Delårsrapport, \xC3\xA5");
    free(c);
    c = pdfmeta_clean("x\xE2\x82");
    CHECK_STR(c, "x");
    free(c);
    /* malformed sequences anywhere, overlong forms, surrogates, U+FFFE */
    c = pdfmeta_clean("a\x80"
                      "b\xC0\xAF"
                      "c\xED\xA0\x80"
                      "d\xEF\xBF\xBE"
                      "e\xF4\x90\x80\x80"
                      "f\xE2\x82\xAC\xF0\x9F\x98\x80");
    CHECK_STR(c, "abcdef\xE2\x82\xAC\xF0\x9F\x98\x80");
    free(c);
}

static const char *const BODY =
    "<avsnitt><rubrik>Ekonomi</rubrik><stycke>Prognosen visar ett "
    "underskott.</stycke></avsnitt>";

static unsigned char *render(laid_doc *l, const pdf_meta *m, size_t *n,
                             diag_list **dl)
{
    *dl = diag_list_new(LANG_SV);
    unsigned char *out = NULL;
    *n = 0;
    laid_again(l); /* the pages of the last render were freed */
    if (pdf_render(l->ld, l->fs, m, "t.pdf", *dl, &out, n) != 0)
        return NULL;
    /* the objects' text is in compressed object streams: the file with
     * them inflated after it */
    unsigned char *x = pdfread_expand(out, *n, n);
    free(out);
    return x;
}

static const char *find(const unsigned char *b, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(b + i, s, k) == 0)
            return (const char *)b + i;
    return NULL;
}

TEST(test_pdfmeta_render_reproducible)
{
    laid_doc l;
    CHECK(laid_open(&l, NULL, BODY, 0));
    if (!l.ld)
        return;
    pdf_meta m = {.title = "Delårsrapport 2023",
                  .author = "Socialnämnden",
                  .creator = "arsrapport test",
                  .lang = "sv-SE",
                  .date = "2023-08-31"};
    size_t n1, n2, n3;
    diag_list *d1, *d2, *d3;
    unsigned char *a = render(&l, &m, &n1, &d1);
    unsigned char *b = render(&l, &m, &n2, &d2);
    CHECK(a && b);
    if (a && b) {
        /* the same input gives the same bytes */
        CHECK(n1 == n2 && memcmp(a, b, n1) == 0);
        CHECK(strncmp((const char *)a, "%PDF-1.7\n%", 10) == 0);
        /* the identifier is filled in, not the placeholder */
        CHECK(find(a, n1, "/ID [") != NULL);
        CHECK(find(a, n1, "<00000000000000000000000000000000>") == NULL);
        CHECK(find(a, n1, "/GTS_PDFA1") != NULL);
        CHECK(find(a, n1, "(D:20230831000000Z)") != NULL);
        CHECK(find(a, n1, "/DisplayDocTitle true") != NULL);
        CHECK(find(a, n1, "/PageLabels") != NULL);
    }
    /* another title: another identifier */
    m.title = "Delårsrapport 2024";
    unsigned char *c = render(&l, &m, &n3, &d3);
    CHECK(c != NULL);
    if (a && c) {
        const char *ia = find(a, n1, "/ID ["), *ic = find(c, n3, "/ID [");
        CHECK(ia && ic && memcmp(ia, ic, 40) != 0);
    }
    free(a);
    free(b);
    free(c);
    diag_list_free(d1);
    diag_list_free(d2);
    diag_list_free(d3);
    /* SOURCE_DATE_EPOCH wins over the document's date */
    m.has_epoch = true;
    m.epoch = 1700000000LL;
    a = render(&l, &m, &n1, &d1);
    CHECK(a && find(a, n1, "(D:20231114221320Z)") != NULL);
    free(a);
    diag_list_free(d1);
    laid_close(&l);
}

TEST(test_pdfmeta_conformance_levels)
{
    laid_doc l;
    CHECK(laid_open(&l, NULL, BODY, 0));
    if (!l.ld)
        return;
    pdf_meta m = {.title = "T", .lang = "sv-SE", .date = "2023-08-31"};
    size_t n;
    diag_list *dl;
    m.pdfa = PDF_A_2U;
    unsigned char *a = render(&l, &m, &n, &dl);
    CHECK(a && strncmp((const char *)a, "%PDF-1.7\n%", 10) == 0);
    CHECK(a &&
          find(a, n, "<pdfaid:conformance>U</pdfaid:conformance>") != NULL);
    free(a);
    diag_list_free(dl);
    m.pdfa = PDF_A_1B;
    a = render(&l, &m, &n, &dl);
    CHECK(a && strncmp((const char *)a, "%PDF-1.4\n%", 10) == 0);
    CHECK(a && find(a, n, "<pdfaid:part>1</pdfaid:part>") != NULL);
    free(a);
    diag_list_free(dl);
    /* a plain PDF: no OutputIntent, no PDF/A identification */
    m.pdfa = PDF_A_NONE;
    a = render(&l, &m, &n, &dl);
    CHECK(a && strncmp((const char *)a, "%PDF-1.7\n%", 10) == 0);
    CHECK(a && find(a, n, "GTS_PDFA1") == NULL);
    CHECK(a && find(a, n, "pdfaid") == NULL);
    free(a);
    diag_list_free(dl);
    /* a missing colour profile is an error naming it, and no PDF */
    m.pdfa = PDF_A_2U;
    m.icc_path = "/saknas/sRGB.icc";
    a = render(&l, &m, &n, &dl);
    CHECK(a == NULL);
    CHECK_INT(diag_count_severity(dl, DIAG_ERROR), 1);
    if (diag_count(dl) > 0) {
        CHECK_STR(diag_get(dl, 0)->rule, "PDF-02");
        CHECK(strstr(diag_get(dl, 0)->message, "/saknas/sRGB.icc") != NULL);
    }
    diag_list_free(dl);
    laid_close(&l);
}
