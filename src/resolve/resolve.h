/*
 * resolve.h: checked model -> the text a report adds to what its author
 * wrote, in the document's language.
 *
 * The resolve stage (architecture.md) sits between validation and the
 * outputs. resolve_document computes, once per document, every piece of
 * generated text: the labels of numbered tables, figures and charts
 * ("Tabell 3. "), a table's unit note (" (belopp i tkr)") and its
 * continuation label, a chart's caption and note ("Källa: ... Uppgifterna
 * finns i tabell 1."), the text of each cross-reference ("tabell 3",
 * "avsnitt 2.1"), the cover's dates and period in prose. Every output
 * reads it and none changes it; resolved_dump prints it for golden tests.
 * Every word comes from the table in words.def, chosen by the document's
 * xml:lang, never by --lang (which chooses the language of diagnostics
 * and help only).
 */
#ifndef ARSRAPPORT_RESOLVE_H
#define ARSRAPPORT_RESOLVE_H

#include <stdio.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../model/chart.h"
#include "../model/model.h"

/* The languages a report can be written in. */
typedef enum { DOC_LANG_SV, DOC_LANG_EN } doc_language;

/* The language of a document whose root says xml:lang (NULL: none):
 * English for "en" and its regional forms ("en-GB"), Swedish otherwise
 * (the format's default, format.md). */
doc_language resolve_language(const char *xml_lang);

typedef enum {
#define W(key, sv, en) key,
#include "words.def"
#undef W
    WORD_COUNT
} word_key;

/* The word key in language l (a static string; the format strings take
 * the arguments their use in words.def shows). */
const char *resolve_word(doc_language l, word_key key);

/* The name of month m (1-12), lower case in Swedish ("september"),
 * capitalised in English ("September"); NULL outside 1-12. */
const char *resolve_month(doc_language l, int m);

/* --- the resolved document ----------------------------------------------- */

typedef struct resolved resolved;

/* Resolves the checked document d (numbered: parse numbers it). The
 * result refers to d's nodes and lives until resolved_free; d must not
 * be freed before it. Never fails (out of memory aborts). Not for two
 * threads at once with other users of d's arena. */
resolved *resolve_document(doc *d);
void resolved_free(resolved *r);

/* The document's language. */
doc_language resolved_language(const resolved *r);

/* The bold label of a numbered table, figure (bild) or chart (diagram):
 * "Tabell 3. " before caption text, "Tabell 3" without; NULL for other
 * nodes. */
const char *resolved_label(const resolved *r, const doc_node *n);
/* The caption text of a table, figure or chart (a chart without one
 * takes its table's); "" when there is none. */
const char *resolved_caption(const resolved *r, const doc_node *n);
/* A table's unit note, " (belopp i tkr)", or NULL (no enhet, or the
 * caption names the unit already). */
const char *resolved_unit_note(const resolved *r, const doc_node *table);
/* A table's label on the pages it continues on: "Tabell 3 " (followed by
 * the word WORD_CONTINUED). */
const char *resolved_continued(const resolved *r, const doc_node *table);
/* A chart's note under it: its table's source and where the data are,
 * "Källa: Ekonomisystemet. Uppgifterna finns i tabell 1."; the table it
 * draws (NULL when it names none). */
const char *resolved_chart_note(const resolved *r, const doc_node *chart);
const doc_node *resolved_chart_table(const resolved *r, const doc_node *chart);
/* The text a cross-reference (ref) shows: "tabell 3", "avsnitt 2.1";
 * NULL when it points at nothing that can be referred to. */
const char *resolved_ref_text(const resolved *r, const doc_node *ref);
/* The cover's lines: the period in prose ("1 januari–31 augusti 2023",
 * NULL without a period), the date line ("Datum: 15 september 2023") and
 * the reference line ("Diarienummer: KS 2023/12"), NULL when absent. */
const char *resolved_period(const resolved *r);
const char *resolved_date_line(const resolved *r);
const char *resolved_reference_line(const resolved *r);

/* --- the author's words as printed ---------------------------------------
 *
 * Straight quotes, apostrophes, spaced hyphens between words and "..."
 * are set as Swedish typography asks (”, ’, a no-break space and an en
 * dash, …; typo.c), once, here: outputs print these texts and never
 * convert text themselves. */

/* The text of a text node as printed (the node's own text when nothing
 * changes; less a heading number the author typed). */
const char *resolved_text(const resolved *r, const doc_node *text);
/* The text of n's text nodes as printed, joined (footnotes left out), in
 * a. */
