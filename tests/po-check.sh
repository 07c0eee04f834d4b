#!/bin/sh
# po-check.sh — every message has its Dutch translation: the messages are
# extracted from the sources afresh (xgettext, the Makefile's flags), merged
# with po/nl.po, and msgfmt --statistics must find none untranslated or fuzzy.
# A message added to the code without a translation in po/nl.po fails
# `make test`; `make pot` then merges it into po/nl.po for translating.
#
# Usage: sh tests/po-check.sh BUILD XGETTEXT-FLAGS... -- SOURCES...
set -u
build=$1
shift
flags=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  flags="$flags $1"
  shift
done
shift
mkdir -p "$build/po"
# shellcheck disable=SC2086 # the flags are words
xgettext $flags -o "$build/po/signaal.pot" "$@" 2>"$build/po/xgettext.log" || {
  cat "$build/po/xgettext.log"
  exit 1
}
msgmerge --quiet --no-fuzzy-matching -o "$build/po/nl.po" po/nl.po "$build/po/signaal.pot" || exit 1
stats=$(LC_ALL=C msgfmt --check --statistics -o "$build/po/check.mo" "$build/po/nl.po" 2>&1) || {
  echo "$stats"
  exit 1
}
echo "== po/nl.po: $stats"
case $stats in
  *untranslated* | *fuzzy*)
    echo "** po/nl.po lacks translations: run 'make pot' and translate the empty msgstr"
    exit 1 ;;
esac
exit 0
