/* test_model.c: the model, its numbering and iterator, and parsing. */
#include <stdlib.h>
#include <string.h>

#include "../../src/model/model.h"
#include "../../src/parse/parse.h"
#include "fixture.h"
#include "harness.h"

static doc *parse_str(const char *body, diag_list *dl)
{
    return test_doc_parse(body, dl);
}

TEST(test_model_numbering)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_str("<avsnitt><rubrik>A</rubrik>"
                       "<avsnitt><rubrik>A1</rubrik></avsnitt>"
                       "<avsnitt numrerad=\"nej\"><rubrik>X</rubrik></avsnitt>"
                       "<avsnitt><rubrik>A2</rubrik>"
                       "<avsnitt><rubrik>A21</rubrik></avsnitt></avsnitt>"
                       "</avsnitt><avsnitt><rubrik>B</rubrik>"
                       "<stycke>x<fotnot>n</fotnot></stycke>"
                       "<tabell><kolumn typ=\"text\"/><rad><cell>a</cell></rad>"
                       "</tabell></avsnitt>",
                       dl);
    CHECK(d != NULL);
    if (!d) {
        diag_list_free(dl);
        return;
    }
    const char *want[] = {"1", "1.1", NULL, "1.2", "1.2.1", "2"};
    int k = 0, tables = 0, notes = 0;
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    doc_node *n;
    doc_event ev;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        if (ev != DOC_EV_ENTER)
            continue;
        if (doc_node_kind(n) == DOC_SECTION && k < 6) {
            const char *nr = doc_node_number(n);
            if (want[k])
                CHECK_STR(nr, want[k]);
            else
                CHECK(nr == NULL);
            k++;
        }
        if (doc_node_kind(n) == DOC_TABLE)
            tables = doc_node_seq(n);
        if (doc_node_kind(n) == DOC_FOOTNOTE)
            notes = doc_node_seq(n);
    }
    CHECK_INT(k, 6);
    CHECK_INT(tables, 1);
    CHECK_INT(notes, 1);
    doc_free(d);
    diag_list_free(dl);
}

TEST(test_model_iterator_deep_tree)
{
    /* 100 000 nested nodes: the iterator must not recurse */
    doc *d = doc_new("deep.xml");
    doc_node *p = doc_root(d);
    for (int i = 0; i < 100000; i++) {
        doc_node *c = doc_node_new(d, DOC_BOLD, 1, 1);
        doc_node_append_child(p, c);
        p = c;
    }
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    doc_node *n;
    doc_event ev;
    long enters = 0, exits = 0;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        if (ev == DOC_EV_ENTER)
            enters++;
        else
            exits++;
    }
    CHECK_INT(enters, 100001);
    CHECK_INT(exits, 100000); /* the innermost node has no children */
    doc_free(d);
}

TEST(test_parse_positions_and_whitespace)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_str("<avsnitt>\n  <rubrik>  Rubrik   med\n  mellanrum "
                       "</rubrik>\n  <stycke>Ett <fet>fett</fet>  ord.\n"
                       "</stycke></avsnitt>",
                       dl);
    CHECK(d != NULL);
    if (d) {
        doc_node *sec = doc_node_first_child(doc_root(d));
        CHECK_INT(doc_node_line(sec), 4);
        CHECK_INT(doc_node_col(sec), 1);
        doc_node *h = doc_node_child(sec, DOC_HEADING);
        CHECK_STR(doc_node_plain_text(d, h), "Rubrik med mellanrum");
        CHECK_INT(doc_node_line(h), 5);
        CHECK_INT(doc_node_col(h), 3);
        doc_node *p = doc_node_child(sec, DOC_PARA);
        CHECK_STR(doc_node_plain_text(d, p), "Ett fett ord.");
        doc_free(d);
    }
    diag_list_free(dl);
}

TEST(test_parse_rejects_doctype)
{
    diag_list *dl = diag_list_new(LANG_SV);
    const char *x = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a "
                    "SYSTEM \"file:///etc/passwd\">]>\n<rapport>&a;</rapport>";
    doc *d = parse_memory(test_schema(), "x.xml", x, strlen(x), dl);
    CHECK(d == NULL);
    CHECK(diag_count(dl) >= 1);
    if (diag_count(dl) >= 1) {
        CHECK_STR(diag_get(dl, 0)->rule, "XML-02");
        CHECK_INT(diag_get(dl, 0)->line, 2);
    }
    doc_free(d);
    diag_list_free(dl);
}

