/*
 * layout.c: the block flow. Walks the model in reading order and lays out
 * each block for its measure: paragraphs, list items and a quotation's
 * source broken into lines, headings measured and held to be kept with
 * what follows them, the vertical space each block asks for around
 * itself. Each becomes a sequence of items with its rules (no widows or
 * orphans, a list item's first two lines together, a quotation's last
 * line kept with its source) that the one paginator (layout_paginate.c)
 * places on pages with their footnotes. Tables, figures and charts are
 * laid out by their own files; explicit page breaks and chapters on a new
 * page go to the paginator. Then it adds the cover, the running header
 * and the "Sida X av Y" footer as artifacts, and builds the outline.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../common/numfmt.h"
#include "../common/utf8.h"
#include "layout_internal.h"

void layout_style_default(layout_style *st)
{
    memset(st, 0, sizeof *st);
    st->page_w = 595276;
    st->page_h = 841890;
    st->margin_top = 25 * MPT_PER_MM;
    st->margin_bottom = 25 * MPT_PER_MM;
    st->margin_inner = 27 * MPT_PER_MM;
    st->margin_outer = 27 * MPT_PER_MM;
    st->body_size = 11000;
    st->body_leading = 15000;
    st->table_size = 9000;
    st->table_leading = 11500;
    st->table_min_size = 7000;
    st->note_size = 8500;
    st->note_leading = 10500;
    st->h_size[0] = 18000;
    st->h_size[1] = 14000;
    st->h_size[2] = 12000;
    st->h_size[3] = 11000;
    st->h_size[4] = 11000;
    st->h_size[5] = 11000;
    st->para_space = 6000;
    /* more space before a heading than after it: it belongs to what
     * follows */
    static const int32_t before[6] = {20000, 14000, 10000, 10000, 10000, 10000};
    static const int32_t after[6] = {6000, 6000, 4000, 4000, 4000, 4000};
    memcpy(st->h_space_before, before, sizeof before);
    memcpy(st->h_space_after, after, sizeof after);
    st->list_space = 6000;
    st->quote_space = 9000;
    st->table_space = 10000;
    st->cell_para_space = 3000;
    st->figure_space = 10000;
    layout_chart_style_default(st);
    st->heading_color = 0x1F3864; /* dark blue, 11.9:1 on white */
    st->text_color = 0x000000;
    st->rule_color = 0x404040;
    st->header_fill = 0xE8ECF2;
    st->body_font = FONT_SERIF;
    st->heading_font = FONT_SANS;
    st->table_font = FONT_SANS;
    st->serif_family = FONT_DEFAULT_SERIF;
    st->sans_family = FONT_DEFAULT_SANS;
    st->furniture_color = 0x404040; /* 10.4:1 on white */
    st->header_left = RUN_TITLE;
    st->header_right = RUN_NAMND;
    st->footer = FOOTER_PAGE_OF;
    st->toc_depth = 2;
    st->logo = NULL;
    st->chapter_new_page = false;
    st->cover = true;
}

static void add_rule(lctx *c, lpage *pg, int32_t x, int32_t y, int32_t w,
                     int32_t thick, uint32_t color, bool artifact)
{
    layout_add_rule(c, pg, x, y, w, thick, color)->artifact = artifact;
}

const char *layout_dest_name(lctx *c, const doc_node *n)
{
    const char *id = doc_node_attr(n, "id");
    if (id)
        return arena_printf(c->a, "id-%s", id);
    return arena_printf(c->a, "n%u-%u", (unsigned)doc_node_line(n),
                        (unsigned)doc_node_col(n));
}

static void add_dest(lctx *c, const char *name, int32_t y)
{
    lbox *b = page_add(c, c->pg, LBOX_DEST);
    b->x = c->x0;
    b->y = y;
    b->target = name;
}

int32_t layout_baseline(int32_t y, int32_t leading, int32_t size)
{
    return y + leading / 2 + size * 3 / 10;
}

/* --- paragraphs -------------------------------------------------------------
 *
 * A paragraph is broken for its measure (layout_break.c) and given to the
 * paginator as one item per line; the breaks it forbids are its widow
 * and orphan rules (lf_no_widows_orphans).
 */

typedef struct {
    const frag_list *fl;
    const line_list *ll;
    int32_t x, measure, leading, size;
    bool justify;
    int align;
    const frag_list *lab; /* a list item's label, set with its first line */
    const line_info *labl;
    int32_t lab_x, lab_w;
    uint32_t lab_se; /* the label's structure element (Lbl), or 0 */
} line_fmt;

static void line_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)repeat;
    const line_fmt *lf = it->obj;
    int32_t base = layout_baseline(y, lf->leading, lf->size);
    if (it->idx == 0 && lf->lab) {
        uint32_t saved = c->se;
        if (lf->lab_se)
            c->se = lf->lab_se;
        emit_line(c, c->pg, lf->lab, lf->labl, lf->lab_x, base, lf->lab_w,
                  false, 0, false);
        c->se = saved;
    }
    if (it->li)
        emit_line(c, c->pg, lf->fl, it->li, lf->x, base, lf->measure,
                  lf->justify, lf->align, false);
}

/* Places broken lines: one item a line, no widow or orphan (only on an
 * empty page, where moving on gains nothing, does a rule give way);
 * keep_after: room the last line keeps under it on its page (for a
 * quotation's source); para: a paragraph, whose widows and orphans as
 * placed are counted. */
