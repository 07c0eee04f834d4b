#!/bin/sh
# install.sh — `make install` into a temporary DESTDIR, as a packager does,
# then use what it installed as an embedder and a user would:
#   - examples/embed.c built with `pkg-config --cflags --libs signaal`
#     against that tree (dynamically: the program names libsignaal.so.0),
#     run on a bundled case compiled by the installed `signaal`;
#   - the same statically (`pkg-config --static`, the .a);
#   - `nm -D` of each shared library shows only the public API (sg_* or
#     sgc_* that its header declares) and the version node;
#   - each man page renders without a warning (man --warnings), and says
#     what `signaal help COMMAND` says;
#   - the Dutch messages are found where they were installed;
#   - `make uninstall` leaves nothing behind.
#
#   sh tests/install.sh BUILD_DIR
set -u
build=$1
root=$(mktemp -d "${TMPDIR:-/tmp}/signaal-install.XXXXXX") || exit 2
trap 'rm -rf "$root"' EXIT INT TERM
dest=$root/dest prefix=/usr
fail() { echo "** install: $*"; status=1; }
status=0

make -s BUILD="$build" install DESTDIR="$dest" PREFIX="$prefix" >"$root/make.log" 2>&1 ||
  { cat "$root/make.log"; echo "** install: make install failed"; exit 1; }
lib=$dest$prefix/lib
export PKG_CONFIG_PATH="$lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest"
export LD_LIBRARY_PATH="$lib"

for f in bin/signaal include/signaal.h include/signaal_compiler.h lib/libsignaal.a \
         lib/libsignaalc.a lib/libsignaal.so lib/libsignaal.so.0 lib/libsignaalc.so.0 \
         lib/pkgconfig/signaal.pc lib/pkgconfig/signaal-compiler.pc share/man/man1/signaal.1 \
         share/man/man1/signaal-eval.1 share/bash-completion/completions/signaal \
         share/locale/nl/LC_MESSAGES/signaal.mo; do
  [ -e "$dest$prefix/$f" ] || fail "missing $prefix/$f"
done
soname=$(objdump -p "$lib/libsignaal.so" | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = libsignaal.so.0 ] || fail "libsignaal.so has soname '$soname'"

# the installed CLI, linked with the installed shared libraries
ldd "$dest$prefix/bin/signaal" | grep -q "libsignaal.so.0 => $lib" || fail "bin/signaal does not use the installed libsignaal.so.0"
"$dest$prefix/bin/signaal" compile rules/uitbuiting.rules -o "$root/u.rbc" || fail "installed signaal compile"
# (the catalogue is where it will be after DESTDIR is gone: SIGNAAL_LOCALEDIR
# points at it meanwhile; `strings` shows the built-in path)
strings "$dest$prefix/bin/signaal" | grep -q "$prefix/share/locale$" || fail "bin/signaal does not look in $prefix/share/locale"
SIGNAAL_LOCALEDIR="$dest$prefix/share/locale" "$dest$prefix/bin/signaal" check rules/uitbuiting.rules --lang nl --now 2027-03-01T12:00 2>"$root/nl.txt"
grep -q "is op 2027-03-01 verlopen" "$root/nl.txt" || fail "installed signaal finds no Dutch messages"

# an embedder: examples/embed.c through pkg-config, shared and static
cflags=$(pkg-config --cflags signaal) libs=$(pkg-config --libs signaal) || fail "pkg-config signaal"
case $cflags in *"$dest"*) ;; *) fail "pkg-config --cflags gives '$cflags'" ;; esac
# shellcheck disable=SC2086  # pkg-config's flags are words
${CC:-cc} -std=c11 -Wall -Wextra -Werror examples/embed.c $cflags $libs -o "$root/embed" ||
  fail "examples/embed.c does not build with pkg-config"
