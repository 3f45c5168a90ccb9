/*
 * import_docx.c: a Word document (WordprocessingML, ECMA-376 part 1) into
 * the import builder.
 *
 * The container is opened with src/zip (limits, names, encryption) after
 * two refusals of our own: an OLE compound file (D0 CF 11 E0: a
 * password-protected OOXML file is one, and so is an old .doc) and a
 * macro-enabled file (.docm, vbaProject.bin, a macroEnabled content type).
 * The parts are read with src/parse/xmltree: the main document found
 * through _rels/.rels, its relationships, styles.xml (heading levels from
 * the built-in "heading N" style names, which are English in every
 * language version of Word, or from outlineLvl), numbering.xml (bullet or
 * number per list level), footnotes.xml and endnotes.xml, and
 * docProps/core.xml and app.xml for the metadata.
 *
 * Blocks are walked with an explicit stack (tables in tables, text boxes,
 * content controls), runs with another, so neither nesting nor a hostile
 * part can overflow the C stack. External relationships are never
 * followed: a linked image is reported, not fetched. Tracked changes are
 * accepted (w:ins kept, w:del dropped), comments dropped, fields replaced
 * by their result (a table of contents field dropped whole: arsrapport
 * makes its own), each counted for the builder's warnings.
 */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../parse/xmltree.h"
#include "../zip/zipread.h"
#include "import_internal.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_R                                                                   \
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_R_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define NS_PR "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_WP                                                                  \
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_V "urn:schemas-microsoft-com:vml"
#define NS_O "urn:schemas-microsoft-com:office:office"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_EP                                                                  \
    "http://schemas.openxmlformats.org/officeDocument/2006/"                   \
    "extended-properties"

typedef struct {
    const char *id, *type, *target;
    bool external;
} rel;

typedef struct {
    rel *r;
    size_t n;
    const char *dir; /* the part's folder, with a trailing '/' or "" */
} rels;

typedef struct {
    const char *id, *name, *based, *num_id;
    int outline, ilvl;
    bool bold, italic;
} style;

typedef struct {
    ib *b;
    diag_list *dl;
    const char *path;
    arena *a;
    zipread *z;
    const char *w, *r; /* the namespaces in use (transitional or strict) */
    rels doc_rels, fn_rels, en_rels;
    style *styles;
    size_t nstyles;
    const xmlt_node *numbering, *footnotes, *endnotes;
    int status; /* 0, or why the import stops */
    /* complex fields (they span runs and paragraphs) */
    int fld_depth;
    bool fld_instr[16], fld_skip[16];
    char *fld_href[16];
    sbuf instr;
} docx;

/* --- parts --------------------------------------------------------------- */

/* The part name, read and parsed; NULL when it does not exist (quietly)
 * or cannot be read (then d->status is set). */
static const xmlt_node *read_part(docx *d, const char *name)
{
    return import_read_part(d->z, d->a, d->dl, d->path, name, &d->status);
}

/* dir + target with "." and ".." resolved; NULL when it climbs above the
 * root. An absolute target starts from the root. */
static char *resolve_target(arena *a, const char *dir, const char *target)
{
    size_t n = strlen(dir) + strlen(target) + 2;
    char *joined = arena_alloc(a, n);
    if (target[0] == '/')
        snprintf(joined, n, "%s", target + 1);
    else
        snprintf(joined, n, "%s%s", dir, target);
    char *out = arena_alloc(a, n), *o = out;
    for (char *seg = joined; seg && *seg;) {
        char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            if (o == out)
                return NULL;
            o--; /* the '/' after the last segment */
            while (o > out && o[-1] != '/')
                o--;
        } else if (len && !(len == 1 && seg[0] == '.')) {
            memcpy(o, seg, len);
            o += len;
            if (slash)
                *o++ = '/';
        }
        seg = slash ? slash + 1 : NULL;
    }
    *o = '\0';
    return out;
}

/* The folder of part name, with its '/'. */
static char *dir_of(arena *a, const char *name)
{
    const char *s = strrchr(name, '/');
    return s ? arena_strndup(a, name, (size_t)(s - name) + 1)
             : arena_strdup(a, "");
}

/* The relationships of part name (its _rels/NAME.rels). */
static rels read_rels(docx *d, const char *name)
{
    rels rs = {NULL, 0, dir_of(d->a, name)};
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    char *rp = arena_printf(d->a, "%s_rels/%s.rels", rs.dir, base);
    const xmlt_node *root = read_part(d, rp);
    if (!root)
        return rs;
    size_t cap = 0;
    for (const xmlt_node *c = xmlt_child(root, NS_PR, "Relationship"); c;
         c = xmlt_next_same(c)) {
        const char *id = xmlt_attr(c, NULL, "Id");
        const char *type = xmlt_attr(c, NULL, "Type");
        const char *target = xmlt_attr(c, NULL, "Target");
        const char *mode = xmlt_attr(c, NULL, "TargetMode");
        if (!id || !type || !target)
            continue;
        if (rs.n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            rel *r = arena_alloc(d->a, ncap * sizeof *r);
            if (rs.n)
                memcpy(r, rs.r, rs.n * sizeof *r);
            rs.r = r;
            cap = ncap;
        }
        rs.r[rs.n++] =
            (rel){id, type, target, mode && strcmp(mode, "External") == 0};
    }
    return rs;
}

