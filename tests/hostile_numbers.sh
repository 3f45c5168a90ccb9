#!/usr/bin/env bash
# hostile_numbers.sh: figures, style values and PDF limits pushed past
# their ends (issue 28, "never a wrong figure, never a crash").
#
#   tests/hostile_numbers.sh                              normal build
#   ARS=build/asan/arsrapport tests/hostile_numbers.sh    ASan+UBSan build
#
# Every case is generated here (python3, a fixed seed) into a temporary
# directory that is removed on exit, in three classes:
#
#   style   every length of a style file at 0, just outside and far outside
#           its range (STIL-09 at the style file's line), leadings under
#           their size, a table floor above the table size; and the ends
#           of every range, which must give a correct PDF
#   figures typed figures over 15 digits before the comma, 9 decimals or
#           18 in all (TAB-05), totals, group totals, total formulas and
#           column formulas whose exact result is past the limits (SUM-04
#           at the cell's line, also when a total is stated), random
#           amounts near the limit, charts of values near 10^15 (every bar
#           inside its plot)
#   pdf     what libharu cannot write: link addresses (LANK-01), table
#           columns (TAB-06), headings and metadata texts (PDF-04), font
#           sizes and pages of a style (STIL-09)
#
# An error case runs `check` and `build -o OUT` in Swedish and `check
# --lang en`; each must exit 1 or 2, name the file at the expected line
# (FILE:LINE:) with the expected rule, in the right language, leave no PDF
# and no temporary file, and print no sanitizer report. A good case must
# build a PDF (exit 0) that qpdf and pdftotext read, holding the figures the
# case expects. There is no wall-clock limit: each run has a generous CPU
# limit (ulimit -t, CPU seconds; HOSTILE_CPU, default 120).
#
# Prints "ok NAME" or "FAIL NAME: why" per case and, last, "N passed, M
# failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v python3 > /dev/null 2>&1 || {
    bad setup "python3 is needed to generate the cases"
    finish
}
export ARSRAPPORT_MALLAR=$root/tests/templates
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}
CPU=${HOSTILE_CPU:-120}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/arsrapport-numbers.XXXXXX") || {
    bad setup "mktemp -d failed"
    finish
}
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the cases -----------------------------------------------------------------
# Each line of $tmp/cases.tsv: NAME KIND DOC STYLE FILE LINE RULE WANT
#   KIND  err (a message is expected) or ok (a PDF is expected)
#   DOC   the document; STYLE the style file or "-"
#   FILE  the file the message must name (DOC or STYLE); LINE its line, or
#         "-" when the message has no line (a metadata text)
#   RULE  the rule id expected (err); WANT, for ok, text pdftotext must
#         find ("-" for none; spaces as "_")
python3 - "$tmp" << 'PY' || { bad setup "case generator failed"; finish; }
import os, random, sys

tmp = sys.argv[1]
rng = random.Random(2028)
rows = []
NB, MINUS = "\u00a0", "\u2212"


def put(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def case(name, kind, doc, style, file, line, rule="-", want="-"):
    rows.append("\t".join([name, kind, doc, style or "-", file, str(line), rule, want.replace(" ", "_")]))


def document(body, meta_extra="", title="Talprov"):
    """A document using every size of a style (headings of three levels,
    a footnote, a list, a quotation, a table, a chart) with body lines
    inserted; returns the text and the line of each body line."""
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rapport xmlns="urn:arsrapport:1" typ="prov" xml:lang="sv">',
        f"  <metadata><titel>{title}</titel><organisation>Testkommun</organisation>"
        f"<datum>2026-01-31</datum>{meta_extra}</metadata>",
        '  <avsnitt id="a"><rubrik>Rubrik ett</rubrik>',
        "    <stycke>Text med en fotnot<fotnot>En not som är lite längre.</fotnot> och "
        '<lank href="https://example.se/">en länk</lank>.</stycke>',
        "    <lista><punkt>En punkt</punkt><punkt>En till</punkt></lista>",
        "    <citat>Ett citat.</citat>",
        '    <avsnitt id="b"><rubrik>Rubrik två</rubrik>',
        '      <avsnitt id="c"><rubrik>Rubrik tre</rubrik>',
        "        <stycke>Mer text.</stycke>",
        '        <tabell id="bas"><rubrik>Tabell</rubrik><kolumn typ="text"/>'
        '<kolumn id="v" typ="belopp">Belopp</kolumn>',
        "          <rad><cell>Ett</cell><cell>1 200</cell></rad>",
        "          <rad><cell>Två</cell><cell>−63 474</cell></rad>",
        "          <summa><cell>Summa</cell><cell/></summa></tabell>",
        '        <diagram tabell="bas" alt="Stapeldiagram över beloppen"><rubrik>Belopp</rubrik></diagram>',
    ]
    lines = list(head)
    at = []
    for b in body:
        at.append(len(lines) + 1)
        lines.append(b)
    lines += ["      </avsnitt>", "    </avsnitt>", "  </avsnitt>", "</rapport>"]
    return "\n".join(lines) + "\n", at


