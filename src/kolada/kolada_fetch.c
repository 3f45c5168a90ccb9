/*
 * kolada_fetch.c: `arsrapport hamta kolada` (kolada.h), Kolada's API v3
 * into a local file.
 *
 * Three kinds of request, each answered by Kolada as {"count": N,
 * "values": [...], "next_page": URL or absent}: the KPIs' metadata
 * (/kpi/{ids}: id, title, description), the municipalities' names
 * (/municipality/{ids}) and the values
 * (/data/kpi/{kpis}/municipality/{ids}/year/{years}: one entry per KPI,
 * municipality and year, with a value per gender T/K/M, null when Kolada
 * has none, and a status). Every page is followed (next_page, or next_url
 * as some answers call it), but only on the same address and at most
 * KOLADA_MAX_PAGES times.
 *
 * Every answer is untrusted: its size is bounded while it arrives
 * (src/net), the JSON parser's nesting is bounded, and each entry is
 * checked field by field before it is copied (ids that were asked for,
 * years in the range, numbers or null, short strings in UTF-8). Only what
 * was checked reaches the file; nothing is written until every answer has
 * been read and checked, and then atomically.
 */
#include "kolada.h"
#include "kolada_json.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../common/utf8.h"
#include "../net/net.h"

enum {
    MAX_DEPTH = 16,
    MAX_TITLE = 2000,
    MAX_DESCRIPTION = 20000,
    MAX_STATUS = 64,
    MAX_GENDERS = 8
};

int kolada_valid_kpi(const char *s)
{
    if (!s || !(s[0] >= 'A' && s[0] <= 'Z'))
        return 0;
    for (int i = 1; i <= 5; i++)
        if (!(s[i] >= '0' && s[i] <= '9'))
            return 0;
    return s[6] == '\0';
}

int kolada_valid_area(const char *s)
{
    if (!s)
        return 0;
    for (int i = 0; i < 4; i++)
        if (!(s[i] >= '0' && s[i] <= '9'))
            return 0;
    return s[4] == '\0';
}

/* --- one fetch ---------------------------------------------------------- */

typedef struct {
    kolada_fetch_options *o;
    diag_list *dl;
    net_options net;
    net_client *nc;     /* libcurl, loaded for this fetch */
    json_object *calls; /* the addresses asked, for the file */
    int values_seen;
} fetch;

static char *join(const char *const *v, size_t n, const char *sep)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + strlen(sep);
    char *s = xmalloc(len), *p = s;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            strcpy(p, sep);
            p += strlen(sep);
        }
        strcpy(p, v[i]);
        p += strlen(v[i]);
    }
    *p = '\0';
    return s;
}

static bool shape_error(fetch *f, const char *url, const char *what)
{
    diag *x = diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-09",
                       MSG_HAMTA_SHAPE, url, what);
    diag_hint(f->dl, x, MSG_HAMTA_SHAPE_HINT);
    return false;
}

