/*
 * layout_paginate.c: the one paginator. Every block is laid out for its
 * measure by its own file into a sequence of items (layout_flow.h) and
 * placed on pages here: paragraphs, list items and quotations (layout.c),
 * headings (held, layout.c), figures and charts (one item placed whole),
 * tables (rows, layout_table.c), the contents and the draft's problem
 * list (layout_toc.c). It owns the page cursor (the current page, y, the
 * foot) and starts every page but the cover.
 *
 * The rules it applies are the producers' data: a page break where the
 * next item, with the footnotes its line references, does not fit and
 * the producer allows one (no widows or orphans in paragraphs, a list
 * item's first two lines together, a quotation's last line kept with its
 * source, a contents entry kept with its first sub-entry); headings held
 * until the block after them knows its first items and kept with them;
 * vertical space that collapses between blocks and vanishes at a page
 * top; footnotes at the foot of the page that references them, a note
 * too long for the room left continued at the foot of the next page;
 * items repeated at the top of every page a block continues on (a
 * table's header rows and its "(forts.)" line) and one set where it breaks
 * (its bottom rule); explicit page breaks; a block on landscape pages of
 * its own. Rows of a table (LF_ROWS) are placed with a look-ahead that
 * moves a break back to a row a page may start with, where a paragraph's
 * rules are hard; a row taller than a page is split line by line.
 *
 * Progress: on an empty page at least one item (one line of a row) is
 * always set, so an item taller than a page overflows its foot instead of
 * looping, a run of held headings filling a page is set alone, and a
 * page that holds only a block's repeated items counts as empty (a table
 * header too tall to repeat is not repeated: layout_table.c, ARS-22). The
 * statistics count the widows, orphans, lone table rows and stranded headings
 * as placed.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "layout_flow.h"

/* --- items ------------------------------------------------------------------
 */

lf_item *lf_push(lf_block *b, lf_item it)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        b->v = xrealloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n] = it;
    return &b->v[b->n++];
}

void lf_block_free(lf_block *b)
{
    free(b->v);
    b->v = NULL;
    b->n = b->cap = 0;
}

void lf_no_widows_orphans(lf_block *b)
{
    if (b->n >= 2) {
        b->v[0].keep_next = true;
        b->v[b->n - 2].keep_next = true;
    }
}

/* --- space and held blocks
 * ----------------------------------------------------
 *
 * Vertical space is asked for, not added: a block asks for the space it
 * wants before and after itself, two adjacent requests collapse to the
 * larger, and the space is only added when the next block is placed, so
 * a space that would fall at the top of a page is dropped.
 *
 * A heading is not placed when it is met: it is held (with any headings
 * directly under it) until the block that follows knows the height of its
 * first items, and both go on the page together or both move to the next
 * one. This is the look-ahead of keep-with-next: the following block
 * measures itself (a paragraph's first two lines with their footnotes, a
 * list item's first two lines, a table's caption, header and first rows)
 * instead of the heading guessing.
 */

struct lf_held {
    lf_block b;
    int32_t gap; /* space before it (dropped at a page top) */
    int32_t h;   /* its items */
    int level;
    void (*release)(void *);
    void *owner;
    const doc_node *src; /* the block, for a draft's marks */
};

void pag_space(lctx *c, int32_t s)
{
    if (s > c->space)
        c->space = s;
}

void pag_space_set(lctx *c, int32_t s)
{
    c->space = s;
}

int32_t pag_space_take(lctx *c)
{
    int32_t s = c->space;
    c->space = 0;
    return s;
}

bool pag_at_top(const lctx *c)
{
    return c->y <= c->top;
}

/* The height the held blocks and the space asked for take before the
 * next item of a block placed now. */
static int32_t lead_in(const lctx *c)
{
    bool top = pag_at_top(c);
    int32_t h = 0;
    for (size_t j = 0; j < c->nheld; j++)
        h += (j == 0 && top ? 0 : c->held[j].gap) + c->held[j].h;
    if (c->nheld > 0 || !top)
        h += c->space;
    return h;
}

static void float_flush(lctx *c);

void pag_hold(lctx *c, lf_block *b, int32_t gap, int level,
              void (*release)(void *), void *owner)
{
    if (level <= 1)
        float_flush(c); /* a float never passes a chapter's heading */
    if (c->nheld == c->cap_held) {
        c->cap_held = c->cap_held ? c->cap_held * 2 : 4;
        c->held = xrealloc(c->held, c->cap_held * sizeof *c->held);
    }
    struct lf_held *hd = &c->held[c->nheld++];
    memset(hd, 0, sizeof *hd);
    hd->b = *b;
    memset(b, 0, sizeof *b);
    hd->gap = gap;
    for (size_t k = 0; k < hd->b.n; k++)
        hd->h += hd->b.v[k].h;
    hd->level = level;
    hd->release = release;
    hd->owner = owner;
    layout_mark_begin(c);
    hd->src = c->mark_src;
    c->mark_src = NULL;
}

size_t pag_held(const lctx *c)
{
    return c->nheld;
}

bool pag_quiet(const lctx *c)
{
    if (c->nheld || c->flt || c->ncarry || c->nnotes)
        return false;
    /* every note met is set whole: none waits for its reference's line,
     * none is continued */
    return c->notes_waiting == 0;
}

int pag_held_level(const lctx *c)
{
    return c->nheld ? c->held[c->nheld - 1].level : 0;
}

static void notes_for_item(lctx *c, const lf_item *it, int32_t y_end);

