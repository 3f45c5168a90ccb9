#!/usr/bin/env bash
# run_hostile.sh: arsrapport against hostile input.
#
#   tests/run_hostile.sh                              normal build
#   ARS=build/asan/arsrapport tests/run_hostile.sh    ASan+UBSan build
#
# ARS is the program to test (default build/arsrapport); a relative ARS is
# taken from the current directory if it is there, else from the repository
# root, so the script runs from any directory.
#
# The small cases are files in tests/hostile/ (each says at its top what it
# tests and what is expected). The large and binary ones are generated here
# into a temporary directory that is removed on exit: an empty file, a PNG
# header, 20 000 nested <avsnitt>, a 100 MiB text node, a 20 MB text node
# (over libxml2's 10 MB text limit, under the 64 MiB file limit), a 10 MiB
# attribute, the quadratic blow-up (one 100 kB entity referenced 20 000
# times), UTF-16 with and without a byte order mark, a 540 kB document on a
# single line, a missing file and a directory.
#
# Every failing case is run three times, each under `timeout 5`:
#   check FILE,  build FILE -o TMP/out.pdf   (Swedish, LANG=C)
#   check --lang en FILE                     (English)
# and each run must: exit 1 or 2 (2 where the file cannot be read; never 0,
# never a timeout or a signal), name the file on stderr, be in the right
# language ("fel:" / "error:"), carry a FILE:LINE location where the problem
# has one (the exact line where the case knows it), name the expected rule,
# leave no PDF (nor a temporary out.pdf.XXXXXX) behind, take under 1 s (5 s
# for the two largest files), print no sanitizer report and nothing of
# /etc/passwd. Cases that point entities at http://127.0.0.1:48151/ also
# check, with a small python3 listener on that port, that nothing connected.
# processing-instruction.xml and cdata.xml are valid and must pass `check`.
# Then: a failing build leaves an existing output file untouched (and no
# temporaries), and an output path equal to the input path is refused.
#
# Prints "ok NAME" or "FAIL NAME: reasons" per test and, last,
# "N passed, M failed"; exits 0 only when M is 0.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
hostile=$here/hostile

passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