/* GETs url and parses its JSON; NULL after a diagnostic. */
static json_object *get_json(fetch *f, const char *url)
{
    char *body;
    size_t len;
    long status;
    char detail[256];
    json_object_array_add(f->calls, json_object_new_string(url));
    net_result r = net_get(f->nc, url, &f->net, &body, &len, &status, detail,
                           sizeof detail);
    diag *x;
    switch (r) {
    case NET_OK:
        break;
    case NET_TIMEOUT:
        x = diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-02",
                     MSG_HAMTA_TIMEOUT, f->net.timeout_s, url);
        diag_hint(f->dl, x, MSG_HAMTA_TIMEOUT_HINT);
        return NULL;
    case NET_UNREACHABLE:
        x = diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-03",
                     MSG_HAMTA_UNREACHABLE, url, detail);
        diag_hint(f->dl, x, MSG_HAMTA_UNREACHABLE_HINT);
        return NULL;
    case NET_TOO_BIG:
        x = diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-07",
                     MSG_HAMTA_TOO_BIG, url,
                     (unsigned)(f->net.max_bytes / (1024 * 1024)));
        diag_hint(f->dl, x, MSG_HAMTA_TOO_BIG_HINT);
        return NULL;
    case NET_BAD_URL:
        x = diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-01",
                     MSG_HAMTA_BAD_URL, url);
        diag_hint(f->dl, x, MSG_HAMTA_URL_HINT);
        return NULL;
    case NET_FAILED:
        x = diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-03", MSG_HAMTA_FAILED,
                     url, detail);
        diag_hint(f->dl, x, MSG_HAMTA_FAILED_HINT);
        return NULL;
    }
    if (status != 200) {
        free(body);
        if (status == 410) {
            x = diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-04",
                         MSG_HAMTA_GONE, url);
            diag_hint(f->dl, x, MSG_HAMTA_GONE_HINT);
        } else if (status >= 500 && status <= 599) {
            x = diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-05",
                         MSG_HAMTA_SERVER, status, url);
            diag_hint(f->dl, x, MSG_HAMTA_SERVER_HINT);
        } else {
            x = diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-06",
                         MSG_HAMTA_HTTP, status, url);
            diag_hint(f->dl, x, MSG_HAMTA_HTTP_HINT);
        }
        return NULL;
    }
    char why[128];
    json_object *j = kolada_json_parse(body, len, MAX_DEPTH,
                                       diag_list_lang(f->dl), why, sizeof why);
    if (!j) {
        x = diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-08",
                     MSG_HAMTA_NOT_JSON, url, why);
        diag_hint(f->dl, x, MSG_HAMTA_SHAPE_HINT);
    }
    free(body);
    return j;
}

json_object *kolada_json_parse(const char *buf, size_t len, int depth,
                               msg_lang lang, char *why, size_t n)
{
    if (len > INT_MAX) {
        snprintf(why, n, msg_text(lang, MSG_JSON_SYNTAX), (size_t)INT_MAX);
        return NULL;
    }
    json_tokener *tok = json_tokener_new_ex(depth);
    if (!tok)
        die_oom();
    json_object *j = json_tokener_parse_ex(tok, buf, (int)len);
    enum json_tokener_error e = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    while (end < len && (buf[end] == ' ' || buf[end] == '\n' ||
                         buf[end] == '\r' || buf[end] == '\t'))
        end++;
    if (j && e == json_tokener_success && end == len)
        return j;
    json_object_put(j);
    if (e == json_tokener_error_depth)
        snprintf(why, n, msg_text(lang, MSG_JSON_DEPTH), depth);
    else if (e == json_tokener_continue || (!j && e == json_tokener_success))
        snprintf(why, n, "%s", msg_text(lang, MSG_JSON_CUT));
    else if (e == json_tokener_success)
        snprintf(why, n, msg_text(lang, MSG_JSON_TRAILING), end + 1);
    else
        snprintf(why, n, msg_text(lang, MSG_JSON_SYNTAX), end + 1);
    return NULL;
}

const char *kolada_str_member(json_object *o, const char *key, size_t max)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) ||
        !json_object_is_type(v, json_type_string))
        return NULL;
    size_t n = (size_t)json_object_get_string_len(v);
    const char *s = json_object_get_string(v);
    if (n > max || strlen(s) != n || !utf8_valid(s, n))
        return NULL;
    return s;
}

static bool in_set(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, v[i]) == 0)
            return true;
    return false;
}

/* The next page's address, "" for none, NULL after a diagnostic (an
 * address that leaves the base URL). */
static const char *next_page(fetch *f, json_object *page, const char *url)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(page, "next_page", &v) || !v)
        json_object_object_get_ex(page, "next_url", &v);
    if (!v || json_object_is_type(v, json_type_null))
        return "";
    const char *s = json_object_get_string(v);
    if (!json_object_is_type(v, json_type_string) || !s[0])
        return "";
    size_t bl = strlen(f->o->base_url);
    if (strncmp(s, f->o->base_url, bl) != 0 || (s[bl] != '/' && s[bl] != '?') ||
        strlen(s) > 8192) {
        diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-11",
                 MSG_HAMTA_NEXT_ELSEWHERE, f->o->base_url, s);
        return NULL;
    }
    return s;
}

/* Calls url and every page after it; appends each entry of their
 * "values" to out (kept with a reference of its own). False after a
 * diagnostic. */
