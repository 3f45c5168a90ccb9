/*
 * import_odt.c: an OpenDocument text (ODF 1.2/1.3, .odt) into the import
 * builder.
 *
 * The package is opened with src/zip; its mimetype must say
 * application/vnd.oasis.opendocument.text, and a package whose manifest
 * carries encryption data (a password-protected document: ODF encrypts the
 * parts, not the zip) or that holds Basic or script libraries (macros) is
 * refused. content.xml is walked with explicit stacks: text:h gives the
 * heading level (text:outline-level), text:list nesting the list levels
 * (numbered when the list style's level is a text:list-level-style-number),
 * table:table-header-rows the header rows, number-columns-spanned the
 * spans; automatic and common styles (content.xml, styles.xml) give bold,
 * italic, colours and page breaks. text:note is a footnote; draw:frame an
 * image (svg:desc or svg:title is its alt text) or a text box. meta.xml
 * holds the metadata. Tracked changes are accepted as stored (ODF keeps
 * the accepted text in the body and deletions in text:tracked-changes,
 * which is skipped), annotations dropped, fields replaced by their text.
 */
#define _GNU_SOURCE /* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../parse/xmltree.h"
#include "../zip/zipread.h"
#include "import_internal.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_XLINK "http://www.w3.org/1999/xlink"
#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

typedef struct {
    const xmlt_node *n; /* style:style or text:list-style */
    const char *name;
} ostyle;

typedef struct {
    ib *b;
    diag_list *dl;
    const char *path;
    arena *a;
    zipread *z;
    ostyle *styles;
    size_t nstyles, cap;
    int status;
} odt;

/* The part name, read and parsed; NULL when it does not exist (quietly)
 * or cannot be read (then d->status is set). */
static const xmlt_node *read_part(odt *d, const char *name)
{
    return import_read_part(d->z, d->a, d->dl, d->path, name, &d->status);
}

/* --- styles -------------------------------------------------------------- */

static void add_styles(odt *d, const xmlt_node *container)
{
    for (const xmlt_node *s = xmlt_first_child(container); s;
         s = xmlt_next(s)) {
        const char *name = NULL;
        if (xmlt_is(s, NS_STYLE, "style"))
            name = xmlt_attr(s, NS_STYLE, "name");
        else if (xmlt_is(s, NS_TEXT, "list-style"))
            name = xmlt_attr(s, NS_STYLE, "name");
        if (!name)
            continue;
        if (d->nstyles == d->cap) {
            size_t ncap = d->cap ? d->cap * 2 : 64;
            ostyle *n = arena_alloc(d->a, ncap * sizeof *n);
            if (d->nstyles)
                memcpy(n, d->styles, d->nstyles * sizeof *n);
            d->styles = n;
            d->cap = ncap;
        }
        d->styles[d->nstyles++] = (ostyle){s, name};
    }
}

static const xmlt_node *find_style(const odt *d, const char *name, bool list)
{
    for (size_t i = 0; name && i < d->nstyles; i++)
        if (strcmp(d->styles[i].name, name) == 0 &&
            xmlt_is(d->styles[i].n, list ? NS_TEXT : NS_STYLE,
                    list ? "list-style" : "style"))
            return d->styles[i].n;
    return NULL;
}

typedef struct {
    const char *name; /* display name of the first named style */
    bool bold, italic, colour, page_break;
    const char *list_style;
} style_info;

