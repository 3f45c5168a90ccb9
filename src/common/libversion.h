/*
 * libversion.h: the versions of the third-party libraries the program runs
 * with, for `arsrapport --version` and bug reports.
 *
 * Each stage that includes a library reports it (each library is included
 * by one folder only), in a file STAGE_version.c of its own folder; they
 * are declared here, together, so that no stage's public header changes.
 * Each asks the library at run time where the library can tell (the shared
 * object actually loaded, not the headers it was built against), fills at
 * most max entries of out and returns how many it filled. They keep no
 * state and cannot fail.
 */
#ifndef ARSRAPPORT_LIBVERSION_H
#define ARSRAPPORT_LIBVERSION_H

#include <stddef.h>

typedef struct {
    const char *name; /* "libxml2" */
    char version[32]; /* "2.9.14"; "?" when the library cannot tell */
} lib_version;

/* Sets *v to name and the printf-formatted version, and returns 1 (the
 * count a stage adds); 0 when max is 0. */
size_t lib_version_set(lib_version *v, size_t max, const char *name,
                       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* libxml2, utf8proc (src/parse) */
size_t parse_lib_versions(lib_version *out, size_t max);
/* PCRE2 (src/validate) */
size_t validate_lib_versions(lib_version *out, size_t max);
/* HarfBuzz, fontconfig (src/font) */
size_t font_lib_versions(lib_version *out, size_t max);
/* libunibreak (src/layout; libhyphen has no version to ask) */
size_t layout_lib_versions(lib_version *out, size_t max);
/* libharu, zlib, libdeflate (src/pdf) */
size_t pdf_lib_versions(lib_version *out, size_t max);
/* libpng (src/image) */
size_t image_lib_versions(lib_version *out, size_t max);
/* libcurl (src/net) */
size_t net_lib_versions(lib_version *out, size_t max);
/* json-c (src/kolada) */
size_t kolada_lib_versions(lib_version *out, size_t max);
/* libzip (src/zip) */
size_t zip_lib_versions(lib_version *out, size_t max);
/* cmark (src/import) */
size_t import_lib_versions(lib_version *out, size_t max);

#endif
