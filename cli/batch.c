/* batch.c — `signaal eval --batch`: JSONL cases in, JSONL outcomes out
 * (batch.h). Every buffer is taken before the first case: the line's
 * bytes are fed to yajl in chunks of a fixed read buffer, yajl allocates
 * from a fixed arena (reset for each line, with a new handle made in it;
 * a request past its end jumps out of the parse as an error of that line,
 * since yajl cannot survive a failed allocation), keys and strings are
 * copied into fixed buffers, each text fact's buffer in the context is
 * grown to the longest string once, and the outcome goes out through stdio.
 * Values are checked by case_messages.c, as in a case file; messages never show
 * a value, nor a key that names no fact.
 */
#include "batch.h"
#include "case_messages.h"
#include "cli.h"
#include "clock.h"
#include "facts.h"
#include "oom.h"
#include "util.h"
#include "value.h"

#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

#define BATCH_CHUNK 65536              /* bytes read at a time */
#define BATCH_ARENA (256 * 1024)       /* yajl's memory for one line */
#define BATCH_OUT 65536                /* bytes of outcome lines written at a time */
#define BATCH_DEPTH 64                 /* nesting past this is an error */
#define BATCH_KEYS_SEEN 256            /* unknown keys checked for repeats per line */
#define BATCH_STR(x) #x
#define BATCH_XSTR(x) BATCH_STR(x)
#define STRINGIFY_BATCH_MAX BATCH_XSTR(BATCH_STRING_MAX)

/* What the member being read is. */
/* A string of the rulebook as JSON: `len` bytes at `at` in batch.toks. */
typedef struct {
  size_t at, len;
} tok;

typedef enum { MEMBER_NONE, MEMBER_FACT, MEMBER_ID, MEMBER_NOW, MEMBER_UNKNOWN } member_kind;

typedef struct batch batch;
struct batch {
  const batch_options *o;
  const char *name;           /* the file in messages */
  sg_context *ctx;
  yajl_handle yajl;
  jmp_buf out_of_arena;
  /* yajl's arena: a bump allocator, reset for every line */
  unsigned char *arena;
  size_t arena_used;
  /* the line */
  size_t line, bytes;
  int blank;                  /* only white space so far */
  int skipping;               /* an error ended the parse: skip to the newline */
  int errors;                 /* errors reported for this line */
  int depth;                  /* 1: inside the case object */
  int done;                   /* the case object has ended */
  size_t position;            /* of the member, 1-based, every member counted */
  member_kind member;
  size_t slot;
  size_t nested;              /* the depth at which a nested value began; 0: none */
  unsigned char *seen;        /* per fact slot: given on this line */
  uint64_t unknown_seen[BATCH_KEYS_SEEN];
  size_t unknown_count;
  int now_seen, id_seen;
  int64_t now;
  int has_now;
  char id[BATCH_STRING_MAX + 1];
  int id_kind;                /* 0 none/null, 1 string, 2 integer */
  char key[BATCH_STRING_MAX + 1];
  char text[BATCH_STRING_MAX + 1];
  size_t *slots;              /* sg_rule_waiting's room: one per fact */
  yajl_gen gen;               /* writes an id or a line number into outbuf */
  char *toks;                 /* the rulebook's strings as JSON (toks_make) */
  size_t toks_used, toks_cap;
  int toks_failed;
  tok *rule_tok, *fact_tok, *action_tok, *cell_tok;
  size_t *action_at;          /* per rule: its first action's index in action_tok */
  long *action_table;         /* per action: its table, for a contact, else -1 */
  size_t *table_at;           /* per table: its first cell in cell_tok */
  long *predict;              /* per member position: the fact there last time */
  size_t npredict;
  size_t out_used;
  char outbuf[BATCH_OUT];
  batch_counts counts;
  FILE *out;                  /* the outcome lines */
  size_t records;             /* error_lines: records written for this line */
  char message[MESSAGE_MAX];  /* a message being made */
  int stopped;                /* --fail-fast stopped the run */
  int pending;                /* bytes of a line not yet ended */
  char chunk[BATCH_CHUNK];    /* the bytes read */
};

static _Atomic unsigned long arena_calls;

unsigned long batch_arena_calls(void) {
  return arena_calls;
}

/* ---- yajl's arena ---------------------------------------------------------- */

/* A block of the arena: its size before it, for realloc. */
static void *arena_malloc(void *ud, size_t size) {
  batch *b = ud;
  arena_calls++;
  size_t need = (size + sizeof(size_t) + 15) & ~(size_t)15;
  if (size > BATCH_ARENA || need > BATCH_ARENA - b->arena_used) longjmp(b->out_of_arena, 1);
  unsigned char *block = b->arena + b->arena_used;
  b->arena_used += need;
  memcpy(block, &size, sizeof size);
  return block + sizeof(size_t);
}

