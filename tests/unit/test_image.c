/*
 * test_image.c: images are checked before the PDF stage (image.c), and
 * figures are laid out (layout_figure.c).
 *
 * Every image is made here, at test time: PNG files with zlib (signature,
 * IHDR, PLTE/tRNS, IDAT of filter-0 scanlines, Adam7 when interlaced,
 * IEND, ISO/IEC 15948) and JPEG files as hand-written baseline marker
 * sequences (ITU T.81), in a temporary folder. Good ones of each kind must
 * load with the right pixels; broken ones must give an error naming the
 * file, never a crash (the suite runs under ASan and valgrind).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../../src/image/image.h"
#include "../../src/parse/parse.h"
#include "fixture.h"
#include "harness.h"

/* --- making images ----------------------------------------------------------
 */

typedef struct {
    unsigned char *v;
    size_t n, cap;
} buf;

static void put(buf *b, const void *p, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->v = realloc(b->v, b->cap);
    }
    memcpy(b->v + b->n, p, n);
    b->n += n;
}

static void put32(buf *b, uint32_t x)
{
    unsigned char c[4] = {x >> 24, x >> 16, x >> 8, x};
    put(b, c, 4);
}

static void chunk(buf *b, const char *kind, const unsigned char *d, size_t n)
{
    put32(b, (uint32_t)n);
    size_t at = b->n;
    put(b, kind, 4);
    if (n)
        put(b, d, n);
    put32(b, (uint32_t)crc32(0, b->v + at, (uInt)(n + 4)));
}

/* the samples of pixel (x, y): channels values below 2^depth */
typedef void (*pixel_fn)(uint32_t x, uint32_t y, unsigned *s);

static int channels_of(int ctype)
{
    return ctype == 0   ? 1
           : ctype == 2 ? 3
           : ctype == 3 ? 1
           : ctype == 4 ? 2
                        : 4;
}

static void scanline(buf *raw, uint32_t x0, uint32_t dx, uint32_t w, uint32_t y,
                     int ctype, int depth, pixel_fn px)
{
    unsigned char f = 0;
    put(raw, &f, 1);
    unsigned acc = 0, nb = 0;
    for (uint32_t x = x0; x < w; x += dx) {
        unsigned s[4];
        px(x, y, s);
        for (int c = 0; c < channels_of(ctype); c++) {
            if (depth == 16) {
                unsigned char two[2] = {s[c] >> 8, s[c] & 255};
                put(raw, two, 2);
            } else if (depth == 8) {
                unsigned char one = (unsigned char)s[c];
                put(raw, &one, 1);
            } else {
                acc = acc << depth | s[c];
                nb += (unsigned)depth;
                if (nb == 8) {
                    unsigned char one = (unsigned char)acc;
                    put(raw, &one, 1);
                    acc = nb = 0;
                }
            }
        }
    }
    if (nb) {
        unsigned char one = (unsigned char)(acc << (8 - nb));
        put(raw, &one, 1);
    }
}

static buf make_png(uint32_t w, uint32_t h, int ctype, int depth,
                    bool interlace, pixel_fn px, const unsigned char *plte,
                    size_t nplte, const unsigned char *trns, size_t ntrns)
{
    static const uint32_t a7[7][4] = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8},
                                      {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2},
                                      {0, 1, 1, 2}};
    buf raw = {0}, b = {0};
    if (interlace) {
        for (int p = 0; p < 7; p++)
            if (a7[p][0] < w)
                for (uint32_t y = a7[p][1]; y < h; y += a7[p][3])
                    scanline(&raw, a7[p][0], a7[p][2], w, y, ctype, depth, px);
    } else {
        for (uint32_t y = 0; y < h; y++)
            scanline(&raw, 0, 1, w, y, ctype, depth, px);
    }
    put(&b, "\x89PNG\r\n\x1a\n", 8);
    unsigned char ihdr[13] = {w >> 24,
                              w >> 16,
                              w >> 8,
                              w,
                              h >> 24,
                              h >> 16,
                              h >> 8,
                              h,
                              (unsigned char)depth,
                              (unsigned char)ctype,
                              0,
                              0,
                              interlace};
    chunk(&b, "IHDR", ihdr, 13);
    if (plte)
        chunk(&b, "PLTE", plte, nplte);
    if (trns)
        chunk(&b, "tRNS", trns, ntrns);
    uLongf zn = compressBound((uLong)raw.n);
    unsigned char *z = malloc(zn);
    compress(z, &zn, raw.v, (uLong)raw.n);
    chunk(&b, "IDAT", z, zn);
    chunk(&b, "IEND", NULL, 0);
    free(z);
    free(raw.v);
    return b;
}

