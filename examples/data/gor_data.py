#!/usr/bin/env python3
"""gor_data.py: the data files of the three driftsredovisning examples.

    python3 examples/data/gor_data.py [MAPP]

Writes, into MAPP (default: this folder):

  drift.csv   an export the way a Swedish ekonomisystem writes it
                      (Windows-1252, ";" between fields, amounts in kronor
                      with decimal comma and no-break spaces between
                      thousands, a total row "Totalt" at the end)
  drift.xlsx  a workbook (python3-openpyxl): a title above the
                      header row (row 3), the area merged down its rows,
                      figures in tkr with the number format "#,##0", a
                      second sheet, the file's own total row
  bokslut.se          an SIE 4 file (type 4 with objects, "#FORMAT PC8",
                      so CP437): accounts, the dimension Ansvar with three
                      objects, #PSALDO and #PBUDGET per month and object
                      and for the whole (empty object list), #RES

The figures come from a fixed seed, so the files are the same on every
run; the CSV and SIE files are committed as this script's output
(tests/data.sh checks that they still are), the workbook is made when
needed (it is a zip: nothing binary is committed). Nothing is fetched or
copied.
"""
import os
import random
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))

AREAS = [
    ("Vård och omsorg", ["Hemtjänst", "Särskilt boende norr", "Särskilt boende söder",
                         "Hemsjukvård", "Dagverksamhet"]),
    ("Individ- och familjeomsorg", ["Barn och unga", "Vuxna med missbruk",
                                    "Ekonomiskt bistånd", "Familjerätt"]),
    ("Gemensamt", ["Nämnd och styrelse", "Förvaltningsledning"]),
]


def rows(rng):
    """(area, activity, budget, prognos, periodbudget, utfall) in kronor."""
    out = []
    for area, acts in AREAS:
        for a in acts:
            budget = -rng.randint(2_000, 160_000) * 1000 - rng.randint(0, 999)
            prognos = budget + rng.randint(-6_000, 5_000) * 1000 + rng.randint(0, 99)
            period = Decimal(budget) * 8 / 12
            period = period.quantize(Decimal("0.01"))
            utfall = period + Decimal(rng.randint(-4_000_000, 3_500_000)) / 100
            out.append((area, a, Decimal(budget), Decimal(prognos), period, utfall))
    return out


def sv(d, decimals=2):
    """A figure the Swedish export way: -1 234 567,89 with no-break spaces."""
    q = Decimal(1).scaleb(-decimals)
    d = d.quantize(q)
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    s = sign + "\u00a0".join(groups)
    return s + ("," + frac if frac else "")


def write_csv(folder, data):
    lines = ["Område;Verksamhet;Budget helår;Prognos helår;Periodbudget;Utfall jan–aug"]
    tot = [Decimal(0)] * 4
    for area, act, *fig in data:
        lines.append(";".join([area, act] + [sv(f) for f in fig]))
        tot = [t + f for t, f in zip(tot, fig)]
    lines.append(";".join(["Totalt", ""] + [sv(t) for t in tot]))
    text = "\r\n".join(lines) + "\r\n"
    with open(os.path.join(folder, "drift.csv"), "wb") as f:
        f.write(text.encode("cp1252"))


def write_xlsx(folder, data):
    import datetime
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Info"
    info["A1"] = "Export från ekonomisystemet, socialnämnden"
    info["A2"] = "Belopp i tkr"
    ws = wb.create_sheet("Drift")
    ws["A1"] = "Driftsredovisning socialnämnden januari–augusti 2026"
    ws["A1"].font = Font(bold=True)
    head = ["Område", "Verksamhet", "Budget helår", "Prognos helår",
            "Periodbudget", "Utfall jan–aug"]
    for c, h in enumerate(head, 1):
        ws.cell(row=3, column=c, value=h)
    r = 4
    tot = [0, 0, 0, 0]
    for area, acts in AREAS:
        first = r
        for area2, act, *fig in data:
            if area2 != area:
                continue
            ws.cell(row=r, column=2, value=act)
            for k, f in enumerate(fig):
                v = int((f / 1000).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
                cell = ws.cell(row=r, column=3 + k, value=v)
                cell.number_format = "#,##0"
                tot[k] += v
            r += 1
        ws.cell(row=first, column=1, value=area)
        if r - 1 > first:
            ws.merge_cells(start_row=first, start_column=1, end_row=r - 1, end_column=1)
    ws.cell(row=r, column=1, value="Summa")
    for k, v in enumerate(tot):
        ws.cell(row=r, column=3 + k, value=v).number_format = "#,##0"
    stamp = datetime.datetime(2026, 9, 4, 8, 0, 0)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.save(os.path.join(folder, "drift.xlsx"))


ACCOUNTS = [
    ("3010", "Avgifter hemtjänst"), ("3020", "Avgifter särskilt boende"),
    ("3510", "Statsbidrag"), ("3590", "Övriga bidrag"),
    ("4010", "Förbrukningsmaterial"), ("5010", "Löner månadsavlönade"),
    ("5110", "Löner timavlönade"), ("5610", "Arbetsgivaravgifter"),
    ("6410", "Köp av verksamhet"), ("7010", "Försörjningsstöd"),
    ("7610", "Övriga kostnader"),
]
OBJECTS = [("110", "Förvaltningsledning"), ("120", "Vård och omsorg"),
           ("130", "Individ- och familjeomsorg")]


def ore(d):
    return f"{d:.2f}"


def write_sie(folder, rng):
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "arsrapport gor_data.py" 1.0',
        "#FORMAT PC8",
        "#GEN 20260905",
        "#SIETYP 4",
        '#FNAMN "Exempelby kommun"',
        "#RAR 0 20260101 20261231",
        "#RAR -1 20250101 20251231",
        '#DIM 1 "Ansvar"',
    ]
    for oid, name in OBJECTS:
        lines.append(f'#OBJEKT 1 "{oid}" "{name}"')
    for nr, name in ACCOUNTS:
        lines.append(f'#KONTO {nr} "{name}"')
    res = {}
    for kind, months in (("#PBUDGET", range(1, 13)), ("#PSALDO", range(1, 9))):
        for nr, _ in ACCOUNTS:
            income = nr.startswith("3")
            for m in months:
                total = Decimal(0)
                for oid, _ in OBJECTS:
                    if oid == "110" and nr in ("3010", "3020", "7010"):
                        continue
                    amount = Decimal(rng.randint(5_000_00, 900_000_00)) / 100
                    if income:
                        amount = -amount
                    total += amount
                    lines.append(f'{kind} 0 2026{m:02d} {nr} {{1 "{oid}"}} {ore(amount)}')
                lines.append(f"{kind} 0 2026{m:02d} {nr} {{}} {ore(total)}")
                if kind == "#PSALDO":
                    res[nr] = res.get(nr, Decimal(0)) + total
    for nr, _ in ACCOUNTS:
        lines.append(f"#RES 0 {nr} {ore(res[nr])}")
    text = "\r\n".join(lines) + "\r\n"
    with open(os.path.join(folder, "bokslut.se"), "wb") as f:
        f.write(text.encode("cp437"))


def main():
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        # Debian's python3-openpyxl is for Debian's python3: run under it
        # when another python3 comes first on the PATH
        if os.path.exists("/usr/bin/python3") and sys.executable != "/usr/bin/python3":
            os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
        raise
    folder = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(folder, exist_ok=True)
    data = rows(random.Random(2026))
    write_csv(folder, data)
    write_sie(folder, random.Random(4))
    write_xlsx(folder, data)


if __name__ == "__main__":
    main()
