/*
 * layout_toc.c: the table of contents ("Innehåll") and the page that
 * lists the problems of a draft ("Problem i utkastet").
 *
 * The contents are laid out after the body and moved in front of it. The
 * body starts on a page of its own after the contents, so its layout does
 * not depend on how many pages the contents take; and the contents do not
 * depend on the page numbers they print, because every entry keeps the
 * same room for its number (the width of "000" in its font) whatever the
 * number is. So one pass is exact: lay out the body, lay out the contents
 * with empty number boxes, put the contents pages in front of the body
 * (its pages and outline move down by the contents' page count), then
 * write each heading's printed page number (lpage.number) into its entry.
 *
 * An entry is set as in a book's contents (TeX's \@dottedtocline): the
 * section number in a column of its level, the title after it wrapping
 * with a hanging indent under its own first word, dot leaders on a grid
 * common to every entry (so the dots stand in columns), the page number
 * right-aligned at the measure; the whole entry is a link to the heading.
 * Level-1 entries are bold with space above, deeper ones indented by the
 * number column of the level above. An entry never breaks across pages,
 * and a level-1 entry does not end a page without its first sub-entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"
#include "layout_internal.h"

/* The contents' depth: the style's (templates/stil: innehall djup;
 * 0 means no contents). */
static int toc_depth(const layout_style *st)
{
    return st->toc_depth;
}

enum {
    /* a body of up to three pages is seen at a glance: a contents page
     * would cost more than it gives (and the unit tests' short documents
     * stay about the body) */
    TOC_MIN_BODY_PAGES = 4,
    TOC_MIN_CHAPTERS = 2,     /* level-1 entries */
    TOC_CHAPTER_SPACE = 6000, /* above a level-1 entry */
    TOC_MIN_LAST_PAGE = 3,    /* entries on a last page of contents */
    TOC_MAX_LEVELS = 6,
};

/* Width of the number column of each level (mpt): room for "9", "9.9",
 * "9.9.9" ... in 11 pt with a space after it. */
static const int32_t num_col[TOC_MAX_LEVELS] = {
    8 * MPT_PER_MM,  11 * MPT_PER_MM, 14 * MPT_PER_MM,
    16 * MPT_PER_MM, 18 * MPT_PER_MM, 20 * MPT_PER_MM};

typedef struct {
    const doc_node *sec;
    int level;
    const char *nr;    /* NULL: an unnumbered section */
    const char *title; /* the heading's plain text, typed number left out */
    const char *dest;
    /* where it was set: page (index while laid out), the two empty boxes
     * its leaders and page number are written into, the end of its title
     * and its baseline */
    size_t page, leader_box, number_box;
    int32_t title_end, baseline, right;
    font_role font;
    int32_t size;
    uint32_t color;
} toc_entry;

typedef struct toc_list {
    toc_entry *v;
    size_t n, cap;
} toc_list;

static void collect(lctx *c, int maxd, toc_list *tl)
{
    if (c->toc_pre) { /* taken before the model's parts were given up */
        *tl = *c->toc_pre;
        free(c->toc_pre);
        c->toc_pre = NULL;
        return;
    }
    size_t n;
    const resolved_toc_entry *e = resolved_toc(c->res, c->a, maxd, &n);
    tl->v = xcalloc(n ? n : 1, sizeof *tl->v);
    tl->n = tl->cap = n;
    for (size_t i = 0; i < n; i++)
        tl->v[i] = (toc_entry){.sec = e[i].section,
                               .level = e[i].depth,
                               .nr = e[i].number,
                               .title = e[i].title,
                               .dest = layout_dest_name(c, e[i].section)};
}

static lbox *add_text_box(lctx *c, font_role f, int32_t size, uint32_t color,
                          bool artifact)
{
    lbox *b = page_add(c, c->pg, LBOX_TEXT);
    b->font = f;
    b->size = size;
    b->color = color;
    b->artifact = artifact;
    return b;
}

/* The code points of s, in page pg's store (freed with the page). */
static uint32_t *cps_of(lpage *pg, const char *s, uint32_t *n)
{
    size_t len = strlen(s);
    uint32_t *v = layout_page_alloc(pg, (len + 1) * sizeof *v);
    uint32_t k = 0;
    const char *p = s, *end = s + len;
    while (p < end)
        v[k++] = utf8_next(&p, end);
    *n = k;
    return v;
}

