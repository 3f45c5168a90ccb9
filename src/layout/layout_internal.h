/*
 * layout_internal.h: what the layout files share (layout files only).
 */
#ifndef ARSRAPPORT_LAYOUT_INTERNAL_H
#define ARSRAPPORT_LAYOUT_INTERNAL_H

#include "../resolve/resolve.h"
#include "layout.h"

/* A piece of a paragraph: text of one style, or a space (glue). */
typedef enum { FRAG_TEXT, FRAG_GLUE } frag_type;

typedef struct {
    frag_type type;
    font_role font;
    int32_t size, rise; /* rise: baseline shift upwards, mpt */
    uint32_t color;
    uint32_t *cps;
    uint32_t n;
    int32_t width;    /* natural width, mpt */
    const char *link; /* link target or NULL */
    bool uri;
    bool visible_space; /* GLUE: a space glyph (false: a break point) */
    bool forced;        /* GLUE: a line must end here (paragraphs in a
                           table cell) */
    bool parbreak;      /* ... and a paragraph starts after it (the
                           style's space between paragraphs in a cell) */
    bool hyphen;        /* GLUE (invisible): a discretionary hyphen, from
                           the dictionary or a soft hyphen: broken here,
                           the line ends in "-" */
    bool joint;         /* ... hyphen at a compound's joint (preferred) */
    bool split;         /* GLUE (invisible): an emergency break inside a
                           word wider than the measure */
    /* TEXT: the text as written when the glyphs differ from it (a
     * heading in capitals), set as the box's ActualText; NULL: none */
    const uint32_t *actual;
    uint32_t nactual;
    int32_t track; /* TEXT: space after each glyph, mpt (in width) */
    bool nobreak;  /* GLUE (visible): a no-break space that is not a
                      digit-group separator ("200 tkr", "och –"): it
                      stretches and shrinks like a space, never breaks
                      (TeX's tie) */
} frag;

typedef struct {
    frag *v;
    size_t n, cap;
} frag_list;

/* One broken line: frags [start, end) and its natural width (with the
 * hyphen when it ends at a discretionary). */
typedef struct {
    size_t start, end;
    int32_t width;
    int nglue;
    bool last;
    bool hyphenated;  /* ends at a discretionary hyphen: emit adds "-" */
    bool loose;       /* stretched beyond the breaker's tolerance */
    bool overfull;    /* wider than the measure even with its spaces shrunk,
                         or a piece of a word wider than the measure */
    bool uncounted;   /* a heading or label line: not in layout_stats */
    bool short_first; /* the first of two justified lines, shorter than
                         two thirds of the measure before stretching */
    bool dash_end;    /* ends after a dash inside the text ("januari–") */
    int32_t letter;   /* letter-spacing of the line, mpt over its glyphs */
} line_info;

typedef struct {
    line_info *v;
    size_t n, cap;
} line_list;

typedef struct lctx lctx;
typedef struct layout_hyph_cache layout_hyph_cache;

/* Inline content (layout_inline.c) */
typedef struct {
    font_role font; /* base role: FONT_SERIF or FONT_SANS */
    int32_t size;
    uint32_t color;
    bool bold, italic;
} inline_style;

void frags_from_inline(lctx *c, const doc_node *container, inline_style st,
                       frag_list *out);
void frags_from_text(lctx *c, const char *utf8, inline_style st,
                     frag_list *out);
void frag_push_text(lctx *c, frag_list *fl, font_role f, int32_t size,
                    uint32_t color, int32_t rise, const uint32_t *cps,
                    uint32_t n, const char *link, bool uri);
int32_t frags_width(const frag_list *fl);
/* Appends a forced line break (no glyph). */
void frag_push_break(frag_list *fl);

/* Width of code points set in one font and size, kerned (mpt). */
int32_t layout_text_width(lctx *c, font_role f, int32_t size,
                          const uint32_t *cps, uint32_t n);