base, _ = document([])
base_doc = put("dokument.xml", base)


def style(name, inner):
    """A style file whose third line is inner."""
    return put(name, '<?xml version="1.0" encoding="UTF-8"?>\n'
               '<stil xmlns="urn:arsrapport:stil:1" namn="Prov">\n'
               f"  {inner}\n</stil>\n")


# --- style: every length outside its range ------------------------------------
ranges = {  # element, attribute: (low, high, unit)
    ("sida", "bredd"): (50, 5000, "mm"), ("sida", "hojd"): (50, 5000, "mm"),
    ("marginaler", "topp"): (0, 500, "mm"), ("marginaler", "botten"): (0, 500, "mm"),
    ("marginaler", "inner"): (0, 500, "mm"), ("marginaler", "yttre"): (0, 500, "mm"),
    ("brodtext", "storlek"): (4, 72, "pt"), ("brodtext", "radavstand"): (4, 200, "pt"),
    ("brodtext", "styckeavstand"): (0, 200, "pt"),
    ("tabell", "storlek"): (4, 72, "pt"), ("tabell", "radavstand"): (4, 200, "pt"),
    ("tabell", "minsta"): (4, 72, "pt"), ("tabell", "avstand"): (0, 200, "pt"),
    ("fotnot", "storlek"): (4, 72, "pt"), ("fotnot", "radavstand"): (4, 200, "pt"),
    ("lista", "avstand"): (0, 200, "pt"), ("citat", "avstand"): (0, 200, "pt"),
}
for lvl in range(1, 7):
    ranges[(f'rubrik niva="{lvl}"', "storlek")] = (4, 96, "pt")
    ranges[(f'rubrik niva="{lvl}"', "fore")] = (0, 200, "pt")
    ranges[(f'rubrik niva="{lvl}"', "efter")] = (0, 200, "pt")
for (el, at), (lo, hi, unit) in ranges.items():
    tag = el.split()[0]
    bad_values = {f"{hi}.001{unit}", "9999.999" + unit, f"{hi + 1}{unit}"}
    if lo > 0:
        bad_values |= {"0" + unit, f"{lo - 1}.999{unit}", "0.001" + unit}
    for v in sorted(bad_values):
        name = f"style-{tag}{el[-2] if tag == 'rubrik' else ''}-{at}-{v}"
        s = style(name + ".xml", f"<{el} {at}=\"{v}\"/>")
        case(name, "err", base_doc, s, s, 3, "STIL-09")
# leadings under their size, a table floor above the table size
for el, size in (("brodtext", "11pt"), ("tabell", "9pt"), ("fotnot", "8.5pt")):
    s = style(f"style-{el}-leading-under.xml", f'<{el} storlek="{size}" radavstand="4pt"/>')
    case(f"style-{el}-leading-under", "err", base_doc, s, s, 3, "STIL-09")
