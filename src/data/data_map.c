/*
 * data_map.c: a table's rows from a file, into the model (data.h).
 *
 * For each tabell with data=: the file is resolved like an image (inside
 * the document's folder or an allowed one), read whole (at most
 * DATA_MAX_FILE_BYTES) and handed to its reader by its name (.csv .txt
 * .tsv .xlsx .ods .se .si .sie) or, failing that, its first bytes. Then:
 *
 *   sheets (CSV, XLSX, ODS)  the sheet (blad), the header row (rubrikrad,
 *       default 1), each kolumn's source column (fran: header text or
 *       letter), the body rows below the header (rows empty in every mapped
 *       column skipped, rows matching the table's utom left out), every
 *       figure read strictly column by column (numread.h), and the rows
 *       made where the table asks: all of them when the table names none,
 *       the rows matching a grupp's lika/utom inside it, one row per rad
 *       with lika (matching rows added up), a summa with lika taking the
 *       file's own total row as its stated figures (checked against the
 *       computed total by SUM-01).
 *   SIE  columns fran="utfall" (#PSALDO over perioder, or #RES), "budget"
 *       (#PBUDGET over perioder), "konto", "namn"; a rad with konto (and
 *       objekt) is one row of those accounts added up, a grupp with konto
 *       one row per account.
 *
 * Made rows carry the line and column of the element that asked for them.
 * A figure is written into its cell as the reader will see it: in the
 * table's unit (dataenhet="kr" in a tkr table divides by 1000) and rounded
 * to the column's decimals, so printed rows and computed totals agree.
 */
#include "data.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/numfmt.h"
#include "../common/numread.h"
#include "../common/utf8.h"
#include "../resolve/resolve.h"
#include "sheet.h"
#include "sie.h"

#define MAX_CELL_ERRORS 20 /* per table; then one line says more follow */

/* --- small helpers ---------------------------------------------------------
 */

void data_cell_name(uint32_t row, uint32_t col, char *out, size_t size)
{
    char letters[8];
    int n = 0;
    uint32_t c = col + 1;
    while (c > 0 && n < 7) {
        uint32_t r = (c - 1) % 26;
        letters[n++] = (char)('A' + r);
        c = (c - 1) / 26;
    }
    /* by hand, not snprintf: it runs for every figure read */
    char buf[24];
    int k = 0;
    for (int i = n - 1; i >= 0; i--)
        buf[k++] = letters[i];
    char digits[12];
    int nd = 0;
    uint32_t r = row + 1;
    do {
        digits[nd++] = (char)('0' + r % 10);
        r /= 10;
    } while (r);
    while (nd > 0)
        buf[k++] = digits[--nd];
    if (size == 0)
        return;
    size_t len = (size_t)k < size - 1 ? (size_t)k : size - 1;
    memcpy(out, buf, len);
    out[len] = '\0';
}

/* A diagnostic at a place in the data file (not the document). */
static diag *file_diag(const data_where *w, diag_severity sev, uint32_t line,
                       uint32_t col, const char *rule, msg_key key, va_list ap)
{
    char buf[1024];
    vsnprintf(buf, sizeof buf, msg_text(diag_list_lang(w->dl), key), ap);
    return diag_add(w->dl, sev, w->data_file, line, col, rule, MSG_DATA_RAW,
                    buf);
}

diag *data_file_error(const data_where *w, uint32_t line, uint32_t col,
                      const char *rule, msg_key key, ...)
{
    va_list ap;
    va_start(ap, key);
    diag *d = file_diag(w, DIAG_ERROR, line, col, rule, key, ap);
    va_end(ap);
    return d;
}

static diag *warn_file(const data_where *w, uint32_t line, uint32_t col,
                       const char *rule, msg_key key, ...)
{
    va_list ap;
    va_start(ap, key);
    diag *d = file_diag(w, DIAG_WARNING, line, col, rule, key, ap);
    va_end(ap);
    return d;
}

/* s without surrounding white space, in a. */
static const char *trimmed(arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                     s[n - 1] == '\n'))
        n--;
    return arena_strndup(a, s, n);
}

/* Equal when the same after trimming, ASCII letters in any case. */
static bool same_name(const char *a, const char *b)
{
    while (*a == ' ')
        a++;
    while (*b == ' ')
        b++;
    size_t na = strlen(a), nb = strlen(b);
    while (na && a[na - 1] == ' ')
        na--;
    while (nb && b[nb - 1] == ' ')
        nb--;
    return na == nb && strncasecmp(a, b, na) == 0;
}

/* Edit distance of two short strings (ASCII case folded); a large number
 * for long ones. */
static size_t distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 64 || nb > 64)
        return 1000;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            int ca = a[i - 1], cb = b[j - 1];
            if (ca >= 'A' && ca <= 'Z')
                ca += 32;
            if (cb >= 'A' && cb <= 'Z')
                cb += 32;
            size_t best = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
        memcpy(prev, cur, (nb + 1) * sizeof *cur);
    }
    return prev[nb];
}

/* Collects candidate names: the nearest one and a list for the hint. */
typedef struct {
    const char *want;
    const char *best;
    size_t best_d;
    char list[512];
    size_t nlist;
} near_names;

static void near_init(near_names *nn, const char *want)
{
    memset(nn, 0, sizeof *nn);
    nn->want = want;
    nn->best_d = (size_t)-1;
}

static void near_add(near_names *nn, const char *name)
{
    if (!name || !name[0])
        return;
    size_t d = distance(nn->want, name);
    /* a name that contains what was asked for is near too */
    if (strstr(name, nn->want) || strstr(nn->want, name))
        d = d < 2 ? d : 2;
    if (d < nn->best_d ||
        (d == nn->best_d && nn->best && strcmp(name, nn->best) < 0)) {
        nn->best_d = d;
        nn->best = name;
    }
    size_t used = strlen(nn->list);
    if (nn->nlist < 12 && used + strlen(name) + 5 < sizeof nn->list) {
        snprintf(nn->list + used, sizeof nn->list - used, "%s\"%s\"",
                 nn->nlist ? ", " : "", name);
    } else if (nn->nlist == 12 && used + 6 < sizeof nn->list) {
        strcat(nn->list, ", …");
    }
    nn->nlist++;
}

/* The nearest name when near enough to be what was meant. */
static const char *near_best(const near_names *nn)
{
    size_t len = strlen(nn->want);
    size_t limit = len / 3 > 2 ? len / 3 : 2;
    return nn->best && nn->best_d <= limit ? nn->best : NULL;
}

static void near_hint(diag_list *dl, diag *x, const near_names *nn)
{
    const char *best = near_best(nn);
    if (best)
        diag_hint(dl, x, MSG_DATA_NEAR, best, nn->list);
    else if (nn->nlist)
        diag_hint(dl, x, MSG_DATA_NAMES, nn->list);
}

/* A value matches a pattern list: items separated by '|', each exact
 * (ASCII case folded, white space around ignored) or, ending in '*', a
 * prefix. */
static bool matches(const char *pats, const char *val)
{
    while (*val == ' ')
        val++;
    size_t nv = strlen(val);
    while (nv && val[nv - 1] == ' ')
        nv--;
    const char *p = pats;
    for (;;) {
        const char *e = strchr(p, '|');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *s = p;
        while (n && *s == ' ')
            s++, n--;
        while (n && s[n - 1] == ' ')
            n--;
        if (n && s[n - 1] == '*') {
            if (nv >= n - 1 && strncasecmp(s, val, n - 1) == 0)
                return true;
        } else if (n == nv && strncasecmp(s, val, n) == 0) {
            return true;
        }
        if (!e)
            return false;
        p = e + 1;
    }
}

