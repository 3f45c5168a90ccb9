/* test_objstm.c: object and cross-reference streams (src/pdf/pdf_objstm.c).
 * A small document as libharu saves it (classic xref, PDF/A-1b's 1.4
 * header raised to 1.7) through pdf_objstm_pack, read back with a reader
 * of our own: every object of the original is reachable at the offset or
 * in the object stream the cross-reference stream names, streams byte for
 * byte and plain objects with the same text, the trailer's keys carried
 * over; the same input gives the same bytes; garbage, truncated or
 * inconsistent input and a PDF 1.4 file are left alone; pdf_render's own
 * files are packed. Written to a descriptor, with the pages and the saved
 * file in temporary files or (no $TMPDIR) in memory, pdf_render's file is
 * the same bytes; a descriptor it cannot write to is its error ARS-04. */
#define _GNU_SOURCE /* O_TMPFILE, setenv */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/common/diag.h"
#include "../../src/pdf/pdf.h"
#include "../../src/pdf/pdf_internal.h"
#include "fixture.h"
#include "harness.h"
#include "pdfread.h"

static const char *const BODY =
    "<avsnitt><rubrik>Ekonomi</rubrik><stycke>Prognosen visar ett "
    "underskott.</stycke><lista><punkt>Ett</punkt><punkt>Två</punkt>"
    "</lista></avsnitt>";

static unsigned char *render(laid_doc *l, pdf_conformance c, size_t *n)
{
    pdf_meta m = {.title = "T", .lang = "sv-SE", .date = "2023-08-31"};
    m.pdfa = c;
    diag_list *dl = diag_list_new(LANG_SV);
    unsigned char *out = NULL;
    *n = 0;
    laid_again(l); /* the pages of the last render were freed */
    if (pdf_render(l->ld, l->fs, &m, "t.pdf", dl, &out, n) != 0)
        out = NULL;
    diag_list_free(dl);
    return out;
}

static size_t num_at(const unsigned char *b, size_t n, size_t p)
{
    size_t v = 0;
    while (p < n && b[p] >= '0' && b[p] <= '9')
        v = v * 10 + (size_t)(b[p++] - '0');
    return v;
}

/* The number after key in b[from..to), or (size_t)-1. */
static size_t key_num(const unsigned char *b, size_t from, size_t to,
                      const char *key)
{
    const unsigned char *k = pdfread_find(b + from, to - from, key);
    if (!k)
        return (size_t)-1;
    size_t p = (size_t)(k - b) + strlen(key);
    while (p < to && b[p] == ' ')
        p++;
    return num_at(b, to, p);
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r';
}

/* The original (classic) file's objects: offset and span of each. */
typedef struct {
    size_t off, end, body, body_n;
    bool used, stream;
} orig_obj;

static size_t read_classic(const unsigned char *b, size_t n, orig_obj **out)
{
    const unsigned char *sx = NULL;
    for (size_t i = n - 9; i > 0 && !sx; i--)
        if (memcmp(b + i, "startxref", 9) == 0)
            sx = b + i;
    size_t x = num_at(b, n, (size_t)(sx - b) + 10);
    size_t size = num_at(b, n, x + 7);
    size_t p = x + 7;
    while (b[p] != '\n')
        p++;
    p++;
    orig_obj *o = calloc(size, sizeof *o);
    for (size_t i = 0; i < size; i++, p += 20) {
        o[i].off = num_at(b, n, p);
        o[i].used = b[p + 17] == 'n';
    }
    for (size_t i = 1; i < size; i++) {
        size_t e = x;
        for (size_t k = 1; k < size; k++)
            if (o[k].off > o[i].off && o[k].off < e)
                e = o[k].off;
        o[i].end = e;
        const unsigned char *s =
            pdfread_find(b + o[i].off, e - o[i].off, "obj");
        size_t bs = (size_t)(s - b) + 3, be = e;
        while (is_space(b[bs]))
            bs++;
        while (be > bs && is_space(b[be - 1]))
            be--;
        be -= 6; /* endobj */
        while (be > bs && is_space(b[be - 1]))
            be--;
        o[i].body = bs;
        o[i].body_n = be - bs;
        o[i].stream = be >= 9 && memcmp(b + be - 9, "endstream", 9) == 0;
    }
    *out = o;
    return size;
}

