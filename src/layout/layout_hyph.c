/*
 * layout_hyph.c: Swedish hyphenation points for the line breaker.
 *
 * The patterns are Liang's (as in TeX), read by libhyphen from the
 * dictionary of the Debian package hyphen-sv (hyph_sv_SE.dic, ISO 8859-1).
 * It is found through a short search list (or ARSRAPPORT_AVSTAVNING, a
 * path; empty: no hyphenation) and loaded once into a layout_hyph, with
 * the style's exceptions; the engine owns it and any number of layouts
 * read it at once (libhyphen's lookups only read the dictionary). Each
 * layout keeps its own cache of the words it has looked up. Without a
 * dictionary each document gets a warning and nothing is hyphenated.
 *
 * Swedish custom decides which words are hyphenated at all: at least two
 * letters before and three after a break (lefthyphenmin 2,
 * righthyphenmin 3; the dictionary's own minima are 1 and 2), never a
 * word with digits ("2023-års"; the word after a number and its hyphen
 * is hyphenated on its own, "12-stegsbehand-ling"), an abbreviation (all
 * capitals "SKR", a period inside "t.ex.", a period at the end when the
 * text goes on in lower case "enl. lag"), an address ("@", "www.") or a word
 * already broken by a hyphen or slash (compounds break only there).
 */
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/utf8.h"
#include "layout_internal.h"

/* (the Makefile's HYPH_DICTS: the same list, for the build's tables) */
static const char *const search_list[] = {
    "/usr/share/hyphen/hyph_sv_SE.dic",
    "/usr/share/hyphen/hyph_sv.dic",
    "/usr/local/share/hyphen/hyph_sv_SE.dic",
    "/usr/share/myspell/dicts/hyph_sv_SE.dic",
};

/* Points found per word (lower case, dictionary encoding), as a bit per
 * letter: reports repeat their words, and a lookup is far cheaper than
 * the patterns. Open addressing; it stops growing at CACHE_MAX words.
 * (The type is layout_hyph_cache, layout_internal.h.) */
enum { CACHE_MAX = 1 << 16 };
struct layout_hyph_entry {
    uint32_t hash, off; /* off: of the key in the pool, + 1 (0: empty) */
    uint32_t len;
    uint64_t bits;
    uint64_t joints; /* the points of bits that are compound joints */
};
typedef struct layout_hyph_entry cache_entry;

/* The dictionary, where it was looked for, and the exceptions (a cache
 * filled once, before any lookup, and only read afterwards). table: the
 * dictionary was set up from the build's tables (below), not read by
 * libhyphen, and is freed here. parts: the last parts of compounds. */
enum { PART_MAX = 24, PARTS_MAX = 4096 };
typedef struct {
    uint32_t cps[PART_MAX];
    uint32_t n;
} compound_part;

struct layout_hyph {
    HyphenDict *dict;
    bool table;
    char *dict_path;
    layout_hyph_cache exceptions;
    compound_part *parts; /* last parts of compounds ("-objekt") */
    size_t nparts;
};

/* --- the dictionary made at build time --------------------------------------
 *
 * Reading hyph_sv_SE.dic is about 38 M instructions (libhyphen parses
 * 15 000 patterns into a state machine through a hash table): a seventh
 * of a 12-page build. `make` runs hyph_gen.c, which reads it once with
 * libhyphen and writes the state machine as constant tables into
 * build/gen/hyph_table.h; here the states only get their pointers into
 * those tables. They are libhyphen's own structures, so its lookups (which
 * only read the dictionary) find the same points. The tables are used
 * while the file they came from has the size and time it had at build
 * time; a changed or another file is read by libhyphen as before. */
typedef struct {
    long match, repl; /* offsets into hyph_table_pool, -1: NULL */
    int replindex, replcut, fallback_state, num_trans;
    long trans; /* the first of its transitions in hyph_table_trans */
} hyph_table_state;

