/*
 * font_hb.c: real font metrics with HarfBuzz.
 *
 * Each face of the manifest is opened with HarfBuzz and checked before
 * anything else sees it (libharu accepts a corrupt TrueType file silently):
 * a TrueType outline font ('glyf' table, not CFF), a sane units-per-em, a
 * glyph for the Swedish letters. Advances are converted exactly as libharu
 * writes the PDF /W array (advance * 1000 / upem, truncated), so what
 * layout measures is what the viewer draws.
 *
 * Kerning comes from shaping the pair with HarfBuzz (the GPOS 'kern'
 * feature, or the legacy 'kern' table of a face without GPOS): the change
 * of the pair's advance is the kerning. libharu draws nominal glyphs
 * (code point -> glyph through 'cmap', no substitutions), so ligatures and
 * other substitutions are switched off and a pair that does not shape to
 * its two nominal glyphs gets no kerning. font.c caches the values.
 */
#include <errno.h>
#include <hb-ot.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/arena.h"
#include "font_impl.h"

struct font_face_impl {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    hb_buffer_t *buf;     /* reused for shaping kerning pairs */
    pthread_mutex_t lock; /* guards buf: the jobs of several threads
                             kern with the same face */
    hb_language_t sv;
    unsigned upem;
};

void font_impl_free_face(font_face_impl *f)
{
    if (!f)
        return;
    hb_buffer_destroy(f->buf);
    pthread_mutex_destroy(&f->lock);
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    free(f);
}

int font_impl_advance(const font_set *fs, font_role r, uint32_t cp)
{
    font_face_impl *f = fs->faces[r];
    hb_codepoint_t gid = 0;
    hb_font_get_nominal_glyph(f->font, cp, &gid);
    hb_position_t a = hb_font_get_glyph_h_advance(f->font, gid);
    if (a < 0)
        a = 0;
    return (int)((unsigned long)a * 1000ul / f->upem);
}

/* Substitutions that would replace the nominal glyphs; positioning
 * ('kern', 'mark') stays on as HarfBuzz's defaults have it. */
