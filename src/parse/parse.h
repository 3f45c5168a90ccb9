/*
 * parse.h: XML file -> model (the only stage that includes libxml2).
 *
 * The input is untrusted: it is read with a size limit, parsed with no
 * network, no DTD (a DOCTYPE is refused, which rules out external entities,
 * entity expansion bombs and DTD loading), libxml2's nesting and text-size
 * limits, then validated against templates/schema/rapport.rng. Problems are
 * added to the diag list in the user's language; the model is built only
 * from a valid document.
 */
#ifndef ARSRAPPORT_PARSE_H
#define ARSRAPPORT_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/diag.h"
#include "../model/krav.h"
#include "../model/model.h"

/* Largest input file accepted, in bytes. */
#define PARSE_MAX_FILE_SIZE (64u * 1024u * 1024u)
/* Longest text node accepted, in bytes (libxml2's own limit). */
#define PARSE_MAX_TEXT 10000000u

/* libxml2's process-wide set-up: initialises the library and installs the
 * external entity loader that refuses everything. The engine calls it
 * once, before any document is parsed (and parse_global_cleanup at the
 * very end). */
void parse_global_init(void);
void parse_global_cleanup(void);

/* The document schema (templates_dir/schema/rapport.rng), compiled once
 * and only read afterwards: documents may be parsed with it in several
 * threads at once. Never NULL; when the schema cannot be read or
 * compiled, every parse with it fails with ARS-01 naming its path. */
typedef struct parse_schema parse_schema;
parse_schema *parse_schema_load(const char *templates_dir);
void parse_schema_free(parse_schema *s);

/* Reads and validates the file at path. Returns a new document (free with
 * doc_free) or NULL when the file could not be read, is not well-formed or
 * is not valid; the reasons are in dl, located at the file, line and column
 * where they are known. */
doc *parse_file(const parse_schema *schema, const char *path, diag_list *dl);

/* The same for a document already in memory (name is used in diagnostics
 * and as the document's path). */
doc *parse_memory(const parse_schema *schema, const char *name,
                  const char *data, size_t size, diag_list *dl);

/* The same, except that a document which is well-formed but does not
 * follow the schema is still returned when schema_invalid is not NULL:
 * *schema_invalid is then true, the schema errors are in dl, and the
 * model holds what could be read (elements the format does not know are
 * left out with their content). Such a model is for the checks that can
 * still run on the rest of the document (validate_document_partial),
 * never for layout. */
doc *parse_file_partial(const parse_schema *schema, const char *path,
                        diag_list *dl, bool *schema_invalid);
doc *parse_memory_partial(const parse_schema *schema, const char *name,
                          const char *data, size_t size, diag_list *dl,
                          bool *schema_invalid);

/* The verdict of parse_file_early's schema check. */
typedef struct parse_pending parse_pending;

/* As parse_file, in one parse for a document that is valid: the schema
 * check is pushed element by element as the parse goes (libxml2's
 * streaming RelaxNG check), the model of each child of <rapport> is built
 * when it ends and its part of libxml2's tree freed at once, so that the
 * whole tree is never alive (issue 25). *pending is then set and the
 * model is provisional: parse_pending_finish says whether the document
 * follows the schema with nothing to report. When it does not, the
 * caller drops the model and all it did with it, and parses again with
 * parse_file or parse_file_partial, which say why. When *pending is
 * NULL, the result and dl are final as from parse_file (the document was
 * not read, not well-formed, or no schema could be used). */
doc *parse_file_early(const parse_schema *schema, const char *path,
                      diag_list *dl, parse_pending **pending);
doc *parse_memory_early(const parse_schema *schema, const char *name,
                        const char *data, size_t size, diag_list *dl,
                        parse_pending **pending);

/* The check's verdict; frees p (NULL: nothing was checked, true).
 * True when the document follows the schema and the check said nothing,
 * so that the model built early is the one parse_file would give. */
bool parse_pending_finish(parse_pending *p);

/* A compiled schema of the project's own files (krav.rng, stil.rng),
 * compiled on first use and kept while the same path is asked for. The
 * engine owns one per kind of file; it is not for use by two threads at
 * once. */
typedef struct xmlfile_schema_cache xmlfile_schema_cache;
xmlfile_schema_cache *xmlfile_schema_cache_new(void);
void xmlfile_schema_cache_free(xmlfile_schema_cache *c);

/* Reads the rule file of a document kind (templates/<typ>/krav.xml) and
 * validates it against schema_path (templates/schema/krav.rng, compiled
 * into cache). Returns
 * the rules (free with krav_free) or NULL; problems are in dl at the rule
 * file's positions. */
krav_set *parse_krav_file(const char *path, const char *schema_path,
                          xmlfile_schema_cache *cache, diag_list *dl);
/* The same for a rule file in memory (size bytes of data, copied); path
 * names it in messages. */
krav_set *parse_krav_memory(const char *path, const char *data, size_t size,
                            const char *schema_path,
                            xmlfile_schema_cache *cache, diag_list *dl);

#endif
