/* check.h — what the checker's files (check*.c) share: names of kinds,
 * type values and helpers, symbol lookup, and one entry point per job.
 * Private to the checker: the rest of the compiler sees check_rulebook()
 * and the final indices it stores on the tree, never a name lookup.
 */
#ifndef SGC_CHECK_H
#define SGC_CHECK_H

#include "compiler.h"

/* A bit per ast_clause_kind, for the allowed-clause masks. */
#define BIT(k) (1u << (k))

/* Types as values. */
#define T_ERROR ((ast_type){ TY_ERROR, 0 })
#define T_BOOL ((ast_type){ TY_BOOL, 0 })
#define T_INT ((ast_type){ TY_INT, 0 })
#define T_TEXT ((ast_type){ TY_TEXT, 0 })
#define T_DATE ((ast_type){ TY_DATE, 0 })
#define T_DATETIME ((ast_type){ TY_DATETIME, 0 })
#define T_COUNTRY ((ast_type){ TY_COUNTRY, 0 })
#define T_NAME ((ast_type){ TY_ENUMNAME, 0 })

/* ---- check_names.c: symbols, lookup, "did you mean" ---- */

/* The declaration called `name`, or NULL. */
ast_decl *symbol_find(sgc_compiler *c, const char *name);
/* "fact", "set", "signal", …: the word for each ast_decl_kind (English;
 * diag_word gives it in the language of messages). */
extern const char *const check_decl_names[];
/* The kind's name with its article: "a fact", "an actor". */
extern const char *const check_decl_a[];
/* Enter every named declaration in the symbol table and number each kind
 * in declaration order (the tables of c->tables); find the header. */
void check_collect(sgc_compiler *c);
/* "unknown <what> '<name>'", with the closest declared name as a hint. */
void check_unknown(sgc_compiler *c, ast_loc loc, const char *what, const char *name);
/* The declaration called `name` if it is of kind `kind`; else an error
 * and NULL. */
ast_decl *check_lookup(sgc_compiler *c, const char *name, ast_loc loc, ast_decl_kind kind);

/* ---- check_types.c: expressions and their types ---- */

/* "int", "enum of 'x'": a type's name for messages. */
const char *check_type_name(sgc_compiler *c, ast_type t);
/* "an int", "a date": a type with its article. */
const char *check_a_type(sgc_compiler *c, ast_type t);
/* Same type (enums: declared by the same fact)? */
int check_same_type(ast_type a, ast_type b);
/* Resolve a bare name as a value of the enum `want` (else an error). */
ast_type check_resolve_name(sgc_compiler *c, ast_expr *e, ast_type want);
/* The type of the checked e (of type t) where a value of type `want` is
 * expected: a bare name resolved as an enum value, a text literal as a
 * country code when `want` is a country (an error with a hint when it is
 * no code); otherwise t. */
ast_type check_resolve(sgc_compiler *c, ast_expr *e, ast_type t, ast_type want);
/* Check e, read by `owner`; annotate it and return its type. */
ast_type check_expr(sgc_compiler *c, ast_decl *owner, ast_expr *e);
/* Check e and require type `want`; `context` names the place in errors. */
int check_expect(sgc_compiler *c, ast_decl *owner, ast_expr *e, ast_type want,
                 const char *context);
/* "an int, date or datetime" (plural: "ints, dates or datetimes"): the
 * types of `mask`, a BIT() per ast_type_kind, in types.def's order. */
const char *check_type_list(sgc_compiler *c, unsigned mask, int plural);
/* The type of a literal (true, 12, "x", a date or date-time), else T_ERROR. */
ast_type check_literal_type(const ast_expr *e);
/* The type of a set item as written: int, text or a name. */
ast_type check_item_type(const ast_expr *e);
/* Check a set's items (one type, no duplicates; the type written after ':'
 * when there is one) and set its set_type. */
int check_set_items(sgc_compiler *c, ast_decl *set);
/* Periods of validity (check_decls.c): not empty; overlap; the message for
 * two versions that overlap; a period as words. */
void check_period(sgc_compiler *c, const ast_period *p);
int check_periods_overlap(const ast_period *a, const ast_period *b);

/* An index of a list's items by a key, for finding an item's earlier
 * equals in O(1) instead of walking the list (a set or table of 30,000
 * entries was quadratic). `hash` and `same` say what equal means; the
 * index keeps every item added, equal ones too (versions). */
typedef struct {
  const ast_item **slots;
  size_t cap;
  uint32_t (*hash)(const ast_item *it);
  int (*same)(const ast_item *a, const ast_item *b);
} check_index;
/* An index with room for `count` items (arena memory). */
void check_index_init(sgc_compiler *c, check_index *x, size_t count,
                      uint32_t (*hash)(const ast_item *), int (*same)(const ast_item *, const ast_item *));
/* The earlier items equal to `it`, one per call: start with *at = 0; NULL
 * when there are no more. */
const ast_item *check_index_next(const check_index *x, const ast_item *it, size_t *at);
void check_index_add(check_index *x, const ast_item *it);
void check_overlap_error(sgc_compiler *c, ast_loc at, ast_loc other, const ast_period *a,
                         const ast_period *b, const char *what);
void check_period_text(const ast_period *p, char *out);

/* ---- check_decls.c: clauses, declarations, justifications ---- */

/* Clauses of d: each allowed (mask of BIT(ast_clause_kind)), the others
 * once; fills d's single-clause fields. */
void check_clauses(sgc_compiler *c, ast_decl *d, unsigned allowed, unsigned repeatable);
void check_header(sgc_compiler *c);
void check_fact(sgc_compiler *c, ast_decl *d);
void check_table(sgc_compiler *c, ast_decl *d);
void check_window(sgc_compiler *c, ast_decl *d);
/* Groups' clauses, then each signal joins its group. */
void check_groups(sgc_compiler *c);
void check_actors(sgc_compiler *c);
/* Signals and conditions. */
void check_pred(sgc_compiler *c, ast_decl *d);
void check_rule(sgc_compiler *c, ast_decl *d);
/* Every part of every citation names a paragraph of a document, when the
 * header names documents (document.c). */
void check_citations(sgc_compiler *c);

/* ---- check_order.c: evaluation and output order ---- */

/* Order predicates (reporting cycles) and rules; renumber predicates. */
void check_order(sgc_compiler *c);

/* ---- check_examples.c: examples as sgc_example records ---- */

void check_example(sgc_compiler *c, ast_decl *d);

/* ---- check.c ---- */

/* Make room for one more element in an arena-backed array. */
void check_grow(sgc_compiler *c, void **items, size_t count, size_t *cap, size_t elem);

#endif
