/*
 * libversion.c: the one helper the stages' *_lib_versions functions share
 * (libversion.h): a named, formatted version in a fixed buffer.
 */
#include "libversion.h"

#include <stdarg.h>
#include <stdio.h>

size_t lib_version_set(lib_version *v, size_t max, const char *name,
                       const char *fmt, ...)
{
    if (max == 0)
        return 0;
    v->name = name;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->version, sizeof v->version, fmt, ap);
    va_end(ap);
    return 1;
}