/* Entry idx of an inflated object stream's header (nn pairs of object
 * number and offset from /First): its number, its offset and the next
 * object's (or the end of the data). */
static void objstm_entry(const unsigned char *od, size_t on, size_t first,
                         size_t nn, size_t idx, size_t *num, size_t *off,
                         size_t *next)
{
    size_t q = 0;
    *num = *off = 0;
    *next = on - first;
    for (size_t k = 0; k <= idx + 1 && k < nn; k++) {
        size_t nm = num_at(od, on, q);
        while (od[q] != ' ')
            q++;
        q++;
        size_t of = num_at(od, on, q);
        while (od[q] != ' ')
            q++;
        q++;
        if (k == idx) {
            *num = nm;
            *off = of;
        } else if (k == idx + 1) {
            *next = of;
        }
    }
}

static void check_packed(const unsigned char *a, size_t an,
                         const unsigned char *p, size_t pn)
{
    orig_obj *o;
    size_t size = read_classic(a, an, &o);
    /* startxref names the cross-reference stream */
    size_t sx = pn - 9;
    while (sx > 0 && memcmp(p + sx, "startxref", 9) != 0)
        sx--;
    size_t x = num_at(p, pn, sx + 10);
    CHECK(x > 0 && x < sx);
    const unsigned char *ds = pdfread_find(p + x, sx - x, "stream\r\n");
    CHECK(ds != NULL);
    if (!ds) {
        free(o);
        return;
    }
    size_t de = (size_t)(ds - p);
    CHECK(pdfread_find(p + x, de - x, "/Type /XRef") != NULL);
    size_t total = key_num(p, x, de, "/Size");
    CHECK(total > size);
    CHECK(key_num(p, x, de, "/Index [") == 0);
    CHECK(key_num(p, x, de, "/W [ 1") <= 8);
    CHECK(pdfread_find(p + x, de - x, "/Root 1 0 R") != NULL);
    CHECK(pdfread_find(p + x, de - x, "/Info ") != NULL);
    CHECK(pdfread_find(p + x, de - x, "/ID [ <") != NULL);
    CHECK(pdfread_find(p + x, de - x, "/Predictor 12") != NULL);
    CHECK(pdfread_find(p, pn, "trailer") == NULL);
    size_t w = key_num(p, x, de, "/W [ 1"), cols = 1 + w + 2;
    CHECK_INT(key_num(p, x, de, "/Columns"), cols);
    size_t zl = key_num(p, x, de, "/Length");
    unsigned char *d = NULL;
    size_t dn = 0;
    CHECK(pdfread_inflate(ds + 8, zl, &d, &dn));
    CHECK_INT(dn, total * (cols + 1));
    if (!d || dn != total * (cols + 1) || w > 8) {
        free(d);
        free(o);
        return;
    }
    /* undo PNG Up, then read the entries */
    size_t *t = calloc(total, sizeof *t), *f2 = calloc(total, sizeof *f2),
           *f3 = calloc(total, sizeof *f3);
    unsigned char prev[16] = {0};
    for (size_t i = 0; i < total; i++) {
        unsigned char *r = d + i * (cols + 1);
        CHECK_INT(r[0], 2);
        for (size_t k = 0; k < cols; k++)
            prev[k] = (unsigned char)(prev[k] + r[1 + k]);
        t[i] = prev[0];
        for (size_t k = 0; k < w; k++)
            f2[i] = f2[i] << 8 | prev[1 + k];
        f3[i] = (size_t)prev[1 + w] << 8 | prev[2 + w];
    }
    CHECK_INT(t[0], 0);
    CHECK_INT(f3[0], 65535);
    CHECK_INT(t[total - 1], 1);
    CHECK_INT(f2[total - 1], x);
    size_t nplain = 0;
    for (size_t i = 1; i < size; i++) {
        if (!o[i].used) {
            CHECK_INT(t[i], 0);
            continue;
        }
        if (o[i].stream) {
            /* a stream stays byte for byte */
            CHECK_INT(t[i], 1);
            size_t len = o[i].end - o[i].off;
            CHECK(t[i] == 1 && f2[i] + len <= pn &&
                  memcmp(p + f2[i], a + o[i].off, len) == 0);
            continue;
        }
        nplain++;
        CHECK_INT(t[i], 2);
        size_t s = f2[i];
        if (t[i] != 2 || s >= total || t[s] != 1 || f2[s] >= pn) {
            CHECK(false);
            continue;
        }
        size_t so = f2[s];
        CHECK_INT(num_at(p, pn, so), s);
        const unsigned char *ss = pdfread_find(p + so, pn - so, "stream\r\n");
        size_t se = (size_t)(ss - p);
        CHECK(pdfread_find(p + so, se - so, "/Type /ObjStm") != NULL);
        size_t nn = key_num(p, so, se, "/N"),
               first = key_num(p, so, se, "/First");
        unsigned char *od = NULL;
        size_t on = 0;
        CHECK(pdfread_inflate(ss + 8, key_num(p, so, se, "/Length"), &od, &on));
        CHECK(f3[i] < nn);
        if (!od || f3[i] >= nn) {
            free(od);
            continue;
        }
        /* the pairs: number, offset from /First */
        size_t num, off, next;
        objstm_entry(od, on, first, nn, f3[i], &num, &off, &next);
        CHECK_INT(num, i);
        size_t bs = first + off, be = first + next;
        while (be > bs && is_space(od[be - 1]))
            be--;
        CHECK(be - bs == o[i].body_n &&
              memcmp(od + bs, a + o[i].body, o[i].body_n) == 0);
        free(od);
    }
    CHECK(nplain > 20);
    free(t);
    free(f2);
    free(f3);
    free(d);
    free(o);
}

