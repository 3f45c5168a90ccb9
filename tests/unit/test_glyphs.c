/* test_glyphs.c: kerning from the real fonts (through HarfBuzz, cached)
 * and the Swedish typographic characters layout sets for straight quotes,
 * apostrophes, spaced hyphens and three periods.
 *
 * The kerning tests need the Liberation faces of fonts/fonts.txt (Debian
 * fonts-liberation2, installed by `make deps`); without them they say so
 * and pass. The character tests use the stub font. */
#include <stdlib.h>

#include "../../src/font/font_impl.h"
#include "../../src/layout/layout.h"
#include "../../src/parse/parse.h"
#include "harness.h"

#ifndef ARSRAPPORT_DATADIR
#define ARSRAPPORT_DATADIR "."
#endif

static const char *HEAD =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rapport xmlns=\"urn:arsrapport:1\" typ=\"delarsrapport\">\n"
    "<metadata><titel>T</titel><organisation>O</organisation>"
    "<datum>2023-09-12</datum></metadata>\n";

/* The real fonts, or NULL with a message when they are not installed. */
static font_set *real_fonts(const char *test)
{
    const char *home = getenv("ARSRAPPORT_HOME");
    char manifest[4096];
    snprintf(manifest, sizeof manifest, "%s/fonts/fonts.txt",
             home ? home : ARSRAPPORT_DATADIR);
    diag_list *dl = diag_list_new(LANG_SV);
    font_set *fs = font_set_load(manifest, dl);
    diag_list_free(dl);
    if (!fs)
        fprintf(stderr,
                "  %s: skipped, the fonts of %s are not installed "
                "(make deps)\n",
                test, manifest);
    return fs;
}

typedef struct {
    doc *d;
    arena *a;
    diag_list *dl;
    layout_doc *ld;
    layout_style st;
} laid;

static bool lay(laid *l, const font_set *fs, const char *body)
{
    memset(l, 0, sizeof *l);
    l->dl = diag_list_new(LANG_SV);
    size_t n = strlen(HEAD) + strlen(body) + 32;
    char *x = malloc(n);
    snprintf(x, n, "%s%s</rapport>\n", HEAD, body);
    l->d = parse_memory("t.xml", x, strlen(x), l->dl);
    free(x);
    if (!l->d)
        return false;
    l->a = arena_new();
    layout_style_default(&l->st);
    l->ld = layout_document(l->d, fs, &l->st, l->a, l->dl);
    return l->ld != NULL;
}

static void unlay(laid *l)
{
    arena_free(l->a);
    doc_free(l->d);
    diag_list_free(l->dl);
    memset(l, 0, sizeof *l);
}

TEST(test_glyphs_kern_real_fonts)
{
    font_set *fs = real_fonts(__func__);
    if (!fs)
        return;
    /* Liberation Serif's GPOS pairs (Times New Roman's metrics), font
     * units of 2048 to the em, in 1/1000 em truncated toward zero:
     * A V -264 -> -128, T e -143 -> -69, L T -188 -> -91, P . -227 ->
     * -110 */
    CHECK_INT(font_kern(fs, FONT_SERIF, 'A', 'V'), -128);
    CHECK_INT(font_kern(fs, FONT_SERIF, 'T', 'e'), -69);
    CHECK_INT(font_kern(fs, FONT_SERIF, 'T', 'o'), -69);
    CHECK_INT(font_kern(fs, FONT_SERIF, 'T', 'a'), -69);
    CHECK_INT(font_kern(fs, FONT_SERIF, 'L', 'T'), -91);
    CHECK_INT(font_kern(fs, FONT_SERIF, 'P', '.'), -110);
    /* Liberation Sans (Arial's metrics): A V -152 -> -74 */
    CHECK_INT(font_kern(fs, FONT_SANS, 'A', 'V'), -74);
    CHECK(font_kern(fs, FONT_SANS_BOLD, 'T', 'e') < 0);
    /* the fonts have no pairs for å ä ö: kerned as their base letters */
    CHECK_INT(font_kern(fs, FONT_SERIF, 'V', 0xE5),
              font_kern(fs, FONT_SERIF, 'V', 'a'));
    CHECK(font_kern(fs, FONT_SERIF, 'V', 0xE5) < 0);
    CHECK(font_kern(fs, FONT_SANS_BOLD, 'T', 0xE4) < 0);
    CHECK(font_kern(fs, FONT_SERIF_ITALIC, 'V', 0xE5) < 0);
    /* pairs the font does not kern, and unknown code points */
    CHECK_INT(font_kern(fs, FONT_SERIF, 'o', 'o'), 0);
    CHECK_INT(font_kern(fs, FONT_SERIF, 'f', 'i'), 0); /* no ligature */
    CHECK_INT(font_kern(fs, FONT_SERIF, 0x10FFFF, 'a'), 0);
    CHECK_INT(font_kern(fs, FONT_SERIF, 0xFFFFFFFFu, 0xFFFFFFFFu), 0);
    font_set_free(fs);
}