/* Line breaking (layout_break.c): Knuth-Plass total fit over the frags
 * (boxes: text; glue: spaces; penalties: invisible glue). May insert
 * invisible glue into fl (hyphenation points, splits of a word wider than
 * the measure); fl stays the same text. Never fails. Reads no page state
 * (the cursor, the page, its foot): only fonts and hyphenation. */
typedef enum {
    BREAK_JUSTIFIED, /* running text: justified, hyphenated when needed */
    BREAK_RAGGED,    /* table cells: ragged right, no hyphenation */
    BREAK_HEADING,   /* headings, labels, captions: ragged right, no
                        hyphenation, lines not counted in layout_stats,
                        no break after a dash between two words */
    BREAK_TITLE,     /* section headings and the cover's title: as
                        BREAK_HEADING, with lines of balanced length */
} break_mode;
void break_lines_mode(lctx *c, frag_list *fl, int32_t measure, break_mode m,
                      line_list *out);
/* break_lines_mode with BREAK_JUSTIFIED. */
void break_lines(lctx *c, frag_list *fl, int32_t measure, line_list *out);
/* Adds a line as set to the layout statistics (called by emit_line). */
void layout_count_line(lctx *c, const line_info *li, int32_t measure,
                       bool justify, bool artifact);

/* Swedish hyphenation (layout_hyph.c), libhyphen with hyph_sv_SE.dic
 * (c->st->hyph; NULL: nothing is hyphenated; no dictionary: the document
 * is warned once and nothing is hyphenated). Marks brk[k] = 1 where a hyphen
 * may go after cps[k] of the word cps[0..n), 2 where that is a compound's
 * joint (the exceptions file's "-part" lines); returns the number of
 * points. Two
 * letters before and three after a point at least; words with digits,
 * abbreviations and addresses get none. next is the code point after the
 * word's frag (0 at the end), to tell "t.ex. att" from a sentence end. */
int layout_hyphenate(lctx *c, const uint32_t *cps, uint32_t n, uint32_t next,
                     uint8_t *brk);

/* The build's hyphenation tables (hyph_gen.c) against the dictionary
 * file they were made from, as libhyphen reads it now: the number of
 * states (and levels) that differ, 0 when they are the same, -1 when
 * there are no tables or the file cannot be read (tests). */
int layout_hyph_table_check(void);

/* A cache of words and their points (layout_hyph.c). */
struct layout_hyph_cache {
    struct layout_hyph_entry *entries;
    size_t cap, n;
    char *pool;
    size_t pool_n, pool_cap;
};
void layout_hyph_cache_free(layout_hyph_cache *hc);

/* Emitting a line at (x, baseline) as TEXT/LINK boxes; justify stretches
 * the spaces to fill measure. align: 0 left, 1 centre, 2 right. */
void emit_line(lctx *c, lpage *pg, const frag_list *fl, const line_info *li,
               int32_t x, int32_t baseline, int32_t measure, bool justify,
               int align, bool artifact);

/* Boxes (layout_break.c): a new box on pg, in the current structure
 * element. */
lbox *page_add(lctx *c, lpage *pg, lbox_kind kind);
/* bytes (8-aligned, not zeroed) that live as long as page pg's boxes:
 * freed with them (layout_page_release), not with the arena. */
void *layout_page_alloc(lpage *pg, size_t bytes);
/* Moves what layout_page_alloc gave page pg (its text boxes' glyphs and
 * adjustments) into one block of their size, the boxes pointed at it:
 * the blocks' unused tails freed once the page is done. */
void layout_page_store_pack(lpage *pg);
/* A page the paginator has left: its box array cut to its boxes and its
 * store packed (room kept for the furniture added at the end), so that
 * what was grown by doubling is not held for every page until layout
 * ends. Its boxes may move (no lbox pointer is kept across pages). */
void layout_page_trim(lpage *pg);
/* Frees what layout_page_alloc gave page pg. */
void layout_page_store_free(lpage *pg);
/* A rule (a filled bar) on pg: x, y its top left, w its length, thick its
 * height, in the current structure element; returns it (the caller may
 * mark it an artifact). */
