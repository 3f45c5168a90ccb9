#!/usr/bin/env bash
# install.sh: the program installed like any Debian tool (issue 27).
#
#   tests/install.sh                              normal build
#   ARS=build/asan/arsrapport tests/install.sh    ASan+UBSan build
#
# Every file is made here, in a temporary directory removed on exit; the
# machine's own /usr is never written (no root-only global install):
#
#   install   `make install DESTDIR=D PREFIX=/usr/local INSTALL_PROGRAM=$ARS`
#             puts the program, every file of templates/ and fonts/fonts.txt,
#             both manual pages and the bash completion in place; then only
#             the installed tree is copied elsewhere and, with the source
#             tree hidden (a private mount namespace lays an empty tmpfs over
#             it when the machine allows; else it is merely out of the
#             program's search path), ARSRAPPORT_HOME and ARSRAPPORT_MALLAR
#             unset, from another working directory, the copy builds a
#             document of input/ and `new delarsrapport` + `build --utkast`;
#             a lone copy of the program says INST-01 and exits 2;
#             `make uninstall` leaves no file behind
#   version   --version names libxml2, utf8proc, PCRE2, libharu, HarfBuzz,
#             fontconfig, libpng, zlib, libdeflate, libcurl and json-c with the versions
#             Debian's packages have
#   manual    man renders both pages with no groff warning (Swedish by
#             default, English with LANG=en), each option of --help is in
#             them, and the written sections are there
#   complete  bash completion (bash-completion's own functions) of commands,
#             options, option values, document kinds and .xml files; every
#             option of --help is known to it
#   deb       `make deb` with the program: dpkg-deb -c (the file list, all
#             root-owned, nothing outside /usr), -I (name, version,
#             architecture, Depends holding the package of every library the
#             program links against, found independently with ldd and dpkg
#             -S, and the fonts', hyphenation and colour profile packages),
#             the md5sums, the unpacked program run from where dpkg-deb put
#             it; with the ASan build a second make deb gives the same file;
#             with the normal build lintian finds no error (it judges a
#             package for Debian, not an ASan test build)
#
# Prints "ok NAME" or "FAIL NAME: why" per case and, last, "N passed, M
# failed"; exits 0 only when M is 0. No wall-clock limits: each program run
# has a CPU limit (ulimit -t; INSTALL_CPU, default 120 s).
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
B=${BUILD:-build}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}
CPU=${INSTALL_CPU:-120}
for tool in make dpkg-deb dpkg-shlibdeps man strip; do
    command -v $tool > /dev/null 2>&1 || {
        bad setup "$tool is missing (make deps installs it)"
        finish
    }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/arsrapport-install.XXXXXX") || {
    bad setup "mktemp -d failed"
    finish
}
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# make in the source tree, outside any make that runs this script (its
# jobserver is not ours)
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$root" --no-print-directory BUILD="$B" "$@"; }
# the program's options, as its --help lists them
help_options() { # [LANG]
    "$ARS" --lang "${1:-sv}" --help | sed -n 's/^  \(-[^ ]*\(, -[^ ]*\)*\).*/\1/p' | tr ',' '\n' |
        sed 's/^ *//; s/ .*//' | grep '^-' | sort -u
}

# --- install -------------------------------------------------------------------
dest=$tmp/dest
if mk install DESTDIR="$dest" PREFIX=/usr/local INSTALL_PROGRAM="$ARS" > "$tmp/make.out" 2>&1; then
    ok install:make
else
    bad install:make "$(tail -n 3 "$tmp/make.out")"
    finish
fi
# quiet: one short line per step ("  INSTALL /usr/local/bin/arsrapport",
# "  CC      src/..." when something had to be built), no command lines
loud=$(grep -v '^  [A-Z][A-Z ]* [^ ]' "$tmp/make.out" | head -n 2)
if [ -z "$loud" ] && grep -q '^  INSTALL ' "$tmp/make.out"; then
    ok install:quiet
