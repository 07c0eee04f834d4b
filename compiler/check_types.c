/* check_types.c — the checker's expressions: the type of every expression,
 * names resolved to facts, predicates and enum values, texts to countries
 * where a country is wanted, sets and { … } lists,
 * comparisons and calls; and what each predicate or rule reads, for the
 * order and the justification policy.
 */
#include "check.h"
#include "util.h"
#include "country.h"
#include "signaal.h"

#include <stdio.h>
#include <string.h>

/* ---- the types of types.def ---- */

/* Each value type is numbered alike in the tree, the bytecode and the
 * compiler's API, and the checker's own kinds stay out of their way. */
#define TYPE(ID, code, name, article, ordered, json)                                        \
  _Static_assert((int)TY_##ID == (int)SG_##ID && (int)SGC_GIVEN_##ID == (int)SG_##ID &&       \
                 SG_##ID == (code), #ID " numbered alike");                                  \
  _Static_assert(TY_##ID > TY_ERROR && TY_##ID < TY_ENUMNAME, #ID " clear of TY_ERROR/TY_ENUMNAME");
#include "types.def"
#undef TYPE

/* What the checker takes from a row of types.def. */
typedef struct {
  const char *name, *article;
  int ordered;
} type_info;

static const type_info type_table[TY_ENUMNAME] = {
#define TYPE(ID, code, name, article, ordered, json) [TY_##ID] = { name, article, ordered },
#include "types.def"
#undef TYPE
};

/* types.def's row for kind k, or NULL for the checker's own kinds. */
static const type_info *type_row(ast_type_kind k) {
  return k > TY_ERROR && k < TY_ENUMNAME && type_table[k].name ? &type_table[k] : NULL;
}

/* "int", "enum of 'x'": a type's name for messages. */
const char *check_type_name(sgc_compiler *c, ast_type t) {
  if (t.kind == TY_ENUM) {
    const char *fact = c->tables.facts.items[t.enum_fact]->name;
    char *s = sgc_alloc(c, strlen(fact) + 16);
    sprintf(s, "enum of '%s'", fact);
    return s;
  }
  if (t.kind == TY_ENUMNAME) return "name";
  const type_info *row = type_row(t.kind);
  return row ? row->name : "error";
}

/* "a bool", "an int", "an enum of 'x'": a type with its article. */
const char *check_a_type(sgc_compiler *c, ast_type t) {
  const char *name = check_type_name(c, t);
  const type_info *row = type_row(t.kind);
  const char *article = diag_word(row ? row->article : t.kind == TY_ERROR ? N_("an") : N_("a"));
  char *s = sgc_alloc(c, strlen(article) + strlen(name) + 2);
  sprintf(s, "%s %s", article, name);
  return s;
}

/* The plural of a type's name ("ints", "countries"), for messages. */
static const char *type_plural(sgc_compiler *c, ast_type_kind k) {
  const char *name = check_type_name(c, (ast_type){ k, 0 });
  size_t len = strlen(name);
  char *s = sgc_alloc(c, len + 4);
  if (len > 1 && name[len - 1] == 'y') sprintf(s, "%.*sies", (int)(len - 1), name);
  else sprintf(s, "%ss", name);
  return s;
}

/* The types of `mask` (a bit per ast_type_kind) in types.def's order, for
 * messages: "an int, date or datetime", or plural: "ints, dates or
 * datetimes". */
const char *check_type_list(sgc_compiler *c, unsigned mask, int plural) {
  size_t len = 1, n = 0, total = 0;
  for (int k = TY_ERROR + 1; k < TY_ENUMNAME; k++)
    if ((mask & BIT(k)) && type_row(k)) {
      len += strlen(type_plural(c, (ast_type_kind)k)) + 8;
      total++;
    }
  char *s = sgc_alloc(c, len), *o = s;
  for (int k = TY_ERROR + 1; k < TY_ENUMNAME; k++) {
    if (!(mask & BIT(k)) || !type_row(k)) continue;
    const char *sep = n == 0 ? "" : n + 1 == total ? " or " : ", ";
    if (n == 0 && !plural) o += sprintf(o, "%s ", type_table[k].article);
    o += sprintf(o, "%s%s", sep, plural ? type_plural(c, (ast_type_kind)k) : type_table[k].name);
    n++;
  }
  return s;
}

/* Same type (enums: declared by the same fact)? */
int check_same_type(ast_type a, ast_type b) {
  return a.kind == b.kind && (a.kind != TY_ENUM || a.enum_fact == b.enum_fact);
}

/* The types to which < <= > >= and ranges apply, a bit per kind. */
static unsigned ordered_types(void) {
  unsigned mask = 0;
  for (int k = TY_ERROR + 1; k < TY_ENUMNAME; k++)
    if (type_row(k) && type_table[k].ordered) mask |= BIT(k);
  return mask;
}

/* The type of a literal (true, 12, "x", a date or date-time), else
 * T_ERROR. */
ast_type check_literal_type(const ast_expr *e) {
  switch (e->kind) {
  case EX_BOOL: return T_BOOL;
  case EX_INT: return T_INT;
  case EX_TEXT: return T_TEXT;
  case EX_DATE: return T_DATE;
  case EX_DATETIME: return T_DATETIME;
  default: return T_ERROR;
  }
}

/* ---- expressions ---- */

/* Note that owner reads predicate pred (once). */
static void add_dep(sgc_compiler *c, ast_decl *owner, ast_decl *pred) {
  for (size_t i = 0; i < owner->dep_count; i++)
    if (owner->deps[i] == pred) return;
  check_grow(c, (void **)&owner->deps, owner->dep_count, &owner->dep_cap, sizeof *owner->deps);
  owner->deps[owner->dep_count++] = pred;
}

/* Note that owner reads fact `fact` at loc (once; the first use is kept). */
static void add_read(sgc_compiler *c, ast_decl *owner, int fact, ast_loc loc) {
  for (size_t i = 0; i < owner->read_count; i++)
    if (owner->reads[i] == fact) return;
  size_t cap = owner->read_cap;
  check_grow(c, (void **)&owner->reads, owner->read_count, &owner->read_cap, sizeof *owner->reads);
  owner->read_cap = cap;
  check_grow(c, (void **)&owner->read_locs, owner->read_count, &owner->read_cap, sizeof *owner->read_locs);
  owner->reads[owner->read_count] = fact;
  owner->read_locs[owner->read_count++] = loc;
}

/* An unresolved name used where a value of type `want` is expected: an enum
 * value when `want` is an enum, else an unknown name (where a country is
 * wanted, one that says how a country is written). */
ast_type check_resolve_name(sgc_compiler *c, ast_expr *e, ast_type want) {
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
  } else if (want.kind == TY_COUNTRY) {
    long meant = sgr_country_find(e->name);
    if (meant < 0) meant = sgr_country_suggest(e->name);
    if (meant >= 0)
      diag_error(c, e->loc, "a country is written as its code in quotes: \"%s\"",
                 sgr_country_code((uint32_t)meant));
    else
      diag_error(c, e->loc, "unknown name '%s'; a country is written as its code in quotes, "
                 "such as \"NL\"", e->name);
  } else {
    check_unknown(c, e->loc, N_("name"), e->name);
  }
  e->type = T_ERROR;
  return T_ERROR;
}

/* A text literal where a country is wanted: the country of that exact
 * code, or an error that says which code was perhaps meant. */
static ast_type resolve_country(sgc_compiler *c, ast_expr *e) {
  long country = sgr_country_find(e->text);
  if (country >= 0) {
    e->type = T_COUNTRY;
    e->index = (int)country;
    return T_COUNTRY;
  }
  long meant = sgr_country_suggest(e->text);
  if (meant >= 0)
    diag_error(c, e->loc, "\"%s\" is not an ISO 3166-1 alpha-2 code; did you mean \"%s\"?",
               e->text, sgr_country_code((uint32_t)meant));
  else
    diag_error(c, e->loc, "\"%s\" is not an ISO 3166-1 alpha-2 code; a country is written as "
               "its assigned code of two capital letters, such as \"NL\"", e->text);
  e->type = T_ERROR;
  return T_ERROR;
}

/* The type of e where `want` is expected: enum names and country codes
 * resolved (see check.h). */
ast_type check_resolve(sgc_compiler *c, ast_expr *e, ast_type t, ast_type want) {
  if (t.kind == TY_ENUMNAME) return check_resolve_name(c, e, want);
  if (t.kind == TY_TEXT && want.kind == TY_COUNTRY && e->kind == EX_TEXT)
    return resolve_country(c, e);
  return t;
}

/* Check e and require type `want` (resolving enum names and country codes
 * against it). */
int check_expect(sgc_compiler *c, ast_decl *owner, ast_expr *e, ast_type want,
                 const char *context) {
  ast_type t = check_resolve(c, e, check_expr(c, owner, e), want);
  if (t.kind == TY_ERROR) return 0;
  if (!check_same_type(t, want)) {
    diag_error(c, e->loc, "%s needs %s, but this is %s", diag_word(context), check_a_type(c, want),
               check_a_type(c, t));
    return 0;
  }
  return 1;
}

/* Do < <= > >= and ranges apply to values of type t? */
static int is_ordered(ast_type t) {
  const type_info *row = type_row(t.kind);
  return row && row->ordered;
}

/* Make the texts of `set` countries: each must be an assigned code. */
static int bind_countries(sgc_compiler *c, ast_decl *set) {
  int ok = 1;
  for (ast_item *it = set->items; it; it = it->next)
    if (resolve_country(c, it->value).kind == TY_ERROR) ok = 0;
  set->set_type = ok ? T_COUNTRY : T_ERROR;
  set->set_bound = 1;
  return ok;
}

/* Check a set's elements against `want`; for named sets of names, bind
 * them; a set of texts whose type is not settled becomes a set of
 * countries when first tested against one. */
static int check_set_elements(sgc_compiler *c, ast_decl *set, ast_type want, ast_loc use) {
  if (set->set_type.kind == TY_TEXT && !set->set_bound && want.kind == TY_COUNTRY)
    return bind_countries(c, set);
  if (set->set_type.kind == TY_ENUMNAME) {
    if (want.kind == TY_COUNTRY) {  /* a country is a text: say so for each */
      for (ast_item *it = set->items; it; it = it->next) check_resolve_name(c, it->value, want);
      set->set_type = T_ERROR;
      return 0;
    }
    if (want.kind != TY_ENUM) {
      diag_error(c, use, "set '%s' holds names, which only an enum fact can be tested against",
                 set->name);
      return 0;
    }
    for (ast_item *it = set->items; it; it = it->next)
      if (check_resolve_name(c, it->value, want).kind == TY_ERROR) return 0;
    set->set_type = want;
    return 1;
  }
  if (set->set_type.kind == TY_ERROR) return 0;
  if (!check_same_type(set->set_type, want)) {
    if (set->name[0])
      diag_error(c, use, "set '%s' holds %s values, but the value tested is %s", set->name,
                 check_type_name(c, set->set_type), check_a_type(c, want));
    else
      diag_error(c, use, "this list holds %s values, but the value tested is %s",
                 check_type_name(c, set->set_type), check_a_type(c, want));
    return 0;
  }
  set->set_bound = 1;
  return 1;
}

/* Type of a set literal's or named set's items as written. */
ast_type check_item_type(const ast_expr *e) {
  switch (e->kind) {
  case EX_INT: return T_INT;
  case EX_TEXT: return T_TEXT;
  case EX_NAME: return T_NAME;
  default: return T_ERROR;
  }
}

/* Check a set's items: one type, no value twice; sets set_type. */
/* A set element's value, for check_index: the same kind and number, and
 * the same text or name (an int: its number alone). */
static uint32_t element_hash(const ast_item *it) {
  const ast_expr *v = it->value;
  uint32_t h = (uint32_t)v->kind * 2654435761u ^ (uint32_t)v->number ^ (uint32_t)(v->number >> 32);
  if (v->kind != EX_INT && v->text) h ^= sgr_hash(v->text);
  if (v->kind != EX_INT && v->name) h ^= sgr_hash(v->name) * 31u;
  return h;
}

static int element_same(const ast_item *x, const ast_item *y) {
  const ast_expr *a = x->value, *b = y->value;
  return a->kind == b->kind && a->number == b->number &&
         ((a->text && b->text && strcmp(a->text, b->text) == 0) ||
          (a->name && b->name && strcmp(a->name, b->name) == 0) || a->kind == EX_INT);
}

int check_set_items(sgc_compiler *c, ast_decl *set) {
  ast_type t = T_ERROR;
  int ok = 1;
  size_t count = 0;
  for (ast_item *it = set->items; it; it = it->next) count++;
  check_index seen;
  check_index_init(c, &seen, count, element_hash, element_same);
  for (ast_item *it = set->items; it; it = it->next) {
    ast_type ti = check_item_type(it->value);
    it->value->type = ti;
    if (ti.kind == TY_ERROR) {
      diag_error(c, it->loc, "a set holds texts, integers or enum value names");
      ok = 0;
      continue;
    }
    if (it == set->items) t = ti;
    else if (!check_same_type(t, ti)) {
      diag_error(c, it->loc, "this set mixes %s and %s values", check_type_name(c, t), check_type_name(c, ti));
      ok = 0;
    }
    size_t at = 0;
    for (const ast_item *prev; (prev = check_index_next(&seen, it, &at)) != NULL;) {
      if (!check_periods_overlap(prev->period, it->period)) continue;  /* versions */
      if (!prev->period && !it->period) {
        diag_error(c, it->loc, "this value is already in the set");
        diag_note(c, prev->loc, "the first is here");
      } else check_overlap_error(c, it->loc, prev->loc, prev->period, it->period, "this value");
      ok = 0;
      break;
    }
    check_index_add(&seen, it);
  }
  set->set_type = ok ? t : T_ERROR;
  if (!set->items) set->set_type = T_TEXT; /* empty set: text, never matches */
  if (set->fact_type == TY_ERROR) return ok; /* no type written: the use decides */
  ast_type declared = { set->fact_type, 0 };
  if (declared.kind != TY_TEXT && declared.kind != TY_INT && declared.kind != TY_COUNTRY) {
    diag_error(c, set->set_type_loc, "a set holds texts, ints or countries, not %s",
               type_plural(c, declared.kind));
    set->set_type = T_ERROR;
    return 0;
  }
  if (!ok) return 0;
  if (set->items && declared.kind == TY_COUNTRY && t.kind == TY_TEXT) return bind_countries(c, set);
  set->set_bound = 1;
  if (set->items && !check_same_type(t, declared)) {
    diag_error(c, set->items->loc, "set '%s' is declared to hold %s, but this is %s", set->name,
               type_plural(c, declared.kind), check_a_type(c, t));
    set->set_type = T_ERROR;
    return 0;
  }
  set->set_type = declared;
  return 1;
}

/* x in set, table, { … } list or lo .. hi; a list becomes an anonymous set. */
static ast_type check_in(sgc_compiler *c, ast_decl *owner, ast_expr *e) {
  ast_expr *x = e->a, *target = e->b;
  ast_type tx = check_expr(c, owner, x);
  if (tx.kind == TY_ENUMNAME) return check_resolve_name(c, x, T_ERROR), T_ERROR;
  if (tx.kind == TY_ERROR) return T_ERROR;

  if (target->kind == EX_RANGE) {
    if (!is_ordered(tx)) {
      diag_error(c, e->loc, "a range needs %s, but this is %s",
                 check_type_list(c, ordered_types(), 0), check_a_type(c, tx));
      return T_ERROR;
    }
    int ok = check_expect(c, owner, target->a, tx, N_("the start of the range"));
    ok &= check_expect(c, owner, target->b, tx, N_("the end of the range"));
    return ok ? T_BOOL : T_ERROR;
  }
  if (target->kind == EX_SET) {
    ast_decl *set = ast_new_decl(c, DECL_SET, target->loc);
    set->name = "";
    set->name_loc = target->loc;
    for (ast_expr *it = target->a, *next; it; it = next) {
      next = it->next;
      it->next = NULL;
      if (it->period)
        diag_error(c, it->period->loc, "a date on an item belongs in a named set: declare the set "
                   "with 'set NAME = { … }' and use its name here");
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
        diag_error(c, e->loc, "table keys are texts; %s cannot be one", check_a_type(c, tx));
        return T_ERROR;
      }
      target->ref = REF_TABLE;
      target->index = d->index;
      return T_BOOL;
    }
    if (!d) {
      check_unknown(c, target->loc, N_("set or table"), target->name);
      return T_ERROR;
    }
  }
  diag_error(c, target->loc, "'in' needs a set, a table, a { … } list or a range lo .. hi");
  return T_ERROR;
}

