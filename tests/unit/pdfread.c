/*
 * pdfread.c: see pdfread.h.
 */
#include "pdfread.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

bool pdfread_inflate(const unsigned char *z, size_t zn, unsigned char **out,
                     size_t *outn)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit(&s) != Z_OK)
        return false;
    size_t cap = zn * 4 + 64, n = 0;
    unsigned char *b = malloc(cap);
    s.next_in = (Bytef *)(uintptr_t)z;
    s.avail_in = (uInt)zn;
    int rc = Z_OK;
    while (b && rc == Z_OK) {
        if (n == cap) {
            cap *= 2;
            unsigned char *nb = realloc(b, cap);
            if (!nb)
                break;
            b = nb;
        }
        s.next_out = b + n;
        s.avail_out = (uInt)(cap - n);
        rc = inflate(&s, Z_NO_FLUSH);
        n = cap - s.avail_out;
    }
    inflateEnd(&s);
    if (rc != Z_STREAM_END) {
        free(b);
        return false;
    }
    *out = b;
    *outn = n;
    return true;
}

const unsigned char *pdfread_find(const unsigned char *b, size_t n,
                                  const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (b[i] == (unsigned char)s[0] && memcmp(b + i, s, k) == 0)
            return b + i;
    return NULL;
}

unsigned char *pdfread_expand(const unsigned char *b, size_t n, size_t *outn)
{
    size_t cap = n + 1, len = n;
    unsigned char *r = malloc(cap);
    if (!r)
        return NULL;
    memcpy(r, b, n);
    const unsigned char *p = b, *end = b + n;
    while ((p = pdfread_find(p, (size_t)(end - p), "/Type /ObjStm")) != NULL) {
        const unsigned char *l = pdfread_find(p, (size_t)(end - p), "/Length ");
        const unsigned char *s =
            pdfread_find(p, (size_t)(end - p), "stream\r\n");
        p += 13;
        if (!l || !s)
            break;
        size_t zl = strtoul((const char *)l + 8, NULL, 10);
        s += 8;
        unsigned char *d;
        size_t dn;
        if (zl > (size_t)(end - s) || !pdfread_inflate(s, zl, &d, &dn))
            continue;
        if (len + dn + 1 > cap) {
            cap = (len + dn + 1) * 2;
            unsigned char *nr = realloc(r, cap);
            if (!nr) {
                free(d);
                break;
            }
            r = nr;
        }
        memcpy(r + len, d, dn);
        len += dn;
        free(d);
    }
    *outn = len;
    return r;
}
