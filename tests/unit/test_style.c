/*
 * test_style.c: style files, the cover page, page numbering, the running
 * header and footer, chapters on new pages.
 *
 * The built-in default and templates/stil/standard.xml must be the same
 * style (a file that sets every field, read over a style scrambled in
 * every field, gives the default back); a colour under 4.5:1 against
 * white is an error at its attribute; the cover carries the metadata and
 * no running header or page number, and the pages after it count from 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/common/utf8.h"
#include "../../src/model/krav.h"
#include "../../src/parse/parse.h"
#include "../../src/parse/shipped.h"
#include "../../src/parse/style.h"
#include "fixture.h"
#include "harness.h"

static const char *templates_dir(void)
{
    static char t[4096];
    const char *home = getenv("ARSRAPPORT_HOME");
    snprintf(t, sizeof t, "%s/templates", home ? home : ".");
    return t;
}

static const char *schema(void)
{
    static char p[4200];
    snprintf(p, sizeof p, "%s/schema/stil.rng", templates_dir());
    return p;
}

/* Writes text to a new file name in a fresh folder; returns its path
 * (static, valid until the next call). */
static const char *write_style(const char *text)
{
    static char dir[64], path[128];
    snprintf(dir, sizeof dir, "/tmp/arsrapport-stil-XXXXXX");
    if (!mkdtemp(dir))
        return NULL;
    snprintf(path, sizeof path, "%s/stil.xml", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    return path;
}

static void remove_style(const char *path)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s", path);
    unlink(path);
    *strrchr(dir, '/') = '\0';
    rmdir(dir);
}

#define STIL_HEAD "<stil xmlns=\"urn:arsrapport:stil:1\">\n"

/* Loads text as a style over the default; dl gets the problems. */
static bool load_text(const char *text, layout_style *st, arena *a,
                      diag_list *dl)
{
    layout_style_default(st);
    const char *path = write_style(text);
    if (!path)
        return false;
    bool ok = style_load(path, schema(), NULL, st, a, dl);
    remove_style(path);
    return ok;
}

static bool has_rule(const diag_list *dl, const char *rule, uint32_t line)
{
    for (size_t i = 0; i < diag_count(dl); i++) {
        const diag *d = diag_get(dl, i);
        if (strcmp(d->rule, rule) == 0 && (line == 0 || d->line == line))
            return true;
    }
    return false;
}

/* Every field the style file sets, compared; names the first that
 * differs. */
static void check_same_style(const layout_style *a, const layout_style *b)
{
#define SAME(f) CHECK_INT(a->f, b->f)
    SAME(n_chart_colors);
    for (int i = 0; i < 6; i++)
        SAME(chart_colors[i]);
    SAME(page_w);
    SAME(page_h);
    SAME(margin_top);
    SAME(margin_bottom);
    SAME(margin_inner);
    SAME(margin_outer);
    SAME(body_size);
    SAME(body_leading);
    SAME(table_size);
    SAME(table_leading);
    SAME(table_min_size);
    SAME(note_size);
    SAME(note_leading);
    for (int i = 0; i < 6; i++) {
        SAME(h_size[i]);
        SAME(h_space_before[i]);
        SAME(h_space_after[i]);
    }
    SAME(para_space);
    SAME(heading_color);
    SAME(text_color);
    SAME(rule_color);
    SAME(header_fill);
    SAME(list_space);
    SAME(quote_space);
    SAME(table_space);
    SAME(body_font);
    SAME(heading_font);
    SAME(table_font);
    CHECK_STR(a->serif_family, b->serif_family);
    CHECK_STR(a->sans_family, b->sans_family);
    SAME(furniture_color);
    SAME(header_left);
    SAME(header_right);
    SAME(footer);
    SAME(toc_depth);
    CHECK(a->logo == NULL && b->logo == NULL);
    SAME(chapter_new_page);
    SAME(cover);
#undef SAME
}

TEST(test_style_standard_is_the_default)
{
    layout_style def, st;
    layout_style_default(&def);
    /* every field scrambled: what standard.xml does not set stays wrong */
    memset(&st, 0x5A, sizeof st);
    st.serif_family = st.sans_family = "x";
    st.logo = NULL;
    st.header_left = st.header_right = RUN_NONE;
    st.footer = FOOTER_PAGE;
    st.body_font = st.heading_font = st.table_font = FONT_SANS_ITALIC;
    st.cover = false;
    st.chapter_new_page = true;
    char path[4200];
    snprintf(path, sizeof path, "%s/stil/standard.xml", templates_dir());
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    CHECK(style_load(path, schema(), NULL, &st, a, dl));
    CHECK_INT(diag_count(dl), 0);
    check_same_style(&st, &def);
    diag_list_free(dl);
    arena_free(a);
}