/* Sets one item at the cursor, its notes first given to the foot. */
static void item_set(lctx *c, const lf_item *it, bool repeat)
{
    if (!repeat) {
        notes_for_item(c, it, c->y + it->h);
        layout_mark_set(c, c->y);
    }
    it->emit(c, it, c->y, repeat);
    c->y += it->h;
}

/* Sets a held block: its items one after the other, a page break only
 * where the next does not fit (a heading taller than a page). */
static void held_emit(lctx *c, struct lf_held *hd)
{
    const doc_node *outer = c->mark_src; /* the block it is kept with */
    c->mark_src = hd->src;
    for (size_t k = 0; k < hd->b.n; k++) {
        const lf_item *it = &hd->b.v[k];
        if (k > 0 && c->y + it->h > c->bottom)
            layout_new_page(c);
        item_set(c, it, false);
    }
    c->mark_src = outer;
    lf_block_free(&hd->b);
    if (hd->release)
        hd->release(hd->owner);
}

void pag_flush_held(lctx *c)
{
    for (size_t j = 0; j < c->nheld; j++) {
        /* a run of headings taller than a page */
        if (!pag_at_top(c) && c->y + c->held[j].gap + c->held[j].h > c->bottom)
            layout_new_page(c);
        if (!pag_at_top(c))
            c->y += c->held[j].gap;
        held_emit(c, &c->held[j]);
    }
    c->nheld = 0;
}

void pag_lead_in(lctx *c)
{
    bool any = c->nheld > 0;
    pag_flush_held(c);
    if (any || !pag_at_top(c))
        c->y += c->space;
    c->space = 0;
}

/* --- footnotes ---------------------------------------------------------------
 *
 * A footnote is set at the foot of the page whose line references it,
 * under a short rule, in the note size; the text block of the page
 * shrinks by the height of its foot. A line goes on a page only if its
 * notes fit there too, whole, or the last of them split between lines
 * with at least its first line (two of three or more) on this page; the
 * rest continues at the foot of the next page, before that page's own
 * notes. Notes are numbered through the document (doc_node_seq).
 */

enum {
    NOTE_RULE_GAP = 5000,          /* foot top to the rule */
    NOTE_SEP = 8000,               /* foot top to the first note line */
    NOTE_RULE_W = 40 * MPT_PER_MM, /* a short rule, not the measure */
    MAX_LINE_NOTES = 16
};

struct lnote {
    const doc_node *node;
    frag_list fl;
    line_list ll;
    bool prepared;
    bool started; /* given to a foot (or to the carry) */
    uint32_t se;  /* its Note element, made when its first line is set */
};

/* Lines [from, to) of note seq. */
struct lseg {
    int seq;
    uint32_t from, to;
};

static void fn_reserve(lctx *c, int seq)
{
    if ((size_t)seq < c->cap_fn)
        return;
    size_t cap = c->cap_fn ? c->cap_fn : 16;
    while (cap <= (size_t)seq)
        cap *= 2;
    c->fn = xrealloc(c->fn, cap * sizeof *c->fn);
    memset(c->fn + c->cap_fn, 0, (cap - c->cap_fn) * sizeof *c->fn);
    c->cap_fn = cap;
}

/* Notes met by layout_inline.c since the last call, by number. */
void pag_notes_register(lctx *c)
{
    for (size_t i = 0; i < c->nnotes; i++) {
        int seq = doc_node_seq(c->notes[i]);
        if (seq < 1)
            continue;
        fn_reserve(c, seq);
        if (!c->fn[seq].node) {
            c->fn[seq].node = c->notes[i];
            c->notes_waiting++;
        }
    }
}

static struct lnote *note_get(lctx *c, int seq)
{
    if (seq < 1)
        return NULL;
    if ((size_t)seq >= c->cap_fn || !c->fn[seq].node)
        pag_notes_register(c);
    if ((size_t)seq >= c->cap_fn || !c->fn[seq].node)
        return NULL;
    struct lnote *nt = &c->fn[seq];
    if (!nt->prepared) {
        const layout_style *st = c->st;
        inline_style is = {st->body_font, st->note_size, st->text_color, false,
                           false};
        /* kept until the note is set, maybe pages later: not in the
         * frag arena that is dropped between blocks */
        arena *fa = c->fa;
        c->fa = c->a;
        frags_from_text(c, arena_printf(c->a, "%d\xC2\xA0", seq), is, &nt->fl);
        frags_from_inline(c, nt->node, is, &nt->fl);
        break_lines(c, &nt->fl, c->note_measure, &nt->ll);
        c->fa = fa;
        nt->prepared = true;
    }
    return nt;
}

/* The notes referenced in a line that no foot has taken yet. */
static int line_notes(lctx *c, const frag_list *fl, const line_info *li,
                      int *seqs)
{
    int n = 0;
    for (size_t i = li->start; i < li->end; i++) {
        const frag *f = &fl->v[i];
        if (f->type != FRAG_TEXT || !f->link || f->uri ||
            strncmp(f->link, "fotnot-", 7) != 0)
            continue;
        int seq = atoi(f->link + 7);
        struct lnote *nt = note_get(c, seq);
        if (!nt || nt->started)
            continue;
        bool seen = false;
        for (int k = 0; k < n; k++)
            seen = seen || seqs[k] == seq;
        if (!seen && n < MAX_LINE_NOTES)
            seqs[n++] = seq;
    }
    return n;
}

