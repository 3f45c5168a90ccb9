/*
 * pdf_harux.c: libharu's internals behind one file. The rest of src/pdf
 * uses libharu's public API (<hpdf.h>) and the wrappers here
 * (pdf_harux.h); this is the only file that includes libharu's private
 * headers, reads or writes its structs (the document's catalog, trailer,
 * cross-reference table and error, a page's content stream, a font's
 * descendant and before-write step, the UTF-8 encoder's tables, the
 * document's font definitions) and calls its internal object API
 * (HPDF_Dict_*, HPDF_Array_*, HPDF_Stream_*, HPDF_MemStream_*,
 * HPDF_Xref_*, HPDF_MD5*, HPDF_TTFontDef_*). Each wrapper does what the
 * code that used the internals directly did, call for call, so the output
 * and the error behaviour are those of the internals themselves.
 *
 * All of it was written against and verified with libharu 2.3.0 (Debian
 * 12's libhpdf-dev): the check below stops the build on any other
 * version, so that an upgrade fails at build time rather than writing
 * wrong files.
 */
#include <hpdf.h>
#include <hpdf_encoder.h>
#include <hpdf_encrypt.h>
#include <hpdf_fontdef.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>

#if !defined(HPDF_MAJOR_VERSION) || !defined(HPDF_MINOR_VERSION) ||            \
    !defined(HPDF_BUGFIX_VERSION) || HPDF_MAJOR_VERSION != 2 ||                \
    HPDF_MINOR_VERSION != 3 || HPDF_BUGFIX_VERSION != 0
