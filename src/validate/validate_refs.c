/*
 * validate_refs.c: checks a careful reader makes.
 *
 * Written references. A text that says "se avsnitt 4.2", "tabell 3",
 * "figur 2", "punkt 8.5.2" or "sidan 12" names a number the tool
 * computes; the number is checked against the document's numbering
 * (doc_number): no such section, table or figure, or a number that is
 * another kind of thing, is an error (REF-04); a right number is a
 * warning (REF-05) since it will not follow when sections move, with the
 * hint to use ref till, naming the target's id when it has one. Pages
 * are not known before layout: a written page number is a warning. Words
 * that refer to a law ("9 kap. 9 §", "kapitel 3 i kommunallagen") and
 * figures ("19.7%") are left alone.
 *
 * Repeated text. A paragraph or list item of at least eight words that is
 * word for word the same as an earlier one is a warning (TEXT-05) naming
 * the earlier one's line: the same recommendation twice in one list.
 *
 * Broken ids. For REF-01 and REF-03, the ids of the right kind that exist
 * are named, the nearest first ("menade du").
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/editdist.h"
#include "validate_internal.h"

/* --- ids of the right kind ----------------------------------------------- */

void refs_hint_ids(const doc *d, diag_list *dl, diag *x, const char *id,
                   bool tables_only)
{
    const char *names[64];
    size_t n = 0;
    char list[600];
    size_t o = 0;
    list[0] = '\0';
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *c; doc_iter_enter(&it, &c) && n < 64;) {
        doc_kind k = doc_node_kind(c);
        bool fits = tables_only ? k == DOC_TABLE
                                : k == DOC_SECTION || k == DOC_TABLE ||
                                      k == DOC_CHART || k == DOC_IMAGE;
        const char *cid = fits ? doc_node_attr(c, "id") : NULL;
        if (!cid)
            continue;
        names[n++] = cid;
        if (o + strlen(cid) + 8 < sizeof list)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s\"%s\"",
                                  o ? ", " : "", cid);
        else if (o + 6 < sizeof list && list[o - 1] != '.')
            o += (size_t)snprintf(list + o, sizeof list - o, ", …");
    }
    const char *near = id ? edit_nearest(id, names, n) : NULL;
    if (near)
        diag_hint(dl, x, MSG_REFS_ID_MEAN, near, list);
    else if (n > 0)
        diag_hint(dl, x, MSG_REFS_ID_LIST, list);
    else
        diag_hint(dl, x, MSG_REFS_ID_NONE);
}

/* --- written references ---------------------------------------------------
 */

typedef enum { W_SECTION, W_TABLE, W_FIGURE, W_PAGE } wkind;

static const struct {
    const char *word; /* lower case, as written */
    unsigned char len;
    wkind kind;
} words[] = {
    {"avsnitt", 7, W_SECTION}, {"avsnitten", 9, W_SECTION},
    {"kapitel", 7, W_SECTION}, {"punkt", 5, W_SECTION},
    {"tabell", 6, W_TABLE},    {"tabellerna", 10, W_TABLE},
    {"figur", 5, W_FIGURE},    {"diagram", 7, W_FIGURE},
    {"bild", 4, W_FIGURE},     {"sidan", 5, W_PAGE},
    {"sidorna", 7, W_PAGE},    {"sid.", 4, W_PAGE},
    {"s.", 2, W_PAGE},
};

/* The words (bits of the indexes into words[]) a byte can begin, in
 * either case: a text is scanned once, and only at the start of a word
 * beginning with one of these letters are the words compared. */
