/* cmd_serve.c — `signaal serve`: the decision service. libmicrohttpd's
 * thread pool takes the requests, serve_api.c answers them; this file owns
 * the daemon, the request bodies and their limits, the current rulebook
 * (counted, swapped whole on SIGHUP or POST /v1/reload), the signals, the
 * graceful shutdown and the log line of each request (never a body, a
 * query or a value).
 */
#define _DEFAULT_SOURCE /* struct addrinfo, clock_gettime */
#include "cli.h"
#include "decision_log.h"
#include "lang.h"
#include "load.h"
#include "serve_api.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "signaal.h"
#include "signaal_compiler.h"
#include "signaal_json.h"

#define SERVE_DEFAULT_LISTEN "127.0.0.1:8080"
#define SERVE_DEFAULT_THREADS 2
#define SERVE_DEFAULT_MAX_BODY ((size_t)1024 * 1024)
#define SERVE_DEFAULT_MAX_BATCH ((size_t)256 * 1024 * 1024)
#define SERVE_DEFAULT_TIMEOUT 30
#define SERVE_CONNECTION_LIMIT 256
/* After SIGTERM, with no request running, how long the server still waits
 * for one on an open connection before it stops (milliseconds). */
#define SERVE_LINGER_MS 500

/* The server: the current rulebook and what each request needs. */
typedef struct {
  pthread_mutex_t lock;        /* guards `current` and every book's refs */
  pthread_mutex_t reload_lock; /* one reload at a time */
  serve_book *current;
  const char *path;            /* the rulebook file, loaded again on reload */
  size_t max_rule_size;
  size_t max_batch;            /* --max-batch */
  serve_config config;
  atomic_int shutting_down;
  atomic_long active;          /* requests begun and not yet completed */
  atomic_llong last_done_ms;   /* when the last one completed */
} server;

/* One request's state, from its URI to its completion. */
typedef struct {
  char *query;                 /* after '?', owned; NULL: none */
  char *body;                  /* owned */
  size_t len, cap;
  int too_large;
  int started;                 /* the handler has seen the headers */
  int answered;                /* a response is queued: the rest of the body is dropped */
  serve_batch *batch;          /* POST /v1/batch: the run its body feeds */
  FILE *sink;                  /* ... and its outcome lines (an unlinked file) */
  size_t fed;                  /* bytes of the body fed to it */
  int shutting_down;
  serve_book *book;            /* one reference, released at completion */
  struct timespec start;
} request;

/* Milliseconds of the monotonic clock. */
static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- the rulebook, counted ------------------------------------------------- */

/* The current book, with a reference for the caller. */
static serve_book *book_acquire(server *sv) {
  pthread_mutex_lock(&sv->lock);
  serve_book *book = sv->current;
  book->refs++;
  pthread_mutex_unlock(&sv->lock);
  return book;
}

/* Give back a reference; the last one frees the book. */
static void book_release(server *sv, const serve_book *held) {
  if (held == NULL) return;
  serve_book *book = (serve_book *)held;
  pthread_mutex_lock(&sv->lock);
  int last = --book->refs == 0;
  pthread_mutex_unlock(&sv->lock);
  if (last) serve_book_free(book);
}

/* Load the rulebook file into a new book (one reference: the caller's);
 * NULL after the loader printed why (file:line of the rulebook, never a
 * case), with the exit code in *code. */
static serve_book *book_load(const char *path, size_t max_rule_size, int *code) {
  sg_rulebook *rb = NULL;
  sgc_compiler *c = NULL;
  if ((*code = load_rulebook(path, max_rule_size, &rb, &c)) != CLI_EXIT_OK) return NULL;
  serve_book *book = serve_book_new(rb, c);
  if (book == NULL) {
    sg_rulebook_free(rb);
    sgc_free(c);
    fprintf(stderr, "%s", _("signaal serve: error: out of memory\n"));
    *code = CLI_EXIT_IO;
    return NULL;
  }
  book->refs = 1;
  return book;
}

/* Load the file again and make it current: requests begun before keep the
 * old book to their end, and the last of them frees it. 0 with *fresh the
 * new book (a reference for the caller when `fresh` is not NULL), or -1
 * with the old one kept. */
