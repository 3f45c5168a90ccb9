/*
 * engine.c: one document through the pipeline (engine.h).
 *
 * engine_run is what `run_document` of the command line used to be: parse,
 * the kind's rules, validation (the lints in a second thread), the images,
 * layout and the PDF, each stage given what the engine owns. The engine's
 * mutable parts are the lazily read ones: the kinds' rule files, the fonts
 * and the hyphenation dictionary. Each is guarded by the engine's lock and,
 * once made, only read.
 *
 * Start-up on two cores: what does not depend on the document's bytes
 * (the document schema compiled, the rules of the kind the first document
 * names, the lints' patterns, and for an engine that lays out the fonts
 * and the hyphenation tables) is made by a start-up thread of the engine
 * while the calling thread loads the style and reads and parses the first
 * document. Each job waits for the part it needs where
 * it first needs it, or makes it itself when the thread has not begun it
 * (preload_claim); after that the parts are only read.
 */
#define _POSIX_C_SOURCE 200809L
#include "engine.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../common/pathpolicy.h"
#include "../data/data.h"
#include "../font/font.h"
#include "../html/html.h"
#include "../image/image.h"
#include "../kolada/kolada.h"
#include "../model/model.h"
#include "../parse/parse.h"
#include "../parse/style.h"
#include "../resolve/resolve.h"
#include "../validate/validate.h"
#include "process.h"

struct engine {
    char *templates;  /* home/templates */
    char *fonts_path; /* the font manifest */
    char *hyph_exc;   /* home/templates/avstavning.txt */
    bool stub_fonts, timing;
    parse_schema *schema;
    lint_patterns *lints;
    path_policy *paths;
    layout_style style;
    arena *style_arena;
    xmlfile_schema_cache *style_schema;

    pthread_mutex_t lock; /* guards what follows */
    kind_cache kinds;
    const font_set *fonts; /* NULL until the first layout */
    layout_hyph *hyph;     /* NULL until the first layout */

    /* The start-up thread (preload): it makes the schema, reads the
     * rules of the kind the first job's document names (under lock, as a
     * job would), compiles the lints and for an engine that lays out
     * makes the fonts and the dictionary. Each part is made by the first
     * thread to claim it (pre_claimed; the start-up thread or a job that
     * needs it first), which sets its bit in pre_done; until then it
     * belongs to that thread, and others read it only after waiting
     * (preload_claim). */
    pthread_mutex_t pre_lock; /* guards pre_claimed, pre_done, style_state,
                                 pre_kind, pre_stop */
    pthread_cond_t pre_cond;
    unsigned pre_want, pre_claimed, pre_done;
    int style_state;   /* 0 not yet loaded, 1 loaded, -1 broken */
    int pre_kind;      /* the first job's kind: PRE_KIND_UNASKED, -1 none */
    bool pre_stop;     /* no job will ask: skip the kind */
    char *first_input; /* engine_config.first_input: its kind read at once */
    pthread_t pre_thread;
    bool pre_running; /* started and not joined */
};

/* The parts the start-up thread makes (pre_want, pre_done). */
enum { PRE_SCHEMA = 1u, PRE_FONTS = 2u, PRE_HYPH = 4u, PRE_LINTS = 8u };
/* pre_kind before the first job has said which kind it needs */
enum { PRE_KIND_UNASKED = -2 };

static char *path_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* Marks the parts in bits as made, for the jobs waiting on them. */
static void preload_done(engine *e, unsigned bits)
{
    pthread_mutex_lock(&e->pre_lock);
    e->pre_done |= bits;
    pthread_cond_broadcast(&e->pre_cond);
    pthread_mutex_unlock(&e->pre_lock);
}

/* The fonts the style names, or NULL with the reasons in dl. */
static const font_set *fonts_load(const engine *e, diag_list *dl)
{
    return e->stub_fonts
               ? font_set_stub()
               : font_set_load_families(e->fonts_path, e->style.serif_family,
                                        e->style.sans_family, dl);
}

/* Makes part bit on the calling thread and marks it made. The fonts'
 * problems are dropped here: fonts that cannot be loaded are left NULL,
 * and the first job that lays out loads them again and says why, in its
 * own language. */