/* Freed with the whole arena at the end of the line. */
static void arena_free(void *ud, void *ptr) {
  (void)ud;
  (void)ptr;
}

static void *arena_realloc(void *ud, void *ptr, size_t size) {
  void *block = arena_malloc(ud, size);
  if (ptr != NULL) {
    size_t old;
    memcpy(&old, (unsigned char *)ptr - sizeof(size_t), sizeof old);
    memcpy(block, ptr, old < size ? old : size);
  }
  return block;
}

/* ---- messages ---------------------------------------------------------------- */

static void out_bytes(batch *b, const char *text, size_t len);
static void out_string(batch *b, const char *text);
#define OUT_LIT(b, lit) out_bytes((b), (lit), sizeof(lit) - 1)

/* One problem of the line: "FILE:LINE: error: MESSAGE" (or note) on
 * stderr; with error_lines, a record of the line's error line on the
 * output instead ({"line", "error": {"code", "message", "errors": [{"line",
 * "column", "fact", "message"}, …]}}, closed by line_end), its code
 * bad_json when the first problem is invalid JSON, else bad_case. `fact`
 * names the fact concerned, or is NULL. */
static void line_message(batch *b, const char *fact, int note, const char *message) {
  if (!b->o->error_lines) {
    fprintf(stderr, "%s:%zu: %s: %s\n", b->name, b->line, note ? "note" : "error", message);
    return;
  }
  char head[96];
  if (b->records == 0) {
    snprintf(head, sizeof head, "{\"line\":%zu,\"error\":{\"code\":\"%s\",\"message\":", b->line,
             strncmp(message, "invalid JSON", 12) == 0 ? "bad_json" : "bad_case");
    out_bytes(b, head, strlen(head));
    out_string(b, message);
    OUT_LIT(b, ",\"errors\":[");
  } else {
    OUT_LIT(b, ",");
  }
  snprintf(head, sizeof head, "{\"line\":%zu,\"column\":0,\"fact\":", b->line);
  out_bytes(b, head, strlen(head));
  if (fact != NULL) out_string(b, fact);
  else OUT_LIT(b, "null");
  OUT_LIT(b, ",\"message\":");
  out_string(b, message);
  OUT_LIT(b, "}");
  b->records++;
}

/* "FILE:LINE: error: " and the rest; counts the error. */
static void line_error(batch *b, const char *fmt, const char *arg) {
  snprintf(b->message, sizeof b->message, fmt, arg);
  line_message(b, NULL, 0, b->message);
  b->errors++;
}

/* An error that ends the line's parse (returns 0: yajl's "cancel"). */
static int line_stop(batch *b, const char *fmt, const char *arg) {
  line_error(b, fmt, arg);
  b->skipping = 1;
  return 0;
}

/* ---- the members --------------------------------------------------------------- */

/* FNV-1a of a key, to find an unknown key given twice. */
static uint64_t key_hash(const char *key, size_t len) {
  uint64_t h = 1469598103934665603u;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)key[i]) * 1099511628211u;
  return h;
}

/* Whether the key was given before on this line (and remember it). */
static int repeated(batch *b, member_kind kind, size_t slot, size_t len) {
  int *flag = kind == MEMBER_ID ? &b->id_seen : kind == MEMBER_NOW ? &b->now_seen : NULL;
  if (flag != NULL) {
    int was = *flag;
    *flag = 1;
    return was;
  }
  if (kind == MEMBER_FACT) {
    int was = b->seen[slot];
    b->seen[slot] = 1;
    return was;
  }
  uint64_t h = key_hash(b->key, len);
  for (size_t i = 0; i < b->unknown_count; i++)
    if (b->unknown_seen[i] == h) return 1;
  if (b->unknown_count < BATCH_KEYS_SEEN) b->unknown_seen[b->unknown_count++] = h;
  return 0;
}

/* The slot of the fact named b->key (`len` bytes), or -1. Case files of
 * one corpus mostly give their facts in one order: the fact at this
 * position on the line before is tried first, then the rulebook's index. */
static long key_slot(batch *b, size_t len) {
  size_t p = b->position - 1;
  long guess = p < b->npredict ? b->predict[p] : -1;
  if (guess >= 0 && b->fact_tok[guess].len == len + 2 &&
      memcmp(b->toks + b->fact_tok[guess].at + 1, b->key, len) == 0)
    return guess;
  long slot = sg_fact_slot(b->o->rb, b->key);
  if (p < b->npredict) b->predict[p] = slot;
  return slot;
}

