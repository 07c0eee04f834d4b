/* parser.y — the grammar of the Signaal rule language. A pure bison parser
 * with locations and no global state; its actions only build the syntax
 * tree (ast.h). Which clause belongs to which declaration, names and types
 * are the checker's business (check*.c), so errors there can be precise.
 */
%require "3.8"
%define api.pure full
%define api.prefix {sgc_yy}
%define parse.error custom
%define lr.default-reduction accepting
%locations
%expect 0
%param {void *scanner}
%parse-param {struct lex_state *st}

%code requires {
#include "compiler.h"
enum { LEX_RECENT = 3 };
struct lex_state {
  sgc_compiler *c;
  int file;
  int recent[LEX_RECENT];   /* the last tokens read, the newest last (0: none) */
  const char *recent_name;  /* the text of the last name read */
  int too_deep;             /* an expression nested too deep was reported */
  /* the last node of the lists being built (head, tail), so that appending
     is O(1) however long a list grows: a few at once, for nested lists
     (a table's entries and each entry's fields) */
  struct { void *head, *tail; } lists[8];
  unsigned next_list;       /* the slot the next new list takes, round robin */
};
}

%union {
  const char *text;
  int64_t number;
  ast_expr *expr;
  ast_clause *clause;
  ast_item *item;
  ast_decl *decl;
  int kind;
  ast_period *period;
}

%code top {
/* The parser's stack, when it grows past its first entries, lives in the
 * compiler's arena like everything else (YYSTACK_FREE then does nothing),
 * so a compile that jumps out on an allocation failure loses nothing.
 * sgc_alloc is only used inside sgc_yyparse, where `st` is its parameter. */
#define YYSTACK_ALLOC(size) sgc_alloc(st->c, (size))
#define YYSTACK_ALLOC_MAXIMUM YYSIZE_MAXIMUM
}

%code provides {
int sgc_yylex(SGC_YYSTYPE *lval, SGC_YYLTYPE *lloc, void *scanner);
}

%code {
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* The most open levels bison's stack holds (its default, said here so that
 * the message for more can name it). */
#define YYMAXDEPTH 10000

#define C (st->c)
#define LOC(l) parse_loc(st, &(l))

static ast_loc parse_loc(struct lex_state *st, const SGC_YYLTYPE *l) {
  ast_loc loc = { st->file, l->first_line, l->first_column,
                  l->last_line == l->first_line ? l->last_column - l->first_column : 0 };
  return loc;
}

/* bison's own messages; its stack overflowing ("memory exhausted", past
 * YYMAXDEPTH open levels) is said as what it is. */
static void sgc_yyerror(SGC_YYLTYPE *l, void *scanner, struct lex_state *st, const char *msg) {
  (void)scanner;
  if (strcmp(msg, "memory exhausted") == 0)
    diag_error(st->c, parse_loc(st, l), "nested too deeply: the parser holds at most %d open "
               "levels (brackets, nested expressions), and an expression may nest 500 deep; "
               "split it into named conditions", (int)YYMAXDEPTH);
  else
    diag_error(st->c, parse_loc(st, l), "%s", msg);
}

/* Append to a singly linked list kept as (head); returns the head. */
#define APPEND(T, head, item) \
  ((T *)parse_append(st, (void *)(head), (void *)(item), offsetof(T, next)))
/* Append `item` (a single node) to the list at `head`; returns the head.
 * The list's last node is remembered in st->lists, so a list of n items
 * is built in O(n), not O(n²) (a set of 30,000 values took 3 s); a list
 * not remembered (more than eight being built at once) is walked. */
static void *parse_append(struct lex_state *st, void *head, void *item, size_t next_offset) {
  enum { SLOTS = sizeof st->lists / sizeof st->lists[0] };
  if (!head) {
    st->lists[st->next_list].head = item;
    st->lists[st->next_list].tail = item;
    st->next_list = (st->next_list + 1) % SLOTS;
    return item;
  }
  char *p = NULL;
  unsigned slot = 0;
  for (; slot < SLOTS && p == NULL; slot++)
    if (st->lists[slot].head == head) p = st->lists[slot].tail;
  if (p == NULL) {
    p = head;
    slot = st->next_list;
    st->next_list = (st->next_list + 1) % SLOTS;
    st->lists[slot].head = head;
  } else {
    slot--;
  }
  while (*(void **)(p + next_offset)) p = *(void **)(p + next_offset);  /* at most the item's own */
  *(void **)(p + next_offset) = item;
  st->lists[slot].tail = item;
  return head;
}

