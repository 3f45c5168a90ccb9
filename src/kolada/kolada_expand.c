/*
 * kolada_expand.c: a nyckeltal element becomes an ordinary table, read
 * from a Kolada file (kolada.h), at build time and without the network.
 *
 * The parse stage turns <nyckeltal fil="…" kpi="…" kommun="…"> into a
 * DOC_TABLE that still carries those attributes (and, under "@name", the
 * line:column of each, so that a wrong id is reported where it is typed);
 * the engine calls kolada_expand_document right after parsing. Each such
 * table gets, in the format's own vocabulary:
 *
 *   ar-i="kolumner" (default): a text column (Område) and a column per
 *     year; a row for the kommun and one for each jamfor area (riket);
 *   ar-i="rader": a text column (År) and a column per area; a row per
 *     year;
 *
 * columns of the nyckeltal's typ (tal, procent or belopp; decimaler),
 * cells holding Kolada's figures as the document would type them ("12,5")
 * and ".." where Kolada has no value; a caption (the KPI's title unless
 * the author wrote one) and a source note generated in the document's
 * language from words.def: "Källa: Kolada (RKA), hämtat 2026-12-06.",
 * followed by what ".." stands for with Kolada's status. Validation,
 * charts, layout and PDF then treat it like any table.
 *
 * The file is as untrusted as any input: read with a size limit, parsed
 * with a bounded nesting depth, every field checked before use; a file
 * named by the document is reached only where images may be (the
 * document's folder, or a folder allowed with --tillat-sokvag).
 */
#include "kolada.h"
#include "kolada_json.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/utf8.h"
#include "../resolve/resolve.h"

enum { MAX_DEPTH = 16, MAX_TEXT = 20000, MAX_AREAS_PER_TABLE = 12 };

typedef struct {
    const char *id, *title;
} kc_meta;

typedef struct {
    const char *kpi, *area;
    int year;
    char gender;
    const char *num;    /* cell text ("12,5"); NULL when Kolada has none */
    const char *status; /* Kolada's status, or NULL */
} kc_value;

typedef struct {
    const char *fil; /* as the document wrote it */
    bool ok;
    const char *hamtat;
    bool testdata;
    const char *proveniens;
    kc_meta *kpis, *areas;
    size_t nkpis, nareas;
    kc_value *vals;
    size_t nvals;
} kc_file;

typedef struct {
    doc *d;
    arena *a;
    diag_list *dl;
    const path_policy *pp;
    doc_language lang;
    kc_file *files;
    size_t nfiles, capfiles;
} expander;

/* --- places -------------------------------------------------------------- */

/* Where attribute name of node n was typed (parse stores it under
 * "@name"), else the element's own place. */
static void attr_place(const doc_node *n, const char *name, uint32_t *line,
                       uint32_t *col)
{
    char key[64];
    snprintf(key, sizeof key, "@%s", name);
    const char *v = doc_node_attr(n, key);
    unsigned l, c;
    if (v && sscanf(v, "%u:%u", &l, &c) == 2) {
        *line = l;
        *col = c;
        return;
    }
    *line = doc_node_line(n);
    *col = doc_node_col(n);
}

static diag *add_at(expander *x, const doc_node *n, const char *attr,
                    diag_severity sev, const char *rule, msg_key key, ...);

/* --- the file ------------------------------------------------------------ */

static const char *str_member(json_object *o, const char *key)
{
    return kolada_str_member(o, key, MAX_TEXT);
}

static bool iso_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9'))
            return false;
    return true;
}

/* A JSON number as a figure the document could have typed: "12,5",
 * "-3", at most 6 decimals (rounded only when Kolada gave more). */
static const char *figure_text(arena *a, json_object *v)
{
    if (json_object_is_type(v, json_type_int))
        return arena_printf(a, "%lld", (long long)json_object_get_int64(v));
    double d = json_object_get_double(v);
    const char *t = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
    size_t n = strlen(t), dot = n, digits = 0;
    bool plain = n > 0 && n < 40;
    for (size_t i = 0; plain && i < n; i++) {
        if (t[i] == '.' && dot == n && i > 0)
            dot = i;
        else if (t[i] >= '0' && t[i] <= '9')
            digits++;
        else if (!(t[i] == '-' && i == 0))
            plain = false;
    }
    char buf[64];
    if (!plain || (n - dot > 7 && dot < n) || digits > 18) {
        snprintf(buf, sizeof buf, "%.6f", d);
        char *e = buf + strlen(buf);
        while (e > buf && e[-1] == '0')
            *--e = '\0';
        if (e > buf && e[-1] == '.')
            *--e = '\0';
        t = buf;
    }
    char *r = arena_strdup(a, t);
    for (char *p = r; *p; p++)
        if (*p == '.')
            *p = ',';
    if (strcmp(r, "-0") == 0)
        r[0] = '0', r[1] = '\0';
    return r;
}