s = style("style-fotnot-size-over-default-leading.xml", '<fotnot storlek="20pt"/>')
case("style-fotnot-size-over-default-leading", "err", base_doc, s, s, 3, "STIL-09")
s = style("style-tabell-floor-over-size.xml", '<tabell storlek="7pt" minsta="8pt"/>')
case("style-tabell-floor-over-size", "err", base_doc, s, s, 3, "STIL-09")
# the ends of the ranges: a correct PDF
ends = {
    "style-smallest-type": '<brodtext storlek="4pt" radavstand="4pt" styckeavstand="0pt"/>'
    '<tabell storlek="4pt" radavstand="4pt" minsta="4pt" avstand="0pt"/>'
    '<fotnot storlek="4pt" radavstand="4pt"/>'
    + "".join(f'<rubrik niva="{i}" storlek="4pt" fore="0pt" efter="0pt"/>' for i in range(1, 7)),
    "style-largest-type": '<brodtext storlek="72pt" radavstand="200pt" styckeavstand="200pt"/>'
    '<tabell storlek="72pt" radavstand="200pt" minsta="72pt" avstand="200pt"/>'
    '<fotnot storlek="72pt" radavstand="200pt"/><lista avstand="200pt"/><citat avstand="200pt"/>'
    + "".join(f'<rubrik niva="{i}" storlek="96pt" fore="200pt" efter="200pt"/>' for i in range(1, 7)),
    "style-largest-page": '<sida bredd="5000mm" hojd="5000mm"/><marginaler topp="500mm" '
    'botten="500mm" inner="500mm" yttre="500mm"/>',
    "style-smallest-page": '<sida bredd="50mm" hojd="50mm"/><marginaler topp="0mm" '
    'botten="0mm" inner="0mm" yttre="0mm"/>',
    "style-footnote-leading-equal-size": '<fotnot storlek="8.5pt" radavstand="8.5pt"/>',
}
for name, inner in ends.items():
    s = style(name + ".xml", inner)
    case(name, "ok", base_doc, s, base_doc, "-", want="Rubrik")
# within every range, but a text block too small for two lines of its
# largest text (lines would run past the page, as readers showed): STIL-05
s = style("style-small-page-large-type.xml",
          '<sida bredd="50mm" hojd="50mm"/><marginaler topp="5mm" '
          'botten="5mm" inner="5mm" yttre="5mm"/><brodtext storlek="72pt" radavstand="200pt"/>'
          '<fotnot storlek="72pt" radavstand="200pt"/><tabell storlek="72pt" radavstand="200pt" minsta="72pt"/>'
          '<rubrik niva="1" storlek="96pt"/>')
case("style-small-page-large-type", "err", base_doc, s, s, "-", "STIL-05")

# --- figures ---------------------------------------------------------------------
def table(rows_, cols='<kolumn id="a" typ="belopp">A</kolumn>', extra_attr=""):
    return [f'        <tabell id="t"{extra_attr}><rubrik>Prov</rubrik><kolumn typ="text"/>{cols}'] + \
        rows_ + ["        </tabell>"]


def amount(ints, decs, neg=False, sep=" "):
    d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(ints - 1))
    groups = []
    while len(d) > 3:
        groups.insert(0, d[-3:])
        d = d[:-3]
    groups.insert(0, d)
    t = sep.join(groups) + ("," + "".join(str(rng.randint(0, 9)) for _ in range(decs)) if decs else "")
    return (rng.choice([MINUS, "-"]) if neg else "") + t


# typed figures beyond the limits: TAB-05 at the cell's line
typed = [("16-digits", amount(16, 0)), ("16-digits-neg", amount(16, 0, True)),
         ("19-in-all", amount(10, 9)), ("10-decimals", amount(1, 10)),
         ("40-digits", amount(40, 0, sep="")), ("18-digits-2-dec", amount(16, 2, True, NB)),
         ("percent-16-digits", amount(16, 0) + " %")]
for i in range(6):  # random ones past a limit
    ints = rng.randint(16, 30)
    typed.append((f"random-{i}", amount(ints, rng.randint(0, 3), rng.random() < 0.5,
                                        rng.choice([" ", NB, ""]))))
