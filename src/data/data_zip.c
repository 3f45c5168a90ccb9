/*
 * data_zip.c: XLSX (SpreadsheetML, ECMA-376 part 1, 18) and ODS
 * (OpenDocument 1.2 spreadsheets) into a data_book (sheet.h).
 *
 * Both are zip containers of XML: src/zip opens them with its limits (a
 * zip bomb stops at the first chunk past one) and src/parse/xmltree reads
 * each part without DTDs or entities. What is taken from a cell is what
 * the application stored: the cached result of a formula (a formula
 * without one is DCELL_NOVALUE), shared and inline strings, numbers as the
 * decimal text the file holds (rounded to the 15 significant digits a
 * spreadsheet shows, so binary noise such as 0.30000000000000004 does not
 * become a figure), dates as ISO 8601 text, percentages times 100 with a
 * % sign, and the decimals the cell's number format shows. A merged range
 * (XLSX mergeCell, ODS number-columns/rows-spanned) repeats its text in
 * every cell it covers, so that a group label merged down a column
 * filters each of its rows; figures are never repeated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../parse/xmltree.h"
#include "../zip/zipread.h"
#include "sheet.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL                                                                 \
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKGREL "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_NUMBER "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"

/* --- a sheet being built --------------------------------------------------
 */

typedef struct {
    uint32_t row, col;
    data_cell cell;
} placed;

typedef struct {
    placed *v;
    size_t n, cap;
    uint32_t nrows, ncols;
    bool too_many;
} builder;

static void put(builder *b, uint32_t row, uint32_t col, data_cell c)
{
    if (b->too_many)
        return;
    if (b->n >= DATA_MAX_CELLS || row >= DATA_MAX_ROWS ||
        col >= DATA_MAX_COLS) {
        b->too_many = true;
        return;
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->v = xrealloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n++] = (placed){row, col, c};
    if (row + 1 > b->nrows)
        b->nrows = row + 1;
    if (col + 1 > b->ncols)
        b->ncols = col + 1;
}

/* The dense sheet; false when it would be too large. */
static bool finish(builder *b, const char *name, arena *a, data_sheet *s)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    if (b->too_many ||
        (uint64_t)b->nrows * (uint64_t)b->ncols > DATA_MAX_CELLS) {
        free(b->v);
        return false;
    }
    s->nrows = b->nrows;
    s->ncols = b->ncols;
    size_t cells = (size_t)b->nrows * b->ncols;
    s->cells = arena_alloc(a, (cells ? cells : 1) * sizeof *s->cells);
    for (size_t i = 0; i < cells; i++)
        s->cells[i] = (data_cell){"", DCELL_EMPTY, -1, 0};
    for (size_t i = 0; i < b->n; i++) {
        data_cell *d = &s->cells[(size_t)b->v[i].row * b->ncols + b->v[i].col];
        /* a merged range's text does not replace a cell's own content */
        if (d->kind == DCELL_EMPTY)
            *d = b->v[i].cell;
    }
    free(b->v);
    return true;
}

/* --- numbers ----------------------------------------------------------------
 */

/* The decimal text s ("1234.5", "-1.2345E-3", "0.30000000000000004") as a
 * plain decimal rounded to 15 significant digits and at most 9 decimals,
 * times 100 with a % sign when percent. NULL when s is not a number. */
