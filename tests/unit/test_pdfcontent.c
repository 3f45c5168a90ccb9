/* test_pdfcontent.c: the content streams' tightening (src/pdf/
 * pdf_content.c). Text objects of consecutive sequences of text join, the
 * positions become relative and exact; a sequence that holds a rule keeps
 * its text objects inside it; a rule between two texts closes the text
 * object; what the tightener does not follow (Tm, a fourth decimal,
 * unbalanced operators) leaves the stream as it was. */
#include <stdlib.h>
#include <string.h>

#include "../../src/pdf/pdf_internal.h"
#include "harness.h"

/* The tightened s, NUL-terminated and malloc'd, or NULL when it was left
 * alone. */
static char *tighten(const char *s)
{
    pdf_buf o = {0};
    pdf_buf_puts(&o, "#"); /* appended after what out held */
    if (!pdf_content_tighten((const unsigned char *)s, strlen(s), &o)) {
        CHECK_INT(o.n, 1);
        free(o.b);
        return NULL;
    }
    pdf_buf_put(&o, "", 1);
    char *r = strdup((const char *)o.b + 1);
    free(o.b);
    return r;
}

TEST(test_pdfcontent_joins_text_objects)
{
    char *r = tighten("/P <</MCID 0>> BDC\nBT\n0 0 0 rg\n/F1 11 Tf\n"
                      "76.545 760.215 Td\n[(a)] TJ\nET\n"
                      "BT\n76.545 745.215 Td\n[(b)] TJ\nET\nEMC\n"
                      "/P <</MCID 1>> BDC\nBT\n90.5 724.2 Td\n[(c)] TJ\nET\n"
                      "EMC\n");
    CHECK_STR(r, "BT\n/P <</MCID 0>> BDC\n0 0 0 rg\n/F1 11 Tf\n"
                 "76.545 760.215 Td\n[(a)] TJ\n0 -15 Td\n[(b)] TJ\nEMC\n"
                 "/P <</MCID 1>> BDC\n13.955 -21.015 Td\n[(c)] TJ\nEMC\n"
                 "ET\n");
    free(r);
}

TEST(test_pdfcontent_rules_close_text)
{
    /* an artifact's rule between two texts: the text object closes
     * before it and a new one starts after, at an absolute position */
    char *r = tighten("/P <</MCID 0>> BDC\nBT\n10 20 Td\n[(a)] TJ\nET\nEMC\n"
                      "/Artifact BMC\n0.251 0.251 0.251 rg\n1 2 3 4 re\nf\n"
                      "EMC\n/P <</MCID 1>> BDC\nBT\n10 5 Td\n[(b)] TJ\nET\n"
                      "EMC\n");
    CHECK_STR(r, "BT\n/P <</MCID 0>> BDC\n10 20 Td\n[(a)] TJ\nEMC\nET\n"
                 "/Artifact BMC\n0.251 0.251 0.251 rg\n1 2 3 4 re\nf\nEMC\n"
                 "BT\n/P <</MCID 1>> BDC\n10 5 Td\n[(b)] TJ\nEMC\nET\n");
    free(r);
    /* a sequence with a path among its texts (a chart's Figure) is
     * opened outside any text object, and its texts keep theirs */
    r = tighten("/Figure <</MCID 0>> BDC\nBT\n1 2 Td\n[(a)] TJ\nET\n"
                "q\n1 0 0 1 0 0 cm\nQ\nBT\n1 4 Td\n[(b)] TJ\nET\nEMC\n");
    CHECK_STR(r, "/Figure <</MCID 0>> BDC\nBT\n1 2 Td\n[(a)] TJ\nET\n"
                 "q\n1 0 0 1 0 0 cm\nQ\nBT\n1 4 Td\n[(b)] TJ\nET\nEMC\n");
    free(r);
    /* a nested Span of text inside a paragraph's text joins too */
    r = tighten("/P <</MCID 0>> BDC\n/Span <</ActualText <FEFF0041>>> BDC\n"
                "BT\n1 2 Td\n[(A)] TJ\nET\nEMC\nBT\n1 -10 Td\n[(b)] TJ\nET\n"
                "EMC\n");
    CHECK_STR(r, "BT\n/P <</MCID 0>> BDC\n/Span <</ActualText <FEFF0041>>> "
                 "BDC\n1 2 Td\n[(A)] TJ\nEMC\n0 -12 Td\n[(b)] TJ\nEMC\nET\n");
    free(r);
}

TEST(test_pdfcontent_leaves_the_unexpected)
{
    const char *const left[] = {
        "BT\n1 0 0 1 5 5 Tm\n[(a)] TJ\nET\n",   /* Tm */
        "BT\n1.0005 2 Td\n[(a)] TJ\nET\n",      /* a fourth decimal */
        "BT\n1 2 Td\n[(a)] TJ\n",               /* no ET */
        "/P <</MCID 0>> BDC\nBT\n1 2 Td\nET\n", /* no EMC */
        "EMC\n",                                /* nothing open */
        "BT\nBT\nET\nET\n",                     /* nested text objects */
        "BT\n1 2 Td\n[(a)] TJ\nET",             /* no line end */
        "",
    };
    for (size_t i = 0; i < sizeof left / sizeof *left; i++)
        CHECK(tighten(left[i]) == NULL);
    /* operators outside text objects pass as they are */
    char *r = tighten("q\n1 0 0 1 0 0 cm\n/I1 Do\nQ\n");
    CHECK_STR(r, "q\n1 0 0 1 0 0 cm\n/I1 Do\nQ\n");
    free(r);
}