for name, fig in typed:
    col = '<kolumn id="a" typ="procent">A</kolumn>' if "%" in fig else None
    body = table([f"          <rad><cell>x</cell><cell>{fig}</cell></rad>"],
                 **({"cols": col} if col else {}))
    text, at = document(body)
    d = put(f"typed-{name}.xml", text)
    case(f"typed-{name}", "err", d, None, d, at[1], "TAB-05")

# totals past the limits: SUM-04 at the total's line
big = "999 999 999 999 999"
for n in (2, 3, 11):
    body = table([f"          <rad><cell>r{i}</cell><cell>{big}</cell></rad>" for i in range(n)] +
                 ["          <summa><cell>Summa</cell><cell/></summa>"])
    text, at = document(body)
    d = put(f"sum-{n}-rows.xml", text)
    case(f"sum-{n}-rows", "err", d, None, d, at[-2], "SUM-04")
    # the same with a stated (wrong) total: never accepted
    body[-2] = "          <summa><cell>Summa</cell><cell>5</cell></summa>"
    text, at = document(body)
    d = put(f"sum-{n}-rows-stated.xml", text)
    case(f"sum-{n}-rows-stated", "err", d, None, d, at[-2], "SUM-04")
body = table([f"          <rad><cell>r{i}</cell><cell>{MINUS}{big}</cell></rad>" for i in range(2)] +
             ["          <summa><cell>Summa</cell><cell/></summa>"])
text, at = document(body)
d = put("sum-negative.xml", text)
case("sum-negative", "err", d, None, d, at[-2], "SUM-04")
# 19 digits in all: a whole figure and one with nine decimals
body = table(["          <rad><cell>r</cell><cell>1 000 000 000</cell></rad>",
              "          <rad><cell>s</cell><cell>0,000000001</cell></rad>",
              "          <summa><cell>Summa</cell><cell/></summa>"])
text, at = document(body)
d = put("sum-19-in-all.xml", text)
case("sum-19-in-all", "err", d, None, d, at[-2], "SUM-04")
# a group's total, and a total formula of two group totals
body = table(['          <grupp id="g1"><rubrik>G1</rubrik>',
              f"          <rad><cell>r</cell><cell>{big}</cell></rad>",
              f"          <rad><cell>s</cell><cell>1</cell></rad>",
              "          <summa><cell>Summa</cell><cell/></summa></grupp>"])
text, at = document(body)
d = put("sum-group.xml", text)
case("sum-group", "err", d, None, d, at[4], "SUM-04")
body = table(['          <grupp id="g1"><rubrik>G1</rubrik>',
              "          <rad><cell>r</cell><cell>600 000 000 000 000</cell></rad>",
              "          <summa><cell>Summa</cell><cell/></summa></grupp>",
              '          <grupp id="g2"><rubrik>G2</rubrik>',
              "          <rad><cell>s</cell><cell>600 000 000 000 000</cell></rad>",
              "          <summa><cell>Summa</cell><cell/></summa></grupp>",
              '          <summa formel="g1 + g2"><cell>Totalt</cell><cell/></summa>'])
text, at = document(body)
d = put("sum-formula.xml", text)
case("sum-formula", "err", d, None, d, at[7], "SUM-04")
# a total formula over a group without a total row, too large: the
# formula's stated total is never taken as right
body = table(['          <grupp id="g1"><rubrik>G1</rubrik>',
              f"          <rad><cell>r</cell><cell>{big}</cell></rad>",
              f"          <rad><cell>s</cell><cell>{big}</cell></rad></grupp>",
              '          <summa formel="g1"><cell>G1</cell><cell>7</cell></summa>'])
