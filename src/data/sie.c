/*
 * sie.c: the SIE 4 reader (sie.h). A line is a label ("#PSALDO") and
 * fields separated by spaces or tabs; a field may be quoted ("Försäljning
 * Sverige", a \" inside is a quote) or be an object list in braces
 * ({1 "120" 6 "P1"}). Amounts use a decimal point (SIE 4B, 5.3). Lines
 * this reader does not use are skipped unread, as the standard asks of a
 * reader (unknown labels are ignored).
 */
#include "sie.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/numfmt.h"
#include "textenc.h"

#define SIE_MAX_FIELDS 32
#define SIE_MAX_OBJS 8

typedef struct {
    const char *f[SIE_MAX_FIELDS]; /* fields, in the arena */
    bool brace[SIE_MAX_FIELDS];    /* field i was {...} */
    int n;
} sie_line;

/* Splits [p, e) into ln; false on an unclosed quote or brace. */
static bool split(const char *p, const char *e, arena *a, sie_line *ln)
{
    ln->n = 0;
    while (p < e) {
        while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
            p++;
        if (p >= e)
            break;
        if (ln->n == SIE_MAX_FIELDS)
            return true; /* fields past those used are ignored */
        char *buf = arena_alloc(a, (size_t)(e - p) + 1), *o = buf;
        bool brace = false;
        if (*p == '"') {
            p++;
            while (p < e && *p != '"') {
                if (*p == '\\' && p + 1 < e)
                    p++;
                *o++ = *p++;
            }
            if (p >= e)
                return false;
            p++;
        } else if (*p == '{') {
            brace = true;
            p++;
            while (p < e && *p != '}')
                *o++ = *p++;
            if (p >= e)
                return false;
            p++;
        } else {
            while (p < e && *p != ' ' && *p != '\t' && *p != '\r')
                *o++ = *p++;
        }
        *o = '\0';
        ln->brace[ln->n] = brace;
        ln->f[ln->n++] = buf;
    }
    return true;
}

/* "-1234.50" into mant/scale; false when it is not an SIE amount. */
static bool amount(const char *s, int64_t *mant, int *scale)
{
    bool neg = *s == '-';
    if (neg || *s == '+')
        s++;
    int64_t m = 0;
    int sc = 0, digits = 0;
    bool point = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (++digits > NUM_MAX_DIGITS)
                return false;
            m = m * 10 + (*s - '0');
            sc += point;
        } else if (*s == '.' && !point) {
            point = true;
        } else {
            return false;
        }
    }
    if (digits == 0 || sc > NUM_MAX_DECIMALS)
        return false;
    *mant = neg ? -m : m;
    *scale = sc;
    return true;
}

typedef struct {
    int dim;
    const char *id;
} obj_pair;

static int cmp_pair(const void *x, const void *y)
{
    const obj_pair *a = x, *b = y;
    if (a->dim != b->dim)
        return a->dim < b->dim ? -1 : 1;
    return strcmp(a->id, b->id);
}

static bool write_objs(obj_pair *v, int n, char *out, size_t size)
{
    qsort(v, (size_t)n, sizeof *v, cmp_pair);
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        int k = snprintf(out + o, size - o, "%s%d:%s", i ? " " : "", v[i].dim,
                         v[i].id);
        if (k < 0 || (size_t)k >= size - o)
            return false;
        o += (size_t)k;
    }
    return true;
}

/* An object list's text ("1 \"120\" 6 P1") in canonical form. */
static bool objs_of_list(const char *s, arena *a, char *out, size_t size)
{
    sie_line ln;
    if (!split(s, s + strlen(s), a, &ln) || ln.n % 2 != 0 ||
        ln.n / 2 > SIE_MAX_OBJS)
        return false;
    obj_pair v[SIE_MAX_OBJS];
    for (int i = 0; i < ln.n; i += 2) {
        char *end;
        long d = strtol(ln.f[i], &end, 10);
        if (*end || d < 1 || d > 99999 || !ln.f[i + 1][0])
            return false;
        v[i / 2] = (obj_pair){(int)d, ln.f[i + 1]};
    }
    return write_objs(v, ln.n / 2, out, size);
}

bool sie_objs_canonical(const char *spec, char *out, size_t size)
{
    obj_pair v[SIE_MAX_OBJS];
    int n = 0;
    char buf[256];
    if (strlen(spec) >= sizeof buf)
        return false;
    strcpy(buf, spec);
    for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
        char *colon = strchr(t, ':'), *end;
        if (!colon || n == SIE_MAX_OBJS)
            return false;
        *colon = '\0';
        long d = strtol(t, &end, 10);
        if (*end || d < 1 || d > 99999 || !colon[1])
            return false;
        v[n++] = (obj_pair){(int)d, colon + 1};
    }
    return n > 0 && write_objs(v, n, out, size);
}

