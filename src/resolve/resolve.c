/*
 * resolve.c: the resolved document (resolve.h).
 *
 * One walk over the checked model makes an entry for every node that gets
 * generated text (tables, figures, charts, cross-references), kept in a
 * table keyed by the node; the cover's lines are made once. The strings
 * live in the resolved document's own arena. The wording is the one
 * layout used to build itself: a label ends in ". " only when caption text
 * follows (Språkrådet: no full stop after a bare "Tabell 3"), and a unit
 * note is left out when the caption already names the unit.
 */
#include "resolve.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/numfmt.h"
#include "../model/calc.h"
#include "../model/chart.h"
#include "typo.h"

typedef struct {
    const doc_node *node; /* NULL: an empty slot */
    const char *label, *caption, *unit, *cont, *note, *ref;
    const char *text;      /* a text node's text as set (typo.c) */
    const doc_node *table; /* a chart's table */
    chart_data *chart;     /* a chart's data, its labels as set */
} entry;

struct resolved {
    doc *d;
    arena *a;
    doc_language lang;
    entry *v; /* open addressing, keyed by node */
    size_t cap, n;
    const doc_node **order; /* the nodes in document order, for the dump */
    size_t norder, cap_order;
    const char *period, *date_line, *reference_line;
    doc_meta meta; /* the metadata's printed texts, as set */
};

static size_t slot_of(const resolved *r, const doc_node *n)
{
    uintptr_t h = (uintptr_t)n;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    size_t mask = r->cap - 1;
    for (size_t i = (size_t)(h >> 32) & mask;; i = (i + 1) & mask)
        if (!r->v[i].node || r->v[i].node == n)
            return i;
}

static entry *find(const resolved *r, const doc_node *n)
{
    if (!r || !n || !r->cap)
        return NULL;
    entry *e = &r->v[slot_of(r, n)];
    return e->node ? e : NULL;
}

static entry *add(resolved *r, const doc_node *n)
{
    if (2 * (r->n + 1) > r->cap) {
        entry *old = r->v;
        size_t old_cap = r->cap;
        r->cap = r->cap ? r->cap * 2 : 64;
        r->v = xcalloc(r->cap, sizeof *r->v);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].node)
                r->v[slot_of(r, old[i].node)] = old[i];
        free(old);
    }
    entry *e = &r->v[slot_of(r, n)];
    if (!e->node) {
        e->node = n;
        r->n++;
        if (r->norder == r->cap_order) {
            r->cap_order = r->cap_order ? r->cap_order * 2 : 64;
            r->order = xrealloc(r->order, r->cap_order * sizeof *r->order);
        }
        r->order[r->norder++] = n;
    }
    return e;
}

static const char *word(const resolved *r, word_key k)
{
    return resolve_word(r->lang, k);
}

/* "Tabell 3. " before caption text, "Tabell 3" without. */
static const char *label(resolved *r, word_key k, const doc_node *n,
                         const char *caption)
{
    return arena_printf(r->a, caption[0] ? "%s %d. " : "%s %d", word(r, k),
                        doc_node_seq(n));
}

static const char *caption_of(resolved *r, const doc_node *n)
{
    const doc_node *cap = doc_node_child(n, DOC_CAPTION);
    return cap ? doc_node_plain_text(r->d, cap) : "";
}

/* A text the report prints from the author's words, set as a block of its
 * own (typo.c); always a copy in r's arena (the source may not outlive
 * the model's computed tables). */
static const char *set_text(resolved *r, const char *s)
{
    if (!s)
        return NULL;
    typo_state ts = {{0, 0}};
    const char *t = typo_convert(r->a, &ts, s, NULL);
    return t == s ? arena_strdup(r->a, s) : t;
}

static const char *tie_last_space(resolved *r, const char *t);

/* s set as the rest of a block that began with *prefix (a label), which
 * may end in a no-break space then (a caption that starts with a dash). */
static const char *set_text_after(resolved *r, const char **prefix,
                                  const char *s)
{
    typo_state ts = {{0, 0}};
    (void)typo_convert(r->a, &ts, *prefix, NULL);
    bool tie = false;
    const char *t = typo_convert(r->a, &ts, s, &tie);
    if (tie)
        *prefix = tie_last_space(r, *prefix);
    return t == s ? arena_strdup(r->a, s) : t;
}