lbox *layout_add_rule(lctx *c, lpage *pg, int32_t x, int32_t y, int32_t w,
                      int32_t thick, uint32_t color);
/* Pages (layout_paginate.c): ends the current page (its footnotes are set
 * at its foot) and starts the next one, whose foot first takes the notes
 * continued from it. Only the paginator, the cover and layout_document
 * start pages. */
void layout_new_page(lctx *c);
/* Baseline of a line box of the given leading whose top is at y. */
int32_t layout_baseline(int32_t y, int32_t leading, int32_t size);
/* Destination name of a section, table or figure. */
const char *layout_dest_name(lctx *c, const doc_node *n);
/* The cover page (layout.c): the first page, set from the document's
 * metadata (organisation, nämnd, title, period, date, diarienummer, logo)
 * when the style asks for one (st->cover), as page furniture-free page
 * with lpage.cover set and number 0. Called by layout_document before
 * the contents and the body; does nothing without st->cover. */
void layout_cover(lctx *c);
/* Tables (layout_table.c) */
void layout_table(lctx *c, const doc_node *t);

/* Landscape pages (layout_paginate.c), for a table too wide for the portrait
 * text block. The width of the text block of a portrait or a landscape page. */
int32_t layout_page_measure(const lctx *c, bool landscape);

/* Table of contents (layout_toc.c): laid out after the body, whose pages
 * begin at index body, and moved in front of it (after the cover); the
 * body's pages, outline and printed numbers move down. Nothing when the
 * style asks for none or the document is too short to need one. */
void layout_toc(lctx *c, size_t body);
/* The contents' entries taken now, with copies of their texts, for
 * layout_toc to use after the model's parts are given up; freed by
 * layout_toc or layout_toc_free. */
void layout_toc_prepare(lctx *c);
void layout_toc_free(lctx *c);
/* Streaming (layout_document_stream): gives page i to the sink and
 * releases its boxes, unless it was given already, is held, or there is
 * no sink. */
void layout_stream_page(lctx *c, size_t i);
/* The draft's problem pages (layout_toc.c): with style draft, last pages
 * listing the diagnostics of c->dl (suppressed warnings left out). */
void layout_problems(lctx *c);
/* Figures (layout_figure.c): a bild scaled to fit the measure and the
 * page, its caption "Figur N. Text" under it, kept on one page together;
 * and the dump of an IMAGE box (layout_dump). */
void layout_figure(lctx *c, const doc_node *n);
void layout_dump_image(const lbox *b, FILE *out);
/* The image fil for node n (bild, or the metadata's logo when n is NULL)
 * from the style's image cache (or one of layout's own), NULL when it
 * cannot be used. */
const struct image *layout_image(lctx *c, const char *fil, const doc_node *n);
/* The cover's logo at y (the metadata's, else the style's), at most 22 mm
 * high; returns the height used, 0 without one (layout_figure.c). */
int32_t layout_cover_logo(lctx *c, int32_t y);

/* Charts (layout_chart.c): a diagram drawn from its table's data, with
 * its caption above and the source note under it, kept on one page; the
 * dump of a PATH box; the default series colours. */
void layout_chart(lctx *c, const doc_node *n);
void layout_dump_path(const lbox *b, FILE *out);
void layout_chart_style_default(layout_style *st);

/* A part of the model waiting to be given up (layout.c): its top, and
 * the last page its content can be on once nothing of it is held
 * (SIZE_MAX: not known yet). */
typedef struct {
    doc_node *top;
    size_t last_page;
} lpart;

