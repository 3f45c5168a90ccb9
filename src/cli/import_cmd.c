/*
 * import_cmd.c: `arsrapport import` for the command-line front
 * (import_cmd.h). The importer (src/import) returns the document and its
 * images; here they are written: the images into a folder of their own
 * beside the XML (NAME-bilder/), each atomically, then the XML atomically.
 * Nothing existing is ever replaced (the XML or the image folder existing
 * is an error before anything is written), and when any write fails, what
 * was written is removed: an import leaves the whole result or nothing.
 */
#include "import_cmd.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/arena.h"
#include "../engine/kindcache.h"
#include "../engine/process.h"
#include "../import/import.h"
#include "../parse/parse.h"
#include "cli_text.h"

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* The output's path: -o (a folder: the first input's name in it), else
 * the first input with .xml for its extension. Malloc'd. */
static char *output_path(const import_cmd *c)
{
    const char *in = c->inputs[0];
    const char *base = strrchr(in, '/');
    base = base ? base + 1 : in;
    struct stat st;
    size_t n = strlen(in) + (c->output ? strlen(c->output) : 0) + 8;
    char *out = xmalloc(n);
    if (c->output && !(stat(c->output, &st) == 0 && S_ISDIR(st.st_mode))) {
        snprintf(out, n, "%s", c->output);
        return out;
    }
    if (c->output)
        snprintf(out, n, "%s/%s", c->output, base);
    else
        snprintf(out, n, "%s", in);
    char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    if (dot && (!slash || dot > slash + 1))
        *dot = '\0';
    strcat(out, ".xml");
    return out;
}

int cmd_import(const import_cmd *c, diag_list *dl)
{
    char *out = output_path(c);
    char why[256];
    struct stat st;
    int rc = 0;
    for (size_t i = 0; i < c->ninputs; i++)
        if (same_file(out, c->inputs[i])) {
            diag_add(dl, DIAG_ERROR, c->inputs[i], 0, 0, "ARS-03",
                     MSG_OUT_IS_IN, out);
            free(out);
            return 2;
        }
    if (stat(out, &st) == 0) {
        diag_add(dl, DIAG_ERROR, out, 0, 0, "ARS-05", MSG_NEW_EXISTS, out);
        free(out);
        return 2;
    }
    /* the images' folder, relative to the XML: NAME-bilder */
    const char *slash = strrchr(out, '/');
    const char *base = slash ? slash + 1 : out;
    size_t dirlen = slash ? (size_t)(slash - out) : 0;
    size_t blen = strlen(base);
    if (blen > 4 && strcasecmp(base + blen - 4, ".xml") == 0)
        blen -= 4;
    char *image_dir = xmalloc(blen + 16);
    snprintf(image_dir, blen + 16, "%.*s-bilder", (int)blen, base);
    char *image_path = xmalloc(strlen(out) + 16);
    snprintf(image_path, strlen(out) + 16, "%.*s%s%s", (int)dirlen, out,
             slash ? "/" : "", image_dir);

    parse_global_init();
    kind_cache kc;
    kinds_init(&kc, c->templates, c->mallar, c->nmallar);
    import_options o = {.typ = c->typ,
                        .image_dir = image_dir,
                        .kinds = (const char *const *)kc.names,
                        .nkinds = kc.n};
    o.has_epoch = process_source_date_epoch(&o.epoch);
    import_result r = {0};
    rc = import_documents(c->inputs, c->ninputs, &o, dl, &r);
    kinds_free(&kc);
    parse_global_cleanup();
    size_t written = 0;
    bool made_dir = false;
    if (rc == 0 && r.nfiles) {
        if (stat(image_path, &st) == 0) {
            diag_add(dl, DIAG_ERROR, image_path, 0, 0, "ARS-05",
                     MSG_IMP_OUT_EXISTS, image_path);
            rc = 2;
        } else if (mkdir(image_path, 0755) != 0) {
            diag_add(dl, DIAG_ERROR, image_path, 0, 0, "ARS-04", MSG_IMP_WRITE,
                     msg_errno(c->lang, errno));
            rc = 2;
        } else {
            made_dir = true;
        }
    }
    for (size_t i = 0; rc == 0 && i < r.nfiles; i++) {
        size_t n = dirlen + strlen(r.files[i].path) + 4;
        char *p = xmalloc(n);
        snprintf(p, n, "%.*s%s%s", (int)dirlen, out, slash ? "/" : "",
                 r.files[i].path);
        if (process_write_file(p, r.files[i].data, r.files[i].len, c->lang, why,
                               sizeof why) != 0) {
            diag_add(dl, DIAG_ERROR, p, 0, 0, "ARS-04", MSG_IMP_WRITE, why);
            rc = 2;
        } else {
            written++;
        }
        free(p);
    }
    if (rc == 0 &&
        process_write_file(out, (const unsigned char *)r.xml, r.xml_len,
                           c->lang, why, sizeof why) != 0) {
        diag_add(dl, DIAG_ERROR, out, 0, 0, "ARS-04", MSG_IMP_WRITE, why);
        rc = 2;
    }
    if (rc != 0) {
        /* all or nothing: the images written so far go again */
        for (size_t i = 0; i < written; i++) {
            size_t n = dirlen + strlen(r.files[i].path) + 4;
            char *p = xmalloc(n);
            snprintf(p, n, "%.*s%s%s", (int)dirlen, out, slash ? "/" : "",
                     r.files[i].path);
            unlink(p);
            free(p);
        }
        if (made_dir)
            rmdir(image_path);
    } else {
        diag_write_safe(
            stdout, cli_text(c->lang, MSG_IMP_WRITTEN, out, c->inputs[0], out));
        putchar('\n');
    }
    import_result_free(&r);
    free(image_dir);
    free(image_path);
    free(out);
    return rc;
}
