/*
 * pdf.c: painting the laid-out pages with libharu 2.3.0.
 *
 * What libharu does not do is done through its internal dictionary API
 * (see architecture.md), by way of the wrappers of pdf_harux.h: text is
 * written as TJ arrays of two-byte codes (see "codes and CIDs" below: one
 * to two bytes a glyph, the CIDs equal to the codes), with the per-glyph
 * adjustments layout computed for exact justification and kerning; each
 * code point is passed once through HPDF_Font_TextWidth so libharu's
 * subsetter keeps its glyph; libharu's invalid ToUnicode CMap is replaced
 * by a correct one (PDF 32000-1 9.10.3);
 * the document-level objects (information, XMP, PDF/A, page labels, file
 * identifier) are pdf_meta.c's. Coordinates: layout's millipoints with the
 * origin top left become PDF points with the origin bottom left here, once.
 */
#include "pdf.h"
#include "pdf_chart.h"
#include "pdf_internal.h"

#include <hpdf.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../common/utf8.h"
#include "../image/image.h"

typedef struct {
    HPDF_STATUS error, detail;
} err_state;

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no,
                     void *user_data)
{
    err_state *es = user_data;
    if (!es->error) {
        es->error = error_no;
        es->detail = detail_no;
    }
}

typedef struct {
    HPDF_Font font;
    uint8_t *seen;       /* bitset over the BMP */
    unsigned char *face; /* the font file mapped, 'post' cut */
    size_t face_len;     /* (pdf_fontfile.c); libharu's until HPDF_Free */
} pfont;

typedef struct {
    const char *name;
    HPDF_Destination dest;
} named_dest;

typedef struct {
    HPDF_Doc pdf;
    err_state es;
    const font_set *fs;
    pfont fonts[FONT_ROLE_COUNT];
    named_dest *dests;
    size_t ndests;
    char *buf; /* scratch for content stream text */
    size_t cap;
    /* images made into XObjects so far: one per image, however many
     * pages show it (a logo) */
    struct pimage *images;
    size_t nimages, cap_images;
    /* for the text box being painted (pdf_tag.c): its ActualText is in
     * the tag's properties already; a space for readers follows it */
    bool actual_done, space_after;
    /* every code point a text box shows, in any font (code_assign),
     * and the code (= CID) of each: code[cp], 0 for none (see "codes
     * and CIDs"); assigned[k] the code point of the k-th code above
     * ASCII, in the order of first use */
    uint8_t *codes;
    uint16_t *code;
    uint32_t *assigned;
    uint32_t nassigned, cap_assigned;
    bool codes_full; /* a code point found no code left: PDF-06 */
    /* the font roles the page being painted uses (a bit each) */
    uint8_t *page_roles;
    /* every code point with a code, ASCII included */
    uint32_t *used;
    size_t nused, cap_used;
    /* the fill colour and font set last on the page being painted, so
     * that a line repeats neither when they have not changed (text state
     * and colour persist across text objects, PDF 32000-1 9.3.1);
     * cur_rgb < 0 and cur_font < 0: nothing set yet on this page */
    int64_t cur_rgb;
    int cur_font;
    int32_t cur_size;
    /* the word spacing (Tw) set on the page, in billionths of a point
     * (see write_tj) */
    int64_t cur_tw;
    pdf_deflate *zs; /* compresses the pages as they are painted */
    /* a code point a face lacks, plus one (PDF-05); 0: none */
    uint32_t notdef;
} pctx;

static float pt(int32_t mpt)
{
    return (float)mpt / 1000.0f;
}

static int cmp_dest(const void *a, const void *b)
{
    return strcmp(((const named_dest *)a)->name, ((const named_dest *)b)->name);
}

/* A link to a named destination, made after the pages are painted:
 * page, rectangle, target, its index in the tag's annotations (SIZE_MAX:
 * none, pdftag_annot_later). */
typedef struct {
    size_t page;
    HPDF_Rect rect;
    const char *target;
    size_t annot;
} pending_link;

static HPDF_Destination find_dest(pctx *p, const char *name)
{
    if (p->ndests == 0 || !name)
        return NULL;
    named_dest key = {name, NULL};
    named_dest *d =
        bsearch(&key, p->dests, p->ndests, sizeof *p->dests, cmp_dest);
    return d ? d->dest : NULL;
}

/* --- codes and CIDs ---------------------------------------------------------
 *
 * libharu's Identity-H encoding spends two bytes on every glyph, and the
 * zero high bytes cost deflate a symbol each: a tenth of the content
 * streams. Each font gets an embedded CMap instead (PDF 32000-1 9.7.5.3)
 * with codes of one or two bytes, in one code space for the document:
 * ASCII is its own one-byte code, the next 64 code points in order of
 * first use get <80>..<BF>, the rest two-byte codes <C000>..<FFFE>. The
 * CID of every code is the code's own value (<80> is CID 128, <C000> CID
 * 49152), and the CIDFont's widths and CIDToGIDMap are made for those CIDs
 * (harux_font_for_codes). A CID equal to its code lies inside the code
 * space: MuPDF (1.21) keys the ToUnicode map by CID but keeps the
 * encoding's code space for it, and drops every CID outside it (a CID
 * equal to the code point, as libharu makes them, put U+FFFD for every
 * letter above ASCII in its text). Poppler, Ghostscript and pdf.js read
 * the ToUnicode map by code, and get the same. */
enum {
    CODE1_END = 0xC0,     /* one-byte codes below */
    CODE2_FIRST = 0xC000, /* two-byte codes from here ... */
    CODE2_END = 0xFFFF,   /* ... to below here (0xFFFF is no CID) */
    CODES_MAX = (CODE1_END - 0x80) + (CODE2_END - CODE2_FIRST)
};

/* The code for the k-th code point above ASCII. */
static uint32_t code_for(uint32_t k)
{
    return k < CODE1_END - 0x80 ? 0x80 + k
                                : CODE2_FIRST + (k - (CODE1_END - 0x80));
}

static void push_used(pctx *p, uint32_t cp)
{
    if (p->nused == p->cap_used) {
        p->cap_used = p->cap_used ? p->cap_used * 2 : 256;
        p->used = xrealloc(p->used, p->cap_used * sizeof *p->used);
    }
    p->used[p->nused++] = cp;
}

/* Gives code point cp a code, in order of first use (see "codes and
 * CIDs"); false when there are no codes left (PDF-06). */
