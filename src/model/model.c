/*
 * model.c: building and reading the document tree, the enter/exit
 * iterator, and the computed numbering of sections, tables, figures and
 * footnotes.
 */
#include <stdlib.h>
#include <string.h>

#include "calc.h"
#include "model_impl.h"

static const char *const kind_names[DOC_KIND_COUNT] = {
    [DOC_ROOT] = "rapport",
    [DOC_SECTION] = "avsnitt",
    [DOC_HEADING] = "rubrik",
    [DOC_PARA] = "stycke",
    [DOC_LIST] = "lista",
    [DOC_ITEM] = "punkt",
    [DOC_QUOTE] = "citat",
    [DOC_TABLE] = "tabell",
    [DOC_CAPTION] = "rubrik",
    [DOC_COLUMN] = "kolumn",
    [DOC_HEADROW] = "huvud",
    [DOC_ROW] = "rad",
    [DOC_GROUP] = "grupp",
    [DOC_SUMROW] = "summa",
    [DOC_CELL] = "cell",
    [DOC_SOURCE] = "kalla",
    [DOC_CHART] = "diagram",
    [DOC_IMAGE] = "bild",
    [DOC_PAGEBREAK] = "sidbrytning",
    [DOC_TEXT] = "#text",
    [DOC_BOLD] = "fet",
    [DOC_ITALIC] = "kursiv",
    [DOC_LINK] = "lank",
    [DOC_REF] = "ref",
    [DOC_FOOTNOTE] = "fotnot",
};

const char *doc_kind_name(doc_kind kind)
{
    return (unsigned)kind < DOC_KIND_COUNT ? kind_names[kind] : "?";
}

doc *doc_new(const char *path)
{
    doc *d = xcalloc(1, sizeof *d);
    d->arena = d->own = arena_new();
    d->path = xstrdup(path ? path : "");
    d->dir = xstrdup(d->path);
    char *slash = strrchr(d->dir, '/');
    if (slash && slash != d->dir)
        *slash = '\0';
    else if (slash)
        slash[1] = '\0';
    else
        strcpy(d->dir, ".");
    d->lang = "sv";
    d->root = doc_node_new(d, DOC_ROOT, 0, 0);
    return d;
}

void doc_free(doc *d)
{
    if (!d)
        return;
    if (d->has_calcs && d->root) {
        /* the tables' kept computations (doc_table_calc) */
        doc_iter it;
        doc_iter_init(&it, d->root);
        doc_node *n;
        doc_event ev;
        while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE)
            if (ev == DOC_EV_ENTER && n->kind == DOC_TABLE && n->u.el.ext &&
                n->u.el.ext->calc)
                calc_table_free(n->u.el.ext->calc);
    }
    for (size_t i = 0; i < d->ngroups; i++)
        arena_free(d->groups[i].a);
    free(d->groups);
    free(d->parts);
    arena_free(d->own);
    free(d->ids);
    free(d->path);
    free(d->dir);
    free(d);
}

arena *doc_arena(doc *d)
{
    return d->own;
}

/* --- parts ------------------------------------------------------------------
 *
 * While a part is built its nodes, texts, attributes and records come
 * from its group's arena, so that a long report's model can be given up
 * group by group once its pages are made (doc_release_part). Each group
 * has its pools, kept between its parts: no group shares a pool with
 * another or with what the document allocates outside parts. */

enum {
    PART_GROUP = 256 * 1024, /* bytes of a group's arena before the next */
    GIVE_BACK = 1024 * 1024, /* bytes freed before the heap gives back */
};

/* The bytes of a group: ARSRAPPORT_DELGRUPP (a number of bytes, 1: a
 * group for every part) is for tests, which give up every part as soon
 * as it can go to see that nothing reads one after. */
static size_t part_group(void)
{
    const char *e = getenv("ARSRAPPORT_DELGRUPP");
    if (!e || !*e)
        return PART_GROUP;
    char *end;
    unsigned long long v = strtoull(e, &end, 10);
    return *end || v == 0 || v > PART_GROUP ? PART_GROUP : (size_t)v;
}