else
    bad install:quiet "$loud"
fi
if mk V=1 install DESTDIR="$tmp/dest-v1" PREFIX=/usr/local INSTALL_PROGRAM="$ARS" 2>&1 |
    grep -q "^install -m 755 $ARS $tmp/dest-v1/usr/local/bin/arsrapport\$"; then
    ok install:V=1-commands
else
    bad install:V=1-commands "make V=1 install did not show the install command"
fi
rm -rf "$tmp/dest-v1"
pre=$dest/usr/local
missing=
for f in bin/arsrapport share/man/man1/arsrapport.1 share/man/en/man1/arsrapport.1 \
    share/bash-completion/completions/arsrapport share/arsrapport/fonts/fonts.txt; do
    [ -s "$pre/$f" ] || missing="$missing $f"
done
# every file of templates/ (the program reads templates/**)
while IFS= read -r f; do
    cmp -s "$root/$f" "$pre/share/arsrapport/$f" || missing="$missing $f"
done < <(cd "$root" && find templates -type f ! -name '*~' ! -name '.*')
if [ -z "$missing" ] && [ -x "$pre/bin/arsrapport" ]; then
    ok install:files
else
    bad install:files "missing or different:$missing"
fi
extra=$(cd "$pre/share/arsrapport" && find . -type f | sed 's,^\./,,' | while read -r f; do
    [ -f "$root/$f" ] || echo "$f"
done)
if [ -z "$extra" ]; then ok install:nothing-else; else bad install:nothing-else "$extra"; fi

# only the installed tree, elsewhere; the source tree out of reach
moved=$tmp/elsewhere/opt/arsrapport
mkdir -p "$moved" "$tmp/work" "$tmp/docs"
cp -a "$pre/." "$moved/"
doc=verksamhetsplan-2022-ostersund.xml
cp "$root/input/$doc" "$tmp/docs/"
cat > "$tmp/run.sh" << EOF
#!/bin/sh
# run in $tmp/work with the source tree hidden when possible
ulimit -t $CPU
cd "$tmp/work" || exit 99
unset ARSRAPPORT_HOME ARSRAPPORT_MALLAR ARSRAPPORT_FONTS
exec "$moved/bin/arsrapport" "\$@"
EOF
chmod +x "$tmp/run.sh"
hidden=no
if unshare -m sh -c "mount -t tmpfs none '$root' && [ ! -e '$root/templates' ]" 2> /dev/null; then
    hidden=yes
fi
run_moved() {
    if [ $hidden = yes ]; then
        unshare -m sh -c "mount -t tmpfs none '$root' && exec '$tmp/run.sh' \"\$@\"" sh "$@"
    else
        "$tmp/run.sh" "$@"
    fi
}
run_moved build "$tmp/docs/$doc" -o "$tmp/work/vp.pdf" > "$tmp/o" 2> "$tmp/e"
rc=$?
if [ $rc = 0 ] && [ -s "$tmp/work/vp.pdf" ] && head -c 5 "$tmp/work/vp.pdf" | grep -q '%PDF-' &&
    ! grep -q 'ERROR: AddressSanitizer\|runtime error' "$tmp/e"; then
    ok "install:relocated-build (source tree hidden: $hidden)"
else
    bad install:relocated-build "exit $rc: $(head -c 300 "$tmp/e")"
fi
# the data it used is the copy's
run_moved --version > "$tmp/v" 2>&1
if grep -qx "Data: $moved/share/arsrapport" "$tmp/v"; then
    ok install:relocated-data
else
    bad install:relocated-data "$(tail -n 1 "$tmp/v")"
fi
# the issue's check: new + build --utkast in an empty folder
# (the skeleton's empty required sections are errors: exit 1, a draft)
run_moved new delarsrapport rapport.xml > "$tmp/o" 2> "$tmp/e" &&
    run_moved build --utkast rapport.xml >> "$tmp/o" 2>> "$tmp/e"
