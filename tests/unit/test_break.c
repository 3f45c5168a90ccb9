/* test_break.c: line breaking and hyphenation with the stub font (every
 * glyph 500/1000 em, spaces 250): total fit against first fit, the break
 * opportunities of UAX #14 and Swedish custom, Swedish hyphenation points
 * and their limits, exact justification, ActualText on hyphenated words
 * and the line statistics. */
#include <stdlib.h>
#include <unistd.h>

#include "../../src/common/utf8.h"
#include "../../src/layout/layout_internal.h"
#include "../../src/parse/parse.h"
#include "fixture.h"
#include "harness.h"

typedef struct {
    lctx c;
    doc *d;
    font_set *fs;
    arena *a;
    diag_list *dl;
    layout_doc ld;
    layout_style st;
    lpage pg;
} bfix;

static void bfix_init(bfix *f)
{
    static const char *xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rapport xmlns=\"urn:arsrapport:1\" typ=\"delarsrapport\">"
        "<metadata><titel>T</titel><organisation>O</organisation>"
        "<datum>2023-09-12</datum></metadata></rapport>\n";
    memset(f, 0, sizeof *f);
    f->dl = diag_list_new(LANG_SV);
    f->d = parse_memory(test_schema(), "t.xml", xml, strlen(xml), f->dl);
    f->fs = font_set_stub();
    f->a = arena_new();
    layout_style_default(&f->st);
    f->st.hyph = test_hyph();
    f->c.d = f->d;
    f->c.fs = f->fs;
    f->c.st = &f->st;
    f->c.a = f->a;
    f->c.fa = f->a; /* frags too: the fixture frees one arena */
    f->c.dl = f->dl;
    f->c.ld = &f->ld;
}

static void bfix_free(bfix *f)
{
    layout_page_release(&f->pg); /* its boxes and glyphs */
    free(f->c.run_cps);
    free(f->c.run_adj);
    layout_hyph_cache_free(&f->c.hyph_cache);
    arena_free(f->a);
    font_set_free(f->fs);
    doc_free(f->d);
    diag_list_free(f->dl);
}

static void text_frags(bfix *f, const char *s, int32_t size, frag_list *fl)
{
    inline_style is = {FONT_SERIF, size, 0, false, false};
    frags_from_text(&f->c, s, is, fl);
}

/* The text of frags [a, b) as UTF-8, glue as " " (space) or "|" (a break
 * without a glyph) or "~" (a discretionary hyphen). */
static char *frag_text(const frag_list *fl, size_t a, size_t b)
{
    static char out[4096];
    size_t o = 0;
    for (size_t i = a; i < b && o + 8 < sizeof out; i++) {
        const frag *fr = &fl->v[i];
        if (fr->type == FRAG_GLUE && fr->nobreak) {
            o += (size_t)utf8_encode(0xA0, out + o); /* a tie */
            continue;
        }
        if (fr->type == FRAG_GLUE) {
            out[o++] = fr->visible_space ? ' ' : fr->hyphen ? '~' : '|';
            continue;
        }
        for (uint32_t k = 0; k < fr->n && o + 8 < sizeof out; k++)
            o += (size_t)utf8_encode(fr->cps[k], out + o);
    }
    out[o] = '\0';
    return out;
}

/* TeX's badness of a line as the breaker sees it (stub: every space the
 * same), the test's own arithmetic. */
static int line_badness(int32_t width, int nglue, int32_t space, int32_t m,
                        bool last)
{
    int64_t t = width <= m ? m - width : width - m;
    int64_t s = width <= m ? (int64_t)nglue * (space / 2)
                           : (int64_t)nglue * (space / 3);
    if (t == 0 || (last && width <= m))
        return 0;
    if (width > m && t > s)
        return 100000; /* overfull */
    if (s == 0)
        return 10000;
    int64_t r = t * 297 / s;
    if (r > 1290)
        return 10000;
    return (int)((r * r * r + 0x20000) / 0x40000);
}

