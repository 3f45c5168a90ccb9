/*
 * rollforward.c: this year's skeleton from last year's report (`arsrapport
 * new --fran`, issue 26 part 4). It works on the XML tree rather than the
 * model, so that the document keeps its shape, ids, comments and attribute
 * order; it lives in parse because libxml2 may be included nowhere else.
 *
 * What is kept, moved on and emptied:
 *
 *   - metadata: the period moves to the new one (--period, or last year's
 *     moved on by a year), datum by the same number of years; every year
 *     in titel and undertitel moves on by the difference D of the periods'
 *     first years; diarienummer and beslutad belong to last year's
 *     decision and are left out.
 *   - sections keep their headings (years moved on), ids and subsections;
 *     their paragraphs, lists and quotations become one placeholder
 *     paragraph ("XXX ...", which TEXT-01 flags) where the first of them
 *     stood. Tables, charts, images, key-figure tables (nyckeltal, whose
 *     ar moves on) and page breaks stay; a chart's alt text, which
 *     describes last year's figures, becomes a placeholder.
 *   - tables keep their caption, columns and header rows (years moved on),
 *     row labels (the text columns of a table with figures) and structure
 *     (groups, totals); figures and status cells are emptied, except:
 *       1. a column whose head, moved on, is exactly the head another
 *          column had last year takes that column's figures: "Utfall 2022"
 *          becomes "Utfall 2023" and gets last year's "Utfall 2023";
 *       2. a column headed "X fg år" (also "fg. år", "föreg. år",
 *          "föregående år") takes the figures of the one other column of
 *          the same type whose head begins with the word X ("Utfall fg år"
 *          gets "Utfall perioden") when D is 1.
 *     Both only when the new period is last year's moved on by whole years
 *     (a delårsrapport for januari–april has no use for januari–augusti's
 *     figures), only into and from columns without a formula, and never
 *     when two columns could be meant. Total rows are emptied (the tool
 *     computes them). A table with no figure columns (uppdrag, mål) is
 *     text: it keeps its head and one empty row.
 *
 * Years are four digits between 1900 and 2099, within ten years of last
 * year's period, not part of a longer number and not followed by ':' and a
 * digit (SFS 2001:453 is a law, not a year); an SIE table's perioder
 * (202601-202608) and a nyckeltal's ar move on too. Column ids
 * (budget2023) and data file names are names and stay as they are, so
 * formulas and charts keep working (next year's export is named by the
 * author).
 *
 * The tree is walked with loops over parent and sibling pointers, never
 * recursion (a document of any depth that the parser accepted is safe).
 */
#define _POSIX_C_SOURCE 200809L
#include "rollforward.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/arena.h"
#include "../common/msg.h"
#include "parse.h"
#include "xmlfile.h"

#define RF_NS "urn:arsrapport:1"
#define RF_MAX_COLUMNS 1000 /* past this, no figures are moved */

/* --- dates ---------------------------------------------------------------- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : n[m - 1];
}

bool rf_date_parse(const char *s, rf_date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
        return false;
    *out = (rf_date){y, m, d};
    return true;
}

/* date moved on by dy years; 29 February becomes the 28th in a common
 * year */
static rf_date date_add_years(rf_date t, int dy)
{
    t.y += dy;
    if (t.m == 2 && t.d == 29 && !leap(t.y))
        t.d = 28;
    return t;
}

static void date_text(char out[16], rf_date t)
{
    snprintf(out, 16, "%04d-%02d-%02d", t.y % 10000, t.m, t.d);
}

/* --- years in text ------------------------------------------------------- */

typedef struct {
    int lo, hi, delta; /* years in [lo, hi] move by delta */
} year_shift;

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum_ascii(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* s with every year moved on (malloc'd); NULL when nothing changed. */
static char *shift_years(const char *s, const year_shift *ys)
{
    if (!s || ys->delta == 0)
        return NULL;
    size_t n = strlen(s);
    char *out = NULL;
    for (size_t i = 0; i + 4 <= n; i++) {
        const unsigned char *p = (const unsigned char *)s + i;
        if (!is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]) ||
            !is_digit(p[3]))
            continue;
        if (i > 0 && is_alnum_ascii((unsigned char)s[i - 1]))
            continue;
        if (i + 4 < n && (is_digit(p[4]) || is_alnum_ascii(p[4]) ||
                          (p[4] == ':' && i + 5 < n && is_digit(p[5])))) {
            i += 3;
            continue;
        }
        int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
                (p[3] - '0');
        if (y < 1900 || y > 2099 || y < ys->lo || y > ys->hi ||
            y + ys->delta < 1000 || y + ys->delta > 9999)
            continue;
        if (!out)
            out = xstrdup(s);
        char four[16];
        snprintf(four, sizeof four, "%04d", y + ys->delta);
        memcpy(out + i, four, 4);
        i += 3;
    }
    return out;
}