/* A baseline JPEG of 2 x 1 flat blocks of one component (gray): DQT,
 * SOF0, a DC table of four-bit codes for categories 0-8, an AC table with
 * only EOB ("0"), SOS, the two blocks, EOI. */
static buf make_jpeg(void)
{
    static const unsigned char head[] = {
        0xFF, 0xD8,                   /* SOI */
        0xFF, 0xDB, 0x00, 0x43, 0x00, /* DQT 0 ... */
    };
    buf b = {0};
    put(&b, head, sizeof head);
    for (int i = 0; i < 64; i++)
        put(&b, "\x08", 1);
    static const unsigned char sof[] = {0xFF, 0xC0, 0x00, 0x0B, 8,
                                        0x00, 0x08, 0x00, 0x10, 0x01,
                                        0x01, 0x11, 0x00};
    put(&b, sof, sizeof sof);
    /* DHT: class/id, 16 counts of codes by length, the symbols */
    static const unsigned char dht_dc[] = {0xFF, 0xC4, 0x00, 0x1C, 0x00};
    put(&b, dht_dc, sizeof dht_dc);
    unsigned char counts[16] = {0, 0, 0, 9}; /* nine 4-bit codes */
    put(&b, counts, 16);
    for (unsigned char sym = 0; sym <= 8; sym++)
        put(&b, &sym, 1);
    static const unsigned char dht_ac[] = {0xFF, 0xC4, 0x00, 0x14, 0x10};
    put(&b, dht_ac, sizeof dht_ac);
    unsigned char ac_counts[16] = {1}; /* one 1-bit code: EOB */
    put(&b, ac_counts, 16);
    put(&b, "", 1); /* the symbol 0x00 */
    static const unsigned char sos[] = {0xFF, 0xDA, 0x00, 0x08, 0x01,
                                        0x01, 0x00, 0x00, 0x3F, 0x00};
    put(&b, sos, sizeof sos);
    /* block 1: DC diff 0 (category "0000"), EOB "0"; block 2: the same:
     * 0000 0 0000 0 + padding 111111 -> 0x00 0x3F */
    static const unsigned char data[] = {0x00, 0x3F, 0xFF, 0xD9};
    put(&b, data, sizeof data);
    return b;
}

/* --- the folder the images go to --------------------------------------------
 */

static char dir[64];