/* --- the file ----------------------------------------------------------------
 */

typedef enum { FMT_CSV, FMT_TSV, FMT_XLSX, FMT_ODS, FMT_SIE } data_format;

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcasecmp(s + n - k, suf) == 0;
}

/* True when b[0..n) contains the string s. */
static bool bytes_contain(const unsigned char *b, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(b + i, s, k) == 0)
            return true;
    return false;
}

static data_format format_of(const char *fil, const unsigned char *b, size_t n)
{
    if (ends_with(fil, ".tsv") || ends_with(fil, ".tab"))
        return FMT_TSV;
    if (ends_with(fil, ".xlsx") || ends_with(fil, ".xlsm"))
        return FMT_XLSX;
    if (ends_with(fil, ".ods"))
        return FMT_ODS;
    if (ends_with(fil, ".se") || ends_with(fil, ".si") ||
        ends_with(fil, ".sie"))
        return FMT_SIE;
    if (ends_with(fil, ".csv") || ends_with(fil, ".txt"))
        return FMT_CSV;
    if (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) {
        /* an ODS names its type in the first entry, "mimetype" */
        return n > 80 && bytes_contain(b, 80, "opendocument") ? FMT_ODS
                                                              : FMT_XLSX;
    }
    if (n >= 7 && bytes_contain(b, n < 512 ? n : 512, "#FLAGGA"))
        return FMT_SIE;
    return FMT_CSV;
}

/* The path to open for fil, or NULL (reported at the element). */
static const char *resolve_path(const path_policy *pp, const char *dir,
                                const char *fil, arena *a, const data_where *w)
{
    /* refused as written (pathpolicy.h): empty, absolute, "..", unless
     * folders are allowed (--tillat-sokvag): then where it leads counts */
    const char *path;
    char real[PATH_MAX];
    path_verdict v =
        path_policy_resolve(pp, dir, fil, a, &path, real, sizeof real);
    if (v == PATH_REFUSED || v == PATH_OUTSIDE) {
        diag *x = diag_add(w->dl, DIAG_ERROR, w->doc_file, w->line, w->col,
                           "DATA-01", MSG_DATA_PATH, fil);
        diag_hint(w->dl, x, MSG_DATA_PATH_HINT);
    }
    return path;
}

/* Names of files beside a missing one, for "menade du" (at most 500
 * looked at). */
static void near_files(near_names *nn, const char *dir, const char *fil,
                       arena *a)
{
    const char *slash = strrchr(fil, '/');
    const char *sub = slash ? arena_strndup(a, fil, (size_t)(slash - fil)) : "";
    bool here = !dir || !dir[0] || strcmp(dir, ".") == 0;
    const char *folder = sub[0]
                             ? (here ? sub : arena_printf(a, "%s/%s", dir, sub))
                             : (here ? "." : dir);
    DIR *dp = opendir(folder);
    if (!dp)
        return;
    struct dirent *e;
    for (int k = 0; k < 500 && (e = readdir(dp)) != NULL; k++) {
        if (e->d_name[0] == '.')
            continue;
        near_add(nn, sub[0] ? arena_printf(a, "%s/%s", sub, e->d_name)
                            : arena_strdup(a, e->d_name));
    }
    closedir(dp);
}

/* Reads the whole file at path (at most DATA_MAX_FILE_BYTES); NULL when it
 * cannot (reported at the element). *date gets its modification date. */
static unsigned char *read_whole(const char *path, const data_where *w,
                                 const char *dir, arena *a, size_t *len,
                                 const char **date)
{
    bool irregular = false;
    FILE *f = open_regular_file(path, &irregular);
    if (!f) {
        int e = errno;
        diag *x;
        if (irregular) {
            x = diag_add(w->dl, DIAG_ERROR, w->doc_file, w->line, w->col,
                         "DATA-01", MSG_DATA_NOT_FILE, w->fil);
        } else {
            x = diag_add(w->dl, DIAG_ERROR, w->doc_file, w->line, w->col,
                         "DATA-01", MSG_DATA_OPEN, w->fil,
                         msg_errno(diag_list_lang(w->dl), e));
            if (e == ENOENT) {
                near_names nn;
                near_init(&nn, w->fil);
                near_files(&nn, dir, w->fil, a);
                const char *best = near_best(&nn);
                if (best)
                    diag_hint(w->dl, x, MSG_DATA_NEAR, best, nn.list);
                else
                    diag_hint(w->dl, x, MSG_DATA_OPEN_HINT);
            }
        }
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        fclose(f);
        return NULL;
    }
    if ((uintmax_t)st.st_size > DATA_MAX_FILE_BYTES) {
        diag *x = diag_add(w->dl, DIAG_ERROR, w->doc_file, w->line, w->col,
                           "DATA-05", MSG_DATA_TOO_BIG, w->fil,
                           (int)(DATA_MAX_FILE_BYTES / (1024 * 1024)));
        diag_hint(w->dl, x, MSG_DATA_TOO_MANY_HINT);
        fclose(f);
        return NULL;
    }
    struct tm tm;
    time_t t = st.st_mtime;
    if (gmtime_r(&t, &tm))
        *date = arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900,
                             tm.tm_mon + 1, tm.tm_mday);
    size_t cap = (size_t)st.st_size;
    unsigned char *buf = xmalloc(cap + 1);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* --- the model ---------------------------------------------------------------
 */

typedef struct {
    doc *d;
    diag_list *dl;
    arena *a; /* this table's scratch */
    data_where w;
    int cell_errors;
    char num[64]; /* value_text's figure, copied by add_cell at once */
} mctx;

static doc_node *new_row(mctx *m, const doc_node *at)
{
    return doc_node_new(m->d, DOC_ROW, doc_node_line(at), doc_node_col(at));
}

/* A cell holding text (NULL: an empty cell), white space around it
 * dropped; the text is copied into the document. */
static void add_cell(mctx *m, doc_node *row, const char *text)
{
    doc_node *c =
        doc_node_new(m->d, DOC_CELL, doc_node_line(row), doc_node_col(row));
    doc_node_append_child(row, c);
    if (!text)
        return;
    while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t' ||
                     text[n - 1] == '\r' || text[n - 1] == '\n'))
        n--;
    if (n == 0)
        return;
    doc_node *t =
        doc_node_new(m->d, DOC_TEXT, doc_node_line(row), doc_node_col(row));
    doc_node_set_text(m->d, t, text, n);
    doc_node_append_child(c, t);
}

static int count_cells(const doc_node *row)
{
    int n = 0;
    for (const doc_node *c = doc_node_first_child(row); c; c = doc_node_next(c))
        if (doc_node_kind(c) == DOC_CELL)
            n += doc_cell_span(c);
    return n;
}

/* Where rows made for container go: before its summa (or the tabell's
 * kalla); NULL for its end. Found once per container, so that a hundred
 * thousand rows cost no search each. */
static doc_node *row_anchor(doc_node *container)
{
    for (doc_node *c = doc_node_first_child(container); c; c = doc_node_next(c))
        if (doc_node_kind(c) == DOC_SUMROW || doc_node_kind(c) == DOC_SOURCE)
            return c;
    return NULL;
}

