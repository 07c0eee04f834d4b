/* cmd_eval.c — `signaal eval`: load a rulebook, read one case file, set the
 * moment of evaluation, evaluate and write the report (text, JSON, Markdown
 * or HTML) to standard output or, atomically, to a file.
 */
#include "cli.h"
#include "fileio.h"
#include "load.h"
#include "report.h"
#include "session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "signaal.h"
#include "signaal_compiler.h"

void usage_eval(FILE *out) {
  fputs("Usage: signaal eval RULEBOOK [--facts CASE.json] [--now MOMENT] [--json]\n"
        "                    [--explain] [--report text|json|md|html] [-o FILE]\n"
        "\n"
        "Evaluate one case against a rulebook and print the advice: recommendations,\n"
        "attention points, contacts, the rules still undetermined with the facts they\n"
        "wait for, the open questions that could settle them, and the signals that\n"
        "hold.\n"
        "\n"
        "RULEBOOK is a compiled rulebook (.rbc, verified before use) or a .rules\n"
        "file, which is compiled in memory first.\n"
        "\n"
        "Options:\n"
        "  -f, --facts FILE  the case file; '-' (or no --facts) reads standard input\n"
        "      --now MOMENT  the moment of evaluation, YYYY-MM-DDTHH:MM[:SS] in Dutch\n"
        "                    local time; default: now (Europe/Amsterdam). The report\n"
        "                    prints the moment, so passing it back reproduces it.\n"
        "      --json        print the report as JSON instead of text (the same as\n"
        "                    --report json); every item carries its explanation\n"
        "      --explain     text report: under each item, why it holds (the signals,\n"
        "                    conditions and fact values, the exceptions that did not\n"
        "                    apply), with citations\n"
        "      --report FORMAT\n"
        "                    the decision report: text, json, md (Markdown) or html\n"
        "                    (one self-contained page, printable): recommendations,\n"
        "                    attention points, contacts, open questions, the reasoning,\n"
        "                    the reading list, and the rulebook's hashes\n"
        "  -o, --output FILE write the report to FILE (atomically: an existing FILE is\n"
        "                    replaced only by a complete report) instead of stdout\n"
        "  -h, --help        show this help\n"
        "\n"
        "The case file is a JSON object from fact name to value. null means unknown\n"
        "(as does leaving a fact out). bool facts take true/false, int facts an\n"
        "integer, text facts a string, enum facts a string naming one of their\n"
        "values, date facts \"YYYY-MM-DD\", datetime facts \"YYYY-MM-DDTHH:MM[:SS]\".\n"
        "Error messages name facts and types, never the values of a case; only the\n"
        "explanations in a report show them, to the case worker who reads it.\n"
        "\n"
        "Examples:\n"
        "  signaal eval build/uitbuiting.rbc --facts zaak.json\n"
        "  signaal eval rules/uitbuiting.rules --facts zaak.json --now 2016-11-08T12:00\n"
        "  signaal eval build/uitbuiting.rbc --json < zaak.json\n"
        "  signaal eval build/uitbuiting.rbc --facts zaak.json --explain\n"
        "  signaal eval build/uitbuiting.rbc --facts zaak.json --report html -o zaak.html\n",
        out);
  usage_exit_codes(out);
}

enum { OPT_FACTS = 1, OPT_NOW, OPT_JSON, OPT_EXPLAIN, OPT_REPORT, OPT_OUTPUT, OPT_HELP };

static const cli_option eval_options[] = {
  {"facts", 'f', 1, OPT_FACTS},
  {"now", 0, 1, OPT_NOW},
  {"json", 0, 0, OPT_JSON},
  {"explain", 0, 0, OPT_EXPLAIN},
  {"report", 0, 1, OPT_REPORT},
  {"output", 'o', 1, OPT_OUTPUT},
  {"help", 'h', 0, OPT_HELP},
};

typedef struct {
  const char *rulebook;
  const char *facts;  /* "-" for standard input */
  int has_now;
  int64_t now;
  report_format format;
  int explain;
  const char *output; /* NULL: standard output */
} eval_request;

/* Write the report into memory, then replace `path` with it atomically. */
static int write_report_file(const char *path, const case_session *s, report_format format,
                             int explain) {
  char *text = NULL;
  size_t size = 0;
  FILE *mem = open_memstream(&text, &size);
  if (mem == NULL) {
    fprintf(stderr, "signaal eval: error: cannot buffer the report: %s\n", strerror(errno));
    return CLI_EXIT_IO;
  }
  int code = report_write(mem, s, format, explain);
  if (fclose(mem) != 0 && code == CLI_EXIT_OK) {
    fputs("signaal eval: error: out of memory\n", stderr);
    code = CLI_EXIT_IO;
  }
  char why[256];
  if (code == CLI_EXIT_OK && sgc_write_atomic(path, text, size, why, sizeof why) != 0) {
    fprintf(stderr, "%s: error: cannot write: %s\n", path, why);
    code = CLI_EXIT_IO;
  }
  free(text);
  return code;
}

/* Evaluate once the rulebook is loaded; returns the exit code. */
static int evaluate(const eval_request *req, const sg_rulebook *rb) {
  case_session s;
  int code = session_open(&s, "eval", rb);
  if (code != CLI_EXIT_OK) return code;
  code = session_start(&s, req->facts, req->has_now ? &req->now : NULL);
  if (code == CLI_EXIT_OK)
    code = req->output != NULL ? write_report_file(req->output, &s, req->format, req->explain)
                               : report_write(stdout, &s, req->format, req->explain);
  session_close(&s);
  return code;
}

int cmd_eval(int argc, char **argv) {
  eval_request req = {NULL, "-", 0, 0, REPORT_TEXT, 0, NULL};
  args_cursor cur;
  args_init(&cur, argc, argv, eval_options, sizeof eval_options / sizeof eval_options[0]);
  const char *value;
  int id;
  while ((id = args_next(&cur, &value)) != ARGS_END) {
    switch (id) {
    case ARGS_ERROR: return CLI_EXIT_USAGE;
    case OPT_HELP: usage_eval(stdout); return stdout_finish(CLI_EXIT_OK);
    case OPT_FACTS: req.facts = value; break;
    case OPT_JSON: req.format = REPORT_JSON; break;
    case OPT_EXPLAIN: req.explain = 1; break;
    case OPT_OUTPUT: req.output = value; break;
    case OPT_REPORT:
      if (report_format_parse(value, &req.format) != 0)
        return args_usage_error("eval", "--report expects text, json, md or html");
      break;
    case OPT_NOW:
      if (sg_parse_datetime(value, &req.now) != 0)
        return args_usage_error("eval", "--now expects a moment YYYY-MM-DDTHH:MM[:SS]");
      req.has_now = 1;
      break;
    case ARGS_OPERAND:
      if (req.rulebook != NULL) return args_usage_error("eval", "give exactly one RULEBOOK");
      req.rulebook = value;
      break;
    default: return CLI_EXIT_USAGE;
    }
  }
  if (req.rulebook == NULL) return args_usage_error("eval", "missing RULEBOOK");
  if (strcmp(req.rulebook, "-") == 0 && strcmp(req.facts, "-") == 0)
    return args_usage_error("eval", "the rulebook and the case cannot both come from standard input");
  sg_rulebook *rb = NULL;
  int code = load_rulebook(req.rulebook, &rb);
  if (code != CLI_EXIT_OK) return code;
  code = evaluate(&req, rb);
  sg_rulebook_free(rb);
  return stdout_finish(code);
}