static const char *plain_decimal(const char *s, bool percent, arena *a)
{
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    char dig[64];
    int nd = 0, point = -1, exp = 0;
    for (; *s && *s != 'E' && *s != 'e'; s++) {
        if (*s == '.' && point < 0) {
            point = nd;
        } else if (*s >= '0' && *s <= '9') {
            if (nd < 40)
                dig[nd++] = *s;
            else if (point < 0)
                return NULL; /* absurdly long */
        } else {
            return NULL;
        }
    }
    if (nd == 0)
        return NULL;
    if (point < 0)
        point = nd;
    if (*s) {
        char *end;
        long e = strtol(s + 1, &end, 10);
        if (*end || e > 40 || e < -40)
            return NULL;
        exp = (int)e;
    }
    if (percent)
        exp += 2;
    /* value = 0.dig * 10^(point + exp); drop leading zeros */
    int ipos = point + exp; /* digits before the decimal point */
    int lead = 0;
    while (lead < nd - 1 && dig[lead] == '0') {
        lead++;
    }
    if (lead > 0) /* valgrind 3.19 takes a fortified memmove onto itself for an
                     overlapping memcpy */
        memmove(dig, dig + lead, (size_t)(nd - lead));
    nd -= lead;
    ipos -= lead;
    /* round to 15 significant digits and to 9 decimals */
    int keep = nd;
    if (keep > 15)
        keep = 15;
    if (ipos + 9 < keep)
        keep = ipos + 9;
    if (keep < 0) {
        nd = 1;
        dig[0] = '0';
        ipos = 1;
    } else if (keep < nd) {
        bool up = dig[keep] >= '5';
        nd = keep;
        for (int i = nd - 1; up && i >= 0; i--) {
            if (dig[i] == '9') {
                dig[i] = '0';
            } else {
                dig[i]++;
                up = false;
            }
        }
        if (up) {
            memmove(dig + 1, dig, (size_t)nd);
            dig[0] = '1';
            nd++;
            ipos++;
        }
        if (nd == 0) {
            nd = 1;
            dig[0] = '0';
            ipos = 1;
        }
    }
    /* drop trailing zeros of the fraction */
    while (nd > ipos && nd > 1 && dig[nd - 1] == '0')
        nd--;
    char out[96];
    int o = 0;
    bool zero = true;
    for (int i = 0; i < nd; i++)
        zero &= dig[i] == '0';
    if (neg && !zero)
        out[o++] = '-';
    if (ipos <= 0) {
        out[o++] = '0';
    } else {
        for (int i = 0; i < ipos; i++)
            out[o++] = i < nd ? dig[i] : '0';
    }
    if (nd > ipos) {
        out[o++] = '.';
        for (int i = ipos; i < 0; i++)
            out[o++] = '0';
        for (int i = ipos > 0 ? ipos : 0; i < nd; i++)
            out[o++] = dig[i];
    }
    if (percent)
        out[o++] = '%';
    out[o] = '\0';
    return arena_strdup(a, out);
}

/* A spreadsheet serial day (1900 or 1904 system) as an ISO date. */
static const char *serial_date(const char *s, bool d1904, arena *a)
{
    double v = strtod(s, NULL);
    if (!(v >= 1 && v < 2958466)) /* up to 9999-12-31 */
        return NULL;
    long days = (long)v + (d1904 ? 1462 : 0);
    /* 1899-12-30 is day 0 of the 1900 system (its false 1900-02-29
     * included); civil_from_days (H. Hinnant) from 1970-01-01 */
    long z = days - 25569 + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    return arena_printf(a, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

/* What a number format code shows: decimals (-1: General, unknown),
 * percent, date. */
typedef struct {
    int decimals;
    bool percent, date;
} numfmt_info;

static numfmt_info format_code(const char *code)
{
    numfmt_info f = {-1, false, false};
    if (!code || strcasecmp(code, "General") == 0 ||
        strcasecmp(code, "Standard") == 0)
        return f;
    f.decimals = 0;
    bool quoted = false, bracket = false, after_point = false;
    for (const char *p = code; *p && *p != ';'; p++) {
        char c = *p;
        if (c == '"') {
            quoted = !quoted;
            continue;
        }
        if (quoted)
            continue;
        if (c == '[') {
            bracket = true;
            continue;
        }
        if (c == ']') {
            bracket = false;
            continue;
        }
        if (bracket)
            continue;
        if (c == '\\' || c == '_' || c == '*') {
            if (p[1])
                p++;
            continue;
        }
        if (c == '.')
            after_point = true;
        else if ((c == '0' || c == '#' || c == '?') && after_point)
            f.decimals++;
        else if (c == '%')
            f.percent = true;
        else if (strchr("yYdDhHsS", c) || ((c == 'm' || c == 'M')))
            f.date = true;
    }
    return f;
}

static numfmt_info builtin_format(long id)
{
    numfmt_info f = {-1, false, false};
    switch (id) {
    case 1:
    case 3:
    case 37:
    case 38:
        f.decimals = 0;
        break;
    case 2:
    case 4:
    case 39:
    case 40:
        f.decimals = 2;
        break;
    case 9:
        f.decimals = 0;
        f.percent = true;
        break;
    case 10:
        f.decimals = 2;
        f.percent = true;
        break;
    default:
        if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47))
            f.date = true;
        break;
    }
    return f;
}

