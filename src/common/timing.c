/*
 * timing.c: see timing.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "timing.h"

#include <string.h>
#include <sys/resource.h>

static double since_last(timing *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double s = (double)(now.tv_sec - t->last.tv_sec) +
               (double)(now.tv_nsec - t->last.tv_nsec) / 1e9;
    t->last = now;
    return s;
}

static long faults_since_last(timing *t)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long f = ru.ru_minflt - t->last_faults;
    t->last_faults = ru.ru_minflt;
    return f;
}

void timing_start(timing *t, bool enabled)
{
    memset(t, 0, sizeof *t);
    t->enabled = enabled;
    if (enabled) {
        since_last(t);
        faults_since_last(t);
    }
}

void timing_stage(timing *t, const char *stage)
{
    if (!t || !t->enabled)
        return;
    double s = since_last(t);
    long f = faults_since_last(t);
    for (int i = 0; i < t->nstages; i++)
        if (strcmp(t->stages[i].name, stage) == 0) {
            t->stages[i].seconds += s;
            t->stages[i].faults += f;
            return;
        }
    if (t->nstages < TIMING_MAX_STAGES)
        t->stages[t->nstages++] = (timing_stage_total){stage, s, f};
}

void timing_report(const timing *t, FILE *f)
{
    if (!t->enabled)
        return;
    for (int i = 0; i < t->nstages; i++)
        fprintf(f, "tid %-10s %.4f s %6ld sidfel\n", t->stages[i].name,
                t->stages[i].seconds, t->stages[i].faults);
}