static bool get_all(fetch *f, const char *first, json_object *out)
{
    char *url = xstrdup(first);
    bool ok = true;
    for (int page = 0;; page++) {
        if (page == KOLADA_MAX_PAGES) {
            diag_add(f->dl, DIAG_ERROR, first, 0, 0, "HAMTA-10",
                     MSG_HAMTA_PAGES, KOLADA_MAX_PAGES, first);
            ok = false;
            break;
        }
        json_object *j = get_json(f, url);
        if (!j) {
            ok = false;
            break;
        }
        json_object *vals;
        if (!json_object_is_type(j, json_type_object) ||
            !json_object_object_get_ex(j, "values", &vals) ||
            !json_object_is_type(vals, json_type_array)) {
            ok = shape_error(f, url, "\"values\"");
            json_object_put(j);
            break;
        }
        size_t n = json_object_array_length(vals);
        f->values_seen += (int)(n < KOLADA_MAX_VALUES ? n : KOLADA_MAX_VALUES);
        if (f->values_seen >= KOLADA_MAX_VALUES) {
            diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-10",
                     MSG_HAMTA_TOO_MANY_VALUES, KOLADA_MAX_VALUES);
            json_object_put(j);
            ok = false;
            break;
        }
        for (size_t i = 0; i < n; i++)
            json_object_array_add(
                out, json_object_get(json_object_array_get_idx(vals, i)));
        const char *next = n ? next_page(f, j, url) : "";
        if (!next) {
            json_object_put(j);
            ok = false;
            break;
        }
        free(url);
        url = next[0] ? xstrdup(next) : NULL;
        json_object_put(j);
        if (!url)
            break;
    }
    free(url);
    return ok;
}

/* The checked metadata entries (id, title[, description][, type]) of the
 * ids asked for, in the order asked; NULL after a diagnostic. */
static json_object *checked_meta(fetch *f, json_object *got, const char *url,
                                 const char *const *ids, size_t nids, bool kpi)
{
    json_object *out = json_object_new_array();
    for (size_t k = 0; k < nids; k++) {
        json_object *found = NULL;
        for (size_t i = 0; i < json_object_array_length(got); i++) {
            json_object *e = json_object_array_get_idx(got, i);
            if (!json_object_is_type(e, json_type_object)) {
                shape_error(f, url, "values[]");
                json_object_put(out);
                return NULL;
            }
            const char *id = kolada_str_member(e, "id", 16);
            if (id && strcmp(id, ids[k]) == 0) {
                found = e;
                break;
            }
        }
        if (!found) {
            diag_add(f->dl, DIAG_ERROR, url, 0, 0, "HAMTA-12",
                     kpi ? MSG_HAMTA_UNKNOWN_KPI : MSG_HAMTA_UNKNOWN_KOMMUN,
                     ids[k]);
            json_object_put(out);
            return NULL;
        }
        const char *title = kolada_str_member(found, "title", MAX_TITLE);
        if (!title) {
            shape_error(f, url, "title");
            json_object_put(out);
            return NULL;
        }
        json_object *e = json_object_new_object();
        json_object_object_add(e, "id", json_object_new_string(ids[k]));
        json_object_object_add(e, "title", json_object_new_string(title));
        const char *more = kolada_str_member(
            found, kpi ? "description" : "type", kpi ? MAX_DESCRIPTION : 8);
        if (more)
            json_object_object_add(e, kpi ? "description" : "type",
                                   json_object_new_string(more));
        json_object_array_add(out, e);
    }
    return out;
}