static bool bad(kc_file *f, const char **why, const char *what)
{
    (void)f;
    *why = what;
    return false;
}

/* Reads the parsed file j into f; false with *why naming what is wrong. */
static bool read_file_json(arena *a, json_object *j, kc_file *f,
                           const char **why)
{
    json_object *v, *arr;
    const char *fmt = json_object_is_type(j, json_type_object)
                          ? str_member(j, "format")
                          : NULL;
    if (!fmt || strcmp(fmt, "arsrapport-kolada") != 0)
        return bad(f, why, "\"format\": \"arsrapport-kolada\"");
    if (!json_object_object_get_ex(j, "version", &v) ||
        !json_object_is_type(v, json_type_int) || json_object_get_int(v) != 1)
        return bad(f, why, "\"version\": 1");
    const char *h = str_member(j, "hamtat");
    if (!iso_date(h))
        return bad(f, why, "\"hamtat\": \"ÅÅÅÅ-MM-DD\"");
    f->hamtat = arena_strdup(a, h);
    if (json_object_object_get_ex(j, "testdata", &v) &&
        json_object_is_type(v, json_type_boolean))
        f->testdata = json_object_get_boolean(v);
    const char *p = str_member(j, "proveniens");
    f->proveniens = p ? arena_strdup(a, p) : NULL;
    /* kpi and municipality: id and title */
    for (int k = 0; k < 2; k++) {
        const char *key = k ? "municipality" : "kpi";
        if (!json_object_object_get_ex(j, key, &arr) ||
            !json_object_is_type(arr, json_type_array) ||
            json_object_array_length(arr) > 1000)
            return bad(f, why, k ? "\"municipality\"" : "\"kpi\"");
        size_t n = json_object_array_length(arr);
        kc_meta *m = arena_alloc(a, (n ? n : 1) * sizeof *m);
        for (size_t i = 0; i < n; i++) {
            json_object *e = json_object_array_get_idx(arr, i);
            const char *id = json_object_is_type(e, json_type_object)
                                 ? str_member(e, "id")
                                 : NULL;
            const char *title = id ? str_member(e, "title") : NULL;
            if (!id || !title ||
                !(k ? kolada_valid_area(id) : kolada_valid_kpi(id)))
                return bad(f, why, k ? "\"municipality\"" : "\"kpi\"");
            m[i].id = arena_strdup(a, id);
            m[i].title = arena_strdup(a, title);
        }
        if (k) {
            f->areas = m;
            f->nareas = n;
        } else {
            f->kpis = m;
            f->nkpis = n;
        }
    }
    if (!json_object_object_get_ex(j, "values", &arr) ||
        !json_object_is_type(arr, json_type_array) ||
        json_object_array_length(arr) > KOLADA_MAX_VALUES)
        return bad(f, why, "\"values\"");
    size_t n = json_object_array_length(arr), cap = n * 3 + 1;
    f->vals = arena_alloc(a, cap * sizeof *f->vals);
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(arr, i), *per, *gv;
        const char *kpi = json_object_is_type(e, json_type_object)
                              ? str_member(e, "kpi")
                              : NULL;
        const char *area = kpi ? str_member(e, "municipality") : NULL;
        if (!kolada_valid_kpi(kpi) || !kolada_valid_area(area) ||
            !json_object_object_get_ex(e, "period", &per) ||
            !json_object_is_type(per, json_type_int) ||
            json_object_get_int(per) < 1900 ||
            json_object_get_int(per) > 2200 ||
            !json_object_object_get_ex(e, "values", &gv) ||
            !json_object_is_type(gv, json_type_array) ||
            json_object_array_length(gv) > 3)
            return bad(f, why, "\"values\"[]");
        kpi = arena_strdup(a, kpi);
        area = arena_strdup(a, area);
        for (size_t g = 0; g < json_object_array_length(gv); g++) {
            json_object *x = json_object_array_get_idx(gv, g), *num;
            const char *gender = json_object_is_type(x, json_type_object)
                                     ? str_member(x, "gender")
                                     : NULL;
            if (!gender || strlen(gender) != 1 || !strchr("TKM", gender[0]) ||
                !json_object_object_get_ex(x, "value", &num))
                return bad(f, why, "\"values\"[].\"values\"[]");
            kc_value *kv = &f->vals[f->nvals++];
            kv->kpi = kpi;
            kv->area = area;
            kv->year = json_object_get_int(per);
            kv->gender = gender[0];
            kv->num = NULL;
            if (num && (json_object_is_type(num, json_type_int) ||
                        (json_object_is_type(num, json_type_double) &&
                         isfinite(json_object_get_double(num)))))
                kv->num = figure_text(a, num);
            else if (num)
                return bad(f, why, "\"value\"");
            const char *st = str_member(x, "status");
            kv->status =
                st && st[0] && strlen(st) <= 64 ? arena_strdup(a, st) : NULL;
        }
    }
    return true;
}

