#!/usr/bin/env python3
"""draftmarks.py: the documents and the checks of tests/draftmarks.sh.

    draftmarks.py gen DIR            writes utkast.xml, english.xml,
                                     varningar.xml and their keys (which
                                     problem line is in which block, named
                                     by the block's first word) to DIR
    draftmarks.py CHECK DIR NAME     CHECK of DIR/NAME.pdf (and .html,
                                     .layout, check.err): list, links,
                                     marks, web, english, none

A check prints a short summary and exits 0, or prints its problems and
exits 1. Pages are told apart by their footer ("Sida N av M" / "Page N of
M"), never by a pinned number: what a problem's entry says is compared
with where the PDF put the block's word.
"""
import html.parser
import json
import os
import re
import subprocess
import sys

# the text block's right edge on A4 with the default 27 mm margins (pt)
RIGHT_EDGE = (595276 - 27 * 2835) / 1000.0
FOOTER = re.compile(r"(?:Sida|Page) (\d+) (?:av|of) \d+")
ENTRY = re.compile(r"^(fel|varning|error|warning) (\S+) (\d+)(?::(\d+))?\s"
                   r"(.*?)\s*((?:s|p)\.[ \u00a0]\d+|ingen sida|no page)\s*$")


def write_doc(path, lang, kind, meta, blocks):
    """Writes the document; returns {line: word} for the lines of blocks
    whose problems are expected at the block named by word."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<rapport xmlns="urn:arsrapport:1" typ="{kind}" '
             f'xml:lang="{lang}">',
             f'<metadata>{meta}</metadata>']
    key, web = {}, {}
    for text, word in blocks:
        for part in text.split("\n"):
            lines.append(part)
            if word:
                # "row|table": the PDF marks a table's row, the web
                # edition the table
                key[len(lines)] = word.split("|")[0]
                web[len(lines)] = word.split("|")[-1]
    lines.append("</rapport>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(path + ".key", "w", encoding="utf-8") as f:
        json.dump({"key": key, "web": web}, f)


FILL = ("Texten fyller ut sidan med vanliga ord om verksamheten under "
        "perioden och om vad som har hänt sedan förra rapporten. ")


def gen(d):
    meta = ("<titel>Delårsrapport 2027</titel><organisation>Kommun"
            "</organisation><period start=\"2026-01-01\" "
            "slut=\"2026-08-31\"/><datum>2026-09-15</datum>")
    pb = "<sidbrytning/>"
    blocks = [
        ("<avsnitt><rubrik>Inledning</rubrik>", None),
        (f"<stycke>Alfaord {FILL}</stycke>", None),
        (f"<stycke>Betaord kostar 5 mkr mer. {FILL}</stycke>", "Betaord"),
        ("</avsnitt>" + pb, None),
        ("<avsnitt><rubrik>Verksamhet</rubrik>", None),
        (f"<stycke>{FILL}</stycke>", None),
        ("<lista>", None),
        ("<punkt>Gammaord gäller åldrarna 40-49 år.</punkt>", "Gammaord"),
        ("<punkt>Inget att anmärka.</punkt>", None),
        ("</lista>", None),
        ("</avsnitt>" + pb, None),
        ("<avsnitt><rubrik>Ekonomi</rubrik>", None),
        ('<tabell id="t" enhet="tkr"><rubrik>Deltaord</rubrik>'
         '<kolumn typ="text"/><kolumn id="b" typ="belopp">Budget</kolumn>',
         None),
        # long enough to continue on the next page: its total's problem
        # is on the total's page, at the total
        ("\n".join(f"<rad><cell>Post {i}</cell><cell>1</cell></rad>"
                   for i in range(1, 71)), None),
        ("<summa><cell>Deltasumma</cell><cell>80</cell></summa>",
         "Deltasumma|Deltaord"),
        ("</tabell>", None),
        ("</avsnitt>" + pb, None),
        ("<avsnitt><rubrik>Personal</rubrik>", None),
        (f"<stycke>{FILL}</stycke>", None),
        ("<avsnitt><rubrik>Epsilonord</rubrik></avsnitt>", "Epsilonord"),
        ("<avsnitt><rubrik>Citat</rubrik>", None),
        ("<citat><stycke>Zetaord står kvar XXX i citatet.</stycke></citat>",
         "Zetaord"),
        ("</avsnitt>", None),
        ("</avsnitt>" + pb, None),
        ("<avsnitt><rubrik>Framtid</rubrik>", None),
        (f"<stycke>{FILL}</stycke>", None),
        ("<stycke>Etaord TODO: räkna om 3 mkr.</stycke>", "Etaord"),
        ("</avsnitt>", None),
    ]
    write_doc(os.path.join(d, "utkast.xml"), "sv", "delarsrapport", meta,
              blocks)
    en_meta = ("<titel>Interim report 2026</titel><organisation>Town"
               "</organisation><period start=\"2026-01-01\" "
               "slut=\"2026-08-31\"/><datum>2026-09-15</datum>")
    write_doc(os.path.join(d, "english.xml"), "en", "prov", en_meta, [
        ("<avsnitt><rubrik>Finances</rubrik>", None),
        ("<stycke>Thetaword is XXX still.</stycke>", "Thetaword"),
        ("</avsnitt>", None)])
    write_doc(os.path.join(d, "varningar.xml"), "sv", "prov", meta.replace(
        "2027</titel>", "2026</titel>"), [
        ("<avsnitt><rubrik>Ekonomi</rubrik>", None),
        ("<stycke>Iotaord kostar 5 mkr.</stycke>", "Iotaord"),
        ("</avsnitt>", None)])
    return 0


# --- reading the outputs ------------------------------------------------------

def pages_text(pdf):
    out = subprocess.run(["pdftotext", "-layout", pdf, "-"],
                         capture_output=True, text=True).stdout
    return out.split("\f")


def printed(text):
    m = FOOTER.search(text)
    return int(m.group(1)) if m else None


class Words(html.parser.HTMLParser):
    """pdftotext -bbox: per page its height and words with boxes."""

    def __init__(self):
        super().__init__()
        self.pages, self.cur = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "page":
            self.pages.append({"h": float(a["height"]), "words": []})
        elif tag == "word":
            self.cur = [float(a["xmin"]), float(a["ymin"]),
                        float(a["xmax"]), float(a["ymax"]), ""]

    def handle_data(self, data):
        if self.cur is not None:
            self.cur[4] += data

    def handle_endtag(self, tag):
        if tag == "word" and self.cur is not None:
            self.pages[-1]["words"].append(self.cur)
            self.cur = None


def bbox(pdf):
    w = Words()
    w.feed(subprocess.run(["pdftotext", "-bbox", pdf, "-"],
                          capture_output=True, text=True).stdout)
    return w.pages


def load(d, name, which="key"):
    with open(os.path.join(d, name + ".xml.key"), encoding="utf-8") as f:
        k = json.load(f)
    return {int(line): w for line, w in k[which].items()}


def entries(texts):
    """The problem list's entries: (severity, rule, line, page text)."""
    first = next((i for i, t in enumerate(texts)
                  if re.search(r"Problem i utkastet|Problems in the draft",
                               t)), None)
    if first is None:
        return None, []
    out = []
    for t in texts[first:]:
        for ln in t.splitlines():
            m = ENTRY.match(ln.strip())
            if m:
                out.append((m.group(1), m.group(2), int(m.group(3)),
                            m.group(6)))
    return first, out