static bool code_assign(pctx *p, uint32_t cp)
{
    if (p->codes[cp >> 3] & (1u << (cp & 7)))
        return true;
    if (cp < 0x80) {
        p->codes[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        p->code[cp] = (uint16_t)cp;
        if (cp > 0) /* 0 has no code (the CMap's own) */
            push_used(p, cp);
        return true;
    }
    if (p->nassigned == CODES_MAX)
        return false;
    p->codes[cp >> 3] |= (uint8_t)(1u << (cp & 7));
    if (p->nassigned == p->cap_assigned) {
        p->cap_assigned = p->cap_assigned ? p->cap_assigned * 2 : 64;
        p->assigned =
            xrealloc(p->assigned, p->cap_assigned * sizeof *p->assigned);
    }
    p->code[cp] = (uint16_t)code_for(p->nassigned);
    p->assigned[p->nassigned++] = cp;
    push_used(p, cp);
    return true;
}

static HPDF_Font get_font(pctx *p, font_role r)
{
    if (p->fonts[r].font)
        return p->fonts[r].font;
    const char *path = font_path(p->fs, r);
    if (!path)
        return NULL;
    /* the face mapped once: libharu loads it from memory (no stdio reads
     * of two bytes at a time) and embed_font makes its subset of it; no
     * glyph names when 'post' can be cut */
    size_t len = 0;
    unsigned char *face = pdf_fontfile_load(path, &len);
    const char *name;
    if (face) {
        pdf_fontfile_cut_post(face, len);
        p->fonts[r].face = face;
        p->fonts[r].face_len = len;
        name = harux_font_load_ttf(p->pdf, face, len);
        /* libharu has what it needs of the face until embed_font */
        pdf_fontfile_release(face, len);
    } else {
        name = HPDF_LoadTTFontFromFile(p->pdf, path, HPDF_TRUE);
    }
    if (!name)
        return NULL;
    HPDF_Font f =
        harux_font_for_codes(p->pdf, name, p->code, p->used, p->nused);
    p->fonts[r].font = f;
    return f;
}

/* Gives each code point of a text box in role r its code at its first
 * use, and checks that the face has it; the fonts are made at the end
 * with every code (pdf_finish), and libharu's subsetter told then. */
static void mark_used(pctx *p, font_role r, const uint32_t *cps, uint32_t n)
{
    pfont *pf = &p->fonts[r];
    if (!pf->seen)
        pf->seen = xcalloc(0x10000 / 8, 1);
    *p->page_roles |= (uint8_t)(1u << r);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t cp = cps[i] & 0xFFFF;
        if (pf->seen[cp >> 3] & (1u << (cp & 7)))
            continue;
        if (!code_assign(p, cp) && !p->es.error) {
            p->codes_full = true;
            p->es.error = HPDF_INVALID_FONTDEF_DATA; /* PDF-06 */
        }
        if (!font_has_glyph(p->fs, r, cp) && !p->es.error) {
            /* nor a character the face lacks (layout marks those:
             * layout_glyphs.c); never a .notdef glyph in the file */
            p->es.error = HPDF_INVALID_FONTDEF_DATA;
            p->notdef = cp + 1;
        }
        pf->seen[cp >> 3] |= (uint8_t)(1u << (cp & 7));
    }
}

static void reserve(pctx *p, size_t need)
{
    if (need > p->cap) {
        p->cap = need * 2;
        p->buf = xrealloc(p->buf, p->cap);
    }
}

/* Four upper-case hex digits, as "%04X" would print them: sprintf was a
 * fifth of all instructions of a 100-page build (issue 9's profile), for
 * a format this simple. Returns the end. */
static char *put_hex4(char *o, uint32_t v)
{
    static const char hex[] = "0123456789ABCDEF";
    o[0] = hex[(v >> 12) & 0xF];
    o[1] = hex[(v >> 8) & 0xF];
    o[2] = hex[(v >> 4) & 0xF];
    o[3] = hex[v & 0xF];
    return o + 4;
}

/* " v" for v in units of 10^-decimals, the decimals that are zero at the
 * end left out ("12.5" for 12500 with three, "-43" for -43 with none).
 * Returns the end. */
static char *put_num(char *o, int64_t v, int decimals)
{
    uint64_t m = v < 0 ? (uint64_t)(-v) : (uint64_t)v;
    uint64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    uint64_t whole = m / scale, frac = m % scale;
    *o++ = ' ';
    if (v < 0)
        *o++ = '-';
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    while (n)
        *o++ = digits[--n];
    if (frac) {
        *o++ = '.';
        while (frac) {
            scale /= 10;
            *o++ = (char)('0' + frac / scale);
            frac %= scale;
        }
    }
    return o;
}

/* v / u rounded to the nearest integer, halves away from zero */
static int64_t div_round(int64_t v, int64_t u)
{
    return v >= 0 ? (v + u / 2) / u : -((-v + u / 2) / u);
}

/* Appends code c's bytes to a literal string (PDF 32000-1 7.3.4.2):
 * parentheses and the backslash escaped, and CR and LF, which a reader
 * would take as an end of line. Returns the end. */
static char *put_code(char *o, uint32_t c)
{
    unsigned char by[2];
    int n = 0;
    if (c >= CODE2_FIRST)
        by[n++] = (unsigned char)(c >> 8);
    by[n++] = (unsigned char)c;
    for (int i = 0; i < n; i++) {
        unsigned char v = by[i];
        if (v == '(' || v == ')' || v == '\\') {
            *o++ = '\\';
            *o++ = (char)v;
        } else if (v == '\r' || v == '\n') {
            *o++ = '\\';
            *o++ = v == '\r' ? 'r' : 'n';
        } else {
            *o++ = (char)v;
        }
    }
    return o;
}

/* The word spacing for a justified line: the space that layout adds
 * after each of its spaces (millionths of an em) varies by a millipoint
 * or so from space to space; the middle of that range, given once as Tw
 * (which moves every one-byte code 32, PDF 32000-1 9.3.3), leaves each
 * space a remainder that the TJ adjustments carry, mostly nothing. 0
 * when the box has no spaces with adjustments; *spaces: whether it has
 * a space at all. */
static int64_t word_spacing(const lbox *b, bool *spaces)
{
    *spaces = false;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (uint32_t i = 0; i < b->n; i++)
        if (b->cps[i] == ' ') {
            *spaces = true;
            if (b->adj && i + 1 < b->n) {
                lo = b->adj[i] < lo ? b->adj[i] : lo;
                hi = b->adj[i] > hi ? b->adj[i] : hi;
            }
        }
    return lo > hi ? 0 : (lo + hi) / 2;
}

/* Writes "[(...) n (...)] TJ" for the glyphs of a text box, with its word
 * spacing before when it changes ("w Tw"). */