static void place_row(doc_node *container, doc_node *anchor, doc_node *row)
{
    if (anchor)
        doc_node_insert_before(anchor, row);
    else
        doc_node_append_child(container, row);
}

/* One column of the table as the file fills it. */
typedef enum {
    SRC_NONE,   /* no fran: empty, or computed (formel) */
    SRC_COLUMN, /* a sheet's column */
    SRC_UTFALL, /* SIE: #PSALDO over the periods, or #RES */
    SRC_BUDGET, /* SIE: #PBUDGET over the periods */
    SRC_KONTO,  /* SIE: the account number */
    SRC_NAMN    /* SIE: the account's name */
} src_kind;

typedef struct {
    doc_node *node;
    bool numeric, percent;
    src_kind src;
    uint32_t col;          /* SRC_COLUMN: the sheet's column */
    int declared;          /* decimaler, or -1 */
    int shown;             /* decimals printed */
    num_conv conv;         /* the convention its text figures settle on */
    uint32_t p_from, p_to; /* SIE periods (YYYYMM), 0 when none */
    int year;              /* SIE årsnr */
} colmap;

/* The unit shift: decimals to move a file figure by to get the table's
 * unit (3 for dataenhet="kr" in a tkr table). False when the units are
 * not ones this knows (reported). */
static int unit_power(const char *u)
{
    if (!u)
        return -1;
    if (strcasecmp(u, "kr") == 0 || strcasecmp(u, "kronor") == 0)
        return 0;
    if (strcasecmp(u, "tkr") == 0)
        return 3;
    if (strcasecmp(u, "mnkr") == 0 || strcasecmp(u, "mkr") == 0)
        return 6;
    return -1;
}

static bool unit_shift(mctx *m, const doc_node *t, int *shift)
{
    *shift = 0;
    const char *from = doc_node_attr(t, "dataenhet");
    if (!from)
        return true;
    const char *to = doc_node_attr(t, "enhet");
    int pf = unit_power(from), pt = unit_power(to ? to : "kr");
    if (pf < 0 || pt < 0 || pt < pf) {
        diag *x = diag_add(m->dl, DIAG_ERROR, m->w.doc_file, doc_node_line(t),
                           doc_node_col(t), "DATA-03", MSG_DATA_UNIT, from,
                           to ? to : "kr");
        diag_hint(m->dl, x, MSG_DATA_UNIT_HINT);
        return false;
    }
    *shift = pt - pf;
    return true;
}

/* v moved by shift decimals and rounded to dec decimals; false when it
 * leaves the limits. */
static bool to_table_unit(num_value *v, int shift, int dec)
{
    if (v->kind != NUM_VALUE || (shift == 0 && v->scale == dec))
        return true; /* already in the table's unit and decimals */
    num_wide mant = v->mant;
    int scale = v->scale;
    if (scale + shift > NUM_MAX_DECIMALS) {
        mant = num_rescale(mant, scale, NUM_MAX_DECIMALS - shift);
        scale = NUM_MAX_DECIMALS - shift;
    }
    scale += shift;
    mant = num_rescale(mant, scale, dec);
    if (!num_fits(mant, dec))
        return false;
    v->mant = (int64_t)mant;
    v->scale = dec;
    return true;
}

/* The text a cell gets for v in column c: in m->num (valid until the
 * next call) or a static mark; NULL for none. */
/* A whole number the Swedish way (U+2212, no-break spaces between groups
 * of three) into out (32 bytes at least), without printf: a hundred
 * thousand rows print four hundred thousand figures. */
static const char *whole_number(int64_t v, char *out)
{
    char digits[24];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    char *o = out;
    if (v < 0) {
        memcpy(o, "\xe2\x88\x92", 3);
        o += 3;
    }
    for (int i = n - 1; i >= 0; i--) {
        *o++ = digits[i];
        if (i > 0 && i % 3 == 0) {
            memcpy(o, "\xc2\xa0", 2);
            o += 2;
        }
    }
    *o = '\0';
    return out;
}

static const char *value_text(mctx *m, const colmap *c, const num_value *v)
{
    switch (v->kind) {
    case NUM_VALUE:
        if (v->scale == 0 && c->shown == 0 && !c->percent && !v->percent)
            return whole_number(v->mant, m->num);
        return num_format(v->mant, v->scale, c->shown, c->percent || v->percent,
                          m->num, sizeof m->num);
    case NUM_MISSING:
        return "-";
    case NUM_NA:
        return ".";
    case NUM_SECRET:
        return "..";
    default:
        return NULL;
    }
}

/* A whole-number attribute within [lo, hi], or def. */
static long int_attr(const doc_node *n, const char *name, long def, long lo,
                     long hi)
{
    const char *s = doc_node_attr(n, name);
    if (!s)
        return def;
    char *end;
    long v = strtol(s, &end, 10);
    return *end || v < lo || v > hi ? def : v;
}

/* The period range "202601-202608" or "202601" into [*from, *to]. */
static bool periods(const char *s, uint32_t *from, uint32_t *to)
{
    unsigned a, b;
    int n = 0;
    if (sscanf(s, "%6u-%6u%n", &a, &b, &n) == 2 && s[n] == '\0') {
    } else if (sscanf(s, "%6u%n", &a, &n) == 1 && s[n] == '\0') {
        b = a;
    } else {
        return false;
    }
    if (a < 100001 || b < a || a % 100 < 1 || a % 100 > 13 || b % 100 < 1 ||
        b % 100 > 13)
        return false;
    *from = a;
    *to = b;
    return true;
}

/* --- sheets ------------------------------------------------------------------
 */

typedef struct {
    mctx *m;
    doc_node *t;
    const data_book *bk;
    const data_sheet *sh;
    uint32_t head;
    uint32_t *body; /* sheet rows of the body */
    size_t nbody;
    colmap *cols;
    int ncols;
    int key;         /* the default filter column of the sheet, or -1 */
    num_value *vals; /* nbody * ncols */
    bool *used;      /* body rows a summa with lika took as its total */
} smap;

/* Where a diagnostic about cell (r, c) of the sheet goes: for CSV the line
 * and field number, else row and column. */
static void cell_pos(const smap *s, uint32_t r, uint32_t c, uint32_t *line,
                     uint32_t *col)
{
    const data_cell *x = data_sheet_cell(s->sh, r, c);
    *line = s->bk->positions_are_lines && x && x->line ? x->line : r + 1;
    *col = c + 1;
}

static bool too_many_errors(mctx *m)
{
    if (m->cell_errors++ < MAX_CELL_ERRORS)
        return false;
    if (m->cell_errors == MAX_CELL_ERRORS + 1)
        data_file_error(&m->w, 0, 0, "DATA-04", MSG_DATA_MORE_ERRORS,
                        MAX_CELL_ERRORS);
    return true;
}

/* The sheet column fran names (header text, else letters); -1 when none
 * (reported at the element n when report). */