/* SIE periods ("202601-202608", ÅÅÅÅMM) in attribute name of n with their
 * years moved on. */
static void shift_periods(xmlNode *n, const char *name, const year_shift *ys)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v || ys->delta == 0) {
        xmlFree(v);
        return;
    }
    char *t = xstrdup((const char *)v);
    size_t len = strlen(t);
    for (size_t i = 0; i < len;) {
        size_t k = i;
        while (k < len && is_digit((unsigned char)t[k]))
            k++;
        if (k - i == 6) {
            int y = (t[i] - '0') * 1000 + (t[i + 1] - '0') * 100 +
                    (t[i + 2] - '0') * 10 + (t[i + 3] - '0');
            if (y >= ys->lo && y <= ys->hi && y + ys->delta >= 1000 &&
                y + ys->delta <= 9999) {
                char four[16];
                snprintf(four, sizeof four, "%04d", y + ys->delta);
                memcpy(t + i, four, 4);
            }
        }
        i = k < len ? k + 1 : len;
    }
    xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)t);
    free(t);
    xmlFree(v);
}

/* Every text node below n (n included) with its years moved on. */
static void shift_text_below(xmlNode *n, const year_shift *ys)
{
    xmlNode *top = n;
    while (n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            char *t = shift_years((const char *)n->content, ys);
            if (t) {
                xmlNodeSetContent(n, (const xmlChar *)t);
                free(t);
            }
        }
        /* next in document order, staying below top; elements marked
         * (cells of figures) are not entered */
        if (n->children && n->type == XML_ELEMENT_NODE && !n->_private) {
            n = n->children;
            continue;
        }
        while (n != top && !n->next)
            n = n->parent;
        if (n == top)
            break;
        n = n->next;
    }
}

/* --- helpers ---------------------------------------------------------------
 */

static bool is_el(const xmlNode *n, const char *name)
{
    return xmlfile_is_el(n, RF_NS, name);
}

static void clear_children(xmlNode *n)
{
    xmlNode *c = n->children;
    while (c) {
        xmlNode *next = c->next;
        xmlUnlinkNode(c);
        xmlFreeNode(c);
        c = next;
    }
}

/* Unlinks and frees n with the blank text before it (the line it stood
 * on). */
static void remove_with_line(xmlNode *n)
{
    xmlNode *prev = n->prev;
    if (prev && prev->type == XML_TEXT_NODE && xmlIsBlankNode(prev)) {
        xmlUnlinkNode(prev);
        xmlFreeNode(prev);
    }
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

/* n's text with runs of white space made one space and trimmed
 * (malloc'd). */
static char *plain_text(const xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    const char *s = c ? (const char *)c : "";
    char *out = xmalloc(strlen(s) + 1), *o = out;
    bool space = false;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = o != out;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = false;
        *o++ = *s;
    }
    *o = '\0';
    xmlFree(c);
    return out;
}

/* --- tables ----------------------------------------------------------------
 */

typedef struct {
    char *head;   /* last year's head, plain */
    char *moved;  /* the head moved on */
    bool figures; /* belopp, tal, procent */
    bool emptied; /* figures or status: emptied unless from >= 0 */
    bool formula; /* a computed column */
    int from;     /* the column whose figures it takes, or -1 */
} rf_column;

/* "X fg år", "X fg. år", "X föreg. år", "X föregående år": the length of
 * X (without the space), or 0 when head is not one of them. */
static size_t previous_year_stem(const char *head)
{
    static const char *const tails[] = {" fg år", " fg. år", " föreg. år",
                                        " föregående år"};
    size_t n = strlen(head);
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        size_t k = strlen(tails[i]);
        if (n > k && strcasecmp(head + n - k, tails[i]) == 0)
            return n - k;
    }
    return 0;
}

/* Which column each column takes last year's figures from (the rules in
 * the opening comment). */