static void preload_make(engine *e, unsigned bit)
{
    if (bit == PRE_SCHEMA) {
        e->schema = parse_schema_load(e->templates);
    } else if (bit == PRE_LINTS) {
        e->lints = lint_patterns_new();
    } else if (bit == PRE_FONTS) {
        diag_list *dl = diag_list_new(LANG_SV);
        const font_set *fs = fonts_load(e, dl);
        diag_list_free(dl);
        pthread_mutex_lock(&e->lock);
        e->fonts = fs;
        pthread_mutex_unlock(&e->lock);
    } else if (bit == PRE_HYPH) {
        layout_hyph *h = layout_hyph_load(e->hyph_exc);
        pthread_mutex_lock(&e->lock);
        e->hyph = h;
        pthread_mutex_unlock(&e->lock);
    }
    preload_done(e, bit);
}

/* Claims the part bit that the start-up thread makes for the calling
 * thread: true when no thread has begun it (the caller makes it, then
 * calls preload_done); false when another has, after waiting until it is
 * made (wait) or at once (!wait: the start-up thread goes on to its next
 * part). False at once for a part the thread does not make. So a job
 * whose start-up thread has not been given a core yet (a busy machine)
 * makes what it needs itself instead of waiting for it, and a job that
 * waits makes the parts no thread has begun meanwhile (the lints, the
 * fonts, the dictionary: a job runs once the style is loaded). */
static bool preload_claim(engine *e, unsigned bit, bool wait)
{
    if (!(e->pre_want & bit))
        return false;
    pthread_mutex_lock(&e->pre_lock);
    bool mine = !(e->pre_claimed & bit);
    e->pre_claimed |= bit;
    while (!mine && wait && !(e->pre_done & bit)) {
        unsigned help =
            e->pre_want & ~e->pre_claimed & (PRE_LINTS | PRE_FONTS | PRE_HYPH);
        if (help) {
            unsigned h = help & (0u - help); /* the lowest */
            e->pre_claimed |= h;
            pthread_mutex_unlock(&e->pre_lock);
            preload_make(e, h);
            pthread_mutex_lock(&e->pre_lock);
            continue;
        }
        pthread_cond_wait(&e->pre_cond, &e->pre_lock);
    }
    pthread_mutex_unlock(&e->pre_lock);
    return mine;
}

/* The kind the first 4 KB of a document name (kinds_guess), from data
 * when given, else from the file at path when it is a regular one (a
 * pipe's bytes are the parser's); -1 when none. */
static int kind_of_file(engine *e, const char *path, const char *data,
                        size_t size)
{
    char head[4096];
    size_t n = 0;
    if (data) {
        n = size < sizeof head ? size : sizeof head;
        memcpy(head, data, n);
    } else if (path) {
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            ssize_t k = read(fd, head, sizeof head);
            n = k > 0 ? (size_t)k : 0;
        }
        if (fd >= 0)
            close(fd);
    }
    /* the kinds are only read under the engine's lock */
    pthread_mutex_lock(&e->lock);
    int kind = kinds_guess(&e->kinds, head, n);
    pthread_mutex_unlock(&e->lock);
    return kind;
}

/* The start-up thread: the rules of the kind the first document names
 * (engine_config.first_input, or the first job's as it starts) and the
 * lints' patterns, which that job needs once it is parsed (kinds_for
 * waits on the engine's lock while they are read here; a rule file that
 * cannot be read is read again there to say why); then the schema, unless
 * a job has begun it: with the shipped style loaded in no time the first
 * job needs the schema at once and compiles it itself rather than wait
 * for a thread that may share its core; then, once the calling thread
 * has loaded the style (its families name the faces), the fonts and the
 * dictionary. Fonts
 * that cannot be loaded are left NULL: the first job that lays out loads
 * them again and says why, in its own language. */
