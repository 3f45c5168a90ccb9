/*
 * typo.c: Swedish typographic characters in running text (resolve stage).
 *
 * Authors type on keyboards that give straight quotes, a hyphen for every
 * dash and three periods for an ellipsis. The resolve stage sets every
 * text node of the document, and every text it generates from the
 * author's words (metadata, captions, chart labels, a draft's problems),
 * the way Svenska skrivregler (Språkrådet) and TNC's typographic rules
 * ask, once, for every output:
 *
 *   "ord"   -> ”ord”   Swedish uses the right double quote U+201D on both
 *                      sides (not „…“ or “…”), so no open/close guess
 *                      is needed and a quote split from its word by
 *                      markup (<stycke>"<fet>Ordet</fet>"</stycke>) comes
 *                      out right;
 *   'ord', it's -> ’ord’, it’s   U+2019 on both sides and as apostrophe;
 *   ord - ord -> ord – ord   a hyphen with a space on both sides between
 *                      words is a dash: the en dash U+2013 with its
 *                      spaces kept (the Swedish spaced dash), the space
 *                      before it made a no-break space U+00A0 so that the
 *                      dash never starts a line;
 *   ...     -> …       exactly three periods become U+2026.
 *
 * Left alone: a hyphen without spaces ("covid-19", "Social- och", the
 * range "2023-2024", which the TYPO-03 lint reports instead), abbreviation
 * periods ("t.ex."), other runs of periods ("..", a table's "uppgift
 * saknas"), and every word that is a URL or an e-mail address (contains
 * "://", starts with "www." or has an '@' followed by a '.'), where the
 * characters are part of an address. Table number cells reach layout
 * already formatted (digits, no-break spaces, U+2212, "–", ".."), which
 * none of these rules change.
 *
 * The conversion is stateful across the pieces of one block: the last two
 * code points given out are kept in a typo_state, so that "ord <fet>-
 * ord</fet>" is seen as a spaced hyphen; then the space that ended the
 * piece before must become a no-break space too, which the caller does
 * (typo_convert says so). A state starts afresh with every block (a
 * paragraph, a heading, a list item, a table cell, a caption, a
 * footnote, a source note). The text is already in NFC (the parse stage
 * normalises every text node, attribute and metadata field), so no composed
 * form of a quote or dash can hide from these rules.
 */
#include <string.h>

#include "../common/utf8.h"
#include "typo.h"

static bool is_word_char(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* What may end the word before a spaced dash: a letter or digit, or
 * punctuation that closes a word ("slut.", "(se ovan)", "”citat”"). */
static bool ends_word(uint32_t cp)
{
    return is_word_char(cp) ||
           (cp > 0 && cp < 0x80 && strchr(".,;:!?)]%", (int)cp)) ||
           cp == 0x201D || cp == 0x2019 || cp == 0x2026 || cp == 0xBB;
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
}

/* The end of the address that the word starting at s (up to the next
 * space) is, or s when it is none. Trailing punctuation is not part of the
 * address ("se https://x.se/a." or "\"www.x.se\""), as autolinkers have it. */
static const char *address_end(const char *s, const char *end)
{
    const char *e = s;
    while (e < end && !is_space((unsigned char)*e))
        e++;
    size_t n = (size_t)(e - s);
    bool address =
        n >= 4 && (memcmp(s, "www.", 4) == 0 || memcmp(s, "WWW.", 4) == 0);
    const char *at = NULL;
    for (const char *p = s; p < e && !address; p++) {
        if (p + 3 <= e && memcmp(p, "://", 3) == 0)
            address = true;
        if (*p == '@')
            at = p;
        if (at && *p == '.' && p > at + 1)
            address = true;
    }
    if (!address)
        return s;
    while (e > s && strchr(".,;:!?)\"'", e[-1]))
        e--;
    return e;
}

static void remember(typo_state *ts, uint32_t cp)
{
    ts->prev[1] = ts->prev[0];
    ts->prev[0] = cp;
}

const char *typo_convert(arena *a, typo_state *ts, const char *s,
                         bool *tie_before)
{
    if (tie_before)
        *tie_before = false;
    size_t len = strlen(s);
    const char *end = s + len;
    /* the usual case, most text nodes: nothing to convert (a hyphen only
     * matters after a space, and only the last two code points are kept
     * as context) */
    if (len == 0)
        return s;
    if (!strpbrk(s, "\"'.-") ||
        (!memchr(s, '"', len) && !memchr(s, '\'', len) && s[0] != '-' &&
         !strstr(s, " -") && !strstr(s, "\xC2\xA0-") && !strstr(s, "..."))) {
        const char *p = end;
        for (int k = 0; k < 2 && p > s; k++) /* back over UTF-8 sequences */
            while (--p > s && ((unsigned char)*p & 0xC0) == 0x80)
                ;
        while (p < end)
            remember(ts, utf8_next(&p, end));
        return s;
    }
    /* at most three bytes out for each byte in (" -> U+201D) */
    char *out = arena_alloc(a, 3 * len + 1);
    size_t o = 0;
    const char *p = s;
    const char *addr_end = s; /* the address being copied ends here */
    while (p < end) {
        if (ts->prev[0] == 0 || is_space(ts->prev[0]))
            addr_end = address_end(p, end);
        const char *at = p;
        uint32_t cp = utf8_next(&p, end);
        uint32_t out_cp = cp;
        if (at < addr_end || is_space(cp)) {
            /* as typed */
        } else if (cp == '"') {
            out_cp = 0x201D;
        } else if (cp == '\'') {
            out_cp = 0x2019;
        } else if (cp == '-' &&
                   (is_space(ts->prev[0]) || ts->prev[0] == 0xA0) &&
                   ends_word(ts->prev[1]) && p < end && *p == ' ') {
            /* a spaced hyphen between words: an en dash held to the word
             * before it by a no-break space */
            out_cp = 0x2013;
            if (o > 0 && out[o - 1] == ' ') {
                o--;
                o += (size_t)utf8_encode(0xA0, out + o);
            } else if (ts->prev[0] == ' ' && tie_before) {
                *tie_before = true; /* the last byte of the piece before */
            }
        } else if (cp == '.' && end - at >= 3 && at[1] == '.' && at[2] == '.' &&
                   ts->prev[0] != '.' && (end - at == 3 || at[3] != '.')) {
            out_cp = 0x2026;
            p = at + 3;
        }
        if (out_cp == cp) {
            memcpy(out + o, at, (size_t)(p - at));
            o += (size_t)(p - at);
        } else {
            o += (size_t)utf8_encode(out_cp, out + o);
        }
        remember(ts, out_cp);
    }
    out[o] = '\0';
    /* nothing changed after all ("-5", "t.ex."): the text itself */
    return o == len && memcmp(out, s, len) == 0 ? s : out;
}