static void match_columns(rf_column *col, size_t n, int delta)
{
    for (size_t c = 0; c < n; c++) {
        rf_column *k = &col[c];
        if (!k->figures || k->formula)
            continue;
        int found = -1, count = 0;
        /* 1. the head moved on is another column's head of last year */
        if (strcmp(k->moved, k->head) != 0)
            for (size_t o = 0; o < n; o++)
                if (o != c && col[o].figures && !col[o].formula &&
                    strcmp(col[o].head, k->moved) == 0) {
                    found = (int)o;
                    count++;
                }
        /* 2. "X fg år" takes the one column headed "X ..." */
        size_t stem = previous_year_stem(k->head);
        if (count == 0 && stem > 0 && delta == 1)
            for (size_t o = 0; o < n; o++) {
                const char *h = col[o].head;
                if (o == c || !col[o].figures || col[o].formula ||
                    previous_year_stem(h) > 0 ||
                    strncasecmp(h, k->head, stem) != 0 ||
                    (h[stem] != '\0' && h[stem] != ' '))
                    continue;
                found = (int)o;
                count++;
            }
        k->from = count == 1 ? found : -1;
    }
}

/* One body row: figures emptied or taken from another column of the same
 * row (total rows: emptied); the emptied cells are marked so that their
 * text is not read as years. */
static void roll_row(xmlNode *row, rf_column *col, size_t n, bool total)
{
    xmlNode **at = xcalloc(n + 1, sizeof *at);
    size_t pos = 0;
    for (xmlNode *c = row->children; c; c = c->next) {
        if (!is_el(c, "cell"))
            continue;
        xmlChar *sp = xmlGetProp(c, (const xmlChar *)"spann");
        long span = sp ? strtol((const char *)sp, NULL, 10) : 1;
        xmlFree(sp);
        if (span < 1)
            span = 1;
        if (pos < n && span == 1)
            at[pos] = c;
        else if (pos < n && col[pos].emptied) {
            clear_children(c); /* a spanning cell of figures */
            c->_private = (void *)1;
        }
        pos += (size_t)span;
    }
    xmlNode **copy = xcalloc(n + 1, sizeof *copy);
    for (size_t k = 0; k < n; k++)
        if (!total && at[k] && col[k].from >= 0 && at[col[k].from])
            copy[k] = xmlDocCopyNodeList(row->doc, at[col[k].from]->children);
    for (size_t k = 0; k < n; k++) {
        if (!at[k] || !col[k].emptied)
            continue;
        clear_children(at[k]);
        if (copy[k])
            xmlAddChildList(at[k], copy[k]);
        at[k]->_private = (void *)1;
    }
    free(copy);
    free(at);
}

/* The next node after n in document order below top, not entering n. */
static xmlNode *next_skip(xmlNode *n, const xmlNode *top)
{
    while (n && n != top && !n->next)
        n = n->parent;
    return n && n != top ? n->next : NULL;
}

static void roll_table(xmlNode *t, int delta, const year_shift *ys,
                       bool move_figures)
{
    size_t n = 0;
    for (xmlNode *c = t->children; c; c = c->next)
        n += is_el(c, "kolumn");
    if (n == 0)
        return;
    rf_column *col = xcalloc(n, sizeof *col);
    size_t i = 0;
    bool any_figures = false;
    shift_periods(t, "perioder", ys); /* SIE: this year's periods */
    for (xmlNode *c = t->children; c; c = c->next) {
        if (!is_el(c, "kolumn"))
            continue;
        shift_periods(c, "perioder", ys);
        xmlChar *typ = xmlGetProp(c, (const xmlChar *)"typ");
        xmlChar *f = xmlGetProp(c, (const xmlChar *)"formel");
        const char *ty = typ ? (const char *)typ : "text";
        col[i].head = plain_text(c);
        col[i].moved = shift_years(col[i].head, ys);
        if (!col[i].moved)
            col[i].moved = xstrdup(col[i].head);
        col[i].figures = strcmp(ty, "belopp") == 0 || strcmp(ty, "tal") == 0 ||
                         strcmp(ty, "procent") == 0;
        col[i].emptied = col[i].figures || strcmp(ty, "status") == 0;
        col[i].formula = f != NULL;
        col[i].from = -1;
        any_figures |= col[i].figures;
        xmlFree(typ);
        xmlFree(f);
        i++;
    }
    if (move_figures && n <= RF_MAX_COLUMNS)
        match_columns(col, n, delta);
    bool first_row_kept = false;
    xmlNode *r = t->children;
    while (r) {
        if (r->type != XML_ELEMENT_NODE || is_el(r, "kolumn") ||
            is_el(r, "huvud") || is_el(r, "rubrik") || is_el(r, "kalla")) {
            r = next_skip(r, t);
            continue;
        }
        if (is_el(r, "grupp")) {
            if (!any_figures && first_row_kept) {
                xmlNode *next = next_skip(r, t);
                remove_with_line(r);
                r = next;
                continue;
            }
            r = r->children ? r->children : next_skip(r, t);
            continue;
        }
        if (!is_el(r, "rad") && !is_el(r, "summa")) {
            r = next_skip(r, t);
            continue;
        }
        xmlNode *next = next_skip(r, t);
        if (!any_figures) {
            /* a table of text: its head and one empty row */
            if (first_row_kept || !is_el(r, "rad")) {
                remove_with_line(r);
            } else {
                for (xmlNode *c = r->children; c; c = c->next)
                    if (is_el(c, "cell")) {
                        clear_children(c);
                        c->_private = (void *)1;
                    }
                first_row_kept = true;
            }
            r = next;
            continue;
        }
        xmlChar *typ = xmlGetProp(r, (const xmlChar *)"typ");
        bool heading = typ && strcmp((const char *)typ, "rubrik") == 0;
        xmlFree(typ);
        if (!heading)
            roll_row(r, col, n, is_el(r, "summa"));
        r = next;
    }
    for (i = 0; i < n; i++) {
        free(col[i].head);
        free(col[i].moved);
    }
    free(col);
}

