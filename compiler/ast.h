/* ast.h — the syntax tree of a rulebook, built by the grammar actions and
 * annotated (resolved names, types) by the checker. All nodes live in the
 * compiler's arena and are freed with it; nothing here owns memory.
 */
#ifndef SGC_AST_H
#define SGC_AST_H

#include <stddef.h>
#include <stdint.h>

#include "signaal_compiler.h"

typedef struct arena arena;

/* A position in a source file: file index into the compiler's file list. */
typedef struct {
  int file;
  int line, column;
  int length;  /* bytes the construct spans on its first line (0: unknown) */
} ast_loc;

/* Static types of expressions. TY_BOOL … TY_DATETIME are types.def's, with
 * its codes (check_types.c asserts TY_x == SG_x == SGC_GIVEN_x); TY_ERROR
 * and TY_ENUMNAME are the checker's own. Enum types are named by the
 * declaring fact. */
typedef enum {
  TY_ERROR = 0,
#define TYPE(ID, code, name, article, ordered, json) TY_##ID = (code),
#include "types.def"
#undef TYPE
  TY_ENUMNAME  /* a bare name still to be resolved as an enum value */
} ast_type_kind;

typedef struct {
  ast_type_kind kind;
  int enum_fact; /* for TY_ENUM: index of the declaring fact */
} ast_type;

typedef enum {
  EX_BOOL, EX_INT, EX_TEXT, EX_DATE, EX_DATETIME, EX_NAME, EX_NOW, EX_TODAY,
  EX_NOT, EX_ESTABLISHED, EX_AND, EX_OR, EX_COMPARE, EX_IN, EX_KNOWN, EX_WITHIN, EX_COUNT,
  EX_CALL, EX_SET, EX_RANGE
} ast_expr_kind;

/* What an expression's `op` holds, by kind. */
typedef enum { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE } ast_compare; /* EX_COMPARE */
typedef enum { COUNT_AT_LEAST, COUNT_ANY, COUNT_ALL } ast_count_kind;        /* EX_COUNT */
/* EX_IN, EX_KNOWN, EX_WITHIN: "in" or "not in", "is known" or "is unknown",
 * "within" or "not within". */
typedef enum { NEG_NONE, NEG_NOT } ast_negation;
/* EX_CALL: the built-in function called (builtin_fns[] in builtins.c). */
typedef enum { FN_WEEKDAY, FN_HOUR, FN_DATE, FN__COUNT, FN_UNKNOWN = FN__COUNT } ast_builtin;

/* What a name refers to, after checking. */
typedef enum {
  REF_NONE, REF_FACT, REF_PRED, REF_ENUM_VALUE, REF_SET, REF_TABLE, REF_WINDOW, REF_GROUP
} ast_ref_kind;

/* A period of validity (`from DATE`, `until DATE`): days since 1970-01-01,
 * `from` inclusive, `until` exclusive; an open end is AST_SINCE_ALWAYS or
 * AST_FOR_GOOD. A declaration or item without one holds always (NULL). */
#define AST_SINCE_ALWAYS INT32_MIN
#define AST_FOR_GOOD INT32_MAX
typedef struct {
  int32_t from, until;
  ast_loc loc;         /* of the first word, `from` or `until` */
} ast_period;

/* Limits of the language (docs/language.md, "Limits"): how deep an
 * expression may nest (the checker and the code generator recurse on it),
 * and how many values an enum may have (an instruction names one in 16
 * bits). */
#define SGC_MAX_EXPR_DEPTH 500
#define SGC_MAX_ENUM_VALUES 65536
/* How deep `include` may nest (each level is one C stack frame of the driver). */
#define SGC_MAX_INCLUDE_DEPTH 64

typedef struct ast_expr ast_expr;
struct ast_expr {
  ast_expr_kind kind;
  ast_loc loc;
  int op;            /* ast_compare, ast_count_kind, ast_negation or ast_builtin */
  ast_expr *a, *b;   /* operands; EX_IN: a in b; EX_RANGE: a .. b */
  ast_expr *next;    /* sibling in a set literal's item list */
  ast_period *period; /* an item of a set: when it is in the set; NULL: always */
  int depth;         /* 1 + the deepest operand's (the parser keeps it below
                        SGC_MAX_EXPR_DEPTH) */
  const char *name;  /* EX_NAME, EX_CALL (function), EX_WITHIN/EX_COUNT (window/group) */
  const char *text;  /* EX_TEXT */
  int64_t number;    /* EX_BOOL, EX_INT, EX_DATE (days), EX_DATETIME (seconds), EX_COUNT (N) */
  /* set by the checker */
  ast_type type;
  ast_ref_kind ref;
  int index;         /* fact, predicate (in evaluation order), set, table, window,
                        group or enum value index: final, as in the bytecode; for
                        an EX_TEXT typed as a country, the country's index */
  int enum_fact;     /* REF_ENUM_VALUE: the fact declaring the enum */
};

