/*
 * validate_lint.c: typography and leftovers in the running text, empty
 * sections and numbering typed into headings. Every finding is a warning
 * that a document can switch off with <undantag regel="ID"/>.
 *
 * The text is read one unit at a time: a paragraph, a list item, a
 * quotation, a heading, a caption, a table source note, a column label, a
 * text cell, a footnote. A unit's text is the text of its inline content
 * (bold, italic, links) run together; a footnote or cross-reference inside
 * it stands as U+FFFC, and nested blocks (a list in a list item, paragraphs
 * in a cell or a quotation) are units of their own. Numeric table cells are
 * not read: the tool formats those itself. Each match is reported at the
 * exact source position of the offending text, through the position map of
 * the text node it starts in (doc_node_text_pos).
 *
 * Rules (rules.md §5):
 *   TYPO-01  hyphen-minus as a minus sign before a figure: −
 *   TYPO-02  "mkr": mnkr
 *   TYPO-03  ranges with a hyphen or a spaced dash: 2024–2025, jan–aug
 *   TYPO-04  five or more digits without thousands grouping: 63 474
 *   TYPO-05  percent sign with no space before it: 88 %
 *   TEXT-01  placeholders: Lorem ipsum, XXX, TODO, FIXME, […] outside a
 *            quotation, a unit that says only "Text" or "Rubrik"
 *   TEXT-02  raw markup: <p>, </b>, <br/>, &nbsp;, &amp;
 *   STR-02   a section with nothing in it
 *   STR-03   numbering typed into a heading: "2.1 Ekonomi"
 *
 * The patterns are compiled once per process, on first use, and freed by
 * lint_cleanup.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/arena.h"
#include "../common/utf8.h"
#include "validate_internal.h"

/* --- patterns ----------------------------------------------------------------
 */

/* A figure: digits, maybe grouped in threes, maybe with decimals. */
#define NUM_GROUPED                                                            \
    "[0-9]{1,3}(?:[ \\x{00A0}\\x{202F}][0-9]{3}(?![0-9]))+(?:,[0-9]+)?"        \
    "|[0-9]+(?:[.,][0-9]+)?"
/* What may not stand right before a figure that starts a range. */
#define NOT_AFTER                                                              \
    "(?<![\\p{L}\\p{N}\\p{Pd}/.,:_#+@§−])(?<![0-9][ \\x{00A0}\\x{202F}])"
#define MONTHS                                                                 \
    "(?:jan(?:uari)?|feb(?:ruari)?|mars?|apr(?:il)?|maj|juni?|juli?"           \
    "|aug(?:usti)?|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?"             \
    "|dec(?:ember)?)"
#define WEEKDAYS                                                               \
    "(?:mån(?:dag)?|tis(?:dag)?|ons(?:dag)?|tors?(?:dag)?|fre(?:dag)?"        \
    "|lör(?:dag)?|sön(?:dag)?)"
#define HTML_TAGS                                                              \
    "p|br|b|i|u|s|em|strong|span|div|a|ul|ol|li|h[1-6]|table|tr|td|th|thead"   \
    "|tbody|sup|sub|hr|img|font|small|big|blockquote|pre|code|strike|del"      \
    "|ins|mark|center|nobr|stycke|fet|kursiv|rubrik|avsnitt|lista|punkt"       \
    "|citat|fotnot|lank|tabell|cell|rad"
/* A hyphen or a dash with white space on both sides. */
#define SPACED_DASH "\\h+[-–—]\\h+"

enum {
    RE_MINUS,        /* TYPO-01 */
    RE_MKR,          /* TYPO-02 */
    RE_RANGE_SPACED, /* TYPO-03 */
    RE_RANGE_HYPHEN, /* TYPO-03 */
    RE_RANGE_NAMES,  /* TYPO-03 */
    RE_DIGITS,       /* TYPO-04 */
    RE_PERCENT,      /* TYPO-05 */
    RE_PLACEHOLDER,  /* TEXT-01 */
    RE_OMISSION,     /* TEXT-01 */
    RE_ONLY_FILLER,  /* TEXT-01 */
    RE_TAG,          /* TEXT-02 */
    RE_ENTITY,       /* TEXT-02 */
    RE_COUNT
};

