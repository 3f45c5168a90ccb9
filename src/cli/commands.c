/*
 * commands.c: `arsrapport rules [TYP]`, `arsrapport new TYP [FIL.xml]` and
 * `arsrapport new --fran FJOLARETS.xml` (the roll-forward itself is in
 * src/parse/rollforward.c, where libxml2 may be used).
 */
#include "commands.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../parse/rollforward.h"
#include "cli_text.h"

static void json_patterns(FILE *out, const char *key, const krav_pattern *p,
                          size_t n)
{
    fprintf(out, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', out);
        cli_json_string(out, p[i].text);
    }
    fputc(']', out);
}

static const char *level_text(msg_lang lang, krav_level l)
{
    static const msg_key keys[] = {CLI_LEVEL_REQUIRED, CLI_LEVEL_RECOMMENDED,
                                   CLI_LEVEL_CONDITIONAL};
    return msg_text(lang, keys[l]);
}

static void print_patterns(const char *label, const krav_pattern *p, size_t n,
                           const char *sep)
{
    if (n == 0)
        return;
    printf("       %s ", label);
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? sep : "", p[i].text);
    putchar('\n');
}

static int list_kinds(kind_cache *kc, msg_lang lang, bool json)
{
    if (!json)
        printf("%s\n", cli_text(lang, CLI_RULES_KINDS));
    for (size_t i = 0; i < kc->n; i++) {
        const rule_set *rs = kinds_get(kc, i, NULL);
        const krav_set *ks = rs ? rule_set_krav(rs) : NULL;
        if (json) {
            fputs("{\"kind\":", stdout);
            cli_json_string(stdout, kc->names[i]);
            fputs(",\"name\":", stdout);
            if (ks)
                cli_json_string(stdout,
                                lang == LANG_EN && ks->en ? ks->en : ks->namn);
            else
                fputs("null", stdout);
            printf(",\"rules\":%zu,\"ok\":%s}\n", ks ? ks->n_rules : 0,
                   ks ? "true" : "false");
            continue;
        }
        /* a kind is a folder's name: anything but '/' and NUL, so its
         * control characters are escaped */
        char *name = NULL;
        size_t name_len = 0;
        FILE *m = open_memstream(&name, &name_len);
        if (!m)
            die_oom();
        diag_write_safe(m, kc->names[i]);
        fclose(m);
        if (ks)
            printf("  %-22s %s%s\n", name,
                   lang == LANG_EN && ks->en ? ks->en : ks->namn,
                   cli_text(lang, CLI_RULES_COUNT, (int)ks->n_rules));
        else
            printf("  %-22s %s\n", name,
                   cli_text(lang, CLI_RULES_BROKEN, name));
        free(name);
    }
    if (!json)
        printf("%s\n", cli_text(lang, CLI_RULES_MORE));
    return 0;
}

int cmd_rules(kind_cache *kc, const char *typ, msg_lang lang, bool json,
              diag_list *dl)
{
    if (!typ)
        return list_kinds(kc, lang, json);
    int k = kinds_index(kc, typ);
    if (k < 0) {
        diag *x = diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "TYP-01",
                           MSG_VAL_UNKNOWN_TYPE, typ, kc->list);
        diag_hint(dl, x, MSG_VAL_UNKNOWN_TYPE_HINT);
        return 2;
    }
    const rule_set *rs = kinds_get(kc, (size_t)k, dl);
    if (!rs)
        return 2;
    const krav_set *ks = rule_set_krav(rs);
    if (!json) {
        printf("%s (%s)\n", lang == LANG_EN && ks->en ? ks->en : ks->namn,
               ks->typ);
        if (ks->kalla)
            printf("%s\n", cli_text(lang, CLI_RULES_SOURCE, ks->kalla));
        const char *b = lang == LANG_EN && ks->beskrivning_en
                            ? ks->beskrivning_en
                            : ks->beskrivning_sv;
        if (b)
            printf("%s\n", b);
        diag_write_safe(stdout, cli_text(lang, CLI_RULES_FILE, ks->path));
        fputs("\n\n", stdout);
    }
    for (size_t i = 0; i < ks->n_rules; i++) {
        const krav_rule *r = &ks->rules[i];
        if (json) {
            fputs("{\"kind\":", stdout);
            cli_json_string(stdout, ks->typ);
            fputs(",\"id\":", stdout);
            cli_json_string(stdout, r->id);
            static const char *const lv[] = {"required", "recommended",
                                             "conditional"};
            printf(",\"level\":\"%s\",\"heading\":", lv[r->level]);
            cli_json_string(stdout, r->text);
            fputs(",\"en\":", stdout);
            if (r->en)
                cli_json_string(stdout, r->en);
            else
                fputs("null", stdout);
            fputs(",\"source\":", stdout);
            if (r->kalla)
                cli_json_string(stdout, r->kalla);
            else
                fputs("null", stdout);
            fputs(",\"condition\":", stdout);
            if (r->villkor)
                cli_json_string(stdout, r->villkor);
            else
                fputs("null", stdout);
            printf(",\"not_empty\":%s", r->ejtom ? "true" : "false");
            json_patterns(stdout, "patterns", r->monster, r->n_monster);
            json_patterns(stdout, "body", r->brodtext, r->n_brodtext);
            json_patterns(stdout, "table_columns", r->kolumn, r->n_kolumn);
            fputs("}\n", stdout);
            continue;
        }
        printf("%-6s %-14s %s", r->id, level_text(lang, r->level), r->text);
        if (lang == LANG_EN && r->en)
            printf(" (%s)", r->en);
        putchar('\n');
        print_patterns(cli_text(lang, CLI_RULES_HEADING), r->monster,
                       r->n_monster, " | ");
        print_patterns(cli_text(lang, CLI_RULES_BODY), r->brodtext,
                       r->n_brodtext, " | ");
        print_patterns(cli_text(lang, CLI_RULES_TABLE), r->kolumn, r->n_kolumn,
                       ", ");
        if (r->villkor)
            printf("       %s\n",
                   cli_text(lang, CLI_RULES_CONDITION, r->villkor));
        if (r->ejtom)
            printf("       %s\n", cli_text(lang, CLI_RULES_NOT_EMPTY));
        if (r->kalla)
            printf("       %s\n", cli_text(lang, CLI_RULES_SOURCE, r->kalla));
    }
    return 0;
}

