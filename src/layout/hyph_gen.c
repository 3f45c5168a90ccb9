/*
 * hyph_gen.c: a build tool, not part of the program (the Makefile leaves
 * it out of the library). It reads a hyphenation dictionary with
 * libhyphen, as layout_hyph.c would at every start, and writes its state
 * machine as C tables (a header that layout_hyph.c includes), so that the
 * program sets the dictionary up from constant data instead of parsing
 * 15 000 patterns: 38 M instructions, a seventh of a 12-page build, down
 * to the pointers of the states (issue 25). The tables are libhyphen's own
 * structures (hyphen.h), so its lookups give the same points.
 *
 *   hyph_gen OUT.h DICT...   the first DICT that can be read; with none,
 *                            a header saying there is no table
 *
 * The header records the file's path, size and modification time: the
 * program uses the table only while that file is unchanged (an upgraded
 * hyphen-sv is read from the file again). Exit status 0, or 1 when OUT
 * cannot be written (a message on stderr).
 */
#define _POSIX_C_SOURCE 200809L
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The strings of every state (match, repl) and the nohyphen lists, one
 * pool; each offset is where a string starts, -1 for NULL. */
typedef struct {
    char *b;
    size_t n, cap;
} pool;

/* Adds the parts strings of s (each ended by a NUL, one after the
 * other: a nohyphen list is "'\0-" for two parts) to the pool. */
static long pool_add_parts(pool *p, const char *s, int parts)
{
    if (!s)
        return -1;
    size_t k = 0;
    for (int i = 0; i < parts; i++)
        k += strlen(s + k) + 1;
    if (p->n + k > p->cap) {
        p->cap = (p->n + k) * 2;
        p->b = realloc(p->b, p->cap);
        if (!p->b) {
            fputs("hyph_gen: out of memory\n", stderr);
            exit(1);
        }
    }
    memcpy(p->b + p->n, s, k);
    p->n += k;
    return (long)(p->n - k);
}

static long pool_add(pool *p, const char *s)
{
    return pool_add_parts(p, s, 1);
}

static void write_levels(FILE *o, const HyphenDict *top, const char *path,
                         const struct stat *st)
{
    pool p = {0};
    long nstates = 0, ntrans = 0;
    int nlevels = 0;
    for (const HyphenDict *d = top; d; d = d->nextlevel, nlevels++)
        for (int i = 0; i < d->num_states; i++) {
            nstates++;
            ntrans += d->states[i].num_trans;
        }
    fprintf(o, "#define HYPH_TABLE_PATH \"%s\"\n", path);
    fprintf(o, "#define HYPH_TABLE_SIZE %lldLL\n", (long long)st->st_size);
    fprintf(o, "#define HYPH_TABLE_MTIME %lldLL\n", (long long)st->st_mtime);
    fprintf(o, "#define HYPH_TABLE_LEVELS %d\n", nlevels);
    /* the transitions of every state of every level, in order */
    fprintf(o, "static const HyphenTrans hyph_table_trans[%ld] = {\n",
            ntrans ? ntrans : 1);
    for (const HyphenDict *d = top; d; d = d->nextlevel)
        for (int i = 0; i < d->num_states; i++)
            for (int k = 0; k < d->states[i].num_trans; k++)
                fprintf(o, "{%d,%d},\n", (int)d->states[i].trans[k].ch,
                        d->states[i].trans[k].new_state);
    if (!ntrans)
        fputs("{0,0}\n", o);
    fputs("};\n", o);
    fprintf(o, "static const hyph_table_state hyph_table_states[%ld] = {\n",
            nstates ? nstates : 1);
    long t = 0;
    for (const HyphenDict *d = top; d; d = d->nextlevel)
        for (int i = 0; i < d->num_states; i++) {
            const HyphenState *s = &d->states[i];
            /* replindex and replcut mean something only with a match
             * (libhyphen leaves them unset else): 0, so that the output
             * is the same on every run */
            fprintf(o, "{%ld,%ld,%d,%d,%d,%d,%ld},\n", pool_add(&p, s->match),
                    pool_add(&p, s->repl), s->match ? (int)s->replindex : 0,
                    s->match ? (int)s->replcut : 0, s->fallback_state,
                    s->num_trans, t);
            t += s->num_trans;
        }
    if (!nstates)
        fputs("{-1,-1,0,0,0,0,0}\n", o);
    fputs("};\n", o);
    fprintf(o, "static const hyph_table_level hyph_table_levels[%d] = {\n",
            nlevels ? nlevels : 1);
    long first = 0;
    for (const HyphenDict *d = top; d; d = d->nextlevel) {
        fprintf(o, "{%d,%d,%d,%d,%ld,%d,%ld,%d,%d,\"", (int)d->lhmin,
                (int)d->rhmin, (int)d->clhmin, (int)d->crhmin,
                /* its nohyphenl + 1 parts (libhyphen reads them so) */
                pool_add_parts(&p, d->nohyphen, d->nohyphenl + 1), d->nohyphenl,
                first, d->num_states, d->utf8);
        for (const char *c = d->cset; *c && c < d->cset + MAX_NAME; c++)
            fputc(*c == '"' || *c == '\\' ? '_' : *c, o);
        fputs("\"},\n", o);
        first += d->num_states;
    }
    if (!nlevels)
        fputs("{0,0,0,0,-1,0,0,0,0,\"\"}\n", o);
    fputs("};\n", o);
    /* the strings as numbers: a literal this long is beyond what C11
     * promises a compiler takes (-Woverlength-strings) */
    fprintf(o, "static const char hyph_table_pool[%zu] = {", p.n ? p.n : 1);
    for (size_t i = 0; i < p.n; i++)
        fprintf(o, "%s%d,", i % 24 ? "" : "\n", (int)(signed char)p.b[i]);
    if (!p.n)
        fputs("0", o);
    fputs("\n};\n", o);
    free(p.b);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: hyph_gen OUT.h DICT...\n", stderr);
        return 1;
    }
    FILE *o = fopen(argv[1], "w");
    if (!o) {
        perror(argv[1]);
        return 1;
    }
    fputs("/* generated by src/layout/hyph_gen.c at build time: do not edit "
          "*/\n",
          o);
    HyphenDict *d = NULL;
    for (int i = 2; i < argc && !d; i++) {
        struct stat st;
        if (access(argv[i], R_OK) != 0 || stat(argv[i], &st) != 0)
            continue;
        d = hnj_hyphen_load(argv[i]);
        if (d)
            write_levels(o, d, argv[i], &st);
    }
    if (d)
        hnj_hyphen_free(d);
    else
        fputs("#define HYPH_TABLE_LEVELS 0\n", o);
    if (fclose(o) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
