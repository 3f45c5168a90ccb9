/*
 * zipbuild.h: zip archives made in memory for the unit tests (no binary
 * fixtures): stored or deflated entries (zlib), and the lies a hostile
 * archive tells: an encryption flag, a declared size other than the real
 * one.
 */
#ifndef ARSRAPPORT_ZIPBUILD_H
#define ARSRAPPORT_ZIPBUILD_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *name;
    const void *data;
    size_t len;
    bool deflate;    /* else stored */
    bool encrypted;  /* sets the "encrypted" flag (the data stays plain) */
    long long claim; /* declared expanded size; <0: the real one */
} zb_entry;

/* The archive of n entries, malloc'd (free it), *out_len bytes. */
unsigned char *zb_build(const zb_entry *e, size_t n, size_t *out_len);

#endif
