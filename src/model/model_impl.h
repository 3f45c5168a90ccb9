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

struct doc_node {
    doc_kind kind;
    doc_node *parent, *first, *last, *next, *prev;
    uint32_t line, col;
    const char *text;
    const doc_text_anchor *anchors; /* position map of a DOC_TEXT node */
    uint32_t n_anchors;
    doc_attr *attrs;
    const char *number; /* computed section number */
    int depth;          /* computed section depth */
    int seq;            /* computed table/figure/footnote number */
    /* typed attributes, decoded once when set (doc_node_set_attr) */
    int span;                /* DOC_CELL: columns spanned (spann), 1..64 */
    doc_col_type col_type;   /* DOC_COLUMN: its typ */
    doc_row_type row_type;   /* DOC_ROW: its typ */
    struct calc_table *calc; /* DOC_TABLE: computed once (doc_table_calc) */
};

typedef struct id_entry {
    const char *id;
    doc_node *node;
} id_entry;

struct doc {
    arena *arena;
    char *path, *dir;
    const char *typ, *lang;
    doc_node *root;
    doc_meta meta;
    id_entry *ids;
    size_t n_ids, cap_ids;
    bool has_calcs; /* a table's computation is kept (doc_table_calc) */
    bool numbered;
};

#endif