TEST(test_break_total_fit_beats_first_fit)
{
    /* words of 7 6 6 8 3 2 | 4 6 5 6 5 7 | 4 8 3 3 letters at 10 pt (5 pt
     * a letter, 2.5 pt a space) on a 175 pt measure: first fit leaves
     * "aaaaaaa" off the second line, which is then seven letters short;
     * total fit shrinks the second line to take it */
    static const int len[] = {7, 6, 6, 8, 3, 2, 4, 6, 5, 6, 5, 7, 4, 8, 3, 3};
    const int nw = (int)(sizeof len / sizeof *len);
    const int32_t size = 10000, space = 2500, letter = 5000, m = 175000;
    char text[256] = "";
    for (int i = 0; i < nw; i++) {
        if (i)
            strcat(text, " ");
        for (int k = 0; k < len[i]; k++)
            strcat(text, "a");
    }
    bfix f;
    bfix_init(&f);
    frag_list fl = {0};
    text_frags(&f, text, size, &fl);
    line_list ll = {0};
    break_lines(&f.c, &fl, m, &ll);
    /* first fit, computed here */
    int64_t ff_dem = 0;
    int ff_max = 0, w = 0, ng = 0;
    for (int i = 0; i <= nw; i++) {
        int add = i < nw ? len[i] * letter + (w ? space : 0) : 0;
        if (i == nw || (w && w + add > m)) {
            int b = line_badness(w, ng, space, m, i == nw);
            ff_dem += (int64_t)(10 + b) * (10 + b);
            if (i < nw && b > ff_max)
                ff_max = b;
            if (i == nw)
                break;
            w = len[i] * letter;
            ng = 0;
        } else {
            w += add;
            ng += w > add;
        }
    }
    int64_t kp_dem = 0;
    int kp_max = 0;
    for (size_t i = 0; i < ll.n; i++) {
        int b =
            line_badness(ll.v[i].width, ll.v[i].nglue, space, m, ll.v[i].last);
        kp_dem += (int64_t)(10 + b) * (10 + b);
        if (b > kp_max)
            kp_max = b;
        CHECK(!ll.v[i].loose && !ll.v[i].overfull && !ll.v[i].hyphenated);
    }
    CHECK(ff_max > 200); /* first fit: a line beyond the tolerance */
    CHECK(kp_max <= 100);
    CHECK(kp_dem < ff_dem);
    CHECK_INT(ll.n, 3);
    if (ll.n == 3)
        CHECK_STR(frag_text(&fl, ll.v[1].start, ll.v[1].end),
                  "aaaa aaaaaa aaaaa aaaaaa aaaaa aaaaaaa");
    free(ll.v);
    free(fl.v);
    bfix_free(&f);
}

/* True when the frags of s put a break opportunity between the code
 * points that surround needle's position. */
static bool breaks_inside(bfix *f, const char *s, const char *left,
                          const char *right)
{
    frag_list fl = {0};
    text_frags(f, s, 11000, &fl);
    bool found = false;
    for (size_t i = 0; i + 2 < fl.n; i++) {
        if (fl.v[i + 1].type != FRAG_GLUE || fl.v[i + 1].nobreak)
            continue; /* not a glue, or a tie: no break there */
        char a[256], b[256];
        snprintf(a, sizeof a, "%s", frag_text(&fl, i, i + 1));
        snprintf(b, sizeof b, "%s", frag_text(&fl, i + 2, i + 3));
        size_t la = strlen(a), lr = strlen(left);
        if (la >= lr && strcmp(a + la - lr, left) == 0 &&
            strncmp(b, right, strlen(right)) == 0)
            found = true;
    }
    free(fl.v);
    return found;
}