static void *preload_run(void *arg)
{
    engine *e = arg;
    int kind = -1;
    if (e->first_input) {
        kind = kind_of_file(e, e->first_input, NULL, 0);
    } else {
        pthread_mutex_lock(&e->pre_lock);
        while (e->pre_kind == PRE_KIND_UNASKED && !e->pre_stop)
            pthread_cond_wait(&e->pre_cond, &e->pre_lock);
        kind = e->pre_stop ? -1 : e->pre_kind;
        pthread_mutex_unlock(&e->pre_lock);
    }
    if (kind >= 0) {
        pthread_mutex_lock(&e->lock);
        kinds_get(&e->kinds, (size_t)kind, NULL);
        pthread_mutex_unlock(&e->lock);
    }
    if (preload_claim(e, PRE_LINTS, false))
        preload_make(e, PRE_LINTS);
    if (preload_claim(e, PRE_SCHEMA, false))
        preload_make(e, PRE_SCHEMA);
    if (!(e->pre_want & PRE_FONTS))
        return NULL;
    pthread_mutex_lock(&e->pre_lock);
    while (e->style_state == 0)
        pthread_cond_wait(&e->pre_cond, &e->pre_lock);
    bool style_ok = e->style_state > 0;
    pthread_mutex_unlock(&e->pre_lock);
    if (!style_ok)
        return NULL; /* no job will run */
    if (preload_claim(e, PRE_FONTS, false))
        preload_make(e, PRE_FONTS);
    if (preload_claim(e, PRE_HYPH, false))
        preload_make(e, PRE_HYPH);
    return NULL;
}

/* Tells the start-up thread whether the style could be loaded. */
static void preload_style(engine *e, bool ok)
{
    pthread_mutex_lock(&e->pre_lock);
    e->style_state = ok ? 1 : -1;
    pthread_cond_broadcast(&e->pre_cond);
    pthread_mutex_unlock(&e->pre_lock);
}

/* The first job's kind, guessed (kinds_guess) for the start-up thread to
 * read its rules while the document is parsed: then engine_config named
 * no first input. */
static void preload_kind(engine *e, const engine_job *job)
{
    if (e->first_input || !e->pre_running)
        return;
    pthread_mutex_lock(&e->pre_lock);
    bool asked = e->pre_kind != PRE_KIND_UNASKED || e->pre_stop;
    pthread_mutex_unlock(&e->pre_lock);
    if (asked)
        return;
    int kind = kind_of_file(e, job->input, job->data, job->size);
    pthread_mutex_lock(&e->pre_lock);
    if (e->pre_kind == PRE_KIND_UNASKED)
        e->pre_kind = kind;
    pthread_cond_broadcast(&e->pre_cond);
    pthread_mutex_unlock(&e->pre_lock);
}

void engine_settle(engine *e)
{
    if (e && e->pre_running) {
        pthread_mutex_lock(&e->pre_lock);
        e->pre_stop = true; /* no job will ask for a kind now */
        pthread_cond_broadcast(&e->pre_cond);
        pthread_mutex_unlock(&e->pre_lock);
        pthread_join(e->pre_thread, NULL);
        e->pre_running = false;
    }
}

