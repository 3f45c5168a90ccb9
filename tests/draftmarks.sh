#!/usr/bin/env bash
# draftmarks.sh: a draft's problems on the pages (issue 26, part 6).
#
#   tests/draftmarks.sh                              normal build
#   ARS=build/asan/arsrapport tests/draftmarks.sh    ASan+UBSan build
#
# A delårsrapport is generated here (tests/draftmarks.py gen) with
# problems on known lines, each in a block that starts with a word of its
# own, the blocks on pages of their own (sidbrytning), long enough for a
# contents page, which moves the body down after it is laid out; a table
# continues on a second page, where its total has a wrong sum. The
# cases:
#
#   list     the problem list of `build --utkast` (pdftotext) gives for
#            each problem of `check` on a known line the printed page
#            ("s. N") whose footer is "Sida N av" and whose text holds
#            the block's own word; a problem of the whole document (a
#            missing section, at the root) and one in the metadata say
#            "ingen sida"
#   links    the link annotations of the problem pages (qpdf --json), in
#            order, go to those pages, at the block's first line (the
#            /XYZ top within a line above the block's word,
#            pdftotext -bbox), and have /Contents
#   marks    each such page carries the problem's rule id in the outer
#            margin (right of the text block) beside the block's first
#            line; in dump-layout the marks are artifacts (no tag); an
#            empty section's problem is at its heading
#   tagged   tests/uacheck.py passes the draft (every Link with its OBJR
#            and /Contents; pikepdf; skipped without it)
#   english  a document in English says "p. N"
#   none     without --utkast (a document with warnings only) no mark, no
#            destination and no problem link
#   web      `build --utkast --webb`: each problem at a block links to
#            "#ar:mark-K", the element with that id is in front of the
#            block's own word (a table row's problem: the table's) and
#            shows the rule id; problems of the whole document link
#            nowhere
#
# No wall-clock limits: each run has a CPU limit (ulimit -t,
# DRAFTMARKS_CPU CPU seconds, default 120). Prints "ok NAME" or "FAIL
# NAME: why" per case and, last, "N passed, M failed"; exits 0 only when
# M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=86}
CPU=${DRAFTMARKS_CPU:-120}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run OUT ARGS...: the program under a CPU limit; stderr to OUT, the exit
# status in $rc
run() {
    local out=$1
    shift
    (ulimit -t "$CPU"; "$ARS" "$@") > /dev/null 2> "$out"
    rc=$?
}

"$PY" "$here/draftmarks.py" gen "$tmp" || {
    bad setup "draftmarks.py gen failed"
    finish
}

# --- the draft: list, links, marks -------------------------------------------
run "$tmp/check.err" check "$tmp/utkast.xml"
if [ "$rc" != 1 ]; then bad check "exit $rc: $(head -c 300 "$tmp/check.err")"; fi
run "$tmp/build.err" build --utkast --webb "$tmp/utkast.xml" -o "$tmp/utkast.pdf"
if [ "$rc" != 1 ] || [ ! -s "$tmp/utkast.pdf" ] || [ ! -s "$tmp/utkast.html" ]; then
    bad build "exit $rc: $(head -c 300 "$tmp/build.err")"
    finish
fi
(ulimit -t "$CPU"; "$ARS" dump-layout --utkast "$tmp/utkast.xml") > "$tmp/utkast.layout" 2> /dev/null
for c in list links marks web; do
    why=$("$PY" "$here/draftmarks.py" "$c" "$tmp" utkast 2>&1)
    if [ $? = 0 ]; then ok "$c ($why)"; else bad "$c" "$(printf '%s' "$why" | head -n 4)"; fi
done

# --- PDF/UA: the links tagged, the marks artifacts -----------------------------
if "$PY" -c 'import pikepdf' 2> /dev/null; then
    why=$("$PY" "$here/uacheck.py" "$tmp/utkast.pdf" 2>&1)
    if [ -z "$why" ]; then ok tagged; else bad tagged "$(printf '%s' "$why" | head -n 3)"; fi
else
    echo "skip tagged: no pikepdf"
fi

# --- English: "p. N" -------------------------------------------------------------
run "$tmp/en.err" build --utkast "$tmp/english.xml" -o "$tmp/english.pdf"
why=$("$PY" "$here/draftmarks.py" english "$tmp" english 2>&1)
e=$?
if [ "$rc" -le 1 ] && [ $e = 0 ]; then ok "english ($why)"; else bad english "exit $rc: $why"; fi

# --- not a draft: nothing of it ----------------------------------------------------
run "$tmp/none.err" build "$tmp/varningar.xml" -o "$tmp/varningar.pdf"
if [ "$rc" = 0 ] && [ -s "$tmp/varningar.pdf" ]; then
    (ulimit -t "$CPU"; "$ARS" dump-layout "$tmp/varningar.xml") > "$tmp/varningar.layout" 2> /dev/null
    run "$tmp/none2.err" build --utkast "$tmp/varningar.xml" -o "$tmp/varningar-utkast.pdf"
    why=$("$PY" "$here/draftmarks.py" none "$tmp" varningar 2>&1)
    if [ $? = 0 ]; then ok "none ($why)"; else bad none "$why"; fi
else
    bad none "exit $rc: $(head -c 300 "$tmp/none.err")"
fi

finish
