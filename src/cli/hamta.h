/*
 * hamta.h: `arsrapport hamta kolada …`, the one command that uses the
 * network (it writes a Kolada file that builds then read offline).
 */
#ifndef ARSRAPPORT_HAMTA_H
#define ARSRAPPORT_HAMTA_H

#include "../common/diag.h"

/* Runs `hamta` with the words after it (argv[0] is the source, "kolada").
 * Returns the exit status: 0 when the file was written (then *done is the
 * line to print, valid until the next call), 2 for a usage error or a
 * fetch that failed, the reasons in dl. */
int cli_hamta(int argc, char **argv, msg_lang lang, diag_list *dl,
              const char **done);

#endif