/* The file fil named at node n, read once per document; NULL when it
 * cannot be used (said once, at the first table naming it). */
static kc_file *load(expander *x, const doc_node *n, const char *fil)
{
    for (size_t i = 0; i < x->nfiles; i++)
        if (strcmp(x->files[i].fil, fil) == 0)
            return x->files[i].ok ? &x->files[i] : NULL;
    if (x->nfiles == x->capfiles) {
        x->capfiles = x->capfiles ? 2 * x->capfiles : 4;
        x->files = xrealloc(x->files, x->capfiles * sizeof *x->files);
    }
    kc_file *f = &x->files[x->nfiles++];
    memset(f, 0, sizeof *f);
    f->fil = arena_strdup(x->a, fil);
    /* the same rule as images: the document's folder and below, or a
     * folder the user allowed (pathpolicy.h) */
    const char *path;
    char real[PATH_MAX];
    path_verdict pv = path_policy_resolve(x->pp, doc_dir(x->d), fil, x->a,
                                          &path, real, sizeof real);
    if (pv == PATH_REFUSED || pv == PATH_OUTSIDE) {
        diag *g =
            add_at(x, n, "fil", DIAG_ERROR, "KOLADA-01", MSG_KOLADA_PATH, fil);
        diag_hint(x->dl, g, MSG_KOLADA_PATH_HINT);
        return NULL;
    }
    bool irregular = false;
    FILE *fp = open_regular_file(path, &irregular);
    if (!fp) {
        diag *g = add_at(
            x, n, "fil", DIAG_ERROR, "KOLADA-01", MSG_KOLADA_OPEN, fil,
            msg_errno(diag_list_lang(x->dl), irregular ? EINVAL : errno));
        diag_hint(x->dl, g, MSG_KOLADA_OPEN_HINT, fil);
        return NULL;
    }
    size_t len;
    int err;
    char *buf = read_capped(fp, KOLADA_MAX_FILE, &len, &err);
    fclose(fp);
    const char *why = NULL;
    char json_why[128];
    json_object *j = NULL;
    if (err)
        why = msg_errno(diag_list_lang(x->dl), EIO);
    else if (len > KOLADA_MAX_FILE)
        why = "> 32 MiB";
    else {
        j = kolada_json_parse(buf, len, MAX_DEPTH, diag_list_lang(x->dl),
                              json_why, sizeof json_why);
        if (!j)
            why = json_why;
    }
    free(buf);
    if (!why && !read_file_json(x->a, j, f, &why) && !why)
        why = "?";
    json_object_put(j);
    if (why) {
        /* why may not point into j (freed): it is one of our literals or
         * json_why */
        diag *g = add_at(x, n, "fil", DIAG_ERROR, "KOLADA-02",
                         MSG_KOLADA_BAD_FILE, fil, why);
        diag_hint(x->dl, g, MSG_KOLADA_OPEN_HINT, fil);
        return NULL;
    }
    f->ok = true;
    return f;
}

/* --- the table ------------------------------------------------------------ */

static diag *add_at(expander *x, const doc_node *n, const char *attr,
                    diag_severity sev, const char *rule, msg_key key, ...)
{
    uint32_t line, col;
    attr_place(n, attr, &line, &col);
    char text[4096];
    va_list ap;
    va_start(ap, key);
    vsnprintf(text, sizeof text, msg_text(diag_list_lang(x->dl), key), ap);
    va_end(ap);
    return diag_add(x->dl, sev, doc_path(x->d), line, col, rule,
                    MSG_KOLADA_PLAIN, text);
}

