/* check.c — the checker: resolves names, checks clauses and types, reports
 * duplicates, undefined names, missing justifications for protected facts
 * and cycles among conditions; orders predicates for evaluation and rules
 * for output; and turns the examples into sgc_example records.
 */
#include "compiler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const decl_kind_names[] = {
  [DECL_HEADER] = "rulebook header", [DECL_INCLUDE] = "include", [DECL_FACT] = "fact",
  [DECL_SET] = "set", [DECL_TABLE] = "table", [DECL_WINDOW] = "window",
  [DECL_GROUP] = "group", [DECL_SIGNAL] = "signal", [DECL_CONDITION] = "condition",
  [DECL_RULE] = "rule", [DECL_EXAMPLE] = "example",
};

static const char *const clause_names[] = {
  [CL_LABEL] = "label", [CL_WHEN] = "when", [CL_UNLESS] = "unless",
  [CL_RECOMMEND] = "recommend", [CL_ATTENTION] = "attention", [CL_CONTACT] = "contact",
  [CL_SOURCE] = "source", [CL_JUSTIFY] = "justify", [CL_STEP] = "step", [CL_ASK] = "ask",
  [CL_PROTECTED] = "protected", [CL_NOW] = "now", [CL_GIVEN] = "given",
  [CL_EXPECT] = "expect", [CL_VERSION] = "version", [CL_EFFECTIVE] = "effective",
  [CL_CASE] = "given \"case file\"", [CL_REFERENCES] = "references",
};

static const char *type_name(sgc_compiler *c, ast_type t) {
  switch (t.kind) {
  case TY_BOOL: return "bool";
  case TY_INT: return "int";
  case TY_TEXT: return "text";
  case TY_DATE: return "date";
  case TY_DATETIME: return "datetime";
  case TY_ENUM: {
    const char *fact = c->tables.facts.items[t.enum_fact]->name;
    char *s = sgc_alloc(c, strlen(fact) + 16);
    sprintf(s, "enum of '%s'", fact);
    return s;
  }
  case TY_ENUMNAME: return "name";
  case TY_ERROR: break;
  }
  return "error";
}

/* "a bool", "an int", "an enum of 'x'": a type with its article. */
static const char *a_type(sgc_compiler *c, ast_type t) {
  const char *name = type_name(c, t);
  char *s = sgc_alloc(c, strlen(name) + 4);
  sprintf(s, "%s %s", (t.kind == TY_INT || t.kind == TY_ENUM || t.kind == TY_ERROR) ? "an" : "a", name);
  return s;
}

static int type_equal(ast_type a, ast_type b) {
  return a.kind == b.kind && (a.kind != TY_ENUM || a.enum_fact == b.enum_fact);
}

static const ast_type T_ERROR = { TY_ERROR, 0 }, T_BOOL = { TY_BOOL, 0 }, T_INT = { TY_INT, 0 },
                      T_TEXT = { TY_TEXT, 0 }, T_DATE = { TY_DATE, 0 },
                      T_DATETIME = { TY_DATETIME, 0 }, T_NAME = { TY_ENUMNAME, 0 };

/* ---- symbols -------------------------------------------------------- */

static size_t symbol_hash(const char *s) {
  size_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

ast_decl *symbol_find(sgc_compiler *c, const char *name) {
  if (!c->symbol_cap) return NULL;
  for (size_t i = symbol_hash(name) & (c->symbol_cap - 1);; i = (i + 1) & (c->symbol_cap - 1)) {
    ast_decl *d = c->symbols[i];
    if (!d) return NULL;
    if (strcmp(d->name, name) == 0) return d;
  }
}

static void symbol_add(sgc_compiler *c, ast_decl *d) {
  ast_decl *prev = symbol_find(c, d->name);
  if (prev) {
    diag_error(c, d->name_loc, "'%s' is already declared (as a %s)", d->name,
               decl_kind_names[prev->kind]);
    diag_note(c, prev->name_loc, "'%s' was declared here", d->name);
    return;
  }
  for (size_t i = symbol_hash(d->name) & (c->symbol_cap - 1);; i = (i + 1) & (c->symbol_cap - 1)) {
    if (!c->symbols[i]) {
      c->symbols[i] = d;
      return;
    }
  }
}

/* Edit distance, for "did you mean". */
static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64) return 99;
  size_t row[65];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[lb];
}

/* The declared name closest to `name`, or NULL when none is close. */
static const char *symbol_suggest(sgc_compiler *c, const char *name) {
  const char *best = NULL;
  size_t len = strlen(name), best_d = len <= 2 ? 0 : len <= 5 ? 1 : 2;
  if (best_d == 0) return NULL;
  for (size_t i = 0; i < c->symbol_cap; i++) {
    ast_decl *d = c->symbols[i];
    if (!d) continue;
    size_t dist = edit_distance(name, d->name);
    if (dist <= best_d && (!best || dist < best_d || strcmp(d->name, best) < 0)) {
      if (dist < best_d || !best || strcmp(d->name, best) < 0) best = d->name;
      best_d = dist;
    }
  }
  return best;
}

static void error_unknown(sgc_compiler *c, ast_loc loc, const char *what, const char *name) {
  const char *hint = symbol_suggest(c, name);
  if (hint)
    diag_error(c, loc, "unknown %s '%s'; did you mean '%s'?", what, name, hint);
  else
    diag_error(c, loc, "unknown %s '%s'", what, name);
}

