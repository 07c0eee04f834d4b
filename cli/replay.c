/* replay.c — `signaal diff OLD NEW --cases FILE` (and `--as-of D1 --as-of D2`):
 * every case of a JSONL corpus evaluated on both sides; a case changes when
 * a rule's outcome differs (a rule one side lacks does not fire there) or a
 * fired rule's contact names another entry or another version of it. The
 * changed cases are grouped by rule: a case is counted under every rule
 * whose outcome changed for it, and each rule's group names the changed
 * declarations on that rule's path (the change behind it), its count and
 * its first line numbers. One context per side, reused: memory stays flat.
 * Messages give a line's number, a fact's name or a key's position, never
 * a value or a key that names no fact.
 */
#include "replay.h"
#include "cli.h"
#include "deps.h"
#include "facts.h"
#include "fileio.h"
#include "jsonput.h"
#include "oom.h"
#include "value.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define REPLAY_EXAMPLES 5     /* line numbers kept per group */

typedef struct {
  char *rules;                /* the changed rules' names, ", "-joined: the key */
  size_t count;
  size_t lines[REPLAY_EXAMPLES];
} replay_group;

typedef struct {
  const replay_side *side[2];
  sg_context *ctx[2];
  long *other;                /* per rule of side 1: its index on side 0, or -1 */
  long *other0;               /* per rule of side 0: its index on side 1, or -1 */
  replay_group *groups;
  size_t ngroups, capgroups;   /* one group per rule that changed for some case */
  size_t cases, changed;
  char *key;                  /* scratch: the current case's changed rules */
  size_t keycap;
} replay;

/* Append `name` to the scratch key; 0, or -1 when out of memory. */
static int key_add(replay *r, size_t *len, const char *name) {
  size_t need = *len + strlen(name) + 3;
  if (need > r->keycap) {
    size_t cap = need * 2;
    char *k = realloc(r->key, cap);
    if (k == NULL) return -1;
    r->key = k;
    r->keycap = cap;
  }
  *len += (size_t)sprintf(r->key + *len, "%s%s", *len ? ", " : "", name);
  return 0;
}

/* The text of a fired rule's contact: table, key and fields, "" for none. */
static void contact_text(const sg_rulebook *rb, const sg_context *ctx, size_t rule, size_t action,
                         char *buf, size_t cap) {
  long entry = sg_rule_contact(ctx, rule, action);
  buf[0] = '\0';
  if (entry < 0) return;
  long t = sg_table_find(rb, sg_rule_action_text(rb, rule, action));
  size_t n = (size_t)snprintf(buf, cap, "%s", sg_table_key(rb, (size_t)t, (size_t)entry));
  for (size_t f = 0; f < sg_table_field_count(rb, (size_t)t) && n < cap; f++)
    n += (size_t)snprintf(buf + n, cap - n, "\x1f%s", sg_table_value(rb, (size_t)t, (size_t)entry, f));
}

/* Whether rule i of side 1 and rule j of side 0 (both firing) differ in
 * their contacts. */
static int contacts_differ(const replay *r, size_t i, size_t j) {
  const sg_rulebook *a = r->side[1]->rb, *b = r->side[0]->rb;
  size_t n = sg_rule_action_count(a, i);
  if (n != sg_rule_action_count(b, j)) return 1;
  char x[2048], y[2048];
  for (size_t k = 0; k < n; k++) {
    contact_text(a, r->ctx[1], i, k, x, sizeof x);
    contact_text(b, r->ctx[0], j, k, y, sizeof y);
    if (strcmp(x, y) != 0) return 1;
  }
  return 0;
}

/* The changed rules of the current case into r->key; its length. */
static long changed_rules(replay *r) {
  const sg_rulebook *now = r->side[1]->rb, *was = r->side[0]->rb;
  size_t len = 0;
  for (size_t i = 0; i < sg_rule_count(now); i++) {
    sg_truth a = sg_rule_outcome(r->ctx[1], i);
    long j = r->other[i];
    sg_truth b = j >= 0 ? sg_rule_outcome(r->ctx[0], (size_t)j) : SG_FALSE;
    int differs = a != b || (a == SG_TRUE && j >= 0 && contacts_differ(r, i, (size_t)j));
    if (differs && key_add(r, &len, sg_rule_name(now, i)) != 0) return -1;
  }
  for (size_t j = 0; j < sg_rule_count(was); j++)  /* rules the new side dropped */
    if (r->other0[j] < 0 && sg_rule_outcome(r->ctx[0], j) != SG_FALSE &&
        key_add(r, &len, sg_rule_name(was, j)) != 0)
      return -1;
  return (long)len;
}

