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
 * dictionary API and the page's content stream (pdf_harux.h), as pdf.c's
 * text does.
 */
#include "pdf_internal.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/bykey.h"
#include "../common/utf8.h"

#define ART UINT32_MAX /* the open sequence is an artifact */

typedef enum { KID_MCR, KID_OBJR, KID_ELEM } kid_kind;

/* A long document has hundreds of thousands of elements (a row of a
 * table is four): kids and elements are kept small. */
typedef struct {
    uint32_t kind : 2;  /* kid_kind */
    uint32_t page : 30; /* MCR, OBJR (pdftag_finish refuses more pages) */
    uint32_t n;         /* MCR: the MCID; OBJR: the annotation's index;
                           ELEM: the element */
    uint32_t key;       /* where it first shows in paint order */
} kid;

#define KID_MAX_PAGES (1u << 30)
_Static_assert(sizeof(kid) == 12, "a kid in 12 bytes");

#define NOT_PAINTED UINT32_MAX

/* Most elements have one kid (a paragraph's text on one page): it is
 * held in the record itself, and only more than one in an array of
 * their own (until pdftag_finish room for the next power of two, after
 * it their exact number), which pdf_tag.kidv holds (an index, not a
 * pointer: the record has no 8-byte member and is 24 bytes). */
typedef struct {
    union {
        kid one;       /* nkids <= 1 */
        uint32_t many; /* nkids > 1: the array is kidv[many] */
    } k;
    uint32_t nkids;
    uint32_t first; /* first paint of its own content or a descendant's */
} telem;

_Static_assert(sizeof(telem) <= 20, "an element's record in 20 bytes");

/* What few elements need besides (a Figure, a Link), by element. */
typedef struct {
    uint32_t elem;
    int32_t bbox[4]; /* Figure: the first image's box (PDF coordinates,
                        millipoints) */
    bool has_bbox;
    char *text; /* Link: the text it shows (for /Contents) */
    size_t tlen, tcap;
} tinfo;

typedef struct {
    HPDF_Annotation an;
    uint32_t elem;
    uint32_t page;
    uint32_t obj; /* its object number */
    bool dropped; /* no annotation after all (pdftag_annot_drop) */
} tannot;

struct pdf_tag {
    HPDF_Doc pdf;
    const layout_doc *ld;
    /* parallel to the layout's elements (layout_elem), in chunks of
     * TELEM_CHUNK (tel), nel of them so far (layout adds elements while
     * pages are painted) */
    telem **el;
    size_t nel;
    /* paint order in each reading-order band (pdftag_band); saturates
     * (never in practice) */
    uint32_t seqs[3];
    int band;
    tinfo *infos; /* by element, ascending (info_of) */
    size_t ninfos, cap_infos;
    kid **kidv; /* the elements' arrays of kids (telem.k.many) */
    size_t nkidv, cap_kidv;
    /* the page being painted: the open sequence (0 none, ART, or an
     * element) and its elements by MCID */
    uint32_t open;
    bool reopen; /* the open sequence belongs to one box (ActualText) */
    uint32_t *mcids;
    size_t nmcids, cap_mcids;
    /* every page's elements by MCID, kept for the ParentTree */
    uint32_t **page_mcids;
    size_t *page_n;
    size_t cap_pages, npages; /* pages painted (by paint index) */
    tannot *annots;
    size_t nannots, cap_annots;
    /* after pdftag_finish: the object numbers of libharu's objects the
     * tree refers to, and where its own objects go (indices of the
     * appended objects, numbered from base when the file is written):
     * element i is i - 1, then the usual table attributes when used (one
     * object each, shared: /Scope /Column, /Scope /Row; most TH have no
     * more), then the ParentTree's root and its nleaves leaves */
    uint32_t root_obj, *page_obj;
    size_t base;
    size_t x_scope_col, x_scope_row, x_ptree, nleaves, nkeys;
    /* an element with more kids than an array holds has them in groups
     * of PDF_MAX_ARRAY, each a grouping element of its own (appended
     * from x_groups on): its kids from index `from` of the element's */
    struct tgroup {
        uint32_t elem;
        size_t from;
    } * groups;
    size_t ngroups, x_groups;
    /* the place of each kid of such an element among its sorted kids, by
     * the kid (the group its /P refers to) */
    struct tpos {
        uint32_t elem, pos;
    } * gpos;
    size_t ngpos;
    pdf_extra extra;
    bool finished;
};

static kid *kids_of(const pdf_tag *t, telem *e)
{
    return e->nkids <= 1 ? &e->k.one : t->kidv[e->k.many];
}

static const kid *ckids_of(const pdf_tag *t, const telem *e)
{
    return e->nkids <= 1 ? &e->k.one : t->kidv[e->k.many];
}

