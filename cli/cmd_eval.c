/* cmd_eval.c — `signaal eval`: load a rulebook, read one case file, set the
 * moment of evaluation, evaluate and write the report (text, JSON, Markdown
 * or HTML) to standard output or, atomically, to a file.
 */
#include "batch.h"
#include "cli.h"
#include "decision_log.h"
#include "eval.h"
#include "fileio.h"
#include "report.h"
#include "session.h"

#include <errno.h>
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

/* The options --batch takes, and those it does not. */
static int check_batch(const cli_args *args) {
  if (args->batch == NULL) {
    const char *alone = args->id_field != NULL ? "--id-field" : args->fields != NULL ? "--fields"
                        : args->fail_fast ? "--fail-fast" : NULL;
    if (alone == NULL) return CLI_EXIT_OK;
    char message[64];
    snprintf(message, sizeof message, "%s goes with --batch", alone);
    return args_usage_error("eval", message);
  }
  const char *other = args->facts != NULL ? "--facts" : args->output != NULL ? "-o"
                      : args->log != NULL ? "--log" : args->format != NULL ? "--json/--report"
                      : args->explain ? "--explain" : args->with_facts ? "--with-facts"
                      : args->role != NULL ? "--role" : NULL;
  if (other != NULL) {
    char message[96];
    snprintf(message, sizeof message, "--batch writes outcome lines, not a report: %s does not "
             "go with it", other);
    return args_usage_error("eval", message);
  }
  unsigned fields;
  char problem[200];
  if (args->fields != NULL && batch_parse_fields(args->fields, &fields, problem, sizeof problem) != 0)
    return args_usage_error("eval", problem);
  if (strcmp(args->operands[0], "-") == 0 && strcmp(args->batch, "-") == 0)
    return args_usage_error("eval", "the rulebook and the cases cannot both come from standard "
                            "input");
  return CLI_EXIT_OK;
}

/* Before loading: a decision log that cannot be a log is refused, and the
 * rulebook and the case cannot share standard input. */
static int check_eval(const cli_args *args) {
  int batch = check_batch(args);
  if (batch != CLI_EXIT_OK || args->batch != NULL) return batch;
  if (args->log != NULL && decision_log_check(args->log) != CLI_EXIT_OK) return CLI_EXIT_IO;
  if (strcmp(args->operands[0], "-") != 0 || (args->facts != NULL && strcmp(args->facts, "-") != 0))
    return CLI_EXIT_OK;
  return args_usage_error("eval", "the rulebook and the case cannot both come from standard input");
}

/* --batch: every case of the JSONL file, an outcome line each. */
static int run_batch(const cli_args *args) {
  batch_options o = {args->rulebook, args->batch, args->now, args->asof,
                     args->id_field != NULL ? args->id_field : "id", BATCH_ALL, args->fail_fast,
                     args->max_case_size, 0, 0};
  char problem[200];
  if (args->fields != NULL) batch_parse_fields(args->fields, &o.fields, problem, sizeof problem);
  if (sg_fact_slot(args->rulebook, o.id_field) >= 0) {
    fprintf(stderr, "signaal eval: error: --id-field: '%s' is a fact of the rulebook; name "
            "another member for the id\n", o.id_field);
    return CLI_EXIT_USAGE;
  }
  FILE *in = stdin;
  if (strcmp(args->batch, "-") != 0 && (in = fopen(args->batch, "rb")) == NULL) {
    fprintf(stderr, "%s: error: cannot read: %s\n", args->batch, strerror(errno));
    return CLI_EXIT_IO;
  }
  int code = batch_run(&o, in, stdout, NULL);
  if (in != stdin) fclose(in);
  return stdout_finish(code);
}

