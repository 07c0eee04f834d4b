/* fuzz_answers.c — libFuzzer target for the interview's answer parser
 * (cli/answers.c and the value codec under it, json/value.c): the input's
 * first byte picks the rulebook (bit 0: the bundled one, or
 * fuzz/corpus/compile/examples.rules with a fact of each type) and the first
 * fact asked (the rest of it, modulo the facts); every following line is an
 * answer to the next fact, as a case worker would type it.
 *
 * Checked, as cli/answers.h and json/value.h promise: a problem sentence for
 * an invalid answer and none otherwise, one that never repeats the answer;
 * a value of the fact's own type, trimmed, that the runtime's setter takes
 * (session_set), that reads back the same from its JSON (what --save
 * writes) and from its text as an answer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "answers.h"
#include "cli.h"
#include "cli_common.h"
#include "common.h"
#include "country.h"
#include "session.h"
#include "value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Longest answer line tried; the interview reads lines of any length. */
enum { FUZZ_LINE_MAX = 4096 };

/* What a problem sentence may rightly contain: the rulebook's names, every
 * country's code and name, and the sentences themselves, as answers that
 * are no value of each fact draw them out (with their examples, such as
 * "bijvoorbeeld 2016-11-08T11:00."). An answer that is part of these is
 * not data the sentence repeats. */
static char *fuzz_answer_vocabulary(const sg_rulebook *rb) {
  static const char *const probes[] = {"", "\x01", "\xff", "99999", "2016-11-08", "2016-99-99 99:99"};
  char *words = fuzz_vocabulary(rb);
  size_t len = strlen(words);
  for (uint32_t c = 0; c < SGR_COUNTRY_COUNT; c++) {
    fuzz_append_line(&words, &len, sgr_country_code(c));
    fuzz_append_line(&words, &len, sgr_country_name(c));
  }
  for (size_t slot = 0; slot < sg_fact_count(rb); slot++) {
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
      char line[32], problem[ANSWER_PROBLEM_MAX];
      cli_value value;
      snprintf(line, sizeof line, "%s", probes[i]);
      if (answer_read(rb, slot, line, &value, problem) == ANSWER_INVALID) fuzz_append_line(&words, &len, problem);
    }
  }
  return words;
}

/* The same value: type, number and text. */
static int fuzz_same_value(const cli_value *a, const cli_value *b) {
  return a->type == b->type && a->number == b->number &&
         (a->text == NULL) == (b->text == NULL) && (a->text == NULL || strcmp(a->text, b->text) == 0);
}

/* A value answer_read gave for the fact at `slot`: of the fact's type, with
 * its text trimmed; the runtime takes it; its JSON and its text read back to
 * the same value. */
static void fuzz_check_value(case_session *s, size_t slot, const cli_value *v) {
  const sg_rulebook *rb = s->rb;
  sg_type type = sg_fact_type(rb, slot);
  if (v->type != type) fuzz_fail("an answer gave a value of another type than its fact's");
  if ((type == SG_TEXT || type == SG_ENUM || type == SG_COUNTRY) != (v->text != NULL))
    fuzz_fail("an answer's value has a text where it should not, or none where it should");
  if (type == SG_TEXT && (v->text[0] == '\0' || strchr(" \t\r\n\v\f", v->text[0]) != NULL ||
                          strchr(" \t\r\n\v\f", v->text[strlen(v->text) - 1]) != NULL))
    fuzz_fail("a text answer is empty or not trimmed");
  if (session_set(s, slot, v) != SG_OK) fuzz_fail("the runtime refuses a value the answer parser gave");

  json_t *json = value_json(v);
  cli_value back;
  if (json == NULL || value_from_json(rb, slot, json, &back) != VALUE_OK || !fuzz_same_value(v, &back))
    fuzz_fail("an answer's value does not read back from its JSON");
  json_decref(json);

  char buf[VALUE_TEXT_MAX], problem[ANSWER_PROBLEM_MAX];
  const char *text = value_text(v, buf);
  if (text == NULL) fuzz_fail("a known value has no text");
  char *line = strdup(text);
  if (line == NULL) fuzz_fail("out of memory");
  if (answer_read(rb, slot, line, &back, problem) != ANSWER_VALUE || !fuzz_same_value(v, &back))
    fuzz_fail("a value's text, typed as an answer, gives another value");
  free(line);
}

/* One answer `line` (modified: answer_read trims it in place) to the fact
 * at `slot`. */
static void fuzz_answer(case_session *s, size_t slot, char *line, const char *vocabulary) {
  char answer[FUZZ_LINE_MAX + 1];
  snprintf(answer, sizeof answer, "%s", line);  /* as typed, for the privacy check */
  cli_value value;
  char problem[ANSWER_PROBLEM_MAX];
  memset(problem, 'x', sizeof problem);
  answer_kind kind = answer_read(s->rb, slot, line, &value, problem);
  if (memchr(problem, '\0', sizeof problem) == NULL) fuzz_fail("a problem sentence without its end");
  if ((kind == ANSWER_INVALID) != (problem[0] != '\0'))
    fuzz_fail("an invalid answer without a problem sentence, or a valid one with one");
  switch (kind) {
  case ANSWER_VALUE: fuzz_check_value(s, slot, &value); break;
  case ANSWER_UNKNOWN:
  case ANSWER_STOP:
    if (value.type != 0) fuzz_fail("a keyword answer gave a value");
    break;
  case ANSWER_INVALID: {
    /* the trimmed answer, when it is long enough to be data, is not repeated */
    const char *t = answer + strspn(answer, " \t\r\n\v\f");
    size_t n = strlen(t);
    while (n > 0 && strchr(" \t\r\n\v\f", t[n - 1]) != NULL) n--;
    if (n >= 8 && !fuzz_find(vocabulary, strlen(vocabulary), t, n) &&
        fuzz_find(problem, strlen(problem), t, n))
      fuzz_fail("a problem sentence repeats the answer");
    break;
  }
  default: fuzz_fail("answer_read gave no kind");
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const sg_rulebook *rulebooks[2];
  static char *vocabularies[2];
  if (rulebooks[0] == NULL) {
    rulebooks[0] = fuzz_bundled();
    rulebooks[1] = fuzz_rulebook_at("fuzz/corpus/compile/examples.rules");
    for (int i = 0; i < 2; i++) vocabularies[i] = fuzz_answer_vocabulary(rulebooks[i]);
  }
  if (size < 1) return 0;
  const sg_rulebook *rb = rulebooks[data[0] & 1];
  size_t facts = sg_fact_count(rb), slot = (size_t)(data[0] >> 1) % facts;
  case_session s;
  if (session_open(&s, "interview", rb) != CLI_EXIT_OK) fuzz_fail("session_open failed");
  for (size_t at = 1; at < size; slot = (slot + 1) % facts) {
    const uint8_t *end = memchr(data + at, '\n', size - at);
    size_t len = (end != NULL ? (size_t)(end - data) : size) - at;
    if (len > FUZZ_LINE_MAX) len = FUZZ_LINE_MAX;
    char *line = malloc(len + 1);  /* exactly the line, so ASan sees a read past it */
    if (line == NULL) fuzz_fail("out of memory");
    memcpy(line, data + at, len);
    line[len] = '\0';
    fuzz_answer(&s, slot, line, vocabularies[data[0] & 1]);
    free(line);
    at = end != NULL ? (size_t)(end - data) + 1 : size;
  }
  session_close(&s);
  return 0;
}
