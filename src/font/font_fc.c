/*
 * font_fc.c: an installed font family by name, through fontconfig.
 *
 * The default faces are those of fonts/fonts.txt (Liberation, from
 * fonts-liberation2). A kommun's style may name any other family installed
 * from a Debian font package ("DejaVu Sans", "Carlito", "Noto Serif"):
 * fontconfig finds its four faces. Only TrueType outlines (a 'glyf' table)
 * will do, since libharu 2.3.0 embeds nothing else; the face is then
 * checked like a manifest face when it is loaded (font_hb.c).
 *
 * fontconfig is started only when a style names such a family, so the
 * default build pays nothing for it.
 */
#include "font.h"

#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool has_family(FcPattern *p, const char *family)
{
    FcChar8 *v;
    for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &v) == FcResultMatch;
         i++)
        if (strcasecmp((const char *)v, family) == 0)
            return true;
    return false;
}

/* The file of family's face of the given weight and slant, or NULL. The
 * face found may have another weight or slant when the family lacks the
 * one asked for (*exact is then false). */
static char *find_face(FcConfig *cfg, const char *family, int weight, int slant,
                       bool *exact)
{
    FcPattern *pat = FcPatternCreate();
    if (!pat)
        return NULL;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, weight);
    FcPatternAddInteger(pat, FC_SLANT, slant);
    FcPatternAddString(pat, FC_FONTFORMAT, (const FcChar8 *)"TrueType");
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(cfg, pat, &res);
    FcPatternDestroy(pat);
    char *path = NULL;
    FcChar8 *file, *format;
    int w, s;
    /* fontconfig always answers with something: a substitute family
       ("DejaVu Sans" for a name it does not know) must not pass. */
    if (m && has_family(m, family) &&
        FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetString(m, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
        strcmp((const char *)format, "TrueType") == 0) {
        path = strdup((const char *)file);
        *exact = FcPatternGetInteger(m, FC_WEIGHT, 0, &w) == FcResultMatch &&
                 FcPatternGetInteger(m, FC_SLANT, 0, &s) == FcResultMatch &&
                 (w >= FC_WEIGHT_BOLD) == (weight >= FC_WEIGHT_BOLD) &&
                 (s != FC_SLANT_ROMAN) == (slant != FC_SLANT_ROMAN);
    }
    if (m)
        FcPatternDestroy(m);
    return path;
}

bool font_family_find(const char *family, char *paths[4], bool exact[4])
{
    for (int i = 0; i < 4; i++) {
        paths[i] = NULL;
        exact[i] = false;
    }
    if (!family || !*family)
        return false;
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    if (!cfg)
        return false;
    /* the order of font_role within a family: regular, bold, italic,
       bold italic */
    static const int weight[4] = {FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD,
                                  FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD};
    static const int slant[4] = {FC_SLANT_ROMAN, FC_SLANT_ROMAN,
                                 FC_SLANT_ITALIC, FC_SLANT_ITALIC};
    bool ok = true;
    for (int i = 0; i < 4 && ok; i++) {
        paths[i] = find_face(cfg, family, weight[i], slant[i], &exact[i]);
        ok = paths[i] != NULL;
    }
    /* the regular face must be the family's own regular */
    ok = ok && exact[0];
    FcConfigDestroy(cfg);
    if (!ok)
        for (int i = 0; i < 4; i++) {
            free(paths[i]);
            paths[i] = NULL;
        }
    return ok;
}