static doc_node *add_node(expander *x, doc_node *parent, doc_kind kind,
                          const char *text, const doc_node *at)
{
    uint32_t line = doc_node_line(at), col = doc_node_col(at);
    doc_node *n = doc_node_new(x->d, kind, line, col);
    if (text) {
        doc_node *t = doc_node_new(x->d, DOC_TEXT, line, col);
        doc_node_set_text(x->d, t, text, strlen(text));
        doc_node_append_child(n, t);
    }
    doc_node_append_child(parent, n);
    return n;
}

static const kc_meta *find_meta(const kc_meta *m, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[i].id, id) == 0)
            return &m[i];
    return NULL;
}

static bool area_in_values(const kc_file *f, const char *id)
{
    for (size_t i = 0; i < f->nvals; i++)
        if (strcmp(f->vals[i].area, id) == 0)
            return true;
    return false;
}

/* "N00945 (Titel), U33400 (Titel)": what the file holds. */
static const char *held(arena *a, const kc_meta *m, size_t n)
{
    const char *s = "";
    for (size_t i = 0; i < n && i < 12; i++)
        s = arena_printf(a, "%s%s%s (%s)", s, i ? ", " : "", m[i].id,
                         m[i].title);
    if (n > 12)
        s = arena_printf(a, "%s, …", s);
    return n ? s : "–";
}

static const kc_value *find_value(const kc_file *f, const char *kpi,
                                  const char *area, int year, char gender)
{
    for (size_t i = 0; i < f->nvals; i++) {
        const kc_value *v = &f->vals[i];
        if (v->year == year && v->gender == gender &&
            strcmp(v->kpi, kpi) == 0 && strcmp(v->area, area) == 0)
            return v;
    }
    return NULL;
}

/* A title for comparing: spaces collapsed and trimmed, every dash (en,
 * em, minus) a hyphen, so that "16–24 år" matches Kolada's "16-24 år". */
static char *title_key(const char *s)
{
    char *k = xmalloc(strlen(s) + 1), *o = k;
    bool space = false;
    for (; *s; s++) {
        if (*s == ' ') {
            space = o > k;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = false;
        const unsigned char *u = (const unsigned char *)s;
        if (u[0] == 0xE2 && ((u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94)) ||
                             (u[1] == 0x88 && u[2] == 0x92))) {
            *o++ = '-';
            s += 2;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return k;
}

static bool same_title(const char *a, const char *b)
{
    char *ka = title_key(a), *kb = title_key(b);
    bool same = strcmp(ka, kb) == 0;
    free(ka);
    free(kb);
    return same;
}

/* Kolada's title as a caption: a range of figures gets an en dash
 * ("16-24 år" -> "16–24 år"), as TYPO-03 asks of every range. */
static const char *caption_text(arena *a, const char *title)
{
    size_t n = strlen(title), extra = 0;
    for (size_t i = 1; i + 1 < n; i++)
        extra += title[i] == '-' && title[i - 1] >= '0' &&
                 title[i - 1] <= '9' && title[i + 1] >= '0' &&
                 title[i + 1] <= '9';
    char *c = arena_alloc(a, n + 2 * extra + 1), *o = c;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && i + 1 < n && title[i] == '-' && title[i - 1] >= '0' &&
            title[i - 1] <= '9' && title[i + 1] >= '0' && title[i + 1] <= '9') {
            memcpy(o, "\xE2\x80\x93", 3);
            o += 3;
        } else {
            *o++ = title[i];
        }
    }
    *o = '\0';
    return c;
}

typedef struct {
    const char *status[6];
    int n;
} status_set;

static void note_status(status_set *s, const char *st)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->status[i], st) == 0)
            return;
    if (s->n < 6)
        s->status[s->n++] = st;
}

/* A table that cannot be filled: one empty text column, so that it is
 * still a table the schema allows. */
static void fallback(expander *x, doc_node *t)
{
    if (!doc_node_child(t, DOC_COLUMN)) {
        doc_node *c = add_node(x, t, DOC_COLUMN,
                               resolve_word(x->lang, WORD_KOLADA_AREA), t);
        doc_node_set_attr(x->d, c, "typ", "text");
    }
}