/* Clauses of signals, conditions, rules, windows and facts, in source order. */
typedef enum {
  CL_LABEL, CL_WHEN, CL_UNLESS, CL_RECOMMEND, CL_ATTENTION, CL_CONTACT,
  CL_SOURCE, CL_JUSTIFY, CL_STEP, CL_ASK, CL_PROTECTED,
  CL_NOW, CL_GIVEN, CL_EXPECT, CL_VERSION, CL_EFFECTIVE, CL_CASE, CL_REFERENCES,
  CL_ASSUMPTION, CL_OPTIONAL, CL_URGENT, CL_BY, CL_FROM, CL_UNTIL, CL_DOCUMENT
} ast_clause_kind;

typedef struct ast_clause ast_clause;
struct ast_clause {
  ast_clause_kind kind;
  ast_loc loc;
  const char *text;  /* label, recommend/attention text, source, justification, ask,
                        assumption */
  const char *name;  /* justify fact, contact table, given fact, expect name, actor (by) */
  ast_loc name_loc;  /* of the name; of the text of an assumption, a source or a
                        document */
  ast_expr *expr;    /* when, unless, contact key, given value */
  int64_t number;    /* step; now (seconds); expect kind (sgc_expect_kind); set by
                        the checker: the index of the table of a contact or
                        references clause, of the fact of a justify clause */
  ast_clause *next;
};

/* An item of a set, a table entry or a record field. */
typedef struct ast_item ast_item;
struct ast_item {
  ast_loc loc;
  const char *key;     /* table key, record field name */
  ast_expr *value;     /* set element (literal or name) or table text value */
  ast_item *fields;    /* table entry of a record: its fields (value = EX_TEXT) */
  ast_item *attrs;     /* table entry: `open WINDOW` and `checked DATE`, each an
                          item (key: the word; value: the name or the date) */
  ast_period *period;  /* set item, table entry or field: when it holds; NULL: always */
  ast_item *next;
  /* set by the checker */
  int window;          /* table entry: the index of its window (its own
                          `open`, else its table's), or -1 */
  int has_checked;     /* table entry: whether it says when it was last checked */
  int32_t checked;     /* (its own `checked DATE`, else its table's), in days, */
  ast_loc checked_loc; /* written here */
};

typedef enum {
  DECL_HEADER, DECL_INCLUDE, DECL_FACT, DECL_SET, DECL_TABLE, DECL_WINDOW,
  DECL_GROUP, DECL_SIGNAL, DECL_CONDITION, DECL_RULE, DECL_EXAMPLE, DECL_ACTOR
} ast_decl_kind;

typedef struct ast_decl ast_decl;
struct ast_decl {
  ast_decl_kind kind;
  ast_loc loc;         /* of the keyword */
  const char *name;    /* NULL for header, include, example */
  ast_loc name_loc;
  const char *text;    /* header title, include path, group label, example title */
  ast_clause *clauses; /* header: version (CL_LABEL) etc. are fields below */
  /* header */
  /* fact: its type; set: the element type written after ':' (TY_ERROR when
     none is written: the items and their use decide) */
  ast_type_kind fact_type;
  ast_loc set_type_loc;   /* set: of the type written after ':' */
  ast_item *enum_values;  /* item->key */
  /* set, table */
  ast_item *items;
  ast_item *attrs;        /* table: `open WINDOW` and `checked DATE` for all its
                             entries, as an entry's */
  /* window */
  unsigned day_mask;
  int start_minute, end_minute;
  ast_item *except;       /* the words after `except` (item->key), or NULL */
  /* signal */
  const char *group; ast_loc group_loc;
  ast_decl *next;

  /* set by the checker */
  int index;                      /* in its kind's table, as in the bytecode */
  int group_index;                /* signals: the group's index */
  ast_clause *by;                 /* rules: the `by` clause, or NULL */
  ast_period *period;             /* rules, signals, conditions, windows: `from`,
                                     `until`; NULL when undated */
  int actor_index;                /* rules: the actor's index; -1: none */
  ast_clause *when, *unless, *source, *label, *ask; /* the single clauses */
  int is_protected, is_optional, is_urgent, has_step, step;
  int except_holidays, except_good_friday; /* windows: what `except` names */
  ast_type set_type;              /* sets: element type (TY_ENUMNAME until bound) */
  int set_bound;                  /* sets: the element type is settled (declared, or
                                     by a use); until then texts may become countries */
  const char **fields; int field_count; /* tables of records: field names */
  ast_decl **deps; size_t dep_count, dep_cap;         /* predicates read */
  ast_decl **members; size_t member_count, member_cap; /* groups: signals */
  int *reads; ast_loc *read_locs; size_t read_count, read_cap; /* facts read */
  int mark;                       /* depth-first search state */
};

/* The arena: bump allocation, freed all at once. */
arena *arena_new(void);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t size); /* zeroed; NULL when out of memory */
char *arena_strndup(arena *a, const char *s, size_t n);

/* Node constructors for the grammar actions: zeroed nodes from the
 * compiler's arena (an allocation failure jumps out of the compile). */
ast_expr *ast_new_expr(sgc_compiler *c, ast_expr_kind kind, ast_loc loc);
ast_clause *ast_new_clause(sgc_compiler *c, ast_clause_kind kind, ast_loc loc);
ast_item *ast_new_item(sgc_compiler *c, ast_loc loc);
ast_decl *ast_new_decl(sgc_compiler *c, ast_decl_kind kind, ast_loc loc);

#endif
