#!/bin/sh
# seeds.sh — rebuild the generated seeds and dictionaries of fuzz/ from the
# compiler's output and the tool's help. Run it when the bytecode format, the
# compiler, the bundled rulebook's facts or the command line change, and
# commit the result.
#
#   sh fuzz/seeds.sh [BUILD_DIR]       (needs BUILD_DIR/signaal; default build;
#                                       and jq, for the rules_case seeds)
#
# - corpus/load/NAME.bin: the bundled rulebook and every valid text of
#   corpus/compile/, compiled (named .bin: .gitignore ignores *.rbc);
# - corpus/rules_case/NAME.txt: each valid text of corpus/compile/, a line
#   "%%", and a case giving every fact of it a value (from `signaal schema`);
# - corpus/args/CMD-N: each example line of every command's --help, one
#   argument a line;
# - case.dict: the bundled rulebook's fact names and enum values, and JSON's
#   words; args.dict: the command names and every option of every --help.
# The hand-written seeds (corpus/compile, corpus/case, corpus/answers) and
# rules.dict and answers.dict are not touched.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
signaal=${1:-build}/signaal
commands="compile eval test disasm schema interview info audit corpus diff"

# ---- bytecode ----
out=fuzz/corpus/load
mkdir -p "$out"
rm -f "$out"/*.bin
"$signaal" compile rules/uitbuiting.rules -o "$out/uitbuiting.bin"
for rules in fuzz/corpus/compile/*.rules; do
  name=$(basename "$rules" .rules)
  # Texts with errors (errors.rules) are seeds for the compiler only.
  "$signaal" compile "$rules" -o "$out/$name.bin" 2>/dev/null || true
done
ls -l "$out"

# ---- rules and a case ----
out=fuzz/corpus/rules_case
mkdir -p "$out"
rm -f "$out"/*.txt
for rules in fuzz/corpus/compile/*.rules; do
  name=$(basename "$rules" .rules)
  schema=$("$signaal" schema "$rules" 2>/dev/null) || continue
  { cat "$rules"; echo "%%"; printf '%s\n' "$schema" | jq '.properties | map_values(
      if .enum then (.enum | map(select(. != null)) | .[-1])
      elif (.type | index("boolean")) then true
      elif (.type | index("integer")) then 15
      elif .format == "date" then "2016-11-08"
      elif .pattern then "2016-11-08T23:30"
      else "<b>tekst</b> & \"meer\"" end)'; } >"$out/$name.txt"
done
ls -l "$out"

# ---- command lines ----
out=fuzz/corpus/args
mkdir -p "$out"
rm -f "$out"/*
for cmd in $commands; do
  n=0
  "$signaal" help "$cmd" | sed -n '/^Examples:/,/^$/s/^  signaal //p' | sed 's/ [|<>].*//' |
    while read -r line; do
      n=$((n + 1))
      printf '%s' "$line" | tr ' ' '\n' >"$out/$cmd-$n"
    done
done
find "$out" -type f | wc -l

# ---- dictionaries ----
{
  echo "# case.dict — libFuzzer dictionary for fuzz_case: JSON's words and the bundled"
  echo "# rulebook's fact names and enum values. Made by fuzz/seeds.sh."
  for w in '{' '}' '[' ']' ':' ',' '"' 'true' 'false' 'null' '\u0000' '\"' '\u00e9' \
           '"2016-11-08"' '"2016-11-08T12:00"' '"2016-11-08T12:00:59"' '"NL"' '"GB"' '1e400'; do
    printf '"%s"\n' "$(printf '%s' "$w" | sed 's/\\/\\\\/g; s/"/\\"/g')"
  done
  "$signaal" schema rules/uitbuiting.rules | jq -r '.properties | to_entries[] |
      .key, (.value.enum // [] | map(select(. != null and (test("^[A-Z][A-Z]$") | not))) | .[])' |
    sort -u | sed 's/.*/"\\"&\\""/'
} >fuzz/case.dict
{
  echo "# args.dict — libFuzzer dictionary for fuzz_args: the command names and every"
  echo "# option of every --help. Made by fuzz/seeds.sh."
  for cmd in $commands; do printf '"%s"\n' "$cmd"; done
  for cmd in $commands; do "$signaal" help "$cmd"; done |
    grep -oE -- '(^|[ ,[])--?[a-zA-Z][a-z-]*' | sed 's/^[ ,[]//' | sort -u | sed 's/.*/"&"/'
  for w in '--' '-' '=' '2016-11-08' '2016-11-08T12:00' 'text' 'json' 'md' 'html'; do
    printf '"%s"\n' "$w"
  done
} >fuzz/args.dict
wc -l fuzz/case.dict fuzz/args.dict
