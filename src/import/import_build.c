/*
 * import_build.c: the builder behind `arsrapport import` (import_internal.h).
 *
 * The readers call it in reading order; it writes our XML as it goes. A
 * paragraph's inline content is buffered until its end, and only then does
 * the structure move: a heading closes the sections of its level and
 * deeper and opens its own (typed numbers stripped with the model's
 * doc_typed_number, so "2.1 Ekonomi" becomes "Ekonomi"), a list item opens
 * or closes lists to its level, a quotation joins the open citat. A table
 * is collected whole, then typed: a column whose cells are all Swedish
 * numerals (numfmt.h) becomes belopp, procent or tal, its cells written as
 * plain figures; a last row named Summa or Totalt becomes a table-level
 * summa whose stated figures the checker verifies (SUM-01); header rows
 * keep their spans. A table or image waits for one paragraph, in case it
 * is its caption ("Tabell 2. Driftsredovisning, tkr"); a caption before
 * the figure waits for it likewise. Whatever has no place in the format
 * is counted per kind with the first place it was seen, and reported once
 * per kind when the file ends.
 */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/numfmt.h"
#include "../model/model.h"
#include "import_internal.h"

/* --- sbuf ----------------------------------------------------------------- */

void sb_xml(sbuf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const unsigned char *q = p;
        while (
            *q && *q != '<' && *q != '>' && *q != '&' && *q != '"' &&
            *q >= 0x20 &&
            !(q[0] == 0xEF && q[1] == 0xBF && (q[2] == 0xBE || q[2] == 0xBF)))
            q++;
        strbuf_put_n(b, (const char *)p, (size_t)(q - p));
        if (!*q)
            break;
        switch (*q) {
        case '<':
            strbuf_put(b, "&lt;");
            break;
        case '>':
            strbuf_put(b, "&gt;");
            break;
        case '&':
            strbuf_put(b, "&amp;");
            break;
        case '"':
            strbuf_put(b, "&quot;");
            break;
        case '\t':
        case '\n':
        case '\r':
            strbuf_put(b, " ");
            break;
        case 0xEF: /* U+FFFE, U+FFFF: not XML characters */
            q += 2;
            break;
        default: /* other control characters: not XML characters */
            break;
        }
        p = q + 1;
    }
}

/* --- the builder's state ----------------------------------------------------
 */

typedef struct {
    char *xml, *plain;
    unsigned span;
    bool covered;
} tb_cell;

typedef struct {
    tb_cell *c;
    size_t n, cap;
    bool header;
} tb_row;

typedef struct {
    tb_row *r;
    size_t n, cap;
    char *caption;
} tb_table;

typedef enum { PEND_NONE, PEND_TABLE, PEND_IMAGE } pend_kind;

typedef struct {
    char *path, *alt, *width;
} deferred_image;

struct ib {
    arena *a;
    diag_list *dl;
    const import_options *o;
    sbuf out;
    int ind;
    /* the current file */
    const char *file;
    bool has_lines;
    int shift;
    uint32_t line;
    unsigned parno;
    const char *last_heading;
    bool chapter_open;
    int nfile;
    /* structure */
    int sec[32];
    int nsec;
    struct {
        bool numbered, item_open;
    } list[12];
    int nlist;
    bool quote_open;
    /* the paragraph being read */
    bool in_par;
    ib_kind kind;
    int level;
    bool numbered;
    uint32_t par_line;
    sbuf par, plain;
    bool par_content, par_note;
    unsigned fmt;
    bool link_open;
    char *href;
    int note;
    bool note_start; /* nothing of the footnote's text written yet */
    deferred_image *defer;
    size_t ndefer, capdefer;
    /* tables */
    int tdepth;
    tb_table *tab;
    bool in_cell;
    sbuf cell, cell_plain;
    /* a figure waiting for its caption, a caption waiting for its figure */
    pend_kind pend;
    tb_table *pend_table;
    char *pend_path, *pend_alt, *pend_caption, *pend_width;
    char *held_caption;
    /* images */
    import_file *files;
    size_t nfiles, capfiles;
    /* dropped */
    unsigned drop_count[DROP_KINDS];
    char *drop_where[DROP_KINDS];
    uint32_t drop_line[DROP_KINDS];
    /* metadata */
    ib_meta meta;
    bool meta_done;
    char *file_meta_title, *file_title, *first_heading;
    unsigned blocks;
    bool too_big;
    unsigned pages; /* page breaks in the current file */
};

static char *dup(ib *b, const char *s)
{
    return s ? arena_strdup(b->a, s) : NULL;
}

static void nl(ib *b)
{
    strbuf_put(&b->out, "\n");
    for (int i = 0; i < b->ind && i < 40; i++)
        strbuf_put(&b->out, "  ");
}

/* s with white space runs collapsed to one space and trimmed, in a. */
static char *squeeze(arena *a, const char *s)
{
    char *o = arena_alloc(a, strlen(s) + 1), *p = o;
    bool space = false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = p != o;
            continue;
        }
        if (space)
            *p++ = ' ';
        space = false;
        *p++ = *s;
    }
    *p = '\0';
    return o;
}

ib *ib_new(arena *a, diag_list *dl, const import_options *o)
{
    ib *b = xcalloc(1, sizeof *b);
    b->a = a;
    b->dl = dl;
    b->o = o;
    b->ind = 1;
    return b;
}

void ib_free(ib *b)
{
    if (!b)
        return;
    strbuf_free(&b->out);
    strbuf_free(&b->par);
    strbuf_free(&b->plain);
    strbuf_free(&b->cell);
    strbuf_free(&b->cell_plain);
    free(b->href);
    free(b->defer);
    for (size_t i = 0; i < b->nfiles; i++) {
        free(b->files[i].data);
        free(b->files[i].path);
    }
    free(b->files);
    free(b);
}

