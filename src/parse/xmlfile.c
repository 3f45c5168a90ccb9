/*
 * xmlfile.c: see xmlfile.h.
 */
#include "xmlfile.h"

#include <errno.h>
#include <libxml/parser.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/pathpolicy.h"
#include "schema_hints.h"
#include "shipped.h"
#include "xmlerr.h"

void xmlfile_on_error(void *ctx, xmlErrorPtr e)
{
    xmlfile_err *k = ctx;
    if (!e || e->level == XML_ERR_WARNING || k->errors >= 20)
        return;
    if (schema_hints_covers(k->hinted, k->nhinted, e))
        return;
    k->errors++;
    /* described from the code, in the user's language: libxml2's own
     * text is English */
    char msg[512];
    xmlerr_text(e, diag_list_lang(k->dl), msg, sizeof msg);
    int line = e->line;
    if (line <= 0 && e->node)
        line = (int)xmlGetLineNo((xmlNode *)e->node);
    int col = e->int2 > 0 && !e->node ? e->int2 : 0;
    diag_add(k->dl, DIAG_ERROR, k->path, (uint32_t)(line > 0 ? line : 0),
             (uint32_t)col, k->rule, k->key, msg);
}

/* Lines only: libxml2 keeps no columns of the tree's nodes. */
static void hint_pos(void *ctx, const xmlNode *n, uint32_t *line, uint32_t *col)
{
    (void)ctx;
    long l = xmlGetLineNo((xmlNode *)n);
    *line = l > 0 ? (uint32_t)l : 0;
    *col = 0;
}

char *xmlfile_read(const char *path, size_t max, const char *rule, size_t *size,
                   diag_list *dl)
{
    bool irregular; /* a FIFO would block forever: refused */
    FILE *f = open_regular_file(path, &irregular);
    if (!f && irregular) {
        diag *x =
            diag_add(dl, DIAG_ERROR, path, 0, 0, rule, MSG_FILE_NOT_REGULAR);
        diag_hint(dl, x, MSG_FILE_NOT_REGULAR_HINT);
        return NULL;
    }
    if (!f) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, rule, MSG_FILE_OPEN,
                 msg_errno(diag_list_lang(dl), errno));
        return NULL;
    }
    /* a buffer of the file's size, not of the limit (4 MB for each rule
     * file and schema read, issue 25) */
    size_t n;
    int err;
    char *buf = read_capped(f, max, &n, &err);
    /* a folder opens but cannot be read (EISDIR): say so, rather than
     * "the document is empty" */
    fclose(f);
    if (err) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, rule, MSG_FILE_OPEN,
                 msg_errno(diag_list_lang(dl), err));
        free(buf);
        return NULL;
    }
    if (n > max) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, rule, MSG_FILE_TOO_BIG,
                 (unsigned)(max / (1024u * 1024u)));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *size = n;
    return buf;
}