TEST(test_style_values_read)
{
    layout_style st;
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    CHECK(load_text(STIL_HEAD
                    "<sida format=\"A5\"/>\n"
                    "<marginaler topp=\"20mm\" inner=\"12.5mm\"/>\n"
                    "<typsnitt brodtext=\"sans\" serif=\"Liberation Serif\"/>\n"
                    "<brodtext storlek=\"10.5pt\" radavstand=\"14pt\"/>\n"
                    "<rubrik niva=\"2\" storlek=\"13pt\" fore=\"12pt\"/>\n"
                    "<farger rubriker=\"#00457C\"/>\n"
                    "<sidhuvud vanster=\"organisation\" hoger=\"period\"/>\n"
                    "<sidfot format=\"sida\"/><innehall djup=\"3\"/>\n"
                    "<kapitel ny-sida=\"ja\"/><omslag visa=\"nej\"/>\n"
                    "</stil>\n",
                    &st, a, dl));
    CHECK_INT(diag_count(dl), 0);
    CHECK_INT(st.page_w, 419528);
    CHECK_INT(st.page_h, 595276);
    CHECK_INT(st.margin_top, 20 * MPT_PER_MM);
    CHECK_INT(st.margin_inner, (125 * MPT_PER_MM + 5) / 10); /* rounded */
    CHECK_INT(st.margin_bottom, 25 * MPT_PER_MM); /* not set: default */
    CHECK_INT(st.body_font, FONT_SANS);
    CHECK_STR(st.serif_family, "Liberation Serif");
    CHECK_INT(st.body_size, 10500);
    CHECK_INT(st.body_leading, 14000);
    CHECK_INT(st.h_size[1], 13000);
    CHECK_INT(st.h_space_before[1], 12000);
    CHECK_INT(st.h_space_after[1], 6000); /* not set: default */
    CHECK_INT(st.h_size[0], 18000);
    CHECK_INT(st.heading_color, 0x00457C);
    CHECK_INT(st.header_left, RUN_ORGANISATION);
    CHECK_INT(st.header_right, RUN_PERIOD);
    CHECK_INT(st.footer, FOOTER_PAGE);
    CHECK_INT(st.toc_depth, 3);
    CHECK(st.chapter_new_page);
    CHECK(!st.cover);
    diag_list_free(dl);
    arena_free(a);
}

TEST(test_style_contrast)
{
    /* WCAG 2.1: black on white 21:1, equal colours 1:1, #767676 the
     * lightest grey that passes 4.5:1 on white */
    double r = style_contrast(0x000000, 0xFFFFFF);
    CHECK(r > 20.99 && r < 21.01);
    r = style_contrast(0x123456, 0x123456);
    CHECK(r > 0.999 && r < 1.001);
    CHECK(style_contrast(0x767676, 0xFFFFFF) >= 4.5);
    CHECK(style_contrast(0x777777, 0xFFFFFF) < 4.5);
    CHECK(style_contrast(0xFFFFFF, 0x767676) >= 4.5); /* symmetric */

    layout_style st;
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    CHECK(!load_text(STIL_HEAD "<farger text=\"#333333\"\n"
                               "        rubriker=\"#777777\"/>\n</stil>\n",
                     &st, a, dl));
    CHECK(has_rule(dl, "STIL-03", 3));
    CHECK_INT(diag_count(dl), 1);
    if (diag_count(dl) == 1) {
        const diag *d = diag_get(dl, 0);
        CHECK_INT(d->col, 9); /* at rubriker= */
        CHECK(strstr(d->message, "#777777") != NULL);
        CHECK(strstr(d->message, "4,48") != NULL); /* decimal comma */
        CHECK(d->hint != NULL);
    }
    diag_list_free(dl);
    /* the text colour on the table header's fill */
    dl = diag_list_new(LANG_EN);
    CHECK(!load_text(STIL_HEAD "<farger text=\"#555555\" "
                               "tabellhuvud=\"#888888\"/>\n</stil>\n",
                     &st, a, dl));
    CHECK(has_rule(dl, "STIL-03", 2));
    diag_list_free(dl);
    /* a text colour that passes on both */
    dl = diag_list_new(LANG_SV);
    CHECK(load_text(STIL_HEAD "<farger text=\"#222222\" sidhuvud=\"#595959\" "
                              "linjer=\"#BBBBBB\"/>\n</stil>\n",
                    &st, a, dl));
    CHECK_INT(diag_count(dl), 0);
    CHECK_INT(st.rule_color, 0xBBBBBB); /* rules are no text: not checked */
    diag_list_free(dl);
    arena_free(a);
}

