/*
 * test_engine.c: the engine keeps no state between jobs (issue 19). Two
 * different documents built by one engine, one after the other and at the
 * same time in two threads, give byte for byte the PDFs and diagnostics
 * that two separate processes give, each with an engine of its own.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/engine/engine.h"
#include "fixture.h"
#include "harness.h"

/* A real delårsrapport (tables, sums, images, warnings) and the basic
 * example: the two differ in every stage. */
static const char *const DOCS[2] = {
    "input/delarsrapport-2023-osteraker.xml",
    "examples/grundlaggande.xml",
};

typedef struct {
    unsigned char *pdf;
    size_t len;
    char *diags; /* "rule line:col message" per diagnostic */
    int status;
} outcome;

static char *diag_text(diag_list *dl)
{
    sbuf b = {0};
    sbuf_put(&b, "");
    diag_sort(dl);
    for (size_t i = 0; i < diag_count(dl); i++) {
        const diag *d = diag_get(dl, i);
        char line[2400];
        snprintf(line, sizeof line, "%s %u:%u %s (%s)\n", d->rule,
                 (unsigned)d->line, (unsigned)d->col, d->message,
                 d->hint ? d->hint : "");
        sbuf_put(&b, line);
    }
    return b.s;
}

static void run_one(engine *e, const char *path, outcome *o)
{
    engine_job job = {.task = ENGINE_BUILD,
                      .input = path,
                      .lang = LANG_SV,
                      .draft = true,
                      .creator = "test"};
    engine_result r;
    o->status = engine_run(e, &job, &r);
    o->pdf = r.pdf;
    o->len = r.pdf_len;
    r.pdf = NULL;
    o->diags = diag_text(r.dl);
    engine_result_free(&r);
}

/* An engine; lays_out: the fonts and dictionary made on its start-up
 * thread (engine_config.lays_out) rather than by the first layout. */
static engine *new_engine(bool lays_out)
{
    const char *home = getenv("ARSRAPPORT_HOME");
    engine_config cfg = {.home = home ? home : ".", .lays_out = lays_out};
    diag_list *dl = diag_list_new(LANG_SV);
    engine *e = engine_new(&cfg, dl);
    diag_list_free(dl);
    return e;
}

static char *home_path(const char *rel)
{
    const char *home = getenv("ARSRAPPORT_HOME");
    size_t n = strlen(home ? home : ".") + strlen(rel) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", home ? home : ".", rel);
    return p;
}

/* The bytes of a file under ARSRAPPORT_HOME, NUL-terminated, with room
 * for `extra` more bytes (malloc'd, caller frees); NULL when it cannot
 * be read. Its path (malloc'd) goes to *path. */
static char *read_home(const char *rel, size_t extra, char **path, size_t *n)
{
    *path = home_path(rel);
    FILE *f = fopen(*path, "rb");
    if (!f)
        return NULL;
    char *data = calloc(1, (1 << 20) + extra + 1);
    *n = fread(data, 1, 1 << 20, f);
    fclose(f);
    return data;
}

/* The document built in a process of its own, with an engine of its own:
 * the child writes status, PDF and diagnostics into a pipe. */
static void run_in_child(const char *path, outcome *o)
{
    memset(o, 0, sizeof *o);
    int fd[2];
    if (pipe(fd) != 0)
        return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        engine *e = new_engine(false);
        outcome c = {0};
        if (e)
            run_one(e, path, &c);
        size_t dlen = c.diags ? strlen(c.diags) : 0;
        size_t head[3] = {(size_t)c.status, c.len, dlen};
        FILE *f = fdopen(fd[1], "wb");
        fwrite(head, sizeof head, 1, f);
        if (c.len)
            fwrite(c.pdf, 1, c.len, f);
        if (dlen)
            fwrite(c.diags, 1, dlen, f);
        fclose(f);
        _exit(0);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "rb");
    size_t head[3] = {0, 0, 0};
    if (fread(head, sizeof head, 1, f) == 1) {
        o->status = (int)head[0];
        o->len = head[1];
        o->pdf = malloc(head[1] + 1);
        o->diags = calloc(head[2] + 1, 1);
        if (fread(o->pdf, 1, head[1], f) != head[1] ||
            fread(o->diags, 1, head[2], f) != head[2])
            o->len = 0;
    }
    fclose(f);
    int st;
    waitpid(pid, &st, 0);
}

