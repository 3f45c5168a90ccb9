#!/usr/bin/env bash
# typo.sh: the typographic defects of issue 24 ("Pages a typographer would
# sign"), with the real fonts:
#
#   two-line   the issue's two minimal paragraphs, a little longer than a
#              line: the first line is never a word or two alone (at
#              least two thirds of the measure before stretching)
#   joint      "jämförelseobjekt" breaks at its compound joint
#              (templates/avstavning.txt), never "jämförel-seobjekt"
#   title      the cover title "... januari–augusti 2026" and a heading
#              with a range never break after the dash, and a title of two
#              lines is balanced
#   hanging    a numbered heading's second line starts under its text
#   stats      --statistik on input/, examples/ (normal build) and the
#              200-section (~500-page) benchmark report
#              (../shared/bench/gen_report.py): no overfull lines, short first lines, words broken
#              across pages, heading lines ending after a dash
#
#   tests/typo.sh                              normal build
#   ARS=build/asan/arsrapport tests/typo.sh    ASan+UBSan build
#
# Prints "ok NAME" or "FAIL NAME: why" per case and, last, "N passed, M
# failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ulimit -t 300

doc() { # FILE TITLE BODY...
    local f=$1 title=$2
    shift 2
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<rapport xmlns="urn:arsrapport:1" typ="delarsrapport" xml:lang="sv">'
        echo "<metadata><titel>$title</titel><organisation>Exempelstads kommun</organisation>"
        echo '<datum>2026-09-15</datum></metadata>'
        echo "$@"
        echo '</rapport>'
    } > "$f"
}

# the text boxes of a dump as "tag y x w text", one a line
boxes() {
    sed -n 's/^  text x=\([0-9]*\) y=\([0-9]*\) tag=\([A-Za-z0-9]*#[0-9]*\) w=\([0-9]*\) .* "\(.*\)"\( actual=.*\)\{0,1\}$/\3 \2 \1 \4 \5/p' "$1"
}

# --- two-line paragraphs --------------------------------------------------
doc "$tmp/two.xml" "Prov" \
    '<avsnitt><rubrik>Prov</rubrik>' \
    '<stycke>Revisionsfråga: Finns det en tydlig ansvarsfördelning avseende de kommunala arbetsmarknadsåtgärderna?</stycke>' \
    '<stycke><fet>Samordna insatser för att främja arbetet med kommunens och näringslivets kompetensförsörjningsbehov</fet></stycke>' \
    '</avsnitt>'
"$ARS" dump-layout "$tmp/two.xml" > "$tmp/two.layout" 2> /dev/null
boxes "$tmp/two.layout" > "$tmp/two.boxes"
# per paragraph: the width set on its first line and its number of lines
res=$(awk '$1 ~ /^P#/ { if (!($1 in y0)) y0[$1] = $2
                        if ($2 == y0[$1]) w[$1] += $4
                        if (!(($1, $2) in seen)) { seen[$1, $2] = 1; n[$1]++ } }
           END { for (p in n) if (n[p] == 2) print p, w[p] }' "$tmp/two.boxes")
if [ "$(echo "$res" | grep -c .)" -ne 2 ]; then
    bad two-line "expected two paragraphs of two lines, got: $res"
else
    short=$(echo "$res" | awk '$2 * 3 < 442186 * 2')
    if [ -n "$short" ]; then
        bad two-line "a first line shorter than 2/3 of the measure: $short"
    else
        ok two-line
    fi
fi
first=$(grep -m1 'Revisionsfråga' "$tmp/two.boxes")
case $first in
*"Revisionsfråga: Finns"*) ok two-line-revisionsfraga ;;
*) bad two-line-revisionsfraga "first line: $first" ;;
esac

# --- compound joints ------------------------------------------------------
doc "$tmp/jam.xml" "Prov" \
    '<avsnitt><rubrik>Prov</rubrik>' \
    '<stycke>Nämnden har valt Falun, Gävle och Sundsvall som jämförelseobjekt i år, eftersom jämförelseobjekten liknar oss. Jämförelseobjekt används i analysen av kostnaderna för jämförelseobjekt och jämförelseobjekten.</stycke>' \
    '</avsnitt>'
