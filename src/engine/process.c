/*
 * process.c: the process's own state (process.h): the temporary output
 * file a signal or running out of memory must remove, and what the
 * out-of-memory message names. A signal handler and die_oom (called from
 * any allocation, where no context can be passed) reach nothing but
 * file-scope variables; these are the program's only mutable ones
 * outside an engine and its jobs.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../common/diag.h"

/* --- the temporary output file ----------------------------------------- */

static volatile sig_atomic_t have_tmp;
static char tmp_path[PATH_MAX + 32];

static void on_signal(int sig)
{
    if (have_tmp)
        unlink(tmp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

void process_remove_tmp_on_signals(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
}

/* Writes all len bytes to fd (retrying short writes and EINTR); on an
 * error, why gets the reason and -1 is returned. */
static int write_all(int fd, const unsigned char *data, size_t len,
                     msg_lang lang, char *why, size_t whylen)
{
    size_t off = 0;
    while (off < len) {
        ssize_t k = write(fd, data + off, len - off);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            snprintf(why, whylen, "%s", msg_errno(lang, errno));
            return -1;
        }
        off += (size_t)k;
    }
    return 0;
}

/* A target that exists and is not a regular file (a character device such
 * as /dev/stdout or /dev/full, a FIFO) cannot be replaced by rename and
 * has no earlier contents to keep: it is written directly, and a write
 * error (ENOSPC on /dev/full) is reported as such. So is a name in /dev
 * or /proc that leads to a regular file (/dev/stdout when the standard
 * output is a file): renaming over it would replace the link itself. */
static bool in_place(const char *target)
{
    struct stat st;
    if (stat(target, &st) != 0 || S_ISDIR(st.st_mode))
        return false;
    return !S_ISREG(st.st_mode) || strncmp(target, "/dev/", 5) == 0 ||
           strncmp(target, "/proc/", 6) == 0;
}

/* The process's own standard output or error when target names it
 * (/dev/stdout, /dev/fd/1, /proc/self/fd/1 ..): written through that
 * descriptor, where what the program prints there follows the file,
 * rather than a new opening of the file at its start. -1 otherwise. */
static int std_fd(const char *target)
{
    static const char *const names[2][3] = {
        {"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"},
        {"/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"}};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 3; i++)
            if (strcmp(target, names[k][i]) == 0)
                return k + 1;
    return -1;
}

static int write_directly(const char *target, const unsigned char *data,
                          size_t len, msg_lang lang, char *why, size_t whylen)
{
    int sfd = std_fd(target);
    int fd = sfd >= 0 ? sfd : open(target, O_WRONLY | O_TRUNC | O_NOCTTY);
    if (fd < 0) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        return -1;
    }
    int rc = write_all(fd, data, len, lang, why, whylen);
    if (fd != sfd && close(fd) != 0 && rc == 0) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        rc = -1;
    }
    return rc;
}

/* The folder of target ("." when it names none) into dir. */
static void folder_of(const char *target, char *dir, size_t dirlen)
{
    snprintf(dir, dirlen, "%s", target);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(dir, dirlen, ".");
}

/* A new file named target.XXXXXX beside target, its name in tmp_path for
 * the signal handler and die_oom to remove: the descriptor, or -1 with
 * why filled. */
static int tmp_create(const char *target, msg_lang lang, char *why,
                      size_t whylen)
{
    snprintf(tmp_path, sizeof tmp_path, "%s.XXXXXX", target);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &old);
    int fd = mkstemp(tmp_path);
    if (fd >= 0)
        have_tmp = 1;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0)
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
    return fd;
}

/* Ends what tmp_create began: when rc is 0 the file (closed, its bytes
 * on disk) is renamed over target, else, or when that fails, removed.
 * Returns the outcome with why filled on failure. */
static int tmp_finish(int rc, const char *target, msg_lang lang, char *why,
                      size_t whylen)
{
    if (rc == 0) {
        chmod(tmp_path, 0644);
        if (rename(tmp_path, target) != 0) {
            snprintf(why, whylen, "%s", msg_errno(lang, errno));
            rc = -1;
        }
    }
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &old);
    if (rc != 0)
        unlink(tmp_path);
    have_tmp = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* Whether the folder target goes in exists (its name into dir, PATH_MAX
 * bytes); else why says so (ENOENT). */
static bool folder_exists(const char *target, char *dir, msg_lang lang,
                          char *why, size_t whylen)
{
    folder_of(target, dir, PATH_MAX);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(why, whylen, "%s", msg_errno(lang, ENOENT));
        return false;
    }
    return true;
}

