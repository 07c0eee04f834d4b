#!/bin/sh
# run.sh — build bench/bench_eval against the libraries in BUILD_DIR, run the
# timed benchmarks, then count instructions per sg_eval under callgrind.
#
#   sh bench/run.sh [BUILD_DIR]        (`make bench` runs: sh bench/run.sh build)
#
# Environment: CC and CFLAGS (default cc, -O2 -g: as the libraries were built),
# BENCH_SECONDS (shortest timed batch, default 0.5), BENCH_REPEAT (batches per
# figure, the best counts; default 3), BENCH_CALLGRIND=0 to skip callgrind.
# Instruction counts come from two runs of the same case with different
# evaluation counts, N1 and N2: Ir per eval = (Ir(N2) - Ir(N1)) / (N2 - N1),
# so start-up, compiling and loading cancel out.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${1:-build}
cc=${CC:-cc}
cflags=${CFLAGS:--O2 -g}
seconds=${BENCH_SECONDS:-0.5}
repeat=${BENCH_REPEAT:-3}
bin=$build/bench/bench_eval

for lib in "$build/libsignaal.a" "$build/libsignaalc.a"; do
  if [ ! -f "$lib" ]; then
    echo "bench/run.sh: $lib is missing; run make first" >&2
    exit 2
  fi
done
mkdir -p "$build/bench"
# shellcheck disable=SC2086  # cflags is a list of flags
$cc -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes $cflags \
  -D_POSIX_C_SOURCE=200809L -Iinclude -o "$bin" bench/bench_eval.c \
  "$build/libsignaalc.a" "$build/libsignaal.a" -ljansson

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine:  ${cpu:-unknown CPU}, $(nproc) core(s), $(uname -sr)"
echo "compiler: $($cc --version | head -n 1) ($cflags)"
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- runtime compiler 2>/dev/null || echo ' + local changes')"
echo

status=0
"$bin" --seconds "$seconds" --repeat "$repeat" || status=$?

if [ "${BENCH_CALLGRIND:-1}" = 0 ]; then
  exit $status
fi
if ! command -v valgrind >/dev/null 2>&1; then
  echo
  echo "valgrind not found: no instruction counts (make deps installs it)"
  exit $status
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Instructions callgrind collects for one run of bench_eval with these arguments.
collected() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" "$bin" "$@" 2>&1 >/dev/null |
    sed -n 's/^==[0-9]*== Collected : //p'
}
# Instructions per evaluation: per_eval N1 N2 ARGS... runs N1 and N2
# evaluations and divides the difference of the counts by N2 - N1.
per_eval() {
  n1=$1 n2=$2
  shift 2
  a=$(collected --fixed "$n1" "$@")
  b=$(collected --fixed "$n2" "$@")
  awk -v a="$a" -v b="$b" -v n="$((n2 - n1))" 'BEGIN { printf "%.0f", (b - a) / n }'
}

echo
echo "instructions (callgrind Ir) per call sequence: (Ir(N2 times) - Ir(N1 times)) / (N2 - N1),"
echo "N1 = 100, N2 = 1100 (eval, +waiting) and N1 = 10, N2 = 110 (+questions):"
printf '%-36s %9s %11s %6s %12s %7s\n' "case" "eval" "+waiting" "ratio" "+questions" "ratio"
k=0
sum_eval=0
sum_explain=0
sum_questions=0
for json in rules/examples/*.json; do
  k=$((k + 1))
  e=$(per_eval 100 1100 --case $k)
  w=$(per_eval 100 1100 --case $k --waiting)
  q=$(per_eval 10 110 --case $k --questions)
  sum_eval=$((sum_eval + e))
  sum_explain=$((sum_explain + w))
  sum_questions=$((sum_questions + q))
  awk -v name="$(basename "$json" .json)" -v e="$e" -v w="$w" -v q="$q" \
    'BEGIN { printf "%-36.36s %9d %11d %5.2fx %12d %6.1fx\n", name, e, w, w / e, q, q / e }'
done
awk -v k="$k" -v e="$sum_eval" -v w="$sum_explain" -v q="$sum_questions" \
  'BEGIN { printf "%-36s %9.0f %11.0f %5.2fx %12.0f %6.1fx\n", "mean over the cases", e / k, w / k, w / e, q / k, q / e }'

# Where sg_eval's instructions go: collect only inside sg_eval, every case.
valgrind --tool=callgrind --toggle-collect=sg_eval --callgrind-out-file="$tmp/profile.out" \
  "$bin" --fixed 1000 >/dev/null 2>&1
echo
echo "where sg_eval's instructions go (self cost, all cases, callgrind_annotate):"
callgrind_annotate "$tmp/profile.out" 2>/dev/null |
  awk '/file:function/ { on = 1; next } on && /^-/ { next } on && NF == 0 { exit } on { print "  " $0 }' |
  sed 's| \[[^]]*\]$||; s|[^ ]*/||' | head -n 8
exit $status
