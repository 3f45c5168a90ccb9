/*
 * validate_internal.h: the parts of the validate stage, each in its own file.
 */
#ifndef ARSRAPPORT_VALIDATE_INTERNAL_H
#define ARSRAPPORT_VALIDATE_INTERNAL_H

#include "../common/diag.h"
#include "../model/model.h"
#include "validate.h"

/* validate_sum.c: stated totals and computed columns of one table checked
 * against the computed figures (SUM-*), figures too large to compute with
 * (TAB-05, SUM-04), too many columns (TAB-06). */
void check_table_sums(doc *d, const doc_node *table, diag_list *dl);

/* validate_numbers.c: typed figures read strictly (TAL-01 ambiguous,
 * TAL-02 mixed conventions, TAL-03 more decimals than decimaler) and a
 * table's enhet "mkr" (TYPO-02). */
void check_table_numbers(doc *d, const doc_node *table, diag_list *dl);

/* The most columns a table may have: far more than a landscape page can
 * show (TAB-03 squeezes from about 20 on), far fewer than where libharu
 * fails (some thousands). */
#define VALIDATE_MAX_TABLE_COLUMNS 100

/* The longest link address (bytes): libharu writes no PDF string over
 * 65 535 bytes; no real address comes near this. */
#define VALIDATE_MAX_LINK_BYTES 8192
/* The longest heading or metadata text (characters): each becomes a PDF
 * text string (an outline entry, the document information) in UTF-16,
 * two or four bytes a character, which libharu limits to 65 535 bytes. */
#define VALIDATE_MAX_PDF_TEXT 16000

/* validate_limits.c: what the PDF cannot hold, for node n (the walk of
 * validate_document calls it for every element): LANK-01, a link address
 * too long; PDF-04, a heading or (at the root) a metadata text too long. */
void check_limits(doc *d, const doc_node *n, diag_list *dl);

/* validate_lint.c: Swedish typography and leftovers in the text (TYPO-*,
 * TEXT-*, STR-03 typed numbering in headings), all warnings. Reads the
 * model only (no allocation in the document's arena), so it may run in a
 * thread of its own while other checks run. */
void lint_document(const doc *d, const lint_patterns *lp, diag_list *dl);
/* STR-02, empty sections (warnings). The sections in skip (nskip of them;
 * NULL, 0 for none) have already been reported empty by a heading rule
 * and get no STR-02. */
void lint_empty_sections(const doc *d, diag_list *dl,
                         const doc_node *const *skip, size_t nskip);
/* True when the section or one of its subsections holds content: a
 * paragraph, list or quotation with text, a table, a chart or an image. */
bool section_has_content(const doc_node *section);
/* Typed numbering at the start of a heading's text ("2.1 Ekonomi",
 * "3. Resultat", "10 Personal"; not "2023 i korthet" or "3 frågor"), the
 * rule of STR-03: returns the text after the number and the spaces after
 * it, and the number of bytes skipped in *skip (0 and text when there is no
 * number). */
const char *heading_strip_number(const char *text, size_t *skip);

/* Whether patterns are JIT-compiled: yes, unless ARSRAPPORT_NO_JIT is set
 * (valgrind cannot follow JIT code and reports false errors in it). */
bool validate_use_jit(void);

/* DIA-*: a diagram's columns and rows exist in its table, its values are
 * numbers, there is something to draw (validate_chart.c). */
void check_chart(doc *d, const doc_node *chart, diag_list *dl);

/* validate_refs.c: written references checked against the numbering
 * (REF-04 errors, REF-05 warnings), paragraphs and items repeated word
 * for word (TEXT-05 warnings). */
void check_reader_refs(doc *d, diag_list *dl);
/* The ids of the right kind (tables only, or anything a ref can point at)
 * as x's hint, the one nearest to id first ("menade du"). */
void refs_hint_ids(const doc *d, diag_list *dl, diag *x, const char *id,
                   bool tables_only);

/* validate_years.c: title, period, datum and column-head years that
 * disagree, a delårsrapport period that is not part of a year (PER-01..04,
 * warnings). */
void check_years(doc *d, diag_list *dl);

#endif