/* An expression node with operands a and b. */
static ast_expr *binary(struct lex_state *st, ast_expr_kind kind, ast_expr *a, ast_expr *b,
                        ast_loc loc) {
  ast_expr *e = ast_new_expr(st->c, kind, loc);
  e->a = a;
  e->b = b;
  int da = a ? a->depth : 0, db = b ? b->depth : 0;
  e->depth = 1 + (da > db ? da : db);
  if (e->depth > SGC_MAX_EXPR_DEPTH) {
    /* The checker and the generator recurse on the tree: keep it shallow
     * (the operands are dropped) and say so once per file. */
    if (!st->too_deep)
      diag_error(st->c, loc, "this condition nests more than %d levels deep (a chain of "
                 "`or`/`and` counts each step); split it into named conditions",
                 SGC_MAX_EXPR_DEPTH);
    st->too_deep = 1;
    e->kind = EX_BOOL;
    e->a = e->b = NULL;
    e->number = 0;
    e->depth = 1;
  }
  return e;
}

/* A node whose op says whether it is negated ("not in", "is unknown"). */
static ast_expr *negatable(struct lex_state *st, ast_expr_kind kind, ast_negation neg,
                           ast_expr *a, ast_expr *b, ast_loc loc) {
  ast_expr *e = binary(st, kind, a, b, loc);
  e->op = neg;
  return e;
}

/* name(arg): a call, naming its built-in function (FN_UNKNOWN when there
 * is none of that name: the checker says so). */
static ast_expr *call(struct lex_state *st, const char *name, ast_expr *arg, ast_loc loc) {
  ast_expr *e = binary(st, EX_CALL, arg, NULL, loc);
  e->name = name;
  e->op = builtin_find(name);
  return e;
}

/* A clause with its text and expression. */
static ast_clause *clause(struct lex_state *st, ast_clause_kind kind, ast_loc loc,
                          const char *text, ast_expr *expr) {
  ast_clause *cl = ast_new_clause(st->c, kind, loc);
  cl->text = text;
  cl->expr = expr;
  return cl;
}

/* A period from `from` (inclusive) until `until` (exclusive). */
static ast_period *period(struct lex_state *st, ast_loc loc, int64_t from, int64_t until) {
  ast_period *p = sgc_alloc(st->c, sizeof *p);
  p->from = (int32_t)from;
  p->until = (int32_t)until;
  p->loc = loc;
  return p;
}

/* A set declaration: its name, the element type written after ':'
 * (TY_ERROR: none, the type follows from the items and their use), and its
 * items, each an element. */
static ast_decl *set_decl(struct lex_state *st, ast_loc loc, const char *name, ast_loc name_loc,
                          ast_type_kind declared, ast_expr *elements) {
  ast_decl *d = ast_new_decl(st->c, DECL_SET, loc);
  d->name = name;
  d->name_loc = name_loc;
  d->fact_type = declared;
  ast_item *items = NULL, **tail = &items;
  for (ast_expr *e = elements; e; e = e->next) {
    ast_item *it = ast_new_item(st->c, e->loc);
    it->value = e;
    it->period = e->period;
    *tail = it;
    tail = &it->next;
  }
  d->items = items;
  return d;
}

/* Append a declaration to the compiler's list. */
static void add_decl(struct lex_state *st, ast_decl *d) {
  *st->c->decls_tail = d;
  st->c->decls_tail = &d->next;
}
}

%token END 0 "end of file"
%token RULEBOOK "rulebook" VERSION "version" EFFECTIVE "effective" SOURCE "source"
%token REFERENCES "references" DOCUMENT "document"
%token INCLUDE "include" FACT "fact" ASK "ask" PROTECTED "protected" OPTIONAL "optional"
%token URGENT "urgent"
%token ACTOR "actor" BY "by" FROM "from" UNTIL "until"
%token BOOL "bool" INT "int" TEXT "text" ENUM "enum" DATE "date" DATETIME "datetime"
%token COUNTRY "country"
%token SET "set" TABLE "table" WINDOW "window" EXCEPT "except"
%token GROUP "group" SIGNAL "signal" CONDITION "condition" RULE "rule"
%token WHEN "when" UNLESS "unless" RECOMMEND "recommend" ATTENTION "attention"
%token CONTACT "contact" JUSTIFY "justify" ASSUMPTION "assumption" STEP "step"
%token EXAMPLE "example" GIVEN "given" EXPECT "expect" UNDETERMINED "undetermined"
%token NOW "now" TODAY "today" TRUE_ "true" FALSE_ "false"
%token AND "and" OR "or" NOT "not" ESTABLISHED "established" IN "in" NOT_IN "not in" IS "is" KNOWN "known"
%token UNKNOWN "unknown" WITHIN "within" NOT_WITHIN "not within"
%token AT "at" LEAST "least" OF "of" ANY "any" ALL "all"
%token NE "!=" LE "<=" GE ">=" DOTDOT ".."
%token <text> NAME "name" STRING "quoted text"
%token <number> INT_LIT "integer" DATE_LIT "date literal" DATETIME_LIT "date-time literal"
%token <number> CLOCK_LIT "time of day"