static long find_column(smap *s, const char *fran, const doc_node *n,
                        bool report)
{
    for (uint32_t c = 0; c < s->sh->ncols; c++) {
        const data_cell *x = data_sheet_cell(s->sh, s->head, c);
        if (x && x->kind != DCELL_EMPTY && same_name(x->text, fran))
            return c;
    }
    size_t len = strlen(fran);
    bool letters = len >= 1 && len <= 3;
    for (size_t i = 0; i < len && letters; i++)
        letters = (fran[i] >= 'A' && fran[i] <= 'Z');
    if (letters) {
        long c = 0;
        for (size_t i = 0; i < len; i++)
            c = c * 26 + (fran[i] - 'A' + 1);
        if (c - 1 < (long)s->sh->ncols)
            return c - 1;
    }
    if (report) {
        near_names nn;
        near_init(&nn, fran);
        for (uint32_t c = 0; c < s->sh->ncols; c++) {
            const data_cell *x = data_sheet_cell(s->sh, s->head, c);
            if (x && x->kind != DCELL_EMPTY)
                near_add(&nn, trimmed(s->m->a, x->text));
        }
        diag *x = diag_add(s->m->dl, DIAG_ERROR, s->m->w.doc_file,
                           doc_node_line(n), doc_node_col(n), "DATA-03",
                           letters ? MSG_DATA_NO_LETTER : MSG_DATA_NO_COLUMN,
                           fran, s->m->w.fil, (int)s->sh->ncols);
        near_hint(s->m->dl, x, &nn);
    }
    return -1;
}

static bool row_empty(const smap *s, uint32_t r)
{
    for (int k = 0; k < s->ncols; k++) {
        if (s->cols[k].src != SRC_COLUMN)
            continue;
        const data_cell *x = data_sheet_cell(s->sh, r, s->cols[k].col);
        if (x && x->kind != DCELL_EMPTY && x->text[0])
            return false;
    }
    return true;
}

static const char *cell_text(const smap *s, uint32_t r, long c)
{
    const data_cell *x = c >= 0 ? data_sheet_cell(s->sh, r, (uint32_t)c) : NULL;
    return x ? x->text : "";
}

/* Reads the figures of numeric column k strictly into s->vals. */
static void read_column(smap *s, int k, int shift)
{
    mctx *m = s->m;
    colmap *c = &s->cols[k];
    const char *label = doc_node_attr(c->node, "fran");
    /* pass 1: which convention the text figures settle on */
    num_conv conv = NUMCONV_NONE;
    long first_sv = -1, first_en = -1;
    for (size_t i = 0; i < s->nbody; i++) {
        const data_cell *x = data_sheet_cell(s->sh, s->body[i], c->col);
        if (!x || x->kind != DCELL_TEXT || numread_neutral(x->text))
            continue;
        num_readings r = num_read_both(x->text);
        if (r.only == NUMCONV_SV && first_sv < 0)
            first_sv = (long)i;
        if (r.only == NUMCONV_EN && first_en < 0)
            first_en = (long)i;
        conv = numread_vote(conv, &r);
    }
    if (c->declared >= 0 && conv == NUMCONV_NONE)
        conv = NUMCONV_NONE; /* decimaler does not say which mark */
    if (conv == NUMCONV_MIXED) {
        uint32_t ra = s->body[first_sv], rb = s->body[first_en];
        char na[16], nb[16];
        data_cell_name(ra, c->col, na, sizeof na);
        data_cell_name(rb, c->col, nb, sizeof nb);
        uint32_t line, col;
        cell_pos(s, rb > ra ? rb : ra, c->col, &line, &col);
        diag *x =
            data_file_error(&m->w, line, col, "TAL-02", MSG_NUM_MIXED, label,
                            data_sheet_cell(s->sh, ra, c->col)->text, na,
                            data_sheet_cell(s->sh, rb, c->col)->text, nb);
        diag_hint(m->dl, x, MSG_NUM_MIXED_HINT);
        m->cell_errors++;
    }
    /* pass 2: the values */
    int most = 0;
    size_t over = 0;
    long first_over = -1;
    for (size_t i = 0; i < s->nbody; i++) {
        uint32_t r = s->body[i];
        const data_cell *x = data_sheet_cell(s->sh, r, c->col);
        num_value *v = &s->vals[i * (size_t)s->ncols + (size_t)k];
        memset(v, 0, sizeof *v);
        v->kind = NUM_EMPTY;
        if (!x || x->kind == DCELL_EMPTY)
            continue;
        /* the cell's name and place, for messages only (most cells have
         * none: worked out when one is written) */
        char name[16];
        uint32_t line, col;
#define CELL_WHERE()                                                           \
    (data_cell_name(r, c->col, name, sizeof name),                             \
     cell_pos(s, r, c->col, &line, &col))
        if (x->kind == DCELL_NOVALUE || x->kind == DCELL_ERROR) {
            v->kind = NUM_INVALID;
            if (!too_many_errors(m)) {
                CELL_WHERE();
                diag *e =
                    data_file_error(&m->w, line, col, "DATA-04",
                                    x->kind == DCELL_NOVALUE ? MSG_DATA_NOVALUE
                                                             : MSG_DATA_ERRVAL,
                                    name, x->text);
                diag_hint(m->dl, e,
                          x->kind == DCELL_NOVALUE ? MSG_DATA_NOVALUE_HINT
                                                   : MSG_DATA_ERRVAL_HINT);
            }
            continue;
        }
        num_readings rd = num_read_both(x->text);
        int shown = -1;
        if (x->kind == DCELL_NUMBER) {
            *v = rd.en.kind == NUM_VALUE ? rd.en : rd.sv;
            shown = x->shown;
        } else if (rd.ambiguous && (conv == NUMCONV_NONE)) {
            v->kind = NUM_INVALID;
            if (!too_many_errors(m)) {
                CELL_WHERE();
                char a[64], b[64];
                numread_describe(&rd.sv, a, sizeof a);
                numread_describe(&rd.en, b, sizeof b);
                diag *e = data_file_error(&m->w, line, col, "TAL-01",
                                          MSG_NUM_AMBIGUOUS_CELL, x->text, name,
                                          label, a, b);
                diag_hint(m->dl, e, MSG_NUM_AMBIGUOUS_HINT);
            }
            continue;
        } else {
            conv = conv == NUMCONV_MIXED ? rd.only : conv;
            *v = num_read_value(&rd, conv);
        }
        if (v->kind == NUM_INVALID) {
            if (!too_many_errors(m)) {
                CELL_WHERE();
                diag *e = data_file_error(
                    &m->w, line, col, v->too_large ? "TAB-05" : "DATA-04",
                    v->too_large ? MSG_DATA_TOO_LARGE : MSG_DATA_NOT_NUMBER,
                    name, x->text, label);
                diag_hint(m->dl, e,
                          v->too_large ? MSG_NUM_TOO_LARGE_HINT
                                       : MSG_VAL_BAD_NUMBER_HINT);
            }
            continue;
        }
        if (v->kind != NUM_VALUE)
            continue;
        if (v->percent)
            c->percent = true;
        int sh = shown >= 0 ? shown : v->scale;
        if (sh > most)
            most = sh;
        if (v->scale > (shown >= 0 ? shown : v->scale) ||
            (c->declared >= 0 && v->scale > c->declared + shift)) {
            if (first_over < 0)
                first_over = (long)i;
            over++;
        }
    }
#undef CELL_WHERE
    c->conv = conv;
    c->shown =
        c->declared >= 0 ? c->declared : (most - shift > 0 ? most - shift : 0);
    if (c->shown > 6)
        c->shown = 6;
    if (c->declared < 0) {
        char dec[8];
        snprintf(dec, sizeof dec, "%d", c->shown);
        doc_node_set_attr(m->d, c->node, "decimaler", dec);
    }
    /* TAL-03: decimals the table will not show (not for a unit change,
     * whose rounding is the point) */
    if (over > 0 && shift == 0) {
        uint32_t r = s->body[first_over];
        const data_cell *x = data_sheet_cell(s->sh, r, c->col);
        num_value v =
            s->vals[(size_t)first_over * (size_t)s->ncols + (size_t)k];
        char name[16], shown_txt[64];
        data_cell_name(r, c->col, name, sizeof name);
        num_format(v.mant, v.scale, c->shown, false, shown_txt,
                   sizeof shown_txt);
        uint32_t line, col;
        cell_pos(s, r, c->col, &line, &col);
        diag *e =
            warn_file(&m->w, line, col, "TAL-03", MSG_NUM_DECIMALS, x->text,
                      name, label, c->shown, shown_txt, (int)over);
        diag_hint(m->dl, e, MSG_NUM_DECIMALS_HINT);
    }
    /* into the table's unit, at the decimals shown */
    for (size_t i = 0; i < s->nbody; i++) {
        num_value *v = &s->vals[i * (size_t)s->ncols + (size_t)k];
        if (!to_table_unit(v, shift, c->shown)) {
            v->kind = NUM_INVALID;
            if (!too_many_errors(m)) {
                char name[16];
                data_cell_name(s->body[i], c->col, name, sizeof name);
                uint32_t line, col;
                cell_pos(s, s->body[i], c->col, &line, &col);
                data_file_error(&m->w, line, col, "TAB-05", MSG_DATA_TOO_LARGE,
                                name, cell_text(s, s->body[i], c->col), label);
            }
        }
    }
}

