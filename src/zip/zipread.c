/*
 * zipread.c: the zip container behind Word, OpenDocument and spreadsheet
 * files, read through libzip with every limit checked by us (zipread.h).
 *
 * Opening reads only the central directory (ZIP_CHECKCONS: it must agree
 * with the local headers, which catches most truncated files) and refuses
 * the archive as a whole when it has too many entries, declares more bytes
 * in all than the total limit, holds an encrypted entry or a name that could
 * climb out of a folder if anyone ever extracted it (zip slip). Reading an
 * entry checks its declared size and ratio first and then counts the bytes
 * libzip actually produces, chunk by chunk, so an archive whose directory
 * lies is stopped too; an entry that comes out shorter or longer than
 * declared is damaged. libzip checks each entry's CRC at its end.
 *
 * libzip is loaded (dlopen) when an archive is opened, not linked: linked,
 * it brought libcrypto, libbz2 and their start-up (6.6 M instructions,
 * about 2 ms) into every process, and most builds open no archive
 * (issue 25). The functions used are looked up by name in Debian's
 * libzip.so.4 (ZIPREAD_LIBRARY); the header gives their types. The
 * library stays loaded once opened (RTLD_NODELETE), so later archives
 * find it at once.
 */
#define _GNU_SOURCE /* RTLD_NODELETE */
#include "zipread.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "../common/arena.h"
#include "../common/dynsym.h"

#define CHUNK 65536

/* The libzip functions this file uses, looked up in the loaded library. */
typedef struct {
    void *lib;
    zip_t *(*open)(const char *, int, int *);
    zip_t *(*open_from_source)(zip_source_t *, int, zip_error_t *);
    zip_source_t *(*source_buffer_create)(const void *, zip_uint64_t, int,
                                          zip_error_t *);
    void (*source_free)(zip_source_t *);
    void (*discard)(zip_t *);
    zip_int64_t (*get_num_entries)(zip_t *, zip_flags_t);
    void (*stat_init)(zip_stat_t *);
    int (*stat_index)(zip_t *, zip_uint64_t, zip_flags_t, zip_stat_t *);
    zip_file_t *(*fopen_index)(zip_t *, zip_uint64_t, zip_flags_t);
    zip_int64_t (*fread)(zip_file_t *, void *, zip_uint64_t);
    int (*fclose)(zip_file_t *);
    zip_error_t *(*get_error)(zip_t *);
    zip_error_t *(*file_get_error)(zip_file_t *);
    int (*error_code_zip)(const zip_error_t *);
    void (*error_init)(zip_error_t *);
    void (*error_fini)(zip_error_t *);
    const char *(*libzip_version)(void);
} zipfn;

/* Loads libzip into *f; false when it cannot be loaded or lacks a
 * function (a broken installation: the package depends on libzip4). */
static bool zipfn_load(zipfn *f)
{
    memset(f, 0, sizeof *f);
    f->lib = dlopen(ZIPREAD_LIBRARY, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!f->lib)
        return false;
    if (!DYNSYM(f, open, "zip_open") ||
        !DYNSYM(f, open_from_source, "zip_open_from_source") ||
        !DYNSYM(f, source_buffer_create, "zip_source_buffer_create") ||
        !DYNSYM(f, source_free, "zip_source_free") ||
        !DYNSYM(f, discard, "zip_discard") ||
        !DYNSYM(f, get_num_entries, "zip_get_num_entries") ||
        !DYNSYM(f, stat_init, "zip_stat_init") ||
        !DYNSYM(f, stat_index, "zip_stat_index") ||
        !DYNSYM(f, fopen_index, "zip_fopen_index") ||
        !DYNSYM(f, fread, "zip_fread") || !DYNSYM(f, fclose, "zip_fclose") ||
        !DYNSYM(f, get_error, "zip_get_error") ||
        !DYNSYM(f, file_get_error, "zip_file_get_error") ||
        !DYNSYM(f, error_code_zip, "zip_error_code_zip") ||
        !DYNSYM(f, error_init, "zip_error_init") ||
        !DYNSYM(f, error_fini, "zip_error_fini") ||
        !DYNSYM(f, libzip_version, "zip_libzip_version")) {
        dlclose(f->lib);
        f->lib = NULL;
        return false;
    }
    return true;
}

const char *zipread_library_version(void)
{
    zipfn f;
    if (!zipfn_load(&f))
        return NULL;
    const char *v = f.libzip_version(); /* a constant of the library */
    dlclose(f.lib);
    return v;
}

