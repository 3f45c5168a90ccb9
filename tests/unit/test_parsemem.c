/*
 * test_parsemem.c: the model that parse_file_early builds as the parse
 * goes, freeing libxml2's tree a part at a time, is the model parse_file
 * builds from the whole tree (issue 25): for every document of the
 * golden tests, input/ and examples/, the same dump (kinds, attributes,
 * texts, places), the same place for every character of every text, and
 * the same diagnostics from the parse.
 */
#define _POSIX_C_SOURCE 200809L
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/model/model.h"
#include "../../src/parse/parse.h"
#include "fixture.h"
#include "harness.h"

/* TEST_DOC_HEAD's text with body and the end tag after it */
#define TEST_DOC_HEAD_BODY(body)                                               \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                             \
    "<rapport xmlns=\"urn:arsrapport:1\" typ=\"delarsrapport\">\n"             \
    "<metadata><titel>T</titel><organisation>O</organisation>"                 \
    "<datum>2023-09-12</datum></metadata>\n" body "</rapport>\n"

static char *dump_model(doc *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    doc_dump(d, m);
    /* the place of every character of every text */
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        if (doc_node_kind(n) != DOC_TEXT)
            continue;
        const char *t = doc_node_text(n);
        size_t tl = strlen(t);
        for (size_t i = 0; i <= tl; i++) {
            uint32_t line = 0, col = 0;
            doc_node_text_pos(n, i, &line, &col);
            fprintf(m, "%u:%u ", (unsigned)line, (unsigned)col);
        }
        fputc('\n', m);
    }
    fclose(m);
    return buf;
}

static char *diags_of(const diag_list *dl)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    for (size_t i = 0; i < diag_count(dl); i++) {
        const diag *g = diag_get(dl, i);
        fprintf(m, "%d %u:%u %s %s %s\n", (int)g->severity, (unsigned)g->line,
                (unsigned)g->col, g->rule, g->message, g->hint ? g->hint : "");
    }
    fclose(m);
    return buf;
}

/* One document both ways; false when they differ. */
static bool same_both_ways(const char *path, size_t *early_clean)
{
    diag_list *a = diag_list_new(LANG_SV), *b = diag_list_new(LANG_SV);
    parse_pending *pending = NULL;
    doc *de = parse_file_early(test_schema(), path, a, &pending);
    bool clean = parse_pending_finish(pending);
    bool invalid = false;
    doc *ds = parse_file_partial(test_schema(), path, b, &invalid);
    bool same = true;
    diag_sort(a);
    diag_sort(b);
    if (pending && clean) {
        /* the early model is final: it must be the sequential one */
        char *x = de ? dump_model(de) : NULL, *y = ds ? dump_model(ds) : NULL;
        char *p = diags_of(a), *q = diags_of(b);
        same = x && y && strcmp(x, y) == 0 && strcmp(p, q) == 0 && !invalid;
        free(x);
        free(y);
        free(p);
        free(q);
        (*early_clean)++;
    } else if (!pending) {
        /* final at once (not well-formed): the same diagnostics */
        char *p = diags_of(a), *q = diags_of(b);
        same = !de && !ds && strcmp(p, q) == 0;
        free(p);
        free(q);
    } else {
        /* refused by the streaming check: the tree check refuses it too */
        same = invalid || !ds;
    }
    if (!same)
        fprintf(stderr, "  %s: early and sequential parse differ\n", path);
    doc_free(de);
    doc_free(ds);
    diag_list_free(a);
    diag_list_free(b);
    return same;
}

TEST(test_parsemem_early_model_as_sequential)
{
    const char *home = getenv("ARSRAPPORT_HOME");
    const char *pats[] = {"tests/golden/*.xml", "input/*.xml",
                          "examples/*.xml"};
    size_t docs = 0, clean = 0;
    for (size_t k = 0; k < sizeof pats / sizeof *pats; k++) {
        char pat[4096];
        snprintf(pat, sizeof pat, "%s/%s", home ? home : ".", pats[k]);
        glob_t g;
        if (glob(pat, 0, NULL, &g) != 0)
            continue;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            CHECK(same_both_ways(g.gl_pathv[i], &clean));
            docs++;
        }
        globfree(&g);
    }
    /* the check is no check unless it saw documents of both kinds */
    CHECK(docs >= 20);
    CHECK(clean >= 10 && clean < docs);
}

/* A document whose parts end one after another, with texts that have
 * entity references, line breaks, a CDATA section and a comment between
 * the parts, and a reversed period in the metadata (the model's own error,
 * which must not be taken for a parse error): the same both ways. */
