#!/bin/sh
# run.sh — build bench/bench_eval and bench/bench_parse against the libraries in BUILD_DIR, run the
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

# Reading JSONL cases, three parsers side by side (bench/bench_parse.c:
# cJSON, jansson, yajl as eval --batch reads), on BENCH_CASES (default
# 100 000) cases of `signaal corpus --seed 7`; then `signaal eval --batch`
# end to end on the same cases: wall time and peak RSS (/usr/bin/time -v).
cases=${BENCH_CASES:-100000}
if [ -x "$build/signaal" ] && [ -f "$build/libsignaal-cli.a" ]; then
  # shellcheck disable=SC2086  # cflags is a list of flags
  $cc -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes $cflags \
    -D_POSIX_C_SOURCE=200809L -Iinclude -Iruntime -Icli -Ijson -Itests -o "$build/bench/bench_parse" \
    bench/bench_parse.c "$build/libsignaal-cli.a" "$build/libsignaal-json.a" "$build/libsignaalc.a" "$build/libsignaal.a" \
    -ljansson -lyajl -lcjson -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
  parse_dir=$(mktemp -d)
  "$build/signaal" compile rules/uitbuiting.rules -o "$parse_dir/u.rbc"
  "$build/signaal" corpus "$parse_dir/u.rbc" -n "$cases" --seed 7 > "$parse_dir/corpus.jsonl"
  echo
  "$build/bench/bench_parse" "$parse_dir/u.rbc" "$parse_dir/corpus.jsonl" "$repeat" || status=$?
  echo
  echo "signaal eval --batch, $cases cases of signaal corpus --seed 7, outcome lines to /dev/null:"
  for fields in all id,fired,actions; do
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -v "$build/signaal" eval "$parse_dir/u.rbc" --batch "$parse_dir/corpus.jsonl" \
        --fields "$fields" 2>"$parse_dir/time" >/dev/null || status=$?
      awk -v f="$fields" -v n="$cases" '
        /Elapsed \(wall clock\)/ { split($NF, t, ":"); wall = t[1] * 60 + t[2] }
        /Maximum resident set size/ { rss = $NF }
        END { printf "  --fields %-16s %6.2f s wall, %8.0f cases/s, peak RSS %d KiB\n", f, wall, n / wall, rss }' \
        "$parse_dir/time"
    fi
  done
  rm -rf "$parse_dir"
fi

# Compile at scale: a set and a table of N entries each, N = 10 000 and
# 30 000; linear work takes 3x as long for 3x the entries (was quadratic:
# 3.0 s and 3.6 s at 30 000 before issue 12).
scale_dir=$(mktemp -d)
make_large() {  # make_large N FILE
  awk -v n="$1" 'BEGIN {
    print "rulebook \"Schaal\" version \"1\" effective 2020-01-01 source \"bench\""
    print "fact k: text ask \"K?\""
    printf "set s = {\n"; for (i = 0; i < n; i++) printf "  \"k%d\",\n", i; print "  \"last\"\n}"
    printf "table t = {\n"; for (i = 0; i < n; i++) printf "  k%d: \"v%d\",\n", i, i; print "  last: \"v\"\n}"
    print "condition c when k in s"
  }' > "$2"
}
seconds_of() {  # seconds_of FILE: best of 3 compiles, in seconds
  best=
  for _ in 1 2 3; do
    t0=$(date +%s.%N)
    "$build/signaal" compile "$1" -o "$scale_dir/out.rbc" 2>/dev/null || { echo "compile of $1 failed" >&2; return 1; }
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v best="$best" 'BEGIN { d = b - a; if (best == "" || d < best) best = d; printf "%.4f", best }')
  done
  echo "$best"
}
if [ -x "$build/signaal" ]; then
  make_large 10000 "$scale_dir/10k.rules"
  make_large 30000 "$scale_dir/30k.rules"
  s10=$(seconds_of "$scale_dir/10k.rules")
  s30=$(seconds_of "$scale_dir/30k.rules")
  echo
  echo "compile at scale (signaal compile, a set and a table of N entries, best of 3):"
  printf '  N = 10000: %8.4f s\n  N = 30000: %8.4f s   (%.2fx for 3x the entries)\n' "$s10" "$s30" \
    "$(awk -v a="$s10" -v b="$s30" 'BEGIN { printf "%.2f", b / a }')"