void ib_file(ib *b, const char *path, bool has_lines, int level_shift)
{
    b->file = path;
    b->has_lines = has_lines;
    b->shift = level_shift;
    b->line = 0;
    b->parno = 0;
    b->last_heading = NULL;
    b->chapter_open = false;
    b->file_meta_title = b->file_title = NULL;
    memset(b->drop_count, 0, sizeof b->drop_count);
    b->pages = 0;
    b->nfile++;
}

void ib_line(ib *b, uint32_t line)
{
    b->line = line;
}

/* --- dropped things ---------------------------------------------------------
 */

static char *where(ib *b)
{
    msg_lang lang = diag_list_lang(b->dl);
    if (b->has_lines)
        return arena_printf(b->a, msg_text(lang, MSG_IMP_WHERE_LINE),
                            (unsigned)b->line);
    if (b->last_heading)
        return arena_printf(b->a, msg_text(lang, MSG_IMP_WHERE_PAR_UNDER),
                            b->parno ? b->parno : 1, b->last_heading);
    return arena_printf(b->a, msg_text(lang, MSG_IMP_WHERE_PAR),
                        b->parno ? b->parno : 1);
}

void ib_drop(ib *b, drop_kind k)
{
    if (k >= DROP_KINDS)
        return;
    if (b->drop_count[k]++ == 0) {
        b->drop_where[k] = where(b);
        b->drop_line[k] = b->has_lines ? b->line : 0;
    }
}

static void report_drops(ib *b)
{
    static const msg_key keys[DROP_KINDS] = {
        MSG_IMP_DROP_TEXTBOX,      MSG_IMP_DROP_TRACKED,
        MSG_IMP_DROP_COMMENT,      MSG_IMP_DROP_FIELD,
        MSG_IMP_DROP_PAGEBREAK,    MSG_IMP_DROP_COLOUR,
        MSG_IMP_DROP_EXTERNAL,     MSG_IMP_DROP_NESTED_TABLE,
        MSG_IMP_DROP_LINK,         MSG_IMP_DROP_HEADING_NOTE,
        MSG_IMP_DROP_IMAGE_FORMAT, MSG_IMP_DROP_OBJECT,
        MSG_IMP_DROP_HTML,         MSG_IMP_DROP_RULE,
        MSG_IMP_DROP_CODE,         MSG_IMP_DROP_HEADER_FOOTER};
    for (int k = 0; k < DROP_KINDS; k++)
        if (b->drop_count[k]) {
            char rule[16];
            snprintf(rule, sizeof rule, "IMP-%02d", 10 + k);
            diag_add(b->dl, DIAG_WARNING, b->file, b->drop_line[k], 0, rule,
                     keys[k], b->drop_count[k], b->drop_where[k]);
        }
}

/* The size error: what was counted went past its limit. */
static void too_big(ib *b, unsigned limit)
{
    char what[64];
    snprintf(what, sizeof what, "> %u", limit);
    diag *d = diag_add(b->dl, DIAG_ERROR, b->file, 0, 0, "IMP-08",
                       MSG_IMP_PAGES, what, IMP_MAX_PAGES, IMP_MAX_BLOCKS);
    diag_hint(b->dl, d, MSG_IMP_PAGES_HINT);
}

bool ib_count_block(ib *b)
{
    if (b->too_big)
        return false;
    if (++b->blocks > IMP_MAX_BLOCKS) {
        b->too_big = true;
        too_big(b, IMP_MAX_BLOCKS);
        return false;
    }
    return true;
}

bool ib_page_break(ib *b, bool explicit_break)
{
    if (explicit_break)
        ib_drop(b, DROP_PAGEBREAK);
    if (++b->pages == IMP_MAX_PAGES + 1) {
        too_big(b, IMP_MAX_PAGES);
        return false;
    }
    return true;
}

/* --- structure
 * ---------------------------------------------------------------- */

static void close_lists(ib *b)
{
    while (b->nlist) {
        b->nlist--;
        if (b->list[b->nlist].item_open)
            strbuf_put(&b->out, "</punkt>");
        b->ind--;
        nl(b);
        strbuf_put(&b->out, "</lista>");
    }
}

static void close_quote(ib *b)
{
    if (!b->quote_open)
        return;
    b->ind--;
    nl(b);
    strbuf_put(&b->out, "</citat>");
    b->quote_open = false;
}

static void table_free(tb_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->r[i].c);
    free(t->r);
    free(t);
}

static void emit_table(ib *b, tb_table *t);

static void emit_paragraph_text(ib *b, const char *plain)
{
    nl(b);
    strbuf_put(&b->out, "<stycke>");
    sb_xml(&b->out, plain);
    strbuf_put(&b->out, "</stycke>");
}

static void open_chapter(ib *b);

/* Emits the figure that waited for a caption, and a caption that waited
 * for a figure as the paragraph it then was. */