static const char *in_dir(const char *name)
{
    static char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void write_file(const char *name, const void *p, size_t n)
{
    FILE *f = fopen(in_dir(name), "wb");
    if (f) {
        if (n)
            fwrite(p, 1, n, f);
        fclose(f);
    }
}

static void make_dir(void)
{
    if (dir[0])
        return;
    snprintf(dir, sizeof dir, "/tmp/arsrapport-img-XXXXXX");
    if (!mkdtemp(dir))
        dir[0] = '\0';
}

/* Loads name from the folder; the error, if any, in *rule and *msg. */
static const image *load(const char *name, arena *a, diag_list *dl)
{
    return image_load(in_dir(name), name, a, dl, "t.xml", 7, 5);
}

static void px_rgb(uint32_t x, uint32_t y, unsigned *s)
{
    s[0] = x * 10;
    s[1] = y * 20;
    s[2] = 200;
}
static void px_rgba(uint32_t x, uint32_t y, unsigned *s)
{
    px_rgb(x, y, s);
    s[3] = x == 0 ? 0 : 255;
}
static void px_gray(uint32_t x, uint32_t y, unsigned *s)
{
    (void)y;
    s[0] = x * 30;
}
static void px_gray_alpha(uint32_t x, uint32_t y, unsigned *s)
{
    s[0] = 100;
    s[1] = y * 50;
    (void)x;
}
static void px_pal(uint32_t x, uint32_t y, unsigned *s)
{
    (void)y;
    s[0] = x % 3;
}
static void px_16(uint32_t x, uint32_t y, unsigned *s)
{
    s[0] = x * 0x1000 + 0x00FF; /* the high byte is x * 16 */
    s[1] = 0xFFFF;
    s[2] = y * 0x0100;
}

/* --- good images -------------------------------------------------------------
 */

void test_image_png_kinds(void)
{
    make_dir();
    CHECK(dir[0]);
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    static const unsigned char plte[] = {255, 0, 0, 0, 255, 0, 0, 0, 255};
    static const unsigned char trns[] = {255, 128};
    buf b = make_png(8, 4, 2, 8, false, px_rgb, NULL, 0, NULL, 0);
    write_file("rgb.png", b.v, b.n);
    free(b.v);
    b = make_png(8, 4, 6, 8, false, px_rgba, NULL, 0, NULL, 0);
    write_file("rgba.png", b.v, b.n);
    free(b.v);
    b = make_png(8, 4, 0, 8, false, px_gray, NULL, 0, NULL, 0);
    write_file("gray.png", b.v, b.n);
    free(b.v);
    b = make_png(3, 5, 4, 8, false, px_gray_alpha, NULL, 0, NULL, 0);
    write_file("graya.png", b.v, b.n);
    free(b.v);
    b = make_png(7, 3, 3, 2, false, px_pal, plte, sizeof plte, trns,
                 sizeof trns);
    write_file("pal.png", b.v, b.n);
    free(b.v);
    b = make_png(9, 3, 2, 16, false, px_16, NULL, 0, NULL, 0);
    write_file("16.png", b.v, b.n);
    free(b.v);
    b = make_png(13, 11, 2, 8, true, px_rgb, NULL, 0, NULL, 0);
    write_file("inter.png", b.v, b.n);
    free(b.v);

    const image *im = load("rgb.png", a, dl);
    CHECK(im && im->format == IMAGE_PNG && im->width == 8 && im->height == 4);
    CHECK(im && !im->alpha);
    /* pixel (3, 2): 30, 40, 200 */
    CHECK(im && im->rgb[(2 * 8 + 3) * 3] == 30 &&
          im->rgb[(2 * 8 + 3) * 3 + 1] == 40 &&
          im->rgb[(2 * 8 + 3) * 3 + 2] == 200);

    im = load("rgba.png", a, dl);
    CHECK(im && im->alpha && im->alpha[0] == 0 && im->alpha[1] == 255);
    CHECK(im && im->rgb[3] == 10 && im->rgb[5] == 200);

    im = load("gray.png", a, dl);
    CHECK(im && !im->alpha && im->rgb[3 * 2] == 60 &&
          im->rgb[3 * 2 + 1] == 60 && im->rgb[3 * 2 + 2] == 60);

    im = load("graya.png", a, dl);
    CHECK(im && im->alpha && im->alpha[3 * 2] == 100 && im->rgb[0] == 100);

    /* palette: index 0 red (alpha 255), 1 green (alpha 128), 2 blue */
    im = load("pal.png", a, dl);
    CHECK(im && im->width == 7 && im->alpha);
    CHECK(im && im->rgb[0] == 255 && im->rgb[4] == 255 && im->rgb[8] == 255);
    CHECK(im && im->alpha[0] == 255 && im->alpha[1] == 128 &&
          im->alpha[2] == 255);

    /* 16 bits scaled to 8: 0x30FF -> 0x31 or 0x30, never wrapped */
    im = load("16.png", a, dl);
    CHECK(im && im->width == 9 && !im->alpha);
    CHECK(im && (im->rgb[3 * 3] == 0x30 || im->rgb[3 * 3] == 0x31) &&
          im->rgb[3 * 3 + 1] == 0xFF);

    /* Adam7: the same pixels as a non-interlaced image */
    im = load("inter.png", a, dl);
    CHECK(im && im->width == 13 && im->height == 11);
    bool same = im != NULL;
    for (uint32_t y = 0; im && y < 11; y++)
        for (uint32_t x = 0; x < 13; x++) {
            unsigned s[4];
            px_rgb(x, y, s);
            const unsigned char *p = im->rgb + (y * 13 + x) * 3;
            same &= p[0] == (s[0] & 255) && p[1] == s[1] && p[2] == s[2];
        }
    CHECK(same);
    CHECK_INT(diag_count(dl), 0);
    diag_list_free(dl);
    arena_free(a);
}

void test_image_jpeg(void)
{
    make_dir();
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    buf b = make_jpeg();
    write_file("bild.jpg", b.v, b.n);
    /* a JPEG named .png is a JPEG: the contents decide */
    write_file("egentligen-jpeg.png", b.v, b.n);
    const image *im = load("bild.jpg", a, dl);
    CHECK(im && im->format == IMAGE_JPEG && im->width == 16 &&
          im->height == 8 && im->components == 1);
    CHECK(im && im->size == b.n && memcmp(im->data, b.v, b.n) == 0);
    im = load("egentligen-jpeg.png", a, dl);
    CHECK(im && im->format == IMAGE_JPEG);
    CHECK_INT(diag_count(dl), 0);
    free(b.v);
    diag_list_free(dl);
    arena_free(a);
}

/* --- broken images -----------------------------------------------------------
 */

/* name must be refused with rule, the message naming the file, at t.xml:7:5 */
static void refused(const char *name, const char *rule)
{
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    const image *im = load(name, a, dl);
    CHECK(im == NULL);
    CHECK_INT(diag_count(dl), 1);
    if (diag_count(dl) == 1) {
        const diag *d = diag_get(dl, 0);
        if (strcmp(d->rule, rule) != 0 || !strstr(d->message, name))
            fprintf(stderr, "  %s: [%s] %s\n", name, d->rule, d->message);
        CHECK_STR(d->rule, rule);
        CHECK(strstr(d->message, name) != NULL);
        CHECK(d->severity == DIAG_ERROR && d->line == 7 && d->col == 5);
    }
    diag_list_free(dl);
    arena_free(a);
}

void test_image_broken(void)
{
    make_dir();
    buf p = make_png(40, 20, 2, 8, false, px_rgb, NULL, 0, NULL, 0);
    buf j = make_jpeg();
    for (size_t cut = 1; cut < p.n; cut += p.n / 7 + 1) {
        char name[40];
        snprintf(name, sizeof name, "kort-%zu.png", cut);
        write_file(name, p.v, cut);
        /* a cut signature is no PNG; anything after it a broken one */
        refused(name, cut < 8 ? "BILD-03" : "BILD-04");
    }
    write_file("utan-iend.png", p.v, p.n - 12);
    refused("utan-iend.png", "BILD-04");
    for (size_t cut = 3; cut < j.n; cut += 9) {
        char name[40];
        snprintf(name, sizeof name, "kort-%zu.jpg", cut);
        write_file(name, j.v, cut);
        refused(name, "BILD-04");
    }
    /* a bad CRC in IDAT */
    p.v[p.n - 20] ^= 0x55;
    write_file("crc.png", p.v, p.n);
    refused("crc.png", "BILD-04");
    write_file("text.png", "Det här är ingen bild.\n", 23);
    refused("text.png", "BILD-03");
    write_file("gif.png", "GIF89a\1\0\1\0\0\0\0;", 14);
    refused("gif.png", "BILD-03");
    write_file("tom.png", "", 0);
    refused("tom.png", "BILD-03");
    refused("finns-inte.png", "BILD-01");
    refused(".", "BILD-03"); /* a folder */
    /* a JPEG whose segment length runs past the end */
    unsigned char seglen[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x7F, 0xFF, 0, 0};
    write_file("langd.jpg", seglen, sizeof seglen);
    refused("langd.jpg", "BILD-04");
    /* 12-bit and arithmetic-coded JPEG: PDF cannot show them */
    unsigned char j12[] = {0xFF, 0xD8, 0xFF, 0xC1, 0,    11, 12,   0,   8,
                           0,    8,    1,    1,    0x11, 0,  0xFF, 0xD9};
    write_file("tolv.jpg", j12, sizeof j12);
    refused("tolv.jpg", "BILD-06");
    j12[3] = 0xC9;
    j12[6] = 8;
    write_file("aritm.jpg", j12, sizeof j12);
    refused("aritm.jpg", "BILD-06");
    free(p.v);
    free(j.v);
}

void test_image_huge(void)
{
    make_dir();
    /* IHDR says 20000 x 20000 (the data is one pixel): refused before
     * any memory is taken for it */
    buf p = make_png(1, 1, 2, 8, false, px_rgb, NULL, 0, NULL, 0);
    p.v[16 + 2] = 0x4E; /* width 0x00004E01 = 19969 */
    p.v[20 + 2] = 0x4E;
    uint32_t crc = (uint32_t)crc32(0, p.v + 12, 17);
    p.v[29] = crc >> 24;
    p.v[30] = crc >> 16;
    p.v[31] = crc >> 8;
    p.v[32] = crc;
    write_file("jatte.png", p.v, p.n);
    refused("jatte.png", "BILD-05");
    /* 9000 x 9000 is within the sides but over 50 million pixels */
    p.v[16 + 2] = 0x23;
    p.v[16 + 3] = 0x28;
    p.v[20 + 2] = 0x23;
    p.v[20 + 3] = 0x28;
    crc = (uint32_t)crc32(0, p.v + 12, 17);
    p.v[29] = crc >> 24;
    p.v[30] = crc >> 16;
    p.v[31] = crc >> 8;
    p.v[32] = crc;
    write_file("manga.png", p.v, p.n);
    refused("manga.png", "BILD-05");
    /* a JPEG frame of 60000 x 60000 */
    unsigned char big[] = {0xFF, 0xD8, 0xFF, 0xC0, 0,    11, 8,    0xEA, 0x60,
                           0xEA, 0x60, 1,    1,    0x11, 0,  0xFF, 0xD9};
    write_file("jatte.jpg", big, sizeof big);
    refused("jatte.jpg", "BILD-05");
    free(p.v);
}

void test_image_paths(void)
{
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    CHECK_STR(image_resolve(NULL, "doc", "bilder/a.png", a, dl, "t.xml", 1, 1),
              "doc/bilder/a.png");
    CHECK_STR(image_resolve(NULL, ".", "a.png", a, dl, "t.xml", 1, 1), "a.png");
    CHECK_STR(image_resolve(NULL, "doc", "a..b.png", a, dl, "t.xml", 1, 1),
              "doc/a..b.png");
    CHECK_INT(diag_count(dl), 0);
    CHECK(!image_resolve(NULL, "doc", "/etc/passwd", a, dl, "t.xml", 1, 1));
    CHECK(!image_resolve(NULL, "doc", "../hemlig.png", a, dl, "t.xml", 1, 1));
    CHECK(!image_resolve(NULL, "doc", "bilder/../../x.png", a, dl, "t.xml", 1,
                         1));
    CHECK(!image_resolve(NULL, "doc", "bilder/..", a, dl, "t.xml", 1, 1));
    CHECK_INT(diag_count(dl), 4);
    for (size_t i = 0; i < diag_count(dl); i++)
        CHECK_STR(diag_get(dl, i)->rule, "BILD-02");
    diag_list_free(dl);
    arena_free(a);
}

/* --- figures in the layout ---------------------------------------------------
 */

/* Lays out body as a document in the image folder. */
static layout_doc *lay(const char *body, arena *a, diag_list *dl, doc **dp,
                       const layout_style *st)
{
    char *x = malloc(strlen(TEST_DOC_HEAD) + strlen(body) + 16);
    sprintf(x, "%s%s</rapport>", TEST_DOC_HEAD, body);
    doc *d = parse_memory(test_schema(), in_dir("t.xml"), x, strlen(x), dl);
    free(x);
    *dp = d;
    if (!d)
        return NULL;
    doc_number(d);
    /* the stub font freed at once: layout_document keeps no pointer to
     * it in what it returns */
    font_set *fs = font_set_stub();
    layout_doc *ld = layout_document(d, fs, st, a, dl);
    font_set_free(fs);
    return ld;
}

static const lbox *find_image(const layout_doc *ld, size_t *page, size_t nth)
{
    for (size_t p = 0; ld && p < ld->npages; p++)
        for (size_t i = 0; i < ld->pages[p].n; i++)
            if (ld->pages[p].boxes[i].kind == LBOX_IMAGE && nth-- == 0) {
                if (page)
                    *page = p;
                return &ld->pages[p].boxes[i];
            }
    return NULL;
}

void test_image_figure_layout(void)
{
    make_dir();
    /* 800 x 400 px: 600 pt at 96 ppi, wider than the measure */
    buf p = make_png(800, 400, 0, 8, false, px_gray, NULL, 0, NULL, 0);
    write_file("bred.png", p.v, p.n);
    free(p.v);
    p = make_png(40, 200, 0, 8, false, px_gray, NULL, 0, NULL, 0);
    write_file("hog.png", p.v, p.n);
    free(p.v);
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    layout_style st;
    layout_style_default(&st);
    st.hyph = test_hyph();
    int32_t measure = st.page_w - st.margin_inner - st.margin_outer;
    doc *d;
    layout_doc *ld = lay(
        "<avsnitt><rubrik>Bilder</rubrik>"
        "<bild fil=\"bred.png\" alt=\"Bred\"><rubrik>Bred bild</rubrik></bild>"
        "<bild fil=\"bred.png\" alt=\"Halv\" bredd=\"50%\"/>"
        "<bild fil=\"bred.png\" alt=\"Mm\" bredd=\"40mm\"/>"
        "<bild fil=\"hog.png\" alt=\"Hög\" bredd=\"100%\"/>"
        "<bild fil=\"saknas.png\" alt=\"Saknas\"/>"
        "</avsnitt>",
        a, dl, &d, &st);
    CHECK(ld != NULL);
    const lbox *b = find_image(ld, NULL, 0);
    /* capped at the measure, proportions kept */
    CHECK(b && b->w == measure && b->h == measure / 2);
    CHECK(b && b->alt && strcmp(b->alt, "Bred") == 0);
    b = find_image(ld, NULL, 1);
    CHECK(b && b->w == measure / 2);
    b = find_image(ld, NULL, 2);
    CHECK(b && b->w == 40 * MPT_PER_MM);
    /* the tall one: no taller than the text block, so narrower */
    size_t pg = 0;
    b = find_image(ld, &pg, 3);
    int32_t block = st.page_h - st.margin_top - st.margin_bottom;
    CHECK(b && b->h < block && b->w < measure);
    CHECK(b && b->y + b->h <= st.page_h - st.margin_bottom);
    /* the caption comes under the image, on its page */
    b = find_image(ld, &pg, 0);
    bool caption = false;
    for (size_t i = 0; b && i < ld->pages[pg].n; i++) {
        const lbox *t = &ld->pages[pg].boxes[i];
        if (t->kind == LBOX_TEXT && t->n >= 5 && t->cps[0] == 'F' &&
            t->cps[4] == 'r' && t->y > b->y + b->h)
            caption = true;
    }
    CHECK(caption);
    /* the missing file: left out, reported once, no fifth image */
    CHECK(find_image(ld, NULL, 4) == NULL);
    size_t missing = 0;
    for (size_t i = 0; i < diag_count(dl); i++)
        missing += strcmp(diag_get(dl, i)->rule, "BILD-01") == 0;
    CHECK_INT(missing, 1);
    doc_free(d);
    diag_list_free(dl);
    arena_free(a);
}

/* A figure and its caption never part: one that does not fit in what is
 * left of the page starts the next one, with its caption. */
void test_image_figure_keeps_caption(void)
{
    make_dir();
    buf p = make_png(400, 300, 2, 8, false, px_rgb, NULL, 0, NULL, 0);
    write_file("foto.png", p.v, p.n);
    free(p.v);
    char body[4096] = "<avsnitt><rubrik>R</rubrik>";
    for (int i = 0; i < 9; i++)
        strcat(body, "<stycke>Ord och ord och ord och ord och ord och ord "
                     "och ord och ord och ord och ord och ord och ord och "
                     "ord och ord och ord och ord.</stycke>");
    strcat(body, "<bild fil=\"foto.png\" alt=\"Foto\"><rubrik>Ett foto"
                 "</rubrik></bild></avsnitt>");
    for (int32_t page_h = 300000; page_h <= 600000; page_h += 23000) {
        arena *a = arena_new();
        diag_list *dl = diag_list_new(LANG_SV);
        layout_style st;
        layout_style_default(&st);
        st.hyph = test_hyph();
        st.page_h = page_h;
        doc *d;
        layout_doc *ld = lay(body, a, dl, &d, &st);
        size_t pg = 0;
        const lbox *b = find_image(ld, &pg, 0);
        CHECK(b != NULL);
        /* the caption's baseline is on the image's page, above the foot */
        bool found = false;
        for (size_t i = 0; b && i < ld->pages[pg].n; i++) {
            const lbox *t = &ld->pages[pg].boxes[i];
            if (t->kind == LBOX_TEXT && !t->artifact && t->n >= 5 &&
                t->cps[0] == 'F' && t->y > b->y + b->h &&
                t->y <= page_h - st.margin_bottom)
                found = true;
        }
        CHECK(found);
        CHECK(b && b->y + b->h <= page_h - st.margin_bottom);
        doc_free(d);
        diag_list_free(dl);
        arena_free(a);
    }
}

/* Last: the temporary folder and what the tests wrote into it go. */
void test_image_cleanup(void)
{
    if (!dir[0])
        return;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    dir[0] = '\0';
}