/* The row for body row i. */
static doc_node *sheet_row(smap *s, size_t i, const doc_node *at)
{
    doc_node *row = new_row(s->m, at);
    for (int k = 0; k < s->ncols; k++) {
        const colmap *c = &s->cols[k];
        const char *text = NULL;
        if (c->src == SRC_COLUMN)
            text = c->numeric
                       ? value_text(s->m, c,
                                    &s->vals[i * (size_t)s->ncols + (size_t)k])
                       : cell_text(s, s->body[i], c->col);
        add_cell(s->m, row, text);
    }
    return row;
}

/* The filter column of element n: its fran, else the sheet's key. -1
 * when there is none (reported). */
static long filter_column(smap *s, const doc_node *n)
{
    const char *fran = doc_node_attr(n, "fran");
    if (fran)
        return find_column(s, fran, n, true);
    if (s->key < 0) {
        diag *x =
            diag_add(s->m->dl, DIAG_ERROR, s->m->w.doc_file, doc_node_line(n),
                     doc_node_col(n), "DATA-03", MSG_DATA_NO_KEY);
        diag_hint(s->m->dl, x, MSG_DATA_NO_KEY_HINT);
    }
    return s->key;
}

/* Body rows matching n's lika (all when none) and not its utom; their
 * count. idx receives them (s->nbody room). */
static size_t select_rows(smap *s, const doc_node *n, long key, size_t *idx)
{
    const char *lika = doc_node_attr(n, "lika");
    const char *utom = doc_node_attr(n, "utom");
    size_t k = 0;
    for (size_t i = 0; i < s->nbody; i++) {
        const char *v = cell_text(s, s->body[i], key);
        if (s->used[i] || (lika && !matches(lika, v)) ||
            (utom && matches(utom, v)))
            continue;
        idx[k++] = i;
    }
    return k;
}

static void report_no_match(smap *s, const doc_node *n, long key)
{
    const char *lika = doc_node_attr(n, "lika");
    near_names nn;
    near_init(&nn, lika ? lika : "");
    for (size_t i = 0; i < s->nbody && i < 2000; i++)
        near_add(&nn, trimmed(s->m->a, cell_text(s, s->body[i], key)));
    const data_cell *h = data_sheet_cell(s->sh, s->head, (uint32_t)key);
    diag *x = diag_add(s->m->dl, DIAG_ERROR, s->m->w.doc_file, doc_node_line(n),
                       doc_node_col(n), "DATA-08", MSG_DATA_NO_MATCH,
                       lika ? lika : "", h ? h->text : "", s->m->w.fil);
    const char *best = near_best(&nn);
    if (best)
        diag_hint(s->m->dl, x, MSG_DATA_NEAR, best, nn.list);
}

/* Fills row (which has its first cells typed by the author) from the
 * body rows idx[0..n): text from the first, figures added up. */
static void fill_summed(smap *s, doc_node *row, const size_t *idx, size_t n,
                        bool stated_only_numeric)
{
    int have = count_cells(row);
    for (int k = have; k < s->ncols; k++) {
        const colmap *c = &s->cols[k];
        const char *text = NULL;
        if (c->src == SRC_COLUMN && !c->numeric && !stated_only_numeric) {
            text = cell_text(s, s->body[idx[0]], c->col);
        } else if (c->src == SRC_COLUMN && c->numeric) {
            num_wide sum = 0;
            bool any = false, bad = false;
            num_value single = {0};
            for (size_t j = 0; j < n; j++) {
                const num_value *v =
                    &s->vals[idx[j] * (size_t)s->ncols + (size_t)k];
                if (n == 1)
                    single = *v;
                if (v->kind == NUM_VALUE) {
                    sum += num_rescale(v->mant, v->scale, c->shown);
                    any = true;
                } else if (v->kind == NUM_INVALID) {
                    bad = true;
                }
            }
            num_value v = {0};
            if (n == 1 && single.kind != NUM_VALUE) {
                v = single;
            } else if (any && !bad && num_fits(sum, c->shown)) {
                v.kind = NUM_VALUE;
                v.mant = (int64_t)sum;
                v.scale = c->shown;
            }
            text = value_text(s->m, c, &v);
        }
        add_cell(s->m, row, text);
    }
}

/* The rows of table t that ask the file for their figures, collected before
 * any is filled (filling inserts rows, which a walk would then visit): rows,
 * sum rows and groups with `lika` (or a group with `utom`) for a sheet;
 * rows and groups with `konto` for an SIE file. *typed is set when the table
 * also has rows typed by hand. The caller frees the array. */
static doc_node **collect_asking_rows(doc_node *t, bool sie, size_t *ntodo,
                                      bool *typed)
{
    doc_iter it;
    doc_iter_init(&it, t);
    doc_node **todo = NULL;
    size_t cap = 0;
    *ntodo = 0;
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        if (n == t)
            continue;
        doc_kind kind = doc_node_kind(n);
        bool gen = sie ? (kind == DOC_ROW || kind == DOC_GROUP) &&
                             doc_node_attr(n, "konto")
                       : (kind == DOC_ROW || kind == DOC_SUMROW ||
                          kind == DOC_GROUP) &&
                             (doc_node_attr(n, "lika") ||
                              (kind == DOC_GROUP && doc_node_attr(n, "utom")));
        if (kind == DOC_ROW && !gen)
            *typed = true;
        if (gen) {
            if (*ntodo == cap) {
                cap = cap ? cap * 2 : 16;
                todo = xrealloc(todo, cap * sizeof *todo);
            }
            todo[(*ntodo)++] = n;
        }
        if (kind != DOC_GROUP)
            doc_iter_skip_children(&it);
    }
    return todo;
}

