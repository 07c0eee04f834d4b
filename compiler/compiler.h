/* compiler.h — the compiler's internal state shared by its phases: source
 * files, diagnostics, the declaration list, and the entry points of each
 * phase (parse_file, check_rulebook, gen_image). Not a public header.
 */
#ifndef SGC_COMPILER_H
#define SGC_COMPILER_H

#include <setjmp.h>
#include <stdarg.h>

#include "ast.h"
#include "signaal_compiler.h"

typedef struct {
  char *name;          /* as given or as resolved relative to the includer:
                          for reading and for diagnostics */
  char *stored;        /* as the image names it (paths.c): the main file's
                          base name, the others relative to its directory */
  char *text;          /* the whole file, NUL-terminated; owned by the compiler */
  size_t size;
  int seen_line;       /* diagnostics: the last line found, and where it */
  size_t seen_at;      /* starts, so that finding a later one does not
                          rescan the file from line 1 */
} source_file;

/* Growable array of pointers or plain structs, used across the compiler. */
#define VEC(T) struct { T *items; size_t count, cap; }

/* Resolved declarations by kind, indexed as in the bytecode. */
typedef struct {
  VEC(ast_decl *) facts, sets, tables, windows, groups, preds, rules, examples, actors;
} decl_tables;

struct sgc_compiler {
  arena *arena;
  jmp_buf *oom;              /* where an allocation failure jumps to (compiler_oom) */
  int out_of_memory;         /* the compile stopped because an allocation failed */
  char *reading;             /* a file's text read with malloc, not yet in the
                                arena: freed where an allocation failure lands */
  VEC(source_file) files;
  struct path_parts *main_dir; /* the main file's directory, for stored names */
  const char *cwd;           /* the current directory, once asked ("": unknown) */
  VEC(sgc_diagnostic) diags;
  int errors;                /* errors found, shown or not */
  int errors_dropped;        /* ... of which past max_errors, not shown */
  int max_errors;            /* errors kept and shown (0: all); sgc_set_max_errors */
  ast_decl *decls, **decls_tail; /* every declaration of every file, in read order */
  ast_decl *header;
  decl_tables tables;
  /* symbol table: open addressing on name -> declaration */
  ast_decl **symbols; size_t symbol_cap;
  /* predicates in evaluation order (topological), rules in output order */
  VEC(ast_decl *) pred_order, rule_order;
  uint8_t *image; size_t image_size;
  VEC(sgc_example) examples;
  VEC(sgc_position) assumptions; /* where each assumption the image holds is written */
  /* where each table entry of the image is written (its key) and its
     `checked` (line 0: none), entry after entry; table t's begin at
     table_first.items[t] */
  VEC(sgc_position) entry_keys, entry_checked;
  VEC(size_t) table_first;
  VEC(sgc_document) documents; /* the header's `document`s, read (document.c) */
  VEC(sgc_citation) citations; /* every part of every checked citation */
  int compiled;
  size_t max_file_size;      /* the most bytes a rule file may have */
};

/* Grow a VEC by one element and return a pointer to it (zeroed). */
void *vec_push_(sgc_compiler *c, void **items, size_t *count, size_t *cap, size_t elem);
#define VEC_PUSH(c, v) \
  ((__typeof__((v).items))vec_push_((c), (void **)&(v).items, &(v).count, &(v).cap, sizeof *(v).items))

/* Memory: arena allocations that jump to c->oom on failure. */
_Noreturn void compiler_oom(sgc_compiler *c); /* mark the compile out of memory, jump */
void *sgc_alloc(sgc_compiler *c, size_t size);
char *sgc_strdup(sgc_compiler *c, const char *s);
char *sgc_strndup(sgc_compiler *c, const char *s, size_t n);

/* Diagnostics: print-style message at a position (loc.line 0: none).
 * The first max_errors errors (and their notes; SGC_DEFAULT_MAX_ERRORS
 * unless sgc_set_max_errors) are kept; later ones are counted, not
 * rendered, and diag_finish adds one note saying how many (a flood of
 * errors stays linear). diag_capped: whether the limit is reached, so that
 * a caller can skip work for a message nobody sees. */
int diag_capped(const sgc_compiler *c);
/* Errors after this many get no "did you mean" (the search reads every name). */
enum { DIAG_HINT_LIMIT = 100 };
void diag_finish(sgc_compiler *c);
void diag_error(sgc_compiler *c, ast_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_note(sgc_compiler *c, ast_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A word put into a message ("fact", "a rule") in the language of messages
 * (diag.c: GNU gettext); N_ marks such a word for xgettext where it is
 * written (a table), diag_word translates it where it is used. */
const char *diag_word(const char *msgid) __attribute__((format_arg(1)));
#define N_(msgid) msgid
/* The source text a location spans on its line (NULL when there is none). */
const char *diag_source_text(sgc_compiler *c, ast_loc loc, size_t *len);
/* The whole source line `loc` is on, its length in *len, and in *at the
 * byte offset of loc's column in it (NULL when there is none). */
const char *diag_source_line(sgc_compiler *c, ast_loc loc, size_t *len, size_t *at);

/* Files: read `path` into the file list; returns its index or -1 (with a
 * diagnostic at `from`, the include that asked for it). */
int source_read(sgc_compiler *c, const char *path, ast_loc from);
int source_add(sgc_compiler *c, const char *name, const char *text, size_t len);
/* `path` relative to the directory of the file called `from`. */
char *source_resolve(sgc_compiler *c, const char *from, const char *path);
/* The name the image keeps for the file read as `name` (paths.c): called
 * once per file, in the order read, the main file first. */
char *source_stored_name(sgc_compiler *c, const char *name);

/* Phases. Each returns the number of errors it added. */
int parse_file(sgc_compiler *c, int file);
/* Read the documents the first header names (document.c), after parsing:
 * each is a source file, split into paragraphs. */
int document_read(sgc_compiler *c);
int check_rulebook(sgc_compiler *c);
int gen_image(sgc_compiler *c);

/* Built-in functions (builtins.c), indexed by ast_builtin. */
typedef struct {
  const char *name;     /* as called: "weekday" */
  unsigned args;        /* the argument types it takes: a bit (1u << TY_x) each */
  ast_type_kind result;
  int opcode;           /* the sg_opcode computing it */
} builtin_fn;
extern const builtin_fn builtin_fns[FN__COUNT];
/* The built-in function called `name`, or FN_UNKNOWN. */
ast_builtin builtin_find(const char *name);

#endif
