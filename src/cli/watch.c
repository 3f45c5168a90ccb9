/*
 * watch.c: `arsrapport bevaka FIL.xml`, the document rebuilt on every save
 * (issue 26, part 3). The front's build function does the work with the
 * engine it keeps loaded between builds (schema, patterns, kinds, fonts,
 * hyphenation), so a rebuild costs what the document costs; this file only
 * waits for saves and says what each build did.
 *
 * Saves are seen with inotify (inotify(7), glibc): the document's folder
 * is watched rather than the file, because editors save by writing a
 * temporary file and renaming it over the document (vim, Emacs, VS Code),
 * which a watch on the file itself would lose after the first save. A
 * close after writing (IN_CLOSE_WRITE) or a rename into the folder
 * (IN_MOVED_TO) of the document's name starts a build; so does one of an
 * image (.png, .jpg, .jpeg) in the folder or a folder right below it
 * (bilder/), and one of the style file, in its own folder. Events that
 * come within WATCH_QUIET_MS of each other make one build.
 *
 * A half-written or invalid save never replaces a good PDF: the build
 * writes the PDF only when the document has no errors (or as a draft with
 * --utkast), to a temporary file renamed into place (main.c). SIGINT and
 * SIGTERM are taken through a signalfd while watching, so a build is
 * never interrupted half-way and the program ends with status 0, its
 * engine freed.
 */
#define _GNU_SOURCE
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "cli_text.h"

#define WATCH_QUIET_MS 40 /* saves this close together: one build */
#define WATCH_MAX_WAIT 25 /* at most this many quiet periods waited */
#define WATCH_MAX_DIRS 64 /* folders watched below the document's */
#define WATCH_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO)

typedef enum { DIR_DOC = 1, DIR_SUB = 2, DIR_STYLE = 4 } dir_role;

typedef struct {
    int wd;
    unsigned roles;
} watched;

typedef struct {
    int fd;
    watched dirs[WATCH_MAX_DIRS + 2];
    size_t n;
} watcher;

/* The folder part of path ("." for a bare name), malloc'd. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    size_t n = (size_t)(slash - path);
    char *d = xmalloc(n + 1);
    memcpy(d, path, n);
    d[n] = '\0';
    return d;
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Adds a watch on dir with role; -1 (errno set) when it cannot be made. */
static int watch_dir(watcher *w, const char *dir, unsigned role)
{
    int wd = inotify_add_watch(w->fd, dir, WATCH_EVENTS | IN_ONLYDIR);
    if (wd < 0)
        return -1;
    for (size_t i = 0; i < w->n; i++)
        if (w->dirs[i].wd == wd) { /* the same folder twice */
            w->dirs[i].roles |= role;
            return 0;
        }
    if (w->n < sizeof w->dirs / sizeof w->dirs[0])
        w->dirs[w->n++] = (watched){wd, role};
    return 0;
}

/* The folders right below dir (bilder/ and the like), at most
 * WATCH_MAX_DIRS; symbolic links are not followed. Failures are skipped:
 * images there are then seen only with the next save of the document. */
static void watch_subdirs(watcher *w, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    size_t added = 0;
    while ((e = readdir(d)) != NULL && added < WATCH_MAX_DIRS) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = xmalloc(n);
        snprintf(p, n, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) &&
            watch_dir(w, p, DIR_SUB) == 0)
            added++;
        free(p);
    }
    closedir(d);
}

static unsigned roles_of(const watcher *w, int wd)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->dirs[i].wd == wd)
            return w->dirs[i].roles;
    return 0;
}

static bool image_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot &&
           (strcasecmp(dot, ".png") == 0 || strcasecmp(dot, ".jpg") == 0 ||
            strcasecmp(dot, ".jpeg") == 0);
}

typedef struct {
    bool build, style;
} wanted;

/* Reads the events waiting on w->fd into *want. Returns false when the
 * descriptor failed. */
static bool read_events(const watcher *w, const char *doc_base,
                        const char *style_base, wanted *want)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t k = read(w->fd, buf, sizeof buf);
        if (k < 0)
            return errno == EAGAIN || errno == EINTR;
        if (k == 0)
            return true;
        for (char *p = buf; p < buf + k;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                want->build = want->style = true; /* events were lost */
                continue;
            }
            if (!ev->len || (ev->mask & IN_ISDIR))
                continue;
            unsigned roles = roles_of(w, ev->wd);
            if ((roles & DIR_DOC) && strcmp(ev->name, doc_base) == 0)
                want->build = true;
            if ((roles & (DIR_DOC | DIR_SUB)) && image_name(ev->name))
                want->build = true;
            if ((roles & DIR_STYLE) && style_base &&
                strcmp(ev->name, style_base) == 0)
                want->build = want->style = true;
        }
    }
}

