/* serve_api.c — the endpoints of `signaal serve` (serve_api.h): routing by
 * method and path, the query parameters, the case errors as JSON records,
 * and each endpoint through the CLI's own code (eval_render, batch_run,
 * questions_filter, info_json, schema_json), so the API answers what the
 * commands print. Errors name facts and parameters, never a value.
 */
#include "serve_api.h"
#include "batch.h"
#include "cli.h"
#include "decision_log.h"
#include "eval.h"
#include "jsonput.h"
#include "lang.h"
#include "oom.h"
#include "questions.h"
#include "report.h"
#include "rulebook_json.h"
#include "session.h"
#include "value.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signaal_json.h"

/* The body of a 500 when not even the error could be made. */
static const char INTERNAL_BODY[] =
  "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\",\"errors\":[]}}\n";

/* ---- rulebooks ------------------------------------------------------------- */

serve_book *serve_book_new(sg_rulebook *rb, sgc_compiler *compiler) {
  serve_book *book = calloc(1, sizeof *book);
  if (book == NULL) return NULL;
  book->rb = rb;
  book->compiler = compiler;
  pthread_mutex_init(&book->pool_lock, NULL);
  report_hex(sg_rulebook_bytecode_hash(rb), book->sha256);
  snprintf(book->edition, sizeof book->edition, "%s", report_str(sg_rulebook_version(rb)));
  return book;
}

void serve_book_free(serve_book *book) {
  if (book == NULL) return;
  for (size_t i = 0; i < book->pooled; i++) sg_context_free(book->pool[i]);
  pthread_mutex_destroy(&book->pool_lock);
  sg_rulebook_free(book->rb);
  sgc_free(book->compiler);
  free(book);
}

/* ---- responses ------------------------------------------------------------- */

void serve_response_free(serve_response *r) {
  if (r->owned) free((char *)r->body);
  r->body = NULL;
  r->owned = 0;
}

/* `o` (a new reference, taken) as the body, with `status` and `type`; a
 * 500 when `o` is NULL or cannot be written. */
static void respond_json(serve_response *out, int status, const char *type, json_t *o,
                         unsigned long since) {
  size_t len = 0;
  char *text = oom_json_text(o, RULEBOOK_JSON_FLAGS, since, &len);
  json_decref(o);
  if (text == NULL) {
    *out = (serve_response){500, "application/json", INTERNAL_BODY, sizeof INTERNAL_BODY - 1, 0,
                            NULL, 0, out->book, NULL};
    return;
  }
  out->status = status;
  out->content_type = type;
  out->body = text;
  out->len = len;
  out->owned = 1;
}

/* The error object {"error": {code, message, errors}}; `errors` (a new
 * reference, taken) may be NULL: none. */
static void respond_error(serve_response *out, int status, const char *code, const char *message,
                          json_t *errors) {
  unsigned long since = oom_json_failures();
  int failed = 0;
  json_t *root = json_object(), *e = json_object();
  put(e, "code", json_string(code), &failed);
  put(e, "message", json_string(message), &failed);
  put(e, "errors", errors != NULL ? errors : json_array(), &failed);
  put(root, "error", e, &failed);
  if (failed) {
    json_decref(root);
    root = NULL;
  }
  respond_json(out, status, "application/json", root, since);
}

/* ---- the query ------------------------------------------------------------- */

enum { PARAM_NOW, PARAM_AS_OF, PARAM_ROLE, PARAM_REPORT, PARAM_OPTIONAL, PARAM_ID_FIELD,
       PARAM_FIELDS, PARAM_COUNT };
static const char *const param_names[PARAM_COUNT] = {
  "now", "as_of", "role", "report", "optional", "id_field", "fields"};
#define PARAM_MAX 256  /* the longest parameter value, decoded */

/* The query's parameters, decoded (each NULL when not given). */
typedef struct {
  char value[PARAM_COUNT][PARAM_MAX + 1];
  int given[PARAM_COUNT];
} query_params;

/* The value of a hex digit, or -1. */
static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decode text[0..len) ('+' is a space) into out (at most cap - 1
 * bytes and a NUL); 0, or -1 when it is malformed, holds a NUL or is too
 * long. */