/* The declaration called `name` if it is of kind `kind`; else an error. */
static ast_decl *lookup_kind(sgc_compiler *c, const char *name, ast_loc loc, ast_decl_kind kind) {
  ast_decl *d = symbol_find(c, name);
  if (!d) {
    error_unknown(c, loc, decl_kind_names[kind], name);
    return NULL;
  }
  if (d->kind != kind) {
    diag_error(c, loc, "'%s' is a %s, not a %s", name, decl_kind_names[d->kind],
               decl_kind_names[kind]);
    return NULL;
  }
  return d;
}

/* ---- small arena-backed lists ---------------------------------------- */

static void grow(sgc_compiler *c, void **items, size_t count, size_t *cap, size_t elem) {
  if (count < *cap) return;
  size_t ncap = *cap ? *cap * 2 : 4;
  void *n = sgc_alloc(c, ncap * elem);
  if (count) memcpy(n, *items, count * elem);
  *items = n;
  *cap = ncap;
}

static void add_dep(sgc_compiler *c, ast_decl *owner, ast_decl *pred) {
  for (size_t i = 0; i < owner->dep_count; i++)
    if (owner->deps[i] == pred) return;
  grow(c, (void **)&owner->deps, owner->dep_count, &owner->dep_cap, sizeof *owner->deps);
  owner->deps[owner->dep_count++] = pred;
}

static void add_read(sgc_compiler *c, ast_decl *owner, int fact, ast_loc loc) {
  for (size_t i = 0; i < owner->read_count; i++)
    if (owner->reads[i] == fact) return;
  size_t cap = owner->read_cap;
  grow(c, (void **)&owner->reads, owner->read_count, &owner->read_cap, sizeof *owner->reads);
  owner->read_cap = cap;
  grow(c, (void **)&owner->read_locs, owner->read_count, &owner->read_cap, sizeof *owner->read_locs);
  owner->reads[owner->read_count] = fact;
  owner->read_locs[owner->read_count++] = loc;
}

/* ---- clauses ---------------------------------------------------------- */

/* Check that each clause of d is allowed (bit mask of ast_clause_kind),
 * that single clauses appear once, and fill d's single-clause fields. */
static void check_clauses(sgc_compiler *c, ast_decl *d, unsigned allowed, unsigned repeatable) {
  ast_clause *seen[32] = { 0 };
  for (ast_clause *cl = d->clauses; cl; cl = cl->next) {
    if (!(allowed & (1u << cl->kind))) {
      diag_error(c, cl->loc, "'%s' does not belong in a %s", clause_names[cl->kind],
                 decl_kind_names[d->kind]);
      continue;
    }
    if (!(repeatable & (1u << cl->kind)) && seen[cl->kind]) {
      diag_error(c, cl->loc, "%s '%s' has a second '%s'",
                 decl_kind_names[d->kind], d->name ? d->name : d->text, clause_names[cl->kind]);
      diag_note(c, seen[cl->kind]->loc, "the first '%s' is here", clause_names[cl->kind]);
      continue;
    }
    if (!seen[cl->kind]) seen[cl->kind] = cl;
  }
  d->when = seen[CL_WHEN];
  d->unless = seen[CL_UNLESS];
  d->source = seen[CL_SOURCE];
  d->label = seen[CL_LABEL];
  d->ask = seen[CL_ASK];
  d->is_protected = seen[CL_PROTECTED] != NULL;
  if (seen[CL_STEP]) {
    d->has_step = 1;
    d->step = (int)seen[CL_STEP]->number;
  }
}

static void require(sgc_compiler *c, ast_decl *d, const void *clause, const char *what,
                    const char *example) {
  if (clause) return;
  diag_error(c, d->name_loc.line ? d->name_loc : d->loc, "%s '%s' needs %s (%s)",
             decl_kind_names[d->kind], d->name ? d->name : d->text, what, example);
}

#define BIT(k) (1u << (k))

/* ---- expressions ------------------------------------------------------ */

/* An unresolved name used where a value of type `want` is expected: an enum
 * value when `want` is an enum, else an unknown name. */
static ast_type resolve_name(sgc_compiler *c, ast_expr *e, ast_type want) {
  if (e->kind != EX_NAME || e->ref != REF_NONE) return e->type;
  if (want.kind == TY_ENUM) {
    ast_decl *fact = c->tables.facts.items[want.enum_fact];
    int i = 0;
    for (ast_item *v = fact->enum_values; v; v = v->next, i++) {
      if (strcmp(v->key, e->name) == 0) {
        e->ref = REF_ENUM_VALUE;
        e->index = i;
        e->enum_fact = want.enum_fact;
        e->type = want;
        return want;
      }
    }
    diag_error(c, e->loc, "'%s' is not a value of fact '%s'", e->name, fact->name);
    char list[512];
    size_t n = 0;
    list[0] = '\0';
    for (ast_item *v = fact->enum_values; v && n < sizeof list - 80; v = v->next)
      n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", v->key);
    diag_note(c, fact->name_loc, "'%s' has the values: %s", fact->name, list);
  } else {
    error_unknown(c, e->loc, "name", e->name);
  }
  e->type = T_ERROR;
  return T_ERROR;
}

