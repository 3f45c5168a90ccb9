/*
 * layout.c: the block flow. Walks the model in reading order, places
 * headings, paragraphs, lists, quotations and tables on pages, keeps
 * headings with what follows, avoids widows and orphans, collects
 * footnotes at the end of each chapter, then adds the running header and
 * the "Sida X av Y" footer as artifacts and builds the outline.
 */
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
    st->heading_color = 0x1F3864; /* dark blue, 11.9:1 on white */
    st->text_color = 0x000000;
    st->rule_color = 0x404040;
    st->header_fill = 0xE8ECF2;
}

/* --- pages ------------------------------------------------------------------
 */

void layout_new_page(lctx *c)
{
    layout_doc *ld = c->ld;
    if (ld->npages == c->cap_pages) {
        c->cap_pages = c->cap_pages ? c->cap_pages * 2 : 16;
        ld->pages = xrealloc(ld->pages, c->cap_pages * sizeof *ld->pages);
    }
    lpage *pg = &ld->pages[ld->npages++];
    memset(pg, 0, sizeof *pg);
    pg->width = c->st->page_w;
    pg->height = c->st->page_h;
    pg->number = (int)ld->npages;
    c->pg = pg;
    c->y = c->top;
}

static bool at_page_top(const lctx *c)
{
    return c->y <= c->top;
}

