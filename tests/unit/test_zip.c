/* test_zip.c: the zip container reader (src/zip): limits before and while
 * expanding, names that climb out, encryption, damaged archives. Every
 * archive is made here by zipbuild.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/zip/zipread.h"
#include "harness.h"
#include "zipbuild.h"

static const char *xml = "<?xml version=\"1.0\"?><a>hej</a>";

/* Opens the archive of entries e from memory; *st gets the status. */
static zipread *open_entries(const zb_entry *e, size_t n,
                             const zipread_limits *lim, unsigned char **data,
                             zipread_error *err)
{
    size_t len;
    *data = zb_build(e, n, &len);
    return zipread_open_memory(*data, len, lim, err);
}

TEST(test_zip_read_entries)
{
    zb_entry e[] = {{"word/document.xml", xml, strlen(xml), true, false, -1},
                    {"media/a.txt", "abc", 3, false, false, -1}};
    unsigned char *data;
    zipread_error err;
    zipread *z = open_entries(e, 2, NULL, &data, &err);
    CHECK(z != NULL);
    CHECK_INT(err.status, ZIPREAD_OK);
    if (!z) {
        free(data);
        return;
    }
    CHECK_INT(zipread_count(z), 2);
    CHECK_STR(zipread_name(z, 1), "media/a.txt");
    CHECK_INT(zipread_size(z, 0), strlen(xml));
    CHECK_INT(zipread_find(z, "nope"), -1);
    size_t len;
    unsigned char *b = zipread_read_name(z, "word/document.xml", &len, &err);
    CHECK(b != NULL);
    CHECK_INT(len, strlen(xml));
    CHECK(b && memcmp(b, xml, len) == 0 && b[len] == '\0');
    free(b);
    b = zipread_read_name(z, "word/missing.xml", &len, &err);
    CHECK(b == NULL);
    CHECK_INT(err.status, ZIPREAD_ERR_NOT_FOUND);
    zipread_close(z);
    free(data);
}

TEST(test_zip_from_file_and_not_zip)
{
    zb_entry e[] = {{"a.xml", xml, strlen(xml), true, false, -1}};
    size_t len;
    unsigned char *data = zb_build(e, 1, &len);
    char path[] = "/tmp/arsrapport-zip-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
    zipread_error err;
    zipread *z = zipread_open_file(path, NULL, &err);
    CHECK(z != NULL);
    zipread_close(z);
    /* truncated: the directory is gone */
    CHECK(truncate(path, (off_t)(len - 30)) == 0);
    z = zipread_open_file(path, NULL, &err);
    CHECK(z == NULL);
    CHECK(err.status == ZIPREAD_ERR_NOT_ZIP ||
          err.status == ZIPREAD_ERR_CORRUPT);
    unlink(path);
    z = zipread_open_file(path, NULL, &err);
    CHECK(z == NULL);
    CHECK_INT(err.status, ZIPREAD_ERR_OPEN);
    CHECK(err.sys_errno != 0);
    const char *text = "This is plain text, not a zip archive at all.";
    z = zipread_open_memory(text, strlen(text), NULL, &err);
    CHECK(z == NULL);
    CHECK_INT(err.status, ZIPREAD_ERR_NOT_ZIP);
    free(data);
}

TEST(test_zip_corrupt_data)
{
    /* a byte of the packed data changed: the CRC (or inflate) fails */
    char big[4000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + (i * 7) % 26);
    zb_entry e[] = {{"a.xml", big, sizeof big, true, false, -1}};
    size_t len;
    unsigned char *data = zb_build(e, 1, &len);
    data[30 + 5 + 40] ^= 0x55; /* inside the packed bytes */
    zipread_error err;
    zipread *z = zipread_open_memory(data, len, NULL, &err);
    CHECK(z != NULL);
    if (z) {
        size_t n;
        unsigned char *b = zipread_read(z, 0, &n, &err);
        CHECK(b == NULL);
        CHECK_INT(err.status, ZIPREAD_ERR_CORRUPT);
        CHECK_STR(err.entry, "a.xml");
        zipread_close(z);
    }
    free(data);
}

TEST(test_zip_bad_names)
{
    const char *bad[] = {"../evil.xml",  "a/../../evil.xml",
                         "/etc/passwd",  "word\\..\\evil.xml",
                         "C:/evil.xml",  "a/..",
                         "new\nline.xml"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        zb_entry e[] = {{"ok.xml", xml, strlen(xml), false, false, -1},
                        {bad[i], xml, strlen(xml), false, false, -1}};
        unsigned char *data;
        zipread_error err;
        zipread *z = open_entries(e, 2, NULL, &data, &err);
        CHECK(z == NULL);
        CHECK_INT(err.status, ZIPREAD_ERR_BAD_NAME);
        if (i == 0)
            CHECK_STR(err.entry, "../evil.xml");
        zipread_close(z);
        free(data);
    }
    /* the same name twice */
    zb_entry d[] = {{"a.xml", xml, strlen(xml), false, false, -1},
                    {"a.xml", "x", 1, false, false, -1}};
    unsigned char *data;
    zipread_error err;
    zipread *z = open_entries(d, 2, NULL, &data, &err);
    CHECK(z == NULL); /* libzip may see it first: damaged */
    CHECK(err.status == ZIPREAD_ERR_BAD_NAME ||
          err.status == ZIPREAD_ERR_CORRUPT);
    free(data);
    /* dots inside names are fine */
    zb_entry g[] = {{"a..b/..c.xml", xml, strlen(xml), false, false, -1}};
    z = open_entries(g, 1, NULL, &data, &err);
    CHECK(z != NULL);
    zipread_close(z);
    free(data);
}