#error "src/pdf/pdf_harux.c was written and verified for libharu 2.3.0 \
(Debian 12's libhpdf-dev). For another version re-verify, against its \
headers and sources: the struct layouts and fields used here \
(_HPDF_Doc_Rec: mmgr, xref, catalog, info, trailer, pdf_version, error, \
fontdef_list, ttfont_tag; _HPDF_Stream_Rec attr, free_fn; \
_HPDF_Obj_Header obj_id/obj_class and HPDF_Proxy; _HPDF_Dict_Rec list, \
stream, filter, write_fn, before_write_fn, attr; _HPDF_PageAttr_Rec \
gmode, contents, stream; _HPDF_List_Rec obj, count, block_siz, mmgr, \
error and its growth by HPDF_DEF_ITEMS_PER_BLOCK; _HPDF_DictElement_Rec \
key, value; _HPDF_Name_Rec with its value last, read up to its NUL and \
never set again once in a page (harux_page_trim); the UTF-8 \
encoder's HPDF_CMapEncoderAttr unicode_map/cid_map and to_unicode_fn, \
and the CIDFontType2 constructor choosing its tables by to_unicode_fn); \
the internal functions wrapped here (HPDF_Dict_*, HPDF_Array_*, \
HPDF_Stream_*, HPDF_MemStream_*, HPDF_Xref_*, HPDF_SetError, HPDF_MD5*, \
HPDF_CallbackReader_New, HPDF_TTFontDef_Load/SetTagName, \
HPDF_Doc_FindFontDef, HPDF_List_Add and HPDF_LoadTTFontFromFile's steps \
that harux_font_load_ttf repeats) \
and that they record errors without calling the handler; and whether the \
2.3.0 defects the code works around are still there and still need it \
(architecture.md: the invalid ToUnicode CMap pdf.c replaces, the PDF/A \
XMP that is not XML-escaped (pdf_meta.c writes its own), the PNG soft \
mask stored uncompressed (pdf.c passes raw pixels), no kerning or TJ \
arrays (pdf.c writes TJ itself)). Then run the byte-identity check of \
input/, examples/ and tests/golden/ and the unit tests, and change the \
version here."
#endif

#include "pdf_harux.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "pdf_internal.h"

/* --- the document ---------------------------------------------------------
 */

HPDF_Dict harux_doc_catalog(HPDF_Doc pdf)
{
    return pdf->catalog;
}

HPDF_Dict harux_doc_info(HPDF_Doc pdf)
{
    return pdf->info;
}

HPDF_Dict harux_doc_trailer(HPDF_Doc pdf)
{
    return pdf->trailer;
}

void harux_doc_set_version(HPDF_Doc pdf, HPDF_PDFVer version)
{
    pdf->pdf_version = version;
}

void harux_doc_set_error(HPDF_Doc pdf, HPDF_STATUS error, HPDF_STATUS detail)
{
    HPDF_SetError(&pdf->error, error, detail);
}

size_t harux_doc_object_count(HPDF_Doc pdf)
{
    return pdf->xref->entries->count;
}

void *harux_doc_object(HPDF_Doc pdf, size_t i)
{
    if (i >= pdf->xref->entries->count)
        return NULL;
    HPDF_XrefEntry e = HPDF_Xref_GetEntry(pdf->xref, (HPDF_UINT)i);
    return e ? e->obj : NULL;
}

HPDF_STATUS harux_doc_add_object(HPDF_Doc pdf, void *obj)
{
    return HPDF_Xref_Add(pdf->xref, obj);
}

uint32_t harux_obj_number(const void *obj)
{
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

static bool is_class(const void *obj, unsigned cls)
{
    return obj &&
           (((const HPDF_Obj_Header *)obj)->obj_class & HPDF_OCLASS_ANY) == cls;
}

_Static_assert(
    sizeof(harux_ref) == sizeof(HPDF_Obj_Header) &&
        offsetof(harux_ref, obj_id) == offsetof(HPDF_Obj_Header, obj_id) &&
        offsetof(harux_ref, gen_no) == offsetof(HPDF_Obj_Header, gen_no) &&
        offsetof(harux_ref, obj_class) == offsetof(HPDF_Obj_Header, obj_class),
    "harux_ref is libharu's object header");

/* An indirect object of a class libharu never makes (UNKNOWN): libharu
 * refers to it through a proxy and leaves it alone (HPDF_Obj_Free frees
 * no indirect object). */
void harux_ref_init(harux_ref *r)
{
    r->obj_id = HPDF_OTYPE_INDIRECT;
    r->gen_no = 0;
    r->obj_class = HPDF_OCLASS_UNKNOWN;
}

void harux_ref_number(harux_ref *r, uint32_t number)
{
    r->obj_id = (number & 0x00FFFFFF) | HPDF_OTYPE_INDIRECT;
}

bool harux_is_ref(const void *obj)
{
    return is_class(obj, HPDF_OCLASS_UNKNOWN) &&
           (((const HPDF_Obj_Header *)obj)->obj_id & HPDF_OTYPE_INDIRECT);
}

HPDF_STATUS harux_page_add_annot(HPDF_Page page, harux_ref *r)
{
    HPDF_Array a = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
    if (!a) {
        a = HPDF_Array_New(page->mmgr);
        if (!a)
            return HPDF_Error_GetCode(page->error);
        HPDF_STATUS st = HPDF_Dict_Add(page, "Annots", a);
        if (st != HPDF_OK)
            return st;
    }
    return HPDF_Array_Add(a, r);
}

bool harux_obj_is_dict(const void *obj)
{
    return is_class(obj, HPDF_OCLASS_DICT);
}

bool harux_obj_is_array(const void *obj)
{
    return is_class(obj, HPDF_OCLASS_ARRAY);
}

/* The object behind a reference to an indirect one. */
static void *deref(void *obj)
{
    if (is_class(obj, HPDF_OCLASS_PROXY))
        return ((HPDF_Proxy)obj)->obj;
    return obj;
}

/* --- objects ---------------------------------------------------------------
 */

HPDF_Dict harux_dict_new(HPDF_Doc pdf)
{
    return HPDF_Dict_New(pdf->mmgr);
}

harux_array harux_array_new(HPDF_Doc pdf)
{
    return (harux_array)HPDF_Array_New(pdf->mmgr);
}

harux_obj harux_string_new(HPDF_Doc pdf, const char *s)
{
    return (harux_obj)HPDF_String_New(pdf->mmgr, s, NULL);
}

harux_obj harux_binary_new(HPDF_Doc pdf, const void *bytes, size_t len)
{
    return (harux_obj)HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)bytes,
                                      (HPDF_UINT)len);
}

