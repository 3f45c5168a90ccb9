/*
 * layout_glyphs.c: characters the fonts lack.
 *
 * A character that no glyph of its face shows would be drawn as .notdef,
 * the font's empty box, which PDF/A forbids (ISO 19005-2 6.2.11.8) and a
 * reader cannot tell from a real character. Layout leaves such a
 * character out of the glyphs and sets U+25A1 WHITE SQUARE (□) in its
 * place, a visible mark of the gap (a question mark in a face without
 * it). An invisible format character (a zero-width joiner, a variation
 * selector) is left out, whether the face has a glyph for it or not: it
 * shows nothing, and readers disagree on whether to extract it. Characters
 * outside the BMP (emoji) are never in the PDF's fonts (their codes are BMP
 * code points) and are marked the same way.
 *
 * Before layout, the document's text is read once: for each character a
 * face that may set it lacks, warning TECKEN-01 names the character and
 * where it first stands (file:line:column in the text, the metadata
 * element for the cover and running header), once per character, at
 * most MAX_WARNINGS characters and then one warning counting the rest. A
 * character marked while setting text the scan did not read (a table's
 * unit, a chart label) gets the same warning without a place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/utf8.h"
#include "layout_internal.h"

enum { MAX_WARNINGS = 20 };

#define FAMILY_SERIF 1u
#define FAMILY_SANS 2u

bool layout_ignorable(uint32_t cp)
{
    if (cp < 0x034F)
        return false; /* the common case: Latin text, asked per character */
    return cp == 0x034F || cp == 0x061C || (cp >= 0x115F && cp <= 0x1160) ||
           (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) ||
           (cp >= 0x200C && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 ||
           (cp >= 0xFFF0 && cp <= 0xFFF8) || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* Whether a face of the families in mask (all four styles) lacks cp;
 * cached for the BMP in c->glyph_lacks (per family: bit 0 known, bit 1
 * lacking; serif in bits 0-1, sans in bits 2-3): the scan asks for every
 * character of the document. */
static bool lacks(lctx *c, unsigned mask, uint32_t cp)
{
    if (cp >= 0x10000)
        return true;
    if (!c->glyph_lacks)
        c->glyph_lacks = xcalloc(0x10000, 1);
    for (int fam = 0; fam < 2; fam++) {
        if (!(mask & (fam ? FAMILY_SANS : FAMILY_SERIF)))
            continue;
        unsigned shift = fam ? 2u : 0u;
        unsigned v = (c->glyph_lacks[cp] >> shift) & 3u;
        if (!v) {
            font_role base = fam ? FONT_SANS : FONT_SERIF;
            bool lack = false;
            for (int k = 0; k < 4 && !lack; k++)
                lack = !font_has_glyph(c->fs, (font_role)(base + k), cp);
            v = lack ? 3u : 1u;
            c->glyph_lacks[cp] |= (uint8_t)(v << shift);
        }
        if (v == 3u)
            return true;
    }
    return false;
}

static unsigned family_of(font_role r)
{
    return r >= FONT_SANS ? FAMILY_SANS : FAMILY_SERIF;
}

/* Records cp as warned about; false when it was already (or the warnings
 * are used up: the count of the rest grows). */
static bool first_time(lctx *c, uint32_t cp)
{
    for (size_t i = 0; i < c->nglyph_warned; i++)
        if (c->glyph_warned[i] == cp)
            return false;
    if (c->nglyph_warned == MAX_WARNINGS) {
        c->glyph_more++;
        /* counted once: kept with the others from here on */
        c->glyph_warned =
            xrealloc(c->glyph_warned, (c->nglyph_warned + c->glyph_more) *
                                          sizeof *c->glyph_warned);
        c->glyph_warned[MAX_WARNINGS + c->glyph_more - 1] = cp;
        return false;
    }
    c->glyph_warned = xrealloc(c->glyph_warned, (c->nglyph_warned + 1) *
                                                    sizeof *c->glyph_warned);
    c->glyph_warned[c->nglyph_warned++] = cp;
    return true;
}

/* The character's text for a message: itself, in quotes. */
static const char *shown(lctx *c, uint32_t cp)
{
    char u[5];
    int k = utf8_encode(cp, u);
    return arena_strndup(c->a, u, (size_t)k);
}

static void warn(lctx *c, uint32_t line, uint32_t col, const char *elem,
                 uint32_t cp)
{
    if (!first_time(c, cp))
        return;
    diag *d = elem ? diag_add(c->dl, DIAG_WARNING, doc_path(c->d), line, col,
                              "TECKEN-01", MSG_GLYPH_MISSING_IN, (unsigned)cp,
                              shown(c, cp), elem)
                   : diag_add(c->dl, DIAG_WARNING, doc_path(c->d), line, col,
                              "TECKEN-01", MSG_GLYPH_MISSING, (unsigned)cp,
                              shown(c, cp));
    diag_hint(c->dl, d, MSG_GLYPH_MISSING_HINT, (unsigned)cp);
}

/* Each character of s the families in mask lack, warned at the place
 * of its byte offset in text node n, at the element el (the place of
 * an attribute), or at the metadata element elem. */
static void scan(lctx *c, const char *s, unsigned mask, const doc_node *n,
                 const doc_node *el, const char *elem)
{
    if (!s)
        return;
    const char *p = s, *end = s + strlen(s);
    while (p < end) {
        size_t off = (size_t)(p - s);
        uint32_t cp = utf8_next(&p, end);
        if (cp < 0x20 ||
            (cp >= 0x80 &&
             (cp == 0xAD || cp == 0x200B || layout_ignorable(cp))) ||
            !lacks(c, mask, cp))
            continue;
        uint32_t line = 0, col = 0;
        if (n) {
            doc_node_text_pos(n, off, &line, &col);
        } else if (el) {
            line = doc_node_line(el);
            col = doc_node_col(el);
        }
        warn(c, line, col, elem, cp);
    }
}

/* The families a text node may be set in: its block's. */
static unsigned families_for(const lctx *c, const doc_node *n)
{
    for (const doc_node *a = doc_node_parent(n); a; a = doc_node_parent(a))
        switch (doc_node_kind(a)) {
        case DOC_FOOTNOTE:
            return family_of(c->st->body_font);
        case DOC_HEADING:
            return family_of(c->st->heading_font);
        case DOC_CAPTION:
        case DOC_CHART:
        case DOC_SOURCE:
            return FAMILY_SERIF | FAMILY_SANS;
        case DOC_TABLE:
            return family_of(c->st->table_font);
        case DOC_PARA:
        case DOC_ITEM:
        case DOC_QUOTE:
            return family_of(c->st->body_font);
        default:
            break;
        }
    return FAMILY_SERIF | FAMILY_SANS;
}

void layout_check_glyphs(lctx *c)
{
    if (!font_path(c->fs, FONT_SERIF))
        return; /* the stub has every glyph */
    const doc_meta *m = doc_metadata(c->d);
    const unsigned both = FAMILY_SERIF | FAMILY_SANS;
    /* the cover and the running header */
    scan(c, m->titel, both, NULL, NULL, "titel");
    scan(c, m->undertitel, both, NULL, NULL, "undertitel");
    scan(c, m->organisation, both, NULL, NULL, "organisation");
    scan(c, m->namnd, both, NULL, NULL, "namnd");
    scan(c, m->forvaltning, both, NULL, NULL, "forvaltning");
    scan(c, m->diarienummer, both, NULL, NULL, "diarienummer");
    scan(c, m->forfattare, both, NULL, NULL, "forfattare");
    doc_iter it;
    doc_iter_init(&it, doc_root(c->d));
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        if (doc_node_kind(n) == DOC_TEXT)
            scan(c, doc_node_text(n), families_for(c, n), n, NULL, NULL);
        else if (doc_node_kind(n) == DOC_TABLE) /* "(belopp i tkr)" */
            scan(c, doc_node_attr(n, "enhet"), both, NULL, n, NULL);
    }
    if (c->glyph_more)
        diag_add(c->dl, DIAG_WARNING, doc_path(c->d), 0, 0, "TECKEN-01",
                 MSG_GLYPH_MISSING_MORE, (unsigned)c->glyph_more);
}

uint32_t layout_missing_glyph(lctx *c, font_role f, uint32_t cp)
{
    if (cp < 0x20)
        return cp == '\n' || cp == '\r' ? ' ' : 0;
    if (layout_ignorable(cp))
        return 0;
    if (font_path(c->fs, FONT_SERIF))
        warn(c, 0, 0, NULL, cp); /* not read by the scan */
    if (font_has_glyph(c->fs, f, 0x25A1))
        return 0x25A1;
    return font_has_glyph(c->fs, f, '?') ? '?' : 0;
}

void layout_glyphs_free(lctx *c)
{
    free(c->glyph_warned);
    c->glyph_warned = NULL;
    free(c->glyph_lacks);
    c->glyph_lacks = NULL;
}
