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
 */
#include "../common/arena.h"
#include "pdf_internal.h"

#include <hpdf.h>
#include <stdlib.h>
#include <string.h>

/* Objects per object stream: a few hundred compress nearly as well as
 * one stream of all, and a reader that wants one object inflates little */
#define OBJSTM_PER_STREAM 200

typedef struct {
    size_t off, end;     /* "N G obj" .. up to the next object */
    size_t body, body_n; /* between "obj" and "endobj", trimmed */
    unsigned gen;
    bool used, plain;
    size_t stm, idx; /* after packing: object stream number, index */
} xobj;

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
    size_t q = skip_ws(s, n, p), ref, g;
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
            s[1] == '<')
            return true;
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

/* A stream object with dictionary entries dict (lines) and deflated
 * data. */
static bool write_stream(pdf_deflate *scratch, pdf_buf *out, size_t num,
                         const char *dict, const unsigned char *data, size_t n)
{
    pdf_buf *zb = &scratch->z;
    zb->n = 0;
    if (!pdf_deflate_into(scratch, zb, data, n))
        return false;
    pdf_buf z = *zb;
    pdf_buf_num(out, num);
    pdf_buf_puts(out, " 0 obj\n<<\n");
    pdf_buf_puts(out, dict);
    pdf_buf_puts(out, "/Filter /FlateDecode\n/Length ");
    pdf_buf_num(out, z.n);
    pdf_buf_puts(out, "\n>>\nstream\r\n");
    pdf_buf_put(out, z.b, z.n);
    pdf_buf_puts(out, "\nendstream\nendobj\n");
    return true;
}

/* A classic file (PDF 1.4, no object streams) with the extra objects:
 * libharu's objects as they are but the replaced one, the extra ones
 * after them, a new xref table and trailer. */
static bool write_classic(const unsigned char *b, const xobj *objs,
                          const size_t *order, size_t nused, size_t size,
                          const pdf_extra *x, const pdf_buf *trailer,
                          pdf_buf *out)
{
    size_t total = size + x->count;
    size_t *off = xcalloc(total, sizeof *off);
    bool ok = true;
    pdf_buf_put(out, b, objs[order[0]].off);
    for (size_t k = 0; k < nused && ok; k++) {
        size_t i = order[k];
        off[i] = out->n;
        if (i != x->replace) {
            pdf_buf_put(out, b + objs[i].off, objs[i].end - objs[i].off);
            continue;
        }
        pdf_buf_num(out, i);
        pdf_buf_puts(out, " 0 obj\n");
        ok = x->body(x->ctx, size, 0, out);
        pdf_buf_puts(out, "\nendobj\n");
    }
    for (size_t k = 1; k <= x->count && ok; k++) {
        off[size + k - 1] = out->n;
        pdf_buf_num(out, size + k - 1);
        pdf_buf_puts(out, " 0 obj\n");
        ok = x->body(x->ctx, size, k, out);
        pdf_buf_puts(out, "\nendobj\n");
    }
    size_t xs = out->n;
    pdf_buf_puts(out, "xref\n0 ");
    pdf_buf_num(out, total);
    pdf_buf_puts(out, "\n");
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
        pdf_buf_put(out, e, 20);
    }
    pdf_buf_puts(out, "trailer\n<<\n/Size ");
    pdf_buf_num(out, total);
    pdf_buf_puts(out, "\n");
    pdf_buf_put(out, trailer->b, trailer->n - 1);
    pdf_buf_puts(out, ">>\nstartxref\n");
    pdf_buf_num(out, xs);
    pdf_buf_puts(out, "\n%%EOF\n");
    free(off);
    return ok;
}

static int pack(pdf_deflate *scratch, const unsigned char *b, size_t len,
                const pdf_extra *x, pdf_buf *out, xobj **objs_p)
{
    if (len < 32 || !starts(b, len, 0, "%PDF-1.") || !is_digit(b[7]) ||
        (b[7] < '5' && !x) || !is_ws(b[8]))
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
        if (write_classic(b, objs, order, nused, size, x, &trailer, out))
            rc = 0;
        goto done;
    }

    /* header and binary comment; stream objects (and any of another
     * generation) as they are */
    size_t nx = x ? x->count : 0;
    size_t *newoff = xcalloc(size, sizeof *newoff);
    pdf_buf_put(out, b, objs[order[0]].off);
    size_t nplain = 0;
    for (size_t k = 0; k < nused; k++) {
        xobj *o = &objs[order[k]];
        if (o->plain && o->gen == 0) {
            nplain++;
            continue;
        }
        newoff[order[k]] = out->n;
        pdf_buf_put(out, b + o->off, o->end - o->off);
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
    bool ok = true;
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
            stmoff[si] = out->n;
            ok = write_stream(scratch, out, first_stm + si,
                              (const char *)dict.b, head.b, head.n);
            head.n = body.n = 0;
            in_stm = 0;
            si++;
        }
    }
    /* the cross-reference stream: type, offset or stream, generation or
     * index, rows PNG-Up predicted (neighbouring rows differ little) */
    size_t xs = out->n, w = 1;
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
        pdf_buf_puts(out, "startxref\n");
        pdf_buf_num(out, xs);
        pdf_buf_puts(out, "\n%%EOF\n");
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
    pdf_buf o = {0};
    xobj *objs = NULL;
    *out = NULL;
    *out_len = 0;
    pdf_deflate *scratch = pdf_deflate_new();
    int rc = in ? pack(scratch, in, len, x, &o, &objs) : -1;
    pdf_deflate_release(scratch);
    free(objs);
    if (rc != 0) {
        free(o.b);
        return -1;
    }
    *out = o.b;
    *out_len = o.n;
    return 0;
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
    return harux_page_content_replace(page, z->b, z->n);
}
