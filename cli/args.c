/* args.c — the one table of options the commands share, and what comes from
 * it: parsing a command line (long options with `--name VALUE` or
 * `--name=VALUE`, short ones with `-x VALUE`, `--` to end options, a "did
 * you mean" hint) and the usage line and option list of every --help.
 */
#include "cli.h"
#include "report.h"
#include "suggest.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "signaal.h"
#include "util.h"

/* How an option's value is stored in cli_args. */
typedef enum {
  STORE_FLAG,    /* the int at `field` becomes 1 */
  STORE_TEXT,    /* the value goes to the string at `field` */
  STORE_FILE,    /* the same, and it may not be empty */
  STORE_NOW,     /* a moment YYYY-MM-DDTHH:MM[:SS] into `now` */
  STORE_ASOF,    /* a date YYYY-MM-DD into `asof` */
  STORE_FORMAT,  /* a report format by name (the value, or `implies`) */
  STORE_SIZE     /* a number of bytes, 1 .. SGC_MAX_FILE_SIZE_LIMIT, into the size_t at `field` */
} store_kind;

/* One option of the table. */
typedef struct {
  cli_option_id id;
  const char *long_name;  /* without the dashes */
  char short_name;        /* 0: none */
  const char *value_name; /* "FILE"; NULL: the option takes no value */
  const char *help;       /* one paragraph; --help wraps it */
  store_kind store;
  size_t field;           /* offsetof(cli_args, …) for flags and texts */
  const char *implies;    /* STORE_FORMAT without a value: this format */
} cli_option;

#define FIELD(name) offsetof(cli_args, name)