text, at = document(body)
d = put("sum-formula-group-no-total.xml", text)
case("sum-formula-group-no-total", "err", d, None, d, at[4], "SUM-04")
# ... and one that comes back within the limits: exact, printed
body = table(['          <grupp id="g1"><rubrik>G1</rubrik>',
              f"          <rad><cell>r</cell><cell>{big}</cell></rad>",
              "          <rad><cell>s</cell><cell>500 000 000 000 001</cell></rad></grupp>",
              '          <grupp id="g2"><rubrik>G2</rubrik>',
              f"          <rad><cell>t</cell><cell>{MINUS}{big}</cell></rad>",
              f"          <rad><cell>u</cell><cell>{MINUS}400 000 000 000 000</cell></rad></grupp>",
              '          <summa formel="g1 + g2"><cell>Netto</cell><cell/></summa>'])
text, at = document(body)
d = put("sum-formula-comes-back.xml", text)
case("sum-formula-comes-back", "ok", d, None, d, "-", want="100 000 000 000 001")
# a column formula
cols = ('<kolumn id="a" typ="belopp">A</kolumn><kolumn id="b" typ="belopp">B</kolumn>'
        '<kolumn id="c" typ="belopp" formel="a - b">C</kolumn>')
body = table([f"          <rad><cell>r</cell><cell>{big}</cell><cell>{MINUS}1</cell><cell/></rad>"], cols)
text, at = document(body)
d = put("formula-column.xml", text)
case("formula-column", "err", d, None, d, at[1], "SUM-04")
body = table([f"          <rad><cell>r</cell><cell>{big}</cell><cell>{MINUS}{big}</cell><cell>0</cell></rad>"], cols)
text, at = document(body)
d = put("formula-column-stated.xml", text)
case("formula-column-stated", "err", d, None, d, at[1], "SUM-04")
# random columns near the limit that add up past it
for i in range(4):
    n = rng.randint(2, 6)
    figs = [amount(15, rng.choice([0, 0, 2, 3]), False, rng.choice([" ", NB])) for _ in range(n)]
    body = table([f"          <rad><cell>r{k}</cell><cell>{f}</cell></rad>" for k, f in enumerate(figs)] +
                 ["          <summa><cell>Summa</cell><cell/></summa>"])
    # each figure starts with 1..9 and has 15 digits: two or more pass 10^15
    # only when their sum does; make sure it does
    body[1] = f"          <rad><cell>r0</cell><cell>{big}</cell></rad>"
    text, at = document(body)
    d = put(f"sum-random-{i}.xml", text)
    case(f"sum-random-{i}", "err", d, None, d, at[-2], "SUM-04")
# good figures at the limit: exact PDFs
goods = {
    "largest-figure": (table([f"          <rad><cell>r</cell><cell>{big}</cell></rad>"],
                             '<kolumn id="a" typ="belopp" decimaler="6">A</kolumn>'),
                       "999 999 999 999 999,000000"),
    "largest-negative": (table([f"          <rad><cell>r</cell><cell>{MINUS}{big},999</cell></rad>"]),
                         f"{MINUS}999 999 999 999 999,999"),
    "total-past-and-back": (table(["          <rad><cell>r</cell><cell>900 000 000 000 000</cell></rad>",
                                   "          <rad><cell>s</cell><cell>900 000 000 000 000</cell></rad>",
                                   f"          <rad><cell>t</cell><cell>{MINUS}900 000 000 000 000</cell></rad>",
                                   "          <summa><cell>Summa</cell><cell/></summa>"]),
                            "900 000 000 000 000"),
    "total-at-limit": (table(["          <rad><cell>r</cell><cell>999 999 999 999 998,5</cell></rad>",
                              "          <rad><cell>s</cell><cell>0,4</cell></rad>",
                              "          <summa><cell>Summa</cell><cell/></summa>"],
                             '<kolumn id="a" typ="belopp" decimaler="0">A</kolumn>'),
                       "999 999 999 999 999"),
    "rounding-once": (table(["          <rad><cell>r</cell><cell>1,449</cell></rad>",
                             "          <rad><cell>s</cell><cell>0,0001</cell></rad>",
                             "          <summa><cell>Summa</cell><cell/></summa>"],
                            '<kolumn id="a" typ="tal" decimaler="0">A</kolumn>'),
                      "Summa 1"),
    "chart-near-limit": (table(["          <rad><cell>r</cell><cell>999 999 999 999 999</cell></rad>",
                                f"          <rad><cell>s</cell><cell>{MINUS}999 999 999 999 999</cell></rad>",
                                "          <rad><cell>u</cell><cell>1</cell></rad>"]) +
                         ['        <diagram tabell="t" alt="Stapeldiagram nära gränsen"><rubrik>Stora</rubrik></diagram>',
                          '        <diagram tabell="t" typ="liggande-stapel" alt="Liggande staplar"><rubrik>Liggande</rubrik></diagram>',
                          '        <diagram tabell="t" typ="linje" alt="Linjediagram"><rubrik>Linje</rubrik></diagram>'],
                         "1 000 000 000 000 000"),
}
for name, (body, want) in goods.items():
    text, _ = document(body)
    d = put(f"{name}.xml", text)
    case(name, "ok", d, None, d, "-", want=want)
