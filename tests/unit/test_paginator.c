/* test_paginator.c: the one paginator (layout_paginate.c) on synthetic
 * items, with the stub font and the default style: a paragraph's widow and
 * orphan rules, a held heading kept with the next block, items repeated at
 * the top of every page a block continues on, footnotes at the foot of
 * the page whose line references them, an item taller than a page (placed,
 * never an endless loop; a row split line by line), and the line breaker
 * as a function of its fragments and width alone. */
#include <stdlib.h>

#include "../../src/layout/layout_internal.h"
#include "../../src/parse/parse.h"
#include "fixture.h"
#include "harness.h"

typedef struct {
    lctx c;
    doc *d;
    font_set *fs;
    arena *a;
    diag_list *dl;
    layout_doc ld;
    layout_style st;
} pfix;

/* What the items were set as: page index, y, item index, repeat. */
enum { MAX_LOG = 512 };
typedef struct {
    size_t page;
    int32_t y;
    size_t idx;
    bool repeat;
} log_entry;
static log_entry plog[MAX_LOG];
static size_t nplog;

static void log_emit(lctx *c, const lf_item *it, int32_t y, bool repeat)
{
    if (nplog < MAX_LOG)
        plog[nplog++] = (log_entry){c->ld->npages - 1, y, it->idx, repeat};
    lbox *b = page_add(c, c->pg, LBOX_RULE); /* something on the page */
    b->x = c->x0;
    b->y = y;
    b->w = 1000;
    b->h = it->h > 0 ? it->h : 1;
}

static void log_part(lctx *c, const lf_item *it, int32_t y, int32_t l0,
                     int32_t n)
{
    (void)l0;
    (void)n;
    log_emit(c, it, y, false);
}

static void pfix_init(pfix *f, const char *body)
{
    char xml[4096];
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<rapport xmlns=\"urn:arsrapport:1\" typ=\"delarsrapport\">"
             "<metadata><titel>T</titel><organisation>O</organisation>"
             "<datum>2023-09-12</datum></metadata>%s</rapport>\n",
             body);
    memset(f, 0, sizeof *f);
    nplog = 0;
    f->dl = diag_list_new(LANG_SV);
    f->d = parse_memory(test_schema(), "t.xml", xml, strlen(xml), f->dl);
    doc_number(f->d);
    f->fs = font_set_stub();
    f->a = arena_new();
    layout_style_default(&f->st);
    f->c.d = f->d;
    f->c.fs = f->fs;
    f->c.st = &f->st;
    f->c.a = f->a;
    f->c.fa = f->a; /* frags too: the fixture frees one arena */
    f->c.dl = f->dl;
    f->c.ld = &f->ld;
    f->c.res = f->c.own_res = resolve_document(f->d);
    f->c.lang = resolved_language(f->c.res);
    f->c.note_measure = layout_page_frame(&f->st, false).measure;
    layout_se_init(&f->c);
    layout_new_page(&f->c);
}

static void pfix_free(pfix *f)
{
    for (size_t i = 0; i < f->ld.npages; i++)
        layout_page_release(&f->ld.pages[i]);
    free(f->ld.pages);
    free(f->ld.outline);
    free(f->c.notes);
    pag_free(&f->c);
    free(f->c.run_cps);
    free(f->c.run_adj);
    layout_hyph_cache_free(&f->c.hyph_cache);
    layout_glyphs_free(&f->c);
    layout_elems_free(&f->ld);
    resolved_free(f->c.own_res);
    arena_free(f->a);
    font_set_free(f->fs);
    doc_free(f->d);
    diag_list_free(f->dl);
}

/* n items of height h, emitted into the log. */
static void block_of(lf_block *b, size_t n, int32_t h)
{
    for (size_t i = 0; i < n; i++)
        lf_push(b, (lf_item){.h = h, .emit = log_emit, .idx = i});
}

/* The text block's height (portrait, no foot). */
static int32_t block_h(const pfix *f)
{
    page_frame fr = layout_page_frame(&f->st, false);
    return fr.bottom - fr.top;
}

TEST(test_paginator_widows_and_orphans)
{
    /* room for exactly 3 more lines at the foot: a 4-line paragraph would
     * leave one line (a widow) on the next page, so two go over; a 3-line
     * paragraph moved whole when only 2 fit */
    pfix f;
    pfix_init(&f, "");
    int32_t lh = 15000;
    f.c.y = f.c.bottom - 3 * lh;
    lf_block b = {0};
    block_of(&b, 4, lh);
    lf_no_widows_orphans(&b);
    b.flags = LF_COUNT_WIDOWS;
    pag_place(&f.c, &b);
    CHECK_INT(nplog, 4);
    CHECK_INT(plog[0].page, 0);
    CHECK_INT(plog[1].page, 0);
    CHECK_INT(plog[2].page, 1); /* two on the next page, not one */
    CHECK_INT(plog[3].page, 1);
    CHECK_INT(f.ld.stats.widows, 0);
    CHECK_INT(f.ld.stats.orphans, 0);
    lf_block_free(&b);

    nplog = 0;
    f.c.y = f.c.bottom - 2 * lh;
    block_of(&b, 3, lh);
    lf_no_widows_orphans(&b);
    pag_place(&f.c, &b);
    CHECK_INT(nplog, 3);
    for (size_t i = 0; i < nplog; i++)
        CHECK_INT(plog[i].page, 2); /* whole on a new page */
    CHECK_INT(plog[0].y, f.c.top);
    lf_block_free(&b);

    /* without the rules the same lines break where they fall */
    nplog = 0;
    f.c.y = f.c.bottom - 2 * lh;
    block_of(&b, 3, lh);
    pag_place(&f.c, &b);
    CHECK_INT(plog[0].page, 2);
    CHECK_INT(plog[1].page, 2);
    CHECK_INT(plog[2].page, 3);
    lf_block_free(&b);
    pfix_free(&f);
}