static style_info style_chain(odt *d, const char *name)
{
    style_info si = {0};
    bool have_bold = false, have_italic = false;
    const xmlt_node *s = find_style(d, name, false);
    for (int depth = 0; s && depth < 20; depth++) {
        const char *dn = xmlt_attr(s, NS_STYLE, "display-name");
        const char *sn = xmlt_attr(s, NS_STYLE, "name");
        /* automatic styles (P1, T1) name nothing a user chose */
        bool automatic = xmlt_parent(s) && strcmp(xmlt_name(xmlt_parent(s)),
                                                  "automatic-styles") == 0;
        if (!si.name && !automatic)
            si.name = dn ? dn : sn;
        const xmlt_node *tp = xmlt_child(s, NS_STYLE, "text-properties");
        const char *fw = xmlt_attr(tp, NS_FO, "font-weight");
        const char *fs = xmlt_attr(tp, NS_FO, "font-style");
        if (fw && !have_bold) {
            have_bold = true;
            si.bold = strcmp(fw, "bold") == 0 || atoi(fw) >= 600;
        }
        if (fs && !have_italic) {
            have_italic = true;
            si.italic = strcmp(fs, "italic") == 0 || strcmp(fs, "oblique") == 0;
        }
        const char *col = xmlt_attr(tp, NS_FO, "color");
        const char *bg = xmlt_attr(tp, NS_FO, "background-color");
        if ((col && strcasecmp(col, "#000000") != 0) ||
            (bg && strcasecmp(bg, "transparent") != 0 &&
             strcasecmp(bg, "#ffffff") != 0))
            si.colour = true;
        const xmlt_node *pp = xmlt_child(s, NS_STYLE, "paragraph-properties");
        const char *bb = xmlt_attr(pp, NS_FO, "break-before");
        const char *ba = xmlt_attr(pp, NS_FO, "break-after");
        if (depth == 0 && ((bb && strcmp(bb, "page") == 0) ||
                           (ba && strcmp(ba, "page") == 0)))
            si.page_break = true;
        if (!si.list_style)
            si.list_style = xmlt_attr(s, NS_STYLE, "list-style-name");
        s = find_style(d, xmlt_attr(s, NS_STYLE, "parent-style-name"), false);
    }
    if (!si.name)
        si.name = "";
    return si;
}

/* Whether list style name numbers its level (1-based). */
static bool list_numbered(odt *d, const char *name, int level)
{
    const xmlt_node *ls = find_style(d, name, true);
    for (const xmlt_node *l = xmlt_first_child(ls); l; l = xmlt_next(l)) {
        const char *lv = xmlt_attr(l, NS_TEXT, "level");
        if (lv && atoi(lv) == level)
            return xmlt_is(l, NS_TEXT, "list-level-style-number");
    }
    return false;
}

/* --- inline -------------------------------------------------------------- */

static void page_break(odt *d, bool explicit_break)
{
    if (!ib_page_break(d->b, explicit_break))
        import_stop(&d->status, 1);
}

static void frame(odt *d, const xmlt_node *f, const xmlt_node **boxes,
                  size_t *nboxes, size_t cap);

typedef struct {
    const xmlt_node *next;
    unsigned fmt;
    const char *href;
} inl_frame;