engine *engine_new(const engine_config *cfg, diag_list *dl)
{
    engine *e = xcalloc(1, sizeof *e);
    pthread_mutex_init(&e->lock, NULL);
    pthread_mutex_init(&e->pre_lock, NULL);
    pthread_cond_init(&e->pre_cond, NULL);
    const char *home = cfg->home ? cfg->home : ".";
    e->templates = path_join(home, "templates");
    const char *fenv = getenv("ARSRAPPORT_FONTS");
    e->fonts_path = cfg->fonts      ? xstrdup(cfg->fonts)
                    : fenv && *fenv ? xstrdup(fenv)
                                    : path_join(home, "fonts/fonts.txt");
    e->hyph_exc = path_join(e->templates, "avstavning.txt");
    e->stub_fonts = cfg->stub_fonts;
    e->timing = cfg->timing;
    parse_global_init();
    layout_global_init();
    /* the schema (and the fonts) on the start-up thread; made here when
     * no thread can be started */
    kinds_init(&e->kinds, e->templates, cfg->mallar, cfg->nmallar);
    e->pre_want =
        PRE_SCHEMA | PRE_LINTS | (cfg->lays_out ? PRE_FONTS | PRE_HYPH : 0);
    e->pre_kind = PRE_KIND_UNASKED;
    e->first_input = cfg->first_input ? xstrdup(cfg->first_input) : NULL;
    e->pre_running = pthread_create(&e->pre_thread, NULL, preload_run, e) == 0;
    if (!e->pre_running) {
        e->pre_want = 0;
        e->schema = parse_schema_load(e->templates);
        e->lints = lint_patterns_new();
    }
    e->paths = path_policy_new();
    bool ok = true;
    for (size_t i = 0; i < cfg->nallowed; i++)
        if (!path_policy_allow(e->paths, cfg->allowed_paths[i])) {
            diag_add(dl, DIAG_ERROR, cfg->allowed_paths[i], 0, 0, "ARS-02",
                     MSG_ALLOW_PATH_BAD, cfg->allowed_paths[i]);
            ok = false;
        }
    /* the style every document is laid out in */
    layout_style_default(&e->style);
    e->style_arena = arena_new();
    e->style_schema = xmlfile_schema_cache_new();
    char *def = path_join(e->templates, "stil/standard.xml");
    char *rng = path_join(e->templates, "schema/stil.rng");
    if (ok && !style_load(cfg->stil ? cfg->stil : def, rng, e->style_schema,
                          &e->style, e->style_arena, dl))
        ok = false;
    free(def);
    free(rng);
    preload_style(e, ok);
    if (!ok) {
        engine_free(e);
        return NULL;
    }
    return e;
}

/* The dictionary, set up on first use. It used to be read in a thread of
 * its own beside parsing (38 M instructions); from the build's tables
 * (layout_hyph.c) it takes about 1 M, less than a thread and its malloc
 * arena cost. */
static const layout_hyph *hyph_get(engine *e)
{
    bool mine = preload_claim(e, PRE_HYPH, true);
    pthread_mutex_lock(&e->lock);
    if (!e->hyph)
        e->hyph = layout_hyph_load(e->hyph_exc);
    const layout_hyph *h = e->hyph;
    pthread_mutex_unlock(&e->lock);
    if (mine)
        preload_done(e, PRE_HYPH);
    return h;
}

/* The fonts, loaded on first use; NULL (the reasons in dl) when they
 * cannot be. */
static const font_set *fonts_get(engine *e, diag_list *dl)
{
    bool mine = preload_claim(e, PRE_FONTS, true);
    pthread_mutex_lock(&e->lock);
    if (!e->fonts)
        e->fonts = fonts_load(e, dl);
    const font_set *fs = e->fonts;
    pthread_mutex_unlock(&e->lock);
    if (mine)
        preload_done(e, PRE_FONTS);
    return fs;
}

void engine_free(engine *e)
{
    if (!e)
        return;
    engine_settle(e);
    layout_hyph_free(e->hyph);
    font_set_free((font_set *)e->fonts);
    kinds_free(&e->kinds);
    xmlfile_schema_cache_free(e->style_schema);
    arena_free(e->style_arena);
    path_policy_free(e->paths);
    lint_patterns_free(e->lints);
    parse_schema_free(e->schema);
    pthread_mutex_destroy(&e->lock);
    pthread_cond_destroy(&e->pre_cond);
    pthread_mutex_destroy(&e->pre_lock);
    free(e->templates);
    free(e->fonts_path);
    free(e->hyph_exc);
    free(e->first_input);
    free(e);
}

kind_cache *engine_kinds(engine *e)
{
    return &e->kinds;
}

const layout_style *engine_style(const engine *e)
{
    return &e->style;
}

/* --- one job ---------------------------------------------------------------
 */

/* The lints run in a thread of their own beside the other checks, into a
 * list of their own appended afterwards (the order of the messages does
 * not depend on the timing). */
typedef struct {
    const doc *d;
    const lint_patterns *lp;
    diag_list *dl;
} lint_job;

static void *run_lints(void *arg)
{
    lint_job *j = arg;
    validate_lints(j->d, j->lp, j->dl);
    return NULL;
}

