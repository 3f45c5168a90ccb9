/*
 * xmlfile.h: reading the project's own small XML files (rule files,
 * style files) the way documents are read: a size limit, errors as
 * diagnostics at the file's line and column, RelaxNG schemas compiled
 * from memory. Shared by parse_krav.c and src/style; both parse with no
 * network and refuse a DOCTYPE themselves.
 */
#ifndef ARSRAPPORT_XMLFILE_H
#define ARSRAPPORT_XMLFILE_H

#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdbool.h>
#include <stddef.h>

#include "../common/arena.h"
#include "../common/diag.h"

/* Where libxml2's errors go: at most 20 errors to dl, each as rule with
 * message key (one %s: libxml2's text) at path:line:col. */
typedef struct {
    diag_list *dl;
    const char *path;
    const char *rule; /* rule id for the current phase */
    msg_key key;
    int errors;
} xmlfile_err;

/* A structured error handler (xmlStructuredErrorFunc) for an
 * xmlfile_err context; warnings are dropped. */
void xmlfile_on_error(void *ctx, xmlErrorPtr e);

/* The whole file, NUL-terminated (free it), its length in *size; NULL,
 * after an error rule at path (MSG_FILE_OPEN, MSG_FILE_TOO_BIG), when it
 * cannot be read or is larger than max bytes. */
char *xmlfile_read(const char *path, size_t max, const char *rule, size_t *size,
                   diag_list *dl);

/* The RelaxNG schema at schema_path, compiled; NULL after errors through
 * k (k->path is set to schema_path). */
xmlRelaxNGPtr xmlfile_schema(const char *schema_path, size_t max,
                             xmlfile_err *k);

/* Whether n is the element name in namespace ns. */
bool xmlfile_is_el(const xmlNode *n, const char *ns, const char *name);

/* The attribute's value copied into a, or NULL. */
const char *xmlfile_attr(arena *a, const xmlNode *n, const char *name);

#endif
