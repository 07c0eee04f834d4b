/* combos.c — the combinations of fact values `signaal check` evaluates a
 * block over (see combos.h). The constants an int or date fact is compared
 * with are read from the blocks' canonical text (sg_code_text): a fact's
 * name there is that fact, and each use must be one the constants decide:
 * `x OP c`, `c OP x`, `x in c .. d`, `x in S` of constants, `x is known`.
 */
#include "combos.h"

#include "canon.h"

#include <stdlib.h>
#include <string.h>

/* A token of canonical text: a name, an int or date constant, another
 * literal, or an operator or bracket. */
typedef enum { TK_NAME, TK_INT, TK_DATE, TK_LITERAL, TK_OP } tk_kind;

typedef struct {
  tk_kind kind;
  const char *at;
  size_t len;
  int64_t value;   /* TK_INT, TK_DATE */
} token;

static int name_char(unsigned char ch) {
  return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
         (ch >= '0' && ch <= '9') || ch >= 0x80;
}

static int digit(char ch) {
  return ch >= '0' && ch <= '9';
}

/* The literal at s (len bytes), starting with a digit or '-': its kind and value. */
static tk_kind literal(const char *s, size_t len, int64_t *value) {
  char buf[32];
  if (len >= sizeof buf) return TK_LITERAL;
  memcpy(buf, s, len);
  buf[len] = '\0';
  size_t i = buf[0] == '-';
  while (i < len && digit(buf[i])) i++;
  if (i == len && len > (size_t)(buf[0] == '-')) {
    *value = strtoll(buf, NULL, 10);
    return TK_INT;
  }
  int32_t days;
  if (len == 10 && sg_parse_date(buf, &days) == 0) {
    *value = days;
    return TK_DATE;
  }
  return TK_LITERAL;
}

/* Split `text` into tokens (at most `cap`, the text's length is enough);
 * returns how many. A quoted text is one TK_LITERAL. */
static size_t tokenize(const char *text, token *out, size_t cap) {
  size_t n = 0;
  for (const char *p = text; *p != '\0' && n < cap;) {
    if (*p == ' ') {
      p++;
      continue;
    }
    token *t = &out[n++];
    t->at = p;
    t->value = 0;
    if (*p == '"') {
      for (p++; *p != '\0' && *p != '"'; p++)
        if (*p == '\\' && p[1] != '\0') p++;
      if (*p == '"') p++;
      t->kind = TK_LITERAL;
    } else if (digit(*p) || (*p == '-' && digit(p[1]))) {
      for (p++; digit(*p) || *p == '-' || *p == ':' || *p == 'T'; p++) {}
      t->kind = literal(t->at, (size_t)(p - t->at), &t->value);
    } else if (name_char((unsigned char)*p)) {
      while (name_char((unsigned char)*p)) p++;
      t->kind = TK_NAME;
    } else {
      int two = (p[1] == '=' && strchr("!<>", *p) != NULL) || (p[0] == '.' && p[1] == '.');
      p += two ? 2 : 1;
      t->kind = TK_OP;
    }
    t->len = (size_t)(p - t->at);
  }
  return n;
}

static int is(const token *t, const char *text) {
  return strlen(text) == t->len && strncmp(t->at, text, t->len) == 0;
}

static int is_compare(const token *t) {
  return t->kind == TK_OP && (is(t, "=") || is(t, "!=") || is(t, "<") || is(t, "<=") ||
                              is(t, ">") || is(t, ">="));
}

static int is_constant(const token *t) {
  return t->kind == TK_INT || t->kind == TK_DATE;
}

/* The constants one int or date fact is compared with (growing). */
typedef struct {
  int64_t *items;
  size_t count, cap;
  int unknown;      /* the code tests whether the fact is known */
} consts;

static int add_const(consts *c, int64_t v) {
  if (c->count == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 8;
    int64_t *items = realloc(c->items, cap * sizeof *items);
    if (items == NULL) return -1;
    c->items = items;
    c->cap = cap;
  }
  c->items[c->count++] = v;
  return 0;
}

/* The elements of the named set `name` as constants; 1, 0 when it is no
 * set of ints, -1 when out of memory. */
static int set_consts(const sg_rulebook *rb, const token *name, consts *c) {
  for (size_t s = 0; s < sg_set_count(rb); s++) {
    if (!is(name, sg_set_name(rb, s))) continue;
    if (sg_set_type(rb, s) != SG_INT) return 0;
    for (size_t e = 0; e < sg_set_element_count(rb, s); e++) {
      char buf[32];
      int64_t v;
      size_t len = sg_set_element_text(rb, s, e, buf, sizeof buf);
      if (len >= sizeof buf || literal(buf, len, &v) != TK_INT) return 0;
      if (add_const(c, v) != 0) return -1;
    }
    return 1;
  }
  return 0;
}

