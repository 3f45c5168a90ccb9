/*
 * layout_break.c: breaking frags into lines, and emitting a line as boxes.
 *
 * Paragraphs are broken with the total-fit algorithm of Knuth and Plass
 * ("Breaking paragraphs into lines", 1981; TeX's line_break): text frags
 * are boxes, spaces are glue that stretches by 3/5 and shrinks by 1/3 of
 * the space, invisible glue (after a hyphen or slash, a hyphenation
 * point) is a penalty, and the breaks that minimise the paragraph's total
 * demerits are chosen: (line penalty + badness)^2 per line, plus the
 * penalty, plus extra demerits for two hyphens in a row, for a hyphen on
 * the second last line and for lines of very different tightness. The
 * passes of TeX: without hyphenation within a strict tolerance; with
 * hyphenation (layout_hyph.c) within the normal tolerance; the same with
 * TeX's \emergencystretch (each line is thought to stretch 1.5 em more,
 * so the looseness is spread over the paragraph rather than left to one
 * line, with extra demerits for each line it leaves beyond the
 * tolerance; a line counts as loose beyond the tolerance). Between the
 * two, a pass within the tolerance where a line no break sets so may be
 * letter-spaced by up to 1 % of an em a glyph (pdfTeX's font expansion
 * does the same with glyph widths): the spaces stretch to the tolerance
 * and the glyphs take the rest (the last lines of a paragraph of long
 * compounds, a number that does not fit on the line). When that
 * finds no way (long Swedish compounds leave few spaces on a line), words
 * wider than the measure are split and a pass with a loose tolerance
 * makes only the lines that must be loose so (the demerits see their true
 * badness; TeX's \emergencystretch would loosen the whole paragraph), and
 * a last one accepts any line that is not too wide and never fails. At
 * most two hyphenated lines follow each other. Where even the emergency
 * stretch leaves a line loose, three in a row are allowed (a paragraph of
 * long compounds often has no other way), and then a break between a
 * number and its unit word ("21 690,1" / "tkr"), each kept only when it
 * makes fewer loose lines: smaller faults than word spaces twice their
 * width. The active list only holds
 * breaks whose line can still fit, and line widths come from prefix sums, so
 * the work grows with the paragraph times the breaks that fit on one line.
 *
 * The breaker is a function of its fragments, the measure and the mode:
 * it reads the font metrics and the hyphenation dictionary (and its word
 * cache) through the context, never the page cursor, the page or its
 * foot, so a block is broken for a width before the paginator
 * (layout_paginate.c) decides where its lines go
 * (test_paginator_breaker_ignores_page_state).
 *
 * Headings and table cells use the same breaker ragged right (TeX's
 * \RaggedRight: spaces fixed, the line end stretches by two ems) without
 * hyphenation.
 *
 * Justified lines are set exactly to the measure: the difference is
 * distributed over the visible spaces in proportion to their width
 * (stretching or shrinking), as per-glyph adjustments (written as TJ
 * arrays by the pdf stage), with the rounding error carried forward so the
 * line ends exactly at the measure. The two parts of a hyphenated word
 * carry ActualText so that a reader gets the whole word.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "layout_internal.h"

enum {
    INF_BAD = 10000,   /* badness of a line that cannot stretch enough */
    LINE_PENALTY = 10, /* TeX's \linepenalty: fewer lines are better */
    /* \hyphenpenalty: twice TeX's default (Swedish custom hyphenates
     * sparingly; issue 24's benchmark: fewer hyphenated lines than
     * pdflatex's), and TeX's default at a compound's joint, preferred */
    HYPHEN_PENALTY = 100,
    JOINT_PENALTY = 50,
    EXHYPHEN_PENALTY = 50,          /* \exhyphenpenalty: after "-" or "/" */
    DOUBLE_HYPHEN_DEMERITS = 10000, /* \doublehyphendemerits */
    FINAL_HYPHEN_DEMERITS = 5000,   /* \finalhyphendemerits */
    ADJ_DEMERITS = 10000,           /* \adjdemerits */
    PRETOLERANCE = 100,             /* first pass, no hyphenation */
    TOLERANCE = 200,                /* second pass, with hyphenation */
    LOOSE_TOLERANCE = 2000,         /* fourth pass: loose where needed */
    /* a line whose spaces are set looser than this counts as loose: the
     * breaker's \tolerance */
    LOOSE_LIMIT = TOLERANCE,
    EMERGENCY_STRETCH_EM = 1500, /* \emergencystretch, 1/1000 em */
    /* a line the emergency stretch chose that is set looser than the
     * tolerance: as much as a line at \hbadness costs (the emergency
     * stretch spreads the looseness, it should not leave more lines
     * beyond the tolerance than the paragraph needs) */
    BEYOND_DEMERITS = 1000000,
    /* letter-spacing of a line that no break sets within the tolerance:
     * each glyph may be followed by this much more (1/1000 em), taking
     * the part of the line's shortfall its spaces cannot within the
     * tolerance (the font expansion of pdfTeX's microtype, by 1 %); a
     * line so set costs as much as two loose lines in a row */
    LETTER_STRETCH_EM = 10,
    LETTER_DEMERITS = 10000,
    MAX_HYPHEN_RUN = 2, /* hyphenated lines in a row */
    /* where every way that keeps to two has a loose line: three,
     * Bringhurst's limit (2.4.2) */
    MAX_HYPHEN_RUN_RELAXED = 3,
    /* a number parted from its unit word ("21 690,1" / "tkr"), only where
     * every way that keeps them together has a loose line */
    UNIT_TIE_PENALTY = 500,
    LAST_WORD_TAIL = 6, /* characters after a break in the last word */
    /* the final pass grades lines looser than INF_BAD by their true
     * looseness, up to this (a line with no space to stretch) */
    EMERGENCY_BAD_MAX = 1000000,
};

/* Fitness classes (TeX): very loose, loose, decent, tight. */
enum { FIT_VERY_LOOSE, FIT_LOOSE, FIT_DECENT, FIT_TIGHT };

static void ll_push(line_list *ll, line_info li)
{
    if (ll->n == ll->cap) {
        ll->cap = ll->cap ? ll->cap * 2 : 4;
        ll->v = xrealloc(ll->v, ll->cap * sizeof *ll->v);
    }
    ll->v[ll->n++] = li;
}

static void fl_push(frag_list *fl, const frag *f)
{
    if (fl->n == fl->cap) {
        fl->cap = fl->cap ? fl->cap * 2 : 32;
        fl->v = xrealloc(fl->v, fl->cap * sizeof *fl->v);
    }
    fl->v[fl->n++] = *f;
}

static void fl_replace(frag_list *fl, frag_list *nl)
{
    free(fl->v);
    *fl = *nl;
}