/* a OP b: the same type on both sides, an ordered one for < <= > >=. */
static ast_type check_compare(sgc_compiler *c, ast_decl *owner, ast_expr *e) {
  ast_type ta = check_expr(c, owner, e->a), tb = check_expr(c, owner, e->b);
  if (ta.kind == TY_ENUMNAME && tb.kind == TY_ENUMNAME) {
    check_resolve_name(c, e->a, T_ERROR);
    return T_ERROR;
  }
  ta = check_resolve(c, e->a, ta, tb);
  tb = check_resolve(c, e->b, tb, ta);
  if (ta.kind == TY_ERROR || tb.kind == TY_ERROR) return T_ERROR;
  if (!check_same_type(ta, tb)) {
    if ((ta.kind == TY_DATE && tb.kind == TY_DATETIME) || (ta.kind == TY_DATETIME && tb.kind == TY_DATE))
      diag_error(c, e->loc, "cannot compare %s with %s; take date(…) of the datetime first",
                 check_a_type(c, ta), check_a_type(c, tb));
    else
      diag_error(c, e->loc, "cannot compare %s with %s", check_a_type(c, ta), check_a_type(c, tb));
    return T_ERROR;
  }
  if (e->op != CMP_EQ && e->op != CMP_NE && !is_ordered(ta)) {
    diag_error(c, e->loc, "'<', '<=', '>' and '>=' compare %s, not %s",
               check_type_list(c, ordered_types(), 1), check_a_type(c, ta));
    return T_ERROR;
  }
  return T_BOOL;
}

