/*
 * schema_hints.c: the schema's names per place, and the pass that names
 * what is wrong with the closest right thing (schema_hints.h).
 *
 * Reading the schema: every <element name="..."> is an entry; its content
 * is walked (through <ref> to the <define>s, never into a nested
 * <element>) collecting the child elements' names, the attributes' names
 * and, for each attribute, its <value>s; an attribute whose content has
 * anything but values (<data>, <text>, <list>) has an open set of values
 * and is not checked here. The walks use explicit stacks and visit each
 * definition at most once per element, so a recursive grammar ends.
 */
#include "schema_hints.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/editdist.h"

#define RNG_NS "http://relaxng.org/ns/structure/1.0"

typedef struct {
    char *name;
    char **values; /* the closed list of values; NULL when open */
    size_t nvalues;
    bool open;
} sh_attr;

typedef struct {
    char *name;
    char **children;
    size_t nchildren;
    sh_attr *attrs;
    size_t nattrs;
} sh_elem;

struct schema_hints {
    sh_elem *elems;
    size_t nelems;
    char **all; /* every element name, for names unknown at a place */
    size_t nall;
};

/* --- reading the schema -------------------------------------------------- */

static bool rng_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, RNG_NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static char *prop(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    if (!v)
        return NULL;
    /* names in the schema are tokens: trimmed */
    const char *s = (const char *)v;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    size_t len = strlen(s);
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n'))
        len--;
    char *out = xmalloc(len + 1);
    memcpy(out, s, len);
    out[len] = '\0';
    xmlFree(v);
    return out;
}

static bool has(char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

static void add_name(char ***list, size_t *n, const char *s)
{
    if (has(*list, *n, s))
        return;
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = xstrdup(s);
}

/* The <define>s of the grammar (a name may be defined in parts). */
typedef struct {
    const xmlNode **defs;
    size_t n;
} define_table;

/* The node after n in document order inside root (into n's children when
 * descend), or NULL at the end. */
static const xmlNode *next_in_order(const xmlNode *n, const xmlNode *root,
                                    bool descend)
{
    if (descend && n->children)
        return n->children;
    while (n && n != root && !n->next)
        n = n->parent;
    return !n || n == root ? NULL : n->next;
}

static void collect_defines(const xmlNode *root, define_table *t)
{
    for (const xmlNode *n = root; n;) {
        bool def = rng_is(n, "define");
        if (def) {
            t->defs = xrealloc(t->defs, (t->n + 1) * sizeof *t->defs);
            t->defs[t->n++] = n;
        }
        n = next_in_order(n, root, !def);
    }
}

/* A stack of schema nodes whose children are still to be walked, with
 * the definitions already entered. */
typedef struct {
    const xmlNode **s;
    size_t n, cap;
    const xmlNode **seen;
    size_t nseen;
} walk;

static void walk_push(walk *w, const xmlNode *n)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 32;
        w->s = xrealloc(w->s, w->cap * sizeof *w->s);
    }
    w->s[w->n++] = n;
}

/* Pushes the children of n so that they are popped in document order. */
static void walk_children(walk *w, const xmlNode *n)
{
    const xmlNode *c = n->children;
    if (!c)
        return;
    while (c->next)
        c = c->next;
    for (; c; c = c->prev)
        walk_push(w, c);
}

/* Pushes the content of every define named name not yet entered. */
static void walk_ref(walk *w, const define_table *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++) {
        char *dn = prop(t->defs[i], "name");
        bool match = dn && strcmp(dn, name) == 0;
        free(dn);
        if (!match)
            continue;
        bool seen = false;
        for (size_t k = 0; k < w->nseen && !seen; k++)
            seen = w->seen[k] == t->defs[i];
        if (seen)
            continue;
        w->seen = xrealloc(w->seen, (w->nseen + 1) * sizeof *w->seen);
        w->seen[w->nseen++] = t->defs[i];
        walk_children(w, t->defs[i]);
    }
}

static void walk_free(walk *w)
{
    free(w->s);
    free(w->seen);
}

