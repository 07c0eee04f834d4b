/* serve_api.h — `signaal serve`'s requests without HTTP: a request (method,
 * path, query, body) in, a response (status, headers, body) out, so that the
 * server (cmd_serve.c, libmicrohttpd), the tests and the fuzz target call the
 * same code. The endpoints and the error shapes are docs/api-http.md's; no
 * response, error or log line ever holds a value of a case.
 */
#ifndef SG_CLI_SERVE_API_H
#define SG_CLI_SERVE_API_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* The most idle contexts a book keeps (more are freed when given back). */
#define SERVE_POOL_MAX 16

/* A loaded rulebook as the server holds it: shared read-only by the
 * requests that use it, counted (cmd_serve.c swaps and frees it). */
typedef struct serve_book {
  sg_rulebook *rb;          /* owned */
  sgc_compiler *compiler;   /* owned; a .rules file's compiler (info counts its
                               examples), else NULL */
  char sha256[65];          /* the .rbc image's SHA-256, lower-case hex */
  char edition[64];         /* the rulebook's version ("2016-11") */
  unsigned long refs;       /* requests using it, plus one while current
                               (cmd_serve.c's lock guards it) */
  /* Contexts of `rb` no request is using: a request takes one (or makes
   * one) and gives it back, so a worker reuses a context but never shares
   * it; freed with the book. Guarded by pool_lock. */
  pthread_mutex_t pool_lock;
  sg_context *pool[SERVE_POOL_MAX];
  size_t pooled;
} serve_book;

/* A new book that owns `rb` and `compiler`; NULL when out of memory (they are
 * then not freed). */
serve_book *serve_book_new(sg_rulebook *rb, sgc_compiler *compiler);
void serve_book_free(serve_book *book);

/* What the server was started with. */
typedef struct {
  size_t max_body;          /* --max-body: the most bytes a body may have */
  int with_facts;           /* --with-facts: JSON reports and the log give the facts */
  const char *log_path;     /* --log: the decision log; NULL: none */
  /* POST /v1/reload: load the rulebook file again and make it current;
   * returns 0 with *fresh the new book (one reference taken for the
   * response: released by the caller), or -1 with why in `why` (NULL: no
   * reloading, as in the fuzz target). */
  int (*reload)(void *userdata, const serve_book **fresh, char *why, size_t cap);
  void *reload_userdata;
} serve_config;

/* One request. */
typedef struct {
  const char *method;       /* "GET", "POST", … */
  const char *path;         /* without the query: "/v1/eval" */
  const char *query;        /* after '?', still percent-encoded; NULL: none */
  const char *content_type; /* the Content-Type header; NULL: none */
  const char *body;         /* need not end in NUL */
  size_t len;
  int too_large;            /* the body passed max_body (its bytes not kept) */
  int loopback;             /* the client is 127.0.0.1 or ::1 */
  int shutting_down;        /* SIGTERM came before the request began */
  const serve_book *book;   /* the rulebook the whole request uses */
} serve_request;

/* One response. */
typedef struct {
  int status;
  const char *content_type;
  const char *body;         /* owned (`owned`) or an embedded file */
  size_t len;
  int owned;                /* free(body) when done (serve_response_free) */
  const char *allow;        /* 405: the Allow header; else NULL */
  int page;                 /* a file of web/: Content-Security-Policy */
  const serve_book *book;   /* the rulebook the response names (X-Signaal-*):
                               the request's, or after a reload the new one */
  const serve_book *fresh;  /* a reload's new book, whose reference the caller
                               releases; else NULL */
} serve_response;

/* Answer `rq`: fills *out (never fails: running out of memory is a 500
 * internal error with a fixed body). Thread-safe: requests may be handled
 * at once, each with its own context. */
void serve_handle(const serve_config *config, const serve_request *rq, serve_response *out);

/* Free what *r owns. */
void serve_response_free(serve_response *r);

/* POST /v1/batch read as its body arrives, in constant memory (the server):
 * serve_is_batch says whether `rq` is one. serve_batch_begin checks what
 * the headers and the query say (`rq`'s body not read yet; too_large when
 * its Content-Length passes the server's limit) and starts the run,
 * writing the outcome lines to `sink`; or returns NULL with *out the error
 * response. serve_batch_feed takes the body's next bytes, in any split.
 * serve_batch_end ends the run, flushes `sink` and frees the run: *out is
 * 200 application/x-ndjson with no body (the caller sends what the sink
 * holds), or an error (500 when the lines could not all be written). serve_batch_cancel frees
 * a run that will not be answered (NULL does nothing). */
typedef struct serve_batch serve_batch;
int serve_is_batch(const serve_request *rq);
serve_batch *serve_batch_begin(const serve_config *config, const serve_request *rq, FILE *sink,
                               serve_response *out);
void serve_batch_feed(serve_batch *sb, const char *data, size_t n);
void serve_batch_end(serve_batch *sb, FILE *sink, serve_response *out);
void serve_batch_cancel(serve_batch *sb);
/* The error response of a batch the server cannot take on: 413 past
 * --max-batch (`too_large`), else 500 (no temporary file for its lines). */
void serve_batch_refuse(serve_response *out, const serve_book *book, int too_large);

/* The embedded files of web/ (build/gen/web_files.c, from tools/embed.sh). */
typedef struct {
  const char *name;         /* "index.html", "app.js" */
  const char *content_type;
  const unsigned char *data;
  size_t len;
} serve_file;
extern const serve_file serve_files[];
extern const size_t serve_file_count;

#endif