static void place_lines(lctx *c, const line_fmt *lf, int32_t keep_after,
                        bool para)
{
    /* the item array is kept from paragraph to paragraph */
    lf_block b = {.v = c->line_items, .cap = c->cap_line_items};
    for (size_t i = 0; i < lf->ll->n; i++)
        lf_push(&b, (lf_item){.h = lf->leading,
                              .fl = lf->fl,
                              .li = &lf->ll->v[i],
                              .emit = line_emit,
                              .obj = lf,
                              .idx = i});
    if (b.n)
        b.v[b.n - 1].room_after = keep_after;
    lf_no_widows_orphans(&b);
    b.flags = para ? LF_COUNT_WIDOWS : 0;
    pag_place(c, &b);
    c->line_items = b.v;
    c->cap_line_items = b.cap;
}

static void layout_para(lctx *c, const doc_node *n, int32_t indent,
                        int32_t right_indent, bool italic, int32_t keep_after)
{
    const layout_style *st = c->st;
    frag_list fl = {0};
    inline_style is = {st->body_font, st->body_size, st->text_color, false,
                       italic};
    frags_from_inline(c, n, is, &fl);
    layout_mark_block(c, n);
    if (fl.n > 0) {
        /* a paragraph of text: P, whether it is a stycke or the text of
         * a quotation or list item without paragraphs of its own */
        uint32_t saved = layout_se_begin(c, "P");
        line_list ll = {0};
        int32_t measure = c->measure - indent - right_indent;
        break_lines(c, &fl, measure, &ll);
        line_fmt lf = {.fl = &fl,
                       .ll = &ll,
                       .x = c->x0 + indent,
                       .measure = measure,
                       .leading = st->body_leading,
                       .size = st->body_size,
                       .justify = true};
        place_lines(c, &lf, keep_after, true);
        free(ll.v);
        c->se = saved;
    }
    free(fl.v);
    pag_space(c, st->para_space);
}

/* --- headings ----------------------------------------------------------------
 *
 * A heading is measured when it is met and held by the paginator (one
 * item a line) until the block after it is placed, and kept with that
 * block's first items.
 */

struct lheading {
    const doc_node *sec;
    frag_list fl;
    line_list ll;
    frag_list nfl; /* the number, hung left of the text (nfl.n 0: none) */
    line_list nll;
    int32_t indent; /* the number's width: where every text line starts */
    int32_t size, leading;
    int depth;
    const char *title; /* outline text */
    uint32_t se;       /* its structure element (H1..H6) */
};

/* Sets a line of a held heading; its first also sets its destination and
 * outline entry, its last marks where the heading ends on its page (for
 * the stranded-heading count). */
static void heading_line_emit(lctx *c, const lf_item *it, int32_t y,
                              bool repeat)
{
    (void)repeat;
    const struct lheading *hd = it->obj;
    if (it->idx == 0) {
        const char *dest = layout_dest_name(c, hd->sec);
        add_dest(c, dest, y);
        layout_doc *ld = c->ld;
        if (ld->noutline == c->cap_outline) {
            c->cap_outline = c->cap_outline ? c->cap_outline * 2 : 32;
            ld->outline =
                xrealloc(ld->outline, c->cap_outline * sizeof *ld->outline);
        }
        ld->outline[ld->noutline++] =
            (loutline){hd->depth, hd->title, dest, (int)(ld->npages - 1), y};
    }
    if (it->li) {
        uint32_t saved = c->se;
        c->se = hd->se;
        int32_t base = layout_baseline(y, hd->leading, hd->size);
        if (it->idx == 0 && hd->nll.n)
            emit_line(c, c->pg, &hd->nfl, &hd->nll.v[0], c->x0, base,
                      hd->indent, false, 0, false);
        emit_line(c, c->pg, &hd->fl, it->li, c->x0 + hd->indent, base,
                  c->measure - hd->indent, false, 0, false);
        c->se = saved;
    }
    if (it->idx + 1 >= (hd->ll.n ? hd->ll.n : 1)) {
        bool content = false;
        for (const doc_node *ch = doc_node_first_child(hd->sec); ch && !content;
             ch = doc_node_next(ch))
            content = doc_node_kind(ch) != DOC_HEADING;
        c->heading_end = c->pg->n;
        c->heading_content = content;
    }
}

static void heading_release(void *owner)
{
    struct lheading *hd = owner;
    free(hd->ll.v);
    free(hd->fl.v);
    free(hd->nll.v);
    free(hd->nfl.v);
    free(hd);
}

/* The upper case of a letter (Latin-1 and the common Latin Extended-A),
 * as written otherwise. */
static uint32_t upper(uint32_t cp)
{
    if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7))
        return cp - 0x20;
    /* Latin Extended-A: pairs of capital and small letter */
    if (((cp >= 0x101 && cp <= 0x137) || (cp >= 0x14B && cp <= 0x177)) &&
        (cp & 1))
        return cp - 1;
    if (((cp >= 0x13A && cp <= 0x148) || (cp >= 0x17A && cp <= 0x17E)) &&
        !(cp & 1))
        return cp - 1;
    return cp;
}

/* A heading level's style on its text frags (layout_style h_caps,
 * h_tracking): capitals, the text as written kept as ActualText, and the
 * letter-spacing in the width. */
static void heading_case(lctx *c, frag_list *fl, size_t from, bool caps,
                         int32_t track)
{
    for (size_t i = from; i < fl->n; i++) {
        frag *f = &fl->v[i];
        if (f->type != FRAG_TEXT || f->n == 0)
            continue;
        if (caps) {
            uint32_t *u = arena_alloc(c->a, f->n * sizeof *u);
            bool changed = false;
            for (uint32_t k = 0; k < f->n; k++) {
                u[k] = upper(f->cps[k]);
                changed |= u[k] != f->cps[k];
            }
            if (changed) {
                /* the text as written, where the boxes' text lives */
                uint32_t *w = arena_alloc(c->a, f->n * sizeof *w);
                memcpy(w, f->cps, f->n * sizeof *w);
                f->actual = w;
                f->nactual = f->n;
                f->cps = u;
                f->width = layout_text_width(c, f->font, f->size, u, f->n);
            }
        }
        if (track > 0) {
            f->track = track;
            f->width += (int32_t)f->n * track;
        }
    }
}

