/*
 * rules.h: the heading rules, inside the validate stage.
 */
#ifndef ARSRAPPORT_RULES_H
#define ARSRAPPORT_RULES_H

#include "validate.h"

/* Checks the heading rules of rs against d (rules.c). *empty receives the
 * sections reported as empty by a rule (malloc'd, *nempty of them), so that
 * the empty-section lint does not report them again. */
void check_heading_rules(doc *d, const rule_set *rs, diag_list *dl,
                         const doc_node ***empty, size_t *nempty);

#endif
