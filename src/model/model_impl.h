/*
 * model_impl.h: the body of the model's types. Only the model files include it;
 * every other stage uses the accessors of model.h.
 */
#ifndef ARSRAPPORT_MODEL_IMPL_H
#define ARSRAPPORT_MODEL_IMPL_H

#include "model.h"

typedef struct doc_attr {
    const char *name, *value;
    struct doc_attr *next;
} doc_attr;

/* What few elements have, out of line: attributes (a column's typ, a
 * table's, an id), the computed numbers of sections, tables, figures and
 * footnotes, a table's kept computation. */
typedef struct doc_node_ext {
    doc_attr *attrs;
    const char *number;      /* computed section number */
    int depth;               /* computed section depth */
    int seq;                 /* computed table/figure/footnote number */
    struct calc_table *calc; /* DOC_TABLE: computed once (doc_table_calc) */
} doc_node_ext;

/* A node is 56 bytes (it was 128; a 500-page report has 80 000 of them):
 * kind and the typed attributes in a byte each, the last child found
 * through the first child's prev (the siblings' prev links are a ring),
 * what a text node has (text, position map) sharing the room of what an
 * element has (children, attributes and numbers out of line). */
enum {
    NODE_ANCHOR0 = 1, /* DOC_TEXT: its map is the one anchor {0, line, c},
                         c kept in n_anchors, nothing stored out of line */
    NODE_PART = 2     /* the top of a part (doc_part_begin) not released */
};
struct doc_node {
    uint8_t kind;         /* doc_kind */
    uint8_t span;         /* DOC_CELL: columns spanned (spann), 1..64 */
    uint8_t col_type;     /* DOC_COLUMN: its typ (doc_col_type) */
    uint8_t row_type : 4; /* DOC_ROW: its typ (doc_row_type) */
    uint8_t flags : 4;    /* NODE_ANCHOR0, NODE_PART */
    uint32_t line, col;
    uint32_t n_anchors; /* DOC_TEXT: entries of u.tx.anchors; with
                           NODE_ANCHOR0 the one anchor's column */
    doc_node *parent, *next;
    doc_node *prev; /* the previous sibling; the first child's is the last */
    union {
        struct {
            doc_node *first;
            doc_node_ext *ext; /* NULL until needed */
        } el;                  /* every kind but DOC_TEXT */
        struct {
            const char *text;
            const doc_text_anchor *anchors; /* position map */
        } tx;                               /* DOC_TEXT */
    } u;
};

/* The out-of-line part of element n, made on first use (n is not a text
 * node). */
doc_node_ext *doc_node_ext_of(doc *d, doc_node *n);

typedef struct id_entry {
    const char *id; /* in the document's own arena: outlives a part */
    doc_node *node; /* NULL once its part is released */
} id_entry;

/* A part of the document (doc_part_begin): a child of the root and
 * everything in it, built in its group's arena; ids[id_lo, id_hi) are the
 * ids set while it was built. Consecutive parts share a group until its
 * arena holds PART_GROUP bytes; the arena is freed once the group is
 * closed (a newer one started) and all its parts are released. */
typedef struct doc_part {
    doc_node *top; /* NULL once released */
    size_t group;
    size_t id_lo, id_hi;
} doc_part;

/* Where nodes and short texts are cut from (doc_node_new, copy_text). */
typedef struct doc_pools {
    doc_node *pool; /* nodes are cut from arrays of NODE_POOL */
    size_t pool_left;
    char *chars; /* short texts are packed here, unaligned */
    size_t chars_left;
} doc_pools;

typedef struct doc_group {
    arena *a;        /* NULL once freed */
    size_t alive;    /* parts not released */
    doc_pools pools; /* the group's, between its parts */
} doc_group;

struct doc {
    arena *arena; /* where nodes go now: own, or a part's while it is built */
    arena *own;   /* the document's own arena, freed with it */
    doc_part *parts;
    size_t nparts, cap_parts, part_hint;
    doc_group *groups;
    size_t ngroups, cap_groups;
    size_t released;   /* bytes of groups freed since the heap gave back */
    size_t part_group; /* bytes of a group (0: not read yet) */
    bool in_part;      /* between doc_part_begin and doc_part_end */
    char *path, *dir;
    const char *typ, *lang;
    doc_node *root;
    doc_meta meta;
    id_entry *ids;
    size_t n_ids, cap_ids;
    /* the pools in use: the document's own, or a group's while one of
     * its parts is built; the other kept in own_pools or the group */
    doc_pools pools;
    doc_pools own_pools;
    bool has_calcs; /* a table's computation is kept (doc_table_calc) */
    bool numbered;
};

#endif
