/*
 * pdf_fontfile.c: the TrueType face read once per rendering, without
 * glyph names, and the subset of it that is embedded.
 *
 * pdf.c maps each face into memory once (pdf_fontfile_load: a private
 * copy-on-write mapping of the file, so that only the pages read are
 * touched and the one page written is copied), for libharu to load its
 * metrics from (harux_font_load_ttf: no stdio reads, no temporary file)
 * and for the subset made here. The subset
 * keeps 'post', whose glyph names (27 KB of Liberation Sans's 68 KB
 * subset) no PDF reader uses: a CIDFontType2 reaches its glyphs through
 * the CIDToGIDMap, and text is extracted through ToUnicode. So the face
 * in memory gets its 'post' table cut to the 32-byte header of format 3.0
 * ("no glyph names", OpenType 'post', pdf_fontfile_cut_post), which keeps
 * the italic angle, underline and fixed-pitch fields. Nothing else
 * changes: glyph outlines, metrics, hinting, names. Any surprise in the
 * file (no 'post', a table outside the file) keeps the original bytes.
 */
#include "pdf_internal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/arena.h"

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Its directory entry gets length 32 and the new checksum (the bytes
 * after stay in the file, unreferenced). */
bool pdf_fontfile_cut_post(unsigned char *buf, size_t len)
{
    if (len < 12)
        return false;
    uint32_t version = get32(buf);
    if (version != 0x00010000u && version != 0x74727565u) /* 1.0, 'true' */
        return false;
    unsigned ntables = (unsigned)buf[4] << 8 | buf[5];
    if (12 + (size_t)ntables * 16 > len)
        return false;
    for (unsigned i = 0; i < ntables; i++) {
        unsigned char *rec = buf + 12 + (size_t)i * 16;
        if (memcmp(rec, "post", 4) != 0)
            continue;
        uint32_t off = get32(rec + 8), n = get32(rec + 12);
        if (n <= 32 || off % 4 != 0 || (size_t)off + n > len)
            return false;
        put32(buf + off, 0x00030000u);
        uint32_t sum = 0; /* 32 bytes: no padding */
        for (unsigned k = 0; k < 32; k += 4)
            sum += get32(buf + off + k);
        put32(rec + 4, sum);
        put32(rec + 12, 32);
        return true;
    }
    return false;
}

/* --- the embedded subset ---------------------------------------------------
 *
 * libharu 2.3.0 writes the subset itself when the file is saved, reading
 * the face again glyph by glyph through its file stream: a tenth of all
 * instructions of a 12-page build. The same subset is made here from the
 * face in memory: the tables libharu keeps (those of the 13 it lists that
 * the face has, in tag order), the glyphs not shown emptied in 'glyf' and
 * 'loca' (their numbers unchanged, so that the CIDToGIDMap and 'hmtx'
 * stay as they are), each table 4-byte aligned with its checksum, and
 * 'head' with the file's checksum adjustment. */

static uint16_t get16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

unsigned char *pdf_fontfile_load(const char *path, size_t *len)
{
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    void *m = MAP_FAILED;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 12 &&
        st.st_size < 64L * 1024 * 1024)
        m = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE,
                 fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return NULL;
    *len = (size_t)st.st_size;
    return m;
}

void pdf_fontfile_release(unsigned char *face, size_t len)
{
    madvise(face, len, MADV_DONTNEED);
}

void pdf_fontfile_free(unsigned char *face, size_t len)
{
    if (face)
        munmap(face, len);
}

typedef struct {
    const unsigned char *p; /* in the face */
    uint32_t len;
} ftable;

/* Table tag's place and length in the face, checked to lie inside it. */
static bool find_table(const unsigned char *font, size_t len, const char *tag,
                       ftable *t)
{
    unsigned n = get16(font + 4);
    if (12 + (size_t)n * 16 > len)
        return false;
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *rec = font + 12 + (size_t)i * 16;
        if (memcmp(rec, tag, 4) != 0)
            continue;
        uint32_t off = get32(rec + 8), n2 = get32(rec + 12);
        if (off > len || n2 > len - off)
            return false;
        t->p = font + off;
        t->len = n2;
        return true;
    }
    t->p = NULL;
    t->len = 0;
    return true; /* absent */
}

static uint32_t checksum(const unsigned char *p, size_t n)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        sum += get32(p + i);
    if (i < n) {
        unsigned char last[4] = {0};
        memcpy(last, p + i, n - i);
        sum += get32(last);
    }
    return sum;
}

/* The glyph data of glyph g: [*a, *b) in 'glyf'. */
static bool glyph_span(const ftable *loca, const ftable *glyf, bool long_loca,
                       size_t g, uint32_t *a, uint32_t *b)
{
    if (long_loca) {
        *a = get32(loca->p + 4 * g);
        *b = get32(loca->p + 4 * g + 4);
    } else {
        *a = 2u * get16(loca->p + 2 * g);
        *b = 2u * get16(loca->p + 2 * g + 2);
    }
    return *a <= *b && *b <= glyf->len;
}

/* Adds the glyphs composite glyph g is made of to keep (PDF readers draw
 * them from the subset); false when its data runs out. */
