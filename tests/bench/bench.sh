#!/usr/bin/env bash
# bench.sh: speed of arsrapport on the benchmark's synthetic reports
# (../shared/bench/gen_report.py, converted with model2xml.py), run by
# `make bench`. Not a test: it prints figures and never fails on them.
#
#   check   `arsrapport check` on the ~500-page report (target: well under
#           0.1 s), median of 15 runs
#   build   `arsrapport build` of the same report to PDF, median of 5 runs
#   stages  seconds per pipeline stage of a build (ARSRAPPORT_TIDER=1),
#           the best of 3 runs: parse (p-*), checks (v-*), layout, pdf
#
# GEN can point at gen_report.py (default ../shared/bench/gen_report.py next
# to the project); SECTIONS sets the size (default 200, about 500 pages).
set -eu
export LC_ALL=C # a decimal point in the clock readings
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
B=${BUILD:-build}
GEN=${GEN:-$root/../shared/bench/gen_report.py}
SECTIONS=${SECTIONS:-200}
export ARSRAPPORT_HOME="$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ ! -r "$GEN" ]; then
    echo "bench: the generator is missing ($GEN); set GEN=path/to/gen_report.py"
    exit 2
fi
python3 "$GEN" --sections "$SECTIONS" --kind delarsrapport --format json -o "$tmp/m.json" > /dev/null
python3 tests/bench/model2xml.py "$tmp/m.json" > "$tmp/r.xml"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
runs() { # runs N command...: wall seconds of each run, one per line
    # (bash's own clock: no process is started around the one measured)
    local n=$1; shift
    for _ in $(seq "$n"); do
        local t0 t1
        t0=$EPOCHREALTIME
        "$@" > /dev/null 2>&1 || true
        t1=$EPOCHREALTIME
        echo "$t1 - $t0" | bc -l
    done
}
"$B/arsrapport" build --utkast "$tmp/r.xml" -o "$tmp/r.pdf" > /dev/null 2>&1 || true
pages=$(pdfinfo "$tmp/r.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
size=$(stat -c %s "$tmp/r.xml")
check=$(runs 15 "$B/arsrapport" check "$tmp/r.xml" | median)
build=$(runs 5 "$B/arsrapport" build --utkast "$tmp/r.xml" -o "$tmp/r.pdf" | median)
mem=$( /usr/bin/time -f '%M' "$B/arsrapport" check "$tmp/r.xml" 2>&1 > /dev/null | tail -1 )
printf 'document: %s sections, %s pages, %s bytes of XML\n' "$SECTIONS" "$pages" "$size"
printf 'check:    %.3f s (median of 15), peak memory %s KB\n' "$check" "$mem"
printf 'build:    %.3f s (median of 5)\n' "$build"
# seconds per stage of one build (ARSRAPPORT_TIDER), best of 3
for _ in 1 2 3; do
    ARSRAPPORT_TIDER=1 "$B/arsrapport" build --utkast "$tmp/r.xml" -o "$tmp/r.pdf" 2>&1 >/dev/null | grep '^tid '
done | awk '{ if (!($2 in m) || $3 < m[$2]) m[$2] = $3; if (!($2 in o)) { o[$2] = ++k; nm[k] = $2 } }
    END { printf "stages:  "; for (i = 1; i <= k; i++) if (m[nm[i]] >= 0.0005) printf " %s %.3f", nm[i], m[nm[i]]; printf " (s, best of 3)\n" }'