# a chart over a figure too large: TAB-05, never a bar
body = table(["          <rad><cell>r</cell><cell>999 999 999 999 999 999</cell></rad>",
              "          <rad><cell>s</cell><cell>5</cell></rad>"]) + \
    ['        <diagram tabell="t" alt="Stapeldiagram"><rubrik>Stora</rubrik></diagram>']
text, at = document(body)
d = put("chart-too-large.xml", text)
case("chart-too-large", "err", d, None, d, at[1], "TAB-05")

# --- what libharu cannot write ---------------------------------------------------
def link_doc(name, href):
    text, at = document([f'        <stycke>Se <lank href="{href}">källan</lank>.</stycke>'])
    return put(name, text), at[0]


for n in (8193, 66000, 200000):
    d, ln = link_doc(f"link-{n}.xml", "https://example.se/" + "a" * (n - 19))
    case(f"link-{n}-bytes", "err", d, None, d, ln, "LANK-01")
d, ln = link_doc("link-multibyte.xml", "https://example.se/" + "å" * 4200)
case("link-multibyte", "err", d, None, d, ln, "LANK-01")
d, _ = link_doc("link-8192.xml", "https://example.se/" + "a" * (8192 - 19))
case("link-8192-bytes", "ok", d, None, d, "-", want="källan")


def columns_doc(n):
    cols = "".join(f'<kolumn typ="tal">K{i}</kolumn>' for i in range(n))
    cells = "".join(f"<cell>{i}</cell>" for i in range(n))
    text, at = document([f'        <tabell id="bred"><rubrik>Bred</rubrik><kolumn typ="text"/>{cols}',
                         f"          <rad><cell>r</cell>{cells}</rad></tabell>"])
    return text, at[0]


for n in (100, 2999, 3000, 5000):  # plus the text column: 101 and more
    text, ln = columns_doc(n)
    d = put(f"columns-{n + 1}.xml", text)
    case(f"columns-{n + 1}", "err", d, None, d, ln, "TAB-06")
text, _ = columns_doc(99)
d = put("columns-100.xml", text)
case("columns-100", "ok", d, None, d, "-", want="Bred")

words = " ".join(["rubrikord"] * 7000)  # 69 999 characters
for n, where in ((16001, "heading"), (66000, "heading"), (len(words), "heading-words")):
    h = words if where == "heading-words" else "R" * n
    text, at = document(['        <avsnitt id="lang">', f"          <rubrik>{h}</rubrik>",
                         "          <stycke>Text.</stycke></avsnitt>"])
    d = put(f"{where}-{n}.xml", text)
    case(f"{where}-{n}", "err", d, None, d, at[1], "PDF-04")
for field in ("titel", "undertitel", "organisation", "namnd", "forvaltning", "diarienummer", "forfattare"):
    long = "Lång " * 14000
    if field == "titel":
        text, _ = document([], title=long)
    elif field == "organisation":
        text, _ = document([])
        text = text.replace("<organisation>Testkommun</organisation>",
                            f"<organisation>{long}</organisation>")
    else:
        text, _ = document([], meta_extra=f"<{field}>{long}</{field}>")
    d = put(f"meta-{field}.xml", text)
    case(f"meta-{field}", "err", d, None, d, "-", "PDF-04")