TEST(test_break_swedish_opportunities)
{
    bfix f;
    bfix_init(&f);
    /* a number keeps its unit or sign, a grouped number its groups */
    CHECK(!breaks_inside(&f, "andelen var 88 % i år", "88", "%"));
    CHECK(!breaks_inside(&f, "en kostnad om 1 200 tkr totalt", "1", "200"));
    CHECK(!breaks_inside(&f, "en kostnad om 1 200 tkr totalt", "200", "tkr"));
    CHECK(!breaks_inside(&f, "enligt 5 kap. i lagen", "5", "kap."));
    CHECK(!breaks_inside(&f, "beslut § 12 i protokollet", "§", "12"));
    CHECK(!breaks_inside(&f, "hela 10 000 kronor", "000", "kronor"));
    CHECK(!breaks_inside(&f,
                         "hela 10\xE2\x80\x89"
                         "000 kronor",
                         "10\xE2\x80\x89", "000"));
    /* a no-break space never breaks */
    CHECK(!breaks_inside(&f, "ord 88\xC2\xA0% ord", "88", "%"));
    CHECK(!breaks_inside(&f,
                         "ord 63\xE2\x80\xAF"
                         "474 ord",
                         "63\xE2\x80\xAF", "474"));
    /* ordinary spaces do */
    CHECK(breaks_inside(&f, "andelen var hög i år", "var", "hög"));
    /* after a hyphen or slash in compounds, not after one after a digit */
    CHECK(breaks_inside(&f, "Social- och omsorg", "Social-", "och"));
    CHECK(breaks_inside(&f, "och/eller", "och/", "eller"));
    CHECK(breaks_inside(&f, "kvalitets-arbete", "kvalitets-", "arbete"));
    CHECK(!breaks_inside(&f, "inför 2023-års budget", "2023-", "års"));
    CHECK(!breaks_inside(&f, "skicka e-post", "e-", "post"));
    /* a soft hyphen is a hyphenation point, a zero-width space a break */
    frag_list sh = {0};
    text_frags(&f,
               "kvalitets\xC2\xAD"
               "arbete och\xE2\x80\x8B"
               "eller",
               11000, &sh);
    CHECK_STR(frag_text(&sh, 0, sh.n), "kvalitets~arbete och|eller");
    free(sh.v);
    /* the unit stays with its number: a tie (a space that stretches but
     * never breaks) before it; the digit groups keep a fixed no-break
     * space inside the number's frag */
    frag_list fl = {0};
    text_frags(&f, "1 200 tkr", 11000, &fl);
    CHECK_INT(fl.n, 3);
    CHECK(fl.n == 3 && fl.v[1].type == FRAG_GLUE && fl.v[1].nobreak &&
          fl.v[1].visible_space);
    CHECK_STR(frag_text(&fl, 0, fl.n), "1\xC2\xA0"
                                       "200\xC2\xA0tkr");
    free(fl.v);
    bfix_free(&f);
}

/* Hyphenation points of word as "kva-li-tet". */
static const char *hyph(bfix *f, const char *word, uint32_t next)
{
    static char out[256];
    uint32_t cps[128] = {0};
    uint8_t brk[128] = {0};
    uint32_t n = 0;
    const char *p = word, *end = word + strlen(word);
    while (p < end && n < 128)
        cps[n++] = utf8_next(&p, end);
    layout_hyphenate(&f->c, cps, n, next, brk);
    size_t o = 0;
    for (uint32_t k = 0; k < n; k++) {
        o += (size_t)utf8_encode(cps[k], out + o);
        if (brk[k])
            out[o++] = '-';
    }
    out[o] = '\0';
    return out;
}

/* The exceptions file overrides the dictionary, which breaks
 * "bud-ge-tav-vi-kel-se" across the compound joint: a listed word breaks only
 * at its listed points, within the Swedish minima; other words keep the
 * patterns. The project's own templates/avstavning.txt lists the word. */
