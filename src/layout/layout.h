/*
 * layout.h: model + style + font metrics -> pages of positioned boxes.
 *
 * Layout never draws and knows no PDF types: it measures text through
 * font.h and produces pages of boxes in integer millipoints (1/1000 pt),
 * origin at the top left of the page, y growing downwards. The pdf stage
 * paints them. Like FOP's area tree or Typst's frames, the boxes have a
 * deterministic text dump (layout_dump) that tests compare against.
 *
 * Everything returned lives in the arena passed to layout_document,
 * except each page's box array and the glyphs of its text runs
 * (malloc'd), which the page owns so that they can be freed page by page
 * as the pages are painted (layout_page_release, layout_doc_release;
 * freeing the arena frees what is left).
 */
#ifndef ARSRAPPORT_LAYOUT_H
#define ARSRAPPORT_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../font/font.h"
#include "../model/model.h"

#define MPT_PER_PT 1000
#define MPT_PER_MM 2835 /* 1 mm = 2.8346 pt */

typedef enum {
    LBOX_TEXT,  /* a run of glyphs of one font and size on one baseline */
    LBOX_RULE,  /* a filled rectangle used as a line (rules, underlines) */
    LBOX_RECT,  /* a filled background rectangle */
    LBOX_LINK,  /* a link area: internal destination or URI */
    LBOX_DEST,  /* a named destination (heading, table, footnote) */
    LBOX_IMAGE, /* an image scaled into the box (x, y top left, w, h) */
    LBOX_PATH,  /* a vector path of a chart: polygon or polyline */
} lbox_kind;

/* How a PATH's fill is drawn: series of a chart differ by pattern as well
 * as colour, so they can be told apart without seeing colour. */
typedef enum {
    LPAT_SOLID, /* filled with color */
    LPAT_HATCH, /* outlined in color, diagonal lines of color inside */
    LPAT_DOTS,  /* outlined in color, a grid of dots of color inside */
} lbox_pattern;

/* The part of a figure a box belongs to (for the structure tree: one
 * Figure with the alt text, its Caption, and the source note). */
typedef enum {
    LFIG_NONE,
    LFIG_GRAPHIC, /* the drawing: paths and the text on it (axes, legend) */
    LFIG_CAPTION, /* "Diagram 3. Sjukfrånvaro" */
    LFIG_NOTE,    /* "Källa: …. Uppgifterna finns i tabell 2." */
} lbox_figure_part;

struct image; /* image.h */

/* A box is 88 bytes (it was 160; a 500-page report has 100 000 of
 * them): what only one kind has shares room with the others' (an
 * anonymous union, read by name as before), so a field is read only on
 * the kinds it is listed for. */
typedef struct {
    lbox_kind kind;
    int32_t x, y, w, h; /* mpt; TEXT: (x, y) is the start of the baseline */
    uint32_t color;     /* 0xRRGGBB for TEXT, RULE, RECT */
    /* The structure element (layout_doc.elems) the box is content of, or
     * 0: page furniture, painted as an artifact (PDF 32000-1 14.8.2.2),
     * as is every box with artifact set and every RULE and RECT */
    uint32_t se;
    /* Charts: the figure number (doc_node_seq of the diagram) of every box
     * of the chart, 0 outside one, and which part of it the box is; alt
     * (below) carries the chart's alt text on every box of the chart. */
    int figure;
    uint8_t figure_part; /* lbox_figure_part */
    bool artifact;       /* page furniture, not content */
    bool recased;        /* TEXT: actual is the text of glyphs set in
                            capitals (a heading's versaler): the pdf stage
                            also wraps them in a Span with it, which text
                            extraction reads */
    bool uri;            /* LINK: target is a URI */
    bool closed, fill;   /* PATH, below */
    uint8_t pattern;     /* PATH: lbox_pattern */
    /* IMAGE and every box of a chart: the alternative text, for the
     * structure tree's /Alt (ISO 32000-1 14.9.3) */
    const char *alt;
    union {
        struct { /* TEXT */
            font_role font;
            int32_t size; /* mpt */
            uint32_t n;   /* code points */
            /* NULL, or what a reader gets for this run instead of cps
             * (PDF ActualText): the whole word on the first part of a
             * hyphenated word with its hyphen, nothing (nactual 0) on
             * the rest */
            uint32_t nactual;
            const uint32_t *cps;
            const int32_t *adj; /* NULL, or per glyph: extra space after
                                   it in millionths of an em (TJ units /
                                   1000 with the sign flipped: positive
                                   moves the next glyph right) */
            const uint32_t *actual;
        };
        struct {                /* LINK, DEST */
            const char *target; /* destination name or URI */
        };
        struct { /* IMAGE: the checked image (image.h) */
            const struct image *img;
        };
        /* PATH: npts points (x, y pairs in mpt, page coordinates like
         * every box's; x, y, w, h is their bounding box), closed (a
         * polygon) or not (a polyline); filled with color when fill,
         * stroked with stroke in line_w (0: not stroked), dashed with
         * dash-long dashes and gaps (0: solid) */
        struct {
            const int32_t *pts;
            /* dump only: what the path shows, "bar s=1 c=2", "grid v=20" */
            const char *info;
            uint32_t npts;
            uint32_t stroke;
            int32_t line_w, dash;
        };
    };
} lbox;

