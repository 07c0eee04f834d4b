/* decision_log.c — `eval --log FILE`: one JSON line per evaluation (see
 * decision_log.h), built from the report model so that the log and the
 * report cannot disagree, appended with a single write(2) to a file opened
 * O_APPEND, so that concurrent evaluations never interleave their lines.
 */
#include "decision_log.h"
#include "cli.h"
#include "jsonput.h"
#include "oom.h"
#include "report_model.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The names of the rules of a section's actions, each once, in order. */
static json_t *rule_names(const report_section *sec, int *failed) {
  json_t *names = json_array();
  if (names == NULL) {
    *failed = 1;
    return NULL;
  }
  const report_rule *last = NULL;
  for (size_t i = 0; i < sec->count; i++) {
    const report_rule *rule = sec->kind == REPORT_UNDETERMINED ? sec->items.undetermined[i].rule
                                                               : sec->items.actions[i].rule;
    if (rule == last) continue;
    last = rule;
    if (json_array_append_new(names, json_string(rule->name)) != 0) *failed = 1;
  }
  return names;
}

/* {table, key} of each contact (key null while it waits for facts). */
static json_t *contact_keys(const report_section *sec, int *failed) {
  json_t *list = json_array();
  for (size_t i = 0; list != NULL && i < sec->count; i++) {
    const report_contact *c = &sec->items.contacts[i];
    json_t *o = json_object();
    if (o == NULL) {
      *failed = 1;
      break;
    }
    put(o, "table", json_string(c->table), failed);
    put(o, "key", c->entry != NULL ? json_string(c->entry->key) : json_null(), failed);
    if (json_array_append_new(list, o) != 0) *failed = 1;
  }
  if (list == NULL) *failed = 1;
  return list;
}

/* The log line's object, or NULL when out of memory. */
static json_t *log_object(const report_model *m, const case_session *s) {
  int failed = 0;
  json_t *o = json_object(), *book = json_object(), *out = json_object();
  if (o == NULL || book == NULL || out == NULL) {
    json_decref(o);
    json_decref(book);
    json_decref(out);
    return NULL;
  }
  char logged[32];
  time_t t = time(NULL);
  struct tm utc;
  if (gmtime_r(&t, &utc) == NULL || strftime(logged, sizeof logged, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
    snprintf(logged, sizeof logged, "unknown");
  put(o, "logged", json_string(logged), &failed);
  put(book, "title", json_string(m->title), &failed);
  put(book, "version", json_string(m->version), &failed);
  put(book, "effective", json_string(m->effective), &failed);
  put(book, "bytecode_sha256", json_string(m->bytecode_hash), &failed);
  put(book, "source_sha256", json_string(m->source_hash), &failed);
  put(o, "rulebook", book, &failed);
  put(o, "case_sha256", m->case_hash[0] ? json_string(m->case_hash) : json_null(), &failed);
  put(o, "now", json_string(m->now), &failed);
  put(o, "as_of", json_string(m->asof), &failed);
  put(o, "role", m->role ? json_string(m->role) : json_null(), &failed);
  static const report_section_kind kinds[] = {REPORT_URGENT, REPORT_RECOMMENDATIONS,
                                              REPORT_ATTENTION, REPORT_UNDETERMINED};
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    const report_section *sec = &m->sections[kinds[k]];
    if (!sec->omitted) put(out, sec->key, rule_names(sec, &failed), &failed);
  }
  put(out, "contacts", contact_keys(&m->sections[REPORT_CONTACTS], &failed), &failed);
  put(o, "outcome", out, &failed);
  if (s->with_facts) put(o, "facts", session_facts_json(s), &failed);
  if (failed) {
    json_decref(o);
    return NULL;
  }
  return o;
}

static int log_error(const char *path, const char *why) {
  fprintf(stderr, "%s: error: cannot append to the decision log: %s\n", path, why);
  return CLI_EXIT_IO;
}

int decision_log_check(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return CLI_EXIT_OK;  /* created on append */
  return S_ISREG(st.st_mode) ? CLI_EXIT_OK : log_error(path, "not a regular file");
}

char *decision_log_line(const case_session *s, size_t *len) {
  unsigned long since = oom_json_failures();
  report_model m;
  json_t *o = NULL;
  if (report_model_build(&m, s, 0) == 0) {
    o = log_object(&m, s);
    report_model_free(&m);
  }
  char *line = oom_json_text(o, JSON_COMPACT | JSON_PRESERVE_ORDER, since, len);
  json_decref(o);
  if (line == NULL) oom_error("signaal eval");
  return line;
}

int decision_log_append(const char *path, const char *whole, size_t len) {
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return log_error(path, strerror(errno));
  struct stat st;
  int code = CLI_EXIT_OK;
  if (fstat(fd, &st) != 0) {
    code = log_error(path, strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {  /* never a device, a FIFO or a directory */
    code = log_error(path, "not a regular file");
  } else {
    ssize_t n = write(fd, whole, len);
    if (n != (ssize_t)len) {
      int e = n < 0 ? errno : ENOSPC;
      if (n > 0 && ftruncate(fd, st.st_size) != 0) e = errno;  /* no half line */
      code = log_error(path, strerror(e));
    }
  }
  if (close(fd) != 0 && code == CLI_EXIT_OK) code = log_error(path, strerror(errno));
  return code;
}