/* "weekday, hour and date": the built-in functions' names, for messages. */
static const char *builtin_names(sgc_compiler *c) {
  size_t len = 1;
  for (int i = 0; i < FN__COUNT; i++) len += strlen(builtin_fns[i].name) + 5;
  char *s = sgc_alloc(c, len), *o = s;
  for (int i = 0; i < FN__COUNT; i++)
    o += sprintf(o, "%s%s", i == 0 ? "" : i + 1 == FN__COUNT ? " and " : ", ", builtin_fns[i].name);
  return s;
}

/* A call of a built-in function: its argument's type against the table. */
static ast_type check_call(sgc_compiler *c, ast_decl *owner, ast_expr *e) {
  ast_type t = check_expr(c, owner, e->a);
  if (t.kind == TY_ENUMNAME) return check_resolve_name(c, e->a, T_ERROR), T_ERROR;
  if (t.kind == TY_ERROR) return T_ERROR;
  if (e->op == FN_UNKNOWN) {
    diag_error(c, e->loc, "unknown function '%s'; the functions are %s", e->name, builtin_names(c));
    return T_ERROR;
  }
  const builtin_fn *fn = &builtin_fns[e->op];
  if (fn->args & BIT(t.kind)) return (ast_type){ fn->result, 0 };
  diag_error(c, e->a->loc, "%s(…) needs %s, but this is %s", fn->name,
             check_type_list(c, fn->args, 0), check_a_type(c, t));
  return T_ERROR;
}