/* The use of the fact at tokens[i] (of n): 1 when the constants decide it
 * (they are added to *c), 0 when not, -1 when out of memory. */
static int use_of(const sg_rulebook *rb, const token *t, size_t n, size_t i, consts *c) {
  if (i >= 2 && is_compare(&t[i - 1])) {  /* c OP x */
    if (!is_constant(&t[i - 2])) return 0;
    return add_const(c, t[i - 2].value) == 0 ? 1 : -1;
  }
  size_t k = i + 1;
  if (k < n && is_compare(&t[k])) {  /* x OP c */
    if (k + 1 >= n || !is_constant(&t[k + 1])) return 0;
    return add_const(c, t[k + 1].value) == 0 ? 1 : -1;
  }
  if (k + 1 < n && is(&t[k], "is") && (is(&t[k + 1], "known") || is(&t[k + 1], "unknown")))
    return 1;
  if (k < n && is(&t[k], "not")) k++;
  if (k + 1 >= n || !is(&t[k], "in")) return 0;
  k++;
  if (k + 2 < n && is_constant(&t[k]) && is(&t[k + 1], "..") && is_constant(&t[k + 2]))
    return add_const(c, t[k].value) == 0 && add_const(c, t[k + 2].value) == 0 ? 1 : -1;
  if (t[k].kind == TK_NAME) return set_consts(rb, &t[k], c);
  if (!is(&t[k], "{")) return 0;
  for (k++; k < n && !is(&t[k], "}"); k++)  /* `until D` of an element: one more constant */
    if (is_constant(&t[k]) && add_const(c, t[k].value) != 0) return -1;
  return 1;
}

/* Whether tokens[i] (of n) tests what is unknown: `established`, `is known`. */
static int tests_unknown(const token *t, size_t n, size_t i) {
  return is(&t[i], "established") ||
         (i + 1 < n && is(&t[i], "is") && (is(&t[i + 1], "known") || is(&t[i + 1], "unknown")));
}

/* The tokens of block `ref`'s canonical text: *t (n of them, pointing
 * into *text; free both); 1, 0 when there is no such block (a rule without
 * `unless`), -1 when out of memory. */
static int block_tokens(const sg_rulebook *rb, sg_code_ref ref, char **text, token **t,
                        size_t *n) {
  int oom = 0;
  *t = NULL;
  *n = 0;
  *text = canon_code(rb, ref, &oom);  /* NULL: no such block, or out of memory */
  if (*text == NULL) return oom ? -1 : 0;
  size_t len = strlen(*text);
  *t = malloc((len + 1) * sizeof **t);
  if (*t == NULL) return -1;
  *n = tokenize(*text, *t, len + 1);
  return 1;
}

/* The slot of the fact that name token `t` names, or -1. */
static long fact_named(const sg_rulebook *rb, const token *t) {
  if (t->kind != TK_NAME || t->len >= 256) return -1;
  char name[256];
  memcpy(name, t->at, t->len);
  name[t->len] = '\0';
  return sg_fact_slot(rb, name);
}

/* Read the constants of every int and date fact in the block `ref` into
 * c[slot]; mark c[slot].unknown for a fact tested with `is known`, and set
 * *unknown when it tests the unknown otherwise (`established`, `is known`
 * of a predicate), which concerns every fact; 1, 0 when a use is not
 * decided by constants, -1 out of memory. */
static int block_consts(const sg_rulebook *rb, sg_code_ref ref, const deps_marks *m, consts *c,
                        int *unknown) {
  char *text;
  token *t;
  size_t n;
  int ok = block_tokens(rb, ref, &text, &t, &n) < 0 ? -1 : 1;  /* (no block: nothing to read) */
  for (size_t i = 0; i < n && ok == 1; i++) {
    if (tests_unknown(t, n, i)) {  /* `x is known` of a fact: that fact; else any */
      long x = i > 0 && !is(&t[i], "established") ? fact_named(rb, &t[i - 1]) : -1;
      if (x >= 0) c[x].unknown = 1;
      else *unknown = 1;
    }
    long f = fact_named(rb, &t[i]);
    if (f < 0 || !m->facts[f]) continue;
    sg_type type = sg_fact_type(rb, (size_t)f);
    if (type == SG_INT || type == SG_DATE) ok = use_of(rb, t, n, i, &c[f]);
  }
  free(text);
  free(t);
  return ok;
}

static int by_value(const void *pa, const void *pb) {
  int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
  return a < b ? -1 : a > b;
}

