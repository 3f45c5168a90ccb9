#!/usr/bin/env python3
"""pdfcheck.py: the document-level checks of a PDF that arsrapport wrote.

    pdfcheck.py DOC.pdf [--layout DUMP] [--pdfa 2a|2u|1b|nej]

Reads the file through `qpdf --json` (no PDF library needed) and checks:

  info-xmp    the XMP packet parses as XML and agrees with the document
              information dictionary: Title = dc:title, Author = dc:creator,
              Subject = dc:description, Keywords = pdf:Keywords, Creator =
              xmp:CreatorTool, Producer = pdf:Producer, CreationDate =
              xmp:CreateDate, ModDate = xmp:ModifyDate; /Lang = dc:language
  pdfa        for PDF/A: pdfaid:part and conformance, the header version
              (1.7 for 2a and 2u, 1.4 for 1b), the binary comment on line 2, a
              trailer /ID of two 16-byte strings, no /Encrypt, an
              OutputIntent /GTS_PDFA1 with an RGB ICC profile, the XMP
              stream unfiltered, every annotation printable, every font
              embedded; for 1b a CIDSet on every CID font and no SMask
  viewer      ViewerPreferences /DisplayDocTitle true
  labels      with --layout (the text of `arsrapport dump-layout`): the
              /PageLabels of every page equal the printed page number,
              "Omslag" for a cover (printed number 0)

Prints one line per problem and exits 1 when there is any, else prints
nothing and exits 0.
"""
import base64
import datetime
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Doc:
    """The objects of a PDF as qpdf's JSON (version 2) gives them."""

    def __init__(self, path):
        out = subprocess.run(
            ["qpdf", "--json", "--json-key=qpdf", "--json-stream-data=inline",
             "--decode-level=generalized", path],
            check=True, capture_output=True).stdout
        header, objs = json.loads(out)["qpdf"]
        self.version = header["pdfversion"]
        self.objs = objs
        self.trailer = objs["trailer"]["value"]

    def get(self, v):
        """Follows a reference "n 0 R" to its value (a stream: its dict
        with the stream in key ' stream')."""
        while isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
            o = self.objs.get("obj:" + v)
            if o is None:
                return None
            if "stream" in o:
                d = dict(o["stream"]["dict"])
                d[" stream"] = o["stream"]
                return d
            v = o["value"]
        return v

    def data(self, stream_dict):
        s = stream_dict[" stream"]
        return base64.b64decode(s.get("data", ""))


def text(v):
    """A PDF string as qpdf writes it: u:text or b:hex."""
    if v is None:
        return None
    if v.startswith("u:"):
        return v[2:]
    if v.startswith("b:"):
        raw = bytes.fromhex(v[2:])
        if raw.startswith(b"\xfe\xff"):
            # strict: a lone surrogate (a character cut in two) raises
            return raw[2:].decode("utf-16-be")
        return raw.decode("latin-1")
    return v


def pdf_date(s):
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|[+-]\d\d'\d\d'?)?.*", s or "")
    if not m:
        return None
    y, mo, d, h, mi, se, tz = m.groups()
    off = datetime.timedelta(0)
    if tz and tz[0] in "+-":
        off = datetime.timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
        if tz[0] == "-":
            off = -off
    return datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(se),
                             tzinfo=datetime.timezone(off))


def xmp_date(s):
    try:
        return datetime.datetime.fromisoformat((s or "").replace("Z", "+00:00"))
    except ValueError:
        return None


