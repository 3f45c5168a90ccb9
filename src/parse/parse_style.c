/*
 * parse_style.c: templates/stil/NAME.xml -> layout_style.
 *
 * The style file is read like a document, since a kommun may hand one
 * over from anywhere: at most STYLE_MAX_FILE_SIZE bytes, no network, a
 * DOCTYPE refused (no entities, no DTD), then validated against
 * templates/schema/stil.rng. What it sets is applied over the built-in
 * default, field by field. Lengths are "11pt", "8.5pt" or "25mm" and turn
 * into millipoints the way layout counts them (MPT_PER_MM); colours are
 * #RRGGBB and are checked for contrast (WCAG 2.1 success criterion 1.4.3:
 * text at least 4.5:1 against its background).
 */
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../image/image.h"
#include "style.h"
#include "xmlfile.h"

#define STIL_NS "urn:arsrapport:stil:1"

/* --- positions ----------------------------------------------------------- */

typedef struct {
    const char *path, *buf;
    size_t size;
    arena *a;
    diag_list *dl;
    bool ok;
} reader;

/* Column (code points, 1-based) of needle on the given line, searched
 * from the element's start tag "<el" on; 1 when not found. */
static uint32_t column_of(const reader *r, uint32_t line, const char *el,
                          const char *needle)
{
    size_t off = 0;
    for (uint32_t l = 1; l < line && off < r->size; off++)
        if (r->buf[off] == '\n')
            l++;
    const char *end = memchr(r->buf + off, '\n', r->size - off);
    size_t len = end ? (size_t)(end - (r->buf + off)) : r->size - off;
    char tag[64];
    snprintf(tag, sizeof tag, "<%s", el);
    size_t from = 0, at = len;
    for (size_t i = 0; i + strlen(tag) <= len; i++)
        if (memcmp(r->buf + off + i, tag, strlen(tag)) == 0) {
            from = at = i;
            break;
        }
    if (needle)
        for (size_t i = from; i + strlen(needle) <= len; i++)
            if (memcmp(r->buf + off + i, needle, strlen(needle)) == 0) {
                at = i;
                break;
            }
    if (at == len)
        return 1;
    uint32_t col = 1;
    for (size_t j = 0; j < at; j++)
        col += ((unsigned char)r->buf[off + j] & 0xC0) != 0x80;
    return col;
}

/* Line and column of the attribute attr of element n (its start tag when
 * the attribute sits on a continuation line). */
static void attr_pos(const reader *r, const xmlNode *n, const char *attr,
                     uint32_t *line, uint32_t *col)
{
    *line = (uint32_t)xmlGetLineNo((xmlNode *)n);
    char needle[64];
    snprintf(needle, sizeof needle, "%s=", attr);
    *col = column_of(r, *line, (const char *)n->name, needle);
}

/* --- values ----------------------------------------------------------------
 */

static bool is_el(const xmlNode *n, const char *name)
{
    return xmlfile_is_el(n, STIL_NS, name);
}

/* The attribute's value in the reader's arena, or NULL. */
static const char *attr(const reader *r, const xmlNode *n, const char *name)
{
    return xmlfile_attr(r->a, n, name);
}

/* A length ("11pt", "8.5pt", "25mm": the schema's pattern) in mpt. The
 * digits are read by hand, not with strtod, so that the result does not
 * depend on the locale's decimal separator. */
static int32_t length_mpt(const char *v)
{
    int64_t whole = 0, frac = 0, scale = 1000;
    const char *p = v;
    for (; *p >= '0' && *p <= '9'; p++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++) {
            scale /= 10;
            frac += (*p - '0') * scale;
        }
    int64_t thousandths = whole * 1000 + frac;
    if (strcmp(p, "mm") == 0)
        return (int32_t)((thousandths * MPT_PER_MM + 500) / 1000);
    return (int32_t)thousandths; /* pt: a thousandth of a point is a mpt */
}

/* The range of every length a style sets (mpt), checked when it is read:
 * layout divides by sizes and leadings, and libharu refuses a page over
 * 14 400 pt (5 080 mm) and a font size over 600 pt. */