TEST(test_objstm_pack_roundtrip)
{
    laid_doc l;
    CHECK(laid_open(&l, NULL, BODY, 0));
    if (!l.ld)
        return;
    size_t an;
    /* PDF/A-1b is written as libharu saves it (PDF 1.4) */
    unsigned char *a = render(&l, PDF_A_1B, &an);
    CHECK(a && strncmp((const char *)a, "%PDF-1.4\n%", 10) == 0);
    CHECK(a && pdfread_find(a, an, "/Type /ObjStm") == NULL);
    if (!a) {
        laid_close(&l);
        return;
    }
    unsigned char *p = NULL, *p2 = NULL;
    size_t pn = 0, pn2 = 0;
    /* a 1.4 file has no object streams: left alone */
    CHECK_INT(pdf_objstm_pack(a, an, &p, &pn), -1);
    CHECK(p == NULL);
    a[7] = '7';
    CHECK_INT(pdf_objstm_pack(a, an, &p, &pn), 0);
    CHECK_INT(pdf_objstm_pack(a, an, &p2, &pn2), 0);
    CHECK(p && p2 && pn == pn2 && memcmp(p, p2, pn) == 0);
    CHECK(pn < an);
    if (p) {
        CHECK(strncmp((const char *)p, "%PDF-1.7\n%", 10) == 0);
        check_packed(a, an, p, pn);
    }
    free(p);
    free(p2);

    /* garbage, truncated or inconsistent input: the original stays */
    /* (a file without its last line feed is whole) */
    size_t cut[] = {0, 10, an / 2, an - 8, an - 3};
    for (size_t k = 0; k < sizeof cut / sizeof *cut; k++) {
        p = (unsigned char *)"x";
        int rc = pdf_objstm_pack(a, cut[k], &p, &pn);
        CHECK_INT(rc, -1);
        CHECK_INT(k * 1000 + (p == NULL), k * 1000 + 1);
        if (rc == 0)
            free(p);
    }
    unsigned char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 7919u >> 3);
    memcpy(junk, "%PDF-1.7\n", 9);
    CHECK_INT(pdf_objstm_pack(junk, sizeof junk, &p, &pn), -1);
    CHECK_INT(pdf_objstm_pack(NULL, 0, &p, &pn), -1);
    unsigned char *b = malloc(an);
    /* an xref offset one off */
    memcpy(b, a, an);
    size_t sx = an - 9;
    while (memcmp(b + sx, "startxref", 9) != 0)
        sx--;
    size_t x = num_at(b, an, sx + 10);
    unsigned char *e1 = (unsigned char *)pdfread_find(b + x, an - x, " n\r\n");
    CHECK(e1 != NULL);
    if (e1) {
        e1[-7] = (unsigned char)(e1[-7] == '9' ? '8' : e1[-7] + 1);
        CHECK_INT(pdf_objstm_pack(b, an, &p, &pn), -1);
    }
    /* a stream /Length that does not match its data */
    memcpy(b, a, an);
    const unsigned char *lr = pdfread_find(b, an, "/Length ");
    CHECK(lr != NULL);
    if (lr) {
        size_t ref = num_at(b, an, (size_t)(lr - b) + 8);
        char hdr[32];
        snprintf(hdr, sizeof hdr, "\n%zu 0 obj\n", ref);
        unsigned char *lo = (unsigned char *)pdfread_find(b, an, hdr);
        CHECK(lo != NULL);
        if (lo) {
            unsigned char *dg = lo + strlen(hdr);
            *dg = (unsigned char)(*dg == '9' ? '1' : *dg + 1);
            CHECK_INT(pdf_objstm_pack(b, an, &p, &pn), -1);
        }
    }
    /* an encrypted file (a trailer key we do not carry) */
    memcpy(b, a, an);
    unsigned char *root = (unsigned char *)pdfread_find(b + x, an - x, "/Root");
    CHECK(root != NULL);
    if (root) {
        memcpy(root, "/Encr", 5);
        CHECK_INT(pdf_objstm_pack(b, an, &p, &pn), -1);
    }
    free(b);
    free(a);

    /* pdf_render's own files are packed, the identifier filled in */
    for (int c = 0; c < 2; c++) {
        a = render(&l, c ? PDF_A_NONE : PDF_A_2U, &an);
        CHECK(a && strncmp((const char *)a, "%PDF-1.7\n%", 10) == 0);
        CHECK(a && pdfread_find(a, an, "/Type /ObjStm") != NULL);
        CHECK(a && pdfread_find(a, an, "/Type /XRef") != NULL);
        CHECK(a && pdfread_find(a, an, "/ID [ <") != NULL);
        CHECK(a && pdfread_find(a, an, "<00000000000000000000000000000000>") ==
                       NULL);
        free(a);
    }
    laid_close(&l);
}