static const struct {
    const char *pattern;
    uint32_t options;
} patterns[RE_COUNT] = {
    /* a hyphen right before a figure, where a sign would stand: not inside
     * words, codes or ranges (covid-19, 2023/0123-4, 2024-2025) */
    [RE_MINUS] = {"(?<![^\\s(\\[{\"'“”«»=:;])-[0-9]+(?:[ \\x{00A0}\\x{202F}]"
                  "[0-9]{3}(?![0-9]))*(?:,[0-9]+)?",
                  0},
    [RE_MKR] = {"\\bmkr\\b", PCRE2_CASELESS},
    /* two figures around a spaced hyphen or dash: 5 – 7, 2023 - 2024 */
    [RE_RANGE_SPACED] = {NOT_AFTER "(" NUM_GROUPED ")" SPACED_DASH
                                   "(" NUM_GROUPED ")(?![\\p{L}\\p{N}])",
                         0},
    /* two figures around a hyphen: 2024-2025, 5-7; which of them are
     * ranges is decided in code (identifiers, phone numbers, ISO dates) */
    [RE_RANGE_HYPHEN] = {NOT_AFTER
                         "([0-9]+(?:[.,][0-9]+)?)-([0-9]+(?:[.,][0-9]+)?)"
                         "(?![\\p{L}\\p{N}\\p{Pd}/_@−]|[.,][0-9])",
                         0},
    /* two month or weekday names around a hyphen or a spaced dash */
    [RE_RANGE_NAMES] = {"\\b(?:(" MONTHS ")(?:-|" SPACED_DASH ")(" MONTHS
                        ")|(" WEEKDAYS ")(?:-|" SPACED_DASH ")(" WEEKDAYS
                        "))\\b",
                        PCRE2_CASELESS},
    /* five or more digits in a row; what is an amount is decided in code */
    [RE_DIGITS] = {"[0-9]{5,}", 0},
    [RE_PERCENT] = {"(?<![0-9.,])[0-9]+(?:[.,][0-9]+)?%", 0},
    [RE_PLACEHOLDER] = {"\\blorem\\s+ipsum\\b|\\bx{3,}\\b|\\b(?-i:TODO|FIXME)"
                        "\\b",
                        PCRE2_CASELESS},
    [RE_OMISSION] = {"\\[\\s*(?:…|\\.\\.\\.)\\s*\\]", 0},
    [RE_ONLY_FILLER] = {"^\\s*(?:text|rubrik)\\s*$", PCRE2_CASELESS},
    /* tags of HTML and of this format, escaped into the text */
    [RE_TAG] = {"</?(?:" HTML_TAGS ")(?:\\s+[a-z][^<>]*?)?\\s*/?>",
                PCRE2_CASELESS},
    [RE_ENTITY] = {"&(?:([A-Za-z][A-Za-z0-9]{1,31})|#([0-9]{1,7})|#[xX]("
                   "[0-9A-Fa-f]{1,6}));",
                   0},
};

/* What a text must hold for a pattern to have a chance: the lints run
 * many patterns over all the text, and most texts hold no figure next to
 * a dash, no '%', '<' or '&' at all, so one cheap scan per text spares
 * most of the matching (it was most of the time of the lints). Each
 * feature is implied by every match of the patterns that need it, so the
 * filter never hides a finding: the figures are ASCII digits ([0-9] in the
 * patterns) and every range has a dash with a figure or a letter right
 * next to it (across horizontal space). */
enum {
    F_MINUS = 1u << 0,        /* '-' right before a digit */
    F_DIGIT_DASH = 1u << 1,   /* digit, dash, digit (spaces allowed) */
    F_WORD_DASH = 1u << 2,    /* letter, dash, letter (spaces allowed) */
    F_DIGITS5 = 1u << 3,      /* five digits in a row */
    F_PERCENT = 1u << 4,      /* digit then '%' */
    F_LT = 1u << 5,           /* '<' */
    F_AMP = 1u << 6,          /* '&' */
    F_BRACKET = 1u << 7,      /* '[' */
    F_MKR = 1u << 8,          /* "mkr" in any case */
    F_SHORT = 1u << 9,        /* under 16 bytes */
    F_PLACEHOLDER = 1u << 10, /* "lorem", "xxx", "TODO", "FIXME" */
    F_ALL = 0x7FFu
};
static const unsigned need[RE_COUNT] = {
    [RE_MINUS] = F_MINUS,
    [RE_MKR] = F_MKR,
    [RE_RANGE_SPACED] = F_DIGIT_DASH,
    [RE_RANGE_HYPHEN] = F_DIGIT_DASH,
    [RE_RANGE_NAMES] = F_WORD_DASH,
    [RE_DIGITS] = F_DIGITS5,
    [RE_PERCENT] = F_PERCENT,
    [RE_PLACEHOLDER] = F_PLACEHOLDER,
    [RE_OMISSION] = F_BRACKET,
    [RE_ONLY_FILLER] = F_SHORT,
    [RE_TAG] = F_LT,
    [RE_ENTITY] = F_AMP,
};

static bool ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of the horizontal space (PCRE2's \h) starting at byte i, 0 when
 * there is none. */
static size_t hspace_at(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t')
        return 1;
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)
        return 2; /* U+00A0 */
    if (c == 0xE1 && i + 2 < len &&
        (((unsigned char)s[i + 1] == 0x9A && (unsigned char)s[i + 2] == 0x80) ||
         ((unsigned char)s[i + 1] == 0xA0 && (unsigned char)s[i + 2] == 0x8E)))
        return 3; /* U+1680, U+180E */
    if (c == 0xE2 && i + 2 < len) {
        unsigned char b = (unsigned char)s[i + 1], d = (unsigned char)s[i + 2];
        if ((b == 0x80 && (d <= 0x8A || d == 0xAF)) || (b == 0x81 && d == 0x9F))
            return 3; /* U+2000..U+200A, U+202F, U+205F */
    }
    if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80)
        return 3; /* U+3000 */
    return 0;
}

/* The byte before the horizontal space that ends at byte i (i itself when
 * there is none); 0 when only space precedes. */
static size_t skip_hspace_back(const char *s, size_t len, size_t i)
{
    while (i > 0) {
        size_t k = i - 1;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        if (hspace_at(s, len, k) != i - k)
            break;
        i = k;
    }
    return i;
}

static size_t skip_hspace(const char *s, size_t len, size_t i)
{
    size_t n;
    while (i < len && (n = hspace_at(s, len, i)) > 0)
        i += n;
    return i;
}