static int url_decode(const char *text, size_t len, char *out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (c == '+') c = ' ';
    else if (c == '%') {
      if (i + 2 >= len) return -1;
      int hi = hex_digit(text[i + 1]), lo = hex_digit(text[i + 2]);
      if (hi < 0 || lo < 0) return -1;
      c = (char)(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0' || n + 1 >= cap) return -1;
    out[n++] = c;
  }
  out[n] = '\0';
  return 0;
}

/* Parse `query` into *p, accepting only the parameters whose bits are in
 * `allowed`; 0, or -1 with the problem (naming the parameter, never its
 * value) in `problem`. */
static int parse_query(const char *query, unsigned allowed, query_params *p, char *problem,
                       size_t cap) {
  memset(p->given, 0, sizeof p->given);
  for (const char *at = query; at != NULL && *at != '\0';) {
    size_t len = strcspn(at, "&");
    const char *eq = memchr(at, '=', len);
    size_t name_len = eq != NULL ? (size_t)(eq - at) : len;
    char name[64];
    if (len == 0) {
      at++;
      continue;
    }
    if (url_decode(at, name_len, name, sizeof name) != 0) {
      snprintf(problem, cap, _("a query parameter's name is not valid"));
      return -1;
    }
    size_t i = 0;
    while (i < PARAM_COUNT && (!(allowed & (1u << i)) || strcmp(param_names[i], name) != 0)) i++;
    if (i == PARAM_COUNT) {
      snprintf(problem, cap, "%s", _("a query parameter this endpoint does not take "
                                     "(docs/api-http.md lists them)"));
      return -1;
    }
    const char *value = eq != NULL ? eq + 1 : at + len;
    size_t value_len = eq != NULL ? len - name_len - 1 : 0;
    if (url_decode(value, value_len, p->value[i], sizeof p->value[i]) != 0) {
      snprintf(problem, cap, _("query parameter '%s': not a valid value"), name);
      return -1;
    }
    p->given[i] = 1;
    at += len;
    if (*at == '&') at++;
  }
  return 0;
}

/* The moment, decision date, role, report format and flag a request gives. */
typedef struct {
  int64_t now_value;
  const int64_t *now;
  int32_t asof_value;
  const int32_t *asof;
  long role;
  const report_format *format;
  int optional;
} eval_params;

/* Check the parameters of *p that `allowed` names into *e; 0, or -1 with
 * the problem in `problem`. */
static int check_params(const query_params *p, const sg_rulebook *rb, eval_params *e,
                        char *problem, size_t cap) {
  memset(e, 0, sizeof *e);
  e->role = -1;
  e->format = report_format_find("json");
  if (p->given[PARAM_NOW]) {
    if (sg_parse_datetime(p->value[PARAM_NOW], &e->now_value) != 0) {
      snprintf(problem, cap, _("query parameter 'now' expects a moment YYYY-MM-DDTHH:MM[:SS]"));
      return -1;
    }
    e->now = &e->now_value;
  }
  if (p->given[PARAM_AS_OF]) {
    if (sg_parse_date(p->value[PARAM_AS_OF], &e->asof_value) != 0) {
      snprintf(problem, cap, _("query parameter 'as_of' expects a date YYYY-MM-DD"));
      return -1;
    }
    e->asof = &e->asof_value;
  }
  if (p->given[PARAM_ROLE] && (e->role = sg_actor_find(rb, p->value[PARAM_ROLE])) < 0) {
    snprintf(problem, cap, _("query parameter 'role' names no actor of the rulebook"));
    return -1;
  }
  if (p->given[PARAM_REPORT] && (e->format = report_format_find(p->value[PARAM_REPORT])) == NULL) {
    snprintf(problem, cap, _("query parameter 'report' expects text, json, md or html"));
    return -1;
  }
  if (p->given[PARAM_OPTIONAL]) {
    const char *v = p->value[PARAM_OPTIONAL];
    if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0 && strcmp(v, "true") != 0 &&
        strcmp(v, "false") != 0) {
      snprintf(problem, cap, _("query parameter 'optional' expects 1 or 0"));
      return -1;
    }
    e->optional = v[0] == '1' || v[0] == 't';
  }
  return 0;
}

