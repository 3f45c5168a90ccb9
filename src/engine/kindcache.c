/*
 * kindcache.c: the document kinds of one engine (kindcache.h).
 */
#include "kindcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../parse/parse.h"

/* --- document kinds
 * ----------------------------------------------------------------------- */

void kinds_init(kind_cache *kc, const char *templates_dir,
                const char *const *extra, size_t nextra)
{
    memset(kc, 0, sizeof *kc);
    kind_path_init(&kc->path, templates_dir, extra, nextra);
    size_t n = strlen(templates_dir) + 32;
    kc->schema = xmalloc(n);
    snprintf(kc->schema, n, "%s/schema/krav.rng", templates_dir);
    kc->schema_cache = xmlfile_schema_cache_new();
    kc->n = kind_names(&kc->path, &kc->names);
    kc->sets = xcalloc(kc->n + 1, sizeof *kc->sets);
    kc->tried = xcalloc(kc->n + 1, sizeof *kc->tried);
    kc->list = kind_list(&kc->path);
}

void kinds_free(kind_cache *kc)
{
    for (size_t i = 0; i < kc->n; i++)
        rule_set_free(kc->sets[i]);
    free(kc->sets);
    free(kc->tried);
    kind_names_free(kc->names, kc->n);
    free(kc->list);
    free(kc->schema);
    xmlfile_schema_cache_free(kc->schema_cache);
    kind_path_free(&kc->path);
}

/* The rules of kind i, read on first use; problems go to dl (NULL: to a
 * list that is thrown away). */
rule_set *kinds_get(kind_cache *kc, size_t i, diag_list *dl)
{
    if (kc->tried[i])
        return kc->sets[i];
    kc->tried[i] = true;
    char *dir = kind_find(&kc->path, kc->names[i]);
    if (!dir)
        return NULL;
    size_t n = strlen(dir) + 16;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/krav.xml", dir);
    diag_list *own = dl ? NULL : diag_list_new(LANG_SV);
    diag_list *to = dl ? dl : own;
    krav_set *ks = parse_krav_file(path, kc->schema, kc->schema_cache, to);
    if (ks && strcmp(ks->typ, kc->names[i]) != 0) {
        diag_add(to, DIAG_ERROR, path, 0, 0, "KRAV-04", MSG_KRAV_TYP_FOLDER,
                 ks->typ, kc->names[i]);
        krav_free(ks);
        ks = NULL;
    }
    if (ks)
        kc->sets[i] = rule_set_compile(ks, to);
    diag_list_free(own);
    free(path);
    free(dir);
    return kc->sets[i];
}

int kinds_index(const kind_cache *kc, const char *typ)
{
    for (size_t i = 0; typ && i < kc->n; i++)
        if (strcmp(kc->names[i], typ) == 0)
            return (int)i;
    return -1;
}

int kinds_guess(const kind_cache *kc, const char *head, size_t n)
{
    static const char tag[] = "<rapport";
    const char *end = head + n, *p = head;
    while (p + sizeof tag - 1 < end &&
           (memcmp(p, tag, sizeof tag - 1) != 0 ||
            (p[sizeof tag - 1] != ' ' && p[sizeof tag - 1] != '\t' &&
             p[sizeof tag - 1] != '\n' && p[sizeof tag - 1] != '\r')))
        p++;
    if (p + sizeof tag - 1 >= end)
        return -1;
    for (p += sizeof tag - 1; p + 5 < end && *p != '>'; p++) {
        if ((*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') ||
            memcmp(p + 1, "typ", 3) != 0)
            continue;
        const char *q = p + 4;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
            q++;
        if (q >= end || *q != '=')
            continue;
        q++;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
            q++;
        if (q >= end || (*q != '"' && *q != '\''))
            return -1;
        const char *v = q + 1, *ve = memchr(v, *q, (size_t)(end - v));
        if (!ve || ve - v > 64)
            return -1;
        char name[65];
        memcpy(name, v, (size_t)(ve - v));
        name[ve - v] = '\0';
        return kinds_index(kc, name);
    }
    return -1;
}

/* Sets up what validate_document needs for a document of kind typ.
 * Returns false when the kind exists but its rule file is broken (the
 * reasons are in dl). */
bool kinds_for(kind_cache *kc, const char *typ, const char *title,
               diag_list *dl, validate_kinds *vk, const rule_set ***all)
{
    memset(vk, 0, sizeof *vk);
    vk->kinds_list = kc->list;
    int own = kinds_index(kc, typ);
    if (own >= 0) {
        if (kc->tried[own] && !kc->sets[own])
            kc->tried[own] = false; /* broken: read again to say why */
        vk->own = kinds_get(kc, (size_t)own, dl);
        if (!vk->own)
            return false;
    }
    *all = xcalloc(kc->n + 1, sizeof **all);
    /* the other kinds are needed only when the title does not name the
     * document's own kind (TYP-02) */
    bool others = !vk->own || !title || !rule_set_title_matches(vk->own, title);
    for (size_t i = 0; others && i < kc->n; i++) {
        const rule_set *rs = kinds_get(kc, i, NULL);
        if (rs)
            (*all)[vk->nall++] = rs;
    }
    vk->all = *all;
    return true;
}
