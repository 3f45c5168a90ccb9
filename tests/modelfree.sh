#!/usr/bin/env bash
# modelfree.sh: the document model freed before the PDF is saved (issue
# 25). A build that writes no web edition frees the model and the resolved
# text between the end of layout and the save (src/engine/engine.c); what
# the save still writes must then come from copies: the document info and
# XMP (title, author, subject, keywords), the links' addresses, the
# outline's titles and the figures' and charts' alternative texts.
#
#   tests/modelfree.sh                              normal build
#   ARS=build/asan/arsrapport tests/modelfree.sh    ASan+UBSan build
#
# Each example with images, charts or links is built as a draft, and also
# with the web edition beside it (which keeps the model to the end). Every
# value the PDF must hold is read from the example's XML (python3), and
# found in the PDF as qpdf shows it uncompressed: a value read from freed
# memory is garbage in the normal build and a heap-use-after-free in the
# sanitizer build. The PDF without the web edition must be the same bytes
# as the one with it (SOURCE_DATE_EPOCH). No wall-clock limit: a CPU limit
# (ulimit -t) with room for the sanitizer build.
#
# Prints "ok NAME" or "FAIL NAME: why" per case and, last, "N passed, M
# failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for tool in python3 qpdf; do
    command -v $tool > /dev/null 2>&1 || {
        bad setup "$tool is needed"
        finish
    }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# check.py PDF XML: every value the XML gives is in the PDF; prints what is
# missing, one line each, and exits 1 when anything is
cat > "$tmp/check.py" << 'EOF'
import re, subprocess, sys
import xml.etree.ElementTree as ET

pdf, src = sys.argv[1], sys.argv[2]
raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                     capture_output=True, check=True).stdout

def strings(key):
    out = []
    for m in re.finditer(rb"/" + key + rb"\s*(<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\))", raw):
        s = m.group(1)
        if s.startswith(b"<"):
            b = bytes.fromhex(s[1:-1].decode())
            out.append(b[2:].decode("utf-16-be") if b[:2] == b"\xfe\xff"
                       else b.decode("latin-1"))
        else:
            out.append(re.sub(rb"\\(.)", rb"\1", s[1:-1]).decode("latin-1"))
    return out

def text(e):
    return " ".join("".join(e.itertext()).split()) if e is not None else None

root = ET.parse(src).getroot()
missing = []
alts, uris, titles = strings(b"Alt"), strings(b"URI"), strings(b"Title")
for e in root.iter():
    a = e.get("alt")
    if a and " ".join(a.split()) not in [" ".join(x.split()) for x in alts]:
        missing.append("alt text %r" % a[:40])
    h = e.get("href")
    if e.tag == "lank" and h and h not in uris:
        missing.append("link %r" % h)
meta = root.find("metadata")
t = text(meta.find("titel")) if meta is not None else None
if t and t not in titles:
    missing.append("title %r" % t)
for who in ("namnd", "organisation"):
    w = text(meta.find(who)) if meta is not None else None
    if w:
        if w not in strings(b"Author"):
            missing.append("author %r" % w)
        break
for sec in root.findall("avsnitt"):
    h = text(sec.find("rubrik"))
    if h and not any(x.endswith(h) for x in titles):
        missing.append("outline title %r" % h)
for m in missing:
    print(m)
sys.exit(1 if missing else 0)
EOF

for x in examples/bild.xml examples/diagram-stapel.xml \
    examples/diagram-linje.xml examples/hanvisningar.xml; do
    name=$(basename "${x%.xml}")
    out=$tmp/$name
    mkdir -p "$out/web"
    (
        ulimit -t 120
        "$ARS" build --utkast "$root/$x" -o "$out/a.pdf" > /dev/null 2> "$out/a.err"
    )
    rc=$?
    (
        ulimit -t 120
        "$ARS" build --utkast --webb "$root/$x" -o "$out/web/a.pdf" > /dev/null 2> "$out/b.err"
    )
    rcw=$?
    if [ $rc -gt 1 ] || [ ! -s "$out/a.pdf" ]; then
        bad "$name" "no PDF (exit $rc): $(head -n 1 "$out/a.err")"
    elif grep -q "ERROR: \|runtime error" "$out/a.err" "$out/b.err"; then
        bad "$name" "sanitizer: $(grep -m1 "ERROR: \|runtime error" "$out/a.err" "$out/b.err")"
    elif ! why=$(python3 "$tmp/check.py" "$out/a.pdf" "$root/$x" 2>&1); then
        bad "$name" "missing from the PDF: $(echo "$why" | head -n 3 | tr '\n' ';')"
    elif [ $rcw -ne $rc ] || [ ! -s "$out/web/a.html" ]; then
        bad "$name" "with the web edition: exit $rcw, or no web edition"
    elif ! cmp -s "$out/a.pdf" "$out/web/a.pdf"; then
        bad "$name" "the PDF differs when the web edition keeps the model"
    else
        ok "$name"
    fi
done
finish