/* A section's heading: measured now, placed with what follows it. */
static void layout_heading(lctx *c, const doc_node *sec)
{
    const layout_style *st = c->st;
    int depth = doc_node_depth(sec);
    int di = depth < 1 ? 0 : depth > 6 ? 5 : depth - 1;
    int32_t size = st->h_size[di];
    int32_t leading = size * 13 / 10;
    /* the held heading is not this one's parent: its section is empty,
     * there is nothing to keep it with (STR-02 warns) */
    if (pag_held(c) > 0 && depth <= pag_held_level(c))
        pag_flush_held(c);
    const char *nr = doc_node_number(sec);
    const doc_node *h = doc_node_child(sec, DOC_HEADING);
    struct lheading *hd = xcalloc(1, sizeof *hd);
    inline_style is = {st->heading_font, size, st->heading_color, true, false};
    /* the number hangs: a second line starts under the text, not under
     * the number (unless the number takes half the measure) */
    if (nr) {
        frags_from_text(c, arena_printf(c->a, "%s\xC2\xA0\xC2\xA0", nr), is,
                        &hd->nfl);
        int64_t w = 0;
        for (size_t i = 0; i < hd->nfl.n; i++)
            w += hd->nfl.v[i].width;
        if (w * 2 <= c->measure) {
            hd->indent = (int32_t)w;
            break_lines_mode(c, &hd->nfl, c->measure, BREAK_HEADING, &hd->nll);
            /* with its no-break spaces: the text reads "1.2  Rubrik" */
            if (hd->nll.n == 1) {
                hd->nll.v[0].end = hd->nfl.n;
                hd->nll.v[0].width = (int32_t)w;
            }
        } else {
            hd->fl = hd->nfl;
            hd->nfl = (frag_list){0};
        }
    }
    const char *text = h ? doc_node_plain_text(c->d, h) : "";
    size_t ns, ne, skip = 0;
    if (nr && doc_typed_number(text, &ns, &ne, &skip))
        text += skip; /* STR-03 warned; the computed number replaces it */
    if (h) {
        size_t from = hd->fl.n;
        frags_from_inline(c, h, is, &hd->fl);
        if (st->h_caps[di] || st->h_tracking[di] > 0)
            heading_case(c, &hd->fl, from, st->h_caps[di], st->h_tracking[di]);
    }
    if (hd->fl.n == 0 && hd->nfl.n) {
        /* an empty heading: its number alone */
        free(hd->nll.v);
        hd->nll = (line_list){0};
        hd->fl = hd->nfl;
        hd->nfl = (frag_list){0};
        hd->indent = 0;
    }
    break_lines_mode(c, &hd->fl, c->measure - hd->indent, BREAK_TITLE, &hd->ll);
    hd->sec = sec;
    hd->size = size;
    hd->leading = leading;
    hd->depth = depth;
    /* the outline's title is read when the file is saved, after the
     * model is freed (engine.c): a copy in layout's arena */
    hd->title =
        nr ? arena_printf(c->a, "%s %s", nr, text) : arena_strdup(c->a, text);
    /* H1..H6 by depth (resolve.h); a seventh level is refused */
    hd->se = layout_se_new(c, resolved_role(c->res, sec), c->se);
    int32_t space = pag_space_take(c);
    int32_t gap =
        space > st->h_space_before[di] ? space : st->h_space_before[di];
    int32_t lines_h = (int32_t)hd->ll.n * leading;
    /* a chapter does not start in the last lines of a page */
    if (depth == 1 && pag_held(c) == 0)
        pag_need(c,
                 gap + lines_h + st->h_space_after[di] + 6 * st->body_leading);
    /* one item a line (an empty heading: one of no height, for its
     * destination and outline entry) */
    lf_block b = {0};
    for (size_t i = 0; i < (hd->ll.n ? hd->ll.n : 1); i++)
        lf_push(&b, (lf_item){.h = hd->ll.n ? leading : 0,
                              .fl = hd->ll.n ? &hd->fl : NULL,
                              .li = hd->ll.n ? &hd->ll.v[i] : NULL,
                              .emit = heading_line_emit,
                              .obj = hd,
                              .idx = i});
    pag_hold(c, &b, gap, depth, heading_release, hd);
    pag_space_set(c, st->h_space_after[di]);
}

/* --- lists
 * -------------------------------------------------------------------- */

static void layout_list(lctx *c, const doc_node *list, int32_t indent);

/* The indentation of a list nested in an item at indent: one label width
 * more while the text of the nested items keeps at least half the
 * measure, the same indentation deeper down (the structure stays nested,
 * L in LBody). Without the bound, 60 levels of a schema-valid document
 * put their text past the edge of the page. */
static int32_t nested_indent(const lctx *c, int32_t indent, int32_t label_w)
{
    int32_t next = indent + label_w;
    return c->measure - next - label_w >= c->measure / 2 ? next : indent;
}

