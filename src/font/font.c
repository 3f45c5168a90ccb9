/*
 * font.c: the metric interface shared by the real fonts and the stub, and
 * the per-face advance and kerning caches.
 *
 * Layout asks for the advance of every glyph and the kerning of every
 * adjacent pair of a 500-page report, several times over (a word is
 * measured again when it grows); the answers come from the face through
 * HarfBuzz once and from these caches after that.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../common/arena.h"
#include "font_impl.h"

void *font_cache_alloc(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        die_oom();
    return p;
}

void font_cache_free(void *p, size_t size)
{
    if (p)
        munmap(p, size);
}

static const char *const role_names[FONT_ROLE_COUNT] = {
    "serif", "serif-bold", "serif-italic", "serif-bolditalic",
    "sans",  "sans-bold",  "sans-italic",  "sans-bolditalic",
};

const char *font_role_name(font_role r)
{
    return (unsigned)r < FONT_ROLE_COUNT ? role_names[r] : "?";
}

font_role font_role_style(font_role r, bool bold, bool italic)
{
    int family = r >= FONT_SANS ? FONT_SANS : FONT_SERIF;
    int style = (int)r - family;
    bool b = bold || style == 1 || style == 3;
    bool i = italic || style == 2 || style == 3;
    return (font_role)(family + (b && i ? 3 : i ? 2 : b ? 1 : 0));
}

font_set *font_set_stub(void)
{
    font_set *fs = xcalloc(1, sizeof *fs);
    fs->stub = true;
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        fs->ascent[r] = 800;
        fs->descent[r] = -200;
    }
    return fs;
}

int kern_dense_index(uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x180) /* Basic Latin to Latin Extended-A */
        return (int)cp - 0x20;
    if (cp >= 0x2010 && cp < 0x2040) /* dashes, quotes, ellipsis, per mille */
        return 352 + (int)cp - 0x2010;
    if (cp == 0x2212) /* minus sign */
        return 400;
    if (cp == 0x20AC) /* euro sign */
        return 401;
    return -1;
}

int font_kern_table_get(const font_kern_table *t, int li, int ri)
{
    uint32_t lo = t->row[li], hi = t->row[li + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (t->right[mid] < ri)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->row[li + 1] && t->right[lo] == ri ? t->value[lo] : 0;
}

font_kern_cache *font_kern_cache_new(void)
{
    font_kern_cache *k = xcalloc(1, sizeof *k);
    k->dense = font_cache_alloc(KERN_DENSE_BYTES);
    pthread_mutex_init(&k->lock, NULL);
    return k;
}

static void kern_cache_free(font_kern_cache *k)
{
    if (!k)
        return;
    font_cache_free((void *)k->dense, KERN_DENSE_BYTES);
    free(k->keys);
    free(k->vals);
    pthread_mutex_destroy(&k->lock);
    free(k);
}

static size_t kern_slot(const font_kern_cache *k, uint64_t key)
{
    /* Fibonacci hashing of the pair; cap is a power of two */
    size_t mask = k->cap - 1;
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
    while (k->keys[i] != 0 && k->keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static void kern_hash_put(font_kern_cache *k, uint64_t key, int v)
{
    if (2 * (k->n + 1) > k->cap) {
        font_kern_cache old = *k;
        k->cap = old.cap ? old.cap * 2 : 256;
        k->keys = xcalloc(k->cap, sizeof *k->keys);
        k->vals = xcalloc(k->cap, sizeof *k->vals);
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i]) {
                size_t j = kern_slot(k, old.keys[i]);
                k->keys[j] = old.keys[i];
                k->vals[j] = old.vals[i];
            }
        free(old.keys);
        free(old.vals);
    }
    size_t i = kern_slot(k, key);
    if (k->keys[i] == 0)
        k->n++;
    k->keys[i] = key;
    k->vals[i] = (int16_t)v;
}

void font_set_free(font_set *fs)
{
    if (!fs)
        return;
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        free(fs->paths[r]);
        font_cache_free((void *)fs->adv[r], ADV_CACHE_BYTES);
        font_cache_free((void *)fs->glyph[r], GLYPH_CACHE_BYTES);
        kern_cache_free(fs->kern[r]);
        if (fs->faces[r])
            font_impl_free_face(fs->faces[r]);
    }
    free(fs);
}

