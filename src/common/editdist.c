/*
 * editdist.c: edit distances for suggestions (editdist.h). The names
 * compared are short (element names, ids), so a plain dynamic programme
 * over two bounded rows of a fixed size is enough.
 */
#include "editdist.h"

#include <string.h>

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

size_t edit_distance(const char *a, const char *b, size_t max)
{
    size_t m = strlen(a), n = strlen(b);
    if (m > EDITDIST_MAX_LEN || n > EDITDIST_MAX_LEN)
        return max + 1;
    if ((m > n ? m - n : n - m) > max)
        return max + 1;
    size_t prev2[EDITDIST_MAX_LEN + 1], prev[EDITDIST_MAX_LEN + 1],
        cur[EDITDIST_MAX_LEN + 1];
    for (size_t j = 0; j <= n; j++)
        prev[j] = j;
    for (size_t i = 1; i <= m; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= n; j++) {
            unsigned char ca = fold((unsigned char)a[i - 1]),
                          cb = fold((unsigned char)b[j - 1]);
            size_t cost = ca == cb ? 0 : 1;
            size_t v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == fold((unsigned char)b[j - 2]) &&
                fold((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > max)
            return max + 1;
        memcpy(prev2, prev, (n + 1) * sizeof *prev);
        memcpy(prev, cur, (n + 1) * sizeof *prev);
    }
    return prev[n] <= max ? prev[n] : max + 1;
}

const char *edit_nearest(const char *name, const char *const *names, size_t n)
{
    size_t len = strlen(name);
    size_t allowed = len <= 4 ? 1 : 2;
    const char *best = NULL;
    size_t best_d = allowed + 1;
    for (size_t i = 0; i < n; i++) {
        if (!names[i])
            continue;
        if (strcmp(names[i], name) == 0)
            return NULL;
        size_t d = edit_distance(name, names[i], allowed);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}
