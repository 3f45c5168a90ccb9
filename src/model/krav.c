/*
 * krav.c: the rule set of a document kind.
 */
#include "krav.h"

krav_set *krav_new(const char *path)
{
    arena *a = arena_new();
    krav_set *ks = arena_alloc(a, sizeof *ks);
    ks->a = a;
    ks->path = arena_strdup(a, path);
    return ks;
}

void krav_free(krav_set *ks)
{
    if (ks)
        arena_free(ks->a);
}

const char *krav_level_name(krav_level level)
{
    switch (level) {
    case KRAV_REQUIRED:
        return "obligatorisk";
    case KRAV_RECOMMENDED:
        return "rekommenderad";
    case KRAV_CONDITIONAL:
        return "villkorad";
    }
    return "";
}
