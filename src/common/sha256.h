/*
 * sha256.h: SHA-256 (FIPS 180-4), for recognising the files the program
 * ships by their exact bytes (src/parse/shipped.c).
 */
#ifndef ARSRAPPORT_SHA256_H
#define ARSRAPPORT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32

/* The digest of the size bytes at data into out. */
void sha256(const void *data, size_t size, uint8_t out[SHA256_BYTES]);

#endif
