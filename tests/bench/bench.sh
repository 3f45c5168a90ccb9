#!/usr/bin/env bash
# bench.sh: speed and memory of arsrapport against the peer tools on the
# benchmark's synthetic report, run by `make bench`. Not a test: it prints
# figures and never fails on them.
#
# For each size (SIZES sections: 4, 40, 200 = about 12, 100 and 500 pages)
# the model comes from ../shared/bench/gen_report.py (its neutral JSON, the
# same seed the peers get) and is converted with tests/bench/model2xml. Then:
#
#   ours    `arsrapport build --utkast` from XML file to PDF (the synthetic
#           report lacks two sections a delårsrapport must have, so only a
#           draft is written; validation, line breaking with hyphenation,
#           tables, contents and PDF/A-2u all run), RUNS timed runs after
#           one warm-up: median wall time (bash's clock around the process),
#           pages (pdfinfo) per second, peak memory (GNU time, %M), file size
#   peers   the peers found on this machine (pdflatex, 3 runs from clean;
#           Typst from /opt/peers/typst; Apache FOP; WeasyPrint), run by
#           ../shared/bench/run_peers.sh on the same model in the same run;
#           PEERS=none skips them, PEERS="pdflatex typst" chooses
#   ratios  the fastest peer's time over ours per size, our memory at the
#           largest size and per size with its growth per 100 pages (issue
#           25), our file size over pdflatex's, the largest build over the
#           smallest; each against the targets of issues 9 and 25
#   web     the web edition alone (`build --utkast -o r.html`, issue 20), the
#           same runs: its time against the PDF's, end to end
#   stages  seconds per pipeline stage of the largest build (ARSRAPPORT_TIDER),
#           of the PDF and of the web edition, and the web edition's own
#           stage (html) against the PDF's (layout + pdf)
#   floor   libxml2 alone on the largest document (xmllint --noout
#           --relaxng: its reading and schema check, nothing of ours),
#           the same runs, against the PDF's time: what the web edition's
#           ratio cannot go below
#
# Environment: GEN (gen_report.py), PEERS_DIR (folder of run_peers.sh),
# SIZES, RUNS (default 5), PEER_RUNS (default 1, after one warm-up),
# BUILD (build folder), KEEP=1 keeps the work folder.
set -eu
export LC_ALL=C # a decimal point in the clock readings
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
B=${BUILD:-build}
PEERS_DIR=${PEERS_DIR:-$(cd "$root/.." && pwd)/shared/bench}
GEN=${GEN:-$PEERS_DIR/gen_report.py}
SIZES=${SIZES:-4 40 200}
RUNS=${RUNS:-5}
PEER_RUNS=${PEER_RUNS:-1}
TYPST_JS=${TYPST_JS:-/opt/peers/typst/typst-compile.mjs}
export ARSRAPPORT_HOME="$root"
tmp=$(mktemp -d)
if [ "${KEEP:-0}" = 1 ]; then echo "bench: work folder $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi
if [ ! -r "$GEN" ]; then
    echo "bench: the generator is missing ($GEN); set GEN=path/to/gen_report.py"
    exit 2
fi

# --- which peers are here --------------------------------------------------
if [ -z "${PEERS+x}" ]; then
    PEERS=""
    command -v pdflatex > /dev/null && PEERS="$PEERS pdflatex"
    [ -r "$TYPST_JS" ] && command -v node > /dev/null && PEERS="$PEERS typst"
    command -v fop > /dev/null && PEERS="$PEERS fop"
    command -v weasyprint > /dev/null && PEERS="$PEERS weasyprint"
fi
[ "$PEERS" = none ] && PEERS=""
PEERS=$(echo $PEERS)

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }

# --- ours --------------------------------------------------------------------
# one line per size: sections pages median_s peak_kib bytes
ours="$tmp/ours.tsv"
: > "$ours"
for n in $SIZES; do
    d="$tmp/n$n"
    mkdir -p "$d"
    python3 "$GEN" --sections "$n" --kind delarsrapport --format json -o "$d/report.json" > /dev/null
    tests/bench/model2xml < "$d/report.json" > "$d/r.xml"
    walls=() mems=()
    for i in $(seq 0 "$RUNS"); do
        t0=$EPOCHREALTIME
        /usr/bin/time -f '%M' -o "$d/mem" "$B/arsrapport" build --utkast "$d/r.xml" -o "$d/r.pdf" > /dev/null 2>&1 || true
        t1=$EPOCHREALTIME
        [ "$i" = 0 ] && continue # warm-up: caches, page cache
        walls+=("$(echo "$t1 - $t0" | bc -l)")
        mems+=("$(tail -n 1 "$d/mem")")
    done
    wm=$(printf '%s\n' "${walls[@]}" | median)
    mm=$(printf '%s\n' "${mems[@]}" | median)
    pages=$(pdfinfo "$d/r.pdf" 2> /dev/null | awk '/^Pages:/ { print $2 }')
    printf '%s\t%s\t%s\t%s\t%s\n' "$n" "${pages:-0}" "$wm" "$mm" "$(stat -c %s "$d/r.pdf" 2> /dev/null || echo 0)" >> "$ours"
    # the web edition alone (issue 20): the same runs, -o r.html
    walls=()
    for i in $(seq 0 "$RUNS"); do
        t0=$EPOCHREALTIME
        "$B/arsrapport" build --utkast "$d/r.xml" -o "$d/r.html" > /dev/null 2>&1 || true
        t1=$EPOCHREALTIME
        [ "$i" = 0 ] && continue
        walls+=("$(echo "$t1 - $t0" | bc -l)")
    done
    printf '%s\t%s\t%s\n' "$n" "$(printf '%s\n' "${walls[@]}" | median)" \
        "$(stat -c %s "$d/r.html" 2> /dev/null || echo 0)" >> "$tmp/web.tsv"
