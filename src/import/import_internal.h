/*
 * import_internal.h: what the three readers (import_docx.c, import_odt.c,
 * import_md.c) share: a growing string, and the builder (import_build.c)
 * they feed with headings, paragraphs, runs, list items, tables and images
 * in reading order. The builder makes the nesting (sections from heading
 * levels, lists from item levels), types the tables, strips typed heading
 * numbers and writes our XML; the readers only say what they saw.
 */
#ifndef ARSRAPPORT_IMPORT_INTERNAL_H
#define ARSRAPPORT_IMPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../common/strbuf.h"
#include "import.h"

/* --- a growing string --------------------------------------------------- */

typedef strbuf sbuf; /* strbuf.h */

/* s escaped as XML character data or attribute value (quotes too);
 * characters XML 1.0 does not allow are left out, tabs and line ends
 * become spaces. */
void sb_xml(sbuf *b, const char *s);

/* --- limits ------------------------------------------------------------- */

#define IMP_MAX_MD_BYTES ((size_t)8 << 20)      /* a Markdown file */
#define IMP_MAX_PART_BYTES ((uint64_t)32 << 20) /* an XML part */
#define IMP_MAX_NODES ((size_t)2 << 20) /* its elements, attributes, texts */
#define IMP_MAX_IMAGE_BYTES ((uint64_t)32 << 20)
#define IMP_MAX_PAGES 2000u    /* explicit page breaks, or the stated count */
#define IMP_MAX_BLOCKS 200000u /* paragraphs, items, rows */

/* --- what is dropped, counted per kind ---------------------------------- */

typedef enum {
    DROP_TEXTBOX,
    DROP_TRACKED,
    DROP_COMMENT,
    DROP_FIELD,
    DROP_PAGEBREAK,
    DROP_COLOUR,
    DROP_EXTERNAL,
    DROP_NESTED_TABLE,
    DROP_LINK,
    DROP_HEADING_NOTE,
    DROP_IMAGE_FORMAT,
    DROP_OBJECT,
    DROP_HTML,
    DROP_RULE,
    DROP_CODE,
    DROP_HEADER_FOOTER,
    DROP_KINDS
} drop_kind;

/* --- the builder -------------------------------------------------------- */

typedef struct ib ib;

typedef enum {
    IB_PARA,
    IB_HEADING,
    IB_ITEM,
    IB_QUOTE,
    IB_CAPTION, /* a paragraph styled as a caption */
    IB_TITLE    /* the document's title: metadata, not body */
} ib_kind;

enum { IB_BOLD = 1, IB_ITALIC = 2 };

typedef struct {
    char *title, *author, *date, *organisation, *typ;
} ib_meta;

ib *ib_new(arena *a, diag_list *dl, const import_options *o);
/* Starts the next input file (its name for messages; md: line numbers
 * are real, else paragraphs are counted). level_shift demotes every
 * heading (1 for the parts of a multi-file report). */
void ib_file(ib *b, const char *path, bool has_lines, int level_shift);
/* Where the reader is: a source line (Markdown) for messages. */
void ib_line(ib *b, uint32_t line);

/* A block of text: heading (level 1..9), paragraph, list item (level
 * 0.., numbered or bulleted), quotation, caption. */
void ib_par_begin(ib *b, ib_kind kind, int level, bool numbered);
/* Text with formatting (IB_BOLD | IB_ITALIC) and a link target or NULL. */
void ib_run(ib *b, const char *text, unsigned fmt, const char *href);
void ib_footnote_begin(ib *b);
void ib_footnote_end(ib *b);
void ib_par_end(ib *b);

/* A table: rows of cells; a cell holds paragraphs (runs between
 * ib_par_begin/ib_par_end). span: columns it covers; covered: the
 * continuation of a vertical merge (written empty). */
void ib_table_begin(ib *b);
void ib_row_begin(ib *b, bool header);
void ib_cell_begin(ib *b, unsigned span, bool covered);
void ib_cell_end(ib *b);
void ib_row_end(ib *b);
void ib_table_end(ib *b);

/* What a reader's block walk is inside; leaving a table, row or cell
 * frame ends it in the builder (ib_frame_end). */
typedef enum { FR_BODY, FR_LIST, FR_TABLE, FR_ROW, FR_CELL, FR_HEAD } fr_kind;
void ib_frame_end(ib *b, fr_kind k);

/* An image: its bytes (copied), alt text (NULL or empty: missing, a
 * diagnostic), where it was for messages, and the width it was shown at
 * in millimetres (0: unknown, the image's own size). Not PNG or JPEG:
 * dropped with a warning. */
void ib_image(ib *b, const unsigned char *data, size_t len, const char *alt,
              const char *name, double width_mm);

/* Something dropped or resolved: counted, the first place remembered. */
void ib_drop(ib *b, drop_kind k);
/* Block counting for the size limit: false once past IMP_MAX_BLOCKS (an
 * error has been added). */
bool ib_count_block(ib *b);
/* A page break in the current file (explicit: the author's, dropped and
 * counted; else one the file records where the page ended); false (an
 * error has been added) when the file passes IMP_MAX_PAGES. */
bool ib_page_break(ib *b, bool explicit_break);

/* Metadata from the file's properties (strings copied; NULL: none). The
 * first file's metadata is the report's; later files' titles head their
 * chapters. */
void ib_meta_set(ib *b, const ib_meta *m);
/* Ends the current file: closes what is open, reports what was dropped. */
void ib_file_end(ib *b);
/* The finished document into out; returns 0, or 2 after an error (no
 * kind could be guessed). */
int ib_finish(ib *b, import_result *out);
void ib_free(ib *b);

/* --- the readers -------------------------------------------------------- */

/* Each reads path into b; returns 0, 1 (refused) or 2 (unreadable). */
int import_docx(ib *b, const char *path, diag_list *dl);
int import_odt(ib *b, const char *path, diag_list *dl);
int import_md(ib *b, const char *path, diag_list *dl);

/* Shared by the zip readers: the zipread status as a diagnostic at path;
 * returns the exit status it means. */
int import_zip_error(diag_list *dl, const char *path, int status, int sys_errno,
                     const char *entry);

/* Shared by the zip readers: the first reason to stop wins (*status is
 * set only while it is 0). */
void import_stop(int *status, int why);

/* Shared by the zip readers: the package part name, read and parsed under
 * the import's limits, in arena a. NULL when *status is already set, when
 * the part does not exist (quietly), or when it cannot be read or parsed:
 * then a diagnostic at path names the part and *status says what that
 * means (1 refused, 2 unreadable). */
typedef struct zipread zipread;
typedef struct xmlt_node xmlt_node;
const xmlt_node *import_read_part(zipread *z, arena *a, diag_list *dl,
                                  const char *path, const char *name,
                                  int *status);

/* Shared by the zip readers: the package part name (NULL: none) as an
 * image's bytes, which the caller frees. NULL when the part is missing or
 * larger than IMP_MAX_IMAGE_BYTES (dropped, counted in b) or cannot be
 * read (a diagnostic, and *status set). */
unsigned char *import_image_part(ib *b, zipread *z, diag_list *dl,
                                 const char *path, const char *name,
                                 size_t *len, int *status);

#endif
