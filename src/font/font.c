/*
 * font.c: the metric interface shared by the real fonts and the stub, and
 * the per-face advance cache.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "font_impl.h"

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

void font_set_free(font_set *fs)
{
    if (!fs)
        return;
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        free(fs->paths[r]);
        free(fs->adv[r]);
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
        int16_t a = fs->adv[r][cp];
        if (a >= 0)
            return a;
        int v = font_impl_advance(fs, r, cp);
        fs->adv[r][cp] = (int16_t)(v < 0 ? 0 : v > 32000 ? 32000 : v);
        return v;
    }
    return font_impl_advance(fs, r, cp);
}

int font_kern(const font_set *fs, font_role r, uint32_t left, uint32_t right)
{
    if (fs->stub)
        return 0;
    return font_impl_kern(fs, r, left, right);
}

bool font_has_glyph(const font_set *fs, font_role r, uint32_t cp)
{
    if (fs->stub)
        return true;
    return font_impl_has_glyph(fs, r, cp);
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
