/*
 * layout_figure.c: figures (bild) in the block flow.
 *
 * A figure is an image scaled to fit, with its caption "Figur N. Text"
 * under it (figures are captioned below, tables above: the reader meets a
 * table's caption before its columns and a figure's after seeing it). The
 * image and its caption are one unit that never breaks (one item for the
 * paginator, placed whole): if they do not fit in what is left of the
 * page, both go to the next one.
 *
 * Size. bredd="80mm" / "8cm" / "200pt" / "50%" (of the measure) sets the
 * width; without it the image is shown at 96 pixels per inch (as on a
 * screen), so a small logo stays small and a photograph fills the measure.
 * Either way it is never wider than the measure, and never taller than the
 * text block less its caption: then it is scaled down, proportions kept.
 * A figure narrower than the measure stands at its left edge, like the
 * text and its caption.
 *
 * The image itself comes from the image cache (image.h): checked and
 * decoded once before layout, so a broken file is an error of `check`
 * already; layout leaves out a figure whose image cannot be used.
 */
#include <stdlib.h>
#include <string.h>

#include "../image/image.h"
#include "layout_internal.h"

/* the caption: Sans 10/13 like a table's, a little below the image */
enum {
    CAP_SIZE = 10000,
    CAP_LEADING = 13000,
    CAP_GAP = 5000, /* between the image and its caption */
};

const image *layout_image(lctx *c, const char *fil, const doc_node *n)
{
    image_cache *ic = c->st->images;
    if (!ic) {
        if (!c->images)
            c->images = image_cache_new(c->a, NULL);
        ic = c->images;
    }
    return image_cache_get(ic, c->d, fil, c->dl, n ? doc_node_line(n) : 0,
                           n ? doc_node_col(n) : 0);
}

/* The width bredd asks for (mpt), 0 when it is absent or unreadable (the
 * schema allows [0-9]+(\.[0-9]+)?(mm|cm|pt|%)). */
static int32_t width_attr(const char *s, int32_t measure)
{
    if (!s)
        return 0;
    /* in thousandths, without floating point: "12.5" -> 12500 */
    int64_t v = 0;
    int frac = -1;
    const char *p = s;
    for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
        if (*p == '.') {
            if (frac >= 0)
                return 0;
            frac = 0;
            continue;
        }
        if (frac >= 3)
            continue; /* finer than a thousandth: dropped */
        v = v * 10 + (*p - '0');
        if (frac >= 0)
            frac++;
        if (v > 100000000)
            return measure; /* absurd: the measure caps it anyway */
    }
    for (int f = frac < 0 ? 0 : frac; f < 3; f++)
        v *= 10;
    int64_t mpt;
    if (strcmp(p, "mm") == 0)
        mpt = v * MPT_PER_MM / 1000;
    else if (strcmp(p, "cm") == 0)
        mpt = v * 10 * MPT_PER_MM / 1000;
    else if (strcmp(p, "pt") == 0)
        mpt = v; /* thousandths of a point are mpt */
    else if (strcmp(p, "%") == 0)
        mpt = (int64_t)measure * v / 100000;
    else
        return 0;
    return mpt > measure ? measure : (int32_t)mpt;
}

/* A figure laid out for the measure: its image at w by h and its
 * caption's lines. */
struct figure {
    const doc_node *n;
    const image *im;
    int32_t w, h;
    const frag_list *fl;
    const line_list *ll;
};

/* A figure with its caption's lines, owned by the paginator until set. */
struct figure_lay {
    struct figure fg;
    frag_list fl;
    line_list ll;
};

static void figure_lay_free(void *p)
{
    struct figure_lay *f = p;
    free(f->ll.v);
    free(f->fl.v);
    free(f);
}

/* Sets the figure with its top at y: the image, then the caption. */
static void figure_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)repeat;
    const struct figure *fg = it->obj;
    /* a Figure with its alternative text, the caption inside it */
    uint32_t saved = layout_se_begin(c, resolved_role(c->res, fg->n));
    /* read when the structure tree is written, after the model is freed
     * (engine.c): a copy in layout's arena */
    const char *alt = doc_node_attr(fg->n, "alt");
    layout_se_set_alt(c, c->se, alt);
    uint32_t fig = c->se;
    lbox *dest = page_add(c, c->pg, LBOX_DEST);
    dest->x = c->x0;
    dest->y = y;
    dest->target = layout_dest_name(c, fg->n);
    lbox *b = page_add(c, c->pg, LBOX_IMAGE);
    b->x = c->x0;
    b->y = y;
    b->w = fg->w;
    b->h = fg->h;
    b->img = fg->im;
    b->alt = doc_node_attr(fg->n, "alt");
    y += fg->h + CAP_GAP;
    if (fg->ll->n)
        c->se = layout_se_new(c, "Caption", fig);
    for (size_t i = 0; i < fg->ll->n; i++) {
        emit_line(c, c->pg, fg->fl, &fg->ll->v[i], c->x0,
                  layout_baseline(y, CAP_LEADING, CAP_SIZE), c->measure, false,
                  0, false);
        y += CAP_LEADING;
    }
    c->se = saved;
}

