/*
 * pdf_chart.h: painting the vector paths of charts (internal to src/pdf).
 */
#ifndef ARSRAPPORT_PDF_CHART_H
#define ARSRAPPORT_PDF_CHART_H

#include <hpdf.h>

#include "../layout/layout.h"

/* Paints PATH box b of page lp on page. */
void pdf_draw_path(HPDF_Page page, const lpage *lp, const lbox *b);

#endif