text, _ = document([], meta_extra="".join(f"<nyckelord>ord{i}</nyckelord>" for i in range(3000)))
d = put("meta-nyckelord.xml", text)
case("meta-nyckelord", "err", d, None, d, "-", "PDF-04")
for v in ("97pt", "601pt", "9999pt"):
    s = style(f"font-{v}.xml", f'<rubrik niva="1" storlek="{v}"/>')
    case(f"font-heading-{v}", "err", base_doc, s, s, 3, "STIL-09")
for v in ("5001mm", "9999mm"):
    s = style(f"page-{v}.xml", f'<sida bredd="{v}" hojd="{v}"/>')
    case(f"page-{v}", "err", base_doc, s, s, 3, "STIL-09")

with open(os.path.join(tmp, "cases.tsv"), "w", encoding="utf-8") as f:
    f.write("\n".join(rows) + "\n")
PY

# --- running them ----------------------------------------------------------------
# run ARGS...: the program under a CPU limit, in a neutral locale; rc,
# stdout in $tmp/stdout, stderr in $tmp/stderr.
rc=0
run() {
    {
        (
            ulimit -t "$CPU"
            exec env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=C "$ARS" "$@"
        ) > "$tmp/stdout" 2> "$tmp/stderr"
        rc=$?
    } 2> /dev/null
}

