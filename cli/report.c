/* report.c — helpers shared by output_text.c and output_json.c. */
#include "report.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int report_has_step(int32_t step) {
  /* The API does not name the value of "no step"; rules without one sort
   * after all others, so the compiler stores an extreme value or a
   * non-positive one. Protocol steps are positive numbers. */
  return step > 0 && step != INT32_MAX;
}

void report_hex(const uint8_t *hash, char out[65]) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < 32; i++) {
    out[2 * i] = hash != NULL ? digits[hash[i] >> 4] : '0';
    out[2 * i + 1] = hash != NULL ? digits[hash[i] & 15] : '0';
  }
  out[64] = '\0';
}

size_t *report_waiting(sg_context *ctx, size_t rule, size_t *count) {
  *count = 0;
  size_t probe[1];
  size_t n = sg_rule_waiting(ctx, rule, probe, 0);
  if (n == 0) return NULL;
  size_t *slots = calloc(n, sizeof *slots);
  if (slots == NULL) {
    *count = (size_t)-1;
    return NULL;
  }
  size_t again = sg_rule_waiting(ctx, rule, slots, n);
  *count = again < n ? again : n;
  return slots;
}

/* Whether `key` is a key of table `table`. */
static int table_has_key(const sg_rulebook *rb, size_t table, const char *key) {
  for (size_t e = 0; e < sg_table_entry_count(rb, table); e++) {
    const char *k = sg_table_key(rb, table, e);
    if (k != NULL && key != NULL && strcmp(k, key) == 0) return 1;
  }
  return 0;
}

long report_contact_fact(const sg_rulebook *rb, size_t table, const unsigned char *known) {
  if (known == NULL) return -1;
  long found = -1;
  for (size_t slot = 0; slot < sg_fact_count(rb); slot++) {
    if (known[slot] || sg_fact_type(rb, slot) != SG_ENUM) continue;
    size_t values = sg_fact_enum_count(rb, slot);
    size_t v = 0;
    while (v < values && table_has_key(rb, table, sg_fact_enum_value(rb, slot, v))) v++;
    if (values == 0 || v < values) continue;
    if (found >= 0) return -1; /* ambiguous */
    found = (long)slot;
  }
  return found;
}

const char *report_str(const char *text) {
  return text != NULL ? text : "";
}
