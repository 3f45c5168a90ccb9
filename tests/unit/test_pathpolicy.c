/*
 * test_pathpolicy.c: a document reads files only in its own folder and
 * below, plus folders allowed with --tillat-sokvag (pathpolicy.c), and
 * image_resolve applies that rule to symbolic links (issue 10).
 *
 * The files and links are made in a temporary folder:
 *   doc/in.png, doc/link.png -> ../ute/x.png, doc/mapp -> ../ute,
 *   doc2/y.png (a sibling whose name starts with "doc"), ute/x.png
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/common/pathpolicy.h"
#include "../../src/image/image.h"
#include "harness.h"

static char root[PATH_MAX];

static const char *at(const char *rel)
{
    static char bufs[4][PATH_MAX + 64];
    static int next;
    char *b = bufs[next];
    next = (next + 1) % 4;
    snprintf(b, sizeof bufs[0], "%s/%s", root, rel);
    return b;
}

static void touch(const char *rel)
{
    FILE *f = fopen(at(rel), "w");
    if (f) {
        fputs("x", f);
        fclose(f);
    }
}

static void make_tree(void)
{
    char tmpl[] = "/tmp/arsrapport-pathpolicy.XXXXXX";
    char *d = mkdtemp(tmpl);
    CHECK(d != NULL);
    if (!d || !realpath(d, root))
        return;
    mkdir(at("doc"), 0755);
    mkdir(at("doc2"), 0755);
    mkdir(at("ute"), 0755);
    touch("doc/in.png");
    touch("doc2/y.png");
    touch("ute/x.png");
    CHECK(symlink("../ute/x.png", at("doc/link.png")) == 0);
    CHECK(symlink("../ute", at("doc/mapp")) == 0);
}

static void remove_tree(void)
{
    const char *files[] = {"doc/in.png", "doc/link.png", "doc/mapp",
                           "doc2/y.png", "ute/x.png",    "doc",
                           "doc2",       "ute",          ""};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        remove(files[i][0] ? at(files[i]) : root);
}

void test_pathpolicy_inside_and_out(void)
{
    make_tree();
    char r[PATH_MAX];
    path_policy *p = path_policy_new();
    CHECK_INT(path_policy_check(p, at("doc"), at("doc/in.png"), r, sizeof r),
              PATH_INSIDE);
    CHECK_STR(r, at("doc/in.png"));
    /* a link inside that leads out, to a file and through a folder */
    CHECK_INT(path_policy_check(p, at("doc"), at("doc/link.png"), r, sizeof r),
              PATH_OUTSIDE);
    CHECK_STR(r, at("ute/x.png"));
    CHECK_INT(
        path_policy_check(p, at("doc"), at("doc/mapp/x.png"), r, sizeof r),
        PATH_OUTSIDE);
    /* "doc2" begins with "doc" but is not inside it */
    CHECK_INT(path_policy_check(p, at("doc"), at("doc2/y.png"), r, sizeof r),
              PATH_OUTSIDE);
    CHECK_INT(
        path_policy_check(p, at("doc"), at("doc/../ute/x.png"), r, sizeof r),
        PATH_OUTSIDE);
    CHECK_INT(path_policy_check(p, at("doc"), at("doc/nej.png"), r, sizeof r),
              PATH_MISSING);
    /* an allowed folder, and only that one */
    CHECK(!path_policy_has_allowed(p));
    CHECK(!path_policy_allow(p, at("finns-inte")));
    CHECK(!path_policy_allow(p, at("ute/x.png"))); /* a file, not a folder */
    CHECK(path_policy_allow(p, at("ute")));
    CHECK(path_policy_has_allowed(p));
    CHECK_INT(path_policy_check(p, at("doc"), at("doc/link.png"), r, sizeof r),
              PATH_INSIDE);
    CHECK_INT(path_policy_check(p, at("doc"), at("doc2/y.png"), r, sizeof r),
              PATH_OUTSIDE);
    path_policy_free(p);
    /* a policy is no process state: a new one allows nothing */
    p = path_policy_new();
    CHECK(!path_policy_has_allowed(p));
    CHECK_INT(path_policy_check(p, at("doc"), at("doc/link.png"), r, sizeof r),
              PATH_OUTSIDE);
    CHECK_INT(
        path_policy_check(NULL, at("doc"), at("doc/link.png"), r, sizeof r),
        PATH_OUTSIDE);
    path_policy_free(p);
    remove_tree();
}

