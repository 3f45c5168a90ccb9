/*
 * process.h: what belongs to the process, not to a document or an engine:
 * writing an output file so that it is never seen half-written (a
 * temporary file beside it, renamed when complete), removing that
 * temporary file when the process is stopped by SIGINT or SIGTERM or runs
 * out of memory, and what the out-of-memory message names (die_oom in
 * common/arena.h ends the process from any allocation).
 *
 * One process writes one file at a time: the command line builds one
 * document per process (batch mode forks a process per document).
 */
#ifndef ARSRAPPORT_PROCESS_H
#define ARSRAPPORT_PROCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/msg.h"

/* Installs the SIGINT/SIGTERM handler that removes a temporary output
 * file before the process ends with that signal. */
void process_remove_tmp_on_signals(void);

/* What an out-of-memory message names from now on: file (NULL: the
 * program) in lang. */
void process_oom_context(const char *file, msg_lang lang);

/* Writes len bytes of data to target: to a temporary file in target's
 * folder, synced and renamed over target, so that target is either the
 * old file or the whole new one. A target that exists and is not a
 * regular file (/dev/full, a FIFO), or a name in /dev or /proc that leads
 * to one (/dev/stdout redirected to a file), is written directly. Returns 0, or
 * -1 with why (whylen bytes) saying why in lang. */
int process_write_file(const char *target, const unsigned char *data,
                       size_t len, msg_lang lang, char *why, size_t whylen);

/* A temporary file for target that no name leads to until
 * process_tmp_commit (O_TMPFILE in target's folder, or a file there
 * unlinked at once; for a target written in place, one that exists and
 * is not a regular file or a name in /dev or /proc, in $TMPDIR): nothing of it
 * is left if the process ends first. Returns its descriptor (for reading and
 * writing), or -1 with why in lang. */
int process_tmp_open(const char *target, msg_lang lang, char *why,
                     size_t whylen);

/* Makes the file of fd (process_tmp_open) target, as process_write_file
 * does its bytes: synced, linked (or copied) under a temporary name
 * beside target and renamed over it; a target that is not a regular file,
 * or a name in /dev or /proc, is written directly. Closes fd. Returns 0, or -1
 * with why in lang and target as it was. */
int process_tmp_commit(int fd, const char *target, msg_lang lang, char *why,
                       size_t whylen);

/* SOURCE_DATE_EPOCH (reproducible-builds.org/specs/source-date-epoch): a
 * decimal count of seconds since 1970 that replaces the date of what is
 * written. True with *epoch when it is set and valid. */
bool process_source_date_epoch(long long *epoch);

#endif