"$ARS" dump-layout "$tmp/jam.xml" > "$tmp/jam.layout" 2> /dev/null
if grep -q '"jämförel-"' "$tmp/jam.layout"; then
    bad joint "jämförel-seobjekt"
elif grep -q '"jämförelse-" actual="jämförelseobjekt' "$tmp/jam.layout"; then
    ok joint
else
    bad joint "no break in jämförelseobjekt at all (the case no longer tests it)"
fi

# --- titles and headings with a range -------------------------------------
doc "$tmp/title.xml" "Delårsrapport för socialnämnden januari–augusti 2026" \
    '<avsnitt><rubrik>Ekonomiskt utfall för perioden januari–augusti 2026 jämfört med budget och prognos</rubrik>' \
    '<stycke>Text.</stycke></avsnitt>' \
    '<avsnitt><rubrik>Ett</rubrik><avsnitt><rubrik>Tv</rubrik><avsnitt><rubrik>Tre</rubrik>' \
    '<avsnitt><rubrik>Verksamhetens måluppfyllelse och uppföljning av nämndens beslutade åtgärder under perioden</rubrik>' \
    '<stycke>Text.</stycke></avsnitt></avsnitt></avsnitt></avsnitt>'
"$ARS" dump-layout "$tmp/title.xml" > "$tmp/title.layout" 2> /dev/null
boxes "$tmp/title.layout" > "$tmp/title.boxes"
if grep -E '^(P#|H)[^ ]* [0-9]+ [0-9]+ [0-9]+ .*–$' "$tmp/title.boxes" > "$tmp/dash"; then
    bad title-dash "a line ends after the dash: $(head -1 "$tmp/dash")"
else
    ok title-dash
fi
# the cover title (28 pt) in two lines of similar length
tw=$(grep 'size=28000' "$tmp/title.layout" | sed 's/.* w=\([0-9]*\) .*/\1/')
if [ "$(echo "$tw" | grep -c .)" -eq 2 ] &&
    [ "$(echo "$tw" | sort -n | awk 'NR == 1 { a = $1 } NR == 2 { print (a * 10 >= $1 * 6) }')" = 1 ]; then
    ok title-balanced
else
    bad title-balanced "cover title line widths: $(echo $tw)"
fi

# --- hanging indent -------------------------------------------------------
h=$(awk '$1 ~ /^H4#/' "$tmp/title.boxes")
lines=$(echo "$h" | awk '{ print $2 }' | sort -u | grep -c .)
# the number's box first, then the text at x1; every later line at x1
x1=$(echo "$h" | awk 'NR == 2 { print $3 }')
later=$(echo "$h" | awk -v y="$(echo "$h" | awk 'NR == 1 { print $2 }')" '$2 != y { print $3 }' | sort -u)
if [ "$lines" -ge 2 ] && [ -n "$x1" ] && [ "$later" = "$x1" ]; then
    ok hanging-indent
else
    bad hanging-indent "lines=$lines text x=$x1, later lines at: $(echo $later)"
fi

# --- charts and the web edition's title -----------------------------------
doc "$tmp/chart.xml" "Delårsrapport januari–augusti 2026" \
    '<avsnitt><rubrik>Nyckeltal</rubrik><stycke>Text.</stycke>' \
    '<tabell id="t"><rubrik>Andel</rubrik><kolumn typ="text">Fråga</kolumn>' \
    '<kolumn id="a" typ="procent">Utfall</kolumn>' \
    '<rad><cell>Ett</cell><cell>91 %</cell></rad><rad><cell>Två</cell><cell>80 %</cell></rad>' \
    '<kalla>' \
    '   källa: Kolada</kalla></tabell>' \
    '<diagram tabell="t" typ="stapel" kolumner="a" alt="Stapeldiagram: andel per fråga."><rubrik>Andel</rubrik></diagram>' \
    '</avsnitt>'
"$ARS" dump-layout "$tmp/chart.xml" > "$tmp/chart.layout" 2> /dev/null
note=$(grep 'Uppgifterna finns' "$tmp/chart.layout")
case $note in
*[Kk]älla:\ [Kk]älla*) bad chart-source "the source named twice: $note" ;;
*font=sans-italic*"källa: Kolada"*) ok chart-source ;;
*) bad chart-source "not the italic note 'källa: Kolada. ...': $note" ;;
esac
"$ARS" build --utkast --webb "$tmp/chart.xml" -o "$tmp/chart.pdf" > /dev/null 2>&1
if grep -q '<h1>Delårsrapport <span class="nw">januari–augusti</span> 2026</h1>' "$tmp/chart.html"; then
    ok web-title-range