ARS=${ARS:-build/arsrapport}
# the test-only kinds (typ="prov")
export ARSRAPPORT_MALLAR=${ARSRAPPORT_MALLAR:-$root/tests/templates}
case $ARS in
/*) ;;
*)
    if [ -f "$ARS" ] && [ -x "$ARS" ]; then
        ARS=$(cd "$(dirname "$ARS")" && pwd)/$(basename "$ARS")
    elif [ -f "$root/$ARS" ] && [ -x "$root/$ARS" ]; then
        ARS=$root/$ARS
    fi
    ;;
esac
if [ ! -f "$ARS" ] || [ ! -x "$ARS" ]; then
    bad setup "no program at $ARS (run make, or make build/asan/arsrapport)"
    finish
fi

# Sanitizer reports must not be mistaken for a normal exit status 1.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/arsrapport-hostile.XXXXXX") || {
    bad setup "mktemp -d failed"
    finish
}
listener_pid=
cleanup() {
    if [ -n "$listener_pid" ]; then
        kill "$listener_pid" 2>/dev/null
        wait "$listener_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- a listener that records connections to 127.0.0.1:48151 ----------------
port=48151
hits=$tmp/net-hits
if command -v python3 > /dev/null 2>&1; then
    python3 - "$port" "$hits" 120 > /dev/null 2>&1 <<'PY' &
import signal, socket, sys
port, hits, life = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
signal.alarm(life)  # never outlive the test run, even if not killed
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", port))
except OSError:
    sys.exit(0)  # port taken: the connection checks are skipped
s.listen(16)
open(hits + ".ready", "w").close()
while True:
    c, _ = s.accept()
    with open(hits, "a") as f:
        f.write("connection\n")
    c.close()
PY
    listener_pid=$!
    for _ in $(seq 40); do
        [ -e "$hits.ready" ] && break
        kill -0 "$listener_pid" 2>/dev/null || break
        sleep 0.05
    done
fi
listening() { [ -e "$hits.ready" ]; }

# --- running the program -------------------------------------------------------
# run ARGS...: runs $ARS under timeout 5 with a neutral locale (LANG=C, no
# LC_ALL or LC_MESSAGES, so messages are Swedish unless --lang en); sets rc
# and ms (wall time), stdout in $tmp/stdout, stderr in $tmp/stderr.
rc=0
ms=0
run() {
    local t0 t1
    t0=$(date +%s%N)
    # (the outer 2>/dev/null silences bash's own "Segmentation fault" line)
    {
        env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=C \
            timeout 5 "$ARS" "$@" > "$tmp/stdout" 2> "$tmp/stderr"
        rc=$?
    } 2> /dev/null
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
}

# line_of FILE MARKER: number of the first line holding MARKER.
line_of() {
    grep -n -a -F -- "$2" "$1" | head -n 1 | cut -d: -f1
}

# A short excerpt of stderr for a failure message, the file's directory cut.
excerpt() {
    local f=$1 line
    line=$(grep -a -v '^  ' "$tmp/stderr" | grep -a -v -E '^ *(#[0-9]|SUMMARY|=+$)' | head -n 1)
    [ -z "$line" ] && line=$(head -n 1 "$tmp/stderr")
    line=${line//"$(dirname "$f")/"/}
    printf '%s' "${line:0:170}"
}

# assert_fail_run WHAT FILE LOC RULE MSG LIMIT_MS WANT_RC LANG
# Appends reasons to the array `why`.
#   LOC: none (no location expected), opt (not checked), any (some
#        FILE:LINE:), or a line number (FILE:LINE: exactly)
#   RULE: extended regex that stderr must match ("" for none)
#   MSG: fixed string stderr must contain (Swedish runs only; "" for none)
#   WANT_RC: "" for 1 or 2, else that status
assert_fail_run() {
    local what=$1 f=$2 loc=$3 rule=$4 msg=$5 limit=$6 want=$7 lang=$8
    local err=$tmp/stderr
    if [ "$rc" -eq 124 ]; then
        why+=("$what: timed out after 5 s")
    elif [ "$rc" -gt 128 ]; then
        why+=("$what: killed by signal $((rc - 128))")
    elif [ "$rc" -eq 86 ] || [ "$rc" -eq 87 ]; then
        why+=("$what: sanitizer exit status $rc")
    elif [ -n "$want" ] && [ "$rc" -ne "$want" ]; then
        why+=("$what: exit $rc, expected $want")
    elif [ -z "$want" ] && [ "$rc" -ne 1 ] && [ "$rc" -ne 2 ]; then
        why+=("$what: exit $rc, expected 1 or 2$([ "$rc" -eq 0 ] && echo ' (the input was accepted)')")
    fi
    if grep -a -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$err"; then
        why+=("$what: sanitizer report on stderr")
    fi
    if [ "$rc" -ne 124 ] && [ "$ms" -gt "$limit" ]; then
        why+=("$what: took ${ms} ms (limit ${limit} ms)")
    fi
    if [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]; then
        if ! grep -a -q -F -- "$f" "$err"; then
            why+=("$what: stderr does not name the file")
        fi
        if [ "$lang" = sv ]; then
            grep -a -q ': fel: ' "$err" ||
                why+=("$what: no Swedish \"fel:\" on stderr [$(excerpt "$f")]")
        else
            grep -a -q ': error: ' "$err" ||
                why+=("$what: no English \"error:\" on stderr [$(excerpt "$f")]")
            ! grep -a -q ': fel: ' "$err" ||
                why+=("$what: Swedish \"fel:\" despite --lang en")
        fi
        case $loc in
        none | opt) ;;
        any)
            awk -v p="$f:" 'index($0, p) == 1 && substr($0, length(p) + 1) ~ /^[0-9]+:/ { m = 1 }
                            END { exit !m }' "$err" ||
                why+=("$what: no FILE:LINE location [$(excerpt "$f")]")
            ;;
        *)
            awk -v p="$f:$loc:" 'index($0, p) == 1 { m = 1 } END { exit !m }' "$err" ||
                why+=("$what: no location at line $loc [$(excerpt "$f")]")
            ;;
        esac
        if [ -n "$rule" ] && ! grep -a -q -E -- "$rule" "$err"; then
            why+=("$what: no $rule [$(excerpt "$f")]")
        fi
        if [ "$lang" = sv ] && [ -n "$msg" ] && ! grep -a -q -F -- "$msg" "$err"; then
            why+=("$what: message lacks \"$msg\" [$(excerpt "$f")]")
        fi
    fi
    if grep -a -q 'root:x:0:' "$err" "$tmp/stdout"; then
        why+=("$what: contents of /etc/passwd in the output")
    fi
    if [ -e "$tmp/out.pdf" ]; then
        why+=("$what: a PDF was written (-o out.pdf)")
    fi
    if compgen -G "$tmp/out.pdf.*" > /dev/null; then
        why+=("$what: temporary file left: $(cd "$tmp" && echo out.pdf.*)")
    fi
    rm -f "$tmp/out.pdf" "$tmp"/out.pdf.*
}

# report NAME: ok, or FAIL with the reasons in `why`; reasons of the form
# "RUN: text" that differ only in RUN are merged ("check, build: text").
report() {
    if [ ${#why[@]} -eq 0 ]; then
        ok "$1"
        return
    fi
    local merged
    merged=$(printf '%s\n' "${why[@]}" | awk '
        { i = index($0, ": "); run = substr($0, 1, i - 1); text = substr($0, i + 2) }
        i == 0 || run !~ /^(check|build|check --lang en)$/ { run = ""; text = $0 }
        !(text in seen) { seen[text] = ++n; order[n] = text; runs[text] = run; next }
        run != "" { runs[text] = runs[text] ", " run }
        END { for (k = 1; k <= n; k++) {
                t = order[k]; out = out (k > 1 ? "; " : "") (runs[t] != "" ? runs[t] ": " : "") t }
              print out }')
    bad "$1" "$merged"
}

net_before() { [ -e "$hits" ] && : > "$hits"; }
net_after() {
    listening && sleep 0.1 # let the listener record a late connection
    if listening && [ -s "$hits" ]; then
        why+=("connected to 127.0.0.1:$port ($(wc -l < "$hits") connection(s))")
    fi
    rm -f "$hits"
}

# fail_case NAME FILE LOC RULE MSG [LIMIT_MS] [WANT_RC] [net]
fail_case() {
    local name=$1 f=$2 loc=$3 rule=$4 msg=$5 limit=${6:-1000} want=${7:-} net=${8:-}
    local sidepdf="${f%.xml}.pdf" side_before=0
    why=()
    [ -e "$sidepdf" ] && side_before=1
    [ -n "$net" ] && net_before
    rm -f "$tmp/out.pdf"
    run check "$f"
    assert_fail_run check "$f" "$loc" "$rule" "$msg" "$limit" "$want" sv
    if [ "$rc" -eq 124 ]; then
        why+=("build and --lang en runs skipped after the timeout")
    else
        run build "$f" -o "$tmp/out.pdf"
        assert_fail_run build "$f" "$loc" "$rule" "$msg" "$limit" "$want" sv
        run check --lang en "$f"
        assert_fail_run "check --lang en" "$f" "$loc" "$rule" "" "$limit" "$want" en
    fi
    if [ $side_before = 0 ] && [ -e "$sidepdf" ]; then
        why+=("a PDF appeared next to the input: $sidepdf")
        rm -f "$sidepdf"
    fi
    [ -n "$net" ] && net_after
    report "$name"
}

# valid_case NAME FILE MUST_CONTAIN MUST_NOT_CONTAIN [net]: check exits 0
# with no error in both languages; dump-model holds MUST_CONTAIN and not
# MUST_NOT_CONTAIN (fixed strings, "" to skip).
valid_case() {
    local name=$1 f=$2 has=$3 hasnot=$4 net=${5:-}
    why=()
    [ -n "$net" ] && net_before
    local mode
    for mode in sv en; do
        if [ $mode = sv ]; then run check "$f"; else run check --lang en "$f"; fi
        if [ "$rc" -ne 0 ]; then
            why+=("check ($mode): exit $rc, expected 0 [$(excerpt "$f")]")
        fi
        if grep -a -q -E ': (fel|error): ' "$tmp/stderr"; then
            why+=("check ($mode): reports an error [$(excerpt "$f")]")
        fi
        if grep -a -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/stderr"; then
            why+=("check ($mode): sanitizer report on stderr")
        fi
        if [ "$rc" -ne 124 ] && [ "$ms" -gt 1000 ]; then
            why+=("check ($mode): took ${ms} ms (limit 1000 ms)")
        fi
    done
    run dump-model "$f"
    if [ "$rc" -ne 0 ]; then
        why+=("dump-model: exit $rc [$(excerpt "$f")]")
    else
        if [ -n "$has" ] && ! grep -a -q -F -- "$has" "$tmp/stdout"; then
            why+=("dump-model: the text \"$has\" is not in the model")
        fi
        if [ -n "$hasnot" ] && grep -a -q -F -- "$hasnot" "$tmp/stdout"; then
            why+=("dump-model: \"$hasnot\" leaked into the model")
        fi
    fi
    if grep -a -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/stderr"; then
        why+=("dump-model: sanitizer report on stderr")
    fi
    [ -n "$net" ] && net_after
    report "$name"
}

# --- generators ------------------------------------------------------------------
head_xml() { # the start of a valid document, up to an open <avsnitt>
    printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
        '<!-- generated by tests/run_hostile.sh -->' \
        '<rapport xmlns="urn:arsrapport:1" typ="prov" xml:lang="sv">' \
        '  <metadata><titel>Fientlig indata</titel><organisation>Testkommun</organisation><datum>2026-01-31</datum></metadata>' \
        '  <avsnitt><rubrik>Nämndens ansvarsområde</rubrik>'
}
as() { # N CHAR: N copies of CHAR, fast
    head -c "$1" /dev/zero | tr '\0' "$2"
}

# --- the cases -------------------------------------------------------------------
H=$hostile
fail_case unclosed-tag "$H/unclosed-tag.xml" any '\[XML-01\]' 'avslutas aldrig'
fail_case mismatched-tag "$H/mismatched-tag.xml" \
    "$(line_of "$H/mismatched-tag.xml" '<!-- MISMATCH -->')" '\[XML-01\]' 'Sluttaggen stämmer inte'

fail_case not-xml-plain-text "$H/plain-text.xml" 1 '\[XML-01\]' 'Filen är inte XML'

f=$tmp/png-header.xml # a real PNG signature and IHDR chunk, named .xml
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001\000\000\000\001\010\006\000\000\000\037\025\304\211' > "$f"
fail_case not-xml-png-header "$f" 1 '\[XML-01\]' 'Filen är inte XML'

f=$tmp/empty.xml
: > "$f"
fail_case not-xml-empty-file "$f" none '\[XML-01\]' 'Filen är tom'

for x in xxe-file xxe-network parameter-entity billion-laughs; do
    net=
    case $x in xxe-network | parameter-entity) net=net ;; esac
    fail_case "$x" "$H/$x.xml" "$(line_of "$H/$x.xml" '<!DOCTYPE')" '\[XML-02\]' \
        'DOCTYPE är inte tillåtet' 1000 '' $net
done

f=$tmp/quadratic-blowup.xml # one 100 kB entity referenced 20 000 times: 2 GB
{
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<!-- quadratic blow-up -->\n'
    printf '<!DOCTYPE rapport [\n<!ENTITY a "'
    as 100000 a
    printf '">\n]>\n<rapport xmlns="urn:arsrapport:1" typ="prov"><metadata><titel>'
    yes '&a;' | head -n 20000 | tr -d '\n'
    printf '</titel><organisation>O</organisation><datum>2026-01-31</datum></metadata></rapport>\n'
} > "$f"
fail_case quadratic-blowup "$f" 3 '\[XML-02\]' 'DOCTYPE är inte tillåtet'

f=$tmp/deep-nesting.xml # 20 000 levels of <avsnitt>
{
    head_xml
    yes '<avsnitt><rubrik>Djupare</rubrik>' | head -n 20000
    yes '</avsnitt>' | head -n 20000
    printf '  </avsnitt>\n</rapport>\n'
} > "$f"
fail_case deep-nesting-20000 "$f" any '\[XML-04\]' 'För djup nästling'

f=$tmp/huge-text-100mb.xml # a 100 MiB text node
{
    head_xml
    printf '    <stycke>'
    as 104857600 a
    printf '</stycke>\n  </avsnitt>\n</rapport>\n'
} > "$f"
fail_case huge-text-100mb "$f" none '\[XML-04\]' '' 5000
rm -f "$f"

f=$tmp/text-node-20mb.xml # over libxml2's 10 MB text limit, under 64 MiB
{
    head_xml
    printf '    <stycke>'
    as 20000000 a
    printf '</stycke>\n  </avsnitt>\n</rapport>\n'
} > "$f"
fail_case text-node-over-10mb-limit "$f" opt '\[XML-04\]' '' 5000
rm -f "$f"

f=$tmp/huge-attribute-10mb.xml # a 10 MiB attribute value on line 6
{
    head_xml
    printf '    <avsnitt id="'
    as 10485760 a
    printf '"><rubrik>R</rubrik></avsnitt>\n  </avsnitt>\n</rapport>\n'
} > "$f"
fail_case huge-attribute-10mb "$f" 6 '\[XML-04\]' ''
rm -f "$f"

fail_case invalid-utf8 "$H/invalid-utf8.xml" \
    "$(line_of "$H/invalid-utf8.xml" '<!-- BAD -->')" '\[XML-03\]' 'ogiltig UTF-8'
fail_case nul-byte "$H/nul-byte.xml" \
    "$(line_of "$H/nul-byte.xml" '<!-- NUL -->')" '\[XML-03\]' 'NUL-tecken'

# UTF-16 versions of a valid document (cdata.xml, whose own test shows it is
# valid), declared as UTF-16: arsrapport reads UTF-8 only and positions its
# diagnostics on UTF-8 bytes, so it must refuse them ("spara filen som UTF-8").
if command -v iconv > /dev/null 2>&1; then
    sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$H/cdata.xml" |
        iconv -f UTF-8 -t UTF-16 > "$tmp/utf16-bom.xml"
    sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$H/cdata.xml" |
        iconv -f UTF-8 -t UTF-16LE > "$tmp/utf16-no-bom.xml"
    if [ "$(head -c 2 "$tmp/utf16-bom.xml" | od -An -tx1 | tr -d ' ')" != fffe ] &&
        [ "$(head -c 2 "$tmp/utf16-bom.xml" | od -An -tx1 | tr -d ' ')" != feff ]; then
        bad utf16-bom "iconv wrote no byte order mark"
    else
        fail_case utf16-bom "$tmp/utf16-bom.xml" opt '\[XML-03\]' 'spara filen som UTF-8'
    fi
    fail_case utf16-no-bom "$tmp/utf16-no-bom.xml" opt '\[XML-03\]' 'spara filen som UTF-8'
else
    bad utf16-bom "iconv is not installed"
    bad utf16-no-bom "iconv is not installed"
fi

fail_case unknown-element "$H/unknown-element.xml" \
    "$(line_of "$H/unknown-element.xml" '<!-- UNKNOWN -->')" '\[XML-05\]' '<skript>'
fail_case foreign-namespace "$H/foreign-namespace.xml" \
    "$(line_of "$H/foreign-namespace.xml" '<!-- FOREIGN -->')" '\[XML-05\]' ''

valid_case processing-instruction "$H/processing-instruction.xml" 'Före efter.' 'radbrytning' net
valid_case cdata "$H/cdata.xml" '<fet>inte fet</fet> & <!DOCTYPE x>' ''

fail_case root-not-rapport "$H/root-not-rapport.xml" \
    "$(line_of "$H/root-not-rapport.xml" '<!-- ROOT -->')" '\[XML-05\]' 'inte <html>'

# The kinds that exist: folders of templates/ and of ARSRAPPORT_MALLAR with a
# krav.xml, sorted.
kinds=$(for d in "$root/templates" ${ARSRAPPORT_MALLAR:+$(echo "$ARSRAPPORT_MALLAR" | tr : ' ')}; do
        (cd "$d" && for k in */krav.xml; do [ -f "$k" ] && echo "${k%/krav.xml}"; done); done |
    LC_ALL=C sort -u | paste -sd, - | sed 's/,/, /g')
