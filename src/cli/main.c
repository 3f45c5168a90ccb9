/*
 * main.c: the command-line front. Parses arguments, makes the engine
 * (engine.h) and runs a job for each input, writes the PDF, prints
 * diagnostics in the user's language and decides the exit status: 0 no
 * errors (warnings allowed), 1 a document has errors, 2 usage or I/O
 * failure.
 *
 * Output is written atomically: the PDF goes to a temporary file in the
 * target folder and is renamed over the target only when complete, so a
 * failed or interrupted build never leaves a partial file and never
 * clobbers an existing one. SIGINT and SIGTERM remove the temporary file.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../common/libversion.h"
#include "../common/pathpolicy.h"
#include "../engine/engine.h"
#include "../engine/process.h"
#include "../parse/parse.h"
#include "batch.h"
#include "cli_text.h"
#include "commands.h"
#include "hamta.h"
#include "import_cmd.h"
#include "watch.h"

#ifndef ARSRAPPORT_VERSION
#define ARSRAPPORT_VERSION "0.1.0"
#endif

typedef enum {
    CMD_NONE,
    CMD_BUILD,
    CMD_CHECK,
    CMD_DUMP_MODEL,
    CMD_DUMP_RESOLVED,
    CMD_DUMP_LAYOUT,
    CMD_RULES,
    CMD_NEW,
    CMD_WATCH,
    CMD_IMPORT
} command;

typedef struct {
    command cmd;
    msg_lang lang;
    const char *output;
    bool utkast, json, stub_fonts, statistik;
    /* --webb/--html: the web edition beside the PDF; web_only: -o names
     * an .html file, the web edition alone */
    bool web, web_only;
    pdf_conformance pdfa; /* --pdfa 2a|2u|1b|nej */
    const char **inputs;
    int ninputs;
    char home[PATH_MAX];
    char templates[PATH_MAX + 16];
    const char *fonts;   /* ARSRAPPORT_FONTS, or NULL: the engine's default */
    const char **mallar; /* --mallar folders, searched first */
    size_t nmallar;
    const char **allowed; /* --tillat-sokvag folders */
    size_t nallowed;
    const char *stil; /* --stil FIL, else templates/stil/standard.xml */
    int jobs;         /* -j N: documents at a time, 0 = processors */
    const char *typ;  /* import --typ */
    const char *fran, *period; /* new --fran FIL [--period A:B] */
} options;

/* --- diagnostics output
 * ----------------------------------------------------------- */

static void print_diags(diag_list *dl, const options *o)
{
    diag_sort(dl);
    /* stderr is unbuffered: the messages are gathered and written at
     * once (one write instead of one per byte of a file name or
     * message: a draft of the 500-page benchmark has thousands) */
    char *buf = NULL;
    size_t len = 0;
    FILE *err = o->json ? NULL : open_memstream(&buf, &len);
    if (!err)
        err = stderr;
    for (size_t i = 0; i < diag_count(dl); i++) {
        const diag *d = diag_get(dl, i);
        if (!diag_is_shown(dl, d))
            continue;
        if (o->json) {
            fputs("{\"file\":", stdout);
            cli_json_string(stdout, d->file);
            printf(",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"rule\":",
                   (unsigned)d->line, (unsigned)d->col,
                   d->severity == DIAG_ERROR ? "error" : "warning");
            cli_json_string(stdout, d->rule);
            fputs(",\"message\":", stdout);
            cli_json_string(stdout, d->message);
            fputs(",\"hint\":", stdout);
            if (d->hint)
                cli_json_string(stdout, d->hint);
            else
                fputs("null", stdout);
            fputs("}\n", stdout);
            continue;
        }
        const char *sev =
            msg_text(o->lang, d->severity == DIAG_ERROR ? MSG_SEV_ERROR
                                                        : MSG_SEV_WARNING);
        /* file names, messages and hints carry untrusted text (paths,
         * kind folders' names, headings): their control characters are
         * escaped, never sent to the terminal */
        diag_write_safe(err, d->file);
        if (d->line && d->col)
            fprintf(err, ":%u:%u: %s: ", (unsigned)d->line, (unsigned)d->col,
                    sev);
        else if (d->line)
            fprintf(err, ":%u: %s: ", (unsigned)d->line, sev);
        else
            fprintf(err, ": %s: ", sev);
        if (d->rule[0]) {
            fputc('[', err);
            diag_write_safe(err, d->rule);
            fputs("] ", err);
        }
        diag_write_safe(err, d->message);
        fputc('\n', err);
        if (d->hint) {
            fprintf(err, "  %s: ", msg_text(o->lang, MSG_HINT));
            diag_write_safe(err, d->hint);
            fputc('\n', err);
        }
    }
    if (err != stderr) {
        fclose(err);
        fwrite(buf, 1, len, stderr);
        free(buf);
    }
}

/* --- locating templates and fonts
 * ------------------------------------------------------ */

