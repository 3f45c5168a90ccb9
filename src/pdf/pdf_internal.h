/*
 * pdf_internal.h: what pdf.c (the painter) and pdf_meta.c (the
 * document-level parts: information dictionary, XMP, OutputIntent, page
 * labels, file identifier) share. Internal to src/pdf.
 */
#ifndef ARSRAPPORT_PDF_INTERNAL_H
#define ARSRAPPORT_PDF_INTERNAL_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pdf.h"
#include "pdf_harux.h"

/* A moment, to the second, in local time at tz minutes east of UTC (0:
 * UTC, written "Z"). */
typedef struct {
    int year, month, day, hour, minute, second;
    int tz;
} pdfmeta_time;

/* An xs:date, yyyy-mm-dd (a real calendar date), at midnight: UTC, or in
 * the time zone it carries ("Z", "+02:00", "-05:00", at most 14 hours);
 * white space around it and a time after it ("T12:00") are allowed. False
 * if iso is not one, or its year is not 1..9999. */
bool pdfmeta_time_from_iso(const char *iso, pdfmeta_time *t);
/* Seconds since 1970-01-01 UTC; false outside years 1..9999. */
bool pdfmeta_time_from_epoch(long long epoch, pdfmeta_time *t);
/* "D:20230831000000Z" or "D:20230831000000+02'00'" (PDF 32000-1 7.9.4)
 * into buf[32]. */
void pdfmeta_pdf_date(const pdfmeta_time *t, char buf[32]);
/* "2023-08-31T00:00:00Z" or "2023-08-31T00:00:00+02:00" (ISO 8601, as XMP
 * writes dates) into buf[32]. */
void pdfmeta_iso_date(const pdfmeta_time *t, char buf[32]);

/* One range of the /PageLabels number tree (PDF 32000-1 12.4.2): from
 * page index start on, either the cover's label (a prefix, no numbers)
 * or decimal numbers counting up from first. */
typedef struct {
    size_t start;
    bool cover;
    int first;
} pdfmeta_label_range;

/* The ranges for ld's pages into out (room for ld->npages); returns how
 * many. A page whose printed number is 0 (or less) is a cover page. */
size_t pdfmeta_label_ranges(const layout_doc *ld, pdfmeta_label_range *out);

/* The text of the XMP packet for m at conformance m->pdfa (dates NULL
 * when there are none); malloc'd, NUL-terminated, caller frees. The
 * strings must already be the ones written to the information dictionary
 * (pdfmeta_clean). */
char *pdfmeta_xmp(const pdf_meta *m, const char *keywords, const char *date,
                  const char *producer, size_t *len);

/* A copy of s (malloc'd) without the characters XML 1.0 forbids (C0
 * controls but tab, line feed and carriage return, U+FFFE, U+FFFF) and
 * without the bytes of any malformed UTF-8 sequence, such as a character
 * cut in two where a caller cut the string at a byte limit: so that the
 * XMP is well-formed and the XMP and the information dictionary carry the
 * same text, cut at a character boundary; NULL stays NULL. */
char *pdfmeta_clean(const char *s);

/* Writes the document-level objects of m into pdf after the pages are
 * painted: information dictionary, /Lang, ViewerPreferences, page
 * labels, print flags of the annotations, and for PDF/A the XMP
 * metadata, the sRGB OutputIntent, the header version and a placeholder
 * file identifier. Returns 0, or -1 after adding an error to dl. */
int pdfmeta_write(HPDF_Doc pdf, HPDF_Page *pages, const layout_doc *ld,
                  const pdf_meta *m, const char *file, diag_list *dl);

/* For PDF/A-1 (ISO 19005-1 6.3.5): a CIDSet stream naming the CIDs of
 * each subset font on its font descriptor; seen[i] is a bitset (bit c & 7
 * of byte c >> 3) of the CIDs fonts[i] shows (pdf.c: the codes of the
 * code points). Call after every glyph is painted. */
void pdfmeta_add_cidsets(HPDF_Doc pdf, const HPDF_Font *fonts,
                         const uint8_t *const *seen, size_t n);

