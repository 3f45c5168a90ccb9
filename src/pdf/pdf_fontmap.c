/*
 * pdf_fontmap.c: libharu's Type0 font for a TrueType face, built only for
 * the code points the document shows.
 *
 * With the UTF-8 encoder, libharu 2.3.0's CIDFontType2 constructor maps
 * every one of the 65 536 BMP code points to a glyph (a linear search of
 * the face's cmap each) and writes a /W entry for every glyph the face has
 * and a CIDToGIDMap of 128 KB: a third of all instructions of a 12-page
 * build (issue 9's profile), and most of the rest of the font's cost in
 * compression and object writing. For any other double-byte encoder the
 * same constructor reads the encoder's cid_map instead and maps only the
 * codes it lists (as found in the installed 2.3.0: it compares the
 * encoder's to_unicode_fn with HPDF_CMapEncoder_ToUnicode to choose).
 *
 * So, around HPDF_GetFont only, the UTF-8 encoder is made to look like a
 * table encoder that lists exactly the code points of the document, each
 * with the CID pdf.c gives it (its code: see "codes and CIDs" there);
 * afterwards it is put back as it was. The W array and CIDToGIDMap list
 * those CIDs only (a CID past the end of the map has glyph 0, PDF 32000-1
 * 9.7.4.2, and is never shown). Text widths (HPDF_Font_TextWidth, the
 * subsetter) do not read these tables: they go by code point.
 */
#include "pdf_internal.h"

#include <hpdf.h>
#include <hpdf_encoder.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"

/* The encoder's slot of code point cp. Slot 0 (code point 0, which no
 * text shows: a cid_map entry of 0 means "no code" to the constructor)
 * holds the sentinel CID after the largest. libharu's UTF-8 encoder keeps
 * its parser state in the first entries of cid_map: they are cleared
 * while the table is read and put back after, with the rest of both
 * tables. */
HPDF_Font pdf_font_for_codes(HPDF_Doc pdf, const char *name,
                             const uint16_t *cid)
{
    HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
    uint32_t max = 0;
    for (uint32_t cp = 1; cp < 0x10000; cp++)
        if (cid[cp] > max)
            max = cid[cp];
    if (max == 0)
        return HPDF_GetFont(pdf, name, "UTF-8");
    if (!enc || enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE || !enc->attr ||
        max >= 0xFFFF) {
        /* not the encoder this was written for: its CIDs would not be
         * the codes pdf.c writes */
        HPDF_SetError(&pdf->error, HPDF_INVALID_FONTDEF_DATA, 0);
        return NULL;
    }
    HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)enc->attr;

    /* both tables kept as they were, to be put back exactly */
    size_t size = sizeof a->unicode_map + sizeof a->cid_map;
    unsigned char *saved = xmalloc(size);
    memcpy(saved, a->unicode_map, sizeof a->unicode_map);
    memcpy(saved + sizeof a->unicode_map, a->cid_map, sizeof a->cid_map);

    /* The constructor writes W and the map for the CIDs below the
     * largest one it finds, not including it: a sentinel CID one past
     * the largest used one (code point 0, glyph 0) is listed too. */
    memset(a->cid_map, 0, sizeof a->cid_map);
    memset(a->unicode_map, 0, sizeof a->unicode_map);
    for (uint32_t cp = 1; cp < 0x10000; cp++)
        if (cid[cp]) {
            a->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
            a->cid_map[cp >> 8][cp & 0xFF] = cid[cp];
        }
    a->cid_map[0][0] = (HPDF_UINT16)(max + 1);

    HPDF_Encoder_ToUnicode_Func to_unicode = enc->to_unicode_fn;
    enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
    HPDF_Font f = HPDF_GetFont(pdf, name, "UTF-8");
    enc->to_unicode_fn = to_unicode;

    memcpy(a->unicode_map, saved, sizeof a->unicode_map);
    memcpy(a->cid_map, saved + sizeof a->unicode_map, sizeof a->cid_map);
    free(saved);
    return f;
}