/* The values an attribute allows, from its content. */
static void read_attr_values(const xmlNode *attr, const define_table *t,
                             sh_attr *a)
{
    walk w = {0};
    walk_children(&w, attr);
    bool any = false;
    while (w.n > 0) {
        const xmlNode *n = w.s[--w.n];
        if (n->type != XML_ELEMENT_NODE || !n->ns || !n->ns->href ||
            strcmp((const char *)n->ns->href, RNG_NS) != 0)
            continue; /* text, comments, annotations */
        if (rng_is(n, "value")) {
            xmlChar *v = xmlNodeGetContent(n);
            const char *s = v ? (const char *)v : "";
            while (*s == ' ' || *s == '\n' || *s == '\t')
                s++;
            char buf[256];
            snprintf(buf, sizeof buf, "%s", s);
            size_t k = strlen(buf);
            while (k > 0 && (buf[k - 1] == ' ' || buf[k - 1] == '\n' ||
                             buf[k - 1] == '\t'))
                buf[--k] = '\0';
            add_name(&a->values, &a->nvalues, buf);
            xmlFree(v);
            any = true;
        } else if (rng_is(n, "ref")) {
            char *r = prop(n, "name");
            if (r)
                walk_ref(&w, t, r);
            free(r);
        } else if (rng_is(n, "choice")) {
            walk_children(&w, n);
        } else {
            a->open = true; /* data, text, list, anything else */
        }
    }
    if (!any)
        a->open = true;
    walk_free(&w);
}

static sh_elem *elem_get(schema_hints *h, const char *name)
{
    for (size_t i = 0; i < h->nelems; i++)
        if (strcmp(h->elems[i].name, name) == 0)
            return &h->elems[i];
    h->elems = xrealloc(h->elems, (h->nelems + 1) * sizeof *h->elems);
    sh_elem *e = &h->elems[h->nelems++];
    memset(e, 0, sizeof *e);
    e->name = xstrdup(name);
    add_name(&h->all, &h->nall, name);
    return e;
}

static void read_element(schema_hints *h, const xmlNode *el,
                         const define_table *t)
{
    char *name = prop(el, "name");
    if (!name)
        return; /* a name class: nothing to suggest from */
    /* the entry may move when others are added: found again by index */
    size_t idx = (size_t)(elem_get(h, name) - h->elems);
    walk w = {0};
    walk_children(&w, el);
    while (w.n > 0) {
        const xmlNode *n = w.s[--w.n];
        if (n->type != XML_ELEMENT_NODE || !n->ns || !n->ns->href ||
            strcmp((const char *)n->ns->href, RNG_NS) != 0)
            continue;
        if (rng_is(n, "element")) {
            char *cn = prop(n, "name");
            if (cn) {
                elem_get(h, cn);
                sh_elem *e = &h->elems[idx];
                add_name(&e->children, &e->nchildren, cn);
            }
            free(cn);
        } else if (rng_is(n, "attribute")) {
            char *an = prop(n, "name");
            if (an) {
                sh_elem *e = &h->elems[idx];
                sh_attr *a = NULL;
                for (size_t i = 0; i < e->nattrs; i++)
                    if (strcmp(e->attrs[i].name, an) == 0)
                        a = &e->attrs[i];
                if (!a) {
                    e->attrs =
                        xrealloc(e->attrs, (e->nattrs + 1) * sizeof *e->attrs);
                    a = &e->attrs[e->nattrs++];
                    memset(a, 0, sizeof *a);
                    a->name = xstrdup(an);
                }
                read_attr_values(n, t, a);
            }
            free(an);
        } else if (rng_is(n, "ref") || rng_is(n, "parentRef")) {
            char *r = prop(n, "name");
            if (r)
                walk_ref(&w, t, r);
            free(r);
        } else {
            walk_children(&w, n);
        }
    }
    free(name);
    walk_free(&w);
}

schema_hints *schema_hints_new(const char *text, size_t len)
{
    if (!text || len == 0 || len > (1u << 22))
        return NULL;
    xmlDocPtr doc = xmlReadMemory(text, (int)len, "rapport.rng", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    if (!doc)
        return NULL;
    xmlNode *root = xmlDocGetRootElement(doc);
    schema_hints *h = xcalloc(1, sizeof *h);
    define_table t = {0};
    if (root)
        collect_defines(root, &t);
    /* every <element> of the schema, in document order */
    for (const xmlNode *n = root; n; n = next_in_order(n, root, true))
        if (rng_is(n, "element"))
            read_element(h, n, &t);
    free(t.defs);
    xmlFreeDoc(doc);
    return h;
}

void schema_hints_free(schema_hints *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->nelems; i++) {
        sh_elem *e = &h->elems[i];
        for (size_t k = 0; k < e->nchildren; k++)
            free(e->children[k]);
        free(e->children);
        for (size_t k = 0; k < e->nattrs; k++) {
            for (size_t v = 0; v < e->attrs[k].nvalues; v++)
                free(e->attrs[k].values[v]);
            free(e->attrs[k].values);
            free(e->attrs[k].name);
        }
        free(e->attrs);
        free(e->name);
    }
    free(h->elems);
    for (size_t i = 0; i < h->nall; i++)
        free(h->all[i]);
    free(h->all);
    free(h);
}

