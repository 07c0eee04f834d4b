/* test_editors.c — the editor support in editors/ stays in step with the
 * language: the keywords the Vim syntax file and the VS Code (TextMate)
 * grammar highlight are exactly the lexer's (compiler/lexer.l), and the two
 * agree on the contextual words (`open`, `checked`, the days of a window),
 * which are names everywhere else. A keyword added to the lexer and not to
 * the editors, or a keyword left behind in them, fails here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* A set of words: sorted, distinct, joined by spaces, for messages too. */
typedef struct {
  char *words[256];
  size_t count;
} word_set;

static int word_order(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the word text[0..len) unless it is there. */
static void add_word(word_set *s, const char *text, size_t len) {
  for (size_t i = 0; i < s->count; i++)
    if (strlen(s->words[i]) == len && strncmp(s->words[i], text, len) == 0) return;
  assert_true(s->count < sizeof s->words / sizeof s->words[0]);
  char *w = malloc(len + 1);
  memcpy(w, text, len);
  w[len] = '\0';
  s->words[s->count++] = w;
  qsort(s->words, s->count, sizeof s->words[0], word_order);
}

/* Every run of lower-case letters in text[0..len). */
static void add_words(word_set *s, const char *text, size_t len) {
  for (size_t i = 0; i < len;) {
    size_t n = 0;
    while (i + n < len && text[i + n] >= 'a' && text[i + n] <= 'z') n++;
    if (n > 0) add_word(s, text + i, n);
    i += n > 0 ? n : 1;
  }
}

static void free_words(word_set *s) {
  for (size_t i = 0; i < s->count; i++) free(s->words[i]);
  s->count = 0;
}

/* The set as one line, for a message (static buffer). */
static const char *words_text(const word_set *s) {
  static char buf[4096];
  buf[0] = '\0';
  for (size_t i = 0; i < s->count; i++) {
    strncat(buf, s->words[i], sizeof buf - strlen(buf) - 2);
    strncat(buf, " ", sizeof buf - strlen(buf) - 1);
  }
  return buf;
}

/* Fail unless the two sets are equal, naming what differs. */
static void assert_same_words(const word_set *want, const word_set *got, const char *what) {
  int same = want->count == got->count;
  for (size_t i = 0; same && i < want->count; i++) same = strcmp(want->words[i], got->words[i]) == 0;
  if (!same) {
    char a[4096];
    snprintf(a, sizeof a, "%s", words_text(want));
    fail_msg("%s:\n  want: %s\n  got:  %s", what, a, words_text(got));
  }
}

/* The lexer's keywords: each line of compiler/lexer.l that starts with
 * "word" and a blank (not `"not"{WS}+"in"`, which is `not` and `in`). */
static void lexer_keywords(word_set *s) {
  char *text = tu_read_file("compiler/lexer.l", NULL);
  assert_non_null(text);
  for (char *line = text; line != NULL && *line;) {
    char *end = strchr(line, '\n');
    if (line[0] == '"') {
      size_t n = strspn(line + 1, "abcdefghijklmnopqrstuvwxyz");
      if (n > 0 && line[1 + n] == '"' && (line[2 + n] == ' ' || line[2 + n] == '\t'))
        add_word(s, line + 1, n);
    }
    line = end != NULL ? end + 1 : NULL;
  }
  free(text);
}

/* The Vim syntax file's `syn keyword` lines: between the markers the
 * keywords, and the contextual words of signaalContext. */
static void vim_words(word_set *keywords, word_set *context) {
  char *text = tu_read_file("editors/vim/syntax/signaal.vim", NULL);
  assert_non_null(text);
  int inside = 0;
  for (char *line = text; line != NULL && *line;) {
    char *end = strchr(line, '\n');
    size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
    if (strncmp(line, "\" keywords: begin", 17) == 0) inside = 1;
    else if (strncmp(line, "\" keywords: end", 15) == 0) inside = 0;
    else if (strncmp(line, "syn keyword signaal", 19) == 0) {
      const char *group_end = strchr(line + 19, ' ');
      assert_non_null(group_end);
      size_t rest = len - (size_t)(group_end - line);
      if (inside) add_words(keywords, group_end, rest);
      else if (strncmp(line + 19, "Context ", 8) == 0) add_words(context, group_end, rest);
    }
    line = end != NULL ? end + 1 : NULL;
  }
  free(text);
}

/* The TextMate grammar's keyword patterns, `\b(a|b|…)\b` each: the
 * contextual ones (scope variable.language.context) apart. */
static void textmate_words(word_set *keywords, word_set *context) {
  json_error_t error;
  json_t *root = json_load_file("editors/vscode/syntaxes/signaal.tmLanguage.json", 0, &error);
  if (root == NULL) fail_msg("the TextMate grammar does not parse: %s (line %d)", error.text, error.line);
  json_t *patterns = json_object_get(json_object_get(json_object_get(root, "repository"), "keywords"),
                                     "patterns");
  assert_true(json_array_size(patterns) > 0);
  size_t i;
  json_t *p;
  json_array_foreach(patterns, i, p) {
    const char *match = json_string_value(json_object_get(p, "match"));
    const char *name = json_string_value(json_object_get(p, "name"));
    assert_non_null(match);
    assert_non_null(name);
    const char *open = strchr(match, '('), *close = strrchr(match, ')');
    assert_true(open != NULL && close != NULL && close > open);
    int is_context = strncmp(name, "variable.language.context", 25) == 0;
    add_words(is_context ? context : keywords, open + 1, (size_t)(close - open - 1));
  }
  json_decref(root);
}

static void test_vim_keywords_are_the_lexers(void **state) {
  (void)state;
  word_set lexer = {0}, vim = {0}, context = {0};
  lexer_keywords(&lexer);
  assert_true(lexer.count >= 50);  /* the lexer was read (60 keywords now) */
  vim_words(&vim, &context);
  assert_same_words(&lexer, &vim, "editors/vim/syntax/signaal.vim's keywords differ from the lexer's");
  assert_true(context.count > 0);
  free_words(&lexer);
  free_words(&vim);
  free_words(&context);
}

static void test_textmate_keywords_are_the_lexers(void **state) {
  (void)state;
  word_set lexer = {0}, tm = {0}, tm_context = {0}, vim = {0}, vim_context = {0};
  lexer_keywords(&lexer);
  textmate_words(&tm, &tm_context);
  assert_same_words(&lexer, &tm, "the TextMate grammar's keywords differ from the lexer's");
  vim_words(&vim, &vim_context);
  assert_same_words(&vim_context, &tm_context,
                    "the contextual words differ between Vim (lexer side) and TextMate (editor side)");
  free_words(&lexer);
  free_words(&tm);
  free_words(&tm_context);
  free_words(&vim);
  free_words(&vim_context);
}

/* The extension's manifest names the grammar and the configuration, and
 * its problem matcher reads the compiler's `file:line:col: error: …`. */
static void test_vscode_manifest(void **state) {
  (void)state;
  json_error_t error;
  json_t *root = json_load_file("editors/vscode/package.json", 0, &error);
  assert_non_null(root);
  json_t *contributes = json_object_get(root, "contributes");
  json_t *grammar = json_array_get(json_object_get(contributes, "grammars"), 0);
  assert_string_equal(json_string_value(json_object_get(grammar, "path")),
                      "./syntaxes/signaal.tmLanguage.json");
  json_t *language = json_array_get(json_object_get(contributes, "languages"), 0);
  assert_string_equal(json_string_value(json_array_get(json_object_get(language, "extensions"), 0)),
                      ".rules");
  json_t *config = json_load_file("editors/vscode/language-configuration.json", 0, &error);
  assert_non_null(config);
  assert_string_equal(json_string_value(json_object_get(json_object_get(config, "comments"),
                                                        "lineComment")), "#");
  json_decref(config);
  json_decref(root);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_vim_keywords_are_the_lexers),
    cmocka_unit_test(test_textmate_keywords_are_the_lexers),
    cmocka_unit_test(test_vscode_manifest),
  };
  return cmocka_run_group_tests_name("editors", tests, NULL, NULL);
}