static ast_type check_expr(sgc_compiler *c, ast_decl *owner, ast_expr *e);

/* Check e and require type `want` (resolving enum names against it). */
static int expect_type(sgc_compiler *c, ast_decl *owner, ast_expr *e, ast_type want,
                       const char *context) {
  ast_type t = check_expr(c, owner, e);
  if (t.kind == TY_ENUMNAME) t = resolve_name(c, e, want);
  if (t.kind == TY_ERROR) return 0;
  if (!type_equal(t, want)) {
    diag_error(c, e->loc, "%s needs %s, but this is %s", context, a_type(c, want),
               a_type(c, t));
    return 0;
  }
  return 1;
}

static int is_ordered(ast_type t) {
  return t.kind == TY_INT || t.kind == TY_DATE || t.kind == TY_DATETIME;
}

/* Check a set's elements against `want`; for named sets of names, bind them. */
static int check_set_elements(sgc_compiler *c, ast_decl *set, ast_type want, ast_loc use) {
  if (set->set_type.kind == TY_ENUMNAME) {
    if (want.kind != TY_ENUM) {
      diag_error(c, use, "set '%s' holds names, which only an enum fact can be tested against",
                 set->name);
      return 0;
    }
    for (ast_item *it = set->items; it; it = it->next)
      if (resolve_name(c, it->value, want).kind == TY_ERROR) return 0;
    set->set_type = want;
    return 1;
  }
  if (set->set_type.kind == TY_ERROR) return 0;
  if (!type_equal(set->set_type, want)) {
    if (set->name[0])
      diag_error(c, use, "set '%s' holds %s values, but the value tested is %s", set->name,
                 type_name(c, set->set_type), a_type(c, want));
    else
      diag_error(c, use, "this list holds %s values, but the value tested is %s",
                 type_name(c, set->set_type), a_type(c, want));
    return 0;
  }
  return 1;
}

/* Type of a set literal's or named set's items as written. */
static ast_type literal_item_type(const ast_expr *e) {
  switch (e->kind) {
  case EX_INT: return T_INT;
  case EX_TEXT: return T_TEXT;
  case EX_NAME: return T_NAME;
  default: return T_ERROR;
  }
}

static int check_set_items(sgc_compiler *c, ast_decl *set) {
  ast_type t = T_ERROR;
  int ok = 1;
  for (ast_item *it = set->items; it; it = it->next) {
    ast_type ti = literal_item_type(it->value);
    it->value->type = ti;
    if (ti.kind == TY_ERROR) {
      diag_error(c, it->loc, "a set holds texts, integers or enum value names");
      ok = 0;
      continue;
    }
    if (it == set->items) t = ti;
    else if (!type_equal(t, ti)) {
      diag_error(c, it->loc, "this set mixes %s and %s values", type_name(c, t), type_name(c, ti));
      ok = 0;
    }
    for (ast_item *prev = set->items; prev != it; prev = prev->next) {
      const ast_expr *a = prev->value, *b = it->value;
      if (a->kind == b->kind && a->number == b->number &&
          ((a->text && b->text && strcmp(a->text, b->text) == 0) ||
           (a->name && b->name && strcmp(a->name, b->name) == 0) ||
           (a->kind == EX_INT))) {
        diag_error(c, it->loc, "this value is already in the set");
        ok = 0;
        break;
      }
    }
  }
  set->set_type = ok ? t : T_ERROR;
  if (!set->items) set->set_type = T_TEXT; /* empty set: text, never matches */
  return ok;
}

static ast_type check_in(sgc_compiler *c, ast_decl *owner, ast_expr *e) {
  ast_expr *x = e->a, *target = e->b;
  ast_type tx = check_expr(c, owner, x);
  if (tx.kind == TY_ENUMNAME) return resolve_name(c, x, T_ERROR), T_ERROR;
  if (tx.kind == TY_ERROR) return T_ERROR;

  if (target->kind == EX_RANGE) {
    if (!is_ordered(tx)) {
      diag_error(c, e->loc, "a range needs an int, date or datetime, but this is %s",
                 a_type(c, tx));
      return T_ERROR;
    }
    int ok = expect_type(c, owner, target->a, tx, "the start of the range");
    ok &= expect_type(c, owner, target->b, tx, "the end of the range");
    return ok ? T_BOOL : T_ERROR;
  }
  if (target->kind == EX_SET) {
    ast_decl *set = ast_new_decl(c, DECL_SET, target->loc);
    set->name = "";
    set->name_loc = target->loc;
    for (ast_expr *it = target->a, *next; it; it = next) {
      next = it->next;
      it->next = NULL;
      ast_item *item = ast_new_item(c, it->loc);
      item->value = it;
      ast_item **tail = &set->items;
      while (*tail) tail = &(*tail)->next;
      *tail = item;
    }
    target->a = NULL;
    if (!check_set_items(c, set) || !check_set_elements(c, set, tx, target->loc)) return T_ERROR;
    set->index = (int)c->tables.sets.count;
    *VEC_PUSH(c, c->tables.sets) = set;
    target->ref = REF_SET;
    target->index = set->index;
    return T_BOOL;
  }
  if (target->kind == EX_NAME) {
    ast_decl *d = symbol_find(c, target->name);
    if (d && d->kind == DECL_SET) {
      if (!check_set_elements(c, d, tx, target->loc)) return T_ERROR;
      target->ref = REF_SET;
      target->index = d->index;
      return T_BOOL;
    }
    if (d && d->kind == DECL_TABLE) {
      if (tx.kind != TY_TEXT && tx.kind != TY_ENUM) {
        diag_error(c, e->loc, "table keys are texts; %s cannot be one", a_type(c, tx));
        return T_ERROR;
      }
      target->ref = REF_TABLE;
      target->index = d->index;
      return T_BOOL;
    }
    if (!d) {
      error_unknown(c, target->loc, "set or table", target->name);
      return T_ERROR;
    }
  }
  diag_error(c, target->loc, "'in' needs a set, a table, a { … } list or a range lo .. hi");
  return T_ERROR;
}