/* --- the document ----------------------------------------------------------
 */

typedef struct {
    xmlDocPtr doc;
    const char *placeholder, *alt_placeholder;
} rf_ctx;

/* A paragraph, list or quotation directly in a section (or the root) is
 * replaced: the section's first by the placeholder, the rest dropped. */
static void roll_block(rf_ctx *x, xmlNode *b)
{
    xmlNode *parent = b->parent;
    if (!parent->_private) {
        xmlNode *p =
            xmlNewDocNode(x->doc, b->ns, (const xmlChar *)"stycke", NULL);
        xmlNodeAddContent(p, (const xmlChar *)x->placeholder);
        xmlAddPrevSibling(b, p);
        parent->_private = (void *)2;
    } else if (b->prev && b->prev->type == XML_TEXT_NODE &&
               xmlIsBlankNode(b->prev)) {
        xmlNode *blank = b->prev; /* the line it stood on goes too */
        xmlUnlinkNode(blank);
        xmlFreeNode(blank);
    }
    xmlUnlinkNode(b);
    xmlFreeNode(b);
}

static void roll_metadata(xmlNode *m, const rf_date *start, const rf_date *slut,
                          bool had_period, int delta, const year_shift *ys)
{
    xmlNode *c = m->children;
    while (c) {
        xmlNode *next = c->next;
        if (is_el(c, "titel") || is_el(c, "undertitel")) {
            shift_text_below(c, ys);
        } else if (is_el(c, "period") && start) {
            char a[16], b[16];
            date_text(a, *start);
            date_text(b, *slut);
            xmlSetProp(c, (const xmlChar *)"start", (const xmlChar *)a);
            xmlSetProp(c, (const xmlChar *)"slut", (const xmlChar *)b);
        } else if (is_el(c, "datum")) {
            xmlChar *v = xmlNodeGetContent(c);
            char *s = v ? plain_text(c) : NULL;
            rf_date d;
            if (s && rf_date_parse(s, &d)) {
                char t[16];
                date_text(t, date_add_years(d, delta));
                clear_children(c);
                xmlNodeAddContent(c, (const xmlChar *)t);
            }
            free(s);
            xmlFree(v);
        } else if (is_el(c, "diarienummer") || is_el(c, "beslutad")) {
            xmlNode *prev = c->prev;
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            /* the line it stood on goes too */
            if (prev && prev->type == XML_TEXT_NODE && next &&
                next->type == XML_TEXT_NODE) {
                xmlUnlinkNode(prev);
                xmlFreeNode(prev);
            }
        }
        c = next;
    }
    if (!had_period && start) {
        char a[16], b[16];
        date_text(a, *start);
        date_text(b, *slut);
        xmlNode *p = xmlNewChild(m, m->ns, (const xmlChar *)"period", NULL);
        xmlSetProp(p, (const xmlChar *)"start", (const xmlChar *)a);
        xmlSetProp(p, (const xmlChar *)"slut", (const xmlChar *)b);
    }
}