static const rel *find_rel(const rels *rs, const char *id)
{
    for (size_t i = 0; id && i < rs->n; i++)
        if (strcmp(rs->r[i].id, id) == 0)
            return &rs->r[i];
    return NULL;
}

static bool type_is(const rel *r, const char *suffix)
{
    size_t n = strlen(r->type), k = strlen(suffix);
    return n >= k && strcmp(r->type + n - k, suffix) == 0;
}

/* --- styles and numbering ---------------------------------------------- */

static bool on(const xmlt_node *n, const char *w)
{
    if (!n)
        return false;
    const char *v = xmlt_attr(n, w, "val");
    return !v || !(strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 ||
                   strcasecmp(v, "off") == 0);
}

static void read_styles(docx *d, const char *main_dir)
{
    char *name = arena_printf(d->a, "%sstyles.xml", main_dir);
    const xmlt_node *root = read_part(d, name);
    if (!root)
        return;
    size_t n = 0;
    for (const xmlt_node *s = xmlt_child(root, d->w, "style"); s;
         s = xmlt_next_same(s))
        n++;
    d->styles = arena_alloc(d->a, (n + 1) * sizeof *d->styles);
    for (const xmlt_node *s = xmlt_child(root, d->w, "style"); s;
         s = xmlt_next_same(s)) {
        style *st = &d->styles[d->nstyles];
        st->id = xmlt_attr(s, d->w, "styleId");
        if (!st->id)
            continue;
        st->outline = -1;
        st->ilvl = -1;
        st->name = xmlt_attr(xmlt_child(s, d->w, "name"), d->w, "val");
        st->based = xmlt_attr(xmlt_child(s, d->w, "basedOn"), d->w, "val");
        const xmlt_node *ppr = xmlt_child(s, d->w, "pPr");
        const char *ol =
            xmlt_attr(xmlt_child(ppr, d->w, "outlineLvl"), d->w, "val");
        if (ol)
            st->outline = atoi(ol);
        const xmlt_node *num = xmlt_child(ppr, d->w, "numPr");
        st->num_id = xmlt_attr(xmlt_child(num, d->w, "numId"), d->w, "val");
        const char *il = xmlt_attr(xmlt_child(num, d->w, "ilvl"), d->w, "val");
        if (il)
            st->ilvl = atoi(il);
        const xmlt_node *rpr = xmlt_child(s, d->w, "rPr");
        st->bold = on(xmlt_child(rpr, d->w, "b"), d->w);
        st->italic = on(xmlt_child(rpr, d->w, "i"), d->w);
        d->nstyles++;
    }
}

static const style *find_style(const docx *d, const char *id)
{
    for (size_t i = 0; id && i < d->nstyles; i++)
        if (strcmp(d->styles[i].id, id) == 0)
            return &d->styles[i];
    return NULL;
}

/* What a paragraph style (and the styles it is based on) says. */
typedef struct {
    const char *name; /* the first named style in the chain */
    int heading;      /* 1..9, 0 none */
    int outline;      /* -1 none */
    const char *num_id;
    int ilvl;
    bool bold, italic;
} style_info;

static style_info style_chain(const docx *d, const char *id)
{
    style_info si = {NULL, 0, -1, NULL, -1, false, false};
    const style *s = find_style(d, id);
    for (int depth = 0; s && depth < 20; depth++) {
        if (!si.name && s->name)
            si.name = s->name;
        if (s->name && !si.heading) {
            int lv = 0;
            if ((strncasecmp(s->name, "heading ", 8) == 0 &&
                 sscanf(s->name + 8, "%d", &lv) == 1) ||
                (strncasecmp(s->name, "rubrik ", 7) == 0 &&
                 sscanf(s->name + 7, "%d", &lv) == 1))
                si.heading = lv >= 1 && lv <= 9 ? lv : 0;
        }
        if (si.outline < 0 && s->outline >= 0)
            si.outline = s->outline;
        if (!si.num_id && s->num_id)
            si.num_id = s->num_id;
        if (si.ilvl < 0 && s->ilvl >= 0)
            si.ilvl = s->ilvl;
        si.bold |= s->bold;
        si.italic |= s->italic;
        s = find_style(d, s->based);
    }
    return si;
}