static void outcome_free(outcome *o)
{
    free(o->pdf);
    free(o->diags);
}

static bool same(const outcome *a, const outcome *b)
{
    return a->status == b->status && a->len == b->len && a->len > 0 &&
           memcmp(a->pdf, b->pdf, a->len) == 0 && a->diags && b->diags &&
           strcmp(a->diags, b->diags) == 0;
}

typedef struct {
    engine *e;
    const char *path;
    outcome o;
} thread_job;

static void *thread_main(void *arg)
{
    thread_job *j = arg;
    run_one(j->e, j->path, &j->o);
    return NULL;
}

/* Builds the two documents at the same time in two threads on e (in the
 * other order when swapped) and compares each with what it gave alone. */
static void run_pair(engine *e, char *const paths[2], const outcome alone[2],
                     bool swapped, int round)
{
    thread_job tj[2];
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        int k = swapped ? 1 - i : i;
        tj[i] = (thread_job){e, paths[k], {0}};
        CHECK(pthread_create(&t[i], NULL, thread_main, &tj[i]) == 0);
    }
    for (int i = 0; i < 2; i++) {
        int k = swapped ? 1 - i : i;
        pthread_join(t[i], NULL);
        if (!same(&tj[i].o, &alone[k]))
            fprintf(stderr,
                    "  threaded round %d, %s differs (status %d/%d, "
                    "%zu/%zu bytes, diagnostics %s)\n",
                    round, DOCS[k], tj[i].o.status, alone[k].status,
                    tj[i].o.len, alone[k].len,
                    tj[i].o.diags && alone[k].diags &&
                            strcmp(tj[i].o.diags, alone[k].diags) == 0
                        ? "same"
                        : "differ");
        CHECK(same(&tj[i].o, &alone[k]));
        outcome_free(&tj[i].o);
    }
}

TEST(test_engine_two_documents_one_process)
{
    char *paths[2] = {home_path(DOCS[0]), home_path(DOCS[1])};
    outcome alone[2];
    for (int i = 0; i < 2; i++)
        run_in_child(paths[i], &alone[i]);
    CHECK(alone[0].len > 1000 && alone[1].len > 1000);
    CHECK(alone[0].len != alone[1].len);
    /* a diagnostic in the first, none in the second: a warning given once
     * per process would be lost on the second document */
    CHECK(alone[0].diags && alone[0].diags[0]);

    engine *e = new_engine(false);
    CHECK(e != NULL);
    if (!e)
        return;
    /* one after the other, twice over: the second round sees what the
     * first left behind (caches, kinds, fonts, the dictionary) */
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 2; i++) {
            outcome o;
            run_one(e, paths[i], &o);
            if (!same(&o, &alone[i]))
                fprintf(stderr, "  sequential round %d, %s differs\n", round,
                        DOCS[i]);
            CHECK(same(&o, &alone[i]));
            outcome_free(&o);
        }
    /* at the same time, in two threads, on the same engine */
    for (int round = 0; round < 3; round++)
        run_pair(e, paths, alone, false, round);
    engine_free(e);
    /* a fresh engine in two threads at once from its very first job: the
     * lazily read kinds, fonts and dictionary are raced for */
    e = new_engine(false);
    run_pair(e, paths, alone, true, 0);
    engine_free(e);
    /* the same with the fonts and the dictionary made on the engine's
     * start-up thread beside the two jobs, which wait for them */
    e = new_engine(true);
    run_pair(e, paths, alone, false, 1);
    engine_free(e);
    for (int i = 0; i < 2; i++) {
        outcome_free(&alone[i]);
        free(paths[i]);
    }
}