static void resolve_table(resolved *r, const doc_node *t)
{
    entry *e = add(r, t);
    e->caption = caption_of(r, t);
    e->label = label(r, WORD_TABLE, t, e->caption);
    const char *unit = doc_node_attr(t, "enhet");
    if (unit && !strstr(e->caption, unit))
        e->unit =
            arena_printf(r->a, " (%s %s)", word(r, WORD_AMOUNTS_IN), unit);
    e->cont =
        arena_printf(r->a, "%s %d ", word(r, WORD_TABLE), doc_node_seq(t));
}

static void resolve_figure(resolved *r, const doc_node *n)
{
    entry *e = add(r, n);
    e->caption = caption_of(r, n);
    e->label = label(r, WORD_FIGURE, n, e->caption);
}

/* Whether the note st starts with the word w ("Källa:") in any case of
 * its first letter, with or without its colon ("källa: SCB", "Källa
 * Kolada"), as a word of its own. */
static bool names_source(const char *st, const char *w)
{
    size_t n = strlen(w);
    if (n && w[n - 1] == ':')
        n--;
    if (n == 0 || strlen(st) < n)
        return false;
    char a = st[0], b = w[0];
    if (a >= 'a' && a <= 'z')
        a = (char)(a - 'a' + 'A');
    if (b >= 'a' && b <= 'z')
        b = (char)(b - 'a' + 'A');
    if (a != b || strncmp(st + 1, w + 1, n - 1) != 0)
        return false;
    char after = st[n];
    return after == '\0' || after == ':' || after == ' ' || after == ',';
}

static void resolve_chart(resolved *r, const doc_node *n)
{
    entry *e = add(r, n);
    const char *tid = doc_node_attr(n, "tabell");
    const doc_node *t = tid ? doc_find_id(r->d, tid) : NULL;
    if (t && doc_node_kind(t) != DOC_TABLE)
        t = NULL;
    e->table = t;
    /* a chart without a caption of its own shows its table's */
    e->caption = caption_of(r, n);
    if (!doc_node_child(n, DOC_CAPTION) && t)
        e->caption = caption_of(r, t);
    e->label = label(r, WORD_CHART, n, e->caption);
    e->caption = set_text_after(r, &e->label, e->caption);
    e->chart = arena_alloc(r->a, sizeof *e->chart);
    chart_read(r->d, n, e->chart);
    chart_data *cd = e->chart;
    for (int i = 0; i < cd->nser; i++)
        cd->ser_label[i] = set_text(r, cd->ser_label[i]);
    for (int i = 0; i < cd->ncat; i++)
        cd->cat_label[i] = set_text(r, cd->cat_label[i]);
    cd->target_label = set_text(r, cd->target_label);
    if (!t)
        return;
    const doc_node *src = doc_node_child(t, DOC_SOURCE);
    const char *st = src ? doc_node_plain_text(r->d, src) : "";
    while (*st == ' ' || *st == '\t' || *st == '\n' || *st == '\r')
        st++;
    const char *data_in =
        arena_printf(r->a, word(r, WORD_CHART_DATA_IN), doc_node_seq(t));
    size_t sl = strlen(st);
    bool stop = sl > 0 && strchr(".!?", st[sl - 1]) != NULL;
    /* a note that names its source already ("Källa: Kolada (RKA), …",
     * as a nyckeltal's does) gets no second "Källa:" */
    const char *src_word = word(r, WORD_CHART_SOURCE);
    bool named = names_source(st, src_word);
    e->note = sl ? arena_printf(r->a, "%s%s%s%s %s", named ? "" : src_word,
                                named ? "" : " ", st, stop ? "" : ".", data_in)
                 : data_in;
    e->note = set_text(r, e->note);
}

static void resolve_ref(resolved *r, const doc_node *n)
{
    const doc_node *t = doc_find_id(r->d, doc_node_attr(n, "till"));
    if (!t)
        return;
    word_key k;
    switch (doc_node_kind(t)) {
    case DOC_SECTION: {
        entry *e = add(r, n);
        const char *num = doc_node_number(t);
        e->ref = arena_printf(r->a, "%s %s", word(r, WORD_REF_SECTION),
                              num ? num : "");
        return;
    }
    case DOC_TABLE:
        k = WORD_REF_TABLE;
        break;
    case DOC_CHART:
        k = WORD_REF_CHART;
        break;
    case DOC_IMAGE:
        k = WORD_REF_FIGURE;
        break;
    default:
        return; /* validate reports it (REF-02) */
    }
    entry *e = add(r, n);
    e->ref = arena_printf(r->a, "%s %d", word(r, k), doc_node_seq(t));
}

