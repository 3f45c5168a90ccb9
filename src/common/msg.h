/*
 * msg.h: every user-facing text in Swedish and English.
 *
 * The catalog lives in msg_catalog.def as X(KEY, "svenska", "English")
 * entries; both formats of one entry take the same printf arguments in the
 * same order.
 */
#ifndef ARSRAPPORT_MSG_H
#define ARSRAPPORT_MSG_H

typedef enum { LANG_SV = 0, LANG_EN = 1 } msg_lang;

typedef enum {
#define X(key, sv, en) key,
#include "msg_catalog.def"
#undef X
    MSG_COUNT
} msg_key;

/* The format string of key in lang. Never NULL. */
const char *msg_text(msg_lang lang, msg_key key);

/* A system error (errno) as text in lang; common ones are translated,
 * others fall back to strerror. */
const char *msg_errno(msg_lang lang, int err);

/* Language from the environment: English when LANG/LC_ALL/LC_MESSAGES
 * start with "en", Swedish otherwise. */
msg_lang msg_lang_from_env(void);

#endif
