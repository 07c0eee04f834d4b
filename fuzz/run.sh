#!/bin/sh
# run.sh — build the libFuzzer targets against the instrumented libraries in
# BUILD_DIR and run each for SECONDS, one after the other.
#
#   sh fuzz/run.sh BUILD_DIR [SECONDS [TARGET...]]
#
# `make fuzz` first builds BUILD_DIR (build/fuzz) with clang and
# -fsanitize=fuzzer-no-link,address,undefined, then calls this with
# FUZZ_SECONDS (default 60). TARGETs: fuzz_load, fuzz_load_nocrc,
# fuzz_compile, fuzz_case, fuzz_answers, fuzz_args, fuzz_rules_case,
# fuzz_serve (default: all eight, one after the other). Seeds come from fuzz/corpus/
# (and rules/examples/ for fuzz_case), read only; what libFuzzer adds goes to
# BUILD_DIR/corpus/TARGET, crashes to BUILD_DIR/crashes/, logs to
# BUILD_DIR/logs/TARGET.log. Exits 1 when a target found a crash.
# FUZZ_BUILD=0 runs the binaries already built (to run two targets at once).
set -eu

if [ $# -lt 1 ]; then
  echo "usage: sh fuzz/run.sh BUILD_DIR [SECONDS [TARGET...]]" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
case $1 in
  /*) build=$1 ;;
  *) build=$root/$1 ;;
esac
seconds=${2:-60}
if [ $# -ge 2 ]; then shift 2; else shift $#; fi
. fuzz/targets.sh
targets=${*:-$fuzz_targets}

for lib in "$build/libsignaal-test.a" "$build/libsignaal.a" "$build/libsignaalc.a" \
           "$build/libsignaal-cli.a"; do
  if [ ! -f "$lib" ]; then
    echo "fuzz/run.sh: $lib is missing; run make fuzz" >&2
    exit 2
  fi
done
cc=${FUZZ_CC:-clang}
flags="-std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
  -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
  -D_POSIX_C_SOURCE=200809L -Iinclude -Iruntime -Icli -Ijson -Ifuzz"
# shellcheck disable=SC2086  # flags is a list
if [ "${FUZZ_BUILD:-1}" != 0 ]; then
  $cc $flags -o "$build/fuzz_load" fuzz/fuzz_load.c fuzz/common.c "$build/libsignaal-test.a"
  $cc $flags -DFUZZ_UNCHECKED_CRC -o "$build/fuzz_load_nocrc" fuzz/fuzz_load.c fuzz/common.c \
    "$build/libsignaal-test.a"
  $cc $flags -o "$build/fuzz_compile" fuzz/fuzz_compile.c fuzz/common.c \
    "$build/libsignaalc.a" "$build/libsignaal-test.a"
  # The CLI's targets: its code without main.c, over the shipped runtime
  # (the test runtime's sgr_* would clash with the CLI's own copies).
  for t in fuzz_case fuzz_answers fuzz_args fuzz_rules_case fuzz_serve; do
    $cc $flags -DFUZZ_ROOT="\"$root\"" -o "$build/$t" "fuzz/$t.c" fuzz/common.c fuzz/cli_common.c \
      "$build/libsignaal-cli.a" "$build/libsignaal-json.a" "$build/libsignaalc.a" "$build/libsignaal.a" -ljansson -lyajl
  done
fi
# fuzz_rules_case reads both languages: the two dictionaries in one.
cat fuzz/rules.dict fuzz/case.dict >"$build/rules_case.dict"

# Seeds made by an older compiler stop loading when the format changes, and
# then fuzz_load tests nothing but the rejection: say so.
signaal=$(dirname "$build")/signaal
if [ -x "$signaal" ]; then
  for seed in fuzz/corpus/load/*; do
    "$signaal" disasm "$seed" >/dev/null 2>&1 ||
      echo "fuzz/run.sh: warning: seed $seed does not load; run sh fuzz/seeds.sh" >&2
  done
fi

mkdir -p "$build/crashes" "$build/logs" "$build/work"
failed=0
for t in $targets; do
  seeds=
  for dir in $(fuzz_seeds "$t"); do seeds="$seeds $root/$dir"; done
  if [ -z "$seeds" ]; then echo "fuzz/run.sh: no target '$t'" >&2; exit 2; fi
  case $t in
    fuzz_compile) extra="-dict=$root/fuzz/rules.dict -max_len=8192" ;;
    fuzz_case) extra="-dict=$root/fuzz/case.dict -max_len=8192" ;;
    fuzz_answers) extra="-dict=$root/fuzz/answers.dict -max_len=4096" ;;
    fuzz_args) extra="-dict=$root/fuzz/args.dict -max_len=2048" ;;
    fuzz_rules_case) extra="-dict=$build/rules_case.dict -max_len=16384" ;;
    fuzz_serve) extra="-dict=$root/fuzz/case.dict -max_len=8192" ;;
    *) extra= ;;
  esac
  mkdir -p "$build/corpus/$t"
  log=$build/logs/$t.log
  echo "== $t: ${seconds}s, log $log"
  # From an empty folder, so an include in a fuzzed rule text finds nothing.
  # shellcheck disable=SC2086  # extra and seeds are lists
  if (cd "$build/work" && "$build/$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$build/crashes/$t-" $extra "$build/corpus/$t" $seeds \
        </dev/null >"$log" 2>&1); then
    result=ok
  else
    result="CRASH (see the log; reproducer in $build/crashes/)"
    failed=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
  corpus=$(find "$build/corpus/$t" -type f | wc -l)
  echo "   ${runs:-?} executions, $cov, $corpus files in $build/corpus/$t, $result"
done
exit $failed