typedef struct {
    const char *el, *attr;
    int32_t lo, hi;
    bool mm; /* shown in mm in the message */
} length_range;

#define PT(x) ((int32_t)((x)*1000))
#define MM(x) ((int32_t)((x)*MPT_PER_MM))
static const length_range ranges[] = {
    {"sida", "bredd", MM(50), MM(5000), true},
    {"sida", "hojd", MM(50), MM(5000), true},
    {"marginaler", NULL, 0, MM(500), true},
    {"brodtext", "storlek", PT(4), PT(72), false},
    {"tabell", "storlek", PT(4), PT(72), false},
    {"tabell", "minsta", PT(4), PT(72), false},
    {"fotnot", "storlek", PT(4), PT(72), false},
    {"rubrik", "storlek", PT(4), PT(96), false},
    {"rubrik", "spatiering", 0, PT(5), false},
    {NULL, "radavstand", PT(4), PT(200), false},
    {NULL, NULL, 0, PT(200), false}, /* spaces before, after, between */
};

/* The range of attribute name of element el. */
static const length_range *range_of(const char *el, const char *name)
{
    for (const length_range *g = ranges;; g++)
        if ((!g->el || strcmp(g->el, el) == 0) &&
            (!g->attr || strcmp(g->attr, name) == 0))
            return g; /* the last entry matches everything */
}

/* A length in mpt for a message: "8,5 pt" ("8.5 pt" in English),
 * "25 mm". */
static void length_text(const reader *r, int32_t v, bool mm, char *out,
                        size_t size)
{
    if (mm)
        snprintf(out, size, "%d mm", (int)(v / MPT_PER_MM));
    else if (v % 1000)
        snprintf(out, size, "%d%c%d pt", (int)(v / 1000),
                 diag_list_lang(r->dl) == LANG_SV ? ',' : '.',
                 (int)(v % 1000) / 100);
    else
        snprintf(out, size, "%d pt", (int)(v / 1000));
}

/* Applies the length attribute name of n to *out when present; a value
 * out of its range is an error at the attribute (STIL-09) and leaves *out
 * as it was. */
static void set_length(reader *r, const xmlNode *n, const char *name,
                       int32_t *out)
{
    const char *v = attr(r, n, name);
    if (!v)
        return;
    int32_t x = length_mpt(v);
    const length_range *g = range_of((const char *)n->name, name);
    if (x >= g->lo && x <= g->hi) {
        *out = x;
        return;
    }
    char lo[32], hi[32];
    length_text(r, g->lo, g->mm, lo, sizeof lo);
    length_text(r, g->hi, g->mm, hi, sizeof hi);
    uint32_t line, col;
    attr_pos(r, n, name, &line, &col);
    diag_add(r->dl, DIAG_ERROR, r->path, line, col, "STIL-09", MSG_STIL_RANGE,
             name, v, (const char *)n->name, lo, hi);
    r->ok = false;
}

/* After the size and leading of an element are set: the leading must
 * hold a line of the size (STIL-09 at radavstand, else at storlek). */
static void check_leading(reader *r, const xmlNode *n, int32_t size,
                          int32_t leading)
{
    if (leading >= size)
        return;
    const char *at = attr(r, n, "radavstand") ? "radavstand" : "storlek";
    char lead[32], sz[32];
    length_text(r, leading, false, lead, sizeof lead);
    length_text(r, size, false, sz, sizeof sz);
    uint32_t line, col;
    attr_pos(r, n, at, &line, &col);
    diag_add(r->dl, DIAG_ERROR, r->path, line, col, "STIL-09", MSG_STIL_LEADING,
             lead, (const char *)n->name, sz);
    r->ok = false;
}

static uint32_t color_of(const char *v)
{
    return (uint32_t)strtoul(v + 1, NULL, 16); /* "#RRGGBB" */
}

/* sRGB channel (0..255) to linear light, as WCAG 2.1 defines relative
 * luminance (the sRGB transfer function, IEC 61966-2-1). */