/* After saving: replaces the placeholder file identifier in the saved
 * bytes with the MD5 of the whole file (PDF 32000-1 14.4), so that the
 * same input gives the same bytes. */
void pdfmeta_finish_id(unsigned char *buf, size_t len);
/* The same for a file written piece by piece (pdf_objstm.c): digest is
 * the MD5 of the whole file with its placeholders, tail (len bytes) the
 * part from its cross-reference section on, where the placeholders are
 * written over. False when tail does not hold both. */
bool pdfmeta_fill_id(unsigned char *tail, size_t len,
                     const unsigned char digest[16]);

/* A PDF text string (PDF 32000-1 7.9.2.2) from the UTF-8 s (len bytes):
 * UTF-16BE with its byte order mark, a surrogate pair for a character
 * outside the BMP, as libharu's binary string (pdf_tag.c). libharu's own
 * text strings (HPDF_SetInfoAttr, outline titles) write a space for such
 * a character. */
harux_obj pdf_text_string(HPDF_Doc pdf, const char *s, size_t len);

/* A growing byte buffer (pdf_objstm.c); xrealloc'd, so it never fails. */
typedef struct pdf_buf {
    unsigned char *b;
    size_t n, cap;
} pdf_buf;
void pdf_buf_put(pdf_buf *o, const void *p, size_t n);
void pdf_buf_puts(pdf_buf *o, const char *s);
void pdf_buf_num(pdf_buf *o, size_t v);
/* v millipoints as a PDF number: "12.5", "-3", "0.125". */
void pdf_buf_milli(pdf_buf *o, int64_t v);

/* The longest array written: PDF/A-1's limit (ISO 19005-1 6.1.12). */
#define PDF_MAX_ARRAY 8191

/* Objects of our own, written when the saved file is finished
 * (pdf_objstm_write) rather than kept as libharu objects: body(ctx, base,
 * 0, o) writes the body of libharu's plain object number `replace` (it
 * replaces what libharu wrote), body(ctx, base, k, o) for k = 1..count
 * that of the appended object number base + k - 1, base being the
 * number after libharu's last. A body refers to the others by those
 * numbers. Returns false when the object cannot be written. */
typedef struct {
    size_t replace;
    size_t count;
    bool (*body)(void *ctx, size_t base, size_t k, pdf_buf *o);
    void *ctx;
} pdf_extra;

/* The tagged PDF (pdf_tag.c): marked content around the boxes as they
 * are painted, the structure tree after. pdftag_box is called before
 * each box of page pi is painted (page_h: the page height in points) and
 * returns true when it wrote the box's ActualText itself (space: a space
 * for readers follows the box, pdftag_space_after),
 * pdftag_annot after a LINK box's annotation is made, pdftag_end_page
 * after the page's last box; pdftag_finish orders the tree and adds
 * what libharu's objects say of it (a placeholder StructTreeRoot,
 * StructParents, /Tabs, annotation /Contents and MarkInfo; returns 0, or
 * -1 when it does not fit), and pdftag_extra then gives the tree's own
 * objects. pdftag_free frees what pdftag_new made. */
typedef struct pdf_tag pdf_tag;
pdf_tag *pdftag_new(HPDF_Doc pdf, const layout_doc *ld);
bool pdftag_box(pdf_tag *t, size_t pi, HPDF_Page page, const lbox *b,
                float page_h, bool space);
/* Whether text box k of lp is followed by a space for readers (pdf.c
 * writes one after its glyphs). */
bool pdftag_space_after(const lpage *lp, size_t k);
void pdftag_annot(pdf_tag *t, size_t pi, const lbox *b, HPDF_Annotation an);
/* As pdftag_annot, for a link annotation made after the pages are
 * painted (its destination may be on a later page): records its place
 * now and returns its index for pdftag_annot_set, SIZE_MAX when the box
 * gets none. pdftag_finish fails if an index is left without one. */
size_t pdftag_annot_later(pdf_tag *t, size_t pi, const lbox *b);
void pdftag_annot_set(pdf_tag *t, size_t k, HPDF_Annotation an);
void pdftag_end_page(pdf_tag *t, size_t pi, HPDF_Page page);
/* A link recorded by pdftag_annot_later that gets no annotation (its
 * destination was never made): left out of the tree. */