/* --- the container
 * ------------------------------------------------------------
 */

typedef struct {
    zipread *z;
    const data_where *w;
    arena *a;
    bool failed;
} zctx;

static void zip_failed(zctx *c, const zipread_error *e)
{
    c->failed = true;
    msg_key key;
    const char *rule = "DATA-01";
    switch (e->status) {
    case ZIPREAD_ERR_ARCHIVE_TOO_BIG:
    case ZIPREAD_ERR_TOO_MANY_ENTRIES:
    case ZIPREAD_ERR_ENTRY_TOO_BIG:
    case ZIPREAD_ERR_TOTAL_TOO_BIG:
    case ZIPREAD_ERR_RATIO:
        key = MSG_DATA_ZIP_BOMB;
        rule = "DATA-05";
        break;
    case ZIPREAD_ERR_ENCRYPTED:
        key = MSG_DATA_ZIP_ENCRYPTED;
        break;
    case ZIPREAD_ERR_NOT_FOUND:
        key = MSG_DATA_ZIP_PART;
        break;
    default:
        key = MSG_DATA_ZIP_BROKEN;
        break;
    }
    diag *x = data_file_error(c->w, 0, 0, rule, key, c->w->fil, e->entry);
    diag_hint(c->w->dl, x, MSG_DATA_ZIP_HINT);
}

/* The XML of entry name, or NULL (reported unless optional and absent). */
static const xmlt_node *part(zctx *c, const char *name, bool optional)
{
    zipread_error e;
    memset(&e, 0, sizeof e);
    if (optional && zipread_find(c->z, name) < 0)
        return NULL;
    size_t len = 0;
    unsigned char *b = zipread_read_name(c->z, name, &len, &e);
    if (!b) {
        if (e.status == ZIPREAD_ERR_NOT_FOUND)
            snprintf(e.entry, sizeof e.entry, "%s", name);
        zip_failed(c, &e);
        return NULL;
    }
    xmltree_error xe;
    xmltree *t = xmltree_parse(c->a, (const char *)b, len, NULL, &xe);
    free(b);
    if (!t) {
        c->failed = true;
        diag *x = data_file_error(
            c->w, 0, 0,
            xe.status == XMLTREE_ERR_NOT_XML ? "DATA-01" : "DATA-05",
            MSG_DATA_ZIP_XML, c->w->fil, name, (int)xe.line);
        diag_hint(c->w->dl, x, MSG_DATA_ZIP_HINT);
        return NULL;
    }
    return xmltree_root(t);
}

/* The ISO date at the start of an element's text ("2026-09-05T..."). */
static const char *iso_prefix(arena *a, const xmlt_node *n)
{
    if (!n)
        return NULL;
    const char *t = xmlt_text_content(a, n);
    if (strlen(t) < 10 || t[4] != '-' || t[7] != '-')
        return NULL;
    return arena_strndup(a, t, 10);
}

/* The first element named name anywhere below top (any namespace). */
static const xmlt_node *find_deep(const xmlt_node *top, const char *name)
{
    for (const xmlt_node *n = xmlt_first_child(top); n;
         n = xmlt_walk_next(n, top, false))
        if (xmlt_is_element(n) && strcmp(xmlt_name(n), name) == 0)
            return n;
    return NULL;
}

/* --- XLSX
 * ---------------------------------------------------------------------
 */

/* "C12" into 0-based row and column; false when it is not a reference. */
static bool cell_ref(const char *r, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, n = 0;
    int letters = 0;
    while (*r >= 'A' && *r <= 'Z' && letters < 4) {
        c = c * 26 + (uint32_t)(*r++ - 'A' + 1);
        letters++;
    }
    int digits = 0;
    while (*r >= '0' && *r <= '9' && digits < 8) {
        n = n * 10 + (uint32_t)(*r++ - '0');
        digits++;
    }
    if (*r || letters == 0 || digits == 0 || n == 0)
        return false;
    *row = n - 1;
    *col = c - 1;
    return true;
}