typedef struct {
    int lhmin, rhmin, clhmin, crhmin;
    long nohyphen; /* offset into hyph_table_pool, -1: NULL; nohyphenl + 1
                      strings, one after the other (libhyphen's form) */
    int nohyphenl;
    long first; /* its first state in hyph_table_states */
    int num_states, utf8;
    const char *cset;
} hyph_table_level;

#include "hyph_table.h"

static void table_dict_free(HyphenDict *d)
{
    while (d) {
        HyphenDict *next = d->nextlevel;
        free(d->states);
        free(d);
        d = next;
    }
}

#if HYPH_TABLE_LEVELS > 0
/* The dictionary from the tables, its levels chained as libhyphen chains
 * them (nextlevel). Freed with table_dict_free. */
static HyphenDict *table_dict(void)
{
    HyphenDict *top = NULL, **link = &top;
    for (int l = 0; l < HYPH_TABLE_LEVELS; l++) {
        const hyph_table_level *tl = &hyph_table_levels[l];
        HyphenDict *d = xcalloc(1, sizeof *d);
        d->lhmin = (char)tl->lhmin;
        d->rhmin = (char)tl->rhmin;
        d->clhmin = (char)tl->clhmin;
        d->crhmin = (char)tl->crhmin;
        /* libhyphen only reads what the pointers lead to */
        d->nohyphen =
            tl->nohyphen < 0 ? NULL : (char *)hyph_table_pool + tl->nohyphen;
        d->nohyphenl = tl->nohyphenl;
        d->num_states = tl->num_states;
        snprintf(d->cset, sizeof d->cset, "%s", tl->cset);
        d->utf8 = tl->utf8;
        d->states = xcalloc(tl->num_states ? (size_t)tl->num_states : 1,
                            sizeof *d->states);
        for (int i = 0; i < tl->num_states; i++) {
            const hyph_table_state *ts = &hyph_table_states[tl->first + i];
            HyphenState *st = &d->states[i];
            st->match =
                ts->match < 0 ? NULL : (char *)hyph_table_pool + ts->match;
            st->repl = ts->repl < 0 ? NULL : (char *)hyph_table_pool + ts->repl;
            st->replindex = (signed char)ts->replindex;
            st->replcut = (signed char)ts->replcut;
            st->fallback_state = ts->fallback_state;
            st->num_trans = ts->num_trans;
            st->trans = ts->num_trans
                            ? (HyphenTrans *)&hyph_table_trans[ts->trans]
                            : NULL;
        }
        *link = d;
        link = &d->nextlevel;
    }
    return top;
}
#endif

/* The tables' dictionary when path is the file they were made from and
 * it is unchanged, else NULL. */
static HyphenDict *table_for(const char *path)
{
#if HYPH_TABLE_LEVELS > 0
    struct stat st;
    if (strcmp(path, HYPH_TABLE_PATH) == 0 && stat(path, &st) == 0 &&
        (long long)st.st_size == HYPH_TABLE_SIZE &&
        (long long)st.st_mtime == HYPH_TABLE_MTIME)
        return table_dict();
#else
    (void)path;
#endif
    return NULL;
}

/* libhyphen's reading of path, or the tables (table set) when they came
 * from it. */
static HyphenDict *dict_load(const char *path, bool *table)
{
    HyphenDict *hd = table_for(path);
    *table = hd != NULL;
    return hd ? hd : hnj_hyphen_load(path);
}

#if HYPH_TABLE_LEVELS > 0
/* Both dictionaries compared state by state (tests, layout_internal.h):
 * strings of parts parts, each ended by a NUL (a nohyphen list). */
static bool same_parts(const char *a, const char *b, int parts)
{
    if (a == b)
        return true;
    if (!a || !b)
        return false;
    for (int i = 0; i < parts; i++) {
        if (strcmp(a, b) != 0)
            return false;
        a += strlen(a) + 1;
        b += strlen(b) + 1;
    }
    return true;
}

static bool same_str(const char *a, const char *b)
{
    return same_parts(a, b, 1);
}

#endif