def page_of(texts, n):
    for i, t in enumerate(texts):
        if printed(t) == n:
            return i
    return None


def expected(d, name):
    """The problems `check` reports: (rule, line) in order."""
    with open(os.path.join(d, "check.err"), encoding="utf-8") as f:
        return [(m.group(2), int(m.group(1))) for m in
                re.finditer(r"^\S+:(\d+):\d+: \S+: \[(\S+)\]", f.read(), re.M)]


def body_line(d, name):
    """The first line of the body: problems before it are of the whole
    document."""
    with open(os.path.join(d, name + ".xml"), encoding="utf-8") as f:
        for i, ln in enumerate(f, 1):
            if "<avsnitt" in ln:
                return i
    return 1 << 30


def word_on(page, word):
    return next((w for w in page["words"] if w[4].startswith(word)), None)


# --- the checks -----------------------------------------------------------------

def check_list(d, name):
    key = load(d, name)
    texts = pages_text(os.path.join(d, name + ".pdf"))
    first, es = entries(texts)
    errs = []
    if first is None:
        return ["no problem list"], ""
    exp = expected(d, name)
    if len(es) != len(exp):
        errs.append(f"{len(es)} entries, check reports {len(exp)}")
    body = body_line(d, name)
    placed = whole = 0
    for (sev, rule, line, where), (erule, eline) in zip(es, exp):
        if (rule, line) != (erule, eline):
            errs.append(f"entry {rule} {line}, check says {erule} {eline}")
            continue
        if line < body:
            whole += 1
            if where != "ingen sida":
                errs.append(f"{rule} at line {line} (before the body) "
                            f"says {where!r}")
            continue
        if line not in key:
            continue
        m = re.match(r"[sp]\.[ \u00a0](\d+)", where)
        if not m:
            errs.append(f"{rule} {line}: {where!r}, not a page")
            continue
        p = page_of(texts[:first], int(m.group(1)))
        if p is None:
            errs.append(f"{rule} {line}: no page prints {m.group(1)}")
        elif key[line] not in texts[p]:
            errs.append(f"{rule} {line}: page {m.group(1)} lacks "
                        f"{key[line]}")
        else:
            placed += 1
    if placed < len(set(key.values())):
        errs.append(f"{placed} problems found at their block's page, the "
                    f"document has {len(set(key.values()))} such blocks")
    if whole == 0:
        errs.append("no problem of the whole document")
    return errs, f"{placed} on their page, {whole} of the whole document"