struct lpage_store; /* layout_break.c */

typedef struct {
    lbox *boxes;
    size_t n, cap;
    /* the glyphs and adjustments of the page's text runs (lbox.cps, adj),
     * malloc'd in blocks of the page's own and freed with its boxes
     * (layout_page_release) */
    struct lpage_store *store;
    int32_t width, height; /* mpt */
    int number;            /* printed page number */
    bool landscape;        /* turned: the style's page with width and height
                              swapped, for a table too wide for the portrait
                              text block */
    bool cover;            /* the cover: number 0, no running header or
                              footer, no printed page number */
    bool sent;             /* given to the sink (layout_document_stream) */
} lpage;

typedef struct {
    int level;         /* 1-based */
    const char *title; /* number and heading text */
    const char *dest;  /* destination name */
    int page;          /* 0-based page index */
    int32_t y;         /* mpt from the top */
} loutline;

/* What the layout did, counted as it was done (`build --statistik`). A
 * line is a line of running text (paragraphs, list items, quotations,
 * footnotes, table cells); headings and page furniture are not counted. */
typedef struct {
    size_t lines;             /* lines set */
    size_t hyphenated_lines;  /* lines that end in a hyphenation */
    size_t overfull_lines;    /* lines wider than their measure */
    size_t loose_lines;       /* justified lines stretched beyond the
                                 breaker's tolerance */
    size_t widows;            /* a paragraph's last line alone at the top
                                 of a page */
    size_t orphans;           /* a paragraph's first line alone at the
                                 foot of a page */
    size_t stranded_headings; /* a heading last on its page */
    size_t footnotes;         /* footnotes set */
    size_t table_breaks;      /* a table continued on a new page */
    size_t lone_table_rows;   /* a break with fewer than two table rows
                                 on one side of it (rows that are not
                                 split), or a total row first on a
                                 continuation page */
    size_t landscape_pages;   /* pages turned for a wide table */
    size_t short_first_lines; /* the first of a two-line paragraph
                                 shorter than two thirds of the measure
                                 before it was stretched */
    size_t broken_words;      /* a page ending in a hyphenated line */
    size_t empty_pages;       /* a page more than a quarter empty that is
                                 not the end of a chapter or the flow */
    size_t dash_breaks;       /* a heading, title or caption line ending
                                 after a dash between two words */
} layout_stats;

/* One element of the document's logical structure (PDF 32000-1 14.7,
 * the tagged PDF of PDF/UA-1), made by layout as it places the content
 * and referred to by lbox.se. elems[0] is unused (0 means "no element"),
 * elems[1] is the Document, every other element's parent has a lower
 * index. The painter orders each element's children by where their
 * content first appears in page order. */
enum { LSCOPE_NONE, LSCOPE_COLUMN, LSCOPE_ROW };

/* A long document has tens of thousands of elements, held until its
 * file is saved: 12 bytes each, in chunks of LELEM_CHUNK (no array grown
 * by doubling, no copy at its end). The role is an index into the
 * document's few role names (layout_elem_role); what few elements have,
 * a Figure's alternative text and a cell's columns spanned, is kept
 * beside (layout_elem_alt, layout_elem_colspan). */
typedef struct {
    uint32_t parent; /* index of the parent element */
    /* a float set after what follows it in the source: read before the
     * sibling that is or holds this element (0: none) */
    uint32_t reads_before;
    uint16_t role; /* standard structure type ("P", "H2", "TD", ...): its
                      index in layout_doc.roles */
    uint8_t scope; /* TH: LSCOPE_COLUMN or LSCOPE_ROW (/Scope), or
                      LSCOPE_NONE; its name: lelem_scope */
    bool extra;    /* it has a lelem_extra */
} lelem;

enum { LELEM_CHUNK_BITS = 9, LELEM_CHUNK = 1 << LELEM_CHUNK_BITS };

