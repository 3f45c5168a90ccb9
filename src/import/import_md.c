/*
 * import_md.c: a Markdown file (CommonMark, parsed by cmark, the only
 * user of libcmark) into the import builder.
 *
 * cmark gives headings, paragraphs, emphasis, links, quotations, lists and
 * images; every block is walked with cmark's own iterator (cmark_iter, no
 * recursion). CommonMark has no tables, footnotes or metadata, so three
 * widespread conventions are read on top of cmark's result, from the
 * paragraphs it produced and their source lines: a paragraph whose lines
 * all start with '|' and whose second line is a delimiter row (|---|:--:|)
 * is a pipe table (GitHub's form; two pipes with nothing between, "||",
 * let the cell before span one more column, as in MultiMarkdown); "[^id]"
 * in text is a footnote reference whose text is a paragraph starting
 * "[^id]: " (Pandoc, GitHub); a block of "key: value" lines between two
 * "---" lines at the very start gives the metadata (titel/title,
 * forfattare/author, datum/date, organisation, typ). Raw HTML is dropped,
 * a code block becomes a paragraph, each with a warning at its line.
 * Images are read from the Markdown file's own folder and below only;
 * web addresses are never fetched.
 */
#include <cmark.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/utf8.h"
#include "import_internal.h"

typedef struct {
    const char *label;
    cmark_node *para;
    size_t prefix; /* bytes of "[^id]: " to skip in its text */
} md_note;

typedef struct {
    ib *b;
    diag_list *dl;
    const char *path;
    arena *a;
    const char *src; /* the Markdown text given to cmark */
    size_t len;
    uint32_t line_offset; /* lines of front matter before it */
    md_note *notes;
    size_t nnotes;
    cmark_node *title_node;
    int status;
    char *dir; /* the file's folder, resolved */
} md;

/* --- text with footnote references -------------------------------------------
 */

static const md_note *find_note(const md *m, const char *label, size_t n)
{
    for (size_t i = 0; i < m->nnotes; i++)
        if (strlen(m->notes[i].label) == n &&
            strncmp(m->notes[i].label, label, n) == 0)
            return &m->notes[i];
    return NULL;
}

static void inline_walk(md *m, cmark_node *container, size_t skip,
                        bool in_note);

/* Emits text, turning "[^id]" into the footnote id defines. */
static void text_out(md *m, const char *s, unsigned fmt, const char *href,
                     bool in_note)
{
    const char *p = s;
    for (;;) {
        const char *r = strstr(p, "[^");
        const char *e = r ? strchr(r + 2, ']') : NULL;
        const md_note *note =
            e && !in_note ? find_note(m, r + 2, (size_t)(e - r - 2)) : NULL;
        if (!note) {
            if (r && e) {
                char *part = arena_strndup(m->a, p, (size_t)(e + 1 - p));
                ib_run(m->b, part, fmt, href);
                p = e + 1;
                continue;
            }
            ib_run(m->b, p, fmt, href);
            return;
        }
        char *before = arena_strndup(m->a, p, (size_t)(r - p));
        ib_run(m->b, before, fmt, href);
        ib_footnote_begin(m->b);
        inline_walk(m, note->para, note->prefix, true);
        ib_footnote_end(m->b);
        p = e + 1;
    }
}

static void read_image(md *m, cmark_node *img);

/* The inline content of container (a paragraph, heading, footnote), its
 * first skip bytes of text left out. */
