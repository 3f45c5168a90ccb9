/*
 * data_csv.c: a CSV or TSV file into a data_book of one sheet (sheet.h).
 *
 * The bytes are converted to UTF-8 from the encoding the document names
 * (kodning) or the one detected (textenc.h), split by src/csv (libcsv),
 * and checked: no ragged rows (every row as many fields as the header
 * row, else the separator or the quotes are wrong), the limits of sheet.h.
 * Every cell is text; the mapping reads figures strictly. Cells remember
 * their line, so a message names "drift.csv:12".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/msg.h"
#include "../csv/csv_read.h"
#include "sheet.h"
#include "textenc.h"

/* The line (1-based) of byte offset off of b. */
static uint32_t line_of(const unsigned char *b, size_t off)
{
    uint32_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += b[i] == '\n';
    return line;
}

static const char *sep_name(char sep)
{
    return sep == '\t' ? "tab" : sep == ';' ? ";" : ",";
}

bool data_read_csv(const unsigned char *b, size_t n, const char *kodning,
                   char sep, const data_where *w, arena *a, data_book *out)
{
    textenc enc = TEXTENC_AUTO;
    if (kodning && !textenc_from_name(kodning, &enc)) {
        diag *x = diag_add(w->dl, DIAG_ERROR, w->doc_file, w->line, w->col,
                           "DATA-06", MSG_DATA_KODNING_UNKNOWN, kodning);
        diag_hint(w->dl, x, MSG_DATA_KODNING_HINT);
        return false;
    }
    if (enc == TEXTENC_AUTO)
        enc = textenc_detect(b, n);
    size_t len = 0, bad = 0;
    char *text = textenc_to_utf8(b, n, enc, &len, &bad);
    if (!text) {
        char byte[8];
        snprintf(byte, sizeof byte, "0x%02X", bad < n ? b[bad] : 0);
        diag *x =
            data_file_error(w, line_of(b, bad), 0, "DATA-06", MSG_DATA_ENCODING,
                            w->fil, textenc_name(enc), byte);
        diag_hint(w->dl, x, MSG_DATA_ENCODING_HINT);
        return false;
    }
    if (!sep)
        sep = csv_sniff(text, len);
    csv_limits lim = {DATA_MAX_ROWS, DATA_MAX_CELLS, DATA_MAX_FIELD};
    csv_grid g;
    uint32_t line = 0;
    csv_status st = csv_grid_read(text, len, sep, &lim, a, &g, &line);
    free(text);
    switch (st) {
    case CSV_READ_OK:
        break;
    case CSV_READ_TOO_MANY_ROWS:
        diag_hint(w->dl,
                  data_file_error(w, 0, 0, "DATA-05", MSG_DATA_TOO_MANY_ROWS,
                                  w->fil, (int)DATA_MAX_ROWS),
                  MSG_DATA_TOO_MANY_HINT);
        return false;
    case CSV_READ_TOO_MANY_FIELDS:
        diag_hint(w->dl,
                  data_file_error(w, 0, 0, "DATA-05", MSG_DATA_TOO_MANY_CELLS,
                                  w->fil, (int)DATA_MAX_CELLS),
                  MSG_DATA_TOO_MANY_HINT);
        return false;
    case CSV_READ_FIELD_TOO_LONG:
        data_file_error(w, line, 0, "DATA-05", MSG_DATA_FIELD_LONG, w->fil,
                        (int)DATA_MAX_FIELD);
        return false;
    case CSV_READ_QUOTE:
        diag_hint(
            w->dl,
            data_file_error(w, line, 0, "DATA-07", MSG_DATA_QUOTE, w->fil),
            MSG_DATA_QUOTE_HINT);
        return false;
    }
    data_sheet *s = arena_alloc(a, sizeof *s);
    memset(s, 0, sizeof *s);
    s->name = "";
    out->sheets = s;
    out->nsheets = 1;
    out->positions_are_lines = true;
    if (g.nrows == 0)
        return true; /* an empty sheet: the mapping says so */
    size_t width = g.row_start[1] - g.row_start[0];
    for (size_t r = 1; r < g.nrows; r++) {
        size_t k = g.row_start[r + 1] - g.row_start[r];
        if (k != width) {
            diag *x =
                data_file_error(w, g.row_line[r], 0, "DATA-07", MSG_DATA_RAGGED,
                                w->fil, (int)k, (int)width);
            diag_hint(w->dl, x, MSG_DATA_RAGGED_HINT, sep_name(sep));
            return false;
        }
    }
    s->nrows = (uint32_t)g.nrows;
    s->ncols = (uint32_t)width;
    s->cells = arena_alloc(a, g.nrows * width * sizeof *s->cells);
    for (size_t r = 0; r < g.nrows; r++)
        for (size_t c = 0; c < width; c++) {
            data_cell *cell = &s->cells[r * width + c];
            const char *f = g.fields[g.row_start[r] + c];
            cell->text = f;
            cell->kind = f[0] ? DCELL_TEXT : DCELL_EMPTY;
            cell->shown = -1;
            cell->line = g.row_line[r];
        }
    return true;
}