/* Length of the dash at byte i: '-', U+2013, U+2014 or U+2212; 0 if none. */
static size_t dash_at(const char *s, size_t len, size_t i)
{
    if (s[i] == '-')
        return 1;
    if ((unsigned char)s[i] == 0xE2 && i + 2 < len &&
        (((unsigned char)s[i + 1] == 0x80 &&
          ((unsigned char)s[i + 2] == 0x93 ||
           (unsigned char)s[i + 2] == 0x94)) ||
         ((unsigned char)s[i + 1] == 0x88 && (unsigned char)s[i + 2] == 0x92)))
        return 3;
    return 0;
}

static bool at_word(const char *s, size_t len, size_t i, const char *w,
                    bool fold)
{
    size_t n = strlen(w);
    return i + n <= len &&
           (fold ? strncasecmp(s + i, w, n) == 0 : memcmp(s + i, w, n) == 0);
}

static unsigned features(const char *s, size_t len)
{
    unsigned f = len < 16 ? F_SHORT : 0;
    size_t run = 0; /* digits in a row */
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (ascii_digit(c)) {
            if (++run >= 5)
                f |= F_DIGITS5;
            if (i + 1 < len && s[i + 1] == '%')
                f |= F_PERCENT;
            continue;
        }
        run = 0;
        size_t dl =
            (c == '-' || (unsigned char)c == 0xE2) ? dash_at(s, len, i) : 0;
        if (dl) {
            if (c == '-' && i + 1 < len && ascii_digit(s[i + 1]))
                f |= F_MINUS;
            size_t b = skip_hspace_back(s, len, i);
            size_t a = skip_hspace(s, len, i + dl);
            if (b > 0 && a < len) {
                if (ascii_digit(s[b - 1]) && ascii_digit(s[a]))
                    f |= F_DIGIT_DASH;
                if (ascii_letter(s[b - 1]) && ascii_letter(s[a]))
                    f |= F_WORD_DASH;
            }
            i += dl - 1;
            continue;
        }
        switch (c) {
        case '%':
            break;
        case '<':
            f |= F_LT;
            break;
        case '&':
            f |= F_AMP;
            break;
        case '[':
            f |= F_BRACKET;
            break;
        case 'k':
        case 'K':
            if (i > 0 && i + 1 < len && (s[i - 1] | 0x20) == 'm' &&
                (s[i + 1] | 0x20) == 'r')
                f |= F_MKR;
            break;
        case 'l':
        case 'L':
            if (at_word(s, len, i, "lorem", true))
                f |= F_PLACEHOLDER;
            break;
        case 'x':
        case 'X':
            if (i + 2 < len && (s[i + 1] | 0x20) == 'x' &&
                (s[i + 2] | 0x20) == 'x')
                f |= F_PLACEHOLDER;
            break;
        case 'T':
            if (at_word(s, len, i, "TODO", false))
                f |= F_PLACEHOLDER;
            break;
        case 'F':
            if (at_word(s, len, i, "FIXME", false))
                f |= F_PLACEHOLDER;
            break;
        default:
            break;
        }
    }
    return f;
}

/* The lints' patterns, compiled once by the engine (lint_patterns_new)
 * and only read afterwards: any number of documents may be linted with
 * them at the same time. */
struct lint_patterns {
    pcre2_code *re[RE_COUNT];
};

lint_patterns *lint_patterns_new(void)
{
    lint_patterns *lp = xcalloc(1, sizeof *lp);
    bool jit = validate_use_jit();
    for (int i = 0; i < RE_COUNT; i++) {
        int err;
        PCRE2_SIZE at;
        lp->re[i] = pcre2_compile(
            (PCRE2_SPTR)patterns[i].pattern, PCRE2_ZERO_TERMINATED,
            PCRE2_UTF | PCRE2_UCP | patterns[i].options, &err, &at, NULL);
        if (lp->re[i] && jit)
            pcre2_jit_compile(lp->re[i], PCRE2_JIT_COMPLETE); /* speed */
        /* a pattern that does not compile is a bug the tests catch (every
         * lint has a golden test); the lint is then skipped */
    }
    return lp;
}

void lint_patterns_free(lint_patterns *lp)
{
    if (!lp)
        return;
    for (int i = 0; i < RE_COUNT; i++)
        pcre2_code_free(lp->re[i]);
    free(lp);
}

/* A piece of a unit's text: bytes [start, start + len) come from text node
 * node, or, for U+FFFC, stand for node (a fotnot or ref). */
typedef struct {
    const doc_node *node;
    size_t start, len;
} seg;

typedef struct {
    char *s;
    size_t len, cap;
    seg *segs;
    size_t nseg, capseg;
} unit;

typedef struct lint_ctx {
    const doc *d;
    diag_list *dl;
    const char *file;
    pcre2_match_data *md;
    unit u;
    const doc_node *n; /* the unit being read */
    const lint_patterns *lp;
    unsigned have; /* features of the unit's text (F_ALL outside lint_unit) */
} lint_ctx;

/* The next match of pattern i in s[0, len) at or after *from: its bounds in
 * *ms, *me (and the match data in md); *from moves past it. s must be valid
 * UTF-8 (checked once per unit, not at every call: that would make many
 * matches in one long text quadratic). */