static int on_key(void *ud, const unsigned char *key, size_t len) {
  batch *b = ud;
  if (b->depth != 1) return 1;
  if (len > BATCH_STRING_MAX)
    return line_stop(b, "a key longer than %s bytes, the limit of a line's keys and strings",
                     STRINGIFY_BATCH_MAX);
  if (memchr(key, '\0', len) != NULL) return line_stop(b, "invalid JSON: %s", "NUL character in a key");
  memcpy(b->key, key, len);
  b->key[len] = '\0';
  b->position++;
  long slot = -1;
  if (strcmp(b->key, b->o->id_field) == 0) b->member = MEMBER_ID;
  else if (strcmp(b->key, "now") == 0) b->member = MEMBER_NOW;
  else if ((slot = key_slot(b, len)) >= 0) b->member = MEMBER_FACT;
  else b->member = MEMBER_UNKNOWN;
  b->slot = slot >= 0 ? (size_t)slot : 0;
  if (repeated(b, b->member, b->slot, len)) return line_stop(b, "invalid JSON: %s", "a key occurs twice");
  if (b->member == MEMBER_UNKNOWN) {
    message_unknown(b->message, b->o->rb, NULL, b->key, b->position);
    line_message(b, NULL, 0, b->message);
    b->errors++;
  }
  return 1;
}

/* The value of the current member. */
static int on_value(batch *b, const value_scalar *v) {
  if (b->depth == 0) {
    return line_stop(b, "the case must be a JSON object of fact names and values (got %s)",
                     value_scalar_kind_name(v->kind));
  }
  if (b->depth > 1 || b->nested) return 1;
  switch (b->member) {
  case MEMBER_FACT: {
    cli_value value;
    int meant = 0;
    const char *fact = sg_fact_name(b->o->rb, b->slot);
    if (message_value(b->message, b->o->rb, b->slot, v, &value, &meant) != 0) {
      line_message(b, fact, 0, b->message);
      if (meant) line_message(b, fact, 1, MESSAGE_MEANT);
      b->errors++;
      return 1;
    }
    if (b->errors != 0) return 1;  /* the line is lost: no need to set it */
    sg_status status = value_set(b->ctx, b->slot, &value);
    if (status != SG_OK) {
      message_unset(b->message, b->o->rb, b->slot, status);
      line_message(b, fact, 0, b->message);
      b->errors++;
    }
    return 1;
  }
  case MEMBER_ID:
    if (v->kind == SCALAR_NULL) return 1;
    if (v->kind == SCALAR_STRING) {
      b->id_kind = 1;
      snprintf(b->id, sizeof b->id, "%s", v->string);
    } else if (v->kind == SCALAR_INT) {
      b->id_kind = 2;
      snprintf(b->id, sizeof b->id, "%lld", (long long)v->number);
    } else {
      snprintf(b->message, sizeof b->message, "the id '%s' must be a string or an integer (got %s)",
               b->o->id_field, value_scalar_kind_name(v->kind));
      line_message(b, NULL, 0, b->message);
      b->errors++;
    }
    return 1;
  case MEMBER_NOW:
    if (v->kind == SCALAR_NULL) return 1;
    if (v->kind != SCALAR_STRING || sg_parse_datetime(v->string, &b->now) != 0) {
      line_error(b, "\"now\" is not a moment YYYY-MM-DDTHH:MM[:SS]%s", "");
      return 1;
    }
    b->has_now = 1;
    return 1;
  case MEMBER_UNKNOWN:
  case MEMBER_NONE: break;
  }
  return 1;
}

static int on_null(void *ud) {
  return on_value(ud, &(value_scalar){SCALAR_NULL, 0, NULL});
}

static int on_boolean(void *ud, int yes) {
  return on_value(ud, &(value_scalar){SCALAR_BOOL, yes != 0, NULL});
}

/* A number as jansson reads it: digits with an optional '-' are an integer
 * (out of range: invalid JSON), anything else a number with a fraction. */
static int on_number(void *ud, const char *text, size_t len) {
  batch *b = ud;
  char digits[32];
  int integer = len > 0 && len < sizeof digits;
  for (size_t i = 0; integer && i < len; i++)
    integer = (text[i] >= '0' && text[i] <= '9') || (i == 0 && text[i] == '-');
  if (!integer) return on_value(b, &(value_scalar){SCALAR_REAL, 0, NULL});
  memcpy(digits, text, len);
  digits[len] = '\0';
  int64_t n = 0;
  if (!sgr_parse_int(digits, &n)) return line_stop(b, "invalid JSON: %s", "number out of range");
  return on_value(b, &(value_scalar){SCALAR_INT, n, NULL});
}

static int on_string(void *ud, const unsigned char *text, size_t len) {
  batch *b = ud;
  if (b->depth > 1 || b->nested) return 1;
  if (len > BATCH_STRING_MAX)
    return line_stop(b, "a string longer than %s bytes, the limit of a line's keys and strings",
                     STRINGIFY_BATCH_MAX);
  if (memchr(text, '\0', len) != NULL)
    return line_stop(b, "invalid JSON: %s", "NUL character in a string");
  memcpy(b->text, text, len);
  b->text[len] = '\0';
  return on_value(b, &(value_scalar){SCALAR_STRING, 0, b->text});
}

