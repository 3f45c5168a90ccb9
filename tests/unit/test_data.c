/*
 * test_data.c: figures read under both conventions (numread.h), the code
 * pages of Swedish exports (textenc.h), CSV splitting through libcsv
 * (csv_read.h) and SIE account ranges and object lists (sie.h).
 */
#include <stdlib.h>

#include "../../src/common/numread.h"
#include "../../src/csv/csv_read.h"
#include "../../src/data/sie.h"
#include "../../src/data/textenc.h"
#include "harness.h"

void test_numread_conventions(void)
{
    num_readings r = num_read_both("-14,600");
    CHECK(r.ambiguous);
    CHECK_INT(r.sv.mant, -14600);
    CHECK_INT(r.sv.scale, 3);
    CHECK_INT(r.en.mant, -14600);
    CHECK_INT(r.en.scale, 0);
    r = num_read_both("1.234");
    CHECK(r.ambiguous);
    CHECK_INT(r.sv.mant, 1234);
    CHECK_INT(r.sv.scale, 0);
    CHECK_INT(r.en.scale, 3);
    /* one convention only: a vote */
    CHECK_INT(num_read_both("12,5").only, NUMCONV_SV);
    CHECK_INT(num_read_both("1 234,5").only, NUMCONV_SV);
    CHECK_INT(num_read_both("1.234.567").only, NUMCONV_SV);
    CHECK_INT(num_read_both("1.234,5").only, NUMCONV_SV);
    CHECK_INT(num_read_both("0,600").only, NUMCONV_SV);
    CHECK_INT(num_read_both("1.5").only, NUMCONV_EN);
    CHECK_INT(num_read_both("1,234,567").only, NUMCONV_EN);
    CHECK_INT(num_read_both("1,234.5").only, NUMCONV_EN);
    /* neutral: the same both ways */
    r = num_read_both("\xe2\x88\x92"
                      "1 234");
    CHECK(!r.ambiguous);
    CHECK_INT(r.only, NUMCONV_NONE);
    CHECK_INT(r.sv.mant, -1234);
    r = num_read_both("-");
    CHECK_INT(r.sv.kind, NUM_MISSING);
    CHECK(numread_neutral("1 234") && !numread_neutral("1,5"));
    /* a column's votes */
    num_conv c = NUMCONV_NONE;
    r = num_read_both("12,5");
    c = numread_vote(c, &r);
    r = num_read_both("1.5");
    c = numread_vote(c, &r);
    CHECK_INT(c, NUMCONV_MIXED);
    r = num_read_both("1,234");
    CHECK_INT(num_read_value(&r, NUMCONV_EN).mant, 1234);
    CHECK_INT(num_read_value(&r, NUMCONV_SV).scale, 3);
    /* groups must be threes, one kind of mark */
    CHECK_INT(num_read_both("1 23,5").sv.kind, NUM_INVALID);
    CHECK_INT(num_read_both("1.234 567").sv.kind, NUM_INVALID);
    CHECK(num_read_both("12345678901234567890").sv.too_large);
}