/* A heading of the furniture pages (contents, problems): one or more
 * lines in the chapter heading's size, a destination at its top; measured
 * by title_make, set by title_emit as one item (its space under it
 * included). toc: the contents' TOC element is made after it. */
typedef struct {
    frag_list fl;
    line_list ll;
    const char *dest;
    int32_t size, leading;
    bool toc;
    uint32_t toc_se; /* the TOC element, once the title is set */
} page_title;

static void title_make(lctx *c, page_title *pt, const char *text,
                       const char *dest, bool toc)
{
    const layout_style *st = c->st;
    memset(pt, 0, sizeof *pt);
    pt->size = st->h_size[0];
    pt->leading = pt->size * 13 / 10;
    pt->dest = dest;
    pt->toc = toc;
    inline_style is = {FONT_SANS, pt->size, st->heading_color, true, false};
    frags_from_text(c, text, is, &pt->fl);
    break_lines_mode(c, &pt->fl, c->measure, BREAK_HEADING, &pt->ll);
}

static int32_t title_height(const lctx *c, const page_title *pt)
{
    return (int32_t)pt->ll.n * pt->leading + c->st->h_space_after[0] * 2;
}

static void title_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)repeat;
    page_title *pt = (page_title *)it->obj;
    uint32_t saved = c->se;
    c->se = layout_se_new(c, "H1", 1);
    if (pt->dest) {
        lbox *d = page_add(c, c->pg, LBOX_DEST);
        d->x = c->x0;
        d->y = y;
        d->target = pt->dest;
    }
    for (size_t i = 0; i < pt->ll.n; i++) {
        emit_line(c, c->pg, &pt->fl, &pt->ll.v[i], c->x0,
                  layout_baseline(y, pt->leading, pt->size), c->measure, false,
                  0, false);
        y += pt->leading;
    }
    c->se = saved;
    if (pt->toc)
        c->se = pt->toc_se = layout_se_new(c, "TOC", 1);
}

static void title_free(page_title *pt)
{
    free(pt->ll.v);
    free(pt->fl.v);
}

/* The measured lines of one entry. */
typedef struct {
    frag_list nfl, tfl;
    line_list nll, tll;
    int32_t num_x, title_x, h;
} entry_lines;

static void entry_measure(lctx *c, const toc_entry *e, inline_style is,
                          entry_lines *el)
{
    int li = e->level > TOC_MAX_LEVELS ? TOC_MAX_LEVELS - 1 : e->level - 1;
    int32_t indent = 0;
    for (int k = 0; k < li; k++)
        indent += num_col[k];
    el->num_x = c->x0 + indent;
    int32_t col = num_col[li];
    if (e->nr) {
        frags_from_text(c, e->nr, is, &el->nfl);
        break_lines_mode(c, &el->nfl, c->measure, BREAK_HEADING, &el->nll);
        /* a number wider than its column pushes this entry's title right
         * (half an em after it) rather than running into it */
        int32_t nw = el->nll.n ? el->nll.v[0].width : 0;
        if (nw + is.size / 2 > col)
            col = nw + is.size / 2;
    }
    el->title_x = el->num_x + col;
    /* the title keeps clear of the page numbers: their room ("000") and
     * an em for the leaders (TeX's \@tocrmarg beyond \@pnumwidth) */
    static const uint32_t zeros[3] = {'0', '0', '0'};
    int32_t pnw =
        layout_text_width(c, is.font == FONT_SANS ? FONT_SANS_BOLD : FONT_SERIF,
                          is.size, zeros, 3);
    int32_t measure = c->x0 + c->measure - pnw - is.size - el->title_x;
    if (measure < c->measure / 4)
        measure = c->measure / 4;
    frags_from_text(c, e->title, is, &el->tfl);
    break_lines_mode(c, &el->tfl, measure, BREAK_HEADING, &el->tll);
    el->h = (int32_t)(el->tll.n ? el->tll.n : 1) * c->st->body_leading;
}