/* Whether list numId's level ilvl is numbered (not bullets). */
static bool numbered(const docx *d, const char *num_id, int ilvl)
{
    if (!d->numbering || !num_id)
        return false;
    const char *abs = NULL;
    for (const xmlt_node *n = xmlt_child(d->numbering, d->w, "num"); n;
         n = xmlt_next_same(n)) {
        const char *id = xmlt_attr(n, d->w, "numId");
        if (id && strcmp(id, num_id) == 0) {
            abs = xmlt_attr(xmlt_child(n, d->w, "abstractNumId"), d->w, "val");
            break;
        }
    }
    for (const xmlt_node *a = xmlt_child(d->numbering, d->w, "abstractNum");
         abs && a; a = xmlt_next_same(a)) {
        const char *id = xmlt_attr(a, d->w, "abstractNumId");
        if (!id || strcmp(id, abs) != 0)
            continue;
        for (const xmlt_node *l = xmlt_child(a, d->w, "lvl"); l;
             l = xmlt_next_same(l)) {
            const char *il = xmlt_attr(l, d->w, "ilvl");
            if (il && atoi(il) == ilvl) {
                const char *fmt =
                    xmlt_attr(xmlt_child(l, d->w, "numFmt"), d->w, "val");
                return fmt && strcmp(fmt, "bullet") != 0 &&
                       strcmp(fmt, "none") != 0;
            }
        }
    }
    return false;
}

/* --- runs ------------------------------------------------------------------
 */

static void page_break(docx *d, bool explicit_break)
{
    if (!ib_page_break(d->b, explicit_break))
        import_stop(&d->status, 1);
}

static bool field_skipping(const docx *d)
{
    for (int i = 0; i < d->fld_depth && i < 16; i++)
        if (d->fld_skip[i] || d->fld_instr[i])
            return true;
    return false;
}

static const char *field_href(const docx *d)
{
    for (int i = (d->fld_depth < 16 ? d->fld_depth : 16) - 1; i >= 0; i--)
        if (d->fld_href[i])
            return d->fld_href[i];
    return NULL;
}

/* The field instruction read so far decides what its result is. */
static void field_separate(docx *d)
{
    int i = d->fld_depth - 1;
    if (i < 0 || i >= 16)
        return;
    d->fld_instr[i] = false;
    const char *s = strbuf_str(&d->instr);
    while (*s == ' ')
        s++;
    if (strncasecmp(s, "TOC", 3) == 0 || strncasecmp(s, "INDEX", 5) == 0)
        d->fld_skip[i] = true; /* arsrapport makes its own */
    if (strncasecmp(s, "HYPERLINK", 9) == 0) {
        const char *q = strchr(s, '"');
        const char *e = q ? strchr(q + 1, '"') : NULL;
        if (e)
            d->fld_href[i] = arena_strndup(d->a, q + 1, (size_t)(e - q - 1));
    }
}

static void footnote(docx *d, const xmlt_node *notes, const rels *rs,
                     const char *id);
static void image(docx *d, const xmlt_node *drawing, const rels *rs);
static void textboxes_of(docx *d, const xmlt_node *n, const xmlt_node **boxes,
                         size_t *nboxes, size_t cap);

typedef struct {
    const xmlt_node *next;
    const char *href;
} inl_frame;

/* The inline content of paragraph p (runs, links, fields, tracked
 * changes), into the builder; text boxes found are appended to boxes. */
