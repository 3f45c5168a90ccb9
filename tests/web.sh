#!/usr/bin/env bash
# web.sh: the web edition (issue 20), in a real validator and a real browser.
#
#   tests/web.sh                              normal build: everything
#   ARS=build/asan/arsrapport tests/web.sh    ASan+UBSan build: the builds,
#                                             the command line and the page
#                                             checks, not the tools below
#
# Cases, each "ok NAME" or "FAIL NAME: why":
#
#   build     every document in input/ and examples/ (with the options of
#             its <?arsrapport-test build ...?> line, if any) built with --webb
#             (--utkast where it has errors): a PDF and NAME.html beside it;
#             and the draft of tests/draftmarks.py, whose page carries the
#             marks of its problems
#   cli       -o UT.html writes the web edition only; --html is --webb;
#             FIL.html beside FIL.xml without -o; batch (-j 2 -o MAPP/);
#             a document with errors gets no page unless --utkast, whose
#             page is marked a draft at the top and lists as many problems
#             at its end as `check` prints; markup and quotes in text and
#             addresses are escaped (the schema refuses javascript: links;
#             the page would write one as text)
#   page      tests/web/pagecheck.py on every page: lang, title, landmarks,
#             skip link, one h1 and headings in order, tables with
#             caption, scoped th, headers/id with two header rows,
#             focusable labelled regions, charts as svg role=img with
#             title, desc and a data table, footnotes and references that
#             link both ways, self-contained (no script, no outside file)
#   text      tests/web/webtext.py: the page carries the source's words in
#             order and every word of the PDF's structure text (its tagged
#             text boxes, read from dump-layout; normal build only)
#   vnu       the W3C Nu Html Checker (vnu-jar, Debian's Java; one run for
#             all pages) reports no error (normal build only)
#   axe       axe-core in Debian's headless Chromium (puppeteer-core, one
#             browser for all pages) reports no violation of wcag2a,
#             wcag2aa, wcag21a, wcag21aa at 375 and 1280 CSS pixels, and
#             the page never scrolls sideways (normal build only);
#             screenshots of a few pages at both widths go to
#             build/web-shots/ (WEB_SHOTS)
#   checkers  a broken copy of a page (an image without alt, a table
#             without caption, a word left out) must fail vnu, axe,
#             pagecheck and webtext: the checks can fail
#
# The tools come from `make test` (build/npm: tests/web/package.json); a
# missing tool is a FAIL, never a skip. No wall-clock limits: each build
# has a CPU limit (ulimit -t; WEB_CPU, default 120 s). Last line: "N
# passed, M failed"; exit 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root" || exit 2
asan=false
case $ARS in */asan/*) asan=true ;; esac
B=$(dirname "$ARS")
$asan && B=$(dirname "$B")
NPM=${WEB_NPM:-$B/npm/node_modules}
SHOTS_DIR=${WEB_SHOTS:-$B/web-shots}
export ARSRAPPORT_MALLAR=$root/tests/templates
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}
CPU=${WEB_CPU:-120}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/arsrapport-web.XXXXXX") || {
    bad setup "mktemp -d failed"
    finish
}
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ars() { (ulimit -t "$CPU"; "$ARS" "$@"); }

# --- build: every document, both editions ------------------------------------
# one line per page: NAME SOURCE (for the text check)
: > "$tmp/pages"
mkdir -p "$tmp/out"
build_one() { # NAME SOURCE OPTIONS...
    local name=$1 src=$2
    shift 2
    ars build --webb "$@" "$src" -o "$tmp/out/$name.pdf" > /dev/null 2> "$tmp/err"
    local rc=$? draft=
    if [ $rc = 1 ]; then # errors: the draft of both
        draft=--utkast
        ars build --webb --utkast "$@" "$src" -o "$tmp/out/$name.pdf" > /dev/null 2> "$tmp/err"
        rc=$?
        [ $rc = 1 ] && rc=0
    fi
    if [ $rc != 0 ]; then
        bad "build:$name" "exit $rc: $(grep -v '^ ' "$tmp/err" | head -n 1)"
    elif [ ! -s "$tmp/out/$name.pdf" ] || [ ! -s "$tmp/out/$name.html" ]; then
        bad "build:$name" "no PDF or no page beside it"
    elif grep -q 'runtime error\|AddressSanitizer' "$tmp/err"; then
        bad "build:$name" "$(grep -m 1 'runtime error\|AddressSanitizer' "$tmp/err")"
    else
        ok "build:$name"
        echo "$name $src $draft $*" >> "$tmp/pages"
    fi
}
# the page alone (-o NAME.html): no layout, no PDF
build_page() { # NAME SOURCE OPTIONS...
    local name=$1 src=$2
    shift 2
    ars build --utkast "$@" "$src" -o "$tmp/out/$name.html" > /dev/null 2> "$tmp/err"
    local rc=$?
    if [ $rc -le 1 ] && [ -s "$tmp/out/$name.html" ] && [ ! -e "$tmp/out/$name.pdf" ] &&
        ! grep -q 'runtime error\|AddressSanitizer' "$tmp/err"; then
        ok "build-page:$name"
    else
        bad "build-page:$name" "exit $rc $(grep -m 1 -v '^ ' "$tmp/err")"
    fi
}
# every document with the options of its test line; with the sanitizer
# build the pages alone (layout is checked by the other suites), and both
# editions of two examples
each_doc() { # FUNCTION
    local fn=$1 x base opts
    for x in input/*.xml; do "$fn" "$(basename "${x%.xml}")" "$x"; done
    while IFS= read -r x; do
        base=$(basename "${x%.xml}")
        opts=$(sed -n 's/^<?arsrapport-test build \(.*\)?>$/\1/p' "$x" | head -n 1)
        [ -n "$opts" ] || opts=$x # grundlaggande.xml: no test line, no options
        # shellcheck disable=SC2086 # the options are words; the file is last
        set -- $opts
        set -- "${@:1:$(($# - 1))}"
        "$fn" "$base" "$x" "$@"
    done < <(find examples -name '*.xml' -not -path '*/mallar/*' -not -name kommunstil.xml -not -name versaler.xml | sort)
}
if $asan; then
    each_doc build_page
    build_one fotnoter-both examples/fotnoter.xml
    build_one diagram-both examples/diagram-stapel-mal.xml
else
    each_doc build_one
    # a draft with problems in paragraphs, list items, a quotation, a
    # table and an empty section: their marks (tests/draftmarks.sh)
    if "$PY" tests/draftmarks.py gen "$tmp" > /dev/null; then
        build_one utkast-markeringar "$tmp/utkast.xml"
    else
        bad build:utkast-markeringar "tests/draftmarks.py gen failed"
    fi
fi

# --- cli ------------------------------------------------------------------------
c="$tmp/cli"
mkdir -p "$c/beside" "$c/batch"
cp examples/fotnoter.xml "$c/beside/rapport.xml"
ars build examples/fotnoter.xml -o "$c/only.html" > /dev/null 2>&1
rc=$?
if [ $rc = 0 ] && [ -s "$c/only.html" ] && [ -z "$(ls "$c" | grep -v '^only.html$\|^beside$\|^batch$')" ] &&
    ! grep -q 'application/pdf' "$c/only.html"; then
    ok "cli:-o UT.html writes the web edition only, without a link to a PDF"
else
    bad "cli:-o UT.html" "exit $rc, files: $(ls "$c" | tr '\n' ' ')"
fi
(cd "$c/beside" && ulimit -t "$CPU" && "$ARS" build --html rapport.xml > /dev/null 2>&1)
if [ -s "$c/beside/rapport.pdf" ] && [ -s "$c/beside/rapport.html" ] &&
    grep -q '<a href="rapport.pdf" type="application/pdf">' "$c/beside/rapport.html" &&
    grep -q '<link rel="alternate" type="application/pdf" href="rapport.pdf">' "$c/beside/rapport.html"; then
    ok "cli:--html writes FIL.html beside FIL.pdf, linking to it"
else
    bad "cli:--html" "files: $(ls "$c/beside" | tr '\n' ' ')"
fi
ars build --webb -j 2 examples/listor.xml examples/hanvisningar.xml -o "$c/batch/" > /dev/null 2>&1
rc=$?
n=$(ls "$c/batch" | grep -c '\.html$')
if [ $rc = 0 ] && [ "$n" = 2 ] && [ -s "$c/batch/listor.pdf" ] && [ -s "$c/batch/hanvisningar.pdf" ]; then
    ok "cli:batch writes both editions of each document"
else
    bad "cli:batch" "exit $rc, $(ls "$c/batch" | tr '\n' ' ')"
fi
fel=examples/diagnostik/fel.xml
ars build --webb "$fel" -o "$c/fel.pdf" > /dev/null 2>&1
rc=$?
if [ $rc = 1 ] && [ ! -e "$c/fel.html" ] && [ ! -e "$c/fel.pdf" ]; then
    ok "cli:errors: no page without --utkast"
else
    bad "cli:errors" "exit $rc, $(ls "$c" | tr '\n' ' ')"
fi
ars build --utkast "$fel" -o "$c/fel.html" > /dev/null 2>&1
nprob=$(ars check "$fel" 2>&1 | grep -c ': \(fel\|varning\): \[')
nli=$(sed -n '/id="ar:problems"/,/<\/section>/p' "$c/fel.html" 2> /dev/null | grep -c '^<li>')
if grep -q '<p class="draft">UTKAST' "$c/fel.html" 2> /dev/null &&
    grep -q '<title>.*(UTKAST)</title>' "$c/fel.html" && [ "$nli" = "$nprob" ] && [ "$nprob" -gt 0 ]; then
    ok "cli:--utkast marks the page a draft and lists its $nprob problems"
else
    bad "cli:--utkast" "$nli problems listed, check prints $nprob"
fi
"$PY" - "$c/js.xml" << 'EOF'
import sys
open(sys.argv[1], "w", encoding="utf-8").write("""<?xml version="1.0" encoding="UTF-8"?>
<rapport xmlns="urn:arsrapport:1" typ="delarsrapport" xml:lang="sv">
<metadata><titel>Delårsrapport 2026</titel><organisation>Ort</organisation>
<namnd>Nämnden</namnd><period start="2026-01-01" slut="2026-08-31"/>
<datum>2026-09-15</datum></metadata>
<avsnitt><rubrik>Viktiga händelser</rubrik>
<stycke>Se <lank href="https://example.org/?a=1&amp;b=&quot;2&quot;">webben</lank>
och <fet>&lt;script&gt;alert(2)&lt;/script&gt;</fet>.</stycke>
<stycke xml:lang="en">An English passage.</stycke></avsnitt>
</rapport>
""")
EOF
ars build --utkast "$c/js.xml" -o "$c/js.html" > /dev/null 2>&1
if [ -s "$c/js.html" ] && ! grep -qi 'href="javascript' "$c/js.html" && ! grep -q '<script' "$c/js.html" &&
    grep -q 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' "$c/js.html" &&
    grep -q '<p lang="en">An English passage.</p>' "$c/js.html"; then
    ok "cli:addresses and markup are escaped, a passage keeps its lang"
else
    bad "cli:hostile links" "$(grep -io 'href="javascript[^"]*"\|<script[^>]*>' "$c/js.html" | head -n 2)"
fi

# --- page and text checks --------------------------------------------------------
pages=()
for f in "$tmp"/out/*.html; do pages+=("$f"); done
out=$("$PY" tests/web/pagecheck.py "${pages[@]}" 2>&1)
for f in "${pages[@]}"; do
    name=$(basename "${f%.html}")
    why=$(printf '%s\n' "$out" | grep -F -- "$f: " | head -n 2)
    if [ -z "$why" ]; then ok "page:$name"; else bad "page:$name" "$why"; fi
done
# the PDF's structure text: its tagged text boxes in the layout dump (the
# same boxes; pdfinfo -struct-text takes half a minute on a real report)
while read -r name src opts; do
    $asan && break # once, with the normal build
    # shellcheck disable=SC2086 # the options are words
    ars dump-layout $opts "$src" > "$tmp/out/$name.layout" 2> /dev/null
    why=$("$PY" tests/web/webtext.py "$src" "$tmp/out/$name.html" "$tmp/out/$name.layout" 2>&1 | head -n 3)
    if [ -z "$why" ]; then ok "text:$name"; else bad "text:$name" "$why"; fi
done < "$tmp/pages"

# --- the checkers can fail: a broken copy --------------------------------------
broken="$tmp/broken"
mkdir -p "$broken"
src=$tmp/out/tabell-driftsredovisning.html
"$PY" - "$src" "$broken/trasig.html" << 'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"<caption[^>]*>.*?</caption>", "", s, count=1, flags=re.S)
s = s.replace("<main", '<img src="data:image/png;base64,iVBORw0KGgo=" '
              'width="1" height="1"><main', 1)
# a paragraph's words left out
s = re.sub(r"(<section[^>]*>\s*<h2>.*?</h2>\s*)<p>.*?</p>", r"\1", s,
           count=1, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
if "$PY" tests/web/pagecheck.py "$broken/trasig.html" > /dev/null 2>&1; then
    bad "checkers:pagecheck" "passes a table without caption"
else
    ok "checkers:pagecheck fails a broken page"
fi
if $asan; then
    : # the text check runs with the normal build
elif "$PY" tests/web/webtext.py examples/tabell-driftsredovisning.xml "$broken/trasig.html" "$tmp/out/tabell-driftsredovisning.layout" > /dev/null 2>&1; then
    bad "checkers:webtext" "passes a page with a paragraph left out"
else
    ok "checkers:webtext fails a page with a paragraph left out"
fi

if $asan; then
    finish # the validator and the browser once, with the normal build
fi

# --- vnu: one Java run over every page and the broken copy ----------------------
VNU=$NPM/vnu-jar/build/dist/vnu.jar
if [ ! -r "$VNU" ] || ! command -v java > /dev/null; then
    bad vnu "no $VNU or no java (make test installs them: make deps, build/npm)"
else
    java -Xss4m -XX:TieredStopAtLevel=1 -jar "$VNU" --errors-only --format gnu \
        "${pages[@]}" "$broken/trasig.html" > "$tmp/vnu" 2>&1
    for f in "${pages[@]}"; do
        name=$(basename "${f%.html}")
        why=$(grep -F -- "$f\"" "$tmp/vnu" | head -n 2)
        if [ -z "$why" ]; then ok "vnu:$name"; else bad "vnu:$name" "$why"; fi
    done
    if grep -q 'trasig.html".*error' "$tmp/vnu"; then ok "checkers:vnu fails a broken page"
    else bad "checkers:vnu" "no error on an image without alt"; fi
fi

# --- axe in Chromium: one browser, every page at 375 and 1280 px ---------------
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -d "$NPM/puppeteer-core" ] || [ ! -d "$NPM/axe-core" ] || [ ! -x "$CHROMIUM" ] ||
    ! command -v node > /dev/null; then
    bad axe "no puppeteer-core/axe-core under $NPM, node or $CHROMIUM (make test installs them)"
    finish
fi
mkdir -p "$SHOTS_DIR"
rm -f "$SHOTS_DIR"/*.png
SHOTS=${SHOTS:-fotnoter,tabell-driftsredovisning,diagram-stapel-mal,delarsrapport-2023-osteraker} \
    CHROMIUM=$CHROMIUM NODE_PATH=$NPM node tests/web/browse.js "$SHOTS_DIR" \
    "${pages[@]}" "$broken/trasig.html" > "$tmp/axe" 2>&1
for f in "${pages[@]}"; do
    name=$(basename "${f%.html}")
    lines=$(grep -c "^page $name \(375\|1280\) " "$tmp/axe")
    why=$(awk -v n="$name" '/^page / { on = ($2 == n); if (on && $0 !~ / violations=0 scroll=0$/) print; next } on' "$tmp/axe" |
        head -n 3 | tr '\n' ' ')
    if [ "$lines" != 2 ]; then bad "axe:$name" "not run at both widths: $(tail -n 2 "$tmp/axe")"
    elif [ -n "$why" ]; then bad "axe:$name" "$why"
    else ok "axe:$name (375 and 1280 px)"; fi
done
if grep -q '^page trasig 375 violations=[1-9]' "$tmp/axe"; then ok "checkers:axe fails a broken page"
else bad "checkers:axe" "no violation on an image without alt"; fi
n=$(ls "$SHOTS_DIR"/*-375.png "$SHOTS_DIR"/*-1280.png 2> /dev/null | wc -l)
if [ "$n" -ge 8 ]; then ok "axe:screenshots ($n in $SHOTS_DIR)"
else bad "axe:screenshots" "$n screenshots in $SHOTS_DIR"; fi
finish
