/*
 * csv_read.c: CSV and TSV through libcsv (csv_read.h). The text is fed to
 * libcsv a line at a time, so that the row callback knows the line it
 * ends on; fields are copied into the caller's arena and collected in
 * growing arrays (doubled, so a hundred thousand rows cost a few
 * copies).
 */
#include "csv_read.h"

#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    arena *a;
    const csv_limits *lim;
    const char **fields;
    size_t nfields, cap_fields;
    size_t *row_start;
    uint32_t *row_line;
    size_t nrows, cap_rows;
    size_t row_fields; /* fields of the row being read */
    bool row_empty;    /* every field of it so far is empty */
    uint32_t line;
    csv_status st;
} reader;

static void grow_rows(reader *r)
{
    if (r->nrows + 2 <= r->cap_rows)
        return;
    r->cap_rows = r->cap_rows ? r->cap_rows * 2 : 256;
    r->row_start = xrealloc(r->row_start, r->cap_rows * sizeof *r->row_start);
    r->row_line = xrealloc(r->row_line, r->cap_rows * sizeof *r->row_line);
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->st != CSV_READ_OK)
        return;
    if (len > r->lim->max_field) {
        r->st = CSV_READ_FIELD_TOO_LONG;
        return;
    }
    if (r->nfields >= r->lim->max_fields) {
        r->st = CSV_READ_TOO_MANY_FIELDS;
        return;
    }
    if (r->nfields == r->cap_fields) {
        r->cap_fields = r->cap_fields ? r->cap_fields * 2 : 1024;
        r->fields = xrealloc(r->fields, r->cap_fields * sizeof *r->fields);
    }
    r->fields[r->nfields++] =
        len ? arena_strndup(r->a, s ? (const char *)s : "", len) : "";
    r->row_fields++;
    if (len)
        r->row_empty = false;
}

static void on_row(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (r->st != CSV_READ_OK)
        return;
    if (r->row_empty && r->row_fields <= 1) {
        /* an empty line (or one holding "") is no row */
        r->nfields -= r->row_fields;
    } else {
        if (r->nrows >= r->lim->max_rows) {
            r->st = CSV_READ_TOO_MANY_ROWS;
            return;
        }
        grow_rows(r);
        r->row_line[r->nrows] = r->line;
        r->nrows++;
        r->row_start[r->nrows] = r->nfields;
    }
    r->row_fields = 0;
    r->row_empty = true;
}

static int is_space(unsigned char c)
{
    return c == ' ';
}

/* Counts sep in one line [s, e) outside quotes. */
static size_t count_sep(const char *s, const char *e, char sep)
{
    size_t n = 0;
    bool q = false;
    for (; s < e; s++) {
        if (*s == '"')
            q = !q;
        else if (*s == sep && !q)
            n++;
    }
    return n;
}

char csv_sniff(const char *text, size_t len)
{
    static const char cand[3] = {'\t', ';', ','};
    size_t first[3] = {0}, lines = 0;
    bool same[3] = {true, true, true};
    size_t count0[3] = {0};
    const char *p = text, *end = text + len;
    while (p < end && lines < 50) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        bool blank = true;
        for (const char *q = p; q < e; q++)
            if (*q != ' ' && *q != '\r' && *q != '\t')
                blank = false;
        if (!blank) {
            for (int k = 0; k < 3; k++) {
                size_t n = count_sep(p, e, cand[k]);
                if (lines == 0)
                    first[k] = count0[k] = n;
                else if (n != count0[k])
                    same[k] = false;
            }
            lines++;
        }
        p = e + 1;
    }
    for (int k = 0; k < 3; k++)
        if (same[k] && count0[k] > 0 && lines > 1)
            return cand[k];
    int best = 1;
    for (int k = 0; k < 3; k++)
        if (first[k] > first[best])
            best = k;
    return cand[best];
}

csv_status csv_grid_read(const char *text, size_t len, char sep,
                         const csv_limits *lim, arena *a, csv_grid *g,
                         uint32_t *line)
{
    memset(g, 0, sizeof *g);
    reader r = {.a = a, .lim = lim, .row_empty = true, .st = CSV_READ_OK};
    grow_rows(&r);
    r.row_start[0] = 0;
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_delim(&p, (unsigned char)sep);
    /* libcsv trims spaces and tabs around unquoted fields; a tab that
     * separates the fields of a TSV file is no space (a function called
     * for every byte: only when it is needed) */
    if (sep == '\t')
        csv_set_space_func(&p, is_space);
    const char *s = text, *end = text + len;
    while (s < end && r.st == CSV_READ_OK) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        e = e ? e + 1 : end;
        r.line++;
        if (csv_parse(&p, s, (size_t)(e - s), on_field, on_row, &r) !=
            (size_t)(e - s)) {
            if (r.st == CSV_READ_OK)
                r.st = CSV_READ_QUOTE;
            break;
        }
        s = e;
    }
    if (r.st == CSV_READ_OK && csv_fini(&p, on_field, on_row, &r) != 0 &&
        r.st == CSV_READ_OK)
        r.st = CSV_READ_QUOTE;
    csv_free(&p);
    *line = r.line;
    /* hand the arrays over in the arena, the heap copies freed */
    g->nrows = r.nrows;
    g->sep = sep;
    g->fields = arena_alloc(a, (r.nfields + 1) * sizeof *g->fields);
    if (r.nfields)
        memcpy(g->fields, r.fields, r.nfields * sizeof *g->fields);
    g->row_start = arena_alloc(a, (r.nrows + 1) * sizeof *g->row_start);
    memcpy(g->row_start, r.row_start, (r.nrows + 1) * sizeof *g->row_start);
    g->row_line = arena_alloc(a, (r.nrows + 1) * sizeof *g->row_line);
    if (r.nrows)
        memcpy(g->row_line, r.row_line, r.nrows * sizeof *g->row_line);
    for (size_t i = 0; i < r.nrows; i++) {
        size_t n = g->row_start[i + 1] - g->row_start[i];
        if (n > g->max_fields)
            g->max_fields = n;
    }
    free(r.fields);
    free(r.row_start);
    free(r.row_line);
    return r.st;
}
