/* session.c — one case: the context and the typed values of its facts, set
 * only through session_set so the two always agree; reading a case file,
 * setting the moment, evaluating and reporting a failed evaluation.
 */
#include "session.h"
#include "cli.h"
#include "clock.h"
#include "facts.h"
#include "fileio.h"
#include "format.h"
#include "oom.h"
#include "report.h"
#include "suggest.h"
#include "value.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int session_open(case_session *s, const char *command, const sg_rulebook *rb) {
  return session_open_with(s, command, rb, NULL);
}

int session_open_with(case_session *s, const char *command, const sg_rulebook *rb,
                      sg_context *ctx) {
  memset(s, 0, sizeof *s);
  s->role = -1;
  s->max_case_size = CLI_DEFAULT_MAX_CASE_SIZE;
  s->command = command;
  s->rb = rb;
  s->ctx = ctx != NULL ? ctx : sg_context_new(rb);
  s->values = calloc(sg_fact_count(rb) + 1, sizeof *s->values);
  if (s->ctx != NULL && s->values != NULL) return CLI_EXIT_OK;
  session_close(s);
  char who[64];
  snprintf(who, sizeof who, "signaal %s", command);
  return oom_error(who);
}

void session_close(case_session *s) {
  for (size_t slot = 0; s->values != NULL && slot < sg_fact_count(s->rb); slot++)
    free((char *)s->values[slot].text);
  free(s->values);
  sg_context_free(s->ctx);
  s->values = NULL;
  s->ctx = NULL;
}

int session_load_case(case_session *s, const char *path, char **json, size_t *size) {
  if (strcmp(path, "-") == 0 && isatty(STDIN_FILENO))
    fprintf(stderr, "signaal %s: reading the case from standard input (end it with Ctrl-D)\n",
            s->command);
  return file_read_all(path, s->max_case_size, "for a case file (--max-case-size)", json, size);
}

int session_apply_case(case_session *s, const char *name, const char *json, size_t size,
                       sgj_error_fn report, void *userdata) {
  sgr_sha256 h;  /* the report names the case by its bytes: replayable, no values */
  uint8_t digest[32];
  sgr_sha256_init(&h);
  sgr_sha256_update(&h, json, size);
  sgr_sha256_final(&h, digest);
  report_hex(digest, s->case_sha256);
  if (report == NULL) return facts_apply(s, name, json, size);
  return facts_apply_with(s, name, json, size, report, userdata);
}

int session_read_case(case_session *s, const char *path) {
  size_t size = 0;
  char *json = NULL;
  int read = session_load_case(s, path, &json, &size);
  if (read != CLI_EXIT_OK) return read;
  int code = session_apply_case(s, strcmp(path, "-") == 0 ? FILEIO_STDIN_NAME : path, json, size,
                                NULL, NULL);
  free(json);
  return code;
}

sg_status session_set(case_session *s, size_t slot, const cli_value *v) {
  if (slot >= sg_fact_count(s->rb)) return SG_ERR_RANGE;
  cli_value kept = *v;
  if (v->text != NULL) {
    size_t len = strlen(v->text) + 1;
    char *copy = malloc(len);
    if (copy == NULL) return SG_ERR_NOMEM;
    kept.text = memcpy(copy, v->text, len);
  }
  sg_status status = value_set(s->ctx, slot, &kept);
  cli_value *old = &s->values[slot];
  if (status != SG_OK) {
    free((char *)kept.text);
    return status;
  }
  free((char *)old->text);
  *old = kept;
  return SG_OK;
}

/* Warnings, never errors: a decision date before the rulebook's effective
 * date (its agreements did not apply yet), and a moment that does not
 * exist in Dutch time (the hour skipped when summer time begins). */
static void session_warn_time(const case_session *s) {
  int32_t asof, effective = sg_rulebook_effective(s->rb);
  char when[16], from[16];
  if (sg_asof(s->ctx, &asof) && asof < effective) {
    sg_format_date(asof, when);
    sg_format_date(effective, from);
    fprintf(stderr, "signaal %s: warning: the decision date %s lies before %s, when this "
            "rulebook took effect: its agreements did not apply yet\n", s->command, when, from);
  }
  if (!clock_dutch_exists(s->now)) {
    char moment[24];
    sg_format_datetime(s->now, moment);
    fprintf(stderr, "signaal %s: warning: %s does not exist in Dutch time (the clocks skip that "
            "hour when summer time begins); it is read as written\n", s->command, moment);
  }
}

void session_set_now(case_session *s, const int64_t *now) {
  s->now = now != NULL ? *now : clock_now_dutch();
  sg_set_now(s->ctx, s->now);
  if (s->asof != NULL) sg_set_asof(s->ctx, *s->asof);
  if (!s->quiet_time) session_warn_time(s);
}

int session_eval(case_session *s) {
  sg_status status = sg_eval(s->ctx);
  if (status == SG_OK) return CLI_EXIT_OK;
  fprintf(stderr, "signaal %s: error: evaluation failed (status %d)\n", s->command, (int)status);
  return CLI_EXIT_INPUT;
}

static const char *actor_at(const void *rb, size_t i) {
  return sg_actor_name(rb, i);
}

int session_set_role(case_session *s, const char *name) {
  if (name == NULL) return CLI_EXIT_OK;
  s->role = sg_actor_find(s->rb, name);
  if (s->role >= 0) return CLI_EXIT_OK;
  size_t n = sg_actor_count(s->rb);
  if (n == 0) {
    fprintf(stderr, "signaal %s: error: --role: the rulebook declares no actors\n", s->command);
    return CLI_EXIT_USAGE;
  }
  const char *hint = suggest_closest(name, actor_at, s->rb, n);
  fprintf(stderr, "signaal %s: error: --role: the rulebook has no actor '%s'", s->command, name);
  if (hint != NULL) fprintf(stderr, "; did you mean '%s'?", hint);
  fputs("\n  its actors:", stderr);
  for (size_t i = 0; i < n; i++) fprintf(stderr, " %s", sg_actor_name(s->rb, i));
  fputc('\n', stderr);
  return CLI_EXIT_USAGE;
}

int session_start(case_session *s, const char *path, const int64_t *now) {
  int code = path != NULL ? session_read_case(s, path) : CLI_EXIT_OK;
  if (code != CLI_EXIT_OK) return code;
  session_set_now(s, now);
  return session_eval(s);
}