void layout_ensure(lctx *c, int32_t h)
{
    if (c->y + h > c->bottom && !at_page_top(c))
        layout_new_page(c);
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

static void add_rule(lctx *c, lpage *pg, int32_t x, int32_t y, int32_t w,
                     int32_t thick, uint32_t color, bool artifact)
{
    lbox *b = page_add(c, pg, LBOX_RULE);
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = thick;
    b->color = color;
    b->artifact = artifact;
}

int32_t layout_baseline(int32_t y, int32_t leading, int32_t size)
{
    return y + leading / 2 + size * 3 / 10;
}

/* --- paragraphs -------------------------------------------------------------
 */

/* Places broken lines with widow/orphan control: at least two lines of a
 * paragraph on each side of a page break. */
static void place_lines(lctx *c, frag_list *fl, line_list *ll, int32_t x,
                        int32_t measure, int32_t leading, int32_t size,
                        bool justify, int align)
{
    size_t i = 0;
    while (i < ll->n) {
        size_t left = ll->n - i;
        int32_t room = c->bottom - c->y;
        size_t fit = room > 0 ? (size_t)(room / leading) : 0;
        if (fit >= left) {
            fit = left;
        } else {
            if (fit < 2 && !at_page_top(c)) {
                layout_new_page(c); /* no orphan */
                continue;
            }
            if (left - fit < 2 && fit > 2)
                fit = left - 2; /* no widow */
            if (fit == 0)
                fit = 1; /* a line taller than the page: place it */
        }
        for (size_t k = 0; k < fit; k++, i++) {
            emit_line(c, c->pg, fl, &ll->v[i], x,
                      layout_baseline(c->y, leading, size), measure, justify,
                      align, false);
            c->y += leading;
        }
        if (i < ll->n)
            layout_new_page(c);
    }
}

static void layout_para(lctx *c, const doc_node *n, int32_t indent,
                        int32_t right_indent, bool italic)
{
    const layout_style *st = c->st;
    frag_list fl = {0};
    inline_style is = {FONT_SERIF, st->body_size, st->text_color, false,
                       italic};
    frags_from_inline(c, n, is, &fl);
    if (fl.n > 0) {
        line_list ll = {0};
        int32_t measure = c->measure - indent - right_indent;
        break_lines(c, &fl, measure, &ll);
        place_lines(c, &fl, &ll, c->x0 + indent, measure, st->body_leading,
                    st->body_size, true, 0);
        free(ll.v);
    }
    free(fl.v);
    c->y += st->para_space;
}

/* --- headings ----------------------------------------------------------------
 */

static void layout_heading(lctx *c, const doc_node *sec)
{
    const layout_style *st = c->st;
    int depth = doc_node_depth(sec);
    int di = depth < 1 ? 0 : depth > 6 ? 5 : depth - 1;
    int32_t size = st->h_size[di];
    int32_t leading = size * 13 / 10;
    int32_t before = depth == 1 ? 20000 : depth == 2 ? 14000 : 10000;
    int32_t after = depth <= 2 ? 6000 : 4000;
    const char *nr = doc_node_number(sec);
    const doc_node *h = doc_node_child(sec, DOC_HEADING);
    frag_list fl = {0};
    inline_style is = {FONT_SANS, size, st->heading_color, true, false};
    if (nr)
        frags_from_text(c, arena_printf(c->a, "%s\xC2\xA0\xC2\xA0", nr), is,
                        &fl);
    const char *text = h ? doc_node_plain_text(c->d, h) : "";
    size_t ns, ne, skip = 0;
    if (nr && doc_typed_number(text, &ns, &ne, &skip))
        text += skip; /* STR-03 warned; the computed number replaces it */
    if (h) {
        c->skip_text = skip;
        frags_from_inline(c, h, is, &fl);
        c->skip_text = 0;
    }
    line_list ll = {0};
    break_lines_mode(c, &fl, c->measure, BREAK_HEADING, &ll);
    int32_t h_total = (int32_t)ll.n * leading;
    /* keep with the next two lines of text */
    if (!at_page_top(c))
        c->y += before;
    layout_ensure(c, h_total + after + 2 * st->body_leading);
    if (depth == 1 && !at_page_top(c) &&
        c->y + h_total + after + 6 * st->body_leading > c->bottom)
        layout_new_page(c);
    const char *dest = layout_dest_name(c, sec);
    add_dest(c, dest, c->y);
    /* outline entry */
    layout_doc *ld = c->ld;
    if (ld->noutline == c->cap_outline) {
        c->cap_outline = c->cap_outline ? c->cap_outline * 2 : 32;
        ld->outline =
            xrealloc(ld->outline, c->cap_outline * sizeof *ld->outline);
    }
    ld->outline[ld->noutline++] = (loutline){
        depth, nr ? arena_printf(c->a, "%s %s", nr, text) : text,
        dest,  (int)(ld->npages - 1),
        c->y,
    };
    for (size_t i = 0; i < ll.n; i++) {
        emit_line(c, c->pg, &fl, &ll.v[i], c->x0,
                  layout_baseline(c->y, leading, size), c->measure, false, 0,
                  false);
        c->y += leading;
    }
    c->y += after;
    free(ll.v);
    free(fl.v);
}

/* --- lists
 * -------------------------------------------------------------------- */

static void layout_list(lctx *c, const doc_node *list, int32_t indent);

static void layout_item(lctx *c, const doc_node *item, const char *label,
                        int32_t indent)
{
    const layout_style *st = c->st;
    int32_t label_w = 14 * MPT_PER_PT;
    frag_list fl = {0};
    inline_style is = {FONT_SERIF, st->body_size, st->text_color, false, false};
    frags_from_inline(c, item, is, &fl);
    line_list ll = {0};
    int32_t measure = c->measure - indent - label_w;
    if (fl.n > 0)
        break_lines(c, &fl, measure, &ll);
    /* the item's first two lines stay together */
    layout_ensure(c, (ll.n >= 2 ? 2 : 1) * st->body_leading);
    frag_list lf = {0};
    frags_from_text(c, label, is, &lf);
    line_list lll = {0};
    break_lines_mode(c, &lf, label_w, BREAK_HEADING, &lll);
    if (lll.n > 0)
        emit_line(c, c->pg, &lf, &lll.v[0], c->x0 + indent,
                  layout_baseline(c->y, st->body_leading, st->body_size),
                  label_w, false, 0, false);
    if (ll.n > 0)
        place_lines(c, &fl, &ll, c->x0 + indent + label_w, measure,
                    st->body_leading, st->body_size, true, 0);
    else
        c->y += st->body_leading;
    free(ll.v);
    free(fl.v);
    free(lll.v);
    free(lf.v);
    for (const doc_node *ch = doc_node_first_child(item); ch;
         ch = doc_node_next(ch))
        if (doc_node_kind(ch) == DOC_LIST)
            layout_list(c, ch, indent + label_w);
}

static void layout_list(lctx *c, const doc_node *list, int32_t indent)
{
    const char *typ = doc_node_attr(list, "typ");
    bool numbered = typ && strcmp(typ, "numrerad") == 0;
    const char *start = doc_node_attr(list, "start");
    int k = start ? atoi(start) : 1;
    for (const doc_node *it = doc_node_first_child(list); it;
         it = doc_node_next(it)) {
        if (doc_node_kind(it) != DOC_ITEM)
            continue;
        const char *label = numbered ? arena_printf(c->a, "%d.", k++)
                                     : "\xE2\x80\xA2"; /* bullet */
        layout_item(c, it, label, indent);
    }
    c->y += c->st->para_space / 2;
}

/* --- quotations
 * ------------------------------------------------------------------ */

static void layout_quote(lctx *c, const doc_node *q)
{
    int32_t ind = 10 * MPT_PER_MM;
    bool any_block = false;
    for (const doc_node *ch = doc_node_first_child(q); ch;
         ch = doc_node_next(ch))
        if (doc_node_kind(ch) == DOC_PARA) {
            layout_para(c, ch, ind, ind, true);
            any_block = true;
        }
    if (!any_block)
        layout_para(c, q, ind, ind, true);
    const char *src = doc_node_attr(q, "kalla");
    if (src) {
        frag_list fl = {0};
        inline_style is = {FONT_SERIF, c->st->note_size, c->st->text_color,
                           false, false};
        frags_from_text(c, arena_printf(c->a, "\xE2\x80\x94 %s", src), is, &fl);
        line_list ll = {0};
        break_lines_mode(c, &fl, c->measure - 2 * ind, BREAK_RAGGED, &ll);
        place_lines(c, &fl, &ll, c->x0 + ind, c->measure - 2 * ind,
                    c->st->note_leading, c->st->note_size, false, 2);
        free(ll.v);
        free(fl.v);
        c->y += c->st->para_space;
    }
}

/* --- footnotes
 * --------------------------------------------------------------------- */

static void flush_notes(lctx *c)
{
    if (c->nnotes == 0)
        return;
    const layout_style *st = c->st;
    layout_ensure(c, 6000 + 2 * st->note_leading);
    c->y += 4000;
    add_rule(c, c->pg, c->x0, c->y, 40 * MPT_PER_MM, 400, st->rule_color,
             false);
    c->y += 3000;
    for (size_t i = 0; i < c->nnotes; i++) {
        const doc_node *fn = c->notes[i];
        frag_list fl = {0};
        inline_style is = {FONT_SERIF, st->note_size, st->text_color, false,
                           false};
        frags_from_text(c, arena_printf(c->a, "%d\xC2\xA0", doc_node_seq(fn)),
                        is, &fl);
        frags_from_inline(c, fn, is, &fl);
        line_list ll = {0};
        break_lines(c, &fl, c->measure, &ll);
        layout_ensure(c, st->note_leading);
        add_dest(c, arena_printf(c->a, "fotnot-%d", doc_node_seq(fn)), c->y);
        place_lines(c, &fl, &ll, c->x0, c->measure, st->note_leading,
                    st->note_size, true, 0);
        free(ll.v);
        free(fl.v);
    }
    c->nnotes = 0;
    c->y += st->para_space;
}

/* --- the walk
 * ------------------------------------------------------------------------- */

static void warn_unsupported(lctx *c, const doc_node *n, msg_key key)
{
    diag_add(c->dl, DIAG_WARNING, doc_path(c->d), doc_node_line(n),
             doc_node_col(n), "ARS-20", key);
}

static void layout_blocks(lctx *c)
{
    doc_iter it;
    doc_iter_init(&it, doc_root(c->d));
    doc_node *n;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        doc_kind k = doc_node_kind(n);
        if (ev == DOC_EV_EXIT) {
            if (k == DOC_SECTION && doc_node_depth(n) == 1)
                flush_notes(c);
            continue;
        }
        switch (k) {
        case DOC_ROOT:
            break;
        case DOC_SECTION: {
            if (doc_node_depth(n) == 1)
                flush_notes(c);
            const char *ns = doc_node_attr(n, "ny-sida");
            if (ns && strcmp(ns, "ja") == 0 && !at_page_top(c))
                layout_new_page(c);
            layout_heading(c, n);
            if (!doc_node_first_child(n) && doc_node_depth(n) == 1)
                flush_notes(c);
            break;
        }
        case DOC_HEADING:
            doc_iter_skip_children(&it);
            break;
        case DOC_PARA:
            layout_para(c, n, 0, 0, false);
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
            layout_table(c, n);
            doc_iter_skip_children(&it);
            break;
        case DOC_PAGEBREAK:
            if (!at_page_top(c))
                layout_new_page(c);
            break;
        case DOC_IMAGE:
            warn_unsupported(c, n, MSG_LAYOUT_NO_IMAGES);
            doc_iter_skip_children(&it);
            break;
        case DOC_CHART:
            warn_unsupported(c, n, MSG_LAYOUT_NO_CHARTS);
            doc_iter_skip_children(&it);
            break;
        default:
            doc_iter_skip_children(&it);
            break;
        }
    }
    flush_notes(c);
}

