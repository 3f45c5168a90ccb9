/*
 * net_version.c: the version of libcurl this process runs with
 * (libversion.h).
 */
#include <curl/curl.h>

#include "../common/libversion.h"

size_t net_lib_versions(lib_version *out, size_t max)
{
    const curl_version_info_data *d = curl_version_info(CURLVERSION_NOW);
    return lib_version_set(out, max, "libcurl", "%s",
                           d && d->version ? d->version : "?");
}