static void map_sheet(mctx *m, doc_node *t, const data_book *bk, colmap *cols,
                      int ncols, int shift)
{
    const char *blad = doc_node_attr(t, "blad");
    const data_sheet *sh = NULL;
    if (blad) {
        for (size_t i = 0; i < bk->nsheets && !sh; i++)
            if (same_name(bk->sheets[i].name, blad))
                sh = &bk->sheets[i];
        if (!sh) {
            near_names nn;
            near_init(&nn, blad);
            for (size_t i = 0; i < bk->nsheets; i++)
                near_add(&nn, bk->sheets[i].name);
            diag *x = diag_add(m->dl, DIAG_ERROR, m->w.doc_file,
                               doc_node_line(t), doc_node_col(t), "DATA-02",
                               MSG_DATA_NO_SHEET, blad, m->w.fil);
            near_hint(m->dl, x, &nn);
            return;
        }
    } else if (bk->nsheets > 0) {
        sh = &bk->sheets[0];
    }
    uint32_t head = (uint32_t)int_attr(t, "rubrikrad", 1, 1, DATA_MAX_ROWS) - 1;
    if (!sh || sh->nrows <= head + 1) {
        diag *x =
            diag_add(m->dl, DIAG_ERROR, m->w.doc_file, doc_node_line(t),
                     doc_node_col(t), "DATA-02", MSG_DATA_EMPTY,
                     sh && sh->name[0] ? sh->name : m->w.fil, (int)head + 1);
        diag_hint(m->dl, x, MSG_DATA_EMPTY_HINT);
        return;
    }
    smap s = {.m = m,
              .t = t,
              .bk = bk,
              .sh = sh,
              .head = head,
              .cols = cols,
              .ncols = ncols,
              .key = -1};
    bool ok = true;
    for (int k = 0; k < ncols; k++) {
        colmap *c = &cols[k];
        const char *fran = doc_node_attr(c->node, "fran");
        if (!fran)
            continue;
        long col = find_column(&s, fran, c->node, true);
        if (col < 0) {
            ok = false;
            continue;
        }
        c->src = SRC_COLUMN;
        c->col = (uint32_t)col;
        if (!c->numeric && s.key < 0)
            s.key = (int)col;
        /* a kolumn without a heading of its own takes the file's */
        if (!doc_node_first_child(c->node)) {
            const char *h = trimmed(m->a, cell_text(&s, head, col));
            if (h[0]) {
                doc_node *tx =
                    doc_node_new(m->d, DOC_TEXT, doc_node_line(c->node),
                                 doc_node_col(c->node));
                doc_node_set_text(m->d, tx, h, strlen(h));
                doc_node_append_child(c->node, tx);
            }
        }
    }
    if (!ok)
        return;
    /* the body: rows below the header with something in a mapped column,
     * less those the table leaves out */
    s.body = arena_alloc(m->a, (sh->nrows - head) * sizeof *s.body);
    long tkey = doc_node_attr(t, "utom") ? filter_column(&s, t) : -1;
    const char *utom = doc_node_attr(t, "utom");
    for (uint32_t r = head + 1; r < sh->nrows; r++) {
        if (row_empty(&s, r))
            continue;
        if (utom && tkey >= 0 && matches(utom, cell_text(&s, r, tkey)))
            continue;
        s.body[s.nbody++] = r;
    }
    s.used = arena_alloc(m->a, (s.nbody + 1) * sizeof *s.used);
    memset(s.used, 0, (s.nbody + 1) * sizeof *s.used);
    s.vals = arena_alloc(m->a, (s.nbody ? s.nbody : 1) * (size_t)ncols *
                                   sizeof *s.vals);
    for (int k = 0; k < ncols; k++)
        if (cols[k].src == SRC_COLUMN && cols[k].numeric)
            read_column(&s, k, shift);
    /* the rows the table asks for */
    size_t *idx = arena_alloc(m->a, (s.nbody + 1) * sizeof *idx);
    bool asked = false, typed = false;
    size_t ntodo = 0;
    doc_node **todo = collect_asking_rows(t, false, &ntodo, &typed);
    /* the file's total rows first, so that no other selection takes them */
    for (int pass = 0; pass < 2; pass++)
        for (size_t j = 0; j < ntodo; j++) {
            doc_node *n = todo[j];
            if ((doc_node_kind(n) == DOC_SUMROW) != (pass == 0))
                continue;
            if (pass == 1)
                asked = true;
            long key = filter_column(&s, n);
            if (key < 0)
                continue;
            size_t cnt = select_rows(&s, n, key, idx);
            if (cnt == 0) {
                report_no_match(&s, n, key);
                continue;
            }
            switch (doc_node_kind(n)) {
            case DOC_GROUP: {
                doc_node *anchor = row_anchor(n);
                for (size_t i = 0; i < cnt; i++)
                    place_row(n, anchor, sheet_row(&s, idx[i], n));
                break;
            }
            case DOC_ROW:
                fill_summed(&s, n, idx, cnt, false);
                break;
            default: /* DOC_SUMROW: the file's own total, checked */
                fill_summed(&s, n, idx, cnt, true);
                for (size_t i = 0; i < cnt; i++)
                    s.used[idx[i]] = true;
                break;
            }
        }
    free(todo);
    if (!asked && !typed) {
        doc_node *anchor = row_anchor(t);
        for (size_t i = 0; i < s.nbody; i++)
            if (!s.used[i])
                place_row(t, anchor, sheet_row(&s, i, t));
    }
}

/* --- SIE ---------------------------------------------------------------------
 */

#define SIE_SCALE 2 /* öre */

typedef struct {
    mctx *m;
    doc_node *t;
    const sie_file *f;
    colmap *cols;
    int ncols;
    int shift;
} siemap;

/* The object list of n's objekt (canonical), "" when none; NULL when it is
 * bad or names an object the file does not define (reported). */
static const char *sie_objs(siemap *s, const doc_node *n)
{
    const char *spec = doc_node_attr(n, "objekt");
    if (!spec)
        return "";
    char canon[256];
    if (!sie_objs_canonical(spec, canon, sizeof canon)) {
        diag *x =
            diag_add(s->m->dl, DIAG_ERROR, s->m->w.doc_file, doc_node_line(n),
                     doc_node_col(n), "DATA-09", MSG_SIE_BAD_OBJ, spec);
        diag_hint(s->m->dl, x, MSG_SIE_BAD_OBJ_HINT);
        return NULL;
    }
    /* every pair must be an #OBJEKT of the file */
    char buf[256];
    strcpy(buf, canon);
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
        bool found = false;
        near_names nn;
        near_init(&nn, tok);
        for (size_t i = 0; i < s->f->nobjects && !found; i++) {
            const char *name = arena_printf(
                s->m->a, "%d:%s", s->f->objects[i].dim, s->f->objects[i].id);
            found = strcmp(name, tok) == 0;
            near_add(&nn, name);
        }
        if (!found) {
            diag *x = diag_add(s->m->dl, DIAG_ERROR, s->m->w.doc_file,
                               doc_node_line(n), doc_node_col(n), "DATA-09",
                               MSG_SIE_NO_OBJ, tok, s->m->w.fil);
            near_hint(s->m->dl, x, &nn);
            return NULL;
        }
    }
    return arena_strdup(s->m->a, canon);
}

/* The sum of column c over the accounts of spec (a range) or the one
 * account nr, for objs; *any says whether any amount was found. */
