#!/usr/bin/env bash
# import.sh: `arsrapport import` (issue 21): Word, OpenDocument and
# Markdown in, a checked document out, and hostile files refused.
#
#   tests/import.sh                              normal build
#   ARS=build/asan/arsrapport tests/import.sh    ASan+UBSan build
#   UPDATE_GOLDEN=1 tests/import.sh              rewrite the golden XML
#
# Every file is made here, at test time, by tests/import/fixtures.py
# (python3-docx, python3-odf, and raw OOXML through zipfile for what
# python-docx cannot write) in a temporary folder removed on exit:
#
#   good    rapport.docx, .odt and .md, the same content in each: three
#           heading levels with typed numbers, bold, italic, a link, a
#           footnote, two list levels and a numbered list, a quotation, a
#           table with a merged header cell and a Summa row, an image with
#           alt text. Each imports (exit 0) into XML equal to its golden
#           file (tests/golden/import/), valid against the schema
#           (xmllint --relaxng) with no error but the kind's missing
#           sections from `check`, builds (--utkast: the kind's sections
#           are missing) into a PDF carrying every word of the source in
#           order (tests/coverage.py --min 100), its image beside it
#   summa   a Summa row that does not add up: `check` reports SUM-01
#   drops   text box, tracked changes, comment, field, page break, colour,
#           a linked image, an image without alt: a warning for each with
#           the paragraph it was in; deleted text gone, inserted text kept;
#           `check` reports TILL-01 for the missing alt text
#   parts   two files into one report, one chapter each
#   hostile corrupt, not a zip, zip bomb, 10 001 parts, a climbing name,
#           macros, an OLE (password-protected) file, encrypted zip
#           entries, an encrypted OpenDocument, 10 000 pages, a DOCTYPE:
#           each exits 1 or 2 with its rule (IMP-0N) in Swedish (and one in
#           English), writes nothing, and with the normal build takes under
#           a second of CPU
#   mutated damaged copies of the good files (tests/import/mutate.py, fixed
#           seeds): exit 0, 1 or 2, no sanitizer report, valid XML when 0
#   misc    an existing output is never replaced (ARS-05); an unknown
#           extension (IMP-02)
#
# No wall-clock limits: each run has a CPU limit (ulimit -t; IMPORT_CPU,
# default 120 s). Prints "ok NAME" or "FAIL NAME: why" per case and, last,
# "N passed, M failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PY=/usr/bin/python3
if ! $PY -c 'import docx, odf' 2> /dev/null; then
    bad setup "python3-docx and python3-odf are needed (make deps)"
    finish
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}
export SOURCE_DATE_EPOCH=1789776000 # 2026-09-19, for a file without a date
CPU=${IMPORT_CPU:-120}
golden=$root/tests/golden/import

tmp=$(mktemp -d "${TMPDIR:-/tmp}/arsrapport-import.XXXXXX") || {
    bad setup "mktemp -d failed"
    finish
}
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! $PY "$here/import/fixtures.py" "$tmp/in" > "$tmp/fixtures.log" 2>&1; then
    bad setup "fixtures.py: $(tail -n 3 "$tmp/fixtures.log")"
    finish
fi
cd "$tmp" || exit 2
mkdir -p out

# run NAME ARGS...: the program under a CPU limit, stdout and stderr in
# NAME.out and NAME.err, its status in $rc.
run() {
    local name=$1
    shift
    (ulimit -t "$CPU" && exec "$ARS" "$@") > "$name.out" 2> "$name.err"
    rc=$?
}

sanitizer() { # NAME: a sanitizer report in NAME.err
    grep -q -E '^(==[0-9]+==|SUMMARY: |.*runtime error:)' "$1.err"
}