static void validate_all(engine *e, doc *d, const validate_kinds *vk,
                         diag_list *dl)
{
    if (preload_claim(e, PRE_LINTS, true))
        preload_make(e, PRE_LINTS);
    lint_job lj = {d, e->lints, diag_list_new(diag_list_lang(dl))};
    pthread_t t;
    bool threaded = pthread_create(&t, NULL, run_lints, &lj) == 0;
    if (!threaded)
        run_lints(&lj);
    validate_document(d, vk, dl);
    if (threaded)
        pthread_join(t, NULL);
    diag_list_take(dl, lj.dl);
    diag_list_free(lj.dl);
}

/* Errors that keep even a draft from being painted: texts longer than a
 * PDF string or link can hold (validate_limits.c). The first such rule,
 * or NULL. */
static const char *unpaintable(const diag_list *dl)
{
    static const char *const rules[] = {"LANK-01", "PDF-04"};
    for (size_t i = 0; i < diag_count(dl); i++) {
        const diag *d = diag_get(dl, i);
        for (size_t k = 0; d->severity == DIAG_ERROR && k < 2; k++)
            if (strcmp(d->rule, rules[k]) == 0)
                return rules[k];
    }
    return NULL;
}

/* The PDF's Subject: the kind and the period, "Delårsrapport
 * 2023-01-01–2023-08-31"; the undertitel when the kind is unknown; "" when
 * there is neither. In the document's arena, whole (never cut). */
static const char *pdf_subject(doc *d, const char *kind)
{
    const doc_meta *m = doc_metadata(d);
    arena *a = doc_arena(d);
    if (!kind)
        return m->undertitel ? m->undertitel : "";
    if (m->period_start && m->period_slut)
        return arena_printf(a, "%s %s\u2013%s", kind, m->period_start,
                            m->period_slut);
    if (m->period_start || m->period_slut)
        return arena_printf(a, "%s %s", kind,
                            m->period_start ? m->period_start : m->period_slut);
    return kind;
}

/* The PDF's Keywords: the nyckelord joined by ", ", or without them the
 * kind, the organisation and the nämnd. In the document's arena, whole. */
static const char *pdf_keywords(doc *d, const char *kind)
{
    const doc_meta *m = doc_metadata(d);
    arena *a = doc_arena(d);
    size_t len = 0;
    for (size_t i = 0; i < m->n_nyckelord; i++)
        len += (i ? 2 : 0) + strlen(m->nyckelord[i]);
    if (len > 0) {
        char *k = arena_alloc(a, len + 1), *o = k;
        for (size_t i = 0; i < m->n_nyckelord; i++) {
            size_t n = strlen(m->nyckelord[i]);
            if (i) {
                memcpy(o, ", ", 2);
                o += 2;
            }
            memcpy(o, m->nyckelord[i], n);
            o += n;
        }
        *o = '\0';
        return k;
    }
    return arena_printf(a, "%s%s%s%s%s", kind ? kind : "", kind ? ", " : "",
                        m->organisation ? m->organisation : "",
                        m->namnd && m->organisation ? ", " : "",
                        m->namnd ? m->namnd : "");
}

static const char *lang_tag(const char *lang)
{
    if (!lang || strcmp(lang, "sv") == 0)
        return "sv-SE";
    return lang;
}

/* The web edition of the resolved document into r->html; 0, or 2 with
 * the reasons in r->dl. Layout's style gives the colours and faces. */
