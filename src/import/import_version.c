/*
 * import_version.c: the version of cmark this process runs with
 * (libversion.h).
 */
#include <cmark.h>

#include "../common/libversion.h"

size_t import_lib_versions(lib_version *out, size_t max)
{
    const char *v = cmark_version_string();
    return lib_version_set(out, max, "cmark", "%s", v ? v : "?");
}