rc=$?
if { [ $rc = 0 ] || [ $rc = 1 ]; } && [ -s "$tmp/work/rapport.pdf" ] &&
    grep -q 'rapport.xml -> rapport.pdf (.*UTKAST' "$tmp/o" &&
    ! grep -q 'ERROR: AddressSanitizer\|runtime error' "$tmp/e"; then
    ok install:new-and-draft
else
    bad install:new-and-draft "exit $rc: $(head -c 300 "$tmp/e")"
fi
# a lone copy of the program: no data anywhere it looks
mkdir -p "$tmp/lone/bin"
cp "$ARS" "$tmp/lone/bin/arsrapport"
(
    cd "$tmp/work" && unset ARSRAPPORT_HOME && ulimit -t $CPU &&
        "$tmp/lone/bin/arsrapport" check rapport.xml
) > /dev/null 2> "$tmp/e"
rc=$?
if [ $rc = 2 ] && grep -q '\[INST-01\].*hittades inte; sökte i .*lone' "$tmp/e" &&
    grep -q 'ARSRAPPORT_HOME' "$tmp/e"; then
    ok install:no-data-INST-01
else
    bad install:no-data-INST-01 "exit $rc: $(head -c 300 "$tmp/e")"
fi
# ... and ARSRAPPORT_HOME makes it work
(
    cd "$tmp/work" && ulimit -t $CPU &&
        ARSRAPPORT_HOME=$moved/share/arsrapport "$tmp/lone/bin/arsrapport" check rapport.xml
) > /dev/null 2> "$tmp/e"
rc=$?
if [ $rc = 0 ] || [ $rc = 1 ]; then ok install:home-env; else bad install:home-env "exit $rc: $(head -c 300 "$tmp/e")"; fi

# --- version ---------------------------------------------------------------------
"$ARS" --version > "$tmp/v" 2>&1
line=$(sed -n 's/^Bibliotek: //p' "$tmp/v")
want() { # NAME VERSION: "NAME VERSION" in the line
    case ", $line," in
    *", $1 $2,"*) ok "version:$1 $2" ;;
    *) bad "version:$1" "expected $1 $2 in: $line" ;;
    esac
}
head -n 1 "$tmp/v" | grep -qx "arsrapport $(sed -n 's/^VERSION *:= *//p' "$root/Makefile")" &&
    ok version:first-line || bad version:first-line "$(head -n 1 "$tmp/v")"
want libxml2 "$(pkg-config --modversion libxml-2.0)"
want PCRE2 "$(pkg-config --modversion libpcre2-8)"
want HarfBuzz "$(pkg-config --modversion harfbuzz)"
want fontconfig "$(pkg-config --modversion fontconfig)"
want libpng "$(pkg-config --modversion libpng)"
want zlib "$(pkg-config --modversion zlib)"
want libdeflate "$(pkg-config --modversion libdeflate)"
want libcurl "$(pkg-config --modversion libcurl)"
want json-c "$(pkg-config --modversion json-c)"
want libzip "$(pkg-config --modversion libzip)"
want cmark "$(pkg-config --modversion libcmark)"
# (Debian's libutf8proc.pc names an older version than its library:
# the run-time packages' versions are compared)
want utf8proc "$(dpkg-query -W -f='${Version}' libutf8proc2 | sed 's/[-+].*//')"
want libharu "$(dpkg-query -W -f='${Version}' libhpdf-2.3.0 | sed 's/[-+].*//')"
LANG=en "$ARS" --version | grep -q '^Libraries: libxml2 ' && ok version:english ||
    bad version:english "$(LANG=en "$ARS" --version | sed -n 2p)"

