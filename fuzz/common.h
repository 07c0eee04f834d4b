/* common.h — shared by the fuzz targets: an allocator hook that checks the
 * runtime's promises (sg_eval and the explanations never allocate; every
 * free passes the size that was allocated), and fuzz_exercise, which drives
 * a loaded rulebook through every public function that reads it.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "signaal.h"

/* Print "fuzz: WHAT" and abort, so libFuzzer reports the input. */
void fuzz_fail(const char *what);

/* The sg_alloc_fn to load with (userdata unused): malloc-backed, aborts on a
 * wrong osize and on any allocation while sg_eval or an explanation runs. */
void *fuzz_alloc(void *userdata, void *ptr, size_t osize, size_t nsize);

/* While `on`, any allocation through fuzz_alloc aborts (what fuzz_exercise
 * sets around sg_eval; the CLI targets around the session's evaluation). */
void fuzz_alloc_forbid(int on);

/* Read every accessor over every index; disassemble; make a context and
 * evaluate it with every fact unknown, then with every fact known (values
 * drawn from `data`, `size` > 0), then after a reset, reading every outcome,
 * contact, waiting set, reason, fact value and open question each time.
 * Aborts when a promise of signaal.h is broken. The caller keeps `rb`. */
void fuzz_exercise(const sg_rulebook *rb, const uint8_t *data, size_t size);

#endif
