/*
 * pdf_version.c: the versions of libharu and zlib this process runs with,
 * and of libdeflate it was built with (libdeflate has no run-time version)
 * (libversion.h).
 */
#include <hpdf.h>
#include <libdeflate.h>
#include <zlib.h>

#include "../common/libversion.h"

size_t pdf_lib_versions(lib_version *out, size_t max)
{
    size_t n = 0;
    n += lib_version_set(out + n, max - n, "libharu", "%s", HPDF_GetVersion());
    n += lib_version_set(out + n, max - n, "zlib", "%s", zlibVersion());
    n += lib_version_set(out + n, max - n, "libdeflate", "%s",
                         LIBDEFLATE_VERSION_STRING);
    return n;
}
