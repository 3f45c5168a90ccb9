/*
 * pdf_tag.c: the tagged PDF (PDF 32000-1 14.7-14.8, PDF/UA-1 ISO 14289-1).
 *
 * Layout gives every box the structure element it is content of
 * (lbox.se, layout_doc.elems) or none (page furniture). While pdf.c
 * paints, each run of boxes of one element on a page becomes one marked
 * content sequence "/P <</MCID n>> BDC ... EMC", and furniture, rules and
 * backgrounds "/Artifact BMC ... EMC"; link annotations are recorded for
 * their Link element. After painting, the structure tree is built from
 * what was painted: each element's kids (its marked content, its
 * annotations, its child elements) in the order their content first
 * appears in page order, so a table of contents set after the body but
 * placed before it reads first, and a footnote reads after the text above
 * it. libharu has no API for any of this; it goes through its internal
 * dictionary API and the page's content stream, as pdf.c's text does.
 */
#include "pdf_internal.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/utf8.h"

#define ART UINT32_MAX /* the open sequence is an artifact */

typedef enum { KID_MCR, KID_OBJR, KID_ELEM } kid_kind;

typedef struct {
    kid_kind kind;
    uint32_t page; /* MCR, OBJR */
    uint32_t n;    /* MCR: the MCID; OBJR: the annotation's index; ELEM:
                      the element */
    uint64_t key;  /* where it first shows in paint order */
} kid;

typedef struct {
    kid *kids;
    size_t nkids, cap;
    uint64_t first; /* first paint of its own content or a descendant's */
    float bbox[4];  /* Figure: the first image's box (PDF points) */
    bool has_bbox;
    char *text; /* Link: the text it shows (for /Contents) */
    size_t tlen, tcap;
    HPDF_Dict dict;
} telem;

typedef struct {
    HPDF_Annotation an;
    uint32_t elem;
    uint32_t page;
} tannot;

struct pdf_tag {
    HPDF_Doc pdf;
    const layout_doc *ld;
    telem *el; /* parallel to ld->elems */
    uint64_t seq;
    /* the page being painted: the open sequence (0 none, ART, or an
     * element) and its elements by MCID */
    uint32_t open;
    bool reopen; /* the open sequence belongs to one box (ActualText) */
    uint32_t *mcids;
    size_t nmcids, cap_mcids;
    /* every page's elements by MCID, kept for the ParentTree */
    uint32_t **page_mcids;
    size_t *page_n;
    tannot *annots;
    size_t nannots, cap_annots;
    /* the usual table attributes, one indirect object each and shared:
     * /Scope /Column, /Scope /Row (most TH have no more) */
    HPDF_Dict scope_col, scope_row;
};

pdf_tag *pdftag_new(HPDF_Doc pdf, const layout_doc *ld)
{
    pdf_tag *t = xcalloc(1, sizeof *t);
    t->pdf = pdf;
    t->ld = ld;
    t->el = xcalloc(ld->nelems ? ld->nelems : 1, sizeof *t->el);
    for (size_t i = 0; i < ld->nelems; i++)
        t->el[i].first = UINT64_MAX;
    t->page_mcids = xcalloc(ld->npages ? ld->npages : 1, sizeof *t->page_mcids);
    t->page_n = xcalloc(ld->npages ? ld->npages : 1, sizeof *t->page_n);
    return t;
}

static void kid_push(telem *e, kid k)
{
    if (e->nkids == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 4;
        e->kids = xrealloc(e->kids, e->cap * sizeof *e->kids);
    }
    e->kids[e->nkids++] = k;
    if (k.key < e->first)
        e->first = k.key;
}

static void write_str(HPDF_Page page, const char *s)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Stream_WriteStr(attr->stream, s);
}

static bool is_role(const pdf_tag *t, uint32_t se, const char *role)
{
    return se && se < t->ld->nelems && strcmp(t->ld->elems[se].role, role) == 0;
}

