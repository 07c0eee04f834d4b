/* answers.c — a typed line as an answer to one fact: trimmed, keywords
 * first, then checked against the fact's type and set with the runtime's
 * setters. Problems are Dutch sentences that never repeat the answer.
 */
#include "answers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

static char ascii_lower(char ch) {
  return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* Leading and trailing white space off, in place; returns the start. */
static char *trim(char *line) {
  while (is_space(*line)) line++;
  size_t len = strlen(line);
  while (len > 0 && is_space(line[len - 1])) line[--len] = '\0';
  return line;
}

/* Whether `a` equals `b` ignoring ASCII case; with `loose`, a space or a
 * '-' in `a` also matches a '_' in `b` ("verenigd koninkrijk"). */
static int same_word(const char *a, const char *b, int loose) {
  for (; *a != '\0' && *b != '\0'; a++, b++) {
    char ca = ascii_lower(*a), cb = ascii_lower(*b);
    if (loose && (ca == ' ' || ca == '-') && cb == '_') continue;
    if (ca != cb) return 0;
  }
  return *a == '\0' && *b == '\0';
}

static int is_one_of(const char *text, const char *const *words) {
  for (size_t i = 0; words[i] != NULL; i++)
    if (same_word(text, words[i], 0)) return 1;
  return 0;
}

static const char *const unknown_words[] = {"onbekend", "?", NULL};
static const char *const stop_words[] = {"stop", NULL};
static const char *const yes_words[] = {"ja", "j", "true", NULL};
static const char *const no_words[] = {"nee", "n", "false", NULL};

const char *answer_expected(const sg_rulebook *rb, size_t slot) {
  switch (sg_fact_type(rb, slot)) {
  case SG_BOOL: return "ja/nee";
  case SG_INT: return "een geheel getal";
  case SG_TEXT: return "vrije tekst";
  case SG_ENUM: return "een nummer of een naam uit de lijst";
  case SG_DATE: return "een datum JJJJ-MM-DD";
  case SG_DATETIME: return "datum en tijd JJJJ-MM-DDTHH:MM";
  }
  return "een waarde";
}

/* Whether `text` is well-formed UTF-8 (the saved case file is JSON). */
static int is_utf8(const char *text) {
  const unsigned char *p = (const unsigned char *)text;
  while (*p != '\0') {
    size_t follow = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2
                  : (*p & 0xF8) == 0xF0 ? 3 : 4;
    if (follow == 4 || (follow == 1 && *p < 0xC2) || (*p == 0xF0 && (p[1] & 0xF0) == 0x80) ||
        (*p == 0xE0 && p[1] < 0xA0) || *p > 0xF4 || (*p == 0xF4 && p[1] > 0x8F) ||
        (*p == 0xED && p[1] > 0x9F))
      return 0;
    for (size_t i = 1; i <= follow; i++)
      if ((p[i] & 0xC0) != 0x80) return 0;
    p += follow + 1;
  }
  return 1;
}

/* The answer as a whole number; 0 on success. */
static int parse_int(const char *text, int64_t *value) {
  const char *digits = text + (text[0] == '-' || text[0] == '+');
  if (*digits < '0' || *digits > '9') return -1;
  errno = 0;
  char *end = NULL;
  long long parsed = strtoll(text, &end, 10);
  if (errno != 0 || end == NULL || *end != '\0') return -1;
  *value = (int64_t)parsed;
  return 0;
}

/* The index of the enum value the answer names (its number 1..count or its
 * name), or -1; *numbered says whether the answer was a number. */
static long enum_index(const sg_rulebook *rb, size_t slot, const char *text, int *numbered) {
  size_t count = sg_fact_enum_count(rb, slot);
  *numbered = text[0] >= '0' && text[0] <= '9';
  if (*numbered) {
    int64_t number = 0;
    if (parse_int(text, &number) != 0 || number < 1 || (uint64_t)number > count) return -1;
    return (long)(number - 1);
  }
  for (size_t i = 0; i < count; i++)
    if (strcmp(text, sg_fact_enum_value(rb, slot, i)) == 0) return (long)i;
  for (size_t i = 0; i < count; i++)
    if (same_word(text, sg_fact_enum_value(rb, slot, i), 1)) return (long)i;
  return -1;
}

/* Set the fact from a non-empty, non-keyword answer. Returns the status of
 * the setter, or SG_ERR_VALUE with `problem` filled when the answer is not a
 * value of the fact's type. */
static sg_status set_value(sg_context *ctx, const sg_rulebook *rb, size_t slot, char *text,
                           char problem[ANSWER_PROBLEM_MAX]) {
  switch (sg_fact_type(rb, slot)) {
  case SG_BOOL:
    if (is_one_of(text, yes_words)) return sg_set_bool(ctx, slot, 1);
    if (is_one_of(text, no_words)) return sg_set_bool(ctx, slot, 0);
    snprintf(problem, ANSWER_PROBLEM_MAX, "Dat is geen ja of nee; typ ja of nee (of j of n).");
    return SG_ERR_VALUE;
  case SG_INT: {
    int64_t value = 0;
    if (parse_int(text, &value) == 0) return sg_set_int(ctx, slot, value);
    snprintf(problem, ANSWER_PROBLEM_MAX,
             "Dat is geen geheel getal; typ alleen cijfers, bijvoorbeeld 15.");
    return SG_ERR_VALUE;
  }
  case SG_TEXT:
    if (is_utf8(text)) return sg_set_text(ctx, slot, text);
    snprintf(problem, ANSWER_PROBLEM_MAX,
             "Deze tekst bevat tekens die niet te lezen zijn (geen UTF-8); typ hem opnieuw.");
    return SG_ERR_VALUE;
  case SG_ENUM: {
    int numbered = 0;
    long index = enum_index(rb, slot, text, &numbered);
    if (index >= 0) return sg_set_enum_index(ctx, slot, (size_t)index);
    size_t count = sg_fact_enum_count(rb, slot);
    snprintf(problem, ANSWER_PROBLEM_MAX,
             numbered ? "Dat nummer staat niet in de lijst; kies een nummer van 1 tot %zu."
                      : "Dat is geen van de mogelijkheden; typ een nummer van 1 tot %zu of een "
                        "naam uit de lijst.",
             count);
    return SG_ERR_VALUE;
  }
  case SG_DATE: {
    int32_t days = 0;
    if (sg_parse_date(text, &days) == 0) return sg_set_date(ctx, slot, days);
    snprintf(problem, ANSWER_PROBLEM_MAX,
             "Dat is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2016-11-08.");
    return SG_ERR_VALUE;
  }
  case SG_DATETIME: {
    /* "2016-11-08 11:00" is taken as "2016-11-08T11:00". */
    if (strlen(text) > 10 && text[10] == ' ') text[10] = 'T';
    int64_t seconds = 0;
    if (sg_parse_datetime(text, &seconds) == 0) return sg_set_datetime(ctx, slot, seconds);
    int32_t days = 0;
    snprintf(problem, ANSWER_PROBLEM_MAX,
             "%s; gebruik JJJJ-MM-DDTHH:MM, bijvoorbeeld 2016-11-08T11:00.",
             sg_parse_date(text, &days) == 0 ? "De tijd ontbreekt" : "Dat is geen datum met tijd");
    return SG_ERR_VALUE;
  }
  }
  snprintf(problem, ANSWER_PROBLEM_MAX, "Dit gegeven kan hier niet worden ingevuld.");
  return SG_ERR_VALUE;
}

answer_kind answer_apply(sg_context *ctx, const sg_rulebook *rb, size_t slot, char *line,
                         char problem[ANSWER_PROBLEM_MAX]) {
  problem[0] = '\0';
  char *text = trim(line);
  if (text[0] == '\0') {
    snprintf(problem, ANSWER_PROBLEM_MAX,
             "Er is niets ingevuld; geef een antwoord, of typ onbekend of stop.");
    return ANSWER_INVALID;
  }
  if (is_one_of(text, unknown_words)) return ANSWER_UNKNOWN;
  if (is_one_of(text, stop_words)) return ANSWER_STOP;
  sg_status status = set_value(ctx, rb, slot, text, problem);
  if (status == SG_OK) return ANSWER_VALUE;
  if (status == SG_ERR_NOMEM) return ANSWER_NOMEM;
  if (problem[0] == '\0') /* a setter refused a value we thought valid */
    snprintf(problem, ANSWER_PROBLEM_MAX, "Deze waarde kan niet worden ingevuld.");
  return ANSWER_INVALID;
}