static void runs(docx *d, const xmlt_node *p, const rels *rs, bool in_note,
                 unsigned pfmt, const xmlt_node **boxes, size_t *nboxes,
                 size_t capboxes)
{
    inl_frame stack[64];
    int sp = 0;
    stack[0] = (inl_frame){xmlt_first_child(p), NULL};
    while (sp >= 0 && !d->status) {
        const xmlt_node *n = stack[sp].next;
        if (!n) {
            sp--;
            continue;
        }
        stack[sp].next = xmlt_next(n);
        if (!xmlt_is_element(n) || strcmp(xmlt_ns(n), d->w) != 0) {
            if (xmlt_is(n, NS_MC, "AlternateContent") ||
                xmlt_is(n,
                        "http://schemas.openxmlformats.org/officeDocument/"
                        "2006/math",
                        "oMathPara") ||
                xmlt_is(n,
                        "http://schemas.openxmlformats.org/officeDocument/"
                        "2006/math",
                        "oMath"))
                ib_drop(d->b, DROP_OBJECT);
            continue;
        }
        const char *name = xmlt_name(n);
        const char *href = stack[sp].href;
        if (strcmp(name, "hyperlink") == 0) {
            const char *id = xmlt_attr(n, d->r, "id");
            const rel *r = find_rel(rs, id);
            const char *h = r && r->external ? r->target : NULL;
            if (!h && xmlt_attr(n, d->w, "anchor"))
                h = "#"; /* a bookmark in the document: plain text */
            if (sp + 1 < 64)
                stack[++sp] = (inl_frame){xmlt_first_child(n), h};
            continue;
        }
        if (strcmp(name, "ins") == 0 || strcmp(name, "moveTo") == 0) {
            ib_drop(d->b, DROP_TRACKED);
            if (sp + 1 < 64)
                stack[++sp] = (inl_frame){xmlt_first_child(n), href};
            continue;
        }
        if (strcmp(name, "del") == 0 || strcmp(name, "moveFrom") == 0) {
            ib_drop(d->b, DROP_TRACKED);
            continue;
        }
        if (strcmp(name, "fldSimple") == 0) {
            ib_drop(d->b, DROP_FIELD);
            const char *in = xmlt_attr(n, d->w, "instr");
            while (in && *in == ' ')
                in++;
            if (in && strncasecmp(in, "TOC", 3) == 0)
                continue;
            if (sp + 1 < 64)
                stack[++sp] = (inl_frame){xmlt_first_child(n), href};
            continue;
        }
        if (strcmp(name, "smartTag") == 0 || strcmp(name, "customXml") == 0 ||
            strcmp(name, "sdt") == 0 || strcmp(name, "sdtContent") == 0 ||
            strcmp(name, "bdo") == 0 || strcmp(name, "dir") == 0) {
            const xmlt_node *in = strcmp(name, "sdt") == 0
                                      ? xmlt_child(n, d->w, "sdtContent")
                                      : n;
            if (in && sp + 1 < 64)
                stack[++sp] = (inl_frame){xmlt_first_child(in), href};
            continue;
        }
        if (strcmp(name, "commentRangeStart") == 0) {
            ib_drop(d->b, DROP_COMMENT);
            continue;
        }
        if (strcmp(name, "r") != 0)
            continue; /* pPr, bookmarks, proofErr, permissions */
        /* a run */
        const xmlt_node *rpr = xmlt_child(n, d->w, "rPr");
        unsigned fmt = pfmt;
        const xmlt_node *b = xmlt_child(rpr, d->w, "b");
        const xmlt_node *i = xmlt_child(rpr, d->w, "i");
        const char *rstyle =
            xmlt_attr(xmlt_child(rpr, d->w, "rStyle"), d->w, "val");
        if (rstyle) {
            style_info si = style_chain(d, rstyle);
            fmt |= (si.bold ? IB_BOLD : 0) | (si.italic ? IB_ITALIC : 0);
        }
        if (b)
            fmt = on(b, d->w) ? fmt | IB_BOLD : fmt & ~(unsigned)IB_BOLD;
        if (i)
            fmt = on(i, d->w) ? fmt | IB_ITALIC : fmt & ~(unsigned)IB_ITALIC;
        const char *color =
            xmlt_attr(xmlt_child(rpr, d->w, "color"), d->w, "val");
        const char *fill =
            xmlt_attr(xmlt_child(rpr, d->w, "shd"), d->w, "fill");
        if ((color && strcasecmp(color, "auto") != 0 &&
             strcmp(color, "000000") != 0) ||
            xmlt_child(rpr, d->w, "highlight") ||
            (fill && strcasecmp(fill, "auto") != 0 &&
             strcasecmp(fill, "FFFFFF") != 0))
            ib_drop(d->b, DROP_COLOUR);
        const char *link = href ? href : field_href(d);
        for (const xmlt_node *c = xmlt_first_child(n); c && !d->status;
             c = xmlt_next(c)) {
            if (!xmlt_is_element(c))
                continue;
            const char *cn = xmlt_name(c);
            if (xmlt_is(c, NS_MC, "AlternateContent")) {
                /* the fallback is what older readers show: a picture or
                 * a VML text box */
                const xmlt_node *alt = xmlt_child(c, NS_MC, "Fallback");
                if (!alt)
                    alt = xmlt_child(c, NS_MC, "Choice");
                for (const xmlt_node *g = xmlt_first_child(alt); g;
                     g = xmlt_next(g)) {
                    if (xmlt_is(g, d->w, "drawing") ||
                        xmlt_is(g, d->w, "pict")) {
                        size_t before = *nboxes;
                        textboxes_of(d, g, boxes, nboxes, capboxes);
                        if (*nboxes == before)
                            image(d, g, rs);
                    }
                }
                continue;
            }
            if (strcmp(xmlt_ns(c), d->w) != 0)
                continue;
            if (strcmp(cn, "fldChar") == 0) {
                const char *t = xmlt_attr(c, d->w, "fldCharType");
                if (t && strcmp(t, "begin") == 0) {
                    if (d->fld_depth < 16) {
                        d->fld_instr[d->fld_depth] = true;
                        d->fld_skip[d->fld_depth] = false;
                        d->fld_href[d->fld_depth] = NULL;
                    }
                    d->fld_depth++;
                    d->instr.n = 0;
                    if (d->instr.s)
                        d->instr.s[0] = '\0';
                    ib_drop(d->b, DROP_FIELD);
                } else if (t && strcmp(t, "separate") == 0) {
                    field_separate(d);
                } else if (t && strcmp(t, "end") == 0 && d->fld_depth > 0) {
                    if (d->fld_depth <= 16 && d->fld_instr[d->fld_depth - 1])
                        field_separate(d); /* a field without a result */
                    d->fld_depth--;
                }
                link = href ? href : field_href(d);
                continue;
            }
            if (strcmp(cn, "instrText") == 0) {
                if (d->fld_depth > 0)
                    strbuf_put(&d->instr, xmlt_text_content(d->a, c));
                continue;
            }
            if (strcmp(cn, "lastRenderedPageBreak") == 0) {
                page_break(d, false);
                continue;
            }
            if (strcmp(cn, "br") == 0) {
                const char *t = xmlt_attr(c, d->w, "type");
                if (t && strcmp(t, "page") == 0) {
                    page_break(d, true);
                    continue;
                }
            }
            if (field_skipping(d))
                continue;
            if (strcmp(cn, "t") == 0) {
                ib_run(d->b, xmlt_text_content(d->a, c), fmt, link);
            } else if (strcmp(cn, "tab") == 0 || strcmp(cn, "br") == 0 ||
                       strcmp(cn, "cr") == 0) {
                ib_run(d->b, " ", fmt, link);
            } else if (strcmp(cn, "noBreakHyphen") == 0) {
                ib_run(d->b, "-", fmt, link);
            } else if (strcmp(cn, "footnoteReference") == 0 && !in_note) {
                footnote(d, d->footnotes, &d->fn_rels,
                         xmlt_attr(c, d->w, "id"));
            } else if (strcmp(cn, "endnoteReference") == 0 && !in_note) {
                footnote(d, d->endnotes, &d->en_rels, xmlt_attr(c, d->w, "id"));
            } else if (strcmp(cn, "commentReference") == 0) {
                /* counted at its range start */
            } else if (strcmp(cn, "drawing") == 0 || strcmp(cn, "pict") == 0) {
                size_t before = *nboxes;
                textboxes_of(d, c, boxes, nboxes, capboxes);
                if (*nboxes == before)
                    image(d, c, rs);
            } else if (strcmp(cn, "object") == 0) {
                ib_drop(d->b, DROP_OBJECT);
            }
        }
    }
}

