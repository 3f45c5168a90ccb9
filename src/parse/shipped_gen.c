/*
 * shipped_gen.c: a build tool, not part of the program (the Makefile
 * leaves it out of the library). It reads each file the program ships
 * with the program's own readers, as a run would (the size limit, no
 * DOCTYPE, the schema check, then the style's or the rule file's own
 * checks), and writes the bytes of every file that passes into a header
 * that src/parse/shipped.c includes: at run time a file with exactly
 * those bytes is not checked against its schema again (7 M instructions
 * of a 13-page build, the style's check on the critical path). The bytes
 * themselves, not a digest: comparing them costs a few thousand
 * instructions, a SHA-256 of them 60 per byte, and no other file can
 * pass for one.
 *
 *   shipped_gen OUT.h KIND SCHEMA FILE... [-- KIND SCHEMA FILE...]...
 *                     [-- rapport RAPPORT.rng]
 *
 * KIND is stil (a style, templates/stil) or krav (a rule file,
 * templates/KIND/krav.xml). A file with any problem at all fails the
 * build: exit status 1 with the problems on stderr, and OUT not written.
 *
 * rapport: the documents' schema, recorded with a copy of it without
 * its annotations (a:documentation, comments): RelaxNG
 * drops foreign elements before anything else (ISO/IEC 19757-2 4.1), so
 * the copy is the same schema, compiled in a fifth fewer instructions.
 */
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/diag.h"
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

/* Nor is the documents' schema replaced. */
const char *shipped_rapport_schema(const char *data, size_t size, size_t *len)
{
    (void)data;
    (void)size;
    (void)len;
    return NULL;
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

/* Removes the annotations (elements of the annotations' namespace) and
 * comments under n. */
static void strip(xmlNode *n)
{
    static const char ann[] =
        "http://relaxng.org/ns/compatibility/annotations/1.0";
    for (xmlNode *c = n->children, *next; c; c = next) {
        next = c->next;
        if (c->type == XML_COMMENT_NODE ||
            (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
             strcmp((const char *)c->ns->href, ann) == 0)) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else if (c->type == XML_ELEMENT_NODE) {
            strip(c);
        }
    }
}

/* The bytes of n bytes at b as the initializer of a C array named name. */
static void put_bytes(FILE *out, const char *name, const unsigned char *b,
                      size_t n)
{
    fprintf(out, "static const unsigned char %s[] = {", name);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s%u", i ? "," : "", i % 24 ? "" : "\n    ",
                (unsigned)b[i]);
    fprintf(out, "};\n");
}

/* The documents' schema at path: its bytes and its annotations-free
 * copy written to out; false when it cannot be read or either does not
 * compile. */
static bool write_rapport(FILE *out, const char *path)
{
    size_t size;
    diag_list *dl = diag_list_new(LANG_SV);
    char *buf = xmlfile_read(path, (size_t)16 << 20, "READ", &size, dl);
    diag_list_free(dl);
    if (!buf)
        return false;
    xmlDocPtr tree = xmlReadMemory(buf, (int)size, path, NULL, XML_PARSE_NONET);
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(buf, (int)size);
    xmlRelaxNGPtr whole = pc ? xmlRelaxNGParse(pc) : NULL;
    if (pc)
        xmlRelaxNGFreeParserCtxt(pc);
    if (!tree || !whole || !xmlDocGetRootElement(tree)) {
        fprintf(stderr, "shipped_gen: %s does not compile\n", path);
        free(buf);
        return false;
    }
    xmlRelaxNGFree(whole);
    strip((xmlNode *)tree);
    xmlChar *text = NULL;
    int len = 0;
    xmlDocDumpMemory(tree, &text, &len);
    xmlFreeDoc(tree);
    pc = text ? xmlRelaxNGNewMemParserCtxt((const char *)text, len) : NULL;
    xmlRelaxNGPtr bare = pc ? xmlRelaxNGParse(pc) : NULL;
    if (pc)
        xmlRelaxNGFreeParserCtxt(pc);
    if (!bare) {
        fprintf(stderr,
                "shipped_gen: %s without annotations does not compile\n", path);
        xmlFree(text);
        return false;
    }
    xmlRelaxNGFree(bare);
    fprintf(out, "/* %s */\n#define SHIPPED_RAPPORT 1\n", path);
    put_bytes(out, "shipped_rapport_whole", (const unsigned char *)buf, size);
    fprintf(out, "/* without its annotations */\n");
    put_bytes(out, "shipped_rapport_bare", text, (size_t)len);
    free(buf);
    xmlFree(text);
    return true;
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
    char **bufs = xcalloc(cap, sizeof *bufs);
    size_t *sizes = xcalloc(cap, sizeof *sizes);
    bool ok = true;
    const char *rapport = NULL;
    for (int i = 2; i < argc;) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            continue;
        }
        if (strcmp(argv[i], "rapport") == 0 && i + 1 < argc) {
            rapport = argv[i + 1];
            i += 2;
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
            bufs[n] = buf;
            sizes[n] = size;
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
                 "bytes of each\n * shipped file the build checked. */\n");
    for (size_t k = 0; k < n; k++) {
        char name[32];
        snprintf(name, sizeof name, "shipped_%zu", k);
        fprintf(out, "/* %s */\n", paths[k]);
        put_bytes(out, name, (const unsigned char *)bufs[k], sizes[k]);
    }
    fprintf(out, "static const shipped_file shipped_files[] = {\n");
    for (size_t k = 0; k < n; k++)
        fprintf(out, "    {\"%s\", shipped_%zu, sizeof shipped_%zu},\n",
                kinds[k], k, k);
    fprintf(out, "    {NULL, NULL, 0}, /* the end */\n};\n");
    if (rapport && !write_rapport(out, rapport)) {
        fclose(out);
        return 1;
    }
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    free(kinds);
    free(paths);
    for (size_t k = 0; k < n; k++)
        free(bufs[k]);
    free(bufs);
    free(sizes);
    return 0;
}