/* Count the current case (line `line`) in the group of r->key. */
static int group_add(replay *r, size_t line) {
  replay_group *g = NULL;
  for (size_t i = 0; i < r->ngroups && g == NULL; i++)
    if (strcmp(r->groups[i].rules, r->key) == 0) g = &r->groups[i];
  if (g == NULL) {
    if (r->ngroups == r->capgroups) {
      size_t cap = r->capgroups ? 2 * r->capgroups : 16;
      replay_group *n = realloc(r->groups, cap * sizeof *n);
      if (n == NULL) return -1;
      r->groups = n;
      r->capgroups = cap;
    }
    g = &r->groups[r->ngroups];
    g->rules = strdup(r->key);
    if (g->rules == NULL) return -1;
    g->count = 0;
    r->ngroups++;
  }
  if (g->count < REPLAY_EXAMPLES) g->lines[g->count] = line;
  g->count++;
  return 0;
}

/* Set the case `o` on side s: its facts (those the side has) and moment. */
static int set_case(replay *r, int s, const json_t *o, int64_t now, const char *path,
                    size_t line) {
  const sg_rulebook *rb = r->side[s]->rb;
  sg_context *ctx = r->ctx[s];
  sg_context_reset(ctx);
  const char *key;
  json_t *value;
  size_t position = 0;  /* of the key in the line's object, 1-based, "now" counted */
  json_object_foreach((json_t *)o, key, value) {
    position++;
    if (strcmp(key, "now") == 0) continue;
    long slot = sg_fact_slot(rb, key);
    if (slot < 0) {
      const sg_rulebook *other = r->side[1 - s]->rb;
      if (sg_fact_slot(other, key) >= 0) continue;  /* a fact of the other side */
      fprintf(stderr, "%s:%zu: ", path, line);  /* never the key: it may be a name */
      facts_print_unknown(stderr, rb, other != rb ? other : NULL, key, position);
      return CLI_EXIT_USAGE;
    }
    cli_value v;
    value_status st = value_from_json(rb, (size_t)slot, value, &v);
    if (st == VALUE_NULL) continue;
    if (st != VALUE_OK || value_set(ctx, (size_t)slot, &v) != SG_OK) {
      fprintf(stderr, "%s:%zu: error: the value of '%s' is not of its type, %s\n", path, line, key,
              value_type_name(sg_fact_type(rb, (size_t)slot)));
      return CLI_EXIT_USAGE;
    }
  }
  sg_set_now(ctx, now);
  if (r->side[s]->asof != NULL) sg_set_asof(ctx, *r->side[s]->asof);
  return sg_eval(ctx) == SG_OK ? CLI_EXIT_OK : CLI_EXIT_IO;
}

/* One line: a case object. An exit code (0: evaluated and counted). */
static int replay_line(replay *r, const char *text, size_t len, size_t line, const int64_t *now,
                       const char *path) {
  json_error_t err;
  json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
  if (o == NULL || !json_is_object(o)) {
    fprintf(stderr, "%s:%zu: error: not a case: a line holds one JSON object of fact names and "
            "values\n", path, line);
    json_decref(o);
    return CLI_EXIT_USAGE;
  }
  int64_t moment = now ? *now : 0;
  json_t *n = json_object_get(o, "now");
  if (n != NULL && (!json_is_string(n) || sg_parse_datetime(json_string_value(n), &moment) != 0)) {
    fprintf(stderr, "%s:%zu: error: \"now\" is not a moment YYYY-MM-DDTHH:MM[:SS]\n", path, line);
    json_decref(o);
    return CLI_EXIT_USAGE;
  }
  if (n == NULL && now == NULL) {
    fprintf(stderr, "%s:%zu: error: the case has no \"now\", and no --now was given\n", path, line);
    json_decref(o);
    return CLI_EXIT_USAGE;
  }
  int code = set_case(r, 0, o, moment, path, line);
  if (code == CLI_EXIT_OK) code = set_case(r, 1, o, moment, path, line);
  json_decref(o);
  if (code != CLI_EXIT_OK) return code;
  r->cases++;
  long changed = changed_rules(r);
  if (changed < 0) return CLI_EXIT_IO;
  if (changed == 0) return CLI_EXIT_OK;
  r->changed++;
  /* under each rule that changed: split the ", "-joined names in place */
  for (char *name = r->key, *end; name != NULL; name = end ? end + 2 : NULL) {
    end = strstr(name, ", ");
    if (end != NULL) *end = '\0';
    char *whole = r->key;
    r->key = name;
    int failed = group_add(r, line) != 0;
    r->key = whole;
    if (failed) return CLI_EXIT_IO;
  }
  return CLI_EXIT_OK;
}