static bool has_templates(const char *dir)
{
    char p[PATH_MAX + 40];
    snprintf(p, sizeof p, "%s/templates/schema/rapport.rng", dir);
    return access(p, R_OK) == 0;
}

/* Adds dir to the searched list (for the message when nothing is found)
 * and says whether it holds the program's data; if so, it becomes home. */
static bool try_home(options *o, const char *dir, char *searched, size_t len)
{
    size_t used = strlen(searched);
    snprintf(searched + used, len - used, "%s%s", used ? ", " : "", dir);
    if (!has_templates(dir))
        return false;
    snprintf(o->home, sizeof o->home, "%s", dir);
    return true;
}

/* The program's own data (templates/, fonts/fonts.txt), found at run time,
 * never through a path fixed when the program was built:
 *   1. ARSRAPPORT_HOME, a source tree or any folder laid out like one;
 *   2. installed: BIN/../share/arsrapport beside the program's own folder
 *      (make install, the Debian package: /usr/bin and /usr/share);
 *   3. the development tree the program sits in: its folder and up to
 *      three above it (build/arsrapport, build/asan/arsrapport).
 * The program's path comes from /proc/self/exe, so a copy of an installed
 * tree works wherever it is put. Returns false (home then names the
 * installed place, dl says where it looked) when none holds the data. */
static bool find_home(options *o, diag_list *dl)
{
    char searched[4 * PATH_MAX] = "";
    const char *env = getenv("ARSRAPPORT_HOME");
    if (env && *env && try_home(o, env, searched, sizeof searched))
        goto found;
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = '\0';
        char *s = strrchr(exe, '/');
        if (s) {
            *s = '\0'; /* the program's folder */
            char installed[PATH_MAX + 32];
            snprintf(installed, sizeof installed, "%s/../share/arsrapport",
                     exe);
            char real[PATH_MAX];
            if (realpath(installed, real) &&
                try_home(o, real, searched, sizeof searched))
                goto found;
            for (int up = 0; up < 4; up++) {
                if (try_home(o, exe[0] ? exe : "/", searched, sizeof searched))
                    goto found;
                if (!(s = strrchr(exe, '/')))
                    break;
                *s = '\0';
            }
        }
    }
    diag *x = diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "INST-01",
                       MSG_HOME_MISSING, searched);
    diag_hint(dl, x, MSG_HOME_MISSING_HINT);
    snprintf(o->home, sizeof o->home, "%s", "/usr/share/arsrapport");
    snprintf(o->templates, sizeof o->templates, "%s/templates", o->home);
    return false;
found:
    snprintf(o->templates, sizeof o->templates, "%s/templates", o->home);
    return true;
}

/* find_home for a command: prints why and returns false when the data is
 * not there. */
static bool need_home(options *o)
{
    diag_list *dl = diag_list_new(o->lang);
    bool ok = find_home(o, dl);
    print_diags(dl, o);
    diag_list_free(dl);
    return ok;
}

/* `arsrapport --version`: the version, the libraries the process runs with
 * (their versions asked at run time, libversion.h) and where its data is. */
static void print_version(options *o)
{
    printf("arsrapport %s\n", ARSRAPPORT_VERSION);
    lib_version v[16];
    size_t n = 0;
    n += parse_lib_versions(v + n, 16 - n);
    n += validate_lib_versions(v + n, 16 - n);
    n += font_lib_versions(v + n, 16 - n);
    n += layout_lib_versions(v + n, 16 - n);
    n += pdf_lib_versions(v + n, 16 - n);
    n += image_lib_versions(v + n, 16 - n);
    n += net_lib_versions(v + n, 16 - n);
    n += kolada_lib_versions(v + n, 16 - n);
    n += zip_lib_versions(v + n, 16 - n);
    n += import_lib_versions(v + n, 16 - n);
    fputs(cli_text(o->lang, CLI_VERSION_LIBS), stdout);
    for (size_t i = 0; i < n; i++)
        printf("%s%s %s", i ? ", " : "", v[i].name, v[i].version);
    putchar('\n');
    diag_list *dl = diag_list_new(o->lang);
    bool found = find_home(o, dl);
    diag_list_free(dl);
    fputs(cli_text(o->lang, CLI_VERSION_DATA, found ? o->home : "?"), stdout);
    putchar('\n');
}

/* --- one document
 * ------------------------------------------------------------------------ */

static bool same_file(const char *a, const char *b)
{
    /* the same inode: also a hard link to the input under another name */
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
        sa.st_ino == sb.st_ino)
        return true;
    char ra[PATH_MAX], rb[PATH_MAX];
    if (!realpath(a, ra))
        return false;
    if (realpath(b, rb))
        return strcmp(ra, rb) == 0;
    return false;
}

