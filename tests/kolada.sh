#!/usr/bin/env bash
# kolada.sh: key figures from Kolada, fetched once and built offline
# (issue 23).
#
#   tests/kolada.sh                              normal build
#   ARS=build/asan/arsrapport tests/kolada.sh    ASan+UBSan build
#
# Starts tests/kolada/server.py, a stand-in for Kolada's API v3 on
# 127.0.0.1 (a free port; stopped by this script on exit, and by itself
# after 120 s whatever happens), and points `arsrapport hamta kolada` at it
# with ARSRAPPORT_KOLADA_URL:
#
#   fetch    a paged answer is followed to its last page and written; the
#            file holds exactly the server's figures (computed by the
#            server's own function), with the date and the addresses asked
#   faults   410 Gone (the old v2), 500, an answer slower than the time
#            limit (ARSRAPPORT_KOLADA_TIDSGRANS=1), JSON cut off, JSON
#            nested 100 000 deep, 40 MiB without Content-Length, another
#            shape, a next page on another host, nothing listening (an
#            offline machine): each exits 2 with its HAMTA rule and a
#            Swedish message naming the address, and leaves an earlier
#            file byte-identical and no temporary file
#   usage    ids, years, sources that are not valid: exit 2, no file
#   build    a document with two nyckeltal tables and a chart of each,
#            built with no network (unshare -n when it can, else nothing
#            is served): the table cells and the chart's points and bars
#            (read from the layout dump) carry the file's figures, ".."
#            where Kolada has none, and the generated source note
#   checks   an id the file lacks (at the attribute's line and column,
#            naming what the file holds), a file fetched before the
#            period's end, a heading that is not the KPI's title, a file
#            outside the document's folder, missing, broken or deep
#   example  examples/kolada-nyckeltal.xml builds offline, labelled test data
#
# No wall-clock limits: each run has a CPU limit (ulimit -t; KOLADA_CPU,
# default 60). Prints "ok NAME" or "FAIL NAME: why" per case and, last,
# "N passed, M failed"; exits 0 only when M is 0.
set -u

# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Debian's python3 when there is one (a version manager's shim costs half
# a second a start)
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
command -v "$PY" > /dev/null 2>&1 || {
    bad setup "python3 is needed for the server and the checks"
    finish
}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}
export SOURCE_DATE_EPOCH=1796000000 # 2026-11-30
unset ARSRAPPORT_KOLADA_TIDSGRANS LANG LC_ALL LC_MESSAGES
CPU=${KOLADA_CPU:-60}
DAY=2026-11-30

tmp=$(mktemp -d "${TMPDIR:-/tmp}/arsrapport-kolada.XXXXXX") || {
    bad setup "mktemp -d failed"
    finish
}
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2> /dev/null && wait "$server" 2> /dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$PY" "$here/kolada/server.py" "$tmp/port" 120 2> "$tmp/server.log" &
server=$!
for _ in $(seq 1 100); do
    [ -s "$tmp/port" ] && break
    sleep 0.1
done
if [ ! -s "$tmp/port" ]; then
    bad setup "the test server did not start: $(head -c 300 "$tmp/server.log")"
    finish
fi
port=$(cat "$tmp/port")
url() { echo "http://127.0.0.1:$port/$1/v3"; }

# hamta MODE-URL OUT [ARGS...]: runs the command; rc in $rc, stderr in $tmp/err
hamta() {
    local u=$1 out=$2
    shift 2
    (
        ulimit -t "$CPU"
        cd "$tmp" && ARSRAPPORT_KOLADA_URL=$u "$ARS" hamta kolada "$@" -o "$out"
    ) > "$tmp/out" 2> "$tmp/err"
    rc=$?
}

mkdir -p "$tmp/data"

# --- fetch ------------------------------------------------------------------
hamta "$(url ok)" data/good.json --kpi N00001,N00002 --kommun 0117 --jamfor 0000 --ar 2019-2024
if [ $rc != 0 ]; then
    bad fetch:paged "exit $rc: $(head -c 400 "$tmp/err")"
    finish
