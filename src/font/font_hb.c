/*
 * font_hb.c: real font metrics with HarfBuzz.
 *
 * Each face of the manifest is opened with HarfBuzz and checked before
 * anything else sees it (libharu accepts a corrupt TrueType file silently):
 * a TrueType outline font ('glyf' table, not CFF), a sane units-per-em, a
 * glyph for the Swedish letters. Advances are converted exactly as libharu
 * writes the PDF /W array (advance * 1000 / upem, truncated), so what
 * layout measures is what the viewer draws.
 */
#include <errno.h>
#include <hb-ot.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "font_impl.h"

struct font_face_impl {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    unsigned upem;
};

void font_impl_free_face(font_face_impl *f)
{
    if (!f)
        return;
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

int font_impl_kern(const font_set *fs, font_role r, uint32_t l, uint32_t rr)
{
    (void)fs;
    (void)r;
    (void)l;
    (void)rr;
    return 0; /* kerning arrives with the typesetting issue */
}

bool font_impl_has_glyph(const font_set *fs, font_role r, uint32_t cp)
{
    hb_codepoint_t gid = 0;
    return hb_font_get_nominal_glyph(fs->faces[r]->font, cp, &gid) && gid != 0;
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
        diag_hint(dl, d, MSG_FONT_MISSING_HINT, package ? package : "?");
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
    bool ok = face && hb_face_get_glyph_count(face) > 1 && upem >= 16 &&
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
        diag_hint(dl, d, MSG_FONT_MISSING_HINT, package ? package : "?");
        return NULL;
    }
    font_face_impl *fi = xcalloc(1, sizeof *fi);
    fi->blob = blob;
    fi->face = face;
    fi->font = font;
    fi->upem = upem;
    return fi;
}

font_set *font_set_load(const char *manifest, diag_list *dl)
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
        font_face_impl *fi =
            open_face(path, role, k == 3 ? pkg : NULL, manifest, lineno, dl);
        if (!fi) {
            failed = true;
            continue;
        }
        fs->faces[r] = fi;
        fs->paths[r] = xstrdup(path);
        fs->adv[r] = xmalloc(0x10000 * sizeof(int16_t));
        memset(fs->adv[r], 0xFF, 0x10000 * sizeof(int16_t));
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
