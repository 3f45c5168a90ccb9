/*
 * timing.h: wall-clock time per pipeline stage, for the benchmark.
 *
 * A timing object belongs to one job (the engine makes it). When enabled
 * (the engine enables it when ARSRAPPORT_TIDER is set), every
 * timing_stage() call adds the time since the previous call to the named
 * stage; timing_report() prints the totals, one line per stage. Disabled,
 * the calls cost a branch. Not shared between threads.
 */
#ifndef ARSRAPPORT_TIMING_H
#define ARSRAPPORT_TIMING_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#define TIMING_MAX_STAGES 32

typedef struct {
    const char *name;
    double seconds;
    long faults;
} timing_stage_total;

typedef struct {
    bool enabled;
    struct timespec last;
    long last_faults;
    timing_stage_total stages[TIMING_MAX_STAGES];
    int nstages;
} timing;

/* Starts the clock of t (all zero when not enabled). */
void timing_start(timing *t, bool enabled);
/* Charges the time since the previous mark to stage (a static string). */
void timing_stage(timing *t, const char *stage);
/* Prints "tid <stage> <seconds> s <faults> sidfel" per stage to f when
 * enabled. */
void timing_report(const timing *t, FILE *f);

#endif
