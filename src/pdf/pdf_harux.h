/*
 * pdf_harux.h: what src/pdf needs of libharu beyond its public API
 * (<hpdf.h>), in one place (pdf_harux.c, the only file that includes
 * libharu's private headers or touches its structs). libharu 2.3.0 has
 * no public call for a dictionary entry, an array, a stream object, the
 * page's content stream or the document's catalog, and several of its
 * own objects are wrong (architecture.md); the painter writes those
 * through these wrappers. pdf_harux.c checks at compile time that the
 * installed libharu is the version this was verified for.
 *
 * Handles: the public typedefs of <hpdf.h> (HPDF_Doc, HPDF_Page,
 * HPDF_Dict, HPDF_Font, HPDF_Stream, HPDF_Destination, ...) and two
 * opaque ones, harux_array (a PDF array) and harux_obj (any other direct
 * object: a string, a byte string, null). A parameter `void *obj` takes
 * any of them (a page, an image, an outline and an annotation are
 * dictionaries too).
 *
 * Ownership: every object belongs to the document it was made for and is
 * freed by HPDF_Free (HPDF_FreeDoc); never free one. An object added to a
 * dictionary or an array belongs to that container from the call on,
 * even when the call fails (libharu frees it then); add it to one
 * container only. A stream dictionary (harux_stream_new) or an object
 * given to harux_doc_add_object is indirect: the container refers to it.
 *
 * Errors: as libharu's own calls. A wrapper that calls libharu returns
 * its status (HPDF_OK or an error code) or NULL, and libharu records the
 * error in the document (HPDF_GetError) without calling the error handler
 * given to HPDF_New (its internal object calls only record it; its public
 * calls also call the handler): a caller checks HPDF_GetError. After an
 * error every later call may fail until HPDF_ResetError. A NULL object
 * given to an add function is such an error (HPDF_INVALID_OBJECT), so
 * `harux_dict_add(d, k, harux_string_new(pdf, s))` needs no check of its
 * own. The lookups (harux_dict_find, harux_array_count, harux_array_find,
 * harux_obj_*, the document's dictionaries and objects) never record one.
 */
#ifndef ARSRAPPORT_PDF_HARUX_H
#define ARSRAPPORT_PDF_HARUX_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct harux_array_s *harux_array;
typedef struct harux_obj_s *harux_obj;
struct pdf_buf;

/* --- the document ---------------------------------------------------------
 */

/* The catalog (/Root), the information dictionary (NULL until the first
 * HPDF_SetInfoAttr makes it) and the trailer dictionary of pdf. */
HPDF_Dict harux_doc_catalog(HPDF_Doc pdf);
HPDF_Dict harux_doc_info(HPDF_Doc pdf);
HPDF_Dict harux_doc_trailer(HPDF_Doc pdf);

/* Sets the version the header line states; no other effect (the public
 * setters that raise it are not used). */
void harux_doc_set_version(HPDF_Doc pdf, HPDF_PDFVer version);

/* Records error (with detail) in pdf as libharu's internal calls do:
 * without calling the error handler; HPDF_GetError returns it after. */
void harux_doc_set_error(HPDF_Doc pdf, HPDF_STATUS error, HPDF_STATUS detail);

/* The objects of pdf's cross-reference table, by index 0..count-1 (the
 * free entry 0 included); harux_doc_object is NULL for an index past the
 * end or an entry without one. */
size_t harux_doc_object_count(HPDF_Doc pdf);
void *harux_doc_object(HPDF_Doc pdf, size_t i);

/* Makes obj (a new direct dictionary or array) an indirect object of pdf
 * with the next object number. On failure libharu frees obj. */
HPDF_STATUS harux_doc_add_object(HPDF_Doc pdf, void *obj);

/* The object number of an indirect object (a page, an annotation, an
 * object given to harux_doc_add_object); 0 for a direct one. */
uint32_t harux_obj_number(const void *obj);

/* Whether obj is a dictionary (a stream dictionary included) or an
 * array; false for NULL. */
bool harux_obj_is_dict(const void *obj);
bool harux_obj_is_array(const void *obj);

/* --- objects of ours -------------------------------------------------------
 *
 * An object written by us when the file is finished (pdf_extra), which
 * libharu's dictionaries and arrays refer to ("N 0 R") without holding
 * it: a harux_ref is the first member of the caller's record, given to
 * harux_dict_add or harux_array_add like an indirect object of libharu's,
 * its number set by harux_ref_number before the file is saved. libharu
 * never writes, frees or reads it beyond its number; it must outlive the
 * save. */
