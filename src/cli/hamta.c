/*
 * hamta.c: the command line of `arsrapport hamta kolada` (hamta.h).
 *
 * Reads the options, checks every id and the years before anything is
 * sent, and hands the fetch to src/kolada (which reaches the network
 * through src/net). The address is ARSRAPPORT_KOLADA_URL or Kolada's own;
 * the date written into the file is today's (SOURCE_DATE_EPOCH when set,
 * for reproducible files and tests); the time limit per request is
 * --tidsgrans, ARSRAPPORT_KOLADA_TIDSGRANS or 60 seconds.
 */
#include "hamta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/arena.h"
#include "../engine/process.h"
#include "../kolada/kolada.h"
#include "cli_text.h"

/* Appends the comma-separated ids of list to v (at most max); false when
 * one is not valid or there are too many (a diagnostic added). */
static bool add_ids(char *list, const char **v, size_t *n, size_t max, bool kpi,
                    diag_list *dl)
{
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        if (kpi ? !kolada_valid_kpi(t) : !kolada_valid_area(t)) {
            diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "HAMTA-01",
                     kpi ? MSG_HAMTA_BAD_KPI : MSG_HAMTA_BAD_KOMMUN, t);
            return false;
        }
        bool dup = false;
        for (size_t i = 0; i < *n; i++)
            dup = dup || strcmp(v[i], t) == 0;
        if (dup)
            continue;
        if (*n == max) {
            diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "HAMTA-01",
                     MSG_HAMTA_TOO_MANY, kpi ? "--kpi" : "--kommun/--jamfor",
                     (int)max);
            return false;
        }
        v[(*n)++] = t;
    }
    return true;
}

static bool parse_years(const char *s, int *from, int *to)
{
    int a, b, k = 0;
    if (sscanf(s, "%4d-%4d%n", &a, &b, &k) == 2 && s[k] == '\0') {
        *from = a;
        *to = b;
    } else if (sscanf(s, "%4d%n", &a, &k) == 1 && s[k] == '\0') {
        *from = *to = a;
    } else {
        return false;
    }
    return *from >= 1990 && *to <= 2100 && *from <= *to &&
           *to - *from < KOLADA_MAX_YEARS;
}

static bool parse_timeout(const char *s, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 1 || v > 600)
        return false;
    *out = v;
    return true;
}