TEST(test_break_hyphenation_exceptions)
{
    bfix f;
    bfix_init(&f);
    const char *before = hyph(&f, "budgetavvikelse", 0);
    CHECK(strstr(before, "ge-tav") != NULL); /* the dictionary: bud-ge-tav- */
    char path[] = "/tmp/arsrapport-avst-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        const char *text = "# test\nbudget-avvikelse\nb-udget-ram-a\n"
                           "ännu-inte\nBAD-word\n";
        CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
        close(fd);
        layout_hyph *h = layout_hyph_load(path);
        f.st.hyph = h;
        CHECK_STR(hyph(&f, "budgetavvikelse", 0), "budget-avvikelse");
        CHECK_STR(hyph(&f, "Budgetavvikelse,", 0), "Budget-avvikelse,");
        /* the minima hold for listed points too: not after one letter,
         * not before two */
        CHECK_STR(hyph(&f, "budgetrama", 0), "budget-rama");
        CHECK_STR(hyph(&f, "ännuinte", 0), "ännu-inte");
        CHECK_STR(hyph(&f, "kvalitetsarbete", 0), "kva-li-tets-ar-bete");
        unlink(path);
        layout_hyph_free(h);
    }
    f.st.hyph = test_hyph();
    bfix_free(&f);
}

/* Compound joints (issue 24): a "-part" line of the exceptions file names
 * the last part of compounds; a word ending in it (with an inflection)
 * breaks at the joint, and the dictionary's points within two letters of
 * it ("jämförel-seobjekt") are dropped. Joints are found again in what is
 * before ("kompetens-försörjnings-behov"). */
TEST(test_break_compound_joints)
{
    bfix f;
    bfix_init(&f);
    CHECK(strstr(hyph(&f, "jämförelseobjekt", 0), "rel-se") != NULL);
    char path[] = "/tmp/arsrapport-avst-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        const char *text = "# parts\n-objekt\n-behov\n-försörjning\n-ab\n";
        CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
        close(fd);
        layout_hyph *h = layout_hyph_load(path);
        f.st.hyph = h;
        layout_hyph_cache_free(&f.c.hyph_cache); /* looked up before */
        const char *j = hyph(&f, "jämförelseobjekt", 0);
        CHECK(strstr(j, "relse-objekt") != NULL);
        CHECK(strstr(j, "rel-se") == NULL && strstr(j, "ob-jekt") == NULL);
        CHECK(strstr(hyph(&f, "jämförelseobjekten.", 0), "relse-objek") !=
              NULL);
        j = hyph(&f, "kompetensförsörjningsbehov", 0);
        CHECK(strstr(j, "tens-för") != NULL);
        CHECK(strstr(j, "nings-behov") != NULL);
        /* no part of the word: the patterns as before */
        CHECK_STR(hyph(&f, "kvalitetsarbete", 0), "kva-li-tets-ar-bete");
        /* "objekt" alone is no compound */
        CHECK(strstr(hyph(&f, "objekten", 0), "-objekten") == NULL);
        unlink(path);
        layout_hyph_free(h);
    }
    f.st.hyph = test_hyph();
    bfix_free(&f);
}

/* A paragraph a little longer than one line whose last word cannot be
 * hyphenated: every way is looser than any tolerance, and the final pass
 * must still prefer the line with the most spaces to stretch over the
 * first word alone (issue 24: "Revisionsfråga:" alone on a line). */