/* Fonts the start-up thread cannot load: the first job that lays out
 * says why, in its own language, as a job of an engine without the
 * thread does. A broken style ends engine_new with the thread waiting
 * for it. */
TEST(test_engine_preload_failures)
{
    const char *home = getenv("ARSRAPPORT_HOME");
    char *path = home_path("examples/grundlaggande.xml");
    char *texts[2] = {NULL, NULL};
    int status[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        engine_config cfg = {.home = home ? home : ".",
                             .fonts = "/nonexistent/fonts.txt",
                             .lays_out = k == 1};
        diag_list *dl = diag_list_new(LANG_EN);
        engine *e = engine_new(&cfg, dl);
        diag_list_free(dl);
        CHECK(e != NULL);
        if (!e)
            continue;
        engine_job job = {.task = ENGINE_BUILD,
                          .input = path,
                          .lang = LANG_EN,
                          .draft = true,
                          .creator = "test"};
        engine_result r;
        status[k] = engine_run(e, &job, &r);
        texts[k] = diag_text(r.dl);
        engine_result_free(&r);
        engine_free(e);
    }
    CHECK_INT(status[0], 2);
    CHECK_INT(status[1], 2);
    CHECK(texts[0] && strstr(texts[0], "ARS-10") != NULL);
    CHECK(texts[0] && texts[1] && strcmp(texts[0], texts[1]) == 0);
    free(texts[0]);
    free(texts[1]);
    free(path);

    engine_config bad = {.home = home ? home : ".",
                         .stil = "/nonexistent/stil.xml",
                         .lays_out = true};
    diag_list *dl = diag_list_new(LANG_SV);
    engine *e = engine_new(&bad, dl);
    CHECK(e == NULL);
    CHECK(diag_count_severity(dl, DIAG_ERROR) > 0);
    engine_free(e);
    diag_list_free(dl);
}

/* The kind a document's first bytes name, guessed for reading its rules
 * ahead (kindcache.h): only the typ attribute of a <rapport> start tag,
 * only a known kind. */
TEST(test_engine_kind_guess)
{
    char *templates = home_path("templates");
    kind_cache kc;
    kinds_init(&kc, templates, NULL, 0);
    int dr = kinds_index(&kc, "delarsrapport");
    int vp = kinds_index(&kc, "verksamhetsplan");
    CHECK(dr >= 0 && vp >= 0 && dr != vp);
    static const struct {
        const char *head;
        int which; /* 1: delarsrapport, 2: verksamhetsplan, 0: none */
    } cases[] = {
        {"<?xml version=\"1.0\"?>\n<rapport xmlns=\"urn:arsrapport:1\" "
         "typ=\"delarsrapport\" xml:lang=\"sv\">",
         1},
        {"<rapport\n  typ = 'verksamhetsplan'>", 2},
        {"<rapport xml:lang=\"sv\"\ttyp=\"verksamhetsplan\"/>", 2},
        {"<rapport typ=\"okand\">", 0},           /* not a kind */
        {"<rapporter typ=\"delarsrapport\">", 0}, /* another element */
        {"<rapport xtyp=\"delarsrapport\">", 0},  /* another attribute */
        {"<rapport> typ=\"delarsrapport\"", 0},   /* after the tag */
        {"<rapport typ=\"delarsrapport", 0},      /* cut off */
        {"<rapport typ=delarsrapport>", 0},       /* not quoted */
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int want = cases[i].which == 1 ? dr : cases[i].which == 2 ? vp : -1;
        int got = kinds_guess(&kc, cases[i].head, strlen(cases[i].head));
        if (got != want)
            fprintf(stderr, "  case %zu: %d, expected %d\n", i, got, want);
        CHECK_INT(got, want);
    }
    kinds_free(&kc);
    free(templates);
}

/* A wrong guess costs only time: a document whose comment names another
 * kind before its root builds as it does on an engine that guesses
 * nothing (its rules come from the parsed document). */