static bool is_field(const char *name)
{
    static const char *const fields[] = {"date",
                                         "time",
                                         "page-number",
                                         "page-count",
                                         "title",
                                         "subject",
                                         "author-name",
                                         "author-initials",
                                         "chapter",
                                         "file-name",
                                         "bookmark-ref",
                                         "reference-ref",
                                         "sequence-ref",
                                         "note-ref",
                                         "user-defined",
                                         "variable-get",
                                         "variable-set",
                                         "expression",
                                         "word-count",
                                         "paragraph-count",
                                         "creation-date",
                                         "creator",
                                         "description",
                                         "keywords",
                                         "initial-creator",
                                         "print-date",
                                         "modification-date"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (strcmp(name, fields[i]) == 0)
            return true;
    return false;
}

static void runs(odt *d, const xmlt_node *p, unsigned pfmt, bool in_note,
                 const xmlt_node **boxes, size_t *nboxes, size_t cap)
{
    inl_frame st[64];
    int sp = 0;
    st[0] = (inl_frame){xmlt_first_child(p), pfmt, NULL};
    while (sp >= 0 && !d->status) {
        const xmlt_node *n = st[sp].next;
        if (!n) {
            sp--;
            continue;
        }
        st[sp].next = xmlt_next(n);
        unsigned fmt = st[sp].fmt;
        const char *href = st[sp].href;
        if (!xmlt_is_element(n)) {
            ib_run(d->b, xmlt_text(n), fmt, href);
            continue;
        }
        const char *ns = xmlt_ns(n), *name = xmlt_name(n);
        if (strcmp(ns, NS_TEXT) == 0) {
            if (strcmp(name, "span") == 0) {
                style_info si =
                    style_chain(d, xmlt_attr(n, NS_TEXT, "style-name"));
                if (si.colour)
                    ib_drop(d->b, DROP_COLOUR);
                unsigned f =
                    fmt | (si.bold ? IB_BOLD : 0) | (si.italic ? IB_ITALIC : 0);
                if (sp + 1 < 64)
                    st[++sp] = (inl_frame){xmlt_first_child(n), f, href};
            } else if (strcmp(name, "a") == 0) {
                const char *h = xmlt_attr(n, NS_XLINK, "href");
                if (h && h[0] == '#')
                    h = "#";
                if (sp + 1 < 64)
                    st[++sp] = (inl_frame){xmlt_first_child(n), fmt, h};
            } else if (strcmp(name, "s") == 0) {
                const char *c = xmlt_attr(n, NS_TEXT, "c");
                int k = c ? atoi(c) : 1;
                ib_run(d->b, k > 1 ? "  " : " ", fmt, href);
            } else if (strcmp(name, "tab") == 0 ||
                       strcmp(name, "line-break") == 0) {
                ib_run(d->b, " ", fmt, href);
            } else if (strcmp(name, "note") == 0 && !in_note) {
                const xmlt_node *body = xmlt_child(n, NS_TEXT, "note-body");
                ib_footnote_begin(d->b);
                bool first = true;
                for (const xmlt_node *q = xmlt_first_child(body); q;
                     q = xmlt_next(q)) {
                    if (!xmlt_is(q, NS_TEXT, "p") && !xmlt_is(q, NS_TEXT, "h"))
                        continue;
                    if (!first)
                        ib_run(d->b, " ", 0, NULL);
                    first = false;
                    runs(d, q, 0, true, boxes, nboxes, 0);
                }
                ib_footnote_end(d->b);
            } else if (strcmp(name, "soft-page-break") == 0) {
                page_break(d, false);
            } else if (strcmp(name, "change") == 0 ||
                       strcmp(name, "change-start") == 0) {
                ib_drop(d->b, DROP_TRACKED);
            } else if (strcmp(name, "sequence") == 0 || is_field(name)) {
                if (strcmp(name, "sequence") != 0)
                    ib_drop(d->b, DROP_FIELD);
                if (sp + 1 < 64)
                    st[++sp] = (inl_frame){xmlt_first_child(n), fmt, href};
            } else if (strcmp(name, "meta") == 0 || strcmp(name, "ruby") == 0 ||
                       strcmp(name, "ruby-base") == 0) {
                if (sp + 1 < 64)
                    st[++sp] = (inl_frame){xmlt_first_child(n), fmt, href};
            }
            /* bookmarks, reference marks, change-end: nothing */
        } else if (strcmp(ns, NS_OFFICE) == 0 &&
                   strcmp(name, "annotation") == 0) {
            ib_drop(d->b, DROP_COMMENT);
        } else if (strcmp(ns, NS_DRAW) == 0) {
            if (strcmp(name, "frame") == 0)
                frame(d, n, boxes, nboxes, cap);
            else if (strcmp(name, "a") == 0) {
                if (sp + 1 < 64)
                    st[++sp] = (inl_frame){xmlt_first_child(n), fmt, href};
            } else
                ib_drop(d->b, DROP_OBJECT);
        }
    }
}

/* A draw:frame: an image (its alt text from svg:desc, else svg:title), a
 * text box, or an object. */
static void frame(odt *d, const xmlt_node *f, const xmlt_node **boxes,
                  size_t *nboxes, size_t cap)
{
    const xmlt_node *box = xmlt_child(f, NS_DRAW, "text-box");
    if (box) {
        ib_drop(d->b, DROP_TEXTBOX);
        if (*nboxes < cap)
            boxes[(*nboxes)++] = box;
        return;
    }
    const xmlt_node *img = xmlt_child(f, NS_DRAW, "image");
    if (!img) {
        ib_drop(d->b, DROP_OBJECT);
        return;
    }
    const char *href = xmlt_attr(img, NS_XLINK, "href");
    const xmlt_node *desc = xmlt_child(f, NS_SVG, "desc");
    const xmlt_node *title = xmlt_child(f, NS_SVG, "title");
    const char *alt = desc    ? xmlt_text_content(d->a, desc)
                      : title ? xmlt_text_content(d->a, title)
                              : NULL;
    if (!href) {
        ib_drop(d->b, xmlt_child(img, NS_OFFICE, "binary-data")
                          ? DROP_IMAGE_FORMAT
                          : DROP_OBJECT);
        return;
    }
    if (strncmp(href, "./", 2) == 0)
        href += 2;
    if (strstr(href, "://") || href[0] == '/' || strncmp(href, "..", 2) == 0) {
        ib_drop(d->b, DROP_EXTERNAL); /* never fetched */
        return;
    }
    size_t len;
    unsigned char *data =
        import_image_part(d->b, d->z, d->dl, d->path, href, &len, &d->status);
    if (!data)
        return;
    /* svg:width: a length with its unit */
    const char *w = xmlt_attr(f, NS_SVG, "width");
    double mm = 0;
    if (w) {
        char *end;
        double v = strtod(w, &end);
        mm = strcmp(end, "cm") == 0   ? v * 10
             : strcmp(end, "mm") == 0 ? v
             : strcmp(end, "in") == 0 ? v * 25.4
             : strcmp(end, "pt") == 0 ? v * 25.4 / 72
                                      : 0;
    }
    ib_image(d->b, data, len, alt, href, mm);
    free(data);
}

/* --- blocks -------------------------------------------------------------- */

typedef struct {
    const xmlt_node *next;
    fr_kind kind;
    int list_level;         /* lists: 1-based depth */
    const char *list_style; /* the list style in force */
    int skip;               /* rows: covered cells still inside a span */
} blk_frame;

#define MAX_BOXES 64

static void paragraph(odt *d, const xmlt_node *p, const blk_frame *top,
                      bool in_cell, bool in_item, const xmlt_node **boxes,
                      size_t *nboxes)
{
    if (!ib_count_block(d->b)) {
        import_stop(&d->status, 1);
        return;
    }
    style_info si = style_chain(d, xmlt_attr(p, NS_TEXT, "style-name"));
    if (si.page_break)
        page_break(d, true);
    if (si.colour)
        ib_drop(d->b, DROP_COLOUR);
    ib_kind kind = IB_PARA;
    int level = 0;
    bool numb = false;
    bool heading = xmlt_is(p, NS_TEXT, "h");
    if (in_cell) {
        kind = IB_PARA;
    } else if (heading) {
        /* also inside a list: LibreOffice writes numbered headings so */
        const char *ol = xmlt_attr(p, NS_TEXT, "outline-level");
        kind = IB_HEADING;
        level = ol ? atoi(ol) : 1;
    } else if (in_item) {
        kind = IB_ITEM;
        level = top->list_level - 1;
        numb = list_numbered(d, top->list_style, top->list_level);
    } else if (strcasecmp(si.name, "title") == 0) {
        kind = IB_TITLE;
    } else if (strcasestr(si.name, "caption") ||
               strcasecmp(si.name, "table") == 0 ||
               strcasecmp(si.name, "illustration") == 0 ||
               strcasecmp(si.name, "figure") == 0) {
        kind = IB_CAPTION;
    } else if (strcasestr(si.name, "quot")) {
        kind = IB_QUOTE;
    }
    unsigned pfmt = kind == IB_PARA || kind == IB_ITEM
                        ? (si.bold ? IB_BOLD : 0) | (si.italic ? IB_ITALIC : 0)
                        : 0;
    ib_par_begin(d->b, kind, level, numb);
    runs(d, p, pfmt, false, boxes, nboxes, MAX_BOXES);
    ib_par_end(d->b);
}

static void blocks(odt *d, const xmlt_node *container)
{
    blk_frame *st = xmalloc(300 * sizeof *st);
    int sp = 0;
    st[0] = (blk_frame){xmlt_first_child(container), FR_BODY, 0, NULL, 0};
    const xmlt_node *boxes[MAX_BOXES];
    while (sp >= 0 && !d->status) {
        const xmlt_node *n = st[sp].next;
        if (!n) {
            ib_frame_end(d->b, st[sp].kind);
            sp--;
            continue;
        }
        st[sp].next = xmlt_next(n);
        if (!xmlt_is_element(n) || sp + 1 >= 300)
            continue;
        bool in_cell = false;
        const blk_frame *list = NULL;
        for (int i = 0; i <= sp; i++) {
            in_cell |= st[i].kind == FR_CELL;
            if (st[i].kind == FR_LIST)
                list = &st[i];
        }
        if (xmlt_is(n, NS_TEXT, "p") || xmlt_is(n, NS_TEXT, "h")) {
            size_t nb = 0;
            /* every paragraph of a list item is an item of its level */
            paragraph(d, n, list ? list : &st[sp], in_cell, list && !in_cell,
                      boxes, &nb);
            for (size_t i = nb; i-- > 0 && sp + 1 < 300;) {
                st[sp + 1] = (blk_frame){xmlt_first_child(boxes[i]), FR_BODY, 0,
                                         NULL, 0};
                sp++;
            }
        } else if (xmlt_is(n, NS_TEXT, "list")) {
            const char *ls = xmlt_attr(n, NS_TEXT, "style-name");
            if (!ls)
                ls = list ? list->list_style : NULL;
            int lv = list ? list->list_level + 1 : 1;
            st[++sp] = (blk_frame){xmlt_first_child(n), FR_LIST, lv, ls, 0};
        } else if (xmlt_is(n, NS_TEXT, "list-item") ||
                   xmlt_is(n, NS_TEXT, "list-header")) {
            st[sp + 1] = (blk_frame){xmlt_first_child(n), FR_BODY, 0, NULL, 0};
            sp++;
        } else if (xmlt_is(n, NS_TABLE, "table")) {
            ib_table_begin(d->b);
            st[++sp] = (blk_frame){xmlt_first_child(n), FR_TABLE, 0, NULL, 0};
        } else if (xmlt_is(n, NS_TABLE, "table-header-rows")) {
            st[++sp] = (blk_frame){xmlt_first_child(n), FR_HEAD, 0, NULL, 0};
        } else if (xmlt_is(n, NS_TABLE, "table-rows") ||
                   xmlt_is(n, NS_TABLE, "table-row-group")) {
            st[++sp] = (blk_frame){xmlt_first_child(n), FR_BODY, 0, NULL, 0};
        } else if (xmlt_is(n, NS_TABLE, "table-row")) {
            ib_row_begin(d->b, st[sp].kind == FR_HEAD);
            st[++sp] = (blk_frame){xmlt_first_child(n), FR_ROW, 0, NULL, 0};
        } else if (xmlt_is(n, NS_TABLE, "table-cell")) {
            const char *span = xmlt_attr(n, NS_TABLE, "number-columns-spanned");
            int s = span ? atoi(span) : 1;
            ib_cell_begin(d->b, s < 1 ? 1u : (unsigned)s, false);
            st[sp].skip = s > 1 ? s - 1 : 0;
            st[++sp] = (blk_frame){xmlt_first_child(n), FR_CELL, 0, NULL, 0};
        } else if (xmlt_is(n, NS_TABLE, "covered-table-cell")) {
            /* after a cell spanning N columns come N - 1 covered cells,
             * part of it; any other is under a cell spanning rows: an
             * empty cell of its own */
            if (st[sp].skip > 0) {
                st[sp].skip--;
            } else {
                ib_cell_begin(d->b, 1, true);
                ib_cell_end(d->b);
            }
        } else if (xmlt_is(n, NS_TEXT, "section") ||
                   xmlt_is(n, NS_TEXT, "index-body") ||
                   xmlt_is(n, NS_TEXT, "soft-page-break")) {
            if (xmlt_is(n, NS_TEXT, "soft-page-break"))
                page_break(d, false);
            else {
                st[sp + 1] =
                    (blk_frame){xmlt_first_child(n), FR_BODY, 0, NULL, 0};
                sp++;
            }
        } else if (xmlt_is(n, NS_TEXT, "tracked-changes")) {
            for (const xmlt_node *c = xmlt_first_child(n); c; c = xmlt_next(c))
                if (xmlt_is_element(c))
                    ib_drop(d->b, DROP_TRACKED);
        }
        /* text:table-of-content and other indexes: arsrapport makes its
         * own; sequence declarations, forms: nothing to import */
    }
    free(st);
}

/* --- the file ------------------------------------------------------------- */

int import_odt(ib *b, const char *path, diag_list *dl)
{
    zipread_error ze;
    zipread *z = zipread_open_file(path, NULL, &ze);
    if (!z)
        return import_zip_error(dl, path, (int)ze.status, ze.sys_errno,
                                ze.entry);
    arena *a = arena_new();
    odt d = {.b = b, .dl = dl, .path = path, .a = a, .z = z};
    size_t len = 0;
    long mi = zipread_find(z, "mimetype");
    unsigned char *mime = mi >= 0 && zipread_size(z, (size_t)mi) < 200
                              ? zipread_read(z, (size_t)mi, &len, &ze)
                              : NULL;
    if (!mime || strncmp((const char *)mime,
                         "application/vnd.oasis.opendocument.text", 39) != 0) {
        diag *x = diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-03",
                           MSG_IMP_NOT_ZIP, "OpenDocument");
        diag_hint(dl, x, MSG_IMP_CORRUPT_HINT);
        import_stop(&d.status, 2);
    }
    free(mime);
    /* encryption lives in the manifest, macros in Basic/ or Scripts/ */
    const xmlt_node *man = read_part(&d, "META-INF/manifest.xml");
    for (const xmlt_node *e = xmlt_first_child(man); e && !d.status;
         e = xmlt_next(e))
        if (xmlt_child(e, NS_MANIFEST, "encryption-data")) {
            diag *x = diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-06",
                               MSG_IMP_ENCRYPTED);
            diag_hint(dl, x, MSG_IMP_ENCRYPTED_HINT);
            import_stop(&d.status, 1);
        }
    for (size_t i = 0; i < zipread_count(z) && !d.status; i++) {
        const char *e = zipread_name(z, i);
        if (strncmp(e, "Basic/", 6) == 0 || strncmp(e, "Scripts/", 8) == 0) {
            diag *x = diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-07",
                               MSG_IMP_MACRO, "Basic");
            diag_hint(dl, x, MSG_IMP_MACRO_HINT);
            import_stop(&d.status, 1);
        }
    }
    ib_meta m = {0};
    const xmlt_node *meta = read_part(&d, "meta.xml");
    const xmlt_node *mm = xmlt_child(meta, NS_OFFICE, "meta");
    for (const xmlt_node *c = xmlt_first_child(mm); c; c = xmlt_next(c)) {
        if (xmlt_is(c, NS_DC, "title"))
            m.title = xmlt_text_content(a, c);
        else if (xmlt_is(c, NS_DC, "creator") && !m.author)
            m.author = xmlt_text_content(a, c);
        else if (xmlt_is(c, NS_META, "initial-creator"))
            m.author = xmlt_text_content(a, c);
        else if (xmlt_is(c, NS_META, "creation-date"))
            m.date = xmlt_text_content(a, c);
        else if (xmlt_is(c, NS_DC, "date") && !m.date)
            m.date = xmlt_text_content(a, c);
    }
    if (!d.status)
        ib_meta_set(b, &m);
    const xmlt_node *styles = read_part(&d, "styles.xml");
    add_styles(&d, xmlt_child(styles, NS_OFFICE, "styles"));
    add_styles(&d, xmlt_child(styles, NS_OFFICE, "automatic-styles"));
    const xmlt_node *content = read_part(&d, "content.xml");
    add_styles(&d, xmlt_child(content, NS_OFFICE, "automatic-styles"));
    const xmlt_node *text =
        xmlt_child(xmlt_child(content, NS_OFFICE, "body"), NS_OFFICE, "text");
    if (!d.status && !text) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-03", MSG_IMP_MISSING_PART,
                 "content.xml", "OpenDocument");
        import_stop(&d.status, 2);
    }
    const xmlt_node *ms = xmlt_child(styles, NS_OFFICE, "master-styles");
    for (const xmlt_node *c = ms; c && !d.status;
         c = xmlt_walk_next(c, ms, false))
        if ((xmlt_is(c, NS_STYLE, "header") ||
             xmlt_is(c, NS_STYLE, "footer")) &&
            *xmlt_text_content(a, c)) {
            ib_drop(b, DROP_HEADER_FOOTER);
            break;
        }
    if (!d.status)
        blocks(&d, text);
    int status = d.status;
    zipread_close(z);
    arena_free(a);
    return status;
}
