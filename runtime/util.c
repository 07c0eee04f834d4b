/* util.c — one copy of the small utilities of util.h, shared by the
 * runtime, the compiler and the CLI (see util.h).
 */
#include "util.h"

#include <stddef.h>
#include <string.h>

size_t sgr_utf8_prefix(const void *data, size_t n) {
  const uint8_t *s = data;
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    size_t len;
    uint32_t cp, min;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return i;
    if (n - i < len) return i;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return n;
}

int sgr_utf8_valid(const void *data, size_t n) {
  return sgr_utf8_prefix(data, n) == n;
}

int sgr_parse_int(const char *s, int64_t *out) {
  int neg = *s == '-';
  if (*s == '-' || *s == '+') s++;
  if (!*s) return 0;
  uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return 0;
    unsigned d = (unsigned)(*s - '0');
    if (v > (limit - d) / 10) return 0;
    v = v * 10 + d;
  }
  *out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
  return 1;
}

size_t sgr_edit_distance(const char *a, const char *b, size_t cap) {
  size_t la = strlen(a), lb = strlen(b);
  if ((la > lb ? la - lb : lb - la) > cap || lb > 256) return cap + 1;
  size_t row[257];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0], least;
    row[0] = least = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
      if (best < least) least = best;
    }
    if (least > cap) return cap + 1;  /* every later row is at least this */
  }
  return row[lb] > cap ? cap + 1 : row[lb];
}

uint32_t sgr_hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

int sgr_plan(size_t *size, size_t *offset, size_t n, size_t elem) {
  const size_t align = _Alignof(max_align_t);
  size_t start = (*size + align - 1) / align * align;
  if (start < *size) return 0;
  if (elem && n > (SIZE_MAX - start) / elem) return 0;
  *offset = start;
  *size = start + n * elem;
  return 1;
}