/* The text of a shared string or inline string item (runs joined,
 * phonetic runs left out). */
static const char *si_text(arena *a, const xmlt_node *si)
{
    size_t cap = 64, len = 0;
    char *buf = arena_alloc(a, cap);
    buf[0] = '\0';
    for (const xmlt_node *n = xmlt_first_child(si); n;) {
        bool skip = xmlt_is_element(n) && strcmp(xmlt_name(n), "rPh") == 0;
        if (xmlt_is_element(n) && strcmp(xmlt_name(n), "t") == 0) {
            const char *t = xmlt_text_content(a, n);
            size_t k = strlen(t);
            if (len + k + 1 > cap) {
                while (len + k + 1 > cap)
                    cap *= 2;
                char *nb = arena_alloc(a, cap);
                memcpy(nb, buf, len + 1);
                buf = nb;
            }
            memcpy(buf + len, t, k + 1);
            len += k;
            skip = true;
        }
        n = xmlt_walk_next(n, si, skip);
    }
    return buf;
}

typedef struct {
    const char **shared;
    size_t nshared;
    numfmt_info *xf; /* per cellXfs index */
    size_t nxf;
    bool d1904;
} xlsx_book;

static void read_styles(zctx *c, xlsx_book *xb)
{
    const xmlt_node *st = part(c, "xl/styles.xml", true);
    if (!st)
        return;
    const xmlt_node *fmts = xmlt_child(st, NS_MAIN, "numFmts");
    const xmlt_node *xfs = xmlt_child(st, NS_MAIN, "cellXfs");
    size_t n = 0;
    for (const xmlt_node *x = xfs ? xmlt_child(xfs, NS_MAIN, "xf") : NULL; x;
         x = xmlt_next_same(x))
        n++;
    xb->xf = arena_alloc(c->a, (n + 1) * sizeof *xb->xf);
    for (const xmlt_node *x = xfs ? xmlt_child(xfs, NS_MAIN, "xf") : NULL; x;
         x = xmlt_next_same(x)) {
        const char *id = xmlt_attr(x, NULL, "numFmtId");
        long fid = id ? strtol(id, NULL, 10) : 0;
        numfmt_info f = builtin_format(fid);
        for (const xmlt_node *m = fmts ? xmlt_child(fmts, NS_MAIN, "numFmt")
                                       : NULL;
             m; m = xmlt_next_same(m)) {
            const char *mid = xmlt_attr(m, NULL, "numFmtId");
            if (mid && strtol(mid, NULL, 10) == fid)
                f = format_code(xmlt_attr(m, NULL, "formatCode"));
        }
        xb->xf[xb->nxf++] = f;
    }
}

static void read_shared(zctx *c, xlsx_book *xb)
{
    const xmlt_node *sst = part(c, "xl/sharedStrings.xml", true);
    if (!sst)
        return;
    size_t n = 0;
    for (const xmlt_node *s = xmlt_child(sst, NS_MAIN, "si"); s;
         s = xmlt_next_same(s))
        n++;
    xb->shared = arena_alloc(c->a, (n + 1) * sizeof *xb->shared);
    for (const xmlt_node *s = xmlt_child(sst, NS_MAIN, "si"); s;
         s = xmlt_next_same(s))
        xb->shared[xb->nshared++] = si_text(c->a, s);
}