TEST(test_parsemem_parts_and_places)
{
    const char *body =
        "<avsnitt><rubrik>A &amp; B</rubrik>\n"
        "<stycke>Rad ett\n   rad   två &#xE5;&#xE4;\n <fet>fet</fet> "
        "<![CDATA[<cdata>]]> slut</stycke></avsnitt>\n<!-- mellan -->\n"
        "<avsnitt id=\"x\"><rubrik>Två</rubrik><lista><punkt>p1</punkt>"
        "<punkt>p2 <ref till=\"x\"/></punkt></lista>"
        "<tabell><kolumn typ=\"text\"/><kolumn typ=\"belopp\"/>"
        "<rad><cell>a</cell><cell>1 200</cell></rad></tabell></avsnitt>\n"
        "<?pi data?>\n<avsnitt><rubrik>Tre</rubrik>"
        "<stycke>ÅÄÖ   åäö</stycke></avsnitt>\n";
    char path[] = "/tmp/arsrapport-parsemem.XXXXXX";
    size_t n = strlen(TEST_DOC_HEAD) + strlen(body) + sizeof "</rapport>\n";
    char *text = malloc(n);
    snprintf(text, n, "%s%s</rapport>\n", TEST_DOC_HEAD, body);
    bool made = test_temp_file(path, text);
    free(text);
    CHECK(made);
    if (!made)
        return;
    FILE *f;
    size_t clean = 0;
    CHECK(same_both_ways(path, &clean));
    CHECK_INT(clean, 1);
    /* the period reversed: an error of the model, said once either way */
    char *head = strdup(TEST_DOC_HEAD);
    char *s = strstr(head, "<metadata>");
    CHECK(s != NULL);
    if (s) {
        s += strlen("<metadata>");
        f = fopen(path, "w");
        fwrite(head, 1, (size_t)(s - head), f);
        fprintf(f,
                "<period start=\"2024-12-31\" slut=\"2024-01-01\"/>%s%s"
                "</rapport>\n",
                s, body);
        fclose(f);
        clean = 0;
        CHECK(same_both_ways(path, &clean));
        CHECK_INT(clean, 1);
        diag_list *dl = diag_list_new(LANG_SV);
        parse_pending *pending = NULL;
        doc *d = parse_file_early(test_schema(), path, dl, &pending);
        CHECK(d != NULL && pending != NULL);
        CHECK(parse_pending_finish(pending));
        CHECK_INT(diag_count(dl), 1);
        if (diag_count(dl) == 1)
            CHECK_STR(diag_get(dl, 0)->rule, "META-01");
        doc_free(d);
        diag_list_free(dl);
        /* the same with the document broken after the metadata: the
         * model's error is not said, as the sequential parse never gets
         * to it */
        f = fopen(path, "w");
        fwrite(head, 1, (size_t)(s - head), f);
        fprintf(f,
                "<period start=\"2024-12-31\" slut=\"2024-01-01\"/>%s%s"
                "<stycke>",
                s, body);
        fclose(f);
        CHECK(same_both_ways(path, &clean));
        dl = diag_list_new(LANG_SV);
        d = parse_file_early(test_schema(), path, dl, &pending);
        CHECK(d == NULL && pending == NULL);
        for (size_t i = 0; i < diag_count(dl); i++)
            CHECK(strcmp(diag_get(dl, i)->rule, "META-01") != 0);
        diag_list_free(dl);
    }
    free(head);
    unlink(path);
}

/* Documents whose document element holds more than parts: text between
 * them (in several chunks, with references and CDATA), comments and
 * processing instructions, another document element. The parts before
 * the text are built as they end, the rest at the end, and libxml2's
 * tree is never left with a text node it would append to wrongly (run
 * under ASan in the sanitizer build): each parses without a crash, the
 * early and the sequential parse agree. */
TEST(test_parsemem_text_beside_parts)
{
    const char *docs[] = {
        TEST_DOC_HEAD_BODY("<avsnitt><rubrik>A</rubrik></avsnitt>lös text "
                           "&amp; mer<avsnitt><rubrik>B</rubrik></avsnitt>"
                           "<![CDATA[x]]>slut"),
        TEST_DOC_HEAD_BODY("<stycke>a</stycke><!-- c --><?pi x?>"
                           "<stycke>b</stycke>text<stycke>c</stycke>"),
        TEST_DOC_HEAD_BODY("<stycke>a</stycke>\n  <stycke>b</stycke>  x  "),
        "<?xml version=\"1.0\"?>\n<html xmlns=\"urn:arsrapport:1\">\n"
        "<head>h</head> text <body><p>p</p></body>  </html>\n",
        "<?xml version=\"1.0\"?>\n<rapport>\n<metadata/> t "
        "<avsnitt/></rapport>\n",
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        char path[] = "/tmp/arsrapport-parsemem.XXXXXX";
        bool made = test_temp_file(path, docs[i]);
        CHECK(made);
        if (!made)
            return;
        size_t clean = 0;
        if (!same_both_ways(path, &clean))
            fprintf(stderr, "  case %zu\n", i);
        CHECK(same_both_ways(path, &clean));
        CHECK_INT(clean, 0); /* none follows the schema */
        unlink(path);
    }
}