%left OR
%left AND
%precedence NOT ESTABLISHED

%type <decl> decl
%type <clause> clauses clause givens given
%type <expr> expr compare primary literal in_target set_items set_item_list set_item given_value
%type <expr> expect_in
%type <item> enum_values table_entries table_entry_list table_entry fields field_list field day_list
%type <item> entry_attrs entry_attr
%type <item> window_except
%type <text> table_key
%type <kind> fact_type compare_op
%type <period> period

%%

file:
  %empty
| file decl             { add_decl(st, $2); }
| file error {
    /* Recovered at the start of a declaration: report the next error too. */
    switch (yychar) {
    case END: case RULEBOOK: case INCLUDE: case FACT: case SET: case TABLE: case WINDOW:
    case GROUP: case SIGNAL: case CONDITION: case RULE: case EXAMPLE: case ACTOR:
      yyerrok;
      break;
    default:
      break; /* stay in recovery: tokens up to the next declaration are skipped */
    }
  }
;

decl:
  RULEBOOK STRING clauses {
    $$ = ast_new_decl(C, DECL_HEADER, LOC(@1)); $$->text = $2; $$->clauses = $3; }
| INCLUDE STRING {
    $$ = ast_new_decl(C, DECL_INCLUDE, LOC(@1)); $$->text = $2; $$->name_loc = LOC(@2); }
| FACT NAME ':' fact_type clauses {
    $$ = ast_new_decl(C, DECL_FACT, LOC(@1)); $$->name = $2; $$->name_loc = LOC(@2);
    $$->fact_type = (ast_type_kind)$4; $$->clauses = $5; }
| FACT NAME ':' ENUM '{' enum_values '}' clauses {
    $$ = ast_new_decl(C, DECL_FACT, LOC(@1)); $$->name = $2; $$->name_loc = LOC(@2);
    $$->fact_type = TY_ENUM; $$->enum_values = $6; $$->clauses = $8; }
| SET NAME '=' '{' set_items '}' { $$ = set_decl(st, LOC(@1), $2, LOC(@2), TY_ERROR, $5); }
| SET NAME ':' fact_type '=' '{' set_items '}' {
    $$ = set_decl(st, LOC(@1), $2, LOC(@2), (ast_type_kind)$4, $7);
    $$->set_type_loc = LOC(@4); }
| TABLE NAME entry_attrs '=' '{' table_entries '}' {
    $$ = ast_new_decl(C, DECL_TABLE, LOC(@1)); $$->name = $2; $$->name_loc = LOC(@2);
    $$->attrs = $3; $$->items = $6; }
| WINDOW NAME '=' NAME CLOCK_LIT DOTDOT CLOCK_LIT window_except clauses {
    $$ = ast_new_decl(C, DECL_WINDOW, LOC(@1)); $$->name = $2; $$->name_loc = LOC(@2);
    $$->items = ast_new_item(C, LOC(@4)); $$->items->key = $4;
    $$->start_minute = (int)$5; $$->end_minute = (int)$7; $$->except = $8; $$->clauses = $9; }
| WINDOW NAME '=' '{' day_list '}' CLOCK_LIT DOTDOT CLOCK_LIT window_except clauses {
    $$ = ast_new_decl(C, DECL_WINDOW, LOC(@1)); $$->name = $2; $$->name_loc = LOC(@2);
    $$->items = $5; $$->start_minute = (int)$7; $$->end_minute = (int)$9; $$->except = $10;
    $$->clauses = $11; }
| GROUP NAME clauses {
    $$ = ast_new_decl(C, DECL_GROUP, LOC(@1)); $$->name = $2; $$->name_loc = LOC(@2);
    $$->clauses = $3; }
| ACTOR NAME clauses {
    $$ = ast_new_decl(C, DECL_ACTOR, LOC(@1)); $$->name = $2; $$->name_loc = LOC(@2);
    $$->clauses = $3; }
| SIGNAL NAME IN NAME clauses {
    $$ = ast_new_decl(C, DECL_SIGNAL, LOC(@1)); $$->name = $2; $$->name_loc = LOC(@2);
    $$->group = $4; $$->group_loc = LOC(@4); $$->clauses = $5; }
| CONDITION NAME clauses {
    $$ = ast_new_decl(C, DECL_CONDITION, LOC(@1)); $$->name = $2; $$->name_loc = LOC(@2);
    $$->clauses = $3; }
| RULE NAME clauses {
    $$ = ast_new_decl(C, DECL_RULE, LOC(@1)); $$->name = $2; $$->name_loc = LOC(@2);
    $$->clauses = $3; }