/* --- new ---------------------------------------------------------------- */

typedef struct {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
    size_t len = strlen(s);
    if (b->n + len + 1 > b->cap) {
        b->cap = (b->n + len + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, len + 1);
    b->n += len;
}

/* Text for an XML comment: no "--", no '<' confusion needed. */
static void sb_comment_text(sbuf *b, const char *s)
{
    for (; *s; s++) {
        char c[2] = {*s, 0};
        if (s[0] == '-' && s[1] == '-') {
            sb_add(b, "- ");
            continue;
        }
        sb_add(b, c);
    }
}

static void sb_xml_text(sbuf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            sb_add(b, "&lt;");
        else if (*s == '&')
            sb_add(b, "&amp;");
        else if (*s == '>')
            sb_add(b, "&gt;");
        else {
            char c[2] = {*s, 0};
            sb_add(b, c);
        }
    }
}

/* A skeleton made from the rules, for a kind without a mall.xml. */
static char *skeleton_from_rules(const krav_set *ks)
{
    sbuf b = {0};
    char date[16];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    sb_add(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n  Mall för ");
    sb_comment_text(&b, ks->namn);
    sb_add(&b, " (arsrapport new ");
    sb_add(&b, ks->typ);
    sb_add(&b, "), gjord från reglerna i krav.xml.\n\n"
               "  Byt ut värdena under <metadata> och skriv text i varje "
               "avsnitt.\n  Kommentarerna beskriver vad avsnittet ska "
               "innehålla; de skrivs inte ut.\n  Skriv inte in numrering i "
               "rubrikerna: den räknas ut automatiskt.\n  Se reglerna med: "
               "arsrapport rules ");
    sb_add(&b, ks->typ);
    sb_add(&b, "\n-->\n<rapport xmlns=\"urn:arsrapport:1\" typ=\"");
    sb_add(&b, ks->typ);
    sb_add(&b, "\" xml:lang=\"sv\">\n  <metadata>\n    <titel>");
    sb_xml_text(&b, ks->namn);
    sb_add(&b, "</titel>\n    <organisation>Exempelstads "
               "kommun</organisation>\n    <datum>");
    sb_add(&b, date);
    sb_add(&b, "</datum>\n  </metadata>\n");
    for (size_t i = 0; i < ks->n_rules; i++) {
        const krav_rule *r = &ks->rules[i];
        sb_add(&b, "\n  <avsnitt>\n    <rubrik>");
        sb_xml_text(&b, r->text);
        sb_add(&b, "</rubrik>\n    <!-- ");
        sb_add(&b, r->level == KRAV_REQUIRED      ? "Obligatoriskt avsnitt ("
                   : r->level == KRAV_RECOMMENDED ? "Rekommenderat avsnitt ("
                                                  : "Villkorat avsnitt (");
        sb_add(&b, r->id);
        sb_add(&b, ").");
        if (r->kalla) {
            sb_add(&b, " Grund: ");
            sb_comment_text(&b, r->kalla);
            sb_add(&b, ".");
        }
        if (r->beskrivning_sv) {
            sb_add(&b, "\n         ");
            sb_comment_text(&b, r->beskrivning_sv);
        }
        sb_add(&b, " -->\n  </avsnitt>\n");
    }
    sb_add(&b, "</rapport>\n");
    return b.s;
}

/* The skeleton text with an <?xml-model?> line after its XML declaration
 * pointing at the schema (ISO/IEC 19757-11), so that an editor offers
 * completion and the schema's documentation from the first keystroke:
 * VS Code's XML extension (redhat.vscode-xml) and others read it. Nothing
 * is added when the text has one or the schema cannot be found. Frees
 * text; returns the new text (free it). */
static char *with_xml_model(char *text, const char *schema_path)
{
    char abs[PATH_MAX];
    if (!text || !schema_path || strstr(text, "<?xml-model") ||
        !realpath(schema_path, abs))
        return text;
    sbuf b = {0};
    const char *rest = text;
    if (strncmp(text, "<?xml ", 6) == 0) {
        const char *end = strstr(text, "?>");
        if (end) {
            end += 2;
            while (*end == '\n' || *end == '\r')
                end++;
            size_t n = (size_t)(end - text);
            char *decl = xmalloc(n + 1);
            memcpy(decl, text, n);
            decl[n] = '\0';
            sb_add(&b, decl);
            if (n > 0 && decl[n - 1] != '\n')
                sb_add(&b, "\n");
            free(decl);
            rest = end;
        }
    }
    sb_add(&b, "<?xml-model href=\"file://");
    /* the path as a URI: bytes outside unreserved ones escaped */
    for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
        char c[4];
        if (isalnum(*p) || strchr("/-._~", *p)) {
            c[0] = (char)*p;
            c[1] = '\0';
        } else {
            snprintf(c, sizeof c, "%%%02X", *p);
        }
        sb_add(&b, c);
    }
    sb_add(&b, "\" type=\"application/xml\" "
               "schematypens=\"http://relaxng.org/ns/structure/1.0\"?>\n");
    sb_add(&b, rest);
    free(text);
    return b.s;
}