/* The text boxes (w:txbxContent) below n, without descending into one. */
static void textboxes_of(docx *d, const xmlt_node *n, const xmlt_node **boxes,
                         size_t *nboxes, size_t cap)
{
    for (const xmlt_node *c = xmlt_first_child(n); c;) {
        bool box = xmlt_is(c, d->w, "txbxContent");
        if (box) {
            ib_drop(d->b, DROP_TEXTBOX);
            if (*nboxes < cap)
                boxes[(*nboxes)++] = c;
        }
        c = xmlt_walk_next(c, n, box);
    }
}

static void footnote(docx *d, const xmlt_node *notes, const rels *rs,
                     const char *id)
{
    if (!notes || !id)
        return;
    for (const xmlt_node *f = xmlt_first_child(notes); f; f = xmlt_next(f)) {
        if (!xmlt_is_element(f))
            continue;
        const char *fid = xmlt_attr(f, d->w, "id");
        if (!fid || strcmp(fid, id) != 0)
            continue;
        ib_footnote_begin(d->b);
        bool first = true;
        for (const xmlt_node *p = xmlt_first_child(f); p; p = xmlt_next(p)) {
            if (!xmlt_is(p, d->w, "p"))
                continue;
            if (!first)
                ib_run(d->b, " ", 0, NULL);
            first = false;
            const xmlt_node *boxes[1];
            size_t nb = 0;
            runs(d, p, rs, true, 0, boxes, &nb, 0);
        }
        ib_footnote_end(d->b);
        return;
    }
}

/* A picture: wp:docPr's description is its alt text (its title when there
 * is no description); a:blip r:embed names the part, r:link a file
 * elsewhere (never fetched); VML's v:imagedata the same. */
static void image(docx *d, const xmlt_node *drawing, const rels *rs)
{
    const char *alt = NULL, *title = NULL, *embed = NULL, *link = NULL;
    bool chart = false;
    double width_mm = 0;
    for (const xmlt_node *c = xmlt_first_child(drawing); c;
         c = xmlt_walk_next(c, drawing, false)) {
        if (xmlt_is(c, NS_WP, "extent") && !width_mm) {
            const char *cx = xmlt_attr(c, NULL, "cx"); /* EMU */
            width_mm = cx ? atof(cx) / 36000.0 : 0;
        } else if (xmlt_is(c, NS_WP, "docPr")) {
            alt = xmlt_attr(c, NULL, "descr");
            title = xmlt_attr(c, NULL, "title");
        } else if (xmlt_is(c, NS_A, "blip")) {
            embed = xmlt_attr(c, d->r, "embed");
            link = xmlt_attr(c, d->r, "link");
        } else if (xmlt_is(c, NS_V, "imagedata")) {
            embed = xmlt_attr(c, d->r, "id");
            if (!title)
                title = xmlt_attr(c, NS_O, "title");
        } else if (xmlt_is(c, NS_V, "shape") && !alt) {
            alt = xmlt_attr(c, NULL, "alt");
        } else if (xmlt_is(c, NS_A, "graphicData")) {
            const char *uri = xmlt_attr(c, NULL, "uri");
            chart |= uri && !strstr(uri, "picture");
        }
    }
    if (!alt || !*alt)
        alt = title;
    const rel *r = find_rel(rs, embed);
    if (link || (r && r->external)) {
        ib_drop(d->b, DROP_EXTERNAL);
        return;
    }
    if (!r) {
        ib_drop(d->b, chart ? DROP_OBJECT : DROP_IMAGE_FORMAT);
        return;
    }
    char *part = resolve_target(d->a, rs->dir, r->target);
    size_t len;
    unsigned char *data =
        import_image_part(d->b, d->z, d->dl, d->path, part, &len, &d->status);
    if (!data)
        return;
    ib_image(d->b, data, len, alt, part, width_mm);
    free(data);
}