static double linear(unsigned v)
{
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(uint32_t rgb)
{
    return 0.2126 * linear((rgb >> 16) & 0xFF) +
           0.7152 * linear((rgb >> 8) & 0xFF) + 0.0722 * linear(rgb & 0xFF);
}

double style_contrast(uint32_t fg, uint32_t bg)
{
    /* WCAG 2.1: (L1 + 0.05) / (L2 + 0.05), L1 the lighter */
    double a = luminance(fg), b = luminance(bg);
    return a > b ? (a + 0.05) / (b + 0.05) : (b + 0.05) / (a + 0.05);
}

/* The colour attribute name of n into *out; a colour for text (against
 * each of the backgrounds bgs) of contrast under 4.5:1 is an error at
 * the attribute (STIL-03). */
static void set_color(reader *r, const xmlNode *n, const char *name,
                      uint32_t *out, const uint32_t *bgs, int nbgs)
{
    const char *v = attr(r, n, name);
    if (!v)
        return;
    uint32_t rgb = color_of(v);
    *out = rgb;
    for (int i = 0; i < nbgs; i++) {
        double ratio = style_contrast(rgb, bgs[i]);
        if (ratio >= 4.5)
            continue;
        char rs[32], bg[16];
        snprintf(rs, sizeof rs, "%.2f", ratio);
        if (diag_list_lang(r->dl) == LANG_SV)
            *strchr(rs, '.') = ','; /* Swedish decimal comma */
        snprintf(bg, sizeof bg, "#%06X", (unsigned)bgs[i]);
        uint32_t line, col;
        attr_pos(r, n, name, &line, &col);
        diag *d = diag_add(r->dl, DIAG_ERROR, r->path, line, col, "STIL-03",
                           MSG_STIL_CONTRAST, v, name, rs, bg);
        diag_hint(r->dl, d, MSG_STIL_CONTRAST_HINT);
        r->ok = false;
        return;
    }
}

/* The chart series colours (diagram farger="#1B3A6B #2A9D8F"): at most
 * six; each must stand out from the page by 3:1 (WCAG 2.1 1.4.11,
 * graphical objects), else STIL-08 at the attribute. */
static void set_chart_colors(reader *r, const xmlNode *n, layout_style *st)
{
    const char *v = attr(r, n, "farger");
    if (!v)
        return;
    int k = 0;
    for (const char *p = strchr(v, '#'); p && k < 6; p = strchr(p + 1, '#')) {
        uint32_t rgb = color_of(p);
        double ratio = style_contrast(rgb, 0xFFFFFF);
        if (ratio < 3.0) {
            char rs[32], cs[16];
            snprintf(rs, sizeof rs, "%.2f", ratio);
            if (diag_list_lang(r->dl) == LANG_SV)
                *strchr(rs, '.') = ',';
            snprintf(cs, sizeof cs, "#%06X", (unsigned)rgb);
            uint32_t line, col;
            attr_pos(r, n, "farger", &line, &col);
            diag *d = diag_add(r->dl, DIAG_ERROR, r->path, line, col, "STIL-08",
                               MSG_STIL_CHART_CONTRAST, cs, rs);
            diag_hint(r->dl, d, MSG_STIL_CHART_CONTRAST_HINT);
            r->ok = false;
            return;
        }
        st->chart_colors[k++] = rgb;
    }
    if (k > 0)
        st->n_chart_colors = k;
}

static bool yes(const char *v)
{
    return v && strcmp(v, "ja") == 0;
}

/* lista tecken="– ◦": the marks of the levels, separated by spaces (the
 * schema allows 1 to 4 of at most 4 characters each; more are ignored). */
static void set_list_marks(reader *r, const xmlNode *n, layout_style *st)
{
    const char *v = attr(r, n, "tecken");
    if (!v)
        return;
    int k = 0;
    while (*v && k < 4) {
        while (*v == ' ')
            v++;
        size_t len = strcspn(v, " ");
        if (len == 0)
            break;
        if (len <= 16)
            st->list_marks[k++] = arena_printf(r->a, "%.*s", (int)len, v);
        v += len;
    }
    if (k > 0)
        st->n_list_marks = k;
}

static layout_run_field field_of(const char *v)
{
    return strcmp(v, "titel") == 0          ? RUN_TITLE
           : strcmp(v, "namnd") == 0        ? RUN_NAMND
           : strcmp(v, "organisation") == 0 ? RUN_ORGANISATION
           : strcmp(v, "period") == 0       ? RUN_PERIOD
                                            : RUN_NONE;
}

static font_role role_of(const char *v)
{
    return strcmp(v, "sans") == 0 ? FONT_SANS : FONT_SERIF;
}

/* The logo's path against the style file's folder, checked readable. */
static void set_logo(reader *r, const xmlNode *n, layout_style *st)
{
    const char *fil = attr(r, n, "fil");
    if (!fil)
        return;
    const char *slash = strrchr(r->path, '/');
    const char *path = fil[0] == '/' || !slash
                           ? fil
                           : arena_printf(r->a, "%.*s/%s",
                                          (int)(slash - r->path), r->path, fil);
    uint32_t line, col;
    attr_pos(r, n, "fil", &line, &col);
    if (access(path, R_OK) != 0) {
        diag_add(r->dl, DIAG_ERROR, r->path, line, col, "STIL-04",
                 MSG_STIL_LOGO, path, msg_errno(diag_list_lang(r->dl), errno));
        r->ok = false;
        return;
    }
    /* decoded once here, so that a broken logo is the style file's error
     * (at its logga element) and stops the build, rather than a message
     * against the document when the cover is laid out */
    arena *tmp = arena_new();
    const image *im = image_load(path, path, tmp, r->dl, r->path, line, col);
    arena_free(tmp);
    if (!im) {
        r->ok = false;
        return;
    }
    st->logo = path;
}

/* The family attribute name of n into *out when it is installed as
 * TrueType (STIL-06 where not); a family lacking a face gets a warning
 * naming the face that stands in (STIL-07). */
static void set_family(reader *r, const xmlNode *n, const char *name,
                       const char *dflt, const char **out)
{
    const char *v = attr(r, n, name);
    if (!v)
        return;
    *out = v;
    if (strcasecmp(v, dflt) == 0)
        return; /* the faces of fonts/fonts.txt */
    char *paths[4];
    bool exact[4];
    uint32_t line, col;
    attr_pos(r, n, name, &line, &col);
    if (!font_family_find(v, paths, exact)) {
        diag *d = diag_add(r->dl, DIAG_ERROR, r->path, line, col, "STIL-06",
                           MSG_FONT_FAMILY, v);
        diag_hint(r->dl, d, MSG_FONT_FAMILY_HINT);
        r->ok = false;
        return;
    }
    static const char *const face_sv[4] = {"normal", "fet", "kursiv",
                                           "fet kursiv"};
    static const char *const face_en[4] = {"regular", "bold", "italic",
                                           "bold italic"};
    bool en = diag_list_lang(r->dl) == LANG_EN;
    for (int i = 0; i < 4; i++) {
        if (!exact[i]) {
            const char *slash = strrchr(paths[i], '/');
            diag_add(r->dl, DIAG_WARNING, r->path, line, col, "STIL-07",
                     MSG_FONT_FACE_NEAR, v, en ? face_en[i] : face_sv[i],
                     slash ? slash + 1 : paths[i]);
        }
        free(paths[i]);
    }
}

/* Applies the elements of the (valid) style to st. */
static void apply(reader *r, const xmlNode *root, layout_style *st)
{
    const xmlNode *colors = NULL;
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (is_el(n, "sida")) {
            const char *f = attr(r, n, "format");
            if (f && strcmp(f, "A5") == 0) {
                st->page_w = 419528; /* 148 x 210 mm (ISO 216) */
                st->page_h = 595276;
            } else if (f && strcmp(f, "Letter") == 0) {
                st->page_w = 612000; /* 8.5 x 11 in */
                st->page_h = 792000;
            } else if (f) {
                st->page_w = 595276; /* 210 x 297 mm (ISO 216) */
                st->page_h = 841890;
            }
            set_length(r, n, "bredd", &st->page_w);
            set_length(r, n, "hojd", &st->page_h);
        } else if (is_el(n, "marginaler")) {
            set_length(r, n, "topp", &st->margin_top);
            set_length(r, n, "botten", &st->margin_bottom);
            set_length(r, n, "inner", &st->margin_inner);
            set_length(r, n, "yttre", &st->margin_outer);
        } else if (is_el(n, "typsnitt")) {
            const char *v;
            set_family(r, n, "serif", FONT_DEFAULT_SERIF, &st->serif_family);
            set_family(r, n, "sans", FONT_DEFAULT_SANS, &st->sans_family);
            if ((v = attr(r, n, "brodtext")))
                st->body_font = role_of(v);
            if ((v = attr(r, n, "rubriker")))
                st->heading_font = role_of(v);
            if ((v = attr(r, n, "tabeller")))
                st->table_font = role_of(v);
        } else if (is_el(n, "brodtext")) {
            set_length(r, n, "storlek", &st->body_size);
            set_length(r, n, "radavstand", &st->body_leading);
            set_length(r, n, "styckeavstand", &st->para_space);
            check_leading(r, n, st->body_size, st->body_leading);
        } else if (is_el(n, "rubrik")) {
            const char *v = attr(r, n, "niva");
            int i = v ? atoi(v) - 1 : -1;
            if (i < 0 || i > 5)
                continue;
            set_length(r, n, "storlek", &st->h_size[i]);
            set_length(r, n, "fore", &st->h_space_before[i]);
            set_length(r, n, "efter", &st->h_space_after[i]);
            if ((v = attr(r, n, "versaler")))
                st->h_caps[i] = yes(v);
            set_length(r, n, "spatiering", &st->h_tracking[i]);
        } else if (is_el(n, "tabell")) {
            set_length(r, n, "storlek", &st->table_size);
            set_length(r, n, "radavstand", &st->table_leading);
            set_length(r, n, "minsta", &st->table_min_size);
            set_length(r, n, "avstand", &st->table_space);
            set_length(r, n, "styckeavstand", &st->cell_para_space);
            check_leading(r, n, st->table_size, st->table_leading);
            if (st->table_min_size > st->table_size) {
                char v[32], sz[32];
                uint32_t line, col;
                length_text(r, st->table_min_size, false, v, sizeof v);
                length_text(r, st->table_size, false, sz, sizeof sz);
                attr_pos(r, n, attr(r, n, "minsta") ? "minsta" : "storlek",
                         &line, &col);
                diag_add(r->dl, DIAG_ERROR, r->path, line, col, "STIL-09",
                         MSG_STIL_MIN_SIZE, v, sz);
                r->ok = false;
            }
        } else if (is_el(n, "fotnot")) {
            set_length(r, n, "storlek", &st->note_size);
            set_length(r, n, "radavstand", &st->note_leading);
            check_leading(r, n, st->note_size, st->note_leading);
        } else if (is_el(n, "lista")) {
            set_length(r, n, "avstand", &st->list_space);
            set_list_marks(r, n, st);
        } else if (is_el(n, "citat")) {
            set_length(r, n, "avstand", &st->quote_space);
        } else if (is_el(n, "farger")) {
            colors = n; /* after the loop: the text colour is checked
                           against the table header's fill */
        } else if (is_el(n, "logga")) {
            set_logo(r, n, st);
        } else if (is_el(n, "sidhuvud")) {
            const char *v;
            if ((v = attr(r, n, "vanster")))
                st->header_left = field_of(v);
            if ((v = attr(r, n, "hoger")))
                st->header_right = field_of(v);
        } else if (is_el(n, "sidfot")) {
            const char *v = attr(r, n, "format");
            if (v)
                st->footer =
                    strcmp(v, "sida") == 0 ? FOOTER_PAGE : FOOTER_PAGE_OF;
        } else if (is_el(n, "innehall")) {
            const char *v = attr(r, n, "djup");
            if (v)
                st->toc_depth = atoi(v);
        } else if (is_el(n, "kapitel")) {
            const char *v = attr(r, n, "ny-sida");
            if (v)
                st->chapter_new_page = yes(v);
        } else if (is_el(n, "diagram")) {
            set_chart_colors(r, n, st);
        } else if (is_el(n, "omslag")) {
            const char *v = attr(r, n, "visa");
            if (v)
                st->cover = yes(v);
        }
    }
    if (colors) {
        const uint32_t white = 0xFFFFFF;
        set_color(r, colors, "tabellhuvud", &st->header_fill, NULL, 0);
        set_color(r, colors, "linjer", &st->rule_color, NULL, 0);
        /* text stands on the page and in the table header's fill */
        const uint32_t text_bgs[2] = {white, st->header_fill};
        set_color(r, colors, "text", &st->text_color, text_bgs, 2);
        set_color(r, colors, "rubriker", &st->heading_color, &white, 1);
        set_color(r, colors, "sidhuvud", &st->furniture_color, &white, 1);
    }
}

