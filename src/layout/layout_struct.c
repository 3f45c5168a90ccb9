/*
 * layout_struct.c: the document's logical structure as layout places it.
 *
 * Each place in layout that sets content opens the element it sets (a
 * paragraph, a heading, a table cell) before its boxes are made and
 * closes it after; page_add stamps every new box with the current
 * element. Page furniture is set with no current element (0) and is
 * painted as an artifact. The painter (pdf_tag.c) turns the elements
 * into the structure tree of a tagged PDF (PDF/UA-1, ISO 14289-1 7.1).
 */
#include <stdlib.h>
#include <string.h>

#include "layout_internal.h"

/* held until the file is saved, tens of thousands of them */
_Static_assert(sizeof(lelem) <= 32, "a structure element in 32 bytes");

uint32_t layout_se_new(lctx *c, const char *role, uint32_t parent)
{
    layout_doc *ld = c->ld;
    if (ld->nelems == c->cap_elems) {
        c->cap_elems = c->cap_elems ? c->cap_elems * 2 : 256;
        ld->elems = xrealloc(ld->elems, c->cap_elems * sizeof *ld->elems);
    }
    uint32_t id = (uint32_t)ld->nelems++;
    ld->elems[id] = (lelem){.role = role, .parent = parent ? parent : 1};
    return id;
}

uint32_t layout_se_begin(lctx *c, const char *role)
{
    uint32_t prev = c->se;
    c->se = layout_se_new(c, role, prev);
    return prev;
}

void layout_se_init(lctx *c)
{
    layout_se_new(c, "", 0);         /* 0: no element */
    layout_se_new(c, "Document", 0); /* 1: the root */
    c->ld->elems[1].parent = 0;
    c->se = 1;
}

void layout_se_finish(lctx *c)
{
    layout_doc *ld = c->ld;
    lelem *v = arena_alloc(c->a, (ld->nelems + 1) * sizeof *v);
    if (ld->nelems)
        memcpy(v, ld->elems, ld->nelems * sizeof *v);
    free(ld->elems);
    ld->elems = v;
}