static void inline_walk(md *m, cmark_node *container, size_t skip, bool in_note)
{
    cmark_iter *it = cmark_iter_new(container);
    cmark_event_type ev;
    int bold = 0, italic = 0;
    const char *href[32];
    int nhref = 0;
    sbuf text = {0};
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (n == container)
            continue;
        if (t == CMARK_NODE_TEXT) {
            const char *lit = cmark_node_get_literal(n);
            size_t l = strlen(lit);
            if (skip >= l) {
                skip -= l;
                continue;
            }
            sb_add(&text, lit + skip);
            skip = 0;
            continue;
        }
        /* anything else ends the text run */
        unsigned fmt = (bold ? IB_BOLD : 0) | (italic ? IB_ITALIC : 0);
        const char *h = nhref ? href[nhref - 1] : NULL;
        if (text.n) {
            text_out(m, sb_str(&text), fmt, h, in_note);
            text.n = 0;
            text.s[0] = '\0';
        }
        switch (t) {
        case CMARK_NODE_STRONG:
            bold += ev == CMARK_EVENT_ENTER ? 1 : -1;
            break;
        case CMARK_NODE_EMPH:
            italic += ev == CMARK_EVENT_ENTER ? 1 : -1;
            break;
        case CMARK_NODE_LINK:
            if (ev == CMARK_EVENT_ENTER && nhref < 32)
                href[nhref++] = cmark_node_get_url(n);
            else if (ev == CMARK_EVENT_EXIT && nhref > 0)
                nhref--;
            break;
        case CMARK_NODE_CODE:
            ib_run(m->b, cmark_node_get_literal(n), fmt, h);
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            ib_run(m->b, " ", fmt, h);
            break;
        case CMARK_NODE_HTML_INLINE:
            ib_drop(m->b, DROP_HTML);
            break;
        case CMARK_NODE_IMAGE:
            if (ev == CMARK_EVENT_ENTER) {
                read_image(m, n);
                cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
            }
            break;
        default:
            break;
        }
    }
    if (text.n) {
        unsigned fmt = (bold ? IB_BOLD : 0) | (italic ? IB_ITALIC : 0);
        text_out(m, sb_str(&text), fmt, nhref ? href[nhref - 1] : NULL,
                 in_note);
    }
    sb_free(&text);
    cmark_iter_free(it);
}

/* The plain text below n (an image's alt text). */
static char *plain_text(md *m, cmark_node *n)
{
    sbuf s = {0};
    cmark_iter *it = cmark_iter_new(n);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *c = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
            sb_add(&s, cmark_node_get_literal(c));
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
            sb_add(&s, " ");
    }
    cmark_iter_free(it);
    char *out = arena_strdup(m->a, sb_str(&s));
    sb_free(&s);
    return out;
}

/* An image from the file's own folder or below; anything else (a web
 * address, an absolute path, "..") is reported, never fetched. */
static void read_image(md *m, cmark_node *img)
{
    const char *url = cmark_node_get_url(img);
    char *alt = plain_text(m, img);
    bool bad = !url || !*url || strstr(url, "://") || url[0] == '/' ||
               strncmp(url, "data:", 5) == 0;
    for (const char *p = url; !bad && p && *p;) {
        const char *sl = strchr(p, '/');
        size_t n = sl ? (size_t)(sl - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            bad = true;
        p = sl ? sl + 1 : NULL;
    }
    if (bad) {
        diag_add(m->dl, DIAG_WARNING, m->path,
                 (uint32_t)cmark_node_get_start_line(img) + m->line_offset, 0,
                 "IMP-16", MSG_IMP_IMAGE_PATH, url ? url : "");
        return;
    }
    char *path = arena_printf(m->a, "%s/%s", m->dir, url);
    char real[PATH_MAX];
    size_t dl = strlen(m->dir);
    struct stat st;
    FILE *f = NULL;
    if (!realpath(path, real) || strncmp(real, m->dir, dl) != 0 ||
        (real[dl] != '/' && real[dl] != '\0')) {
        diag_add(m->dl, DIAG_WARNING, m->path,
                 (uint32_t)cmark_node_get_start_line(img) + m->line_offset, 0,
                 "IMP-16", MSG_IMP_IMAGE_PATH, url);
        return;
    }
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size > IMP_MAX_IMAGE_BYTES ||
        !(f = fopen(real, "rb"))) {
        diag_add(m->dl, DIAG_WARNING, m->path,
                 (uint32_t)cmark_node_get_start_line(img) + m->line_offset, 0,
                 "IMP-16", MSG_IMP_IMAGE, url,
                 msg_errno(diag_list_lang(m->dl), errno ? errno : EINVAL));
        return;
    }
    size_t n = (size_t)st.st_size;
    unsigned char *data = xmalloc(n ? n : 1);
    size_t got = fread(data, 1, n, f);
    fclose(f);
    ib_image(m->b, data, got, alt, url, 0);
    free(data);
}