static num_wide sie_sum(const siemap *s, const colmap *c, const char *spec,
                        const char *nr, const char *objs, bool *any)
{
    num_wide sum = 0;
    *any = false;
    sie_kind want = c->src == SRC_BUDGET ? SIE_PBUDGET
                    : c->p_from          ? SIE_PSALDO
                                         : SIE_RES;
    for (size_t i = 0; i < s->f->namounts; i++) {
        const sie_amount *a = &s->f->amounts[i];
        if (a->kind != want || a->year != c->year)
            continue;
        if (want != SIE_RES && (a->period < c->p_from || a->period > c->p_to ||
                                strcmp(a->objs, objs) != 0))
            continue;
        if (nr ? strcmp(a->konto, nr) != 0 : !sie_in_range(spec, a->konto))
            continue;
        sum += num_rescale(a->mant, a->scale, SIE_SCALE);
        *any = true;
    }
    return sum;
}

/* Fills row from column have on: figures of the accounts spec/nr. */
static void sie_fill(siemap *s, doc_node *row, const char *spec,
                     const sie_account *acc, const char *objs, bool flip,
                     bool label)
{
    int have = count_cells(row);
    bool labelled = false;
    for (int k = have; k < s->ncols; k++) {
        const colmap *c = &s->cols[k];
        const char *text = NULL;
        switch (c->src) {
        case SRC_UTFALL:
        case SRC_BUDGET: {
            bool any;
            num_wide sum =
                sie_sum(s, c, spec, acc ? acc->nr : NULL, objs, &any);
            num_value v = {0};
            if (flip)
                sum = -sum;
            if (num_fits(sum, SIE_SCALE)) {
                v.kind = NUM_VALUE;
                v.mant = (int64_t)sum;
                v.scale = SIE_SCALE;
                if (to_table_unit(&v, s->shift, c->shown))
                    text = value_text(s->m, c, &v);
            }
            break;
        }
        case SRC_KONTO:
            text = acc ? acc->nr : spec;
            break;
        case SRC_NAMN:
            text = acc ? acc->namn : NULL;
            break;
        default:
            if (label && acc && !c->numeric && !labelled) {
                text = arena_printf(s->m->a, "%s %s", acc->nr, acc->namn);
                labelled = true;
            }
            break;
        }
        add_cell(s->m, row, text);
    }
}

static bool sie_flip(const doc_node *n, const doc_node *t)
{
    const char *v = doc_node_attr(n, "tecken");
    if (!v)
        v = doc_node_attr(t, "tecken");
    return v && strcmp(v, "omvant") == 0;
}

/* A konto range of n, checked; NULL (reported) when bad. */
static const char *sie_spec(siemap *s, const doc_node *n, const char *spec)
{
    if (sie_range_valid(spec)) {
        for (size_t i = 0; i < s->f->naccounts; i++)
            if (sie_in_range(spec, s->f->accounts[i].nr))
                return spec;
        diag *x = diag_add(s->m->dl, DIAG_ERROR, s->m->w.doc_file,
                           doc_node_line(n), doc_node_col(n), "DATA-08",
                           MSG_SIE_NO_ACCOUNTS, spec, s->m->w.fil);
        diag_hint(s->m->dl, x, MSG_SIE_RANGE_HINT);
        return NULL;
    }
    diag *x = diag_add(s->m->dl, DIAG_ERROR, s->m->w.doc_file, doc_node_line(n),
                       doc_node_col(n), "DATA-09", MSG_SIE_BAD_RANGE, spec);
    diag_hint(s->m->dl, x, MSG_SIE_RANGE_HINT);
    return NULL;
}

/* One row per account of spec that has an amount in a mapped column. */
static void sie_rows(siemap *s, doc_node *container, const doc_node *at,
                     const char *spec, const char *objs, bool flip)
{
    doc_node *anchor = row_anchor(container);
    for (size_t i = 0; i < s->f->naccounts; i++) {
        const sie_account *acc = &s->f->accounts[i];
        if (!sie_in_range(spec, acc->nr))
            continue;
        bool any = false;
        for (int k = 0; k < s->ncols && !any; k++)
            if (s->cols[k].src == SRC_UTFALL || s->cols[k].src == SRC_BUDGET)
                sie_sum(s, &s->cols[k], NULL, acc->nr, objs, &any);
        if (!any)
            continue;
        doc_node *row = new_row(s->m, at);
        sie_fill(s, row, NULL, acc, objs, flip, true);
        place_row(container, anchor, row);
    }
}

static void map_sie(mctx *m, doc_node *t, const sie_file *f, colmap *cols,
                    int ncols, int shift)
{
    siemap s = {m, t, f, cols, ncols, shift};
    const char *tper = doc_node_attr(t, "perioder");
    bool ok = true;
    for (int k = 0; k < ncols; k++) {
        colmap *c = &cols[k];
        const char *fran = doc_node_attr(c->node, "fran");
        c->shown = c->declared >= 0 ? c->declared : 0;
        if (c->numeric && c->declared < 0)
            doc_node_set_attr(m->d, c->node, "decimaler", "0");
        if (!fran)
            continue;
        c->src = strcasecmp(fran, "utfall") == 0   ? SRC_UTFALL
                 : strcasecmp(fran, "budget") == 0 ? SRC_BUDGET
                 : strcasecmp(fran, "konto") == 0  ? SRC_KONTO
                 : strcasecmp(fran, "namn") == 0   ? SRC_NAMN
                                                   : SRC_NONE;
        const char *per = doc_node_attr(c->node, "perioder");
        if (!per)
            per = tper;
        c->year = (int)int_attr(c->node, "ar", 0, -99, 0);
        bool figures = c->src == SRC_UTFALL || c->src == SRC_BUDGET;
        if (c->src == SRC_NONE || figures != c->numeric) {
            diag *x = diag_add(m->dl, DIAG_ERROR, m->w.doc_file,
                               doc_node_line(c->node), doc_node_col(c->node),
                               "DATA-03", MSG_SIE_FRAN, fran);
            diag_hint(m->dl, x, MSG_SIE_FRAN_HINT);
            ok = false;
            continue;
        }
        if (per && figures && !periods(per, &c->p_from, &c->p_to)) {
            diag *x = diag_add(m->dl, DIAG_ERROR, m->w.doc_file,
                               doc_node_line(c->node), doc_node_col(c->node),
                               "DATA-09", MSG_SIE_PERIODS, per);
            diag_hint(m->dl, x, MSG_SIE_PERIODS_HINT);
            ok = false;
        } else if (c->src == SRC_BUDGET && !per) {
            diag *x = diag_add(m->dl, DIAG_ERROR, m->w.doc_file,
                               doc_node_line(c->node), doc_node_col(c->node),
                               "DATA-09", MSG_SIE_BUDGET_PERIODS);
            diag_hint(m->dl, x, MSG_SIE_PERIODS_HINT);
            ok = false;
        }
    }
    if (!ok)
        return;
    bool asked = false, typed = false;
    size_t ntodo = 0;
    doc_node **todo = collect_asking_rows(t, true, &ntodo, &typed);
    for (size_t j = 0; j < ntodo; j++) {
        doc_node *n = todo[j];
        asked = true;
        const char *spec = sie_spec(&s, n, doc_node_attr(n, "konto"));
        const char *objs = sie_objs(&s, n);
        if (!spec || !objs)
            continue;
        bool resobj = false;
        for (int k = 0; k < ncols; k++)
            resobj |= objs[0] && cols[k].src == SRC_UTFALL && !cols[k].p_from;
        if (resobj) {
            diag *x =
                diag_add(m->dl, DIAG_ERROR, m->w.doc_file, doc_node_line(n),
                         doc_node_col(n), "DATA-09", MSG_SIE_RES_OBJ);
            diag_hint(m->dl, x, MSG_SIE_PERIODS_HINT);
            continue;
        }
        if (doc_node_kind(n) == DOC_GROUP)
            sie_rows(&s, n, n, spec, objs, sie_flip(n, t));
        else
            sie_fill(&s, n, spec, NULL, objs, sie_flip(n, t), false);
    }
    free(todo);
    if (!asked && !typed)
        sie_rows(&s, t, t, "0-9", "", sie_flip(t, t));
}