static void entry_free(entry_lines *el)
{
    free(el->nfl.v);
    free(el->nll.v);
    free(el->tfl.v);
    free(el->tll.v);
    memset(el, 0, sizeof *el);
}

static inline_style entry_style(const lctx *c, const toc_entry *e)
{
    const layout_style *st = c->st;
    if (e->level == 1)
        return (inline_style){FONT_SANS, st->body_size, st->text_color, true,
                              false};
    return (inline_style){FONT_SERIF, st->body_size, st->text_color, false,
                          false};
}

/* The entries and their measured lines, for entry_emit. */
typedef struct {
    toc_list *tl;
    entry_lines *els;
} toc_lay;

/* Sets entry idx with its top at y: number, title lines, the empty leader
 * and page-number boxes, the link over the whole entry. */
static void entry_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)repeat;
    const toc_lay *lay = it->obj;
    toc_entry *e = &lay->tl->v[it->idx];
    const entry_lines *el = &lay->els[it->idx];
    inline_style is = entry_style(c, e);
    const layout_style *st = c->st;
    int32_t lead = st->body_leading, top = y;
    int32_t base = layout_baseline(y, lead, is.size);
    /* TOCI > Link: number, title and page number, the annotation */
    uint32_t saved = layout_se_begin(c, "TOCI");
    layout_se_begin(c, "Link");
    if (el->nll.n)
        emit_line(c, c->pg, &el->nfl, &el->nll.v[0], el->num_x, base,
                  el->title_x - el->num_x, false, 0, false);
    int32_t end = el->title_x;
    for (size_t i = 0; i < el->tll.n; i++) {
        base = layout_baseline(y, lead, is.size);
        emit_line(c, c->pg, &el->tfl, &el->tll.v[i], el->title_x, base,
                  el->tll.v[i].width, false, 0, false);
        end = el->title_x + el->tll.v[i].width;
        y += lead;
    }
    if (el->tll.n == 0)
        y += lead;
    font_role f = font_role_style(is.font, is.bold, is.italic);
    e->page = c->ld->npages - 1;
    e->title_end = end;
    e->baseline = base;
    e->right = c->x0 + c->measure;
    e->font = f;
    e->size = is.size;
    e->color = is.color;
    /* the leaders are page furniture to a reader (an artifact); the
     * number is content */
    e->leader_box = c->pg->n;
    add_text_box(c, f, is.size, is.color, true);
    e->number_box = c->pg->n;
    add_text_box(c, f, is.size, is.color, false);
    lbox *l = page_add(c, c->pg, LBOX_LINK);
    l->x = el->num_x;
    l->y = top;
    l->w = e->right - el->num_x;
    l->h = y - top;
    l->target = e->dest;
    c->se = saved;
}

/* Writes the printed page number and the leaders into entry e. */
static void entry_fill(lctx *c, const toc_entry *e, int number)
{
    lpage *pg = &c->ld->pages[e->page];
    lbox *nb = &pg->boxes[e->number_box];
    char num[16];
    snprintf(num, sizeof num, "%d", number);
    nb->cps = cps_of(pg, num, &nb->n);
    nb->w = layout_text_width(c, e->font, e->size, nb->cps, nb->n);
    nb->x = e->right - nb->w;
    nb->y = e->baseline;
    /* dots every half em on a grid from the left edge of the text block,
     * each centred in its cell, at least a third of an em clear of the
     * title and of the number */
    lbox *lb = &pg->boxes[e->leader_box];
    int32_t pitch = e->size / 2, gap = e->size / 3;
    int32_t dotw =
        (int32_t)((int64_t)font_advance(c->fs, e->font, '.') * e->size / 1000);
    int32_t x0 = c->x0, from = e->title_end + gap, to = nb->x - gap;
    if (pitch <= 0)
        return; /* a size under 2 mpt (the style allows 4 pt): no dots */
    int32_t first = x0 + (from - x0 + pitch - 1) / pitch * pitch;
    if (to - first < pitch)
        return; /* no room for dots: the number alone */
    uint32_t k = (uint32_t)((to - first) / pitch);
    uint32_t *dots = layout_page_alloc(pg, k * sizeof *dots);
    int32_t *adj = layout_page_alloc(pg, k * sizeof *adj);
    /* the TJ adjustment after each dot, in millionths of an em, takes
     * the advance from the dot's width to the pitch */
    int32_t a =
        (int32_t)(((int64_t)(pitch - dotw) * 1000000 + e->size / 2) / e->size);
    for (uint32_t i = 0; i < k; i++) {
        dots[i] = '.';
        adj[i] = a;
    }
    lb->cps = dots;
    lb->adj = adj;
    lb->n = k;
    lb->x = first + (pitch - dotw) / 2;
    lb->y = e->baseline;
    lb->w = (int32_t)(k - 1) * pitch + dotw;
}

