/*
 * image.c: reading and checking PNG and JPEG files before the PDF stage.
 *
 * The file is read whole (at most IMAGE_MAX_BYTES) and recognised by its
 * signature, never by its name. PNG (ISO/IEC 15948) is decoded with libpng
 * from memory, under an error handler that longjmps back here: libpng's
 * own default would print and abort. Every colour type and depth becomes
 * 8-bit RGB plus, when some pixel is not opaque, a separate 8-bit alpha
 * plane (the PDF's SMask, ISO 32000-1 11.6.5.3); interlaced files are
 * de-interlaced by libpng. JPEG (ITU T.81) is not decoded: its marker
 * segments are walked from SOI to EOI (every length inside the file, a
 * frame header SOF0/1/2 with 8-bit samples, sane dimensions and 1, 3 or 4
 * components before the first SOS, the entropy-coded data ending in a
 * marker) so that the bytes handed to the PDF's DCTDecode are a whole
 * image.
 */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/pathpolicy.h"

/* --- reading the file ------------------------------------------------------
 */

typedef struct {
    const char *name; /* for diagnostics */
    diag_list *dl;
    const char *file;
    uint32_t line, col;
} where;

/* The rule of an image error: BILD-03 (not an image), BILD-04 (broken),
 * BILD-05 (too large) or BILD-06 (a JPEG PDF cannot show), and its hint. */
static const char *rule_of(msg_key key, msg_key *hint)
{
    switch (key) {
    case MSG_IMG_EMPTY:
    case MSG_IMG_FORMAT:
    case MSG_IMG_NOT_FILE:
        *hint = MSG_IMG_FORMAT_HINT;
        return "BILD-03";
    case MSG_IMG_TOO_BIG:
        *hint = MSG_IMG_TOO_BIG_HINT;
        return "BILD-05";
    case MSG_IMG_JPEG_KIND:
        *hint = MSG_IMG_JPEG_KIND_HINT;
        return "BILD-06";
    default:
        *hint = MSG_IMG_BROKEN_HINT;
        return "BILD-04";
    }
}

static void add_hint(const where *w, diag *d, msg_key hint)
{
    diag_hint(w->dl, d, hint);
}

/* An error at the bild element, with the rule and hint its key asks for. */
#define img_error(w, key, ...)                                                 \
    do {                                                                       \
        msg_key hint_;                                                         \
        const char *rule_ = rule_of(key, &hint_);                              \
        add_hint(w,                                                            \
                 diag_add((w)->dl, DIAG_ERROR, (w)->file, (w)->line, (w)->col, \
                          rule_, key, __VA_ARGS__),                            \
                 hint_);                                                       \
    } while (0)

/* The file's bytes (malloc'd) or NULL after an error. A FIFO or device
 * would block or never end: only regular files are read. */