void test_pathpolicy_image_resolve(void)
{
    make_tree();
    path_policy *p = path_policy_new();
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    /* inside: the resolved path is what gets opened */
    CHECK_STR(image_resolve(p, at("doc"), "in.png", a, dl, "t.xml", 1, 1),
              at("doc/in.png"));
    CHECK_INT(diag_count(dl), 0);
    CHECK(!image_resolve(p, at("doc"), "link.png", a, dl, "t.xml", 2, 3));
    CHECK(!image_resolve(p, at("doc"), "mapp/x.png", a, dl, "t.xml", 4, 5));
    CHECK_INT(diag_count(dl), 2);
    for (size_t i = 0; i < diag_count(dl); i++) {
        CHECK_STR(diag_get(dl, i)->rule, "BILD-02");
        CHECK(strstr(diag_get(dl, i)->message, "utanför") != NULL);
    }
    CHECK_INT(diag_get(dl, 0)->line, 2);
    /* with the folder allowed, "..", the links and the absolute path pass */
    CHECK(path_policy_allow(p, at("ute")));
    CHECK_STR(image_resolve(p, at("doc"), "link.png", a, dl, "t.xml", 1, 1),
              at("ute/x.png"));
    CHECK_STR(image_resolve(p, at("doc"), "../ute/x.png", a, dl, "t.xml", 1, 1),
              at("ute/x.png"));
    CHECK_STR(
        image_resolve(p, at("doc"), at("ute/x.png"), a, dl, "t.xml", 1, 1),
        at("ute/x.png"));
    CHECK(!image_resolve(p, at("doc"), "../doc2/y.png", a, dl, "t.xml", 1, 1));
    CHECK_INT(diag_count(dl), 3);
    path_policy_free(p);
    diag_list_free(dl);
    arena_free(a);
    remove_tree();
}

/* read_capped: a regular file read whole in a buffer of its size, a file
 * over the cap known as such (max + 1 bytes read), and a pipe, which says
 * no size, read as it grows (issue 25) */
TEST(test_pathpolicy_read_capped)
{
    char tmpl[] = "/tmp/arsrapport-readcapped.XXXXXX";
    int fd = mkstemp(tmpl);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    size_t size = 200000;
    char *want = malloc(size);
    for (size_t i = 0; i < size; i++)
        want[i] = (char)('a' + (i * 7) % 26);
    CHECK(write(fd, want, size) == (ssize_t)size);
    close(fd);
    size_t len = 0;
    int err = -1;
    FILE *f = fopen(tmpl, "rb");
    char *got = read_capped(f, 1u << 20, &len, &err);
    fclose(f);
    CHECK_INT(err, 0);
    CHECK_INT(len, size);
    CHECK(memcmp(got, want, size) == 0 && got[size] == '\0');
    free(got);
    f = fopen(tmpl, "rb");
    got = read_capped(f, 1000, &len, &err);
    fclose(f);
    CHECK_INT(len, 1001);
    CHECK(memcmp(got, want, 1001) == 0 && got[1001] == '\0');
    free(got);
    f = popen("head -c 150000 /dev/zero", "r");
    CHECK(f != NULL);
    if (f) {
        got = read_capped(f, 1u << 20, &len, &err);
        pclose(f);
        CHECK_INT(len, 150000);
        CHECK(got[0] == '\0' && got[149999] == '\0');
        free(got);
    }
    f = fopen(tmpl, "wb");
    fclose(f);
    f = fopen(tmpl, "rb");
    got = read_capped(f, 1000, &len, &err);
    fclose(f);
    CHECK_INT(len, 0);
    CHECK(got[0] == '\0');
    free(got);
    free(want);
    unlink(tmpl);
}