# shellcheck disable=SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Werror -static examples/embed.c $cflags $(pkg-config --static --libs signaal) -o "$root/embed-static" 2>/dev/null ||
  ${CC:-cc} -std=c11 -Wall -Wextra -Werror examples/embed.c $cflags "$lib/libsignaal.a" -o "$root/embed-static" ||
  fail "examples/embed.c does not build with libsignaal.a"
readelf -d "$root/embed" | grep -q 'NEEDED.*libsignaal.so.0' || fail "embed does not name libsignaal.so.0"
for prog in embed embed-static; do
  "$root/$prog" "$root/u.rbc" 2016-11-08T12:00 vaste_verblijfplaats=false identiteitspapieren=geen \
    moment_aanhouding=2016-11-08T11:00 leeftijd=13 rvdk_locatie=amsterdam reist_rond=true \
    >"$root/$prog.out" 2>&1 || fail "$prog exits $?: $(cat "$root/$prog.out")"
  grep -q '^recommendations:' "$root/$prog.out" && grep -q 'rvdk_kantoren\[amsterdam\]' "$root/$prog.out" &&
    grep -q '^open questions' "$root/$prog.out" || fail "$prog prints no advice: $(cat "$root/$prog.out")"
done
cmp -s "$root/embed.out" "$root/embed-static.out" || fail "shared and static embed differ"
# and the compiler library through its own .pc (which requires signaal)
pkg-config --libs signaal-compiler | grep -q -- '-lsignaalc.*-lsignaal' || fail "signaal-compiler.pc: $(pkg-config --libs signaal-compiler)"

# only the API is exported
for pair in "libsignaal.so include/signaal.h sg_" "libsignaalc.so include/signaal_compiler.h sgc_"; do
  set -- $pair
  got=$(nm -D --defined-only "$lib/$1" | awk '$2 != "A" { print $3 }' | sed 's/@.*//' | sort -u)
  want=$(sed -e 's,/\*.*\*/,,g' "$2" | grep -oE "\\b$3[a-z0-9_]*[[:space:]]*\\(" | tr -d ' (' | sort -u)
  [ "$got" = "$want" ] || fail "$1 exports other than $2 declares: $(printf '%s\n%s\n' "$got" "$want" | sort | uniq -u | tr '\n' ' ')"
done

# man pages: render, no warnings, and the same as the help
for page in "$dest$prefix"/share/man/man1/*.1; do
  w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
  [ -z "$w" ] || fail "$(basename "$page"): $w"
done
LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$dest$prefix/share/man/man1/signaal-fmt.1" 2>/dev/null >"$root/fmt.man"
grep -q -- '--check' "$root/fmt.man" || fail "signaal-fmt(1) lacks --check"
n_pages=$(ls "$dest$prefix"/share/man/man1/signaal-*.1 | wc -l)
n_cmds=$("$dest$prefix/bin/signaal" --help | awk '/^Commands:$/ { on = 1; next } on && /^$/ { exit } on && $1 != "help" { n++ } END { print n }')
[ "$n_pages" = "$n_cmds" ] || fail "$n_pages man pages for $n_cmds commands"

# bash completion: it loads and knows the commands (when bash-completion is there)
if [ -f /usr/share/bash-completion/bash_completion ]; then
  out=$(PATH="$dest$prefix/bin:$PATH" bash -c '. /usr/share/bash-completion/bash_completion
    . "$1"; COMP_WORDS=(signaal f); COMP_CWORD=1; COMP_LINE="signaal f"; COMP_POINT=9
    _signaal; printf "%s\n" "${COMPREPLY[@]}"' _ "$dest$prefix/share/bash-completion/completions/signaal")
  [ "$out" = fmt ] || fail "completion of 'signaal f' gives '$out'"
fi

make -s BUILD="$build" uninstall DESTDIR="$dest" PREFIX="$prefix" >/dev/null 2>&1 || fail "make uninstall"
left=$(find "$dest" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"

[ "$status" = 0 ] && echo "install: ok (DESTDIR, pkg-config shared and static, nm -D, $n_pages man pages, uninstall)"
exit $status
