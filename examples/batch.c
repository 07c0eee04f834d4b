/* batch.c — many cases against one rulebook, as a service answers them:
 * load the compiled rulebook once, make one context, and for each case
 * reset it (sg_context_reset), read the case (sgj_read_case), set the
 * moment, evaluate and print the outcome as `signaal eval --json` writes it
 * (sgj_outcome_json). The context is made once: a case costs no context.
 *
 *   cc batch.c $(pkg-config --cflags --libs signaal-json) -o batch
 *   ./batch uitbuiting.rbc 2016-11-08T12:00 zaak1.json zaak2.json
 *   ./batch uitbuiting.rbc 2016-11-08T12:00 zaken.jsonl
 *
 * A file whose name ends in ".jsonl" holds one case per line. Each outcome
 * is one JSON object (pretty-printed); a case with errors gets its errors
 * on standard error ("FILE:LINE:COL: error: …", never a value) and no
 * outcome, and the exit status is 1. The outcomes hold the case's advice,
 * not its facts (no SGJ_WITH_FACTS).
 */
#include <signaal.h>
#include <signaal_json.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a case comes from, for its error records. */
typedef struct {
  const char *file;
  int line;       /* the line of a .jsonl file; 0: the case is the whole file */
} case_origin;

/* Print one error record: "FILE:LINE:COL: error: …". */
static void print_case_error(const sgj_error *e, void *data) {
  const case_origin *from = data;
  int line = from->line > 0 ? from->line : e->line;
  int column = e->line > 0 ? e->column : 0;
  if (line > 0 && column > 0) fprintf(stderr, "%s:%d:%d: ", from->file, line, column);
  else if (line > 0) fprintf(stderr, "%s:%d: ", from->file, line);
  else fprintf(stderr, "%s: ", from->file);
  fprintf(stderr, "%s: %s\n", e->severity == SGJ_NOTE ? "note" : "error", e->message);
}

/* One case: reset, read, evaluate at `now`, print. 0, or 1 after an error. */
static int run_case(const sg_rulebook *rb, sg_context *ctx, int64_t now, const char *json,
                    size_t len, case_origin from) {
  sg_context_reset(ctx);  /* every fact unknown, no moment: nothing of the last case */
  sg_status status = sgj_read_case(ctx, rb, json, len, print_case_error, &from);
  if (status == SG_ERR_NOMEM) fprintf(stderr, "%s: out of memory\n", from.file);
  if (status != SG_OK) return 1;
  sg_set_now(ctx, now);
  if (sg_eval(ctx) != SG_OK) {
    fprintf(stderr, "%s: evaluation failed\n", from.file);
    return 1;
  }
  char *outcome = sgj_outcome_json(ctx, rb, now, 0);
  if (outcome == NULL) {
    fprintf(stderr, "%s: out of memory\n", from.file);
    return 1;
  }
  fputs(outcome, stdout);
  free(outcome);
  return 0;
}

/* The whole file at `path`, malloc'd and NUL-terminated, its size in
 * *size; NULL after printing why not. */
static char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  char *data = NULL;
  long n = -1;
  if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0 &&
      (data = malloc((size_t)n + 1)) != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  if (f != NULL) fclose(f);
  if (data == NULL) {
    perror(path);
    return NULL;
  }
  data[n] = '\0';
  *size = (size_t)n;
  return data;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s RULEBOOK.rbc NOW CASE.json|CASES.jsonl...\n", argv[0]);
    return 2;
  }
  int64_t now;
  if (sg_parse_datetime(argv[2], &now) != 0) {
    fprintf(stderr, "NOW must be YYYY-MM-DDTHH:MM[:SS]\n");
    return 2;
  }
  size_t size = 0;
  char *bytes = read_file(argv[1], &size);
  if (bytes == NULL) return 3;
  sg_rulebook *rb = NULL;
  sg_error err;
  sg_status status = sg_rulebook_load(bytes, size, NULL, NULL, &rb, &err);
  free(bytes);
  if (status != SG_OK) {
    fprintf(stderr, "%s: not a valid rulebook: %s\n", argv[1], err.message);
    return 1;
  }
  sg_context *ctx = sg_context_new(rb);  /* one context for every case */
  if (ctx == NULL) {
    fprintf(stderr, "out of memory\n");
    sg_rulebook_free(rb);
    return 3;
  }
  int failed = 0;
  for (int i = 3; i < argc; i++) {
    char *text = read_file(argv[i], &size);
    if (text == NULL) {
      failed = 1;
      continue;
    }
    size_t name_len = strlen(argv[i]);
    if (name_len > 6 && strcmp(argv[i] + name_len - 6, ".jsonl") == 0) {
      int line = 0;
      for (char *at = text, *end; at < text + size; at = end + 1) {
        end = memchr(at, '\n', (size_t)(text + size - at));
        if (end == NULL) end = text + size;
        line++;
        if (end > at)
          failed |= run_case(rb, ctx, now, at, (size_t)(end - at), (case_origin){argv[i], line});
      }
    } else {
      failed |= run_case(rb, ctx, now, text, size, (case_origin){argv[i], 0});
    }
    free(text);
  }
  sg_context_free(ctx);
  sg_rulebook_free(rb);
  return failed;
}
