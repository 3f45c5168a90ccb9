/*
 * rules.c: the heading rules of a document kind (templates/<typ>/krav.xml)
 * checked against a document, with PCRE2.
 *
 * rules.md §1: headings are normalised (the model is already NFC with white
 * space collapsed; typed numbering is stripped here), patterns are compiled
 * once with CASELESS | UTF | UCP, a rule is satisfied by a heading at any
 * level and one heading may satisfy several rules, order is not enforced.
 * For each rule, in order:
 *   - a matching heading whose section (or a subsection) has content:
 *     satisfied; a matching heading whose section is empty: an error for a
 *     required topic (and for ejtom="ja");
 *   - a table whose column labels match the rule's kolumn patterns:
 *     satisfied (DR-03, DR-04);
 *   - a body-text pattern matching a paragraph: a warning instead of the
 *     missing-section error;
 *   - a heading one or two edits from a pattern: the missing-section
 *     diagnostic at that heading, with a "menade du" hint;
 *   - otherwise: missing, an error when required, a warning when
 *     recommended, and for a conditional rule an error when its condition
 *     holds (villkor="prognosavvikelse-negativ").
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/numfmt.h"
#include "../model/calc.h"
#include "rules.h"
#include "validate.h"
#include "validate_internal.h"

typedef struct {
    pcre2_code *re;
    const krav_pattern *src; /* where it is written, for a match limit */
} cpat;

/* Literal strings a pattern can match (for near misses), lower case. */
typedef struct {
    char **s;
    size_t n;
} strset;

typedef struct {
    cpat *mon, *body, *col;
    strset near;
} crule;

struct rule_set {
    krav_set *ks;
    cpat *titel;
    crule *rules;
    size_t jit_bytes; /* pattern bytes JIT-compiled so far */
    /* the load test's match data and limits, made once for the whole
     * file: one frame vector reused, not one made and freed per pattern */
    pcre2_match_data *probe_md;
    pcre2_match_context *probe_mc;
};

/* JIT code costs tens of kilobytes for a long pattern (2 000 patterns of
 * 1 000 bytes took 109 MB and most of a second to compile): only the first
 * patterns of a rule set, up to this many bytes of pattern text, are
 * JIT-compiled; the rest are interpreted. The installed kinds are far
 * below it. */
#define JIT_BUDGET_BYTES (32u * 1024u)

/* Limits on one match (issue 28): a pattern that backtracks
 * catastrophically gives up instead of taking seconds per heading. The
 * match (and depth) limit grows with the text, so that a plain pattern
 * scanning a long paragraph never reaches it: 1 000 000 steps and 32 per
 * byte of the text. The heap limit binds the interpreter's memory; the
 * JIT has its own 32 KiB stack. */
#define MATCH_LIMIT 1000000u
#define MATCH_LIMIT_PER_BYTE 32u
#define MATCH_HEAP_LIMIT_KIB 65536u

/* --- compiling ------------------------------------------------------------ */

/* The test every pattern passes when its rule file is read: matched
 * against long synthetic headings (runs of one letter, of short words,
 * of digits or spaces, each ending in a character no run has) under a
 * tight limit, a pattern that backtracks catastrophically ((a+)+$,
 * (\w+\s?)+$, (.*)*x) gives up on one of them and is refused, instead of
 * giving up on a real heading later. A plain pattern, even one with
 * several .* in it, stays far below the limit on texts this short. */
#define LOAD_TEST_LIMIT 200000u
#define LOAD_TEST_RUN 64

