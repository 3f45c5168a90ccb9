/*
 * pdfread.h: reads back, for the tests, what pdf_objstm_pack writes:
 * inflating, and the file with its object streams' contents appended so
 * that a test can look for an object's text.
 */
#ifndef ARSRAPPORT_PDFREAD_H
#define ARSRAPPORT_PDFREAD_H

#include <stdbool.h>
#include <stddef.h>

/* zlib data z[0..zn) into a new malloc'd *out; false if it is not. */
bool pdfread_inflate(const unsigned char *z, size_t zn, unsigned char **out,
                     size_t *outn);

/* A malloc'd copy of b followed by the inflated contents of every
 * /Type /ObjStm stream (a direct /Length) in it. */
unsigned char *pdfread_expand(const unsigned char *b, size_t n, size_t *outn);

/* The first occurrence of s in b[0..n), or NULL. */
const unsigned char *pdfread_find(const unsigned char *b, size_t n,
                                  const char *s);

#endif
