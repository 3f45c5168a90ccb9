#!/usr/bin/env bash
# friction.sh: writing a report without friction (issue 26).
#
#   tests/friction.sh                              normal build
#   ARS=build/asan/arsrapport tests/friction.sh    ASan+UBSan build
#
# Every document is written here into a temporary directory (removed on
# exit). The cases:
#
#   schema   a misspelled element, attribute or value gives one message
#            with "menade du" or the allowed values, at its line; the
#            checks that can still run (the heading rules) report in the
#            same run; no English from libxml2 in a Swedish message of a
#            document, a style or a rule file
#   refs     written references to sections, tables and figures checked
#            against the numbering (REF-04 error, REF-05 warning); a law's
#            chapter is not one; a repeated paragraph is a warning
#            (TEXT-05); a broken ref names the ids that exist
#   rules    a rule file with a catastrophic pattern is refused when read
#            (KRAV-07), naming the pattern
#   fran     new --fran on each document of input/: the schema passes,
#            the years of title, period and column heads move on by one,
#            figures move only where the column heads say so (checked
#            against last year's cells), refusals (overwrite, bad period,
#            a broken last year)
#   per      title, period, datum and column-head years that disagree
#   bevaka   the watcher driven by file writes: a save by rename, a
#            half-written save in place (the previous PDF stays), the fix,
#            a broken and a repaired style, SIGTERM (exit 0); each step
#            waits for the watcher's numbered status line, polling its log
#            a bounded number of times
#
# No wall-clock limits: each run has a CPU limit (ulimit -t, FRICTION_CPU
# CPU seconds, default 120). Prints "ok NAME" or "FAIL NAME: why" per
# case and, last, "N passed, M failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export ARSRAPPORT_HOME="$root"
export ARSRAPPORT_MALLAR="$root/tests/templates"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=86}
CPU=${FRICTION_CPU:-120}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run OUT ARGS...: the program under a CPU limit; stdout+stderr to OUT,
# the exit status in $rc
run() {
    local out=$1
    shift
    (ulimit -t "$CPU"; "$ARS" "$@") > "$out" 2>&1
    rc=$?
}

# doc FILE BODY [METADATA]: a delårsrapport with the given body
doc() {
    local meta=${3:-'<titel>Delårsrapport 2026</titel><organisation>Kommun</organisation><period start="2026-01-01" slut="2026-08-31"/><datum>2026-09-15</datum>'}
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<rapport xmlns="urn:arsrapport:1" typ="delarsrapport">\n<metadata>%s</metadata>\n%s\n</rapport>\n' "$meta" "$2" > "$1"
}

# English words of libxml2's messages that must never reach a user
english='Expecting|expect|failed to validate|Invalid|Internal error|no state|interleave|Element |Extra element|Opening and ending|parser error|Datatype|Relax'