/* The values of a fact compared with the constants *c: each constant and
 * one on either side, in order and distinct (0 alone when there is none);
 * NULL when out of memory. */
static int64_t *spread(const consts *c, size_t *count) {
  int64_t *v = malloc((3 * c->count + 1) * sizeof *v);
  if (v == NULL) return NULL;
  size_t n = 0;
  for (size_t i = 0; i < c->count; i++)
    for (int64_t d = -1; d <= 1; d++) v[n++] = c->items[i] + d;
  if (n == 0) v[n++] = 0;
  qsort(v, n, sizeof *v, by_value);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++)
    if (kept == 0 || v[kept - 1] != v[i]) v[kept++] = v[i];
  *count = kept;
  return v;
}

/* Every int and date fact marked in `m`: its values in out->values[i]. */
static int int_values(const sg_rulebook *rb, const deps_marks *m, const sg_code_ref *roots,
                      size_t nroots, combos *out) {
  size_t nf = sg_fact_count(rb);
  consts *c = calloc(nf + 1, sizeof *c);
  if (c == NULL) return -1;
  int ok = 1, all_unknown = 0;
  for (size_t r = 0; r < nroots && ok == 1; r++) ok = block_consts(rb, roots[r], m, c, &all_unknown);
  for (size_t p = 0; p < sg_pred_count(rb) && ok == 1; p++)
    if (m->preds[p]) ok = block_consts(rb, (sg_code_ref){SG_CODE_PRED, p, 0}, m, c, &all_unknown);
  for (size_t i = 0; i < out->n && ok == 1; i++) {
    out->unknown[i] = (unsigned char)(all_unknown || c[out->slots[i]].unknown);
    sg_type type = sg_fact_type(rb, out->slots[i]);
    if (type != SG_INT && type != SG_DATE) continue;
    out->values[i] = spread(&c[out->slots[i]], &out->count[i]);
    if (out->values[i] == NULL) ok = -1;
  }
  for (size_t f = 0; f < nf; f++) free(c[f].items);
  free(c);
  return ok;
}

int combos_build(const sg_rulebook *rb, const deps_marks *m, const sg_code_ref *roots,
                 size_t nroots, combos *out) {
  memset(out, 0, sizeof *out);
  for (size_t w = 0; w < sg_window_count(rb); w++)
    if (m->windows[w]) return 0;
  size_t nf = sg_fact_count(rb);
  out->slots = malloc((nf + 1) * sizeof *out->slots);
  out->count = calloc(nf + 1, sizeof *out->count);
  out->values = calloc(nf + 1, sizeof *out->values);
  out->unknown = calloc(nf + 1, 1);
  if (!out->slots || !out->count || !out->values || !out->unknown) return -1;
  for (size_t f = 0; f < nf; f++) {
    if (!m->facts[f]) continue;
    sg_type t = sg_fact_type(rb, f);
    if (t != SG_BOOL && t != SG_ENUM && t != SG_INT && t != SG_DATE) return 0;
    out->slots[out->n] = f;
    out->count[out->n++] = t == SG_BOOL ? 2 : t == SG_ENUM ? sg_fact_enum_count(rb, f) : 0;
  }
  int ok = int_values(rb, m, roots, nroots, out);
  out->total = 1;
  for (size_t i = 0; i < out->n && ok == 1; i++) {
    ok = out->count[i] > 0;
    out->count[i] += out->unknown[i];  /* the last value: unknown */
    ok = ok && out->total * out->count[i] <= COMBOS_MAX;
    out->total *= out->count[i];
  }
  return ok;
}

int combos_apply(const combos *c, const sg_rulebook *rb, sg_context *ctx, size_t k) {
  sg_context_reset(ctx);
  int known = 1;
  for (size_t i = 0; i < c->n; i++) {
    size_t v = k % c->count[i], slot = c->slots[i];
    k /= c->count[i];
    if (c->unknown[i] && v == c->count[i] - 1) {
      known = 0;
      continue;
    }
    switch (sg_fact_type(rb, slot)) {
    case SG_BOOL: sg_set_bool(ctx, slot, (int)v); break;
    case SG_ENUM: sg_set_enum_index(ctx, slot, v); break;
    case SG_INT: sg_set_int(ctx, slot, c->values[i][v]); break;
    default: sg_set_date(ctx, slot, (int32_t)c->values[i][v]); break;
    }
  }
  return known;
}

void combos_free(combos *c) {
  if (c->values != NULL)
    for (size_t i = 0; i < c->n; i++) free(c->values[i]);
  free(c->values);
  free(c->unknown);
  free(c->slots);
  free(c->count);
  memset(c, 0, sizeof *c);
}

