/* suggest.c — edit distance and the closest-name search behind the
 * "did you mean …?" hints.
 */
#include "suggest.h"

#include <string.h>

/* Names longer than this are never suggested (and never compared). */
#define SUGGEST_MAX_LENGTH 128

size_t suggest_distance(const char *a, const char *b, size_t cap) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > SUGGEST_MAX_LENGTH || lb > SUGGEST_MAX_LENGTH) return cap + 1;
  if ((la > lb ? la - lb : lb - la) > cap) return cap + 1;
  size_t row[SUGGEST_MAX_LENGTH + 1];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diagonal = row[0];
    row[0] = i;
    size_t row_min = row[0];
    for (size_t j = 1; j <= lb; j++) {
      size_t above = row[j];
      size_t best = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      if (above + 1 < best) best = above + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diagonal = above;
      if (best < row_min) row_min = best;
    }
    if (row_min > cap) return cap + 1;
  }
  return row[lb] > cap ? cap + 1 : row[lb];
}

const char *suggest_closest(const char *word, const char *(*name_at)(const void *data, size_t i),
                            const void *data, size_t count) {
  const char *best = NULL;
  size_t best_distance = SUGGEST_MAX_DISTANCE + 1;
  for (size_t i = 0; i < count; i++) {
    const char *name = name_at(data, i);
    if (name == NULL) continue;
    size_t d = suggest_distance(word, name, SUGGEST_MAX_DISTANCE);
    if (d == 0) return NULL;
    if (d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}
