/* fuzz_rules_case.c — libFuzzer target for rules and facts together: the
 * input is a rule text, a line "%%", and a case file (JSON); without the
 * line, all of it is the rule text and the case is "{}". The rule text is
 * compiled (sgc_compile_string); when it compiles, its image is loaded and
 * the case goes through fuzz_case_run (cli_common.h) on it: the case reader,
 * the evaluation and every report, on rulebooks the fuzzer makes up, with
 * the same checks as fuzz_case.
 *
 * As in fuzz_compile, a rule text with both "include" and a '/' is
 * skipped, and fuzz/run.sh runs the target in an empty folder.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cli_common.h"
#include "signaal.h"
#include "signaal_compiler.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char separator[] = "\n%%\n";
  const char *text = (const char *)data;
  size_t rules_len = size;
  const char *json = "{}";
  size_t json_len = 2;
  for (size_t i = 0; i + sizeof separator - 1 <= size; i++) {
    if (memcmp(text + i, separator, sizeof separator - 1) == 0) {
      rules_len = i + 1;  /* the rule text keeps its last line end */
      json = text + i + sizeof separator - 1;
      json_len = size - i - (sizeof separator - 1);
      break;
    }
  }
  if (fuzz_find(text, rules_len, "include", 7) && memchr(text, '/', rules_len) != NULL) return -1;

  sgc_compiler *c = sgc_new();
  if (c == NULL) return 0;
  if (sgc_compile_string(c, "fuzz.rules", text, rules_len) == 0) {
    sg_rulebook *rb = fuzz_load_image(c);
    fuzz_case_run(rb, json, json_len, fuzz_hash(data, size));
    sg_rulebook_free(rb);
  }
  sgc_free(c);
  return 0;
}
