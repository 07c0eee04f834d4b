#!/bin/sh
# check-symbols.sh — the libraries' link-level promises, checked with nm:
#   - each exports only its API: sg_* (runtime), sgc_* (compiler);
#   - neither calls exit() or prints (library code returns a status and
#     fills a diagnostic; the CLI decides what to print);
#   - the runtime needs nothing but libc: no compiler, no JSON library.
#
#   sh tests/check-symbols.sh build/libsignaal.a build/libsignaalc.a
rt=$1 cc=$2
status=0
fail() { echo "check-symbols: $*" >&2; status=1; }

exported() { nm -g --defined-only "$1" | awk 'NF == 3 { print $3 }'; }
undefined() { nm -u "$1" | awk '{ print $NF }' | sort -u; }

bad=$(exported "$rt" | grep -v '^sg_')
[ -z "$bad" ] || fail "$rt exports non-API symbols: $(echo $bad)"
bad=$(exported "$cc" | grep -v '^sgc_')
[ -z "$bad" ] || fail "$cc exports non-API symbols: $(echo $bad)"

forbidden='^(exit|_exit|abort|printf|fprintf|vfprintf|puts|fputs|putchar|fwrite|perror|stderr)$'
for lib in "$rt" "$cc"; do
  bad=$(undefined "$lib" | grep -E "$forbidden")
  [ -z "$bad" ] || fail "$lib calls or uses: $(echo $bad)"
done
# (flex's scanner names stdin and stdout as defaults it never uses here)
bad=$(undefined "$rt" | grep -E '^(stdin|stdout|getc|fopen)$')
[ -z "$bad" ] || fail "$rt does I/O: $(echo $bad)"
bad=$(undefined "$rt" | grep -E '^(sgc_|json_|yy|cJSON)')
[ -z "$bad" ] || fail "$rt depends on the compiler or a JSON library: $(echo $bad)"

[ $status = 0 ] && echo "check-symbols: libraries export only their API, never exit or print; runtime is libc-only"
exit $status
