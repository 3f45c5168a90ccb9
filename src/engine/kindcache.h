/*
 * kindcache.h: the document kinds of one engine, each rule file read and
 * compiled once, on first use. Not thread-safe by itself: the engine
 * takes its lock around every call (engine.c); the rule sets it gives
 * out are read-only and live until kinds_free.
 */
#ifndef ARSRAPPORT_KINDCACHE_H
#define ARSRAPPORT_KINDCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/diag.h"
#include "../common/kinds.h"
#include "../validate/validate.h"

/* The document kinds, each rule file read and compiled once per run. */
typedef struct {
    kind_path path;
    char *schema;                              /* templates/schema/krav.rng */
    struct xmlfile_schema_cache *schema_cache; /* krav.rng compiled */
    char **names;                              /* every kind on the path */
    size_t n;
    rule_set **sets; /* NULL where not loaded or broken */
    bool *tried;
    char *list; /* "a, b, c" */
    bool all_tried;
} kind_cache;

/* Finds the kinds along the search path (extra folders, ARSRAPPORT_MALLAR,
 * templates_dir). */
void kinds_init(kind_cache *kc, const char *templates_dir,
                const char *const *extra, size_t nextra);
void kinds_free(kind_cache *kc);
/* The rules of kind i, read on first use; problems go to dl (NULL: to a
 * list that is thrown away). */
rule_set *kinds_get(kind_cache *kc, size_t i, diag_list *dl);
/* Index of kind typ, or -1. */
int kinds_index(const kind_cache *kc, const char *typ);
/* The kind the first n bytes of a document name, as a guess made before
 * it is parsed (the typ attribute of its first <rapport> start tag,
 * compared as written): the index of a known kind, or -1. Only for
 * reading rules ahead of need: the parsed document decides. */
int kinds_guess(const kind_cache *kc, const char *head, size_t n);
/* Sets up what validate_document needs for a document of kind typ with
 * the given title (the other kinds are read only when the title does not
 * name the document's own kind). Returns
 * false when the kind exists but its rule file is broken (the reasons are
 * in dl). *all is malloc'd. */
bool kinds_for(kind_cache *kc, const char *typ, const char *title,
               diag_list *dl, validate_kinds *vk, const rule_set ***all);

#endif
