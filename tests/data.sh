#!/usr/bin/env bash
# data.sh: tables whose rows come from files (issue 22).
#
#   tests/data.sh                              normal build
#   ARS=build/asan/arsrapport tests/data.sh    ASan+UBSan build
#
# Three kinds of case, every file generated here (examples/data/gor_data.py
# for the examples, python3 for the rest) in a temporary folder removed on
# exit:
#
#   examples  the three driftsredovisningar of examples/data (CSV, XLSX,
#             SIE) build, and tests/datacheck.py compares every figure of
#             their tables in the PDF's text with the source file; the
#             committed CSV and SIE files are what the script makes; a
#             checker self-test (a changed figure in the file) must fail
#   readers   encodings (UTF-8 with and without BOM, Windows-1252, CP437
#             by detection and by kodning), separators (; , tab), quoted
#             fields, ODS (repeated rows and columns, number styles,
#             spans), XLSX dates, percentages and shared strings, rows
#             chosen with lika/utom: the figures expected are in the PDF
#   errors    missing file, sheet or column (with "menade du"), empty
#             sheet and file, a formula without a stored value, a zip
#             bomb, a million rows, broken encodings, ragged rows, an
#             unclosed quote, -14,600 in a file and in the XML, mixed
#             conventions, SIE lines, objects and ranges: each exits 1 or
#             2, names the expected rule (and where), writes no PDF and
#             prints no sanitizer report; warnings (TAL-03, TYPO-02 for
#             enhet="mkr") keep the exit status 0
#
# No wall-clock limit: each run has a CPU limit (ulimit -t; DATA_CPU,
# default 120 s). Prints "ok NAME" or "FAIL NAME: why" per case and, last,
# "N passed, M failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# python3 with Debian's openpyxl (a python3 earlier on the PATH may lack it)
PY=python3
python3 -c 'import openpyxl' 2> /dev/null || PY=/usr/bin/python3
$PY -c 'import openpyxl' 2> /dev/null || {
    bad setup "python3-openpyxl is needed (make deps)"
    finish
}
export ARSRAPPORT_HOME=$root
export ARSRAPPORT_MALLAR=$root/tests/templates
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}
CPU=${DATA_CPU:-120}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/arsrapport-data.XXXXXX") || {
    bad setup "mktemp -d failed"
    finish
}
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run DIR ARGS...: the program in DIR under the CPU limit; stdout+stderr in
# $tmp/out, the exit status in $rc
run() {
    local dir=$1
    shift
    (cd "$dir" && ulimit -t "$CPU" && "$ARS" "$@") > "$tmp/out" 2>&1
    rc=$?
}
sanitizer() { grep -qE 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' "$tmp/out"; }

# --- examples ------------------------------------------------------------------
ex=$tmp/examples
mkdir -p "$ex"
cp "$root"/examples/data/*.xml "$ex"/
if ! $PY "$root/examples/data/gor_data.py" "$ex" > "$tmp/out" 2>&1; then
    bad "examples:generate" "$(head -c 300 "$tmp/out")"
    finish
fi
for f in drift.csv bokslut.se; do
    if cmp -s "$ex/$f" "$root/examples/data/$f"; then ok "examples:committed:$f"
    else bad "examples:committed:$f" "differs from what gor_data.py makes"; fi
done
for k in csv:drift.csv xlsx:drift.xlsx sie:bokslut.se; do
    kind=${k%%:*}
    file=${k#*:}
    run "$ex" build "drift-$kind.xml" -o "$ex/drift-$kind.pdf"
    if [ $rc != 0 ] || sanitizer || [ ! -s "$ex/drift-$kind.pdf" ]; then
        bad "examples:build:$kind" "exit $rc: $(grep -v 'DR-\|tips' "$tmp/out" | head -c 300)"
        continue
    fi
    ok "examples:build:$kind"
    # the readers block of run_all.sh reads kept PDFs too
    [ -n "${KEEP_PDFS:-}" ] && cp "$ex/drift-$kind.pdf" "$KEEP_PDFS/data-drift-$kind.pdf"
    pdftotext -layout "$ex/drift-$kind.pdf" "$ex/drift-$kind.txt"
    if $PY "$here/datacheck.py" "$kind" "$ex/$file" "$ex/drift-$kind.txt" > "$tmp/out" 2>&1; then
        ok "examples:figures:$kind ($(cat "$tmp/out"))"
    else
        bad "examples:figures:$kind" "$(head -c 400 "$tmp/out")"
    fi
done
# the checker finds a figure that differs
if [ -s "$ex/drift-csv.txt" ]; then
    $PY -c 'import sys; t = open(sys.argv[1], "rb").read(); open(sys.argv[2], "wb").write(t.replace(b"-33\xa0226\xa0327,00", b"-33\xa0227\xa0327,00", 1))' \
        "$ex/drift.csv" "$ex/changed.csv"
    if cmp -s "$ex/drift.csv" "$ex/changed.csv"; then bad "examples:checker-self-test" "no figure changed"
    elif $PY "$here/datacheck.py" csv "$ex/changed.csv" "$ex/drift-csv.txt" > /dev/null 2>&1; then
        bad "examples:checker-self-test" "a changed figure passed"
    else ok "examples:checker-self-test"; fi
fi

# --- the cases -----------------------------------------------------------------
# $tmp/cases.tsv, one line a case: NAME KIND DOC RULE WHERE WANT
#   KIND  err (exit 1 or 2, RULE at WHERE), warn (exit 0, RULE at WHERE)
#         or ok (exit 0, a PDF whose text holds every WANT)
#   WHERE text the message line must hold ("drift.csv:3:" or "-")
#   WANT  for err/warn more text the message must hold, for ok the texts
#         of the PDF, separated by "|" ("-" for none)
cs=$tmp/cases
mkdir -p "$cs"
$PY - "$cs" > "$tmp/cases.tsv" << 'PY' || { bad setup "case generator failed"; finish; }
import io, os, sys, zipfile, zlib

d = sys.argv[1]
MINUS = "\u2212"


def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def doc(name, table_attrs, cols, body="", enhet="tkr"):
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<rapport xmlns="urn:arsrapport:1" typ="prov" xml:lang="sv">
  <metadata><titel>Dataprov</titel><organisation>Testkommun</organisation><datum>2026-09-01</datum></metadata>
  <avsnitt><rubrik>Ekonomi</rubrik>
    <stycke>En tabell ur en fil.</stycke>
    <tabell id="t" enhet="{enhet}" {table_attrs}>
      <rubrik>Tabell ur fil</rubrik>
{cols}
{body}
    </tabell>
  </avsnitt>
</rapport>
"""
    put(name + ".xml", text)
    return name + ".xml"


def case(name, kind, docname, rule="-", where="-", want="-"):
    print("\t".join([name, kind, docname, rule, where, want]))


STD = """      <kolumn typ="text" fran="Verksamhet"/>
      <kolumn id="budget" typ="belopp" fran="Budget">Budget</kolumn>
      <kolumn id="utfall" typ="belopp" fran="Utfall">Utfall</kolumn>
      <kolumn id="avv" typ="belopp" formel="utfall - budget">Avvikelse</kolumn>"""
SUM = "      <summa><cell>Summa</cell></summa>"

# --- readers: figures that must reach the PDF ---
rows = [("Äldreomsorg", "-1 200", "-1 150"), ("Förskola", "-2 500", "-2 610"),
        ("Överförmyndare", "-300", "-280")]
csv = "Verksamhet;Budget;Utfall\r\n" + "".join(f"{a};{b};{c}\r\n" for a, b, c in rows)
WANT = "Äldreomsorg|Överförmyndare|−4 000|−4 040|−40"
put("utf8.csv", csv)
case("csv-utf8", "ok", doc("csv-utf8", 'data="utf8.csv"', STD, SUM), want=WANT)
put("bom.csv", b"\xef\xbb\xbf" + csv.encode())
case("csv-utf8-bom", "ok", doc("csv-bom", 'data="bom.csv"', STD, SUM), want=WANT)
put("win.csv", csv.replace(" ", "\u00a0").encode("cp1252"))
case("csv-windows-1252-detected", "ok", doc("csv-win", 'data="win.csv"', STD, SUM), want=WANT)
put("dos.csv", csv.encode("cp437"))
case("csv-cp437-detected", "ok", doc("csv-dos", 'data="dos.csv"', STD, SUM), want=WANT)
put("dos850.csv", csv.encode("cp850"))
case("csv-cp850-kodning", "ok", doc("csv-850", 'data="dos850.csv" kodning="cp850"', STD, SUM), want=WANT)
put("tab.tsv", csv.replace(";", "\t"))
case("tsv-tab", "ok", doc("tsv", 'data="tab.tsv"', STD, SUM), want=WANT)
put("comma.csv", 'Verksamhet,Budget,Utfall\n"Äldreomsorg, hemtjänst","-1 200","-1 150,5"\n"Förskola ""Solen""",-2 500,-2 610\n')
case("csv-comma-quoted", "ok", doc("csv-comma", 'data="comma.csv"',
     STD.replace('fran="Utfall">Utfall', 'fran="Utfall" decimaler="1">Utfall'), SUM),
     want='Äldreomsorg, hemtjänst|Solen|−3 760,5')
put("english.csv", "Verksamhet;Budget;Utfall\nA;-1,200.5;-1,150.25\nB;-2,500;12.5\n")
case("csv-english-settled", "ok", doc("csv-en", 'data="english.csv"', STD, SUM), want="−3 700,5|−1 137,75")
# rows chosen: grupp lika, utom, rad lika adding up, the file's total checked
put("sel.csv", "Område;Verksamhet;Budget;Utfall\nVO;Hemtjänst;-100;-90\nVO;Boende norr;-200;-210\n"
    "VO;Boende söder;-300;-290\nIFO;Barn;-50;-55\nTotalt;;-650;-645\n")
case("rows-chosen", "ok", doc("rows", 'data="sel.csv"', STD, """
      <grupp id="vo" utom="Boende*|Barn"><rubrik>Utom boenden och barn</rubrik><summa><cell>Summa VO</cell></summa></grupp>
      <rad lika="Boende*"><cell>Boenden</cell></rad>
      <rad lika="Barn"/>
      <summa fran="Område" lika="Totalt"><cell>Totalt</cell></summa>"""),
     want="Hemtjänst|Summa VO|Boenden −500 −500|Barn −50 −55|Totalt −650 −645")
# the file's total disagrees with the rows: SUM-01 at the summa
put("badsum.csv", "Område;Verksamhet;Budget;Utfall\nVO;A;-100;-90\nVO;B;-200;-210\nTotalt;;-390;-300\n")
case("file-total-checked", "err", doc("badsum", 'data="badsum.csv"', STD,
     '      <grupp fran="Område" lika="VO"/>\n      <summa fran="Område" lika="Totalt"><cell>Totalt</cell></summa>'),
     "SUM-01", "badsum.xml:", "−390")
# kr in a tkr table
put("kr.csv", "Verksamhet;Budget;Utfall\nA;-1 234 567,89;-1 000 499,99\n")
case("dataenhet-kr", "ok", doc("kr", 'data="kr.csv" dataenhet="kr"', STD, SUM), want="−1 235|−1 000|235")

# ODS: repeated rows and columns, number styles, a span, a percentage
T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
def ods(name, body, extra_styles=""):
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="{T}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2">
<office:automatic-styles>
 <number:number-style style:name="N1"><number:number number:decimal-places="1"/></number:number-style>
 <style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>{extra_styles}
</office:automatic-styles>
<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("meta.xml", '<?xml version="1.0"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:date>2026-08-31T10:00:00</dc:date></office:meta></office:document-meta>')
    put(name, b.getvalue())

def c(v, style=None, rep=None):
    s = f' table:style-name="{style}"' if style else ""
    r = f' table:number-columns-repeated="{rep}"' if rep else ""
    if isinstance(v, str):
        return f'<table:table-cell office:value-type="string"{r}><text:p>{v}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="float" office:value="{v}"{s}{r}><text:p>{v}</text:p></table:table-cell>'

rowsx = "".join(f"<table:table-row>{c(a)}{c(b, 'ce1')}{c(u, 'ce1')}<table:table-cell table:number-columns-repeated=\"1020\"/></table:table-row>"
                for a, b, u in [("Skola", -1200.25, -1150.5), ("Fritid", -300, -310.04)])
ods("drift.ods", f'<table:table table:name="Blad1"><table:table-row>{c("Verksamhet")}{c("Budget")}{c("Utfall")}</table:table-row>{rowsx}'
    '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>')
case("ods-styles-repeats", "ok", doc("ods", 'data="drift.ods"', STD, SUM + "\n      <kalla/>"), want="Skola|−1 200,3|−310,0|−1 460,5|Källa: drift.ods, 2026-08-31")
ods("bigods.ods", '<table:table table:name="Blad1"><table:table-row><table:table-cell office:value-type="string"><text:p>Verksamhet</text:p></table:table-cell></table:table-row>'
    '<table:table-row table:number-rows-repeated="5000000"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>')
case("ods-million-rows", "err", doc("bigods", 'data="bigods.ods"', STD), "DATA-05", "bigods.ods", "Blad1")

# XLSX: shared strings, percentages, dates, a formula without a value
import openpyxl, datetime
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Nyckeltal"
ws.append(["Verksamhet", "Andel", "Datum", "Belopp"])
ws.append(["Skola", 0.885, datetime.date(2026, 8, 31), 1234.5678])
ws.append(["Vård", 0.5, datetime.date(2026, 1, 2), 10])
ws["B2"].number_format = "0.0%"; ws["B3"].number_format = "0.0%"
ws["C2"].number_format = "yyyy-mm-dd"; ws["C3"].number_format = "yyyy-mm-dd"
ws["D2"].number_format = "#,##0.00"; ws["D3"].number_format = "#,##0.00"
wb.save(os.path.join(d, "nyckel.xlsx"))
KOLS = """      <kolumn typ="text" fran="Verksamhet"/>
      <kolumn typ="procent" fran="Andel">Andel</kolumn>
      <kolumn typ="text" fran="Datum">Datum</kolumn>
      <kolumn typ="tal" fran="D">Belopp</kolumn>"""
case("xlsx-percent-date", "warn", doc("xlsx", 'data="nyckel.xlsx" blad="Nyckeltal"', KOLS), "TAL-03", "nyckel.xlsx:2:4", "D2")
ws["D4"] = "=SUM(D2:D3)"; ws["A4"] = "Summa"
wb.save(os.path.join(d, "formel.xlsx"))
case("xlsx-formula-no-value", "err", doc("formel", 'data="formel.xlsx"', KOLS), "DATA-04", "formel.xlsx:4:4", "SUM(D2:D3)")
case("xlsx-missing-sheet", "err", doc("sheet", 'data="nyckel.xlsx" blad="Nyckeltall"', KOLS), "DATA-02", "sheet.xml:6:", "Nyckeltal")
case("xlsx-missing-column", "err", doc("col", 'data="nyckel.xlsx"', KOLS.replace('fran="Andel"', 'fran="Andell"')), "DATA-03", "col.xml:9:", "menade du \"Andel\"")
case("xlsx-column-letter", "err", doc("letter", 'data="nyckel.xlsx"', KOLS.replace('fran="D"', 'fran="Q"')), "DATA-03", "letter.xml:11:", "4")
# a zip bomb: one part that expands a thousand times
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", " " * (40 * 1024 * 1024))
put("bomb.xlsx", b.getvalue())
case("zip-bomb", "err", doc("bomb", 'data="bomb.xlsx"', STD), "DATA-05", "bomb.xlsx", "xl/workbook.xml")
put("notzip.xlsx", b"PK\x03\x04 this is no zip at all")
case("broken-zip", "err", doc("notzip", 'data="notzip.xlsx"', STD), "DATA-01", "notzip.xlsx", "-")

# --- errors in CSV files ---
case("missing-file", "err", doc("missing", 'data="utf8.cvs"', STD), "DATA-01", "missing.xml:6:", 'menade du "utf8.csv"')
case("outside-folder", "err", doc("outside", 'data="../x.csv"', STD), "DATA-01", "outside.xml:6:", "-")
os.makedirs(os.path.join(d, "mapp"), exist_ok=True)
case("folder-as-file", "err", doc("folder", 'data="mapp"', STD), "DATA-01", "folder.xml:6:", "-")
put("empty.csv", "")
case("empty-file", "err", doc("empty", 'data="empty.csv"', STD), "DATA-02", "empty.xml:6:", "-")
put("header.csv", "Verksamhet;Budget;Utfall\r\n")
case("empty-sheet", "err", doc("header", 'data="header.csv"', STD), "DATA-02", "header.xml:6:", "-")
case("missing-column-csv", "err", doc("colcsv", 'data="utf8.csv"', STD.replace('fran="Budget"', 'fran="Budgett"')), "DATA-03", "colcsv.xml:9:", 'menade du "Budget"')
put("ragged.csv", "Verksamhet;Budget;Utfall\nA;1;2\nB;3\nC;4;5\n")
case("ragged-rows", "err", doc("ragged", 'data="ragged.csv"', STD), "DATA-07", "ragged.csv:3:", "2")
put("quote.csv", 'Verksamhet;Budget;Utfall\n"A;1;2\nB;3;4\n')
case("unclosed-quote", "err", doc("quote", 'data="quote.csv"', STD), "DATA-07", "quote.csv:", "-")
put("badutf8.csv", "Verksamhet;Budget;Utfall\nÄldre;1;2\n".encode("cp1252"))
case("broken-utf8", "err", doc("badutf8", 'data="badutf8.csv" kodning="utf-8"', STD), "DATA-06", "badutf8.csv:2:", "0xC4")
case("unknown-encoding", "err", doc("ebcdic", 'data="utf8.csv" kodning="ebcdic"', STD), "DATA-06", "ebcdic.xml:6:", "-")
put("nul.csv", b"Verksamhet;Budget;Utfall\nA;1;2\x00\n")
case("nul-byte", "err", doc("nul", 'data="nul.csv" kodning="utf-8"', STD), "DATA-06", "nul.csv:2:", "-")
put("million.csv", "Verksamhet;Budget;Utfall\n" + "A;1;2\n" * 1000000)
case("million-rows", "err", doc("million", 'data="million.csv"', STD), "DATA-05", "million.csv", "200000")
put("ambiguous.csv", "Verksamhet;Budget;Utfall\nA;-705 914;-1 000\nB;-14,600;-2 000\n")
case("ambiguous-file", "err", doc("amb", 'data="ambiguous.csv"', STD), "TAL-01", "ambiguous.csv:3:2", "B3")
put("mixed.csv", "Verksamhet;Budget;Utfall\nA;12,5;1\nB;1.5;2\n")
case("mixed-file", "err", doc("mixed", 'data="mixed.csv"', STD), "TAL-02", "mixed.csv:3:2", "B2")
put("text.csv", "Verksamhet;Budget;Utfall\nA;tolv;1\n")
case("text-in-amount", "err", doc("text", 'data="text.csv"', STD), "DATA-04", "text.csv:2:2", "tolv")
put("dec.csv", "Verksamhet;Budget;Utfall\nA;12,5;1\nB;3;4\n")
case("more-decimals", "warn", doc("dec", 'data="dec.csv"', STD.replace('fran="Budget">', 'fran="Budget" decimaler="0">'), SUM), "TAL-03", "dec.csv:2:2", "B2")
case("no-match", "err", doc("nomatch", 'data="sel.csv"', STD, '      <rad lika="Hemtjanst"/>'), "DATA-08", "nomatch.xml:", 'menade du "Hemtjänst"')
case("lika-without-data", "err", doc("nodata", "", STD, '      <rad lika="A"/>'), "DATA-03", "nodata.xml:8:", "fran")
case("enhet-mkr", "warn", doc("mkr", 'data="utf8.csv"', STD, SUM, enhet="mkr"), "TYPO-02", "mkr.xml:6:", "mkr")
# the same in the XML: -14,600 in an amount column
put("xml.xml", doc("xml", "", """      <kolumn typ="text"/><kolumn typ="belopp">Belopp</kolumn>""",
    "      <rad><cell>A</cell><cell>−705 914</cell></rad>\n      <rad><cell>B</cell><cell>-14,600</cell></rad>") and open(os.path.join(d, "xml.xml")).read())
case("ambiguous-xml", "err", "xml.xml", "TAL-01", "xml.xml:10:", "−14 600")
# figures of both conventions in one XML column (the later cell named), and
# more decimals than decimaler in a cell whose figure is in markup
put("mixedxml.xml", doc("mixedxml", "", """      <kolumn typ="text"/><kolumn typ="belopp">Belopp</kolumn>""",
    "      <rad><cell>A</cell><cell>12,5</cell></rad>\n      <rad><cell>B</cell><cell>1.5</cell></rad>") and open(os.path.join(d, "mixedxml.xml")).read())
case("mixed-xml", "err", "mixedxml.xml", "TAL-02", "mixedxml.xml:10:", "1.5")
put("decxml.xml", doc("decxml", "", """      <kolumn typ="text"/><kolumn typ="belopp" decimaler="1">Belopp</kolumn>""",
    "      <rad><cell>A</cell><cell><fet>3,25</fet></cell></rad>\n      <rad><cell>B</cell><cell>2,5</cell></rad>") and open(os.path.join(d, "decxml.xml")).read())
case("decimals-xml", "warn", "decxml.xml", "TAL-03", "decxml.xml:9:", "3,25")

# --- SIE ---
def sie(name, lines, enc="cp437"):
    put(name, ("\r\n".join(["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", '#DIM 1 "Ansvar"',
                             '#OBJEKT 1 "120" "Vård"', '#KONTO 3010 "Avgifter"', '#KONTO 5010 "Löner"'] + lines) + "\r\n").encode(enc))
sie("ok.se", ['#PSALDO 0 202601 3010 {1 "120"} -1500.50', '#PSALDO 0 202602 3010 {1 "120"} -1000.00',
              '#PSALDO 0 202601 5010 {1 "120"} 4000.00', '#PSALDO 0 202601 3010 {} -9999.00', '#RES 0 3010 -2500.50'])
SIEK = """      <kolumn typ="text"/>
      <kolumn id="utfall" typ="belopp" fran="utfall">Utfall</kolumn>"""
case("sie-rows", "ok", doc("sie", 'data="ok.se" perioder="202601-202608" tecken="omvant"', SIEK,
     '      <rad konto="30-39" objekt="1:120"><cell>Intäkter</cell></rad>\n      <rad konto="5" objekt="1:120"><cell>Löner</cell></rad>\n' + SUM, enhet="kr"),
     want="Intäkter|2 501|−4 000|−1 499")
case("sie-res", "ok", doc("sieres", 'data="ok.se"', SIEK, '      <grupp konto="3"/>', enhet="kr"), want="3010 Avgifter|−2 501")
case("sie-unknown-object", "err", doc("sieobj", 'data="ok.se" perioder="202601"', SIEK, '      <rad konto="30" objekt="1:12"><cell>X</cell></rad>'), "DATA-09", "sieobj.xml:10:", 'menade du "1:120"')
case("sie-bad-range", "err", doc("sierange", 'data="ok.se"', SIEK, '      <rad konto="39-30"><cell>X</cell></rad>'), "DATA-09", "sierange.xml:10:", "-")
case("sie-no-accounts", "err", doc("sienone", 'data="ok.se"', SIEK, '      <rad konto="8"><cell>X</cell></rad>'), "DATA-08", "sienone.xml:10:", "-")
sie("badline.se", ['#PSALDO 0 202601 3010 {1 "120" -1500.50'])
case("sie-bad-line", "err", doc("siebad", 'data="badline.se"', SIEK), "DATA-09", "badline.se:8:", "-")
put("noflag.se", "#KONTO 3010 \"A\"\r\n#RES 0 3010 1.00\r\n")
case("sie-no-flagga", "err", doc("sieflag", 'data="noflag.se"', SIEK), "DATA-01", "noflag.se", "#FLAGGA")
case("sie-budget-needs-periods", "err", doc("siebud", 'data="ok.se"', SIEK.replace('fran="utfall"', 'fran="budget"')), "DATA-09", "siebud.xml:9:", "-")
PY

while IFS=$'\t' read -r name kind docname rule where want; do
    rm -f "$cs/out.pdf"
    if [ "$kind" = ok ]; then
        run "$cs" build "$docname" -o "$cs/out.pdf"
        if [ $rc != 0 ] || sanitizer || [ ! -s "$cs/out.pdf" ]; then
            bad "$name" "exit $rc: $(head -c 300 "$tmp/out")"
            continue
        fi
        pdftotext "$cs/out.pdf" - 2> /dev/null | tr '\n\240' '  ' | tr -s ' ' > "$tmp/text"
        miss=
        IFS='|' read -ra wants <<< "$want"
        for w in "${wants[@]}"; do
            [ "$w" = - ] && continue
            grep -qF -- "$w" "$tmp/text" || miss="$miss [$w]"
        done
        if [ -z "$miss" ]; then ok "$name"; else bad "$name" "not in the PDF:$miss"; fi
        continue
    fi
    run "$cs" build "$docname" -o "$cs/out.pdf"
    line=$(grep -F "[$rule]" "$tmp/out" | grep -F -- "${where#-}" | head -n 1)
    hint=$(grep -F "[$rule]" -A1 "$tmp/out" | head -n 2)
    if sanitizer; then bad "$name" "sanitizer: $(grep -m1 -E 'ERROR|runtime error' "$tmp/out")"
    elif [ "$kind" = err ] && [ $rc != 1 ] && [ $rc != 2 ]; then bad "$name" "exit $rc, want 1 or 2: $(head -c 300 "$tmp/out")"
    elif [ "$kind" = warn ] && [ $rc != 0 ]; then bad "$name" "exit $rc, want 0: $(head -c 300 "$tmp/out")"
    elif [ "$kind" = err ] && [ -e "$cs/out.pdf" ]; then bad "$name" "a PDF was written"
    elif [ -z "$line" ]; then bad "$name" "no [$rule] at $where: $(head -c 400 "$tmp/out")"
    elif [ "$want" != - ] && ! printf '%s' "$hint" | grep -qF -- "$want"; then bad "$name" "no \"$want\" in: $hint"
    else ok "$name"; fi
done < "$tmp/cases.tsv"

# every message exists in English too: one case with --lang en
run "$cs" check --lang en missing.xml
if grep -q 'error: \[DATA-01\] The data file' "$tmp/out" && grep -q 'hint: did you mean' "$tmp/out"; then ok "english-messages"
else bad "english-messages" "$(head -c 300 "$tmp/out")"; fi

finish