/* --- extra objects (pdf_objstm_write): the structure tree's way in ---- */

typedef struct {
    size_t replace, count, calls;
} fake_extra;

/* appended object k: "<</Test k /Base base>>"; the replaced one says so */
static bool fake_body(void *ctx, size_t base, size_t k, pdf_buf *o)
{
    fake_extra *f = ctx;
    f->calls++;
    char s[64];
    if (k == 0)
        snprintf(s, sizeof s, "<</Replaced true /Base %zu>>", base);
    else
        snprintf(s, sizeof s, "<</Test %zu /Base %zu>>", k, base);
    pdf_buf_puts(o, s);
    return k != f->count + 1; /* never asked for: fails if it is */
}

/* The text of object num in p (classic table or cross-reference stream
 * with object streams) into buf; false if it cannot be found. */
static bool object_text(const unsigned char *p, size_t pn, size_t num,
                        char *buf, size_t cap)
{
    size_t sx = pn - 9;
    while (sx > 0 && memcmp(p + sx, "startxref", 9) != 0)
        sx--;
    size_t x = num_at(p, pn, sx + 10);
    size_t off = 0, stm = 0, idx = 0;
    if (memcmp(p + x, "xref\n0 ", 7) == 0) {
        size_t size = num_at(p, pn, x + 7), q = x + 7;
        while (p[q] != '\n')
            q++;
        if (num >= size || p[q + 1 + 20 * num + 17] != 'n')
            return false;
        off = num_at(p, pn, q + 1 + 20 * num);
    } else {
        const unsigned char *ds = pdfread_find(p + x, sx - x, "stream\r\n");
        size_t de = (size_t)(ds - p), total = key_num(p, x, de, "/Size");
        size_t w = key_num(p, x, de, "/W [ 1"), cols = 1 + w + 2;
        unsigned char *d = NULL, prev[16] = {0};
        size_t dn = 0, t = 0, f2 = 0, f3 = 0;
        if (num >= total || w > 8 ||
            !pdfread_inflate(ds + 8, key_num(p, x, de, "/Length"), &d, &dn) ||
            dn != total * (cols + 1)) {
            free(d);
            return false;
        }
        for (size_t i = 0; i <= num; i++)
            for (size_t k = 0; k < cols; k++)
                prev[k] = (unsigned char)(prev[k] + d[i * (cols + 1) + 1 + k]);
        t = prev[0];
        for (size_t k = 0; k < w; k++)
            f2 = f2 << 8 | prev[1 + k];
        f3 = (size_t)prev[1 + w] << 8 | prev[2 + w];
        free(d);
        if (t == 1) {
            off = f2;
        } else if (t == 2) {
            stm = f2;
            idx = f3;
            if (!object_text(p, pn, stm, NULL, 0))
                return false;
        } else {
            return false;
        }
    }
    if (stm) { /* in object stream stm, at index idx */
        char hdr[32];
        snprintf(hdr, sizeof hdr, "\n%zu 0 obj", stm);
        const unsigned char *so = pdfread_find(p, pn, hdr);
        const unsigned char *ss =
            so ? pdfread_find(so, pn - (size_t)(so - p), "stream\r\n") : NULL;
        if (!ss)
            return false;
        size_t s0 = (size_t)(so - p), s1 = (size_t)(ss - p);
        unsigned char *od = NULL;
        size_t on = 0;
        size_t nn = key_num(p, s0, s1, "/N"),
               first = key_num(p, s0, s1, "/First");
        if (idx >= nn ||
            !pdfread_inflate(ss + 8, key_num(p, s0, s1, "/Length"), &od, &on)) {
            free(od);
            return false;
        }
        size_t nm, of, next;
        objstm_entry(od, on, first, nn, idx, &nm, &of, &next);
        size_t len = next - of;
        while (len > 0 && is_space(od[first + of + len - 1]))
            len--;
        bool ok = nm == num && len < cap;
        if (ok) {
            memcpy(buf, od + first + of, len);
            buf[len] = 0;
        }
        free(od);
        return ok;
    }
    if (!buf) /* only whether it is there */
        return num_at(p, pn, off) == num;
    char hdr[32];
    int hl = snprintf(hdr, sizeof hdr, "%zu 0 obj\n", num);
    if (off + (size_t)hl > pn || memcmp(p + off, hdr, (size_t)hl) != 0)
        return false;
    const unsigned char *e = pdfread_find(p + off, pn - off, "\nendobj");
    size_t len = e ? (size_t)(e - p) - off - (size_t)hl : cap;
    if (len >= cap)
        return false;
    memcpy(buf, p + off + (size_t)hl, len);
    buf[len] = 0;
    return true;
}

