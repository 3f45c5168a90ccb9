/*
 * hamta.h: `arsrapport hamta kolada …`, the one command that uses the
 * network (it writes a Kolada file that builds then read offline).
 */
#ifndef ARSRAPPORT_HAMTA_H
#define ARSRAPPORT_HAMTA_H

#include <stddef.h>

#include "../common/diag.h"

/* Runs `hamta` with the words after it (argv[0] is the source, "kolada").
 * Returns the exit status: 0 when the file was written (then done, of
 * donelen bytes, holds the line to print), 2 for a usage error, a fetch
 * that failed or a file that could not be written, the reasons in dl. */
int cli_hamta(int argc, char **argv, msg_lang lang, diag_list *dl, char *done,
              size_t donelen);

#endif
