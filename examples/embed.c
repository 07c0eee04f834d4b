/* embed.c — Signaal embedded in a program, the whole way: load a compiled
 * rulebook (verified as it loads), read a case file (libsignaal-json) and
 * set facts, set the moment, evaluate, and walk the fired rules, the
 * advice, what is still undetermined and the open questions. Every call
 * that can fail is checked.
 *
 *   cc embed.c $(pkg-config --cflags --libs signaal-json) -o embed
 *   ./embed uitbuiting.rbc 2016-11-08T12:00 zaak.json
 *   ./embed uitbuiting.rbc 2016-11-08T12:00 vaste_verblijfplaats=false \
 *       identiteitspapieren=geen moment_aanhouding=2016-11-08T11:00
 *
 * An argument without '=' is a case file: a JSON object from fact name to
 * value, as `signaal eval --facts` reads it (sgj_read_case). Facts are also
 * given as NAME=VALUE, each value as its fact's type reads it
 * (sg_set_parsed: true/false, a number, an enum value, a date, a country
 * code, a text), after the case file. A fact not given is unknown. The
 * program never prints a fact's value: the case is about a child, and
 * sgj_read_case's error records never hold one.
 */
#include <signaal.h>
#include <signaal_json.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file at `path`, malloc'd, its size in *size; NULL on error. */
static void *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 1 << 16, n = 0;
  unsigned char *data = malloc(cap);
  for (size_t got; data != NULL && (got = fread(data + n, 1, cap - n, f)) > 0;) {
    n += got;
    if (n == cap) {
      unsigned char *more = realloc(data, cap *= 2);
      if (more == NULL) free(data);
      data = more;
    }
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(data);
    return NULL;
  }
  *size = n;
  return data;
}

/* Print one error record of a case file: "FILE:LINE:COL: error: …", as
 * the CLI does. */
static void print_case_error(const sgj_error *e, void *file) {
  const char *name = file;
  if (e->line > 0 && e->column > 0) fprintf(stderr, "%s:%d:%d: ", name, e->line, e->column);
  else if (e->line > 0) fprintf(stderr, "%s:%d: ", name, e->line);
  else fprintf(stderr, "%s: ", name);
  fprintf(stderr, "%s: %s\n", e->severity == SGJ_NOTE ? "note" : "error", e->message);
}

/* Read the case file at `path` into `ctx`; 0, or 1 after printing why not. */
static int read_case(const sg_rulebook *rb, sg_context *ctx, const char *path) {
  size_t size = 0;
  void *json = read_file(path, &size);
  if (json == NULL) {
    perror(path);
    return 1;
  }
  sg_status status = sgj_read_case(ctx, rb, json, size, print_case_error, (void *)path);
  free(json);
  if (status == SG_ERR_NOMEM) fprintf(stderr, "%s: out of memory\n", path);
  return status != SG_OK;
}

/* Print the advice of one kind: the recommendations, attention points or
 * contacts of the rules that fired. */
static void print_actions(const sg_rulebook *rb, const sg_context *ctx, sg_action_kind kind,
                          const char *heading) {
  printf("%s:\n", heading);
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      if (sg_rule_action_kind(rb, r, a) != kind) continue;
      if (kind != SG_CONTACT) {
        printf("  - %s  [%s; %s]\n", sg_rule_action_text(rb, r, a), sg_rule_name(rb, r),
               sg_rule_citation(rb, r));
        continue;
      }
      const char *table = sg_rule_action_text(rb, r, a);
      long t = sg_table_find(rb, table), entry = sg_rule_contact(ctx, r, a);
      printf("  - %s[%s]  [%s]\n", table,
             t >= 0 && entry >= 0 ? sg_table_key(rb, (size_t)t, (size_t)entry) : "? (not known yet)",
             sg_rule_name(rb, r));
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s RULEBOOK.rbc NOW [CASE.json] [FACT=VALUE]...\n", argv[0]);
    return 2;
  }
  printf("libsignaal %s (built with %s), bytecode format %d.%d\n", sg_version(), SG_VERSION,
         SG_BYTECODE_FORMAT_MAJOR, SG_BYTECODE_FORMAT_MINOR);

  size_t size = 0;
  void *bytes = read_file(argv[1], &size);
  if (bytes == NULL) {
    perror(argv[1]);
    return 3;
  }
  sg_rulebook *rb = NULL;
  sg_error err;
  sg_status status = sg_rulebook_load(bytes, size, NULL, NULL, &rb, &err);
  free(bytes);  /* the rulebook keeps its own copy */
  if (status != SG_OK) {
    fprintf(stderr, "%s: not a valid rulebook: %s\n", argv[1], err.message);
    return 1;
  }
  printf("rulebook: %s, version %s\n", sg_rulebook_title(rb), sg_rulebook_version(rb));

  sg_context *ctx = sg_context_new(rb);  /* allocates what it needs, once */
  if (ctx == NULL) {
    fprintf(stderr, "out of memory\n");
    sg_rulebook_free(rb);
    return 3;
  }
  int64_t now;
  if (sg_parse_datetime(argv[2], &now) != 0) {
    fprintf(stderr, "NOW must be YYYY-MM-DDTHH:MM[:SS]\n");
    sg_context_free(ctx);
    sg_rulebook_free(rb);
    return 2;
  }
  sg_set_now(ctx, now);  /* without it, what depends on the time stays undetermined */
  int bad = 0;
  for (int i = 3; i < argc; i++) {
    char *eq = strchr(argv[i], '=');
    if (eq == NULL) {  /* a case file */
      bad |= read_case(rb, ctx, argv[i]);
      continue;
    }
    *eq = '\0';
    status = sg_set_parsed(ctx, argv[i], eq + 1);
    if (status != SG_OK)  /* the fact's name, never its value */
      fprintf(stderr, "fact '%s': %s\n", argv[i],
              status == SG_ERR_RANGE ? "no such fact" : "not a value of its type");
    bad |= status != SG_OK;
  }
  if (bad || sg_eval(ctx) != SG_OK) {  /* sg_eval never allocates */
    sg_context_free(ctx);
    sg_rulebook_free(rb);
    return 1;
  }

  printf("fired:");
  for (size_t r = 0; r < sg_rule_count(rb); r++)
    if (sg_rule_outcome(ctx, r) == SG_TRUE) printf(" %s", sg_rule_name(rb, r));
  printf("\n");
  print_actions(rb, ctx, SG_RECOMMEND, "recommendations");
  print_actions(rb, ctx, SG_ATTENTION, "attention points");
  print_actions(rb, ctx, SG_CONTACT, "contacts");
  printf("undetermined:\n");
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_UNKNOWN) continue;
    size_t slots[16], n = sg_rule_waiting(ctx, r, slots, 16);
    printf("  - %s, waits for", sg_rule_name(rb, r));
    for (size_t k = 0; k < n && k < 16; k++) printf(" %s", sg_fact_name(rb, slots[k]));
    printf("%s\n", n > 16 ? " …" : "");
  }
  sg_question questions[5];
  size_t n = sg_open_questions(ctx, questions, 5);
  printf("open questions (%zu, the most decisive first):\n", n);
  for (size_t q = 0; q < n && q < 5; q++)
    printf("  - %s: %s\n", sg_fact_name(rb, questions[q].slot),
           sg_fact_question(rb, questions[q].slot));

  sg_context_free(ctx);
  sg_rulebook_free(rb);
  return 0;
}