static void write_tj(pctx *p, HPDF_Page page, const lbox *b)
{
    reserve(p, (size_t)b->n * 20 + 64);
    char *o = p->buf;
    bool spaces;
    int64_t tw = word_spacing(b, &spaces);
    /* in points: millionths of an em times the size in millipoints, exact
     * in nine decimals; left as it is for a box without a space */
    int64_t tw_pt = tw * b->size;
    if (!spaces && !p->space_after)
        tw_pt = p->cur_tw;
    if (tw_pt != p->cur_tw) {
        char num[32];
        char *e = put_num(num, tw_pt, 9); /* " w" */
        memcpy(o, num + 1, (size_t)(e - num - 1));
        o += e - num - 1;
        memcpy(o, " Tw\n", 4);
        o += 4;
        p->cur_tw = tw_pt;
    }
    *o++ = '[';
    bool open = false;
    bool large = b->size > 20000;
    int64_t unit = large ? 100 : 1000, want = 0, done = 0;
    int decimals = large ? 1 : 0;
    for (uint32_t i = 0; i < b->n; i++) {
        if (!open) {
            *o++ = '(';
            open = true;
        }
        uint16_t code = p->code[b->cps[i] & 0xFFFF];
        o = put_code(o, code);
        int32_t a = b->adj ? b->adj[i] : 0;
        if (code == ' ')
            a -= (int32_t)tw; /* Tw moves it by tw */
        if (a == 0 || i + 1 >= b->n)
            continue;
        /* the adjustments (millionths of an em) in whole thousandths,
         * tenths above 20 pt; the rounding error carried on, so no glyph
         * is off by more than half a unit (0.01 pt at most) */
        want -= a;
        int64_t to = div_round(want, unit) * unit;
        if (to != done) {
            *o++ = ')';
            open = false;
            o = put_num(o, (to - done) / unit, decimals);
            *o++ = ' ';
            done = to;
        }
    }
    if (p->space_after) {
        /* a space after the last glyph: invisible, read between words */
        if (!open)
            *o++ = '(';
        *o++ = ' ';
        open = true;
    }
    if (open)
        *o++ = ')';
    memcpy(o, "] TJ\n", 5);
    /* the codes may hold a zero byte: written by length */
    harux_stream_write(harux_page_content_stream(page), p->buf,
                       (size_t)(o + 5 - p->buf));
}

static void set_fill(pctx *p, HPDF_Page page, uint32_t rgb)
{
    if (p->cur_rgb == (int64_t)rgb)
        return;
    p->cur_rgb = (int64_t)rgb;
    /* each component in thousandths: within 0.13 of the 8-bit value it
     * came from, where libharu's float printed five decimals */
    char op[64], *o = op;
    for (int shift = 16; shift >= 0; shift -= 8)
        o = put_num(o, div_round((int64_t)((rgb >> shift) & 0xFF) * 1000, 255),
                    3);
    memcpy(o, " rg\n", 5);
    harux_stream_write_str(harux_page_content_stream(page), op + 1);
}

/* A filled rectangle, in exact millipoints (libharu's Rectangle prints
 * floats: "685.21503"). */
static void fill_rect(HPDF_Page page, const lpage *lp, const lbox *b)
{
    char op[128], *o = op;
    o = put_num(o, b->x, 3);
    o = put_num(o, (int64_t)lp->height - b->y - b->h, 3);
    o = put_num(o, b->w, 3);
    o = put_num(o, b->h, 3);
    memcpy(o, " re\nf\n", 7);
    harux_stream_write_str(harux_page_content_stream(page), op + 1);
}

/* Opens a marked-content sequence whose ActualText replaces the glyphs
 * for text extraction and screen readers (PDF 32000-1 14.9.4): the whole
 * word on the first part of a hyphenated word, an empty text on the rest.
 * A text string in UTF-16BE with a byte order mark, written in hex. */
static void begin_actual_text(pctx *p, HPDF_Page page, const lbox *b)
{
    reserve(p, (size_t)b->nactual * 4 + 64);
    char *o = p->buf;
    o += sprintf(o, "/Span <</ActualText <FEFF");
    for (uint32_t i = 0; i < b->nactual; i++)
        o = put_hex4(o, b->actual[i]);
    sprintf(o, ">>> BDC\n");
    harux_stream_write_str(harux_page_content_stream(page), p->buf);
}

static void draw_text(pctx *p, HPDF_Page page, const lpage *lp, const lbox *b)
{
    if (!font_path(p->fs, b->font) || b->n == 0)
        return;
    mark_used(p, b->font, b->cps, b->n);
    if (p->space_after) {
        static const uint32_t space[1] = {' '};
        mark_used(p, b->font, space, 1);
    }
    /* a box in capitals: a Span of its own too, as text extraction
     * (poppler) reads ActualText only there */
    bool span = b->actual && (!p->actual_done || b->recased);
    if (span)
        begin_actual_text(p, page, b);
    HPDF_Page_BeginText(page);
    set_fill(p, page, b->color);
    HPDF_Stream content = harux_page_content_stream(page);
    if (p->cur_font != (int)b->font || p->cur_size != b->size) {
        /* the font by its role's resource name (pdf_finish enters it
         * into the page's resources) */
        char tf[48];
        int k = snprintf(tf, sizeof tf, "/F%d", (int)b->font + 1);
        char *e = put_num(tf + k, b->size, 3);
        memcpy(e, " Tf\n", 5);
        harux_stream_write_str(content, tf);
        p->cur_font = (int)b->font;
        p->cur_size = b->size;
    }
    /* the position in exact millipoints: libharu's MoveTextPos prints
     * the float ("760.21503") */
    char td[64], *o = put_num(td, b->x, 3);
    o = put_num(o, (int64_t)lp->height - b->y, 3);
    memcpy(o, " Td\n", 5);
    harux_stream_write_str(content, td + 1);
    write_tj(p, page, b);
    HPDF_Page_EndText(page);
    if (span)
        harux_stream_write_str(content, "EMC\n");
}

/* libdeflate's level for the embedded fonts (pdf_deflate.c): their glyph
 * outlines are where higher levels cost most; level 2 and up make the
 * 12-page build's four subsets 2.6 KB (2 %) smaller for 2.5 % more
 * instructions of the whole build (level 6: 3.5 KB for 3.6 %) */
#define FONT_LEVEL 1

/* Embeds font (role r's, the first to use it) as pdf_fontfile_subset
 * makes it, deflated here, so that libharu neither reads the face again
 * nor compresses it when saving. Anything that fails before the
 * descriptor is made leaves the embedding to libharu. */
