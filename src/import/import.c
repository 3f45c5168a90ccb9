/*
 * import.c: `arsrapport import` from the front's side (import.h): each
 * input goes to its reader by its contents and name, all into one builder,
 * and the builder's document comes back. Several inputs make one report
 * with one chapter per input, in order (README, "Import").
 */
#include "import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../parse/xmltree.h"
#include "../zip/zipread.h"
#include "import_internal.h"

int import_zip_error(diag_list *dl, const char *path, int status, int sys_errno,
                     const char *entry)
{
    diag *d = NULL;
    msg_lang lang = diag_list_lang(dl);
    const char *kind = strstr(path, ".odt") ? "OpenDocument" : "Word";
    switch ((zipread_status)status) {
    case ZIPREAD_OK:
        return 0;
    case ZIPREAD_ERR_OPEN:
        diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-01", MSG_IMP_READ,
                 msg_errno(lang, sys_errno ? sys_errno : EIO));
        return 2;
    case ZIPREAD_ERR_NOT_ZIP:
        d = diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-03", MSG_IMP_NOT_ZIP,
                     kind);
        diag_hint(dl, d, MSG_IMP_CORRUPT_HINT);
        return 2;
    case ZIPREAD_ERR_CORRUPT:
    case ZIPREAD_ERR_UNSUPPORTED:
    case ZIPREAD_ERR_NOT_FOUND:
        d = diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-03", MSG_IMP_CORRUPT,
                     entry && *entry ? entry : "?");
        diag_hint(dl, d, MSG_IMP_CORRUPT_HINT);
        return 2;
    case ZIPREAD_ERR_ARCHIVE_TOO_BIG:
    case ZIPREAD_ERR_TOO_MANY_ENTRIES:
    case ZIPREAD_ERR_ENTRY_TOO_BIG:
    case ZIPREAD_ERR_TOTAL_TOO_BIG:
    case ZIPREAD_ERR_RATIO: {
        static const char *const what[][2] = {
            {"filen är större än 128 MB", "the file is larger than 128 MB"},
            {"fler än 10 000 delar", "more than 10,000 parts"},
            {"en del blir större än 64 MB", "a part becomes larger than 64 MB"},
            {"delarna blir större än 256 MB", "the parts become larger than "
                                              "256 MB"},
            {"en del packas upp mer än 200 gånger sin storlek",
             "a part expands more than 200 times its size"}};
        d = diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-04", MSG_IMP_BOMB,
                     what[status - ZIPREAD_ERR_ARCHIVE_TOO_BIG][lang]);
        diag_hint(dl, d, MSG_IMP_BOMB_HINT);
        return 1;
    }
    case ZIPREAD_ERR_BAD_NAME:
        diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-05", MSG_IMP_BAD_NAME,
                 entry && *entry ? entry : "?");
        return 1;
    case ZIPREAD_ERR_ENCRYPTED:
        d = diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-06", MSG_IMP_ENCRYPTED);
        diag_hint(dl, d, MSG_IMP_ENCRYPTED_HINT);
        return 1;
    }
    return 2;
}

static bool ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), k = strlen(ext);
    return n >= k && strcasecmp(s + n - k, ext) == 0;
}

typedef enum { FMT_UNKNOWN, FMT_DOCX, FMT_ODT, FMT_MD } in_format;

static in_format format_of(const char *path)
{
    if (ends_with(path, ".docx") || ends_with(path, ".docm") ||
        ends_with(path, ".dotx") || ends_with(path, ".dotm") ||
        ends_with(path, ".doc"))
        return FMT_DOCX; /* .docm, .doc: refused by the reader, with why */
    if (ends_with(path, ".odt") || ends_with(path, ".ott"))
        return FMT_ODT;
    if (ends_with(path, ".md") || ends_with(path, ".markdown") ||
        ends_with(path, ".txt"))
        return FMT_MD;
    return FMT_UNKNOWN;
}