static frag invisible_glue(const frag *like)
{
    frag g;
    memset(&g, 0, sizeof g);
    g.type = FRAG_GLUE;
    g.font = like->font;
    g.size = like->size;
    g.color = like->color;
    g.rise = like->rise;
    g.link = like->link;
    g.uri = like->uri;
    return g;
}

static bool is_boundary(const frag *f)
{
    return f->type == FRAG_GLUE && !f->hyphen;
}

static int32_t hyphen_width(lctx *c, const frag *f)
{
    static const uint32_t hy = '-';
    return layout_text_width(c, f->font, f->size, &hy, 1);
}

/* --- preparing the frags: hyphenation points, splits ----------------------
 */

/* Inserts a discretionary hyphen at each hyphenation point of every word
 * that may be hyphenated: a word of one text frag between spaces (not a
 * part of a compound broken at its hyphen or slash), not link text to an
 * address, not a raised footnote number, and not the paragraph's last
 * word (whose end would stand alone on the last line). */
static void insert_hyphens(lctx *c, frag_list *fl)
{
    uint8_t *brk = NULL;
    uint32_t cap = 0;
    frag_list nl = {0};
    bool any = false;
    for (size_t i = 0; i < fl->n; i++) {
        const frag *f = &fl->v[i];
        bool last = i + 1 == fl->n;
        bool word =
            f->type == FRAG_TEXT && f->n >= 5 && f->rise == 0 && !f->uri &&
            (i == 0 || (fl->v[i - 1].type == FRAG_GLUE &&
                        (fl->v[i - 1].visible_space || fl->v[i - 1].forced))) &&
            (last ||
             (fl->v[i + 1].type == FRAG_GLUE && fl->v[i + 1].visible_space));
        int count = 0;
        if (word) {
            if (f->n > cap) {
                cap = f->n * 2;
                brk = xrealloc(brk, cap);
            }
            uint32_t next = 0;
            if (i + 2 < fl->n && fl->v[i + 2].type == FRAG_TEXT)
                next = fl->v[i + 2].cps[0];
            count = layout_hyphenate(c, f->cps, f->n, next, brk);
            /* the paragraph's last word: only where a real word part is
             * left for the last line (a long compound at the end of a
             * paragraph a little longer than a line has no other way to
             * a balanced pair of lines) */
            for (uint32_t k = 0; last && k < f->n; k++)
                if (brk[k] && f->n - (k + 1) < LAST_WORD_TAIL) {
                    brk[k] = 0;
                    count--;
                }
        }
        if (count == 0) {
            fl_push(&nl, f);
            continue;
        }
        any = true;
        const frag orig = *f;
        uint32_t from = 0;
        for (uint32_t k = 0; k < orig.n; k++) {
            if (!brk[k] && k + 1 < orig.n)
                continue;
            frag part = orig;
            part.cps = orig.cps + from;
            part.n = k + 1 - from;
            part.width =
                layout_text_width(c, orig.font, orig.size, part.cps, part.n);
            fl_push(&nl, &part);
            if (k + 1 < orig.n) {
                frag g = invisible_glue(&orig);
                g.hyphen = true;
                g.joint = brk[k] == 2;
                fl_push(&nl, &g);
            }
            from = k + 1;
        }
    }
    free(brk);
    if (any)
        fl_replace(fl, &nl);
    else
        free(nl.v);
}

/* A tie (a no-break space) holds its words together unless together they
 * are wider than the measure: then its ties become plain spaces, so that a
 * heading's number and a long first word at a large size ("1.1.1  Rubrik"
 * at 96 pt) break between them instead of running off the page. */
static void loosen_ties(frag_list *fl, int32_t measure)
{
    size_t start = 0;
    int64_t w = 0;
    for (size_t i = 0; i <= fl->n; i++) {
        const frag *f = i < fl->n ? &fl->v[i] : NULL;
        if (f && !(f->type == FRAG_GLUE && (!f->nobreak || f->forced))) {
            w += f->width;
            continue;
        }
        if (w > measure)
            for (size_t k = start; k < i; k++)
                if (fl->v[k].type == FRAG_GLUE && fl->v[k].nobreak)
                    fl->v[k].nobreak = false;
        start = i + 1;
        w = 0;
    }
}

/* Splits every word (text frags between break points) wider than the
 * measure into pieces that fit, between characters: the emergency of a
 * long address or number with no other way to break. Ties that hold a
 * run wider than the measure are loosened first (loosen_ties). */
static void split_long_words(lctx *c, frag_list *fl, int32_t measure)
{
    loosen_ties(fl, measure);
    bool needed = false;
    int32_t w = 0;
    for (size_t i = 0; i <= fl->n && !needed; i++) {
        if (i == fl->n || fl->v[i].type == FRAG_GLUE) {
            needed = w > measure;
            w = 0;
        } else {
            w += fl->v[i].width;
        }
    }
    if (!needed)
        return;
    frag_list nl = {0};
    size_t ws = 0;
    for (size_t i = 0; i <= fl->n; i++) {
        if (i < fl->n && fl->v[i].type == FRAG_TEXT)
            continue;
        /* the word [ws, i) */
        int32_t ww = 0;
        for (size_t k = ws; k < i; k++)
            ww += fl->v[k].width;
        if (ww <= measure) {
            for (size_t k = ws; k < i; k++)
                fl_push(&nl, &fl->v[k]);
        } else {
            int64_t acc = 0; /* mpt on the current piece */
            for (size_t k = ws; k < i; k++) {
                const frag *f = &fl->v[k];
                uint32_t from = 0;
                for (uint32_t j = 0; j < f->n; j++) {
                    int64_t cw =
                        (int64_t)font_advance(c->fs, f->font, f->cps[j]) *
                        f->size / 1000;
                    if (acc > 0 && acc + cw > measure) {
                        if (j > from) {
                            frag part = *f;
                            part.cps = f->cps + from;
                            part.n = j - from;
                            part.width = layout_text_width(c, f->font, f->size,
                                                           part.cps, part.n) +
                                         (int32_t)part.n * f->track;
                            if (f->actual && from > 0)
                                part.nactual = 0; /* the first part reads */
                            fl_push(&nl, &part);
                        }
                        frag g = invisible_glue(f);
                        g.split = true;
                        fl_push(&nl, &g);
                        from = j;
                        acc = 0;
                    }
                    acc += cw;
                }
                if (from < f->n) {
                    frag part = *f;
                    part.cps = f->cps + from;
                    part.n = f->n - from;
                    part.width = layout_text_width(c, f->font, f->size,
                                                   part.cps, part.n) +
                                 (int32_t)part.n * f->track;
                    if (f->actual && from > 0)
                        part.nactual = 0;
                    fl_push(&nl, &part);
                }
            }
        }
        if (i < fl->n)
            fl_push(&nl, &fl->v[i]);
        ws = i + 1;
    }
    fl_replace(fl, &nl);
}