static ast_type check_compare(sgc_compiler *c, ast_decl *owner, ast_expr *e) {
  ast_type ta = check_expr(c, owner, e->a), tb = check_expr(c, owner, e->b);
  if (ta.kind == TY_ENUMNAME && tb.kind == TY_ENUMNAME) {
    resolve_name(c, e->a, T_ERROR);
    return T_ERROR;
  }
  if (ta.kind == TY_ENUMNAME) ta = resolve_name(c, e->a, tb);
  if (tb.kind == TY_ENUMNAME) tb = resolve_name(c, e->b, ta);
  if (ta.kind == TY_ERROR || tb.kind == TY_ERROR) return T_ERROR;
  if (!type_equal(ta, tb)) {
    if ((ta.kind == TY_DATE && tb.kind == TY_DATETIME) || (ta.kind == TY_DATETIME && tb.kind == TY_DATE))
      diag_error(c, e->loc, "cannot compare %s with %s; take date(…) of the datetime first",
                 a_type(c, ta), a_type(c, tb));
    else
      diag_error(c, e->loc, "cannot compare %s with %s", a_type(c, ta), a_type(c, tb));
    return T_ERROR;
  }
  if (e->op != CMP_EQ && e->op != CMP_NE && !is_ordered(ta)) {
    diag_error(c, e->loc, "'<', '<=', '>' and '>=' compare ints, dates or datetimes, not %s",
               a_type(c, ta));
    return T_ERROR;
  }
  return T_BOOL;
}

static ast_type check_call(sgc_compiler *c, ast_decl *owner, ast_expr *e) {
  ast_type t = check_expr(c, owner, e->a);
  if (t.kind == TY_ENUMNAME) return resolve_name(c, e->a, T_ERROR), T_ERROR;
  if (t.kind == TY_ERROR) return T_ERROR;
  if (strcmp(e->name, "weekday") == 0) {
    e->op = 0;
    if (t.kind == TY_DATE || t.kind == TY_DATETIME) return T_INT;
    diag_error(c, e->a->loc, "weekday(…) needs a date or datetime, but this is %s", a_type(c, t));
  } else if (strcmp(e->name, "hour") == 0) {
    e->op = 1;
    if (t.kind == TY_DATETIME) return T_INT;
    diag_error(c, e->a->loc, "hour(…) needs a datetime, but this is %s", a_type(c, t));
  } else if (strcmp(e->name, "date") == 0) {
    e->op = 2;
    if (t.kind == TY_DATETIME) return T_DATE;
    diag_error(c, e->a->loc, "date(…) needs a datetime, but this is %s", a_type(c, t));
  } else {
    diag_error(c, e->loc, "unknown function '%s'; the functions are weekday, hour and date", e->name);
  }
  return T_ERROR;
}

static ast_type check_name(sgc_compiler *c, ast_decl *owner, ast_expr *e) {
  ast_decl *d = symbol_find(c, e->name);
  if (!d) return T_NAME; /* perhaps an enum value: the context decides */
  switch (d->kind) {
  case DECL_FACT:
    e->ref = REF_FACT;
    e->index = d->index;
    add_read(c, owner, d->index, e->loc);
    if (d->fact_type == TY_ENUM) {
      ast_type t = { TY_ENUM, d->index };
      return t;
    }
    return (ast_type){ d->fact_type, 0 };
  case DECL_SIGNAL:
  case DECL_CONDITION:
    if (owner->kind == DECL_RULE || owner->kind == DECL_SIGNAL || owner->kind == DECL_CONDITION) {
      e->ref = REF_PRED;
      add_dep(c, owner, d);
      return T_BOOL;
    }
    break;
  default:
    break;
  }
  diag_error(c, e->loc, "'%s' is a %s, which has no value here", e->name, decl_kind_names[d->kind]);
  return T_ERROR;
}

