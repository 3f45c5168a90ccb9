#!/usr/bin/env python3
"""model2xml.py: the benchmark's neutral report model (JSON, schema
kommunrapport-peer-model/1, made by ../shared/bench/gen_report.py) as an
arsrapport XML document, so that arsrapport gets the same content as the
peer tools.

    model2xml.py model.json > rapport.xml

Sections and subsections become nested <avsnitt> (numbering is computed by
arsrapport, so the model's numbers are not typed into the headings),
paragraphs <stycke>, bullet lists <lista>, tables <tabell> with typed
columns, data rows and a stated <summa> row that arsrapport checks against
its own sum. Amounts are written the Swedish way (no-break space groups,
decimal comma, U+2212 minus), as an author would paste them.
"""
import json
import re
import sys
from xml.sax.saxutils import escape, quoteattr

NBSP = "\u00a0"


def amount(v, decimals):
    s = f"{abs(v):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return ("\u2212" if v < 0 else "") + s


def table(b, out):
    cols = b["columns"]
    unit = next((c.get("unit") for c in cols if c.get("unit")), None)
    caption = re.sub(r"^Tabell [\d.]+\.\s*", "", b.get("caption", ""))
    if unit:
        caption = re.sub(r",\s*" + re.escape(unit) + r"$", "", caption)
    attrs = f' id={quoteattr(b["id"])}' if b.get("id") else ""
    if unit:
        attrs += f" enhet={quoteattr(unit)}"
    out.append(f"      <tabell{attrs}>")
    out.append(f"        <rubrik>{escape(caption)}</rubrik>")
    for c in cols:
        if c["kind"] == "text":
            out.append(f'        <kolumn typ="text">{escape(c["title"])}</kolumn>')
        else:
            out.append(f'        <kolumn typ="belopp" decimaler="{c.get("decimals", 0)}">'
                       f'{escape(c["title"])}</kolumn>')
    decs = [c.get("decimals", 0) for c in cols[1:]]
    for r in b["rows"]:
        cells = [escape(r["label"])] + [amount(v, d) for v, d in zip(r["values"], decs)]
        out.append("        <rad>" + "".join(f"<cell>{c}</cell>" for c in cells) + "</rad>")
    t = b.get("total")
    if t:
        cells = [escape(t["label"])] + [amount(v, d) for v, d in zip(t["values"], decs)]
        out.append("        <summa>" + "".join(f"<cell>{c}</cell>" for c in cells) + "</summa>")
    out.append("      </tabell>")


def blocks(bs, out):
    for b in bs:
        if b["type"] == "paragraph":
            out.append(f"      <stycke>{escape(b['text'])}</stycke>")
        elif b["type"] == "bullets":
            out.append("      <lista>")
            out.extend(f"        <punkt>{escape(i)}</punkt>" for i in b["items"])
            out.append("      </lista>")
        elif b["type"] == "table":
            table(b, out)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        m = json.load(f)
    meta = m["meta"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<rapport xmlns="urn:arsrapport:1" typ={quoteattr(meta["kind"])} xml:lang="sv">',
           "  <metadata>",
           f"    <titel>{escape(meta['title'])}</titel>",
           f"    <organisation>{escape(meta['organisation'])}</organisation>",
           f"    <datum>{escape(meta['date'])}</datum>",
           f"    <forfattare>{escape(meta['author'])}</forfattare>",
           "  </metadata>"]
    for s in m["sections"]:
        out.append(f"  <avsnitt>\n    <rubrik>{escape(s['title'])}</rubrik>")
        blocks(s.get("blocks", []), out)
        for ss in s.get("subsections", []):
            out.append(f"    <avsnitt>\n      <rubrik>{escape(ss['title'])}</rubrik>")
            blocks(ss.get("blocks", []), out)
            out.append("    </avsnitt>")
        out.append("  </avsnitt>")
    out.append("</rapport>")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