static void embed_font(pctx *p, HPDF_Font f, int r)
{
    size_t nglyphs = 0, flen = 0, slen = 0;
    const uint8_t *used = harux_font_glyphs(f, &nglyphs);
    const char *path = font_path(p->fs, (font_role)r);
    if (!used || !path)
        return;
    unsigned char *own = NULL;
    unsigned char *face = p->fonts[r].face;
    flen = p->fonts[r].face_len;
    if (!face)
        face = own = pdf_fontfile_load(path, &flen);
    /* again: the pages released since came back as the file's */
    if (face)
        pdf_fontfile_cut_post(face, flen);
    unsigned char *sub =
        face ? pdf_fontfile_subset(face, flen, used, nglyphs, &slen) : NULL;
    /* level FONT_LEVEL: see there */
    const pdf_buf *z =
        sub ? pdf_deflate_bytes(p->zs, sub, slen, FONT_LEVEL) : NULL;
    bool embedded = z && harux_font_embed(f, z->b, z->n, slen);
    if (z && !embedded && HPDF_GetError(p->pdf) != HPDF_OK && !p->es.error)
        p->es.error = HPDF_GetError(p->pdf);
    free(sub);
    pdf_fontfile_free(own, own ? flen : 0);
    /* the face's pages leave memory now (libharu, given the subset, does
     * not read it again; if it did, they would come back from the file) */
    if (embedded && p->fonts[r].face)
        pdf_fontfile_release(p->fonts[r].face, p->fonts[r].face_len);
}

/* The code space of the codes (see "codes and CIDs"), in a CMap's words:
 * the same in the Encoding and the ToUnicode CMap. */
static const char code_space[] = "2 begincodespacerange\n<00> <BF>\n"
                                 "<C000> <FFFF>\nendcodespacerange\n";

/* "<hex>" for code c, as many bytes as it has. Returns the end. */
static char *put_code_hex(char *o, uint32_t c)
{
    int bytes = c >= CODE2_FIRST ? 2 : 1;
    *o++ = '<';
    for (int i = bytes - 1; i >= 0; i--)
        o += sprintf(o, "%02X", (unsigned)((c >> (8 * i)) & 0xFF));
    *o++ = '>';
    return o;
}

/* The ToUnicode CMap of the codes (PDF 32000-1 9.10.3): ASCII as one
 * range, each further code the font shows (shown: a bitset over the BMP)
 * as one entry, at most 100 to a block. libharu's own is invalid
 * (architecture.md). */
