/*
 * pdf_meta.c: the document-level parts of the PDF, written after the
 * pages are painted: the information dictionary, /Lang and
 * ViewerPreferences, the /PageLabels number tree, and for PDF/A the XMP
 * metadata stream, the sRGB OutputIntent, the header version and the file
 * identifier.
 *
 * Reproducibility: nothing here reads the clock. The dates are the
 * document's `datum` at midnight (UTC, or in the time zone the date
 * carries: "2023-09-12+02:00"), or SOURCE_DATE_EPOCH when the
 * caller passes it; the file identifier is the MD5 of the saved file
 * (written as a placeholder, patched after saving), so the same input and
 * style give the same bytes.
 *
 * PDF/A (ISO 19005-1 and -2): libharu 2.3.0's own PDF/A support builds
 * its XMP from the information dictionary at the moment conformance is
 * set and does not XML-escape it (architecture.md), so the XMP is written
 * here from the same cleaned strings that go into the information
 * dictionary: the two agree by construction (ISO 19005-2 6.6.2.3.1).
 */
#define _POSIX_C_SOURCE 200809L
#include <hpdf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/arena.h"
#include "../resolve/resolve.h"
#include "pdf_internal.h"

/* --- dates ----------------------------------------------------------------
 */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Two digits at s, or -1. */
static int two_digits(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

bool pdfmeta_time_from_iso(const char *iso, pdfmeta_time *t)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    if (!iso)
        return false;
    while (*iso == ' ' || *iso == '\t' || *iso == '\n' || *iso == '\r')
        iso++; /* xs:date collapses white space */
    if (strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9'))
            return false;
    /* after the date: nothing, a time (ignored: midnight), or the time
     * zone of xs:date ("Z", "+02:00", "-05:00"), kept as written */
    int tz = 0;
    const char *z = iso + 10;
    if (*z == 'Z') {
        z++;
    } else if (*z == '+' || *z == '-') {
        int h = two_digits(z + 1);
        if (h < 0 || z[3] != ':') /* z[3] only after z[1] and z[2] */
            return false;
        int mi = two_digits(z + 4);
        if (mi < 0 || mi > 59 || h > 14 || (h == 14 && mi))
            return false;
        tz = (*z == '-' ? -1 : 1) * (h * 60 + mi);
        z += 6;
    } else if (*z == 'T') {
        z += strlen(z);
    }
    while (*z == ' ' || *z == '\t' || *z == '\n' || *z == '\r')
        z++;
    if (*z != '\0')
        return false;
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    if (y < 1 || m < 1 || m > 12 || d < 1 ||
        d > mdays[m - 1] + (m == 2 && leap(y)))
        return false;
    *t = (pdfmeta_time){y, m, d, 0, 0, 0, tz};
    return true;
}

bool pdfmeta_time_from_epoch(long long epoch, pdfmeta_time *t)
{
    /* years 1..9999: a four-digit year in both date forms */
    if (epoch < -62135596800LL || epoch > 253402300799LL)
        return false;
    time_t tt = (time_t)epoch;
    struct tm tm;
    if (!gmtime_r(&tt, &tm))
        return false;
    *t =
        (pdfmeta_time){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min,         tm.tm_sec,     0};
    return true;
}

/* t in the PDF's form (pdf: "D:20230912143000+02'00'") or in ISO 8601
 * (xmp: "2023-09-12T14:30:00+02:00"). */
static void format_date(const pdfmeta_time *t, bool pdf, char buf[32])
{
    char zone[8] = "Z";
    if (t->tz)
        snprintf(zone, sizeof zone, pdf ? "%c%02u'%02u'" : "%c%02u:%02u",
                 t->tz < 0 ? '-' : '+', (unsigned)abs(t->tz) / 60 % 100u,
                 (unsigned)abs(t->tz) % 60u);
    snprintf(buf, 32,
             pdf ? "D:%04u%02u%02u%02u%02u%02u%s"
                 : "%04u-%02u-%02uT%02u:%02u:%02u%s",
             (unsigned)t->year % 10000u, (unsigned)t->month % 100u,
             (unsigned)t->day % 100u, (unsigned)t->hour % 100u,
             (unsigned)t->minute % 100u, (unsigned)t->second % 100u, zone);
}

void pdfmeta_pdf_date(const pdfmeta_time *t, char buf[32])
{
    format_date(t, true, buf);
}

void pdfmeta_iso_date(const pdfmeta_time *t, char buf[32])
{
    format_date(t, false, buf);
}

/* --- page labels ----------------------------------------------------------
 */

/* The cover has printed number 0 (the interface of issue 6: lpage.number
 * 0 and lpage.cover go together), so the number alone tells. */
static bool is_cover(const lpage *lp)
{
    return lp->number <= 0;
}

size_t pdfmeta_label_ranges(const layout_doc *ld, pdfmeta_label_range *out)
{
    size_t n = 0;
    for (size_t i = 0; i < ld->npages; i++) {
        const lpage *lp = &ld->pages[i];
        bool cover = is_cover(lp);
        if (i > 0) {
            const lpage *prev = &ld->pages[i - 1];
            bool prev_cover = is_cover(prev);
            /* a range goes on while the next label follows from it */
            if (cover && prev_cover)
                continue;
            if (!cover && !prev_cover && lp->number == prev->number + 1)
                continue;
        }
        out[n++] = (pdfmeta_label_range){i, cover, cover ? 0 : lp->number};
    }
    return n;
}

/* --- strings and the XMP packet -------------------------------------------
 */

typedef struct {
    char *s;
    size_t len, cap;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* Character data and attribute values: & < > " escaped (XML 1.0 2.4). */
static void sb_xml(sbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            sb_str(b, "&amp;");
            break;
        case '<':
            sb_str(b, "&lt;");
            break;
        case '>':
            sb_str(b, "&gt;");
            break;
        case '"':
            sb_str(b, "&quot;");
            break;
        default:
            sb_put(b, s, 1);
        }
    }
}

