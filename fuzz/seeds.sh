#!/bin/sh
# seeds.sh — rebuild fuzz/corpus/load/ from the compiler's output: the bundled
# rulebook and every valid text in fuzz/corpus/compile/, each compiled to
# bytecode. Run it when the bytecode format or the compiler changes.
#
#   sh fuzz/seeds.sh [BUILD_DIR]       (needs BUILD_DIR/signaal; default build)
#
# The files are named NAME.bin, not NAME.rbc: .gitignore ignores *.rbc.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
signaal=${1:-build}/signaal
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