static void flush_pending(ib *b)
{
    if (b->pend == PEND_NONE && !b->held_caption)
        return;
    /* a block of its own: a caption held inside a list ends the list */
    close_lists(b);
    close_quote(b);
    if (b->pend == PEND_TABLE) {
        b->pend_table->caption = b->pend_caption;
        emit_table(b, b->pend_table);
        table_free(b->pend_table);
        b->pend_table = NULL;
    } else if (b->pend == PEND_IMAGE) {
        nl(b);
        strbuf_put(&b->out, "<bild fil=\"");
        sb_xml(&b->out, b->pend_path);
        strbuf_put(&b->out, "\"");
        if (b->pend_alt && *b->pend_alt) {
            strbuf_put(&b->out, " alt=\"");
            sb_xml(&b->out, b->pend_alt);
            strbuf_put(&b->out, "\"");
        }
        if (b->pend_width)
            strbuf_printf(&b->out, " bredd=\"%s\"", b->pend_width);
        if (b->pend_caption) {
            strbuf_put(&b->out, "><rubrik>");
            sb_xml(&b->out, b->pend_caption);
            strbuf_put(&b->out, "</rubrik></bild>");
        } else {
            strbuf_put(&b->out, "/>");
        }
    }
    b->pend = PEND_NONE;
    b->pend_caption = NULL;
    if (b->held_caption) {
        emit_paragraph_text(b, b->held_caption);
        b->held_caption = NULL;
    }
}

/* Before any block: the chapter of a part is open, lists and quotes that
 * the block does not continue are closed, waiting figures emitted. */
static void before_block(ib *b, bool keep_lists, bool keep_quote)
{
    open_chapter(b);
    flush_pending(b);
    if (!keep_lists)
        close_lists(b);
    if (!keep_quote)
        close_quote(b);
}

static void open_section(ib *b, int level, const char *text)
{
    if (level < 1)
        level = 1;
    while (b->nsec && b->sec[b->nsec - 1] >= level) {
        b->nsec--;
        b->ind--;
        nl(b);
        strbuf_put(&b->out, "</avsnitt>");
    }
    if (b->nsec >= (int)(sizeof b->sec / sizeof *b->sec))
        b->nsec--; /* deeper than any report: the last level is reused */
    nl(b);
    strbuf_put(&b->out, "<avsnitt>");
    b->ind++;
    nl(b);
    strbuf_put(&b->out, "<rubrik>");
    sb_xml(&b->out, text);
    strbuf_put(&b->out, "</rubrik>");
    b->sec[b->nsec++] = level;
}

static const char *base_name(ib *b, const char *path)
{
    const char *s = strrchr(path, '/');
    s = s ? s + 1 : path;
    char *n = arena_strdup(b->a, s);
    char *dot = strrchr(n, '.');
    if (dot && dot != n)
        *dot = '\0';
    return n;
}

/* A part of a multi-file report: its chapter, headed by its title. */
static void open_chapter(ib *b)
{
    if (b->shift == 0 || b->chapter_open)
        return;
    b->chapter_open = true;
    flush_pending(b);
    close_lists(b);
    close_quote(b);
    const char *t = b->file_meta_title ? b->file_meta_title
                    : b->file_title    ? b->file_title
                                       : base_name(b, b->file);
    open_section(b, 1, t);
}

/* --- inline
 * ------------------------------------------------------------------- */

static void inl_close(ib *b)
{
    if (b->fmt & IB_ITALIC)
        strbuf_put(&b->par, "</kursiv>");
    if (b->fmt & IB_BOLD)
        strbuf_put(&b->par, "</fet>");
    if (b->link_open)
        strbuf_put(&b->par, "</lank>");
    b->fmt = 0;
    b->link_open = false;
    free(b->href);
    b->href = NULL;
}

static bool good_href(const char *h)
{
    if (strncmp(h, "http://", 7) != 0 && strncmp(h, "https://", 8) != 0 &&
        strncmp(h, "mailto:", 7) != 0)
        return false;
    const char *rest = strchr(h, ':') + 1;
    if (!*rest || (rest[0] == '/' && rest[1] == '/' && !rest[2]))
        return false;
    for (const unsigned char *p = (const unsigned char *)h; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return false;
    return true;
}

void ib_par_begin(ib *b, ib_kind kind, int level, bool numbered)
{
    if (b->in_par)
        ib_par_end(b);
    b->in_par = true;
    b->kind = kind;
    b->level = level;
    b->numbered = numbered;
    b->par_line = b->line;
    b->par.n = 0;
    b->plain.n = 0;
    if (b->par.s)
        b->par.s[0] = '\0';
    if (b->plain.s)
        b->plain.s[0] = '\0';
    b->par_content = false;
    b->par_note = false;
    b->fmt = 0;
    b->link_open = false;
    b->note = 0;
    b->parno++;
}

void ib_run(ib *b, const char *text, unsigned fmt, const char *href)
{
    if (!text || !*text)
        return;
    if (!b->in_par)
        ib_par_begin(b, IB_PARA, 0, false);
    bool plain_only =
        b->kind == IB_HEADING || b->kind == IB_CAPTION || b->kind == IB_TITLE;
    if (b->note && plain_only)
        return; /* the footnote of a heading: dropped, reported */
    if (plain_only) {
        fmt = 0;
        href = NULL;
    }
    if (b->note && b->note_start) {
        while (*text == ' ' || *text == '\t')
            text++;
        if (!*text)
            return;
        b->note_start = false;
    }
    if (href && !good_href(href)) {
        if (strncmp(href, "#", 1) != 0) /* internal bookmarks: plain text */
            ib_drop(b, DROP_LINK);
        href = NULL;
    }
    bool same_link = (!href && !b->link_open) ||
                     (href && b->link_open && strcmp(href, b->href) == 0);
    if (fmt != b->fmt || !same_link) {
        inl_close(b);
        if (href) {
            strbuf_put(&b->par, "<lank href=\"");
            sb_xml(&b->par, href);
            strbuf_put(&b->par, "\">");
            b->link_open = true;
            b->href = xstrdup(href);
        }
        if (fmt & IB_BOLD)
            strbuf_put(&b->par, "<fet>");
        if (fmt & IB_ITALIC)
            strbuf_put(&b->par, "<kursiv>");
        b->fmt = fmt & (IB_BOLD | IB_ITALIC);
    }
    sb_xml(&b->par, text);
    if (!b->note)
        strbuf_put(&b->plain, text);
    for (const char *p = text; *p; p++)
        if (!isspace((unsigned char)*p)) {
            b->par_content = true;
            break;
        }
}

void ib_footnote_begin(ib *b)
{
    if (!b->in_par)
        ib_par_begin(b, IB_PARA, 0, false);
    if (b->note++)
        return; /* a note in a note: its text joins the outer one */
    if (b->kind == IB_HEADING || b->kind == IB_CAPTION || b->kind == IB_TITLE) {
        ib_drop(b, DROP_HEADING_NOTE);
        return;
    }
    inl_close(b);
    strbuf_put(&b->par, "<fotnot>");
    b->par_note = true;
    b->note_start = true;
}

void ib_footnote_end(ib *b)
{
    if (!b->note || --b->note)
        return;
    if (b->kind == IB_HEADING || b->kind == IB_CAPTION || b->kind == IB_TITLE)
        return;
    inl_close(b);
    strbuf_put(&b->par, "</fotnot>");
}

/* "Tabell 3. Text", "Figur 2: Text", "Diagram 1 – Text": the caption's
 * text without its typed label, or NULL when s is no caption. */
static const char *caption_text(const char *s)
{
    static const char *const words[] = {"Tabell",  "Figur", "Bild",
                                        "Diagram", "Table", "Figure"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i]);
        if (strncasecmp(s, words[i], n) != 0 || s[n] != ' ')
            continue;
        const char *p = s + n + 1;
        if (!isdigit((unsigned char)*p))
            return NULL;
        while (isdigit((unsigned char)*p) || *p == '.')
            p++;
        while (*p == ' ' || *p == ':' || *p == '.')
            p++;
        if (strncmp(p, "\xE2\x80\x93", 3) == 0) /* en dash */
            p += 3;
        else if (*p == '-')
            p++;
        while (*p == ' ')
            p++;
        return *p ? p : NULL;
    }
    return NULL;
}