int layout_hyph_table_check(void)
{
#if HYPH_TABLE_LEVELS > 0
    HyphenDict *f = hnj_hyphen_load(HYPH_TABLE_PATH);
    if (!f)
        return -1;
    HyphenDict *t = table_dict();
    int differ = 0;
    const HyphenDict *a = f, *b = t;
    for (; a && b; a = a->nextlevel, b = b->nextlevel) {
        differ += a->lhmin != b->lhmin || a->rhmin != b->rhmin ||
                  a->clhmin != b->clhmin || a->crhmin != b->crhmin ||
                  a->nohyphenl != b->nohyphenl ||
                  !same_parts(a->nohyphen, b->nohyphen, a->nohyphenl + 1) ||
                  a->utf8 != b->utf8 || strcmp(a->cset, b->cset) != 0 ||
                  a->num_states != b->num_states;
        for (int i = 0; i < a->num_states && i < b->num_states; i++) {
            const HyphenState *x = &a->states[i], *y = &b->states[i];
            /* replindex and replcut are set (and read) only with a
             * match: libhyphen leaves them as malloc gave them else */
            bool same =
                same_str(x->match, y->match) && same_str(x->repl, y->repl) &&
                (!x->match ||
                 (x->replindex == y->replindex && x->replcut == y->replcut)) &&
                x->fallback_state == y->fallback_state &&
                x->num_trans == y->num_trans;
            for (int k = 0; same && k < x->num_trans; k++)
                same = x->trans[k].ch == y->trans[k].ch &&
                       x->trans[k].new_state == y->trans[k].new_state;
            differ += !same;
        }
    }
    differ += a != NULL || b != NULL; /* a level more in one of them */
    hnj_hyphen_free(f);
    table_dict_free(t);
    return differ;
#else
    return -1;
#endif
}

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static cache_entry *cache_slot(const layout_hyph_cache *hc, const char *w,
                               size_t n, uint32_t h)
{
    if (!hc->entries)
        return NULL;
    size_t mask = hc->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        cache_entry *e = &hc->entries[i];
        if (!e->off || (e->hash == h && e->len == n &&
                        !memcmp(hc->pool + e->off - 1, w, n)))
            return e;
    }
}

static void cache_put(layout_hyph_cache *hc, const char *w, size_t n,
                      uint32_t h, uint64_t bits, uint64_t joints)
{
    if (hc->n * 2 >= hc->cap) {
        if (hc->cap >= CACHE_MAX * 2)
            return; /* full: look words up in the patterns from now on */
        cache_entry *old = hc->entries;
        size_t old_cap = hc->cap;
        hc->cap = hc->cap ? hc->cap * 2 : 1024;
        hc->entries = xcalloc(hc->cap, sizeof *hc->entries);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].off) {
                size_t mask = hc->cap - 1, j = old[i].hash & mask;
                while (hc->entries[j].off)
                    j = (j + 1) & mask;
                hc->entries[j] = old[i];
            }
        free(old);
    }
    cache_entry *e = cache_slot(hc, w, n, h);
    if (hc->pool_n + n > hc->pool_cap) {
        hc->pool_cap = (hc->pool_cap + n) * 2;
        hc->pool = xrealloc(hc->pool, hc->pool_cap);
    }
    memcpy(hc->pool + hc->pool_n, w, n);
    e->hash = h;
    e->off = (uint32_t)hc->pool_n + 1;
    e->len = (uint32_t)n;
    e->bits = bits;
    e->joints = joints;
    hc->pool_n += n;
    hc->n++;
}

void layout_hyph_cache_free(layout_hyph_cache *hc)
{
    free(hc->entries);
    free(hc->pool);
    memset(hc, 0, sizeof *hc);
}

/* The exceptions file (layout_style.hyph_exceptions): one word a line
 * in UTF-8 with its allowed points as hyphens, "budget-avvikelse"; '#'
 * starts a comment. As TeX's \hyphenation, a listed word breaks only at
 * its listed points, whatever the patterns say: Liang's patterns know no
 * compounds, and hyph_sv_SE.dic breaks "bud-ge-tav-vi-kel-se". The words go
 * into the cache before any lookup, so the patterns never see them; the
 * Swedish minima still apply. A missing file is no error (the file is an
 * option); a line that is not a lower-case word is skipped. */