/* Running header (title | nämnd) and footer "Sida X av Y", as artifacts. */
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

static void add_furniture(lctx *c)
{
    const layout_style *st = c->st;
    layout_doc *ld = c->ld;
    inline_style is = {FONT_SANS, 8000, 0x404040, false, false};
    /* UTKAST: clear but unobtrusive, in the top margin */
    inline_style draft = {FONT_SANS, 14000, 0xB00020, true, false};
    msg_lang lang = diag_list_lang(c->dl);
    for (size_t p = 0; p < ld->npages; p++) {
        lpage *pg = &ld->pages[p];
        int32_t hy = st->margin_top - 9 * MPT_PER_PT;
        if (st->running_title)
            furniture_line(c, pg, st->running_title, is, hy, 0);
        if (st->running_right)
            furniture_line(c, pg, st->running_right, is, hy, 2);
        add_rule(c, pg, c->x0, hy + 3 * MPT_PER_PT, c->measure, 400, 0x808080,
                 true);
        if (st->draft)
            furniture_line(c, pg, lang == LANG_EN ? "DRAFT" : "UTKAST", draft,
                           st->margin_top - 20 * MPT_PER_PT, 1);
        furniture_line(
            c, pg,
            arena_printf(c->a,
                         lang == LANG_EN ? "Page %d of %d" : "Sida %d av %d",
                         pg->number, (int)ld->npages),
            is, st->page_h - st->margin_bottom + 14 * MPT_PER_PT, 1);
    }
}