void layout_figure(lctx *c, const doc_node *n)
{
    const char *fil = doc_node_attr(n, "fil");
    const image *im = fil ? layout_image(c, fil, n) : NULL;
    if (!im || im->width == 0 || im->height == 0)
        return; /* reported by the image check */
    const layout_style *st = c->st;

    /* the caption, broken to the measure */
    const doc_node *cap = doc_node_child(n, DOC_CAPTION);
    bool has_text = resolved_caption(c->res, n)[0] != '\0';
    inline_style is = {FONT_SANS, CAP_SIZE, st->heading_color, true, false};
    frag_list fl = {0};
    line_list ll = {0};
    frags_from_text(c, resolved_label(c->res, n), is, &fl);
    is.bold = false;
    if (has_text)
        frags_from_inline(c, cap, is, &fl);
    break_lines_mode(c, &fl, c->measure, BREAK_HEADING, &ll);
    int32_t cap_h = CAP_GAP + (int32_t)ll.n * CAP_LEADING;

    /* the size: bredd, or 96 ppi (1 px = 0.75 pt), within the measure
     * and the text block less the caption */
    int32_t w = width_attr(doc_node_attr(n, "bredd"), c->measure);
    if (w <= 0) {
        int64_t natural = (int64_t)im->width * 750;
        w = natural > c->measure ? c->measure : (int32_t)natural;
    }
    int64_t h = (int64_t)w * im->height / im->width;
    int32_t max_h = c->page_bottom - c->top - cap_h;
    if (max_h < 10 * MPT_PER_MM)
        max_h = 10 * MPT_PER_MM;
    if (h > max_h) {
        h = max_h;
        w = (int32_t)(h * im->width / im->height);
    }
    if (w < 1)
        w = 1;
    if (h < 1)
        h = 1;

    /* image and caption on one page (with a heading held for them): one
     * item the paginator places whole */
    /* it may float to the next page's top: the paginator frees it */
    struct figure_lay *fg = xmalloc(sizeof *fg);
    *fg = (struct figure_lay){{n, im, w, (int32_t)h, &fg->fl, &fg->ll}, fl, ll};
    lf_block blk = {
        .flags = LF_WHOLE | LF_FLOAT, .release = figure_lay_free, .owner = fg};
    lf_push(&blk, (lf_item){.h = (int32_t)h + cap_h,
                            .emit = figure_emit,
                            .obj = &fg->fg});
    pag_place(c, &blk);
    lf_block_free(&blk);
}

void layout_dump_image(const lbox *b, FILE *out)
{
    fprintf(out, " w=%d h=%d file=%s px=%ux%u%s alt=\"%s\"", (int)b->w,
            (int)b->h, b->img ? b->img->path : "?",
            b->img ? (unsigned)b->img->width : 0u,
            b->img ? (unsigned)b->img->height : 0u,
            b->img && b->img->alpha ? " alpha" : "", b->alt ? b->alt : "");
}

/* The cover's logo: the metadata's (logga), else the style's, at most
 * 22 mm high and half the measure wide, its proportions kept, top left at
 * y; its alt text is logga's alt, else the organisation. Returns the
 * height used (0 without a logo or when it cannot be used: the image
 * check has reported it). */
int32_t layout_cover_logo(lctx *c, int32_t y)
{
    const doc_meta *m = doc_metadata(c->d);
    const image *im = NULL;
    if (m->logga_fil)
        im = layout_image(c, m->logga_fil, NULL);
    else if (c->st->logo)
        im = image_load(c->st->logo, c->st->logo, c->a, c->dl, doc_path(c->d),
                        0, 0);
    if (!im || im->width == 0 || im->height == 0)
        return 0;
    int64_t h = 22 * MPT_PER_MM;
    int64_t w = h * im->width / im->height;
    if (w > c->measure / 2) {
        w = c->measure / 2;
        h = w * im->height / im->width;
    }
    lbox *b = page_add(c, c->pg, LBOX_IMAGE);
    b->x = c->x0;
    b->y = y;
    b->w = (int32_t)w;
    b->h = (int32_t)h;
    b->img = im;
    b->alt = m->logga_alt ? m->logga_alt : m->organisation;
    return (int32_t)h;
}
