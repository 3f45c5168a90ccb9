/* test_xmltree.c: the read-only XML tree of src/parse/xmltree.h:
 * namespaces, attributes, text, lines, and what it refuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/parse/xmltree.h"
#include "harness.h"

#define W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

TEST(test_xmltree_namespaces_and_text)
{
    const char *x =
        "<?xml version=\"1.0\"?>\n"
        "<w:document xmlns:w=\"" W "\" xmlns:r=\"urn:r\">\n"
        "<w:body><w:p><w:r><w:t xml:space=\"preserve\">Hej </w:t></w:r>"
        "<w:r><w:t>v&#xE4;rlden &amp; allt</w:t></w:r>"
        "<w:hyperlink r:id=\"rId5\" w:history=\"1\"/></w:p>\n"
        "<w:p/><plain a=\"1\"><![CDATA[<x>]]></plain></w:body></w:document>";
    arena *a = arena_new();
    xmltree_error err;
    xmltree *t = xmltree_parse(a, x, strlen(x), NULL, &err);
    CHECK(t != NULL);
    CHECK_INT(err.status, XMLTREE_OK);
    if (!t) {
        arena_free(a);
        return;
    }
    const xmlt_node *root = xmltree_root(t);
    CHECK(xmlt_is(root, W, "document"));
    CHECK_STR(xmlt_name(root), "document");
    CHECK_STR(xmlt_ns(root), W);
    const xmlt_node *body = xmlt_child(root, W, "body");
    CHECK(body != NULL);
    CHECK_INT(xmlt_line(body), 3);
    const xmlt_node *p = xmlt_child(body, W, "p");
    CHECK_STR(xmlt_text_content(a, p), "Hej v\xC3\xA4rlden & allt");
    const xmlt_node *h = xmlt_child(p, W, "hyperlink");
    CHECK_STR(xmlt_attr(h, "urn:r", "id"), "rId5");
    CHECK(xmlt_attr(h, NULL, "id") == NULL); /* not without its namespace */
    CHECK_STR(xmlt_attr(h, W, "history"), "1");
    const char *ns, *name, *value;
    CHECK(xmlt_attr_at(h, 1, &ns, &name, &value));
    CHECK_STR(name, "history");
    CHECK(!xmlt_attr_at(h, 2, &ns, &name, &value));
    const xmlt_node *p2 = xmlt_next_same(p);
    CHECK(p2 != NULL && xmlt_first_child(p2) == NULL);
    CHECK(xmlt_next_same(p2) == NULL);
    const xmlt_node *plain = xmlt_child(body, "", "plain");
    CHECK_STR(xmlt_attr(plain, "", "a"), "1");
    CHECK_STR(xmlt_text(xmlt_first_child(plain)), "<x>");
    CHECK(!xmlt_is_element(xmlt_first_child(plain)));
    CHECK(xmlt_parent(plain) == body);
    /* the walk visits every node once, in document order */
    int elements = 0;
    for (const xmlt_node *n = root; n; n = xmlt_walk_next(n, root, false))
        elements += xmlt_is_element(n);
    CHECK_INT(elements, 10);
    arena_free(a);
}

TEST(test_xmltree_refuses)
{
    arena *a = arena_new();
    xmltree_error err;
    const char *dt = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e "
                     "\"xxxxxxxxxx\"><!ENTITY f \"&e;&e;&e;&e;\">]><a>&f;</a>";
    CHECK(xmltree_parse(a, dt, strlen(dt), NULL, &err) == NULL);
    CHECK_INT(err.status, XMLTREE_ERR_DOCTYPE);
    const char *ext = "<!DOCTYPE a SYSTEM \"http://example.com/x.dtd\"><a/>";
    CHECK(xmltree_parse(a, ext, strlen(ext), NULL, &err) == NULL);
    CHECK_INT(err.status, XMLTREE_ERR_DOCTYPE);
    const char *bad = "<a>\n<b></a>";
    CHECK(xmltree_parse(a, bad, strlen(bad), NULL, &err) == NULL);
    CHECK_INT(err.status, XMLTREE_ERR_NOT_XML);
    CHECK_INT(err.line, 2);
    CHECK(err.message[0] != '\0');
    CHECK(xmltree_parse(a, "", 0, NULL, &err) == NULL);
    CHECK_INT(err.status, XMLTREE_ERR_NOT_XML);
    const char *undef = "<a>&nbsp;</a>";
    CHECK(xmltree_parse(a, undef, strlen(undef), NULL, &err) == NULL);
    CHECK(err.status != XMLTREE_OK);
    xmltree_limits lim;
    xmltree_default_limits(&lim);
    lim.max_bytes = 10;
    const char *ok = "<a>0123456789</a>";
    CHECK(xmltree_parse(a, ok, strlen(ok), &lim, &err) == NULL);
    CHECK_INT(err.status, XMLTREE_ERR_TOO_BIG);
    xmltree_default_limits(&lim);
    lim.max_nodes = 5;
    const char *many = "<a><b/><b/><b/><b/><b/><b/></a>";
    CHECK(xmltree_parse(a, many, strlen(many), &lim, &err) == NULL);
    CHECK_INT(err.status, XMLTREE_ERR_TOO_MANY);
    arena_free(a);
}

TEST(test_xmltree_deep)
{
    /* 100 000 levels: refused at the depth limit, no recursion anywhere */
    size_t depth = 100000;
    char *x = malloc(depth * 7 + 1), *p = x;
    for (size_t i = 0; i < depth; i++, p += 3)
        memcpy(p, "<a>", 3);
    for (size_t i = 0; i < depth; i++, p += 4)
        memcpy(p, "</a>", 4);
    *p = '\0';
    arena *a = arena_new();
    xmltree_error err;
    CHECK(xmltree_parse(a, x, strlen(x), NULL, &err) == NULL);
    CHECK_INT(err.status, XMLTREE_ERR_TOO_DEEP);
    /* 200 levels are fine, and walked without recursion */
    p = x;
    for (size_t i = 0; i < 200; i++, p += 3)
        memcpy(p, "<a>", 3);
    memcpy(p, "t", 1);
    p++;
    for (size_t i = 0; i < 200; i++, p += 4)
        memcpy(p, "</a>", 4);
    xmltree *t = xmltree_parse(a, x, (size_t)(p - x), NULL, &err);
    CHECK(t != NULL);
    if (t)
        CHECK_STR(xmlt_text_content(a, xmltree_root(t)), "t");
    free(x);
    arena_free(a);
}
