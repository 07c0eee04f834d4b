#!/bin/sh
# serve.sh — the load test of `signaal serve` (make bench-serve: 60 s; make
# test: 5 s, tests/run.sh): the server on 127.0.0.1 (a port the system picks)
# with the bundled rulebook and 2 worker threads, and wrk posting to
# /v1/eval, round robin, 2,000 different cases of `signaal corpus --seed 7`
# (bench/serve.lua), for SECONDS with 2 threads and 8 connections. Reports
# requests per second, the latency's p50 and p99, the errors (non-2xx
# responses, socket errors) and the server's resident memory (VmRSS of
# /proc/PID/status) at the start, after the first tenth of the run, and at
# the end. Exits 1 on any error.
#
#   sh bench/serve.sh SECONDS [BUILD_DIR]
set -eu
seconds=${1:-60}
build=${2:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v wrk >/dev/null 2>&1 || { echo "bench/serve.sh: wrk is missing (make deps)" >&2; exit 1; }
tmp_name=signaal-load
. bench/serve_common.sh

"$build/signaal" compile rules/uitbuiting.rules -o "$tmp/regelboek.rbc"
serve_cases 2000 7
serve_start "$tmp/regelboek.rbc" 2
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
rss_start=$(rss)
# sample the memory after a tenth of the run, while wrk runs
tenth=$(( (seconds + 9) / 10 ))
( sleep "$tenth"; rss > "$tmp/rss_early" ) &
sampler=$!
SG_SERVE_CASES="$tmp/cases.lua" wrk -t2 -c8 -d"${seconds}s" --timeout 10s --latency \
  -s bench/serve.lua "$url/" > "$tmp/wrk.out" 2>&1 || true
wait "$sampler" || true
rss_end=$(rss)
rss_early=$(cat "$tmp/rss_early" 2>/dev/null || echo "?")
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=

rps=$(sed -n 's/^Requests\/sec: *//p' "$tmp/wrk.out")
p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk.out")
p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.out")
total=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$tmp/wrk.out")
non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$tmp/wrk.out")
sockets=$(sed -n 's/^ *Socket errors: *//p' "$tmp/wrk.out")
logged=$(grep -c ' 200 .* us edition ' "$tmp/server.log" || true)
echo "signaal serve, POST /v1/eval, ${seconds}s, 2 server threads, wrk 2 threads 8 connections:"
echo "  requests:  ${total:-?} (${rps:-?}/s), logged 200: $logged"
echo "  latency:   p50 ${p50:-?}, p99 ${p99:-?}"
echo "  errors:    non-2xx ${non2xx:-0}; socket ${sockets:-none}"
echo "  VmRSS:     start ${rss_start} kB, after ${tenth}s ${rss_early} kB, end ${rss_end} kB"
echo "  exit:      $status"
if [ -z "$rps" ] || [ -n "$non2xx" ] || [ -n "$sockets" ] || [ "$status" != 0 ] ||
   [ "${total:-0}" -eq 0 ]; then
  cat "$tmp/wrk.out"
  echo "bench/serve.sh: FAILED (errors, or no requests)" >&2
  exit 1
fi
