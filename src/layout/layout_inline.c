/*
 * layout_inline.c: inline content -> frags (words and spaces with their
 * font, size, colour, baseline shift and link).
 *
 * Bold and italic select the face; a footnote becomes a raised number
 * linked to the note; a ref prints the number of its target ("avsnitt
 * 2.1", "tabell 3") with a link.
 *
 * Break opportunities follow Unicode line breaking (UAX #14, computed by
 * libunibreak): at spaces, after a hyphen, slash or dash ("Social-/och",
 * "och/eller"), never at a no-break space (U+00A0, U+202F). Swedish custom
 * adds to it (rules.md §5): a number keeps its unit or sign and the
 * groups of a grouped number stay together ("88 %", "1 200 tkr",
 * "5 kap.", "§ 12"; such a space is printed as a no-break space), no break
 * after a hyphen or dash that follows a digit ("2023-års", "2024–2025")
 * or a single letter ("e-post"). A soft hyphen (U+00AD) is a hyphenation
 * point, a zero-width space (U+200B) a break without a glyph.
 */
#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"
#include "layout_internal.h"

static void fl_reserve(frag_list *fl)
{
    if (fl->n == fl->cap) {
        fl->cap = fl->cap ? fl->cap * 2 : 4; /* most are a table cell's few */
        fl->v = xrealloc(fl->v, fl->cap * sizeof *fl->v);
    }
}

static int32_t measure_cps(lctx *c, font_role f, int32_t size,
                           const uint32_t *cps, uint32_t n)
{
    int64_t em = 0;
    for (uint32_t i = 0; i < n; i++) {
        em += font_advance(c->fs, f, cps[i]);
        if (i + 1 < n)
            em += font_kern(c->fs, f, cps[i], cps[i + 1]);
    }
    return (int32_t)(em * size / 1000);
}

int32_t layout_text_width(lctx *c, font_role f, int32_t size,
                          const uint32_t *cps, uint32_t n)
{
    return measure_cps(c, f, size, cps, n);
}

void frag_push_text(lctx *c, frag_list *fl, font_role f, int32_t size,
                    uint32_t color, int32_t rise, const uint32_t *cps,
                    uint32_t n, const char *link, bool uri)
{
    if (n == 0)
        return;
    /* extend the previous frag when the style is the same */
    if (fl->n > 0) {
        frag *p = &fl->v[fl->n - 1];
        if (p->type == FRAG_TEXT && p->font == f && p->size == size &&
            p->color == color && p->rise == rise && p->link == link) {
            uint32_t *m = arena_alloc(c->fa, (p->n + n) * sizeof *m);
            memcpy(m, p->cps, p->n * sizeof *m);
            memcpy(m + p->n, cps, n * sizeof *m);
            p->cps = m;
            p->n += n;
            p->width = measure_cps(c, f, size, p->cps, p->n);
            return;
        }
    }
    fl_reserve(fl);
    frag *fr = &fl->v[fl->n++];
    memset(fr, 0, sizeof *fr);
    fr->type = FRAG_TEXT;
    fr->font = f;
    fr->size = size;
    fr->color = color;
    fr->rise = rise;
    fr->cps = arena_alloc(c->fa, n * sizeof *cps);
    memcpy(fr->cps, cps, n * sizeof *cps);
    fr->n = n;
    fr->width = measure_cps(c, f, size, cps, n);
    fr->link = link;
    fr->uri = uri;
}

/* Appends a glue frag: a space (visible), a tie (visible, nobreak) or a
 * break point with no glyph. */
static void glue_new(lctx *c, frag_list *fl, font_role f, int32_t size,
                     bool visible, bool nobreak, const char *link, bool uri)
{
    fl_reserve(fl);
    frag *fr = &fl->v[fl->n++];
    memset(fr, 0, sizeof *fr);
    fr->type = FRAG_GLUE;
    fr->font = f;
    fr->size = size;
    fr->visible_space = visible;
    fr->nobreak = nobreak;
    uint32_t sp = nobreak ? 0xA0 : ' ';
    fr->width = visible ? measure_cps(c, f, size, &sp, 1) : 0;
    fr->link = link;
    fr->uri = uri;
}