/* --- Knuth-Plass ----------------------------------------------------------
 */

typedef struct {
    size_t pos;     /* the break: index of its frag, n for the end */
    size_t start;   /* first frag of the line after it */
    int64_t total;  /* demerits of the paragraph up to here */
    int32_t prev;   /* node of the previous break, -1 for the start */
    int32_t next;   /* next active node, -1 */
    uint8_t fit;    /* fitness class of the line ending here */
    uint8_t run;    /* hyphenated lines in a row ending here */
    bool flagged;   /* the line ends in a hyphen */
    bool hyphen;    /* ... from a discretionary (a hyphenation) */
    bool loose;     /* the line ending here is beyond the tolerance */
    bool overfull;  /* ... wider than the measure */
    int32_t letter; /* letter-spacing of the line ending here, mpt */
} kp_node;

typedef struct {
    const frag *v;
    size_t n;
    int64_t *w, *y, *z; /* prefix sums over frags [0, i) */
    int64_t *g;         /* ... letter-spacing the glyphs can take */
    int32_t measure;
    int32_t rag;     /* ragged: stretch at each line end; 0 justified */
    int32_t emerg;   /* TeX's \emergencystretch: stretch each line is
                        assumed to have when the breaks are chosen (not
                        when the line is set) */
    bool hyphenate;  /* discretionary hyphens are breaks in this pass */
    bool letters;    /* lines may be letter-spaced (LETTER_STRETCH_EM) */
    int max_run;     /* hyphenated lines in a row at most */
    bool unit_break; /* a tie between a number and its unit word breaks */
    bool no_dash;    /* no break after a dash between two words (a range
                        "januari–augusti" in a heading) */
    kp_node *nodes;
    size_t nn, cap;
} kp;

/* A legal break and what it costs. */
typedef struct {
    int pen;       /* penalty */
    int32_t width; /* added to the line when broken here (the hyphen) */
    bool forced;   /* paragraph end or forced line break: fill glue */
    bool flagged;  /* ends in a hyphen */
    bool hyphen;   /* a discretionary hyphen */
    bool split;    /* an emergency split */
} kp_break;

/* The dashes a range or a parenthesis is written with. */
static bool is_dash(uint32_t cp)
{
    return cp == 0x2013 || cp == 0x2014;
}

/* A Latin letter (the unit words of Swedish reports). */
static bool is_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7);
}

/* Whether the tie v[i] joins a number and a unit word of three letters
 * or more ("tkr", "procent", "kap."): never "88 %" or "§ 12". */
static bool unit_tie(const frag *v, size_t n, size_t i)
{
    const frag *p = &v[i - 1], *u = i + 1 < n ? &v[i + 1] : NULL;
    if (!p->n || p->cps[p->n - 1] < '0' || p->cps[p->n - 1] > '9' || !u ||
        u->type != FRAG_TEXT || u->n < 3)
        return false;
    for (uint32_t j = 0; j < 3; j++)
        if (!is_letter(u->cps[j]))
            return false;
    return true;
}

static bool break_at(lctx *c, const kp *k, size_t i, kp_break *b)
{
    const frag *v = k->v;
    size_t n = k->n;
    memset(b, 0, sizeof *b);
    if (i == n || (v[i].type == FRAG_GLUE && v[i].forced)) {
        b->forced = true;
        return true;
    }
    if (v[i].type != FRAG_GLUE || i == 0 || v[i - 1].type != FRAG_TEXT)
        return false; /* glue breaks only after a box (TeX) */
    if (v[i].nobreak) {
        if (!k->unit_break || !unit_tie(v, n, i))
            return false; /* a tie */
        b->pen = UNIT_TIE_PENALTY;
        return true;
    }
    if (v[i].visible_space)
        return true;
    if (v[i].hyphen) {
        if (!k->hyphenate)
            return false; /* the first pass, a heading or a cell */
        b->pen = v[i].joint ? JOINT_PENALTY : HYPHEN_PENALTY;
        b->width = hyphen_width(c, &v[i - 1]);
        b->flagged = b->hyphen = true;
    } else if (v[i].split) {
        b->split = true;
    } else {
        /* after a hyphen, slash or dash in the text */
        const frag *p = &v[i - 1];
        uint32_t last = p->n ? p->cps[p->n - 1] : 0;
        if (k->no_dash && is_dash(last) && i + 1 < n &&
            v[i + 1].type == FRAG_TEXT)
            return false;
        b->pen = EXHYPHEN_PENALTY;
        b->flagged = last == '-' || last == 0x2010;
    }
    return true;
}

/* TeX's badness (tex.web §108): about 100 (t/s)^3, at most INF_BAD, in
 * integers. */
static int badness(int64_t t, int64_t s)
{
    if (t <= 0)
        return 0;
    if (s <= 0)
        return INF_BAD;
    int64_t r;
    if (t <= 7230584)
        r = t * 297 / s;
    else if (s >= 1663497)
        r = t / (s / 297);
    else
        r = t;
    if (r > 1290)
        return INF_BAD;
    return (int)((r * r * r + 0x20000) / 0x40000);
}

/* The badness of a line too loose for badness() (which says INF_BAD for
 * all of them), for the final pass: 100 (t/s)^3 without the cap, at most
 * EMERGENCY_BAD_MAX, which a line with nothing to stretch gets. Without
 * it every such line costs the same and the earliest break wins: a
 * paragraph a little longer than one line was set with its first word
 * alone on a fully stretched first line. */
static int64_t emergency_badness(int64_t t, int64_t s)
{
    if (s <= 0)
        return EMERGENCY_BAD_MAX;
    int64_t r = t * 1000 / s; /* the ratio in thousandths */
    if (r > 100000)
        return EMERGENCY_BAD_MAX;
    int64_t b = r * r * r / 10000000;
    if (b < INF_BAD)
        b = INF_BAD;
    return b > EMERGENCY_BAD_MAX ? EMERGENCY_BAD_MAX : b;
}

/* The stretch of spaces y at badness TOLERANCE: the largest ratio r (in
 * 1/297) with badness(r, 297) <= TOLERANCE, 374 for 200 ((r^3 + 2^17) /
 * 2^18 <= 200). */
enum { TOLERANCE_RATIO = 374 };
static int64_t tolerance_stretch(int64_t y)
{
    return y * TOLERANCE_RATIO / 297;
}

/* The part of a shortfall t that letter-spacing takes (at most cap):
 * what the spaces' stretch y cannot take within the tolerance. Both the
 * breaker and emit_line compute it so. */