static void seg_push(struct lseg **v, size_t *n, size_t *cap, struct lseg s)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = s;
}

static void foot_sync(lctx *c)
{
    c->bottom = c->page_bottom - c->foot_h;
}

typedef struct {
    int32_t h;
    bool full;
} foot_state;

/* Whether a line ending at y_end fits on the page with its notes, given
 * the foot fs (updated). */
static bool notes_fit(lctx *c, foot_state *fs, const int *seqs, int n,
                      int32_t y_end)
{
    int32_t nl = c->st->note_leading;
    if (n == 0 || fs->full) /* no notes, or they go to the next page */
        return y_end + fs->h <= c->page_bottom;
    int32_t hdr = fs->h == 0 ? NOTE_SEP : 0;
    int32_t room = c->page_bottom - y_end - fs->h - hdr;
    if (room < 0)
        return false;
    /* nl is checked by the style (STIL-09); a leading of 0 would make the
     * notes take no room rather than divide by it */
    int avail = nl > 0 ? room / nl : INT_MAX, total = 0, lastn = 0;
    for (int k = 0; k < n; k++) {
        lastn = (int)c->fn[seqs[k]].ll.n;
        total += lastn;
    }
    if (avail >= total) {
        fs->h += hdr + total * nl;
        return true;
    }
    /* the last note split: at least one line here, two of three or more */
    int first = lastn >= 3 ? 2 : 1;
    if (lastn < 2 || avail < total - lastn + first)
        return false;
    fs->h += hdr + avail * nl;
    fs->full = true;
    return true;
}

/* Gives the notes of a line ending at y_end to the foot: as many lines as
 * fit (none when nothing fits: a line placed anyway), the rest to the
 * next page. When notes_fit said yes, this does what it measured. */
static void notes_take(lctx *c, const int *seqs, int n, int32_t y_end)
{
    int32_t nl = c->st->note_leading;
    for (int k = 0; k < n; k++) {
        struct lnote *nt = &c->fn[seqs[k]];
        uint32_t lines = (uint32_t)nt->ll.n, take = 0;
        if (!nt->started)
            c->notes_waiting--;
        nt->started = true;
        if (!c->foot_full) {
            int32_t hdr = c->foot_h == 0 ? NOTE_SEP : 0;
            int32_t room = c->page_bottom - y_end - c->foot_h - hdr;
            take = room <= 0 ? 0 : nl > 0 ? (uint32_t)(room / nl) : lines;
            if (take > lines)
                take = lines;
            if (take > 0) {
                seg_push(&c->foot, &c->nfoot, &c->cap_foot,
                         (struct lseg){seqs[k], 0, take});
                c->foot_h += hdr + (int32_t)take * nl;
            }
        }
        if (take < lines) {
            seg_push(&c->carry, &c->ncarry, &c->cap_carry,
                     (struct lseg){seqs[k], take, lines});
            c->foot_full = true;
        }
    }
    foot_sync(c);
}

/* Notes whose reference was set without a look at the foot (in a table):
 * to the foot of the current page, or continued on the next. */
void pag_notes_unplaced(lctx *c)
{
    for (size_t i = 0; i < c->nnotes; i++) {
        int seq = doc_node_seq(c->notes[i]);
        struct lnote *nt = note_get(c, seq);
        if (nt && !nt->started)
            notes_take(c, &seq, 1, c->y);
    }
}

static int32_t cell_notes_lines(lctx *c, const frag_list *fl,
                                const line_list *ll)
{
    int32_t lines = 0;
    int seqs[MAX_LINE_NOTES];
    for (size_t i = 0; i < ll->n; i++) {
        int n = line_notes(c, fl, &ll->v[i], seqs);
        for (int k = 0; k < n; k++)
            lines += (int32_t)c->fn[seqs[k]].ll.n;
    }
    return lines;
}

static int32_t cell_notes_height(const lctx *c, int32_t lines)
{
    if (lines <= 0 || c->foot_full)
        return 0; /* nothing, or all of it goes to the next page */
    return (c->foot_h == 0 ? NOTE_SEP : 0) + lines * c->st->note_leading;
}

static void cell_notes_take(lctx *c, const frag_list *fl, const line_list *ll,
                            int32_t y_end)
{
    int seqs[MAX_LINE_NOTES];
    for (size_t i = 0; i < ll->n; i++) {
        int n = line_notes(c, fl, &ll->v[i], seqs);
        notes_take(c, seqs, n, y_end);
    }
}

/* Sets the foot of the current page: the rule, then the note lines. */
static void foot_emit(lctx *c)
{
    const layout_style *st = c->st;
    if (c->nfoot == 0)
        return;
    int32_t y = c->page_bottom - c->foot_h;
    layout_add_rule(c, c->pg, c->x0, y + NOTE_RULE_GAP, NOTE_RULE_W, 400,
                    st->rule_color);
    y += NOTE_SEP;
    for (size_t i = 0; i < c->nfoot; i++) {
        const struct lseg *sg = &c->foot[i];
        struct lnote *nt = &c->fn[sg->seq];
        if (sg->from == 0) {
            lbox *d = page_add(c, c->pg, LBOX_DEST);
            d->x = c->x0;
            d->y = y;
            d->target = arena_printf(c->a, "fotnot-%d", sg->seq);
            c->ld->stats.footnotes++;
        }
        /* a Note under the Document: read after the text it is set under
         * (the foot of the page it is referenced on) */
        if (!nt->se)
            nt->se = layout_se_new(c, "Note", 1);
        uint32_t saved = c->se;
        c->se = nt->se;
        for (uint32_t l = sg->from; l < sg->to; l++) {
            emit_line(c, c->pg, &nt->fl, &nt->ll.v[l], c->x0,
                      layout_baseline(y, st->note_leading, st->note_size),
                      c->note_measure, true, 0, false);
            y += st->note_leading;
        }
        c->se = saved;
    }
    c->nfoot = 0;
}

