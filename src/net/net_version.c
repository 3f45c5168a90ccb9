/*
 * net_version.c: the version of libcurl this process would run `hamta`
 * with (libversion.h): loaded for the question, as `hamta` loads it.
 */
#include "../common/libversion.h"
#include "net.h"

size_t net_lib_versions(lib_version *out, size_t max)
{
    char why[256];
    net_client *nc = net_open(why, sizeof why);
    const char *v = nc ? net_curl_version(nc) : NULL;
    size_t n = lib_version_set(out, max, "libcurl", "%s",
                               v    ? v
                               : nc ? "?"
                                    : "? (not installed)");
    net_close(nc);
    return n;
}
