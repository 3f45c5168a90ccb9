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
 * table encoder that lists exactly the code points of the document, CID =
 * code point as before; afterwards it is put back as it was. The font
 * dictionary is the same as before for every code the document uses; the
 * W array and CIDToGIDMap leave out the codes it does not use (a CID past
 * the end of the map has glyph 0, PDF 32000-1 9.7.4.2, and is never
 * shown). Text widths (HPDF_Font_TextWidth, the subsetter) do not read
 * these tables.
 */
#include "pdf_internal.h"

#include <hpdf.h>
#include <hpdf_encoder.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"

/* CID 0 cannot be listed (a cid_map entry of 0 means "no code"); no text
 * shows U+0000. libharu's UTF-8 encoder keeps its parser state in the
 * first entries of cid_map: they are cleared while the table is read and
 * put back after, with the rest of both tables. */
#define FIRST_CODE 1

static bool has(const uint8_t *used, uint32_t cp)
{
    return used[cp >> 3] & (1u << (cp & 7));
}

HPDF_Font pdf_font_for_codes(HPDF_Doc pdf, const char *name,
                             const uint8_t *used)
{
    HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
    uint32_t max = 0;
    for (uint32_t cp = FIRST_CODE; cp < 0x10000; cp++)
        if (has(used, cp))
            max = cp;
    if (!enc || enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE || !enc->attr ||
        max == 0)
        return HPDF_GetFont(pdf, name, "UTF-8");
    HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)enc->attr;

    /* both tables kept as they were, to be put back exactly */
    size_t size = sizeof a->unicode_map + sizeof a->cid_map;
    unsigned char *saved = xmalloc(size);
    memcpy(saved, a->unicode_map, sizeof a->unicode_map);
    memcpy(saved + sizeof a->unicode_map, a->cid_map, sizeof a->cid_map);

    /* CID = code point for each code used. The constructor writes W and
     * the map for the CIDs below the largest one it finds, not including
     * it: one more code after the largest used one is listed too. */
    memset(a->cid_map, 0, sizeof a->cid_map);
    uint32_t last = max < 0xFFFF ? max + 1 : max;
    for (uint32_t cp = FIRST_CODE; cp <= last; cp++)
        if (has(used, cp) || cp == last) {
            a->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
            a->cid_map[cp >> 8][cp & 0xFF] = (HPDF_UINT16)cp;
        }

    HPDF_Encoder_ToUnicode_Func to_unicode = enc->to_unicode_fn;
    enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
    HPDF_Font f = HPDF_GetFont(pdf, name, "UTF-8");
    enc->to_unicode_fn = to_unicode;

    memcpy(a->unicode_map, saved, sizeof a->unicode_map);
    memcpy(a->cid_map, saved + sizeof a->unicode_map, sizeof a->cid_map);
    free(saved);
    return f;
}