static bool next_match(const lint_ctx *c, int i, const char *s, size_t len,
                       size_t *from, pcre2_match_data *md, size_t *ms,
                       size_t *me)
{
    const pcre2_code *re = c->lp->re[i];
    if (!re || *from > len || (c->have & need[i]) != need[i])
        return false;
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, *from, PCRE2_NO_UTF_CHECK, md,
                         NULL);
    if (rc < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    *ms = ov[0];
    *me = ov[1];
    *from = ov[1];
    if (ov[1] == ov[0]) /* an empty match: on to the next character */
        do
            (*from)++;
        while (*from < len && ((unsigned char)s[*from] & 0xC0) == 0x80);
    return true;
}

/* Bounds of capture group g of the last match; false when it did not take
 * part. */
static bool group(pcre2_match_data *md, int g, size_t *gs, size_t *ge)
{
    if ((uint32_t)g >= pcre2_get_ovector_count(md))
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (ov[2 * g] == PCRE2_UNSET)
        return false;
    *gs = ov[2 * g];
    *ge = ov[2 * g + 1];
    return true;
}

/* --- the text of a unit
 * -------------------------------------------------------
 */

static void unit_put(unit *u, const doc_node *node, const char *s, size_t n)
{
    if (u->len + n + 1 > u->cap) {
        while (u->len + n + 1 > u->cap)
            u->cap = u->cap ? u->cap * 2 : 256;
        u->s = xrealloc(u->s, u->cap);
    }
    if (u->nseg == u->capseg) {
        u->capseg = u->capseg ? u->capseg * 2 : 16;
        u->segs = xrealloc(u->segs, u->capseg * sizeof *u->segs);
    }
    u->segs[u->nseg++] = (seg){node, u->len, n};
    memcpy(u->s + u->len, s, n);
    u->len += n;
    u->s[u->len] = '\0';
}

/* Block kinds that are units of their own when nested in another unit. */
static bool is_nested_block(doc_kind k)
{
    return k == DOC_PARA || k == DOC_LIST || k == DOC_ITEM;
}

/* Reads the text of unit node n into u. */
static void unit_read(unit *u, const doc_node *n)
{
    u->len = 0;
    u->nseg = 0;
    if (u->s)
        u->s[0] = '\0';
    doc_iter it;
    doc_iter_init(&it, (doc_node *)n);
    for (doc_node *x; doc_iter_enter(&it, &x);) {
        if (x == n)
            continue;
        doc_kind k = doc_node_kind(x);
        if (k == DOC_TEXT) {
            const char *t = doc_node_text(x);
            unit_put(u, x, t, strlen(t));
        } else if (k == DOC_FOOTNOTE || k == DOC_REF) {
            unit_put(u, x, "\xEF\xBF\xBC", 3); /* U+FFFC */
            doc_iter_skip_children(&it);
        } else if (is_nested_block(k)) {
            doc_iter_skip_children(&it);
        }
    }
}

/* Source position of byte off of the unit's text. */
static void unit_pos(const unit *u, const doc_node *n, size_t off,
                     uint32_t *line, uint32_t *col)
{
    *line = doc_node_line(n);
    *col = doc_node_col(n);
    if (u->nseg == 0)
        return;
    size_t lo = 0, hi = u->nseg;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (u->segs[mid].start <= off)
            lo = mid;
        else
            hi = mid;
    }
    const seg *g = &u->segs[lo];
    if (doc_node_kind(g->node) == DOC_TEXT) {
        doc_node_text_pos(g->node, off - g->start, line, col);
    } else {
        *line = doc_node_line(g->node);
        *col = doc_node_col(g->node);
    }
}

/* --- context
 * --------------------------------------------------------------------
 */

enum { SNIPPET_MAX = 60 };

/* s[from, to) as a short quotable string in buf, cut at a code point
 * boundary with "…" when long. */
static const char *snippet(char *buf, size_t size, const char *s, size_t from,
                           size_t to)
{
    size_t n = to - from;
    bool cut = false;
    if (n > SNIPPET_MAX) {
        n = SNIPPET_MAX;
        while (n > 0 && ((unsigned char)s[from + n] & 0xC0) == 0x80)
            n--;
        cut = true;
    }
    if (n + 4 > size)
        n = size - 4;
    memcpy(buf, s + from, n);
    if (cut)
        memcpy(buf + n, "…", 4);
    else
        buf[n] = '\0';
    return buf;
}

/* Reports rule at byte off of the unit's text, with the message key (quoting
 * the snippet) and the hint key (with one string argument). */
static void report(lint_ctx *c, size_t off, const char *rule, msg_key key,
                   const char *quote, msg_key hint, const char *hint_arg)
{
    uint32_t line, col;
    unit_pos(&c->u, c->n, off, &line, &col);
    diag *x =
        diag_add(c->dl, DIAG_WARNING, c->file, line, col, rule, key, quote);
    diag_hint(c->dl, x, hint, hint_arg);
}

/* The code point before byte i of s (0 at the start). */
static uint32_t cp_before(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    size_t k = i - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    const char *p = s + k;
    return utf8_next(&p, s + i);
}

static uint32_t cp_at(const char *s, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    const char *p = s + i;
    return utf8_next(&p, s + len);
}

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* ASCII letters and the letters of Swedish and its neighbours; enough to
 * tell a code (N03937, 12345kr) from a figure. */
