/*
 * parse_krav.c: templates/<typ>/krav.xml -> krav_set.
 *
 * A rule file comes with the installation or from a municipality's own
 * templates folder. It is read like a document: no network, no DOCTYPE,
 * a size limit, then validated against templates/schema/krav.rng. Problems
 * are reported at the rule file's line and column (KRAV-01 not readable
 * or not well-formed, KRAV-02 not valid against krav.rng).
 */
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/krav.h"
#include "parse.h"
#include "xmlfile.h"

#define KRAV_MAX_SIZE (4u * 1024u * 1024u)
#define KRAV_NS "urn:arsrapport:krav:1"

/* Limits on a rule file (issue 28): every pattern is compiled, kept and
 * matched against every heading, so their number and size are bounded
 * (the installed kinds have at most a few dozen short patterns). */
#define KRAV_MAX_PATTERNS 2000u /* titel, monster, brodtext, kolumn */
#define KRAV_MAX_RULES 1000u
#define KRAV_MAX_PATTERN_BYTES 1000u

typedef struct {
    const char *buf;
    size_t size;
    arena *a;
    size_t *line_start; /* byte offset of each line (index 0: line 1) */
    size_t nlines;
    const char *path;
    diag_list *dl;
    size_t npatterns;
    bool too_many; /* the limit has been reported */
} src_ctx;

/* Indexes the start of every line once: looking each element's line up
 * by scanning from the start of the file made reading quadratic. */
static void index_lines(src_ctx *s)
{
    size_t n = 1;
    for (size_t i = 0; i < s->size; i++)
        n += s->buf[i] == '\n';
    s->line_start = xmalloc(n * sizeof *s->line_start);
    s->nlines = 0;
    s->line_start[s->nlines++] = 0;
    for (size_t i = 0; i < s->size; i++)
        if (s->buf[i] == '\n')
            s->line_start[s->nlines++] = i + 1;
}

/* Column (code points, 1-based) of the first "<name" on the given line. */
static uint32_t column_of(const src_ctx *s, uint32_t line, const char *name)
{
    if (line == 0 || line > s->nlines)
        return 1;
    size_t off = s->line_start[line - 1];
    size_t len = (line < s->nlines ? s->line_start[line] - 1 : s->size) - off;
    char tag[64];
    int tl = snprintf(tag, sizeof tag, "<%s", name);
    if (tl < 0 || (size_t)tl >= sizeof tag)
        return 1;
    const char *at = s->buf + off;
    for (size_t i = 0; i + (size_t)tl <= len; i++)
        if (memcmp(at + i, tag, (size_t)tl) == 0) {
            uint32_t col = 1;
            for (size_t j = 0; j < i; j++)
                col += ((unsigned char)at[j] & 0xC0) != 0x80;
            return col;
        }
    return 1;
}

static bool is_el(const xmlNode *n, const char *name)
{
    return xmlfile_is_el(n, KRAV_NS, name);
}

/* Text content with white space collapsed and trimmed, in the arena. */
static const char *text_of(arena *a, const xmlNode *n)
{
    xmlChar *raw = xmlNodeGetContent(n);
    if (!raw)
        return NULL;
    size_t len = strlen((const char *)raw);
    char *out = arena_alloc(a, len + 1);
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        char c = (char)raw[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = false;
        out[o++] = c;
    }
    out[o] = '\0';
    xmlFree(raw);
    return out;
}

static const char *attr_of(arena *a, const xmlNode *n, const char *name)
{
    return xmlfile_attr(a, n, name);
}

static bool is_english(const xmlNode *n)
{
    xmlChar *lang = xmlNodeGetLang(n);
    bool en = lang && strncmp((const char *)lang, "en", 2) == 0;
    xmlFree(lang);
    return en;
}

/* Adds the pattern el to arr (room for it was made by the caller);
 * false, with an error at the pattern, when it breaks a limit. */
static bool add_pattern(src_ctx *s, krav_pattern *arr, size_t *n,
                        const xmlNode *el)
{
    krav_pattern *p = &arr[*n];
    p->text = text_of(s->a, el);
    if (!p->text)
        p->text = "";
    p->line = (uint32_t)xmlGetLineNo((xmlNode *)el);
    p->col = column_of(s, p->line, (const char *)el->name);
    if (++s->npatterns > KRAV_MAX_PATTERNS) {
        if (!s->too_many)
            diag_add(s->dl, DIAG_ERROR, s->path, p->line, p->col, "KRAV-05",
                     MSG_KRAV_TOO_MANY_PATTERNS, KRAV_MAX_PATTERNS);
        s->too_many = true;
        return false;
    }
    size_t len = strlen(p->text);
    if (len > KRAV_MAX_PATTERN_BYTES) {
        diag *x =
            diag_add(s->dl, DIAG_ERROR, s->path, p->line, p->col, "KRAV-05",
                     MSG_KRAV_PATTERN_TOO_LONG, len, KRAV_MAX_PATTERN_BYTES);
        diag_hint(s->dl, x, MSG_KRAV_LIMIT_HINT);
        return false;
    }
    (*n)++;
    return true;
}

/* Number of children of el named name (of kolumn elements inside tabell
 * children when name is "kolumn"). */
static size_t count_children(const xmlNode *el, const char *name)
{
    size_t n = 0;
    for (const xmlNode *c = el->children; c; c = c->next) {
        if (strcmp(name, "kolumn") == 0 && is_el(c, "tabell")) {
            for (const xmlNode *k = c->children; k; k = k->next)
                n += is_el(k, "kolumn");
        } else {
            n += is_el(c, name);
        }
    }
    return n;
}