void doc_part_begin(doc *d)
{
    if (d->in_part)
        return;
    d->in_part = true;
    if (!d->part_group)
        d->part_group = part_group(); /* once a document, not a part */
    doc_group *g = d->ngroups ? &d->groups[d->ngroups - 1] : NULL;
    if (!g || !g->a || arena_used(g->a) >= d->part_group) {
        if (d->ngroups == d->cap_groups) {
            d->cap_groups = d->cap_groups ? d->cap_groups * 2 : 16;
            d->groups = xrealloc(d->groups, d->cap_groups * sizeof *d->groups);
        }
        g = &d->groups[d->ngroups++];
        *g = (doc_group){arena_new_small(), 0, {0}};
    }
    /* the group's pools go on where its last part left them */
    d->arena = g->a;
    d->own_pools = d->pools;
    d->pools = g->pools;
    if (d->nparts == d->cap_parts) {
        d->cap_parts = d->cap_parts ? d->cap_parts * 2 : 16;
        d->parts = xrealloc(d->parts, d->cap_parts * sizeof *d->parts);
    }
    d->parts[d->nparts] = (doc_part){NULL, d->ngroups - 1, d->n_ids, d->n_ids};
}

void doc_part_end(doc *d, doc_node *top)
{
    if (!d->in_part)
        return;
    d->in_part = false;
    doc_part *p = &d->parts[d->nparts++];
    p->top = top;
    p->id_hi = d->n_ids;
    /* a part without a top (nothing built, or more than one node) is
     * never released: its group never frees */
    d->groups[p->group].alive++;
    if (top)
        top->flags |= NODE_PART;
    d->arena = d->own;
    d->groups[p->group].pools = d->pools;
    d->pools = d->own_pools;
}

/* Layout asks in document order: from where the last answer was. */
static doc_part *part_of(doc *d, const doc_node *top)
{
    if (!top || !(top->flags & NODE_PART))
        return NULL;
    for (size_t k = 0; k < d->nparts; k++) {
        size_t i = (d->part_hint + k) % d->nparts;
        if (d->parts[i].top == top) {
            d->part_hint = i;
            return &d->parts[i];
        }
    }
    return NULL;
}

bool doc_is_part(doc *d, const doc_node *top)
{
    return part_of(d, top) != NULL;
}

bool doc_release_part(doc *d, doc_node *top)
{
    doc_part *p = part_of(d, top);
    if (!p || top->parent != d->root || d->in_part)
        return false;
    /* what the part's nodes hold outside its arena: the tables' kept
     * computations */
    if (d->has_calcs) {
        doc_iter it;
        doc_iter_init(&it, top);
        doc_node *n;
        doc_event ev;
        while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE)
            if (ev == DOC_EV_ENTER && n->kind == DOC_TABLE && n->u.el.ext &&
                n->u.el.ext->calc) {
                calc_table_free(n->u.el.ext->calc);
                n->u.el.ext->calc = NULL;
            }
    }
    doc_node_remove(top);
    top->flags &= (uint8_t)~NODE_PART;
    for (size_t i = p->id_lo; i < p->id_hi && i < d->n_ids; i++)
        d->ids[i].node = NULL;
    p->top = NULL;
    doc_group *g = &d->groups[p->group];
    /* the last group may still take parts: freed with the document */
    if (--g->alive == 0 && p->group + 1 < d->ngroups) {
        d->released += arena_used(g->a);
        arena_free(g->a);
        g->a = NULL;
        if (d->released >= GIVE_BACK) {
            heap_give_back();
            d->released = 0;
        }
    }
    return true;
}
const char *doc_path(const doc *d)
{
    return d->path;
}
const char *doc_dir(const doc *d)
{
    return d->dir;
}
doc_node *doc_root(const doc *d)
{
    return d->root;
}
doc_meta *doc_metadata(doc *d)
{
    return &d->meta;
}
const char *doc_type(const doc *d)
{
    return d->typ;
}
const char *doc_lang(const doc *d)
{
    return d->lang;
}

