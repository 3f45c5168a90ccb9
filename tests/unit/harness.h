/*
 * harness.h: a small unit-test harness. Each test is a function; CHECK
 * records a failure with its location and goes on. main.c runs every test
 * listed in tests.def and prints "N passed, N failed" as its last line.
 */
#ifndef ARSRAPPORT_HARNESS_H
#define ARSRAPPORT_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int harness_failures; /* failures in the current test */

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
                    #cond);                                                    \
            harness_failures++;                                                \
        }                                                                      \
    } while (0)

#define CHECK_STR(a, b)                                                        \
    do {                                                                       \
        const char *a_ = (a), *b_ = (b);                                       \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                               \
            fprintf(stderr, "  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, \
                    a_ ? a_ : "(null)", b_ ? b_ : "(null)");                   \
            harness_failures++;                                                \
        }                                                                      \
    } while (0)

#define CHECK_INT(a, b)                                                        \
    do {                                                                       \
        long long a_ = (long long)(a), b_ = (long long)(b);                    \
        if (a_ != b_) {                                                        \
            fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__,  \
                    __LINE__, #a, a_, b_);                                     \
            harness_failures++;                                                \
        }                                                                      \
    } while (0)

#define TEST(name) void name(void)

#endif