static bool is_lower(uint32_t cp);

static void load_exceptions(layout_hyph *h, const char *path, bool utf8)
{
    layout_hyph_cache *hc = &h->exceptions;
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char word[256];
        uint32_t pos = 0; /* letters so far */
        size_t nb = 0;
        uint64_t bits = 0;
        bool ok = true;
        const char *s = line, *end = line + strlen(line);
        if (!utf8_valid(line, (size_t)(end - line)))
            continue;
        uint32_t pcps[PART_MAX];
        bool part = false; /* "-objekt": the last part of compounds */
        while (ok && s < end && *s != '\n' && *s != '\r' && *s != '#') {
            uint32_t cp = utf8_next(&s, end);
            if (cp == ' ' || cp == '\t')
                continue;
            if (cp == '-' && pos == 0 && !part) {
                part = true;
                continue;
            }
            if (part) {
                if (!is_lower(cp) || pos >= PART_MAX) {
                    ok = false;
                    break;
                }
                pcps[pos++] = cp;
                continue;
            }
            if (cp == '-') {
                if (pos >= 1)
                    bits |= (uint64_t)1 << (pos - 1);
                continue;
            }
            if (!is_lower(cp) || pos >= 60 || nb + 2 >= sizeof word) {
                ok = false;
                break;
            }
            if (utf8 && cp >= 0x80) {
                word[nb++] = (char)(0xC0 | (cp >> 6));
                word[nb++] = (char)(0x80 | (cp & 0x3F));
            } else {
                word[nb++] = (char)cp;
            }
            pos++;
        }
        if (part) {
            if (ok && pos >= 4 && h->nparts < PARTS_MAX) {
                if (h->nparts % 64 == 0)
                    h->parts =
                        xrealloc(h->parts, (h->nparts + 64) * sizeof *h->parts);
                memcpy(h->parts[h->nparts].cps, pcps, pos * sizeof *pcps);
                h->parts[h->nparts++].n = pos;
            }
            continue;
        }
        if (!ok || pos < 5)
            continue;
        uint64_t kept = 0; /* two letters before a point, three after */
        for (uint32_t k = 1; k + 3 < pos; k++)
            if ((bits >> k) & 1)
                kept |= (uint64_t)1 << k;
        uint32_t hv = hash_bytes(word, nb);
        cache_entry *e = cache_slot(hc, word, nb, hv);
        if (e && e->off)
            e->bits = kept; /* listed twice: the last line holds */
        else
            cache_put(hc, word, nb, hv, kept, 0);
    }
    fclose(f);
}

/* The dictionary from ARSRAPPORT_AVSTAVNING or the search list, or NULL;
 * *where says where it was looked for. */
static HyphenDict *load_dict(const char **where, bool *table)
{
    HyphenDict *hd = NULL;
    const char *env = getenv("ARSRAPPORT_AVSTAVNING");
    *table = false;
    if (env) {
        *where = env;
        if (*env && access(env, R_OK) == 0)
            hd = dict_load(env, table);
    } else {
        *where = search_list[0];
        for (size_t i = 0; i < sizeof search_list / sizeof *search_list && !hd;
             i++)
            if (access(search_list[i], R_OK) == 0)
                hd = dict_load(search_list[i], table);
    }
    return hd;
}

layout_hyph *layout_hyph_load(const char *exceptions_path)
{
    layout_hyph *h = xcalloc(1, sizeof *h);
    const char *where = "";
    h->dict = load_dict(&where, &h->table);
    h->dict_path = xstrdup(where);
    if (h->dict && exceptions_path)
        load_exceptions(h, exceptions_path, h->dict->utf8);
    return h;
}