/* A name in an expression: a fact, a predicate, or (T_NAME) perhaps an
 * enum value, for the context to decide. */
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
      e->index = d->index; /* as declared; check_order renumbers */
      add_dep(c, owner, d);
      return T_BOOL;
    }
    break;
  default:
    break;
  }
  diag_error(c, e->loc, "'%s' is %s, which has no value here", e->name, diag_word(check_decl_a[d->kind]));
  if (d->kind == DECL_SET || d->kind == DECL_TABLE)  /* `land = landen` meant `land in landen` */
    diag_note(c, e->loc, "whether a value is in %s is asked with 'in': '… in %s'",
              diag_word(check_decl_a[d->kind]), e->name);
  return T_ERROR;
}

/* Check e, read by `owner`: resolve its names, record what it reads and
 * set its type. */
ast_type check_expr(sgc_compiler *c, ast_decl *owner, ast_expr *e) {
  ast_type t = T_ERROR;
  switch (e->kind) {
  case EX_BOOL:
  case EX_INT:
  case EX_TEXT:
  case EX_DATE:
  case EX_DATETIME: t = check_literal_type(e); break;
  case EX_NOW: t = T_DATETIME; break;
  case EX_TODAY: t = T_DATE; break;
  case EX_NAME: t = check_name(c, owner, e); break;
  case EX_NOT:
  case EX_ESTABLISHED:
    t = check_expect(c, owner, e->a, T_BOOL, e->kind == EX_NOT ? "'not'" : "'established'")
            ? T_BOOL : T_ERROR;
    break;
  case EX_AND:
  case EX_OR: {
    const char *op = e->kind == EX_AND ? "'and'" : "'or'";
    int ok = check_expect(c, owner, e->a, T_BOOL, op);
    ok &= check_expect(c, owner, e->b, T_BOOL, op);
    t = ok ? T_BOOL : T_ERROR;
    break;
  }
  case EX_COMPARE: t = check_compare(c, owner, e); break;
  case EX_IN: t = check_in(c, owner, e); break;
  case EX_KNOWN: {
    ast_type ta = check_expr(c, owner, e->a);
    if (ta.kind == TY_ENUMNAME) ta = check_resolve_name(c, e->a, T_ERROR);
    t = ta.kind == TY_ERROR ? T_ERROR : T_BOOL;
    break;
  }
  case EX_WITHIN: {
    ast_decl *w = check_lookup(c, e->name, e->loc, DECL_WINDOW);
    int ok = check_expect(c, owner, e->a, T_DATETIME, "'within'");
    if (w) {
      e->ref = REF_WINDOW;
      e->index = w->index;
    }
    t = ok && w ? T_BOOL : T_ERROR;
    break;
  }
  case EX_COUNT: {
    ast_decl *g = check_lookup(c, e->name, e->loc, DECL_GROUP);
    if (!g) break;
    e->ref = REF_GROUP;
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