| EXAMPLE STRING clauses {
    $$ = ast_new_decl(C, DECL_EXAMPLE, LOC(@1)); $$->text = $2; $$->clauses = $3; }
;

fact_type:
  BOOL      { $$ = TY_BOOL; }
| INT       { $$ = TY_INT; }
| TEXT      { $$ = TY_TEXT; }
| DATE      { $$ = TY_DATE; }
| DATETIME  { $$ = TY_DATETIME; }
| COUNTRY   { $$ = TY_COUNTRY; }
;

enum_values:
  NAME                  { $$ = ast_new_item(C, LOC(@1)); $$->key = $1; }
| enum_values ',' NAME  { ast_item *it = ast_new_item(C, LOC(@3)); it->key = $3;
                          $$ = APPEND(ast_item, $1, it); }
;

day_list:
  NAME               { $$ = ast_new_item(C, LOC(@1)); $$->key = $1; }
| day_list ',' NAME  { ast_item *it = ast_new_item(C, LOC(@3)); it->key = $3;
                       $$ = APPEND(ast_item, $1, it); }
;

/* `except holidays` or `except holidays and good friday`: the words, one
 * item each, are checked by check_window. */
window_except:
  %empty               { $$ = NULL; }
| EXCEPT NAME          { $$ = ast_new_item(C, LOC(@2)); $$->key = $2; }
| EXCEPT NAME AND NAME NAME {
    $$ = ast_new_item(C, LOC(@2)); $$->key = $2;
    ast_item *good = ast_new_item(C, LOC(@4)); good->key = $4;
    ast_item *friday = ast_new_item(C, LOC(@5)); friday->key = $5;
    $$ = APPEND(ast_item, $$, good); $$ = APPEND(ast_item, $$, friday); }
;

clauses:
  %empty          { $$ = NULL; }
| clauses clause  { $$ = APPEND(ast_clause, $1, $2); }
;

clause:
  STRING                { $$ = clause(st, CL_LABEL, LOC(@1), $1, NULL); }
| VERSION STRING        { $$ = clause(st, CL_VERSION, LOC(@1), $2, NULL); }
| EFFECTIVE DATE_LIT    { $$ = clause(st, CL_EFFECTIVE, LOC(@1), NULL, NULL); $$->number = $2; }
| SOURCE STRING         {
    $$ = clause(st, CL_SOURCE, LOC(@1), $2, NULL); $$->name_loc = LOC(@2); }
| DOCUMENT STRING       {
    $$ = clause(st, CL_DOCUMENT, LOC(@1), $2, NULL); $$->name_loc = LOC(@2); }
| REFERENCES NAME       {
    $$ = clause(st, CL_REFERENCES, LOC(@1), NULL, NULL); $$->name = $2; $$->name_loc = LOC(@2); }
| ASK STRING            { $$ = clause(st, CL_ASK, LOC(@1), $2, NULL); }
| PROTECTED             { $$ = clause(st, CL_PROTECTED, LOC(@1), NULL, NULL); }
| OPTIONAL              { $$ = clause(st, CL_OPTIONAL, LOC(@1), NULL, NULL); }
| URGENT                { $$ = clause(st, CL_URGENT, LOC(@1), NULL, NULL); }
| FROM DATE_LIT         { $$ = clause(st, CL_FROM, LOC(@1), NULL, NULL); $$->number = $2; }
| UNTIL DATE_LIT        { $$ = clause(st, CL_UNTIL, LOC(@1), NULL, NULL); $$->number = $2; }
| BY NAME               {
    $$ = clause(st, CL_BY, LOC(@1), NULL, NULL); $$->name = $2; $$->name_loc = LOC(@2); }
| WHEN expr             { $$ = clause(st, CL_WHEN, LOC(@1), NULL, $2); }
| UNLESS expr           { $$ = clause(st, CL_UNLESS, LOC(@1), NULL, $2); }
| RECOMMEND STRING      { $$ = clause(st, CL_RECOMMEND, LOC(@1), $2, NULL); }
| ATTENTION STRING      { $$ = clause(st, CL_ATTENTION, LOC(@1), $2, NULL); }
| CONTACT NAME '[' expr ']' {
    $$ = clause(st, CL_CONTACT, LOC(@1), NULL, $4); $$->name = $2; $$->name_loc = LOC(@2); }
| JUSTIFY NAME STRING   {
    $$ = clause(st, CL_JUSTIFY, LOC(@1), $3, NULL); $$->name = $2; $$->name_loc = LOC(@2); }
| ASSUMPTION STRING     {
    $$ = clause(st, CL_ASSUMPTION, LOC(@1), $2, NULL); $$->name_loc = LOC(@2); }