/* The table. --help is handled by args_parse itself. */
static const cli_option options[] = {
  {OPT_FACTS, "facts", 'f', "FILE",
   "the case file; '-' (or no --facts) reads standard input", STORE_TEXT, FIELD(facts), NULL},
  {OPT_NOW, "now", 0, "MOMENT",
   "the moment of evaluation, YYYY-MM-DDTHH:MM[:SS] in Dutch local time; default: now "
   "(Europe/Amsterdam). The report prints the moment, so passing it back reproduces it.",
   STORE_NOW, 0, NULL},
  {OPT_ASOF, "as-of", 0, "DATE",
   "the decision date, YYYY-MM-DD: the date whose agreements apply (what the rulebook dates "
   "with 'from' and 'until'); default: the date of the moment (--now). To ask what the "
   "agreements of another date say about this moment.", STORE_ASOF, 0, NULL},
  {OPT_JSON, "json", 0, NULL,
   "print the report as JSON instead of text (the same as --report json)", STORE_FORMAT, 0,
   "json"},
  {OPT_EXPLAIN, "explain", 0, NULL,
   "text report: under each item, why it holds (the signals, conditions and fact values, the "
   "exceptions that did not apply), with citations", STORE_FLAG, FIELD(explain), NULL},
  {OPT_REPORT, "report", 0, "FORMAT",
   "the decision report in FORMAT (recommendations, attention points, contacts, open "
   "questions, the reasoning, the reading list and the rulebook's hashes):", STORE_FORMAT, 0,
   NULL},
  {OPT_OUTPUT, "output", 'o', "FILE",
   "write to FILE instead of standard output, atomically: an existing FILE is replaced only "
   "by a complete result", STORE_TEXT, FIELD(output), NULL},
  {OPT_SAVE, "save", 's', "FILE",
   "at the end, write every known fact to FILE as a case file for 'signaal eval --facts' "
   "(replaced atomically)", STORE_FILE, FIELD(save), NULL},
  {OPT_QUIET, "quiet", 'q', NULL, "print only what went wrong", STORE_FLAG, FIELD(quiet), NULL},
  {OPT_VERBOSE, "verbose", 'v', NULL, "on success, say what was written", STORE_FLAG,
   FIELD(verbose), NULL},
  {OPT_OPTIONAL, "optional", 0, NULL,
   "after the questions that can decide advice, also ask the optional ones (context, such as "
   "risk factors at home)", STORE_FLAG, FIELD(optional), NULL},
  {OPT_ROLE, "role", 0, "ACTOR",
   "who reads the advice, as one of the rulebook's actors (the bundled rulebook: raad, gi, "
   "crisishulp, medewerker): the advice that actor does comes first, headed as yours",
   STORE_TEXT, FIELD(role), NULL},
  {OPT_LOG, "log", 0, "FILE",
   "append one JSON line about this evaluation to the decision log FILE (a regular file, "
   "created if missing): the rulebook's version and hashes, the case file's SHA-256, the "
   "moment, the decision date and the rules that fired or wait; no fact values unless "
   "--with-facts", STORE_FILE, FIELD(log), NULL},
  {OPT_WITH_FACTS, "with-facts", 0, NULL,
   "also put the known facts themselves in the JSON report and the decision log, so that "
   "the decision can be replayed from them (they are about a child: only where that is "
   "allowed)", STORE_FLAG, FIELD(with_facts), NULL},
  {OPT_COUNT, "count", 'n', "N", "how many", STORE_TEXT, FIELD(count), NULL},
  {OPT_SEED, "seed", 0, "N", "the seed of the pseudo-random numbers: the same seed gives the same output",
   STORE_TEXT, FIELD(seed), NULL},
  {OPT_CASES, "cases", 0, "FILE",
   "replay every case of FILE (JSONL: one case object a line, with its own \"now\" or "
   "--now; '-' for standard input) through both sides and say which cases' outcomes change, "
   "grouped by the rules that changed and the declarations behind them", STORE_FILE,
   FIELD(cases), NULL},
  {OPT_MAX_CASE_SIZE, "max-case-size", 0, "BYTES",
   "refuse a case file larger than BYTES (exit 1), reading no more of it than one byte past "
   "that; default 16777216 (16 MiB)", STORE_SIZE,
   FIELD(max_case_size), NULL},
  {OPT_MAX_RULE_SIZE, "max-rule-size", 0, "BYTES",
   "refuse a rule file, each included file, or a compiled rulebook larger than BYTES (exit 1), "
   "reading no more of it than one byte past that; default 16777216 (16 MiB)", STORE_SIZE,
   FIELD(max_rule_size), NULL},
  {OPT_NO_EXAMPLES, "no-examples", 0, NULL,
   "leave the examples out (added and removed examples of two .rules files)", STORE_FLAG,
   FIELD(no_examples), NULL},
  {OPT_MAX_AGE, "max-age", 0, "DAYS",
   "warn about a contact entry last checked more than DAYS days before today; default: 365",
   STORE_TEXT, FIELD(max_age), NULL},
  {OPT_WERROR, "werror", 0, NULL, "treat warnings as errors: exit 1 when there is one",
   STORE_FLAG, FIELD(werror), NULL},
  {OPT_RULE, "rule", 0, "NAME", "only what the rule NAME rests on", STORE_TEXT, FIELD(rule), NULL},
  {OPT_MIN_COVERAGE, "min-coverage", 0, "P",
   "fail (exit 1) when examples name fewer than P per cent (0 to 100) of the rules, signals "
   "and conditions", STORE_TEXT, FIELD(min_coverage), NULL},
  {OPT_JUNIT, "junit", 0, "FILE",
   "also write the results as JUnit XML to FILE (replaced atomically), for CI systems",
   STORE_FILE, FIELD(junit), NULL},
  {OPT_CHECK, "check", 0, NULL,
   "write nothing: list the files that are not formatted, each with a diff, and exit 1 when "
   "there is one (for CI)", STORE_FLAG, FIELD(check_only), NULL},
  {OPT_MAX_ERRORS, "max-errors", 0, "N",
   "show at most N errors of a rule file (then how many more there are); 0 shows all; "
   "default 20", STORE_TEXT, FIELD(max_errors), NULL},
  {OPT_FORMAT, "format", 0, "FORMAT", "the output's format: md (Markdown, the default) or html",
   STORE_TEXT, FIELD(doc_format), NULL},
  {OPT_LANG, "lang", 0, "LANG",
   "the language of messages: 'nl' (Dutch) or 'en' (English); default: the locale's "
   "(LANGUAGE, LC_ALL, LC_MESSAGES, LANG), English unless it is Dutch", STORE_TEXT, FIELD(lang),
   NULL},
  {OPT_BATCH, "batch", 0, "FILE",
   "evaluate many cases: FILE ('-': standard input) holds one case object a line (JSONL), "
   "with an optional \"now\" and an id member; one outcome line of JSON per case on "
   "standard output, an error per bad line and a summary on standard error",
   STORE_FILE, FIELD(batch), NULL},
  {OPT_ID_FIELD, "id-field", 0, "NAME",
   "with --batch: the member of a line that names the case, echoed as \"id\" (not a fact); "
   "default: id", STORE_FILE, FIELD(id_field), NULL},
  {OPT_FIELDS, "fields", 0, "LIST",
   "with --batch: the parts of each outcome line, comma-separated: id, line, now, as_of, "
   "fired, not_fired, undetermined, recommendations, attention, contacts, actions (the last "
   "three), all; default: all", STORE_FILE, FIELD(fields), NULL},
  {OPT_FAIL_FAST, "fail-fast", 0, NULL,
   "with --batch: stop at the first line that fails", STORE_FLAG, FIELD(fail_fast), NULL},
  {OPT_EMIT_C, "emit-c", 0, "FILE",
   "also write the rulebook's code as C to FILE, read from the verified image: one function "
   "per block and an entry point sgx_eval giving what sg_eval gives (docs/api.md, "
   "\"Ahead-of-time code\")", STORE_FILE, FIELD(emit_c), NULL},
  {OPT_LISTEN, "listen", 0, "HOST:PORT",
   "the address to listen on; default 127.0.0.1:8080; port 0 lets the system choose one "
   "(see --port-file)", STORE_FILE, FIELD(listen), NULL},
  {OPT_THREADS, "threads", 0, "N", "how many worker threads answer requests, 1 to 256; default 2",
   STORE_TEXT, FIELD(threads), NULL},
  {OPT_MAX_BODY, "max-body", 0, "BYTES",
   "refuse a request body larger than BYTES (413), reading no more of it than one byte past "
   "that; default 1048576 (1 MiB); for POST /v1/batch, the longest line", STORE_SIZE,
   FIELD(max_body), NULL},
  {OPT_MAX_BATCH, "max-batch", 0, "BYTES",
   "refuse a POST /v1/batch body larger than BYTES (413); it is read as it arrives, in "
   "constant memory, its outcome lines kept in a temporary file until it is answered; "
   "default 268435456 (256 MiB)", STORE_SIZE, FIELD(max_batch), NULL},
  {OPT_TIMEOUT, "timeout", 0, "SECONDS",
   "close a connection idle for SECONDS, 1 to 3600; default 30; also the longest a shutdown "
   "waits for running requests", STORE_TEXT, FIELD(timeout), NULL},
  {OPT_PORT_FILE, "port-file", 0, "FILE",
   "once listening, write the port to FILE (replaced atomically): for --listen HOST:0",
   STORE_FILE, FIELD(port_file), NULL},
  {OPT_HELP, "help", 'h', NULL, "show this help", STORE_FLAG, 0, NULL},
};
#define OPTION_COUNT (sizeof options / sizeof options[0])