static bool backtracks(rule_set *rs, const pcre2_code *re)
{
    static const char *const units[] = {"a",  "å",  "aa ",  "1", " ",
                                        "a-", "ab", "x y ", "É"};
    if (!rs->probe_md) {
        rs->probe_md = pcre2_match_data_create(1, NULL);
        rs->probe_mc = pcre2_match_context_create(NULL);
        if (!rs->probe_md || !rs->probe_mc)
            die_oom();
        pcre2_set_match_limit(rs->probe_mc, LOAD_TEST_LIMIT);
        pcre2_set_depth_limit(rs->probe_mc, LOAD_TEST_LIMIT);
        pcre2_set_heap_limit(rs->probe_mc, MATCH_HEAP_LIMIT_KIB);
    }
    pcre2_match_data *md = rs->probe_md;
    pcre2_match_context *mc = rs->probe_mc;
    bool bad = false;
    char text[LOAD_TEST_RUN * 4 + 8];
    for (size_t u = 0; u < sizeof units / sizeof *units && !bad; u++) {
        size_t ul = strlen(units[u]), o = 0;
        for (size_t k = 0; k < LOAD_TEST_RUN && o + ul < LOAD_TEST_RUN * 4; k++)
            if (o + ul <= LOAD_TEST_RUN * 2) {
                memcpy(text + o, units[u], ul);
                o += ul;
            }
        for (int end = 0; end < 2 && !bad; end++) {
            /* ending in "!" and in a NUL-free control character */
            text[o] = end ? '\x01' : '!';
            int rc = pcre2_match(re, (PCRE2_SPTR)text, o + 1, 0, PCRE2_NO_JIT,
                                 md, mc);
            bad = rc == PCRE2_ERROR_MATCHLIMIT ||
                  rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT;
        }
    }
    return bad;
}

static bool compile_one(rule_set *rs, const krav_pattern *p, cpat *out,
                        diag_list *dl)
{
    const krav_set *ks = rs->ks;
    out->src = p;
    int err;
    PCRE2_SIZE off;
    out->re =
        pcre2_compile((PCRE2_SPTR)p->text, PCRE2_ZERO_TERMINATED,
                      PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
    if (!out->re) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(err, buf, sizeof buf);
        diag *x = diag_add(dl, DIAG_ERROR, ks->path, p->line, p->col, "KRAV-03",
                           MSG_KRAV_BAD_PATTERN, p->text, (const char *)buf,
                           (int)off + 1);
        diag_hint(dl, x, MSG_KRAV_BAD_PATTERN_HINT);
        return false;
    }
    if (backtracks(rs, out->re)) {
        diag *x =
            diag_add(dl, DIAG_ERROR, ks->path, p->line, p->col, "KRAV-07",
                     MSG_KRAV_CATASTROPHIC, p->text, (unsigned)LOAD_TEST_LIMIT);
        diag_hint(dl, x, MSG_KRAV_MATCH_LIMIT_HINT);
        pcre2_code_free(out->re);
        out->re = NULL;
        return false;
    }
    size_t len = strlen(p->text);
    if (validate_use_jit() && rs->jit_bytes + len <= JIT_BUDGET_BYTES) {
        rs->jit_bytes += len;
        pcre2_jit_compile(out->re, PCRE2_JIT_COMPLETE); /* optional speed */
    }
    return true;
}

static cpat *compile_list(rule_set *rs, const krav_pattern *ps, size_t n,
                          diag_list *dl, bool *ok)
{
    cpat *out = xcalloc(n + 1, sizeof *out);
    for (size_t i = 0; i < n; i++)
        if (!compile_one(rs, &ps[i], &out[i], dl))
            *ok = false;
    return out;
}

static void free_list(cpat *c, size_t n)
{
    if (!c)
        return;
    for (size_t i = 0; i < n; i++)
        pcre2_code_free(c[i].re);
    free(c);
}

bool validate_use_jit(void)
{
    const char *e = getenv("ARSRAPPORT_NO_JIT");
    return !e || !*e;
}

/* --- literal expansions of simple patterns -------------------------------- */

#define MAX_EXPANSIONS 48
/* Literal forms kept per rule for near misses: each is compared with
 * every heading, and set_add looks through those already kept. */
#define NEAR_FORMS_MAX 256

static void set_add(strset *s, const char *str, size_t len)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->s[i]) == len && memcmp(s->s[i], str, len) == 0)
            return;
    s->s = xrealloc(s->s, (s->n + 1) * sizeof *s->s);
    char *c = xmalloc(len + 1);
    memcpy(c, str, len);
    c[len] = '\0';
    s->s[s->n++] = c;
}

static void set_free(strset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->s[i]);
    free(s->s);
    s->s = NULL;
    s->n = 0;
}

