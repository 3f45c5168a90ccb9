#!/bin/sh
# gen_man.sh: the manual page arsrapport(1), made from the program's own
# --help and a written page (man/LANG/arsrapport.1.in), as help2man does.
#
#   man/gen_man.sh PROGRAM sv|en TEMPLATE VERSION > arsrapport.1
#
# The template is roff with four marks the help fills in, each alone on a
# line: @NAME@ (the help's first line: "arsrapport \- what it does"),
# @USAGE@ (each command of "Användning:"/"Usage:" as a .TP item), @OPTIONS@
# (each option of "Flaggor:"/"Options:" as a .TP item) and @TAIL@ (the
# help's closing paragraph: exit status and the form of the diagnostics).
# @VERSION@ and @DATE@ may stand anywhere. The date is the source's last
# commit (SOURCE_DATE_EPOCH when set), so that a page is the same each time
# it is made from the same tree.
set -eu
prog=$1 lang=$2 template=$3 version=$4
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
else
    date=$(git -C "$(dirname "$template")" log -1 --format=%cs 2>/dev/null || true)
    [ -n "$date" ] || date=$(date -u +%Y-%m-%d)
fi
help=$(mktemp)
trap 'rm -f "$help"' EXIT
"$prog" --lang "$lang" --help > "$help"

awk -v helpfile="$help" -v version="$version" -v date="$date" '
# roff text: backslashes escaped, a leading dot or quote made harmless,
# hyphens in options and file names kept as minus signs (\-) so that they
# can be copied from the page
function esc(s) {
    gsub(/\\/, "\\e", s)
    gsub(/-/, "\\-", s)
    if (s ~ /^[.\047]/) s = "\\&" s
    return s
}
function flush_item() {
    if (term != "") {
        out[part] = out[part] ".TP\n.B " esc(term) "\n" esc(desc) "\n"
    }
    term = ""; desc = ""
}
BEGIN {
    # the texts of the options start in one column: where their continuation
    # lines start (an option as wide as its column leaves one space only)
    n = 0; part = "none"; col = 0
    while ((getline line < helpfile) > 0) {
        lines[++n] = line
        if (line ~ /^(Flaggor|Options):$/) part = "options"
        else if (line == "") part = "none"
        else if (part == "options" && match(line, /^   +/) && (col == 0 || RLENGTH < col))
            col = RLENGTH
    }
    part = "none"
    for (i = 1; i <= n; i++) {
        line = lines[i]
        if (!got_name) {
            sub(/^arsrapport: */, "", line)
            out["name"] = "arsrapport \\- " esc(line) "\n"
            got_name = 1
            continue
        }
        if (line == "") { flush_item(); if (part == "options") part = "tail"; continue }
        if (line ~ /^(Användning|Usage):$/) { part = "usage"; continue }
        if (line ~ /^(Flaggor|Options):$/) { part = "options"; continue }
        if (part == "usage") {
            if (line ~ /^  [^ ]/) { flush_item(); term = substr(line, 3) }
            else {
                sub(/^ +/, "", line)
                # a synopsis too long for one line goes on with its [options]
                if (desc == "" && line ~ /^[[-]/) term = term " " line
                else desc = desc (desc == "" ? "" : " ") line
            }
        } else if (part == "options") {
            if (line ~ /^  [^ ]/) {
                flush_item()
                rest = substr(line, 3)
                # the option and its text: the text starts in column col,
                # else after two spaces or more
                if (col > 2 && length(line) > col && substr(line, col, 1) == " " &&
                    substr(line, col + 1, 1) != " ") {
                    term = substr(line, 3, col - 2)
                    sub(/ +$/, "", term)
                    desc = substr(line, col + 1)
                } else if (match(rest, /  +/)) {
                    term = substr(rest, 1, RSTART - 1)
                    desc = substr(rest, RSTART + RLENGTH)
                } else { term = rest; desc = "" }
            } else { sub(/^ +/, "", line); desc = desc (desc == "" ? "" : " ") line }
        } else if (part == "tail") {
            # the section heading says it already
            if (out["tail"] == "") sub(/^(Slutstatus|Exit status): */, "", line)
            out["tail"] = out["tail"] esc(line) "\n"
        }
    }
    flush_item()
}
{
    gsub(/@VERSION@/, version); gsub(/@DATE@/, date)
    if ($0 == "@NAME@") printf "%s", out["name"]
    else if ($0 == "@USAGE@") printf "%s", out["usage"]
    else if ($0 == "@OPTIONS@") printf "%s", out["options"]
    else if ($0 == "@TAIL@") printf "%s", out["tail"]
    else print
}' "$template"
