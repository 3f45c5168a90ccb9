/*
 * msg.c: lookup in the message catalog.
 */
#include "msg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const texts[MSG_COUNT][2] = {
#define X(key, sv, en) [key] = {sv, en},
#include "msg_catalog.def"
#undef X
};

const char *msg_text(msg_lang lang, msg_key key)
{
    if ((unsigned)key >= MSG_COUNT)
        return "?";
    return texts[key][lang == LANG_EN ? 1 : 0];
}

msg_lang msg_lang_from_env(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "en", 2) == 0 ? LANG_EN : LANG_SV;
    }
    return LANG_SV;
}

const char *msg_errno(msg_lang lang, int err)
{
    switch (err) {
    case ENOENT:
        return msg_text(lang, MSG_ERRNO_ENOENT);
    case EACCES:
    case EPERM:
        return msg_text(lang, MSG_ERRNO_EACCES);
    case EISDIR:
        return msg_text(lang, MSG_ERRNO_EISDIR);
    case ENOSPC:
    case EDQUOT:
        return msg_text(lang, MSG_ERRNO_ENOSPC);
    case EFBIG:
        return msg_text(lang, MSG_ERRNO_EFBIG);
    case EIO:
        return msg_text(lang, MSG_ERRNO_EIO);
    case EROFS:
        return msg_text(lang, MSG_ERRNO_EROFS);
    default:
        return strerror(err);
    }
}