struct lctx {
    doc *d;
    /* Parts of the model (doc_release_part) given up once their pages are
     * painted (layout_style.release_parts, with a sink): those waiting,
     * in order; the contents' entries and the draft's places taken before
     * any part goes (layout_toc.c, layout_marks.c) */
    bool release;
    lpart *parts;
    size_t nparts, cap_parts;
    struct toc_list *toc_pre;
    struct resolved_places *places;
    size_t sent_upto; /* pages [0, sent_upto) given to the sink */
    const font_set *fs;
    const layout_style *st;
    arena *a;
    /* the text of the frags (layout_inline.c) of the blocks being laid
     * out: dropped between blocks once nothing holds them (layout.c), so
     * that it does not grow with the document; a footnote's frags, kept
     * until its foot is set, go into a instead (layout_paginate.c) */
    arena *fa;
    diag_list *dl;
    layout_doc *ld;
    size_t cap_pages, cap_outline;
    lpage *pg; /* current page */
    /* layout_document_stream's sink (NULL: every page kept whole); while
     * holding, the pages from hold_from on are kept until they are
     * complete (the contents, whose numbers are filled in afterwards) */
    const layout_sink *sink;
    bool holding;
    size_t hold_from;
    int32_t y; /* cursor, mpt from the top */
    int32_t x0, measure, top, bottom;
    /* footnotes met by frags_from_inline (layout.c files them by number) */
    const doc_node **notes;
    size_t nnotes, cap_notes;
    int dest_seq;
    /* pagination (layout_paginate.c): the bottom of the text block without
     * footnotes (bottom above is this less the page's foot), the space
     * asked for before the next block, headings waiting to be placed with
     * what follows them, footnotes by number, the note lines at the foot
     * of the current page and those continued on the next */
    int32_t page_bottom;
    int32_t space;
    struct lf_held *held; /* blocks kept with the next (layout_paginate.c) */
    size_t nheld, cap_held;
    /* a figure or chart deferred to the top of the next page, the text
     * after it filling this one (layout_paginate.c), or NULL; deferred:
     * the last block placed went there */
    struct lf_float *flt;
    bool deferred;
    /* the item array of paragraph lines, kept from block to block
     * (layout.c; freed by pag_free) */
    struct lf_item *line_items;
    size_t cap_line_items;
    struct lnote *fn;
    size_t cap_fn;
    size_t notes_waiting; /* notes in fn not yet given to a foot */
    struct lseg *foot, *carry;
    size_t nfoot, cap_foot, ncarry, cap_carry;
    int32_t foot_h;    /* height of the page's foot, rule included */
    bool foot_full;    /* the foot takes no more notes on this page */
    bool ending;       /* the document is finished: no heading is stranded */
    bool break_before; /* an explicit page break before the next block */
    /* the last heading placed on the current page: the end of its boxes
     * (0: none) and whether its section has content (statistics) */
    size_t heading_end;
    bool heading_content;
    /* landscape pages (layout.c): set while a wide table is placed on
     * turned pages of its own; footnotes are broken to the portrait
     * measure (note_measure) wherever they are set, so that a note
     * continued from a landscape page fits the portrait page after it */
    bool landscape;
    int32_t note_measure;
    /* images (layout_figure.c): the cache layout loads into when the
     * style brings none */
    struct image_cache *images;
    /* structure (layout_struct.c): the element new boxes belong to (0:
     * furniture), and the role names met so far by address with their
     * index in ld->roles (the same name may be at several) */
    uint32_t se;
    const char *role_seen[64];
    uint16_t role_seen_index[64];
    int nrole_seen;
    /* emit_line's run of glyphs, kept from line to line (a long table
     * would allocate and free it for every cell line) */
    uint32_t *run_cps;
    int32_t *run_adj;
    uint32_t run_cap;
    /* hyphenation (layout_hyph.c): the words this layout looked up, and
     * whether the document was told there is no dictionary */
    layout_hyph_cache hyph_cache;
    bool hyph_warned;
    /* the resolved document: the generated text (resolve.h), and the
     * one layout made itself when the style brings none; the document's
     * language, the generated words' */
    const resolved *res;
    resolved *own_res;
    doc_language lang;
    /* characters the fonts lack (layout_glyphs.c): those warned about
     * (the first MAX_WARNINGS), then the rest counted */
    uint32_t *glyph_warned;
    size_t nglyph_warned, glyph_more;
    uint8_t *glyph_lacks; /* the scan's cache, see lacks() */
    /* draft marks (layout_marks.c): the block being laid out (set by the
     * walk in a draft, taken by the paginator when the block is given to
     * it), the block whose first item is set next, and where each block
     * was set */
    const doc_node *src, *mark_src;
    struct lmark *marks;
    size_t nmarks, cap_marks;
};

