#!/usr/bin/env bash
# parsemem.sh: the memory of the parse and check phase (issue 25). `check`
# and `build` parse a document once: the schema check is pushed element by
# element as the parse goes (libxml2's streaming RelaxNG check), the model
# of each child of <rapport> is built when it ends and its part of
# libxml2's tree freed; a document the check refuses is parsed again the
# sequential way (whole tree, then the check), which says why.
#
#   tests/parsemem.sh                              normal build
#   ARS=build/asan/arsrapport tests/parsemem.sh    ASan+UBSan build
#
# Normal build (resident memory means nothing under the sanitizer):
#
#   check-growth     `check` of the benchmark's report at 4 and 200
#                    sections (13 and 519 pages; the least peak resident
#                    memory of three runs): at most 4 MiB more per 100
#                    pages (6.4 before this issue's parse work, 2.1 after)
#
# Both builds, on the 40-section report (106 pages, 40 parts):
#
#   dup-id-far       an id of the first section used again in the last:
#                    `check` says so exactly as the sequential parse
#                    (`dump-model`) does, naming the first one's line,
#                    although the first section's part of the tree was
#                    freed long before
#   invalid-late     an element the schema does not know in the last
#                    section: the same diagnostics both ways, exit 1
#   valid-same       the report as it is: the same diagnostics both ways
#
# No wall-clock limits: each run has a CPU limit (ulimit -t, PARSEMEM_CPU
# seconds, default 120). Prints "ok NAME" or "FAIL NAME: why" per case and,
# last, "N passed, M failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cpu=${PARSEMEM_CPU:-120}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bench_ready

# report SECTIONS: the benchmark's report as $tmp/rSECTIONS.xml
report() { bench_report "$tmp" "$1"; }

# peak_check FILE: `check` of FILE three times; sets kib (the least peak
# resident memory, KiB)
peak_check() { least_peak "$tmp" "$cpu" "$ARS" check "$1"; }

# pages FILE: the pages of FILE built as a draft
pages() {
    (
        ulimit -t "$cpu"
        "$ARS" build --utkast "$1" -o "$tmp/out.pdf" > /dev/null 2>&1
    )
    pdfinfo "$tmp/out.pdf" 2> /dev/null | awk '/^Pages:/ { print $2 }'
}

if [ "$asan" = 0 ]; then
    if [ ! -x /usr/bin/time ] || ! command -v pdfinfo > /dev/null 2>&1; then
        bad setup "GNU time (/usr/bin/time) and pdfinfo are needed"
        finish
    fi
    if report 4 && report 200; then
        peak_check "$tmp/r4.xml"
        k4=$kib
        peak_check "$tmp/r200.xml"
        k200=$kib
        p4=$(pages "$tmp/r4.xml")
        p200=$(pages "$tmp/r200.xml")
        if [ -z "$k4" ] || [ -z "$k200" ] || [ "${p200:-0}" -le "${p4:-0}" ]; then
            bad check-growth "no measurement (${p4:-?} and ${p200:-?} pages, ${k4:-?} and ${k200:-?} KiB)"
        else
            g=$(((k200 - k4) * 100 / (p200 - p4)))
            if [ "$g" -le $((4 * 1024)) ]; then
                ok check-growth
            else
                bad check-growth "$((g / 1024)).$((g % 1024 * 10 / 1024)) MiB per 100 pages ($p4 pages $((k4 / 1024)) MiB, $p200 pages $((k200 / 1024)) MiB), at most 4"
            fi
        fi
    else
        bad check-growth "the report was not generated: $(head -c 200 "$tmp/gen.err")"
    fi
fi

# same NAME FILE WANT: `check` FILE (the pushed check) and `dump-model` FILE
# (the sequential parse) print the same diagnostics with the same exit
# status; WANT, when not empty, is a pattern `check` must print
same() {
    local name=$1 f=$2 want=$3 rc1 rc2 why=
    (
        ulimit -t "$cpu"
        "$ARS" check "$f" > /dev/null 2> "$tmp/check.err"
    )
    rc1=$?
    (
        ulimit -t "$cpu"
        "$ARS" dump-model "$f" > /dev/null 2> "$tmp/seq.err"
    )
    rc2=$?
    grep -a -q -E 'Sanitizer|runtime error' "$tmp/check.err" "$tmp/seq.err" &&
        why="; a sanitizer report"
    [ "$rc1" -le 1 ] || why="$why; check exit $rc1"
    cmp -s "$tmp/check.err" "$tmp/seq.err" ||
        why="$why; check and dump-model differ: $(diff "$tmp/seq.err" "$tmp/check.err" | head -3 | tr '\n' ' ')"
    if [ -n "$want" ] && ! grep -a -q -E "$want" "$tmp/check.err"; then
        why="$why; no '$want' from check"
    fi
    if [ -n "$want" ] && [ "$rc1" != 1 ]; then why="$why; exit $rc1, not 1"; fi
    if [ -z "$why" ]; then ok "$name"; else bad "$name" "${why#; }"; fi
}

if report 40; then
    same valid-same "$tmp/r40.xml" ''
    # the first id used again in the last section
    python3 - "$tmp/r40.xml" "$tmp/dup.xml" "$tmp/late.xml" << 'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
ids = re.findall(r' id="([^"]*)"', s)
first, last = ids[0], ids[-1]
i = s.rfind(' id="%s"' % last)
open(sys.argv[2], "w", encoding="utf-8").write(
    s[:i] + ' id="%s"' % first + s[i + len(' id="%s"' % last):])
i = s.rfind("<stycke>")
open(sys.argv[3], "w", encoding="utf-8").write(
    s[:i] + "<okänt>x</okänt>" + s[i:])
EOF
    line=$(grep -n -F "id=\"$(grep -o -m 1 ' id="[^"]*"' "$tmp/r40.xml" | cut -d'"' -f2)\"" "$tmp/dup.xml" | head -n 1 | cut -d: -f1)
    same dup-id-far "$tmp/dup.xml" "\[XML-05\].*rad $line har samma id"
    same invalid-late "$tmp/late.xml" '\[XML-05\].*okänt'
else
    bad valid-same "the report was not generated: $(head -c 200 "$tmp/gen.err")"
fi
finish
