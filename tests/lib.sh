# lib.sh: what every test script of tests/ starts with (sourced, after
# `set -u`): where the tree is, the counters and the summary line, and the
# program under test.
#
#   here, root   tests/ and the tree above it
#   ok NAME, bad NAME WHY   one line per case, counted
#   finish       prints "N passed, M failed" and exits (0 only when M is 0)
#   ARS          the program (ARS=build/asan/arsrapport for the sanitizer
#                build), made absolute; a missing one is the failed case
#                "setup" and the script ends
#   asan         1 when ARS is the sanitizer build
#
# ARSRAPPORT_HOME and ARSRAPPORT_MALLAR point into the tree (the test-only
# kinds of tests/templates) unless the caller set them.

here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
root=$(cd "$here/.." && pwd)

passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

export ARSRAPPORT_MALLAR=${ARSRAPPORT_MALLAR:-$root/tests/templates}
export ARSRAPPORT_HOME=${ARSRAPPORT_HOME:-$root}

ARS=${ARS:-build/arsrapport}
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
asan=0
case $ARS in */asan/*) asan=1 ;; esac