TEST(test_parse_schema_error_swedish)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_str("<avsnitt><rubrik>A</rubrik>\n<okand/></avsnitt>", dl);
    CHECK(d == NULL);
    CHECK(diag_count(dl) >= 1);
    if (diag_count(dl) >= 1) {
        const diag *g = diag_get(dl, 0);
        CHECK_STR(g->rule, "XML-05");
        CHECK(strstr(g->message, "okand") != NULL);
        CHECK_INT(g->line, 5);
        CHECK(g->col > 0);
    }
    doc_free(d);
    diag_list_free(dl);
}

/* The model dump of d (malloc'd). */
static char *dump_of(doc *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    doc_dump(d, m);
    fclose(m);
    return buf;
}

/* the bytes stay in *bytes (free them) until parse_pending_finish: the
 * check reads them meanwhile */
static doc *parse_early_str(const char *body, diag_list *dl,
                            parse_pending **pending, char **bytes)
{
    size_t n = strlen(TEST_DOC_HEAD) + strlen(body) + 32;
    char *x = malloc(n);
    snprintf(x, n, "%s%s</rapport>\n", TEST_DOC_HEAD, body);
    doc *d =
        parse_memory_early(test_schema(), "t.xml", x, strlen(x), dl, pending);
    *bytes = x;
    return d;
}

/* parse_memory_early: the model built before the schema check, the check
 * in a thread; clean only when the schema has nothing to say, and then the
 * same model as parse_memory's. */
TEST(test_parse_early_schema_check)
{
    const char *good = "<avsnitt><rubrik>A &amp; B</rubrik>"
                       "<stycke>Text <fotnot>n</fotnot> mer</stycke>"
                       "<tabell><kolumn typ=\"text\"/><kolumn typ=\"belopp\"/>"
                       "<rad><cell>a</cell><cell>1 200</cell></rad></tabell>"
                       "</avsnitt>";
    diag_list *dl = diag_list_new(LANG_SV), *dl2 = diag_list_new(LANG_SV);
    parse_pending *pending = NULL;
    char *bytes = NULL;
    doc *d = parse_early_str(good, dl, &pending, &bytes);
    doc *ref = parse_str(good, dl2);
    CHECK(d != NULL && ref != NULL && pending != NULL);
    CHECK(parse_pending_finish(pending));
    free(bytes);
    CHECK_INT(diag_count(dl), diag_count(dl2));
    if (d && ref) {
        char *a = dump_of(d), *b = dump_of(ref);
        CHECK_STR(a, b);
        free(a);
        free(b);
    }
    doc_free(d);
    doc_free(ref);
    diag_list_free(dl);
    diag_list_free(dl2);

    /* not valid: a model (provisional) and a check that is not clean */
    dl = diag_list_new(LANG_SV);
    d = parse_early_str("<avsnitt><rubrik>A</rubrik>\n<okand/></avsnitt>", dl,
                        &pending, &bytes);
    CHECK(d != NULL && pending != NULL);
    CHECK(!parse_pending_finish(pending));
    free(bytes);
    CHECK_INT(diag_count(dl), 0); /* the sequential parse says why */
    doc_free(d);
    diag_list_free(dl);

    /* not well-formed: final at once, nothing pending */
    dl = diag_list_new(LANG_SV);
    pending = (parse_pending *)dl; /* overwritten */
    d = parse_early_str("<avsnitt><rubrik>A</avsnitt>", dl, &pending, &bytes);
    CHECK(d == NULL && pending == NULL);
    free(bytes);
    CHECK(diag_count_severity(dl, DIAG_ERROR) >= 1);
    CHECK(parse_pending_finish(NULL));
    diag_list_free(dl);
}

