/*
 * data_zip.c: XLSX and ODS files (sheet.h). Not read yet: they need the
 * zip reader (src/zip) and the XML tree (src/parse/xmltree.h).
 */
#include "sheet.h"

bool data_read_zip(const unsigned char *b, size_t n, bool ods,
                   const data_where *w, arena *a, data_book *out)
{
    (void)b, (void)n, (void)a, (void)out;
    diag *x =
        diag_add(w->dl, DIAG_ERROR, w->doc_file, w->line, w->col, "DATA-01",
                 MSG_DATA_FORMAT_LATER, w->fil, ods ? "ODS" : "XLSX");
    diag_hint(w->dl, x, MSG_DATA_FORMAT_LATER_HINT);
    return false;
}