/* --- a table -----------------------------------------------------------------
 */

/* Summa rows with fewer cells than columns ("<summa><cell>Summa</cell>
 * </summa>") get empty ones, which the tool fills with the totals. */
static void pad_sums(mctx *m, doc_node *t, int ncols)
{
    doc_iter it;
    doc_iter_init(&it, t);
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        if (n == t)
            continue;
        if (doc_node_kind(n) == DOC_SUMROW)
            for (int k = count_cells(n); k < ncols; k++)
                add_cell(m, n, NULL);
        if (doc_node_kind(n) != DOC_GROUP)
            doc_iter_skip_children(&it);
    }
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static void fill_table(doc *d, doc_node *t, const path_policy *pp,
                       diag_list *dl)
{
    mctx m = {.d = d, .dl = dl, .a = arena_new()};
    const char *fil = doc_node_attr(t, "data");
    const char *dir = doc_dir(d);
    m.w = (data_where){dl,  doc_path(d), doc_node_line(t), doc_node_col(t),
                       fil, NULL};
    bool here = !dir || !dir[0] || strcmp(dir, ".") == 0 || fil[0] == '/';
    m.w.data_file = here ? fil : arena_printf(m.a, "%s/%s", dir, fil);
    int ncols = 0;
    for (doc_node *c = doc_node_first_child(t); c; c = doc_node_next(c))
        ncols += doc_node_kind(c) == DOC_COLUMN;
    colmap *cols = arena_alloc(m.a, ((size_t)ncols + 1) * sizeof *cols);
    memset(cols, 0, ((size_t)ncols + 1) * sizeof *cols);
    int k = 0;
    for (doc_node *c = doc_node_first_child(t); c; c = doc_node_next(c)) {
        if (doc_node_kind(c) != DOC_COLUMN)
            continue;
        cols[k].node = c;
        cols[k].numeric = doc_col_type_numeric(doc_column_type(c));
        cols[k].percent = doc_column_type(c) == DOC_COL_PROCENT;
        cols[k].declared = (int)int_attr(c, "decimaler", -1, 0, 6);
        k++;
    }
    const char *path = resolve_path(pp, dir, fil, m.a, &m.w);
    size_t len = 0;
    const char *date = NULL;
    unsigned char *b =
        path ? read_whole(path, &m.w, dir, m.a, &len, &date) : NULL;
    if (!b)
        goto done;
    data_format fmt = format_of(fil, b, len);
    const char *kodning = doc_node_attr(t, "kodning");
    int shift = 0;
    if (fmt == FMT_SIE && !doc_node_attr(t, "dataenhet")) {
        int pt = unit_power(doc_node_attr(t, "enhet"));
        shift = pt > 0 ? pt : 0; /* SIE amounts are kronor */
    } else if (!unit_shift(&m, t, &shift)) {
        free(b);
        goto done;
    }
    if (len == 0) {
        diag *x = diag_add(dl, DIAG_ERROR, m.w.doc_file, m.w.line, m.w.col,
                           "DATA-02", MSG_DATA_EMPTY_FILE, fil);
        diag_hint(dl, x, MSG_DATA_EMPTY_HINT);
    } else if (fmt == FMT_SIE) {
        sie_file f;
        if (sie_read(b, len, kodning, &m.w, m.a, &f)) {
            if (f.gen_date)
                date = f.gen_date;
            map_sie(&m, t, &f, cols, ncols, shift);
        }
    } else if (fmt == FMT_CSV || fmt == FMT_TSV) {
        const char *sepn = doc_node_attr(t, "avgransare");
        char sep = fmt == FMT_TSV ? '\t' : 0;
        if (sepn)
            sep = strcmp(sepn, "tab") == 0 ? '\t' : sepn[0];
        data_book bk = {.name = fil};
        if (data_read_csv(b, len, kodning, sep, &m.w, m.a, &bk))
            map_sheet(&m, t, &bk, cols, ncols, shift);
    } else {
        data_book bk = {.name = fil};
        if (data_read_zip(b, len, fmt == FMT_ODS, &m.w, m.a, &bk)) {
            if (bk.date)
                date = bk.date;
            map_sheet(&m, t, &bk, cols, ncols, shift);
        }
    }
    free(b);
    /* the source note: an empty kalla names the file and its date */
    doc_node *src = doc_node_child(t, DOC_SOURCE);
    if (src && !doc_node_first_child(src)) {
        /* "Källa:" is the resolve stage's word, in the document's
         * language (the data stage only looks it up) */
        const char *word =
            resolve_word(resolve_language(doc_lang(d)), WORD_CHART_SOURCE);
        const char *note =
            date ? arena_printf(m.a, "%s %s, %s", word, base_name(fil), date)
                 : arena_printf(m.a, "%s %s", word, base_name(fil));
        doc_node *tx =
            doc_node_new(d, DOC_TEXT, doc_node_line(src), doc_node_col(src));
        doc_node_set_text(d, tx, note, strlen(note));
        doc_node_append_child(src, tx);
    }
done:
    pad_sums(&m, t, ncols);
    arena_free(m.a);
}

/* A table without data whose elements ask the file for something (kolumn
 * fran, rad lika or konto, grupp lika, utom or konto, summa lika): DATA-03
 * at the first, since nothing would fill them. */
static void check_no_data(doc *d, doc_node *t, diag_list *dl)
{
    static const char *const asks[] = {"fran", "lika", "utom", "konto"};
    doc_iter it;
    doc_iter_init(&it, t);
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        doc_kind k = doc_node_kind(n);
        if (k == DOC_CELL || k == DOC_CAPTION || k == DOC_SOURCE) {
            doc_iter_skip_children(&it);
            continue;
        }
        for (size_t i = 0; i < sizeof asks / sizeof *asks; i++) {
            if (n == t || !doc_node_attr(n, asks[i]))
                continue;
            diag *x =
                diag_add(dl, DIAG_ERROR, doc_path(d), doc_node_line(n),
                         doc_node_col(n), "DATA-03", MSG_DATA_NO_FILE, asks[i]);
            diag_hint(dl, x, MSG_DATA_NO_FILE_HINT);
            return;
        }
    }
}

void data_fill_document(doc *d, const path_policy *pp, diag_list *dl)
{
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        if (doc_node_kind(n) == DOC_TABLE) {
            if (doc_node_attr(n, "data"))
                fill_table(d, n, pp, dl);
            else
                check_no_data(d, n, dl);
            doc_iter_skip_children(&it);
        }
    }
}
