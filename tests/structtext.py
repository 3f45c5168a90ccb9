#!/usr/bin/python3
"""structtext.py: the structure tree of a PDF reads the source text in
source order (issue 7).

    structtext.py SOURCE.xml FILE.pdf

Compares the words of the source document (the text of its headings,
paragraphs, lists, quotations, tables and captions, in document order;
metadata, footnotes and charts left out) with the words `pdfinfo
-struct-text` gives for the PDF: the source's words must appear in the
structure text in the same order. What layout adds (cover, contents,
section and table numbers, computed figures, page furniture is not in
the structure) may come between them. Words are compared lower-cased
without punctuation; tokens without a letter (figures, whose format
layout changes) are skipped; a word hyphenated at a line end may come in
two pieces (pdfinfo shows the glyphs, not the ActualText). Prints the
first source word not found with its context and exits 1; exits 0 when
all are found.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{urn:arsrapport:1}"
SKIP = {"metadata", "fotnot", "diagram"}


def source_text(path):
    root = ET.parse(path).getroot()
    out = []

    def walk(e):
        tag = e.tag.replace(NS, "")
        if tag in SKIP:
            if e.tail:
                out.append(e.tail)
            return
        if e.text:
            out.append(e.text)
        kids = list(e)
        if tag == "tabell":
            # read as set: caption, the header rows over the column
            # heads, then the body
            def rank(ch):
                t = ch.tag.replace(NS, "")
                return {"rubrik": 0, "huvud": 1, "kolumn": 2}.get(t, 3)
            kids.sort(key=rank)
            # header rows replace the column heads (layout prints one)
            if any(rank(ch) == 1 for ch in kids):
                kids = [ch for ch in kids if rank(ch) != 2]
        for ch in kids:
            walk(ch)
        out.append(" ")
        if e.tail:
            out.append(e.tail)

    walk(root)
    return "".join(out)


def struct_text(pdf):
    r = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True,
                       text=True, check=False)
    parts = []
    prev_quoted = False
    for line in r.stdout.splitlines():
        m = re.match(r'^\s*"(.*)"\s*$', line)
        if m:
            parts.append(m.group(1) if prev_quoted else " " + m.group(1))
            prev_quoted = True
        else:
            parts.append(" ")
            prev_quoted = False
    return "".join(parts)


def words(text):
    out = []
    for t in re.split(r"[\s\u00a0\u2009\u202f]+", text):
        w = re.sub(r"[^\w-]", "", t.lower()).strip("-")
        if any(c.isalpha() for c in w):
            out.append(w)
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    src = words(source_text(argv[1]))
    pdf = words(struct_text(argv[2]))
    if not pdf:
        print(f"{argv[2]}: no structure text")
        return 1
    j = 0
    for i, w in enumerate(src):
        flat = w.replace("-", "")
        k = j
        found = False
        while k < len(pdf):
            if pdf[k] == w or pdf[k].replace("-", "") == flat:
                j = k + 1
                found = True
                break
            if k + 1 < len(pdf) and \
                    (pdf[k] + pdf[k + 1]).replace("-", "") == flat:
                j = k + 2
                found = True
                break
            k += 1
        if not found:
            ctx = " ".join(src[max(0, i - 5):i + 5])
            got = " ".join(pdf[max(0, j - 5):j + 5])
            print(f"{argv[1]}: word {i + 1} \"{w}\" not found in order in "
                  f"the structure text\n  source: ...{ctx}...\n  "
                  f"structure after the last match: ...{got}...")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
