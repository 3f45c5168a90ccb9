/*
 * xmlerr.c: libxml2's errors in Swedish or English (xmlerr.h). Used for
 * the rule and style files (xmlfile.c) and for the rare error of a
 * document that parse.c has no message of its own for.
 */
#include "xmlerr.h"

#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <stdio.h>

static const char *or_q(const xmlChar *s)
{
    return s ? (const char *)s : "?";
}

static const char *or_s(const char *s)
{
    return s ? s : "?";
}

/* The element an error is at, by name. */
static const char *node_name(const xmlError *e)
{
    const xmlNode *n = e->node;
    if (n && (n->type == XML_ELEMENT_NODE || n->type == XML_ATTRIBUTE_NODE))
        return or_q(n->name);
    return or_s(e->str1);
}

bool xmlerr_relaxng_key(int code, msg_key *key)
{
    switch (code) {
    case XML_RELAXNG_ERR_ELEMNAME:
        *key = MSG_SCHEMA_EXPECT_ELEM_GOT;
        return true;
    case XML_RELAXNG_ERR_NOELEM:
        *key = MSG_SCHEMA_MISSING_ELEM;
        return true;
    case XML_RELAXNG_ERR_ATTRVALID:
        *key = MSG_SCHEMA_ATTRS;
        return true;
    case XML_RELAXNG_ERR_CONTENTVALID:
        *key = MSG_SCHEMA_CONTENT;
        return true;
    case XML_RELAXNG_ERR_EXTRACONTENT:
        *key = MSG_SCHEMA_EXTRA;
        return true;
    case XML_RELAXNG_ERR_ELEMWRONG:
        *key = MSG_SCHEMA_UNEXPECTED_ELEM;
        return true;
    case XML_RELAXNG_ERR_ELEMNOTEMPTY:
        *key = MSG_SCHEMA_NOT_EMPTY;
        return true;
    case XML_RELAXNG_ERR_ELEMWRONGNS:
    case XML_RELAXNG_ERR_ELEMNONS:
    case XML_RELAXNG_ERR_ELEMEXTRANS:
        *key = MSG_SCHEMA_NAMESPACE;
        return true;
    case XML_RELAXNG_ERR_DUPID:
        *key = MSG_SCHEMA_DUP_ID;
        return true;
    case XML_RELAXNG_ERR_INTEREXTRA:
        *key = MSG_SCHEMA_EXTRA_INTERLEAVE;
        return true;
    case XML_RELAXNG_ERR_LACKDATA:
        *key = MSG_SCHEMA_LACKDATA;
        return true;
    default:
        return false;
    }
}

void xmlerr_text(const xmlError *e, msg_lang lang, char *out, size_t n)
{
    const char *a = or_s(e->str1), *b = or_s(e->str2);
    msg_key key;
    int num = 0;
    if (e->domain == XML_FROM_RELAXNGV || e->domain == XML_FROM_RELAXNGP) {
        switch (e->code) {
        case XML_RELAXNG_ERR_NOTELEM:
        case XML_RELAXNG_ERR_TEXTWRONG:
            key = MSG_SCHEMA_UNEXPECTED_TEXT;
            a = node_name(e);
            break;
        case XML_RELAXNG_ERR_INVALIDATTR:
            key = MSG_XE_ATTR_NAME;
            break;
        case XML_RELAXNG_ERR_LACKDATA:
            key = MSG_SCHEMA_LACKDATA;
            a = node_name(e);
            break;
        case XML_RELAXNG_ERR_INTERSEQ:
        case XML_RELAXNG_ERR_INTERNODATA:
            key = MSG_XE_ORDER;
            a = node_name(e);
            break;
        case XML_RELAXNG_ERR_DATATYPE:
        case XML_RELAXNG_ERR_TYPEVAL:
        case XML_RELAXNG_ERR_VALUE:
        case XML_RELAXNG_ERR_LIST:
        case XML_RELAXNG_ERR_DATAELEM:
        case XML_RELAXNG_ERR_VALELEM:
        case XML_RELAXNG_ERR_LISTELEM:
        case XML_RELAXNG_ERR_EXTRADATA:
            key = MSG_XE_DATATYPE;
            a = node_name(e);
            break;
        default:
            if (xmlerr_relaxng_key(e->code, &key))
                break;
            /* NOSTATE ("Internal error: no state"), INTERNAL and the
             * rest: the element and the code, never the English text */
            key = MSG_XE_NOT_VALID;
            a = node_name(e);
            num = e->code;
            break;
        }
        if (key == MSG_XE_NOT_VALID)
            snprintf(out, n, msg_text(lang, key), a, num);
        else
            snprintf(out, n, msg_text(lang, key), a, b);
        return;
    }
    switch (e->code) {
    case XML_ERR_GT_REQUIRED:
        key = MSG_XE_GT;
        break;
    case XML_ERR_LT_IN_ATTRIBUTE:
        key = MSG_XE_LT_ATTR;
        break;
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_STRING_NOT_STARTED:
    case XML_ERR_STRING_NOT_CLOSED:
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
        key = MSG_XE_ATTR_QUOTE;
        break;
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
        key = MSG_XE_ATTR_VALUE;
        break;
    case XML_ERR_NAME_REQUIRED:
        key = MSG_XE_NAME;
        break;
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
        key = MSG_XE_SEMICOLON;
        break;
    case XML_ERR_EQUAL_REQUIRED:
        key = MSG_XE_EQUAL;
        break;
    case XML_ERR_COMMENT_NOT_FINISHED:
        key = MSG_XE_COMMENT;
        break;
    case XML_ERR_PI_NOT_FINISHED:
        key = MSG_XE_PI;
        break;
    case XML_ERR_TAG_NAME_MISMATCH:
        key = MSG_XE_TAG_MISMATCH;
        /* libxml2: str1 the start tag's name, str2 the end tag's */
        snprintf(out, n, msg_text(lang, key), b, a);
        return;
    case XML_ERR_TAG_NOT_FINISHED:
        key = MSG_XE_NOT_FINISHED;
        break;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        key = MSG_XE_ENTITY;
        break;
    case XML_ERR_ATTRIBUTE_REDEFINED:
        key = MSG_XE_ATTR_TWICE;
        break;
    case XML_ERR_DOCUMENT_EMPTY:
        key = MSG_XE_EMPTY;
        break;
    case XML_ERR_DOCUMENT_END:
        key = MSG_XE_EXTRA;
        break;
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_CHARREF:
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
        key = MSG_XE_CHAR;
        break;
    default:
        snprintf(out, n, msg_text(lang, MSG_XE_WELLFORMED), e->code);
        return;
    }
    snprintf(out, n, msg_text(lang, key), a, b);
}
