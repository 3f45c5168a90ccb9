/*
 * shipped_gen.c: a build tool, not part of the program (the Makefile
 * leaves it out of the library). It reads each file the program ships
 * with the program's own readers, as a run would (the size limit, no
 * DOCTYPE, the schema check, then the style's or the rule file's own
 * checks), and writes the SHA-256 of the bytes of every file that passes
 * into a header that src/parse/shipped.c includes: at run time a file
 * with the same bytes is not checked against its schema again (7 M
 * instructions of a 13-page build, the style's check on the critical
 * path).
 *
 *   shipped_gen OUT.h KIND SCHEMA FILE... [-- KIND SCHEMA FILE...]...
 *
 * KIND is stil (a style, templates/stil) or krav (a rule file,
 * templates/KIND/krav.xml). A file with any problem at all fails the
 * build: exit status 1 with the problems on stderr, and OUT not written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../common/sha256.h"
#include "../layout/layout.h"
#include "../model/krav.h"
#include "parse.h"
#include "shipped.h"
#include "style.h"
#include "xmlfile.h"

/* The tool checks every file in full: nothing is taken as checked. */
bool shipped_checked(const char *kind, const char *data, size_t size)
{
    (void)kind;
    (void)data;
    (void)size;
    return false;
}

/* Reads path as kind would be read; true when nothing at all is said. */
static bool check_file(const char *kind, const char *schema, const char *path)
{
    diag_list *dl = diag_list_new(LANG_SV);
    if (strcmp(kind, "stil") == 0) {
        layout_style st;
        layout_style_default(&st);
        arena *a = arena_new();
        style_load(path, schema, NULL, &st, a, dl);
        arena_free(a);
    } else {
        krav_free(parse_krav_file(path, schema, NULL, dl));
    }
    bool ok = diag_count(dl) == 0;
    for (size_t i = 0; i < diag_count(dl); i++) {
        const diag *d = diag_get(dl, i);
        fprintf(stderr, "%s:%u:%u: [%s] %s\n", d->file ? d->file : path,
                (unsigned)d->line, (unsigned)d->col, d->rule, d->message);
    }
    diag_list_free(dl);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: shipped_gen OUT.h KIND SCHEMA FILE... "
                        "[-- KIND SCHEMA FILE...]...\n");
        return 1;
    }
    parse_global_init();
    size_t cap = (size_t)argc, n = 0;
    const char **kinds = xcalloc(cap, sizeof *kinds);
    const char **paths = xcalloc(cap, sizeof *paths);
    uint8_t(*sums)[SHA256_BYTES] = xcalloc(cap, sizeof *sums);
    bool ok = true;
    for (int i = 2; i < argc;) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            continue;
        }
        if (i + 1 >= argc ||
            (strcmp(argv[i], "stil") != 0 && strcmp(argv[i], "krav") != 0)) {
            fprintf(stderr, "shipped_gen: expected stil|krav SCHEMA, got %s\n",
                    argv[i]);
            return 1;
        }
        const char *kind = argv[i], *schema = argv[i + 1];
        for (i += 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
            if (!check_file(kind, schema, argv[i])) {
                ok = false;
                continue;
            }
            size_t size;
            diag_list *dl = diag_list_new(LANG_SV);
            char *buf =
                xmlfile_read(argv[i], (size_t)16 << 20, "READ", &size, dl);
            diag_list_free(dl);
            if (!buf) {
                fprintf(stderr, "shipped_gen: cannot read %s\n", argv[i]);
                ok = false;
                continue;
            }
            sha256(buf, size, sums[n]);
            free(buf);
            kinds[n] = kind;
            paths[n++] = argv[i];
        }
    }
    if (!ok)
        return 1;
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out, "/* Written by shipped_gen (src/parse/shipped_gen.c): the "
                 "SHA-256 of each\n * shipped file the build checked. */\n"
                 "static const shipped_file shipped_files[] = {\n");
    for (size_t k = 0; k < n; k++) {
        fprintf(out, "    /* %s */\n    {\"%s\", {", paths[k], kinds[k]);
        for (int b = 0; b < SHA256_BYTES; b++)
            fprintf(out, "%s0x%02x", b ? ", " : "", sums[k][b]);
        fprintf(out, "}},\n");
    }
    fprintf(out, "    {NULL, {0}}, /* the end */\n};\n");
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    free(kinds);
    free(paths);
    free(sums);
    return 0;
}
