/*
 * layout_flow.h: blocks laid out for a measure, and the one paginator that
 * places them on pages (layout files only).
 *
 * A block (a paragraph, a list item, a quotation's source, a heading, a
 * figure, a chart) is laid out for a width into a sequence of items: a
 * line, a row, an image with its caption. Each item knows its height, the
 * footnotes its line references, whether the page may break after it,
 * the room it needs under it, and how to set itself at a given y on the
 * current page (its emit function, called once, by the paginator). The
 * producer states its rules as data: widows and orphans are the breaks it
 * forbids after its first and before its last line, a heading is held and
 * kept with the first items of the block that follows, a figure is one
 * unit placed whole. The paginator (layout_paginate.c) decides where each
 * item goes: page breaks, keeps, space that collapses between blocks and
 * vanishes at a page top, footnotes at the foot of the page that
 * references them (continued on the next), repeated head items, explicit
 * page breaks and landscape pages. Like FOP's breaker over its element
 * list, or Typst's regions.
 *
 * Items point into their producer's data (frag lists, line lists), which
 * must live until the block is placed (pag_place returns; a held block
 * until it is emitted, after which its release function is called).
 */
#ifndef ARSRAPPORT_LAYOUT_FLOW_H
#define ARSRAPPORT_LAYOUT_FLOW_H

#include "layout_internal.h"

typedef struct lf_item lf_item;

/* Sets the item with its top at y on the current page (c->pg). repeat:
 * a head item set again at the top of a page the block continues on. */
typedef void (*lf_emit_fn)(lctx *c, const lf_item *it, int32_t y, bool repeat);

/* Footnote references in a line list (a table cell's lines). */
typedef struct {
    const frag_list *fl;
    const line_list *ll;
} lf_noteref;

/* Sets lines [l0, l0 + n) of a row split across pages with its top at y
 * (its height: n * unit + pad). */
typedef void (*lf_emit_part_fn)(lctx *c, const lf_item *it, int32_t y,
                                int32_t l0, int32_t n);

struct lf_item {
    int32_t h;          /* the height it advances the cursor, mpt */
    int32_t gap;        /* space before it, dropped at the top of a page
                           (the lines mode: a contents chapter entry) */
    int32_t room_after; /* room kept free under it on its page (a
                           quotation's source under its last line, a
                           table's source note under its last row) */
    bool keep_next;     /* no page break after it (orphans, widows) */
    bool avoid_break;   /* rows: a break after it only when no better
                           place is found (a group heading row, the row
                           before a total) */
    bool lone_first;    /* rows: counted as a lone row when a page starts
                           with it (a total) */
    /* the line whose footnotes go to the foot of the page the item is
     * placed on (NULL: none); a row's cells (refs) instead */
    const frag_list *fl;
    const line_info *li;
    const lf_noteref *refs;
    size_t nrefs;
    lf_emit_fn emit;
    /* a row that may be split line by line where it is taller than the
     * room left: its line height and the height of its padding (0 unit:
     * never split) */
    lf_emit_part_fn emit_part;
    int32_t unit, pad;
    const void *obj; /* the producer's data, for emit */
    size_t idx;      /* which of its lines or rows */
};

enum {
    LF_COUNT_WIDOWS = 1u << 0, /* a paragraph: its widows and orphans as
                                  placed go to the statistics */
    LF_WHOLE = 1u << 1,        /* one unit with the headings held for it:
                                  never broken, set at a page top even when
                                  taller than the page (a figure) */
    LF_NEW_PAGE = 1u << 2,     /* starts on a new page (none if at a top) */
    LF_LANDSCAPE = 1u << 3,    /* set on landscape pages of its own, the
                                  flow resuming on a portrait page */
    LF_ROWS = 1u << 4,         /* rows of a table: see pag_place */
    LF_FLOAT = 1u << 5,        /* with LF_WHOLE, a figure or chart that may
                                  float: where it does not fit and would leave
                                  more than a quarter of the page empty, the
                                  blocks after it fill the page and it goes to
                                  the top of the next (see pag_place) */
};

typedef struct {
    lf_item *v;
    size_t n, cap;
    unsigned flags; /* LF_* */
    /* room its first items need on one page with the held blocks (a
     * table's caption, head and first rows); 0: none */
    int32_t claim;
    /* set at the top of every page the block continues on, as artifacts
     * (a table's "(forts.)" line and its header rows), and at the foot of
     * every page it breaks at (a table's bottom rule); the rows mode
     * takes cont_top_h as the height of the continuation's top */
    const lf_item *rep;
    size_t nrep;
    const lf_item *brk;
    int32_t cont_top_h;
    /* LF_ROWS: items [0, head_from) are set as they come after the claim
     * (a caption), [head_from, head_to) are the head rows of the first page
     * (head_whole: set whole, else like rows), [rows_from, rows_to) the
     * rows, and the rest (a bottom rule, a source note) follow with a
     * page break before any that does not fit, unless the item before
     * keeps with it */
    size_t head_from, head_to, rows_from, rows_to;
    bool head_whole;
    /* LF_FLOAT: the paginator owns what the items point to and calls
     * release(owner) once the block is set (at once, or when a deferred
     * float is set or freed) */
    void (*release)(void *);
    void *owner;
} lf_block;