else
    bad web-title-range "$(grep -o '<h1>.*</h1>' "$tmp/chart.html" 2> /dev/null | head -1)"
fi

# --- the målnivå line of stapel-mal: behind the bars, dashed ---------------
# painted before the bars (the page's order of boxes is the painting order),
# so a bar over its target covers it and no line lies across a bar's top;
# it reaches past the group's outer bars, where it always shows
"$ARS" dump-layout examples/diagram-stapel-mal.xml > "$tmp/mal.layout" 2> /dev/null
res=$(awk '/ path .*"(target|bar) s=/ {
             n = split($0, f, " ")
             for (i = 1; i <= n; i++) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
             c = $0; sub(/.* c=/, "", c); sub(/".*/, "", c)
             if ($0 ~ /"target/) {
                 if (!(c in barx)) tfirst++; else tlate++
                 if (v["dash"] + 0 <= 0) undashed++
                 tx[c] = v["x"]; tw[c] = v["w"]
             } else {
                 if (!(c in barx) || v["x"] < barx[c]) barx[c] = v["x"]
                 if (v["x"] + v["w"] > bare[c]) bare[c] = v["x"] + v["w"]
             }
         }
         END { for (c in tx) if (!(tx[c] < barx[c] && tx[c] + tw[c] > bare[c])) short++
               printf "%d %d %d %d", tfirst, tlate, undashed, short }' "$tmp/mal.layout")
if [ "$res" = "4 0 0 0" ]; then
    ok chart-target-behind
else
    bad chart-target-behind "targets before their bars, after, undashed, not past the group: $res"
fi
"$ARS" build --webb examples/diagram-stapel-mal.xml -o "$tmp/mal.html" > /dev/null 2>&1
# in the plot's SVG: each target line (dashed) comes before its category's bars
svg=$(python3 -c '
import re, sys
s = open(sys.argv[1]).read()
plots = [x for x in re.findall(r"<svg.*?</svg>", s, re.S) if "<rect x=" in x and "viewBox=\"0 0 480" in x]
order = re.findall(r"<line [^>]*stroke=\"#1A1A1A\"[^>]*>|<rect x=\"[^>]*>", plots[0]) if plots else []
print("".join("T" if o.startswith("<line") and "dasharray" in o else "t" if o.startswith("<line") else "b" for o in order))' "$tmp/mal.html" 2>&1)
if [ "$svg" = "TTbbTTbbTTbbTTbb" ]; then
    ok web-chart-target-behind
else
    bad web-chart-target-behind "target (T dashed, t solid) and bar (b) order in the SVG: $svg"
fi

# --- a chart that does not fit floats: the text after it fills the page ---
# five paragraphs, a table, a chart too tall for the rest of the page, five
# more paragraphs: the first paragraph after the chart fills the page, the
# chart goes to the top of the next page, and the structure tree (the
# reading order) still has the chart between the table and that paragraph
para='Nämnden följer upp verksamheten varje månad och rapporterar till kommunstyrelsen.'
body='<avsnitt><rubrik>Prov</rubrik>'
for w in Första Andra Tredje Fjärde Femte; do
    body="$body<stycke>$w stycket före diagrammet. $para $para $para $para</stycke>"
done
body="$body"'<tabell id="t"><rubrik>Andel</rubrik><kolumn typ="text">Fråga</kolumn><kolumn id="a" typ="procent">Utfall</kolumn>'
for r in Ett Två Tre Fyra Fem Sex; do body="$body<rad><cell>$r</cell><cell>80 %</cell></rad>"; done
body="$body"'<kalla>Kolada</kalla></tabell><diagram tabell="t" typ="stapel" kolumner="a" alt="Stapeldiagram: andel per fråga."><rubrik>Andel per fråga</rubrik></diagram>'
for w in ett två tre fyra fem; do
    body="$body<stycke>Stycket efter diagrammet, $w. $para $para $para</stycke>"
done
doc "$tmp/float.xml" "Prov" "$body</avsnitt>"
"$ARS" dump-layout "$tmp/float.xml" > "$tmp/float.layout" 2> /dev/null
# the page of the chart's caption and of the first paragraph after it
pc=$(awk '/^page /{p=$2} /"Diagram 1. "/{print p; exit}' "$tmp/float.layout")
pe=$(awk '/^page /{p=$2} /"Stycket efter diagrammet, ett/{print p; exit}' "$tmp/float.layout")
top=$(awk '/^page /{p=$2; n=0} / tag=[A-Za-z]*#/ && p == '"${pc:-0}"' && n++ == 0 {print}' "$tmp/float.layout")
if [ -n "$pc" ] && [ -n "$pe" ] && [ "$pe" -lt "$pc" ] && case $top in *'"Diagram 1. "'*) true ;; *) false ;; esac; then
    ok float-fills-page
