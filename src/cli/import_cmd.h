/*
 * import_cmd.h: `arsrapport import FIL.docx|FIL.odt|FIL.md… [-o FIL.xml]
 * [--typ TYP]` on the command line's side: where the output goes, the
 * images beside it, and writing all of it or nothing.
 */
#ifndef ARSRAPPORT_IMPORT_CMD_H
#define ARSRAPPORT_IMPORT_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/diag.h"

typedef struct {
    const char *const *inputs;
    size_t ninputs;
    const char *output;    /* -o, or NULL: the first input's name, .xml */
    const char *typ;       /* --typ, or NULL */
    const char *templates; /* the templates folder */
    const char *const *mallar;
    size_t nmallar;
    msg_lang lang;
} import_cmd;

/* Runs the import; diagnostics go to dl (the caller prints them), the
 * closing line to stdout. Returns the exit status. */
int cmd_import(const import_cmd *c, diag_list *dl);

#endif