static char *output_for(const options *o, const char *input)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    size_t n = strlen(input) + (o->output ? strlen(o->output) : 0) + 8;
    char *out = xmalloc(n);
    struct stat st;
    bool to_dir =
        o->output && ((stat(o->output, &st) == 0 && S_ISDIR(st.st_mode)) ||
                      o->output[strlen(o->output) - 1] == '/');
    if (o->output && !to_dir) {
        snprintf(out, n, "%s", o->output);
        return out;
    }
    if (to_dir) {
        const char *sep = o->output[strlen(o->output) - 1] == '/' ? "" : "/";
        snprintf(out, n, "%s%s%s", o->output, sep, base);
    } else {
        snprintf(out, n, "%s", input);
    }
    char *dot = strrchr(out, '.');
    char *slash = strrchr(out, '/');
    if (dot && (!slash || dot > slash))
        *dot = '\0';
    strcat(out, ".pdf");
    return out;
}

/* True when path ends in .html or .htm (any case). */
static bool html_name(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return (n > 5 && strcasecmp(path + n - 5, ".html") == 0) ||
           (n > 4 && strcasecmp(path + n - 4, ".htm") == 0);
}

/* The web edition's file beside the PDF pdf: its name with .html for .pdf
 * (or .html added). malloc'd. */
static char *html_for(const char *pdf)
{
    size_t n = strlen(pdf);
    char *out = xmalloc(n + 8);
    memcpy(out, pdf, n + 1);
    if (n > 4 && strcasecmp(out + n - 4, ".pdf") == 0)
        out[n - 4] = '\0';
    strcat(out, ".html");
    return out;
}

/* The PDF's file name as a relative URL from the page beside it: its last
 * component, percent-encoded outside RFC 3986's unreserved characters. */