# --- good documents -----------------------------------------------------
for fmt in docx odt md; do
    n=rapport-$fmt
    run "$n-import" import "in/rapport.$fmt" -o "out/$n.xml"
    if [ $rc != 0 ] || [ ! -s "out/$n.xml" ] || sanitizer "$n-import"; then
        bad "import:$fmt" "exit $rc: $(head -c 300 "$n-import.err")"
        continue
    fi
    ok "import:$fmt"
    if [ -n "${UPDATE_GOLDEN:-}" ]; then
        mkdir -p "$golden"
        cp "out/$n.xml" "$golden/$n.xml"
    fi
    if cmp -s "out/$n.xml" "$golden/$n.xml"; then ok "golden:$fmt"
    else bad "golden:$fmt" "differs from tests/golden/import/$n.xml: $(diff "$golden/$n.xml" "out/$n.xml" 2>&1 | head -n 4 | tr '\n' ' ')"; fi
    if xmllint --noout --relaxng "$root/templates/schema/rapport.rng" "out/$n.xml" > "$n-rng.err" 2>&1; then ok "schema:$fmt"
    else bad "schema:$fmt" "$(head -n 2 "$n-rng.err")"; fi
    if [ -f "out/$n-bilder/bild-1.png" ] && cmp -s "out/$n-bilder/bild-1.png" in/bild.png; then ok "image:$fmt"
    else bad "image:$fmt" "out/$n-bilder/bild-1.png is not the source's image"; fi
    # check: only the kind's missing sections (DR-*), nothing about the form
    run "$n-check" check "out/$n.xml"
    other=$(grep -o '\[[A-Z0-9-]*\]' "$n-check.err" | grep -v '^\[DR-' | sort -u | tr '\n' ' ')
    if [ $rc = 1 ] && [ -z "$other" ] && grep -q 'DR-02' "$n-check.err"; then ok "check:$fmt"
    else bad "check:$fmt" "exit $rc, rules $other"; fi
    run "$n-build" build --utkast "out/$n.xml" -o "out/$n.pdf"
    if [ ! -s "out/$n.pdf" ] || sanitizer "$n-build"; then
        bad "build:$fmt" "exit $rc: $(head -c 300 "$n-build.err")"
        continue
    fi
    ok "build:$fmt"
    [ -n "${KEEP_PDFS:-}" ] && cp "out/$n.pdf" "$KEEP_PDFS/import-$n.pdf"
    if cov=$($PY "$root/tests/coverage.py" --min 100 -v "in/$n.words" "out/$n.pdf" 2>&1); then ok "words:$fmt"
    else bad "words:$fmt" "$(printf '%s' "$cov" | head -n 3 | tr '\n' ' ')"; fi
done

# the three formats say the same: their documents differ in the image
# folder's name and the width the image was shown at (Markdown has none)
for fmt in odt md; do
    if diff <(sed "s/rapport-docx-bilder/X/; s/ bredd=\"[0-9]*mm\"//" out/rapport-docx.xml) \
        <(sed "s/rapport-$fmt-bilder/X/; s/ bredd=\"[0-9]*mm\"//" "out/rapport-$fmt.xml") > /dev/null 2>&1; then
        ok "same:docx-$fmt"
    else bad "same:docx-$fmt" "the imports of rapport.docx and rapport.$fmt differ"; fi
done

# --- a Summa row that does not add up -------------------------------------
run summa import in/summa-fel.docx -o out/summa-fel.xml
run summa-check check out/summa-fel.xml
line=$(grep -n '<summa>' out/summa-fel.xml | cut -d: -f1)
if grep -q "^out/summa-fel.xml:$line:[0-9]*: fel: \\[SUM-01\\] .*129.*999.*129.*232 (kolumn \"Budget\")" summa-check.err; then ok "summa:SUM-01"
else bad "summa:SUM-01" "no SUM-01 at line $line: $(grep SUM summa-check.err | head -n 1)"; fi

# --- what has no place in the format --------------------------------------
run drops import in/drops.docx -o out/drops.xml
if [ $rc = 0 ]; then ok "drops:exit"; else bad "drops:exit" "exit $rc"; fi
for r in 10 11 12 13 14 15 16 30; do
    if grep -q "^in/drops.docx: varning: \[IMP-$r\] .*stycke [0-9]" drops.err ||
        { [ $r = 30 ] && grep -q "\[IMP-30\]" drops.err; }; then ok "drops:IMP-$r"
    else bad "drops:IMP-$r" "no warning IMP-$r with its paragraph"; fi
done
if grep -q 'och infogad text' out/drops.xml && ! grep -q BORTTAGEN out/drops.xml &&
    grep -q 'Text i en textruta' out/drops.xml && grep -q '2026-09-15' out/drops.xml; then
    ok "drops:text"
else bad "drops:text" "tracked changes, text box or field text wrong"; fi
run drops-check check out/drops.xml
if grep -q 'TILL-01' drops-check.err; then ok "drops:TILL-01"
else bad "drops:TILL-01" "check does not report the missing alt text"; fi