/* Characters the fonts lack (layout_glyphs.c). layout_check_glyphs warns
 * (TECKEN-01) for each character of the document's text that a face
 * which may set it lacks, at its place; layout_missing_glyph gives what
 * is set instead of cp in face f, which lacks it (U+25A1, or '?'; 0:
 * nothing), warning when the check did not. */
void layout_check_glyphs(lctx *c);
/* Default-ignorable code points (Unicode DerivedCoreProperties), which
 * show nothing and are never set, but the soft hyphen and the zero-width
 * space (break points in push_string). */
bool layout_ignorable(uint32_t cp);
uint32_t layout_missing_glyph(lctx *c, font_role f, uint32_t cp);
void layout_glyphs_free(lctx *c);

/* Structure elements (layout_struct.c). A new element of the given role
 * under parent; returns its index. */
uint32_t layout_se_new(lctx *c, const char *role, uint32_t parent);
/* A new element under the current one (the Document when there is
 * none), made the current one; returns the element that was current, to
 * be restored with c->se = the returned value. */
uint32_t layout_se_begin(lctx *c, const char *role);
/* Starts the element array with the Document (layout_document). */
void layout_se_init(lctx *c);
/* Sets the alternative text of element e (a Figure; a copy in the
 * arena), none when alt is NULL. */
void layout_se_set_alt(lctx *c, uint32_t e, const char *alt);
/* Sets the columns element e (a TH, a TD) spans, when more than one. */
void layout_se_set_colspan(lctx *c, uint32_t e, int32_t colspan);
/* Trims the last chunk of elements to what it holds (layout_document,
 * at the end: no element is added after). */
void layout_se_finish(lctx *c);
/* Frees the elements of ld (when its arena is freed). */
void layout_elems_free(layout_doc *ld);

/* Draft marks (layout_marks.c). In a draft the walk names each block it
 * lays out (layout_mark_block); the paginator takes the name when the
 * block is given to it (layout_mark_begin: pag_place, pag_hold) and
 * records the page and y of the block's first item when it sets it
 * (layout_mark_set). layout_marks_move follows the pages when the
 * contents move the body down (nt pages inserted at index at). Outside a
 * draft nothing is named and nothing recorded. */
struct lmark {
    const doc_node *node;
    const char *dest; /* its destination, once a problem points there */
    uint32_t page;    /* index into ld->pages */
    int32_t y;        /* the top of the block's first item, mpt */
};
void layout_mark_block(lctx *c, const doc_node *n);
void layout_mark_begin(lctx *c);
void layout_mark_set(lctx *c, int32_t y);
/* A table's row n set at y (layout_table.c): recorded as its own place
 * in a draft, so that a problem in a row of a long table points at the
 * row's page. */
void layout_mark_node(lctx *c, const doc_node *n, int32_t y);
void layout_marks_move(lctx *c, size_t at, size_t nt);
/* For the draft's problems 0..n-1 of c->dl (diag_get order): the index
 * into c->marks of the place each is at (SIZE_MAX: none, or a warning
 * the document switched off), the block its line is in or, when that
 * block set nothing of its own (an empty paragraph), the nearest that
 * did around it. Each place with a problem gets a destination (its dest)
 * and, in the outer margin beside its first line, its problems' rule ids
 * in red as an artifact. The array is malloc'd (free it); NULL when n is
 * 0. */
size_t *layout_marks_place(lctx *c, size_t n);
void layout_marks_free(lctx *c);

/* Items and the paginator: every layout file places its blocks through
 * them. */
#include "layout_flow.h"

#endif
