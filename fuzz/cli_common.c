/* cli_common.c — what the fuzz targets of the command-line tool share: the
 * tool's printing caught in memory, the rulebooks compiled once, and one case
 * file through the case reader, the evaluation and every report writer, with
 * the promises of cli/facts.h, cli/session.h and cli/report.h checked.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "cli_common.h"
#include "common.h"
#include "facts.h"
#include "report.h"
#include "session.h"
#include "signaal_compiler.h"
#include "util.h"

#ifndef FUZZ_ROOT
#error "build with -DFUZZ_ROOT='\"/path/to/the/repository\"' (fuzz/run.sh and the Makefile do)"
#endif

/* ---- printing caught in memory ---------------------------------------------- */

void fuzz_capture_begin(fuzz_capture *c) {
  memset(c, 0, sizeof *c);
  c->out_stream = open_memstream(&c->out, &c->out_len);
  c->err_stream = open_memstream(&c->err, &c->err_len);
  if (c->out_stream == NULL || c->err_stream == NULL) fuzz_fail("open_memstream failed");
  c->saved_out = stdout;
  c->saved_err = stderr;
  stdout = c->out_stream;
  stderr = c->err_stream;
}

void fuzz_capture_end(fuzz_capture *c) {
  stdout = c->saved_out;
  stderr = c->saved_err;
  if (fclose(c->out_stream) != 0 || fclose(c->err_stream) != 0) fuzz_fail("a memory stream failed");
  c->out_stream = c->err_stream = NULL;
}

void fuzz_capture_free(fuzz_capture *c) {
  free(c->out);
  free(c->err);
  c->out = c->err = NULL;
}

/* ---- small helpers ------------------------------------------------------------ */

#if defined(__clang__)
__attribute__((no_sanitize("coverage")))
#endif
int fuzz_find(const char *hay, size_t hlen, const char *needle, size_t nlen) {
  for (size_t i = 0; nlen > 0 && i + nlen <= hlen; i++) {
    size_t j = 0;
    while (j < nlen && hay[i + j] == needle[j]) j++;
    if (j == nlen) return 1;
  }
  return 0;
}

uint64_t fuzz_hash(const uint8_t *data, size_t size) {
  uint64_t h = 1469598103934665603u;
  for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 1099511628211u;
  return h ^ (h >> 29);
}

sg_rulebook *fuzz_load_image(const sgc_compiler *c) {
  size_t size = 0;
  const uint8_t *image = sgc_image(c, &size);
  sg_rulebook *rb = NULL;
  sg_error err;
  if (sg_rulebook_load(image, size, fuzz_alloc, NULL, &rb, &err) != SG_OK)
    fuzz_fail("the verifier rejects what the compiler made");
  return rb;
}

const sg_rulebook *fuzz_rulebook_at(const char *rel) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", FUZZ_ROOT, rel);
  const char *paths[] = {path};
  sgc_compiler *c = sgc_new();
  if (c == NULL || sgc_compile_files(c, paths, 1) != 0) {
    for (size_t i = 0; c != NULL && i < sgc_diagnostic_count(c); i++)
      fprintf(stderr, "%s\n", sgc_diagnostic_at(c, i)->rendered);
    fuzz_fail("a rulebook of the repository does not compile (is FUZZ_ROOT right?)");
  }
  sg_rulebook *rb = fuzz_load_image(c);
  sgc_free(c);
  return rb;
}

const sg_rulebook *fuzz_bundled(void) {
  static const sg_rulebook *bundled;
  if (bundled == NULL) bundled = fuzz_rulebook_at("rules/uitbuiting.rules");
  return bundled;
}

void fuzz_append_line(char **buf, size_t *len, const char *text) {
  size_t n = strlen(text);
  char *grown = realloc(*buf, *len + n + 2);
  if (grown == NULL) fuzz_fail("out of memory");
  memcpy(grown + *len, text, n);
  grown[*len + n] = '\n';
  grown[*len + n + 1] = '\0';
  *buf = grown;
  *len += n + 1;
}

char *fuzz_vocabulary(const sg_rulebook *rb) {
  char *buf = NULL;
  size_t len = 0;
  fuzz_append_line(&buf, &len, "case");
  for (size_t f = 0; f < sg_fact_count(rb); f++) {
    fuzz_append_line(&buf, &len, sg_fact_name(rb, f));
    /* an enum's values as "expects one of: a, b" lists them */
    char *list = NULL;
    size_t list_len = 0;
    FILE *mem = open_memstream(&list, &list_len);
    if (mem == NULL) fuzz_fail("open_memstream failed");
    fputs("one of: ", mem);
    for (size_t v = 0; v < sg_fact_enum_count(rb, f); v++)
      fprintf(mem, "%s%s", v > 0 ? ", " : "", sg_fact_enum_value(rb, f, v));
    if (fclose(mem) != 0) fuzz_fail("a memory stream failed");
    fuzz_append_line(&buf, &len, list);
    free(list);
  }
  for (size_t a = 0; a < sg_actor_count(rb); a++) fuzz_append_line(&buf, &len, sg_actor_name(rb, a));
  return buf;
}