HPDF_Dict harux_stream_new(HPDF_Doc pdf, bool compress)
{
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (s)
        s->filter = compress ? HPDF_STREAM_FILTER_FLATE_DECODE
                             : HPDF_STREAM_FILTER_NONE;
    return s;
}

HPDF_STATUS harux_dict_add(HPDF_Dict d, const char *key, void *obj)
{
    return HPDF_Dict_Add(d, key, obj);
}

HPDF_STATUS harux_dict_add_name(HPDF_Dict d, const char *key, const char *name)
{
    return HPDF_Dict_AddName(d, key, name);
}

HPDF_STATUS harux_dict_add_number(HPDF_Dict d, const char *key, int32_t v)
{
    return HPDF_Dict_AddNumber(d, key, (HPDF_INT32)v);
}

HPDF_STATUS harux_dict_add_boolean(HPDF_Dict d, const char *key, bool v)
{
    return HPDF_Dict_AddBoolean(d, key, v ? HPDF_TRUE : HPDF_FALSE);
}

void *harux_dict_find(const void *d, const char *key)
{
    if (!is_class(d, HPDF_OCLASS_DICT))
        return NULL;
    const struct _HPDF_Dict_Rec *dict = d;
    for (HPDF_UINT i = 0; i < dict->list->count; i++) {
        HPDF_DictElement e = dict->list->obj[i];
        if (strcmp(e->key, key) == 0)
            return deref(e->value);
    }
    return NULL;
}

bool harux_dict_has_array(HPDF_Dict d, const char *key)
{
    return HPDF_Dict_GetItem(d, key, HPDF_OCLASS_ARRAY) != NULL;
}

HPDF_STATUS harux_array_add(harux_array a, void *obj)
{
    return HPDF_Array_Add((HPDF_Array)a, obj);
}

HPDF_STATUS harux_array_add_number(harux_array a, int32_t v)
{
    return HPDF_Array_AddNumber((HPDF_Array)a, (HPDF_INT32)v);
}

size_t harux_array_count(const void *a)
{
    if (!is_class(a, HPDF_OCLASS_ARRAY))
        return 0;
    return ((const struct _HPDF_Array_Rec *)a)->list->count;
}

void *harux_array_find(const void *a, size_t i)
{
    if (i >= harux_array_count(a))
        return NULL;
    return deref(((const struct _HPDF_Array_Rec *)a)->list->obj[i]);
}

/* --- streams ---------------------------------------------------------------
 */

HPDF_Stream harux_dict_stream(HPDF_Dict d)
{
    return d->stream;
}

HPDF_STATUS harux_stream_write(HPDF_Stream stream, const void *bytes,
                               size_t len)
{
    return HPDF_Stream_Write(stream, (const HPDF_BYTE *)bytes, (HPDF_UINT)len);
}

HPDF_STATUS harux_stream_write_str(HPDF_Stream stream, const char *s)
{
    return HPDF_Stream_WriteStr(stream, s);
}

/* --- pages -----------------------------------------------------------------
 */

HPDF_Stream harux_page_content_stream(HPDF_Page page)
{
    return ((HPDF_PageAttr)page->attr)->stream;
}

bool harux_page_content_read(HPDF_Page page, pdf_buf *raw)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Dict c = attr->contents;
    HPDF_Stream s = attr->stream;
    /* only a page left in its page-description state: libharu adds
     * nothing to it when the file is saved */
    if (!c || !s || c->stream != s || c->write_fn ||
        !(c->filter & HPDF_STREAM_FILTER_FLATE_DECODE) ||
        attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION ||
        s->type != HPDF_STREAM_MEMORY)
        return false;
    size_t start = raw->n;
    HPDF_UINT nb = HPDF_MemStream_GetBufCount(s);
    for (HPDF_UINT i = 0; i < nb; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &len);
        if (!p)
            return false;
        pdf_buf_put(raw, p, len);
    }
    return raw->n - start == s->size;
}