static char *pdf_href(const char *pdf)
{
    const char *base = strrchr(pdf, '/');
    base = base ? base + 1 : pdf;
    char *out = xmalloc(3 * strlen(base) + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)base; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
            (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    *o = '\0';
    return out;
}

/* One JSON object on a line of its own: what the layout of input did. */
static void print_statistics(const char *input, const char *pdf,
                             const engine_result *r)
{
    const layout_stats *s = &r->stats;
    fputs("{\"file\":", stdout);
    cli_json_string(stdout, input);
    fputs(",\"pdf\":", stdout);
    cli_json_string(stdout, pdf);
    printf(",\"landscape_pages\":%zu", s->landscape_pages);
    printf(",\"pages\":%zu,\"lines\":%zu,\"hyphenated_lines\":%zu,"
           "\"overfull_lines\":%zu,\"loose_lines\":%zu,\"widows\":%zu,"
           "\"orphans\":%zu,\"stranded_headings\":%zu,\"footnotes\":%zu,"
           "\"table_breaks\":%zu,\"lone_table_rows\":%zu,",
           r->npages, s->lines, s->hyphenated_lines, s->overfull_lines,
           s->loose_lines, s->widows, s->orphans, s->stranded_headings,
           s->footnotes, s->table_breaks, s->lone_table_rows);
    printf("\"short_first_lines\":%zu,\"broken_words\":%zu,"
           "\"empty_pages\":%zu,\"dash_breaks\":%zu}\n",
           s->short_first_lines, s->broken_words, s->empty_pages,
           s->dash_breaks);
    fflush(stdout);
}

/* The job's creator and SOURCE_DATE_EPOCH (reproducible-builds.org/specs/
 * source-date-epoch: a decimal count of seconds replaces the document's
 * date). */
static void job_environment(engine_job *job)
{
    job->creator = "arsrapport " ARSRAPPORT_VERSION;
    job->icc_path = getenv("ARSRAPPORT_ICC");
    job->has_epoch = process_source_date_epoch(&job->epoch);
}

/* Writes the PDF of r to out: its temporary file made out
 * (process_tmp_commit), or its bytes (process_write_file). 0, or -1 with
 * why. */
static int write_pdf(engine_result *r, const char *out, msg_lang lang,
                     char *why, size_t whylen)
{
    if (!r->pdf_file)
        return process_write_file(out, r->pdf, r->pdf_len, lang, why, whylen);
    r->pdf_file = false; /* the commit closes it */
    return process_tmp_commit(r->pdf_fd, out, lang, why, whylen);
}

/* Builds or checks input with eng, writes the PDF and prints the
 * diagnostics and a closing line; with sum (watch mode) the closing line
 * is left to the caller and what happened goes to *sum instead. Returns
 * the exit status. */
static int run_document(const options *o, engine *eng, const char *input,
                        watch_outcome *sum)
{
    int status = 0;
    char *out = NULL, *web = NULL, *href = NULL;
    const char *closing = NULL; /* printed after the diagnostics */
    const char *closing_web = NULL;
    char closing_buf[CLI_TEXT_MAX], closing_web_buf[CLI_TEXT_MAX];
    process_oom_context(input, o->lang);
    engine_result r = {0};
    if (o->cmd == CMD_BUILD) {
        /* refused before anything is read: the input is never the output */
        out = output_for(o, input);
        if (o->web)
            web = o->web_only ? xstrdup(out) : html_for(out);
        if (o->web && !o->web_only)
            href = pdf_href(out);
        const char *bad = same_file(out, input)          ? out
                          : web && same_file(web, input) ? web
                                                         : NULL;
        if (bad) {
            r.dl = diag_list_new(o->lang);
            diag_add(r.dl, DIAG_ERROR, input, 0, 0, "ARS-03", MSG_OUT_IS_IN,
                     bad);
            status = 2;
            goto done;
        }
    }
    engine_job job = {
        .task = o->cmd == CMD_BUILD           ? ENGINE_BUILD
                : o->cmd == CMD_DUMP_MODEL    ? ENGINE_DUMP_MODEL
                : o->cmd == CMD_DUMP_RESOLVED ? ENGINE_DUMP_RESOLVED
                : o->cmd == CMD_DUMP_LAYOUT   ? ENGINE_DUMP_LAYOUT
                                              : ENGINE_CHECK,
        .input = input,
        .output = out,
        .lang = o->lang,
        .draft = o->utkast,
        .pdfa = o->pdfa,
        .dump = stdout,
        .outputs = (o->web_only ? 0u : (unsigned)ENGINE_OUT_PDF) |
                   (o->web ? (unsigned)ENGINE_OUT_HTML : 0u),
        .pdf_href = href,
        .pdf_to_file = true,
    };
    job_environment(&job);
    status = engine_run(eng, &job, &r);
    if (o->cmd != CMD_BUILD)
        goto done;
    char why[256];
    if (r.html) {
        if (same_file(web, input)) {
            diag_add(r.dl, DIAG_ERROR, input, 0, 0, "ARS-03", MSG_OUT_IS_IN,
                     web);
            status = 2;
        } else if (process_write_file(web, (const unsigned char *)r.html,
                                      r.html_len, o->lang, why,
                                      sizeof why) != 0) {
            diag_add(r.dl, DIAG_ERROR, web, 0, 0, "ARS-04", MSG_OUT_WRITE, why);
            status = 2;
        } else {
            if (sum && o->web_only)
                sum->written = true; /* the web edition is the output */
            closing_web = cli_format(
                closing_web_buf, sizeof closing_web_buf, o->lang, CLI_BUILT_WEB,
                input, web, o->utkast ? cli_text(o->lang, CLI_DRAFT) : "");
        }
    }
    if (o->web_only) {
        if (!r.html && status == 1 && r.has_errors && !o->utkast)
            closing = cli_format(closing_buf, sizeof closing_buf, o->lang,
                                 CLI_NO_PDF_ERRORS, input);
    } else if (!r.pdf && !r.pdf_file) {
        if (status == 1 && r.has_errors && !o->utkast)
            closing = cli_format(closing_buf, sizeof closing_buf, o->lang,
                                 CLI_NO_PDF_ERRORS, input);
    } else if (same_file(out, input)) {
        diag_add(r.dl, DIAG_ERROR, input, 0, 0, "ARS-03", MSG_OUT_IS_IN, out);
        status = 2;
    } else if (write_pdf(&r, out, o->lang, why, sizeof why) != 0) {
        diag_add(r.dl, DIAG_ERROR, out, 0, 0, "ARS-04", MSG_OUT_WRITE, why);
        status = 2;
    } else {
        if (sum) {
            sum->written = true;
            sum->pages = r.npages;
        }
        closing = cli_format(closing_buf, sizeof closing_buf, o->lang,
                             CLI_BUILT, input, out, (int)r.npages,
                             o->utkast ? cli_text(o->lang, CLI_DRAFT) : "");
        if (o->statistik)
            print_statistics(input, out, &r);
    }
done:
    timing_stage(&r.times, "write");
    print_diags(r.dl, o);
    if (sum) {
        sum->status = status;
        if (r.dl) {
            size_t nerr, nwarn;
            diag_count_shown(r.dl, &nerr, &nwarn);
            sum->errors += nerr;
            sum->warnings += nwarn;
        }
        closing = NULL; /* the watch's status line says it */
    }
    if (closing) {
        /* with --statistik standard output carries only the JSON */
        FILE *to =
            (status == 0 || o->utkast) && !o->statistik ? stdout : stderr;
        diag_write_safe(to, closing); /* it names the input and output */
        fputc('\n', to);
    }
    if (closing_web) {
        FILE *to =
            (status == 0 || o->utkast) && !o->statistik ? stdout : stderr;
        diag_write_safe(to, closing_web);
        fputc('\n', to);
    }
    timing_report(&r.times, stderr);
    free(out);
    free(web);
    free(href);
    engine_result_free(&r);
    return status;
}

/* One document of a batch (batch.c calls it, in a child process). */
typedef struct {
    const options *o;
    engine *eng;
} batch_doc;

static int batch_one(void *ctx, int i)
{
    batch_doc *b = ctx;
    return run_document(b->o, b->eng, b->o->inputs[i], NULL);
}

/* The engine of this run; NULL (the reasons printed) when the style
 * cannot be used. */
static engine *make_engine(options *o)
{
    engine_config cfg = {
        .home = o->home,
        .mallar = o->mallar,
        .nmallar = o->nmallar,
        .stil = o->stil,
        .fonts = o->fonts,
        .stub_fonts = o->stub_fonts,
        .allowed_paths = o->allowed,
        .nallowed = o->nallowed,
        .timing = getenv("ARSRAPPORT_TIDER") && *getenv("ARSRAPPORT_TIDER") &&
                  strcmp(getenv("ARSRAPPORT_TIDER"), "0") != 0,
        /* the fonts loaded beside reading the first document */
        .lays_out =
            (o->cmd == CMD_BUILD && !o->web_only) || o->cmd == CMD_DUMP_LAYOUT,
        /* its kind's rules read on the start-up thread right after the
         * schema, not once the first job has begun */
        .first_input = o->ninputs > 0 ? o->inputs[0] : NULL,
    };
    diag_list *dl = diag_list_new(o->lang);
    engine *e = engine_new(&cfg, dl);
    print_diags(dl, o);
    diag_list_free(dl);
    return e;
}

/* --- bevaka (watch) --------------------------------------------------------
 */

typedef struct {
    options *o;
    engine *eng;
    char *pdf;
} watch_ctx;

/* One build of the watched document (watch.h); a changed style makes a
 * new engine first, and a broken one keeps the old engine and builds
 * nothing (the style's diagnostics printed). */
static void watch_build(void *ctx, bool style_changed, watch_outcome *out)
{
    watch_ctx *w = ctx;
    if (style_changed) {
        engine *e = make_engine(w->o);
        if (!e) {
            out->status = 2;
            return;
        }
        engine_free(w->eng);
        w->eng = e;
    }
    out->pdf = w->pdf;
    run_document(w->o, w->eng, w->o->inputs[0], out);
}

/* `bevaka FIL.xml`: the engine made once and kept between builds. */
static int run_watch(options *o)
{
    o->cmd = CMD_BUILD; /* each build is `build`'s */
    watch_ctx w = {o, make_engine(o), output_for(o, o->inputs[0])};
    int rc = 2;
    if (w.eng) {
        watch_config cfg = {o->inputs[0], o->stil, o->lang};
        rc = watch_run(&cfg, watch_build, &w);
    }
    engine_free(w.eng);
    free(w.pdf);
    return rc;
}

/* `hamta kolada …` (hamta.c): the only command that uses the network. */
static int run_hamta(options *o, int argc, char **argv)
{
    diag_list *dl = diag_list_new(o->lang);
    char done[1024];
    process_remove_tmp_on_signals();
    int rc = cli_hamta(argc, argv, o->lang, dl, done, sizeof done);
    print_diags(dl, o);
    if (done[0]) {
        diag_write_safe(stdout, done);
        putchar('\n');
    }
    diag_list_free(dl);
    return rc;
}

/* `rules` and `new`. */
static int run_kind_command(options *o)
{
    if (!need_home(o))
        return 2;
    parse_global_init();
    kind_cache kc;
    kinds_init(&kc, o->templates, o->mallar, o->nmallar);
    diag_list *dl = diag_list_new(o->lang);
    int rc = 0;
    if (o->cmd == CMD_RULES) {
        rc = cmd_rules(&kc, o->ninputs ? o->inputs[0] : NULL, o->lang, o->json,
                       dl);
    } else {
        size_t len;
        char schema[PATH_MAX + 48];
        snprintf(schema, sizeof schema, "%s/schema/rapport.rng", o->templates);
        char *text = o->fran ? cmd_new_from(o->fran, o->period, schema, o->lang,
                                            dl, &len, &rc)
                             : cmd_new(&kc, o->inputs[0], schema, dl, &len);
        const char *target = o->fran          ? (o->output    ? o->output
                                                 : o->ninputs ? o->inputs[0]
                                                              : NULL)
                             : o->ninputs > 1 ? o->inputs[1]
                                              : NULL;
        char why[256];
        struct stat st;
        if (!text) {
            rc = rc ? rc : 2;
        } else if (!target) {
            fwrite(text, 1, len, stdout);
        } else if (stat(target, &st) == 0) {
            diag_add(dl, DIAG_ERROR, target, 0, 0, "ARS-05", MSG_NEW_EXISTS,
                     target);
            rc = 2;
        } else if (process_write_file(target, (const unsigned char *)text, len,
                                      o->lang, why, sizeof why) != 0) {
            diag_add(dl, DIAG_ERROR, target, 0, 0, "ARS-04", MSG_OUT_WRITE,
                     why);
            rc = 2;
        } else {
            diag_write_safe(stdout,
                            o->fran ? cli_text(o->lang, MSG_RF_WRITTEN, target,
                                               o->fran, target)
                                    : cli_text(o->lang, CLI_NEW_WRITTEN, target,
                                               o->inputs[0], target));
            putchar('\n');
        }
        free(text);
    }
    bool json = o->json;
    o->json = false; /* rules --format json prints rules, not diagnostics */
    print_diags(dl, o);
    o->json = json;
    diag_list_free(dl);
    kinds_free(&kc);
    parse_global_cleanup();
    return rc;
}

/* `import` (import_cmd.c). */
static int run_import(options *o)
{
    if (!need_home(o))
        return 2;
    process_remove_tmp_on_signals();
    import_cmd c = {.inputs = o->inputs,
                    .ninputs = (size_t)o->ninputs,
                    .output = o->output,
                    .typ = o->typ,
                    .templates = o->templates,
                    .mallar = o->mallar,
                    .nmallar = o->nmallar,
                    .lang = o->lang};
    diag_list *dl = diag_list_new(o->lang);
    int rc = cmd_import(&c, dl);
    print_diags(dl, o);
    diag_list_free(dl);
    return rc;
}

/* out with its folder resolved (realpath), so that a/x.pdf and ./a/x.pdf
 * compare equal; out itself when the folder cannot be resolved. */
static char *canonical_output(const char *out)
{
    const char *slash = strrchr(out, '/');
    char dir[PATH_MAX], real[PATH_MAX];
    if (slash && (size_t)(slash - out) >= sizeof dir)
        return xstrdup(out);
    if (slash == out)
        snprintf(dir, sizeof dir, "/");
    else if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - out), out);
    else
        snprintf(dir, sizeof dir, ".");
    if (!realpath(dir, real))
        return xstrdup(out);
    const char *base = slash ? slash + 1 : out;
    size_t n = strlen(real) + strlen(base) + 2;
    char *c = xmalloc(n);
    snprintf(c, n, "%s/%s", real, base);
    return c;
}