static void add_deferred_images(ib *b);

static void emit_item(ib *b, int level, bool numbered)
{
    if (level < 0)
        level = 0;
    if (level >= (int)(sizeof b->list / sizeof *b->list))
        level = (int)(sizeof b->list / sizeof *b->list) - 1;
    while (b->nlist > level + 1) {
        b->nlist--;
        if (b->list[b->nlist].item_open)
            strbuf_put(&b->out, "</punkt>");
        b->ind--;
        nl(b);
        strbuf_put(&b->out, "</lista>");
    }
    if (b->nlist == level + 1) {
        if (level == 0 && b->list[0].numbered != numbered) {
            close_lists(b); /* a list of the other kind follows */
        } else if (b->list[level].item_open) {
            strbuf_put(&b->out, "</punkt>");
            b->list[level].item_open = false;
        }
    }
    while (b->nlist < level + 1) {
        if (b->nlist > 0 && !b->list[b->nlist - 1].item_open) {
            nl(b);
            strbuf_put(&b->out, "<punkt>");
            b->list[b->nlist - 1].item_open = true;
        }
        nl(b);
        strbuf_put(&b->out, numbered ? "<lista typ=\"numrerad\">" : "<lista>");
        b->ind++;
        b->list[b->nlist].numbered = numbered;
        b->list[b->nlist].item_open = false;
        b->nlist++;
    }
    nl(b);
    strbuf_put(&b->out, "<punkt>");
    strbuf_put(&b->out, strbuf_str(&b->par));
    b->list[level].item_open = true;
}

/* The paragraph just ended, as a stycke on a line of its own. */
static void emit_paragraph(ib *b)
{
    nl(b);
    strbuf_put(&b->out, "<stycke>");
    strbuf_put(&b->out, strbuf_str(&b->par));
    strbuf_put(&b->out, "</stycke>");
}

void ib_par_end(ib *b)
{
    if (!b->in_par)
        return;
    while (b->note)
        ib_footnote_end(b);
    inl_close(b);
    b->in_par = false;
    if (b->in_cell) {
        if (b->tdepth > 1 || b->par_content) {
            if (b->cell.n && b->par_content)
                strbuf_put(&b->cell, " ");
            strbuf_put(&b->cell, strbuf_str(&b->par));
            if (b->cell_plain.n)
                strbuf_put(&b->cell_plain, " ");
            strbuf_put(&b->cell_plain, strbuf_str(&b->plain));
        }
        b->ndefer = 0; /* no images in cells (reported where found) */
        return;
    }
    char *text = squeeze(b->a, strbuf_str(&b->plain));
    switch (b->kind) {
    case IB_TITLE:
        if (*text && !b->file_title)
            b->file_title = text;
        add_deferred_images(b);
        return;
    case IB_HEADING: {
        if (!*text)
            break;
        size_t ns, ne, skip;
        if (doc_typed_number(text, &ns, &ne, &skip))
            text += skip;
        before_block(b, false, false);
        if (!b->first_heading)
            b->first_heading = text;
        b->last_heading = text;
        int level = b->level < 1 ? 1 : b->level > 9 ? 9 : b->level;
        open_section(b, level + b->shift, text);
        break;
    }
    case IB_CAPTION:
    case IB_PARA: {
        const char *cap = b->par_note ? NULL : caption_text(text);
        if (b->kind == IB_CAPTION && !cap && *text && !b->par_note)
            cap = text;
        if (cap) {
            if (b->pend != PEND_NONE && !b->pend_caption) {
                b->pend_caption = arena_strdup(b->a, cap);
                flush_pending(b);
            } else {
                flush_pending(b);
                b->held_caption = arena_strdup(b->a, cap);
            }
            break;
        }
        if (!b->par_content)
            break;
        before_block(b, false, false);
        emit_paragraph(b);
        break;
    }
    case IB_QUOTE:
        if (!b->par_content)
            break;
        before_block(b, false, true);
        if (!b->quote_open) {
            nl(b);
            strbuf_put(&b->out, "<citat>");
            b->ind++;
            b->quote_open = true;
        }
        emit_paragraph(b);
        break;
    case IB_ITEM:
        if (!b->par_content)
            break;
        before_block(b, true, false);
        emit_item(b, b->level, b->numbered);
        break;
    }
    add_deferred_images(b);
}