/* ---- the checks of one case ----------------------------------------------------- */

/* The byte offset of line `line`, column `column` of `text` as the case
 * reader counts them (1-based, the column in characters: bytes that do not
 * continue a UTF-8 sequence); `len` when the text has no such place. */
static size_t fuzz_offset_of(const char *text, size_t len, long line, long column) {
  size_t at = 0;
  for (long l = 1; l < line; l++) {
    const char *nl = memchr(text + at, '\n', len - at);
    if (nl == NULL) return len;
    at = (size_t)(nl - text) + 1;
  }
  for (long c = 1; c < column && at < len && text[at] != '\n'; at++)
    if (((unsigned char)text[at] & 0xC0) != 0x80) c++;
  while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80) at++;
  return at;
}

/* A message (one line, `message_len` bytes) placed at "case:L:C" about a
 * member of the case: an unknown key points at that key, as written when it
 * names it ("unknown fact 'K'" at "K"), and a value of the wrong type at the
 * start of a JSON value. A line of more than 1023 bytes is checked on its
 * start. */
static void fuzz_check_place(const char *message, size_t message_len, const char *json, size_t len) {
  char copy[1024];
  snprintf(copy, sizeof copy, "%.*s", (int)(message_len < sizeof copy ? message_len : sizeof copy - 1), message);
  message = copy;
  long line = 0, column = 0;
  int used = 0;
  if (sscanf(message, "case:%ld:%ld: %n", &line, &column, &used) != 2 || used == 0) return;
  const char *what = message + used;
  if (strncmp(what, "error: invalid JSON", 19) == 0) return;  /* jansson's place */
  size_t at = fuzz_offset_of(json, len, line, column);
  if (at >= len) fuzz_fail("a message of the case reader at a place past the file");
  if (strstr(what, "unknown fact") != NULL) {
    if (json[at] != '"') fuzz_fail("an unknown fact's place is not its key");
    const char *key = strstr(what, "unknown fact '");  /* named: a name-like key, no quote in it */
    const char *raw = json + at + 1, *close = memchr(raw, '"', len - at - 1);
    size_t n = key != NULL ? strcspn(key + 14, "'\n") : 0;
    if (key != NULL && close != NULL && memchr(raw, '\\', (size_t)(close - raw)) == NULL &&
        ((size_t)(close - raw) != n || memcmp(raw, key + 14, n) != 0))
      fuzz_fail("an unknown fact's place is another key than the one named");
  } else if (strstr(what, " expects ") != NULL && strchr("\"tfn-0123456789[{", json[at]) == NULL) {
    fuzz_fail("a wrong value's place is not a JSON value");
  }
}

/* Every line the case reader printed names the file first: "case:L:C: …"
 * or "case: …", and a place it gives is that of what it is about. */
static void fuzz_check_case_lines(const char *err, const char *json, size_t len) {
  for (const char *line = err; *line != '\0';) {
    if (strncmp(line, "case:", 5) != 0) fuzz_fail("a message of the case reader does not start with the file name");
    const char *end = strchr(line, '\n');
    if (end == NULL) fuzz_fail("a message of the case reader without its line end");
    fuzz_check_place(line, (size_t)(end - line), json, len);
    line = end + 1;
  }
}

/* Whether the string `s` (n bytes) is one the messages may rightly hold:
 * shorter than 8 bytes, or part of a name of the rulebook or of a key of
 * the case (an unknown key that looks like a name is named). */
static int fuzz_may_appear(const char *s, size_t n, const char *vocabulary, const json_t *root) {
  if (n < 8 || fuzz_find(vocabulary, strlen(vocabulary), s, n)) return 1;
  const char *key;
  json_t *value;
  json_object_foreach((json_t *)root, key, value) {
    if (fuzz_find(key, strlen(key), s, n)) return 1;
  }
  return 0;
}