static int render_html(engine *e, const engine_job *job, doc *d,
                       const resolved *res, const char *kind_name,
                       image_cache *images, engine_result *r)
{
    const layout_style *ls = &e->style;
    html_style hs = {
        .serif_family = ls->serif_family,
        .sans_family = ls->sans_family,
        .body_sans = ls->body_font == FONT_SANS,
        .heading_sans = ls->heading_font == FONT_SANS,
        .table_sans = ls->table_font == FONT_SANS,
        .heading_color = ls->heading_color,
        .text_color = ls->text_color,
        .rule_color = ls->rule_color,
        .header_fill = ls->header_fill,
        .furniture_color = ls->furniture_color,
        .n_chart_colors = ls->n_chart_colors,
        .toc_depth = ls->toc_depth,
        .logo = ls->logo,
    };
    for (int i = 0; i < 6; i++) {
        hs.chart_colors[i] = ls->chart_colors[i];
        hs.h_caps[i] = ls->h_caps[i];
        hs.h_tracking[i] = ls->h_tracking[i];
    }
    for (int i = 0; i < ls->n_list_marks && i < 4; i++)
        hs.list_marks[i] = ls->list_marks[i];
    hs.n_list_marks = ls->n_list_marks;
    if (job->draft)
        diag_sort(r->dl); /* the problems in document order, as the PDF's */
    html_options ho = {
        .style = &hs,
        .draft = job->draft,
        .problems = r->dl,
        .pdf_href = job->pdf_href,
        .description = pdf_subject(d, kind_name),
        .images = images,
        .paths = e->paths,
    };
    int st = html_render(d, res, &ho, r->dl, &r->html, &r->html_len);
    if (st != 0) {
        free(r->html);
        r->html = NULL;
        r->html_len = 0;
    }
    return st;
}

/* The painter of the PDF, started before layout so that each page is
 * painted as soon as it is laid out (issue 25); render_finish ends it.
 * NULL when the temporary file of the output cannot be made (ARS-04 in
 * r->dl). */
static pdf_painter *render_begin(const engine_job *job, doc *d,
                                 const char *kind_name, const font_set *fs,
                                 engine_result *r, int *fd_out)
{
    const doc_meta *m = doc_metadata(d);
    const char *subject = pdf_subject(d, kind_name);
    const char *keywords = pdf_keywords(d, kind_name);
    pdf_meta pm = {
        .title = m->titel,
        .author = m->namnd ? m->namnd : m->organisation,
        .subject = subject[0] ? subject : NULL,
        .keywords = keywords[0] ? keywords : NULL,
        .creator = job->creator ? job->creator : "arsrapport",
        .lang = lang_tag(doc_lang(d)),
        .date = m->datum,
        .pdfa = job->pdfa,
        .has_epoch = job->has_epoch,
        .epoch = job->epoch,
        .icc_path = job->icc_path,
    };
    const char *name = job->output ? job->output : job->input;
    int fd = -1;
    if (job->pdf_to_file && job->output) {
        char why[256];
        fd = process_tmp_open(job->output, job->lang, why, sizeof why);
        if (fd < 0) {
            diag_add(r->dl, DIAG_ERROR, name, 0, 0, "ARS-04", MSG_OUT_WRITE,
                     why);
            return NULL;
        }
        pm.to_fd = true;
        pm.out_fd = fd;
    }
    *fd_out = fd;
    return pdf_begin(fs, &pm, name, r->dl);
}

/* Ends the file (written to fd when it is not -1); 0, or 2 with the
 * reasons in r->dl. */
static int render_finish(pdf_painter *pp, layout_doc *ld, int fd,
                         engine_result *r)
{
    if (pdf_finish(pp, ld, &r->pdf, &r->pdf_len) != 0) {
        if (fd >= 0)
            close(fd); /* nothing of it is left */
        r->pdf = NULL;
        r->pdf_len = 0;
        return 2;
    }
    r->pdf_file = fd >= 0;
    r->pdf_fd = fd;
    return 0;
}

/* One run of the job. early: the schema check runs in the model's own
 * parse (parse_file_early) and the run ends there when the check finds
 * anything (*again set: the caller runs it once more without). */