/* Writes the /Filter entry of a content stream compressed by
 * harux_page_content_replace (libharu drops a /Filter of its own when
 * the stream's filter is none, and writes this hook's text instead). */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

bool harux_page_content_replace(HPDF_Page page, const unsigned char *z,
                                size_t len)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Dict c = attr->contents;
    HPDF_Stream s = attr->stream;
    HPDF_MemStream_FreeData(s);
    bool ok = len == 0 || HPDF_Stream_Write(s, z, (HPDF_UINT)len) == HPDF_OK;
    c->filter = HPDF_STREAM_FILTER_NONE;
    c->write_fn = write_flate_filter;
    return ok;
}

bool harux_page_new_content(HPDF_Page page)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (HPDF_Page_New_Content_Stream(page, NULL) != HPDF_OK || !attr->contents)
        return false;
    /* the first stream's filter is none once pdf.c compressed it itself
     * (harux_page_content_replace): this one is deflated too */
    attr->contents->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return true;
}

/* The item list of a dictionary or an array at its exact size: libharu
 * grows a list by HPDF_DEF_ITEMS_PER_BLOCK (20) items, so a page's
 * small dictionaries and arrays (the page, its resources, fonts,
 * MediaBox, ProcSet, /Contents, each content stream's) hold room for
 * 20 pointers each until the file is saved. Adding to a trimmed list
 * later grows it again as before; what is written does not change. */
static void trim_list(HPDF_List l)
{
    if (!l || !l->obj || l->block_siz <= l->count)
        return;
    if (l->count == 0) {
        HPDF_FreeMem(l->mmgr, l->obj);
        l->obj = NULL;
        l->block_siz = 0;
        return;
    }
    void **v = HPDF_GetMem(l->mmgr, l->count * sizeof *v);
    if (!v) {
        HPDF_Error_Reset(l->error); /* left as it was, no harm */
        return;
    }
    memcpy(v, l->obj, l->count * sizeof *v);
    HPDF_FreeMem(l->mmgr, l->obj);
    l->obj = v;
    l->block_siz = l->count;
}

/* A name object at the size of its value: libharu gives every name room
 * for 127 bytes (a page has a dozen: /Type /Page, its /ProcSet's), and
 * reads and frees it as a whole object all the same (its value is the
 * last field and ends with its NUL). obj itself when not a name or when
 * memory is short; the new one replaces it in its container. */
static void *compact_name(HPDF_MMgr mmgr, void *obj)
{
    if (!is_class(obj, HPDF_OCLASS_NAME))
        return obj;
    HPDF_Name nm = obj;
    size_t len = strnlen(nm->value, HPDF_LIMIT_MAX_NAME_LEN);
    size_t need = offsetof(HPDF_Name_Rec, value) + len + 1;
    if (len >= HPDF_LIMIT_MAX_NAME_LEN || need + 32 > sizeof(HPDF_Name_Rec))
        return obj;
    HPDF_Name c = HPDF_GetMem(mmgr, (HPDF_UINT)need);
    if (!c) {
        HPDF_Error_Reset(mmgr->error);
        return obj;
    }
    memcpy(c, nm, need);
    HPDF_FreeMem(mmgr, nm);
    return c;
}

/* A direct dictionary's or array's list and those of the direct ones in
 * it (never through a reference); its names at their size. */
static void trim_obj(void *obj, int depth)
{
    if (depth > 8)
        return;
    HPDF_List l;
    if (is_class(obj, HPDF_OCLASS_DICT))
        l = ((HPDF_Dict)obj)->list;
    else if (is_class(obj, HPDF_OCLASS_ARRAY))
        l = ((HPDF_Array)obj)->list;
    else
        return;
    trim_list(l);
    bool dict = is_class(obj, HPDF_OCLASS_DICT);
    for (HPDF_UINT i = 0; i < l->count; i++) {
        void **v = dict ? &((HPDF_DictElement)l->obj[i])->value : &l->obj[i];
        *v = compact_name(l->mmgr, *v);
        trim_obj(*v, depth + 1);
    }
}