/* The notes continued from the previous page open the new page's foot,
 * up to half the text block; what does not fit waits for the next. */
static void foot_start(lctx *c)
{
    int32_t nl = c->st->note_leading;
    c->nfoot = 0;
    c->foot_h = 0;
    c->foot_full = false;
    if (c->ncarry > 0) {
        int32_t cap = (c->page_bottom - c->top) / 2 - NOTE_SEP;
        uint32_t room = cap > nl && nl > 0 ? (uint32_t)(cap / nl) : 1, used = 0;
        size_t k = 0;
        for (; k < c->ncarry && used < room; k++) {
            struct lseg *sg = &c->carry[k];
            uint32_t take = sg->to - sg->from;
            if (take > room - used)
                take = room - used;
            seg_push(&c->foot, &c->nfoot, &c->cap_foot,
                     (struct lseg){sg->seq, sg->from, sg->from + take});
            used += take;
            sg->from += take;
            if (sg->from < sg->to)
                break; /* the rest of this one stays in the carry */
        }
        memmove(c->carry, c->carry + k, (c->ncarry - k) * sizeof *c->carry);
        c->ncarry -= k;
        c->foot_h = NOTE_SEP + (int32_t)used * nl;
        c->foot_full = c->ncarry > 0;
    }
    foot_sync(c);
}

/* --- pages ------------------------------------------------------------------
 */

/* A heading is stranded when nothing of its section follows it on its
 * page: it is the last heading there, no content comes after it, and its
 * section has content (an empty section's heading cannot be kept with
 * anything; STR-02 warns about it). Counted on the boxes placed. */
static void count_stranded(lctx *c)
{
    const lpage *pg = c->pg;
    if (c->heading_end == 0 || !c->heading_content)
        return;
    for (size_t i = c->heading_end; i < pg->n; i++) {
        const lbox *b = &pg->boxes[i];
        if (!b->artifact && (b->kind == LBOX_TEXT || b->kind == LBOX_RULE ||
                             b->kind == LBOX_RECT || b->kind == LBOX_IMAGE))
            return;
    }
    c->ld->stats.stranded_headings++;
}

static void finish_page(lctx *c)
{
    if (!c->pg)
        return;
    if (!c->ending)
        count_stranded(c);
    c->heading_end = 0;
    foot_emit(c);
}

/* The page and its text block, portrait or landscape (mpt). A landscape
 * page is the portrait sheet turned a quarter clockwise, as a broadside
 * table is in a book (the reader turns the book clockwise to read it):
 * the bound edge, the inner margin on the left of a portrait page, is at
 * the top, the outer margin at the foot, the portrait foot margin on the
 * left and the portrait head margin on the right. Every margin stays on
 * its physical edge of the sheet, so a turned page bound with the others
 * keeps its binding margin on the bound edge. The PDF page itself is
 * landscape (its MediaBox, no /Rotate), so that it reads upright on a
 * screen. */
page_frame layout_page_frame(const layout_style *st, bool landscape)
{
    if (!landscape)
        return (page_frame){
            st->page_w,       st->page_h,
            st->margin_inner, st->page_w - st->margin_inner - st->margin_outer,
            st->margin_top,   st->page_h - st->margin_bottom};
    return (page_frame){
        st->page_h,        st->page_w,
        st->margin_bottom, st->page_h - st->margin_bottom - st->margin_top,
        st->margin_inner,  st->page_w - st->margin_outer};
}

/* Makes pg a portrait or landscape page and its text block the one the
 * cursor works in (a foot already started keeps its height). */
static void frame_use(lctx *c, lpage *pg, bool landscape)
{
    page_frame f = layout_page_frame(c->st, landscape);
    pg->width = f.w;
    pg->height = f.h;
    pg->landscape = landscape;
    c->x0 = f.x0;
    c->measure = f.measure;
    c->top = f.top;
    c->page_bottom = f.bottom;
    if (landscape)
        c->ld->stats.landscape_pages++;
}

static void float_set(lctx *c);

void layout_stream_page(lctx *c, size_t i)
{
    lpage *pg = &c->ld->pages[i];
    if (!c->sink || pg->sent || (c->holding && i >= c->hold_from))
        return;
    pg->sent = true;
    c->sink->page(c->sink->ctx, c->ld, i);
    layout_page_release(pg);
}

void layout_new_page(lctx *c)
{
    finish_page(c); /* its foot in its own frame */
    if (c->pg && c->sink)
        layout_stream_page(c, (size_t)(c->pg - c->ld->pages));
    else if (c->pg)
        layout_page_trim(c->pg);
    layout_doc *ld = c->ld;
    if (ld->npages == c->cap_pages) {
        c->cap_pages = c->cap_pages ? c->cap_pages * 2 : 16;
        ld->pages = xrealloc(ld->pages, c->cap_pages * sizeof *ld->pages);
    }
    lpage *pg = &ld->pages[ld->npages++];
    memset(pg, 0, sizeof *pg);
    frame_use(c, pg, c->landscape);
    /* printed numbers count from the first page after the cover */
    pg->number = (int)ld->npages - (ld->pages[0].cover ? 1 : 0);
    c->pg = pg;
    c->y = c->top;
    foot_start(c);
    if (c->flt && !c->landscape && !c->ending)
        float_set(c);
}