typedef struct {
    uint32_t obj_id;
    uint16_t gen_no;
    uint16_t obj_class;
} harux_ref;
void harux_ref_init(harux_ref *r);
void harux_ref_number(harux_ref *r, uint32_t number);
/* Whether obj (found in libharu's objects) is a harux_ref. */
bool harux_is_ref(const void *obj);
/* Appends r to page's /Annots array, made when the page has none. */
HPDF_STATUS harux_page_add_annot(HPDF_Page page, harux_ref *r);

/* --- objects ---------------------------------------------------------------
 */

/* A new direct dictionary, array, string (PDFDocEncoding bytes of s, as
 * given) or byte string (len bytes, written in hex) of pdf; NULL
 * when libharu fails (a failed allocation). */
HPDF_Dict harux_dict_new(HPDF_Doc pdf);
harux_array harux_array_new(HPDF_Doc pdf);
harux_obj harux_string_new(HPDF_Doc pdf, const char *s);
harux_obj harux_binary_new(HPDF_Doc pdf, const void *bytes, size_t len);

/* A new stream object of pdf (indirect): its dictionary, whose stream
 * (harux_dict_stream) is written to; FlateDecode when compress (libharu
 * compresses it when saving, under HPDF_COMP_ALL too), raw bytes
 * otherwise. NULL when libharu fails. */
HPDF_Dict harux_stream_new(HPDF_Doc pdf, bool compress);

/* Entries of d: obj (see Ownership), a name, an integer, a boolean.
 * An existing entry of the key is replaced. */
HPDF_STATUS harux_dict_add(HPDF_Dict d, const char *key, void *obj);
HPDF_STATUS harux_dict_add_name(HPDF_Dict d, const char *key, const char *name);
HPDF_STATUS harux_dict_add_number(HPDF_Dict d, const char *key, int32_t v);
HPDF_STATUS harux_dict_add_boolean(HPDF_Dict d, const char *key, bool v);

/* The value of key in d, through a reference to an indirect object;
 * NULL when d is not a dictionary or has no such entry. Records no
 * error (libharu's own lookup records one when the class differs). */
void *harux_dict_find(const void *d, const char *key);

/* Whether d has key with an array value, by libharu's own lookup, which
 * records HPDF_DICT_ITEM_UNEXPECTED_TYPE when the entry is there
 * but is not an array. */
bool harux_dict_has_array(HPDF_Dict d, const char *key);

/* Elements appended to a: obj (see Ownership), an integer. */
HPDF_STATUS harux_array_add(harux_array a, void *obj);
HPDF_STATUS harux_array_add_number(harux_array a, int32_t v);

/* The number of elements of a (0 when a is not an array) and element i,
 * through a reference (NULL past the end). Record no error. */
size_t harux_array_count(const void *a);
void *harux_array_find(const void *a, size_t i);

/* --- streams ---------------------------------------------------------------
 */

/* The stream of stream dictionary d (harux_stream_new); NULL for a
 * dictionary without one. */
HPDF_Stream harux_dict_stream(HPDF_Dict d);

/* Appends len bytes (zero bytes included) or the string s to stream. */
HPDF_STATUS harux_stream_write(HPDF_Stream stream, const void *bytes,
                               size_t len);
HPDF_STATUS harux_stream_write_str(HPDF_Stream stream, const char *s);

/* --- pages -----------------------------------------------------------------
 */

/* The content stream of page: what libharu's page operators (the public
 * HPDF_Page_LineTo and the like) write to, and where operators libharu
 * lacks (BDC/EMC, TJ arrays) are written too. */
HPDF_Stream harux_page_content_stream(HPDF_Page page);

/* Reads the content of page into raw (appended) when the page is in the
 * state libharu leaves a painted page in (its page-description state, an
 * in-memory content stream to be compressed at saving, no hook of its
 * own on the stream): false otherwise, or when the bytes are not all
 * there, and then the page must be left as it is. */
bool harux_page_content_read(HPDF_Page page, struct pdf_buf *raw);

/* After harux_page_content_read: replaces the page's content with the
 * len bytes of its deflated form (zlib) and makes libharu write them as
 * they are, with /Filter /FlateDecode. False when libharu could not
 * store them (a failed allocation, recorded as libharu's error). */