layout_doc *layout_document(doc *d, const font_set *fs, const layout_style *st,
                            arena *a, diag_list *dl)
{
    doc_number(d);
    lctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.fs = fs;
    c.st = st;
    c.a = a;
    c.dl = dl;
    c.ld = arena_alloc(a, sizeof *c.ld);
    c.x0 = st->margin_inner;
    c.measure = st->page_w - st->margin_inner - st->margin_outer;
    c.top = st->margin_top;
    c.bottom = st->page_h - st->margin_bottom;
    layout_new_page(&c);
    layout_blocks(&c);
    add_furniture(&c);
    /* move page and outline arrays into the arena so one free suffices */
    layout_doc *ld = c.ld;
    lpage *pages = arena_alloc(a, ld->npages * sizeof *pages);
    for (size_t i = 0; i < ld->npages; i++) {
        pages[i] = ld->pages[i];
        lbox *boxes = arena_alloc(a, (pages[i].n + 1) * sizeof *boxes);
        if (pages[i].n)
            memcpy(boxes, ld->pages[i].boxes, pages[i].n * sizeof *boxes);
        free(ld->pages[i].boxes);
        pages[i].boxes = boxes;
        pages[i].cap = pages[i].n;
    }
    free(ld->pages);
    ld->pages = pages;
    loutline *ol = arena_alloc(a, (ld->noutline + 1) * sizeof *ol);
    if (ld->noutline)
        memcpy(ol, ld->outline, ld->noutline * sizeof *ol);
    free(ld->outline);
    ld->outline = ol;
    free(c.notes);
    return ld;
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
    static const char *const names[] = {"text", "rule", "rect", "link", "dest"};
    for (size_t p = 0; p < ld->npages; p++) {
        const lpage *pg = &ld->pages[p];
        fprintf(out, "page %zu number=%d size=%dx%d\n", p + 1, pg->number,
                (int)pg->width, (int)pg->height);
        for (size_t i = 0; i < pg->n; i++) {
            const lbox *b = &pg->boxes[i];
            fprintf(out, "  %s%s x=%d y=%d", names[b->kind],
                    b->artifact ? " artifact" : "", (int)b->x, (int)b->y);
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
            }
            fputc('\n', out);
        }
    }
    for (size_t i = 0; i < ld->noutline; i++)
        fprintf(out, "outline level=%d page=%d y=%d dest=%s \"%s\"\n",
                ld->outline[i].level, ld->outline[i].page + 1,
                (int)ld->outline[i].y, ld->outline[i].dest,
                ld->outline[i].title);
}
