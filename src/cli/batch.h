/* batch.h: several documents at once, one process per document. */
#ifndef ARSRAPPORT_BATCH_H
#define ARSRAPPORT_BATCH_H

#include <stdbool.h>

#include "../common/msg.h"

/* Runs one document (index into the inputs) and returns its exit status;
 * whatever it prints on stdout and stderr belongs to that document. */
typedef int (*batch_job_fn)(void *ctx, int index);

/* The number of processors online, at least 1: the default of -j. */
int batch_default_jobs(void);

/* Runs job(ctx, i) for i = 0 .. n-1 in up to njobs child processes at a
 * time. Each child's stdout and stderr go to temporary files that the
 * parent copies out in input order, so the output of one document is never
 * mixed with another's and is the same as a serial run's. When progress is
 * true (stderr is a terminal) a "[k/n] FILE" line shows how far the run
 * has come. Returns the worst exit status of all documents; a child that
 * dies by a signal counts as 2. Without fork (or njobs < 2, or one input)
 * the jobs run in this process one after the other. */
int batch_run(int njobs, int n, const char *const *names, batch_job_fn job,
              void *ctx, bool progress, msg_lang lang);

#endif