/* Whether set or table `name` (a token) has a dated element or entry. */
static int names_dated(const sg_rulebook *rb, const token *name) {
  for (size_t i = 0; i < sg_set_count(rb); i++)
    if (is(name, sg_set_name(rb, i)))
      for (size_t e = 0; e < sg_set_element_count(rb, i); e++)
        if (sg_period(rb, SG_DATED_ELEMENT, i, e, NULL, NULL)) return 1;
  for (size_t t = 0; t < sg_table_count(rb); t++)
    if (is(name, sg_table_name(rb, t)))
      for (size_t e = 0; e < sg_table_entry_count(rb, t); e++)
        if (sg_period(rb, SG_DATED_ENTRY, t, e, NULL, NULL)) return 1;
  return 0;
}

/* Whether window `name` (a token) has a period: its `within` reads the
 * decision date. */
static int window_dated(const sg_rulebook *rb, const token *name) {
  for (size_t w = 0; w < sg_window_count(rb); w++)
    if (is(name, sg_window_name(rb, w))) return sg_period(rb, SG_DATED_WINDOW, w, 0, NULL, NULL);
  return 0;
}

/* Whether block `ref` reads the time (combos_reads_time), and set
 * *unknown when it tests what is unknown; -1 when out of memory. */
static int block_reads_time(const sg_rulebook *rb, sg_code_ref ref, int *unknown) {
  char *text;
  token *t;
  size_t n;
  int reads = block_tokens(rb, ref, &text, &t, &n) < 0 ? -1 : 0;
  static const char *const words[] = {"now", "today", "asof", "from", "until"};
  for (size_t i = 0; i < n && reads >= 0; i++) {
    if (tests_unknown(t, n, i)) *unknown = 1;
    if (t[i].kind != TK_NAME) continue;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) reads |= is(&t[i], words[w]);
    if (i > 0 && is(&t[i - 1], "in")) reads |= names_dated(rb, &t[i]);
    if (i > 0 && is(&t[i - 1], "within")) reads |= window_dated(rb, &t[i]);
  }
  free(text);
  free(t);
  return reads;
}

/* Whether predicate p reads the time itself (its period, its code). */
static int pred_reads_time(const sg_rulebook *rb, size_t p, int *unknown) {
  if (sg_period(rb, SG_DATED_PRED, p, 0, NULL, NULL)) {
    int ignored = block_reads_time(rb, (sg_code_ref){SG_CODE_PRED, p, 0}, unknown);
    return ignored < 0 ? -1 : 1;
  }
  return block_reads_time(rb, (sg_code_ref){SG_CODE_PRED, p, 0}, unknown);
}

int combos_time_alloc(const sg_rulebook *rb, combos_time *out) {
  size_t np = sg_pred_count(rb), cap = np + 1;
  out->time = calloc(cap, 1);
  out->unknown = calloc(cap, 1);
  size_t *buf = malloc(cap * sizeof *buf);
  int ok = out->time != NULL && out->unknown != NULL && buf != NULL ? 0 : -1;
  for (size_t p = 0; p < np && ok == 0; p++) {  /* a predicate reads only earlier ones */
    int unknown = 0, reads = pred_reads_time(rb, p, &unknown);
    if (reads < 0) ok = -1;
    size_t n = sg_pred_reads(rb, p, SG_READS_PRED, buf, cap);
    for (size_t k = 0; k < n && k < cap; k++) reads |= out->time[buf[k]];
    out->time[p] = reads == 1;
    out->unknown[p] = (unsigned char)unknown;
  }
  free(buf);
  return ok;
}

void combos_time_free(combos_time *t) {
  free(t->time);
  free(t->unknown);
  t->time = t->unknown = NULL;
}

int combos_reads_time(const sg_rulebook *rb, const combos_time *pt, const deps_marks *m,
                      long rule, const sg_code_ref *roots, size_t nroots, int *unsafe) {
  int reads = rule >= 0 && sg_period(rb, SG_DATED_RULE, (size_t)rule, 0, NULL, NULL), unknown = 0;
  for (size_t r = 0; r < nroots && reads >= 0; r++) {
    int b = roots[r].kind == SG_CODE_PRED ? pred_reads_time(rb, roots[r].index, &unknown)
                                          : block_reads_time(rb, roots[r], &unknown);
    reads = b < 0 ? -1 : reads | b;
  }
  *unsafe = 0;
  for (size_t p = 0; p < sg_pred_count(rb) && reads >= 0; p++) {
    if (!m->preds[p] || !pt->time[p]) continue;
    reads = 1;
    *unsafe |= pt->unknown[p];
  }
  if (reads == 1 && unknown) *unsafe = 1;  /* the block itself tests what is unknown */
  return reads;
}
