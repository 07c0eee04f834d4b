#!/bin/sh
# browser.sh — the case worker's page (web/) in a real browser: starts
# `BUILD/signaal serve rules/uitbuiting.rules` on 127.0.0.1 (a port the
# system picks, read from --port-file) and drives the page it serves in
# headless Chromium through the DevTools protocol (tests/browser.py): a
# whole interview of bundled cases by keyboard, the advice shown against
# `signaal eval --report json` at the example's moment, the printed report,
# the accessibility checks, no request outside the server's origin.
#
#   sh tests/browser.sh BUILD_DIR
#
# Cases: rules/examples/02-… and 16-… (a night in the weekend, unknown
# facts, an int, enums, a moment; a country); SG_BROWSER_CASES="FILE…" for
# others, SG_BROWSER_CASES=all for every case of rules/examples/.
# Prints "ok …" or "** …" per test and "N passed, N failed" (tests/run.sh
# counts them). Exits 77, saying why, when it cannot run: a build without
# the serve command, or SG_SKIP_BROWSER=1. Chromium or python3-websocket
# missing is a failure (make deps installs both).
#
# SG_BROWSER_OFFLINE=1 (tests/browser-offline.sh): no server; the page of
# make web, BUILD_DIR/web/index.html, opened as a file (browser.py
# --offline), case 16 by default; exits 77 when BUILD_DIR/web was not built.
set -u
build=${1:?usage: sh tests/browser.sh BUILD_DIR}
offline=${SG_BROWSER_OFFLINE:-0}
signaal=$build/signaal
rules=rules/uitbuiting.rules
chromium=${CHROMIUM:-/usr/bin/chromium}

if [ "${SG_SKIP_BROWSER:-0}" = 1 ]; then
  echo "skipped: SG_SKIP_BROWSER=1"
  exit 77
fi
if [ "$offline" = 1 ]; then
  missing=
  for f in index.html app.js style.css signaal-data.js page-data.js engine-wasm.js engine-local.js; do
    [ -f "$build/web/$f" ] || missing="$missing $f"
  done
  if [ -n "$missing" ]; then
    echo "skipped: $build/web was not built (make web; missing:$missing), which needs clang, wasi-libc and lld"
    exit 77
  fi
elif ! "$signaal" serve --help >/dev/null 2>&1; then
  echo "skipped: $signaal has no serve command"
  exit 77
fi
# Debian's python3, where python3-websocket is installed (a python3 first
# in PATH, such as pyenv's, may not have it)
python=/usr/bin/python3
[ -x "$python" ] || python=python3
if [ ! -x "$chromium" ]; then
  echo "** $chromium is missing: make deps installs the Debian package chromium (or SG_SKIP_BROWSER=1)"
  echo "0 passed, 1 failed"
  exit 1
fi

case ${SG_BROWSER_CASES:-} in
  '') if [ "$offline" = 1 ]; then
        cases="rules/examples/16-roemeens-meisje-asiel-italie.json"
      else
        cases="rules/examples/02-zaterdagnacht-rotterdam.json rules/examples/16-roemeens-meisje-asiel-italie.json"
      fi ;;
  all) cases=$(ls rules/examples/*.json) ;;
  *) cases=$SG_BROWSER_CASES ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/signaal-browser.XXXXXX") || exit 2
pid=
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

run_browser() { # the options of browser.py that say which page
  # shellcheck disable=SC2086  # the cases are a list of files
  TMPDIR=$tmp timeout 600 "$python" tests/browser.py "$@" --signaal "$signaal" \
    --rules "$rules" --chromium "$chromium" $cases
  status=$?
  if [ "$status" -eq 124 ]; then
    echo "** browser: tests/browser.py did not finish in 600 s"
    echo "0 passed, 1 failed"
  fi
}

if [ "$offline" = 1 ]; then
  run_browser --offline "$build/web"
  exit "$status"
fi

"$signaal" serve "$rules" --listen 127.0.0.1:0 --port-file "$tmp/port" 2>"$tmp/server.log" &
pid=$!
# the port, once the server listens (60 s: the sanitizer builds start slowly)
tries=0
while [ ! -s "$tmp/port" ]; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$tries" -ge 600 ]; then
    cat "$tmp/server.log"
    echo "** browser: signaal serve did not start listening"
    echo "0 passed, 1 failed"
    exit 1
  fi
  sleep 0.1
  tries=$((tries + 1))
done
port=$(cat "$tmp/port")
port=${port##*:}

# (and, when make web made it, the offline engine's questions against the server's)
if [ -f "$build/web/engine-local.js" ] && [ -f "$build/web/page-data.js" ]; then
  run_browser --base "http://127.0.0.1:$port" --web "$build/web"
else
  run_browser --base "http://127.0.0.1:$port"
fi

# the server stops cleanly on SIGTERM
kill -TERM "$pid"
wait "$pid"
server=$?
pid=
if [ "$server" -ne 0 ]; then
  cat "$tmp/server.log"
  echo "** browser: signaal serve exited with status $server after SIGTERM"
  status=1
fi
exit "$status"