/* ---- case errors ----------------------------------------------------------- */

/* libsignaal-json's records as JSON {line, column, fact, message}: they
 * never hold a value. */
typedef struct {
  json_t *errors;
  int failed;
} record_list;

static void collect_record(const sgj_error *e, void *userdata) {
  record_list *list = userdata;
  json_t *r = json_object();
  put(r, "line", json_integer(e->line), &list->failed);
  put(r, "column", json_integer(e->column), &list->failed);
  put(r, "fact", e->fact != NULL ? json_string(e->fact) : json_null(), &list->failed);
  put(r, "message", json_string(e->message), &list->failed);
  append(list->errors, r, &list->failed);
}

/* The 400 of a case that could not be read: bad_json when the body is no
 * JSON at all, bad_case when it is JSON but not a case of the rulebook. */
static void respond_bad_case(serve_response *out, const serve_request *rq, record_list *list) {
  json_error_t error;
  json_t *parsed = json_loadb(rq->body, rq->len, 0, &error);
  int is_json = parsed != NULL;
  json_decref(parsed);
  respond_error(out, 400, is_json ? "bad_case" : "bad_json",
                is_json ? _("the case does not fit the rulebook") : _("the body is not valid JSON"),
                list->errors);
  list->errors = NULL;
}

/* ---- endpoints ------------------------------------------------------------- */

/* The mutex around the decision log, so its lines never interleave. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* The body's media type is one of `types` (a NULL-ended list), or absent. */
static int media_type_ok(const char *content_type, const char *const *types) {
  if (content_type == NULL || content_type[0] == '\0') return 1;
  size_t len = strcspn(content_type, "; \t");
  for (size_t i = 0; types[i] != NULL; i++)
    if (strlen(types[i]) == len && strncasecmp(content_type, types[i], len) == 0) return 1;
  return 0;
}

static const char *const json_types[] = {"application/json", NULL};
static const char *const jsonl_types[] = {"application/x-ndjson", "application/jsonl",
                                          "application/json", "text/plain", NULL};

/* An idle context of `book`, reset, or NULL: the session makes one. */
static sg_context *context_take(const serve_book *held) {
  serve_book *book = (serve_book *)held;  /* the pool is the one part that changes */
  sg_context *ctx = NULL;
  pthread_mutex_lock(&book->pool_lock);
  if (book->pooled > 0) ctx = book->pool[--book->pooled];
  pthread_mutex_unlock(&book->pool_lock);
  if (ctx != NULL) sg_context_reset(ctx);
  return ctx;
}

/* Close the session, its context given back to the book's pool. */
static void close_session(case_session *s, const serve_book *held) {
  serve_book *book = (serve_book *)held;
  sg_context *ctx = s->ctx;
  s->ctx = NULL;
  session_close(s);
  if (ctx == NULL) return;
  pthread_mutex_lock(&book->pool_lock);
  if (book->pooled < SERVE_POOL_MAX) {
    book->pool[book->pooled++] = ctx;
    ctx = NULL;
  }
  pthread_mutex_unlock(&book->pool_lock);
  sg_context_free(ctx);
}

/* A session on the request's rulebook with the parameters set; an exit code. */
static int open_session(case_session *s, const serve_request *rq, const eval_params *e,
                        int with_facts) {
  int code = session_open_with(s, "serve", rq->book->rb, context_take(rq->book));
  if (code != CLI_EXIT_OK) return code;
  s->asof = e->asof;
  s->role = e->role;
  s->with_facts = with_facts;
  s->quiet_time = 1;
  s->max_case_size = rq->len + 1;
  return CLI_EXIT_OK;
}

/* Checks shared by the POST endpoints of a case: the media type and the
 * query; 0, or -1 with the error response made. */
static int case_request(const serve_request *rq, unsigned allowed, const char *const *types,
                        eval_params *e, query_params *p, serve_response *out) {
  char problem[200];
  if (!media_type_ok(rq->content_type, types)) {
    respond_error(out, 415, "unsupported_media_type",
                  _("the body must be JSON (Content-Type: application/json)"), NULL);
    return -1;
  }
  if (parse_query(rq->query, allowed, p, problem, sizeof problem) != 0 ||
      check_params(p, rq->book->rb, e, problem, sizeof problem) != 0) {
    respond_error(out, 400, "bad_parameter", problem, NULL);
    return -1;
  }
  return 0;
}

