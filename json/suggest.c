/* suggest.c — the closest-name search behind the "did you mean …?" hints
 * (the edit distance is util.h's, shared with the compiler).
 */
#include "suggest.h"

#include <string.h>

#include "util.h"

const char *suggest_closest(const char *word, const char *(*name_at)(const void *data, size_t i),
                            const void *data, size_t count) {
  const char *best = NULL;
  size_t best_distance = SUGGEST_MAX_DISTANCE + 1;
  for (size_t i = 0; i < count; i++) {
    const char *name = name_at(data, i);
    if (name == NULL) continue;
    size_t d = sgr_edit_distance(word, name, SUGGEST_MAX_DISTANCE);
    if (d == 0) return NULL;
    if (d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}
