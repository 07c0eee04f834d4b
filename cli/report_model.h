/* report_model.h — the report of one evaluated case, collected once
 * (report_model.c) and rendered by every format: text, JSON, Markdown and
 * HTML read only this, never the rules themselves.
 */
#ifndef SG_CLI_REPORT_MODEL_H
#define SG_CLI_REPORT_MODEL_H

#include <stddef.h>
#include <stdio.h>

#include "explain.h"
#include "report.h"

/* A recommend or attention action of a fired rule. */
typedef struct {
  size_t rule, action;
} report_action;

/* One distinct contact (table, entry), with every fired rule calling for it. */
typedef struct {
  const char *table_name;
  long table;              /* -1: no table of that name */
  long entry;              /* -1: the key is unknown or names no entry */
  size_t rule_count;
  size_t *rules;           /* owned; in rule order */
  size_t waiting_count;
  size_t *waiting;         /* owned; entry -1: the unknown facts the key reads
                              (empty: the key is known but names no entry) */
} report_contact;

/* An undetermined rule and the facts it waits for. */
typedef struct {
  size_t rule;
  size_t waiting_count;
  size_t *waiting;         /* owned, ascending slots */
} report_undetermined;

typedef struct report_model {
  int explain;             /* the explanations are collected (the text report
                              shows them: --explain) */
  const sg_rulebook *rb;
  int64_t now;
  char now_text[24];       /* YYYY-MM-DDTHH:MM:SS */
  char effective[24];      /* YYYY-MM-DD */
  char bytecode_hash[65];
  char source_hash[65];
  size_t recommendation_count;
  report_action *recommendations;
  size_t attention_count;
  report_action *attention;
  size_t contact_count;
  report_contact *contacts;
  size_t undetermined_count;
  report_undetermined *undetermined;
  size_t question_count;
  sg_question *questions;  /* most useful first (sg_open_questions) */
  explain_rule *explanations; /* by rule, NULL unless explained; an entry
                                 is set (has `when`) for each fired rule */
  unsigned char *explained;   /* explained[rule]: explanations[rule] is set */
  size_t signal_count;
  size_t *signals;         /* owned: every signal, in predicate order */
  sg_truth *signal_values; /* owned: their values */
  long reading_list;       /* the reading-list table, or -1 */
} report_model;

/* Collect the report of the session's evaluated case into *m; with
 * `explain`, also the explanation of every fired rule. Returns 0, or -1 when
 * out of memory (then *m holds nothing to free). */
int report_model_build(report_model *m, const case_session *s, int explain);
void report_model_free(report_model *m);

/* The explanation of a fired rule, or NULL when the model has none. */
const explain_rule *report_model_why(const report_model *m, size_t rule);

/* The renderers (output_*.c). Each returns an exit code. */
int render_text(FILE *out, const report_model *m);
int render_json(FILE *out, const report_model *m);
int render_markdown(FILE *out, const report_model *m);
int render_html(FILE *out, const report_model *m);

#endif
