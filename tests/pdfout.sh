#!/usr/bin/env bash
# pdfout.sh: the pages' content streams as pdf_content.c tightens them
# (issue 25).
#
#   tests/pdfout.sh                              normal build
#   ARS=build/asan/arsrapport tests/pdfout.sh    ASan+UBSan build
#
# Real documents and examples of every kind of box (running text, tables
# with rules, a chart's paths, lists, a draft's problem page) are built and
# their content streams read back (qpdf --qdf, uncompressed):
#
#   nesting   text objects never nest; a marked-content sequence opened in
#             a text object closes in it, one opened outside closes
#             outside; no rule, path, image or graphics state operator
#             inside a text object; every stream ends with nothing open
#   joined    fewer text objects than marked-content sequences of text:
#             the sequences of a page share text objects
#   relative  positions of at most three decimals, most of them relative
#             to the line before (a move of less than 100 pt up or down)
#   spacing   a justified document gives its word spacing as Tw, and
#             poppler's text of it has no word run into the next
#
# There is no wall-clock limit: each build has a CPU limit (ulimit -t).
# Prints "ok NAME" or "FAIL NAME: why" per case and, last, "N passed, M
# failed"; exits 0 only when M is 0.
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for tool in python3 qpdf pdftotext; do
    command -v $tool > /dev/null 2>&1 || {
        bad setup "$tool is needed"
        finish
    }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cpu=60
[ "$asan" = 1 ] && cpu=240

check_streams() { # PDF: prints what is wrong, nothing when all is well
    qpdf --qdf --object-streams=disable "$1" "$tmp/q.pdf" 2> /dev/null
    [ $? -le 3 ] || { echo "qpdf cannot expand it"; return; }
    python3 - "$tmp/q.pdf" << 'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
streams = re.findall(rb'%% Contents for page (\d+)\n(?:%%[^\n]*\n)*\d+ 0 obj\n<<\n  /Length \d+ 0 R\n>>\nstream\n(.*?)endstream', data, re.S)
if not streams:
    print('no page content found'); sys.exit()
outside_only = {b're', b'f', b'f*', b'F', b'b', b'B', b'S', b's', b'n', b'm',
                b'l', b'c', b'v', b'y', b'h', b'W', b'W*', b'q', b'Q', b'cm',
                b'Do', b'BI', b'sh'}
bts = seqs = tds = rel = 0
bad = []
for page, s in streams:
    stack = []  # 'T' text object, 'M' sequence opened outside one, 'm' inside
    for line in s.split(b'\n'):
        if not line:
            continue
        op = line.rsplit(b' ', 1)[-1]
        if op == b'BT':
            if 'T' in stack:
                bad.append('page %s: nested BT' % page.decode()); break
            stack.append('T'); bts += 1
        elif op == b'ET':
            if not stack or stack[-1] != 'T':
                bad.append('page %s: ET closes %s' % (page.decode(), stack[-1:] or 'nothing')); break
            stack.pop()
        elif op in (b'BDC', b'BMC'):
            stack.append('m' if 'T' in stack else 'M')
            seqs += b'/MCID' in line and b'/Artifact' not in line
        elif op == b'EMC':
            if not stack or stack[-1] == 'T':
                bad.append('page %s: EMC inside a text object opened after its sequence' % page.decode()); break
            stack.pop()
        elif op == b'Td':
            nums = line.split()[:2]
            tds += 1
            rel += abs(float(nums[1])) < 100  # a line's move, not a page's y
            if any(b'.' in n and len(n.split(b'.')[1]) > 3 for n in nums):
                bad.append('page %s: %s' % (page.decode(), line.decode('latin1'))); break
        elif op in outside_only and 'T' in stack:
            bad.append('page %s: %s in a text object' % (page.decode(), op.decode())); break
    else:
        if stack:
            bad.append('page %s: %s left open' % (page.decode(), ''.join(stack)))
print('\n'.join(bad[:3]))
# the counts, for the callers' cases
open(sys.argv[1] + '.counts', 'w').write('%d %d %d %d\n' % (bts, seqs, tds, rel))
PY
}

docs="examples/grundlaggande.xml examples/tabell-lang.xml examples/diagram-linje.xml examples/listor.xml input/verksamhetsplan-2023-ostersund.xml"
for x in $docs; do
    base=$(basename "${x%.xml}")
    (ulimit -t $cpu; "$ARS" build --utkast "$root/$x" -o "$tmp/$base.pdf") > /dev/null 2> "$tmp/err"
    rc=$?
    if [ $rc -gt 1 ] || [ ! -s "$tmp/$base.pdf" ] || grep -q -E "AddressSanitizer|runtime error" "$tmp/err"; then
        bad "build:$base" "exit $rc $(grep -m1 -E 'ERROR|runtime error|fel' "$tmp/err")"
        continue
    fi
    why=$(check_streams "$tmp/$base.pdf")
    if [ -z "$why" ]; then ok "nesting:$base"; else bad "nesting:$base" "$why"; fi
    read -r bts seqs tds rel < "$tmp/q.pdf.counts" 2> /dev/null || bts=
    if [ -z "$bts" ]; then
        bad "joined:$base" "no counts"
        continue
    fi
    if [ "$bts" -lt "$seqs" ]; then ok "joined:$base"
    else bad "joined:$base" "$bts text objects for $seqs sequences"; fi
    if [ $((2 * rel)) -gt "$tds" ]; then ok "relative:$base"
    else bad "relative:$base" "$rel of $tds positions relative"; fi
    cp "$tmp/q.pdf" "$tmp/$base.q.pdf"
done

# word spacing: the justified paragraphs of a real report
base=verksamhetsplan-2023-ostersund
if [ -s "$tmp/$base.q.pdf" ]; then
    ntw=$(grep -a -c ' Tw$' "$tmp/$base.q.pdf")
    # a word run into the next shows as a word of two known words joined:
    # every line poppler reads must hold as many words as the source's
    # text has in it (no two words glued)
    pdftotext -enc UTF-8 "$tmp/$base.pdf" "$tmp/t.txt" 2> /dev/null
    glued=$(python3 - "$root/input/$base.xml" "$tmp/t.txt" << 'PY'
import re, sys
src = open(sys.argv[1], encoding='utf-8').read()
words = set(re.findall(r'\w+', re.sub(r'<[^>]*>', ' ', src)))
text = open(sys.argv[2], encoding='utf-8').read()
# (a suspended compound, "medborgar- och", reads joined at a line's end
# in poppler as it did before)
bad = [w for w in re.findall(r'\w+', text) if w not in words and len(w) > 6
       and any(w[:k] in words and w[k:] in words and w[:k] + '-' not in src
               for k in range(3, len(w) - 2))]
print(len(bad), ' '.join(bad[:3]))
PY
)
    if [ "$ntw" -gt 10 ] && [ "${glued%% *}" = 0 ]; then ok "word-spacing:$base"
    else bad "word-spacing:$base" "$ntw Tw, glued words: $glued"; fi
else
    bad "word-spacing:$base" "not built"
fi
finish