/* The string field of *args that option `o` stores into. */
static const char **text_field(cli_args *args, const cli_option *o) {
  return (const char **)(void *)((char *)args + o->field);
}

/* "--report expects text, json, md or html" into `problem`. */
static void formats_expected(char *problem, size_t len) {
  int used = snprintf(problem, len, "--report expects");
  for (size_t i = 0; report_formats[i].name != NULL && used >= 0 && (size_t)used < len; i++) {
    const char *sep = i == 0 ? " " : report_formats[i + 1].name == NULL ? " or " : ", ";
    used += snprintf(problem + used, len - (size_t)used, "%s%s", sep, report_formats[i].name);
  }
}

/* Store option `o` with `value` (NULL for a flag) in *args: 0, or -1 with
 * the usage error in `problem`. */
static int store(const cli_option *o, const char *value, cli_args *args, char *problem,
                 size_t len) {
  switch (o->store) {
  case STORE_FLAG: *(int *)(void *)((char *)args + o->field) = 1; return 0;
  case STORE_TEXT:
  case STORE_FILE:
    if (o->store == STORE_FILE && value[0] == '\0') {
      snprintf(problem, len, "--%s needs a file name", o->long_name);
      return -1;
    }
    *text_field(args, o) = value;
    return 0;
  case STORE_NOW:
    if (sg_parse_datetime(value, &args->moment) != 0) {
      snprintf(problem, len, "--%s expects a moment YYYY-MM-DDTHH:MM[:SS]", o->long_name);
      return -1;
    }
    args->now = &args->moment;
    return 0;
  case STORE_ASOF:
    if (sg_parse_date(value, &args->asof_day) != 0) {
      snprintf(problem, len, "--%s expects a date YYYY-MM-DD", o->long_name);
      return -1;
    }
    args->asof = &args->asof_day;
    if (args->asof_count < CLI_ASOF_MAX) args->asof_days[args->asof_count] = args->asof_day;
    args->asof_count++;
    return 0;
  case STORE_FORMAT:
    args->format = report_format_find(value != NULL ? value : o->implies);
    if (args->format == NULL) formats_expected(problem, len);
    return args->format != NULL ? 0 : -1;
  case STORE_SIZE: {
    int64_t bytes = 0;
    if (!sgr_parse_int(value, &bytes) || bytes < 1 || (uint64_t)bytes > SGC_MAX_FILE_SIZE_LIMIT) {
      snprintf(problem, len, "--%s expects a whole number of bytes from 1 to %zu", o->long_name,
               SGC_MAX_FILE_SIZE_LIMIT);
      return -1;
    }
    *(size_t *)(void *)((char *)args + o->field) = (size_t)bytes;
    return 0;
  }
  }
  return -1;
}