/* The /Scope name of e ("Column", "Row"), or NULL. */
static inline const char *lelem_scope(const lelem *e)
{
    return e->scope == LSCOPE_COLUMN ? "Column"
           : e->scope == LSCOPE_ROW  ? "Row"
                                     : NULL;
}

/* What few elements have, by element: a Figure's alternative text
 * (/Alt), a table cell's columns spanned when more than one. */
typedef struct {
    uint32_t elem;
    int32_t colspan; /* 1: one column */
    const char *alt; /* NULL: none */
} lelem_extra;

typedef struct {
    lpage *pages;
    size_t npages;
    loutline *outline;
    size_t noutline;
    layout_stats stats;
    /* structure elements, see lelem: element i is
     * elem_chunks[i / LELEM_CHUNK][i % LELEM_CHUNK] (layout_elem) */
    lelem **elem_chunks;
    size_t nelems, nchunks;
    const char **roles; /* the role names lelem.role refers to */
    size_t nroles;
    lelem_extra *extras; /* by element, ascending (lelem.extra) */
    size_t nextras;
} layout_doc;

/* Structure element i (i < nelems). */
static inline lelem *layout_elem(const layout_doc *ld, size_t i)
{
    return &ld->elem_chunks[i >> LELEM_CHUNK_BITS][i & (LELEM_CHUNK - 1)];
}

/* The role name of structure element i. */
static inline const char *layout_elem_role(const layout_doc *ld, size_t i)
{
    return ld->roles[layout_elem(ld, i)->role];
}

/* The alternative text of structure element i (a Figure), or NULL. */
const char *layout_elem_alt(const layout_doc *ld, size_t i);
/* The columns structure element i (a TH, a TD) spans: 1 or more. */
int32_t layout_elem_colspan(const layout_doc *ld, size_t i);

/* What a running header shows at one end: one of the document's
 * metadata fields, or nothing. */
typedef enum {
    RUN_NONE,
    RUN_TITLE,        /* metadata titel */
    RUN_NAMND,        /* metadata namnd (organisation when there is none) */
    RUN_ORGANISATION, /* metadata organisation */
    RUN_PERIOD,       /* metadata period, "2023-01-01–2023-08-31" */
} layout_run_field;

/* The footer's page number. */
typedef enum {
    FOOTER_PAGE_OF, /* "Sida 3 av 12" */
    FOOTER_PAGE,    /* "3" */
} layout_footer;

/* The geometry and type sizes layout works with (all mpt). */
typedef struct {
    int32_t page_w, page_h;
    int32_t margin_top, margin_bottom, margin_inner, margin_outer;
    int32_t body_size, body_leading;
    int32_t table_size, table_leading, table_min_size;
    int32_t note_size, note_leading;
    int32_t h_size[6];  /* heading sizes by depth */
    int32_t para_space; /* space between paragraphs */
    uint32_t heading_color, text_color, rule_color, header_fill;
    const char *running_title, *running_right;
    bool draft; /* mark every page UTKAST */
    /* layout_document_stream with a sink gives up the model's parts
     * (doc_release_part) once their pages are painted: for a caller that
     * reads nothing of the model after layout (no web edition) */
    bool release_parts;
    /* Vertical spacing (mpt). Two adjacent spaces collapse to the larger,
     * and a space that falls at the top of a page is dropped, so the same
     * pair of blocks is always the same distance apart. */
    int32_t h_space_before[6], h_space_after[6]; /* headings by depth */
    int32_t list_space; /* before and after a (top-level) list */
    /* headings by depth in capitals (the text stays as written in the
     * structure tree and when copied: ActualText), and the space added
     * after each letter (mpt) */
    bool h_caps[6];
    int32_t h_tracking[6];
    /* a bulleted list's mark by nesting level (UTF-8, the last one for
     * the levels deeper down); n_list_marks 0: the bullet "•" */
    const char *list_marks[4];
    int n_list_marks;
    int32_t quote_space;     /* before and after a block quotation */
    int32_t table_space;     /* before and after a table */
    int32_t cell_para_space; /* between paragraphs in a table cell */
    /* The hyphenation dictionary and exceptions (layout_hyph_load), or
     * NULL: nothing is hyphenated */
    const struct layout_hyph *hyph;
    /* The resolved document (resolve.h): the generated text, or NULL:
     * layout resolves the document itself */
    const struct resolved *resolved;
    /* From the style file (templates/stil/standard.xml spells out these
     * defaults; src/style reads a file into this struct). */
    font_role body_font, heading_font, table_font; /* FONT_SERIF or
                                                      FONT_SANS: the family
                                                      of each role */
    const char *serif_family, *sans_family;        /* installed families the
                                                      roles use ("Liberation
                                                      Serif"); the cli loads
                                                      their faces */
    uint32_t furniture_color; /* running header and footer text */
    layout_run_field header_left, header_right; /* what the running header
                                                   shows at each end */
    layout_footer footer;                       /* "Sida X av Y" or "X" */
    int toc_depth;         /* heading levels in the contents (default 2) */
    const char *logo;      /* path of the logo image (the style file's
                              folder resolved), or NULL */
    bool chapter_new_page; /* a level-1 section starts on a new page */
    bool cover;            /* a cover page before everything else */
    /* Images checked before layout (image_check_document), or NULL: then
     * layout loads the images itself and reports those it cannot use. */
    struct image_cache *images;
    int32_t figure_space; /* before and after a figure (bild) */
    /* Charts (diagram): the series colours in order, each at least 3:1
     * against the page (WCAG 2.1 1.4.11) */
    uint32_t chart_colors[6];
    int n_chart_colors;
} layout_style;