static void text_append(telem *e, const uint32_t *cps, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (e->tlen + 5 > e->tcap) {
            e->tcap = e->tcap ? e->tcap * 2 : 64;
            e->text = xrealloc(e->text, e->tcap);
        }
        e->tlen += (size_t)utf8_encode(cps[i], e->text + e->tlen);
    }
}

/* " /ActualText <FEFF...>" for a text box's replacement text into buf
 * (room for 32 + 4 per code point). */
static void actual_text(char *o, const lbox *b, bool space)
{
    o += sprintf(o, " /ActualText <FEFF");
    for (uint32_t i = 0; i < b->nactual; i++)
        o += sprintf(o, "%04X", (unsigned)(b->actual[i] & 0xFFFF));
    /* the end of a hyphenated word that ends its line: the space after
     * the whole word */
    sprintf(o, space ? "0020>" : ">");
}

bool pdftag_box(pdf_tag *t, size_t pi, HPDF_Page page, const lbox *b,
                float page_h, bool space)
{
    if (b->kind == LBOX_DEST || b->kind == LBOX_LINK)
        return false; /* nothing painted */
    uint32_t want = b->se;
    if (b->artifact || b->kind == LBOX_RULE || b->kind == LBOX_RECT ||
        want == 0 || want >= t->ld->nelems)
        want = ART;
    /* a box with its own ActualText gets a sequence of its own, the text
     * in its properties: a nested Span is lost by some extractors */
    bool actual = want != ART && b->kind == LBOX_TEXT && b->actual;
    if (want != t->open || actual || t->reopen) {
        if (t->open)
            write_str(page, "EMC\n");
        t->reopen = actual;
        if (want == ART) {
            write_str(page, "/Artifact BMC\n");
        } else {
            char small[64], *buf = small;
            if (actual)
                buf = xmalloc((size_t)b->nactual * 4 + 96);
            uint32_t mcid = (uint32_t)t->nmcids;
            int len = sprintf(buf, "/%s <</MCID %u", t->ld->elems[want].role,
                              (unsigned)mcid);
            if (actual)
                actual_text(buf + len, b, space);
            strcat(buf, ">> BDC\n");
            write_str(page, buf);
            if (buf != small)
                free(buf);
            if (t->nmcids == t->cap_mcids) {
                t->cap_mcids = t->cap_mcids ? t->cap_mcids * 2 : 64;
                t->mcids = xrealloc(t->mcids, t->cap_mcids * sizeof *t->mcids);
            }
            t->mcids[t->nmcids++] = want;
            kid_push(&t->el[want],
                     (kid){KID_MCR, (uint32_t)pi, mcid, t->seq++});
        }
        t->open = want;
    }
    if (want == ART)
        return false;
    telem *e = &t->el[want];
    if (b->kind == LBOX_IMAGE && !e->has_bbox) {
        e->bbox[0] = (float)b->x / 1000.0f;
        e->bbox[1] = page_h - (float)(b->y + b->h) / 1000.0f;
        e->bbox[2] = (float)(b->x + b->w) / 1000.0f;
        e->bbox[3] = page_h - (float)b->y / 1000.0f;
        e->has_bbox = true;
    }
    if (b->kind == LBOX_TEXT && is_role(t, want, "Link")) {
        if (b->actual)
            text_append(e, b->actual, b->nactual);
        else
            text_append(e, b->cps, b->n);
    }
    return actual;
}

/* Whether a reader needs a space after text box k: the next text of the
 * same element starts a new line or stands apart on this one (a
 * contents entry's number and title, its page number), and the box
 * neither ends in a space nor begins a hyphenated word (its ActualText
 * is the whole word). Extraction joins the glyphs of a marked content
 * sequence as they are; the space lost at a line break would join two
 * words. */
bool pdftag_space_after(const lpage *lp, size_t k)
{
    const lbox *b = &lp->boxes[k];
    if (b->kind != LBOX_TEXT || b->artifact || !b->se || b->n == 0 ||
        (b->actual && b->nactual > 0))
        return false;
    uint32_t last = b->cps[b->n - 1];
    if (last == ' ' || last == 0xA0)
        return false;
    for (size_t i = k + 1; i < lp->n; i++) {
        const lbox *nb = &lp->boxes[i];
        if (nb->kind != LBOX_TEXT || nb->artifact || nb->n == 0)
            continue;
        if (nb->y != b->y)
            return true;
        return nb->x > b->x + b->w + b->size / 10;
    }
    return true;
}

