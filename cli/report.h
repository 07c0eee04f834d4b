/* report.h — what the text and JSON reports of `signaal eval` share: the
 * report entry points and small helpers for reading outcomes.
 */
#ifndef SG_CLI_REPORT_H
#define SG_CLI_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "signaal.h"

/* One evaluated case, as the reports read it. */
typedef struct {
  const sg_rulebook *rb;
  sg_context *ctx;             /* after sg_eval */
  int64_t now;                 /* the moment of evaluation */
  const unsigned char *known;  /* known[slot]: the case gave the fact a value;
                                  may be NULL (then nothing is assumed) */
} report_case;

/* Write the report of an evaluated case to `out`: the Dutch text report
 * (output_text.c) or the JSON object (output_json.c). Return an exit code
 * (CLI_EXIT_IO when out of memory). */
int output_text(FILE *out, const report_case *rc);
int output_json(FILE *out, const report_case *rc);

/* Whether a rule's step is a real step (rules without `step` carry a
 * sentinel the compiler chooses; see report.c). */
int report_has_step(int32_t step);

/* Lower-case hex of a 32-byte hash into `out` (65 bytes, NUL-terminated). */
void report_hex(const uint8_t *hash, char out[65]);

/* The fact slots undetermined rule `rule` waits for, in a new array (free
 * it); *count gets how many. Returns NULL with *count 0 when there are none,
 * and NULL with *count (size_t)-1 when out of memory. */
size_t *report_waiting(sg_context *ctx, size_t rule, size_t *count);

/* The fact an unresolved contact of table `table` waits for, or -1 when it
 * cannot be told. The API does not say which expression selects a contact,
 * so this infers it: the one enum fact, unknown in the case, every value of
 * which is a key of the table (as with `contact rvdk_kantoren[rvdk_locatie]`).
 * With no such fact, or more than one, it says nothing (-1). */
long report_contact_fact(const sg_rulebook *rb, size_t table, const unsigned char *known);

/* A string from the API, or "" when it is NULL. */
const char *report_str(const char *text);

#endif