static bool read_rule(src_ctx *s, krav_rule *r, const xmlNode *el)
{
    arena *a = s->a;
    r->id = attr_of(a, el, "id");
    const char *niva = attr_of(a, el, "niva");
    r->level = strcmp(niva, "obligatorisk") == 0    ? KRAV_REQUIRED
               : strcmp(niva, "rekommenderad") == 0 ? KRAV_RECOMMENDED
                                                    : KRAV_CONDITIONAL;
    r->villkor = attr_of(a, el, "villkor");
    r->kalla = attr_of(a, el, "kalla");
    r->text = attr_of(a, el, "text");
    r->en = attr_of(a, el, "en");
    const char *ejtom = attr_of(a, el, "ejtom");
    r->ejtom = ejtom && strcmp(ejtom, "ja") == 0;
    r->line = (uint32_t)xmlGetLineNo((xmlNode *)el);
    r->col = column_of(s, r->line, "rubrik");
    /* the arrays are sized once: growing them by one for each pattern
     * copied them all each time */
    r->monster = arena_alloc(a, (count_children(el, "monster") + 1) *
                                    sizeof *r->monster);
    r->brodtext = arena_alloc(a, (count_children(el, "brodtext") + 1) *
                                     sizeof *r->brodtext);
    r->kolumn =
        arena_alloc(a, (count_children(el, "kolumn") + 1) * sizeof *r->kolumn);
    bool ok = true;
    for (const xmlNode *c = el->children; c && !s->too_many; c = c->next) {
        if (is_el(c, "monster")) {
            ok &= add_pattern(s, r->monster, &r->n_monster, c);
        } else if (is_el(c, "brodtext")) {
            ok &= add_pattern(s, r->brodtext, &r->n_brodtext, c);
        } else if (is_el(c, "tabell")) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (is_el(k, "kolumn"))
                    ok &= add_pattern(s, r->kolumn, &r->n_kolumn, k);
        } else if (is_el(c, "tips")) {
            if (is_english(c))
                r->tips_en = text_of(a, c);
            else
                r->tips_sv = text_of(a, c);
        } else if (is_el(c, "beskrivning")) {
            if (is_english(c))
                r->beskrivning_en = text_of(a, c);
            else
                r->beskrivning_sv = text_of(a, c);
        }
    }
    return ok && !s->too_many;
}

static const xmlfile_kind krav_kind = {
    KRAV_MAX_SIZE,    "KRAV-01",       "KRAV-02", MSG_KRAV_NOT_XML,
    MSG_KRAV_DOCTYPE, MSG_KRAV_SCHEMA, "krav"};

static krav_set *read_krav(const char *path, xmlfile f, diag_list *dl);

krav_set *parse_krav_file(const char *path, const char *schema_path,
                          xmlfile_schema_cache *cache, diag_list *dl)
{
    xmlfile f;
    if (!xmlfile_load(&krav_kind, path, schema_path, cache, dl, &f))
        return NULL;
    return read_krav(path, f, dl);
}

krav_set *parse_krav_memory(const char *path, const char *data, size_t size,
                            const char *schema_path,
                            xmlfile_schema_cache *cache, diag_list *dl)
{
    xmlfile f;
    if (!xmlfile_load_memory(&krav_kind, path, data, size, schema_path, cache,
                             dl, &f))
        return NULL;
    return read_krav(path, f, dl);
}

static krav_set *read_krav(const char *path, xmlfile f, diag_list *dl)
{
    krav_set *ks = krav_new(path);
    src_ctx s = {f.buf, f.size, ks->a, NULL, 0, path, dl, 0, false};
    index_lines(&s);
    xmlNode *root = xmlDocGetRootElement(f.doc);
    ks->typ = attr_of(ks->a, root, "typ");
    ks->namn = attr_of(ks->a, root, "namn");
    ks->en = attr_of(ks->a, root, "en");
    ks->kalla = attr_of(ks->a, root, "kalla");
    size_t nrules = 0;
    for (const xmlNode *c = root->children; c; c = c->next)
        nrules += is_el(c, "rubrik");
    ks->titel = arena_alloc(ks->a, (count_children(root, "titel") + 1) *
                                       sizeof *ks->titel);
    ks->rules = arena_alloc(ks->a, (nrules + 1) * sizeof *ks->rules);
    bool ok = true;
    for (const xmlNode *c = root->children; c && !s.too_many; c = c->next) {
        if (is_el(c, "titel")) {
            ok &= add_pattern(&s, ks->titel, &ks->n_titel, c);
        } else if (is_el(c, "rubrik")) {
            if (ks->n_rules == KRAV_MAX_RULES) {
                uint32_t line = (uint32_t)xmlGetLineNo(c);
                diag_add(dl, DIAG_ERROR, path, line,
                         column_of(&s, line, "rubrik"), "KRAV-05",
                         MSG_KRAV_TOO_MANY_RULES, KRAV_MAX_RULES);
                ok = false;
                break;
            }
            ok &= read_rule(&s, &ks->rules[ks->n_rules++], c);
        } else if (is_el(c, "beskrivning")) {
            if (is_english(c))
                ks->beskrivning_en = text_of(ks->a, c);
            else
                ks->beskrivning_sv = text_of(ks->a, c);
        }
    }
    free(s.line_start);
    xmlfile_close(&f);
    if (!ok || s.too_many) {
        krav_free(ks);
        return NULL;
    }
    return ks;
}
