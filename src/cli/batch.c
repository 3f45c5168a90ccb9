/*
 * batch.c: `arsrapport build a.xml b.xml ...` on all cores.
 *
 * One child process per document, at most njobs at a time. Processes
 * rather than threads because libxml2, libharu and the timing and signal
 * code keep global state; a fork gives each document its own copy of all
 * of it for free, and a crash in one document cannot take the others
 * with it. The parent has already loaded the templates and the style, so
 * a child starts with them in its (copied) memory.
 *
 * Each child's stdout and stderr go to anonymous temporary files; the
 * parent copies them out in input order once a document and all documents
 * before it are done. The output is thus the same as a serial run's, never
 * interleaved, at the cost of holding back the output of a document that
 * finishes before an earlier one. When stdout and stderr are the same file
 * (a terminal, or 2>&1) both go to one temporary file, so a document's
 * lines keep their order.
 */
#define _POSIX_C_SOURCE 200809L
#include "batch.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "cli_text.h"

int batch_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > 256 ? 256 : (int)n;
}

typedef struct {
    pid_t pid;    /* 0 before start and after the wait */
    FILE *out;    /* the child's stdout (and stderr when shared) */
    FILE *err;    /* the child's stderr, NULL when shared with out */
    int status;   /* exit status, valid once done */
    bool done;    /* finished (or run in this process) */
    bool inline_; /* ran in this process: nothing to copy */
} task;

static bool same_stream(void)
{
    struct stat a, b;
    return fstat(STDOUT_FILENO, &a) == 0 && fstat(STDERR_FILENO, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static void copy_out(FILE *from, FILE *to)
{
    if (!from)
        return;
    char buf[8192];
    size_t k;
    rewind(from);
    while ((k = fread(buf, 1, sizeof buf, from)) > 0)
        fwrite(buf, 1, k, to);
    fflush(to);
    fclose(from);
}

static void clear_progress(bool progress)
{
    if (progress)
        fputs("\r\033[K", stderr);
}

/* Starts task i in a child; false when it could not be forked (the caller
 * then runs it in this process). */
static bool start(task *t, int i, bool shared, batch_job_fn job, void *ctx)
{
    t->out = tmpfile();
    t->err = shared || !t->out ? NULL : tmpfile();
    if (!t->out || (!shared && !t->err)) {
        if (t->out)
            fclose(t->out);
        t->out = NULL;
        return false;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        fclose(t->out);
        if (t->err)
            fclose(t->err);
        t->out = t->err = NULL;
        return false;
    }
    if (pid == 0) {
        dup2(fileno(t->out), STDOUT_FILENO);
        dup2(fileno(t->err ? t->err : t->out), STDERR_FILENO);
        int rc = job(ctx, i);
        fflush(stdout);
        fflush(stderr);
        /* _exit: the parent's atexit handlers and stdio buffers are the
         * parent's business */
        _exit(rc);
    }
    t->pid = pid;
    return true;
}

int batch_run(int njobs, int n, const char *const *names, batch_job_fn job,
              void *ctx, bool progress, msg_lang lang)
{
    int worst = 0;
    if (njobs < 2 || n < 2) {
        for (int i = 0; i < n; i++) {
            int r = job(ctx, i);
            if (r > worst)
                worst = r;
        }
        return worst;
    }
    task *ts = xcalloc((size_t)n, sizeof *ts);
    bool shared = same_stream();
    int next = 0, running = 0, finished = 0, printed = 0;
    const char *last = names[0]; /* the document finished last */
    while (printed < n) {
        while (running < njobs && next < n) {
            task *t = &ts[next];
            if (start(t, next, shared, job, ctx)) {
                running++;
            } else {
                /* no fork or no temporary file: run it here, in order */
                t->status = job(ctx, next);
                t->done = t->inline_ = true;
                finished++;
            }
            next++;
        }
        if (running > 0) {
            int ws;
            pid_t pid = waitpid(-1, &ws, 0);
            if (pid < 0) {
                if (errno == EINTR)
                    continue;
                /* no children left that we know of: count the ones we
                 * still wait for as failed rather than wait for ever */
                for (int i = 0; i < n; i++)
                    if (ts[i].pid) {
                        ts[i].pid = 0;
                        ts[i].done = true;
                        ts[i].status = 2;
                        finished++;
                    }
                running = 0;
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (ts[i].pid != pid)
                    continue;
                task *t = &ts[i];
                t->pid = 0;
                t->done = true;
                running--;
                finished++;
                if (WIFEXITED(ws)) {
                    t->status = WEXITSTATUS(ws);
                } else {
                    t->status = 2;
                    char why[64];
                    snprintf(why, sizeof why, "%s",
                             WIFSIGNALED(ws) ? strsignal(WTERMSIG(ws)) : "?");
                    FILE *e = t->err ? t->err : t->out;
                    fseek(e, 0, SEEK_END);
                    /* the name is the user's file name: escaped */
                    diag_write_safe(
                        e, cli_text(lang, CLI_BATCH_FAILED, names[i], why));
                    fputc('\n', e);
                }
                last = names[i];
                if (progress) {
                    fflush(stdout);
                    fprintf(stderr, "\r\033[K[%d/%d] ", finished, n);
                    diag_write_safe(stderr, last);
                    fflush(stderr);
                }
                break;
            }
        }
        /* the output of every finished document whose predecessors are
         * all out too */
        bool cleared = false;
        while (printed < n && ts[printed].done) {
            task *t = &ts[printed];
            if (!t->inline_) {
                if (!cleared) {
                    clear_progress(progress);
                    cleared = true;
                }
                copy_out(t->out, stdout);
                copy_out(t->err, stderr);
            }
            if (t->status > worst)
                worst = t->status;
            printed++;
        }
        if (cleared && progress && printed < n) {
            fprintf(stderr, "[%d/%d] ", finished, n);
            diag_write_safe(stderr, last);
            fflush(stderr);
        }
    }
    clear_progress(progress);
    free(ts);
    return worst;
}