TEST(test_style_errors_located)
{
    layout_style st;
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    /* not valid: an unknown element, a length without a unit */
    CHECK(!load_text(STIL_HEAD "<sida format=\"A4\"/>\n<farg/>\n</stil>\n", &st,
                     a, dl));
    CHECK(has_rule(dl, "STIL-02", 0));
    diag_list_free(dl);
    dl = diag_list_new(LANG_SV);
    CHECK(!load_text(STIL_HEAD "<brodtext storlek=\"11\"/>\n</stil>\n", &st, a,
                     dl));
    CHECK(has_rule(dl, "STIL-02", 2));
    diag_list_free(dl);
    /* a DOCTYPE is refused, as in documents */
    dl = diag_list_new(LANG_SV);
    CHECK(!load_text("<?xml version=\"1.0\"?>\n<!DOCTYPE stil [<!ENTITY x "
                     "\"y\">]>\n" STIL_HEAD "</stil>\n",
                     &st, a, dl));
    CHECK(has_rule(dl, "STIL-01", 0));
    diag_list_free(dl);
    /* not well-formed */
    dl = diag_list_new(LANG_SV);
    CHECK(!load_text(STIL_HEAD "<sida>\n</stil>\n", &st, a, dl));
    CHECK(has_rule(dl, "STIL-01", 0));
    diag_list_free(dl);
    /* a logo that is not there, relative to the style file */
    dl = diag_list_new(LANG_SV);
    CHECK(!load_text(STIL_HEAD "<logga fil=\"finns-inte.png\"/>\n</stil>\n",
                     &st, a, dl));
    CHECK(has_rule(dl, "STIL-04", 2));
    diag_list_free(dl);
    /* margins that leave no text block */
    dl = diag_list_new(LANG_SV);
    CHECK(!load_text(STIL_HEAD
                     "<sida format=\"A5\"/><marginaler inner=\"70mm\" "
                     "yttre=\"70mm\"/>\n</stil>\n",
                     &st, a, dl));
    CHECK(has_rule(dl, "STIL-05", 0));
    diag_list_free(dl);
    /* a file that is not there */
    dl = diag_list_new(LANG_SV);
    layout_style_default(&st);
    CHECK(!style_load("/nonexistent/stil.xml", schema(), NULL, &st, a, dl));
    CHECK(has_rule(dl, "STIL-01", 0));
    diag_list_free(dl);
    arena_free(a);
}

/* Every length in its range (STIL-09 at the attribute, the value left at
 * the default); a size of 0 divided by zero in layout before. */
