/*
 * fuzz_rules.c: a libFuzzer target over the rule files of document kinds
 * (templates/<typ>/krav.xml) in memory: read and validated against
 * krav.rng (parse_krav_memory), the patterns compiled (rule_set_compile)
 * and every rule checked against a small document with headings, text and
 * a table (check_heading_rules), so that a pattern that backtracks without
 * end is a timeout and a pattern or file past the limits a finding only
 * if it is not refused.
 *
 * Built and run by `make fuzz` (seeds: the rule files of templates/,
 * tests/templates/ and examples/), with clang's
 * -fsanitize=fuzzer,address,undefined.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/common/arena.h"
#include "../../src/common/diag.h"
#include "../../src/model/model.h"
#include "../../src/parse/parse.h"
#include "../../src/validate/rules.h"
#include "../../src/validate/validate.h"

#ifndef ARSRAPPORT_DATADIR
#define ARSRAPPORT_DATADIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char schema[4200];
static doc *sample;

/* Headings that the installed kinds' patterns match and miss by an edit
 * or two, a long heading for backtracking, body text and a table. */
static const char sample_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rapport xmlns=\"urn:arsrapport:1\" typ=\"prov\">\n"
    "<metadata><titel>Delårsrapport januari–augusti 2023</titel>"
    "<organisation>Kommunen</organisation><datum>2023-09-12</datum>"
    "</metadata>\n"
    "<avsnitt><rubrik>Viktiga händelser</rubrik><stycke>Under perioden "
    "har nämnden arbetat med riskanalys och internkontroll.</stycke>"
    "</avsnitt>\n"
    "<avsnitt><rubrik>Ekonomisk sammanfatning</rubrik></avsnitt>\n"
    "<avsnitt><rubrik>2.1 RISKANALYS</rubrik><stycke>Text.</stycke>"
    "<avsnitt><rubrik>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"
    "</rubrik><stycke>Text.</stycke></avsnitt></avsnitt>\n"
    "<avsnitt><rubrik>Driftsredovisning</rubrik>"
    "<tabell id=\"drift\" enhet=\"tkr\"><rubrik>Drift</rubrik>"
    "<kolumn typ=\"text\"/><kolumn id=\"budget\" typ=\"belopp\">Budget"
    "</kolumn><kolumn id=\"prognos\" typ=\"belopp\">Prognos</kolumn>"
    "<rad><cell>Intäkter</cell><cell>100</cell><cell>90</cell></rad>"
    "<summa><cell>Summa</cell><cell/><cell/></summa></tabell></avsnitt>\n"
    "</rapport>\n";

static parse_schema *doc_schema;
static xmlfile_schema_cache *cache; /* krav.rng, compiled once */

static void cleanup(void)
{
    doc_free(sample);
    xmlfile_schema_cache_free(cache);
    parse_schema_free(doc_schema);
    parse_global_cleanup();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *env = getenv("ARSRAPPORT_HOME");
    char home[4096], templates[4200];
    snprintf(home, sizeof home, "%s", env && *env ? env : ARSRAPPORT_DATADIR);
    snprintf(templates, sizeof templates, "%s/templates", home);
    snprintf(schema, sizeof schema, "%s/templates/schema/krav.rng", home);
    parse_global_init();
    doc_schema = parse_schema_load(templates);
    cache = xmlfile_schema_cache_new();
    diag_list *dl = diag_list_new(LANG_SV);
    sample = parse_memory(doc_schema, "prov.xml", sample_xml,
                          sizeof sample_xml - 1, dl);
    diag_list_free(dl);
    if (!sample) {
        fprintf(stderr, "fuzz_rules: the sample document does not parse "
                        "(templates missing?)\n");
        exit(2);
    }
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list *dl = diag_list_new(LANG_SV);
    krav_set *ks = parse_krav_memory("fuzz/krav.xml", (const char *)data, size,
                                     schema, cache, dl);
    rule_set *rs = ks ? rule_set_compile(ks, dl) : NULL; /* owns ks */
    if (rs) {
        const doc_node **empty = NULL;
        size_t nempty = 0;
        check_heading_rules(sample, rs, dl, &empty, &nempty);
        free((void *)empty);
        (void)rule_set_title_matches(rs, "Delårsrapport 2023");
        rule_set_free(rs);
    }
    diag_sort(dl);
    diag_list_free(dl);
    return 0;
}
