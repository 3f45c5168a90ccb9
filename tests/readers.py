#!/usr/bin/python3
"""readers.py: every PDF reader the tests have reads a PDF cleanly and the
same.

    readers.py [-j N] [--gs-text] DOC.pdf [DOC.pdf ...]

Each file is read by

  qpdf        qpdf --check: exit 0 and no warning
  poppler     pdfinfo and pdftotext -enc UTF-8: nothing on stderr
  mupdf       mutool draw -F txt: nothing on stderr (but the one line
              "ICC support is not available" that Debian's MuPDF prints
              for any file with an OutputIntent: a property of the reader,
              not of the file)
  ghostscript gs -sDEVICE=nullpage (every page interpreted, nothing
              drawn; txtwrite takes twenty times as long): nothing printed,
              exit 0
  pikepdf     Pdf.check() finds nothing, every page's content stream
              parses, and qpdf (inside pikepdf) logs no warning

(pikepdf also: every character code a font's ToUnicode map lists one by
one, the codes the text shows beyond ASCII, has a glyph: its CID, through
the font's Encoding CMap, is not glyph 0, .notdef, in the CIDToGIDMap;
PDF/A forbids .notdef in text), and the text MuPDF extracts must equal
poppler's, letter for letter: both
read with white space and line breaks removed, compared as multisets of
characters (the readers order the lines of a page differently: running
headers, table cells, rotated text), a hyphen at the end of a line left
out (MuPDF shows a hyphenated word's parts, not its ActualText), and
combining marks left out (poppler drops marks stacked on one letter).
Neither
may hold U+FFFD, the
replacement character a reader puts where a code has no Unicode value.

With --gs-text Ghostscript extracts the text too (txtwrite), and its
letters must equal poppler's as MuPDF's do.

Prints one line per problem ("FILE: reader: what") and exits 1 when there
is any, else prints nothing and exits 0. Needs Debian's python3 with
python3-pikepdf, poppler-utils, qpdf, mupdf-tools and ghostscript (make
deps).
"""
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import unicodedata
import warnings

GS_TEXT = False
MUPDF_ENV_NOISE = ("warning: ICC support is not available",)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def letters(text):
    # a hyphen that ends a line is left out: MuPDF (1.21) does not read the
    # ActualText of a hyphenated word (poppler gives "kvalitetsarbete",
    # MuPDF "kvalitets-" and "arbete")
    text = re.sub(r"[-\u00ad][ \t]*\n", "\n", text)
    # combining marks (Mn) are left out: poppler drops a glyph drawn where
    # the same glyph already stands (its remedy for fake bold), so of a run
    # of identical marks stacked on one letter it keeps none, MuPDF all;
    # a mark without a Unicode value still shows as U+FFFD or .notdef
    return collections.Counter(c for c in text if not c.isspace() and
                               unicodedata.category(c) != "Mn")


HEX = r"<([0-9A-Fa-f]+)>"


def notdef_codes(pdf):
    """The codes that a Type0 font's ToUnicode lists in bfchar entries but
    whose CID maps to glyph 0, as "font: code" strings."""
    import pikepdf
    found, seen = [], set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for name, font in fonts.items():
            if font.get("/Subtype") != "/Type0" or font.objgen in seen:
                continue
            seen.add(font.objgen)
            desc = font.DescendantFonts[0]
            c2g = desc.get("/CIDToGIDMap")
            if not isinstance(c2g, pikepdf.Stream) or "/ToUnicode" not in font:
                continue
            gids = c2g.read_bytes()
            enc = font.get("/Encoding")
            ranges = []
            if isinstance(enc, pikepdf.Stream):
                txt = enc.read_bytes().decode("latin-1")
                for blk in re.findall(r"begincidrange(.*?)endcidrange", txt, re.S):
                    for lo, hi, cid in re.findall(HEX + r"\s*" + HEX + r"\s*(\d+)", blk):
                        ranges.append((int(lo, 16), int(hi, 16), int(cid)))
                for blk in re.findall(r"begincidchar(.*?)endcidchar", txt, re.S):
                    for lo, cid in re.findall(HEX + r"\s*(\d+)", blk):
                        ranges.append((int(lo, 16), int(lo, 16), int(cid)))
            tu = font.ToUnicode.read_bytes().decode("latin-1")
            for blk in re.findall(r"beginbfchar(.*?)endbfchar", tu, re.S):
                for code, _ in re.findall(HEX + r"\s*" + HEX, blk):
                    c = int(code, 16)
                    cid = c  # Identity-H
                    for lo, hi, first in ranges:
                        if lo <= c <= hi:
                            cid = first + c - lo
                    g = gids[2 * cid:2 * cid + 2]
                    if len(g) < 2 or g == b"\0\0":
                        found.append("%s code <%s>" % (font.get("/BaseFont"), code))
    return found


