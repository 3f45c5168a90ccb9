/* test_process.c: the output written through a temporary file
 * (src/engine/process.c, issue 25): process_tmp_open gives a file no name
 * leads to, process_tmp_commit makes it the target, replacing an earlier
 * file whole, by a link (O_TMPFILE) or, for a file that cannot be linked
 * (a file system without O_TMPFILE: a named file unlinked at once), by a
 * copy; nothing is left beside the target; a folder that is missing, or
 * gone before the commit, is an error with the reason and the earlier
 * state kept. */
#define _GNU_SOURCE /* mkdtemp */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/engine/process.h"
#include "harness.h"

/* The number of entries of dir (. and .. not counted). */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* Whether path holds exactly s. */
static int holds(const char *path, const char *s)
{
    char buf[256];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return n == strlen(s) && memcmp(buf, s, n) == 0;
}

static void put(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(s, f);
        fclose(f);
    }
}

TEST(test_process_tmp_commit)
{
    char dir[] = "/tmp/ars-process-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char target[64], why[256];
    snprintf(target, sizeof target, "%s/ut.pdf", dir);
    put(target, "old");

    /* linked into place: the earlier file replaced, nothing else there */
    why[0] = '\0';
    int fd = process_tmp_open(target, LANG_SV, why, sizeof why);
    CHECK(fd >= 0);
    CHECK_INT(entries(dir), 1);
    CHECK(write(fd, "new one", 7) == 7);
    CHECK_INT(process_tmp_commit(fd, target, LANG_SV, why, sizeof why), 0);
    CHECK(holds(target, "new one"));
    CHECK_INT(entries(dir), 1);

    /* a file that cannot be linked (no O_TMPFILE there): copied */
    char named[80];
    snprintf(named, sizeof named, "%s/.x-XXXXXX", dir);
    fd = mkstemp(named);
    CHECK(fd >= 0);
    unlink(named);
    CHECK(write(fd, "copied", 6) == 6);
    CHECK_INT(process_tmp_commit(fd, target, LANG_SV, why, sizeof why), 0);
    CHECK(holds(target, "copied"));
    CHECK_INT(entries(dir), 1);

    /* a missing folder: no file, the reason given */
    char missing[96];
    snprintf(missing, sizeof missing, "%s/finns-inte/ut.pdf", dir);
    why[0] = '\0';
    CHECK_INT(process_tmp_open(missing, LANG_SV, why, sizeof why), -1);
    CHECK(why[0] != '\0');

    /* the folder gone before the commit: an error, nothing made */
    char sub[80], subtarget[96];
    snprintf(sub, sizeof sub, "%s/under", dir);
    snprintf(subtarget, sizeof subtarget, "%s/ut.pdf", sub);
    CHECK(mkdir(sub, 0755) == 0);
    fd = process_tmp_open(subtarget, LANG_SV, why, sizeof why);
    CHECK(fd >= 0);
    CHECK(write(fd, "lost", 4) == 4);
    CHECK(rmdir(sub) == 0); /* the O_TMPFILE has no name in it */
    why[0] = '\0';
    CHECK_INT(process_tmp_commit(fd, subtarget, LANG_SV, why, sizeof why), -1);
    CHECK(why[0] != '\0');
    CHECK(access(subtarget, F_OK) != 0);
    CHECK(holds(target, "copied"));

    unlink(target);
    CHECK(rmdir(dir) == 0);
}