static void push_glue(lctx *c, frag_list *fl, font_role f, int32_t size,
                      bool visible, const char *link, bool uri)
{
    if (visible) {
        /* collapse with a previous space; no space at the start */
        if (fl->n == 0)
            return;
        frag *p = &fl->v[fl->n - 1];
        if (p->type == FRAG_GLUE) {
            if (p->forced)
                return; /* no space at the start of a line */
            if (!p->visible_space) {
                p->visible_space = true;
                p->width = measure_cps(c, f, size, (uint32_t[]){' '}, 1);
            }
            return;
        }
    }
    glue_new(c, fl, f, size, visible, false, link, uri);
}

/* A no-break space that stretches (TeX's tie): a glue frag of its own. */
static void push_tie(lctx *c, frag_list *fl, font_role f, int32_t size,
                     const char *link, bool uri)
{
    if (fl->n == 0)
        return; /* no space at the start */
    frag *p = &fl->v[fl->n - 1];
    if (p->type == FRAG_GLUE && p->visible_space && !p->nobreak) {
        p->nobreak = true; /* a space and a tie: one tie */
        return;
    }
    /* two ties stay two: "1  Ekonomi", the heading number's wide gap */
    glue_new(c, fl, f, size, true, true, link, uri);
}

static bool is_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* Units and signs that stay on the line of the number before them. */
static const char *const units[] = {
    "%",       "\xE2\x80\xB0", "kr",    "tkr",    "mnkr",      "mdkr",
    "mkr",     "kronor",       "st",    "kap",    "\xC2\xA7",  "ggr",
    "procent", "km",           "m",     "kg",     "m\xC2\xB2", "timmar",
    "h",       "min",          "dagar", "veckor",
};

/* True when the word at buf[i..] (up to a space or the end, trailing
 * punctuation aside: "kap.", "88 %,") is one of the units. */
static bool unit_at(const uint32_t *buf, uint32_t n, uint32_t i)
{
    uint32_t e = i;
    while (e < n && buf[e] != ' ' && buf[e] != 0xA0 && buf[e] != 0x2009)
        e++;
    while (e > i + 1 &&
           (buf[e - 1] == ',' || buf[e - 1] == ';' || buf[e - 1] == ':' ||
            buf[e - 1] == ')' || buf[e - 1] == '.'))
        e--;
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        const char *p = units[u], *end = p + strlen(p);
        uint32_t k = i;
        while (p < end && k < e && utf8_next(&p, end) == buf[k])
            k++;
        if (p == end && k == e)
            return true;
    }
    return false;
}

/* Swedish custom: the space at buf[i] must not break (rules.md §5). */
static bool number_space(const uint32_t *buf, uint32_t n, uint32_t i)
{
    if (i == 0 || i + 1 >= n)
        return false;
    uint32_t prev = buf[i - 1], next = buf[i + 1];
    if (prev == 0xA7 && is_digit(next))
        return true; /* "§ 12" */
    if (!is_digit(prev))
        return false;
    if (unit_at(buf, n, i + 1))
        return true; /* "88 %", "200 tkr", "5 kap." */
    /* a group of three digits after one to three: "1 200", "10 000" */
    uint32_t b = i;
    while (b > 0 && is_digit(buf[b - 1]))
        b--;
    if (i - b > 3)
        return false;
    uint32_t k = i + 1;
    while (k < n && is_digit(buf[k]))
        k++;
    return k - (i + 1) == 3 && (k == n || !is_letter(buf[k]));
}

/* Letters, digits, no-break spaces and the punctuation of classes AL, NU,
 * IS, CP, QU and GL: between these UAX #14 allows no break at all (checked
 * against libunibreak), so a word made of them alone needs no analysis. */
