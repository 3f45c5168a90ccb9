/* zipbuild.c: zip archives for the unit tests (zipbuild.h), written after
 * PKWARE's APPNOTE.TXT (4.3.7 local header, 4.3.12 central directory,
 * 4.3.16 end of central directory). */
#include "zipbuild.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct {
    unsigned char *p;
    size_t n, cap;
} zbuf;

static void put(zbuf *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
}

static void u16(zbuf *b, unsigned v)
{
    unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    put(b, c, 2);
}

static void u32(zbuf *b, uint32_t v)
{
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                          (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    put(b, c, 4);
}

/* Raw deflate (no zlib header) of d. */
static unsigned char *deflate_raw(const void *d, size_t n, size_t *out)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        abort();
    size_t cap = deflateBound(&s, (uLong)n) + 16;
    unsigned char *o = malloc(cap);
    if (!o)
        abort();
    s.next_in = (Bytef *)(uintptr_t)d;
    s.avail_in = (uInt)n;
    s.next_out = o;
    s.avail_out = (uInt)cap;
    if (deflate(&s, Z_FINISH) != Z_STREAM_END)
        abort();
    *out = s.total_out;
    deflateEnd(&s);
    return o;
}

unsigned char *zb_build(const zb_entry *e, size_t n, size_t *out_len)
{
    zbuf b = {0}, cd = {0};
    for (size_t i = 0; i < n; i++) {
        size_t clen = e[i].len;
        unsigned char *packed = NULL;
        const void *body = e[i].data;
        if (e[i].deflate) {
            packed = deflate_raw(e[i].data, e[i].len, &clen);
            body = packed;
        }
        uint32_t crc =
            (uint32_t)crc32(0L, (const Bytef *)e[i].data, (uInt)e[i].len);
        uint32_t size =
            e[i].claim >= 0 ? (uint32_t)e[i].claim : (uint32_t)e[i].len;
        unsigned flags = e[i].encrypted ? 1u : 0u;
        unsigned method = e[i].deflate ? 8u : 0u;
        size_t nl = strlen(e[i].name);
        uint32_t offset = (uint32_t)b.n;
        u32(&b, 0x04034b50);
        u16(&b, 20);
        u16(&b, flags);
        u16(&b, method);
        u16(&b, 0);
        u16(&b, 0x21);
        u32(&b, crc);
        u32(&b, (uint32_t)clen);
        u32(&b, size);
        u16(&b, (unsigned)nl);
        u16(&b, 0);
        put(&b, e[i].name, nl);
        put(&b, body, clen);
        u32(&cd, 0x02014b50);
        u16(&cd, 20);
        u16(&cd, 20);
        u16(&cd, flags);
        u16(&cd, method);
        u16(&cd, 0);
        u16(&cd, 0x21);
        u32(&cd, crc);
        u32(&cd, (uint32_t)clen);
        u32(&cd, size);
        u16(&cd, (unsigned)nl);
        u16(&cd, 0);
        u16(&cd, 0);
        u16(&cd, 0);
        u16(&cd, 0);
        u32(&cd, 0);
        u32(&cd, offset);
        put(&cd, e[i].name, nl);
        free(packed);
    }
    uint32_t cd_off = (uint32_t)b.n;
    put(&b, cd.p, cd.n);
    u32(&b, 0x06054b50);
    u16(&b, 0);
    u16(&b, 0);
    u16(&b, (unsigned)n);
    u16(&b, (unsigned)n);
    u32(&b, (uint32_t)cd.n);
    u32(&b, cd_off);
    u16(&b, 0);
    free(cd.p);
    *out_len = b.n;
    return b.p;
}
