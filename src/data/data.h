/*
 * data.h: tables whose rows come from a file (the data readers' stage).
 *
 * Between parse and validate, data_fill_document finds every tabell with
 * a data attribute, reads the file it names (CSV or TSV, XLSX, ODS, or
 * SIE 4; relative to the document, under the same file-access rule as
 * images) and writes the rows it asks for into the model as ordinary rad
 * elements with cells: from then on the table is checked, computed and
 * typeset like one typed by hand. The vocabulary (kolumn fran, grupp and
 * rad with lika/utom, summa with lika, rad konto/objekt for SIE) is in the
 * README, "Tables from files".
 *
 * Figures are read strictly (numread.h): an ambiguous one or a column of
 * mixed conventions is an error naming the file and the cell. Every
 * problem is a diagnostic in dl; nothing is printed. The document keeps
 * whatever rows could be made.
 */
#ifndef ARSRAPPORT_DATA_H
#define ARSRAPPORT_DATA_H

#include "../common/diag.h"
#include "../common/pathpolicy.h"
#include "../model/model.h"

/* Fills every data table of d. pp is the engine's file-access policy
 * (NULL: the document's folder only). Never fails as a whole; out of
 * memory aborts. */
void data_fill_document(doc *d, const path_policy *pp, diag_list *dl);

#endif
