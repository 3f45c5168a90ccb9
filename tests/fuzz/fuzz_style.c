/*
 * fuzz_style.c: a libFuzzer target over style files (templates/stil/NAME.xml)
 * in memory: read, validated against stil.rng and applied over the
 * built-in default (style_load_memory), then the contrast of the colours
 * it set computed as the checks do.
 *
 * Built and run by `make fuzz` (seeds: templates/stil/, tests/styles/ and
 * the examples' styles), with clang's -fsanitize=fuzzer,address,undefined.
 * A logo the input names is looked for beside "fuzz/stil.xml", that is in
 * the folder the target runs in.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/arena.h"
#include "../../src/common/diag.h"
#include "../../src/layout/layout.h"
#include "../../src/parse/parse.h"
#include "../../src/parse/style.h"

#ifndef ARSRAPPORT_DATADIR
#define ARSRAPPORT_DATADIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char schema[4200];
static xmlfile_schema_cache *cache; /* stil.rng, compiled once */

static void cleanup(void)
{
    xmlfile_schema_cache_free(cache);
    parse_global_cleanup();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *env = getenv("ARSRAPPORT_HOME");
    char home[4096];
    snprintf(home, sizeof home, "%s", env && *env ? env : ARSRAPPORT_DATADIR);
    snprintf(schema, sizeof schema, "%s/templates/schema/stil.rng", home);
    parse_global_init();
    cache = xmlfile_schema_cache_new();
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list *dl = diag_list_new(LANG_SV);
    arena *a = arena_new();
    layout_style st;
    layout_style_default(&st);
    if (style_load_memory("fuzz/stil.xml", (const char *)data, size, schema,
                          cache, &st, a, dl)) {
        volatile double c = style_contrast(st.text_color, 0xFFFFFF) +
                            style_contrast(st.heading_color, st.header_fill);
        (void)c;
    }
    arena_free(a);
    diag_sort(dl);
    diag_list_free(dl);
    return 0;
}
