#!/usr/bin/env bash
# hostile_inputs.sh: arsrapport against hostile inputs of issue 28 ("never
# a wrong figure, never a crash"), all generated here:
#
#   A  costs that must be linear in the input: long runs of combining marks
#      (Unicode normalisation), rule files with many or long patterns and
#      many rules, patterns that backtrack catastrophically, paragraphs over
#      64 KiB (the arena); plus the limits on rule files (KRAV-05, -06)
#   B  messages: a broken logo in the style (the style file's error, no
#      PDF), control characters in names (kind folders, input files) never
#      printed raw, a duplicate id ("finns redan" and where), character
#      references naming characters XML forbids
#   C  files: inputs that would build the same output file (ARS-07, nothing
#      built), inputs that are not regular files: FIFO, device, socket
#      (ARS-08, no hang)
#
#   tests/hostile_inputs.sh                              normal build
#   ARS=build/asan/arsrapport tests/hostile_inputs.sh    ASan+UBSan build
#
# Linearity is shown without wall-clock limits: each quadratic case runs at
# 1x and 4x its size under a generous `ulimit -t` (CPU seconds) and, for
# the normal build, `ulimit -v`; the 4x run's CPU time (user + system) must
# stay within 8 times the 1x run's plus 0.5 s (a quadratic cost gives 16
# times), and its peak resident memory (GNU time %M) within 4 times the 1x
# run's. The ASan build cannot run under a virtual-memory limit and its
# shadow memory distorts the resident size, so there only CPU is compared.
# A wall-clock `timeout` only catches a hang.
#
# Every case must end in a correct PDF (qpdf --check) or in a Swedish
# message naming the file (and line where there is one), exit 1 or 2, with
# no sanitizer report. Prints "ok NAME" or "FAIL NAME: why" per test and,
# last, "N passed, M failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
    bad setup "GNU time is missing (make deps installs the package time)"
    finish
fi

export ARSRAPPORT_HOME="$root"
export ARSRAPPORT_MALLAR="$root/tests/templates"
export LANG=C LC_ALL=C
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/arsrapport-hostile-inputs.XXXXXX") || {
    bad setup "mktemp -d failed"
    finish
}
trap 'rm -rf "$tmp"' EXIT

# run OUT ERR CMD...: runs the program (limits: 120 CPU seconds, 2 GiB of
# address space for the normal build, 300 s wall clock against a hang);
# sets rc, cpu (user + system seconds) and rss (KiB).
run() {
    local out=$1 err=$2
    shift 2
    (
        ulimit -t 120
        [ "$asan" = 1 ] || ulimit -v $((2 * 1024 * 1024))
        exec timeout -s KILL 300 "$TIME" -f '%U %S %M' -o "$tmp/time" "$ARS" "$@"
    ) > "$out" 2> "$err"
    rc=$?
    read -r u s rss < <(tail -n 1 "$tmp/time" 2>/dev/null || echo "0 0 0")
    case $u in [0-9]*) ;; *) u=0 s=0 rss=0 ;; esac
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
}

# sane NAME ERR: no sanitizer report, no crash, no hang
sane() {
    if grep -qE 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' "$2"; then
        bad "$1" "sanitizer report: $(grep -m1 -E 'ERROR|runtime error' "$2")"
        return 1
    fi
    if [ "$rc" -ge 124 ]; then
        bad "$1" "exit $rc (killed: a hang, a signal or a limit)"
        return 1
    fi
    return 0
}

# expect NAME RCS REGEX ERR: exit status one of RCS ("1 2"), stderr matching
# the extended REGEX
expect() {
    local name=$1 rcs=$2 re=$3 err=$4
    sane "$name" "$err" || return 1
    case " $rcs " in *" $rc "*) ;; *)
        bad "$name" "exit $rc, expected $rcs: $(head -n 2 "$err" | tr '\n' ' ')"
        return 1
        ;;
    esac
    if ! grep -qE -- "$re" "$err"; then
        bad "$name" "stderr lacks /$re/: $(head -n 2 "$err" | tr '\n' ' ')"
        return 1
    fi
    ok "$name"
}

# linear NAME CPU1 CPU4 RSS1 RSS4: the 4x input cost at most 8x (+0.5 s)
# the CPU of the 1x input, and at most 5x (+4 MiB) the memory above what
# the program takes for an empty document (base_rss); a quadratic cost
# gives 16x
linear() {
    local name=$1 c1=$2 c4=$3 r1=$4 r4=$5
    if ! awk -v a="$c1" -v b="$c4" 'BEGIN { exit !(b <= 8 * a + 0.5) }'; then
        bad "$name" "CPU ${c1}s at 1x, ${c4}s at 4x: not linear"
        return
    fi
    # Resident memory is a coarse measure: glibc keeps freed pages, and a
    # run's peak moves by megabytes with where its larger arrays land
    # (2 000 rule patterns: 12 MB of heap over the empty document but
    # 17-20 MB resident, run to run). 6x plus 8 MiB still fails a
    # quadratic growth (16x) by far.
    if [ "$asan" = 0 ] && ! awk -v a="$r1" -v b="$r4" -v z="$base_rss" \
        'BEGIN { exit !(b - z <= 6 * (a - z) + 8192) }'; then
        bad "$name" "peak memory ${r1} KiB at 1x, ${r4} KiB at 4x (${base_rss} KiB for nothing): not linear"
        return
    fi
    ok "$name (CPU ${c1}s/${c4}s, ${r1}/${r4} KiB)"
}

