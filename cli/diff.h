/* diff.h — the semantic difference of two rulebooks, or of one rulebook on
 * two decision dates, as a list of changes in canonical source form
 * (canon.h): what `signaal diff` prints. Declarations are matched by name,
 * never by index or position; set elements by value, table entries by key
 * and period, actions by what they say. The list comes in a stable order:
 * metadata, facts, sets, tables, windows, groups, signals and conditions,
 * rules, actors, assumptions (then examples, diff_titles), each part by
 * name.
 */
#ifndef SG_CLI_DIFF_H
#define SG_CLI_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "signaal.h"

typedef enum { DIFF_ADDED, DIFF_REMOVED, DIFF_CHANGED } diff_kind;

/* One change. A whole declaration added or removed has no field, and its
 * canonical source in `after` or `before`. A changed declaration names the
 * field that changed ("when", "period", …), with the item it is about
 * when it is one of several (a set's element "GB", a table's entry
 * comensha), and the field's value on each side (NULL: none). An item
 * added to or removed from a declaration (`sub` '+' or '-') has the item's
 * kind as its field ("element", "entry", "action", "justify") and its
 * source in `after` or `before`. */
typedef struct {
  diff_kind kind;
  const char *what;       /* "metadata", "fact", "set", "table", "window", "group",
                             "signal", "condition", "rule", "actor", "assumption",
                             "example" */
  const char *name;       /* NULL for the metadata */
  const char *item;       /* NULL: the declaration itself */
  const char *field;
  const char *before, *after;
  char sub;               /* '+' or '-' for an item added or removed; 0 otherwise */
} diff_change;

/* The changes, and the memory that holds their texts. */
typedef struct diff_chunk diff_chunk;
typedef struct {
  diff_change *changes;
  size_t count, cap;
  diff_chunk *memory;
  int failed;             /* memory ran out: the list is incomplete */
} diff_list;

/* One side: a rulebook as it is, or only what holds on a decision date. */
typedef struct {
  const sg_rulebook *rb;
  int dated;              /* 1: only what holds on `asof` */
  int32_t asof;
} diff_view;

/* Append the changes from `old` to `new_`. Between two rulebooks, a key
 * whose versions changed pairs an old version with the new one it is most
 * like (so a new end date is one change); between two dates of one
 * rulebook, each version is itself, present or not. */
void diff_rulebooks(diff_list *out, const diff_view *old, const diff_view *new_);

/* Append `what` added or removed by title (an example's), comparing the
 * two lists as multisets. */
void diff_titles(diff_list *out, const char *what, const char *const *old, size_t nold,
                 const char *const *new_, size_t nnew);

void diff_free(diff_list *list);

#endif