/* One checked value entry, copied; NULL with *why set when it is not one. */
static json_object *checked_entry(fetch *f, json_object *e, const char **why)
{
    kolada_fetch_options *o = f->o;
    if (!json_object_is_type(e, json_type_object)) {
        *why = "values[]";
        return NULL;
    }
    const char *kpi = kolada_str_member(e, "kpi", 16);
    const char *area = kolada_str_member(e, "municipality", 16);
    json_object *per, *vals;
    if (!in_set(kpi, o->kpis, o->nkpis)) {
        *why = "kpi";
        return NULL;
    }
    if (!in_set(area, o->areas, o->nareas)) {
        *why = "municipality";
        return NULL;
    }
    if (!json_object_object_get_ex(e, "period", &per) ||
        !json_object_is_type(per, json_type_int) ||
        json_object_get_int64(per) < o->year_from ||
        json_object_get_int64(per) > o->year_to) {
        *why = "period";
        return NULL;
    }
    if (!json_object_object_get_ex(e, "values", &vals) ||
        !json_object_is_type(vals, json_type_array) ||
        json_object_array_length(vals) > MAX_GENDERS) {
        *why = "values[].values";
        return NULL;
    }
    json_object *out_vals = json_object_new_array();
    for (size_t i = 0; i < json_object_array_length(vals); i++) {
        json_object *v = json_object_array_get_idx(vals, i), *val, *st;
        const char *g = json_object_is_type(v, json_type_object)
                            ? kolada_str_member(v, "gender", 1)
                            : NULL;
        bool has_val = g && json_object_object_get_ex(v, "value", &val);
        bool num_ok = has_val &&
                      (val == NULL || json_object_is_type(val, json_type_int) ||
                       (json_object_is_type(val, json_type_double) &&
                        isfinite(json_object_get_double(val))));
        bool st_ok = g && (!json_object_object_get_ex(v, "status", &st) ||
                           !st || json_object_is_type(st, json_type_null) ||
                           kolada_str_member(v, "status", MAX_STATUS));
        if (!g || !strchr("TKM", g[0]) || !g[0] || !num_ok || !st_ok) {
            json_object_put(out_vals);
            *why = "values[].values[]";
            return NULL;
        }
        json_object *c = json_object_new_object();
        json_object_object_add(c, "gender", json_object_new_string(g));
        const char *status = kolada_str_member(v, "status", MAX_STATUS);
        json_object_object_add(
            c, "status",
            status && status[0] ? json_object_new_string(status) : NULL);
        json_object_object_add(c, "value", json_object_get(val));
        json_object_array_add(out_vals, c);
    }
    json_object *c = json_object_new_object();
    json_object_object_add(c, "kpi", json_object_new_string(kpi));
    json_object_object_add(c, "municipality", json_object_new_string(area));
    json_object_object_add(c, "period",
                           json_object_new_int64(json_object_get_int64(per)));
    json_object_object_add(c, "values", out_vals);
    return c;
}

static int cmp_entry(const void *pa, const void *pb)
{
    json_object *a = *(json_object *const *)pa, *b = *(json_object *const *)pb;
    json_object *x, *y;
    const char *keys[] = {"kpi", "municipality"};
    for (int k = 0; k < 2; k++) {
        json_object_object_get_ex(a, keys[k], &x);
        json_object_object_get_ex(b, keys[k], &y);
        int c = strcmp(json_object_get_string(x), json_object_get_string(y));
        if (c)
            return c;
    }
    json_object_object_get_ex(a, "period", &x);
    json_object_object_get_ex(b, "period", &y);
    int64_t p = json_object_get_int64(x), q = json_object_get_int64(y);
    return (p > q) - (p < q);
}