/* The default style: A4, Liberation Serif 11/15 body, Sans headings. */
void layout_style_default(layout_style *st);

/* Lays out the whole document. Problems that layout finds (a word wider
 * than the measure, an unsupported element) are added to dl. Never fails:
 * the result always has at least one page. */
layout_doc *layout_document(doc *d, const font_set *fs, const layout_style *st,
                            arena *a, diag_list *dl);

/* Where layout_document_stream hands the pages as they are done, so
 * that only a page or two of boxes exist at once (issue 25). Each call
 * gets the layout_doc being made (its pages, structure elements and
 * outline so far) and a page index into ld->pages; the page's boxes are
 * released (layout_page_release) when the call returns, and must not be
 * kept. ctx is the sink's own.
 *
 * page: page index is complete but for its furniture, once, in the order
 * the pages are done: the body's pages as the paginator leaves them, the
 * contents' pages after move, the rest after them.
 * move: the pages [from, npages) were moved to index at and the pages
 * [at, from) after them (the contents, laid out after the body, go in
 * front of it): every index from at on changes so. Called before those
 * pages are given to page.
 * furniture: at the end, once for every page in order, after every page
 * was given to page: page index now holds only its furniture (running
 * header, footer "Sida X av Y", UTKAST, a draft's margin marks and their
 * named destinations), all of it artifacts but the destinations. */
typedef struct {
    void (*page)(void *ctx, layout_doc *ld, size_t index);
    void (*move)(void *ctx, layout_doc *ld, size_t at, size_t from);
    void (*furniture)(void *ctx, layout_doc *ld, size_t index);
    void *ctx;
} layout_sink;

/* As layout_document, each page given to sink and released as soon as
 * it is done (see layout_sink): the result has every page's size,
 * number and flags, the outline, the structure elements and the stats,
 * and no boxes. sink NULL: layout_document. */
layout_doc *layout_document_stream(doc *d, const font_set *fs,
                                   const layout_style *st, arena *a,
                                   diag_list *dl, const layout_sink *sink);

/* Frees page pg's box array and leaves it empty (n 0); its size, number
 * and flags stay (the glyphs the boxes pointed to are the arena's: a
 * page's own store cost the 100 000-row table 38 MB in blocks filled in
 * part). The painter calls it for each page it has painted (pdf_render).
 * Only for the pages of layout_document. Safe to call twice. */
void layout_page_release(lpage *pg);
/* Releases every page of ld (layout_page_release); freeing the arena
 * given to layout_document does it too. */
void layout_doc_release(layout_doc *ld);

/* Deterministic text dump of the laid-out pages: every box with its
 * position, the structure element it is content of ("tag=TD#12"; none for
 * an artifact), the outline, and the structure elements ("elem 12 TD
 * parent=11"), so that tagging is tested without a PDF; last, a "stats"
 * line with the layout_stats counts (the typographic defects). */
void layout_dump(const layout_doc *ld, FILE *out);

/* Swedish hyphenation: the dictionary (ARSRAPPORT_AVSTAVNING, else the
 * hyphen-sv package's) and the words of exceptions_path (NULL: none), one
 * word a line with its allowed points as hyphens ("budget-avvikelse"),
 * which override the dictionary's. Read once and only read afterwards, by
 * any number of layouts at once (layout_style.hyph). Never NULL: without
 * a dictionary every document laid out with it gets a warning (ARS-21)
 * naming where it was looked for, and nothing is hyphenated. */
typedef struct layout_hyph layout_hyph;

/* Process-wide set-up of the line-breaking library; the engine calls it
 * once, before any layout. */
void layout_global_init(void);
layout_hyph *layout_hyph_load(const char *exceptions_path);
void layout_hyph_free(layout_hyph *h);

#endif