/* One worksheet into s; false when it is too large (reported). */
static bool read_worksheet(zctx *c, const xlsx_book *xb, const char *name,
                           const xmlt_node *ws, data_sheet *s)
{
    builder b = {0};
    const xmlt_node *data = xmlt_child(ws, NS_MAIN, "sheetData");
    uint32_t next_row = 0;
    for (const xmlt_node *r = data ? xmlt_child(data, NS_MAIN, "row") : NULL;
         r && !b.too_many; r = xmlt_next_same(r)) {
        const char *rr = xmlt_attr(r, NULL, "r");
        uint32_t row = rr ? (uint32_t)strtoul(rr, NULL, 10) - 1 : next_row;
        next_row = row + 1;
        uint32_t next_col = 0;
        for (const xmlt_node *x = xmlt_child(r, NS_MAIN, "c"); x;
             x = xmlt_next_same(x)) {
            uint32_t crow = row, col = next_col;
            const char *ref = xmlt_attr(x, NULL, "r");
            if (ref && !cell_ref(ref, &crow, &col))
                continue;
            next_col = col + 1;
            const char *t = xmlt_attr(x, NULL, "t");
            const char *sidx = xmlt_attr(x, NULL, "s");
            const xmlt_node *v = xmlt_child(x, NS_MAIN, "v");
            const xmlt_node *f = xmlt_child(x, NS_MAIN, "f");
            const char *vt = v ? xmlt_text_content(c->a, v) : NULL;
            numfmt_info fmt = {-1, false, false};
            size_t si = sidx ? strtoul(sidx, NULL, 10) : 0;
            if (si < xb->nxf)
                fmt = xb->xf[si];
            data_cell cell = {"", DCELL_EMPTY, -1, 0};
            if (t && strcmp(t, "inlineStr") == 0) {
                const xmlt_node *is = xmlt_child(x, NS_MAIN, "is");
                cell.text = is ? si_text(c->a, is) : "";
                cell.kind = DCELL_TEXT;
            } else if (!vt || (f && !vt[0])) {
                if (f) {
                    cell.kind = DCELL_NOVALUE;
                    cell.text = xmlt_text_content(c->a, f);
                } else {
                    continue;
                }
            } else if (t && strcmp(t, "s") == 0) {
                size_t k = strtoul(vt, NULL, 10);
                cell.text = k < xb->nshared ? xb->shared[k] : "";
                cell.kind = DCELL_TEXT;
            } else if (t && (strcmp(t, "str") == 0 || strcmp(t, "d") == 0)) {
                cell.text = vt;
                cell.kind = DCELL_TEXT;
            } else if (t && strcmp(t, "e") == 0) {
                cell.text = vt;
                cell.kind = DCELL_ERROR;
            } else if (t && strcmp(t, "b") == 0) {
                cell.text = strcmp(vt, "1") == 0 ? "SANT" : "FALSKT";
                cell.kind = DCELL_TEXT;
            } else if (fmt.date) {
                const char *d = serial_date(vt, xb->d1904, c->a);
                cell.text = d ? d : vt;
                cell.kind = DCELL_TEXT;
            } else {
                const char *p = plain_decimal(vt, fmt.percent, c->a);
                if (!p) {
                    cell.text = vt;
                    cell.kind = DCELL_TEXT;
                } else {
                    cell.text = p;
                    cell.kind = DCELL_NUMBER;
                    cell.shown = (int8_t)fmt.decimals;
                }
            }
            if (cell.kind == DCELL_TEXT && !cell.text[0])
                continue;
            put(&b, crow, col, cell);
        }
    }
    /* merged ranges: the top-left cell's text in every cell */
    const xmlt_node *mc = xmlt_child(ws, NS_MAIN, "mergeCells");
    size_t nmerged = b.n;
    for (const xmlt_node *m = mc ? xmlt_child(mc, NS_MAIN, "mergeCell") : NULL;
         m && !b.too_many; m = xmlt_next_same(m)) {
        const char *ref = xmlt_attr(m, NULL, "ref");
        char a1[16], b1[16];
        uint32_t r0, c0, r1, c1;
        if (!ref || sscanf(ref, "%15[A-Z0-9]:%15[A-Z0-9]", a1, b1) != 2 ||
            !cell_ref(a1, &r0, &c0) || !cell_ref(b1, &r1, &c1) || r1 < r0 ||
            c1 < c0)
            continue;
        const data_cell *top = NULL;
        for (size_t i = 0; i < nmerged; i++)
            if (b.v[i].row == r0 && b.v[i].col == c0)
                top = &b.v[i].cell;
        if (!top || top->kind != DCELL_TEXT)
            continue;
        data_cell copy = *top;
        if ((uint64_t)(r1 - r0 + 1) * (c1 - c0 + 1) > DATA_MAX_CELLS) {
            b.too_many = true;
            break;
        }
        for (uint32_t r = r0; r <= r1 && !b.too_many; r++)
            for (uint32_t k = c0; k <= c1 && !b.too_many; k++)
                if (r != r0 || k != c0)
                    put(&b, r, k, copy);
    }
    if (!finish(&b, name, c->a, s)) {
        data_file_error(c->w, 0, 0, "DATA-05", MSG_DATA_SHEET_TOO_BIG, name,
                        c->w->fil, (int)DATA_MAX_ROWS, (int)DATA_MAX_CELLS);
        return false;
    }
    return true;
}