char *rollforward_file(const char *path, const char *schema_path,
                       const rf_date *new_start, const rf_date *new_slut,
                       diag_list *dl, size_t *len)
{
    /* a document: never taken as checked (no shipped name) */
    static const xmlfile_kind kind = {
        PARSE_MAX_FILE_SIZE, "XML-01",      "XML-05", MSG_RF_NOT_XML,
        MSG_RF_DOCTYPE,      MSG_RF_SCHEMA, NULL};
    xmlfile f;
    *len = 0;
    if (!xmlfile_load(&kind, path, schema_path, NULL, dl, &f))
        return NULL;
    xmlNode *root = xmlDocGetRootElement(f.doc);
    xmlNode *meta = NULL;
    for (xmlNode *c = root->children; c && !meta; c = c->next)
        if (is_el(c, "metadata"))
            meta = c;
    /* last year's period and the new one */
    rf_date old_start = {0}, old_slut = {0}, start, slut;
    bool had_period = false, has_datum = false;
    rf_date datum = {0};
    for (xmlNode *c = meta ? meta->children : NULL; c; c = c->next) {
        if (is_el(c, "period")) {
            xmlChar *a = xmlGetProp(c, (const xmlChar *)"start");
            xmlChar *b = xmlGetProp(c, (const xmlChar *)"slut");
            had_period = a && b && rf_date_parse((const char *)a, &old_start) &&
                         rf_date_parse((const char *)b, &old_slut);
            xmlFree(a);
            xmlFree(b);
        } else if (is_el(c, "datum")) {
            char *s = plain_text(c);
            has_datum = rf_date_parse(s, &datum);
            free(s);
        }
    }
    int base = had_period ? old_start.y : has_datum ? datum.y : 0;
    int delta;
    const rf_date *ps = NULL, *pe = NULL;
    if (new_start) {
        start = *new_start;
        slut = *new_slut;
        delta = base ? start.y - base : 0;
        ps = &start;
        pe = &slut;
    } else {
        delta = 1;
        if (had_period) {
            start = date_add_years(old_start, 1);
            slut = date_add_years(old_slut, 1);
            ps = &start;
            pe = &slut;
        }
    }
    /* figures move only when the new period is last year's moved on by
     * whole years */
    bool move = had_period && ps && delta != 0 &&
                date_add_years(old_start, delta).m == ps->m &&
                date_add_years(old_start, delta).d == ps->d &&
                date_add_years(old_slut, delta).m == pe->m &&
                date_add_years(old_slut, delta).d == pe->d &&
                old_slut.y - old_start.y == pe->y - ps->y;
    year_shift ys = {base ? base - 10 : 1900, base ? base + 10 : 2099, delta};
    xmlChar *lang = xmlNodeGetLang(root);
    msg_lang dl_lang =
        lang && strncmp((const char *)lang, "en", 2) == 0 ? LANG_EN : LANG_SV;
    rf_ctx x = {f.doc, msg_text(dl_lang, MSG_RF_PLACEHOLDER),
                msg_text(dl_lang, MSG_RF_ALT_PLACEHOLDER)};
    xmlFree(lang);
    if (meta)
        roll_metadata(meta, ps, pe, had_period, delta, &ys);
    /* sections: text blocks replaced, tables rolled, years in headings,
     * captions and alt texts moved on */
    xmlNode *n = root->children;
    while (n) {
        if (n->type != XML_ELEMENT_NODE || n == meta) {
            n = next_skip(n, root);
            continue;
        }
        bool in_section = n->parent == root || is_el(n->parent, "avsnitt");
        if (in_section &&
            (is_el(n, "stycke") || is_el(n, "lista") || is_el(n, "citat"))) {
            xmlNode *after = next_skip(n, root);
            roll_block(&x, n);
            n = after;
            continue;
        }
        if (is_el(n, "tabell")) {
            roll_table(n, delta, &ys, move);
            shift_text_below(n, &ys);
            n = next_skip(n, root);
            continue;
        }
        if (is_el(n, "rubrik")) {
            shift_text_below(n, &ys);
            n = next_skip(n, root);
            continue;
        }
        if (is_el(n, "nyckeltal")) {
            /* the years it takes from the Kolada file move on too */
            xmlChar *v = xmlGetProp(n, (const xmlChar *)"ar");
            char *t = v ? shift_years((const char *)v, &ys) : NULL;
            if (t)
                xmlSetProp(n, (const xmlChar *)"ar", (const xmlChar *)t);
            free(t);
            xmlFree(v);
        }
        if (is_el(n, "diagram"))
            /* it describes last year's figures */
            xmlSetProp(n, (const xmlChar *)"alt",
                       (const xmlChar *)x.alt_placeholder);
        n = n->children ? n->children : next_skip(n, root);
    }
    /* processing instructions before the root (test lines, an old
     * xml-model) are last year's */
    for (xmlNode *c = f.doc->children; c;) {
        xmlNode *next = c->next;
        if (c->type == XML_PI_NODE) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
        c = next;
    }
    xmlChar *out = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(f.doc, &out, &size, "UTF-8");
    char *text = NULL;
    if (out && size > 0) {
        text = xmalloc((size_t)size + 1);
        memcpy(text, out, (size_t)size);
        text[size] = '\0';
        *len = (size_t)size;
    }
    xmlFree(out);
    xmlfile_close(&f);
    return text;
}
