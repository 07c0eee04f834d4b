/* cmd_corpus.c — `signaal corpus`: a corpus of made-up cases for a rulebook,
 * one JSON object a line (JSONL), each with its own moment (`now`), for
 * replaying two editions against each other (`signaal diff … --cases`) and
 * for benchmarks. Generated from the rulebook's facts alone: every fact is
 * unknown a quarter of the time, else a value of its type. A fixed seed
 * gives the same corpus on every machine (its own generator, not rand()).
 * The cases are made up: they hold no one's data.
 */
#include "cli.h"
#include "jsonput.h"
#include "oom.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signaal.h"
#include "util.h"

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t next(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

/* A number in [0, n). */
static uint64_t below(uint64_t *state, uint64_t n) {
  return n ? next(state) % n : 0;
}

/* The countries a country fact takes: the EU and EEA, Switzerland, the
 * United Kingdom, the Netherlands, and countries many of these children
 * come from; enough to meet every set a rulebook is likely to test. */
static const char *const countries[] = {
  "NL", "BE", "BG", "CY", "DK", "DE", "EE", "FI", "FR", "GR", "HU", "IE", "IT", "HR", "LV",
  "LT", "LU", "MT", "AT", "PL", "PT", "RO", "SI", "SK", "ES", "CZ", "SE", "NO", "IS", "LI",
  "CH", "GB", "AL", "BA", "MA", "DZ", "VN", "SY", "AF", "ER", "NG", "UA", "MD", "RS",
};

/* A value for fact `slot`, or json_null() (unknown). Moments and dates lie
 * in [lo, lo + span) (days). */
static json_t *value_for(const sg_rulebook *rb, size_t slot, uint64_t *state, int32_t lo,
                         int32_t span) {
  if (below(state, 4) == 0) return json_null();
  char buf[32];
  switch (sg_fact_type(rb, slot)) {
  case SG_BOOL: return json_boolean(below(state, 2));
  case SG_INT: return json_integer((json_int_t)below(state, 25));
  case SG_ENUM:
    return json_string(sg_fact_enum_value(rb, slot, below(state, sg_fact_enum_count(rb, slot))));
  case SG_COUNTRY:
    return json_string(countries[below(state, sizeof countries / sizeof countries[0])]);
  case SG_DATE:
    sg_format_date(lo + (int32_t)below(state, (uint64_t)span), buf);
    return json_string(buf);
  case SG_DATETIME:
    sg_format_datetime(((int64_t)lo + (int64_t)below(state, (uint64_t)span)) * 86400 +
                           (int64_t)below(state, 1440) * 60, buf);
    buf[16] = '\0';  /* YYYY-MM-DDTHH:MM */
    return json_string(buf);
  default: return json_string("tekst");  /* SG_TEXT: a text no set is likely to hold */
  }
}

/* A whole number from option `text` (NULL: `fallback`) into *out, within
 * [min, max]; a usage error otherwise. */
static int option_number(const char *text, const char *name, int64_t fallback, int64_t min,
                         int64_t max, int64_t *out) {
  *out = fallback;
  if (text == NULL) return CLI_EXIT_OK;
  if (!sgr_parse_int(text, out) || *out < min || *out > max) {
    char message[96];
    snprintf(message, sizeof message, "--%s expects a whole number from %lld to %lld", name,
             (long long)min, (long long)max);
    return args_usage_error("corpus", message);
  }
  return CLI_EXIT_OK;
}

static int run_corpus(const cli_args *args) {
  int64_t count, seed;
  int code = option_number(args->count, "count", 1000, 1, 100000000, &count);
  if (code == CLI_EXIT_OK) code = option_number(args->seed, "seed", 1, 0, INT64_MAX, &seed);
  if (code != CLI_EXIT_OK) return code;
  const sg_rulebook *rb = args->rulebook;
  int32_t lo = sg_rulebook_effective(rb), span = 3653;  /* ten years from the effective date */
  if (args->asof != NULL) span = *args->asof > lo ? *args->asof - lo : 1;
  uint64_t state = (uint64_t)seed;
  for (int64_t i = 0; i < count; i++) {
    int failed = 0;
    unsigned long since = oom_json_failures();
    json_t *c = json_object();
    char now[32];
    sg_format_datetime(((int64_t)lo + (int64_t)below(&state, (uint64_t)span)) * 86400 +
                           (int64_t)below(&state, 1440) * 60, now);
    put(c, "now", json_string(now), &failed);  /* `now` is a keyword: never a fact's name */
    for (size_t slot = 0; slot < sg_fact_count(rb); slot++)
      put(c, sg_fact_name(rb, slot), value_for(rb, slot, &state, lo, span), &failed);
    if (failed) {
      json_decref(c);
      return oom_error("signaal corpus");
    }
    code = oom_json_print(c, JSON_COMPACT | JSON_PRESERVE_ORDER, since, "signaal corpus");
    json_decref(c);
    if (code != CLI_EXIT_OK) return code;
  }
  return CLI_EXIT_OK;
}

const cli_command command_corpus = {
  .name = "corpus", .operand = "RULEBOOK", .loads = 1, .run = run_corpus,
  .summary = "write made-up cases for a rulebook, one JSON object a line",
  .options = (const cli_use[]){
    {OPT_COUNT, "how many cases (default 1000)", NULL},
    {OPT_SEED, NULL, NULL},
    {OPT_ASOF, "the cases' moments lie from the rulebook's effective date up to this date "
               "(default: ten years after it)", NULL},
    {OPT_MAX_RULE_SIZE, NULL, NULL}, {0, NULL, NULL}},
  .about =
    "Write made-up cases for RULEBOOK to standard output, one JSON object a line\n"
    "(JSONL), to replay two editions against each other (signaal diff OLD NEW\n"
    "--cases FILE) or to measure. Each case has its own moment, \"now\", and a\n"
    "value for every fact of the rulebook, unknown (null) a quarter of the time:\n"
    "true or false, an int from 0 to 24, one of an enum's values, a country\n"
    "code (the EU and EEA, Switzerland, the UK, the Netherlands and some\n"
    "countries of origin), a date or a moment within the period. The same seed\n"
    "gives the same cases on every machine. The cases are made up: they hold no\n"
    "one's data.\n",
  .examples =
    "  signaal corpus rules/uitbuiting.rules --count 100000 --seed 7 > corpus.jsonl\n"
    "  signaal corpus build/uitbuiting.rbc -n 10 --as-of 2026-12-31\n",
};
