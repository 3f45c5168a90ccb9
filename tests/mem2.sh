#!/usr/bin/env bash
# mem2.sh: the memory of the model and the layout (issue 25): what a
# document costs per page, measured on the benchmark's report and the
# 100 000-row table, and the pages' glyphs freed as they are painted.
#
#   tests/mem2.sh                              normal build
#   ARS=build/asan/arsrapport tests/mem2.sh    ASan+UBSan build
#
# Normal build (resident memory means nothing under the sanitizer):
#
#   growth-per-100-pages  the peak resident memory (GNU time's %M, the
#                         least of three runs) of the benchmark's report at
#                         4 and 200 sections (13 and 519 pages): at most
#                         2 MiB more per 100 pages (11 before the model's
#                         nodes and the layout's boxes were made compact
#                         and each page's glyphs freed with it, 7.4 after,
#                         3.9 before the model was given up part by part
#                         during layout, 3.0 after, 2.0 before the links
#                         and destinations were written by us instead of
#                         held as libharu's objects, 1.6 after)
#   rows-100000-resident  the 100 000-row table (2 327 pages,
#                         tests/hostile/make_pathological.py) in at most
#                         370 MiB resident (402-407 before, 307-326 after)
#
# Both builds: the 40-section report (106 pages) built, every page's text
# there when it is painted (the glyphs are freed page by page right after:
# the sanitizer build reports a use after free or a leak), its last
# page's footer read back.
#
# No wall-clock limits: each run has a CPU limit (ulimit -t, MEM2_CPU
# seconds, default 120). Prints "ok NAME" or "FAIL NAME: why" per case and,
# last, "N passed, M failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cpu=${MEM2_CPU:-120}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bench_ready

# report SECTIONS: the benchmark's report as $tmp/rSECTIONS.xml
report() { bench_report "$tmp" "$1"; }

# peak FILE: builds FILE three times; sets kib (the least peak resident
# memory, KiB), pages (from the PDF) and rc (the last exit status)
peak() {
    least_peak "$tmp" "$cpu" "$ARS" build --utkast "$1" -o "$tmp/out.pdf"
    pages=$(pdfinfo "$tmp/out.pdf" 2> /dev/null | awk '/^Pages:/ { print $2 }')
}

if [ "$asan" = 0 ]; then
    if [ ! -x /usr/bin/time ] || ! command -v pdfinfo > /dev/null 2>&1; then
        bad setup "GNU time (/usr/bin/time) and pdfinfo are needed"
        finish
    fi
    # --- growth per 100 pages ------------------------------------------------
    if report 4 && report 200; then
        peak "$tmp/r4.xml"
        k4=$kib p4=${pages:-0}
        peak "$tmp/r200.xml"
        k200=$kib p200=${pages:-0}
        if [ -z "$k4" ] || [ -z "$k200" ] || [ "$p200" -le "$p4" ]; then
            bad growth-per-100-pages "no measurement ($p4 and $p200 pages, ${k4:-?} and ${k200:-?} KiB)"
        else
            # KiB per 100 pages
            g=$(((k200 - k4) * 100 / (p200 - p4)))
            if [ "$g" -le $((2 * 1024)) ]; then
                ok growth-per-100-pages
            else
                bad growth-per-100-pages "$((g / 1024)).$((g % 1024 * 10 / 1024)) MiB per 100 pages ($p4 pages $((k4 / 1024)) MiB, $p200 pages $((k200 / 1024)) MiB), at most 2"
            fi
        fi
    else
        bad growth-per-100-pages "the report was not generated: $(head -c 200 "$tmp/gen.err")"
    fi
    # --- the 100 000-row table -------------------------------------------------
    if python3 "$here/hostile/make_pathological.py" "$tmp/patho" > /dev/null 2> "$tmp/gen.err" &&
        [ -f "$tmp/patho/rows-100000.xml" ]; then
        peak "$tmp/patho/rows-100000.xml"
        if [ -z "$kib" ] || [ "${pages:-0}" -lt 1000 ]; then
            bad rows-100000-resident "no PDF or no measurement (exit $rc, ${pages:-no} pages)"
        elif [ "$kib" -le $((370 * 1024)) ]; then
            ok rows-100000-resident
        else
            bad rows-100000-resident "$((kib / 1024)) MiB resident, at most 370"
        fi
    else
        bad rows-100000-resident "make_pathological.py failed: $(head -c 200 "$tmp/gen.err")"
    fi
fi

# --- every page painted with its text (both builds) -------------------------------
if report 40; then
    (
        ulimit -t "$cpu"
        "$ARS" build --utkast "$tmp/r40.xml" -o "$tmp/r40.pdf" > "$tmp/stdout" 2> "$tmp/stderr"
    )
    rc=$?
    n=$(pdfinfo "$tmp/r40.pdf" 2> /dev/null | awk '/^Pages:/ { print $2 }')
    why=
    [ "$rc" -le 1 ] || why="exit $rc"
    grep -a -q -E 'Sanitizer|runtime error' "$tmp/stderr" && why="$why; a sanitizer report: $(grep -a -m 1 -E 'Sanitizer|runtime error' "$tmp/stderr")"
    grep -a -q -F "(${n:-?} sidor)" "$tmp/stdout" || why="$why; not the ${n:-?} pages the PDF has on stdout"
    # the last page's footer, "Sida N av N", and its body's text
    last=$(pdftotext -f "${n:-1}" -l "${n:-1}" "$tmp/r40.pdf" - 2> /dev/null)
    printf '%s' "$last" | grep -q -E 'Sida ([0-9]+) av \1$' || why="$why; no footer 'Sida N av N' on the last page"
    [ "$(printf '%s' "$last" | wc -w)" -ge 20 ] || why="$why; the last page has no text"
    if [ -z "$why" ]; then ok pages-painted-with-text; else bad pages-painted-with-text "${why#; }"; fi
else
    bad pages-painted-with-text "the report was not generated: $(head -c 200 "$tmp/gen.err")"
fi
finish
