/*
 * editdist.h: how far apart two short names are, for "menade du"
 * suggestions (element and attribute names, ids, attribute values).
 */
#ifndef ARSRAPPORT_EDITDIST_H
#define ARSRAPPORT_EDITDIST_H

#include <stddef.h>

/* The Damerau-Levenshtein distance (insertions, deletions, substitutions
 * and swaps of two neighbours, the optimal-string-alignment variant) of a
 * and b, counted in bytes after ASCII case folding. Names longer than
 * EDITDIST_MAX_LEN bytes, and pairs further apart than max, give
 * max + 1: the answer is only exact up to max. Allocates nothing. */
#define EDITDIST_MAX_LEN 64
size_t edit_distance(const char *a, const char *b, size_t max);

/* The closest of the n names to name, or NULL when none is within the
 * distance a typo explains (one edit for names of up to four bytes, two
 * for longer ones) or when name is itself among them. Ties go to the
 * earlier name. */
const char *edit_nearest(const char *name, const char *const *names, size_t n);

#endif