/* "1,234" in Swedish, "1.234" in English: seconds with three decimals. */
static void seconds_text(char *out, size_t n, double s, msg_lang lang)
{
    snprintf(out, n, "%.3f", s);
    char *dot = strchr(out, '.');
    if (dot && lang == LANG_SV)
        *dot = ',';
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One build and its status line: "#3 10:32:15 klar på 0,048 s: ...". */
static void build_once(const watch_config *cfg, watch_build_fn build, void *ctx,
                       bool style_changed, unsigned number)
{
    watch_outcome oc = {0};
    double t0 = now_seconds();
    build(ctx, style_changed, &oc);
    double dt = now_seconds() - t0;
    char clock[16], secs[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(clock, sizeof clock, "%H:%M:%S", &tm);
    seconds_text(secs, sizeof secs, dt, cfg->lang);
    char buf[CLI_TEXT_MAX];
    const char *line;
    if (oc.written)
        line = cli_format(buf, sizeof buf, cfg->lang, MSG_WATCH_BUILT, number,
                          clock, secs, oc.pdf ? oc.pdf : "", (int)oc.pages,
                          oc.errors, oc.warnings);
    else if (oc.status == 1)
        line = cli_format(buf, sizeof buf, cfg->lang, MSG_WATCH_ERRORS, number,
                          clock, secs, oc.errors, oc.warnings);
    else
        line = cli_format(buf, sizeof buf, cfg->lang, MSG_WATCH_FAILED, number,
                          clock, secs);
    diag_write_safe(stdout, line); /* it names the PDF */
    fputc('\n', stdout);
    fflush(stdout);
}

int watch_run(const watch_config *cfg, watch_build_fn build, void *ctx)
{
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop, &old);
    int sfd = signalfd(-1, &stop, SFD_CLOEXEC);
    watcher w = {.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)};
    char *doc_dir = dir_of(cfg->input);
    char *style_dir = cfg->style ? dir_of(cfg->style) : NULL;
    const char *bad = NULL;
    int err = 0;
    if (sfd < 0 || w.fd < 0) {
        bad = cfg->input;
        err = errno;
    } else if (watch_dir(&w, doc_dir, DIR_DOC) != 0) {
        bad = doc_dir;
        err = errno;
    } else if (style_dir && watch_dir(&w, style_dir, DIR_STYLE) != 0) {
        bad = style_dir;
        err = errno;
    }
    int rc = 0;
    if (bad) {
        fputs("arsrapport: ", stderr);
        diag_write_safe(stderr, cli_text(cfg->lang, MSG_WATCH_CANNOT, bad,
                                         msg_errno(cfg->lang, err)));
        fputc('\n', stderr);
        rc = 2;
        goto done;
    }
    watch_subdirs(&w, doc_dir);
    diag_write_safe(stdout, cli_text(cfg->lang, MSG_WATCH_START, cfg->input));
    fputc('\n', stdout);
    fflush(stdout);
    const char *doc_base = base_of(cfg->input);
    const char *style_base = cfg->style ? base_of(cfg->style) : NULL;
    unsigned number = 1;
    build_once(cfg, build, ctx, false, number++);
    for (;;) {
        struct pollfd pf[2] = {{sfd, POLLIN, 0}, {w.fd, POLLIN, 0}};
        if (poll(pf, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            rc = 2;
            break;
        }
        if (pf[0].revents) {
            /* SIGINT or SIGTERM: taken, so that it is not delivered when
             * the old mask comes back */
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) < 0)
                rc = 2;
            break;
        }
        wanted want = {false, false};
        if (!read_events(&w, doc_base, style_base, &want)) {
            rc = 2;
            break;
        }
        if (!want.build)
            continue;
        /* the rest of this save (a rename after a write, several files) */
        for (int i = 0; i < WATCH_MAX_WAIT; i++) {
            struct pollfd q[2] = {{sfd, POLLIN, 0}, {w.fd, POLLIN, 0}};
            int k = poll(q, 2, WATCH_QUIET_MS);
            if (k <= 0 || q[0].revents)
                break;
            if (!read_events(&w, doc_base, style_base, &want))
                break;
        }
        build_once(cfg, build, ctx, want.style, number++);
    }
    diag_write_safe(stdout, cli_text(cfg->lang, MSG_WATCH_END));
    fputc('\n', stdout);
    fflush(stdout);
done:
    if (w.fd >= 0)
        close(w.fd);
    if (sfd >= 0)
        close(sfd);
    free(doc_dir);
    free(style_dir);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}