TEST(test_style_ranges)
{
    layout_style st, def;
    layout_style_default(&def);
    arena *a = arena_new();
    static const char *const bad[] = {
        "<brodtext storlek=\"0pt\"/>",
        "<tabell storlek=\"0pt\"/>",
        "<fotnot storlek=\"0pt\"/>",
        "<fotnot radavstand=\"0pt\"/>",
        "<rubrik niva=\"3\" storlek=\"0pt\"/>",
        "<rubrik niva=\"1\" storlek=\"9999pt\"/>",
        "<sida bredd=\"9999mm\"/>",
        "<sida hojd=\"49.999mm\"/>",
        "<marginaler topp=\"501mm\"/>",
        "<citat avstand=\"200.001pt\"/>",
        "<fotnot storlek=\"20pt\"/>",               /* over its leading */
        "<tabell storlek=\"7pt\" minsta=\"8pt\"/>", /* floor over size */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        diag_list *dl = diag_list_new(LANG_SV);
        char text[256];
        snprintf(text, sizeof text, STIL_HEAD "%s\n</stil>\n", bad[i]);
        CHECK(!load_text(text, &st, a, dl));
        CHECK(has_rule(dl, "STIL-09", 2));
        diag_list_free(dl);
    }
    /* out of range leaves the default */
    diag_list *dl = diag_list_new(LANG_SV);
    CHECK(!load_text(STIL_HEAD "<fotnot radavstand=\"0pt\"/>\n</stil>\n", &st,
                     a, dl));
    CHECK_INT(st.note_leading, def.note_leading);
    diag_list_free(dl);
    /* the ends of the ranges are accepted */
    dl = diag_list_new(LANG_SV);
    CHECK(load_text(STIL_HEAD "<brodtext storlek=\"4pt\" radavstand=\"4pt\" "
                              "styckeavstand=\"0pt\"/>\n<rubrik niva=\"1\" "
                              "storlek=\"96pt\"/>\n<sida bredd=\"5000mm\" "
                              "hojd=\"100mm\"/>\n<marginaler topp=\"0mm\" "
                              "botten=\"0mm\"/>\n</stil>\n",
                    &st, a, dl));
    CHECK_INT(st.body_size, 4000);
    CHECK_INT(st.h_size[0], 96000);
    CHECK_INT(diag_count(dl), 0);
    diag_list_free(dl);
    /* but a text block must hold two lines and two characters of the
     * largest text: a 96 pt heading (leading 125 pt) on a page 50 mm
     * high would run past the page */
    dl = diag_list_new(LANG_SV);
    CHECK(!load_text(STIL_HEAD "<rubrik niva=\"1\" storlek=\"96pt\"/>\n"
                               "<sida bredd=\"5000mm\" hojd=\"50mm\"/>\n"
                               "<marginaler topp=\"0mm\" botten=\"0mm\"/>\n"
                               "</stil>\n",
                     &st, a, dl));
    CHECK(has_rule(dl, "STIL-05", 0));
    diag_list_free(dl);
    arena_free(a);
}

/* Families other than the manifest's: found through fontconfig when
 * installed (DejaVu, from fonts-dejavu-core, which make deps installs),
 * an error at the attribute when not. */
TEST(test_style_font_families)
{
    layout_style st;
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    CHECK(load_text(STIL_HEAD "<typsnitt serif=\"DejaVu Serif\"\n"
                              "  sans=\"DejaVu Sans\"/>\n</stil>\n",
                    &st, a, dl));
    CHECK(strcmp(st.serif_family, "DejaVu Serif") == 0);
    CHECK(strcmp(st.sans_family, "DejaVu Sans") == 0);
    CHECK(diag_count(dl) == 0);
    diag_list_free(dl);
    /* fontconfig answers every name with some face: a substitute must
       not pass for the family asked for */
    dl = diag_list_new(LANG_SV);
    CHECK(!load_text(STIL_HEAD "<typsnitt serif=\"Liberation Serif\"\n"
                               "  sans=\"Finns Inte Sans\"/>\n</stil>\n",
                     &st, a, dl));
    CHECK(has_rule(dl, "STIL-06", 3));
    diag_list_free(dl);
    char *paths[4];
    bool exact[4];
    CHECK(font_family_find("DejaVu Sans", paths, exact));
    for (int i = 0; i < 4; i++) {
        CHECK(paths[i] && strstr(paths[i], "DejaVuSans") != NULL);
        CHECK(exact[i]);
        free(paths[i]);
    }
    CHECK(!font_family_find("Finns Inte Sans", paths, exact));
    CHECK(paths[0] == NULL);
    arena_free(a);
}

/* --- layout -------------------------------------------------------------- */

/* The text boxes of a page, in order, separated by '|' (artifacts too
 * when furniture is set). */
static char *page_text(const lpage *pg, bool furniture)
{
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    s[0] = '\0';
    for (size_t i = 0; i < pg->n; i++) {
        const lbox *b = &pg->boxes[i];
        if (b->kind != LBOX_TEXT || (b->artifact && !furniture))
            continue;
        for (uint32_t k = 0; k < b->n; k++) {
            char u[5];
            int len = utf8_encode(b->cps[k] == 0xA0 ? ' ' : b->cps[k], u);
            if (n + (size_t)len + 2 >= cap)
                s = realloc(s, cap *= 2);
            memcpy(s + n, u, (size_t)len);
            n += (size_t)len;
        }
        s[n++] = '|';
        s[n] = '\0';
    }
    return s;
}

static size_t artifacts(const lpage *pg)
{
    size_t k = 0;
    for (size_t i = 0; i < pg->n; i++)
        k += pg->boxes[i].artifact;
    return k;
}

