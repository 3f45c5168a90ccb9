/*
 * image_version.c: the version of libpng this process runs with
 * (libversion.h).
 */
#include <png.h>

#include "../common/libversion.h"

size_t image_lib_versions(lib_version *out, size_t max)
{
    return lib_version_set(out, max, "libpng", "%s", png_get_libpng_ver(NULL));
}
