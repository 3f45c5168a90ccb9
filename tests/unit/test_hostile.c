/*
 * test_hostile.c: pieces of issue 28 ("never a wrong figure, never a
 * crash") that are easier to hold in a unit test than from the command
 * line: escaping what a message prints (diag_write_safe), opening only
 * regular files (open_regular_file), big arena requests.
 * tests/hostile_inputs.sh holds the rest.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/common/arena.h"
#include "../../src/common/diag.h"
#include "../../src/common/pathpolicy.h"
#include "harness.h"

static char *escaped(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    diag_write_safe(m, s);
    fclose(m);
    return buf;
}

TEST(test_diag_write_safe)
{
    char *e = escaped("ok \xc3\xa5\xc3\xa4\xc3\xb6 \xe2\x88\x92"); /* åäö − */
    CHECK_STR(e, "ok \xc3\xa5\xc3\xa4\xc3\xb6 \xe2\x88\x92");
    free(e);
    e = escaped("a\x1b[31mb\nfalsk.xml:1:1: fel\r\a\t");
    CHECK_STR(e, "a\\x1b[31mb\\x0afalsk.xml:1:1: fel\\x0d\\x07\\x09");
    free(e);
    /* C1 CSI, right-to-left override, a Latin-1 byte, a lone
     * continuation byte, an overlong '/' */
    e = escaped("x\xc2\x9by\xe2\x80\xaez\xe5w\x80v\xc0\xafu");
    CHECK_STR(e, "x\\x9by\\u202ez\\xe5w\\x80v\\xc0\\xafu");
    free(e);
    e = escaped(NULL);
    CHECK_STR(e, "");
    free(e);
}

TEST(test_open_regular_file)
{
    char dir[] = "/tmp/arsrapport-unit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char reg[128], fifo[128];
    snprintf(reg, sizeof reg, "%s/fil.xml", dir);
    snprintf(fifo, sizeof fifo, "%s/fifo.xml", dir);
    FILE *w = fopen(reg, "w");
    CHECK(w != NULL);
    if (w) {
        fputs("<x/>", w);
        fclose(w);
    }
    bool irregular = true;
    FILE *f = open_regular_file(reg, &irregular);
    CHECK(f != NULL);
    CHECK(!irregular);
    if (f) {
        char buf[8] = {0};
        CHECK_INT(fread(buf, 1, sizeof buf - 1, f), 4);
        fclose(f);
    }
    CHECK(mkfifo(fifo, 0600) == 0);
    f = open_regular_file(fifo, &irregular); /* must not block */
    CHECK(f == NULL);
    CHECK(irregular);
    f = open_regular_file("/dev/null", &irregular);
    CHECK(f == NULL);
    CHECK(irregular);
    f = open_regular_file(dir, &irregular);
    CHECK(f == NULL);
    CHECK(!irregular);
    CHECK_INT(errno, EISDIR);
    f = open_regular_file("/saknas/inte.xml", &irregular);
    CHECK(f == NULL);
    CHECK(!irregular);
    CHECK_INT(errno, ENOENT);
    unlink(fifo);
    unlink(reg);
    rmdir(dir);
}

TEST(test_arena_big_requests)
{
    /* requests over 64 KiB between small ones: each gets a block of its
     * own, small ones go on in the current block, all zeroed and
     * writable */
    arena *a = arena_new();
    char *small1 = arena_alloc(a, 100);
    for (int i = 0; i < 50; i++) {
        size_t n = 70000 + (size_t)i * 37;
        unsigned char *big = arena_alloc(a, n);
        CHECK(big[0] == 0 && big[n - 1] == 0);
        memset(big, 0xAB, n);
        char *s = arena_alloc(a, 10);
        CHECK(s[0] == 0);
    }
    CHECK(small1[99] == 0);
    CHECK(arena_used(a) >= 50 * 70000);
    CHECK(arena_used(a) < 50 * 70000 + 50 * 37 * 50 + 64 * 1024);
    arena_free(a);
}