TEST(test_objstm_extra_objects)
{
    laid_doc l;
    CHECK(laid_open(&l, NULL, BODY, 0));
    if (!l.ld)
        return;
    size_t an;
    unsigned char *a = render(&l, PDF_A_1B, &an);
    laid_close(&l);
    CHECK(a != NULL);
    if (!a)
        return;
    orig_obj *o;
    size_t size = read_classic(a, an, &o);
    /* replace the information dictionary (a plain object) */
    const unsigned char *tr = pdfread_find(a, an, "\ntrailer");
    const unsigned char *info =
        tr ? pdfread_find(tr, an - (size_t)(tr - a), "/Info ") : NULL;
    size_t inum = info ? num_at(a, an, (size_t)(info - a) + 6) : 0;
    CHECK(inum > 0 && inum < size && o[inum].used && !o[inum].stream);
    for (int v = 0; v < 2 && inum; v++) {
        a[7] = v ? '7' : '4'; /* classic, then object streams */
        fake_extra f = {inum, 450, 0};
        pdf_extra x = {inum, f.count, fake_body, &f};
        unsigned char *p = NULL, *p2 = NULL;
        size_t pn = 0, pn2 = 0;
        CHECK_INT(pdf_objstm_write(a, an, &x, &p, &pn), 0);
        CHECK_INT(f.calls, f.count + 1);
        CHECK_INT(pdf_objstm_write(a, an, &x, &p2, &pn2), 0);
        CHECK(p && p2 && pn == pn2 && memcmp(p, p2, pn) == 0);
        CHECK(p && (pdfread_find(p, pn, "/Type /ObjStm") != NULL) == (v == 1));
        char buf[256], want[64];
        for (size_t k = 1; p && k <= f.count; k++) {
            snprintf(want, sizeof want, "<</Test %zu /Base %zu>>", k, size);
            bool found = object_text(p, pn, size + k - 1, buf, sizeof buf);
            CHECK_INT(k * 10 + found, k * 10 + 1);
            if (found && strcmp(buf, want) != 0)
                CHECK_STR(buf, want);
        }
        snprintf(want, sizeof want, "<</Replaced true /Base %zu>>", size);
        CHECK(p && object_text(p, pn, inum, buf, sizeof buf) &&
              strcmp(buf, want) == 0);
        /* libharu's other plain objects are still there, unchanged */
        for (size_t i = 1; p && i < size; i++) {
            if (!o[i].used || o[i].stream || i == inum ||
                o[i].body_n >= sizeof buf)
                continue;
            CHECK(object_text(p, pn, i, buf, sizeof buf) &&
                  strlen(buf) == o[i].body_n &&
                  memcmp(buf, a + o[i].body, o[i].body_n) == 0);
        }
        free(p);
        free(p2);
        /* a body that cannot be written fails the whole file */
        x.count = f.count = 3;
        f.calls = 0;
        fake_extra bad = {inum, 2, 0};
        x.ctx = &bad;
        p = (unsigned char *)"x";
        CHECK_INT(pdf_objstm_write(a, an, &x, &p, &pn), -1);
        CHECK(p == NULL);
        /* the object to replace must be a plain one of libharu's */
        x.ctx = &f;
        x.replace = size + 5;
        CHECK_INT(pdf_objstm_write(a, an, &x, &p, &pn), -1);
    }
    free(o);
    free(a);
}

