/*
 * fuzz_pipeline.c: a libFuzzer target over the whole pipeline in memory:
 * parse (with the schema), the checks, layout and PDF, for any bytes,
 * through the engine's one entry point (engine_run), as the command line
 * builds a draft.
 *
 * Built by `make fuzz` with clang's -fsanitize=fuzzer,address,undefined;
 * a crash, a sanitizer report, a leak or a timeout is a finding. The
 * templates and fonts are found as the program finds them (ARSRAPPORT_HOME,
 * else the project folder the target was built in).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../src/engine/engine.h"
#include "../../src/parse/parse.h"

#ifndef ARSRAPPORT_DATADIR
#define ARSRAPPORT_DATADIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static engine *eng;

static void cleanup(void)
{
    engine_free(eng);
    parse_global_cleanup();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *env = getenv("ARSRAPPORT_HOME");
    engine_config cfg = {.home = env && *env ? env : ARSRAPPORT_DATADIR};
    diag_list *dl = diag_list_new(LANG_SV);
    eng = engine_new(&cfg, dl);
    diag_list_free(dl);
    if (!eng) {
        fprintf(stderr, "fuzz: the templates of %s cannot be used\n", cfg.home);
        exit(2);
    }
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    engine_job job = {
        .task = ENGINE_BUILD,
        .input = "fuzz.xml",
        .data = size ? (const char *)data : "",
        .size = size,
        .output = "fuzz.pdf",
        .lang = LANG_SV,
        .draft = true,
        .creator = "arsrapport fuzz",
    };
    engine_result r;
    engine_run(eng, &job, &r);
    diag_sort(r.dl);
    engine_result_free(&r);
    return 0;
}
