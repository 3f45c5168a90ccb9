/*
 * xmlerr.h: libxml2's errors told in the user's language (internal to
 * src/parse). libxml2 writes its messages in English; a message of ours
 * must never carry them, so every error is described from its code and
 * the names it carries (str1, str2, the node), never from e->message.
 */
#ifndef ARSRAPPORT_XMLERR_H
#define ARSRAPPORT_XMLERR_H

#include <libxml/xmlerror.h>
#include <stdbool.h>
#include <stddef.h>

#include "../common/msg.h"

/* A description of e in lang, written into out (n bytes, always
 * NUL-terminated); codes without a text of their own get a general one
 * with the code's number. Allocates nothing. */
void xmlerr_text(const xmlError *e, msg_lang lang, char *out, size_t n);

/* The message for a RelaxNG validity error code whose meaning does not
 * depend on what is being read (a document, a style or a rule file): an
 * unexpected or missing element, bad content or attributes, namespaces,
 * duplicate ids. False for the codes each reader words itself. */
bool xmlerr_relaxng_key(int code, msg_key *key);

#endif
