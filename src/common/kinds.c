/*
 * kinds.c: the search path of document kinds.
 */
#include "kinds.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"

static void add_dir(kind_path *kp, const char *dir, size_t len)
{
    if (len == 0)
        return;
    kp->dirs = xrealloc(kp->dirs, (kp->n + 1) * sizeof *kp->dirs);
    char *d = xmalloc(len + 1);
    memcpy(d, dir, len);
    d[len] = '\0';
    while (len > 1 && d[len - 1] == '/')
        d[--len] = '\0';
    kp->dirs[kp->n++] = d;
}

void kind_path_init(kind_path *kp, const char *templates_dir,
                    const char *const *extra, size_t nextra)
{
    kp->dirs = NULL;
    kp->n = 0;
    for (size_t i = 0; i < nextra; i++)
        add_dir(kp, extra[i], strlen(extra[i]));
    const char *env = getenv("ARSRAPPORT_MALLAR");
    while (env && *env) {
        const char *colon = strchr(env, ':');
        size_t len = colon ? (size_t)(colon - env) : strlen(env);
        add_dir(kp, env, len);
        env = colon ? colon + 1 : NULL;
    }
    add_dir(kp, templates_dir, strlen(templates_dir));
}

void kind_path_free(kind_path *kp)
{
    for (size_t i = 0; i < kp->n; i++)
        free(kp->dirs[i]);
    free(kp->dirs);
    kp->dirs = NULL;
    kp->n = 0;
}

bool kind_name_ok(const char *typ)
{
    return typ && *typ && typ[0] != '.' && !strchr(typ, '/') &&
           strlen(typ) < 256;
}

static bool has_krav(const char *dir, const char *typ)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/krav.xml", dir, typ);
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *kind_find(const kind_path *kp, const char *typ)
{
    if (!kind_name_ok(typ))
        return NULL;
    for (size_t i = 0; i < kp->n; i++) {
        if (has_krav(kp->dirs[i], typ)) {
            size_t n = strlen(kp->dirs[i]) + strlen(typ) + 2;
            char *out = xmalloc(n);
            snprintf(out, n, "%s/%s", kp->dirs[i], typ);
            return out;
        }
    }
    return NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t kind_names(const kind_path *kp, char ***out)
{
    char **names = NULL;
    size_t n = 0;
    for (size_t i = 0; i < kp->n; i++) {
        DIR *dp = opendir(kp->dirs[i]);
        if (!dp)
            continue;
        struct dirent *e;
        while ((e = readdir(dp))) {
            if (!kind_name_ok(e->d_name) || !has_krav(kp->dirs[i], e->d_name))
                continue;
            names = xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = xstrdup(e->d_name);
        }
        closedir(dp);
    }
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k > 0 && strcmp(names[k - 1], names[i]) == 0) {
            free(names[i]);
            continue;
        }
        names[k++] = names[i];
    }
    *out = names;
    return k;
}

void kind_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

char *kind_list(const kind_path *kp)
{
    char **names;
    size_t n = kind_names(kp, &names);
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(names[i]) + 2;
    char *out = xmalloc(len);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, ", ");
        strcat(out, names[i]);
    }
    kind_names_free(names, n);
    return out;
}