static bool read_xlsx(zctx *c, data_book *out)
{
    const xmlt_node *wb = part(c, "xl/workbook.xml", false);
    if (!wb)
        return false;
    xlsx_book xb = {0};
    const xmlt_node *pr = xmlt_child(wb, NS_MAIN, "workbookPr");
    const char *d1904 = pr ? xmlt_attr(pr, NULL, "date1904") : NULL;
    xb.d1904 = d1904 && (strcmp(d1904, "1") == 0 || strcmp(d1904, "true") == 0);
    read_shared(c, &xb);
    read_styles(c, &xb);
    if (c->failed)
        return false;
    const xmlt_node *rels = part(c, "xl/_rels/workbook.xml.rels", false);
    if (!rels)
        return false;
    const xmlt_node *sheets = xmlt_child(wb, NS_MAIN, "sheets");
    size_t n = 0;
    for (const xmlt_node *s = sheets ? xmlt_child(sheets, NS_MAIN, "sheet")
                                     : NULL;
         s; s = xmlt_next_same(s))
        n++;
    out->sheets = arena_alloc(c->a, (n + 1) * sizeof *out->sheets);
    for (const xmlt_node *s = sheets ? xmlt_child(sheets, NS_MAIN, "sheet")
                                     : NULL;
         s; s = xmlt_next_same(s)) {
        const char *name = xmlt_attr(s, NULL, "name");
        const char *rid = xmlt_attr(s, NS_REL, "id");
        const char *target = NULL;
        for (const xmlt_node *r = xmlt_child(rels, NS_PKGREL, "Relationship");
             r && rid; r = xmlt_next_same(r)) {
            const char *id = xmlt_attr(r, NULL, "Id");
            if (id && strcmp(id, rid) == 0)
                target = xmlt_attr(r, NULL, "Target");
        }
        if (!name || !target)
            continue;
        const char *path = target[0] == '/'
                               ? arena_strdup(c->a, target + 1)
                               : arena_printf(c->a, "xl/%s", target);
        const xmlt_node *ws = part(c, path, false);
        if (!ws)
            return false;
        if (!read_worksheet(c, &xb, name, ws, &out->sheets[out->nsheets]))
            return false;
        out->nsheets++;
    }
    const xmlt_node *core = part(c, "docProps/core.xml", true);
    if (core)
        out->date = iso_prefix(c->a, find_deep(core, "modified"));
    return !c->failed;
}

/* --- ODS
 * ----------------------------------------------------------------------
 */

/* Decimals shown by each data style ("N2" -> 2), and each cell style's
 * data style, from the automatic styles of content.xml and styles.xml. */
typedef struct {
    const char **name;
    int *decimals;
    size_t n, cap;
} ods_styles;

static void ods_add(ods_styles *o, arena *a, const char *name, int dec)
{
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 32;
        const char **nn = arena_alloc(a, o->cap * sizeof *nn);
        int *nd = arena_alloc(a, o->cap * sizeof *nd);
        if (o->n) {
            memcpy(nn, o->name, o->n * sizeof *nn);
            memcpy(nd, o->decimals, o->n * sizeof *nd);
        }
        o->name = nn;
        o->decimals = nd;
    }
    o->name[o->n] = name;
    o->decimals[o->n++] = dec;
}

static int ods_find(const ods_styles *o, const char *name)
{
    for (size_t i = 0; name && i < o->n; i++)
        if (strcmp(o->name[i], name) == 0)
            return o->decimals[i];
    return -1;
}