static int reload(void *userdata, const serve_book **fresh, char *why, size_t cap) {
  server *sv = userdata;
  pthread_mutex_lock(&sv->reload_lock);
  int code;
  serve_book *book = book_load(sv->path, sv->max_rule_size, &code);
  if (book == NULL) {
    pthread_mutex_unlock(&sv->reload_lock);
    snprintf(why, cap, "%s", _("the rulebook file could not be loaded"));
    serve_book *old = book_acquire(sv);
    fprintf(stderr, _("signaal serve: error: reloading %s failed; edition %s stays in use\n"),
            sv->path, old->edition);
    book_release(sv, old);
    return -1;
  }
  pthread_mutex_lock(&sv->lock);
  serve_book *old = sv->current;
  sv->current = book;         /* the reference book_load gave is the current one's */
  if (fresh != NULL) book->refs++;
  pthread_mutex_unlock(&sv->lock);
  fprintf(stderr, _("signaal serve: reloaded %s: edition %s (sha256 %s), was %s\n"), sv->path,
          book->edition, book->sha256, old->edition);
  book_release(sv, old);
  pthread_mutex_unlock(&sv->reload_lock);
  if (fresh != NULL) *fresh = book;
  return 0;
}

/* ---- requests -------------------------------------------------------------- */

/* MHD's URI log callback: the request's state begins here, the query kept
 * (MHD hands the handler the path alone). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *connection) {
  server *sv = cls;
  (void)connection;
  request *r = calloc(1, sizeof *r);
  if (r == NULL) return NULL;
  clock_gettime(CLOCK_MONOTONIC, &r->start);
  const char *q = strchr(uri, '?');
  if (q != NULL && (r->query = strdup(q + 1)) == NULL) {
    free(r);
    return NULL;
  }
  atomic_fetch_add(&sv->active, 1);
  return r;
}

/* MHD's completion callback: the request's state ends. */
static void on_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode code) {
  server *sv = cls;
  (void)connection;
  (void)code;
  request *r = *con_cls;
  if (r == NULL) return;
  book_release(sv, r->book);
  serve_batch_cancel(r->batch);
  if (r->sink != NULL) fclose(r->sink);
  free(r->query);
  free(r->body);
  free(r);
  *con_cls = NULL;
  atomic_store(&sv->last_done_ms, now_ms());
  atomic_fetch_sub(&sv->active, 1);
}

/* Whether the client is on the loopback address. */
static int client_loopback(struct MHD_Connection *connection) {
  const union MHD_ConnectionInfo *info =
    MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == NULL || info->client_addr == NULL) return 0;
  const struct sockaddr *a = info->client_addr;
  if (a->sa_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)a;
    return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  }
  if (a->sa_family == AF_INET6) {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)a;
    return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
  }
  return 0;
}

/* The path as the log may show it: an endpoint's or a page file's, else
 * "-" (a path could hold anything a client typed). */
static const char *log_path(const char *url, int status) {
  return status == 404 ? "-" : url;
}

/* Queue `resp` with the headers every response has; log the request. */
static enum MHD_Result send_response(struct MHD_Connection *connection, request *r,
                                     const char *method, const char *url, serve_response *resp,
                                     struct MHD_Response *file) {
  struct MHD_Response *m;
  if (file != NULL) {
    m = file;
  } else if (resp->owned) {
    m = MHD_create_response_from_buffer(resp->len, (void *)resp->body, MHD_RESPMEM_MUST_FREE);
    if (m != NULL) resp->owned = 0; /* MHD frees it now */
  } else {
    m = MHD_create_response_from_buffer(resp->len, (void *)resp->body, MHD_RESPMEM_PERSISTENT);
  }
  if (m == NULL) {
    serve_response_free(resp);
    return MHD_NO;
  }
  const serve_book *book = resp->book != NULL ? resp->book : r->book;
  MHD_add_response_header(m, "Content-Type", resp->content_type);
  MHD_add_response_header(m, "X-Signaal-Edition", book->edition);
  MHD_add_response_header(m, "X-Signaal-Rulebook", book->sha256);
  MHD_add_response_header(m, "Cache-Control", "no-store");
  MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
  if (resp->allow != NULL) MHD_add_response_header(m, "Allow", resp->allow);
  if (resp->page) MHD_add_response_header(m, "Content-Security-Policy", "default-src 'self'");
  enum MHD_Result queued = MHD_queue_response(connection, (unsigned)resp->status, m);
  MHD_destroy_response(m);
  struct timespec end;
  clock_gettime(CLOCK_MONOTONIC, &end);
  long long us = (long long)(end.tv_sec - r->start.tv_sec) * 1000000 +
                 (end.tv_nsec - r->start.tv_nsec) / 1000;
  fprintf(stderr, "signaal serve: %s %s %d %zu B %lld us edition %s\n", method,
          log_path(url, resp->status), resp->status, resp->len, us, book->edition);
  return queued;
}