/* The table's option `id`. */
static const cli_option *option(cli_option_id id) {
  for (size_t i = 0; i < OPTION_COUNT; i++)
    if (options[i].id == id) return &options[i];
  return NULL;
}

/* The options `cmd` takes, its own, --lang and --help, walked by index. */
static size_t use_count(const cli_command *cmd) {
  size_t n = 0;
  while (cmd->options[n].id != 0) n++;
  return n + 2;
}

/* The i-th option of `cmd` (the last two are --lang and --help), and its use
 * (NULL for those two, which every command takes). */
static const cli_option *use_at(const cli_command *cmd, size_t i, const cli_use **use) {
  size_t own = use_count(cmd) - 2;
  *use = i < own ? &cmd->options[i] : NULL;
  return option(*use != NULL ? (*use)->id : i == own ? OPT_LANG : OPT_HELP);
}

/* ---- parsing ------------------------------------------------------------------ */

int args_usage_error(const char *command, const char *message) {
  fprintf(stderr, "signaal %s: error: %s\n", command, message);
  fprintf(stderr, "hint: run 'signaal %s --help' for usage\n", command);
  return CLI_EXIT_USAGE;
}

/* The long name of `cmd`'s i-th option, for suggest_closest. */
static const char *use_long_name(const void *data, size_t i) {
  const cli_use *use;
  return use_at(data, i, &use)->long_name;
}

/* "unknown option" with a "did you mean"; exit 2. Of a long option only the
 * name is shown, never a value given with it ("--nwo=VALUE"). */
static int unknown_option(const cli_command *cmd, const char *arg) {
  size_t len = strcspn(arg + 2, "=");
  fprintf(stderr, "signaal %s: error: unknown option '%.*s'\n", cmd->name,
          arg[1] == '-' ? (int)(len + 2) : (int)strlen(arg), arg);
  const char *suggestion = NULL;
  char name[64];
  if (arg[1] == '-' && len < sizeof name) {
    memcpy(name, arg + 2, len);
    name[len] = '\0';
    suggestion = suggest_closest(name, use_long_name, cmd, use_count(cmd));
  }
  if (suggestion != NULL)
    fprintf(stderr, "hint: did you mean '--%s'? Run 'signaal %s --help' for usage\n", suggestion,
            cmd->name);
  else
    fprintf(stderr, "hint: run 'signaal %s --help' for usage\n", cmd->name);
  return CLI_EXIT_USAGE;
}

/* The option of `cmd` that `arg` ("--name[=v]", "-x[v]") names, or NULL;
 * *inline_value gets a value given in the same argument. */
static const cli_option *match_option(const cli_command *cmd, const char *arg,
                                      const char **inline_value) {
  *inline_value = NULL;
  int is_long = arg[1] == '-';
  size_t len = strcspn(arg + 2, "=");
  for (size_t i = 0; i < use_count(cmd); i++) {
    const cli_use *use;
    const cli_option *o = use_at(cmd, i, &use);
    if (is_long && strlen(o->long_name) == len && strncmp(o->long_name, arg + 2, len) == 0) {
      if (arg[2 + len] == '=') *inline_value = arg + 3 + len;
      return o;
    }
    if (!is_long && o->short_name != 0 && o->short_name == arg[1]) {
      if (arg[2] == '\0') return o;
      *inline_value = arg + 2; /* -oFILE; -xyz of flags is not supported */
      return o->value_name != NULL ? o : NULL;
    }
  }
  return NULL;
}