void doc_set_type(doc *d, const char *typ)
{
    d->typ = arena_strdup(d->arena, typ);
}

void doc_set_lang(doc *d, const char *lang)
{
    d->lang = arena_strdup(d->arena, lang);
}

enum {
    NODE_POOL = 256,   /* nodes cut from one arena allocation */
    CHARS_POOL = 8192, /* bytes of packed short texts per allocation */
    CHARS_SHORT = 512  /* longer texts get an allocation of their own */
};

doc_node *doc_node_new(doc *d, doc_kind kind, uint32_t line, uint32_t col)
{
    /* arrays of nodes: the arena would round each 56-byte node up to 64 */
    doc_pools *pl = &d->pools;
    if (pl->pool_left == 0) {
        pl->pool = arena_alloc(d->arena, NODE_POOL * sizeof *pl->pool);
        pl->pool_left = NODE_POOL;
    }
    doc_node *n = pl->pool++;
    pl->pool_left--;
    n->kind = (uint8_t)kind;
    n->line = line;
    n->col = col;
    n->span = 1;
    n->col_type = DOC_COL_TEXT;
    /* the kinds that are numbered get their record at once, so that
     * reading them never allocates (doc_table_calc) */
    if (kind == DOC_SECTION || kind == DOC_TABLE || kind == DOC_CHART ||
        kind == DOC_IMAGE || kind == DOC_FOOTNOTE)
        doc_node_ext_of(d, n);
    return n;
}

doc_node_ext *doc_node_ext_of(doc *d, doc_node *n)
{
    if (!n->u.el.ext)
        n->u.el.ext = arena_alloc(d->arena, sizeof *n->u.el.ext);
    return n->u.el.ext;
}

/* A copy of text[0, len) with its NUL; short ones packed without the
 * arena's 16-byte alignment. */
static const char *copy_text(doc *d, const char *text, size_t len)
{
    if (len >= CHARS_SHORT)
        return arena_strndup(d->arena, text, len);
    doc_pools *pl = &d->pools;
    if (pl->chars_left < len + 1) {
        pl->chars = arena_alloc(d->arena, CHARS_POOL);
        pl->chars_left = CHARS_POOL;
    }
    char *p = pl->chars;
    memcpy(p, text, len);
    p[len] = '\0';
    pl->chars += len + 1;
    pl->chars_left -= len + 1;
    return p;
}

/* The children of a text node are none: its room holds its text. */
static doc_node *first_of(const doc_node *n)
{
    return n->kind == DOC_TEXT ? NULL : n->u.el.first;
}

void doc_node_insert_before(doc_node *ref, doc_node *child)
{
    doc_node *parent = ref->parent;
    if (!parent)
        return;
    child->parent = parent;
    child->next = ref;
    child->prev = ref->prev; /* the last child when ref is the first */
    if (parent->u.el.first == ref)
        parent->u.el.first = child;
    else
        ref->prev->next = child;
    ref->prev = child;
}

void doc_node_append_child(doc_node *parent, doc_node *child)
{
    if (parent->kind == DOC_TEXT)
        return; /* a text node has no children (callers never ask) */
    child->parent = parent;
    child->next = NULL;
    doc_node *first = parent->u.el.first;
    if (!first) {
        parent->u.el.first = child;
        child->prev = child;
        return;
    }
    doc_node *last = first->prev;
    last->next = child;
    child->prev = last;
    first->prev = child;
}

void doc_node_set_pos(doc_node *n, uint32_t line, uint32_t col)
{
    n->line = line;
    n->col = col;
}