TEST(test_model_typed_heading_number)
{
    size_t ns, ne, skip;
    CHECK(doc_typed_number("2.1 Ekonomi", &ns, &ne, &skip));
    CHECK_INT(ns, 0);
    CHECK_INT(ne, 3);
    CHECK_INT(skip, 4);
    CHECK(doc_typed_number("3. KLAGOMÅL OCH SYNPUNKTER", &ns, &ne, &skip));
    CHECK_INT(ne, 2);
    CHECK(doc_typed_number("4) Mål", &ns, &ne, &skip));
    CHECK(doc_typed_number("10 Personal", &ns, &ne, &skip));
    CHECK(doc_typed_number("1.2.3. Åtgärder", &ns, &ne, &skip));
    CHECK_INT(skip, 7);
    CHECK(doc_typed_number("5 Årets resultat", &ns, &ne, &skip));
    /* text, not numbering */
    CHECK(!doc_typed_number("2023 i korthet", &ns, &ne, &skip));
    CHECK(!doc_typed_number("3 frågor till ordföranden", &ns, &ne, &skip));
    CHECK(!doc_typed_number("100 Personal", &ns, &ne, &skip));
    CHECK(!doc_typed_number("2.", &ns, &ne, &skip));
    CHECK(!doc_typed_number("Ekonomi", &ns, &ne, &skip));
}

/* Typed attributes are decoded once, when the parser sets them (issue 19:
 * spann was parsed in five places, a column's typ in four). */
TEST(test_model_typed_attributes)
{
    diag_list *dl = diag_list_new(LANG_SV);
    doc *d = parse_str(
        "<avsnitt><rubrik>A</rubrik><tabell><rubrik>T</rubrik>"
        "<kolumn typ=\"text\">a</kolumn><kolumn typ=\"belopp\">b</kolumn>"
        "<kolumn typ=\"procent\">c</kolumn><kolumn typ=\"status\">d</kolumn>"
        "<kolumn typ=\"tal\">e</kolumn>"
        "<huvud><cell spann=\"3\">x</cell><cell>y</cell><cell>z</cell></huvud>"
        "<rad typ=\"rubrik\"><cell spann=\"5\">G</cell></rad>"
        "<rad><cell>1</cell><cell>2</cell><cell>3</cell><cell>uppfyllt</cell>"
        "<cell>5</cell></rad>"
        "<rad typ=\"varav\"><cell>1</cell><cell>2</cell><cell>3</cell>"
        "<cell>uppfyllt</cell><cell>5</cell></rad>"
        "</tabell></avsnitt>",
        dl);
    CHECK(d != NULL);
    if (!d) {
        diag_list_free(dl);
        return;
    }
    const doc_node *t =
        doc_node_child(doc_node_child(doc_root(d), DOC_SECTION), DOC_TABLE);
    doc_col_type want[] = {DOC_COL_TEXT, DOC_COL_BELOPP, DOC_COL_PROCENT,
                           DOC_COL_STATUS, DOC_COL_TAL};
    int k = 0;
    doc_row_type rows[3];
    int nrows = 0;
    for (const doc_node *x = doc_node_first_child(t); x; x = doc_node_next(x)) {
        if (doc_node_kind(x) == DOC_COLUMN && k < 5)
            CHECK_INT(doc_column_type(x), want[k++]);
        if (doc_node_kind(x) == DOC_HEADROW) {
            const doc_node *c = doc_node_first_child(x);
            CHECK_INT(doc_cell_span(c), 3);
            CHECK_INT(doc_cell_span(doc_node_next(c)), 1);
        }
        if (doc_node_kind(x) == DOC_ROW && nrows < 3)
            rows[nrows++] = doc_row_type_of(x);
    }
    CHECK_INT(k, 5);
    CHECK_INT(nrows, 3);
    if (nrows == 3) {
        CHECK_INT(rows[0], DOC_ROW_RUBRIK);
        CHECK_INT(rows[1], DOC_ROW_DATA);
        CHECK_INT(rows[2], DOC_ROW_VARAV);
    }
    CHECK(doc_col_type_numeric(DOC_COL_BELOPP));
    CHECK(doc_col_type_numeric(DOC_COL_PROCENT));
    CHECK(!doc_col_type_numeric(DOC_COL_STATUS));
    CHECK(!doc_col_type_numeric(DOC_COL_TEXT));
    doc_free(d);
    diag_list_free(dl);
}

/* Children appended, inserted and removed at each end and in the middle:
 * first, last, next and prev stay right (the prev links are a ring). */
