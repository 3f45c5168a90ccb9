/*
 * calc.c: the figures of one table, computed (see calc.h for the rules).
 *
 * The table is read in one pass in document order, which is also the order
 * of dependencies: a data row needs only its own cells, a summa row needs
 * the data rows above it (collected in one accumulator per open grupp and
 * one for the table) and the totals of groups and summa rows above it. In
 * each row the columns are evaluated in a topological order of the column
 * formulas (Kahn's algorithm); columns whose formulas form a cycle lose
 * their formula and are reported. Nothing recurses on the input: deep
 * groups are walked with the model's iterator.
 */
#include "calc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "model_impl.h"

/* A computed figure: mant / 10^scale, valid when ok. Arithmetic is exact
 * in a wide mantissa; a result beyond the limits of numfmt.h (15 digits
 * before the comma, 18 in all) is not ok but big, and keeps its exact
 * value for the message that names it (s < 0 when even the wide mantissa
 * overflowed). Figures are computed from big ones exactly as from others
 * (a total may come back within the limits); whatever is big is reported
 * (SUM-04), nothing big is ever printed or handed on. */
typedef struct {
    num_wide m;
    int s;
    bool ok;
    bool big;
} cnum;

typedef struct {
    int col;  /* operand column, -1 when unknown */
    int sign; /* +1 or -1 */
} col_op;

typedef struct {
    const doc_node *node;
    const char *id, *label, *formula, *formula_text;
    calc_col_type type;
    int declared_dec; /* decimaler, or -1 */
    int typed_dec;    /* most decimals typed in a cell, or -1 */
    int computed_dec; /* most decimals of a computed figure, or -1 */
    bool summed;
    col_op *ops;
    int nops;
    bool usable;   /* a formula that can be computed (operands known) */
    bool computed; /* usable and not part of a cycle */
} ccol;

typedef struct {
    const doc_node *cell;
    bool spans;
    bool blank; /* empty, and so are the operands of its formula */
    num_value stated;
    cnum formula, sum, eff;
    calc_sum_source src;
} ccell;

typedef struct {
    int total; /* index into totals, -1 when unknown */
    int sign;
} total_op;

typedef struct {
    const doc_node *node;
    calc_row_kind kind;
    const doc_node *group;
    ccell *cells;
    total_op *ops; /* summa formel, resolved */
    int nops;
} crow;

/* Open addressing map from a key (a string or a pointer) to an index. */
typedef struct {
    const void *key;
    size_t val;
} slot;

typedef struct {
    slot *v;
    size_t cap, n;
    bool strings;
} hmap;

struct calc_table {
    doc *d;
    const doc_node *node;
    bool has_tol;
    int64_t tol_m;
    int tol_s;
    ccol *cols;
    int ncols;
    int *order; /* computed columns in evaluation order */
    int norder;
    crow *rows;
    size_t nrows, cap_rows;
    cnum **totals; /* ncols figures each, for groups and summa rows */
    size_t ntotals, cap_totals;
    calc_problem *probs;
    size_t nprobs, cap_probs;
    hmap cells; /* cell or row node -> row * (ncols + 1) + col + 1 */
};

/* --- small helpers ----------------------------------------------------- */

static uint64_t hash_key(const hmap *h, const void *key)
{
    uint64_t x = 1469598103934665603ull;
    if (h->strings) {
        for (const unsigned char *p = key; *p; p++)
            x = (x ^ *p) * 1099511628211ull;
    } else {
        uintptr_t u = (uintptr_t)key;
        x = (x ^ (uint64_t)u) * 1099511628211ull;
        x ^= x >> 29;
        x *= 0xbf58476d1ce4e5b9ull;
        x ^= x >> 32;
    }
    return x;
}

static bool key_eq(const hmap *h, const void *a, const void *b)
{
    return h->strings ? strcmp(a, b) == 0 : a == b;
}

static void hmap_put(hmap *h, const void *key, size_t val);

/* The keys moved into a table of cap slots (a power of two). */
static void hmap_rehash(hmap *h, size_t cap)
{
    slot *old = h->v;
    size_t oldcap = h->cap;
    h->cap = cap;
    h->v = xcalloc(h->cap, sizeof *h->v);
    h->n = 0;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            hmap_put(h, old[i].key, old[i].val);
    free(old);
}

static void hmap_grow(hmap *h)
{
    hmap_rehash(h, h->cap ? h->cap * 2 : 16);
}

/* Room for n more keys without growing on the way: a table's node map is
 * filled at once, with at most one key per row and cell (the size growing
 * would reach; less when cells span columns). */
static void hmap_reserve(hmap *h, size_t n)
{
    size_t cap = h->cap ? h->cap : 16;
    while ((h->n + n + 1) * 2 > cap)
        cap *= 2;
    if (cap != h->cap)
        hmap_rehash(h, cap);
}

/* Sets key to val (replacing an earlier value). */
static void hmap_put(hmap *h, const void *key, size_t val)
{
    if ((h->n + 1) * 2 > h->cap)
        hmap_grow(h);
    size_t i = (size_t)hash_key(h, key) & (h->cap - 1);
    while (h->v[i].key && !key_eq(h, h->v[i].key, key))
        i = (i + 1) & (h->cap - 1);
    if (!h->v[i].key)
        h->n++;
    h->v[i].key = key;
    h->v[i].val = val;
}

static bool hmap_get(const hmap *h, const void *key, size_t *val)
{
    if (!h->cap || !key)
        return false;
    size_t i = (size_t)hash_key(h, key) & (h->cap - 1);
    while (h->v[i].key) {
        if (key_eq(h, h->v[i].key, key)) {
            *val = h->v[i].val;
            return true;
        }
        i = (i + 1) & (h->cap - 1);
    }
    return false;
}

/* a + sign * b, exact, at the larger scale (*s); false when even the
 * wide mantissa overflows (scales outside 0..9 included). */