TEST(test_break_two_lines_no_lone_first_word)
{
    bfix f;
    bfix_init(&f);
    frag_list fl = {0};
    text_frags(&f, "Aaaaaaaa: bb cc dd ee 12345678901234567890", 10000, &fl);
    line_list ll = {0};
    break_lines(&f.c, &fl, 175000, &ll);
    CHECK(ll.n == 2);
    if (ll.n == 2) {
        char first[256];
        size_t o = 0;
        for (const char *p = frag_text(&fl, ll.v[0].start, ll.v[0].end);
             *p && o + 1 < sizeof first; p++)
            if (*p != '~')
                first[o++] = *p;
        first[o] = '\0';
        CHECK_STR(first, "Aaaaaaaa: bb cc dd ee");
        CHECK(ll.v[0].loose);
    }
    free(ll.v);
    free(fl.v);
    ll = (line_list){0};
    /* a long last word is hyphenated rather than leave the first line
     * loose, with a real part of it left for the second line */
    frag_list f2 = {0};
    text_frags(&f, "Aaaaaaaa: bb cc dd ee kvalitetsarbetet", 10000, &f2);
    break_lines(&f.c, &f2, 150000, &ll);
    CHECK(ll.n == 2);
    if (ll.n == 2) {
        CHECK(ll.v[0].hyphenated);
        CHECK(!ll.v[0].loose);
        CHECK(f2.n - ll.v[1].start >= 1);
        const char *tail = frag_text(&f2, ll.v[1].start, f2.n);
        CHECK(strlen(tail) >= 6);
    }
    free(ll.v);
    free(f2.v);
    bfix_free(&f);
}

TEST(test_break_hyphenation_points)
{
    bfix f;
    bfix_init(&f);
    /* two letters before, three after at least */
    const char *h = hyph(&f, "kvalitetsarbete", 0);
    CHECK(strchr(h, '-') != NULL);
    CHECK(strncmp(h, "k-", 2) != 0);
    size_t len = strlen(h);
    CHECK(len < 4 || (h[len - 2] != '-' && h[len - 3] != '-'));
    CHECK_STR(hyph(&f, "kvalitetsarbete", 0), "kva-li-tets-ar-bete");
    /* capitalised at the start, trailing punctuation aside */
    CHECK(strchr(hyph(&f, "Verksamheten,", 0), '-') != NULL);
    CHECK(strchr(hyph(&f, "(verksamheten)", 0), '-') != NULL);
    /* none in words with digits, abbreviations, addresses */
    CHECK_STR(hyph(&f, "2023-års", 0), "2023-års");
    CHECK_STR(hyph(&f, "SKR", 0), "SKR");
    CHECK_STR(hyph(&f, "KOMMUNFULLMÄKTIGE", 0), "KOMMUNFULLMÄKTIGE");
    CHECK_STR(hyph(&f, "t.ex.", 0), "t.ex.");
    CHECK_STR(hyph(&f, "www.kommunen.se", 0), "www.kommunen.se");
    CHECK_STR(hyph(&f, "https://www.kommunen.se/verksamheten", 0),
              "https://www.kommunen.se/verksamheten");
    CHECK_STR(hyph(&f, "registrator@kommunen.se", 0),
              "registrator@kommunen.se");
    CHECK_STR(hyph(&f, "förvaltn.", 'b'), "förvaltn.");
    CHECK(strchr(hyph(&f, "förvaltningen.", 'N'), '-') != NULL);
    /* too short for 2 + 3 */
    CHECK_STR(hyph(&f, "boka", 0), "boka");
    bfix_free(&f);
}

/* Breaks a paragraph of the given text at the measure. */
static void break_text(bfix *f, const char *s, int32_t m, frag_list *fl,
                       line_list *ll)
{
    text_frags(f, s, 10000, fl);
    break_lines(&f->c, fl, m, ll);
}