static void expand_table(expander *x, doc_node *t)
{
    const char *fil = doc_node_attr(t, "fil");
    const char *kpi = doc_node_attr(t, "kpi");
    const char *kommun = doc_node_attr(t, "kommun");
    const char *jamfor = doc_node_attr(t, "jamfor");
    const char *ar = doc_node_attr(t, "ar");
    const char *typ = doc_node_attr(t, "typ");
    const char *dec = doc_node_attr(t, "decimaler");
    const char *kon = doc_node_attr(t, "kon");
    const char *ar_i = doc_node_attr(t, "ar-i");
    char gender = kon && kon[0] ? kon[0] : 'T';
    bool years_in_rows = ar_i && strcmp(ar_i, "rader") == 0;
    kc_file *f = fil ? load(x, t, fil) : NULL;
    if (!f) {
        fallback(x, t);
        return;
    }
    const kc_meta *km = find_meta(f->kpis, f->nkpis, kpi);
    bool ok = true;
    if (!km) {
        diag *g =
            add_at(x, t, "kpi", DIAG_ERROR, "KOLADA-03", MSG_KOLADA_NO_KPI, kpi,
                   fil, held(x->a, f->kpis, f->nkpis));
        diag_hint(x->dl, g, MSG_KOLADA_NO_ID_HINT);
        ok = false;
    }
    /* the areas: kommun, then each of jamfor */
    const char *areas[MAX_AREAS_PER_TABLE];
    const char *area_attr[MAX_AREAS_PER_TABLE];
    int na = 0;
    areas[na] = kommun ? kommun : "";
    area_attr[na++] = "kommun";
    for (const char *s = jamfor ? jamfor : ""; *s;) {
        while (*s == ' ')
            s++;
        size_t k = strcspn(s, " ");
        if (k && na < MAX_AREAS_PER_TABLE) {
            areas[na] = arena_strndup(x->a, s, k);
            area_attr[na++] = "jamfor";
        }
        s += k;
    }
    for (int i = 0; i < na; i++)
        if (!find_meta(f->areas, f->nareas, areas[i]) &&
            !area_in_values(f, areas[i])) {
            diag *g = add_at(x, t, area_attr[i], DIAG_ERROR, "KOLADA-04",
                             MSG_KOLADA_NO_AREA, area_attr[i], areas[i], fil,
                             held(x->a, f->areas, f->nareas));
            diag_hint(x->dl, g, MSG_KOLADA_NO_ID_HINT);
            ok = false;
        }
    if (!ok) {
        fallback(x, t);
        return;
    }
    /* the years: ar, or every year the file has for these */
    int from = INT_MAX, to = INT_MIN;
    for (size_t i = 0; i < f->nvals; i++) {
        const kc_value *v = &f->vals[i];
        bool ours = strcmp(v->kpi, kpi) == 0;
        bool area = false;
        for (int k = 0; ours && k < na && !area; k++)
            area = strcmp(v->area, areas[k]) == 0;
        if (ours && area) {
            int a1, a2;
            if (ar && sscanf(ar, "%d-%d", &a1, &a2) == 2 &&
                (v->year < a1 || v->year > a2))
                continue;
            if (ar && sscanf(ar, "%d-%d", &a1, &a2) == 1 && v->year != a1)
                continue;
            from = v->year < from ? v->year : from;
            to = v->year > to ? v->year : to;
        }
    }
    if (ar) {
        int a1, a2;
        int k = sscanf(ar, "%d-%d", &a1, &a2);
        if (from <= to && k >= 1) {
            from = a1;
            to = k == 2 ? a2 : a1;
        }
    }
    if (from > to) {
        diag *g = add_at(x, t, ar ? "ar" : "kpi", DIAG_ERROR, "KOLADA-07",
                         MSG_KOLADA_YEARS, ar ? ar : "", fil, kpi);
        diag_hint(x->dl, g, MSG_KOLADA_YEARS_HINT);
        fallback(x, t);
        return;
    }
    if (to - from + 1 > KOLADA_MAX_TABLE_YEARS) {
        diag *g = add_at(x, t, ar ? "ar" : "kpi", DIAG_ERROR, "KOLADA-07",
                         MSG_KOLADA_TOO_MANY_YEARS, to - from + 1,
                         KOLADA_MAX_TABLE_YEARS);
        diag_hint(x->dl, g, MSG_KOLADA_YEARS_HINT);
        from = to - KOLADA_MAX_TABLE_YEARS + 1;
    }
    /* checks against the document */
    const doc_meta *m = doc_metadata(x->d);
    if (m->period_slut && iso_date(m->period_slut) &&
        strcmp(f->hamtat, m->period_slut) < 0) {
        diag *g = add_at(x, t, "fil", DIAG_WARNING, "KOLADA-05", MSG_KOLADA_OLD,
                         fil, f->hamtat, m->period_slut);
        diag_hint(x->dl, g, MSG_KOLADA_OLD_HINT);
    }
    doc_node *cap = doc_node_child(t, DOC_CAPTION);
    if (cap) {
        const char *heading = doc_node_plain_text(x->d, cap);
        if (!same_title(heading, km->title)) {
            uint32_t line = doc_node_line(cap), col = doc_node_col(cap);
            diag *g = diag_add(x->dl, DIAG_WARNING, doc_path(x->d), line, col,
                               "KOLADA-06", MSG_KOLADA_TITLE, heading, kpi);
            diag_hint(x->dl, g, MSG_KOLADA_TITLE_HINT, kpi, km->title);
        }
    } else {
        add_node(x, t, DOC_CAPTION, caption_text(x->a, km->title), t);
    }
    /* columns */
    const char *ctyp = typ ? typ : "tal";
    doc_node *c =
        add_node(x, t, DOC_COLUMN,
                 resolve_word(x->lang, years_in_rows ? WORD_KOLADA_YEAR
                                                     : WORD_KOLADA_AREA),
                 t);
    doc_node_set_attr(x->d, c, "typ", "text");
    int ncols = years_in_rows ? na : to - from + 1;
    for (int i = 0; i < ncols; i++) {
        const char *head;
        if (years_in_rows) {
            const kc_meta *am = find_meta(f->areas, f->nareas, areas[i]);
            head = am ? am->title : areas[i];
        } else {
            head = arena_printf(x->a, "%d", from + i);
        }
        c = add_node(x, t, DOC_COLUMN, head, t);
        doc_node_set_attr(x->d, c, "typ", ctyp);
        doc_node_set_attr(x->d, c, "summeras", "nej");
        if (dec)
            doc_node_set_attr(x->d, c, "decimaler", dec);
    }
    /* rows */
    status_set missing = {0};
    int nrows = years_in_rows ? to - from + 1 : na;
    for (int r = 0; r < nrows; r++) {
        doc_node *row = add_node(x, t, DOC_ROW, NULL, t);
        const char *label;
        if (years_in_rows) {
            label = arena_printf(x->a, "%d", from + r);
        } else {
            const kc_meta *am = find_meta(f->areas, f->nareas, areas[r]);
            label = am ? am->title : areas[r];
        }
        add_node(x, row, DOC_CELL, label, t);
        for (int i = 0; i < ncols; i++) {
            const char *area = years_in_rows ? areas[i] : areas[r];
            int year = years_in_rows ? from + r : from + i;
            const kc_value *v = find_value(f, kpi, area, year, gender);
            const char *text = v && v->num ? v->num : "..";
            if (!v || !v->num)
                note_status(&missing,
                            v && v->status
                                ? arena_printf(x->a, "status %s", v->status)
                                : resolve_word(x->lang, WORD_KOLADA_NO_ENTRY));
            add_node(x, row, DOC_CELL, text, t);
        }
    }
    /* the source note, as Kolada's terms ask ("Källa: Kolada") */
    const char *note =
        f->testdata
            ? arena_printf(x->a, resolve_word(x->lang, WORD_KOLADA_TESTDATA),
                           fil)
            : arena_printf(x->a, resolve_word(x->lang, WORD_KOLADA_SOURCE),
                           f->hamtat);
    if (missing.n) {
        const char *list = "";
        for (int i = 0; i < missing.n; i++)
            list = arena_printf(x->a, "%s%s%s", list, i ? ", " : "",
                                missing.status[i]);
        note = arena_printf(
            x->a, "%s %s", note,
            arena_printf(x->a, resolve_word(x->lang, WORD_KOLADA_MISSING),
                         list));
    }
    add_node(x, t, DOC_SOURCE, note, t);
}

void kolada_expand_document(doc *d, const path_policy *pp, diag_list *dl)
{
    expander x = {.d = d,
                  .a = doc_arena(d),
                  .dl = dl,
                  .pp = pp,
                  .lang = resolve_language(doc_lang(d))};
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        if (doc_node_kind(n) != DOC_TABLE)
            continue;
        if (doc_node_attr(n, "kpi") && doc_node_attr(n, "fil")) {
            doc_iter_skip_children(&it);
            expand_table(&x, n);
        }
    }
    free(x.files);
}
