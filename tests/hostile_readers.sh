#!/usr/bin/env bash
# hostile_readers.sh: output that readers misread or archives reject (issue
# 28, class 3), against generated documents.
#
#   tests/hostile_readers.sh                              normal build
#   ARS=build/asan/arsrapport tests/hostile_readers.sh    ASan+UBSan build
#
# The documents come from tests/hostile/make_readers.py (generated into a
# temporary directory removed on exit). Every PDF a case writes is read by
# tests/readers.py (qpdf, poppler, MuPDF, Ghostscript, pikepdf: no warning,
# no .notdef, MuPDF's and Ghostscript's text = poppler's) and tests/pdfcheck.py (XMP parses
# and agrees with the document information, PDF/A in place). The classes:
#
#   codes-*          characters beyond ASCII: one-byte and two-byte codes,
#                    every character all faces have, in every font, and as
#                    PDF/A-1b, plain PDF and in the DejaVu families; each
#                    character of the document is in pdftotext's text
#   keywords-cut-*   Keywords cut at their byte limit inside a 2-, 3- and
#                    4-byte character at each byte; subject-cut likewise
#   glyphs-*         CJK, emoji everywhere, private use, 100 missing
#                    characters (20 warnings and a count), invisible format
#                    characters (no warning, no mark), a combining mark the
#                    faces lack: warning TECKEN-01 with U+XXXX at its
#                    file:line:column (English with --lang en), a visible
#                    mark in the PDF, never .notdef
#   datum-tz-*       a datum with a time zone: CreationDate and XMP dates at
#                    midnight in that zone
#   period-*         a period that ends before it starts: error META-01 at
#                    the period element, exit 1, no PDF (check, build,
#                    --lang en); the same day, also across time zones, is
#                    fine
#   lists-nested-*   120 nested lists (bullets, numbers, long words): every
#                    text box inside the page
#   pathological-*   the documents of tests/hostile/make_pathological.py
#                    (but the two largest), built as drafts and read
#
# Each run is under `ulimit -t 600` (CPU seconds, generous: the ASan build
# on a loaded machine), never a wall-clock limit; a run must not be killed,
# crash or print a sanitizer report. With the sanitizer build the PDFs are
# not read again: they are the normal build's bytes, which its run reads.
#
# Prints "ok NAME" or "FAIL NAME: reasons" per test and, last,
# "N passed, M failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Debian's python3 has python3-pikepdf (a pyenv one may not)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
for tool in qpdf pdftotext pdfinfo mutool gs; do
    command -v "$tool" > /dev/null 2>&1 || {
        bad setup "$tool is missing (make deps installs it)"
        finish
    }
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/arsrapport-readers.XXXXXX") || {
    bad setup "mktemp -d failed"
    finish
}
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

doc=$tmp/doc
if ! python3 "$here/hostile/make_readers.py" "$doc" > "$tmp/names" 2> "$tmp/gen.err"; then
    bad setup "make_readers.py failed: $(head -n 1 "$tmp/gen.err")"
    finish
fi

# run ARGS...: $ARS with a neutral locale under a CPU limit; rc, stdout in
# $tmp/out, stderr in $tmp/err.
rc=0
run() {
    {
        (
            ulimit -t 600
            exec env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=C "$ARS" "$@"
        ) > "$tmp/out" 2> "$tmp/err"
        rc=$?
    } 2> /dev/null
}

# sane WHAT: the run was not killed and printed no sanitizer report.
sane() {
    if [ "$rc" -gt 128 ]; then
        why+=("$1: killed by signal $((rc - 128))")
    elif [ "$rc" -eq 86 ] || [ "$rc" -eq 87 ]; then
        why+=("$1: sanitizer exit status $rc")
    fi
    if grep -a -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/err"; then
        why+=("$1: sanitizer report: $(grep -a -m1 -E 'ERROR|runtime error' "$tmp/err")")
    fi
}

# readers PDF [PDFA]: the readers' and the metadata checks.
readers() {
    local out
    # the sanitizer build writes the same bytes as the normal build, whose
    # run reads them: here only the build itself is checked
    [ "$asan" = 1 ] && return
    out=$("$PY" "$here/readers.py" --gs-text "$1" 2>&1) ||
        why+=("readers: $(printf '%s' "$out" | head -n 2 | cut -c1-300 | tr '\n' ' ')")
    out=$(python3 "$here/pdfcheck.py" "$1" ${2:+--pdfa "$2"} 2>&1) ||
        why+=("pdfcheck: $(printf '%s' "$out" | head -n 2 | cut -c1-300 | tr '\n' ' ')")
}

# build_ok NAME [OPTIONS...]: builds $doc/NAME.xml to $tmp/NAME.pdf, which
# must succeed (exit 0) and pass the readers. Sets why.
build_ok() {
    local name=$1
    shift
    why=()
    rm -f "$tmp/$name.pdf"
    run build "$@" "$doc/$name.xml" -o "$tmp/$name.pdf"
    sane build
    if [ "$rc" -ne 0 ] || [ ! -s "$tmp/$name.pdf" ]; then
        why+=("build: exit $rc $(grep -a -m1 -E ': (fel|error): ' "$tmp/err" | cut -c1-200)")
        return
    fi
    local pdfa=
    case " $* " in *" --pdfa 1b "*) pdfa=1b ;; *" --pdfa nej "*) pdfa=nej ;; esac
    readers "$tmp/$name.pdf" $pdfa
}