else
    bad float-fills-page "chart on page $pc, the paragraph after it on page $pe, first box there: $top"
fi
"$ARS" build --utkast "$tmp/float.xml" -o "$tmp/float.pdf" > /dev/null 2>&1
order=$(pdfinfo -struct-text "$tmp/float.pdf" 2> /dev/null |
    grep -o 'Femte stycket\|Diagram 1\|Stycket efter diagrammet, ett' | tr '\n' '/')
if [ "$order" = "Femte stycket/Diagram 1/Stycket efter diagrammet, ett/" ]; then
    ok float-reading-order
else
    bad float-reading-order "structure text order: $order"
fi

# --- loose lines: the causes found on the delårsrapport and the benchmark ---
#   asi     "12-stegsbehandling" hyphenated after its number and hyphen
#   run     a paragraph of long compounds that needs three hyphenated lines
#           in a row (two at most left one line loose)
#   unit    a first line followed by a long amount with its unit: the unit
#           word goes to the next line, the number stays whole
#   letters a first line no break sets within the tolerance ("resultat." /
#           "Som", badness 219): letter-spaced, its spaces within it
doc "$tmp/loose.xml" "Prov" \
    '<avsnitt><rubrik>Prov</rubrik>' \
    '<stycke>Förvaltningens mål är att använda evidensbaserade metoder såsom; bedömningsmodellen Addiction Severity Index (ASI), Motiverande samtal (MI), kognitiv beteendeterapi (KBT) och 12-stegsbehandling, för att i hemmiljö bidra till en bättre livskvalitet. En nära samverkan mellan socialförvaltningen och regionen, med en tydlig ansvarsfördelning, förväntas bidra till att de som behöver stöd får det.</stycke>' \
    '<stycke>Förvaltningen stärker måluppfyllelsen under årets första åtta månader. Räddningstjänsten har effektiviserat väntetiderna inom äldreomsorgen i hela kommunen. Äldreomsorgen säkerställer kompetensförsörjningen i samverkan med regionen. Överförmyndarverksamheten säkerställer energiförbrukningen i kommunens lokaler med stöd av nya nyckeltal. Ledningsgruppen har kartlagt tillgängligheten jämfört med föregående år. Andelen nöjda brukare uppgick till 40,9 procent efter beslut i kommunfullmäktige. Därför har äldreomsorgen arbetsmiljön. Andelen digitala ansökningar uppgick till 75,9 procent för att nå målen i Agenda 2030. Överförmyndarverksamheten genomför elevernas måluppfyllelse i årskurs nio på både kort och lång sikt. Personalomsättningen uppgick till 62,8 procent så långt det är möjligt. Verksamheten har effektiviserat digitaliseringen av ärendehanteringen i förhållande till kommunfullmäktiges mål. Förskolan har effektiviserat brukarnas delaktighet efter beslut i kommunfullmäktige.</stycke>' \
    '<stycke>Tekniska förvaltningen har förbättrat budgetföljsamheten utifrån brukarundersökningens resultat. Som en följd av detta analyserar äldreomsorgen arbetsmiljön.</stycke>' \
    '<stycke>Vidare har äldreomsorgen lokalförsörjningen. Prognosen för helåret visar en avvikelse på −21 690,1 tkr, vilket förklaras av att elevernas måluppfyllelse i årskurs nio påverkats i nära samarbete med skolorna. Socialförvaltningen har följt upp väntetiderna inom äldreomsorgen i hela kommunen.</stycke>' \
    '</avsnitt>'
