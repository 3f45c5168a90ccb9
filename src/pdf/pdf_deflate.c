/*
 * pdf_deflate.c: the deflate (zlib format, PDF's /FlateDecode) of the
 * streams this folder writes itself: each page's content stream as it is
 * painted (pdf_compress_page), the object streams of the saved file
 * (pdf_objstm.c) and the embedded font subsets (pdf.c). libdeflate
 * compresses a whole buffer at once, in about 60 % of zlib's deflate's
 * instructions at the same level for output as small or smaller
 * (issue 25: a fifth of a 12-page build's instructions were zlib's);
 * libharu still compresses its own few streams with zlib when saving.
 *
 * One pdf_deflate per rendering: a compressor per level used, kept from
 * one stream to the next (a 2 000-page document would otherwise set up
 * and free one per page), and the buffers pdf_compress_page reuses.
 * Nothing here fails but an allocation (then the caller keeps the
 * stream uncompressed or as libharu would write it).
 */
#include "../common/arena.h"
#include "pdf_internal.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

/* libdeflate's level for the page contents and object streams: its level
 * 6 makes them smaller than zlib's default level 6 did, in about 60 % of
 * its instructions */
#define DEFAULT_LEVEL 6

pdf_deflate *pdf_deflate_new(void)
{
    return xcalloc(1, sizeof(pdf_deflate));
}

/* Appends src deflated (zlib format, at level) to o. */
static bool deflate_level(pdf_deflate *scratch, pdf_buf *o,
                          const unsigned char *src, size_t n, int level)
{
    if (level < 1 || level > PDF_DEFLATE_MAX_LEVEL)
        return false;
    struct libdeflate_compressor **c = &scratch->comp[level];
    if (!*c && !(*c = libdeflate_alloc_compressor(level)))
        return false;
    size_t cap = libdeflate_zlib_compress_bound(*c, n);
    if (o->cap - o->n < cap) {
        size_t want = o->n + cap, nc = o->cap ? o->cap : 4096;
        while (nc < want)
            nc *= 2;
        o->b = xrealloc(o->b, nc);
        o->cap = nc;
    }
    size_t z = libdeflate_zlib_compress(*c, src, n, o->b + o->n, cap);
    if (z == 0)
        return false;
    o->n += z;
    return true;
}

const pdf_buf *pdf_deflate_bytes(pdf_deflate *scratch, const unsigned char *src,
                                 size_t n, int level)
{
    scratch->z.n = 0;
    return deflate_level(scratch, &scratch->z, src, n, level) ? &scratch->z
                                                              : NULL;
}

bool pdf_deflate_into(pdf_deflate *scratch, pdf_buf *o,
                      const unsigned char *src, size_t n)
{
    return deflate_level(scratch, o, src, n, DEFAULT_LEVEL);
}

void pdf_deflate_release(pdf_deflate *scratch)
{
    if (!scratch)
        return;
    for (int l = 0; l <= PDF_DEFLATE_MAX_LEVEL; l++)
        if (scratch->comp[l])
            libdeflate_free_compressor(scratch->comp[l]);
    free(scratch->raw.b);
    free(scratch->tight.b);
    free(scratch->z.b);
    free(scratch);
}
