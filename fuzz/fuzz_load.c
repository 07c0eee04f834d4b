/* fuzz_load.c — libFuzzer target for the loader and verifier: arbitrary bytes
 * go to sg_rulebook_load; a rulebook that loads goes through fuzz_exercise
 * (every accessor, eval with facts unknown and known, waiting sets and the
 * other explanations, disassembly). Built twice by fuzz/run.sh: fuzz_load
 * (the public loader, CRC checked) and fuzz_load_nocrc (-DFUZZ_UNCHECKED_CRC:
 * the same loader without the CRC comparison, so mutated files reach the
 * structural checks).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common.h"
#include "signaal.h"
#ifdef FUZZ_UNCHECKED_CRC
#include "internal.h" /* sgt_rulebook_load_unchecked_crc */
#define FUZZ_LOAD sgt_rulebook_load_unchecked_crc
#else
#define FUZZ_LOAD sg_rulebook_load
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sg_rulebook *rb = (sg_rulebook *)&rb; /* the loader must set it to NULL on failure */
  sg_error err;
  if (FUZZ_LOAD(data, size, fuzz_alloc, NULL, &rb, &err) != SG_OK) {
    if (rb != NULL) fuzz_fail("a failed load left *out set");
    if (memchr(err.message, 0, sizeof err.message) == NULL) fuzz_fail("unterminated error message");
    return 0;
  }
  fuzz_exercise(rb, data, size);
  sg_rulebook_free(rb);
  return 0;
}