static bool plain_char(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           is_digit(cp) || cp == '.' || cp == ',' || cp == ';' || cp == ':' ||
           cp == '"' || cp == '\'' || cp == ')' || cp == 0xA0 || cp == 0x201D ||
           cp == 0x2019 ||
           (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7);
}

/* A word (between spaces) whose breaks, inside it and at the spaces around
 * it, follow from the general rule alone: none inside, one after the
 * spaces before it (UAX #14 LB7, LB18), unless it starts with a closing
 * mark that never follows a break (LB13). */
static bool plain_word(const uint32_t *buf, uint32_t a, uint32_t b)
{
    if (a > 0 && (buf[a] == '.' || buf[a] == ',' || buf[a] == ';' ||
                  buf[a] == ':' || buf[a] == ')'))
        return false;
    /* an amount with its minus sign (PR before NU: no break) */
    if (buf[a] == 0x2212 && a > 0 && a + 1 < b && is_digit(buf[a + 1]))
        a++;
    for (uint32_t i = a; i < b; i++)
        if (!plain_char(buf[i]))
            return false;
    return true;
}

/* UAX #14 break opportunities: brks[i] says whether a line may end after
 * buf[i]. libunibreak decides around every word that is not plain: its
 * rules look past spaces only to the characters on either side, so the
 * word with its neighbours on both sides is analysed. */
static void analyse(const uint32_t *buf, uint32_t n, char *brks, uint32_t ws,
                    uint32_t we)
{
    set_linebreaks_utf32((const utf32_t *)buf + ws, we - ws, "sv", brks + ws);
    /* the window ends before a space (no break before it, LB7) or at the
     * end of the text */
    brks[we - 1] = LINEBREAK_NOBREAK;
    (void)n;
}

static void find_breaks(const uint32_t *buf, uint32_t n, char *brks)
{
    memset(brks, LINEBREAK_NOBREAK, n);
    for (uint32_t i = 0; i + 1 < n; i++)
        if (buf[i] == ' ' && buf[i + 1] != ' ')
            brks[i] = LINEBREAK_ALLOWBREAK; /* LB18 */
    uint32_t ws = 0, we = 0;                /* the window being collected */
    bool open = false;
    uint32_t pa = 0, i = 0; /* start of the previous word */
    bool first = true;
    while (i < n) {
        while (i < n && buf[i] == ' ')
            i++;
        if (i >= n)
            break;
        uint32_t a = i;
        while (i < n && buf[i] != ' ')
            i++;
        uint32_t b = i;
        if (!plain_word(buf, a, b)) {
            uint32_t from = first ? a : pa, to = b;
            while (to < n && buf[to] == ' ')
                to++;
            while (to < n && buf[to] != ' ')
                to++;
            if (open && from <= we) {
                if (to > we)
                    we = to;
            } else {
                if (open)
                    analyse(buf, n, brks, ws, we);
                ws = from;
                we = to;
                open = true;
            }
        }
        pa = a;
        first = false;
    }
    if (open)
        analyse(buf, n, brks, ws, we);
}

static void push_hyphen_point(lctx *c, frag_list *fl, font_role f, int32_t size,
                              const char *link, bool uri)
{
    push_glue(c, fl, f, size, false, link, uri);
    frag *g = &fl->v[fl->n - 1];
    if (g->type == FRAG_GLUE && !g->visible_space && !g->forced)
        g->hyphen = true;
}

void layout_global_init(void)
{
    init_linebreak(); /* libunibreak's faster property lookup */
}