/* --- pdf_render to a descriptor (issue 25) ------------------------------ */

/* Renders to fd (to_fd) with $TMPDIR at tmpdir (NULL: as it is); returns
 * pdf_render's result, *rule the first diagnostic's rule ("" none). */
static int render_fd(laid_doc *l, pdf_conformance c, int fd, size_t *n,
                     const char *tmpdir, char rule[32])
{
    pdf_meta m = {.title = "T", .lang = "sv-SE", .date = "2023-08-31"};
    m.pdfa = c;
    m.to_fd = true;
    m.out_fd = fd;
    char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
    if (tmpdir)
        setenv("TMPDIR", tmpdir, 1);
    diag_list *dl = diag_list_new(LANG_SV);
    unsigned char *out = NULL;
    *n = 0;
    laid_again(l);
    int rc = pdf_render(l->ld, l->fs, &m, "t.pdf", dl, &out, n);
    snprintf(rule, 32, "%s", diag_count(dl) ? diag_get(dl, 0)->rule : "");
    if (out)
        rc = 99; /* nothing in memory when written to a descriptor */
    diag_list_free(dl);
    if (old)
        setenv("TMPDIR", old, 1);
    else
        unsetenv("TMPDIR");
    free(old);
    return rc;
}

/* The whole file of fd, n bytes. */
static unsigned char *read_fd(int fd, size_t *n)
{
    struct stat st;
    *n = 0;
    if (fstat(fd, &st) != 0)
        return NULL;
    unsigned char *b = malloc((size_t)st.st_size + 1);
    ssize_t k = b ? pread(fd, b, (size_t)st.st_size, 0) : -1;
    if (k != st.st_size) {
        free(b);
        return NULL;
    }
    *n = (size_t)k;
    return b;
}