/* --- the file --------------------------------------------------------------
 */

static const xmlfile_kind stil_kind = {
    STYLE_MAX_FILE_SIZE, "STIL-01",       "STIL-02", MSG_STIL_NOT_XML,
    MSG_STIL_DOCTYPE,    MSG_STIL_SCHEMA, "stil"};

static bool style_read(const char *path, xmlfile f, layout_style *st, arena *a,
                       diag_list *dl);

bool style_load(const char *path, const char *schema_path,
                xmlfile_schema_cache *cache, layout_style *st, arena *a,
                diag_list *dl)
{
    xmlfile f;
    if (!xmlfile_load(&stil_kind, path, schema_path, cache, dl, &f))
        return false;
    return style_read(path, f, st, a, dl);
}

bool style_load_memory(const char *path, const char *data, size_t size,
                       const char *schema_path, xmlfile_schema_cache *cache,
                       layout_style *st, arena *a, diag_list *dl)
{
    xmlfile f;
    if (!xmlfile_load_memory(&stil_kind, path, data, size, schema_path, cache,
                             dl, &f))
        return false;
    return style_read(path, f, st, a, dl);
}

static bool style_read(const char *path, xmlfile f, layout_style *st, arena *a,
                       diag_list *dl)
{
    reader r = {path, f.buf, f.size, a, dl, true};
    apply(&r, xmlDocGetRootElement(f.doc), st);
    bool ok = r.ok;
    /* the text block must keep room for a line of text */
    int32_t w = st->page_w - st->margin_inner - st->margin_outer;
    int32_t h = st->page_h - st->margin_top - st->margin_bottom;
    if (ok && (w < 20 * MPT_PER_MM || h < 20 * MPT_PER_MM)) {
        char dim[64];
        snprintf(dim, sizeof dim, "%d \xC3\x97 %d mm", (int)(w / MPT_PER_MM),
                 (int)(h / MPT_PER_MM));
        diag_add(dl, DIAG_ERROR, path, 0, 0, "STIL-05", MSG_STIL_PAGE, dim);
        ok = false;
    }
    /* ... and room for two lines and two characters of its largest text,
     * or lines run past the page (a heading's leading is 1.3 its size,
     * as layout sets it) */
    int32_t size = st->body_size, lead = st->body_leading;
    int32_t sizes[] = {st->table_size, st->note_size};
    int32_t leads[] = {st->table_leading, st->note_leading};
    for (int i = 0; i < 2; i++) {
        size = sizes[i] > size ? sizes[i] : size;
        lead = leads[i] > lead ? leads[i] : lead;
    }
    for (int i = 0; i < 6; i++) {
        size = st->h_size[i] > size ? st->h_size[i] : size;
        int32_t hl = (int32_t)((int64_t)st->h_size[i] * 13 / 10);
        lead = hl > lead ? hl : lead;
    }
    if (ok && (w < 2 * (int64_t)size || h < 2 * (int64_t)lead)) {
        char dim[64], need[64];
        snprintf(dim, sizeof dim, "%d \xC3\x97 %d mm", (int)(w / MPT_PER_MM),
                 (int)(h / MPT_PER_MM));
        snprintf(need, sizeof need, "%d \xC3\x97 %d mm",
                 (int)((2 * (int64_t)size + MPT_PER_MM - 1) / MPT_PER_MM),
                 (int)((2 * (int64_t)lead + MPT_PER_MM - 1) / MPT_PER_MM));
        diag_add(dl, DIAG_ERROR, path, 0, 0, "STIL-05", MSG_STIL_PAGE_TYPE, dim,
                 need);
        ok = false;
    }
    xmlfile_close(&f);
    return ok;
}
