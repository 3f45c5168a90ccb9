/*
 * bench_data.c: what reading a CSV file into a table costs (issue 22: a
 * 100 000-row CSV under a tenth of a second). Not a test: `make
 * bench-data` builds it, tests/bench/bench_data.sh makes the file and
 * prints the figures.
 *
 *   bench_data FILE.csv [RUNS]
 *
 * Each run makes a document holding one tabell data="FILE.csv" of four
 * columns (text, two amounts from the file, one computed), fills it with
 * data_fill_document (read the file, detect the encoding, split it with
 * libcsv, read every figure strictly, make the rows in the model) and
 * frees it. Prints the rows made and the least CPU time of the runs
 * (CLOCK_PROCESS_CPUTIME_ID: the machine's other load does not count) and
 * the least wall time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "../../src/data/data.h"

static double seconds(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* User and system CPU seconds so far. */
static void cpu_split(double *user, double *sys)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
    *sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static doc_node *column(doc *d, doc_node *t, const char *typ, const char *id,
                        const char *fran, const char *formel)
{
    doc_node *c = doc_node_new(d, DOC_COLUMN, 1, 1);
    doc_node_set_attr(d, c, "typ", typ);
    if (id)
        doc_node_set_attr(d, c, "id", id);
    if (fran)
        doc_node_set_attr(d, c, "fran", fran);
    if (formel)
        doc_node_set_attr(d, c, "formel", formel);
    doc_node_append_child(t, c);
    return c;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_data FILE.csv [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    /* the document sits beside the file, which it names by its name (a
     * document may only read files in its own folder) */
    char docpath[4096];
    const char *slash = strrchr(argv[1], '/');
    const char *name = slash ? slash + 1 : argv[1];
    snprintf(docpath, sizeof docpath, "%.*sbench.xml",
             slash ? (int)(slash - argv[1] + 1) : 0, argv[1]);
    double best_cpu = 1e9, best_wall = 1e9, best_user = 1e9, best_sys = 1e9;
    size_t rows = 0, ndiag = 0;
    for (int i = 0; i < runs; i++) {
        doc *d = doc_new(docpath);
        doc_node *t = doc_node_new(d, DOC_TABLE, 1, 1);
        doc_node_append_child(doc_root(d), t);
        doc_node_set_attr(d, t, "data", name);
        column(d, t, "text", NULL, "Verksamhet", NULL);
        column(d, t, "belopp", "budget", "Budget", NULL);
        column(d, t, "belopp", "utfall", "Utfall", NULL);
        column(d, t, "belopp", "avv", NULL, "utfall - budget");
        diag_list *dl = diag_list_new(LANG_SV);
        double c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
        double w0 = seconds(CLOCK_MONOTONIC);
        double u0, s0, u1, s1;
        cpu_split(&u0, &s0);
        data_fill_document(d, NULL, dl);
        cpu_split(&u1, &s1);
        if (u1 - u0 < best_user)
            best_user = u1 - u0;
        if (s1 - s0 < best_sys)
            best_sys = s1 - s0;
        double cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
        double wall = seconds(CLOCK_MONOTONIC) - w0;
        if (cpu < best_cpu)
            best_cpu = cpu;
        if (wall < best_wall)
            best_wall = wall;
        rows = 0;
        for (doc_node *n = doc_node_first_child(t); n; n = doc_node_next(n))
            rows += doc_node_kind(n) == DOC_ROW;
        ndiag = diag_count(dl);
        for (size_t k = 0; k < ndiag && k < 3; k++)
            fprintf(stderr, "%s:%u: %s\n", diag_get(dl, k)->file,
                    (unsigned)diag_get(dl, k)->line, diag_get(dl, k)->message);
        diag_list_free(dl);
        doc_free(d);
    }
    if (ndiag)
        fprintf(stderr,
                "bench_data: %zu messages (the file is not as the "
                "benchmark expects)\n",
                ndiag);
    printf("data: %zu rows, %zu messages; least of %d runs: %.4f s CPU "
           "(user %.4f s, system %.4f s), %.4f s wall\n",
           rows, ndiag, runs, best_cpu, best_user, best_sys, best_wall);
    return rows > 0 && ndiag == 0 ? 0 : 1;
}
