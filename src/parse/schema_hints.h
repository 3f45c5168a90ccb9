/*
 * schema_hints.h: what the RelaxNG schema allows where, read from the
 * schema's own text, for messages that help (internal to src/parse).
 *
 * libxml2's validator says that an element is not allowed, but not what
 * is; and it stops checking an element's content at its first error, so
 * the rest of that element goes unchecked. From rapport.rng this module
 * gathers, per element name, the names of the child elements and
 * attributes it allows and, for attributes with a closed list of values,
 * those values (definitions of the same element name are merged, so the
 * tables allow at least what the schema does). A pass over the document
 * tree then names each unknown element or attribute with the closest name
 * allowed at that place ("menade du") and each value outside its list
 * with the allowed ones; parse.c drops libxml2's message for a place this
 * pass has named.
 */
#ifndef ARSRAPPORT_SCHEMA_HINTS_H
#define ARSRAPPORT_SCHEMA_HINTS_H

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/diag.h"

typedef struct schema_hints schema_hints;

/* The tables of the RelaxNG schema in text (len bytes, XML syntax), or
 * NULL when it cannot be read (then no hints are given). Free with
 * schema_hints_free. Only read afterwards: safe for several threads. */
schema_hints *schema_hints_new(const char *text, size_t len);
void schema_hints_free(schema_hints *h);

/* One place the pass below reported: an element (attr NULL) or one of its
 * attributes; suggestion is the name or value proposed, or NULL. */
typedef struct schema_hint_found_s {
    const xmlNode *node;
    const char *attr;
    const char *suggestion;
} schema_hint_found;

/* Positions of nodes, as parse.c knows them. */
typedef void (*schema_hint_pos_fn)(void *ctx, const xmlNode *n, uint32_t *line,
                                   uint32_t *col);

/* Checks every element of the tree under root in namespace ns against the
 * tables: element names not allowed under their parent (XML-05, with the
 * closest allowed name or the list of allowed ones as hint), attributes
 * not allowed on their element, values outside an attribute's list, each
 * an error with the given rule id.
 * Subtrees of unknown elements are not looked into. Diagnostics go to dl
 * as file's; the places reported are returned in *found (malloc'd array
 * of *nfound, free it; names point into the tree and the tables). At most
 * max diagnostics. */
void schema_hints_check(const schema_hints *h, const xmlNode *root,
                        const char *ns, const char *file, const char *rule,
                        schema_hint_pos_fn pos, void *pos_ctx, diag_list *dl,
                        size_t max, schema_hint_found **found, size_t *nfound);

/* True when the places found (by schema_hints_check) cover libxml2's
 * validation error e: the element itself, one of its attributes, or,
 * for the errors a wrong child causes in its parent (a missing element it
 * stands for, content out of order), a child of it. One typo, one
 * message. */
bool schema_hints_covers(const schema_hint_found *found, size_t nfound,
                         const xmlError *e);

/* The allowed child element names of the element name, joined by ", "
 * into out (n bytes); false when the element is unknown. */
bool schema_hints_children(const schema_hints *h, const char *name, char *out,
                           size_t n);

#endif