| STEP INT_LIT          { $$ = clause(st, CL_STEP, LOC(@1), NULL, NULL); $$->number = $2; }
| NOW DATETIME_LIT      { $$ = clause(st, CL_NOW, LOC(@1), NULL, NULL); $$->number = $2; }
| GIVEN givens          { $$ = $2; }
| GIVEN STRING          { $$ = clause(st, CL_CASE, LOC(@1), $2, NULL); $$->name_loc = LOC(@2); }
| EXPECT NAME           {
    $$ = clause(st, CL_EXPECT, LOC(@1), NULL, NULL); $$->name = $2; $$->name_loc = LOC(@2);
    $$->number = SGC_EXPECT_TRUE; }
| EXPECT NOT NAME       {
    $$ = clause(st, CL_EXPECT, LOC(@1), NULL, NULL); $$->name = $3; $$->name_loc = LOC(@3);
    $$->number = SGC_EXPECT_FALSE; }
| EXPECT UNDETERMINED NAME {
    $$ = clause(st, CL_EXPECT, LOC(@1), NULL, NULL); $$->name = $3; $$->name_loc = LOC(@3);
    $$->number = SGC_EXPECT_UNDETERMINED; }
/* about the advice: a text in it (name NULL), a contact entry (name: the
 * table, text: the key) */
/* (expr: `in RULE`, the one rule that must give it, as an EX_NAME; NULL: any) */
| EXPECT TEXT STRING expect_in {
    $$ = clause(st, CL_EXPECT, LOC(@1), $3, $4); $$->name_loc = LOC(@3);
    $$->number = SGC_EXPECT_TRUE; }
| EXPECT NOT TEXT STRING expect_in {
    $$ = clause(st, CL_EXPECT, LOC(@1), $4, $5); $$->name_loc = LOC(@4);
    $$->number = SGC_EXPECT_FALSE; }
| EXPECT CONTACT NAME '[' table_key ']' expect_in {
    $$ = clause(st, CL_EXPECT, LOC(@1), $5, $7); $$->name = $3; $$->name_loc = LOC(@3);
    $$->number = SGC_EXPECT_TRUE; }
| EXPECT NOT CONTACT NAME '[' table_key ']' expect_in {
    $$ = clause(st, CL_EXPECT, LOC(@1), $6, $8); $$->name = $4; $$->name_loc = LOC(@4);
    $$->number = SGC_EXPECT_FALSE; }
;

expect_in:
  %empty    { $$ = NULL; }
| IN NAME   { $$ = ast_new_expr(C, EX_NAME, LOC(@2)); $$->name = $2; }
;

givens:
  given             { $$ = $1; }
| givens ',' given  { $$ = APPEND(ast_clause, $1, $3); }
;

given:
  NAME '=' given_value {
    $$ = clause(st, CL_GIVEN, LOC(@1), NULL, $3); $$->name = $1; $$->name_loc = LOC(@1); }
;

given_value:
  literal   { $$ = $1; }
| NAME      { $$ = ast_new_expr(C, EX_NAME, LOC(@1)); $$->name = $1; }
| UNKNOWN   { $$ = NULL; }
;

expr:
  expr OR expr      { $$ = binary(st, EX_OR, $1, $3, LOC(@2)); }
| expr AND expr     { $$ = binary(st, EX_AND, $1, $3, LOC(@2)); }
| NOT expr          { $$ = binary(st, EX_NOT, $2, NULL, LOC(@1)); }
| ESTABLISHED expr  { $$ = binary(st, EX_ESTABLISHED, $2, NULL, LOC(@1)); }
| compare           { $$ = $1; }
;

compare:
  primary                         { $$ = $1; }
| primary compare_op primary      { $$ = binary(st, EX_COMPARE, $1, $3, LOC(@2)); $$->op = $2; }
| primary IN in_target            { $$ = negatable(st, EX_IN, NEG_NONE, $1, $3, LOC(@2)); }
| primary NOT_IN in_target        { $$ = negatable(st, EX_IN, NEG_NOT, $1, $3, LOC(@2)); }
| primary IS KNOWN                { $$ = negatable(st, EX_KNOWN, NEG_NONE, $1, NULL, LOC(@2)); }
| primary IS UNKNOWN              { $$ = negatable(st, EX_KNOWN, NEG_NOT, $1, NULL, LOC(@2)); }
| primary WITHIN NAME             { $$ = negatable(st, EX_WITHIN, NEG_NONE, $1, NULL, LOC(@2));
                                    $$->name = $3; }
| primary NOT_WITHIN NAME         { $$ = negatable(st, EX_WITHIN, NEG_NOT, $1, NULL, LOC(@2));
                                    $$->name = $3; }
;