/* The length of the well-formed UTF-8 sequence at s (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF), of a character
 * XML 1.0 allows (not U+FFFE or U+FFFF); 0 when there is none. */
static size_t utf8_char_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n = c >= 0xC2 && c <= 0xDF   ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0; /* also a NUL: a sequence cut at the end */
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) ||
        (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
        return 0;
    if (c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
        return 0;
    return n;
}

char *pdfmeta_clean(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *o = xmalloc(n + 1), *w = o;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t k = utf8_char_len(p);
        if (k == 0) {
            p++; /* a byte of no character: a string cut inside one */
            continue;
        }
        if (k == 1 && *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
            p++;
            continue;
        }
        memcpy(w, p, k);
        w += k;
        p += k;
    }
    *w = '\0';
    return o;
}

/* One simple property: <name>value</name>. */
static void xmp_prop(sbuf *b, const char *name, const char *value)
{
    if (!value)
        return;
    sb_str(b, "   <");
    sb_str(b, name);
    sb_str(b, ">");
    sb_xml(b, value);
    sb_str(b, "</");
    sb_str(b, name);
    sb_str(b, ">\n");
}

/* A language alternative with only the default (XMP part 1, 8.2.2.4):
 * how dc:title and dc:description carry Title and Subject. */
static void xmp_alt(sbuf *b, const char *name, const char *value)
{
    if (!value)
        return;
    sb_str(b, "   <");
    sb_str(b, name);
    sb_str(b, "><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    sb_xml(b, value);
    sb_str(b, "</rdf:li></rdf:Alt></");
    sb_str(b, name);
    sb_str(b, ">\n");
}

char *pdfmeta_xmp(const pdf_meta *m, const char *keywords, const char *date,
                  const char *producer, size_t *len)
{
    sbuf b = {0};
    /* the xpacket wrapper with its byte order mark in UTF-8 (XMP part 1,
     * 7.3); ISO 19005-1 6.7.5 forbids the bytes attribute */
    sb_str(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" "
               "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
               "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
               " <rdf:RDF "
               "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
               "  <rdf:Description rdf:about=\"\"\n"
               "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
               "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
               "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
    if (m->pdfa != PDF_A_NONE)
        sb_str(&b, "\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    /* the tagged PDF claims PDF/UA-1 (ISO 14289-1 5) */
    sb_str(&b, "\n    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
    sb_str(&b, ">\n");
    xmp_prop(&b, "dc:format", "application/pdf");
    xmp_alt(&b, "dc:title", m->title);
    if (m->author) {
        /* Author is one name: an ordered array of one (ISO 19005-2
         * 6.6.2.3.1, table 3) */
        sb_str(&b, "   <dc:creator><rdf:Seq><rdf:li>");
        sb_xml(&b, m->author);
        sb_str(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    xmp_alt(&b, "dc:description", m->subject);
    if (m->lang) {
        sb_str(&b, "   <dc:language><rdf:Bag><rdf:li>");
        sb_xml(&b, m->lang);
        sb_str(&b, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    xmp_prop(&b, "xmp:CreatorTool", m->creator);
    xmp_prop(&b, "xmp:CreateDate", date);
    xmp_prop(&b, "xmp:ModifyDate", date);
    xmp_prop(&b, "xmp:MetadataDate", date);
    xmp_prop(&b, "pdf:Producer", producer);
    xmp_prop(&b, "pdf:Keywords", keywords);
    if (m->pdfa == PDF_A_2A || m->pdfa == PDF_A_2U) {
        xmp_prop(&b, "pdfaid:part", "2");
        xmp_prop(&b, "pdfaid:conformance", m->pdfa == PDF_A_2A ? "A" : "U");
    } else if (m->pdfa == PDF_A_1B) {
        xmp_prop(&b, "pdfaid:part", "1");
        xmp_prop(&b, "pdfaid:conformance", "B");
    }
    xmp_prop(&b, "pdfuaid:part", "1");
    sb_str(&b, "  </rdf:Description>\n");
    /* PDF/A allows only its predefined schemas unless an extension schema
     * describes the others (ISO 19005-1 6.7.8, 19005-2 6.6.2.3.3) */
    if (m->pdfa != PDF_A_NONE)
        sb_str(
            &b,
            "  <rdf:Description rdf:about=\"\"\n"
            "    "
            "xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
            "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
            "    "
            "xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
            "   <pdfaExtension:schemas><rdf:Bag>\n"
            "    <rdf:li rdf:parseType=\"Resource\">\n"
            "     <pdfaSchema:schema>PDF/UA Universal Accessibility "
            "Schema</pdfaSchema:schema>\n"
            "     <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/"
            "</pdfaSchema:namespaceURI>\n"
            "     <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
            "     <pdfaSchema:property><rdf:Seq>\n"
            "      <rdf:li rdf:parseType=\"Resource\">\n"
            "       <pdfaProperty:name>part</pdfaProperty:name>\n"
            "       <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
            "       <pdfaProperty:category>internal</pdfaProperty:category>\n"
            "       <pdfaProperty:description>Indicates, which part of ISO "
            "14289 standard is followed</pdfaProperty:description>\n"
            "      </rdf:li>\n"
            "     </rdf:Seq></pdfaSchema:property>\n"
            "    </rdf:li>\n"
            "   </rdf:Bag></pdfaExtension:schemas>\n"
            "  </rdf:Description>\n");
    sb_str(&b, " </rdf:RDF>\n</x:xmpmeta>\n");
    /* room for an editor to update the packet in place (XMP part 1,
     * 7.3.2) */
    for (int i = 0; i < 20; i++)
        sb_str(&b, "                                                   "
                   "                                                \n");
    sb_str(&b, "<?xpacket end=\"w\"?>");
    *len = b.len;
    return b.s;
}

/* ISO 19005-1 6.4 and ISO 19005-2 6.4: no transparency in PDF/A-1. An
 * image with an alpha channel carries an SMask; nothing else here makes
 * transparency. */
static bool has_soft_mask(HPDF_Doc pdf)
{
    size_t n = harux_doc_object_count(pdf);
    for (size_t i = 0; i < n; i++)
        if (harux_dict_find(harux_doc_object(pdf, i), "SMask"))
            return true;
    return false;
}

/* The sRGB profile of the Debian package icc-profiles-free. */
static const char *const icc_paths[] = {
    "/usr/share/color/icc/sRGB.icc",
    "/usr/share/color/icc/colord/sRGB.icc",
    "/usr/share/color/icc/ghostscript/srgb.icc",
};

/* Reads an ICC profile and checks what a PDF/A OutputIntent needs (ICC.1
 * 7.2): the signature 'acsp', the size the header states, an RGB data
 * colour space, a monitor or printer class, and for PDF/A-1 a version-2
 * profile (PDF 1.4 knows ICC.1:1998-09). */
static unsigned char *read_icc(const char *path, bool v2_only, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16384;
            if (cap > (4u << 20))
                break; /* sRGB profiles are a few kilobytes */
            buf = xrealloc(buf, cap);
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    fclose(f);
    bool ok = buf && n >= 128 && cap <= (4u << 20) &&
              ((size_t)buf[0] << 24 | (size_t)buf[1] << 16 |
               (size_t)buf[2] << 8 | buf[3]) == n &&
              memcmp(buf + 36, "acsp", 4) == 0 &&
              memcmp(buf + 16, "RGB ", 4) == 0 &&
              (memcmp(buf + 12, "mntr", 4) == 0 ||
               memcmp(buf + 12, "prtr", 4) == 0) &&
              (!v2_only || buf[8] == 2);
    if (!ok) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* /OutputIntents [<< /S /GTS_PDFA1 ... /DestOutputProfile icc >>] on the
 * catalog (ISO 19005-2 6.2.3): DeviceRGB then means sRGB. */
static int add_output_intent(HPDF_Doc pdf, const pdf_meta *m, const char *file,
                             diag_list *dl)
{
    const char *path = m->icc_path;
    size_t len = 0;
    unsigned char *icc = NULL;
    bool v2 = m->pdfa == PDF_A_1B;
    if (path) {
        icc = read_icc(path, v2, &len);
    } else {
        for (size_t i = 0; i < sizeof icc_paths / sizeof *icc_paths && !icc;
             i++) {
            path = icc_paths[i];
            icc = read_icc(path, v2, &len);
        }
    }
    if (!icc) {
        diag *d = diag_add(dl, DIAG_ERROR, file, 0, 0, "PDF-02", MSG_PDF_NO_ICC,
                           m->icc_path ? m->icc_path : icc_paths[0]);
        diag_hint(dl, d, MSG_PDF_NO_ICC_HINT);
        return -1;
    }
    HPDF_Dict prof = harux_stream_new(pdf, true);
    if (!prof) {
        free(icc);
        return -1;
    }
    harux_dict_add_number(prof, "N", 3);
    harux_dict_add_name(prof, "Alternate", "DeviceRGB");
    harux_stream_write(harux_dict_stream(prof), icc, len);
    free(icc);
    HPDF_Dict oi = harux_dict_new(pdf);
    if (!oi)
        return -1;
    harux_dict_add_name(oi, "Type", "OutputIntent");
    harux_dict_add_name(oi, "S", "GTS_PDFA1");
    harux_dict_add(oi, "OutputConditionIdentifier",
                   harux_string_new(pdf, "sRGB IEC61966-2.1"));
    harux_dict_add(oi, "RegistryName",
                   harux_string_new(pdf, "http://www.color.org"));
    harux_dict_add(oi, "Info", harux_string_new(pdf, "sRGB IEC61966-2.1"));
    harux_dict_add(oi, "DestOutputProfile", prof);
    harux_array arr = harux_array_new(pdf);
    if (!arr)
        return -1;
    harux_array_add(arr, oi);
    harux_dict_add(harux_doc_catalog(pdf), "OutputIntents", arr);
    return 0;
}

/* The XMP packet as /Metadata of the catalog, uncompressed so that a
 * reader without a PDF parser finds it (ISO 19005-1 6.7.2 forbids a
 * filter; -2 allows one, the same stream serves both). */
static void add_xmp(HPDF_Doc pdf, const char *xmp, size_t len)
{
    HPDF_Dict s = harux_stream_new(pdf, false);
    if (!s)
        return;
    harux_dict_add_name(s, "Type", "Metadata");
    harux_dict_add_name(s, "Subtype", "XML");
    harux_stream_write(harux_dict_stream(s), xmp, len);
    harux_dict_add(harux_doc_catalog(pdf), "Metadata", s);
}

static void add_page_labels(HPDF_Doc pdf, const layout_doc *ld,
                            const char *lang)
{
    if (ld->npages == 0)
        return;
    pdfmeta_label_range *r = xcalloc(ld->npages, sizeof *r);
    size_t n = pdfmeta_label_ranges(ld, r);
    HPDF_Dict labels = harux_dict_new(pdf);
    harux_array nums = harux_array_new(pdf);
    if (!labels || !nums) {
        free(r);
        return;
    }
    const char *cover = resolve_word(resolve_language(lang), WORD_COVER);
    for (size_t i = 0; i < n; i++) {
        HPDF_Dict l = harux_dict_new(pdf);
        if (!l)
            break;
        if (r[i].cover) {
            /* a prefix and no /S: every page of the range reads
             * "Omslag", without a number (PDF 32000-1 12.4.2) */
            harux_dict_add(l, "P", harux_string_new(pdf, cover));
        } else {
            harux_dict_add_name(l, "S", "D");
            harux_dict_add_number(l, "St", r[i].first);
        }
        harux_array_add_number(nums, (int32_t)r[i].start);
        harux_array_add(nums, l);
    }
    harux_dict_add(labels, "Nums", nums);
    harux_dict_add(harux_doc_catalog(pdf), "PageLabels", labels);
    free(r);
}

/* ISO 19005-2 6.3.2: every annotation (links here) has the F key with
 * the Print flag set and Hidden, Invisible, NoView clear. */
static void flag_annotations(HPDF_Page *pages, size_t npages)
{
    for (size_t i = 0; i < npages; i++) {
        void *annots = harux_dict_find(pages[i], "Annots");
        size_t n = harux_array_count(annots);
        for (size_t k = 0; k < n; k++) {
            HPDF_Dict a = harux_array_find(annots, k);
            if (harux_obj_is_dict(a))
                harux_dict_add_number(a, "F", 4); /* bit 3: Print */
        }
    }
}

/* Sets a text entry of the information dictionary (made by libharu's
 * first HPDF_SetInfoAttr). */
static void set_text(HPDF_Doc pdf, const char *key, const char *value)
{
    HPDF_Dict info = harux_doc_info(pdf);
    if (value && info)
        harux_dict_add(info, key, pdf_text_string(pdf, value, strlen(value)));
}

static void set_date(HPDF_Doc pdf, const char *key, const char *value)
{
    harux_dict_add(harux_doc_info(pdf), key, harux_string_new(pdf, value));
}

int pdfmeta_write(HPDF_Doc pdf, HPDF_Page *pages, const layout_doc *ld,
                  const pdf_meta *m, const char *file, diag_list *dl)
{
    /* the same cleaned strings for the information dictionary and the
     * XMP, so that the two agree */
    pdf_meta c = *m;
    char *title = pdfmeta_clean(m->title), *author = pdfmeta_clean(m->author);
    char *subject = pdfmeta_clean(m->subject);
    char *keywords = pdfmeta_clean(m->keywords);
    char *creator = pdfmeta_clean(m->creator ? m->creator : "arsrapport");
    char *lang = pdfmeta_clean(m->lang);
    c.title = title;
    c.author = author;
    c.subject = subject;
    c.creator = creator;
    c.lang = lang;
    char producer[256];
    snprintf(producer, sizeof producer, "%s (libharu %s)", creator,
             HPDF_VERSION_TEXT);
    int rc = 0;

    /* text strings of our own (UTF-16 with surrogate pairs): libharu's
     * would put a space for a character outside the BMP (an emoji in a
     * title), and the information would not agree with the XMP */
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "arsrapport"); /* makes it */
    set_text(pdf, "Title", title);
    set_text(pdf, "Author", author);
    set_text(pdf, "Subject", subject);
    set_text(pdf, "Keywords", keywords);
    set_text(pdf, "Creator", creator);
    set_text(pdf, "Producer", producer);
    pdfmeta_time t;
    bool dated = m->has_epoch ? pdfmeta_time_from_epoch(m->epoch, &t)
                              : pdfmeta_time_from_iso(m->date, &t);
    char pdfdate[32], isodate[32];
    if (dated) {
        pdfmeta_pdf_date(&t, pdfdate);
        pdfmeta_iso_date(&t, isodate);
        set_date(pdf, "CreationDate", pdfdate);
        set_date(pdf, "ModDate", pdfdate);
    }
    if (lang && *lang)
        harux_dict_add(harux_doc_catalog(pdf), "Lang",
                       harux_string_new(pdf, lang));
    /* the title bar shows Title, not the file name (PDF 32000-1 12.2,
     * table 150); through the dictionary, since HPDF_SetViewerPreference
     * raises the header to PDF 1.6 */
    HPDF_Dict vp = harux_dict_new(pdf);
    if (vp) {
        harux_dict_add_boolean(vp, "DisplayDocTitle", true);
        harux_dict_add(harux_doc_catalog(pdf), "ViewerPreferences", vp);
    }
    add_page_labels(pdf, ld, lang);
    flag_annotations(pages, ld->npages);

    /* the header: 1.7 (ActualText marked content needs 1.5), 1.4 for
     * PDF/A-1 (ISO 19005-1 6.1.2); libharu writes the binary comment
     * line after it */
    harux_doc_set_version(pdf, m->pdfa == PDF_A_1B ? HPDF_VER_14 : HPDF_VER_17);
    if (m->pdfa == PDF_A_1B && has_soft_mask(pdf)) {
        diag *d = diag_add(dl, DIAG_ERROR, file, 0, 0, "PDF-03",
                           MSG_PDF_A1_TRANSPARENCY);
        diag_hint(dl, d, MSG_PDF_A1_TRANSPARENCY_HINT);
        rc = -1;
    }
    if (rc == 0 && m->pdfa != PDF_A_NONE)
        rc = add_output_intent(pdf, &c, file, dl);
    if (rc == 0) {
        size_t len;
        char *xmp =
            pdfmeta_xmp(&c, keywords, dated ? isodate : NULL, producer, &len);
        add_xmp(pdf, xmp, len);
        free(xmp);
    }
    /* /ID [<placeholder> <placeholder>]: required by PDF/A (ISO 19005-2
     * 6.1.3); pdfmeta_finish_id writes the digest of the file into it */
    unsigned char zero[16] = {0};
    harux_array id = harux_array_new(pdf);
    if (id) {
        harux_array_add(id, harux_binary_new(pdf, zero, sizeof zero));
        harux_array_add(id, harux_binary_new(pdf, zero, sizeof zero));
        harux_dict_add(harux_doc_trailer(pdf), "ID", id);
    }
    free(title);
    free(author);
    free(subject);
    free(keywords);
    free(creator);
    free(lang);
    return rc;
}

void pdfmeta_add_cidsets(HPDF_Doc pdf, const HPDF_Font *fonts,
                         const uint8_t *const *seen, size_t n)
{
    uint8_t *bits = xcalloc(0x10000 / 8, 1);
    for (size_t i = 0; i < n; i++) {
        /* libharu makes the font descriptor (and the subset font file,
         * from the glyphs used so far) in the Type 0 font's before-write
         * function; every glyph is painted by now, and the call at saving
         * finds the descriptor made and keeps it */
        HPDF_Dict fd = harux_font_descriptor(fonts[i], true);
        if (!fd || harux_dict_find(fd, "CIDSet"))
            continue;
        /* CID 0, .notdef, is in every font program; the bit of CID 0 is
         * the high-order bit of the first byte (PDF 32000-1 9.8.3.3).
         * Fonts loaded from the same file share one descriptor and one
         * font program: their CIDs together. */
        memset(bits, 0, 0x10000 / 8);
        bits[0] = 0x80;
        size_t last = 0;
        for (size_t k = i; k < n; k++) {
            if (k != i && harux_font_descriptor(fonts[k], false) != fd)
                continue;
            for (uint32_t c = 1; c < 0x10000; c++)
                if (seen[k][c >> 3] & (1u << (c & 7))) {
                    bits[c >> 3] |= (uint8_t)(0x80u >> (c & 7));
                    if (c >> 3 > last)
                        last = c >> 3;
                }
        }
        HPDF_Dict s = harux_stream_new(pdf, true);
        if (!s)
            break;
        harux_stream_write(harux_dict_stream(s), bits, last + 1);
        harux_dict_add(fd, "CIDSet", s);
    }
    free(bits);
}

static void hex16(const HPDF_BYTE d[16], char out[33])
{
    static const char hx[] = "0123456789ABCDEF";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hx[d[i] >> 4];
        out[2 * i + 1] = hx[d[i] & 15];
    }
    out[32] = '\0';
}

/* Finds the two placeholders of the file identifier in buf (len bytes):
 * false when there are not two. */
static const char id_ph[] = "<00000000000000000000000000000000>";

static bool id_spots(unsigned char *buf, size_t len, unsigned char *hits[2])
{
    const size_t phn = sizeof id_ph - 1;
    int nhits = 0;
    for (size_t i = 0; i + phn <= len && nhits < 2; i++)
        if (buf[i] == '<' && memcmp(buf + i, id_ph, phn) == 0) {
            hits[nhits++] = buf + i;
            i += phn - 1;
        }
    return nhits == 2;
}

bool pdfmeta_fill_id(unsigned char *tail, size_t len,
                     const unsigned char digest[16])
{
    unsigned char *hits[2];
    if (!id_spots(tail, len, hits))
        return false;
    char hex[33];
    hex16(digest, hex);
    for (int k = 0; k < 2; k++)
        memcpy(hits[k] + 1, hex, 32);
    return true;
}

void pdfmeta_finish_id(unsigned char *buf, size_t len)
{
    /* the placeholders are in the trailer: after the xref table that the
     * last startxref names, or in the dictionary of the cross-reference
     * stream it names (not compressed, only its data is) */
    size_t from = len, sx = len >= 9 ? len - 9 : 0;
    while (sx > 0 && memcmp(buf + sx, "startxref", 9) != 0)
        sx--;
    size_t p = sx + 9, off = 0;
    while (p < len && (buf[p] == ' ' || buf[p] == '\r' || buf[p] == '\n'))
        p++;
    while (p < len && buf[p] >= '0' && buf[p] <= '9' && off < len)
        off = off * 10 + (size_t)(buf[p++] - '0');
    if (sx > 0 && off < sx)
        from = off;
    unsigned char *hits[2];
    if (!id_spots(buf + from, len - from, hits))
        return;
    unsigned char digest[16];
    harux_md5(buf, len, digest);
    pdfmeta_fill_id(buf + from, len - from, digest);
}