/* An object or array: the case itself at depth 0 (an array there is no
 * case), else a nested value, which no fact takes. */
static int on_open(batch *b, value_scalar_kind kind) {
  if (b->depth == 0 && kind == SCALAR_OBJECT && !b->done) {
    b->depth = 1;
    return 1;
  }
  if (b->depth == 0) return on_value(b, &(value_scalar){kind, 0, NULL});
  if (b->depth >= BATCH_DEPTH) return line_stop(b, "invalid JSON: %s", "nested too deeply");
  if (b->depth == 1 && !b->nested) {
    on_value(b, &(value_scalar){kind, 0, NULL});
    b->nested = 1;
  }
  b->depth++;
  return 1;
}

static int on_close(batch *b) {
  b->depth--;
  if (b->depth == 1) b->nested = 0;
  if (b->depth == 0) b->done = 1;
  return 1;
}

static int on_start_map(void *ud) {
  return on_open(ud, SCALAR_OBJECT);
}

static int on_start_array(void *ud) {
  return on_open(ud, SCALAR_ARRAY);
}

static int on_end(void *ud) {
  return on_close(ud);
}

static const yajl_callbacks callbacks = {
  on_null, on_boolean, NULL, NULL, on_number, on_string,
  on_start_map, on_key, on_end, on_start_array, on_end,
};

static const yajl_alloc_funcs arena_funcs_template = {arena_malloc, arena_realloc, arena_free, NULL};

/* ---- writing ------------------------------------------------------------------- */

/* Write out what the buffer holds. */
static void out_flush(batch *b) {
  if (b->out_used > 0) fwrite(b->outbuf, 1, b->out_used, b->out);
  b->out_used = 0;
}

/* Append `len` bytes to the outcome being written. */
static void out_bytes(batch *b, const char *text, size_t len) {
  if (len > BATCH_OUT - b->out_used) {
    out_flush(b);
    if (len > BATCH_OUT) {  /* longer than the buffer itself: straight out */
      fwrite(text, 1, len, b->out);
      return;
    }
  }
  memcpy(b->outbuf + b->out_used, text, len);
  b->out_used += len;
}

/* yajl's generator prints an id or a line number through this. */
static void gen_print(void *ud, const char *text, size_t len) {
  out_bytes(ud, text, len);
}


/* Append any text as a JSON string (an id, a message), through yajl's
 * generator. */
static void out_string(batch *b, const char *text) {
  yajl_gen_reset(b->gen, NULL);
  yajl_gen_string(b->gen, (const unsigned char *)text, strlen(text));
}

/* Append a string of the rulebook, as JSON. */
static void out_tok(batch *b, tok t) {
  out_bytes(b, b->toks + t.at, t.len);
}

/* Every string an outcome line can hold comes from the rulebook (names of
 * rules and facts, action texts, tables' keys, fields and values): yajl's
 * generator writes each as a JSON string once, at the start, into
 * b->toks, and a line copies them. */
static void tok_print(void *ud, const char *text, size_t len) {
  batch *b = ud;
  if (b->toks_failed) return;
  if (len > b->toks_cap - b->toks_used) {
    size_t cap = b->toks_cap ? b->toks_cap : 4096;
    while (len > cap - b->toks_used) cap *= 2;
    char *grown = realloc(b->toks, cap);
    if (grown == NULL) {
      b->toks_failed = 1;
      return;
    }
    b->toks = grown;
    b->toks_cap = cap;
  }
  memcpy(b->toks + b->toks_used, text, len);
  b->toks_used += len;
}

/* `text` as a JSON string in b->toks. */
static tok tok_add(batch *b, yajl_gen g, const char *text) {
  tok t = {b->toks_used, 0};
  yajl_gen_reset(g, NULL);
  yajl_gen_string(g, (const unsigned char *)text, strlen(text));
  t.len = b->toks_used - t.at;
  return t;
}

/* The tokens of every string of the rulebook an outcome can show; 0 when
 * out of memory. */
