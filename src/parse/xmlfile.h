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
    /* places the schema hints named already (schema_hints.h): libxml2's
     * errors there are dropped */
    const struct schema_hint_found_s *hinted;
    size_t nhinted;
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

/* A schema compiled on first use and kept while the same path is asked
 * for (one run reads several rule files); see parse.h. */
typedef struct xmlfile_schema_cache xmlfile_schema_cache;
struct xmlfile_schema_cache {
    xmlRelaxNGPtr schema;
    struct schema_hints *hints; /* the schema's names, for suggestions */
    char *path;
};
xmlfile_schema_cache *xmlfile_schema_cache_new(void);
void xmlfile_schema_cache_free(xmlfile_schema_cache *c);

/* One kind of the project's XML files: its size limit, the rule ids and
 * messages of its two kinds of failure, and its name among the shipped
 * files (shipped.h; NULL: none is taken as checked). */
typedef struct {
    size_t max;
    const char *read_rule;   /* cannot be read, not XML, a DOCTYPE */
    const char *schema_rule; /* not valid against the schema */
    msg_key not_xml, doctype, not_valid;
    const char *shipped;
} xmlfile_kind;

/* A file read and validated: the tree and the bytes it came from (for
 * columns, which libxml2 does not give). */
typedef struct {
    xmlDocPtr doc;
    char *buf;
    size_t size;
} xmlfile;

/* Reads path as the documents are read (the size limit, no network, no
 * DTD loading, no entity expansion, a DOCTYPE refused) and validates it
 * against schema_path (kept compiled in cache; NULL: compiled for this
 * file only), unless its bytes are those of a file of the kind that the
 * build checked (shipped.h): then the schema is not read at all. False, with
 * the errors added to dl at the file's lines and columns, when any step fails;
 * then out holds nothing. */
bool xmlfile_load(const xmlfile_kind *kind, const char *path,
                  const char *schema_path, xmlfile_schema_cache *cache,
                  diag_list *dl, xmlfile *out);
/* The same for a file already in memory: buf (malloc'd, NUL-terminated
 * at buf[size]) is taken over, freed on failure and by xmlfile_close;
 * path only names it in messages (for the fuzz targets). */
bool xmlfile_load_buffer(const xmlfile_kind *kind, const char *path, char *buf,
                         size_t size, const char *schema_path,
                         xmlfile_schema_cache *cache, diag_list *dl,
                         xmlfile *out);
/* The same for size bytes at data, which are copied. */
bool xmlfile_load_memory(const xmlfile_kind *kind, const char *path,
                         const char *data, size_t size, const char *schema_path,
                         xmlfile_schema_cache *cache, diag_list *dl,
                         xmlfile *out);
/* Frees what xmlfile_load gave. */
void xmlfile_close(xmlfile *f);

/* Whether n is the element name in namespace ns. */
bool xmlfile_is_el(const xmlNode *n, const char *ns, const char *name);

/* The attribute's value copied into a, or NULL. */
const char *xmlfile_attr(arena *a, const xmlNode *n, const char *name);

#endif
