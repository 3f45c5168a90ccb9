/* font_impl.h: the shared body of font_set; font files only. */
#ifndef ARSRAPPORT_FONT_IMPL_H
#define ARSRAPPORT_FONT_IMPL_H

#include <pthread.h>
#include <stdatomic.h>

#include "font.h"

typedef struct font_face_impl font_face_impl;

/* Kerning cache of one face. Pairs of the code points text mostly uses
 * (Latin-1, Latin Extended-A, general punctuation, the minus sign and the
 * euro sign) sit in a dense table, index kern_dense_index(l) *
 * KERN_DENSE + kern_dense_index(r); each entry is 0 when not looked up
 * yet, else the kerning + KERN_BIAS (so calloc gives an empty cache whose
 * pages are only touched when used). Other pairs go to a small
 * open-addressing hash table keyed by (l << 32 | r) + 1, 0 = empty.
 *
 * A font set is shared by every job of an engine, which may run in
 * several threads: a cache entry is one atomic value (any thread that
 * fills it writes the same value), and the hash table is behind a lock. */
#define KERN_DENSE 402
#define KERN_BIAS 0x8000
typedef struct {
    _Atomic uint16_t *dense;
    pthread_mutex_t lock; /* guards keys, vals, cap, n */
    uint64_t *keys;
    int16_t *vals;
    size_t cap, n;
} font_kern_cache;

/* The kerning of a face's dense pairs, made at build time (kern_gen.c)
 * from a font file: for left index li, the pairs that kern are
 * right[row[li]] .. right[row[li + 1] - 1] (right indices ascending) with
 * their kerning in value; every other pair does not kern. Constant data. */
typedef struct {
    const char *path;
    long long size, mtime; /* the file's when the table was made */
    const uint32_t *row;   /* KERN_DENSE + 1 offsets */
    const uint16_t *right;
    const int16_t *value;
} font_kern_table;

/* The build's table for the font file at path while that file has the
 * size and modification time it had then; NULL otherwise (another file,
 * an upgraded package: its pairs are shaped). font_kerntab.c. */
const font_kern_table *font_kern_table_find(const char *path);
/* The kerning of dense pair (li, ri) in t. */
int font_kern_table_get(const font_kern_table *t, int li, int ri);

/* The caches of a face (the BMP's advances and glyph presence, the dense
 * kerning pairs) are large and touched in small part: each is a block of
 * zero pages from the system (font_cache_alloc), which costs nothing
 * until a page is touched; calloc may clear all of it (a quarter of the
 * fonts' set-up, issue 25). Out of memory ends the process (die_oom);
 * font_cache_free gives a block back. */
#define ADV_CACHE_BYTES (0x10000 * sizeof(int16_t))
#define GLYPH_CACHE_BYTES (0x10000 * sizeof(uint8_t))
#define KERN_DENSE_BYTES ((size_t)KERN_DENSE * KERN_DENSE * sizeof(uint16_t))
void *font_cache_alloc(size_t size);
void font_cache_free(void *p, size_t size);

/* Index of cp in the dense kerning table, or -1. */
int kern_dense_index(uint32_t cp);
/* An empty cache (font_set_load makes one per face; font_set_free frees). */
font_kern_cache *font_kern_cache_new(void);

struct font_set {
    bool stub;
    char *paths[FONT_ROLE_COUNT];
    int ascent[FONT_ROLE_COUNT], descent[FONT_ROLE_COUNT];
    /* BMP advance cache: the advance + 1, 0 = unknown (allocated
     * zeroed, so a page is only touched when a code point on it is) */
    _Atomic int16_t *adv[FONT_ROLE_COUNT];
    /* BMP glyph presence cache: 0 unknown, 1 present, 2 absent (made
     * with the face: jobs in several threads share it) */
    _Atomic uint8_t *glyph[FONT_ROLE_COUNT];
    font_kern_cache *kern[FONT_ROLE_COUNT];
    /* the build's kerning of the dense pairs, NULL: shape them */
    const font_kern_table *kern_table[FONT_ROLE_COUNT];
    font_face_impl *faces[FONT_ROLE_COUNT];
};

int font_impl_advance(const font_set *fs, font_role r, uint32_t cp);
/* Kerning from the face itself, uncached (font_kern caches it). */
int font_impl_kern(const font_set *fs, font_role r, uint32_t l, uint32_t rr);
bool font_impl_has_glyph(const font_set *fs, font_role r, uint32_t cp);
void font_impl_free_face(font_face_impl *f);

#endif