/* Answer the request whose body (if any) has come in whole. */
static enum MHD_Result answer(server *sv, struct MHD_Connection *connection, request *r,
                              const char *method, const char *url) {
  serve_request rq = {method, url, r->query,
                      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Type"),
                      r->body != NULL ? r->body : "", r->len, r->too_large,
                      client_loopback(connection), r->shutting_down, r->book};
  serve_response resp;
  serve_handle(&sv->config, &rq, &resp);
  enum MHD_Result result = send_response(connection, r, method, url, &resp, NULL);
  book_release(sv, resp.fresh);
  serve_response_free(&resp);
  return result;
}

/* Keep `size` more bytes of the body, at most max_body in all: past that
 * the request is too large and nothing more is kept. */
static void take_body(server *sv, request *r, const char *data, size_t size) {
  if (r->too_large) return;
  if (size > sv->config.max_body - r->len) {
    r->too_large = 1;
    free(r->body);
    r->body = NULL;
    r->len = r->cap = 0;
    return;
  }
  if (r->len + size > r->cap) {
    size_t cap = r->cap == 0 ? 4096 : r->cap;
    while (cap < r->len + size) cap *= 2;
    if (cap > sv->config.max_body) cap = sv->config.max_body;
    char *grown = realloc(r->body, cap);
    if (grown == NULL) {  /* treated as too large: the body is dropped */
      r->too_large = 1;
      free(r->body);
      r->body = NULL;
      r->len = r->cap = 0;
      return;
    }
    r->body = grown;
    r->cap = cap;
  }
  memcpy(r->body + r->len, data, size);
  r->len += size;
}

/* The request as far as its headers tell (no body yet). */
static serve_request head_request(struct MHD_Connection *connection, request *r,
                                  const char *method, const char *url) {
  return (serve_request){method, url, r->query,
                         MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Type"),
                         "", 0, r->too_large, client_loopback(connection), r->shutting_down,
                         r->book};
}

/* Queue `resp` (an error before the body was read): what comes of the
 * body is dropped. */
static enum MHD_Result answer_early(struct MHD_Connection *connection, request *r,
                                    const char *method, const char *url, serve_response *resp) {
  r->answered = 1;
  enum MHD_Result result = send_response(connection, r, method, url, resp, NULL);
  serve_response_free(resp);
  return result;
}

/* POST /v1/batch: start its run from the headers; the body feeds it as it
 * arrives (batch_more), and batch_answer sends its lines from the file. */
static enum MHD_Result batch_start(server *sv, struct MHD_Connection *connection, request *r,
                                   const char *method, const char *url) {
  serve_request rq = head_request(connection, r, method, url);
  serve_response resp;
  r->sink = tmpfile();
  if (r->sink == NULL) {
    serve_batch_refuse(&resp, r->book, 0);
    return answer_early(connection, r, method, url, &resp);
  }
  r->batch = serve_batch_begin(&sv->config, &rq, r->sink, &resp);
  if (r->batch == NULL) return answer_early(connection, r, method, url, &resp);
  return MHD_YES;
}

static enum MHD_Result batch_more(server *sv, struct MHD_Connection *connection, request *r,
                                  const char *method, const char *url, const char *data,
                                  size_t size) {
  if (size > sv->max_batch - r->fed) {
    serve_batch_cancel(r->batch);
    r->batch = NULL;
    r->too_large = 1;
    serve_response resp;
    serve_batch_refuse(&resp, r->book, 1);
    return answer_early(connection, r, method, url, &resp);
  }
  r->fed += size;
  serve_batch_feed(r->batch, data, size);
  return MHD_YES;
}