/* A new array of kids (the first n of v): its index in t->kidv. */
static uint32_t kidv_add(pdf_tag *t, kid *v)
{
    if (t->nkidv == t->cap_kidv) {
        if (t->nkidv >= UINT32_MAX)
            die_oom();
        t->cap_kidv = t->cap_kidv ? t->cap_kidv * 2 : 64;
        t->kidv = xrealloc(t->kidv, t->cap_kidv * sizeof *t->kidv);
    }
    t->kidv[t->nkidv] = v;
    return (uint32_t)t->nkidv++;
}

pdf_tag *pdftag_new(HPDF_Doc pdf, const layout_doc *ld)
{
    pdf_tag *t = xcalloc(1, sizeof *t);
    t->pdf = pdf;
    t->ld = ld;
    /* an odd key 1 before the first (read_floats) */
    t->seqs[0] = 2;
    t->seqs[1] = 1u << 30;
    t->seqs[2] = 1u << 31;
    t->band = 2;
    return t;
}

/* Chunks of records: no array grown by doubling (up to half of it
 * unused, and the old and the new one at once while it grows). */
enum { TELEM_CHUNK_BITS = 9, TELEM_CHUNK = 1 << TELEM_CHUNK_BITS };

/* The record of element i (i < t->nel). */
static telem *tel(const pdf_tag *t, size_t i)
{
    return &t->el[i >> TELEM_CHUNK_BITS][i & (TELEM_CHUNK - 1)];
}

/* Room for every element layout has made so far. */
static void ensure_elems(pdf_tag *t)
{
    size_t n = t->ld->nelems;
    while (t->nel < n) {
        size_t k = t->nel / TELEM_CHUNK; /* chunks so far */
        if ((k & (k - 1)) == 0)          /* 0 or a power of two */
            t->el = xrealloc(t->el, (k ? k * 2 : 8) * sizeof *t->el);
        telem *v = xcalloc(TELEM_CHUNK, sizeof *v);
        for (size_t i = 0; i < TELEM_CHUNK; i++)
            v[i].first = NOT_PAINTED;
        t->el[k] = v;
        t->nel += TELEM_CHUNK;
    }
}

void pdftag_band(pdf_tag *t, int band)
{
    t->band = band < 0 ? 0 : band > 2 ? 2 : band;
}

static void kid_push(pdf_tag *t, telem *e, kid k)
{
    uint32_t n = e->nkids;
    if (n == 0) {
        e->k.one = k;
    } else if (n == 1) {
        kid *v = xmalloc(2 * sizeof *v);
        v[0] = e->k.one;
        v[1] = k;
        e->k.many = kidv_add(t, v);
    } else {
        kid **v = &t->kidv[e->k.many];
        if ((n & (n - 1)) == 0) { /* full: n is a power of two */
            if (n > UINT32_MAX / 2)
                die_oom();
            *v = xrealloc(*v, (size_t)n * 2 * sizeof(kid));
        }
        (*v)[n] = k;
    }
    e->nkids = n + 1;
    if (k.key < e->first)
        e->first = k.key;
}

static void write_str(HPDF_Page page, const char *s)
{
    harux_stream_write_str(harux_page_content_stream(page), s);
}

static bool is_role(const pdf_tag *t, uint32_t se, const char *role)
{
    return se && se < t->ld->nelems &&
           strcmp(layout_elem_role(t->ld, se), role) == 0;
}

/* Paint order in steps of two: the odd key before one is a float's that
 * reads before it (see read_floats). */
static uint32_t next_seq(pdf_tag *t)
{
    static const uint32_t end[3] = {1u << 30, 1u << 31, NOT_PAINTED};
    uint32_t *seq = &t->seqs[t->band];
    uint32_t k = *seq;
    if (*seq < end[t->band] - 2)
        *seq += 2;
    return k;
}

/* Where element i's tinfo is or goes in t->infos. */
_Static_assert(offsetof(tinfo, elem) == 0 &&
                   offsetof(struct tgroup, elem) == 0 &&
                   offsetof(struct tpos, elem) == 0,
               "keyed by element first (bykey.h)");

static size_t info_at(const pdf_tag *t, uint32_t i)
{
    size_t n = t->ninfos;
    if (n && t->infos[n - 1].elem < i)
        return n; /* most are made in the order of their elements */
    return bykey_first(t->infos, n, sizeof *t->infos, i);
}

/* Element i's tinfo, made when it has none. */
static tinfo *info_of(pdf_tag *t, uint32_t i)
{
    size_t at = info_at(t, i);
    if (at < t->ninfos && t->infos[at].elem == i)
        return &t->infos[at];
    if (t->ninfos == t->cap_infos) {
        t->cap_infos = t->cap_infos ? t->cap_infos * 2 : 8;
        t->infos = xrealloc(t->infos, t->cap_infos * sizeof *t->infos);
    }
    memmove(t->infos + at + 1, t->infos + at,
            (t->ninfos - at) * sizeof *t->infos);
    memset(&t->infos[at], 0, sizeof *t->infos);
    t->infos[at].elem = i;
    t->ninfos++;
    return &t->infos[at];
}

