#!/usr/bin/env python3
"""numprop.py: a property test of arsrapport's figures (issue 28).

    tests/numprop.py [--ars build/arsrapport] [--seed 28] [--cases 150] [-v]

Generates documents, each with one table of random amounts up to the
largest supported magnitude (15 digits before the decimal comma, at most 9
decimals, 18 digits in all: README, "Figures and their limits") typed in
every form the reader accepts (grouped with space or no-break space or not,
minus as U+2212 or hyphen), random `decimaler` per column, a computed
column (`formel="a - b"`), an empty total row and a bar chart of column a.
Each document is checked (`arsrapport check`) and laid out
(`arsrapport dump-layout --stub-fonts`), and what the tool says is compared
with an independent computation in Python's decimal module:

  * every figure printed in the table is the exact value rounded half away
    from zero to the column's decimals, written the Swedish way;
  * the total and every formula value are right, or, when the exact result
    is beyond the limits, not printed at all and reported as SUM-04 at the
    line of the cell (and `check` exits 1);
  * every bar of the chart, read back from its geometry against the grid
    lines' values, is the row's value within a layout unit (1 mpt);
  * every few cases the PDF is built and `pdftotext` must carry each figure.

The seed is fixed, so a failure is reproducible; prints "ok numprop N
cases" or "FAIL ..." lines and exits 1 on any failure.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal, getcontext

getcontext().prec = 80  # far beyond any figure here: exact

MAX_INT_DIGITS, MAX_DECIMALS, MAX_DIGITS = 15, 9, 18
NBSP, MINUS = "\u00a0", "\u2212"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def fits(v, scale):
    """Within the limits at the scale it is computed at."""
    m = abs(v.scaleb(scale))
    return abs(v) < Decimal(10) ** MAX_INT_DIGITS and m < Decimal(10) ** MAX_DIGITS


def swedish(v, dec):
    """v rounded half away from zero to dec decimals, the Swedish way."""
    q = v.quantize(Decimal(1).scaleb(-dec), rounding=ROUND_HALF_UP)
    text = f"{abs(q):.{dec}f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = NBSP.join(groups) + ("," + frac if dec > 0 else "")
    return (MINUS if q < 0 else "") + out


def random_amount(rng, big, whole=False):
    """A random typed amount: (Decimal value, its scale, the typed text);
    whole: no decimals (so that totals reach 16 digits before the comma
    rather than 19 in all)."""
    ints = rng.randint(1, MAX_INT_DIGITS if big else 9)
    if big and rng.random() < 0.5:
        ints = rng.randint(13, MAX_INT_DIGITS)  # near the limit
    decs = rng.randint(0, min(MAX_DECIMALS, MAX_DIGITS - ints))
    if whole or rng.random() < 0.3:
        decs = 0
    digits = str(rng.randint(1, 9)) + "".join(
        str(rng.randint(0, 9)) for _ in range(ints - 1)
    )
    frac = "".join(str(rng.randint(0, 9)) for _ in range(decs))
    neg = rng.random() < 0.35
    value = Decimal(("-" if neg else "") + digits + ("." + frac if decs else ""))
    sep = rng.choice([" ", NBSP, ""])
    if sep:
        groups = []
        w = digits
        while len(w) > 3:
            groups.insert(0, w[-3:])
            w = w[:-3]
        groups.insert(0, w)
        digits = sep.join(groups)
    text = digits + ("," + frac if decs else "")
    if neg:
        text = rng.choice([MINUS, "-"]) + text
    return value, decs, text


def make_case(rng, k):
    big = rng.random() < 0.6  # amounts up to 15 digits, else up to 9
    nrows = rng.randint(1, 7)
    dec_a = rng.choice([None, None, 0, 1, 2, 3, 5, 6])  # the schema: 0..6
    dec_b = rng.choice([None, None, 0, 2, 6])
    whole = rng.random() < 0.3
    rows = []
    for i in range(nrows):
        a = random_amount(rng, big, whole)
        b = random_amount(rng, big and rng.random() < 0.5, whole)
        rows.append((a, b))
    return {"rows": rows, "dec_a": dec_a, "dec_b": dec_b, "k": k}


def document(case):
    """The XML text and the line of each body row (data rows, then the
    total row)."""
    def dec_attr(d):
        return f' decimaler="{d}"' if d is not None else ""

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rapport xmlns="urn:arsrapport:1" typ="prov" xml:lang="sv">',
        "  <metadata><titel>Talprov</titel><organisation>Testkommun"
        "</organisation><datum>2026-01-31</datum></metadata>",
        '  <avsnitt id="a"><rubrik>Tal</rubrik>',
        '    <tabell id="t" enhet="kr"><rubrik>Belopp</rubrik>',
        '      <kolumn typ="text"/>',
        f'      <kolumn id="a" typ="belopp"{dec_attr(case["dec_a"])}>A</kolumn>',
        f'      <kolumn id="b" typ="belopp"{dec_attr(case["dec_b"])}>B</kolumn>',
        '      <kolumn id="c" typ="belopp" formel="a - b">C</kolumn>',
    ]
    row_lines = []
    for i, (a, b) in enumerate(case["rows"]):
        row_lines.append(len(lines) + 1)
        lines.append(
            f"      <rad><cell>R{i + 1}</cell><cell>{a[2]}</cell>"
            f"<cell>{b[2]}</cell><cell/></rad>"
        )
    row_lines.append(len(lines) + 1)
    lines.append("      <summa><cell>Summa</cell><cell/><cell/><cell/></summa>")
    lines += [
        "    </tabell>",
        '    <diagram tabell="t" kolumner="a" alt="Stapeldiagram över A">'
        "<rubrik>A</rubrik></diagram>",
        "  </avsnitt>",
        "</rapport>",
    ]
    return "\n".join(lines) + "\n", row_lines


def expected(case):
    """Per body row (data rows, then the total): the label and, per
    numeric column, (Decimal value, scale, decimals shown) or ('big', value,
    scale); and the set of lines where SUM-04 is expected."""
    rows = case["rows"]
    va = [a[0] for a, _ in rows]
    vb = [b[0] for _, b in rows]
    sa = [a[1] for a, _ in rows]
    sb = [b[1] for _, b in rows]
    cells = []
    for i in range(len(rows)):
        c = va[i] - vb[i]
        cs = max(sa[i], sb[i])
        cells.append([(va[i], sa[i]), (vb[i], sb[i]), (c, cs)])
    tot_a, tot_as = sum(va), max(sa)
    tot_b, tot_bs = sum(vb), max(sb)
    total = [(tot_a, tot_as), (tot_b, tot_bs)]
    # the total row's formula cell reads the exact totals of a and b, too
    # large or not (it may come back within the limits)
    total.append((tot_a - tot_b, max(tot_as, tot_bs)))
    cells.append(total)
    # decimals shown per column: decimaler, else the most typed (a, b), else
    # the most of the computed figures that are within the limits (c)
    dec = [
        case["dec_a"] if case["dec_a"] is not None else max(sa),
        case["dec_b"] if case["dec_b"] is not None else max(sb),
    ]
    computed = [r[2] for r in cells if r[2] is not None and fits(*r[2])]
    dec.append(max([s for _, s in computed], default=0))
    return cells, dec


def shown(case, r, c, cell, dec):
    """The decimals a cell is printed with: a typed figure (columns a and b
    of a data row) with the column's decimaler, else as typed; a computed
    one (the total row, column c) with the column's decimals."""
    typed = r < len(case["rows"]) and c < 2
    if typed:
        declared = case["dec_a"] if c == 0 else case["dec_b"]
        return declared if declared is not None else cell[1]
    return dec[c]


