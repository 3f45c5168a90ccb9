/*
 * layout.c: the block flow. Walks the model in reading order and places
 * headings, paragraphs, lists, quotations and tables on pages: headings
 * kept with the first lines of what follows, no widows or orphans, a list
 * item's first two lines together, footnotes at the foot of the page that
 * references them, vertical space from the style that collapses between
 * blocks and vanishes at a page top, explicit page breaks. Then it adds
 * the running header and the "Sida X av Y" footer as artifacts and builds
 * the outline. A table too wide for the portrait text block is set on
 * landscape pages of its own (layout_landscape_begin), the flow resuming
 * on a new portrait page after it. The widows, orphans and stranded
 * headings it could not avoid are counted in the statistics, as placed.
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

/* --- space and pending headings ---------------------------------------------
 *
 * Vertical space is asked for, not added: a block asks for the space it
 * wants before and after itself, two adjacent requests collapse to the
 * larger, and the space is only added when the next block is placed, so
 * a space that would fall at the top of a page is dropped.
 *
 * A heading is not placed when it is met: it waits (with any headings
 * directly under it) until the block that follows knows the height of its
 * first lines, and both go on the page together or both move to the next
 * one. This is the look-ahead of keep-with-next: the following block
 * measures itself (a paragraph's first two lines with their footnotes, a
 * list item's first two lines, a table's caption, header and first rows)
 * instead of the heading guessing.
 */

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

struct lheading {
    const doc_node *sec;
    frag_list fl;
    line_list ll;
    int32_t size, leading;
    int32_t gap; /* space before it (dropped at a page top) */
    int32_t h;   /* its lines */
    int depth;
    const char *title; /* outline text */
    uint32_t se;       /* its structure element (H1..H6) */
};

static void space_request(lctx *c, int32_t s)
{
    if (s > c->space)
        c->space = s;
}

static bool at_page_top(const lctx *c)
{
    return c->y <= c->top;
}

/* The height the waiting headings and the space asked for take before
 * the next line of a block placed now. */
static int32_t lead_in(const lctx *c)
{
    bool top = at_page_top(c);
    int32_t h = 0;
    for (size_t j = 0; j < c->npend; j++)
        h += (j == 0 && top ? 0 : c->pend[j].gap) + c->pend[j].h;
    if (c->npend > 0 || !top)
        h += c->space;
    return h;
}

static void heading_emit(lctx *c, struct lheading *hd);

/* Places the waiting headings and the space asked for. */
static void pend_emit(lctx *c)
{
    for (size_t j = 0; j < c->npend; j++) {
        /* a run of headings taller than a page */
        if (!at_page_top(c) && c->y + c->pend[j].gap + c->pend[j].h > c->bottom)
            layout_new_page(c);
        if (!at_page_top(c))
            c->y += c->pend[j].gap;
        heading_emit(c, &c->pend[j]);
    }
    c->npend = 0;
}

