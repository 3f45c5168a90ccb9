/*
 * strbuf.h: a growing string, for the outputs and importers that write
 * text (the web edition, the XML an import writes).
 *
 * Zero-initialise a strbuf; it owns its memory (s, NUL-terminated once
 * anything was added; NULL while empty) until strbuf_free or until the
 * caller takes s. Out of memory aborts (arena.h's xrealloc).
 */
#ifndef ARSRAPPORT_STRBUF_H
#define ARSRAPPORT_STRBUF_H

#include <stddef.h>

typedef struct {
    char *s;
    size_t n, cap;
} strbuf;

/* Appends the n bytes at p. */
void strbuf_put_n(strbuf *b, const char *p, size_t n);
/* Appends the string p. */
void strbuf_put(strbuf *b, const char *p);
/* Appends the printf-formatted text. */
void strbuf_printf(strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The string so far ("" when empty), owned by b. */
const char *strbuf_str(const strbuf *b);
void strbuf_free(strbuf *b);

#endif