static int64_t letter_take(int64_t t, int64_t y, int64_t cap)
{
    int64_t lt = t - tolerance_stretch(y);
    if (lt <= 0 || cap <= 0)
        return 0;
    return lt < cap ? lt : cap;
}

static size_t skip_discardable(const frag *v, size_t n, size_t i)
{
    while (i < n && v[i].type == FRAG_GLUE && !v[i].forced)
        i++;
    return i;
}

static int32_t kp_new_node(kp *k)
{
    if (k->nn == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 64;
        k->nodes = xrealloc(k->nodes, k->cap * sizeof *k->nodes);
    }
    kp_node *nd = &k->nodes[k->nn];
    memset(nd, 0, sizeof *nd);
    nd->prev = nd->next = -1;
    return (int32_t)k->nn++;
}

typedef struct {
    int64_t total;
    int32_t prev;
    bool loose, overfull;
    int32_t letter;
} kp_cand;

/* One pass over the paragraph with the given tolerance. Returns the node
 * of the best final break, or -1 when there is no feasible way (never
 * in the final pass). */
static int32_t kp_pass(lctx *c, kp *k, int threshold, bool final)
{
    const frag *v = k->v;
    size_t n = k->n;
    k->nn = 0;
    /* the largest ratio (in 1/297) whose badness is within threshold */
    int64_t rmax = 1;
    while (rmax <= 1290 && badness(rmax, 297) <= threshold)
        rmax++;
    int32_t head = kp_new_node(k), tail = head;
    k->nodes[head].start = skip_discardable(v, n, 0);
    k->nodes[head].fit = FIT_DECENT;
    k->nodes[head].pos = (size_t)-1;
    for (size_t i = 0; i <= n && head >= 0; i++) {
        kp_break br;
        if (!break_at(c, k, i, &br))
            continue;
        kp_cand cand[4][MAX_HYPHEN_RUN_RELAXED + 1];
        for (int f = 0; f < 4; f++)
            for (int r = 0; r <= k->max_run; r++)
                cand[f][r].total = INT64_MAX;
        bool any = false;
        int32_t prev_a = -1;
        for (int32_t a = head; a >= 0;) {
            kp_node *A = &k->nodes[a];
            int32_t next_a = A->next;
            size_t s = A->start < i ? A->start : i;
            int64_t L = k->w[i] - k->w[s] + br.width;
            int64_t M = k->measure;
            int b, fit;
            int64_t eb = 0; /* emergency_badness of an underfull line */
            int64_t lt = 0; /* letter-spacing of the line */
            bool overfull = false, loose = false, beyond = false;
            if (L <= M && k->letters && !br.forced && k->rag == 0)
                lt = letter_take(M - L, k->y[i] - k->y[s], k->g[i] - k->g[s]);
            L += lt; /* the spaces take the rest */
            if (L <= M) {
                int64_t stretch = k->y[i] - k->y[s] + k->rag + k->emerg;
                /* most active breaks give a line far too short: skip the
                 * division (badness > threshold, and the break stays) */
                if (!br.forced && threshold < INF_BAD &&
                    (M - L) * 297 > rmax * stretch) {
                    prev_a = a;
                    a = next_a;
                    continue;
                }
                b = br.forced ? 0 : badness(M - L, stretch);
                if (final && b >= INF_BAD)
                    eb = emergency_badness(M - L, stretch);
                fit = b > 99 ? FIT_VERY_LOOSE : b > 12 ? FIT_LOOSE : FIT_DECENT;
                /* the badness the line is set with (the emergency
                 * stretch is not there when it is set) */
                int tb = k->emerg ? badness(M - L, k->y[i] - k->y[s]) : b;
                loose = k->rag == 0 && !br.forced && tb > LOOSE_LIMIT;
                beyond = k->emerg && !br.forced && tb > TOLERANCE;
            } else {
                int64_t shrink = k->z[i] - k->z[s];
                if (L - M <= shrink) {
                    b = badness(L - M, shrink);
                    fit = b > 12 ? FIT_TIGHT : FIT_DECENT;
                } else {
                    b = INF_BAD + 1;
                    fit = FIT_TIGHT;
                    overfull = true;
                }
            }
            bool deactivate = false, take = b <= threshold;
            if (b > INF_BAD || br.forced) {
                deactivate = true;
                /* TeX's artificial demerits: the last active break with no
                 * feasible way on makes an overfull line rather than none */
                if (final && b > INF_BAD && !any && a == head && next_a < 0)
                    take = true;
            }
            if (take && br.flagged && A->run >= k->max_run && !overfull)
                take = false;
            if (take) {
                int64_t d = LINE_PENALTY + (eb ? eb : b > INF_BAD ? 0 : b);
                d *= d;
                if (br.pen > 0)
                    d += (int64_t)br.pen * br.pen;
                if (br.flagged && A->flagged)
                    d += DOUBLE_HYPHEN_DEMERITS;
                if (br.forced && A->flagged)
                    d += FINAL_HYPHEN_DEMERITS;
                if (abs(fit - (int)A->fit) > 1)
                    d += ADJ_DEMERITS;
                if (beyond)
                    d += BEYOND_DEMERITS;
                if (lt > 0)
                    d += LETTER_DEMERITS;
                if (overfull)
                    d = 0; /* artificial */
                /* saturates: a hostile paragraph of many emergency lines */
                d = A->total > INT64_MAX / 2 - d ? INT64_MAX / 2 : d + A->total;
                int run = br.flagged ? A->run + 1 : 0;
                if (run > k->max_run)
                    run = k->max_run;
                kp_cand *cd = &cand[fit][run];
                if (d < cd->total) {
                    cd->total = d;
                    cd->prev = a;
                    cd->loose = loose;
                    cd->overfull = overfull || br.split;
                    cd->letter = (int32_t)lt;
                    any = true;
                }
            }
            if (deactivate) {
                if (prev_a < 0)
                    head = next_a;
                else
                    k->nodes[prev_a].next = next_a;
                if (tail == a)
                    tail = prev_a;
            } else {
                prev_a = a;
            }
            a = next_a;
        }
        if (!any)
            continue;
        size_t start = br.forced && i < n ? i + 1 : skip_discardable(v, n, i);
        if (br.forced && i < n)
            start = skip_discardable(v, n, start);
        for (int f = 0; f < 4; f++)
            for (int r = 0; r <= k->max_run; r++) {
                kp_cand *cd = &cand[f][r];
                if (cd->total == INT64_MAX)
                    continue;
                int32_t nd = kp_new_node(k);
                kp_node *N = &k->nodes[nd];
                N->pos = i;
                N->start = start;
                N->total = cd->total;
                N->prev = cd->prev;
                N->fit = (uint8_t)f;
                N->run = (uint8_t)r;
                N->flagged = br.flagged;
                N->hyphen = br.hyphen;
                N->loose = cd->loose;
                N->overfull = cd->overfull;
                N->letter = cd->letter;
                if (tail < 0)
                    head = nd;
                else
                    k->nodes[tail].next = nd;
                tail = nd;
            }
    }
    /* the best way to the end: the active nodes at n */
    int32_t best = -1;
    for (int32_t a = head; a >= 0; a = k->nodes[a].next)
        if (k->nodes[a].pos == n &&
            (best < 0 || k->nodes[a].total < k->nodes[best].total))
            best = a;
    return best;
}