/* An ISO date (YYYY-MM-DD) in prose: "15 september 2026" (Språkrådet's
 * Svenska skrivregler for dates in running text), a no-break space after
 * the day; the year left out when with_year is false. Anything else is
 * returned as it is. */
static const char *prose_date(resolved *r, const char *iso, bool with_year)
{
    int y, m, d;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return iso;
    const char *month = resolve_month(r->lang, m);
    if (!with_year)
        return arena_printf(r->a, "%d\xC2\xA0%s", d, month);
    return arena_printf(r->a, "%d\xC2\xA0%s %d", d, month, y);
}

/* The cover's lines: the period as a range ("1 januari–31 augusti 2023",
 * the year once when both ends share it, an en dash without spaces), the
 * date and the reference with their labels. */
static void resolve_cover(resolved *r)
{
    const doc_meta *m = doc_metadata(r->d);
    if (m->period_start && m->period_slut) {
        bool same_year = strncmp(m->period_start, m->period_slut, 4) == 0;
        r->period = arena_printf(r->a, "%s\xE2\x80\x93%s",
                                 prose_date(r, m->period_start, !same_year),
                                 prose_date(r, m->period_slut, true));
    }
    if (m->datum)
        r->date_line = arena_printf(r->a, "%s %s", word(r, WORD_DATE_LABEL),
                                    prose_date(r, m->datum, true));
    if (m->diarienummer)
        r->reference_line = arena_printf(
            r->a, "%s %s", word(r, WORD_REFERENCE_LABEL), m->diarienummer);
}

/* --- Swedish typography of the author's text (typo.c) --------------------
 *
 * Every block of inline text is set as one piece after another with the
 * state carried across inline elements: a heading (after its number, less
 * a number the author typed: STR-03), a paragraph, a list item, a table
 * cell or column head, a caption (after its label), a footnote (after its
 * number), a table's source note. A text node whose text changes gets an
 * entry with the new text; the others are read as they are. The pieces
 * that are not text nodes (a footnote's number, a reference's text) are
 * part of the flow the rules see, as they are part of the printed line.
 */

/* The text node n's text is now t. */
static void set_node_text(resolved *r, const doc_node *n, const char *t)
{
    if (t == doc_node_text(n) && !find(r, n))
        return;
    add(r, n)->text = t;
}

/* t (the text of the piece before a spaced dash) with its last space, a
 * plain ' ', made a no-break space. */
static const char *tie_last_space(resolved *r, const char *t)
{
    size_t len = strlen(t);
    if (len == 0 || t[len - 1] != ' ')
        return t;
    char *o = arena_alloc(r->a, len + 2);
    memcpy(o, t, len - 1);
    memcpy(o + len - 1, "\xC2\xA0", 3);
    return o;
}

/* Sets the text nodes of block, after prefix (generated text the block
 * starts with: a number or a label; when a dash at the start makes its
 * last space a no-break space, *tied_prefix is the new prefix). */
