/* diff.c — the semantic difference of two rulebooks (diff.h).
 *
 * Each side is read into declarations, one at a time: a declaration's
 * fields (its label, its period, its `when` as sg_code_text reads it, …)
 * and its items (a set's elements, a table's entries, a rule's actions,
 * justifications), each as canonical source text (canon.h). Declarations
 * of one kind are matched by name through both sides sorted by name; two
 * that match are compared field by field and item by item. Items are
 * matched by what they are (an element by its value and period, an entry
 * by its key and period, an action by its text), then, between two
 * rulebooks, what is left of one key is paired with the version most like
 * it, so that an entry that only got an end date is one change rather than
 * one removed and one added. Indices, order and layout never enter: they
 * are not in the text.
 */
#include "diff.h"
#include "canon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- memory: the texts of the changes live in chunks freed together ---- */

struct diff_chunk {
  diff_chunk *next;
  size_t used, cap;
  char data[];
};

/* A copy of `s` that lives as long as the list; NULL for NULL. */
static const char *keep(diff_list *out, const char *s) {
  if (s == NULL) return NULL;
  size_t n = strlen(s) + 1;
  diff_chunk *c = out->memory;
  if (c == NULL || c->cap - c->used < n) {
    size_t cap = n > 16384 ? n : 16384;
    c = malloc(sizeof *c + cap);
    if (c == NULL) {
      out->failed = 1;
      return NULL;
    }
    c->next = out->memory;
    c->used = 0;
    c->cap = cap;
    out->memory = c;
  }
  char *copy = c->data + c->used;
  memcpy(copy, s, n);
  c->used += n;
  return copy;
}

static void add(diff_list *out, diff_kind kind, const char *what, const char *name,
                const char *item, const char *field, const char *before, const char *after,
                char sub) {
  if (out->count == out->cap) {
    size_t cap = out->cap ? out->cap * 2 : 64;
    diff_change *changes = realloc(out->changes, cap * sizeof *changes);
    if (changes == NULL) {
      out->failed = 1;
      return;
    }
    out->changes = changes;
    out->cap = cap;
  }
  diff_change *c = &out->changes[out->count++];
  c->kind = kind;
  c->what = what;
  c->name = keep(out, name);
  c->item = keep(out, item);
  c->field = keep(out, field);
  c->before = keep(out, before);
  c->after = keep(out, after);
  c->sub = sub;
}

void diff_free(diff_list *list) {
  while (list->memory != NULL) {
    diff_chunk *next = list->memory->next;
    free(list->memory);
    list->memory = next;
  }
  free(list->changes);
  memset(list, 0, sizeof *list);
}

/* ---- declarations as fields and items ---- */

typedef struct {
  char *name;      /* "label", "when", "justify nationaliteit", … */
  char *value;     /* canonical text; NULL: none */
} dfield;

typedef struct {
  dfield *at;
  size_t count, cap;
} dfields;

/* One item of a declaration. */
typedef struct {
  const char *kind;     /* "element", "entry", "action", "justify" */
  char *key;            /* what it is: an element's value, an entry's key, an
                           action's kind, a justification's fact */
  char *exact;          /* what makes it this one of its key: a period, an
                           action's whole text */
  char *source;         /* shown when it is added or removed */
  dfields fields;
  int matched;
  size_t partner;
} ditem;

typedef struct {
  const char *what;
  const char *name;     /* the rulebook's */
  char *source;         /* the whole declaration */
  dfields fields;
  ditem *items;
  size_t nitems, cap;
} ddecl;

/* A text that must exist: NULL (memory ran out) marks the list failed. */
static char *must(diff_list *out, char *text) {
  if (text == NULL) out->failed = 1;
  return text;
}

/* Field `name` = `value` (both taken over; value NULL: none). A NULL name
 * (memory ran out, and the list is failed) adds nothing: a field always has
 * a name to compare. */
