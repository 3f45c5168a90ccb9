/*
 * model_dump.c: the deterministic text form of the model that golden tests
 * compare against. One node per line, indented two spaces per level:
 *   kind [number] [attr="value" ...] @line:col
 * Text nodes print their text in double quotes with \" \\ \n escaped.
 */
#include <string.h>

#include "model_impl.h"

static void dump_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        if (*s == '\n')
            fputs("\\n", out);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

static void dump_field(FILE *out, const char *name, const char *value)
{
    if (!value)
        return;
    fprintf(out, "  %s: ", name);
    dump_string(out, value);
    fputc('\n', out);
}

void doc_dump(doc *d, FILE *out)
{
    doc_number(d);
    const doc_meta *m = &d->meta;
    fprintf(out, "rapport typ=");
    dump_string(out, d->typ);
    fprintf(out, " lang=");
    dump_string(out, d->lang);
    fputc('\n', out);
    fputs("metadata\n", out);
    dump_field(out, "titel", m->titel);
    dump_field(out, "undertitel", m->undertitel);
    dump_field(out, "organisation", m->organisation);
    dump_field(out, "namnd", m->namnd);
    dump_field(out, "forvaltning", m->forvaltning);
    dump_field(out, "period_start", m->period_start);
    dump_field(out, "period_slut", m->period_slut);
    dump_field(out, "datum", m->datum);
    dump_field(out, "diarienummer", m->diarienummer);
    dump_field(out, "forfattare", m->forfattare);
    dump_field(out, "beslutad", m->beslutad);
    for (size_t i = 0; i < m->n_nyckelord; i++)
        dump_field(out, "nyckelord", m->nyckelord[i]);
    dump_field(out, "logga", m->logga_fil);
    for (size_t i = 0; i < m->n_undantag; i++)
        dump_field(out, "undantag", m->undantag[i]);

    doc_iter it;
    doc_iter_init(&it, d->root);
    doc_node *n;
    doc_event ev;
    int level = 0;
    while ((ev = doc_iter_next(&it, &n)) != DOC_EV_NONE) {
        if (ev == DOC_EV_EXIT) {
            level--;
            continue;
        }
        if (n == d->root) {
            level = doc_node_first_child(n) ? 1 : 0;
            continue;
        }
        for (int i = 0; i < level; i++)
            fputs("  ", out);
        if (n->kind == DOC_TEXT) {
            dump_string(out, n->u.tx.text);
        } else {
            fputs(doc_kind_name(n->kind), out);
            const doc_node_ext *x = n->u.el.ext;
            if (x && x->number)
                fprintf(out, " %s", x->number);
            if (x && x->seq)
                fprintf(out, " #%d", x->seq);
            for (const doc_attr *a = x ? x->attrs : NULL; a; a = a->next) {
                fprintf(out, " %s=", a->name);
                dump_string(out, a->value);
            }
        }
        fprintf(out, " @%u:%u\n", (unsigned)n->line, (unsigned)n->col);
        if (doc_node_first_child(n))
            level++;
    }
}