#define W_BIT(i) (1u << (i))
static const uint16_t first_byte[256] = {
    ['a'] = W_BIT(0) | W_BIT(1),
    ['A'] = W_BIT(0) | W_BIT(1),
    ['k'] = W_BIT(2),
    ['K'] = W_BIT(2),
    ['p'] = W_BIT(3),
    ['P'] = W_BIT(3),
    ['t'] = W_BIT(4) | W_BIT(5),
    ['T'] = W_BIT(4) | W_BIT(5),
    ['f'] = W_BIT(6),
    ['F'] = W_BIT(6),
    ['d'] = W_BIT(7),
    ['D'] = W_BIT(7),
    ['b'] = W_BIT(8),
    ['B'] = W_BIT(8),
    ['s'] = W_BIT(9) | W_BIT(10) | W_BIT(11) | W_BIT(12),
    ['S'] = W_BIT(9) | W_BIT(10) | W_BIT(11) | W_BIT(12),
};

/* s[0..n) equals the lower-case ASCII word w in any ASCII case (as
 * strncasecmp in the C locale, without its call per position). */
static bool same_word(const char *s, const char *w, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)w[k])
            return false;
    }
    return true;
}

/* A letter, or a byte of a multi-byte character (isalpha in the C locale,
 * the program's): A-Z, a-z and 0x80-0xFF. A table: every byte of every
 * text a reader reads is looked up. */
static const unsigned char letter_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static bool is_letter_byte(unsigned char c)
{
    return letter_byte[c];
}

/* Words after the number that make it a law's or a figure's. */
static bool not_a_reference(const char *after, size_t len)
{
    static const char *const law[] = {"lag", "balk",  "förordning",
                                      "sfs", "§",     "kap.",
                                      "rkr", "sosfs", "föreskrift"};
    if (len > 0 && after[0] == '%')
        return true;
    if (len > 1 && after[0] == ',' && isdigit((unsigned char)after[1]))
        return true; /* a decimal figure, "3,5" */
    if (len > 1 && after[0] == ' ' && (after[1] == '%' || after[1] == '-'))
        return true;
    if (len >= 3 && (unsigned char)after[0] == 0xC2 &&
        (unsigned char)after[1] == 0xA0 && after[2] == '%')
        return true;
    char win[64];
    size_t n = len < sizeof win - 1 ? len : sizeof win - 1;
    for (size_t i = 0; i < n; i++)
        win[i] = (char)tolower((unsigned char)after[i]);
    win[n] = '\0';
    for (size_t i = 0; i < sizeof law / sizeof *law; i++)
        if (strstr(win, law[i]))
            return true;
    return false;
}

typedef struct {
    doc *d;
    diag_list *dl;
    const doc_node **sections; /* numbered sections, in order */
    size_t nsections;
    const doc_node **tables, **figures;
    size_t ntables, nfigures;
    int top_sections;
} numbering;

static int by_number(const void *a, const void *b)
{
    const doc_node *const *x = a, *const *y = b;
    return strcmp(doc_node_number(*x), doc_node_number(*y));
}

static int key_number(const void *key, const void *elem)
{
    const doc_node *const *y = elem;
    return strcmp(key, doc_node_number(*y));
}

/* The section numbered num (nb->sections is sorted by number: a document
 * of 10 000 sections and as many references stays linear-logarithmic). */
static const doc_node *find_section(const numbering *nb, const char *num)
{
    if (nb->nsections == 0)
        return NULL;
    const doc_node *const *hit = bsearch(num, nb->sections, nb->nsections,
                                         sizeof *nb->sections, key_number);
    return hit ? *hit : NULL;
}

static const doc_node *find_seq(const doc_node *const *v, size_t n, long k)
{
    return k >= 1 && (size_t)k <= n ? v[k - 1] : NULL;
}

static const char *kind_word(msg_lang lang, wkind k)
{
    return msg_text(lang, k == W_SECTION ? MSG_REFS_KIND_SECTION
                          : k == W_TABLE ? MSG_REFS_KIND_TABLE
                                         : MSG_REFS_KIND_FIGURE);
}

