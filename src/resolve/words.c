/*
 * words.c: the table of words.def (resolve.h).
 */
#include "resolve.h"

#include <string.h>

static const char *const words[WORD_COUNT][2] = {
#define W(key, sv, en) [key] = {sv, en},
#include "words.def"
#undef W
};

doc_language resolve_language(const char *xml_lang)
{
    if (xml_lang && strncmp(xml_lang, "en", 2) == 0 &&
        (xml_lang[2] == '\0' || xml_lang[2] == '-' || xml_lang[2] == '_'))
        return DOC_LANG_EN;
    return DOC_LANG_SV;
}

const char *resolve_word(doc_language l, word_key key)
{
    return key < WORD_COUNT ? words[key][l == DOC_LANG_EN ? 1 : 0] : "";
}

const char *resolve_month(doc_language l, int m)
{
    if (m < 1 || m > 12)
        return NULL;
    return resolve_word(l, (word_key)(WORD_JANUARY + m - 1));
}
