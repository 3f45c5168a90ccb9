/*
 * shipped.c: see shipped.h. The table comes from the build
 * (build/gen/shipped_table.h, written by src/parse/shipped_gen.c).
 */
#include "shipped.h"

#include <stdint.h>
#include <string.h>

#include "../common/sha256.h"

typedef struct {
    const char *kind;
    uint8_t sha256[SHA256_BYTES];
} shipped_file;

#include "shipped_table.h"

bool shipped_checked(const char *kind, const char *data, size_t size)
{
    size_t n = sizeof shipped_files / sizeof shipped_files[0];
    uint8_t d[SHA256_BYTES];
    bool hashed = false;
    for (size_t i = 0; i < n; i++) {
        if (!shipped_files[i].kind || strcmp(shipped_files[i].kind, kind) != 0)
            continue;
        if (!hashed) {
            sha256(data, size, d);
            hashed = true;
        }
        if (memcmp(d, shipped_files[i].sha256, SHA256_BYTES) == 0)
            return true;
    }
    return false;
}
