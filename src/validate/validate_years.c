/*
 * validate_years.c: the years of a report agree (issue 26, part 4). A
 * report rolled forward from last year's, or edited from it by hand, is
 * easily left with a 2027 title over a 2026 period, or last year's column
 * heads. All warnings, at the root (metadata has no place of its own in
 * the model) or at the column head:
 *
 *   PER-01  the title names years and none of them is a year of the period
 *   PER-02  datum more than a year before or after the period
 *   PER-03  a column head or header cell with outcome ("Utfall") for a
 *           year after the period; a table whose column heads name years
 *           with words ("Budget 2025"; a bare "2025" is a series of years,
 *           history), all before the period
 *   PER-04  a delårsrapport whose period is not a part of one year (it
 *           spans two years, or is the whole year)
 *
 * Years are read as rollforward.c moves them: four digits 1900-2099, not
 * part of a longer number or word, not followed by ':' and a digit (SFS
 * 2001:453 is a law).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "validate_internal.h"

#define MAX_YEARS 16

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool alnum(char c)
{
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The years in s, at most max of them, into years; returns how many. If
 * after is given, after[i] is the offset in s just past years[i]. */
static size_t years_in(const char *s, int *years, size_t *after, size_t max)
{
    size_t k = 0, n = s ? strlen(s) : 0;
    for (size_t i = 0; i + 4 <= n && k < max; i++) {
        if (!digit(s[i]) || !digit(s[i + 1]) || !digit(s[i + 2]) ||
            !digit(s[i + 3]) || (i > 0 && alnum(s[i - 1])))
            continue;
        if (i + 4 < n && (alnum(s[i + 4]) ||
                          (s[i + 4] == ':' && i + 5 < n && digit(s[i + 5])))) {
            i += 3;
            continue;
        }
        int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 +
                (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
        if (y >= 1900 && y <= 2099) {
            if (after)
                after[k] = i + 4;
            years[k++] = y;
        }
        i += 3;
    }
    return k;
}

/* The year of an ISO date ("2026-08-31"), or 0. */
static int year_of(const char *iso)
{
    if (!iso || strlen(iso) < 10 || !digit(iso[0]) || !digit(iso[3]) ||
        iso[4] != '-')
        return 0;
    return atoi(iso);
}

/* PER-03 for one head: "Utfall 2027" after the period. */
static void check_head(doc *d, const doc_node *n, const char *text, int slut,
                       diag_list *dl)
{
    int ys[MAX_YEARS];
    size_t after[MAX_YEARS];
    size_t k = years_in(text, ys, after, MAX_YEARS);
    for (size_t i = 0; i < k; i++) {
        size_t end = after[i] - 4;
        /* "Utfall 2027", "utfall delår 2027": the word before the year */
        const char *u = NULL;
        for (const char *p = text; (p = strstr(p, "tfall")) != NULL; p++)
            if (p > text && (p[-1] == 'U' || p[-1] == 'u') &&
                (size_t)(p - text) < end)
                u = p;
        if (u && ys[i] > slut) {
            diag *x = diag_add(dl, DIAG_WARNING, doc_path(d), doc_node_line(n),
                               doc_node_col(n), "PER-03", MSG_PER_OUTCOME_AFTER,
                               text, ys[i], slut);
            diag_hint(dl, x, MSG_PER_OUTCOME_AFTER_HINT);
            return;
        }
    }
}

/* PER-03 for one table: heads with years, all before the period. */
static void check_table_years(doc *d, const doc_node *t, int start, int slut,
                              diag_list *dl)
{
    int latest = 0;
    size_t heads = 0;
    for (const doc_node *c = doc_node_first_child(t); c; c = doc_node_next(c)) {
        doc_kind k = doc_node_kind(c);
        if (k != DOC_COLUMN && k != DOC_HEADROW)
            continue;
        const doc_node *first = k == DOC_COLUMN ? c : doc_node_first_child(c);
        for (const doc_node *h = first; h;
             h = k == DOC_COLUMN ? NULL : doc_node_next(h)) {
            char *text = doc_node_plain_text_dup(h);
            int ys[MAX_YEARS];
            size_t n = years_in(text, ys, NULL, MAX_YEARS);
            /* "Budget 2026", not "2026": a series of years is history */
            bool words = false;
            for (const char *p = text; *p && !words; p++)
                words = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
            for (size_t i = 0; i < n && words; i++)
                if (ys[i] > latest)
                    latest = ys[i];
            heads += n > 0 && words;
            check_head(d, h, text, slut, dl);
            free(text);
        }
    }
    if (heads > 0 && latest < start) {
        diag *x = diag_add(dl, DIAG_WARNING, doc_path(d), doc_node_line(t),
                           doc_node_col(t), "PER-03", MSG_PER_TABLE_OLD, latest,
                           start);
        diag_hint(dl, x, MSG_PER_TABLE_OLD_HINT);
    }
}

void check_years(doc *d, diag_list *dl)
{
    const doc_meta *m = doc_metadata(d);
    const doc_node *root = doc_root(d);
    int start = year_of(m->period_start), slut = year_of(m->period_slut);
    if (!start || !slut || slut < start)
        return; /* no period to compare with (a reversed one is said
                   elsewhere) */
    const char *file = doc_path(d);
    uint32_t line = doc_node_line(root), col = doc_node_col(root);
    int ys[MAX_YEARS];
    size_t n = years_in(m->titel, ys, NULL, MAX_YEARS);
    bool inside = false;
    for (size_t i = 0; i < n; i++)
        inside |= ys[i] >= start && ys[i] <= slut;
    if (n > 0 && !inside) {
        diag *x =
            diag_add(dl, DIAG_WARNING, file, line, col, "PER-01", MSG_PER_TITLE,
                     m->titel, m->period_start, m->period_slut);
        diag_hint(dl, x, MSG_PER_TITLE_HINT);
    }
    int dy = year_of(m->datum);
    if (dy && (dy < start - 1 || dy > slut + 1)) {
        diag *x =
            diag_add(dl, DIAG_WARNING, file, line, col, "PER-02", MSG_PER_DATUM,
                     m->datum, m->period_start, m->period_slut);
        diag_hint(dl, x, MSG_PER_DATUM_HINT);
    }
    const char *typ = doc_type(d);
    if (typ && strcmp(typ, "delarsrapport") == 0 &&
        (slut != start || (strcmp(m->period_start + 4, "-01-01") == 0 &&
                           strcmp(m->period_slut + 4, "-12-31") == 0))) {
        diag *x = diag_add(dl, DIAG_WARNING, file, line, col, "PER-04",
                           MSG_PER_INTERIM, m->period_start, m->period_slut);
        diag_hint(dl, x, MSG_PER_INTERIM_HINT);
    }
    doc_iter it;
    doc_iter_init(&it, doc_root(d));
    for (doc_node *t; doc_iter_next_of(&it, DOC_TABLE, &t);)
        check_table_years(d, t, start, slut, dl);
}
