/*
 * layout_marks.c: where a draft's problems are on the pages.
 *
 * In a draft (layout_style.draft) the walk names each block it lays out
 * and the paginator records the page and the top of the block's first
 * item when it sets it: one small hook, no pass of its own. When the
 * problem list is made (layout_toc.c), each problem is matched to the
 * block its source line is in (resolved_problem_blocks), the block to
 * where it was set, and that place gets a named destination, which the
 * problem's entry links to, and a mark in the outer margin beside its
 * first line: the rule ids of its problems, small and red, one a line,
 * as page furniture (an artifact: not in the structure tree or in the
 * reading order, PDF 32000-1 14.8.2.2). Outside a draft nothing is
 * recorded and the pages are the same as without this file.
 */
#include <stdlib.h>
#include <string.h>

#include "layout_internal.h"

enum {
    MARK_SIZE = 7000,          /* the mark's type size, mpt */
    MARK_MIN_SIZE = 4000,      /* a long rule id is set smaller, to this */
    MARK_LEADING = 8500,       /* between the rule ids of one place */
    MARK_GAP = 3 * MPT_PER_MM, /* from the text block, and the page edge */
    MARK_MAX_RULES = 6,        /* rule ids shown at one place, then "…" */
    MARK_COLOR = 0xB00020,     /* the UTKAST mark's red, 7:1 on white */
};

void layout_mark_block(lctx *c, const doc_node *n)
{
    c->src = c->st->draft && n && resolve_is_place(doc_node_kind(n), false)
                 ? n
                 : NULL;
}

void layout_mark_begin(lctx *c)
{
    c->mark_src = c->src;
    c->src = NULL;
}

static void record(lctx *c, const doc_node *n, int32_t y)
{
    if (c->nmarks == c->cap_marks) {
        c->cap_marks = c->cap_marks ? c->cap_marks * 2 : 64;
        c->marks = xrealloc(c->marks, c->cap_marks * sizeof *c->marks);
    }
    /* (a page index fits: 2^32 pages would not fit in memory) */
    c->marks[c->nmarks++] =
        (struct lmark){n, NULL, (uint32_t)(c->ld->npages - 1), y};
}

void layout_mark_set(lctx *c, int32_t y)
{
    if (!c->mark_src)
        return;
    record(c, c->mark_src, y);
    c->mark_src = NULL;
}

void layout_mark_node(lctx *c, const doc_node *n, int32_t y)
{
    if (c->st->draft && n)
        record(c, n, y);
}

void layout_marks_move(lctx *c, size_t at, size_t nt)
{
    for (size_t i = 0; i < c->nmarks; i++)
        if (c->marks[i].page >= at)
            c->marks[i].page += (uint32_t)nt;
}

void layout_marks_free(lctx *c)
{
    free(c->marks);
    c->marks = NULL;
    c->nmarks = c->cap_marks = 0;
}

/* --- finding a block's place -----------------------------------------------
 */

/* The marks by node, for bsearch. */
typedef struct {
    const doc_node *node;
    size_t mark;
} by_node;

static int by_node_cmp(const void *x, const void *y)
{
    const by_node *a = x, *b = y;
    if (a->node != b->node)
        return (uintptr_t)a->node < (uintptr_t)b->node ? -1 : 1;
    return a->mark < b->mark ? -1 : a->mark > b->mark;
}

static size_t find(const by_node *v, size_t n, const doc_node *node)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the first entry of node: where it was first set */
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)v[mid].node < (uintptr_t)node)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo].node == node ? v[lo].mark : SIZE_MAX;
}

/* The place of block n: its own; for a list or quotation, which set
 * nothing of its own, its first item or paragraph's; else (an empty
 * paragraph, a list without items) the nearest enclosing block's. */
static size_t place_of(const by_node *v, size_t nv, const doc_node *n)
{
    for (const doc_node *d = n; d;) {
        size_t k = find(v, nv, d);
        if (k != SIZE_MAX)
            return k;
        doc_kind dk = doc_node_kind(d);
        if (dk != DOC_LIST && dk != DOC_QUOTE)
            break;
        const doc_node *ch = doc_node_first_child(d);
        while (ch && doc_node_kind(ch) != DOC_ITEM &&
               doc_node_kind(ch) != DOC_PARA)
            ch = doc_node_next(ch);
        d = ch;
    }
    for (const doc_node *d = doc_node_parent(n); d; d = doc_node_parent(d)) {
        size_t k = find(v, nv, d);
        if (k != SIZE_MAX)
            return k;
    }
    return SIZE_MAX;
}

/* --- the marks ---------------------------------------------------------------
 */

/* One rule id at baseline base on pg, from x, at most room wide: set
 * smaller when it is wider (not under MARK_MIN_SIZE). */