static int toks_make(batch *b) {
  const sg_rulebook *rb = b->o->rb;
  size_t nrules = sg_rule_count(rb), nfacts = sg_fact_count(rb), ntables = sg_table_count(rb);
  size_t nactions = 0, ncells = 0;
  for (size_t r = 0; r < nrules; r++) nactions += sg_rule_action_count(rb, r);
  for (size_t t = 0; t < ntables; t++)
    ncells += 1 + sg_table_field_count(rb, t) +
              sg_table_entry_count(rb, t) * (1 + sg_table_field_count(rb, t));
  b->rule_tok = calloc(nrules + 1, sizeof *b->rule_tok);
  b->fact_tok = calloc(nfacts + 1, sizeof *b->fact_tok);
  b->action_at = calloc(nrules + 1, sizeof *b->action_at);
  b->action_tok = calloc(nactions + 1, sizeof *b->action_tok);
  b->action_table = calloc(nactions + 1, sizeof *b->action_table);
  b->table_at = calloc(ntables + 1, sizeof *b->table_at);
  b->cell_tok = calloc(ncells + 1, sizeof *b->cell_tok);
  yajl_gen g = yajl_gen_alloc(NULL);
  int ok = b->rule_tok && b->fact_tok && b->action_at && b->action_tok && b->action_table &&
           b->table_at && b->cell_tok && g && yajl_gen_config(g, yajl_gen_print_callback, tok_print, b);
  for (size_t f = 0; ok && f < nfacts; f++) b->fact_tok[f] = tok_add(b, g, sg_fact_name(rb, f));
  for (size_t r = 0, k = 0; ok && r < nrules; r++) {
    b->rule_tok[r] = tok_add(b, g, sg_rule_name(rb, r));
    b->action_at[r] = k;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++, k++) {
      const char *text = sg_rule_action_text(rb, r, a);
      b->action_tok[k] = tok_add(b, g, text);
      b->action_table[k] = sg_rule_action_kind(rb, r, a) == SG_CONTACT ? sg_table_find(rb, text) : -1;
    }
  }
  /* a table's cells: its fields (an empty name shown as "value"), then per
   * entry its key and its values */
  for (size_t t = 0, k = 0; ok && t < ntables; t++) {
    size_t nf = sg_table_field_count(rb, t);
    b->table_at[t] = k;
    for (size_t f = 0; f < nf; f++) {
      const char *field = sg_table_field(rb, t, f);
      b->cell_tok[k++] = tok_add(b, g, field[0] != '\0' ? field : "value");
    }
    for (size_t e = 0; e < sg_table_entry_count(rb, t); e++) {
      b->cell_tok[k++] = tok_add(b, g, sg_table_key(rb, t, e));
      for (size_t f = 0; f < nf; f++) b->cell_tok[k++] = tok_add(b, g, sg_table_value(rb, t, e, f));
    }
  }
  if (g != NULL) yajl_gen_free(g);
  return ok && !b->toks_failed;
}

/* ,"KEY":[ (the comma only after another member) */
static void out_key_array(batch *b, int *first, const char *key, size_t len) {
  if (!*first) OUT_LIT(b, ",");
  *first = 0;
  out_bytes(b, key, len);
  OUT_LIT(b, ":[");
}
#define OUT_KEY_ARRAY(b, first, lit) out_key_array((b), (first), (lit), sizeof(lit) - 1)

/* "KEY":["rule",…] of the rules whose outcome is `truth`; for undetermined
 * ones, [{"rule":…,"waiting_for":["fact",…]},…]. */
static void put_rules(batch *b, int *first, const char *key, size_t keylen, sg_truth truth) {
  const sg_rulebook *rb = b->o->rb;
  size_t nfacts = sg_fact_count(rb);
  out_key_array(b, first, key, keylen);
  int any = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(b->ctx, r) != truth) continue;
    if (any++) OUT_LIT(b, ",");
    if (truth != SG_UNKNOWN) {
      out_tok(b, b->rule_tok[r]);
      continue;
    }
    OUT_LIT(b, "{\"rule\":");
    out_tok(b, b->rule_tok[r]);
    OUT_LIT(b, ",\"waiting_for\":[");
    size_t n = sg_rule_waiting(b->ctx, r, b->slots, nfacts);
    for (size_t i = 0; i < n && i < nfacts; i++) {
      if (i > 0) OUT_LIT(b, ",");
      out_tok(b, b->fact_tok[b->slots[i]]);
    }
    OUT_LIT(b, "]}");
  }
  OUT_LIT(b, "]");
}

/* "KEY":[…] of the fired rules' actions of `kind`: {"rule","text"} (with
 * "urgent":true for an urgent rule's), or for contacts {"rule","table",
 * "key","fields"}, key and fields null while the key is unknown. */
