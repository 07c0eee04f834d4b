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
#include <yajl/yajl_parse.h>

#define BATCH_CHUNK 65536              /* bytes read at a time */
#define BATCH_ARENA (256 * 1024)       /* yajl's memory for one line */
#define BATCH_DEPTH 64                 /* nesting past this is an error */
#define BATCH_KEYS_SEEN 256            /* unknown keys checked for repeats per line */
#define BATCH_STR(x) #x
#define BATCH_XSTR(x) BATCH_STR(x)
#define STRINGIFY_BATCH_MAX BATCH_XSTR(BATCH_STRING_MAX)

/* What the member being read is. */
typedef enum { MEMBER_NONE, MEMBER_FACT, MEMBER_ID, MEMBER_NOW, MEMBER_UNKNOWN } member_kind;

typedef struct {
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
  batch_counts counts;
  FILE *out;                  /* the outcome lines */
  size_t records;             /* error_lines: records written for this line */
  char message[MESSAGE_MAX];  /* a message being made */
  char chunk[BATCH_CHUNK];    /* the bytes read */
} batch;

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

static void put_string(FILE *out, const char *text);

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
  if (b->records == 0) {
    fprintf(b->out, "{\"line\":%zu,\"error\":{\"code\":\"%s\",\"message\":", b->line,
            strncmp(message, "invalid JSON", 12) == 0 ? "bad_json" : "bad_case");
    put_string(b->out, message);
    fputs(",\"errors\":[", b->out);
  } else {
    putc(',', b->out);
  }
  fprintf(b->out, "{\"line\":%zu,\"column\":0,\"fact\":", b->line);
  if (fact != NULL) put_string(b->out, fact);
  else fputs("null", b->out);
  fputs(",\"message\":", b->out);
  put_string(b->out, message);
  putc('}', b->out);
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
  else if ((slot = sg_fact_slot(b->o->rb, b->key)) >= 0) b->member = MEMBER_FACT;
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

/* `text` as a JSON string. */
static void put_string(FILE *out, const char *text) {
  putc('"', out);
  for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
    if (*p == '"' || *p == '\\') {
      putc('\\', out);
      putc(*p, out);
    } else if (*p < 0x20) {
      fprintf(out, "\\u%04x", *p);
    } else {
      putc(*p, out);
    }
  }
  putc('"', out);
}

/* "KEY": and the separator before it. */
static void put_key(FILE *out, int *first, const char *key) {
  if (!*first) putc(',', out);
  *first = 0;
  put_string(out, key);
  putc(':', out);
}

/* "KEY":["rule",…] of the rules whose outcome is `truth`; for undetermined
 * ones, [{"rule":…,"waiting_for":["fact",…]},…]. */
static void put_rules(FILE *out, int *first, const char *key, batch *b, sg_truth truth) {
  const sg_rulebook *rb = b->o->rb;
  size_t nfacts = sg_fact_count(rb);
  put_key(out, first, key);
  putc('[', out);
  int any = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(b->ctx, r) != truth) continue;
    if (any++) putc(',', out);
    if (truth == SG_UNKNOWN) fputs("{\"rule\":", out);
    put_string(out, sg_rule_name(rb, r));
    if (truth != SG_UNKNOWN) continue;
    fputs(",\"waiting_for\":[", out);
    size_t n = sg_rule_waiting(b->ctx, r, b->slots, nfacts);
    for (size_t i = 0; i < n && i < nfacts; i++) {
      if (i > 0) putc(',', out);
      put_string(out, sg_fact_name(rb, b->slots[i]));
    }
    fputs("]}", out);
  }
  putc(']', out);
}

/* "KEY":[…] of the fired rules' actions of `kind`: {"rule","text"} (with
 * "urgent":true for an urgent rule's), or for contacts {"rule","table",
 * "key","fields"}, key and fields null while the key is unknown. */
static void put_actions(FILE *out, int *first, const char *key, const batch *b,
                        sg_action_kind kind) {
  const sg_rulebook *rb = b->o->rb;
  put_key(out, first, key);
  putc('[', out);
  int any = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(b->ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      if (sg_rule_action_kind(rb, r, a) != kind) continue;
      if (any++) putc(',', out);
      fputs("{\"rule\":", out);
      put_string(out, sg_rule_name(rb, r));
      const char *text = sg_rule_action_text(rb, r, a);
      if (kind != SG_CONTACT) {
        fputs(",\"text\":", out);
        put_string(out, text);
        if (sg_rule_urgent(rb, r)) fputs(",\"urgent\":true", out);
        putc('}', out);
        continue;
      }
      long t = sg_table_find(rb, text), e = sg_rule_contact(b->ctx, r, a);
      fputs(",\"table\":", out);
      put_string(out, text);
      if (t < 0 || e < 0) {
        fputs(",\"key\":null,\"fields\":null}", out);
        continue;
      }
      fputs(",\"key\":", out);
      put_string(out, sg_table_key(rb, (size_t)t, (size_t)e));
      fputs(",\"fields\":{", out);
      for (size_t f = 0; f < sg_table_field_count(rb, (size_t)t); f++) {
        const char *field = sg_table_field(rb, (size_t)t, f);
        if (f > 0) putc(',', out);
        put_string(out, field[0] != '\0' ? field : "value");
        putc(':', out);
        put_string(out, sg_table_value(rb, (size_t)t, (size_t)e, f));
      }
      fputs("}}", out);
    }
  }
  putc(']', out);
}