# pdf_ok NAME PDF: qpdf finds no error
pdf_ok() {
    if [ -s "$2" ] && qpdf --check "$2" > /dev/null 2>&1; then ok "$1"
    else bad "$1" "no correct PDF at $2"; fi
    # run_all.sh reads every kept PDF with five readers
    if [ -n "${KEEP_PDFS:-}" ] && [ -s "$2" ]; then cp "$2" "$KEEP_PDFS/inputs-$1.pdf"; fi
}

py() { python3 - "$@"; }

head_xml() {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<rapport xmlns="urn:arsrapport:1" typ="%s">\n<metadata><titel>T</titel><organisation>Kommunen</organisation><datum>2023-09-12</datum></metadata>\n' "${1:-prov}"
}

# === A: linear costs and limits ===============================================

# what the program takes for an empty document
{ head_xml; echo '</rapport>'; } > "$tmp/empty.xml"
run "$tmp/o" "$tmp/e" check "$tmp/empty.xml"
base_rss=$rss

# --- A1 combining marks: utf8proc reorders a run of marks in quadratic time;
# the text is made stream-safe (UAX #15) first. Four shapes, 1x and 4x.
py "$tmp" <<'PY'
import sys
d = sys.argv[1]
head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rapport xmlns="urn:arsrapport:1" typ="prov">\n'
        '<metadata><titel>T</titel><organisation>K</organisation><datum>2023-09-12</datum></metadata>\n')
def marks(n, kinds):
    return ''.join(kinds[i % len(kinds)] for i in range(n))
