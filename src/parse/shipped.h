/*
 * shipped.h: the project's own files that the program installs (the
 * style of templates/stil, the rule files of templates/KIND/krav.xml),
 * recognised by their exact bytes. `make` reads each of them with the
 * program's own reader, schema check included (src/parse/shipped_gen.c),
 * and records its SHA-256 in build/gen/shipped_table.h; a file whose
 * bytes have a recorded digest for the same kind was checked then and
 * is not checked against its schema again at run time (xmlfile.c). Any
 * other file, the user's own style or kind, is checked as before.
 */
#ifndef ARSRAPPORT_SHIPPED_H
#define ARSRAPPORT_SHIPPED_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the size bytes at data are, exactly, a file of kind ("stil",
 * "krav") that the build checked against that kind's schema. */
bool shipped_checked(const char *kind, const char *data, size_t size);

#endif