struct zipread {
    zipfn fn;
    zip_t *za;
    size_t n;
    char **names;      /* owned copies */
    uint64_t *size;    /* declared expanded sizes */
    uint64_t *comp;    /* declared packed sizes */
    uint64_t expanded; /* bytes produced so far, all entries */
    zipread_limits lim;
};

void zipread_default_limits(zipread_limits *l)
{
    l->max_archive = (size_t)128 << 20;
    l->max_entries = 10000;
    l->max_entry = (uint64_t)64 << 20;
    l->max_total = (uint64_t)256 << 20;
    l->max_ratio = 200;
    l->ratio_from = (uint64_t)1 << 20;
}

static void set_err(zipread_error *err, zipread_status st, const char *entry)
{
    if (!err)
        return;
    err->status = st;
    err->sys_errno = 0;
    err->entry[0] = '\0';
    if (!entry)
        return;
    size_t i = 0;
    for (; entry[i] && i + 1 < sizeof err->entry; i++) {
        unsigned char c = (unsigned char)entry[i];
        err->entry[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    err->entry[i] = '\0';
}

/* zipfn_load, with an error a reader can show: the archive cannot be
 * opened because libzip cannot be loaded (ELIBACC). */
static bool load_libzip(zipfn *fn, zipread_error *err)
{
    if (zipfn_load(fn))
        return true;
    set_err(err, ZIPREAD_ERR_OPEN, NULL);
    if (err)
        err->sys_errno = ELIBACC;
    return false;
}

/* libzip's error code as our status. */
static zipread_status from_libzip(int code)
{
    switch (code) {
    case ZIP_ER_NOZIP:
        return ZIPREAD_ERR_NOT_ZIP;
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
    case ZIP_ER_NOENT:
        return ZIPREAD_ERR_OPEN;
    case ZIP_ER_COMPNOTSUPP:
        return ZIPREAD_ERR_UNSUPPORTED;
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
        return ZIPREAD_ERR_ENCRYPTED;
    case ZIP_ER_MEMORY:
        die_oom();
    default: /* INCONS, CRC, EOF, ZLIB, MULTIDISK, ... */
        return ZIPREAD_ERR_CORRUPT;
    }
}

/* A name that could leave the folder it were extracted to, or that means
 * different things to different readers. */
static bool bad_name(const char *name)
{
    if (!name[0] || name[0] == '/')
        return true;
    if (((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') && name[1] == ':')
        return true; /* C:... */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            return true;
    for (const char *seg = name; *seg;) {
        const char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if (len == 2 && seg[0] == '.' && seg[1] == '.')
            return true;
        if (!end)
            break;
        seg = end + 1;
    }
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checks the directory of za and builds the result (taking fn over);
 * closes za and fn on failure. */
static zipread *check_directory(const zipfn *fn, zip_t *za,
                                const zipread_limits *lim, zipread_error *err)
{
    zipread_limits def;
    if (!lim) {
        zipread_default_limits(&def);
        lim = &def;
    }
    zip_int64_t count = fn->get_num_entries(za, 0);
    if (count < 0 || (uint64_t)count > lim->max_entries) {
        set_err(err,
                count < 0 ? ZIPREAD_ERR_CORRUPT : ZIPREAD_ERR_TOO_MANY_ENTRIES,
                NULL);
        fn->discard(za);
        dlclose(fn->lib);
        return NULL;
    }
    zipread *z = xcalloc(1, sizeof *z);
    z->fn = *fn;
    z->za = za;
    z->lim = *lim;
    z->n = (size_t)count;
    z->names = xcalloc(z->n + 1, sizeof *z->names);
    z->size = xcalloc(z->n + 1, sizeof *z->size);
    z->comp = xcalloc(z->n + 1, sizeof *z->comp);
    uint64_t total = 0;
    zipread_status st = ZIPREAD_OK;
    const char *culprit = NULL;
    for (size_t i = 0; i < z->n && st == ZIPREAD_OK; i++) {
        zip_stat_t s;
        fn->stat_init(&s);
        if (fn->stat_index(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &s) != 0 ||
            !(s.valid & ZIP_STAT_NAME) || !(s.valid & ZIP_STAT_SIZE) ||
            !(s.valid & ZIP_STAT_COMP_SIZE)) {
            st = ZIPREAD_ERR_CORRUPT;
            culprit = NULL;
            break;
        }
        z->names[i] = xstrdup(s.name);
        z->size[i] = s.size;
        z->comp[i] = s.comp_size;
        culprit = z->names[i];
        if (bad_name(s.name))
            st = ZIPREAD_ERR_BAD_NAME;
        else if ((s.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
                 s.encryption_method != ZIP_EM_NONE)
            st = ZIPREAD_ERR_ENCRYPTED;
        else if (s.size > lim->max_total - total)
            st = ZIPREAD_ERR_TOTAL_TOO_BIG;
        else
            total += s.size;
    }
    if (st == ZIPREAD_OK && z->n > 1) {
        /* the same name twice: which one a reader takes is anyone's guess */
        char **sorted = xmalloc(z->n * sizeof *sorted);
        memcpy(sorted, z->names, z->n * sizeof *sorted);
        qsort(sorted, z->n, sizeof *sorted, cmp_str);
        for (size_t i = 1; i < z->n; i++)
            if (strcmp(sorted[i], sorted[i - 1]) == 0) {
                st = ZIPREAD_ERR_BAD_NAME;
                culprit = sorted[i];
                break;
            }
        free(sorted);
    }
    if (st != ZIPREAD_OK) {
        set_err(err, st, st == ZIPREAD_ERR_TOTAL_TOO_BIG ? NULL : culprit);
        zipread_close(z);
        return NULL;
    }
    set_err(err, ZIPREAD_OK, NULL);
    return z;
}

zipread *zipread_open_file(const char *path, const zipread_limits *lim,
                           zipread_error *err)
{
    zipread_limits def;
    if (!lim) {
        zipread_default_limits(&def);
        lim = &def;
    }
    struct stat st;
    int bad = stat(path, &st) != 0   ? errno
              : S_ISDIR(st.st_mode)  ? EISDIR
              : !S_ISREG(st.st_mode) ? EINVAL
                                     : 0;
    if (bad) {
        set_err(err, ZIPREAD_ERR_OPEN, NULL);
        if (err)
            err->sys_errno = bad;
        return NULL;
    }
    if ((uint64_t)st.st_size > lim->max_archive) {
        set_err(err, ZIPREAD_ERR_ARCHIVE_TOO_BIG, NULL);
        return NULL;
    }
    if (st.st_size < 22) { /* shorter than an end-of-directory record */
        set_err(err, ZIPREAD_ERR_NOT_ZIP, NULL);
        return NULL;
    }
    zipfn fn;
    if (!load_libzip(&fn, err))
        return NULL;
    int code = 0;
    zip_t *za = fn.open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!za) {
        set_err(err, from_libzip(code), NULL);
        if (err && err->status == ZIPREAD_ERR_OPEN)
            err->sys_errno = errno ? errno : EIO;
        dlclose(fn.lib);
        return NULL;
    }
    return check_directory(&fn, za, lim, err);
}

zipread *zipread_open_memory(const void *data, size_t len,
                             const zipread_limits *lim, zipread_error *err)
{
    zipread_limits def;
    if (!lim) {
        zipread_default_limits(&def);
        lim = &def;
    }
    if (len > lim->max_archive) {
        set_err(err, ZIPREAD_ERR_ARCHIVE_TOO_BIG, NULL);
        return NULL;
    }
    if (len < 22 || !data) {
        set_err(err, ZIPREAD_ERR_NOT_ZIP, NULL);
        return NULL;
    }
    zipfn fn;
    if (!load_libzip(&fn, err))
        return NULL;
    zip_error_t ze;
    fn.error_init(&ze);
    zip_source_t *src = fn.source_buffer_create(data, len, 0, &ze);
    if (!src) {
        fn.error_fini(&ze);
        die_oom();
    }
    zip_t *za = fn.open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za) {
        set_err(err, from_libzip(fn.error_code_zip(&ze)), NULL);
        fn.source_free(src);
        fn.error_fini(&ze);
        dlclose(fn.lib);
        return NULL;
    }
    fn.error_fini(&ze);
    return check_directory(&fn, za, lim, err);
}

void zipread_close(zipread *z)
{
    if (!z)
        return;
    if (z->za)
        z->fn.discard(z->za);
    if (z->fn.lib)
        dlclose(z->fn.lib);
    for (size_t i = 0; i < z->n; i++)
        free(z->names[i]);
    free(z->names);
    free(z->size);
    free(z->comp);
    free(z);
}

size_t zipread_count(const zipread *z)
{
    return z->n;
}

const char *zipread_name(const zipread *z, size_t i)
{
    return i < z->n ? z->names[i] : NULL;
}

uint64_t zipread_size(const zipread *z, size_t i)
{
    return i < z->n ? z->size[i] : 0;
}

long zipread_find(const zipread *z, const char *name)
{
    for (size_t i = 0; i < z->n; i++)
        if (z->names[i] && strcmp(z->names[i], name) == 0)
            return (long)i;
    return -1;
}

/* Whether out bytes from comp packed ones break the ratio limit. */
static bool over_ratio(const zipread *z, uint64_t out, uint64_t comp)
{
    if (out <= z->lim.ratio_from)
        return false;
    return comp == 0 || out / comp >= z->lim.max_ratio;
}

unsigned char *zipread_read(zipread *z, size_t i, size_t *len,
                            zipread_error *err)
{
    *len = 0;
    if (i >= z->n) {
        set_err(err, ZIPREAD_ERR_NOT_FOUND, NULL);
        return NULL;
    }
    const char *name = z->names[i];
    uint64_t declared = z->size[i];
    uint64_t room = z->lim.max_total - z->expanded; /* never negative */
    /* before: what the directory declares */
    if (declared > z->lim.max_entry) {
        set_err(err, ZIPREAD_ERR_ENTRY_TOO_BIG, name);
        return NULL;
    }
    if (declared > room) {
        set_err(err, ZIPREAD_ERR_TOTAL_TOO_BIG, name);
        return NULL;
    }
    if (over_ratio(z, declared, z->comp[i])) {
        set_err(err, ZIPREAD_ERR_RATIO, name);
        return NULL;
    }
    zip_file_t *zf = z->fn.fopen_index(z->za, (zip_uint64_t)i, 0);
    if (!zf) {
        set_err(err, from_libzip(z->fn.error_code_zip(z->fn.get_error(z->za))),
                name);
        return NULL;
    }
    /* while: the bytes actually produced */
    size_t cap = (size_t)(declared < CHUNK ? declared : CHUNK) + 1;
    unsigned char *buf = xmalloc(cap);
    uint64_t got = 0;
    zipread_status st = ZIPREAD_OK;
    for (;;) {
        if (cap - got < CHUNK + 1) {
            cap = cap * 2 > got + CHUNK + 1 ? cap * 2 : got + CHUNK + 1;
            buf = xrealloc(buf, cap);
        }
        zip_int64_t k = z->fn.fread(zf, buf + got, CHUNK);
        if (k < 0) {
            st = from_libzip(z->fn.error_code_zip(z->fn.file_get_error(zf)));
            if (st == ZIPREAD_ERR_OPEN)
                st = ZIPREAD_ERR_CORRUPT;
            break;
        }
        if (k == 0)
            break;
        got += (uint64_t)k;
        if (got > z->lim.max_entry) {
            st = ZIPREAD_ERR_ENTRY_TOO_BIG;
            break;
        }
        if (got > room) {
            st = ZIPREAD_ERR_TOTAL_TOO_BIG;
            break;
        }
        if (over_ratio(z, got, z->comp[i])) {
            st = ZIPREAD_ERR_RATIO;
            break;
        }
        if (got > declared) { /* more than the directory says */
            st = ZIPREAD_ERR_CORRUPT;
            break;
        }
    }
    z->fn.fclose(zf);
    if (st == ZIPREAD_OK && got != declared)
        st = ZIPREAD_ERR_CORRUPT; /* cut short */
    z->expanded += got;
    if (st != ZIPREAD_OK) {
        free(buf);
        set_err(err, st, name);
        return NULL;
    }
    buf[got] = '\0';
    *len = (size_t)got;
    set_err(err, ZIPREAD_OK, NULL);
    return buf;
}

unsigned char *zipread_read_name(zipread *z, const char *name, size_t *len,
                                 zipread_error *err)
{
    long i = zipread_find(z, name);
    if (i < 0) {
        *len = 0;
        set_err(err, ZIPREAD_ERR_NOT_FOUND, name);
        return NULL;
    }
    return zipread_read(z, (size_t)i, len, err);
}

const char *zipread_status_name(zipread_status s)
{
    static const char *const names[] = {"ok",
                                        "open",
                                        "not-zip",
                                        "corrupt",
                                        "archive-too-big",
                                        "entries",
                                        "entry-too-big",
                                        "total-too-big",
                                        "ratio",
                                        "bad-name",
                                        "encrypted",
                                        "unsupported",
                                        "not-found"};
    return (size_t)s < sizeof names / sizeof *names ? names[s] : "?";
}