done

# --- peers -------------------------------------------------------------------
peers="$tmp/peers/results.tsv"
if [ -n "$PEERS" ]; then
    if [ -x "$PEERS_DIR/run_peers.sh" ] || [ -r "$PEERS_DIR/run_peers.sh" ]; then
        echo "peers: $PEERS (run_peers.sh, $PEER_RUNS run(s) after a warm-up; this takes a while)"
        OUT="$tmp/peers" SIZES="$SIZES" PEERS="$PEERS" RUNS="$PEER_RUNS" WARMUP=1 \
            TYPST_JS="$TYPST_JS" bash "$PEERS_DIR/run_peers.sh" bench > "$tmp/peers.log" 2>&1 || true
    else
        echo "peers: run_peers.sh is missing in $PEERS_DIR"
    fi
fi
if [ ! -s "$peers" ]; then
    echo "peers: none measured. To compare, install them (Debian 12):"
    echo "  apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended \\"
    echo "    texlive-latex-extra texlive-lang-european texlive-fonts-recommended lmodern fop weasyprint"
    echo "  mkdir -p /opt/peers/typst && cd /opt/peers/typst && npm init -y \\"
    echo "    && npm install @myriaddreamin/typst-ts-node-compiler@0.7.0 && cp $PEERS_DIR/typst-compile.mjs ."
    echo "(see $PEERS_DIR/README.md); PEERS=none skips them."
    peers="$tmp/peers.none"
    : > "$peers"
fi

# --- the report ----------------------------------------------------------------
python3 - "$ours" "$peers" "$RUNS" "$tmp/web.tsv" <<'EOF'
import csv, sys
ours_f, peers_f, runs, web_f = sys.argv[1:]
ours = {}
for line in open(ours_f):
    n, pages, wall, kib, size = line.split()
    ours[n] = dict(pages=int(pages), wall=float(wall), mib=int(kib) / 1024, kib=int(size) / 1024)
peers = {}
with open(peers_f) as f:
    for r in csv.DictReader(f, delimiter="\t"):
        if r.get("wall_med_s"):
            peers.setdefault(r["sections"], {})[r["peer"]] = r
sizes = list(ours)
print(f"\narsrapport build (median of {runs} runs after a warm-up):")
print(f"{'sections':>8} {'pages':>6} {'wall s':>8} {'pages/s':>8} {'peak MiB':>9} {'PDF KiB':>8}")
for n in sizes:
    o = ours[n]
    pps = o["pages"] / o["wall"] if o["wall"] else 0
    print(f"{n:>8} {o['pages']:>6} {o['wall']:>8.3f} {pps:>8.0f} {o['mib']:>9.1f} {o['kib']:>8.0f}")
if peers:
    print("\npeers (run_peers.sh, same model, same run):")
    print(f"{'peer':>11} {'sections':>8} {'pages':>6} {'wall s':>8} {'pages/s':>8} {'peak MiB':>9} {'PDF KiB':>8}")
    for n in sizes:
        for p, r in sorted(peers.get(n, {}).items()):
            print(f"{p:>11} {n:>8} {r['pages']:>6} {float(r['wall_med_s']):>8.2f} {float(r['pages_per_s'] or 0):>8.1f}"
                  f" {float(r['peak_rss_mib']):>9.0f} {int(r['bytes'] or 0) / 1024:>8.0f}")
else:
    print("\npeers: none measured in this run; ratios below need them")
print("\ntargets (issues 9 and 25):")
def verdict(ok):
    return "met" if ok else "NOT met"
for n in sizes:
    ps = peers.get(n, {})
    if not ps:
        print(f"  {n:>3} sections: speed vs fastest peer: no peer measured")
        continue
    best = min(ps.values(), key=lambda r: float(r["wall_med_s"]))
    ratio = float(best["wall_med_s"]) / ours[n]["wall"]
    print(f"  {n:>3} sections: {ratio:5.1f}x faster than the fastest peer ({best['peer']} "
          f"{float(best['wall_med_s']):.2f} s), target >= 10x: {verdict(ratio >= 10)}")
big, small = sizes[-1], sizes[0]
print(f"  peak memory at {big} sections: {ours[big]['mib']:.1f} MiB, target <= 32 MiB: "
      f"{verdict(ours[big]['mib'] <= 32)}")
