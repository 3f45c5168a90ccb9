/*
 * font.h: font metrics for layout, and the font files for pdf.
 *
 * Layout measures text only through this interface: advances and kerning
 * in thousandths of an em (the unit of PDF glyph widths), ascent and
 * descent. Two implementations: font_set_load reads the faces named in
 * fonts/fonts.txt with HarfBuzz (the only file that includes it);
 * font_set_stub gives fixed widths so layout tests run without fonts.
 */
#ifndef ARSRAPPORT_FONT_H
#define ARSRAPPORT_FONT_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/diag.h"

typedef enum {
    FONT_SERIF,
    FONT_SERIF_BOLD,
    FONT_SERIF_ITALIC,
    FONT_SERIF_BOLDITALIC,
    FONT_SANS,
    FONT_SANS_BOLD,
    FONT_SANS_ITALIC,
    FONT_SANS_BOLDITALIC,
    FONT_ROLE_COUNT
} font_role;

typedef struct font_set font_set;

/* Loads every face named in the manifest (fonts/fonts.txt). Returns NULL
 * and adds a diagnostic naming the file and its Debian package when a face
 * is missing or is not a usable TrueType font. Free with font_set_free. */
font_set *font_set_load(const char *manifest, diag_list *dl);
/* The families of the manifest's faces. */
#define FONT_DEFAULT_SERIF "Liberation Serif"
#define FONT_DEFAULT_SANS "Liberation Sans"
/* As font_set_load, with the serif and sans roles taken from installed
 * families a style names (NULL or the manifest's family: the manifest's
 * faces). A family that is not installed as TrueType is an error naming
 * it; so is a face that fails the manifest faces' checks. */
font_set *font_set_load_families(const char *manifest, const char *serif,
                                 const char *sans, diag_list *dl);
/* Finds an installed family's four faces (regular, bold, italic, bold
 * italic) through fontconfig: paths[i] malloc'd, exact[i] false where the
 * family lacks that face and a near one stands in. Returns false, with
 * every path NULL, when the family has no TrueType regular face. */
bool font_family_find(const char *family, char *paths[4], bool exact[4]);
/* Fixed metrics for tests: every glyph 500/1000 em, space 250, digits 500,
 * no kerning, ascent 800, descent -200. */
font_set *font_set_stub(void);
void font_set_free(font_set *fs);

/* Advance of cp in 1/1000 em, as the PDF W array gives it (truncated). */
int font_advance(const font_set *fs, font_role r, uint32_t cp);
/* Kerning between left and right in 1/1000 em (negative: closer), from
 * the face's GPOS 'kern' feature or its legacy 'kern' table, truncated
 * toward zero like the advances; a letter with diacritics the face has no
 * pair for is kerned as its base letter ("Vå" as "Va"). Cached per face:
 * cheap enough to ask for every pair of every line. Layout kerns pairs
 * within one run of one face and size only: across a style change (bold
 * to regular, a link, a superscript) no kerning is applied, since the two
 * glyphs come from different faces or sizes whose kerning knows nothing
 * of each other. */
int font_kern(const font_set *fs, font_role r, uint32_t left, uint32_t right);
/* True when the face has a glyph for cp. */
bool font_has_glyph(const font_set *fs, font_role r, uint32_t cp);
int font_ascent(const font_set *fs, font_role r);  /* 1/1000 em, > 0 */
int font_descent(const font_set *fs, font_role r); /* 1/1000 em, < 0 */
/* Path of the font file, NULL for the stub. */
const char *font_path(const font_set *fs, font_role r);
/* Manifest role name ("serif-bold"). */
const char *font_role_name(font_role r);
/* Role with bold and/or italic added to the family of r. */
font_role font_role_style(font_role r, bool bold, bool italic);

#endif
