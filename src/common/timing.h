/*
 * timing.h: wall-clock time per pipeline stage, for the benchmark.
 *
 * With ARSRAPPORT_TIDER set in the environment, every timing_stage() call
 * adds the time since the previous call to the named stage; timing_report()
 * prints the totals to standard error, one line per stage. Without the
 * variable the calls cost a branch.
 */
#ifndef ARSRAPPORT_TIMING_H
#define ARSRAPPORT_TIMING_H

/* Starts the clock (reads ARSRAPPORT_TIDER once). */
void timing_start(void);
/* Charges the time since the previous mark to stage (a static string). */
void timing_stage(const char *stage);
/* Prints "tid <stage> <seconds> s <faults> sidfel" per stage to stderr
 * when enabled. */
void timing_report(void);

#endif