static void kp_prepare(kp *k, const frag_list *fl, bool ragged)
{
    k->v = fl->v;
    k->n = fl->n;
    k->w = xrealloc(k->w, (fl->n + 1) * sizeof *k->w);
    k->y = xrealloc(k->y, (fl->n + 1) * sizeof *k->y);
    k->z = xrealloc(k->z, (fl->n + 1) * sizeof *k->z);
    k->g = xrealloc(k->g, (fl->n + 1) * sizeof *k->g);
    k->w[0] = k->y[0] = k->z[0] = k->g[0] = 0;
    for (size_t i = 0; i < fl->n; i++) {
        const frag *f = &fl->v[i];
        int64_t w = 0, y = 0, z = 0, g = 0;
        if (f->type == FRAG_TEXT) {
            w = f->width;
            g = (int64_t)f->n * f->size * LETTER_STRETCH_EM / 1000;
        } else if (f->visible_space) {
            w = f->width;
            if (!ragged) {
                /* stretch 3/5, shrink 1/3 of a space: the stretch of
                 * TeX's Times (ptmr: space 0.25 em, stretch 0.15 em),
                 * whose metrics Liberation Serif shares */
                y = f->width * 3 / 5;
                z = f->width / 3;
            }
        }
        k->w[i + 1] = k->w[i] + w;
        k->y[i + 1] = k->y[i] + y;
        k->z[i + 1] = k->z[i] + z;
        k->g[i + 1] = k->g[i] + g;
    }
}

/* The lines of the chosen breaks, first to last. */
static void kp_lines(lctx *c, kp *k, int32_t best, bool uncounted,
                     line_list *out)
{
    size_t nl = 0;
    for (int32_t a = best; a >= 0 && k->nodes[a].prev >= 0;
         a = k->nodes[a].prev)
        nl++;
    size_t first = out->n;
    for (size_t j = 0; j < nl; j++)
        ll_push(out, (line_info){0});
    size_t j = first + nl;
    for (int32_t a = best; a >= 0 && k->nodes[a].prev >= 0;
         a = k->nodes[a].prev) {
        const kp_node *B = &k->nodes[a], *A = &k->nodes[k->nodes[a].prev];
        line_info li;
        memset(&li, 0, sizeof li);
        li.start = A->start < B->pos ? A->start : B->pos;
        li.end = B->pos;
        /* no glue at the end of a last line */
        while (li.end > li.start && k->v[li.end - 1].type == FRAG_GLUE)
            li.end--;
        li.hyphenated = B->hyphen;
        li.width = (int32_t)(k->w[li.end] - k->w[li.start]);
        if (li.hyphenated)
            li.width += hyphen_width(c, &k->v[li.end - 1]);
        for (size_t i = li.start; i < li.end; i++)
            li.nglue += k->v[i].type == FRAG_GLUE && k->v[i].visible_space;
        li.last = B->pos == k->n || k->v[B->pos].forced;
        if (!li.last && li.end > li.start &&
            k->v[li.end - 1].type == FRAG_TEXT && k->v[li.end - 1].n)
            li.dash_end = is_dash(k->v[li.end - 1].cps[k->v[li.end - 1].n - 1]);
        li.loose = B->loose && !li.last;
        li.overfull = B->overfull;
        li.letter = li.last ? 0 : B->letter;
        li.uncounted = uncounted;
        out->v[--j] = li;
    }
}

/* The size of the paragraph's first text (10 pt if none). */
static int32_t para_size(const frag_list *fl)
{
    for (size_t i = 0; i < fl->n; i++)
        if (fl->v[i].type == FRAG_TEXT && fl->v[i].size > 0)
            return fl->v[i].size;
    return 10000;
}

/* \emergencystretch: the looseness spread over the paragraph's lines
 * instead of one very loose line. */
static int32_t emergency_pass(lctx *c, kp *k, const frag_list *fl)
{
    k->emerg = EMERGENCY_STRETCH_EM * para_size(fl) / 1000;
    int32_t best = kp_pass(c, k, TOLERANCE, false);
    k->emerg = 0;
    return best;
}

/* The passes with hyphenation: within the tolerance, then with the
 * emergency stretch. */
static int32_t justified_passes(lctx *c, kp *k, const frag_list *fl)
{
    k->letters = false;
    int32_t best = kp_pass(c, k, TOLERANCE, false);
    if (best >= 0)
        return best;
    k->letters = true;
    best = kp_pass(c, k, TOLERANCE, false);
    return best >= 0 ? best : emergency_pass(c, k, fl);
}

/* The loose lines of the way to best (SIZE_MAX: no way). */
static size_t kp_loose(const kp *k, int32_t best)
{
    if (best < 0)
        return SIZE_MAX;
    size_t n = 0;
    for (int32_t a = best; a >= 0 && k->nodes[a].prev >= 0;
         a = k->nodes[a].prev)
        n += k->nodes[a].loose && k->nodes[a].pos != k->n;
    return n;
}