TEST(test_glyphs_kern_stub_has_none)
{
    font_set *fs = font_set_stub();
    CHECK_INT(font_kern(fs, FONT_SERIF, 'A', 'V'), 0);
    CHECK_INT(font_kern(fs, FONT_SANS_BOLD, 'T', 'e'), 0);
    font_set_free(fs);
}

TEST(test_glyphs_kern_cache_agrees)
{
    font_set *fs = real_fonts(__func__);
    if (!fs)
        return;
    /* letters, Swedish letters, punctuation, the dense table's extra code
     * points and some outside it (hash table): Cyrillic A, capital sharp
     * s, U+FFFD */
    static const uint32_t cps[] = {
        'A',    'V',    'T',    'e',    'o',    'a',    'L',    'P',
        'Y',    'W',    'F',    'r',    'y',    '.',    ',',    ' ',
        0xE5,   0xE4,   0xF6,   0xC5,   0xC4,   0xD6,   0xA0,   0x2013,
        0x201D, 0x2019, 0x2026, 0x2212, 0x20AC, 0x0410, 0x1E9E, 0xFFFD};
    size_t n = sizeof cps / sizeof *cps;
    int mismatches = 0, kerned = 0;
    for (int round = 0; round < 2; round++) /* misses, then hits */
        for (int r = 0; r < FONT_ROLE_COUNT; r++)
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++) {
                    int cached = font_kern(fs, (font_role)r, cps[i], cps[j]);
                    int direct =
                        font_impl_kern(fs, (font_role)r, cps[i], cps[j]);
                    mismatches += cached != direct;
                    kerned += cached != 0;
                }
    CHECK_INT(mismatches, 0);
    CHECK(kerned > 100);
    font_set_free(fs);
}

/* The advance of a text box as drawn: each glyph's advance (the W array)
 * plus its TJ adjustment, in mpt (the pdf stage leaves out the last
 * glyph's adjustment: the next box is placed on its own). */
static double drawn_width(const font_set *fs, const lbox *b)
{
    double w = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        w += (double)font_advance(fs, b->font, b->cps[i]) * b->size / 1000.0;
        if (b->adj)
            w += (double)b->adj[i] * b->size / 1e6;
    }
    return w;
}

TEST(test_glyphs_measure_equals_draw)
{
    font_set *fs = real_fonts(__func__);
    if (!fs)
        return;
    laid l;
    CHECK(lay(&l, fs,
              "<avsnitt><rubrik>AVTAL och Tolkning</rubrik>"
              "<stycke>AVTAL, Tolkning, Vård och Tävling. Tack vare "
              "Yrkesresan LT P. Vågen tog Västra Tolv till Fårö och "
              "Tåby, Väddö, Yxlan och Ålö under åren Totalt 2023. "
              "AVTAL, Tolkning, Vård och Tävling. Tack vare Yrkesresan "
              "LT P. Vågen tog Västra Tolv till Fårö och Tåby.</stycke>"
              "<stycke>Tre Tal.</stycke></avsnitt>"));
    size_t boxes = 0, kerned = 0;
    for (size_t p = 0; l.ld && p < l.ld->npages; p++)
        for (size_t i = 0; i < l.ld->pages[p].n; i++) {
            const lbox *b = &l.ld->pages[p].boxes[i];
            if (b->kind != LBOX_TEXT || b->artifact)
                continue;
            boxes++;
            /* every glyph pair of a box not separated by a space carries
             * exactly the font's kerning */
            for (uint32_t k = 0; b->adj && k + 1 < b->n; k++)
                if (b->cps[k] != ' ' && b->cps[k + 1] != ' ') {
                    CHECK_INT(b->adj[k],
                              1000 * font_kern(fs, b->font, b->cps[k],
                                               b->cps[k + 1]));
                    kerned += b->adj[k] != 0;
                }
            /* measured (box width) and drawn agree to a millipoint per
             * glyph (frag widths are truncated to whole mpt) */
            double d = drawn_width(fs, b) - b->w;
            if (d < 0)
                d = -d;
            CHECK(d <= b->n);
        }
    CHECK(boxes > 3);
    CHECK(kerned > 10);
    unlay(&l);
    font_set_free(fs);
}
