/*
 * typo.h: Swedish quotes, apostrophes, dashes and ellipses (typo.c), for
 * the resolve stage only: outputs read the converted text from
 * resolve.h and never convert text themselves.
 */
#ifndef ARSRAPPORT_TYPO_H
#define ARSRAPPORT_TYPO_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/arena.h"

/* What the conversion carries from one piece of a block's text to the
 * next: the last two code points given out, prev[0] the last; zero at the
 * start of a block. */
typedef struct {
    uint32_t prev[2];
} typo_state;

/* s (UTF-8, NUL-terminated) with straight quotes, apostrophes, spaced
 * hyphens between words and "..." set as Swedish typography asks (”, ’,
 * no-break space + en dash, …), addresses left as typed, continuing the
 * block whose state is ts. Returns s itself when nothing changes, else a
 * string in a. *tie_before (may be NULL) is set when a dash at the start
 * of s makes the space that ended the previous piece a no-break space,
 * which the caller changes in that piece. Never fails. */
const char *typo_convert(arena *a, typo_state *ts, const char *s,
                         bool *tie_before);

#endif