int32_t layout_page_measure(const lctx *c, bool landscape)
{
    return layout_page_frame(c->st, landscape).measure;
}

/* Sets what follows on landscape pages of its own: the current page ends
 * (a page with nothing on it yet is turned instead) and every page
 * layout_new_page starts is landscape until pag_landscape_end; the flow
 * then resumes on a new portrait page. */
static void landscape_begin(lctx *c)
{
    if (c->landscape)
        return;
    float_flush(c);
    c->landscape = true;
    c->break_before = false;
    if (pag_at_top(c) && c->pg->n == 0) {
        /* nothing on the page yet (notes continued to its foot are set
         * when it ends): turn it rather than leave it empty */
        frame_use(c, c->pg, true);
        c->y = c->top;
        foot_sync(c);
    } else {
        layout_new_page(c);
    }
}

/* After a table on landscape pages the flow resumes on a new portrait
 * page, started by the next block (none at the end of the document). */
void pag_landscape_end(lctx *c)
{
    if (!c->landscape)
        return;
    c->landscape = false;
    c->break_before = true;
}

/* Counts a page the flow leaves more than a quarter empty (layout_stats
 * empty_pages): called where a block or a held heading moves on, not at a
 * chapter's end or an explicit break. */
static void count_flow_break(lctx *c)
{
    int64_t text = c->page_bottom - c->top;
    /* a chapter's heading held: the page ends its chapter */
    if (c->nheld > 0 && c->held[0].level <= 1)
        return;
    if (c->pg && text > 0 && (int64_t)(c->bottom - c->y) * 4 > text)
        c->ld->stats.empty_pages++;
}

/* --- floats -----------------------------------------------------------------
 *
 * A figure or chart (LF_FLOAT) that does not fit where it comes, with
 * more than a quarter of the page left, is deferred, as LaTeX's float: the
 * blocks after it fill the page and it is set at the top of the next page
 * the flow starts. One at a time, and never past a chapter's heading, a
 * page break, a block that starts a page or is turned, another figure or
 * the document's end: each of them sets it first, at the top of a page of
 * its own start. Its structure element keeps its parent and is marked as
 * read before the first element made after it was deferred
 * (lelem.reads_before), so the tagged reading order stays the source's.
 */
struct lf_float {
    lf_item *v;
    size_t n;
    void (*release)(void *);
    void *owner;
    uint32_t se;        /* the element it is placed in */
    uint32_t next_elem; /* the first element made after it was deferred */
    const doc_node *mark_src;
};

static void float_free(struct lf_float *f)
{
    free(f->v);
    if (f->release)
        f->release(f->owner);
    free(f);
}

/* Sets the deferred float at the cursor (a page's top), then the space
 * after it. */
static void float_set(lctx *c)
{
    struct lf_float *f = c->flt;
    c->flt = NULL;
    uint32_t saved = c->se;
    const doc_node *outer = c->mark_src;
    c->se = f->se;
    c->mark_src = f->mark_src;
    size_t e0 = c->ld->nelems;
    for (size_t k = 0; k < f->n; k++)
        item_set(c, &f->v[k], false);
    for (size_t e = e0; e < c->ld->nelems && f->next_elem < e0; e++)
        if (layout_elem(c->ld, e)->parent == f->se)
            layout_elem(c->ld, e)->reads_before = f->next_elem;
    c->se = saved;
    c->mark_src = outer;
    int32_t sp =
        c->space > c->st->figure_space ? c->space : c->st->figure_space;
    c->space = 0;
    c->y += sp;
    float_free(f);
}

/* A new page where the flow breaks, counted when it leaves the page more
 * than a quarter empty (a deferred float goes to the new page's top). */
static void flow_new_page(lctx *c)
{
    count_flow_break(c);
    layout_new_page(c);
}

/* Sets the deferred float now, at the top of the next page (this one when
 * nothing is on it). The page it ends is counted as a flow break (the
 * float that did not fit follows it in its chapter). */
static void float_flush(lctx *c)
{
    if (!c->flt)
        return;
    if (!pag_at_top(c)) {
        count_flow_break(c);
        layout_new_page(c); /* sets it */
    } else {
        float_set(c);
    }
}

/* Defers b (LF_FLOAT, h high) when it does not fit, nothing is held for
 * it, no float waits, and more than a quarter of the page is left; the
 * paginator then owns b's items and what they point to. */
static bool float_defer(lctx *c, const lf_block *b, int32_t h)
{
    int64_t text = c->page_bottom - c->top;
    if (!(b->flags & LF_FLOAT) || c->nheld > 0 || c->landscape || c->flt ||
        pag_at_top(c) || c->y + lead_in(c) + h <= c->bottom ||
        (int64_t)(c->bottom - c->y) * 4 <= text)
        return false;
    struct lf_float *f = xmalloc(sizeof *f);
    f->v = xmalloc(b->n * sizeof *f->v);
    memcpy(f->v, b->v, b->n * sizeof *f->v);
    f->n = b->n;
    f->release = b->release;
    f->owner = b->owner;
    f->se = c->se;
    f->next_elem = (uint32_t)c->ld->nelems;
    f->mark_src = c->mark_src;
    c->mark_src = NULL;
    c->flt = f;
    c->deferred = true;
    return true;
}

