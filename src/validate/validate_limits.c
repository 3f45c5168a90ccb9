/*
 * validate_limits.c: what the PDF cannot hold, found before anything is
 * painted, so that the author gets the place and the reason instead of a
 * libharu error code.
 *
 *   LANK-01  a link address longer than VALIDATE_MAX_LINK_BYTES
 *
 * (Table columns are counted with the table's sums, TAB-06 in
 * validate_sum.c; style values are checked when the style is read, STIL-09
 * in src/style/style.c.)
 */
#include <string.h>

#include "validate_internal.h"

void check_link(doc *d, const doc_node *link, diag_list *dl)
{
    const char *href = doc_node_attr(link, "href");
    size_t len = href ? strlen(href) : 0;
    if (len <= VALIDATE_MAX_LINK_BYTES)
        return;
    diag *x = diag_add(dl, DIAG_ERROR, doc_path(d), doc_node_line(link),
                       doc_node_col(link), "LANK-01", MSG_LINK_TOO_LONG,
                       (int)(len > 0x7fffffff ? 0x7fffffff : len),
                       VALIDATE_MAX_LINK_BYTES);
    diag_hint(dl, x, MSG_LINK_TOO_LONG_HINT);
}