/* --- pipe tables
 * ----------------------------------------------------------------- */

/* Source line i (1-based, of the text given to cmark) as [*s, *e). */
static bool source_line(const md *m, int i, const char **s, const char **e)
{
    const char *p = m->src, *end = m->src + m->len;
    for (int k = 1; k < i && p < end; k++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    if (p >= end)
        return false;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *s = p;
    *e = nl ? nl : end;
    while (*s < *e && (**s == ' ' || **s == '\t'))
        (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
        (*e)--;
    return true;
}

static bool delimiter_row(const char *s, const char *e)
{
    bool dash = false;
    for (; s < e; s++) {
        if (*s == '-')
            dash = true;
        else if (*s != '|' && *s != ':' && *s != ' ' && *s != '\t')
            return false;
    }
    return dash;
}

/* The spans of the cells of a table line: 0-length segments widen the cell
 * before them. Returns the number of cells (at most cap). */
static size_t line_spans(const char *s, const char *e, unsigned *spans,
                         size_t cap)
{
    size_t n = 0;
    if (s < e && *s == '|')
        s++;
    const char *seg = s;
    for (const char *p = s; p <= e; p++) {
        bool pipe = p < e && *p == '|' && !(p > s && p[-1] == '\\');
        if (!pipe && p < e)
            continue;
        if (p == e && seg == e)
            break; /* the trailing pipe's empty tail */
        if (p == seg && n > 0 && pipe)
            spans[n - 1]++;
        else if (n < cap)
            spans[n++] = 1;
        seg = p + 1;
    }
    return n;
}

/* A table when every line of para starts with '|' and the second is a
 * delimiter row. */
static bool pipe_table(md *m, cmark_node *para)
{
    int first = cmark_node_get_start_line(para);
    int last = cmark_node_get_end_line(para);
    if (last - first < 1 || last - first > 100000)
        return false;
    const char *s, *e;
    for (int i = first; i <= last; i++)
        if (!source_line(m, i, &s, &e) || s == e || *s != '|')
            return false;
    /* the delimiter row: the lines above it are header rows (one in
     * GitHub's form, several in MultiMarkdown's) */
    int delim = -1;
    for (int i = first + 1; i <= last && delim < 0; i++)
        if (source_line(m, i, &s, &e) && delimiter_row(s, e))
            delim = i - first;
    if (delim < 1)
        return false;
    unsigned spans[64];
    ib_table_begin(m->b);
    cmark_iter *it = cmark_iter_new(para);
    cmark_event_type ev;
    int line = 0; /* index of the source line within the table */
    size_t ncells = 0, cell = 0, since_pipe = 0;
    bool open = false, row_open = false;
    int bold = 0, italic = 0;
    const char *href = NULL;
    /* starts line k's row */
    for (;;) {
        ev = cmark_iter_next(it);
        cmark_node *n = ev == CMARK_EVENT_DONE ? NULL : cmark_iter_get_node(it);
        cmark_node_type t = n ? cmark_node_get_type(n) : CMARK_NODE_NONE;
        if (n == para)
            continue;
        if (!row_open && line != delim && n) {
            source_line(m, first + line, &s, &e);
            ncells = line_spans(s, e, spans, 64);
            ib_row_begin(m->b, line < delim);
            ib_line(m->b, (uint32_t)(first + line) + m->line_offset);
            row_open = true;
            cell = 0;
            since_pipe = 0;
            open = false;
        }
        bool eol = !n || t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
        if (eol) {
            if (row_open) {
                if (open) {
                    ib_par_end(m->b);
                    ib_cell_end(m->b);
                    open = false;
                }
                for (; cell < ncells; cell++) {
                    ib_cell_begin(m->b, spans[cell], false);
                    ib_cell_end(m->b);
                }
                ib_row_end(m->b);
                row_open = false;
            }
            line++;
            if (!n)
                break;
            continue;
        }
        if (line == delim)
            continue; /* the delimiter row */
        unsigned fmt = (bold ? IB_BOLD : 0) | (italic ? IB_ITALIC : 0);
        switch (t) {
        case CMARK_NODE_TEXT: {
            const char *p = cmark_node_get_literal(n);
            while (*p) {
                const char *pipe = strchr(p, '|');
                size_t k = pipe ? (size_t)(pipe - p) : strlen(p);
                if (k) {
                    if (open) {
                        char *part = arena_strndup(m->a, p, k);
                        text_out(m, part, fmt, href, false);
                    }
                    since_pipe += k;
                }
                if (!pipe)
                    break;
                /* a pipe: the cell ends; "||" widens it instead */
                bool span_mark = since_pipe == 0 && (open || cell > 0);
                if (!span_mark) {
                    if (open) {
                        ib_par_end(m->b);
                        ib_cell_end(m->b);
                        open = false;
                    }
                    if (cell < ncells) {
                        ib_cell_begin(m->b, spans[cell], false);
                        ib_par_begin(m->b, IB_PARA, 0, false);
                        cell++;
                        open = true;
                    }
                }
                since_pipe = 0;
                p = pipe + 1;
            }
            break;
        }
        case CMARK_NODE_STRONG:
            bold += ev == CMARK_EVENT_ENTER ? 1 : -1;
            since_pipe++;
            break;
        case CMARK_NODE_EMPH:
            italic += ev == CMARK_EVENT_ENTER ? 1 : -1;
            since_pipe++;
            break;
        case CMARK_NODE_LINK:
            href = ev == CMARK_EVENT_ENTER ? cmark_node_get_url(n) : NULL;
            since_pipe++;
            break;
        case CMARK_NODE_CODE:
            if (open)
                ib_run(m->b, cmark_node_get_literal(n), fmt, href);
            since_pipe++;
            break;
        case CMARK_NODE_IMAGE:
            ib_drop(m->b, DROP_OBJECT);
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
            since_pipe++;
            break;
        default:
            since_pipe++;
            break;
        }
    }
    cmark_iter_free(it);
    ib_table_end(m->b);
    return true;
}

/* --- blocks
 * -------------------------------------------------------------------- */

/* "[^id]: text": a footnote's definition. */
static void collect_notes(md *m, cmark_node *doc)
{
    size_t cap = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER ||
            cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
            continue;
        /* the text before the first non-text node */
        sbuf s = {0};
        for (cmark_node *c = cmark_node_first_child(n);
             c && cmark_node_get_type(c) == CMARK_NODE_TEXT && s.n < 300;
             c = cmark_node_next(c))
            sb_add(&s, cmark_node_get_literal(c));
        const char *t = sb_str(&s);
        const char *e = strncmp(t, "[^", 2) == 0 ? strchr(t + 2, ']') : NULL;
        if (e && e > t + 2 && e[1] == ':') {
            size_t prefix = (size_t)(e + 2 - t);
            while (t[prefix] == ' ')
                prefix++;
            if (m->nnotes == cap) {
                cap = cap ? cap * 2 : 8;
                m->notes = xrealloc(m->notes, cap * sizeof *m->notes);
            }
            m->notes[m->nnotes++] = (md_note){
                arena_strndup(m->a, t + 2, (size_t)(e - t - 2)), n, prefix};
        }
        sb_free(&s);
    }
    cmark_iter_free(it);
}

static bool is_note(const md *m, cmark_node *n)
{
    for (size_t i = 0; i < m->nnotes; i++)
        if (m->notes[i].para == n)
            return true;
    return false;
}

static void walk(md *m, cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    bool lists_numbered[64];
    int nlist = 0, quote = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !m->status) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER)
            ib_line(m->b,
                    (uint32_t)cmark_node_get_start_line(n) + m->line_offset);
        switch (t) {
        case CMARK_NODE_LIST:
            if (ev == CMARK_EVENT_ENTER) {
                if (nlist < 64)
                    lists_numbered[nlist] =
                        cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
                nlist++;
            } else {
                nlist--;
            }
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            quote += ev == CMARK_EVENT_ENTER ? 1 : -1;
            break;
        case CMARK_NODE_HEADING:
        case CMARK_NODE_PARAGRAPH: {
            if (ev != CMARK_EVENT_ENTER)
                break;
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
            if (!ib_count_block(m->b)) {
                m->status = 1;
                break;
            }
            if (t == CMARK_NODE_PARAGRAPH && is_note(m, n))
                break;
            if (t == CMARK_NODE_PARAGRAPH && nlist == 0 && pipe_table(m, n))
                break;
            if (t == CMARK_NODE_HEADING) {
                ib_par_begin(m->b, n == m->title_node ? IB_TITLE : IB_HEADING,
                             cmark_node_get_heading_level(n), false);
            } else if (nlist > 0) {
                int lv = nlist - 1;
                ib_par_begin(m->b, IB_ITEM, lv,
                             lists_numbered[lv < 64 ? lv : 63]);
            } else {
                ib_par_begin(m->b, quote ? IB_QUOTE : IB_PARA, 0, false);
            }
            inline_walk(m, n, 0, false);
            ib_par_end(m->b);
            break;
        }
        case CMARK_NODE_CODE_BLOCK:
            if (!ib_count_block(m->b)) {
                m->status = 1;
                break;
            }
            ib_drop(m->b, DROP_CODE);
            ib_par_begin(m->b, IB_PARA, 0, false);
            ib_run(m->b, cmark_node_get_literal(n), 0, NULL);
            ib_par_end(m->b);
            break;
        case CMARK_NODE_HTML_BLOCK:
            ib_drop(m->b, DROP_HTML);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            ib_drop(m->b, DROP_RULE);
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
}

