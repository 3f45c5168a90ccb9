/* test_fontmap.c: libharu's font made for the document's code points only
 * (harux_font_for_codes, src/pdf/pdf_harux.c).
 *
 * The font's W array and CIDToGIDMap must give each used code point's CID
 * (pdf.c's code for it, not the code point) the width and glyph libharu
 * gives the code point when it maps all 65 536 codes, leave unused CIDs
 * out, and the UTF-8 encoder must be exactly as before afterwards.
 * Needs Liberation Sans (fonts-liberation2, make deps); without it the
 * test says so and passes. */
#include <hpdf.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/pdf/pdf_internal.h"
#include "harness.h"

#define SANS "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"

/* The width W gives cid (the DW when W does not list it). */
static int w_of(HPDF_Dict cidfont, unsigned cid)
{
    HPDF_Array w = HPDF_Dict_GetItem(cidfont, "W", HPDF_OCLASS_ARRAY);
    HPDF_Number dw = HPDF_Dict_GetItem(cidfont, "DW", HPDF_OCLASS_NUMBER);
    for (HPDF_UINT i = 0; w && i + 1 < w->list->count; i += 2) {
        HPDF_Number first = HPDF_Array_GetItem(w, i, HPDF_OCLASS_NUMBER);
        HPDF_Array ws = HPDF_Array_GetItem(w, i + 1, HPDF_OCLASS_ARRAY);
        if (!first || !ws)
            return -1;
        unsigned f = (unsigned)first->value;
        if (cid >= f && cid < f + ws->list->count) {
            HPDF_Number n = HPDF_Array_GetItem(ws, cid - f, HPDF_OCLASS_NUMBER);
            return n ? (int)n->value : -1;
        }
    }
    return dw ? (int)dw->value : -1;
}

/* The glyph the CIDToGIDMap gives cid (0 past its end). */
static unsigned gid_of(HPDF_FontAttr fa, unsigned cid, HPDF_UINT32 *len)
{
    HPDF_Stream s = fa->map_stream->stream;
    *len = HPDF_Stream_Size(s);
    if (2 * cid + 1 >= *len)
        return 0;
    HPDF_BYTE b[2];
    HPDF_UINT n = 2;
    HPDF_Stream_Seek(s, (HPDF_INT)(2 * cid), HPDF_SEEK_SET);
    HPDF_Stream_Read(s, b, &n);
    return (unsigned)b[0] << 8 | b[1];
}

