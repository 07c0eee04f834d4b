#!/bin/sh
# apiref.sh — docs/api-reference.md from the public headers: every
# declaration (function, type, macro) with the comment above it, header by
# header, in the headers' order, so the reference says what the headers say
# and nothing else. `make docs` writes it; a test fails when it is stale.
#
#   sh tools/apiref.sh include/signaal.h include/signaal_compiler.h include/signaal_json.h
set -eu
echo "# API reference"
echo
echo "Made by \`tools/apiref.sh\` from the public headers (\`make docs\`); do not edit:"
echo "change the comment in the header. [docs/api.md](api.md) has installing,"
echo "linking, versions, threads and allocation."
for h in "$@"; do
  echo
  echo "## \`$(basename "$h")\`"
  echo
  awk '
    # a comment block, then the declarations up to a blank line, as one entry
    function flush() {
      if (decl != "") {
        if (comment != "") print comment "\n"
        print "```c\n" decl "```\n"
      }
      comment = ""; decl = ""
    }
    BEGIN { comment = ""; decl = ""; head = 1 }
    head && /^#ifndef/ { head = 0 }
    head { next }                               # the file comment: said in api.md
    /^#(ifndef|define SIGNAAL|endif|ifdef __cplusplus|include)/ { next }
    /^extern "C"|^}$/ && !in_decl { next }
    /^[[:space:]]*$/ { if (!in_comment) flush(); next }
    /^\/\* ----/ {                              # a section: "/* ---- Name ---- */"
      flush(); t = $0; gsub(/^\/\* -+ | -+ \*\/$/, "", t); print "### " t "\n"; next
    }
    /^\/\*/ && decl == "" {
      in_comment = 1; text = $0
    }
    in_comment {
      if (!/^\/\*/) text = $0
      sub(/^\/\* ?/, "", text); sub(/^ \* ?/, "", text); sub(/ ?\*\/$/, "", text)
      comment = comment (comment == "" ? "" : "\n") text
      if (/\*\//) in_comment = 0
      next
    }
    { decl = decl $0 "\n"; in_decl = 1 }
    END { flush() }
  ' "$h"
done