static bool wide_add(num_wide am, int as, num_wide bm, int bs, int sign,
                     num_wide *out, int *s)
{
    if (as < 0 || bs < 0 || as > NUM_MAX_DECIMALS || bs > NUM_MAX_DECIMALS)
        return false;
    int sc = as > bs ? as : bs;
    /* checked by hand rather than with __builtin_mul_overflow, which for
     * 128 bits needs compiler-rt's __muloti4 under clang */
    const num_wide lim = (((num_wide)1) << 125); /* far past any figure */
    num_wide a = am, b = bm;
    for (int k = as; k < sc; k++) {
        if (a >= lim / 10 || a <= -lim / 10)
            return false;
        a *= 10;
    }
    for (int k = bs; k < sc; k++) {
        if (b >= lim / 10 || b <= -lim / 10)
            return false;
        b *= 10;
    }
    if (a >= lim || a <= -lim || b >= lim || b <= -lim)
        return false; /* so that a + b and a - b cannot overflow */
    *s = sc;
    *out = sign < 0 ? a - b : a + b;
    return true;
}

bool calc_add(int64_t am, int as, int64_t bm, int bs, int sign, int64_t *mant,
              int *scale)
{
    num_wide r;
    int s;
    if (!wide_add(am, as, bm, bs, sign, &r, &s) || r > INT64_MAX ||
        r < INT64_MIN)
        return false;
    *mant = (int64_t)r;
    *scale = s;
    return true;
}

bool calc_within(int64_t am, int as, int64_t bm, int bs, int64_t tm, int ts,
                 bool *decided)
{
    num_wide d, t;
    int ds, s;
    *decided = false;
    /* exact: int64 operands at scales up to 9 stay far inside num_wide */
    if (!wide_add(am, as, bm, bs, -1, &d, &ds))
        return false;
    if (!wide_add(d < 0 ? -d : d, ds, tm, ts, -1, &t, &s))
        return false;
    *decided = true;
    return t <= 0;
}

char *calc_format(int64_t mant, int scale, int decimals, bool percent,
                  char *out, size_t size)
{
    /* exact at any decimals: num_format rescales in a wide mantissa */
    return num_format(mant, scale, decimals, percent, out, size);
}

/* Whether v holds a figure (within the limits or big). */
static bool known(cnum v)
{
    return v.ok || v.big;
}

/* The figure a + sign * b, exact: ok when within the limits, big (with
 * its exact value) when not; neither when an operand is missing. */
