#!/usr/bin/env python3
"""datacheck.py: every figure of a data example's tables against its file.

    datacheck.py csv|xlsx|sie DATAFILE PDFTEXT

DATAFILE is the example's source (drift.csv, drift.xlsx, bokslut.se),
PDFTEXT the PDF's text (pdftotext -layout). The expected rows are worked
out here from the file alone, independently of arsrapport, the way the
example's XML asks for them (examples/data/drift-*.xml): figures in tkr
rounded half away from zero, computed columns, group totals and the
file's own total row. Each expected row must be a line of the PDF that
starts with its label and whose figures, in order, are the expected ones.
Prints what differs; exits 1 when anything does, 0 when every figure
matches.
"""
import sys
from decimal import Decimal, ROUND_HALF_UP

MINUS = "\u2212"


def tkr(kr):
    return int((Decimal(kr) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fmt(v):
    s = f"{abs(v):,}".replace(",", " ")
    return (MINUS if v < 0 else "") + s


def sv_number(s):
    s = s.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return Decimal(s)


def check(pdf_text, rows):
    lines = [l.replace("\u00a0", " ").replace("\u202f", " ").strip()
             for l in pdf_text.splitlines()]
    bad = []
    for label, figs in rows:
        want = "".join(fmt(v).replace(" ", "") for v in figs)
        found = False
        for l in lines:
            if not l.startswith(label + " "):
                continue
            rest = l[len(label):].replace(" ", "")
            if rest == want:
                found = True
                break
        if not found:
            cand = [l for l in lines if l.startswith(label)]
            bad.append(f"{label}: want {' | '.join(fmt(v) for v in figs)}; "
                       f"PDF has {cand[:2] if cand else 'no such row'}")
    return bad


def csv_rows(path):
    import csv
    with open(path, encoding="cp1252", newline="") as f:
        data = list(csv.reader(f, delimiter=";"))
    head, body = data[0], data[1:]
    col = {h: i for i, h in enumerate(head)}
    rows = []
    total = None
    areas = []
    for r in body:
        if r[col["Område"]] == "Totalt":
            total = r
        elif r[col["Område"]] not in areas:
            areas.append(r[col["Område"]])
    allsum = [0, 0, 0, 0]
    names = {"Vård och omsorg": "Summa vård och omsorg",
             "Individ- och familjeomsorg": "Summa individ- och familjeomsorg",
             "Gemensamt": "Summa gemensamt"}

    def line(b, p, pb, u):
        return [b, p, p - b, pb, u, u - pb]
    for a in areas:
        s = [0, 0, 0, 0]
        for r in body:
            if r[col["Område"]] != a:
                continue
            v = [tkr(sv_number(r[col[h]])) for h in
                 ("Budget helår", "Prognos helår", "Periodbudget", "Utfall jan–aug")]
            rows.append((r[col["Verksamhet"]], line(*v)))
            s = [x + y for x, y in zip(s, v)]
        rows.append((names[a], line(*s)))
        allsum = [x + y for x, y in zip(allsum, s)]
    t = [tkr(sv_number(total[col[h]])) for h in
         ("Budget helår", "Prognos helår", "Periodbudget", "Utfall jan–aug")]
    rows.append(("Nämndens nettokostnad", line(*t)))
    return rows


def xlsx_rows(path):
    import openpyxl
    ws = openpyxl.load_workbook(path)["Drift"]
    head = [c.value for c in ws[3]]
    col = {h: i for i, h in enumerate(head)}
    body = []
    area = None
    summa = None
    for r in ws.iter_rows(min_row=4, values_only=True):
        if r[0] == "Summa":
            summa = r
            continue
        area = r[0] or area  # merged down: only the first cell holds it
        body.append((area, r))

    def fig(r):
        return [r[col[h]] for h in ("Budget helår", "Prognos helår", "Utfall jan–aug")]

    def line(b, p, u):
        return [b, p, p - b, u]

    def pick(names):
        s = [0, 0, 0]
        for _, r in body:
            if any(r[col["Verksamhet"]] == n or (n.endswith("*") and r[col["Verksamhet"]].startswith(n[:-1])) for n in names):
                s = [x + y for x, y in zip(s, fig(r))]
        return s
    rows = []
    vo = [("Hemtjänst", pick(["Hemtjänst"])),
          ("Särskilt boende", pick(["Särskilt boende*"])),
          ("Hemsjukvård och dagverksamhet", pick(["Hemsjukvård", "Dagverksamhet"]))]
    rows += [(l, line(*v)) for l, v in vo]
    s = [sum(v[k] for _, v in vo) for k in range(3)]
    rows.append(("Summa vård och omsorg", line(*s)))
    s = [0, 0, 0]
    for a, r in body:
        if a == "Individ- och familjeomsorg":
            rows.append((r[col["Verksamhet"]], line(*fig(r))))
            s = [x + y for x, y in zip(s, fig(r))]
    rows.append(("Summa individ- och familjeomsorg", line(*s)))
    g = pick(["Nämnd och styrelse", "Förvaltningsledning"])
    rows.append(("Nämnd och ledning", line(*g)))
    rows.append(("Summa gemensamt", line(*g)))
    rows.append(("Nämndens nettokostnad", line(*fig(summa))))
    return rows


def sie_rows(path):
    amounts = []  # (kind, period, konto, objs, öre)
    names = {}
    with open(path, encoding="cp437") as f:
        for l in f:
            p = l.split()
            if not p:
                continue
            if p[0] in ("#PSALDO", "#PBUDGET"):
                obj = l[l.index("{") + 1:l.index("}")].replace('"', "").split()
                objs = ":".join(obj)
                amounts.append((p[0], int(p[2]), p[3], objs, Decimal(l.split("}")[1].split()[0])))
            elif p[0] == "#KONTO":
                names[p[1]] = l.split('"')[1]

    def inrange(spec, nr):
        for item in spec.split():
            lo, _, hi = item.partition("-")
            hi = hi or lo
            if lo <= nr[:len(lo)] <= hi:
                return True
        return False

    def total(kind, p0, p1, spec, objs, nr=None):
        s = sum(a[4] for a in amounts if a[0] == kind and p0 <= a[1] <= p1 and a[3] == objs
                and (a[2] == nr if nr else inrange(spec, a[2])))
        return tkr(-s)  # tecken="omvant"

    def line(spec, objs, nr=None, budget_year=True):
        b = total("#PBUDGET", 202601, 202612, spec, objs, nr)
        pb = total("#PBUDGET", 202601, 202608, spec, objs, nr)
        u = total("#PSALDO", 202601, 202608, spec, objs, nr)
        return [b, pb, u, u - pb] if budget_year else [pb, u, u - pb]
    rows = []
    grand = [0, 0, 0, 0]
    for oid, title, parts in (
            ("120", "Summa vård och omsorg", [("Intäkter", "30-39"), ("Personalkostnader", "50-59"), ("Övriga kostnader", "40-49 60-79")]),
            ("130", "Summa individ- och familjeomsorg", [("Intäkter", "30-39"), ("Personalkostnader", "50-59"), ("Övriga kostnader", "40-49 60-79")]),
            ("110", "Summa förvaltningsledning", [("Intäkter", "30-39"), ("Kostnader", "40-79")])):
        s = [0, 0, 0, 0]
        for label, spec in parts:
            v = line(spec, "1:" + oid)
            rows.append((label, v))
            s = [x + y for x, y in zip(s, v)]
        s[3] = s[2] - s[1]
        rows.append((title, s))
        grand = [x + y for x, y in zip(grand, s)]
    grand[3] = grand[2] - grand[1]
    rows.append(("Nämndens nettokostnad", grand))
    s = [0, 0, 0]
    for nr in sorted(names):
        if nr.startswith("5"):
            v = line(None, "", nr, budget_year=False)
            rows.append((f"{nr} {names[nr]}", v))
            s = [x + y for x, y in zip(s, v)]
    s[2] = s[1] - s[0]
    rows.append(("Summa personalkostnader", s))
    return rows


def main():
    kind, data, text = sys.argv[1:4]
    rows = {"csv": csv_rows, "xlsx": xlsx_rows, "sie": sie_rows}[kind](data)
    with open(text, encoding="utf-8") as f:
        pdf = f.read()
    # the same label twice (Intäkter per ansvar): match in order
    bad = []
    lines = pdf.splitlines()
    pos = 0
    for label, figs in rows:
        rest = "\n".join(lines[pos:])
        b = check(rest, [(label, figs)])
        if b:
            bad += b
            continue
        for i in range(pos, len(lines)):
            if lines[i].replace("\u00a0", " ").strip().startswith(label + " "):
                pos = i + 1
                break
    nfig = sum(len(f) for _, f in rows)
    if bad:
        print("\n".join(bad))
        sys.exit(1)
    print(f"{len(rows)} rows, {nfig} figures match {data}")


if __name__ == "__main__":
    main()