# --- several parts, one report ---------------------------------------------
run parts import in/rapport.docx in/rapport.md -o out/parts.xml
chapters=$(grep -c '^  <avsnitt>' out/parts.xml 2> /dev/null)
if [ $rc = 0 ] && [ "$chapters" = 2 ] &&
    xmllint --noout --relaxng "$root/templates/schema/rapport.rng" out/parts.xml > /dev/null 2>&1; then
    ok "parts:chapters"
else bad "parts:chapters" "exit $rc, $chapters chapters"; fi

# --- hostile files ----------------------------------------------------------
# FILE STATUS RULE
while read -r f want rule; do
    name=hostile-${f%.*}-${f##*.}
    (ulimit -t "$CPU" && exec /usr/bin/time -f '%U %S' -o "$name.time" "$ARS" import "in/$f" -o "out/$name.xml") \
        > "$name.out" 2> "$name.err"
    rc=$?
    why=
    [ $rc = "$want" ] || why="exit $rc, not $want"
    grep -q "^in/$f: fel: \[$rule\]" "$name.err" || why="$why; no $rule: $(head -c 200 "$name.err")"
    [ -e "out/$name.xml" ] || [ -e "out/$name-bilder" ] && why="$why; output written"
    ls out | grep -q 'XXXXXX\|\.[A-Za-z0-9]\{6\}$' && why="$why; a temporary file left"
    sanitizer "$name" && why="$why; sanitizer report"
    if [ "$asan" = 0 ]; then
        cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$name.time" 2> /dev/null)
        awk -v c="${cpu:-9}" 'BEGIN { exit !(c < 1.0) }' || why="$why; ${cpu}s CPU"
    fi
    if [ -z "$why" ]; then ok "hostile:$f"; else bad "hostile:$f" "$why"; fi
done << 'EOF'
corrupt.docx 2 IMP-03
notzip.docx 2 IMP-03
bomb.docx 1 IMP-04
entries.docx 1 IMP-04
climb.docx 1 IMP-05
macro.docm 1 IMP-07
encrypted.docx 1 IMP-06
zipcrypt.docx 1 IMP-06
encrypted.odt 1 IMP-06
pages.docx 1 IMP-08
doctype.docx 1 IMP-09
EOF

run english import --lang en in/bomb.docx -o out/en.xml
if [ $rc = 1 ] && grep -q 'error: \[IMP-04\] The file expands to more than allowed' english.err; then ok "hostile:english"
else bad "hostile:english" "$(head -c 200 english.err)"; fi

# --- damaged copies of the good files ---------------------------------------
# tests/import/mutate.py: bytes cut, copied and fragments inserted in the XML
# parts (the zip packed again, so the damage reaches the readers), fixed
# seeds. Each import ends in 0, 1 or 2 with no sanitizer report, and what
# it writes is valid against the schema.
for fmt in docx odt md; do
    why=
    for seed in $(seq 1 "${IMPORT_MUTATIONS:-8}"); do
        $PY "$here/import/mutate.py" "$seed" "in/rapport.$fmt" "in/m$seed.$fmt"
        rm -rf out/m.xml out/m-bilder
        run mut import "in/m$seed.$fmt" -o out/m.xml
        if [ $rc -gt 2 ] || sanitizer mut; then
            why="$why seed $seed: exit $rc $(grep -m1 -E 'ERROR|runtime error' mut.err)"
        elif [ $rc = 0 ] && ! xmllint --noout --relaxng "$root/templates/schema/rapport.rng" out/m.xml > /dev/null 2>&1; then
            why="$why seed $seed: not valid"
        fi
    done
    if [ -z "$why" ]; then ok "mutated:$fmt"; else bad "mutated:$fmt" "$why"; fi
done

# --- never replaced, never guessed -----------------------------------------
echo original > out/finns.xml
run exists import in/rapport.md -o out/finns.xml
if [ $rc = 2 ] && grep -q 'ARS-05' exists.err && [ "$(cat out/finns.xml)" = original ] &&
    [ ! -e out/finns-bilder ]; then ok "exists:ARS-05"
else bad "exists:ARS-05" "exit $rc: $(head -c 200 exists.err)"; fi
cp in/rapport.md in/rapport.rtf
run unknown import in/rapport.rtf -o out/unknown.xml
if [ $rc = 2 ] && grep -q 'IMP-02' unknown.err && [ ! -e out/unknown.xml ]; then ok "unknown:IMP-02"
else bad "unknown:IMP-02" "exit $rc: $(head -c 200 unknown.err)"; fi

finish