/* The outcome line of the evaluated case. */
static void put_outcome(FILE *out, batch *b) {
  unsigned fields = b->o->fields;
  int first = 1;
  char moment[24];
  putc('{', out);
  if (fields & BATCH_ID) {
    put_key(out, &first, "id");
    if (b->id_kind == 1) put_string(out, b->id);
    else fputs(b->id_kind == 2 ? b->id : "null", out);
  }
  if (fields & BATCH_LINE) {
    put_key(out, &first, "line");
    fprintf(out, "%zu", b->line);
  }
  if (fields & BATCH_NOW) {
    sg_format_datetime(b->now, moment);
    put_key(out, &first, "now");
    put_string(out, moment);
  }
  if (fields & BATCH_AS_OF) {
    int32_t day = 0;
    sg_asof(b->ctx, &day);
    sg_format_date(day, moment);
    put_key(out, &first, "as_of");
    put_string(out, moment);
  }
  if (fields & BATCH_FIRED) put_rules(out, &first, "fired", b, SG_TRUE);
  if (fields & BATCH_NOT_FIRED) put_rules(out, &first, "not_fired", b, SG_FALSE);
  if (fields & BATCH_UNDETERMINED) put_rules(out, &first, "undetermined", b, SG_UNKNOWN);
  if (fields & BATCH_RECOMMENDATIONS) put_actions(out, &first, "recommendations", b, SG_RECOMMEND);
  if (fields & BATCH_ATTENTION) put_actions(out, &first, "attention", b, SG_ATTENTION);
  if (fields & BATCH_CONTACTS) put_actions(out, &first, "contacts", b, SG_CONTACT);
  fputs("}\n", out);
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
static int line_end(batch *b, FILE *out) {
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
    if (b->records > 0) fputs("]}}\n", out);
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
    if (b->records > 0) fputs("]}}\n", out);
    b->counts.failed++;
    return b->o->fail_fast ? -1 : 0;
  }
  put_outcome(out, b);
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
  int ok = b->ctx != NULL && b->arena != NULL && b->seen != NULL && b->slots != NULL;
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

int batch_run(const batch_options *o, FILE *in, FILE *out, batch_counts *counts) {
  batch *b = batch_new(o);
  if (b == NULL) return oom_error("signaal eval");
  b->name = strcmp(o->path, "-") == 0 ? "<stdin>" : o->path;
  b->out = out;
  char *chunk = b->chunk;
  int stop = 0, code = CLI_EXIT_OK;
  line_begin(b);
  int pending = 0;  /* bytes of a line not yet ended */
  while (!stop) {
    size_t n = fread(chunk, 1, BATCH_CHUNK, in);
    if (n == 0) break;
    for (size_t at = 0; at < n && !stop;) {
      const char *nl = memchr(chunk + at, '\n', n - at);
      size_t len = nl != NULL ? (size_t)(nl - (chunk + at)) : n - at;
      line_feed(b, chunk + at, len);
      pending = 1;
      at += len;
      if (nl == NULL) break;
      at++;
      stop = line_end(b, out) != 0;
      pending = 0;
      line_begin(b);
    }
  }
  if (!stop && ferror(in)) {
    fprintf(stderr, "%s: error: cannot read: %s\n", b->name, strerror(errno));
    code = CLI_EXIT_IO;
  } else if (!stop && pending) {
    line_end(b, out);  /* the last line, without its newline */
  }
  if (!o->error_lines)
    fprintf(stderr, "signaal eval: %zu case(s) read, %zu evaluated, %zu failed%s\n", b->counts.read,
            b->counts.evaluated, b->counts.failed, stop ? " (stopped at the first failure: --fail-fast)" : "");
  if (code == CLI_EXIT_OK && b->counts.failed > 0) code = CLI_EXIT_INPUT;
  if (counts != NULL) *counts = b->counts;
  batch_free(b);
  return code;
}
