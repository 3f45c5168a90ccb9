/*
 * zip_version.c: the version of libzip this process runs with
 * (libversion.h).
 */
#include "../common/libversion.h"
#include "zipread.h"

size_t zip_lib_versions(lib_version *out, size_t max)
{
    const char *v = zipread_library_version();
    return lib_version_set(out, max, "libzip", "%s", v ? v : "?");
}