static void layout_item(lctx *c, const doc_node *item, const char *label,
                        int32_t indent)
{
    const layout_style *st = c->st;
    int32_t label_w = 14 * MPT_PER_PT;
    frag_list fl = {0};
    inline_style is = {st->body_font, st->body_size, st->text_color, false,
                       false};
    /* LI with its label (Lbl) and its body (LBody), nested lists inside
     * the body (ISO 32000-1 14.8.4.3.3) */
    uint32_t saved = layout_se_begin(c, resolved_role(c->res, item));
    uint32_t lbl = layout_se_new(c, "Lbl", c->se);
    layout_se_begin(c, "LBody");
    layout_mark_block(c, item);
    frags_from_inline(c, item, is, &fl);
    line_list ll = {0};
    int32_t measure = c->measure - indent - label_w;
    if (fl.n > 0)
        break_lines(c, &fl, measure, &ll);
    frag_list lf = {0};
    frags_from_text(c, label, is, &lf);
    line_list lll = {0};
    break_lines_mode(c, &lf, label_w, BREAK_HEADING, &lll);
    if (ll.n > 0) {
        /* the item's first two lines stay together (no orphan), the label
         * goes with the first */
        line_fmt fmt = {.fl = &fl,
                        .ll = &ll,
                        .x = c->x0 + indent + label_w,
                        .measure = measure,
                        .leading = st->body_leading,
                        .size = st->body_size,
                        .justify = true,
                        .lab = lll.n > 0 ? &lf : NULL,
                        .labl = lll.n > 0 ? &lll.v[0] : NULL,
                        .lab_x = c->x0 + indent,
                        .lab_w = label_w,
                        .lab_se = lbl};
        place_lines(c, &fmt, 0, true);
    } else {
        /* only a nested list: the label stands on a line of its own */
        line_fmt fmt = {.leading = st->body_leading,
                        .size = st->body_size,
                        .lab = lll.n > 0 ? &lf : NULL,
                        .labl = lll.n > 0 ? &lll.v[0] : NULL,
                        .lab_x = c->x0 + indent,
                        .lab_w = label_w,
                        .lab_se = lbl};
        lf_block b = {.flags = LF_WHOLE};
        lf_push(&b, (lf_item){
                        .h = st->body_leading, .emit = line_emit, .obj = &fmt});
        pag_place(c, &b);
        lf_block_free(&b);
    }
    free(ll.v);
    free(fl.v);
    free(lll.v);
    free(lf.v);
    for (const doc_node *ch = doc_node_first_child(item); ch;
         ch = doc_node_next(ch))
        if (doc_node_kind(ch) == DOC_LIST)
            layout_list(c, ch, nested_indent(c, indent, label_w));
    c->se = saved;
}

static void layout_list(lctx *c, const doc_node *list, int32_t indent)
{
    const char *typ = doc_node_attr(list, "typ");
    bool numbered = typ && strcmp(typ, "numrerad") == 0;
    const char *start = doc_node_attr(list, "start");
    int k = start ? atoi(start) : 1;
    uint32_t saved = layout_se_begin(c, resolved_role(c->res, list));
    if (indent == 0)
        pag_space(c, c->st->list_space);
    /* the mark of the list's level (the style's lista tecken) */
    int level = 0;
    for (const doc_node *p = doc_node_parent(list); p; p = doc_node_parent(p))
        level += doc_node_kind(p) == DOC_LIST;
    const layout_style *st = c->st;
    const char *mark = "\xE2\x80\xA2"; /* bullet */
    if (st->n_list_marks > 0)
        mark = st->list_marks[level < st->n_list_marks ? level
                                                       : st->n_list_marks - 1];
    for (const doc_node *it = doc_node_first_child(list); it;
         it = doc_node_next(it)) {
        if (doc_node_kind(it) != DOC_ITEM)
            continue;
        const char *label = numbered ? arena_printf(c->a, "%d.", k++) : mark;
        layout_item(c, it, label, indent);
    }
    c->se = saved;
    if (indent == 0)
        pag_space(c, c->st->list_space);
}

/* --- quotations
 * ------------------------------------------------------------------ */

/* A block quotation: indented on both sides, in italics, its source
 * (kalla) after it, set off with a dash and aligned right. */
static void layout_quote(lctx *c, const doc_node *q)
{
    const layout_style *st = c->st;
    int32_t ind = 10 * MPT_PER_MM;
    enum { SOURCE_GAP = 3000 }; /* close under the quotation it names */
    /* the source first, so that the last lines of the quotation know to
     * keep room for it: it never stands alone at the top of a page */
    frag_list sfl = {0};
    line_list sll = {0};
    const char *src = resolved_quote_source(c->res, q);
    if (src) {
        inline_style is = {st->body_font, st->note_size, st->text_color, false,
                           false};
        frags_from_text(c, src, is, &sfl);
        break_lines_mode(c, &sfl, c->measure - 2 * ind, BREAK_RAGGED, &sll);
    }
    int32_t keep = src ? SOURCE_GAP + (int32_t)sll.n * st->note_leading : 0;
    const doc_node *last = NULL;
    for (const doc_node *ch = doc_node_first_child(q); ch;
         ch = doc_node_next(ch))
        if (doc_node_kind(ch) == DOC_PARA)
            last = ch;
    pag_space(c, st->quote_space);
    uint32_t saved = layout_se_begin(c, resolved_role(c->res, q));
    for (const doc_node *ch = doc_node_first_child(q); ch;
         ch = doc_node_next(ch))
        if (doc_node_kind(ch) == DOC_PARA)
            layout_para(c, ch, ind, ind, true, ch == last ? keep : 0);
    if (!last)
        layout_para(c, q, ind, ind, true, keep);
    if (src) {
        layout_se_begin(c, "P");
        pag_space_set(c, SOURCE_GAP);
        line_fmt lf = {.fl = &sfl,
                       .ll = &sll,
                       .x = c->x0 + ind,
                       .measure = c->measure - 2 * ind,
                       .leading = st->note_leading,
                       .size = st->note_size,
                       .align = 2};
        place_lines(c, &lf, 0, false);
    }
    c->se = saved;
    free(sll.v);
    free(sfl.v);
    pag_space(c, st->quote_space);
}

