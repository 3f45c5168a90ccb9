/*
 * kolada_version.c: the version of json-c this process runs with
 * (libversion.h).
 */
#include <json-c/json.h>

#include "../common/libversion.h"

size_t kolada_lib_versions(lib_version *out, size_t max)
{
    return lib_version_set(out, max, "json-c", "%s", json_c_version());
}
