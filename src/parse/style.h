/*
 * style.h: style files (templates/stil/NAME.xml) -> layout_style.
 *
 * A style file sets the look of a kommun's reports: page and margins,
 * font families and sizes, spacing, colours, logo, running header and
 * footer, contents depth, chapters on new pages, the cover. It is read
 * like a document (no network, no DOCTYPE, a size limit), validated
 * against templates/schema/stil.rng, and applied over the built-in
 * default (layout_style_default), so every field is optional. This stage
 * sits between parse and layout and is, with parse, the only one that
 * includes libxml2.
 */
#ifndef ARSRAPPORT_STYLE_H
#define ARSRAPPORT_STYLE_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../layout/layout.h"

/* Largest style file accepted, in bytes. */
#define STYLE_MAX_FILE_SIZE (1024u * 1024u)

/* Reads the style file at path, validated against schema_path
 * (templates/schema/stil.rng), into st, which starts as the default.
 * Strings (the logo's path, resolved against the style file's folder) are
 * copied into a. Returns false, with st left at what was read so far and
 * the reasons in dl at the file's line and column, when the file cannot
 * be read (STIL-01), is not valid (STIL-02), sets a colour of too little
 * contrast (STIL-03), names a logo that cannot be read (STIL-04),
 * leaves no room for text between its margins (STIL-05) or sets a length
 * out of its range (STIL-09: sizes, leadings, spaces, margins, page; the
 * field keeps its value then). The compiled schema is kept in cache
 * (parse.h) for the next style. */
typedef struct xmlfile_schema_cache xmlfile_schema_cache;
bool style_load(const char *path, const char *schema_path,
                xmlfile_schema_cache *cache, layout_style *st, arena *a,
                diag_list *dl);

/* The same for a style file in memory (size bytes of data, copied); path
 * names it in messages and is the folder a logo is looked for in (for
 * the fuzz target). */
bool style_load_memory(const char *path, const char *data, size_t size,
                       const char *schema_path, xmlfile_schema_cache *cache,
                       layout_style *st, arena *a, diag_list *dl);

/* The WCAG 2.1 contrast ratio of two sRGB colours (0xRRGGBB), from 1
 * (equal) to 21 (black on white). */
double style_contrast(uint32_t fg, uint32_t bg);

#endif
