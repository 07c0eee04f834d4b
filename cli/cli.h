/* cli.h — what the parts of the `signaal` command-line tool share: the exit
 * codes, the commands (each a cli_command in its cmd_*.c), and the one table
 * of options (args.c) from which every command's parsing and --help come.
 * Nothing here is part of the library API.
 */
#ifndef SG_CLI_H
#define SG_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* Exit codes, documented in docs/cli.md and in every --help. */
enum {
  CLI_EXIT_OK = 0,     /* success */
  CLI_EXIT_INPUT = 1,  /* the input is wrong: rule errors, bad case file,
                          bad bytecode, failing examples */
  CLI_EXIT_USAGE = 2,  /* the command line is wrong */
  CLI_EXIT_IO = 3      /* a file cannot be read or written */
};

struct report_format;

/* The options of the shared table (args.c). */
typedef enum {
  OPT_FACTS = 1, OPT_NOW, OPT_JSON, OPT_EXPLAIN, OPT_REPORT, OPT_OUTPUT, OPT_SAVE, OPT_QUIET,
  OPT_VERBOSE, OPT_OPTIONAL, OPT_ROLE, OPT_ASOF, OPT_LOG, OPT_WITH_FACTS, OPT_COUNT, OPT_SEED,
  OPT_NO_EXAMPLES, OPT_CASES, OPT_MAX_AGE, OPT_WERROR, OPT_MAX_CASE_SIZE, OPT_MAX_RULE_SIZE, OPT_RULE, OPT_MIN_COVERAGE, OPT_JUNIT, OPT_CHECK,
  OPT_MAX_ERRORS, OPT_FORMAT, OPT_LANG, OPT_BATCH, OPT_ID_FIELD, OPT_FIELDS, OPT_FAIL_FAST, OPT_EMIT_C, OPT_LISTEN,
  OPT_THREADS, OPT_MAX_BODY, OPT_MAX_BATCH, OPT_TIMEOUT, OPT_PORT_FILE, OPT_HELP
} cli_option_id;

/* The most bytes a case file (or a line of diff --cases) may have unless
 * --max-case-size says otherwise: 16 MiB. Rule files and compiled
 * rulebooks: SGC_DEFAULT_MAX_FILE_SIZE, unless --max-rule-size. */
#define CLI_DEFAULT_MAX_CASE_SIZE ((size_t)16 * 1024 * 1024)

/* How many --as-of a command line keeps (diff takes two). */
enum { CLI_ASOF_MAX = 2 };

/* What a command line gave, as args_parse fills it for the command's run. */
typedef struct {
  const char **operands;   /* in order; owned (args_free) */
  size_t operand_count;
  const char *facts;       /* --facts; NULL when not given */
  const char *output;      /* -o */
  const char *save;        /* --save */
  const int64_t *now;      /* --now: points at `moment`; NULL when not given */
  int64_t moment;
  const int32_t *asof;     /* --as-of: points at `asof_day`, the last one given;
                              NULL when not given */
  int32_t asof_day;
  int32_t asof_days[CLI_ASOF_MAX];  /* the first --as-of given, in order */
  size_t asof_count;       /* how many --as-of were given (may pass CLI_ASOF_MAX) */
  const struct report_format *format;  /* --report, --json; NULL: the default */
  int explain, quiet, verbose;
  int optional;            /* --optional: also ask the optional questions */
  int no_examples;         /* --no-examples: diff leaves the examples out */
  const char *cases;       /* --cases: diff replays this JSONL corpus; NULL: none */
  const char *role;        /* --role: the reader's actor, by name; NULL: none */
  const char *log;         /* --log: the decision log to append to; NULL: none */
  int with_facts;          /* --with-facts: reports and the log give the facts */
  const char *count;       /* --count N (the command parses it); NULL: its default */
  const char *seed;        /* --seed N; NULL: its default */
  const char *max_age;     /* --max-age DAYS (check parses it); NULL: its default */
  int werror;              /* --werror: warnings fail the command */
  const char *rule;        /* --rule NAME (graph); NULL: every rule */
  const char *min_coverage; /* --min-coverage P (test parses it); NULL: none */
  const char *junit;       /* --junit FILE (test); NULL: none */
  int check_only;          /* --check (fmt): say what is not formatted, write nothing */
  const char *doc_format;  /* --format (doc): "md" or "html"; NULL: md */
  const char *lang;        /* --lang nl|en (every command); NULL: the locale's */
  size_t max_case_size;    /* --max-case-size; CLI_DEFAULT_MAX_CASE_SIZE when not given */
  size_t max_rule_size;    /* --max-rule-size; SGC_DEFAULT_MAX_FILE_SIZE when not given */
  const char *max_errors;  /* --max-errors as given; NULL: SGC_DEFAULT_MAX_ERRORS */
  const char *batch;       /* eval --batch FILE: JSONL cases; NULL: one case file */
  const char *id_field;    /* --id-field NAME (eval --batch); NULL: "id" */
  const char *fields;      /* --fields LIST (eval --batch); NULL: every part */
  int fail_fast;           /* --fail-fast (eval --batch): stop at the first bad line */
  const char *emit_c;      /* --emit-c FILE (compile): also write the code as C; NULL: none */
  const char *listen;      /* --listen HOST:PORT (serve); NULL: 127.0.0.1:8080 */
  const char *threads;     /* --threads N (serve parses it); NULL: 2 */
  size_t max_body;         /* --max-body BYTES (serve); 0 when not given: 1 MiB */
  size_t max_batch;        /* --max-batch BYTES (serve); 0 when not given: 256 MiB */
  const char *timeout;     /* --timeout SECONDS (serve); NULL: 30 */
  const char *port_file;   /* --port-file FILE (serve); NULL: none */
  const sg_rulebook *rulebook;  /* a command that loads: its RULEBOOK */
  const sgc_compiler *compiler; /* ... when it was a .rules file, the compiler
                                   that compiled it (its examples); else NULL */
} cli_args;

