/* fixture.c: see fixture.h. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/font/font.h"
#include "../../src/parse/parse.h"
#include "../../src/validate/validate.h"

static parse_schema *schema;
static lint_patterns *lints;
static layout_hyph *hyph;

void fixture_init(const char *templates)
{
    parse_global_init();
    layout_global_init();
    schema = parse_schema_load(templates);
    lints = lint_patterns_new();
    hyph = layout_hyph_load(NULL); /* the dictionary's points only */
}

void fixture_cleanup(void)
{
    layout_hyph_free(hyph);
    lint_patterns_free(lints);
    parse_schema_free(schema);
    parse_global_cleanup();
}

const parse_schema *test_schema(void)
{
    return schema;
}

const lint_patterns *test_lints(void)
{
    return lints;
}

const layout_hyph *test_hyph(void)
{
    return hyph;
}

const char *const TEST_DOC_HEAD =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rapport xmlns=\"urn:arsrapport:1\" typ=\"delarsrapport\">\n"
    "<metadata><titel>T</titel><organisation>O</organisation>"
    "<datum>2023-09-12</datum></metadata>\n";

doc *test_doc_parse(const char *body, diag_list *dl)
{
    size_t n = strlen(TEST_DOC_HEAD) + strlen(body) + 32;
    char *x = malloc(n);
    snprintf(x, n, "%s%s</rapport>\n", TEST_DOC_HEAD, body);
    doc *d = parse_memory(test_schema(), "t.xml", x, strlen(x), dl);
    free(x);
    return d;
}

bool laid_open(laid_doc *l, const font_set *fs, const char *body,
               int32_t page_h)
{
    memset(l, 0, sizeof *l);
    l->dl = diag_list_new(LANG_SV);
    l->d = test_doc_parse(body, l->dl);
    if (!l->d)
        return false;
    l->own_fs = fs == NULL;
    l->fs = fs ? (font_set *)fs : font_set_stub();
    l->a = arena_new();
    layout_style_default(&l->st);
    l->st.hyph = test_hyph();
    /* the body's pages from the first: test_style.c tests the cover */
    l->st.cover = false;
    if (page_h > 0)
        l->st.page_h = page_h;
    l->ld = layout_document(l->d, l->fs, &l->st, l->a, l->dl);
    return l->ld != NULL;
}

void laid_again(laid_doc *l)
{
    l->ld = layout_document(l->d, l->fs, &l->st, l->a, l->dl);
}

void laid_close(laid_doc *l)
{
    arena_free(l->a);
    if (l->own_fs)
        font_set_free(l->fs);
    doc_free(l->d);
    diag_list_free(l->dl);
    memset(l, 0, sizeof *l);
}

void sbuf_put(sbuf *b, const char *t)
{
    size_t k = strlen(t);
    if (b->n + k + 1 > b->cap) {
        b->cap = (b->n + k + 1) * 2;
        b->s = realloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, t, k + 1);
    b->n += k;
}

#ifndef ARSRAPPORT_DATADIR
#define ARSRAPPORT_DATADIR "."
#endif

font_set *test_real_fonts(const char *test)
{
    const char *home = getenv("ARSRAPPORT_HOME");
    char manifest[4096];
    snprintf(manifest, sizeof manifest, "%s/fonts/fonts.txt",
             home ? home : ARSRAPPORT_DATADIR);
    diag_list *dl = diag_list_new(LANG_SV);
    font_set *fs = font_set_load(manifest, dl);
    diag_list_free(dl);
    if (!fs)
        fprintf(stderr,
                "  %s: skipped, the fonts of %s are not installed "
                "(make deps)\n",
                test, manifest);
    return fs;
}

bool test_temp_file(char *path, const char *text)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return false;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return false;
    }
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}