static ast_type check_expr(sgc_compiler *c, ast_decl *owner, ast_expr *e) {
  ast_type t = T_ERROR;
  switch (e->kind) {
  case EX_BOOL: t = T_BOOL; break;
  case EX_INT: t = T_INT; break;
  case EX_TEXT: t = T_TEXT; break;
  case EX_DATE: t = T_DATE; break;
  case EX_DATETIME: t = T_DATETIME; break;
  case EX_NOW: t = T_DATETIME; break;
  case EX_TODAY: t = T_DATE; break;
  case EX_NAME: t = check_name(c, owner, e); break;
  case EX_NOT:
    t = expect_type(c, owner, e->a, T_BOOL, "'not'") ? T_BOOL : T_ERROR;
    break;
  case EX_AND:
  case EX_OR: {
    const char *op = e->kind == EX_AND ? "'and'" : "'or'";
    int ok = expect_type(c, owner, e->a, T_BOOL, op);
    ok &= expect_type(c, owner, e->b, T_BOOL, op);
    t = ok ? T_BOOL : T_ERROR;
    break;
  }
  case EX_COMPARE: t = check_compare(c, owner, e); break;
  case EX_IN: t = check_in(c, owner, e); break;
  case EX_KNOWN: {
    ast_type ta = check_expr(c, owner, e->a);
    if (ta.kind == TY_ENUMNAME) ta = resolve_name(c, e->a, T_ERROR);
    t = ta.kind == TY_ERROR ? T_ERROR : T_BOOL;
    break;
  }
  case EX_WITHIN: {
    ast_decl *w = lookup_kind(c, e->name, e->loc, DECL_WINDOW);
    int ok = expect_type(c, owner, e->a, T_DATETIME, "'within'");
    if (w) e->index = w->index;
    t = ok && w ? T_BOOL : T_ERROR;
    break;
  }
  case EX_COUNT: {
    ast_decl *g = lookup_kind(c, e->name, e->loc, DECL_GROUP);
    if (!g) break;
    e->index = g->index;
    if (e->number < 0) {
      diag_error(c, e->loc, "'at least' needs a count of 0 or more");
      break;
    }
    for (size_t i = 0; i < g->member_count; i++) add_dep(c, owner, g->members[i]);
    if (e->op == COUNT_ANY) e->number = 1;
    if (e->op == COUNT_ALL) e->number = (int64_t)g->member_count;
    if ((size_t)e->number > g->member_count)
      diag_error(c, e->loc, "group '%s' has only %zu signals, so at least %lld can never hold",
                 g->name, g->member_count, (long long)e->number);
    t = T_BOOL;
    break;
  }
  case EX_CALL: t = check_call(c, owner, e); break;
  case EX_SET:
  case EX_RANGE:
    diag_error(c, e->loc, "a set or range only follows 'in'");
    break;
  }
  e->type = t;
  return t;
}

/* ---- declarations ----------------------------------------------------- */

static void check_header(sgc_compiler *c) {
  ast_decl *h = c->header;
  check_clauses(c, h, BIT(CL_VERSION) | BIT(CL_EFFECTIVE) | BIT(CL_SOURCE) | BIT(CL_REFERENCES), 0);
  for (ast_clause *cl = h->clauses; cl; cl = cl->next)
    if (cl->kind == CL_REFERENCES) lookup_kind(c, cl->name, cl->name_loc, DECL_TABLE);
  int version = 0, effective = 0;
  for (ast_clause *cl = h->clauses; cl; cl = cl->next) {
    version |= cl->kind == CL_VERSION;
    effective |= cl->kind == CL_EFFECTIVE;
  }
  if (!version) require(c, h, NULL, "a version", "version \"2016-11\"");
  if (!effective) require(c, h, NULL, "an effective date", "effective 2016-11-01");
  require(c, h, h->source, "its source document", "source \"Factsheet …\"");
}

static void check_fact(sgc_compiler *c, ast_decl *d) {
  check_clauses(c, d, BIT(CL_ASK) | BIT(CL_PROTECTED), 0);
  require(c, d, d->ask, "a question", "ask \"…?\"");
  for (ast_item *v = d->enum_values; v; v = v->next)
    for (ast_item *p = d->enum_values; p != v; p = p->next)
      if (strcmp(p->key, v->key) == 0) {
        diag_error(c, v->loc, "enum value '%s' appears twice", v->key);
        break;
      }
}

static void check_table(sgc_compiler *c, ast_decl *d) {
  ast_item *first = d->items;
  for (ast_item *e = d->items; e; e = e->next) {
    for (ast_item *p = d->items; p != e; p = p->next)
      if (strcmp(p->key, e->key) == 0) {
        diag_error(c, e->loc, "table '%s' has the key '%s' twice", d->name, e->key);
        break;
      }
    if ((e->fields != NULL) != (first->fields != NULL) || (!e->fields && !e->value)) {
      diag_error(c, e->loc, "entries of table '%s' are all texts or all records { … }", d->name);
      continue;
    }
  }
  if (!first || !first->fields) {
    d->field_count = 1;
    d->fields = sgc_alloc(c, sizeof *d->fields);
    d->fields[0] = "";
    return;
  }
  for (ast_item *f = first->fields; f; f = f->next) d->field_count++;
  d->fields = sgc_alloc(c, (size_t)d->field_count * sizeof *d->fields);
  int n = 0;
  for (ast_item *f = first->fields; f; f = f->next) {
    for (int k = 0; k < n; k++)
      if (strcmp(d->fields[k], f->key) == 0) diag_error(c, f->loc, "field '%s' appears twice", f->key);
    d->fields[n++] = f->key;
  }
  for (ast_item *e = first->next; e; e = e->next) {
    if (!e->fields) continue;
    for (ast_item *f = e->fields; f; f = f->next) {
      int k = 0;
      while (k < n && strcmp(d->fields[k], f->key) != 0) k++;
      if (k == n)
        diag_error(c, f->loc, "field '%s' is not a field of the first entry of table '%s'", f->key,
                   d->name);
    }
    for (int k = 0; k < n; k++) {
      ast_item *f = e->fields;
      while (f && strcmp(f->key, d->fields[k]) != 0) f = f->next;
      if (!f)
        diag_error(c, e->loc, "entry '%s' of table '%s' lacks the field '%s'", e->key, d->name,
                   d->fields[k]);
    }
  }
}

