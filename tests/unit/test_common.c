/* test_common.c: Swedish numerals, UTF-8 and diagnostics. */
#include "../../src/common/diag.h"
#include "../../src/common/numfmt.h"
#include "../../src/common/numread.h"
#include "../../src/common/utf8.h"
#include "harness.h"

TEST(test_num_parse_forms)
{
    num_value v = num_parse("-63474");
    CHECK_INT(v.kind, NUM_VALUE);
    CHECK_INT(v.mant, -63474);
    CHECK(v.hyphen_minus);
    v = num_parse("-63 474");
    CHECK_INT(v.mant, -63474);
    CHECK(v.grouped);
    v = num_parse("\xE2\x88\x92"
                  "63\xC2\xA0"
                  "474"); /* U+2212, NBSP */
    CHECK_INT(v.mant, -63474);
    CHECK(!v.hyphen_minus);
    v = num_parse("\xE2\x80\x93"
                  "5"); /* en dash as minus */
    CHECK_INT(v.mant, -5);
    v = num_parse("1\xE2\x80\xAF"
                  "200,5"); /* narrow no-break space */
    CHECK_INT(v.kind, NUM_VALUE);
    CHECK_INT(v.mant, 12005);
    CHECK_INT(v.scale, 1);
    v = num_parse("88 %");
    CHECK(v.percent);
    CHECK_INT(v.mant, 88);
    v = num_parse("88%");
    CHECK(v.percent);
    v = num_parse("102,2");
    CHECK_INT(v.mant, 1022);
    CHECK_INT(v.scale, 1);
    v = num_parse("1.5");
    CHECK_INT(v.mant, 15);
    v = num_parse("  2 182  ");
    CHECK_INT(v.mant, 2182);
}

TEST(test_num_parse_missing_and_invalid)
{
    CHECK_INT(num_parse("").kind, NUM_EMPTY);
    CHECK_INT(num_parse("-").kind, NUM_MISSING);
    CHECK_INT(num_parse(".").kind, NUM_NA);
    CHECK_INT(num_parse("..").kind, NUM_SECRET);
    CHECK_INT(num_parse("424,0,").kind, NUM_INVALID);
    CHECK_INT(num_parse("1.500").kind, NUM_INVALID); /* ambiguous */
    CHECK_INT(num_parse("12 34").kind, NUM_INVALID); /* bad grouping */
    CHECK_INT(num_parse("abc").kind, NUM_INVALID);
    CHECK_INT(num_parse("5 mnkr").kind, NUM_INVALID);
    CHECK_INT(num_parse("1234567890123456789012").kind, NUM_INVALID);
}

/* The common form (sign, groups, decimal comma) is read in one pass; at
 * each of its edges the reading is the general one's. */
TEST(test_num_parse_common_form_edges)
{
    num_value v = num_parse("\xE2\x88\x92"
                            "12\xC2\xA0"
                            "345,6");
    CHECK_INT(v.kind, NUM_VALUE);
    CHECK_INT(v.mant, -123456);
    CHECK_INT(v.scale, 1);
    CHECK(v.grouped && !v.hyphen_minus && !v.percent);
    CHECK_INT(num_parse("1 2345").kind, NUM_INVALID);   /* four after a space */
    CHECK_INT(num_parse("1234 567").kind, NUM_INVALID); /* four before */
    CHECK_INT(num_parse("1 23 456").kind, NUM_INVALID);
    CHECK_INT(num_parse("12,").kind, NUM_INVALID);
    CHECK_INT(num_parse("1 234,5 6").kind, NUM_INVALID);
    CHECK_INT(num_parse("-").kind, NUM_MISSING);
    v = num_parse("1 234 %"); /* the general reading: a per cent */
    CHECK_INT(v.mant, 1234);
    CHECK(v.percent && v.grouped);
    v = num_parse(" 1 234 "); /* trimmed */
    CHECK_INT(v.mant, 1234);
    v = num_parse("0,5");
    CHECK_INT(v.mant, 5);
    CHECK(!v.grouped);
    v = num_parse("0001234567890123456789"); /* 19 significant digits */
    CHECK_INT(v.kind, NUM_INVALID);
    CHECK(v.too_large);
    v = num_parse("-999 999 999 999 999,999");
    CHECK_INT(v.kind, NUM_VALUE);
    CHECK(v.hyphen_minus && v.grouped);
    /* the data files' reader takes the same one pass with a decimal comma */
    num_readings r = num_read_both("\xE2\x88\x92"
                                   "12\xC2\xA0"
                                   "345,6");
    CHECK_INT(r.sv.kind, NUM_VALUE);
    CHECK_INT(r.sv.mant, -123456);
    CHECK_INT(r.en.kind, NUM_INVALID);
    CHECK_INT(r.only, NUMCONV_SV);
    /* one zero before a group: a grouped figure to one reader, not to the
     * other (each its general reading) */
    CHECK_INT(num_parse("0 600").kind, NUM_VALUE);
    CHECK_INT(num_read_both("0 600").sv.kind, NUM_INVALID);
}

