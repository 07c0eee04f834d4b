/* cmd_graph.c — `signaal graph`: a rulebook as a picture of how a decision
 * is reached, in Graphviz's DOT language (as a DMN decision requirements
 * diagram draws it): the facts at the top, the signals and conditions that
 * read them, the rules at the bottom, an arrow from what is read to what
 * reads it; the windows, sets and tables a block reads, too. Protected
 * facts are drawn in red. `--rule NAME` draws only what that rule rests
 * on (deps.c). The text is deterministic: nodes and edges in index order.
 *
 * With `--facts` (and `--now`, `--as-of`) one case is laid over it: a fact
 * known or not, a signal or condition true (green), false (red) or unknown
 * (dashed), a rule fired (green, bold), not fired (grey) or undetermined
 * (dashed, orange), and the arrows by which true signals and conditions
 * decided a fired rule drawn green. Whether a fact is known is shown,
 * never its value: a picture is shared more easily than a report.
 */
#include "cli.h"
#include "deps.h"
#include "report.h"
#include "oom.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signaal.h"

/* A DOT string: the text in double quotes, '"' and '\' escaped, a newline
 * as \n. */
static void dot_quoted(const char *text) {
  putchar('"');
  for (const char *p = report_str(text); *p; p++) {
    if (*p == '"' || *p == '\\') putchar('\\');
    if (*p == '\n') fputs("\\n", stdout);
    else putchar(*p);
  }
  putchar('"');
}

/* One node: id (kind letter and index), label "name\nlabel", shape and
 * the case's overlay (`extra`, "" without one). */
static void dot_node(char kind, size_t i, const char *name, const char *label, const char *attrs,
                     const char *extra) {
  printf("  %c%zu [label=", kind, i);
  char text[1024];
  if (label != NULL && label[0] != '\0') snprintf(text, sizeof text, "%s\n%s", name, label);
  else snprintf(text, sizeof text, "%s", name);
  /* a long label is broken at spaces after about 32 characters a line, so
   * the picture stays narrow */
  for (size_t k = 0, col = 0; text[k]; k++, col++) {
    if (text[k] == '\n') col = 0;
    else if (text[k] == ' ' && col >= 32) {
      text[k] = '\n';
      col = 0;
    }
  }
  dot_quoted(text);
  printf(", %s%s];\n", attrs, extra);
}

/* The overlay of a truth value: green, red, or dashed for unknown. */
static const char *truth_style(sg_truth t) {
  return t == SG_TRUE    ? ", color=darkgreen, fillcolor=\"#d8f0d8\", style=filled"
         : t == SG_FALSE ? ", color=firebrick, fillcolor=\"#f6dada\", style=filled"
                         : ", color=gray40, style=dashed";
}

/* A rule's overlay: fired, not fired, undetermined. */
static const char *rule_style(sg_truth t) {
  return t == SG_TRUE    ? ", color=darkgreen, fillcolor=\"#d8f0d8\", style=\"filled,bold\""
         : t == SG_FALSE ? ", color=gray50, fontcolor=gray40"
                         : ", color=darkorange, style=\"dashed,bold\"";
}

/* The edges into block `to` (kind letter, index) from what it reads; with
 * a case (`ctx`), an edge from a true predicate into a true block is green:
 * the path that decided it. */
static void dot_edges(const sg_rulebook *rb, const sg_context *ctx, int is_rule, size_t index,
                      char to, size_t *buf, size_t cap) {
  int to_true = ctx != NULL && (is_rule ? sg_rule_outcome(ctx, index) : sg_pred_value(ctx, index)) == SG_TRUE;
  static const struct { sg_read_kind kind; char letter; } reads[] = {
    {SG_READS_FACT, 'f'}, {SG_READS_PRED, 'p'}, {SG_READS_WINDOW, 'w'}, {SG_READS_SET, 's'},
    {SG_READS_TABLE, 't'},
  };
  for (size_t k = 0; k < sizeof reads / sizeof reads[0]; k++) {
    size_t n = is_rule ? sg_rule_reads(rb, index, reads[k].kind, buf, cap)
                       : sg_pred_reads(rb, index, reads[k].kind, buf, cap);
    for (size_t i = 0; i < n && i < cap; i++) {
      int decided = to_true && reads[k].kind == SG_READS_PRED && sg_pred_value(ctx, buf[i]) == SG_TRUE;
      printf("  %c%zu -> %c%zu%s;\n", reads[k].letter, buf[i], to, index,
             decided ? " [color=darkgreen, penwidth=2]" : "");
    }
  }
}

/* Every node that `m` marks (all when m is NULL), then every edge into a
 * marked predicate or rule; with a case `s` (NULL: none), its overlay. */