"$ARS" dump-layout "$tmp/loose.xml" > "$tmp/loose.layout" 2> /dev/null
loose=$(sed -n 's/^stats .* loose=\([0-9]*\) .*/\1/p' "$tmp/loose.layout")
if [ "$loose" = 0 ]; then
    ok loose-lines
else
    bad loose-lines "loose=$loose in the four minimal paragraphs"
fi
# the first line ends at "resultat." (its spaces within the tolerance, its
# glyphs spaced by the rest), not before it, looser
if grep -q '"Tekniska förvaltningen [^"]* resultat\."$' "$tmp/loose.layout"; then
    ok loose-letter-spaced
else
    bad loose-letter-spaced "$(grep -o '"Tekniska[^"]*"' "$tmp/loose.layout")"
fi
if grep -q '"12-stegs[a-zåäö]*-" actual="12-stegsbehandling,"' "$tmp/loose.layout"; then
    ok loose-asi-hyphenated
else
    bad loose-asi-hyphenated "12-stegsbehandling not hyphenated: $(grep -o '"[^"]*12-steg[^"]*"' "$tmp/loose.layout" | head -2)"
fi
# the amount whole at the end of the first line, its unit word the second
# line's first (the unit parted from it only where no way keeps them
# together without a loose line); "−21" never alone
if grep -q '"[^"]* på −21\\u00a0690,1"$' "$tmp/loose.layout" &&
    grep -q 'font=serif size=11000 "tkr, vilket' "$tmp/loose.layout"; then
    ok loose-unit-number-whole
else
    bad loose-unit-number-whole "$(grep -o '"[^"]*−21[^"]*"' "$tmp/loose.layout" | head -2)"
fi

# --- two paragraphs in a table cell: the style's space between them -------
doc "$tmp/cell.xml" "Prov" \
    '<avsnitt><rubrik>Prov</rubrik><stycke>Text.</stycke>' \
    '<tabell><rubrik>Uppdrag</rubrik><kolumn typ="text">Uppdrag</kolumn><kolumn typ="text">Kommentar</kolumn>' \
    '<rad><cell>Ett</cell><cell><stycke>Första stycket.</stycke><stycke>Andra stycket.</stycke></cell></rad>' \
    '<rad><cell>Två</cell><cell>Tre</cell></rad></tabell></avsnitt>'
"$ARS" dump-layout "$tmp/cell.xml" > "$tmp/cell.layout" 2> /dev/null
y1=$(sed -n 's/.* y=\([0-9]*\) .*"Första stycket."/\1/p' "$tmp/cell.layout")
y2=$(sed -n 's/.* y=\([0-9]*\) .*"Andra stycket."/\1/p' "$tmp/cell.layout")
# the table's leading (9 pt x 1.28) and the standard style's 3 pt
if [ -n "$y1" ] && [ -n "$y2" ] && [ $((y2 - y1)) -eq $((11520 + 3000)) ]; then
    ok cell-paragraphs
else
    bad cell-paragraphs "baselines $y1 and $y2"
fi

# a group heading row (rad typ="rubrik") with its text alone: one line the
# width of the table, not wrapped in the first column
sed 's|<rad typ="rubrik"><cell>Personal</cell>|<rad typ="rubrik"><cell>Personal och personalrelaterade kostnader inklusive arvoden</cell>|' \
    examples/tabell-grupper.xml > "$tmp/grp.xml"
"$ARS" dump-layout "$tmp/grp.xml" > "$tmp/grp.layout" 2> /dev/null
if grep -q '"Personal och personalrelaterade kostnader inklusive arvoden"' "$tmp/grp.layout"; then
    ok group-row-width
else
    bad group-row-width "$(grep -A1 '"Personal' "$tmp/grp.layout" | head -2)"
fi

# --- style options: headings in capitals, list marks ----------------------
sty=examples/stil/versaler.xml
"$ARS" dump-layout --stil "$sty" examples/listor.xml > "$tmp/v.layout" 2> /dev/null
"$ARS" build --utkast --webb --stil "$sty" examples/listor.xml -o "$tmp/v.pdf" > /dev/null 2>&1
if grep -q '"NÄMNDENS" actual="Nämndens"' "$tmp/v.layout" &&
    pdftotext "$tmp/v.pdf" - 2> /dev/null | grep -q '^1 Nämndens ansvarsområde$'; then
    ok versaler
else
    bad versaler "capitals in the glyphs, the text as written in pdftotext: $(grep -m1 'H1#' "$tmp/v.layout")"
fi
# letter-spacing: the capitals wider than without it
w1=$(sed -n 's/.* w=\([0-9]*\) .*"NÄMNDENS".*/\1/p' "$tmp/v.layout" | head -1)
sed 's/ spatiering="[^"]*"//' "$sty" > "$tmp/nosp.xml"
"$ARS" dump-layout --stil "$tmp/nosp.xml" examples/listor.xml > "$tmp/nosp.layout" 2> /dev/null
w0=$(sed -n 's/.* w=\([0-9]*\) .*"NÄMNDENS".*/\1/p' "$tmp/nosp.layout" | head -1)
# eight letters of 1.5 pt
if [ -n "$w1" ] && [ -n "$w0" ] && [ $((w1 - w0)) -eq 12000 ]; then
    ok versaler-spatiering
else
    bad versaler-spatiering "width with and without: $w1 $w0"
fi
marks=$(grep -o 'tag=Lbl#[0-9]* w=[0-9]* font=[a-z-]* size=[0-9]* "[^"]*"' "$tmp/v.layout" |
    sed 's/.*"\(.*\)"/\1/' | sort | uniq -c | awk '{ print $2 }' | tr '\n' ' ')
case $marks in
*–*◦*) ok list-marks ;;
*) bad list-marks "labels: $marks" ;;
esac
if grep -q 'section ul{list-style-type:"– "}' "$tmp/v.html" &&
    grep -q 'section h2{text-transform:uppercase;letter-spacing:1.500pt}' "$tmp/v.html"; then
    ok web-style-options