static void put_actions(batch *b, int *first, const char *key, size_t keylen,
                        sg_action_kind kind) {
  const sg_rulebook *rb = b->o->rb;
  out_key_array(b, first, key, keylen);
  int any = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(b->ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      if (sg_rule_action_kind(rb, r, a) != kind) continue;
      size_t k = b->action_at[r] + a;
      if (any++) OUT_LIT(b, ",");
      OUT_LIT(b, "{\"rule\":");
      out_tok(b, b->rule_tok[r]);
      if (kind != SG_CONTACT) {
        OUT_LIT(b, ",\"text\":");
        out_tok(b, b->action_tok[k]);
        if (sg_rule_urgent(rb, r)) OUT_LIT(b, ",\"urgent\":true");
        OUT_LIT(b, "}");
        continue;
      }
      long t = b->action_table[k], e = sg_rule_contact(b->ctx, r, a);
      OUT_LIT(b, ",\"table\":");
      out_tok(b, b->action_tok[k]);
      if (t < 0 || e < 0) {
        OUT_LIT(b, ",\"key\":null,\"fields\":null}");
        continue;
      }
      size_t nf = sg_table_field_count(rb, (size_t)t);
      const tok *fields = b->cell_tok + b->table_at[t];
      const tok *entry = fields + nf + (size_t)e * (nf + 1);
      OUT_LIT(b, ",\"key\":");
      out_tok(b, entry[0]);
      OUT_LIT(b, ",\"fields\":{");
      for (size_t f = 0; f < nf; f++) {
        if (f > 0) OUT_LIT(b, ",");
        out_tok(b, fields[f]);
        OUT_LIT(b, ":");
        out_tok(b, entry[1 + f]);
      }
      OUT_LIT(b, "}}");
    }
  }
  OUT_LIT(b, "]");
}
#define PUT_RULES(b, first, lit, truth) put_rules((b), (first), (lit), sizeof(lit) - 1, (truth))
#define PUT_ACTIONS(b, first, lit, kind) put_actions((b), (first), (lit), sizeof(lit) - 1, (kind))

/* ,"KEY": followed by a string the generator writes (the id, a moment). */
static void put_member(batch *b, int *first, const char *key, size_t keylen) {
  if (!*first) OUT_LIT(b, ",");
  *first = 0;
  out_bytes(b, key, keylen);
  OUT_LIT(b, ":");
}
#define PUT_MEMBER(b, first, lit) put_member((b), (first), (lit), sizeof(lit) - 1)

/* The outcome line of the evaluated case. */
static void put_outcome(batch *b) {
  unsigned fields = b->o->fields;
  yajl_gen g = b->gen;
  int first = 1;
  char moment[24];
  OUT_LIT(b, "{");
  if (fields & BATCH_ID) {
    PUT_MEMBER(b, &first, "\"id\"");
    yajl_gen_reset(g, NULL);
    if (b->id_kind == 1) yajl_gen_string(g, (const unsigned char *)b->id, strlen(b->id));
    else if (b->id_kind == 2) yajl_gen_number(g, b->id, strlen(b->id));
    else yajl_gen_null(g);
  }
  if (fields & BATCH_LINE) {
    PUT_MEMBER(b, &first, "\"line\"");
    yajl_gen_reset(g, NULL);
    yajl_gen_integer(g, (long long)b->line);
  }
  if (fields & BATCH_NOW) {
    sg_format_datetime(b->now, moment);
    PUT_MEMBER(b, &first, "\"now\"");
    out_bytes(b, "\"", 1);
    out_bytes(b, moment, strlen(moment));
    out_bytes(b, "\"", 1);
  }
  if (fields & BATCH_AS_OF) {
    int32_t day = 0;
    sg_asof(b->ctx, &day);
    sg_format_date(day, moment);
    PUT_MEMBER(b, &first, "\"as_of\"");
    out_bytes(b, "\"", 1);
    out_bytes(b, moment, strlen(moment));
    out_bytes(b, "\"", 1);
  }
  if (fields & BATCH_FIRED) PUT_RULES(b, &first, "\"fired\"", SG_TRUE);
  if (fields & BATCH_NOT_FIRED) PUT_RULES(b, &first, "\"not_fired\"", SG_FALSE);
  if (fields & BATCH_UNDETERMINED) PUT_RULES(b, &first, "\"undetermined\"", SG_UNKNOWN);
  if (fields & BATCH_RECOMMENDATIONS) PUT_ACTIONS(b, &first, "\"recommendations\"", SG_RECOMMEND);
  if (fields & BATCH_ATTENTION) PUT_ACTIONS(b, &first, "\"attention\"", SG_ATTENTION);
  if (fields & BATCH_CONTACTS) PUT_ACTIONS(b, &first, "\"contacts\"", SG_CONTACT);
  OUT_LIT(b, "}\n");
}

/* ---- the lines ----------------------------------------------------------------- */

/* Ready for the next line: the context, the arena and a new parser in it. */
static void line_begin(batch *b) {
  sg_context_reset(b->ctx);
  b->arena_used = 0;
  b->line++;
  b->bytes = 0;
  b->blank = 1;
  b->skipping = b->errors = b->depth = b->done = 0;
  b->position = b->nested = 0;
  b->member = MEMBER_NONE;
  memset(b->seen, 0, sg_fact_count(b->o->rb));
  b->unknown_count = 0;
  b->now_seen = b->id_seen = b->has_now = b->id_kind = 0;
  b->records = 0;
  b->yajl = NULL;
}