TEST(test_fontmap_used_codes_only)
{
    if (access(SANS, R_OK) != 0) {
        fprintf(stderr,
                "  test_fontmap_used_codes_only: skipped, %s is not "
                "installed (make deps)\n",
                SANS);
        return;
    }
    /* the reference: libharu's own font over all 65 536 codes */
    HPDF_Doc ref = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(ref);
    HPDF_SetCurrentEncoder(ref, "UTF-8");
    const char *rname = HPDF_LoadTTFontFromFile(ref, SANS, HPDF_TRUE);
    HPDF_Font rf = HPDF_GetFont(ref, rname, "UTF-8");
    CHECK(rf != NULL);

    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
    HPDF_CMapEncoderAttr ea = (HPDF_CMapEncoderAttr)enc->attr;
    HPDF_Encoder_ToUnicode_Func fn = enc->to_unicode_fn;
    HPDF_CMapEncoderAttr_Rec *before = malloc(sizeof *before);
    memcpy(before, ea, sizeof *before);

    /* ASCII as itself, one-byte codes from 0x80, two-byte from 0xC000 */
    uint16_t *used = calloc(0x10000, sizeof *used);
    static const uint32_t codes[] = {' ', 'A', 'V', 0xE5, 0x2013, 0x2212};
    static const uint16_t cids[] = {' ', 'A', 'V', 0x80, 0x81, 0xC000};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        used[codes[i]] = cids[i];
    const char *name = HPDF_LoadTTFontFromFile(pdf, SANS, HPDF_TRUE);
    HPDF_Font f = harux_font_for_codes(pdf, name, used, codes,
                                       sizeof codes / sizeof *codes);
    CHECK(f != NULL);
    CHECK(HPDF_GetError(pdf) == HPDF_OK);

    /* the encoder as it was */
    CHECK(enc->to_unicode_fn == fn);
    CHECK(memcmp(before, ea, sizeof *before) == 0);

    HPDF_FontAttr fa = (HPDF_FontAttr)f->attr;
    HPDF_FontAttr ra = (HPDF_FontAttr)rf->attr;
    HPDF_UINT32 len = 0, rlen = 0;
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        unsigned cp = codes[i], cid = cids[i];
        unsigned g = gid_of(fa, cid, &len);
        CHECK(g != 0);
        CHECK_INT(g, gid_of(ra, cp, &rlen));
        CHECK(w_of(fa->descendant_font, cid) > 0);
        CHECK_INT(w_of(fa->descendant_font, cid),
                  w_of(ra->descendant_font, cp));
    }
    /* the code points' own CIDs are not mapped (unless a code) */
    CHECK_INT(gid_of(fa, 0xE5, &len), 0);
    CHECK_INT(gid_of(fa, 0x2013, &len), 0);
    /* unused codes are left out: no glyph, the default width */
    CHECK(gid_of(ra, 'B', &rlen) != 0);
    CHECK_INT(gid_of(fa, 'B', &len), 0);
    CHECK_INT(w_of(fa->descendant_font, 'B'),
              ((HPDF_Number)HPDF_Dict_GetItem(fa->descendant_font, "DW",
                                              HPDF_OCLASS_NUMBER))
                  ->value);
    /* the map reaches past the largest CID (0xC000) and no further */
    CHECK_INT(len, 2 * (0xC000 + 1));
    CHECK_INT(rlen, 2 * 0xFFFF);

    /* text widths (what the subsetter marks) as libharu's own font */
    const char *txt = "AV\xC3\xA5 \xE2\x88\x92";
    CHECK_INT(
        HPDF_Font_TextWidth(f, (const HPDF_BYTE *)txt, (HPDF_UINT)strlen(txt))
            .width,
        HPDF_Font_TextWidth(rf, (const HPDF_BYTE *)txt, (HPDF_UINT)strlen(txt))
            .width);

    /* no codes at all: libharu's own way */
    memset(used, 0, 0x10000 * sizeof *used);
    const char *serif = "/usr/share/fonts/truetype/liberation2/"
                        "LiberationSerif-Regular.ttf";
    if (access(serif, R_OK) == 0) {
        const char *n2 = HPDF_LoadTTFontFromFile(pdf, serif, HPDF_TRUE);
        HPDF_Font f2 = harux_font_for_codes(pdf, n2, used, codes, 0);
        CHECK(f2 != NULL);
        if (f2)
            CHECK_INT(gid_of((HPDF_FontAttr)f2->attr, 'B', &len) != 0, 1);
    }
    free(used);
    free(before);
    HPDF_Free(pdf);
    HPDF_Free(ref);
}

/* The face libharu loads and the subset is made of: the same font, its
 * 'post' cut to the header of format 3.0, every other table record as it
 * was; loaded from memory, the same font for libharu as from the file. */