static bool is_letter(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* --- TYPO-01
 * ---------------------------------------------------------------------
 */

/* Whether s[a, b) is a year, 1900 to 2099. */
static bool is_year(const char *s, size_t a, size_t b)
{
    return b - a == 4 && ((s[a] == '1' && s[a + 1] == '9') ||
                          (s[a] == '2' && s[a + 1] == '0'));
}

/* Whether the word that ends just before byte i (and a space) names a
 * time: "våren -23" abbreviates a year, it is no minus sign. */
static bool after_time_word(const char *s, size_t i)
{
    static const char *const words[] = {
        "våren",    "hösten",   "sommaren", "vintern",  "år",        "året",
        "vt",       "ht",       "januari",  "februari", "mars",      "april",
        "maj",      "juni",     "juli",     "augusti",  "september", "oktober",
        "november", "december", "VM",       "OS",       "EM",
    };
    if (i < 2 || s[i - 1] != ' ')
        return false;
    size_t e = i - 1, b = e;
    while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '(')
        b--;
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (strlen(words[k]) == e - b &&
            strncasecmp(words[k], s + b, e - b) == 0)
            return true;
    return false;
}

static void lint_minus(lint_ctx *c)
{
    const char *s = c->u.s;
    size_t from = 0, ms, me;
    while (next_match(c, RE_MINUS, s, c->u.len, &from, c->md, &ms, &me)) {
        char q[96], fix[100];
        snippet(q, sizeof q, s, ms, me);
        if (me - ms == 3 && after_time_word(s, ms))
            continue; /* våren -23 */
        if (me - ms == 5 && is_year(s, ms + 1, me) &&
            (me == c->u.len || s[me] == ')' || s[me] == ']')) {
            /* (-2019): a range open at the start, "up to 2019" */
            snprintf(fix, sizeof fix, "–%s", q + 1);
            report(c, ms, "TYPO-03", MSG_LINT_RANGE, q, MSG_LINT_RANGE_HINT,
                   fix);
            continue;
        }
        snprintf(fix, sizeof fix, "−%s", q + 1);
        report(c, ms, "TYPO-01", MSG_LINT_MINUS, q, MSG_LINT_MINUS_HINT, fix);
    }
}

/* --- TYPO-02
 * ---------------------------------------------------------------------
 */

static void lint_mkr(lint_ctx *c)
{
    const char *s = c->u.s;
    size_t from = 0, ms, me;
    while (next_match(c, RE_MKR, s, c->u.len, &from, c->md, &ms, &me)) {
        char q[16];
        snippet(q, sizeof q, s, ms, me);
        report(c, ms, "TYPO-02", MSG_LINT_MKR, q, MSG_LINT_MKR_HINT, NULL);
    }
}

/* --- TYPO-03
 * ---------------------------------------------------------------------
 */

/* Value of a plain figure s[a, b) ("2024", "8.30", "2,5"); -1 if too long. */
static double figure_value(const char *s, size_t a, size_t b)
{
    double v = 0, scale = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '.' || s[i] == ',') {
            scale = 1;
            continue;
        }
        if (!is_digit((unsigned char)s[i]))
            continue;
        if (scale > 0) {
            scale /= 10;
            v += (s[i] - '0') * scale;
        } else {
            v = v * 10 + (s[i] - '0');
        }
        if (v > 1e15)
            return -1;
    }
    return v;
}

/* Whether "s[a1,b1)-s[a2,b2)" (two plain figures around a hyphen) is a
 * range: the second figure is larger, read as replacing the last digits of
 * the first when shorter (2024-25). Not ranges: phone numbers (08-540),
 * numbers with a leading zero after the hyphen (2023-0123, 2023-08), codes
 * counting down (14289-1), a number and a year (Dnr 79-2015, a report
 * 2014-7). */
static bool is_hyphen_range(const char *s, size_t a1, size_t b1, size_t a2,
                            size_t b2)
{
    bool int1 = !memchr(s + a1, ',', b1 - a1) && !memchr(s + a1, '.', b1 - a1);
    bool int2 = !memchr(s + a2, ',', b2 - a2) && !memchr(s + a2, '.', b2 - a2);
    if (s[a1] == '0' && int1 && b1 - a1 >= 2)
        return false; /* area code */
    if (s[a2] == '0' && b2 - a2 >= 2 && int2)
        return false;
    bool year1 = int1 && is_year(s, a1, b1), year2 = int2 && is_year(s, a2, b2);
    if (year2 && !year1)
        return false; /* a number and a year: Dnr 79-2015 */
    if (int1 && int2 && b2 - a2 < b1 - a1) {
        /* only 2024-25: a year and the last two digits of a later one */
        if (!year1 || b2 - a2 != 2)
            return false;
        return figure_value(s, b1 - 2, b1) < figure_value(s, a2, b2);
    }
    double v1 = figure_value(s, a1, b1), v2 = figure_value(s, a2, b2);
    return v1 >= 0 && v2 >= 0 && v1 < v2;
}

static void report_range(lint_ctx *c, size_t ms, size_t me, size_t a1,
                         size_t b1, size_t a2, size_t b2)
{
    const char *s = c->u.s;
    char q[96], x[96], y[96], fix[200];
    snippet(q, sizeof q, s, ms, me);
    snippet(x, sizeof x, s, a1, b1);
    snippet(y, sizeof y, s, a2, b2);
    snprintf(fix, sizeof fix, "%s–%s", x, y);
    report(c, ms, "TYPO-03", MSG_LINT_RANGE, q, MSG_LINT_RANGE_HINT, fix);
}