/* Moves the pages [from, npages) to index at, the pages [at, from) after
 * them; the outline follows, the printed numbers are made to run on. */
static void move_pages(lctx *c, size_t at, size_t from)
{
    layout_doc *ld = c->ld;
    size_t nt = ld->npages - from;
    lpage *tmp = xrealloc(NULL, nt * sizeof *tmp);
    memcpy(tmp, ld->pages + from, nt * sizeof *tmp);
    memmove(ld->pages + at + nt, ld->pages + at, (from - at) * sizeof *tmp);
    memcpy(ld->pages + at, tmp, nt * sizeof *tmp);
    free(tmp);
    c->pg = &ld->pages[ld->npages - 1];
    for (size_t i = 0; i < ld->noutline; i++)
        if ((size_t)ld->outline[i].page >= at)
            ld->outline[i].page += (int)nt;
    layout_marks_move(c, at, nt);
    if (c->sink && c->sink->move)
        c->sink->move(c->sink->ctx, ld, at, from);
    /* the contents are numbered on from the page before them (the cover
     * is 0: they start at 1), the body after them */
    int prev = at > 0 ? ld->pages[at - 1].number : 0;
    for (size_t i = 0; i < nt; i++)
        ld->pages[at + i].number = prev + 1 + (int)i;
    for (size_t i = at + nt; i < ld->npages; i++)
        ld->pages[i].number += (int)nt;
}

/* The height entry i needs at the foot of a page: the entry whole; a
 * chapter with the first line of its first sub-entry. */
static int32_t entry_need(const lctx *c, const toc_list *tl,
                          const entry_lines *els, size_t i)
{
    int32_t need = els[i].h;
    if (tl->v[i].level == 1 && i + 1 < tl->n && tl->v[i + 1].level > 1)
        need += c->st->body_leading;
    return need;
}

/* The pages the entries take from y, under the title, with chap above
 * each chapter; *last gets the number of entries on the last page. */
static size_t plan_pages(const lctx *c, int32_t y, const toc_list *tl,
                         const entry_lines *els, int32_t chap, size_t *last)
{
    size_t pages = 1;
    *last = 0;
    for (size_t i = 0; i < tl->n; i++) {
        int32_t space = tl->v[i].level == 1 && i > 0 ? chap : 0;
        if (y > c->top && y + space + entry_need(c, tl, els, i) > c->bottom) {
            pages++;
            *last = 0;
            y = c->top;
            space = 0;
        }
        y += space + els[i].h;
        (*last)++;
    }
    return pages;
}

/* The space above chapter entries: TOC_CHAPTER_SPACE, unless the contents
 * would then end with a page of one or two entries that less space (half,
 * or none) takes back onto the page before; a page that holds only the
 * last entry of the contents looks like a mistake. */
static int32_t chapter_space(const lctx *c, int32_t y, const toc_list *tl,
                             const entry_lines *els)
{
    size_t last;
    size_t pages = plan_pages(c, y, tl, els, TOC_CHAPTER_SPACE, &last);
    if (pages == 1 || last >= TOC_MIN_LAST_PAGE)
        return TOC_CHAPTER_SPACE;
    const int32_t tighter[2] = {TOC_CHAPTER_SPACE / 2, 0};
    for (int k = 0; k < 2; k++) {
        size_t l2, p2 = plan_pages(c, y, tl, els, tighter[k], &l2);
        if (p2 < pages)
            return tighter[k];
    }
    return TOC_CHAPTER_SPACE;
}