int font_advance(const font_set *fs, font_role r, uint32_t cp)
{
    if (fs->stub) {
        if (cp == ' ' || cp == 0xA0 || cp == 0x202F)
            return 250;
        if (cp == 0xAD || cp == 0x200B)
            return 0;
        return 500;
    }
    if (cp < 0x10000 && fs->adv[r]) {
        int16_t a = atomic_load_explicit(&fs->adv[r][cp], memory_order_relaxed);
        if (a > 0)
            return a - 1;
        int v = font_impl_advance(fs, r, cp);
        atomic_store_explicit(&fs->adv[r][cp],
                              (int16_t)((v < 0       ? 0
                                         : v > 32000 ? 32000
                                                     : v) +
                                        1),
                              memory_order_relaxed);
        return v;
    }
    return font_impl_advance(fs, r, cp);
}

/* A pair not in the dense table yet, or outside it. */
static int kern_lookup(const font_set *fs, font_role r, uint32_t left,
                       uint32_t right)
{
    if (left > 0x10FFFF || right > 0x10FFFF)
        return 0;
    font_kern_cache *k = fs->kern[r];
    if (!k)
        return font_impl_kern(fs, r, left, right);
    int li = kern_dense_index(left), ri = kern_dense_index(right);
    if (li >= 0 && ri >= 0) {
        int v = fs->kern_table[r]
                    ? font_kern_table_get(fs->kern_table[r], li, ri)
                    : font_impl_kern(fs, r, left, right);
        v = v < -32000 ? -32000 : v > 32000 ? 32000 : v;
        atomic_store_explicit(&k->dense[(size_t)li * KERN_DENSE + (size_t)ri],
                              (uint16_t)(v + KERN_BIAS), memory_order_relaxed);
        return v;
    }
    uint64_t key = ((uint64_t)left << 32 | right) + 1;
    pthread_mutex_lock(&k->lock);
    if (k->cap) {
        size_t i = kern_slot(k, key);
        if (k->keys[i] == key) {
            int v = k->vals[i];
            pthread_mutex_unlock(&k->lock);
            return v;
        }
    }
    pthread_mutex_unlock(&k->lock);
    int v = font_impl_kern(fs, r, left, right);
    v = v < -32000 ? -32000 : v > 32000 ? 32000 : v;
    pthread_mutex_lock(&k->lock);
    kern_hash_put(k, key, v);
    pthread_mutex_unlock(&k->lock);
    return v;
}

int font_kern(const font_set *fs, font_role r, uint32_t left, uint32_t right)
{
    if (fs->stub)
        return 0; /* the stub has fixed widths and no kerning */
    /* the hot path, kept small: a pair of the dense table already seen */
    const font_kern_cache *k = fs->kern[r];
    int li = kern_dense_index(left), ri = kern_dense_index(right);
    if (k && li >= 0 && ri >= 0) {
        uint16_t e = atomic_load_explicit(
            &k->dense[(size_t)li * KERN_DENSE + (size_t)ri],
            memory_order_relaxed);
        if (e)
            return (int)e - KERN_BIAS;
    }
    return kern_lookup(fs, r, left, right);
}

bool font_has_glyph(const font_set *fs, font_role r, uint32_t cp)
{
    if (fs->stub)
        return true;
    if (cp >= 0x10000 || (unsigned)r >= FONT_ROLE_COUNT)
        return font_impl_has_glyph(fs, r, cp);
    /* asked for every character of the document's text (layout leaves
     * out what a face lacks): cached, one atomic entry a code point (the
     * jobs of several threads share the font set) */
    if (!fs->glyph[r])
        return font_impl_has_glyph(fs, r, cp);
    uint8_t v = atomic_load_explicit(&fs->glyph[r][cp], memory_order_relaxed);
    if (!v) {
        v = font_impl_has_glyph(fs, r, cp) ? 1 : 2;
        atomic_store_explicit(&fs->glyph[r][cp], v, memory_order_relaxed);
    }
    return v == 1;
}

int font_ascent(const font_set *fs, font_role r)
{
    return fs->ascent[r];
}

int font_descent(const font_set *fs, font_role r)
{
    return fs->descent[r];
}

const char *font_path(const font_set *fs, font_role r)
{
    return fs->stub ? NULL : fs->paths[r];
}