TEST(test_fontfile_without_glyph_names)
{
    if (access(SANS, R_OK) != 0) {
        fprintf(stderr,
                "  test_fontfile_without_glyph_names: skipped, %s "
                "is not installed (make deps)\n",
                SANS);
        return;
    }
    size_t na = 0, nb = 0;
    unsigned char *fa = pdf_fontfile_load(SANS, &na);
    unsigned char *fb = pdf_fontfile_load(SANS, &nb);
    CHECK(fa && fb);
    if (!fa || !fb) {
        pdf_fontfile_free(fa, na);
        pdf_fontfile_free(fb, nb);
        return;
    }
    CHECK(na > 1000);
    CHECK_INT(nb, na);
    CHECK(memcmp(fa, fb, na) == 0);
    CHECK(pdf_fontfile_cut_post(fb, nb));
    unsigned ntables = (unsigned)fa[4] << 8 | fa[5];
    int posts = 0;
    for (unsigned i = 0; i < ntables && 12 + 16 * i + 16 <= na; i++) {
        const unsigned char *ra = fa + 12 + 16 * i, *rb = fb + 12 + 16 * i;
        CHECK(memcmp(ra, rb, 4) == 0);
        if (memcmp(ra, "post", 4) != 0) {
            CHECK(memcmp(ra, rb, 16) == 0);
            continue;
        }
        posts++;
        CHECK(memcmp(ra + 8, rb + 8, 4) == 0);        /* same offset */
        CHECK(memcmp(rb + 12, "\0\0\0\x20", 4) == 0); /* 32 bytes */
        size_t off = (size_t)rb[8] << 24 | (size_t)rb[9] << 16 |
                     (size_t)rb[10] << 8 | rb[11];
        CHECK(memcmp(fb + off, "\0\3\0\0", 4) == 0);        /* format 3.0 */
        CHECK(memcmp(fb + off + 4, fa + off + 4, 28) == 0); /* the header */
        uint32_t sum = 0;
        for (size_t k = 0; k < 32; k += 4)
            sum += (uint32_t)fb[off + k] << 24 |
                   (uint32_t)fb[off + k + 1] << 16 |
                   (uint32_t)fb[off + k + 2] << 8 | fb[off + k + 3];
        CHECK(sum == ((uint32_t)rb[4] << 24 | (uint32_t)rb[5] << 16 |
                      (uint32_t)rb[6] << 8 | rb[7]));
    }
    CHECK_INT(posts, 1);
    /* the cut is in memory only: the file is as it was */
    size_t nc = 0;
    unsigned char *fc = pdf_fontfile_load(SANS, &nc);
    CHECK(fc && nc == na && memcmp(fc, fa, na) == 0);
    pdf_fontfile_free(fc, nc);
    /* the cut face loads in libharu from memory as the file does */
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    const char *from_mem = harux_font_load_ttf(pdf, fb, nb);
    CHECK(from_mem != NULL);
    HPDF_Doc pdf2 = HPDF_New(NULL, NULL);
    const char *from_file = HPDF_LoadTTFontFromFile(pdf2, SANS, HPDF_TRUE);
    CHECK(from_file != NULL);
    if (from_mem && from_file) {
        CHECK(strcmp(from_mem, from_file) == 0);
        HPDF_UseUTFEncodings(pdf);
        HPDF_UseUTFEncodings(pdf2);
        HPDF_Font fm = HPDF_GetFont(pdf, from_mem, "UTF-8");
        HPDF_Font ff = HPDF_GetFont(pdf2, from_file, "UTF-8");
        CHECK(fm && ff);
        if (fm && ff) {
            static const HPDF_UNICODE cps[] = {'A', 'W', 'j', 0xE5, 0x2013};
            for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++)
                CHECK_INT(HPDF_Font_GetUnicodeWidth(fm, cps[i]),
                          HPDF_Font_GetUnicodeWidth(ff, cps[i]));
            CHECK_INT(HPDF_Font_GetAscent(fm), HPDF_Font_GetAscent(ff));
            CHECK_INT(HPDF_Font_GetDescent(fm), HPDF_Font_GetDescent(ff));
            CHECK_INT(HPDF_Font_GetCapHeight(fm), HPDF_Font_GetCapHeight(ff));
            CHECK_INT(HPDF_Font_GetXHeight(fm), HPDF_Font_GetXHeight(ff));
        }
    }
    HPDF_Free(pdf);
    HPDF_Free(pdf2);
    /* a truncated face: libharu's error, no crash */
    pdf = HPDF_New(NULL, NULL);
    CHECK(harux_font_load_ttf(pdf, fa, 40) == NULL);
    CHECK(HPDF_GetError(pdf) != HPDF_OK);
    HPDF_Free(pdf);
    pdf_fontfile_free(fa, na);
    pdf_fontfile_free(fb, nb);

    /* not a font: nothing cut */
    unsigned char junk[] = "not a font at all, not at all";
    CHECK(!pdf_fontfile_cut_post(junk, sizeof junk - 1));
    CHECK(!pdf_fontfile_cut_post(junk, 3));
    CHECK(pdf_fontfile_load("/saknas/font.ttf", &na) == NULL);
    CHECK(pdf_fontfile_load("/tmp", &na) == NULL); /* not a file */
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/* Table tag of a font file: its bytes and length, or NULL. */
static const unsigned char *table(const unsigned char *f, size_t n,
                                  const char *tag, uint32_t *len)
{
    unsigned nt = (unsigned)f[4] << 8 | f[5];
    for (unsigned i = 0; i < nt && 28 + 16 * (size_t)i <= n; i++) {
        const unsigned char *r = f + 12 + 16 * (size_t)i;
        if (memcmp(r, tag, 4) == 0 && be32(r + 8) + be32(r + 12) <= n) {
            *len = be32(r + 12);
            return f + be32(r + 8);
        }
    }
    return NULL;
}