void layout_toc_prepare(lctx *c)
{
    int maxd = toc_depth(c->st);
    if (maxd <= 0 || c->toc_pre)
        return;
    toc_list *tl = xcalloc(1, sizeof *tl);
    collect(c, maxd, tl);
    /* what the entries read of the model, in layout's arena: the model's
     * parts go while the body is laid out (parts_release, layout.c) */
    for (size_t i = 0; i < tl->n; i++) {
        toc_entry *e = &tl->v[i];
        e->sec = NULL;
        if (e->nr)
            e->nr = arena_strdup(c->a, e->nr);
        e->title = arena_strdup(c->a, e->title);
    }
    c->toc_pre = tl;
}

void layout_toc_free(lctx *c)
{
    if (c->toc_pre)
        free(c->toc_pre->v);
    free(c->toc_pre);
    c->toc_pre = NULL;
}

void layout_toc(lctx *c, size_t body)
{
    const layout_style *st = c->st;
    layout_doc *ld = c->ld;
    int maxd = toc_depth(st);
    if (maxd <= 0 || body >= ld->npages ||
        ld->npages - body < TOC_MIN_BODY_PAGES)
        return;
    toc_list tl = {0};
    collect(c, maxd, &tl);
    size_t chapters = 0;
    for (size_t i = 0; i < tl.n; i++)
        chapters += tl.v[i].level == 1;
    if (chapters < TOC_MIN_CHAPTERS) {
        free(tl.v);
        return;
    }
    size_t from = ld->npages;
    /* the contents' pages are kept until their numbers are written */
    c->holding = true;
    c->hold_from = from;
    pag_own_page(c);
    page_title pt;
    title_make(c, &pt, resolve_word(c->lang, WORD_CONTENTS), "innehall", true);
    uint32_t saved_se = c->se;
    /* every entry measured first, so that the pages can be planned */
    entry_lines *els = xcalloc(tl.n ? tl.n : 1, sizeof *els);
    for (size_t i = 0; i < tl.n; i++)
        entry_measure(c, &tl.v[i], entry_style(c, &tl.v[i]), &els[i]);
    int32_t chap = chapter_space(c, c->y + title_height(c, &pt), &tl, els);
    /* the title, then one item an entry: a chapter entry with space above
     * it, kept with the first line of its first sub-entry (room_after);
     * an entry never breaks */
    toc_lay lay = {&tl, els};
    lf_block b = {0};
    lf_push(&b, (lf_item){
                    .h = title_height(c, &pt), .emit = title_emit, .obj = &pt});
    for (size_t i = 0; i < tl.n; i++)
        lf_push(&b,
                (lf_item){.h = els[i].h,
                          .gap = tl.v[i].level == 1 && i > 0 ? chap : 0,
                          .room_after = entry_need(c, &tl, els, i) - els[i].h,
                          .emit = entry_emit,
                          .obj = &lay,
                          .idx = i});
    pag_place(c, &b);
    lf_block_free(&b);
    c->se = saved_se;
    for (size_t i = 0; i < tl.n; i++)
        entry_free(&els[i]);
    free(els);
    title_free(&pt);
    move_pages(c, body, from);
    /* the page each heading is on: the outline has every heading in
     * document order, the entries are some of them in the same order */
    size_t o = 0;
    for (size_t i = 0; i < tl.n; i++) {
        toc_entry *e = &tl.v[i];
        while (o < ld->noutline && strcmp(ld->outline[o].dest, e->dest) != 0)
            o++;
        if (o == ld->noutline)
            break; /* cannot happen: every section is in the outline */
        e->page = e->page - from + body;
        entry_fill(c, e, ld->pages[ld->outline[o].page].number);
    }
    free(tl.v);
    c->holding = false;
    for (size_t i = body; i < body + (ld->npages - from); i++)
        layout_stream_page(c, i);
}

/* --- the problems of a draft ------------------------------------------------
 *
 * With --utkast a document with errors is typeset anyway; its last pages
 * list what the checks found, in document order, so that the draft on
 * paper says what is left to do: for each problem its severity, rule id
 * and line:column in bold, the message after it, the hint on a line of its
 * own, in the table font, wrapping with a hanging indent, and the page it
 * is on ("s. 12") right-aligned in a column of its own, as in the
 * contents. A problem at a place on the pages (layout_marks.c) is a link
 * to it (P > Link, the whole entry, as a contents entry), and the place
 * carries its rule id in the margin; a problem of the whole document or
 * of another file says it is on no page. Warnings the document switched
 * off (undantag) are left out, as on the terminal.
 */

