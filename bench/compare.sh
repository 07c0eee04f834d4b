#!/bin/sh
# compare.sh — Signaal side by side with what a user would pick instead, on one
# workload (issue 12): bench/workload.rules evaluated by `signaal eval --batch`,
# and the same logic written by hand in C with cJSON (bench/handwritten.c, the
# practical limit), in jq (bench/workload.jq), in Lua 5.4 with lua-cjson
# (bench/workload.lua) and in CLIPS 6.30 (bench/workload.clp).
#
#   sh bench/compare.sh [BUILD_DIR]    (`make bench` runs it after bench/run.sh;
#                                       `make bench-compare` runs it alone)
#
# 1. Every engine reads the same corpus (`signaal corpus --seed 7`, one case a
#    line, a quarter of the facts unknown) and prints one line per case:
#    fired=…;undetermined=…;contact=… (bench/handwritten.c says how). Signaal's
#    JSON outcome lines are reshaped into those lines with jq afterwards (not
#    timed). All lines must be identical, or the script fails with the first
#    case that differs.
# 2. Wall time of each engine over the whole corpus, best of BENCH_REPEAT runs,
#    and its ratio to the hand-written C's best (the same run of this script);
#    peak RSS (/usr/bin/time); heap allocations per case (valgrind memcheck's
#    count for N2 cases minus that for N1, divided by N2 - N1).
# 3. Instructions per case of the evaluation alone: callgrind with
#    --toggle-collect=sg_eval on `signaal eval --batch` against
#    --toggle-collect=evaluate on the hand-written C; and of the whole run
#    (reading, evaluating, writing) for both, from two corpus sizes.
#
# Environment: BENCH_WORKLOAD_CASES (default 100000), BENCH_REPEAT (default 3),
# BENCH_CALLGRIND=0 to skip valgrind; CC and CFLAGS as for bench/run.sh.
# An engine whose tool is missing is skipped with what to install
# (`make bench-deps` installs them all).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${1:-build}
cc=${CC:-cc}
cflags=${CFLAGS:--O2 -g}
cases=${BENCH_WORKLOAD_CASES:-100000}
repeat=${BENCH_REPEAT:-3}
n1=200 n2=1200  # corpus sizes for the per-case counts under valgrind

die() { echo "bench/compare.sh: $*" >&2; exit 1; }
[ -x "$build/signaal" ] || die "$build/signaal is missing; run make first"
[ -f /usr/include/cjson/cJSON.h ] || die "cJSON is missing: apt-get install libcjson-dev (make deps)"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

# The workload: it compiles and its examples pass.
"$build/signaal" compile bench/workload.rules -o "$dir/w.rbc"
"$build/signaal" test bench/workload.rules --quiet > "$dir/test.out" ||
  { cat "$dir/test.out" >&2; die "the examples of bench/workload.rules fail"; }
mkdir -p "$build/bench"
# shellcheck disable=SC2086  # cflags is a list of flags
$cc -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes $cflags \
  -D_POSIX_C_SOURCE=200809L -o "$build/bench/handwritten" bench/handwritten.c -lcjson
"$build/signaal" corpus "$dir/w.rbc" -n "$cases" --seed 7 > "$dir/corpus.jsonl"
head -n "$n1" "$dir/corpus.jsonl" > "$dir/n1.jsonl"
head -n "$n2" "$dir/corpus.jsonl" > "$dir/n2.jsonl"

# Which engines can run here; each missing tool is said once.
engines="handwritten signaal"
skipped=
if command -v lua5.4 >/dev/null 2>&1 && lua5.4 -e 'require("cjson")' 2>/dev/null; then
  engines="$engines lua"
else
  skipped="$skipped
  lua: needs lua5.4 and lua-cjson (apt-get install lua5.4 lua-cjson; make bench-deps)"
fi
if command -v jq >/dev/null 2>&1; then
  engines="$engines jq"
else
  skipped="$skipped
  jq: needs jq (apt-get install jq; make bench-deps); signaal's lines are then not checked"
fi
if command -v clips >/dev/null 2>&1; then
  engines="$engines clips"
else
  skipped="$skipped
  clips: needs clips (apt-get install clips; make bench-deps)"
fi

