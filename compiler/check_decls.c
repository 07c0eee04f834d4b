/* check_decls.c — the checker's declarations: which clauses each kind
 * allows and requires, the header, facts, tables, windows, groups,
 * signals, conditions and rules, the justification policy for protected
 * facts, and assumptions.
 */
#include "check.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

#include "signaal.h"

static const char *const clause_names[] = {
  [CL_LABEL] = "label", [CL_WHEN] = "when", [CL_UNLESS] = "unless",
  [CL_RECOMMEND] = "recommend", [CL_ATTENTION] = "attention", [CL_CONTACT] = "contact",
  [CL_SOURCE] = "source", [CL_JUSTIFY] = "justify", [CL_STEP] = "step", [CL_ASK] = "ask",
  [CL_PROTECTED] = "protected", [CL_NOW] = "now", [CL_GIVEN] = "given",
  [CL_EXPECT] = "expect", [CL_VERSION] = "version", [CL_EFFECTIVE] = "effective",
  [CL_CASE] = "given \"case file\"", [CL_REFERENCES] = "references",
  [CL_ASSUMPTION] = "assumption", [CL_OPTIONAL] = "optional", [CL_URGENT] = "urgent",
  [CL_BY] = "by", [CL_FROM] = "from", [CL_UNTIL] = "until", [CL_DOCUMENT] = "document",
};

/* ---- Periods of validity --------------------------------------------- */

/* A period is not empty: it begins before it ends. */
void check_period(sgc_compiler *c, const ast_period *p) {
  if (p == NULL || p->from < p->until) return;
  char from[24], until[24];
  sg_format_date(p->from, from);
  sg_format_date(p->until, until);
  diag_error(c, p->loc, "'from %s' is not before 'until %s': the period is empty (until is the "
             "first day it no longer holds)", from, until);
}

/* "from D until D", "from D", "until D" or "always" into `out` (64 bytes). */
void check_period_text(const ast_period *p, char *out) {
  char f[24], u[24];
  int from = p && p->from != AST_SINCE_ALWAYS, until = p && p->until != AST_FOR_GOOD;
  if (from) sg_format_date(p->from, f);
  if (until) sg_format_date(p->until, u);
  if (from && until) snprintf(out, 64, "from %s until %s", f, u);
  else if (from) snprintf(out, 64, "from %s", f);
  else if (until) snprintf(out, 64, "until %s", u);
  else snprintf(out, 64, "always");
}

/* Whether two periods (NULL: always) share a day. */
int check_periods_overlap(const ast_period *a, const ast_period *b) {
  int32_t af = a ? a->from : AST_SINCE_ALWAYS, au = a ? a->until : AST_FOR_GOOD;
  int32_t bf = b ? b->from : AST_SINCE_ALWAYS, bu = b ? b->until : AST_FOR_GOOD;
  return af < bu && bf < au;
}

/* "<what> has two versions that overlap from D until D" at `at`, a note at
 * `other`: two versions of one thing must not hold on the same day. */
void check_overlap_error(sgc_compiler *c, ast_loc at, ast_loc other, const ast_period *a,
                         const ast_period *b, const char *what) {
  ast_period both = {a ? a->from : AST_SINCE_ALWAYS, a ? a->until : AST_FOR_GOOD, at};
  if (b && b->from > both.from) both.from = b->from;
  if (b && b->until < both.until) both.until = b->until;
  char when[64];
  check_period_text(&both, when);
  diag_error(c, at, "%s has two versions that both hold %s; give them periods that do not "
             "overlap", what, when);
  diag_note(c, other, "the other version is here");
}

/* Assumptions: each says something (not only spaces), and a declaration
 * does not make the same one twice. */
static void check_assumptions(sgc_compiler *c, ast_decl *d) {
  for (ast_clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_ASSUMPTION) continue;
    if (cl->text[strspn(cl->text, " \t\r\n")] == '\0') {
      diag_error(c, cl->name_loc, "an assumption needs a text: what the rulebook assumes where "
                 "its source is silent, and why");
      continue;
    }
    for (ast_clause *p = d->clauses; p != cl; p = p->next)
      if (p->kind == CL_ASSUMPTION && strcmp(p->text, cl->text) == 0) {
        diag_error(c, cl->name_loc, "%s '%s' makes the same assumption twice",
                   diag_word(check_decl_names[d->kind]), d->name);
        diag_note(c, p->name_loc, "the first is here");
        break;
      }
  }
}

/* Check that each clause of d is allowed (bit mask of ast_clause_kind),
 * that single clauses appear once, and fill d's single-clause fields. */
