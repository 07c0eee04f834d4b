/* cli.h — what the parts of the `signaal` command-line tool share: the exit
 * codes, the subcommands' entry points and help texts, and the small option
 * parser every subcommand uses. Nothing here is part of the library API.
 */
#ifndef SG_CLI_H
#define SG_CLI_H

#include <stddef.h>
#include <stdio.h>

/* Exit codes, documented in docs/cli.md and in every --help. */
enum {
  CLI_EXIT_OK = 0,     /* success */
  CLI_EXIT_INPUT = 1,  /* the input is wrong: rule errors, bad case file,
                          bad bytecode, failing examples */
  CLI_EXIT_USAGE = 2,  /* the command line is wrong */
  CLI_EXIT_IO = 3      /* a file cannot be read or written */
};

/* A subcommand: `run` gets argv with argv[0] = the command's name and
 * returns an exit code; `usage` prints the full help to `out`. */
typedef struct {
  const char *name;
  const char *summary;  /* one line for the overview */
  int (*run)(int argc, char **argv);
  void (*usage)(FILE *out);
} cli_command;

int cmd_compile(int argc, char **argv);
void usage_compile(FILE *out);
int cmd_eval(int argc, char **argv);
void usage_eval(FILE *out);
int cmd_test(int argc, char **argv);
void usage_test(FILE *out);
int cmd_disasm(int argc, char **argv);
void usage_disasm(FILE *out);
int cmd_schema(int argc, char **argv);
void usage_schema(FILE *out);
int cmd_interview(int argc, char **argv);
void usage_interview(FILE *out);

/* The text about exit codes that every help ends with. */
void usage_exit_codes(FILE *out);

/* ---- Option parsing (args.c) -------------------------------------------- */

/* One option a subcommand accepts. `short_name` may be 0; `takes_value` says
 * whether it needs a value (`-o FILE`, `--output FILE`, `--output=FILE`). */
typedef struct {
  const char *long_name;  /* without the dashes */
  char short_name;
  int takes_value;
  int id;                 /* returned by args_next; must be > 0 */
} cli_option;

/* Ids args_next returns besides an option's id. */
enum { ARGS_END = 0, ARGS_OPERAND = -1, ARGS_ERROR = -2 };

/* Walks a subcommand's argv (argv[0] is the subcommand). */
typedef struct {
  int argc;
  char **argv;
  int index;           /* next argument to look at */
  int only_operands;   /* after "--" */
  const char *command; /* for messages: "eval" */
  const cli_option *options;
  size_t option_count;
} args_cursor;

void args_init(args_cursor *cur, int argc, char **argv, const cli_option *options,
               size_t option_count);
/* Returns the id of the next option (its value, if any, in *value), or
 * ARGS_OPERAND with the operand in *value, or ARGS_END. On an unknown option
 * or a missing value it prints the error and a hint and returns ARGS_ERROR. */
int args_next(args_cursor *cur, const char **value);
/* Print "signaal CMD: error: MESSAGE" and the --help hint; returns
 * CLI_EXIT_USAGE so callers can `return args_usage_error(...)`. */
int args_usage_error(const char *command, const char *message);
/* For a command whose only argument is one RULEBOOK and whose only option is
 * --help: *path gets the operand. Returns CLI_EXIT_OK to go on, ARGS_HELPED
 * after printing the help with `usage` (the caller returns success), or a
 * usage error's exit code. */
enum { ARGS_HELPED = -10 };
int args_one_rulebook(int argc, char **argv, const char *command, void (*usage)(FILE *),
                      const char **path);

#endif