/* --- blocks ------------------------------------------------------------------
 */

typedef struct {
    const xmlt_node *next;
    fr_kind kind;
} blk_frame;

#define MAX_BOXES 64

static void paragraph(docx *d, const xmlt_node *p, bool in_cell,
                      const xmlt_node **boxes, size_t *nboxes)
{
    if (!ib_count_block(d->b)) {
        import_stop(&d->status, 1);
        return;
    }
    const xmlt_node *ppr = xmlt_child(p, d->w, "pPr");
    const char *sid = xmlt_attr(xmlt_child(ppr, d->w, "pStyle"), d->w, "val");
    style_info si = style_chain(d, sid);
    const char *ol =
        xmlt_attr(xmlt_child(ppr, d->w, "outlineLvl"), d->w, "val");
    int outline = ol ? atoi(ol) : si.outline;
    const xmlt_node *num = xmlt_child(ppr, d->w, "numPr");
    const char *num_id = xmlt_attr(xmlt_child(num, d->w, "numId"), d->w, "val");
    const char *il = xmlt_attr(xmlt_child(num, d->w, "ilvl"), d->w, "val");
    int ilvl = il ? atoi(il) : si.ilvl >= 0 ? si.ilvl : 0;
    if (!num_id)
        num_id = si.num_id;
    if (on(xmlt_child(ppr, d->w, "pageBreakBefore"), d->w) &&
        xmlt_child(ppr, d->w, "pageBreakBefore"))
        page_break(d, true);
    if (xmlt_child(ppr, d->w, "shd"))
        ib_drop(d->b, DROP_COLOUR);
    ib_kind kind = IB_PARA;
    int level = 0;
    bool numb = false;
    const char *sname = si.name ? si.name : "";
    if (in_cell) {
        kind = IB_PARA;
    } else if (strcasecmp(sname, "title") == 0) {
        kind = IB_TITLE;
    } else if (si.heading || (outline >= 0 && outline <= 8)) {
        kind = IB_HEADING;
        level = si.heading ? si.heading : outline + 1;
    } else if (strcasecmp(sname, "caption") == 0) {
        kind = IB_CAPTION;
    } else if (strcasestr(sname, "quote")) {
        kind = IB_QUOTE;
    } else if (num_id && strcmp(num_id, "0") != 0) {
        kind = IB_ITEM;
        level = ilvl < 0 ? 0 : ilvl;
        numb = numbered(d, num_id, ilvl);
        /* "List Bullet 2" and the like: the level is in the name */
        if (!il && (strncasecmp(sname, "list bullet ", 12) == 0 ||
                    strncasecmp(sname, "list number ", 12) == 0)) {
            int lv = atoi(sname + 12);
            level = lv > 1 ? lv - 1 : level;
        }
    } else if (strncasecmp(sname, "list bullet", 11) == 0 ||
               strncasecmp(sname, "list number", 11) == 0) {
        kind = IB_ITEM;
        int lv = atoi(sname + 11);
        level = lv > 1 ? lv - 1 : 0;
        numb = strncasecmp(sname, "list number", 11) == 0;
    }
    unsigned pfmt = (si.bold && kind == IB_PARA ? IB_BOLD : 0) |
                    (si.italic && kind == IB_PARA ? IB_ITALIC : 0);
    ib_par_begin(d->b, kind, level, numb);
    runs(d, p, &d->doc_rels, false, pfmt, boxes, nboxes, MAX_BOXES);
    ib_par_end(d->b);
}

static bool row_is_header(docx *d, const xmlt_node *tr)
{
    const xmlt_node *trpr = xmlt_child(tr, d->w, "trPr");
    const xmlt_node *h = xmlt_child(trpr, d->w, "tblHeader");
    return h && on(h, d->w);
}

static void cell_begin(docx *d, const xmlt_node *tc)
{
    const xmlt_node *pr = xmlt_child(tc, d->w, "tcPr");
    const char *span = xmlt_attr(xmlt_child(pr, d->w, "gridSpan"), d->w, "val");
    const xmlt_node *vm = xmlt_child(pr, d->w, "vMerge");
    const char *vv = vm ? xmlt_attr(vm, d->w, "val") : NULL;
    bool covered = vm && (!vv || strcmp(vv, "continue") == 0);
    int s = span ? atoi(span) : 1;
    ib_cell_begin(d->b, s < 1 ? 1u : (unsigned)s, covered);
}

