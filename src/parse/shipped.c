/*
 * shipped.c: see shipped.h. The table comes from the build
 * (build/gen/shipped_table.h, written by src/parse/shipped_gen.c): the
 * bytes of each file, compared whole.
 */
#include "shipped.h"

#include <string.h>

typedef struct {
    const char *kind;
    const unsigned char *bytes;
    size_t size;
} shipped_file;

#include "shipped_table.h"

bool shipped_checked(const char *kind, const char *data, size_t size)
{
    for (size_t i = 0; shipped_files[i].kind; i++)
        if (shipped_files[i].size == size &&
            strcmp(shipped_files[i].kind, kind) == 0 &&
            memcmp(shipped_files[i].bytes, data, size) == 0)
            return true;
    return false;
}

const char *shipped_rapport_schema(const char *data, size_t size, size_t *len)
{
#ifdef SHIPPED_RAPPORT
    if (size != sizeof shipped_rapport_whole ||
        memcmp(shipped_rapport_whole, data, size) != 0)
        return NULL;
    *len = sizeof shipped_rapport_bare;
    return (const char *)shipped_rapport_bare;
#else
    (void)data;
    (void)size;
    (void)len;
    return NULL;
#endif
}
