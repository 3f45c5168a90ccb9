#!/usr/bin/python3
"""fixtures.py OUTDIR: the files tests/import.sh imports, made at test time.

Good documents, one per format, with the same content (the issue's "Done
when"): three heading levels with typed numbers, paragraphs with bold,
italic and a link, a footnote, a bulleted list of two levels and a numbered
one, a quotation, a table with a merged header cell and a Summa row whose
caption names the unit, and an image with alt text:

  rapport.docx   python3-docx, then raw OOXML through zipfile for what it
                 cannot write (the footnote, the link, the alt text)
  rapport.odt    python3-odf
  rapport.md     CommonMark with pipe tables, footnotes and front matter
  NAME.words     the words each source shows a reader (coverage.py)

Then variants and hostile files:

  summa-fel.docx      a Summa row that does not add up
  drops.docx          text box, tracked changes, comment, field, page
                      break, colour, a linked image, an image without alt
  corrupt.docx        cut in half; notzip.docx: text with a .docx name
  bomb.docx           a 48 MB part packed into some 50 KB
  entries.docx        10 001 parts
  climb.docx          a part named ../../evil.xml
  macro.docm          a macro-enabled document (vbaProject.bin)
  encrypted.docx      an OLE compound file, as Word writes a password-
                      protected document
  zipcrypt.docx       a zip whose entries are flagged encrypted
  encrypted.odt       an OpenDocument package whose manifest says encrypted
  pages.docx          10 000 pages (a page break after each paragraph)
  doctype.docx        a document part with a DOCTYPE (billion laughs)
"""
import io
import os
import struct
import sys
import zipfile
import zlib

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Cm
from odf import draw, meta, dc, style, table, text
from odf.opendocument import OpenDocumentText