TEST(test_paginator_held_heading_kept_with_next)
{
    /* a held heading and the first two lines of a paragraph do not fit:
     * the heading moves with them, the space before it dropped at the top
     * of the new page */
    pfix f;
    pfix_init(&f, "");
    int32_t lh = 15000;
    f.c.y = f.c.bottom - 2 * lh;
    lf_block hd = {0};
    lf_push(&hd, (lf_item){.h = lh, .emit = log_emit, .idx = 100});
    pag_hold(&f.c, &hd, 20000, 1, NULL, NULL);
    CHECK_INT(pag_held(&f.c), 1);
    CHECK_INT(pag_held_level(&f.c), 1);
    lf_block b = {0};
    block_of(&b, 5, lh);
    lf_no_widows_orphans(&b);
    pag_place(&f.c, &b);
    CHECK_INT(pag_held(&f.c), 0);
    CHECK_INT(nplog, 6);
    CHECK_INT(plog[0].idx, 100);
    CHECK_INT(plog[0].page, 1);
    CHECK_INT(plog[0].y, f.c.top); /* its gap dropped at the top */
    CHECK_INT(plog[1].page, 1);
    CHECK_INT(plog[1].y, f.c.top + lh);
    lf_block_free(&b);
    pfix_free(&f);
}

TEST(test_paginator_repeated_items)
{
    /* a block of 150 rows of 10 pt continues over several pages: every
     * continuation page starts with the repeated item, marked as a
     * repeat, and the rule item is set at the foot of each page it
     * breaks at */
    pfix f;
    pfix_init(&f, "");
    int32_t rh = 10000;
    lf_block b = {.flags = LF_ROWS};
    lf_push(&b, (lf_item){.h = 20000, .emit = log_emit, .idx = 1000});
    b.head_from = b.head_to = b.rows_from = b.n;
    for (size_t i = 0; i < 150; i++)
        lf_push(&b, (lf_item){.h = rh,
                              .emit = log_emit,
                              .emit_part = log_part,
                              .unit = rh,
                              .idx = i,
                              .keep_next = true});
    b.rows_to = b.n;
    lf_item rep = {.h = 12000, .emit = log_emit, .idx = 2000};
    lf_item brk = {.emit = log_emit, .idx = 3000};
    b.rep = &rep;
    b.nrep = 1;
    b.brk = &brk;
    b.cont_top_h = 12000;
    pag_place(&f.c, &b);
    size_t pages = f.ld.npages, reps = 0, brks = 0, rows = 0;
    CHECK(pages >= 3);
    for (size_t i = 0; i < nplog; i++) {
        if (plog[i].idx == 2000) {
            reps++;
            CHECK(plog[i].repeat);
            CHECK_INT(plog[i].y, f.c.top); /* first on its page */
        } else if (plog[i].idx == 3000) {
            brks++;
        } else if (plog[i].idx < 150) {
            CHECK_INT(plog[i].idx, rows); /* every row once, in order */
            rows++;
        }
    }
    CHECK_INT(rows, 150);
    CHECK_INT(reps, pages - 1);
    CHECK_INT(brks, pages - 1);
    CHECK_INT(f.ld.stats.table_breaks, pages - 1);
    lf_block_free(&b);
    pfix_free(&f);
}