static void check_window(sgc_compiler *c, ast_decl *d) {
  static const char *const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  static const struct { const char *name; unsigned mask; } spans[] = {
    { "weekdays", 0x1F }, { "weekend", 0x60 }, { "daily", 0x7F },
  };
  for (ast_item *it = d->items; it; it = it->next) {
    int k = 0;
    if (it == d->items && !it->next) { /* one name: a span or a single day */
      size_t s = 0;
      while (s < 3 && strcmp(spans[s].name, it->key) != 0) s++;
      if (s < 3) {
        d->day_mask = spans[s].mask;
        break;
      }
    }
    while (k < 7 && strcmp(days[k], it->key) != 0) k++;
    if (k == 7)
      diag_error(c, it->loc, "'%s' is not a day; days are weekdays, weekend, daily, or a list "
                 "{ mon, tue, wed, thu, fri, sat, sun }", it->key);
    else if (d->day_mask & (1u << k))
      diag_error(c, it->loc, "day '%s' appears twice", it->key);
    else
      d->day_mask |= 1u << k;
  }
  if (d->start_minute >= d->end_minute)
    diag_error(c, d->name_loc, "window '%s' must start before it ends", d->name);
}

/* Justifications: each protected fact read needs one; each one names a
 * protected fact that is read. */
static void check_justify(sgc_compiler *c, ast_decl *d) {
  for (size_t i = 0; i < d->read_count; i++) {
    ast_decl *fact = c->tables.facts.items[d->reads[i]];
    if (!fact->is_protected) continue;
    ast_clause *cl = d->clauses;
    while (cl && !(cl->kind == CL_JUSTIFY && strcmp(cl->name, fact->name) == 0)) cl = cl->next;
    if (!cl)
      diag_error(c, d->read_locs[i],
                 "'%s' is a protected fact: %s '%s' must say why it reads it (justify %s \"…\")",
                 fact->name, decl_kind_names[d->kind], d->name, fact->name);
  }
  for (ast_clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_JUSTIFY) continue;
    ast_decl *fact = lookup_kind(c, cl->name, cl->name_loc, DECL_FACT);
    if (!fact) continue;
    size_t i = 0;
    while (i < d->read_count && d->reads[i] != fact->index) i++;
    if (!fact->is_protected)
      diag_error(c, cl->name_loc, "'%s' is not protected; only protected facts are justified",
                 fact->name);
    else if (i == d->read_count)
      diag_error(c, cl->name_loc, "%s '%s' does not read '%s', so there is nothing to justify",
                 decl_kind_names[d->kind], d->name, fact->name);
    for (ast_clause *p = d->clauses; p != cl; p = p->next)
      if (p->kind == CL_JUSTIFY && strcmp(p->name, cl->name) == 0) {
        diag_error(c, cl->name_loc, "'%s' is justified twice", cl->name);
        break;
      }
  }
}

static void check_pred(sgc_compiler *c, ast_decl *d) {
  int signal = d->kind == DECL_SIGNAL;
  check_clauses(c, d, BIT(CL_LABEL) | BIT(CL_WHEN) | BIT(CL_SOURCE) | BIT(CL_JUSTIFY), BIT(CL_JUSTIFY));
  if (signal) require(c, d, d->label, "a label", "\"Heeft geen vaste woon- of verblijfplaats\"");
  require(c, d, d->when, "a condition", "when …");
  if (signal) require(c, d, d->source, "a citation", "source \"Doelgroep, kenmerk 1\"");
  if (d->when) expect_type(c, d, d->when->expr, T_BOOL, "'when'");
  check_justify(c, d);
}

static void check_rule(sgc_compiler *c, ast_decl *d) {
  unsigned allowed = BIT(CL_LABEL) | BIT(CL_WHEN) | BIT(CL_UNLESS) | BIT(CL_RECOMMEND) |
                     BIT(CL_ATTENTION) | BIT(CL_CONTACT) | BIT(CL_SOURCE) | BIT(CL_JUSTIFY) |
                     BIT(CL_STEP);
  check_clauses(c, d, allowed, BIT(CL_RECOMMEND) | BIT(CL_ATTENTION) | BIT(CL_CONTACT) | BIT(CL_JUSTIFY));
  require(c, d, d->when, "a condition", "when …");
  require(c, d, d->source, "a citation", "source \"Werkwijze Raad, punt 1\"");
  if (d->when) expect_type(c, d, d->when->expr, T_BOOL, "'when'");
  if (d->unless) expect_type(c, d, d->unless->expr, T_BOOL, "'unless'");
  int actions = 0;
  for (ast_clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_RECOMMEND || cl->kind == CL_ATTENTION) actions++;
    if (cl->kind != CL_CONTACT) continue;
    actions++;
    ast_decl *table = lookup_kind(c, cl->name, cl->name_loc, DECL_TABLE);
    ast_type t = check_expr(c, d, cl->expr);
    if (t.kind == TY_ENUMNAME) {
      resolve_name(c, cl->expr, T_ERROR);
    } else if (t.kind != TY_ERROR && t.kind != TY_TEXT && t.kind != TY_ENUM) {
      diag_error(c, cl->expr->loc, "a contact key is a text or an enum value, not %s",
                 a_type(c, t));
    } else if (table && cl->expr->kind == EX_TEXT) {
      ast_item *e = table->items;
      while (e && strcmp(e->key, cl->expr->text) != 0) e = e->next;
      if (!e) diag_error(c, cl->expr->loc, "table '%s' has no key '%s'", table->name, cl->expr->text);
    }
    if (table) cl->number = table->index;
  }
  if (!actions)
    require(c, d, NULL, "an action", "recommend \"…\", attention \"…\" or contact table[key]");
  check_justify(c, d);
}

