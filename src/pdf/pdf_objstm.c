/*
 * pdf_objstm.c: makes the file libharu saved smaller by moving its plain
 * objects (dictionaries, arrays, numbers: most of them the structure
 * elements of the tagged PDF) into compressed object streams and the
 * classic cross-reference table into a cross-reference stream (PDF
 * 32000-1 7.5.7 and 7.5.8). libharu 2.3.0 cannot write either.
 *
 * libharu writes a simple file: the header and binary comment, then
 * "N G obj ... endobj" in sequence, one xref section "0 Size" and a
 * trailer. We read exactly that and check everything we rely on; when
 * anything is not as expected the file is left as it is (the caller
 * keeps the original bytes), so the worst outcome is a larger file.
 * Stream objects are copied byte for byte; object numbers do not change.
 *
 * Neither the pages nor the file are held in memory whole. Each painted
 * page's compressed content goes to a spill file (an unlinked temporary
 * file in $TMPDIR, pdf_compress_page) and libharu keeps an empty stream in
 * its place; libharu saves the file to another temporary file, which is
 * read here through a read-only mapping, and the finished file is written
 * to the output's descriptor piece by piece (pdf_out), each spilled page
 * copied into its placeholder and the number object of its /Length set,
 * the file identifier filled in from the digest of the bytes as written.
 * The bytes are those the all-in-memory way wrote.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include "../common/arena.h"
#include "pdf_harux.h"
#include "pdf_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Objects per object stream: a few hundred compress nearly as well as
 * one stream of all, and a reader that wants one object inflates little */
#define OBJSTM_PER_STREAM 200

typedef struct {
    size_t off, end;     /* "N G obj" .. up to the next object */
    size_t body, body_n; /* between "obj" and "endobj", trimmed */
    size_t ds;           /* a stream: where its data starts */
    unsigned gen;
    bool used, plain;
    bool len_set;    /* the /Length of a spilled page: len_val, not the body */
    size_t stm, idx; /* after packing: object stream number, index */
    size_t spill;    /* a spilled page's placeholder: its record + 1 */
    size_t len_val;  /* a placeholder: its /Length's object number */
} xobj;

/* Bytes written piece by piece, to a descriptor (fd >= 0: b holds what is
 * not written yet, base the bytes before it, md5 their digest so far) or
 * into memory (fd < 0: b is the whole file). After out_hold the rest
 * stays in b (the cross-reference section, where the identifier is
 * filled in by out_end). err: the first write's errno. */
#define OUT_CHUNK 65536
typedef struct {
    pdf_buf b;
    int fd;
    bool hold;
    size_t base;
    harux_md5_state *md5;
    int err;
} pdf_out;

/* Page contents moved out of memory (pdf_compress_page): the spill file
 * and, per page, its content stream's object number, that of the number
 * object of its /Length, and its bytes' place in the file. */
typedef struct {
    uint32_t num, len_num;
    size_t off, len;
} spilled;

typedef struct pdf_spill {
    int fd;
    size_t end;
    spilled *v;
    size_t n, cap;
} pdf_spill;

/* Room for n more bytes. */
static void buf_reserve(pdf_buf *o, size_t n)
{
    if (o->n + n > o->cap) {
        size_t c = o->cap ? o->cap : 4096;
        while (c < o->n + n)
            c *= 2;
        o->b = xrealloc(o->b, c);
        o->cap = c;
    }
}

