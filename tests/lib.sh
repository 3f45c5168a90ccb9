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

# bench_ready: ends the script with the failed case "setup" unless the
# benchmark's report can be made (python3, ../shared/bench/gen_report.py,
# tests/bench/model2xml). bench_report DIR SECTIONS: that report of
# SECTIONS sections as DIR/rSECTIONS.xml (DIR/rSECTIONS.json beside it,
# the generator's messages in DIR/gen.err); fails as the generator does.
bench_gen=$root/../shared/bench/gen_report.py
bench_ready() {
    if ! command -v python3 > /dev/null 2>&1 || [ ! -f "$bench_gen" ] ||
        [ ! -x "$root/tests/bench/model2xml" ]; then
        bad setup "python3, ../shared/bench/gen_report.py and tests/bench/model2xml are needed"
        finish
    fi
}
bench_report() {
    python3 "$bench_gen" --sections "$2" --kind delarsrapport \
        --format json -o "$1/r$2.json" 2> "$1/gen.err" &&
        "$root/tests/bench/model2xml" < "$1/r$2.json" > "$1/r$2.xml"
}

# least_peak DIR CPU COMMAND...: runs COMMAND three times, each under a
# CPU limit of CPU seconds (no wall clock), its output dropped and its
# messages in DIR/stderr; sets kib (the least peak resident memory in
# KiB, GNU time's %M; empty when time gave none) and rc (the last exit
# status).
least_peak() {
    local dir=$1 lim=$2 i m
    shift 2
    kib=
    for i in 1 2 3; do
        (
            ulimit -t "$lim"
            /usr/bin/time -f '%M' -o "$dir/time" "$@" > /dev/null 2> "$dir/stderr"
        )
        rc=$?
        m=$(tail -n 1 "$dir/time")
        case $m in '' | *[!0-9]*) kib= && return ;; esac
        if [ -z "$kib" ] || [ "$m" -lt "$kib" ]; then kib=$m; fi
    done
}
