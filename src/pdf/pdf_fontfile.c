/*
 * pdf_fontfile.c: the TrueType file handed to libharu, without glyph
 * names.
 *
 * libharu 2.3.0 embeds a subset of each face (only the glyphs shown) but
 * copies every other table it keeps whole, among them 'post', whose glyph
 * names (27 KB of Liberation Sans's 68 KB subset) no PDF reader uses: a
 * CIDFontType2 reaches its glyphs through the CIDToGIDMap, and text is
 * extracted through ToUnicode. So libharu gets, in a private memory file
 * (memfd, read back through /proc/self/fd), the same font with its 'post'
 * table cut to the 32-byte header of format 3.0 ("no glyph names", OpenType
 * 'post'), which keeps the italic angle, underline and fixed-pitch fields.
 * Nothing else changes: glyph outlines, metrics, hinting, names. Any
 * surprise in the file (no 'post', a table outside the file) keeps the
 * original file.
 */
#define _GNU_SOURCE /* memfd_create */
#include "pdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

/* The whole file, or NULL (fonts are a few MB at most). */
static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 12 &&
        n < 64L * 1024 * 1024 && fseek(f, 0, SEEK_SET) == 0) {
        buf = xmalloc((size_t)n);
        if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    *len = buf ? (size_t)n : 0;
    return buf;
}

/* Cuts the 'post' table of the font in buf to format 3.0 in place: its
 * directory entry gets length 32 and the new checksum (the bytes after
 * stay in the file, unreferenced). False when the file is not as
 * expected. */
static bool cut_post(unsigned char *buf, size_t len)
{
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

int pdf_fontfile_open(const char *path, char *out, size_t out_size)
{
    size_t len;
    unsigned char *buf = read_all(path, &len);
    if (!buf)
        return -1;
    int fd = -1;
    if (cut_post(buf, len)) {
        fd = memfd_create("arsrapport-font", MFD_CLOEXEC);
        size_t done = 0;
        while (fd >= 0 && done < len) {
            ssize_t w = write(fd, buf + done, len - done);
            if (w <= 0) {
                close(fd);
                fd = -1;
            } else {
                done += (size_t)w;
            }
        }
        if (fd >= 0 &&
            snprintf(out, out_size, "/proc/self/fd/%d", fd) >= (int)out_size) {
            close(fd);
            fd = -1;
        }
    }
    free(buf);
    return fd;
}