static inline_style problem_style(const lctx *c, bool bold, bool italic)
{
    return (inline_style){FONT_SANS, c->st->table_size, c->st->text_color, bold,
                          italic};
}

/* An error's label in the UTKAST mark's red (7:1 on white), a warning's
 * in the text colour. */
static inline_style label_style(const lctx *c, const diag *d)
{
    inline_style is = problem_style(c, true, false);
    if (d->severity == DIAG_ERROR)
        is.color = 0xB00020;
    return is;
}

static int32_t problem_label_width(lctx *c, const diag *d)
{
    resolved_problem rp;
    resolved_problem_texts(c->res, c->a, d, &rp);
    frag_list fl = {0};
    frags_from_text(c, rp.label, problem_style(c, true, false), &fl);
    int32_t w = frags_width(&fl);
    free(fl.v);
    return w;
}

/* One problem laid out: the label in a column of its own (a longer one
 * than the column stands on a line of its own), the message and the hint
 * after it, wrapping under each other. */
typedef struct {
    frag_list lab, msg, pg;
    line_list labl, msgl, pgl;
    int32_t labw, indent;
    bool own_line;
    uint32_t saved;    /* the element the problem's P is in */
    const char *dest;  /* its place's destination, or NULL */
    size_t first_page; /* where its first line was set (the page column's */
    int32_t first_y;   /* text goes there, after the rest in reading order) */
    size_t link_page;  /* the page its last link annotation is on */
} problem;

/* The page column's text of a problem at mark k (SIZE_MAX: none). */
static const char *problem_page(lctx *c, size_t k)
{
    int page = k == SIZE_MAX ? 0 : c->ld->pages[c->marks[k].page].number;
    return resolved_problem_page(c->res, c->a, page);
}

/* An array of n records of size bytes with room for cap cut to n: the
 * problems are all made before any is set, thousands of them. */
static void *trimmed(void *v, size_t n, size_t *cap, size_t size)
{
    if (n == 0 || n == *cap)
        return v;
    *cap = n;
    return xrealloc(v, n * size);
}

static void problem_make(lctx *c, const diag *d, int32_t indent, int32_t pcol,
                         size_t mark, problem *pb)
{
    int32_t size = c->st->table_size;
    memset(pb, 0, sizeof *pb);
    resolved_problem rp; /* the texts, from resolve.h */
    resolved_problem_texts(c->res, c->a, d, &rp);
    frags_from_text(c, rp.label, label_style(c, d), &pb->lab);
    break_lines_mode(c, &pb->lab, c->measure, BREAK_HEADING, &pb->labl);
    pb->labw = pb->labl.n ? pb->labl.v[0].width : 0;
    frags_from_text(c, rp.message, problem_style(c, false, false), &pb->msg);
    if (rp.hint) {
        frag_push_break(&pb->msg);
        frags_from_text(c, rp.hint, problem_style(c, false, true), &pb->msg);
    }
    break_lines_mode(c, &pb->msg, c->measure - indent - pcol, BREAK_HEADING,
                     &pb->msgl);
    if (pcol > 0) {
        frags_from_text(c, problem_page(c, mark),
                        problem_style(c, false, false), &pb->pg);
        break_lines_mode(c, &pb->pg, c->measure, BREAK_HEADING, &pb->pgl);
    }
    pb->dest = mark == SIZE_MAX ? NULL : c->marks[mark].dest;
    frag_list *fls[3] = {&pb->lab, &pb->msg, &pb->pg};
    line_list *lls[3] = {&pb->labl, &pb->msgl, &pb->pgl};
    for (int k = 0; k < 3; k++) {
        fls[k]->v = trimmed(fls[k]->v, fls[k]->n, &fls[k]->cap, sizeof(frag));
        lls[k]->v =
            trimmed(lls[k]->v, lls[k]->n, &lls[k]->cap, sizeof(line_info));
    }
    pb->indent = indent;
    pb->own_line = pb->labw > indent - size / 2;
}

