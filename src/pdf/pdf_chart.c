/*
 * pdf_chart.c: the vector paths of charts (LBOX_PATH).
 *
 * Each path is painted in a graphics state of its own (q ... Q), so its
 * line width, dash and clipping never leak into the next box. Patterns
 * are drawn as ordinary strokes clipped to the shape, not as PDF pattern
 * objects: simpler for every viewer and PDF/A-1b alike, and the file
 * stays small at chart sizes.
 */
#include "pdf_chart.h"

static float ptf(int32_t mpt)
{
    return (float)mpt / 1000.0f;
}

static float comp(uint32_t rgb, int shift)
{
    return (float)((rgb >> shift) & 0xFF) / 255.0f;
}

static void trace(HPDF_Page page, const lpage *lp, const lbox *b)
{
    for (uint32_t i = 0; i < b->npts; i++) {
        float x = ptf(b->pts[2 * i]), y = ptf(lp->height - b->pts[2 * i + 1]);
        if (i == 0)
            HPDF_Page_MoveTo(page, x, y);
        else
            HPDF_Page_LineTo(page, x, y);
    }
    if (b->closed)
        HPDF_Page_ClosePath(page);
}

/* The pattern inside the shape: diagonal lines (hatch) or a grid of
 * small squares (dots), clipped to it. */
static void pattern(HPDF_Page page, const lpage *lp, const lbox *b)
{
    HPDF_Page_GSave(page);
    trace(page, lp, b);
    HPDF_Page_Clip(page);
    HPDF_Page_EndPath(page);
    HPDF_Page_SetRGBStroke(page, comp(b->color, 16), comp(b->color, 8),
                           comp(b->color, 0));
    HPDF_Page_SetRGBFill(page, comp(b->color, 16), comp(b->color, 8),
                         comp(b->color, 0));
    float x0 = ptf(b->x), x1 = ptf(b->x + b->w);
    float y0 = ptf(lp->height - b->y - b->h), y1 = ptf(lp->height - b->y);
    if (b->pattern == LPAT_HATCH) {
        const float step = 3.2f;
        HPDF_Page_SetLineWidth(page, 1.1f);
        float h = y1 - y0;
        for (float x = x0 - h; x < x1; x += step) {
            HPDF_Page_MoveTo(page, x, y0);
            HPDF_Page_LineTo(page, x + h, y1);
        }
        HPDF_Page_Stroke(page);
    } else {
        const float step = 2.8f, d = 1.3f;
        int row = 0;
        for (float y = y0 + 0.6f; y < y1; y += step, row++)
            for (float x = x0 + 0.6f + (row % 2 ? step / 2 : 0); x < x1;
                 x += step)
                HPDF_Page_Rectangle(page, x, y, d, d);
        HPDF_Page_Fill(page);
    }
    HPDF_Page_GRestore(page);
}

void pdf_draw_path(HPDF_Page page, const lpage *lp, const lbox *b)
{
    if (b->npts < 2)
        return;
    HPDF_Page_GSave(page);
    bool stroke = b->line_w > 0;
    if (stroke) {
        HPDF_Page_SetLineWidth(page, ptf(b->line_w));
        HPDF_Page_SetRGBStroke(page, comp(b->stroke, 16), comp(b->stroke, 8),
                               comp(b->stroke, 0));
        HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
        if (b->dash > 0) {
            HPDF_UINT16 dash[2] = {(HPDF_UINT16)(b->dash / 1000 + 1),
                                   (HPDF_UINT16)(b->dash / 1000 + 1)};
            HPDF_Page_SetDash(page, dash, 2, 0);
        }
    }
    bool solid = b->fill && b->pattern == LPAT_SOLID;
    if (b->fill && !solid) {
        /* white under the pattern, so grid lines never show through */
        HPDF_Page_SetRGBFill(page, 1, 1, 1);
        trace(page, lp, b);
        HPDF_Page_Fill(page);
        pattern(page, lp, b);
    }
    if (solid)
        HPDF_Page_SetRGBFill(page, comp(b->color, 16), comp(b->color, 8),
                             comp(b->color, 0));
    trace(page, lp, b);
    if (solid && stroke)
        HPDF_Page_FillStroke(page);
    else if (solid)
        HPDF_Page_Fill(page);
    else if (stroke)
        HPDF_Page_Stroke(page);
    else
        HPDF_Page_EndPath(page);
    HPDF_Page_GRestore(page);
}
