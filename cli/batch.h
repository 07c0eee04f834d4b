/* batch.h — `signaal eval RULEBOOK --batch FILE`: a JSONL stream of cases
 * (one case object a line, with an optional "now" and an id member),
 * each evaluated on one reused context, one outcome line of JSON each on
 * the output. Streams with constant memory and no heap allocation per
 * case: yajl's events set the facts as they are read (its memory is a
 * fixed arena), keys and strings go through fixed buffers, the outcome is
 * written with stdio. Errors name the file, the line, fact names and
 * types, never a value (docs/cli.md, "Many cases (--batch)").
 */
#ifndef SG_CLI_BATCH_H
#define SG_CLI_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "signaal.h"

/* The longest key or string value a line may hold, in bytes (a longer one
 * is an error for its line). */
#define BATCH_STRING_MAX 16384

/* The parts of an outcome line (--fields); BATCH_ALL is every one. */
enum {
  BATCH_ID = 1u << 0, BATCH_LINE = 1u << 1, BATCH_NOW = 1u << 2, BATCH_AS_OF = 1u << 3,
  BATCH_FIRED = 1u << 4, BATCH_NOT_FIRED = 1u << 5, BATCH_UNDETERMINED = 1u << 6,
  BATCH_RECOMMENDATIONS = 1u << 7, BATCH_ATTENTION = 1u << 8, BATCH_CONTACTS = 1u << 9,
  BATCH_ALL = (1u << 10) - 1
};

typedef struct {
  const sg_rulebook *rb;
  const char *path;         /* the cases, "-": standard input */
  const int64_t *now;       /* --now for a line without "now"; NULL: the clock */
  const int32_t *asof;      /* --as-of; NULL: the date of each line's moment */
  const char *id_field;     /* the member echoed as "id" (not a fact) */
  unsigned fields;          /* BATCH_* parts of each outcome line */
  int fail_fast;            /* stop at the first line that fails */
  size_t max_line;          /* the most bytes a line may have (--max-case-size) */
  int set_only;             /* read and set each case's facts, then go on: no
                               evaluation, no output (bench/bench_parse.c) */
  int error_lines;          /* a bad line gives a JSON error line on the output
                               ({"line", "error": {"code", "message", "errors"}})
                               instead of messages on stderr, and no summary
                               (signaal serve, POST /v1/batch) */
} batch_options;

/* The parts `list` names ("id,fired,actions": comma-separated; "actions"
 * is recommendations, attention and contacts; "all" every part) into
 * *fields: 0, or -1 with the first unknown name in `problem`. */
int batch_parse_fields(const char *list, unsigned *fields, char *problem, size_t cap);

/* What a run counted: lines that held a case, cases evaluated, lines that
 * failed. */
typedef struct {
  size_t read, evaluated, failed;
} batch_counts;

/* Read the cases from `in` (named o->path in messages) and write an
 * outcome line for each to `out`; per-line errors and the summary line go
 * to stderr. Returns an exit code: 0 when every line was evaluated, 1 when
 * one failed, 3 for a read error or when memory runs out (before the first
 * case: all memory is taken then). `counts` may be NULL. */
int batch_run(const batch_options *o, FILE *in, FILE *out, batch_counts *counts);

/* The same run fed piece by piece (signaal serve reads a request's body as
 * it arrives): batch_open starts it, writing to `out` (NULL when out of
 * memory); batch_feed takes the next `n` bytes, in any split, and returns
 * -1 once --fail-fast stopped the run (the rest is then ignored), else 0;
 * batch_close ends the last line, writes the summary (unless error_lines),
 * frees the run and returns batch_run's exit code. `read_error`: an errno
 * when the input could not be read to its end, else 0. */
typedef struct batch batch_stream;
batch_stream *batch_open(const batch_options *o, FILE *out);
int batch_feed(batch_stream *b, const char *data, size_t n);
int batch_close(batch_stream *b, int read_error, batch_counts *counts);

/* yajl's allocations in the arena so far (every batch_run), for the bench
 * and the allocation test: they stay in the arena, never the heap. */
unsigned long batch_arena_calls(void);

#endif