static int run_job(engine *e, const engine_job *job, engine_result *r,
                   bool early, bool *again)
{
    memset(r, 0, sizeof *r);
    r->dl = diag_list_new(job->lang);
    timing_start(&r->times, e->timing);
    diag_list *dl = r->dl;
    bool lays_out =
        job->task == ENGINE_BUILD || job->task == ENGINE_DUMP_LAYOUT;
    bool schema_invalid = false;
    preload_kind(e, job);
    if (preload_claim(e, PRE_SCHEMA, true))
        preload_make(e, PRE_SCHEMA);
    parse_pending *pending = NULL;
    doc *d;
    if (early)
        d = job->data ? parse_memory_early(e->schema, job->input, job->data,
                                           job->size, dl, &pending)
                      : parse_file_early(e->schema, job->input, dl, &pending);
    else
        d = job->data ? parse_memory_partial(e->schema, job->input, job->data,
                                             job->size, dl, &schema_invalid)
                      : parse_file_partial(e->schema, job->input, dl,
                                           &schema_invalid);
    if (pending && !parse_pending_finish(pending)) {
        /* the schema's verdict is known when the parse ends: a document
         * it refuses is parsed again the sequential way, which says why,
         * before anything is checked, laid out or painted */
        *again = true;
        doc_free(d);
        d = NULL;
        timing_stage(&r->times, "parse");
        return r->status;
    }
    /* nyckeltal tables filled from their Kolada files: part of reading
     * the document, never the network (src/kolada); not for a document
     * the schema refused, whose model is only for the partial checks */
    if (d && !schema_invalid)
        kolada_expand_document(d, e->paths, dl);
    timing_stage(&r->times, "parse");
    arena *la = NULL;
    resolved *res = NULL;
    if (!d) {
        /* a file that could not be read at all is an I/O failure */
        r->status = 1;
        for (size_t i = 0; i < diag_count(dl); i++)
            if (strcmp(diag_get(dl, i)->rule, "ARS-02") == 0 ||
                strcmp(diag_get(dl, i)->rule, "ARS-08") == 0)
                r->status = 2;
        r->has_errors = true;
        goto done;
    }
    const doc_meta *m = doc_metadata(d);
    for (size_t i = 0; i < m->n_undantag; i++)
        if (m->undantag[i])
            diag_suppress(dl, m->undantag[i]);
    validate_kinds vk;
    const rule_set **all = NULL;
    pthread_mutex_lock(&e->lock);
    bool kinds_ok = kinds_for(&e->kinds, doc_type(d), m->titel, dl, &vk, &all);
    pthread_mutex_unlock(&e->lock);
    if (!kinds_ok) {
        r->status = 2; /* the rule file is broken, not the document */
        r->has_errors = true;
        goto done;
    }
    timing_stage(&r->times, "rules");
    if (schema_invalid) {
        /* the schema errors are said; the checks that can still run on
         * the rest of the document follow, so that one pass shows every
         * problem. Nothing is laid out. */
        validate_document_partial(d, &vk, dl);
        free(all);
        r->status = 1;
        r->has_errors = true;
        goto done;
    }
    /* tables whose rows come from files, before anything reads a table */
    data_fill_document(d, e->paths, dl);
    timing_stage(&r->times, "data");
    validate_all(e, d, &vk, dl);
    timing_stage(&r->times, "validate");
    /* the kind's name for the PDF's Subject ("Delårsrapport"), in the
     * document's language */
    const char *kind_name = NULL;
    if (vk.own) {
        const krav_set *ks = rule_set_krav(vk.own);
        const char *dl_lang = doc_lang(d);
        kind_name = dl_lang && strncmp(dl_lang, "en", 2) == 0 && ks->en
                        ? ks->en
                        : ks->namn;
    }
    free(all);
    /* every image checked (and decoded once) before layout: a broken one
     * is an error of `check` and keeps `build` from writing a PDF */
    image_cache *images = image_cache_new(doc_arena(d), e->paths);
    image_check_document(d, images, dl);
    timing_stage(&r->times, "images");
    r->has_errors = diag_count_severity(dl, DIAG_ERROR) > 0;
    if (job->task == ENGINE_DUMP_MODEL)
        doc_dump(d, job->dump ? job->dump : stdout);
    /* the generated text, once, for every output (resolve.h) */
    res = resolve_document(d);
    timing_stage(&r->times, "resolve");
    if (job->task == ENGINE_DUMP_RESOLVED)
        resolved_dump(res, job->dump ? job->dump : stdout);
    if (!lays_out) {
        r->status = r->has_errors ? 1 : 0;
        goto done;
    }
    if (r->has_errors && !job->draft && job->task == ENGINE_BUILD) {
        r->status = 1;
        goto done;
    }
    unsigned outs = job->outputs ? job->outputs : ENGINE_OUT_PDF;
    if (job->task == ENGINE_BUILD && !(outs & ENGINE_OUT_PDF)) {
        /* the web edition alone: no fonts, no layout */
        r->status = render_html(e, job, d, res, kind_name, images, r);
        timing_stage(&r->times, "html");
        if (r->status == 0)
            r->status = r->has_errors ? 1 : 0;
        goto done;
    }
    const char *cannot = job->task == ENGINE_BUILD ? unpaintable(dl) : NULL;
    if (cannot) {
        /* a draft too: libharu would fail on them (PDF-01) */
        diag *x = diag_add(dl, DIAG_ERROR, job->input, 0, 0, "ARS-09",
                           MSG_DRAFT_UNPAINTABLE, cannot);
        diag_hint(dl, x, MSG_DRAFT_UNPAINTABLE_HINT);
        r->status = 1;
        goto done;
    }
    const font_set *fs = fonts_get(e, dl);
    if (!fs) {
        r->status = 2;
        goto done;
    }
    layout_style st = e->style;
    st.draft = job->draft;
    st.hyph = hyph_get(e);
    st.images = images;
    st.resolved = res;
    /* nothing reads the model after layout without a web edition: its
     * parts go as their pages are painted (issue 25) */
    st.release_parts = job->task == ENGINE_BUILD && !(outs & ENGINE_OUT_HTML);
    la = arena_new();
    timing_stage(&r->times, "fonts");
    /* a build streams its pages to the painter; a dump needs them all */
    pdf_painter *pp = NULL;
    int fd = -1;
    if (job->task != ENGINE_DUMP_LAYOUT) {
        pp = render_begin(job, d, kind_name, fs, r, &fd);
        if (!pp) {
            r->status = 2; /* the output cannot be written */
            goto done;
        }
    }
    layout_sink sink;
    if (pp)
        sink = pdf_sink(pp);
    layout_doc *ld =
        layout_document_stream(d, fs, &st, la, dl, pp ? &sink : NULL);
    timing_stage(&r->times, "layout");
    r->npages = ld->npages;
    r->stats = ld->stats;
    if (job->task == ENGINE_DUMP_LAYOUT) {
        layout_dump(ld, job->dump ? job->dump : stdout);
        r->status = r->has_errors && !job->draft ? 1 : 0;
        goto done;
    }
    if (!(outs & ENGINE_OUT_HTML)) {
        /* Nothing after layout reads the model or the resolved text when
         * no web edition follows: the painter and layout's arena hold
         * copies of what the end of the file needs (meta, links' targets,
         * outline titles, alt texts), and the images are in libharu's
         * objects. Freed before the save, the PDF stage's peak (issue
         * 25) is without them. */
        resolved_free(res);
        res = NULL;
        doc_free(d);
        d = NULL;
        heap_give_back(); /* not counted again by what follows */
    }
    r->status = render_finish(pp, ld, fd, r);
    timing_stage(&r->times, "pdf");
    if (r->status == 0 && (outs & ENGINE_OUT_HTML)) {
        r->status = render_html(e, job, d, res, kind_name, images, r);
        timing_stage(&r->times, "html");
    }
    if (r->status == 0)
        r->status = r->has_errors ? 1 : 0;
done:
    arena_free(la);
    resolved_free(res);
    doc_free(d);
    timing_stage(&r->times, "free");
    return r->status;
}

int engine_run(engine *e, const engine_job *job, engine_result *r)
{
    /* The schema check runs in the same parse as the model is built,
     * element by element, without libxml2's whole tree: nearly every
     * document follows the schema. One that does not is parsed again the
     * sequential way, which reports it exactly as before. Not for the
     * dumps, which write while they run. */
    bool again = false;
    if (job->task == ENGINE_CHECK || job->task == ENGINE_BUILD) {
        int st = run_job(e, job, r, true, &again);
        if (!again)
            return st;
        engine_result_free(r);
    }
    return run_job(e, job, r, false, &again);
}

void engine_result_free(engine_result *r)
{
    diag_list_free(r->dl);
    free(r->pdf);
    free(r->html);
    if (r->pdf_file)
        close(r->pdf_fd);
    memset(r, 0, sizeof *r);
}