/* --- the walk
 * ------------------------------------------------------------------------- */

/* The frag arena is dropped once it holds more than this (a few
 * paragraphs), not after every block. */
enum { FRAG_ARENA_KEEP = 256 * 1024 };

/* --- giving up the model's parts (issue 25) ----------------------------------
 *
 * A long report's model is most of what a build holds once its pages are
 * streamed. Each child of the root that parse built in an arena of its
 * own (doc_part_begin) is given up (doc_release_part) once the walk has
 * left it, nothing of it waits in the paginator (pag_quiet: a held
 * heading, a deferred figure, a footnote not set whole) and every page
 * it can be on has been given to the sink, painted and released. What
 * the end of layout reads of the model is taken before the first part
 * goes: the contents' entries (layout_toc_prepare) and, in a draft, the
 * places its problems point at (resolved_problem_places). A chart reads
 * its table's texts from the resolved document (resolve.c), a
 * cross-reference its target's destination from the id (layout_inline.c):
 * neither reads another part. */

static void parts_prepare(lctx *c)
{
    layout_toc_prepare(c);
    if (c->st->draft)
        c->places = resolved_problem_places(c->res);
}

/* The walk has left top (a child of the root). */
static void parts_push(lctx *c, doc_node *top)
{
    if (!top || !doc_is_part(c->d, top))
        return;
    if (c->nparts == c->cap_parts) {
        c->cap_parts = c->cap_parts ? c->cap_parts * 2 : 16;
        c->parts = xrealloc(c->parts, c->cap_parts * sizeof *c->parts);
    }
    c->parts[c->nparts++] = (lpart){top, SIZE_MAX};
}

/* Gives up the parts waiting whose pages are all given to the sink. */
static void parts_release(lctx *c)
{
    layout_doc *ld = c->ld;
    while (c->sent_upto < ld->npages && ld->pages[c->sent_upto].sent)
        c->sent_upto++;
    size_t i = 0;
    for (; i < c->nparts; i++) {
        lpart *p = &c->parts[i];
        if (p->last_page == SIZE_MAX) {
            if (!pag_quiet(c))
                break;
            p->last_page = ld->npages ? ld->npages - 1 : 0;
        }
        if (p->last_page >= c->sent_upto)
            break;
        doc_release_part(c->d, p->top);
    }
    if (i) {
        memmove(c->parts, c->parts + i, (c->nparts - i) * sizeof *c->parts);
        c->nparts -= i;
    }
}

static void layout_blocks(lctx *c)
{
    doc_node *top = NULL; /* the child of the root the walk is in */
    doc_iter it;
    doc_iter_init(&it, doc_root(c->d));
    doc_node *n;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        doc_kind k = doc_node_kind(n);
        if (ev == DOC_EV_EXIT)
            continue;
        if (c->release) {
            if (k != DOC_ROOT && doc_node_parent(n) == doc_root(c->d)) {
                parts_push(c, top);
                top = n;
            }
            if (c->nparts)
                parts_release(c);
        }
        /* the blocks before are placed: their frags are done with, unless
         * a heading is held for what follows */
        if (pag_held(c) == 0 && arena_used(c->fa) > FRAG_ARENA_KEEP) {
            arena_free(c->fa);
            c->fa = arena_new();
        }
        /* the notes met so far are known by number: start a new list */
        pag_notes_register(c);
        c->nnotes = 0;
        /* an explicit page break takes effect before the next block, so
         * that a break at the end of the document adds no empty page */
        if (k != DOC_ROOT && k != DOC_HEADING && k != DOC_PAGEBREAK)
            pag_block_start(c);
        layout_mark_block(c, n);
        int32_t before; /* the space asked before a figure */
        switch (k) {
        case DOC_ROOT:
            break;
        case DOC_SECTION: {
            const char *ns = doc_node_attr(n, "ny-sida");
            /* a chapter on a new page when the style says so */
            if ((ns && strcmp(ns, "ja") == 0) ||
                (c->st->chapter_new_page && doc_node_depth(n) == 1)) {
                pag_new_page(c);
            }
            layout_heading(c, n);
            break;
        }
        case DOC_HEADING:
            doc_iter_skip_children(&it);
            break;
        case DOC_PARA:
            layout_para(c, n, 0, 0, false, 0);
            doc_iter_skip_children(&it);
            break;
        case DOC_LIST:
            layout_list(c, n, 0);
            doc_iter_skip_children(&it);
            break;
        case DOC_QUOTE:
            layout_quote(c, n);
            doc_iter_skip_children(&it);
            break;
        case DOC_TABLE:
            pag_space(c, c->st->table_space);
            layout_table(c, n);
            pag_notes_unplaced(c);
            pag_landscape_end(c);
            pag_space(c, c->st->table_space);
            doc_iter_skip_children(&it);
            break;
        case DOC_PAGEBREAK:
            pag_page_break(c);
            break;
        case DOC_IMAGE:
        case DOC_CHART:
            before = pag_space_take(c);
            pag_space_set(c, before);
            pag_space(c, c->st->figure_space);
            if (k == DOC_IMAGE)
                layout_figure(c, n);
            else
                layout_chart(c, n);
            /* deferred to the next page: the text after it follows the
             * text before it, with the space asked before it */
            if (pag_deferred(c))
                pag_space_set(c, before);
            else
                pag_space(c, c->st->figure_space);
            doc_iter_skip_children(&it);
            break;
        default:
            doc_iter_skip_children(&it);
            break;
        }
    }
    layout_mark_block(c, NULL); /* nothing is laid out after the walk */
    pag_finish(c);
    if (c->release) {
        parts_push(c, top);
        parts_release(c);
    }
}

