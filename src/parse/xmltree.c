/*
 * xmltree.c: XML parts of containers read into a small arena tree
 * (xmltree.h), for the importers and data readers that may not include
 * libxml2 themselves.
 *
 * libxml2's streaming reader (xmlTextReader) is used rather than its DOM:
 * a DOCTYPE is seen, and refused, before the document element, nothing but
 * our own compact nodes is built, and depth and node counts are checked as
 * each node arrives, so a hostile part costs at most its limits. Options:
 * XML_PARSE_NONET, and neither NOENT nor DTDLOAD (no entity is expanded,
 * nothing is fetched). Element and namespace names are interned: a part
 * repeats a few dozen names a million times.
 */
#include "xmltree.h"

#include <libxml/xmlreader.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *ns, *name, *value;
} xmlt_attr_rec;

struct xmlt_node {
    const char *name; /* NULL for text */
    const char *ns;
    const char *text; /* text nodes only */
    xmlt_node *parent, *first, *last, *next;
    xmlt_attr_rec *attrs;
    uint32_t nattrs;
    uint32_t line;
};

struct xmltree {
    xmlt_node *root;
};

void xmltree_default_limits(xmltree_limits *l)
{
    l->max_bytes = (size_t)64 << 20;
    l->max_depth = 256;
    l->max_nodes = 8u << 20;
}

/* --- interned names ----------------------------------------------------- */

typedef struct {
    arena *a;
    const char **slot;
    size_t cap, n;
} interner;

static size_t hash_str(const char *s)
{
    size_t h = 5381;
    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

static const char *intern(interner *in, const char *s)
{
    if (!s)
        return "";
    if (in->n * 2 >= in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 256;
        const char **slot = xcalloc(cap, sizeof *slot);
        for (size_t i = 0; i < in->cap; i++)
            if (in->slot[i]) {
                size_t j = hash_str(in->slot[i]) & (cap - 1);
                while (slot[j])
                    j = (j + 1) & (cap - 1);
                slot[j] = in->slot[i];
            }
        free(in->slot);
        in->slot = slot;
        in->cap = cap;
    }
    size_t j = hash_str(s) & (in->cap - 1);
    while (in->slot[j]) {
        if (strcmp(in->slot[j], s) == 0)
            return in->slot[j];
        j = (j + 1) & (in->cap - 1);
    }
    in->slot[j] = arena_strdup(in->a, s);
    in->n++;
    return in->slot[j];
}

/* --- parsing ------------------------------------------------------------ */

typedef struct {
    xmltree_error *err;
    bool failed;
} err_ctx;

static void set_error(xmltree_error *err, xmltree_status st, uint32_t line,
                      const char *msg)
{
    if (!err)
        return;
    err->status = st;
    err->line = line;
    err->message[0] = '\0';
    if (msg) {
        snprintf(err->message, sizeof err->message, "%s", msg);
        size_t n = strlen(err->message);
        while (n && (err->message[n - 1] == '\n' || err->message[n - 1] == ' '))
            err->message[--n] = '\0';
    }
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    err_ctx *c = ctx;
    if (e->level == XML_ERR_WARNING || c->failed)
        return;
    c->failed = true;
    /* libxml2's own nesting limit (256 without XML_PARSE_HUGE) can fire
     * before ours, since the reader parses ahead */
    bool deep = e->code == XML_ERR_INTERNAL_ERROR && e->message &&
                strstr(e->message, "depth");
    set_error(c->err, deep ? XMLTREE_ERR_TOO_DEEP : XMLTREE_ERR_NOT_XML,
              e->line > 0 ? (uint32_t)e->line : 0, deep ? NULL : e->message);
}

static void append(xmlt_node *parent, xmlt_node *n)
{
    n->parent = parent;
    if (parent->last)
        parent->last->next = n;
    else
        parent->first = n;
    parent->last = n;
}

/* Whether a DOCTYPE stands before the document element: the prolog is
 * scanned before libxml2 sees the bytes, since its reader may parse the
 * internal subset and expand entities before it reports the DOCTYPE. */
static bool has_doctype(const char *buf, size_t len)
{
    const char *p = buf, *end = buf + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
            continue;
        }
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *q = p + 4;
            while (q + 3 <= end && memcmp(q, "-->", 3) != 0)
                q++;
            p = q + 3;
            continue;
        }
        if (end - p >= 2 && memcmp(p, "<?", 2) == 0) {
            const char *q = p + 2;
            while (q + 2 <= end && memcmp(q, "?>", 2) != 0)
                q++;
            p = q + 2;
            continue;
        }
        return end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0;
    }
    return false;
}