TEST(test_objstm_render_to_fd)
{
    laid_doc l;
    CHECK(laid_open(&l, NULL, BODY, 0));
    const pdf_conformance cs[] = {PDF_A_2A, PDF_A_1B, PDF_A_NONE};
    for (size_t k = 0; k < sizeof cs / sizeof cs[0]; k++) {
        size_t an = 0;
        unsigned char *a = render(&l, cs[k], &an);
        CHECK(a != NULL);
        /* spilled pages and the saved file in $TMPDIR; then none there */
        for (int t = 0; t < 2 && a; t++) {
            int fd = pdf_tmpfile();
            CHECK(fd >= 0);
            if (fd < 0)
                break;
            size_t wn = 0, bn = 0;
            char rule[32];
            CHECK_INT(render_fd(&l, cs[k], fd, &wn,
                                t ? "/nonexistent-arsrapport-tmp" : NULL, rule),
                      0);
            CHECK_STR(rule, "");
            unsigned char *b = read_fd(fd, &bn);
            CHECK(b != NULL);
            CHECK(bn == an && wn == an);
            CHECK(b && bn == an && memcmp(a, b, an) == 0);
            free(b);
            close(fd);
        }
        free(a);
    }
    /* a descriptor that cannot be written to: the output's error */
    int ro = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(ro >= 0);
    size_t wn = 0;
    char rule[32];
    CHECK_INT(render_fd(&l, PDF_A_2A, ro, &wn, NULL, rule), -1);
    CHECK_STR(rule, "ARS-04");
    close(ro);
    laid_close(&l);
}

/* pdf_deflate.c (libdeflate) read back by zlib's inflate (pdfread.c): a
 * page-like stream at every level used, appended after bytes already in
 * the buffer, the empty stream, one compressor kept from one stream to
 * the next, and a level outside 1-12 refused. */
TEST(test_deflate_roundtrip)
{
    size_t n = 200000;
    unsigned char *src = malloc(n);
    CHECK(src != NULL);
    if (!src)
        return;
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        /* text operators with numbers that vary: compressible, not trivial */
        src[i] =
            i % 40 < 30
                ? (unsigned char)"BT /F1 10 Tf 72 700 Td (Ab) Tj ET\n"[i % 34]
                : (unsigned char)('0' + (x >> 16) % 10);
    }
    pdf_deflate *zs = pdf_deflate_new();
    static const int levels[] = {1, 6, 1, 6};
    for (size_t k = 0; k < sizeof levels / sizeof *levels; k++) {
        const pdf_buf *z = pdf_deflate_bytes(zs, src, n, levels[k]);
        CHECK(z != NULL);
        if (!z)
            continue;
        CHECK(z->n > 0 && z->n < n / 4);
        unsigned char *back = NULL;
        size_t bn = 0;
        CHECK(pdfread_inflate(z->b, z->n, &back, &bn));
        CHECK(bn == n && back && memcmp(back, src, n) == 0);
        free(back);
    }
    /* appended after what the buffer holds */
    pdf_buf o = {0};
    pdf_buf_puts(&o, "head");
    CHECK(pdf_deflate_into(zs, &o, src, 1000));
    CHECK(o.n > 4 && memcmp(o.b, "head", 4) == 0);
    unsigned char *back = NULL;
    size_t bn = 0;
    CHECK(pdfread_inflate(o.b + 4, o.n - 4, &back, &bn));
    CHECK(bn == 1000 && back && memcmp(back, src, 1000) == 0);
    free(back);
    /* nothing to compress: a valid empty stream */
    o.n = 0;
    CHECK(pdf_deflate_into(zs, &o, src, 0));
    back = NULL;
    CHECK(pdfread_inflate(o.b, o.n, &back, &bn));
    CHECK_INT(bn, 0);
    free(back);
    free(o.b);
    CHECK(pdf_deflate_bytes(zs, src, n, 0) == NULL);
    CHECK(pdf_deflate_bytes(zs, src, n, 13) == NULL);
    pdf_deflate_release(zs);
    pdf_deflate_release(NULL);
    free(src);
}
