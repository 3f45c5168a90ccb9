#!/usr/bin/env python3
"""tablecheck.py DOC.xml DOC.pdf [-v]: every figure of every table of the
document is printed in the PDF, in the table's own place, in order.

The tables are numbered through the document ("Tabell N", in document
order), so table N of the XML is looked for between the PDF's caption line
"Tabell N" and the first caption of table N+1 (its continuations "Tabell N
(forts.)" included), or the "Problem i utkastet" pages, or the end. In that
stretch of `pdftotext -raw` (content-stream order: row after row, cell
after cell), each stated figure of a numeric column (belopp, tal, procent;
rows, varav rows, group and table totals) must be found after the one
before it, printed as arsrapport prints it: digit groups with a space or
no-break space, a minus sign (U+2212) or hyphen, a decimal comma, rounded
to the column's `decimaler`. Figures the tool computes (empty total cells,
formula columns) are not in the XML and not looked for; missing-value
marks (-, ., ..) are skipped.

Prints one line per table ("ok" or what is missing) and a summary; exits 1
when a figure is missing."""
import decimal
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NUMERIC = {"belopp", "tal", "procent"}
SPACE = "[ \u00a0\u202f]"


def cells_of(row):
    """The row's cells, one per column (a cell with spann="k" covers k)."""
    out = []
    for c in row.findall("cell"):
        text = "".join(c.itertext()).strip()
        out.append(text)
        out.extend([None] * (int(c.get("spann", "1")) - 1))
    return out


def figure_rows(table):
    """Rows of a table in document order: rad and summa, groups opened."""
    for el in table:
        if el.tag in ("rad", "summa"):
            yield el
        elif el.tag == "grupp":
            yield from figure_rows(el)


def pattern(text, decimals):
    """A regex for the printed form of a stated figure, or None for a cell
    that holds no figure."""
    t = text.replace("\u2212", "-").replace("\u2013", "-")
    t = re.sub(r"[\s\u00a0\u202f]", "", t).rstrip("%")
    if not re.fullmatch(r"[+-]?\d+(,\d+)?", t):
        return None
    d = decimal.Decimal(t.replace(",", "."))
    if decimals is not None:
        d = d.quantize(decimal.Decimal(1).scaleb(-decimals),
                       rounding=decimal.ROUND_HALF_UP)
    neg = d < 0
    s = format(abs(d), "f")
    whole, _, frac = s.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    body = (SPACE + "?").join(groups) + ("," + frac if frac else "")
    sign = "[\u2212-]" if neg else ""
    return re.compile(r"(?<![\d,])" + sign + body + r"(?![\d]|,\d)")


def main():
    xml_path, pdf_path = sys.argv[1], sys.argv[2]
    verbose = "-v" in sys.argv[3:]
    root = ET.parse(xml_path).getroot()
    for el in root.iter():  # the vocabulary's namespace, urn:arsrapport:1
        el.tag = el.tag.rpartition("}")[2]
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf_path,
                           "-"], capture_output=True, text=True,
                          check=True).stdout
    # a page's first line starts with a form feed
    end = re.search(r"^\f?(Problem i utkastet|Problems in the draft)", text,
                    re.M)
    if end:
        text = text[:end.start()]

    def caption(n):
        m = re.search(r"^\f?(?:Tabell|Table) %d(?:[.:]|$| \()" % n, text,
                      re.M)
        return m.start() if m else None

    tables = list(root.iter("tabell"))
    bad = checked = 0
    for n, table in enumerate(tables, 1):
        name = table.get("id") or "Tabell %d" % n
        start = caption(n)
        if start is None:
            print("%s (Tabell %d): the caption is not in the PDF" % (name, n))
            bad += 1
            continue
        stop = caption(n + 1) if n < len(tables) else None
        region = text[start:stop if stop is not None else len(text)]
        cols = table.findall("kolumn")
        missing, count, pos = [], 0, 0
        for row in figure_rows(table):
            for col, cell in zip(cols, cells_of(row)):
                if cell is None or col.get("typ") not in NUMERIC:
                    continue
                dec = col.get("decimaler")
                pat = pattern(cell, int(dec) if dec else None)
                if pat is None:
                    continue
                count += 1
                m = pat.search(region, pos)
                if m:
                    pos = m.end()
                else:
                    missing.append(cell)
        checked += count
        if missing:
            bad += 1
            print("%s (Tabell %d): %d of %d figures not found in order: %s"
                  % (name, n, len(missing), count, " | ".join(missing)))
        elif verbose:
            print("%s (Tabell %d): ok, %d figures" % (name, n, count))
    print("%d tables, %d figures, %d tables with missing figures"
          % (len(tables), checked, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
