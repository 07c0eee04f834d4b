/* cmd_schema.c — `signaal schema`: the JSON Schema of a rulebook's case
 * file, so an integrator knows every fact, its type, its allowed values and
 * the question that asks for it, and which facts are protected.
 */
#include "cli.h"
#include "fileio.h"
#include "load.h"

#include <jansson.h>

#include "signaal.h"

void usage_schema(FILE *out) {
  fputs("Usage: signaal schema RULEBOOK\n"
        "\n"
        "Print the JSON Schema (draft 2020-12) of the case files RULEBOOK accepts:\n"
        "one property per fact, with its type, its enum values, its question as the\n"
        "description, and \"x-signaal-protected\": true on protected facts. Every\n"
        "fact may be null or absent (unknown). RULEBOOK is a .rbc or .rules file.\n"
        "\n"
        "Options:\n"
        "  -h, --help  show this help\n"
        "\n"
        "Examples:\n"
        "  signaal schema rules/uitbuiting.rules > docs/uitbuiting.schema.json\n",
        out);
  usage_exit_codes(out);
}

/* The schema of one fact: its JSON type(s), null allowed. */
static json_t *schema_fact(const sg_rulebook *rb, size_t slot) {
  static const char datetime_pattern[] =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$";
  json_t *p = json_object();
  json_object_set_new(p, "description", json_string(sg_fact_question(rb, slot)));
  switch (sg_fact_type(rb, slot)) {
  case SG_BOOL: json_object_set_new(p, "type", json_pack("[ss]", "boolean", "null")); break;
  case SG_INT: json_object_set_new(p, "type", json_pack("[ss]", "integer", "null")); break;
  case SG_TEXT: json_object_set_new(p, "type", json_pack("[ss]", "string", "null")); break;
  case SG_ENUM: {
    json_t *values = json_array();
    for (size_t i = 0; i < sg_fact_enum_count(rb, slot); i++)
      json_array_append_new(values, json_string(sg_fact_enum_value(rb, slot, i)));
    json_array_append_new(values, json_null());
    json_object_set_new(p, "enum", values);
    break;
  }
  case SG_DATE:
    json_object_set_new(p, "type", json_pack("[ss]", "string", "null"));
    json_object_set_new(p, "format", json_string("date"));
    break;
  case SG_DATETIME:
    json_object_set_new(p, "type", json_pack("[ss]", "string", "null"));
    json_object_set_new(p, "pattern", json_string(datetime_pattern));
    json_object_set_new(p, "$comment", json_string("local Dutch time, without a UTC offset"));
    break;
  }
  if (sg_fact_protected(rb, slot)) json_object_set_new(p, "x-signaal-protected", json_true());
  return p;
}

static json_t *schema_build(const sg_rulebook *rb) {
  char effective[24];
  sg_format_date(sg_rulebook_effective(rb), effective);
  json_t *root = json_object();
  json_object_set_new(root, "$schema", json_string("https://json-schema.org/draft/2020-12/schema"));
  json_object_set_new(root, "title", json_string(sg_rulebook_title(rb)));
  json_object_set_new(root, "description",
                      json_sprintf("Case file for rulebook version %s, effective %s. Every fact "
                                   "may be null or absent: unknown.",
                                   sg_rulebook_version(rb), effective));
  json_object_set_new(root, "type", json_string("object"));
  json_t *props = json_object();
  for (size_t i = 0; i < sg_fact_count(rb); i++)
    json_object_set_new(props, sg_fact_name(rb, i), schema_fact(rb, i));
  json_object_set_new(root, "properties", props);
  json_object_set_new(root, "additionalProperties", json_false());
  return root;
}

int cmd_schema(int argc, char **argv) {
  const char *path;
  int code = args_one_rulebook(argc, argv, "schema", usage_schema, &path);
  if (code != CLI_EXIT_OK) return code == ARGS_HELPED ? stdout_finish(CLI_EXIT_OK) : code;
  sg_rulebook *rb = NULL;
  code = load_rulebook(path, &rb);
  if (code != CLI_EXIT_OK) return code;
  json_t *schema = schema_build(rb);
  sg_rulebook_free(rb);
  if (schema == NULL || json_dumpf(schema, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
    json_decref(schema);
    fputs("signaal schema: error: out of memory\n", stderr);
    return CLI_EXIT_IO;
  }
  json_decref(schema);
  fputc('\n', stdout);
  return stdout_finish(CLI_EXIT_OK);
}