# --- manual -----------------------------------------------------------------------
mp=$pre/share/man
for lang in sv en; do
    if [ $lang = sv ]; then page=$mp/man1/arsrapport.1 env=C.UTF-8 name=NAMN; else
        page=$mp/en/man1/arsrapport.1 env=en_US.UTF-8 name=NAME
    fi
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" > "$tmp/man.$lang" 2> "$tmp/manerr"
    if [ -s "$tmp/manerr" ]; then
        bad "manual:$lang:warnings" "$(head -c 300 "$tmp/manerr")"
    else
        ok "manual:$lang:warnings"
    fi
    miss=
    for o in $(help_options $lang); do grep -q -- "$o" "$tmp/man.$lang" || miss="$miss $o"; done
    for s in "$name" INST-01 ARSRAPPORT_HOME /usr/share/arsrapport/templates/schema/rapport.rng \
        "arsrapport new delarsrapport rapport.xml"; do
        grep -qF -- "$s" "$tmp/man.$lang" || miss="$miss '$s'"
    done
    if [ -z "$miss" ]; then ok "manual:$lang:content"; else bad "manual:$lang:content" "missing$miss"; fi
done
# man finds them by name: Swedish by default, English in an English
# locale (man -L en here: this machine may have no en_* locale, and man-db
# then ignores LANG=en). man -w only names the page: shown, it would be
# cached in /var/cache/man, outside this test's folder.
got=$(MANPATH=$mp LANG=C.UTF-8 man -w arsrapport 2> /dev/null)
[ "$got" = "$mp/man1/arsrapport.1" ] && ok manual:default-swedish ||
    bad manual:default-swedish "man -w arsrapport: $got"
got=$(MANPATH=$mp LANG=C.UTF-8 man -w -L en arsrapport 2> /dev/null)
[ "$got" = "$mp/en/man1/arsrapport.1" ] && ok manual:lang-en ||
    bad manual:lang-en "man -w -L en arsrapport: $got"

# --- bash completion ---------------------------------------------------------------
bc=/usr/share/bash-completion/bash_completion
if [ ! -r "$bc" ]; then
    bad complete:setup "$bc is missing (make deps installs bash-completion)"
