/* fixture.h: documents for the unit tests, built from a body of XML and
 * laid out with the stub font (or fonts of the test's choosing). */
#ifndef ARSRAPPORT_TEST_FIXTURE_H
#define ARSRAPPORT_TEST_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "../../src/layout/layout.h"
#include "../../src/model/model.h"

/* What the engine owns, made once for all unit tests (fixture_init, from
 * tests/unit/main.c, with the templates folder; fixture_cleanup at the
 * end): the document schema, the lints' patterns, the hyphenation
 * dictionary (no exceptions file). */
struct parse_schema;
struct lint_patterns;
void fixture_init(const char *templates);
void fixture_cleanup(void);
const struct parse_schema *test_schema(void);
const struct lint_patterns *test_lints(void);
const layout_hyph *test_hyph(void);

/* The head every test document starts with: a delårsrapport and its
 * metadata, the root left open. */
extern const char *const TEST_DOC_HEAD;

/* A new file made from the template path (its trailing XXXXXX replaced)
 * holding text; false when it cannot be made or written. The caller
 * unlinks it. */
bool test_temp_file(char *path, const char *text);

/* Parses TEST_DOC_HEAD, body and "</rapport>"; NULL when the parse fails
 * (dl says why). Free with doc_free. */
doc *test_doc_parse(const char *body, diag_list *dl);

/* A laid-out test document. */
typedef struct {
    doc *d;
    font_set *fs; /* the fonts laid out with */
    arena *a;
    diag_list *dl;
    layout_doc *ld;
    layout_style st;
    bool own_fs; /* fs is the stub made here */
} laid_doc;

/* Parses and lays out body with fs (NULL: the stub font, freed by
 * laid_close); page_h > 0 sets the page height (the margins stay). False
 * when the document does not parse or lay out. */
bool laid_open(laid_doc *l, const font_set *fs, const char *body,
               int32_t page_h);
/* Lays the document out again into l->ld: pdf_render frees the pages it
 * paints, so each render of the same document needs pages of its own. */
void laid_again(laid_doc *l);
/* Frees what laid_open made (not a caller's fonts). */
void laid_close(laid_doc *l);

/* The installed fonts (fonts/fonts.txt under ARSRAPPORT_HOME or the data
 * folder), or NULL after telling stderr that test is skipped because they
 * are not installed. Free with font_set_free. */
font_set *test_real_fonts(const char *test);

/* A growing string, for building test documents; free s when done. */
typedef struct {
    char *s;
    size_t n, cap;
} sbuf;
/* Appends t to b. */
void sbuf_put(sbuf *b, const char *t);

#endif