/* An option a command takes: one of the table's, with the command's own help
 * text when the table's does not fit it, and for an option it cannot do
 * without, the usage error when it is missing. */
typedef struct {
  cli_option_id id;
  const char *help;        /* NULL: the table's text */
  const char *missing;     /* NULL: optional (only an option with a value
                              can be required) */
} cli_use;

/* A command: its help is printed from these fields and the option table.
 * A command on one RULEBOOK (`loads`) finds it loaded in args->rulebook (a
 * .rbc verified, a .rules compiled) after its `check`; a command on RULES
 * takes one or more source files. `check` and `run` return an exit code. */
typedef struct {
  const char *name;
  const char *operand;     /* "RULEBOOK" or "RULES" */
  int loads;               /* 1: one RULEBOOK, loaded before `run` */
  const char *missing;     /* the usage error without operands; NULL:
                              "missing OPERAND" */
  const char *summary;     /* one line for the overview */
  const cli_use *options;  /* ends with an id 0; --help is implied */
  const char *about;       /* the paragraphs after the usage line */
  const char *notes;       /* paragraphs after the options, or NULL */
  const char *examples;    /* the example lines, indented */
  const char *usage;       /* the operands on the usage line; NULL: OPERAND,
                              or OPERAND... for a command on RULES */
  const char *exit_codes;  /* the help's exit codes; NULL: the common ones */
  int error_exit;          /* with exit codes of its own: the one for any
                              error of the common parts (usage, out of
                              memory, writing standard output); 0: none */
  int (*check)(const cli_args *args);  /* NULL, or what to check first */
  int (*run)(const cli_args *args);
} cli_command;

extern const cli_command command_compile, command_eval, command_test, command_disasm,
  command_schema, command_interview, command_info, command_audit, command_corpus,
  command_diff, command_check, command_graph, command_fmt, command_doc, command_serve;

/* The text about exit codes that every help ends with. */
void usage_exit_codes(FILE *out);

/* The full help of `cmd`. */
void usage_command(FILE *out, const cli_command *cmd);

/* Parse a command's argv (argv[0] is the command's name) into *args.
 * Returns CLI_EXIT_OK to run the command, ARGS_HELPED after printing its
 * help, or CLI_EXIT_USAGE / CLI_EXIT_IO after printing the error. Free
 * *args with args_free in every case. */
enum { ARGS_HELPED = -10 };
int args_parse(const cli_command *cmd, int argc, char **argv, cli_args *args);
void args_free(cli_args *args);

/* Print "signaal CMD: error: MESSAGE" and the --help hint; returns
 * CLI_EXIT_USAGE so callers can `return args_usage_error(...)`. */
int args_usage_error(const char *command, const char *message);

#endif