int process_write_file(const char *target, const unsigned char *data,
                       size_t len, msg_lang lang, char *why, size_t whylen)
{
    char dir[PATH_MAX];
    if (!folder_exists(target, dir, lang, why, whylen))
        return -1;
    if (in_place(target))
        return write_directly(target, data, len, lang, why, whylen);
    int fd = tmp_create(target, lang, why, whylen);
    if (fd < 0)
        return -1;
    int rc = write_all(fd, data, len, lang, why, whylen);
    if (rc == 0 && fsync(fd) != 0 && errno != EINVAL) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        rc = -1;
    }
    if (close(fd) != 0 && rc == 0) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        rc = -1;
    }
    return tmp_finish(rc, target, lang, why, whylen);
}

int process_tmp_open(const char *target, msg_lang lang, char *why,
                     size_t whylen)
{
    char dir[PATH_MAX];
    if (!folder_exists(target, dir, lang, why, whylen))
        return -1;
    /* a target written in place at the end (in_place: /dev/full,
     * /dev/stdout): the file waits in the folder of temporary files */
    if (in_place(target)) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s", t && *t ? t : "/tmp");
    }
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
    if (fd >= 0)
        return fd;
    /* no O_TMPFILE there: a named file, unlinked at once (copied into
     * place by process_tmp_commit) */
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/.arsrapport-XXXXXX", dir);
    fd = mkostemp(path, O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        return -1;
    }
    unlink(path);
    return fd;
}

/* Copies the whole file of from (from its start) to to; -1 with errno. */
static int copy_fd(int from, int to)
{
    unsigned char buf[65536];
    off_t off = 0;
    for (;;) {
        ssize_t k = pread(from, buf, sizeof buf, off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            return 0;
        for (ssize_t w = 0; w < k;) {
            ssize_t n = write(to, buf + w, (size_t)(k - w));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                if (n == 0)
                    errno = EIO;
                return -1;
            }
            w += n;
        }
        off += k;
    }
}

int process_tmp_commit(int fd, const char *target, msg_lang lang, char *why,
                       size_t whylen)
{
    int rc = 0;
    if (in_place(target)) {
        int sfd = std_fd(target);
        int t = sfd >= 0 ? sfd : open(target, O_WRONLY | O_TRUNC | O_NOCTTY);
        if (t < 0 || copy_fd(fd, t) != 0) {
            snprintf(why, whylen, "%s", msg_errno(lang, errno));
            rc = -1;
        }
        if (t >= 0 && t != sfd && close(t) != 0 && rc == 0) {
            snprintf(why, whylen, "%s", msg_errno(lang, errno));
            rc = -1;
        }
        close(fd);
        return rc;
    }
    if (fsync(fd) != 0 && errno != EINVAL) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        close(fd);
        return -1;
    }
    /* a name beside target: the file linked there (O_TMPFILE) or copied
     * into it, then renamed over target */
    int t = tmp_create(target, lang, why, whylen);
    if (t < 0) {
        close(fd);
        return -1;
    }
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    bool linked =
        unlink(tmp_path) == 0 &&
        linkat(AT_FDCWD, self, AT_FDCWD, tmp_path, AT_SYMLINK_FOLLOW) == 0;
    if (!linked) {
        /* not an O_TMPFILE file: its bytes copied into a new one */
        close(t);
        t = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (t < 0 || copy_fd(fd, t) != 0 ||
            (fsync(t) != 0 && errno != EINVAL)) {
            snprintf(why, whylen, "%s", msg_errno(lang, errno));
            rc = -1;
        }
    }
    if (t >= 0 && close(t) != 0 && rc == 0) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        rc = -1;
    }
    close(fd);
    return tmp_finish(rc, target, lang, why, whylen);
}

bool process_source_date_epoch(long long *epoch)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde)
        return false;
    char *end;
    errno = 0;
    long long e = strtoll(sde, &end, 10);
    if (*end || errno != 0 || e < 0)
        return false;
    *epoch = e;
    return true;
}

/* --- out of memory ----------------------------------------------------- */

/* The file being processed, for the out-of-memory message (issue 10: a
 * message naming the file and exit status 2, not an abort). */
static const char *oom_file;
static msg_lang oom_lang;

void process_oom_context(const char *file, msg_lang lang)
{
    oom_file = file;
    oom_lang = lang;
}

_Noreturn void die_oom(void)
{
    /* no allocation from here on: fputs to the unbuffered stderr */
    if (have_tmp)
        unlink(tmp_path);
    have_tmp = 0;
    diag_write_safe(stderr, oom_file ? oom_file : "arsrapport");
    fputs(": ", stderr);
    fputs(msg_text(oom_lang, MSG_SEV_ERROR), stderr);
    fputs(": [ARS-06] ", stderr);
    fputs(msg_text(oom_lang, MSG_OOM), stderr);
    fputs("\n", stderr);
    _exit(2);
}
