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
#include "../model/krav.h"
#include "../model/model.h"

/* The heading rules of a document kind, compiled (PCRE2). */
typedef struct rule_set rule_set;

/* Compiles the patterns of ks, which the rule set then owns. Returns NULL
 * (and frees ks) when a pattern does not compile; the reasons are in dl at
 * the rule file's positions (KRAV-03). */
rule_set *rule_set_compile(krav_set *ks, diag_list *dl);
void rule_set_free(rule_set *rs);
const krav_set *rule_set_krav(const rule_set *rs);
/* The title matches one of the kind's titel patterns. */
bool rule_set_title_matches(const rule_set *rs, const char *title);

/* What validate_document knows of the document kinds. */
typedef struct {
    const rule_set *own;        /* the document's kind; NULL: no such kind */
    const rule_set *const *all; /* every kind that could be loaded */
    size_t nall;
    const char *kinds_list; /* "a, b, c", for the unknown-kind message */
} validate_kinds;

/* Validates d: structure, tables, sums and the heading rules of its kind.
 * Adds diagnostics to dl; the model is not changed. */
void validate_document(doc *d, const validate_kinds *kinds, diag_list *dl);
/* The checks that can still run on the model of a document the schema
 * refused (parse_file_partial): the kind and title, references and
 * charts pointing at ids, the heading rules, empty sections, written
 * references and repeated text; not the tables' cells and sums, charts'
 * data or the PDF's limits, whose elements may be incomplete. */
void validate_document_partial(doc *d, const validate_kinds *kinds,
                               diag_list *dl);

/* The lints' patterns (PCRE2), compiled once and only read afterwards, so
 * that any number of documents may be linted with them at once. The
 * engine owns them. Never NULL (out of memory aborts); a pattern that does
 * not compile leaves its lint out. */
typedef struct lint_patterns lint_patterns;
lint_patterns *lint_patterns_new(void);
void lint_patterns_free(lint_patterns *lp);

/* The lints of d: Swedish typography and leftovers in the text (TYPO-*,
 * TEXT-*, STR-03), all warnings. They read the model only (nothing is
 * allocated in its arena), so they may run in a thread beside
 * validate_document, into a diag list of their own. */
void validate_lints(const doc *d, const lint_patterns *lp, diag_list *dl);

#endif