static bool all_digits(const char *s, size_t n)
{
    if (n == 0 || n > 10)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Calls f for each item "a" or "a-b" of spec (separated by spaces or
 * commas); stops and returns false when f does or an item is bad. */
static bool each_range(const char *spec, const char *nr,
                       bool (*f)(const char *lo, size_t nlo, const char *hi,
                                 size_t nhi, const char *nr))
{
    const char *p = spec;
    bool any = false;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ' ' && *e != ',')
            e++;
        const char *dash = memchr(p, '-', (size_t)(e - p));
        const char *lo = p, *hi = p;
        size_t nlo = (size_t)(e - p), nhi = nlo;
        if (dash) {
            nlo = (size_t)(dash - p);
            hi = dash + 1;
            nhi = (size_t)(e - hi);
        }
        if (!all_digits(lo, nlo) || !all_digits(hi, nhi) || nlo != nhi ||
            memcmp(lo, hi, nlo) > 0)
            return false;
        if (!f(lo, nlo, hi, nhi, nr))
            return false;
        any = true;
        p = e;
    }
    return any;
}

static bool accept(const char *lo, size_t nlo, const char *hi, size_t nhi,
                   const char *nr)
{
    (void)lo, (void)nlo, (void)hi, (void)nhi, (void)nr;
    return true;
}

bool sie_range_valid(const char *spec)
{
    return each_range(spec, NULL, accept);
}

static bool outside(const char *lo, size_t nlo, const char *hi, size_t nhi,
                    const char *nr)
{
    (void)nhi;
    if (strlen(nr) < nlo)
        return true;
    /* in range: stop the walk (false) */
    return !(memcmp(nr, lo, nlo) >= 0 && memcmp(nr, hi, nlo) <= 0);
}

bool sie_in_range(const char *spec, const char *nr)
{
    /* each_range is false when some item said "inside" */
    return !each_range(spec, nr, outside);
}