static void ods_read_styles(const xmlt_node *top, arena *a, ods_styles *data,
                            ods_styles *cells)
{
    if (!top)
        return;
    /* data styles first, then the cell styles that name them */
    for (int pass = 0; pass < 2; pass++)
        for (const xmlt_node *n = xmlt_first_child(top); n;
             n = xmlt_walk_next(n, top, false)) {
            if (!xmlt_is_element(n))
                continue;
            const char *nm = xmlt_attr(n, NS_STYLE, "name");
            if (pass == 0 && strcmp(xmlt_ns(n), NS_NUMBER) == 0 && nm &&
                (strcmp(xmlt_name(n), "number-style") == 0 ||
                 strcmp(xmlt_name(n), "percentage-style") == 0 ||
                 strcmp(xmlt_name(n), "currency-style") == 0)) {
                const xmlt_node *num = xmlt_child(n, NS_NUMBER, "number");
                const char *dp =
                    num ? xmlt_attr(num, NS_NUMBER, "decimal-places") : NULL;
                ods_add(data, a, nm, dp ? atoi(dp) : 0);
            } else if (pass == 1 && xmlt_is(n, NS_STYLE, "style") && nm) {
                const char *ds = xmlt_attr(n, NS_STYLE, "data-style-name");
                if (ds)
                    ods_add(cells, a, nm, ods_find(data, ds));
            }
        }
}

/* The text of an ODS cell: its text:p paragraphs joined by new lines. */
static const char *ods_text(arena *a, const xmlt_node *cell)
{
    const char *out = "";
    bool first = true;
    for (const xmlt_node *p = xmlt_child(cell, NS_TEXT, "p"); p;
         p = xmlt_next_same(p)) {
        const char *t = xmlt_text_content(a, p);
        out = first ? t : arena_printf(a, "%s\n%s", out, t);
        first = false;
    }
    return out;
}

static long repeat(const xmlt_node *n, const char *attr)
{
    const char *r = xmlt_attr(n, NS_TABLE, attr);
    long k = r ? strtol(r, NULL, 10) : 1;
    return k < 1 ? 1 : k;
}

static bool read_ods_table(zctx *c, const xmlt_node *tab,
                           const ods_styles *cells, data_sheet *s)
{
    builder b = {0};
    const char *name = xmlt_attr(tab, NS_TABLE, "name");
    uint32_t row = 0;
    /* rows may sit in table-row-group / table-header-rows / table-rows */
    for (const xmlt_node *r = xmlt_first_child(tab); r && !b.too_many;
         r = xmlt_walk_next(r, tab, xmlt_is(r, NS_TABLE, "table-row"))) {
        if (!xmlt_is(r, NS_TABLE, "table-row"))
            continue;
        long rep = repeat(r, "number-rows-repeated");
        uint32_t col = 0;
        bool any = false;
        size_t first = b.n;
        for (const xmlt_node *x = xmlt_first_child(r); x && !b.too_many;
             x = xmlt_next(x)) {
            if (!xmlt_is_element(x))
                continue;
            bool covered = xmlt_is(x, NS_TABLE, "covered-table-cell");
            if (!covered && !xmlt_is(x, NS_TABLE, "table-cell"))
                continue;
            long crep = repeat(x, "number-columns-repeated");
            const char *vt = xmlt_attr(x, NS_OFFICE, "value-type");
            const char *formula = xmlt_attr(x, NS_TABLE, "formula");
            const char *style = xmlt_attr(x, NS_TABLE, "style-name");
            data_cell cell = {"", DCELL_EMPTY, -1, 0};
            if (covered) {
                /* filled from the spanning cell below */
            } else if (vt && (strcmp(vt, "float") == 0 ||
                              strcmp(vt, "currency") == 0 ||
                              strcmp(vt, "percentage") == 0)) {
                const char *v = xmlt_attr(x, NS_OFFICE, "value");
                const char *p =
                    v ? plain_decimal(v, strcmp(vt, "percentage") == 0, c->a)
                      : NULL;
                if (p) {
                    cell.text = p;
                    cell.kind = DCELL_NUMBER;
                    cell.shown = (int8_t)ods_find(cells, style);
                } else {
                    cell.text = ods_text(c->a, x);
                    cell.kind = DCELL_TEXT;
                }
            } else if (vt && strcmp(vt, "date") == 0) {
                const char *d = xmlt_attr(x, NS_OFFICE, "date-value");
                cell.text = d ? arena_strndup(c->a, d, 10) : "";
                cell.kind = DCELL_TEXT;
            } else if (vt) {
                cell.text = ods_text(c->a, x);
                cell.kind = DCELL_TEXT;
            } else if (formula) {
                cell.text = formula;
                cell.kind = DCELL_NOVALUE;
            }
            if (cell.kind == DCELL_TEXT && !cell.text[0])
                cell.kind = DCELL_EMPTY;
            if (cell.kind != DCELL_EMPTY) {
                any = true;
                if (crep > (long)DATA_MAX_COLS) {
                    b.too_many = true;
                    break;
                }
                for (long k = 0; k < crep; k++)
                    put(&b, row, col + (uint32_t)k, cell);
                /* a spanning text cell repeats its text (covered cells) */
                long cs = repeat(x, "number-columns-spanned");
                long rs = repeat(x, "number-rows-spanned");
                if (cell.kind == DCELL_TEXT && (cs > 1 || rs > 1)) {
                    if (cs * rs > (long)DATA_MAX_CELLS) {
                        b.too_many = true;
                        break;
                    }
                    for (long i = 0; i < rs; i++)
                        for (long k = 0; k < cs; k++)
                            if (i || k)
                                put(&b, row + (uint32_t)i, col + (uint32_t)k,
                                    cell);
                }
            }
            if (crep > (long)DATA_MAX_COLS || col + (uint64_t)crep > UINT32_MAX)
                crep = DATA_MAX_COLS;
            col += (uint32_t)crep;
        }
        if (any && rep > 1) {
            /* a repeated row with content: each repeat is a row */
            if (rep > (long)DATA_MAX_ROWS) {
                b.too_many = true;
                break;
            }
            size_t last = b.n;
            for (long k = 1; k < rep && !b.too_many; k++)
                for (size_t i = first; i < last && !b.too_many; i++)
                    put(&b, row + (uint32_t)k, b.v[i].col, b.v[i].cell);
        }
        /* empty repeated rows (often a million at the end) cost nothing */
        if (row + (uint64_t)rep > UINT32_MAX / 2)
            break;
        row += (uint32_t)rep;
    }
    if (!finish(&b, name ? name : "", c->a, s)) {
        data_file_error(c->w, 0, 0, "DATA-05", MSG_DATA_SHEET_TOO_BIG,
                        name ? name : "", c->w->fil, (int)DATA_MAX_ROWS,
                        (int)DATA_MAX_CELLS);
        return false;
    }
    return true;
}