static void push_string(lctx *c, frag_list *fl, const char *s, font_role f,
                        int32_t size, uint32_t color, int32_t rise,
                        const char *link, bool uri)
{
    size_t len = strlen(s);
    uint32_t *buf = xmalloc((len + 1) * sizeof *buf);
    uint32_t n = 0;
    const char *p = s, *end = s + len;
    while (p < end) {
        uint32_t src = utf8_next(&p, end), cp = src;
        if (cp == '\t')
            cp = ' ';
        /* a character the face lacks (and every one outside the BMP: the
         * PDF fonts are addressed by BMP code) is never drawn as .notdef:
         * a visible mark instead, and a warning; an invisible format
         * character is left out (layout_glyphs.c) */
        if (cp >= 0x10000 || cp < 0x20 || layout_ignorable(cp) ||
            (cp != 0xAD && cp != 0x200B && !font_has_glyph(c->fs, f, cp))) {
            cp = layout_missing_glyph(c, f, src);
            if (cp == 0)
                continue;
        }
        buf[n++] = cp;
    }
    /* spaces that Swedish custom keeps unbroken become no-break spaces */
    for (uint32_t i = 0; i < n; i++)
        if (buf[i] == ' ' && number_space(buf, n, i))
            buf[i] = 0xA0;
    char *brks = xmalloc(n + 1);
    find_breaks(buf, n, brks);
    for (uint32_t i = 0; i + 1 < n; i++) {
        /* a space where UAX #14 allows no break ("( x", "x !") */
        if (buf[i] == ' ' && buf[i + 1] != ' ' &&
            brks[i] == LINEBREAK_NOBREAK) {
            for (uint32_t k = i + 1; k-- > 0 && buf[k] == ' ';)
                buf[k] = 0xA0;
            continue;
        }
        uint32_t cp = buf[i], prev = i > 0 ? buf[i - 1] : 0;
        if (brks[i] != LINEBREAK_ALLOWBREAK)
            continue;
        if (cp == 0x2009 && number_space(buf, n, i))
            brks[i] = LINEBREAK_NOBREAK; /* "10 000" with a thin space */
        if ((cp == '-' || cp == 0x2010 || cp == 0x2013) &&
            (is_digit(prev) || i < 2 || !is_letter(buf[i - 2])))
            brks[i] = LINEBREAK_NOBREAK; /* "2023-års", "e-post" */
    }
    uint32_t start = 0; /* of the text not yet pushed */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t cp = buf[i];
        /* a no-break space stretches with the others, except between the
         * digit groups of a number ("1 200" keeps its look) */
        if (cp == 0xA0 && !(i > 0 && is_digit(buf[i - 1]) && i + 1 < n &&
                            is_digit(buf[i + 1]))) {
            frag_push_text(c, fl, f, size, color, rise, buf + start, i - start,
                           link, uri);
            start = i + 1;
            push_tie(c, fl, f, size, link, uri);
            continue;
        }
        if (cp == ' ' || cp == 0xAD || cp == 0x200B) {
            frag_push_text(c, fl, f, size, color, rise, buf + start, i - start,
                           link, uri);
            start = i + 1;
            if (cp == ' ')
                push_glue(c, fl, f, size, true, link, uri);
            else if (cp == 0xAD && i > 0 && is_letter(buf[i - 1]) &&
                     i + 1 < n && is_letter(buf[i + 1]))
                push_hyphen_point(c, fl, f, size, link, uri);
            else if (cp == 0x200B)
                push_glue(c, fl, f, size, false, link, uri);
            continue;
        }
        if (i + 1 < n && brks[i] == LINEBREAK_ALLOWBREAK && buf[i + 1] != ' ' &&
            buf[i + 1] != 0xAD) {
            frag_push_text(c, fl, f, size, color, rise, buf + start,
                           i + 1 - start, link, uri);
            start = i + 1;
            push_glue(c, fl, f, size, false, link, uri);
        }
    }
    frag_push_text(c, fl, f, size, color, rise, buf + start, n - start, link,
                   uri);
    free(brks);
    free(buf);
}

void frags_from_text(lctx *c, const char *utf8, inline_style st, frag_list *out)
{
    font_role f = font_role_style(st.font, st.bold, st.italic);
    push_string(c, out, utf8, f, st.size, st.color, 0, NULL, false);
}