xmltree *xmltree_parse(arena *a, const char *buf, size_t len,
                       const xmltree_limits *lim, xmltree_error *err)
{
    xmltree_limits def;
    if (!lim) {
        xmltree_default_limits(&def);
        lim = &def;
    }
    set_error(err, XMLTREE_OK, 0, NULL);
    if (len > lim->max_bytes || len > INT_MAX) {
        set_error(err, XMLTREE_ERR_TOO_BIG, 0, NULL);
        return NULL;
    }
    if (has_doctype(buf, len)) {
        set_error(err, XMLTREE_ERR_DOCTYPE, 1, NULL);
        return NULL;
    }
    xmlTextReaderPtr r = xmlReaderForMemory(
        buf, (int)len, NULL, NULL,
        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!r)
        die_oom();
    err_ctx ec = {err, false};
    xmlTextReaderSetStructuredErrorHandler(r, on_error, &ec);
    interner in = {a, NULL, 0, 0};
    xmlt_node doc = {0}; /* holds the root while parsing */
    xmlt_node *cur = &doc;
    unsigned depth = 0;
    size_t nodes = 0;
    xmltree_status st = XMLTREE_OK;
    xmlt_attr_rec *tmp = NULL;
    size_t tmp_cap = 0;
    int rc;
    while (st == XMLTREE_OK && (rc = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        /* the node's own line: the parser itself may be further on */
        xmlNodePtr xn = xmlTextReaderCurrentNode(r);
        long ln = xn ? xmlGetLineNo(xn) : -1;
        uint32_t line = ln > 0 ? (uint32_t)ln
                               : (uint32_t)xmlTextReaderGetParserLineNumber(r);
        if (++nodes > lim->max_nodes) {
            st = XMLTREE_ERR_TOO_MANY;
            set_error(err, st, line, NULL);
            break;
        }
        switch (type) {
        case XML_READER_TYPE_DOCUMENT_TYPE:
        case XML_READER_TYPE_ENTITY_REFERENCE:
        case XML_READER_TYPE_ENTITY:
            st = XMLTREE_ERR_DOCTYPE;
            set_error(err, st, line, NULL);
            break;
        case XML_READER_TYPE_ELEMENT: {
            if (cur == &doc && doc.first) {
                st = XMLTREE_ERR_NOT_XML; /* cannot happen: libxml2 checks */
                set_error(err, st, line, "two document elements");
                break;
            }
            xmlt_node *n = arena_alloc(a, sizeof *n);
            n->name = intern(&in, (const char *)xmlTextReaderConstLocalName(r));
            n->ns =
                intern(&in, (const char *)xmlTextReaderConstNamespaceUri(r));
            n->line = line;
            size_t na = 0;
            if (xmlTextReaderHasAttributes(r) == 1) {
                while (xmlTextReaderMoveToNextAttribute(r) == 1) {
                    if (xmlTextReaderIsNamespaceDecl(r) == 1)
                        continue;
                    if (++nodes > lim->max_nodes)
                        break;
                    if (na == tmp_cap) {
                        tmp_cap = tmp_cap ? tmp_cap * 2 : 16;
                        tmp = xrealloc(tmp, tmp_cap * sizeof *tmp);
                    }
                    tmp[na].ns = intern(
                        &in, (const char *)xmlTextReaderConstNamespaceUri(r));
                    tmp[na].name = intern(
                        &in, (const char *)xmlTextReaderConstLocalName(r));
                    const char *v = (const char *)xmlTextReaderConstValue(r);
                    tmp[na].value = arena_strdup(a, v ? v : "");
                    na++;
                }
                xmlTextReaderMoveToElement(r);
                if (nodes > lim->max_nodes) {
                    st = XMLTREE_ERR_TOO_MANY;
                    set_error(err, st, line, NULL);
                    break;
                }
            }
            if (na) {
                n->attrs = arena_alloc(a, na * sizeof *n->attrs);
                memcpy(n->attrs, tmp, na * sizeof *n->attrs);
                n->nattrs = (uint32_t)na;
            }
            append(cur, n);
            if (xmlTextReaderIsEmptyElement(r) != 1) {
                if (++depth > lim->max_depth) {
                    st = XMLTREE_ERR_TOO_DEEP;
                    set_error(err, st, line, NULL);
                    break;
                }
                cur = n;
            }
            break;
        }
        case XML_READER_TYPE_END_ELEMENT:
            if (cur != &doc) {
                cur = cur->parent;
                depth--;
            }
            break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
            if (cur == &doc)
                break; /* whitespace around the document element */
            const char *v = (const char *)xmlTextReaderConstValue(r);
            xmlt_node *n = arena_alloc(a, sizeof *n);
            n->text = arena_strdup(a, v ? v : "");
            n->line = line;
            append(cur, n);
            break;
        }
        default: /* comments, processing instructions */
            break;
        }
    }
    if (st == XMLTREE_OK && (ec.failed || rc != 0 || !doc.first)) {
        st = ec.failed && err ? err->status : XMLTREE_ERR_NOT_XML;
        if (!ec.failed)
            set_error(err, st, 0, doc.first ? NULL : "no document element");
    }
    xmlFreeTextReader(r);
    free(in.slot);
    free(tmp);
    if (st != XMLTREE_OK)
        return NULL;
    xmltree *t = arena_alloc(a, sizeof *t);
    t->root = doc.first;
    t->root->parent = NULL;
    return t;
}

