#!/bin/sh
# install.sh — `make install` into a temporary DESTDIR, as a packager does,
# then use what it installed as an embedder and a user would:
#   - examples/embed.c and examples/batch.c built with `pkg-config
#     --cflags --libs signaal-json` against that tree (dynamically: the
#     programs name libsignaal-json.so.0 and libsignaal.so.0), run on a
#     bundled case file and a rulebook compiled by the installed `signaal`:
#     embed's fired rules are those of `signaal eval --json`, and batch's
#     outcome (sgj_outcome_json) is eval --json's, byte for byte but for
#     the case file's hash, which batch does not know;
#   - embed statically (`pkg-config --static`, the .a files);
#   - `nm -D` of each shared library shows only the public API (sg_*,
#     sgc_* or sgj_* that its header declares) and the version node;
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

for f in bin/signaal include/signaal.h include/signaal_compiler.h include/signaal_json.h \
         lib/libsignaal.a lib/libsignaalc.a lib/libsignaal-json.a lib/libsignaal.so \
         lib/libsignaal.so.0 lib/libsignaalc.so.0 lib/libsignaal-json.so lib/libsignaal-json.so.0 \
         lib/pkgconfig/signaal.pc lib/pkgconfig/signaal-compiler.pc lib/pkgconfig/signaal-json.pc \
         share/man/man1/signaal.1 share/man/man1/signaal-eval.1 \
         share/bash-completion/completions/signaal share/locale/nl/LC_MESSAGES/signaal.mo; do
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

# an embedder: examples/embed.c and batch.c through pkg-config, shared and static
cflags=$(pkg-config --cflags signaal-json) libs=$(pkg-config --libs signaal-json) || fail "pkg-config signaal-json"
case $cflags in *"$dest"*) ;; *) fail "pkg-config --cflags gives '$cflags'" ;; esac
case $libs in *-lsignaal-json*-lsignaal*) ;; *) fail "pkg-config --libs signaal-json gives '$libs'" ;; esac
for prog in embed batch; do
  # shellcheck disable=SC2086  # pkg-config's flags are words
  ${CC:-cc} -std=c11 -Wall -Wextra -Werror "examples/$prog.c" $cflags $libs -o "$root/$prog" ||
    fail "examples/$prog.c does not build with pkg-config"
done
# shellcheck disable=SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Werror -static examples/embed.c $cflags $(pkg-config --static --libs signaal-json) -o "$root/embed-static" 2>/dev/null ||
  ${CC:-cc} -std=c11 -Wall -Wextra -Werror examples/embed.c $cflags "$lib/libsignaal-json.a" "$lib/libsignaal.a" -ljansson -o "$root/embed-static" ||
  fail "examples/embed.c does not build with libsignaal-json.a and libsignaal.a"
readelf -d "$root/embed" | grep -q 'NEEDED.*libsignaal-json.so.0' || fail "embed does not name libsignaal-json.so.0"
readelf -d "$root/embed" | grep -q 'NEEDED.*libsignaal.so.0' || fail "embed does not name libsignaal.so.0"
case1=rules/examples/01-zakkenroller-dinsdag.json now1=2016-11-08T12:00
for prog in embed embed-static; do
  "$root/$prog" "$root/u.rbc" $now1 "$case1" >"$root/$prog.out" 2>&1 || fail "$prog exits $?: $(cat "$root/$prog.out")"
  grep -q '^recommendations:' "$root/$prog.out" && grep -q 'rvdk_kantoren\[amsterdam\]' "$root/$prog.out" &&
    grep -q '^open questions' "$root/$prog.out" || fail "$prog prints no advice: $(cat "$root/$prog.out")"
done
cmp -s "$root/embed.out" "$root/embed-static.out" || fail "shared and static embed differ"
"$dest$prefix/bin/signaal" eval "$root/u.rbc" --facts "$case1" --now $now1 --json >"$root/eval.json" ||
  fail "installed signaal eval --json"
# the rules that fired: every rule eval --json names in its advice
fired_eval=$(python3 -c 'import json, sys
o = json.load(open(sys.argv[1]))
rules = {a["rule"] for k in ("urgent", "recommendations", "attention") for a in o.get(k, [])}
rules |= {r["rule"] for c in o["contacts"] for r in c["rules"]}
print(" ".join(sorted(rules)))' "$root/eval.json")
fired_embed=$(sed -n 's/^fired: //p' "$root/embed.out" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
[ -n "$fired_eval" ] && [ "$fired_eval" = "$fired_embed" ] ||
  fail "embed's fired rules '$fired_embed' are not eval --json's '$fired_eval'"
# a case file with an error: the record, never the value
printf '{"leeftijd": "MARKER7731"}' >"$root/bad.json"
"$root/embed" "$root/u.rbc" $now1 "$root/bad.json" >"$root/bad.out" 2>&1 && fail "embed accepts a bad case"
grep -q "bad.json:1:14: error: fact 'leeftijd' expects an int (got a string)" "$root/bad.out" &&
  ! grep -q MARKER7731 "$root/bad.out" || fail "embed's error for a bad case: $(cat "$root/bad.out")"
# batch: one context for two cases (a JSONL file) and a case file
tr -d '\n' <"$case1" >"$root/cases.jsonl" && echo >>"$root/cases.jsonl"
echo '{}' >>"$root/cases.jsonl"
"$root/batch" "$root/u.rbc" $now1 "$case1" "$root/cases.jsonl" >"$root/batch.out" 2>&1 ||
  fail "batch exits $?: $(cat "$root/batch.out")"
grep -v '"case_sha256"' "$root/eval.json" >"$root/eval-nohash.json"
head -n "$(wc -l <"$root/eval.json")" "$root/batch.out" | grep -v '"case_sha256"' >"$root/batch-first.json"
cmp -s "$root/eval-nohash.json" "$root/batch-first.json" || fail "batch's outcome is not eval --json's"
[ "$(grep -c '^{' "$root/batch.out")" = 3 ] || fail "batch printed other than 3 outcomes"
# and the compiler library through its own .pc (which requires signaal)
pkg-config --libs signaal-compiler | grep -q -- '-lsignaalc.*-lsignaal' || fail "signaal-compiler.pc: $(pkg-config --libs signaal-compiler)"
ldd "$dest$prefix/bin/signaal" | grep -q "libsignaal-json.so.0 => $lib" || fail "bin/signaal does not use the installed libsignaal-json.so.0"

# only the API is exported
for pair in "libsignaal.so include/signaal.h sg_" "libsignaalc.so include/signaal_compiler.h sgc_" \
            "libsignaal-json.so include/signaal_json.h sgj_"; do
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

[ "$status" = 0 ] && echo "install: ok (DESTDIR, pkg-config shared and static, embed and batch on a case file, nm -D, $n_pages man pages, uninstall)"
exit $status