/* The parser, made in the arena on the line's first byte that is not
 * white space (a blank line makes none). */
static int line_parser(batch *b) {
  if (b->yajl != NULL) return 0;
  yajl_alloc_funcs funcs = arena_funcs_template;
  funcs.ctx = b;
  if (setjmp(b->out_of_arena) != 0) return -1;
  b->yajl = yajl_alloc(&callbacks, &funcs, b);
  return b->yajl != NULL ? 0 : -1;
}

/* After yajl reported an error that no callback did. */
static void parse_failed(batch *b, int at_end) {
  if (b->skipping) return;
  line_stop(b, "invalid JSON: %s",
            b->done ? "more text after the value" : at_end ? "unexpected end of input"
                                                           : "syntax error");
}

/* Feed `len` bytes of the line (no newline among them). */
static void line_feed(batch *b, const char *text, size_t len) {
  if (b->skipping || len == 0) return;
  b->bytes += len;
  if (b->bytes > b->o->max_line) {
    char limit[32];
    snprintf(limit, sizeof limit, "%zu", b->o->max_line);
    line_stop(b, "longer than %s bytes, the limit for a case (--max-case-size)", limit);
    return;
  }
  size_t i = 0;
  while (b->blank && i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) i++;
  if (i == len) return;
  b->blank = 0;
  if (line_parser(b) != 0) {
    line_stop(b, "a key or string longer than %s bytes, the limit of a line's keys and strings",
              STRINGIFY_BATCH_MAX);
    return;
  }
  if (setjmp(b->out_of_arena) != 0) {
    line_stop(b, "a key or string longer than %s bytes, the limit of a line's keys and strings",
              STRINGIFY_BATCH_MAX);
    return;
  }
  if (yajl_parse(b->yajl, (const unsigned char *)text + i, len - i) != yajl_status_ok)
    parse_failed(b, 0);
}

/* The line ended: evaluate it and write its outcome, or count it failed. */
static int line_end(batch *b) {
  if (b->blank && !b->skipping) return 0;  /* no case on this line */
  b->counts.read++;
  if (!b->skipping) {
    if (setjmp(b->out_of_arena) != 0) {
      line_stop(b, "a key or string longer than %s bytes, the limit of a line's keys and "
                "strings", STRINGIFY_BATCH_MAX);
    } else if (yajl_complete_parse(b->yajl) != yajl_status_ok) {
      parse_failed(b, 1);
    }
  }
  if (b->errors != 0) {
    if (b->records > 0) OUT_LIT(b, "]}}\n");
    b->counts.failed++;
    return b->o->fail_fast ? -1 : 0;
  }
  if (b->o->set_only) return 0;
  b->now = b->has_now ? b->now : b->o->now != NULL ? *b->o->now : clock_now_dutch();
  sg_set_now(b->ctx, b->now);
  if (b->o->asof != NULL) sg_set_asof(b->ctx, *b->o->asof);
  sg_status status = sg_eval(b->ctx);
  if (status != SG_OK) {
    char code[16];
    snprintf(code, sizeof code, "%d", (int)status);
    line_error(b, "evaluation failed (status %s)", code);
    if (b->records > 0) OUT_LIT(b, "]}}\n");
    b->counts.failed++;
    return b->o->fail_fast ? -1 : 0;
  }
  put_outcome(b);
  b->counts.evaluated++;
  return 0;
}

/* ---- the run ------------------------------------------------------------------- */

int batch_parse_fields(const char *list, unsigned *fields, char *problem, size_t cap) {
  static const struct { const char *name; unsigned bits; } names[] = {
    {"id", BATCH_ID}, {"line", BATCH_LINE}, {"now", BATCH_NOW}, {"as_of", BATCH_AS_OF},
    {"fired", BATCH_FIRED}, {"not_fired", BATCH_NOT_FIRED},
    {"undetermined", BATCH_UNDETERMINED}, {"recommendations", BATCH_RECOMMENDATIONS},
    {"attention", BATCH_ATTENTION}, {"contacts", BATCH_CONTACTS},
    {"actions", BATCH_RECOMMENDATIONS | BATCH_ATTENTION | BATCH_CONTACTS}, {"all", BATCH_ALL},
  };
  *fields = 0;
  for (const char *p = list; ; ) {
    size_t len = strcspn(p, ",");
    size_t i = 0;
    while (i < sizeof names / sizeof names[0] &&
           (strlen(names[i].name) != len || memcmp(names[i].name, p, len) != 0))
      i++;
    if (i == sizeof names / sizeof names[0]) {
      snprintf(problem, cap, "--fields: no part '%.*s'; the parts: id, line, now, as_of, fired, "
               "not_fired, undetermined, recommendations, attention, contacts, actions, all",
               (int)(len < 64 ? len : 64), p);
      return -1;
    }
    *fields |= names[i].bits;
    if (p[len] == '\0') return 0;
    p += len + 1;
  }
}