static void typo_block(resolved *r, const doc_node *block, const char *prefix,
                       size_t skip, const char **tied_prefix)
{
    typo_state ts = {{0, 0}};
    bool at_start = true; /* the piece before is the prefix */
    if (prefix)
        (void)typo_convert(r->a, &ts, prefix, NULL);
    const doc_node *prev = NULL; /* the text node that is the piece before */
    const char *prev_text = NULL;
    doc_iter it;
    doc_iter_init(&it, (doc_node *)block);
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        if (n == block)
            continue;
        const char *piece = NULL;
        switch (doc_node_kind(n)) {
        case DOC_TEXT: {
            const char *src = doc_node_text(n);
            if (skip > 0) {
                size_t len = strlen(src);
                size_t cut = skip < len ? skip : len;
                src += cut;
                skip -= cut;
            }
            bool tie = false;
            const char *t = typo_convert(r->a, &ts, src, &tie);
            if (tie && prev)
                set_node_text(r, prev, tie_last_space(r, prev_text));
            else if (tie && at_start && prefix && tied_prefix)
                *tied_prefix = tie_last_space(r, prefix);
            if (t[0])
                at_start = false;
            if (t != doc_node_text(n))
                set_node_text(r, n, t);
            if (t[0]) {
                prev = n;
                prev_text = t;
            }
            continue;
        }
        case DOC_FOOTNOTE:
            piece = arena_printf(r->a, "%d", doc_node_seq(n));
            doc_iter_skip_children(&it);
            break;
        case DOC_REF: {
            const entry *e = find(r, n);
            piece = e && e->ref                                   ? e->ref
                    : doc_find_id(r->d, doc_node_attr(n, "till")) ? "?"
                                                                  : "??";
            break;
        }
        case DOC_PARA:
        case DOC_LIST:
            doc_iter_skip_children(&it); /* blocks of their own */
            continue;
        default:
            continue;
        }
        (void)typo_convert(r->a, &ts, piece, NULL);
        prev = NULL;
        at_start = false;
    }
}

static void resolve_typography(resolved *r)
{
    doc_iter it;
    doc_iter_init(&it, doc_root(r->d));
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        switch (doc_node_kind(n)) {
        case DOC_HEADING: {
            const doc_node *sec = doc_node_parent(n);
            const char *nr = sec && doc_node_kind(sec) == DOC_SECTION
                                 ? doc_node_number(sec)
                                 : NULL;
            size_t ns, ne, skip = 0;
            if (nr && !doc_typed_number(doc_node_plain_text(r->d, n), &ns, &ne,
                                        &skip))
                skip = 0;
            typo_block(r, n,
                       nr ? arena_printf(r->a, "%s\xC2\xA0\xC2\xA0", nr) : NULL,
                       skip, NULL);
            break;
        }
        case DOC_FOOTNOTE:
            typo_block(r, n, arena_printf(r->a, "%d\xC2\xA0", doc_node_seq(n)),
                       0, NULL);
            break;
        case DOC_CAPTION: {
            /* after the label ("Tabell 3. "); a group's caption has none */
            entry *e = find(r, doc_node_parent(n));
            typo_block(r, n, e ? e->label : NULL, 0, e ? &e->label : NULL);
            break;
        }
        case DOC_PARA:
        case DOC_ITEM:
        case DOC_CELL:
        case DOC_COLUMN:
        case DOC_SOURCE:
            typo_block(r, n, NULL, 0, NULL);
            break;
        default:
            break;
        }
    }
}

/* The metadata as printed (cover, running header): each text a block. */
static void resolve_meta(resolved *r)
{
    r->meta = *doc_metadata(r->d);
    doc_meta *m = &r->meta;
    m->titel = set_text(r, m->titel);
    m->undertitel = set_text(r, m->undertitel);
    m->organisation = set_text(r, m->organisation);
    m->namnd = set_text(r, m->namnd);
    m->forvaltning = set_text(r, m->forvaltning);
}

resolved *resolve_document(doc *d)
{
    resolved *r = xcalloc(1, sizeof *r);
    r->d = d;
    r->a = arena_new();
    r->lang = resolve_language(doc_lang(d));
    resolve_cover(r);
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        switch (doc_node_kind(n)) {
        case DOC_TABLE:
            resolve_table(r, n);
            break;
        case DOC_IMAGE:
            resolve_figure(r, n);
            break;
        case DOC_CHART:
            resolve_chart(r, n);
            break;
        case DOC_REF:
            resolve_ref(r, n);
            break;
        case DOC_SECTION:
        case DOC_FOOTNOTE:
            add(r, n); /* numbered by the model; in the dump */
            break;
        case DOC_QUOTE: {
            const char *src = doc_node_attr(n, "kalla");
            if (src)
                add(r, n)->note =
                    set_text(r, arena_printf(r->a, "\xE2\x80\x94 %s", src));
            break;
        }
        default:
            break;
        }
    }
    /* after the labels and reference texts, which the flow includes */
    resolve_typography(r);
    resolve_meta(r);
    return r;
}