static void replace_tounicode(pctx *p, HPDF_Font font, const uint8_t *shown)
{
    HPDF_Dict stream = harux_stream_new(p->pdf, true);
    if (!stream)
        return;
    HPDF_Stream st = harux_dict_stream(stream);
    harux_stream_write_str(
        st, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement "
            "0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
    harux_stream_write_str(st, code_space);
    harux_stream_write_str(st,
                           "1 beginbfrange\n<00> <7F> <0000>\nendbfrange\n");
    uint32_t n = 0;
    for (uint32_t k = 0; k < p->nassigned; k++) {
        uint32_t cp = p->assigned[k];
        n += (shown[cp >> 3] >> (cp & 7)) & 1;
    }
    char line[64];
    for (uint32_t k = 0, done = 0; k < p->nassigned; k++) {
        uint32_t cp = p->assigned[k];
        if (!((shown[cp >> 3] >> (cp & 7)) & 1))
            continue;
        if (done % 100 == 0) {
            snprintf(line, sizeof line, "%u beginbfchar\n",
                     (unsigned)(n - done > 100 ? 100 : n - done));
            harux_stream_write_str(st, line);
        }
        char *o = put_code_hex(line, p->code[cp]);
        sprintf(o, " <%04X>\n", (unsigned)cp);
        harux_stream_write_str(st, line);
        if (++done % 100 == 0 || done == n)
            harux_stream_write_str(st, "endbfchar\n");
    }
    harux_stream_write_str(st,
                           "endcmap\nCMapName currentdict /CMap defineresource "
                           "pop\nend\nend\n");
    harux_dict_add(font, "ToUnicode", stream);
}

/* The font's Encoding: an embedded CMap from the codes to the CIDs, each
 * code's CID its own value (PDF 32000-1 9.7.5.3): a few ranges, each
 * within one code space range and varying in its last byte only. Its
 * CIDSystemInfo is the CIDFont's (Adobe, libharu's "Identity-H", 0), as
 * PDF/A-2 6.2.11.3.1 requires of a CMap that is not Identity-H, and it
 * uses no other CMap (6.2.11.3.3). Returns 0, or -1 when libharu could
 * not make the objects. */
static int replace_encoding(pctx *p, HPDF_Font font, int r)
{
    HPDF_Dict stream = harux_stream_new(p->pdf, true);
    HPDF_Dict info = harux_dict_new(p->pdf);
    if (!stream || !info)
        return -1;
    char name[32];
    snprintf(name, sizeof name, "Arsrapport-F%d", r);
    HPDF_STATUS rc =
        harux_dict_add(info, "Registry", harux_string_new(p->pdf, "Adobe"));
    rc += harux_dict_add(info, "Ordering",
                         harux_string_new(p->pdf, "Identity-H"));
    rc += harux_dict_add_number(info, "Supplement", 0);
    rc += harux_dict_add_name(stream, "Type", "CMap");
    rc += harux_dict_add_name(stream, "CMapName", name);
    rc += harux_dict_add(stream, "CIDSystemInfo", info);
    rc += harux_dict_add_number(stream, "WMode", 0);
    if (rc != HPDF_OK)
        return -1;
    HPDF_Stream st = harux_dict_stream(stream);
    char line[256];
    snprintf(line, sizeof line,
             "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity-H) "
             "/Supplement 0 >> def\n/CMapName /%s def\n",
             name);
    harux_stream_write_str(st, line);
    harux_stream_write_str(st, "/CMapType 1 def\n/WMode 0 def\n");
    harux_stream_write_str(st, code_space);
    /* ASCII, the one-byte codes above it, and the two-byte codes 256 at a
     * time: at most 66 ranges, one block */
    uint32_t first[70], last[70], nr = 0;
    first[nr] = 0;
    last[nr++] = 0x7F;
    uint32_t n1 = CODE1_END - 0x80;
    if (p->nassigned > 0) {
        first[nr] = 0x80;
        last[nr++] = code_for((p->nassigned < n1 ? p->nassigned : n1) - 1);
    }
    for (uint32_t k = n1; k < p->nassigned; k += 256) {
        uint32_t end = p->nassigned - k > 256 ? k + 256 : p->nassigned;
        first[nr] = code_for(k);
        last[nr++] = code_for(end - 1);
    }
    snprintf(line, sizeof line, "%u begincidrange\n", (unsigned)nr);
    harux_stream_write_str(st, line);
    for (uint32_t i = 0; i < nr; i++) {
        char *o = put_code_hex(line, first[i]);
        *o++ = ' ';
        o = put_code_hex(o, last[i]);
        sprintf(o, " %u\n", (unsigned)first[i]);
        harux_stream_write_str(st, line);
    }
    harux_stream_write_str(st, "endcidrange\n");
    harux_stream_write_str(st,
                           "endcmap\nCMapName currentdict /CMap defineresource "
                           "pop\nend\nend\n");
    return harux_dict_add(font, "Encoding", stream) == HPDF_OK ? 0 : -1;
}

/* [page /XYZ 0 top null]: null zoom keeps the reader's zoom (PDF 32000-1
 * 12.3.2.2); libharu's setter refuses it. */
static void set_xyz(pctx *p, HPDF_Destination d, HPDF_Page page, float top)
{
    harux_array a = harux_destination_array(d);
    harux_array_clear(a);
    harux_array_add(a, page);
    harux_array_add_name(a, "XYZ");
    harux_array_add_real(a, 0);
    harux_array_add_real(a, top);
    harux_array_add(a, harux_null_new(p->pdf));
}

/* --- images ----------------------------------------------------------------
 *
 * Only images that image.c checked arrive here, and libharu never reads a
 * file: decoded PNG pixels go in as a raw DeviceRGB image and the alpha
 * plane as a DeviceGray image attached as its /SMask (ISO 32000-1
 * 11.6.5.3), both through HPDF_LoadRawImageFromMem, which gives them
 * FlateDecode under HPDF_COMP_IMAGE (libharu's own PNG loader would leave
 * the mask uncompressed); a JPEG goes in as its verified bytes
 * (DCTDecode). */
struct pimage {
    const image *im;
    HPDF_Image xo;
};

static HPDF_Image image_xobject(pctx *p, const image *im)
{
    for (size_t i = 0; i < p->nimages; i++)
        if (p->images[i].im == im)
            return p->images[i].xo;
    HPDF_Image xo = NULL;
    if (im->format == IMAGE_JPEG) {
        xo = HPDF_LoadJpegImageFromMem(p->pdf, im->data, (HPDF_UINT)im->size);
    } else {
        xo = HPDF_LoadRawImageFromMem(p->pdf, im->rgb, im->width, im->height,
                                      HPDF_CS_DEVICE_RGB, 8);
        if (xo && im->alpha) {
            HPDF_Image mask =
                HPDF_LoadRawImageFromMem(p->pdf, im->alpha, im->width,
                                         im->height, HPDF_CS_DEVICE_GRAY, 8);
            if (mask)
                harux_dict_add(xo, "SMask", mask);
        }
    }
    if (p->nimages == p->cap_images) {
        p->cap_images = p->cap_images ? p->cap_images * 2 : 8;
        p->images = xrealloc(p->images, p->cap_images * sizeof *p->images);
    }
    p->images[p->nimages++] = (struct pimage){im, xo};
    return xo;
}

/* Paints an IMAGE box: the image XObject scaled to the box (Do, with the
 * cm that HPDF_Page_DrawImage writes). */
static void draw_image(pctx *p, HPDF_Page page, const lpage *lp, const lbox *b)
{
    if (!b->img)
        return;
    HPDF_Image xo = image_xobject(p, b->img);
    if (xo)
        HPDF_Page_DrawImage(page, xo, pt(b->x), pt(lp->height - b->y - b->h),
                            pt(b->w), pt(b->h));
}

/* What the PDF stage still needs is held until the file is saved: the
 * structure tree (pdf_tag.c, about 100 bytes an element with its kids),
 * each page's compressed content (about 20 bytes a box) and objects
 * (about 4 KB a page), then the saved file two or three times over.
 * Where the address space is limited (ulimit -v, as a shared service
 * sets it), a build that cannot fit is refused with ARS-06 before the
 * PDF stage starts, rather than near the limit, where every allocation
 * costs failed system calls. */
static void check_room(const layout_doc *ld)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return;
    size_t boxes = 0;
    for (size_t i = 0; i < ld->npages; i++)
        boxes += ld->pages[i].n;
    unsigned long long need = (unsigned long long)ld->nelems * 100 +
                              (unsigned long long)boxes * 20 +
                              (unsigned long long)ld->npages * 4096;
    unsigned long long used = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        unsigned long long pages_vm;
        if (fscanf(f, "%llu", &pages_vm) == 1)
            used = pages_vm * 4096ULL;
        fclose(f);
    }
    if (used + need > (unsigned long long)rl.rlim_cur)
        die_oom();
}

/* --- the incremental painter ------------------------------------------------
 *
 * Pages arrive one at a time as layout finishes them (layout_sink), in
 * the order they were laid out, which is the file's order but for the
 * contents: laid out after the body, they are put in front of it through
 * the page tree (HPDF_InsertPage) and read first in the structure tree
 * (pdf_tag.c's reading-order bands). Each page is painted, compressed and
 * its boxes let go at once; what stays is the libharu page, the fonts a
 * page uses, and its key in the structure tree ("paint index", pi: the
 * order pages were painted in). What cannot be known while a page is
 * painted is done at the end: the furniture ("Sida X av Y" needs the
 * page count) in a second content stream of each page, the links to
 * named destinations (a target may come later), and the fonts, made once
 * every code point has its code (fonts are named by role in the pages'
 * content, /F1 for role 0, and entered into each page's resources at the
 * end). */
struct pdf_painter {
    pctx p;
    pdf_meta meta;
    bool has_meta;
    const char *file;
    diag_list *dl;
    layout_doc *ld;
    pdf_tag *tag;
    HPDF_Page *pages; /* by paint index */
    uint8_t *roles;   /* by paint index: a bit for each font role used */
    size_t npi, cap_pi;
    size_t *pi_of; /* by layout page index: its paint index, or SIZE_MAX */
    size_t cap_of;
    pending_link *links;
    size_t nlinks, cap_links, cap_dests;
    /* the contents' pages, put in front of the body (layout's move) */
    size_t front_at, front_end;
    /* copies of the meta's strings: the document model they come from
     * may be freed before pdf_finish (engine.c); the links' targets kept
     * for the end are destination names in layout's arena */
    arena *own;
};

