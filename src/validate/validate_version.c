/*
 * validate_version.c: the version of PCRE2 this process runs with
 * (libversion.h), as pcre2_config reports it ("10.42 2022-12-11": the
 * date is dropped).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "../common/libversion.h"

size_t validate_lib_versions(lib_version *out, size_t max)
{
    char v[64] = "?";
    if (pcre2_config(PCRE2_CONFIG_VERSION, v) < 0)
        strcpy(v, "?");
    char *space = strchr(v, ' ');
    if (space)
        *space = '\0';
    return lib_version_set(out, max, "PCRE2", "%s", v);
}