static void put_field(diff_list *out, dfields *f, char *name, char *value) {
  if (name == NULL) {
    out->failed = 1;
    free(value);
    return;
  }
  if (f->count == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 8;
    dfield *at = realloc(f->at, cap * sizeof *at);
    if (at == NULL) {
      out->failed = 1;
      free(name);
      free(value);
      return;
    }
    f->at = at;
    f->cap = cap;
  }
  f->at[f->count].name = name;
  f->at[f->count].value = value;
  f->count++;
}

static void field(diff_list *out, dfields *f, const char *name, char *value) {
  put_field(out, f, must(out, canon_strdup(name)), value);
}

/* A quoted text, or none when it is empty. */
static char *quoted_or_none(diff_list *out, const char *text) {
  return text != NULL && text[0] ? must(out, canon_quote(text)) : NULL;
}

static char *plain(diff_list *out, const char *text) {
  return text != NULL ? must(out, canon_strdup(text)) : NULL;
}

static char *period_text(diff_list *out, const sg_rulebook *rb, sg_dated_kind kind, size_t owner,
                         size_t item) {
  canon_buf b = {0};
  canon_period(&b, rb, kind, owner, item);
  return must(out, canon_take(&b));
}

static void free_fields(dfields *f) {
  for (size_t i = 0; i < f->count; i++) {
    free(f->at[i].name);
    free(f->at[i].value);
  }
  free(f->at);
  memset(f, 0, sizeof *f);
}

static void free_decl(ddecl *d) {
  for (size_t i = 0; i < d->nitems; i++) {
    free(d->items[i].key);
    free(d->items[i].exact);
    free(d->items[i].source);
    free_fields(&d->items[i].fields);
  }
  free(d->items);
  free(d->source);
  free_fields(&d->fields);
  memset(d, 0, sizeof *d);
}