pdf_painter *pdf_begin(const font_set *fs, const pdf_meta *meta,
                       const char *file, diag_list *dl)
{
    pdf_painter *pp = xcalloc(1, sizeof *pp);
    pctx *p = &pp->p;
    p->fs = fs;
    p->zs = pdf_deflate_new();
    pp->own = arena_new();
    if (meta) {
        pp->meta = *meta;
        pp->has_meta = true;
        pdf_meta *m = &pp->meta;
        m->title = arena_strdup(pp->own, m->title);
        m->author = arena_strdup(pp->own, m->author);
        m->subject = arena_strdup(pp->own, m->subject);
        m->keywords = arena_strdup(pp->own, m->keywords);
        m->creator = arena_strdup(pp->own, m->creator);
        m->lang = arena_strdup(pp->own, m->lang);
        m->date = arena_strdup(pp->own, m->date);
        m->icc_path = arena_strdup(pp->own, m->icc_path);
    }
    pp->file = file;
    pp->dl = dl;
    pp->front_at = pp->front_end = SIZE_MAX;
    p->pdf = HPDF_New(on_error, &p->es);
    if (!p->pdf)
        die_oom();
    HPDF_UseUTFEncodings(p->pdf);
    HPDF_SetCurrentEncoder(p->pdf, "UTF-8");
    HPDF_SetCompressionMode(p->pdf, HPDF_COMP_ALL);
    p->codes = xcalloc(0x10000 / 8, 1);
    p->code = xcalloc(0x10000, sizeof *p->code);
    code_assign(p, ' '); /* written after a box (write_tj) */
    return pp;
}

static bool painting(const pdf_painter *pp)
{
    return !pp->p.es.error && HPDF_GetError(pp->p.pdf) == HPDF_OK;
}

static void grow_index(pdf_painter *pp, size_t n)
{
    if (n <= pp->cap_of)
        return;
    size_t cap = pp->cap_of ? pp->cap_of : 64;
    while (cap < n)
        cap *= 2;
    pp->pi_of = xrealloc(pp->pi_of, cap * sizeof *pp->pi_of);
    for (size_t i = pp->cap_of; i < cap; i++)
        pp->pi_of[i] = SIZE_MAX;
    pp->cap_of = cap;
}

/* Paints the boxes of lp on page (paint index pi), each in its marked
 * content (pdf_tag.c), and makes its named destinations. more: a
 * further content stream of the page, which starts in the text state
 * the one before left (the word spacing is set again). */
static void paint_boxes(pdf_painter *pp, size_t pi, HPDF_Page page,
                        const lpage *lp, bool more)
{
    pctx *p = &pp->p;
    for (size_t k = 0; k < lp->n; k++) {
        const lbox *b = &lp->boxes[k];
        if (b->kind != LBOX_DEST || !b->target)
            continue;
        HPDF_Destination d = HPDF_Page_CreateDestination(page);
        set_xyz(p, d, page, pt(lp->height - b->y + 6000));
        if (p->ndests == pp->cap_dests) {
            pp->cap_dests = pp->cap_dests ? pp->cap_dests * 2 : 64;
            p->dests = xrealloc(p->dests, pp->cap_dests * sizeof *p->dests);
        }
        p->dests[p->ndests++] = (named_dest){b->target, d};
    }
    p->cur_rgb = -1; /* each stream starts in the default state */
    p->cur_font = -1;
    p->cur_size = 0;
    p->cur_tw = more ? INT64_MIN : 0;
    p->page_roles = &pp->roles[pi];
    for (size_t k = 0; k < lp->n && painting(pp); k++) {
        const lbox *b = &lp->boxes[k];
        p->space_after = pdftag_space_after(lp, k);
        p->actual_done =
            pdftag_box(pp->tag, pi, page, b, pt(lp->height), p->space_after);
        switch (b->kind) {
        case LBOX_TEXT:
            draw_text(p, page, lp, b);
            break;
        case LBOX_RULE:
        case LBOX_RECT:
            set_fill(p, page, b->color);
            fill_rect(page, lp, b);
            break;
        case LBOX_LINK: {
            HPDF_Rect r = {pt(b->x), pt(lp->height - b->y - b->h),
                           pt(b->x + b->w), pt(lp->height - b->y)};
            if (b->uri) {
                HPDF_Annotation an =
                    HPDF_Page_CreateURILinkAnnot(page, r, b->target);
                if (an)
                    HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
                pdftag_annot(pp->tag, pi, b, an);
            } else if (b->target) {
                /* made at the end, when its destination is; dropped
                 * there if it has none */
                if (pp->nlinks == pp->cap_links) {
                    pp->cap_links = pp->cap_links ? pp->cap_links * 2 : 64;
                    pp->links =
                        xrealloc(pp->links, pp->cap_links * sizeof *pp->links);
                }
                pp->links[pp->nlinks++] = (pending_link){
                    pi, r, b->target, pdftag_annot_later(pp->tag, pi, b)};
            }
            break;
        }
        case LBOX_DEST:
            break;
        case LBOX_IMAGE:
            draw_image(p, page, lp, b);
            break;
        case LBOX_PATH:
            pdf_draw_path(page, lp, b);
            break;
        }
    }
}

void pdf_paint_page(pdf_painter *pp, layout_doc *ld, size_t index)
{
    pctx *p = &pp->p;
    if (!pp->tag)
        pp->tag = pdftag_new(p->pdf, ld);
    pp->ld = ld;
    grow_index(pp, ld->npages);
    if (pp->npi == pp->cap_pi) {
        pp->cap_pi = pp->cap_pi ? pp->cap_pi * 2 : 64;
        pp->pages = xrealloc(pp->pages, pp->cap_pi * sizeof *pp->pages);
        pp->roles = xrealloc(pp->roles, pp->cap_pi * sizeof *pp->roles);
    }
    /* the internal stream API records a failed allocation in the
     * document's error without calling on_error: both are watched, and
     * painting stops at the first failure (each further write would try
     * to allocate again) */
    if (!painting(pp) || pp->pi_of[index] != SIZE_MAX)
        return;
    const lpage *lp = &ld->pages[index];
    /* in front of the next page painted already (the contents before
     * the body), else last */
    HPDF_Page next = NULL;
    for (size_t j = index + 1; j < ld->npages && !next; j++)
        if (pp->pi_of[j] != SIZE_MAX)
            next = pp->pages[pp->pi_of[j]];
    HPDF_Page page =
        next ? HPDF_InsertPage(p->pdf, next) : HPDF_AddPage(p->pdf);
    if (!page)
        return; /* libharu's error */
    size_t pi = pp->npi++;
    pp->pages[pi] = page;
    pp->roles[pi] = 0;
    pp->pi_of[index] = pi;
    HPDF_Page_SetWidth(page, pt(lp->width));
    HPDF_Page_SetHeight(page, pt(lp->height));
    /* reading order: the cover, the contents, the rest (pdf_tag.c) */
    pdftag_band(pp->tag, lp->cover                                        ? 0
                         : index >= pp->front_at && index < pp->front_end ? 1
                                                                          : 2);
    paint_boxes(pp, pi, page, lp, false);
    pdftag_end_page(pp->tag, pi, page);
    pdf_compress_page(p->zs, page);
    harux_page_trim(page);
}