fi
if why=$("$PY" - "$tmp/data/good.json" "$here/kolada" "$DAY" "$port" << 'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
import server
d = json.load(open(sys.argv[1]))
assert d["format"] == "arsrapport-kolada" and d["version"] == 1, "format"
assert d["hamtat"] == sys.argv[3], f"hamtat {d['hamtat']}"
assert d["url"] == f"http://127.0.0.1:{sys.argv[4]}/ok/v3", d["url"]
pages = [a for a in d["anrop"] if "/data/" in a]
assert len(pages) == 6 and pages[-1].endswith("page=6&per_page=4"), f"pages {len(pages)}"
want = {}
for k in ("N00001", "N00002"):
    for a in ("0117", "0000"):
        for y in range(2019, 2025):
            want[(k, a, y)] = server.value(k, a, y)
got = {}
for e in d["values"]:
    t = [v for v in e["values"] if v["gender"] == "T"]
    got[(e["kpi"], e["municipality"], e["period"])] = t[0]["value"]
    if e["kpi"] == "N00001" and t[0]["value"] is not None:
        g = {v["gender"]: v["value"] for v in e["values"]}
        assert g["K"] == t[0]["value"] + 2 and g["M"] == t[0]["value"] - 2, "genders"
    if t[0]["value"] is None:
        assert t[0]["status"] == "Missing", "status of a null value"
assert got == want, f"values differ: {sorted(set(got.items()) ^ set(want.items()))[:3]}"
assert [k["title"] for k in d["kpi"]] == [server.KPIS[i]["title"] for i in ("N00001", "N00002")]
assert [m["title"] for m in d["municipality"]] == ["Testkommun", "Riket"]
PY
); then
    ok fetch:paged
else
    bad fetch:paged "$(echo "$why" | tail -n 3)"
fi
if grep -q "^Skrev data/good.json: 24 värden för 2 nyckeltal och 2 kommuner, hämtat $DAY" "$tmp/out"; then
    ok fetch:message
else
    bad fetch:message "$(head -c 300 "$tmp/out")"
fi

# --- faults: each leaves the earlier file as it was ------------------------
fault() { # NAME URL RULE WORDS [ENV]
    local name=$1 u=$2 rule=$3 words=$4
    cp "$tmp/data/good.json" "$tmp/data/prev.json"
    hamta "$u" data/prev.json --kpi N00001,N00002 --kommun 0117 --jamfor 0000 --ar 2019-2024
    if [ $rc != 2 ]; then
        bad "fault:$name" "exit $rc (want 2): $(head -c 300 "$tmp/err")"
    elif ! grep -q "^http://127.0.0.1:[0-9]*/.*: fel: \[$rule\] .*$words" "$tmp/err"; then
        bad "fault:$name" "no '$rule … $words' line: $(head -c 300 "$tmp/err")"
    elif ! cmp -s "$tmp/data/good.json" "$tmp/data/prev.json"; then
        bad "fault:$name" "the earlier file changed"
    elif ls "$tmp/data" | grep -q 'prev.json.'; then
        bad "fault:$name" "a temporary file was left: $(ls "$tmp/data")"
    else
        ok "fault:$name"
    fi
}
fault gone-410 "$(url gone)" HAMTA-04 "410 Gone.*API-versionen (v2) är stängd"
fault server-500 "$(url fel)" HAMTA-05 "server svarade med fel 500"
ARSRAPPORT_KOLADA_TIDSGRANS=1 fault slow "$(url seg)" HAMTA-02 "svarade inte inom 1 sekunder"
fault cut-json "$(url trasig)" HAMTA-08 "är inte giltig JSON (JSON-texten tar slut mitt i ett värde)"
fault deep-json "$(url djup)" HAMTA-08 "är inte giltig JSON (JSON nästlad djupare än 16 nivåer)"
fault huge "$(url stor)" HAMTA-07 "är större än 16 MiB"
fault shape "$(url form)" HAMTA-09 "har inte formen hos Koladas API v3: period"
fault next-elsewhere "$(url utanfor)" HAMTA-11 "pekar utanför .*example.invalid"
fault offline "http://127.0.0.1:1/v3" HAMTA-03 "Kunde inte nå"
# the time limit as an option too, and a message in English
cp "$tmp/data/good.json" "$tmp/data/prev.json"
hamta "$(url seg)" data/prev.json --kpi N00001 --kommun 0117 --tidsgrans 1 --lang en
if [ $rc = 2 ] && grep -q "error: \[HAMTA-02\] Kolada did not answer within 1 seconds" "$tmp/err" &&
    cmp -s "$tmp/data/good.json" "$tmp/data/prev.json"; then
    ok fault:slow-option-en
