/*
 * image.h: PNG and JPEG files checked before anything else sees them.
 *
 * libharu 2.3.0 must never read an image file itself: a truncated PNG
 * makes its libpng abort the process, an interlaced one leads to a double
 * free, and a broken JPEG is accepted silently (architecture.md). So every
 * image goes through image_load first: a PNG is decoded here with libpng
 * (this file's .c is the only place that includes it) into 8-bit RGB
 * pixels and a separate 8-bit alpha plane, and a JPEG has its markers
 * walked and its dimensions read, its bytes kept as they are for the PDF's
 * DCTDecode. Anything wrong is a diagnostic naming the file, never a crash.
 *
 * Paths. An image path is relative to the folder of the document that
 * names it. Absolute paths and paths with a ".." component are refused
 * (BILD-02): a document may use the files beside it and below it, nothing
 * else (issue 10 will decide the rules for file access in full).
 *
 * Memory: an image and its pixels live in the arena passed in.
 */
#ifndef ARSRAPPORT_IMAGE_H
#define ARSRAPPORT_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../common/pathpolicy.h"
#include "../model/model.h"

/* Limits: larger files and images are refused (BILD-05). */
#define IMAGE_MAX_SIDE 10000u               /* pixels, width and height */
#define IMAGE_MAX_PIXELS 50000000u          /* width × height */
#define IMAGE_MAX_BYTES (64u * 1024 * 1024) /* file size */

typedef enum { IMAGE_PNG, IMAGE_JPEG } image_format;

typedef struct image {
    image_format format;
    uint32_t width, height; /* pixels */
    /* PNG: 3 (rgb holds the pixels); JPEG: 1 (gray), 3 (YCbCr/RGB) or 4
     * (CMYK) components */
    int components;
    /* PNG: width × height × 3 bytes of 8-bit RGB, rows top to bottom; and
     * width × height bytes of 8-bit alpha, or NULL when every pixel is
     * opaque */
    const unsigned char *rgb, *alpha;
    /* JPEG: the whole file, markers verified */
    const unsigned char *data;
    size_t size;
    const char *path; /* as the document wrote it */
} image;

/* The image at path (a file name used as is: resolve it first with
 * image_resolve). name is how diagnostics name the file (the path as the
 * document wrote it). Returns NULL, after adding an error at file:line:col
 * to dl, when the file cannot be read, is not a PNG or JPEG, is broken or
 * truncated, or too large. Never aborts. */
const image *image_load(const char *path, const char *name, arena *a,
                        diag_list *dl, const char *file, uint32_t line,
                        uint32_t col);

/* The file name of the image fil named by a document in folder dir
 * ("dir/fil"), in a; NULL, after adding an error (BILD-02) at
 * file:line:col, when fil is absolute or climbs out of dir with "..", or
 * leads outside dir and the folders pp allows (NULL: none). */
const char *image_resolve(const path_policy *pp, const char *dir,
                          const char *fil, arena *a, diag_list *dl,
                          const char *file, uint32_t line, uint32_t col);

/* Images loaded once per document, by the path the document wrote. */
typedef struct image_cache image_cache;
/* A new, empty cache living in a; images are read where pp allows (NULL:
 * the document's folder and below only). */
image_cache *image_cache_new(arena *a, const path_policy *pp);
/* The image fil of document d (relative to its folder), loaded and checked
 * on first use; NULL when it cannot be used, with an error added at
 * doc_path(d):line:col to dl the first time only. */
const image *image_cache_get(image_cache *ic, const doc *d, const char *fil,
                             diag_list *dl, uint32_t line, uint32_t col);

/* Loads every image the document uses (each bild, the metadata's logo)
 * into ic, adding an error for each one that cannot be used, so that
 * `check` finds broken images and `build` refuses them before layout. */
void image_check_document(doc *d, image_cache *ic, diag_list *dl);

#endif
