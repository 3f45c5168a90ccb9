/*
 * validate_limits.c: what the PDF cannot hold, found before anything is
 * painted, so that the author gets the place and the reason instead of a
 * libharu error code.
 *
 *   LANK-01  a link address longer than VALIDATE_MAX_LINK_BYTES
 *   PDF-04   a heading, or a metadata text that goes into the document
 *            information, longer than VALIDATE_MAX_PDF_TEXT characters
 *
 * (Table columns are counted with the table's sums, TAB-06 in
 * validate_sum.c; style values are checked when the style is read, STIL-09
 * in src/style/style.c.)
 */
#include <stdio.h>
#include <string.h>

#include "../common/utf8.h"
#include "validate_internal.h"

static int clamp_int(size_t n)
{
    return n > 0x7fffffff ? 0x7fffffff : (int)n;
}

/* PDF-04 when text is longer than the limit; where says what it is. */
static void check_text(doc *d, const doc_node *at, const char *where,
                       const char *text, diag_list *dl)
{
    if (!text || strlen(text) <= VALIDATE_MAX_PDF_TEXT)
        return; /* a character is at least a byte */
    size_t n = utf8_length(text);
    if (n <= VALIDATE_MAX_PDF_TEXT)
        return;
    diag *x =
        diag_add(dl, DIAG_ERROR, doc_path(d), at ? doc_node_line(at) : 0,
                 at ? doc_node_col(at) : 0, "PDF-04", MSG_PDF_TEXT_TOO_LONG,
                 where, clamp_int(n), VALIDATE_MAX_PDF_TEXT);
    diag_hint(dl, x, MSG_PDF_TEXT_TOO_LONG_HINT);
}

/* The metadata texts that become document information strings. */
static void check_metadata(doc *d, diag_list *dl)
{
    const doc_meta *m = doc_metadata(d);
    if (!m)
        return;
    const struct {
        const char *name, *text;
    } f[] = {{"titel", m->titel},
             {"undertitel", m->undertitel},
             {"organisation", m->organisation},
             {"namnd", m->namnd},
             {"forvaltning", m->forvaltning},
             {"diarienummer", m->diarienummer},
             {"forfattare", m->forfattare}};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        char where[64];
        snprintf(where, sizeof where, "<%s>", f[i].name);
        check_text(d, NULL, where, f[i].text, dl);
    }
    /* the keywords are joined into one string */
    size_t total = 0;
    for (size_t i = 0; i < m->n_nyckelord; i++)
        total += utf8_length(m->nyckelord[i]) + 2;
    if (total > VALIDATE_MAX_PDF_TEXT) {
        diag *x = diag_add(dl, DIAG_ERROR, doc_path(d), 0, 0, "PDF-04",
                           MSG_PDF_TEXT_TOO_LONG, "<nyckelord>",
                           clamp_int(total), VALIDATE_MAX_PDF_TEXT);
        diag_hint(dl, x, MSG_PDF_TEXT_TOO_LONG_HINT);
    }
}

void check_limits(doc *d, const doc_node *n, diag_list *dl)
{
    switch (doc_node_kind(n)) {
    case DOC_ROOT:
        check_metadata(d, dl);
        break;
    case DOC_HEADING:
        check_text(d, n, "<rubrik>", doc_node_plain_text(d, n), dl);
        break;
    case DOC_LINK: {
        const char *href = doc_node_attr(n, "href");
        size_t len = href ? strlen(href) : 0;
        if (len <= VALIDATE_MAX_LINK_BYTES)
            break;
        diag *x = diag_add(dl, DIAG_ERROR, doc_path(d), doc_node_line(n),
                           doc_node_col(n), "LANK-01", MSG_LINK_TOO_LONG,
                           clamp_int(len), VALIDATE_MAX_LINK_BYTES);
        diag_hint(dl, x, MSG_LINK_TOO_LONG_HINT);
        break;
    }
    default:
        break;
    }
}
