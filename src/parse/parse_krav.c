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

/* Column (code points, 1-based) of the first "<name" on the given line. */
static uint32_t column_of(const char *buf, size_t size, uint32_t line,
                          const char *name)
{
    size_t off = 0;
    for (uint32_t l = 1; l < line && off < size; off++)
        if (buf[off] == '\n')
            l++;
    const char *end = memchr(buf + off, '\n', size - off);
    size_t len = end ? (size_t)(end - (buf + off)) : size - off;
    char tag[64];
    snprintf(tag, sizeof tag, "<%s", name);
    for (size_t i = 0; i + strlen(tag) <= len; i++)
        if (memcmp(buf + off + i, tag, strlen(tag)) == 0) {
            uint32_t col = 1;
            for (size_t j = 0; j < i; j++)
                col += ((unsigned char)buf[off + j] & 0xC0) != 0x80;
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

typedef struct {
    const char *buf;
    size_t size;
    arena *a;
} src_ctx;

static void add_pattern(src_ctx *s, krav_pattern **arr, size_t *n,
                        const xmlNode *el)
{
    krav_pattern *grown = arena_alloc(s->a, (*n + 1) * sizeof *grown);
    if (*n)
        memcpy(grown, *arr, *n * sizeof *grown);
    krav_pattern *p = &grown[*n];
    p->text = text_of(s->a, el);
    p->line = (uint32_t)xmlGetLineNo((xmlNode *)el);
    p->col = column_of(s->buf, s->size, p->line, (const char *)el->name);
    *arr = grown;
    (*n)++;
}

static void read_rule(src_ctx *s, krav_rule *r, const xmlNode *el)
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
    r->col = column_of(s->buf, s->size, r->line, "rubrik");
    for (const xmlNode *c = el->children; c; c = c->next) {
        if (is_el(c, "monster")) {
            add_pattern(s, &r->monster, &r->n_monster, c);
        } else if (is_el(c, "brodtext")) {
            add_pattern(s, &r->brodtext, &r->n_brodtext, c);
        } else if (is_el(c, "tabell")) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (is_el(k, "kolumn"))
                    add_pattern(s, &r->kolumn, &r->n_kolumn, k);
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
}

static const xmlfile_kind krav_kind = {KRAV_MAX_SIZE,    "KRAV-01",
                                       "KRAV-02",        MSG_KRAV_NOT_XML,
                                       MSG_KRAV_DOCTYPE, MSG_KRAV_SCHEMA};

krav_set *parse_krav_file(const char *path, const char *schema_path,
                          xmlfile_schema_cache *cache, diag_list *dl)
{
    xmlfile f;
    if (!xmlfile_load(&krav_kind, path, schema_path, cache, dl, &f))
        return NULL;
    krav_set *ks = krav_new(path);
    src_ctx s = {f.buf, f.size, ks->a};
    xmlNode *root = xmlDocGetRootElement(f.doc);
    ks->typ = attr_of(ks->a, root, "typ");
    ks->namn = attr_of(ks->a, root, "namn");
    ks->en = attr_of(ks->a, root, "en");
    ks->kalla = attr_of(ks->a, root, "kalla");
    size_t nrules = 0;
    for (const xmlNode *c = root->children; c; c = c->next)
        nrules += is_el(c, "rubrik");
    ks->rules = arena_alloc(ks->a, (nrules + 1) * sizeof *ks->rules);
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (is_el(c, "titel"))
            add_pattern(&s, &ks->titel, &ks->n_titel, c);
        else if (is_el(c, "rubrik"))
            read_rule(&s, &ks->rules[ks->n_rules++], c);
        else if (is_el(c, "beskrivning")) {
            if (is_english(c))
                ks->beskrivning_en = text_of(ks->a, c);
            else
                ks->beskrivning_sv = text_of(ks->a, c);
        }
    }
    xmlfile_close(&f);
    return ks;
}
