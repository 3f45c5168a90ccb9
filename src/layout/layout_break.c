/*
 * layout_break.c: breaking frags into lines, and emitting a line as boxes.
 *
 * First version: greedy (first fit) breaking at glue, words wider than the
 * measure are split between characters. Justified lines are set exactly
 * to the measure: the extra space is distributed over the visible spaces
 * as per-glyph adjustments (written as TJ arrays by the pdf stage), with
 * the rounding error carried forward so the line ends exactly at the
 * measure.
 */
#include <stdlib.h>
#include <string.h>

#include "layout_internal.h"

static void ll_push(line_list *ll, line_info li)
{
    if (ll->n == ll->cap) {
        ll->cap = ll->cap ? ll->cap * 2 : 16;
        ll->v = xrealloc(ll->v, ll->cap * sizeof *ll->v);
    }
    ll->v[ll->n++] = li;
}

/* Splits text frag i so that its first part is at most avail wide (at
 * least one character). */
static void split_frag(lctx *c, frag_list *fl, size_t i, int32_t avail)
{
    frag *f = &fl->v[i];
    uint32_t k = 0;
    int64_t em = 0;
    while (k < f->n) {
        int64_t next = em + font_advance(c->fs, f->font, f->cps[k]);
        if (k > 0 && next * f->size / 1000 > avail)
            break;
        em = next;
        k++;
    }
    if (k >= f->n)
        return;
    if (fl->n == fl->cap) {
        fl->cap = fl->cap * 2 + 8;
        fl->v = xrealloc(fl->v, fl->cap * sizeof *fl->v);
        f = &fl->v[i];
    }
    memmove(&fl->v[i + 2], &fl->v[i + 1], (fl->n - i - 1) * sizeof *fl->v);
    fl->n++;
    frag head = *f, tail = *f;
    head.n = k;
    tail.cps = f->cps + k;
    tail.n = f->n - k;
    int64_t hw = 0, tw = 0;
    for (uint32_t j = 0; j < head.n; j++)
        hw += font_advance(c->fs, f->font, head.cps[j]);
    for (uint32_t j = 0; j < tail.n; j++)
        tw += font_advance(c->fs, f->font, tail.cps[j]);
    head.width = (int32_t)(hw * f->size / 1000);
    tail.width = (int32_t)(tw * f->size / 1000);
    fl->v[i] = head;
    /* a zero-width break between the parts */
    frag brk;
    memset(&brk, 0, sizeof brk);
    brk.type = FRAG_GLUE;
    brk.font = f->font;
    brk.size = f->size;
    fl->v[i + 1] = brk;
    /* the tail goes after the break */
    memmove(&fl->v[i + 3], &fl->v[i + 2], (fl->n - i - 2) * sizeof *fl->v);
    fl->n++;
    if (fl->n > fl->cap) {
        /* cannot happen: reserved above with room for two */
    }
    fl->v[i + 2] = tail;
}

void break_lines(lctx *c, frag_list *fl, int32_t measure, line_list *out)
{
    out->n = 0;
    if (measure < 1000)
        measure = 1000;
    /* make room for splits */
    size_t i = 0;
    size_t line_start = 0;
    int32_t line_w = 0;
    int nglue = 0;
    while (i < fl->n) {
        if (fl->v[i].type == FRAG_GLUE && fl->v[i].forced) {
            /* a forced break ends the line, unjustified like a last line */
            size_t end = i;
            while (end > line_start && fl->v[end - 1].type == FRAG_GLUE) {
                end--;
                line_w -= fl->v[end].width;
                if (fl->v[end].visible_space)
                    nglue--;
            }
            ll_push(out, (line_info){line_start, end, line_w, nglue, true});
            line_start = ++i;
            line_w = 0;
            nglue = 0;
            continue;
        }
        /* the word starting at i: text frags up to the next glue */
        size_t j = i;
        int32_t word_w = 0;
        while (j < fl->n && fl->v[j].type == FRAG_TEXT)
            word_w += fl->v[j++].width;
        int32_t glue_w = 0;
        bool at_line_start = i == line_start;
        if (!at_line_start && fl->v[i - 1].type == FRAG_GLUE)
            glue_w = 0; /* the glue before this word is counted below */
        if (at_line_start && word_w > measure) {
            /* split the word so its first part fits */
            int32_t acc = 0;
            size_t k = i;
            while (k < j && acc + fl->v[k].width <= measure)
                acc += fl->v[k++].width;
            if (k < j) {
                if (fl->n + 2 > fl->cap) {
                    fl->cap = fl->n + 16;
                    fl->v = xrealloc(fl->v, fl->cap * sizeof *fl->v);
                }
                size_t before = fl->n;
                split_frag(c, fl, k, measure - acc);
                if (fl->n != before)
                    continue; /* look at the shorter word again */
                /* a single glyph wider than the measure: let it stand */
            }
        }
        if (!at_line_start && line_w + word_w > measure) {
            /* break before the glue preceding i */
            size_t end = i;
            if (end > line_start && fl->v[end - 1].type == FRAG_GLUE) {
                end--;
                line_w -= fl->v[end].width;
                if (fl->v[end].visible_space)
                    nglue--;
            }
            ll_push(out, (line_info){line_start, end, line_w, nglue, false});
            line_start = i;
            line_w = 0;
            nglue = 0;
            continue;
        }
        (void)glue_w;
        line_w += word_w;
        i = j;
        if (i < fl->n && fl->v[i].type == FRAG_GLUE && !fl->v[i].forced) {
            line_w += fl->v[i].width;
            if (fl->v[i].visible_space)
                nglue++;
            i++;
        }
    }
    if (line_start < fl->n || out->n == 0) {
        size_t end = fl->n;
        while (end > line_start && fl->v[end - 1].type == FRAG_GLUE) {
            end--;
            line_w -= fl->v[end].width;
            if (fl->v[end].visible_space)
                nglue--;
        }
        ll_push(out, (line_info){line_start, end, line_w, nglue, true});
    }
    if (out->n > 0)
        out->v[out->n - 1].last = true;
}

