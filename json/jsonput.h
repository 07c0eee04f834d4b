/* jsonput.h — building JSON with jansson while counting failures: the
 * writers (output_json.c, cmd_info.c, decision_log.c) build a whole object
 * and check one flag at the end instead of every call.
 */
#ifndef SG_CLI_JSONPUT_H
#define SG_CLI_JSONPUT_H

#include <jansson.h>

/* jansson's setters steal the new reference; a NULL value (out of memory)
 * makes them fail, which we count in `*failed`. */
static inline void put(json_t *object, const char *key, json_t *value, int *failed) {
  if (object == NULL || value == NULL || json_object_set_new(object, key, value) != 0) {
    *failed = 1;
    if (object == NULL) json_decref(value);
  }
}

/* Append to an array, as put() sets a key. */
static inline void append(json_t *array, json_t *value, int *failed) {
  if (array == NULL || value == NULL || json_array_append_new(array, value) != 0) {
    *failed = 1;
    if (array == NULL) json_decref(value);
  }
}

/* A string, or null for NULL / "" (an absent optional text). */
static inline json_t *optional_string(const char *text) {
  return text != NULL && text[0] != '\0' ? json_string(text) : json_null();
}

#endif