/* One option argument `arg` at argv[*index - 1]; its value may be the next
 * argument. Returns CLI_EXIT_OK, ARGS_HELPED or a usage error. */
static int take_option(const cli_command *cmd, const char *arg, int argc, char **argv, int *index,
                       cli_args *args) {
  const char *value;
  const cli_option *o = match_option(cmd, arg, &value);
  char problem[128];
  if (o == NULL) return unknown_option(cmd, arg);
  if (o->id == OPT_HELP && value == NULL) {
    usage_command(stdout, cmd);
    return ARGS_HELPED;
  }
  if (o->value_name == NULL && value != NULL) {
    snprintf(problem, sizeof problem, "option '--%s' takes no value", o->long_name);
    return args_usage_error(cmd->name, problem);
  }
  if (o->value_name != NULL && value == NULL) {
    if (*index >= argc) {
      snprintf(problem, sizeof problem, "option '%s' needs a value", arg);
      return args_usage_error(cmd->name, problem);
    }
    value = argv[(*index)++];
  }
  return store(o, value, args, problem, sizeof problem) == 0
           ? CLI_EXIT_OK : args_usage_error(cmd->name, problem);
}

int args_parse(const cli_command *cmd, int argc, char **argv, cli_args *args) {
  memset(args, 0, sizeof *args);
  args->max_case_size = CLI_DEFAULT_MAX_CASE_SIZE;
  args->max_rule_size = SGC_DEFAULT_MAX_FILE_SIZE;
  args->operands = calloc((size_t)(argc > 0 ? argc : 1), sizeof *args->operands);
  if (args->operands == NULL) {
    fprintf(stderr, "signaal %s: error: out of memory\n", cmd->name);
    return CLI_EXIT_IO;
  }
  int only_operands = 0;
  for (int index = 1; index < argc;) {
    const char *arg = argv[index++];
    if (!only_operands && strcmp(arg, "--") == 0) {
      only_operands = 1;
    } else if (!only_operands && arg[0] == '-' && arg[1] != '\0') {
      int code = take_option(cmd, arg, argc, argv, &index, args);
      if (code != CLI_EXIT_OK) return code;
    } else if (cmd->loads && args->operand_count == 1) {
      char problem[64];
      snprintf(problem, sizeof problem, "give exactly one %s", cmd->operand);
      return args_usage_error(cmd->name, problem);
    } else {
      args->operands[args->operand_count++] = arg; /* a lone "-" is standard input */
    }
  }
  if (args->operand_count == 0) {
    char problem[64];
    snprintf(problem, sizeof problem, "missing %s", cmd->operand);
    return args_usage_error(cmd->name, cmd->missing != NULL ? cmd->missing : problem);
  }
  for (const cli_use *use = cmd->options; use->id != 0; use++)
    if (use->missing != NULL && *text_field(args, option(use->id)) == NULL)
      return args_usage_error(cmd->name, use->missing);
  return CLI_EXIT_OK;
}

void args_free(cli_args *args) {
  free(args->operands);
  args->operands = NULL;
}

/* ---- help ----------------------------------------------------------------------- */

/* Help lines are at most this wide. */
#define HELP_WIDTH 79
/* An option whose left column is wider than this has its text on the next line. */
#define HELP_LEFT_MAX 18

/* One word of help at *column: on this line after a space, or, when it
 * would pass HELP_WIDTH, on a new line from `indent`. At `indent` itself
 * (the start of the text) no space comes before it. */
static void put_word(FILE *out, const char *word, size_t len, size_t *column, size_t indent) {
  if (*column > indent && *column + 1 + len > HELP_WIDTH) {
    fprintf(out, "\n%*s", (int)indent, "");
    *column = indent;
  }
  if (*column > indent) {
    fputc(' ', out);
    (*column)++;
  }
  fwrite(word, 1, len, out);
  *column += len;
}

/* `text`, starting at column `indent`, wrapped at spaces under itself; ends
 * the last line. */
