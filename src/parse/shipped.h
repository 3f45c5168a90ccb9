/*
 * shipped.h: the project's own files that the program installs (the
 * style of templates/stil, the rule files of templates/KIND/krav.xml),
 * recognised by their exact bytes. `make` reads each of them with the
 * program's own reader, schema check included (src/parse/shipped_gen.c),
 * and records its bytes in build/gen/shipped_table.h; a file with
 * exactly the bytes of one of the same kind was checked then and is not
 * checked against its schema again at run time (xmlfile.c). Any other
 * file, the user's own style or kind, is checked as before.
 */
#ifndef ARSRAPPORT_SHIPPED_H
#define ARSRAPPORT_SHIPPED_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the size bytes at data are, exactly, a file of kind ("stil",
 * "krav") that the build checked against that kind's schema. */
bool shipped_checked(const char *kind, const char *data, size_t size);

/* The documents' schema (templates/schema/rapport.rng) without its
 * annotations, when the size bytes at data are the shipped one's, with
 * its length in *len; else NULL. The same schema: RelaxNG drops them
 * before anything else (shipped_gen.c). */
const char *shipped_rapport_schema(const char *data, size_t size, size_t *len);

#endif