/* Element i's tinfo, or NULL. */
static const tinfo *info_get(const pdf_tag *t, uint32_t i)
{
    size_t at = info_at(t, i);
    return at < t->ninfos && t->infos[at].elem == i ? &t->infos[at] : NULL;
}

static void text_append(tinfo *e, const uint32_t *cps, uint32_t n)
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
    if (want != ART)
        ensure_elems(t);
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
            int len = sprintf(buf, "/%s <</MCID %u",
                              layout_elem_role(t->ld, want), (unsigned)mcid);
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
            kid_push(t, tel(t, want),
                     (kid){KID_MCR, (uint32_t)pi, mcid, next_seq(t)});
        }
        t->open = want;
    }
    if (want == ART)
        return false;
    const tinfo *ti = info_get(t, want);
    if (b->kind == LBOX_IMAGE && !(ti && ti->has_bbox)) {
        tinfo *e = info_of(t, want);
        int32_t ph = (int32_t)(page_h * 1000.0f + 0.5f);
        e->bbox[0] = b->x;
        e->bbox[1] = ph - (b->y + b->h);
        e->bbox[2] = b->x + b->w;
        e->bbox[3] = ph - b->y;
        e->has_bbox = true;
    }
    if (b->kind == LBOX_TEXT && is_role(t, want, "Link")) {
        if (b->actual)
            text_append(info_of(t, want), b->actual, b->nactual);
        else
            text_append(info_of(t, want), b->cps, b->n);
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

/* Records the annotation of LINK box b on page pi (an: NULL until
 * pdftag_annot_set); returns its index, or SIZE_MAX for a box of no Link
 * element. */
static size_t annot_add(pdf_tag *t, size_t pi, const lbox *b,
                        HPDF_Annotation an)
{
    if (b->artifact || !is_role(t, b->se, "Link"))
        return SIZE_MAX;
    if (t->nannots == t->cap_annots) {
        t->cap_annots = t->cap_annots ? t->cap_annots * 2 : 16;
        t->annots = xrealloc(t->annots, t->cap_annots * sizeof *t->annots);
    }
    ensure_elems(t);
    uint32_t k = (uint32_t)t->nannots++;
    t->annots[k] = (tannot){an, b->se, (uint32_t)pi, 0, false};
    kid_push(t, tel(t, b->se), (kid){KID_OBJR, (uint32_t)pi, k, next_seq(t)});
    return k;
}

void pdftag_annot(pdf_tag *t, size_t pi, const lbox *b, HPDF_Annotation an)
{
    if (an)
        annot_add(t, pi, b, an);
}

size_t pdftag_annot_later(pdf_tag *t, size_t pi, const lbox *b)
{
    return annot_add(t, pi, b, NULL);
}

void pdftag_annot_set(pdf_tag *t, size_t k, HPDF_Annotation an)
{
    if (k < t->nannots)
        t->annots[k].an = an;
}

void pdftag_annot_drop(pdf_tag *t, size_t k)
{
    if (k < t->nannots)
        t->annots[k].dropped = true;
}

void pdftag_resume_page(pdf_tag *t, size_t pi)
{
    if (pi >= t->npages)
        return;
    t->mcids = t->page_mcids[pi];
    t->nmcids = t->cap_mcids = t->page_n[pi];
    t->page_mcids[pi] = NULL;
    t->page_n[pi] = 0;
}

void pdftag_end_page(pdf_tag *t, size_t pi, HPDF_Page page)
{
    if (t->open)
        write_str(page, "EMC\n");
    t->open = 0;
    if (pi >= t->cap_pages) {
        size_t cap = t->cap_pages ? t->cap_pages : 64;
        while (cap <= pi)
            cap *= 2;
        t->page_mcids = xrealloc(t->page_mcids, cap * sizeof *t->page_mcids);
        t->page_n = xrealloc(t->page_n, cap * sizeof *t->page_n);
        memset(t->page_mcids + t->cap_pages, 0,
               (cap - t->cap_pages) * sizeof *t->page_mcids);
        memset(t->page_n + t->cap_pages, 0,
               (cap - t->cap_pages) * sizeof *t->page_n);
        t->cap_pages = cap;
    }
    if (pi >= t->npages)
        t->npages = pi + 1;
    /* kept until the file is saved: no room to spare */
    if (t->nmcids && t->nmcids < t->cap_mcids)
        t->mcids = xrealloc(t->mcids, t->nmcids * sizeof *t->mcids);
    t->page_mcids[pi] = t->mcids;
    t->page_n[pi] = t->nmcids;
    t->mcids = NULL;
    t->nmcids = t->cap_mcids = 0;
}

/* The UTF-16 code units of cp (a surrogate pair above the BMP); returns
 * how many. */
static int utf16_units(uint32_t cp, uint32_t units[2])
{
    if (cp < 0x10000) {
        units[0] = cp;
        return 1;
    }
    cp -= 0x10000;
    units[0] = 0xD800 + (cp >> 10);
    units[1] = 0xDC00 + (cp & 0x3FF);
    return 2;
}

harux_obj pdf_text_string(HPDF_Doc pdf, const char *s, size_t len)
{
    unsigned char *u = xmalloc(len * 4 + 2);
    size_t k = 0;
    u[k++] = 0xFE;
    u[k++] = 0xFF;
    const char *p = s, *end = s + len;
    while (p < end) {
        uint32_t units[2];
        int nu = utf16_units(utf8_next(&p, end), units);
        for (int i = 0; i < nu; i++) {
            u[k++] = (unsigned char)(units[i] >> 8);
            u[k++] = (unsigned char)units[i];
        }
    }
    harux_obj b = harux_binary_new(pdf, u, k);
    free(u);
    return b;
}

/* The same text string written into o as a hex string: "<FEFF...>". */
void pdf_buf_text(pdf_buf *o, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    pdf_buf_puts(o, "<FEFF");
    const char *p = s, *end = s + len;
    while (p < end) {
        uint32_t units[2];
        int nu = utf16_units(utf8_next(&p, end), units);
        for (int u = 0; u < nu; u++) {
            char h[4];
            for (int d = 0; d < 4; d++)
                h[d] = hex[(units[u] >> (12 - 4 * d)) & 0xF];
            pdf_buf_put(o, h, 4);
        }
    }
    pdf_buf_puts(o, ">");
}

/* A name object (PDF 32000-1 7.3.5): characters outside the regular
 * printable ASCII ones as #xx. */
static void put_name(pdf_buf *o, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    pdf_buf_puts(o, "/");
    for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
        if (*c > ' ' && *c < 0x7F && !strchr("#%()/<>[]{}", *c)) {
            pdf_buf_put(o, c, 1);
        } else {
            char e[3] = {'#', hex[*c >> 4], hex[*c & 0xF]};
            pdf_buf_put(o, e, 3);
        }
    }
}