/* Glyph g's bytes in a font with long or short 'loca'. */
static const unsigned char *glyph(const unsigned char *f, size_t n, size_t g,
                                  uint32_t *len)
{
    uint32_t hl, ll, gl;
    const unsigned char *head = table(f, n, "head", &hl),
                        *loca = table(f, n, "loca", &ll),
                        *glyf = table(f, n, "glyf", &gl);
    if (!head || !loca || !glyf)
        return NULL;
    uint32_t a, b;
    if (head[51]) {
        a = be32(loca + 4 * g);
        b = be32(loca + 4 * g + 4);
    } else {
        a = 2u * ((unsigned)loca[2 * g] << 8 | loca[2 * g + 1]);
        b = 2u * ((unsigned)loca[2 * g + 2] << 8 | loca[2 * g + 3]);
    }
    *len = b - a;
    return glyf + a;
}

TEST(test_fontfile_subset)
{
    if (access(SANS, R_OK) != 0) {
        fprintf(stderr,
                "  test_fontfile_subset: skipped, %s is not installed\n", SANS);
        return;
    }
    size_t n = 0;
    unsigned char *face = pdf_fontfile_load(SANS, &n);
    CHECK(face != NULL);
    if (!face)
        return;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(pdf);
    const char *name = HPDF_LoadTTFontFromFile(pdf, SANS, HPDF_TRUE);
    HPDF_Font f = HPDF_GetFont(pdf, name, "UTF-8");
    HPDF_FontDef def = ((HPDF_FontAttr)f->attr)->fontdef;
    size_t ng = 0;
    const uint8_t *flags = harux_font_glyphs(f, &ng);
    CHECK(flags != NULL && ng > 100);
    /* only Å (a composite of A and the ring in Liberation Sans) and B */
    uint8_t *used = calloc(ng ? ng : 1, 1);
    unsigned aring = HPDF_TTFontDef_GetGlyphid(def, 0xC5),
             a = HPDF_TTFontDef_GetGlyphid(def, 'A'),
             bb = HPDF_TTFontDef_GetGlyphid(def, 'B'),
             c = HPDF_TTFontDef_GetGlyphid(def, 'C');
    CHECK(aring > 0 && a > 0 && bb > 0 && c > 0 && aring < ng);
    used[aring] = used[bb] = 1;
    size_t sn = 0;
    unsigned char *sub = pdf_fontfile_subset(face, n, used, ng, &sn);
    CHECK(sub != NULL && sn > 1000 && sn < n);
    if (sub) {
        /* the tables libharu keeps, in tag order, checksums right, and
         * the whole file's adjusted */
        unsigned nt = (unsigned)sub[4] << 8 | sub[5];
        CHECK_INT(nt, 13);
        uint32_t total = 0;
        for (size_t i = 0; i + 4 <= sn; i += 4)
            total += be32(sub + i);
        CHECK_INT(total, 0xB1B0AFBAu);
        for (unsigned i = 0; i < nt; i++) {
            const unsigned char *r = sub + 12 + 16 * (size_t)i;
            if (i > 0)
                CHECK(memcmp(r - 16, r, 4) < 0);
            uint32_t off = be32(r + 8), len = be32(r + 12), sum = 0;
            CHECK(off % 4 == 0 && off + len <= sn);
            if (memcmp(r, "head", 4) == 0)
                continue; /* its sum leaves out the adjustment */
            for (uint32_t k = 0; k < len; k += 4) {
                unsigned char w[4] = {0};
                memcpy(w, sub + off + k, len - k < 4 ? len - k : 4);
                sum += be32(w);
            }
            CHECK_INT(sum, be32(r + 4));
        }
        /* the glyphs: Å, its components and B as in the face, C and
         * the rest empty; hmtx unchanged */
        uint32_t l1, l2;
        const unsigned char *g1, *g2;
        unsigned keep[] = {0, aring, a, bb};
        for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
            g1 = glyph(face, n, keep[i], &l1);
            g2 = glyph(sub, sn, keep[i], &l2);
            CHECK(g1 && g2 && l1 > 0 && l1 == l2 && memcmp(g1, g2, l1) == 0);
        }
        g2 = glyph(sub, sn, c, &l2);
        CHECK(g2 && l2 == 0);
        g1 = table(face, n, "hmtx", &l1);
        g2 = table(sub, sn, "hmtx", &l2);
        CHECK(g1 && g2 && l1 == l2 && memcmp(g1, g2, l1) == 0);
    }
    free(sub);
    /* a face cut short, or not a TrueType file: NULL */
    CHECK(pdf_fontfile_subset(face, n / 3, used, ng, &sn) == NULL);
    CHECK(pdf_fontfile_subset((const unsigned char *)"OTTO and more bytes", 19,
                              used, ng, &sn) == NULL);
    free(used);
    pdf_fontfile_free(face, n);
    HPDF_Free(pdf);
}
