/*
 * engine.h: the pipeline as one object. Every front (the command line,
 * batch mode, the fuzz targets, the unit tests) builds documents through
 * it: parse -> validate -> resolve -> layout -> pdf, and -> html for the
 * web edition (engine_job.outputs), with the diagnostics as data.
 *
 * An engine owns what is shared and immutable once made: the compiled
 * document schema, the lints' patterns, the document kinds and their
 * rules (read on first use, under the engine's lock), the style, the
 * fonts (loaded on first use) and the hyphenation dictionary (set up
 * on first use from the tables the build made). The schema, and for an
 * engine configured to lay out the fonts and the dictionary, are made by
 * a thread of the engine's own that engine_new starts, beside the caller
 * reading its first document; a job waits for them where it needs them.
 * A job
 * is one document: engine_run builds it into a result (diagnostics,
 * statistics, the PDF's bytes) and changes nothing the next job sees, so
 * one engine may run any number of jobs, one after the other or at the
 * same time in several threads. The stages keep no state of their own
 * between jobs; the engine decides where threads help (the lints beside
 * the other checks).
 *
 * Ownership: engine_new copies what it needs from its configuration; the
 * result of a job owns its diagnostics and bytes (engine_result_free).
 * The engine does not write files and prints nothing: the front decides
 * where the bytes go and how diagnostics are shown. Out of memory ends
 * the process (die_oom, arena.h).
 */
#ifndef ARSRAPPORT_ENGINE_H
#define ARSRAPPORT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../common/diag.h"
#include "../common/msg.h"
#include "../common/timing.h"
#include "../layout/layout.h"
#include "../pdf/pdf.h"
#include "kindcache.h"

typedef struct engine engine;

typedef struct {
    /* the folder with templates/ and fonts/ (the installation's data) */
    const char *home;
    /* further folders of document kinds, searched before
     * ARSRAPPORT_MALLAR and home/templates */
    const char *const *mallar;
    size_t nmallar;
    /* the style file; NULL: home/templates/stil/standard.xml */
    const char *stil;
    /* the font manifest; NULL: ARSRAPPORT_FONTS, else home/fonts/fonts.txt */
    const char *fonts;
    /* fixed font metrics instead of the fonts (layout tests) */
    bool stub_fonts;
    /* folders outside a document's own that its images may come from */
    const char *const *allowed_paths;
    size_t nallowed;
    /* stage times per job (ARSRAPPORT_TIDER) */
    bool timing;
    /* the jobs will lay documents out (build, dump-layout): the fonts and
     * the hyphenation dictionary are loaded at once, on the engine's
     * start-up thread, instead of by the first job that lays out */
    bool lays_out;
    /* the document the first job will read, or NULL: the rules of the
     * kind its first bytes name are read on the start-up thread at once
     * (a guess; the parsed document decides) */
    const char *first_input;
} engine_config;

/* A new engine, or NULL with the reasons in dl (in dl's language) when it
 * cannot be used: the style is broken (STIL-*) or an allowed folder is not
 * one. The schema and kinds are found under cfg->home; that they are
 * missing or broken is said by the jobs that need them. */
engine *engine_new(const engine_config *cfg, diag_list *dl);
/* Frees the engine; no job may be running. */
void engine_free(engine *e);
/* Waits until the engine's start-up thread has ended (its parts made):
 * call it before fork(), which copies only the calling thread. Cannot
 * fail; NULL is ignored. */
void engine_settle(engine *e);

/* The document kinds (for `rules` and `new`); not for use while jobs run
 * in other threads. */
kind_cache *engine_kinds(engine *e);
/* The style every document is laid out in. */
const layout_style *engine_style(const engine *e);

typedef enum {
    ENGINE_CHECK,         /* parse and validate */
    ENGINE_BUILD,         /* ... and lay out and render the PDF */
    ENGINE_DUMP_MODEL,    /* check, and dump the model to job.dump */
    ENGINE_DUMP_RESOLVED, /* check, and dump the resolved document */
    ENGINE_DUMP_LAYOUT    /* ... and lay out, and dump the pages to job.dump */
} engine_task;

/* What a build writes (engine_job.outputs): the PDF, the web edition
 * (src/html) or both; 0 means the PDF. */
enum { ENGINE_OUT_PDF = 1, ENGINE_OUT_HTML = 2 };

typedef struct {
    engine_task task;
    /* the document's path: read from it unless data is given, and its name
     * in diagnostics and the folder its images are found in */
    const char *input;
    const char *data; /* the document's bytes, or NULL: read input */
    size_t size;
    /* the output's name, for diagnostics of the PDF stage (build) */
    const char *output;
    msg_lang lang; /* the language of the diagnostics (--lang) */
    bool draft;    /* --utkast: lay out and render despite errors */
    pdf_conformance pdfa;
    /* SOURCE_DATE_EPOCH: the PDF's dates (reproducible builds) */
    bool has_epoch;
    long long epoch;
    const char *icc_path; /* the OutputIntent's profile; NULL: default */
    const char *creator;  /* the PDF's Creator ("arsrapport 0.1.0") */
    FILE *dump;           /* where the dump tasks write */
    /* build: ENGINE_OUT_PDF and/or ENGINE_OUT_HTML (0: the PDF only) */
    unsigned outputs;
    /* the PDF's name relative to the web edition, for its link to the
     * PDF when both are written (NULL: no link) */
    const char *pdf_href;
    /* build: the PDF written to a temporary file for output
     * (process_tmp_open) instead of into memory (result.pdf_file) */
    bool pdf_to_file;
} engine_job;

typedef struct {
    diag_list *dl; /* every diagnostic of the job, in job.lang */
    /* 0: done, no errors (warnings allowed); 1: the document has errors
     * (a draft was still built when asked for); 2: the document could not
     * be read, or its kind's rules, the fonts or the PDF stage failed */
    int status;
    bool has_errors; /* the document has errors */
    /* build: the PDF (malloc'd), NULL when none was made or it is in a
     * file; pdf_len its length either way */
    unsigned char *pdf;
    size_t pdf_len;
    /* build with job.pdf_to_file: the PDF is in the temporary file
     * pdf_fd, for process_tmp_commit (which closes it; clear pdf_file
     * then), else engine_result_free closes it */
    bool pdf_file;
    int pdf_fd;
    /* build with ENGINE_OUT_HTML: the web edition (malloc'd), NULL when
     * none was made */
    char *html;
    size_t html_len;
    size_t npages;
    layout_stats stats;
    timing times; /* stage times when the engine's timing is on */
} engine_result;

/* Runs job on e into *r (all of it set; free with engine_result_free).
 * Returns r->status. Thread-safe: jobs may run at the same time. */
int engine_run(engine *e, const engine_job *job, engine_result *r);
void engine_result_free(engine_result *r);

#endif