/* --- front matter
 * ------------------------------------------------------------- */

static char *fm_value(arena *a, const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t'))
        e--;
    if (e - s >= 2 &&
        ((*s == '"' && e[-1] == '"') || (*s == '\'' && e[-1] == '\''))) {
        s++;
        e--;
    }
    return arena_strndup(a, s, (size_t)(e - s));
}

/* Reads a "---" block at the start of buf into meta; returns the bytes it
 * takes (0: none) and its line count in *lines. */
static size_t front_matter(md *m, const char *buf, size_t len, ib_meta *meta,
                           uint32_t *lines)
{
    *lines = 0;
    if (len < 4 || strncmp(buf, "---", 3) != 0 ||
        (buf[3] != '\n' && buf[3] != '\r'))
        return 0;
    const char *p = memchr(buf, '\n', len), *end = buf + len;
    if (!p)
        return 0;
    p++;
    uint32_t n = 1;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        n++;
        if ((le - p >= 3 &&
             (strncmp(p, "---", 3) == 0 || strncmp(p, "...", 3) == 0))) {
            *lines = n;
            return nl ? (size_t)(nl + 1 - buf) : len;
        }
        const char *colon = memchr(p, ':', (size_t)(le - p));
        if (colon) {
            char *key = fm_value(m->a, p, colon);
            for (char *k = key; *k; k++)
                *k = (char)tolower((unsigned char)*k);
            char *val = fm_value(m->a, colon + 1, le);
            if (strcmp(key, "titel") == 0 || strcmp(key, "title") == 0)
                meta->title = val;
            else if (strcmp(key, "forfattare") == 0 ||
                     strcmp(key, "author") == 0)
                meta->author = val;
            else if (strcmp(key, "datum") == 0 || strcmp(key, "date") == 0)
                meta->date = val;
            else if (strcmp(key, "organisation") == 0 ||
                     strcmp(key, "kommun") == 0)
                meta->organisation = val;
            else if (strcmp(key, "typ") == 0)
                meta->typ = val;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0; /* never closed: not front matter */
}

int import_md(ib *b, const char *path, diag_list *dl)
{
    struct stat st;
    FILE *f = NULL;
    int bad = stat(path, &st) != 0       ? errno
              : S_ISDIR(st.st_mode)      ? EISDIR
              : !S_ISREG(st.st_mode)     ? EINVAL
              : !(f = fopen(path, "rb")) ? errno
                                         : 0;
    if (bad) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-01", MSG_IMP_READ,
                 msg_errno(diag_list_lang(dl), bad));
        return 2;
    }
    if ((uint64_t)st.st_size > IMP_MAX_MD_BYTES) {
        fclose(f);
        diag *x =
            diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-08", MSG_IMP_MD_TOO_BIG,
                     (unsigned)(IMP_MAX_MD_BYTES >> 20));
        diag_hint(dl, x, MSG_IMP_PAGES_HINT);
        return 1;
    }
    size_t n = (size_t)st.st_size;
    char *buf = xmalloc(n + 1);
    size_t got = fread(buf, 1, n, f);
    fclose(f);
    buf[got] = '\0';
    if (!utf8_valid(buf, got)) {
        /* the first byte that does not start a well-formed character */
        const char *q = buf, *end = buf + got;
        size_t at = 0;
        while (q < end) {
            const char *c = q;
            uint32_t cp = utf8_next(&q, end);
            if ((cp == UTF8_INVALID && q - c == 1) || cp == 0) {
                at = (size_t)(c - buf);
                break;
            }
        }
        diag *x = diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-01",
                           MSG_IMP_MD_UTF8, at + 1);
        diag_hint(dl, x, MSG_IMP_MD_UTF8_HINT);
        free(buf);
        return 2;
    }
    arena *a = arena_new();
    md m = {.b = b, .dl = dl, .path = path, .a = a};
    char dirbuf[PATH_MAX];
    snprintf(dirbuf, sizeof dirbuf, "%s", path);
    char *slash = strrchr(dirbuf, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dirbuf, sizeof dirbuf, ".");
    char real[PATH_MAX];
    m.dir = arena_strdup(a, realpath(dirbuf, real) ? real : dirbuf);
    ib_meta meta = {0};
    size_t skip = front_matter(&m, buf, got, &meta, &m.line_offset);
    m.src = buf + skip;
    m.len = got - skip;
    cmark_node *doc = cmark_parse_document(m.src, m.len, CMARK_OPT_DEFAULT);
    if (!doc)
        die_oom();
    /* no title given: a first-level heading that opens the file and is
     * the only one of its level is the title */
    cmark_node *first = cmark_node_first_child(doc);
    if (!meta.title && first &&
        cmark_node_get_type(first) == CMARK_NODE_HEADING &&
        cmark_node_get_heading_level(first) == 1) {
        int h1 = 0;
        for (cmark_node *c = first; c; c = cmark_node_next(c))
            h1 += cmark_node_get_type(c) == CMARK_NODE_HEADING &&
                  cmark_node_get_heading_level(c) == 1;
        if (h1 == 1)
            m.title_node = first;
    }
    ib_meta_set(b, &meta);
    collect_notes(&m, doc);
    walk(&m, doc);
    int status = m.status;
    cmark_node_free(doc);
    free(m.notes);
    free(buf);
    arena_free(a);
    return status;
}