/* Every a+b with a in x, b in y (into out, replacing it). */
static bool set_concat(strset *x, const strset *y)
{
    if (x->n * y->n > MAX_EXPANSIONS)
        return false;
    strset out = {0};
    char buf[512];
    for (size_t i = 0; i < x->n; i++)
        for (size_t j = 0; j < y->n; j++) {
            int n = snprintf(buf, sizeof buf, "%s%s", x->s[i], y->s[j]);
            if (n < 0 || (size_t)n >= sizeof buf) {
                set_free(&out);
                return false;
            }
            set_add(&out, buf, (size_t)n);
        }
    set_free(x);
    *x = out;
    return true;
}

static bool expand_alt(const char **p, const char *end, strset *out);

/* One atom and its quantifier; false when the pattern is not simple. */
static bool expand_atom(const char **pp, const char *end, strset *atom)
{
    const char *p = *pp;
    if (*p == '(') {
        p++;
        if (p + 1 < end && p[0] == '?' && p[1] == ':')
            p += 2;
        if (!expand_alt(&p, end, atom) || p >= end || *p != ')')
            return false;
        p++;
    } else if (*p == '\\') {
        if (p + 1 >= end)
            return false;
        char c = p[1];
        p += 2;
        if (c == 's') {
            bool star = p < end && *p == '*';
            set_add(atom, " ", 1);
            if (star)
                set_add(atom, "", 0);
            if (p < end && (*p == '*' || *p == '+'))
                p++;
            *pp = p;
            return true;
        } else if (c == 'b') {
            set_add(atom, "", 0);
        } else if (c == 'w' && p < end && *p == '*') {
            p++;
            set_add(atom, "", 0);
            *pp = p;
            return true;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9')) {
            return false;
        } else {
            set_add(atom, &c, 1);
        }
    } else if (*p == '^' || *p == '$') {
        p++;
        set_add(atom, "", 0);
    } else if (*p == '[' || *p == '.' || *p == '{' || *p == ')' || *p == '|' ||
               *p == '*' || *p == '+' || *p == '?') {
        return false;
    } else {
        size_t len = 1;
        while (p + len < end && ((unsigned char)p[len] & 0xC0) == 0x80)
            len++;
        char lower[8];
        memcpy(lower, p, len);
        if (len == 1 && lower[0] >= 'A' && lower[0] <= 'Z')
            lower[0] = (char)(lower[0] + 32);
        set_add(atom, lower, len);
        p += len;
    }
    if (p < end && *p == '?') {
        set_add(atom, "", 0);
        p++;
    } else if (p < end && *p == '*') {
        set_add(atom, "", 0);
        p++;
    } else if (p < end && *p == '+') {
        p++;
    } else if (p < end && *p == '{') {
        return false;
    }
    *pp = p;
    return true;
}

static bool expand_seq(const char **pp, const char *end, strset *out)
{
    set_add(out, "", 0);
    const char *p = *pp;
    while (p < end && *p != '|' && *p != ')') {
        strset atom = {0};
        bool ok = expand_atom(&p, end, &atom) && set_concat(out, &atom);
        set_free(&atom);
        if (!ok)
            return false;
    }
    *pp = p;
    return true;
}

static bool expand_alt(const char **pp, const char *end, strset *out)
{
    const char *p = *pp;
    for (;;) {
        strset seq = {0};
        bool ok = expand_seq(&p, end, &seq);
        for (size_t i = 0; ok && i < seq.n; i++)
            set_add(out, seq.s[i], strlen(seq.s[i]));
        set_free(&seq);
        if (!ok || out->n > MAX_EXPANSIONS)
            return false;
        if (p < end && *p == '|') {
            p++;
            continue;
        }
        break;
    }
    *pp = p;
    return true;
}

/* Adds the literal strings pattern can match to near (nothing when the
 * pattern uses more than groups, alternation, ?, \s and \b). */
static void expand_pattern(const char *pattern, strset *near)
{
    strset out = {0};
    const char *p = pattern;
    const char *end = pattern + strlen(pattern);
    if (expand_alt(&p, end, &out) && p == end)
        for (size_t i = 0; i < out.n; i++) {
            /* trim the spaces \s may have put at the edges */
            const char *s = out.s[i];
            size_t len = strlen(s);
            while (len && s[len - 1] == ' ')
                len--;
            while (len && *s == ' ')
                s++, len--;
            if (len >= 5)
                set_add(near, s, len);
        }
    set_free(&out);
}

