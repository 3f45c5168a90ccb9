#!/usr/bin/env bash
# web2.sh: the schema check beside the rest of the job (issue 20, the
# web edition's speed): `check` and `build` build the model while the
# parse pushes each element to libxml2's streaming RelaxNG check (issue
# 25; a thread over libxml2's whole tree before), and run a document
# again the sequential way when the check has anything to say; the dumps
# always run sequentially.
#
#   tests/web2.sh                              normal build
#   ARS=build/asan/arsrapport tests/web2.sh    ASan+UBSan build
#
# Cases, each "ok NAME" or "FAIL NAME: why":
#
#   same-diag:NAME  every document in input/, examples/ and tests/golden/
#                   (valid, with warnings, with errors, schema-invalid, not
#                   well-formed): `check` (the early check) prints exactly
#                   what `dump-model` (sequential) prints, with the same
#                   exit status
#   invalid-build   a schema-invalid document built as a draft web edition:
#                   exit 1, the schema's message at its line, no page
#   mutant:N        twelve documents of tests/golden made invalid (a fixed
#                   seed: an element removed, doubled, moved or emptied, an
#                   attribute given a wrong value): the provisional model
#                   of an invalid document goes through the checks, resolve
#                   and the web edition before the schema's verdict drops
#                   it; no crash, no sanitizer report, and `check` prints
#                   what `dump-model` prints
#   repeat          the largest document in input/ built to a web edition
#                   and a PDF five times: the same bytes each time (a race
#                   between the check and the model would lose nodes now and
#                   then); no sanitizer report
#
# No wall-clock limit; each run has a CPU limit (ulimit -t, WEB2_CPU,
# default 120 s). Last line: "N passed, M failed".
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ulimit -t "${WEB2_CPU:-120}"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000} # the PDFs compared byte for byte

sanitizer() { grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$1"; }

for x in input/*.xml examples/*.xml tests/golden/*.xml; do
    [ -f "$x" ] || continue
    name=$(basename "$x" .xml)
    "$ARS" check "$x" > /dev/null 2> "$tmp/early"
    echo "exit $?" >> "$tmp/early"
    "$ARS" dump-model "$x" > /dev/null 2> "$tmp/seq"
    echo "exit $?" >> "$tmp/seq"
    if sanitizer "$tmp/early" || sanitizer "$tmp/seq"; then
        bad "same-diag:$name" "sanitizer report"
    elif cmp -s "$tmp/early" "$tmp/seq"; then
        ok "same-diag:$name"
    else
        bad "same-diag:$name" "check and dump-model differ: $(diff "$tmp/seq" "$tmp/early" | head -3 | tr '\n' ' ')"
    fi
done

x=tests/golden/fel-schema.xml
"$ARS" build --utkast "$x" -o "$tmp/fel.html" > /dev/null 2> "$tmp/err"
st=$?
line=$(grep -m1 -o 'fel-schema.xml:[0-9]*:[0-9]*: fel: \[XML-05\]' "$tmp/err")
want=$(grep -m1 -o 'fel-schema.xml:[0-9]*:[0-9]*: fel: \[XML-05\]' tests/golden/fel-schema.diag)
if [ "$st" != 1 ]; then
    bad invalid-build "exit $st, not 1"
elif [ -z "$want" ] || [ "$line" != "$want" ]; then
    bad invalid-build "no '$want' in: $(head -2 "$tmp/err" | tr '\n' ' ')"
elif [ -e "$tmp/fel.html" ]; then
    bad invalid-build "a page was written"
else
    ok invalid-build
fi

# invalid variants of the golden documents (python3, a fixed seed)
mkdir -p "$tmp/mut"
if python3 - "$tmp/mut" tests/golden/ok-*.xml << 'PY'; then
import copy, random, sys
import xml.etree.ElementTree as ET
ET.register_namespace("", "urn:arsrapport:1")
rnd = random.Random(20)
out, docs = sys.argv[1], sys.argv[2:]
bad = ["", "x", "-1", "999999999", "nej", "belopp", "1.2.3"]
for k in range(12):
    tree = ET.parse(docs[k % len(docs)])
    root = tree.getroot()
    for _ in range(rnd.randint(1, 3)):
        parent = {c: p for p in root.iter() for c in p}
        e = rnd.choice([x for x in root.iter() if x is not root])
        p, op = parent[e], rnd.randint(0, 4)
        if op == 0:
            p.remove(e)
        elif op == 1:
            p.insert(list(p).index(e), copy.deepcopy(e))
        elif op == 2:
            q = rnd.choice([x for x in root.iter() if x not in e.iter()])
            p.remove(e)
            q.insert(rnd.randint(0, len(q)), e)
        elif op == 3:
            e.set(rnd.choice(list(e.attrib) or ["typ"]), rnd.choice(bad))
        else:
            for c in list(e):
                e.remove(c)
    tree.write(f"{out}/m{k:02d}.xml", encoding="utf-8", xml_declaration=True)
PY
    for x in "$tmp"/mut/m*.xml; do
        name=mutant:$(basename "$x" .xml)
        "$ARS" build --utkast "$x" -o "$tmp/mut.html" > /dev/null 2> "$tmp/b"
        sb=$?
        "$ARS" check "$x" > /dev/null 2> "$tmp/early"
        echo "exit $?" >> "$tmp/early"
        "$ARS" dump-model "$x" > /dev/null 2> "$tmp/seq"
        echo "exit $?" >> "$tmp/seq"
        if [ "$sb" -gt 2 ] || sanitizer "$tmp/b" || sanitizer "$tmp/early"; then
            bad "$name" "build exit $sb or a sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error' "$tmp/b" "$tmp/early")"
        elif ! cmp -s "$tmp/early" "$tmp/seq"; then
            bad "$name" "check and dump-model differ: $(diff "$tmp/seq" "$tmp/early" | head -3 | tr '\n' ' ')"
        else
            ok "$name"
        fi
    done
else
    bad mutants "python3 could not make the invalid variants"
fi

big=$(ls -S input/*.xml | head -n 1)
why=
for i in 1 2 3 4 5; do
    "$ARS" build --utkast "$big" -o "$tmp/r$i.html" > /dev/null 2> "$tmp/e$i"
    "$ARS" build --utkast "$big" -o "$tmp/r$i.pdf" > /dev/null 2>> "$tmp/e$i"
    if sanitizer "$tmp/e$i"; then why="sanitizer report in run $i"; break; fi
    if [ ! -s "$tmp/r$i.html" ] || [ ! -s "$tmp/r$i.pdf" ]; then why="run $i wrote no page or PDF"; break; fi
    if [ "$i" -gt 1 ]; then
        cmp -s "$tmp/r1.html" "$tmp/r$i.html" || { why="web edition of run $i differs"; break; }
        cmp -s "$tmp/r1.pdf" "$tmp/r$i.pdf" || { why="PDF of run $i differs"; break; }
        cmp -s "$tmp/e1" "$tmp/e$i" || { why="messages of run $i differ"; break; }
    fi
done
if [ -z "$why" ]; then ok "repeat:$(basename "$big" .xml)"; else bad "repeat:$(basename "$big" .xml)" "$why"; fi

finish