lbox *page_add(lctx *c, lpage *pg, lbox_kind kind)
{
    (void)c;
    if (pg->n == pg->cap) {
        pg->cap = pg->cap ? pg->cap * 2 : 64;
        pg->boxes = xrealloc(pg->boxes, pg->cap * sizeof *pg->boxes);
    }
    lbox *b = &pg->boxes[pg->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

typedef struct {
    uint32_t *cps;
    int32_t *adj;
    uint32_t n, cap;
    const frag *style;
    int32_t x0, x;
    bool any_adj;
} run;

static void run_flush(lctx *c, lpage *pg, run *r, int32_t baseline,
                      bool artifact)
{
    if (r->n == 0 || !r->style)
        return;
    const frag *s = r->style;
    lbox *b = page_add(c, pg, LBOX_TEXT);
    b->artifact = artifact;
    b->x = r->x0;
    b->y = baseline - s->rise;
    b->w = r->x - r->x0;
    b->h = s->size;
    b->color = s->color;
    b->font = s->font;
    b->size = s->size;
    b->n = r->n;
    uint32_t *cps = arena_alloc(c->a, r->n * sizeof *cps);
    memcpy(cps, r->cps, r->n * sizeof *cps);
    b->cps = cps;
    if (r->any_adj) {
        int32_t *adj = arena_alloc(c->a, r->n * sizeof *adj);
        memcpy(adj, r->adj, r->n * sizeof *adj);
        b->adj = adj;
    }
    if (s->link) {
        lbox *l = page_add(c, pg, LBOX_LINK);
        l->artifact = artifact;
        l->x = r->x0;
        l->y = baseline - s->rise - s->size * 8 / 10;
        l->w = r->x - r->x0;
        l->h = s->size;
        l->target = s->link;
        l->uri = s->uri;
    }
    r->n = 0;
    r->any_adj = false;
    r->style = NULL;
}

static void run_push(run *r, uint32_t cp, int32_t adj)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->cps = xrealloc(r->cps, r->cap * sizeof *r->cps);
        r->adj = xrealloc(r->adj, r->cap * sizeof *r->adj);
    }
    r->cps[r->n] = cp;
    r->adj[r->n] = adj;
    if (adj)
        r->any_adj = true;
    r->n++;
}

static bool same_style(const frag *a, const frag *b)
{
    return a && b && a->font == b->font && a->size == b->size &&
           a->color == b->color && a->rise == b->rise && a->link == b->link;
}

void emit_line(lctx *c, lpage *pg, const frag_list *fl, const line_info *li,
               int32_t x, int32_t baseline, int32_t measure, bool justify,
               int align, bool artifact)
{
    int32_t extra = measure - li->width;
    int32_t per_space_num = 0;
    int nspaces = li->nglue;
    if (!justify || li->last || nspaces == 0 || extra <= 0) {
        if (align == 1 && extra > 0)
            x += extra / 2;
        else if (align == 2 && extra > 0)
            x += extra;
        nspaces = 0;
    } else {
        per_space_num = extra;
    }
    run r = {0};
    r.x0 = r.x = x;
    int64_t target_x = x;
    int space_idx = 0;
    int64_t given = 0; /* extra mpt given out so far */
    for (size_t i = li->start; i < li->end; i++) {
        const frag *f = &fl->v[i];
        if (f->type == FRAG_GLUE) {
            if (!f->visible_space)
                continue;
            /* the space belongs to the current run (or starts one) */
            if (!r.style) {
                r.style = f;
                r.x0 = r.x;
            }
            int32_t add = 0;
            if (nspaces > 0) {
                space_idx++;
                int64_t t = (int64_t)per_space_num * space_idx / nspaces;
                add = (int32_t)(t - given);
                given = t;
            }
            target_x += f->width + add;
            /* the space glyph of the run's font, moved by a TJ adjustment
             * so that it ends exactly at target_x */
            const frag *rs = r.style;
            int32_t sp_w =
                (int32_t)((int64_t)font_advance(c->fs, rs->font, ' ') *
                          rs->size / 1000);
            int64_t want = (int64_t)target_x - r.x - sp_w;
            int64_t num = want * 1000000;
            int32_t adj_em =
                (int32_t)(num >= 0 ? (num + rs->size / 2) / rs->size
                                   : -((-num + rs->size / 2) / rs->size));
            run_push(&r, ' ', adj_em);
            r.x += sp_w + (int32_t)((int64_t)adj_em * rs->size / 1000000);
            continue;
        }
        if (!same_style(r.style, f)) {
            run_flush(c, pg, &r, baseline, artifact);
            r.style = f;
            r.x0 = r.x;
        }
        for (uint32_t k = 0; k < f->n; k++) {
            int32_t kern =
                k + 1 < f->n
                    ? 1000 * font_kern(c->fs, f->font, f->cps[k], f->cps[k + 1])
                    : 0;
            run_push(&r, f->cps[k], kern);
        }
        r.x += f->width;
        target_x += f->width;
    }
    run_flush(c, pg, &r, baseline, artifact);
    free(r.cps);
    free(r.adj);
}