void pdftag_annot(pdf_tag *t, size_t pi, const lbox *b, HPDF_Annotation an)
{
    if (!an || b->artifact || !is_role(t, b->se, "Link"))
        return;
    if (t->nannots == t->cap_annots) {
        t->cap_annots = t->cap_annots ? t->cap_annots * 2 : 16;
        t->annots = xrealloc(t->annots, t->cap_annots * sizeof *t->annots);
    }
    uint32_t k = (uint32_t)t->nannots++;
    t->annots[k] = (tannot){an, b->se, (uint32_t)pi};
    kid_push(&t->el[b->se], (kid){KID_OBJR, (uint32_t)pi, k, t->seq++});
}

void pdftag_end_page(pdf_tag *t, size_t pi, HPDF_Page page)
{
    if (t->open)
        write_str(page, "EMC\n");
    t->open = 0;
    t->page_mcids[pi] = t->mcids;
    t->page_n[pi] = t->nmcids;
    t->mcids = NULL;
    t->nmcids = t->cap_mcids = 0;
}

/* A PDF text string (PDF 32000-1 7.9.2.2) from UTF-8: UTF-16BE with its
 * byte order mark, written as a hex string. */
static HPDF_Binary text_string(HPDF_Doc pdf, const char *s, size_t len)
{
    HPDF_BYTE *u = xmalloc(len * 4 + 2);
    size_t k = 0;
    u[k++] = 0xFE;
    u[k++] = 0xFF;
    const char *p = s, *end = s + len;
    while (p < end) {
        uint32_t cp = utf8_next(&p, end);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            uint32_t hi = 0xD800 + (cp >> 10), lo = 0xDC00 + (cp & 0x3FF);
            u[k++] = (HPDF_BYTE)(hi >> 8);
            u[k++] = (HPDF_BYTE)hi;
            u[k++] = (HPDF_BYTE)(lo >> 8);
            u[k++] = (HPDF_BYTE)lo;
        } else {
            u[k++] = (HPDF_BYTE)(cp >> 8);
            u[k++] = (HPDF_BYTE)cp;
        }
    }
    HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, u, (HPDF_UINT)k);
    free(u);
    return b;
}

static int cmp_kid(const void *a, const void *b)
{
    const kid *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    /* an empty element after the sibling whose key it borrowed */
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->n < y->n ? -1 : x->n > y->n;
}

/* The attributes of a table cell or a figure (PDF 32000-1 14.8.5). */
static void add_attributes(pdf_tag *t, const lelem *le, telem *e)
{
    HPDF_MMgr mm = t->pdf->mmgr;
    if (le->scope && le->colspan <= 1) {
        bool col = strcmp(le->scope, "Column") == 0;
        HPDF_Dict *shared = col ? &t->scope_col : &t->scope_row;
        if (!*shared) {
            *shared = HPDF_Dict_New(mm);
            HPDF_Xref_Add(t->pdf->xref, *shared);
            HPDF_Dict_AddName(*shared, "O", "Table");
            HPDF_Dict_AddName(*shared, "Scope", le->scope);
        }
        HPDF_Dict_Add(e->dict, "A", *shared);
    } else if (le->scope || le->colspan > 1) {
        HPDF_Dict a = HPDF_Dict_New(mm);
        HPDF_Dict_AddName(a, "O", "Table");
        if (le->scope)
            HPDF_Dict_AddName(a, "Scope", le->scope);
        if (le->colspan > 1)
            HPDF_Dict_AddNumber(a, "ColSpan", le->colspan);
        HPDF_Dict_Add(e->dict, "A", a);
    }
    if (strcmp(le->role, "Figure") == 0) {
        const char *alt = le->alt ? le->alt : "";
        HPDF_Dict_Add(e->dict, "Alt", text_string(t->pdf, alt, strlen(alt)));
        if (e->has_bbox) {
            HPDF_Dict a = HPDF_Dict_New(mm);
            HPDF_Dict_AddName(a, "O", "Layout");
            HPDF_Dict_AddName(a, "Placement", "Block");
            HPDF_Array bb = HPDF_Array_New(mm);
            for (int i = 0; i < 4; i++)
                HPDF_Array_AddReal(bb, e->bbox[i]);
            HPDF_Dict_Add(a, "BBox", bb);
            HPDF_Dict_Add(e->dict, "A", a);
        }
    }
}