def check(path, layout=None, pdfa="2a"):
    bad = []
    doc = Doc(path)
    root = doc.get(doc.trailer["/Root"])
    info = doc.get(doc.trailer.get("/Info")) or {}
    # every text of the information dictionary is whole: valid UTF-16 (no
    # character cut in two) without a replacement character
    for key, v in list(info.items()):
        if not isinstance(v, str):
            continue
        try:
            t = text(v)
        except UnicodeDecodeError as e:
            bad.append("info: %s is not valid UTF-16: %s" % (key, e))
            info[key] = None
            continue
        if t and "\ufffd" in t:
            bad.append("info: %s holds U+FFFD: %r" % (key, t[-40:]))

    # --- XMP against the information dictionary ---------------------------
    meta = doc.get(root.get("/Metadata"))
    xmp = {}
    if meta is None:
        bad.append("info-xmp: no /Metadata in the catalog")
    else:
        raw = doc.data(meta)
        if "/Filter" in meta:
            bad.append("pdfa: the XMP stream is filtered")
        if not raw.startswith(b"<?xpacket begin=") or b'<?xpacket end="w"?>' not in raw:
            bad.append("info-xmp: no xpacket wrapper")
        try:
            raw.decode("utf-8")  # strict: no character cut in two
        except UnicodeDecodeError as e:
            bad.append("info-xmp: the XMP is not UTF-8: %s" % e)
        try:
            tree = ET.fromstring(raw)  # expat: well-formed XML 1.0 or fails
        except ET.ParseError as e:
            bad.append("info-xmp: the XMP is not well-formed XML: %s" % e)
            tree = None
        if tree is not None:
            for desc in tree.iter("{%s}Description" % NS["rdf"]):
                for el in desc:
                    li = el.findall(".//rdf:li", NS)
                    if li:
                        default = [x for x in li if x.get(XML_LANG) in (None, "x-default")]
                        xmp[el.tag] = (default or li)[0].text
                    else:
                        xmp[el.tag] = el.text

    def q(prefix, name):
        return xmp.get("{%s}%s" % (NS[prefix], name))

    pairs = [("/Title", q("dc", "title")), ("/Author", q("dc", "creator")),
             ("/Subject", q("dc", "description")), ("/Keywords", q("pdf", "Keywords")),
             ("/Creator", q("xmp", "CreatorTool")), ("/Producer", q("pdf", "Producer"))]
    for key, xv in pairs:
        iv = text(info.get(key))
        if iv != xv:
            bad.append("info-xmp: %s is %r in the information, %r in the XMP" % (key, iv, xv))
    for key, xkey in (("/CreationDate", "CreateDate"), ("/ModDate", "ModifyDate")):
        iv = text(info.get(key))
        xv = q("xmp", xkey)
        if (iv is None) != (xv is None) or (iv and pdf_date(iv) != xmp_date(xv)):
            bad.append("info-xmp: %s is %r, xmp:%s %r" % (key, iv, xkey, xv))
    lang = text(root.get("/Lang"))
    if lang != q("dc", "language"):
        bad.append("info-xmp: /Lang %r, dc:language %r" % (lang, q("dc", "language")))

    vp = doc.get(root.get("/ViewerPreferences")) or {}
    if vp.get("/DisplayDocTitle") is not True:
        bad.append("viewer: no /DisplayDocTitle true")

    # --- PDF/A --------------------------------------------------------------
    if pdfa in ("2a", "2u", "1b"):
        part, conf, version = {"2a": ("2", "A", "1.7"), "2u": ("2", "U", "1.7"),
                               "1b": ("1", "B", "1.4")}[pdfa]
        if q("pdfaid", "part") != part or q("pdfaid", "conformance") != conf:
            bad.append("pdfa: pdfaid %s/%s, expected %s/%s" % (
                q("pdfaid", "part"), q("pdfaid", "conformance"), part, conf))
        with open(path, "rb") as f:
            head = f.read(64)
        if not head.startswith(b"%PDF-" + version.encode() + b"\n"):
            bad.append("pdfa: header %r, expected %%PDF-%s" % (head[:8], version))
        line2 = head.split(b"\n")[1] if b"\n" in head else b""
        if not (line2.startswith(b"%") and len(line2) >= 5 and all(c > 127 for c in line2[1:5])):
            bad.append("pdfa: no binary comment after the header")
        ident = doc.trailer.get("/ID")
        if not (isinstance(ident, list) and len(ident) == 2 and
                all(isinstance(x, str) and x.startswith("b:") and len(x) == 34 for x in ident)):
            bad.append("pdfa: trailer /ID missing or not two 16-byte strings: %r" % ident)
        elif ident[0] == "b:" + "0" * 32:
            bad.append("pdfa: trailer /ID is the placeholder")
        if "/Encrypt" in doc.trailer:
            bad.append("pdfa: encrypted")
        ois = doc.get(root.get("/OutputIntents")) or []
        ok = False
        for oi in ois:
            oi = doc.get(oi)
            prof = doc.get(oi.get("/DestOutputProfile"))
            if oi.get("/S") == "/GTS_PDFA1" and prof and prof.get("/N") == 3:
                icc = doc.data(prof)
                ok = icc[36:40] == b"acsp" and icc[16:20] == b"RGB "
        if not ok:
            bad.append("pdfa: no OutputIntent /GTS_PDFA1 with an RGB ICC profile")
        for key, o in doc.objs.items():
            v = o.get("value") if "value" in o else o.get("stream", {}).get("dict")
            if not isinstance(v, dict):
                continue
            if v.get("/Type") == "/Annot" or v.get("/Subtype") == "/Link":
                if not (isinstance(v.get("/F"), int) and v["/F"] & 4 and not v["/F"] & 0x23):
                    bad.append("pdfa: annotation %s not printable (/F %r)" % (key, v.get("/F")))
            if v.get("/Type") == "/FontDescriptor":
                if not any(k in v for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    bad.append("pdfa: font %s not embedded" % v.get("/FontName"))
                if pdfa == "1b" and "/CIDSet" not in v:
                    bad.append("pdfa: font %s has no CIDSet" % v.get("/FontName"))
            if pdfa == "1b" and "/SMask" in v:
                bad.append("pdfa: transparency (SMask) in %s" % key)

    # --- page labels --------------------------------------------------------
    if layout is not None:
        printed = [int(m.group(1)) for m in re.finditer(r"^page \d+ number=(-?\d+)", layout, re.M)]
        expect = ["Omslag" if n <= 0 else str(n) for n in printed]
        got = labels(doc, root)
        if len(got) != len(expect):
            bad.append("labels: %d pages in the PDF, %d in the layout" % (len(got), len(expect)))
        else:
            wrong = [(i + 1, g, e) for i, (g, e) in enumerate(zip(got, expect)) if g != e]
            if wrong:
                bad.append("labels: page %d is labelled %r, printed %r" % wrong[0])
    return bad


def labels(doc, root):
    """The page label of every page (PDF 32000-1 12.4.2)."""
    pages = []

    def walk(node):
        node = doc.get(node)
        if node.get("/Type") == "/Pages":
            for k in node.get("/Kids", []):
                walk(k)
        else:
            pages.append(node)

    walk(root["/Pages"])
    ranges = []

    def nums(node):
        node = doc.get(node)
        arr = node.get("/Nums", [])
        for i in range(0, len(arr) - 1, 2):
            ranges.append((arr[i], doc.get(arr[i + 1])))
        for k in node.get("/Kids", []):
            nums(k)

    if "/PageLabels" in root:
        nums(root["/PageLabels"])
    ranges.sort(key=lambda r: r[0])
    out = []
    for i in range(len(pages)):
        cur = [r for r in ranges if r[0] <= i]
        if not cur:
            out.append(str(i + 1))
            continue
        start, d = cur[-1]
        label = text(d.get("/P")) or ""
        if d.get("/S") == "/D":
            label += str(d.get("/St", 1) + i - start)
        out.append(label)
    return out


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    path, layout, pdfa = args[0], None, "2a"
    if "--layout" in args:
        with open(args[args.index("--layout") + 1], encoding="utf-8") as f:
            layout = f.read()
    if "--pdfa" in args:
        pdfa = args[args.index("--pdfa") + 1]
    bad = check(path, layout, pdfa)
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