/* Free the batch and its buffers (NULL does nothing). */
static void batch_free(batch *b) {
  if (b == NULL) return;
  sg_context_free(b->ctx);
  if (b->gen != NULL) yajl_gen_free(b->gen);
  free(b->toks);
  free(b->rule_tok);
  free(b->fact_tok);
  free(b->action_tok);
  free(b->cell_tok);
  free(b->action_at);
  free(b->action_table);
  free(b->table_at);
  free(b->predict);
  free(b->arena);
  free(b->seen);
  free(b->slots);
  free(b);
}

/* The batch and its buffers, all taken here; NULL when out of memory. */
static batch *batch_new(const batch_options *o) {
  const sg_rulebook *rb = o->rb;
  size_t nfacts = sg_fact_count(rb);
  batch *b = calloc(1, sizeof *b);
  if (b == NULL) return NULL;
  b->o = o;
  b->ctx = sg_context_new(rb);
  b->arena = malloc(BATCH_ARENA);
  b->seen = calloc(nfacts + 1, 1);
  b->slots = calloc(nfacts + 1, sizeof *b->slots);
  b->gen = yajl_gen_alloc(NULL);
  b->npredict = nfacts + 2;
  b->predict = malloc(b->npredict * sizeof *b->predict);
  for (size_t p = 0; b->predict != NULL && p < b->npredict; p++) b->predict[p] = -1;
  int ok = b->predict != NULL && b->ctx != NULL && b->arena != NULL && b->seen != NULL &&
           b->slots != NULL && b->gen != NULL && yajl_gen_config(b->gen, yajl_gen_print_callback, gen_print, b) &&
           toks_make(b);
  /* every text fact's buffer grown to the longest string a line may give,
   * so that no case's text makes the context allocate */
  memset(b->text, 'x', BATCH_STRING_MAX);
  b->text[BATCH_STRING_MAX] = '\0';
  for (size_t slot = 0; ok && slot < nfacts; slot++)
    if (sg_fact_type(rb, slot) == SG_TEXT) ok = sg_set_text(b->ctx, slot, b->text) == SG_OK;
  if (ok) return b;
  batch_free(b);
  return NULL;
}

batch *batch_open(const batch_options *o, FILE *out) {
  batch *b = batch_new(o);
  if (b == NULL) return NULL;
  b->name = strcmp(o->path, "-") == 0 ? "<stdin>" : o->path;
  b->out = out;
  line_begin(b);
  return b;
}

int batch_feed(batch *b, const char *data, size_t n) {
  for (size_t at = 0; at < n && !b->stopped;) {
    const char *nl = memchr(data + at, '\n', n - at);
    size_t len = nl != NULL ? (size_t)(nl - (data + at)) : n - at;
    line_feed(b, data + at, len);
    b->pending = 1;
    at += len;
    if (nl == NULL) break;
    at++;
    b->stopped = line_end(b) != 0;
    b->pending = 0;
    line_begin(b);
  }
  return b->stopped ? -1 : 0;
}

int batch_close(batch *b, int read_error, batch_counts *counts) {
  int code = CLI_EXIT_OK;
  if (!b->stopped && read_error) {
    fprintf(stderr, "%s: error: cannot read: %s\n", b->name, strerror(read_error));
    code = CLI_EXIT_IO;
  } else if (!b->stopped && b->pending) {
    line_end(b);  /* the last line, without its newline */
  }
  out_flush(b);
  if (!b->o->error_lines)
    fprintf(stderr, "signaal eval: %zu case(s) read, %zu evaluated, %zu failed%s\n", b->counts.read,
            b->counts.evaluated, b->counts.failed,
            b->stopped ? " (stopped at the first failure: --fail-fast)" : "");
  if (code == CLI_EXIT_OK && b->counts.failed > 0) code = CLI_EXIT_INPUT;
  if (counts != NULL) *counts = b->counts;
  batch_free(b);
  return code;
}

int batch_run(const batch_options *o, FILE *in, FILE *out, batch_counts *counts) {
  batch *b = batch_open(o, out);
  if (b == NULL) return oom_error("signaal eval");
  while (!b->stopped) {
    size_t n = fread(b->chunk, 1, BATCH_CHUNK, in);
    if (n == 0) break;
    batch_feed(b, b->chunk, n);
  }
  return batch_close(b, !b->stopped && ferror(in) ? (errno != 0 ? errno : EIO) : 0, counts);
}