static void put_wrapped(FILE *out, const char *text, size_t indent) {
  size_t column = indent;
  for (text += strspn(text, " "); *text != '\0'; text += strspn(text, " ")) {
    size_t len = strcspn(text, " ");
    put_word(out, text, len, &column, indent);
    text += len;
  }
  fputc('\n', out);
}

/* "-o, --output FILE" or "    --now MOMENT" into `buf`; its length. */
static size_t option_left(const cli_option *o, char *buf, size_t len) {
  int n = snprintf(buf, len, "%c%c%c --%s%s%s", o->short_name ? '-' : ' ',
                   o->short_name ? o->short_name : ' ', o->short_name ? ',' : ' ', o->long_name,
                   o->value_name != NULL ? " " : "", o->value_name != NULL ? o->value_name : "");
  return n > 0 ? (size_t)n : 0;
}

/* "Usage: signaal eval RULEBOOK [--facts FILE] …", wrapped under the operand. */
static void usage_line(FILE *out, const cli_command *cmd) {
  int start = fprintf(out, "Usage: signaal %s ", cmd->name);
  size_t indent = start > 0 ? (size_t)start : 0, column = indent;
  char token[96];
  int len = cmd->usage != NULL ? snprintf(token, sizeof token, "%s", cmd->usage)
          : snprintf(token, sizeof token, "%s%s", cmd->operand, cmd->loads ? "" : "...");
  put_word(out, token, (size_t)len, &column, indent);
  for (const cli_use *use = cmd->options; use->id != 0; use++) {
    const cli_option *o = option(use->id);
    const char *open = use->missing != NULL ? "" : "[", *close = use->missing != NULL ? "" : "]";
    len = snprintf(token, sizeof token, "%s--%s%s%s%s", open, o->long_name,
                   o->value_name != NULL ? " " : "", o->value_name != NULL ? o->value_name : "",
                   close);
    put_word(out, token, len > 0 ? (size_t)len : 0, &column, indent);
  }
  fputc('\n', out);
}

/* The --report formats under its text: "text  …" one a line. */
static void format_list(FILE *out, size_t indent) {
  size_t width = 0;
  for (size_t i = 0; report_formats[i].name != NULL; i++)
    if (strlen(report_formats[i].name) > width) width = strlen(report_formats[i].name);
  for (size_t i = 0; report_formats[i].name != NULL; i++) {
    fprintf(out, "%*s%-*s  ", (int)indent + 2, "", (int)width, report_formats[i].name);
    put_wrapped(out, report_formats[i].help, indent + 4 + width);
  }
}

/* "Options:" and one entry an option, the text in one column. */
static void option_list(FILE *out, const cli_command *cmd) {
  size_t column = 0;
  char left[64];
  for (size_t i = 0; i < use_count(cmd); i++) {
    const cli_use *use;
    size_t len = option_left(use_at(cmd, i, &use), left, sizeof left);
    if (len <= HELP_LEFT_MAX && len > column) column = len;
  }
  column += 4;
  fputs("Options:\n", out);
  for (size_t i = 0; i < use_count(cmd); i++) {
    const cli_use *use;
    const cli_option *o = use_at(cmd, i, &use);
    size_t len = option_left(o, left, sizeof left);
    fprintf(out, "  %s", left);
    if (len + 4 > column) fprintf(out, "\n%*s", (int)column, "");
    else fprintf(out, "%*s", (int)(column - 2 - len), "");
    put_wrapped(out, use != NULL && use->help != NULL ? use->help : o->help, column);
    if (o->id == OPT_REPORT) format_list(out, column);
  }
}

void usage_exit_codes(FILE *out) {
  fputs("\n"
        "Exit codes:\n"
        "  0  success\n"
        "  1  the input is wrong: rule errors, a bad case file, bad bytecode,\n"
        "     failing examples\n"
        "  2  usage error: unknown command or option, missing argument\n"
        "  3  I/O error: a file cannot be read or written (or out of memory)\n",
        out);
}

void usage_command(FILE *out, const cli_command *cmd) {
  usage_line(out, cmd);
  fprintf(out, "\n%s\n", cmd->about);
  option_list(out, cmd);
  if (cmd->notes != NULL) fprintf(out, "\n%s", cmd->notes);
  fprintf(out, "\nExamples:\n%s", cmd->examples);
  if (cmd->exit_codes != NULL) fprintf(out, "\nExit codes:\n%s", cmd->exit_codes);
  else usage_exit_codes(out);
}