void doc_node_remove(doc_node *n)
{
    doc_node *p = n->parent;
    if (!p)
        return;
    if (p->u.el.first == n) {
        p->u.el.first = n->next;
        if (n->next)
            n->next->prev = n->prev; /* the last child */
    } else {
        n->prev->next = n->next;
        if (n->next)
            n->next->prev = n->prev;
        else
            p->u.el.first->prev = n->prev; /* n was the last */
    }
    n->parent = n->prev = n->next = NULL;
}

void doc_node_set_text(doc *d, doc_node *n, const char *text, size_t len)
{
    if (n->kind != DOC_TEXT)
        return; /* only text nodes have text (doc_node_text) */
    n->u.tx.text = copy_text(d, text, len);
    n->u.tx.anchors = NULL;
    n->n_anchors = 0;
    n->flags &= (uint8_t)~NODE_ANCHOR0;
}

/* --- positions inside text ------------------------------------------------ */

void doc_node_set_text_map(doc *d, doc_node *n, const doc_text_anchor *a,
                           size_t count)
{
    if (n->kind != DOC_TEXT)
        return;
    n->u.tx.anchors = NULL;
    n->n_anchors = 0;
    n->flags &= (uint8_t)~NODE_ANCHOR0;
    if (count == 0 || count > UINT32_MAX)
        return;
    /* the usual map, one anchor at the start on the node's line, is kept
     * in the node: most text nodes (a table's cells) have just it */
    if (count == 1 && a[0].off == 0 && a[0].line == n->line) {
        n->flags |= NODE_ANCHOR0;
        n->n_anchors = a[0].col;
        return;
    }
    doc_text_anchor *copy = arena_alloc(d->arena, count * sizeof *copy);
    memcpy(copy, a, count * sizeof *copy);
    n->u.tx.anchors = copy;
    n->n_anchors = (uint32_t)count;
}