fi
# Compile as rules grow: synthetic rulebooks of 1k, 10k and 100k rules
# (bench/gen_rules.awk); time, peak memory and image size per rule.
if [ -x "$build/signaal" ]; then
  echo
  echo "compile as rules grow (bench/gen_rules.awk; signaal compile, best of 3):"
  printf '  %8s %10s %12s %12s %14s\n' rules seconds "us/rule" "image bytes" "bytes/rule"
  for n in 1000 10000 100000; do
    awk -v n="$n" -f bench/gen_rules.awk > "$scale_dir/syn.rules"
    s=$(seconds_of "$scale_dir/syn.rules")
    size=$(wc -c < "$scale_dir/out.rbc")
    awk -v n="$n" -v s="$s" -v b="$size" 'BEGIN { printf "  %8d %10.3f %12.1f %12d %14.1f\n", n, s, s * 1e6 / n, b, b / n }'
  done
fi
rm -rf "$scale_dir"

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

# The code as C (signaal compile --emit-c) against the interpreter: every
# example case N1 and N2 times through sgx_eval and sg_eval
# (tests/emit_c_driver.c), instructions collected inside each alone.
if [ -x "$build/signaal" ] && [ -f "$build/libsignaal-json.a" ]; then
  "$build/signaal" compile rules/uitbuiting.rules -o "$tmp/u.rbc" --emit-c "$tmp/u.c"
  # shellcheck disable=SC2086  # cflags is a list of flags
  $cc -std=c11 $cflags -D_POSIX_C_SOURCE=200809L -Iinclude -o "$tmp/emit_c_driver" \
    tests/emit_c_driver.c "$tmp/u.c" "$build/libsignaal-json.a" "$build/libsignaalc.a" \
    "$build/libsignaal.a" -ljansson
  ncases=$(ls rules/examples/*.json | wc -l)
  emitted() {  # emitted gen|interp N: Ir inside sgx_eval or sg_eval
    fn=sg_eval
    [ "$1" = gen ] && fn=sgx_eval
    valgrind --tool=callgrind --toggle-collect="$fn" --callgrind-out-file="$tmp/emit.out" \
      "$tmp/emit_c_driver" measure "$1" "$2" "$tmp/u.rbc" rules/uitbuiting.rules 2>&1 >/dev/null |
      sed -n 's/^==[0-9]*== Collected : //p'
  }
  g1=$(emitted gen 100); g2=$(emitted gen 1100)
  i1=$(emitted interp 100); i2=$(emitted interp 1100)
  echo
  echo "the code as C (compile --emit-c, sgx_eval) against the interpreter (sg_eval), Ir per"
  echo "evaluation over the $ncases example cases, (Ir(1100 times) - Ir(100 times)) / 1000:"
  awk -v g1="$g1" -v g2="$g2" -v i1="$i1" -v i2="$i2" -v n="$ncases" 'BEGIN {
    g = (g2 - g1) / (1000 * n); i = (i2 - i1) / (1000 * n)
    printf "  sgx_eval %8.0f\n  sg_eval  %8.0f   (%.2fx the generated code)\n", g, i, i / g }'
fi

# Where sg_eval's instructions go: collect only inside sg_eval, every case.
valgrind --tool=callgrind --toggle-collect=sg_eval --callgrind-out-file="$tmp/profile.out" \
  "$bin" --fixed 1000 >/dev/null 2>&1
echo
echo "where sg_eval's instructions go (self cost, all cases, callgrind_annotate):"
callgrind_annotate "$tmp/profile.out" 2>/dev/null |
  awk '/file:function/ { on = 1; next } on && /^-/ { next } on && NF == 0 { exit } on { print "  " $0 }' |
  sed 's| \[[^]]*\]$||; s|[^ ]*/||' | head -n 8
exit $status
