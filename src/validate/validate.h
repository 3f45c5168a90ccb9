/*
 * validate.h: model -> diagnostics (the only stage that will include
 * PCRE2, for the heading rules of templates/<typ>/krav.xml).
 *
 * Checks what the schema cannot: the document kind exists, headings are at
 * most six levels deep, references point at something that can be
 * referenced, every table row has as many cells as the table has columns,
 * and every cell of a numeric column is a Swedish numeral. Every problem is
 * reported, in document order, never only the first.
 */
#ifndef ARSRAPPORT_VALIDATE_H
#define ARSRAPPORT_VALIDATE_H

#include "../common/diag.h"
#include "../common/kinds.h"
#include "../model/model.h"

/* Validates d against the rules of its kind, found on kinds. Adds
 * diagnostics to dl; the model is not changed. */
void validate_document(doc *d, const kind_path *kinds, diag_list *dl);

#endif
