/*
 * diag.c: the list of diagnostics every stage writes into.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct diag_list {
    msg_lang lang;
    diag **items;
    size_t n, cap;
    char **files; /* distinct file names in order of first appearance */
    size_t nfiles;
    char **suppressed;
    size_t nsuppressed;
};

diag_list *diag_list_new(msg_lang lang)
{
    diag_list *dl = xcalloc(1, sizeof *dl);
    dl->lang = lang;
    return dl;
}

void diag_clear(diag_list *dl)
{
    for (size_t i = 0; i < dl->n; i++) {
        free(dl->items[i]->message);
        free(dl->items[i]->hint);
        free(dl->items[i]);
    }
    dl->n = 0;
}

void diag_list_free(diag_list *dl)
{
    if (!dl)
        return;
    diag_clear(dl);
    free(dl->items);
    for (size_t i = 0; i < dl->nfiles; i++)
        free(dl->files[i]);
    free(dl->files);
    for (size_t i = 0; i < dl->nsuppressed; i++)
        free(dl->suppressed[i]);
    free(dl->suppressed);
    free(dl);
}

msg_lang diag_list_lang(const diag_list *dl)
{
    return dl->lang;
}

static const char *intern_file(diag_list *dl, const char *file)
{
    if (!file)
        file = "";
    for (size_t i = 0; i < dl->nfiles; i++)
        if (strcmp(dl->files[i], file) == 0)
            return dl->files[i];
    dl->files = xrealloc(dl->files, (dl->nfiles + 1) * sizeof *dl->files);
    dl->files[dl->nfiles] = xstrdup(file);
    return dl->files[dl->nfiles++];
}

void diag_list_take(diag_list *dst, diag_list *src)
{
    for (size_t i = 0; i < src->n; i++) {
        diag *d = src->items[i];
        d->file = intern_file(dst, d->file);
        d->seq = dst->n;
        if (dst->n == dst->cap) {
            dst->cap = dst->cap ? dst->cap * 2 : 16;
            dst->items = xrealloc(dst->items, dst->cap * sizeof *dst->items);
        }
        dst->items[dst->n++] = d;
    }
    src->n = 0;
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        n = 0;
    char *s = xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

diag *diag_add(diag_list *dl, diag_severity sev, const char *file,
               uint32_t line, uint32_t col, const char *rule, msg_key key, ...)
{
    diag *d = xcalloc(1, sizeof *d);
    d->severity = sev;
    d->file = intern_file(dl, file);
    d->line = line;
    d->col = col;
    snprintf(d->rule, sizeof d->rule, "%s", rule ? rule : "");
    va_list ap;
    va_start(ap, key);
    d->message = vformat(msg_text(dl->lang, key), ap);
    va_end(ap);
    d->seq = dl->n;
    if (dl->n == dl->cap) {
        dl->cap = dl->cap ? dl->cap * 2 : 16;
        dl->items = xrealloc(dl->items, dl->cap * sizeof *dl->items);
    }
    dl->items[dl->n++] = d;
    return d;
}

void diag_hint(diag_list *dl, diag *d, msg_key key, ...)
{
    va_list ap;
    va_start(ap, key);
    free(d->hint);
    d->hint = vformat(msg_text(dl->lang, key), ap);
    va_end(ap);
}

void diag_hint_text(diag *d, const char *text)
{
    free(d->hint);
    d->hint = text ? xstrdup(text) : NULL;
}

void diag_suppress(diag_list *dl, const char *rule)
{
    if (diag_is_suppressed(dl, rule))
        return;
    dl->suppressed = xrealloc(dl->suppressed,
                              (dl->nsuppressed + 1) * sizeof *dl->suppressed);
    dl->suppressed[dl->nsuppressed++] = xstrdup(rule);
}

bool diag_is_suppressed(const diag_list *dl, const char *rule)
{
    for (size_t i = 0; i < dl->nsuppressed; i++)
        if (strcmp(dl->suppressed[i], rule) == 0)
            return true;
    return false;
}

bool diag_is_shown(const diag_list *dl, const diag *d)
{
    return d->severity == DIAG_ERROR || !diag_is_suppressed(dl, d->rule);
}

void diag_count_shown(const diag_list *dl, size_t *nerr, size_t *nwarn)
{
    *nerr = *nwarn = 0;
    for (size_t i = 0; i < dl->n; i++) {
        const diag *d = dl->items[i];
        if (d->severity == DIAG_ERROR)
            (*nerr)++;
        else if (!diag_is_suppressed(dl, d->rule))
            (*nwarn)++;
    }
}

size_t diag_count(const diag_list *dl)
{
    return dl->n;
}

size_t diag_count_severity(const diag_list *dl, diag_severity sev)
{
    size_t c = 0;
    for (size_t i = 0; i < dl->n; i++)
        if (dl->items[i]->severity == sev)
            c++;
    return c;
}

const diag *diag_get(const diag_list *dl, size_t i)
{
    return i < dl->n ? dl->items[i] : NULL;
}

/* A diagnostic with its file's rank (the order the files were first
 * named in), so that qsort needs no context. */
typedef struct {
    size_t rank;
    const diag *d;
} sort_key;

static size_t file_rank(const diag_list *dl, const char *f)
{
    for (size_t i = 0; i < dl->nfiles; i++)
        if (dl->files[i] == f)
            return i;
    return 0;
}

static int cmp_diag(const void *pa, const void *pb)
{
    const sort_key *ka = pa, *kb = pb;
    const diag *a = ka->d, *b = kb->d;
    if (ka->rank != kb->rank)
        return ka->rank < kb->rank ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

void diag_sort(diag_list *dl)
{
    if (dl->n < 2)
        return;
    sort_key *k = xmalloc(dl->n * sizeof *k);
    for (size_t i = 0; i < dl->n; i++)
        k[i] = (sort_key){file_rank(dl, dl->items[i]->file), dl->items[i]};
    qsort(k, dl->n, sizeof *k, cmp_diag);
    for (size_t i = 0; i < dl->n; i++)
        dl->items[i] = (diag *)k[i].d;
    free(k);
}

/* Length of the well-formed UTF-8 sequence at p (1..4), its code point in
 * *cp; 0 when p does not start one. */
static size_t utf8_seq(const unsigned char *p, uint32_t *cp)
{
    unsigned char c = p[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) /* also stops at the NUL */
            return 0;
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* Code points that must not reach a terminal as they are: controls (C0,
 * DEL, C1: escape sequences, carriage returns and new lines that forge
 * lines) and the bidirectional formatting characters, line and paragraph
 * separators (which reorder or break what is shown). */
static bool unsafe_cp(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
           (c >= 0x200E && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x061C;
}

void diag_write_safe(FILE *f, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        uint32_t cp;
        size_t n = utf8_seq(p, &cp);
        if (n == 0) { /* a byte that is not UTF-8: \xHH */
            fputc('\\', f);
            fputc('x', f);
            fputc(hex[*p >> 4], f);
            fputc(hex[*p & 15], f);
            p++;
        } else if (unsafe_cp(cp)) {
            fputc('\\', f);
            if (cp < 0x100) {
                fputc('x', f);
                fputc(hex[cp >> 4], f);
                fputc(hex[cp & 15], f);
            } else {
                fputc('u', f);
                for (int k = 12; k >= 0; k -= 4)
                    fputc(hex[(cp >> k) & 15], f);
            }
            p += n;
        } else {
            fwrite(p, 1, n, f);
            p += n;
        }
    }
}
