#!/bin/sh
# wasm.sh — the runtime built to WebAssembly (make web) beside the native
# one: the module's size (bytes, gzip -9), and cases per second under node
# (bench/bench_wasm.js) and natively (bench/bench_outcome.c, the libraries
# of BUILD_DIR) on the same made-up cases, for bench/RESULTS.md.
#
#   sh bench/wasm.sh [BUILD_DIR] [CASES]     (default build, 2000 cases)
#
# Needs make web (BUILD_DIR/web) and make (the libraries), node 18 or newer.
# Environment: CC and CFLAGS for bench_outcome (default cc, -O2 -g).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${1:-build}
count=${2:-2000}
web=$build/web
cc=${CC:-cc}
cflags=${CFLAGS:--O2 -g}
for f in "$web/signaal.wasm" "$web/engine-wasm.js" "$build/libsignaal-json.a"; do
  if [ ! -f "$f" ]; then
    echo "bench/wasm.sh: $f is missing; run make and make web first" >&2
    exit 2
  fi
done
scratch=$(mktemp -d "${TMPDIR:-/tmp}/signaal-wasm-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

mkdir -p "$build/bench"
# shellcheck disable=SC2086  # cflags is a list of flags
$cc -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes $cflags \
  -D_POSIX_C_SOURCE=200809L -Iinclude -o "$build/bench/bench_outcome" bench/bench_outcome.c \
  "$build/libsignaal-json.a" "$build/libsignaal.a" -ljansson

# the cases: signaal corpus, each line's "now" apart from its facts
"$build/signaal" corpus "$web/uitbuiting.rbc" -n "$count" --seed 7 > "$scratch/corpus.jsonl"
sed -n 's/^{"now":"\([^"]*\)",.*/\1/p' "$scratch/corpus.jsonl" > "$scratch/nows.txt"
sed 's/^{"now":"[^"]*",/{/' "$scratch/corpus.jsonl" > "$scratch/facts.jsonl"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine:  ${cpu:-unknown CPU}, $(nproc) core(s), $(uname -sr)"
echo "native:   $($cc --version | head -n 1) ($cflags)"
echo "wasm:     $(${WASM_CC:-clang} --version | head -n 1) (-O2, wasm32-wasi), node $(node --version)"
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
bytes=$(wc -c < "$web/signaal.wasm")
gz=$(gzip -9c "$web/signaal.wasm" | wc -c)
rbc=$(wc -c < "$web/uitbuiting.rbc")
data=$(wc -c < "$web/signaal-data.js")
datagz=$(gzip -9c "$web/signaal-data.js" | wc -c)
echo "signaal.wasm:     $bytes bytes, $gz gzip -9"
echo "uitbuiting.rbc:   $rbc bytes"
echo "signaal-data.js:  $data bytes, $datagz gzip -9 (both in base64)"
echo
"$build/bench/bench_outcome" "$web/uitbuiting.rbc" "$scratch/facts.jsonl" "$scratch/nows.txt" 2>/dev/null > "$scratch/native.txt"
node bench/bench_wasm.js "$web" "$scratch/facts.jsonl" "$scratch/nows.txt" > "$scratch/wasm.txt"
value() { sed -n "s/^$1 //p" "$2"; }
nr=$(value native_rules_per_second "$scratch/native.txt")
np=$(value native_report_per_second "$scratch/native.txt")
wr=$(value wasm_rules_per_second "$scratch/wasm.txt")
wp=$(value wasm_report_per_second "$scratch/wasm.txt")
ne=$(value native_eval_per_second "$scratch/native.txt")
we=$(value wasm_eval_per_second "$scratch/wasm.txt")
echo "load(): $(value wasm_load_ms "$scratch/wasm.txt") ms (compile and instantiate signaal.wasm, load and verify the image)"
echo
echo "cases per second, $count cases of signaal corpus --seed 7 (best of 3):"
printf '  %-58s %9s %9s %7s\n' "" native wasm "wasm/native"
printf '  %-58s %9s %9s %7s\n' "case JSON read, evaluated, every rule's state" "$nr" "$wr" \
  "$(awk -v w="$wr" -v n="$nr" 'BEGIN { printf "%.2f", w / n }')"
printf '  %-58s %9s %9s %7s\n' "the same and the eval --json outcome written" "$np" "$wp" \
  "$(awk -v w="$wp" -v n="$np" 'BEGIN { printf "%.2f", w / n }')"
printf '  %-58s %9s %9s %7s\n' "sg_eval alone (each case evaluated 100 times)" "$ne" "$we" \
  "$(awk -v w="$we" -v n="$ne" 'BEGIN { printf "%.2f", w / n }')"