static const char *const META_DOC =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rapport xmlns=\"urn:arsrapport:1\" typ=\"delarsrapport\">\n"
    "<metadata><titel>Delårsrapport januari–augusti 2023</titel>"
    "<undertitel>Med bokslut per augusti</undertitel>"
    "<organisation>Österåkers kommun</organisation>"
    "<namnd>Socialnämnden</namnd>"
    "<period start=\"2023-01-01\" slut=\"2023-08-31\"/>"
    "<datum>2023-09-12</datum>"
    "<diarienummer>SN 2023/0117</diarienummer></metadata>\n";

typedef struct {
    doc *d;
    font_set *fs;
    arena *a;
    diag_list *dl;
    layout_doc *ld;
} laid;

static bool lay(laid *l, const char *body, const layout_style *st)
{
    memset(l, 0, sizeof *l);
    l->dl = diag_list_new(LANG_SV);
    size_t n = strlen(META_DOC) + strlen(body) + 32;
    char *x = malloc(n);
    snprintf(x, n, "%s%s</rapport>\n", META_DOC, body);
    l->d = parse_memory(test_schema(), "t.xml", x, strlen(x), l->dl);
    free(x);
    if (!l->d)
        return false;
    l->fs = font_set_stub();
    l->a = arena_new();
    l->ld = layout_document(l->d, l->fs, st, l->a, l->dl);
    return l->ld != NULL;
}

static void unlay(laid *l)
{
    arena_free(l->a);
    font_set_free(l->fs);
    doc_free(l->d);
    diag_list_free(l->dl);
}

static const char *const TWO_CHAPTERS =
    "<avsnitt><rubrik>Ett</rubrik><stycke>Första kapitlets text.</stycke>"
    "</avsnitt><avsnitt><rubrik>Två</rubrik><stycke>Andra kapitlets "
    "text.</stycke><avsnitt><rubrik>Två och ett</rubrik><stycke>Text."
    "</stycke></avsnitt></avsnitt>\n";

/* The divisions of layout by a size or leading are guarded as well as the
 * style is checked (STIL-09): a struct with zeros, as no style file can
 * give any more, lays out without dividing by zero (SIGFPE before). */
TEST(test_style_zero_sizes_no_division)
{
    static const char *const body =
        "<avsnitt><rubrik>Ett</rubrik><stycke>Text med not<fotnot>En not "
        "som är lång nog att ta flera rader i foten av sidan.</fotnot> och "
        "mer text.</stycke><tabell><rubrik>T</rubrik><kolumn typ=\"text\"/>"
        "<kolumn typ=\"belopp\">B</kolumn><rad><cell>a</cell><cell>1</cell>"
        "</rad></tabell></avsnitt><avsnitt><rubrik>Två</rubrik><stycke>"
        "Text.</stycke></avsnitt>\n";
    for (int v = 0; v < 3; v++) {
        layout_style st;
        layout_style_default(&st);
        if (v == 0)
            st.note_leading = 0;
        if (v == 1)
            st.note_leading = st.note_size = 0;
        if (v == 2)
            st.table_leading = 0;
        laid l;
        CHECK(lay(&l, body, &st));
        unlay(&l);
    }
}