static void check_one(numbering *nb, const doc_node *text, size_t at,
                      const char *word, wkind kind, const char *num)
{
    uint32_t line, col;
    doc_node_text_pos(text, at, &line, &col);
    const char *file = doc_path(nb->d);
    msg_lang lang = diag_list_lang(nb->dl);
    bool dotted = strchr(num, '.') != NULL;
    if (kind == W_PAGE) {
        diag *x = diag_add(nb->dl, DIAG_WARNING, file, line, col, "REF-05",
                           MSG_REFS_WRITTEN_PAGE, word, num);
        diag_hint(nb->dl, x, MSG_REFS_PAGE_HINT);
        return;
    }
    const doc_node *target = NULL;
    long k = strtol(num, NULL, 10);
    if (kind == W_SECTION)
        target = find_section(nb, num);
    else if (!dotted)
        target = find_seq(kind == W_TABLE ? nb->tables : nb->figures,
                          kind == W_TABLE ? nb->ntables : nb->nfigures, k);
    if (target) {
        diag *x = diag_add(nb->dl, DIAG_WARNING, file, line, col, "REF-05",
                           MSG_REFS_WRITTEN_OK, word, num);
        const char *id = doc_node_attr(target, "id");
        if (id)
            diag_hint(nb->dl, x, MSG_REFS_USE_REF, id);
        else
            diag_hint(nb->dl, x, MSG_REFS_USE_REF_ID);
        return;
    }
    /* is it another kind of thing? */
    const doc_node *other = NULL;
    wkind okind = kind;
    if (kind != W_SECTION && find_section(nb, num)) {
        other = find_section(nb, num);
        okind = W_SECTION;
    } else if (!dotted && kind != W_TABLE &&
               find_seq(nb->tables, nb->ntables, k)) {
        other = find_seq(nb->tables, nb->ntables, k);
        okind = W_TABLE;
    } else if (!dotted && kind != W_FIGURE &&
               find_seq(nb->figures, nb->nfigures, k)) {
        other = find_seq(nb->figures, nb->nfigures, k);
        okind = W_FIGURE;
    }
    diag *x;
    if (other && kind != W_SECTION) {
        x = diag_add(nb->dl, DIAG_ERROR, file, line, col, "REF-04",
                     MSG_REFS_WRITTEN_OTHER, word, num, num,
                     kind_word(lang, okind));
    } else {
        char have[96];
        int count = kind == W_SECTION ? nb->top_sections
                    : kind == W_TABLE ? (int)nb->ntables
                                      : (int)nb->nfigures;
        snprintf(have, sizeof have,
                 msg_text(lang, kind == W_SECTION ? MSG_REFS_NO_SUCH_SECTIONS
                                                  : MSG_REFS_NO_SUCH_COUNT),
                 count);
        x = diag_add(nb->dl, DIAG_ERROR, file, line, col, "REF-04",
                     MSG_REFS_WRITTEN_NONE, word, num, have);
    }
    diag_hint(nb->dl, x, MSG_REFS_USE_REF_ID);
}

/* The written reference whose word begins at s[i] (the byte before it is
 * no letter), checked: returns the offset just after its number, or 0
 * when there is none. */
static size_t reference_at(numbering *nb, const doc_node *text, const char *s,
                           size_t len, size_t i)
{
    unsigned cand = first_byte[(unsigned char)s[i]];
    for (size_t w = 0; cand; w++, cand >>= 1) {
        if (!(cand & 1u))
            continue;
        size_t wl = words[w].len;
        if (len - i < wl + 2 || !same_word(s + i, words[w].word, wl))
            continue;
        size_t p = i + wl;
        if (words[w].word[wl - 1] != '.' && is_letter_byte((unsigned char)s[p]))
            continue;
        /* one space or a no-break space, then the number */
        if (s[p] == ' ')
            p++;
        else if ((unsigned char)s[p] == 0xC2 && (unsigned char)s[p + 1] == 0xA0)
            p += 2;
        else
            continue;
        if (!isdigit((unsigned char)s[p]))
            continue;
        char num[32];
        size_t o = 0;
        while (p < len && o < sizeof num - 1) {
            if (isdigit((unsigned char)s[p]))
                num[o++] = s[p++];
            else if (s[p] == '.' && p + 1 < len &&
                     isdigit((unsigned char)s[p + 1]) && o > 0)
                num[o++] = s[p++];
            else
                break;
        }
        num[o] = '\0';
        if (o > 12 || isdigit((unsigned char)s[p]) ||
            not_a_reference(s + p, len - p))
            return 0;
        /* a year ("tabell 2023") is not a table number */
        if (!strchr(num, '.') && strlen(num) >= 4)
            return 0;
        char word[16];
        snprintf(word, sizeof word, "%.*s", (int)wl, s + i);
        check_one(nb, text, i, word, words[w].kind, num);
        return p;
    }
    return 0;
}