void pdftag_annot_drop(pdf_tag *t, size_t k);
/* The reading-order band of the page about to be painted: content reads
 * in paint order within a band, band 0 (the cover) before band 1 (the
 * contents, painted after the body but placed in front of it) before
 * band 2 (the rest). */
void pdftag_band(pdf_tag *t, int band);
/* Takes up page pi's marked content again (its furniture, painted at the
 * end into a second content stream); pdftag_end_page after. */
void pdftag_resume_page(pdf_tag *t, size_t pi);
/* pages: the npages pages by paint index (the pi of the calls above). */
int pdftag_finish(pdf_tag *t, HPDF_Page *pages, size_t npages);
/* After pdftag_finish: the structure tree's objects, for
 * pdf_objstm_write (NULL when there is no tree). Valid until
 * pdftag_free. */
const pdf_extra *pdftag_extra(pdf_tag *t);
void pdftag_free(pdf_tag *t);

/* After saving (pdf_objstm.c): the file in saved (len bytes, as libharu
 * writes it, PDF 1.5 or later) with its plain objects in compressed
 * object streams and a cross-reference stream instead of the xref table
 * and trailer; stream objects unchanged, object numbers unchanged, the
 * trailer's /Root, /Info and /ID (placeholders included) in the xref
 * stream's dictionary. Returns 0 with a new malloc'd *out, or -1 with
 * *out NULL when the file is not as expected or older than PDF 1.5 (the
 * caller keeps the original). Deterministic. */
int pdf_objstm_pack(const unsigned char *saved, size_t len, unsigned char **out,
                    size_t *out_len);

/* Compressors (pdf_deflate.c, libdeflate) and buffers kept from one
 * stream to the next of one rendering: pdf_deflate_new makes one (it
 * never fails), pdf_deflate_release frees it. raw, tight and z are
 * scratch buffers of pdf_compress_page and pdf_objstm.c. */
#define PDF_DEFLATE_MAX_LEVEL 12
struct libdeflate_compressor;
struct pdf_spill;
typedef struct pdf_deflate {
    struct libdeflate_compressor *comp[PDF_DEFLATE_MAX_LEVEL + 1];
    pdf_buf raw, tight, z;
    /* the pages spilled (pdf_compress_page), made on the first page;
     * freed by pdf_spill_release. Reached through pdf_deflate_spill
     * (pdf_objstm.c). */
    struct pdf_spill *spill;
} pdf_deflate;
pdf_deflate *pdf_deflate_new(void);
void pdf_deflate_release(pdf_deflate *scratch);
/* src (n bytes) deflated (zlib format) at libdeflate's level (1-12), in
 * scratch's buffer z (valid until scratch is used again), or NULL when
 * a compressor cannot be made. */
const pdf_buf *pdf_deflate_bytes(pdf_deflate *scratch, const unsigned char *src,
                                 size_t n, int level);
/* Appends src (n bytes) deflated (zlib format) at the level of the page
 * contents and object streams to o. Returns false, o's bytes as they
 * were, when a compressor cannot be made. */
bool pdf_deflate_into(pdf_deflate *scratch, pdf_buf *o,
                      const unsigned char *src, size_t n);

/* Compresses the content stream of a page that is painted (deflate, as
 * libharu would when saving), so that a long document does not hold
 * every page's content uncompressed until the end, and moves the
 * compressed bytes to scratch's spill file (an unlinked temporary file in
 * $TMPDIR, made on the first page), leaving libharu an empty stream that
 * pdf_save fills in; without a spill file they stay in libharu's stream.
 * Returns false when it left the page as it was (libharu then compresses
 * it when saving); a failed allocation is libharu's error. */
bool pdf_compress_page(pdf_deflate *scratch, HPDF_Page page);

/* The content stream in (n bytes, as pdf.c writes it) with its text
 * objects joined and their positions relative (pdf_content.c), appended
 * to out. Returns false, out as it was, when the stream is not as
 * expected; the caller then keeps the original. */
