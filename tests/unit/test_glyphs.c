/* test_glyphs.c: kerning from the real fonts (through HarfBuzz, cached)
 * and the Swedish typographic characters (set by the resolve stage) in
 * laid-out text.
 *
 * The kerning tests need the Liberation faces of fonts/fonts.txt (Debian
 * fonts-liberation2, installed by `make deps`); without them they say so
 * and pass. The character tests use the stub font. */
#include <stdlib.h>

#include "../../src/common/utf8.h"
#include "../../src/font/font_impl.h"
#include "../../src/layout/layout_internal.h"
#include "../../src/parse/parse.h"
#include "fixture.h"
#include "harness.h"

typedef laid_doc laid;

static bool lay(laid *l, const font_set *fs, const char *body)
{
    return laid_open(l, fs, body, 0);
}

static void unlay(laid *l)
{
    laid_close(l);
}

TEST(test_glyphs_kern_real_fonts)
{
    font_set *fs = test_real_fonts(__func__);
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
    /* the faces kern "11"; figures stay tabular so table columns line up */
    for (int r = 0; r < FONT_ROLE_COUNT; r++)
        for (uint32_t a = '0'; a <= '9'; a++)
            for (uint32_t b = '0'; b <= '9'; b++)
                CHECK_INT(font_kern(fs, (font_role)r, a, b), 0);
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
    font_set *fs = test_real_fonts(__func__);
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

/* The build's kerning tables (kern_gen.c, font_kerntab.c) say what
 * shaping says: every pair a table kerns, and every pair of common
 * letters and punctuation (kerned or not), against the face shaped
 * directly. The manifest's faces all have a table unless their files
 * changed after the build (then rebuild). */
TEST(test_glyphs_kern_table_matches_shaping)
{
    font_set *fs = test_real_fonts(__func__);
    if (!fs)
        return;
    uint32_t dense[KERN_DENSE];
    for (uint32_t cp = 0; cp < 0x10000; cp++)
        if (kern_dense_index(cp) >= 0)
            dense[kern_dense_index(cp)] = cp;
    static const uint32_t cps[] = {
        'A',  'V',  'T',  'Y',  'W',  'P',  'L',    'F',    'K',    'R',
        'a',  'e',  'o',  'r',  'y',  'v',  'w',    '.',    ',',    '-',
        0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0x2019, 0x201D, 0x2013, 0xAB};
    size_t n = sizeof cps / sizeof *cps;
    int tables = 0, pairs = 0, mismatches = 0;
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        const font_kern_table *t = fs->kern_table[r];
        if (!t)
            continue;
        tables++;
        for (int li = 0; li < KERN_DENSE; li++)
            for (uint32_t k = t->row[li]; k < t->row[li + 1]; k++) {
                pairs++;
                mismatches +=
                    t->value[k] != font_impl_kern(fs, (font_role)r, dense[li],
                                                  dense[t->right[k]]);
            }
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                mismatches += font_kern_table_get(t, kern_dense_index(cps[i]),
                                                  kern_dense_index(cps[j])) !=
                              font_impl_kern(fs, (font_role)r, cps[i], cps[j]);
    }
    CHECK_INT(tables, FONT_ROLE_COUNT);
    CHECK(pairs > 1000);
    CHECK_INT(mismatches, 0);
    /* another file (a copy, a style's family) has none */
    CHECK(font_kern_table_find("/nonexistent/LiberationSerif-Regular.ttf") ==
          NULL);
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
    font_set *fs = test_real_fonts(__func__);
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

/* --- Swedish typographic characters, as layout sets them -------------
 * (the conversion itself: test_resolve.c) */

/* The text of the page's non-artifact text boxes in order, as UTF-8, the
 * boxes separated by '|'. */
static char *page_text(const lpage *pg, bool artifacts)
{
    size_t cap = 64, n = 0;
    char *s = malloc(cap);
    for (size_t i = 0; i < pg->n; i++) {
        const lbox *b = &pg->boxes[i];
        if (b->kind != LBOX_TEXT || b->artifact != artifacts)
            continue;
        if (n + (size_t)b->n * 4 + 2 > cap) {
            cap = (n + (size_t)b->n * 4 + 2) * 2;
            s = realloc(s, cap);
        }
        if (n)
            s[n++] = '|';
        for (uint32_t k = 0; k < b->n; k++)
            n += (size_t)utf8_encode(b->cps[k], s + n);
    }
    s[n] = '\0';
    return s;
}

TEST(test_glyphs_typo_in_layout)
{
    font_set *fs = font_set_stub();
    laid l;
    CHECK(lay(&l, fs,
              "<avsnitt><rubrik>Om \"kvalitet\"</rubrik>"
              "<stycke>\"<fet>Ordet</fet>\" och <kursiv>ord </kursiv>- "
              "ord...</stycke>"
              "<stycke>- ny rad</stycke></avsnitt>"));
    char *t = l.ld ? page_text(&l.ld->pages[0], false) : NULL;
    /* heading; the quote each side of the bold word; the no-break space
     * in the italic run before the dash; a new paragraph does not
     * continue the previous one's context */
    CHECK_STR(t, "1\xC2\xA0\xC2\xA0|Om \xE2\x80\x9Dkvalitet\xE2\x80\x9D|"
                 "\xE2\x80\x9D|Ordet|\xE2\x80\x9D och |ord\xC2\xA0|"
                 "\xE2\x80\x93 ord\xE2\x80\xA6|- ny rad");
    free(t);
    unlay(&l);
    font_set_free(fs);
}

TEST(test_glyphs_text_reaching_layout_is_nfc)
{
    /* "å" typed decomposed (a + U+030A combining ring) in a text node, an
     * attribute and a metadata field: layout sees only U+00E5 */
    static const char *doc_xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rapport xmlns=\"urn:arsrapport:1\" typ=\"delarsrapport\">\n"
        "<metadata><titel>Ta\xCC\x8Ag</titel><organisation>O</organisation>"
        "<datum>2023-09-12</datum></metadata>\n"
        "<avsnitt><rubrik>Ma\xCC\x8Al</rubrik>"
        "<stycke>Under a\xCC\x8Aret ga\xCC\x8Ar det bra.</stycke>"
        "<citat kalla=\"Bla\xCC\x8A bok\"><stycke>Citat.</stycke></citat>"
        "</avsnitt></rapport>\n";
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_memory(test_schema(), "t.xml", doc_xml, strlen(doc_xml), dl);
    CHECK(d != NULL);
    if (!d) {
        diag_list_free(dl);
        return;
    }
    font_set *fs = font_set_stub();
    arena *a = arena_new();
    layout_style st;
    layout_style_default(&st);
    st.hyph = test_hyph();
    st.cover = false; /* the body's pages from the first */
    st.running_title = doc_metadata(d)->titel; /* as the cli sets it */
    layout_doc *ld = layout_document(d, fs, &st, a, dl);
    size_t aring = 0, marks = 0;
    for (size_t p = 0; p < ld->npages; p++)
        for (size_t i = 0; i < ld->pages[p].n; i++) {
            const lbox *b = &ld->pages[p].boxes[i];
            for (uint32_t k = 0; b->kind == LBOX_TEXT && k < b->n; k++) {
                aring += b->cps[k] == 0xE5;
                marks += b->cps[k] >= 0x300 && b->cps[k] <= 0x36F;
            }
        }
    CHECK_INT(marks, 0);
    /* heading, two in the paragraph, the source, the running head */
    CHECK_INT(aring, 5);
    arena_free(a);
    font_set_free(fs);
    doc_free(d);
    diag_list_free(dl);
}