def check(path):
    bad = []
    if not os.path.isfile(path):
        return ["%s: no such file" % path]

    rc, out, err = run(["qpdf", "--check", path])
    if rc != 0 or "WARNING" in out + err:
        bad.append("qpdf: exit %d %s" % (rc, (out + err).strip().splitlines()[-1:]))

    rc, out, err = run(["pdfinfo", path])
    if rc != 0 or err.strip():
        bad.append("pdfinfo: exit %d %s" % (rc, err.strip()[:200]))
    rc, poppler, err = run(["pdftotext", "-enc", "UTF-8", path, "-"])
    if rc != 0 or err.strip():
        bad.append("pdftotext: exit %d %s" % (rc, err.strip()[:200]))

    rc, mupdf, err = run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", path])
    noise = [l for l in err.splitlines()
             if l.strip() and l.strip() not in MUPDF_ENV_NOISE]
    if rc != 0 or noise:
        bad.append("mupdf: exit %d %s" % (rc, " | ".join(noise[:3])))

    gs_text = None
    if GS_TEXT:
        rc, gs_text, err = run(["gs", "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH",
                                "-sDEVICE=txtwrite", "-sOutputFile=-", path])
        out = ""
    else:
        rc, out, err = run(["gs", "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH",
                            "-sDEVICE=nullpage", "-sOutputFile=/dev/null", path])
    if rc != 0 or out.strip() or err.strip():
        bad.append("ghostscript: exit %d %s" % (rc, (out + err).strip()[:200]))

    try:
        import pikepdf
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pikepdf.open(path) as pdf:
                problems = list(pdf.check())
                for page in pdf.pages:
                    pikepdf.parse_content_stream(page)
                problems += [str(w) for w in pdf.get_warnings()]
                problems += ["glyph 0 (.notdef) for %s" % c
                             for c in notdef_codes(pdf)[:3]]
            problems += [str(w.message) for w in caught]
        if problems:
            bad.append("pikepdf: %s" % " | ".join(problems[:3]))
    except ImportError:
        bad.append("pikepdf: not installed (Debian's python3-pikepdf)")
    except Exception as e:  # a file pikepdf cannot read at all
        bad.append("pikepdf: %s" % e)

    for name, text in (("pdftotext", poppler), ("mupdf", mupdf)):
        if "\ufffd" in text:
            bad.append("%s: U+FFFD in the text (%d times)"
                       % (name, text.count("\ufffd")))
    a, b = letters(mupdf), letters(poppler)
    if a != b:
        only_mu = "".join(sorted((a - b).elements()))
        only_pp = "".join(sorted((b - a).elements()))
        bad.append("text: mupdf and pdftotext differ: only mupdf %r, only "
                   "pdftotext %r" % (only_mu[:60], only_pp[:60]))
    if gs_text is not None and letters(gs_text) != b:
        g = letters(gs_text)
        bad.append("text: ghostscript and pdftotext differ: only ghostscript "
                   "%r, only pdftotext %r"
                   % ("".join(sorted((g - b).elements()))[:60],
                      "".join(sorted((b - g).elements()))[:60]))
    if not b:
        bad.append("text: pdftotext finds no text")
    return ["%s: %s" % (path, m) for m in bad]


def main(argv):
    paths = argv[1:]
    jobs = 1
    global GS_TEXT
    while paths and paths[0] in ("-j", "--gs-text"):
        if paths[0] == "--gs-text":
            GS_TEXT = True
            paths = paths[1:]
        elif len(paths) >= 2:
            jobs = max(1, int(paths[1]))
            paths = paths[2:]
        else:
            break
    if not paths:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    # the readers are processes: N files at a time (-j), reported in order
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        results = list(ex.map(check, paths))
    bad = [line for r in results for line in r]
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