int cli_hamta(int argc, char **argv, msg_lang lang, diag_list *dl, char *done,
              size_t donelen)
{
    done[0] = '\0';
    int rc = 2;
    char **copies = xcalloc((size_t)argc + 1, sizeof *copies);
    const char *kpis[KOLADA_MAX_KPIS], *areas[KOLADA_MAX_AREAS];
    size_t nk = 0, na = 0, nkommun = 0;
    const char *out = "data/kolada.json", *years = NULL;
    long timeout = 60;
    const char *env_t = getenv("ARSRAPPORT_KOLADA_TIDSGRANS");
    if (env_t && *env_t && !parse_timeout(env_t, &timeout)) {
        diag_add(dl, DIAG_ERROR, "ARSRAPPORT_KOLADA_TIDSGRANS", 0, 0,
                 "HAMTA-01", MSG_HAMTA_BAD_TIMEOUT, env_t);
        goto done;
    }
    if (argc < 1 || strcmp(argv[0], "kolada") != 0) {
        diag *x = diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "HAMTA-01",
                           MSG_HAMTA_SOURCE, argc ? argv[0] : "");
        diag_hint(dl, x, MSG_HAMTA_USAGE);
        goto done;
    }
    /* kommun ids first, then jamfor: the order of the table's rows */
    char *jamfor[64];
    size_t nj = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_arg = i + 1 < argc;
        if (strcmp(a, "--lang") == 0 && has_arg) {
            i++;
            continue;
        }
        if (strncmp(a, "--lang=", 7) == 0)
            continue;
        bool known = strcmp(a, "--kpi") == 0 || strcmp(a, "--kommun") == 0 ||
                     strcmp(a, "--jamfor") == 0 || strcmp(a, "--ar") == 0 ||
                     strcmp(a, "-o") == 0 || strcmp(a, "--ut") == 0 ||
                     strcmp(a, "--tidsgrans") == 0 ||
                     strcmp(a, "--timeout") == 0;
        if (!known || !has_arg) {
            diag *x = diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "HAMTA-01",
                               known ? MSG_HAMTA_MISSING : MSG_HAMTA_SOURCE, a);
            diag_hint(dl, x, MSG_HAMTA_USAGE);
            goto done;
        }
        i++;
        char *v = copies[i] = xstrdup(argv[i]);
        if (strcmp(a, "--kpi") == 0) {
            if (!add_ids(v, kpis, &nk, KOLADA_MAX_KPIS, true, dl))
                goto done;
        } else if (strcmp(a, "--kommun") == 0) {
            if (!add_ids(v, areas, &na, KOLADA_MAX_AREAS, false, dl))
                goto done;
            nkommun = na;
        } else if (strcmp(a, "--jamfor") == 0) {
            if (nj == sizeof jamfor / sizeof *jamfor)
                goto done;
            jamfor[nj++] = v;
        } else if (strcmp(a, "--ar") == 0) {
            years = v;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--ut") == 0) {
            out = v;
        } else if (!parse_timeout(v, &timeout)) {
            diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "HAMTA-01",
                     MSG_HAMTA_BAD_TIMEOUT, v);
            goto done;
        }
    }
    (void)nkommun;
    for (size_t i = 0; i < nj; i++)
        if (!add_ids(jamfor[i], areas, &na, KOLADA_MAX_AREAS, false, dl))
            goto done;
    if (nk == 0 || na == 0) {
        diag *x = diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "HAMTA-01",
                           MSG_HAMTA_MISSING, nk == 0 ? "--kpi" : "--kommun");
        diag_hint(dl, x, MSG_HAMTA_USAGE);
        goto done;
    }
    time_t now = time(NULL);
    long long epoch;
    if (process_source_date_epoch(&epoch))
        now = (time_t)epoch; /* an invalid one is ignored, as by build */
    struct tm tm;
    gmtime_r(&now, &tm);
    char today[16];
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    int from = tm.tm_year + 1900 - 7, to = tm.tm_year + 1900;
    if (years && !parse_years(years, &from, &to)) {
        diag_add(dl, DIAG_ERROR, "arsrapport", 0, 0, "HAMTA-01",
                 MSG_HAMTA_BAD_YEARS, years, KOLADA_MAX_YEARS);
        goto done;
    }
    const char *env_url = getenv("ARSRAPPORT_KOLADA_URL");
    char *base = xstrdup(env_url && *env_url ? env_url : KOLADA_DEFAULT_URL);
    size_t bl = strlen(base);
    while (bl > 0 && base[bl - 1] == '/')
        base[--bl] = '\0';
    if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0) {
        diag *x = diag_add(dl, DIAG_ERROR, "ARSRAPPORT_KOLADA_URL", 0, 0,
                           "HAMTA-01", MSG_HAMTA_BAD_URL, base);
        diag_hint(dl, x, MSG_HAMTA_URL_HINT);
        free(base);
        goto done;
    }
    kolada_fetch_options fo = {
        .base_url = base,
        .kpis = kpis,
        .nkpis = nk,
        .areas = areas,
        .nareas = na,
        .year_from = from,
        .year_to = to,
        .timeout_s = timeout,
        .today = today,
    };
    rc = kolada_fetch(&fo, dl); /* loads libcurl for the fetch */
    char why[256];
    if (rc == 0 && process_write_file(out, (const unsigned char *)fo.text,
                                      fo.text_len, lang, why, sizeof why)) {
        /* a failed write never touches an earlier file */
        diag *x = diag_add(dl, DIAG_ERROR, out, 0, 0, "HAMTA-13",
                           MSG_HAMTA_WRITE, out, why);
        diag_hint(dl, x, MSG_HAMTA_WRITE_HINT);
        rc = 2;
    }
    free(fo.text);
    if (rc == 0)
        cli_format(done, donelen, lang, MSG_HAMTA_WRITTEN, out, fo.nvalues, nk,
                   na, today, base);
    free(base);
done:
    for (int i = 0; i < argc; i++)
        free(copies[i]);
    free(copies);
    return rc;
}