STR_RE = re.compile(r'^\s*text x=(\d+) y=(\d+) .*?"((?:[^"\\]|\\.)*)"\s*$')
PATH_RE = re.compile(
    r'^\s*path(?: artifact)? x=(-?\d+) y=(-?\d+)(?: tag=\S+)? w=(-?\d+) h=(-?\d+) .*"(bar s=1 c=(\d+)|grid v=(\S+)|zero v=0)"'
)


def run(ars, args, cwd):
    env = dict(os.environ)
    env["ARSRAPPORT_MALLAR"] = os.path.join(ROOT, "tests", "templates")
    env["LANG"] = "C"
    env.pop("LC_ALL", None)
    return subprocess.run(
        [ars] + args, cwd=cwd, env=env, capture_output=True, text=True
    )


def check_case(ars, case, tmp, build_pdf, verbose):
    """Returns a list of problems (empty: the case holds)."""
    xml, row_lines = document(case)
    path = os.path.join(tmp, f"fall{case['k']}.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml)
    cells, dec = expected(case)
    problems = []
    want_big = set()
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            if cell is not None and not fits(*cell):
                want_big.add((row_lines[r], c))
    # 1. check: SUM-04 exactly where a computed figure is too large
    chk = run(ars, ["check", path], tmp)
    got_big = set()
    for line in chk.stderr.splitlines():
        m = re.match(r"^.*?:(\d+):(\d+): fel: \[SUM-04\]", line)
        if m:
            got_big.add(int(m.group(1)))
        elif re.search(r"fel: \[", line):
            problems.append(f"unexpected error: {line}")
    if {ln for ln, _ in want_big} != got_big:
        problems.append(
            f"SUM-04 at lines {sorted(got_big)}, expected "
            f"{sorted({ln for ln, _ in want_big})}"
        )
    want_rc = 1 if want_big else 0
    if chk.returncode != want_rc:
        problems.append(f"check exit {chk.returncode}, expected {want_rc}")
    if "ERROR: AddressSanitizer" in chk.stderr or "runtime error" in chk.stderr:
        problems.append("sanitizer report")
    # 2. the figures printed in the table, row by row
    lay = run(ars, ["dump-layout", "--stub-fonts", path], tmp)
    if lay.returncode not in (0, 1):
        problems.append(f"dump-layout exit {lay.returncode}")
        return problems
    texts = []
    bars, grid, zero = {}, [], None
    for line in lay.stdout.splitlines():
        m = STR_RE.match(line)
        if m:
            texts.append((int(m.group(1)), int(m.group(2)), json.loads('"' + m.group(3) + '"')))
            continue
        m = PATH_RE.match(line)
        if m:
            x, y, w, h = (int(m.group(i)) for i in range(1, 5))
            if m.group(6):
                bars[int(m.group(6))] = (y, h)
            elif m.group(7):
                grid.append((float(m.group(7)), y))
            else:
                zero = y
    labels = [f"R{i + 1}" for i in range(len(case["rows"]))] + ["Summa"]
    for r, label in enumerate(labels):
        # the table's label comes first (the chart's categories after it)
        at = [t for t in texts if t[2] == label][:1]
        if not at:
            problems.append(f"row {label}: label not found")
            continue
        y = at[0][1]
        printed = [t[2] for t in sorted(texts, key=lambda t: t[0]) if t[1] == y and t[2] != label]
        want = [
            swedish(cell[0], shown(case, r, c, cell, dec))
            for c, cell in enumerate(cells[r])
            if cell is not None and fits(*cell)
        ]
        if printed != want:
            problems.append(f"row {label}: printed {printed}, expected {want}")
    # 3. the bars of the chart against the grid
    grid = sorted(set(grid))
    if len(grid) < 2 or zero is None:
        problems.append("chart: no grid or zero line in the layout")
    else:
        (v0, y0), (v1, y1) = grid[0], grid[-1]
        per_mpt = abs((v1 - v0) / (y1 - y0))
        for i, (a, _) in enumerate(case["rows"]):
            if i + 1 not in bars:
                problems.append(f"chart: no bar for R{i + 1}")
                continue
            by, bh = bars[i + 1]
            end = by if abs(by - zero) >= abs(by + bh - zero) else by + bh
            got = v0 + (end - y0) * (v1 - v0) / (y1 - y0)
            if abs(got - float(a[0])) > 1.5 * per_mpt:
                problems.append(
                    f"chart: bar R{i + 1} reads {got:.6g}, value {a[0]} "
                    f"(one mpt is {per_mpt:.3g})"
                )
    # 4. now and then the PDF itself
    if build_pdf and not want_big and shutil.which("pdftotext"):
        pdf = os.path.join(tmp, f"fall{case['k']}.pdf")
        b = run(ars, ["build", path, "-o", pdf], tmp)
        if b.returncode != 0 or not os.path.exists(pdf):
            problems.append(f"build exit {b.returncode}: {b.stderr.strip()}")
        else:
            txt = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True
            ).stdout
            flat = txt.replace(NBSP, " ")
            for row_i, row in enumerate(cells):
                for c, cell in enumerate(row):
                    if cell is not None and fits(*cell):
                        s = swedish(cell[0], shown(case, row_i, c, cell, dec))
                        s = s.replace(NBSP, " ")
                        if s not in flat:
                            problems.append(f"PDF: {s} not in pdftotext's text")
    if problems and verbose:
        problems.append("document:\n" + xml)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ars", default=os.environ.get("ARS", os.path.join(ROOT, "build", "arsrapport")))
    ap.add_argument("--seed", type=int, default=28)
    ap.add_argument("--cases", type=int, default=150)
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    ars = os.path.abspath(args.ars)
    rng = random.Random(args.seed)
    failed = 0
    big_cases = 0
    with tempfile.TemporaryDirectory(prefix="numprop.") as tmp:
        for k in range(args.cases):
            case = make_case(rng, k)
            probs = check_case(ars, case, tmp, k % 10 == 0, args.v)
            cells, _ = expected(case)
            if any(c is not None and not fits(*c) for row in cells for c in row):
                big_cases += 1
            if probs:
                failed += 1
                print(f"FAIL numprop case {k} (seed {args.seed}): " + "; ".join(probs))
    if failed:
        print(f"FAIL numprop: {failed} of {args.cases} cases")
        return 1
    print(f"ok numprop {args.cases} cases (seed {args.seed}; {big_cases} with a figure too large)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