void resolved_free(resolved *r)
{
    if (!r)
        return;
    arena_free(r->a);
    free(r->v);
    free(r->order);
    free(r);
}

doc_language resolved_language(const resolved *r)
{
    return r->lang;
}

const char *resolved_label(const resolved *r, const doc_node *n)
{
    entry *e = find(r, n);
    return e ? e->label : NULL;
}

const char *resolved_caption(const resolved *r, const doc_node *n)
{
    entry *e = find(r, n);
    return e && e->caption ? e->caption : "";
}

const char *resolved_unit_note(const resolved *r, const doc_node *table)
{
    entry *e = find(r, table);
    return e ? e->unit : NULL;
}

const char *resolved_continued(const resolved *r, const doc_node *table)
{
    entry *e = find(r, table);
    return e && e->cont ? e->cont : "";
}

const char *resolved_chart_note(const resolved *r, const doc_node *chart)
{
    entry *e = find(r, chart);
    return e ? e->note : NULL;
}

const doc_node *resolved_chart_table(const resolved *r, const doc_node *chart)
{
    entry *e = find(r, chart);
    return e ? e->table : NULL;
}

const char *resolved_ref_text(const resolved *r, const doc_node *ref)
{
    entry *e = find(r, ref);
    return e ? e->ref : NULL;
}

const char *resolved_text(const resolved *r, const doc_node *text)
{
    entry *e = find(r, text);
    return e && e->text ? e->text : doc_node_text(text);
}

static const char *text_as_set(const doc_node *t, const void *r)
{
    return resolved_text(r, t);
}

char *resolved_plain_text(const resolved *r, arena *a, const doc_node *n)
{
    char *buf = doc_node_join_text(n, text_as_set, r);
    char *out = arena_strdup(a, buf);
    free(buf);
    return out;
}

const doc_meta *resolved_meta(const resolved *r)
{
    return &r->meta;
}

const char *resolved_quote_source(const resolved *r, const doc_node *quote)
{
    entry *e = find(r, quote);
    return e ? e->note : NULL;
}

const chart_data *resolved_chart(const resolved *r, const doc_node *chart)
{
    entry *e = find(r, chart);
    return e ? e->chart : NULL;
}

const resolved_toc_entry *resolved_toc(const resolved *r, arena *a, int max,
                                       size_t *n)
{
    size_t cap = 32, k = 0;
    resolved_toc_entry *v = arena_alloc(a, cap * sizeof *v);
    doc_iter it;
    doc_iter_init(&it, doc_root(r->d));
    for (doc_node *s; doc_iter_enter(&it, &s);) {
        if (doc_node_kind(s) == DOC_ROOT)
            continue;
        int depth = doc_node_depth(s);
        if (doc_node_kind(s) != DOC_SECTION || depth > max) {
            doc_iter_skip_children(&it); /* no sections below */
            continue;
        }
        const doc_node *h = doc_node_child(s, DOC_HEADING);
        const char *title = h ? resolved_plain_text(r, a, h) : "";
        if (!*title)
            continue;
        if (k == cap) {
            resolved_toc_entry *nv = arena_alloc(a, 2 * cap * sizeof *nv);
            memcpy(nv, v, cap * sizeof *v);
            v = nv;
            cap *= 2;
        }
        v[k++] = (resolved_toc_entry){.section = s,
                                      .depth = depth < 1 ? 1 : depth,
                                      .number = doc_node_number(s),
                                      .title = title};
    }
    *n = k;
    return v;
}

/* s set as a block of its own, in a. */
static const char *set_in(arena *a, const char *s)
{
    typo_state ts = {{0, 0}};
    return typo_convert(a, &ts, s, NULL);
}

void resolved_problem_texts(const resolved *r, arena *a, const diag *d,
                            resolved_problem *out)
{
    const char *sev =
        word(r, d->severity == DIAG_ERROR ? WORD_ERROR : WORD_WARNING);
    const char *where =
        d->line && d->col
            ? arena_printf(a, " %u:%u", (unsigned)d->line, (unsigned)d->col)
        : d->line ? arena_printf(a, " %u", (unsigned)d->line)
                  : "";
    out->label = set_in(a, arena_printf(a, "%s%s%s%s", sev,
                                        d->rule[0] ? " " : "", d->rule, where));
    out->message = set_in(a, d->message);
    out->hint =
        d->hint
            ? set_in(a, arena_printf(a, "%s: %s", word(r, WORD_HINT), d->hint))
            : NULL;
}