fail_case unknown-typ "$H/unknown-typ.xml" \
    "$(line_of "$H/unknown-typ.xml" '<!-- TYP -->')" '\[TYP-01\]' \
    "Okänd dokumenttyp typ=\"budget\": de typer som finns är $kinds"
fail_case typ-path-climb "$H/typ-path-climb.xml" \
    "$(line_of "$H/typ-path-climb.xml" '<!-- TYP -->')" '\[(XML-05|TYP-01)\]' ''

f=$tmp/long-line.xml # 30 000 paragraphs on one line, then an unknown element
{
    head_xml | tr -d '\n'
    yes '<stycke>x</stycke>' | head -n 30000 | tr -d '\n'
    printf '<okant/></avsnitt></rapport>\n'
} > "$f"
fail_case long-line "$f" 1 '\[XML-05\]' '<okant>'

fail_case missing-file "$tmp/finns-inte.xml" none '\[ARS-02\]' 'Filen kan inte öppnas' 1000 2
mkdir "$tmp/en-mapp.xml"
fail_case input-is-directory "$tmp/en-mapp.xml" none '\[ARS-02\]' 'Filen kan inte öppnas' 1000 2

# --- a failing build leaves an existing output file untouched ---------------
why=()
printf '%%PDF-1.4\n%% keep.pdf: an earlier PDF that a failed build must not touch\n' > "$tmp/keep.pdf"
cp "$tmp/keep.pdf" "$tmp/keep.orig"
for x in mismatched-tag unknown-typ; do
    run build "$H/$x.xml" -o "$tmp/keep.pdf"
    if [ "$rc" -ne 1 ] && [ "$rc" -ne 2 ]; then why+=("$x: exit $rc, expected 1 or 2"); fi
    if grep -a -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/stderr"; then
        why+=("$x: sanitizer report on stderr")
    fi
    [ "$ms" -gt 1000 ] && why+=("$x: took ${ms} ms (limit 1000 ms)")
    cmp -s "$tmp/keep.pdf" "$tmp/keep.orig" || why+=("$x: keep.pdf was changed")
    if compgen -G "$tmp/keep.pdf.*" > /dev/null; then
        why+=("$x: temporary file left: $(cd "$tmp" && echo keep.pdf.*)")
        rm -f "$tmp"/keep.pdf.*
    fi
    cp "$tmp/keep.orig" "$tmp/keep.pdf"