/* Walks the block content of container (the body, a cell, a text box). */
static void blocks(docx *d, const xmlt_node *container)
{
    blk_frame *st = xmalloc(300 * sizeof *st);
    int sp = 0;
    st[0] = (blk_frame){xmlt_first_child(container), FR_BODY};
    const xmlt_node *boxes[MAX_BOXES];
    while (sp >= 0 && !d->status) {
        const xmlt_node *n = st[sp].next;
        if (!n) {
            ib_frame_end(d->b, st[sp].kind);
            sp--;
            continue;
        }
        st[sp].next = xmlt_next(n);
        if (!xmlt_is_element(n))
            continue;
        bool in_cell = false;
        for (int i = 0; i <= sp; i++)
            in_cell |= st[i].kind == FR_CELL;
        if (sp + 1 >= 300)
            continue; /* deeper than any document: skipped */
        if (xmlt_is(n, d->w, "p")) {
            size_t nb = 0;
            paragraph(d, n, in_cell, boxes, &nb);
            /* text boxes: their paragraphs follow, in order */
            for (size_t i = nb; i-- > 0 && sp + 1 < 300;)
                st[++sp] = (blk_frame){xmlt_first_child(boxes[i]), FR_BODY};
        } else if (xmlt_is(n, d->w, "tbl")) {
            ib_table_begin(d->b);
            st[++sp] = (blk_frame){xmlt_first_child(n), FR_TABLE};
        } else if (xmlt_is(n, d->w, "tr")) {
            ib_row_begin(d->b, row_is_header(d, n));
            st[++sp] = (blk_frame){xmlt_first_child(n), FR_ROW};
        } else if (xmlt_is(n, d->w, "tc")) {
            cell_begin(d, n);
            st[++sp] = (blk_frame){xmlt_first_child(n), FR_CELL};
        } else if (xmlt_is(n, d->w, "sdt")) {
            /* a content control; a table of contents is dropped whole */
            const xmlt_node *pr = xmlt_child(n, d->w, "sdtPr");
            const xmlt_node *g = xmlt_child(xmlt_child(pr, d->w, "docPartObj"),
                                            d->w, "docPartGallery");
            const char *gv = g ? xmlt_attr(g, d->w, "val") : NULL;
            if (gv && strcasestr(gv, "contents"))
                continue;
            const xmlt_node *c = xmlt_child(n, d->w, "sdtContent");
            if (c)
                st[++sp] = (blk_frame){xmlt_first_child(c), FR_BODY};
        } else if (xmlt_is(n, d->w, "customXml") || xmlt_is(n, d->w, "ins") ||
                   xmlt_is(n, d->w, "moveTo")) {
            st[++sp] = (blk_frame){xmlt_first_child(n), FR_BODY};
        } else if (xmlt_is(n, d->w, "del") || xmlt_is(n, d->w, "moveFrom")) {
            ib_drop(d->b, DROP_TRACKED);
        } else if (xmlt_is(n, NS_MC, "AlternateContent")) {
            ib_drop(d->b, DROP_OBJECT);
        }
    }
    free(st);
}

/* --- the file
 * ------------------------------------------------------------------ */

static void metadata(docx *d)
{
    ib_meta m = {0};
    const xmlt_node *core = read_part(d, "docProps/core.xml");
    for (const xmlt_node *c = xmlt_first_child(core); c; c = xmlt_next(c)) {
        if (xmlt_is(c, NS_DC, "title"))
            m.title = xmlt_text_content(d->a, c);
        else if (xmlt_is(c, NS_DC, "creator"))
            m.author = xmlt_text_content(d->a, c);
        else if (xmlt_is(c, NS_DCTERMS, "created") && !m.date)
            m.date = xmlt_text_content(d->a, c);
    }
    const xmlt_node *app = read_part(d, "docProps/app.xml");
    const xmlt_node *co = xmlt_child(app, NS_EP, "Company");
    if (co)
        m.organisation = xmlt_text_content(d->a, co);
    const xmlt_node *pages = xmlt_child(app, NS_EP, "Pages");
    if (pages) {
        long p = atol(xmlt_text_content(d->a, pages));
        if (p > (long)IMP_MAX_PAGES && !d->status) {
            char what[64];
            snprintf(what, sizeof what, "%ld", p);
            diag *x =
                diag_add(d->dl, DIAG_ERROR, d->path, 0, 0, "IMP-08",
                         MSG_IMP_PAGES, what, IMP_MAX_PAGES, IMP_MAX_BLOCKS);
            diag_hint(d->dl, x, MSG_IMP_PAGES_HINT);
            import_stop(&d->status, 1);
        }
    }
    ib_meta_set(d->b, &m);
}