rule_set *rule_set_compile(krav_set *ks, diag_list *dl)
{
    bool ok = true;
    rule_set *rs = xcalloc(1, sizeof *rs);
    rs->ks = ks;
    rs->titel = compile_list(rs, ks->titel, ks->n_titel, dl, &ok);
    rs->rules = xcalloc(ks->n_rules + 1, sizeof *rs->rules);
    for (size_t i = 0; i < ks->n_rules; i++) {
        const krav_rule *r = &ks->rules[i];
        crule *c = &rs->rules[i];
        c->mon = compile_list(rs, r->monster, r->n_monster, dl, &ok);
        c->body = compile_list(rs, r->brodtext, r->n_brodtext, dl, &ok);
        c->col = compile_list(rs, r->kolumn, r->n_kolumn, dl, &ok);
        for (size_t k = 0; k < r->n_monster && c->near.n < NEAR_FORMS_MAX; k++)
            expand_pattern(r->monster[k].text, &c->near);
    }
    pcre2_match_data_free(rs->probe_md);
    pcre2_match_context_free(rs->probe_mc);
    rs->probe_md = NULL;
    rs->probe_mc = NULL;
    if (!ok) {
        rule_set_free(rs);
        return NULL;
    }
    return rs;
}

void rule_set_free(rule_set *rs)
{
    if (!rs)
        return;
    krav_set *ks = rs->ks;
    free_list(rs->titel, ks->n_titel);
    for (size_t i = 0; i < ks->n_rules; i++) {
        const krav_rule *r = &ks->rules[i];
        crule *c = &rs->rules[i];
        free_list(c->mon, r->n_monster);
        free_list(c->body, r->n_brodtext);
        free_list(c->col, r->n_kolumn);
        set_free(&c->near);
    }
    free(rs->rules);
    krav_free(ks);
    free(rs);
}

const krav_set *rule_set_krav(const rule_set *rs)
{
    return rs->ks;
}

/* --- matching ------------------------------------------------------------- */

/* One match data and one match context (with the limits) for a run of
 * matches; the first pattern that hit a limit, and the node whose text it
 * was matched against. */
typedef struct {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    const cpat *gave_up;
    const doc_node *at, *gave_up_at;
} matcher;

static void matcher_init(matcher *m)
{
    memset(m, 0, sizeof *m);
    m->md = pcre2_match_data_create(1, NULL);
    m->mc = pcre2_match_context_create(NULL);
    if (!m->md || !m->mc)
        die_oom();
    pcre2_set_heap_limit(m->mc, MATCH_HEAP_LIMIT_KIB);
}

static void matcher_free(matcher *m)
{
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mc);
}

static bool matches(const cpat *c, const char *s, matcher *m)
{
    if (!c->re)
        return false;
    size_t len = strlen(s);
    size_t limit = len < (UINT32_MAX - MATCH_LIMIT) / MATCH_LIMIT_PER_BYTE
                       ? MATCH_LIMIT + MATCH_LIMIT_PER_BYTE * len
                       : UINT32_MAX;
    pcre2_set_match_limit(m->mc, (uint32_t)limit);
    pcre2_set_depth_limit(m->mc, (uint32_t)limit);
    int rc = pcre2_match(c->re, (PCRE2_SPTR)s, len, 0, 0, m->md, m->mc);
    if (rc >= 0)
        return true;
    if ((rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
         rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) &&
        !m->gave_up) {
        m->gave_up = c;
        m->gave_up_at = m->at;
    }
    return false;
}

/* Whether one of the n patterns matches s; false once one gave up. */
static bool any_match(const cpat *c, size_t n, const char *s, matcher *m)
{
    for (size_t i = 0; i < n && !m->gave_up; i++)
        if (matches(&c[i], s, m))
            return true;
    return false;
}

bool rule_set_title_matches(const rule_set *rs, const char *title)
{
    matcher m;
    matcher_init(&m);
    /* a title pattern that gives up names no kind */
    bool hit = title && any_match(rs->titel, rs->ks->n_titel, title, &m);
    matcher_free(&m);
    return hit;
}

/* --- the document's headings ------------------------------------------------
 */

typedef struct {
    const doc_node *section, *heading;
    const char *text; /* normalised */
    int has_content;  /* -1: not yet known */
    uint32_t *folded; /* lower-cased code points, for near misses */
    size_t nfolded;
} heading;