TEST(test_num_format_swedish)
{
    char b[64];
    CHECK_STR(num_format(-63474, 0, 0, false, b, sizeof b), "\xE2\x88\x92"
                                                            "63\xC2\xA0"
                                                            "474");
    CHECK_STR(num_format(1022, 1, 1, false, b, sizeof b), "102,2");
    CHECK_STR(num_format(88, 0, 0, true, b, sizeof b), "88\xC2\xA0%");
    CHECK_STR(num_format(5, 2, 2, false, b, sizeof b), "0,05");
    CHECK_STR(num_format(1200, 0, 0, false, b, sizeof b), "1\xC2\xA0"
                                                          "200");
    CHECK_STR(num_format(-4, 1, 0, false, b, sizeof b), "0"); /* no −0 */
    CHECK_STR(num_format(1234567, 0, 0, false, b, sizeof b), "1\xC2\xA0"
                                                             "234\xC2\xA0"
                                                             "567");
}

TEST(test_num_rescale_rounding)
{
    CHECK_INT(num_rescale(15, 1, 0), 2);
    CHECK_INT(num_rescale(-15, 1, 0), -2);
    CHECK_INT(num_rescale(14, 1, 0), 1);
    CHECK_INT(num_rescale(7, 0, 2), 700);
    /* rounded once, not digit by digit (was 2 and -2: 1,5 then 2) */
    CHECK_INT(num_rescale(149, 2, 0), 1);
    CHECK_INT(num_rescale(-149, 2, 0), -1);
    CHECK_INT(num_rescale(1449999, 6, 0), 1);
    CHECK_INT(num_rescale(150, 2, 0), 2);
    CHECK_INT(num_rescale(-150, 2, 0), -2);
    char b[32];
    CHECK_STR(num_format(208166609498, 3, 0, false, b, sizeof b), "208\xC2\xA0"
                                                                  "166\xC2\xA0"
                                                                  "609");
}

