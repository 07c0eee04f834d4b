/* fuzz_case.c — libFuzzer target for the case reader with evaluation:
 * arbitrary bytes as a case file (JSON) read by the tool's case reader
 * (cli/facts.c) into a session on the bundled rulebook (compiled once, on
 * the first input), evaluated at a moment the input picks, and written in
 * every report format (text, JSON, Markdown, HTML) into memory; the known
 * facts saved as interview --save does and read back. The checks are
 * fuzz_case_run's (cli_common.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "cli_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_case_run(fuzz_bundled(), (const char *)data, size, fuzz_hash(data, size));
  return 0;
}