static unsigned char *read_file(const char *path, const where *w, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        diag_add(w->dl, DIAG_ERROR, w->file, w->line, w->col, "BILD-01",
                 MSG_IMG_OPEN, w->name,
                 msg_errno(diag_list_lang(w->dl), errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        img_error(w, MSG_IMG_NOT_FILE, w->name);
        close(fd);
        return NULL;
    }
    if ((uintmax_t)st.st_size > IMAGE_MAX_BYTES) {
        diag_add(w->dl, DIAG_ERROR, w->file, w->line, w->col, "BILD-05",
                 MSG_IMG_FILE_TOO_BIG, w->name, (size_t)st.st_size,
                 IMAGE_MAX_BYTES / (1024u * 1024u));
        close(fd);
        return NULL;
    }
    size_t cap = (size_t)st.st_size, n = 0;
    unsigned char *buf = xmalloc(cap + 1);
    /* the file may change while it is read: never past cap */
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            diag_add(w->dl, DIAG_ERROR, w->file, w->line, w->col, "BILD-01",
                     MSG_IMG_OPEN, w->name,
                     msg_errno(diag_list_lang(w->dl), errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    *len = n;
    return buf;
}

static bool size_ok(const where *w, uint32_t width, uint32_t height)
{
    if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE ||
        (uint64_t)width * height > IMAGE_MAX_PIXELS) {
        img_error(w, MSG_IMG_TOO_BIG, w->name, (unsigned)width,
                  (unsigned)height, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE,
                  IMAGE_MAX_PIXELS / 1000000u);
        return false;
    }
    return true;
}

/* --- PNG -------------------------------------------------------------------
 */

/* What the decoder works on; lives in the caller of png_decode, so that
 * nothing setjmp's caller changes after setjmp is a local of it (C11
 * 7.13.2.1: such locals would be indeterminate after the longjmp). */
typedef struct {
    const unsigned char *buf;
    size_t len, pos;
    bool truncated;
    char why[200]; /* libpng's message */
    png_structp png;
    png_infop info;
    unsigned char *pix; /* decoded rows, width × height × channels */
    png_bytep *rows;    /* row pointers into pix */
    uint32_t w, h;
    int channels; /* 3 or 4 after the transformations */
    bool too_big;
} png_job;

static void png_on_error(png_structp png, png_const_charp msg)
{
    png_job *j = png_get_error_ptr(png);
    snprintf(j->why, sizeof j->why, "%s", msg ? msg : "?");
    png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
    (void)png; /* warnings (a bad ancillary chunk) do not stop the image */
    (void)msg;
}

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
    png_job *j = png_get_io_ptr(png);
    if (n > j->len - j->pos) {
        j->truncated = true;
        png_error(png, "unexpected end of file");
    }
    memcpy(out, j->buf + j->pos, n);
    j->pos += n;
}

/* Decodes j->buf into j->pix; false with j->why (or j->truncated,
 * j->too_big) set on failure. The caller frees j->pix, j->rows and the
 * libpng structures in every case. */
static bool png_decode(png_job *j, const where *w)
{
    if (setjmp(png_jmpbuf(j->png)))
        return false;
    png_set_read_fn(j->png, j, png_read_mem);
    /* the sides are checked below with a message of our own */
    png_set_user_limits(j->png, 0x7fffffffu, 0x7fffffffu);
    png_read_info(j->png, j->info);
    png_uint_32 width, height;
    int depth, ctype, interlace;
    png_get_IHDR(j->png, j->info, &width, &height, &depth, &ctype, &interlace,
                 NULL, NULL);
    if (!size_ok(w, width, height)) {
        j->too_big = true;
        return false;
    }
    /* everything to 8-bit RGB(A): palette and low-depth gray expanded,
     * tRNS made an alpha channel, 16 bits scaled down, gray made RGB */
    png_set_expand(j->png);
    png_set_scale_16(j->png);
    if (ctype == PNG_COLOR_TYPE_GRAY || ctype == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(j->png);
    png_set_interlace_handling(j->png);
    png_read_update_info(j->png, j->info);
    j->channels = png_get_channels(j->png, j->info);
    size_t rowbytes = png_get_rowbytes(j->png, j->info);
    if ((j->channels != 3 && j->channels != 4) ||
        png_get_bit_depth(j->png, j->info) != 8 ||
        rowbytes != (size_t)width * (size_t)j->channels)
        png_error(j->png, "unsupported pixel format");
    j->w = width;
    j->h = height;
    j->pix = xmalloc(rowbytes * height);
    j->rows = xmalloc(sizeof *j->rows * height);
    for (uint32_t y = 0; y < height; y++)
        j->rows[y] = j->pix + (size_t)y * rowbytes;
    png_read_image(j->png, j->rows);
    /* the chunks after the image data, up to IEND: a file cut short
     * there is truncated too */
    png_read_end(j->png, NULL);
    return true;
}

static const image *load_png(const unsigned char *buf, size_t len,
                             const where *w, arena *a)
{
    png_job j;
    memset(&j, 0, sizeof j);
    j.buf = buf;
    j.len = len;
    j.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &j, png_on_error,
                                   png_on_warning);
    if (!j.png)
        die_oom();
    j.info = png_create_info_struct(j.png);
    if (!j.info)
        die_oom();
    bool ok = png_decode(&j, w);
    png_destroy_read_struct(&j.png, &j.info, NULL);
    image *im = NULL;
    if (ok) {
        size_t n = (size_t)j.w * j.h;
        im = arena_alloc(a, sizeof *im);
        im->format = IMAGE_PNG;
        im->width = j.w;
        im->height = j.h;
        im->components = 3;
        unsigned char *rgb = arena_alloc(a, n * 3);
        if (j.channels == 3) {
            memcpy(rgb, j.pix, n * 3);
        } else {
            /* split RGBA: the alpha plane only when something shows
             * through (an opaque image needs no SMask) */
            bool opaque = true;
            for (size_t i = 0; i < n; i++)
                opaque &= j.pix[i * 4 + 3] == 255;
            unsigned char *alpha = opaque ? NULL : arena_alloc(a, n);
            for (size_t i = 0; i < n; i++) {
                memcpy(rgb + i * 3, j.pix + i * 4, 3);
                if (alpha)
                    alpha[i] = j.pix[i * 4 + 3];
            }
            im->alpha = alpha;
        }
        im->rgb = rgb;
    } else if (j.truncated) {
        img_error(w, MSG_IMG_BROKEN, w->name,
                  msg_text(diag_list_lang(w->dl), MSG_IMG_TRUNCATED));
    } else if (!j.too_big) {
        char detail[256];
        snprintf(detail, sizeof detail,
                 msg_text(diag_list_lang(w->dl), MSG_IMG_PNG_DETAIL), j.why);
        img_error(w, MSG_IMG_BROKEN, w->name, detail);
    }
    free(j.rows);
    free(j.pix);
    return im;
}

/* --- JPEG ------------------------------------------------------------------
 */

/* Walks the marker segments of buf (ITU T.81 B.1); fills im or adds an
 * error and returns false. */
static bool jpeg_check(const unsigned char *buf, size_t len, const where *w,
                       image *im)
{
    msg_lang lang = diag_list_lang(w->dl);
    size_t p = 2; /* after SOI */
    bool sof = false, sos = false;
    for (;;) {
        /* a marker: 0xFF, optional 0xFF fill bytes, then its code */
        if (p >= len) {
            img_error(w, MSG_IMG_BROKEN, w->name,
                      msg_text(lang, MSG_IMG_TRUNCATED));
            return false;
        }
        if (buf[p] != 0xFF) {
            img_error(w, MSG_IMG_BROKEN, w->name,
                      msg_text(lang, MSG_IMG_JPEG_MARKER));
            return false;
        }
        while (p < len && buf[p] == 0xFF)
            p++;
        if (p >= len) {
            img_error(w, MSG_IMG_BROKEN, w->name,
                      msg_text(lang, MSG_IMG_TRUNCATED));
            return false;
        }
        unsigned m = buf[p++];
        if (m == 0xD9) { /* EOI */
            if (!sos) {
                img_error(w, MSG_IMG_BROKEN, w->name,
                          msg_text(lang, MSG_IMG_JPEG_NO_SOS));
                return false;
            }
            return true;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) /* TEM, RSTn: no length */
            continue;
        if (m == 0x00 || m == 0xD8) {
            img_error(w, MSG_IMG_BROKEN, w->name,
                      msg_text(lang, MSG_IMG_JPEG_MARKER));
            return false;
        }
        if (len - p < 2) {
            img_error(w, MSG_IMG_BROKEN, w->name,
                      msg_text(lang, MSG_IMG_TRUNCATED));
            return false;
        }
        size_t seg = (size_t)buf[p] << 8 | buf[p + 1];
        if (seg < 2 || seg > len - p) {
            img_error(w, MSG_IMG_BROKEN, w->name,
                      msg_text(lang, seg < 2 ? MSG_IMG_JPEG_SEGMENT
                                             : MSG_IMG_TRUNCATED));
            return false;
        }
        const unsigned char *s = buf + p + 2; /* the segment's contents */
        size_t slen = seg - 2;
        bool is_sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 &&
                      m != 0xCC; /* not DHT, JPG, DAC */
        if (is_sof) {
            if (sof) { /* one frame per image (hierarchical: refused) */
                img_error(w, MSG_IMG_BROKEN, w->name,
                          msg_text(lang, MSG_IMG_JPEG_BAD_SOF));
                return false;
            }
            /* PDF's DCTDecode reads baseline, extended sequential and
             * progressive Huffman JPEG (SOF0, SOF1, SOF2) of 8 bits */
            if (m > 0xC2) {
                img_error(w, MSG_IMG_JPEG_KIND, w->name,
                          m == 0xC3   ? "lossless"
                          : m >= 0xC9 ? "arithmetic coding"
                                      : "hierarchical");
                return false;
            }
            if (slen < 6) {
                img_error(w, MSG_IMG_BROKEN, w->name,
                          msg_text(lang, MSG_IMG_JPEG_BAD_SOF));
                return false;
            }
            unsigned prec = s[0];
            uint32_t h = (uint32_t)s[1] << 8 | s[2];
            uint32_t wd = (uint32_t)s[3] << 8 | s[4];
            unsigned nc = s[5];
            if (slen != 6 + 3 * (size_t)nc || (nc != 1 && nc != 3 && nc != 4)) {
                img_error(w, MSG_IMG_BROKEN, w->name,
                          msg_text(lang, MSG_IMG_JPEG_BAD_SOF));
                return false;
            }
            if (prec != 8) {
                img_error(w, MSG_IMG_JPEG_KIND, w->name,
                          prec == 12 ? "12 bits" : "precision");
                return false;
            }
            if (h == 0 || wd == 0) { /* a height set later by DNL too */
                img_error(w, MSG_IMG_BROKEN, w->name,
                          msg_text(lang, MSG_IMG_ZERO));
                return false;
            }
            if (!size_ok(w, wd, h))
                return false;
            im->width = wd;
            im->height = h;
            im->components = (int)nc;
            sof = true;
        }
        p += seg;
        if (m == 0xDA) { /* SOS: entropy-coded data up to the next marker */
            if (!sof) {
                img_error(w, MSG_IMG_BROKEN, w->name,
                          msg_text(lang, MSG_IMG_JPEG_NO_SOF));
                return false;
            }
            sos = true;
            /* 0xFF 0x00 is a stuffed data byte, 0xFF 0xD0-D7 a restart
             * marker inside the scan; any other 0xFF xx ends it */
            for (;;) {
                const unsigned char *ff = memchr(buf + p, 0xFF, len - p);
                if (!ff || (size_t)(ff - buf) + 1 >= len) {
                    img_error(w, MSG_IMG_BROKEN, w->name,
                              msg_text(lang, MSG_IMG_TRUNCATED));
                    return false;
                }
                p = (size_t)(ff - buf);
                unsigned nx = buf[p + 1];
                if (nx == 0x00 || (nx >= 0xD0 && nx <= 0xD7) || nx == 0xFF) {
                    p += nx == 0xFF ? 1 : 2; /* fill bytes before a marker */
                    continue;
                }
                break;
            }
        }
    }
}

static const image *load_jpeg(unsigned char *buf, size_t len, const where *w,
                              arena *a)
{
    image tmp;
    memset(&tmp, 0, sizeof tmp);
    if (!jpeg_check(buf, len, w, &tmp))
        return NULL;
    image *im = arena_alloc(a, sizeof *im);
    *im = tmp;
    im->format = IMAGE_JPEG;
    unsigned char *data = arena_alloc(a, len);
    memcpy(data, buf, len);
    im->data = data;
    im->size = len;
    return im;
}

/* --- the public functions --------------------------------------------------
 */

const image *image_load(const char *path, const char *name, arena *a,
                        diag_list *dl, const char *file, uint32_t line,
                        uint32_t col)
{
    where w = {name ? name : path, dl, file, line, col};
    size_t len = 0;
    unsigned char *buf = read_file(path, &w, &len);
    if (!buf)
        return NULL;
    static const unsigned char png_sig[8] = {0x89, 'P',  'N',  'G',
                                             '\r', '\n', 0x1A, '\n'};
    const image *im = NULL;
    if (len == 0) {
        img_error(&w, MSG_IMG_EMPTY, w.name);
    } else if (len >= 8 && memcmp(buf, png_sig, 8) == 0) {
        im = load_png(buf, len, &w, a);
    } else if (len >= 3 && buf[0] == 0xFF && buf[1] == 0xD8 && buf[2] == 0xFF) {
        im = load_jpeg(buf, len, &w, a);
    } else {
        img_error(&w, MSG_IMG_FORMAT, w.name);
    }
    free(buf);
    if (im)
        ((image *)im)->path = arena_strdup(a, w.name);
    return im;
}

const char *image_resolve(const path_policy *pp, const char *dir,
                          const char *fil, arena *a, diag_list *dl,
                          const char *file, uint32_t line, uint32_t col)
{
    /* refused as written (pathpolicy.h): empty, absolute, "..", unless
     * folders are allowed (--tillat-sokvag): then where it leads counts */
    const char *path;
    char real[PATH_MAX];
    switch (path_policy_resolve(pp, dir, fil, a, &path, real, sizeof real)) {
    case PATH_REFUSED: {
        diag *d = diag_add(dl, DIAG_ERROR, file, line, col, "BILD-02",
                           MSG_IMG_PATH, fil);
        diag_hint(dl, d, MSG_IMG_PATH_HINT);
        break;
    }
    case PATH_OUTSIDE: {
        diag *d = diag_add(dl, DIAG_ERROR, file, line, col, "BILD-02",
                           MSG_IMG_PATH_LINK, fil, real);
        diag_hint(dl, d, MSG_IMG_PATH_ALLOW_HINT);
        break;
    }
    case PATH_INSIDE:
    case PATH_MISSING: /* cannot be resolved: opening it says why (BILD-01) */
        break;
    }
    return path;
}

struct image_slot {
    const char *fil;
    const image *im; /* NULL: could not be used (reported) */
};

struct image_cache {
    arena *a;
    const path_policy *pp;
    struct image_slot *v;
    size_t n, cap;
};

image_cache *image_cache_new(arena *a, const path_policy *pp)
{
    image_cache *ic = arena_alloc(a, sizeof *ic);
    memset(ic, 0, sizeof *ic);
    ic->a = a;
    ic->pp = pp;
    return ic;
}

const image *image_cache_get(image_cache *ic, const doc *d, const char *fil,
                             diag_list *dl, uint32_t line, uint32_t col)
{
    for (size_t i = 0; i < ic->n; i++)
        if (strcmp(ic->v[i].fil, fil) == 0)
            return ic->v[i].im;
    const image *im = NULL;
    const char *path = image_resolve(ic->pp, doc_dir(d), fil, ic->a, dl,
                                     doc_path(d), line, col);
    if (path)
        im = image_load(path, fil, ic->a, dl, doc_path(d), line, col);
    if (ic->n == ic->cap) {
        size_t cap = ic->cap ? ic->cap * 2 : 8;
        struct image_slot *v = arena_alloc(ic->a, cap * sizeof *v);
        if (ic->n)
            memcpy(v, ic->v, ic->n * sizeof *v);
        ic->v = v;
        ic->cap = cap;
    }
    ic->v[ic->n++] = (struct image_slot){arena_strdup(ic->a, fil), im};
    return im;
}

void image_check_document(doc *d, image_cache *ic, diag_list *dl)
{
    const doc_meta *m = doc_metadata(d);
    if (m->logga_fil)
        image_cache_get(ic, d, m->logga_fil, dl, 0, 0);
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        if (doc_node_kind(n) != DOC_IMAGE)
            continue;
        const char *fil = doc_node_attr(n, "fil");
        if (fil)
            image_cache_get(ic, d, fil, dl, doc_node_line(n), doc_node_col(n));
        doc_iter_skip_children(&it);
    }
}
