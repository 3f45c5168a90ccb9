#!/usr/bin/env bash
# pdfsave.sh: the end of the PDF stage without the file in memory (issue
# 25). The pages' compressed contents wait in a spill file and the saved
# file in a temporary file in $TMPDIR; the finished file is written
# straight to a temporary file beside the output and renamed into place.
#
#   tests/pdfsave.sh                              normal build
#   ARS=build/asan/arsrapport tests/pdfsave.sh    ASan+UBSan build
#
#   same-bytes-*     a real document (39 pages, with images and tables)
#                    built with its temporary files in $TMPDIR and with
#                    no usable $TMPDIR (everything in memory) gives the same
#                    bytes, as PDF/A-2a and as PDF/A-1b (the classic file)
#   no-leftovers     after a build nothing is left in $TMPDIR nor beside
#                    the output but the PDF
#   stdout-*         -o /dev/stdout, a pipe or a file, gives the same bytes
#   tmp-full-*       $TMPDIR on a "full disk" (ulimit -f, SIGXFSZ ignored):
#                    exit 2, PDF-07 naming the output and $TMPDIR in
#                    Swedish or English, an earlier PDF untouched, no
#                    temporary file left
#
# There is no wall-clock limit: each build has a CPU limit (ulimit -t).
# Prints "ok NAME" or "FAIL NAME: why" per case and, last, "N passed, M
# failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v qpdf > /dev/null 2>&1 || {
    bad setup "qpdf is needed"
    finish
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cpu=60
[ "$asan" = 1 ] && cpu=240
export SOURCE_DATE_EPOCH=1700000000
doc=$root/input/kvalitetsredovisning-2014-ostersund.xml

# build TMPDIR OUT [ARGS..]: exit status in rc, stderr in $tmp/stderr
build() {
    local t=$1 out=$2
    shift 2
    rc=0
    (
        ulimit -t $cpu
        TMPDIR=$t exec "$ARS" build "$doc" -o "$out" "$@"
    ) > /dev/null 2> "$tmp/stderr" || rc=$?
}

mkdir -p "$tmp/t" "$tmp/out"
for conf in 2a 1b; do
    why=()
    build "$tmp/t" "$tmp/out/a.pdf" --pdfa $conf
    [ "$rc" -eq 0 ] || why+=("exit $rc with temporary files")
    build "$tmp/finns-inte" "$tmp/out/b.pdf" --pdfa $conf
    [ "$rc" -eq 0 ] || why+=("exit $rc without \$TMPDIR")
    cmp -s "$tmp/out/a.pdf" "$tmp/out/b.pdf" ||
        why+=("the bytes differ ($(stat -c %s "$tmp/out/a.pdf") and $(stat -c %s "$tmp/out/b.pdf") bytes)")
    qpdf --check "$tmp/out/a.pdf" > /dev/null 2>&1 || why+=("qpdf --check fails")
    if [ ${#why[@]} -eq 0 ]; then ok "same-bytes-$conf"; else bad "same-bytes-$conf" "${why[*]}"; fi
    [ $conf = 2a ] && cp "$tmp/out/a.pdf" "$tmp/ref.pdf"
done

rm -f "$tmp/out/"*
build "$tmp/t" "$tmp/out/c.pdf"
left=$(ls -A "$tmp/t" "$tmp/out" | grep -v -e '^c\.pdf$' -e '^/' -e '^$' -e ':$')
if [ "$rc" -eq 0 ] && [ -z "$left" ] && [ -s "$tmp/out/c.pdf" ]; then
    ok no-leftovers
else
    bad no-leftovers "exit $rc, left: $left"
fi

# -o /dev/stdout to a pipe and to a file (the name in /dev is written
# through, never renamed over)
for how in pipe file; do
    rc=0
    if [ $how = pipe ]; then
        (
            ulimit -t $cpu
            TMPDIR=$tmp/t exec "$ARS" build "$doc" -o /dev/stdout
        ) 2> "$tmp/stderr" | cat > "$tmp/stdout.pdf" || rc=$?
    elif [ -L /dev/stdout ]; then
        (
            ulimit -t $cpu
            TMPDIR=$tmp/t exec "$ARS" build "$doc" -o /dev/stdout
        ) > "$tmp/stdout.pdf" 2> "$tmp/stderr" || rc=$?
        [ -L /dev/stdout ] || rc="/dev/stdout replaced"
    else
        ok "stdout-$how (skipped: /dev/stdout is no link here)"
        continue
    fi
    # the closing line follows the PDF on the standard output
    size=$(stat -c %s "$tmp/ref.pdf")
    if [ "$rc" = 0 ] && cmp -s -n "$size" "$tmp/stdout.pdf" "$tmp/ref.pdf"; then
        ok "stdout-$how"
    else
        bad "stdout-$how" "exit $rc, $(stat -c %s "$tmp/stdout.pdf") bytes, not those of the file"
    fi
done

# a "full disk": no file may grow past 64 KiB
for lang in sv en; do
    why=()
    printf '%%PDF-1.4\n%% tidigare\n' > "$tmp/out/d.pdf"
    cp "$tmp/out/d.pdf" "$tmp/keep.pdf"
    rc=0
    (
        trap '' XFSZ
        ulimit -t $cpu
        ulimit -f 64
        TMPDIR=$tmp/t exec "$ARS" build "$doc" -o "$tmp/out/d.pdf" --lang $lang
    ) > /dev/null 2> "$tmp/stderr" || rc=$?
    [ "$rc" -eq 2 ] || why+=("exit $rc, expected 2")
    grep -a -q -F "$tmp/out/d.pdf" "$tmp/stderr" || why+=("stderr does not name the output")
    grep -a -q -F "[PDF-07]" "$tmp/stderr" || why+=("no PDF-07")
    grep -a -q -F "$tmp/t" "$tmp/stderr" || why+=("stderr does not name \$TMPDIR")
    if [ $lang = sv ]; then
        grep -a -q 'tillfällig fil.*kunde inte skrivas: filen blev större' "$tmp/stderr" || why+=("no Swedish message")
    else
        grep -a -q 'temporary file.*could not be written: the file grew larger' "$tmp/stderr" || why+=("no English message")
    fi
    grep -a -q 'ERROR: AddressSanitizer\|runtime error:' "$tmp/stderr" && why+=("sanitizer report")
    cmp -s "$tmp/out/d.pdf" "$tmp/keep.pdf" || why+=("the earlier PDF was changed")
    left=$(ls -A "$tmp/t" "$tmp/out" | grep -v -e '^d\.pdf$' -e '^c\.pdf$' -e '^/' -e '^$' -e ':$')
    [ -z "$left" ] || why+=("left: $left")
    if [ ${#why[@]} -eq 0 ]; then ok "tmp-full-$lang"; else bad "tmp-full-$lang" "${why[*]} [$(head -c 300 "$tmp/stderr")]"; fi
done

finish