/* ---- order ------------------------------------------------------------ */

/* Depth-first: a predicate comes after everything it reads. Reports each
 * cycle once, naming its members. */
static void order_pred(sgc_compiler *c, ast_decl *d, ast_decl **stack, size_t depth) {
  if (d->mark == 2) return;
  if (d->mark == 1) {
    size_t start = 0;
    while (stack[start] != d) start++;
    char path[1024];
    size_t n = 0;
    for (size_t i = start; i < depth && n < sizeof path - 80; i++)
      n += (size_t)snprintf(path + n, sizeof path - n, "%s -> ", stack[i]->name);
    snprintf(path + n, sizeof path - n, "%s", d->name);
    diag_error(c, d->name_loc, "%s '%s' depends on itself: %s", decl_kind_names[d->kind], d->name, path);
    return;
  }
  d->mark = 1;
  stack[depth] = d;
  for (size_t i = 0; i < d->dep_count; i++) order_pred(c, d->deps[i], stack, depth + 1);
  d->mark = 2;
  *VEC_PUSH(c, c->pred_order) = d;
}

static int rule_order_cmp(const void *pa, const void *pb) {
  const ast_decl *a = *(ast_decl *const *)pa, *b = *(ast_decl *const *)pb;
  if (a->has_step != b->has_step) return a->has_step ? -1 : 1;
  if (a->has_step && a->step != b->step) return a->step < b->step ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

/* ---- examples --------------------------------------------------------- */

static void check_example(sgc_compiler *c, ast_decl *d) {
  check_clauses(c, d, BIT(CL_NOW) | BIT(CL_GIVEN) | BIT(CL_EXPECT) | BIT(CL_CASE),
                BIT(CL_GIVEN) | BIT(CL_EXPECT));
  sgc_example *ex = VEC_PUSH(c, c->examples);
  ex->title = d->text;
  ex->file = c->files.items[d->loc.file].name;
  ex->line = d->loc.line;
  ex->column = d->loc.column;
  size_t ngiven = 0, nexpect = 0;
  for (ast_clause *cl = d->clauses; cl; cl = cl->next) {
    ngiven += cl->kind == CL_GIVEN;
    nexpect += cl->kind == CL_EXPECT;
  }
  sgc_given *given = sgc_alloc(c, (ngiven + 1) * sizeof *given);
  sgc_expectation *expect = sgc_alloc(c, (nexpect + 1) * sizeof *expect);
  if (!nexpect) diag_error(c, d->loc, "example \"%s\" expects nothing; add expect NAME", d->text);
  for (ast_clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_NOW) {
      ex->has_now = 1;
      ex->now = cl->number;
    } else if (cl->kind == CL_CASE) {
      ex->case_file = source_resolve(c, c->files.items[d->loc.file].name, cl->text);
      ex->case_line = cl->name_loc.line;
      ex->case_column = cl->name_loc.column;
    } else if (cl->kind == CL_GIVEN) {
      for (ast_clause *p = d->clauses; p != cl; p = p->next)
        if (p->kind == CL_GIVEN && strcmp(p->name, cl->name) == 0) {
          diag_error(c, cl->name_loc, "'%s' is given twice in this example", cl->name);
          break;
        }
      ast_decl *fact = lookup_kind(c, cl->name, cl->name_loc, DECL_FACT);
      if (!fact) continue;
      sgc_given *g = &given[ex->given_count++];
      g->fact = fact->name;
      ast_expr *v = cl->expr;
      if (!v) {
        g->kind = SGC_GIVEN_UNKNOWN;
        continue;
      }
      ast_type want = { fact->fact_type, fact->index };
      ast_type t = literal_item_type(v);
      switch (v->kind) {
      case EX_BOOL: t = T_BOOL; g->kind = SGC_GIVEN_BOOL; break;
      case EX_INT: g->kind = SGC_GIVEN_INT; break;
      case EX_TEXT: g->kind = SGC_GIVEN_TEXT; g->text = v->text; break;
      case EX_DATE: t = T_DATE; g->kind = SGC_GIVEN_DATE; break;
      case EX_DATETIME: t = T_DATETIME; g->kind = SGC_GIVEN_DATETIME; break;
      case EX_NAME:
        t = resolve_name(c, v, want);
        g->kind = SGC_GIVEN_ENUM;
        g->text = v->name;
        break;
      default: break;
      }
      g->number = v->number;
      if (t.kind != TY_ERROR && !type_equal(t, want))
        diag_error(c, v->loc, "fact '%s' is %s, but this value is %s", fact->name,
                   a_type(c, want), a_type(c, t));
    } else if (cl->kind == CL_EXPECT) {
      ast_decl *target = symbol_find(c, cl->name);
      if (!target) {
        error_unknown(c, cl->name_loc, "rule, signal or condition", cl->name);
      } else if (target->kind != DECL_RULE && target->kind != DECL_SIGNAL &&
                 target->kind != DECL_CONDITION) {
        diag_error(c, cl->name_loc, "'%s' is a %s; examples expect rules, signals or conditions",
                   cl->name, decl_kind_names[target->kind]);
      }
      sgc_expectation *x = &expect[ex->expect_count++];
      x->name = cl->name;
      x->kind = (sgc_expect_kind)cl->number;
      x->line = cl->name_loc.line;
      x->column = cl->name_loc.column;
    }
  }
  ex->given = given;
  ex->expect = expect;
}