compare_op:
  '='  { $$ = CMP_EQ; }
| NE   { $$ = CMP_NE; }
| '<'  { $$ = CMP_LT; }
| LE   { $$ = CMP_LE; }
| '>'  { $$ = CMP_GT; }
| GE   { $$ = CMP_GE; }
;

in_target:
  primary                 { $$ = $1; }
| primary DOTDOT primary  { $$ = binary(st, EX_RANGE, $1, $3, LOC(@2)); }
| '{' set_items '}'       { $$ = ast_new_expr(C, EX_SET, LOC(@1)); $$->a = $2; }
;

set_items:
  %empty              { $$ = NULL; }
| set_item_list       { $$ = $1; }
| set_item_list ','   { $$ = $1; }
;

set_item_list:
  set_item                    { $$ = $1; }
| set_item_list ',' set_item  { $$ = APPEND(ast_expr, $1, $3); }
;

set_item:
  literal period  { $$ = $1; $$->period = $2; }
| NAME period     { $$ = ast_new_expr(C, EX_NAME, LOC(@1)); $$->name = $1; $$->period = $2; }
;

/* `from DATE`, `until DATE` or both after an item: when it holds. */
period:
  %empty                         { $$ = NULL; }
| FROM DATE_LIT                  { $$ = period(st, LOC(@1), $2, AST_FOR_GOOD); }
| UNTIL DATE_LIT                 { $$ = period(st, LOC(@1), AST_SINCE_ALWAYS, $2); }
| FROM DATE_LIT UNTIL DATE_LIT   { $$ = period(st, LOC(@1), $2, $4); }
;

primary:
  literal                   { $$ = $1; }
| NAME                      { $$ = ast_new_expr(C, EX_NAME, LOC(@1)); $$->name = $1; }
| NOW                       { $$ = ast_new_expr(C, EX_NOW, LOC(@1)); }
| TODAY                     { $$ = ast_new_expr(C, EX_TODAY, LOC(@1)); }
| '(' expr ')'              { $$ = $2; }
| NAME '(' expr ')'         { $$ = call(st, $1, $3, LOC(@1)); }
| DATE '(' expr ')'         { $$ = call(st, builtin_fns[FN_DATE].name, $3, LOC(@1)); }
| AT LEAST INT_LIT OF NAME  { $$ = ast_new_expr(C, EX_COUNT, LOC(@1)); $$->op = COUNT_AT_LEAST;
                              $$->number = $3; $$->name = $5; }
| ANY OF NAME               { $$ = ast_new_expr(C, EX_COUNT, LOC(@1)); $$->op = COUNT_ANY;
                              $$->name = $3; }
| ALL OF NAME               { $$ = ast_new_expr(C, EX_COUNT, LOC(@1)); $$->op = COUNT_ALL;
                              $$->name = $3; }
;

literal:
  TRUE_         { $$ = ast_new_expr(C, EX_BOOL, LOC(@1)); $$->number = 1; }
| FALSE_        { $$ = ast_new_expr(C, EX_BOOL, LOC(@1)); $$->number = 0; }
| INT_LIT       { $$ = ast_new_expr(C, EX_INT, LOC(@1)); $$->number = $1; }
| STRING        { $$ = ast_new_expr(C, EX_TEXT, LOC(@1)); $$->text = $1; }
| DATE_LIT      { $$ = ast_new_expr(C, EX_DATE, LOC(@1)); $$->number = $1; }
| DATETIME_LIT  { $$ = ast_new_expr(C, EX_DATETIME, LOC(@1)); $$->number = $1; }
;

table_entries:
  %empty                { $$ = NULL; }
| table_entry_list      { $$ = $1; }
| table_entry_list ','  { $$ = $1; }
;

table_entry_list:
  table_entry                       { $$ = $1; }
| table_entry_list ',' table_entry  { $$ = APPEND(ast_item, $1, $3); }
;

table_entry:
  table_key ':' STRING entry_attrs period {
    $$ = ast_new_item(C, LOC(@1)); $$->key = $1;
    $$->value = ast_new_expr(C, EX_TEXT, LOC(@3)); $$->value->text = $3; $$->attrs = $4;
    $$->period = $5; }
| table_key ':' '{' fields '}' entry_attrs period {
    $$ = ast_new_item(C, LOC(@1)); $$->key = $1; $$->fields = $4; $$->attrs = $6;
    $$->period = $7; }
;

/* `open WINDOW` and `checked DATE` after an entry or a table's name: each
 * an item whose key is the word and whose value the window's name (EX_NAME)
 * or the date (EX_DATE). `open` and `checked` are words only here (a fact
 * may be called open), so check_table checks them, as check_window checks
 * `holidays`. */
entry_attrs:
  %empty                   { $$ = NULL; }