bool harux_page_content_replace(HPDF_Page page, const unsigned char *z,
                                size_t len);

/* Starts a second (third, ...) content stream of page, FlateDecode (its
 * /Contents becomes an array, PDF 32000-1 7.8.2): the
 * page's operators and harux_page_content_stream write into it from now
 * on. False when libharu fails (its error recorded). */
bool harux_page_new_content(HPDF_Page page);
/* Gives back the room libharu keeps for more entries in the page's
 * dictionaries and arrays (the page, its direct ones, its content
 * streams'), once a painting of it is done: the file written does not
 * change, and entries added later are added as before. Cannot fail (a
 * failed allocation leaves a list as it was). */
void harux_page_trim(HPDF_Page page);
/* Enters font into page's resources under name (/Font << /name ... >>),
 * as HPDF_Page_SetFontAndSize does under a name of libharu's. */
HPDF_STATUS harux_page_add_font(HPDF_Page page, const char *name,
                                HPDF_Font font);
/* The object number of page's content stream (its dictionary; libharu
 * numbers it when the page is made), and of the number object its
 * /Length refers to, which libharu fills in when it writes the stream.
 * False when the page has no such stream or /Length is not indirect. */
bool harux_page_content_numbers(HPDF_Page page, uint32_t *contents,
                                uint32_t *length);

/* --- fonts -----------------------------------------------------------------
 */

/* As HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE) for the font file
 * that is face (len bytes), read from memory instead of through stdio:
 * the same font definition and subset tag. face is the caller's and
 * must stay until HPDF_Free(pdf). Returns the font's name, or NULL with
 * libharu's error set (its error handler called) as that function. */
const char *harux_font_load_ttf(HPDF_Doc pdf, const unsigned char *face,
                                size_t len);
/* libharu's font (HPDF_GetFont with the UTF-8 encoder) for the TrueType
 * font loaded as name, its /W array and CIDToGIDMap made for the code
 * points the document shows instead of all 65 536: cid[cp] is the CID of
 * code point cp (0: not shown), below 0xFFFF; used[0..nused) lists the
 * code points with a CID. Every code point the document shows in this
 * font must have one. NULL when libharu fails, as HPDF_GetFont, or when
 * the UTF-8 encoder is not the one this was written for (the error
 * HPDF_INVALID_FONTDEF_DATA is recorded then). */
/* The glyphs libharu's subsetter marked as shown in font (its TrueType
 * face's glyph flags: HPDF_Font_TextWidth marks them), *n of them; NULL
 * when the font is not libharu's embedded TrueType. Valid while the
 * document lives. */
const uint8_t *harux_font_glyphs(HPDF_Font font, size_t *n);

/* Gives font its descriptor (libharu's, made now) with the font file z
 * (zlen bytes, deflated; length1 bytes inflated) as /FontFile2, instead
 * of the one libharu would write when saving. False when the font is not
 * libharu's embedded TrueType, its descriptor is made already, or memory
 * ran out (the document's error then). */
bool harux_font_embed(HPDF_Font font, const unsigned char *z, size_t zlen,
                      size_t length1);

HPDF_Font harux_font_for_codes(HPDF_Doc pdf, const char *name,
                               const uint16_t *cid, const uint32_t *used,
                               size_t nused);

/* The font descriptor of font's descendant CIDFont. When make, one that
 * is not made yet is made by the font's own before-write step (libharu
 * makes it, and the subset font file from the glyphs used so far, when
 * saving; a later call finds it and keeps it), and NULL comes back for a
 * font without that step, or a descriptor that is not a dictionary;
 * without make, only an existing one (anything under the key). */
HPDF_Dict harux_font_descriptor(HPDF_Font font, bool make);

/* --- checksums -------------------------------------------------------------
 */

/* The MD5 digest of len bytes (below 4 GiB), by libharu's MD5 (the one it
 * uses for encryption). */
void harux_md5(const void *bytes, size_t len, unsigned char digest[16]);

/* The same digest over bytes given piece by piece: harux_md5_new (never
 * fails: xmalloc), harux_md5_add for each piece in order, harux_md5_end
 * for the digest, which frees the state (NULL: nothing happens). */
typedef struct harux_md5_s harux_md5_state;
harux_md5_state *harux_md5_new(void);
void harux_md5_add(harux_md5_state *m, const void *bytes, size_t len);
void harux_md5_end(harux_md5_state *m, unsigned char digest[16]);

#endif