/* Whether the change `c` lies on the path of rule `rule` of `rb`, whose
 * dependencies are marked in `m`: the rule itself, a signal or condition
 * it rests on, a fact, window, set or table that they read. */
static int on_path(const sg_rulebook *rb, const char *rule, const deps_marks *m,
                   const diff_change *c) {
  const char *w = c->what, *n = c->name;
  if (n == NULL) return 0;
  if (strcmp(w, "rule") == 0) return strcmp(n, rule) == 0;
  if (strcmp(w, "signal") == 0 || strcmp(w, "condition") == 0) {
    long p = sg_pred_find(rb, n);
    return p >= 0 && m->preds[p];
  }
  if (strcmp(w, "fact") == 0) {
    long f = sg_fact_slot(rb, n);
    return f >= 0 && m->facts[f];
  }
  if (strcmp(w, "table") == 0) {
    long t = sg_table_find(rb, n);
    return t >= 0 && m->tables[t];
  }
  if (strcmp(w, "set") == 0) {
    for (size_t i = 0; i < sg_set_count(rb); i++)
      if (strcmp(sg_set_name(rb, i), n) == 0) return m->sets[i];
    return 0;
  }
  if (strcmp(w, "window") == 0) {
    for (size_t i = 0; i < sg_window_count(rb); i++)
      if (strcmp(sg_window_name(rb, i), n) == 0) return m->windows[i];
  }
  return 0;
}

/* "what name, what name" of the changes on the paths of group g's rules
 * (on either side), each once, into `out`; "" when none is known. */
static void group_causes(const replay *r, const replay_group *g, const diff_list *changes,
                         char *out, size_t cap) {
  out[0] = '\0';
  if (changes == NULL || changes->count == 0) return;
  unsigned char *hit = calloc(changes->count, 1);
  deps_marks m;
  for (int s = 0; hit != NULL && s < 2; s++) {
    const sg_rulebook *rb = r->side[s]->rb;
    if (deps_alloc(rb, &m) != 0) {
      deps_free(&m);
      break;
    }
    for (const char *name = g->rules, *end; name != NULL; name = end ? end + 2 : NULL) {
      end = strstr(name, ", ");
      char rule[256];
      snprintf(rule, sizeof rule, "%.*s", (int)(end ? (size_t)(end - name) : strlen(name)), name);
      long idx = sg_rule_find(rb, rule);
      if (idx < 0 || deps_of_rule(rb, (size_t)idx, &m) != 0) continue;
      for (size_t k = 0; k < changes->count; k++)
        if (!hit[k] && on_path(rb, rule, &m, &changes->changes[k])) hit[k] = 1;
    }
    deps_free(&m);
  }
  size_t len = 0;
  for (size_t k = 0; hit != NULL && k < changes->count && len < cap; k++) {
    if (!hit[k]) continue;
    const diff_change *c = &changes->changes[k];
    int seen = 0;  /* one mention per declaration, however many of its fields changed */
    for (size_t j = 0; j < k && !seen; j++)
      seen = hit[j] && strcmp(changes->changes[j].what, c->what) == 0 &&
             strcmp(changes->changes[j].name, c->name) == 0;
    if (!seen) len += (size_t)snprintf(out + len, cap - len, "%s%s %s", len ? ", " : "", c->what, c->name);
  }
  free(hit);
}

static int by_count(const void *a, const void *b) {
  const replay_group *x = a, *y = b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->rules, y->rules);
}

static void print_text(const replay *r, const diff_list *changes, FILE *out) {
  fprintf(out, "replay: %zu cases, %zu with another outcome; by rule (a case under each rule "
          "that changed for it):\n", r->cases, r->changed);
  char causes[4096];
  for (size_t i = 0; i < r->ngroups; i++) {
    const replay_group *g = &r->groups[i];
    fprintf(out, "  %zu %s: %s\n", g->count, g->count == 1 ? "case" : "cases", g->rules);
    group_causes(r, g, changes, causes, sizeof causes);
    if (causes[0] != '\0') fprintf(out, "    by: %s\n", causes);
    fputs("    lines", out);
    for (size_t k = 0; k < g->count && k < REPLAY_EXAMPLES; k++)
      fprintf(out, "%s %zu", k ? "," : "", g->lines[k]);
    fputs(g->count > REPLAY_EXAMPLES ? ", …\n" : "\n", out);
  }
}