typedef struct {
    char *path;
    int input;
} named_output;

static int cmp_output(const void *pa, const void *pb)
{
    const named_output *a = pa, *b = pb;
    int c = strcmp(a->path, b->path);
    return c ? c : (a->input > b->input) - (a->input < b->input);
}

/* Several inputs built at once must give different output files (a/x.xml
 * and b/x.xml into one folder replaced each other): ARS-07 for each input
 * whose PDF another one would also write, before anything is built.
 * Returns 2 when so, 0 otherwise. */
static int refuse_same_outputs(const options *o)
{
    int n = o->ninputs;
    named_output *outs = xcalloc((size_t)n + 1, sizeof *outs);
    for (int i = 0; i < n; i++) {
        char *out = output_for(o, o->inputs[i]);
        outs[i].path = canonical_output(out);
        outs[i].input = i;
        free(out);
    }
    qsort(outs, (size_t)n, sizeof *outs, cmp_output); /* n log n */
    diag_list *dl = diag_list_new(o->lang);
    for (int i = 1; i < n; i++)
        if (strcmp(outs[i].path, outs[i - 1].path) == 0) {
            int first = i - 1;
            while (first > 0 && strcmp(outs[first - 1].path, outs[i].path) == 0)
                first--;
            char *out = output_for(o, o->inputs[outs[i].input]);
            diag *x = diag_add(dl, DIAG_ERROR, o->inputs[outs[i].input], 0, 0,
                               "ARS-07", MSG_OUT_SAME_NAME, out,
                               o->inputs[outs[first].input]);
            diag_hint(dl, x, MSG_OUT_SAME_NAME_HINT);
            free(out);
        }
    int rc = diag_count(dl) ? 2 : 0;
    print_diags(dl, o);
    diag_list_free(dl);
    for (int i = 0; i < n; i++)
        free(outs[i].path);
    free(outs);
    return rc;
}