static void lint_ranges(lint_ctx *c)
{
    const char *s = c->u.s;
    size_t from = 0, ms, me, a1, b1, a2, b2;
    while (next_match(c, RE_RANGE_SPACED, s, c->u.len, &from, c->md, &ms, &me))
        if (group(c->md, 1, &a1, &b1) && group(c->md, 2, &a2, &b2))
            report_range(c, ms, me, a1, b1, a2, b2);
    from = 0;
    while (next_match(c, RE_RANGE_HYPHEN, s, c->u.len, &from, c->md, &ms, &me))
        if (group(c->md, 1, &a1, &b1) && group(c->md, 2, &a2, &b2) &&
            is_hyphen_range(s, a1, b1, a2, b2))
            report_range(c, ms, me, a1, b1, a2, b2);
    from = 0;
    while (next_match(c, RE_RANGE_NAMES, s, c->u.len, &from, c->md, &ms, &me)) {
        if (group(c->md, 1, &a1, &b1) && group(c->md, 2, &a2, &b2))
            report_range(c, ms, me, a1, b1, a2, b2);
        else if (group(c->md, 3, &a1, &b1) && group(c->md, 4, &a2, &b2))
            report_range(c, ms, me, a1, b1, a2, b2);
    }
}

/* --- TYPO-04
 * ---------------------------------------------------------------------
 */

/* Whether the digits s[ms, me) are an ungrouped amount, not a code: not
 * glued to letters or to / : . , - _ # + @ (SFS 2018:1937, N03937,
 * dnr 2023/01234, 0,12345, 08-540), not starting with 0; a minus sign
 * before it is fine, and so are decimals after it (63474,5). */
static bool is_ungrouped_amount(const char *s, size_t len, size_t ms, size_t me)
{
    if (s[ms] == '0')
        return false;
    uint32_t b = cp_before(s, ms);
    if (b == '-' || b == 0x2212) {
        /* a sign only where a sign can stand */
        size_t k = ms - (b == '-' ? 1 : 3);
        uint32_t bb = cp_before(s, k);
        if (!(bb == 0 || utf8_is_space(bb) || bb == 0xA0 || bb == '(' ||
              bb == '['))
            return false;
    } else if (b != 0 &&
               (is_letter(b) || is_digit(b) ||
                (b < 0x80 && strchr("/:.,_#+@&", (int)b)) || b == 0xA7 ||
                b == 0x2013 || b == 0x2010 || b == 0x2011)) {
        return false; /* § too: 12345 § would be odd, § 12345 is a code */
    }
    uint32_t a = cp_at(s, len, me);
    if (a != 0 && (is_letter(a) || (a < 0x80 && strchr("/:-_@", (int)a)) ||
                   a == 0x2013 || a == 0x2212 || a == 0x2010 || a == 0x2011))
        return false;
    if (a == '.' && is_digit(cp_at(s, len, me + 1)))
        return false;
    return true;
}

static void lint_grouping(lint_ctx *c)
{
    const char *s = c->u.s;
    size_t from = 0, ms, me;
    while (next_match(c, RE_DIGITS, s, c->u.len, &from, c->md, &ms, &me)) {
        if (me - ms > 30 || !is_ungrouped_amount(s, c->u.len, ms, me))
            continue;
        char q[96], fix[160];
        snippet(q, sizeof q, s, ms, me);
        size_t n = me - ms, k = 0;
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && (n - i) % 3 == 0) {
                memcpy(fix + k, "\xC2\xA0", 2); /* U+00A0 */
                k += 2;
            }
            fix[k++] = s[ms + i];
        }
        fix[k] = '\0';
        report(c, ms, "TYPO-04", MSG_LINT_GROUPING, q, MSG_LINT_GROUPING_HINT,
               fix);
    }
}

/* --- TYPO-05
 * ---------------------------------------------------------------------
 */

static void lint_percent(lint_ctx *c)
{
    const char *s = c->u.s;
    size_t from = 0, ms, me;
    while (next_match(c, RE_PERCENT, s, c->u.len, &from, c->md, &ms, &me)) {
        char q[96], fix[100];
        snippet(q, sizeof q, s, ms, me);
        snprintf(fix, sizeof fix, "%.*s\xC2\xA0%%", (int)(strlen(q) - 1), q);
        report(c, ms, "TYPO-05", MSG_LINT_PERCENT, q, MSG_LINT_PERCENT_HINT,
               fix);
    }
}

/* --- TEXT-01, TEXT-02
 * ---------------------------------------------------------------
 */

static bool inside(const doc_node *n, doc_kind k)
{
    for (; n; n = doc_node_parent(n))
        if (doc_node_kind(n) == k)
            return true;
    return false;
}

static void lint_placeholders(lint_ctx *c, bool whole_text)
{
    const char *s = c->u.s;
    size_t from = 0, ms, me;
    char q[96];
    while (next_match(c, RE_PLACEHOLDER, s, c->u.len, &from, c->md, &ms, &me))
        report(c, ms, "TEXT-01", MSG_LINT_PLACEHOLDER,
               snippet(q, sizeof q, s, ms, me), MSG_LINT_PLACEHOLDER_HINT,
               NULL);
    if (!inside(c->n, DOC_QUOTE)) {
        from = 0;
        while (next_match(c, RE_OMISSION, s, c->u.len, &from, c->md, &ms, &me))
            report(c, ms, "TEXT-01", MSG_LINT_OMISSION,
                   snippet(q, sizeof q, s, ms, me), MSG_LINT_OMISSION_HINT,
                   NULL);
    }
    from = 0;
    if (whole_text &&
        next_match(c, RE_ONLY_FILLER, s, c->u.len, &from, c->md, &ms, &me)) {
        while (ms < me && s[ms] == ' ')
            ms++;
        while (me > ms && s[me - 1] == ' ')
            me--;
        report(c, ms, "TEXT-01", MSG_LINT_PLACEHOLDER,
               snippet(q, sizeof q, s, ms, me), MSG_LINT_PLACEHOLDER_HINT,
               NULL);
    }
}