static bool keep_components(const ftable *loca, const ftable *glyf,
                            bool long_loca, size_t nglyphs, size_t g,
                            uint8_t *keep, size_t *added)
{
    uint32_t a, b;
    if (!glyph_span(loca, glyf, long_loca, g, &a, &b))
        return false;
    if (b - a < 10 || (int16_t)get16(glyf->p + a) >= 0)
        return true; /* empty or simple */
    size_t p = a + 10;
    for (;;) {
        if (p + 4 > b)
            return false;
        uint16_t flags = get16(glyf->p + p), c = get16(glyf->p + p + 2);
        if (c >= nglyphs)
            return false;
        if (!keep[c]) {
            keep[c] = 1;
            (*added)++;
        }
        p += 4 + ((flags & 0x0001) ? 4 : 2);
        p += (flags & 0x0008)   ? 2
             : (flags & 0x0040) ? 4
             : (flags & 0x0080) ? 8
                                : 0;
        if (!(flags & 0x0020))
            return true;
    }
}

unsigned char *pdf_fontfile_subset(const unsigned char *font, size_t len,
                                   const uint8_t *used, size_t nglyphs,
                                   size_t *out_len)
{
    static const char tags[][5] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf",
                                   "head", "hhea", "hmtx", "loca", "maxp",
                                   "name", "post", "prep"};
    enum { NT = sizeof tags / sizeof *tags };
    *out_len = 0;
    if (len < 12 || nglyphs == 0)
        return NULL;
    uint32_t version = get32(font);
    if (version != 0x00010000u && version != 0x74727565u)
        return NULL;
    ftable t[NT];
    for (size_t i = 0; i < NT; i++)
        if (!find_table(font, len, tags[i], &t[i]))
            return NULL;
    const ftable *glyf = &t[4], *head = &t[5], *loca = &t[8], *maxp = &t[9];
    if (!glyf->p || !head->p || head->len < 54 || !loca->p || !maxp->p ||
        maxp->len < 6 || get16(maxp->p + 4) != nglyphs)
        return NULL;
    bool long_loca = get16(head->p + 50) != 0;
    if (loca->len < (nglyphs + 1) * (long_loca ? 4 : 2))
        return NULL;

    /* the glyphs: those shown, glyph 0, and what composites use */
    uint8_t *keep = xmalloc(nglyphs);
    memcpy(keep, used, nglyphs);
    keep[0] = 1;
    size_t added = 1;
    while (added) {
        added = 0;
        for (size_t g = 0; g < nglyphs; g++)
            if (keep[g] == 1) {
                keep[g] = 2; /* its components looked at */
                if (!keep_components(loca, glyf, long_loca, nglyphs, g, keep,
                                     &added)) {
                    free(keep);
                    return NULL;
                }
            }
    }
    size_t glyf_n = 0;
    for (size_t g = 0; g < nglyphs; g++) {
        uint32_t a, b;
        if (!glyph_span(loca, glyf, long_loca, g, &a, &b)) {
            free(keep);
            return NULL;
        }
        if (keep[g])
            glyf_n += (b - a + 3) & ~(size_t)3;
    }
    size_t loca_n = (nglyphs + 1) * (long_loca ? 4 : 2);
    /* short offsets count words: 131 070 bytes of glyphs at most */
    if (!long_loca && glyf_n > 0x1FFFCu) {
        free(keep);
        return NULL;
    }

    unsigned nt = 0;
    size_t total = 12;
    for (size_t i = 0; i < NT; i++)
        if (t[i].p) {
            nt++;
            size_t n = i == 4 ? glyf_n : i == 8 ? loca_n : t[i].len;
            total += 16 + ((n + 3) & ~(size_t)3);
        }
    unsigned char *out = xcalloc(1, total);
    put32(out, version);
    put16(out + 4, (uint16_t)nt);
    unsigned es = 0;
    while ((2u << es) <= nt)
        es++;
    put16(out + 6, (uint16_t)(16u << es));
    put16(out + 8, (uint16_t)es);
    put16(out + 10, (uint16_t)(nt * 16 - (16u << es)));
    size_t pos = 12 + (size_t)nt * 16, head_at = 0;
    unsigned k = 0;
    for (size_t i = 0; i < NT; i++) {
        if (!t[i].p)
            continue;
        unsigned char *dst = out + pos;
        size_t n;
        if (i == 4 || i == 8) { /* glyf and loca together */
            n = i == 4 ? glyf_n : loca_n;
            if (i == 4) {
                size_t at = 0;
                for (size_t g = 0; g < nglyphs; g++) {
                    uint32_t a, b;
                    glyph_span(loca, glyf, long_loca, g, &a, &b);
                    if (keep[g]) {
                        memcpy(dst + at, glyf->p + a, b - a);
                        at += (b - a + 3) & ~(size_t)3;
                    }
                }
            } else {
                size_t at = 0;
                for (size_t g = 0; g <= nglyphs; g++) {
                    if (long_loca)
                        put32(dst + 4 * g, (uint32_t)at);
                    else
                        put16(dst + 2 * g, (uint16_t)(at / 2));
                    uint32_t a, b;
                    if (g < nglyphs && keep[g]) {
                        glyph_span(loca, glyf, long_loca, g, &a, &b);
                        at += (b - a + 3) & ~(size_t)3;
                    }
                }
            }
        } else {
            n = t[i].len;
            memcpy(dst, t[i].p, n);
            if (i == 5) {
                head_at = pos;
                put32(dst + 8, 0); /* checkSumAdjustment, set below */
            }
        }
        unsigned char *rec = out + 12 + (size_t)k++ * 16;
        memcpy(rec, tags[i], 4);
        put32(rec + 4, checksum(dst, n));
        put32(rec + 8, (uint32_t)pos);
        put32(rec + 12, (uint32_t)n);
        pos += (n + 3) & ~(size_t)3;
    }
    put32(out + head_at + 8, 0xB1B0AFBAu - checksum(out, total));
    free(keep);
    *out_len = total;
    return out;
}
