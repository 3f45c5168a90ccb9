/*
 * import.h: Word (.docx), OpenDocument (.odt) and Markdown (.md) files
 * become one document in our XML format (`arsrapport import`).
 *
 * The importer is a stage like the others: it reads its inputs, returns
 * the XML text and the image files to write beside it, and adds
 * diagnostics (what it refused, what it dropped and where) to a list; it
 * never prints and never writes a file. The command-line front writes the
 * result atomically, or nothing at all.
 */
#ifndef ARSRAPPORT_IMPORT_H
#define ARSRAPPORT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/diag.h"

typedef struct {
    const char *typ;          /* --typ, or NULL: guessed from the title */
    const char *image_dir;    /* folder for images, relative to the XML */
    const char *const *kinds; /* the known document kinds, for guessing */
    size_t nkinds;
    bool has_epoch; /* SOURCE_DATE_EPOCH: the date when a file has none */
    long long epoch;
} import_options;

/* A file to write beside the XML: path relative to the XML's folder. */
typedef struct {
    char *path;
    unsigned char *data;
    size_t len;
} import_file;

typedef struct {
    char *xml; /* the document, UTF-8 */
    size_t xml_len;
    import_file *files; /* images, in document order */
    size_t nfiles;
} import_result;

/* Imports inputs[0..n) (n >= 1) into one document: one file gives the
 * document itself, several give one chapter each, in order. Returns 0 (the
 * result is complete; warnings may have been added), 1 when an input is
 * refused (a hostile or unsupported file: macros, encryption, a zip bomb,
 * too many pages) or 2 when an input cannot be read at all (missing, not
 * the format its name says, damaged); on 1 and 2 out holds nothing. Free
 * the result with import_result_free. */
int import_documents(const char *const *inputs, size_t n,
                     const import_options *o, diag_list *dl,
                     import_result *out);
void import_result_free(import_result *r);

#endif