OUT = sys.argv[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def png(width=40, height=20):
    """A small RGB PNG: a blue bar on white."""
    rows = b""
    for y in range(height):
        row = b"\x00"
        for x in range(width):
            row += b"\x1f\x38\x64" if x < width * 3 // 4 and 5 < y < 15 else b"\xff\xff\xff"
        rows += row

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# The content, shared by the three formats. Typed heading numbers are part
# of the source and removed by the import (the PDF computes its own).
TITLE = "Delårsrapport januari–augusti 2026"
AUTHOR = "Socialförvaltningen"
H1 = ("1.", "Inledning")
P1 = ("Nämnden redovisar här ", "periodens resultat", " och ", "prognosen", " för helåret.")
LINK = ("Mer finns på ", "kommunens webbplats", "https://www.example.se/delar", ".")
NOTE_BEFORE = "Nettokostnaden minskade jämfört med föregående år"
NOTE = "Exklusive interna poster och kapitaltjänst."
H2 = ("2", "Verksamhet")
H21 = ("2.1", "Viktiga händelser")
BULLETS = [("Stödboendet öppnade i februari.", 0), ("Placeringarna blev färre.", 1),
           ("Kostnaderna för köpt vård sjönk.", 1), ("Nya avtal för hemtjänsten.", 0)]
NUMBERED = ["Rekrytera fler socialsekreterare.", "Införa digitala ansökningar."]
QUOTE = "Vi ser resultat av det förebyggande arbetet redan i år."
H211 = ("2.1.1", "Driftsredovisning")
CAPTION = "Tabell 1. Driftsredovisning per verksamhet (tkr)"
HEAD1 = ["Verksamhet", "Helår 2026", None]     # Helår spans two columns
HEAD2 = ["", "Budget", "Prognos"]
ROWS = [["Individ- och familjeomsorg", "41 258", "39 000"],
        ["Äldreomsorg", "63 474", "63 100"],
        ["Funktionsstöd", "24 500", "24 300"]]
SUMMA = ["Summa", "129 232", "126 400"]
SUMMA_BAD = ["Summa", "129 999", "126 400"]
AFTER = "Prognosen visar ett överskott mot budget."
FIG_CAPTION = "Figur 1. Nettokostnad per månad"
ALT = "Stapeldiagram: nettokostnaden per månad under 2026"


def words_file(name, extra=()):
    # in the PDF's reading order: the footnote at the foot of the page
    parts = [TITLE, H1[1], "".join(P1), LINK[0] + LINK[1] + LINK[3],
             NOTE_BEFORE + "1.", H2[1], H21[1]]   # "år1.": the note's mark
    parts += [b for b, _ in BULLETS] + NUMBERED + [QUOTE, H211[1]]
    parts += [CAPTION.split(". ", 1)[1]]
    parts += [c for c in HEAD1 if c] + [c for c in HEAD2 if c]
    parts += [" ".join(r) for r in ROWS] + [" ".join(SUMMA), AFTER, FIG_CAPTION.split(". ", 1)[1]]
    parts += [NOTE]
    parts += list(extra)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


# --- Word ----------------------------------------------------------------

def add_hyperlink(par, text_, url):
    part = par.part
    rid = part.relate_to(url, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    h = docx.oxml.OxmlElement("w:hyperlink")
    h.set(docx.oxml.ns.qn("r:id"), rid)
    r = docx.oxml.OxmlElement("w:r")
    t = docx.oxml.OxmlElement("w:t")
    t.text = text_
    r.append(t)
    h.append(r)
    par._p.append(h)


def word_document(summa, pngfile):
    d = docx.Document()
    cp = d.core_properties
    cp.title = TITLE
    cp.author = AUTHOR
    import datetime
    cp.created = datetime.datetime(2026, 9, 15, 10, 0, 0)
    cp.modified = datetime.datetime(2026, 9, 15, 10, 0, 0)
    d.add_paragraph(TITLE, style="Title")
    d.add_heading(" ".join(H1), level=1)
    p = d.add_paragraph(P1[0])
    p.add_run(P1[1]).bold = True
    p.add_run(P1[2])
    p.add_run(P1[3]).italic = True
    p.add_run(P1[4])
    p = d.add_paragraph(LINK[0])
    add_hyperlink(p, LINK[1], LINK[2])
    p.add_run(LINK[3])
    p = d.add_paragraph(NOTE_BEFORE)
    p.add_run("FOOTNOTE-HERE")
    p.add_run(".")
    d.add_heading(" ".join(H2), level=1)
    d.add_heading(" ".join(H21), level=2)
    for b, lv in BULLETS:
        d.add_paragraph(b, style="List Bullet" if lv == 0 else "List Bullet 2")
    for n in NUMBERED:
        d.add_paragraph(n, style="List Number")
    d.add_paragraph(QUOTE, style="Quote")
    d.add_heading(" ".join(H211), level=3)
    d.add_paragraph(CAPTION, style="Caption")
    t = d.add_table(rows=2 + len(ROWS) + 1, cols=3)
    t.style = "Table Grid"
    t.cell(0, 0).text = HEAD1[0]
    a = t.cell(0, 1).merge(t.cell(0, 2))   # a merged header cell: gridSpan
    a.text = HEAD1[1]
    for j, v in enumerate(HEAD2):
        t.cell(1, j).text = v
    for i, row in enumerate(ROWS + [summa]):
        for j, v in enumerate(row):
            t.cell(2 + i, j).text = v
    for j in range(3):
        for run in t.cell(2 + len(ROWS), j).paragraphs[0].runs:
            run.bold = True
    d.add_paragraph(AFTER)
    d.add_picture(pngfile, width=Cm(6))
    d.add_paragraph(FIG_CAPTION, style="Caption")
    return d


FOOTNOTES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<w:footnotes xmlns:w="%s" xmlns:r="%s">'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
             '<w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> %s</w:t></w:r></w:p></w:footnote>'
             '</w:footnotes>') % (W, R, NOTE)


def rewrite(src, dst, edit, extra=()):
    """Copies the zip src to dst, passing each part through edit(name,
    data) and adding the (name, data) pairs of extra."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = edit(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item.filename, data)
        for name, data in extra:
            zout.writestr(name, data)


def with_footnote(name, data):
    """The raw OOXML python-docx cannot write: a footnote, the alt text."""
    if name == "word/document.xml":
        s = data.decode()
        s = s.replace("<w:t>FOOTNOTE-HERE</w:t>",
                      '<w:footnoteReference w:id="1"/>')
        s = s.replace('<w:rPr><w:footnoteReference', '<w:footnoteReference')
        s = s.replace('descr=""', 'descr="%s"' % ALT)
        if 'descr="' not in s:
            s = s.replace('<wp:docPr id="', '<wp:docPr descr="%s" id="' % ALT, 1)
        return s.encode()
    if name == "word/_rels/document.xml.rels":
        s = data.decode().replace(
            "</Relationships>",
            '<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/footnotes" Target="footnotes.xml"/></Relationships>')
        return s.encode()
    if name == "[Content_Types].xml":
        s = data.decode().replace(
            "</Types>",
            '<Override PartName="/word/footnotes.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
        return s.encode()
    return data


def fix_footnote_run(path):
    """python-docx wrote the placeholder as a run; make it a reference run."""
    pass


def make_word(name, summa):
    pngfile = os.path.join(OUT, "bild.png")
    tmp = os.path.join(OUT, "tmp-" + name)
    word_document(summa, pngfile).save(tmp)
    rewrite(tmp, os.path.join(OUT, name), with_footnote, [("word/footnotes.xml", FOOTNOTES)])
    os.remove(tmp)


# --- OpenDocument ----------------------------------------------------------

def make_odt():
    d = OpenDocumentText()
    d.meta.addElement(dc.Title(text=TITLE))
    d.meta.addElement(meta.InitialCreator(text=AUTHOR))
    d.meta.addElement(meta.CreationDate(text="2026-09-15T10:00:00"))
    bold = style.Style(name="Fet", family="text")
    bold.addElement(style.TextProperties(fontweight="bold"))
    ital = style.Style(name="Kursiv", family="text")
    ital.addElement(style.TextProperties(fontstyle="italic"))
    d.automaticstyles.addElement(bold)
    d.automaticstyles.addElement(ital)
    for nm in ("Title", "Quotations", "Caption"):
        s = style.Style(name=nm, displayname=nm, family="paragraph")
        d.styles.addElement(s)
    bl = text.ListStyle(name="Punkter")
    for lv in (1, 2):
        bl.addElement(text.ListLevelStyleBullet(level=lv, bulletchar="•"))
    nl = text.ListStyle(name="Nummer")
    nl.addElement(text.ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    d.automaticstyles.addElement(bl)
    d.automaticstyles.addElement(nl)
    body = d.text
    body.addElement(text.P(stylename="Title", text=TITLE))
    body.addElement(text.H(outlinelevel=1, text=" ".join(H1)))
    p = text.P(text=P1[0])
    p.addElement(text.Span(stylename=bold, text=P1[1]))
    p.addText(P1[2])
    p.addElement(text.Span(stylename=ital, text=P1[3]))
    p.addText(P1[4])
    body.addElement(p)
    p = text.P(text=LINK[0])
    p.addElement(text.A(href=LINK[2], text=LINK[1]))
    p.addText(LINK[3])
    body.addElement(p)
    p = text.P(text=NOTE_BEFORE)
    note = text.Note(noteclass="footnote", id="ftn1")
    note.addElement(text.NoteCitation(text="1"))
    nb = text.NoteBody()
    nb.addElement(text.P(text=NOTE))
    note.addElement(nb)
    p.addElement(note)
    p.addText(".")
    body.addElement(p)
    body.addElement(text.H(outlinelevel=1, text=" ".join(H2)))
    body.addElement(text.H(outlinelevel=2, text=" ".join(H21)))
    lst = text.List(stylename=bl)
    item = None
    for b, lv in BULLETS:
        if lv == 0:
            item = text.ListItem()
            item.addElement(text.P(text=b))
            lst.addElement(item)
            sub = None
        else:
            if sub is None:
                sub = text.List()
                item.addElement(sub)
            si = text.ListItem()
            si.addElement(text.P(text=b))
            sub.addElement(si)
    body.addElement(lst)
    lst = text.List(stylename=nl)
    for n in NUMBERED:
        li = text.ListItem()
        li.addElement(text.P(text=n))
        lst.addElement(li)
    body.addElement(lst)
    body.addElement(text.P(stylename="Quotations", text=QUOTE))
    # a heading inside a list, as LibreOffice writes numbered headings
    hl = text.List(stylename=nl)
    hi = text.ListItem()
    hi.addElement(text.H(outlinelevel=3, text=" ".join(H211)))
    hl.addElement(hi)
    body.addElement(hl)
    body.addElement(text.P(stylename="Caption", text=CAPTION))
    t = table.Table(name="Drift")
    t.addElement(table.TableColumn(numbercolumnsrepeated=3))
    hr = table.TableHeaderRows()
    r = table.TableRow()
    c = table.TableCell()
    c.addElement(text.P(text=HEAD1[0]))
    r.addElement(c)
    c = table.TableCell(numbercolumnsspanned=2)
    c.addElement(text.P(text=HEAD1[1]))
    r.addElement(c)
    r.addElement(table.CoveredTableCell())
    hr.addElement(r)
    r = table.TableRow()
    for v in HEAD2:
        c = table.TableCell()
        if v:
            c.addElement(text.P(text=v))
        r.addElement(c)
    hr.addElement(r)
    t.addElement(hr)
    for row in ROWS + [SUMMA]:
        r = table.TableRow()
        for v in row:
            c = table.TableCell()
            c.addElement(text.P(text=v))
            r.addElement(c)
        t.addElement(r)
    body.addElement(t)
    body.addElement(text.P(text=AFTER))
    href = d.addPicture(os.path.join(OUT, "bild.png"))
    fr = draw.Frame(width="6cm", height="3cm", anchortype="as-char")
    fr.addElement(draw.Image(href=href))
    from odf import svg
    fr.addElement(svg.Desc(text=ALT))
    p = text.P()
    p.addElement(fr)
    body.addElement(p)
    body.addElement(text.P(stylename="Caption", text=FIG_CAPTION))
    d.save(os.path.join(OUT, "rapport.odt"))


# --- Markdown ---------------------------------------------------------------

def make_md():
    bul = "\n".join(("  " * lv) + "- " + b for b, lv in BULLETS)
    num = "\n".join("%d. %s" % (i + 1, n) for i, n in enumerate(NUMBERED))
    rows = "\n".join("| " + " | ".join(r) + " |" for r in ROWS)
    md = f"""---
titel: {TITLE}
forfattare: {AUTHOR}
datum: 2026-09-15
---

# {' '.join(H1)}

{P1[0]}**{P1[1]}**{P1[2]}*{P1[3]}*{P1[4]}

{LINK[0]}[{LINK[1]}]({LINK[2]}){LINK[3]}

{NOTE_BEFORE}[^1].

[^1]: {NOTE}

# {' '.join(H2)}

## {' '.join(H21)}

{bul}

{num}

> {QUOTE}

### {' '.join(H211)}

{CAPTION}

| {HEAD1[0]} | {HEAD1[1]} ||
| | {HEAD2[1]} | {HEAD2[2]} |
|---|--:|--:|
{rows}
| {' | '.join(SUMMA)} |

{AFTER}

![{ALT}](bild.png)

{FIG_CAPTION}
"""
    with open(os.path.join(OUT, "rapport.md"), "w", encoding="utf-8") as f:
        f.write(md)


# --- hostile ------------------------------------------------------------------

def zwrite(name, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", method) as z:
        for n, data in parts:
            z.writestr(n, data)


MIN_CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="xml" ContentType="application/xml"/></Types>')
MIN_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>')


def doc_xml(body):
    return ('<?xml version="1.0"?><w:document xmlns:w="%s" xmlns:r="%s"><w:body>%s</w:body></w:document>'
            % (W, R, body))


def para(t):
    return "<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % t


def make_hostile():
    good = open(os.path.join(OUT, "rapport.docx"), "rb").read()
    with open(os.path.join(OUT, "corrupt.docx"), "wb") as f:
        f.write(good[: len(good) // 2])
    with open(os.path.join(OUT, "notzip.docx"), "w") as f:
        f.write("Det här är ingen Word-fil.\n" * 20)
    # 48 MB of one character in a part (some 50 KB packed)
    zb = io.BytesIO()
    with zipfile.ZipFile(zb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", MIN_CT)
        z.writestr("_rels/.rels", MIN_RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as w:
            chunk = b" " * (1 << 20)
            for _ in range(48):
                w.write(chunk)
    with open(os.path.join(OUT, "bomb.docx"), "wb") as f:
        f.write(zb.getvalue())
    zwrite("entries.docx", [("[Content_Types].xml", MIN_CT), ("_rels/.rels", MIN_RELS),
                            ("word/document.xml", doc_xml(para("x")))]
           + [("word/media/e%05d.xml" % i, "") for i in range(10001)], zipfile.ZIP_STORED)
    zwrite("climb.docx", [("[Content_Types].xml", MIN_CT), ("_rels/.rels", MIN_RELS),
                          ("word/document.xml", doc_xml(para("x"))), ("../../evil.xml", "<x/>")])
    zwrite("macro.docm", [("[Content_Types].xml", MIN_CT), ("_rels/.rels", MIN_RELS),
                          ("word/document.xml", doc_xml(para("x"))),
                          ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")])
    with open(os.path.join(OUT, "encrypted.docx"), "wb") as f:
        f.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
                + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 1024)
    # a zip whose entry carries the "encrypted" flag (general purpose bit 0)
    zb = io.BytesIO()
    with zipfile.ZipFile(zb, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", MIN_CT)
        z.writestr("_rels/.rels", MIN_RELS)
        z.writestr("word/document.xml", doc_xml(para("hemligt")))
    raw = bytearray(zb.getvalue())
    i = 0
    while True:
        i = raw.find(b"PK\x03\x04", i)
        if i < 0:
            break
        raw[i + 6] |= 1
        i += 4
    i = 0
    while True:
        i = raw.find(b"PK\x01\x02", i)
        if i < 0:
            break
        raw[i + 8] |= 1
        i += 4
    with open(os.path.join(OUT, "zipcrypt.docx"), "wb") as f:
        f.write(bytes(raw))
    manifest = ('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                'xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1" '
                'manifest:checksum="x"/></manifest:file-entry></manifest:manifest>')
    zwrite("encrypted.odt", [("mimetype", "application/vnd.oasis.opendocument.text"),
                             ("META-INF/manifest.xml", manifest), ("content.xml", b"\x93\x12garbage")])
    pages = "".join('<w:p><w:r><w:t>Sida %d</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>' % i
                    for i in range(10000))
    zwrite("pages.docx", [("[Content_Types].xml", MIN_CT), ("_rels/.rels", MIN_RELS),
                          ("word/document.xml", doc_xml(pages))])
    laughs = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
              '<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>' % W)
    zwrite("doctype.docx", [("[Content_Types].xml", MIN_CT), ("_rels/.rels", MIN_RELS),
                            ("word/document.xml", laughs)])


def make_drops():
    """Everything the format has no place for, each once, in one file."""
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Kvalitetsberättelse 2026</w:t></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">Text med </w:t></w:r>'
        '<w:r><w:rPr><w:color w:val="FF0000"/></w:rPr><w:t>röd färg</w:t></w:r>'
        '<w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve"> och infogad text</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A"><w:r><w:delText>BORTTAGEN</w:delText></w:r></w:del>'
        '<w:commentRangeStart w:id="3"/><w:r><w:t>.</w:t></w:r><w:commentRangeEnd w:id="3"/>'
        '<w:r><w:commentReference w:id="3"/></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2026-09-15</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
        '<w:txbxContent><w:p><w:r><w:t>Text i en textruta.</w:t></w:r></w:p></w:txbxContent>'
        '</v:textbox></v:shape></w:pict></w:r></w:p>'
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing"><wp:docPr id="1" name="Länkad"/><a:graphic xmlns:a="http://schemas.'
        'openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/'
        'drawingml/2006/picture"><a:blip r:link="rIdExt"/></a:graphicData></a:graphic></wp:inline>'
        '</w:drawing></w:r></w:p>'
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing"><wp:docPr id="2" name="Utan alt"/><a:graphic xmlns:a="http://schemas.'
        'openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/'
        'drawingml/2006/picture"><a:blip r:embed="rIdImg"/></a:graphicData></a:graphic></wp:inline>'
        '</w:drawing></w:r></w:p>')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rIdExt" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/image" Target="http://127.0.0.1:9/aldrig.png" TargetMode="External"/>'
            '<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/image" Target="media/image1.png"/></Relationships>')
    styles = ('<?xml version="1.0"?><w:styles xmlns:w="%s"><w:style w:type="paragraph" w:styleId="Heading1">'
              '<w:name w:val="heading 1"/></w:style></w:styles>' % W)
    zwrite("drops.docx", [("[Content_Types].xml", MIN_CT), ("_rels/.rels", MIN_RELS),
                          ("word/document.xml", doc_xml(body)), ("word/_rels/document.xml.rels", rels),
                          ("word/styles.xml", styles), ("word/media/image1.png", png())])


os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "bild.png"), "wb") as f:
    f.write(png())
make_word("rapport.docx", SUMMA)
make_word("summa-fel.docx", SUMMA_BAD)
make_odt()
make_md()
for n in ("rapport-docx", "rapport-odt", "rapport-md"):
    words_file(n + ".words")
make_hostile()
make_drops()
