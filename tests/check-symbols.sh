#!/bin/sh
# check-symbols.sh — the libraries' link-level promises, checked with nm:
#   - each exports exactly its API: the sg_* (runtime), sgc_* (compiler)
#     and sgj_* (case files) functions its public header declares, no more
#     and no fewer;
#   - none calls exit() or prints (library code returns a status and
#     fills a diagnostic; the CLI decides what to print);
#   - the runtime needs nothing but libc: no compiler, no JSON library;
#   - every function a public header declares has a comment;
#   - the case-file library needs the runtime's API, jansson and libc: no
#     compiler, no other JSON library, no file I/O.
#
#   sh tests/check-symbols.sh build/libsignaal.a build/libsignaalc.a build/libsignaal-json.a
rt=$1 cc=$2 js=$3
status=0
fail() { echo "check-symbols: $*" >&2; status=1; }

exported() { nm -g --defined-only "$1" | awk 'NF == 3 { print $3 }'; }
undefined() { nm -u "$1" | awk '{ print $NF }' | sort -u; }

# The functions a public header declares: NAME( at the start of a
# declaration, after its return type.
declared() {
  sed -e 's,/\*.*\*/,,g' "$1" | grep -oE "\\b$2[a-z0-9_]*[[:space:]]*\\(" | tr -d ' (' | sort -u
}
compare() {  # library, header, prefix
  exp=$(exported "$1" | sort -u)
  dec=$(declared "$2" "$3")
  extra=$(printf '%s\n' "$exp" | grep -vxF -e "$dec" || true)
  missing=$(printf '%s\n' "$dec" | grep -vxF -e "$exp" || true)
  [ -z "$extra" ] || fail "$1 exports symbols $2 does not declare: $(echo $extra)"
  [ -z "$missing" ] || fail "$2 declares functions $1 does not export: $(echo $missing)"
}
compare "$rt" include/signaal.h 'sg_'
compare "$cc" include/signaal_compiler.h 'sgc_'
compare "$js" include/signaal_json.h 'sgj_'

forbidden='^(exit|_exit|abort|printf|fprintf|vfprintf|puts|fputs|putchar|fwrite|perror|stderr)$'
for lib in "$rt" "$cc" "$js"; do
  bad=$(undefined "$lib" | grep -E "$forbidden")
  [ -z "$bad" ] || fail "$lib calls or uses: $(echo $bad)"
done
# (flex's scanner names stdin and stdout as defaults it never uses here)
bad=$(undefined "$rt" | grep -E '^(stdin|stdout|getc|fopen)$')
[ -z "$bad" ] || fail "$rt does I/O: $(echo $bad)"
bad=$(undefined "$rt" | grep -E '^(sgc_|json_|yy|cJSON)')
[ -z "$bad" ] || fail "$rt depends on the compiler or a JSON library: $(echo $bad)"

bad=$(undefined "$js" | grep -E '^(sgc_|sgr_|yajl_|cJSON|yy|stdin|stdout|fopen|getc)')
[ -z "$bad" ] || fail "$js depends on more than the runtime's API, jansson and libc: $(echo $bad)"

# Every function a public header declares has its comment: above it, or
# above the run of declarations it belongs to (no blank line between), as
# docs/api.md promises.
undocumented=$(awk '
  FNR == 1 { commented = 0; in_comment = 0 }
  /^\/\*/ || in_comment { in_comment = ($0 !~ /\*\//); commented = 1; next }
  /^[[:space:]]*$/ { commented = 0; next }
  /^#/ { next }
  /^[^[:space:]]/ && !/^typedef/ && match($0, /(^|[^a-z0-9_])sgc?j?_[a-z0-9_]+[[:space:]]*\(/) {
    if (!commented) print FILENAME ":" FNR
  }' include/*.h)
[ -z "$undocumented" ] || fail "public functions without a comment: $(echo $undocumented)"

[ $status = 0 ] && echo "check-symbols: libraries export exactly their headers' API, never exit or print; runtime is libc-only; libsignaal-json needs only the runtime and jansson; every public function has its comment"
exit $status