static void break_once(lctx *c, frag_list *fl, int32_t measure, break_mode m,
                       line_list *out)
{
    out->n = 0;
    if (measure < 1000)
        measure = 1000;
    bool ragged = m != BREAK_JUSTIFIED;
    /* the common case of a cell, heading or short paragraph: one line */
    int64_t total = 0;
    bool forced = false;
    for (size_t i = 0; i < fl->n; i++) {
        total += fl->v[i].width;
        forced |= fl->v[i].type == FRAG_GLUE && fl->v[i].forced;
    }
    if (fl->n == 0 || (!forced && total <= measure)) {
        line_info li;
        memset(&li, 0, sizeof li);
        li.end = fl->n;
        while (li.end > 0 && fl->v[li.end - 1].type == FRAG_GLUE)
            li.end--;
        for (size_t i = 0; i < li.end; i++) {
            li.width += fl->v[i].width;
            li.nglue += fl->v[i].type == FRAG_GLUE && fl->v[i].visible_space;
        }
        li.last = true;
        li.uncounted = m >= BREAK_HEADING;
        ll_push(out, li);
        return;
    }
    kp k;
    memset(&k, 0, sizeof k);
    k.measure = measure;
    k.no_dash = m >= BREAK_HEADING;
    k.max_run = MAX_HYPHEN_RUN;
    int32_t best = -1;
    if (!ragged) {
        kp_prepare(&k, fl, false);
        best = kp_pass(c, &k, PRETOLERANCE, false);
        if (best < 0) {
            insert_hyphens(c, fl);
            k.hyphenate = true;
            kp_prepare(&k, fl, false);
            best = justified_passes(c, &k, fl);
            /* where every way has a loose line: three hyphenated lines in
             * a row (a paragraph of long compounds), then a number parted
             * from its unit word (a paragraph's first line has no other
             * way when a long amount with its unit follows it), each kept
             * only when it has fewer loose lines */
            size_t loose = kp_loose(&k, best);
            bool stale = false; /* the nodes are of a way not kept */
            for (int step = 0; step < 2 && loose > 0; step++) {
                if (step == 0)
                    k.max_run = MAX_HYPHEN_RUN_RELAXED;
                else
                    k.unit_break = true;
                int32_t b2 = justified_passes(c, &k, fl);
                size_t l2 = kp_loose(&k, b2);
                stale = !(l2 < loose);
                if (!stale) {
                    best = b2;
                    loose = l2;
                } else if (step == 0) {
                    k.max_run = MAX_HYPHEN_RUN;
                } else {
                    k.unit_break = false;
                }
            }
            if (stale)
                best = justified_passes(c, &k, fl);
        }
    } else {
        /* \RaggedRight: the line end stretches by two ems */
        k.rag = 2 * para_size(fl);
    }
    if (best < 0) {
        split_long_words(c, fl, measure);
        kp_prepare(&k, fl, ragged);
        if (!ragged) {
            /* lines looser than the tolerance where they must be, rather
             * than overfull ones; the demerits keep them few */
            k.emerg = EMERGENCY_STRETCH_EM * para_size(fl) / 1000;
            best = kp_pass(c, &k, LOOSE_TOLERANCE, false);
            k.emerg = 0;
        }
        if (best < 0)
            best = kp_pass(c, &k, INF_BAD, true);
    }
    if (best >= 0) {
        kp_lines(c, &k, best, m >= BREAK_HEADING, out);
    } else {
        /* cannot happen (the final pass never fails): one line */
        line_info li;
        memset(&li, 0, sizeof li);
        li.end = fl->n;
        li.width = (int32_t)k.w[fl->n];
        li.overfull = true;
        li.uncounted = m >= BREAK_HEADING;
        ll_push(out, li);
    }
    if (out->n > 0)
        out->v[out->n - 1].last = true;
    free(k.nodes);
    free(k.w);
    free(k.y);
    free(k.z);
    free(k.g);
}

/* Whether a break of ll has a line wider than the measure. */
static bool any_overfull(const line_list *ll, int32_t measure)
{
    for (size_t i = 0; i < ll->n; i++)
        if (ll->v[i].overfull || ll->v[i].width > measure)
            return true;
    return false;
}

void break_lines_mode(lctx *c, frag_list *fl, int32_t measure, break_mode m,
                      line_list *out)
{
    break_once(c, fl, measure, m, out);
    if (m == BREAK_JUSTIFIED && out->n == 2 &&
        (int64_t)out->v[0].width * 3 < (int64_t)measure * 2)
        out->v[0].short_first = true;
    if (m != BREAK_TITLE || out->n < 2 || any_overfull(out, measure))
        return;
    /* balanced lines (CSS's text-wrap: balance): the narrowest measure
     * that still gives as many lines, found by bisection; the lines are
     * set at the full measure, ragged right */
    size_t lines = out->n;
    int32_t lo = (int32_t)((int64_t)measure * (int64_t)(lines - 1) /
                           (int64_t)lines),
            hi = measure;
    line_list t = {0};
    for (int step = 0; step < 12 && hi - lo > 1000; step++) {
        int32_t mid = lo + (hi - lo) / 2;
        break_once(c, fl, mid, m, &t);
        if (t.n == lines && !any_overfull(&t, mid))
            hi = mid;
        else
            lo = mid;
    }
    if (hi < measure) {
        break_once(c, fl, hi, m, &t);
        if (t.n == lines && !any_overfull(&t, hi)) {
            line_list swap = *out;
            *out = t;
            t = swap;
        }
    }
    free(t.v);
}

void break_lines(lctx *c, frag_list *fl, int32_t measure, line_list *out)
{
    break_lines_mode(c, fl, measure, BREAK_JUSTIFIED, out);
}

void layout_count_line(lctx *c, const line_info *li, int32_t measure,
                       bool justify, bool artifact)
{
    layout_stats *s = &c->ld->stats;
    if (!artifact && li->uncounted && li->dash_end)
        s->dash_breaks++;
    if (artifact || li->uncounted)
        return;
    if (li->short_first)
        s->short_first_lines++;
    s->lines++;
    if (li->hyphenated)
        s->hyphenated_lines++;
    /* unjustified lines are not shrunk: wider than the measure is over */
    if (li->overfull || (!justify && li->width > measure + 1))
        s->overfull_lines++;
    if (justify && li->loose && !li->last)
        s->loose_lines++;
}