/* --- images
 * -------------------------------------------------------------------- */

static void make_pending_image(ib *b, char *path, char *alt, char *width)
{
    char *caption = b->held_caption; /* a caption above the image */
    b->held_caption = NULL;
    before_block(b, false, false);
    b->pend = PEND_IMAGE;
    b->pend_path = path;
    b->pend_alt = alt;
    b->pend_width = width;
    b->pend_caption = caption;
}

static void add_deferred_images(ib *b)
{
    for (size_t i = 0; i < b->ndefer; i++)
        make_pending_image(b, b->defer[i].path, b->defer[i].alt,
                           b->defer[i].width);
    b->ndefer = 0;
}

void ib_image(ib *b, const unsigned char *data, size_t len, const char *alt,
              const char *name, double width_mm)
{
    static const unsigned char png[8] = {0x89, 'P',  'N',  'G',
                                         0x0d, 0x0a, 0x1a, 0x0a};
    const char *ext = NULL;
    if (len >= 8 && memcmp(data, png, 8) == 0)
        ext = "png";
    else if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        ext = "jpg";
    if (!ext || len > IMP_MAX_IMAGE_BYTES) {
        ib_drop(b, DROP_IMAGE_FORMAT);
        return;
    }
    if (b->in_cell) {
        ib_drop(b, DROP_OBJECT);
        return;
    }
    if (b->nfiles == b->capfiles) {
        b->capfiles = b->capfiles ? b->capfiles * 2 : 8;
        b->files = xrealloc(b->files, b->capfiles * sizeof *b->files);
    }
    import_file *f = &b->files[b->nfiles++];
    size_t n = strlen(b->o->image_dir) + 32;
    f->path = xmalloc(n);
    snprintf(f->path, n, "%s/bild-%zu.%s", b->o->image_dir, b->nfiles, ext);
    f->data = xmalloc(len ? len : 1);
    memcpy(f->data, data, len);
    f->len = len;
    char *a = alt ? squeeze(b->a, alt) : NULL;
    if (!a || !*a) {
        diag *d =
            diag_add(b->dl, DIAG_WARNING, b->file, b->has_lines ? b->line : 0,
                     0, "IMP-30", MSG_IMP_NO_ALT, name ? name : f->path);
        diag_hint(b->dl, d, MSG_IMP_NO_ALT_HINT);
        a = NULL;
    }
    char *path = dup(b, f->path);
    /* the width it was shown at, whole millimetres (the layout keeps it
     * within the measure) */
    char *width = width_mm >= 1 && width_mm < 10000
                      ? arena_printf(b->a, "%dmm", (int)(width_mm + 0.5))
                      : NULL;
    if (b->in_par) {
        if (b->ndefer == b->capdefer) {
            b->capdefer = b->capdefer ? b->capdefer * 2 : 4;
            b->defer = xrealloc(b->defer, b->capdefer * sizeof *b->defer);
        }
        b->defer[b->ndefer].path = path;
        b->defer[b->ndefer].alt = a;
        b->defer[b->ndefer].width = width;
        b->ndefer++;
        return;
    }
    make_pending_image(b, path, a, width);
}

/* --- tables
 * -------------------------------------------------------------------- */

void ib_table_begin(ib *b)
{
    if (b->in_par)
        ib_par_end(b);
    if (b->tdepth++ > 0) {
        ib_drop(b, DROP_NESTED_TABLE);
        return;
    }
    char *caption = b->held_caption; /* a caption above the table */
    b->held_caption = NULL;
    before_block(b, false, false);
    b->tab = xcalloc(1, sizeof *b->tab);
    b->tab->caption = caption;
}

void ib_row_begin(ib *b, bool header)
{
    if (b->tdepth != 1 || !b->tab)
        return;
    tb_table *t = b->tab;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->r = xrealloc(t->r, t->cap * sizeof *t->r);
    }
    memset(&t->r[t->n], 0, sizeof t->r[t->n]);
    t->r[t->n].header = header;
    t->n++;
    ib_count_block(b);
}

void ib_frame_end(ib *b, fr_kind k)
{
    if (k == FR_TABLE)
        ib_table_end(b);
    else if (k == FR_ROW)
        ib_row_end(b);
    else if (k == FR_CELL)
        ib_cell_end(b);
}

void ib_cell_begin(ib *b, unsigned span, bool covered)
{
    if (b->tdepth != 1 || !b->tab || !b->tab->n) {
        if (b->tdepth > 1 && b->in_cell && b->cell.n)
            strbuf_put(&b->cell, " ");
        return;
    }
    b->in_cell = true;
    b->cell.n = b->cell_plain.n = 0;
    if (b->cell.s)
        b->cell.s[0] = '\0';
    if (b->cell_plain.s)
        b->cell_plain.s[0] = '\0';
    tb_row *r = &b->tab->r[b->tab->n - 1];
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->c = xrealloc(r->c, r->cap * sizeof *r->c);
    }
    tb_cell *c = &r->c[r->n++];
    memset(c, 0, sizeof *c);
    c->span = span < 1 ? 1 : span > 64 ? 64 : span;
    c->covered = covered;
}

