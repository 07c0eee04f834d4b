/* cmd_schema.c — `signaal schema`: the JSON Schema of a rulebook's case
 * file, so an integrator knows every fact, its type, its allowed values and
 * the question that asks for it, and which facts are protected.
 */
#include "cli.h"
#include "jsonput.h"
#include "oom.h"
#include "rulebook_json.h"
#include "value.h"

#include <jansson.h>

#include "signaal.h"

/* The schema of one fact: its question (when it has one), its type (null
 * allowed: unknown) and whether it is protected or optional; NULL when out
 * of memory. */
static json_t *schema_fact(const sg_rulebook *rb, size_t slot) {
  int failed = 0;
  json_t *p = json_object();
  const char *question = sg_fact_question(rb, slot);
  if (question != NULL) put(p, "description", json_string(question), &failed);
  if (p == NULL || value_schema(p, rb, slot) != 0) failed = 1;
  if (sg_fact_protected(rb, slot)) put(p, "x-signaal-protected", json_true(), &failed);
  if (sg_fact_optional(rb, slot)) put(p, "x-signaal-optional", json_true(), &failed);
  if (failed) {
    json_decref(p);
    return NULL;
  }
  return p;
}

/* The whole schema; NULL when out of memory. */
json_t *schema_json(const sg_rulebook *rb) {
  char effective[24];
  sg_format_date(sg_rulebook_effective(rb), effective);
  int failed = 0;
  json_t *root = json_object(), *props = json_object();
  put(root, "$schema", json_string("https://json-schema.org/draft/2020-12/schema"), &failed);
  put(root, "title", json_string(sg_rulebook_title(rb)), &failed);
  put(root, "description",
      json_sprintf("Case file for rulebook version %s, effective %s. Every fact may be null or "
                   "absent: unknown.",
                   sg_rulebook_version(rb), effective),
      &failed);
  put(root, "type", json_string("object"), &failed);
  for (size_t i = 0; !failed && i < sg_fact_count(rb); i++)
    put(props, sg_fact_name(rb, i), schema_fact(rb, i), &failed);
  put(root, "properties", props, &failed);
  put(root, "additionalProperties", json_false(), &failed);
  if (failed) {
    json_decref(root);
    return NULL;
  }
  return root;
}

/* Print the schema of the rulebook; returns the exit code. */
static int run_schema(const cli_args *args) {
  unsigned long since = oom_json_failures();
  json_t *schema = schema_json(args->rulebook);
  int code = oom_json_print(schema, RULEBOOK_JSON_FLAGS, since, "signaal schema");
  json_decref(schema);
  return code;
}

const cli_command command_schema = {
  .name = "schema", .operand = "RULEBOOK", .loads = 1, .run = run_schema,
  .summary = "print the JSON Schema of a rulebook's case files",
  .options = (const cli_use[]){{OPT_MAX_RULE_SIZE, NULL, NULL}, {0, NULL, NULL}},
  .about =
    "Print the JSON Schema (draft 2020-12) of the case files RULEBOOK accepts:\n"
    "one property per fact, with its type, its enum values, its question as the\n"
    "description, \"x-signaal-protected\": true on protected facts and\n"
    "\"x-signaal-optional\": true on optional (context) facts. Every\n"
    "fact may be null or absent (unknown). RULEBOOK is a .rbc or .rules file.\n",
  .examples = "  signaal schema rules/uitbuiting.rules > docs/uitbuiting.schema.json\n",
};