TEST(test_paginator_footnote_on_reference_page)
{
    /* the line that references a footnote goes to the page whose foot
     * takes the note: set near the foot, where the line fits but not with
     * its note, both move to the next page */
    pfix f;
    pfix_init(&f, "<avsnitt><rubrik>R</rubrik><stycke>Text<fotnot>En not "
                  "om texten.</fotnot> efter.</stycke></avsnitt>");
    const doc_node *sec = doc_node_first_child(doc_root(f.d));
    while (sec && doc_node_kind(sec) != DOC_SECTION)
        sec = doc_node_next(sec);
    CHECK(sec != NULL);
    if (!sec) {
        pfix_free(&f);
        return;
    }
    const doc_node *p = doc_node_child(sec, DOC_PARA);
    frag_list fl = {0};
    inline_style is = {FONT_SERIF, 11000, 0, false, false};
    frags_from_inline(&f.c, p, is, &fl);
    pag_notes_register(&f.c);
    f.c.nnotes = 0;
    line_list ll = {0};
    break_lines(&f.c, &fl, f.c.measure, &ll);
    CHECK_INT(ll.n, 1);
    int32_t lh = 15000;
    f.c.y = f.c.bottom - lh - 1000; /* the line fits, its note does not */
    lf_block b = {0};
    lf_push(
        &b,
        (lf_item){
            .h = lh, .fl = &fl, .li = &ll.v[0], .emit = log_emit, .idx = 0});
    pag_place(&f.c, &b);
    pag_finish(&f.c);
    CHECK_INT(nplog, 1);
    CHECK_INT(plog[0].page, 1);
    /* the note's destination is on the page of the line */
    size_t at = SIZE_MAX;
    for (size_t pg = 0; pg < f.ld.npages; pg++)
        for (size_t i = 0; i < f.ld.pages[pg].n; i++) {
            const lbox *bx = &f.ld.pages[pg].boxes[i];
            if (bx->kind == LBOX_DEST && bx->target &&
                strcmp(bx->target, "fotnot-1") == 0)
                at = pg;
        }
    CHECK_INT(at, 1);
    CHECK_INT(f.ld.stats.footnotes, 1);
    lf_block_free(&b);
    free(ll.v);
    free(fl.v);
    pfix_free(&f);
}

TEST(test_paginator_item_taller_than_page)
{
    /* an item twice the text block is set at the top of a page (it
     * overflows rather than loop), the next item after it on a new page */
    pfix f;
    pfix_init(&f, "");
    f.c.y = f.c.top + 50000;
    lf_block b = {0};
    block_of(&b, 3, 2 * block_h(&f));
    pag_place(&f.c, &b);
    CHECK_INT(nplog, 3);
    CHECK_INT(plog[0].page, 1);
    CHECK_INT(plog[1].page, 2);
    CHECK_INT(plog[2].page, 3);
    for (size_t i = 0; i < nplog; i++)
        CHECK_INT(plog[i].y, f.c.top);
    lf_block_free(&b);

    /* the same as one whole unit, with a heading held for it: both set
     * on one page */
    nplog = 0;
    lf_block hd = {0};
    lf_push(&hd, (lf_item){.h = 15000, .emit = log_emit, .idx = 100});
    pag_hold(&f.c, &hd, 0, 1, NULL, NULL);
    lf_block w = {.flags = LF_WHOLE};
    block_of(&w, 1, 2 * block_h(&f));
    pag_place(&f.c, &w);
    CHECK_INT(nplog, 2);
    CHECK_INT(plog[0].page, plog[1].page);
    lf_block_free(&w);

    /* a row taller than a page is split line by line: parts on three
     * pages, each page holding at least one line */
    nplog = 0;
    layout_new_page(&f.c);
    size_t before = f.ld.npages;
    int32_t unit = 10000, lines = (int32_t)(2 * block_h(&f) / unit) + 5;
    lf_block r = {.flags = LF_ROWS};
    r.head_from = r.head_to = r.rows_from = 0;
    lf_push(&r, (lf_item){.h = lines * unit,
                          .emit = log_emit,
                          .emit_part = log_part,
                          .unit = unit,
                          .keep_next = true});
    r.rows_to = r.n;
    pag_place(&f.c, &r);
    CHECK_INT(nplog, 3);
    CHECK_INT(f.ld.npages - before, 2);
    lf_block_free(&r);
    pfix_free(&f);
}

TEST(test_paginator_breaker_ignores_page_state)
{
    /* the line breaker is a function of its fragments and width: the
     * same paragraph broken with the cursor anywhere, on any page, with
     * a foot or without, gives the same lines */
    pfix f;
    pfix_init(&f, "");
    static const char *text =
        "Nämnden har under perioden arbetat med verksamhetsplanen och "
        "uppföljningen av de kommunövergripande målen, med särskilt fokus "
        "på kompetensförsörjning och arbetsmarknadsåtgärder.";
    inline_style is = {FONT_SERIF, 11000, 0, false, false};
    frag_list a = {0}, b2 = {0};
    line_list la = {0}, lb = {0};
    frags_from_text(&f.c, text, is, &a);
    break_lines(&f.c, &a, 200000, &la);
    layout_new_page(&f.c);
    f.c.y = f.c.bottom - 1;
    f.c.foot_h = 90000;
    f.c.space = 40000;
    frags_from_text(&f.c, text, is, &b2);
    break_lines(&f.c, &b2, 200000, &lb);
    CHECK(la.n > 1);
    CHECK_INT(la.n, lb.n);
    for (size_t i = 0; i < la.n && i < lb.n; i++) {
        CHECK_INT(la.v[i].start, lb.v[i].start);
        CHECK_INT(la.v[i].end, lb.v[i].end);
        CHECK_INT(la.v[i].width, lb.v[i].width);
    }
    f.c.foot_h = 0;
    free(la.v);
    free(lb.v);
    free(a.v);
    free(b2.v);
    pfix_free(&f);
}