TEST(test_zip_encrypted)
{
    zb_entry e[] = {{"a.xml", xml, strlen(xml), false, false, -1},
                    {"secret.xml", xml, strlen(xml), false, true, -1}};
    unsigned char *data;
    zipread_error err;
    zipread *z = open_entries(e, 2, NULL, &data, &err);
    CHECK(z == NULL);
    CHECK_INT(err.status, ZIPREAD_ERR_ENCRYPTED);
    CHECK_STR(err.entry, "secret.xml");
    free(data);
}

TEST(test_zip_limits_before_expanding)
{
    zipread_limits lim;
    zipread_default_limits(&lim);
    lim.max_entries = 3;
    zb_entry e[4];
    char names[4][16];
    for (int i = 0; i < 4; i++) {
        snprintf(names[i], sizeof names[i], "e%d", i);
        e[i] = (zb_entry){names[i], "x", 1, false, false, -1};
    }
    unsigned char *data;
    zipread_error err;
    zipread *z = open_entries(e, 4, &lim, &data, &err);
    CHECK(z == NULL);
    CHECK_INT(err.status, ZIPREAD_ERR_TOO_MANY_ENTRIES);
    free(data);
    z = open_entries(e, 3, &lim, &data, &err);
    CHECK(z != NULL);
    zipread_close(z);
    free(data);
    /* the declared total */
    zipread_default_limits(&lim);
    lim.max_total = 1000;
    zb_entry big[] = {{"a", xml, strlen(xml), false, false, 600},
                      {"b", xml, strlen(xml), false, false, 600}};
    z = open_entries(big, 2, &lim, &data, &err);
    CHECK(z == NULL);
    CHECK_INT(err.status, ZIPREAD_ERR_TOTAL_TOO_BIG);
    free(data);
}

TEST(test_zip_bomb)
{
    /* 8 MiB of zeros packs into some 8 KiB: a ratio over 1000 */
    size_t n = (size_t)8 << 20;
    char *zeros = calloc(n, 1);
    zb_entry e[] = {{"bomb.xml", zeros, n, true, false, -1}};
    unsigned char *data;
    zipread_error err;
    zipread *z = open_entries(e, 1, NULL, &data, &err);
    CHECK(z != NULL);
    if (z) {
        size_t len;
        unsigned char *b = zipread_read(z, 0, &len, &err);
        CHECK(b == NULL);
        CHECK_INT(err.status, ZIPREAD_ERR_RATIO); /* before expanding */
        zipread_close(z);
    }
    free(data);
    /* the same bomb declaring 100 bytes: stopped while expanding, after
     * one chunk past the declared size */
    e[0].claim = 100;
    z = open_entries(e, 1, NULL, &data, &err);
    CHECK(z != NULL);
    if (z) {
        size_t len;
        unsigned char *b = zipread_read(z, 0, &len, &err);
        CHECK(b == NULL);
        CHECK(err.status == ZIPREAD_ERR_CORRUPT ||
              err.status == ZIPREAD_ERR_RATIO);
        zipread_close(z);
    }
    free(data);
    /* an entry limit, and the running total while expanding */
    zipread_limits lim;
    zipread_default_limits(&lim);
    lim.max_entry = 1 << 20;
    e[0].claim = -1;
    z = open_entries(e, 1, &lim, &data, &err);
    if (z) {
        size_t len;
        CHECK(zipread_read(z, 0, &len, &err) == NULL);
        CHECK_INT(err.status, ZIPREAD_ERR_ENTRY_TOO_BIG);
        zipread_close(z);
    }
    free(data);
    zipread_default_limits(&lim);
    lim.max_total = 3u << 20;
    lim.max_ratio = 100000;
    zb_entry two[] = {{"a", zeros, 2u << 20, true, false, -1},
                      {"b", zeros, 1u << 20, true, false, -1}};
    z = open_entries(two, 2, &lim, &data, &err);
    CHECK(z != NULL);
    if (z) {
        size_t len;
        unsigned char *b = zipread_read(z, 0, &len, &err);
        CHECK(b != NULL);
        free(b);
        b = zipread_read(z, 0, &len, &err); /* read again: past the total */
        CHECK(b == NULL);
        CHECK_INT(err.status, ZIPREAD_ERR_TOTAL_TOO_BIG);
        zipread_close(z);
    }
    free(data);
    free(zeros);
}

TEST(test_zip_short_entry)
{
    /* an entry declaring more than it holds is damaged */
    zb_entry e[] = {{"a.xml", xml, strlen(xml), true, false, 500}};
    unsigned char *data;
    zipread_error err;
    zipread *z = open_entries(e, 1, NULL, &data, &err);
    if (z) {
        size_t len;
        CHECK(zipread_read(z, 0, &len, &err) == NULL);
        CHECK_INT(err.status, ZIPREAD_ERR_CORRUPT);
        zipread_close(z);
    } else {
        CHECK_INT(err.status, ZIPREAD_ERR_CORRUPT);
    }
    free(data);
    CHECK_STR(zipread_status_name(ZIPREAD_ERR_RATIO), "ratio");
}
