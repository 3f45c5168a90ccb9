/*
 * validate_internal.h: the parts of the validate stage, each in its own file.
 */
#ifndef ARSRAPPORT_VALIDATE_INTERNAL_H
#define ARSRAPPORT_VALIDATE_INTERNAL_H

#include "../common/diag.h"
#include "../model/model.h"

/* validate_sum.c: stated totals and computed columns of one table checked
 * against the computed figures (SUM-*). */
void check_table_sums(doc *d, const doc_node *table, diag_list *dl);

/* validate_lint.c: Swedish typography and leftovers in the text (TYPO-*,
 * TEXT-*, STR-02 empty sections, STR-03 typed numbering in headings). */
void lint_document(doc *d, diag_list *dl);

#endif