/* What to write instead of the entity &name; (or a character reference
 * whose code point is cp), in the hint. */
static const char *entity_advice(lint_ctx *c, const char *name, uint32_t cp,
                                 char *buf, size_t size)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } known[] = {
        {"amp", '&'},       {"lt", '<'},       {"gt", '>'},
        {"quot", '"'},      {"apos", '\''},    {"aring", 0xE5},
        {"auml", 0xE4},     {"ouml", 0xF6},    {"Aring", 0xC5},
        {"Auml", 0xC4},     {"Ouml", 0xD6},    {"eacute", 0xE9},
        {"ndash", 0x2013},  {"mdash", 0x2014}, {"minus", 0x2212},
        {"hellip", 0x2026}, {"shy", 0xAD},     {"nbsp", 0xA0},
    };
    msg_lang lang = diag_list_lang(c->dl);
    if (name) {
        cp = 0;
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
            if (strcmp(known[i].name, name) == 0)
                cp = known[i].cp;
    }
    if (cp == 0xA0 || cp == 0x202F)
        return msg_text(lang, MSG_LINT_ENTITY_NBSP);
    if (cp < 0x20 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
        cp == 0xAD)
        return msg_text(lang, MSG_LINT_ENTITY_OTHER);
    char ch[5];
    ch[utf8_encode(cp, ch)] = '\0';
    const char *xml = cp == '&'   ? "&amp;"
                      : cp == '<' ? "&lt;"
                      : cp == '>' ? "&gt;"
                                  : NULL;
    if (xml)
        snprintf(buf, size, msg_text(lang, MSG_LINT_ENTITY_CHAR), ch, xml);
    else
        snprintf(buf, size, msg_text(lang, MSG_LINT_ENTITY_PLAIN), ch);
    return buf;
}

static void lint_markup(lint_ctx *c)
{
    const char *s = c->u.s;
    size_t from = 0, ms, me, gs, ge;
    char q[96];
    while (next_match(c, RE_TAG, s, c->u.len, &from, c->md, &ms, &me))
        report(c, ms, "TEXT-02", MSG_LINT_TAG, snippet(q, sizeof q, s, ms, me),
               MSG_LINT_TAG_HINT, NULL);
    from = 0;
    while (next_match(c, RE_ENTITY, s, c->u.len, &from, c->md, &ms, &me)) {
        char name[40] = "", advice[200];
        uint32_t cp = 0;
        if (group(c->md, 1, &gs, &ge))
            snprintf(name, sizeof name, "%.*s", (int)(ge - gs), s + gs);
        else if (group(c->md, 2, &gs, &ge))
            cp = (uint32_t)strtoul(s + gs, NULL, 10);
        else if (group(c->md, 3, &gs, &ge))
            cp = (uint32_t)strtoul(s + gs, NULL, 16);
        const char *adv =
            entity_advice(c, name[0] ? name : NULL, cp, advice, sizeof advice);
        report(c, ms, "TEXT-02", MSG_LINT_ENTITY,
               snippet(q, sizeof q, s, ms, me), MSG_LINT_ENTITY_HINT, adv);
    }
}

/* --- STR-03
 * ----------------------------------------------------------------------
 */

/* Finds typed numbering at the start of text: true with the number in
 * [*ns, *ne) and the bytes to skip (number and the spaces after it) in
 * *skip. */
static bool find_heading_number(const char *text, size_t len,
                                pcre2_match_data *md, size_t *ns, size_t *ne,
                                size_t *skip)
{
    (void)len;
    (void)md;
    return doc_typed_number(text, ns, ne, skip);
}

const char *heading_strip_number(const char *text, size_t *skip)
{
    size_t ns, ne;
    *skip = 0;
    if (text && !doc_typed_number(text, &ns, &ne, skip))
        *skip = 0;
    return text ? text + *skip : text;
}

static void lint_heading_number(lint_ctx *c)
{
    size_t ns, ne, skip;
    if (!find_heading_number(c->u.s, c->u.len, c->md, &ns, &ne, &skip))
        return;
    char q[96];
    snippet(q, sizeof q, c->u.s, ns, ne);
    report(c, ns, "STR-03", MSG_LINT_HEADING_NUMBER, q,
           MSG_LINT_HEADING_NUMBER_HINT, q);
}

/* --- STR-02
 * ----------------------------------------------------------------------
 */

/* Whether the text of a paragraph, list or quotation has anything but
 * white space (footnotes not counted). */
static bool has_text(const doc_node *n)
{
    doc_iter it;
    doc_iter_init(&it, (doc_node *)n);
    for (doc_node *x; doc_iter_enter(&it, &x);) {
        doc_kind k = doc_node_kind(x);
        if (k == DOC_FOOTNOTE && x != n) {
            doc_iter_skip_children(&it);
        } else if (k == DOC_TEXT) {
            for (const char *t = doc_node_text(x); t && *t; t++)
                if (*t != ' ')
                    return true;
        }
    }
    return false;
}

