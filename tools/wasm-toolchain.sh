#!/bin/sh
# wasm-toolchain.sh — whether `make web` can build here: CC (default clang)
# compiles C for wasm32-wasi against wasi-libc's headers and links a module
# with wasm-ld (lld) and wasi-libc's libc.a, the way the Makefile does.
#
#   sh tools/wasm-toolchain.sh [CC] [SYSROOT]
#
# Exits 0 when it can; else 1 with one line on standard output saying what
# is missing (make test prints it when tests/wasm.sh skips).
cc=${1:-clang}
sysroot=${2:-}
dir=$(mktemp -d "${TMPDIR:-/tmp}/signaal-wasm-probe.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
printf '#include <stdlib.h>\n#include <string.h>\nvoid *probe(size_t n) { return memset(malloc(n), 0, n); }\n' > "$dir/probe.c"
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "no C compiler '$cc' (Debian: clang)"
  exit 1
fi
if ! "$cc" --target=wasm32-wasi ${sysroot:+--sysroot="$sysroot"} -O2 -c -o "$dir/probe.o" "$dir/probe.c" >/dev/null 2>&1; then
  echo "$cc cannot compile for wasm32-wasi with wasi-libc's headers (Debian: clang, wasi-libc)"
  exit 1
fi
if ! "$cc" --target=wasm32-wasi ${sysroot:+--sysroot="$sysroot"} -nostartfiles -nodefaultlibs -Wl,--no-entry \
     -Wl,--export=probe -o "$dir/probe.wasm" "$dir/probe.o" -lc >/dev/null 2>&1; then
  echo "$cc cannot link a wasm32-wasi module: wasm-ld or wasi-libc's libc.a is missing (Debian: lld, wasi-libc)"
  exit 1
fi
exit 0