static heading *collect_headings(doc *d, size_t *n)
{
    size_t cap = 32;
    heading *h = xmalloc(cap * sizeof *h);
    *n = 0;
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *x; doc_iter_enter(&it, &x);) {
        doc_kind k = doc_node_kind(x);
        if (k == DOC_TABLE || k == DOC_PARA || k == DOC_LIST ||
            k == DOC_QUOTE) {
            doc_iter_skip_children(&it);
            continue;
        }
        if (k != DOC_SECTION)
            continue;
        const doc_node *hd = doc_node_child(x, DOC_HEADING);
        if (!hd)
            continue;
        if (*n == cap) {
            cap *= 2;
            h = xrealloc(h, cap * sizeof *h);
        }
        size_t skip;
        const char *t = heading_strip_number(doc_node_plain_text(d, hd), &skip);
        h[*n] = (heading){x, hd, t, -1, NULL, 0};
        (*n)++;
    }
    return h;
}

/* --- near misses ------------------------------------------------------------
 */

/* Code points of s, lower-cased for ASCII and Latin-1 letters (enough for
 * Swedish), into out (at most max). */
static size_t fold(const char *s, uint32_t *out, size_t max)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n < max) {
        uint32_t c;
        if (*p < 0x80) {
            c = *p++;
        } else if ((*p & 0xE0) == 0xC0 && p[1]) {
            c = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
            p += 2;
        } else if ((*p & 0xF0) == 0xE0 && p[1] && p[2]) {
            c = ((uint32_t)(p[0] & 0x0F) << 12) |
                ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            p += 3;
        } else {
            c = 0xFFFD;
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
        }
        if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
            c += 32;
        out[n++] = c;
    }
    return n;
}

static bool is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c >= 0xDF && c <= 0x24F && c != 0xF7);
}

#define NEAR_MAX 128

/* Smallest edit distance (Levenshtein with transpositions) between pat and
 * a part of text that starts at the beginning of a word. */
static int near_distance(const uint32_t *pat, size_t m, const uint32_t *text,
                         size_t n, int limit)
{
    enum { INF = 1000 };
    int rows[3][NEAR_MAX + 1];
    int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= n; j++)
        prev[j] = (j == 0 || !is_letter(text[j - 1])) ? 0 : INF;
    int best = INF;
    for (size_t i = 1; i <= m; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= n; j++) {
            int cost = pat[i - 1] == text[j - 1] ? 0 : 1;
            int v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && pat[i - 1] == text[j - 2] &&
                pat[i - 2] == text[j - 1] && prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
        }
        int row_min = cur[0];
        for (size_t j = 1; j <= n; j++)
            if (cur[j] < row_min)
                row_min = cur[j];
        if (row_min > limit) /* distances never shrink down the rows */
            return INF;
        int *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    for (size_t j = 0; j <= n; j++)
        if (prev[j] < best)
            best = prev[j];
    return best;
}

/* Whether pat[0, m) occurs in text[0, n). */
static bool occurs(const uint32_t *pat, size_t m, const uint32_t *text,
                   size_t n)
{
    if (m == 0)
        return true;
    /* the first code point compared before a call (most places differ) */
    for (size_t j = 0; j + m <= n; j++)
        if (text[j] == pat[0] && memcmp(text + j, pat, m * sizeof *pat) == 0)
            return true;
    return false;
}

/* A cheap necessary condition for a distance of at most k: split into
 * k + 1 pieces, pat has a piece that occurs unchanged in text (k edits
 * can touch at most k pieces). */
static bool may_be_near(const uint32_t *pat, size_t m, const uint32_t *text,
                        size_t n, int k)
{
    size_t piece = m / (size_t)(k + 1);
    if (piece == 0)
        return true;
    for (int p = 0; p <= k; p++) {
        size_t start = (size_t)p * piece;
        size_t len = p == k ? m - start : piece;
        if (occurs(pat + start, len, text, n))
            return true;
    }
    return false;
}

/* The heading closest to one of the rule's literal forms, one edit away
 * (two for forms of nine letters or more); NULL when none. */