int import_documents(const char *const *inputs, size_t n,
                     const import_options *o, diag_list *dl, import_result *out)
{
    memset(out, 0, sizeof *out);
    int worst = 0;
    for (size_t i = 0; i < n; i++)
        if (format_of(inputs[i]) == FMT_UNKNOWN) {
            diag *d = diag_add(dl, DIAG_ERROR, inputs[i], 0, 0, "IMP-02",
                               MSG_IMP_FORMAT);
            diag_hint(dl, d, MSG_IMP_FORMAT_HINT);
            worst = 2;
        }
    if (worst)
        return worst;
    arena *a = arena_new();
    ib *b = ib_new(a, dl, o);
    for (size_t i = 0; i < n && worst == 0; i++) {
        ib_file(b, inputs[i], format_of(inputs[i]) == FMT_MD, n > 1 ? 1 : 0);
        switch (format_of(inputs[i])) {
        case FMT_DOCX:
            worst = import_docx(b, inputs[i], dl);
            break;
        case FMT_ODT:
            worst = import_odt(b, inputs[i], dl);
            break;
        default:
            worst = import_md(b, inputs[i], dl);
            break;
        }
        if (worst == 0)
            ib_file_end(b);
    }
    if (worst == 0)
        worst = ib_finish(b, out);
    ib_free(b);
    arena_free(a);
    if (worst)
        import_result_free(out);
    return worst;
}

void import_result_free(import_result *r)
{
    free(r->xml);
    for (size_t i = 0; i < r->nfiles; i++) {
        free(r->files[i].path);
        free(r->files[i].data);
    }
    free(r->files);
    memset(r, 0, sizeof *r);
}

void import_stop(int *status, int why)
{
    if (!*status)
        *status = why;
}

const xmlt_node *import_read_part(zipread *z, arena *a, diag_list *dl,
                                  const char *path, const char *name,
                                  int *status)
{
    if (*status || zipread_find(z, name) < 0)
        return NULL;
    if (zipread_size(z, (size_t)zipread_find(z, name)) > IMP_MAX_PART_BYTES) {
        *status =
            import_zip_error(dl, path, ZIPREAD_ERR_ENTRY_TOO_BIG, 0, name);
        return NULL;
    }
    zipread_error ze;
    size_t len;
    unsigned char *buf = zipread_read_name(z, name, &len, &ze);
    if (!buf) {
        *status =
            import_zip_error(dl, path, (int)ze.status, ze.sys_errno, ze.entry);
        return NULL;
    }
    xmltree_error xe;
    xmltree_limits lim;
    xmltree_default_limits(&lim);
    lim.max_bytes = IMP_MAX_PART_BYTES;
    lim.max_nodes = IMP_MAX_NODES;
    xmltree *t = xmltree_parse(a, (const char *)buf, len, &lim, &xe);
    free(buf);
    if (!t) {
        if (xe.status == XMLTREE_ERR_DOCTYPE)
            diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-09", MSG_IMP_XML_DOCTYPE,
                     name);
        else if (xe.status == XMLTREE_ERR_NOT_XML)
            diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-09", MSG_IMP_XML, name,
                     (unsigned)xe.line, xe.message);
        else
            diag_add(dl, DIAG_ERROR, path, 0, 0, "IMP-09", MSG_IMP_XML_LIMIT,
                     name);
        *status = xe.status == XMLTREE_ERR_NOT_XML ? 2 : 1;
        return NULL;
    }
    return xmltree_root(t);
}

unsigned char *import_image_part(ib *b, zipread *z, diag_list *dl,
                                 const char *path, const char *name,
                                 size_t *len, int *status)
{
    long idx = name ? zipread_find(z, name) : -1;
    if (idx < 0 || zipread_size(z, (size_t)idx) > IMP_MAX_IMAGE_BYTES) {
        ib_drop(b, DROP_IMAGE_FORMAT);
        return NULL;
    }
    zipread_error ze;
    unsigned char *data = zipread_read(z, (size_t)idx, len, &ze);
    if (!data)
        import_stop(status, import_zip_error(dl, path, (int)ze.status,
                                             ze.sys_errno, ze.entry));
    return data;
}
