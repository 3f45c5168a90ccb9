#!/usr/bin/env bash
# parts.sh: the model given up part by part while the pages are made
# (issue 25). A build without a web edition frees each child of <rapport>
# (its group of parts, src/model/model.c) once the walk has left it,
# nothing of it waits in the paginator and its pages are painted
# (src/layout/layout.c). ARSRAPPORT_DELGRUPP=1 makes every part a group of
# its own, so that each goes as early as it can: a read of a part after it
# went is garbage in the normal build and a heap-use-after-free in the
# sanitizer build.
#
#   tests/parts.sh                              normal build
#   ARS=build/asan/arsrapport tests/parts.sh    ASan+UBSan build
#
# For every document of input/, examples/ and tests/golden/ok-*.xml and a
# generated report whose later parts read the earlier ones (a chart
# drawing a table parts before it, references to tables and sections given
# up long before, footnotes in a table's cell and at a part's end, links),
# built as a draft: no sanitizer report, exit 0 or 1, and the PDF the same bytes as
# the normal build's without ARSRAPPORT_DELGRUPP (SOURCE_DATE_EPOCH). No
# wall-clock limit: a CPU limit (ulimit -t) with room for the sanitizer
# build.
#
# Prints "ok NAME" or "FAIL NAME: why" per case and, last, "N passed, M
# failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v python3 > /dev/null 2>&1 || {
    bad setup "python3 is needed"
    finish
}
REF=$root/${BUILD:-build}/arsrapport
[ -x "$REF" ] || {
    bad setup "no normal build at $REF"
    finish
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
cpu=${PARTS_CPU:-120}

# the report whose later parts read the earlier ones
python3 - "$tmp/cross.xml" << 'EOF'
import sys
words = ("Nämnden följer upp verksamheten löpande och redovisar resultatet "
         "för perioden i förhållande till budget och mål. ").split()
def para(i, n=90):
    return " ".join(words[(i + k) % len(words)] for k in range(n)) + "."
out = ['<?xml version="1.0" encoding="UTF-8"?>',
       '<rapport xmlns="urn:arsrapport:1" typ="verksamhetsplan" xml:lang="sv">',
       '  <metadata>', '    <titel>Verksamhetsplan 2027</titel>',
       '    <organisation>Exempelstads kommun</organisation>',
       '    <namnd>Utbildningsnämnden</namnd>',
       '    <period start="2027-01-01" slut="2027-12-31"/>',
       '    <datum>2026-11-20</datum>', '  </metadata>',
       # the first part shares its group with the metadata, kept to the end
       '  <avsnitt>', '    <rubrik>Inledning</rubrik>',
       '    <stycke>' + para(1) + '</stycke>', '  </avsnitt>',
       '  <avsnitt id="ekonomi">', '    <rubrik>Ekonomi</rubrik>',
       '    <stycke>Ramen är 612,9 mnkr.<fotnot>Beslutad av fullmäktige.</fotnot></stycke>',
       '    <tabell id="drift">', '      <rubrik>Budget per verksamhet, mnkr</rubrik>',
       '      <kolumn typ="text">Verksamhet</kolumn>',
       '      <kolumn id="budget" typ="belopp" decimaler="1">Budget 2026</kolumn>',
       '      <kolumn id="utfall" typ="belopp" decimaler="1">Utfall 2026</kolumn>',
       '      <rad><cell>Förskola<fotnot>Med pedagogisk omsorg.</fotnot></cell><cell>168,4</cell><cell>171,0</cell></rad>',
       '      <rad><cell>Grundskola</cell><cell>301,2</cell><cell>297,8</cell></rad>',
       '      <rad><cell>Gymnasieskola</cell><cell>98,7</cell><cell>104,5</cell></rad>',
       '      <kalla>Ekonomisystemet</kalla>', '    </tabell>',
       '    <stycke>' + para(3) + '<fotnot>En not sist i delen.</fotnot></stycke>',
       '  </avsnitt>']
for s in range(1, 9):
    out += ['  <avsnitt id="del%d">' % s, '    <rubrik>Verksamhet %d</rubrik>' % s]
    for p in range(5):
        out.append('    <stycke>%s</stycke>' % para(s * 7 + p))
    out += ['    <avsnitt>', '      <rubrik>Uppföljning %d</rubrik>' % s,
            '      <stycke>Se <ref till="drift"/> och <ref till="ekonomi"/>. %s</stycke>' % para(s),
            '    </avsnitt>', '  </avsnitt>']
out += ['  <avsnitt id="analys">', '    <rubrik>Analys</rubrik>',
        '    <stycke>Diagrammet visar <ref till="drift"/>; se även <ref till="del1"/>'
        ' och <lank href="https://www.kolada.se">Kolada</lank>.</stycke>',
        '    <diagram tabell="drift" typ="stapel" alt="Budget och utfall per verksamhet.">',
        '      <rubrik>Budget och utfall, mnkr</rubrik>', '    </diagram>',
        '    <stycke>' + para(5) + '<fotnot>Den sista noten.</fotnot></stycke>',
        '  </avsnitt>', '</rapport>']
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out) + "\n")
EOF

# one: build FILE as a draft with every part its own group, and without
one() {
    local f=$1 name=$2 rc rc0 why=
    (
        ulimit -t "$cpu"
        ARSRAPPORT_DELGRUPP=1 "$ARS" build --utkast "$f" -o "$tmp/p.pdf" > /dev/null 2> "$tmp/err"
    )
    rc=$?
    (
        ulimit -t "$cpu"
        "$REF" build --utkast "$f" -o "$tmp/ref.pdf" > /dev/null 2>&1
    )
    rc0=$?
    grep -a -q -E 'Sanitizer|runtime error' "$tmp/err" && why="a sanitizer report: $(grep -a -m 1 -E 'Sanitizer|runtime error' "$tmp/err")"
    [ "$rc" -le 1 ] || why="$why; exit $rc"
    [ "$rc" = "$rc0" ] || why="$why; exit $rc, $rc0 without parts given up"
    if [ -f "$tmp/ref.pdf" ] && ! cmp -s "$tmp/p.pdf" "$tmp/ref.pdf"; then
        why="$why; not the same PDF as without parts given up"
    fi
    if [ -z "$why" ]; then ok "$name"; else bad "$name" "${why#; }"; fi
    rm -f "$tmp/p.pdf" "$tmp/ref.pdf"
}

one "$tmp/cross.xml" cross-parts
for f in "$root"/input/*.xml "$root"/examples/*.xml "$root"/tests/golden/ok-*.xml; do
    grep -q '<rapport' "$f" || continue
    one "$f" "$(basename "$(dirname "$f")")/$(basename "$f")"
done
finish