/* --- arguments
 * ------------------------------------------------------------------------------
 */

static int usage_error(const options *o, const char *what)
{
    fputs("arsrapport: ", stderr);
    diag_write_safe(stderr, what); /* it may quote an argument */
    fprintf(stderr, "\n%s\n", cli_text(o->lang, CLI_SEE_HELP));
    return 2;
}

int main(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_MXFAST, 0);
    /* one malloc arena for all threads (the schema check and the lints
     * run beside the main thread): each further arena reserves 64 MB of
     * address space, which counts against a service's ulimit -v */
    mallopt(M_ARENA_MAX, 1);
    o.lang = msg_lang_from_env();
    o.inputs = xcalloc((size_t)argc + 1, sizeof *o.inputs);
    o.mallar = xcalloc((size_t)argc + 1, sizeof *o.mallar);
    o.allowed = xcalloc((size_t)argc + 1, sizeof *o.allowed);
    /* --lang first, so that every message is in the right language */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            o.lang = strcmp(argv[i + 1], "en") == 0 ? LANG_EN : LANG_SV;
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            o.lang = strcmp(argv[i] + 7, "en") == 0 ? LANG_EN : LANG_SV;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(cli_text(o.lang, CLI_HELP), stdout);
            free(o.inputs);
            free(o.mallar);
            free(o.allowed);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            print_version(&o);
            free(o.inputs);
            free(o.mallar);
            free(o.allowed);
            return 0;
        } else if (strcmp(a, "--lang") == 0) {
            if (i + 1 >= argc || (strcmp(argv[i + 1], "sv") != 0 &&
                                  strcmp(argv[i + 1], "en") != 0)) {
                rc = usage_error(&o, cli_text(o.lang, CLI_BAD_LANG));
                goto done;
            }
            i++;
        } else if (strncmp(a, "--lang=", 7) == 0) {
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--ut") == 0) {
            if (i + 1 >= argc) {
                rc = usage_error(&o, cli_text(o.lang, CLI_NEED_ARG, a));
                goto done;
            }
            o.output = argv[++i];
        } else if (strcmp(a, "--mallar") == 0) {
            if (i + 1 >= argc) {
                rc = usage_error(&o, cli_text(o.lang, CLI_NEED_ARG, a));
                goto done;
            }
            o.mallar[o.nmallar++] = argv[++i];
        } else if (strcmp(a, "--stil") == 0 || strcmp(a, "--style") == 0) {
            if (i + 1 >= argc) {
                rc = usage_error(&o, cli_text(o.lang, CLI_NEED_ARG, a));
                goto done;
            }
            o.stil = argv[++i];
        } else if (strcmp(a, "--tillat-sokvag") == 0 ||
                   strcmp(a, "--allow-path") == 0) {
            /* a folder outside the document's own that its images may
             * come from (pathpolicy.h) */
            if (i + 1 >= argc) {
                rc = usage_error(&o, cli_text(o.lang, CLI_NEED_ARG, a));
                goto done;
            }
            path_policy *check = path_policy_new();
            bool allowed = path_policy_allow(check, argv[++i]);
            path_policy_free(check);
            if (!allowed) {
                rc = usage_error(&o,
                                 cli_text(o.lang, MSG_ALLOW_PATH_BAD, argv[i]));
                goto done;
            }
            o.allowed[o.nallowed++] = argv[i];
        } else if (strcmp(a, "--fran") == 0 || strcmp(a, "--period") == 0) {
            /* new --fran FJOLARETS.xml [--period ÅÅÅÅ-MM-DD:ÅÅÅÅ-MM-DD] */
            if (i + 1 >= argc) {
                rc = usage_error(&o, cli_text(o.lang, CLI_NEED_ARG, a));
                goto done;
            }
            if (a[2] == 'f')
                o.fran = argv[++i];
            else
                o.period = argv[++i];
        } else if (strcmp(a, "--typ") == 0 || strcmp(a, "--type") == 0) {
            if (i + 1 >= argc) {
                rc = usage_error(&o, cli_text(o.lang, CLI_NEED_ARG, a));
                goto done;
            }
            o.typ = argv[++i];
        } else if (strcmp(a, "--utkast") == 0) {
            o.utkast = true;
        } else if (strcmp(a, "--webb") == 0 || strcmp(a, "--html") == 0) {
            o.web = true;
        } else if (strcmp(a, "--format") == 0) {
            if (i + 1 >= argc || (strcmp(argv[i + 1], "json") != 0 &&
                                  strcmp(argv[i + 1], "text") != 0)) {
                rc = usage_error(&o, cli_text(o.lang, CLI_BAD_FORMAT));
                goto done;
            }
            o.json = strcmp(argv[++i], "json") == 0;
        } else if (strcmp(a, "--pdfa") == 0) {
            const char *v = i + 1 < argc ? argv[i + 1] : "";
            if (strcmp(v, "2a") == 0)
                o.pdfa = PDF_A_2A;
            else if (strcmp(v, "2u") == 0)
                o.pdfa = PDF_A_2U;
            else if (strcmp(v, "1b") == 0)
                o.pdfa = PDF_A_1B;
            else if (strcmp(v, "nej") == 0 || strcmp(v, "no") == 0)
                o.pdfa = PDF_A_NONE;
            else {
                rc = usage_error(&o, cli_text(o.lang, CLI_BAD_PDFA));
                goto done;
            }
            i++;
        } else if (strcmp(a, "--statistik") == 0 ||
                   strcmp(a, "--statistics") == 0) {
            o.statistik = true;
        } else if (strncmp(a, "-j", 2) == 0 || strcmp(a, "--jobs") == 0) {
            const char *v = a[1] == 'j' && a[2] ? a + 2
                            : i + 1 < argc      ? argv[++i]
                                                : "";
            char *end;
            long j = strtol(v, &end, 10);
            if (!*v || *end || j < 1 || j > 256) {
                rc = usage_error(&o, cli_text(o.lang, CLI_BAD_JOBS));
                goto done;
            }
            o.jobs = (int)j;
        } else if (strcmp(a, "--stub-fonts") == 0) {
            o.stub_fonts = true; /* fixed metrics, for layout tests */
        } else if (a[0] == '-' && a[1] != '\0') {
            rc = usage_error(&o, cli_text(o.lang, CLI_UNKNOWN_OPTION, a));
            goto done;
        } else if (o.cmd == CMD_NONE) {
            if (strcmp(a, "build") == 0 || strcmp(a, "bygg") == 0)
                o.cmd = CMD_BUILD;
            else if (strcmp(a, "check") == 0 || strcmp(a, "kontrollera") == 0)
                o.cmd = CMD_CHECK;
            else if (strcmp(a, "dump-model") == 0)
                o.cmd = CMD_DUMP_MODEL;
            else if (strcmp(a, "dump-resolved") == 0)
                o.cmd = CMD_DUMP_RESOLVED;
            else if (strcmp(a, "dump-layout") == 0)
                o.cmd = CMD_DUMP_LAYOUT;
            else if (strcmp(a, "rules") == 0 || strcmp(a, "regler") == 0)
                o.cmd = CMD_RULES;
            else if (strcmp(a, "new") == 0 || strcmp(a, "ny") == 0)
                o.cmd = CMD_NEW;
            else if (strcmp(a, "bevaka") == 0 || strcmp(a, "watch") == 0)
                o.cmd = CMD_WATCH;
            else if (strcmp(a, "import") == 0 || strcmp(a, "importera") == 0)
                o.cmd = CMD_IMPORT;
            else if (strcmp(a, "hamta") == 0 || strcmp(a, "fetch") == 0) {
                rc = run_hamta(&o, argc - i - 1, argv + i + 1);
                goto done;
            } else {
                rc = usage_error(&o, cli_text(o.lang, CLI_UNKNOWN_COMMAND, a));
                goto done;
            }
        } else {
            o.inputs[o.ninputs++] = a;
        }
    }
    if (o.cmd == CMD_NONE) {
        fputs(cli_text(o.lang, CLI_HELP), stderr);
        rc = 2;
        goto done;
    }
    if ((o.fran || o.period) && (o.cmd != CMD_NEW || !o.fran)) {
        rc = usage_error(&o, cli_text(o.lang, MSG_RF_USAGE));
        goto done;
    }
    if (o.cmd == CMD_IMPORT) {
        rc = o.ninputs ? run_import(&o)
                       : usage_error(&o, cli_text(o.lang, CLI_IMP_NEED_INPUT));
        goto done;
    }
    if (o.cmd == CMD_RULES || o.cmd == CMD_NEW) {
        int most = o.cmd == CMD_RULES ? 1 : o.fran ? (o.output ? 0 : 1) : 2;
        if (o.ninputs > most ||
            (o.cmd == CMD_NEW && o.ninputs == 0 && !o.fran)) {
            rc = usage_error(
                &o, cli_text(o.lang, o.ninputs ? CLI_TOO_MANY : CLI_NEED_TYPE));
            goto done;
        }
        rc = run_kind_command(&o);
        goto done;
    }
    if (o.ninputs == 0) {
        rc = usage_error(&o, cli_text(o.lang, CLI_NO_INPUT));
        goto done;
    }
    if (o.output && html_name(o.output)) {
        struct stat st;
        if (!(stat(o.output, &st) == 0 && S_ISDIR(st.st_mode)))
            o.web = o.web_only = true; /* -o UT.html: the web edition */
    }
    if (o.output && o.ninputs > 1) {
        struct stat st;
        errno = 0;
        bool dir = (stat(o.output, &st) == 0 && S_ISDIR(st.st_mode));
        /* a folder that does not exist yet is made (one level) */
        if (!dir && errno == ENOENT && o.cmd == CMD_BUILD &&
            mkdir(o.output, 0777) == 0)
            dir = true;
        if (!dir) {
            rc = usage_error(&o, cli_text(o.lang, CLI_OUTPUT_DIR));
            goto done;
        }
    }
    if (o.cmd == CMD_WATCH && o.ninputs > 1) {
        rc = usage_error(&o, cli_text(o.lang, CLI_TOO_MANY));
        goto done;
    }
    if (o.cmd == CMD_BUILD && o.ninputs > 1 &&
        (rc = refuse_same_outputs(&o)) != 0)
        goto done;
    if (!need_home(&o)) {
        rc = 2;
        goto done;
    }
    process_remove_tmp_on_signals();
    if (o.cmd == CMD_WATCH) {
        rc = run_watch(&o);
        parse_global_cleanup();
        goto done;
    }
    engine *eng = make_engine(&o);
    if (!eng) {
        rc = 2; /* the style is broken, not the documents */
        goto done;
    }
    bool batch = o.ninputs > 1 && (o.cmd == CMD_BUILD || o.cmd == CMD_CHECK);
    if (batch) {
        /* several documents: one process each, on all cores (batch.c),
         * forked once the engine's start-up thread is done */
        engine_settle(eng);
        batch_doc bd = {&o, eng};
        int r =
            batch_run(o.jobs ? o.jobs : batch_default_jobs(), o.ninputs,
                      o.inputs, batch_one, &bd, isatty(STDERR_FILENO), o.lang);
        if (r > rc)
            rc = r;
    }
    for (int i = 0; i < o.ninputs && !batch; i++) {
        int r = run_document(&o, eng, o.inputs[i], NULL);
        if (r > rc)
            rc = r;
    }
    engine_free(eng);
    parse_global_cleanup();
done:
    free(o.inputs);
    free(o.mallar);
    free(o.allowed);
    return rc;
}
