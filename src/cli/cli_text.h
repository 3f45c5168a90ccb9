/* cli_text.h: formatted catalog texts for the command-line front. */
#ifndef ARSRAPPORT_CLI_TEXT_H
#define ARSRAPPORT_CLI_TEXT_H

#include <stdarg.h>
#include <stdio.h>

#include "../common/msg.h"

#define CLI_TEXT_MAX 8192

/* Formats catalog entry key into buf (n bytes, always NUL-terminated,
 * cut if longer); returns buf. */
static inline const char *cli_format(char *buf, size_t n, msg_lang lang,
                                     msg_key key, ...)
{
    va_list ap;
    va_start(ap, key);
    vsnprintf(buf, n, msg_text(lang, key), ap);
    va_end(ap);
    return buf;
}

/* cli_text(lang, key, ...): the same into a buffer of its own that lives
 * until the end of the enclosing block (a compound literal), for a text
 * used at once; no state is shared between calls. A text kept beyond the
 * block is formatted with cli_format into the caller's buffer. */
#define cli_text(lang, ...)                                                    \
    cli_format((char[CLI_TEXT_MAX]){0}, CLI_TEXT_MAX, lang, __VA_ARGS__)

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