sanitizer() { grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$1"; }

# --- schema ----------------------------------------------------------------
doc "$tmp/pukt.xml" '<avsnitt><rubrik>Inledning</rubrik>
<lista><pukt>Ett</pukt><punkt>Två</punkt></lista>
</avsnitt>'
run "$tmp/o" check "$tmp/pukt.xml"
n=$(grep -c '<pukt>' "$tmp/o")
if [ "$rc" -eq 1 ] && [ "$n" -eq 1 ] &&
    grep -q "pukt.xml:5:[0-9]*: fel: \[XML-05\] .*<pukt>" "$tmp/o" &&
    grep -qF 'menade du "<punkt>"?' "$tmp/o" &&
    grep -q 'fel: \[DR-01\] Obligatoriskt avsnitt saknas' "$tmp/o" &&
    ! sanitizer "$tmp/o"; then
    ok "schema:pukt one message, menade du, DR-01 in the same run"
else
    bad "schema:pukt" "exit $rc, $n lines naming pukt: $(head -c 600 "$tmp/o")"
fi

doc "$tmp/styke.xml" '<avsnitt><rubrik>Viktiga händelser</rubrik>
<styke>Text</styke>
<stycke>Se <lank hreff="https://a.se">a</lank>.</stycke>
<tabell id="t1"><rubrik>T</rubrik><kolumn typ="beloppp"/><rad><cell>1</cell></rad></tabell>
<lista typ="numrerat"><punkt>x</punkt></lista>
</avsnitt>'
run "$tmp/o" check "$tmp/styke.xml"
nx=$(grep -c '\[XML-05\]' "$tmp/o")
if [ "$rc" -eq 1 ] && [ "$nx" -eq 4 ] &&
    grep -q 'styke.xml:5:.*<styke>' "$tmp/o" && grep -qF 'menade du "<stycke>"?' "$tmp/o" &&
    grep -q 'styke.xml:6:.*hreff' "$tmp/o" && grep -qF 'menade du "href"?' "$tmp/o" &&
    grep -q 'styke.xml:7:.*"beloppp"' "$tmp/o" &&
    grep -qF 'Tillåtna värden: text, belopp, tal, procent, status' "$tmp/o" &&
    grep -q 'styke.xml:8:.*"numrerat"' "$tmp/o" && grep -qF 'menade du "numrerad"?' "$tmp/o" &&
    ! grep -qE "$english" "$tmp/o" && ! sanitizer "$tmp/o"; then
    ok "schema:every typo in one pass, one message each"
else
    bad "schema:typos" "exit $rc, $nx XML-05: $(head -c 900 "$tmp/o")"
fi

# the same in English
run "$tmp/o" check --lang en "$tmp/styke.xml"
if [ "$rc" -eq 1 ] && grep -qF 'did you mean "<stycke>"?' "$tmp/o" &&
    grep -qF 'allowed values: text, belopp' "$tmp/o" || grep -qF 'Allowed values: text, belopp' "$tmp/o"; then
    ok "schema:english"
else
    bad "schema:english" "exit $rc: $(head -c 400 "$tmp/o")"
fi

# a missing required element: one message, in Swedish
doc "$tmp/datum.xml" '<avsnitt><rubrik>A</rubrik><stycke>x</stycke></avsnitt>' \
    '<titel>Delårsrapport 2026</titel><organisation>K</organisation>'
run "$tmp/o" check "$tmp/datum.xml"
if [ "$rc" -eq 1 ] && [ "$(grep -c '\[XML-05\]' "$tmp/o")" -eq 1 ] &&
    grep -q '<datum> saknas' "$tmp/o" && ! grep -qE "$english" "$tmp/o"; then
    ok "schema:missing datum, one Swedish message"
else
    bad "schema:datum" "exit $rc: $(head -c 400 "$tmp/o")"
fi

# a style file and a rule file against their schemas: no libxml2 English
printf '<?xml version="1.0" encoding="UTF-8"?>\n<stil xmlns="urn:arsrapport:stil:1"><sida><marginall/></sida></stil>\n' > "$tmp/stil.xml"
run "$tmp/o" check --stil "$tmp/stil.xml" "$tmp/pukt.xml"
if [ "$rc" -ge 1 ] && grep -q 'STIL-0' "$tmp/o" && ! grep -qE "$english" "$tmp/o" && ! sanitizer "$tmp/o"; then
    ok "schema:style file in Swedish"
else
    bad "schema:style" "exit $rc: $(head -c 400 "$tmp/o")"
fi
mkdir -p "$tmp/mallar/trasig"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<krav xmlns="urn:arsrapport:krav:1" typ="trasig" namn="T"><rubrik id="T-01" niva="obligatoriskk" text="A"><monster>a</monster></rubrik><rubrk/></krav>\n' > "$tmp/mallar/trasig/krav.xml"
sed 's/typ="delarsrapport"/typ="trasig"/' "$tmp/pukt.xml" > "$tmp/trasig.xml"
run "$tmp/o" check --mallar "$tmp/mallar" "$tmp/trasig.xml"
if [ "$rc" -eq 2 ] && grep -q 'KRAV-02' "$tmp/o" && ! grep -qE "$english" "$tmp/o" && ! sanitizer "$tmp/o"; then
    ok "schema:rule file in Swedish"
else
    bad "schema:rules" "exit $rc: $(head -c 600 "$tmp/o")"
fi

# --- refs ------------------------------------------------------------------
doc "$tmp/refs.xml" '<avsnitt><rubrik>Viktiga händelser</rubrik>
<stycke>Se avsnitt 9.9 för detaljer.</stycke>
<stycke>Se avsnitt 1.1 och tabell 1.</stycke>
<stycke>Enligt 9 kap. 9 § och kapitel 3 i kommunallagen gäller detta; 19.7% svarade.</stycke>
<stycke>Se figur 1, som inte finns, och tabell 7.</stycke>
<stycke>Se sidan 12.</stycke>
<avsnitt id="ek"><rubrik>Ekonomi</rubrik>
<tabell id="drift"><rubrik>Drift</rubrik><kolumn typ="text"/><rad><cell>a</cell></rad></tabell>
<lista><punkt>Nämnden bör se över rutinerna för att attestera fakturor i tid.</punkt>
<punkt>Nämnden bör se över rutinerna för att attestera fakturor i tid.</punkt></lista>
<stycke>Se <ref till="drif"/>.</stycke>
</avsnitt></avsnitt>'
run "$tmp/o" check "$tmp/refs.xml"
if grep -q 'refs.xml:5:[0-9]*: fel: \[REF-04\].*avsnitt 9.9' "$tmp/o"; then
    ok "refs:avsnitt 9.9 is an error"
else
    bad "refs:9.9" "$(head -c 600 "$tmp/o")"
fi
if grep -q 'refs.xml:6:[0-9]*: varning: \[REF-05\].*avsnitt 1.1' "$tmp/o" &&
    grep -qF '<ref till="ek"/>' "$tmp/o" &&
    grep -q 'refs.xml:6:[0-9]*: varning: \[REF-05\].*tabell 1' "$tmp/o" &&
    grep -qF '<ref till="drift"/>' "$tmp/o"; then
    ok "refs:right numbers are warnings naming the id"
else
    bad "refs:right" "$(grep REF "$tmp/o" | head -5)"
fi
if ! grep -q 'refs.xml:7:.*REF-0' "$tmp/o"; then
    ok "refs:law chapters and figures are not references"
else
    bad "refs:law" "$(grep 'refs.xml:7:' "$tmp/o")"
fi
if grep -q 'refs.xml:8:[0-9]*: fel: \[REF-04\].*figur 1' "$tmp/o" &&
    grep -q 'refs.xml:8:[0-9]*: fel: \[REF-04\].*tabell 7' "$tmp/o" &&
    grep -q 'refs.xml:9:[0-9]*: varning: \[REF-05\].*sidan 12' "$tmp/o"; then
    ok "refs:missing figure and table, a page"
else
    bad "refs:figure" "$(grep -E 'refs.xml:(8|9):' "$tmp/o")"
fi
if grep -q 'refs.xml:13:[0-9]*: varning: \[TEXT-05\].*rad 12' "$tmp/o" &&
    [ "$(grep -c TEXT-05 "$tmp/o")" -eq 1 ]; then
    ok "refs:repeated recommendation is one warning"
else
    bad "refs:repeat" "$(grep TEXT-05 "$tmp/o")"
fi
if grep -q 'refs.xml:14:[0-9]*: fel: \[REF-01\]' "$tmp/o" &&
    grep -qF 'menade du id="drift"?' "$tmp/o" && ! sanitizer "$tmp/o"; then
    ok "refs:broken ref names the nearest id"
else
    bad "refs:ids" "$(grep -A1 REF-01 "$tmp/o")"
fi

# the forms a written reference takes (the scanner compares words only where
# one begins): any case, plural, a no-break space, sid. and s.; a word
# glued to a letter before it, a longer word, no space, a year and a decimal
# figure are none; a reference that ends the text is found
doc "$tmp/forms.xml" '<avsnitt><rubrik>Viktiga händelser</rubrik>
<stycke>Se TABELL 1 och Avsnitten 1.1.</stycke>
<stycke>Se sid. 3 och s. 4.</stycke>
<stycke>Ötabell 1, xfigur 1, tabellen 1, avsnitt1.1, diagram 2023 och punkt 3,5 gäller.</stycke>
<stycke>Allt detta visas i figur 9</stycke>
<avsnitt><rubrik>Ekonomi</rubrik>
<tabell><rubrik>Drift</rubrik><kolumn typ="text"/><rad><cell>a</cell></rad></tabell>
</avsnitt></avsnitt>'
sed -i 's/\\u00a0/\xc2\xa0/' "$tmp/forms.xml"
run "$tmp/o" check "$tmp/forms.xml"
if grep -q 'forms.xml:5:12: varning: \[REF-05\].*TABELL 1' "$tmp/o" &&
    grep -q 'forms.xml:5:25: varning: \[REF-05\].*Avsnitten 1.1' "$tmp/o" &&
    grep -q 'forms.xml:6:12: varning: \[REF-05\].*sid. 3' "$tmp/o" &&
    grep -q 'forms.xml:6:23: varning: \[REF-05\].*s. 4' "$tmp/o" &&
    ! grep -q 'forms.xml:7:' "$tmp/o" &&
    grep -q 'forms.xml:8:28: fel: \[REF-04\].*figur 9' "$tmp/o" &&
    [ "$(grep -c 'REF-0' "$tmp/o")" -eq 5 ] && ! sanitizer "$tmp/o"; then
    ok "refs:forms of a written reference"
else
    bad "refs:forms" "$(grep -A1 REF- "$tmp/o" | head -20)"
fi

# --- rules -----------------------------------------------------------------
mkdir -p "$tmp/m2/kat"
cat > "$tmp/m2/kat/krav.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<krav xmlns="urn:arsrapport:krav:1" typ="kat" namn="Kat">
  <rubrik id="K-01" niva="obligatorisk" text="Ekonomi">
    <monster>ekonomi.*resultat.*analys</monster>
  </rubrik>
  <rubrik id="K-02" niva="obligatorisk" text="Inledning">
    <monster>^(\w+\s?)+$</monster>
  </rubrik>
</krav>
XML
doc "$tmp/kat.xml" '<avsnitt><rubrik>Inledning och bakgrund till den här rapporten för året</rubrik><stycke>x</stycke></avsnitt>'
sed -i 's/typ="delarsrapport"/typ="kat"/' "$tmp/kat.xml"
run "$tmp/o" check --mallar "$tmp/m2" "$tmp/kat.xml"
if [ "$rc" -eq 2 ] && grep -q 'krav.xml:7:[0-9]*: fel: \[KRAV-07\].*(\\w+' "$tmp/o" &&
    [ "$(grep -c KRAV-07 "$tmp/o")" -eq 1 ] && ! grep -qE 'K-0[12]\]' "$tmp/o" &&
    ! sanitizer "$tmp/o"; then
    ok "rules:catastrophic pattern refused at load, no verdict on a heading"
else
    bad "rules:catastrophic" "exit $rc: $(head -c 600 "$tmp/o")"
fi
# the same file without the bad pattern is used: the plain .* pattern passes
sed -i '/K-02/,/<\/rubrik>/d' "$tmp/m2/kat/krav.xml"
run "$tmp/o" check --mallar "$tmp/m2" "$tmp/kat.xml"
if [ "$rc" -eq 1 ] && grep -q '\[K-01\]' "$tmp/o" && ! grep -q KRAV-0 "$tmp/o"; then
    ok "rules:plain patterns pass the load test"
else
    bad "rules:plain" "exit $rc: $(head -c 600 "$tmp/o")"
fi

# --- help and new ----------------------------------------------------------
run "$tmp/o" --help
missing=""
for w in build check new rules bevaka --fran --period dump-model dump-resolved dump-layout --stub-fonts -o --utkast --stil --mallar --tillat-sokvag --statistik --pdfa --format --lang -j --version; do
    grep -qe "$w" "$tmp/o" || missing="$missing $w"
done
if [ "$rc" -eq 0 ] && [ -z "$missing" ]; then
    ok "help:names every command and option"
else
    bad "help" "exit $rc, missing:$missing"
fi
run "$tmp/o" new delarsrapport "$tmp/ny.xml"
href=$(sed -n 's/^<?xml-model href="file:\/\/\([^"]*\)".*schematypens="http:\/\/relaxng.org\/ns\/structure\/1.0"?>$/\1/p' "$tmp/ny.xml")
run "$tmp/o2" check "$tmp/ny.xml"
if [ -n "$href" ] && [ -f "$href" ] && [ "$(sed -n 2p "$tmp/ny.xml" | cut -c1-11)" = "<?xml-model" ] &&
    [ "$rc" -le 1 ] && ! grep -q 'XML-0' "$tmp/o2"; then
    ok "new:xml-model line pointing at the schema, still valid"
else
    bad "new:xml-model" "href '$href', check exit $rc: $(head -c 300 "$tmp/o2")"
fi
doc "$tmp/a.xml" '<avsnitt><rubrik>A</rubrik><stycke>x</stycke></avsnitt>'
cp "$tmp/a.xml" "$tmp/b.xml"
run "$tmp/o" build "$tmp/a.xml" "$tmp/b.xml" -o "$tmp/ut" --utkast
if [ -f "$tmp/ut/a.pdf" ] && [ -f "$tmp/ut/b.pdf" ]; then
    ok "build:-o with several inputs makes the folder"
else
    bad "build:-o folder" "exit $rc: $(head -c 300 "$tmp/o")"
fi

# --- the schema's documentation ----------------------------------------------
# every element and attribute of rapport.rng carries a Swedish
# a:documentation as its first child (what editors show on hover); the
# enumerated values of kolumn, rad, diagram and lista typ too
out=$(python3 - "$root/templates/schema/rapport.rng" << 'PY'
import re, sys, xml.etree.ElementTree as ET
R = "{http://relaxng.org/ns/structure/1.0}"
A = "{http://relaxng.org/ns/compatibility/annotations/1.0}documentation"
swedish = re.compile(r"[åäöÅÄÖ]|\b(och|eller|en|ett|som|med|för|till|av|är|i)\b")
bad, n = [], 0
for el in ET.parse(sys.argv[1]).getroot().iter():
    if el.tag not in (R + "element", R + "attribute"):
        continue
    n += 1
    kids = list(el)
    doc = kids[0] if kids and kids[0].tag == A else None
    if doc is None or not (doc.text or "").strip() or not swedish.search(doc.text):
        bad.append(el.get("name"))
for ch in ET.parse(sys.argv[1]).getroot().iter(R + "choice"):
    kids = list(ch)
    for i, k in enumerate(kids):
        if k.tag == R + "value" and k.text in ("belopp", "varav", "stapel-mal", "numrerad"):
            if i + 1 >= len(kids) or kids[i + 1].tag != A:
                bad.append("value " + k.text)
print(n, " ".join(bad))
PY
)
if [ "${out%% *}" -gt 80 ] && [ "$out" = "${out%% *} " ]; then
    ok "schema:every element and attribute documented in Swedish (${out%% *})"
else
    bad "schema:documentation" "$out"
fi

# --- new --fran (roll-forward) ---------------------------------------------
# yearsof FILE ELEMENT: every year in the texts of ELEMENT, one a line
yearsof() {
    python3 - "$1" "$2" << 'PY'
import re, sys, xml.etree.ElementTree as ET
ns = "{urn:arsrapport:1}"
for e in ET.parse(sys.argv[1]).getroot().iter(ns + sys.argv[2]):
    for y in re.findall(r"(?<![0-9A-Za-z])(19[0-9]{2}|20[0-9]{2})(?![0-9A-Za-z]|:[0-9])", "".join(e.itertext())):
        print(y)
PY
}
mkdir -p "$tmp/rf"
for src in "$root"/input/*.xml; do
    b=$(basename "$src" .xml)
    run "$tmp/o" new --fran "$src" -o "$tmp/rf/$b.xml"
    rc1=$rc
    run "$tmp/o2" check "$tmp/rf/$b.xml"
    old_start=$(sed -n 's/.*<period start="\([0-9]*\)-.*/\1/p' "$src" | head -n 1)
    new_start=$(sed -n 's/.*<period start="\([0-9]*\)-.*/\1/p' "$tmp/rf/$b.xml" | head -n 1)
    # every year of the title and the column heads moved on by one
    moved=yes
    for el in titel kolumn; do
        exp=$(yearsof "$src" $el | awk '{ print $1 + 1 }' | sort | tr '\n' ' ')
        got=$(yearsof "$tmp/rf/$b.xml" $el | sort | tr '\n' ' ')
        [ "$exp" = "$got" ] || moved="$el: want '$exp' got '$got'"
    done
    if [ "$rc1" -eq 0 ] && [ "$rc" -le 1 ] && ! grep -q 'XML-0' "$tmp/o2" &&
        ! grep -q 'PER-0' "$tmp/o2" && [ "$new_start" = "$((old_start + 1))" ] &&
        [ "$moved" = yes ] && grep -q 'TEXT-01' "$tmp/o2" && ! sanitizer "$tmp/o" && ! sanitizer "$tmp/o2"; then
        ok "fran:$b passes the schema, years moved on, placeholders flagged"
    else
        bad "fran:$b" "new exit $rc1, check exit $rc, period $old_start -> $new_start, moved $moved: $(grep -E 'XML-0|PER-0' "$tmp/o2" | head -c 400) $(head -c 300 "$tmp/o")"
    fi
done
# figures: "Utfall fg år" gets last year's "Utfall perioden", "Utfall 2023"
# last year's "Utfall 2023"; every other figure is emptied
cat > "$tmp/rfcheck.py" << 'PY'
import sys, xml.etree.ElementTree as ET
ns = "{urn:arsrapport:1}"
def tables(f):
    return list(ET.parse(f).getroot().iter(ns + "tabell"))
def heads(t):
    return [" ".join("".join(k.itertext()).split()) for k in t.findall(ns + "kolumn")]
def rows(t):
    return [[" ".join("".join(c.itertext()).split()) for c in r.findall(ns + "cell")] for r in t.iter(ns + "rad") if r.get("typ") != "rubrik"]
old, new, moved = tables(sys.argv[1]), tables(sys.argv[2]), sys.argv[3] == "moved"
checked = 0
for to, tn in zip(old, new):
    ho, hn = heads(to), heads(tn)
    kinds = [k.get("typ") for k in tn.findall(ns + "kolumn")]
    for ro, rn in zip(rows(to), rows(tn)):
        if len(ro) != len(ho) or len(rn) != len(hn):
            continue
        for i, h in enumerate(hn):
            if kinds[i] not in ("belopp", "tal", "procent"):
                if rn[i] != ro[i] and not any(ch.isdigit() for ch in ro[i]):
                    sys.exit("label changed: %r -> %r" % (ro[i], rn[i]))
                continue
            src = None
            if moved and h in ho and h != ho[i]:
                src = ho.index(h)
            if moved and h.endswith(" fg år"):
                cands = [j for j, x in enumerate(ho) if x and x.split()[0] == h.split()[0] and not x.endswith(" fg år")]
                src = cands[0] if len(cands) == 1 else None
            want = ro[src] if src is not None else ""
            if rn[i] != want:
                sys.exit("column %r row %r: want %r got %r" % (h, rn[0], want, rn[i]))
            checked += src is not None and want != ""
print(checked)
PY
dr="$root/input/delarsrapport-2023-osteraker.xml"
n=$(python3 "$tmp/rfcheck.py" "$dr" "$tmp/rf/delarsrapport-2023-osteraker.xml" moved 2>&1)
if [ "$n" -gt 20 ] 2> /dev/null && grep -q '<kolumn id="utfall_fg" typ="belopp">Utfall fg år</kolumn>' "$tmp/rf/delarsrapport-2023-osteraker.xml"; then
    ok "fran:figures moved where the column heads say so ($n), the rest emptied"
else
    bad "fran:figures" "$n"
fi
# another part of the year: nothing moves, the period is the one given
run "$tmp/o" new --fran "$dr" --period 2024-01-01:2024-04-30 -o "$tmp/rf/tertial.xml"
n=$(python3 "$tmp/rfcheck.py" "$dr" "$tmp/rf/tertial.xml" emptied 2>&1)
if [ "$rc" -eq 0 ] && [ "$n" = 0 ] && grep -q '<period start="2024-01-01" slut="2024-04-30"/>' "$tmp/rf/tertial.xml" &&
    grep -q '<titel>Delårsrapport januari–augusti 2024</titel>' "$tmp/rf/tertial.xml"; then
    ok "fran:--period of another length moves no figures"
else
    bad "fran:--period" "exit $rc: $n $(head -c 300 "$tmp/o")"
fi
# an SIE table's periods and a nyckeltal's years move on with the rest
run "$tmp/o" new --fran "$root/examples/data/drift-sie.xml" -o "$tmp/rf/sie.xml"
old_p=$(grep -o 'perioder="[0-9-]*"' "$root/examples/data/drift-sie.xml" | sort | tr '\n' ' ')
exp_p=$(printf '%s' "$old_p" | python3 -c 'import re, sys; print(re.sub(r"\b([0-9]{4})([0-9]{2})\b", lambda m: str(int(m.group(1)) + 1) + m.group(2), sys.stdin.read()), end="")')
new_p=$(grep -o 'perioder="[0-9-]*"' "$tmp/rf/sie.xml" | sort | tr '\n' ' ')
run "$tmp/o2" new --fran "$root/examples/kolada-nyckeltal.xml" -o "$tmp/rf/kolada.xml"
old_ar=$(grep -o ' ar="[0-9-]*"' "$root/examples/kolada-nyckeltal.xml" | head -n 1 | tr -dc '0-9-')
new_ar=$(grep -o ' ar="[0-9-]*"' "$tmp/rf/kolada.xml" | head -n 1 | tr -dc '0-9-')
if [ -n "$old_p" ] && [ "$new_p" = "$exp_p" ] && [ -n "$old_ar" ] &&
    [ "$new_ar" = "$((${old_ar%-*} + 1))-$((${old_ar#*-} + 1))" ]; then
    ok "fran:SIE periods and nyckeltal years move on"
else
    bad "fran:periods" "perioder '$old_p' -> '$new_p' (want '$exp_p'), ar '$old_ar' -> '$new_ar'"
fi
# never overwrites; a bad period and a broken last year are refused
cp "$tmp/rf/tertial.xml" "$tmp/rf/keep.xml"
run "$tmp/o" new --fran "$dr" -o "$tmp/rf/tertial.xml"
rc1=$rc
run "$tmp/o2" new --fran "$dr" --period 2024-02-30:2024-08-31
rc2=$rc
printf '<rapport xmlns="urn:arsrapport:1" typ="delarsrapport"><metadata><titel>x</titel></metadata><pukt/></rapport>\n' > "$tmp/rf/trasig.xml"
run "$tmp/o3" new --fran "$tmp/rf/trasig.xml" -o "$tmp/rf/ny.xml"
if [ "$rc1" -eq 2 ] && cmp -s "$tmp/rf/tertial.xml" "$tmp/rf/keep.xml" && grep -q 'ARS-05' "$tmp/o" &&
    [ "$rc2" -eq 2 ] && grep -q '\[ARS-30\] --period "2024-02-30:2024-08-31"' "$tmp/o2" &&
    [ "$rc" -eq 1 ] && grep -q 'trasig.xml:1:.*fel: \[XML-05\] Fjolårets rapport' "$tmp/o3" && [ ! -e "$tmp/rf/ny.xml" ]; then
    ok "fran:refuses to overwrite, a bad period, a broken last year"
else
    bad "fran:refusals" "exits $rc1 $rc2 $rc: $(head -c 300 "$tmp/o2") $(head -c 300 "$tmp/o3")"
fi

# --- years that disagree (PER-01..04) ---------------------------------------
doc "$tmp/per.xml" '<avsnitt><rubrik>Ekonomi</rubrik><stycke>Text om året som gick.</stycke>
<tabell><kolumn typ="text"/><kolumn typ="belopp">Utfall 2027</kolumn><rad><cell>a</cell><cell>1</cell></rad></tabell>
<tabell><kolumn typ="text"/><kolumn typ="belopp">Budget 2024</kolumn><kolumn typ="belopp">Utfall 2024</kolumn><rad><cell>a</cell><cell>1</cell><cell>1</cell></rad></tabell>
<tabell><kolumn typ="text"/><kolumn typ="belopp">2023</kolumn><kolumn typ="belopp">2024</kolumn><rad><cell>a</cell><cell>1</cell><cell>1</cell></rad></tabell>
</avsnitt>' '<titel>Delårsrapport januari–augusti 2027</titel><organisation>Kommun</organisation><period start="2025-09-01" slut="2026-08-31"/><datum>2029-01-15</datum>'
run "$tmp/o" check "$tmp/per.xml"
if grep -q 'per.xml:2:1: varning: \[PER-01\] Titeln "Delårsrapport januari–augusti 2027" nämner inget år i perioden 2025-09-01–2026-08-31' "$tmp/o" &&
    grep -q '\[PER-02\] Datum 2029-01-15' "$tmp/o" && grep -q '\[PER-04\]' "$tmp/o" &&
    grep -q 'per.xml:5:[0-9]*: varning: \[PER-03\] Kolumnrubriken "Utfall 2027"' "$tmp/o" &&
    grep -q 'per.xml:6:[0-9]*: varning: \[PER-03\] Tabellens kolumnrubriker nämner bara år före perioden' "$tmp/o" &&
    [ "$(grep -c 'PER-03' "$tmp/o")" -eq 2 ] && ! sanitizer "$tmp/o"; then
    ok "per:title, datum, column heads and a delår period that disagree are warnings"
else
    bad "per" "exit $rc: $(grep PER "$tmp/o" | head -c 800)"
fi
run "$tmp/o" check --lang en "$tmp/per.xml"
if grep -qF "[PER-04] An interim report's period must be a part of one year" "$tmp/o"; then
    ok "per:english"
else
    bad "per:english" "$(grep PER "$tmp/o" | head -c 400)"
fi

# --- bevaka (watch) --------------------------------------------------------
# The watcher runs in the background under a CPU limit; each step writes the
# document as an editor would and waits for the watcher's numbered status
# line by polling its log a bounded number of times (no timing asserted).
mkdir -p "$tmp/w"
cp "$root/examples/grundlaggande.xml" "$tmp/w/r.xml"
cp "$root/templates/stil/standard.xml" "$tmp/w/stil.xml"
(ulimit -t "$CPU"; exec "$ARS" bevaka "$tmp/w/r.xml" --webb --stil "$tmp/w/stil.xml") > "$tmp/w.log" 2>&1 &
wpid=$!
# wait_build N: until status line #N is in the log (at most 3000 polls)
wait_build() {
    local i
    for ((i = 0; i < 3000; i++)); do
        grep -q "^#$1 " "$tmp/w.log" && return 0
        kill -0 "$wpid" 2> /dev/null || return 1
        sleep 0.05
    done
    return 1
}
sum() { md5sum < "$tmp/w/r.pdf" 2> /dev/null | cut -c1-32; }
if wait_build 1 && grep -q '^#1 .* klar på .*r\.pdf, [0-9]* sidor; 0 fel' "$tmp/w.log" &&
    [ -f "$tmp/w/r.pdf" ]; then
    ok "bevaka:first build"
else
    bad "bevaka:first" "$(head -c 600 "$tmp/w.log")"
fi
s1=$(sum)
# a good save the way editors make it: a temporary file renamed over the document
sed 's/januari–augusti 2026/januari–augusti 2026 Bevakad/' "$tmp/w/r.xml" > "$tmp/w/.r.xml.swp"
mv "$tmp/w/.r.xml.swp" "$tmp/w/r.xml"
s2=""
if wait_build 2 && grep -q '^#2 .* klar på' "$tmp/w.log" && s2=$(sum) && [ "$s2" != "$s1" ] &&
    pdftotext "$tmp/w/r.pdf" - 2> /dev/null | grep -q Bevakad && grep -q Bevakad "$tmp/w/r.html"; then
    ok "bevaka:save by rename rebuilds the PDF and the web edition"
else
    bad "bevaka:rename" "$(tail -c 600 "$tmp/w.log")"
fi
# a half-written save in place: the previous PDF stays, nothing temporary left
cp "$tmp/w/r.xml" "$tmp/w/good.xml"
head -c 1500 "$tmp/w/good.xml" > "$tmp/w/r.xml"
h2=$(md5sum < "$tmp/w/r.html")
if wait_build 3 && grep -q '^#3 .*den förra PDF:en står kvar' "$tmp/w.log" &&
    [ "$(md5sum < "$tmp/w/r.html")" = "$h2" ] &&
    grep -q 'r\.xml:[0-9]*:[0-9]*: fel: \[XML-0' "$tmp/w.log" && [ "$(sum)" = "$s2" ] &&
    [ -z "$(find "$tmp/w" -name 'r.pdf.*')" ]; then
    ok "bevaka:half-written save keeps the previous PDF"
else
    bad "bevaka:half-written" "$(tail -c 600 "$tmp/w.log")"
fi
# the fix, written in place
sed 's/Bevakad/Lagad/' "$tmp/w/good.xml" > "$tmp/w/r.xml"
if wait_build 4 && grep -q '^#4 .* klar på' "$tmp/w.log" &&
    pdftotext "$tmp/w/r.pdf" - 2> /dev/null | grep -q Lagad; then
    ok "bevaka:the fix rebuilds"
else
    bad "bevaka:fix" "$(tail -c 600 "$tmp/w.log")"
fi
# the style is watched too: a broken style keeps the engine and the PDF,
# the repaired one is used
s4=$(sum)
printf '<stil xmlns="urn:arsrapport:stil:1"><sida format="A9"/></stil>\n' > "$tmp/w/stil.xml"
if wait_build 5 && grep -q '^#5 .*kunde inte byggas' "$tmp/w.log" &&
    grep -q 'stil.xml:1:.*fel: \[STIL-02\]' "$tmp/w.log" && [ "$(sum)" = "$s4" ]; then
    ok "bevaka:broken style keeps the PDF"
else
    bad "bevaka:broken style" "$(tail -c 600 "$tmp/w.log")"
fi
sed 's/text="#000000"/text="#202020"/' "$root/templates/stil/standard.xml" > "$tmp/w/stil.xml"
if wait_build 6 && grep -q '^#6 .* klar på' "$tmp/w.log" && [ "$(sum)" != "$s4" ]; then
    ok "bevaka:style save rebuilds with the new style"
else
    bad "bevaka:style" "$(tail -c 600 "$tmp/w.log")"
fi
kill -TERM "$wpid" 2> /dev/null
wait "$wpid"
wrc=$?
if [ "$wrc" -eq 0 ] && [ "$(tail -n 1 "$tmp/w.log")" = "Bevakningen avslutad." ] &&
    [ "$(grep -c '^#' "$tmp/w.log")" -eq 6 ] && ! sanitizer "$tmp/w.log" &&
    [ -z "$(find "$tmp/w" -name 'r.pdf.*')" ]; then
    ok "bevaka:SIGTERM ends cleanly"
else
    bad "bevaka:SIGTERM" "exit $wrc: $(tail -c 600 "$tmp/w.log")"
fi

finish