static const hb_feature_t no_subst[] = {
    {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
    {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
    {HB_TAG('d', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
    {HB_TAG('r', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
    {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
};

/* The kerning of the pair in font units: how much shaping changes the
 * sum of the two advances. */
static int shaped_kern(font_face_impl *f, uint32_t l, uint32_t r)
{
    hb_codepoint_t gl = 0, gr = 0;
    if (!hb_font_get_nominal_glyph(f->font, l, &gl) || gl == 0 ||
        !hb_font_get_nominal_glyph(f->font, r, &gr) || gr == 0)
        return 0;
    pthread_mutex_lock(&f->lock);
    hb_buffer_t *b = f->buf;
    hb_buffer_clear_contents(b);
    const uint32_t pair[2] = {l, r};
    hb_buffer_add_utf32(b, pair, 2, 0, 2);
    hb_buffer_set_direction(b, HB_DIRECTION_LTR);
    hb_buffer_set_script(b, HB_SCRIPT_LATIN);
    hb_buffer_set_language(b, f->sv);
    hb_shape(f->font, b, no_subst, sizeof no_subst / sizeof *no_subst);
    unsigned n = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    int k = 0;
    if (n == 2 && info[0].codepoint == gl && info[1].codepoint == gr)
        k = (int)(pos[0].x_advance + pos[1].x_advance -
                  hb_font_get_glyph_h_advance(f->font, gl) -
                  hb_font_get_glyph_h_advance(f->font, gr));
    pthread_mutex_unlock(&f->lock);
    return k;
}

/* The base letter of a letter with diacritics (U+00E5 -> 'a'), through
 * its canonical decomposition; cp itself when it has none. */
static uint32_t base_letter(uint32_t cp)
{
    hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();
    for (int depth = 0; depth < 4; depth++) {
        hb_codepoint_t a = 0, b = 0;
        if (!hb_unicode_decompose(u, cp, &a, &b) || b == 0 ||
            hb_unicode_general_category(u, b) !=
                HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK)
            break;
        cp = a;
    }
    return cp;
}

int font_impl_kern(const font_set *fs, font_role r, uint32_t l, uint32_t rr)
{
    /* Figures keep their equal (tabular) widths so that they line up in
     * table columns and from line to line: Liberation, like Arial and
     * Times, kerns "11", which would make "111" narrower than "222". */
    if (l >= '0' && l <= '9' && rr >= '0' && rr <= '9')
        return 0;
    font_face_impl *f = fs->faces[r];
    int k = shaped_kern(f, l, rr);
    if (k == 0) {
        /* Liberation kerns "Va" and "To" but has no pairs for the Swedish
         * letters ("Vå", "Tä", "Fö"): a letter with diacritics is kerned
         * as its base letter, as a typesetter would fill the class. */
        uint32_t bl = base_letter(l), br = base_letter(rr);
        if (bl != l || br != rr)
            k = shaped_kern(f, bl, br);
    }
    /* 1/1000 em, truncated toward zero as the advances are */
    return (int)((long)k * 1000 / (long)f->upem);
}

bool font_impl_has_glyph(const font_set *fs, font_role r, uint32_t cp)
{
    hb_codepoint_t gid = 0;
    return hb_font_get_nominal_glyph(fs->faces[r]->font, cp, &gid) && gid != 0;
}

/* Every table of the sfnt table directory lies inside the file. HarfBuzz
 * quietly treats a table cut short as empty, so a truncated font passes
 * its checks, and libharu then fails in the PDF stage with an error that
 * does not name the font (issue 10: a truncated TTF). OpenType spec,
 * "Table directory": numTables at offset 4, 16-byte records from offset
 * 12 holding tag, checksum, offset and length, big-endian. */
static bool tables_inside(hb_blob_t *blob)
{
    unsigned len = 0;
    const unsigned char *p =
        (const unsigned char *)hb_blob_get_data(blob, &len);
    if (!p || len < 12)
        return false;
    unsigned n = (unsigned)p[4] << 8 | p[5];
    if (n == 0 || 12 + 16 * (uint64_t)n > len)
        return false;
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *r = p + 12 + 16 * i;
        uint64_t off = (uint64_t)r[8] << 24 | (uint64_t)r[9] << 16 |
                       (uint64_t)r[10] << 8 | r[11];
        uint64_t tl = (uint64_t)r[12] << 24 | (uint64_t)r[13] << 16 |
                      (uint64_t)r[14] << 8 | r[15];
        if (off + tl > len)
            return false;
    }
    return true;
}

static font_face_impl *open_face(const char *path, const char *role,
                                 const char *package, const char *manifest,
                                 unsigned line, diag_list *dl)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag *d = diag_add(dl, DIAG_ERROR, manifest, line, 0, "ARS-10",
                           MSG_FONT_MISSING, role, path,
                           msg_errno(diag_list_lang(dl), errno));
        if (package)
            diag_hint(dl, d, MSG_FONT_MISSING_HINT, package);
        else
            diag_hint(dl, d, MSG_FONT_FAMILY_HINT);
        return NULL;
    }
    unsigned char magic[4] = {0};
    size_t got = fread(magic, 1, 4, f);
    fclose(f);
    bool ttf =
        got == 4 &&
        ((magic[0] == 0 && magic[1] == 1 && magic[2] == 0 && magic[3] == 0) ||
         memcmp(magic, "true", 4) == 0);
    hb_blob_t *blob = ttf ? hb_blob_create_from_file(path) : NULL;
    hb_face_t *face = blob ? hb_face_create(blob, 0) : NULL;
    unsigned upem = face ? hb_face_get_upem(face) : 0;
    hb_blob_t *glyf =
        face ? hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f')) : NULL;
    bool ok = face && tables_inside(blob) &&
              hb_face_get_glyph_count(face) > 1 && upem >= 16 &&
              upem <= 16384 && glyf && hb_blob_get_length(glyf) > 0;
    hb_blob_destroy(glyf);
    hb_font_t *font = NULL;
    if (ok) {
        font = hb_font_create(face);
        hb_font_set_scale(font, (int)upem, (int)upem);
        hb_codepoint_t g;
        const uint32_t must[] = {'a',  0xE5, 0xE4, 0xF6,  0xC5,
                                 0xC4, 0xD6, '0',  0x2212};
        for (size_t i = 0; i < sizeof must / sizeof *must; i++)
            if (!hb_font_get_nominal_glyph(font, must[i], &g) || g == 0)
                ok = false;
    }
    if (!ok) {
        if (font)
            hb_font_destroy(font);
        if (face)
            hb_face_destroy(face);
        if (blob)
            hb_blob_destroy(blob);
        diag *d = diag_add(dl, DIAG_ERROR, manifest, line, 0, "ARS-11",
                           MSG_FONT_BAD, role, path);
        if (package)
            diag_hint(dl, d, MSG_FONT_MISSING_HINT, package);
        else
            diag_hint(dl, d, MSG_FONT_FAMILY_HINT);
        return NULL;
    }
    font_face_impl *fi = xcalloc(1, sizeof *fi);
    fi->blob = blob;
    fi->face = face;
    fi->font = font;
    fi->buf = hb_buffer_create();
    pthread_mutex_init(&fi->lock, NULL);
    fi->sv = hb_language_from_string("sv", 2);
    fi->upem = upem;
    return fi;
}

/* font_set_load with the path of each role replaced where over[r] is set
 * (a face of another installed family, named in diagnostics by its path). */
static font_set *load_set(const char *manifest, char *const over[],
                          diag_list *dl)
{
    FILE *m = fopen(manifest, "r");
    if (!m) {
        diag_add(dl, DIAG_ERROR, manifest, 0, 0, "ARS-10", MSG_FONT_MANIFEST,
                 msg_errno(diag_list_lang(dl), errno));
        return NULL;
    }
    font_set *fs = xcalloc(1, sizeof *fs);
    char line[1024];
    unsigned lineno = 0;
    bool failed = false;
    while (fgets(line, sizeof line, m)) {
        lineno++;
        char role[64], path[768], pkg[128];
        if (line[0] == '#' || line[0] == '\n')
            continue;
        int k = sscanf(line, "%63s %767s %127s", role, path, pkg);
        if (k < 2)
            continue;
        int r = -1;
        for (int i = 0; i < FONT_ROLE_COUNT; i++)
            if (strcmp(role, font_role_name((font_role)i)) == 0)
                r = i;
        if (r < 0)
            continue;
        if (over[r]) {
            snprintf(path, sizeof path, "%s", over[r]);
            k = 2;
        }
        font_face_impl *fi = over[r]
                                 ? open_face(path, role, NULL, path, 0, dl)
                                 : open_face(path, role, k == 3 ? pkg : NULL,
                                             manifest, lineno, dl);
        if (!fi) {
            failed = true;
            continue;
        }
        fs->faces[r] = fi;
        fs->paths[r] = xstrdup(path);
        fs->kern_table[r] = font_kern_table_find(path);
        fs->adv[r] = font_cache_alloc(ADV_CACHE_BYTES);
        fs->kern[r] = font_kern_cache_new();
        fs->glyph[r] = font_cache_alloc(GLYPH_CACHE_BYTES);
        hb_font_extents_t ext;
        hb_font_get_h_extents(fi->font, &ext);
        fs->ascent[r] = (int)((long)ext.ascender * 1000 / (long)fi->upem);
        fs->descent[r] = (int)((long)ext.descender * 1000 / (long)fi->upem);
    }
    fclose(m);
    for (int r = 0; r < FONT_ROLE_COUNT && !failed; r++)
        if (!fs->faces[r]) {
            diag_add(dl, DIAG_ERROR, manifest, 0, 0, "ARS-10",
                     MSG_FONT_ROLE_MISSING, font_role_name((font_role)r));
            failed = true;
        }
    if (failed) {
        font_set_free(fs);
        return NULL;
    }
    return fs;
}

font_set *font_set_load(const char *manifest, diag_list *dl)
{
    char *none[FONT_ROLE_COUNT] = {0};
    return load_set(manifest, none, dl);
}

font_set *font_set_load_families(const char *manifest, const char *serif,
                                 const char *sans, diag_list *dl)
{
    char *over[FONT_ROLE_COUNT] = {0};
    const char *want[2] = {serif, sans};
    const char *dflt[2] = {FONT_DEFAULT_SERIF, FONT_DEFAULT_SANS};
    bool failed = false;
    for (int g = 0; g < 2; g++) {
        if (!want[g] || strcasecmp(want[g], dflt[g]) == 0)
            continue;
        bool exact[4];
        if (!font_family_find(want[g], over + 4 * g, exact)) {
            diag *d = diag_add(dl, DIAG_ERROR, manifest, 0, 0, "ARS-12",
                               MSG_FONT_FAMILY, want[g]);
            diag_hint(dl, d, MSG_FONT_FAMILY_HINT);
            failed = true;
        }
    }
    font_set *fs = failed ? NULL : load_set(manifest, over, dl);
    for (int r = 0; r < FONT_ROLE_COUNT; r++)
        free(over[r]);
    return fs;
}