static void mark_line(lctx *c, lpage *pg, const char *text, int32_t x,
                      int32_t base, int32_t room)
{
    inline_style is = {FONT_SANS, MARK_SIZE, MARK_COLOR, true, false};
    frag_list fl = {0};
    line_list ll = {0};
    frags_from_text(c, text, is, &fl);
    int32_t w = frags_width(&fl);
    if (w > room && room > 0) {
        int64_t s = (int64_t)MARK_SIZE * room / w;
        is.size = s < MARK_MIN_SIZE ? MARK_MIN_SIZE : (int32_t)s;
        free(fl.v);
        fl = (frag_list){0};
        frags_from_text(c, text, is, &fl);
    }
    break_lines_mode(c, &fl, INT32_MAX / 2, BREAK_HEADING, &ll);
    if (ll.n)
        emit_line(c, pg, &fl, &ll.v[0], x, base, ll.v[0].width, false, 0, true);
    free(ll.v);
    free(fl.v);
}

/* A problem's place as (mark, problem index), sorted by place. */
typedef struct {
    size_t mark, i;
} at_pair;

static int at_cmp(const void *x, const void *y)
{
    const at_pair *a = x, *b = y;
    if (a->mark != b->mark)
        return a->mark < b->mark ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Sets the mark of place k for the problems pr[0, n) (all at k): its
 * destination at the block's top, the rule ids in the outer margin from
 * the block's first baseline, under *below (the foot of the mark set
 * before on the same page, else 0). */
static void mark_emit(lctx *c, size_t k, const at_pair *pr, size_t n,
                      int32_t *below, size_t *below_page)
{
    const layout_style *st = c->st;
    struct lmark *m = &c->marks[k];
    lpage *pg = &c->ld->pages[m->page];
    page_frame f = layout_page_frame(st, pg->landscape);
    m->dest = arena_printf(c->a, "utkast-%zu", k);
    lbox *d = page_add(c, pg, LBOX_DEST);
    d->x = f.x0;
    d->y = m->y;
    d->target = m->dest;
    /* the rule ids, each once, in the order of the problems */
    const char *rules[MARK_MAX_RULES + 1];
    size_t nr = 0;
    bool more = false;
    for (size_t j = 0; j < n; j++) {
        const diag *dg = diag_get(c->dl, pr[j].i);
        const char *r = dg->rule[0]
                            ? dg->rule
                            : resolve_word(c->lang, dg->severity == DIAG_ERROR
                                                        ? WORD_ERROR
                                                        : WORD_WARNING);
        bool seen = false;
        for (size_t q = 0; q < nr && !seen; q++)
            seen = strcmp(rules[q], r) == 0;
        if (seen)
            continue;
        if (nr == MARK_MAX_RULES) {
            more = true;
            break;
        }
        rules[nr++] = r;
    }
    if (more)
        rules[nr++] = "\xE2\x80\xA6"; /* … */
    int32_t x = f.x0 + f.measure + MARK_GAP;
    int32_t room = f.w - x - MARK_GAP;
    int32_t base = layout_baseline(m->y, st->body_leading, st->body_size);
    if (*below_page == m->page && base - MARK_SIZE < *below)
        base = *below + MARK_SIZE;
    uint32_t saved = c->se;
    c->se = 0; /* furniture: an artifact */
    for (size_t q = 0; q < nr; q++, base += MARK_LEADING)
        mark_line(c, pg, rules[q], x, base, room);
    c->se = saved;
    *below = base - MARK_LEADING + MARK_SIZE / 3;
    *below_page = m->page;
}

size_t *layout_marks_place(lctx *c, size_t n)
{
    if (n == 0)
        return NULL;
    /* the blocks' places taken before the model's parts were given up
     * (parts_release, layout.c), or now */
    const doc_node **blk =
        c->places ? resolved_problem_blocks_at(c->res, c->a, c->dl, c->places)
                  : resolved_problem_blocks(c->res, c->a, c->dl);
    size_t *at = xmalloc(n * sizeof *at);
    by_node *v = xmalloc((c->nmarks ? c->nmarks : 1) * sizeof *v);
    for (size_t k = 0; k < c->nmarks; k++)
        v[k] = (by_node){c->marks[k].node, k};
    qsort(v, c->nmarks, sizeof *v, by_node_cmp);
    at_pair *pr = xmalloc(n * sizeof *pr);
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        const diag *d = diag_get(c->dl, i);
        at[i] = SIZE_MAX;
        if (!blk[i] || !diag_is_shown(c->dl, d))
            continue;
        at[i] = place_of(v, c->nmarks, blk[i]);
        if (at[i] != SIZE_MAX)
            pr[np++] = (at_pair){at[i], i};
    }
    free(v);
    /* the places in the order they were set, so that the marks of two
     * blocks close together stand one under the other */
    qsort(pr, np, sizeof *pr, at_cmp);
    int32_t below = 0;
    size_t below_page = SIZE_MAX;
    for (size_t j = 0; j < np;) {
        size_t e = j;
        while (e < np && pr[e].mark == pr[j].mark)
            e++;
        mark_emit(c, pr[j].mark, pr + j, e - j, &below, &below_page);
        j = e;
    }
    free(pr);
    return at;
}
