#!/bin/sh
# run.sh — run every test and report one total.
#
#   sh tests/run.sh BUILD_DIR TEST_BINARIES...
#
# Runs each cmocka binary from the repository root, then the examples of the
# bundled rulebook (BUILD_DIR/signaal test rules/uitbuiting.rules) and of
# each rulebook in tests/semantics/, which teach the language, and of
# bench/workload.rules (the benchmark's rulebook). Counts
# cmocka's "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)" lines and
# each rulebook's "N passed, N failed" line (every example is one test). A
# binary that crashes or exits non-zero without reporting a failure counts
# as one failure; so does a semantics rulebook with a rule, signal or
# condition that no example names (its coverage line says "not: …"). Then
# the runtime built to WebAssembly against the native one (tests/wasm.sh:
# each of its tests; skipped, saying why, without node or make web); then
# the fuzz targets' inputs through their replay builds (BUILD_DIR/fuzz-replay,
# fuzz/replay.c): every file of fuzz/crashes/ is one test (TARGET-what goes to
# fuzz_TARGET, fuzz/targets.sh), and each target's seeds together are one.
# Then the shell tests (tests/browser.sh), each counting its own tests.
# Ends with the line "N passed, N failed" and exits non-zero when anything
# failed.
#
# Everything runs with English messages (LANGUAGE unset, LC_ALL=C), which
# this script and the tests read: a Dutch locale on the machine changes
# nothing; the Dutch messages are tested with --lang nl (tests/test_cli.c).

unset LANGUAGE LC_MESSAGES LANG
LC_ALL=C
export LC_ALL
if [ $# -lt 1 ]; then
  echo "usage: sh tests/run.sh BUILD_DIR TEST_BINARIES..." >&2
  exit 2
fi
# Paths given relative to where we were called from, made absolute when we
# must move to the repository root.
here=$(pwd)
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
absolute() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) if [ "$here" = "$root" ]; then printf '%s\n' "$1"; else printf '%s\n' "$here/$1"; fi ;;
  esac
}
build=$(absolute "$1")
shift
first=1
for bin in "$@"; do
  if [ "$first" = 1 ]; then set --; first=0; fi
  set -- "$@" "$(absolute "$bin")"
done

cd "$root" || exit 2

passed=0
failed=0
log=$(mktemp "${TMPDIR:-/tmp}/signaal-run.XXXXXX") || exit 2
trap 'rm -f "$log"' EXIT INT TERM

# The number after a fixed prefix on the first line that starts with it.
count_after() { # PREFIX FILE
  sed -n "s/^$1 *\([0-9][0-9]*\) test(s).*/\1/p" "$2" | head -n 1
}

for bin in "$@"; do
  echo "== $bin"
  CMOCKA_MESSAGE_OUTPUT=stdout "$bin" >"$log" 2>&1
  status=$?
  cat "$log"
  p=$(count_after '\[  PASSED  \]' "$log")
  f=$(count_after '\[  FAILED  \]' "$log")
  p=${p:-0}
  f=${f:-0}
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$status" -ge 128 ]; then
    echo "** $bin crashed (signal $((status - 128)))"
    failed=$((failed + 1))
  elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "** $bin exited with status $status without reporting a failure"
    failed=$((failed + 1))
  fi
done

# One test: run the command (after "--"); passed when it exits 0, else
# failed with MESSAGE.
one_test() { # MESSAGE -- COMMAND...
  message=$1
  shift 2
  echo "== $*"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "** $message (exit $?)"
    failed=$((failed + 1))
  fi
}

# `signaal serve` (tests/serve_api.py): a server on a port the system picks,
# every endpoint and error status against docs/openapi.yaml and the CLI; its
# checks counted as cmocka's are. Then the short load test (bench/serve.sh,
# 5 s of wrk; one test), only where SG_LOAD_TEST is not 0: make test, not
# the sanitizer and other builds of make check.
echo "== python3 tests/serve_api.py $build"
python3 tests/serve_api.py "$build" >"$log" 2>&1
status=$?
cat "$log"
p=$(count_after '\[  PASSED  \]' "$log")
f=$(count_after '\[  FAILED  \]' "$log")
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))
if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
  echo "** tests/serve_api.py exited with status $status without reporting a failure"
  failed=$((failed + 1))
fi
if [ "${SG_LOAD_TEST:-1}" != 0 ]; then
  one_test "the load test of signaal serve failed" -- sh bench/serve.sh 5 "$build"
else
  echo "== skipping the load test of signaal serve (SG_LOAD_TEST=0)"
fi