/* ---- the whole rulebook ----------------------------------------------- */

static void collect(sgc_compiler *c) {
  size_t named = 0;
  for (ast_decl *d = c->decls; d; d = d->next) named += d->name != NULL;
  c->symbol_cap = 16;
  while (c->symbol_cap < named * 2) c->symbol_cap *= 2;
  c->symbols = sgc_alloc(c, c->symbol_cap * sizeof *c->symbols);

  decl_tables *t = &c->tables;
  for (ast_decl *d = c->decls; d; d = d->next) {
    if (d->name) symbol_add(c, d);
    switch (d->kind) {
    case DECL_HEADER:
      if (c->header) {
        diag_error(c, d->loc, "a rulebook has one header");
        diag_note(c, c->header->loc, "the header is here");
      } else if (d->loc.file != 0) {
        diag_error(c, d->loc, "the rulebook header belongs at the top of the main file");
        c->header = d;
      } else {
        c->header = d;
      }
      break;
    case DECL_INCLUDE: break;
    case DECL_FACT: d->index = (int)t->facts.count; *VEC_PUSH(c, t->facts) = d; break;
    case DECL_SET: d->index = (int)t->sets.count; *VEC_PUSH(c, t->sets) = d; break;
    case DECL_TABLE: d->index = (int)t->tables.count; *VEC_PUSH(c, t->tables) = d; break;
    case DECL_WINDOW: d->index = (int)t->windows.count; *VEC_PUSH(c, t->windows) = d; break;
    case DECL_GROUP: d->index = (int)t->groups.count; *VEC_PUSH(c, t->groups) = d; break;
    case DECL_SIGNAL:
    case DECL_CONDITION: d->index = (int)t->preds.count; *VEC_PUSH(c, t->preds) = d; break;
    case DECL_RULE: d->index = (int)t->rules.count; *VEC_PUSH(c, t->rules) = d; break;
    case DECL_EXAMPLE: *VEC_PUSH(c, t->examples) = d; break;
    }
  }
  if (!c->header) {
    ast_loc top = { 0, 1, 1, 0 };
    diag_error(c, top, "the main file must start with the rulebook header (rulebook \"title\" "
                       "version \"…\" effective YYYY-MM-DD source \"…\")");
  }
}

int check_rulebook(sgc_compiler *c) {
  int before = c->errors;
  collect(c);
  decl_tables *t = &c->tables;
  if (c->header) check_header(c);
  for (size_t i = 0; i < t->facts.count; i++) check_fact(c, t->facts.items[i]);
  size_t named_sets = t->sets.count;
  for (size_t i = 0; i < named_sets; i++) check_set_items(c, t->sets.items[i]);
  for (size_t i = 0; i < t->tables.count; i++) check_table(c, t->tables.items[i]);
  for (size_t i = 0; i < t->windows.count; i++) check_window(c, t->windows.items[i]);
  for (size_t i = 0; i < t->groups.count; i++)
    check_clauses(c, t->groups.items[i], BIT(CL_LABEL), 0);
  for (size_t i = 0; i < t->preds.count; i++) {
    ast_decl *d = t->preds.items[i];
    if (d->kind != DECL_SIGNAL) continue;
    ast_decl *g = lookup_kind(c, d->group, d->group_loc, DECL_GROUP);
    if (!g) continue;
    grow(c, (void **)&g->members, g->member_count, &g->member_cap, sizeof *g->members);
    g->members[g->member_count++] = d;
  }
  for (size_t i = 0; i < t->preds.count; i++) check_pred(c, t->preds.items[i]);
  for (size_t i = 0; i < t->rules.count; i++) check_rule(c, t->rules.items[i]);
  for (size_t i = 0; i < t->examples.count; i++) check_example(c, t->examples.items[i]);

  if (c->errors == before) {
    ast_decl **stack = sgc_alloc(c, (t->preds.count + 1) * sizeof *stack);
    for (size_t i = 0; i < t->preds.count; i++) order_pred(c, t->preds.items[i], stack, 0);
    for (size_t i = 0; i < c->pred_order.count; i++) c->pred_order.items[i]->index = (int)i;
    for (size_t i = 0; i < t->rules.count; i++) *VEC_PUSH(c, c->rule_order) = t->rules.items[i];
    if (c->rule_order.count > 1)
      qsort(c->rule_order.items, c->rule_order.count, sizeof *c->rule_order.items, rule_order_cmp);
  }
  return c->errors - before;
}
