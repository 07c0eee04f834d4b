/* builtins.c — the table of built-in functions (weekday, hour, date): the
 * name the grammar resolves, the argument and result types the checker
 * enforces, and the instruction the code generator emits. A new function
 * is one line here plus its ast_builtin name in ast.h and its opcode.
 */
#include "compiler.h"
#include "format.h"

#include <string.h>

#define ARG(k) (1u << (k))

const builtin_fn builtin_fns[FN__COUNT] = {
  [FN_WEEKDAY] = { "weekday", ARG(TY_DATE) | ARG(TY_DATETIME), TY_INT, SG_OP_WEEKDAY },
  [FN_HOUR] = { "hour", ARG(TY_DATETIME), TY_INT, SG_OP_HOUR },
  [FN_DATE] = { "date", ARG(TY_DATETIME), TY_DATE, SG_OP_DATEOF },
};

/* The built-in function called `name`, or FN_UNKNOWN. */
ast_builtin builtin_find(const char *name) {
  for (int i = 0; i < FN__COUNT; i++)
    if (strcmp(builtin_fns[i].name, name) == 0) return (ast_builtin)i;
  return FN_UNKNOWN;
}
