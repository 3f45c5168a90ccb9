/* test_pdftext.c: how pdf.c writes text into the page content (issue 9,
 * file size): one-byte codes for ASCII in literal strings through the
 * font's embedded CMap, one or two bytes for the rest in order of first
 * use, a ToUnicode for the same codes, TJ adjustments in whole
 * thousandths of an em at text sizes, colour and font set once while
 * they stay the same.
 *
 * Needs the Liberation faces of fonts/fonts.txt (Debian
 * fonts-liberation2, installed by `make deps`); without them it says so
 * and passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/font/font_impl.h"
#include "../../src/pdf/pdf.h"
#include "fixture.h"
#include "harness.h"
#include "pdfread.h"

/* Every FlateDecode stream of the file inflated, one after another. */
static char *streams(const unsigned char *b, size_t n, size_t *outn)
{
    sbuf all = {0};
    sbuf_put(&all, "");
    for (size_t i = 0; i + 8 < n; i++) {
        if (memcmp(b + i, "stream\r\n", 8) != 0 &&
            memcmp(b + i, "stream\n", 7) != 0)
            continue;
        if (i >= 3 && memcmp(b + i - 3, "end", 3) == 0)
            continue;
        size_t s = i + (b[i + 6] == '\r' ? 8 : 7);
        const unsigned char *e = pdfread_find(b + s, n - s, "endstream");
        if (!e)
            break;
        unsigned char *z = NULL;
        size_t zn = 0;
        if (pdfread_inflate(b + s, (size_t)(e - b) - s, &z, &zn)) {
            /* a content stream may hold zero bytes (codes): as "\0" */
            char *t = malloc(zn * 2 + 1);
            size_t k = 0;
            for (size_t j = 0; j < zn; j++) {
                if (z[j] == 0) {
                    t[k++] = '\\';
                    t[k++] = '0';
                } else {
                    t[k++] = (char)z[j];
                }
            }
            t[k] = 0;
            sbuf_put(&all, t);
            free(t);
            free(z);
        }
        i = (size_t)(e - b);
    }
    *outn = all.n;
    return all.s;
}

static size_t count(const char *s, const char *what)
{
    size_t c = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        c++;
    return c;
}

/* Whether every TJ array's numbers are whole (no '.' outside strings). */
static bool whole_adjustments(const char *s)
{
    for (const char *p = strchr(s, '['); p; p = strchr(p + 1, '[')) {
        const char *end = strstr(p, "] TJ");
        if (!end)
            break;
        int depth = 0;
        for (const char *q = p + 1; q < end; q++) {
            if (depth && *q == '\\') {
                q++;
                continue;
            }
            if (*q == '(')
                depth++;
            else if (*q == ')')
                depth--;
            else if (!depth && *q == '.')
                return false;
        }
        p = end;
    }
    return true;
}

/* Whether a line "r g b rg" repeats the one before it. */
static bool repeated_rg(const char *s)
{
    const char *prev = NULL;
    size_t prevn = 0;
    for (const char *p = strstr(s, " rg\n"); p; p = strstr(p + 1, " rg\n")) {
        const char *b = p;
        while (b > s && b[-1] != '\n')
            b--;
        size_t len = (size_t)(p - b);
        if (prev && len == prevn && memcmp(prev, b, len) == 0)
            return true;
        prev = b;
        prevn = len;
    }
    return false;
}

TEST(test_pdftext_codes_and_operators)
{
    font_set *fs = test_real_fonts(__func__);
    if (!fs)
        return;
    /* ASCII, parentheses and a backslash, Swedish letters, and more than
     * 64 further code points (Greek and Cyrillic), for two-byte codes */
    sbuf body = {0};
    sbuf_put(&body, "<avsnitt><rubrik>Ekonomi</rubrik><stycke>Prognosen "
                    "(helår) visar ett \\ underskott på −17 148,1 tkr, "
                    "därför åtgärder.");
    char u[8];
    for (uint32_t cp = 0x3B1; cp <= 0x3C9; cp++) {
        snprintf(u, sizeof u, " %c%c", (char)(0xC0 | (cp >> 6)),
                 (char)(0x80 | (cp & 0x3F)));
        sbuf_put(&body, u);
    }
    for (uint32_t cp = 0x410; cp < 0x450; cp++) {
        snprintf(u, sizeof u, " %c%c", (char)(0xC0 | (cp >> 6)),
                 (char)(0x80 | (cp & 0x3F)));
        sbuf_put(&body, u);
    }
    sbuf_put(&body, "</stycke></avsnitt>");
    laid_doc l;
    CHECK(laid_open(&l, fs, body.s, 0));
    free(body.s);
    if (!l.ld) {
        font_set_free(fs);
        return;
    }
    pdf_meta m = {.title = "T", .lang = "sv-SE", .date = "2023-08-31"};
    diag_list *dl = diag_list_new(LANG_SV);
    unsigned char *out = NULL;
    size_t n = 0;
    CHECK(pdf_render(l.ld, l.fs, &m, "t.pdf", dl, &out, &n) == 0);
    size_t xn = 0, sn = 0;
    unsigned char *x = out ? pdfread_expand(out, n, &xn) : NULL;
    char *s = x ? streams(x, xn, &sn) : NULL;
    CHECK(s != NULL);
    if (s) {
        /* literal strings, ASCII as itself, "(" ")" "\" escaped */
        CHECK(strstr(s, "(Prognosen") != NULL);
        CHECK(strstr(s, "\\(hel") != NULL);
        CHECK(strstr(s, "\\\\ ") != NULL);
        /* a justified line's word spacing once as Tw (code 32 is a
         * one-byte code), not after each space */
        CHECK(count(s, " Tw\n") > 0);
        CHECK(count(s, " ) -") < count(s, " Tw\n"));
        CHECK(strstr(s, "[<") == NULL); /* no hex glyph strings */
        CHECK(whole_adjustments(s));
        /* each font: an embedded CMap to the CIDs and a ToUnicode with
         * the same code space, one-byte and two-byte codes given */
        CHECK(count(s, "/CMapName /Arsrapport-F") >= 2);
        CHECK(strstr(s, "2 begincodespacerange\n<00> <BF>\n<C000> <FFFF>\n"
                        "endcodespacerange") != NULL);
        /* each code's CID is its own value, inside the code space */
        CHECK(strstr(s, "begincidrange\n<00> <7F> 0\n<80> <BF> 128\n"
                        "<C000> <C0") != NULL);
        CHECK(strstr(s, " 49152\nendcidrange") != NULL);
        CHECK(strstr(s, "<00> <7F> <0000>\nendbfrange") != NULL);
        CHECK(strstr(s, "\n<80> <00") != NULL ||
              strstr(s, "\n<80> <22") != NULL);
        CHECK(strstr(s, "<C000> <0") != NULL); /* the 65th code */
        CHECK(strstr(s, "cidchar") == NULL);
        /* a colour is set only when it changes, a font mostly once */
        CHECK(!repeated_rg(s));
        CHECK(count(s, " Tf\n") < count(s, " TJ\n"));
    }
    CHECK(x && pdfread_find(x, xn, "/Encoding /Identity-H") == NULL);
    free(s);
    free(x);
    free(out);
    diag_list_free(dl);
    laid_close(&l);
    font_set_free(fs);
}