def check_links(d, name):
    key = load(d, name)
    pdf = os.path.join(d, name + ".pdf")
    texts = pages_text(pdf)
    first, es = entries(texts)
    boxes = bbox(pdf)
    j = json.loads(subprocess.run(["qpdf", "--json", pdf],
                                  capture_output=True, text=True).stdout)
    objs = j["qpdf"][1]
    page_objs = [p["object"] for p in j["pages"]]

    def val(ref):
        return objs["obj:" + ref]["value"] if isinstance(ref, str) else ref

    links = []  # (page, rect, target page, top, contents)
    for i in range(first, len(page_objs)):
        for a in val(val(page_objs[i]).get("/Annots", [])):
            a = val(a)
            if a.get("/Subtype") != "/Link" or "/Dest" not in a:
                continue
            dest = val(a["/Dest"])
            links.append((i, [float(x) for x in val(a["/Rect"])],
                          page_objs.index(dest[0]), float(dest[3]),
                          a.get("/Contents")))
    errs = []
    if not links:
        return ["no links on the problem pages"], ""
    for lk in links:
        if not lk[4] or lk[4] in ("u:", "b:"):
            errs.append(f"a link on page {lk[0] + 1} without /Contents")
            break
    n = 0
    for sev, rule, line, where in es:
        if line not in key:
            continue
        # the entry's label on the problem pages: "RULE LINE:COL"
        at = None
        for i in range(first, len(boxes)):
            ws = boxes[i]["words"]
            for k in range(len(ws) - 1):
                if ws[k][4] == rule and ws[k + 1][4].startswith(f"{line}:"):
                    at = (i, ws[k])
        if not at:
            errs.append(f"{rule} {line}: label not found")
            continue
        i, w = at
        y = boxes[i]["h"] - (w[1] + w[3]) / 2  # PDF space, from the bottom
        lk = [lk for lk in links if lk[0] == i and lk[1][1] <= y <= lk[1][3]
              and lk[1][0] <= w[0] <= lk[1][2]]
        if not lk:
            errs.append(f"{rule} {line}: no link over its entry")
            continue
        tp, top = lk[0][2], lk[0][3]
        num = re.match(r"[sp]\.[ \u00a0](\d+)", where)
        if not num or printed(texts[tp]) != int(num.group(1)):
            errs.append(f"{rule} {line}: links to the page printing "
                        f"{printed(texts[tp])}, the entry says {where!r}")
            continue
        bw = word_on(boxes[tp], key[line])
        if not bw:
            errs.append(f"{rule} {line}: {key[line]} not on the target page")
            continue
        from_top = boxes[tp]["h"] - top
        if not (from_top <= bw[1] + 1 and bw[1] - from_top < 40):
            errs.append(f"{rule} {line}: the destination is {from_top:.0f} "
                        f"pt from the top, {key[line]} at {bw[1]:.0f}")
            continue
        n += 1
    return errs, f"{n} entries link to their block, {len(links)} annotations"


