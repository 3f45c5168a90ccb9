/*
 * resolve.h: the words the tool writes into a report, in the document's
 * language.
 *
 * The first part of the resolve stage (architecture.md): every generated
 * word of a report ("Tabell 3.", "se avsnitt 2.1", "Sida 1 av 5",
 * "Innehåll", month names in dates) comes from the table in words.def,
 * chosen by the document's xml:lang, never by --lang (which chooses the
 * language of diagnostics and help only). Later outputs (the web edition)
 * read the same table.
 */
#ifndef ARSRAPPORT_RESOLVE_H
#define ARSRAPPORT_RESOLVE_H

/* The languages a report can be written in. */
typedef enum { DOC_LANG_SV, DOC_LANG_EN } doc_language;

/* The language of a document whose root says xml:lang (NULL: none):
 * English for "en" and its regional forms ("en-GB"), Swedish otherwise
 * (the format's default, format.md). */
doc_language resolve_language(const char *xml_lang);

typedef enum {
#define W(key, sv, en) key,
#include "words.def"
#undef W
    WORD_COUNT
} word_key;

/* The word key in language l (a static string; the format strings take
 * the arguments their use in words.def shows). */
const char *resolve_word(doc_language l, word_key key);

/* The name of month m (1-12), lower case in Swedish ("september"),
 * capitalised in English ("September"); NULL outside 1-12. */
const char *resolve_month(doc_language l, int m);

#endif
