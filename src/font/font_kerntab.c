/*
 * font_kerntab.c: the kerning tables the build made (kern_gen.c writes
 * build/gen/kern_table.h from the faces of fonts/fonts.txt), found by
 * the font file they were made from. A face with a table looks its dense
 * pairs up there (font.c) instead of shaping each with HarfBuzz: the
 * same values, since kern_gen asked font_kern for them.
 */
#include <string.h>
#include <sys/stat.h>

#include "font_impl.h"
#include "kern_table.h"

const font_kern_table *font_kern_table_find(const char *path)
{
    for (int i = 0; i < KERN_TABLE_FACES; i++) {
        const font_kern_table *t = &kern_tables[i];
        struct stat st;
        if (strcmp(path, t->path) == 0 && stat(path, &st) == 0 &&
            (long long)st.st_size == t->size &&
            (long long)st.st_mtime == t->mtime)
            return t;
    }
    return NULL;
}