else
    bad fault:slow-option-en "exit $rc: $(head -c 300 "$tmp/err")"
fi
# a folder that does not exist: nothing fetched is written half
hamta "$(url ok)" nomap/k.json --kpi N00001 --kommun 0117
if [ $rc = 2 ] && grep -q "fel: \[HAMTA-13\] Kunde inte skriva nomap/k.json" "$tmp/err" && [ ! -e "$tmp/nomap" ]; then
    ok fault:unwritable
else
    bad fault:unwritable "exit $rc: $(head -c 300 "$tmp/err")"
fi

# --- usage ------------------------------------------------------------------
usage() { # NAME WORDS ARGS...
    local name=$1 words=$2
    shift 2
    rm -f "$tmp/data/u.json"
    (
        ulimit -t "$CPU"
        cd "$tmp" && ARSRAPPORT_KOLADA_URL=$(url ok) "$ARS" hamta "$@" -o data/u.json
    ) > /dev/null 2> "$tmp/err"
    rc=$?
    if [ $rc = 2 ] && grep -q "\[HAMTA-01\] .*$words" "$tmp/err" && [ ! -e "$tmp/data/u.json" ]; then
        ok "usage:$name"
    else
        bad "usage:$name" "exit $rc: $(head -c 300 "$tmp/err")"
    fi
}
usage bad-kpi 'Ogiltigt nyckeltal "n945"' kolada --kpi n945 --kommun 0117
usage bad-kommun 'Ogiltigt kommun-id "117"' kolada --kpi N00001 --kommun 117
usage no-kommun '--kommun saknas' kolada --kpi N00001
usage years 'Ogiltiga år "2019-2090"' kolada --kpi N00001 --kommun 0117 --ar 2019-2090
usage source 'Okänd källa "scb"' scb --kpi N00001 --kommun 0117
usage timeout 'Ogiltig tidsgräns "0"' kolada --kpi N00001 --kommun 0117 --tidsgrans 0

# --- build, offline ---------------------------------------------------------
doc() { # FILE PERIOD-END NYCKELTAL-LINE [NYCKELTAL-BODY]
    cat > "$1" << XML
<?xml version="1.0" encoding="UTF-8"?>
<rapport xmlns="urn:arsrapport:1" typ="verksamhetsplan" xml:lang="sv">
  <metadata>
    <titel>Verksamhetsplan 2026</titel>
    <organisation>Testkommun</organisation>
    <period start="2026-01-01" slut="$2"/>
    <datum>2026-11-30</datum>
    <undantag regel="VP-02">test</undantag><undantag regel="VP-07">test</undantag>
    <undantag regel="VP-08">test</undantag><undantag regel="VP-09">test</undantag>
  </metadata>
  <avsnitt><rubrik>Nämndens ansvarsområde</rubrik><stycke>Socialtjänst.</stycke></avsnitt>
  <avsnitt><rubrik>Mål och uppdrag</rubrik><stycke>Målen följs med nyckeltal.</stycke></avsnitt>
  <avsnitt>
    <rubrik>Nyckeltal</rubrik>
    <stycke>Nyckeltalen nedan kommer ur Kolada.</stycke>
    $3
    <diagram tabell="ett" typ="linje" serier-i="rader" alt="Linjediagram över testnyckeltal ett."/>
    <nyckeltal id="tva" fil="data/good.json" kpi="N00002" kommun="0117" jamfor="0000" ar-i="rader" decimaler="2"/>
    <diagram tabell="tva" typ="stapel" alt="Stapeldiagram över testnyckeltal två."/>
  </avsnitt>
  <avsnitt><rubrik>Ekonomi</rubrik><stycke>Ramen är 10 mnkr.</stycke>
    <avsnitt><rubrik>Driftsredovisning</rubrik><stycke>Redovisas i delårsrapporten.</stycke></avsnitt>
  </avsnitt>
</rapport>
XML
}
offline() { # runs "$@" with no network when unshare can, else as it is
    if [ "$can_unshare" = 1 ]; then unshare -n "$@"; else "$@"; fi
}
can_unshare=0
unshare -n true 2> /dev/null && can_unshare=1
doc "$tmp/rapport.xml" 2026-08-31 \
    '<nyckeltal id="ett" fil="data/good.json" kpi="N00001" kommun="0117" jamfor="0000" decimaler="1"/>'