int eval_render(case_session *s, const eval_input *in, eval_output *out) {
  *out = (eval_output){NULL, 0, NULL, 0};
  int code = session_apply_case(s, in->name, in->json, in->len, in->records, in->userdata);
  if (code != CLI_EXIT_OK) return code;
  session_set_now(s, in->now);
  code = session_eval(s);
  if (code == CLI_EXIT_OK) code = report_render(s, in->format, in->explain, &out->report, &out->size);
  if (code == CLI_EXIT_OK && in->log && (out->log_line = decision_log_line(s, &out->log_len)) == NULL)
    code = CLI_EXIT_IO;
  if (code != CLI_EXIT_OK) {
    free(out->report);
    *out = (eval_output){NULL, 0, NULL, 0};
  }
  return code;
}

/* Evaluate the case on the loaded rulebook and write the report. The report
 * and the decision log's line are made in memory before anything is
 * written, so running out of memory gives neither. */
static int run_eval(const cli_args *args) {
  if (args->batch != NULL) return run_batch(args);
  case_session s;
  int code = session_open(&s, "eval", args->rulebook);
  if (code != CLI_EXIT_OK) return code;
  s.asof = args->asof;
  s.with_facts = args->with_facts;
  s.max_case_size = args->max_case_size;
  code = session_set_role(&s, args->role);
  const char *path = args->facts != NULL ? args->facts : "-";
  char *json = NULL;
  size_t len = 0;
  if (code == CLI_EXIT_OK) code = session_load_case(&s, path, &json, &len);
  eval_output made = {NULL, 0, NULL, 0};
  if (code == CLI_EXIT_OK) {
    eval_input in = {strcmp(path, "-") == 0 ? FILEIO_STDIN_NAME : path, json, len, NULL, NULL,
                     args->now, args->format, args->explain, args->log != NULL};
    code = eval_render(&s, &in, &made);
  }
  free(json);
  if (code == CLI_EXIT_OK && args->output != NULL)
    code = write_report_file(args->output, made.report, made.size);
  else if (code == CLI_EXIT_OK)
    fwrite(made.report, 1, made.size, stdout);
  if (code == CLI_EXIT_OK && args->log != NULL)
    code = decision_log_append(args->log, made.log_line, made.log_len);
  free(made.report);
  free(made.log_line);
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
    {OPT_BATCH, NULL, NULL}, {OPT_ID_FIELD, NULL, NULL}, {OPT_FIELDS, NULL, NULL},
    {OPT_FAIL_FAST, NULL, NULL},
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
    "explanations in a report show them, to the case worker who reads it.\n"
    "\n"
    "With --batch FILE, each line of FILE is one such case object, which may also\n"
    "give its moment as \"now\" (else --now, else the clock) and an id (the member\n"
    "--id-field names, echoed, not a fact). Each case evaluated gives one line of\n"
    "JSON on standard output: {\"id\", \"line\", \"now\", \"as_of\", \"fired\",\n"
    "\"not_fired\", \"undetermined\", \"recommendations\", \"attention\",\n"
    "\"contacts\"}, or the parts --fields names. A bad line gives FILE:LINE: error:\n"
    "... on standard error and the run goes on (--fail-fast: it stops); a summary\n"
    "line ends it. Exit 1 when a line failed. Memory stays the same however many\n"
    "cases: no allocation per case.\n",
  .examples =
    "  signaal eval build/uitbuiting.rbc --facts zaak.json\n"
    "  signaal eval rules/uitbuiting.rules --facts zaak.json --now 2016-11-08T12:00\n"
    "  signaal eval build/uitbuiting.rbc --json < zaak.json\n"
    "  signaal eval build/uitbuiting.rbc --facts zaak.json --explain\n"
    "  signaal eval build/uitbuiting.rbc --facts zaak.json --report html -o zaak.html\n"
    "  signaal eval build/uitbuiting.rbc --facts zaak.json --role gi\n"
    "  signaal eval build/uitbuiting.rbc --batch zaken.jsonl > uitkomsten.jsonl\n"
    "  signaal eval build/uitbuiting.rbc --batch - --fields id,fired,actions --now 2016-11-08T12:00\n"
    "  signaal eval build/uitbuiting.rbc --batch zaken.jsonl --id-field dossier --fail-fast\n",
};