TEST(test_break_hyphen_limits)
{
    bfix f;
    bfix_init(&f);
    /* one long compound again and again, a measure of one and a half of
     * it: a line without a hyphen holds one word and no space to stretch,
     * so every line would end in a hyphen if it could */
    char text[4096] = "";
    for (int i = 0; i < 40; i++)
        strcat(text, i ? " kvalitetsarbetet" : "kvalitetsarbetet");
    frag_list fl = {0};
    line_list ll = {0};
    break_text(&f, text, 24 * 5000, &fl, &ll);
    int run = 0, maxrun = 0, hyph = 0;
    for (size_t i = 0; i < ll.n; i++) {
        run = ll.v[i].hyphenated ? run + 1 : 0;
        hyph += ll.v[i].hyphenated;
        if (run > maxrun)
            maxrun = run;
    }
    CHECK(hyph >= 5);   /* hyphenation is used */
    CHECK(maxrun <= 2); /* never three hyphenated lines in a row */
    /* the last word is never split: the last line holds it whole */
    size_t last_space = 0;
    for (size_t i = 0; i < fl.n; i++)
        if (fl.v[i].type == FRAG_GLUE && fl.v[i].visible_space)
            last_space = i;
    CHECK(ll.n > 0 && ll.v[ll.n - 1].start <= last_space + 1);
    free(ll.v);
    free(fl.v);
    bfix_free(&f);
}

TEST(test_break_justified_exact_and_actual_text)
{
    bfix f;
    bfix_init(&f);
    char text[4096] = "";
    static const char *w[] = {"kvalitetsarbetet",
                              "och",
                              "verksamheten",
                              "i",
                              "nämnden",
                              "under",
                              "året",
                              "uppföljningen",
                              "av",
                              "målen"};
    for (int i = 0; i < 80; i++) {
        if (i)
            strcat(text, " ");
        strcat(text, w[(i * 7) % 10]);
    }
    frag_list fl = {0};
    line_list ll = {0};
    const int32_t m = 205000, x = 50000;
    break_text(&f, text, m, &fl, &ll);
    CHECK(ll.n > 5);
    bool shrunk = false, stretched = false, any_hyph = false;
    for (size_t i = 0; i < ll.n; i++) {
        const line_info *li = &ll.v[i];
        size_t before = f.pg.n;
        emit_line(&f.c, &f.pg, &fl, li, x, 100000, m, true, 0, false);
        int32_t right = x;
        for (size_t k = before; k < f.pg.n; k++)
            if (f.pg.boxes[k].kind == LBOX_TEXT &&
                f.pg.boxes[k].x + f.pg.boxes[k].w > right)
                right = f.pg.boxes[k].x + f.pg.boxes[k].w;
        if (!li->last) {
            /* every line but the last exactly to the measure */
            CHECK(right >= x + m - 1 && right <= x + m + 1);
            shrunk |= li->width > m;
            stretched |= li->width < m;
        }
        if (li->hyphenated) {
            any_hyph = true;
            /* the first part ends in "-" and reads as the whole word */
            const lbox *b = &f.pg.boxes[f.pg.n - 1];
            CHECK(b->n > 0 && b->cps[b->n - 1] == '-');
            CHECK(b->actual != NULL && b->nactual > b->n - 1);
            /* the rest, on the next line, reads as nothing */
            size_t after = f.pg.n;
            if (i + 1 < ll.n) {
                emit_line(&f.c, &f.pg, &fl, &ll.v[i + 1], x, 120000, m, true, 0,
                          false);
                CHECK(f.pg.n > after && f.pg.boxes[after].actual != NULL &&
                      f.pg.boxes[after].nactual == 0);
                f.pg.n = after;
                f.ld.stats.lines--;
                f.ld.stats.hyphenated_lines -= ll.v[i + 1].hyphenated;
            }
        }
    }
    CHECK(shrunk);
    CHECK(stretched);
    CHECK(any_hyph);
    /* the statistics count what was set */
    CHECK_INT(f.ld.stats.lines, ll.n);
    CHECK(f.ld.stats.hyphenated_lines > 0);
    CHECK_INT(f.ld.stats.overfull_lines, 0);
    free(ll.v);
    free(fl.v);
    bfix_free(&f);
}

