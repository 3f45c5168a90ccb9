/*
 * pdf_content.c: tightens a painted page's content stream before it is
 * compressed (pdf_compress_page).
 *
 * pdf.c and pdf_tag.c write each text box as a text object of its own in
 * its marked-content sequence: "/P <</MCID n>> BDC BT x y Td [..] TJ ET
 * EMC". A page of running text is then mostly BT, ET and absolute
 * positions, each line's y a new number that deflate cannot predict. Here
 * consecutive text objects become one, and each position is written
 * relative to the line before ("0 -15 Td" for the next line of a
 * paragraph, the same bytes on every page): a quarter less of the
 * compressed page.
 *
 * The rules of nesting stay as PDF 32000-1 8.2 and 14.6 set them: a
 * marked-content sequence opened inside a text object is closed inside
 * it, and one opened outside is closed outside. So a text object is
 * opened before a sequence that holds nothing but text (looked ahead to
 * its EMC), continued across the sequences of text that follow, and
 * closed before a sequence that holds anything else, before the close of
 * a sequence opened outside it, and before any other operator (a rule, a
 * background, an image, a path). Positions are exact: the millipoints of
 * the absolute ones, subtracted.
 *
 * The input is the stream pdf.c wrote: one operator a line, strings with
 * their line ends escaped. Whatever is not as expected (an operator that
 * moves the text position otherwise, a position with more than three
 * decimals, unbalanced operators) leaves the stream as it is: the worst
 * outcome is a larger file.
 */
#include "../common/arena.h"
#include "pdf_internal.h"

#include <stdlib.h>
#include <string.h>

typedef enum {
    L_BT,
    L_ET,
    L_OPEN,  /* BDC, BMC */
    L_CLOSE, /* EMC */
    L_TD,
    L_TEXT,  /* allowed inside and outside a text object, kept in place */
    L_OTHER, /* outside a text object only (or unknown) */
    L_BAD    /* T*, TD, Tm, ', ": positions this file does not track */
} lkind;

typedef struct {
    const unsigned char *s;
    size_t n;
} line;

/* The operator's class, by its name (the line's last word). */
static lkind op_kind(const unsigned char *op, size_t n)
{
    char a = n > 0 ? (char)op[0] : 0, b = n > 1 ? (char)op[1] : 0;
    switch (n) {
    case 1:
        return a == 'g' || a == 'G' || a == 'k' || a == 'K' ? L_TEXT
               : a == '\'' || a == '"'                      ? L_BAD
                                                            : L_OTHER;
    case 2:
        if (a == 'T')
            return b == 'd' ? L_TD
                   : b == 'J' || b == 'j' || b == 'f' || b == 'c' || b == 'w' ||
                           b == 'z' || b == 'L' || b == 's' || b == 'r'
                       ? L_TEXT
                   : b == '*' || b == 'D' || b == 'm' ? L_BAD
                                                      : L_OTHER;
        if (a == 'B' && b == 'T')
            return L_BT;
        if (a == 'E' && b == 'T')
            return L_ET;
        return (b == 'g' && (a == 'r' || a == 'R')) ||
                       (b == 's' && (a == 'c' || a == 'C')) ||
                       (a == 's' && b == 'c') || (a == 'S' && b == 'C')
                   ? L_TEXT
                   : L_OTHER;
    case 3:
        if (memcmp(op, "EMC", 3) == 0)
            return L_CLOSE;
        if (memcmp(op, "BDC", 3) == 0 || memcmp(op, "BMC", 3) == 0)
            return L_OPEN;
        return memcmp(op, "scn", 3) == 0 || memcmp(op, "SCN", 3) == 0 ? L_TEXT
                                                                      : L_OTHER;
    default:
        return L_OTHER;
    }
}

static lkind classify(const line *l)
{
    size_t i = l->n; /* the operator: the last word */
    while (i > 0 && l->s[i - 1] != ' ')
        i--;
    lkind k = op_kind(l->s + i, l->n - i);
    /* BT, ET and EMC stand alone; BDC and BMC have their operands */
    if ((k == L_BT || k == L_ET || k == L_CLOSE) && i > 0)
        return L_BAD;
    if (k == L_OPEN && i == 0)
        return L_BAD;
    return k;
}

/* A number of at most three decimals at s[*p] as millipoints. */
static bool read_milli(const unsigned char *s, size_t n, size_t *p, int64_t *v)
{
    size_t i = *p;
    bool neg = i < n && s[i] == '-';
    i += neg;
    int64_t whole = 0, frac = 0;
    size_t digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 12) {
        whole = whole * 10 + (s[i++] - '0');
        digits++;
    }
    if (digits == 0)
        return false;
    int scale = 1000;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (scale == 1)
                return false; /* a fourth decimal */
            scale /= 10;
            frac += (s[i++] - '0') * scale;
        }
    }
    int64_t m = whole * 1000 + frac;
    *v = neg ? -m : m;
    *p = i;
    return true;
}

