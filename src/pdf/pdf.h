/*
 * pdf.h: pages of positioned boxes -> PDF bytes (the only stage that
 * includes libharu). A painter: it draws what layout placed and adds the
 * outline, links, named destinations and document metadata.
 */
#ifndef ARSRAPPORT_PDF_H
#define ARSRAPPORT_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/diag.h"
#include "../font/font.h"
#include "../layout/layout.h"
#include "../model/model.h"

/* The conformance a PDF is written to (`--pdfa`). PDF/A-2a is the
 * default (zero), so a pdf_meta that does not say gets an archival file. */
typedef enum {
    PDF_A_2A = 0, /* ISO 19005-2 level A: level U and a tagged logical
                     structure (every file is tagged, PDF/UA-1) */
    PDF_A_2U,     /* ISO 19005-2 level U: PDF 1.7, Unicode text */
    PDF_A_1B,     /* ISO 19005-1 level B: PDF 1.4, no transparency */
    PDF_A_NONE    /* a plain PDF 1.7 without the PDF/A identification */
} pdf_conformance;

typedef struct {
    const char *title, *author, *subject, *keywords, *creator;
    const char *lang; /* BCP 47, e.g. "sv-SE" */
    const char *date; /* ISO yyyy-mm-dd: creation date (not the clock) */
    pdf_conformance pdfa;
    /* SOURCE_DATE_EPOCH (reproducible builds): when has_epoch, the
     * creation and modification dates are this time, not date */
    bool has_epoch;
    long long epoch;
    const char *icc_path; /* sRGB profile for the OutputIntent; NULL:
                             the Debian package icc-profiles-free's */
    /* to_fd: the file is written to out_fd (an empty regular file open
     * for writing, its place in the file at 0) rather than into memory:
     * pdf_render's *out stays NULL and *out_len is the file's length */
    bool to_fd;
    int out_fd;
} pdf_meta;

/* Renders ld into a new malloc'd buffer (*out, *out_len), or to
 * meta->out_fd (meta->to_fd). The pages' contents and the saved file wait
 * in temporary files in $TMPDIR, never in memory whole. Each page's
 * boxes are freed once the page is painted (layout_page_release): what
 * is left of ld afterwards is its page sizes, numbers, outline and
 * structure elements. Returns 0 on success; on failure adds a diagnostic
 * against file and returns -1 with nothing allocated (out_fd may then
 * hold part of a file, for the caller to discard). */
int pdf_render(layout_doc *ld, const font_set *fs, const pdf_meta *meta,
               const char *file, diag_list *dl, unsigned char **out,
               size_t *out_len);

/* The incremental painter (issue 25): pages painted as layout finishes
 * them, so that only a page or two of boxes exist at once.
 *
 * pdf_begin starts a file (meta and its strings copied: the model may
 * be freed before pdf_finish; file names the input in diagnostics and
 * must live until pdf_finish); never fails (out of memory aborts). pdf_sink
 * gives the layout_sink that paints each page as layout_document_stream hands
 * it over (pdf_paint_page, pdf_paint_move, pdf_paint_furniture: see
 * layout_sink). pdf_finish ends the file as pdf_render does (links, structure
 * tree, outline, fonts, metadata) into a new malloc'd buffer and frees the
 * painter: 0 on success; on failure a diagnostic against file and -1 with
 * nothing allocated. A painter must be finished, failed or not. */
typedef struct pdf_painter pdf_painter;
pdf_painter *pdf_begin(const font_set *fs, const pdf_meta *meta,
                       const char *file, diag_list *dl);
layout_sink pdf_sink(pdf_painter *pp);
void pdf_paint_page(pdf_painter *pp, layout_doc *ld, size_t index);
void pdf_paint_move(pdf_painter *pp, layout_doc *ld, size_t at, size_t from);
void pdf_paint_furniture(pdf_painter *pp, layout_doc *ld, size_t index);
int pdf_finish(pdf_painter *pp, layout_doc *ld, unsigned char **out,
               size_t *out_len);

#endif
