/*
 * kolada.h: key figures from Kolada, fetched once and read offline (the
 * only user of the JSON library, json-c).
 *
 * Two halves that meet in one file format, the "Kolada file":
 *
 * - kolada_fetch (the `hamta` command) asks Kolada's API v3 for the values
 *   of some key figures (KPIs) in some municipalities and years, and their
 *   titles, and writes them to a local JSON file: the answers' own v3
 *   entries (kpi, municipality, period, values by gender with status),
 *   with the date and address they were fetched from. Through src/net, the
 *   only network access the program has.
 *
 * - kolada_expand_document (every build and check, right after parsing)
 *   turns each nyckeltal element of a document into an ordinary table of
 *   the model, read from that file: no later stage knows it came from
 *   Kolada, and nothing is fetched.
 *
 * The file (version 1), as hamta writes it:
 *   {"format": "arsrapport-kolada", "version": 1,
 *    "hamtat": "2026-12-06", "url": "https://api.kolada.se/v3",
 *    "anrop": ["https://…/v3/data/kpi/…", …],
 *    "kpi": [{"id": "N00945", "title": "…", "description": "…"}, …],
 *    "municipality": [{"id": "0117", "title": "Österåker", "type": "K"}, …],
 *    "values": [{"kpi": "N00945", "municipality": "0117", "period": 2024,
 *                "values": [{"gender": "T", "status": null, "value": 12.5},
 *                           …]}, …]}
 * A file made by hand (an example, test data) may add "testdata": true
 * and "proveniens": "…" (where the figures come from): the table's note
 * then says it is test data, not Kolada's.
 */
#ifndef ARSRAPPORT_KOLADA_H
#define ARSRAPPORT_KOLADA_H

#include <stddef.h>

#include "../common/diag.h"
#include "../common/pathpolicy.h"
#include "../model/model.h"

/* Kolada's own address, used when ARSRAPPORT_KOLADA_URL is not set. */
#define KOLADA_DEFAULT_URL "https://api.kolada.se/v3"

/* Limits of one fetch: ids, years, pages, bytes, values. */
#define KOLADA_MAX_KPIS 25
#define KOLADA_MAX_AREAS 25
#define KOLADA_MAX_YEARS 25
#define KOLADA_MAX_PAGES 50
#define KOLADA_MAX_ANSWER (16u * 1024u * 1024u)
#define KOLADA_MAX_VALUES 200000
/* Limits of the file read at build time. */
#define KOLADA_MAX_FILE (32u * 1024u * 1024u)
#define KOLADA_MAX_TABLE_YEARS 24

typedef struct {
    const char *base_url;    /* without a trailing slash */
    const char *const *kpis; /* ids, checked: [A-Z][0-9]{5} */
    size_t nkpis;
    const char *const *areas; /* municipality ids (kommun, then jamfor) */
    size_t nareas;
    int year_from, year_to; /* inclusive */
    long timeout_s;         /* whole transfer, per request */
    const char *today;      /* YYYY-MM-DD, written as "hamtat" */
    /* on success: the Kolada file's text (the caller frees it) */
    char *text;
    size_t text_len;
    size_t nvalues;
} kolada_fetch_options;

/* Fetches the values, KPI titles and municipality names from Kolada's
 * API v3 at o->base_url into the text of a Kolada file (o->text), which
 * the caller writes. Returns 0 with the text; 2 without, with the reasons
 * (timeouts, HTTP errors, answers too large, malformed or not in v3's
 * shape, unknown ids) in dl. Loads libcurl for the fetch (HAMTA-14 when
 * it cannot). */
int kolada_fetch(kolada_fetch_options *o, diag_list *dl);

/* True for a KPI id ("N00945") and a municipality id ("0117"). */
int kolada_valid_kpi(const char *s);
int kolada_valid_area(const char *s);

/* Expands every nyckeltal of d (a DOC_TABLE with the attributes fil and
 * kpi, as parse makes it) into columns, rows and a source note read from
 * its Kolada file, a path relative to the document's folder that pp
 * allows (like images). Problems are added to dl at the element's or the
 * attribute's place: a file that cannot be read or is not a Kolada file,
 * a KPI or municipality id the file lacks (naming what it holds), years
 * it has no values for are errors; a file fetched before the report's
 * period ended and a heading that is not the KPI's title are warnings. A
 * table that cannot be filled gets a single empty column, so that later
 * stages see a well-formed table. Each file is read once per document.
 * Everything lives in d's arena. */
void kolada_expand_document(doc *d, const path_policy *pp, diag_list *dl);

#endif