char *resolved_plain_text(const resolved *r, arena *a, const doc_node *n);
/* The metadata with its printed texts (titel, undertitel, organisation,
 * namnd, forvaltning) as printed; the rest as the model has it. */
const doc_meta *resolved_meta(const resolved *r);
/* A quotation's source line ("— Källa"), NULL without kalla. */
const char *resolved_quote_source(const resolved *r, const doc_node *quote);
/* A chart's data (chart_read), its labels as printed; NULL for other
 * nodes. */
const chart_data *resolved_chart(const resolved *r, const doc_node *chart);

/* One entry of the contents (Innehåll): a section, its depth (1-6), its
 * number (NULL when unnumbered) and its heading as printed. */
typedef struct {
    const doc_node *section;
    int depth;
    const char *number, *title;
} resolved_toc_entry;
/* The contents to depth max: every section down to that depth whose
 * heading has text, in document order; *n entries in an array in a. */
const resolved_toc_entry *resolved_toc(const resolved *r, arena *a, int max,
                                       size_t *n);

/* One problem of a draft's list (UTKAST): its label (severity in the
 * document's language, rule id, line:column), message and hint line
 * ("Tips: ...", NULL without a hint), as printed; in a. */
typedef struct {
    const char *label, *message, *hint;
} resolved_problem;
void resolved_problem_texts(const resolved *r, arena *a, const diag *d,
                            resolved_problem *out);
/* The line above a draft's problems: how many errors and warnings. */
const char *resolved_problem_summary(const resolved *r, arena *a, size_t nerr,
                                     size_t nwarn);
/* Whether a node of kind k is a place a draft's problem can point at: a
 * section, paragraph, list, list item, quotation, table, chart or figure,
 * and with rows also a table's rows (huvud, rad, summa) and groups. */
bool resolve_is_place(doc_kind k, bool rows);

/* The place of each of a draft's problems in the document: for each
 * diagnostic of dl (as diag_get numbers them now) the block its line is
 * in, the innermost of a section (its heading), paragraph, list, list
 * item, quotation, table, table row (huvud, rad, summa) or group, chart
 * or figure that starts at or before the problem's line and column; NULL for a
 * problem in another file (a rule file, a data file), without a line, or before
 * the body's first block (the root, the metadata: a problem of the whole
 * document). An array of diag_count(dl) entries in a. Never fails. */
const doc_node **resolved_problem_blocks(const resolved *r, arena *a,
                                         const diag_list *dl);
/* The same in two steps, for a layout that gives up the model's parts as
 * it goes (doc_release_part): the blocks' places, taken while the whole
 * model is there, then the problems' blocks by them, at the end. The
 * nodes given are then only compared, never read. */
typedef struct resolved_places resolved_places;
resolved_places *resolved_problem_places(const resolved *r);
void resolved_places_free(resolved_places *p);
const doc_node **resolved_problem_blocks_at(const resolved *r, arena *a,
                                            const diag_list *dl,
                                            const resolved_places *p);
/* Where a draft's problem is, as the problem list prints it after the
 * label: "s. 12" for printed page 12 (page > 0), else the words for a
 * problem at no place of the pages; in a. */
const char *resolved_problem_page(const resolved *r, arena *a, int page);

/* The standard structure type (PDF 32000-1 14.8.4) of a block of the
 * model: "H1".."H6" for a section's heading by its depth, "P", "L",
 * "LI", "BlockQuote", "Note", "Table", "Figure" (bild, diagram),
 * "Caption", "Link"; NULL for what is not a block of its own. */
const char *resolved_role(const resolved *r, const doc_node *n);

/* The figure a cell of a belopp, tal or procent column shows, the way
 * the PDF prints it (layout_table.c): a stated figure formatted the
 * Swedish way with the column's decimaler (as typed without), " %" in a
 * procent column, a missing-value mark as itself, the computed figure in
 * an empty total or computed cell (calc_fill_text). Written into out
 * (size bytes); NULL when the cell shows its text as written (empty and
 * not computed, or not a numeral: TAB-02). t is the table's computation
 * (doc_table_calc), column the cell's kolumn. */
struct calc_table;
const char *resolve_cell_figure(const struct calc_table *t,
                                const doc_node *column, const doc_node *cell,
                                const char *text, char *out, size_t size);

/* A deterministic text dump, in document order, for golden tests: the
 * cover lines, then every section (number, heading role), footnote
 * (number), table, figure, chart and cross-reference with its text. */
void resolved_dump(const resolved *r, FILE *out);

#endif
