/* check_examples.c — the checker's examples: each `example` declaration
 * lowered to an sgc_example (now, case file, givens typed against their
 * facts, a country's code checked, expected outcomes) for `signaal test` to run.
 */
#include "check.h"

#include <string.h>

/* `expect text "…" in RULE` or `expect contact T[…] in RULE` (not with
 * `not`): an error when RULE has no recommendation or attention point
 * holding the text, or no contact of table T, so that the example cannot
 * pass for any case. */
static void check_rule_can_give(sgc_compiler *c, const ast_clause *cl, const ast_decl *rule) {
  if (cl->number != SGC_EXPECT_TRUE) return;
  for (const ast_clause *a = rule->clauses; a; a = a->next) {
    if (cl->name == NULL && (a->kind == CL_RECOMMEND || a->kind == CL_ATTENTION) &&
        a->text != NULL && strstr(a->text, cl->text) != NULL)
      return;
    if (cl->name != NULL && a->kind == CL_CONTACT && a->name != NULL &&
        strcmp(a->name, cl->name) == 0)
      return;
  }
  if (cl->name == NULL)
    diag_error(c, cl->expr->loc, "rule '%s' recommends nothing and gives no point of attention "
               "that says \"%s\"", rule->name, cl->text);
  else
    diag_error(c, cl->expr->loc, "rule '%s' gives no contact of table '%s'", rule->name, cl->name);
}

/* An expectation about the advice (`expect [not] text "…"`, `expect [not]
 * contact TABLE["key"]`, each optionally `in RULE`) into *x: the text not
 * empty; the table a table and the key one of its keys; the rule a rule. */
static void check_expect_advice(sgc_compiler *c, const ast_clause *cl, sgc_expectation *x) {
  x->kind = (sgc_expect_kind)cl->number;
  x->line = cl->name_loc.line;
  x->column = cl->name_loc.column;
  x->text = cl->text;
  x->name = cl->name;
  x->what = cl->name == NULL ? SGC_EXPECT_ADVICE_TEXT : SGC_EXPECT_CONTACT;
  ast_decl *rule = cl->expr != NULL ? check_lookup(c, cl->expr->name, cl->expr->loc, DECL_RULE)
                                     : NULL;
  if (rule != NULL) {
    x->rule = rule->name;
    check_rule_can_give(c, cl, rule);
  }
  if (cl->name == NULL) {
    if (cl->text[0] == '\0') diag_error(c, cl->name_loc, "'expect text' needs a text to look for");
    return;
  }
  ast_decl *table = check_lookup(c, cl->name, cl->name_loc, DECL_TABLE);
  if (table == NULL) return;
  for (const ast_item *e = table->items; e; e = e->next)
    if (strcmp(e->key, cl->text) == 0) return;
  diag_error(c, cl->name_loc, "table '%s' has no key '%s'", cl->name, cl->text);
}

/* One example: its clauses, givens typed against their facts, expected
 * names; appended to c->examples. */
void check_example(sgc_compiler *c, ast_decl *d) {
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
      ast_decl *fact = check_lookup(c, cl->name, cl->name_loc, DECL_FACT);
      if (!fact) continue;
      sgc_given *g = &given[ex->given_count++];
      g->fact = fact->name;
      ast_expr *v = cl->expr;
      if (!v) {
        g->kind = SGC_GIVEN_UNKNOWN;
        continue;
      }
      ast_type want = { fact->fact_type, fact->index }, t;
      if (v->kind == EX_NAME) {
        t = check_resolve_name(c, v, want);
        g->kind = SGC_GIVEN_ENUM;
        g->text = v->name;
      } else {
        t = check_resolve(c, v, check_literal_type(v), want); /* a country's code */
        g->kind = (sgc_given_kind)t.kind; /* TY_x == SGC_GIVEN_x, TY_ERROR == UNKNOWN */
        if (t.kind == TY_TEXT || t.kind == TY_COUNTRY) g->text = v->text;
      }
      g->number = v->number;
      if (t.kind != TY_ERROR && !check_same_type(t, want))
        diag_error(c, v->loc, "fact '%s' is %s, but this value is %s", fact->name,
                   check_a_type(c, want), check_a_type(c, t));
    } else if (cl->kind == CL_EXPECT && cl->text != NULL) {
      check_expect_advice(c, cl, &expect[ex->expect_count++]);
    } else if (cl->kind == CL_EXPECT) {
      ast_decl *target = symbol_find(c, cl->name);
      if (!target) {
        check_unknown(c, cl->name_loc, N_("rule, signal or condition"), cl->name);
      } else if (target->kind != DECL_RULE && target->kind != DECL_SIGNAL &&
                 target->kind != DECL_CONDITION) {
        diag_error(c, cl->name_loc, "'%s' is %s; examples expect rules, signals or conditions",
                   cl->name, diag_word(check_decl_a[target->kind]));
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
