/*
 * fuzz_pipeline.c: a libFuzzer target over the whole pipeline in memory:
 * parse (with the schema), the checks, layout and PDF, for any bytes.
 *
 * Built by `make fuzz` with clang's -fsanitize=fuzzer,address,undefined;
 * a crash, a sanitizer report, a leak or a timeout is a finding. The
 * templates and fonts are found as the program finds them (ARSRAPPORT_HOME,
 * else the project folder the target was built in).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cli/kindcache.h"
#include "../../src/common/arena.h"
#include "../../src/common/diag.h"
#include "../../src/font/font.h"
#include "../../src/layout/layout.h"
#include "../../src/model/model.h"
#include "../../src/parse/parse.h"
#include "../../src/pdf/pdf.h"
#include "../../src/validate/validate.h"

#ifndef ARSRAPPORT_DATADIR
#define ARSRAPPORT_DATADIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kind_cache kinds;
static font_set *fonts;
static char home[4096];

static void cleanup(void)
{
    font_set_free(fonts);
    validate_cleanup();
    parse_cleanup();
    kinds_free(&kinds);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *env = getenv("ARSRAPPORT_HOME");
    snprintf(home, sizeof home, "%s", env && *env ? env : ARSRAPPORT_DATADIR);
    char templates[4200], manifest[4200];
    snprintf(templates, sizeof templates, "%s/templates", home);
    snprintf(manifest, sizeof manifest, "%s/fonts/fonts.txt", home);
    parse_init(templates);
    kinds_init(&kinds, templates, NULL, 0);
    diag_list *dl = diag_list_new(LANG_SV);
    fonts = font_set_load(manifest, dl);
    diag_list_free(dl);
    if (!fonts) {
        fprintf(stderr, "fuzz: the fonts of %s are missing (make deps)\n",
                manifest);
        exit(2);
    }
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_memory("fuzz.xml", (const char *)data, size, dl);
    if (d) {
        const doc_meta *m = doc_metadata(d);
        for (size_t i = 0; i < m->n_undantag; i++)
            if (m->undantag[i])
                diag_suppress(dl, m->undantag[i]);
        validate_kinds vk;
        const rule_set **all = NULL;
        if (kinds_for(&kinds, doc_type(d), m->titel, dl, &vk, &all)) {
            validate_document(d, &vk, dl);
            layout_style st;
            layout_style_default(&st);
            st.running_title = m->titel;
            st.running_right = m->namnd ? m->namnd : m->organisation;
            arena *a = arena_new();
            layout_doc *ld = layout_document(d, fonts, &st, a, dl);
            pdf_meta pm = {.title = m->titel,
                           .author = m->organisation,
                           .creator = "arsrapport fuzz",
                           .lang = "sv-SE",
                           .date = m->datum};
            unsigned char *bytes = NULL;
            size_t n = 0;
            if (pdf_render(ld, fonts, &pm, "fuzz.pdf", dl, &bytes, &n) == 0)
                free(bytes);
            arena_free(a);
        }
        free(all);
        doc_free(d);
    }
    diag_sort(dl);
    diag_list_free(dl);
    return 0;
}