# issue 25: memory that does not grow with the document. Per size: the
# peak and its growth per 100 pages from the size before; from the first
# size of about 100 pages on, the growth must stay within 2 MiB.
print("  peak memory per size (MiB) and its growth per 100 pages from the size before:")
prev = None
for n in sizes:
    o = ours[n]
    line = f"  {n:>5} sections {o['pages']:>5} pages {o['mib']:>7.1f} MiB"
    if prev and o["pages"] > prev["pages"]:
        g = (o["mib"] - prev["mib"]) * 100 / (o["pages"] - prev["pages"])
        line += f"  +{g:.2f} MiB / 100 pages"
        if prev["pages"] >= 80:
            line += f", target <= 2 MiB: {verdict(g <= 2)}"
    print(line)
    prev = o
if big != small:
    lin = ours[big]["wall"] / ours[small]["wall"]
    print(f"  {big} sections / {small} sections wall time: {lin:.1f}x "
          f"({ours[big]['pages']} / {ours[small]['pages']} pages), target <= 50x: {verdict(lin <= 50)}")
for n in sizes:
    tex = peers.get(n, {}).get("pdflatex")
    if tex and tex.get("bytes"):
        r = ours[n]["kib"] * 1024 / int(tex["bytes"])
        print(f"  {n:>3} sections: file {r:.2f}x pdflatex's ({ours[n]['kib']:.0f} / "
              f"{int(tex['bytes']) / 1024:.0f} KiB), target <= 1.5x: {verdict(r <= 1.5)}")
    elif n == sizes[-1]:
        print(f"  file size vs pdflatex: pdflatex not measured")
print(f"\nweb edition alone (build -o r.html, median of {runs} runs; issue 20):")
print(f"{'sections':>8} {'pages':>6} {'wall s':>8} {'PDF s':>8} {'ratio':>7} {'HTML KiB':>9}")
for line in open(web_f):
    n, wall, size = line.split()
    o = ours[n]
    r = float(wall) / o["wall"] if o["wall"] else 0
    print(f"{n:>8} {o['pages']:>6} {float(wall):>8.3f} {o['wall']:>8.3f} {r:>7.3f} {int(size) / 1024:>9.0f}")
print(f"  {big} sections: the web edition alone in {r:.3f} of the PDF's time end to end "
      f"(both parse and check the same XML first), target < 0.1: {verdict(r < 0.1)}")
EOF

# --- where the time goes: stages of the largest build, best of 3 -------------
n=${SIZES##* }
stages() { # OUT: best of 3 per stage of `build --utkast r.xml -o OUT`
    for _ in 1 2 3; do
        ARSRAPPORT_TIDER=1 "$B/arsrapport" build --utkast "$tmp/n$n/r.xml" -o "$tmp/n$n/$1" 2>&1 > /dev/null | grep '^tid '
    done | awk '{ if (!($2 in m) || $3 < m[$2]) m[$2] = $3; if (!($2 in o)) { o[$2] = ++k; nm[k] = $2 } }
        END { for (i = 1; i <= k; i++) printf "%s %.4f\n", nm[i], m[nm[i]] }'
}
stages r.pdf > "$tmp/stages.pdf"
stages r.html > "$tmp/stages.html"
awk -v n="$n" 'BEGIN { printf "\nstages at %s sections:", n } $2 >= 0.0005 { printf " %s %.3f", $1, $2 } END { printf " (s, best of 3)\n" }' "$tmp/stages.pdf"
awk -v n="$n" 'BEGIN { printf "web edition stages at %s sections:", n } $2 >= 0.0005 { printf " %s %.3f", $1, $2 } END { printf " (s, best of 3)\n" }' "$tmp/stages.html"
# what each edition adds to the shared stages (parse, rules, validate,
# images, resolve): layout + pdf for the PDF, html for the page
awk 'FNR == NR { if ($1 == "layout" || $1 == "pdf") p += $2; next } $1 == "html" { h = $2 }
    END { r = p > 0 ? h / p : 0; printf "  the web edition\x27s own stage (html %.3f s) against the PDF\x27s (layout + pdf %.3f s): %.3f, target < 0.1: %s\n", h, p, r, r < 0.1 ? "met" : "NOT met" }' \
    "$tmp/stages.pdf" "$tmp/stages.html"
# what the web edition cannot go below: libxml2's own reading and schema
# check of the same file (xmllint, no model, no checks of ours), timed as
# the builds are, against the PDF's time end to end
if command -v xmllint > /dev/null; then
    walls=()
    for i in $(seq 0 "$RUNS"); do
        t0=$EPOCHREALTIME
        xmllint --noout --relaxng templates/schema/rapport.rng "$tmp/n$n/r.xml" > /dev/null 2>&1 || true
        t1=$EPOCHREALTIME
        [ "$i" = 0 ] && continue
        walls+=("$(echo "$t1 - $t0" | bc -l)")
    done
    x=$(printf '%s\n' "${walls[@]}" | median)
    awk -v x="$x" -v n="$n" '$1 == n { printf "  libxml2 alone (xmllint --noout --relaxng, median): %.3f s, %.3f of the PDF\x27s %.3f s: the floor under the web edition\x27s ratio\n", x, ($3 > 0 ? x / $3 : 0), $3 }' "$ours"
fi