static const heading *near_miss(const crule *c, heading *hs, size_t nh,
                                const char **form)
{
    const heading *best = NULL;
    int best_d = 3;
    uint32_t pat[NEAR_MAX];
    for (size_t k = 0; k < c->near.n; k++) {
        size_t m = fold(c->near.s[k], pat, NEAR_MAX);
        int allowed = m >= 9 ? 2 : m >= 5 ? 1 : 0;
        for (size_t i = 0; i < nh; i++) {
            if (!hs[i].folded) { /* once per heading, when first needed */
                hs[i].folded = xmalloc(NEAR_MAX * sizeof *hs[i].folded);
                hs[i].nfolded = fold(hs[i].text, hs[i].folded, NEAR_MAX);
            }
            if (allowed == 0 ||
                !may_be_near(pat, m, hs[i].folded, hs[i].nfolded, allowed))
                continue;
            int dist =
                near_distance(pat, m, hs[i].folded, hs[i].nfolded, allowed);
            if (dist >= 1 && dist <= allowed && dist < best_d) {
                best_d = dist;
                best = &hs[i];
                *form = c->near.s[k];
            }
        }
    }
    return best;
}

/* --- tables and the forecast deviation --------------------------------------
 */

/* Label of each column of a table: the kolumn element's text. */
static const char **column_labels(doc *d, const doc_node *t, int *ncols)
{
    int n = 0;
    for (const doc_node *c = doc_node_first_child(t); c; c = doc_node_next(c))
        n += doc_node_kind(c) == DOC_COLUMN;
    const char **labels = xcalloc((size_t)n + 1, sizeof *labels);
    n = 0;
    for (const doc_node *c = doc_node_first_child(t); c; c = doc_node_next(c))
        if (doc_node_kind(c) == DOC_COLUMN)
            labels[n++] = doc_node_plain_text(d, c);
    *ncols = n;
    return labels;
}

/* A table with, for every kolumn pattern of the rule, a column whose label
 * matches it. */
static bool table_satisfies(doc *d, const crule *c, size_t npat, matcher *m)
{
    if (npat == 0)
        return false;
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *x; doc_iter_next_of(&it, DOC_TABLE, &x);) {
        int ncols;
        const char **labels = column_labels(d, x, &ncols);
        bool all = true;
        m->at = x;
        for (size_t p = 0; p < npat && all; p++) {
            bool found = false;
            for (int k = 0; k < ncols && !found && !m->gave_up; k++)
                found = matches(&c->col[p], labels[k], m);
            all = found;
        }
        free(labels);
        if (all)
            return true;
        if (m->gave_up)
            return false;
    }
    return false;
}