/* A content stream's dictionary, referred to from /Contents. */
static void trim_stream_dict(void *v)
{
    if (is_class(v, HPDF_OCLASS_PROXY))
        v = ((HPDF_Proxy)v)->obj;
    if (is_class(v, HPDF_OCLASS_DICT))
        trim_list(((HPDF_Dict)v)->list);
}

void harux_page_trim(HPDF_Page page)
{
    /* not the page's own list: the structure tree's entries are added to
     * it when the file is finished, and it would grow again */
    HPDF_List l = page->list;
    for (HPDF_UINT i = 0; i < l->count; i++) {
        HPDF_DictElement e = l->obj[i];
        e->value = compact_name(l->mmgr, e->value);
        trim_obj(e->value, 0);
        if (strcmp(e->key, "Contents") != 0)
            continue;
        if (is_class(e->value, HPDF_OCLASS_ARRAY)) {
            HPDF_List c = ((HPDF_Array)e->value)->list;
            for (HPDF_UINT k = 0; k < c->count; k++)
                trim_stream_dict(c->obj[k]);
        } else {
            trim_stream_dict(e->value);
        }
    }
}

HPDF_STATUS harux_page_add_font(HPDF_Page page, const char *name,
                                HPDF_Font font)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!attr->fonts) {
        HPDF_Dict res =
            HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
        if (!res)
            return HPDF_Error_GetCode(page->error);
        HPDF_Dict fonts = HPDF_Dict_New(page->mmgr);
        if (!fonts)
            return HPDF_Error_GetCode(page->error);
        HPDF_STATUS rc = HPDF_Dict_Add(res, "Font", fonts);
        if (rc != HPDF_OK)
            return rc;
        attr->fonts = fonts;
    }
    return HPDF_Dict_Add(attr->fonts, name, font);
}

bool harux_page_content_numbers(HPDF_Page page, uint32_t *contents,
                                uint32_t *length)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Dict c = attr->contents;
    if (!c || !c->stream)
        return false;
    HPDF_Obj_Header *len = HPDF_Dict_GetItem(c, "Length", HPDF_OCLASS_NUMBER);
    if (!len || !(c->header.obj_id & HPDF_OTYPE_INDIRECT) ||
        !(len->obj_id & HPDF_OTYPE_INDIRECT))
        return false;
    *contents = harux_obj_number(c);
    *length = harux_obj_number(len);
    return true;
}

/* --- fonts -----------------------------------------------------------------
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
 *
 * The encoder's slot of code point cp. Slot 0 (code point 0, which no
 * text shows: a cid_map entry of 0 means "no code" to the constructor)
 * holds the sentinel CID after the largest. libharu's UTF-8 encoder keeps
 * its parser state in the first entries of cid_map: they are cleared
 * while the table is read and put back after, with the rest of both
 * tables. */
