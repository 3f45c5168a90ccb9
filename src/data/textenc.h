/*
 * textenc.h: the character encodings Swedish ekonomisystem export text in.
 *
 * CSV and SIE files come as UTF-8 (with or without a byte order mark),
 * Windows-1252 (Excel's "CSV (semikolonavgränsad)"), or the DOS code pages
 * CP437 and CP850 (SIE's "#FORMAT PC8", older exports). These turn such
 * bytes into UTF-8 and guess which one a file is in. No library: the three
 * code pages are tables of 128 code points.
 */
#ifndef ARSRAPPORT_TEXTENC_H
#define ARSRAPPORT_TEXTENC_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    TEXTENC_AUTO = 0, /* detect */
    TEXTENC_UTF8,
    TEXTENC_CP1252,
    TEXTENC_CP437,
    TEXTENC_CP850
} textenc;

/* The encoding named by a kodning attribute ("utf-8", "windows-1252",
 * "cp1252", "latin1", "cp437", "pc8", "cp850", "ibm850", any case);
 * false for a name it does not know. */
bool textenc_from_name(const char *name, textenc *out);
/* A name for messages ("UTF-8", "Windows-1252", "CP437", "CP850"). */
const char *textenc_name(textenc e);

/* The encoding of bytes b[0..n): UTF-8 when they have a UTF-8 byte order
 * mark or are valid UTF-8; else Windows-1252 or CP437, whichever makes
 * more Swedish letters (å ä ö Å Ä Ö é) of the bytes above 0x7F. */
textenc textenc_detect(const unsigned char *b, size_t n);

/* Converts b[0..n) from e (not TEXTENC_AUTO) to UTF-8, NUL-terminated,
 * a UTF-8 byte order mark dropped, in malloc'ed memory the caller frees;
 * *outlen receives its length. NULL when the bytes are not valid in e (a
 * UTF-8 sequence that is broken, a NUL byte, a Windows-1252 byte with no
 * character): *bad_off then holds the offset of the first bad byte. */
char *textenc_to_utf8(const unsigned char *b, size_t n, textenc e,
                      size_t *outlen, size_t *bad_off);

#endif