static void put_ref(pdf_buf *o, size_t num)
{
    pdf_buf_puts(o, " ");
    pdf_buf_num(o, num);
    pdf_buf_puts(o, " 0 R");
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

static int cmp_pos(const void *a, const void *b)
{
    const struct tpos *x = a, *y = b;
    return x->elem < y->elem ? -1 : x->elem > y->elem;
}

/* The object number of an appended object (index j), of element i. */
static size_t xnum(const pdf_tag *t, size_t j)
{
    return t->base + j;
}

static size_t elem_num(const pdf_tag *t, size_t i)
{
    return xnum(t, i - 1);
}

/* 1 + the first group of element i's kids (pdf_tag.groups, in the
 * order of their elements), or 0 when its kids fit one array. */
static uint32_t group_of(const pdf_tag *t, uint32_t i)
{
    size_t k = bykey_find(t->groups, t->ngroups, sizeof *t->groups, i);
    return k < t->ngroups ? (uint32_t)k + 1 : 0;
}

/* The object element i's /P refers to: its parent, or the parent's
 * group that holds it. */
static size_t parent_num(const pdf_tag *t, size_t i)
{
    uint32_t p = layout_elem(t->ld, i)->parent;
    if (i == 1)
        return t->root_obj;
    uint32_t g = group_of(t, p);
    if (!g)
        return elem_num(t, p);
    size_t k = bykey_first(t->gpos, t->ngpos, sizeof *t->gpos, (uint32_t)i);
    uint32_t pos = k < t->ngpos ? t->gpos[k].pos : 0;
    return xnum(t, t->x_groups + g - 1 + pos / PDF_MAX_ARRAY);
}

/* The attributes of a table cell or a figure (PDF 32000-1 14.8.5). */
static void put_attributes(const pdf_tag *t, size_t i, pdf_buf *o)
{
    const lelem *le = layout_elem(t->ld, i);
    int32_t colspan = layout_elem_colspan(t->ld, i);
    if (le->scope && colspan <= 1) {
        bool col = le->scope == LSCOPE_COLUMN;
        pdf_buf_puts(o, "/A");
        put_ref(o, xnum(t, col ? t->x_scope_col : t->x_scope_row));
    } else if (le->scope || colspan > 1) {
        pdf_buf_puts(o, "/A<</O/Table");
        if (le->scope) {
            pdf_buf_puts(o, "/Scope");
            put_name(o, lelem_scope(le));
        }
        if (colspan > 1) {
            pdf_buf_puts(o, "/ColSpan ");
            pdf_buf_num(o, (size_t)colspan);
        }
        pdf_buf_puts(o, ">>");
    }
    if (strcmp(layout_elem_role(t->ld, i), "Figure") == 0) {
        const char *alt = layout_elem_alt(t->ld, i);
        pdf_buf_puts(o, "/Alt");
        pdf_buf_text(o, alt ? alt : "", strlen(alt ? alt : ""));
        const tinfo *in = info_get(t, (uint32_t)i);
        if (in && in->has_bbox) {
            pdf_buf_puts(o, "/A<</O/Layout/Placement/Block/BBox[");
            for (int q = 0; q < 4; q++) {
                if (q)
                    pdf_buf_puts(o, " ");
                pdf_buf_milli(o, in->bbox[q]);
            }
            pdf_buf_puts(o, "]>>");
        }
    }
}

/* The page of an element's first marked content (its /Pg), or -1. */
static int64_t first_page(const pdf_tag *t, const telem *e)
{
    const kid *kids = ckids_of(t, e);
    for (size_t k = 0; k < e->nkids; k++)
        if (kids[k].kind == KID_MCR)
            return kids[k].page;
    return -1;
}

/* Structure element i (PDF 32000-1 14.7.2): /S, /P, /Pg, attributes and
 * its kids in reading order. */
static bool put_elem(const pdf_tag *t, size_t i, pdf_buf *o)
{
    const telem *e = tel(t, i);
    pdf_buf_puts(o, "<</S");
    put_name(o, layout_elem_role(t->ld, i));
    pdf_buf_puts(o, "/P");
    put_ref(o, parent_num(t, i));
    int64_t pg = first_page(t, e);
    if (pg >= 0) {
        pdf_buf_puts(o, "/Pg");
        put_ref(o, t->page_obj[pg]);
    }
    put_attributes(t, i, o);
    const kid *kids = ckids_of(t, e);
    uint32_t group = group_of(t, (uint32_t)i);
    if (e->nkids == 1 && kids[0].kind == KID_MCR) {
        pdf_buf_puts(o, "/K ");
        pdf_buf_num(o, kids[0].n);
    } else if (group) {
        pdf_buf_puts(o, "/K[");
        size_t ng = (e->nkids + PDF_MAX_ARRAY - 1) / PDF_MAX_ARRAY;
        for (size_t g = 0; g < ng; g++)
            put_ref(o, xnum(t, t->x_groups + group - 1 + g));
        pdf_buf_puts(o, "]");
    } else if (e->nkids > 0) {
        if (e->nkids > PDF_MAX_ARRAY)
            return false;
        pdf_buf_puts(o, "/K[");
        for (size_t k = 0; k < e->nkids; k++) {
            const kid *kd = &kids[k];
            if (kd->kind == KID_ELEM) {
                put_ref(o, elem_num(t, kd->n));
            } else if (kd->kind == KID_MCR && (int64_t)kd->page == pg) {
                pdf_buf_puts(o, " ");
                pdf_buf_num(o, kd->n);
            } else if (kd->kind == KID_MCR) {
                pdf_buf_puts(o, "<</Type/MCR/Pg");
                put_ref(o, t->page_obj[kd->page]);
                pdf_buf_puts(o, "/MCID ");
                pdf_buf_num(o, kd->n);
                pdf_buf_puts(o, ">>");
            } else {
                pdf_buf_puts(o, "<</Type/OBJR/Pg");
                put_ref(o, t->page_obj[kd->page]);
                pdf_buf_puts(o, "/Obj");
                put_ref(o, t->annots[kd->n].obj);
                pdf_buf_puts(o, ">>");
            }
        }
        pdf_buf_puts(o, "]");
    }
    pdf_buf_puts(o, ">>");
    return true;
}

/* Group g: a grouping element (a TOC in a TOC, a Div elsewhere) holding
 * the next PDF_MAX_ARRAY kids of its element, all of them elements. */
static bool put_group(const pdf_tag *t, size_t g, pdf_buf *o)
{
    const struct tgroup *gr = &t->groups[g];
    const telem *e = tel(t, gr->elem);
    size_t to = gr->from + PDF_MAX_ARRAY;
    if (to > e->nkids)
        to = e->nkids;
    bool toc = strcmp(layout_elem_role(t->ld, gr->elem), "TOC") == 0;
    pdf_buf_puts(o, toc ? "<</S/TOC/P" : "<</S/Div/P");
    put_ref(o, elem_num(t, gr->elem));
    pdf_buf_puts(o, "/K[");
    for (size_t k = gr->from; k < to; k++)
        put_ref(o, elem_num(t, ckids_of(t, e)[k].n));
    pdf_buf_puts(o, "]>>");
    return true;
}

/* The ParentTree's keys from..to-1 (PDF 32000-1 14.7.4.4) as the
 * entries of a /Nums array: page i's key is i, its elements by MCID;
 * each annotation's key follows the pages', its Link element. */
static bool put_nums(const pdf_tag *t, size_t from, size_t to, pdf_buf *o)
{
    size_t np = t->npages;
    pdf_buf_puts(o, "/Nums[");
    for (size_t key = from; key < to; key++) {
        pdf_buf_puts(o, key == from ? "" : " ");
        pdf_buf_num(o, key);
        if (key < np) {
            if (t->page_n[key] > PDF_MAX_ARRAY)
                return false;
            pdf_buf_puts(o, "[");
            for (size_t k = 0; k < t->page_n[key]; k++)
                put_ref(o, elem_num(t, t->page_mcids[key][k]));
            pdf_buf_puts(o, "]");
        } else {
            put_ref(o, elem_num(t, t->annots[key - np].elem));
        }
    }
    pdf_buf_puts(o, "]");
    return true;
}

/* Keys per leaf of the ParentTree when it has more than one node. */
#define PTREE_LEAF 256

static bool put_ptree(const pdf_tag *t, size_t node, pdf_buf *o)
{
    if (node == 0) { /* the root: its leaves */
        pdf_buf_puts(o, "<</Kids[");
        for (size_t l = 0; l < t->nleaves; l++)
            put_ref(o, xnum(t, t->x_ptree + 1 + l));
        pdf_buf_puts(o, "]>>");
        return true;
    }
    size_t from = (node - 1) * PTREE_LEAF, to = from + PTREE_LEAF;
    if (to > t->nkeys)
        to = t->nkeys;
    pdf_buf_puts(o, "<</Limits[");
    pdf_buf_num(o, from);
    pdf_buf_puts(o, " ");
    pdf_buf_num(o, to - 1);
    pdf_buf_puts(o, "]");
    bool ok = put_nums(t, from, to, o);
    pdf_buf_puts(o, ">>");
    return ok;
}

/* pdf_extra's body: k 0 is the StructTreeRoot (libharu's placeholder),
 * k >= 1 the appended object k - 1. */
static bool extra_body(void *ctx, size_t base, size_t k, pdf_buf *o)
{
    pdf_tag *t = ctx;
    t->base = base;
    if (k == 0) {
        pdf_buf_puts(o, "<</Type/StructTreeRoot/K");
        put_ref(o, elem_num(t, 1));
        pdf_buf_puts(o, "/ParentTree");
        put_ref(o, xnum(t, t->x_ptree));
        pdf_buf_puts(o, "/ParentTreeNextKey ");
        pdf_buf_num(o, t->nkeys);
        pdf_buf_puts(o, ">>");
        return true;
    }
    size_t j = k - 1;
    if (j < t->ld->nelems - 1)
        return put_elem(t, j + 1, o);
    if (j >= t->x_groups && j < t->x_groups + t->ngroups)
        return put_group(t, j - t->x_groups, o);
    if (j == t->x_scope_col || j == t->x_scope_row) {
        pdf_buf_puts(o, j == t->x_scope_col ? "<</O/Table/Scope/Column>>"
                                            : "<</O/Table/Scope/Row>>");
        return true;
    }
    if (t->nleaves == 0) {
        pdf_buf_puts(o, "<<");
        bool ok = put_nums(t, 0, t->nkeys, o);
        pdf_buf_puts(o, ">>");
        return ok;
    }
    return put_ptree(t, j - t->x_ptree, o);
}

/* A float set after the text that follows it in the source
 * (lelem.reads_before, layout_paginate.c) reads before the sibling that
 * is or holds that text: its key goes just before the sibling's, so the
 * structure tree keeps the source's order whatever the paint order. A
 * float whose following text is outside its parent already reads last
 * there. */
static void read_floats(pdf_tag *t)
{
    const layout_doc *ld = t->ld;
    for (size_t i = 2; i < ld->nelems; i++) {
        uint32_t a = layout_elem(t->ld, i)->reads_before,
                 p = layout_elem(t->ld, i)->parent;
        if (a == 0 || a >= ld->nelems)
            continue;
        while (a > 1 && layout_elem(t->ld, a)->parent != p)
            a = layout_elem(t->ld, a)->parent;
        if (a <= 1 || layout_elem(t->ld, a)->parent != p || a == i)
            continue;
        uint32_t k = tel(t, a)->first;
        if (k == NOT_PAINTED || k < 2 || k >= tel(t, i)->first)
            continue;
        tel(t, i)->first = k - 1;
    }
}

/* Leaves the dropped annotations out: the others renumbered, their
 * elements' kids with them. */
static void drop_annots(pdf_tag *t)
{
    size_t m = 0;
    uint32_t *map = xmalloc((t->nannots ? t->nannots : 1) * sizeof *map);
    for (size_t k = 0; k < t->nannots; k++) {
        map[k] = t->annots[k].dropped ? UINT32_MAX : (uint32_t)m;
        if (!t->annots[k].dropped)
            t->annots[m++] = t->annots[k];
    }
    if (m != t->nannots)
        for (size_t i = 0; i < t->nel; i++) {
            telem *e = tel(t, i);
            kid *kids = kids_of(t, e);
            uint32_t w = 0;
            bool changed = false;
            for (uint32_t k = 0; k < e->nkids; k++) {
                kid kd = kids[k];
                if (kd.kind == KID_OBJR) {
                    changed |= map[kd.n] != kd.n;
                    if (map[kd.n] == UINT32_MAX)
                        continue;
                    kd.n = map[kd.n];
                }
                kids[w++] = kd;
            }
            if (e->nkids > 1 && w <= 1) { /* back into the record */
                kid one = kids[0];
                free(kids);
                t->kidv[e->k.many] = NULL;
                e->k.one = one;
                kids = &e->k.one;
            }
            e->nkids = w;
            if (changed) {
                e->first = NOT_PAINTED;
                for (uint32_t k = 0; k < w; k++)
                    if (kids[k].key < e->first)
                        e->first = kids[k].key;
            }
        }
    t->nannots = m;
    free(map);
}

int pdftag_finish(pdf_tag *t, HPDF_Page *pages, size_t npages)
{
    HPDF_Doc pdf = t->pdf;
    const layout_doc *ld = t->ld;
    size_t n = ld->nelems;
    ensure_elems(t);
    drop_annots(t);
    if (n < 2)
        return 0;
    if (npages > t->npages)
        return -1; /* a page painted without pdftag_end_page */
    if (npages >= KID_MAX_PAGES)
        return -1;
    t->npages = npages;
    /* the records at their exact size from here on (they are held until
     * the file is saved): the elements layout made, and each element's
     * kids with room for its child elements, so that no array is left
     * with the slack of its doubling */
    if (t->nel > n) {
        size_t last = (n - 1) / TELEM_CHUNK;
        for (size_t k = last + 1; k < t->nel / TELEM_CHUNK; k++)
            free(t->el[k]);
        t->el[last] = xrealloc(t->el[last],
                               (n - last * TELEM_CHUNK) * sizeof *t->el[last]);
        t->nel = n;
    }
    uint32_t *at = xcalloc(n, sizeof *at);
    for (size_t i = 2; i < n; i++)
        at[layout_elem(t->ld, i)->parent]++;
    for (size_t i = 0; i < n; i++) {
        telem *e = tel(t, i);
        if (at[i] > UINT32_MAX - e->nkids) {
            free(at);
            return -1;
        }
        uint32_t want = e->nkids + at[i];
        if (want > 1) {
            if (e->nkids > 1) {
                kid **v = &t->kidv[e->k.many];
                *v = xrealloc(*v, (size_t)want * sizeof **v);
            } else {
                kid *v = xmalloc((size_t)want * sizeof *v);
                if (e->nkids == 1)
                    v[0] = e->k.one;
                e->k.many = kidv_add(t, v);
            }
        }
        /* where its first child element goes */
        at[i] = e->nkids;
        e->nkids = want;
    }
    /* each element's first paint, up to its ancestors (parents have
     * lower indices); an empty element (an empty table cell) sorts after
     * its previous sibling */
    for (size_t i = n - 1; i >= 2; i--) {
        uint32_t p = layout_elem(t->ld, i)->parent;
        if (tel(t, i)->first < tel(t, p)->first)
            tel(t, p)->first = tel(t, i)->first;
    }
    read_floats(t);
    uint32_t *last = xcalloc(n, sizeof *last);
    for (size_t i = 2; i < n; i++) {
        uint32_t p = layout_elem(t->ld, i)->parent;
        uint32_t key = tel(t, i)->first;
        if (key == NOT_PAINTED)
            key = last[p];
        last[p] = key;
        kids_of(t, tel(t, p))[at[p]++] = (kid){KID_ELEM, 0, (uint32_t)i, key};
    }
    free(last);
    free(at);
    size_t ngroups = 0;
    for (size_t i = 1; i < n; i++) {
        telem *e = tel(t, i);
        kid *kids = kids_of(t, e);
        if (e->nkids > 1)
            qsort(kids, e->nkids, sizeof *kids, cmp_kid);
        if (e->nkids <= PDF_MAX_ARRAY)
            continue;
        /* too many kids for one array: groups of them, when they are
         * all elements (marked content of its own in such numbers, or
         * groups beyond one array, do not fit) */
        for (size_t k = 0; k < e->nkids; k++)
            if (kids[k].kind != KID_ELEM)
                return -1;
        if (e->nkids > (size_t)PDF_MAX_ARRAY * PDF_MAX_ARRAY)
            return -1;
        for (size_t k = 0; k < e->nkids; k += PDF_MAX_ARRAY) {
            t->groups = xrealloc(t->groups, (ngroups + 1) * sizeof *t->groups);
            t->groups[ngroups++] = (struct tgroup){(uint32_t)i, k};
        }
        t->gpos = xrealloc(t->gpos, (t->ngpos + e->nkids) * sizeof *t->gpos);
        for (size_t k = 0; k < e->nkids; k++)
            t->gpos[t->ngpos++] = (struct tpos){kids[k].n, (uint32_t)k};
    }
    t->ngroups = ngroups;
    if (t->ngpos > 1)
        qsort(t->gpos, t->ngpos, sizeof *t->gpos, cmp_pos);

    /* The tree itself is not libharu's: a few hundred thousand small
     * objects cost it over a kilobyte each in memory. Its objects are
     * written after libharu's, straight into object streams, when the
     * file is finished (pdftag_extra, pdf_objstm.c); libharu holds only
     * the StructTreeRoot, whose body is ours too, and what the pages,
     * annotations and catalogue say of the tree. */
    HPDF_Dict root = harux_dict_new(pdf);
    if (!root || harux_doc_add_object(pdf, root) != HPDF_OK)
        return -1;
    harux_dict_add_name(root, "Type", "StructTreeRoot");
    t->root_obj = harux_obj_number(root);
    t->page_obj = xcalloc(npages ? npages : 1, sizeof *t->page_obj);
    for (size_t i = 0; i < npages; i++) {
        t->page_obj[i] = harux_obj_number(pages[i]);
        harux_dict_add_number(pages[i], "StructParents", (int32_t)i);
        /* reading order of the annotations is the structure's (PDF/UA-1
         * 7.18.3) */
        if (harux_dict_has_array(pages[i], "Annots"))
            harux_dict_add_name(pages[i], "Tabs", "S");
    }
    for (size_t k = 0; k < t->nannots; k++) {
        tannot *ta = &t->annots[k];
        if (!ta->an)
            return -1; /* a link whose annotation was not made */
        ta->obj = harux_obj_number(ta->an);
        const tinfo *e = info_get(t, ta->elem);
        /* the text a reader announces for the link (PDF/UA-1 7.18.5) */
        const char *txt = e && e->tlen ? e->text : "Länk";
        size_t tl = e && e->tlen ? e->tlen : strlen(txt);
        if (harux_is_ref(ta->an)) {
            /* written by pdf.c, numbered later (pdftag_annots_numbered) */
            pdf_own_annot *oa = (pdf_own_annot *)ta->an;
            oa->struct_parent = (int32_t)(npages + k);
            oa->text = txt;
            oa->text_len = tl;
            continue;
        }
        harux_dict_add_number(ta->an, "StructParent", (int32_t)(npages + k));
        harux_obj contents = pdf_text_string(pdf, txt, tl);
        if (!contents)
            return -1;
        harux_dict_add(ta->an, "Contents", contents);
    }
    harux_dict_add(harux_doc_catalog(pdf), "StructTreeRoot", root);
    HPDF_Dict mi = harux_dict_new(pdf);
    if (!mi)
        return -1;
    harux_dict_add_boolean(mi, "Marked", true);
    harux_dict_add(harux_doc_catalog(pdf), "MarkInfo", mi);

    /* the appended objects: the elements, the two shared table
     * attributes when used, the ParentTree (its root, then its leaves) */
    size_t j = n - 1;
    t->x_scope_col = t->x_scope_row = SIZE_MAX;
    for (size_t i = 1; i < n; i++) {
        const lelem *le = layout_elem(ld, i);
        if (!le->scope || layout_elem_colspan(ld, i) > 1)
            continue;
        if (le->scope == LSCOPE_COLUMN && t->x_scope_col == SIZE_MAX)
            t->x_scope_col = j++;
        else if (le->scope != LSCOPE_COLUMN && t->x_scope_row == SIZE_MAX)
            t->x_scope_row = j++;
    }
    t->nkeys = npages + t->nannots;
    t->nleaves =
        t->nkeys > PTREE_LEAF ? (t->nkeys + PTREE_LEAF - 1) / PTREE_LEAF : 0;
    if (t->nleaves > PDF_MAX_ARRAY)
        return -1;
    t->x_ptree = j;
    j += 1 + t->nleaves;
    t->x_groups = j;
    j += t->ngroups;
    t->extra = (pdf_extra){t->root_obj, j, extra_body, t};
    t->finished = true;
    return HPDF_GetError(pdf) == HPDF_OK ? 0 : -1;
}

void pdftag_annots_numbered(pdf_tag *t)
{
    for (size_t k = 0; t && k < t->nannots; k++)
        if (t->annots[k].an && harux_is_ref(t->annots[k].an))
            t->annots[k].obj = harux_obj_number(t->annots[k].an);
}

const pdf_extra *pdftag_extra(pdf_tag *t)
{
    return t && t->finished ? &t->extra : NULL;
}

void pdftag_free(pdf_tag *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nkidv; i++)
        free(t->kidv[i]);
    free(t->kidv);
    for (size_t i = 0; i < t->ninfos; i++)
        free(t->infos[i].text);
    free(t->infos);
    for (size_t i = 0; i < t->cap_pages; i++)
        free(t->page_mcids[i]);
    free(t->page_mcids);
    free(t->page_n);
    free(t->page_obj);
    free(t->groups);
    free(t->gpos);
    for (size_t k = 0; k * TELEM_CHUNK < t->nel; k++)
        free(t->el[k]);
    free(t->el);
    free(t->mcids);
    free(t->annots);
    free(t);
}