HPDF_Font harux_font_for_codes(HPDF_Doc pdf, const char *name,
                               const uint16_t *cid, const uint32_t *used,
                               size_t nused)
{
    HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
    uint32_t max = 0;
    for (size_t i = 0; i < nused; i++)
        if (used[i] > 0 && used[i] < 0x10000 && cid[used[i]] > max)
            max = cid[used[i]];
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
    for (size_t i = 0; i < nused; i++) {
        uint32_t cp = used[i];
        if (cp > 0 && cp < 0x10000 && cid[cp]) {
            a->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
            a->cid_map[cp >> 8][cp & 0xFF] = cid[cp];
        }
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

/* A font face in memory as libharu's input stream: the reads and seeks
 * of its file reader (HPDF_FileReader: a short read is HPDF_STREAM_EOF
 * with what was there, a seek may pass the end), without a FILE. */
typedef struct {
    const unsigned char *b;
    size_t n, pos;
} face_reader;

/* The stream's end: the reader with it (the bytes are the caller's). */
static void face_free(HPDF_Stream st)
{
    if (st->attr)
        HPDF_FreeMem(st->mmgr, st->attr);
    st->attr = NULL;
}

static HPDF_STATUS face_read(HPDF_Stream st, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    face_reader *r = st->attr;
    size_t left = r->pos < r->n ? r->n - r->pos : 0;
    size_t k = *siz < left ? *siz : left;
    const unsigned char *from = r->b + r->pos;
    /* libharu reads its tables two and four bytes at a time */
    if (k == 2) {
        ptr[0] = from[0];
        ptr[1] = from[1];
    } else if (k == 4) {
        ptr[0] = from[0];
        ptr[1] = from[1];
        ptr[2] = from[2];
        ptr[3] = from[3];
    } else {
        memcpy(ptr, from, k);
    }
    r->pos += k;
    if (k < *siz) {
        *siz = (HPDF_UINT)k;
        return HPDF_SetError(st->error, HPDF_STREAM_EOF, 0);
    }
    return HPDF_OK;
}

static HPDF_STATUS face_seek(HPDF_Stream st, HPDF_INT pos, HPDF_WhenceMode mode)
{
    face_reader *r = st->attr;
    long long to = mode == HPDF_SEEK_SET   ? (long long)pos
                   : mode == HPDF_SEEK_CUR ? (long long)r->pos + pos
                                           : (long long)r->n + pos;
    if (to < 0)
        return HPDF_SetError(st->error, HPDF_FILE_IO_ERROR, 0);
    r->pos = (size_t)to;
    return HPDF_OK;
}

static HPDF_INT32 face_tell(HPDF_Stream st)
{
    face_reader *r = st->attr;
    return r->pos > INT32_MAX ? -1 : (HPDF_INT32)r->pos;
}

static HPDF_UINT32 face_size(HPDF_Stream st)
{
    face_reader *r = st->attr;
    return (HPDF_UINT32)r->n;
}

/* libharu's HPDF_LoadTTFontFromFile (embedding) with the stream above:
 * the same definition, list and subset tag (libharu 2.3.0's
 * LoadTTFontFromStream, step for step). */
const char *harux_font_load_ttf(HPDF_Doc pdf, const unsigned char *face,
                                size_t len)
{
    if (!HPDF_HasDoc(pdf))
        return NULL;
    if (len > INT32_MAX) {
        HPDF_SetError(&pdf->error, HPDF_INVALID_FONTDEF_DATA, 0);
        HPDF_CheckError(&pdf->error);
        return NULL;
    }
    face_reader *r = HPDF_GetMem(pdf->mmgr, sizeof *r);
    HPDF_Stream st =
        r ? HPDF_CallbackReader_New(pdf->mmgr, face_read, face_seek, face_tell,
                                    face_size, r)
          : NULL;
    if (!st) {
        if (r)
            HPDF_FreeMem(pdf->mmgr, r);
        HPDF_CheckError(&pdf->error);
        return NULL;
    }
    r->b = face;
    r->n = len;
    r->pos = 0;
    st->free_fn = face_free;
    HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, st, HPDF_TRUE);
    if (!def) {
        HPDF_CheckError(&pdf->error);
        return NULL;
    }
    HPDF_FontDef had = HPDF_Doc_FindFontDef(pdf, def->base_font);
    if (had) {
        HPDF_FontDef_Free(def);
        return had->base_font;
    }
    if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
        HPDF_FontDef_Free(def);
        HPDF_CheckError(&pdf->error);
        return NULL;
    }
    if (pdf->ttfont_tag[0] == 0) {
        memcpy(pdf->ttfont_tag, "HPDFAA", 6);
    } else {
        for (int i = 5; i >= 0; i--) {
            pdf->ttfont_tag[i] += 1;
            if (pdf->ttfont_tag[i] > 'Z')
                pdf->ttfont_tag[i] = 'A';
            else
                break;
        }
    }
    HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
    return def->base_font;
}