#define BIT(p) (1u << (p))

/* POST /v1/eval: the report `signaal eval --report FORMAT` prints. */
static void handle_eval(const serve_config *config, const serve_request *rq, serve_response *out) {
  eval_params e;
  query_params p;
  if (case_request(rq, BIT(PARAM_NOW) | BIT(PARAM_AS_OF) | BIT(PARAM_ROLE) | BIT(PARAM_REPORT),
                   json_types, &e, &p, out) != 0)
    return;
  case_session s;
  if (open_session(&s, rq, &e, config->with_facts) != CLI_EXIT_OK) {
    respond_error(out, 500, "internal", _("out of memory"), NULL);
    return;
  }
  record_list list = {json_array(), 0};
  eval_input in = {"request", rq->body, rq->len, collect_record, &list, e.now, e.format, 0,
                   config->log_path != NULL};
  eval_output made;
  int code = eval_render(&s, &in, &made);
  if (code == CLI_EXIT_INPUT && list.errors != NULL && json_array_size(list.errors) > 0) {
    respond_bad_case(out, rq, &list);
  } else if (code != CLI_EXIT_OK) {
    respond_error(out, 500, "internal", _("the case could not be evaluated"), NULL);
  } else {
    int logged = CLI_EXIT_OK;
    if (config->log_path != NULL) {
      pthread_mutex_lock(&log_lock);
      logged = decision_log_append(config->log_path, made.log_line, made.log_len);
      pthread_mutex_unlock(&log_lock);
    }
    if (logged != CLI_EXIT_OK) {
      respond_error(out, 500, "internal", _("the decision could not be logged"), NULL);
    } else {
      const char *name = e.format->name;
      out->status = 200;
      out->content_type = strcmp(name, "json") == 0 ? "application/json"
                          : strcmp(name, "html") == 0 ? "text/html; charset=utf-8"
                          : strcmp(name, "md") == 0 ? "text/markdown; charset=utf-8"
                          : "text/plain; charset=utf-8";
      out->body = made.report;
      out->len = made.size;
      out->owned = 1;
      made.report = NULL;
    }
  }
  json_decref(list.errors);
  free(made.report);
  free(made.log_line);
  close_session(&s, rq->book);
}

/* The question about the fact at `slot`, as /v1/questions lists it; its
 * `contacts` are sg_question_contacts' (after sg_open_questions on `ctx`). */
static json_t *question_json(const sg_rulebook *rb, const sg_context *ctx, const sg_question *q,
                             int *failed) {
  json_t *o = json_object();
  sg_type type = sg_fact_type(rb, q->slot);
  put(o, "fact", json_string(sg_fact_name(rb, q->slot)), failed);
  put(o, "question", json_string(report_str(sg_fact_question(rb, q->slot))), failed);
  put(o, "type", json_string(value_type_name(type)), failed);
  if (value_type_listed(type)) {
    json_t *values = json_array();
    for (size_t i = 0; i < sg_fact_enum_count(rb, q->slot); i++)
      append(values, json_string(sg_fact_enum_value(rb, q->slot, i)), failed);
    put(o, "values", values, failed);
  }
  put(o, "optional", json_boolean(q->optional), failed);
  put(o, "settles", json_integer((json_int_t)q->settles_max), failed);
  put(o, "contacts", json_integer((json_int_t)sg_question_contacts(ctx, q->slot)), failed);
  return o;
}

/* The facts the case names (known or null): they are not asked again. */
static void mark_given(const serve_request *rq, unsigned char *asked) {
  json_t *parsed = json_loadb(rq->body, rq->len, 0, NULL);
  const char *key;
  json_t *value;
  json_object_foreach(parsed, key, value) {
    long slot = sg_fact_slot(rq->book->rb, key);
    if (slot >= 0) asked[slot] = 1;
  }
  json_decref(parsed);
}

