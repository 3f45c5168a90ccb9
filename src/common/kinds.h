/*
 * kinds.h: where document kinds live.
 *
 * A document kind is a folder <dir>/<typ>/ holding krav.xml (its rules) and
 * mall.xml (its skeleton). Kinds are looked up along a search path: the
 * folders given with --mallar, then those in the environment variable
 * ARSRAPPORT_MALLAR (separated by ':'), then the installed templates/. The
 * first folder that has the kind wins, so a municipality can add or
 * override a kind without touching the installation.
 */
#ifndef ARSRAPPORT_KINDS_H
#define ARSRAPPORT_KINDS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char **dirs;
    size_t n;
} kind_path;

/* Builds the search path: extra (in order), ARSRAPPORT_MALLAR, then
 * templates_dir. */
void kind_path_init(kind_path *kp, const char *templates_dir,
                    const char *const *extra, size_t nextra);
void kind_path_free(kind_path *kp);

/* True when typ is a plausible kind name (no '/', no leading '.'). */
bool kind_name_ok(const char *typ);

/* The folder of kind typ (malloc'd, "<dir>/<typ>"), or NULL when no folder
 * on the path has <typ>/krav.xml. */
char *kind_find(const kind_path *kp, const char *typ);

/* The names of every kind on the path, sorted, each once. *names is a
 * malloc'd array of malloc'd strings; free with kind_names_free. */
size_t kind_names(const kind_path *kp, char ***names);
void kind_names_free(char **names, size_t n);

/* The names as "a, b, c" (malloc'd). */
char *kind_list(const kind_path *kp);

#endif