void ib_cell_end(ib *b)
{
    if (b->in_par)
        ib_par_end(b);
    if (b->tdepth != 1 || !b->tab || !b->tab->n || !b->in_cell)
        return;
    tb_row *r = &b->tab->r[b->tab->n - 1];
    if (!r->n)
        return;
    tb_cell *c = &r->c[r->n - 1];
    const char *x = strbuf_str(&b->cell);
    size_t xl = strlen(x);
    while (*x == ' ')
        x++, xl--;
    while (xl && x[xl - 1] == ' ')
        xl--;
    c->xml = arena_strndup(b->a, x, xl);
    c->plain = squeeze(b->a, strbuf_str(&b->cell_plain));
    if (c->covered) {
        c->xml = "";
        c->plain = "";
    }
    b->in_cell = false;
}

void ib_row_end(ib *b)
{
    (void)b;
}

void ib_table_end(ib *b)
{
    if (b->in_par)
        ib_par_end(b);
    if (b->tdepth == 0)
        return;
    if (--b->tdepth > 0)
        return;
    b->in_cell = false;
    tb_table *t = b->tab;
    b->tab = NULL;
    if (!t)
        return;
    if (t->n == 0) {
        table_free(t);
        return;
    }
    b->pend = PEND_TABLE;
    b->pend_table = t;
    b->pend_caption = t->caption;
}

/* The unit a caption names, or NULL. */
static const char *caption_unit(const char *cap)
{
    static const struct {
        const char *word, *unit;
    } units[] = {{"mnkr", "mnkr"},
                 {"mdkr", "mdkr"},
                 {"tkr", "tkr"},
                 {"miljoner kronor", "mnkr"},
                 {"tusental kronor", "tkr"},
                 {"tusen kronor", "tkr"},
                 {"kronor", "kr"},
                 {"kr", "kr"}};
    if (!cap)
        return NULL;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        size_t n = strlen(units[i].word);
        for (const char *p = cap; (p = strcasestr(p, units[i].word)); p += n) {
            bool start = p == cap || !isalnum((unsigned char)p[-1]);
            bool end =
                !isalnum((unsigned char)p[n]) && (unsigned char)p[n] < 0x80;
            if (start && end)
                return units[i].unit;
        }
    }
    return NULL;
}

static bool is_sum_label(const char *s)
{
    return strncasecmp(s, "summa", 5) == 0 ||
           strncasecmp(s, "totalt", 6) == 0 ||
           strncasecmp(s, "total", 5) == 0 ||
           strncasecmp(s, "totalsumma", 10) == 0;
}

typedef enum { COL_TEXT, COL_BELOPP, COL_TAL, COL_PROCENT } col_type;