/* No string value anywhere in `json` appears in the messages `err`. */
static void fuzz_check_values_hidden(const json_t *json, const char *err, size_t err_len,
                                     const char *vocabulary, const json_t *root) {
  if (json_is_string(json)) {
    const char *s = json_string_value(json);
    size_t n = json_string_length(json);
    if (!fuzz_may_appear(s, n, vocabulary, root) && fuzz_find(err, err_len, s, n))
      fuzz_fail("a message quotes a value of the case");
  } else if (json_is_array(json)) {
    for (size_t i = 0; i < json_array_size(json); i++)
      fuzz_check_values_hidden(json_array_get(json, i), err, err_len, vocabulary, root);
  } else if (json_is_object(json)) {
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)json, key, value) {
      fuzz_check_values_hidden(value, err, err_len, vocabulary, root);
    }
  }
}

/* The elements the HTML writer (cli/output_html.c) makes; meta and br are void. */
static const char *const fuzz_html_tags[] = {"html", "head", "body", "main", "title", "style", "h1", "h2",
                                             "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "code",
                                             "cite", "span", "strong", "meta", "br", NULL};

/* The tag at html[i] ('<'): its name into `name`; returns the index after
 * its '>'. */
static size_t fuzz_html_tag(const char *html, size_t len, size_t i, char name[16], int *closing) {
  size_t at = i + 1, n = 0;
  *closing = at < len && html[at] == '/';
  if (*closing) at++;
  while (at < len && n < 15 && ((html[at] >= 'a' && html[at] <= 'z') || (html[at] >= '0' && html[at] <= '9')))
    name[n++] = html[at++];
  name[n] = '\0';
  int known = 0;
  for (size_t t = 0; fuzz_html_tags[t] != NULL; t++) known |= strcmp(name, fuzz_html_tags[t]) == 0;
  if (!known) fuzz_fail("the HTML report has a tag the writer never makes (unescaped text?)");
  const char *end = memchr(html + at, '>', len - at);
  if (end == NULL) fuzz_fail("the HTML report has a tag cut off");
  return (size_t)(end - html) + 1;
}

/* The HTML report: the doctype, tags the writer makes, nested properly, and
 * the text between them with '&' only in entities and no '>'. */
static void fuzz_check_html(const char *html, size_t len) {
  static const char doctype[] = "<!DOCTYPE html>\n";
  static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", NULL};
  char stack[64][16];
  size_t depth = 0;
  if (len < sizeof doctype - 1 || memcmp(html, doctype, sizeof doctype - 1) != 0)
    fuzz_fail("the HTML report does not start with its doctype");
  for (size_t i = sizeof doctype - 1; i < len;) {
    if (html[i] == '&') {
      int ok = 0;
      for (size_t e = 0; entities[e] != NULL; e++)
        ok |= strncmp(html + i, entities[e], strlen(entities[e])) == 0;
      if (!ok) fuzz_fail("the HTML report has an unescaped '&'");
      i++;
    } else if (html[i] == '>') {
      fuzz_fail("the HTML report has an unescaped '>'");
    } else if (html[i] != '<') {
      i++;
    } else {
      char name[16];
      int closing;
      i = fuzz_html_tag(html, len, i, name, &closing);
      if (closing) {
        if (depth == 0 || strcmp(stack[depth - 1], name) != 0) fuzz_fail("the HTML report's tags do not nest");
        depth--;
      } else if (strcmp(name, "meta") != 0 && strcmp(name, "br") != 0) {
        if (depth == 64) fuzz_fail("the HTML report nests more than 64 deep");
        memcpy(stack[depth++], name, sizeof stack[0]);
        if (strcmp(name, "style") == 0) {  /* CSS: up to its end tag */
          const char *end = strstr(html + i, "</style>");
          if (end == NULL) fuzz_fail("the HTML report's style sheet does not end");
          i = (size_t)(end - html);
        }
      }
    }
  }
  if (depth != 0) fuzz_fail("the HTML report leaves a tag open");
}

/* The JSON report parses; with --with-facts its "facts" are the session's. */
static void fuzz_check_json_report(const char *text, size_t len, const case_session *s) {
  json_error_t err;
  json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
  if (!json_is_object(root)) fuzz_fail("the JSON report is not a JSON object");
  if (s->with_facts) {
    json_t *facts = session_facts_json(s);
    if (facts == NULL || !json_equal(facts, json_object_get(root, "facts")))
      fuzz_fail("the JSON report's facts are not the case's");
    json_decref(facts);
  }
  json_decref(root);
}

/* Every report format (report_render): each succeeds, prints no message, and
 * is valid UTF-8 text ending in a newline, and the JSON and HTML ones are
 * what they claim. */
