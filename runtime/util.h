/* util.h — the runtime's small utilities that the compiler and the CLI use
 * too: strict UTF-8 validation, strict integer parsing, edit distance for
 * "did you mean", the FNV-1a string hash and the arena planner. One copy of
 * each; util.c is linked privately into each library and the CLI (sgr_
 * names are never exported from a library). Internal.
 */
#ifndef SG_UTIL_H
#define SG_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* 1 when the `n` bytes at `s` are strict UTF-8: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no sequence cut off; else 0. */
int sgr_utf8_valid(const void *s, size_t n);

/* How many of the `n` bytes at `s` are strict UTF-8 before the first
 * sequence that is not (the offset of its first byte); `n` when all are. */
size_t sgr_utf8_prefix(const void *s, size_t n);

/* Parse `s` as a strict decimal int64 (optional sign, at least one digit,
 * nothing else, no overflow) into *out; returns 1, or 0 leaving *out. */
int sgr_parse_int(const char *s, int64_t *out);

/* Levenshtein distance between `a` and `b` in bytes, capped: any distance
 * above `cap` is returned as cap + 1 (so long inputs stay cheap). */
size_t sgr_edit_distance(const char *a, const char *b, size_t cap);

/* FNV-1a hash of the NUL-terminated `s`. */
uint32_t sgr_hash(const char *s);

/* Arena planning: add an array of `n` elements of `elem` bytes to a plan
 * whose size so far is *size; *offset gets the array's offset (aligned for
 * any type) and *size grows. Returns 0 when the size overflows. */
int sgr_plan(size_t *size, size_t *offset, size_t n, size_t elem);

#endif
