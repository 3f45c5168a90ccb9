/*
 * validate_lint.c: typography and leftovers in the text.
 */
#include "validate_internal.h"

void lint_document(doc *d, diag_list *dl)
{
    (void)d;
    (void)dl;
}