done
report keep-existing-output

# --- the output path equal to the input path is refused ----------------------
why=()
cp "$H/cdata.xml" "$tmp/same.xml"
run build "$tmp/same.xml" -o "$tmp/same.xml"
[ "$rc" -eq 2 ] || why+=("exit $rc, expected 2 [$(excerpt "$tmp/same.xml")]")
cmp -s "$tmp/same.xml" "$H/cdata.xml" || why+=("same.xml was changed")
grep -a -q -F "$tmp/same.xml" "$tmp/stderr" || why+=("stderr does not name the file")
grep -a -q ': fel: ' "$tmp/stderr" || why+=("no Swedish \"fel:\" on stderr")
if grep -a -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/stderr"; then
    why+=("sanitizer report on stderr")
fi
compgen -G "$tmp/same.xml.*" > /dev/null && why+=("temporary file left: $(cd "$tmp" && echo same.xml.*)")
[ "$ms" -gt 1000 ] && why+=("took ${ms} ms (limit 1000 ms)")
report output-equals-input

# --- broken images (issue 6) ------------------------------------------------------
# Each broken kind, made by tests/images/make_images.py, named by a bild of
# an otherwise valid document: exit 1, a Swedish message naming the image
# file at the bild element, no PDF. libharu never sees these files (a
# truncated PNG would abort the process inside its libpng).
img=$tmp/bilder
python3 "$root/tests/images/make_images.py" "$img" 2> /dev/null ||
    bad images "tests/images/make_images.py failed"
