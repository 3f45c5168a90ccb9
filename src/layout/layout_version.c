/*
 * layout_version.c: what libunibreak this process runs with can tell of
 * its version (libversion.h). Debian 12's libunibreak 1.1 exports only the
 * version of its line-breaking code, linebreak_version (0x0202 for 2.2),
 * not the release's: it is printed as "(linebreak 2.2)". libhyphen has no
 * version to ask and is not listed.
 */
#include <linebreak.h>

#include "../common/libversion.h"

size_t layout_lib_versions(lib_version *out, size_t max)
{
    return lib_version_set(out, max, "libunibreak", "(linebreak %d.%d)",
                           linebreak_version >> 8, linebreak_version & 0xff);
}