static int print_json(const replay *r, const diff_list *changes, FILE *out) {
  int failed = 0;
  unsigned long since = oom_json_failures();
  char causes[4096];
  json_t *o = json_object(), *groups = json_array();
  put(o, "cases", json_integer((json_int_t)r->cases), &failed);
  put(o, "changed", json_integer((json_int_t)r->changed), &failed);
  for (size_t i = 0; i < r->ngroups; i++) {
    const replay_group *g = &r->groups[i];
    json_t *go = json_object(), *rules = json_array(), *lines = json_array();
    for (char *s = g->rules, *end; s != NULL; s = end ? end + 2 : NULL) {
      end = strstr(s, ", ");
      append(rules, json_stringn(s, end ? (size_t)(end - s) : strlen(s)), &failed);
    }
    for (size_t k = 0; k < g->count && k < REPLAY_EXAMPLES; k++)
      append(lines, json_integer((json_int_t)g->lines[k]), &failed);
    put(go, "rules", rules, &failed);
    group_causes(r, g, changes, causes, sizeof causes);
    json_t *by = json_array();
    for (char *s = causes, *end; *causes && s != NULL; s = end ? end + 2 : NULL) {
      end = strstr(s, ", ");
      append(by, json_stringn(s, end ? (size_t)(end - s) : strlen(s)), &failed);
    }
    put(go, "by", by, &failed);
    put(go, "cases", json_integer((json_int_t)g->count), &failed);
    put(go, "lines", lines, &failed);
    append(groups, go, &failed);
  }
  put(o, "groups", groups, &failed);
  char *text = failed ? NULL : oom_json_text(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER, since, NULL);
  json_decref(o);
  if (text == NULL) return CLI_EXIT_IO;
  fputs(text, out);
  free(text);
  return CLI_EXIT_OK;
}

/* Per rule of `a`, the index of the rule of `b` with its name, or -1. */
static long *rule_map(const sg_rulebook *a, const sg_rulebook *b) {
  long *map = malloc((sg_rule_count(a) + 1) * sizeof *map);
  for (size_t i = 0; map != NULL && i < sg_rule_count(a); i++) map[i] = sg_rule_find(b, sg_rule_name(a, i));
  return map;
}

static void replay_free(replay *r) {
  for (int s = 0; s < 2; s++) sg_context_free(r->ctx[s]);
  for (size_t i = 0; i < r->ngroups; i++) free(r->groups[i].rules);
  free(r->groups);
  free(r->other);
  free(r->other0);
  free(r->key);
}

int replay_cases(const replay_side *old_side, const replay_side *new_side, const char *path,
                 const int64_t *now, size_t max_line, const diff_list *changes, int json,
                 FILE *out) {
  replay r;
  memset(&r, 0, sizeof r);
  r.side[0] = old_side;
  r.side[1] = new_side;
  r.ctx[0] = sg_context_new(old_side->rb);
  r.ctx[1] = sg_context_new(new_side->rb);
  r.other = rule_map(new_side->rb, old_side->rb);
  r.other0 = rule_map(old_side->rb, new_side->rb);
  FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
  int code = CLI_EXIT_OK;
  if (r.ctx[0] == NULL || r.ctx[1] == NULL || r.other == NULL || r.other0 == NULL) {
    fputs("signaal diff: error: out of memory\n", stderr);
    code = CLI_EXIT_IO;
  } else if (in == NULL) {
    fprintf(stderr, "%s: error: cannot read the cases\n", path);
    code = CLI_EXIT_IO;
  }
  char *line = NULL;
  size_t cap = 0, number = 0;
  long len = 0;
  while (code == CLI_EXIT_OK && (len = file_read_line(in, max_line, &line, &cap)) > 0) {
    number++;
    if (len == 1 && line[0] == '\n') continue;  /* a blank line is no case */
    code = replay_line(&r, line, (size_t)len, number, now, path);
  }
  if (code == CLI_EXIT_OK && len == -2) {
    fprintf(stderr, "%s:%zu: error: longer than %zu bytes, the limit for a case (--max-case-size)\n",
            path, number + 1, max_line);
    code = CLI_EXIT_USAGE;
  } else if (code == CLI_EXIT_OK && len < 0) {
    fprintf(stderr, "%s: error: cannot read the cases\n", path);
    code = CLI_EXIT_IO;
  }
  free(line);
  if (in != NULL && in != stdin) fclose(in);
  if (code == CLI_EXIT_OK) {
    if (r.ngroups > 1) qsort(r.groups, r.ngroups, sizeof *r.groups, by_count);
    code = json ? print_json(&r, changes, out) : (print_text(&r, changes, out), CLI_EXIT_OK);
    if (code == CLI_EXIT_OK && r.changed > 0) code = 1;
  }
  replay_free(&r);
  return code;
}