sanitized() { grep -a -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/stderr"; }
excerpt() { grep -a -v '^  ' "$tmp/stderr" | head -n 1 | sed "s|$tmp/||g" | cut -c1-200; }

# err_run WHAT FILE LINE RULE LANG ARGS...
err_run() {
    local what=$1 f=$2 line=$3 rule=$4 lang=$5
    shift 5
    rm -f "$tmp/out.pdf" "$tmp"/out.pdf.*
    run "$@"
    if [ "$rc" -gt 128 ]; then
        why+=("$what: killed by signal $((rc - 128))")
    elif [ "$rc" -eq 86 ] || [ "$rc" -eq 87 ]; then
        why+=("$what: sanitizer exit status $rc")
    elif [ "$rc" -ne 1 ] && [ "$rc" -ne 2 ]; then
        why+=("$what: exit $rc, expected 1 or 2")
    fi
    sanitized && why+=("$what: sanitizer report")
    grep -a -q -F -- "$f" "$tmp/stderr" || why+=("$what: stderr does not name $(basename "$f") [$(excerpt)]")
    if [ "$line" != - ]; then
        grep -a -q -F -- "$f:$line:" "$tmp/stderr" ||
            why+=("$what: no location $(basename "$f"):$line: [$(excerpt)]")
    fi
    grep -a -q -F -- "[$rule]" "$tmp/stderr" || why+=("$what: no [$rule] [$(excerpt)]")
    if [ "$lang" = sv ]; then
        grep -a -q ': fel: ' "$tmp/stderr" || why+=("$what: no Swedish \"fel:\"")
    else
        grep -a -q ': error: ' "$tmp/stderr" || why+=("$what: no English \"error:\"")
        ! grep -a -q ': fel: ' "$tmp/stderr" || why+=("$what: Swedish despite --lang en")
    fi
    [ -e "$tmp/out.pdf" ] && why+=("$what: a PDF was left behind")
    compgen -G "$tmp/out.pdf.*" > /dev/null && why+=("$what: a temporary file was left behind")
    rm -f "$tmp/out.pdf" "$tmp"/out.pdf.*
}

while IFS=$'\t' read -r name kind doc style file line rule want; do
    [ -n "$name" ] || continue
    why=()
    sopt=()
    [ "$style" != - ] && sopt=(--stil "$style")
    if [ "$kind" = err ]; then
        err_run check "$file" "$line" "$rule" sv check "${sopt[@]}" "$doc"
        err_run build "$file" "$line" "$rule" sv build "${sopt[@]}" "$doc" -o "$tmp/out.pdf"
        err_run "check --lang en" "$file" "$line" "$rule" en check --lang en "${sopt[@]}" "$doc"
    else
        rm -f "$tmp/out.pdf"
        run build "${sopt[@]}" "$doc" -o "$tmp/out.pdf"
        if [ "$rc" -ne 0 ]; then
            why+=("build: exit $rc, expected 0 [$(excerpt)]")
        elif sanitized; then
            why+=("build: sanitizer report")
        elif [ ! -s "$tmp/out.pdf" ] || [ "$(head -c 5 "$tmp/out.pdf")" != "%PDF-" ]; then
            why+=("build: no PDF written")
        else
            if command -v qpdf > /dev/null 2>&1 && ! qpdf --check "$tmp/out.pdf" > /dev/null 2>&1; then
                why+=("qpdf --check fails on the PDF")
            fi
            if [ "$want" != - ] && command -v pdftotext > /dev/null 2>&1; then
                w=${want//_/ }
                if ! pdftotext -enc UTF-8 "$tmp/out.pdf" - 2> "$tmp/pdftotext.err" |
                    sed 's/\xc2\xa0/ /g' | tr -s ' \n' '  ' | grep -q -F -- "$w"; then
                    why+=("pdftotext does not find \"$w\"")
                fi
            fi
            # run_all.sh reads every kept PDF with five readers
            [ -n "${KEEP_PDFS:-}" ] && cp "$tmp/out.pdf" "$KEEP_PDFS/numbers-$name.pdf"
        fi
        rm -f "$tmp/out.pdf" "$tmp"/out.pdf.*
    fi
    if [ ${#why[@]} -eq 0 ]; then
        ok "$name"
    else
        bad "$name" "$(printf '%s; ' "${why[@]}")"
    fi
done < "$tmp/cases.tsv"

# --- charts near the limit: every bar inside its plot --------------------------
# The layout dump gives every bar's rectangle and the grid lines of its
# chart: a bar must lie between the outermost grid lines. Also for the
# document whose figure is too large (laid out despite its error, as a
# draft would be): that figure is a gap, never a bar over the page.
bars_inside() {
    local name=$1 doc=$2
    run dump-layout --stub-fonts "$doc"
    if { [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; } || sanitized; then
        bad "$name" "dump-layout exit $rc [$(excerpt)]"
        return
    fi
    local out
    out=$(awk '
        / fig=[0-9]+$/ && /path / {
            fig = $NF
            for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            x = v["x"] + 0; y = v["y"] + 0; w = v["w"] + 0; h = v["h"] + 0
            if ($0 ~ /"(grid|zero) v=/) {
                if (!(fig in gx0) || x < gx0[fig]) gx0[fig] = x
                if (!(fig in gx1) || x + w > gx1[fig]) gx1[fig] = x + w
                if (!(fig in gy0) || y < gy0[fig]) gy0[fig] = y
                if (!(fig in gy1) || y + h > gy1[fig]) gy1[fig] = y + h
            } else if ($0 ~ /"(bar|point) s=/) {
                n++; bx[n] = x; by[n] = y; bw[n] = w; bh[n] = h; bf[n] = fig
            }
        }
        END {
            if (n == 0) { print "no bars or points"; exit }
            for (i = 1; i <= n; i++) {
                f = bf[i]; tol = 4000  # a marker reaches past its point
                if (bx[i] < gx0[f] - tol || bx[i] + bw[i] > gx1[f] + tol ||
                    by[i] < gy0[f] - tol || by[i] + bh[i] > gy1[f] + tol)
                    print "a bar or point of " f " leaves its plot: x=" bx[i] " y=" by[i] " w=" bw[i] " h=" bh[i]
            }
        }' "$tmp/stdout")
    if [ -z "$out" ]; then ok "$name"; else bad "$name" "$(echo "$out" | head -3 | tr '\n' ' ')"; fi
}
bars_inside chart-bars-inside "$tmp/chart-near-limit.xml"
bars_inside chart-too-large-bars-inside "$tmp/chart-too-large.xml"

finish