bool section_has_content(const doc_node *section)
{
    doc_iter it;
    doc_iter_init(&it, (doc_node *)section);
    for (doc_node *x; doc_iter_enter(&it, &x);) {
        switch (doc_node_kind(x)) {
        case DOC_TABLE:
        case DOC_CHART:
        case DOC_IMAGE:
            return true;
        case DOC_PARA:
        case DOC_LIST:
        case DOC_QUOTE:
            if (has_text(x))
                return true;
            doc_iter_skip_children(&it);
            break;
        case DOC_HEADING:
            doc_iter_skip_children(&it);
            break;
        default:
            break;
        }
    }
    return false;
}

static void lint_empty_section(lint_ctx *c, const doc_node *sec,
                               const doc_node *const *skip, size_t nskip)
{
    for (const doc_node *x = doc_node_first_child(sec); x; x = doc_node_next(x))
        if (doc_node_kind(x) == DOC_SECTION)
            return; /* its subsections are judged one by one */
    if (section_has_content(sec))
        return;
    for (size_t i = 0; i < nskip; i++)
        if (skip[i] == sec)
            return; /* a heading rule has said so already, as an error */
    const doc_node *h = doc_node_child(sec, DOC_HEADING);
    const doc_node *at = h ? h : sec;
    char q[96] = "";
    if (h) {
        char *t = doc_node_plain_text_dup(h);
        snippet(q, sizeof q, t, 0, strlen(t));
        free(t);
    }
    diag *x = diag_add(c->dl, DIAG_WARNING, c->file, doc_node_line(at),
                       doc_node_col(at), "STR-02", MSG_LINT_EMPTY_SECTION, q);
    diag_hint(c->dl, x, MSG_LINT_EMPTY_SECTION_HINT);
}

/* --- the walk
 * ----------------------------------------------------------------------
 */

/* Whether a cell holds a figure the tool formats: a single-column cell of a
 * belopp, tal or procent column in a data or sum row (as check_row in
 * validate.c reads them). */
static bool is_numeric_cell(const doc_node *cell)
{
    const doc_node *row = doc_node_parent(cell);
    if (!row)
        return false;
    doc_kind rk = doc_node_kind(row);
    if (rk != DOC_ROW && rk != DOC_SUMROW)
        return false;
    if (rk == DOC_ROW && doc_row_type_of(row) == DOC_ROW_RUBRIK)
        return false;
    if (doc_cell_span(cell) != 1)
        return false;
    int colno = 0;
    for (const doc_node *x = doc_node_first_child(row); x && x != cell;
         x = doc_node_next(x))
        if (doc_node_kind(x) == DOC_CELL) {
            colno += doc_cell_span(x);
        }
    const doc_node *table = row;
    while (table && doc_node_kind(table) != DOC_TABLE)
        table = doc_node_parent(table);
    if (!table)
        return false;
    for (const doc_node *x = doc_node_first_child(table); x;
         x = doc_node_next(x))
        if (doc_node_kind(x) == DOC_COLUMN && colno-- == 0)
            return doc_col_type_numeric(doc_column_type(x));
    return false;
}

static void lint_unit(lint_ctx *c, const doc_node *n)
{
    c->n = n;
    unit_read(&c->u, n);
    if (c->u.len == 0)
        return; /* the parser gives valid UTF-8 only: no check here */
    doc_kind k = doc_node_kind(n);
    bool whole_text = k != DOC_COLUMN && k != DOC_SOURCE &&
                      !(k == DOC_CELL && doc_node_parent(n) &&
                        doc_node_kind(doc_node_parent(n)) == DOC_HEADROW);
    c->have = features(c->u.s, c->u.len);
    if (k == DOC_HEADING)
        lint_heading_number(c);
    lint_minus(c);
    lint_mkr(c);
    lint_ranges(c);
    lint_grouping(c);
    lint_percent(c);
    lint_placeholders(c, whole_text);
    lint_markup(c);
    c->have = F_ALL;
}

void lint_document(const doc *d, const lint_patterns *lp, diag_list *dl)
{
    lint_ctx c = {
        .d = d, .dl = dl, .file = doc_path(d), .lp = lp, .have = F_ALL};
    c.md = pcre2_match_data_create(8, NULL);
    if (!c.md)
        die_oom();
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *n; doc_iter_enter(&it, &n);) {
        switch (doc_node_kind(n)) {
        case DOC_CELL:
            if (is_numeric_cell(n)) {
                doc_iter_skip_children(&it);
                break;
            }
            lint_unit(&c, n);
            break;
        case DOC_PARA:
        case DOC_ITEM:
        case DOC_QUOTE:
        case DOC_HEADING:
        case DOC_CAPTION:
        case DOC_SOURCE:
        case DOC_COLUMN:
        case DOC_FOOTNOTE:
            lint_unit(&c, n);
            break;
        default:
            break;
        }
    }
    pcre2_match_data_free(c.md);
    free(c.u.s);
    free(c.u.segs);
}

void lint_empty_sections(const doc *d, diag_list *dl,
                         const doc_node *const *skip, size_t nskip)
{
    lint_ctx c = {.d = d, .dl = dl, .file = doc_path(d), .have = F_ALL};
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *n; doc_iter_enter(&it, &n);)
        if (doc_node_kind(n) == DOC_SECTION)
            lint_empty_section(&c, n, skip, nskip);
}
