#!/bin/sh
# valgrind.sh — the cmocka suites and a sample of signaal runs under
# valgrind's memcheck: invalid reads and writes, uninitialised values, and
# leaks (definite and indirect) each fail the run.
#
#   sh tests/valgrind.sh BUILD_DIR TEST_BINARIES...      (`make valgrind`)
#
# Each process runs alone under memcheck with --error-exitcode=99; its exit
# status must be the one expected (0 for a suite, the documented exit code
# for a command: docs/cli.md). The processes a suite starts itself (the
# signaal command, chromium, git) run natively: the signaal runs below are
# the ones memcheck sees, namely compile; eval of every case in
# rules/examples/ as text with explanations, as JSON and as an HTML report;
# test of the bundled rulebook and of every rulebook in tests/semantics/;
# disasm, schema, info, audit, check, corpus, diff (editions, decision
# dates, replayed cases), an interview that saves its case, and the failing
# paths (bad JSON, bad rules, truncated bytecode, usage, a missing file, a
# case file and a rule file past their size limits). Ends with
# "valgrind: N processes, N failed" and exits non-zero when any failed.

if [ $# -lt 1 ]; then
  echo "usage: sh tests/valgrind.sh BUILD_DIR TEST_BINARIES..." >&2
  exit 2
fi
cd "$(dirname "$0")/.." || exit 2
build=$1
shift
bin=$build/signaal
scratch=$(mktemp -d "${TMPDIR:-/tmp}/signaal-valgrind.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM

memcheck="valgrind --quiet --error-exitcode=99 --leak-check=full \
  --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
  --child-silent-after-fork=yes"
runs=0
failed=0

# Run one process under memcheck, stdin from /dev/null, and count it; say
# why when it does not exit with STATUS (99: memcheck found an error).
check() { # STATUS COMMAND...
  want=$1
  shift
  runs=$((runs + 1))
  CMOCKA_MESSAGE_OUTPUT=stdout $memcheck "$@" >"$scratch/out" 2>"$scratch/err" </dev/null
  status=$?
  if [ "$status" -ne "$want" ]; then
    failed=$((failed + 1))
    echo "** valgrind: $* exited with status $status, not $want"
    tail -n 60 "$scratch/out" "$scratch/err"
  fi
}

for suite in "$@"; do
  echo "== $suite"
  check 0 "$suite"
done

echo "== signaal: compile, eval of every case, test, and the other commands"
rbc=$scratch/uitbuiting.rbc
now=2016-11-08T12:00
check 0 "$bin" compile rules/uitbuiting.rules -o "$rbc"
for case in rules/examples/*.json; do
  check 0 "$bin" eval "$rbc" --facts "$case" --now "$now" --explain
  check 0 "$bin" eval "$rbc" --facts "$case" --now "$now" --json
  check 0 "$bin" eval "$rbc" --facts "$case" --now "$now" --report html -o "$scratch/report.html"
done
check 0 "$bin" eval rules/uitbuiting.rules --facts rules/examples/01-zakkenroller-dinsdag.json \
  --now "$now" --report md --log "$scratch/log.jsonl" --with-facts
for rules in rules/uitbuiting.rules tests/semantics/*.rules; do
  check 0 "$bin" test "$rules"
done
check 0 "$bin" disasm "$rbc"
check 0 "$bin" schema "$rbc"
check 0 "$bin" info "$rbc" --json
check 0 "$bin" audit rules/uitbuiting.rules
check 0 "$bin" check rules/uitbuiting.rules
check 0 "$bin" corpus rules/uitbuiting.rules --count 200 --seed 7
cp "$scratch/out" "$scratch/corpus.jsonl"
check 1 "$bin" diff rules/edities/2016-11/uitbuiting.rules rules/uitbuiting.rules \
  --cases "$scratch/corpus.jsonl"
check 1 "$bin" diff rules/uitbuiting.rules --as-of 2016-11-01 --as-of 2026-11-29 --json
check 0 "$bin" interview "$rbc" --facts rules/examples/09-bijna-niets-bekend.json --now "$now" \
  --save "$scratch/case.json"

echo "== signaal: failing paths"
printf '{"leeftijd": 13' >"$scratch/bad.json"
printf 'rulebook "x"\ncondition c when nope\n' >"$scratch/bad.rules"
head -c 100 "$rbc" >"$scratch/truncated.rbc"
check 1 "$bin" eval "$rbc" --facts "$scratch/bad.json"
check 1 "$bin" compile "$scratch/bad.rules" -o "$scratch/bad.rbc"
check 1 "$bin" eval "$scratch/truncated.rbc"
check 2 "$bin" eval "$rbc" --no-such-option
check 3 "$bin" eval "$scratch/missing.rbc"
check 1 "$bin" eval "$rbc" --facts rules/examples/01-zakkenroller-dinsdag.json --max-case-size 10
check 1 "$bin" compile rules/uitbuiting.rules -o "$scratch/small.rbc" --max-rule-size 100

echo "valgrind: $runs processes, $failed failed"
[ "$failed" -eq 0 ]