xmlRelaxNGPtr xmlfile_schema(const char *schema_path, size_t max,
                             xmlfile_err *k)
{
    size_t size;
    char *text = xmlfile_read(schema_path, max, k->rule, &size, k->dl);
    if (!text)
        return NULL;
    xmlRelaxNGPtr schema = NULL;
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(text, (int)size);
    if (pc) {
        k->path = schema_path;
        xmlRelaxNGSetParserStructuredErrors(pc, xmlfile_on_error, k);
        schema = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    free(text);
    return schema;
}

bool xmlfile_is_el(const xmlNode *n, const char *ns, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, ns) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

const char *xmlfile_attr(arena *a, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    const char *out = arena_strdup(a, (const char *)v);
    xmlFree(v);
    return out;
}

xmlfile_schema_cache *xmlfile_schema_cache_new(void)
{
    return xcalloc(1, sizeof(xmlfile_schema_cache));
}

static void cache_clear(xmlfile_schema_cache *c)
{
    if (c->schema)
        xmlRelaxNGFree(c->schema);
    c->schema = NULL;
    schema_hints_free(c->hints);
    c->hints = NULL;
    free(c->path);
    c->path = NULL;
}

void xmlfile_schema_cache_free(xmlfile_schema_cache *c)
{
    if (!c)
        return;
    cache_clear(c);
    free(c);
}

static xmlRelaxNGPtr cached_schema(const xmlfile_kind *kind,
                                   xmlfile_schema_cache *c,
                                   const char *schema_path, xmlfile_err *k)
{
    if (c->schema && strcmp(c->path, schema_path) == 0)
        return c->schema;
    cache_clear(c);
    c->schema = xmlfile_schema(schema_path, kind->max, k);
    if (c->schema) {
        c->path = xstrdup(schema_path);
        size_t size;
        char *text =
            xmlfile_read(schema_path, kind->max, k->rule, &size, k->dl);
        c->hints = text ? schema_hints_new(text, size) : NULL;
        free(text);
    }
    return c->schema;
}

bool xmlfile_load(const xmlfile_kind *kind, const char *path,
                  const char *schema_path, xmlfile_schema_cache *cache,
                  diag_list *dl, xmlfile *out)
{
    memset(out, 0, sizeof *out);
    size_t size;
    char *buf = xmlfile_read(path, kind->max, kind->read_rule, &size, dl);
    if (!buf)
        return false;
    return xmlfile_load_buffer(kind, path, buf, size, schema_path, cache, dl,
                               out);
}

bool xmlfile_load_memory(const xmlfile_kind *kind, const char *path,
                         const char *data, size_t size, const char *schema_path,
                         xmlfile_schema_cache *cache, diag_list *dl,
                         xmlfile *out)
{
    char *buf = xmalloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    return xmlfile_load_buffer(kind, path, buf, size, schema_path, cache, dl,
                               out);
}

bool xmlfile_load_buffer(const xmlfile_kind *kind, const char *path, char *buf,
                         size_t size, const char *schema_path,
                         xmlfile_schema_cache *cache, diag_list *dl,
                         xmlfile *out)
{
    memset(out, 0, sizeof *out);
    if (size > kind->max || size > INT_MAX) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, kind->read_rule, MSG_FILE_TOO_BIG,
                 (unsigned)(kind->max / (1024u * 1024u)));
        free(buf);
        return false;
    }
    xmlfile_err k = {dl, path, kind->read_rule, kind->not_xml, 0, NULL, 0};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        die_oom();
    xmlSetStructuredErrorFunc(&k, xmlfile_on_error);
    /* no NOENT, no DTDLOAD: entities stay unexpanded and nothing is
     * fetched; NONET besides */
    xmlDocPtr xdoc = xmlCtxtReadMemory(ctxt, buf, (int)size, path, "UTF-8",
                                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                                           XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(ctxt);
    bool ok = false;
    if (xdoc && xdoc->intSubset) {
        diag_add(dl, DIAG_ERROR, path,
                 (uint32_t)xmlGetLineNo((xmlNode *)xdoc->intSubset), 0,
                 kind->read_rule, kind->doctype);
    } else if (xdoc && k.errors == 0 && kind->shipped &&
               shipped_checked(kind->shipped, buf, size)) {
        ok = true; /* these bytes passed the schema when the program was
                      built (shipped.h) */
    } else if (xdoc && k.errors == 0) {
        k.rule = kind->schema_rule;
        k.key = kind->not_valid;
        /* no cache: the schema is compiled for this file only */
        xmlfile_schema_cache once = {0};
        xmlfile_schema_cache *c = cache ? cache : &once;
        xmlRelaxNGPtr schema = cached_schema(kind, c, schema_path, &k);
        k.path = path;
        int v = -1;
        /* names and values checked against the schema's tables first, so
         * that each gets the name or values meant; libxml2's error at the
         * same place is then dropped */
        schema_hint_found *found = NULL;
        size_t nfound = 0;
        xmlNode *root = xmlDocGetRootElement(xdoc);
        if (schema && c->hints && root && root->ns && root->ns->href)
            schema_hints_check(c->hints, root, (const char *)root->ns->href,
                               path, kind->schema_rule, hint_pos, NULL, dl, 20,
                               &found, &nfound);
        k.errors += (int)nfound;
        k.hinted = found;
        k.nhinted = nfound;
        if (schema) {
            xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
            xmlRelaxNGSetValidStructuredErrors(vc, xmlfile_on_error, &k);
            xmlSetStructuredErrorFunc(&k, xmlfile_on_error);
            v = xmlRelaxNGValidateDoc(vc, xdoc);
            xmlSetStructuredErrorFunc(NULL, NULL);
            xmlRelaxNGFreeValidCtxt(vc);
        }
        free(found);
        k.hinted = NULL;
        k.nhinted = 0;
        cache_clear(&once);
        if (v == 0 && k.errors == 0)
            ok = true;
        else if (k.errors == 0)
            diag_add(dl, DIAG_ERROR, path, 0, 0, kind->schema_rule,
                     kind->not_valid, "?");
    } else if (k.errors == 0) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, kind->read_rule, kind->not_xml,
                 "?");
    }
    if (!ok) {
        if (xdoc)
            xmlFreeDoc(xdoc);
        free(buf);
        return false;
    }
    out->doc = xdoc;
    out->buf = buf;
    out->size = size;
    return true;
}

void xmlfile_close(xmlfile *f)
{
    if (f->doc)
        xmlFreeDoc(f->doc);
    free(f->buf);
    memset(f, 0, sizeof *f);
}