static cnum cadd(cnum a, cnum b, int sign)
{
    cnum r = {0, 0, false, false};
    if (!known(a) || !known(b))
        return r;
    if (a.s < 0 || b.s < 0 || !wide_add(a.m, a.s, b.m, b.s, sign, &r.m, &r.s)) {
        r.s = -1;
        r.big = true;
        return r;
    }
    r.ok = num_fits(r.m, r.s);
    r.big = !r.ok;
    return r;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool id_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool id_char(char c)
{
    return id_start(c) || (c >= '0' && c <= '9');
}

/* Splits a formula "a + b - c" into ids (arena copies) and signs. Returns
 * the number of operands, 0 when the text is not a formula. *ids and *signs
 * are heap arrays (free them). */
static int parse_formula(arena *a, const char *f, const char ***ids,
                         int **signs)
{
    int n = 0, cap = 4, sign = 1;
    const char **iv = xmalloc((size_t)cap * sizeof *iv);
    int *sv = xmalloc((size_t)cap * sizeof *sv);
    const char *p = f;
    for (;;) {
        while (is_space(*p))
            p++;
        if (!id_start(*p))
            goto bad;
        const char *q = p;
        while (id_char(*q))
            q++;
        if (n == cap) {
            cap *= 2;
            iv = xrealloc(iv, (size_t)cap * sizeof *iv);
            sv = xrealloc(sv, (size_t)cap * sizeof *sv);
        }
        iv[n] = arena_strndup(a, p, (size_t)(q - p));
        sv[n] = sign;
        n++;
        p = q;
        while (is_space(*p))
            p++;
        if (*p == '\0')
            break;
        if (*p == '+')
            sign = 1;
        else if (*p == '-')
            sign = -1;
        else
            goto bad;
        p++;
    }
    *ids = iv;
    *signs = sv;
    return n;
bad:
    free(iv);
    free(sv);
    *ids = NULL;
    *signs = NULL;
    return 0;
}

/* xsd:decimal ("0.1", "2", ".5") as mant/10^scale; false when not one. */
static bool parse_decimal(const char *s, int64_t *mant, int *scale)
{
    int64_t m = 0;
    int sc = 0, digits = 0;
    bool point = false, any = false;
    while (is_space(*s))
        s++;
    if (*s == '+')
        s++;
    for (; (*s >= '0' && *s <= '9') || (*s == '.' && !point); s++) {
        if (*s == '.') {
            point = true;
            continue;
        }
        any = true;
        if (point && sc == 9)
            continue; /* finer than 10^-9: ignored */
        if (m == 0 && *s == '0' && !point)
            continue;
        if (++digits > 18)
            return false;
        m = m * 10 + (*s - '0');
        if (point)
            sc++;
    }
    while (is_space(*s))
        s++;
    if (*s != '\0' || !any)
        return false;
    *mant = m;
    *scale = sc;
    return true;
}

static void add_problem(calc_table *t, calc_problem_kind kind,
                        const doc_node *node, const char *formula,
                        const char *name)
{
    if (t->nprobs == t->cap_probs) {
        t->cap_probs = t->cap_probs ? t->cap_probs * 2 : 8;
        t->probs = xrealloc(t->probs, t->cap_probs * sizeof *t->probs);
    }
    t->probs[t->nprobs++] = (calc_problem){kind, node, formula, name};
}

static bool numeric_type(calc_col_type ty)
{
    return ty == CALC_COL_BELOPP || ty == CALC_COL_TAL ||
           ty == CALC_COL_PROCENT;
}

static calc_col_type type_of(const doc_node *column)
{
    switch (doc_column_type(column)) {
    case DOC_COL_BELOPP:
        return CALC_COL_BELOPP;
    case DOC_COL_TAL:
        return CALC_COL_TAL;
    case DOC_COL_PROCENT:
        return CALC_COL_PROCENT;
    case DOC_COL_STATUS:
        return CALC_COL_STATUS;
    case DOC_COL_TEXT:
        break;
    }
    return CALC_COL_TEXT;
}

/* --- columns ------------------------------------------------------------- */

static void read_columns(calc_table *t)
{
    arena *a = doc_arena(t->d);
    for (const doc_node *x = doc_node_first_child(t->node); x;
         x = doc_node_next(x))
        if (doc_node_kind(x) == DOC_COLUMN)
            t->ncols++;
    t->cols = xcalloc((size_t)(t->ncols ? t->ncols : 1), sizeof *t->cols);
    hmap ids = {NULL, 0, 0, true};
    int j = 0;
    for (const doc_node *x = doc_node_first_child(t->node); x;
         x = doc_node_next(x)) {
        if (doc_node_kind(x) != DOC_COLUMN)
            continue;
        ccol *c = &t->cols[j];
        c->node = x;
        c->id = doc_node_attr(x, "id");
        c->type = type_of(x);
        const char *dec = doc_node_attr(x, "decimaler");
        c->declared_dec = dec ? atoi(dec) : -1;
        if (c->declared_dec > 9)
            c->declared_dec = 9;
        c->typed_dec = c->computed_dec = -1;
        const char *sum = doc_node_attr(x, "summeras");
        if (!numeric_type(c->type))
            c->summed = false;
        else if (sum)
            c->summed = strcmp(sum, "ja") == 0;
        else
            c->summed = c->type != CALC_COL_PROCENT;
        const char *label = doc_node_plain_text(t->d, x);
        if (label && *label)
            c->label = label;
        else if (c->id)
            c->label = c->id;
        else
            c->label = arena_printf(a, "%d", j + 1);
        c->formula = doc_node_attr(x, "formel");
        size_t dummy;
        if (c->id && !hmap_get(&ids, c->id, &dummy))
            hmap_put(&ids, c->id, (size_t)j); /* the first of a name wins */
        j++;
    }
    /* resolve the formulas */
    for (j = 0; j < t->ncols; j++) {
        ccol *c = &t->cols[j];
        if (!c->formula)
            continue;
        const char **names;
        int *signs;
        int n = parse_formula(a, c->formula, &names, &signs);
        if (n == 0)
            continue; /* the schema refuses such text */
        c->ops = xcalloc((size_t)n, sizeof *c->ops);
        c->nops = n;
        c->usable = numeric_type(c->type);
        if (!c->usable)
            add_problem(t, CALC_PROB_TEXT_COLUMN, c->node, c->formula,
                        doc_node_attr(c->node, "typ"));
        size_t len = 0, cap = 64;
        char *txt = xmalloc(cap);
        txt[0] = '\0';
        for (int k = 0; k < n; k++) {
            size_t idx;
            c->ops[k].sign = signs[k];
            c->ops[k].col = -1;
            const char *lab = names[k];
            if (!hmap_get(&ids, names[k], &idx)) {
                add_problem(t, CALC_PROB_UNKNOWN_COLUMN, c->node, c->formula,
                            names[k]);
                c->usable = false;
            } else {
                c->ops[k].col = (int)idx;
                lab = t->cols[idx].label;
                if (!numeric_type(t->cols[idx].type)) {
                    add_problem(t, CALC_PROB_TEXT_OPERAND, c->node, c->formula,
                                names[k]);
                    c->usable = false;
                }
            }
            const char *op = k == 0         ? ""
                             : signs[k] > 0 ? " + "
                                            : " \xE2\x88\x92 ";
            if (k == 0 && signs[k] < 0)
                op = "\xE2\x88\x92";
            size_t need = len + strlen(op) + strlen(lab) + 1;
            if (need > cap) {
                while (need > cap)
                    cap *= 2;
                txt = xrealloc(txt, cap);
            }
            len += (size_t)snprintf(txt + len, cap - len, "%s%s", op, lab);
        }
        c->formula_text = arena_strdup(a, txt);
        free(txt);
        free(names);
        free(signs);
    }
    free(ids.v);
}

/* Orders the usable formula columns so that every column comes after the
 * formula columns it reads (Kahn's algorithm). Columns on a cycle lose
 * their formula: each cycle is reported once, at its first column. */
static void order_columns(calc_table *t)
{
    int n = t->ncols;
    if (n == 0)
        return;
    int *indeg = xcalloc((size_t)n, sizeof *indeg);
    int *start = xcalloc((size_t)n + 1, sizeof *start);
    int *queue = xcalloc((size_t)n, sizeof *queue);
    int *stamp = xcalloc((size_t)n, sizeof *stamp);
    int *pos = xcalloc((size_t)n, sizeof *pos);
    int *path = xcalloc((size_t)n + 1, sizeof *path);
    bool *queued = xcalloc((size_t)n, sizeof *queued);
    t->order = xcalloc((size_t)n, sizeof *t->order);
    /* reverse edges operand -> dependent, as compressed rows */
    int nedges = 0;
    for (int j = 0; j < n; j++)
        if (t->cols[j].usable)
            for (int k = 0; k < t->cols[j].nops; k++) {
                int o = t->cols[j].ops[k].col;
                if (t->cols[o].usable) {
                    start[o + 1]++;
                    indeg[j]++;
                    nedges++;
                }
            }
    for (int j = 0; j < n; j++)
        start[j + 1] += start[j];
    int *fill = xcalloc((size_t)n, sizeof *fill);
    int *dep = xcalloc((size_t)(nedges ? nedges : 1), sizeof *dep);
    for (int j = 0; j < n; j++)
        if (t->cols[j].usable)
            for (int k = 0; k < t->cols[j].nops; k++) {
                int o = t->cols[j].ops[k].col;
                if (t->cols[o].usable)
                    dep[start[o] + fill[o]++] = j;
            }
    int qh = 0, qt = 0, remaining = 0, walk = 0;
    for (int j = 0; j < n; j++)
        if (t->cols[j].usable) {
            remaining++;
            if (indeg[j] == 0) {
                queued[j] = true;
                queue[qt++] = j;
            }
        }
    for (;;) {
        while (qh < qt) {
            int u = queue[qh++];
            remaining--;
            if (t->cols[u].usable) {
                t->cols[u].computed = true;
                t->order[t->norder++] = u;
            }
            for (int e = start[u]; e < start[u + 1]; e++)
                if (--indeg[dep[e]] == 0 && !queued[dep[e]]) {
                    queued[dep[e]] = true;
                    queue[qt++] = dep[e];
                }
        }
        if (remaining == 0)
            break;
        /* every column left reads another one left: walk to a cycle */
        int u = 0;
        while (u < n && (queued[u] || !t->cols[u].usable))
            u++;
        if (u == n)
            break; /* not reached */
        walk++;
        int len = 0;
        while (stamp[u] != walk) {
            stamp[u] = walk;
            pos[u] = len;
            path[len++] = u;
            int next = -1;
            for (int k = 0; k < t->cols[u].nops && next < 0; k++) {
                int o = t->cols[u].ops[k].col;
                if (t->cols[o].usable && !queued[o])
                    next = o;
            }
            if (next < 0)
                break; /* not reached: a column left reads one left */
            u = next;
        }
        int first = stamp[u] == walk ? pos[u] : 0, lowest = first;
        for (int i = first; i < len; i++)
            if (path[i] < path[lowest])
                lowest = i;
        /* "a → b → a", starting at the first column of the cycle */
        size_t cap = 64, tl = 0;
        char *txt = xmalloc(cap);
        int cyc = len - first;
        for (int i = 0; i <= cyc; i++) {
            int c = path[first + (lowest - first + i) % cyc];
            const char *id = t->cols[c].id ? t->cols[c].id : "?";
            if (cyc > 8 && i > 6 && i < cyc)
                continue; /* a long cycle: "a → b → … → a" */
            if (cyc > 8 && i == 6)
                id = "\xE2\x80\xA6";
            size_t need = tl + strlen(id) + 8;
            if (need > cap) {
                while (need > cap)
                    cap *= 2;
                txt = xrealloc(txt, cap);
            }
            tl += (size_t)snprintf(txt + tl, cap - tl, "%s%s",
                                   i ? " \xE2\x86\x92 " : "", id);
        }
        int head = path[lowest];
        add_problem(t, CALC_PROB_CYCLE, t->cols[head].node,
                    t->cols[head].formula, arena_strdup(doc_arena(t->d), txt));
        free(txt);
        /* the columns of the cycle keep their stated figures only; their
         * dependents no longer wait for them */
        for (int i = first; i < len; i++) {
            int c = path[i];
            t->cols[c].usable = false;
            queued[c] = true;
            queue[qt++] = c;
        }
    }
    free(indeg);
    free(start);
    free(queue);
    free(stamp);
    free(pos);
    free(path);
    free(queued);
    free(fill);
    free(dep);
}

/* --- rows ------------------------------------------------------------------
 */

typedef struct {
    num_wide m;
    int s;
    size_t n;     /* figures added */
    bool blocked; /* a figure that is missing, invalid, or an overflow */
    bool wrapped; /* the wide mantissa itself overflowed */
} accum;

typedef struct {
    const doc_node *group;
    accum *acc;   /* ncols */
    long sum_row; /* the group's summa row, -1 when none yet */
} frame;

/* Adds a figure (ok) exactly; whether the total is within the limits is
 * decided when it is read (accum_value), so that a total that grows past
 * them and comes back (positive and negative terms) is still right. */
static void accum_add(accum *a, cnum v)
{
    if (a->blocked || a->wrapped)
        return;
    if (a->n == 0) {
        a->m = v.m;
        a->s = v.s;
        a->n = 1;
        return;
    }
    if (!wide_add(a->m, a->s, v.m, v.s, 1, &a->m, &a->s))
        a->wrapped = true;
    a->n++;
}

static cnum accum_value(const accum *a)
{
    cnum r = {a->m, a->s, false, false};
    if (a->blocked || a->n == 0)
        return r;
    if (a->wrapped) {
        r.s = -1;
        r.big = true;
        return r;
    }
    r.ok = num_fits(a->m, a->s);
    r.big = !r.ok;
    return r;
}

static size_t add_total(calc_table *t, cnum *vals)
{
    if (t->ntotals == t->cap_totals) {
        t->cap_totals = t->cap_totals ? t->cap_totals * 2 : 8;
        t->totals = xrealloc(t->totals, t->cap_totals * sizeof *t->totals);
    }
    t->totals[t->ntotals] = vals;
    return t->ntotals++;
}

static crow *new_row(calc_table *t, const doc_node *node, calc_row_kind kind,
                     const doc_node *group)
{
    if (t->nrows == t->cap_rows) {
        t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 32;
        t->rows = xrealloc(t->rows, t->cap_rows * sizeof *t->rows);
    }
    crow *r = &t->rows[t->nrows++];
    memset(r, 0, sizeof *r);
    r->node = node;
    r->kind = kind;
    r->group = group;
    r->cells = xcalloc((size_t)(t->ncols ? t->ncols : 1), sizeof *r->cells);
    return r;
}

/* The cells of a row by column, honouring spann; the stated figures. */
static void read_cells(calc_table *t, crow *r)
{
    int col = 0;
    for (const doc_node *x = doc_node_first_child(r->node); x;
         x = doc_node_next(x)) {
        if (doc_node_kind(x) != DOC_CELL)
            continue;
        if (col >= t->ncols)
            break; /* validate reports the extra cells (TAB-01) */
        int span = doc_cell_span(x);
        if (span > t->ncols - col)
            span = t->ncols - col;
        const char *text = NULL;
        for (int k = col; k < col + span; k++) {
            ccell *c = &r->cells[k];
            c->cell = x;
            c->spans = span > 1;
            c->stated.kind = NUM_EMPTY;
            if (!numeric_type(t->cols[k].type) || r->kind == CALC_ROW_RUBRIK)
                continue;
            if (!text)
                text = doc_node_plain_text(t->d, x);
            c->stated = num_parse(text);
            if (c->spans && c->stated.kind != NUM_EMPTY) {
                /* a text over several figures: none of them is known */
                memset(&c->stated, 0, sizeof c->stated);
                c->stated.kind = NUM_INVALID;
            }
        }
        col += span;
    }
}

static cnum stated_num(const ccell *c)
{
    cnum r = {c->stated.mant, c->stated.scale, c->stated.kind == NUM_VALUE,
              false};
    return r;
}

/* The effective figure of a cell whose formula and total are known: the
 * stated number, else (not for a missing mark) the computed one. */
static void set_effective(ccell *c)
{
    if (c->stated.kind == NUM_VALUE)
        c->eff = stated_num(c);
    else if (c->stated.kind == NUM_EMPTY || c->stated.kind == NUM_INVALID)
        c->eff = known(c->formula) ? c->formula : c->sum;
    else
        c->eff.ok = false;
}

/* Evaluates the column formulas of a row, in dependency order. */
static void eval_formulas(calc_table *t, crow *r)
{
    for (int i = 0; i < t->norder; i++) {
        int j = t->order[i];
        const ccol *c = &t->cols[j];
        cnum v = {0, 0, true, false};
        for (int k = 0; k < c->nops && known(v); k++) {
            cnum o = r->cells[c->ops[k].col].eff;
            v = k == 0 ? o : cadd(v, o, c->ops[k].sign);
            if (k == 0 && c->ops[k].sign < 0 && v.s >= 0)
                v.m = -v.m; /* exact in the wide mantissa */
        }
        ccell *cell = &r->cells[j];
        cell->formula = v;
        set_effective(cell);
        for (int k = 0; k < c->nops && cell->blank; k++)
            cell->blank = r->cells[c->ops[k].col].blank;
    }
}

static void note_computed_scale(calc_table *t, int j, cnum v)
{
    if (v.ok && v.s > t->cols[j].computed_dec)
        t->cols[j].computed_dec = v.s;
}

/* A data, varav or rubrik row. */
static void do_row(calc_table *t, crow *r, frame *frames, int depth,
                   accum *table_acc)
{
    read_cells(t, r);
    if (r->kind == CALC_ROW_RUBRIK)
        return;
    for (int j = 0; j < t->ncols; j++) {
        r->cells[j].blank = r->cells[j].stated.kind == NUM_EMPTY;
        set_effective(&r->cells[j]);
    }
    eval_formulas(t, r);
    for (int j = 0; j < t->ncols; j++)
        note_computed_scale(t, j, r->cells[j].formula);
    if (r->kind != CALC_ROW_DATA)
        return;
    for (int j = 0; j < t->ncols; j++) {
        if (!t->cols[j].summed)
            continue;
        const ccell *c = &r->cells[j];
        if (!known(c->eff) && c->blank)
            continue; /* an empty cell adds nothing */
        /* a big figure (reported at its cell) is added exactly too */
        bool add = known(c->eff) && c->eff.s >= 0;
        for (int f = 0; f < depth; f++) {
            if (add)
                accum_add(&frames[f].acc[j], c->eff);
            else
                frames[f].acc[j].blocked = true;
        }
        if (add)
            accum_add(&table_acc[j], c->eff);
        else
            table_acc[j].blocked = true;
    }
}

/* A summa row: totals first, then the column formulas. */
static void do_sum_row(calc_table *t, crow *r, frame *top, hmap *totals_by_id,
                       accum *table_acc)
{
    read_cells(t, r);
    const char *formula = doc_node_attr(r->node, "formel");
    bool ok = true;
    if (formula) {
        const char **names;
        int *signs;
        int n = parse_formula(doc_arena(t->d), formula, &names, &signs);
        if (n > 0) {
            r->ops = xcalloc((size_t)n, sizeof *r->ops);
            r->nops = n;
        }
        for (int k = 0; k < n; k++) {
            size_t idx;
            r->ops[k].sign = signs[k];
            r->ops[k].total = -1;
            if (hmap_get(totals_by_id, names[k], &idx)) {
                r->ops[k].total = (int)idx;
            } else {
                add_problem(t, CALC_PROB_UNKNOWN_TOTAL, r->node, formula,
                            names[k]);
                ok = false;
            }
        }
        if (n == 0)
            ok = false;
        free(names);
        free(signs);
    }
    for (int j = 0; j < t->ncols; j++) {
        ccell *c = &r->cells[j];
        if (!t->cols[j].summed || !ok)
            continue;
        if (formula) {
            cnum v = {0, 0, true, false};
            for (int k = 0; k < r->nops && known(v); k++) {
                cnum o = t->totals[r->ops[k].total][j];
                v = k == 0 ? o : cadd(v, o, r->ops[k].sign);
                if (k == 0 && r->ops[k].sign < 0 && v.s >= 0)
                    v.m = -v.m; /* exact in the wide mantissa */
            }
            c->sum = v;
            c->src = CALC_SUM_FORMULA;
        } else if (top) {
            c->sum = accum_value(&top->acc[j]);
            c->src = CALC_SUM_GROUP;
        } else {
            c->sum = accum_value(&table_acc[j]);
            c->src = CALC_SUM_TABLE;
        }
        if (!c->sum.ok)
            c->src = CALC_SUM_NONE;
        note_computed_scale(t, j, c->sum);
    }
    for (int j = 0; j < t->ncols; j++)
        set_effective(&r->cells[j]);
    eval_formulas(t, r);
    for (int j = 0; j < t->ncols; j++)
        note_computed_scale(t, j, r->cells[j].formula);
    const char *id = doc_node_attr(r->node, "id");
    if (id) {
        cnum *vals = xcalloc((size_t)(t->ncols ? t->ncols : 1), sizeof *vals);
        for (int j = 0; j < t->ncols; j++)
            vals[j] = r->cells[j].eff;
        hmap_put(totals_by_id, id, add_total(t, vals));
    }
}

static void close_group(calc_table *t, frame *f, hmap *totals_by_id)
{
    const char *id = doc_node_attr(f->group, "id");
    if (id) {
        cnum *vals = xcalloc((size_t)(t->ncols ? t->ncols : 1), sizeof *vals);
        for (int j = 0; j < t->ncols; j++)
            vals[j] = f->sum_row >= 0 && t->rows[f->sum_row].cells[j].eff.ok
                          ? t->rows[f->sum_row].cells[j].eff
                          : accum_value(&f->acc[j]);
        hmap_put(totals_by_id, id, add_total(t, vals));
    }
    free(f->acc);
    f->acc = NULL;
}

static void read_rows(calc_table *t)
{
    size_t nc = (size_t)(t->ncols ? t->ncols : 1);
    accum *table_acc = xcalloc(nc, sizeof *table_acc);
    frame *frames = NULL;
    int depth = 0, cap = 0;
    hmap totals_by_id = {NULL, 0, 0, true};
    doc_iter it;
    doc_iter_init(&it, (doc_node *)t->node);
    doc_node *n;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        doc_kind k = doc_node_kind(n);
        if (n == t->node)
            continue;
        if (k == DOC_GROUP) {
            if (ev == DOC_EV_ENTER) {
                if (depth == cap) {
                    cap = cap ? cap * 2 : 8;
                    frames = xrealloc(frames, (size_t)cap * sizeof *frames);
                }
                frames[depth++] = (frame){n, xcalloc(nc, sizeof(accum)), -1};
                if (doc_node_first_child(n))
                    continue; /* an exit event follows */
            }
            close_group(t, &frames[--depth], &totals_by_id);
            continue;
        }
        if (ev != DOC_EV_ENTER)
            continue;
        const doc_node *group = depth ? frames[depth - 1].group : NULL;
        if (k == DOC_ROW) {
            doc_row_type typ = doc_row_type_of(n);
            calc_row_kind rk = CALC_ROW_DATA;
            if (typ == DOC_ROW_VARAV)
                rk = CALC_ROW_VARAV;
            else if (typ == DOC_ROW_RUBRIK)
                rk = CALC_ROW_RUBRIK;
            do_row(t, new_row(t, n, rk, group), frames, depth, table_acc);
        } else if (k == DOC_SUMROW) {
            crow *r = new_row(t, n, CALC_ROW_SUM, group);
            frame *top = depth ? &frames[depth - 1] : NULL;
            if (top)
                top->sum_row = (long)(t->nrows - 1);
            do_sum_row(t, r, top, &totals_by_id, table_acc);
        }
        doc_iter_skip_children(&it);
    }
    while (depth > 0) /* not reached: the iterator closes every group */
        free(frames[--depth].acc);
    free(frames);
    free(table_acc);
    free(totals_by_id.v);
}