TEST(test_model_siblings_edit)
{
    doc *d = doc_new("s.xml");
    doc_node *p = doc_node_new(d, DOC_LIST, 1, 1);
    doc_node_append_child(doc_root(d), p);
    CHECK(doc_node_first_child(p) == NULL);
    CHECK(doc_node_last_child(p) == NULL);
    doc_node *c[5];
    for (int i = 0; i < 5; i++)
        c[i] = doc_node_new(d, DOC_ITEM, (uint32_t)i + 2, 1);
    doc_node_append_child(p, c[1]);
    CHECK(doc_node_first_child(p) == c[1] && doc_node_last_child(p) == c[1]);
    CHECK(doc_node_prev(c[1]) == NULL && doc_node_next(c[1]) == NULL);
    doc_node_append_child(p, c[3]);
    doc_node_insert_before(c[1], c[0]); /* before the first */
    doc_node_insert_before(c[3], c[2]); /* in the middle */
    doc_node_append_child(p, c[4]);
    /* forwards and backwards */
    int i = 0;
    for (doc_node *x = doc_node_first_child(p); x; x = doc_node_next(x), i++)
        CHECK(i < 5 && x == c[i]);
    CHECK_INT(i, 5);
    i = 4;
    for (doc_node *x = doc_node_last_child(p); x; x = doc_node_prev(x), i--)
        CHECK(i >= 0 && x == c[i]);
    CHECK_INT(i, -1);
    doc_node_remove(c[4]); /* the last */
    CHECK(doc_node_last_child(p) == c[3] && doc_node_next(c[3]) == NULL);
    doc_node_remove(c[0]); /* the first */
    CHECK(doc_node_first_child(p) == c[1] && doc_node_prev(c[1]) == NULL);
    CHECK(doc_node_last_child(p) == c[3]);
    doc_node_remove(c[2]); /* the middle */
    CHECK(doc_node_next(c[1]) == c[3] && doc_node_prev(c[3]) == c[1]);
    CHECK(doc_node_parent(c[2]) == NULL && doc_node_prev(c[2]) == NULL);
    doc_node_remove(c[1]);
    doc_node_remove(c[3]);
    CHECK(doc_node_first_child(p) == NULL && doc_node_last_child(p) == NULL);
    /* a text node has no children, attributes or numbers */
    doc_node *t = doc_node_new(d, DOC_TEXT, 9, 1);
    doc_node_set_text(d, t, "abc", 3);
    doc_node_append_child(p, t);
    doc_node_set_attr(d, t, "id", "x");
    CHECK(doc_node_first_child(t) == NULL && doc_node_last_child(t) == NULL);
    CHECK(doc_node_attr(t, "id") == NULL && doc_find_id(d, "x") == NULL);
    CHECK(doc_node_number(t) == NULL && doc_node_seq(t) == 0);
    CHECK_STR(doc_node_text(t), "abc");
    CHECK(doc_node_last_child(p) == t);
    /* attributes kept in source order, replaced in place */
    doc_node_set_attr(d, p, "a", "1");
    doc_node_set_attr(d, p, "b", "2");
    doc_node_set_attr(d, p, "a", "3");
    CHECK_STR(doc_node_attr(p, "a"), "3");
    CHECK_STR(doc_node_attr(p, "b"), "2");
    CHECK(doc_node_attr(p, "c") == NULL);
    doc_free(d);
}

/* Texts short and long side by side stay whole (short ones are packed
 * into shared blocks, long ones not). */
TEST(test_model_texts_packed)
{
    doc *d = doc_new("t.xml");
    enum { N = 3000 };
    static doc_node *ts[N];
    char buf[1200];
    for (int i = 0; i < N; i++) {
        size_t len = (size_t)(i * 37 % 1100);
        for (size_t k = 0; k < len; k++)
            buf[k] = (char)('a' + (i + (int)k) % 26);
        ts[i] = doc_node_new(d, DOC_TEXT, 1, 1);
        doc_node_set_text(d, ts[i], buf, len);
        doc_node_append_child(doc_root(d), ts[i]);
    }
    int bad = 0;
    for (int i = 0; i < N; i++) {
        size_t len = (size_t)(i * 37 % 1100);
        const char *t = doc_node_text(ts[i]);
        if (strlen(t) != len)
            bad++;
        for (size_t k = 0; k < len && k < strlen(t); k++)
            if (t[k] != (char)('a' + (i + (int)k) % 26)) {
                bad++;
                break;
            }
    }
    CHECK_INT(bad, 0);
    doc_free(d);
}