/* POST /v1/questions: the questions `signaal interview` would ask next. */
static void handle_questions(const serve_config *config, const serve_request *rq,
                             serve_response *out) {
  eval_params e;
  query_params p;
  if (case_request(rq, BIT(PARAM_NOW) | BIT(PARAM_AS_OF) | BIT(PARAM_OPTIONAL), json_types, &e,
                   &p, out) != 0)
    return;
  (void)config;
  const sg_rulebook *rb = rq->book->rb;
  case_session s;
  if (open_session(&s, rq, &e, 0) != CLI_EXIT_OK) {
    respond_error(out, 500, "internal", _("out of memory"), NULL);
    return;
  }
  size_t cap = sg_fact_count(rb) + 1;
  unsigned char *asked = calloc(cap, 1);
  sg_question *questions = calloc(cap, sizeof *questions);
  record_list list = {json_array(), 0};
  int code = asked == NULL || questions == NULL ? CLI_EXIT_IO
             : session_apply_case(&s, "request", rq->body, rq->len, collect_record, &list);
  if (code == CLI_EXIT_OK) {
    session_set_now(&s, e.now);
    code = session_eval(&s);
  }
  if (code == CLI_EXIT_INPUT && list.errors != NULL && json_array_size(list.errors) > 0) {
    respond_bad_case(out, rq, &list);
  } else if (code != CLI_EXIT_OK) {
    respond_error(out, 500, "internal", _("the case could not be evaluated"), NULL);
  } else {
    mark_given(rq, asked);
    size_t count = sg_open_questions(s.ctx, questions, cap), optional_left = 0;
    if (count > cap) count = cap;
    count = questions_filter(questions, count, asked, e.optional, &optional_left);
    unsigned long since = oom_json_failures();
    int failed = 0;
    char moment[24];
    sg_format_datetime(s.now, moment);
    json_t *root = json_object(), *list_out = json_array();
    put(root, "edition", json_string(rq->book->edition), &failed);
    put(root, "sha256", json_string(rq->book->sha256), &failed);
    put(root, "now", json_string(moment), &failed);
    put(root, "undetermined", json_integer((json_int_t)questions_undetermined(s.ctx, rb)), &failed);
    for (size_t i = 0; i < count; i++) append(list_out, question_json(rb, s.ctx, &questions[i], &failed), &failed);
    put(root, "questions", list_out, &failed);
    if (failed) {
      json_decref(root);
      root = NULL;
    }
    respond_json(out, 200, "application/json", root, since);
  }
  json_decref(list.errors);
  free(asked);
  free(questions);
  close_session(&s, rq->book);
}

/* POST /v1/batch, read as it arrives: the query's parameters and the run. */
struct serve_batch {
  eval_params e;
  query_params p;
  batch_options o;
  batch_stream *run;
  const serve_book *book;   /* the request's */
};

void serve_batch_refuse(serve_response *out, const serve_book *book, int too_large) {
  *out = (serve_response){0, NULL, NULL, 0, 0, NULL, 0, book, NULL};
  if (too_large)
    respond_error(out, 413, "too_large",
                  _("the body is larger than the server accepts (--max-batch)"), NULL);
  else
    respond_error(out, 500, "internal", _("no room for the outcome lines"), NULL);
}

int serve_is_batch(const serve_request *rq) {
  return strcmp(rq->path, "/v1/batch") == 0 && strcmp(rq->method, "POST") == 0;
}