static void problem_free(problem *pb)
{
    free(pb->lab.v);
    free(pb->labl.v);
    free(pb->msg.v);
    free(pb->msgl.v);
    free(pb->pg.v);
    free(pb->pgl.v);
}

/* Item idx of a problem: 0 the label (alone, or with the first line of
 * the message), then the message's lines; the first opens the problem's
 * P, the last closes it. */
static void problem_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)repeat;
    problem *pb = (problem *)it->obj;
    int32_t size = c->st->table_size, lead = c->st->table_leading;
    size_t line = it->idx; /* the message line, when the item has one */
    if (it->idx == 0) {
        pb->saved = layout_se_begin(c, "P");
        if (pb->dest)
            layout_se_begin(c, "Link");
        pb->first_page = c->ld->npages - 1;
        pb->first_y = y;
        if (pb->labl.n)
            emit_line(c, c->pg, &pb->lab, &pb->labl.v[0], c->x0,
                      layout_baseline(y, lead, size), pb->labw, false, 0,
                      false);
        if (pb->own_line)
            line = SIZE_MAX;
    } else if (pb->own_line) {
        line = it->idx - 1;
    }
    if (line < pb->msgl.n)
        emit_line(c, c->pg, &pb->msg, &pb->msgl.v[line], c->x0 + pb->indent,
                  layout_baseline(y, lead, size), c->measure - pb->indent,
                  false, 0, false);
    size_t items = pb->msgl.n + (pb->own_line ? 1 : 0);
    bool last = it->idx + 1 >= (items ? items : 1);
    if (last && pb->pgl.n) {
        /* the page, right-aligned on the first line (on this page's
         * last when the problem broke across pages) */
        int32_t py = pb->first_page == c->ld->npages - 1 ? pb->first_y : y;
        emit_line(c, c->pg, &pb->pg, &pb->pgl.v[0],
                  c->x0 + c->measure - pb->pgl.v[0].width,
                  layout_baseline(py, lead, size), pb->pgl.v[0].width, false, 0,
                  false);
    }
    if (pb->dest && (it->idx == 0 || pb->link_page != c->ld->npages - 1)) {
        /* the link over the entry: one annotation (the Link element's
         * OBJR) from its first line on this page to its last, which are on
         * it unless the entry is taller than a page */
        int32_t h = (int32_t)((items ? items : 1) - it->idx) * lead;
        if (y + h > c->page_bottom)
            h = c->page_bottom - y;
        lbox *l = page_add(c, c->pg, LBOX_LINK);
        l->x = c->x0;
        l->y = y;
        l->w = c->measure;
        l->h = h;
        l->target = pb->dest;
        pb->link_page = c->ld->npages - 1;
    }
    if (last)
        c->se = pb->saved;
}

/* A problem as items, kept whole on a page unless it is taller than
 * one; gap: the space above it. */
static void problem_items(lctx *c, problem *pb, int32_t gap, lf_block *b)
{
    int32_t lead = c->st->table_leading;
    size_t items = pb->msgl.n + (pb->own_line ? 1 : 0);
    for (size_t k = 0; k < (items ? items : 1); k++)
        lf_push(b, (lf_item){.h = lead,
                             .gap = k == 0 ? gap : 0,
                             .keep_next = k + 1 < items,
                             .emit = problem_emit,
                             .obj = pb,
                             .idx = k});
}

/* The summary under the problems' title: a paragraph of its own. */
typedef struct {
    frag_list fl;
    line_list ll;
} summary;

static void summary_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    (void)repeat;
    const summary *sm = it->obj;
    const layout_style *st = c->st;
    uint32_t saved = layout_se_begin(c, "P");
    for (size_t i = 0; i < sm->ll.n; i++) {
        emit_line(c, c->pg, &sm->fl, &sm->ll.v[i], c->x0,
                  layout_baseline(y, st->body_leading, st->body_size),
                  c->measure, false, 0, false);
        y += st->body_leading;
    }
    c->se = saved;
}

