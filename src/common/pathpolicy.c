/*
 * pathpolicy.c: the file-access rule of issue 10 (see pathpolicy.h).
 *
 * A folder contains a path when, both resolved, the path equals it or
 * continues it after a '/': "/srv/a" does not contain "/srv/ab".
 */
#define _POSIX_C_SOURCE 200809L
#include "pathpolicy.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

enum { MAX_ALLOWED = 64 };
struct path_policy {
    char *allowed[MAX_ALLOWED];
    size_t n;
};

path_policy *path_policy_new(void)
{
    return xcalloc(1, sizeof(path_policy));
}

void path_policy_free(path_policy *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->allowed[i]);
    free(p);
}

bool path_policy_allow(path_policy *p, const char *dir)
{
    char r[PATH_MAX];
    struct stat st;
    if (!realpath(dir, r))
        return false;
    if (stat(r, &st) != 0 || !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return false;
    }
    if (p->n == MAX_ALLOWED) {
        errno = E2BIG;
        return false;
    }
    p->allowed[p->n++] = xstrdup(r);
    return true;
}

bool path_policy_has_allowed(const path_policy *p)
{
    return p && p->n > 0;
}

static bool contains(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    if (strncmp(dir, path, n) != 0)
        return false;
    /* the root folder "/" contains everything */
    return path[n] == '\0' || path[n] == '/' || (n > 0 && dir[n - 1] == '/');
}

path_verdict path_policy_check(const path_policy *p, const char *base_dir,
                               const char *path, char *resolved, size_t size)
{
    char base[PATH_MAX], r[PATH_MAX];
    if (!realpath(base_dir && base_dir[0] ? base_dir : ".", base))
        return PATH_MISSING;
    if (!realpath(path, r))
        return PATH_MISSING;
    if (size > 0) {
        strncpy(resolved, r, size - 1);
        resolved[size - 1] = '\0';
    }
    if (contains(base, r))
        return PATH_INSIDE;
    for (size_t i = 0; p && i < p->n; i++)
        if (contains(p->allowed[i], r))
            return PATH_INSIDE;
    return PATH_OUTSIDE;
}

FILE *open_regular_file(const char *path, bool *irregular)
{
    *irregular = false;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        /* a socket cannot be opened at all (ENXIO): say what it is */
        int e = errno;
        struct stat st;
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
            !S_ISDIR(st.st_mode))
            *irregular = true;
        errno = e;
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
        } else {
            *irregular = true;
            errno = EINVAL;
        }
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl != -1)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

bool path_policy_refuses_name(const path_policy *p, const char *fil)
{
    bool lexical = !path_policy_has_allowed(p);
    bool bad = fil[0] == '\0' || (lexical && fil[0] == '/');
    for (const char *s = fil; *s && !bad && lexical;) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 2 && s[0] == '.' && s[1] == '.')
            bad = true;
        s += n;
        while (*s == '/')
            s++;
    }
    return bad;
}

path_verdict path_policy_resolve(const path_policy *p, const char *dir,
                                 const char *fil, arena *a, const char **path,
                                 char *real, size_t size)
{
    *path = NULL;
    if (path_policy_refuses_name(p, fil))
        return PATH_REFUSED;
    const char *joined =
        fil[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0
            ? arena_strdup(a, fil)
            : arena_printf(a, "%s/%s", dir, fil);
    /* where the path really leads: a symbolic link in the document's
     * folder may point anywhere (issue 10, file access) */
    path_verdict v = path_policy_check(p, dir, joined, real, size);
    if (v == PATH_INSIDE)
        *path = arena_strdup(a, real); /* opened as resolved */
    else if (v == PATH_MISSING)
        *path = joined;
    return v;
}

char *read_capped(FILE *f, size_t max, size_t *len, int *err)
{
    /* a regular file says its size: one buffer of that size (one byte
     * more, to see a file that grew meanwhile), capped at max + 1 bytes
     * so that a file over the cap is known as such without reading it
     * all; only what does not say its size grows by doubling (a 2.47 MB
     * document once took a 4 MB buffer, issue 25) */
    struct stat st;
    size_t cap = (size_t)1 << 16, n = 0;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0) {
        uintmax_t want = (uintmax_t)st.st_size + 1;
        cap = want > (uintmax_t)max + 1 ? max + 1 : (size_t)want;
    }
    char *buf = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max)
                break;
            /* the file grew after fstat, or never said its size */
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    *err = ferror(f) ? (errno ? errno : EIO) : 0;
    buf[n] = '\0';
    *len = n;
    return buf;
}