TEST(test_num_limits)
{
    /* 15 digits before the comma, 9 decimals, 18 digits in all */
    num_value v = num_parse("\xE2\x88\x92"
                            "999 999 999 999 999,999");
    CHECK_INT(v.kind, NUM_VALUE);
    CHECK(v.mant == -999999999999999999);
    CHECK_INT(v.scale, 3);
    CHECK_INT(num_parse("0,123456789").kind, NUM_VALUE);
    CHECK_INT(num_parse("000 000 000 000 000 000 001").kind, NUM_VALUE);
    const char *big[] = {
        "1 000 000 000 000 000",   "1000000000000000",
        "123456789012345678",      "0,1234567891",
        "1 000 000 000,000000001", "99999999999999999999999999999999999999999"};
    for (size_t i = 0; i < sizeof big / sizeof *big; i++) {
        v = num_parse(big[i]);
        CHECK_INT(v.kind, NUM_INVALID);
        CHECK(v.too_large);
    }
    CHECK(!num_parse("12 34").too_large);
    CHECK(num_fits(999999999999999999, 3));
    CHECK(!num_fits(999999999999999999, 2));            /* 16 digits before */
    CHECK(!num_fits((num_wide)1000000000000000000, 9)); /* 19 in all */
    CHECK(num_fits(-99999999999999999, 9));
    /* 18 digits at 2 decimals, shown with 9: exact, no overflow */
    char b[96];
    CHECK_STR(num_format(999999999999999999, 3, 9, false, b, sizeof b),
              "999\xC2\xA0"
              "999\xC2\xA0"
              "999\xC2\xA0"
              "999\xC2\xA0"
              "999,999000000");
    CHECK_STR(num_format(-999999999999999999, 3, 0, false, b, sizeof b),
              "\xE2\x88\x92"
              "1\xC2\xA0"
              "000\xC2\xA0"
              "000\xC2\xA0"
              "000\xC2\xA0"
              "000\xC2\xA0"
              "000");
    CHECK_STR(num_format(INT64_MIN, 0, 0, false, b, sizeof b), "\xE2\x88\x92"
                                                               "9\xC2\xA0"
                                                               "223\xC2\xA0"
                                                               "372\xC2\xA0"
                                                               "036\xC2\xA0"
                                                               "854\xC2\xA0"
                                                               "775\xC2\xA0"
                                                               "808");
    CHECK(num_rescale(999999999999999999, 0, 9) ==
          (num_wide)999999999999999999 * 1000000000);
    /* past 2^64 (a sum of 18-digit figures at 9 decimals): every digit */
    num_wide w = (num_wide)999999999999999999 * 1000000000 * 100 + 5;
    CHECK_STR(num_format_wide(w, 9, 9, false, b, sizeof b), "99\xC2\xA0"
                                                            "999\xC2\xA0"
                                                            "999\xC2\xA0"
                                                            "999\xC2\xA0"
                                                            "999\xC2\xA0"
                                                            "999\xC2\xA0"
                                                            "900,000000005");
    CHECK_STR(num_format_wide(-w, 9, 0, true, b, sizeof b), "\xE2\x88\x92"
                                                            "99\xC2\xA0"
                                                            "999\xC2\xA0"
                                                            "999\xC2\xA0"
                                                            "999\xC2\xA0"
                                                            "999\xC2\xA0"
                                                            "999\xC2\xA0"
                                                            "900\xC2\xA0%");
    /* a short buffer keeps the start, as snprintf would */
    char s5[5];
    CHECK_STR(num_format(-1234, 0, 0, false, s5, sizeof s5), "\xE2\x88\x92"
                                                             "1");
    CHECK_STR(num_format(5, 2, 2, false, s5, sizeof s5), "0,05");
    CHECK_STR(num_format(5, 2, 4, false, s5, sizeof s5), "0,05");
}

TEST(test_utf8_decode_encode)
{
    const char *s = "Å\xE2\x88\x92";
    const char *p = s, *end = s + strlen(s);
    CHECK_INT(utf8_next(&p, end), 0xC5);
    CHECK_INT(utf8_next(&p, end), 0x2212);
    CHECK(p == end);
    char out[5];
    CHECK_INT(utf8_encode(0x2212, out), 3);
    CHECK(memcmp(out, "\xE2\x88\x92", 3) == 0);
    CHECK_INT(utf8_length("åäö"), 3);
}

TEST(test_utf8_rejects_malformed)
{
    CHECK(!utf8_valid("\xC0\xAF", 2));     /* overlong */
    CHECK(!utf8_valid("\xED\xA0\x80", 3)); /* surrogate */
    CHECK(!utf8_valid("a\0b", 3));         /* NUL */
    CHECK(utf8_valid("åäö", strlen("åäö")));
}

TEST(test_diag_sorted_in_document_order)
{
    diag_list *dl = diag_list_new(LANG_SV);
    diag_add(dl, DIAG_ERROR, "a.xml", 10, 2, "X-1", MSG_XML_EMPTY);
    diag_add(dl, DIAG_WARNING, "a.xml", 3, 7, "X-2", MSG_XML_EMPTY);
    diag_add(dl, DIAG_ERROR, "a.xml", 3, 1, "X-3", MSG_XML_EMPTY);
    diag_sort(dl);
    CHECK_STR(diag_get(dl, 0)->rule, "X-3");
    CHECK_STR(diag_get(dl, 1)->rule, "X-2");
    CHECK_STR(diag_get(dl, 2)->rule, "X-1");
    CHECK_INT(diag_count_severity(dl, DIAG_ERROR), 2);
    diag_list_free(dl);
}

TEST(test_diag_languages)
{
    diag_list *sv = diag_list_new(LANG_SV), *en = diag_list_new(LANG_EN);
    diag_add(sv, DIAG_ERROR, "f", 1, 1, "", MSG_XML_ATTR_TWICE, "typ");
    diag_add(en, DIAG_ERROR, "f", 1, 1, "", MSG_XML_ATTR_TWICE, "typ");
    CHECK_STR(diag_get(sv, 0)->message, "Attributet typ förekommer två gånger");
    CHECK_STR(diag_get(en, 0)->message, "The attribute typ occurs twice");
    diag_list_free(sv);
    diag_list_free(en);
}