static const sh_elem *elem_find(const schema_hints *h, const char *name)
{
    for (size_t i = 0; i < h->nelems; i++)
        if (strcmp(h->elems[i].name, name) == 0)
            return &h->elems[i];
    return NULL;
}

/* names joined by ", " into out, "<a>" style when angle. */
static void join(char *const *names, size_t n, bool angle, char *out,
                 size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        int k = snprintf(out + o, cap - o, "%s%s%s%s", i ? ", " : "",
                         angle ? "<" : "", names[i], angle ? ">" : "");
        if (k < 0 || (size_t)k >= cap - o) {
            out[o] = '\0';
            break;
        }
        o += (size_t)k;
    }
}

bool schema_hints_children(const schema_hints *h, const char *name, char *out,
                           size_t n)
{
    const sh_elem *e = h ? elem_find(h, name) : NULL;
    if (!e)
        return false;
    join(e->children, e->nchildren, true, out, n);
    return true;
}

/* --- the pass over a document ------------------------------------------- */

typedef struct {
    const schema_hints *h;
    const char *file;
    const char *rule;
    schema_hint_pos_fn pos;
    void *pos_ctx;
    diag_list *dl;
    size_t max, count;
    schema_hint_found *found;
    size_t nfound;
} pass;

static void note(pass *p, const xmlNode *n, const char *attr,
                 const char *suggestion)
{
    p->found = xrealloc(p->found, (p->nfound + 1) * sizeof *p->found);
    p->found[p->nfound++] = (schema_hint_found){n, attr, suggestion};
}

static diag *say(pass *p, const xmlNode *n, msg_key key, const char *a,
                 const char *b, const char *c)
{
    uint32_t line = 0, col = 0;
    p->pos(p->pos_ctx, n, &line, &col);
    p->count++;
    return diag_add(p->dl, DIAG_ERROR, p->file, line, col, p->rule, key, a, b,
                    c);
}

static const char *value_trimmed(const char *v, char *buf, size_t cap)
{
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
        v++;
    snprintf(buf, cap, "%s", v);
    size_t k = strlen(buf);
    while (k > 0 && (buf[k - 1] == ' ' || buf[k - 1] == '\t' ||
                     buf[k - 1] == '\n' || buf[k - 1] == '\r'))
        buf[--k] = '\0';
    return buf;
}

static void check_attrs(pass *p, const xmlNode *n, const sh_elem *e)
{
    for (const xmlAttr *a = n->properties; a && p->count < p->max;
         a = a->next) {
        char name[128];
        if (a->ns && a->ns->prefix &&
            strcmp((const char *)a->ns->prefix, "xml") == 0)
            snprintf(name, sizeof name, "xml:%s", (const char *)a->name);
        else if (a->ns)
            continue; /* another vocabulary's: the schema says */
        else
            snprintf(name, sizeof name, "%s", (const char *)a->name);
        const sh_attr *sa = NULL;
        for (size_t i = 0; i < e->nattrs; i++)
            if (strcmp(e->attrs[i].name, name) == 0)
                sa = &e->attrs[i];
        if (!sa) {
            const char **names = xmalloc((e->nattrs + 1) * sizeof *names);
            for (size_t i = 0; i < e->nattrs; i++)
                names[i] = e->attrs[i].name;
            const char *near = edit_nearest(name, names, e->nattrs);
            free(names);
            diag *d = say(p, n, MSG_SH_UNKNOWN_ATTR, name,
                          (const char *)n->name, NULL);
            if (near) {
                diag_hint(p->dl, d, MSG_SH_ATTR_MEAN, near);
            } else if (e->nattrs > 0) {
                char list[512];
                char **an = xmalloc(e->nattrs * sizeof *an);
                for (size_t i = 0; i < e->nattrs; i++)
                    an[i] = e->attrs[i].name;
                join(an, e->nattrs, false, list, sizeof list);
                free(an);
                diag_hint(p->dl, d, MSG_SH_ATTR_LIST, (const char *)n->name,
                          list);
            } else {
                diag_hint(p->dl, d, MSG_SH_ATTR_NONE, (const char *)n->name);
            }
            note(p, n, (const char *)a->name, near);
            continue;
        }
        if (sa->open || sa->nvalues == 0)
            continue;
        xmlChar *raw = xmlNodeListGetString(n->doc, a->children, 1);
        char vbuf[256];
        const char *v =
            value_trimmed(raw ? (const char *)raw : "", vbuf, sizeof vbuf);
        if (!has(sa->values, sa->nvalues, v)) {
            char list[512];
            join(sa->values, sa->nvalues, false, list, sizeof list);
            const char *near =
                edit_nearest(v, (const char *const *)sa->values, sa->nvalues);
            diag *d =
                say(p, n, MSG_SH_BAD_VALUE, v, name, (const char *)n->name);
            if (near)
                diag_hint(p->dl, d, MSG_SH_VALUE_MEAN, near, list);
            else
                diag_hint(p->dl, d, MSG_SH_VALUE_LIST, list);
            note(p, n, (const char *)a->name, near);
        }
        xmlFree(raw);
    }
}