else
    mkdir -p "$tmp/cwd/sub"
    touch "$tmp/cwd/a.xml" "$tmp/cwd/b.txt"
    # COMPREPLY for a command line whose last word is being completed
    complete_line() {
        (
            cd "$tmp/cwd" && ulimit -t $CPU
            unset ARSRAPPORT_HOME ARSRAPPORT_MALLAR
            export PATH=$moved/bin:$PATH
            bash --norc --noprofile -c '
                source "'"$bc"'"; source "'"$pre"'/share/bash-completion/completions/arsrapport"
                read -r -a COMP_WORDS <<< "$1"
                [ "${1: -1}" = " " ] && COMP_WORDS+=("")
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                COMP_LINE=$1; COMP_POINT=${#1}
                _arsrapport arsrapport "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' bash "$1"
        )
    }
    expect() { # LINE WORDS...: COMPREPLY is exactly WORDS
        local line=$1 got
        shift
        got=$(complete_line "$line")
        if [ "$got" = "$* " ]; then ok "complete:'$line'"; else bad "complete:'$line'" "got '$got', want '$* '"; fi
    }
    expect "arsrapport b" bevaka build bygg
    expect "arsrapport --la" --lang
    expect "arsrapport build --pdfa " 1b 2a 2u nej
    expect "arsrapport new " delarsrapport kvalitetsberattelse verksamhetsplan
    expect "arsrapport rules kv" kvalitetsberattelse
    expect "arsrapport build " a.xml sub
    expect "arsrapport build a.xml --stil " a.xml sub
    expect "arsrapport check --mallar " sub
    expect "arsrapport hamta " kolada
    expect "arsrapport hamta kolada --k" --kommun --kpi
    miss=
    for o in $(help_options); do
        grep -q -- " $o\b" "$pre/share/bash-completion/completions/arsrapport" || miss="$miss $o"
    done
    if [ -z "$miss" ]; then ok complete:every-option; else bad complete:every-option "missing$miss"; fi
fi

# --- uninstall ---------------------------------------------------------------------
if mk uninstall DESTDIR="$dest" PREFIX=/usr/local > "$tmp/make.out" 2>&1; then
    left=$(find "$dest" -type f -o -type l -o -name '*arsrapport*' -o -name en -o -name bash-completion)
    if [ -z "$left" ]; then ok uninstall:nothing-left; else bad uninstall:nothing-left "$left"; fi
else
    bad uninstall:make "$(tail -n 3 "$tmp/make.out")"
fi

# --- deb -----------------------------------------------------------------------------
deb_dir=$tmp/deb
# (the ASan build, 4 MB stripped, packed with gzip -1: xz takes seconds more)
compress=xz
[ $asan = 1 ] && compress="gzip -z1"
if mk deb DEBDIR="$deb_dir" INSTALL_PROGRAM="$ARS" DEB_COMPRESS="$compress" > "$tmp/make.out" 2>&1; then
    ok deb:make
else
    bad deb:make "$(tail -n 3 "$tmp/make.out")"
    finish
fi
deb=$(ls "$deb_dir"/arsrapport_*.deb 2> /dev/null | head -n 1)
arch=$(dpkg --print-architecture)
version=$(sed -n 's/^VERSION *:= *//p' "$root/Makefile")
if [ "$(basename "$deb")" = "arsrapport_${version}_$arch.deb" ]; then ok deb:name; else bad deb:name "$deb"; fi
dpkg-deb -c "$deb" > "$tmp/list"
files=$(awk '{ print $NF }' "$tmp/list")
missing=
for f in ./usr/bin/arsrapport ./usr/share/man/man1/arsrapport.1.gz ./usr/share/man/en/man1/arsrapport.1.gz \
    ./usr/share/bash-completion/completions/arsrapport ./usr/share/doc/arsrapport/copyright \
    ./usr/share/doc/arsrapport/changelog.gz ./usr/share/arsrapport/fonts/fonts.txt \
    $(cd "$root" && find templates -type f ! -name '*~' ! -name '.*' | sed 's,^,./usr/share/arsrapport/,'); do
    printf '%s\n' "$files" | grep -qxF "$f" || missing="$missing $f"
done
if [ -z "$missing" ]; then ok deb:file-list; else bad deb:file-list "missing$missing"; fi
outside=$(printf '%s\n' "$files" | grep -v '^\./$' | grep -v '^\./usr/' || true)
notroot=$(awk '$2 != "root/root"' "$tmp/list")
if [ -z "$outside" ] && [ -z "$notroot" ]; then ok deb:owner-and-place; else
    bad deb:owner-and-place "outside /usr: $outside; not root: $(printf '%s' "$notroot" | head -n 2)"
fi
field() { dpkg-deb -f "$deb" "$1"; }
dpkg-deb -I "$deb" > "$tmp/info"
if [ "$(field Package)" = arsrapport ] && [ "$(field Version)" = "$version" ] &&
    [ "$(field Architecture)" = "$arch" ] && grep -q '^ Description: ' "$tmp/info"; then
    ok deb:control
else
    bad deb:control "$(head -n 12 "$tmp/info")"
fi
# Depends: the package of every library the program links against (its
# NEEDED entries, resolved by ldd, owned per dpkg -S), and the run-time data
depends=$(field Depends)
need=$(objdump -p "$ARS" | awk '$1 == "NEEDED" { print $2 }')
ldd "$ARS" > "$tmp/ldd"
# each library's path as ldd finds it, with and without /usr (merged /usr:
# a package may list either), asked of dpkg -S at once (it is slow)
for lib in $need; do
    path=$(awk -v l="$lib" '$1 == l { print $3 }' "$tmp/ldd")
    [ -n "$path" ] || continue
    for p in "$path" "$(readlink -f "$path")"; do
        p=${p#/usr}
        printf '%s\n/usr%s\n' "$p" "$p"
    done
done | sort -u > "$tmp/paths"
xargs -r dpkg -S < "$tmp/paths" > "$tmp/owners" 2> /dev/null
missing=
for lib in $need; do
    pkg=$(awk -v l="$lib" '{ n = split($NF, a, "/") } a[n] == l { sub(/:.*/, "", $1); print $1; exit }' "$tmp/owners")
    [ -n "$pkg" ] || { missing="$missing $lib(no package)"; continue; }
    case ", $depends," in *", $pkg "* | *", $pkg,"*) ;; *) missing="$missing $pkg" ;; esac
