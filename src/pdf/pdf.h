/*
 * pdf.h: pages of positioned boxes -> PDF bytes (the only stage that
 * includes libharu). A painter: it draws what layout placed and adds the
 * outline, links, named destinations and document metadata.
 */
#ifndef ARSRAPPORT_PDF_H
#define ARSRAPPORT_PDF_H

#include <stddef.h>

#include "../common/diag.h"
#include "../font/font.h"
#include "../layout/layout.h"
#include "../model/model.h"

typedef struct {
    const char *title, *author, *subject, *keywords, *creator;
    const char *lang; /* BCP 47, e.g. "sv-SE" */
    const char *date; /* ISO yyyy-mm-dd: creation date (not the clock) */
} pdf_meta;

/* Renders ld into a new malloc'd buffer (*out, *out_len). Returns 0 on
 * success; on failure adds a diagnostic against file and returns -1 with
 * nothing allocated. */
int pdf_render(const layout_doc *ld, const font_set *fs, const pdf_meta *meta,
               const char *file, diag_list *dl, unsigned char **out,
               size_t *out_len);

#endif