# The command line of an engine, reading $1 and writing $2.
command_of() {  # ENGINE IN OUT
  case $1 in
  handwritten) echo "exec $build/bench/handwritten < $2 > $3" ;;
  signaal) echo "exec $build/signaal eval $dir/w.rbc --batch $2 --fields fired,undetermined,contacts > $3 2> $dir/signaal.err" ;;
  lua) echo "exec lua5.4 bench/workload.lua < $2 > $3" ;;
  jq) echo "exec jq -r -f bench/workload.jq < $2 > $3" ;;
  clips) echo "exec clips -f2 bench/workload.clp < $2 > $3" ;;
  esac
}
version_of() {  # ENGINE
  pkg() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo '?'; }
  case $1 in
  handwritten) echo "cJSON $(pkg libcjson-dev), $($cc --version | head -n 1 | sed 's/.*) //') $cflags" ;;
  signaal) echo "$("$build/signaal" --version | head -n 1 | sed 's/^signaal //'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')" ;;
  lua) echo "$(lua5.4 -v 2>&1 | cut -d' ' -f1-2), lua-cjson $(pkg lua-cjson)" ;;
  jq) jq --version ;;
  clips) echo "CLIPS $(pkg clips)" ;;
  esac
}

# The canonical lines of signaal's outcome lines.
canon_signaal() {  # IN OUT
  jq -r '"fired=" + (.fired | sort | join(",")) + ";undetermined=" + ([.undetermined[].rule] | sort | join(","))
    + ";contact=" + (if (.contacts | length) == 0 then "-" elif .contacts[0].fields == null then "?"
                     else .contacts[0].fields.telefoon end)' "$1" > "$2"
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo
echo "side by side (bench/compare.sh): bench/workload.rules, $cases cases of signaal corpus --seed 7"
echo "machine: ${cpu:-unknown CPU}, $(nproc) core(s), $(uname -sr), $(date -u '+%Y-%m-%d %H:%M UTC')"
for e in $engines; do printf '  %-12s %s\n' "$e" "$(version_of "$e")"; done
[ -z "$skipped" ] || echo "skipped:$skipped"

# Timed runs: best wall time of $repeat, the largest peak RSS.
for e in $engines; do
  best= rss=0
  for _ in $(seq "$repeat"); do
    t0=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f '%M' -o "$dir/rss" sh -c "$(command_of "$e" "$dir/corpus.jsonl" "$dir/out.$e")" ||
        die "$e failed"
    else
      sh -c "$(command_of "$e" "$dir/corpus.jsonl" "$dir/out.$e")" || die "$e failed"
      echo 0 > "$dir/rss"
    fi
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v best="$best" 'BEGIN { d = b - a; if (best == "" || d < best) best = d; printf "%.4f", best }')
    r=$(tail -n 1 "$dir/rss")
    [ "$r" -le "$rss" ] || rss=$r
  done
  echo "$best" > "$dir/wall.$e"
  echo "$rss" > "$dir/rss.$e"
done

# The check: every engine's lines are the hand-written C's.
if command -v jq >/dev/null 2>&1; then
  canon_signaal "$dir/out.signaal" "$dir/lines.signaal"
else
  engines_checked=$(echo "$engines" | sed 's/ signaal//')
fi
status=0
for e in ${engines_checked:-$engines}; do
  [ "$e" = handwritten ] && continue
  lines="$dir/out.$e"
  [ "$e" = signaal ] && lines="$dir/lines.signaal"
  if ! cmp -s "$dir/out.handwritten" "$lines"; then
    status=1
    first=$(cmp "$dir/out.handwritten" "$lines" 2>&1 | sed -n 's/.* line \([0-9]*\).*/\1/p')
    first=${first:-1}
    {
      echo "bench/compare.sh: MISMATCH: $e and the hand-written C differ, first at case $first:"
      echo "  case:        $(sed -n "${first}p" "$dir/corpus.jsonl")"
      echo "  handwritten: $(sed -n "${first}p" "$dir/out.handwritten")"
      echo "  $e: $(sed -n "${first}p" "$lines")"
      echo "  ($(wc -l < "$dir/out.handwritten") and $(wc -l < "$lines") lines)"
    } >&2
  fi
done
[ "$status" = 0 ] || die "the engines disagree (above); no figures"
echo "check: the $(echo ${engines_checked:-$engines} | wc -w) engines print identical lines for all $cases cases"

# Heap allocations per case under memcheck: (allocs(N2) - allocs(N1)) / (N2 - N1).
allocs_of() {  # ENGINE FILE
  valgrind --tool=memcheck --trace-children=yes --log-file="$dir/vg.%p.log" \
    sh -c "$(command_of "$1" "$2" /dev/null)" >/dev/null 2>&1 || true
  cat "$dir"/vg.*.log | sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d , | tail -n 1
  rm -f "$dir"/vg.*.log
}
if [ "${BENCH_CALLGRIND:-1}" != 0 ] && command -v valgrind >/dev/null 2>&1; then
  for e in $engines; do
    a=$(allocs_of "$e" "$dir/n1.jsonl")
    b=$(allocs_of "$e" "$dir/n2.jsonl")
    awk -v a="$a" -v b="$b" -v n=$((n2 - n1)) 'BEGIN { printf "%.1f", (b - a) / n }' > "$dir/allocs.$e"
  done
