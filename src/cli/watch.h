/*
 * watch.h: `arsrapport bevaka FIL.xml` (watch mode, issue 26): the
 * document rebuilt on every save, with inotify (glibc; Linux only).
 */
#ifndef ARSRAPPORT_WATCH_H
#define ARSRAPPORT_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/msg.h"

/* What one rebuild did, filled in by the front's build function. */
typedef struct {
    int status;    /* as `build`: 0, 1 document errors, 2 I/O */
    bool written;  /* a new PDF replaced the old one */
    size_t pages;  /* of the PDF written */
    size_t errors; /* diagnostics shown, by severity */
    size_t warnings;
    const char *pdf; /* the PDF's path (the build function's, valid
                        until its next call) */
} watch_outcome;

/* Builds the document once: the front's `build` with the engine it keeps
 * between calls; style_changed asks it to read the style again first.
 * It prints the diagnostics itself. */
typedef void (*watch_build_fn)(void *ctx, bool style_changed,
                               watch_outcome *out);

typedef struct {
    const char *input; /* the document */
    const char *style; /* --stil's file, or NULL */
    msg_lang lang;
} watch_config;

/* Builds cfg->input once, then again after every save of the document, of
 * an image file (PNG, JPEG) in its folder or a folder just below it, or
 * of the style file, until SIGINT or SIGTERM, printing a status line on
 * stdout after each build. Saves that come close together (an editor's
 * temporary file and its rename) make one build. Returns 0 when ended by
 * a signal, 2 (the reason printed on stderr) when the folders cannot be
 * watched. SIGINT and SIGTERM are blocked while it runs, so that a build
 * is never cut off half-way; the caller's handlers are restored after. */
int watch_run(const watch_config *cfg, watch_build_fn build, void *ctx);

#endif
