/*
 * kern_gen.c: a build tool, not part of the program (the Makefile leaves
 * it out of the library). It loads the faces of the font manifest as the
 * program does (font_hb.c) and asks each for the kerning of every pair of
 * the dense kerning table's code points (font_impl.h: Latin-1, Latin
 * Extended-A, general punctuation, the minus and the euro sign), the way
 * layout asks for them: each pair shaped with HarfBuzz, about 4 000
 * instructions, some 3 000 distinct pairs in a 12-page report, 11 M
 * instructions of every build (issue 25). The pairs that kern are written
 * as C tables (a header that font_kerntab.c includes); the program looks
 * a pair up there instead of shaping it.
 *
 *   kern_gen OUT.h MANIFEST   a header with a table per face of MANIFEST
 *                             that can be loaded; none loaded: a header
 *                             with no table
 *
 * Each table records its file's path, size and modification time: the
 * program uses it only while that file is unchanged (another version of
 * the fonts is shaped as before). Exit status 0, or 1 when OUT cannot be
 * written (a message on stderr).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/arena.h"
#include "font_impl.h"

/* The tool computes every pair: no table of an earlier build is used. */
const font_kern_table *font_kern_table_find(const char *path)
{
    (void)path;
    return NULL;
}

/* Out of memory in the tool (the program's die_oom is in src/engine). */
_Noreturn void die_oom(void)
{
    fputs("kern_gen: out of memory\n", stderr);
    exit(1);
}

/* The code point of dense index i (the inverse of kern_dense_index). */
static uint32_t dense_cp(int i)
{
    if (i < 352)
        return 0x20 + (uint32_t)i;
    if (i < 400)
        return 0x2010 + (uint32_t)(i - 352);
    return i == 400 ? 0x2212 : 0x20AC;
}

static void put_or_die(int ok, const char *out)
{
    if (!ok) {
        fprintf(stderr, "kern_gen: cannot write %s\n", out);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: kern_gen OUT.h MANIFEST\n", stderr);
        return 1;
    }
    const char *out = argv[1];
    diag_list *dl = diag_list_new(LANG_EN);
    font_set *fs = font_set_load(argv[2], dl);
    diag_list_free(dl);
    FILE *o = fopen(out, "w");
    put_or_die(o != NULL, out);
    fprintf(o, "/* Made by src/font/kern_gen.c from %s: do not edit. */\n",
            argv[2]);
    int nfaces = 0;
    size_t npairs = 0;
    uint32_t(*rows)[KERN_DENSE + 1] = xcalloc(FONT_ROLE_COUNT, sizeof *rows);
    size_t cap = 1 << 16;
    uint16_t *right = xmalloc(cap * sizeof *right);
    int16_t *value = xmalloc(cap * sizeof *value);
    struct stat st[FONT_ROLE_COUNT];
    const char *path[FONT_ROLE_COUNT];
    size_t first[FONT_ROLE_COUNT];
    for (int r = 0; fs && r < FONT_ROLE_COUNT; r++) {
        path[nfaces] = font_path(fs, (font_role)r);
        if (!path[nfaces] || stat(path[nfaces], &st[nfaces]) != 0)
            continue;
        first[nfaces] = npairs;
        for (int li = 0; li < KERN_DENSE; li++) {
            rows[nfaces][li] = (uint32_t)(npairs - first[nfaces]);
            for (int ri = 0; ri < KERN_DENSE; ri++) {
                int v = font_kern(fs, (font_role)r, dense_cp(li), dense_cp(ri));
                if (v == 0)
                    continue;
                if (npairs == cap) {
                    cap *= 2;
                    right = xrealloc(right, cap * sizeof *right);
                    value = xrealloc(value, cap * sizeof *value);
                }
                right[npairs] = (uint16_t)ri;
                value[npairs++] = (int16_t)v;
            }
        }
        rows[nfaces][KERN_DENSE] = (uint32_t)(npairs - first[nfaces]);
        nfaces++;
    }
    fprintf(o, "#define KERN_TABLE_FACES %d\n", nfaces);
    fprintf(o, "static const uint32_t kern_table_rows[%d][%d] = {\n",
            nfaces ? nfaces : 1, KERN_DENSE + 1);
    for (int f = 0; f < nfaces; f++) {
        fputs("{", o);
        for (int i = 0; i <= KERN_DENSE; i++)
            fprintf(o, "%s%u,", i % 16 ? "" : "\n", rows[f][i]);
        fputs("},\n", o);
    }
    fputs(nfaces ? "};\n" : "{0}};\n", o);
    fprintf(o, "static const uint16_t kern_table_right[%zu] = {",
            npairs ? npairs : 1);
    for (size_t i = 0; i < npairs; i++)
        fprintf(o, "%s%u,", i % 20 ? "" : "\n", right[i]);
    fputs(npairs ? "};\n" : "0};\n", o);
    fprintf(o, "static const int16_t kern_table_value[%zu] = {",
            npairs ? npairs : 1);
    for (size_t i = 0; i < npairs; i++)
        fprintf(o, "%s%d,", i % 20 ? "" : "\n", value[i]);
    fputs(npairs ? "};\n" : "0};\n", o);
    fprintf(o, "static const font_kern_table kern_tables[%d] = {\n",
            nfaces ? nfaces : 1);
    for (int f = 0; f < nfaces; f++) {
        fputs("{\"", o);
        for (const char *p = path[f]; *p; p++)
            fprintf(o, *p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
        fprintf(o, "\",%lldLL,%lldLL,kern_table_rows[%d],",
                (long long)st[f].st_size, (long long)st[f].st_mtime, f);
        fprintf(o, "kern_table_right+%zu,kern_table_value+%zu},\n", first[f],
                first[f]);
    }
    fputs(nfaces ? "};\n" : "{0}};\n", o);
    put_or_die(fclose(o) == 0, out);
    free(rows);
    free(right);
    free(value);
    font_set_free(fs);
    return 0;
}