# Add the last "N passed, N failed" line of FILE to the counts; sets
# `line` to it ("" when there is none) and `f` to its failures (0 without).
add_counts() { # FILE
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
  f=0
  if [ -n "$line" ]; then
    p=${line%% passed*}
    f=${line#*, }
    f=${f%% failed}
    passed=$((passed + p))
    failed=$((failed + f))
  fi
}

# Run `signaal test` on one rulebook and add its examples to the counts.
# With "full", every rule, signal and condition must be named by an example
# (--min-coverage 100).
run_examples() { # RULES [full]
  echo "== $build/signaal test $1${2:+ --min-coverage 100}"
  "$build/signaal" test "$1" ${2:+--min-coverage 100} >"$log" 2>&1
  status=$?
  cat "$log"
  add_counts "$log"
  if [ "$status" -ge 128 ]; then
    echo "** signaal test $1 crashed (signal $((status - 128)))"
    failed=$((failed + 1))
  elif [ "$status" -ne 0 ] && { [ -z "$line" ] || [ "$f" -eq 0 ]; }; then
    echo "** signaal test $1 exited with status $status"
    failed=$((failed + 1))
  elif [ "${2:-}" = full ] && grep -q '^coverage: .*; not: ' "$log"; then
    echo "** $1: every rule, signal and condition must be named by an example"
    failed=$((failed + 1))
  fi
}

rules=rules/uitbuiting.rules
if [ -f "$rules" ]; then
  run_examples "$rules" full
  # `signaal check --werror` on the bundled rulebook: one test. The moment
  # is fixed so that the suite gives the same answer on every day: the
  # contacts' old-check is allowed until 2027-03-01 (contacten.rules says
  # why), and an officer runs check with the clock before an edition
  one_test "signaal check $rules --werror" -- \
    "$build/signaal" check "$rules" --werror --now 2026-12-01T09:00
  # `signaal fmt --check`: the bundled rules and the semantics rulebooks are
  # in the one layout (one test)
  one_test "not formatted: run $build/signaal fmt on the files above" -- \
    "$build/signaal" fmt --check "$rules" rules/uitbuiting/*.rules tests/semantics/*.rules
else
  echo "== skipping the rulebook examples: $rules is absent"
fi
for rules in tests/semantics/*.rules; do
  [ -f "$rules" ] && run_examples "$rules" full
done
# The benchmark rulebook of make bench (bench/compare.sh) compiles and its
# examples pass; the comparison itself is not run here.
[ -f bench/workload.rules ] && run_examples bench/workload.rules

# The runtime built to WebAssembly against the native one (tests/wasm.sh,
# make web): each of its tests counts; it skips, saying why, without node
# or without BUILD_DIR/web.
echo "== sh tests/wasm.sh $build"
sh tests/wasm.sh "$build" >"$log" 2>&1
status=$?
cat "$log"
add_counts "$log"
if [ -n "$line" ]; then
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "** tests/wasm.sh exited with status $status"
    failed=$((failed + 1))
  fi
elif ! grep -q '^skipped: ' "$log"; then
  echo "** tests/wasm.sh gave no count (exit $status)"
  failed=$((failed + 1))
fi

# Replay inputs through fuzz target $1's replay build: one test, passed when
# the target returns for every input (a broken promise aborts).
run_replay() { # TARGET INPUT...
  target=$1
  bin=$build/fuzz-replay/$target
  shift
  if [ ! -x "$bin" ]; then
    echo "** no replay build $bin for $*"
    failed=$((failed + 1))
  elif "$bin" "$@" >"$log" 2>&1; then
    echo "ok $target $* ($(grep -o '[0-9]* inputs' "$log"))"
    passed=$((passed + 1))
  else
    cat "$log"
    echo "** $target $*: failed"
    failed=$((failed + 1))
  fi
}

if [ -d "$build/fuzz-replay" ]; then
  . fuzz/targets.sh
  echo "== replaying fuzz/crashes/ and the fuzz seeds ($build/fuzz-replay)"
  for crash in fuzz/crashes/*; do
    [ -f "$crash" ] || continue
    name=$(basename "$crash")
    run_replay "fuzz_${name%%-*}" "$crash"
  done
  for target in $fuzz_targets; do
    # shellcheck disable=SC2046  # the seed folders are a list
    run_replay "$target" $(fuzz_seeds "$target")
  done
else
  echo "== skipping the fuzz replays: $build/fuzz-replay is absent"
fi

# A shell test: it prints "ok …" or "** …" per test and ends with
# "N passed, N failed", counted here like a rulebook's examples; when it
# exits 77 it cannot run in this build and said why (skipped, not counted).
run_shell_test() { # SCRIPT
  echo "== sh $1 $build"
  sh "$1" "$build" >"$log" 2>&1
  status=$?
  cat "$log"
  if [ "$status" -eq 77 ]; then
    echo "-- $1 skipped"
    return
  fi
  add_counts "$log"
  if [ "$status" -ne 0 ] && { [ -z "$line" ] || [ "$f" -eq 0 ]; }; then
    echo "** $1 exited with status $status"
    failed=$((failed + 1))
  fi
}

# the case worker's page in headless Chromium (docs/web.md)
run_shell_test tests/browser.sh
# the same page opened as a file, its engine WebAssembly (make web; skipped without it)
run_shell_test tests/browser-offline.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
