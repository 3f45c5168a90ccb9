/*
 * process.c: the process's own state (process.h): the temporary output
 * file a signal or running out of memory must remove, and what the
 * out-of-memory message names. A signal handler and die_oom (called from
 * any allocation, where no context can be passed) reach nothing but
 * file-scope variables; these are the program's only mutable ones
 * outside an engine and its jobs.
 */
#define _POSIX_C_SOURCE 200809L
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
 * error (ENOSPC on /dev/full) is reported as such. */
static int write_directly(const char *target, const unsigned char *data,
                          size_t len, msg_lang lang, char *why, size_t whylen)
{
    int fd = open(target, O_WRONLY | O_TRUNC | O_NOCTTY);
    if (fd < 0) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        return -1;
    }
    int rc = write_all(fd, data, len, lang, why, whylen);
    if (close(fd) != 0 && rc == 0) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        rc = -1;
    }
    return rc;
}

int process_write_file(const char *target, const unsigned char *data,
                       size_t len, msg_lang lang, char *why, size_t whylen)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", target);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(why, whylen, "%s", msg_errno(lang, ENOENT));
        return -1;
    }
    if (stat(target, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return write_directly(target, data, len, lang, why, whylen);
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
    if (fd < 0) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        return -1;
    }
    int rc = write_all(fd, data, len, lang, why, whylen);
    if (rc == 0 && fsync(fd) != 0 && errno != EINVAL) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        rc = -1;
    }
    if (close(fd) != 0 && rc == 0) {
        snprintf(why, whylen, "%s", msg_errno(lang, errno));
        rc = -1;
    }
    if (rc == 0) {
        chmod(tmp_path, 0644);
        if (rename(tmp_path, target) != 0) {
            snprintf(why, whylen, "%s", msg_errno(lang, errno));
            rc = -1;
        }
    }
    sigprocmask(SIG_BLOCK, &block, &old);
    if (rc != 0)
        unlink(tmp_path);
    have_tmp = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
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
