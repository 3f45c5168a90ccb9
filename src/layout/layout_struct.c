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

#include "../common/bykey.h"
#include "layout_internal.h"

/* held until the file is saved, tens of thousands of them */
_Static_assert(sizeof(lelem) <= 12, "a structure element in 12 bytes");

/* The index of role name in ld->roles, added when new: the few names
 * of the standard structure types (resolved_role and layout's own), so
 * a look along them is short; first by address, among the addresses
 * met so far. */
static uint16_t role_index(lctx *c, const char *role)
{
    for (int k = c->nrole_seen; k-- > 0;)
        if (c->role_seen[k] == role)
            return c->role_seen_index[k];
    layout_doc *ld = c->ld;
    size_t i = ld->nroles;
    while (i > 0 &&
           !(ld->roles[i - 1] == role ||
             (ld->roles[i - 1] && role && strcmp(ld->roles[i - 1], role) == 0)))
        i--;
    if (i > 0) {
        i--;
    } else {
        if (ld->nroles > UINT16_MAX)
            abort(); /* cannot happen: the names are a fixed set */
        if ((ld->nroles & (ld->nroles - 1)) == 0) /* 0 or a power of two */
            ld->roles = xrealloc(ld->roles, (ld->nroles ? ld->nroles * 2 : 16) *
                                                sizeof *ld->roles);
        i = ld->nroles++;
        ld->roles[i] = role;
    }
    if (c->nrole_seen < (int)(sizeof c->role_seen / sizeof *c->role_seen)) {
        c->role_seen[c->nrole_seen] = role;
        c->role_seen_index[c->nrole_seen++] = (uint16_t)i;
    }
    return (uint16_t)i;
}

uint32_t layout_se_new(lctx *c, const char *role, uint32_t parent)
{
    layout_doc *ld = c->ld;
    if (ld->nelems == ld->nchunks * LELEM_CHUNK) {
        if (ld->nelems >= UINT32_MAX - LELEM_CHUNK)
            die_oom();
        if ((ld->nchunks & (ld->nchunks - 1)) == 0) /* 0 or a power of 2 */
            ld->elem_chunks =
                xrealloc(ld->elem_chunks, (ld->nchunks ? ld->nchunks * 2 : 8) *
                                              sizeof *ld->elem_chunks);
        ld->elem_chunks[ld->nchunks++] =
            xmalloc(LELEM_CHUNK * sizeof **ld->elem_chunks);
    }
    uint32_t id = (uint32_t)ld->nelems++;
    *layout_elem(ld, id) =
        (lelem){.role = role_index(c, role), .parent = parent ? parent : 1};
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
    layout_elem(c->ld, 1)->parent = 0;
    c->se = 1;
}

void layout_se_finish(lctx *c)
{
    layout_doc *ld = c->ld;
    size_t used = ld->nelems % LELEM_CHUNK;
    if (ld->nchunks && used)
        ld->elem_chunks[ld->nchunks - 1] = xrealloc(
            ld->elem_chunks[ld->nchunks - 1], used * sizeof **ld->elem_chunks);
}

/* Element e's extra, made when it has none. */
static lelem_extra *extra_of(lctx *c, uint32_t e)
{
    layout_doc *ld = c->ld;
    /* the elements come in ascending order: an append, or a move of the
     * few after it */
    size_t at = ld->nextras;
    while (at > 0 && ld->extras[at - 1].elem >= e)
        at--;
    if (at < ld->nextras && ld->extras[at].elem == e)
        return &ld->extras[at];
    if ((ld->nextras & (ld->nextras - 1)) == 0) /* 0 or a power of two */
        ld->extras = xrealloc(ld->extras, (ld->nextras ? ld->nextras * 2 : 8) *
                                              sizeof *ld->extras);
    memmove(ld->extras + at + 1, ld->extras + at,
            (ld->nextras - at) * sizeof *ld->extras);
    ld->extras[at] = (lelem_extra){e, 1, NULL};
    ld->nextras++;
    layout_elem(ld, e)->extra = true;
    return &ld->extras[at];
}

void layout_se_set_alt(lctx *c, uint32_t e, const char *alt)
{
    if (alt)
        extra_of(c, e)->alt = arena_strdup(c->a, alt);
}

void layout_se_set_colspan(lctx *c, uint32_t e, int32_t colspan)
{
    if (colspan > 1)
        extra_of(c, e)->colspan = colspan;
}

_Static_assert(offsetof(lelem_extra, elem) == 0,
               "keyed by element first (bykey.h)");

static const lelem_extra *extra_get(const layout_doc *ld, size_t i)
{
    if (!layout_elem(ld, i)->extra)
        return NULL;
    size_t k =
        bykey_find(ld->extras, ld->nextras, sizeof *ld->extras, (uint32_t)i);
    return k < ld->nextras ? &ld->extras[k] : NULL;
}

const char *layout_elem_alt(const layout_doc *ld, size_t i)
{
    const lelem_extra *x = extra_get(ld, i);
    return x ? x->alt : NULL;
}

int32_t layout_elem_colspan(const layout_doc *ld, size_t i)
{
    const lelem_extra *x = extra_get(ld, i);
    return x ? x->colspan : 1;
}

void layout_elems_free(layout_doc *ld)
{
    for (size_t k = 0; k < ld->nchunks; k++)
        free(ld->elem_chunks[k]);
    free(ld->elem_chunks);
    free(ld->roles);
    free(ld->extras);
    ld->elem_chunks = NULL;
    ld->roles = NULL;
    ld->extras = NULL;
    ld->nchunks = ld->nroles = ld->nextras = 0;
}
