#!/usr/bin/env python3
"""coverage.py SOURCE.txt DOC.pdf [-v]: the share of the source's words that
the PDF's text carries, in order.

Both texts come from PDFs, so words are broken at line ends: with a hyphen
("kvalitets-" / "arbete") or, in the narrow columns of tables, without one
("resultatindi" / "katorer"). A word broken at a line end is joined when the
joined form is a word of the other text and the pieces are not both words of
it; "Barn- och" (a compound sharing its last part) stays apart."""
import difflib
import re
import subprocess
import sys


def pieces(text):
    """(word, how it ends): 'hyphen-nl' for "-" and a line end, 'nl' for a
    line end, '' otherwise."""
    out = []
    for m in re.finditer(r"(\w+)(-?)([ \t]*\n)?", text):
        w, hy, nl = m.group(1), m.group(2), m.group(3)
        end = "hyphen-nl" if hy and nl else "nl" if nl else ""
        out.append((w.lower(), end))
    return out


def words(text, vocab):
    p = pieces(text)
    out, i = [], 0
    while i < len(p):
        w, end = p[i]
        if end and i + 1 < len(p):
            nxt = p[i + 1][0]
            joined = w + nxt
            if joined in vocab and not (w in vocab and nxt in vocab):
                out.append(joined)
                i += 2
                continue
        out.append(w)
        i += 1
    return out


def plain_vocab(text):
    return set(w.lower() for w in re.findall(r"\w+", text))


src_text = open(sys.argv[1], encoding="utf-8").read()
pdf_text = subprocess.run(["pdftotext", "-enc", "UTF-8", sys.argv[2], "-"],
                          capture_output=True, text=True, check=True).stdout
src = words(src_text, plain_vocab(pdf_text))
pdf = words(pdf_text, plain_vocab(src_text))
sm = difflib.SequenceMatcher(None, src, pdf, autojunk=False)
blocks = sm.get_matching_blocks()
found = sum(b.size for b in blocks)
print(f"{100.0 * found / max(1, len(src)):.1f} % ({found} of {len(src)} words)")
if "-v" in sys.argv[3:]:
    i = 0
    for b in blocks:
        if b.a > i:
            print("saknas:", " ".join(src[i:b.a]))
        i = b.a + b.size