void layout_problems(lctx *c)
{
    const layout_style *st = c->st;
    if (!st->draft)
        return;
    diag_list *dl = c->dl;
    diag_sort(dl);
    size_t nerr = 0, nwarn = 0;
    for (size_t i = 0; i < diag_count(dl); i++) {
        const diag *d = diag_get(dl, i);
        if (d->severity == DIAG_ERROR)
            nerr++;
        else if (!diag_is_suppressed(dl, d->rule))
            nwarn++;
    }
    if (nerr + nwarn == 0)
        return;
    layout_doc *ld = c->ld;
    int prev = ld->npages ? ld->pages[ld->npages - 1].number : 0;
    size_t first = ld->npages;
    pag_own_page(c);
    page_title pt;
    title_make(c, &pt, resolve_word(c->lang, WORD_DRAFT_PROBLEMS),
               "utkast-problem", false);
    summary sm = {0};
    inline_style is = {FONT_SERIF, st->body_size, st->text_color, false, false};
    frags_from_text(c, resolved_problem_summary(c->res, c->a, nerr, nwarn), is,
                    &sm.fl);
    break_lines_mode(c, &sm.fl, c->measure, BREAK_HEADING, &sm.ll);
    /* the label column as wide as the widest label, up to two fifths of
     * the measure */
    int32_t indent = 0;
    for (size_t i = 0; i < diag_count(dl); i++) {
        const diag *d = diag_get(dl, i);
        if (d->severity == DIAG_WARNING && diag_is_suppressed(dl, d->rule))
            continue;
        int32_t w = problem_label_width(c, d) + st->table_size;
        if (w > indent)
            indent = w;
    }
    if (indent > c->measure * 2 / 5)
        indent = c->measure * 2 / 5;
    /* each problem's place: its page, its mark and destination
     * (layout_marks.c); the page column as wide as its widest text */
    size_t nplaced = diag_count(dl);
    size_t *at = layout_marks_place(c, nplaced);
    int32_t pcol = 0;
    for (size_t i = 0; i < nplaced; i++) {
        const diag *d = diag_get(dl, i);
        if (d->severity == DIAG_WARNING && diag_is_suppressed(dl, d->rule))
            continue;
        frag_list fl = {0};
        frags_from_text(c, problem_page(c, at[i]),
                        problem_style(c, false, false), &fl);
        int32_t w = frags_width(&fl) + st->table_size;
        free(fl.v);
        if (w > pcol)
            pcol = w;
    }
    if (pcol > c->measure / 5)
        pcol = c->measure / 5;
    /* the title, the summary, then each problem with a third of a line
     * above it (twice the paragraph space above the first) */
    lf_block b = {0};
    lf_push(&b, (lf_item){.h = title_height(c, &pt),
                          .emit = title_emit,
                          .obj = &pt,
                          .keep_next = true});
    lf_push(&b, (lf_item){.h = (int32_t)sm.ll.n * st->body_leading,
                          .emit = summary_emit,
                          .obj = &sm});
    /* (setting a problem can add one: a character the fonts lack in its
     * message is warned about, and listed too; so the list grows, and each
     * problem has memory of its own, which the items point at) */
    size_t cap = diag_count(dl) + 1;
    problem **pbs = xcalloc(cap, sizeof *pbs);
    size_t np = 0;
    int32_t gap = st->para_space * 2;
    for (size_t i = 0; i < diag_count(dl); i++) {
        const diag *d = diag_get(dl, i);
        if (d->severity == DIAG_WARNING && diag_is_suppressed(dl, d->rule))
            continue;
        if (np == cap) {
            cap *= 2;
            pbs = xrealloc(pbs, cap * sizeof *pbs);
        }
        pbs[np] = xcalloc(1, sizeof **pbs);
        /* (a problem added while these are set has no place) */
        problem_make(c, d, indent, pcol, i < nplaced ? at[i] : SIZE_MAX,
                     pbs[np]);
        problem_items(c, pbs[np], gap, &b);
        np++;
        gap = st->table_leading / 3;
    }
    pag_place(c, &b);
    lf_block_free(&b);
    for (size_t i = 0; i < np; i++) {
        problem_free(pbs[i]);
        free(pbs[i]);
    }
    free(pbs);
    free(at);
    title_free(&pt);
    free(sm.ll.v);
    free(sm.fl.v);
    /* numbered on from the last page, whatever the pages before did */
    for (size_t i = first; i < ld->npages; i++)
        ld->pages[i].number = prev + 1 + (int)(i - first);
}