/* Claims room for the first h mpt of a block placed whole or with a
 * claim: a new page unless the space asked for, the held blocks and h fit
 * above the foot (or the cursor is at a top), then the held blocks and
 * the space are set. */
static void ensure_room(lctx *c, int32_t h)
{
    if (c->y + lead_in(c) + h > c->bottom && !pag_at_top(c))
        flow_new_page(c);
    pag_lead_in(c);
}

/* --- placing blocks
 * -----------------------------------------------------------
 */

static void notes_for_item(lctx *c, const lf_item *it, int32_t y_end)
{
    if (!it->fl || !it->li)
        return;
    int seqs[MAX_LINE_NOTES];
    int n = line_notes(c, it->fl, it->li, seqs);
    notes_take(c, seqs, n, y_end);
}

/* How many items from i fit on the page when the first starts at y, each
 * with its footnotes and the room it keeps under it. */
static size_t items_fitting(lctx *c, const lf_block *b, size_t i, int32_t y,
                            int32_t top_y)
{
    foot_state fs = {c->foot_h, c->foot_full};
    size_t fit = 0;
    int seqs[MAX_LINE_NOTES];
    for (; i + fit < b->n; fit++) {
        const lf_item *it = &b->v[i + fit];
        int n = it->fl && it->li ? line_notes(c, it->fl, it->li, seqs) : 0;
        if (y > top_y)
            y += it->gap; /* dropped at the top of a page */
        y += it->h;
        if (!notes_fit(c, &fs, seqs, n, y + it->room_after))
            break;
    }
    return fit;
}

/* TeX's \brokenpenalty: a page that would end in a hyphenated line ends
 * up to three lines earlier where the producer allows that, or, for a
 * block's first lines (i 0), before the block; take: the items of
 * [i, ...) the page takes. Returns the new take (take itself when there
 * is no such place, 0 for a page break before the block). */
static size_t unbroken_take(const lf_block *b, size_t i, size_t take)
{
    const lf_item *last = &b->v[i + take - 1];
    if (!last->li || !last->li->hyphenated || last->li->uncounted)
        return take;
    for (size_t t = take - 1; t > 0 && take - t <= 3; t--) {
        const lf_item *it = &b->v[i + t - 1];
        if (!it->keep_next && it->li && !it->li->hyphenated)
            return t;
    }
    return i == 0 && take <= 3 ? 0 : take;
}

/* The foot of a page the block breaks at, the new page, and the items
 * it repeats at the top of the next, as artifacts (the reader met them on
 * the block's first page). */
static void block_continue(lctx *c, const lf_block *b)
{
    uint32_t saved = c->se;
    c->se = 0;
    if (b->brk)
        b->brk->emit(c, b->brk, c->y, true);
    flow_new_page(c);
    for (size_t k = 0; k < b->nrep; k++)
        item_set(c, &b->rep[k], true);
    c->se = saved;
}

/* --- rows
 * ---------------------------------------------------------------------
 *
 * A table's rows are set one after the other; where a row does not fit,
 * the block continues on a new page under its repeated items. Before a
 * row is set the look-ahead finds the next break and moves it back to the
 * last row the producer allows a page to start with (avoid_break on the
 * row before), keeping two rows before it, and leaves it where it fell
 * when there is none. A row taller than a page (less the repeated items)
 * is split, line by line, at least two lines on a page unless it starts
 * the page; so is a row that moved on would leave more than a quarter of
 * the page empty, when two of its lines fit and two go on. Footnotes referenced
 * in a row's cells count as part of the row; the look-ahead measures later rows
 * with the foot as it stands, and the setting loop still breaks before any row
 * that does not fit, so a wrong guess costs a rule, never an overfull page.
 */

static int32_t row_note_lines(lctx *c, const lf_item *it)
{
    int32_t lines = 0;
    for (size_t k = 0; k < it->nrefs; k++)
        lines += cell_notes_lines(c, it->refs[k].fl, it->refs[k].ll);
    return lines;
}

/* The height row it needs on the current page: itself, its notes (as the
 * foot stands now) and the room it keeps under it. */
static int32_t row_need(lctx *c, const lf_item *it)
{
    return it->h + cell_notes_height(c, row_note_lines(c, it)) + it->room_after;
}

/* Gives the notes of lines [l0, l0 + n) of a row's cells (n < 0: all) to
 * the foot, the row ending at y_end. */
static void row_notes_take(lctx *c, const lf_item *it, int32_t l0, int32_t n,
                           int32_t y_end)
{
    for (size_t k = 0; k < it->nrefs; k++) {
        const line_list *ll = it->refs[k].ll;
        if (n < 0) {
            cell_notes_take(c, it->refs[k].fl, ll, y_end);
            continue;
        }
        size_t a = (size_t)l0 < ll->n ? (size_t)l0 : ll->n;
        size_t e = (size_t)(l0 + n) < ll->n ? (size_t)(l0 + n) : ll->n;
        /* an empty cell's list may have no array at all */
        line_list part = {ll->v ? ll->v + a : NULL, e - a, 0};
        cell_notes_take(c, it->refs[k].fl, &part, y_end);
    }
}

static int32_t cont_top(const lctx *c, const lf_block *b)
{
    return c->top + b->cont_top_h;
}

/* Whether a row that does not fit at y is split there rather than moved
 * on: moving it would leave more than a quarter of the page empty (as
 * count_flow_break counts), and at least two of its lines fit here and
 * two go on. */