/* --- accessors ---------------------------------------------------------- */

const xmlt_node *xmltree_root(const xmltree *t)
{
    return t->root;
}

bool xmlt_is_element(const xmlt_node *n)
{
    return n && n->name;
}

const char *xmlt_name(const xmlt_node *n)
{
    return n->name;
}

const char *xmlt_ns(const xmlt_node *n)
{
    return n->name ? n->ns : NULL;
}

bool xmlt_is(const xmlt_node *n, const char *ns, const char *name)
{
    return n && n->name && strcmp(n->name, name) == 0 &&
           strcmp(n->ns, ns ? ns : "") == 0;
}

const char *xmlt_attr(const xmlt_node *n, const char *ns, const char *name)
{
    if (!n || !n->name)
        return NULL;
    for (uint32_t i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0 &&
            strcmp(n->attrs[i].ns, ns ? ns : "") == 0)
            return n->attrs[i].value;
    return NULL;
}

bool xmlt_attr_at(const xmlt_node *n, size_t i, const char **ns,
                  const char **name, const char **value)
{
    if (!n || i >= n->nattrs)
        return false;
    *ns = n->attrs[i].ns;
    *name = n->attrs[i].name;
    *value = n->attrs[i].value;
    return true;
}

const xmlt_node *xmlt_first_child(const xmlt_node *n)
{
    return n ? n->first : NULL;
}

const xmlt_node *xmlt_next(const xmlt_node *n)
{
    return n ? n->next : NULL;
}

const xmlt_node *xmlt_parent(const xmlt_node *n)
{
    return n ? n->parent : NULL;
}

const xmlt_node *xmlt_child(const xmlt_node *n, const char *ns,
                            const char *name)
{
    for (const xmlt_node *c = n ? n->first : NULL; c; c = c->next)
        if (xmlt_is(c, ns, name))
            return c;
    return NULL;
}

const xmlt_node *xmlt_next_same(const xmlt_node *n)
{
    if (!n || !n->name)
        return NULL;
    for (const xmlt_node *c = n->next; c; c = c->next)
        if (c->name == n->name && c->ns == n->ns) /* interned */
            return c;
    return NULL;
}

const char *xmlt_text(const xmlt_node *n)
{
    return n ? n->text : NULL;
}

uint32_t xmlt_line(const xmlt_node *n)
{
    return n ? n->line : 0;
}

const xmlt_node *xmlt_walk_next(const xmlt_node *n, const xmlt_node *top,
                                bool skip_children)
{
    if (!skip_children && n->first)
        return n->first;
    while (n && n != top) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

char *xmlt_text_content(arena *a, const xmlt_node *n)
{
    if (!n)
        return arena_strdup(a, "");
    if (n->text)
        return arena_strdup(a, n->text);
    size_t len = 0;
    for (const xmlt_node *c = n->first ? n->first : NULL; c;
         c = xmlt_walk_next(c, n, false))
        if (c->text)
            len += strlen(c->text);
    char *out = arena_alloc(a, len + 1), *p = out;
    for (const xmlt_node *c = n->first; c; c = xmlt_walk_next(c, n, false))
        if (c->text) {
            size_t k = strlen(c->text);
            memcpy(p, c->text, k);
            p += k;
        }
    *p = '\0';
    return out;
}