/* A YYYYMMDD date as ISO 8601; NULL when it is not one. */
static const char *iso_date(const char *s, arena *a)
{
    if (strlen(s) != 8 || !all_digits(s, 8))
        return NULL;
    return arena_printf(a, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
}

#define GROW(v, n, cap)                                                        \
    do {                                                                       \
        if ((n) == (cap)) {                                                    \
            (cap) = (cap) ? (cap)*2 : 64;                                      \
            (v) = xrealloc((v), (cap) * sizeof *(v));                          \
        }                                                                      \
    } while (0)

static diag *line_error(const data_where *w, uint32_t line, const char *why)
{
    diag *x = data_file_error(w, line, 0, "DATA-09", MSG_SIE_LINE, why);
    diag_hint(w->dl, x, MSG_SIE_LINE_HINT);
    return x;
}

bool sie_read(const unsigned char *b, size_t n, const char *kodning,
              const data_where *w, arena *a, sie_file *out)
{
    memset(out, 0, sizeof *out);
    textenc enc = TEXTENC_CP437;
    if (kodning && !textenc_from_name(kodning, &enc)) {
        diag *x = diag_add(w->dl, DIAG_ERROR, w->doc_file, w->line, w->col,
                           "DATA-06", MSG_DATA_KODNING_UNKNOWN, kodning);
        diag_hint(w->dl, x, MSG_DATA_KODNING_HINT);
        return false;
    }
    size_t len = 0, bad = 0;
    char *text = textenc_to_utf8(b, n, enc, &len, &bad);
    if (!text) {
        char byte[8];
        snprintf(byte, sizeof byte, "0x%02X", bad < n ? b[bad] : 0);
        uint32_t line = 1;
        for (size_t i = 0; i < bad; i++)
            line += b[i] == '\n';
        diag *x = data_file_error(w, line, 0, "DATA-06", MSG_DATA_ENCODING,
                                  w->fil, textenc_name(enc), byte);
        diag_hint(w->dl, x, MSG_DATA_ENCODING_HINT);
        return false;
    }
    size_t cap_acc = 0, cap_obj = 0, cap_amt = 0;
    sie_account *acc = NULL;
    sie_object *obj = NULL;
    sie_amount *amt = NULL;
    bool ok = true, flagga = false;
    uint32_t line = 0;
    const char *p = text, *end = text + len;
    while (p < end && ok) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        line++;
        const char *s = p;
        p = e + 1;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        if (s >= e || *s != '#')
            continue; /* blank, or inside { } of a #VER: not used */
        const char *lab = s;
        while (s < e && *s != ' ' && *s != '\t' && *s != '\r')
            s++;
        size_t nlab = (size_t)(s - lab);
#define IS(L) (nlab == sizeof L - 1 && memcmp(lab, L, nlab) == 0)
        bool res = IS("#RES"), ps = IS("#PSALDO"), pb = IS("#PBUDGET");
        if (IS("#FLAGGA"))
            flagga = true;
        if (!(res || ps || pb || IS("#KONTO") || IS("#OBJEKT") || IS("#GEN") ||
              IS("#FNAMN")))
            continue;
        sie_line ln;
        if (!split(s, e, a, &ln)) {
            line_error(w, line, "\"…\" / {…}");
            ok = false;
            break;
        }
        if (IS("#KONTO")) {
            if (ln.n < 2 || !all_digits(ln.f[0], strlen(ln.f[0]))) {
                line_error(w, line, "#KONTO");
                ok = false;
                break;
            }
            GROW(acc, out->naccounts, cap_acc);
            acc[out->naccounts++] = (sie_account){ln.f[0], ln.f[1]};
        } else if (IS("#OBJEKT")) {
            char *endp;
            long d = ln.n >= 3 ? strtol(ln.f[0], &endp, 10) : 0;
            if (ln.n < 3 || *endp || d < 1 || d > 99999) {
                line_error(w, line, "#OBJEKT");
                ok = false;
                break;
            }
            GROW(obj, out->nobjects, cap_obj);
            obj[out->nobjects++] = (sie_object){(int)d, ln.f[1], ln.f[2]};
        } else if (IS("#GEN")) {
            if (ln.n >= 1)
                out->gen_date = iso_date(ln.f[0], a);
        } else if (IS("#FNAMN")) {
            if (ln.n >= 1)
                out->fnamn = ln.f[0];
        } else {
            /* #RES årsnr konto saldo; #PSALDO/#PBUDGET årsnr period
             * konto {objekt} saldo */
            sie_amount m = {.kind = res  ? SIE_RES
                                    : ps ? SIE_PSALDO
                                         : SIE_PBUDGET,
                            .line = line};
            int need = res ? 3 : 5;
            char *endp;
            long y = ln.n >= need ? strtol(ln.f[0], &endp, 10) : 1;
            bool good = ln.n >= need && !*endp && y <= 0 && y >= -99;
            int k = 1;
            if (good && !res) {
                good = all_digits(ln.f[1], strlen(ln.f[1])) &&
                       strlen(ln.f[1]) == 6;
                m.period = good ? (uint32_t)strtoul(ln.f[1], NULL, 10) : 0;
                k = 2;
            }
            good = good && all_digits(ln.f[k], strlen(ln.f[k]));
            char objs[256] = "";
            if (good && !res) {
                good = ln.brace[k + 1] &&
                       objs_of_list(ln.f[k + 1], a, objs, sizeof objs);
            }
            good = good && amount(ln.f[res ? k + 1 : k + 2], &m.mant, &m.scale);
            if (!good) {
                line_error(w, line,
                           lab[1] == 'R' ? "#RES"
                           : ps          ? "#PSALDO"
                                         : "#PBUDGET");
                ok = false;
                break;
            }
            m.year = (int)y;
            m.konto = ln.f[k];
            m.objs = arena_strdup(a, objs);
            GROW(amt, out->namounts, cap_amt);
            if (out->namounts >= DATA_MAX_CELLS) {
                data_file_error(w, line, 0, "DATA-05", MSG_DATA_TOO_MANY_CELLS,
                                w->fil, (int)DATA_MAX_CELLS);
                ok = false;
                break;
            }
            amt[out->namounts++] = m;
        }
#undef IS
    }
    if (ok && !flagga) {
        diag *x = data_file_error(w, 0, 0, "DATA-01", MSG_SIE_NOT_SIE, w->fil);
        diag_hint(w->dl, x, MSG_SIE_NOT_SIE_HINT);
        ok = false;
    }
    free(text);
    /* into the arena */
    out->accounts = arena_alloc(a, (out->naccounts + 1) * sizeof *acc);
    if (out->naccounts)
        memcpy(out->accounts, acc, out->naccounts * sizeof *acc);
    out->objects = arena_alloc(a, (out->nobjects + 1) * sizeof *obj);
    if (out->nobjects)
        memcpy(out->objects, obj, out->nobjects * sizeof *obj);
    out->amounts = arena_alloc(a, (out->namounts + 1) * sizeof *amt);
    if (out->namounts)
        memcpy(out->amounts, amt, out->namounts * sizeof *amt);
    free(acc);
    free(obj);
    free(amt);
    return ok;
}