shapes = {
    # alternating classes 230/220: every pair must be reordered
    'para': lambda n: '<avsnitt><rubrik>R</rubrik><stycke>Text a%s slut.</stycke></avsnitt>' % marks(n, '\u0301\u0316'),
    # marks with no base at all, in a heading
    'heading': lambda n: '<avsnitt><rubrik>%s</rubrik><stycke>Text.</stycke></avsnitt>' % marks(n, '\u0308\u0323\u0301'),
    # U+0F73 decomposes into two marks (classes 129, 130)
    'tibetan': lambda n: '<avsnitt><rubrik>R</rubrik><stycke>\u0f40%s</stycke></avsnitt>' % marks(n, '\u0f73\u0f71'),
    # in an attribute (a quotation's source) and split by spaces every 5000
    'attribute': lambda n: '<avsnitt><rubrik>R</rubrik><citat kalla="x%s"><stycke>Citat.</stycke></citat></avsnitt>' % ' '.join(marks(5000, '\u0301\u0316') for _ in range(max(1, n // 5000))),
}
for name, f in shapes.items():
    for k, n in (('1', 12000), ('4', 48000)):
        with open('%s/comb-%s-%s.xml' % (d, name, k), 'w') as out:
            out.write(head + f(n) + '\n</rapport>\n')
# normal text must still be composed: a + U+0308 is ä
with open(d + '/comb-compose.xml', 'w') as out:
    out.write(head + '<avsnitt><rubrik>Sma\u0308rre a\u030angest</rubrik><stycke>Ho\u0308gt.</stycke></avsnitt>\n</rapport>\n')
PY
for shape in para heading tibetan attribute; do
    run "$tmp/o" "$tmp/e" check "$tmp/comb-$shape-1.xml"
    sane "combining-$shape-1x" "$tmp/e" || continue
    c1=$cpu r1=$rss
    run "$tmp/o" "$tmp/e" check "$tmp/comb-$shape-4.xml"
    sane "combining-$shape-4x" "$tmp/e" || continue
    linear "combining-$shape-linear" "$c1" "$cpu" "$r1" "$rss"
done
run "$tmp/o" "$tmp/e" build "$tmp/comb-para-4.xml" -o "$tmp/comb.pdf"
if [ $rc = 0 ]; then pdf_ok "combining-build-pdf" "$tmp/comb.pdf"
else bad "combining-build-pdf" "exit $rc: $(head -n 1 "$tmp/e")"; fi
"$ARS" dump-model "$tmp/comb-compose.xml" > "$tmp/m" 2>/dev/null
if grep -q 'Smärre ångest' "$tmp/m" && grep -q 'Högt' "$tmp/m"; then ok "combining-still-composed"
else bad "combining-still-composed" "NFC lost: $(grep -m1 -i 'sma' "$tmp/m")"; fi

# --- A2 rule files: many patterns in one rule, many rules, long patterns;
# linear up to the limits, refused past them with KRAV-05 at file:line.
genkrav() { # DIR KIND NRULES NPAT PLEN [DESC]: DESC characters of tips per rule
    py "$@" <<'PY'
import sys, os
d, kind, nr, npr, plen = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
desc = int(sys.argv[6]) if len(sys.argv) > 6 else 0
os.makedirs('%s/%s' % (d, kind), exist_ok=True)
with open('%s/%s/krav.xml' % (d, kind), 'w') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<krav xmlns="urn:arsrapport:krav:1" typ="%s" namn="Massa">\n' % kind)
    for i in range(nr):
        f.write('  <rubrik id="MA-%d" niva="rekommenderad" text="Rubrik %d">\n' % (i, i))
        for k in range(npr):
            p = 'rubrik\\s+%d\\s+variant\\s+%d' % (i, k)
            j = 0
            while len(p) < plen:
                p += '|ord%dx%dy%d\\s*(a|b)' % (i, k, j)
                j += 1
            f.write('    <monster>%s</monster>\n' % p[:max(plen, 1)] if plen > 0 else '    <monster>%s</monster>\n' % p)
        if desc:
            f.write('    <tips>%s</tips>\n' % ('lägg till ett avsnitt om detta ' * (desc // 31 + 1))[:desc])
        f.write('  </rubrik>\n')
    f.write('</krav>\n')
with open('%s/%s.xml' % (d, kind), 'w') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rapport xmlns="urn:arsrapport:1" typ="%s">\n'
            '<metadata><titel>T</titel><organisation>K</organisation><datum>2023-09-12</datum></metadata>\n' % kind)
    for h in range(50):
        f.write('<avsnitt><rubrik>Rubrik %d variant 0</rubrik><stycke>Text.</stycke></avsnitt>\n' % h)
    f.write('</rapport>\n')
PY
}
# alternatives that stay whole at the cut: no broken group at plen
kr=$tmp/krav
genkrav "$kr/p1" massa 1 500 0
genkrav "$kr/p4" massa 1 2000 0
# (each rule with 3 500 characters of tips: finding each element's column
# by rescanning the file from its start was quadratic in the file's size)
genkrav "$kr/r1" massa 250 1 0 3500
genkrav "$kr/r4" massa 1000 1 0 3500
for pair in p:patterns-in-one-rule r:rules; do
    k=${pair%%:*}
    name=${pair#*:}
    ARSRAPPORT_MALLAR=$kr/${k}1 run "$tmp/o" "$tmp/e" check "$kr/${k}1/massa.xml"
    sane "krav-$name-1x" "$tmp/e" || continue
    [ $rc -le 1 ] || { bad "krav-$name-1x" "exit $rc $(head -n 1 "$tmp/e")"; continue; }
    c1=$cpu r1=$rss
    ARSRAPPORT_MALLAR=$kr/${k}4 run "$tmp/o" "$tmp/e" check "$kr/${k}4/massa.xml"
    sane "krav-$name-4x" "$tmp/e" || continue
    [ $rc -le 1 ] || { bad "krav-$name-4x" "exit $rc $(head -n 1 "$tmp/e")"; continue; }
    linear "krav-$name-linear" "$c1" "$cpu" "$r1" "$rss"
done
# long patterns (just under 1 000 bytes): the JIT budget keeps memory linear
py "$kr" <<'PY'
import sys, os
d = sys.argv[1]
for tag, nr in (('l1', 125), ('l4', 500)):
    os.makedirs('%s/%s/massa' % (d, tag), exist_ok=True)
    with open('%s/%s/massa/krav.xml' % (d, tag), 'w') as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<krav xmlns="urn:arsrapport:krav:1" typ="massa" namn="Massa">\n')
        for i in range(nr):
            f.write('  <rubrik id="MA-%d" niva="rekommenderad" text="Rubrik %d">\n' % (i, i))
            for k in range(4):
                alts, j = [], 0
                while len('|'.join(alts)) < 960:
                    alts.append('ord%dx%dy%d\\s*(a|b)' % (i, k, j)); j += 1
                f.write('    <monster>%s</monster>\n' % '|'.join(alts))
            f.write('  </rubrik>\n')
        f.write('</krav>\n')
    with open('%s/%s/massa.xml' % (d, tag), 'w') as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rapport xmlns="urn:arsrapport:1" typ="massa">\n'
                '<metadata><titel>T</titel><organisation>K</organisation><datum>2023-09-12</datum></metadata>\n')
        for h in range(50):
            f.write('<avsnitt><rubrik>Rubrik %d</rubrik><stycke>Text.</stycke></avsnitt>\n' % h)
        f.write('</rapport>\n')
PY
ARSRAPPORT_MALLAR=$kr/l1 run "$tmp/o" "$tmp/e" check "$kr/l1/massa.xml"
c1=$cpu r1=$rss
rc1=$rc
ARSRAPPORT_MALLAR=$kr/l4 run "$tmp/o" "$tmp/e" check "$kr/l4/massa.xml"
if sane "krav-long-patterns" "$tmp/e" && [ "$rc1" -le 1 ] && [ "$rc" -le 1 ]; then
    linear "krav-long-patterns-linear" "$c1" "$cpu" "$r1" "$rss"
else bad "krav-long-patterns-linear" "exit $rc1/$rc $(head -n 1 "$tmp/e")"; fi

# past the limits: each refused at its place in the rule file, exit 2
genkrav "$kr/too-many-patterns" massa 1 2001 0
genkrav "$kr/too-many-patterns-spread" massa 700 3 0
genkrav "$kr/too-many-rules" massa 1001 1 0
genkrav "$kr/too-long" massa 2 1 1001
ARSRAPPORT_MALLAR=$kr/too-many-patterns run "$tmp/o" "$tmp/e" check "$kr/too-many-patterns/massa.xml"
expect "krav-too-many-patterns" 2 'massa/krav\.xml:2004:[0-9]+: fel: \[KRAV-05\] .*2000 mönster' "$tmp/e"
ARSRAPPORT_MALLAR=$kr/too-many-patterns-spread run "$tmp/o" "$tmp/e" check "$kr/too-many-patterns-spread/massa.xml"
expect "krav-too-many-patterns-spread" 2 'massa/krav\.xml:[0-9]+:[0-9]+: fel: \[KRAV-05\] .*2000 mönster' "$tmp/e"
ARSRAPPORT_MALLAR=$kr/too-many-rules run "$tmp/o" "$tmp/e" check "$kr/too-many-rules/massa.xml"
expect "krav-too-many-rules" 2 'massa/krav\.xml:3003:3: fel: \[KRAV-05\] .*1000 regler' "$tmp/e"
ARSRAPPORT_MALLAR=$kr/too-long run "$tmp/o" "$tmp/e" check "$kr/too-long/massa.xml"
expect "krav-pattern-too-long" 2 'massa/krav\.xml:4:5: fel: \[KRAV-05\] Mönstret är 1001 byte' "$tmp/e"
ARSRAPPORT_MALLAR=$kr/too-long run "$tmp/o" "$tmp/e" check --lang en "$kr/too-long/massa.xml"
expect "krav-pattern-too-long-en" 2 'krav\.xml:4:5: error: \[KRAV-05\] The pattern is 1001 bytes' "$tmp/e"

# --- A3 catastrophic backtracking: a heading pattern against 250 and 1 000
# headings, a body pattern against a long paragraph, a table-column
# pattern: each is refused when the rule file is loaded (KRAV-07 at the
# pattern's place, exit 2: issue 26 tests every pattern on a long
# synthetic heading under a tight match limit), so no heading gets a
# verdict from it; the time stays linear in the headings.
py "$tmp/bt" <<'PY'
import sys, os
d = sys.argv[1]
kinds = {
    'rubrik': '<rubrik id="BT-01" niva="obligatorisk" text="Ekonomi"><monster>^(\\w+\\s?)*$</monster></rubrik>',
    'brodtext': '<rubrik id="BT-02" niva="obligatorisk" text="Ekonomi"><monster>^ekonomi$</monster><brodtext>(a|aa)+$</brodtext></rubrik>',
    'kolumn': '<rubrik id="BT-03" niva="obligatorisk" text="Ekonomi"><monster>^ekonomi$</monster><tabell><kolumn>^(a+)+$</kolumn></tabell></rubrik>',
    'nested': '<rubrik id="BT-04" niva="rekommenderad" text="Ekonomi"><monster>(.*a){20}$</monster></rubrik>',
}
for kind, rule in kinds.items():
    os.makedirs('%s/%s' % (d, kind), exist_ok=True)
    with open('%s/%s/krav.xml' % (d, kind), 'w') as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<krav xmlns="urn:arsrapport:krav:1" typ="%s" namn="Bakåt">\n  %s\n</krav>\n' % (kind, rule))
    for tag, n in (('1', 250), ('4', 1000)):
        with open('%s/%s-%s.xml' % (d, kind, tag), 'w') as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rapport xmlns="urn:arsrapport:1" typ="%s">\n'
                    '<metadata><titel>T</titel><organisation>K</organisation><datum>2023-09-12</datum></metadata>\n' % kind)
            for h in range(n):
                f.write('<avsnitt><rubrik>%s!</rubrik><stycke>%s!</stycke>'
                        '<tabell><kolumn typ="text">%s!</kolumn><rad><cell>x</cell></rad></tabell></avsnitt>\n'
                        % ('a' * 40, 'a' * 60, 'a' * 40))
            f.write('</rapport>\n')
PY
for kind in rubrik brodtext kolumn nested; do
    ARSRAPPORT_MALLAR=$tmp/bt run "$tmp/o" "$tmp/e" check "$tmp/bt/$kind-1.xml"
    c1=$cpu r1=$rss
    expect "backtrack-$kind" 2 "bt/$kind/krav\.xml:3:[0-9]+: fel: \[KRAV-07\] Mönstret .* backtrackar katastrofalt" "$tmp/e" || continue
    ARSRAPPORT_MALLAR=$tmp/bt run "$tmp/o" "$tmp/e" check "$tmp/bt/$kind-4.xml"
    sane "backtrack-$kind-4x" "$tmp/e" && linear "backtrack-$kind-linear" "$c1" "$cpu" "$r1" "$rss"
done
ARSRAPPORT_NO_JIT=1 ARSRAPPORT_MALLAR=$tmp/bt run "$tmp/o" "$tmp/e" check "$tmp/bt/rubrik-4.xml"
expect "backtrack-interpreted" 2 '\[KRAV-07\] Mönstret "\^\(' "$tmp/e"
ARSRAPPORT_MALLAR=$tmp/bt run "$tmp/o" "$tmp/e" build "$tmp/bt/rubrik-1.xml" -o "$tmp/bt.pdf"
if expect "backtrack-no-pdf" 2 'KRAV-07' "$tmp/e" > /dev/null && [ ! -e "$tmp/bt.pdf" ]; then ok "backtrack-no-pdf"
else bad "backtrack-no-pdf" "exit $rc, PDF $(ls "$tmp/bt.pdf" 2>&1)"; fi

# --- A4 the arena: paragraphs over 64 KiB each got a 2 MiB block; 50 and
# 200 paragraphs of 70 kB: memory linear and within 6x the file + 48 MiB.
py "$tmp" <<'PY'
import sys
d = sys.argv[1]
head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rapport xmlns="urn:arsrapport:1" typ="prov">\n'
        '<metadata><titel>T</titel><organisation>K</organisation><datum>2023-09-12</datum></metadata>\n'
        '<avsnitt><rubrik>R</rubrik>\n')
word = 'kommunens '
for tag, n, plen in (('1', 50, 70000), ('4', 200, 70000), ('build', 6, 70000), ('mixed', 300, 0)):
    with open('%s/big-%s.xml' % (d, tag), 'w') as f:
        f.write(head)
        for i in range(n):
            l = plen or (100 if i % 2 else 66000 + 37 * i)  # small and just-over-64-KiB in turn
            f.write('<stycke>%s</stycke>\n' % (word * (l // len(word) + 1))[:l])
        f.write('</avsnitt>\n</rapport>\n')
PY
run "$tmp/o" "$tmp/e" check "$tmp/big-1.xml"
c1=$cpu r1=$rss
sane "arena-1x" "$tmp/e" && {
    run "$tmp/o" "$tmp/e" check "$tmp/big-4.xml"
    if sane "arena-4x" "$tmp/e"; then
        linear "arena-linear" "$c1" "$cpu" "$r1" "$rss"
        size=$(($(wc -c < "$tmp/big-4.xml") / 1024))
        if [ "$asan" = 1 ] || [ "$rss" -le $((6 * size + 48 * 1024)) ]; then ok "arena-bounded (${rss} KiB for ${size} KiB)"
        else bad "arena-bounded" "${rss} KiB peak for a ${size} KiB file"; fi
    fi
}
run "$tmp/o" "$tmp/e" check "$tmp/big-mixed.xml"
if sane "arena-mixed" "$tmp/e" && [ $rc = 0 ]; then ok "arena-mixed"; else bad "arena-mixed" "exit $rc"; fi
run "$tmp/o" "$tmp/e" build "$tmp/big-build.xml" -o "$tmp/big.pdf"
if [ $rc = 0 ]; then pdf_ok "arena-build-pdf" "$tmp/big.pdf"; else bad "arena-build-pdf" "exit $rc $(head -n 1 "$tmp/e")"; fi

# === B: messages =============================================================

# --- B1 a logo in the style that cannot be decoded: the style file's error
# at its logga element, exit 2, no PDF. Several kinds of broken file.
st=$tmp/stil
mkdir -p "$st/mapp.png"
python3 "$root/tests/images/make_images.py" "$st" > /dev/null
mkfifo "$st/fifo.png" 2>/dev/null
for logo in trunkerad.png trunkerad.jpg falsk.png tom.png gif.png jatte.png fel-crc.png \
    trunkerad-interlacad.png trunkerad-16bit.png jpeg-utan-sof.jpg mapp.png fifo.png saknas.png; do
    sed "s|<sidhuvud|<logga fil=\"$logo\"/>\n  <sidhuvud|" "$root/templates/stil/standard.xml" > "$st/s-$logo.xml"
    grep -q "logga fil=\"$logo\"" "$st/s-$logo.xml" || { bad "style-logo-$logo" "could not make the style"; continue; }
    line=$(grep -n "logga fil" "$st/s-$logo.xml" | cut -d: -f1)
    run "$tmp/o" "$tmp/e" build --stil "$st/s-$logo.xml" "$root/examples/grundlaggande.xml" -o "$tmp/logo.pdf"
    if expect "style-logo-$logo" 2 "s-$logo\.xml:$line:[0-9]+: fel: \[(STIL-0[14]|BILD-0[0-9])\]" "$tmp/e" > "$tmp/r"; then
        if [ -e "$tmp/logo.pdf" ]; then bad "style-logo-$logo" "a PDF was written"
        elif grep -q 'grundlaggande.xml: fel: \[BILD' "$tmp/e"; then bad "style-logo-$logo" "reported against the document"
        else cat "$tmp/r"; fi
    else cat "$tmp/r"; fi
    rm -f "$tmp/logo.pdf"
done
# good logos still work
for good in rgb.png foto.jpg; do
    sed "s|<sidhuvud|<logga fil=\"$good\"/>\n  <sidhuvud|" "$root/templates/stil/standard.xml" > "$st/s-good.xml"
    run "$tmp/o" "$tmp/e" build --stil "$st/s-good.xml" "$root/examples/grundlaggande.xml" -o "$tmp/logo.pdf"
    if [ $rc = 0 ]; then pdf_ok "style-logo-good-$good" "$tmp/logo.pdf"
    else bad "style-logo-good-$good" "exit $rc $(head -n 1 "$tmp/e")"; fi
    rm -f "$tmp/logo.pdf"
done

# --- B2 control characters in names are escaped wherever printed: kind
# folders (ARSRAPPORT_MALLAR) in `rules` and in TYP-01, an input file's own
# name, batch. No raw ESC, CR, BEL, C1 or bidi control may reach stderr.
ev=$tmp/ond
mkdir -p "$ev"
n=0
for name in $'ond\e[31mRÖD\e[0m' $'rad\nfalsk.xml:1:1: fel: [XML-01] förfalskad' $'retur\rfalsk' $'bell\a' \
    $'c1\xc2\x9b2J' $'bidi\xe2\x80\xaeLDP.exe' $'latin1-\xe5' $'tab\there'; do
    n=$((n + 1))
    mkdir -p "$ev/$name"
    cp "$root/tests/templates/prov/krav.xml" "$ev/$name/krav.xml"
done
raw_re=$'[\x01-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]'
noraw() { # NAME FILE...: no raw control in the files (LC_ALL=C grep -P on bytes)
    local name=$1
    shift
    if LC_ALL=C grep -qaP "$raw_re" "$@"; then
        bad "$name" "raw control character printed: $(LC_ALL=C grep -aP "$raw_re" "$@" | head -n 1 | cat -v)"
        return 1
    fi
    return 0
}
ARSRAPPORT_MALLAR=$ev run "$tmp/o" "$tmp/e" rules
if sane "escape-rules-list" "$tmp/e" && noraw "escape-rules-list" "$tmp/o" "$tmp/e" &&
    grep -q 'ond\\x1b\[31m' "$tmp/o" && [ "$(grep -c 'förfalskad' "$tmp/o")" -le 1 ] &&
    ! grep -q '^falsk.xml' "$tmp/o"; then ok "escape-rules-list"
else bad "escape-rules-list" "$(head -n 3 "$tmp/o" | cat -v)"; fi
head_xml saknas > "$tmp/typ.xml"
echo '</rapport>' >> "$tmp/typ.xml"
ARSRAPPORT_MALLAR=$ev run "$tmp/o" "$tmp/e" check "$tmp/typ.xml"
if expect "escape-unknown-kind" 1 'TYP-01' "$tmp/e" > /dev/null && noraw "escape-unknown-kind" "$tmp/e" &&
    grep -q 'ond\\x1b\[31m' "$tmp/e" && ! grep -q '^falsk.xml:1:1' "$tmp/e"; then ok "escape-unknown-kind"
else bad "escape-unknown-kind" "$(head -n 2 "$tmp/e" | cat -v)"; fi
mkdir -p "$tmp/ut"
batch_ok=1
for name in $'dok\e]0;titel\a.xml' $'dok\nfalsk.xml:9:9: fel: [X] y.xml' $'dok\xe2\x80\xaelmx.pdf' $'dok\xc2\x9b.xml'; do
    printf '<rapport' > "$tmp/$name"
    run "$tmp/o" "$tmp/e" check "$tmp/$name"
    if expect "escape-input-name" 1 'XML-01' "$tmp/e" > /dev/null && noraw "escape-input-name" "$tmp/e" &&
        ! grep -q '^falsk.xml' "$tmp/e"; then ok "escape-input-name $(printf '%q' "$name")"
    else bad "escape-input-name" "$(head -n 1 "$tmp/e" | cat -v)"; fi
    run "$tmp/o" "$tmp/e" build -j 2 "$tmp/$name" "$root/examples/grundlaggande.xml" -o "$tmp/ut/"
    if ! sane "escape-batch" "$tmp/e" || [ $rc != 1 ] || ! grep -q 'XML-01' "$tmp/e" ||
        ! noraw "escape-batch" "$tmp/e" "$tmp/o"; then
        batch_ok=0
        echo "  (batch with $(printf '%q' "$name"): exit $rc)"
    fi
    rm -f "$tmp/$name"
done
[ $batch_ok = 1 ] && ok "escape-batch"

# --- B3 a duplicate id: it already exists, and where
dup() { # NAME XML-BODY FIRST-LINE
    { head_xml; printf '%s\n</rapport>\n' "$2"; } > "$tmp/dup.xml"
    run "$tmp/o" "$tmp/e" check "$tmp/dup.xml"
    if expect "$1" 1 "dup\.xml:[0-9]+:[0-9]+: fel: \[XML-05\] id=\"[a-z0-9-]+\" finns redan: <[a-z]+> på rad $3 har samma id" "$tmp/e" > "$tmp/r" &&
        ! grep -q 'ogiltigt värde' "$tmp/e"; then cat "$tmp/r"
    else bad "$1" "$(head -n 2 "$tmp/e")"; fi
}
dup dup-id-sections '<avsnitt id="a"><rubrik>Ett</rubrik><stycke>T.</stycke></avsnitt>
<avsnitt id="a"><rubrik>Två</rubrik><stycke>T.</stycke></avsnitt>' 4
dup dup-id-section-table '<avsnitt id="drift"><rubrik>Ett</rubrik>
<tabell id="drift"><kolumn typ="text"/><rad><cell>x</cell></rad></tabell></avsnitt>' 4
dup dup-id-three '<avsnitt id="x-1"><rubrik>Ett</rubrik><stycke>T.</stycke></avsnitt>
<avsnitt><rubrik>Två</rubrik><stycke>T.</stycke><avsnitt id="x-1"><rubrik>Tre</rubrik><stycke>T.</stycke></avsnitt></avsnitt>
<avsnitt id="x-1"><rubrik>Fyra</rubrik><stycke>T.</stycke></avsnitt>' 4
run "$tmp/o" "$tmp/e" check --lang en "$tmp/dup.xml"
expect "dup-id-english" 1 'error: \[XML-05\] id="x-1" already exists: the <avsnitt> at line 4' "$tmp/e"
{ head_xml; printf '<avsnitt id="a"><rubrik>Ett</rubrik><stycke>T.</stycke></avsnitt>\n<avsnitt id="b"><rubrik>Två</rubrik><stycke>T.</stycke></avsnitt>\n</rapport>\n'; } > "$tmp/nodup.xml"
run "$tmp/o" "$tmp/e" check "$tmp/nodup.xml"
if [ $rc = 0 ] && ! grep -q 'finns redan' "$tmp/e"; then ok "dup-id-none"; else bad "dup-id-none" "exit $rc"; fi

# --- B4 character references naming characters XML forbids: what is wrong
# and what to do, not "save the file as UTF-8"
for ref in '&#1;' '&#x1B;' '&#0;' '&#xFFFE;' '&#xFFFF;' '&#xD800;' '&#x110000;' '&#99999999999;'; do
    for where in text attr; do
        if [ $where = text ]; then body="<avsnitt><rubrik>R</rubrik><stycke>Text $ref här.</stycke></avsnitt>"
        else body="<avsnitt><rubrik>R</rubrik><citat kalla=\"x$ref\"><stycke>C.</stycke></citat></avsnitt>"; fi
        { head_xml; printf '%s\n</rapport>\n' "$body"; } > "$tmp/ref.xml"
        run "$tmp/o" "$tmp/e" check "$tmp/ref.xml"
        if expect "charref-$ref-$where" 1 'ref\.xml:4:[0-9]+: fel: \[XML-03\] (Teckenreferensen &#[0-9]+; \(U\+[0-9A-F]{4,}\)|En teckenreferens) .*(XML inte tillåter|inte finns i Unicode)' "$tmp/e" > "$tmp/r" &&
            grep -q 'tips: XML tillåter inga styrtecken' "$tmp/e" && ! grep -q 'spara filen som UTF-8' "$tmp/e"; then cat "$tmp/r"
        else bad "charref-$ref-$where" "$(head -n 2 "$tmp/e" | tr '\n' ' ')"; fi
    done
done
# a real encoding problem keeps its advice
{ head_xml; printf '<avsnitt><rubrik>R</rubrik><stycke>Text \xe5 h\xe4r.</stycke></avsnitt>\n</rapport>\n'; } > "$tmp/latin1.xml"
run "$tmp/o" "$tmp/e" check "$tmp/latin1.xml"
expect "charref-real-encoding" 1 'XML-03.*UTF-8' "$tmp/e"

# === C: files and processes ===================================================

# --- C1 inputs that would write the same output: refused before anything
# is built (ARS-07 names both), exit 2, the folder stays empty
cb=$tmp/same
mkdir -p "$cb/a" "$cb/b" "$cb/ut" "$cb/ut2"
cp "$root/examples/grundlaggande.xml" "$cb/a/x.xml"
cp "$root/examples/grundlaggande.xml" "$cb/b/x.xml"
cp "$root/examples/grundlaggande.xml" "$cb/a/x.rapport"
cp "$root/examples/grundlaggande.xml" "$cb/b/y.xml"
same() { # NAME ARGS...
    local name=$1
    shift
    rm -f "$cb"/ut/*
    run "$tmp/o" "$tmp/e" build "$@"
    if expect "$name" 2 'fel: \[ARS-07\] Två indatafiler ger samma utfil .*x\.pdf \(den andra är .*x\.(xml|rapport)\)' "$tmp/e" > "$tmp/r" &&
        [ -z "$(ls "$cb/ut")" ] && [ ! -e "$cb/a/x.pdf" ]; then cat "$tmp/r"
    else bad "$name" "exit $rc, built: $(ls "$cb/ut" | tr '\n' ' ') $(head -n 1 "$tmp/e")"; fi
}
same same-base-name -j 8 "$cb/a/x.xml" "$cb/b/x.xml" "$cb/b/y.xml" -o "$cb/ut/"
same same-base-name-j1 -j 1 "$cb/b/y.xml" "$cb/a/x.xml" "$cb/b/x.xml" -o "$cb/ut"
same same-file-twice "$cb/a/x.xml" "$cb/a/x.xml" -o "$cb/ut/"
same same-file-other-spelling "$cb/a/x.xml" "$cb/a/../a//x.xml" -o "$cb/ut/"
same same-stem-other-extension "$cb/a/x.xml" "$cb/a/x.rapport" -o "$cb/ut/"
cd "$cb" && run "$tmp/o" "$tmp/e" build a/x.xml ./a/x.xml
cd "$root" || exit 2
if [ $rc = 2 ] && grep -q 'ARS-07' "$tmp/e" && [ ! -e "$cb/a/x.pdf" ]; then ok "same-next-to-input"
else bad "same-next-to-input" "exit $rc"; fi
run "$tmp/o" "$tmp/e" build -j 2 "$cb/a/x.xml" "$cb/b/y.xml" -o "$cb/ut2/"
if [ $rc -le 1 ] && [ -s "$cb/ut2/x.pdf" ] && [ -s "$cb/ut2/y.pdf" ]; then ok "different-names-built"
else bad "different-names-built" "exit $rc $(ls "$cb/ut2")"; fi

# --- C2 inputs that are not regular files: refused at once, never read
mkfifo "$tmp/fifo.xml"
py "$tmp/sock.xml" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
PY
for f in "$tmp/fifo.xml" /dev/null /dev/zero /dev/urandom "$tmp/sock.xml"; do
    [ -e "$f" ] || { bad "not-regular $f" "could not be made"; continue; }
    for cmd in check build; do
        if [ $cmd = check ]; then run "$tmp/o" "$tmp/e" check "$f"
        else run "$tmp/o" "$tmp/e" build "$f" -o "$tmp/nr.pdf"; fi
        expect "not-regular-$cmd $(basename "$f")" 2 "$(basename "$f"): fel: \[ARS-08\] Filen är ingen vanlig fil" "$tmp/e"
    done
done
run "$tmp/o" "$tmp/e" check --lang en "$tmp/fifo.xml"
expect "not-regular-english" 2 'fifo\.xml: error: \[ARS-08\] The file is not a regular file' "$tmp/e"
run "$tmp/o" "$tmp/e" build --stil "$tmp/fifo.xml" "$root/examples/grundlaggande.xml" -o "$tmp/nr.pdf"
expect "not-regular-style" 2 'fifo\.xml: fel: \[STIL-01\] Filen är ingen vanlig fil' "$tmp/e"
mkdir -p "$tmp/fk/fifok"
mkfifo "$tmp/fk/fifok/krav.xml"
{ head_xml fifok; echo '</rapport>'; } > "$tmp/fk/d.xml"
ARSRAPPORT_MALLAR=$tmp/fk run "$tmp/o" "$tmp/e" check "$tmp/fk/d.xml"
expect "not-regular-rule-file" "1 2" 'd\.xml|krav\.xml' "$tmp/e"
mkdir -p "$tmp/ut3"
run "$tmp/o" "$tmp/e" build -j 2 "$tmp/fifo.xml" "$root/examples/grundlaggande.xml" -o "$tmp/ut3/"
expect "not-regular-batch" 2 'ARS-08' "$tmp/e"

finish