/* The TrueType definition behind a Type0 font libharu embeds, or NULL. */
static HPDF_TTFontDefAttr tt_attr(HPDF_Font font)
{
    if (!is_class(font, HPDF_OCLASS_DICT) || !font->attr)
        return NULL;
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    if (fa->type != HPDF_FONT_TYPE0_TT || !fa->fontdef ||
        fa->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE || !fa->fontdef->attr)
        return NULL;
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)fa->fontdef->attr;
    return ta->embedding && ta->glyph_tbl.flgs ? ta : NULL;
}

const uint8_t *harux_font_glyphs(HPDF_Font font, size_t *n)
{
    HPDF_TTFontDefAttr ta = tt_attr(font);
    *n = ta ? ta->num_glyphs : 0;
    return ta ? ta->glyph_tbl.flgs : NULL;
}

bool harux_font_embed(HPDF_Font font, const unsigned char *z, size_t zlen,
                      size_t length1)
{
    HPDF_TTFontDefAttr ta = tt_attr(font);
    HPDF_FontAttr fa = ta ? (HPDF_FontAttr)font->attr : NULL;
    if (!ta || fa->fontdef->descriptor || !font->before_write_fn ||
        length1 > UINT32_MAX || zlen > UINT32_MAX)
        return false;
    /* libharu's constructor of the descriptor, told not to embed: it
     * would write the subset there and then */
    ta->embedding = HPDF_FALSE;
    HPDF_STATUS st = font->before_write_fn(font);
    ta->embedding = HPDF_TRUE;
    HPDF_Dict fd = fa->fontdef->descriptor;
    if (st != HPDF_OK || !fd)
        return false;
    HPDF_Dict file = HPDF_DictStream_New(font->mmgr, fa->xref);
    if (!file)
        return false;
    file->filter = HPDF_STREAM_FILTER_NONE;
    file->write_fn = write_flate_filter;
    return HPDF_Stream_Write(file->stream, z, (HPDF_UINT)zlen) == HPDF_OK &&
           HPDF_Dict_Add(fd, "FontFile2", file) == HPDF_OK &&
           HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)length1) ==
               HPDF_OK &&
           HPDF_Dict_AddNumber(file, "Length2", 0) == HPDF_OK &&
           HPDF_Dict_AddNumber(file, "Length3", 0) == HPDF_OK;
}

HPDF_Dict harux_font_descriptor(HPDF_Font font, bool make)
{
    HPDF_Dict cid =
        harux_array_find(harux_dict_find(font, "DescendantFonts"), 0);
    if (!make)
        return harux_dict_find(cid, "FontDescriptor");
    if (!is_class(cid, HPDF_OCLASS_DICT) || !font->before_write_fn)
        return NULL;
    if (!harux_dict_find(cid, "FontDescriptor") &&
        font->before_write_fn(font) != HPDF_OK)
        return NULL;
    HPDF_Dict fd = harux_dict_find(cid, "FontDescriptor");
    return is_class(fd, HPDF_OCLASS_DICT) ? fd : NULL;
}

/* --- checksums -------------------------------------------------------------
 */

void harux_md5(const void *bytes, size_t len, unsigned char digest[16])
{
    struct HPDF_MD5Context ctx;
    HPDF_MD5Init(&ctx);
    HPDF_MD5Update(&ctx, (const HPDF_BYTE *)bytes, (HPDF_UINT32)len);
    HPDF_MD5Final(digest, &ctx);
}

struct harux_md5_s {
    struct HPDF_MD5Context ctx;
};

harux_md5_state *harux_md5_new(void)
{
    harux_md5_state *m = xmalloc(sizeof *m);
    HPDF_MD5Init(&m->ctx);
    return m;
}

void harux_md5_add(harux_md5_state *m, const void *bytes, size_t len)
{
    const HPDF_BYTE *b = bytes;
    while (len > 0) { /* libharu's length is 32 bits */
        HPDF_UINT32 k = len > 0x40000000u ? 0x40000000u : (HPDF_UINT32)len;
        HPDF_MD5Update(&m->ctx, b, k);
        b += k;
        len -= k;
    }
}

void harux_md5_end(harux_md5_state *m, unsigned char digest[16])
{
    if (!m)
        return;
    HPDF_MD5Final(digest, &m->ctx);
    free(m);
}