static bool label_has(const char *label, const char *word)
{
    /* ASCII case-insensitive substring: the words looked for are ASCII */
    size_t n = strlen(word);
    for (const char *p = label; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && (p[i] | 0x20) == word[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* forecast_deviation's look at one computed table: -1 when it is not the
 * driftsredovisning's (no Budget before a Prognos column), else whether
 * the deviation is known (then in mant, scale). */
static int table_deviation(const calc_table *t, int64_t *mant, int *scale)
{
    int ncols = calc_ncols(t);
    int p = -1, b = -1, a = -1;
    for (int k = 0; k < ncols && p < 0; k++)
        if (label_has(calc_col_label(t, k), "prognos"))
            p = k;
    for (int k = 0; k < p; k++) {
        const char *l = calc_col_label(t, k);
        if (label_has(l, "budget") && !label_has(l, "avvikelse") &&
            !label_has(l, "period"))
            b = k;
    }
    for (int k = p + 1; p >= 0 && k < ncols && a < 0; k++)
        if (label_has(calc_col_label(t, k), "avvikelse"))
            a = k;
    if (p < 0 || b < 0)
        return -1;
    bool found = false, top = false;
    size_t row = 0;
    for (size_t r = 0; r < calc_nrows(t); r++)
        if (calc_row_kind_of(t, r) == CALC_ROW_SUM &&
            (!top || !calc_row_group(t, r))) {
            row = r;
            found = true;
            top = !calc_row_group(t, r);
        }
    int64_t pm, bm;
    int ps, bs;
    if (found && a >= 0 && calc_effective(t, row, a, mant, scale))
        return 1;
    if (found && calc_effective(t, row, p, &pm, &ps) &&
        calc_effective(t, row, b, &bm, &bs))
        return calc_add(pm, ps, bm, bs, -1, mant, scale);
    return 0;
}

/* The full-year forecast deviation of the driftsredovisning: the first
 * table with a Budget column before a Prognos column; in its total row (the
 * last table-level summa, else the last summa) the first Avvikelse column
 * after Prognos, or else prognos − budget. Values are those the table
 * computation gives (a total left empty counts as computed). Positive is
 * favourable (rules.md §5, Österåker style). */
static bool forecast_deviation(doc *d, int64_t *mant, int *scale,
                               const doc_node **table)
{
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *x; doc_iter_next_of(&it, DOC_TABLE, &x);) {
        /* computed for this look only and freed: the checks free theirs
         * too, so that the computations of all tables are never held at
         * once (issue 25) */
        calc_table *t = calc_table_new(d, x);
        int r = table_deviation(t, mant, scale);
        calc_table_free(t);
        if (r < 0)
            continue;
        *table = x;
        return r == 1;
    }
    return false;
}

/* --- checking ---------------------------------------------------------------
 */

/* a and b are the same words, ignoring case (ASCII and Latin-1). */
static bool same_words(const char *a, const char *b)
{
    uint32_t x[NEAR_MAX], y[NEAR_MAX];
    size_t n = fold(a, x, NEAR_MAX), m = fold(b, y, NEAR_MAX);
    return n == m && memcmp(x, y, n * sizeof *x) == 0;
}

static const char *rule_name(const krav_rule *r, msg_lang lang, char *buf,
                             size_t size)
{
    if (lang == LANG_EN && r->en)
        snprintf(buf, size, "%s (%s)", r->text, r->en);
    else
        snprintf(buf, size, "%s", r->text);
    return buf;
}

static const char *source_suffix(const krav_set *ks, const krav_rule *r,
                                 char *buf, size_t size)
{
    /* only the rule's own source: the kind's main regulation is not
     * necessarily where this topic comes from */
    (void)ks;
    const char *k = r->kalla;
    if (k)
        snprintf(buf, size, " (%s)", k);
    else
        buf[0] = '\0';
    return buf;
}

static void rule_hint(diag_list *dl, diag *x, const krav_rule *r)
{
    const char *t =
        diag_list_lang(dl) == LANG_EN && r->tips_en ? r->tips_en : r->tips_sv;
    if (t)
        diag_hint_text(x, t);
}

/* The first paragraph, list item or quote whose text matches one of the
 * body patterns. */
static const doc_node *body_match(doc *d, const crule *c, size_t n, matcher *m)
{
    if (n == 0)
        return NULL;
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *x; doc_iter_enter(&it, &x);) {
        doc_kind k = doc_node_kind(x);
        if (k == DOC_PARA || k == DOC_ITEM || k == DOC_QUOTE) {
            doc_iter_skip_children(&it);
            m->at = x;
            if (any_match(c->body, n, doc_node_plain_text(d, x), m))
                return x;
            if (m->gave_up)
                return NULL;
        } else if (k == DOC_TABLE) {
            doc_iter_skip_children(&it);
        }
    }
    return NULL;
}

/* A pattern of rule r hit a match limit: an error at the pattern in the
 * rule file, naming the rule and the text it gave up on. The rule is not
 * checked further (for this document). */
static void report_gave_up(doc *d, const krav_set *ks, const krav_rule *r,
                           const matcher *m, diag_list *dl)
{
    const krav_pattern *p = m->gave_up->src;
    uint32_t line = m->gave_up_at ? doc_node_line(m->gave_up_at) : 0;
    diag *x = diag_add(dl, DIAG_ERROR, ks->path, p ? p->line : r->line,
                       p ? p->col : r->col, "KRAV-06", MSG_KRAV_MATCH_LIMIT,
                       p ? p->text : "?", r->id, (unsigned)line, doc_path(d));
    diag_hint(dl, x, MSG_KRAV_MATCH_LIMIT_HINT);
}

void check_heading_rules(doc *d, const rule_set *rs, diag_list *dl,
                         const doc_node ***empty, size_t *nempty)
{
    const krav_set *ks = rs->ks;
    msg_lang lang = diag_list_lang(dl);
    size_t nh;
    heading *hs = collect_headings(d, &nh);
    matcher m;
    matcher_init(&m);
    const doc_node *root = doc_root(d);
    char name[512], src[512];
    *empty = NULL;
    *nempty = 0;
    bool dev_known = false, dev_done = false;
    int64_t dev = 0;
    int dev_scale = 0;
    const doc_node *dev_table = NULL;
    for (size_t i = 0; i < ks->n_rules; i++) {
        const krav_rule *r = &ks->rules[i];
        const crule *c = &rs->rules[i];
        bool required = r->level == KRAV_REQUIRED;
        if (r->level == KRAV_CONDITIONAL) {
            /* the one condition there is: prognosavvikelse-negativ */
            if (!dev_done) {
                dev_known = forecast_deviation(d, &dev, &dev_scale, &dev_table);
                dev_done = true;
            }
            if (!dev_known || dev >= 0)
                continue;
            required = true;
        }
        rule_name(r, lang, name, sizeof name);
        source_suffix(ks, r, src, sizeof src);
        const heading *first = NULL;
        bool content = false;
        m.gave_up = NULL;
        for (size_t h = 0; h < nh && !content && !m.gave_up; h++) {
            m.at = hs[h].heading;
            if (!any_match(c->mon, r->n_monster, hs[h].text, &m))
                continue;
            if (!first)
                first = &hs[h];
            if (hs[h].has_content < 0) /* only for headings that match */
                hs[h].has_content = section_has_content(hs[h].section);
            content = hs[h].has_content > 0;
        }
        if (m.gave_up) {
            report_gave_up(d, ks, r, &m, dl);
            continue;
        }
        if (first) {
            if (!content && (required || r->ejtom)) {
                bool same = same_words(first->text, r->text);
                diag *x = diag_add(
                    dl, DIAG_ERROR, doc_path(d), doc_node_line(first->heading),
                    doc_node_col(first->heading), r->id,
                    !required ? MSG_RULE_EMPTY_EJTOM
                    : same    ? MSG_RULE_EMPTY_SAME
                              : MSG_RULE_EMPTY,
                    first->text, same || !required ? src : name, src);
                const char *b = lang == LANG_EN && r->beskrivning_en
                                    ? r->beskrivning_en
                                    : r->beskrivning_sv;
                if (b)
                    diag_hint(dl, x, MSG_RULE_EMPTY_HINT, b);
                *empty =
                    xrealloc((void *)*empty, (*nempty + 1) * sizeof **empty);
                (*empty)[(*nempty)++] = first->section;
            }
            continue;
        }
        if (table_satisfies(d, c, r->n_kolumn, &m))
            continue;
        const doc_node *body =
            m.gave_up ? NULL : body_match(d, c, r->n_brodtext, &m);
        if (m.gave_up) {
            report_gave_up(d, ks, r, &m, dl);
            continue;
        }
        if (body) {
            if (required) {
                diag *x = diag_add(dl, DIAG_WARNING, doc_path(d),
                                   doc_node_line(body), doc_node_col(body),
                                   r->id, MSG_RULE_BODY_ONLY, name, src);
                diag_hint(dl, x, MSG_RULE_BODY_ONLY_HINT, r->text);
            }
            continue;
        }
        const char *form = NULL;
        const heading *near = near_miss(c, hs, nh, &form);
        const doc_node *at = near ? near->heading : root;
        diag *x;
        if (r->level == KRAV_CONDITIONAL) {
            char fig[64];
            num_format(dev, dev_scale, dev_scale, false, fig, sizeof fig);
            const char *unit = doc_node_attr(dev_table, "enhet");
            if (unit) {
                size_t l = strlen(fig);
                snprintf(fig + l, sizeof fig - l, "\u00a0%s", unit);
            }
            x = diag_add(dl, DIAG_ERROR, doc_path(d), doc_node_line(at),
                         doc_node_col(at), r->id, MSG_RULE_MISSING_COND, name,
                         src, fig, doc_node_line(dev_table));
        } else {
            x = diag_add(dl, required ? DIAG_ERROR : DIAG_WARNING, doc_path(d),
                         doc_node_line(at), doc_node_col(at), r->id,
                         required ? MSG_RULE_MISSING : MSG_RULE_MISSING_REC,
                         name, src);
        }
        if (near)
            diag_hint(dl, x, MSG_RULE_NEAR_HINT, r->text, near->text, form);
        else
            rule_hint(dl, x, r);
    }
    matcher_free(&m);
    for (size_t h = 0; h < nh; h++)
        free(hs[h].folded);
    free(hs);
}
