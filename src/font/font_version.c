/*
 * font_version.c: the versions of HarfBuzz and fontconfig this process
 * runs with (libversion.h). fontconfig gives a number, 21401 for 2.14.1.
 */
#include <fontconfig/fontconfig.h>
#include <hb.h>

#include "../common/libversion.h"

size_t font_lib_versions(lib_version *out, size_t max)
{
    size_t n = 0;
    n += lib_version_set(out + n, max - n, "HarfBuzz", "%s",
                         hb_version_string());
    int fc = FcGetVersion();
    n += lib_version_set(out + n, max - n, "fontconfig", "%d.%d.%d", fc / 10000,
                         fc / 100 % 100, fc % 100);
    return n;
}