image_case() { # NAME IMAGE RULE (a regular expression) [MESSAGE]
    local f=$img/$1.xml
    {
        head_xml
        printf '    <bild fil="%s" alt="En bild"><rubrik>Bild</rubrik></bild>\n' "$2"
        printf '  </avsnitt>\n</rapport>\n'
    } > "$f"
    fail_case "$1" "$f" 6 "\\[($3)\\]" "${4-$2}"
}
image_case image-truncated-png trunkerad.png BILD-04
image_case image-png-without-iend utan-iend.png BILD-04
image_case image-png-bad-crc fel-crc.png BILD-04
image_case image-truncated-interlaced-png trunkerad-interlacad.png BILD-04
image_case image-truncated-16bit-png trunkerad-16bit.png BILD-04
image_case image-truncated-jpeg trunkerad.jpg BILD-04
image_case image-jpeg-without-eoi utan-eoi.jpg BILD-04
image_case image-jpeg-without-sof jpeg-utan-sof.jpg BILD-04
image_case image-text-named-png falsk.png BILD-03
image_case image-gif-named-png gif.png BILD-03
image_case image-empty tom.png BILD-03
image_case image-missing finns-inte.png BILD-01
image_case image-path-climbs ../../../../etc/passwd BILD-02
# the schema's filepath already refuses an absolute path (XML-05)
image_case image-absolute-path /etc/passwd 'XML-05|BILD-02' ''
mkdir -p "$img/mapp.png"
image_case image-is-a-folder mapp.png BILD-03
# an IHDR of 20000 x 20000 pixels
image_case image-huge jatte.png BILD-05
# the good kinds build: 16-bit, interlaced, palette, gray, alpha, JPEG.
# Whole interlaced and 16-bit PNGs are valid images a user may well have:
# they are decoded here with libpng (Adam7 passes merged, samples reduced
# to 8 bits) and handed to libharu as pixels, so its own PNG reader, which
# double-frees on an interlaced file, never sees them; refusing them would
# only make the user convert the file by hand.
why=()
f=$img/image-good.xml
{
    head_xml
    for x in rgb.png rgba.png gra.png gra2.png palett.png 16bit.png interlacad.png foto.jpg gra.jpg; do
        printf '    <bild fil="%s" alt="Bild %s"/>\n' "$x" "$x"
    done
    printf '  </avsnitt>\n</rapport>\n'
} > "$f"
run build "$f" -o "$tmp/good.pdf"
[ "$rc" -eq 0 ] || why+=("build: exit $rc [$(head -c 300 "$tmp/stderr")]")
if grep -a -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/stderr"; then
    why+=("build: sanitizer report on stderr")
fi
[ -s "$tmp/good.pdf" ] || why+=("no PDF written")
rm -f "$tmp/good.pdf"
report image-good-kinds

finish