TEST(test_style_cover_page)
{
    layout_style st;
    layout_style_default(&st);
    CHECK(st.cover); /* the default has a cover */
    laid l;
    CHECK(lay(&l, TWO_CHAPTERS, &st));
    if (!l.ld) {
        unlay(&l);
        return;
    }
    CHECK_INT(l.ld->npages, 2);
    const lpage *cov = &l.ld->pages[0];
    CHECK(cov->cover);
    CHECK_INT(cov->number, 0);
    /* no running header, footer or page number on the cover */
    CHECK_INT(artifacts(cov), 0);
    char *t = page_text(cov, true);
    CHECK(strstr(t, "Österåkers kommun|Socialnämnden|") == t);
    CHECK(strstr(t, "Delårsrapport") != NULL);
    CHECK(strstr(t, "Med bokslut per augusti") != NULL);
    CHECK(strstr(t, "1 januari–31 augusti 2023") != NULL);
    CHECK(strstr(t, "Datum: 12 september 2023") != NULL);
    CHECK(strstr(t, "Diarienummer: SN 2023/0117") != NULL);
    CHECK(strstr(t, "Sida") == NULL);
    free(t);
    /* the title large, under the organisation */
    int32_t org_y = 0, title_y = 0, title_size = 0;
    for (size_t i = 0; i < cov->n; i++) {
        const lbox *b = &cov->boxes[i];
        if (b->kind == LBOX_TEXT && b->n > 3 && b->cps[0] == 0xD6)
            org_y = b->y; /* Österåkers */
        if (b->kind == LBOX_TEXT && b->n > 3 && b->cps[0] == 'D' &&
            b->cps[1] == 'e' && !title_y) {
            title_y = b->y;
            title_size = b->size;
        }
    }
    CHECK(org_y > 0 && title_y > org_y + 100000);
    CHECK(title_size >= 2 * st.body_size);
    /* the body from page 2, numbered from 1, "Sida 1 av 1" */
    const lpage *p2 = &l.ld->pages[1];
    CHECK(!p2->cover);
    CHECK_INT(p2->number, 1);
    t = page_text(p2, true);
    CHECK(strstr(t, "Sida 1 av 1|") != NULL);
    CHECK(strstr(t, "Delårsrapport januari–augusti 2023|") != NULL);
    CHECK(strstr(t, "|Socialnämnden|") != NULL);
    free(t);
    /* the outline points at the body's page */
    CHECK(l.ld->noutline >= 1 && l.ld->outline[0].page == 1);
    unlay(&l);

    /* UTKAST on every page, the cover included */
    st.draft = true;
    CHECK(lay(&l, TWO_CHAPTERS, &st));
    for (size_t p = 0; l.ld && p < l.ld->npages; p++) {
        t = page_text(&l.ld->pages[p], true);
        CHECK(strstr(t, "UTKAST") != NULL);
        free(t);
    }
    unlay(&l);

    /* no cover when the style says so: the body from page 1 */
    st.draft = false;
    st.cover = false;
    CHECK(lay(&l, TWO_CHAPTERS, &st));
    CHECK(l.ld && l.ld->npages == 1 && !l.ld->pages[0].cover &&
          l.ld->pages[0].number == 1);
    unlay(&l);
}

TEST(test_style_numbering_and_furniture)
{
    layout_style st;
    layout_style_default(&st);
    st.chapter_new_page = true;
    laid l;
    CHECK(lay(&l, TWO_CHAPTERS, &st));
    if (!l.ld) {
        unlay(&l);
        return;
    }
    /* each chapter on a page of its own, the subsection under its
     * chapter: cover + 2 */
    CHECK_INT(l.ld->npages, 3);
    for (size_t p = 1; p < l.ld->npages; p++) {
        const lpage *pg = &l.ld->pages[p];
        CHECK_INT(pg->number, (int)p);
        char want[32];
        snprintf(want, sizeof want, "Sida %d av 2|", (int)p);
        char *t = page_text(pg, true);
        CHECK(strstr(t, want) != NULL);
        free(t);
    }
    CHECK(l.ld->noutline == 3 && l.ld->outline[0].page == 1 &&
          l.ld->outline[1].page == 2 && l.ld->outline[2].page == 2);
    unlay(&l);

    /* without it both chapters share the first body page */
    st.chapter_new_page = false;
    CHECK(lay(&l, TWO_CHAPTERS, &st));
    CHECK(l.ld && l.ld->npages == 2);
    unlay(&l);

    /* other fields in the header, the bare number in the footer */
    st.header_left = RUN_ORGANISATION;
    st.header_right = RUN_PERIOD;
    st.footer = FOOTER_PAGE;
    CHECK(lay(&l, TWO_CHAPTERS, &st));
    if (l.ld && l.ld->npages == 2) {
        char *t = page_text(&l.ld->pages[1], true);
        CHECK(strstr(t, "|Österåkers kommun|") != NULL);
        CHECK(strstr(t, "|1 januari–31 augusti 2023|") != NULL);
        CHECK(strstr(t, "Sida") == NULL);
        /* the footer is the last text on the page: "1" */
        size_t n = strlen(t);
        CHECK(n >= 3 && strcmp(t + n - 3, "|1|") == 0);
        free(t);
    }
    unlay(&l);

    /* no header field at all: only the rule and the footer */
    st.header_left = st.header_right = RUN_NONE;
    CHECK(lay(&l, TWO_CHAPTERS, &st));
    if (l.ld && l.ld->npages == 2) {
        char *t = page_text(&l.ld->pages[1], true);
        CHECK(strstr(t, "Österåkers") == NULL);
        free(t);
    }
    unlay(&l);
}

