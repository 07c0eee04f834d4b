#!/bin/sh
# wasm.sh — the runtime built to WebAssembly (make web, docs/web-wasm.md)
# against the native one: tests/wasm_compare.js under node, on every
# bundled example and 500 made-up cases, and one example in headless
# Chromium from a page opened as a file (each test prints "ok …" or
# "** …", then "N passed, N failed", which tests/run.sh counts).
#
#   sh tests/wasm.sh BUILD_DIR
#
# Skips, saying why and printing no count, when node (18 or newer) is
# missing or BUILD_DIR/web was not built: make test builds it when
# tools/wasm-toolchain.sh finds clang's wasm32 target, wasm-ld and
# wasi-libc, and the other builds of make check leave it out (WEB_TEST=0).
# Writes only into a mktemp -d directory, removed at the end.
build=${1:?usage: sh tests/wasm.sh BUILD_DIR}
web=$build/web
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: no node (Debian: nodejs) to run the WebAssembly test"
  exit 0
fi
major=$(node -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null)
if [ "${major:-0}" -lt 18 ]; then
  echo "skipped: node ${major:-?} is older than 18, which the WebAssembly test needs"
  exit 0
fi
missing=
for f in signaal.wasm engine-wasm.js uitbuiting.rbc; do
  [ -f "$web/$f" ] || missing="$missing $f"
done
if [ -n "$missing" ]; then
  if why=$(sh tools/wasm-toolchain.sh "${WASM_CC:-clang}" "${WASI_SYSROOT:-}"); then
    echo "skipped: $web has no$missing (this build does not run make web: WEB_TEST=0)"
  else
    echo "skipped: make web cannot build here: $why"
  fi
  exit 0
fi
# the browser test too, with Chromium (SG_SKIP_BROWSER=1: not, as for the
# PDF test of tests/test_report.c)
SG_WASM_BROWSER=
if [ "${SG_SKIP_BROWSER:-0}" != 1 ]; then
  for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
      SG_WASM_BROWSER=$(command -v "$name")
      break
    fi
  done
  [ -n "$SG_WASM_BROWSER" ] || echo "note: no chromium: the page is not tried in a browser"
fi
export SG_WASM_BROWSER
scratch=$(mktemp -d "${TMPDIR:-/tmp}/signaal-wasm.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT INT TERM
node tests/wasm_compare.js "$build" "$scratch"