int kolada_fetch(kolada_fetch_options *o, diag_list *dl)
{
    char load_err[256];
    net_client *nc = net_open(load_err, sizeof load_err);
    if (!nc) {
        diag *x = diag_add(dl, DIAG_ERROR, NULL, 0, 0, "HAMTA-14",
                           MSG_HAMTA_NO_CURL, NET_CURL_LIBRARY, load_err);
        diag_hint(dl, x, MSG_HAMTA_NO_CURL_HINT);
        return 2;
    }
    fetch f = {
        .nc = nc,
        .o = o,
        .dl = dl,
        .net = {.connect_timeout_s = o->timeout_s < 10 ? o->timeout_s : 10,
                .timeout_s = o->timeout_s,
                .max_bytes = KOLADA_MAX_ANSWER,
                .user_agent = "arsrapport/" ARSRAPPORT_VERSION},
        .calls = json_object_new_array(),
    };
    char *kpis = join(o->kpis, o->nkpis, ",");
    char *areas = join(o->areas, o->nareas, ",");
    size_t ny = (size_t)(o->year_to - o->year_from + 1);
    char **years = xcalloc(ny, sizeof *years);
    for (size_t i = 0; i < ny; i++) {
        years[i] = xmalloc(8);
        snprintf(years[i], 8, "%d", o->year_from + (int)i);
    }
    char *yearlist = join((const char *const *)years, ny, ",");
    for (size_t i = 0; i < ny; i++)
        free(years[i]);
    free(years);
    const char *b = o->base_url;
    size_t cap =
        strlen(b) + strlen(kpis) + strlen(areas) + strlen(yearlist) + 128;
    char *u_kpi = xmalloc(cap), *u_area = xmalloc(cap), *u_data = xmalloc(cap);
    snprintf(u_kpi, cap, "%s/kpi/%s", b, kpis);
    snprintf(u_area, cap, "%s/municipality/%s", b, areas);
    snprintf(u_data, cap, "%s/data/kpi/%s/municipality/%s/year/%s", b, kpis,
             areas, yearlist);
    int rc = 2;
    json_object *kmeta = json_object_new_array();
    json_object *ameta = json_object_new_array();
    json_object *data = json_object_new_array();
    json_object *root = NULL, *kout = NULL, *aout = NULL, *vout = NULL;
    if (!get_all(&f, u_kpi, kmeta) ||
        !(kout = checked_meta(&f, kmeta, u_kpi, o->kpis, o->nkpis, true)))
        goto done;
    if (!get_all(&f, u_area, ameta) ||
        !(aout = checked_meta(&f, ameta, u_area, o->areas, o->nareas, false)))
        goto done;
    if (!get_all(&f, u_data, data))
        goto done;
    size_t n = json_object_array_length(data);
    json_object **v = xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const char *why = NULL;
        v[i] = checked_entry(&f, json_object_array_get_idx(data, i), &why);
        if (!v[i]) {
            shape_error(&f, u_data, why);
            for (size_t k = 0; k < i; k++)
                json_object_put(v[k]);
            free(v);
            goto done;
        }
    }
    qsort(v, n, sizeof *v, cmp_entry);
    for (size_t i = 1; i < n; i++)
        if (cmp_entry(&v[i - 1], &v[i]) == 0) {
            shape_error(&f, u_data, "values[] (twice)");
            for (size_t k = 0; k < n; k++)
                json_object_put(v[k]);
            free(v);
            goto done;
        }
    vout = json_object_new_array();
    for (size_t i = 0; i < n; i++)
        json_object_array_add(vout, v[i]);
    free(v);
    /* a KPI with no value at all is worth saying (a wrong id for these
     * municipalities, years not yet published) but not an error */
    for (size_t k = 0; k < o->nkpis; k++) {
        bool any = false;
        for (size_t i = 0; i < n && !any; i++) {
            json_object *x;
            json_object_object_get_ex(json_object_array_get_idx(vout, i), "kpi",
                                      &x);
            any = strcmp(json_object_get_string(x), o->kpis[k]) == 0;
        }
        if (!any)
            diag_add(dl, DIAG_WARNING, u_data, 0, 0, "HAMTA-12",
                     MSG_HAMTA_NO_VALUES, o->kpis[k], o->year_from, o->year_to);
    }
    root = json_object_new_object();
    json_object_object_add(root, "format",
                           json_object_new_string("arsrapport-kolada"));
    json_object_object_add(root, "version", json_object_new_int(1));
    json_object_object_add(root, "hamtat", json_object_new_string(o->today));
    json_object_object_add(root, "url", json_object_new_string(o->base_url));
    json_object_object_add(root, "anrop", json_object_get(f.calls));
    json_object_object_add(root, "kpi", kout);
    json_object_object_add(root, "municipality", aout);
    json_object_object_add(root, "values", vout);
    kout = aout = vout = NULL;
    size_t tlen;
    const char *text = json_object_to_json_string_length(
        root,
        JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
            JSON_C_TO_STRING_NOSLASHESCAPE,
        &tlen);
    char *withnl = xmalloc(tlen + 2);
    memcpy(withnl, text, tlen);
    withnl[tlen] = '\n';
    o->text = withnl;
    o->text_len = tlen + 1;
    o->nvalues = n;
    rc = 0;
done:
    json_object_put(root);
    json_object_put(kout);
    json_object_put(aout);
    json_object_put(vout);
    json_object_put(kmeta);
    json_object_put(ameta);
    json_object_put(data);
    json_object_put(f.calls);
    net_close(nc);
    free(u_kpi);
    free(u_area);
    free(u_data);
    free(kpis);
    free(areas);
    free(yearlist);
    return rc;
}