done
# (libcurl4: loaded by `hamta` at run time, libzip4 when an archive is
# read; neither linked)
for pkg in fonts-liberation2 hyphen-sv icc-profiles-free libcurl4 libzip4; do
    case ", $depends," in *", $pkg,"*) ;; *) missing="$missing $pkg" ;; esac
done
if [ -z "$missing" ] && [ -n "$need" ]; then
    ok "deb:depends ($(printf '%s\n' $need | wc -l) libraries)"
else
    bad deb:depends "missing$missing in: $depends"
fi
[ $asan = 1 ] && case $depends in *libasan*) ok deb:depends-asan ;; *) bad deb:depends-asan "no libasan in $depends" ;; esac
# unpacked: the md5sums hold, the program runs from where it is put
x=$tmp/x
dpkg-deb -x "$deb" "$x" && dpkg-deb -e "$deb" "$x/DEBIAN"
if (cd "$x" && md5sum --quiet -c DEBIAN/md5sums) > "$tmp/md5" 2>&1 &&
    [ "$(wc -l < "$x/DEBIAN/md5sums")" = "$(find "$x/usr" -type f | wc -l)" ]; then
    ok deb:md5sums
else
    bad deb:md5sums "$(head -n 3 "$tmp/md5")"
fi
(cd "$tmp/work" && unset ARSRAPPORT_HOME && ulimit -t $CPU && "$x/usr/bin/arsrapport" --version) > "$tmp/v" 2>&1
if grep -qx "Data: $x/usr/share/arsrapport" "$tmp/v"; then ok deb:unpacked-runs; else bad deb:unpacked-runs "$(cat "$tmp/v" | head -c 300)"; fi
# no maintainer script: dpkg keeps a package that has one ("rc") until
# it is purged, and apt-get remove is to leave nothing
scripts=$(ls "$x/DEBIAN" | grep -v '^\(control\|md5sums\)$' || true)
if [ -z "$scripts" ]; then ok deb:no-maintainer-scripts; else bad deb:no-maintainer-scripts "$scripts"; fi
if zcat "$x/usr/share/man/man1/arsrapport.1.gz" | grep -q '^\.SH NAMN' &&
    zcat "$x/usr/share/man/en/man1/arsrapport.1.gz" | grep -q '^\.SH NAME'; then
    ok deb:manual-pages
else
    bad deb:manual-pages "no NAMN/NAME section in the gzipped pages"
fi
if [ $asan = 1 ]; then
    # the same program, the same package (every date the last commit's);
    # with the ASan run, whose gzip is quick (the normal run has lintian)
    if mk deb DEBDIR="$tmp/deb2" INSTALL_PROGRAM="$ARS" DEB_COMPRESS="$compress" > "$tmp/make.out" 2>&1 &&
        cmp -s "$deb" "$tmp/deb2/$(basename "$deb")"; then
        ok deb:reproducible
    else
        bad deb:reproducible "a second make deb gave another file: $(tail -n 2 "$tmp/make.out")"
    fi
else
    if command -v lintian > /dev/null 2>&1; then
        lintian --no-cfg "$deb" > "$tmp/lintian" 2>&1
        errors=$(grep '^E: ' "$tmp/lintian" || true)
        if [ -z "$errors" ]; then
            ok "deb:lintian ($(grep -c '^W: ' "$tmp/lintian") warnings)"
        else
            bad deb:lintian "$(printf '%s' "$errors" | head -n 3)"
        fi
    else
        bad deb:lintian "lintian is missing (make deps installs it)"
    fi
fi

finish
