/* font_impl.h: the shared body of font_set; font files only. */
#ifndef ARSRAPPORT_FONT_IMPL_H
#define ARSRAPPORT_FONT_IMPL_H

#include "font.h"

typedef struct font_face_impl font_face_impl;

struct font_set {
    bool stub;
    char *paths[FONT_ROLE_COUNT];
    int ascent[FONT_ROLE_COUNT], descent[FONT_ROLE_COUNT];
    int16_t *adv[FONT_ROLE_COUNT]; /* BMP advance cache, -1 = unknown */
    font_face_impl *faces[FONT_ROLE_COUNT];
};

int font_impl_advance(const font_set *fs, font_role r, uint32_t cp);
int font_impl_kern(const font_set *fs, font_role r, uint32_t l, uint32_t rr);
bool font_impl_has_glyph(const font_set *fs, font_role r, uint32_t cp);
void font_impl_free_face(font_face_impl *f);

#endif
