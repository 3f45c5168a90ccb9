#!/usr/bin/env bash
# update_golden.sh: rewrites the expected outputs of tests/golden from the
# current build (all of them, or the .xml files named as arguments); the
# English (.diag-en) and JSON (.json) outputs where those files exist. Review the diff (git diff tests/golden) before committing.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# the build folder (make BUILD=...)
B=${BUILD:-build}
export ARSRAPPORT_HOME="$root"
# kinds used only by the tests (tests/templates/prov, ...)
export ARSRAPPORT_MALLAR="$root/tests/templates"
if [ $# -gt 0 ]; then files=("$@"); else files=(tests/golden/*.xml); fi
for x in "${files[@]}"; do
    name=${x%.xml}
    case $(basename "$name") in
    ok-*)
        $B/arsrapport dump-model "$x" > "$name.model" 2> /dev/null
        $B/arsrapport dump-resolved "$x" > "$name.resolved" 2> /dev/null
        $B/arsrapport dump-layout --stub-fonts "$x" > "$name.layout" 2> /dev/null
        ;;
    esac
    set +e
    $B/arsrapport check "$x" > /dev/null 2> "$name.diag"
    echo "exit $?" >> "$name.diag"
    # English and JSON for the files that have them
    if [ -f "$name.diag-en" ]; then
        $B/arsrapport check --lang en "$x" > /dev/null 2> "$name.diag-en"
        echo "exit $?" >> "$name.diag-en"
    fi
    if [ -f "$name.json" ]; then
        $B/arsrapport check --format json "$x" > "$name.json" 2> /dev/null
        echo "exit $?" >> "$name.json"
    fi
    set -e
done
# the findings on the real documents (all of them, when no files are named)
if [ $# -eq 0 ]; then
    for x in input/*.xml; do
        base=$(basename "${x%.xml}")
        set +e
        $B/arsrapport check "$x" > /dev/null 2> "tests/input/$base.diag"
        echo "exit $?" >> "tests/input/$base.diag"
        set -e
    done
fi
# the pinned diagnostics of the example gallery: examples/**/NAME.diag and
# NAME.diag-en, from the example's <?arsrapport-test check ...?> line
if [ $# -eq 0 ]; then
    for x in $(find examples -name '*.xml' | sort); do
        sed -n 's/^<?arsrapport-test check \(.*\)?>$/\1/p' "$x" | while IFS= read -r args; do
            pin="${x%.xml}.diag"
            case " $args " in *" --lang en "*) pin="$pin-en" ;; esac
            set +e
            # shellcheck disable=SC2086 # the options are words
            $B/arsrapport check $args > /dev/null 2> "$pin"
            echo "exit $?" >> "$pin"
            set -e
        done
    done
fi