static enum MHD_Result batch_answer(struct MHD_Connection *connection, request *r,
                                    const char *method, const char *url) {
  serve_response resp;
  serve_batch *run = r->batch;
  r->batch = NULL;
  serve_batch_end(run, r->sink, &resp);
  struct MHD_Response *file = NULL;
  if (resp.status == 200) {
    off_t size = ftello(r->sink);
    int fd = size >= 0 ? dup(fileno(r->sink)) : -1;
    file = fd >= 0 ? MHD_create_response_from_fd((uint64_t)size, fd) : NULL;
    if (file == NULL) {
      if (fd >= 0) close(fd);
      serve_response_free(&resp);
      return MHD_NO;
    }
    resp.len = (size_t)size;
  }
  enum MHD_Result result = send_response(connection, r, method, url, &resp, file);
  serve_response_free(&resp);
  return result;
}

/* MHD's access handler: called with the headers, then with each part of the
 * body, then once more to answer. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
  server *sv = cls;
  request *r = *con_cls;
  (void)version;
  if (r == NULL) return MHD_NO;  /* out of memory at its start */
  if (!r->started) {
    r->started = 1;
    r->book = book_acquire(sv);
    r->shutting_down = atomic_load(&sv->shutting_down);
    const char *length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Length");
    if (length != NULL) {
      char *end;
      errno = 0;
      unsigned long long n = strtoull(length, &end, 10);
      if (errno != 0 || end == length || n > sv->config.max_body) r->too_large = 1;
    }
    serve_request head = head_request(connection, r, method, url);
    if (serve_is_batch(&head)) {
      /* a batch is read as it arrives: its own limit, not --max-body's */
      unsigned long long n = length != NULL ? strtoull(length, NULL, 10) : 0;
      r->too_large = n > sv->max_batch;
      return batch_start(sv, connection, r, method, url);
    }
    /* too large by its Content-Length: answered before any of it is read */
    if (r->too_large) return answer(sv, connection, r, method, url);
    return MHD_YES;
  }
  if (r->answered) {  /* the rest of a body already answered */
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (r->batch != NULL) {
    size_t size = *upload_data_size;
    *upload_data_size = 0;
    if (size > 0) return batch_more(sv, connection, r, method, url, upload_data, size);
    return batch_answer(connection, r, method, url);
  }
  if (*upload_data_size > 0) {
    int was_large = r->too_large;
    take_body(sv, r, upload_data, *upload_data_size);
    *upload_data_size = 0;
    if (r->too_large && !was_large) return answer(sv, connection, r, method, url);
    return MHD_YES;
  }
  if (r->too_large) return MHD_YES;  /* answered already */
  return answer(sv, connection, r, method, url);
}

/* ---- starting ----------------------------------------------------------------- */

/* HOST:PORT (an IPv6 host in brackets) into an address; 0, or -1 after the
 * usage error. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr, socklen_t *len) {
  char host[256];
  const char *colon = strrchr(listen, ':');
  const char *h = listen;
  size_t host_len = colon != NULL ? (size_t)(colon - listen) : 0;
  if (host_len >= 2 && h[0] == '[' && h[host_len - 1] == ']') {
    h++;
    host_len -= 2;
  }
  char *end = NULL;
  long port = colon != NULL ? strtol(colon + 1, &end, 10) : -1;
  if (colon == NULL || host_len == 0 || host_len >= sizeof host || end == colon + 1 ||
      *end != '\0' || port < 0 || port > 65535) {
    args_usage_error("serve", _("--listen expects HOST:PORT, such as 127.0.0.1:8080"));
    return -1;
  }
  memcpy(host, h, host_len);
  host[host_len] = '\0';
  struct addrinfo hints, *found = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  if (getaddrinfo(host, NULL, &hints, &found) != 0 || found == NULL) {
    fprintf(stderr, _("signaal serve: error: --listen: cannot resolve the host '%s'\n"), host);
    return -1;
  }
  memcpy(addr, found->ai_addr, found->ai_addrlen);
  *len = found->ai_addrlen;
  freeaddrinfo(found);
  if (addr->ss_family == AF_INET) ((struct sockaddr_in *)(void *)addr)->sin_port = htons((uint16_t)port);
  else ((struct sockaddr_in6 *)(void *)addr)->sin6_port = htons((uint16_t)port);
  return 0;
}

/* A whole number in [low, high] from `text` (NULL: `fallback`); -1 when it
 * is not one. */
static long parse_count(const char *text, long fallback, long low, long high) {
  if (text == NULL) return fallback;
  char *end;
  errno = 0;
  long n = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || n < low || n > high) return -1;
  return n;
}

