/*
 * pathpolicy.h: which files a document may make the tool read.
 *
 * A document names files (bild fil, metadata logga). It may only reach
 * files in its own folder and below, plus folders the user allows
 * explicitly (--tillat-sokvag / --allow-path). The check resolves the
 * path with realpath(3), so a symbolic link inside the folder that points
 * outside it is refused as well as "..". Templates, styles and fonts are
 * chosen by the user, not by the document, and are not checked here.
 *
 * A policy holds the allowed folders; the engine owns one, set from its
 * configuration before any document is read and only read afterwards.
 * A NULL policy allows nothing beyond the document's own folder.
 */
#ifndef ARSRAPPORT_PATHPOLICY_H
#define ARSRAPPORT_PATHPOLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct path_policy path_policy;

/* A policy that allows no folder yet (free with path_policy_free). */
path_policy *path_policy_new(void);
void path_policy_free(path_policy *p);

/* Allows documents to read files under dir. False (errno set) when dir
 * cannot be resolved or is not a folder, or too many are allowed. */
bool path_policy_allow(path_policy *p, const char *dir);

/* True when at least one folder has been allowed. */
bool path_policy_has_allowed(const path_policy *p);
/* Whether a path a document names (an image, a data file) is refused as
 * written, before it is opened: empty; or, unless folders are allowed
 * (then only where it leads counts), absolute or with ".." as any
 * component (one that climbs and comes back down too: simpler to
 * explain). */
bool path_policy_refuses_name(const path_policy *p, const char *fil);

typedef enum {
    PATH_INSIDE,  /* resolved lies in base_dir or an allowed folder */
    PATH_OUTSIDE, /* resolved lies elsewhere */
    PATH_MISSING, /* path cannot be resolved (errno): let opening report */
    PATH_REFUSED  /* refused as written (path_policy_refuses_name) */
} path_verdict;

/* Resolves path (already joined to the document's folder) and tells
 * whether the document may read it. base_dir is the document's folder
 * ("" or NULL: the current folder). resolved (size at least PATH_MAX)
 * receives the resolved path for PATH_INSIDE and PATH_OUTSIDE; open that
 * one, not path, so that a link changed in between is not followed. */
path_verdict path_policy_check(const path_policy *p, const char *base_dir,
                               const char *path, char *resolved, size_t size);

/* fil, a path a document names (an image, a data file, a Kolada file),
 * checked as written, joined to the document's folder dir ("" or NULL: the
 * current folder) and resolved. PATH_INSIDE: *path is the resolved path,
 * the one to open; PATH_MISSING: *path is the joined path, and opening it
 * says why it cannot be read; PATH_OUTSIDE: real (size at least PATH_MAX)
 * says where it leads; PATH_REFUSED: the name itself is refused. *path is
 * allocated in a, or NULL for the last two. */
typedef struct arena arena;
path_verdict path_policy_resolve(const path_policy *p, const char *dir,
                                 const char *fil, arena *a, const char **path,
                                 char *real, size_t size);

/* Opens path for reading when it is a regular file (a folder gives
 * EISDIR). NULL with *irregular set for a FIFO, a device or a socket:
 * reading one would block forever or never end, so it is not even opened
 * for blocking reads (O_NONBLOCK until fstat has said what it is). NULL
 * with errno set when it cannot be opened. */
FILE *open_regular_file(const char *path, bool *irregular);

/* All of f (the caller closes it), in one buffer of the size fstat gives
 * for a regular file (grown while it is not larger than max for what
 * does not say its size, or a file that grew meanwhile): *len > max says
 * the file is larger (at most max + 1 bytes are read then). The buffer is
 * NUL-terminated after *len bytes; the caller frees it. *err is 0, or the errno
 * of a read error (the bytes read so far are still returned). Never NULL: out
 * of memory ends the program. */
char *read_capped(FILE *f, size_t max, size_t *len, int *err);

#endif