else
    bad web-style-options "the web edition's CSS lacks the style's options"
fi
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
    '<stil xmlns="urn:arsrapport:stil:1"><lista tecken="abcdef"/></stil>' > "$tmp/badmark.xml"
out=$("$ARS" check --stil "$tmp/badmark.xml" examples/listor.xml 2>&1)
case $out in
*STIL-02*) ok list-marks-schema ;;
*) bad list-marks-schema "a mark of six characters accepted: $out" ;;
esac

# --- statistics -----------------------------------------------------------
stats() { # FILE -> the JSON line
    "$ARS" build --utkast --statistik "$1" -o "$tmp/s.pdf" 2> /dev/null
}
check_zero() { # NAME JSON
    local bad_keys
    bad_keys=$(echo "$2" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
keys = ["overfull_lines", "short_first_lines", "broken_words", "dash_breaks",
        "widows", "orphans", "stranded_headings", "empty_pages",
        "loose_lines"]
missing = [k for k in keys if k not in d]
print(" ".join(missing + ["%s=%d" % (k, d[k]) for k in keys if d.get(k)]))' 2>&1)
    if [ -z "$2" ]; then
        bad "$1" "no statistics"
    elif [ -n "$bad_keys" ]; then
        bad "$1" "$bad_keys"
    else
        ok "$1"
    fi
}
# examples/ with the normal build only (the sanitizer build has the rest)
ex=examples/*.xml
[ "$asan" = 1 ] && ex=
for x in input/*.xml $ex "$tmp/two.xml" "$tmp/title.xml" "$tmp/float.xml" "$tmp/loose.xml"; do
    check_zero "stats-$(basename "$x" .xml)" "$(stats "$x")"
done
if [ -f "$root/../shared/bench/gen_report.py" ] && [ -x tests/bench/model2xml ]; then
    python3 "$root/../shared/bench/gen_report.py" --sections 200 \
        --kind delarsrapport --format json -o "$tmp/r.json" &&
        tests/bench/model2xml < "$tmp/r.json" > "$tmp/r.xml"
    check_zero stats-bench200 "$(stats "$tmp/r.xml")"
else
    bad stats-bench200 "no ../shared/bench/gen_report.py or tests/bench/model2xml"
fi
finish
