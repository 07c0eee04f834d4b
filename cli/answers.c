/* answers.c — a typed line as an answer to one fact: trimmed, keywords
 * first, then read as a value of the fact's type by the value codec.
 * Problems are Dutch sentences that never repeat the answer.
 */
#include "answers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Whether `ch` is white space around an answer. */
static int is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

/* Leading and trailing white space off, in place; returns the start. */
static char *trim(char *line) {
  while (is_space(*line)) line++;
  size_t len = strlen(line);
  while (len > 0 && is_space(line[len - 1])) line[--len] = '\0';
  return line;
}

/* Whether `text` is one of `words` (NULL-terminated), ignoring ASCII case. */
static int is_one_of(const char *text, const char *const *words) {
  for (size_t i = 0; words[i] != NULL; i++)
    if (strcasecmp(text, words[i]) == 0) return 1;
  return 0;
}

static const char *const unknown_words[] = {"onbekend", "?", NULL};
static const char *const stop_words[] = {"stop", NULL};

answer_kind answer_read(const sg_rulebook *rb, size_t slot, char *line, cli_value *value,
                        char problem[ANSWER_PROBLEM_MAX]) {
  problem[0] = '\0';
  *value = (cli_value){0, 0, NULL};
  char *text = trim(line);
  if (text[0] == '\0') {
    snprintf(problem, ANSWER_PROBLEM_MAX,
             "Er is niets ingevuld; geef een antwoord, of typ onbekend of stop.");
    return ANSWER_INVALID;
  }
  if (is_one_of(text, unknown_words)) return ANSWER_UNKNOWN;
  if (is_one_of(text, stop_words)) return ANSWER_STOP;
  return value_from_answer(rb, slot, text, value, problem) == 0 ? ANSWER_VALUE : ANSWER_INVALID;
}
