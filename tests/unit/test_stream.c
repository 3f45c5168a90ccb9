/* test_stream.c: pages streamed from the paginator to a sink (issue 25).
 * A document with contents (laid out after the body, moved in front of
 * it) and a draft's problem page and margin marks is laid out whole and
 * streamed, with the stub font. Each streamed page, its content as the
 * sink got it followed by its furniture, must be the whole layout's page
 * box for box, in the file's order after the move; and while pages are
 * handed over, only the page being handed over and the one being filled
 * (and the contents' pages, held until their numbers are written) may
 * hold boxes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/layout/layout.h"
#include "fixture.h"
#include "harness.h"

/* One line per box: kind, place, size and text or target. */
static void put_box(sbuf *b, const lbox *x)
{
    char t[160];
    snprintf(t, sizeof t, "%d %d %d %d %u %u", (int)x->kind, (int)x->x,
             (int)x->y, (int)x->w, (unsigned)x->se, (unsigned)x->artifact);
    sbuf_put(b, t);
    if (x->kind == LBOX_TEXT) {
        for (uint32_t i = 0; i < x->n; i++) {
            snprintf(t, sizeof t, " %X", (unsigned)x->cps[i]);
            sbuf_put(b, t);
        }
    } else if ((x->kind == LBOX_LINK || x->kind == LBOX_DEST) && x->target) {
        sbuf_put(b, " ");
        sbuf_put(b, x->target);
    }
    sbuf_put(b, "\n");
}

typedef struct {
    sbuf *pages; /* by layout index, moved as layout moves its pages */
    size_t cap;
    size_t calls, furniture;
    size_t most_boxed; /* pages holding boxes at a page call, at most */
    size_t held;       /* the contents' pages (after the move) */
    bool order_ok;     /* furniture calls in page order, after all pages */
    size_t next_furniture;
} recorder;

static void grow(recorder *r, size_t n)
{
    if (n <= r->cap)
        return;
    r->pages = realloc(r->pages, n * sizeof *r->pages);
    memset(r->pages + r->cap, 0, (n - r->cap) * sizeof *r->pages);
    r->cap = n;
}

static void rec_page(void *ctx, layout_doc *ld, size_t index)
{
    recorder *r = ctx;
    grow(r, ld->npages);
    size_t boxed = 0;
    for (size_t i = 0; i < ld->npages; i++)
        boxed += ld->pages[i].n > 0;
    if (boxed > r->most_boxed)
        r->most_boxed = boxed;
    r->calls++;
    if (r->furniture)
        r->order_ok = false;
    for (size_t k = 0; k < ld->pages[index].n; k++)
        put_box(&r->pages[index], &ld->pages[index].boxes[k]);
}

static void rec_move(void *ctx, layout_doc *ld, size_t at, size_t from)
{
    recorder *r = ctx;
    grow(r, ld->npages);
    size_t nt = ld->npages - from;
    sbuf *tmp = malloc((nt ? nt : 1) * sizeof *tmp);
    memcpy(tmp, r->pages + from, nt * sizeof *tmp);
    memmove(r->pages + at + nt, r->pages + at, (from - at) * sizeof *tmp);
    memcpy(r->pages + at, tmp, nt * sizeof *tmp);
    free(tmp);
    r->held = nt;
}

static void rec_furniture(void *ctx, layout_doc *ld, size_t index)
{
    recorder *r = ctx;
    grow(r, ld->npages);
    if (index != r->next_furniture++)
        r->order_ok = false;
    r->furniture++;
    for (size_t k = 0; k < ld->pages[index].n; k++)
        put_box(&r->pages[index], &ld->pages[index].boxes[k]);
}

static char *body_of(int chapters, int paras)
{
    sbuf b = {0};
    char t[128];
    for (int i = 0; i < chapters; i++) {
        snprintf(t, sizeof t, "<avsnitt><rubrik>Kapitel %d</rubrik>", i + 1);
        sbuf_put(&b, t);
        for (int k = 0; k < paras; k++)
            sbuf_put(&b, "<stycke>aaaa bbbb cccc dddd eeee ffff gggg hhhh "
                         "iiii jjjj kkkk llll mmmm nnnn oooo pppp.</stycke>\n");
        sbuf_put(&b, "</avsnitt>");
    }
    return b.s;
}

static layout_doc *lay(doc *d, diag_list *dl, arena *a, font_set *fs,
                       const layout_sink *sink)
{
    layout_style st;
    layout_style_default(&st);
    st.hyph = test_hyph();
    st.draft = true; /* UTKAST, the problem page and the margin marks */
    return layout_document_stream(d, fs, &st, a, dl, sink);
}

/* The document, with a problem at a paragraph of the body: a mark in
 * its margin and a link to it from the problem page. */
static doc *parse_with_problem(diag_list *dl)
{
    char *body = body_of(40, 12);
    doc *d = test_doc_parse(body, dl);
    free(body);
    diag_add(dl, DIAG_WARNING, "t.xml", 8, 2, "TYPO-02", MSG_SUM_TOTAL, "1",
             "2", "x");
    return d;
}

TEST(test_stream_pages_as_whole)
{
    diag_list *dl = diag_list_new(LANG_SV), *dl2 = diag_list_new(LANG_SV);
    doc *d = parse_with_problem(dl), *d2 = parse_with_problem(dl2);
    CHECK(d != NULL && d2 != NULL);
    font_set *fs = font_set_stub();
    arena *a = arena_new(), *b = arena_new();
    layout_doc *whole = lay(d, dl, a, fs, NULL);
    recorder r = {.order_ok = true};
    layout_sink sink = {rec_page, rec_move, rec_furniture, &r};
    layout_doc *st = lay(d2, dl2, b, fs, &sink);
    CHECK(whole->npages > 20);
    CHECK_INT((int)st->npages, (int)whole->npages);
    CHECK_INT((int)r.calls, (int)st->npages);
    CHECK_INT((int)r.furniture, (int)st->npages);
    CHECK(r.order_ok);
    CHECK(r.held >= 1); /* the contents were moved in front */
    /* the page handed over, the page being filled, the held contents */
    CHECK((int)r.most_boxed <= 2 + (int)r.held);
    size_t same = 0;
    for (size_t i = 0; i < whole->npages && i < r.cap; i++) {
        sbuf w = {0};
        for (size_t k = 0; k < whole->pages[i].n; k++)
            put_box(&w, &whole->pages[i].boxes[k]);
        same += w.s && r.pages[i].s && strcmp(w.s, r.pages[i].s) == 0;
        CHECK_INT(st->pages[i].number, whole->pages[i].number);
        CHECK_INT(st->pages[i].n, 0); /* released */
        free(w.s);
    }
    CHECK_INT((int)same, (int)whole->npages);
    /* the margin mark was set at the end on a page given long before */
    size_t marked = 0;
    for (size_t i = 0; i + 2 < r.cap; i++)
        marked += r.pages[i].s && strstr(r.pages[i].s, " utkast-") != NULL;
    CHECK(marked >= 1);
    CHECK_INT((int)st->noutline, (int)whole->noutline);
    CHECK_INT((int)st->nelems, (int)whole->nelems);
    for (size_t i = 0; i < r.cap; i++)
        free(r.pages[i].s);
    free(r.pages);
    arena_free(a);
    arena_free(b);
    font_set_free(fs);
    doc_free(d);
    doc_free(d2);
    diag_list_free(dl);
    diag_list_free(dl2);
}
