/*
 * layout_inline.c: inline content -> frags (words and spaces with their
 * font, size, colour, baseline shift and link).
 *
 * Bold and italic select the face; a footnote becomes a raised number
 * linked to the note; a ref prints the number of its target ("avsnitt
 * 2.1", "tabell 3") with a link. Breaks are allowed at spaces and after a
 * hyphen or slash between letters ("Social-/och", "och/eller"); a no-break
 * space never breaks.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/utf8.h"
#include "layout_internal.h"

static void fl_reserve(frag_list *fl)
{
    if (fl->n == fl->cap) {
        fl->cap = fl->cap ? fl->cap * 2 : 32;
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
            uint32_t *m = arena_alloc(c->a, (p->n + n) * sizeof *m);
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
    fr->cps = arena_alloc(c->a, n * sizeof *cps);
    memcpy(fr->cps, cps, n * sizeof *cps);
    fr->n = n;
    fr->width = measure_cps(c, f, size, cps, n);
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
    fl_reserve(fl);
    frag *fr = &fl->v[fl->n++];
    memset(fr, 0, sizeof *fr);
    fr->type = FRAG_GLUE;
    fr->font = f;
    fr->size = size;
    fr->visible_space = visible;
    fr->width = visible ? measure_cps(c, f, size, (uint32_t[]){' '}, 1) : 0;
    fr->link = link;
    fr->uri = uri;
}

static bool is_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

static void push_string(lctx *c, frag_list *fl, const char *s, font_role f,
                        int32_t size, uint32_t color, int32_t rise,
                        const char *link, bool uri)
{
    s = typo_swedish(c, fl, s); /* ” ’ – … (layout_typo.c) */
    size_t len = strlen(s);
    uint32_t *buf = xmalloc((len + 1) * sizeof *buf);
    uint32_t n = 0;
    const char *p = s, *end = s + len;
    uint32_t prev = 0;
    while (p < end) {
        uint32_t cp = utf8_next(&p, end);
        if (cp >= 0x10000 || cp == 0 || (cp < 0x20 && cp != '\t'))
            cp = 0xFFFD; /* the PDF fonts are addressed by BMP code */
        if (cp == '\t')
            cp = ' ';
        if (cp == ' ' && prev >= '0' && prev <= '9' && p < end && *p == '%') {
            buf[n++] = 0xA0; /* "88 %": never broken, rules.md §5 */
            prev = 0xA0;
            continue;
        }
        if (cp == ' ') {
            frag_push_text(c, fl, f, size, color, rise, buf, n, link, uri);
            n = 0;
            push_glue(c, fl, f, size, true, link, uri);
            prev = cp;
            continue;
        }
        buf[n++] = cp;
        /* a break point after a hyphen or slash between letters */
        if ((cp == '-' || cp == '/' || cp == 0x2013) && is_letter(prev) &&
            p < end) {
            const char *q = p;
            uint32_t next = utf8_next(&q, end);
            if (is_letter(next)) {
                frag_push_text(c, fl, f, size, color, rise, buf, n, link, uri);
                n = 0;
                push_glue(c, fl, f, size, false, link, uri);
            }
        }
        prev = cp;
    }
    frag_push_text(c, fl, f, size, color, rise, buf, n, link, uri);
    free(buf);
}

void frags_from_text(lctx *c, const char *utf8, inline_style st, frag_list *out)
{
    font_role f = font_role_style(st.font, st.bold, st.italic);
    push_string(c, out, utf8, f, st.size, st.color, 0, NULL, false);
}

static const char *ref_text(lctx *c, const doc_node *target)
{
    msg_lang lang = diag_list_lang(c->dl);
    switch (doc_node_kind(target)) {
    case DOC_SECTION:
        return arena_printf(
            c->a, "%s %s", lang == LANG_EN ? "section" : "avsnitt",
            doc_node_number(target) ? doc_node_number(target) : "");
    case DOC_TABLE:
        return arena_printf(c->a, "%s %d", lang == LANG_EN ? "table" : "tabell",
                            doc_node_seq(target));
    case DOC_CHART:
        return arena_printf(c->a, "%s %d",
                            lang == LANG_EN ? "chart" : "diagram",
                            doc_node_seq(target));
    case DOC_IMAGE:
        return arena_printf(c->a, "%s %d", lang == LANG_EN ? "figure" : "figur",
                            doc_node_seq(target));
    default:
        return "?";
    }
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
            const char *t = doc_node_text(n);
            if (c->skip_text > 0) {
                size_t len = strlen(t);
                size_t cut = c->skip_text < len ? c->skip_text : len;
                t += cut;
                c->skip_text -= cut;
            }
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
            const char *id = doc_node_attr(n, "till");
            doc_node *t = doc_find_id(c->d, id);
            font_role f = font_role_style(st.font, bold[sp], italic[sp]);
            if (t)
                push_string(c, out, ref_text(c, t), f, st.size, st.color, 0,
                            layout_dest_name(c, t), false);
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
