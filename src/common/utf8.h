/*
 * utf8.h: small UTF-8 helpers shared by every stage.
 */
#ifndef ARSRAPPORT_UTF8_H
#define ARSRAPPORT_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID 0xFFFDu

/* Decodes the code point at *s (at most end - *s bytes) and advances *s.
 * Malformed input gives U+FFFD and advances by one byte. */
uint32_t utf8_next(const char **s, const char *end);
/* Writes cp as UTF-8 into out (4 bytes room); returns the byte count. */
int utf8_encode(uint32_t cp, char *out);
/* True when the n bytes at s are well-formed UTF-8 without NUL. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in s. */
size_t utf8_length(const char *s);
/* True for the white space the layout collapses (not no-break spaces). */
bool utf8_is_space(uint32_t cp);

#endif