static void emit_table(ib *b, tb_table *t)
{
    /* the grid: which cell starts at each column of each row */
    size_t ncols = 0;
    for (size_t i = 0; i < t->n; i++) {
        size_t w = 0;
        for (size_t j = 0; j < t->r[i].n; j++)
            w += t->r[i].c[j].span;
        if (w > ncols)
            ncols = w;
    }
    if (ncols == 0)
        return;
    if (ncols > 64)
        ncols = 64;
    tb_cell **grid = xcalloc(t->n * ncols, sizeof *grid);
    bool *spanned = xcalloc(t->n * ncols, sizeof *spanned);
    for (size_t i = 0; i < t->n; i++) {
        size_t col = 0;
        for (size_t j = 0; j < t->r[i].n && col < ncols; j++) {
            tb_cell *c = &t->r[i].c[j];
            if (col + c->span > ncols)
                c->span = (unsigned)(ncols - col);
            grid[i * ncols + col] = c;
            for (unsigned k = 1; k < c->span; k++)
                spanned[i * ncols + col + k] = true;
            if (c->span > 1)
                spanned[i * ncols + col] = true;
            col += c->span;
        }
    }
    /* header rows: those marked, else the first; a spanning header row
     * has a second level under it */
    size_t nh = 0;
    while (nh < t->n && t->r[nh].header)
        nh++;
    if (nh == 0 && t->n >= 2)
        nh = 1;
    if (nh > 0 && nh < t->n - 1) {
        bool spans = false;
        for (size_t j = 0; j < t->r[nh - 1].n; j++)
            spans |= t->r[nh - 1].c[j].span > 1;
        if (spans && !t->r[nh].header) {
            bool numbers = false;
            for (size_t j = 0; j < t->r[nh].n; j++) {
                num_value v =
                    num_parse(t->r[nh].c[j].plain ? t->r[nh].c[j].plain : "");
                numbers |= v.kind == NUM_VALUE;
            }
            if (!numbers)
                nh++;
        }
    }
    bool has_sum = false;
    if (t->n > nh + 1) {
        tb_cell *first = grid[(t->n - 1) * ncols];
        has_sum = first && first->plain && is_sum_label(first->plain);
    }
    const char *unit = caption_unit(t->caption);
    col_type *type = xcalloc(ncols, sizeof *type);
    for (size_t c = 0; c < ncols; c++) {
        bool numeric = true, value = false, percent = false;
        for (size_t i = nh; i < t->n && numeric; i++) {
            tb_cell *x = grid[i * ncols + c];
            if (spanned[i * ncols + c]) {
                numeric = false;
                break;
            }
            if (!x || !x->plain || !*x->plain)
                continue;
            num_value v = num_parse(x->plain);
            if (v.kind == NUM_VALUE) {
                value = true;
                percent |= v.percent;
            } else if (v.kind != NUM_MISSING && v.kind != NUM_NA &&
                       v.kind != NUM_SECRET) {
                numeric = false;
            }
        }
        if (!numeric || !value)
            continue;
        const char *head = NULL;
        bool head_unit = false;
        for (size_t i = 0; i < nh; i++) {
            for (size_t k = c + 1; k-- > 0;) {
                tb_cell *x = grid[i * ncols + k];
                if (x) {
                    if (k + x->span > c && x->plain) {
                        head = x->plain;
                        percent |= strchr(head, '%') != NULL ||
                                   strcasestr(head, "procent") != NULL ||
                                   strcasestr(head, "andel") != NULL;
                        head_unit |= caption_unit(head) != NULL;
                    }
                    break;
                }
            }
        }
        type[c] = percent             ? COL_PROCENT
                  : unit || head_unit ? COL_BELOPP
                                      : COL_TAL;
    }
    nl(b);
    strbuf_put(&b->out, "<tabell");
    if (unit) {
        strbuf_put(&b->out, " enhet=\"");
        strbuf_put(&b->out, unit);
        strbuf_put(&b->out, "\"");
    }
    strbuf_put(&b->out, ">");
    b->ind++;
    if (t->caption) {
        nl(b);
        strbuf_put(&b->out, "<rubrik>");
        sb_xml(&b->out, t->caption);
        strbuf_put(&b->out, "</rubrik>");
    }
    static const char *const names[] = {"text", "belopp", "tal", "procent"};
    for (size_t c = 0; c < ncols; c++) {
        nl(b);
        strbuf_printf(&b->out, "<kolumn typ=\"%s\"", names[type[c]]);
        tb_cell *h = nh ? grid[(nh - 1) * ncols + c] : NULL;
        if (h && h->span == 1 && h->plain && *h->plain) {
            strbuf_put(&b->out, ">");
            sb_xml(&b->out, h->plain);
            strbuf_put(&b->out, "</kolumn>");
        } else {
            strbuf_put(&b->out, "/>");
        }
    }
    for (size_t i = 0; i < t->n; i++) {
        const char *el = i < nh                     ? "huvud"
                         : has_sum && i == t->n - 1 ? "summa"
                                                    : "rad";
        nl(b);
        strbuf_printf(&b->out, "<%s>", el);
        size_t col = 0;
        for (size_t j = 0; j < t->r[i].n && col < ncols; j++) {
            tb_cell *x = &t->r[i].c[j];
            if (x->span > 1)
                strbuf_printf(&b->out, "<cell spann=\"%u\">", x->span);
            else
                strbuf_put(&b->out, "<cell>");
            bool number = i >= nh && x->span == 1 && type[col] != COL_TEXT;
            if (number)
                sb_xml(&b->out, x->plain ? x->plain : "");
            else if (i < nh || (has_sum && i == t->n - 1 && col == 0))
                sb_xml(&b->out, x->plain ? x->plain : "");
            else
                strbuf_put(&b->out, x->xml ? x->xml : "");
            strbuf_put(&b->out, "</cell>");
            col += x->span;
        }
        for (; col < ncols; col++)
            strbuf_put(&b->out, "<cell/>");
        strbuf_printf(&b->out, "</%s>", el);
    }
    b->ind--;
    nl(b);
    strbuf_put(&b->out, "</tabell>");
    free(type);
    free(grid);
    free(spanned);
}

/* --- metadata and the document
 * ------------------------------------------------- */

void ib_meta_set(ib *b, const ib_meta *m)
{
    if (m->title && *m->title)
        b->file_meta_title = squeeze(b->a, m->title);
    if (b->meta_done)
        return;
    b->meta_done = true;
    b->meta.title = m->title && *m->title ? squeeze(b->a, m->title) : NULL;
    b->meta.author = m->author && *m->author ? squeeze(b->a, m->author) : NULL;
    b->meta.organisation = m->organisation && *m->organisation
                               ? squeeze(b->a, m->organisation)
                               : NULL;
    b->meta.typ = dup(b, m->typ);
    if (m->date && strlen(m->date) >= 10) {
        const char *d = m->date;
        bool ok = true;
        for (int i = 0; i < 10; i++)
            ok &= (i == 4 || i == 7) ? d[i] == '-'
                                     : isdigit((unsigned char)d[i]) != 0;
        int mo = ok ? (d[5] - '0') * 10 + d[6] - '0' : 0;
        int da = ok ? (d[8] - '0') * 10 + d[9] - '0' : 0;
        if (ok && mo >= 1 && mo <= 12 && da >= 1 && da <= 31 &&
            (d[10] == '\0' || d[10] == 'T' || d[10] == ' '))
            b->meta.date = arena_strndup(b->a, d, 10);
    }
}

void ib_file_end(ib *b)
{
    if (b->in_par)
        ib_par_end(b);
    while (b->tdepth)
        ib_table_end(b);
    open_chapter(b);
    flush_pending(b);
    close_lists(b);
    close_quote(b);
    if (b->nfile == 1 && !b->meta.title)
        b->meta.title = b->file_title;
    report_drops(b);
}

/* ASCII-folds the Swedish letters of s (å ä → a, ö → o), lower case. */
static char *fold(arena *a, const char *s)
{
    char *o = arena_alloc(a, strlen(s) + 1), *p = o;
    for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
        if (q[0] == 0xC3 && q[1]) {
            unsigned char c = q[1] | 0x20;
            *p++ = (c == 0xA5 || c == 0xA4) ? 'a' : c == 0xB6 ? 'o' : '?';
            q++;
        } else {
            *p++ = (char)tolower(*q);
        }
    }
    *p = '\0';
    return o;
}