int pdftag_finish(pdf_tag *t, HPDF_Page *pages)
{
    HPDF_Doc pdf = t->pdf;
    HPDF_MMgr mm = pdf->mmgr;
    const layout_doc *ld = t->ld;
    size_t n = ld->nelems;
    if (n < 2)
        return 0;
    /* each element's first paint, up to its ancestors (parents have
     * lower indices); an empty element (an empty table cell) sorts after
     * its previous sibling */
    for (size_t i = n - 1; i >= 2; i--) {
        uint32_t p = ld->elems[i].parent;
        if (t->el[i].first < t->el[p].first)
            t->el[p].first = t->el[i].first;
    }
    uint64_t *last = xcalloc(n, sizeof *last);
    for (size_t i = 2; i < n; i++) {
        uint32_t p = ld->elems[i].parent;
        uint64_t key = t->el[i].first;
        if (key == UINT64_MAX)
            key = last[p];
        last[p] = key;
        kid k = {KID_ELEM, 0, (uint32_t)i, key};
        uint64_t keep = t->el[p].first;
        kid_push(&t->el[p], k);
        t->el[p].first = keep;
    }
    free(last);

    /* libharu returns NULL when memory runs out, and its setters take
     * NULL objects on trust: every new object is checked */
#define NEED(o)                                                                \
    do {                                                                       \
        if (!(o))                                                              \
            return -1;                                                         \
    } while (0)
    HPDF_Dict root = HPDF_Dict_New(mm);
    NEED(root);
    HPDF_Xref_Add(pdf->xref, root);
    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    for (size_t i = 1; i < n && HPDF_GetError(pdf) == HPDF_OK; i++) {
        t->el[i].dict = HPDF_Dict_New(mm);
        NEED(t->el[i].dict);
        HPDF_Xref_Add(pdf->xref, t->el[i].dict);
    }
    for (size_t i = 1; i < n; i++) {
        telem *e = &t->el[i];
        const lelem *le = &ld->elems[i];
        /* after a failed allocation every further one fails too, each
         * with system calls: stop at the first */
        if (HPDF_GetError(pdf) != HPDF_OK)
            return -1;
        HPDF_Dict d = e->dict;
        HPDF_Dict_AddName(d, "S", le->role);
        HPDF_Dict_Add(d, "P", i == 1 ? root : t->el[le->parent].dict);
        if (e->nkids > 1)
            qsort(e->kids, e->nkids, sizeof *e->kids, cmp_kid);
        /* /Pg: the page of its first marked content; MCRs on other pages
         * name theirs */
        int64_t pg = -1;
        for (size_t k = 0; k < e->nkids && pg < 0; k++)
            if (e->kids[k].kind == KID_MCR)
                pg = e->kids[k].page;
        if (pg >= 0)
            HPDF_Dict_Add(d, "Pg", pages[pg]);
        add_attributes(t, le, e);
        if (e->nkids == 0)
            continue;
        if (e->nkids == 1 && e->kids[0].kind == KID_MCR) {
            HPDF_Dict_AddNumber(d, "K", (HPDF_INT32)e->kids[0].n);
            continue;
        }
        if (e->nkids > HPDF_LIMIT_MAX_ARRAY)
            return -1;
        HPDF_Array ka = HPDF_Array_New(mm);
        NEED(ka);
        for (size_t k = 0; k < e->nkids; k++) {
            const kid *kd = &e->kids[k];
            if (kd->kind == KID_ELEM) {
                HPDF_Array_Add(ka, t->el[kd->n].dict);
            } else if (kd->kind == KID_MCR && (int64_t)kd->page == pg) {
                HPDF_Array_AddNumber(ka, (HPDF_INT32)kd->n);
            } else if (kd->kind == KID_MCR) {
                HPDF_Dict r = HPDF_Dict_New(mm);
                NEED(r);
                HPDF_Dict_AddName(r, "Type", "MCR");
                HPDF_Dict_Add(r, "Pg", pages[kd->page]);
                HPDF_Dict_AddNumber(r, "MCID", (HPDF_INT32)kd->n);
                HPDF_Array_Add(ka, r);
            } else {
                HPDF_Dict r = HPDF_Dict_New(mm);
                NEED(r);
                HPDF_Dict_AddName(r, "Type", "OBJR");
                HPDF_Dict_Add(r, "Pg", pages[kd->page]);
                HPDF_Dict_Add(r, "Obj", t->annots[kd->n].an);
                HPDF_Array_Add(ka, r);
            }
        }
        HPDF_Dict_Add(d, "K", ka);
    }
    HPDF_Dict_Add(root, "K", t->el[1].dict);

    /* the ParentTree (PDF 32000-1 14.7.4.4): page i's key is i, its
     * elements by MCID; each annotation's key follows the pages' */
    HPDF_Dict ptree = HPDF_Dict_New(mm);
    NEED(ptree);
    HPDF_Xref_Add(pdf->xref, ptree);
    HPDF_Array nums = HPDF_Array_New(mm);
    NEED(nums);
    HPDF_Dict_Add(ptree, "Nums", nums);
    for (size_t i = 0; i < ld->npages; i++) {
        HPDF_Dict_AddNumber(pages[i], "StructParents", (HPDF_INT32)i);
        HPDF_Array a = HPDF_Array_New(mm);
        NEED(a);
        for (size_t k = 0; k < t->page_n[i]; k++)
            HPDF_Array_Add(a, t->el[t->page_mcids[i][k]].dict);
        HPDF_Array_AddNumber(nums, (HPDF_INT32)i);
        HPDF_Array_Add(nums, a);
        /* reading order of the annotations is the structure's (PDF/UA-1
         * 7.18.3) */
        if (HPDF_Dict_GetItem(pages[i], "Annots", HPDF_OCLASS_ARRAY))
            HPDF_Dict_AddName(pages[i], "Tabs", "S");
    }
    for (size_t k = 0; k < t->nannots; k++) {
        tannot *ta = &t->annots[k];
        HPDF_INT32 key = (HPDF_INT32)(ld->npages + k);
        HPDF_Dict_AddNumber(ta->an, "StructParent", key);
        telem *e = &t->el[ta->elem];
        /* the text a reader announces for the link (PDF/UA-1 7.18.5) */
        const char *txt = e->tlen ? e->text : "Länk";
        size_t tl = e->tlen ? e->tlen : strlen(txt);
        HPDF_Dict_Add(ta->an, "Contents", text_string(pdf, txt, tl));
        HPDF_Array_AddNumber(nums, key);
        HPDF_Array_Add(nums, e->dict);
    }
    HPDF_Dict_Add(root, "ParentTree", ptree);
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey",
                        (HPDF_INT32)(ld->npages + t->nannots));
    HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", root);
    HPDF_Dict mi = HPDF_Dict_New(mm);
    NEED(mi);
    HPDF_Dict_AddBoolean(mi, "Marked", HPDF_TRUE);
    HPDF_Dict_Add(pdf->catalog, "MarkInfo", mi);
#undef NEED
    return 0;
}

void pdftag_free(pdf_tag *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ld->nelems; i++) {
        free(t->el[i].kids);
        free(t->el[i].text);
    }
    for (size_t i = 0; i < t->ld->npages; i++)
        free(t->page_mcids[i]);
    free(t->page_mcids);
    free(t->page_n);
    free(t->el);
    free(t->mcids);
    free(t->annots);
    free(t);
}