(
    ulimit -t "$CPU"
    cd "$tmp" && offline "$ARS" build rapport.xml -o rapport.pdf
) > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc = 0 ] && [ -s "$tmp/rapport.pdf" ] && ! grep -q "fel:" "$tmp/err"; then
    ok "build:offline$([ $can_unshare = 1 ] && echo " (unshare -n)")"
else
    bad build:offline "exit $rc: $(head -c 400 "$tmp/err")"
fi
(
    ulimit -t "$CPU"
    cd "$tmp" && offline "$ARS" dump-layout --stub-fonts rapport.xml
) > "$tmp/layout" 2> /dev/null
if why=$("$PY" - "$tmp/data/good.json" "$tmp/layout" << 'PY'
import json, re, sys
from decimal import Decimal, ROUND_HALF_UP
d = json.load(open(sys.argv[1]))
lay = open(sys.argv[2], encoding="utf-8").read().splitlines()
val = {(e["kpi"], e["municipality"], e["period"]):
       [v for v in e["values"] if v["gender"] == "T"][0]["value"] for e in d["values"]}
title = {m["id"]: m["title"] for m in d["municipality"]}
years = range(2019, 2025)
def fmt(v, dec):
    """A figure as the tool prints it: rounded half away from zero,
    grouped by a no-break space, decimal comma, U+2212 for minus."""
    if v is None:
        return ".."
    q = Decimal(repr(v)).quantize(Decimal(1).scaleb(-dec), rounding=ROUND_HALF_UP)
    s = f"{abs(q):,.{dec}f}".replace(",", "\u00a0").replace(".", ",")
    return ("\u2212" if q < 0 else "") + s
def unescape(s):
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), s)
cells = [unescape(re.search(r'"(.*)"$', l).group(1)) for l in lay
         if re.match(r"\s*text .*tag=T[DH]#", l)]
text = "\x00".join(cells)
# table 1: years as columns, kommun and riket as rows
for a in ("0117", "0000"):
    row = [title[a]] + [fmt(val[("N00001", a, y)], 1) for y in years]
    assert "\x00".join(row) in text, f"table 1 row {row} not in {cells[:40]}"
# table 2: years as rows, the areas as columns
for y in years:
    row = [str(y)] + [fmt(val[("N00002", a, y)], 2) for a in ("0117", "0000")]
    assert "\x00".join(row) in text, f"table 2 row {row}"
# chart 1 (lines, a series per row): a point for every value there is, on
# one linear scale
pts = {}
for l in lay:
    m = re.search(r' y=(-?\d+) .*w=(\d+) h=(\d+).*"point s=(\d) c=(\d+)" fig=1', l)
    if m:
        y, w, h, s, c = map(int, m.groups())
        pts[(s, c)] = y + h / 2
want = {(s + 1, c + 1): val[("N00001", a, yr)] for s, a in enumerate(("0117", "0000"))
        for c, yr in enumerate(years)}
