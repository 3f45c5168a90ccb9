/*
 * test_libversion.c: the libraries' versions of `arsrapport --version`
 * (libversion.h): every stage names its libraries with a version that
 * starts with a digit (libunibreak: its line-breaking code's), never more
 * entries than asked for, and a version too long for its buffer is cut,
 * not overflowed.
 */
#include <ctype.h>
#include <string.h>

#include "../../src/common/libversion.h"
#include "harness.h"

typedef size_t (*lib_versions_fn)(lib_version *, size_t);

void test_libversion_every_stage(void)
{
    static const lib_versions_fn fns[] = {
        parse_lib_versions,  validate_lib_versions, font_lib_versions,
        layout_lib_versions, pdf_lib_versions,      image_lib_versions,
        net_lib_versions,    kolada_lib_versions,   zip_lib_versions,
        import_lib_versions};
    const char *want[] = {"libxml2",    "utf8proc",    "PCRE2",   "HarfBuzz",
                          "fontconfig", "libunibreak", "libharu", "zlib",
                          "libdeflate", "libpng",      "libcurl", "json-c",
                          "libzip",     "cmark"};
    lib_version v[16];
    size_t n = 0;
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
        lib_version none[1] = {{"untouched", "x"}};
        CHECK_INT(fns[i](none, 0), 0); /* max 0: nothing written */
        CHECK_STR(none[0].name, "untouched");
        size_t k = fns[i](v + n, 16 - n);
        CHECK(k >= 1 && k <= 3);
        n += k;
    }
    CHECK_INT(n, sizeof want / sizeof *want);
    for (size_t i = 0; i < n && i < sizeof want / sizeof *want; i++) {
        CHECK_STR(v[i].name, want[i]);
        const char *d = v[i].version;
        if (d[0] == '(') /* libunibreak: "(linebreak 2.2)" */
            d = strchr(d, ' ') ? strchr(d, ' ') + 1 : d;
        CHECK(isdigit((unsigned char)d[0]));
        CHECK(strchr(d, '.') != NULL);
    }
    /* two entries asked, one room: only the first */
    lib_version one[2] = {{0}, {"untouched", "x"}};
    CHECK_INT(pdf_lib_versions(one, 1), 1);
    CHECK_STR(one[0].name, "libharu");
    CHECK_STR(one[1].name, "untouched");
}

void test_libversion_long_version_cut(void)
{
    lib_version v;
    char long_text[100];
    memset(long_text, '9', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    CHECK_INT(lib_version_set(&v, 1, "x", "%s", long_text), 1);
    CHECK_INT(strlen(v.version), sizeof v.version - 1);
}
