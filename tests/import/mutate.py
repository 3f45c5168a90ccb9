#!/usr/bin/python3
"""mutate.py SEED IN OUT: a damaged copy of the import fixture IN.

Markdown is mutated as it is; a .docx or .odt is unpacked, its XML parts
mutated (bytes cut, copied, or fragments that open tables, spans, lists
and footnotes inserted) and packed again with valid CRCs, so the damage
reaches the XML reader and the builder rather than stopping at the zip
layer. Deterministic for a seed."""
import random
import sys
import zipfile

random.seed(int(sys.argv[1]))
src, dst = sys.argv[2], sys.argv[3]
FRAGMENTS = [b"<w:tbl><w:tr><w:tc>", b"</w:p>", b"<w:p>", b'<w:gridSpan w:val="99999"/>',
             b"<text:list>", b"|", b"||", b"[^1]", b"> ", b"#", b"\n- ", b"\n  1. ",
             b'<table:table-cell table:number-columns-spanned="70000">',
             b'<w:footnoteReference w:id="1"/>', b'<w:numPr><w:ilvl w:val="8"/></w:numPr>',
             b"<w:fldChar w:fldCharType=\"begin\"/>", b"\x00", b"\xff"]


def mutate(b):
    b = bytearray(b)
    for _ in range(random.randint(1, 8)):
        op = random.random()
        i = random.randrange(len(b)) if b else 0
        if op < 0.4 and b:
            del b[i:min(len(b), i + random.randint(1, 40))]
        elif op < 0.7:
            k = random.randrange(len(b)) if b else 0
            b[i:i] = b[k:k + random.randint(1, 200)]
        else:
            b[i:i] = random.choice(FRAGMENTS)
    return bytes(b)


if src.endswith(".md"):
    with open(src, "rb") as f, open(dst, "wb") as g:
        g.write(mutate(f.read()))
else:
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for it in zi.infolist():
            d = zi.read(it.filename)
            if it.filename.endswith(("document.xml", "content.xml", "styles.xml",
                                     "footnotes.xml", "numbering.xml")) and random.random() < 0.7:
                d = mutate(d)
            zo.writestr(it.filename, d)
