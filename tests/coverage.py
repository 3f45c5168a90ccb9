#!/usr/bin/env python3
"""coverage.py SOURCE.txt DOC.pdf [-v] [--min PCT] [--layout] [--moved N]:
the share of the source's words that the PDF's text carries, in order.

Prints "P % (F of N words)"; with --min, exits 1 when P is below PCT.
With -v, prints every run of source words not found ("saknas:") and every
run counted as moved ("flyttat:").

Which words are the same. Both texts come from PDFs, so words are broken
at line ends: with a hyphen ("kvalitets-" / "arbete") or, in the narrow
columns of tables, without one ("resultatindi" / "katorer", "Budget" /
"avvikelse"). A word broken at a line end is joined when the joined form is
a word of the other text and:
  - the line ends with a hyphen (a compound sharing its last part, "Barn-
    och", stays apart because "barnoch" is no word of the other text), or
  - the other text never has the two pieces as consecutive words (so
    "budget / avvikelse" in a column head joins when the PDF prints
    "Budgetavvikelse", and two words that merely end and start lines stay
    apart).

Order. The PDF's text is read in content-stream order (pdftotext -raw):
arsrapport draws every table row cell by cell, left to right, which is the
order the source extracts give, whereas pdftotext's default layout
analysis interleaves the lines of cells that share a baseline. --layout
uses the default order instead.

Moved text. Some source extracts read a two-column page with its columns
swapped; the transcription restores reading order, so a whole passage
stands elsewhere in the PDF. A run of at least N (--moved, default 12)
consecutive source words that are missing in order but stand verbatim,
consecutively, among the PDF words not matched otherwise is counted as
found, and -v lists it as moved. Each PDF word is used at most once, so a
source line repeated (a table head repeated at a page break) is only
found where the PDF repeats it too. Shorter runs are not counted: a table
cell read in another order is still missing."""
import argparse
import difflib
import re
import subprocess
import sys


COMPOUND_NEXT = {"och", "eller", "samt", "respektive", "resp", "and", "or"}


def pieces(text):
    """(word, how it ends): 'hyphen-nl' for "-" and a line end, 'nl' for a
    line end, '' otherwise."""
    # A number's digit groups are one word, however they are spaced:
    # "1200" in a source and "1 200" as arsrapport prints it are the same.
    text = re.sub(r"(?<![\d,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)",
                  lambda m: re.sub(r"\s", "", m.group(0)), text)
    out = []
    for m in re.finditer(r"(\w+)(-?)([ \t]*\n|[ \t]+)?", text):
        w, hy, sp = m.group(1), m.group(2), m.group(3)
        nl = sp and "\n" in sp
        # "verksam- hetsplan": a line-end hyphen whose line end the
        # extraction turned into a space counts as one.
        end = "hyphen-nl" if hy and sp else "nl" if nl else ""
        out.append((w.lower(), end))
    # "Barn- och ungdomsvård": a hyphen before a conjunction marks a
    # compound sharing its last part, never a word broken at a line end.
    for k in range(len(out) - 1):
        if out[k][1] == "hyphen-nl" and out[k + 1][0] in COMPOUND_NEXT:
            out[k] = (out[k][0], "")
    return out


def words(text, vocab, bigrams):
    p = pieces(text)
    out, i = [], 0
    while i < len(p):
        w, end = p[i]
        if end and i + 1 < len(p):
            nxt = p[i + 1][0]
            joined = w + nxt
            if joined in vocab and (end == "hyphen-nl" or
                                    (w, nxt) not in bigrams):
                out.append(joined)
                i += 2
                continue
        out.append(w)
        i += 1
    return out


def vocab_of(text):
    """The other text's words: as printed, and joined across a line-end
    hyphen (so "kvalitets-" / "redovisning" in the source finds
    "kvalitetsredovisning" even when the PDF breaks it too)."""
    p = pieces(text)
    v = set(w for w, _ in p)
    for (w, end), (nxt, _) in zip(p, p[1:]):
        if end == "hyphen-nl":
            v.add(w + nxt)
    return v


def bigrams_of(text):
    p = [w for w, _ in pieces(text)]
    return set(zip(p, p[1:]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source")
    ap.add_argument("pdf")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--min", type=float)
    ap.add_argument("--layout", action="store_true")
    ap.add_argument("--moved", type=int, default=12)
    a = ap.parse_args()

    src_text = open(a.source, encoding="utf-8").read()
    cmd = ["pdftotext", "-enc", "UTF-8"] + ([] if a.layout else ["-raw"])
    pdf_text = subprocess.run(cmd + [a.pdf, "-"], capture_output=True,
                              text=True, check=True).stdout
    src = words(src_text, vocab_of(pdf_text), bigrams_of(pdf_text))
    pdf = words(pdf_text, vocab_of(src_text), bigrams_of(src_text))
    blocks = difflib.SequenceMatcher(None, src, pdf,
                                     autojunk=False).get_matching_blocks()
    found = sum(b.size for b in blocks)

    # The gaps: runs of source words not matched in order.
    gaps, i = [], 0
    for b in blocks:
        if b.a > i:
            gaps.append((i, b.a))
        i = b.a + b.size

    # Moved runs, matched against the PDF words left over (a matched word
    # becomes a token no source word equals).
    rest = list(pdf)
    for b in blocks:
        rest[b.b:b.b + b.size] = [None] * b.size
    missing = []  # (start, end, moved?)
    for g0, g1 in gaps:
        pos = g0
        if a.moved > 0 and g1 - g0 >= a.moved:
            sm = difflib.SequenceMatcher(None, src[g0:g1], rest,
                                         autojunk=False)
            for m in sm.get_matching_blocks():
                if m.size < a.moved:
                    continue
                if g0 + m.a > pos:
                    missing.append((pos, g0 + m.a, False))
                missing.append((g0 + m.a, g0 + m.a + m.size, True))
                rest[m.b:m.b + m.size] = [None] * m.size
                found += m.size
                pos = g0 + m.a + m.size
        if g1 > pos:
            missing.append((pos, g1, False))

    share = 100.0 * found / max(1, len(src))
    print(f"{share:.1f} % ({found} of {len(src)} words)")
    if a.v:
        for s, e, moved in missing:
            print("flyttat:" if moved else "saknas:", " ".join(src[s:e]))
    if a.min is not None and share < a.min:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
