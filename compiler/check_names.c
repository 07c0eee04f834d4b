/* check_names.c — the checker's names: the symbol table of declarations,
 * duplicate declarations, lookup of a name of a given kind, and the
 * "did you mean" hint for an unknown name. Also numbers each kind of
 * declaration in the order it is declared.
 */
#include "check.h"
#include "util.h"

#include <string.h>

const char *const check_decl_names[] = {
  [DECL_HEADER] = N_("rulebook header"), [DECL_INCLUDE] = N_("include"),
  [DECL_FACT] = N_("fact"), [DECL_SET] = N_("set"), [DECL_TABLE] = N_("table"),
  [DECL_WINDOW] = N_("window"), [DECL_GROUP] = N_("group"), [DECL_SIGNAL] = N_("signal"),
  [DECL_CONDITION] = N_("condition"), [DECL_RULE] = N_("rule"), [DECL_EXAMPLE] = N_("example"),
  [DECL_ACTOR] = N_("actor"),
};

const char *const check_decl_a[] = {
  [DECL_HEADER] = N_("the rulebook header"), [DECL_INCLUDE] = N_("an include"),
  [DECL_FACT] = N_("a fact"), [DECL_SET] = N_("a set"), [DECL_TABLE] = N_("a table"),
  [DECL_WINDOW] = N_("a window"), [DECL_GROUP] = N_("a group"), [DECL_SIGNAL] = N_("a signal"),
  [DECL_CONDITION] = N_("a condition"), [DECL_RULE] = N_("a rule"),
  [DECL_EXAMPLE] = N_("an example"), [DECL_ACTOR] = N_("an actor"),
};


/* The declaration called `name`, or NULL (open addressing, linear probe). */
ast_decl *symbol_find(sgc_compiler *c, const char *name) {
  if (!c->symbol_cap) return NULL;
  for (size_t i = sgr_hash(name) & (c->symbol_cap - 1);; i = (i + 1) & (c->symbol_cap - 1)) {
    ast_decl *d = c->symbols[i];
    if (!d) return NULL;
    if (strcmp(d->name, name) == 0) return d;
  }
}

/* Enter d, or report that its name is taken. */
static void symbol_add(sgc_compiler *c, ast_decl *d) {
  ast_decl *prev = symbol_find(c, d->name);
  if (prev) {
    diag_error(c, d->name_loc, "'%s' is already declared (as %s)", d->name,
               diag_word(check_decl_a[prev->kind]));
    diag_note(c, prev->name_loc, "'%s' was declared here", d->name);
    return;
  }
  for (size_t i = sgr_hash(d->name) & (c->symbol_cap - 1);; i = (i + 1) & (c->symbol_cap - 1)) {
    if (!c->symbols[i]) {
      c->symbols[i] = d;
      return;
    }
  }
}


/* The declared name closest to `name`, or NULL when none is close. */
static const char *symbol_suggest(sgc_compiler *c, const char *name) {
  const char *best = NULL;
  size_t len = strlen(name), best_d = len <= 2 ? 0 : len <= 5 ? 1 : 2;
  /* no one reads a hint past the limit; and each costs a search of every
   * name, so past DIAG_HINT_LIMIT errors there are none (a flood of unknown
   * names stays linear with --max-errors 0) */
  if (best_d == 0 || diag_capped(c) || c->errors >= DIAG_HINT_LIMIT) return NULL;
  for (size_t i = 0; i < c->symbol_cap; i++) {
    ast_decl *d = c->symbols[i];
    if (!d) continue;
    size_t dist = sgr_edit_distance(name, d->name, best_d);
    if (dist <= best_d && (!best || dist < best_d || strcmp(d->name, best) < 0)) {
      if (dist < best_d || !best || strcmp(d->name, best) < 0) best = d->name;
      best_d = dist;
    }
  }
  return best;
}

/* "unknown <what> '<name>'", with a hint when a declared name is close. */
void check_unknown(sgc_compiler *c, ast_loc loc, const char *what, const char *name) {
  const char *hint = symbol_suggest(c, name);
  what = diag_word(what);
  if (hint)
    diag_error(c, loc, "unknown %s '%s'; did you mean '%s'?", what, name, hint);
  else
    diag_error(c, loc, "unknown %s '%s'", what, name);
}

/* The declaration called `name` if it is of kind `kind`; else an error. */
ast_decl *check_lookup(sgc_compiler *c, const char *name, ast_loc loc, ast_decl_kind kind) {
  ast_decl *d = symbol_find(c, name);
  if (!d) {
    check_unknown(c, loc, check_decl_names[kind], name);
    return NULL;
  }
  if (d->kind != kind) {
    diag_error(c, loc, "'%s' is %s, not %s", name, diag_word(check_decl_a[d->kind]), diag_word(check_decl_a[kind]));
    return NULL;
  }
  return d;
}

/* Build the symbol table and the per-kind tables; find the one header. */
void check_collect(sgc_compiler *c) {
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
    case DECL_ACTOR: d->index = (int)t->actors.count; *VEC_PUSH(c, t->actors) = d; break;
    }
  }
  if (!c->header) {
    ast_loc top = { 0, 1, 1, 0 };
    diag_error(c, top, "the main file must start with the rulebook header (rulebook \"title\" "
                       "version \"…\" effective YYYY-MM-DD source \"…\")");
  }
}