| entry_attrs entry_attr   { $$ = APPEND(ast_item, $1, $2); }
;

entry_attr:
  NAME NAME      { $$ = ast_new_item(C, LOC(@1)); $$->key = $1;
                   $$->value = ast_new_expr(C, EX_NAME, LOC(@2)); $$->value->name = $2; }
| NAME DATE_LIT  { $$ = ast_new_item(C, LOC(@1)); $$->key = $1;
                   $$->value = ast_new_expr(C, EX_DATE, LOC(@2)); $$->value->number = $2; }
;

table_key:
  NAME    { $$ = $1; }
| STRING  { $$ = $1; }
;

fields:
  %empty          { $$ = NULL; }
| field_list      { $$ = $1; }
| field_list ','  { $$ = $1; }
;

field_list:
  field                 { $$ = $1; }
| field_list ',' field  { $$ = APPEND(ast_item, $1, $3); }
;

field:
  NAME ':' STRING period {
    $$ = ast_new_item(C, LOC(@1)); $$->key = $1;
    $$->value = ast_new_expr(C, EX_TEXT, LOC(@3)); $$->value->text = $3; $$->period = $4; }
;

%%

/* Describe a grammar symbol for a message: keywords and punctuation
 * quoted, token classes ("name", "quoted text") in words. */
/* The word for a token that is not written as itself ("name", "end of
 * file"), in the language of messages. */
static const char *parse_token_word(const char *name) {
  static const char *const words[] = {N_("end of file"), N_("name"), N_("quoted text"),
                                      N_("integer"), N_("date literal"),
                                      N_("date-time literal"), N_("time of day")};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(words[i], name) == 0) return diag_word(words[i]);
  return name;
}

static const char *parse_symbol_text(yysymbol_kind_t sym, int article, char *buf, size_t len) {
  const char *name = yysymbol_name(sym);
  switch (sym) {
  case YYSYMBOL_NAME: case YYSYMBOL_STRING: case YYSYMBOL_DATE_LIT:
  case YYSYMBOL_DATETIME_LIT: case YYSYMBOL_CLOCK_LIT: case YYSYMBOL_INT_LIT:
    if (article)
      snprintf(buf, len, "%s %s", diag_word(sym == YYSYMBOL_INT_LIT ? N_("an") : N_("a")),
               parse_token_word(name));
    else
      snprintf(buf, len, "%s", parse_token_word(name));
    return buf;
  case YYSYMBOL_YYEOF:
    return parse_token_word(name);
  default:
    break;
  }
  if (name[0] == '\'') return name;
  snprintf(buf, len, "'%s'", name);
  return buf;
}

/* Whether the tokens just read are a text or '}' (the end of a table entry),
 * a name and ':': the name, where only `open WINDOW` or `checked DATE` may follow an entry,
 * began the next entry, and a ',' is missing before it (`a: "x" b: "y"`). */
static int parse_missing_comma(const struct lex_state *st) {
  const int *r = st->recent;
  return (r[0] == STRING || r[0] == '}') && r[1] == NAME && r[2] == ':';
}

/* The keyword closest to the name `text` (len bytes), within two edits
 * (one for a short name), or NULL: `recomend` is `recommend`. */
static const char *parse_keyword_near(const char *text, size_t len) {
  char name[64];
  if (len == 0 || len >= sizeof name) return NULL;
  memcpy(name, text, len);
  name[len] = '\0';
  size_t best_d = len <= 3 ? 0 : len <= 5 ? 1 : 2;
  const char *best = NULL;
  static char word[32];
  for (int i = 0; i < YYNTOKENS && best_d > 0; i++) {
    yysymbol_kind_t k = (yysymbol_kind_t)i;
    if (k == YYSYMBOL_NAME || k == YYSYMBOL_STRING || k == YYSYMBOL_INT_LIT ||
        k == YYSYMBOL_DATE_LIT || k == YYSYMBOL_DATETIME_LIT || k == YYSYMBOL_CLOCK_LIT)
      continue;  /* token classes, not words */
    const char *kw = yysymbol_name(k);
    size_t n = strspn(kw, "abcdefghijklmnopqrstuvwxyz");
    if (n < 2 || kw[n] != '\0' || n >= sizeof word) continue;  /* "end of file", "not in" */
    size_t d = sgr_edit_distance(name, kw, best_d);
    if (d > 0 && d <= best_d && (best == NULL || d < best_d)) {
      memcpy(word, kw, n + 1);
      best = word;
      best_d = d;
    }
  }
  return best;
}

/* Whether `line` has, around byte `at` (within 12 bytes either way), the
 * shape `pattern`: 'd' one or two digits, 'D' four digits, any other byte
 * itself; *from gets where it starts. */
