/*
 * html.h: the resolved document -> the web edition, one self-contained
 * HTML5 page.
 *
 * The html stage (architecture.md) is the second output beside layout and
 * pdf. It reads the checked model through its accessors and the resolved
 * document (numbering, captions, unit notes, reference texts, chart notes,
 * cover lines and every generated word, in the document's language), and
 * the computed tables (doc_table_calc) with the figures formatted by the
 * same functions the PDF uses (resolve_cell_figure, numfmt.h). It never reads
 * layout: the page reflows in the browser.
 *
 * The page is accessible by construction (WCAG 2.1 AA, EN 301 549 ch. 9):
 * lang on the page and on passages in another language, a title,
 * landmarks (header, nav with the contents, main, footer), a skip link,
 * the title as h1 and sections as h2-h6 by depth, tables with caption, th
 * with scope (headers/id where a table has two header rows or more),
 * figures right-aligned with tabular digits, every table in a labelled
 * focusable region that scrolls sideways instead of the page, charts as
 * <svg role="img"> with title and description and their data as a table
 * in <details>, footnotes as a list after each chapter with links both
 * ways, cross-references as links. CSS (the style's colours and faces with
 * system font stacks), images (data: URIs) and charts (inline SVG) are in
 * the page; it needs no script.
 */
#ifndef ARSRAPPORT_HTML_H
#define ARSRAPPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/diag.h"
#include "../common/pathpolicy.h"
#include "../image/image.h"
#include "../model/model.h"
#include "../resolve/resolve.h"

/* What the page takes from the style (the engine copies it from the
 * layout's style, so that this stage does not depend on layout). */
typedef struct {
    const char *serif_family, *sans_family;   /* "Liberation Serif" */
    bool body_sans, heading_sans, table_sans; /* each role's family */
    uint32_t heading_color, text_color, rule_color, header_fill;
    uint32_t furniture_color;
    uint32_t chart_colors[6]; /* each at least 3:1 against white */
    int n_chart_colors;
    int toc_depth;    /* heading levels in the contents */
    const char *logo; /* the style's logo file, or NULL */
    /* section headings by depth: in capitals, letter-spacing (mpt); a
     * bulleted list's mark by level (n_list_marks 0: the browser's) */
    bool h_caps[6];
    int32_t h_tracking[6];
    const char *list_marks[4];
    int n_list_marks;
} html_style;

typedef struct {
    const html_style *style;
    /* --utkast: the page is marked a draft at the top and lists
     * problems (the job's diagnostics, sorted) at its end */
    bool draft;
    const diag_list *problems;
    /* the PDF edition's file name relative to the page, or NULL when no
     * PDF is written beside it */
    const char *pdf_href;
    /* the <meta name="description">: the kind and period, or "" */
    const char *description;
    /* images checked before (image_check_document) and the folders they
     * may come from */
    image_cache *images;
    const path_policy *paths;
} html_options;

/* Renders document d (checked and resolved into r) as one HTML page into
 * *out (malloc'd, *len bytes; the caller frees). Returns 0, or 2 with an
 * error in dl when an image that was checked can no longer be read. Out
 * of memory aborts. Reads d and r only (the tables' computations are kept
 * on d, doc_table_calc). */
int html_render(doc *d, const resolved *r, const html_options *o, diag_list *dl,
                char **out, size_t *len);

#endif