bool pdf_content_tighten(const unsigned char *in, size_t n, pdf_buf *out);

/* As pdf_objstm_pack, with extra's objects (NULL: none) written into
 * the file too: into the object streams, or for a PDF 1.4 file (no
 * object streams) as classic objects with a classic cross-reference
 * table. Returns -1 when the saved file is not as expected or an extra
 * object cannot be written; with extra objects the caller cannot keep
 * the original then. */
int pdf_objstm_write(const unsigned char *saved, size_t len,
                     const pdf_extra *extra, unsigned char **out,
                     size_t *out_len);

/* pdf_render's end: as pdf_objstm_write, with the pages pdf_compress_page
 * moved to scratch's spill file put back in their placeholders, and the
 * file identifier filled in (pdfmeta_finish_id). fd >= 0 (an empty
 * file, open for writing): the file is written there and *out stays
 * NULL, *out_len its length; fd < 0: *out is a new malloc'd buffer. When
 * the saved file is not as expected and neither extra objects nor
 * spilled pages depend on it, it is written as saved. Returns 0, or -1
 * with *err the errno of a failed write or read (0: the saved file was
 * not as expected); a descriptor may then hold part of a file. */
int pdf_objstm_finish(pdf_deflate *scratch, const unsigned char *saved,
                      size_t len, const pdf_extra *extra, int fd,
                      unsigned char **out, size_t *out_len, int *err);
/* Saves pdf (pdftag_finish and the metadata done) to a temporary file
 * ($TMPDIR; without one, in memory), frees libharu's objects
 * (HPDF_FreeDoc) and finishes the file from it (pdf_objstm_finish: fd,
 * out, out_len, err as there). Returns 0, or -1: *err the errno of a
 * failed write (*err_tmp: of a temporary file, not the output), 0 when
 * libharu failed (its error recorded) or the file was not as expected. */
int pdf_save(HPDF_Doc pdf, pdf_deflate *scratch, const pdf_extra *x, int fd,
             unsigned char **out, size_t *out_len, int *err, bool *err_tmp);
/* The diagnostic of pdf_save's failed write against file: the output
 * (ARS-04) or, tmp, a temporary file in $TMPDIR (PDF-07). */
void pdf_save_failed(diag_list *dl, const char *file, int err, bool tmp);
/* Closes and frees scratch's spill file (pdf_compress_page); call before
 * pdf_deflate_release. */
void pdf_spill_release(pdf_deflate *scratch);
/* A new temporary file in $TMPDIR (or /tmp), already unlinked: gone when
 * it is closed. Returns its descriptor, or -1 with errno set. */
int pdf_tmpfile(void);
/* The whole font file at path (pdf_fontfile.c), writable (a private
 * mapping: the file does not change), and its length; NULL when it
 * cannot be opened or mapped or is not a regular file of 13 bytes to
 * 64 MB. pdf_fontfile_free(face, len) releases it. */
unsigned char *pdf_fontfile_load(const char *path, size_t *len);
void pdf_fontfile_free(unsigned char *face, size_t len);
/* Gives back the memory of the pages of face read so far: read again,
 * they are the file's bytes (the 'post' cut undone). */
void pdf_fontfile_release(unsigned char *face, size_t len);
/* Cuts the 'post' table of the TrueType font in face (len bytes) to
 * format 3.0 (no glyph names) in place. False, face unchanged, when the
 * file is not as expected. */
bool pdf_fontfile_cut_post(unsigned char *face, size_t len);
/* The TrueType font (len bytes, nglyphs glyphs) as embedded: libharu's
 * tables, only the glyphs used[g] != 0 marks (with glyph 0 and the
 * glyphs of composites) in 'glyf' and 'loca', the others empty, numbers
 * unchanged; checksums made. Returns the malloc'd file and its length,
 * or NULL when the face is not as expected (libharu embeds it then). */
unsigned char *pdf_fontfile_subset(const unsigned char *font, size_t len,
                                   const uint8_t *used, size_t nglyphs,
                                   size_t *out_len);

#endif