/* Scans one text node for written references: one pass over its bytes,
 * a word at a time; the words are compared only where a word begins with
 * one of their first letters (first_byte), so a long text costs little
 * more than a look at each byte. */
static void scan_text(numbering *nb, const doc_node *text)
{
    const char *s = doc_node_text(text);
    if (!s)
        return;
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        if (!is_letter_byte((unsigned char)s[i])) {
            i++;
            continue;
        }
        /* a word begins here */
        size_t after = first_byte[(unsigned char)s[i]]
                           ? reference_at(nb, text, s, len, i)
                           : 0;
        if (after) {
            i = after;
            continue;
        }
        /* s ends in a NUL, no letter: no length check needed */
        while (is_letter_byte((unsigned char)s[i]))
            i++;
    }
}

/* --- repeated paragraphs and items ------------------------------------ */

typedef struct {
    uint64_t hash;
    char *text;
    const doc_node *node;
    size_t order;
} para_key;

static int by_hash(const void *a, const void *b)
{
    const para_key *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order ? 1 : 0;
}

/* Within a run of one hash: by text, then in document order. */
static int by_text(const void *a, const void *b)
{
    const para_key *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order ? 1 : 0;
}

static bool is_squeezed_space(unsigned char c)
{
    return c <= ' ' && (c == ' ' || c == '\t' || c == '\n');
}

/* Collapses runs of spaces in t to one and trims it (in place), in the
 * same pass counting its words and hashing the result (FNV-1a). */
static uint64_t squeeze_hash(char *t, size_t *nwords)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i = 0, o = 0, n = 0;
    for (;;) {
        while (is_squeezed_space((unsigned char)t[i]))
            i++;
        if (!t[i])
            break;
        if (o > 0) {
            t[o++] = ' ';
            h = (h ^ (unsigned char)' ') * 1099511628211ULL;
        }
        n++;
        /* a word: bytes above ' ' without a test each (no space among them) */
        for (unsigned char c; (c = (unsigned char)t[i]) != '\0'; i++) {
            if (c <= ' ' && is_squeezed_space(c))
                break;
            h = (h ^ c) * 1099511628211ULL;
            t[o++] = (char)c;
        }
    }
    t[o] = '\0';
    *nwords = n;
    return h;
}

/* The paragraph or item c's text as check_repeats compares it (free
 * it); its hash and words in *hash and *nwords. */
static char *squeezed(const doc_node *c, uint64_t *hash, size_t *nwords)
{
    char *t = doc_node_plain_text_dup(c);
    *hash = squeeze_hash(t, nwords);
    return t;
}

/* The repeats among keys[0..n), which share one hash and are sorted by
 * text, then in document order. */