/* Chart colours: read in order, and one too light against the page is
 * STIL-08; the default palette keeps 3:1 against white, its first two
 * colours 3:1 against each other. */
TEST(test_style_chart_colors)
{
    layout_style st;
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    CHECK(load_text(STIL_HEAD "<diagram farger=\"#00457C #8A3B12\"/>\n"
                              "</stil>\n",
                    &st, a, dl));
    CHECK_INT(diag_count(dl), 0);
    CHECK_INT(st.n_chart_colors, 2);
    CHECK_INT(st.chart_colors[1], 0x8A3B12);
    diag_list_free(dl);
    dl = diag_list_new(LANG_SV);
    CHECK(!load_text(STIL_HEAD "<diagram farger=\"#1B3A6B #A0D8EF\"/>\n"
                               "</stil>\n",
                     &st, a, dl));
    CHECK(diag_count(dl) == 1 && strcmp(diag_get(dl, 0)->rule, "STIL-08") == 0);
    diag_list_free(dl);
    layout_style def;
    layout_style_default(&def);
    for (int i = 0; i < def.n_chart_colors; i++)
        CHECK(style_contrast(def.chart_colors[i], 0xFFFFFF) >= 3.0);
    CHECK(style_contrast(def.chart_colors[0], def.chart_colors[1]) >= 3.0);
    arena_free(a);
}

/* Whether the n bytes at b hold s. */
static bool has_bytes(const char *b, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(b + i, s, k) == 0)
            return true;
    return false;
}

/* The shipped style and rule files were checked against their schemas
 * when the program was built (shipped.h): their exact bytes are read
 * without the schema (here one that does not exist), while the same
 * style with one byte more, or a style's bytes read as a rule file, is
 * still checked (and fails without its schema). */
TEST(test_shipped_files_skip_schema)
{
    char path[4200], copy[64] = "/tmp/arsrapport-stil-XXXXXX";
    snprintf(path, sizeof path, "%s/stil/standard.xml", templates_dir());
    layout_style st;
    layout_style_default(&st);
    arena *a = arena_new();
    diag_list *dl = diag_list_new(LANG_SV);
    CHECK(style_load(path, "/nonexistent/stil.rng", NULL, &st, a, dl));
    CHECK_INT(diag_count(dl), 0);
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    CHECK(n > 0);
    buf[n] = '\0';
    strcat(buf, "\n");
    CHECK(test_temp_file(copy, buf));
    layout_style_default(&st);
    CHECK(!style_load(copy, "/nonexistent/stil.rng", NULL, &st, a, dl));
    CHECK(diag_count(dl) > 0);
    diag_list_free(dl);
    dl = diag_list_new(LANG_SV);
    layout_style_default(&st);
    CHECK(style_load(copy, schema(), NULL, &st, a, dl));
    CHECK_INT(diag_count(dl), 0);
    unlink(copy);
    /* a rule file: taken as checked; the style's bytes as one: not */
    char krav[4200];
    snprintf(krav, sizeof krav, "%s/delarsrapport/krav.xml", templates_dir());
    krav_set *ks = parse_krav_file(krav, "/nonexistent/krav.rng", NULL, dl);
    CHECK(ks != NULL);
    CHECK_INT(diag_count(dl), 0);
    krav_free(ks);
    CHECK(parse_krav_file(path, "/nonexistent/krav.rng", NULL, dl) == NULL);
    CHECK(diag_count(dl) > 0);
    diag_list_free(dl);
    arena_free(a);
    /* the documents' schema: the shipped bytes give the copy without
     * annotations, one byte more gives nothing */
    char rng[4200];
    snprintf(rng, sizeof rng, "%s/schema/rapport.rng", templates_dir());
    static char whole[1 << 17];
    f = fopen(rng, "rb");
    n = f ? fread(whole, 1, sizeof whole - 1, f) : 0;
    if (f)
        fclose(f);
    CHECK(n > 0);
    size_t blen = 0;
    const char *bare = shipped_rapport_schema(whole, n, &blen);
    CHECK(bare != NULL);
    CHECK(bare && blen > 0 && blen < n);
    CHECK(bare && !has_bytes(bare, blen, "documentation"));
    CHECK(bare && has_bytes(bare, blen, "<define name=\"rapport\">"));
    whole[n] = '\n';
    CHECK(shipped_rapport_schema(whole, n + 1, &blen) == NULL);
}