/* Appends an item (copied) to b. Never fails (out of memory aborts). */
lf_item *lf_push(lf_block *b, lf_item it);
/* Frees the item array (not what the items point to). */
void lf_block_free(lf_block *b);
/* Marks the breaks a paragraph forbids: none after its first line (no
 * orphan) and none before its last (no widow), so a three-line
 * paragraph that does not fit moves whole. */
void lf_no_widows_orphans(lf_block *b);

/* --- the paginator (layout_paginate.c) ---------------------------------- */

/* Asks for s mpt of space before the next block; two requests collapse to
 * the larger, and space at a page top is dropped. pag_space_set replaces
 * the request; pag_space_take returns it and clears it. */
void pag_space(lctx *c, int32_t s);
void pag_space_set(lctx *c, int32_t s);
int32_t pag_space_take(lctx *c);
/* Whether the cursor is at the top of its page. */
bool pag_at_top(const lctx *c);

/* Holds a block (a heading) to be kept with the first items of the next
 * block placed: both go on one page or both move on. gap: space before it
 * (dropped at a page top); level: the caller's nesting (pag_held_level);
 * release(owner) is called once it is set. The paginator takes b's item
 * array. */
void pag_hold(lctx *c, lf_block *b, int32_t gap, int level,
              void (*release)(void *), void *owner);
/* The number of held blocks, and the level of the last one. */
size_t pag_held(const lctx *c);
/* Whether nothing of the blocks given so far waits: no held block, no
 * deferred float, no footnote met and not set whole. */
bool pag_quiet(const lctx *c);
int pag_held_level(const lctx *c);
/* Sets the held blocks now, each on the page it fits (a run of them
 * taller than a page breaks between them). */
void pag_flush_held(lctx *c);
/* Sets the held blocks and the space asked for. */
void pag_lead_in(lctx *c);

/* Places a block's items from the cursor: page breaks where the next
 * item (with its footnotes) does not fit and the producer allows one,
 * held blocks kept with its first items, the block's repeated items at
 * the top of every page it continues on. LF_ROWS: a table's rows, with a
 * look-ahead that moves a break back to a row a page may start with and
 * rows taller than a page split line by line (layout_paginate.c says
 * how). Progress is certain: on an empty page at least one item (or one
 * line of a row) is set; an item taller than the page overflows its foot
 * rather than loop. LF_FLOAT: a figure that may be deferred to the top of
 * the next page (layout_paginate.c, floats); b->release(b->owner) is
 * called once it is set, by pag_place or later (pag_free at the latest). */
void pag_place(lctx *c, const lf_block *b);
/* Whether the last block pag_place was given was deferred (LF_FLOAT):
 * the space asked for after it is then not asked. */
bool pag_deferred(const lctx *c);
/* A page break now (a chapter on a new page): the held blocks are set,
 * then a new page starts unless the cursor is at a top. */
void pag_new_page(lctx *c);
/* Starts a portrait page of its own after the flow (the contents, the
 * draft's problems): the body's footnotes are all set by then. */
void pag_own_page(lctx *c);
/* A new page unless h mpt fit under the cursor (or it is at a top). */
void pag_need(lctx *c, int32_t h);
/* An explicit page break: the next block starts a new page (none on an
 * empty page, none at the end of the document). pag_block_start is
 * called before each block to carry it out. */
void pag_page_break(lctx *c);
void pag_block_start(lctx *c);
/* The end of the flow: held blocks set, footnotes whose reference was
 * never placed set, notes continued onto pages of their own. */
void pag_finish(lctx *c);
/* After a table, notes referenced in cells that were never given a foot
 * (layout_inline registered them) go to the current foot. */
void pag_notes_unplaced(lctx *c);
/* Notes met by layout_inline since the last call, filed by number. */
void pag_notes_register(lctx *c);
/* Ends landscape pages (after a table): the next block starts a new
 * portrait page. */
void pag_landscape_end(lctx *c);
/* Frees the paginator's state (layout_document, at the end). */
void pag_free(lctx *c);

/* The page and its text block, portrait or landscape (mpt). */
typedef struct {
    int32_t w, h, x0, measure, top, bottom;
} page_frame;
page_frame layout_page_frame(const layout_style *st, bool landscape);

#endif