static int parse_shape_near(const char *line, size_t len, size_t at, const char *pattern,
                            size_t *from) {
  for (size_t start = at > 12 ? at - 12 : 0; start <= at + 1 && start < len; start++) {
    if (start > 0 && line[start - 1] >= '0' && line[start - 1] <= '9') continue;
    size_t i = start;
    const char *p = pattern;
    for (; *p && i < len; p++) {
      int want = *p == 'd' ? 2 : *p == 'D' ? 4 : 0, got = 0;
      if (want == 0) {
        if (line[i] != *p) break;
        i++;
        continue;
      }
      while (i < len && got < want && line[i] >= '0' && line[i] <= '9') i++, got++;
      if (got == 0 || (*p == 'D' && got != 4)) break;
    }
    if (*p == '\0' && (i == len || line[i] < '0' || line[i] > '9') && i > at) {
      *from = start;
      return 1;
    }
  }
  return 0;
}

/* A note after a syntax error where a person's habit explains it: a
 * keyword misspelt, Dutch `en`/`of`/`niet`, a Dutch date (DD-MM-YYYY) or
 * time (HH.MM). */
static void parse_hint(struct lex_state *st, ast_loc at, yysymbol_kind_t got, const char *text,
                       size_t text_len) {
  static const struct { const char *dutch, *word; } dutch[] = {
    {"en", "and"}, {"of", "or"}, {"niet", "not"}, {"anders", "unless"}, {"tenzij", "unless"},
    {"als", "when"}, {"wanneer", "when"}, {"bron", "source"}, {"feit", "fact"},
    {"regel", "rule"}, {"voorwaarde", "condition"},
  };
  for (size_t i = 0; text != NULL && i < sizeof dutch / sizeof dutch[0]; i++)
    if (strlen(dutch[i].dutch) == text_len && memcmp(text, dutch[i].dutch, text_len) == 0) {
      diag_note(st->c, at, "the rule language is written in English words: '%s', not the Dutch "
                "'%s'", dutch[i].word, dutch[i].dutch);  /* `of` is a keyword too: `any of` */
      return;
    }
  if (got == YYSYMBOL_NAME && text != NULL) {
    const char *kw = parse_keyword_near(text, text_len);
    if (kw != NULL) {
      diag_note(st->c, at, "did you mean the keyword '%s'?", kw);
      return;
    }
  }
  size_t len, col, from;
  const char *line = diag_source_line(st->c, at, &len, &col);
  if (line == NULL) return;
  if (parse_shape_near(line, len, col, "d-d-D", &from)) {
    int d = 0, m = 0, y = 0;
    if (sscanf(line + from, "%d-%d-%d", &d, &m, &y) == 3)
      diag_note(st->c, at, "a date is written year-month-day: %04d-%02d-%02d", y, m, d);
  } else if (parse_shape_near(line, len, col, "d.d", &from)) {
    int h = 0, m = 0;
    if (sscanf(line + from, "%d.%d", &h, &m) == 2)
      diag_note(st->c, at, "a time of day is written with a colon: %02d:%02d", h, m);
  }
}

static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, struct lex_state *st) {
  (void)scanner;
  enum { MAX_EXPECTED = 5 };
  yysymbol_kind_t expected[MAX_EXPECTED];
  int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
  char msg[512], tok[64];
  yysymbol_kind_t got = yypcontext_token(ctx);
  ast_loc at = parse_loc(st, yypcontext_location(ctx));
  if (parse_missing_comma(st)) {
    diag_error(st->c, at, "unexpected ':' after '%s'; expected ',' before '%s' (a new entry), "
               "or 'open WINDOW' or 'checked DATE' after an entry", st->recent_name, st->recent_name);
    return 0;
  }
  int len = snprintf(msg, sizeof msg, diag_word(N_("unexpected %s")),
                     parse_symbol_text(got, 0, tok, sizeof tok));
  size_t text_len;
  const char *text = diag_source_text(st->c, at, &text_len);
  if (text && (got == YYSYMBOL_NAME || got == YYSYMBOL_INT_LIT) && text_len < 64)
    len += snprintf(msg + len, sizeof msg - (size_t)len, " '%.*s'", (int)text_len, text);
  if (n > 0 && n < MAX_EXPECTED) {
    for (int i = 0; i < n && len < (int)sizeof msg; i++)
      len += snprintf(msg + len, sizeof msg - (size_t)len, "%s%s",
                      diag_word(i == 0 ? N_("; expected ") : i == n - 1 ? N_(" or ") : ", "),
                      parse_symbol_text(expected[i], 1, tok, sizeof tok));
  }
  diag_error(st->c, at, "%s", msg);
  parse_hint(st, at, got, text, text ? text_len : 0);
  return 0;
}
