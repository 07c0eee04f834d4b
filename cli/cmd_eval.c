/* cmd_eval.c — `signaal eval`: load a rulebook, read one case file, set the
 * moment of evaluation, evaluate and write the report (text, JSON, Markdown
 * or HTML) to standard output or, atomically, to a file.
 */
#include "cli.h"
#include "decision_log.h"
#include "report.h"
#include "session.h"

#include <stdlib.h>
#include <string.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* Replace `path` with the report atomically. */
static int write_report_file(const char *path, const char *text, size_t size) {
  char why[256];
  if (sgc_write_atomic(path, text, size, why, sizeof why) == 0) return CLI_EXIT_OK;
  fprintf(stderr, "%s: error: cannot write: %s\n", path, why);
  return CLI_EXIT_IO;
}

/* Before loading: a decision log that cannot be a log is refused, and the
 * rulebook and the case cannot share standard input. */
static int check_eval(const cli_args *args) {
  if (args->log != NULL && decision_log_check(args->log) != CLI_EXIT_OK) return CLI_EXIT_IO;
  if (strcmp(args->operands[0], "-") != 0 || (args->facts != NULL && strcmp(args->facts, "-") != 0))
    return CLI_EXIT_OK;
  return args_usage_error("eval", "the rulebook and the case cannot both come from standard input");
}

/* Evaluate the case on the loaded rulebook and write the report. The report
 * and the decision log's line are made in memory before anything is
 * written, so running out of memory gives neither. */
static int run_eval(const cli_args *args) {
  case_session s;
  int code = session_open(&s, "eval", args->rulebook);
  if (code != CLI_EXIT_OK) return code;
  s.asof = args->asof;
  s.with_facts = args->with_facts;
  s.max_case_size = args->max_case_size;
  code = session_set_role(&s, args->role);
  if (code == CLI_EXIT_OK)
    code = session_start(&s, args->facts != NULL ? args->facts : "-", args->now);
  char *report = NULL, *line = NULL;
  size_t size = 0, line_len = 0;
  if (code == CLI_EXIT_OK) code = report_render(&s, args->format, args->explain, &report, &size);
  if (code == CLI_EXIT_OK && args->log != NULL && (line = decision_log_line(&s, &line_len)) == NULL)
    code = CLI_EXIT_IO;
  if (code == CLI_EXIT_OK && args->output != NULL)
    code = write_report_file(args->output, report, size);
  else if (code == CLI_EXIT_OK)
    fwrite(report, 1, size, stdout);
  if (code == CLI_EXIT_OK && args->log != NULL)
    code = decision_log_append(args->log, line, line_len);
  free(report);
  free(line);
  session_close(&s);
  return code;
}

const cli_command command_eval = {
  .name = "eval", .operand = "RULEBOOK", .loads = 1, .check = check_eval, .run = run_eval,
  .summary = "evaluate a case file against a rulebook and print the advice",
  .options = (const cli_use[]){
    {OPT_FACTS, NULL, NULL}, {OPT_NOW, NULL, NULL}, {OPT_JSON, NULL, NULL},
    {OPT_EXPLAIN, NULL, NULL}, {OPT_REPORT, NULL, NULL}, {OPT_OUTPUT, NULL, NULL},
    {OPT_ROLE, NULL, NULL}, {OPT_ASOF, NULL, NULL}, {OPT_LOG, NULL, NULL},
    {OPT_WITH_FACTS, NULL, NULL}, {OPT_MAX_CASE_SIZE, NULL, NULL}, {OPT_MAX_RULE_SIZE, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Evaluate one case against a rulebook and print the advice: recommendations,\n"
    "attention points, contacts, the rules still undetermined with the facts they\n"
    "wait for, the open questions that could settle them, and the signals that\n"
    "hold.\n"
    "\n"
    "RULEBOOK is a compiled rulebook (.rbc, verified before use) or a .rules\n"
    "file, which is compiled in memory first.\n",
  .notes =
    "The case file is a JSON object from fact name to value. null means unknown\n"
    "(as does leaving a fact out). bool facts take true/false, int facts an\n"
    "integer, text facts a string, enum facts a string naming one of their\n"
    "values, date facts \"YYYY-MM-DD\", datetime facts \"YYYY-MM-DDTHH:MM[:SS]\".\n"
    "Error messages name facts and types, never the values of a case; only the\n"
    "explanations in a report show them, to the case worker who reads it.\n",
  .examples =
    "  signaal eval build/uitbuiting.rbc --facts zaak.json\n"
    "  signaal eval rules/uitbuiting.rules --facts zaak.json --now 2016-11-08T12:00\n"
    "  signaal eval build/uitbuiting.rbc --json < zaak.json\n"
    "  signaal eval build/uitbuiting.rbc --facts zaak.json --explain\n"
    "  signaal eval build/uitbuiting.rbc --facts zaak.json --report html -o zaak.html\n"
    "  signaal eval build/uitbuiting.rbc --facts zaak.json --role gi\n",
};