/* Code points in the bytes [from, to) of s, stopping at its end. */
static uint32_t count_cps(const char *s, size_t from, size_t to)
{
    uint32_t k = 0;
    for (size_t i = from; i < to && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

void doc_node_text_pos(const doc_node *n, size_t off, uint32_t *line,
                       uint32_t *col)
{
    /* no strlen: diagnostics ask for many offsets of one long text */
    const char *t = doc_node_text(n) ? n->u.tx.text : "";
    if (n->kind == DOC_TEXT && (n->flags & NODE_ANCHOR0)) {
        *line = n->line;
        *col = n->n_anchors + count_cps(t, 0, off);
        return;
    }
    if (n->kind != DOC_TEXT || n->n_anchors == 0) {
        *line = n->line;
        *col = n->col ? n->col + count_cps(t, 0, off) : 0;
        return;
    }
    /* the last anchor at or before off */
    size_t lo = 0, hi = n->n_anchors;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (n->u.tx.anchors[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    const doc_text_anchor *a = &n->u.tx.anchors[lo];
    size_t from = a->off < off ? a->off : off;
    *line = a->line;
    *col = a->col + count_cps(t, from, off);
}

void doc_node_trim_text(doc *d, doc_node *n, size_t start, size_t len)
{
    if (n->kind != DOC_TEXT)
        return;
    const char *t = n->u.tx.text ? n->u.tx.text : "";
    size_t tlen = strlen(t);
    if (start > tlen)
        start = tlen;
    if (len > tlen - start)
        len = tlen - start;
    doc_text_anchor implied = {0, n->line, n->n_anchors};
    const doc_text_anchor *old = n->u.tx.anchors;
    uint32_t n_old = n->n_anchors;
    if (n->flags & NODE_ANCHOR0) {
        old = &implied;
        n_old = 1;
    }
    doc_text_anchor first = {0, n->line, n->col};
    if (n_old)
        doc_node_text_pos(n, start, &first.line, &first.col);
    n->u.tx.text = copy_text(d, t + start, len);
    if (!n_old)
        return;
    /* the anchors inside the kept bytes, shifted; a new one at 0 unless an
     * old one lands there */
    doc_text_anchor *a = xmalloc(((size_t)n_old + 1) * sizeof *a);
    size_t k = 0;
    a[k++] = first;
    for (uint32_t i = 0; i < n_old; i++) {
        if (old[i].off <= start || old[i].off >= start + len)
            continue;
        a[k] = old[i];
        a[k].off = (uint32_t)(old[i].off - start);
        k++;
    }
    doc_node_set_text_map(d, n, a, k);
    free(a);
}

/* The typed attributes, decoded here once (the schema has checked their
 * form: spann a positiveInteger of at most 64, a column's typ one of
 * five words). */
static void decode_attr(doc_node *n, const char *name, const char *value)
{
    if (n->kind == DOC_CELL && strcmp(name, "spann") == 0) {
        long v = strtol(value, NULL, 10);
        n->span = (uint8_t)(v < 1 ? 1 : v > DOC_MAX_SPAN ? DOC_MAX_SPAN : v);
    } else if (n->kind == DOC_ROW && strcmp(name, "typ") == 0) {
        n->row_type = strcmp(value, "varav") == 0    ? DOC_ROW_VARAV
                      : strcmp(value, "rubrik") == 0 ? DOC_ROW_RUBRIK
                                                     : DOC_ROW_DATA;
    } else if (n->kind == DOC_COLUMN && strcmp(name, "typ") == 0) {
        n->col_type = strcmp(value, "belopp") == 0    ? DOC_COL_BELOPP
                      : strcmp(value, "tal") == 0     ? DOC_COL_TAL
                      : strcmp(value, "procent") == 0 ? DOC_COL_PROCENT
                      : strcmp(value, "status") == 0  ? DOC_COL_STATUS
                                                      : DOC_COL_TEXT;
    }
}

doc_row_type doc_row_type_of(const doc_node *row)
{
    return (doc_row_type)row->row_type;
}

int doc_cell_span(const doc_node *cell)
{
    return cell->span;
}

doc_col_type doc_column_type(const doc_node *column)
{
    return (doc_col_type)column->col_type;
}

bool doc_col_type_numeric(doc_col_type t)
{
    return t == DOC_COL_BELOPP || t == DOC_COL_TAL || t == DOC_COL_PROCENT;
}

void doc_node_set_attr(doc *d, doc_node *n, const char *name, const char *value)
{
    if (n->kind == DOC_TEXT)
        return; /* text nodes have no attributes */
    decode_attr(n, name, value);
    doc_node_ext *x = doc_node_ext_of(d, n);
    for (doc_attr *a = x->attrs; a; a = a->next)
        if (strcmp(a->name, name) == 0) {
            a->value = arena_strdup(d->arena, value);
            return;
        }
    doc_attr *a = arena_alloc(d->arena, sizeof *a);
    a->name = arena_strdup(d->arena, name);
    a->value = arena_strdup(d->arena, value);
    /* append, to keep source order in dumps */
    doc_attr **tail = &x->attrs;
    while (*tail)
        tail = &(*tail)->next;
    *tail = a;
    if (strcmp(name, "id") == 0) {
        if (d->n_ids == d->cap_ids) {
            d->cap_ids = d->cap_ids ? d->cap_ids * 2 : 32;
            d->ids = xrealloc(d->ids, d->cap_ids * sizeof *d->ids);
        }
        d->ids[d->n_ids].id =
            d->in_part ? arena_strdup(d->own, value) : a->value;
        d->ids[d->n_ids].node = n;
        d->n_ids++;
    }
}

doc_kind doc_node_kind(const doc_node *n)
{
    return n->kind;
}
doc_node *doc_node_parent(const doc_node *n)
{
    return n->parent;
}
doc_node *doc_node_first_child(const doc_node *n)
{
    return first_of(n);
}
doc_node *doc_node_last_child(const doc_node *n)
{
    doc_node *first = first_of(n);
    return first ? first->prev : NULL;
}
doc_node *doc_node_next(const doc_node *n)
{
    return n->next;
}
doc_node *doc_node_prev(const doc_node *n)
{
    if (!n->parent || n->parent->u.el.first == n)
        return NULL; /* the first child's prev is the last */
    return n->prev;
}
uint32_t doc_node_line(const doc_node *n)
{
    return n->line;
}
uint32_t doc_node_col(const doc_node *n)
{
    return n->col;
}
const char *doc_node_number(const doc_node *n)
{
    return n->kind != DOC_TEXT && n->u.el.ext ? n->u.el.ext->number : NULL;
}
int doc_node_depth(const doc_node *n)
{
    return n->kind != DOC_TEXT && n->u.el.ext ? n->u.el.ext->depth : 0;
}
int doc_node_seq(const doc_node *n)
{
    return n->kind != DOC_TEXT && n->u.el.ext ? n->u.el.ext->seq : 0;
}

const char *doc_node_text(const doc_node *n)
{
    return n->kind == DOC_TEXT ? n->u.tx.text : NULL;
}

const char *doc_node_attr(const doc_node *n, const char *name)
{
    if (n->kind == DOC_TEXT || !n->u.el.ext)
        return NULL;
    for (const doc_attr *a = n->u.el.ext->attrs; a; a = a->next)
        if (strcmp(a->name, name) == 0)
            return a->value;
    return NULL;
}

doc_node *doc_node_child(const doc_node *n, doc_kind kind)
{
    for (doc_node *c = first_of(n); c; c = c->next)
        if (c->kind == kind)
            return c;
    return NULL;
}

/* The entry of id in d->ids, or NULL. */
static const id_entry *id_lookup(const doc *d, const char *id)
{
    for (size_t i = 0; id && i < d->n_ids; i++)
        if (strcmp(d->ids[i].id, id) == 0)
            return &d->ids[i];
    return NULL;
}

doc_node *doc_find_id(const doc *d, const char *id)
{
    const id_entry *e = id_lookup(d, id);
    return e ? e->node : NULL;
}

bool doc_has_id(const doc *d, const char *id)
{
    return id_lookup(d, id) != NULL;
}

static const char *own_text(const doc_node *t, const void *ctx)
{
    (void)ctx;
    return t->u.tx.text;
}

char *doc_node_plain_text_dup(const doc_node *n)
{
    return doc_node_join_text(n, own_text, NULL);
}

char *doc_node_join_text(const doc_node *n,
                         const char *(*text_of)(const doc_node *text,
                                                const void *ctx),
                         const void *ctx)
{
    size_t len = 0, cap = 64;
    char *buf = xmalloc(cap);
    doc_iter it;
    doc_iter_init(&it, (doc_node *)n);
    for (doc_node *c; doc_iter_enter(&it, &c);) {
        if (c->kind == DOC_FOOTNOTE && c != n) {
            doc_iter_skip_children(&it);
            continue;
        }
        const char *t =
            c->kind == DOC_TEXT && c->u.tx.text ? text_of(c, ctx) : NULL;
        if (t) {
            size_t k = strlen(t);
            if (len + k + 1 > cap) {
                while (len + k + 1 > cap)
                    cap *= 2;
                buf = xrealloc(buf, cap);
            }
            memcpy(buf + len, t, k);
            len += k;
        }
    }
    buf[len] = '\0';
    return buf;
}

const char *doc_node_plain_text(doc *d, const doc_node *n)
{
    /* a node that is one text node, or holds just one (a table cell, a
     * heading, a short paragraph): that node's own string, which lives as
     * long as the document and is never changed in place (set_text puts a
     * new one), without a copy for every call */
    const doc_node *only = NULL;
    if (n->kind == DOC_TEXT)
        only = n;
    else if (n->u.el.first && !n->u.el.first->next &&
             n->u.el.first->kind == DOC_TEXT)
        only = n->u.el.first;
    if (only)
        return only->u.tx.text ? only->u.tx.text : "";
    char *buf = doc_node_plain_text_dup(n);
    const char *r = arena_strdup(d->arena, buf);
    free(buf);
    return r;
}

/* --- iterator ------------------------------------------------------------ */

void doc_iter_init(doc_iter *it, doc_node *root)
{
    it->root = root;
    it->cur = NULL;
    it->ev = DOC_EV_NONE;
}

doc_event doc_iter_next(doc_iter *it, doc_node **node)
{
    if (!it->cur) {
        if (it->ev != DOC_EV_NONE || !it->root)
            return DOC_EV_NONE;
        it->cur = it->root;
        it->ev = DOC_EV_ENTER;
    } else if (it->ev == DOC_EV_ENTER && first_of(it->cur)) {
        it->cur = it->cur->u.el.first;
        it->ev = DOC_EV_ENTER;
    } else if (it->cur == it->root) {
        if (it->ev == DOC_EV_ENTER && !first_of(it->cur))
            it->ev = DOC_EV_NONE; /* childless root: no exit event */
        else
            it->ev = DOC_EV_NONE;
        it->cur = NULL;
        it->root = NULL;
        return DOC_EV_NONE;
    } else if (it->cur->next) {
        it->cur = it->cur->next;
        it->ev = DOC_EV_ENTER;
    } else {
        it->cur = it->cur->parent;
        it->ev = DOC_EV_EXIT;
    }
    *node = it->cur;
    return it->ev;
}

bool doc_iter_enter(doc_iter *it, doc_node **node)
{
    doc_event ev;
    while ((ev = doc_iter_next(it, node)) == DOC_EV_EXIT)
        ;
    return ev == DOC_EV_ENTER;
}

bool doc_iter_next_of(doc_iter *it, doc_kind k, doc_node **node)
{
    while (doc_iter_enter(it, node))
        if (doc_node_kind(*node) == k) {
            doc_iter_skip_children(it);
            return true;
        }
    return false;
}

void doc_iter_skip_children(doc_iter *it)
{
    /* pretend the children were walked: the next step goes to the sibling
     * or to the parent's exit */
    if (it->cur && it->ev == DOC_EV_ENTER && first_of(it->cur))
        it->ev = DOC_EV_EXIT;
}

/* --- numbering -------------------------------------------------------------
 */

void doc_number(doc *d)
{
    if (d->numbered)
        return;
    d->numbered = true;
    int counters[64] = {0};
    int tables = 0, figures = 0, notes = 0;
    doc_iter it;
    doc_iter_init(&it, d->root);
    doc_node *n;
    doc_event ev;
    int depth = 0;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        if (n->kind == DOC_SECTION) {
            if (ev == DOC_EV_EXIT) {
                depth--;
                continue;
            }
            depth++;
            doc_node_ext_of(d, n)->depth = depth;
            const char *nr = doc_node_attr(n, "numrerad");
            bool numbered = !(nr && strcmp(nr, "nej") == 0);
            if (n->parent && n->parent->kind == DOC_SECTION &&
                !doc_node_number(n->parent))
                numbered = false;
            if (depth < 64 && numbered) {
                counters[depth]++;
                for (int i = depth + 1; i < 64; i++)
                    counters[i] = 0;
                char buf[256];
                size_t len = 0;
                for (int i = 1; i <= depth && len < sizeof buf - 12; i++)
                    len += (size_t)snprintf(buf + len, sizeof buf - len,
                                            i > 1 ? ".%d" : "%d", counters[i]);
                n->u.el.ext->number = arena_strndup(d->arena, buf, len);
            }
            if (!n->u.el.first)
                depth--; /* no exit event for childless nodes */
            continue;
        }
        if (ev != DOC_EV_ENTER)
            continue;
        switch (n->kind) {
        case DOC_TABLE:
            doc_node_ext_of(d, n)->seq = ++tables;
            break;
        case DOC_CHART:
        case DOC_IMAGE:
            doc_node_ext_of(d, n)->seq = ++figures;
            break;
        case DOC_FOOTNOTE:
            doc_node_ext_of(d, n)->seq = ++notes;
            break;
        default:
            break;
        }
    }
}