void layout_hyph_free(layout_hyph *h)
{
    if (!h)
        return;
    if (h->table)
        table_dict_free(h->dict);
    else if (h->dict)
        hnj_hyphen_free(h->dict);
    layout_hyph_cache_free(&h->exceptions);
    free(h->parts);
    free(h->dict_path);
    free(h);
}

/* The dictionary, or NULL (the document is warned once). */
static HyphenDict *hyph_dict(lctx *c)
{
    const layout_hyph *h = c->st->hyph;
    if (h && h->dict)
        return h->dict;
    if (h && !c->hyph_warned) {
        c->hyph_warned = true;
        diag *d = diag_add(c->dl, DIAG_WARNING, doc_path(c->d), 0, 0, "ARS-21",
                           MSG_LAYOUT_NO_HYPHENATION,
                           *h->dict_path ? h->dict_path : "-");
        diag_hint(c->dl, d, MSG_LAYOUT_NO_HYPHENATION_HINT);
    }
    return NULL;
}

static bool is_upper(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

static bool is_lower(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

/* Opening punctuation before a word: quotation marks, brackets. */
static bool is_lead(uint32_t cp)
{
    return cp == '(' || cp == '[' || cp == '"' || cp == '\'' || cp == 0x201D ||
           cp == 0x201C || cp == 0x2019 || cp == 0x2018 || cp == 0xAB ||
           cp == 0xBB;
}

/* Closing punctuation after a word. */
static bool is_trail(uint32_t cp)
{
    return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' ||
           cp == '?' || cp == ')' || cp == ']' || cp == '"' || cp == '\'' ||
           cp == 0x201D || cp == 0x2019 || cp == 0xBB || cp == 0xAB ||
           cp == 0x2026;
}

/* An inflection after a compound's last part: "", "s", "en", "erna",
 * "ernas": at most five letters of these (a heuristic, no morphology). */
static bool is_ending(const uint32_t *w, uint32_t n)
{
    if (n > 5)
        return false;
    for (uint32_t k = 0; k < n; k++)
        if (w[k] == 0 || w[k] > 0x7F || !strchr("aenorst", (int)w[k]))
            return false;
    return true;
}

/* The compound joints of the lower-case word w[0..n) as a bit per letter
 * (bit k: a joint after w[k]), found from the end: the longest listed last
 * part followed by an inflection, at least three letters before it, and
 * again in what is before ("kompetens|försörjnings|behov"). */
static uint64_t compound_joints(const layout_hyph *h, const uint32_t *w,
                                uint32_t n)
{
    uint64_t bits = 0;
    uint32_t end = n;
    while (h && h->nparts && end >= 7) {
        uint32_t best = 0; /* where the best part starts */
        uint32_t best_n = 0;
        for (size_t p = 0; p < h->nparts; p++) {
            const compound_part *cp = &h->parts[p];
            for (uint32_t r = 0; r <= 5 && cp->n + r + 3 <= end; r++) {
                uint32_t at = end - r - cp->n;
                if (cp->n > best_n &&
                    !memcmp(w + at, cp->cps, cp->n * sizeof *w) &&
                    is_ending(w + at + cp->n, r)) {
                    best = at;
                    best_n = cp->n;
                }
            }
        }
        if (!best_n)
            break;
        /* the Swedish minima: two letters before, three after */
        if (best >= 2 && n - best >= 3)
            bits |= (uint64_t)1 << (best - 1);
        end = best;
    }
    return bits;
}

int layout_hyphenate(lctx *c, const uint32_t *cps, uint32_t n, uint32_t next,
                     uint8_t *brk)
{
    memset(brk, 0, n);
    /* "12-stegsbehandling": a number joined by a hyphen to a word, which
     * stays one word (no break after a hyphen that follows a digit); the
     * word after the hyphen is hyphenated as a word of its own */
    for (uint32_t k = n; k-- > 1;)
        if ((cps[k] == '-' || cps[k] == 0x2010) && cps[k - 1] >= '0' &&
            cps[k - 1] <= '9')
            return k + 1 < n ? layout_hyphenate(c, cps + k + 1, n - k - 1, next,
                                                brk + k + 1)
                             : 0;
    uint32_t a = 0, b = n;
    while (a < b && is_lead(cps[a]))
        a++;
    bool period = false;
    while (b > a && is_trail(cps[b - 1]))
        period |= cps[--b] == '.';
    uint32_t len = b - a;
    /* 2 + 3 letters at least around one point */
    if (len < 5 || len > 60)
        return 0;
    for (uint32_t k = a; k < b; k++) {
        if (!is_lower(cps[k]) && !(k == a && is_upper(cps[k])))
            return 0; /* digits, inner capitals (SKR), ".", "@", "/" */
    }
    /* "enl. lag", "kap. 3": an abbreviation, not a sentence end (a long
     * word before a number ends a sentence: "barnutredningar. 57 procent") */
    if (period && (is_lower(next) || (next >= '0' && next <= '9' && len <= 5)))
        return 0;
    HyphenDict *hd = hyph_dict(c);
    if (!hd)
        return 0;
    /* the word in lower case, in the dictionary's encoding (ISO 8859-1 for
     * hyph_sv_SE.dic; UTF-8 for a dictionary that says so) */
    char word[256];
    uint32_t at[256]; /* byte -> code point index in the core */
    uint32_t low[64]; /* the core in lower case */
    size_t nb = 0;
    for (uint32_t k = 0; k < len; k++) {
        uint32_t cp = cps[a + k];
        if (is_upper(cp))
            cp += 0x20;
        low[k] = cp;
        if (hd->utf8 && cp >= 0x80) {
            word[nb] = (char)(0xC0 | (cp >> 6));
            at[nb++] = k;
            word[nb] = (char)(0x80 | (cp & 0x3F));
        } else {
            word[nb] = (char)cp;
        }
        at[nb++] = k;
    }
    word[nb] = '\0';
    uint32_t h = hash_bytes(word, nb);
    /* the exceptions first, then the words this layout has looked up */
    cache_entry *e = cache_slot(&c->st->hyph->exceptions, word, nb, h);
    if (!e || !e->off)
        e = cache_slot(&c->hyph_cache, word, nb, h);
    uint64_t bits = 0, joints = 0;
    if (e && e->off) {
        bits = e->bits;
        joints = e->joints;
    } else {
        char hyphens[256 + 5];
        char **rep = NULL;
        int *pos = NULL, *cut = NULL;
        if (hnj_hyphen_hyphenate2(hd, word, (int)nb, hyphens, NULL, &rep, &pos,
                                  &cut) == 0) {
            for (size_t i = 0; i + 1 < nb; i++) {
                /* after the last byte of a letter only */
                if (!(hyphens[i] & 1) || at[i + 1] == at[i])
                    continue;
                if (rep && rep[i])
                    continue; /* a non-standard change (none in Swedish) */
                uint32_t before = at[i] + 1, after = len - before;
                if (before >= 2 && after >= 3)
                    bits |= (uint64_t)1 << at[i];
            }
        }
        if (rep) {
            for (size_t i = 0; i < nb; i++)
                free(rep[i]);
            free(rep);
        }
        free(pos);
        free(cut);
        joints = compound_joints(c->st->hyph, low, len);
        if (joints) {
            /* the joints replace the points that cut across them
             * ("jämförel-seobjekt"): points within two letters */
            for (uint32_t k = 0; k < len; k++)
                if (joints & ((uint64_t)1 << k))
                    for (uint32_t j = k > 2 ? k - 2 : 0; j <= k + 2; j++)
                        bits &= ~((uint64_t)1 << j);
            bits |= joints;
        }
        cache_put(&c->hyph_cache, word, nb, h, bits, joints);
    }
    int count = 0;
    for (uint32_t k = 0; k < len; k++)
        if (bits & ((uint64_t)1 << k)) {
            brk[a + k] = joints & ((uint64_t)1 << k) ? 2 : 1;
            count++;
        }
    return count;
}