void pdf_paint_move(pdf_painter *pp, layout_doc *ld, size_t at, size_t from)
{
    grow_index(pp, ld->npages);
    size_t nt = ld->npages - from;
    size_t *tmp = xmalloc((nt ? nt : 1) * sizeof *tmp);
    memcpy(tmp, pp->pi_of + from, nt * sizeof *tmp);
    memmove(pp->pi_of + at + nt, pp->pi_of + at, (from - at) * sizeof *tmp);
    memcpy(pp->pi_of + at, tmp, nt * sizeof *tmp);
    free(tmp);
    pp->front_at = at;
    pp->front_end = at + nt;
}

void pdf_paint_furniture(pdf_painter *pp, layout_doc *ld, size_t index)
{
    if (index >= pp->cap_of || pp->pi_of[index] == SIZE_MAX ||
        ld->pages[index].n == 0 || !painting(pp))
        return;
    size_t pi = pp->pi_of[index];
    HPDF_Page page = pp->pages[pi];
    /* a second content stream: the page's first is compressed and done
     * with; PDF 32000-1 7.8.2 reads an array of streams as one */
    if (!harux_page_new_content(page))
        return;
    pdftag_resume_page(pp->tag, pi);
    paint_boxes(pp, pi, page, &ld->pages[index], true);
    pdftag_end_page(pp->tag, pi, page);
    pdf_compress_page(pp->p.zs, page);
    harux_page_trim(page);
}

static void sink_page(void *ctx, layout_doc *ld, size_t index)
{
    pdf_paint_page(ctx, ld, index);
}

static void sink_move(void *ctx, layout_doc *ld, size_t at, size_t from)
{
    pdf_paint_move(ctx, ld, at, from);
}

static void sink_furniture(void *ctx, layout_doc *ld, size_t index)
{
    pdf_paint_furniture(ctx, ld, index);
}

layout_sink pdf_sink(pdf_painter *pp)
{
    return (layout_sink){sink_page, sink_move, sink_furniture, pp};
}

int pdf_render(layout_doc *ld, const font_set *fs, const pdf_meta *meta,
               const char *file, diag_list *dl, unsigned char **out,
               size_t *out_len)
{
    check_room(ld);
    pdf_painter *pp = pdf_begin(fs, meta, file, dl);
    for (size_t i = 0; i < ld->npages; i++) {
        pdf_paint_page(pp, ld, i);
        /* painted and compressed: its boxes are done with, so that the
         * pages do not sit beside libharu's objects until the file is
         * saved */
        layout_page_release(&ld->pages[i]);
    }
    return pdf_finish(pp, ld, out, out_len);
}