void test_textenc_code_pages(void)
{
    /* "åäö" in CP437, CP850, Windows-1252 */
    const unsigned char dos[] = {0x86, 0x84, 0x94};
    const unsigned char win[] = {0xE5, 0xE4, 0xF6};
    size_t len, bad;
    char *s = textenc_to_utf8(dos, 3, TEXTENC_CP437, &len, &bad);
    CHECK_STR(s, "\xc3\xa5\xc3\xa4\xc3\xb6");
    free(s);
    s = textenc_to_utf8(dos, 3, TEXTENC_CP850, &len, &bad);
    CHECK_STR(s, "\xc3\xa5\xc3\xa4\xc3\xb6");
    free(s);
    s = textenc_to_utf8(win, 3, TEXTENC_CP1252, &len, &bad);
    CHECK_STR(s, "\xc3\xa5\xc3\xa4\xc3\xb6");
    free(s);
    CHECK_INT(textenc_detect(dos, 3), TEXTENC_CP437);
    CHECK_INT(textenc_detect(win, 3), TEXTENC_CP1252);
    const unsigned char bom[] = {0xEF, 0xBB, 0xBF, 'a'};
    CHECK_INT(textenc_detect(bom, 4), TEXTENC_UTF8);
    s = textenc_to_utf8(bom, 4, TEXTENC_UTF8, &len, &bad);
    CHECK_STR(s, "a");
    free(s);
    /* broken: Latin-1 bytes as UTF-8; an unassigned Windows-1252 byte */
    CHECK(textenc_to_utf8(win, 3, TEXTENC_UTF8, &len, &bad) == NULL);
    CHECK_INT(bad, 0);
    const unsigned char hole[] = {'a', 0x81};
    CHECK(textenc_to_utf8(hole, 2, TEXTENC_CP1252, &len, &bad) == NULL);
    CHECK_INT(bad, 1);
    textenc e;
    CHECK(textenc_from_name("PC8", &e) && e == TEXTENC_CP437);
    CHECK(!textenc_from_name("ebcdic", &e));
}

void test_csv_split_and_sniff(void)
{
    const char *t = "a;b;c\r\n\"x;y\";\"he said \"\"hi\"\"\";3\n\n"
                    "\"two\nlines\";2;3\n";
    CHECK_INT(csv_sniff(t, strlen(t)), ';');
    CHECK_INT(csv_sniff("a\tb\n1\t2\n", 8), '\t');
    CHECK_INT(csv_sniff("a,b\n1,2\n", 8), ',');
    /* decimal commas do not fool it: the header decides */
    CHECK_INT(csv_sniff("a;b\n1,5;2,25\n", 13), ';');
    arena *a = arena_new();
    csv_limits lim = {1000, 1000, 1000};
    csv_grid g;
    uint32_t line;
    CHECK_INT(csv_grid_read(t, strlen(t), ';', &lim, a, &g, &line),
              CSV_READ_OK);
    CHECK_INT(g.nrows, 3);
    CHECK_STR(g.fields[g.row_start[1]], "x;y");
    CHECK_STR(g.fields[g.row_start[1] + 1], "he said \"hi\"");
    CHECK_STR(g.fields[g.row_start[2]], "two\nlines");
    CHECK_INT(g.row_line[2], 5);
    const char *q = "a;b\n\"open;1\n";
    CHECK_INT(csv_grid_read(q, strlen(q), ';', &lim, a, &g, &line),
              CSV_READ_QUOTE);
    csv_limits few = {2, 1000, 1000};
    const char *m = "a\nb\nc\nd\n";
    CHECK_INT(csv_grid_read(m, strlen(m), ';', &few, a, &g, &line),
              CSV_READ_TOO_MANY_ROWS);
    arena_free(a);
}

void test_sie_ranges_and_objects(void)
{
    CHECK(sie_range_valid("30-39"));
    CHECK(sie_range_valid("3000-3999 4010,41"));
    CHECK(!sie_range_valid("39-30"));
    CHECK(!sie_range_valid("3-39"));
    CHECK(!sie_range_valid("x"));
    CHECK(sie_in_range("30-39", "3010"));
    CHECK(sie_in_range("30-39", "3999"));
    CHECK(!sie_in_range("30-39", "4010"));
    CHECK(sie_in_range("40-49 60-79", "7610"));
    CHECK(!sie_in_range("40-49 60-79", "5010"));
    CHECK(sie_in_range("5", "5610"));
    char buf[64];
    CHECK(sie_objs_canonical("6:P1 1:120", buf, sizeof buf));
    CHECK_STR(buf, "1:120 6:P1");
    CHECK(!sie_objs_canonical("120", buf, sizeof buf));
    CHECK(!sie_objs_canonical("0:1", buf, sizeof buf));
}