/* Write the port to --port-file, atomically. */
static int write_port_file(const char *path, unsigned port) {
  char text[16], why[256];
  int len = snprintf(text, sizeof text, "%u\n", port);
  if (sgc_write_atomic(path, text, (size_t)len, why, sizeof why) == 0) return CLI_EXIT_OK;
  fprintf(stderr, _("%s: error: cannot write: %s\n"), path, why);
  return CLI_EXIT_IO;
}

/* The command line's checks, before the rulebook is loaded. */
static int check_serve(const cli_args *args) {
  if (args->operand_count != 1) return args_usage_error("serve", _("give exactly one RULEBOOK"));
  if (strcmp(args->operands[0], "-") == 0)
    return args_usage_error("serve", _("the rulebook must be a file, to be loaded again on SIGHUP"));
  if (parse_count(args->threads, SERVE_DEFAULT_THREADS, 1, 256) < 0)
    return args_usage_error("serve", _("--threads expects a number from 1 to 256"));
  if (parse_count(args->timeout, SERVE_DEFAULT_TIMEOUT, 1, 3600) < 0)
    return args_usage_error("serve", _("--timeout expects a number of seconds from 1 to 3600"));
  if (args->log != NULL && decision_log_check(args->log) != CLI_EXIT_OK) return CLI_EXIT_IO;
  return CLI_EXIT_OK;
}

/* After SIGTERM or SIGINT: accept nothing more, let running requests end
 * (at most `timeout` seconds), then stop. */
static void drain(server *sv, struct MHD_Daemon *daemon, long timeout) {
  atomic_store(&sv->shutting_down, 1);
  fprintf(stderr, "%s", _("signaal serve: shutting down: finishing the running requests\n"));
  MHD_socket listen = MHD_quiesce_daemon(daemon);
  if (listen != MHD_INVALID_SOCKET) close(listen);
  long long deadline = now_ms() + timeout * 1000;
  atomic_store(&sv->last_done_ms, now_ms());
  for (;;) {
    long long now = now_ms();
    if (now >= deadline) break;
    if (atomic_load(&sv->active) == 0 && now - atomic_load(&sv->last_done_ms) >= SERVE_LINGER_MS)
      break;
    struct timespec pause = {0, 20 * 1000000};
    nanosleep(&pause, NULL);
  }
}

static int run_serve(const cli_args *args) {
  struct sockaddr_storage addr;
  socklen_t addr_len = 0;
  const char *listen_at = args->listen != NULL ? args->listen : SERVE_DEFAULT_LISTEN;
  if (parse_listen(listen_at, &addr, &addr_len) != 0) return CLI_EXIT_USAGE;
  long threads = parse_count(args->threads, SERVE_DEFAULT_THREADS, 1, 256);
  long timeout = parse_count(args->timeout, SERVE_DEFAULT_TIMEOUT, 1, 3600);
  server sv;
  memset(&sv, 0, sizeof sv);
  pthread_mutex_init(&sv.lock, NULL);
  pthread_mutex_init(&sv.reload_lock, NULL);
  sv.path = args->operands[0];
  sv.max_rule_size = args->max_rule_size;
  sv.max_batch = args->max_batch != 0 ? args->max_batch : SERVE_DEFAULT_MAX_BATCH;
  sv.config = (serve_config){args->max_body != 0 ? args->max_body : SERVE_DEFAULT_MAX_BODY,
                             args->with_facts, args->log, reload, &sv};
  int loaded;
  sv.current = book_load(sv.path, sv.max_rule_size, &loaded);
  if (sv.current == NULL) return loaded;
  /* libsignaal-json installs its counting wrapper around jansson's
   * allocator on its first call, which must return before calls in other
   * threads begin (signaal_json.h, "Threads"): make that call here. */
  sg_context *first = sg_context_new(sv.current->rb);
  if (first != NULL) sgj_read_case(first, sv.current->rb, "{}", 2, NULL, NULL);
  sg_context_free(first);

  /* The signals are taken by this thread alone (sigwait): block them before
   * MHD's threads start, so they inherit the mask. */
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, NULL);
  signal(SIGPIPE, SIG_IGN);

  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC;
  if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES) flags |= MHD_USE_EPOLL;
  else flags |= MHD_USE_POLL;
  if (addr.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  struct MHD_Daemon *daemon = MHD_start_daemon(
    flags, 0, NULL, NULL, on_request, &sv,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)timeout,
    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_CONNECTION_LIMIT,
    MHD_OPTION_URI_LOG_CALLBACK, on_uri, &sv,
    MHD_OPTION_NOTIFY_COMPLETED, on_completed, &sv,
    MHD_OPTION_END);
  int code = CLI_EXIT_OK;
  if (daemon == NULL) {
    fprintf(stderr, _("signaal serve: error: cannot listen on %s\n"), listen_at);
    code = CLI_EXIT_IO;
  }
  unsigned port = 0;
  if (code == CLI_EXIT_OK) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    port = info != NULL ? info->port : 0;
    char host[64] = "";
    if (addr.ss_family == AF_INET6)
      inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)&addr)->sin6_addr, host, sizeof host);
    else
      inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)&addr)->sin_addr, host, sizeof host);
    fprintf(stderr, _("signaal serve: listening on http://%s%s%s:%u/ (edition %s, sha256 %s)\n"),
            addr.ss_family == AF_INET6 ? "[" : "", host, addr.ss_family == AF_INET6 ? "]" : "",
            port, sv.current->edition, sv.current->sha256);
    if (args->port_file != NULL) code = write_port_file(args->port_file, port);
  }
  while (code == CLI_EXIT_OK) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      char why[256];
      reload(&sv, NULL, why, sizeof why);
      continue;
    }
    drain(&sv, daemon, timeout);
    break;
  }
  if (daemon != NULL) MHD_stop_daemon(daemon);
  if (code == CLI_EXIT_OK) fprintf(stderr, "%s", _("signaal serve: stopped\n"));
  book_release(&sv, sv.current);
  pthread_mutex_destroy(&sv.lock);
  pthread_mutex_destroy(&sv.reload_lock);
  return code;
}

