#!/usr/bin/env python3
"""typo_compare.py: the typographic figures of issue 24 for PDFs of the
same content (ours and pdflatex's from the peer bench), measured the same
way on each from `pdftotext -bbox-layout`:

  full lines   lines of running text set to the measure (the most common
               line width, within 1.5 pt), the justified lines; not the
               contents' lines with leader dots
  hyphenated   full lines ending in a hyphen after a letter, share of them
  spaces       the gaps between the words of full lines, in pt: median,
               90th percentile and largest, and the 90th percentile and the
               largest over the median (the spread)
  loose        full lines whose mean gap is over 1.5 times the median gap

Usage: typo_compare.py NAME=FILE.pdf [NAME=FILE.pdf ...]; prints a table.
Needs poppler-utils (pdftotext). The standard library only.
"""
import re
import subprocess
import sys
from collections import Counter

LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                  r'yMax="([\d.]+)">(.*?)</line>', re.S)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                  r'yMax="[\d.]+">(.*?)</word>')


def measure(pdf):
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"],
                         capture_output=True, check=True).stdout
    lines = []
    for m in LINE.finditer(out.decode("utf-8", "replace")):
        words = [(float(a), float(b), t) for a, b, t in WORD.findall(m.group(5))]
        if sum(1 for w in words if w[2] == ".") >= 3:
            continue  # a contents line with its leader dots
        if words:
            lines.append((float(m.group(3)) - float(m.group(1)), words))
    widths = Counter(round(w) for w, ws in lines if len(ws) >= 6)
    measure_w = widths.most_common(1)[0][0]
    full = [ws for w, ws in lines if abs(w - measure_w) <= 1.5 and len(ws) >= 2]
    gaps, means = [], []
    hyph = 0
    for ws in full:
        g = [ws[i + 1][0] - ws[i][1] for i in range(len(ws) - 1)]
        gaps.extend(g)
        means.append(sum(g) / len(g))
        last = ws[-1][2]
        if len(last) >= 3 and last.endswith("-") and last[-2].isalpha():
            hyph += 1
    gaps.sort()
    med = gaps[len(gaps) // 2]
    p90 = gaps[len(gaps) * 9 // 10]
    loose = sum(1 for x in means if x > 1.5 * med)
    return {"measure": measure_w, "full": len(full), "hyph": hyph,
            "med": med, "p90": p90, "max": gaps[-1], "loose": loose}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print("%-10s %7s %6s %7s %7s %6s %6s %6s %7s %7s %6s" %
          ("", "measure", "lines", "hyph", "share", "med pt", "p90 pt",
           "max pt", "p90/med", "max/med", "loose"))
    for arg in sys.argv[1:]:
        name, _, pdf = arg.partition("=")
        r = measure(pdf)
        print("%-10s %7d %6d %7d %6.1f%% %6.2f %6.2f %6.2f %7.2f %7.2f %6d" %
              (name, r["measure"], r["full"], r["hyph"],
               100.0 * r["hyph"] / max(r["full"], 1), r["med"], r["p90"],
               r["max"], r["p90"] / r["med"], r["max"] / r["med"], r["loose"]))


if __name__ == "__main__":
    main()
