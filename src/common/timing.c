/*
 * timing.c: see timing.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "timing.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_STAGES 32

static bool enabled;
static struct timespec last;
static long last_faults;
typedef struct {
    const char *name;
    double seconds;
    long faults;
} stage_time;
static stage_time stages[MAX_STAGES];
static int nstages;

static double since_last(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double s = (double)(now.tv_sec - last.tv_sec) +
               (double)(now.tv_nsec - last.tv_nsec) / 1e9;
    last = now;
    return s;
}

static long faults_since_last(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long f = ru.ru_minflt - last_faults;
    last_faults = ru.ru_minflt;
    return f;
}

void timing_start(void)
{
    const char *e = getenv("ARSRAPPORT_TIDER");
    enabled = e && *e && strcmp(e, "0") != 0;
    if (enabled) {
        since_last();
        faults_since_last();
    }
}

void timing_stage(const char *stage)
{
    if (!enabled)
        return;
    double s = since_last();
    long f = faults_since_last();
    for (int i = 0; i < nstages; i++)
        if (strcmp(stages[i].name, stage) == 0) {
            stages[i].seconds += s;
            stages[i].faults += f;
            return;
        }
    if (nstages < MAX_STAGES)
        stages[nstages++] = (stage_time){stage, s, f};
}

void timing_report(void)
{
    if (!enabled)
        return;
    for (int i = 0; i < nstages; i++)
        fprintf(stderr, "tid %-10s %.4f s %6ld sidfel\n", stages[i].name,
                stages[i].seconds, stages[i].faults);
}