const char *resolved_problem_summary(const resolved *r, arena *a, size_t nerr,
                                     size_t nwarn)
{
    return set_in(a, arena_printf(a, word(r, WORD_DRAFT_SUMMARY), nerr, nwarn));
}

/* A block a problem can be at, with where it starts. */
typedef struct {
    const doc_node *node;
    uint32_t line, col;
    size_t seq; /* document order, for equal positions */
} place;

static int place_cmp(const void *x, const void *y)
{
    const place *a = x, *b = y;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

bool resolve_is_place(doc_kind k, bool rows)
{
    switch (k) {
    case DOC_SECTION:
    case DOC_PARA:
    case DOC_LIST:
    case DOC_ITEM:
    case DOC_QUOTE:
    case DOC_TABLE:
    case DOC_CHART:
    case DOC_IMAGE:
        return true;
    case DOC_HEADROW:
    case DOC_ROW:
    case DOC_SUMROW:
    case DOC_GROUP:
        return rows;
    default:
        return false;
    }
}

struct resolved_places {
    place *v;
    size_t n;
};

resolved_places *resolved_problem_places(const resolved *r)
{
    /* the blocks by position: one walk, a table's rows (and groups) its
     * blocks, the parts of a row, a chart or a figure (cells, captions)
     * and footnotes belonging to their block */
    place *v = NULL;
    size_t n = 0, cap = 0;
    doc_iter it;
    doc_iter_init(&it, doc_root(r->d));
    doc_node *x;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &x)) != DOC_EV_NONE) {
        if (ev != DOC_EV_ENTER)
            continue;
        doc_kind k = doc_node_kind(x);
        if (k == DOC_CELL || k == DOC_CAPTION || k == DOC_COLUMN ||
            k == DOC_SOURCE || k == DOC_CHART || k == DOC_IMAGE ||
            k == DOC_FOOTNOTE || k == DOC_HEADING)
            doc_iter_skip_children(&it);
        if (!resolve_is_place(k, true) || doc_node_line(x) == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[n] = (place){x, doc_node_line(x), doc_node_col(x), n};
        n++;
    }
    if (n > 1)
        qsort(v, n, sizeof *v, place_cmp);
    resolved_places *p = xmalloc(sizeof *p);
    p->v = v;
    p->n = n;
    return p;
}

void resolved_places_free(resolved_places *p)
{
    if (!p)
        return;
    free(p->v);
    free(p);
}

const doc_node **resolved_problem_blocks_at(const resolved *r, arena *a,
                                            const diag_list *dl,
                                            const resolved_places *p)
{
    size_t nd = diag_count(dl);
    const doc_node **out = arena_alloc(a, (nd ? nd : 1) * sizeof *out);
    memset(out, 0, (nd ? nd : 1) * sizeof *out);
    const place *v = p->v;
    size_t n = p->n;
    const char *path = doc_path(r->d);
    for (size_t i = 0; i < nd; i++) {
        const diag *d = diag_get(dl, i);
        if (d->line == 0 || !d->file || !path || strcmp(d->file, path) != 0)
            continue;
        /* the last block that starts at or before the problem (a problem
         * without a column: anywhere on its line) */
        uint32_t col = d->col ? d->col : UINT32_MAX;
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (v[mid].line < d->line ||
                (v[mid].line == d->line && v[mid].col <= col))
                lo = mid + 1;
            else
                hi = mid;
        }
        out[i] = lo > 0 ? v[lo - 1].node : NULL;
    }
    return out;
}

const doc_node **resolved_problem_blocks(const resolved *r, arena *a,
                                         const diag_list *dl)
{
    resolved_places *p = resolved_problem_places(r);
    const doc_node **out = resolved_problem_blocks_at(r, a, dl, p);
    resolved_places_free(p);
    return out;
}

const char *resolved_problem_page(const resolved *r, arena *a, int page)
{
    if (page > 0)
        return arena_printf(a, word(r, WORD_DRAFT_PAGE), page);
    return word(r, WORD_DRAFT_NO_PAGE);
}

const char *resolved_period(const resolved *r)
{
    return r->period;
}

