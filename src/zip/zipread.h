/*
 * zipread.h: reading zip containers (Word, OpenDocument, XLSX, ODS files)
 * without trusting them. The only folder that includes libzip; no libzip
 * type appears here.
 *
 * Limits are checked before anything is expanded (from the central
 * directory: entry count, declared sizes, the declared compression ratio,
 * entry names, encryption) and again while an entry is expanded (the bytes
 * actually produced, against the declared size, the entry limit, the
 * archive's running total and the ratio), so a zip bomb that lies about its
 * sizes is stopped after at most one chunk past a limit. Failures come back
 * as a zipread_status that callers turn into diagnostics of their own.
 * libzip is loaded when the first archive is opened (zipread.c); when it
 * cannot be, opening fails with ZIPREAD_ERR_OPEN and ELIBACC.
 */
#ifndef ARSRAPPORT_ZIPREAD_H
#define ARSRAPPORT_ZIPREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    ZIPREAD_OK = 0,
    ZIPREAD_ERR_OPEN,            /* the file cannot be opened or read (errno) */
    ZIPREAD_ERR_NOT_ZIP,         /* no zip archive at all */
    ZIPREAD_ERR_CORRUPT,         /* damaged or truncated: bad directory, CRC,
                                    an entry shorter or longer than declared */
    ZIPREAD_ERR_ARCHIVE_TOO_BIG, /* the container itself is too large */
    ZIPREAD_ERR_TOO_MANY_ENTRIES, /* more entries than the limit */
    ZIPREAD_ERR_ENTRY_TOO_BIG,    /* one entry expands past its limit */
    ZIPREAD_ERR_TOTAL_TOO_BIG,    /* all entries together expand too far */
    ZIPREAD_ERR_RATIO,            /* expands too many times its packed size */
    ZIPREAD_ERR_BAD_NAME,    /* a name that climbs out (..), is absolute, has a
                                backslash, a drive letter, a control character,
                                or appears twice */
    ZIPREAD_ERR_ENCRYPTED,   /* an entry is password-protected */
    ZIPREAD_ERR_UNSUPPORTED, /* a compression method libzip cannot expand */
    ZIPREAD_ERR_NOT_FOUND    /* no entry of that name */
} zipread_status;

typedef struct {
    size_t max_archive;  /* bytes of the container file */
    size_t max_entries;  /* entries in the central directory */
    uint64_t max_entry;  /* expanded bytes of one entry */
    uint64_t max_total;  /* expanded bytes of all entries together */
    uint32_t max_ratio;  /* expanded / packed size, checked for ... */
    uint64_t ratio_from; /* ... entries expanding past this many bytes */
} zipread_limits;

/* What failed, and in which entry (empty when none). */
typedef struct {
    zipread_status status;
    int sys_errno;   /* for ZIPREAD_ERR_OPEN, else 0 */
    char entry[256]; /* the entry's name, cut to fit; control characters
                        as '?' */
} zipread_error;

typedef struct zipread zipread;

/* The defaults: 128 MiB container, 10 000 entries, 64 MiB an entry,
 * 256 MiB in all, a ratio of 200 from 1 MiB on. */
void zipread_default_limits(zipread_limits *l);

/* Opens the zip file at path, checks its central directory against lim
 * (NULL: the defaults) and every entry's name and encryption. NULL with the
 * reason in *err when anything fails; free a result with zipread_close. */
zipread *zipread_open_file(const char *path, const zipread_limits *lim,
                           zipread_error *err);
/* The same for len bytes at data; they are not copied and must outlive the
 * result. */
zipread *zipread_open_memory(const void *data, size_t len,
                             const zipread_limits *lim, zipread_error *err);
/* Closes z (NULL is ok). Buffers returned by zipread_read stay valid. */
void zipread_close(zipread *z);

/* The number of entries (directories included). */
size_t zipread_count(const zipread *z);
/* The name of entry i (i < zipread_count), owned by z. */
const char *zipread_name(const zipread *z, size_t i);
/* The declared expanded size of entry i. */
uint64_t zipread_size(const zipread *z, size_t i);
/* The index of the entry named name (exact match), or -1. */
long zipread_find(const zipread *z, const char *name);

/* Expands entry i into a malloc'd buffer (free it) with a NUL byte after
 * its *len bytes. NULL with the reason in *err when a limit is reached or
 * the entry is damaged; nothing is returned partially. */
unsigned char *zipread_read(zipread *z, size_t i, size_t *len,
                            zipread_error *err);
/* The same by name: ZIPREAD_ERR_NOT_FOUND when there is no such entry. */
unsigned char *zipread_read_name(zipread *z, const char *name, size_t *len,
                                 zipread_error *err);

/* The library loaded when an archive is opened (Debian's libzip4). */
#define ZIPREAD_LIBRARY "libzip.so.4"
/* The version of that library ("1.7.3"), or NULL when it cannot be
 * loaded. */
const char *zipread_library_version(void);

/* The enum's name, for tests and logs (not for users: callers word their
 * own messages). */
const char *zipread_status_name(zipread_status s);

#endif