void frags_from_inline(lctx *c, const doc_node *container, inline_style st,
                       frag_list *out)
{
    enum { MAXDEPTH = 64 };
    bool bold[MAXDEPTH], italic[MAXDEPTH];
    const char *link[MAXDEPTH];
    int sp = 0;
    bold[0] = st.bold;
    italic[0] = st.italic;
    link[0] = NULL;
    doc_iter it;
    doc_iter_init(&it, (doc_node *)container);
    doc_node *n;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        if (n == container)
            continue;
        doc_kind k = doc_node_kind(n);
        if (ev == DOC_EV_EXIT) {
            if ((k == DOC_BOLD || k == DOC_ITALIC || k == DOC_LINK) && sp > 0)
                sp--;
            continue;
        }
        switch (k) {
        case DOC_TEXT: {
            font_role f = font_role_style(st.font, bold[sp], italic[sp]);
            /* as printed: Swedish quotes and dashes, a typed heading
             * number left out (resolve.h) */
            const char *t = resolved_text(c->res, n);
            push_string(c, out, t, f, st.size, st.color, 0, link[sp],
                        link[sp] != NULL);
            break;
        }
        case DOC_BOLD:
        case DOC_ITALIC:
        case DOC_LINK:
            if (!doc_node_first_child(n))
                break; /* no exit event for an empty element */
            if (sp + 1 < MAXDEPTH) {
                sp++;
                bold[sp] = bold[sp - 1] || k == DOC_BOLD;
                italic[sp] = italic[sp - 1] || k == DOC_ITALIC;
                link[sp] =
                    k == DOC_LINK ? doc_node_attr(n, "href") : link[sp - 1];
            }
            break;
        case DOC_FOOTNOTE: {
            if (c->nnotes == c->cap_notes) {
                c->cap_notes = c->cap_notes ? c->cap_notes * 2 : 16;
                c->notes = xrealloc(c->notes, c->cap_notes * sizeof *c->notes);
            }
            c->notes[c->nnotes++] = n;
            char num[16];
            snprintf(num, sizeof num, "%d", doc_node_seq(n));
            font_role f = font_role_style(st.font, bold[sp], italic[sp]);
            int32_t sz = st.size * 62 / 100;
            push_string(c, out, num, f, sz, st.color, st.size * 36 / 100,
                        arena_printf(c->a, "fotnot-%d", doc_node_seq(n)),
                        false);
            doc_iter_skip_children(&it);
            break;
        }
        case DOC_REF: {
            /* the target may be in a part of the model given up already
             * (layout_document_stream): its destination is named by its
             * id (layout_dest_name), never read from it */
            const char *id = doc_node_attr(n, "till");
            const char *rt = resolved_ref_text(c->res, n);
            font_role f = font_role_style(st.font, bold[sp], italic[sp]);
            if (doc_has_id(c->d, id))
                push_string(c, out, rt ? rt : "?", f, st.size, st.color, 0,
                            arena_printf(c->a, "id-%s", id), false);
            else
                push_string(c, out, "??", f, st.size, st.color, 0, NULL, false);
            break;
        }
        case DOC_PARA:
        case DOC_LIST:
            /* block content inside a mixed container is handled by the
             * caller */
            doc_iter_skip_children(&it);
            break;
        default:
            break;
        }
    }
    /* drop a trailing space */
    while (out->n > 0 && out->v[out->n - 1].type == FRAG_GLUE)
        out->n--;
}

void frag_push_break(frag_list *fl)
{
    /* a space before the break is not needed */
    while (fl->n > 0 && fl->v[fl->n - 1].type == FRAG_GLUE &&
           !fl->v[fl->n - 1].forced)
        fl->n--;
    if (fl->n == 0 || fl->v[fl->n - 1].type == FRAG_GLUE)
        return; /* nothing to end: no empty lines */
    fl_reserve(fl);
    frag *fr = &fl->v[fl->n++];
    memset(fr, 0, sizeof *fr);
    fr->type = FRAG_GLUE;
    fr->forced = true;
}

int32_t frags_width(const frag_list *fl)
{
    int32_t w = 0;
    for (size_t i = 0; i < fl->n; i++)
        w += fl->v[i].width;
    return w;
}
