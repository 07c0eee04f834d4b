/* suggest.h — "did you mean …?": the closest name to a misspelt one, by
 * edit distance. Used for unknown commands, options and fact names.
 */
#ifndef SG_CLI_SUGGEST_H
#define SG_CLI_SUGGEST_H

#include <stddef.h>

/* The largest edit distance for which a name is still suggested. */
#define SUGGEST_MAX_DISTANCE 2

/* The candidate closest to `word` within SUGGEST_MAX_DISTANCE, or NULL.
 * `name_at(data, i)` gives candidate i of `count`; on a tie the first wins.
 * An exact match is not a suggestion (returns NULL). */
const char *suggest_closest(const char *word, const char *(*name_at)(const void *data, size_t i),
                            const void *data, size_t count);

#endif
