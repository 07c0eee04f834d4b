# serve_common.sh — what bench/serve.sh (the load test) and
# tests/serve_race.sh (make tsan) share, sourced by both: a scratch
# directory removed on exit with the server, the corpus turned into wrk's
# cases, and `signaal serve` started on a port the system picks.
# The sourcing script sets `build` and `tmp_name` first.

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$tmp_name.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# serve_cases COUNT SEED: $tmp/corpus.jsonl (`signaal corpus`) and
# $tmp/cases.lua for bench/serve.lua, each case as {now, body}: "now" goes
# to the query, the rest is the case file.
serve_cases() {
  "$build/signaal" corpus rules/uitbuiting.rules --count "$1" --seed "$2" > "$tmp/corpus.jsonl"
  python3 - "$tmp/corpus.jsonl" "$tmp/cases.lua" <<'PY'
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    out.write("return {\n")
    for line in f:
        case = json.loads(line)
        now = case.pop("now")
        out.write("{%s, [==[%s]==]},\n" % (json.dumps(now), json.dumps(case, ensure_ascii=False)))
    out.write("}\n")
PY
}

# serve_start RBC THREADS: the server in the background (`pid`), its log in
# $tmp/server.log, `url` once it listens; exits 1 with the log when it
# does not start within 30 s. SERVE_ENV: environment for the server
# (ThreadSanitizer's options).
serve_start() {
  env ${SERVE_ENV:-} "$build/signaal" serve "$1" --listen 127.0.0.1:0 --port-file "$tmp/port" \
    --threads "$2" 2>"$tmp/server.log" &
  pid=$!
  i=0
  while [ ! -s "$tmp/port" ]; do
    i=$((i + 1))
    if [ "$i" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "the server did not start" >&2
      cat "$tmp/server.log" >&2
      exit 1
    fi
    sleep 0.05
  done
  url=http://127.0.0.1:$(cat "$tmp/port")
}