report() { # NAME: ok or FAIL with the reasons collected in why
    if [ ${#why[@]} -eq 0 ]; then ok "$1"; else
        local IFS='; '
        bad "$1" "${why[*]}"
    fi
}

# chars_in_text XML PDF: every character of the document's paragraphs and
# cells beyond ASCII is in pdftotext's text of the PDF.
chars_in_text() {
    python3 - "$1" "$2" << 'PY'
import re, subprocess, sys
src = open(sys.argv[1], encoding="utf-8").read()
body = "".join(re.findall(r">([^<]*)<", src.split("</metadata>", 1)[1]))
txt = subprocess.run(["pdftotext", "-enc", "UTF-8", sys.argv[2], "-"],
                     capture_output=True, text=True).stdout
missing = sorted({c for c in body if ord(c) > 127 and not c.isspace()} - set(txt))
if missing:
    print("not in the text: %d characters, %s" % (len(missing), "".join(missing[:20])))
    sys.exit(1)
PY
}

# --- class 1: codes, CIDs, ToUnicode ---------------------------------------
for name in codes-one-byte codes-two-byte codes-many codes-every-font; do
    build_ok "$name"
    if [ -s "$tmp/$name.pdf" ]; then
        out=$(chars_in_text "$doc/$name.xml" "$tmp/$name.pdf") || why+=("$out")
    fi
    report "$name"
done
# the same characters as PDF/A-1b (CIDSet by CID), a plain PDF, and in the
# DejaVu families (other faces, other glyph sets)
for v in "pdfa-1b:--pdfa 1b" "pdfa-nej:--pdfa nej" "dejavu:--stil $root/tests/styles/dejavu.xml"; do
    # shellcheck disable=SC2086 # the options are words
    build_ok codes-every-font ${v#*:}
    report "codes-every-font-${v%%:*}"
done

# --- class 2: metadata cut inside a character ------------------------------
while read -r name; do
    case $name in keywords-cut-* | subject-cut) ;; *) continue ;; esac
    build_ok "$name"
    if [ -s "$tmp/$name.pdf" ]; then
        kw=$(pdfinfo "$tmp/$name.pdf" 2> /dev/null | sed -n 's/^Keywords: *//p')
        case $name in keywords-*) [ ${#kw} -gt 200 ] || why+=("Keywords too short: ${#kw} characters") ;; esac
        case $kw in *$'\xef\xbf\xbd'*) why+=("U+FFFD in the Keywords") ;; esac
    fi
    report "$name"
done < "$tmp/names"

# --- class 3: characters the fonts lack --------------------------------------
# glyph_case NAME EXPECT...: build (exit 0) and check that stderr holds
# each EXPECT (a fixed string), the PDF shows □ and passes the readers.
glyph_case() {
    local name=$1
    shift
    build_ok "$name"
    local e
    for e in "$@"; do
        grep -a -q -F -- "$e" "$tmp/err" || why+=("no \"$e\" on stderr")
    done
    if [ -s "$tmp/$name.pdf" ]; then
        pdftotext -enc UTF-8 "$tmp/$name.pdf" - 2> /dev/null | grep -q '□' ||
            why+=("no □ in the text")
    fi
    report "$name"
}
f=$doc/glyphs-cjk.xml
glyph_case glyphs-cjk "$f:6:1: varning: [TECKEN-01] Tecknet U+5317 ”北”" \
    "$f:6:15: varning: [TECKEN-01] Tecknet U+6771 ”東”" "fc-list ':charset=5317'"
f=$doc/glyphs-emoji-everywhere.xml
glyph_case glyphs-emoji-everywhere "U+1F600 ”😀” i <titel>" "$f:5:" "U+1F389" "U+1F44D" \
    "U+1F4B6" "U+1F680" "U+1F3E0" "U+1F30D" "U+1F388"
f=$doc/glyphs-private-use.xml
glyph_case glyphs-private-use "$f:5:19: varning: [TECKEN-01] Tecknet U+E000" "U+E001" "U+F8FF"
glyph_case glyphs-many "[TECKEN-01] 80 fler tecken finns inte i typsnitten"
[ "$(grep -c 'TECKEN-01\] Tecknet U+' "$tmp/err")" = 20 ] && ok glyphs-many-twenty ||
    bad glyphs-many-twenty "$(grep -c 'TECKEN-01\] Tecknet U+' "$tmp/err") warnings naming a character, expected 20"
glyph_case glyphs-combining "U+20DD"
# English
why=()
run build --lang en "$doc/glyphs-cjk.xml" -o "$tmp/en.pdf"
sane build
grep -a -q -F "glyphs-cjk.xml:6:1: warning: [TECKEN-01] The character U+5317 “北” is not in the fonts" "$tmp/err" ||
    why+=("no English warning: $(head -n 1 "$tmp/err" | cut -c1-200)")
[ "$rc" -eq 0 ] || why+=("exit $rc")
report glyphs-cjk-english
# invisible format characters: neither a warning nor a mark
build_ok glyphs-invisible
! grep -a -q TECKEN "$tmp/err" || why+=("a warning: $(grep -a -m1 TECKEN "$tmp/err" | cut -c1-200)")
if [ -s "$tmp/glyphs-invisible.pdf" ]; then
    t=$(pdftotext -enc UTF-8 "$tmp/glyphs-invisible.pdf" - 2> /dev/null)
    case $t in *□* | *$'\u200d'* | *$'\ufe0f'*) why+=("a mark or a format character in the text") ;; esac
    printf '%s' "$t" | grep -q 'Familjjer och pilar, text slut' || why+=("text: $(printf '%s' "$t" | grep Familj)")