const char *resolved_date_line(const resolved *r)
{
    return r->date_line;
}

const char *resolved_reference_line(const resolved *r)
{
    return r->reference_line;
}

const char *resolved_role(const resolved *r, const doc_node *n)
{
    (void)r; /* the role is the node's kind and depth, in any language */
    static const char *const headings[6] = {"H1", "H2", "H3", "H4", "H5", "H6"};
    switch (doc_node_kind(n)) {
    case DOC_SECTION:
    case DOC_HEADING: {
        const doc_node *sec =
            doc_node_kind(n) == DOC_SECTION ? n : doc_node_parent(n);
        int depth = sec ? doc_node_depth(sec) : 1;
        return headings[depth < 1 ? 0 : depth > 6 ? 5 : depth - 1];
    }
    case DOC_PARA:
        return "P";
    case DOC_LIST:
        return "L";
    case DOC_ITEM:
        return "LI";
    case DOC_QUOTE:
        return "BlockQuote";
    case DOC_FOOTNOTE:
        return "Note";
    case DOC_TABLE:
        return "Table";
    case DOC_IMAGE:
    case DOC_CHART:
        return "Figure";
    case DOC_CAPTION:
        return "Caption";
    case DOC_REF:
        return "Link";
    default:
        return NULL;
    }
}

const char *resolve_cell_figure(const calc_table *t, const doc_node *column,
                                const doc_node *cell, const char *text,
                                char *out, size_t size)
{
    num_value v = num_parse(text ? text : "");
    if (v.kind == NUM_EMPTY && t && calc_fill_text(t, cell, out, size))
        return out;
    if (v.kind == NUM_INVALID || v.kind == NUM_EMPTY)
        return NULL;
    if (doc_column_type(column) == DOC_COL_PROCENT && v.kind == NUM_VALUE)
        v.percent = true;
    const char *dec = doc_node_attr(column, "decimaler");
    num_format_value(&v, dec ? atoi(dec) : -1, out, size);
    return out;
}

/* s quoted, with '"' and '\' escaped and a no-break space as \u00a0 (as
 * the layout dump writes text). */
static void dump_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
            fputs("\\u00a0", out);
            s++;
            continue;
        }
        fputc(*s, out);
    }
    fputc('"', out);
}

static void dump_field(FILE *out, const char *name, const char *v)
{
    if (!v)
        return;
    fprintf(out, " %s=", name);
    dump_str(out, v);
}

void resolved_dump(const resolved *r, FILE *out)
{
    fprintf(out, "lang %s\n", r->lang == DOC_LANG_EN ? "en" : "sv");
    if (r->period) {
        fputs("period ", out);
        dump_str(out, r->period);
        fputc('\n', out);
    }
    if (r->date_line) {
        fputs("date ", out);
        dump_str(out, r->date_line);
        fputc('\n', out);
    }
    if (r->reference_line) {
        fputs("reference ", out);
        dump_str(out, r->reference_line);
        fputc('\n', out);
    }
    for (size_t i = 0; i < r->norder; i++) {
        const entry *e = find(r, r->order[i]);
        doc_kind k = doc_node_kind(e->node);
        fprintf(out, "%s %u:%u", doc_kind_name(k),
                (unsigned)doc_node_line(e->node),
                (unsigned)doc_node_col(e->node));
        if (k == DOC_SECTION || k == DOC_FOOTNOTE) {
            const char *num = doc_node_number(e->node);
            if (k == DOC_FOOTNOTE)
                fprintf(out, " number=%d", doc_node_seq(e->node));
            else if (num)
                dump_field(out, "number", num);
            const char *role = resolved_role(r, e->node);
            fprintf(out, " role=%s\n", role ? role : "-");
            continue;
        }
        dump_field(out, "label", e->label);
        dump_field(out, "caption",
                   e->caption && e->caption[0] ? e->caption : NULL);
        dump_field(out, "unit", e->unit);
        dump_field(out, "continued", e->cont);
        dump_field(out, "note", k == DOC_QUOTE ? NULL : e->note);
        dump_field(out, "text", e->ref);
        dump_field(out, "set", e->text);
        if (k == DOC_QUOTE)
            dump_field(out, "source", e->note);
        fputc('\n', out);
    }
}