void check_clauses(sgc_compiler *c, ast_decl *d, unsigned allowed, unsigned repeatable) {
  ast_clause *seen[32] = { 0 };
  for (ast_clause *cl = d->clauses; cl; cl = cl->next) {
    if (!(allowed & (1u << cl->kind))) {
      diag_error(c, cl->loc, "'%s' does not belong in a %s", clause_names[cl->kind],
                 diag_word(check_decl_names[d->kind]));
      continue;
    }
    if (!(repeatable & (1u << cl->kind)) && seen[cl->kind]) {
      diag_error(c, cl->loc, "%s '%s' has a second '%s'",
                 diag_word(check_decl_names[d->kind]), d->name ? d->name : d->text, clause_names[cl->kind]);
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
  d->is_optional = seen[CL_OPTIONAL] != NULL;
  d->is_urgent = seen[CL_URGENT] != NULL;
  d->by = seen[CL_BY];
  if (seen[CL_FROM] || seen[CL_UNTIL]) {
    d->period = sgc_alloc(c, sizeof *d->period);
    d->period->from = seen[CL_FROM] ? (int32_t)seen[CL_FROM]->number : AST_SINCE_ALWAYS;
    d->period->until = seen[CL_UNTIL] ? (int32_t)seen[CL_UNTIL]->number : AST_FOR_GOOD;
    d->period->loc = seen[CL_FROM] ? seen[CL_FROM]->loc : seen[CL_UNTIL]->loc;
    check_period(c, d->period);
  }
  if (seen[CL_STEP]) {
    d->has_step = 1;
    d->step = (int)seen[CL_STEP]->number;
  }
}

/* "<kind> '<name>' needs <what> (<example>)" when `clause` is missing. */
static void require(sgc_compiler *c, ast_decl *d, const void *clause, const char *what,
                    const char *example) {
  if (clause) return;
  diag_error(c, d->name_loc.line ? d->name_loc : d->loc, "%s '%s' needs %s (%s)",
             diag_word(check_decl_names[d->kind]), d->name ? d->name : d->text, diag_word(what),
             example);
}

/* The header: version, effective date and source; the reading list. */
void check_header(sgc_compiler *c) {
  ast_decl *h = c->header;
  check_clauses(c, h, BIT(CL_VERSION) | BIT(CL_EFFECTIVE) | BIT(CL_SOURCE) | BIT(CL_REFERENCES) |
                BIT(CL_DOCUMENT), BIT(CL_DOCUMENT));
  for (ast_clause *cl = h->clauses; cl; cl = cl->next)
    if (cl->kind == CL_REFERENCES) {
      ast_decl *table = check_lookup(c, cl->name, cl->name_loc, DECL_TABLE);
      cl->number = table ? table->index : -1;
    }
  int version = 0, effective = 0;
  for (ast_clause *cl = h->clauses; cl; cl = cl->next) {
    version |= cl->kind == CL_VERSION;
    effective |= cl->kind == CL_EFFECTIVE;
  }
  if (!version) require(c, h, NULL, N_("a version"), "version \"2016-11\"");
  if (!effective) require(c, h, NULL, N_("an effective date"), "effective 2016-11-01");
  require(c, h, h->source, N_("its source document"), "source \"Factsheet …\"");
}

/* A fact: its question and distinct enum values. */
void check_fact(sgc_compiler *c, ast_decl *d) {
  check_clauses(c, d, BIT(CL_ASK) | BIT(CL_PROTECTED) | BIT(CL_OPTIONAL), 0);
  require(c, d, d->ask, N_("a question"), "ask \"…?\"");
  size_t values = 0;
  for (ast_item *v = d->enum_values; v; v = v->next) values++;
  if (values > SGC_MAX_ENUM_VALUES) {  /* an instruction names a value in 16 bits */
    diag_error(c, d->name_loc, "enum fact '%s' has %zu values; an enum has at most %d", d->name,
               values, SGC_MAX_ENUM_VALUES);
    return;
  }
  for (ast_item *v = d->enum_values; v; v = v->next)
    for (ast_item *p = d->enum_values; p != v; p = p->next)
      if (strcmp(p->key, v->key) == 0) {
        diag_error(c, v->loc, "enum value '%s' appears twice", v->key);
        break;
      }
}

/* The words after an entry or a table's name (`attrs`): `open WINDOW` sets
 * *window to the window's index, `checked DATE` *checked and its place;
 * each at most once. Anything else is an error. */
static void check_attrs(sgc_compiler *c, const ast_item *attrs, int *window, ast_item *checked) {
  int seen_open = 0, seen_checked = 0;
  for (const ast_item *a = attrs; a; a = a->next) {
    int is_open = strcmp(a->key, "open") == 0, is_checked = strcmp(a->key, "checked") == 0;
    if (!is_open && !is_checked) {
      diag_error(c, a->loc, "after a table entry or a table's name only 'open WINDOW' and "
                 "'checked DATE' can follow, not '%s'", a->key);
    } else if (is_open != (a->value->kind == EX_NAME)) {
      diag_error(c, a->value->loc, is_open ? "'open' takes a window's name, not a date"
                                           : "'checked' takes a date (YYYY-MM-DD), not a name");
    } else if (is_open ? seen_open++ : seen_checked++) {
      diag_error(c, a->loc, "'%s' appears twice here", a->key);
    } else if (is_open) {
      ast_decl *w = check_lookup(c, a->value->name, a->value->loc, DECL_WINDOW);
      *window = w ? w->index : -1;
    } else {
      checked->has_checked = 1;
      checked->checked = (int32_t)a->value->number;
      checked->checked_loc = a->loc;
    }
  }
}

/* The days on which a field's versions change, within [from, until):
 * added to `cuts` (room for 2 per field), which stays sorted and distinct. */
static void add_cut(int32_t *cuts, size_t *n, int32_t day, int32_t from, int32_t until) {
  if (day <= from || day >= until) return;
  size_t i = 0;
  while (i < *n && cuts[i] < day) i++;
  if (i < *n && cuts[i] == day) return;
  memmove(cuts + i + 1, cuts + i, (*n - i) * sizeof *cuts);
  cuts[i] = day;
  (*n)++;
}

/* An entry whose fields carry periods (`field: "…" until D`) becomes one
 * entry per stretch of time in which the same version of every field
 * holds, each with that stretch as its period: a field's versions may not
 * overlap, and together they cover the entry's own period. *at is the
 * entry; it is replaced by its versions in the list. */
static void check_dated_fields(sgc_compiler *c, ast_item **at) {
  ast_item *e = *at;
  size_t nfields = 0, dated = 0;
  for (ast_item *f = e->fields; f; f = f->next, nfields++) dated += f->period != NULL;
  if (dated == 0) return;
  ast_period whole = {e->period ? e->period->from : AST_SINCE_ALWAYS,
                      e->period ? e->period->until : AST_FOR_GOOD, e->loc};
  int32_t *cuts = sgc_alloc(c, (2 * nfields + 2) * sizeof *cuts);
  size_t ncuts = 0;
  for (ast_item *f = e->fields; f; f = f->next) {
    check_period(c, f->period);
    for (ast_item *g = e->fields; g != f; g = g->next)
      if (strcmp(g->key, f->key) == 0 && check_periods_overlap(g->period, f->period)) {
        char what[300];
        snprintf(what, sizeof what, "the field '%s' of entry '%s'", f->key, e->key);
        check_overlap_error(c, f->loc, g->loc, g->period, f->period, what);
        return;
      }
    if (f->period) {
      add_cut(cuts, &ncuts, f->period->from, whole.from, whole.until);
      add_cut(cuts, &ncuts, f->period->until, whole.from, whole.until);
    }
  }
  ast_item *next = e->next, **tail = at;
  for (size_t k = 0; k <= ncuts; k++) {
    ast_period *stretch = sgc_alloc(c, sizeof *stretch);
    *stretch = whole;
    if (k > 0) stretch->from = cuts[k - 1];
    if (k < ncuts) stretch->until = cuts[k];
    ast_item *v = ast_new_item(c, e->loc);
    *v = *e;
    v->period = stretch->from == AST_SINCE_ALWAYS && stretch->until == AST_FOR_GOOD ? NULL : stretch;
    v->fields = NULL;
    ast_item **ftail = &v->fields;
    for (ast_item *f = e->fields; f; f = f->next) {
      if (f->period && (f->period->from > stretch->from || f->period->until < stretch->until))
        continue;  /* not this stretch's version */
      ast_item *copy = ast_new_item(c, f->loc);
      *copy = *f;
      copy->period = NULL;
      copy->next = NULL;
      *ftail = copy;
      ftail = &copy->next;
    }
    *tail = v;
    tail = &v->next;
  }
  *tail = next;
}

/* A table entry's key, for check_index. */
static uint32_t key_hash(const ast_item *it) { return sgr_hash(it->key); }
static int key_same(const ast_item *a, const ast_item *b) { return strcmp(a->key, b->key) == 0; }

/* A table: distinct keys; texts throughout or records with the fields of
 * the first entry; sets d->fields; each entry's window (`open`: its own,
 * else the table's; -1 without) and when it was last checked (`checked`). */
void check_table(sgc_compiler *c, ast_decl *d) {
  for (ast_item **at = &d->items; *at; at = &(*at)->next) check_dated_fields(c, at);
  ast_item *first = d->items;
  int all = -1;
  ast_item table = {0};
  check_attrs(c, d->attrs, &all, &table);
  for (ast_item *e = d->items; e; e = e->next) {
    e->window = all;
    if (table.has_checked) {
      e->has_checked = 1;
      e->checked = table.checked;
      e->checked_loc = table.checked_loc;
    }
    check_attrs(c, e->attrs, &e->window, e);
  }
  size_t count = 0;
  for (ast_item *e = d->items; e; e = e->next) count++;
  check_index keys;
  check_index_init(c, &keys, count, key_hash, key_same);
  for (ast_item *e = d->items; e; e = e->next) {
    check_period(c, e->period);
    size_t at = 0;
    for (const ast_item *p; (p = check_index_next(&keys, e, &at)) != NULL;)
      if (check_periods_overlap(p->period, e->period)) {
        char what[300];
        snprintf(what, sizeof what, "the key '%s' of table '%s'", e->key, d->name);
        if (!p->period && !e->period) {
          diag_error(c, e->loc, "table '%s' has the key '%s' twice", d->name, e->key);
          diag_note(c, p->loc, "the first is here");
        } else
          check_overlap_error(c, e->loc, p->loc, p->period, e->period, what);
        break;
      }
    check_index_add(&keys, e);
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
      if (strcmp(d->fields[k], f->key) == 0 && !f->period)  /* versions: check_dated_fields */
        diag_error(c, f->loc, "field '%s' appears twice", f->key);
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

/* A window: its days (a span or a list) into day_mask; start before end;
 * `except holidays [and good friday]` into except_holidays and
 * except_good_friday; its assumptions, its only clauses. */
void check_window(sgc_compiler *c, ast_decl *d) {
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
  const ast_item *x = d->except;
  if (x && strcmp(x->key, "holidays") != 0) {
    diag_error(c, x->loc, "a window can except 'holidays' or 'holidays and good friday', "
               "not '%s'", x->key);
  } else if (x) {
    d->except_holidays = 1;
    if (x->next && (strcmp(x->next->key, "good") != 0 || strcmp(x->next->next->key, "friday") != 0))
      diag_error(c, x->next->loc, "after 'except holidays and' only 'good friday' can follow, "
                 "not '%s %s'", x->next->key, x->next->next->key);
    else if (x->next)
      d->except_good_friday = 1;
  }
  check_clauses(c, d, BIT(CL_ASSUMPTION) | BIT(CL_FROM) | BIT(CL_UNTIL), BIT(CL_ASSUMPTION));
  check_assumptions(c, d);
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
                 fact->name, diag_word(check_decl_names[d->kind]), d->name, fact->name);
  }
  for (ast_clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_JUSTIFY) continue;
    ast_decl *fact = check_lookup(c, cl->name, cl->name_loc, DECL_FACT);
    if (!fact) continue;
    cl->number = fact->index;
    size_t i = 0;
    while (i < d->read_count && d->reads[i] != fact->index) i++;
    if (!fact->is_protected)
      diag_error(c, cl->name_loc, "'%s' is not protected; only protected facts are justified",
                 fact->name);
    else if (i == d->read_count)
      diag_error(c, cl->name_loc, "%s '%s' does not read '%s', so there is nothing to justify",
                 diag_word(check_decl_names[d->kind]), d->name, fact->name);
    for (ast_clause *p = d->clauses; p != cl; p = p->next)
      if (p->kind == CL_JUSTIFY && strcmp(p->name, cl->name) == 0) {
        diag_error(c, cl->name_loc, "'%s' is justified twice", cl->name);
        break;
      }
  }
}

/* Groups' clauses; then each signal joins the group it names. */
void check_groups(sgc_compiler *c) {
  decl_tables *t = &c->tables;
  for (size_t i = 0; i < t->groups.count; i++)
    check_clauses(c, t->groups.items[i], BIT(CL_LABEL), 0);
  for (size_t i = 0; i < t->preds.count; i++) {
    ast_decl *d = t->preds.items[i];
    if (d->kind != DECL_SIGNAL) continue;
    ast_decl *g = check_lookup(c, d->group, d->group_loc, DECL_GROUP);
    if (!g) continue;
    d->group_index = g->index;
    check_grow(c, (void **)&g->members, g->member_count, &g->member_cap, sizeof *g->members);
    g->members[g->member_count++] = d;
  }
}

/* Actors' clauses (a label: who they are, for the reader); then each rule
 * with `by` joins its actor, in source order (gen.c writes them in output
 * order). */
void check_actors(sgc_compiler *c) {
  decl_tables *t = &c->tables;
  for (size_t i = 0; i < t->actors.count; i++) {
    ast_decl *d = t->actors.items[i];
    check_clauses(c, d, BIT(CL_LABEL), 0);
    require(c, d, d->label, N_("a label"), "\"Raad voor de Kinderbescherming\"");
  }
  for (size_t i = 0; i < t->rules.count; i++) {
    ast_decl *d = t->rules.items[i];
    d->actor_index = -1;
    if (!d->by) continue;
    ast_decl *a = check_lookup(c, d->by->name, d->by->name_loc, DECL_ACTOR);
    if (a) d->actor_index = a->index;
  }
}

/* A signal or condition: its clauses and its condition. */
void check_pred(sgc_compiler *c, ast_decl *d) {
  int signal = d->kind == DECL_SIGNAL;
  check_clauses(c, d, BIT(CL_LABEL) | BIT(CL_WHEN) | BIT(CL_SOURCE) | BIT(CL_JUSTIFY) |
                BIT(CL_ASSUMPTION) | BIT(CL_FROM) | BIT(CL_UNTIL), BIT(CL_JUSTIFY) | BIT(CL_ASSUMPTION));
  if (signal) require(c, d, d->label, N_("a label"), "\"Heeft geen vaste woon- of verblijfplaats\"");
  require(c, d, d->when, N_("a condition"), "when …");
  if (signal) require(c, d, d->source, N_("a citation"), "source \"Doelgroep, kenmerk 1\"");
  if (d->when) check_expect(c, d, d->when->expr, T_BOOL, "'when'");
  check_justify(c, d);
  check_assumptions(c, d);
}

/* A rule: its clauses, conditions, actions and contact keys. */
void check_rule(sgc_compiler *c, ast_decl *d) {
  unsigned allowed = BIT(CL_LABEL) | BIT(CL_WHEN) | BIT(CL_UNLESS) | BIT(CL_RECOMMEND) |
                     BIT(CL_ATTENTION) | BIT(CL_CONTACT) | BIT(CL_SOURCE) | BIT(CL_JUSTIFY) |
                     BIT(CL_STEP) | BIT(CL_ASSUMPTION) | BIT(CL_URGENT) | BIT(CL_BY) |
                     BIT(CL_FROM) | BIT(CL_UNTIL);
  check_clauses(c, d, allowed, BIT(CL_RECOMMEND) | BIT(CL_ATTENTION) | BIT(CL_CONTACT) |
                BIT(CL_JUSTIFY) | BIT(CL_ASSUMPTION));
  require(c, d, d->when, N_("a condition"), "when …");
  require(c, d, d->source, N_("a citation"), "source \"Werkwijze Raad, punt 1\"");
  if (d->when) check_expect(c, d, d->when->expr, T_BOOL, "'when'");
  if (d->unless) check_expect(c, d, d->unless->expr, T_BOOL, "'unless'");
  int actions = 0;
  for (ast_clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind == CL_RECOMMEND || cl->kind == CL_ATTENTION) actions++;
    if (cl->kind != CL_CONTACT) continue;
    actions++;
    ast_decl *table = check_lookup(c, cl->name, cl->name_loc, DECL_TABLE);
    ast_type t = check_expr(c, d, cl->expr);
    if (t.kind == TY_ENUMNAME) {
      check_resolve_name(c, cl->expr, T_ERROR);
    } else if (t.kind != TY_ERROR && t.kind != TY_TEXT && t.kind != TY_ENUM) {
      diag_error(c, cl->expr->loc, "a contact key is a text or an enum value, not %s",
                 check_a_type(c, t));
    } else if (table && cl->expr->kind == EX_TEXT) {
      ast_item *e = table->items;
      while (e && strcmp(e->key, cl->expr->text) != 0) e = e->next;
      if (!e) diag_error(c, cl->expr->loc, "table '%s' has no key '%s'", table->name, cl->expr->text);
    }
    if (table) cl->number = table->index;
  }
  if (!actions)
    require(c, d, NULL, N_("an action"), "recommend \"…\", attention \"…\" or contact table[key]");
  check_justify(c, d);
  check_assumptions(c, d);
}