static void report_repeats(doc *d, diag_list *dl, const para_key *keys,
                           size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t first = i - 1;
        while (first > 0 && strcmp(keys[first - 1].text, keys[i].text) == 0)
            first--;
        if (strcmp(keys[i].text, keys[i - 1].text) != 0)
            continue;
        /* an item nested in another item repeats its text: not a repeat */
        const doc_node *a = keys[first].node, *b = keys[i].node;
        bool nested = false;
        for (const doc_node *p = doc_node_parent(b); p && !nested;
             p = doc_node_parent(p))
            nested = p == a;
        if (nested)
            continue;
        diag *x = diag_add(dl, DIAG_WARNING, doc_path(d), doc_node_line(b),
                           doc_node_col(b), "TEXT-05", MSG_REFS_REPEATED,
                           (unsigned)doc_node_line(a));
        diag_hint(dl, x, MSG_REFS_REPEATED_HINT);
    }
}

/* Paragraphs and items of eight words or more said twice. Only the
 * hashes are kept for all of them; the texts are made again for those
 * that share a hash (the 519-page document's texts took 1.7 MB until
 * the end of the check, issue 25). */
static void check_repeats(doc *d, diag_list *dl)
{
    para_key *keys = NULL;
    size_t n = 0, cap = 0;
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *c; doc_iter_enter(&it, &c);) {
        doc_kind k = doc_node_kind(c);
        if (k == DOC_TABLE || k == DOC_FOOTNOTE) {
            doc_iter_skip_children(&it);
            continue;
        }
        if (k != DOC_PARA && k != DOC_ITEM)
            continue;
        uint64_t h;
        size_t nwords;
        free(squeezed(c, &h, &nwords));
        if (nwords < 8)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            keys = xrealloc(keys, cap * sizeof *keys);
        }
        keys[n] = (para_key){h, NULL, c, n};
        n++;
    }
    if (n > 1)
        qsort(keys, n, sizeof *keys, by_hash);
    for (size_t s = 0; s < n;) {
        size_t e = s + 1;
        while (e < n && keys[e].hash == keys[s].hash)
            e++;
        if (e - s > 1) {
            for (size_t i = s; i < e; i++) {
                uint64_t h;
                size_t nwords;
                keys[i].text = squeezed(keys[i].node, &h, &nwords);
            }
            qsort(keys + s, e - s, sizeof *keys, by_text);
            report_repeats(d, dl, keys + s, e - s);
            for (size_t i = s; i < e; i++)
                free(keys[i].text);
        }
        s = e;
    }
    free(keys);
}

/* Appends n to the growing array *v of *len nodes (room for *cap). */
static void push_node(const doc_node ***v, size_t *len, size_t *cap,
                      const doc_node *n)
{
    if (*len == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*len)++] = n;
}

void check_reader_refs(doc *d, diag_list *dl)
{
    numbering nb = {.d = d, .dl = dl};
    size_t cs = 0, ct = 0, cf = 0;
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *c; doc_iter_enter(&it, &c);) {
        switch (doc_node_kind(c)) {
        case DOC_SECTION:
            if (doc_node_number(c)) {
                push_node(&nb.sections, &nb.nsections, &cs, c);
                if (doc_node_depth(c) == 1)
                    nb.top_sections++;
            }
            break;
        case DOC_TABLE:
            push_node(&nb.tables, &nb.ntables, &ct, c);
            break;
        case DOC_CHART:
        case DOC_IMAGE:
            push_node(&nb.figures, &nb.nfigures, &cf, c);
            break;
        default:
            break;
        }
    }
    if (nb.nsections > 1)
        qsort(nb.sections, nb.nsections, sizeof *nb.sections, by_number);
    /* the text a reader reads: not headings, captions or sources */
    doc_iter_init(&it, doc_root(d));
    for (doc_node *c; doc_iter_enter(&it, &c);) {
        doc_kind k = doc_node_kind(c);
        if (k == DOC_HEADING || k == DOC_CAPTION || k == DOC_SOURCE ||
            k == DOC_COLUMN || k == DOC_LINK) {
            doc_iter_skip_children(&it);
            continue;
        }
        if (k == DOC_TEXT)
            scan_text(&nb, c);
    }
    free(nb.sections);
    free(nb.tables);
    free(nb.figures);
    check_repeats(d, dl);
}