serve_batch *serve_batch_begin(const serve_config *config, const serve_request *rq, FILE *sink,
                               serve_response *out) {
  *out = (serve_response){0, NULL, NULL, 0, 0, NULL, 0, rq->book, NULL};
  if (rq->shutting_down) {
    respond_error(out, 503, "shutting_down", _("the server is shutting down"), NULL);
    return NULL;
  }
  if (rq->too_large) {
    serve_batch_refuse(out, rq->book, 1);
    return NULL;
  }
  serve_batch *sb = calloc(1, sizeof *sb);
  if (sb == NULL) {
    respond_error(out, 500, "internal", _("out of memory"), NULL);
    return NULL;
  }
  if (case_request(rq, BIT(PARAM_NOW) | BIT(PARAM_AS_OF) | BIT(PARAM_ID_FIELD) | BIT(PARAM_FIELDS),
                   jsonl_types, &sb->e, &sb->p, out) != 0) {
    free(sb);
    return NULL;
  }
  /* a line may be as long as a case sent to /v1/eval */
  sb->o = (batch_options){rq->book->rb, "request", sb->e.now, sb->e.asof,
                          sb->p.given[PARAM_ID_FIELD] ? sb->p.value[PARAM_ID_FIELD] : "id",
                          BATCH_ALL, 0, config->max_body, 0, 1};
  char problem[200];
  if (sb->p.given[PARAM_FIELDS] &&
      batch_parse_fields(sb->p.value[PARAM_FIELDS], &sb->o.fields, problem, sizeof problem) != 0) {
    respond_error(out, 400, "bad_parameter", _("query parameter 'fields' names an unknown part"),
                  NULL);
    free(sb);
    return NULL;
  }
  if (sb->o.id_field[0] == '\0' || sg_fact_slot(rq->book->rb, sb->o.id_field) >= 0) {
    respond_error(out, 400, "bad_parameter",
                  _("query parameter 'id_field' must name a member that is not a fact"), NULL);
    free(sb);
    return NULL;
  }
  sb->book = rq->book;
  sb->run = batch_open(&sb->o, sink);
  if (sb->run == NULL) {
    respond_error(out, 500, "internal", _("out of memory"), NULL);
    free(sb);
    return NULL;
  }
  return sb;
}

void serve_batch_feed(serve_batch *sb, const char *data, size_t n) {
  batch_feed(sb->run, data, n);
}

void serve_batch_end(serve_batch *sb, FILE *sink, serve_response *out) {
  const serve_book *book = sb->book;
  int code = batch_close(sb->run, 0, NULL);  /* writes the last of the lines */
  free(sb);
  int flushed = fflush(sink) == 0 && !ferror(sink);
  *out = (serve_response){0, NULL, NULL, 0, 0, NULL, 0, book, NULL};
  if ((code != CLI_EXIT_OK && code != CLI_EXIT_INPUT) || !flushed) {
    respond_error(out, 500, "internal", _("out of memory"), NULL);
    return;
  }
  out->status = 200;
  out->content_type = "application/x-ndjson";
}

void serve_batch_cancel(serve_batch *sb) {
  if (sb == NULL) return;
  batch_close(sb->run, 0, NULL);
  free(sb);
}

/* POST /v1/batch with its body in hand (the fuzz target, the tests): the
 * same run as the server's, its lines kept in memory. */
static void handle_batch(const serve_config *config, const serve_request *rq, serve_response *out) {
  char *text = NULL;
  size_t len = 0;
  FILE *result = open_memstream(&text, &len);
  if (result == NULL) {
    respond_error(out, 500, "internal", _("out of memory"), NULL);
    return;
  }
  serve_batch *sb = serve_batch_begin(config, rq, result, out);
  if (sb != NULL) {
    serve_batch_feed(sb, rq->body, rq->len);
    serve_batch_end(sb, result, out);
  }
  int closed = fclose(result);
  if (out->status != 200 || closed != 0) {
    free(text);
    if (out->status == 200) respond_error(out, 500, "internal", _("out of memory"), NULL);
    return;
  }
  out->body = text;
  out->len = len;
  out->owned = 1;
}

/* GET /v1/info: `signaal info RULEBOOK --json`. */
static void handle_info(const serve_config *config, const serve_request *rq, serve_response *out) {
  (void)config;
  unsigned long since = oom_json_failures();
  respond_json(out, 200, "application/json", info_json(rq->book->rb, rq->book->compiler), since);
}

/* GET /v1/schema: `signaal schema RULEBOOK`. */
static void handle_schema(const serve_config *config, const serve_request *rq,
                          serve_response *out) {
  (void)config;
  unsigned long since = oom_json_failures();
  respond_json(out, 200, "application/schema+json", schema_json(rq->book->rb), since);
}

/* {"status", "edition", "sha256"} of `book`. */
static json_t *status_json(const char *status, const serve_book *book) {
  int failed = 0;
  json_t *o = json_object();
  put(o, "status", json_string(status), &failed);
  put(o, "edition", json_string(book->edition), &failed);
  put(o, "sha256", json_string(book->sha256), &failed);
  if (!failed) return o;
  json_decref(o);
  return NULL;
}