static bool has_macros(docx *d)
{
    size_t n = strlen(d->path);
    if (n > 5 && (strcasecmp(d->path + n - 5, ".docm") == 0 ||
                  strcasecmp(d->path + n - 5, ".dotm") == 0))
        return true;
    for (size_t i = 0; i < zipread_count(d->z); i++) {
        const char *e = zipread_name(d->z, i);
        const char *base = strrchr(e, '/');
        base = base ? base + 1 : e;
        if (strcasecmp(base, "vbaProject.bin") == 0 ||
            strcasecmp(base, "vbaData.xml") == 0)
            return true;
    }
    const xmlt_node *ct = read_part(d, "[Content_Types].xml");
    for (const xmlt_node *c = xmlt_first_child(ct); c; c = xmlt_next(c)) {
        const char *t = xmlt_attr(c, NULL, "ContentType");
        if (t && strcasestr(t, "macroEnabled"))
            return true;
    }
    return false;
}

int import_docx(ib *b, const char *path, diag_list *dl)
{
    /* an OLE compound file: an encrypted OOXML file, or an old .doc */
    FILE *f = fopen(path, "rb");
    if (f) {
        unsigned char magic[8] = {0};
        size_t got = fread(magic, 1, sizeof magic, f);
        fclose(f);
        static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                             0xA1, 0xB1, 0x1A, 0xE1};
        if (got == 8 && memcmp(magic, ole, 8) == 0) {
            diag *x =
                diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-06", MSG_IMP_OLE);
            diag_hint(dl, x, MSG_IMP_OLE_HINT);
            return 1;
        }
    }
    zipread_error ze;
    zipread *z = zipread_open_file(path, NULL, &ze);
    if (!z)
        return import_zip_error(dl, path, (int)ze.status, ze.sys_errno,
                                ze.entry);
    arena *a = arena_new();
    docx d = {.b = b, .dl = dl, .path = path, .a = a, .z = z};
    d.w = NS_W;
    d.r = NS_R;
    if (has_macros(&d)) {
        diag *x = diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-07", MSG_IMP_MACRO,
                           "VBA");
        diag_hint(dl, x, MSG_IMP_MACRO_HINT);
        import_stop(&d.status, 1);
    }
    /* the main part, through the package relationships */
    const char *main = "word/document.xml";
    const xmlt_node *prels = read_part(&d, "_rels/.rels");
    for (const xmlt_node *c = xmlt_child(prels, NS_PR, "Relationship"); c;
         c = xmlt_next_same(c)) {
        const char *t = xmlt_attr(c, NULL, "Type");
        const char *target = xmlt_attr(c, NULL, "Target");
        if (t && target && strstr(t, "/officeDocument")) {
            char *m = resolve_target(a, "", target);
            if (m)
                main = m;
        }
    }
    if (!d.status)
        metadata(&d);
    const xmlt_node *doc = read_part(&d, main);
    if (!d.status && !doc) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-03", MSG_IMP_MISSING_PART,
                 main, "Word");
        import_stop(&d.status, 2);
    }
    if (doc && strcmp(xmlt_ns(doc), NS_W_STRICT) == 0) {
        d.w = NS_W_STRICT;
        d.r = NS_R_STRICT;
    }
    const xmlt_node *body = doc ? xmlt_child(doc, d.w, "body") : NULL;
    if (!d.status && !body) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-03", MSG_IMP_MISSING_PART,
                 main, "Word");
        import_stop(&d.status, 2);
    }
    char *dir = dir_of(a, main);
    if (!d.status) {
        d.doc_rels = read_rels(&d, main);
        read_styles(&d, dir);
        d.numbering = read_part(&d, arena_printf(a, "%snumbering.xml", dir));
        char *fn = arena_printf(a, "%sfootnotes.xml", dir);
        char *en = arena_printf(a, "%sendnotes.xml", dir);
        d.footnotes = read_part(&d, fn);
        d.endnotes = read_part(&d, en);
        if (d.footnotes)
            d.fn_rels = read_rels(&d, fn);
        if (d.endnotes)
            d.en_rels = read_rels(&d, en);
    }
    /* external references other than links: never followed */
    for (size_t i = 0; !d.status && i < d.doc_rels.n; i++) {
        const rel *r = &d.doc_rels.r[i];
        if (r->external && !type_is(r, "/hyperlink") && !type_is(r, "/image"))
            ib_drop(b, DROP_EXTERNAL);
        if (type_is(r, "/header") || type_is(r, "/footer")) {
            char *hp = resolve_target(a, d.doc_rels.dir, r->target);
            const xmlt_node *h = hp && !r->external ? read_part(&d, hp) : NULL;
            const char *text = h ? xmlt_text_content(a, h) : "";
            while (*text == ' ')
                text++;
            if (*text)
                ib_drop(b, DROP_HEADER_FOOTER);
        }
    }
    if (!d.status)
        blocks(&d, body);
    int status = d.status;
    strbuf_free(&d.instr);
    zipread_close(z);
    arena_free(a);
    return status;
}