void schema_hints_check(const schema_hints *h, const xmlNode *root,
                        const char *ns, const char *file, const char *rule,
                        schema_hint_pos_fn pos, void *pos_ctx, diag_list *dl,
                        size_t max, schema_hint_found **found, size_t *nfound)
{
    *found = NULL;
    *nfound = 0;
    if (!h || !root)
        return;
    pass p = {h, file, rule, pos, pos_ctx, dl, max, 0, NULL, 0};
    const xmlNode *n = root;
    while (n && p.count < p.max) {
        bool descend = false;
        if (n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
            strcmp((const char *)n->ns->href, ns) == 0) {
            const char *name = (const char *)n->name;
            const sh_elem *e = elem_find(h, name);
            const xmlNode *par = n->parent;
            const sh_elem *pe =
                n != root && par && par->type == XML_ELEMENT_NODE
                    ? elem_find(h, (const char *)par->name)
                    : NULL;
            if (n != root && pe && !has(pe->children, pe->nchildren, name)) {
                /* a name allowed in some other place is a matter of
                 * structure, which the validator itself says; unknown
                 * names are ours */
                const char *near = edit_nearest(
                    name, (const char *const *)pe->children, pe->nchildren);
                if (!near && !e)
                    near = edit_nearest(name, (const char *const *)h->all,
                                        h->nall);
                if (!e || near) {
                    diag *d =
                        say(&p, n, e ? MSG_SH_ELEM_NOT_IN : MSG_SH_UNKNOWN_ELEM,
                            name, (const char *)par->name, NULL);
                    char list[768];
                    if (near)
                        diag_hint(dl, d, MSG_SH_ELEM_MEAN, near);
                    else if (pe->nchildren > 0) {
                        join(pe->children, pe->nchildren, true, list,
                             sizeof list);
                        diag_hint(dl, d, MSG_SH_ELEM_LIST,
                                  (const char *)par->name, list);
                    }
                    note(&p, n, NULL, near);
                }
                descend = e != NULL && !near;
            } else if (e) {
                check_attrs(&p, n, e);
                descend = true;
            }
        }
        if (descend && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next)
            n = n->parent;
        if (!n || n == root)
            break;
        n = n->next;
    }
    *found = p.found;
    *nfound = p.nfound;
}

bool schema_hints_covers(const schema_hint_found *found, size_t nfound,
                         const xmlError *e)
{
    const xmlNode *n = e->node;
    if (nfound == 0)
        return false;
    /* libxml2's general follow-ups ("failed to validate attributes",
     * "extra element in interleave") carry an unreliable node or none:
     * after a precise message they only repeat it */
    if (e->code == XML_RELAXNG_ERR_ATTRVALID ||
        e->code == XML_RELAXNG_ERR_CONTENTVALID ||
        (!n && (e->code == XML_RELAXNG_ERR_INTEREXTRA ||
                e->code == XML_RELAXNG_ERR_INTERSEQ)))
        return true;
    if (!n)
        return false;
    for (size_t i = 0; i < nfound; i++) {
        const schema_hint_found *f = &found[i];
        if (f->node == n)
            return true;
        if (f->attr || f->node->parent != n)
            continue;
        switch (e->code) {
        case XML_RELAXNG_ERR_NOELEM:
            if (!f->suggestion || !e->str1 ||
                strcmp(f->suggestion, (const char *)e->str1) == 0)
                return true;
            break;
        case XML_RELAXNG_ERR_CONTENTVALID:
        case XML_RELAXNG_ERR_EXTRACONTENT:
        case XML_RELAXNG_ERR_INTERSEQ:
        case XML_RELAXNG_ERR_INTEREXTRA:
        case XML_RELAXNG_ERR_INTERNODATA:
        case XML_RELAXNG_ERR_NOSTATE:
        case XML_RELAXNG_ERR_ELEMNAME:
            return true;
        default:
            break;
        }
    }
    return false;
}