TEST(test_break_overlong_word_overfull)
{
    bfix f;
    bfix_init(&f);
    char text[512] = "ett ";
    for (int i = 0; i < 100; i++)
        strcat(text, "x");
    strcat(text, " två");
    frag_list fl = {0};
    line_list ll = {0};
    const int32_t m = 120000; /* 24 letters */
    break_text(&f, text, m, &fl, &ll);
    CHECK(ll.n >= 5);
    int over = 0;
    for (size_t i = 0; i < ll.n; i++) {
        CHECK(ll.v[i].width <= m);
        emit_line(&f.c, &f.pg, &fl, &ll.v[i], 0, 0, m, true, 0, false);
        over += ll.v[i].overfull;
    }
    CHECK(over >= 4); /* the pieces of the word wider than the measure */
    CHECK_INT(f.ld.stats.overfull_lines, over);
    /* a paragraph of ordinary words is never overfull */
    frag_list fl2 = {0};
    line_list ll2 = {0};
    break_text(&f,
               "ett två tre fyra fem sex sju åtta nio tio elva tolv "
               "tretton fjorton femton sexton sjutton arton nitton",
               m, &fl2, &ll2);
    for (size_t i = 0; i < ll2.n; i++)
        CHECK(!ll2.v[i].overfull);
    free(ll.v);
    free(fl.v);
    free(ll2.v);
    free(fl2.v);
    bfix_free(&f);
}

TEST(test_break_ragged_cells_not_hyphenated)
{
    bfix f;
    bfix_init(&f);
    frag_list fl = {0};
    line_list ll = {0};
    text_frags(&f, "kvalitetsarbetet verksamhetsplanen socialtjänsten", 10000,
               &fl);
    break_lines_mode(&f.c, &fl, 100000, BREAK_RAGGED, &ll);
    CHECK(ll.n >= 3);
    for (size_t i = 0; i < ll.n; i++)
        CHECK(!ll.v[i].hyphenated && !ll.v[i].uncounted);
    for (size_t i = 0; i < fl.n; i++)
        CHECK(!(fl.v[i].type == FRAG_GLUE && fl.v[i].hyphen));
    free(ll.v);
    free(fl.v);
    /* headings: not counted in the statistics */
    fl = (frag_list){0};
    ll = (line_list){0};
    text_frags(&f, "Verksamhetsberättelse", 10000, &fl);
    break_lines_mode(&f.c, &fl, 300000, BREAK_HEADING, &ll);
    CHECK_INT(ll.n, 1);
    if (ll.n)
        emit_line(&f.c, &f.pg, &fl, &ll.v[0], 0, 0, 300000, false, 0, false);
    CHECK_INT(f.ld.stats.lines, 0);
    free(ll.v);
    free(fl.v);
    bfix_free(&f);
}

/* The hyphenation tables the build made (src/layout/hyph_gen.c, issue 25)
 * are the dictionary libhyphen reads from the file, state by state, with
 * the parts of each level's NOHYPHEN list (hyphen-sv is a build
 * dependency, so there are tables to compare). */
TEST(test_break_hyphenation_tables_match_file)
{
    CHECK_INT(layout_hyph_table_check(), 0);
}

/* A page's store (the glyphs of its runs): requests small and over a
 * block, each 8-aligned and whole while the page lives, freed with the
 * page (the sanitizer build checks that nothing leaks or is read after). */
TEST(test_break_page_store)
{
    lpage pg = {0};
    enum { N = 400 };
    uint32_t *v[N];
    size_t len[N];
    for (int i = 0; i < N; i++) {
        len[i] = (size_t)(i * 131 % 2500) + 1; /* up to 10 000 bytes */
        v[i] = layout_page_alloc(&pg, len[i] * sizeof *v[i]);
        CHECK(((uintptr_t)v[i] & 7) == 0);
        for (size_t k = 0; k < len[i]; k++)
            v[i][k] = (uint32_t)(i * 7919 + (int)k);
    }
    int bad = 0;
    for (int i = 0; i < N; i++)
        for (size_t k = 0; k < len[i]; k++)
            if (v[i][k] != (uint32_t)(i * 7919 + (int)k)) {
                bad++;
                break;
            }
    CHECK_INT(bad, 0);
    CHECK(pg.store != NULL);
    layout_page_release(&pg);
    CHECK(pg.store == NULL && pg.boxes == NULL && pg.n == 0);
    layout_page_release(&pg); /* twice is fine */
}