/* GET /healthz: ok, or 503 shutting_down once SIGTERM came. */
static void handle_health(const serve_config *config, const serve_request *rq,
                          serve_response *out) {
  (void)config;
  unsigned long since = oom_json_failures();
  const char *status = rq->shutting_down ? "shutting_down" : "ok";
  respond_json(out, rq->shutting_down ? 503 : 200, "application/json",
               status_json(status, rq->book), since);
}

/* POST /v1/reload (from loopback only): the rulebook file again. */
static void handle_reload(const serve_config *config, const serve_request *rq,
                          serve_response *out) {
  if (!rq->loopback) {
    respond_error(out, 403, "forbidden", _("reloading is allowed only from the loopback address"),
                  NULL);
    return;
  }
  char why[256] = "";
  const serve_book *fresh = NULL;
  if (config->reload == NULL || config->reload(config->reload_userdata, &fresh, why, sizeof why) != 0) {
    respond_error(out, 500, "rulebook_invalid",
                  _("the rulebook file could not be loaded; the old one stays in use"), NULL);
    return;
  }
  out->book = fresh;
  out->fresh = fresh;
  unsigned long since = oom_json_failures();
  respond_json(out, 200, "application/json", status_json("reloaded", fresh), since);
}

/* A file of web/ ("/" is index.html). */
static const serve_file *find_file(const char *path) {
  if (path[0] != '/') return NULL;
  const char *name = path[1] == '\0' ? "index.html" : path + 1;
  for (size_t i = 0; i < serve_file_count; i++)
    if (strcmp(serve_files[i].name, name) == 0) return &serve_files[i];
  return NULL;
}

/* ---- routing ------------------------------------------------------------------ */

typedef void (*endpoint_fn)(const serve_config *, const serve_request *, serve_response *);

static const struct {
  const char *path;
  const char *method;
  endpoint_fn run;
} routes[] = {
  {"/healthz", "GET", handle_health},
  {"/v1/info", "GET", handle_info},
  {"/v1/schema", "GET", handle_schema},
  {"/v1/eval", "POST", handle_eval},
  {"/v1/questions", "POST", handle_questions},
  {"/v1/batch", "POST", handle_batch},
  {"/v1/reload", "POST", handle_reload},
};
#define ROUTE_COUNT (sizeof routes / sizeof routes[0])

/* HEAD is GET without the body (the server leaves it out). */
static int method_is(const char *method, const char *wanted) {
  return strcmp(method, wanted) == 0 || (strcmp(wanted, "GET") == 0 && strcmp(method, "HEAD") == 0);
}

void serve_handle(const serve_config *config, const serve_request *rq, serve_response *out) {
  *out = (serve_response){0, NULL, NULL, 0, 0, NULL, 0, rq->book, NULL};
  size_t i = 0;
  while (i < ROUTE_COUNT && strcmp(routes[i].path, rq->path) != 0) i++;
  const serve_file *file = i == ROUTE_COUNT ? find_file(rq->path) : NULL;
  if (i == ROUTE_COUNT && file == NULL) {
    respond_error(out, 404, "not_found", _("no such resource"), NULL);
    return;
  }
  const char *allowed = file != NULL ? "GET, HEAD"
                        : strcmp(routes[i].method, "GET") == 0 ? "GET, HEAD" : routes[i].method;
  if (!method_is(rq->method, file != NULL ? "GET" : routes[i].method)) {
    respond_error(out, 405, "method_not_allowed", _("the method is not allowed here"), NULL);
    out->allow = allowed;
    return;
  }
  if (rq->shutting_down && (file != NULL || routes[i].run != handle_health)) {
    respond_error(out, 503, "shutting_down", _("the server is shutting down"), NULL);
    return;
  }
  if (rq->too_large) {
    respond_error(out, 413, "too_large", _("the body is larger than the server accepts (--max-body)"),
                  NULL);
    return;
  }
  if (file != NULL) {
    *out = (serve_response){200, file->content_type, (const char *)file->data, file->len, 0, NULL,
                            1, rq->book, NULL};
    return;
  }
  routes[i].run(config, rq, out);
}
