#!/usr/bin/env bash
# update_golden.sh: rewrites the expected outputs of tests/golden from the
# current build. Review the diff (git diff tests/golden) before committing.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export ARSRAPPORT_HOME="$root"
# kinds used only by the tests (tests/templates/prov, ...)
export ARSRAPPORT_MALLAR="$root/tests/templates"
for x in tests/golden/*.xml; do
    name=${x%.xml}
    case $(basename "$name") in
    ok-*)
        build/arsrapport dump-model "$x" > "$name.model"
        build/arsrapport dump-layout --stub-fonts "$x" > "$name.layout"
        ;;
    esac
    set +e
    build/arsrapport check "$x" > /dev/null 2> "$name.diag"
    echo "exit $?" >> "$name.diag"
    set -e
done