static bool read_ods(zctx *c, data_book *out)
{
    const xmlt_node *content = part(c, "content.xml", false);
    if (!content)
        return false;
    ods_styles data = {0}, cells = {0};
    ods_read_styles(part(c, "styles.xml", true), c->a, &data, &cells);
    ods_read_styles(xmlt_child(content, NS_OFFICE, "automatic-styles"), c->a,
                    &data, &cells);
    const xmlt_node *body = xmlt_child(content, NS_OFFICE, "body");
    const xmlt_node *ss =
        body ? xmlt_child(body, NS_OFFICE, "spreadsheet") : NULL;
    size_t n = 0;
    for (const xmlt_node *t = ss ? xmlt_child(ss, NS_TABLE, "table") : NULL; t;
         t = xmlt_next_same(t))
        n++;
    out->sheets = arena_alloc(c->a, (n + 1) * sizeof *out->sheets);
    for (const xmlt_node *t = ss ? xmlt_child(ss, NS_TABLE, "table") : NULL; t;
         t = xmlt_next_same(t)) {
        if (!read_ods_table(c, t, &cells, &out->sheets[out->nsheets]))
            return false;
        out->nsheets++;
    }
    const xmlt_node *meta = part(c, "meta.xml", true);
    if (meta) {
        const char *d = iso_prefix(c->a, find_deep(meta, "date"));
        out->date = d ? d : iso_prefix(c->a, find_deep(meta, "creation-date"));
    }
    return !c->failed;
}

bool data_read_zip(const unsigned char *b, size_t n, bool ods,
                   const data_where *w, arena *a, data_book *out)
{
    zipread_error e;
    memset(&e, 0, sizeof e);
    zctx c = {NULL, w, a, false};
    c.z = zipread_open_memory(b, n, NULL, &e);
    if (!c.z) {
        zip_failed(&c, &e);
        return false;
    }
    bool ok = ods ? read_ods(&c, out) : read_xlsx(&c, out);
    zipread_close(c.z);
    return ok;
}
