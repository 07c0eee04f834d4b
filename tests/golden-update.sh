#!/bin/sh
# golden-update.sh — rewrite the golden files named, one by one, showing the
# diff of each: what `make golden-update FILE=…` runs.
#
#   sh tests/golden-update.sh BUILD_DIR "GOLDEN..." TEST_BINARIES...
#
# Each GOLDEN is a file under tests/golden/ (tests/golden/report/08.md or
# report/08.md); `all` rewrites every golden that differs (after a change
# to the rules, one command), each with its diff. Runs the test binaries with SG_UPDATE_GOLDEN naming them
# (tests/testutil.h): the test that compares a golden rewrites it and
# reports the unified diff of what changed. Fails when a named golden is
# compared by no test, so a typo never passes for an update. Other tests
# are run too, but their results are not this script's business: run
# `make test` afterwards.

if [ $# -lt 2 ] || [ -z "$2" ]; then
  echo "usage: make golden-update FILE=tests/golden/NAME (several: FILE=\"A B\"; every one that differs: FILE=all)" >&2
  exit 2
fi
build=$1
names=$2
shift 2
cd "$(dirname "$0")/.." || exit 2

list=
if [ "$names" = all ]; then  # every golden a test compares and finds different
  list='*'
  names=
fi
for file in $names; do
  name=${file#./}
  name=${name#tests/golden/}
  case $name in
    ''|/*|*..*|*,*) echo "golden-update: '$file' is not a file under tests/golden/" >&2; exit 2 ;;
  esac
  list=${list:+$list,}$name
done

log=$(mktemp "${TMPDIR:-/tmp}/signaal-golden.XXXXXX") || exit 2
out=$(mktemp "${TMPDIR:-/tmp}/signaal-golden-run.XXXXXX") || exit 2
trap 'rm -f "$log" "$out"' EXIT INT TERM

for bin in "$@"; do
  SG_UPDATE_GOLDEN=$list SG_GOLDEN_LOG=$log "$bin" >"$out" 2>&1
done
cat "$log"

status=0
for file in $names; do
  name=${file#./}
  name=${name#tests/golden/}
  golden=tests/golden/$name
  if ! grep -Fxq -e "golden: updated $golden" -e "golden: created $golden" \
       -e "golden: unchanged $golden" "$log"; then
    echo "golden-update: no test compares tests/golden/$name: nothing written" >&2
    status=1
  fi
done
if [ "$status" = 0 ] && grep -Eq '^golden: (updated|created) ' "$log"; then
  echo "golden-update: review the diff above, run make test, and commit the golden with the change that made it"
fi
exit $status
