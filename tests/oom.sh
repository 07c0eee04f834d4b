#!/bin/sh
# oom.sh — the out-of-memory test: every allocation of a command made to
# fail in turn, and what the command does then checked.
#
#   sh tests/oom.sh BUILD_DIR     (make oom: BUILD_DIR is build-oom)
#
# BUILD_DIR/signaal must be linked with tests/failalloc.c and
# BUILD_DIR/tests/oomrun built (make oom builds both, with AddressSanitizer,
# LeakSanitizer and UBSan; make coverage with gcc --coverage, and runs this
# on build-cov after make test, for the failure paths' coverage). Each scenario below is one command line: compile,
# eval in every format (to standard output and with -o), eval --explain,
# interview with scripted answers and --save, and test, on the bundled
# rulebook and on tests/oom/oom.rules (a fact of every type); then info,
# schema, audit, disasm, corpus and diff; check, graph, fmt and test --junit.
# oomrun runs it without injection,
# counting its allocations (N), then for every k from 1 to N with the k-th
# allocation failing, then with every allocation from k on failing for
# every 7th k (every OOM_STRIDE-th and 7 * OOM_STRIDE-th k for the scenarios
# marked "big"), and once with standard output on /dev/full; each run must
#   - succeed (exit 0; diff: 1) with exactly the uninjected output: standard
#     output and the output file byte for byte, nothing else beside it, or
#   - exit 3 (diff: 2) with "error: out of memory" on stderr; the output
#     file as it was ("old"), nothing left beside it; standard output empty,
#     except where it is a running log (interview: the questions asked;
#     test: a PASS line per example; corpus: whole cases): a beginning of the
#     uninjected output that does not reach the report or the final count;
# and never show a sanitizer report (a leak, a bad access, undefined
# behaviour). Prints the allocations covered per scenario and ends with
# "N passed, N failed" (one test per scenario).