lbox *page_add(lctx *c, lpage *pg, lbox_kind kind)
{
    if (pg->n == pg->cap) {
        /* a page already painted gets a few boxes more: a draft's marks
         * (layout_marks.c), then its furniture */
        pg->cap = pg->cap ? pg->cap * 2 : pg->sent ? 8 : 64;
        pg->boxes = xrealloc(pg->boxes, pg->cap * sizeof *pg->boxes);
    }
    lbox *b = &pg->boxes[pg->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->se = c->se;
    return b;
}

lbox *layout_add_rule(lctx *c, lpage *pg, int32_t x, int32_t y, int32_t w,
                      int32_t thick, uint32_t color)
{
    lbox *b = page_add(c, pg, LBOX_RULE);
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = thick;
    b->color = color;
    return b;
}

typedef struct {
    uint32_t *cps;
    int32_t *adj;
    uint32_t n, cap;
    const frag *style;
    int32_t x0, x;
    bool any_adj;
    const uint32_t *actual; /* ActualText of the run, or NULL */
    uint32_t nactual;
    bool recased; /* ... the text of glyphs in capitals */
} run;

static const uint32_t no_text[1] = {0};

/* A page's store: blocks of PAGE_STORE bytes (a larger request gets one
 * of its size), chained, the newest first. Fixed blocks, not doubling
 * ones: what a page leaves unused is at most one block, 4 KiB, on a page
 * of a few table rows as on one of running text (arena blocks of 64 KiB
 * a page had cost the 100 000-row table's 2 300 pages 38 MB). */
enum { PAGE_STORE = 4096 };
struct lpage_store {
    struct lpage_store *next;
    size_t size, used;
    max_align_t data[];
};

void *layout_page_alloc(lpage *pg, size_t bytes)
{
    bytes = (bytes + 7) & ~(size_t)7;
    struct lpage_store *s = pg->store;
    if (!s || s->size - s->used < bytes) {
        /* a page already painted gets a few glyphs more: smaller blocks */
        size_t block = pg->sent ? PAGE_STORE / 8 : PAGE_STORE;
        size_t size = bytes > block ? bytes : block;
        struct lpage_store *ns = xmalloc(sizeof *ns + size);
        ns->size = size;
        ns->used = 0;
        if (s && bytes > block) {
            /* a block of its own, behind the one being filled */
            ns->next = s->next;
            s->next = ns;
        } else {
            ns->next = s;
            pg->store = ns;
        }
        s = ns;
    }
    void *p = (char *)s->data + s->used;
    s->used += bytes;
    return p;
}

/* Whether p points into one of page pg's blocks. */
static bool in_store(const lpage *pg, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    for (const struct lpage_store *s = pg->store; s; s = s->next)
        if (a >= (uintptr_t)s->data && a < (uintptr_t)s->data + s->used)
            return true;
    return false;
}

/* A copy of the n values at v in block s (room counted by the caller). */
static void *pack_copy(struct lpage_store *s, const void *v, size_t bytes)
{
    void *p = (char *)s->data + s->used;
    memcpy(p, v, bytes);
    s->used += (bytes + 7) & ~(size_t)7;
    return p;
}

/* The code points a text box's ActualText takes in the store: a
 * hyphenated word's (whole_word) has room for one at least. */
static size_t actual_n(const lbox *b)
{
    return b->nactual ? b->nactual : 1;
}

/* layout_page_store_pack with room for reserve more bytes in the new
 * block. */
static void store_pack(lpage *pg, size_t reserve)
{
    if (!pg->store ||
        (!pg->store->next && pg->store->size - pg->store->used <= reserve + 64))
        return; /* nothing, or one block about as full as it would be */
    size_t bytes = 0;
    for (size_t i = 0; i < pg->n; i++) {
        const lbox *b = &pg->boxes[i];
        if (b->kind != LBOX_TEXT)
            continue;
        if (b->cps && in_store(pg, b->cps))
            bytes += (b->n * sizeof *b->cps + 7) & ~(size_t)7;
        if (b->adj && in_store(pg, b->adj))
            bytes += (b->n * sizeof *b->adj + 7) & ~(size_t)7;
        if (b->actual && in_store(pg, b->actual))
            bytes += (actual_n(b) * sizeof *b->actual + 7) & ~(size_t)7;
    }
    struct lpage_store *ns = xmalloc(sizeof *ns + bytes + reserve + 8);
    ns->next = NULL;
    ns->size = bytes + reserve;
    ns->used = 0;
    for (size_t i = 0; i < pg->n; i++) {
        lbox *b = &pg->boxes[i];
        if (b->kind != LBOX_TEXT)
            continue;
        if (b->cps && in_store(pg, b->cps))
            b->cps = pack_copy(ns, b->cps, b->n * sizeof *b->cps);
        if (b->adj && in_store(pg, b->adj))
            b->adj = pack_copy(ns, b->adj, b->n * sizeof *b->adj);
        if (b->actual && in_store(pg, b->actual))
            b->actual =
                pack_copy(ns, b->actual, actual_n(b) * sizeof *b->actual);
    }
    layout_page_store_free(pg);
    pg->store = ns;
}

void layout_page_store_pack(lpage *pg)
{
    store_pack(pg, 0);
}

/* What a page gets after the paginator has left it: the running header
 * and footer (add_furniture), a destination of a mark; room for them
 * is kept when the page is trimmed. */
enum { PAGE_SPARE_BOXES = 8, PAGE_SPARE_GLYPHS = 1024 };

void layout_page_trim(lpage *pg)
{
    if (pg->cap > pg->n + PAGE_SPARE_BOXES) {
        pg->cap = pg->n + PAGE_SPARE_BOXES;
        pg->boxes = xrealloc(pg->boxes, pg->cap * sizeof *pg->boxes);
    }
    store_pack(pg, PAGE_SPARE_GLYPHS);
}

void layout_page_store_free(lpage *pg)
{
    for (struct lpage_store *s = pg->store, *next; s; s = next) {
        next = s->next;
        free(s);
    }
    pg->store = NULL;
}

static void run_flush(lctx *c, lpage *pg, run *r, int32_t baseline,
                      bool artifact)
{
    if (r->n == 0 || !r->style)
        return;
    const frag *s = r->style;
    /* a link's text and its annotation are one Link element (PDF/UA-1
     * 7.18.5) */
    uint32_t saved = c->se;
    if (s->link && !artifact && c->se)
        layout_se_begin(c, "Link");
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
    /* the glyphs go with the page once it is painted */
    uint32_t *cps = layout_page_alloc(pg, r->n * sizeof *cps);
    memcpy(cps, r->cps, r->n * sizeof *cps);
    b->cps = cps;
    if (r->any_adj) {
        int32_t *adj = layout_page_alloc(pg, r->n * sizeof *adj);
        memcpy(adj, r->adj, r->n * sizeof *adj);
        b->adj = adj;
    }
    if (r->actual) {
        b->actual = r->actual;
        b->nactual = r->nactual;
        b->recased = r->recased;
        /* a second box of the same word part reads as nothing */
        r->actual = no_text;
        r->nactual = 0;
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
    c->se = saved;
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

/* The whole text of the hyphenated word whose first part ends the line at
 * frag end: from its start, over its discretionaries, to the next space
 * or break. */
static const uint32_t *whole_word(lpage *pg, const frag_list *fl, size_t from,
                                  size_t end, uint32_t *n)
{
    size_t to = end;
    while (to < fl->n && !is_boundary(&fl->v[to]))
        to++;
    uint32_t len = 0;
    for (size_t i = from; i < to; i++)
        if (fl->v[i].type == FRAG_TEXT)
            len += fl->v[i].n;
    /* with the page's glyphs: freed with the page */
    uint32_t *w = layout_page_alloc(pg, (len ? len : 1) * sizeof *w);
    uint32_t k = 0;
    for (size_t i = from; i < to; i++)
        if (fl->v[i].type == FRAG_TEXT) {
            memcpy(w + k, fl->v[i].cps, fl->v[i].n * sizeof *w);
            k += fl->v[i].n;
        }
    *n = len;
    return w;
}

void emit_line(lctx *c, lpage *pg, const frag_list *fl, const line_info *li,
               int32_t x, int32_t baseline, int32_t measure, bool justify,
               int align, bool artifact)
{
    layout_count_line(c, li, measure, justify, artifact);
    int32_t extra = measure - li->width;
    /* justified: every line but the last is stretched to the measure, and
     * any line wider than the measure is shrunk to it (Knuth-Plass chose
     * the breaks for that); the spaces take the difference in proportion
     * to their width, as their stretch and shrink are */
    int64_t space_total = 0;
    bool spread =
        justify && li->nglue > 0 && (extra < 0 || (extra > 0 && !li->last));
    /* letter-spacing (the breaker's letter_take): given after each glyph
     * but the line's last (a hyphen is the last of a hyphenated line), in
     * proportion to the glyph's size */
    int64_t letter = 0, glyph_total = 0, glyph_acc = 0, lgiven = 0;
    size_t last_text = li->end;
    if (spread) {
        for (size_t i = li->start; i < li->end; i++)
            if (fl->v[i].type == FRAG_GLUE && fl->v[i].visible_space) {
                space_total += fl->v[i].width;
            } else if (fl->v[i].type == FRAG_TEXT && fl->v[i].n > 0) {
                glyph_total += (int64_t)fl->v[i].n * fl->v[i].size;
                last_text = i;
            }
        if (!li->hyphenated && last_text < li->end)
            glyph_total -= fl->v[last_text].size;
        spread = space_total > 0;
        if (spread && li->letter > 0 && extra >= li->letter &&
            glyph_total > 0) {
            letter = li->letter;
            extra -= li->letter; /* the spaces take the rest */
        }
    }
    if (!spread) {
        if (align == 1 && extra > 0)
            x += extra / 2;
        else if (align == 2 && extra > 0)
            x += extra;
    }
    /* the parts of a hyphenated word: [head, end) begins it and reads as
     * the whole word; [start, tail_end) ends one and reads as nothing */
    size_t tail_end = li->start, head = li->end;
    if (li->start > 0 && li->start < li->end &&
        fl->v[li->start - 1].type == FRAG_GLUE && fl->v[li->start - 1].hyphen) {
        while (tail_end < li->end && !is_boundary(&fl->v[tail_end]))
            tail_end++;
    }
    if (li->hyphenated) {
        head = li->end;
        while (head > li->start && !is_boundary(&fl->v[head - 1]))
            head--;
        if (head < tail_end)
            head = li->end; /* the middle of a word: all of it is tail */
    }
    run r = {0};
    r.cps = c->run_cps;
    r.adj = c->run_adj;
    r.cap = c->run_cap;
    r.x0 = r.x = x;
    if (tail_end > li->start)
        r.actual = no_text;
    int64_t target_x = x;
    int64_t space_acc = 0; /* natural width of the spaces so far */
    int64_t given = 0;     /* extra mpt given out so far */
    for (size_t i = li->start; i < li->end; i++) {
        const frag *f = &fl->v[i];
        if (i == tail_end && tail_end > li->start) {
            run_flush(c, pg, &r, baseline, artifact);
            r.actual = NULL;
        }
        if (i == head) {
            run_flush(c, pg, &r, baseline, artifact);
            r.actual = whole_word(pg, fl, head, li->end, &r.nactual);
        }
        if (f->type == FRAG_GLUE) {
            if (!f->visible_space)
                continue;
            /* the space belongs to the current run (or starts one) */
            if (!r.style) {
                r.style = f;
                r.x0 = r.x;
            }
            int32_t add = 0;
            if (spread) {
                space_acc += f->width;
                int64_t t = (int64_t)extra * space_acc / space_total;
                add = (int32_t)(t - given);
                given = t;
            }
            target_x += f->width + add;
            /* the space glyph of the run's font, moved by a TJ adjustment
             * so that it ends exactly at target_x */
            const frag *rs = r.style;
            uint32_t sp = f->nobreak ? 0xA0 : ' '; /* a tie reads as one */
            int32_t sp_w =
                (int32_t)((int64_t)font_advance(c->fs, rs->font, sp) *
                          rs->size / 1000);
            int64_t want = (int64_t)target_x - r.x - sp_w;
            int64_t num = want * 1000000;
            int32_t adj_em =
                rs->size <= 0
                    ? 0 /* sizes are checked (STIL-09) */
                    : (int32_t)(num >= 0 ? (num + rs->size / 2) / rs->size
                                         : -((-num + rs->size / 2) / rs->size));
            run_push(&r, sp, adj_em);
            r.x += sp_w + (int32_t)((int64_t)adj_em * rs->size / 1000000);
            continue;
        }
        if (f->actual || !same_style(r.style, f)) {
            run_flush(c, pg, &r, baseline, artifact);
            r.style = f;
            r.x0 = r.x;
            if (f->actual) {
                /* its own box, reading as the text as written */
                r.actual = f->actual;
                r.nactual = f->nactual;
                r.recased = true;
            }
        }
        /* letter-spacing as a TJ adjustment after each glyph */
        int32_t track = f->track && f->size > 0
                            ? (int32_t)((int64_t)f->track * 1000000 / f->size)
                            : 0;
        int32_t lsum = 0; /* letter-spacing given in this frag, mpt */
        for (uint32_t k = 0; k < f->n; k++) {
            int32_t kern =
                k + 1 < f->n
                    ? 1000 * font_kern(c->fs, f->font, f->cps[k], f->cps[k + 1])
                    : 0;
            int32_t ladj = 0;
            if (letter > 0 && f->size > 0 &&
                (li->hyphenated || i != last_text || k + 1 < f->n)) {
                glyph_acc += f->size;
                int64_t t = letter * glyph_acc / glyph_total;
                int32_t add = (int32_t)(t - lgiven);
                lgiven = t;
                ladj = (int32_t)((int64_t)add * 1000000 / f->size);
                lsum += add;
            }
            run_push(&r, f->cps[k], kern + track + ladj);
        }
        r.x += f->width + lsum;
        target_x += f->width + lsum;
        if (f->actual) {
            run_flush(c, pg, &r, baseline, artifact);
            r.actual = NULL;
            r.nactual = 0;
            r.recased = false;
        }
    }
    if (li->hyphenated && li->end > li->start) {
        const frag *f = &fl->v[li->end - 1];
        if (!r.style) {
            r.style = f;
            r.x0 = r.x;
        }
        run_push(&r, '-', 0);
        r.x += hyphen_width(c, f);
    }
    run_flush(c, pg, &r, baseline, artifact);
    c->run_cps = r.cps;
    c->run_adj = r.adj;
    c->run_cap = r.cap;
}