TEST(test_engine_kind_guess_wrong)
{
    static const char lure[] = "<!-- <rapport typ=\"verksamhetsplan\"> -->\n";
    const size_t ln = strlen(lure);
    char *path;
    size_t n = 0;
    char *data = read_home("examples/grundlaggande.xml", ln, &path, &n);
    CHECK(data != NULL);
    if (!data) {
        free(path);
        return;
    }
    /* the XML declaration must stay first: the lure goes after it */
    char *decl_end = strstr(data, "?>");
    CHECK(decl_end != NULL);
    if (decl_end) {
        char *rest = decl_end + 2;
        memmove(rest + ln, rest, (size_t)(data + n - rest));
        memcpy(rest, lure, ln);
        n += ln;
    }
    char *texts[2] = {NULL, NULL};
    size_t lens[2] = {0, 0};
    unsigned char *pdfs[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        engine *e = new_engine(k == 1);
        CHECK(e != NULL);
        if (!e)
            continue;
        engine_job job = {.task = ENGINE_BUILD,
                          .input = path,
                          .data = data,
                          .size = n,
                          .lang = LANG_SV,
                          .draft = true,
                          .creator = "test"};
        engine_result r;
        engine_run(e, &job, &r);
        texts[k] = diag_text(r.dl);
        pdfs[k] = r.pdf;
        lens[k] = r.pdf_len;
        r.pdf = NULL;
        engine_result_free(&r);
        engine_free(e);
    }
    CHECK(lens[0] > 1000);
    CHECK(lens[0] == lens[1] && pdfs[0] && pdfs[1] &&
          memcmp(pdfs[0], pdfs[1], lens[0]) == 0);
    CHECK(texts[0] && texts[1] && strcmp(texts[0], texts[1]) == 0);
    for (int k = 0; k < 2; k++) {
        free(texts[k]);
        free(pdfs[k]);
    }
    free(data);
    free(path);
}

typedef struct {
    engine *e;
    const char *path, *data;
    size_t size;
    char *diags;
} check_job;

static void *check_main(void *arg)
{
    check_job *j = arg;
    engine_job job = {.task = ENGINE_CHECK,
                      .input = j->path,
                      .data = j->data,
                      .size = j->size,
                      .lang = LANG_SV};
    engine_result r;
    engine_run(j->e, &job, &r);
    j->diags = diag_text(r.dl);
    engine_result_free(&r);
    return NULL;
}

/* The schema's suggestions ("menade du <stycke>?") are made when the
 * first document that does not follow the schema needs them (parse.c):
 * two such documents checked at once on a fresh engine get the same
 * messages as one checked alone. */
TEST(test_engine_schema_hints_made_once)
{
    char *path;
    size_t n = 0;
    char *data = read_home("examples/grundlaggande.xml", 0, &path, &n);
    CHECK(data != NULL);
    if (!data) {
        free(path);
        return;
    }
    /* <stycke> misspelt as <styke> (same length less one) */
    char *open = strstr(data, "<stycke>"),
         *close = open ? strstr(open, "</stycke>") : NULL;
    CHECK(open && close);
    if (open && close) {
        memmove(open + 4, open + 5, (size_t)(data + n - (open + 5)) + 1);
        n--;
        close = strstr(open, "</stycke>");
        memmove(close + 5, close + 6, (size_t)(data + n - (close + 6)) + 1);
        n--;
    }
    check_job alone = {new_engine(false), path, data, n, NULL};
    check_main(&alone);
    engine_free(alone.e);
    CHECK(alone.diags && strstr(alone.diags, "XML-05") &&
          strstr(alone.diags, "<stycke>"));
    engine *e = new_engine(false);
    check_job both[2] = {{e, path, data, n, NULL}, {e, path, data, n, NULL}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, check_main, &both[i]) == 0);
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
        CHECK(alone.diags && both[i].diags &&
              strcmp(alone.diags, both[i].diags) == 0);
        free(both[i].diags);
    }
    engine_free(e);
    free(alone.diags);
    free(data);
    free(path);
}