/* --- cover, running header and footer ---------------------------------------
 */

/* One line of page furniture (an artifact), aligned 0 left, 1 centre,
 * 2 right within the measure. */
static void furniture_line(lctx *c, lpage *pg, const char *text,
                           inline_style is, int32_t baseline, int align)
{
    frag_list fl = {0};
    frags_from_text(c, text, is, &fl);
    line_list ll = {0};
    break_lines(c, &fl, c->measure * 2, &ll);
    if (ll.n)
        emit_line(c, pg, &fl, &ll.v[0], c->x0, baseline, c->measure, false,
                  align, true);
    free(ll.v);
    free(fl.v);
}

/* The text of a running-header field, NULL when the document lacks it. */
static const char *run_field(lctx *c, layout_run_field f)
{
    const doc_meta *m = resolved_meta(c->res);
    switch (f) {
    case RUN_TITLE:
        return m->titel;
    case RUN_NAMND:
        return m->namnd ? m->namnd : m->organisation;
    case RUN_ORGANISATION:
        return m->organisation;
    case RUN_PERIOD:
        return resolved_period(c->res);
    case RUN_NONE:
        break;
    }
    return NULL;
}

/* Sets text from the top of the line box at y, ragged right over the
 * measure (headings' mode: no hyphenation), as content; returns the y
 * under its last line. */
static int32_t cover_text(lctx *c, const char *text, inline_style is,
                          int32_t leading, int32_t y)
{
    if (!text || !*text)
        return y;
    frag_list fl = {0};
    line_list ll = {0};
    frags_from_text(c, text, is, &fl);
    break_lines_mode(c, &fl, c->measure, BREAK_TITLE, &ll);
    /* the cover's texts are paragraphs: the document's first heading is
     * the body's first H1 (PDF/UA-1 7.4.2) */
    uint32_t saved = layout_se_begin(c, "P");
    for (size_t i = 0; i < ll.n; i++, y += leading)
        emit_line(c, c->pg, &fl, &ll.v[i], c->x0,
                  layout_baseline(y, leading, is.size), c->measure, false, 0,
                  false);
    c->se = saved;
    free(ll.v);
    free(fl.v);
    return y;
}

/* The cover: the issuing body at the top (organisation, nämnd,
 * förvaltning) under the logo, the title large a third of the way down
 * with its subtitle and period, the date and diarienummer small at the
 * foot above a hairline. Set in the heading family and colour, ragged
 * right, flush with the text block's left edge like the body after it;
 * no running header, footer or page number (lpage.cover, number 0). */
void layout_cover(lctx *c)
{
    const layout_style *st = c->st;
    if (!st->cover)
        return;
    const doc_meta *m = resolved_meta(c->res); /* the texts as printed */
    layout_new_page(c);
    c->pg->cover = true;
    c->pg->number = 0;
    font_role hf = st->heading_font;
    int32_t y = c->top;
    /* the logo top left (layout_figure.c), the organisation under it */
    uint32_t saved = c->se;
    c->se = 0; /* the logo is cover decoration: an artifact */
    int32_t logo_h = layout_cover_logo(c, y);
    c->se = saved;
    if (logo_h > 0)
        y += logo_h + 10000;
    inline_style org = {hf, 13000, st->heading_color, true, false};
    inline_style body = {hf, 12000, st->text_color, false, false};
    y = cover_text(c, m->organisation, org, 17000, y);
    y = cover_text(c, m->namnd, body, 16000, y);
    y = cover_text(c, m->forvaltning, body, 16000, y);
    add_rule(c, c->pg, c->x0, y + 8000, c->measure, 800, st->heading_color,
             false);
    /* the title a third of the way down the page: the optical centre of
     * a cover sits above the geometric one */
    int32_t ty = c->pg->height / 3;
    if (ty < y + 40000)
        ty = y + 40000;
    inline_style title = {hf, 28000, st->heading_color, true, false};
    y = cover_text(c, m->titel, title, 34000, ty);
    inline_style sub = {hf, 16000, st->text_color, false, false};
    y = cover_text(c, m->undertitel, sub, 21000, y + 6000);
    inline_style per = {hf, 13000, st->text_color, false, false};
    y = cover_text(c, resolved_period(c->res), per, 18000, y + 12000);
    /* the date and diarienummer at the foot of the text block */
    inline_style small = {hf, 10000, st->text_color, false, false};
    const char *date = resolved_date_line(c->res);
    const char *dnr = resolved_reference_line(c->res);
    int32_t lines = (date ? 1 : 0) + (dnr ? 1 : 0);
    int32_t fy = c->page_bottom - lines * 14000;
    if (fy < y + 14000)
        fy = y + 14000;
    if (lines)
        add_rule(c, c->pg, c->x0, fy - 6000, c->measure, 400, st->rule_color,
                 false);
    fy = cover_text(c, date, small, 14000, fy);
    cover_text(c, dnr, small, 14000, fy);
    c->y = c->page_bottom; /* full: the body starts on the next page */
}

/* The running header (two metadata fields, left and right, over a
 * hairline) and the footer ("Sida X av Y", Y the numbered pages) on
 * every page but the cover, as artifacts; UTKAST on every page. */
