/* main.c: runs every unit test of tests.def. */
#include <stdlib.h>

#include "fixture.h"
#include "harness.h"

int harness_failures;

#define T(name) void name(void);
#include "tests.def"
#undef T

int main(void)
{
    const char *home = getenv("ARSRAPPORT_HOME");
    char templates[4096];
    snprintf(templates, sizeof templates, "%s/templates", home ? home : ".");
    fixture_init(templates);
    struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
#define T(name) {#name, name},
#include "tests.def"
#undef T
    };
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
        harness_failures = 0;
        tests[i].fn();
        if (harness_failures) {
            printf("FAIL %s\n", tests[i].name);
            failed++;
        } else {
            printf("ok %s\n", tests[i].name);
            passed++;
        }
    }
    fixture_cleanup();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