static void fuzz_reports(const case_session *s, int explain) {
  for (const report_format *f = report_formats; f->name != NULL; f++) {
    char *text = NULL;
    size_t len = 0;
    fuzz_capture cap;
    fuzz_capture_begin(&cap);
    int code = report_render(s, f, explain, &text, &len);
    fuzz_capture_end(&cap);
    if (code != CLI_EXIT_OK || text == NULL || cap.err_len != 0 || cap.out_len != 0)
      fuzz_fail("a report failed, or printed beside its text");
    if (len == 0 || text[len - 1] != '\n' || strlen(text) != len || !sgr_utf8_valid(text, len))
      fuzz_fail("a report is empty, has a NUL, is not UTF-8 or does not end its last line");
    if (strcmp(f->name, "json") == 0) fuzz_check_json_report(text, len, s);
    if (strcmp(f->name, "html") == 0) fuzz_check_html(text, len);
    fuzz_capture_free(&cap);
    free(text);
  }
}

/* What interview --save writes, read back by the case reader: the same
 * value for every fact. */
static void fuzz_save_and_read(const case_session *s) {
  json_t *facts = session_facts_json(s);
  char *text = facts != NULL ? json_dumps(facts, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
  json_decref(facts);
  if (text == NULL) fuzz_fail("the known facts cannot be written as JSON");
  case_session again;
  if (session_open(&again, "eval", s->rb) != CLI_EXIT_OK) fuzz_fail("session_open failed");
  fuzz_capture cap;
  fuzz_capture_begin(&cap);
  int code = facts_apply(&again, "case", text, strlen(text));
  fuzz_capture_end(&cap);
  if (code != CLI_EXIT_OK || cap.err_len != 0) fuzz_fail("a saved case does not read back");
  for (size_t slot = 0; slot < sg_fact_count(s->rb); slot++) {
    const cli_value *a = &s->values[slot], *b = &again.values[slot];
    int same = a->type == b->type && a->number == b->number &&
               (a->text == NULL) == (b->text == NULL) && (a->text == NULL || strcmp(a->text, b->text) == 0);
    if (!same) fuzz_fail("a saved case reads back to another value");
  }
  fuzz_capture_free(&cap);
  session_close(&again);
  free(text);
}

/* The options of a run, picked by `variant` as eval's command line would
 * set them: --with-facts, --role, --as-of. */
static void fuzz_session_options(case_session *s, uint64_t variant, int32_t *asof) {
  const sg_rulebook *rb = s->rb;
  s->quiet_time = 1;  /* warnings about the moment are eval's, not the reader's */
  s->with_facts = (int)(variant & 1);
  size_t actors = sg_actor_count(rb);
  if (actors > 0 && (variant >> 2) % 3 == 0 &&
      session_set_role(s, sg_actor_name(rb, (size_t)(variant >> 4) % actors)) != CLI_EXIT_OK)
    fuzz_fail("--role refuses an actor of the rulebook");
  if (((variant >> 8) & 3) == 0) {
    *asof = sg_rulebook_effective(rb) - 400 + (int32_t)((variant >> 10) % 4000);
    s->asof = asof;
  }
}

void fuzz_case_run(const sg_rulebook *rb, const char *json, size_t len, uint64_t variant) {
  char *vocabulary = fuzz_vocabulary(rb);
  case_session s;
  if (session_open(&s, "eval", rb) != CLI_EXIT_OK) fuzz_fail("session_open failed");
  int32_t asof = 0;
  fuzz_session_options(&s, variant, &asof);

  fuzz_capture cap;
  fuzz_capture_begin(&cap);
  int code = facts_apply(&s, "case", json, len);
  fuzz_capture_end(&cap);
  if (code != CLI_EXIT_OK && code != CLI_EXIT_INPUT) fuzz_fail("facts_apply gave an exit code it does not promise");
  if ((code == CLI_EXIT_OK) != (cap.err_len == 0)) fuzz_fail("facts_apply failed without a message, or spoke on success");
  if (cap.out_len != 0) fuzz_fail("the case reader wrote to standard output");
  fuzz_check_case_lines(cap.err, json, len);
  json_error_t err;
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
  if (json_is_object(root)) fuzz_check_values_hidden(root, cap.err, cap.err_len, vocabulary, root);
  json_decref(root);
  fuzz_capture_free(&cap);

  if (code == CLI_EXIT_OK) {
    /* from 2016-11-01 on, over ten years, to any second */
    int64_t now = 1477958400 + (int64_t)((variant >> 16) % (10u * 365 * 86400));
    session_set_now(&s, &now);
    fuzz_alloc_forbid(1);
    if (session_eval(&s) != CLI_EXIT_OK) fuzz_fail("session_eval failed on a case that read");
    fuzz_alloc_forbid(0);
    fuzz_reports(&s, (int)((variant >> 1) & 1));
    fuzz_save_and_read(&s);
  }
  session_close(&s);
  free(vocabulary);
}