if [ $# -ne 1 ]; then
  echo "usage: sh tests/oom.sh BUILD_DIR" >&2
  exit 2
fi
here=$(pwd)
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
case $1 in /*) build=$1 ;; *) build=$here/$1 ;; esac
bin=$build/signaal
cd "$root" || exit 2
[ -x "$bin" ] || { echo "oom.sh: $bin is missing (make oom builds it)" >&2; exit 2; }
# The big scenarios (thousands of allocations, the same code again and
# again) are run at every OOM_STRIDE-th allocation; 1 runs them all.
stride=${OOM_STRIDE:-5}
oomrun=$build/tests/oomrun
[ -x "$oomrun" ] || { echo "oom.sh: $oomrun is missing (make oom builds it)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/signaal-oom.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
# Leaks are errors; a sanitizer's own exit code is one no command uses.
ASAN_OPTIONS=detect_leaks=1:exitcode=97
UBSAN_OPTIONS=halt_on_error=1:exitcode=97:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS

passed=0
failed=0
scenarios=0

# Inputs: the bundled rulebook compiled once (uninjected) and a case of it;
# tests/oom/oom.rules, with a fact of every type, its case and answers for
# an interview: an enum, a bool, a text (the fact the issue saw read one
# byte short), an int, an invalid date then a valid one, a datetime.
"$bin" compile rules/uitbuiting.rules -o "$work/u.rbc" || exit 2
rbc=$work/u.rbc
case08=rules/examples/08-veel-onbekend-maandag.json
now=2016-11-14T10:00
small=tests/oom/oom.rules
small_case=tests/oom/case.json
small_now=2021-03-01T12:00
printf 'noord\nja\nJansen\n14\nRO\n2011-03-04\n2021-03-01T10:00\n' >"$work/answers"
printf 'ja\nonbekend\nnee\n3\n1\nstop\n' >"$work/answers08"
: >"$work/empty"
for f in rules/examples/01-zakkenroller-dinsdag.json "$case08" rules/examples/13-eerste-asiel-verenigd-koninkrijk.json; do
  tr -d '\n' <"$f"; echo
done >"$work/batch.jsonl"
printf '{"leeftjd": 3, "nationaliteit": "UK"}\n\n{"now": "2016-11-14T09:00", "id": 7}\n' >>"$work/batch.jsonl"
{ tr -d '\n' <"$small_case"; echo; printf '{"id": "b", "naam": "%s", "regio": "zuid"}\n' "$(printf '%16384s' '' | tr ' ' x)"; } \
  >"$work/small.jsonl"

# One scenario: NAME, "big" or "all" (its allocations at a stride, or
# every one), the stdout policy on exit 3 ("-": empty; else a text the
# partial log may not contain), the output file's name or "-", the file
# standard input reads, then the command line ("@" in it stands for the
# scenario's own output directory).
scenario() { # NAME big|all POLICY OUTFILE STDIN ARGS...
  name=$1 size=$2 policy=$3 outfile=$4 input=$5 exits=
  shift 5
  case $name in
    diff*) exits="--exit 1 --oom-exit 2" ;;  # diff: 1 different, 2 error
    "eval --batch") exits="--exit 1" ;;      # a bad line among the cases
  esac
  scenarios=$((scenarios + 1))
  out=$work/out$scenarios
  mkdir "$out"
  args=
  for a in "$@"; do args="$args $(printf '%s' "$a" | sed "s|@|$out|g")"; done
  # shellcheck disable=SC2086  # the arguments have no spaces
  set -- $args
  if [ "$size" = big ]; then every=$stride; else every=1; fi
  # shellcheck disable=SC2086  # $exits is two options or none
  set -- --name "$name" --stdin "$input" --stride "$every" --persist-stride $((7 * every)) $exits \
    -- "$bin" "$@"
  [ "$outfile" = - ] || set -- --output "$out/$outfile" "$@"
  [ "$policy" = - ] || set -- --log "$policy" "$@"
  if "$oomrun" "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

scenario compile all - u.rbc "$work/empty" compile rules/uitbuiting.rules -o @/u.rbc
scenario eval all - - "$work/empty" eval "$rbc" --facts "$case08" --now "$now"
scenario "eval --explain" all - - "$work/empty" eval "$rbc" --facts "$case08" --now "$now" --explain
scenario "eval --json" big - - "$work/empty" eval "$rbc" --facts "$case08" --now "$now" --json
scenario "eval --report md" all - - "$work/empty" eval "$rbc" --facts "$case08" --now "$now" --report md
scenario "eval --report html -o" all - zaak.html "$work/empty" \
  eval "$rbc" --facts "$case08" --now "$now" --report html -o @/zaak.html
scenario "interview --facts" all '  versie:' - "$work/answers08" \
  interview "$rbc" --facts "$case08" --now "$now"
scenario test big ' passed, ' - "$work/empty" test rules/uitbuiting.rules
scenario "small: eval .rules --json --with-facts, case on stdin" all - - "$small_case" \
  eval "$small" --now "$small_now" --json --with-facts
scenario "small: eval --report md -o" all - zaak.md "$work/empty" \
  eval "$small" --facts "$small_case" --now "$small_now" --report md -o @/zaak.md
# eval --batch: every buffer is taken before the first line, so running out
# of memory leaves standard output empty; a few lines, a bad one among them
# (exit 1 without injection), the text fact of oom.rules at full length.
scenario "eval --batch" all - - "$work/batch.jsonl" eval "$rbc" --batch - --now "$now"
scenario "small: eval --batch, text facts" all - - "$work/small.jsonl" \
  eval "$small" --batch - --now "$small_now" --fields id,fired,actions
scenario "small: interview --save" all '  versie:' zaak.json "$work/answers" \
  interview "$small" --now "$small_now" --save @/zaak.json
scenario "small: test" all ' passed, ' - "$work/empty" test "$small"
# The other commands, on the small rulebook (corpus streams its cases: any
# whole lines before the failure may stand; schema's allocations are mostly
# the country codes, one after another), and diff (exit 1: the two differ;
# 2 for any error).
"$bin" compile "$small" -o "$work/small.rbc" || exit 2
scenario "small: info --json" all - - "$work/empty" info "$work/small.rbc" --json
scenario "small: schema" big - - "$work/empty" schema "$work/small.rbc"
scenario "small: audit --json" all - - "$work/empty" audit "$work/small.rbc" --json
scenario "small: disasm" all - - "$work/empty" disasm "$work/small.rbc"
scenario "small: corpus" all '' - "$work/empty" corpus "$work/small.rbc" --count 3
scenario "diff --json" big - - "$work/empty" diff tests/golden/diff/old.rules tests/golden/diff/new.rules --json
# The officer's tools: check (every lint, JSON), graph with a case laid over
# it, fmt from standard input, test with a JUnit file, doc.
scenario "check --json" big - - "$work/empty" check rules/uitbuiting.rules --now "$now" --json
scenario "graph --facts" big - - "$work/empty" graph "$rbc" --facts "$case08" --now "$now"
scenario "small: fmt -" all - - "$small" fmt -
scenario "small: test --junit" all ' passed, ' junit.xml "$work/empty" test "$small" --junit @/junit.xml
# signaal doc: the literate rulebook, to standard output and (HTML) to a
# file written atomically.
scenario "doc" big - - "$work/empty" doc rules/uitbuiting.rules
scenario "doc --format html -o" big - map.html "$work/empty" \
  doc rules/uitbuiting.rules --format html -o @/map.html

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