int pdf_finish(pdf_painter *pp, layout_doc *ld, unsigned char **out,
               size_t *out_len)
{
    pctx p = pp->p;
    pdf_tag *tag = pp->tag ? pp->tag : pdftag_new(p.pdf, ld);
    const pdf_meta *meta = pp->has_meta ? &pp->meta : NULL;
    const char *file = pp->file;
    diag_list *dl = pp->dl;
    bool codes_fit = !p.codes_full;
    *out = NULL;
    *out_len = 0;
    HPDF_SetPageMode(p.pdf, ld->noutline ? HPDF_PAGE_MODE_USE_OUTLINE
                                         : HPDF_PAGE_MODE_USE_NONE);
    /* the pages in the file's order */
    HPDF_Page *pages = xcalloc(ld->npages ? ld->npages : 1, sizeof *pages);
    grow_index(pp, ld->npages);
    for (size_t i = 0; i < ld->npages; i++) {
        if (pp->pi_of[i] == SIZE_MAX) {
            if (!p.es.error)
                p.es.error = HPDF_GetError(p.pdf) != HPDF_OK
                                 ? HPDF_GetError(p.pdf)
                                 : HPDF_PAGE_CANNOT_FIND_OBJECT;
            break;
        }
        pages[i] = pp->pages[pp->pi_of[i]];
    }
    if (!p.es.error && HPDF_GetError(p.pdf) != HPDF_OK)
        p.es.error = HPDF_GetError(p.pdf);
    /* the fonts, now that every code point has its code: each code
     * point passed once through HPDF_Font_TextWidth so libharu's
     * subsetter keeps its glyph, and each page's resources name the
     * fonts its content uses */
    for (int r = 0; r < FONT_ROLE_COUNT && !p.es.error; r++) {
        if (!p.fonts[r].seen)
            continue;
        uint8_t *seen = p.fonts[r].seen;
        HPDF_Font f = get_font(&p, (font_role)r);
        if (!f) {
            if (!p.es.error)
                p.es.error = HPDF_GetError(p.pdf) != HPDF_OK
                                 ? HPDF_GetError(p.pdf)
                                 : HPDF_INVALID_FONTDEF_DATA;
            break;
        }
        /* every code point shown has a code: the few in used, not the
         * 65 536 of the bitset */
        for (size_t j = 0; j < p.nused; j++) {
            uint32_t cp = p.used[j];
            if (!((seen[cp >> 3] >> (cp & 7)) & 1))
                continue;
            char u[5];
            int k = utf8_encode(cp, u);
            HPDF_Font_TextWidth(f, (const HPDF_BYTE *)u, (HPDF_UINT)k);
        }
    }
    for (size_t pi = 0; pi < pp->npi && !p.es.error; pi++) {
        for (int r = 0; r < FONT_ROLE_COUNT; r++)
            if ((pp->roles[pi] >> r) & 1) {
                char name[8];
                snprintf(name, sizeof name, "F%d", r + 1);
                harux_page_add_font(pp->pages[pi], name, p.fonts[r].font);
            }
        /* its /Font made just now: no room to spare either */
        harux_page_trim(pp->pages[pi]);
    }
    if (!p.es.error && HPDF_GetError(p.pdf) != HPDF_OK)
        p.es.error = HPDF_GetError(p.pdf);
    /* the links to named destinations, in the order they were painted;
     * one whose destination was never made is left out (its text stays) */
    if (p.ndests > 1)
        qsort(p.dests, p.ndests, sizeof *p.dests, cmp_dest);
    for (size_t j = 0; j < pp->nlinks && !p.es.error; j++) {
        const pending_link *l = &pp->links[j];
        HPDF_Destination d = find_dest(&p, l->target);
        if (!d) {
            pdftag_annot_drop(tag, l->annot);
            continue;
        }
        HPDF_Annotation an =
            HPDF_Page_CreateLinkAnnot(pp->pages[l->page], l->rect, d);
        if (an)
            HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
        else if (!p.es.error)
            p.es.error = HPDF_GetError(p.pdf);
        pdftag_annot_set(tag, l->annot, an);
    }
    if (!p.es.error && pdftag_finish(tag, pp->pages, pp->npi) != 0 &&
        !p.es.error)
        p.es.error = HPDF_FAILD_TO_ALLOC_MEM; /* the tree did not fit */

    /* outline */
    HPDF_Outline parents[8] = {0};
    HPDF_Encoder utf8 = HPDF_GetEncoder(p.pdf, "UTF-8");
    for (size_t i = 0; i < ld->noutline && !p.es.error; i++) {
        const loutline *o = &ld->outline[i];
        int lvl = o->level < 1 ? 1 : o->level > 7 ? 7 : o->level;
        HPDF_Outline parent = NULL;
        for (int l = lvl - 1; l >= 1 && !parent; l--)
            parent = parents[l];
        HPDF_Outline ol = HPDF_CreateOutline(p.pdf, parent, o->title, utf8);
        if (!ol)
            break;
        /* the title as a text string of our own: libharu's has a space
         * for a character outside the BMP */
        if (o->title)
            harux_dict_add(ol, "Title",
                           pdf_text_string(p.pdf, o->title, strlen(o->title)));
        HPDF_Destination d = find_dest(&p, o->dest);
        if (d)
            HPDF_Outline_SetDestination(ol, d);
        HPDF_Outline_SetOpened(ol, lvl == 1 ? HPDF_TRUE : HPDF_FALSE);
        parents[lvl] = ol;
        for (int l = lvl + 1; l < 8; l++)
            parents[l] = NULL;
    }

    /* document-level objects: information, XMP, OutputIntent, labels */
    int meta_rc = 0;
    if (meta && !p.es.error)
        meta_rc = pdfmeta_write(p.pdf, pages, ld, meta, file, dl);
    /* each font once: two roles may share one (the same file), and its
     * ToUnicode then lists the codes both show */
    uint8_t *shown = xcalloc(0x10000 / 8, 1);
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        HPDF_Font f = p.fonts[r].font;
        bool first = f != NULL;
        for (int q = 0; q < r && first; q++)
            first = p.fonts[q].font != f;
        if (!first)
            continue;
        memset(shown, 0, 0x10000 / 8);
        for (int q = r; q < FONT_ROLE_COUNT; q++)
            if (p.fonts[q].font == f)
                for (size_t i = 0; i < 0x10000 / 8; i++)
                    shown[i] |= p.fonts[q].seen[i];
        replace_tounicode(&p, f, shown);
        if (replace_encoding(&p, f, r) != 0 && !p.es.error)
            p.es.error = HPDF_FAILD_TO_ALLOC_MEM;
        embed_font(&p, f, r);
    }
    free(shown);
    if (meta && meta->pdfa == PDF_A_1B && meta_rc == 0) {
        HPDF_Font fonts[FONT_ROLE_COUNT];
        uint8_t *cids[FONT_ROLE_COUNT];
        size_t nf = 0;
        for (int r = 0; r < FONT_ROLE_COUNT; r++)
            if (p.fonts[r].font) {
                /* the code points each font showed, as CIDs */
                uint8_t *c = xcalloc(0x10000 / 8, 1);
                for (uint32_t cp = 1; cp < 0x10000; cp++)
                    if ((p.fonts[r].seen[cp >> 3] >> (cp & 7)) & 1) {
                        uint32_t cid = p.code[cp];
                        c[cid >> 3] |= (uint8_t)(1u << (cid & 7));
                    }
                fonts[nf] = p.fonts[r].font;
                cids[nf++] = c;
            }
        pdfmeta_add_cidsets(p.pdf, fonts, (const uint8_t *const *)cids, nf);
        for (size_t i = 0; i < nf; i++)
            free(cids[i]);
    }

    int rc = -1, werr = 0;
    bool werr_tmp = false;
    if (meta_rc == 0 && !p.es.error) {
        /* saved to a temporary file, finished into the output (the
         * structure tree written into it with libharu's plain objects, in
         * object streams and a cross-reference stream; a PDF 1.4 file
         * keeps its classic form); pdf_save frees libharu's objects */
        rc = pdf_save(p.pdf, p.zs, pdftag_extra(tag),
                      meta->to_fd ? meta->out_fd : -1, out, out_len, &werr,
                      &werr_tmp);
    }
    if (rc != 0 && p.es.error == HPDF_FAILD_TO_ALLOC_MEM)
        die_oom(); /* libharu ran out of memory: ARS-06 naming the input */
    if (!codes_fit)
        diag_add(dl, DIAG_ERROR, file, 0, 0, "PDF-06", MSG_PDF_TOO_MANY_CHARS,
                 (unsigned)CODES_MAX);
    else if (p.notdef)
        diag_add(dl, DIAG_ERROR, file, 0, 0, "PDF-05", MSG_PDF_NOTDEF,
                 (unsigned)(p.notdef - 1));
    else if (rc != 0 && werr)
        pdf_save_failed(dl, file, werr, werr_tmp);
    else if (rc != 0 && meta_rc == 0)
        diag_add(dl, DIAG_ERROR, file, 0, 0, "PDF-01", MSG_PDF_FAILED,
                 (unsigned)p.es.error, (unsigned)p.es.detail);
    pdftag_free(tag);
    pdf_spill_release(p.zs);
    pdf_deflate_release(p.zs);
    HPDF_Free(p.pdf);
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        free(p.fonts[r].seen);
        pdf_fontfile_free(p.fonts[r].face, p.fonts[r].face_len);
    }
    free(p.codes);
    free(p.code);
    free(p.assigned);
    free(p.used);
    free(p.dests);
    free(p.images);
    free(pages);
    free(p.buf);
    free(pp->pages);
    free(pp->roles);
    free(pp->pi_of);
    free(pp->links);
    arena_free(pp->own);
    free(pp);
    return rc;
}