void pdf_buf_put(pdf_buf *o, const void *p, size_t n)
{
    if (n == 0)
        return;
    buf_reserve(o, n);
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

void pdf_buf_puts(pdf_buf *o, const char *s)
{
    pdf_buf_put(o, s, strlen(s));
}

void pdf_buf_num(pdf_buf *o, size_t v)
{
    char t[24];
    int k = (int)sizeof t; /* the digits from the end, then put at once */
    do {
        t[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    pdf_buf_put(o, t + k, sizeof t - (size_t)k);
}

void pdf_buf_milli(pdf_buf *o, int64_t v)
{
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (v < 0)
        pdf_buf_puts(o, "-");
    pdf_buf_num(o, (size_t)(m / 1000));
    unsigned frac = (unsigned)(m % 1000);
    if (frac) {
        char f[5] = {'.', (char)('0' + frac / 100),
                     (char)('0' + frac / 10 % 10), (char)('0' + frac % 10), 0};
        int len = 4;
        while (f[len - 1] == '0')
            len--;
        pdf_buf_put(o, f, (size_t)len);
    }
}

/* --- writing the file ---------------------------------------------------- */

/* Writes n bytes to fd, retrying short writes; false with errno set. */
static bool write_fd(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = EIO;
            return false;
        }
        p += k;
        n -= (size_t)k;
    }
    return true;
}

static void out_emit(pdf_out *o, const unsigned char *p, size_t n)
{
    harux_md5_add(o->md5, p, n);
    if (!o->err && !write_fd(o->fd, p, n))
        o->err = errno ? errno : EIO;
    o->base += n;
}

static void out_flush(pdf_out *o)
{
    if (o->fd < 0 || o->b.n == 0)
        return;
    out_emit(o, o->b.b, o->b.n);
    o->b.n = 0;
}

static size_t out_pos(const pdf_out *o)
{
    return o->base + o->b.n;
}

/* Called after anything was appended to o->b directly. */
static void out_check(pdf_out *o)
{
    if (o->fd >= 0 && !o->hold && o->b.n >= OUT_CHUNK)
        out_flush(o);
}

static void out_put(pdf_out *o, const void *p, size_t n)
{
    if (o->fd >= 0 && !o->hold && n >= OUT_CHUNK) {
        out_flush(o);
        out_emit(o, p, n);
        return;
    }
    pdf_buf_put(&o->b, p, n);
    out_check(o);
}

static void out_puts(pdf_out *o, const char *s)
{
    out_put(o, s, strlen(s));
}

static void out_num(pdf_out *o, size_t v)
{
    pdf_buf_num(&o->b, v);
    out_check(o);
}

/* What follows is the cross-reference section: kept until out_end. */
static void out_hold(pdf_out *o)
{
    out_flush(o);
    o->hold = true;
}

/* Writes what is held, the identifier filled in (a descriptor only).
 * False when a write failed (o->err). */
static bool out_end(pdf_out *o)
{
    if (o->fd >= 0) {
        unsigned char digest[16];
        harux_md5_add(o->md5, o->b.b, o->b.n);
        harux_md5_end(o->md5, digest);
        o->md5 = NULL;
        pdfmeta_fill_id(o->b.b, o->b.n, digest);
        o->hold = false;
        if (o->b.n && !o->err && !write_fd(o->fd, o->b.b, o->b.n))
            o->err = errno ? errno : EIO;
        o->base += o->b.n;
        o->b.n = 0;
    }
    return !o->err;
}

/* Starts o again from an empty file (a descriptor: truncated). */
static bool out_restart(pdf_out *o)
{
    o->b.n = 0;
    o->base = 0;
    o->hold = false;
    if (o->fd < 0)
        return true;
    harux_md5_end(o->md5, (unsigned char[16]){0});
    o->md5 = harux_md5_new();
    if (!o->err && (ftruncate(o->fd, 0) != 0 || lseek(o->fd, 0, SEEK_SET) != 0))
        o->err = errno;
    return !o->err;
}

/* Copies len bytes at off of the spill file to o; false on a read error
 * (errno in o->err). */
static bool out_copy_spilled(pdf_out *o, const pdf_spill *sp, size_t off,
                             size_t len)
{
    unsigned char chunk[OUT_CHUNK];
    while (len > 0) {
        size_t k = len < sizeof chunk ? len : sizeof chunk;
        ssize_t r = pread(sp->fd, chunk, k, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            o->err = r < 0 ? errno : EIO;
            return false;
        }
        out_put(o, chunk, (size_t)r);
        off += (size_t)r;
        len -= (size_t)r;
    }
    return true;
}

int pdf_tmpfile(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    /* a file system without O_TMPFILE: a named file, unlinked at once */
    char path[4096];
    if (snprintf(path, sizeof path, "%s/arsrapport-XXXXXX", dir) >=
        (int)sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    fd = mkostemp(path, O_CLOEXEC);
    if (fd < 0)
        return -1;
    unlink(path);
    return fd;
}

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
           c == 0;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Digits at *p (at most 18 of them) into *v. */
static bool read_uint(const unsigned char *b, size_t n, size_t *p, size_t *v)
{
    size_t i = *p, x = 0;
    while (i < n && is_digit(b[i]) && i - *p < 18)
        x = x * 10 + (size_t)(b[i++] - '0');
    if (i == *p || (i < n && is_digit(b[i])))
        return false;
    *p = i;
    *v = x;
    return true;
}

static bool starts(const unsigned char *b, size_t n, size_t p, const char *s)
{
    size_t k = strlen(s);
    return p <= n && n - p >= k && memcmp(b + p, s, k) == 0;
}

static size_t skip_ws(const unsigned char *b, size_t n, size_t p)
{
    while (p < n && is_ws(b[p]))
        p++;
    return p;
}

/* The body's integer if it is nothing but one. */
static bool body_uint(const unsigned char *b, const xobj *o, size_t *v)
{
    size_t p = 0;
    return read_uint(b + o->body, o->body_n, &p, v) && p == o->body_n;
}

/* Splits object o (its span known) into "N G obj", body and "endobj". */
static bool parse_object(const unsigned char *b, size_t num, xobj *o)
{
    size_t p = o->off, v;
    if (!read_uint(b, o->end, &p, &v) || v != num || p >= o->end ||
        b[p++] != ' ' || !read_uint(b, o->end, &p, &v) || v != o->gen ||
        !starts(b, o->end, p, " obj") || p + 4 >= o->end || !is_ws(b[p + 4]))
        return false;
    size_t s = skip_ws(b, o->end, p + 4), e = o->end;
    while (e > s && is_ws(b[e - 1]))
        e--;
    if (e - s < 6 || memcmp(b + e - 6, "endobj", 6) != 0)
        return false;
    e -= 6;
    if (e <= s || !is_ws(b[e - 1]))
        return false;
    while (e > s && is_ws(b[e - 1]))
        e--;
    if (e == s)
        return false;
    o->body = s;
    o->body_n = e - s;
    return true;
}

/* A stream object: its dictionary's /Length (direct, or an indirect
 * reference to an object that is an integer) must lead from
 * "stream" EOL exactly to EOL "endstream". A body that does not end
 * in "endstream" is a plain object. */
static bool check_stream(const unsigned char *b, const xobj *objs, size_t nobj,
                         xobj *o)
{
    const unsigned char *s = b + o->body;
    size_t n = o->body_n;
    o->plain = !(n >= 10 && memcmp(s + n - 9, "endstream", 9) == 0 &&
                 is_ws(s[n - 10]));
    if (o->plain)
        return s[0] != 's' || !starts(s, n, 0, "stream");
    size_t p = 0, len = 0;
    for (; p + 8 < n; p++)
        if (s[p] == '/' && memcmp(s + p, "/Length", 7) == 0 && is_ws(s[p + 7]))
            break;
    if (p + 8 >= n)
        return false;
    p = skip_ws(s, n, p + 7);
    if (!read_uint(s, n, &p, &len))
        return false;
    size_t q = skip_ws(s, n, p), ref = SIZE_MAX, g;
    if (q > p && read_uint(s, n, &q, &g) && starts(s, n, q, " R")) {
        /* "/Length N 0 R" */
        ref = len;
        if (g != 0 || ref >= nobj || !objs[ref].used || objs[ref].gen != 0 ||
            !body_uint(b, &objs[ref], &len))
            return false;
    }
    size_t es = n - 9;
    for (size_t eol = 0; eol <= 2; eol++) {
        if (eol > es)
            break;
        size_t de = es - eol;
        if ((eol == 1 && s[de] != '\n' && s[de] != '\r') ||
            (eol == 2 && memcmp(s + de, "\r\n", 2) != 0) || len > de)
            continue;
        size_t ds = de - len;
        size_t kw = ds >= 8 && memcmp(s + ds - 2, "\r\n", 2) == 0 ? ds - 8
                    : ds >= 7 && s[ds - 1] == '\n'                ? ds - 7
                                                                  : n;
        if (kw < n && memcmp(s + kw, "stream", 6) == 0 && kw >= 2 &&
            (is_ws(s[kw - 1]) || s[kw - 1] == '>') && s[0] == '<' &&
            s[1] == '<') {
            o->ds = o->body + ds;
            /* a spilled page's placeholder: empty, its /Length the one
             * recorded */
            return !o->spill || (len == 0 && ref == o->len_val && ref < nobj &&
                                 objs[ref].len_set);
        }
    }
    return false;
}

/* The trailer's entries we carry over, one per line as libharu writes
 * them: /Root, /Info, /ID. Any other key but /Size (/Encrypt, /Prev ..)
 * and we leave the file alone. */
static bool parse_trailer(const unsigned char *b, size_t p, size_t end,
                          size_t size, pdf_buf *keep)
{
    p = skip_ws(b, end, p);
    if (!starts(b, end, p, "<<"))
        return false;
    p += 2;
    bool root = false;
    for (;;) {
        p = skip_ws(b, end, p);
        if (starts(b, end, p, ">>"))
            break;
        size_t e = p;
        while (e < end && b[e] != '\n' && b[e] != '\r')
            e++;
        if (e >= end || b[p] != '/')
            return false;
        if (starts(b, e, p, "/Size ")) {
            size_t q = p + 6, v;
            if (!read_uint(b, e, &q, &v) || v != size)
                return false;
        } else if (starts(b, e, p, "/Root ") || starts(b, e, p, "/Info ") ||
                   starts(b, e, p, "/ID ")) {
            root |= starts(b, e, p, "/Root ");
            pdf_buf_put(keep, b + p, e - p);
            pdf_buf_put(keep, "\n", 1);
        } else {
            return false;
        }
        p = e;
    }
    p = skip_ws(b, end, p + 2);
    return root && p == end;
}

/* Where scratch keeps its spill file: the deflate scratch carries it so
 * that pdf_compress_page(scratch, page) needs nothing more. */
static pdf_spill **pdf_deflate_spill(pdf_deflate *scratch)
{
    return &scratch->spill;
}

/* A stream object with dictionary entries dict (lines) and deflated
 * data. */
static bool write_stream(pdf_deflate *scratch, pdf_out *out, size_t num,
                         const char *dict, const unsigned char *data, size_t n)
{
    pdf_buf *zb = &scratch->z;
    zb->n = 0;
    if (!pdf_deflate_into(scratch, zb, data, n))
        return false;
    pdf_buf z = *zb;
    out_num(out, num);
    out_puts(out, " 0 obj\n<<\n");
    out_puts(out, dict);
    out_puts(out, "/Filter /FlateDecode\n/Length ");
    out_num(out, z.n);
    out_puts(out, "\n>>\nstream\r\n");
    out_put(out, z.b, z.n);
    out_puts(out, "\nendstream\nendobj\n");
    return true;
}

/* Object o as libharu wrote it, but for a spilled page's placeholder
 * (its content put in) and the number object of such a page's /Length
 * (the length). False when the spill file cannot be read (out->err). */
static bool put_object(const unsigned char *b, const xobj *o,
                       const pdf_spill *sp, pdf_out *out)
{
    if (o->spill) {
        const spilled *v = &sp->v[o->spill - 1];
        out_put(out, b + o->off, o->ds - o->off);
        if (!out_copy_spilled(out, sp, v->off, v->len))
            return false;
        out_put(out, b + o->ds, o->end - o->ds);
    } else if (o->len_set) {
        out_put(out, b + o->off, o->body - o->off);
        out_num(out, o->len_val);
        out_put(out, b + o->body + o->body_n, o->end - o->body - o->body_n);
    } else {
        out_put(out, b + o->off, o->end - o->off);
    }
    return true;
}

/* A classic file (PDF 1.4, no object streams) with the extra objects:
 * libharu's objects as they are but the replaced one, the extra ones
 * after them, a new xref table and trailer. */
static bool write_classic(const unsigned char *b, const xobj *objs,
                          const size_t *order, size_t nused, size_t size,
                          const pdf_extra *x, const pdf_buf *trailer,
                          const pdf_spill *sp, pdf_out *out)
{
    size_t nx = x ? x->count : 0;
    size_t total = size + nx;
    size_t *off = xcalloc(total, sizeof *off);
    bool ok = true;
    out_put(out, b, objs[order[0]].off);
    for (size_t k = 0; k < nused && ok; k++) {
        size_t i = order[k];
        off[i] = out_pos(out);
        if (!x || i != x->replace) {
            ok = put_object(b, &objs[i], sp, out);
            continue;
        }
        out_num(out, i);
        out_puts(out, " 0 obj\n");
        ok = x->body(x->ctx, size, 0, &out->b);
        out_puts(out, "\nendobj\n");
    }
    for (size_t k = 1; k <= nx && ok; k++) {
        off[size + k - 1] = out_pos(out);
        out_num(out, size + k - 1);
        out_puts(out, " 0 obj\n");
        ok = x->body(x->ctx, size, k, &out->b);
        out_puts(out, "\nendobj\n");
    }
    out_hold(out);
    size_t xs = out_pos(out);
    out_puts(out, "xref\n0 ");
    out_num(out, total);
    out_puts(out, "\n");
    for (size_t i = 0; i < total && ok; i++) {
        bool used = i >= size || objs[i].used;
        size_t o = i >= size ? off[i] : used ? off[i] : objs[i].off;
        unsigned gen = i >= size ? 0 : objs[i].gen;
        char e[21];
        for (int d = 9; d >= 0; d--, o /= 10)
            e[d] = (char)('0' + o % 10);
        e[10] = ' ';
        for (int d = 15; d >= 11; d--, gen /= 10)
            e[d] = (char)('0' + gen % 10);
        e[16] = ' ';
        e[17] = used ? 'n' : 'f';
        e[18] = '\r';
        e[19] = '\n';
        ok = o == 0; /* the offset had at most ten digits */
        out_put(out, e, 20);
    }
    out_puts(out, "trailer\n<<\n/Size ");
    out_num(out, total);
    out_puts(out, "\n");
    out_put(out, trailer->b, trailer->n - 1);
    out_puts(out, ">>\nstartxref\n");
    out_num(out, xs);
    out_puts(out, "\n%%EOF\n");
    free(off);
    return ok;
}

static int pack(pdf_deflate *scratch, const unsigned char *b, size_t len,
                const pdf_extra *x, const pdf_spill *sp, pdf_out *out,
                xobj **objs_p)
{
    bool spilled_pages = sp && sp->n;
    if (len < 32 || !starts(b, len, 0, "%PDF-1.") || !is_digit(b[7]) ||
        (b[7] < '5' && !x && !spilled_pages) || !is_ws(b[8]))
        return -1;
    bool classic = b[7] < '5';
    /* the last startxref, then only %%EOF */
    size_t sx = len - 9;
    while (sx > 0 && memcmp(b + sx, "startxref", 9) != 0)
        sx--;
    size_t p = skip_ws(b, len, sx + 9), xoff;
    if (sx == 0 || !read_uint(b, len, &p, &xoff))
        return -1;
    p = skip_ws(b, len, p);
    if (!starts(b, len, p, "%%EOF") || skip_ws(b, len, p + 5) != len)
        return -1;
    /* "xref" EOL "0 Size" EOL, Size entries of 20 bytes, "trailer" */
    p = xoff;
    size_t first, size;
    if (xoff >= sx || !starts(b, sx, p, "xref"))
        return -1;
    p = skip_ws(b, sx, p + 4);
    if (!read_uint(b, sx, &p, &first) || first != 0 || p >= sx ||
        b[p++] != ' ' || !read_uint(b, sx, &p, &size) || size < 2)
        return -1;
    p = skip_ws(b, sx, p);
    if (size > (sx - p) / 20)
        return -1;
    xobj *objs = xcalloc(size, sizeof *objs);
    *objs_p = objs;
    size_t *order = xmalloc(size * sizeof *order), nused = 0;
    pdf_buf trailer = {0};
    int rc = -1;
    for (size_t i = 0; i < size; i++, p += 20) {
        const unsigned char *e = b + p;
        size_t q = 0, off, gen;
        if (!read_uint(e, 10, &q, &off) || q != 10 || e[10] != ' ')
            goto done;
        q = 11;
        if (!read_uint(e, 16, &q, &gen) || q != 16 || e[16] != ' ' ||
            (e[17] != 'n' && e[17] != 'f') || !is_ws(e[18]) || !is_ws(e[19]) ||
            gen > 65535)
            goto done;
        objs[i].off = off;
        objs[i].gen = (unsigned)gen;
        objs[i].used = e[17] == 'n';
        if (objs[i].used) {
            if (i == 0 || off < 9 || off >= xoff)
                goto done;
            order[nused++] = i;
        }
    }
    if (!starts(b, sx, p, "trailer"))
        goto done;
    if (!parse_trailer(b, p + 7, sx, size, &trailer) || nused == 0)
        goto done;
    pdf_buf_put(&trailer, "", 1);
    /* the spilled pages' placeholders and /Length objects */
    for (size_t k = 0; spilled_pages && k < sp->n; k++) {
        const spilled *v = &sp->v[k];
        if (v->num >= size || v->len_num >= size || !objs[v->num].used ||
            !objs[v->len_num].used || objs[v->num].spill ||
            objs[v->num].len_set || objs[v->len_num].spill ||
            objs[v->len_num].len_set)
            goto done;
        objs[v->num].spill = k + 1;
        objs[v->num].len_val = v->len_num;
        objs[v->len_num].len_set = true;
        objs[v->len_num].len_val = v->len;
    }
    /* libharu writes objects in number order; each runs to the next */
    for (size_t k = 1; k < nused; k++)
        if (objs[order[k]].off <= objs[order[k - 1]].off)
            goto done;
    for (size_t k = 0; k < nused; k++) {
        xobj *o = &objs[order[k]];
        o->end = k + 1 < nused ? objs[order[k + 1]].off : xoff;
        if (!parse_object(b, order[k], o))
            goto done;
    }
    for (size_t k = 0; k < nused; k++)
        if (!check_stream(b, objs, size, &objs[order[k]]))
            goto done;

    if (x && (x->replace >= size || !objs[x->replace].used ||
              !objs[x->replace].plain || objs[x->replace].gen != 0))
        goto done;
    if (classic) {
        if (write_classic(b, objs, order, nused, size, x, &trailer, sp, out))
            rc = 0;
        goto done;
    }

    /* header and binary comment; stream objects (and any of another
     * generation) as they are */
    size_t nx = x ? x->count : 0;
    size_t *newoff = xcalloc(size, sizeof *newoff);
    out_put(out, b, objs[order[0]].off);
    size_t nplain = 0;
    bool ok = true;
    for (size_t k = 0; k < nused && ok; k++) {
        xobj *o = &objs[order[k]];
        if (o->plain && o->gen == 0) {
            nplain++;
            continue;
        }
        newoff[order[k]] = out_pos(out);
        ok = put_object(b, o, sp, out);
    }
    /* the plain objects in number order, then the extra ones (numbered
     * from size on), OBJSTM_PER_STREAM a stream; the streams are
     * numbered after them */
    size_t nall = nplain + nx, first_stm = size + nx;
    size_t nstm = (nall + OBJSTM_PER_STREAM - 1) / OBJSTM_PER_STREAM;
    size_t total = first_stm + nstm + 1; /* + the xref stream */
    size_t *stmoff = xcalloc(nstm ? nstm : 1, sizeof *stmoff);
    pdf_buf head = {0}, body = {0}, dict = {0};
    size_t si = 0, in_stm = 0, packed = 0;
    for (size_t i = 0; i < size + nx && ok; i++) {
        if (i < size) {
            xobj *o = &objs[i];
            if (!o->used || !o->plain || o->gen != 0)
                continue;
            o->stm = first_stm + si;
            o->idx = in_stm;
        }
        in_stm++;
        pdf_buf_num(&head, i);
        pdf_buf_put(&head, " ", 1);
        pdf_buf_num(&head, body.n);
        pdf_buf_put(&head, " ", 1);
        if (i >= size)
            ok = x->body(x->ctx, size, i - size + 1, &body);
        else if (x && i == x->replace)
            ok = x->body(x->ctx, size, 0, &body);
        else if (objs[i].len_set)
            pdf_buf_num(&body, objs[i].len_val);
        else
            pdf_buf_put(&body, b + objs[i].body, objs[i].body_n);
        pdf_buf_put(&body, "\n", 1);
        packed++;
        if (ok && (in_stm == OBJSTM_PER_STREAM || packed == nall)) {
            dict.n = 0;
            pdf_buf_puts(&dict, "/Type /ObjStm\n/N ");
            pdf_buf_num(&dict, in_stm);
            pdf_buf_puts(&dict, "\n/First ");
            pdf_buf_num(&dict, head.n);
            pdf_buf_puts(&dict, "\n");
            pdf_buf_put(&dict, "", 1);
            pdf_buf_put(&head, body.b, body.n);
            stmoff[si] = out_pos(out);
            ok = write_stream(scratch, out, first_stm + si,
                              (const char *)dict.b, head.b, head.n);
            head.n = body.n = 0;
            in_stm = 0;
            si++;
        }
    }
    /* the cross-reference stream: type, offset or stream, generation or
     * index, rows PNG-Up predicted (neighbouring rows differ little) */
    out_hold(out);
    size_t xs = out_pos(out), w = 1;
    while (w < 8 && (xs >> (8 * w)) != 0)
        w++;
    size_t row = 1 + w + 2;
    unsigned char *rows = xcalloc(total, row + 1);
    unsigned char *prev = xcalloc(1, row), *cur = xmalloc(row);
    for (size_t i = 0; i < total && ok; i++) {
        size_t t, f2, f3;
        if (i >= first_stm) {
            t = 1;
            f2 = i == total - 1 ? xs : stmoff[i - first_stm];
            f3 = 0;
        } else if (i >= size) { /* an extra object: after the plain ones */
            t = 2;
            f2 = first_stm + (nplain + i - size) / OBJSTM_PER_STREAM;
            f3 = (nplain + i - size) % OBJSTM_PER_STREAM;
        } else if (!objs[i].used) {
            t = 0;
            f2 = objs[i].off; /* the next free object */
            f3 = objs[i].gen;
        } else if (objs[i].plain && objs[i].gen == 0) {
            t = 2;
            f2 = objs[i].stm;
            f3 = objs[i].idx;
        } else {
            t = 1;
            f2 = newoff[i];
            f3 = objs[i].gen;
        }
        if (w < 8 && (f2 >> (8 * w)) != 0)
            ok = false;
        cur[0] = (unsigned char)t;
        for (size_t k = 0; k < w; k++)
            cur[1 + k] = (unsigned char)(f2 >> (8 * (w - 1 - k)));
        cur[1 + w] = (unsigned char)(f3 >> 8);
        cur[2 + w] = (unsigned char)f3;
        unsigned char *r = rows + i * (row + 1);
        r[0] = 2; /* PNG Up */
        for (size_t k = 0; k < row; k++)
            r[1 + k] = (unsigned char)(cur[k] - prev[k]);
        memcpy(prev, cur, row);
    }
    if (ok) {
        dict.n = 0;
        pdf_buf_puts(&dict, "/Type /XRef\n/Size ");
        pdf_buf_num(&dict, total);
        pdf_buf_puts(&dict, "\n/Index [ 0 ");
        pdf_buf_num(&dict, total);
        pdf_buf_puts(&dict, " ]\n/W [ 1 ");
        pdf_buf_num(&dict, w);
        pdf_buf_puts(&dict, " 2 ]\n");
        pdf_buf_put(&dict, trailer.b, trailer.n - 1);
        pdf_buf_puts(&dict, "/DecodeParms <<\n/Predictor 12\n/Columns ");
        pdf_buf_num(&dict, row);
        pdf_buf_puts(&dict, "\n>>\n");
        pdf_buf_put(&dict, "", 1);
        ok = write_stream(scratch, out, total - 1, (const char *)dict.b, rows,
                          total * (row + 1));
    }
    if (ok) {
        out_puts(out, "startxref\n");
        out_num(out, xs);
        out_puts(out, "\n%%EOF\n");
        rc = 0;
    }
    free(rows);
    free(prev);
    free(cur);
    free(head.b);
    free(body.b);
    free(dict.b);
    free(stmoff);
    free(newoff);
done:
    free(trailer.b);
    free(order);
    return rc;
}

int pdf_objstm_pack(const unsigned char *in, size_t len, unsigned char **out,
                    size_t *out_len)
{
    return pdf_objstm_write(in, len, NULL, out, out_len);
}

int pdf_objstm_write(const unsigned char *in, size_t len, const pdf_extra *x,
                     unsigned char **out, size_t *out_len)
{
    pdf_out o = {.fd = -1};
    xobj *objs = NULL;
    *out = NULL;
    *out_len = 0;
    pdf_deflate *scratch = pdf_deflate_new();
    int rc = in ? pack(scratch, in, len, x, NULL, &o, &objs) : -1;
    pdf_deflate_release(scratch);
    free(objs);
    if (rc != 0) {
        free(o.b.b);
        return -1;
    }
    *out = o.b.b;
    *out_len = o.b.n;
    return 0;
}

int pdf_objstm_finish(pdf_deflate *scratch, const unsigned char *saved,
                      size_t len, const pdf_extra *x, int fd,
                      unsigned char **out, size_t *out_len, int *err)
{
    pdf_out o = {.fd = fd, .md5 = fd >= 0 ? harux_md5_new() : NULL};
    xobj *objs = NULL;
    const pdf_spill *sp = scratch ? *pdf_deflate_spill(scratch) : NULL;
    *out = NULL;
    *out_len = 0;
    *err = 0;
    int rc = saved ? pack(scratch, saved, len, x, sp, &o, &objs) : -1;
    free(objs);
    if (rc != 0 && !o.err && saved && !x && !(sp && sp->n) && out_restart(&o)) {
        /* not as expected, nothing of it elsewhere: the file as saved */
        unsigned char *copy = xmalloc(len ? len : 1);
        memcpy(copy, saved, len);
        pdfmeta_finish_id(copy, len);
        if (fd >= 0) {
            out_put(&o, copy, len);
            out_hold(&o); /* nothing held: the identifier is filled in */
            free(copy);
        } else {
            o.b.b = copy;
            o.b.n = o.b.cap = len;
        }
        rc = 0;
    }
    if (rc == 0 && fd >= 0) {
        if (!out_end(&o))
            rc = -1;
    } else if (rc == 0) {
        pdfmeta_finish_id(o.b.b, o.b.n);
    }
    harux_md5_end(o.md5, (unsigned char[16]){0});
    if (rc != 0 || fd >= 0) {
        *err = o.err;
        free(o.b.b);
        *out_len = rc == 0 ? o.base : 0;
        return rc;
    }
    *out = o.b.b;
    *out_len = o.b.n;
    return 0;
}

int pdf_save(HPDF_Doc pdf, pdf_deflate *scratch, const pdf_extra *x, int fd,
             unsigned char **out, size_t *out_len, int *err, bool *err_tmp)
{
    *out = NULL;
    *out_len = 0;
    *err = 0;
    *err_tmp = false;
    unsigned char *saved = NULL;
    size_t len = 0;
    bool mapped = false;
    /* libharu writes the file through its own FILE*, by name */
    char name[48];
    int tmp = pdf_tmpfile();
    if (tmp >= 0) {
        snprintf(name, sizeof name, "/proc/self/fd/%d", tmp);
        if (access(name, W_OK) != 0) {
            /* no /proc (a chroot): saved in memory */
            close(tmp);
            tmp = -1;
        }
    }
    if (tmp >= 0) {
        errno = 0;
        if (HPDF_SaveToFile(pdf, name) != HPDF_OK) {
            /* a write that failed is the temporary file's error; any
             * other is libharu's own (PDF-01, or out of memory) */
            HPDF_STATUS e = HPDF_GetError(pdf);
            if (e == HPDF_FILE_IO_ERROR || e == HPDF_FILE_OPEN_ERROR) {
                *err = errno ? errno : EIO;
                *err_tmp = true;
            }
            close(tmp);
            return -1;
        }
        struct stat st;
        if (fstat(tmp, &st) == 0 && st.st_size > 0) {
            len = (size_t)st.st_size;
            void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, tmp, 0);
            if (m != MAP_FAILED) {
                saved = m;
                mapped = true;
                /* read once, in order */
                madvise(m, len, MADV_SEQUENTIAL);
            }
        }
        /* libharu does not check the last write (its fclose): the file
         * must end as it writes it */
        if (mapped && (len < 6 || memcmp(saved + len - 6, "%%EOF\n", 6))) {
            munmap(saved, len);
            mapped = false;
            errno = EIO;
        }
        if (!mapped) {
            *err = errno ? errno : EIO;
            *err_tmp = true;
            close(tmp);
            return -1;
        }
    } else {
        /* no temporary file: the file in memory, as libharu saves it */
        if (HPDF_SaveToStream(pdf) != HPDF_OK)
            return -1;
        HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
        saved = xmalloc(size ? size : 1);
        HPDF_UINT32 n = size;
        if (HPDF_ReadFromStream(pdf, saved, &n) != HPDF_OK && n != size) {
            free(saved);
            return -1;
        }
        len = n;
    }
    /* libharu's objects and its copy of the file are done with (the tree
     * kept the object numbers it needs): freed before the file is
     * finished, the largest moment of a build */
    HPDF_FreeDoc(pdf);
    int rc = pdf_objstm_finish(scratch, saved, len, x, fd, out, out_len, err);
    if (mapped) {
        munmap(saved, len);
        close(tmp);
    } else {
        free(saved);
    }
    return rc;
}

void pdf_save_failed(diag_list *dl, const char *file, int err, bool tmp)
{
    const char *why = msg_errno(diag_list_lang(dl), err);
    if (!tmp) {
        diag_add(dl, DIAG_ERROR, file, 0, 0, "ARS-04", MSG_OUT_WRITE, why);
        return;
    }
    const char *dir = getenv("TMPDIR");
    diag *d = diag_add(dl, DIAG_ERROR, file, 0, 0, "PDF-07", MSG_PDF_TMP_WRITE,
                       dir && *dir ? dir : "/tmp", why);
    diag_hint(dl, d, MSG_PDF_TMP_WRITE_HINT);
}

void pdf_spill_release(pdf_deflate *scratch)
{
    pdf_spill *sp = scratch ? *pdf_deflate_spill(scratch) : NULL;
    if (!sp)
        return;
    if (sp->fd >= 0)
        close(sp->fd);
    free(sp->v);
    free(sp);
    *pdf_deflate_spill(scratch) = NULL;
}

/* Moves page's compressed content (z, n bytes) to the spill file, made on
 * the first page. False when it stays in memory (no spill file, a write
 * error, a stream not as expected). */
static bool spill_page(pdf_deflate *scratch, HPDF_Page page,
                       const unsigned char *z, size_t n)
{
    pdf_spill **slot = pdf_deflate_spill(scratch);
    if (!*slot) { /* the first page: a spill file, or -1 for good */
        *slot = xcalloc(1, sizeof **slot);
        (*slot)->fd = pdf_tmpfile();
    }
    pdf_spill *sp = *slot;
    uint32_t num, len_num;
    if (sp->fd < 0 || !harux_page_content_numbers(page, &num, &len_num))
        return false;
    for (size_t w = 0; w < n;) {
        ssize_t k = pwrite(sp->fd, z + w, n - w, (off_t)(sp->end + w));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false; /* the next page tries again at the same place */
        w += (size_t)k;
    }
    if (sp->n == sp->cap) {
        sp->cap = sp->cap ? 2 * sp->cap : 64;
        sp->v = xrealloc(sp->v, sp->cap * sizeof *sp->v);
    }
    sp->v[sp->n++] = (spilled){num, len_num, sp->end, n};
    sp->end += n;
    return true;
}

bool pdf_compress_page(pdf_deflate *scratch, HPDF_Page page)
{
    pdf_buf *raw = &scratch->raw, *tight = &scratch->tight, *z = &scratch->z;
    raw->n = tight->n = z->n = 0;
    if (!harux_page_content_read(page, raw))
        return false;
    const pdf_buf *src =
        pdf_content_tighten(raw->b, raw->n, tight) ? tight : raw;
    /* pdf_deflate.c's level for every stream */
    if (!pdf_deflate_into(scratch, z, src->b, src->n))
        return false;
    /* spilled: libharu keeps an empty stream, filled in when the file is
     * finished (put_object) */
    if (spill_page(scratch, page, z->b, z->n))
        return harux_page_content_replace(page, z->b, 0);
    return harux_page_content_replace(page, z->b, z->n);
}