char *cmd_new(kind_cache *kc, const char *typ, const char *schema_path,
              diag_list *dl, size_t *len)
{
    int k = kinds_index(kc, typ);
    if (k < 0) {
        diag *x = diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "TYP-01",
                           MSG_VAL_UNKNOWN_TYPE, typ, kc->list);
        diag_hint(dl, x, MSG_VAL_UNKNOWN_TYPE_HINT);
        return NULL;
    }
    char *dir = kind_find(&kc->path, typ);
    size_t n = strlen(dir) + 16;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/mall.xml", dir);
    free(dir);
    char *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f) {
        sbuf b = {0};
        char buf[8192];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf - 1, f)) > 0) {
            buf[got] = '\0';
            sb_add(&b, buf);
        }
        fclose(f);
        out = b.s;
    } else {
        const rule_set *rs = kinds_get(kc, (size_t)k, dl);
        if (rs)
            out = skeleton_from_rules(rule_set_krav(rs));
    }
    free(path);
    out = with_xml_model(out, schema_path);
    *len = out ? strlen(out) : 0;
    return out;
}

char *cmd_new_from(const char *fran, const char *period,
                   const char *schema_path, msg_lang lang, diag_list *dl,
                   size_t *len, int *status)
{
    rf_date start, slut;
    const rf_date *ps = NULL, *pe = NULL;
    *len = 0;
    if (period) {
        const char *colon = strchr(period, ':');
        char a[16] = "", b[16] = "";
        if (colon && colon - period < 16 && strlen(colon + 1) < 16) {
            memcpy(a, period, (size_t)(colon - period));
            snprintf(b, sizeof b, "%s", colon + 1);
        }
        if (!rf_date_parse(a, &start) || !rf_date_parse(b, &slut) ||
            slut.y * 10000 + slut.m * 100 + slut.d <
                start.y * 10000 + start.m * 100 + start.d) {
            diag *x = diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "ARS-30",
                               MSG_RF_BAD_PERIOD, period);
            diag_hint(dl, x, MSG_RF_BAD_PERIOD_HINT);
            *status = 2;
            return NULL;
        }
        ps = &start;
        pe = &slut;
    }
    (void)lang;
    char *text = rollforward_file(fran, schema_path, ps, pe, dl, len);
    if (!text) {
        /* last year's report has errors (1) or cannot be read (2) */
        *status = 2;
        for (size_t i = 0; i < diag_count(dl); i++)
            if (strncmp(diag_get(dl, i)->rule, "XML-", 4) == 0)
                *status = 1;
        return NULL;
    }
    text = with_xml_model(text, schema_path);
    *len = strlen(text);
    return text;
}