/* Packing a page's store: every text box keeps its glyphs and
 * adjustments, now in one block; glyphs from elsewhere stay where they
 * are. */
TEST(test_break_page_store_pack)
{
    lpage pg = {0};
    enum { N = 300 };
    static const uint32_t outside[3] = {'a', 'b', 'c'};
    pg.cap = N + 1;
    pg.boxes = calloc(pg.cap, sizeof *pg.boxes);
    for (int i = 0; i < N; i++) {
        lbox *b = &pg.boxes[pg.n++];
        b->kind = LBOX_TEXT;
        b->n = (uint32_t)(i * 37 % 300) + 1;
        uint32_t *cps = layout_page_alloc(&pg, b->n * sizeof *cps);
        for (uint32_t k = 0; k < b->n; k++)
            cps[k] = (uint32_t)i * 1000 + k;
        b->cps = cps;
        if (i % 3 == 0) {
            int32_t *adj = layout_page_alloc(&pg, b->n * sizeof *adj);
            for (uint32_t k = 0; k < b->n; k++)
                adj[k] = -(int32_t)(i * 1000 + (int)k);
            b->adj = adj;
        }
    }
    lbox *o = &pg.boxes[pg.n++];
    o->kind = LBOX_TEXT;
    o->n = 3;
    o->cps = outside;
    const uint32_t *before = pg.boxes[N / 2].cps;
    layout_page_store_pack(&pg);
    CHECK(pg.boxes[N / 2].cps != before); /* moved: the page had blocks */
    CHECK(o->cps == outside);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        const lbox *b = &pg.boxes[i];
        for (uint32_t k = 0; k < b->n; k++)
            if (b->cps[k] != (uint32_t)i * 1000 + k ||
                (b->adj && b->adj[k] != -(int32_t)(i * 1000 + (int)k)))
                bad++;
        if ((i % 3 == 0) != (b->adj != NULL))
            bad++;
    }
    CHECK_INT(bad, 0);
    layout_page_store_pack(&pg); /* again: nothing to do */
    CHECK(pg.boxes[0].cps[0] == 0);
    layout_page_release(&pg);
}

/* A page the paginator has left: its boxes and glyphs kept as they were,
 * its box array cut near its size, and boxes added after (the running
 * header and footer) still go in. */
TEST(test_break_page_trim)
{
    lpage pg = {0};
    enum { N = 100 };
    pg.cap = 256;
    pg.boxes = calloc(pg.cap, sizeof *pg.boxes);
    for (int i = 0; i < N; i++) {
        lbox *b = &pg.boxes[pg.n++];
        b->kind = LBOX_TEXT;
        b->n = (uint32_t)(i * 53 % 200) + 1;
        uint32_t *cps = layout_page_alloc(&pg, b->n * sizeof *cps);
        for (uint32_t k = 0; k < b->n; k++)
            cps[k] = (uint32_t)i * 1000 + k;
        b->cps = cps;
    }
    layout_page_trim(&pg);
    CHECK(pg.cap >= pg.n && pg.cap <= pg.n + 8);
    /* the furniture: more glyphs after the trim */
    uint32_t *more = layout_page_alloc(&pg, 40 * sizeof *more);
    for (uint32_t k = 0; k < 40; k++)
        more[k] = 7;
    int bad = 0;
    for (int i = 0; i < N; i++)
        for (uint32_t k = 0; k < pg.boxes[i].n; k++)
            bad += pg.boxes[i].cps[k] != (uint32_t)i * 1000 + k;
    CHECK_INT(bad, 0);
    CHECK(more[39] == 7);
    layout_page_release(&pg);
}