const cli_command command_serve = {
  .name = "serve", .operand = "RULEBOOK", .loads = 0, .usage = "RULEBOOK",
  .check = check_serve, .run = run_serve,
  .summary = "answer HTTP requests: the REST API and the case worker's page",
  .options = (const cli_use[]){
    {OPT_LISTEN, NULL, NULL}, {OPT_THREADS, NULL, NULL}, {OPT_MAX_BODY, NULL, NULL},
    {OPT_MAX_BATCH, NULL, NULL},
    {OPT_TIMEOUT, NULL, NULL},
    {OPT_LOG, "append one JSON line about each POST /v1/eval to the decision log FILE, as "
              "'signaal eval --log' does (no fact values unless --with-facts)", NULL},
    {OPT_WITH_FACTS, "also put the known facts in the JSON reports and the decision log (they "
                     "are about a child: only where that is allowed)", NULL},
    {OPT_PORT_FILE, NULL, NULL}, {OPT_MAX_RULE_SIZE, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Serve the rulebook over HTTP: the REST API (POST /v1/eval, /v1/questions,\n"
    "/v1/batch, /v1/reload; GET /v1/info, /v1/schema, /healthz) and the case\n"
    "worker's page at /, whose files are built into the command. Every response\n"
    "names the rulebook edition and the SHA-256 of its image that answered it.\n"
    "docs/api-http.md describes the endpoints, docs/openapi.yaml their shapes.\n"
    "\n"
    "RULEBOOK is a compiled rulebook (.rbc, verified at start) or a .rules file,\n"
    "compiled in memory. SIGHUP, or POST /v1/reload from the loopback address,\n"
    "loads the file again: when it is valid it replaces the old one at once, each\n"
    "request using one edition from start to end; when not, the old one stays.\n"
    "SIGTERM or SIGINT: no new connections, the running requests finish\n"
    "(GET /healthz says 503 shutting_down meanwhile), exit 0.\n"
    "\n"
    "Each request gives one line on standard error: method, path, status, bytes,\n"
    "microseconds and edition; never a body, a query or a value of a case.\n",
  .examples =
    "  signaal serve rules/uitbuiting.rules\n"
    "  signaal serve build/uitbuiting.rbc --listen 0.0.0.0:8080 --threads 4\n"
    "  signaal serve build/uitbuiting.rbc --listen 127.0.0.1:0 --port-file poort.txt\n"
    "  signaal serve build/uitbuiting.rbc --log beslissingen.jsonl\n",
};
