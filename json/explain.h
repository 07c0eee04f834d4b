/* explain.h — the explanation of one rule's outcome as a tree built from
 * the runtime's reasons (sg_rule_reasons, sg_pred_reasons): the predicates,
 * facts (with their values) and the moment its `when` and `unless` rest on;
 * and, as sets, the predicates and windows it rests on.
 */
#ifndef SG_CLI_EXPLAIN_H
#define SG_CLI_EXPLAIN_H

#include <stddef.h>

#include "case_view.h"

/* How deep a chain goes before its reasons are left out. */
#define EXPLAIN_MAX_DEPTH 12

/* One reason: a predicate with its own reasons, a fact, or the moment; its
 * names resolved ("" when absent). */
typedef struct explain_node {
  sg_reason_kind kind;
  size_t index;                  /* fact slot or predicate; 0 for the moment */
  const char *name;              /* the predicate's or fact's name */
  const char *label;             /* a predicate's label */
  const char *title;             /* a predicate's label, or its name */
  const char *citation;          /* a predicate's citation */
  const char *question;          /* a fact's question */
  int signal;                    /* a predicate: 1 a signal, 0 a condition */
  sg_truth truth;                /* a predicate's value */
  char *value;                   /* a fact's or the moment's value as text
                                    (owned), NULL when unknown */
  cli_value fact;                /* a fact's value (type 0: unknown), its
                                    text borrowed from the session */
  int repeat;                    /* a predicate explained earlier in the same
                                    chain: its reasons are not repeated */
  int cut;                       /* EXPLAIN_MAX_DEPTH reached: reasons left out */
  size_t count;
  struct explain_node *reasons;  /* owned array of `count` */
} explain_node;

/* The `when` or `unless` of a rule. */
typedef struct {
  sg_truth truth;
  size_t count;
  explain_node *reasons;         /* owned */
} explain_part;

/* The explanation of a rule: its `when`, and its `unless` if it has one. */
typedef struct {
  size_t rule;
  explain_part when;
  int has_unless;
  explain_part unless;
} explain_rule;

/* Explain rule `rule` of the session's case, after its evaluation, into
 * *out. Returns 0, or -1 when out of memory (then *out holds nothing to free). */
int explain_build(const case_session *s, size_t rule, explain_rule *out);
void explain_free(explain_rule *e);

/* What rule `rule`'s outcome rests on, as far as its reasons go (no depth
 * limit): sets preds[p] for every predicate its `when`, `unless` and
 * contact keys rest on, directly or through other predicates, and
 * windows[w] for every window that the rule or such a predicate reads
 * (`within`) where its value rests on a date-time, the moment or a
 * datetime fact (what `within` reads). `preds` and `windows` hold a flag
 * per predicate and per window; both are cleared first. Returns 0, or -1
 * when out of memory. */
int explain_rests_on(const case_session *s, size_t rule, unsigned char *preds,
                     unsigned char *windows);

/* The unknown facts the key of contact action `action` of `rule` waits
 * for, in a new array (free it) with *count; *count 0 (and NULL) when the
 * key is known. Returns -1 when out of memory, else 0. */
int explain_key_waiting(const case_session *s, size_t rule, size_t action, size_t **slots,
                        size_t *count);

/* A walk over an explanation, for writers: `enter` for the `when`, then for
 * each of its reasons depth first, and the same for the `unless`; `leave`
 * (may be NULL) after each. One step is a part (node NULL) or a reason. */
typedef struct {
  unsigned part;                 /* SG_PART_WHEN or SG_PART_UNLESS */
  sg_truth truth;                /* the part's value */
  const explain_node *node;      /* NULL: the part itself */
  size_t depth;                  /* 0: a direct reason of the part */
  int walked;                    /* at leave: the node's reasons were walked */
} explain_step;

typedef struct {
  /* For a node, returns 1 to walk its reasons, 0 to leave them out. */
  int (*enter)(void *userdata, const explain_step *step);
  void (*leave)(void *userdata, const explain_step *step);
} explain_visitor;

/* Which predicates a report has explained so far: writers that print
 * several chains show a predicate's reasons once per report ("zie boven"). */
typedef struct {
  unsigned char *shown;   /* shown[pred], owned */
} explain_seen;

/* Start with nothing shown for a rulebook of `preds` predicates. Returns
 * 0, or -1 when out of memory (the writer then fails: a report that shows
 * a chain twice is not the report). */
int explain_seen_init(explain_seen *seen, size_t preds);
void explain_seen_free(explain_seen *seen);
/* Whether the reasons of predicate node `node` are to be shown here: not
 * when shown before (then *repeat is set), else marks them shown. */
int explain_seen_first(explain_seen *seen, const explain_node *node, int *repeat);

void explain_walk(const explain_rule *e, const explain_visitor *v, void *userdata);

/* The heading of a part: "waarom" for a `when`, "uitzondering niet van
 * toepassing" for a false `unless`, and so on. */
const char *explain_part_heading(unsigned part, sg_truth truth);

#endif