assert set(pts) == {k for k, v in want.items() if v is not None}, f"points {sorted(pts)}"
ks = sorted(pts)
(k0, k1) = (ks[0], max(ks, key=lambda k: abs(want[k] - want[ks[0]])))
scale = (pts[k1] - pts[k0]) / (want[k1] - want[k0])
for k in ks:
    exp = pts[k0] + (want[k] - want[k0]) * scale
    assert abs(pts[k] - exp) < 200, f"point {k} at {pts[k]}, value {want[k]} wants {exp:.0f}"
assert scale < 0, "larger values must stand higher"
# chart 2 (bars, a series per area column): heights in proportion
bars = {}
for l in lay:
    m = re.search(r' h=(\d+) .*"bar s=(\d) c=(\d+)" fig=2', l)
    if m:
        h, s, c = map(int, m.groups())
        bars[(s, c)] = h
want = {(s + 1, c + 1): val[("N00002", a, yr)] for s, a in enumerate(("0117", "0000"))
        for c, yr in enumerate(years)}
assert set(bars) == set(want), f"bars {sorted(bars)}"
r = [bars[k] / want[k] for k in want]
assert max(r) - min(r) < 0.01 * max(r), f"bar heights not in proportion: {r}"
PY
); then
    ok build:table-and-chart-values
else
    bad build:table-and-chart-values "$(echo "$why" | tail -n 2 | cut -c1-400)"
fi
if command -v pdftotext > /dev/null 2>&1; then
    pdftotext "$tmp/rapport.pdf" - 2> /dev/null | tr '\n' ' ' | tr -s ' ' > "$tmp/text"
    if grep -q "Källa: Kolada (RKA), hämtat $DAY\. \.\.: värde saknas i Kolada (status Missing)\." "$tmp/text" &&
        grep -q "Testnyckeltal ett, andel (%)" "$tmp/text"; then
        ok build:source-note
    else
        bad build:source-note "$(grep -o 'Källa[^.]*' "$tmp/text" | head -n 2)"
    fi
fi
[ -n "${KEEP_PDFS:-}" ] && cp "$tmp/rapport.pdf" "$KEEP_PDFS/kolada-rapport.pdf"

# --- checks -------------------------------------------------------------------
# place FILE ATTR: "LINE:COL" of the nyckeltal's attribute ATTR
place() {
    "$PY" - "$1" "$2" << 'PY'
import sys
for i, l in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    k = l.find("<nyckeltal ")
    if k >= 0:
        print(f"{i}:{l.index(' ' + sys.argv[2] + '=', k) + 2}")
        break
PY
}
check() { # NAME STATUS RULE PLACE-ATTR WORDS PERIOD-END LINE
    local name=$1 want=$2 rule=$3 attr=$4 words=$5
    doc "$tmp/c.xml" "$6" "$7"
    local at=""
    [ -n "$attr" ] && at=$(place "$tmp/c.xml" "$attr"):
    (
        ulimit -t "$CPU"
        cd "$tmp" && offline "$ARS" check c.xml
    ) > /dev/null 2> "$tmp/err"
    rc=$?
    if [ $rc != "$want" ]; then
        bad "check:$name" "exit $rc (want $want): $(head -c 300 "$tmp/err")"
    elif ! grep -q "^c.xml:$at.* \[$rule\] .*$words" "$tmp/err"; then
        bad "check:$name" "no 'c.xml:$at … [$rule] $words': $(head -c 400 "$tmp/err")"
    else
        ok "check:$name"
    fi
}
ok_line='<nyckeltal id="ett" fil="data/good.json" kpi="N00001" kommun="0117" jamfor="0000"'
check kpi-missing 1 KOLADA-03 kpi 'kpi="N00009" finns inte i data/good.json, som har N00001 (Testnyckeltal ett, andel (%)), N00002' \
    2026-08-31 '<nyckeltal id="ett" fil="data/good.json" kpi="N00009" kommun="0117"/>'