static void lead_in_emit(lctx *c)
{
    bool any = c->npend > 0;
    pend_emit(c);
    if (any || !at_page_top(c))
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
static void notes_register(lctx *c)
{
    for (size_t i = 0; i < c->nnotes; i++) {
        int seq = doc_node_seq(c->notes[i]);
        if (seq < 1)
            continue;
        fn_reserve(c, seq);
        if (!c->fn[seq].node)
            c->fn[seq].node = c->notes[i];
    }
}

static struct lnote *note_get(lctx *c, int seq)
{
    if (seq < 1)
        return NULL;
    if ((size_t)seq >= c->cap_fn || !c->fn[seq].node)
        notes_register(c);
    if ((size_t)seq >= c->cap_fn || !c->fn[seq].node)
        return NULL;
    struct lnote *nt = &c->fn[seq];
    if (!nt->prepared) {
        const layout_style *st = c->st;
        inline_style is = {st->body_font, st->note_size, st->text_color, false,
                           false};
        frags_from_text(c, arena_printf(c->a, "%d\xC2\xA0", seq), is, &nt->fl);
        frags_from_inline(c, nt->node, is, &nt->fl);
        break_lines(c, &nt->fl, c->note_measure, &nt->ll);
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
static void notes_take_unplaced(lctx *c)
{
    for (size_t i = 0; i < c->nnotes; i++) {
        int seq = doc_node_seq(c->notes[i]);
        struct lnote *nt = note_get(c, seq);
        if (nt && !nt->started)
            notes_take(c, &seq, 1, c->y);
    }
}

int32_t layout_notes_lines(lctx *c, const frag_list *fl, const line_list *ll)
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

int32_t layout_notes_height(const lctx *c, int32_t lines)
{
    if (lines <= 0 || c->foot_full)
        return 0; /* nothing, or all of it goes to the next page */
    return (c->foot_h == 0 ? NOTE_SEP : 0) + lines * c->st->note_leading;
}

void layout_notes_take(lctx *c, const frag_list *fl, const line_list *ll,
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
    add_rule(c, c->pg, c->x0, y + NOTE_RULE_GAP, NOTE_RULE_W, 400,
             st->rule_color, false);
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
typedef struct {
    int32_t w, h, x0, measure, top, bottom;
} page_frame;

static page_frame frame_of(const layout_style *st, bool landscape)
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
    page_frame f = frame_of(c->st, landscape);
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

void layout_new_page(lctx *c)
{
    finish_page(c); /* its foot in its own frame */
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
}

int32_t layout_page_measure(const lctx *c, bool landscape)
{
    return frame_of(c->st, landscape).measure;
}

void layout_landscape_begin(lctx *c)
{
    if (c->landscape)
        return;
    c->landscape = true;
    c->break_before = false;
    if (at_page_top(c) && c->pg->n == 0) {
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
static void landscape_end(lctx *c)
{
    if (!c->landscape)
        return;
    c->landscape = false;
    c->break_before = true;
}

void layout_ensure(lctx *c, int32_t h)
{
    if (c->y + lead_in(c) + h > c->bottom && !at_page_top(c))
        layout_new_page(c);
    lead_in_emit(c);
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
 */

typedef struct {
    int32_t x, measure, leading, size;
    bool justify;
    int align;
    bool para;            /* a paragraph: count its widows and orphans */
    const frag_list *lab; /* a list item's label, set with its first line */
    const line_info *labl;
    int32_t lab_x, lab_w;
    int32_t keep_after; /* room the last line keeps under it on its page
                           (for a quotation's source) */
    uint32_t lab_se;    /* the label's structure element (Lbl), or 0 */
} line_fmt;

/* How many lines from i fit on the page when the first starts at y, each
 * with its footnotes. */
static size_t lines_fitting(lctx *c, const frag_list *fl, const line_list *ll,
                            size_t i, const line_fmt *lf, int32_t y)
{
    foot_state fs = {c->foot_h, c->foot_full};
    size_t fit = 0;
    int seqs[MAX_LINE_NOTES];
    for (; i + fit < ll->n; fit++) {
        int n = line_notes(c, fl, &ll->v[i + fit], seqs);
        y += lf->leading;
        int32_t keep = i + fit + 1 == ll->n ? lf->keep_after : 0;
        if (!notes_fit(c, &fs, seqs, n, y + keep))
            break;
    }
    return fit;
}

/* Places broken lines on pages. No orphan: a paragraph's first line is
 * never alone at the foot of a page; no widow: its last line never alone
 * at the top (so a three-line paragraph that does not fit moves whole).
 * Only on an empty page, where moving on gains nothing, does a rule give
 * way (a page holding fewer lines than the rule needs); the statistics
 * count what was placed. */
static void place_lines(lctx *c, const frag_list *fl, const line_list *ll,
                        const line_fmt *lf)
{
    size_t i = 0, first_chunk = 0, last_chunk = 0, chunks = 0;
    int seqs[MAX_LINE_NOTES];
    while (i < ll->n) {
        bool top = at_page_top(c);
        size_t left = ll->n - i;
        size_t fit = lines_fitting(c, fl, ll, i, lf, c->y + lead_in(c));
        size_t take = fit;
        if (fit < left) {
            if (left - take < 2) /* no widow */
                take = left >= 2 ? left - 2 : 0;
            if (take < (i == 0 ? 2u : 1u)) { /* no orphan */
                if (!top) {
                    layout_new_page(c);
                    continue;
                }
                take = fit;
            }
            if (take == 0) {
                if (c->npend > 0) {
                    /* headings filling the page: place them alone */
                    lead_in_emit(c);
                    layout_new_page(c);
                    continue;
                }
                take = 1; /* a line taller than the page */
            }
        }
        lead_in_emit(c);
        for (size_t k = 0; k < take; k++, i++) {
            const line_info *li = &ll->v[i];
            int n = line_notes(c, fl, li, seqs);
            notes_take(c, seqs, n, c->y + lf->leading);
            int32_t base = layout_baseline(c->y, lf->leading, lf->size);
            if (i == 0 && lf->lab) {
                uint32_t saved = c->se;
                if (lf->lab_se)
                    c->se = lf->lab_se;
                emit_line(c, c->pg, lf->lab, lf->labl, lf->lab_x, base,
                          lf->lab_w, false, 0, false);
                c->se = saved;
            }
            emit_line(c, c->pg, fl, li, lf->x, base, lf->measure, lf->justify,
                      lf->align, false);
            c->y += lf->leading;
        }
        if (chunks++ == 0)
            first_chunk = take;
        last_chunk = take;
        if (i < ll->n)
            layout_new_page(c);
    }
    if (lf->para && chunks > 1) {
        c->ld->stats.orphans += first_chunk == 1;
        c->ld->stats.widows += last_chunk == 1;
    }
}

static void layout_para(lctx *c, const doc_node *n, int32_t indent,
                        int32_t right_indent, bool italic, int32_t keep_after)
{
    const layout_style *st = c->st;
    frag_list fl = {0};
    inline_style is = {st->body_font, st->body_size, st->text_color, false,
                       italic};
    frags_from_inline(c, n, is, &fl);
    if (fl.n > 0) {
        /* a paragraph of text: P, whether it is a stycke or the text of
         * a quotation or list item without paragraphs of its own */
        uint32_t saved = layout_se_begin(c, "P");
        line_list ll = {0};
        int32_t measure = c->measure - indent - right_indent;
        break_lines(c, &fl, measure, &ll);
        line_fmt lf = {.x = c->x0 + indent,
                       .measure = measure,
                       .leading = st->body_leading,
                       .size = st->body_size,
                       .justify = true,
                       .para = true,
                       .keep_after = keep_after};
        place_lines(c, &fl, &ll, &lf);
        free(ll.v);
        c->se = saved;
    }
    free(fl.v);
    space_request(c, st->para_space);
}

/* --- headings ----------------------------------------------------------------
 */

/* Places a heading that waited for what follows it. */
static void heading_emit(lctx *c, struct lheading *hd)
{
    const char *dest = layout_dest_name(c, hd->sec);
    add_dest(c, dest, c->y);
    layout_doc *ld = c->ld;
    if (ld->noutline == c->cap_outline) {
        c->cap_outline = c->cap_outline ? c->cap_outline * 2 : 32;
        ld->outline =
            xrealloc(ld->outline, c->cap_outline * sizeof *ld->outline);
    }
    ld->outline[ld->noutline++] =
        (loutline){hd->depth, hd->title, dest, (int)(ld->npages - 1), c->y};
    int seqs[MAX_LINE_NOTES];
    uint32_t saved = c->se;
    c->se = hd->se;
    for (size_t i = 0; i < hd->ll.n; i++) {
        if (i > 0 && c->y + hd->leading > c->bottom) /* taller than a page */
            layout_new_page(c);
        int n = line_notes(c, &hd->fl, &hd->ll.v[i], seqs);
        notes_take(c, seqs, n, c->y + hd->leading);
        emit_line(c, c->pg, &hd->fl, &hd->ll.v[i], c->x0,
                  layout_baseline(c->y, hd->leading, hd->size), c->measure,
                  false, 0, false);
        c->y += hd->leading;
    }
    c->se = saved;
    bool content = false;
    for (const doc_node *ch = doc_node_first_child(hd->sec); ch && !content;
         ch = doc_node_next(ch))
        content = doc_node_kind(ch) != DOC_HEADING;
    c->heading_end = c->pg->n;
    c->heading_content = content;
    free(hd->ll.v);
    free(hd->fl.v);
}

/* A section's heading: measured now, placed with what follows it. */
static void layout_heading(lctx *c, const doc_node *sec)
{
    const layout_style *st = c->st;
    int depth = doc_node_depth(sec);
    int di = depth < 1 ? 0 : depth > 6 ? 5 : depth - 1;
    int32_t size = st->h_size[di];
    int32_t leading = size * 13 / 10;
    /* the waiting heading is not this one's parent: its section is empty,
     * there is nothing to keep it with (STR-02 warns) */
    if (c->npend > 0 && depth <= c->pend[c->npend - 1].depth)
        pend_emit(c);
    const char *nr = doc_node_number(sec);
    const doc_node *h = doc_node_child(sec, DOC_HEADING);
    struct lheading hd;
    memset(&hd, 0, sizeof hd);
    inline_style is = {st->heading_font, size, st->heading_color, true, false};
    if (nr)
        frags_from_text(c, arena_printf(c->a, "%s\xC2\xA0\xC2\xA0", nr), is,
                        &hd.fl);
    const char *text = h ? doc_node_plain_text(c->d, h) : "";
    size_t ns, ne, skip = 0;
    if (nr && doc_typed_number(text, &ns, &ne, &skip))
        text += skip; /* STR-03 warned; the computed number replaces it */
    if (h)
        frags_from_inline(c, h, is, &hd.fl);
    break_lines_mode(c, &hd.fl, c->measure, BREAK_HEADING, &hd.ll);
    hd.sec = sec;
    hd.size = size;
    hd.leading = leading;
    hd.depth = depth;
    hd.h = (int32_t)hd.ll.n * leading;
    hd.title = nr ? arena_printf(c->a, "%s %s", nr, text) : text;
    /* H1..H6 by depth (resolve.h); a seventh level is refused */
    hd.se = layout_se_new(c, resolved_role(c->res, sec), c->se);
    hd.gap =
        c->space > st->h_space_before[di] ? c->space : st->h_space_before[di];
    c->space = 0;
    /* a chapter does not start in the last lines of a page */
    if (depth == 1 && c->npend == 0 && !at_page_top(c) &&
        c->y + hd.gap + hd.h + st->h_space_after[di] + 6 * st->body_leading >
            c->bottom)
        layout_new_page(c);
    if (c->npend == c->cap_pend) {
        c->cap_pend = c->cap_pend ? c->cap_pend * 2 : 4;
        c->pend = xrealloc(c->pend, c->cap_pend * sizeof *c->pend);
    }
    c->pend[c->npend++] = hd;
    c->space = st->h_space_after[di];
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
        line_fmt fmt = {.x = c->x0 + indent + label_w,
                        .measure = measure,
                        .leading = st->body_leading,
                        .size = st->body_size,
                        .justify = true,
                        .para = true,
                        .lab = lll.n > 0 ? &lf : NULL,
                        .labl = lll.n > 0 ? &lll.v[0] : NULL,
                        .lab_x = c->x0 + indent,
                        .lab_w = label_w,
                        .lab_se = lbl};
        place_lines(c, &fl, &ll, &fmt);
    } else {
        /* only a nested list: the label stands on a line of its own */
        layout_ensure(c, st->body_leading);
        uint32_t body = c->se;
        c->se = lbl;
        if (lll.n > 0)
            emit_line(c, c->pg, &lf, &lll.v[0], c->x0 + indent,
                      layout_baseline(c->y, st->body_leading, st->body_size),
                      label_w, false, 0, false);
        c->se = body;
        c->y += st->body_leading;
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
        space_request(c, c->st->list_space);
    for (const doc_node *it = doc_node_first_child(list); it;
         it = doc_node_next(it)) {
        if (doc_node_kind(it) != DOC_ITEM)
            continue;
        const char *label = numbered ? arena_printf(c->a, "%d.", k++)
                                     : "\xE2\x80\xA2"; /* bullet */
        layout_item(c, it, label, indent);
    }
    c->se = saved;
    if (indent == 0)
        space_request(c, c->st->list_space);
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
    space_request(c, st->quote_space);
    uint32_t saved = layout_se_begin(c, resolved_role(c->res, q));
    for (const doc_node *ch = doc_node_first_child(q); ch;
         ch = doc_node_next(ch))
        if (doc_node_kind(ch) == DOC_PARA)
            layout_para(c, ch, ind, ind, true, ch == last ? keep : 0);
    if (!last)
        layout_para(c, q, ind, ind, true, keep);
    if (src) {
        layout_se_begin(c, "P");
        c->space = SOURCE_GAP;
        line_fmt lf = {.x = c->x0 + ind,
                       .measure = c->measure - 2 * ind,
                       .leading = st->note_leading,
                       .size = st->note_size,
                       .align = 2};
        place_lines(c, &sfl, &sll, &lf);
    }
    c->se = saved;
    free(sll.v);
    free(sfl.v);
    space_request(c, st->quote_space);
}

/* --- the walk
 * ------------------------------------------------------------------------- */

/* The end: waiting headings placed, notes not yet set (their reference
 * was in no placed line) set, the notes continued set on pages of their
 * own. */
static void layout_finish(lctx *c)
{
    lead_in_emit(c);
    notes_register(c);
    for (size_t seq = 1;; seq++) {
        notes_register(c); /* notes inside notes, met just now */
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

static void layout_blocks(lctx *c)
{
    doc_iter it;
    doc_iter_init(&it, doc_root(c->d));
    doc_node *n;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        doc_kind k = doc_node_kind(n);
        if (ev == DOC_EV_EXIT)
            continue;
        /* the notes met so far are known by number: start a new list */
        notes_register(c);
        c->nnotes = 0;
        /* an explicit page break takes effect before the next block, so
         * that a break at the end of the document adds no empty page */
        if (c->break_before && k != DOC_ROOT && k != DOC_HEADING &&
            k != DOC_PAGEBREAK) {
            c->break_before = false;
            if (!at_page_top(c))
                layout_new_page(c);
        }
        switch (k) {
        case DOC_ROOT:
            break;
        case DOC_SECTION: {
            const char *ns = doc_node_attr(n, "ny-sida");
            /* a chapter on a new page when the style says so */
            if ((ns && strcmp(ns, "ja") == 0) ||
                (c->st->chapter_new_page && doc_node_depth(n) == 1)) {
                if (c->npend > 0)
                    lead_in_emit(c);
                if (!at_page_top(c))
                    layout_new_page(c);
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
            space_request(c, c->st->table_space);
            layout_table(c, n);
            notes_take_unplaced(c);
            landscape_end(c);
            space_request(c, c->st->table_space);
            doc_iter_skip_children(&it);
            break;
        case DOC_PAGEBREAK:
            /* a page break ends the page; none on an empty page */
            if (c->npend > 0)
                lead_in_emit(c);
            c->break_before = !at_page_top(c);
            c->space = 0;
            break;
        case DOC_IMAGE:
            space_request(c, c->st->figure_space);
            layout_figure(c, n);
            space_request(c, c->st->figure_space);
            doc_iter_skip_children(&it);
            break;
        case DOC_CHART:
            space_request(c, c->st->figure_space);
            layout_chart(c, n);
            space_request(c, c->st->figure_space);
            doc_iter_skip_children(&it);
            break;
        default:
            doc_iter_skip_children(&it);
            break;
        }
    }
    layout_finish(c);
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
    break_lines_mode(c, &fl, c->measure, BREAK_HEADING, &ll);
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
    for (size_t p = 0; p < ld->npages; p++) {
        lpage *pg = &ld->pages[p];
        /* across the page's own text block: a landscape page's header
         * and footer run along its long side */
        page_frame f = frame_of(st, pg->landscape);
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
    c.res = st->resolved;
    if (!c.res)
        c.res = c.own_res = resolve_document(d);
    c.lang = resolved_language(c.res);
    c.ld = arena_alloc(a, sizeof *c.ld);
    c.note_measure = frame_of(st, false).measure;
    layout_se_init(&c);
    layout_check_glyphs(&c);
    layout_cover(&c);
    layout_new_page(&c);
    /* the contents go in front of the body's first page (after the
     * cover): they are set once the body knows its page numbers */
    size_t body = c.pg->n == 0 ? c.ld->npages - 1 : c.ld->npages;
    layout_blocks(&c);
    layout_toc(&c, body);
    layout_problems(&c);
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
    for (size_t i = 0; i < c.cap_fn; i++) {
        free(c.fn[i].fl.v);
        free(c.fn[i].ll.v);
    }
    free(c.fn);
    for (size_t i = 0; i < c.npend; i++) {
        free(c.pend[i].fl.v);
        free(c.pend[i].ll.v);
    }
    free(c.pend);
    free(c.foot);
    free(c.carry);
    free(c.run_cps);
    layout_hyph_cache_free(&c.hyph_cache);
    resolved_free(c.own_res);
    free(c.run_adj);
    layout_glyphs_free(&c);
    layout_se_finish(&c);
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
                fprintf(out, " tag=%s#%u", ld->elems[b->se].role,
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
        const lelem *e = &ld->elems[i];
        fprintf(out, "elem %zu %s parent=%u", i, e->role, (unsigned)e->parent);
        if (e->scope)
            fprintf(out, " scope=%s", e->scope);
        if (e->colspan > 1)
            fprintf(out, " colspan=%d", e->colspan);
        if (e->alt) {
            fputs(" alt=\"", out);
            for (const char *a = e->alt; *a; a++) {
                if (*a == '"' || *a == '\\')
                    fputc('\\', out);
                fputc(*a == '\n' ? ' ' : *a, out);
            }
            fputc('"', out);
        }
        fputc('\n', out);
    }
}