static void add_furniture(lctx *c)
{
    const layout_style *st = c->st;
    layout_doc *ld = c->ld;
    inline_style is = {FONT_SANS, 8000, st->furniture_color, false, false};
    /* UTKAST: clear but unobtrusive, in the top margin */
    inline_style draft = {FONT_SANS, 14000, 0xB00020, true, false};
    const char *left =
        st->running_title ? st->running_title : run_field(c, st->header_left);
    const char *right =
        st->running_right ? st->running_right : run_field(c, st->header_right);
    int numbered = 0;
    for (size_t p = 0; p < ld->npages; p++)
        numbered += !ld->pages[p].cover;
    /* streaming: each page's furniture given to the sink as it is set
     * (the pages were given before, and are empty but for a draft's
     * marks), and released */
    for (size_t p = 0; p < ld->npages; p++) {
        if (p > 0 && c->sink) {
            c->sink->furniture(c->sink->ctx, ld, p - 1);
            layout_page_release(&ld->pages[p - 1]);
        }
        lpage *pg = &ld->pages[p];
        /* across the page's own text block: a landscape page's header
         * and footer run along its long side */
        page_frame f = layout_page_frame(st, pg->landscape);
        c->x0 = f.x0;
        c->measure = f.measure;
        int32_t hy = f.top - 9 * MPT_PER_PT;
        if (st->draft)
            furniture_line(c, pg, resolve_word(c->lang, WORD_DRAFT), draft,
                           f.top - 20 * MPT_PER_PT, 1);
        if (pg->cover)
            continue;
        if (left)
            furniture_line(c, pg, left, is, hy, 0);
        if (right)
            furniture_line(c, pg, right, is, hy, 2);
        add_rule(c, pg, c->x0, hy + 3 * MPT_PER_PT, c->measure, 400, 0x808080,
                 true);
        const char *num =
            st->footer == FOOTER_PAGE
                ? arena_printf(c->a, "%d", pg->number)
                : arena_printf(c->a, resolve_word(c->lang, WORD_PAGE_OF),
                               pg->number, numbered);
        furniture_line(c, pg, num, is, f.bottom + 14 * MPT_PER_PT, 1);
    }
    if (ld->npages && c->sink) {
        c->sink->furniture(c->sink->ctx, ld, ld->npages - 1);
        layout_page_release(&ld->pages[ld->npages - 1]);
    }
}

static void release_pages(void *ld)
{
    layout_doc_release(ld);
    layout_elems_free(ld);
}

layout_doc *layout_document(doc *d, const font_set *fs, const layout_style *st,
                            arena *a, diag_list *dl)
{
    return layout_document_stream(d, fs, st, a, dl, NULL);
}

layout_doc *layout_document_stream(doc *d, const font_set *fs,
                                   const layout_style *st, arena *a,
                                   diag_list *dl, const layout_sink *sink)
{
    doc_number(d);
    lctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.fs = fs;
    c.st = st;
    c.a = a;
    c.fa = arena_new();
    c.dl = dl;
    c.sink = sink;
    c.res = st->resolved;
    if (!c.res)
        c.res = c.own_res = resolve_document(d);
    c.lang = resolved_language(c.res);
    c.ld = arena_alloc(a, sizeof *c.ld);
    c.note_measure = layout_page_frame(st, false).measure;
    layout_se_init(&c);
    layout_check_glyphs(&c);
    c.release = st->release_parts && sink;
    if (c.release)
        parts_prepare(&c);
    layout_cover(&c);
    layout_new_page(&c);
    /* the contents go in front of the body's first page (after the
     * cover): they are set once the body knows its page numbers */
    size_t body = c.pg->n == 0 ? c.ld->npages - 1 : c.ld->npages;
    layout_blocks(&c);
    layout_toc(&c, body);
    layout_problems(&c);
    /* streaming: the pages not given yet (the last), in order, before
     * any furniture */
    for (size_t i = 0; sink && i < c.ld->npages; i++)
        layout_stream_page(&c, i);
    add_furniture(&c);
    /* move the page and outline arrays into the arena; each page keeps
     * its box array (malloc'd), freed page by page (layout_page_release) */
    layout_doc *ld = c.ld;
    lpage *pages = arena_alloc(a, ld->npages * sizeof *pages);
    for (size_t i = 0; i < ld->npages; i++) {
        pages[i] = ld->pages[i];
        if (sink)
            continue; /* given to the sink and released */
        /* a copy of its size: the array grown by doubling is freed
         * whole, for what comes after to use (trimmed in place, its tails
         * were holes too small for libharu's objects: 24 MB more for the
         * 100 000-row table) */
        lbox *boxes = xmalloc((pages[i].n + 1) * sizeof *boxes);
        if (pages[i].n)
            memcpy(boxes, pages[i].boxes, pages[i].n * sizeof *boxes);
        free(pages[i].boxes);
        pages[i].boxes = boxes;
        pages[i].cap = pages[i].n;
        layout_page_store_pack(&pages[i]);
    }
    free(ld->pages);
    ld->pages = pages;
    loutline *ol = arena_alloc(a, (ld->noutline + 1) * sizeof *ol);
    if (ld->noutline)
        memcpy(ol, ld->outline, ld->noutline * sizeof *ol);
    free(ld->outline);
    ld->outline = ol;
    /* the pages' storage goes with the arena at the latest */
    arena_on_free(a, release_pages, ld);
    free(c.notes);
    pag_free(&c);
    free(c.run_cps);
    layout_hyph_cache_free(&c.hyph_cache);
    resolved_free(c.own_res);
    free(c.run_adj);
    layout_glyphs_free(&c);
    layout_marks_free(&c);
    layout_toc_free(&c);
    resolved_places_free(c.places);
    free(c.parts);
    layout_se_finish(&c);
    arena_free(c.fa);
    return ld;
}

