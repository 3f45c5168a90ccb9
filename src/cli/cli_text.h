/* cli_text.h: formatted catalog texts for the command-line front. */
#ifndef ARSRAPPORT_CLI_TEXT_H
#define ARSRAPPORT_CLI_TEXT_H

#include <stdarg.h>
#include <stdio.h>

#include "../common/msg.h"

/* Formats catalog entry key into a rotating static buffer (valid until the
 * fourth following call). */
static inline const char *cli_text(msg_lang lang, msg_key key, ...)
{
    static char bufs[4][8192];
    static int next;
    char *b = bufs[next];
    next = (next + 1) % 4;
    va_list ap;
    va_start(ap, key);
    vsnprintf(b, sizeof bufs[0], msg_text(lang, key), ap);
    va_end(ap);
    return b;
}

/* s as a JSON string literal (quotes and escapes) on out. */
static inline void cli_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

#endif