/* "x y Td" into millipoints. */
static bool parse_td(const line *l, int64_t *x, int64_t *y)
{
    size_t p = 0;
    if (!read_milli(l->s, l->n, &p, x) || p >= l->n || l->s[p++] != ' ' ||
        !read_milli(l->s, l->n, &p, y))
        return false;
    return p + 3 == l->n && memcmp(l->s + p, " Td", 3) == 0;
}

/* Whether the sequence opened at lines[i] holds nothing but text
 * objects (and sequences of the same), up to its EMC. */
static bool text_only(const lkind *kind, size_t nlines, size_t i)
{
    size_t depth = 1;
    bool bt = false;
    for (size_t j = i + 1; j < nlines; j++) {
        switch (kind[j]) {
        case L_BT:
            if (bt)
                return false;
            bt = true;
            break;
        case L_ET:
            if (!bt)
                return false;
            bt = false;
            break;
        case L_OPEN:
            depth++;
            break;
        case L_CLOSE:
            if (--depth == 0)
                return !bt;
            break;
        case L_TD:
        case L_TEXT:
            if (!bt)
                return false;
            break;
        case L_OTHER:
        case L_BAD:
            return false;
        }
    }
    return false;
}

static void put_line(pdf_buf *o, const line *l)
{
    pdf_buf_put(o, l->s, l->n);
    pdf_buf_put(o, "\n", 1);
}

typedef struct {
    pdf_buf *o;
    bool bt;         /* a text object is open in the input */
    bool obt;        /* ... in the output */
    size_t depth;    /* open sequences */
    size_t bt_depth; /* open sequences when the output's text object began */
    int64_t lx, ly;  /* the output's line start, millipoints */
} tstate;

static void open_text(tstate *st)
{
    pdf_buf_puts(st->o, "BT\n");
    st->obt = true;
    st->bt_depth = st->depth;
    st->lx = st->ly = 0;
}

/* Closes the output's text object; false when a sequence opened inside
 * it is still open. */
static bool close_text(tstate *st)
{
    if (!st->obt)
        return true;
    if (st->depth != st->bt_depth)
        return false;
    pdf_buf_puts(st->o, "ET\n");
    st->obt = false;
    return true;
}

static bool tighten(const line *lines, const lkind *kind, size_t nlines,
                    pdf_buf *o)
{
    tstate st = {.o = o};
    for (size_t i = 0; i < nlines; i++) {
        const line *l = &lines[i];
        switch (kind[i]) {
        case L_BT:
            if (st.bt)
                return false;
            st.bt = true;
            if (!st.obt)
                open_text(&st);
            break;
        case L_ET:
            if (!st.bt)
                return false;
            st.bt = false; /* the output's stays open until it must close */
            break;
        case L_OPEN:
            if (!st.bt) {
                if (text_only(kind, nlines, i)) {
                    if (!st.obt)
                        open_text(&st);
                } else if (!close_text(&st)) {
                    return false;
                }
            }
            put_line(o, l);
            st.depth++;
            break;
        case L_CLOSE:
            if (st.depth == 0)
                return false;
            if (st.obt && st.depth <= st.bt_depth &&
                (st.bt || !close_text(&st)))
                return false;
            put_line(o, l);
            st.depth--;
            break;
        case L_TD: {
            int64_t x, y;
            if (!st.bt || !parse_td(l, &x, &y))
                return false;
            pdf_buf_milli(o, x - st.lx);
            pdf_buf_put(o, " ", 1);
            pdf_buf_milli(o, y - st.ly);
            pdf_buf_puts(o, " Td\n");
            st.lx = x;
            st.ly = y;
            break;
        }
        case L_TEXT:
        case L_OTHER:
            if (!st.bt && !close_text(&st))
                return false;
            put_line(o, l);
            break;
        case L_BAD:
            return false;
        }
    }
    return !st.bt && st.depth == 0 && close_text(&st);
}

bool pdf_content_tighten(const unsigned char *in, size_t n, pdf_buf *out)
{
    if (n == 0 || in[n - 1] != '\n')
        return false;
    size_t nlines = 0, cap = 256;
    line *lines = xmalloc(cap * sizeof *lines);
    for (const unsigned char *s = in, *end = in + n; s < end;) {
        const unsigned char *e = memchr(s, '\n', (size_t)(end - s));
        if (nlines == cap) {
            cap *= 2;
            lines = xrealloc(lines, cap * sizeof *lines);
        }
        lines[nlines++] = (line){s, (size_t)(e - s)};
        s = e + 1;
    }
    lkind *kind = xmalloc(nlines * sizeof *kind);
    for (size_t k = 0; k < nlines; k++)
        kind[k] = classify(&lines[k]);
    size_t mark = out->n;
    bool ok = tighten(lines, kind, nlines, out);
    if (!ok)
        out->n = mark;
    free(lines);
    free(kind);
    return ok;
}