/* The box's size is what 100 000 boxes of a long report cost (the
 * kinds' own fields share a union, layout.h). */
_Static_assert(sizeof(void *) != 8 || sizeof(lbox) <= 88,
               "lbox grew: keep each kind's fields in the union");

void layout_page_release(lpage *pg)
{
    layout_page_store_free(pg);
    free(pg->boxes);
    pg->boxes = NULL;
    pg->n = pg->cap = 0;
}

void layout_doc_release(layout_doc *ld)
{
    if (!ld)
        return;
    for (size_t i = 0; i < ld->npages; i++)
        layout_page_release(&ld->pages[i]);
}

/* --- dump
 * ------------------------------------------------------------------------ */

static void dump_cps(FILE *out, const uint32_t *cps, uint32_t n)
{
    fputc('"', out);
    for (uint32_t i = 0; i < n; i++) {
        char b[5];
        uint32_t cp = cps[i];
        if (cp == '"' || cp == '\\')
            fputc('\\', out);
        if (cp == 0xA0) {
            fputs("\\u00a0", out);
            continue;
        }
        int k = utf8_encode(cp, b);
        fwrite(b, 1, (size_t)k, out);
    }
    fputc('"', out);
}

void layout_dump(const layout_doc *ld, FILE *out)
{
    static const char *const names[] = {"text", "rule",  "rect", "link",
                                        "dest", "image", "path"};
    for (size_t p = 0; p < ld->npages; p++) {
        const lpage *pg = &ld->pages[p];
        fprintf(out, "page %zu number=%d size=%dx%d\n", p + 1, pg->number,
                (int)pg->width, (int)pg->height);
        for (size_t i = 0; i < pg->n; i++) {
            const lbox *b = &pg->boxes[i];
            /* an artifact as the painter makes it (pdf_tag.c): marked so,
             * or content of no element (a repeated table head) */
            bool content = b->kind == LBOX_TEXT || b->kind == LBOX_IMAGE ||
                           b->kind == LBOX_PATH;
            bool artifact = b->artifact || (content && b->se == 0);
            fprintf(out, "  %s%s x=%d y=%d", names[b->kind],
                    artifact ? " artifact" : "", (int)b->x, (int)b->y);
            /* the structure element the box is content of, as the painter
             * tags it (pdf_tag.c): rules, rectangles and destinations are
             * never content; a link is its element's annotation */
            if (!b->artifact && b->se > 0 && b->se < ld->nelems &&
                b->kind != LBOX_RULE && b->kind != LBOX_RECT &&
                b->kind != LBOX_DEST)
                fprintf(out, " tag=%s#%u", layout_elem_role(ld, b->se),
                        (unsigned)b->se);
            switch (b->kind) {
            case LBOX_TEXT:
                fprintf(out, " w=%d font=%s size=%d ", (int)b->w,
                        font_role_name(b->font), (int)b->size);
                dump_cps(out, b->cps, b->n);
                if (b->actual) {
                    fputs(" actual=", out); /* ActualText */
                    dump_cps(out, b->actual, b->nactual);
                }
                break;
            case LBOX_RULE:
            case LBOX_RECT:
                fprintf(out, " w=%d h=%d color=%06X", (int)b->w, (int)b->h,
                        (unsigned)b->color);
                break;
            case LBOX_LINK:
                fprintf(out, " w=%d h=%d %s=%s", (int)b->w, (int)b->h,
                        b->uri ? "uri" : "dest", b->target);
                break;
            case LBOX_DEST:
                fprintf(out, " name=%s", b->target);
                break;
            case LBOX_IMAGE:
                layout_dump_image(b, out);
                break;
            case LBOX_PATH:
                layout_dump_path(b, out);
                break;
            }
            fputc('\n', out);
        }
    }
    for (size_t i = 0; i < ld->noutline; i++)
        fprintf(out, "outline level=%d page=%d y=%d dest=%s \"%s\"\n",
                ld->outline[i].level, ld->outline[i].page + 1,
                (int)ld->outline[i].y, ld->outline[i].dest,
                ld->outline[i].title);
    /* the logical structure: each element, its parent and attributes */
    for (size_t i = 1; i < ld->nelems; i++) {
        const lelem *e = layout_elem(ld, i);
        const char *alt = layout_elem_alt(ld, i);
        fprintf(out, "elem %zu %s parent=%u", i, layout_elem_role(ld, i),
                (unsigned)e->parent);
        if (e->scope)
            fprintf(out, " scope=%s", lelem_scope(e));
        int32_t span = layout_elem_colspan(ld, i);
        if (span > 1)
            fprintf(out, " colspan=%d", (int)span);
        if (alt) {
            fputs(" alt=\"", out);
            for (const char *a = alt; *a; a++) {
                if (*a == '"' || *a == '\\')
                    fputc('\\', out);
                fputc(*a == '\n' ? ' ' : *a, out);
            }
            fputc('"', out);
        }
        fputc('\n', out);
    }
    /* the typographic defects counted (issue 24; build --statistik) */
    const layout_stats *st = &ld->stats;
    fprintf(out,
            "stats lines=%zu hyphenated=%zu loose=%zu overfull=%zu "
            "short_first=%zu broken_words=%zu empty_pages=%zu "
            "dash_breaks=%zu widows=%zu orphans=%zu stranded=%zu\n",
            st->lines, st->hyphenated_lines, st->loose_lines,
            st->overfull_lines, st->short_first_lines, st->broken_words,
            st->empty_pages, st->dash_breaks, st->widows, st->orphans,
            st->stranded_headings);
}