check kommun-missing 1 KOLADA-04 kommun 'kommun="0999" finns inte i data/good.json, som har 0117 (Testkommun), 0000 (Riket)' \
    2026-08-31 '<nyckeltal id="ett" fil="data/good.json" kpi="N00001" kommun="0999"/>'
check jamfor-missing 1 KOLADA-04 jamfor 'jamfor="0888" finns inte' \
    2026-08-31 '<nyckeltal id="ett" fil="data/good.json" kpi="N00001" kommun="0117" jamfor="0000 0888"/>'
check old-file 0 KOLADA-05 fil "data/good.json hämtades $DAY, före rapportperiodens slut 2026-12-31" \
    2026-12-31 "$ok_line/>"
check title 0 KOLADA-06 "" 'Rubriken "Andel nöjda" är inte titeln på N00001 i Kolada' \
    2026-08-31 "$ok_line><rubrik>Andel nöjda</rubrik></nyckeltal>"
grep -q 'tips: Kolada kallar N00001 "Testnyckeltal ett, andel (%)"' "$tmp/err" && ok check:title-hint ||
    bad check:title-hint "$(head -c 300 "$tmp/err")"
check years 1 KOLADA-07 ar 'ar="2030-2031": data/good.json har inga värden för N00001' \
    2026-08-31 '<nyckeltal id="ett" fil="data/good.json" kpi="N00001" kommun="0117" ar="2030-2031"/>'
check outside 1 KOLADA-01 fil 'fil="../good.json" leder utanför dokumentets mapp' \
    2026-08-31 '<nyckeltal id="ett" fil="../good.json" kpi="N00001" kommun="0117"/>'
check missing-file 1 KOLADA-01 fil 'Kolada-filen "data/saknas.json" kan inte läsas' \
    2026-08-31 '<nyckeltal id="ett" fil="data/saknas.json" kpi="N00001" kommun="0117"/>'
printf '{"format": "arsrapport-kolada", "version": 1, "values": [' > "$tmp/data/cut.json"
check cut-file 1 KOLADA-02 fil 'Kolada-filen "data/cut.json" är inte en fil från arsrapport hamta: JSON-texten tar slut mitt i ett värde' \
    2026-08-31 '<nyckeltal id="ett" fil="data/cut.json" kpi="N00001" kommun="0117"/>'
"$PY" -c 'print("[" * 200000 + "]" * 200000)' > "$tmp/data/deep.json"
check deep-file 1 KOLADA-02 fil 'Kolada-filen "data/deep.json" är inte en fil från arsrapport hamta: JSON nästlad djupare än 16 nivåer' \
    2026-08-31 '<nyckeltal id="ett" fil="data/deep.json" kpi="N00001" kommun="0117"/>'
printf '{"format": "arsrapport-kolada"} x' > "$tmp/data/trail.json"
check trailing-file 1 KOLADA-02 fil '"data/trail.json" är inte en fil från arsrapport hamta: mer text efter JSON-värdet, vid byte 33' \
    2026-08-31 '<nyckeltal id="ett" fil="data/trail.json" kpi="N00001" kommun="0117"/>'
echo '{"values": []}' > "$tmp/data/other.json"
check other-file 1 KOLADA-02 fil '"data/other.json" är inte en fil från arsrapport hamta: "format"' \
    2026-08-31 '<nyckeltal id="ett" fil="data/other.json" kpi="N00001" kommun="0117"/>'

# --- the example ----------------------------------------------------------------
(
    ulimit -t "$CPU"
    cd "$root" && offline "$ARS" build examples/kolada-nyckeltal.xml -o "$tmp/exempel.pdf"
) > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc = 0 ] && command -v pdftotext > /dev/null 2>&1 &&
    pdftotext "$tmp/exempel.pdf" - 2> /dev/null | tr '\n' ' ' | grep -q "Testdata, inte hämtade från Kolada"; then
    ok example:offline-test-data
else
    bad example:offline-test-data "exit $rc: $(head -c 300 "$tmp/err")"
fi
finish