static bool row_splits_here(const lctx *c, const lf_item *it, int32_t y)
{
    int64_t text = c->page_bottom - c->top;
    if (!it->emit_part || it->unit <= 0 || (int64_t)(c->bottom - y) * 4 <= text)
        return false;
    int32_t lines = (it->h - it->pad) / it->unit;
    int32_t fit = (c->bottom - y - it->pad) / it->unit;
    return fit >= 2 && lines - fit >= 2;
}

/* The row before which the page that holds row `from` at y ends, or
 * rows_to when the rest fits. */
static size_t next_break(lctx *c, const lf_block *b, size_t from, int32_t y)
{
    size_t n = b->rows_to, i = from;
    for (; i < n; i++) {
        if (y + row_need(c, &b->v[i]) > c->bottom)
            break;
        y += b->v[i].h;
    }
    if (i >= n)
        return n;
    if (b->v[i].h > c->page_bottom - cont_top(c, b))
        return i + 1; /* too tall for any page: split where it starts */
    if (row_splits_here(c, &b->v[i], y))
        return i + 1; /* split rather than leave the page a quarter empty */
    if (i < from + 2)
        return i;
    for (size_t k = i; k >= from + 2; k--)
        if (!b->v[k - 1].avoid_break)
            return k;
    return i;
}

/* Sets a row whole, or, when it is taller than the room left and than a
 * page, split line by line; returns whether it was split. */
static bool row_set(lctx *c, const lf_block *b, const lf_item *it)
{
    /* the leading comes from a checked size (STIL-09), never 0 */
    int32_t lead = it->unit > 0 ? it->unit : 1;
    int32_t lines = (it->h - it->pad) / lead, l0 = 0;
    for (;;) {
        int32_t room = c->bottom - c->y - it->pad;
        int32_t fit = room > 0 ? room / lead : 0, rest = lines - l0;
        if (l0 == 0 &&
            (fit >= rest || it->h <= c->bottom - c->y || !it->emit_part)) {
            layout_mark_set(c, c->y);
            it->emit(c, it, c->y, false);
            c->y += it->h;
            row_notes_take(c, it, 0, -1, c->y);
            return false;
        }
        if (fit >= rest) {
            fit = rest;
        } else if (fit < 2 && c->y > cont_top(c, b)) {
            block_continue(c, b);
            continue;
        }
        if (fit < 1)
            fit = 1; /* not one line fits an empty page: set one anyway */
        layout_mark_set(c, c->y);
        it->emit_part(c, it, c->y, l0, fit);
        c->y += fit * it->unit + it->pad;
        row_notes_take(c, it, l0, fit, c->y);
        l0 += fit;
        if (l0 >= lines)
            return true;
        block_continue(c, b);
        c->ld->stats.table_breaks++;
    }
}

static void place_rows(lctx *c, const lf_block *b)
{
    if (b->claim > 0)
        ensure_room(c, b->claim);
    else
        pag_lead_in(c);
    for (size_t k = 0; k < b->head_from; k++)
        item_set(c, &b->v[k], false);
    for (size_t k = b->head_from; k < b->head_to; k++) {
        if (b->head_whole) {
            layout_mark_set(c, c->y);
            b->v[k].emit(c, &b->v[k], c->y, false);
            c->y += b->v[k].h;
        } else {
            row_set(c, b, &b->v[k]);
        }
    }
    for (size_t k = b->head_to; k < b->rows_from; k++)
        item_set(c, &b->v[k], false);
    size_t n = b->rows_to, i = b->rows_from;
    size_t brk = next_break(c, b, i, c->y);
    layout_stats *ls = &c->ld->stats;
    size_t seg = 0; /* rows set whole in this part of the block */
    bool broken = false;
    while (i < n) {
        int32_t top = cont_top(c, b);
        bool cont = false;
        if (i == brk && i > b->rows_from && c->y > top) {
            cont = true;
        } else if (c->y + row_need(c, &b->v[i]) > c->bottom && c->y > top &&
                   row_need(c, &b->v[i]) <= c->page_bottom - top &&
                   !(i + 1 == brk && row_splits_here(c, &b->v[i], c->y))) {
            /* the look-ahead measured the foot as it stood; it grew */
            cont = true;
        }
        if (cont) {
            block_continue(c, b);
            brk = next_break(c, b, i, c->y);
            ls->table_breaks++;
            if (seg < 2 || b->v[i].lone_first)
                ls->lone_table_rows++;
            seg = 0;
            broken = true;
        }
        if (row_set(c, b, &b->v[i])) {
            /* a split row: its parts are not lone rows, and the next
             * break is measured from where it ended */
            seg = 2;
            broken = true;
            i++;
            brk = next_break(c, b, i, c->y);
            continue;
        }
        seg++;
        i++;
    }
    if (broken && seg < 2)
        ls->lone_table_rows++;
    /* the rest: a page break before any that does not fit */
    for (size_t k = n; k < b->n; k++) {
        const lf_item *it = &b->v[k];
        if (!b->v[k - 1].keep_next && c->y + it->h > c->bottom)
            layout_new_page(c);
        item_set(c, it, false);
    }
}

/* The last allowed break in items [i, i + fit): the number of items to
 * take, 0 when the producer allows none there. */
static size_t last_break(const lf_block *b, size_t i, size_t fit)
{
    for (size_t k = i + fit; k-- > i;)
        if (!b->v[k].keep_next)
            return k - i + 1;
    return 0;
}