fi
report glyphs-invisible

# --- class 4: dates and periods ---------------------------------------------
for pair in plus:2026-01-31T00:00:00+02:00 z:2026-01-31T00:00:00Z minus:2026-01-31T00:00:00-05:30 \
    max:2026-01-31T00:00:00+14:00 space:2026-01-31T00:00:00Z; do
    name=datum-tz-${pair%%:*}
    want=${pair#*:}
    build_ok "$name"
    if [ -s "$tmp/$name.pdf" ]; then
        pdfinfo -meta "$tmp/$name.pdf" 2> /dev/null | grep -q "<xmp:CreateDate>$want</xmp:CreateDate>" ||
            why+=("xmp:CreateDate is not $want")
        pdfinfo -isodates "$tmp/$name.pdf" 2> /dev/null | grep -q "^CreationDate: *${want:0:19}" ||
            why+=("no CreationDate ${want:0:19}")
    fi
    report "$name"
done
for name in period-reversed period-reversed-day period-reversed-year; do
    why=()
    f=$doc/$name.xml
    line=$(grep -n '<period' "$f" | cut -d: -f1)
    run check "$f"
    sane check
    [ "$rc" -eq 1 ] || why+=("check: exit $rc, expected 1")
    grep -a -q -F "$f:$line:5: fel: [META-01] Perioden börjar" "$tmp/err" ||
        why+=("check: no META-01 at $line:5: $(head -n 1 "$tmp/err" | cut -c1-200)")
    rm -f "$tmp/p.pdf"
    run build "$f" -o "$tmp/p.pdf"
    sane build
    [ "$rc" -eq 1 ] || why+=("build: exit $rc, expected 1")
    ls "$tmp"/p.pdf* > /dev/null 2>&1 && why+=("build left a PDF")
    run check --lang en "$f"
    grep -a -q -F "$f:$line:5: error: [META-01] The period starts" "$tmp/err" ||
        why+=("check --lang en: no English META-01")
    report "$name"
done
for name in period-same-day period-tz-same-day; do
    build_ok "$name"
    ! grep -a -q META-01 "$tmp/err" || why+=("META-01 for a period of one day")
    report "$name"
done

# --- class 5: deep nesting --------------------------------------------------
for name in lists-nested-120 lists-nested-120-numbered lists-nested-60-long-word; do
    build_ok "$name"
    run dump-layout "$doc/$name.xml"
    sane dump-layout
    out=$(python3 - "$tmp/out" << 'PY'
import re, sys
w = None
n = bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"page \d+ .*size=(\d+)x(\d+)", line)
    if m:
        w = int(m.group(1))
        continue
    m = re.match(r"\s*text(?: artifact)? x=(-?\d+) y=-?\d+(?: tag=\S+)? w=(-?\d+)", line)
    if m:
        n += 1
        x, bw = int(m.group(1)), int(m.group(2))
        if x < 0 or bw < 0 or x + bw > w:
            bad += 1
print("%d of %d text boxes leave the page" % (bad, n) if bad or not n else "")
PY
)
    [ -z "$out" ] || why+=("$out")
    report "$name"
done

# --- the pathological documents of run_hostile.sh, read by the readers ---
# (tests/hostile/make_pathological.py; not the two largest, 2 327 and 3 000
# pages, which run_hostile.sh times): drafts, so that a finding does not
# stop the PDF; every PDF must read cleanly
python3 "$here/hostile/make_pathological.py" "$tmp/patho" > "$tmp/patho.names" 2> /dev/null
while read -r name; do
    case $name in rows-100000 | sections-10000) continue ;; esac
    why=()
    rm -f "$tmp/p.pdf"
    run build --utkast "$tmp/patho/$name.xml" -o "$tmp/p.pdf"
    sane build
    if [ "$rc" -gt 1 ] || [ ! -s "$tmp/p.pdf" ]; then
        why+=("build: exit $rc $(grep -a -m1 -E ': (fel|error): ' "$tmp/err" | cut -c1-200)")
    elif [ "$asan" = 0 ]; then
        out=$("$PY" "$here/readers.py" "$tmp/p.pdf" 2>&1) ||
            why+=("readers: $(printf '%s' "$out" | head -n 2 | cut -c1-300 | tr '\n' ' ')")
    fi
    report "pathological-$name"
done < "$tmp/patho.names"

finish
