/*
 * bykey.h: lookups in arrays of records sorted by a leading uint32_t key
 * (an element's number: the structure's side tables in layout and the
 * painter, which few elements have an entry in).
 */
#ifndef ARSRAPPORT_BYKEY_H
#define ARSRAPPORT_BYKEY_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The first of the n records of size bytes at v (sorted by the uint32_t
 * each starts with) whose key is at least key; n when there is none. */
static inline size_t bykey_first(const void *v, size_t n, size_t size,
                                 uint32_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t k;
        memcpy(&k, (const char *)v + mid * size, sizeof k);
        if (k < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The index of the record whose key is key, or n. */
static inline size_t bykey_find(const void *v, size_t n, size_t size,
                                uint32_t key)
{
    size_t i = bykey_first(v, n, size, key);
    uint32_t k;
    if (i < n) {
        memcpy(&k, (const char *)v + i * size, sizeof k);
        if (k == key)
            return i;
    }
    return n;
}

#endif