fi

hw=$(cat "$dir/wall.handwritten")
echo
printf '%-12s %10s %12s %10s %14s %14s\n' engine "wall s" "cases/s" "ratio" "peak RSS KiB" "allocs/case"
for e in $engines; do
  awk -v e="$e" -v w="$(cat "$dir/wall.$e")" -v hw="$hw" -v n="$cases" -v rss="$(cat "$dir/rss.$e")" \
    -v al="$(cat "$dir/allocs.$e" 2>/dev/null || echo -)" \
    'BEGIN { printf "%-12s %10.3f %12.0f %9.2fx %14d %14s\n", e, w, n / w, w / hw, rss, al }'
done
echo "wall: best of $repeat runs over the whole corpus, output to a file; ratio: wall / the hand-written C's"
echo "(signaal's lines also list what each undetermined rule waits for; the others do not compute that)"
echo "allocs/case: malloc/calloc/realloc counted by memcheck, (N = $n2) - (N = $n1), over $((n2 - n1)) cases"

if [ "${BENCH_CALLGRIND:-1}" = 0 ] || ! command -v valgrind >/dev/null 2>&1; then
  exit 0
fi
# Instructions: the evaluation alone (toggle-collect on the function that
# evaluates one case), and the whole run per case (two corpus sizes).
collected() {  # ENGINE FILE [CALLGRIND OPTIONS]
  e=$1 f=$2
  shift 2
  valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$dir/cg.out" \
    --log-file="$dir/vg.%p.log" "$@" sh -c "$(command_of "$e" "$f" /dev/null)" >/dev/null 2>&1 || true
  cat "$dir"/vg.*.log | sed -n 's/^==[0-9]*== Collected : //p' | tail -n 1
  rm -f "$dir"/vg.*.log
}
sg_eval=$(collected signaal "$dir/n2.jsonl" --toggle-collect=sg_eval)
hw_eval=$(collected handwritten "$dir/n2.jsonl" --toggle-collect=evaluate)
echo
echo "instructions per case (callgrind Ir, $n2 cases):"
awk -v s="$sg_eval" -v h="$hw_eval" -v n="$n2" 'BEGIN {
  printf "  evaluation alone: sg_eval %8.0f, hand-written evaluate() %6.0f   ratio %.2fx (target <= 4x)\n", s / n, h / n, s / h }'
# The same cases through the rulebook's code as C (compile --emit-c), with
# tests/emit_c_driver.c reading each line into a context first.
if [ -f "$build/libsignaal-json.a" ]; then
  "$build/signaal" compile bench/workload.rules -o "$dir/wc.rbc" --emit-c "$dir/w.c"
  # shellcheck disable=SC2086  # cflags is a list of flags
  $cc -std=c11 $cflags -D_POSIX_C_SOURCE=200809L -Iinclude -o "$dir/emit_c_driver" \
    tests/emit_c_driver.c "$dir/w.c" "$build/libsignaal-json.a" "$build/libsignaalc.a" \
    "$build/libsignaal.a" -ljansson
  sgx=$(valgrind --tool=callgrind --toggle-collect=sgx_eval --callgrind-out-file="$dir/cgx.out" \
    "$dir/emit_c_driver" measure-corpus gen "$dir/wc.rbc" "$dir/n2.jsonl" 2>&1 >/dev/null |
    sed -n 's/^==[0-9]*== Collected : //p')
  awk -v s="$sgx" -v h="$hw_eval" -v n="$n2" 'BEGIN {
    printf "  the code as C:    sgx_eval %7.0f, hand-written evaluate() %6.0f   ratio %.2fx (target <= 1.5x)\n", s / n, h / n, s / h }'
fi
sg1=$(collected signaal "$dir/n1.jsonl")
sg2=$(collected signaal "$dir/n2.jsonl")
hw1=$(collected handwritten "$dir/n1.jsonl")
hw2=$(collected handwritten "$dir/n2.jsonl")
awk -v s1="$sg1" -v s2="$sg2" -v h1="$hw1" -v h2="$hw2" -v n=$((n2 - n1)) 'BEGIN {
  s = (s2 - s1) / n; h = (h2 - h1) / n
  printf "  whole run:        signaal  %8.0f, hand-written C        %6.0f   ratio %.2fx\n", s, h, s / h }'
