#!/bin/sh
# serve_race.sh — `signaal serve` under ThreadSanitizer (make tsan): the
# server built with -fsanitize=thread, 4 worker threads, wrk posting varied
# cases to /v1/eval for SECONDS while the rulebook file is swapped between
# rules/edities/2026-11.rbc and 2026-12.rbc (SIGHUP and POST /v1/reload)
# and /v1/batch and /v1/questions are called. Fails on any ThreadSanitizer
# report or when the server does not exit 0 on SIGTERM.
#
#   sh tests/serve_race.sh BUILD_DIR [SECONDS]
set -eu
build=$1
seconds=${2:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tmp_name=signaal-race
. bench/serve_common.sh
cp rules/edities/2026-12.rbc "$tmp/regelboek.rbc"
serve_cases 200 3
SERVE_ENV="TSAN_OPTIONS=halt_on_error=0:history_size=4"
serve_start "$tmp/regelboek.rbc" 4
SG_SERVE_CASES="$tmp/cases.lua" wrk -t2 -c8 -d"${seconds}s" -s bench/serve.lua "$url/" \
  > "$tmp/wrk.out" 2>&1 &
load=$!
swap() { cp "$1" "$tmp/staged.rbc"; mv "$tmp/staged.rbc" "$tmp/regelboek.rbc"; }
rounds=$(( seconds / 2 ))
while [ "$rounds" -gt 0 ]; do
  sleep 0.7
  swap rules/edities/2026-11.rbc
  kill -HUP "$pid"
  curl -s -X POST "$url/v1/reload" > /dev/null
  swap rules/edities/2026-12.rbc
  kill -HUP "$pid"
  curl -s -H 'Content-Type: application/x-ndjson' --data-binary @"$tmp/corpus.jsonl" \
    "$url/v1/batch" > /dev/null
  curl -s -H 'Content-Type: application/json' -d '{}' "$url/v1/questions" > /dev/null
  rounds=$((rounds - 1))
done
wait "$load" || true
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
reports=$(grep -c 'WARNING: ThreadSanitizer' "$tmp/server.log" || true)
reloads=$(grep -c 'signaal serve: reloaded' "$tmp/server.log" || true)
requests=$(grep -c ' us edition ' "$tmp/server.log" || true)
echo "signaal serve under ThreadSanitizer: $requests requests, $reloads reloads, $reports reports, exit $status"
if [ "$reports" != 0 ] || [ "$status" != 0 ]; then
  cat "$tmp/server.log" | grep -v ' us edition ' >&2
  exit 1
fi
