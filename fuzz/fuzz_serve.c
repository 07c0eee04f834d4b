/* fuzz_serve.c — libFuzzer target for `signaal serve`'s request handler
 * (cli/serve_api.c) without a socket: the input is a request, lines
 * "FLAGS METHOD", "PATH", "QUERY", "CONTENT-TYPE", then the body (the rest);
 * FLAGS is a byte whose bits say too large (1), from loopback (2) and
 * shutting down (4). The handler answers on the bundled rulebook. Checks:
 * the status is one the API has; a JSON response parses, and an error's
 * is {"error": {"code", "message", "errors"}} (but /healthz's 503); a 405 names what is allowed;
 * the response names the rulebook; memory (the sanitizers) and leaks.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "common.h"
#include "serve_api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next line of the input (up to '\n' or the end) as a new string. */
static char *next_line(const uint8_t **at, const uint8_t *end) {
  const uint8_t *nl = memchr(*at, '\n', (size_t)(end - *at));
  size_t len = nl != NULL ? (size_t)(nl - *at) : (size_t)(end - *at);
  char *line = malloc(len + 1);
  if (line == NULL) fuzz_fail("out of memory");
  memcpy(line, *at, len);
  line[len] = '\0';
  *at += len + (nl != NULL);
  return line;
}

/* What the handler must never answer. */
static void check_response(const serve_request *rq, const serve_response *r) {
  static const int statuses[] = {200, 400, 403, 404, 405, 413, 415, 500, 503};
  int known = 0;
  for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) known |= r->status == statuses[i];
  if (!known) fuzz_fail("a status the API does not have");
  if (r->book != rq->book || r->content_type == NULL) fuzz_fail("a response that names no rulebook");
  if (r->len > 0 && r->body == NULL) fuzz_fail("a body of no bytes");
  if (r->status == 405 && r->allow == NULL) fuzz_fail("405 without Allow");
  if (strncmp(r->content_type, "application/json", 16) != 0) return;
  json_t *parsed = json_loadb(r->body, r->len, 0, NULL);
  if (parsed == NULL) fuzz_fail("a JSON response that does not parse");
  if (r->status >= 400 && !(r->status == 503 && strcmp(rq->path, "/healthz") == 0)) {
    json_t *e = json_object_get(parsed, "error");
    if (!json_is_string(json_object_get(e, "code")) || !json_is_string(json_object_get(e, "message")) ||
        !json_is_array(json_object_get(e, "errors")))
      fuzz_fail("an error that is not {error: {code, message, errors}}");
  }
  json_decref(parsed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static serve_book *book;
  if (book == NULL && (book = serve_book_new((sg_rulebook *)fuzz_bundled(), NULL)) == NULL)
    fuzz_fail("out of memory");
  if (size == 0) return 0;
  const uint8_t *at = data + 1, *end = data + size;
  unsigned flags = data[0];
  char *method = next_line(&at, end), *path = next_line(&at, end), *query = next_line(&at, end),
       *type = next_line(&at, end);
  serve_config config = {4096, (flags & 8) != 0, NULL, NULL, NULL};
  serve_request rq = {method, path, query[0] != '\0' ? query : NULL,
                      type[0] != '\0' ? type : NULL, (const char *)at, (size_t)(end - at),
                      (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, book};
  fuzz_capture capture;
  fuzz_capture_begin(&capture);
  serve_response r;
  serve_handle(&config, &rq, &r);
  fuzz_capture_end(&capture);
  check_response(&rq, &r);
  serve_response_free(&r);
  fuzz_capture_free(&capture);
  free(method);
  free(path);
  free(query);
  free(type);
  return 0;
}
