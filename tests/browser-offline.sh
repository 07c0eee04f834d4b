#!/bin/sh
# browser-offline.sh — the case worker's page with no server at all:
# BUILD_DIR/web/index.html (make web) opened as a file (file://) in
# headless Chromium, driven by tests/browser.py --offline: a whole interview
# of a bundled case by keyboard, the advice shown against `signaal eval
# --report json` at the example's moment, the page's own print with its
# note, saving and loading the case, the accessibility checks, and no
# request but the page's own files (docs/web.md, "Offline, in the browser").
# tests/browser.sh does the work (SG_BROWSER_OFFLINE=1); it exits 77,
# saying why, when BUILD_DIR/web was not built (no WebAssembly toolchain).
#
#   sh tests/browser-offline.sh BUILD_DIR
build=${1:?usage: sh tests/browser-offline.sh BUILD_DIR}
SG_BROWSER_OFFLINE=1 exec sh tests/browser.sh "$build"