static bool known_kind(const import_options *o, const char *k)
{
    if (!o->nkinds)
        return true;
    for (size_t i = 0; i < o->nkinds; i++)
        if (strcmp(o->kinds[i], k) == 0)
            return true;
    return false;
}

/* The kind the title names, or NULL. */
static const char *guess_kind(ib *b, const char *title)
{
    static const struct {
        const char *word, *kind;
    } words[] = {{"delarsrapport", "delarsrapport"},
                 {"delarsbokslut", "delarsrapport"},
                 {"delar", "delarsrapport"},
                 {"verksamhetsplan", "verksamhetsplan"},
                 {"kvalitetsberattelse", "kvalitetsberattelse"},
                 {"kvalitetsredovisning", "kvalitetsberattelse"}};
    const char *f = fold(b->a, title);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strstr(f, words[i].word) && known_kind(b->o, words[i].kind))
            return words[i].kind;
    for (size_t i = 0; i < b->o->nkinds; i++)
        if (strlen(b->o->kinds[i]) >= 4 && strstr(f, b->o->kinds[i]))
            return b->o->kinds[i];
    return NULL;
}

int ib_finish(ib *b, import_result *out)
{
    memset(out, 0, sizeof *out);
    if (b->too_big)
        return 1;
    while (b->nsec) {
        b->nsec--;
        b->ind--;
        nl(b);
        strbuf_put(&b->out, "</avsnitt>");
    }
    const char *title = b->meta.title      ? b->meta.title
                        : b->first_heading ? b->first_heading
                                           : base_name(b, b->file);
    const char *typ = b->o->typ ? b->o->typ : b->meta.typ;
    bool guessed = false;
    if (!typ) {
        typ = guess_kind(b, title);
        guessed = typ != NULL;
    }
    sbuf kinds = {0};
    for (size_t i = 0; i < b->o->nkinds; i++) {
        if (i)
            strbuf_put(&kinds, ", ");
        strbuf_put(&kinds, b->o->kinds[i]);
    }
    if (!typ) {
        diag_add(b->dl, DIAG_ERROR, b->file, 0, 0, "IMP-32",
                 MSG_IMP_TYP_UNKNOWN, title, strbuf_str(&kinds));
        strbuf_free(&kinds);
        return 2;
    }
    if (!known_kind(b->o, typ)) {
        diag_add(b->dl, DIAG_ERROR, b->file, 0, 0, "IMP-33", MSG_IMP_TYP_BAD,
                 typ, strbuf_str(&kinds));
        strbuf_free(&kinds);
        return 2;
    }
    strbuf_free(&kinds);
    bool typ_ok = strlen(typ) <= 64 && islower((unsigned char)typ[0]);
    for (const char *p = typ; *p; p++)
        typ_ok &= islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
                  *p == '_' || *p == '-';
    if (!typ_ok) {
        diag_add(b->dl, DIAG_ERROR, b->file, 0, 0, "IMP-33", MSG_IMP_TYP_BAD,
                 typ, "");
        return 2;
    }
    if (guessed) {
        diag *d = diag_add(b->dl, DIAG_WARNING, b->file, 0, 0, "IMP-31",
                           MSG_IMP_TYP_GUESSED, typ, title);
        diag_hint(b->dl, d, MSG_IMP_TYP_GUESSED_HINT);
    }
    char date[16];
    if (b->meta.date) {
        snprintf(date, sizeof date, "%s", b->meta.date);
    } else {
        time_t now = b->o->has_epoch ? (time_t)b->o->epoch : time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
        diag_add(b->dl, DIAG_WARNING, b->file, 0, 0, "IMP-35", MSG_IMP_NO_DATE);
    }
    if (!b->meta.organisation)
        diag_add(b->dl, DIAG_WARNING, b->file, 0, 0, "IMP-34", MSG_IMP_NO_ORG);
    sbuf x = {0};
    strbuf_put(&x,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<!-- Importerad med arsrapport import. Rubrikerna numreras "
               "automatiskt; kör\n     arsrapport check på filen för att se "
               "vad dokumenttypen kräver. -->\n");
    if (guessed)
        strbuf_printf(&x,
                      "<!-- Dokumenttypen %s gissades från titeln; ändra "
                      "typ=\"…\" om den är fel. -->\n",
                      typ);
    strbuf_printf(&x,
                  "<rapport xmlns=\"urn:arsrapport:1\" typ=\"%s\" "
                  "xml:lang=\"sv\">\n  <metadata>\n    <titel>",
                  typ);
    sb_xml(&x, title);
    strbuf_put(&x, "</titel>\n    <organisation>");
    if (b->meta.organisation)
        sb_xml(&x, b->meta.organisation);
    strbuf_put(&x, "</organisation>\n    <datum>");
    strbuf_put(&x, date);
    strbuf_put(&x, "</datum>\n");
    if (b->meta.author) {
        strbuf_put(&x, "    <forfattare>");
        sb_xml(&x, b->meta.author);
        strbuf_put(&x, "</forfattare>\n");
    }
    strbuf_put(&x, "  </metadata>");
    strbuf_put(&x, strbuf_str(&b->out));
    strbuf_put(&x, "\n</rapport>\n");
    out->xml = x.s;
    out->xml_len = x.n;
    out->files = b->files;
    out->nfiles = b->nfiles;
    b->files = NULL;
    b->nfiles = b->capfiles = 0;
    return 0;
}
