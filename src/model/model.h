/*
 * model.h: the document tree every stage after parsing reads.
 *
 * The parse stage builds it; validate, layout and the front read it through
 * these accessors; nothing here knows about XML, PDF or fonts. All nodes and
 * strings live in the document's arena and are freed with doc_free.
 * Strings are UTF-8 in Unicode NFC with XML white space already collapsed.
 */
#ifndef ARSRAPPORT_MODEL_H
#define ARSRAPPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../common/arena.h"

typedef enum {
    DOC_ROOT,      /* rapport */
    DOC_SECTION,   /* avsnitt */
    DOC_HEADING,   /* rubrik of an avsnitt (inline children) */
    DOC_PARA,      /* stycke */
    DOC_LIST,      /* lista */
    DOC_ITEM,      /* punkt */
    DOC_QUOTE,     /* citat */
    DOC_TABLE,     /* tabell */
    DOC_CAPTION,   /* rubrik of a tabell, grupp, diagram or bild */
    DOC_COLUMN,    /* kolumn */
    DOC_HEADROW,   /* huvud */
    DOC_ROW,       /* rad */
    DOC_GROUP,     /* grupp */
    DOC_SUMROW,    /* summa */
    DOC_CELL,      /* cell */
    DOC_SOURCE,    /* kalla of a tabell */
    DOC_CHART,     /* diagram */
    DOC_IMAGE,     /* bild */
    DOC_PAGEBREAK, /* sidbrytning */
    DOC_TEXT,      /* character data */
    DOC_BOLD,      /* fet */
    DOC_ITALIC,    /* kursiv */
    DOC_LINK,      /* lank */
    DOC_REF,       /* ref */
    DOC_FOOTNOTE,  /* fotnot */
    DOC_KIND_COUNT
} doc_kind;

typedef struct doc_node doc_node;
typedef struct doc doc;

/* Metadata of the document (the metadata element). Absent fields are NULL. */
typedef struct {
    const char *titel, *undertitel, *organisation, *namnd, *forvaltning;
    const char *period_start, *period_slut; /* ISO dates */
    const char *datum;                      /* ISO date */
    const char *diarienummer, *forfattare, *beslutad;
    const char **nyckelord;
    size_t n_nyckelord;
    const char *logga_fil, *logga_alt;
    const char **undantag; /* rule ids switched off */
    size_t n_undantag;
} doc_meta;

/* --- the document ------------------------------------------------------ */

/* A new empty document for the file at path (copied). */
doc *doc_new(const char *path);
void doc_free(doc *d);
arena *doc_arena(doc *d);

/* Parts (issue 25): a child of the root built between doc_part_begin and
 * doc_part_end(d, child) has its nodes, texts and attributes in an arena
 * of its own. doc_release_part(d, child) takes it out of the tree and
 * frees all of it: the tables' computations, its nodes and texts; its
 * ids stay known (doc_has_id) but doc_find_id no longer gives their
 * nodes. Nothing may hold a pointer into it after. False (and nothing
 * done) for a node that is not a part's, or one already released.
 * doc_arena is the document's own arena, never a part's. */
void doc_part_begin(doc *d);
void doc_part_end(doc *d, doc_node *top);
bool doc_is_part(doc *d, const doc_node *top);
bool doc_release_part(doc *d, doc_node *top);
const char *doc_path(const doc *d);
/* The folder of the document's file ("." when none), for relative paths. */
const char *doc_dir(const doc *d);
doc_node *doc_root(const doc *d);
doc_meta *doc_metadata(doc *d);
const char *doc_type(const doc *d); /* rapport/@typ */
const char *doc_lang(const doc *d); /* rapport/@xml:lang, default "sv" */
void doc_set_type(doc *d, const char *typ);
void doc_set_lang(doc *d, const char *lang);

/* --- building (parse stage) -------------------------------------------- */

doc_node *doc_node_new(doc *d, doc_kind kind, uint32_t line, uint32_t col);
void doc_node_append_child(doc_node *parent, doc_node *child);
/* Inserts child into ref's parent just before ref (rows read from a data
 * file go before the summa row that totals them). */
void doc_node_insert_before(doc_node *ref, doc_node *child);
void doc_node_set_text(doc *d, doc_node *n, const char *text, size_t len);
/* Sets attribute name (copied) to value (copied). */
void doc_node_set_attr(doc *d, doc_node *n, const char *name,
                       const char *value);
void doc_node_remove(doc_node *n);
void doc_node_set_pos(doc_node *n, uint32_t line, uint32_t col);

/* --- positions inside text ---------------------------------------------- */

/* One anchor of a text node's position map: the code point at byte offset
 * off of the node's (final) text comes from source line:col. Between two
 * anchors the column grows by one per code point, so anchors are needed
 * only where that stops being true: at offset 0, at the first character
 * after a source line break, after white space that was collapsed, after
 * an entity reference. Columns count code points, 1-based. */
typedef struct {
    uint32_t off, line, col;
} doc_text_anchor;

/* Sets the position map of a DOC_TEXT node (copied into the arena). The
 * anchors are sorted by off and the first is at offset 0. doc_node_set_text
 * drops the map (the new text need not match it). */
void doc_node_set_text_map(doc *d, doc_node *n, const doc_text_anchor *a,
                           size_t count);
/* Keeps bytes [start, start + len) of a DOC_TEXT node's text (start and
 * start + len on code point boundaries) and moves the position map along,
 * so positions stay right after trimming. */
void doc_node_trim_text(doc *d, doc_node *n, size_t start, size_t len);

/* --- reading ------------------------------------------------------------ */