static void dot_graph(const sg_rulebook *rb, const deps_marks *m, long only_rule,
                      const case_session *s, size_t *buf, size_t cap) {
  const sg_context *ctx = s != NULL ? s->ctx : NULL;
  printf("digraph ");
  dot_quoted(sg_rulebook_title(rb));
  fputs(" {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n", stdout);
  for (size_t i = 0; i < sg_fact_count(rb); i++)
    if (m == NULL || m->facts[i])
      dot_node('f', i, sg_fact_name(rb, i), sg_fact_protected(rb, i) ? "(protected)" : NULL,
               sg_fact_protected(rb, i) ? "shape=note, color=red, fontcolor=red" : "shape=note",
               s == NULL ? "" : s->values[i].type != 0 ? ", style=filled, fillcolor=\"#dde8f6\""
                                                     : ", style=dashed");
  for (size_t i = 0; i < sg_window_count(rb); i++)
    if (m == NULL || m->windows[i])
      dot_node('w', i, sg_window_name(rb, i), NULL, "shape=hexagon", "");
  for (size_t i = 0; i < sg_set_count(rb); i++)  /* a { … } list has no name of its own */
    if (m == NULL || m->sets[i])
      dot_node('s', i, sg_set_name(rb, i)[0] != '\0' ? sg_set_name(rb, i) : "{ … }", NULL,
               "shape=folder", "");
  for (size_t i = 0; i < sg_table_count(rb); i++)
    if (m == NULL || m->tables[i]) dot_node('t', i, sg_table_name(rb, i), NULL, "shape=tab", "");
  for (size_t i = 0; i < sg_pred_count(rb); i++)
    if (m == NULL || m->preds[i])
      dot_node('p', i, sg_pred_name(rb, i), sg_pred_label(rb, i),
               sg_pred_kind_of(rb, i) == SG_SIGNAL ? "shape=ellipse, style=filled, fillcolor=\"#eeeeee\""
                                                   : "shape=ellipse",
               ctx != NULL ? truth_style(sg_pred_value(ctx, i)) : "");
  for (size_t i = 0; i < sg_rule_count(rb); i++)
    if (only_rule < 0 || (size_t)only_rule == i)
      dot_node('r', i, sg_rule_name(rb, i), sg_rule_label(rb, i), "shape=box, style=bold",
               ctx != NULL ? rule_style(sg_rule_outcome(ctx, i)) : "");
  for (size_t i = 0; i < sg_pred_count(rb); i++)
    if (m == NULL || m->preds[i]) dot_edges(rb, ctx, 0, i, 'p', buf, cap);
  for (size_t i = 0; i < sg_rule_count(rb); i++)
    if (only_rule < 0 || (size_t)only_rule == i) dot_edges(rb, ctx, 1, i, 'r', buf, cap);
  fputs("}\n", stdout);
}

/* The case of --facts (with --now, --as-of) evaluated in *s; an exit code. */
static int graph_case(const cli_args *args, case_session *s) {
  int code = session_open(s, "graph", args->rulebook);
  if (code != CLI_EXIT_OK) return code;
  s->asof = args->asof;
  s->max_case_size = args->max_case_size;
  return session_start(s, args->facts, args->now);
}

static int run_graph(const cli_args *args) {
  const sg_rulebook *rb = args->rulebook;
  long only = -1;
  if (args->rule != NULL) {
    only = sg_rule_find(rb, args->rule);
    if (only < 0) {
      fprintf(stderr, "signaal graph: error: '%s' is no rule of %s\n", args->rule,
              args->operands[0]);
      return CLI_EXIT_USAGE;
    }
  }
  size_t cap = sg_fact_count(rb) + sg_pred_count(rb) + sg_window_count(rb) + sg_set_count(rb) +
               sg_table_count(rb) + 1;
  size_t *buf = malloc(cap * sizeof *buf);
  deps_marks m = {0};
  case_session s;
  int with_case = args->facts != NULL;
  int code = with_case ? graph_case(args, &s) : CLI_EXIT_OK;
  int failed = buf == NULL;
  if (!failed && only >= 0)
    failed = deps_alloc(rb, &m) != 0 || deps_of_rule(rb, (size_t)only, &m) != 0;
  if (!failed && code == CLI_EXIT_OK)
    dot_graph(rb, only >= 0 ? &m : NULL, only, with_case ? &s : NULL, buf, cap);
  if (with_case) session_close(&s);
  deps_free(&m);
  free(buf);
  if (failed && code == CLI_EXIT_OK) code = oom_error("signaal graph");
  return code;
}

const cli_command command_graph = {
  .name = "graph", .operand = "RULEBOOK", .loads = 1, .run = run_graph,
  .summary = "draw how the rules reach a decision (Graphviz DOT)",
  .options = (const cli_use[]){
    {OPT_RULE, NULL, NULL},
    {OPT_FACTS, "lay the case in FILE over the graph ('-': standard input): known facts, true, "
     "false and unknown signals and conditions, fired rules and the path that decided them",
     NULL},
    {OPT_NOW, NULL, NULL}, {OPT_ASOF, NULL, NULL}, {OPT_MAX_CASE_SIZE, NULL, NULL},
    {OPT_MAX_RULE_SIZE, NULL, NULL}, {OPT_MAX_ERRORS, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Print RULEBOOK as a graph in Graphviz's DOT language: the facts (a\n"
    "protected one in red), the windows, sets and tables, the signals (grey)\n"
    "and conditions, and the rules (boxes), with an arrow from what is read to\n"
    "what reads it, so the picture reads from the facts down to the advice.\n"
    "With --rule, only what that rule rests on. With --facts, one case laid\n"
    "over it: known facts filled, unknown ones dashed (never a value); signals\n"
    "and conditions green when true, red when false, dashed when unknown;\n"
    "rules green when they fire, grey when not, orange and dashed when\n"
    "undetermined; the arrows that decided a fired rule green. Render it with\n"
    "Graphviz: 'dot -Tsvg'. RULEBOOK is a .rbc file or a .rules file.\n",
  .examples =
    "  signaal graph rules/uitbuiting.rules | dot -Tsvg > regels.svg\n"
    "  signaal graph rules/uitbuiting.rules --rule dublinclaim | dot -Tpng > dublinclaim.png\n"
    "  signaal graph rules/uitbuiting.rules --facts rules/examples/01-zakkenroller-dinsdag.json \\\n"
    "    --now 2016-11-08T12:00 | dot -Tsvg > zaak.svg\n",
};
