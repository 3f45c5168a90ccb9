/*
 * kolada_json.h: what the two halves of src/kolada (kolada_fetch.c, which
 * asks Kolada's API and writes the file, and kolada_expand.c, which reads
 * the file into a document's tables) share in reading JSON. Internal to
 * src/kolada, the one folder that includes json-c.
 */
#ifndef ARSRAPPORT_KOLADA_JSON_H
#define ARSRAPPORT_KOLADA_JSON_H

#include <json-c/json.h>
#include <stddef.h>

#include "../common/msg.h"

/* A string member of o: NULL when absent, not a string, longer than max
 * bytes, holding a NUL or not UTF-8. The string belongs to o. */
const char *kolada_str_member(json_object *o, const char *key, size_t max);

/* buf[0, len) parsed as one JSON value nested at most depth levels deep
 * (white space may follow it). NULL when it is not: why (n bytes) then
 * says what is wrong in lang, never in json-c's English, with byte
 * positions counted from 1. The caller puts the value. */
json_object *kolada_json_parse(const char *buf, size_t len, int depth,
                               msg_lang lang, char *why, size_t n);

#endif