static void place_block(lctx *c, const lf_block *b);

void pag_place(lctx *c, const lf_block *b)
{
    c->deferred = false;
    place_block(c, b);
    if (!c->deferred && b->release)
        b->release(b->owner);
}

bool pag_deferred(const lctx *c)
{
    return c->deferred;
}

static void place_block(lctx *c, const lf_block *b)
{
    layout_mark_begin(c);
    if (b->n == 0)
        return;
    if (b->flags & LF_LANDSCAPE)
        landscape_begin(c);
    else if (b->flags & LF_NEW_PAGE)
        pag_new_page(c);
    if (b->flags & LF_ROWS) {
        place_rows(c, b);
        if (b->flags & LF_LANDSCAPE)
            pag_landscape_end(c);
        return;
    }
    if (b->flags & LF_WHOLE) {
        int32_t h = 0;
        for (size_t k = 0; k < b->n; k++)
            h += b->v[k].h;
        float_flush(c); /* figures in their order */
        if (float_defer(c, b, h))
            return;
        ensure_room(c, h);
        for (size_t k = 0; k < b->n; k++)
            item_set(c, &b->v[k], false);
        if (b->flags & LF_LANDSCAPE)
            pag_landscape_end(c);
        return;
    }
    size_t i = 0, first_chunk = 0, last_chunk = 0, chunks = 0;
    int32_t cont_y = c->top; /* under the items repeated on this page */
    while (i < b->n) {
        bool top = pag_at_top(c) || c->y <= cont_y;
        int32_t top_y = cont_y > c->top ? cont_y : c->top;
        size_t fit = items_fitting(c, b, i, c->y + lead_in(c), top_y);
        size_t take = fit;
        if (i + fit < b->n) {
            take = last_break(b, i, fit);
            if (take == 0) {
                if (!top) {
                    if (i > 0) {
                        block_continue(c, b);
                    } else {
                        flow_new_page(c);
                    }
                    cont_y = c->y;
                    continue;
                }
                take = fit; /* an empty page: a rule gives way */
            }
            if (take > 0 && !top) {
                take = unbroken_take(b, i, take);
                if (take == 0) {
                    flow_new_page(c);
                    cont_y = c->y;
                    continue;
                }
            }
            if (take == 0) {
                if (c->nheld > 0) {
                    /* held headings filling the page: set them alone */
                    pag_lead_in(c);
                    layout_new_page(c);
                    continue;
                }
                take = 1; /* an item taller than the page */
            }
        }
        pag_lead_in(c);
        for (size_t k = 0; k < take; k++, i++) {
            if (c->y > top_y)
                c->y += b->v[i].gap;
            item_set(c, &b->v[i], false);
        }
        if (chunks++ == 0)
            first_chunk = take;
        last_chunk = take;
        if (i < b->n) {
            const lf_item *end = &b->v[i - 1];
            if (end->li && end->li->hyphenated && !end->li->uncounted)
                c->ld->stats.broken_words++;
            block_continue(c, b);
            cont_y = c->y;
        }
    }
    if ((b->flags & LF_COUNT_WIDOWS) && chunks > 1) {
        c->ld->stats.orphans += first_chunk == 1;
        c->ld->stats.widows += last_chunk == 1;
    }
    if (b->flags & LF_LANDSCAPE)
        pag_landscape_end(c);
}

void pag_new_page(lctx *c)
{
    float_flush(c);
    if (c->nheld > 0)
        pag_lead_in(c);
    if (!pag_at_top(c))
        layout_new_page(c);
}

void pag_own_page(lctx *c)
{
    float_flush(c);
    c->landscape = false;
    c->ending = true;
    layout_new_page(c);
    c->space = 0;
}

void pag_need(lctx *c, int32_t h)
{
    if (!pag_at_top(c) && c->y + h > c->bottom)
        layout_new_page(c);
}

void pag_page_break(lctx *c)
{
    /* a page break ends the page; none on an empty page */
    if (c->nheld > 0)
        pag_lead_in(c);
    float_flush(c);
    c->break_before = !pag_at_top(c);
    c->space = 0;
}

void pag_block_start(lctx *c)
{
    if (!c->break_before)
        return;
    c->break_before = false;
    if (!pag_at_top(c))
        layout_new_page(c);
}

void pag_finish(lctx *c)
{
    pag_lead_in(c);
    float_flush(c);
    pag_notes_register(c);
    for (size_t seq = 1;; seq++) {
        pag_notes_register(c); /* notes inside notes, met just now */
        c->nnotes = 0;
        if (seq >= c->cap_fn)
            break;
        int s = (int)seq;
        struct lnote *nt = note_get(c, s);
        if (nt && !nt->started)
            notes_take(c, &s, 1, c->y);
    }
    c->ending = true;
    while (c->ncarry > 0)
        layout_new_page(c);
    finish_page(c);
}

void pag_free(lctx *c)
{
    for (size_t i = 0; i < c->cap_fn; i++) {
        free(c->fn[i].fl.v);
        free(c->fn[i].ll.v);
    }
    free(c->fn);
    for (size_t i = 0; i < c->nheld; i++) {
        lf_block_free(&c->held[i].b);
        if (c->held[i].release)
            c->held[i].release(c->held[i].owner);
    }
    free(c->held);
    if (c->flt)
        float_free(c->flt);
    c->flt = NULL;
    free(c->line_items);
    free(c->foot);
    free(c->carry);
}