/* Most decimals typed per column, and the node map. */
static void finish(calc_table *t)
{
    hmap_reserve(&t->cells, t->nrows * ((size_t)t->ncols + 1));
    for (size_t i = 0; i < t->nrows; i++) {
        crow *r = &t->rows[i];
        hmap_put(&t->cells, r->node, i * ((size_t)t->ncols + 1));
        for (int j = 0; j < t->ncols; j++) {
            const ccell *c = &r->cells[j];
            if (c->stated.kind == NUM_VALUE && !c->spans &&
                c->stated.scale > t->cols[j].typed_dec)
                t->cols[j].typed_dec = c->stated.scale;
            if (c->cell && (j == 0 || r->cells[j - 1].cell != c->cell))
                hmap_put(&t->cells, c->cell,
                         i * ((size_t)t->ncols + 1) + (size_t)j + 1);
        }
    }
}

typedef struct {
    calc_problem p;
    size_t seq;
} seq_prob;

static int cmp_prob(const void *a, const void *b)
{
    const seq_prob *p = a, *q = b;
    uint32_t la = doc_node_line(p->p.node), lb = doc_node_line(q->p.node);
    if (la != lb)
        return la < lb ? -1 : 1;
    uint32_t ca = doc_node_col(p->p.node), cb = doc_node_col(q->p.node);
    if (ca != cb)
        return ca < cb ? -1 : 1;
    return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/* Problems in document order; those of one element in the order found. */
static void sort_problems(calc_table *t)
{
    if (t->nprobs < 2)
        return;
    seq_prob *v = xcalloc(t->nprobs, sizeof *v);
    for (size_t i = 0; i < t->nprobs; i++)
        v[i] = (seq_prob){t->probs[i], i};
    qsort(v, t->nprobs, sizeof *v, cmp_prob);
    for (size_t i = 0; i < t->nprobs; i++)
        t->probs[i] = v[i].p;
    free(v);
}

calc_table *calc_table_new(doc *d, const doc_node *node)
{
    if (!node || doc_node_kind(node) != DOC_TABLE)
        return NULL;
    calc_table *t = xcalloc(1, sizeof *t);
    t->d = d;
    t->node = node;
    t->cells.strings = false;
    const char *tol = doc_node_attr(node, "tolerans");
    if (tol)
        t->has_tol = parse_decimal(tol, &t->tol_m, &t->tol_s);
    read_columns(t);
    order_columns(t);
    read_rows(t);
    finish(t);
    sort_problems(t);
    return t;
}

const calc_table *doc_table_calc(doc *d, const doc_node *node)
{
    if (!node || doc_node_kind(node) != DOC_TABLE)
        return NULL;
    doc_node *n = (doc_node *)node; /* the document's own node */
    doc_node_ext *x = doc_node_ext_of(d, n);
    if (x->calc)
        return x->calc;
    x->calc = calc_table_new(d, node);
    d->has_calcs = true;
    return x->calc;
}

void doc_table_calc_release(doc *d, const doc_node *node)
{
    doc_node *n = (doc_node *)node;
    if (!n || n->kind != DOC_TABLE || !n->u.el.ext || !n->u.el.ext->calc)
        return;
    (void)d;
    calc_table_free(n->u.el.ext->calc);
    n->u.el.ext->calc = NULL;
}

void calc_table_free(calc_table *t)
{
    if (!t)
        return;
    for (int j = 0; j < t->ncols; j++)
        free(t->cols[j].ops);
    free(t->cols);
    free(t->order);
    for (size_t i = 0; i < t->nrows; i++) {
        free(t->rows[i].cells);
        free(t->rows[i].ops);
    }
    free(t->rows);
    for (size_t i = 0; i < t->ntotals; i++)
        free(t->totals[i]);
    free(t->totals);
    free(t->probs);
    free(t->cells.v);
    free(t);
}

/* --- accessors ------------------------------------------------------------ */

const doc_node *calc_table_node(const calc_table *t)
{
    return t->node;
}

bool calc_table_tolerance(const calc_table *t, int64_t *mant, int *scale)
{
    if (t->has_tol) {
        *mant = t->tol_m;
        *scale = t->tol_s;
    }
    return t->has_tol;
}

int calc_ncols(const calc_table *t)
{
    return t->ncols;
}

static const ccol *col_at(const calc_table *t, int col)
{
    return col >= 0 && col < t->ncols ? &t->cols[col] : NULL;
}

const doc_node *calc_col_node(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    return c ? c->node : NULL;
}

const char *calc_col_label(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    return c ? c->label : NULL;
}

const char *calc_col_id(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    return c ? c->id : NULL;
}

calc_col_type calc_col_type_of(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    return c ? c->type : CALC_COL_TEXT;
}

bool calc_col_numeric(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    return c && numeric_type(c->type);
}

bool calc_col_summed(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    return c && c->summed;
}

const char *calc_col_formula(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    return c ? c->formula : NULL;
}

const char *calc_col_formula_text(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    return c ? c->formula_text : NULL;
}

bool calc_col_computed(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    return c && c->computed;
}

int calc_col_decimals(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    if (!c)
        return 0;
    if (c->declared_dec >= 0)
        return c->declared_dec;
    if (c->typed_dec >= 0)
        return c->typed_dec;
    return c->computed_dec >= 0 ? c->computed_dec : 0;
}

int calc_col_declared_decimals(const calc_table *t, int col)
{
    const ccol *c = col_at(t, col);
    return c ? c->declared_dec : -1;
}

void calc_col_tolerance(const calc_table *t, int col, int64_t *mant, int *scale)
{
    const ccol *c = col_at(t, col);
    if (t->has_tol) {
        *mant = t->tol_m;
        *scale = t->tol_s;
        return;
    }
    /* rules.md §5: a total of rounded figures may be off by a unit or two */
    *mant = 2;
    *scale = !c                     ? 0
             : c->declared_dec >= 0 ? c->declared_dec
             : c->typed_dec >= 0    ? c->typed_dec
                                    : 0;
}

size_t calc_nrows(const calc_table *t)
{
    return t->nrows;
}

const doc_node *calc_row_node(const calc_table *t, size_t row)
{
    return row < t->nrows ? t->rows[row].node : NULL;
}

calc_row_kind calc_row_kind_of(const calc_table *t, size_t row)
{
    return row < t->nrows ? t->rows[row].kind : CALC_ROW_RUBRIK;
}

const doc_node *calc_row_group(const calc_table *t, size_t row)
{
    return row < t->nrows ? t->rows[row].group : NULL;
}

bool calc_row_index(const calc_table *t, const doc_node *row_node, size_t *row)
{
    size_t v;
    if (!hmap_get(&t->cells, row_node, &v) || v % ((size_t)t->ncols + 1))
        return false;
    *row = v / ((size_t)t->ncols + 1);
    return true;
}

static const ccell *cell_at(const calc_table *t, size_t row, int col)
{
    if (row >= t->nrows || col < 0 || col >= t->ncols)
        return NULL;
    return &t->rows[row].cells[col];
}

const doc_node *calc_cell(const calc_table *t, size_t row, int col)
{
    const ccell *c = cell_at(t, row, col);
    return c ? c->cell : NULL;
}

bool calc_cell_spans(const calc_table *t, size_t row, int col)
{
    const ccell *c = cell_at(t, row, col);
    return c && c->spans;
}

bool calc_cell_locate(const calc_table *t, const doc_node *cell, size_t *row,
                      int *col)
{
    size_t v;
    if (!hmap_get(&t->cells, cell, &v) || v % ((size_t)t->ncols + 1) == 0)
        return false;
    *row = v / ((size_t)t->ncols + 1);
    *col = (int)(v % ((size_t)t->ncols + 1)) - 1;
    return true;
}

num_value calc_stated(const calc_table *t, size_t row, int col)
{
    const ccell *c = cell_at(t, row, col);
    num_value v = {0};
    v.kind = NUM_EMPTY;
    return c ? c->stated : v;
}

static bool give(cnum v, int64_t *mant, int *scale)
{
    if (!v.ok)
        return false;
    *mant = (int64_t)v.m; /* ok: within the limits, under 10^18 */
    *scale = v.s;
    return true;
}

bool calc_formula_value(const calc_table *t, size_t row, int col, int64_t *mant,
                        int *scale)
{
    const ccell *c = cell_at(t, row, col);
    return c && give(c->formula, mant, scale);
}

bool calc_sum_value(const calc_table *t, size_t row, int col, int64_t *mant,
                    int *scale, calc_sum_source *src)
{
    const ccell *c = cell_at(t, row, col);
    if (src)
        *src = c && c->sum.ok ? c->src : CALC_SUM_NONE;
    return c && give(c->sum, mant, scale);
}

bool calc_computed(const calc_table *t, size_t row, int col, int64_t *mant,
                   int *scale)
{
    const ccell *c = cell_at(t, row, col);
    return c && give(c->formula.ok ? c->formula : c->sum, mant, scale);
}

bool calc_effective(const calc_table *t, size_t row, int col, int64_t *mant,
                    int *scale)
{
    const ccell *c = cell_at(t, row, col);
    return c && give(c->eff, mant, scale);
}

bool calc_too_large(const calc_table *t, size_t row, int col, bool *formula,
                    char *fig, size_t size)
{
    const ccell *c = cell_at(t, row, col);
    if (!c || (!c->formula.big && !c->sum.big))
        return false;
    cnum v = c->formula.big ? c->formula : c->sum;
    if (formula)
        *formula = c->formula.big;
    if (v.s < 0)
        snprintf(fig, size, "%s", ""); /* beyond even the wide mantissa */
    else
        num_format_wide(v.m, v.s, v.s, t->cols[col].type == CALC_COL_PROCENT,
                        fig, size);
    return true;
}

bool calc_fill(const calc_table *t, size_t row, int col, int64_t *mant,
               int *scale)
{
    const ccell *c = cell_at(t, row, col);
    if (!c || !c->cell || c->spans || c->stated.kind != NUM_EMPTY)
        return false;
    if (t->rows[row].kind != CALC_ROW_SUM && !t->cols[col].computed)
        return false;
    return calc_computed(t, row, col, mant, scale);
}

bool calc_fill_text(const calc_table *t, const doc_node *cell, char *out,
                    size_t size)
{
    size_t row;
    int col;
    int64_t m;
    int s;
    if (!t || !calc_cell_locate(t, cell, &row, &col) ||
        !calc_fill(t, row, col, &m, &s))
        return false;
    calc_format(m, s, calc_col_decimals(t, col),
                t->cols[col].type == CALC_COL_PROCENT, out, size);
    return true;
}

/* Appends text to out (size bytes) at *len, truncating. */
static void put(char *out, size_t size, size_t *len, const char *text)
{
    if (*len >= size)
        return;
    int k = snprintf(out + *len, size - *len, "%s", text);
    *len += k > 0 ? (size_t)k : 0;
    if (*len >= size)
        *len = size - 1;
}

/* One operand of a written-out formula: " − (−5)". */
static void put_term(char *out, size_t size, size_t *len, int k, int sign,
                     cnum v, int decimals, bool percent)
{
    char num[96];
    num_format_wide(v.m, v.s, decimals > v.s ? decimals : v.s, percent, num,
                    sizeof num);
    if (k > 0)
        put(out, size, len, sign < 0 ? " \xE2\x88\x92 " : " + ");
    if (k > 0 && v.m < 0) {
        put(out, size, len, "(");
        put(out, size, len, num);
        put(out, size, len, ")");
    } else {
        put(out, size, len, num);
    }
}

bool calc_explain(const calc_table *t, size_t row, int col, bool total,
                  char *out, size_t size)
{
    const ccell *c = cell_at(t, row, col);
    size_t len = 0;
    if (!c || size == 0)
        return false;
    out[0] = '\0';
    if (!total) {
        const ccol *fc = &t->cols[col];
        if (!c->formula.ok || !fc->computed)
            return false;
        put(out, size, &len, fc->formula_text);
        put(out, size, &len, " = ");
        for (int k = 0; k < fc->nops; k++) {
            const ccol *oc = &t->cols[fc->ops[k].col];
            put_term(out, size, &len, k, fc->ops[k].sign,
                     t->rows[row].cells[fc->ops[k].col].eff, oc->declared_dec,
                     oc->type == CALC_COL_PROCENT);
        }
        return true;
    }
    const crow *r = &t->rows[row];
    if (!c->sum.ok || c->src != CALC_SUM_FORMULA)
        return false;
    const char **names;
    int *signs;
    int n = parse_formula(doc_arena(t->d), doc_node_attr(r->node, "formel"),
                          &names, &signs);
    for (int k = 0; k < n; k++) {
        if (k > 0)
            put(out, size, &len, signs[k] < 0 ? " \xE2\x88\x92 " : " + ");
        put(out, size, &len, names[k]);
    }
    put(out, size, &len, " = ");
    for (int k = 0; k < r->nops && k < n; k++)
        put_term(out, size, &len, k, r->ops[k].sign,
                 t->totals[r->ops[k].total][col], t->cols[col].declared_dec,
                 t->cols[col].type == CALC_COL_PROCENT);
    free(names);
    free(signs);
    return true;
}

size_t calc_nproblems(const calc_table *t)
{
    return t->nprobs;
}

const calc_problem *calc_problem_at(const calc_table *t, size_t i)
{
    return i < t->nprobs ? &t->probs[i] : NULL;
}