/* A new item of `kind` (its texts taken over); NULL when memory ran out. */
static ditem *put_item(diff_list *out, ddecl *d, const char *kind, char *key, char *exact,
                       char *source) {
  if (d->nitems == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 16;
    ditem *items = realloc(d->items, cap * sizeof *items);
    if (items == NULL) {
      out->failed = 1;
      free(key);
      free(exact);
      free(source);
      return NULL;
    }
    d->items = items;
    d->cap = cap;
  }
  ditem *it = &d->items[d->nitems++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  it->key = key;
  it->exact = exact;
  it->source = source;
  return it;
}

/* Whether thing (kind, owner, item) is in the view: always, or when it
 * holds on the view's decision date. */
static int holds(const diff_view *v, sg_dated_kind kind, size_t owner, size_t item) {
  int32_t from, until;
  if (!v->dated || !sg_period(v->rb, kind, owner, item, &from, &until)) return 1;
  return v->asof >= from && v->asof < until;
}

/* ---- one builder per kind of declaration ---- */

static void build_fact(diff_list *out, const diff_view *v, size_t i, ddecl *d) {
  const sg_rulebook *rb = v->rb;
  canon_buf b = {0};
  canon_fact_type(&b, rb, i);
  d->what = "fact";
  d->source = must(out, canon_fact(rb, i));
  field(out, &d->fields, "type", must(out, canon_take(&b)));
  field(out, &d->fields, "ask", quoted_or_none(out, sg_fact_question(rb, i)));
  field(out, &d->fields, "protected", plain(out, sg_fact_protected(rb, i) ? "true" : "false"));
  field(out, &d->fields, "optional", plain(out, sg_fact_optional(rb, i) ? "true" : "false"));
}

static void build_set(diff_list *out, const diff_view *v, size_t i, ddecl *d) {
  const sg_rulebook *rb = v->rb;
  static const char *const types[] = {"?", "bool", "int", "text", "enum", "date", "datetime",
                                      "country"};
  sg_type type = sg_set_type(rb, i);
  d->what = "set";
  d->source = must(out, canon_set(rb, i));
  field(out, &d->fields, "type", plain(out, (size_t)type < 8 ? types[type] : "?"));
  for (size_t k = 0; k < sg_set_element_count(rb, i); k++) {
    if (!holds(v, SG_DATED_ELEMENT, i, k)) continue;
    canon_buf source = {0};
    size_t len = sg_set_element_text(rb, i, k, NULL, 0);
    char *text = malloc(len + 1);
    if (text != NULL) sg_set_element_text(rb, i, k, text, len + 1);
    canon_element(&source, rb, i, k);
    ditem *it = put_item(out, d, "element", must(out, text),
                         period_text(out, rb, SG_DATED_ELEMENT, i, k), must(out, canon_take(&source)));
    if (it != NULL) field(out, &it->fields, "period", period_text(out, rb, SG_DATED_ELEMENT, i, k));
  }
}

static void build_table(diff_list *out, const diff_view *v, size_t t, ddecl *d) {
  const sg_rulebook *rb = v->rb;
  canon_buf b = {0};
  canon_entry_fields(&b, rb, t);
  d->what = "table";
  d->source = must(out, canon_table(rb, t));
  field(out, &d->fields, "fields", must(out, canon_take(&b)));
  size_t fields = sg_table_field_count(rb, t);
  int plain_texts = fields == 1 && sg_table_field(rb, t, 0)[0] == '\0';
  for (size_t e = 0; e < sg_table_entry_count(rb, t); e++) {
    if (!holds(v, SG_DATED_ENTRY, t, e)) continue;
    canon_buf key = {0}, source = {0};
    canon_key(&key, sg_table_key(rb, t, e));
    canon_entry(&source, rb, t, e);
    ditem *it = put_item(out, d, "entry", must(out, canon_take(&key)),
                         period_text(out, rb, SG_DATED_ENTRY, t, e), must(out, canon_take(&source)));
    if (it == NULL) continue;
    for (size_t f = 0; f < fields; f++)
      field(out, &it->fields, plain_texts ? "text" : sg_table_field(rb, t, f),
            must(out, canon_quote(sg_table_value(rb, t, e, f))));
    long window = sg_table_entry_window(rb, t, e);
    field(out, &it->fields, "open", window >= 0 ? plain(out, sg_window_name(rb, (size_t)window)) : NULL);
    int32_t checked;
    canon_buf date = {0};
    int has_checked = sg_table_entry_checked(rb, t, e, &checked);
    if (has_checked) canon_date(&date, checked);
    field(out, &it->fields, "checked", has_checked ? must(out, canon_take(&date)) : NULL);
    field(out, &it->fields, "period", period_text(out, rb, SG_DATED_ENTRY, t, e));
  }
}

/* Part `part` of the window's text (canon_window_part), or none. */
static char *window_part(diff_list *out, const sg_rulebook *rb, size_t w, int part) {
  canon_buf b = {0};
  canon_window_part(&b, rb, w, part);
  char *text = must(out, canon_take(&b));
  if (text != NULL && text[0] == '\0') {
    free(text);
    return NULL;
  }
  return text;
}

static void build_window(diff_list *out, const diff_view *v, size_t w, ddecl *d) {
  const sg_rulebook *rb = v->rb;
  d->what = "window";
  d->source = must(out, canon_window(rb, w));
  field(out, &d->fields, "days", window_part(out, rb, w, 0));
  field(out, &d->fields, "hours", window_part(out, rb, w, 1));
  field(out, &d->fields, "except", window_part(out, rb, w, 2));
  field(out, &d->fields, "period", period_text(out, rb, SG_DATED_WINDOW, w, 0));
}

static void build_group(diff_list *out, const diff_view *v, size_t g, ddecl *d) {
  d->what = "group";
  d->source = must(out, canon_group(v->rb, g));
  field(out, &d->fields, "label", quoted_or_none(out, sg_group_label(v->rb, g)));
}

static void build_actor(diff_list *out, const diff_view *v, size_t a, ddecl *d) {
  d->what = "actor";
  d->source = must(out, canon_actor(v->rb, a));
  field(out, &d->fields, "label", quoted_or_none(out, sg_actor_label(v->rb, a)));
}

/* The justifications of predicate or rule `owner` (kind: sg_owner_kind)
 * as items, one per fact. */
static void build_justifications(diff_list *out, const sg_rulebook *rb, int kind, size_t owner,
                                 ddecl *d) {
  for (size_t i = 0; i < sg_justification_count(rb); i++) {
    int owner_kind;
    size_t at, fact;
    const char *text;
    sg_justification(rb, i, &owner_kind, &at, &fact, &text);
    if (owner_kind != kind || at != owner) continue;
    canon_buf name = {0}, source = {0};
    canon_printf(&name, "justify %s", sg_fact_name(rb, fact));
    canon_printf(&source, "justify %s ", sg_fact_name(rb, fact));
    canon_quoted(&source, text);
    ditem *it = put_item(out, d, "justify", plain(out, sg_fact_name(rb, fact)), NULL,
                         must(out, canon_take(&source)));
    if (it != NULL) put_field(out, &it->fields, must(out, canon_take(&name)), must(out, canon_quote(text)));
    else free(canon_take(&name));
  }
}

/* A code block as a field value (none when there is no such block). */
static char *code(diff_list *out, const sg_rulebook *rb, sg_code_kind kind, size_t index) {
  sg_code_ref ref = {kind, index, 0};
  return canon_code(rb, ref, &out->failed);
}

static void build_pred(diff_list *out, const diff_view *v, size_t p, ddecl *d) {
  const sg_rulebook *rb = v->rb;
  d->what = sg_pred_kind_of(rb, p) == SG_SIGNAL ? "signal" : "condition";
  d->source = must(out, canon_pred(rb, p));
  field(out, &d->fields, "label", quoted_or_none(out, sg_pred_label(rb, p)));
  field(out, &d->fields, "group", plain(out, sg_pred_group(rb, p)));
  field(out, &d->fields, "period", period_text(out, rb, SG_DATED_PRED, p, 0));
  field(out, &d->fields, "when", code(out, rb, SG_CODE_PRED, p));
  field(out, &d->fields, "source", quoted_or_none(out, sg_pred_citation(rb, p)));
  build_justifications(out, rb, SG_OWNER_PREDICATE, p, d);
}

static void build_rule(diff_list *out, const diff_view *v, size_t r, ddecl *d) {
  const sg_rulebook *rb = v->rb;
  canon_buf step = {0};
  if (sg_rule_has_step(rb, r)) canon_printf(&step, "%ld", (long)sg_rule_step(rb, r));
  long actor = sg_rule_actor(rb, r);
  d->what = "rule";
  d->source = must(out, canon_rule(rb, r));
  field(out, &d->fields, "label", quoted_or_none(out, sg_rule_label(rb, r)));
  field(out, &d->fields, "step", sg_rule_has_step(rb, r) ? must(out, canon_take(&step)) : NULL);
  field(out, &d->fields, "urgent", plain(out, sg_rule_urgent(rb, r) ? "true" : "false"));
  field(out, &d->fields, "by", actor >= 0 ? plain(out, sg_actor_name(rb, (size_t)actor)) : NULL);
  field(out, &d->fields, "period", period_text(out, rb, SG_DATED_RULE, r, 0));
  field(out, &d->fields, "when", code(out, rb, SG_CODE_RULE_WHEN, r));
  field(out, &d->fields, "unless", code(out, rb, SG_CODE_RULE_UNLESS, r));
  field(out, &d->fields, "source", quoted_or_none(out, sg_rule_citation(rb, r)));
  free(canon_take(&step));
  for (size_t k = 0; k < sg_rule_action_count(rb, r); k++) {
    sg_action_kind kind = sg_rule_action_kind(rb, r, k);
    const char *word = kind == SG_CONTACT ? "contact" : kind == SG_RECOMMEND ? "recommend"
                                                                           : "attention";
    canon_buf source = {0}, value = {0};
    canon_action(&source, rb, r, k);
    char *text = must(out, canon_take(&source));
    /* the value is what follows the word: the text, or TABLE[KEY] */
    canon_put(&value, text != NULL ? text + strlen(word) + 1 : "");
    ditem *it = put_item(out, d, "action", plain(out, word), plain(out, text), text);
    if (it != NULL) field(out, &it->fields, word, must(out, canon_take(&value)));
    else free(canon_take(&value));
  }
  build_justifications(out, rb, SG_OWNER_RULE, r, d);
}

/* ---- comparing ---- */

static int same(const char *a, const char *b) {
  return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* Compare two lists of fields by name (the first's order, then what only
 * the second has); each difference is a change of `name`'s field. */
static void compare_fields(diff_list *out, const char *what, const char *name, const char *item,
                           const dfields *old, const dfields *new_) {
  for (size_t i = 0; i < old->count; i++) {
    const char *after = NULL;
    for (size_t j = 0; j < new_->count; j++)
      if (strcmp(new_->at[j].name, old->at[i].name) == 0) after = new_->at[j].value;
    if (!same(old->at[i].value, after))
      add(out, DIFF_CHANGED, what, name, item, old->at[i].name, old->at[i].value, after, 0);
  }
  for (size_t j = 0; j < new_->count; j++) {
    int known = 0;
    for (size_t i = 0; i < old->count && !known; i++) known = strcmp(old->at[i].name, new_->at[j].name) == 0;
    if (!known && new_->at[j].value != NULL)
      add(out, DIFF_CHANGED, what, name, item, new_->at[j].name, NULL, new_->at[j].value, 0);
  }
}

/* How many fields of two items differ. */
static size_t distance(const ditem *a, const ditem *b) {
  size_t n = 0;
  for (size_t i = 0; i < a->fields.count; i++) {
    const char *other = NULL;
    for (size_t j = 0; j < b->fields.count; j++)
      if (strcmp(b->fields.at[j].name, a->fields.at[i].name) == 0) other = b->fields.at[j].value;
    n += !same(a->fields.at[i].value, other);
  }
  return n;
}

static int text_order(const char *a, const char *b) {
  return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* Items by kind, key and what makes them exact: an order that does not
 * depend on the source's. */
static int item_order(const void *pa, const void *pb) {
  const ditem *a = pa, *b = pb;
  int c = strcmp(a->kind, b->kind);
  if (c == 0) c = text_order(a->key, b->key);
  if (c == 0) c = text_order(a->exact, b->exact);
  return c;
}

/* Pair each item of `old` with one of `new_`: first those that are the
 * same thing (kind, key and exact text), then, where `versions` allows,
 * what is left of a key with the version most like it. */
static void match_items(ddecl *old, ddecl *new_, int versions) {
  for (size_t i = 0; i < old->nitems; i++) {
    ditem *o = &old->items[i];
    for (size_t j = 0; j < new_->nitems && !o->matched; j++) {
      ditem *n = &new_->items[j];
      if (n->matched || strcmp(n->kind, o->kind) != 0 || !same(n->key, o->key) ||
          !same(n->exact, o->exact))
        continue;
      o->matched = n->matched = 1;
      o->partner = j;
    }
  }
  for (size_t i = 0; i < old->nitems; i++) {
    ditem *o = &old->items[i];
    int pairs = versions || strcmp(o->kind, "action") == 0 || strcmp(o->kind, "justify") == 0;
    size_t best = SIZE_MAX, best_distance = SIZE_MAX;
    for (size_t j = 0; j < new_->nitems && pairs && !o->matched; j++) {
      ditem *n = &new_->items[j];
      if (n->matched || strcmp(n->kind, o->kind) != 0 || !same(n->key, o->key)) continue;
      size_t d = distance(o, n);
      if (d < best_distance) best = j, best_distance = d;
    }
    if (best == SIZE_MAX) continue;
    o->matched = new_->items[best].matched = 1;
    o->partner = best;
  }
}

/* How a change to an old item names it: an element's value or an entry's
 * key, with its period when the key has several versions; actions and
 * justifications need no name (their field says what they are). */
static const char *item_label(const ddecl *old, const ditem *o, char *buf, size_t len) {
  if (strcmp(o->kind, "element") != 0 && strcmp(o->kind, "entry") != 0) return NULL;
  size_t versions = 0;
  for (size_t i = 0; i < old->nitems; i++)
    versions += strcmp(old->items[i].kind, o->kind) == 0 && same(old->items[i].key, o->key);
  if (versions > 1) snprintf(buf, len, "%s %s", o->key, o->exact != NULL ? o->exact : "");
  else snprintf(buf, len, "%s", o->key != NULL ? o->key : "");
  return buf;
}

static void compare_items(diff_list *out, ddecl *old, ddecl *new_, int versions) {
  if (old->nitems > 1) qsort(old->items, old->nitems, sizeof *old->items, item_order);
  if (new_->nitems > 1) qsort(new_->items, new_->nitems, sizeof *new_->items, item_order);
  match_items(old, new_, versions);
  for (size_t i = 0; i < old->nitems; i++) {
    const ditem *o = &old->items[i];
    char label[512];
    if (o->matched)
      compare_fields(out, new_->what, new_->name, item_label(old, o, label, sizeof label),
                     &o->fields, &new_->items[o->partner].fields);
    else
      add(out, DIFF_CHANGED, new_->what, new_->name, NULL, o->kind, o->source, NULL, '-');
  }
  for (size_t j = 0; j < new_->nitems; j++) {
    const ditem *n = &new_->items[j];
    if (!n->matched) add(out, DIFF_CHANGED, new_->what, new_->name, NULL, n->kind, NULL, n->source, '+');
  }
}

static void compare_decls(diff_list *out, ddecl *old, ddecl *new_, int versions) {
  if (strcmp(old->what, new_->what) != 0)
    add(out, DIFF_CHANGED, new_->what, new_->name, NULL, "kind", old->what, new_->what, 0);
  compare_fields(out, new_->what, new_->name, NULL, &old->fields, &new_->fields);
  compare_items(out, old, new_, versions);
}

/* ---- the parts, by name ---- */

typedef struct {
  size_t (*count)(const sg_rulebook *rb);
  const char *(*name)(const sg_rulebook *rb, size_t i);
  int (*present)(const diff_view *v, size_t i);
  void (*build)(diff_list *out, const diff_view *v, size_t i, ddecl *d);
} part;

static int always_present(const diff_view *v, size_t i) {
  (void)v;
  (void)i;
  return 1;
}
/* A `{ … }` list has no name: it is part of the condition that writes it. */
static int named_set(const diff_view *v, size_t i) { return sg_set_name(v->rb, i)[0] != '\0'; }
static int window_present(const diff_view *v, size_t i) { return holds(v, SG_DATED_WINDOW, i, 0); }
static int pred_present(const diff_view *v, size_t i) { return holds(v, SG_DATED_PRED, i, 0); }
static int rule_present(const diff_view *v, size_t i) { return holds(v, SG_DATED_RULE, i, 0); }

static const part parts[] = {
  {sg_fact_count, sg_fact_name, always_present, build_fact},
  {sg_set_count, sg_set_name, named_set, build_set},
  {sg_table_count, sg_table_name, always_present, build_table},
  {sg_window_count, sg_window_name, window_present, build_window},
  {sg_group_count, sg_group_name, always_present, build_group},
  {sg_pred_count, sg_pred_name, pred_present, build_pred},
  {sg_rule_count, sg_rule_name, rule_present, build_rule},
  {sg_actor_count, sg_actor_name, always_present, build_actor},
};

typedef struct {
  const char *name;
  size_t index;
} named;

static int named_order(const void *pa, const void *pb) {
  const named *a = pa, *b = pb;
  int c = strcmp(a->name, b->name);
  return c != 0 ? c : (a->index > b->index) - (a->index < b->index);
}

/* The declarations of part `p` in view `v`, sorted by name; NULL with
 * *count 0 when there are none (or memory ran out). */
static named *by_name(diff_list *out, const part *p, const diff_view *v, size_t *count) {
  size_t total = p->count(v->rb);
  *count = 0;
  named *list = malloc((total ? total : 1) * sizeof *list);
  if (list == NULL) {
    out->failed = 1;
    return NULL;
  }
  for (size_t i = 0; i < total; i++)
    if (p->present(v, i)) list[(*count)++] = (named){p->name(v->rb, i), i};
  qsort(list, *count, sizeof *list, named_order);
  return list;
}

/* One declaration added or removed, as its source. */
static void whole(diff_list *out, const part *p, const diff_view *v, size_t i, diff_kind kind) {
  ddecl d;
  memset(&d, 0, sizeof d);
  p->build(out, v, i, &d);
  add(out, kind, d.what, p->name(v->rb, i), NULL, NULL, kind == DIFF_REMOVED ? d.source : NULL,
      kind == DIFF_ADDED ? d.source : NULL, 0);
  free_decl(&d);
}

static void diff_part(diff_list *out, const part *p, const diff_view *old, const diff_view *new_,
                      int versions) {
  size_t nold, nnew, i = 0, j = 0;
  named *a = by_name(out, p, old, &nold), *b = by_name(out, p, new_, &nnew);
  while (i < nold || j < nnew) {
    int c = i == nold ? 1 : j == nnew ? -1 : strcmp(a[i].name, b[j].name);
    if (c < 0) {
      whole(out, p, old, a[i++].index, DIFF_REMOVED);
    } else if (c > 0) {
      whole(out, p, new_, b[j++].index, DIFF_ADDED);
    } else {
      ddecl x, y;
      memset(&x, 0, sizeof x);
      memset(&y, 0, sizeof y);
      p->build(out, old, a[i++].index, &x);
      p->build(out, new_, b[j++].index, &y);
      y.name = x.name = a[i - 1].name;
      compare_decls(out, &x, &y, versions);
      free_decl(&x);
      free_decl(&y);
    }
  }
  free(a);
  free(b);
}

/* The header: title, version, effective date, source, reading list. */
static void build_metadata(diff_list *out, const sg_rulebook *rb, dfields *f) {
  canon_buf date = {0};
  canon_date(&date, sg_rulebook_effective(rb));
  long reading = sg_rulebook_reading_list(rb);
  field(out, f, "title", quoted_or_none(out, sg_rulebook_title(rb)));
  field(out, f, "version", quoted_or_none(out, sg_rulebook_version(rb)));
  field(out, f, "effective", must(out, canon_take(&date)));
  field(out, f, "source", quoted_or_none(out, sg_rulebook_source(rb)));
  field(out, f, "references", reading >= 0 ? plain(out, sg_table_name(rb, (size_t)reading)) : NULL);
}

/* ---- assumptions: those of declarations both sides have ---- */

typedef struct {
  int part;             /* 1 predicate, 2 rule, 3 window (sg_owner_kind) */
  const char *owner;
  const char *kind;     /* "signal", "condition", "rule", "window" */
  const char *text;
} assumed;

static int assumed_order(const void *pa, const void *pb) {
  const assumed *a = pa, *b = pb;
  if (a->part != b->part) return a->part - b->part;
  int c = strcmp(a->owner, b->owner);
  return c != 0 ? c : strcmp(a->text, b->text);
}

/* The index of the owner called `name` of `kind` in view `v`, or -1 when
 * it has none there. */
static long owner_in(const diff_view *v, int kind, const char *name) {
  if (kind == SG_OWNER_PREDICATE) {
    long p = sg_pred_find(v->rb, name);
    return p >= 0 && pred_present(v, (size_t)p) ? p : -1;
  }
  if (kind == SG_OWNER_RULE) {
    long r = sg_rule_find(v->rb, name);
    return r >= 0 && rule_present(v, (size_t)r) ? r : -1;
  }
  for (size_t w = 0; w < sg_window_count(v->rb); w++)
    if (strcmp(sg_window_name(v->rb, w), name) == 0) return window_present(v, w) ? (long)w : -1;
  return -1;
}

static const char *owner_name(const sg_rulebook *rb, int kind, size_t i) {
  return kind == SG_OWNER_PREDICATE ? sg_pred_name(rb, i)
       : kind == SG_OWNER_RULE ? sg_rule_name(rb, i) : sg_window_name(rb, i);
}

/* The assumptions of `v` whose owner `other` has too (an owner on one side
 * only shows them in its source), sorted. */
static assumed *assumptions_of(diff_list *out, const diff_view *v, const diff_view *other,
                               size_t *count) {
  size_t total = sg_assumption_count(v->rb);
  assumed *list = malloc((total ? total : 1) * sizeof *list);
  *count = 0;
  if (list == NULL) {
    out->failed = 1;
    return NULL;
  }
  for (size_t i = 0; i < total; i++) {
    int kind;
    size_t owner;
    const char *text;
    sg_assumption(v->rb, i, &kind, &owner, &text);
    const char *name = owner_name(v->rb, kind, owner);
    if (owner_in(v, kind, name) < 0 || owner_in(other, kind, name) < 0) continue;
    const char *word = kind == SG_OWNER_RULE ? "rule" : kind == SG_OWNER_WINDOW ? "window"
                     : sg_pred_kind_of(v->rb, owner) == SG_SIGNAL ? "signal" : "condition";
    list[(*count)++] = (assumed){kind, name, word, text};
  }
  qsort(list, *count, sizeof *list, assumed_order);
  return list;
}

static void assumption_change(diff_list *out, const assumed *a, diff_kind kind) {
  canon_buf name = {0};
  canon_printf(&name, "%s %s", a->kind, a->owner);
  char *owner = must(out, canon_take(&name)), *text = must(out, canon_quote(a->text));
  add(out, kind, "assumption", owner, NULL, NULL, kind == DIFF_REMOVED ? text : NULL,
      kind == DIFF_ADDED ? text : NULL, 0);
  free(owner);
  free(text);
}

static void diff_assumptions(diff_list *out, const diff_view *old, const diff_view *new_) {
  size_t nold, nnew, i = 0, j = 0;
  assumed *a = assumptions_of(out, old, new_, &nold), *b = assumptions_of(out, new_, old, &nnew);
  while (i < nold || j < nnew) {
    int c = i == nold ? 1 : j == nnew ? -1 : assumed_order(&a[i], &b[j]);
    if (c < 0) assumption_change(out, &a[i++], DIFF_REMOVED);
    else if (c > 0) assumption_change(out, &b[j++], DIFF_ADDED);
    else i++, j++;
  }
  free(a);
  free(b);
}

void diff_rulebooks(diff_list *out, const diff_view *old, const diff_view *new_) {
  /* two rulebooks pair the versions of a key; two dates of one do not */
  int versions = !old->dated && !new_->dated;
  dfields a = {0}, b = {0};
  build_metadata(out, old->rb, &a);
  build_metadata(out, new_->rb, &b);
  compare_fields(out, "metadata", NULL, NULL, &a, &b);
  free_fields(&a);
  free_fields(&b);
  for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++) diff_part(out, &parts[p], old, new_, versions);
  diff_assumptions(out, old, new_);
}

/* ---- titles ---- */

static int title_order(const void *pa, const void *pb) {
  return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* A sorted copy of `n` titles; NULL when memory ran out (or n is 0). */
static const char **sorted_titles(diff_list *out, const char *const *titles, size_t n) {
  const char **copy = malloc((n ? n : 1) * sizeof *copy);
  if (copy == NULL) {
    out->failed = 1;
    return NULL;
  }
  if (n) memcpy(copy, titles, n * sizeof *copy);
  qsort(copy, n, sizeof *copy, title_order);
  return copy;
}

void diff_titles(diff_list *out, const char *what, const char *const *old, size_t nold,
                 const char *const *new_, size_t nnew) {
  const char **a = sorted_titles(out, old, nold), **b = sorted_titles(out, new_, nnew);
  if (a == NULL || b == NULL) nold = nnew = 0;
  size_t i = 0, j = 0;
  while (i < nold || j < nnew) {
    int c = i == nold ? 1 : j == nnew ? -1 : strcmp(a[i], b[j]);
    if (c < 0) add(out, DIFF_REMOVED, what, a[i++], NULL, NULL, NULL, NULL, 0);
    else if (c > 0) add(out, DIFF_ADDED, what, b[j++], NULL, NULL, NULL, NULL, 0);
    else i++, j++;
  }
  free(a);
  free(b);
}