def check_marks(d, name):
    key = load(d, name)
    pdf = os.path.join(d, name + ".pdf")
    texts = pages_text(pdf)
    first, es = entries(texts)
    boxes = bbox(pdf)
    errs = []
    n = 0
    for sev, rule, line, where in es:
        if line not in key:
            continue
        num = re.match(r"[sp]\.[ \u00a0](\d+)", where)
        p = page_of(texts[:first], int(num.group(1))) if num else None
        if p is None:
            errs.append(f"{rule} {line}: no page")
            continue
        bw = word_on(boxes[p], key[line])
        marks = [w for w in boxes[p]["words"] if w[4] == rule and
                 w[0] > RIGHT_EDGE and bw and abs(w[1] - bw[1]) < 20]
        if not marks:
            errs.append(f"{rule} {line}: no {rule} in the margin beside "
                        f"{key[line]} on page {p + 1}")
            continue
        n += 1
    # the marks are artifacts: a rule id right of the text block is never
    # tagged content in the layout dump
    rules = {e[1] for e in es}
    art = 0
    with open(os.path.join(d, name + ".layout"), encoding="utf-8") as f:
        for ln in f:
            m = re.match(r'\s*text( artifact)? x=(\d+) .*"(.*)"$', ln)
            if not m or m.group(3) not in rules or \
                    int(m.group(2)) / 1000.0 <= RIGHT_EDGE:
                continue
            if not m.group(1) or " tag=" in ln:
                errs.append(f"a margin mark tagged as content: {ln.strip()}")
            art += 1
    if art == 0:
        errs.append("no margin marks in the layout dump")
    return errs, f"{n} marks beside their block, {art} artifacts"


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.ids, self.hrefs, self.li = [], {}, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = len("".join(self.text))
        if tag == "li":
            self.li = len("".join(self.text))
        if tag == "a" and a.get("href", "").startswith("#ar:mark-"):
            self.hrefs.append((a["href"][1:], self.li))

    def handle_data(self, data):
        self.text.append(data)


def check_web(d, name):
    key = load(d, name, "web")
    p = Page()
    with open(os.path.join(d, name + ".html"), encoding="utf-8") as f:
        p.feed(f.read())
    text = "".join(p.text)
    errs = []
    n = 0
    for target, li in p.hrefs:
        at = p.ids.get(target)
        if at is None:
            errs.append(f"a link to #{target}, no such id")
            continue
        label = text[li:li + 200]
        m = re.match(r"\s*\S+ (\S+) (\d+)", label)
        if not m:
            errs.append(f"an entry without a label: {label[:60]!r}")
            continue
        rule, line = m.group(1), int(m.group(2))
        after = text[at:at + 120]
        if not after.lstrip().startswith(rule) and f" {rule}" not in \
                after.split("\n")[0]:
            errs.append(f"#{target} does not show {rule}: {after[:40]!r}")
            continue
        if line in key and key[line] not in after:
            errs.append(f"#{target} ({rule} {line}) is not at "
                        f"{key[line]}: {after[:60]!r}")
            continue
        n += 1
    body = body_line(d, name)
    whole = [e for e in expected(d, name) if e[1] < body]
    if len(p.hrefs) + len(whole) != len(expected(d, name)):
        errs.append(f"{len(p.hrefs)} linked entries and {len(whole)} of the "
                    f"whole document, check reports {len(expected(d, name))}")
    return errs, f"{n} entries link to their mark"


def check_english(d, name):
    texts = pages_text(os.path.join(d, name + ".pdf"))
    first, es = entries(texts)
    errs = []
    if not es:
        return ["no problem entries"], ""
    for sev, rule, line, where in es:
        m = re.match(r"p\.[ \u00a0](\d+)$", where)
        if not m:
            errs.append(f"{rule} {line}: {where!r}, not \"p. N\"")
        elif page_of(texts[:first], int(m.group(1))) is None:
            errs.append(f"{rule} {line}: no page prints {m.group(1)}")
    return errs, f"{len(es)} entries with \"p. N\""


def check_none(d, name):
    errs = []
    texts = pages_text(os.path.join(d, name + ".pdf"))
    if any("TYPO-02" in t for t in texts):
        errs.append("a rule id in the PDF that is not a draft")
    with open(os.path.join(d, name + ".layout"), encoding="utf-8") as f:
        if "name=utkast-" in f.read():
            errs.append("a problem's destination in a layout that is not a "
                        "draft")
    # the same document as a draft has the mark: the check can fail
    draft = pages_text(os.path.join(d, name + "-utkast.pdf"))
    if not any("TYPO-02" in t for t in draft[:-1]):
        errs.append("its draft has no mark (the check cannot fail)")
    return errs, "no marks, no destinations"


def main(argv):
    if len(argv) == 3 and argv[1] == "gen":
        return gen(argv[2])
    checks = {"list": check_list, "links": check_links, "marks": check_marks,
              "web": check_web, "english": check_english, "none": check_none}
    if len(argv) != 4 or argv[1] not in checks:
        print(__doc__)
        return 2
    errs, summary = checks[argv[1]](argv[2], argv[3])
    for e in errs[:5]:
        print(e)
    if not errs:
        print(summary)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
