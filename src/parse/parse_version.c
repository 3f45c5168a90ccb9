/*
 * parse_version.c: the versions of libxml2 and utf8proc this process runs
 * with (libversion.h). libxml2 gives its version as a number, 20914 for
 * 2.9.14.
 */
#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "../common/libversion.h"

size_t parse_lib_versions(lib_version *out, size_t max)
{
    size_t n = 0;
    long x = xmlParserVersion ? strtol(xmlParserVersion, NULL, 10) : 0;
    if (x > 0)
        n += lib_version_set(out + n, max - n, "libxml2", "%ld.%ld.%ld",
                             x / 10000, x / 100 % 100, x % 100);
    else
        n += lib_version_set(out + n, max - n, "libxml2", "?");
    n +=
        lib_version_set(out + n, max - n, "utf8proc", "%s", utf8proc_version());
    return n;
}