doc_kind doc_node_kind(const doc_node *n);
doc_node *doc_node_parent(const doc_node *n);
doc_node *doc_node_first_child(const doc_node *n);
doc_node *doc_node_last_child(const doc_node *n);
doc_node *doc_node_next(const doc_node *n);
doc_node *doc_node_prev(const doc_node *n);
uint32_t doc_node_line(const doc_node *n);
uint32_t doc_node_col(const doc_node *n);
/* Text of a DOC_TEXT node; NULL for other kinds. */
const char *doc_node_text(const doc_node *n);
/* Source line and column (code points, 1-based) of the character at
 * byte_offset of a DOC_TEXT node's text; an offset at or past the end gives
 * the position just after the last character. Without a position map (a
 * node not made by the parser), columns count from the node's own
 * position. Lines are exact; a column may be approximate only inside a word
 * that Unicode normalisation changed. */
void doc_node_text_pos(const doc_node *text, size_t byte_offset, uint32_t *line,
                       uint32_t *col);
/* Attribute value or NULL. */
const char *doc_node_attr(const doc_node *n, const char *name);
/* Typed attributes, decoded once when the attribute is set. */
#define DOC_MAX_SPAN 64 /* the schema's largest spann */
typedef enum {
    DOC_COL_TEXT,    /* typ="text", or none */
    DOC_COL_BELOPP,  /* amounts */
    DOC_COL_TAL,     /* other figures */
    DOC_COL_PROCENT, /* percentages */
    DOC_COL_STATUS   /* goal status words */
} doc_col_type;
/* What a DOC_ROW is (rad typ): data, a "varav" part of the row above,
 * or a group heading ("rubrik") with no figures. */
typedef enum { DOC_ROW_DATA, DOC_ROW_VARAV, DOC_ROW_RUBRIK } doc_row_type;
doc_row_type doc_row_type_of(const doc_node *row);
/* Columns a DOC_CELL spans (spann), 1 when not given. */
int doc_cell_span(const doc_node *cell);
/* The type of a DOC_COLUMN (kolumn typ). */
doc_col_type doc_column_type(const doc_node *column);
/* belopp, tal and procent: the columns of figures the tool formats. */
bool doc_col_type_numeric(doc_col_type t);
/* The first child of the given kind, or NULL. */
doc_node *doc_node_child(const doc_node *n, doc_kind kind);
/* Concatenated text of all DOC_TEXT descendants (footnotes excluded),
 * allocated in the document's arena; for a text node or a node whose one
 * child is a text node, that node's own string (no copy). Lives as long
 * as the document. */
const char *doc_node_plain_text(doc *d, const doc_node *n);
/* The same in memory of its own (free it), without touching the document:
 * safe to call from several threads at once. */
char *doc_node_plain_text_dup(const doc_node *n);
/* The same with each text node's text as text_of(node, ctx) gives it (an
 * output's printed form of it, resolve.h); malloc'd, free it. */
char *doc_node_join_text(const doc_node *n,
                         const char *(*text_of)(const doc_node *text,
                                                const void *ctx),
                         const void *ctx);
/* Element name of a kind ("avsnitt", ...). */
const char *doc_kind_name(doc_kind kind);

/* --- computed numbering (model_number) ---------------------------------- */

/* Assigns section numbers ("1", "1.2", ...), section depth (1-based), table
 * and figure numbers, and footnote numbers through the document. Sections
 * with numrerad="nej" get no number. Idempotent. */
void doc_number(doc *d);
const char *doc_node_number(const doc_node *n); /* "1.2"; NULL if none */
int doc_node_depth(const doc_node *n);          /* sections: 1-based */
int doc_node_seq(const doc_node *n); /* tables, figures, footnotes: 1-based */
/* The node with the given id attribute, or NULL. */
doc_node *doc_find_id(const doc *d, const char *id);
/* Whether some node has (or had, in a released part) the id. */
bool doc_has_id(const doc *d, const char *id);

/* --- typed numbering -------------------------------------------------------
 */

/* Numbering typed at the start of a heading's text: "2.1 Ekonomi",
 * "3. Resultat", "4) Mål", "10 Personal" (components of one or two digits,
 * a bare number only before a capital letter, so "2023 i korthet" and
 * "3 frågor" are text). Gives the number's bounds [*ns, *ne) and the bytes
 * to skip to the heading proper (*skip, spaces included). */
bool doc_typed_number(const char *text, size_t *ns, size_t *ne, size_t *skip);

/* --- walking -------------------------------------------------------------- */

/* Enter/exit iterator (cmark style): each node is visited on entry and, if
 * it has children, again on exit. No recursion: deep trees are fine. */
typedef enum { DOC_EV_NONE, DOC_EV_ENTER, DOC_EV_EXIT } doc_event;
typedef struct {
    doc_node *root, *cur;
    doc_event ev;
} doc_iter;
void doc_iter_init(doc_iter *it, doc_node *root);
/* The next event; DOC_EV_NONE at the end. *node receives the node. */
doc_event doc_iter_next(doc_iter *it, doc_node **node);
/* The next node entered (exit events passed over); false at the end.
 * For walks that only look at nodes on the way in:
 *   for (doc_node *n; doc_iter_enter(&it, &n);) ... */
bool doc_iter_enter(doc_iter *it, doc_node **node);
/* The next node of kind k entered, not looking inside it (a table's
 * cells are not searched for tables); false at the end. */
bool doc_iter_next_of(doc_iter *it, doc_kind k, doc_node **node);
/* Skips the children of the node just entered. */
void doc_iter_skip_children(doc_iter *it);

/* --- dump ------------------------------------------------------------------
 */

/* Writes a deterministic, indented text dump of the whole document
 * (metadata, then the tree with positions and computed numbers). */
void doc_dump(doc *d, FILE *out);

#endif
