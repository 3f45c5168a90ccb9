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

#include <stddef.h>

#include "../common/diag.h"
#include "../model/krav.h"
#include "../model/model.h"

/* Largest input file accepted, in bytes. */
#define PARSE_MAX_FILE_SIZE (64u * 1024u * 1024u)
/* Longest text node accepted, in bytes (libxml2's own limit). */
#define PARSE_MAX_TEXT 10000000u

/* Process-wide set-up: installs the external entity loader that refuses
 * everything. templates_dir holds schema/rapport.rng. Call once. */
void parse_init(const char *templates_dir);
/* Frees the compiled schema and libxml2's global state. */
void parse_cleanup(void);

/* Reads and validates the file at path. Returns a new document (free with
 * doc_free) or NULL when the file could not be read, is not well-formed or
 * is not valid; the reasons are in dl, located at the file, line and column
 * where they are known. */
doc *parse_file(const char *path, diag_list *dl);

/* The same for a document already in memory (name is used in diagnostics
 * and as the document's path). */
doc *parse_memory(const char *name, const char *data, size_t size,
                  diag_list *dl);

/* Reads the rule file of a document kind (templates/<typ>/krav.xml) and
 * validates it against schema_path (templates/schema/krav.rng). Returns
 * the rules (free with krav_free) or NULL; problems are in dl at the rule
 * file's positions. */
krav_set *parse_krav_file(const char *path, const char *schema_path,
                          diag_list *dl);
/* The same for a rule file in memory (size bytes of data, copied); path
 * names it in messages. */
krav_set *parse_krav_memory(const char *path, const char *data, size_t size,
                            const char *schema_path, diag_list *dl);
/* Frees the compiled krav.rng (parse_cleanup calls it). */
void parse_krav_cleanup(void);

#endif
